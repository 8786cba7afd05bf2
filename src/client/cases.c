/* cases.c - cases outlive the visit: the clerk's list of the open cases of
 * the window's services (F8), finding a case (by number, the last digits
 * of the ID number, a part of the name, the last four of the phone), and
 * opening any of them on the case screen, with the applicant at the window
 * (the visit is linked to the case) or without (the back office), where it
 * is given materials (补正), suspended, resumed and completed with its
 * result.  Part of the clerk's controller (clerk.c), apart from the window
 * and its tickets. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app_int.h"
#include "wicket/model/wire.h"
#include "wicket/net/api.h"
#include "wicket/common/i18n.h"
#include "wicket/common/utf8.h"

#define CASES_QUERY_MAX 50     /* characters of a search (docs/api.md, GET /cases) */
#define CASES_TEXT_MAX 200     /* characters of a reason or a result */

/* Whether s holds more than spaces. */
static bool cases_blank(const char *s)
{
	return s[strspn(s, " ")] == '\0';
}

/* ---- the list ---- */

void app_cases_refresh(struct app *a)
{
	const char *q = a->c.find_query;
	if (!q[0]) {
		app_refresh(a, REQ_CASES, "/api/v1/cases?status=open");
		return;
	}
	char esc[3 * sizeof a->c.find_query];
	app_path_escape(q, esc, sizeof esc);
	app_refresh(a, REQ_CASES, "/api/v1/cases?q=%s", esc);
}

int app_cases_decode(const struct net_reply *r, union app_decoded *out)
{
	return api_decode_cases_page(r->body, r->len, &out->cases.v, &out->cases.n, &out->cases.total);
}

void app_cases_store(struct app *a, union app_decoded *in)
{
	a->c.cases_total = in->cases.total;
	counter_set_cases(&a->c, in->cases.v, in->cases.n);
}

/* The list shows the search q ("" : the open cases), from its top. */
static void cases_show(struct app *a, const char *q)
{
	struct counter *c = &a->c;
	utf8_copy(c->find_query, sizeof c->find_query, q);
	counter_set_cases(c, NULL, 0);
	c->cases_total = 0;
	if (app_screen(a) != SCR_CASES)
		app_push(a, SCR_CASES);
	app_cases_refresh(a);
}

/* ---- finding ---- */

static void cases_find_dialog(struct app *a)
{
	app_dialog(a, DLG_FIND, N_("Find a case: number, ID or phone digits, or name"));
	/* No limit while typing: a search too long is said, never cut. */
	form_add(&a->dlg, N_("Look for"), a->c.find_query, false, 0);
}

/* Digits only (the last may be X): what the server reads as an ID
 * number's end or a phone's. */
static bool cases_all_digits(const char *s)
{
	size_t n = strlen(s);
	for (size_t i = 0; i < n; i++)
		if (!(s[i] >= '0' && s[i] <= '9') && !(i == n - 1 && i > 0 && (s[i] == 'X' || s[i] == 'x')))
			return false;
	return n > 0;
}

/* The search typed, checked as the server would check it: 0, or -1 with
 * the form's error set. */
static int cases_find_done(struct app *a, struct form *f)
{
	char q[sizeof f->f[0].value];
	/* Spaces around what was typed are not part of it. */
	const char *s = f->f[0].value;
	while (*s == ' ')
		s++;
	snprintf(q, sizeof q, "%s", s);
	for (size_t n = strlen(q); n > 0 && q[n - 1] == ' '; n--)
		q[n - 1] = '\0';
	size_t chars = utf8_chars(q);
	if (chars == 0) {
		snprintf(f->error, sizeof f->error, "%s", _("Type what to look for."));
		return -1;
	}
	if (chars > CASES_QUERY_MAX) {
		snprintf(f->error, sizeof f->error, _("At most %d characters: %zu typed."), CASES_QUERY_MAX, chars);
		return -1;
	}
	if (cases_all_digits(q) && chars < 4) {
		snprintf(f->error, sizeof f->error, "%s",
			 _("Digits: at least the last 4 of the ID number or phone."));
		return -1;
	}
	cases_show(a, q);
	return 0;
}

/* ---- opening ---- */

int64_t app_case_ticket(const struct app *a)
{
	const struct counter *c = &a->c;
	return c->has_ticket && c->ticket.status == TS_SERVING ? c->ticket.id : 0;
}

/* Open the selected case: read it whole, then its matter's guide; while
 * an applicant is being served, their visit is linked to it first. */
static void cases_open(struct app *a)
{
	struct counter *c = &a->c;
	const struct m_case *k = &c->cases[c->cases_sel];
	int64_t ticket = app_case_ticket(a);
	if (ticket)
		app_postf(a, (struct app_doing){ .act = ACT_OPEN_CASE, .label = k->number },
			  api_encode_step(ticket, NULL, NULL), "/api/v1/cases/%lld/visits", (long long)k->id);
	else
		app_getf(a, REQ_CASE_READ, "/api/v1/cases/%lld", (long long)k->id);
}

/* The case to open came (read, or its visit linked): its guide next. */
void app_cases_on_case(struct app *a, const struct pending *p, const struct net_reply *r)
{
	struct m_case k;
	char code[200];
	(void)p;
	if (r->status / 100 != 2 || api_decode_case(r->body, r->len, &k))
		return app_say_error(a, r);
	app_path_escape(k.matter, code, sizeof code);
	counter_keep_opening(&a->c, &k);
	app_getf(a, REQ_CASE_GUIDE, "/api/v1/matters/%s", code);
}

void app_cases_on_visit(struct app *a, const struct pending *p, const struct net_reply *r)
{
	app_cases_on_case(a, p, r);
	if (r->status / 100 == 2 && a->c.has_ticket)
		session_say(&a->s, false, _("Visit %s linked to the case."), a->c.ticket.number);
}

void app_cases_on_guide(struct app *a, const struct pending *p, const struct net_reply *r)
{
	struct m_matter m;
	struct m_case k;
	(void)p;
	if (r->status != 200 || api_decode_matter(r->body, r->len, &m))
		return app_say_error(a, r);
	if (!counter_take_opening(&a->c, &k)) {
		m_free(&m_matter_desc, &m);
		return;
	}
	counter_open_case(&a->c, &m, &k);
	if (counter_back_office(&a->c))
		session_say(&a->s, false, _("Case %s: the applicant is not here (back office)."),
			    a->c.kase.number);
	app_push(a, SCR_CASE);
}


/* ---- the case on the screen, changed elsewhere ---- */

int app_cases_decode_one(const struct net_reply *r, union app_decoded *out)
{
	return api_decode_case(r->body, r->len, &out->kase);
}

void app_cases_store_one(struct app *a, union app_decoded *in)
{
	/* Only the case still on the screen (another may have been opened),
	 * and not a read begun before a step whose answer came first: a case's
	 * steps only grow, so fewer than shown is an older state. */
	if (a->c.has_case && a->c.kase.id == in->kase.id && in->kase.nsteps >= a->c.kase.nsteps)
		counter_set_case(&a->c, &in->kase);
	else
		m_free(&m_case_desc, &in->kase);
}

void app_cases_reread(struct app *a)
{
	if (a->c.has_case)
		app_refresh(a, REQ_CASE_AGAIN, "/api/v1/cases/%lld", (long long)a->c.kase.id);
}

/* A reload of the calendar moved the due date of a case of this window or
 * of the one on the screen: say so on the status line. */
static void cases_due_changed(struct app *a, const struct m_event *e)
{
	bool shown = a->c.has_case && e->case_id == a->c.kase.id;
	date_t from = -1, to = -1;
	if ((e->window != a->c.window_no && !shown) || !e->to || !date_parse_iso(e->to, &to))
		return;
	if (!e->from || !date_parse_iso(e->from, &from))
		from = -1;
	char change[256];
	view_due_change(e->year, from, to, e->due_provisional, change, sizeof change);
	session_say(&a->s, false, _("Case %s: %s"), e->number ? e->number : "", change);
}

void app_cases_event(struct app *a, const struct m_event *e)
{
	enum scr s = app_screen(a);
	bool due_changed = strcmp(e->kind, "case.due_changed") == 0;
	if (due_changed)
		cases_due_changed(a, e);
	if (s == SCR_CASES)
		app_cases_refresh(a);
	else if (s == SCR_CASE && a->c.has_case && e->case_id == a->c.kase.id &&
		 (e->window != a->c.window_no || due_changed))
		app_cases_reread(a);
}

/* ---- acting on the case in hand ---- */

static void cases_step(struct app *a, enum action act, const char *verb, const char *key, const char *text)
{
	app_postf(a, (struct app_doing){ .act = act }, api_encode_step(app_case_ticket(a), key, text),
		  "/api/v1/cases/%lld/%s", (long long)a->c.kase.id, verb);
}

void app_cases_action(struct app *a, enum action act)
{
	struct counter *c = &a->c;
	switch (act) {
	case ACT_MY_CASES:
		cases_show(a, "");
		break;
	case ACT_FIND_CASE:
		cases_find_dialog(a);
		break;
	case ACT_OPEN_CASE:
		cases_open(a);
		break;
	case ACT_SUSPEND:
		if (c->kase.status == CS_SUSPENDED) {
			cases_step(a, act, "resume", NULL, NULL);
			break;
		}
		app_dialog(a, DLG_SUSPEND, N_("Suspend the case"));
		form_add(&a->dlg, N_("Reason"), "", false, 0);
		break;
	case ACT_COMPLETE:
		/* Said before the result is typed: the server would refuse it
		 * (materials_owed) until the owed materials are recorded. */
		if (c->kase.nowed > 0) {
			session_say(&a->s, true, "%s", _("The case still owes materials accepted to follow (容缺): "
							 "record them first, then complete it."));
			break;
		}
		app_dialog(a, DLG_COMPLETE, N_("Complete the case"));
		form_add(&a->dlg, N_("Result (may be empty)"), "", false, 0);
		break;
	default:
		break;
	}
}

/* A reason or a result, checked as the server will: 0, or -1 with the
 * form's error set (never cut to fit). */
static int cases_text_done(struct form *f, bool required, int max, const char *why)
{
	size_t chars = utf8_chars(f->f[0].value);
	if (required && cases_blank(f->f[0].value)) {
		snprintf(f->error, sizeof f->error, "%s", why);
		return -1;
	}
	if (chars > (size_t)max) {
		snprintf(f->error, sizeof f->error, _("At most %d characters: %zu typed."), max, chars);
		return -1;
	}
	return 0;
}

bool app_cases_dialog(struct app *a)
{
	struct form *f = &a->dlg;
	int rc;
	switch (a->dlg_kind) {
	case DLG_FIND:
		rc = cases_find_done(a, f);
		break;
	case DLG_SUSPEND:
		rc = cases_text_done(f, true, CASES_TEXT_MAX, _("Say why the case is suspended."));
		if (rc == 0)
			cases_step(a, ACT_SUSPEND, "suspend", "reason", f->f[0].value);
		break;
	case DLG_COMPLETE:
		rc = cases_text_done(f, false, CASES_TEXT_MAX, "");
		if (rc == 0)
			cases_step(a, ACT_COMPLETE, "complete", cases_blank(f->f[0].value) ? NULL : "result",
				   f->f[0].value);
		break;
	default:
		return false;
	}
	if (rc == 0)
		a->dlg_kind = DLG_NONE;
	return true;
}

void app_cases_back(struct app *a, enum scr from)
{
	/* A case worked on in the back office is put away with its screen. */
	if (from == SCR_CASE && (counter_back_office(&a->c) || a->c.at_home) && !a->c.has_ticket)
		counter_clear_ticket(&a->c);
	if (app_screen(a) == SCR_CASES)
		app_cases_refresh(a);
	/* A home visit's case taken: the visit is done there now. */
	if (app_screen(a) == SCR_BOOKINGS)
		app_bookings_refresh(a);
}
