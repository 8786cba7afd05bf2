#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "wicket/core/queue.h"
#include "wicket/server/srv.h"
#include "wicket/server/srv_ticket.h"
#include "wicket/server/srv_booking.h"
#include "wicket/core/ticket.h"
#include "wicket/core/window.h"
#include "wicket/common/xalloc.h"

/* Counter windows: their state (open, paused, closed), their queue, and
 * calling the next ticket. */

#define W(st) (1u << (st))

/* The tickets a window may call: waiting, and either sent to it by a
 * transfer or of one of its services and not sent anywhere.  ?1 = window. */
#define WIN_CALLABLE "t.status = 'waiting' AND ((t.target_window IS NULL AND t.service IN " \
	"(SELECT service FROM window_services WHERE window = ?1)) OR t.target_window = ?1)"

/* The status named s; closed when the name is not one. */
static enum window_status win_status_parse(const char *s)
{
	enum window_status st = WINDOW_CLOSED;
	(void)window_status_parse(s, &st);
	return st;
}

void win_row_read(db_q *st, struct win_row *w)
{
	memset(w, 0, sizeof *w);
	w->no = db_col_int(st, 0);
	tk_copy(w->name, sizeof w->name, st, 1);
	tk_copy(w->zone, sizeof w->zone, st, 2);
	tk_copy(w->zone_name, sizeof w->zone_name, st, 3);
	w->status = win_status_parse(db_col_text(st, 4));
	tk_copy(w->pause_reason, sizeof w->pause_reason, st, 5);
	w->status_since = db_col_i64(st, 6);
	tk_copy(w->clerk, sizeof w->clerk, st, 7);
	tk_copy(w->clerk_name, sizeof w->clerk_name, st, 8);
	w->current = db_col_i64(st, 9);
	w->priority_run = db_col_int(st, 10);
}

static int win_load(struct srv *s, int64_t no, struct win_row *w)
{
	db_q *st = db_prep(s, "SELECT " WIN_COLS " " WIN_FROM " WHERE w.no = ?", "I", no);
	int rc = -1;
	if (db_step(st) == DB_ROW) {
		win_row_read(st, w);
		rc = 0;
	}
	db_reset(st);
	return rc;
}

int win_find(struct req *r, struct win_row *w)
{
	int64_t no;
	if (req_param_id(r, 0, "window", &no))
		return -1;
	if (no <= INT_MAX && win_load(r->srv, no, w) == 0)
		return 0;
	srv_error(r, 404, "not_found", "no such window: %lld", (long long)no);
	return -1;
}

#define WIN_QUEUE_LIMIT 500        /* tickets of a queue's reply, unless asked */
#define WIN_QUEUE_LIMIT_MAX 1000

/* ---- the pick: a few index probes, never the whole queue ----
 *
 * A window's queue is the union of its sources: each of its services,
 * untargeted (target 0), and each service with tickets sent to it (target
 * = the window, from queue_counts).  Within a source each class of
 * queue.h is one index in that class's call order (db.c, schema 9), so
 * the first k of a class are its first k rows.  The first k of every
 * class of every source hold the first k of the whole queue in call
 * order, whatever the cap does; queue_order over them (at most
 * 3 * k * sources items) gives the same first k as over the full list. */

struct win_src {
	char service[16];
	int64_t target;         /* 0: not sent anywhere; else the window it was sent to */
};

/* The window's sources into a malloc'd array (caller frees); returns how
 * many.  Sources sent to the window count only while somebody waits. */
static size_t win_sources(struct srv *s, int no, struct win_src **out)
{
	size_t n = 0, cap = 0;
	struct win_src *src = NULL;
	db_q *st = db_prep(s, "SELECT service, 0 FROM window_services WHERE window = ?1 "
				   "UNION ALL SELECT service, target_window FROM queue_counts "
				   "WHERE target_window = ?1 AND waiting > 0", "i", no);
	while (db_step(st) == DB_ROW) {
		if (n == cap) {
			cap = cap ? 2 * cap : 8;
			src = xreallocarray(src, cap, sizeof *src);
		}
		tk_copy(src[n].service, sizeof src[n].service, st, 0);
		src[n++].target = db_col_i64(st, 1);
	}
	db_reset(st);
	*out = src;
	return n;
}

/* The probes' columns and their source; ?3 is the last instant an
 * appointment counts as due, ?4 how many rows. */
#define WIN_PROBE_COLS "SELECT id, queue_at, coalesce(appointment_at, 0), priority <> 'none' FROM tickets "
#define WIN_PROBE_SRC "status = 'waiting' AND target_window IS nullif(?1, 0) AND service = ?2 AND "
#define WIN_NOT_DUE "(appointment_at IS NULL OR appointment_at = 0 OR appointment_at > ?3) "

static const char *const win_probes[] = {
	/* due appointments, by appointment */
	WIN_PROBE_COLS "INDEXED BY tickets_pick_appointment WHERE " WIN_PROBE_SRC
	"appointment_at IS NOT NULL AND appointment_at <> 0 AND appointment_at <= ?3 "
	"ORDER BY appointment_at, queue_at, id LIMIT ?4",
	/* priority, in queue order */
	WIN_PROBE_COLS "INDEXED BY tickets_pick_priority WHERE " WIN_PROBE_SRC
	"priority <> 'none' AND " WIN_NOT_DUE "ORDER BY queue_at, id LIMIT ?4",
	/* everyone else */
	WIN_PROBE_COLS "INDEXED BY tickets_pick_normal WHERE " WIN_PROBE_SRC
	"priority = 'none' AND " WIN_NOT_DUE "ORDER BY queue_at, id LIMIT ?4",
};

/* The queue item of a row of WIN_PROBE_COLS. */
static struct queue_item win_item_read(db_q *st)
{
	return (struct queue_item){
		.id = db_col_i64(st, 0),
		.queue_at = db_col_i64(st, 1),
		.appointment_at = db_col_i64(st, 2),
		.priority = db_col_int(st, 3) != 0,
	};
}

/* Append the first k of each class of each of the window's sources to a
 * malloc'd array (caller frees); returns how many. */
static size_t win_candidates(struct srv *s, int no, int64_t now, size_t k, struct queue_item **out)
{
	struct win_src *src;
	size_t nsrc = win_sources(s, no, &src), n = 0, cap = 0;
	struct queue_item *items = NULL;
	for (size_t i = 0; i < nsrc; i++) {
		for (size_t c = 0; c < sizeof win_probes / sizeof win_probes[0]; c++) {
			db_q *st = db_prep(s, win_probes[c], "IsII", src[i].target, src[i].service,
						   now + QUEUE_APPOINTMENT_LEAD, (int64_t)k);
			while (db_step(st) == DB_ROW) {
				if (n == cap) {
					cap = cap ? 2 * cap : 16;
					items = xreallocarray(items, cap, sizeof *items);
				}
				items[n++] = win_item_read(st);
			}
			db_reset(st);
		}
	}
	free(src);
	*out = items;
	return n;
}

/* How many the window's queue holds: the sum of its sources' counts. */
static int64_t win_waiting(struct srv *s, int no)
{
	return db_int(s, "SELECT coalesce(sum(waiting), 0) FROM queue_counts WHERE (target_window = 0 AND "
		      "service IN (SELECT service FROM window_services WHERE window = ?1)) OR "
		      "target_window = ?1", 0, "i", no);
}

int64_t tk_oldest_waiting(struct srv *s, const char *service, int64_t target, char *number, size_t size)
{
	db_q *st = db_prep(s, "SELECT issued_at, number FROM tickets INDEXED BY tickets_oldest "
				   "WHERE status = 'waiting' AND target_window IS nullif(?1, 0) AND service = ?2 "
				   "ORDER BY issued_at LIMIT 1", "Is", target, service);
	int64_t at = 0;
	if (db_step(st) == DB_ROW) {
		at = db_col_i64(st, 0);
		if (number)
			tk_copy(number, size, st, 1);
	}
	db_reset(st);
	return at;
}

/* When the longest waiting of the window's queue was issued; 0 if none. */
static int64_t win_oldest(struct srv *s, int no)
{
	struct win_src *src;
	size_t nsrc = win_sources(s, no, &src);
	int64_t oldest = 0;
	for (size_t i = 0; i < nsrc; i++) {
		int64_t at = tk_oldest_waiting(s, src[i].service, src[i].target, NULL, 0);
		if (at && (!oldest || at < oldest))
			oldest = at;
	}
	free(src);
	return oldest;
}

/* The ticket at the window, or 0 when it has none in progress. */
static int64_t win_busy_with(struct srv *s, const struct win_row *w)
{
	struct tk_row t;
	if (w->current > 0 && tk_load(s, w->current, &t) == 0 && ticket_in_progress(t.status))
		return t.id;
	return 0;
}

/* True (after a 409 ticket_in_progress) when the window has a called or
 * serving ticket. */
static bool win_refuse_busy(struct req *r, const struct win_row *w)
{
	int64_t id = win_busy_with(r->srv, w);
	if (id)
		tk_conflict(r, "ticket_in_progress", cJSON_CreateNumber((double)id),
			    "window %d still has ticket %lld called or in service", w->no, (long long)id);
	return id != 0;
}

static void win_add_services(struct srv *s, cJSON *o, int no)
{
	cJSON *arr = cJSON_AddArrayToObject(o, "services");
	db_q *st = db_prep(s, "SELECT ws.service FROM window_services ws "
				   "JOIN services sv ON sv.code = ws.service WHERE ws.window = ? "
				   "ORDER BY sv.sort", "i", no);
	while (db_step(st) == DB_ROW)
		cJSON_AddItemToArray(arr, cJSON_CreateString(db_col_text(st, 0)));
	db_reset(st);
}

/* waiting, longest_wait and served_today. */
static void win_add_counts(struct srv *s, cJSON *o, int no, int64_t now)
{
	int64_t waiting = win_waiting(s, no), oldest = waiting ? win_oldest(s, no) : 0;
	cJSON_AddNumberToObject(o, "waiting", (double)waiting);
	cJSON_AddNumberToObject(o, "longest_wait", (double)(waiting && now > oldest ? now - oldest : 0));
	cJSON_AddNumberToObject(o, "served_today", (double)db_int(s,
		"SELECT count(*) FROM tickets WHERE window = ? AND status = 'done' AND finished_at >= ?",
		0, "iI", no, tk_today_at(0, 0)));
}

void win_json_state(cJSON *o, const struct win_row *w)
{
	cJSON_AddNumberToObject(o, "no", w->no);
	cJSON_AddStringToObject(o, "name", w->name);
	cJSON_AddStringToObject(o, "zone", w->zone);
	cJSON_AddStringToObject(o, "zone_name", w->zone_name);
	cJSON_AddStringToObject(o, "status", window_status_name(w->status));
	if (w->pause_reason[0])
		cJSON_AddStringToObject(o, "pause_reason", w->pause_reason);
	else
		cJSON_AddNullToObject(o, "pause_reason");
	clk_json_add(o, "status_since", w->status_since);
	if (w->clerk[0]) {
		cJSON_AddStringToObject(o, "clerk", w->clerk);
		cJSON_AddStringToObject(o, "clerk_name", w->clerk_name);
	} else {
		cJSON_AddNullToObject(o, "clerk");
		cJSON_AddNullToObject(o, "clerk_name");
	}
}

static cJSON *win_json(struct srv *s, const struct win_row *w, int64_t now)
{
	cJSON *o = cJSON_CreateObject();
	win_json_state(o, w);
	cJSON_AddBoolToObject(o, "attended", db_int(s, "SELECT " WIN_ATTENDED("?1", "?2"), 0, "iI",
						    w->no, now) != 0);
	win_add_services(s, o, w->no);
	struct tk_row t;
	int64_t current = win_busy_with(s, w);
	if (current && tk_load(s, current, &t) == 0)
		cJSON_AddItemToObject(o, "current", tk_json(&t, now, true));
	else
		cJSON_AddNullToObject(o, "current");
	win_add_counts(s, o, w->no, now);
	return o;
}

void h_windows_list(struct req *r)
{
	struct srv *s = r->srv;
	int64_t now = clk_now();
	cJSON *arr = cJSON_CreateArray();
	struct win_row w;
	db_q *st = db_prep(s, "SELECT " WIN_COLS " " WIN_FROM " ORDER BY w.no", "");
	while (db_step(st) == DB_ROW) {
		win_row_read(st, &w);
		cJSON_AddItemToArray(arr, win_json(s, &w, now));
	}
	db_reset(st);
	cJSON *root = cJSON_CreateObject();
	cJSON_AddItemToObject(root, "windows", arr);
	srv_reply(r, 200, root);
}

/* ---- the window's state ---- */

enum {
	WIN_NEEDS_REASON = 1,  /* body {"reason"} required */
	WIN_NEEDS_IDLE = 2,    /* refused while a ticket is called or serving */
	WIN_SETS_CLERK = 4,    /* the caller becomes the window's clerk */
	WIN_DROPS_CLERK = 8    /* nobody is at the window afterwards */
};

static const struct win_step {
	const char *verb;
	unsigned from;         /* W(status) bits it is allowed from */
	enum window_status to;
	unsigned bits;
} win_steps[] = {
	{ "open", W(WINDOW_CLOSED) | W(WINDOW_PAUSED), WINDOW_OPEN, WIN_SETS_CLERK },
	{ "pause", W(WINDOW_OPEN), WINDOW_PAUSED, WIN_NEEDS_REASON },
	{ "close", W(WINDOW_OPEN) | W(WINDOW_PAUSED), WINDOW_CLOSED, WIN_NEEDS_IDLE | WIN_DROPS_CLERK },
};

/* 延时服务: where the hall holds its windows open after closing time
 * (the setting extended_hours_hold, 1 unless the hall sets 0: the halls'
 * rule, issue #17), a window is not closed while anybody waits for it;
 * true after a 409 still_waiting. */
static bool win_refuse_waiting(struct req *r, const struct win_row *w)
{
	struct srv *s = r->srv;
	if (!hall_setting_int(s, "extended_hours_hold", 1, 0, 1))
		return false;
	int64_t closes = bk_closes_at(s, clk_today()), waiting;
	if (!closes || clk_now() < closes || (waiting = win_waiting(s, w->no)) == 0)
		return false;
	tk_conflict(r, "still_waiting", cJSON_CreateNumber((double)waiting),
		    "window %d stays open after closing time while %lld wait for it", w->no, (long long)waiting);
	return true;
}

static void win_change(struct req *r, const struct win_step *step)
{
	struct srv *s = r->srv;
	struct win_row w;
	const char *reason = NULL;
	if (win_find(r, &w) || !req_may_act_on_window(r, w.no))
		return;
	if (!(step->from & W(w.status))) {
		tk_conflict(r, "invalid_state", cJSON_CreateString(window_status_name(w.status)),
			    "window %d is %s: it cannot %s", w.no, window_status_name(w.status), step->verb);
		return;
	}
	if ((step->bits & WIN_NEEDS_REASON) && req_text(r, "reason", true, 1, TK_REASON_MAX, &reason) < 0)
		return;
	if ((step->bits & WIN_NEEDS_IDLE) && (win_refuse_busy(r, &w) || win_refuse_waiting(r, &w)))
		return;
	/* Closing also ends the window's run of priority calls. */
	bool drops = step->bits & WIN_DROPS_CLERK;
	db_run(s, "UPDATE windows SET status = ?2, pause_reason = ?3, status_since = ?4, "
	       "clerk = CASE WHEN ?5 <> 0 THEN ?6 ELSE clerk END, "
	       "priority_run = CASE WHEN ?7 <> 0 THEN 0 ELSE priority_run END WHERE no = ?1",
	       "issIisi", w.no, window_status_name(step->to), reason, clk_now(),
	       (step->bits & (WIN_SETS_CLERK | WIN_DROPS_CLERK)) != 0,
	       (step->bits & WIN_SETS_CLERK) ? r->auth.user : NULL, drops);
	cJSON *ev = cJSON_CreateObject();
	cJSON_AddStringToObject(ev, "status", window_status_name(step->to));
	cJSON_AddStringToObject(ev, "from", window_status_name(w.status));
	if (reason)
		cJSON_AddStringToObject(ev, "reason", reason);
	else
		cJSON_AddNullToObject(ev, "reason");
	ev_add(r, "window.status", w.no, 0, 0, ev);
	win_load(s, w.no, &w);
	srv_reply(r, 200, win_json(s, &w, clk_now()));
}

void h_window_open(struct req *r) { win_change(r, &win_steps[0]); }
void h_window_pause(struct req *r) { win_change(r, &win_steps[1]); }
void h_window_close(struct req *r) { win_change(r, &win_steps[2]); }

/* ---- the queue ---- */

void h_window_queue(struct req *r)
{
	struct srv *s = r->srv;
	struct win_row w;
	struct queue_item *items;
	struct tk_row t;
	int64_t now = clk_now();
	long limit;
	if (win_find(r, &w) ||
	    req_query_int(r, "limit", 1, WIN_QUEUE_LIMIT_MAX, WIN_QUEUE_LIMIT, &limit))
		return;
	size_t n = win_candidates(s, w.no, now, (size_t)limit, &items);
	size_t *order = xreallocarray(NULL, n ? n : 1, sizeof *order);
	queue_order(items, n, now, s->opt->priority_cap, w.priority_run, order);
	/* The first `limit` in call order; `total` says how many wait, so a
	 * long queue is counted right while its reply stays small. */
	int64_t total = win_waiting(s, w.no);
	cJSON *arr = cJSON_CreateArray();
	for (size_t i = 0; i < n && i < (size_t)limit; i++)
		if (tk_load_brief(s, items[order[i]].id, &t) == 0)
			cJSON_AddItemToArray(arr, tk_json(&t, now, false));
	free(order);
	free(items);
	cJSON *root = cJSON_CreateObject();
	cJSON_AddNumberToObject(root, "window", w.no);
	cJSON_AddItemToObject(root, "tickets", arr);
	cJSON_AddNumberToObject(root, "total", (double)total);
	srv_reply(r, 200, root);
}

/* Which ticket to call: the one named in the body, or the policy's next.
 * Returns 0 with *pick filled, or -1 after an error reply. */
static int win_pick(struct req *r, const struct win_row *w, int64_t now, struct queue_item *pick)
{
	struct srv *s = r->srv;
	struct queue_item *items;
	int64_t want = 0;
	if (req_int(r, "ticket", false, 1, LONG_MAX, &want) < 0)
		return -1;
	size_t n, i;
	if (want) {
		/* The one named, if this window may call it. */
		items = xmalloc(sizeof *items);
		db_q *st = db_prep(s, WIN_PROBE_COLS "t WHERE t.id = ?2 AND " WIN_CALLABLE,
					   "iI", w->no, want);
		n = i = 0;
		if (db_step(st) == DB_ROW) {
			items[0] = win_item_read(st);
			n = 1;
		}
		db_reset(st);
	} else {
		n = win_candidates(s, w->no, now, 1, &items);
		i = queue_next(items, n, now, s->opt->priority_cap, w->priority_run);
	}
	if (i < n)
		*pick = items[i];
	free(items);
	if (i < n)
		return 0;
	struct tk_row t;
	if (!want)
		srv_error(r, 404, "queue_empty", "nobody is waiting for window %d", w->no);
	else if (tk_find(r, want, &t) == 0)
		tk_conflict(r, "not_callable", cJSON_CreateString(ticket_status_name(t.status)),
			    "ticket %s is %s and not in the queue of window %d", t.number,
			    ticket_status_name(t.status), w->no);
	return -1;
}

void h_window_call(struct req *r)
{
	struct srv *s = r->srv;
	struct win_row w;
	struct queue_item pick;
	struct tk_row t;
	int64_t now = clk_now(), unused;
	if (win_find(r, &w) || !req_may_act_on_window(r, w.no))
		return;
	if (w.status != WINDOW_OPEN) {
		tk_conflict(r, "window_not_open", cJSON_CreateString(window_status_name(w.status)),
			    "window %d is %s: open it first", w.no, window_status_name(w.status));
		return;
	}
	if (win_refuse_busy(r, &w) || win_pick(r, &w, now, &pick) ||
	    tk_find(r, pick.id, &t) || tk_transition(r, &t, TICKET_CALL, w.no, &unused))
		return;
	db_run(s, "UPDATE windows SET current = ?2, priority_run = ?3 WHERE no = ?1", "iIi",
	       w.no, t.id, queue_next_run(w.priority_run, &pick, now));
	srv_reply(r, 200, tk_json(&t, now, true));
}
