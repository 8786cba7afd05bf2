#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wicket/server/srv.h"
#include "wicket/server/srv_ticket.h"
#include "wicket/common/xalloc.h"

/* Walk-in audits (明察暗访 / 现场检查): a supervisor checks a window against
 * the hall's checklist and records findings, each to be rectified within
 * a number of working days on the hall's calendar; follow-ups are recorded
 * until the finding is closed. */

#define AUDIT_MAX_FINDINGS 20
#define AUDIT_TEXT_MAX 200
#define AUDIT_MAX_DAYS 60

/* The checklist, in the order it is shown; true means the window complied. */
static const struct audit_item {
	const char *key;
} audit_items[] = {
	{ .key = "at_post" },          /* 在岗 */
	{ .key = "badge_uniform" },    /* 佩戴工牌、着装规范 */
	{ .key = "greeting" },         /* 首问 / 问候 */
	{ .key = "farewell" },         /* 道别 */
	{ .key = "guide_displayed" },  /* 办事指南（明白纸）摆放 */
	{ .key = "no_cold" },          /* 无冷漠 (门难进、脸难看) */
	{ .key = "no_rude" },          /* 无生硬粗暴 */
	{ .key = "no_stalling" },      /* 无推诿拖延 */
	{ .key = "no_pushing_away" },  /* 无推脱不办 */
};
#define AUDIT_NITEMS (sizeof audit_items / sizeof audit_items[0])

struct audit_finding_new {
	const char *text;
	int64_t days;
};

/* ---- reading the body ---------------------------------------------------- */

/* The checklist object into ok[]; every item is required.  Returns 0, or
 * -1 after a 400. */
static int audit_read_checklist(struct req *r, bool ok[AUDIT_NITEMS])
{
	const cJSON *c = cJSON_GetObjectItemCaseSensitive(r->json, "checklist");
	if (!cJSON_IsObject(c)) {
		srv_error(r, 400, c && !cJSON_IsNull(c) ? "invalid_field" : "missing_field",
			  "the field 'checklist' must be an object of %zu true/false items", AUDIT_NITEMS);
		return -1;
	}
	for (size_t i = 0; i < AUDIT_NITEMS; i++)
		if (req_obj_bool(r, c, "checklist.", audit_items[i].key, true, &ok[i]))
			return -1;
	return 0;
}

/* The optional findings array into *out (caller frees).  Returns how
 * many, or -1 after a 400. */
static int audit_read_findings(struct req *r, struct audit_finding_new **out)
{
	const cJSON *arr = cJSON_GetObjectItemCaseSensitive(r->json, "findings"), *it;
	*out = NULL;
	if (!arr || cJSON_IsNull(arr))
		return 0;
	if (!cJSON_IsArray(arr) || cJSON_GetArraySize(arr) > AUDIT_MAX_FINDINGS) {
		srv_error(r, 400, "invalid_field", "the field 'findings' must be an array of at most %d "
			  "{text, rectify_days}", AUDIT_MAX_FINDINGS);
		return -1;
	}
	struct audit_finding_new *f = xcalloc((size_t)cJSON_GetArraySize(arr) + 1, sizeof *f);
	int n = 0;
	cJSON_ArrayForEach(it, arr) {
		char prefix[32];
		snprintf(prefix, sizeof prefix, "findings[%d].", n);
		if (!cJSON_IsObject(it)) {
			srv_error(r, 400, "invalid_field", "the field 'findings[%d]' must be an object", n);
			goto bad;
		}
		if (req_obj_text(r, it, prefix, "text", true, 1, AUDIT_TEXT_MAX, &f[n].text) ||
		    req_obj_int(r, it, prefix, "rectify_days", true, 0, AUDIT_MAX_DAYS, &f[n].days))
			goto bad;
		n++;
	}
	*out = f;
	return n;
bad:
	free(f);
	return -1;
}

/* The window of the body's "window", which must exist.  Returns its
 * number, or -1 after a 400 or 404. */
static int audit_read_window(struct req *r)
{
	int64_t no;
	if (req_int(r, "window", true, 1, 9999, &no))
		return -1;
	if (db_int(r->srv, "SELECT count(*) FROM windows WHERE no = ?", 0, "I", no) == 0) {
		srv_error(r, 404, "not_found", "no such window: %lld", (long long)no);
		return -1;
	}
	return (int)no;
}

/* ---- the audit object ---------------------------------------------------- */

/* Members of a finding from columns col.. of st: n, text, rectify_days,
 * due, provisional, closed_on; the state and the days left are worked out
 * against today. */
static cJSON *audit_finding_json(struct srv *s, db_q *st, int col)
{
	cJSON *f = cJSON_CreateObject();
	date_t due = 0, today = clk_today();
	const char *due_s = db_col_text(st, col + 3);
	bool open = db_col_null(st, col + 5);
	date_parse_iso(due_s, &due);
	cJSON_AddNumberToObject(f, "n", db_col_int(st, col));
	cJSON_AddStringToObject(f, "text", db_col_text(st, col + 1));
	cJSON_AddNumberToObject(f, "rectify_days", db_col_int(st, col + 2));
	cJSON_AddStringToObject(f, "due", due_s);
	cJSON_AddBoolToObject(f, "provisional", db_col_int(st, col + 4));
	cJSON_AddStringToObject(f, "status", open ? "open" : "closed");
	cJSON_AddBoolToObject(f, "overdue", open && today > due);
	if (open)
		cJSON_AddNumberToObject(f, "working_days_left", cal_working_days_left(srv_cal(s), today, due, NULL));
	else
		cJSON_AddNullToObject(f, "working_days_left");
	if (open)
		cJSON_AddNullToObject(f, "closed_on");
	else
		cJSON_AddStringToObject(f, "closed_on", db_col_text(st, col + 5));
	return f;
}

#define AUDIT_FINDING_COLS "f.n, f.text, f.rectify_days, f.due, f.provisional, f.closed_on"

static cJSON *audit_follow_ups(struct srv *s, int64_t id, int n)
{
	static const struct srv_col cols[] = { { "at", 't' }, { "user", 's' }, { "note", 's' }, { "closed", 'b' } };
	db_q *st = db_prep(s, "SELECT at, user, note, closed FROM audit_followups "
				   "WHERE audit = ? AND n = ? ORDER BY id", "Ii", id, n);
	return srv_json_rows(st, cols, sizeof cols / sizeof cols[0]);
}

static cJSON *audit_findings(struct srv *s, int64_t id)
{
	cJSON *arr = cJSON_CreateArray();
	db_q *st = db_prep(s, "SELECT " AUDIT_FINDING_COLS " FROM audit_findings f "
				   "WHERE f.audit = ? ORDER BY f.n", "I", id);
	while (db_step(st) == DB_ROW)
		cJSON_AddItemToArray(arr, audit_finding_json(s, st, 0));
	db_reset(st);
	/* The follow-ups after the findings' statement is done with. */
	cJSON *f;
	cJSON_ArrayForEach(f, arr)
		cJSON_AddItemToObject(f, "follow_ups",
				      audit_follow_ups(s, id, (int)cJSON_GetNumberValue(cJSON_GetObjectItem(f, "n"))));
	return arr;
}

/* The stored checklist (JSON text) as the object of the API and the keys
 * of the items failed, in checklist order. */
static void audit_add_checklist(cJSON *o, const char *text)
{
	cJSON *stored = cJSON_Parse(text), *checklist = cJSON_AddObjectToObject(o, "checklist");
	cJSON *failed = cJSON_AddArrayToObject(o, "failed_items");
	for (size_t i = 0; i < AUDIT_NITEMS; i++) {
		bool ok = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(stored, audit_items[i].key));
		cJSON_AddBoolToObject(checklist, audit_items[i].key, ok);
		if (!ok)
			cJSON_AddItemToArray(failed, cJSON_CreateString(audit_items[i].key));
	}
	cJSON_Delete(stored);
}

#define AUDIT_COLS "a.id, a.window, w.name, a.day, a.at, a.supervisor, su.name, a.clerk, cu.name, " \
	"a.checklist, a.failed, " \
	"(SELECT count(*) FROM audit_findings f WHERE f.audit = a.id), " \
	"(SELECT count(*) FROM audit_findings f WHERE f.audit = a.id AND f.closed_on IS NULL), " \
	"(SELECT count(*) FROM audit_findings f WHERE f.audit = a.id AND f.closed_on IS NULL AND f.due < ?1)"
#define AUDIT_FROM "FROM audits a JOIN windows w ON w.no = a.window " \
	"LEFT JOIN users su ON su.user = a.supervisor LEFT JOIN users cu ON cu.user = a.clerk"

static void audit_add_person(cJSON *o, const char *name, db_q *st, int col)
{
	char key[32];
	snprintf(key, sizeof key, "%s_name", name);
	if (db_col_null(st, col)) {
		cJSON_AddNullToObject(o, name);
		cJSON_AddNullToObject(o, key);
	} else {
		cJSON_AddStringToObject(o, name, db_col_text(st, col));
		cJSON_AddStringToObject(o, key, db_col_text(st, col + 1));
	}
}

/* One row of AUDIT_COLS as the audit summary of the list. */
static cJSON *audit_row_json(db_q *st)
{
	static const struct srv_col cols[] = {
		{ "id", 'i' }, { "window", 'i' }, { "window_name", 's' }, { "day", 's' }, { "at", 't' },
	};
	cJSON *o = cJSON_CreateObject();
	srv_json_cols(o, st, 0, cols, sizeof cols / sizeof cols[0]);
	audit_add_person(o, "supervisor", st, 5);
	audit_add_person(o, "clerk", st, 7);
	audit_add_checklist(o, db_col_text(st, 9));
	static const struct srv_col counts[] = {
		{ "failed", 'i' }, { "findings", 'i' }, { "open_findings", 'i' }, { "overdue_findings", 'i' },
	};
	srv_json_cols(o, st, 10, counts, sizeof counts / sizeof counts[0]);
	return o;
}

/* Audit id in full (the summary, with findings and their follow-ups in
 * place of the counts), or NULL when there is none.  The caller owns it. */
static cJSON *audit_json(struct srv *s, int64_t id)
{
	char today[DATE_ISO_SIZE];
	date_format_iso(clk_today(), today);
	db_q *st = db_prep(s, "SELECT " AUDIT_COLS " " AUDIT_FROM " WHERE a.id = ?2", "sI", today, id);
	cJSON *o = db_step(st) == DB_ROW ? audit_row_json(st) : NULL;
	db_reset(st);
	if (o)
		cJSON_ReplaceItemInObject(o, "findings", audit_findings(s, id));
	return o;
}

/* ---- POST /audits ---------------------------------------------------------- */

/* Insert the findings of audit id, due rectify_days working days from today. */
static int audit_store_findings(struct req *r, int64_t id, const struct audit_finding_new *f, int n)
{
	date_t today = clk_today();
	for (int i = 0; i < n; i++) {
		date_t due;
		bool provisional = false;
		char iso[DATE_ISO_SIZE];
		if (cal_due(srv_cal(r->srv), today, (int)f[i].days, NULL, 0, &due, &provisional)) {
			srv_error(r, 500, "internal", "no due date can be computed for finding %d", i + 1);
			return -1;
		}
		date_format_iso(due, iso);
		db_run(r->srv, "INSERT INTO audit_findings(audit, n, text, rectify_days, due, provisional) "
		       "VALUES(?,?,?,?,?,?)", "IisIsi", id, i + 1, f[i].text, f[i].days, iso, (int)provisional);
	}
	return 0;
}

void h_audit_create(struct req *r)
{
	struct srv *s = r->srv;
	bool ok[AUDIT_NITEMS];
	struct audit_finding_new *f = NULL;
	int window = audit_read_window(r), n;
	if (window < 0 || audit_read_checklist(r, ok) || (n = audit_read_findings(r, &f)) < 0)
		return;
	cJSON *stored = cJSON_CreateObject();
	int failed = 0;
	for (size_t i = 0; i < AUDIT_NITEMS; i++) {
		cJSON_AddBoolToObject(stored, audit_items[i].key, ok[i]);
		failed += !ok[i];
	}
	char *checklist = cJSON_PrintUnformatted(stored), day[DATE_ISO_SIZE];
	cJSON_Delete(stored);
	date_format_iso(clk_today(), day);
	/* The clerk at the window when the audit was made, if any. */
	db_run(s, "INSERT INTO audits(window, day, at, supervisor, clerk, checklist, failed) "
	       "VALUES(?1, ?2, ?3, ?4, (SELECT clerk FROM windows WHERE no = ?1), ?5, ?6)",
	       "isIssi", window, day, clk_now(), r->auth.user, checklist, failed);
	free(checklist);
	int64_t id = db_last_id(s);
	int rc = audit_store_findings(r, id, f, n);
	free(f);
	if (rc)
		return;
	cJSON *ev = cJSON_CreateObject();
	cJSON_AddNumberToObject(ev, "audit", (double)id);
	cJSON_AddNumberToObject(ev, "failed", failed);
	cJSON_AddNumberToObject(ev, "findings", n);
	ev_add(r, "audit.recorded", window, 0, 0, ev);
	srv_reply(r, 201, audit_json(s, id));
}

/* ---- reading ---------------------------------------------------------------- */

/* ?window=: 0 when absent; a window that does not exist is a 404.
 * Returns -1 after an error reply. */
static int audit_query_window(struct req *r)
{
	long no;
	if (req_query_int(r, "window", 1, 9999, 0, &no))
		return -1;
	if (no && db_int(r->srv, "SELECT count(*) FROM windows WHERE no = ?", 0, "i", (int)no) == 0) {
		srv_error(r, 404, "not_found", "no such window: %ld", no);
		return -1;
	}
	return (int)no;
}

/* The audits of a period, at one window or all: the latest first. */
#define AUDIT_LIST_WHERE "WHERE a.day >= ?2 AND a.day <= ?3 AND (?4 = 0 OR a.window = ?4)"

void h_audit_list(struct req *r)
{
	date_t from, to;
	struct req_page p;
	int window = audit_query_window(r);
	if (window < 0 || req_query_period(r, 30, &from, &to) ||
	    req_query_page(r, SRV_PAGE_LIMIT, SRV_PAGE_MAX, &p))
		return;
	char today[DATE_ISO_SIZE], f[DATE_ISO_SIZE], t[DATE_ISO_SIZE];
	date_format_iso(clk_today(), today);
	date_format_iso(from, f);
	date_format_iso(to, t);
	int64_t total = db_int(r->srv, "SELECT count(*) FROM audits a " AUDIT_LIST_WHERE, 0, "sssi",
			       today, f, t, window);
	cJSON *arr = cJSON_CreateArray();
	db_q *st = db_prep(r->srv, "SELECT " AUDIT_COLS " " AUDIT_FROM " " AUDIT_LIST_WHERE
				   " ORDER BY a.at DESC, a.id DESC LIMIT ?5 OFFSET ?6",
				   "sssiII", today, f, t, window, (int64_t)p.limit, (int64_t)p.offset);
	while (db_step(st) == DB_ROW)
		cJSON_AddItemToArray(arr, audit_row_json(st));
	db_reset(st);
	cJSON *root = cJSON_CreateObject();
	cJSON_AddStringToObject(root, "from", f);
	cJSON_AddStringToObject(root, "to", t);
	cJSON_AddItemToObject(root, "audits", arr);
	srv_json_page(root, &p, total);
	srv_reply(r, 200, root);
}

void h_audit_get(struct req *r)
{
	int64_t id;
	if (req_param_id(r, 0, "audit", &id))
		return;
	cJSON *o = audit_json(r->srv, id);
	if (o)
		srv_reply(r, 200, o);
	else
		srv_error(r, 404, "not_found", "no such audit: %lld", (long long)id);
}

/* The findings of GET /rectifications: ?1 the statuses' bits (1 open,
 * 2 closed), ?2 the window or 0. */
#define AUDIT_RECT_FROM "FROM audit_findings f JOIN audits a ON a.id = f.audit " \
	"WHERE (?1 & CASE WHEN f.closed_on IS NULL THEN 1 ELSE 2 END) <> 0 AND (?2 = 0 OR a.window = ?2)"

/* GET /rectifications: the findings still to be rectified (or all, or the
 * closed ones), across audits, the earliest due first, one page of them. */
void h_rectifications(struct req *r)
{
	static const struct srv_col cols[] = { { "audit", 'i' }, { "window", 'i' }, { "audit_day", 's' } };
	const char *status = req_query(r, "status");
	int want = !status || strcmp(status, "open") == 0 ? 1 : strcmp(status, "closed") == 0 ? 2 :
		   strcmp(status, "all") == 0 ? 3 : 0;
	if (!want) {
		srv_error(r, 400, "invalid_query", "status must be open, closed or all");
		return;
	}
	struct req_page p;
	int window = audit_query_window(r);
	if (window < 0 || req_query_page(r, SRV_PAGE_LIMIT, SRV_PAGE_MAX, &p))
		return;
	int64_t total = db_int(r->srv, "SELECT count(*) " AUDIT_RECT_FROM, 0, "ii", want, window);
	cJSON *arr = cJSON_CreateArray();
	db_q *st = db_prep(r->srv, "SELECT " AUDIT_FINDING_COLS ", a.id, a.window, a.day "
		AUDIT_RECT_FROM " ORDER BY f.due, a.id, f.n LIMIT ?3 OFFSET ?4", "iiII", want, window,
		(int64_t)p.limit, (int64_t)p.offset);
	while (db_step(st) == DB_ROW) {
		cJSON *o = audit_finding_json(r->srv, st, 0);
		srv_json_cols(o, st, 6, cols, sizeof cols / sizeof cols[0]);
		cJSON_AddItemToArray(arr, o);
	}
	db_reset(st);
	srv_reply_page(r, "rectifications", arr, &p, total);
}

/* ---- POST /audits/{id}/findings/{n}/follow-up ------------------------------ */

/* The window of audit id when its finding n exists and is open; else -1
 * after a 404, or a 409 invalid_state with current "closed". */
static int audit_open_finding(struct req *r, int64_t id, int64_t n)
{
	struct srv *s = r->srv;
	int window = (int)db_int(s, "SELECT window FROM audits WHERE id = ?", -1, "I", id);
	char *closed_on = db_text(s, "SELECT coalesce(closed_on, '') FROM audit_findings "
				  "WHERE audit = ? AND n = ?", "II", id, n);
	if (window < 0 || !closed_on) {
		srv_error(r, 404, "not_found", "no finding %lld in audit %lld", (long long)n, (long long)id);
		window = -1;
	} else if (*closed_on) {
		srv_error_x(r, 409, "invalid_state", tk_current(cJSON_CreateString("closed")),
			    "finding %lld of audit %lld was closed on %s", (long long)n, (long long)id, closed_on);
		window = -1;
	}
	free(closed_on);
	return window;
}

void h_audit_follow_up(struct req *r)
{
	struct srv *s = r->srv;
	int64_t id, n;
	const char *note;
	bool closed;
	int window;
	if (req_param_id(r, 0, "audit", &id) || req_param_id(r, 1, "finding", &n) ||
	    (window = audit_open_finding(r, id, n)) < 0 ||
	    req_obj_text(r, r->json, "", "note", true, 1, AUDIT_TEXT_MAX, &note) ||
	    req_bool(r, "closed", true, &closed))
		return;
	char today[DATE_ISO_SIZE];
	date_format_iso(clk_today(), today);
	db_run(s, "INSERT INTO audit_followups(audit, n, at, user, note, closed) VALUES(?,?,?,?,?,?)",
	       "IIIssi", id, n, clk_now(), r->auth.user, note, (int)closed);
	if (closed)
		db_run(s, "UPDATE audit_findings SET closed_on = ?, closed_at = ? WHERE audit = ? AND n = ?",
		       "sIII", today, clk_now(), id, n);
	cJSON *ev = cJSON_CreateObject();
	cJSON_AddNumberToObject(ev, "audit", (double)id);
	cJSON_AddNumberToObject(ev, "finding", (double)n);
	cJSON_AddBoolToObject(ev, "closed", closed);
	ev_add(r, "audit.follow_up", window, 0, 0, ev);
	srv_reply(r, 200, audit_json(s, id));
}
