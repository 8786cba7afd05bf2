/* clerk_absence.c - AB岗 (issue #18): a clerk records his own absence
 * (leave, meeting, training, other) with the period and a handover note
 * for the B clerk who covers his window; the note is what the B is shown
 * at sign-in.  The supervisor records a clerk's from the board (the same
 * form, the clerk's user name first). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app_int.h"
#include "wicket/net/api.h"
#include "wicket/core/date.h"
#include "wicket/common/i18n.h"

/* The reasons the server knows, by the digit typed in the form. */
static const char *const absence_reasons[] = { "leave", "meeting", "training", "other" };

void clerk_absence_open(struct app *a)
{
	clerk_absence_open_for(a, NULL);
}

void clerk_absence_open_for(struct app *a, const char *user)
{
	char today[DATE_ISO_SIZE];
	date_format_iso(app_today(a), today);
	/* The labels are short: the form gives them about 20 columns. */
	if (user) {
		app_dialog(a, DLG_ABSENCE_OF, N_("A clerk's absence: 1 leave, 2 meeting, 3 training, 4 other"));
		form_add(&a->dlg, N_("Clerk away (user)"), user, false, 64);
	} else {
		app_dialog(a, DLG_ABSENCE, N_("Your absence: 1 leave, 2 meeting, 3 training, 4 other"));
	}
	form_add(&a->dlg, N_("Reason (1-4)"), "1", false, 1);
	form_add(&a->dlg, N_("From: date [HH:MM]"), today, false, 16);
	form_add(&a->dlg, N_("To: date [HH:MM]"), today, false, 16);
	form_add(&a->dlg, N_("Handover note"), "", false, 200);
}

/* A time of the form as the API takes it ("2026-12-08T14:00" for a space)
 * into out[17]; false (the form's error set) when it is neither form. */
static bool absence_time(struct form *f, int i, char out[17])
{
	const char *v = f->f[i].value;
	size_t n = strlen(v);
	date_t d;
	char day[DATE_ISO_SIZE];
	snprintf(day, sizeof day, "%.10s", v);
	if ((n == 10 || (n == 16 && (v[10] == ' ' || v[10] == 'T') && v[13] == ':')) && date_parse_iso(day, &d)) {
		snprintf(out, 17, "%s", v);
		if (n == 16)
			out[10] = 'T';
		return true;
	}
	snprintf(f->error, sizeof f->error, _("%s: a date such as 2026-12-01, or with a time: 2026-12-01 14:00."),
		 _(f->f[i].label));
	f->focus = i;
	return false;
}

bool clerk_absence_dialog(struct app *a)
{
	struct form *f = &a->dlg;
	if (a->dlg_kind != DLG_ABSENCE && a->dlg_kind != DLG_ABSENCE_OF)
		return false;
	int o = a->dlg_kind == DLG_ABSENCE_OF ? 1 : 0;   /* the supervisor's: the user first */
	const char *user = o ? f->f[0].value : NULL;
	if (user && !*user) {
		snprintf(f->error, sizeof f->error, "%s", _("Whose absence: the clerk's user name."));
		f->focus = 0;
		return true;
	}
	const char *r = f->f[o].value;
	char from[17], to[17];
	if (strlen(r) != 1 || r[0] < '1' || r[0] > '4') {
		snprintf(f->error, sizeof f->error, "%s", _("The reason: 1, 2, 3 or 4."));
		f->focus = o;
		return true;
	}
	if (!absence_time(f, o + 1, from) || !absence_time(f, o + 2, to))
		return true;
	app_postf(a, (struct app_doing){ .act = ACT_ABSENCE, .label = _("absence") },
		  api_encode_absence(user, absence_reasons[r[0] - '1'], from, to, f->f[o + 3].value),
		  "/api/v1/absences");
	a->dlg_kind = DLG_NONE;
	return true;
}

void clerk_on_absence(struct app *a, const struct pending *p, const struct net_reply *r)
{
	(void)p;
	if (r->status / 100 != 2) {
		app_say_error(a, r);
		return;
	}
	if (a->role == &app_role_supervisor)
		session_say(&a->s, false, "%s", _("The absence is recorded: a B clerk of the window may cover it then."));
	else
		session_say(&a->s, false, "%s", _("Your absence is recorded: a B clerk of your window may cover it then."));
}
