/* desk_extra.c - the supervisor's 不打烊 sessions and home visits (上门服务),
 * issue #17, and what cases accepted under 容缺受理 still owe (#18): the sessions from today on, opened for named windows with
 * their hours and closed (one running ends now, one planned is called
 * off); the home visits of a day, booked with the applicant, the address
 * and time and the clerk sent.  Part of the supervisor's controller
 * (desk.c); the state is the desk's (desk.h). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app_int.h"
#include "wicket/model/wire.h"
#include "wicket/net/api.h"
#include "wicket/core/date.h"
#include "wicket/common/i18n.h"
#include "wicket/common/utf8.h"

#define EXTRA_DAYS_SHOWN 90     /* the sessions listed: from today, as far as one may be opened */
#define EXTRA_WINDOWS_MAX 64

/* The groups a home visit is for, as the form numbers them. */
static const char *const extra_groups[] = { "elderly", "disabled", "ill", "orphan", "wubao" };

/* ---- reading ---- */

void desk_refresh_sessions(struct app *a)
{
	char to[DATE_ISO_SIZE];
	date_format_iso(desk_today(a) + EXTRA_DAYS_SHOWN, to);
	app_refresh(a, REQ_SESSIONS, "/api/v1/extra-sessions?to=%s", to);
}

void desk_refresh_visits(struct app *a)
{
	char day[DATE_ISO_SIZE];
	desk_iso(a, a->d.visits_date, day);
	app_refresh(a, REQ_VISITS, "/api/v1/home-visits?from=%s&to=%s", day, day);
}

void desk_refresh_owed(struct app *a)
{
	app_refresh(a, REQ_OWED, "/api/v1/cases/deferred?overdue=%d", a->d.owed_overdue_only ? 1 : 0);
}

static int extra_decode_owed(const struct net_reply *r, union app_decoded *out)
{
	return api_decode_deferred(r->body, r->len, &out->owed.v, &out->owed.n);
}

static void extra_store_owed(struct app *a, union app_decoded *in)
{
	desk_set_owed(&a->d, in->owed.v, in->owed.n);
	a->d.have_owed = true;
}

static int extra_decode_sessions(const struct net_reply *r, union app_decoded *out)
{
	return api_decode_extra_sessions(r->body, r->len, &out->sessions.v, &out->sessions.n);
}

static void extra_store_sessions(struct app *a, union app_decoded *in)
{
	desk_set_sessions(&a->d, in->sessions.v, in->sessions.n);
}

static int extra_decode_visits(const struct net_reply *r, union app_decoded *out)
{
	return api_decode_home_visits(r->body, r->len, &out->home_visits.v, &out->home_visits.n);
}

static void extra_store_visits(struct app *a, union app_decoded *in)
{
	desk_set_visits(&a->d, in->home_visits.v, in->home_visits.n);
}

/* ---- the actions' answers ---- */

static void extra_on_session(struct app *a, const struct pending *p, const struct net_reply *r)
{
	struct m_extra_session e;
	char day[64];
	(void)p;
	if (r->status / 100 != 2 || api_decode_extra_session(r->body, r->len, &e))
		return app_say_error(a, r);
	view_date_words(e.date, day, sizeof day);
	if (r->status == 201)
		session_say(&a->s, false, _("Session opened: %s %s."), day, e.hours ? e.hours : "");
	else
		session_say(&a->s, false, _("Session of %s %s closed."), day, e.hours ? e.hours : "");
	m_free(&m_extra_session_desc, &e);
	desk_refresh_sessions(a);
}

static void extra_on_visit(struct app *a, const struct pending *p, const struct net_reply *r)
{
	struct m_home_visit h;
	char at[16];
	(void)p;
	if (r->status / 100 != 2 || api_decode_home_visit(r->body, r->len, &h))
		return app_say_error(a, r);
	view_clock(h.at, at, sizeof at);
	if (r->status == 201)
		session_say(&a->s, false, _("Home visit %s booked for %s: %s goes."), h.number, at,
			    h.clerk ? h.clerk : "");
	else
		session_say(&a->s, false, _("Home visit %s at %s: %s goes now."), h.number, at, h.clerk ? h.clerk : "");
	m_free(&m_home_visit_desc, &h);
	desk_refresh_visits(a);
}

void desk_extra_replies(struct app_reply *rows)
{
	rows[REQ_SESSIONS] = (struct app_reply){ .decode = extra_decode_sessions, .store = extra_store_sessions,
						 .reread = desk_refresh_sessions };
	rows[REQ_VISITS] = (struct app_reply){ .decode = extra_decode_visits, .store = extra_store_visits,
					       .reread = desk_refresh_visits };
	rows[REQ_OWED] = (struct app_reply){ .decode = extra_decode_owed, .store = extra_store_owed,
					     .reread = desk_refresh_owed };
	rows[REQ_SESSION] = (struct app_reply){ .handle = extra_on_session };
	rows[REQ_VISIT_BOOK] = (struct app_reply){ .handle = extra_on_visit };
}

enum req_kind desk_extra_kind_of(const char *path)
{
	if (strncmp(path, "/api/v1/extra-sessions", 22) == 0)
		return REQ_SESSION;
	if (strncmp(path, "/api/v1/home-visits", 19) == 0)
		return REQ_VISIT_BOOK;
	return REQ_NONE;
}

/* ---- the forms ---- */

static void extra_session_form(struct app *a)
{
	char day[DATE_ISO_SIZE];
	/* The next Saturday: where a 不打烊 morning usually is. */
	int32_t today = desk_today(a), sat = today;
	while (date_weekday(sat) != DATE_SATURDAY)
		sat++;
	date_format_iso(sat, day);
	app_dialog(a, DLG_SESSION, N_("Open a weekend or evening session"));
	form_add(&a->dlg, N_("Date (YYYY-MM-DD)"), day, false, 10);
	form_add(&a->dlg, N_("Hours (09:00-12:00)"), "09:00-12:00", false, 11);
	form_add(&a->dlg, N_("Windows (1,2,5)"), "", false, 100);
}

static void extra_visit_form(struct app *a)
{
	char when[DATE_ISO_SIZE + 8];
	desk_iso(a, a->d.visits_date, when);
	strcat(when, " ");
	app_dialog(a, DLG_HOME_VISIT, N_("Book a home visit (group: 1 elderly 2 disabled 3 ill 4 orphan 5 wubao)"));
	form_add(&a->dlg, N_("Matter code"), "", false, 16);
	form_add(&a->dlg, N_("Group (1-5)"), "1", false, 1);
	form_add(&a->dlg, N_("Name"), "", false, 50);
	form_add(&a->dlg, N_("ID number"), "", false, 18);
	form_add(&a->dlg, N_("Phone"), "", false, 20);
	form_add(&a->dlg, N_("Address"), "", false, 200);
	form_add(&a->dlg, N_("Date and time"), when, false, 16);
	form_add(&a->dlg, N_("Clerk (user)"), "", false, 32);
}

/* "1,2, 5": window numbers into nos; how many, or -1 when something else
 * is written (or none, or too many). */
static int extra_windows(const char *text, int nos[EXTRA_WINDOWS_MAX])
{
	int n = 0;
	const char *s = text;
	while (*s) {
		while (*s == ' ' || *s == ',' || *s == '\xef')
			s += *s == '\xef' && s[1] == '\xbc' && s[2] == '\x8c' ? 3 : 1;   /* "，" too */
		if (!*s)
			break;
		if (*s < '0' || *s > '9' || n == EXTRA_WINDOWS_MAX)
			return -1;
		long v = strtol(s, (char **)&s, 10);
		if (v < 1 || v > 9999)
			return -1;
		nos[n++] = (int)v;
	}
	return n > 0 ? n : -1;
}

static int extra_session_done(struct app *a, struct form *f)
{
	date_t d;
	int nos[EXTRA_WINDOWS_MAX], n;
	const char *why = NULL;
	int field = 0;
	if (!date_parse_iso(f->f[0].value, &d))
		why = N_("Write the date as 2026-12-05.");
	else if (!app_shape_ok(f->f[1].value, "dd:dd-dd:dd") && (field = 1))
		why = N_("Write the hours as 09:00-12:00.");
	else if ((n = extra_windows(f->f[2].value, nos)) < 0 && (field = 2))
		why = N_("Name the windows by number: 1,2,5.");
	if (why) {
		snprintf(f->error, sizeof f->error, "%s", _(why));
		f->focus = field;
		return -1;
	}
	char label[64];
	snprintf(label, sizeof label, "%.16s %.16s", f->f[0].value, f->f[1].value);
	app_postf(a, (struct app_doing){ .act = ACT_OPEN_SESSION, .label = label },
		  api_encode_extra_session(f->f[0].value, f->f[1].value, nos, (size_t)n), "/api/v1/extra-sessions");
	return 0;
}

static int extra_visit_done(struct app *a, struct form *f)
{
	char id[CASE_ID_SIZE];
	int field = 0;
	const char *g = f->f[1].value;
	const char *why = f->f[0].value[0] ? NULL : N_("Give the matter's code.");
	if (!why && (strlen(g) != 1 || g[0] < '1' || g[0] > '5') && (field = 1))
		why = N_("The group is a number from 1 to 5.");
	if (!why) {
		why = counter_applicant_problem(f->f[2].value, f->f[3].value, f->f[4].value, id, &field);
		field += 2;
	}
	if (!why && !f->f[5].value[strspn(f->f[5].value, " ")] && (field = 5))
		why = N_("Write where the applicant lives.");
	if (!why && !app_shape_ok(f->f[6].value, "dddd-dd-dd dd:dd") && (field = 6))
		why = N_("Write the time as 2026-11-25 10:00.");
	if (!why && !f->f[7].value[0] && (field = 7))
		why = N_("Name the clerk who goes (their user name).");
	if (why) {
		snprintf(f->error, sizeof f->error, "%s", _(why));
		f->focus = field;
		return -1;
	}
	app_postf(a, (struct app_doing){ .act = ACT_BOOK_VISIT, .label = f->f[2].value },
		  api_encode_home_visit(f->f[0].value, extra_groups[g[0] - '1'], f->f[2].value, id, f->f[4].value,
					f->f[5].value, f->f[6].value, f->f[7].value),
		  "/api/v1/home-visits");
	return 0;
}

static int extra_assign_done(struct app *a, struct form *f)
{
	const struct m_home_visit *h = &a->d.visits[a->d.visits_sel];
	if (!f->f[0].value[0]) {
		snprintf(f->error, sizeof f->error, "%s", _("Name the clerk who goes (their user name)."));
		return -1;
	}
	app_postf(a, (struct app_doing){ .act = ACT_ASSIGN, .label = h->number }, api_encode_clerk(f->f[0].value),
		  "/api/v1/home-visits/%lld/assign", (long long)h->id);
	return 0;
}

int desk_extra_dialog(struct app *a)
{
	switch (a->dlg_kind) {
	case DLG_ASSIGN: return extra_assign_done(a, &a->dlg);
	case DLG_SESSION: return extra_session_done(a, &a->dlg);
	case DLG_HOME_VISIT: return extra_visit_done(a, &a->dlg);
	default: return 1;
	}
}

/* ---- the actions ---- */

/* A list screen over the board, in place of any other (as desk.c's). */
static void extra_goto(struct app *a, enum scr s)
{
	a->depth = 1;
	a->stack[0] = SCR_BOARD;
	app_push(a, s);
	a->dirty = true;
}

void desk_extra_picked(struct app *a, enum picker_kind kind, int value)
{
	struct desk *d = &a->d;
	if (kind != PICK_CLOSE_SESSION || value != 1 || d->sessions_sel >= d->nsessions)
		return;
	const struct m_extra_session *e = &d->sessions[d->sessions_sel];
	char label[64];
	snprintf(label, sizeof label, "%s", e->hours ? e->hours : "");
	app_postf(a, (struct app_doing){ .act = ACT_CLOSE_SESSION, .label = label }, NULL,
		  "/api/v1/extra-sessions/%lld/close", (long long)e->id);
}

bool desk_extra_action(struct app *a, enum action act)
{
	struct desk *d = &a->d;
	switch (act) {
	case ACT_SESSIONS:
		extra_goto(a, SCR_SESSIONS);
		desk_refresh_sessions(a);
		return true;
	case ACT_OPEN_SESSION:
		extra_session_form(a);
		return true;
	case ACT_CLOSE_SESSION:
		/* A running session ends for the windows in it at once, a planned
		 * one is called off: asked first, as a key pressed by mistake
		 * would send the clerks home. */
		picker_clear(&a->picker);
		a->picker.title = N_("Close this session?");
		a->picking = PICK_CLOSE_SESSION;
		picker_add(&a->picker, _("Close it"), 1);
		picker_add(&a->picker, _("Not now"), 0);
		return true;
	case ACT_HOME_VISITS:
		if (d->visits_date < 0)
			d->visits_date = desk_today(a);
		extra_goto(a, SCR_VISITS);
		desk_refresh_visits(a);
		return true;
	case ACT_PREV_DAY: case ACT_NEXT_DAY:
		if (app_screen(a) != SCR_VISITS)
			return false;
		d->visits_date += act == ACT_NEXT_DAY ? 1 : -1;
		desk_set_visits(d, NULL, 0);
		desk_refresh_visits(a);
		return true;
	case ACT_BOOK_VISIT:
		extra_visit_form(a);
		return true;
	case ACT_OWED:
		extra_goto(a, SCR_OWED);
		desk_refresh_owed(a);
		return true;
	case ACT_SHOW_ALL:
		if (app_screen(a) != SCR_OWED)
			return false;            /* the rectifications' (desk.c) */
		d->owed_overdue_only = !d->owed_overdue_only;
		d->have_owed = false;
		desk_set_owed(d, NULL, 0);
		desk_refresh_owed(a);
		return true;
	case ACT_ASSIGN:
		app_dialog(a, DLG_ASSIGN, N_("Send another clerk"));
		form_add(&a->dlg, N_("Clerk (user)"), d->visits[d->visits_sel].clerk ? d->visits[d->visits_sel].clerk : "",
			 false, 32);
		return true;
	default:
		return false;
	}
}
