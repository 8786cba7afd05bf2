#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wicket/server/srv.h"
#include "wicket/server/srv_booking.h"
#include "wicket/common/xalloc.h"

/* 不打烊: sessions outside the hall's hours (a weekend morning, a workday's
 * evening) that a supervisor opens for named windows, issue #17.  In one,
 * tickets are issued and called as on any day (the queue never asks the
 * hours), the services of its windows can be booked in its span, a
 * service started in it is not 延时, and the report counts each session
 * apart.  A session keeps clear of the hall's own hours and of the day's
 * other sessions. */

#define EXTRA_DAYS_AHEAD 90
#define EXTRA_WINDOWS_MAX 64

/* The sessions' spans on day d whose windows serve service (NULL: every
 * session) into h, merged with what h holds (kept in order).  Returns how
 * many were added. */
static int extra_spans(struct srv *s, const char *service, date_t d, struct hours *h)
{
	char iso[DATE_ISO_SIZE];
	date_format_iso(d, iso);
	int added = 0;
	int64_t day = clk_day_start(d);
	db_q *st = db_prep(s, "SELECT e.starts_at, e.ends_at FROM extra_sessions e WHERE e.day = ?1 AND "
				   "(?2 IS NULL OR EXISTS (SELECT 1 FROM extra_session_windows x JOIN window_services ws "
				   "ON ws.window = x.window WHERE x.session = e.id AND ws.service = ?2)) "
				   "ORDER BY e.starts_at", "ss", iso, service);
	while (db_step(st) == DB_ROW && h->n < HOURS_MAX_SPANS) {
		int from = (int)((db_col_i64(st, 0) - day) / 60);
		int to = (int)((db_col_i64(st, 1) - day) / 60);
		/* Insert in order: the spans never overlap (h_extra_create). */
		int i = h->n;
		while (i > 0 && h->from[i - 1] > from) {
			h->from[i] = h->from[i - 1];
			h->to[i] = h->to[i - 1];
			i--;
		}
		h->from[i] = from;
		h->to[i] = to;
		h->n++;
		added++;
	}
	db_reset(st);
	return added;
}

bool bk_service_hours(struct srv *s, const char *service, date_t d, struct hours *h)
{
	bk_hours(s, d, h);
	extra_spans(s, service, d, h);
	return h->n > 0;
}

bool extra_window_in_session(struct srv *s, int window, int64_t at)
{
	return db_int(s, "SELECT count(*) FROM extra_sessions e JOIN extra_session_windows x ON x.session = e.id "
		      "WHERE x.window = ? AND e.starts_at <= ? AND e.ends_at > ?", 0, "iII", window, at, at) > 0;
}

/* ---- a session as JSON ---- */

/* What a session of [starts, ends) is now: planned, open or ended (one
 * closed before it began has ends == starts: ended). */
static const char *extra_status(int64_t starts, int64_t ends)
{
	int64_t now = clk_now();
	return now >= ends || ends <= starts ? "ended" : now < starts ? "planned" : "open";
}

static cJSON *extra_json(struct srv *s, int64_t id)
{
	cJSON *o = NULL;
	db_q *st = db_prep(s, "SELECT e.id, e.day, e.hours, e.starts_at, e.ends_at, e.created_by, u.name "
				   "FROM extra_sessions e LEFT JOIN users u ON u.user = e.created_by WHERE e.id = ?",
			   "I", id);
	if (db_step(st) == DB_ROW) {
		o = cJSON_CreateObject();
		cJSON_AddNumberToObject(o, "id", (double)db_col_i64(st, 0));
		cJSON_AddStringToObject(o, "date", db_col_text(st, 1));
		cJSON_AddStringToObject(o, "hours", db_col_text(st, 2));
		clk_json_add(o, "starts_at", db_col_i64(st, 3));
		clk_json_add(o, "ends_at", db_col_i64(st, 4));
		cJSON_AddStringToObject(o, "opened_by", db_col_text(st, 5));
		/* Who the supervisor is to the clerks: the name, not the account. */
		if (db_col_null(st, 6))
			cJSON_AddNullToObject(o, "opened_by_name");
		else
			cJSON_AddStringToObject(o, "opened_by_name", db_col_text(st, 6));
		cJSON_AddStringToObject(o, "status", extra_status(db_col_i64(st, 3),
								  db_col_i64(st, 4)));
	}
	db_reset(st);
	if (!o)
		return NULL;
	cJSON *arr = cJSON_AddArrayToObject(o, "windows");
	st = db_prep(s, "SELECT window FROM extra_session_windows WHERE session = ? ORDER BY window", "I", id);
	while (db_step(st) == DB_ROW)
		cJSON_AddItemToArray(arr, cJSON_CreateNumber(db_col_int(st, 0)));
	db_reset(st);
	return o;
}

/* ---- POST /extra-sessions ---- */

/* The body's "windows": 1 to EXTRA_WINDOWS_MAX windows of the hall into
 * nos; returns how many, or -1 after a 4xx. */
static int extra_req_windows(struct req *r, int nos[EXTRA_WINDOWS_MAX])
{
	const cJSON *arr = cJSON_GetObjectItemCaseSensitive(r->json, "windows"), *it;
	int n = 0;
	if (!cJSON_IsArray(arr) || cJSON_GetArraySize(arr) < 1 || cJSON_GetArraySize(arr) > EXTRA_WINDOWS_MAX) {
		srv_error(r, 400, arr ? "invalid_field" : "missing_field",
			  "the field 'windows' must be an array of 1 to %d window numbers", EXTRA_WINDOWS_MAX);
		return -1;
	}
	cJSON_ArrayForEach(it, arr) {
		if (!cJSON_IsNumber(it) || it->valuedouble != (double)it->valueint || it->valueint < 1) {
			srv_error(r, 400, "invalid_field", "the field 'windows' must hold window numbers");
			return -1;
		}
		if (!db_int(r->srv, "SELECT count(*) FROM windows WHERE no = ?", 0, "i", it->valueint)) {
			srv_error_x(r, 422, "unknown_window", cJSON_CreateNumber(it->valueint), "no window %d",
				    it->valueint);
			return -1;
		}
		nos[n++] = it->valueint;
	}
	return n;
}

/* The body's date and one span of hours: 0 with *d and *h, or -1 after a 4xx. */
static int extra_req_when(struct req *r, date_t *d, struct hours *h)
{
	const char *date, *hours;
	if (req_str(r, "date", true, &date) < 0 || req_str(r, "hours", true, &hours) < 0)
		return -1;
	if (!date_parse_iso(date, d) || *d < clk_today() || *d > clk_today() + EXTRA_DAYS_AHEAD) {
		srv_error(r, 400, "invalid_field", "the field 'date' must be a date from today to %d days ahead",
			  EXTRA_DAYS_AHEAD);
		return -1;
	}
	if (hours_parse(hours, h) || h->n != 1) {
		srv_error(r, 400, "invalid_field", "the field 'hours' must be one span \"HH:MM-HH:MM\"");
		return -1;
	}
	return 0;
}

void h_extra_create(struct req *r)
{
	struct srv *s = r->srv;
	date_t d;
	struct hours h, taken;
	int nos[EXTRA_WINDOWS_MAX], n;
	if (extra_req_when(r, &d, &h) || (n = extra_req_windows(r, nos)) < 0)
		return;
	/* Clear of the hall's hours and of the day's other sessions. */
	bk_hours(s, d, &taken);
	extra_spans(s, NULL, d, &taken);
	for (int i = 0; i < taken.n; i++)
		if (h.from[0] < taken.to[i] && taken.from[i] < h.to[0]) {
			srv_error(r, 409, "overlaps_hours", "the session overlaps the hall's hours or another "
				  "session of that day");
			return;
		}
	if (taken.n >= HOURS_MAX_SPANS) {
		srv_error(r, 409, "overlaps_hours", "that day has as many sessions as it can hold");
		return;
	}
	char iso[DATE_ISO_SIZE], text[64];
	date_format_iso(d, iso);
	hours_format(&h, text, sizeof text);
	int64_t day = clk_day_start(d);
	if (db_run(s, "INSERT INTO extra_sessions(day, hours, starts_at, ends_at, created_by, created_at) "
		   "VALUES(?, ?, ?, ?, ?, ?)", "ssIIsI", iso, text, day + 60 * (int64_t)h.from[0],
		   day + 60 * (int64_t)h.to[0], r->auth.user, clk_now())) {
		srv_error(r, 503, "busy", "the session could not be recorded; try again");
		return;
	}
	int64_t id = db_last_id(s);
	for (int i = 0; i < n; i++)
		db_run(s, "INSERT INTO extra_session_windows(session, window) VALUES(?, ?) "
		       "ON CONFLICT DO NOTHING", "Ii", id, nos[i]);
	srv_reply(r, 201, extra_json(s, id));
}

/* ---- POST /extra-sessions/{id}/close ---- */

/* The supervisor closes a session: one running ends now, one planned is
 * called off (it ends where it starts, and offers no slots); either stays
 * listed and reported with what was served in it. */
void h_extra_close(struct req *r)
{
	struct srv *s = r->srv;
	int64_t id = r->nparams > 0 ? bk_key_id(r->params[0]) : 0, starts = 0, ends = 0, now = clk_now();
	db_q *st = db_prep(s, "SELECT starts_at, ends_at FROM extra_sessions WHERE id = ?", "I", id);
	bool found = db_step(st) == DB_ROW;
	if (found) {
		starts = db_col_i64(st, 0);
		ends = db_col_i64(st, 1);
	}
	db_reset(st);
	if (!found) {
		srv_error(r, 404, "not_found", "no such session");
		return;
	}
	if (now >= ends || ends <= starts) {
		srv_error_x(r, 409, "invalid_state", cJSON_CreateString("ended"), "the session has ended");
		return;
	}
	db_run(s, "UPDATE extra_sessions SET ends_at = ? WHERE id = ?", "II", now < starts ? starts : now, id);
	srv_reply(r, 200, extra_json(s, id));
}

/* ---- GET /extra-sessions ---- */

#define EXTRA_LIST_MAX 500

/* The ids of the sessions from `from` to `to`, by start, into ids (at most
 * EXTRA_LIST_MAX); returns how many. */
static int extra_ids(struct srv *s, date_t from, date_t to, int64_t ids[EXTRA_LIST_MAX])
{
	char f[DATE_ISO_SIZE], t[DATE_ISO_SIZE];
	int n = 0;
	date_format_iso(from, f);
	date_format_iso(to, t);
	db_q *st = db_prep(s, "SELECT id FROM extra_sessions WHERE day >= ? AND day <= ? "
				   "ORDER BY starts_at, id LIMIT 500", "ss", f, t);
	while (db_step(st) == DB_ROW && n < EXTRA_LIST_MAX)
		ids[n++] = db_col_i64(st, 0);
	db_reset(st);
	return n;
}

void h_extra_list(struct req *r)
{
	date_t from, to;
	int64_t ids[EXTRA_LIST_MAX];
	if (req_query_date(r, "from", clk_today(), &from) || req_query_date(r, "to", from + 31, &to))
		return;
	int n = extra_ids(r->srv, from, to, ids);
	cJSON *arr = cJSON_CreateArray();
	for (int i = 0; i < n; i++) {
		cJSON *o = extra_json(r->srv, ids[i]);
		if (o)
			cJSON_AddItemToArray(arr, o);
	}
	srv_reply_list(r, "extra_sessions", arr);
}

/* ---- the report ---- */

void extra_report_add(struct srv *s, cJSON *root, date_t from, date_t to)
{
	int64_t ids[EXTRA_LIST_MAX];
	int n = extra_ids(s, from, to, ids);
	cJSON *arr = cJSON_AddArrayToObject(root, "extra_sessions");
	for (int i = 0; i < n; i++) {
		cJSON *o = extra_json(s, ids[i]);
		if (!o)
			continue;
		/* The tickets served at its windows that were started in it. */
		db_q *st = db_prep(s, "SELECT count(*), coalesce(sum(t.finished_at - t.started_at), 0) FROM tickets t "
			     "JOIN extra_sessions e ON e.id = ?1 WHERE t.status = 'done' AND t.started_at >= e.starts_at "
			     "AND t.started_at < e.ends_at AND t.window IN "
			     "(SELECT window FROM extra_session_windows WHERE session = ?1)", "I", ids[i]);
		int64_t served = 0, seconds = 0;
		if (db_step(st) == DB_ROW) {
			served = db_col_i64(st, 0);
			seconds = db_col_i64(st, 1);
		}
		db_reset(st);
		cJSON_AddNumberToObject(o, "tickets_served", (double)served);
		cJSON_AddNumberToObject(o, "handle_minutes", (double)((seconds + 30) / 60));
		cJSON_AddItemToArray(arr, o);
	}
}
