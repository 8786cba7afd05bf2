#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wicket/common/buf.h"
#include "wicket/common/csv.h"
#include "wicket/common/log.h"
#include "wicket/server/srv.h"
#include "wicket/server/srv_case.h"
#include "wicket/server/srv_ticket.h"
#include "wicket/common/xalloc.h"

/* 好差评, the applicant's rating of a service (国办发〔2019〕51号): one per
 * service (一次一评), given by the applicant, never by the clerk (代评).
 *
 * When a clerk finishes a service at a window where an evaluator (评价器)
 * is signed in, the service's rating row is 'asking' until the applicant
 * rates on the evaluator or the hall's rating_wait_seconds pass; then it
 * is 'unrated', or rated with the channel system_default (满意) when the
 * hall's rating_system_default says so.  The clerk's own key stays for a
 * paper form (channel paper), refused for a service already rated; a
 * follow-up call's rating is the case's second (channel callback).  A
 * poor rating (level 1 or 2: 非常不满意, 不满意) needs a reason of the list
 * and opens a follow-up call when the service had a case.  GET /ratings
 * exports them for the national platform (docs/api.md, "好差评 export"). */

#define RT_COMMENT_MAX 200
#define RT_WAIT_DEFAULT 120       /* seconds the evaluator asks */
#define RT_DEFAULT_LEVEL 4        /* the system's default rating: 满意 */

/* The reasons of a poor rating: code on the wire, name in the export. */
static const struct {
	const char *code, *name;
} rt_reasons[] = {
	{ "attitude", "服务态度" }, { "efficiency", "办事效率" }, { "policy", "政策解释" },
	{ "materials", "材料要求" }, { "environment", "环境设施" }, { "other", "其他" },
};
#define RT_NREASONS (sizeof rt_reasons / sizeof rt_reasons[0])

/* The channels and their codes in the export. */
static const struct {
	const char *name, *code;
} rt_channels[] = {
	{ "evaluator", "1" }, { "paper", "2" }, { "callback", "3" }, { "system_default", "4" },
};

static const char *const rt_levels[6] = { "", "非常不满意", "不满意", "基本满意", "满意", "非常满意" };

static const char *rt_reason_name(const char *code)
{
	for (size_t i = 0; code && i < RT_NREASONS; i++)
		if (strcmp(code, rt_reasons[i].code) == 0)
			return rt_reasons[i].name;
	return NULL;
}

static const char *rt_channel_code(const char *name)
{
	for (size_t i = 0; i < sizeof rt_channels / sizeof rt_channels[0]; i++)
		if (strcmp(name, rt_channels[i].name) == 0)
			return rt_channels[i].code;
	return "";
}

/* The reason and comment of the body: a reason of the list is required
 * for a poor rating (level <= 2) when need (a paper form may lack it), and
 * refused for any other.  Returns 0, or -1 after a 400. */
static int rt_read_reason(struct req *r, int64_t level, bool need, const char **reason,
			  const char **comment)
{
	*reason = *comment = NULL;
	int has = req_str(r, "reason", false, reason);
	if (has < 0 || req_text(r, "comment", false, 0, RT_COMMENT_MAX, comment) < 0)
		return -1;
	if (level <= 2 && has != 0 && need) {
		srv_error(r, 400, "missing_field", "a poor rating (1 or 2) needs a 'reason': attitude, "
			  "efficiency, policy, materials, environment or other");
		return -1;
	}
	if (has == 0 && (level > 2 || !rt_reason_name(*reason))) {
		srv_error(r, 400, "invalid_field", level > 2 ? "a 'reason' is given only with a poor rating" :
			  "'reason' must be attitude, efficiency, policy, materials, environment or other");
		return -1;
	}
	return 0;
}

/* ---- asking, at the end of a service ----------------------------------- */

/* An evaluator's session is alive at window no (as WIN_ATTENDED, for
 * the evaluator's role). */
static bool rt_evaluator_there(struct srv *s, int64_t no, int64_t now)
{
	return db_int(s, "SELECT EXISTS(SELECT 1 FROM sessions se JOIN users u USING(user) "
		      "WHERE u.role = 'evaluator' AND se.drill IS NULL AND se.expires > ?2 AND "
		      "se.seen > ?2 - " SESSION_ALIVE_TEXT " AND "
		      "(',' || se.windows || ',') LIKE ('%,' || ?1 || ',%'))", 0, "II", no, now) != 0;
}

/* The case a service (ticket) was a visit of, the latest; 0 when none. */
static int64_t rt_case_of(struct srv *s, int64_t ticket)
{
	return db_int(s, "SELECT case_id FROM case_steps WHERE ticket = ? ORDER BY id DESC LIMIT 1", 0,
		      "I", ticket);
}

void rating_ask(struct req *r, int64_t ticket)
{
	struct srv *s = r->srv;
	struct tk_row t;
	int64_t now = clk_now();
	if (r->auth.drill || tk_load(s, ticket, &t) || t.status != TICKET_DONE ||
	    !rt_evaluator_there(s, t.window, now))
		return;
	int64_t wait = hall_setting_int(s, "rating_wait_seconds", RT_WAIT_DEFAULT, 10, 3600);
	db_run(s, "INSERT INTO ratings(ticket, case_id, window, clerk, status, asked_at, deadline) "
	       "VALUES(?, nullif(?, 0), ?, nullif(?, ''), 'asking', ?, ?) ON CONFLICT DO NOTHING",
	       "IIIsII", t.id, rt_case_of(s, t.id), t.window, t.clerk, now, now + wait);
	if (db_changes(s) == 0)      /* rated already (the hall's kiosk) */
		return;
	cJSON *ev = cJSON_CreateObject();
	cJSON_AddStringToObject(ev, "number", t.number);
	clk_json_add(ev, "deadline", now + wait);
	ev_add(r, "rating.asked", (int)t.window, t.id, 0, ev);
}

/* ---- the deadline --------------------------------------------------- */

/* One asking rating past its deadline ends: unrated, or the system's
 * default.  Returns 1 when one ended, 0 when none is left, -1 on error. */
static int rt_expire_one(struct req *r, int64_t now, bool dflt)
{
	struct srv *s = r->srv;
	db_q *st = db_prep(s, "SELECT rt.id, rt.ticket, coalesce(rt.window, 0), t.number, rt.deadline "
				   "FROM ratings rt LEFT JOIN tickets t ON t.id = rt.ticket "
				   "WHERE rt.status = 'asking' AND rt.deadline <= ? ORDER BY rt.deadline LIMIT 1",
				   "I", now);
	if (db_step(st) != DB_ROW) {
		db_reset(st);
		return 0;
	}
	int64_t id = db_col_i64(st, 0), ticket = db_col_i64(st, 1);
	int window = db_col_int(st, 2);
	int64_t deadline = db_col_i64(st, 4);
	cJSON *ev = cJSON_CreateObject();
	cJSON_AddStringToObject(ev, "number", db_col_text(st, 3));
	db_reset(st);
	int rc = dflt ? db_run(s, "UPDATE ratings SET status = 'rated', channel = 'system_default', level = ?, "
			       "rated_at = deadline WHERE id = ?", "iI", RT_DEFAULT_LEVEL, id) :
		 db_run(s, "UPDATE ratings SET status = 'unrated' WHERE id = ?", "I", id);
	if (rc) {
		cJSON_Delete(ev);
		return -1;
	}
	if (dflt) {
		cJSON_AddStringToObject(ev, "channel", "system_default");
		cJSON_AddNumberToObject(ev, "level", RT_DEFAULT_LEVEL);
	} else {
		cJSON_AddNullToObject(ev, "channel");
	}
	ev_add_at(r, deadline, "rating.expired", window, ticket, 0, ev);
	return 1;
}

void rating_sweep(struct srv *s)
{
	int64_t now = clk_now();
	if (!s->drills || db_int(s, "SELECT count(*) FROM ratings WHERE status = 'asking' AND deadline <= ?",
				 0, "I", now) == 0)
		return;
	bool dflt = hall_setting_int(s, "rating_system_default", 0, 0, 1) != 0;
	struct req r = { .srv = s };
	int rc = db_begin(s);
	while (rc == 0 && (rc = rt_expire_one(&r, now, dflt)) == 1)
		rc = 0;
	if (rc == 0 && db_commit(s) == 0) {
		ev_wake(s);
		return;
	}
	db_rollback(s);
	log_warn("the ratings past their time could not be ended; tried again");
}

/* ---- recording a rating ----------------------------------------------- */

/* The cases' own ratings (cases.rating, their "rated" step and the
 * follow-up call of a poor one), of every case the service (ticket) was
 * a visit of that has none yet: the applicant rated the visit once.
 * Returns 0, or -1 after a reply. */
static int rt_rate_cases(struct req *r, int64_t ticket, int64_t level, const char *comment,
			 const struct case_at *at, const char *channel)
{
	int64_t ids[16];
	size_t n = 0;
	db_q *st = db_prep(r->srv, "SELECT DISTINCT case_id FROM case_steps WHERE ticket = ? "
				   "ORDER BY case_id LIMIT 16", "I", ticket);
	while (db_step(st) == DB_ROW)
		ids[n++] = db_col_i64(st, 0);
	db_reset(st);
	/* A service that made no case: its 差评 is followed up all the same. */
	if (n == 0 && level <= 2)
		return cb_open_bad_rating_visit(r, ticket, (int)level);
	for (size_t i = 0; i < n; i++) {
		struct kase k;
		if (case_load_id(r, ids[i], &k))
			return -1;
		int rc = 0;
		if (!k.rated) {
			db_run(r->srv, "UPDATE cases SET rating = ?, rating_comment = ?, rated_at = ? WHERE id = ?",
			       "IsII", level, comment, clk_now(), k.id);
			cJSON *detail = cJSON_CreateObject();
			cJSON_AddNumberToObject(detail, "level", (double)level);
			cJSON_AddStringToObject(detail, "channel", channel);
			case_step(r, &k, "rated", at, detail);
			if (level <= 2)
				rc = cb_open_bad_rating(r, k.id, (int)level, "counter", 0);
		}
		case_kase_free(&k);
		if (rc)
			return -1;
	}
	return 0;
}

/* The rating.recorded event at the window of rating row id. */
static void rt_event(struct req *r, int64_t id)
{
	db_q *st = db_prep(r->srv, "SELECT coalesce(rt.window, 0), coalesce(rt.ticket, 0), "
				   "coalesce(rt.case_id, 0), t.number, rt.level, rt.channel, rt.reason "
				   "FROM ratings rt LEFT JOIN tickets t ON t.id = rt.ticket WHERE rt.id = ?", "I", id);
	if (db_step(st) != DB_ROW) {
		db_reset(st);
		return;
	}
	int window = db_col_int(st, 0);
	int64_t ticket = db_col_i64(st, 1), case_id = db_col_i64(st, 2);
	cJSON *ev = cJSON_CreateObject();
	srv_json_col(ev, "number", st, 3, 's');
	srv_json_col(ev, "level", st, 4, 'i');
	srv_json_col(ev, "channel", st, 5, 's');
	srv_json_col(ev, "reason", st, 6, 's');
	cJSON_AddNumberToObject(ev, "rating", (double)id);
	db_reset(st);
	ev_add(r, "rating.recorded", window, ticket, case_id, ev);
}

int rating_given(struct req *r, int64_t case_id, const struct case_at *at, int64_t level,
		 const char *reason, const char *comment, const char *channel)
{
	struct srv *s = r->srv;
	int64_t ticket = at->ticket ? at->ticket :
		db_int(s, "SELECT coalesce(max(ticket), 0) FROM case_steps WHERE case_id = ?", 0, "I", case_id);
	/* The service's row for this case: asked for it, or for the visit. */
	int64_t id = 0;
	char done[24] = "";
	db_q *st = db_prep(s, "SELECT id, status, coalesce(channel, '') FROM ratings WHERE ticket = ? "
				   "AND ordinal = 1 AND (case_id = ? OR case_id IS NULL) ORDER BY case_id IS NULL "
				   "LIMIT 1", "II", ticket, case_id);
	if (ticket && db_step(st) == DB_ROW) {
		id = db_col_i64(st, 0);
		if (strcmp(db_col_text(st, 1), "rated") == 0)
			tk_copy(done, sizeof done, st, 2);
	}
	db_reset(st);
	if (done[0] && strcmp(done, "system_default") != 0) {
		cJSON *extra = cJSON_CreateObject();
		cJSON_AddStringToObject(extra, "channel", done);
		srv_error_x(r, 409, "already_rated", extra, "this service was rated already (%s): "
			    "one rating per service", done);
		return -1;
	}
	int64_t now = clk_now();
	if (id) {
		db_run(s, "UPDATE ratings SET status = 'rated', channel = ?, level = ?, reason = ?, comment = ?, "
		       "rated_at = ?, user = ?, case_id = ? WHERE id = ?", "sIssIsII", channel,
		       level, reason, comment, now, r->auth.user, case_id, id);
	} else {
		db_run(s, "INSERT INTO ratings(ticket, case_id, window, clerk, status, channel, level, reason, "
		       "comment, asked_at, rated_at, user) SELECT nullif(?1, 0), ?2, coalesce(nullif(?3, 0), "
		       "c.window), coalesce(t.clerk, c.clerk), 'rated', ?4, ?5, ?6, ?7, ?8, ?8, ?9 FROM cases c "
		       "LEFT JOIN tickets t ON t.id = ?1 WHERE c.id = ?2", "IIisIssIs", ticket, case_id, at->window,
		       channel, level, reason, comment, now, r->auth.user);
		id = db_last_id(s);
	}
	rt_event(r, id);
	return 0;
}

int rating_read_reason(struct req *r, int64_t level, const char **reason, const char **comment)
{
	return rt_read_reason(r, level, false, reason, comment);
}

void rating_callback(struct req *r, int64_t case_id, int64_t level)
{
	db_run(r->srv, "INSERT INTO ratings(case_id, window, clerk, ordinal, status, channel, level, asked_at, "
	       "rated_at, user) SELECT id, window, clerk, 2, 'rated', 'callback', ?1, ?2, ?2, ?3 FROM cases "
	       "WHERE id = ?4", "IIsI", level, clk_now(), r->auth.user, case_id);
}

/* ---- the evaluator ---------------------------------------------------- */

/* The evaluator's window: its first (it is bound to one). */
static int rt_window(const struct req *r)
{
	return r->auth.nwindows ? r->auth.windows[0] : 0;
}

/* GET /evaluator: what the applicant at the evaluator's window may see. */
void h_evaluator(struct req *r)
{
	struct srv *s = r->srv;
	int no = rt_window(r);
	int64_t now = clk_now();
	db_q *st = db_prep(s, "SELECT " WIN_COLS ", t.status, t.number " WIN_FROM
				   " LEFT JOIN tickets t ON t.id = w.current WHERE w.no = ?", "i", no);
	if (db_step(st) != DB_ROW) {
		db_reset(st);
		srv_error(r, 404, "not_found", "this evaluator is bound to no window");
		return;
	}
	struct win_row w;
	win_row_read(st, &w);
	bool serving = strcmp(db_col_text(st, WIN_NCOLS), "serving") == 0;
	bool called = strcmp(db_col_text(st, WIN_NCOLS), "called") == 0;
	cJSON *root = cJSON_CreateObject();
	cJSON_AddNumberToObject(root, "window", w.no);
	cJSON_AddStringToObject(root, "window_name", w.name);
	cJSON_AddStringToObject(root, "status", window_status_name(w.status));
	if (w.clerk[0]) {
		cJSON *c = cJSON_AddObjectToObject(root, "clerk");
		cJSON_AddStringToObject(c, "user", w.clerk);
		cJSON_AddStringToObject(c, "name", w.clerk_name);
	} else {
		cJSON_AddNullToObject(root, "clerk");
	}
	cJSON_AddBoolToObject(root, "serving", serving);
	if (serving || called)
		srv_json_col(root, "ticket_number", st, WIN_NCOLS + 1, 's');
	else
		cJSON_AddNullToObject(root, "ticket_number");
	db_reset(st);
	st = db_prep(s, "SELECT rt.ticket, t.number, rt.deadline FROM ratings rt JOIN tickets t ON t.id = rt.ticket "
		     "WHERE rt.window = ? AND rt.status = 'asking' AND rt.deadline > ? ORDER BY rt.id DESC LIMIT 1",
		     "iI", no, now);
	if (db_step(st) == DB_ROW) {
		cJSON *a = cJSON_AddObjectToObject(root, "asking");
		srv_json_col(a, "ticket", st, 0, 'i');
		srv_json_col(a, "number", st, 1, 's');
		clk_json_add(a, "deadline", db_col_i64(st, 2));
		cJSON_AddNumberToObject(a, "seconds_left", (double)(db_col_i64(st, 2) - now));
	} else {
		cJSON_AddNullToObject(root, "asking");
	}
	db_reset(st);
	srv_reply(r, 200, root);
}

/* POST /evaluator/rating {ticket, level, reason, comment}. */
void h_evaluator_rate(struct req *r)
{
	struct srv *s = r->srv;
	int64_t ticket, level;
	const char *reason, *comment;
	if (req_int(r, "ticket", true, 1, INT64_MAX, &ticket) < 0 || req_int(r, "level", true, 1, 5, &level) < 0 ||
	    rt_read_reason(r, level, true, &reason, &comment))
		return;
	db_q *st = db_prep(s, "SELECT id, status, coalesce(channel, ''), deadline "
				   "FROM ratings WHERE ticket = ? AND ordinal = 1 AND window = ? "
				   "ORDER BY status = 'asking' DESC, id DESC LIMIT 1", "Ii", ticket,
				   rt_window(r));
	if (db_step(st) != DB_ROW) {
		db_reset(st);
		srv_error(r, 404, "not_found", "no service of this window awaits a rating as ticket %lld",
			  (long long)ticket);
		return;
	}
	int64_t id = db_col_i64(st, 0);
	char status[16], channel[24];
	tk_copy(status, sizeof status, st, 1);
	tk_copy(channel, sizeof channel, st, 2);
	bool late = db_col_i64(st, 3) <= clk_now();
	db_reset(st);
	if (strcmp(status, "asking") != 0 || late) {
		cJSON *extra = cJSON_CreateObject();
		cJSON_AddStringToObject(extra, "current", late && strcmp(status, "asking") == 0 ? "unrated" : status);
		if (channel[0])
			cJSON_AddStringToObject(extra, "channel", channel);
		srv_error_x(r, 409, "rating_closed", extra, "this service is no longer awaiting a rating");
		return;
	}
	db_run(s, "UPDATE ratings SET status = 'rated', channel = 'evaluator', level = ?, reason = ?, comment = ?, "
	       "rated_at = ?, user = ? WHERE id = ?", "IssIsI", level, reason, comment, clk_now(), r->auth.user, id);
	struct case_at at = { .window = rt_window(r), .ticket = ticket };
	if (rt_rate_cases(r, ticket, level, comment, &at, "evaluator"))
		return;
	rt_event(r, id);
	cJSON *root = cJSON_CreateObject();
	cJSON_AddNumberToObject(root, "rating", (double)id);
	cJSON_AddNumberToObject(root, "ticket", (double)ticket);
	cJSON_AddNumberToObject(root, "level", (double)level);
	cJSON_AddStringToObject(root, "channel", "evaluator");
	srv_reply(r, 200, root);
}

/* ---- the export for the national platform ------------------------------- */

/* The members of one export record, in CSV order: 's' text, 'i' number. */
static const struct {
	const char *name;
	char type;
} rt_fields[] = {
	{ "areaCode", 's' }, { "deptCode", 's' }, { "taskCode", 's' }, { "taskName", 's' },
	{ "projectNo", 's' }, { "ticketNo", 's' }, { "window", 'i' }, { "clerk", 's' },
	{ "channel", 's' }, { "pf", 's' }, { "alternate", 'i' }, { "satisfaction", 's' },
	{ "assessNumber", 'i' }, { "proStatus", 's' }, { "proManner", 's' }, { "assessTime", 's' },
	{ "reason", 's' }, { "appraisalDetail", 's' }, { "writingEvaluation", 's' },
};
#define RT_NFIELDS (sizeof rt_fields / sizeof rt_fields[0])

#define RT_EXPORT_SQL "SELECT rt.channel, rt.level, rt.ordinal, rt.reason, rt.comment, rt.rated_at, " \
	"rt.window, rt.clerk, t.number, m.code, m.name, c.number, c.status, m.kind " \
	"FROM ratings rt LEFT JOIN tickets t ON t.id = rt.ticket LEFT JOIN cases c ON c.id = rt.case_id " \
	"LEFT JOIN matters m ON m.code = coalesce(c.matter, t.matter) " \
	"WHERE rt.status = 'rated' AND rt.rated_at >= ? AND rt.rated_at < ? ORDER BY rt.rated_at, rt.id"

/* One record of the export from a row of RT_EXPORT_SQL. */
static cJSON *rt_record(db_q *st, const char *area, const char *dept)
{
	cJSON *o = cJSON_CreateObject();
	int level = db_col_int(st, 1);
	char at[32];
	cJSON_AddStringToObject(o, "areaCode", area);
	cJSON_AddStringToObject(o, "deptCode", dept);
	srv_json_col(o, "taskCode", st, 9, 's');
	srv_json_col(o, "taskName", st, 10, 's');
	srv_json_col(o, "projectNo", st, 11, 's');
	srv_json_col(o, "ticketNo", st, 8, 's');
	srv_json_col(o, "window", st, 6, 'i');
	srv_json_col(o, "clerk", st, 7, 's');
	cJSON_AddStringToObject(o, "channel", db_col_text(st, 0));
	cJSON_AddStringToObject(o, "pf", rt_channel_code(db_col_text(st, 0)));
	cJSON_AddNumberToObject(o, "alternate", level);
	cJSON_AddStringToObject(o, "satisfaction", level >= 1 && level <= 5 ? rt_levels[level] : "");
	cJSON_AddNumberToObject(o, "assessNumber", db_col_int(st, 2));
	srv_json_col(o, "proStatus", st, 12, 's');
	const char *kind = db_col_text(st, 13);
	if (*kind)
		cJSON_AddStringToObject(o, "proManner", strcmp(kind, "promised") == 0 ? "2" : "1");
	else
		cJSON_AddNullToObject(o, "proManner");
	clk_format(db_col_i64(st, 5), at);
	cJSON_AddStringToObject(o, "assessTime", at);
	srv_json_col(o, "reason", st, 3, 's');
	const char *name = rt_reason_name(db_col_text(st, 3));
	if (name)
		cJSON_AddStringToObject(o, "appraisalDetail", name);
	else
		cJSON_AddNullToObject(o, "appraisalDetail");
	srv_json_col(o, "writingEvaluation", st, 4, 's');
	return o;
}

/* A record as a CSV line into b. */
static void rt_csv_line(struct buf *b, const cJSON *o)
{
	for (size_t i = 0; i < RT_NFIELDS; i++) {
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, rt_fields[i].name);
		if (i)
			buf_addc(b, ',');
		if (cJSON_IsString(v))
			csv_field(b, v->valuestring);
		else if (cJSON_IsNumber(v))
			buf_printf(b, "%.0f", v->valuedouble);
	}
	buf_adds(b, CSV_EOL);
}

/* The hall's setting key as text, "" when absent; the caller frees it. */
static char *rt_setting(struct srv *s, const char *key)
{
	char *v = db_text(s, "SELECT value FROM settings WHERE key = ?", "s", key);
	return v ? v : xstrdup("");
}

/* GET /ratings?from=&to=&format=jsonl|csv */
void h_ratings_export(struct req *r)
{
	struct srv *s = r->srv;
	date_t from, to;
	const char *f = req_query(r, "format");
	bool csv = f && strcmp(f, "csv") == 0;
	if (f && !csv && strcmp(f, "jsonl") != 0) {
		srv_error(r, 400, "invalid_query", "format must be jsonl or csv");
		return;
	}
	if (req_query_period(r, 1, &from, &to))
		return;
	char *area = rt_setting(s, "area_code"), *dept = rt_setting(s, "dept_code");
	struct buf b = BUF_INIT;
	if (csv) {
		buf_adds(&b, CSV_BOM);
		for (size_t i = 0; i < RT_NFIELDS; i++)
			buf_printf(&b, "%s%s", i ? "," : "", rt_fields[i].name);
		buf_adds(&b, CSV_EOL);
	}
	db_q *st = db_prep(s, RT_EXPORT_SQL, "II", clk_day_start(from), clk_day_start(to + 1));
	while (db_step(st) == DB_ROW) {
		cJSON *o = rt_record(st, area, dept);
		if (csv) {
			rt_csv_line(&b, o);
		} else {
			char *line = cJSON_PrintUnformatted(o);
			buf_printf(&b, "%s\n", line);
			free(line);
		}
		cJSON_Delete(o);
	}
	db_reset(st);
	free(area);
	free(dept);
	srv_reply_text(r, 200, csv ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8",
		       buf_steal(&b));
}

/* ---- the report's figures --------------------------------------------- */

void rating_report_add(struct srv *s, cJSON *root, int64_t start, int64_t end)
{
	cJSON *o = cJSON_AddObjectToObject(root, "rating_channels");
	int64_t services = db_int(s, "SELECT count(*) FROM tickets WHERE status = 'done' AND finished_at >= ? "
				  "AND finished_at < ?", 0, "II", start, end);
	int64_t rated = 0;
	for (size_t i = 0; i < sizeof rt_channels / sizeof rt_channels[0]; i++) {
		int64_t n = db_int(s, "SELECT count(*) FROM ratings rt JOIN tickets t ON t.id = rt.ticket "
				   "WHERE rt.ordinal = 1 AND rt.status = 'rated' AND rt.channel = ? AND "
				   "t.finished_at >= ? AND t.finished_at < ?", 0, "sII", rt_channels[i].name, start, end);
		cJSON_AddNumberToObject(o, rt_channels[i].name, (double)n);
		if (strcmp(rt_channels[i].name, "system_default") != 0)
			rated += n;
	}
	cJSON_AddNumberToObject(o, "second_ratings", (double)db_int(s, "SELECT count(*) FROM ratings "
				"WHERE ordinal = 2 AND rated_at >= ? AND rated_at < ?", 0, "II", start, end));
	cJSON_AddNumberToObject(o, "services", (double)services);
	cJSON_AddNumberToObject(o, "services_rated", (double)rated);
	if (services)
		cJSON_AddNumberToObject(o, "rated_pct", (double)(rated * 1000 / services) / 10.0);
	else
		cJSON_AddNullToObject(o, "rated_pct");
}
