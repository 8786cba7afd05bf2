#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wicket/server/srv.h"
#include "wicket/server/srv_post.h"
#include "wicket/server/srv_ticket.h"
#include "wicket/common/xalloc.h"

/* AB岗 (issue #18).  Each window is a post: the administrator names its A
 * clerk and its B clerks.  A clerk (for himself) or a supervisor records
 * an absence of A's (leave, meeting, training: a reason, a period and a
 * handover note); while it lasts a B may sign in to A's window and works
 * there as its clerk: A's queue, the window's cases, its evaluator.  Each
 * such session is a cover (the table covers), for the board ("B covering
 * A since") and the report (cover time per post).  Everything done in it
 * is recorded under B's own name by the handlers that do it. */

#define POST_B_MAX 8              /* B clerks of one post */
#define POST_NOTE_MAX 200         /* characters of a handover note */
#define POST_ABSENCE_DAYS_MAX 366 /* the longest absence */

static const char *const post_reasons[] = { "leave", "meeting", "training", "other" };

/* The event post.changed {name: value} (value taken over): a post or an
 * absence changed, so the supervisors' boards read again (a post may be
 * left with nobody from now on).  At no window: it is in no window's log. */
static void post_changed(struct req *r, cJSON *value, const char *name)
{
	cJSON *data = cJSON_CreateObject();
	cJSON_AddItemToObject(data, name, value);
	ev_add(r, "post.changed", 0, 0, 0, data);
}

/* ---- absences -------------------------------------------------------- */

/* The id of user's absence that covers `at` (the latest begun), 0 when none. */
static int64_t post_away(struct srv *s, const char *user, int64_t at)
{
	return db_int(s, "SELECT id FROM absences WHERE user = ? AND starts <= ? AND ends > ? "
		      "ORDER BY starts DESC, id DESC LIMIT 1", 0, "sII", user, at, at);
}

#define POST_ABSENCE_COLS "a.id, a.user, u.name, a.reason, a.starts, a.ends, a.note, a.by_user, a.created"
#define POST_ABSENCE_FROM "FROM absences a JOIN users u ON u.user = a.user"

/* The absence of the current row of st (POST_ABSENCE_COLS) as JSON. */
static cJSON *post_absence_row(db_q *st, int64_t now)
{
	static const struct srv_col cols[] = {
		{ "id", 'i' }, { "user", 's' }, { "name", 's' }, { "reason", 's' }, { "from", 't' },
		{ "to", 't' }, { "note", 's' }, { "by", 's' }, { "created", 't' },
	};
	cJSON *o = cJSON_CreateObject();
	srv_json_cols(o, st, 0, cols, sizeof cols / sizeof cols[0]);
	cJSON_AddBoolToObject(o, "current", db_col_i64(st, 4) <= now && db_col_i64(st, 5) > now);
	return o;
}

/* Absence id as JSON, or NULL when there is none. */
static cJSON *post_absence_json(struct srv *s, int64_t id)
{
	cJSON *o = NULL;
	db_q *st = db_prep(s, "SELECT " POST_ABSENCE_COLS " " POST_ABSENCE_FROM " WHERE a.id = ?", "I", id);
	if (db_step(st) == DB_ROW)
		o = post_absence_row(st, clk_now());
	db_reset(st);
	return o;
}

/* A time of an absence's period: "YYYY-MM-DD" (the day's start, or with
 * end_of_day the next day's) or "YYYY-MM-DDTHH:MM" in the hall's time.
 * Returns 0 with *out, or -1. */
static int post_parse_time(const char *s, bool end_of_day, int64_t *out)
{
	char day[DATE_ISO_SIZE];
	date_t d;
	size_t n = strlen(s);
	if (n != 10 && n != 16)
		return -1;
	memcpy(day, s, 10);
	day[10] = '\0';
	if (!date_parse_iso(day, &d))
		return -1;
	if (n == 10) {
		*out = clk_day_start(end_of_day ? d + 1 : d);
		return 0;
	}
	int h, m;
	char t, colon;
	if (sscanf(s + 10, "%c%2d%c%2d", &t, &h, &colon, &m) != 4 || t != 'T' || colon != ':' ||
	    s[11] < '0' || s[11] > '9' || s[14] < '0' || s[14] > '9' || h > 23 || m > 59 || h < 0 || m < 0)
		return -1;
	*out = clk_day_start(d) + h * 3600 + m * 60;
	return 0;
}

/* The body's user `field` (value user): an account of a clerk, or a 422
 * unknown_user / not_a_clerk.  Returns 0 or -1. */
static int post_check_clerk(struct req *r, const char *field, const char *user)
{
	char *role = db_text(r->srv, "SELECT role FROM users WHERE user = ?", "s", user);
	int rc = 0;
	if (!role) {
		srv_error(r, 422, "unknown_user", "%s: there is no account '%s'", field, user);
		rc = -1;
	} else if (strcmp(role, "clerk") != 0) {
		srv_error(r, 422, "not_a_clerk", "%s: '%s' is not a clerk", field, user);
		rc = -1;
	}
	free(role);
	return rc;
}

/* The body's reason: one of post_reasons, else a 400. */
static int post_req_reason(struct req *r, const char **out)
{
	if (req_str(r, "reason", true, out) < 0)
		return -1;
	for (size_t i = 0; i < sizeof post_reasons / sizeof post_reasons[0]; i++)
		if (strcmp(*out, post_reasons[i]) == 0)
			return 0;
	srv_error(r, 400, "invalid_field", "the field 'reason' must be leave, meeting, training or other");
	return -1;
}

/* The body's period "from" .. "to" into *from, *to; -1 after a 4xx. */
static int post_req_period(struct req *r, int64_t *from, int64_t *to)
{
	const char *f, *t;
	if (req_str(r, "from", true, &f) < 0 || req_str(r, "to", true, &t) < 0)
		return -1;
	if (post_parse_time(f, false, from) || post_parse_time(t, true, to)) {
		srv_error(r, 400, "invalid_field", "'from' and 'to' must be YYYY-MM-DD or YYYY-MM-DDTHH:MM");
		return -1;
	}
	if (*to <= *from || *to - *from > POST_ABSENCE_DAYS_MAX * 86400LL) {
		srv_error(r, 422, "invalid_period", "the period must end after it begins, within %d days",
			  POST_ABSENCE_DAYS_MAX);
		return -1;
	}
	return 0;
}

void h_absence_create(struct req *r)
{
	struct srv *s = r->srv;
	const char *user = NULL, *reason, *note = "";
	int64_t from, to;
	if (req_str(r, "user", r->auth.role != ROLE_CLERK, &user) < 0)
		return;
	if (!user)
		user = r->auth.user;
	/* A clerk says when he himself will be away; a supervisor for anyone. */
	if (r->auth.role == ROLE_CLERK && strcmp(user, r->auth.user) != 0) {
		srv_error(r, 403, "forbidden", "a clerk records his own absences only");
		return;
	}
	if (post_check_clerk(r, "user", user) || post_req_reason(r, &reason) ||
	    req_text(r, "note", false, 0, POST_NOTE_MAX, &note) < 0 || post_req_period(r, &from, &to))
		return;
	if (db_run(s, "INSERT INTO absences(user, reason, starts, ends, note, by_user, created) "
		   "VALUES(?,?,?,?,?,?,?)", "ssIIssI", user, reason, from, to, note ? note : "",
		   r->auth.user, clk_now())) {
		srv_error(r, 503, "busy", "the database is busy; try again");
		return;
	}
	int64_t id = db_last_id(s);
	post_changed(r, cJSON_CreateString(user), "user");
	srv_reply(r, 201, post_absence_json(s, id));
}

void h_absence_list(struct req *r)
{
	struct srv *s = r->srv;
	struct req_page p;
	const char *user = req_query(r, "user");
	if (req_query_page(r, SRV_PAGE_LIMIT, SRV_PAGE_MAX, &p))
		return;
	if (r->auth.role == ROLE_CLERK)   /* a clerk reads his own */
		user = r->auth.user;
	int64_t now = clk_now();
	int64_t total = db_int(s, "SELECT count(*) FROM absences WHERE ?1 IS NULL OR user = ?1", 0, "s", user);
	cJSON *arr = cJSON_CreateArray();
	db_q *st = db_prep(s, "SELECT " POST_ABSENCE_COLS " " POST_ABSENCE_FROM " WHERE ?1 IS NULL OR a.user = ?1 "
			   "ORDER BY a.starts DESC, a.id DESC LIMIT ?2 OFFSET ?3", "sII", user,
			   (int64_t)p.limit, (int64_t)p.offset);
	while (db_step(st) == DB_ROW)
		cJSON_AddItemToArray(arr, post_absence_row(st, now));
	db_reset(st);
	srv_reply_page(r, "absences", arr, &p, total);
}

/* ---- posts ----------------------------------------------------------- */

/* {user, name} of user; the caller owns it. */
static cJSON *post_person(struct srv *s, const char *user)
{
	cJSON *o = cJSON_CreateObject();
	char *name = db_text(s, "SELECT name FROM users WHERE user = ?", "s", user);
	cJSON_AddStringToObject(o, "user", user);
	cJSON_AddStringToObject(o, "name", name ? name : "");
	free(name);
	return o;
}

/* The active cover of window no at now: its B, B's name and start into
 * the out parameters (user[64], name[128]); false when nobody covers. */
static bool post_active_cover(struct srv *s, int no, int64_t now, char *user, char *name, int64_t *since)
{
	bool found = false;
	db_q *st = db_prep(s, "SELECT c.user, u.name, c.started FROM covers c JOIN sessions se ON se.token = c.token "
			   "JOIN users u ON u.user = c.user WHERE c.window = ?1 AND c.ended IS NULL AND c.until > ?2 "
			   "AND se.seen > ?2 - " SESSION_ALIVE_TEXT " ORDER BY c.started, c.id LIMIT 1", "iI", no, now);
	if (db_step(st) == DB_ROW) {
		snprintf(user, 64, "%s", db_col_text(st, 0));
		snprintf(name, 128, "%s", db_col_text(st, 1));
		*since = db_col_i64(st, 2);
		found = true;
	}
	db_reset(st);
	return found;
}

/* Window no's post as JSON (NULL when it has none): window, window_name,
 * a, b, away, covering, unattended. */
static cJSON *post_json(struct srv *s, int no, int64_t now)
{
	char a[64] = "", wname[128] = "";
	bool attended = false, found = false;
	db_q *st = db_prep(s, "SELECT p.a_user, w.name, " WIN_ATTENDED("p.window", "?2") " FROM posts p "
			   "JOIN windows w ON w.no = p.window WHERE p.window = ?1", "iI", no, now);
	if (db_step(st) == DB_ROW) {
		snprintf(a, sizeof a, "%s", db_col_text(st, 0));
		snprintf(wname, sizeof wname, "%s", db_col_text(st, 1));
		attended = db_col_int(st, 2) != 0;
		found = true;
	}
	db_reset(st);
	if (!found)
		return NULL;
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "window", no);
	cJSON_AddStringToObject(o, "window_name", wname);
	cJSON_AddItemToObject(o, "a", post_person(s, a));
	cJSON *bs = cJSON_AddArrayToObject(o, "b");
	st = db_prep(s, "SELECT user FROM post_backups WHERE window = ? ORDER BY user", "i", no);
	while (db_step(st) == DB_ROW)
		cJSON_AddItemToArray(bs, cJSON_CreateString(db_col_text(st, 0)));
	db_reset(st);
	/* Their names, once the statement above is done. */
	cJSON *b, *named = cJSON_CreateArray();
	cJSON_ArrayForEach(b, bs)
		cJSON_AddItemToArray(named, post_person(s, b->valuestring));
	cJSON_ReplaceItemInObject(o, "b", named);
	int64_t away = post_away(s, a, now);
	cJSON_AddItemToObject(o, "away", away ? post_absence_json(s, away) : cJSON_CreateNull());
	char user[64], name[128];
	int64_t since;
	if (post_active_cover(s, no, now, user, name, &since)) {
		cJSON *c = cJSON_AddObjectToObject(o, "covering");
		cJSON_AddStringToObject(c, "user", user);
		cJSON_AddStringToObject(c, "name", name);
		clk_json_add(c, "since", since);
	} else {
		cJSON_AddNullToObject(o, "covering");
	}
	cJSON_AddBoolToObject(o, "unattended", away && !attended);
	return o;
}

void h_posts_list(struct req *r)
{
	struct srv *s = r->srv;
	int64_t now = clk_now();
	int nos[1024];
	size_t n = 0;
	db_q *st = db_prep(s, "SELECT window FROM posts ORDER BY window", "");
	while (n < sizeof nos / sizeof nos[0] && db_step(st) == DB_ROW)
		nos[n++] = db_col_int(st, 0);
	db_reset(st);
	cJSON *arr = cJSON_CreateArray();
	for (size_t i = 0; i < n; i++)
		cJSON_AddItemToArray(arr, post_json(s, nos[i], now));
	srv_reply_list(r, "posts", arr);
}

/* The body's "b": up to POST_B_MAX clerks, none of them a and none twice,
 * into bs[]; returns how many, or -1 after a 4xx. */
static int post_req_bs(struct req *r, const char *a, const char *bs[POST_B_MAX])
{
	const cJSON *arr = cJSON_GetObjectItemCaseSensitive(r->json, "b"), *it;
	int n = 0;
	if (!arr)
		return 0;
	if (!cJSON_IsArray(arr) || cJSON_GetArraySize(arr) > POST_B_MAX) {
		srv_error(r, 400, "invalid_field", "the field 'b' must be an array of at most %d user names",
			  POST_B_MAX);
		return -1;
	}
	cJSON_ArrayForEach(it, arr) {
		if (!cJSON_IsString(it)) {
			srv_error(r, 400, "invalid_field", "the field 'b' must hold user names");
			return -1;
		}
		bool again = strcmp(it->valuestring, a) == 0;
		for (int i = 0; i < n; i++)
			again = again || strcmp(bs[i], it->valuestring) == 0;
		if (again) {
			srv_error(r, 422, "invalid_post", "'%s' is named twice in the post", it->valuestring);
			return -1;
		}
		if (post_check_clerk(r, "b", it->valuestring))
			return -1;
		bs[n++] = it->valuestring;
	}
	return n;
}

void h_post_set(struct req *r)
{
	struct srv *s = r->srv;
	struct win_row w;
	const char *a, *bs[POST_B_MAX];
	int n;
	if (win_find(r, &w) || req_str(r, "a", true, &a) < 0 || post_check_clerk(r, "a", a) ||
	    (n = post_req_bs(r, a, bs)) < 0)
		return;
	/* The post replaces the window's last; its A is assigned the window
	 * (signs in to it as any clerk to his own). */
	int rc = db_run(s, "DELETE FROM post_backups WHERE window = ?", "i", w.no) ||
		 db_run(s, "DELETE FROM posts WHERE window = ?", "i", w.no) ||
		 db_run(s, "INSERT INTO posts(window, a_user) VALUES(?,?)", "is", w.no, a) ||
		 db_run(s, "INSERT INTO user_windows(user, window) SELECT ?1, ?2 WHERE NOT EXISTS "
			"(SELECT 1 FROM user_windows WHERE user = ?1 AND window = ?2)", "si", a, w.no);
	for (int i = 0; i < n && !rc; i++)
		rc = db_run(s, "INSERT INTO post_backups(window, user) VALUES(?,?)", "is", w.no, bs[i]);
	if (rc) {
		srv_error(r, 503, "busy", "the database is busy; try again");
		return;
	}
	post_changed(r, cJSON_CreateNumber(w.no), "window");
	srv_reply(r, 200, post_json(s, w.no, clk_now()));
}

/* ---- covers: sign-in, sign-out, board, report ------------------------ */

int post_back(struct req *r, const char *user, int window)
{
	struct srv *s = r->srv;
	int64_t now = clk_now();
	if (!db_int(s, "SELECT count(*) FROM posts WHERE a_user = ?1 AND (?2 = 0 OR window = ?2)", 0, "si", user,
		    window))
		return 0;
	int64_t away = post_away(s, user, now);
	if (!away)
		return 0;
	if (db_run(s, "UPDATE absences SET ends = ? WHERE id = ?", "II", now, away))
		return -1;
	post_changed(r, post_absence_json(s, away), "absence");
	log_info("%s is back at his post: absence %lld ends now", user, (long long)away);
	return 1;
}

int post_cover_check(struct req *r, const char *user, int window, struct post_cover *c)
{
	struct srv *s = r->srv;
	char *a = db_text(s, "SELECT a_user FROM posts WHERE window = ?", "i", window);
	if (!a || strcmp(a, user) == 0 ||
	    !db_int(s, "SELECT count(*) FROM post_backups WHERE window = ? AND user = ?", 0, "is", window, user)) {
		free(a);
		return 0;
	}
	int64_t away = post_away(s, a, clk_now());
	if (away) {
		c->window = window;
		snprintf(c->a_user, sizeof c->a_user, "%s", a);
		c->absence = away;
		free(a);
		return 1;
	}
	bool assigned = db_int(s, "SELECT count(*) FROM user_windows WHERE user = ? AND window = ?", 0,
			       "si", user, window) > 0;
	if (!assigned)
		srv_error(r, 409, "a_present", "window %d is %s's post, who is not away: a B covers it only "
			  "while its A is away", window, a);
	free(a);
	return assigned ? 0 : -1;
}

int post_cover_start(struct srv *s, const struct post_cover *c, const char *user,
		     const char *token_hash, int64_t expires)
{
	return db_run(s, "INSERT INTO covers(window, user, a_user, absence, token, started, until) "
		      "VALUES(?,?,?,?,?,?,?)", "issIsII", c->window, user, c->a_user, c->absence,
		      token_hash, clk_now(), expires);
}

cJSON *post_cover_json(struct srv *s, const char *token_hash)
{
	cJSON *o = NULL;
	db_q *st = db_prep(s, "SELECT c.window, c.a_user, u.name, a.reason, a.starts, a.ends, a.note, c.started "
			   "FROM covers c JOIN absences a ON a.id = c.absence JOIN users u ON u.user = c.a_user "
			   "WHERE c.token = ? AND c.ended IS NULL", "s", token_hash);
	if (db_step(st) == DB_ROW) {
		static const struct srv_col cols[] = {
			{ "window", 'i' }, { "a", 's' }, { "a_name", 's' }, { "reason", 's' }, { "from", 't' },
			{ "to", 't' }, { "note", 's' }, { "since", 't' },
		};
		o = cJSON_CreateObject();
		srv_json_cols(o, st, 0, cols, sizeof cols / sizeof cols[0]);
	}
	db_reset(st);
	return o;
}

void post_cover_end(struct srv *s, const char *token_hash)
{
	db_run(s, "UPDATE covers SET ended = ? WHERE token = ? AND ended IS NULL", "Is", clk_now(), token_hash);
}

void post_cover_end_user(struct srv *s, const char *user)
{
	db_run(s, "UPDATE covers SET ended = ? WHERE user = ? AND ended IS NULL", "Is", clk_now(), user);
}

/* The board's object of window no in zones, or NULL. */
static cJSON *post_board_window(cJSON *zones, int no)
{
	cJSON *z, *o;
	cJSON_ArrayForEach(z, zones)
		cJSON_ArrayForEach(o, cJSON_GetObjectItem(z, "windows"))
			if ((int)cJSON_GetNumberValue(cJSON_GetObjectItem(o, "no")) == no)
				return o;
	return NULL;
}

void post_board_add(struct srv *s, cJSON *zones, int64_t now)
{
	/* Two statements for the whole hall: the covers going on (the first
	 * begun of a window's), and the posts whose A is away. */
	db_q *st = db_prep(s, "SELECT c.window, c.user, u.name, c.a_user, ua.name, c.started FROM covers c "
			   "JOIN sessions se ON se.token = c.token JOIN users u ON u.user = c.user "
			   "JOIN users ua ON ua.user = c.a_user WHERE c.ended IS NULL AND c.until > ?1 "
			   "AND se.seen > ?1 - " SESSION_ALIVE_TEXT " ORDER BY c.window, c.started, c.id", "I", now);
	while (db_step(st) == DB_ROW) {
		cJSON *o = post_board_window(zones, db_col_int(st, 0));
		if (!o || cJSON_GetObjectItem(o, "covering"))
			continue;
		static const struct srv_col cols[] = {
			{ "user", 's' }, { "name", 's' }, { "a", 's' }, { "a_name", 's' }, { "since", 't' },
		};
		srv_json_cols(cJSON_AddObjectToObject(o, "covering"), st, 1, cols, sizeof cols / sizeof cols[0]);
	}
	db_reset(st);
	st = db_prep(s, "SELECT p.window FROM posts p WHERE EXISTS(SELECT 1 FROM absences a "
		     "WHERE a.user = p.a_user AND a.starts <= ?1 AND a.ends > ?1)", "I", now);
	while (db_step(st) == DB_ROW) {
		cJSON *o = post_board_window(zones, db_col_int(st, 0));
		if (o && !cJSON_IsTrue(cJSON_GetObjectItem(o, "attended")))
			cJSON_AddBoolToObject(o, "unattended", true);
	}
	db_reset(st);
	cJSON *z, *o;
	cJSON_ArrayForEach(z, zones)
		cJSON_ArrayForEach(o, cJSON_GetObjectItem(z, "windows")) {
			if (!cJSON_GetObjectItem(o, "covering"))
				cJSON_AddNullToObject(o, "covering");
			if (!cJSON_GetObjectItem(o, "unattended"))
				cJSON_AddBoolToObject(o, "unattended", false);
		}
}

/* One row of the report's cover: a B's time at a post. */
struct post_cover_sum {
	int window;
	char a[64], a_name[128], user[64], name[128];
	int64_t seconds;
};

void post_report_add(struct srv *s, cJSON *root, int64_t start, int64_t end)
{
	int64_t now = clk_now();
	struct post_cover_sum *rows = NULL;
	size_t n = 0, cap = 0;
	db_q *st = db_prep(s, "SELECT c.window, c.a_user, ua.name, c.user, u.name, c.started, "
			   "coalesce(c.ended, c.until) FROM covers c JOIN users u ON u.user = c.user "
			   "JOIN users ua ON ua.user = c.a_user WHERE c.started < ?2 AND coalesce(c.ended, c.until) > ?1 "
			   "ORDER BY c.window, c.user, c.id", "II", start, end);
	while (db_step(st) == DB_ROW) {
		int64_t from = db_col_i64(st, 5), to = db_col_i64(st, 6);
		from = from > start ? from : start;
		to = to < end ? to : end;
		to = to < now ? to : now;
		struct post_cover_sum *last = n ? &rows[n - 1] : NULL;
		if (!last || last->window != db_col_int(st, 0) || strcmp(last->user, db_col_text(st, 3)) != 0 ||
		    strcmp(last->a, db_col_text(st, 1)) != 0) {
			if (n == cap) {
				cap = cap ? 2 * cap : 8;
				rows = xrealloc(rows, cap * sizeof *rows);
			}
			last = &rows[n++];
			memset(last, 0, sizeof *last);
			last->window = db_col_int(st, 0);
			snprintf(last->a, sizeof last->a, "%s", db_col_text(st, 1));
			snprintf(last->a_name, sizeof last->a_name, "%s", db_col_text(st, 2));
			snprintf(last->user, sizeof last->user, "%s", db_col_text(st, 3));
			snprintf(last->name, sizeof last->name, "%s", db_col_text(st, 4));
		}
		last->seconds += to > from ? to - from : 0;
	}
	db_reset(st);
	cJSON *arr = cJSON_AddArrayToObject(root, "cover");
	for (size_t i = 0; i < n; i++) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddNumberToObject(o, "window", rows[i].window);
		cJSON_AddStringToObject(o, "a", rows[i].a);
		cJSON_AddStringToObject(o, "a_name", rows[i].a_name);
		cJSON_AddStringToObject(o, "user", rows[i].user);
		cJSON_AddStringToObject(o, "name", rows[i].name);
		cJSON_AddNumberToObject(o, "seconds", (double)rows[i].seconds);
		cJSON_AddItemToArray(arr, o);
	}
	free(rows);
}
