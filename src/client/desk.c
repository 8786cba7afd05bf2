/* desk.c - the supervisor's (值班长) screens: what they ask the server, what
 * its answers change, and what the keys do.  The state is a struct desk
 * (desk.h); every POST is a user's action and goes through the journal
 * (app_postf), as the clerk's do. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app_int.h"
#include "wicket/model/list.h"
#include "wicket/model/report_csv.h"
#include "wicket/model/wire.h"
#include "wicket/net/api.h"
#include "wicket/core/date.h"
#include "wicket/common/buf.h"
#include "wicket/common/i18n.h"
#include "wicket/common/utf8.h"
#include "wicket/common/xalloc.h"

#define DESK_BOARD_EVERY 60   /* seconds: the board is read again at least this often */
#define DESK_HALLS_EVERY 60   /* seconds: and the halls, while they are shown */

/* ---- dates ---- */

/* Today in the hall (its zone and clock, not this PC's). */
int32_t desk_today(const struct app *a)
{
	return app_today(a);
}

void desk_iso(const struct app *a, int32_t day, char out[DATE_ISO_SIZE])
{
	date_format_iso(day < 0 ? desk_today(a) : day, out);
}

/* ---- refreshes ---- */

static void dk_refresh_board(struct app *a)
{
	app_refresh(a, REQ_BOARD, "/api/v1/board");
}

/* The halls at and under the supervisor's: always his own hall's list. */
static void dk_refresh_halls(struct app *a)
{
	app_refresh(a, REQ_HALLS, "/api/v1/halls");
}

void desk_refresh_day(struct app *a)
{
	char day[DATE_ISO_SIZE];
	if (!a->d.day_window)
		return;
	desk_iso(a, a->d.day_date, day);
	a->d.asked_today = desk_today(a);
	app_refresh(a, REQ_DAY, "/api/v1/windows/%d/day?date=%s&limit=%d&offset=%lld", a->d.day_window, day,
		    LIST_PAGE, (long long)a->d.day_at);
}

void desk_refresh_audits(struct app *a)
{
	const struct desk *d = &a->d;
	char query[96] = "", iso[DATE_ISO_SIZE];
	size_t n = 0;
	if (d->audits_from >= 0) {
		date_format_iso(d->audits_from, iso);
		n += (size_t)snprintf(query + n, sizeof query - n, "%cfrom=%s", n ? '&' : '?', iso);
	}
	if (d->audits_to >= 0) {
		date_format_iso(d->audits_to, iso);
		n += (size_t)snprintf(query + n, sizeof query - n, "%cto=%s", n ? '&' : '?', iso);
	}
	if (d->audits_window)
		n += (size_t)snprintf(query + n, sizeof query - n, "%cwindow=%d", n ? '&' : '?', d->audits_window);
	snprintf(query + n, sizeof query - n, "%climit=%d&offset=%lld", n ? '&' : '?', LIST_PAGE,
		 (long long)d->audits_at);
	app_refresh(a, REQ_AUDITS, "/api/v1/audits%s", query);
}

static void dk_refresh_rectifications(struct app *a)
{
	app_refresh(a, REQ_RECTIFICATIONS, "/api/v1/rectifications?status=%s&limit=%d&offset=%lld",
		    a->d.rect_all ? "all" : "open", LIST_PAGE, (long long)a->d.rect_at);
}

static void dk_refresh_callbacks(struct app *a)
{
	app_refresh(a, REQ_CALLBACKS, "/api/v1/callbacks?status=open&limit=%d&offset=%lld", LIST_PAGE,
		    (long long)a->d.callbacks_at);
}

void desk_refresh_report(struct app *a)
{
	char from[DATE_ISO_SIZE], to[DATE_ISO_SIZE];
	desk_iso(a, a->d.report_from, from);
	desk_iso(a, a->d.report_to, to);
	a->d.asked_today = desk_today(a);
	app_refresh(a, REQ_REPORT, "/api/v1/reports?from=%s&to=%s&by=%s", from, to,
		    desk_by_name(a->d.report_by));
}

/* The board, and what the screen on top shows. */
static void dk_refresh(struct app *a)
{
	dk_refresh_board(a);
	switch (app_screen(a)) {
	case SCR_DAY: desk_refresh_day(a); break;
	case SCR_AUDITS: desk_refresh_audits(a); break;
	case SCR_RECTIFY: dk_refresh_rectifications(a); break;
	case SCR_CALLBACKS: dk_refresh_callbacks(a); break;
	case SCR_REPORT: desk_refresh_report(a); break;
	case SCR_SESSIONS: desk_refresh_sessions(a); break;
	case SCR_VISITS: desk_refresh_visits(a); break;
	case SCR_OWED: desk_refresh_owed(a); break;
	case SCR_HALLS: dk_refresh_halls(a); break;
	default: break;
	}
}

/* The hall's zone arrived: a screen asked for "today" before it (a PC
 * on UTC after 16:00 for a hall in Beijing) asked for the PC's date, so
 * it is asked again for the hall's. Only that screen: the board has no
 * date, and reading everything again would make the screen flicker. */
static void dk_hall(struct app *a)
{
	const struct desk *d = &a->d;
	if (!d->asked_today || d->asked_today == desk_today(a))
		return;
	if (app_screen(a) == SCR_REPORT && (d->report_from < 0 || d->report_to < 0))
		desk_refresh_report(a);
	else if (app_screen(a) == SCR_DAY && d->day_date < 0)
		desk_refresh_day(a);
}

/* The replies' table (below), its rows of desk_extra.c filled in at start. */
static struct app_reply dk_replies[REQ_KIND_COUNT];

static void dk_start(struct app *a)
{
	desk_extra_replies(dk_replies);
	session_say(&a->s, false, _("Signed in as %s: the hall board."),
		    a->s.login.name ? a->s.login.name : a->s.login.user);
	app_poll_events(a);
	/* Whether there are halls under this one: the key is offered if so. */
	dk_refresh_halls(a);
}

/* Every event may change the board; some change the screen on top too.
 * The refreshes are coalesced: a burst of events is one request each. */
static void dk_event(struct app *a, const struct m_event *e)
{
	enum scr s = app_screen(a);
	dk_refresh_board(a);
	if (s == SCR_HALLS)
		dk_refresh_halls(a);
	else if (s == SCR_DAY && e->window == a->d.day_window)
		desk_refresh_day(a);
	else if (s == SCR_AUDITS && strncmp(e->kind, "audit.", 6) == 0)
		desk_refresh_audits(a);
	else if (s == SCR_RECTIFY && strncmp(e->kind, "audit.", 6) == 0)
		dk_refresh_rectifications(a);
	else if (s == SCR_CALLBACKS && (strncmp(e->kind, "callback.", 9) == 0 ||
					strcmp(e->kind, "case.rated") == 0))
		dk_refresh_callbacks(a);
	else if (s == SCR_VISITS && strncmp(e->kind, "home_visit.", 11) == 0)
		desk_refresh_visits(a);
	else if (s == SCR_OWED && strncmp(e->kind, "case.", 5) == 0)
		desk_refresh_owed(a);
}

static void dk_events(struct app *a, struct m_event *ev, size_t n)
{
	for (size_t i = 0; i < n; i++)
		dk_event(a, &ev[i]);
}

/* Durations on the board are shown to the minute: it is drawn again when
 * one of them turns (the clock's minute is app.c's), not every second; the
 * board itself is read again every minute (for a quiet hall's waits and
 * the cases due). */
static void dk_tick(struct app *a, int64_t now)
{
	enum scr s = app_screen(a);
	if (s == SCR_BOARD && desk_board_changed(&a->d, a->last_drawn_second, now))
		a->dirty = true;
	if (a->d.have_board && now - a->d.board_at >= DESK_BOARD_EVERY && a->s.conn == CONN_ONLINE)
		dk_refresh_board(a);
	if (s == SCR_HALLS && a->d.have_halls && now - a->d.halls_at >= DESK_HALLS_EVERY &&
	    a->s.conn == CONN_ONLINE)
		dk_refresh_halls(a);
}

/* ---- screens ---- */

/* A list screen: over the board, in place of any other. */
static void dk_goto(struct app *a, enum scr s)
{
	a->depth = 1;
	a->stack[0] = SCR_BOARD;
	if (s != SCR_BOARD)
		app_push(a, s);
	a->dirty = true;
}

/* A page down on a list's last row asks for the next page, a page up on
 * its first for the one before (list_page_turn); at is the list's page
 * asked for.  Returns true when the page turns. */
static bool dk_turn(struct app *a, const struct m_page *p, size_t n, size_t *sel, long delta, int64_t *at,
		    void (*reread)(struct app *))
{
	if (!list_page_turn(p, n, *sel, delta, at))
		return false;
	*sel = 0;
	reread(a);
	return true;
}

static void dk_move(struct app *a, long delta)
{
	struct desk *d = &a->d;
	switch (app_screen(a)) {
	case SCR_DAY:
		if (dk_turn(a, &d->day.timeline_page, d->day.ntimeline, &d->day_sel, delta, &d->day_at,
			    desk_refresh_day))
			return;
		break;
	case SCR_AUDITS:
		if (dk_turn(a, &d->audits_page, d->naudits, &d->audits_sel, delta, &d->audits_at, desk_refresh_audits))
			return;
		break;
	case SCR_RECTIFY:
		if (dk_turn(a, &d->rect_page, d->nrect, &d->rect_sel, delta, &d->rect_at, dk_refresh_rectifications))
			return;
		break;
	case SCR_CALLBACKS:
		if (dk_turn(a, &d->callbacks_page, d->ncallbacks, &d->callbacks_sel, delta, &d->callbacks_at,
			    dk_refresh_callbacks))
			return;
		break;
	default: break;
	}
	switch (app_screen(a)) {
	case SCR_BOARD: desk_board_move(d, delta); break;
	case SCR_DAY: d->day_sel = counter_move(d->day_sel, d->day.ntimeline, delta); break;
	case SCR_AUDIT: d->audit_sel = counter_move(d->audit_sel, desk_audit_rows(d), delta); break;
	case SCR_AUDITS: d->audits_sel = counter_move(d->audits_sel, d->naudits, delta); break;
	case SCR_RECTIFY: d->rect_sel = counter_move(d->rect_sel, d->nrect, delta); break;
	case SCR_CALLBACKS: d->callbacks_sel = counter_move(d->callbacks_sel, d->ncallbacks, delta); break;
	case SCR_REPORT: d->report_sel = counter_move(d->report_sel, d->report.nrows, delta); break;
	case SCR_SESSIONS: d->sessions_sel = counter_move(d->sessions_sel, d->nsessions, delta); break;
	case SCR_VISITS: d->visits_sel = counter_move(d->visits_sel, d->nvisits, delta); break;
	case SCR_OWED: d->owed_sel = counter_move(d->owed_sel, d->nowed, delta); break;
	case SCR_HALLS: d->halls_sel = counter_move(d->halls_sel, d->nhalls, delta); break;
	default: break;
	}
}

/* ---- the halls of a platform, and looking into one ---- */

/* The event feed of the hall looked into (its own numbering: joined at
 * its end), or one's own. */
static bool dk_feed_path(const struct app *a, int64_t since, int wait, char *path, size_t len)
{
	char hall[32] = "";
	if (a->d.look_hall)
		snprintf(hall, sizeof hall, "hall=%lld", (long long)a->d.look_hall);
	if (a->events_known)
		snprintf(path, len, "/api/v1/events?since=%lld&wait=%d%s%s", (long long)since, wait,
			 hall[0] ? "&" : "", hall);
	else
		snprintf(path, len, "/api/v1/events%s%s", hall[0] ? "?" : "", hall);
	return true;
}

/* Another hall's reads (or one's own again): what is on its way about the
 * hall left is dropped, never shown as this one's, and the feed is
 * joined anew. */
static void dk_hall_changed(struct app *a)
{
	struct pending *next;
	for (struct pending *p = a->pending; p; p = next) {
		next = p->next;
		if (!p->action && p->kind != REQ_EVENTS && p->kind != REQ_HALL && p->kind != REQ_HALLS &&
		    p->kind < REQ_KIND_COUNT) {
			a->polls[p->kind].busy = a->polls[p->kind].stale = false;
			app_cancel(a, p->id);
		}
	}
	if (a->events_req)
		app_cancel(a, a->events_req);
	a->events_req = 0;
	a->events_known = false;
	a->events_last = 0;
	app_poll_events(a);
	a->dirty = true;
}

/* `H`: the halls, from one's own hall (a hall looked into is left). */
static void dk_halls(struct app *a)
{
	bool away = a->d.look_hall != 0;
	desk_look_home(&a->d);
	if (away)
		dk_hall_changed(a);
	dk_goto(a, SCR_HALLS);
	dk_refresh_halls(a);
}

/* Enter on a hall: its board, read there. */
static void dk_open_hall(struct app *a)
{
	const struct m_platform_hall *h = &a->d.halls[a->d.halls_sel];
	int64_t before = a->d.look_hall;
	desk_look_into(&a->d, h->id, a->s.login.hall, h->name);
	if (a->d.look_hall != before)
		dk_hall_changed(a);
	app_push(a, SCR_BOARD);
	dk_refresh_board(a);
}

/* Esc from a hall's board opened from the halls: back among them, and
 * home. */
static void dk_back(struct app *a, enum scr from)
{
	if (from != SCR_BOARD || app_screen(a) != SCR_HALLS)
		return;
	bool away = a->d.look_hall != 0;
	desk_look_home(&a->d);
	if (away)
		dk_hall_changed(a);
	dk_refresh_halls(a);
}

/* ---- actions ---- */

/* `g`: the ratings of the report's period for the national 好差评
 * platform, as the server gives them (GET /ratings): a JSON-lines file and
 * a CSV file in the report directory. */
static void dk_export_ratings(struct app *a)
{
	char from[DATE_ISO_SIZE], to[DATE_ISO_SIZE];
	desk_iso(a, a->d.report_from, from);
	desk_iso(a, a->d.report_to, to);
	app_getf(a, REQ_RATINGS_JSONL, "/api/v1/ratings?from=%s&to=%s&format=jsonl", from, to);
	session_say(&a->s, false, "%s", _("Reading the ratings for the 好差评 export…"));
}

/* The export's answer, as a file named by its period and format: the
 * JSON lines first, then the CSV is read (so the last word is the CSV's). */
static void dk_on_ratings(struct app *a, const struct pending *p, const struct net_reply *r)
{
	if (r->status != 200)
		return app_say_error(a, r);
	char from[DATE_ISO_SIZE], to[DATE_ISO_SIZE], name[96];
	desk_iso(a, a->d.report_from, from);
	desk_iso(a, a->d.report_to, to);
	snprintf(name, sizeof name, "haocha-%s-%s.%s", from, to, p->kind == REQ_RATINGS_CSV ? "csv" : "jsonl");
	char *path = app_write_file(a->cfg->report_dir, name, r->body, r->len);
	if (path && p->kind == REQ_RATINGS_JSONL)
		app_getf(a, REQ_RATINGS_CSV, "/api/v1/ratings?from=%s&to=%s&format=csv", from, to);
	else if (path)
		session_say(&a->s, false, _("好差评 export saved: %s"), path);
	else
		session_say(&a->s, true, _("Cannot write %s/%s: %s"), a->cfg->report_dir ? a->cfg->report_dir : "",
			    name, strerror(errno));
	free(path);
}

static void dk_submit_audit(struct app *a)
{
	struct desk *d = &a->d;
	const char *texts[DESK_MAX_FINDINGS];
	int days[DESK_MAX_FINDINGS];
	for (size_t i = 0; i < d->nfindings; i++) {
		texts[i] = d->findings[i].text;
		days[i] = d->findings[i].days;
	}
	char label[32];
	snprintf(label, sizeof label, _("window %d"), d->audit_window);
	desk_audit_sent(d, true);
	app_postf(a, (struct app_doing){ .act = ACT_SUBMIT, .label = label },
		  api_encode_audit(d->audit_window, d->audit_ok, texts, days, d->nfindings), "/api/v1/audits");
}

/* `e`: the report on the screen as a CSV file in the session's language
 * (report_csv.h), written to the report directory, never over another. */
static void dk_export(struct app *a)
{
	struct desk *d = &a->d;
	const char *by = desk_by_name(d->report_by);
	if (!d->have_report || !d->report.by || strcmp(d->report.by, by) != 0) {
		session_say(&a->s, true, "%s", _("The report is still being read from the server."));
		return;
	}
	char from[DATE_ISO_SIZE], to[DATE_ISO_SIZE], name[96];
	desk_iso(a, d->report.from, from);
	desk_iso(a, d->report.to, to);
	snprintf(name, sizeof name, "report-%s-%s-%s.csv", from, to, by);
	struct buf b = BUF_INIT;
	report_csv(&d->report, d->report_by, &b);
	char *path = app_write_file(a->cfg->report_dir, name, buf_str(&b), b.len);
	buf_free(&b);
	if (path)
		session_say(&a->s, false, _("Report saved: %s"), path);
	else
		session_say(&a->s, true, _("Cannot write %s/%s: %s"), a->cfg->report_dir ? a->cfg->report_dir : "",
			    name, strerror(errno));
	free(path);
}

static void dk_day(struct app *a, int window, int32_t date)
{
	struct desk *d = &a->d;
	if (d->day_window != window || d->day_date != date)
		d->day_sel = d->day_at = 0;
	d->day_window = window;
	d->day_date = date;
	desk_refresh_day(a);
}

static void dk_action(struct app *a, enum action act)
{
	struct desk *d = &a->d;
	enum scr s = app_screen(a);
	/* A single hall's supervisor: the key is not there (nothing said). */
	if (act == ACT_HALLS && d->nhalls <= 1)
		return;
	if (app_refused(a, desk_check(d, &a->s, s, act), act))
		return;
	/* 不打烊 sessions and home visits (desk_extra.c). */
	if (desk_extra_action(a, act))
		return;
	switch (act) {
	case ACT_BOARD: dk_goto(a, SCR_BOARD); dk_refresh_board(a); break;
	case ACT_DAY:
		d->have_day = false;
		dk_day(a, d->board_sel, -1);
		app_push(a, SCR_DAY);
		break;
	case ACT_PREV_DAY: case ACT_NEXT_DAY: {
		int32_t day = d->day_date >= 0 ? d->day_date : d->have_day ? d->day.date : desk_today(a);
		dk_day(a, d->day_window, day + (act == ACT_NEXT_DAY ? 1 : -1));
		break;
	}
	case ACT_AUDIT:
		desk_audit_start(d, s == SCR_DAY ? d->day_window : d->board_sel);
		app_push(a, SCR_AUDIT);
		break;
	case ACT_TICK: desk_audit_toggle(d); break;
	case ACT_ADD_FINDING:
		app_dialog(a, DLG_FINDING, N_("A finding"));
		form_add(&a->dlg, N_("What was found"), "", false, 200);
		form_add(&a->dlg, N_("Working days to rectify (0-60)"), "", false, 2);
		break;
	case ACT_DROP_FINDING: desk_audit_drop_finding(d); break;
	case ACT_SUBMIT: dk_submit_audit(a); break;
	case ACT_AUDITS: dk_goto(a, SCR_AUDITS); desk_refresh_audits(a); break;
	case ACT_RECTIFICATIONS: dk_goto(a, SCR_RECTIFY); dk_refresh_rectifications(a); break;
	case ACT_CALLBACKS: dk_goto(a, SCR_CALLBACKS); dk_refresh_callbacks(a); break;
	case ACT_REPORT: dk_goto(a, SCR_REPORT); desk_refresh_report(a); break;
	case ACT_PERIOD: desk_open_period(a); break;
	case ACT_FOLLOW_UP:
		app_dialog(a, DLG_FOLLOW_UP, N_("Follow-up of the finding"));
		form_add(&a->dlg, N_("What was done"), "", false, 200);
		form_add(&a->dlg, N_("Rectified: close it (y/n)"), "y", false, 1);
		break;
	case ACT_SHOW_ALL:
		d->rect_all = !d->rect_all;
		d->rect_at = 0;
		dk_refresh_rectifications(a);
		break;
	case ACT_DRAW_SAMPLE: desk_open_sample(a); break;
	case ACT_OUTCOME: desk_open_outcome(a); break;
	case ACT_BY:
		desk_next_by(d);
		desk_refresh_report(a);
		break;
	case ACT_EXPORT: dk_export(a); break;
	case ACT_EXPORT_RATINGS: dk_export_ratings(a); break;
	case ACT_HALLS: dk_halls(a); break;
	case ACT_ABSENCE: {
		/* AB岗: the absence of the selected window's clerk (or typed). */
		const struct m_board_window *w = desk_board_window(d, d->board_sel);
		clerk_absence_open_for(a, w && w->clerk ? w->clerk : "");
		break;
	}
	case ACT_OPEN_HALL: dk_open_hall(a); break;
	default: session_say(&a->s, true, "%s", _(counter_refusal_text(REF_NOT_HERE))); break;
	}
}

/* ---- replies ---- */

/* The reads: decoded into a, taken over by the desk. */
static int dk_decode_board(const struct net_reply *r, union app_decoded *out)
{
	return api_decode_board(r->body, r->len, &out->board);
}

static void dk_store_board(struct app *a, union app_decoded *in)
{
	desk_set_board(&a->d, &in->board, app_now(a));
}

static int dk_decode_day(const struct net_reply *r, union app_decoded *out)
{
	return api_decode_day(r->body, r->len, &out->day);
}

/* Whether a page of n rows that came is the one to show (at: the page
 * asked for).  Not when it was asked for before the page turned (the one
 * asked for since follows it: app_refresh), nor when it came empty from
 * past the list's end (rows went away since it was paged on): its last page
 * is asked for instead. */
static bool dk_page_keep(struct app *a, const struct m_page *p, size_t n, int64_t *at,
			 void (*reread)(struct app *))
{
	if (p->offset != *at)
		return false;
	if (!list_page_past_end(p, n, at))
		return true;
	reread(a);
	return false;
}

/* An answer about a window or day left meanwhile is not shown. */
static void dk_store_day(struct app *a, union app_decoded *in)
{
	struct m_day *day = &in->day;
	if (day->window == a->d.day_window && (a->d.day_date < 0 || day->date == a->d.day_date) &&
	    dk_page_keep(a, &day->timeline_page, day->ntimeline, &a->d.day_at, desk_refresh_day))
		desk_set_day(&a->d, day);
	m_free(&m_day_desc, day);
}

static int dk_decode_audits(const struct net_reply *r, union app_decoded *out)
{
	return api_decode_audits(r->body, r->len, &out->audits.v, &out->audits.n, &out->audits.page);
}

static void dk_store_audits(struct app *a, union app_decoded *in)
{
	if (dk_page_keep(a, &in->audits.page, in->audits.n, &a->d.audits_at, desk_refresh_audits))
		desk_set_audits(&a->d, in->audits.v, in->audits.n, &in->audits.page);
	else
		m_free_array(&m_audit_desc, in->audits.v, in->audits.n);
}

static int dk_decode_rectifications(const struct net_reply *r, union app_decoded *out)
{
	return api_decode_rectifications(r->body, r->len, &out->findings.v, &out->findings.n,
					 &out->findings.page);
}

static void dk_store_rectifications(struct app *a, union app_decoded *in)
{
	if (dk_page_keep(a, &in->findings.page, in->findings.n, &a->d.rect_at, dk_refresh_rectifications))
		desk_set_rectifications(&a->d, in->findings.v, in->findings.n, &in->findings.page);
	else
		m_free_array(&m_finding_desc, in->findings.v, in->findings.n);
}

static int dk_decode_callbacks(const struct net_reply *r, union app_decoded *out)
{
	return api_decode_callbacks(r->body, r->len, &out->callbacks.v, &out->callbacks.n,
				    &out->callbacks.page);
}

static void dk_store_callbacks(struct app *a, union app_decoded *in)
{
	if (dk_page_keep(a, &in->callbacks.page, in->callbacks.n, &a->d.callbacks_at, dk_refresh_callbacks))
		desk_set_callbacks(&a->d, in->callbacks.v, in->callbacks.n, &in->callbacks.page);
	else
		m_free_array(&m_callback_desc, in->callbacks.v, in->callbacks.n);
}

static int dk_decode_report(const struct net_reply *r, union app_decoded *out)
{
	return api_decode_report(r->body, r->len, &out->report);
}

static void dk_store_report(struct app *a, union app_decoded *in)
{
	desk_set_report(&a->d, &in->report);
}

static int dk_decode_halls(const struct net_reply *r, union app_decoded *out)
{
	return api_decode_halls(r->body, r->len, &out->halls.v, &out->halls.n);
}

static void dk_store_halls(struct app *a, union app_decoded *in)
{
	desk_set_halls(&a->d, in->halls.v, in->halls.n, app_now(a));
}

/* The actions' answers. */
static void dk_on_audit(struct app *a, const struct pending *p, const struct net_reply *r)
{
	struct m_audit au;
	(void)p;
	if (r->status / 100 != 2 || api_decode_audit(r->body, r->len, &au)) {
		desk_audit_sent(&a->d, false);   /* refused: it may be put right and sent */
		return app_say_error(a, r);
	}
	session_say(&a->s, false, ngettext("Audit recorded: %d finding to rectify.",
					   "Audit recorded: %d findings to rectify.",
					   (unsigned long)au.nfindings_total), au.nfindings_total);
	if (au.window == a->d.audit_window && !a->d.audit_done)
		desk_set_audit(&a->d, &au);
	m_free(&m_audit_desc, &au);
}

static void dk_on_follow_up(struct app *a, const struct pending *p, const struct net_reply *r)
{
	struct m_audit au;
	(void)p;
	if (r->status / 100 != 2 || api_decode_audit(r->body, r->len, &au))
		return app_say_error(a, r);
	if (au.open_findings)
		session_say(&a->s, false, ngettext("Follow-up recorded; the audit has %d finding open.",
						   "Follow-up recorded; the audit has %d findings open.",
						   (unsigned long)au.open_findings), au.open_findings);
	else
		session_say(&a->s, false, "%s", _("Follow-up recorded; every finding of the audit is closed."));
	m_free(&m_audit_desc, &au);
	dk_refresh_rectifications(a);
}

static void dk_on_sample(struct app *a, const struct pending *p, const struct net_reply *r)
{
	struct m_sample s;
	struct m_callback *list;
	size_t n;
	(void)p;
	if (r->status / 100 != 2 || api_decode_sample(r->body, r->len, &s, &list, &n))
		return app_say_error(a, r);
	m_free_array(&m_callback_desc, list, n);
	desk_set_sample(&a->d, &s);
	session_say(&a->s, false, _("Sample drawn with seed %lld: %d of %d completed cases."),
		    (long long)s.seed, s.drawn, s.population);
	dk_refresh_callbacks(a);
}

static void dk_on_outcome(struct app *a, const struct pending *p, const struct net_reply *r)
{
	struct m_callback k;
	(void)p;
	if (r->status / 100 != 2 || api_decode_callback(r->body, r->len, &k))
		return app_say_error(a, r);
	if (k.next)
		session_say(&a->s, true, "%s", _("Outcome recorded. A poor rating: a follow-up call is opened."));
	else
		session_say(&a->s, false, "%s", _("Outcome recorded."));
	m_free(&m_callback_desc, &k);
	dk_refresh_callbacks(a);
}

static struct app_reply dk_replies[REQ_KIND_COUNT] = {
	[REQ_ABSENCE] = { .handle = clerk_on_absence },
	[REQ_BOARD] = { .decode = dk_decode_board, .store = dk_store_board, .reread = dk_refresh_board },
	[REQ_DAY] = { .decode = dk_decode_day, .store = dk_store_day, .reread = desk_refresh_day },
	[REQ_AUDIT] = { .handle = dk_on_audit },
	[REQ_AUDITS] = { .decode = dk_decode_audits, .store = dk_store_audits, .reread = desk_refresh_audits },
	[REQ_RECTIFICATIONS] = { .decode = dk_decode_rectifications, .store = dk_store_rectifications,
				 .reread = dk_refresh_rectifications },
	[REQ_FOLLOW_UP] = { .handle = dk_on_follow_up },
	[REQ_CALLBACKS] = { .decode = dk_decode_callbacks, .store = dk_store_callbacks,
			    .reread = dk_refresh_callbacks },
	[REQ_SAMPLE] = { .handle = dk_on_sample },
	[REQ_OUTCOME] = { .handle = dk_on_outcome },
	[REQ_REPORT] = { .decode = dk_decode_report, .store = dk_store_report, .reread = desk_refresh_report },
	/* A server of one hall before platforms has no /halls: nothing to offer. */
	[REQ_HALLS] = { .decode = dk_decode_halls, .store = dk_store_halls, .reread = dk_refresh_halls,
			.quiet = true },
	[REQ_RATINGS_JSONL] = { .handle = dk_on_ratings },
	[REQ_RATINGS_CSV] = { .handle = dk_on_ratings },
};

/* The handler of a journal record's reply, by its path. */
static enum req_kind dk_kind_of(const char *path)
{
	long long id;
	int n, end = 0;
	if (strcmp(path, "/api/v1/audits") == 0)
		return REQ_AUDIT;
	if (strcmp(path, "/api/v1/callbacks/sample") == 0)
		return REQ_SAMPLE;
	if (sscanf(path, "/api/v1/audits/%lld/findings/%d/follow-up%n", &id, &n, &end) == 2 && !path[end])
		return REQ_FOLLOW_UP;
	if (sscanf(path, "/api/v1/callbacks/%lld/outcome%n", &id, &end) == 1 && !path[end])
		return REQ_OUTCOME;
	if (strcmp(path, "/api/v1/absences") == 0)
		return REQ_ABSENCE;
	return desk_extra_kind_of(path);
}

static const enum keymap_scope dk_scopes[] = {
	KM_BOARD, KM_DAY, KM_AUDIT, KM_AUDITS, KM_RECTIFY, KM_CALLBACKS, KM_REPORT, KM_SESSIONS, KM_VISITS,
	KM_HALLS, KM_OWED,
};

const struct app_role app_role_supervisor = {
	.name = "supervisor", .first = SCR_BOARD,
	.scopes = dk_scopes, .nscopes = sizeof dk_scopes / sizeof dk_scopes[0],
	.start = dk_start, .reload = dk_refresh, .hall = dk_hall, .feed_path = dk_feed_path, .events = dk_events, .tick = dk_tick,
	.action = dk_action, .select = dk_move, .back = dk_back, .dialog = desk_dialog_done,
	.picker = desk_extra_picked,
	.replies = dk_replies,
	.kind_of = dk_kind_of,
};
