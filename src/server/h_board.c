#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdlib.h>
#include <string.h>

#include "wicket/server/srv.h"
#include "wicket/server/srv_booking.h"
#include "wicket/server/srv_post.h"
#include "wicket/server/srv_ticket.h"
#include "wicket/common/xalloc.h"

/* What the supervisors watch: the hall board (every window, the waiting
 * per service, the promised cases due) and one window's day (its log,
 * cases and ratings).  The board is read on every event by every
 * supervisor's screen, so it is three statements whatever the size of the
 * hall. */

static int64_t board_since(int64_t now, int64_t t)
{
	return t > 0 && now > t ? now - t : 0;
}

/* The ticket at the window from columns col.. (id, number, status,
 * called_at, started_at): null when none is called or serving. */
static cJSON *board_current(db_q *st, int col, int64_t now)
{
	if (db_col_null(st, col))
		return cJSON_CreateNull();
	cJSON *c = cJSON_CreateObject();
	const char *status = db_col_text(st, col + 2);
	int64_t since = db_col_i64(st, strcmp(status, "serving") == 0 ? col + 4 : col + 3);
	cJSON_AddNumberToObject(c, "id", (double)db_col_i64(st, col));
	cJSON_AddStringToObject(c, "number", db_col_text(st, col + 1));
	cJSON_AddStringToObject(c, "status", status);
	clk_json_add(c, "since", since);
	cJSON_AddNumberToObject(c, "seconds", (double)board_since(now, since));
	return c;
}

/* zones: [{code, name, windows: [...]}] in the hall's zone order. */
static void board_add_zones(struct srv *s, cJSON *root, int64_t now)
{
	cJSON *zones = cJSON_AddArrayToObject(root, "zones"), *zone = NULL, *wins = NULL;
	struct win_row w;
	db_q *st = db_prep(s, "SELECT " WIN_COLS ", t.id, t.number, t.status, t.called_at, "
		"t.started_at, (SELECT count(*) FROM tickets f WHERE f.window = w.no AND "
		"f.status = 'done' AND f.finished_at >= ?1), " WIN_ATTENDED("w.no", "?2") " " WIN_FROM " "
		"LEFT JOIN tickets t ON t.id = w.current AND t.status IN ('called', 'serving') "
		"ORDER BY z.sort, z.code, w.no", "II", clk_day_start(clk_today()), now);
	while (db_step(st) == DB_ROW) {
		win_row_read(st, &w);
		if (!zone || strcmp(cJSON_GetObjectItem(zone, "code")->valuestring, w.zone) != 0) {
			zone = cJSON_CreateObject();
			cJSON_AddStringToObject(zone, "code", w.zone);
			cJSON_AddStringToObject(zone, "name", w.zone_name);
			wins = cJSON_AddArrayToObject(zone, "windows");
			cJSON_AddItemToArray(zones, zone);
		}
		cJSON *o = cJSON_CreateObject();
		win_json_state(o, &w);
		cJSON_AddNumberToObject(o, "status_seconds", (double)board_since(now, w.status_since));
		cJSON_AddBoolToObject(o, "attended", db_col_int(st, WIN_NCOLS + 6) != 0);
		cJSON_AddItemToObject(o, "current", board_current(st, WIN_NCOLS, now));
		cJSON_AddNumberToObject(o, "served_today", (double)db_col_i64(st, WIN_NCOLS + 5));
		cJSON_AddItemToArray(wins, o);
	}
	db_reset(st);
	/* AB岗: who covers whose post, and posts left with nobody. */
	post_board_add(s, zones, now);
}

/* The oldest waiting ticket of service, whoever it was sent to: its
 * issue time (0 when none waits) and number into number[16]. */
static int64_t board_oldest(struct srv *s, const char *service, char number[16])
{
	int64_t targets[256], oldest = 0;   /* 0 and the windows it was sent to */
	size_t n = 0;
	char no[16];
	db_q *st = db_prep(s, "SELECT target_window FROM queue_counts WHERE service = ? AND waiting > 0",
				   "s", service);
	while (n < sizeof targets / sizeof targets[0] && db_step(st) == DB_ROW)
		targets[n++] = db_col_i64(st, 0);
	db_reset(st);
	number[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		int64_t at = tk_oldest_waiting(s, service, targets[i], no, sizeof no);
		if (at && (!oldest || at < oldest)) {
			oldest = at;
			memcpy(number, no, sizeof no);
		}
	}
	return oldest;
}

/* services: [{code, name, waiting, longest_wait, oldest, open_windows}]
 * in the hall's order, from the counts kept in queue_counts (nobody counts
 * the queue).  open_windows counts the open windows that serve the
 * service, so that the board can show people waiting with nobody to call
 * them. */
static void board_add_services(struct srv *s, cJSON *root, int64_t now)
{
	cJSON *arr = cJSON_AddArrayToObject(root, "services");
	db_q *st = db_prep(s, "SELECT sv.code, sv.name, "
		"(SELECT coalesce(sum(q.waiting), 0) FROM queue_counts q WHERE q.service = sv.code), "
		"(SELECT count(*) FROM window_services ws JOIN windows w ON w.no = ws.window "
		"  WHERE ws.service = sv.code AND w.status = 'open') "
		"FROM services sv ORDER BY sv.sort, sv.code", "");
	while (db_step(st) == DB_ROW) {
		cJSON *o = cJSON_CreateObject();
		int64_t waiting = db_col_i64(st, 2);
		cJSON_AddStringToObject(o, "code", db_col_text(st, 0));
		cJSON_AddStringToObject(o, "name", db_col_text(st, 1));
		cJSON_AddNumberToObject(o, "waiting", (double)waiting);
		cJSON_AddNumberToObject(o, "open_windows", (double)db_col_i64(st, 3));
		cJSON_AddItemToArray(arr, o);
	}
	db_reset(st);
	/* The oldest of each, once the statement above is done. */
	cJSON *o;
	cJSON_ArrayForEach(o, arr) {
		char number[16];
		int64_t waiting = (int64_t)cJSON_GetObjectItem(o, "waiting")->valuedouble;
		int64_t at = waiting ? board_oldest(s, cJSON_GetObjectItem(o, "code")->valuestring, number) : 0;
		cJSON_AddNumberToObject(o, "longest_wait", (double)(at ? board_since(now, at) : 0));
		if (at)
			cJSON_AddStringToObject(o, "oldest", number);
		else
			cJSON_AddNullToObject(o, "oldest");
	}
}

/* due_cases: open promised cases due today or before, the most overdue
 * first.  No applicant data: the board is on a screen in the hall. */
static void board_add_due_cases(struct srv *s, cJSON *root)
{
	static const struct srv_col cols[] = {
		{ "id", 'i' }, { "number", 's' }, { "matter", 's' }, { "matter_name", 's' }, { "window", 'i' },
		{ "clerk", 's' }, { "due", 's' }, { "provisional", 'b' },
	};
	cJSON *arr = cJSON_AddArrayToObject(root, "due_cases");
	date_t today = clk_today(), due;
	char iso[DATE_ISO_SIZE];
	date_format_iso(today, iso);
	db_q *st = db_prep(s, "SELECT c.id, c.number, c.matter, m.name, c.window, c.clerk, c.due, "
		"c.provisional FROM cases c JOIN matters m ON m.code = c.matter WHERE c.status = 'accepted' "
		"AND m.kind = 'promised' AND c.due <= ? ORDER BY c.due, c.id", "s", iso);
	while (db_step(st) == DB_ROW) {
		cJSON *o = cJSON_CreateObject();
		srv_json_cols(o, st, 0, cols, sizeof cols / sizeof cols[0]);
		int overdue = date_parse_iso(db_col_text(st, 6), &due) ?
			      -cal_working_days_left(srv_cal(s), today, due, NULL) : 0;
		cJSON_AddNumberToObject(o, "working_days_overdue", overdue);
		cJSON_AddItemToArray(arr, o);
	}
	db_reset(st);
}

/* How many of the calendar's latest changes of due dates the board shows,
 * and how far back. */
#define BOARD_DUE_CHANGES 5
#define BOARD_DUE_CHANGES_DAYS 7

/* calendar: the next year whose notice is missing (from 1 November; null
 * otherwise), and the due dates a reload of the calendar changed in the
 * last BOARD_DUE_CHANGES_DAYS days, the latest first (calendar_reload.c). */
static void board_add_calendar(struct srv *s, cJSON *root, int64_t now)
{
	static const struct srv_col cols[] = {
		{ "case", 'i' }, { "number", 's' }, { "window", 'i' }, { "at", 't' },
	};
	cJSON *o = cJSON_AddObjectToObject(root, "calendar");
	int year;
	if (srv_calendar_next_missing(srv_cal(s), clk_today(), &year))
		cJSON_AddNumberToObject(o, "missing_year", year);
	else
		cJSON_AddNullToObject(o, "missing_year");
	cJSON *arr = cJSON_AddArrayToObject(o, "due_changes");
	db_q *st = db_prep(s, "SELECT c.id, c.number, c.window, cs.at, cs.detail FROM case_steps cs "
		"JOIN cases c ON c.id = cs.case_id WHERE cs.action = 'due_changed' AND cs.at >= ? "
		"ORDER BY cs.at DESC, cs.id DESC LIMIT ?", "Ii",
		now - BOARD_DUE_CHANGES_DAYS * 86400, BOARD_DUE_CHANGES);
	while (db_step(st) == DB_ROW) {
		cJSON *c = cJSON_CreateObject();
		srv_json_cols(c, st, 0, cols, sizeof cols / sizeof cols[0]);
		/* from, to, year, provisional: the step's detail, which we wrote. */
		cJSON *detail = cJSON_Parse(db_col_text(st, 4)), *it;
		cJSON_ArrayForEach(it, detail)
			cJSON_AddItemToObject(c, it->string, cJSON_Duplicate(it, true));
		cJSON_Delete(detail);
		cJSON_AddItemToArray(arr, c);
	}
	db_reset(st);
}

void h_board(struct req *r)
{
	struct srv *s = r->srv;
	int64_t now = clk_now();
	char today[DATE_ISO_SIZE];
	date_format_iso(clk_today(), today);
	cJSON *root = cJSON_CreateObject();
	clk_json_add(root, "now", now);
	cJSON_AddStringToObject(root, "today", today);
	board_add_zones(s, root, now);
	board_add_services(s, root, now);
	board_add_due_cases(s, root);
	board_add_calendar(s, root, now);
	bk_board_add(s, root, now);
	srv_reply(r, 200, root);
}

/* ---- a window's day ---------------------------------------------------- */

/* The timeline's name for a window.status entry: opened, paused, resumed
 * (opened from paused) or closed. */
static const char *day_status_kind(const cJSON *data)
{
	static const struct { const char *status, *from, *kind; } kinds[] = {
		{ .status = "open", .from = "paused", .kind = "window.resumed" },
		{ .status = "open", .kind = "window.opened" },
		{ .status = "paused", .kind = "window.paused" },
		{ .status = "closed", .kind = "window.closed" },
	};
	const char *status = cJSON_GetStringValue(cJSON_GetObjectItem(data, "status"));
	const char *from = cJSON_GetStringValue(cJSON_GetObjectItem(data, "from"));
	for (size_t i = 0; status && i < sizeof kinds / sizeof kinds[0]; i++)
		if (strcmp(status, kinds[i].status) == 0 &&
		    (!kinds[i].from || (from && strcmp(from, kinds[i].from) == 0)))
			return kinds[i].kind;
	return NULL;
}

/* timeline: one page of what the window's log holds for [start, end), in
 * the log's order, and timeline_total: how much it holds in all. */
static void day_add_timeline(struct srv *s, cJSON *root, int no, int64_t start, int64_t end,
			     const struct req_page *p)
{
	cJSON_AddNumberToObject(root, "timeline_total", (double)db_int(s, "SELECT count(*) FROM window_log "
		"WHERE window = ? AND at >= ? AND at < ?", 0, "iII", no, start, end));
	cJSON_AddNumberToObject(root, "offset", (double)p->offset);
	cJSON_AddNumberToObject(root, "limit", (double)p->limit);
	cJSON *arr = cJSON_AddArrayToObject(root, "timeline");
	db_q *st = db_prep(s, "SELECT l.seq, l.at, l.kind, l.window, l.ticket, l.case_id, l.data, "
		"l.user, u.name FROM window_log l LEFT JOIN users u ON u.user = l.user "
		"WHERE l.window = ? AND l.at >= ? AND l.at < ? ORDER BY l.seq LIMIT ? OFFSET ?", "iIIII",
		no, start, end, (int64_t)p->limit, (int64_t)p->offset);
	while (db_step(st) == DB_ROW) {
		cJSON *e = ev_row_json(st);
		const char *kind = strcmp(db_col_text(st, 2), "window.status") == 0 ?
				   day_status_kind(cJSON_GetObjectItem(e, "data")) : NULL;
		if (kind)
			cJSON_ReplaceItemInObject(e, "kind", cJSON_CreateString(kind));
		srv_json_col(e, "user", st, 7, 's');
		srv_json_col(e, "user_name", st, 8, 's');   /* the timeline names people */
		cJSON_AddItemToArray(arr, e);
	}
	db_reset(st);
}

/* cases: those a step of which was done at the window that day (a case
 * belongs to its service: accepted, completed or added to at any of its
 * windows), and those it took or completed that day before steps were
 * recorded. */
static void day_add_cases(struct srv *s, cJSON *root, int no, date_t d, int64_t start, int64_t end)
{
	static const struct srv_col cols[] = {
		{ "id", 'i' }, { "number", 's' }, { "matter", 's' }, { "matter_name", 's' }, { "kind", 's' },
		{ "status", 's' }, { "notified_on", 's' }, { "accepted_on", 's' }, { "due", 's' },
		{ "completed_on", 's' }, { "on_time", 'b' }, { "clerk", 's' }, { "provisional", 'b' },
	};
	char iso[DATE_ISO_SIZE];
	date_format_iso(d, iso);
	cJSON *arr = cJSON_AddArrayToObject(root, "cases");
	db_q *st = db_prep(s, "SELECT c.id, c.number, c.matter, m.name, m.kind, c.status, "
		"c.notified_on, c.accepted_on, c.due, c.completed_on, c.on_time, c.clerk, c.provisional "
		"FROM cases c JOIN matters m ON m.code = c.matter WHERE "
		"c.id IN (SELECT cs.case_id FROM case_steps cs WHERE cs.window = ?1 AND cs.at >= ?2 AND cs.at < ?3) "
		"OR (c.window = ?1 AND ((c.created_at >= ?2 AND c.created_at < ?3) OR c.completed_on = ?4)) "
		"ORDER BY c.id",
		"iIIs", no, start, end, iso);
	while (db_step(st) == DB_ROW) {
		cJSON *o = cJSON_CreateObject();
		srv_json_cols(o, st, 0, cols, sizeof cols / sizeof cols[0]);
		cJSON_AddItemToArray(arr, o);
	}
	db_reset(st);
}

/* ratings: {counts: [level 1..5], rated, list: [...]} of the ratings given
 * that day to the window's cases. */
static void day_add_ratings(struct srv *s, cJSON *root, int no, int64_t start, int64_t end)
{
	static const struct srv_col cols[] = {
		{ "case", 'i' }, { "number", 's' }, { "level", 'i' }, { "comment", 's' }, { "at", 't' },
	};
	cJSON *ratings = cJSON_AddObjectToObject(root, "ratings");
	cJSON *list = cJSON_CreateArray();
	int counts[5] = { 0 }, rated = 0;
	db_q *st = db_prep(s, "SELECT id, number, rating, rating_comment, rated_at FROM cases "
		"WHERE window = ? AND rated_at >= ? AND rated_at < ? ORDER BY rated_at, id", "iII", no, start, end);
	while (db_step(st) == DB_ROW) {
		int level = db_col_int(st, 2);
		if (level >= 1 && level <= 5)
			counts[level - 1]++;
		rated++;
		cJSON *o = cJSON_CreateObject();
		srv_json_cols(o, st, 0, cols, sizeof cols / sizeof cols[0]);
		cJSON_AddItemToArray(list, o);
	}
	db_reset(st);
	cJSON_AddItemToObject(ratings, "counts", cJSON_CreateIntArray(counts, 5));
	cJSON_AddNumberToObject(ratings, "rated", rated);
	cJSON_AddItemToObject(ratings, "list", list);
}

void h_window_day(struct req *r)
{
	struct srv *s = r->srv;
	struct win_row w;
	date_t d;
	struct req_page p;
	if (win_find(r, &w) || req_query_date(r, "date", clk_today(), &d) ||
	    req_query_page(r, SRV_PAGE_LIMIT, SRV_PAGE_MAX, &p))
		return;
	int64_t start = clk_day_start(d), end = clk_day_start(d + 1);
	char iso[DATE_ISO_SIZE];
	date_format_iso(d, iso);
	cJSON *root = cJSON_CreateObject();
	cJSON_AddNumberToObject(root, "window", w.no);
	cJSON_AddStringToObject(root, "name", w.name);
	cJSON_AddStringToObject(root, "date", iso);
	/* The window's tickets of the day that the day's end left over. */
	cJSON_AddNumberToObject(root, "expired", (double)db_int(s, "SELECT count(*) FROM tickets "
		"WHERE status = 'expired' AND day = ?2 AND coalesce(window, target_window) = ?1",
		0, "is", w.no, iso));
	day_add_timeline(s, root, w.no, start, end, &p);
	day_add_cases(s, root, w.no, d, start, end);
	day_add_ratings(s, root, w.no, start, end);
	srv_reply(r, 200, root);
}
