/* desk_forms.c - the supervisor's forms: the period (or day) shown, a
 * finding and its follow-up, a sample of applicants to call back and the
 * outcome of a call; each checked field by field before anything is sent,
 * the error said on the form. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app_int.h"
#include "wicket/net/api.h"
#include "wicket/common/utf8.h"
#include "wicket/core/date.h"
#include "wicket/common/i18n.h"
#include "wicket/common/xalloc.h"

/* ---- dialogs ---- */

void desk_open_period(struct app *a)
{
	struct desk *d = &a->d;
	char from[DATE_ISO_SIZE] = "", to[DATE_ISO_SIZE] = "", win[16] = "";
	if (app_screen(a) == SCR_DAY) {
		desk_iso(a, d->have_day ? d->day.date : d->day_date, from);
		app_dialog(a, DLG_DATE, N_("Show the day"));
		form_add(&a->dlg, N_("Date (YYYY-MM-DD)"), from, false, 10);
		return;
	}
	bool audits = app_screen(a) == SCR_AUDITS;
	int32_t f = audits ? d->audits_from : d->have_report ? d->report.from : d->report_from;
	int32_t t = audits ? d->audits_to : d->have_report ? d->report.to : d->report_to;
	if (f >= 0)
		date_format_iso(f, from);
	if (t >= 0)
		date_format_iso(t, to);
	app_dialog(a, DLG_PERIOD, audits ? N_("The audits of") : N_("The report of"));
	form_add(&a->dlg, N_("From (YYYY-MM-DD)"), from, false, 10);
	form_add(&a->dlg, N_("To (YYYY-MM-DD)"), to, false, 10);
	if (audits) {
		if (d->audits_window)
			snprintf(win, sizeof win, "%d", d->audits_window);
		form_add(&a->dlg, N_("Window (empty: all)"), win, false, 4);
	}
}

void desk_open_sample(struct app *a)
{
	char from[DATE_ISO_SIZE], to[DATE_ISO_SIZE];
	int32_t today = desk_today(a);
	date_format_iso(today - 6, from);
	date_format_iso(today, to);
	app_dialog(a, DLG_SAMPLE, N_("Draw a sample of completed cases"));
	form_add(&a->dlg, N_("Completed from"), from, false, 10);
	form_add(&a->dlg, N_("Completed to"), to, false, 10);
	form_add(&a->dlg, N_("How many calls"), "10", false, 4);
	form_add(&a->dlg, N_("Seed (empty: random)"), "", false, 10);
	form_add(&a->dlg, N_("Leave out those called in the last N days"), "30", false, 4);
}

void desk_open_outcome(struct app *a)
{
	app_dialog(a, DLG_OUTCOME, N_("The outcome of the call"));
	form_add(&a->dlg, N_("Reached (y/n)"), "y", false, 1);
	form_add(&a->dlg, N_("Service attitude (1-5)"), "", false, 1);
	form_add(&a->dlg, N_("Competence (1-5)"), "", false, 1);
	form_add(&a->dlg, N_("Rating (1-5)"), "", false, 1);
	form_add(&a->dlg, N_("Remarks"), "", false, 200);
}

/* A whole number in lo..hi from a field: 0, or -1 (the form says which
 * field, named by its msgid). */
static int dk_field_int(struct form *f, int i, long long lo, long long hi, long long *out)
{
	char *end;
	errno = 0;
	long long v = strtoll(f->f[i].value, &end, 10);
	if (!f->f[i].value[0] || *end || errno || v < lo || v > hi) {
		snprintf(f->error, sizeof f->error, _("%s: a number from %lld to %lld."), _(f->f[i].label), lo, hi);
		return -1;
	}
	*out = v;
	return 0;
}

/* A date field, or -1 when empty and empty_ok; 0 / -1 as above. */
static int dk_field_date(struct form *f, int i, bool empty_ok, int32_t *out)
{
	date_t d;
	if (empty_ok && !f->f[i].value[0]) {
		*out = -1;
		return 0;
	}
	if (!date_parse_iso(f->f[i].value, &d)) {
		snprintf(f->error, sizeof f->error, _("%s: a date such as 2026-12-01."), _(f->f[i].label));
		return -1;
	}
	*out = d;
	return 0;
}

/* "y" or "n" (also 是 / 否): 1, 0, or -1 with the form's error set. */
static int dk_field_yes(struct form *f, int i)
{
	const char *v = f->f[i].value;
	if (strcmp(v, "y") == 0 || strcmp(v, "Y") == 0 || strcmp(v, "是") == 0)
		return 1;
	if (strcmp(v, "n") == 0 || strcmp(v, "N") == 0 || strcmp(v, "否") == 0)
		return 0;
	snprintf(f->error, sizeof f->error, _("%s: y or n."), _(f->f[i].label));
	return -1;
}

static int dk_finding_done(struct app *a, struct form *f)
{
	long long days;
	if (!f->f[0].value[0]) {
		snprintf(f->error, sizeof f->error, "%s", _("Say what was found."));
		return -1;
	}
	if (dk_field_int(f, 1, 0, DESK_MAX_RECTIFY_DAYS, &days))
		return -1;
	desk_audit_add_finding(&a->d, f->f[0].value, (int)days);
	return 0;
}

static int dk_follow_up_done(struct app *a, struct form *f)
{
	const struct m_finding *k = &a->d.rect[a->d.rect_sel];
	int closed = dk_field_yes(f, 1);
	if (!f->f[0].value[0]) {
		snprintf(f->error, sizeof f->error, "%s", _("Say what was done."));
		return -1;
	}
	if (closed < 0)
		return -1;
	char label[64];
	snprintf(label, sizeof label, _("audit %lld finding %d"), (long long)k->audit, k->n);
	app_postf(a, (struct app_doing){ .act = ACT_FOLLOW_UP, .label = label },
		  api_encode_follow_up(f->f[0].value, closed == 1),
		  "/api/v1/audits/%lld/findings/%d/follow-up", (long long)k->audit, k->n);
	return 0;
}

static int dk_sample_done(struct app *a, struct form *f)
{
	int32_t from, to;
	long long size, seed = -1, exclude;
	if (dk_field_date(f, 0, false, &from) || dk_field_date(f, 1, false, &to) ||
	    dk_field_int(f, 2, 1, 1000, &size) ||
	    (f->f[3].value[0] && dk_field_int(f, 3, 0, 4294967295LL, &seed)) ||
	    dk_field_int(f, 4, 0, 3650, &exclude))
		return -1;
	if (from > to) {
		snprintf(f->error, sizeof f->error, "%s", _("The period ends before it starts."));
		return -1;
	}
	char fiso[DATE_ISO_SIZE], tiso[DATE_ISO_SIZE];
	date_format_iso(from, fiso);
	date_format_iso(to, tiso);
	app_postf(a, (struct app_doing){ .act = ACT_DRAW_SAMPLE, .label = _("sample") },
		  api_encode_sample(fiso, tiso, (int)size, seed, (int)exclude), "/api/v1/callbacks/sample");
	return 0;
}

static int dk_outcome_done(struct app *a, struct form *f)
{
	const struct m_callback *k = &a->d.callbacks[a->d.callbacks_sel];
	long long v[3] = { 0, 0, 0 };
	int reached = dk_field_yes(f, 0);
	if (reached < 0)
		return -1;
	for (int i = 0; i < 3; i++)
		if (reached ? dk_field_int(f, 1 + i, 1, 5, &v[i]) : f->f[1 + i].value[0] != '\0') {
			if (!reached)
				snprintf(f->error, sizeof f->error, "%s",
					 _("Not reached: leave the attitude, competence and rating empty."));
			return -1;
		}
	app_postf(a, (struct app_doing){ .act = ACT_OUTCOME,
				    .label = k->case_id ? k->case_number : k->ticket_number },
		  api_encode_outcome(reached == 1, (int)v[0], (int)v[1], (int)v[2], f->f[4].value),
		  "/api/v1/callbacks/%lld/outcome", (long long)k->id);
	return 0;
}

static int dk_period_done(struct app *a, struct form *f)
{
	struct desk *d = &a->d;
	int32_t from, to;
	long long win = 0;
	if (a->dlg_kind == DLG_DATE) {
		if (dk_field_date(f, 0, false, &from))
			return -1;
		d->day_date = from;
		desk_refresh_day(a);
		return 0;
	}
	bool audits = f->nfields == 3;
	if (dk_field_date(f, 0, true, &from) || dk_field_date(f, 1, true, &to) ||
	    (audits && f->f[2].value[0] && dk_field_int(f, 2, 1, 9999, &win)))
		return -1;
	if (from >= 0 && to >= 0 && from > to) {
		snprintf(f->error, sizeof f->error, "%s", _("The period ends before it starts."));
		return -1;
	}
	if (audits) {
		d->audits_from = from;
		d->audits_to = to;
		d->audits_window = (int)win;
		d->audits_at = 0;
		desk_refresh_audits(a);
	} else {
		d->report_from = from;
		d->report_to = to;
		desk_refresh_report(a);
	}
	return 0;
}

/* A dialog of the supervisor's was confirmed: done (and closed), or its
 * error said on it. */
void desk_dialog_done(struct app *a)
{
	struct form *f = &a->dlg;
	int rc = -1;
	switch (a->dlg_kind) {
	case DLG_FINDING: rc = dk_finding_done(a, f); break;
	case DLG_FOLLOW_UP: rc = dk_follow_up_done(a, f); break;
	case DLG_SAMPLE: rc = dk_sample_done(a, f); break;
	case DLG_OUTCOME: rc = dk_outcome_done(a, f); break;
	case DLG_PERIOD: case DLG_DATE: rc = dk_period_done(a, f); break;
	case DLG_SESSION: case DLG_HOME_VISIT: case DLG_ASSIGN: rc = desk_extra_dialog(a); break;
	case DLG_ABSENCE_OF: clerk_absence_dialog(a); rc = a->dlg_kind == DLG_NONE ? 0 : 1; break;
	default: rc = 0; break;
	}
	if (rc == 0)
		a->dlg_kind = DLG_NONE;
}

