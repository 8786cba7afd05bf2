#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wicket/core/case.h"
#include "wicket/server/srv.h"
#include "wicket/server/srv_ticket.h"
#include "wicket/common/log.h"
#include "wicket/common/xalloc.h"

/* 首问负责 (issue #18): the first staff member an applicant asks, at the
 * guide desk (导询) or at a window, records the enquiry and what they did
 * (answered it, issued a ticket, sent the applicant to a window or a
 * department).  It stays theirs, on their screen, until it is closed:
 * answered at once, closed by them (or a supervisor) later, or closed by
 * itself as "case" when a window takes up a case for the ticket issued
 * with it (enq_case_taken, from h_cases.c).  The applicant's phone is
 * shown in full to the owner only, and never logged. */

#define ENQ_ASKED_MAX 200         /* characters of what was asked */
#define ENQ_NAME_MAX 50
#define ENQ_DEPT_MAX 100

static const char *const enq_actions[] = { "answered", "ticket", "transferred", "open" };
#define ENQ_NACTIONS (sizeof enq_actions / sizeof enq_actions[0])

/* What a POST /enquiries asks for, checked. */
struct enq_new {
	const char *asked, *matter, *name, *dept, *action;
	char phone[CASE_PHONE_SIZE];
	char *service;            /* the ticket's service (malloc'd), or NULL */
	int64_t window;           /* transferred to; 0 none */
};

/* The optional "applicant": {name, phone}.  0, or -1 after a 400. */
static int enq_read_applicant(struct req *r, struct enq_new *n)
{
	cJSON *a = cJSON_GetObjectItemCaseSensitive(r->json, "applicant");
	const char *phone = NULL;
	if (!a || cJSON_IsNull(a))
		return 0;
	if (!cJSON_IsObject(a)) {
		srv_error(r, 400, "invalid_field", "the field 'applicant' must be an object");
		return -1;
	}
	if (req_obj_text(r, a, "applicant.", "name", false, 1, ENQ_NAME_MAX, &n->name) < 0 ||
	    req_obj_str(r, a, "applicant.", "phone", false, &phone) < 0)
		return -1;
	if (phone && !case_phone_check(phone, n->phone)) {
		srv_error(r, 400, "invalid_phone", "the applicant's phone is neither a mobile nor a landline number");
		return -1;
	}
	return 0;
}

/* The "ticket": {service} of action "ticket" (the matter's service when
 * it names none).  0, or -1 after a 4xx. */
static int enq_read_ticket(struct req *r, struct enq_new *n)
{
	cJSON *t = cJSON_GetObjectItemCaseSensitive(r->json, "ticket");
	const char *service = NULL;
	if (t && !cJSON_IsNull(t) && !cJSON_IsObject(t)) {
		srv_error(r, 400, "invalid_field", "the field 'ticket' must be an object");
		return -1;
	}
	if (t && cJSON_IsObject(t) && req_obj_str(r, t, "ticket.", "service", false, &service) < 0)
		return -1;
	if (service)
		n->service = xstrdup(service);
	else if (n->matter)
		n->service = db_text(r->srv, "SELECT service FROM matters WHERE code = ?", "s", n->matter);
	if (!n->service) {
		srv_error(r, 400, "missing_field", "a ticket needs 'ticket.service' (or a 'matter')");
		return -1;
	}
	if (!db_int(r->srv, "SELECT count(*) FROM services WHERE code = ?", 0, "s", n->service)) {
		srv_error(r, 404, "unknown_service", "no service has the code '%s'", n->service);
		return -1;
	}
	return 0;
}

/* The "transfer": {window} or {dept} of action "transferred".  0, or -1
 * after a 4xx. */
static int enq_read_transfer(struct req *r, struct enq_new *n)
{
	cJSON *t = cJSON_GetObjectItemCaseSensitive(r->json, "transfer");
	if (!t || cJSON_IsNull(t)) {
		srv_error(r, 400, "missing_field", "a transfer needs 'transfer': {window} or {dept}");
		return -1;
	}
	if (!cJSON_IsObject(t)) {
		srv_error(r, 400, "invalid_field", "the field 'transfer' must be an object");
		return -1;
	}
	if (req_obj_int(r, t, "transfer.", "window", false, 1, 9999, &n->window) < 0 ||
	    req_obj_text(r, t, "transfer.", "dept", false, 1, ENQ_DEPT_MAX, &n->dept) < 0)
		return -1;
	if ((n->window > 0) == (n->dept != NULL)) {
		srv_error(r, 400, "missing_field", "a transfer names a 'window' or a 'dept', one of them");
		return -1;
	}
	if (n->window && !db_int(r->srv, "SELECT count(*) FROM windows WHERE no = ?", 0, "I", n->window)) {
		srv_error(r, 404, "not_found", "no such window: %lld", (long long)n->window);
		return -1;
	}
	return 0;
}

/* The body of POST /enquiries into *n.  0, or -1 after a 4xx. */
static int enq_read(struct req *r, struct enq_new *n)
{
	if (req_text(r, "asked", true, 1, ENQ_ASKED_MAX, &n->asked) < 0 ||
	    req_str(r, "action", true, &n->action) < 0 || req_str(r, "matter", false, &n->matter) < 0 ||
	    enq_read_applicant(r, n))
		return -1;
	size_t i = 0;
	while (i < ENQ_NACTIONS && strcmp(n->action, enq_actions[i]) != 0)
		i++;
	if (i == ENQ_NACTIONS) {
		srv_error(r, 400, "invalid_field", "the field 'action' must be answered, ticket, transferred or open");
		return -1;
	}
	if (n->matter && !db_int(r->srv, "SELECT count(*) FROM matters WHERE code = ?", 0, "s", n->matter)) {
		srv_error(r, 404, "unknown_matter", "no matter has the code '%s'", n->matter);
		return -1;
	}
	if (strcmp(n->action, "ticket") == 0)
		return enq_read_ticket(r, n);
	if (strcmp(n->action, "transferred") == 0)
		return enq_read_transfer(r, n);
	return 0;
}

/* The enquiry's columns as enq_json reads them, after "SELECT ". */
#define ENQ_COLS "e.id, e.owner, u.name, e.asked, e.matter, m.name, e.applicant_name, e.applicant_phone, " \
	"e.action, e.ticket, t.number, t.service, t.status, t.window, e.to_window, e.to_dept, " \
	"e.case_id, c.number, e.created_at, e.closed_at, e.closed_how "
#define ENQ_FROM "FROM enquiries e LEFT JOIN users u ON u.user = e.owner " \
	"LEFT JOIN matters m ON m.code = e.matter LEFT JOIN tickets t ON t.id = e.ticket " \
	"LEFT JOIN cases c ON c.id = e.case_id "

/* The enquiry of the current row of st (ENQ_COLS) as the API shows it to
 * r's caller: the phone in full to its owner only.  Caller owns it. */
static cJSON *enq_json(const struct req *r, db_q *st)
{
	cJSON *o = cJSON_CreateObject();
	static const struct srv_col head[] = {
		{ "id", 'i' }, { "owner", 's' }, { "owner_name", 's' }, { "asked", 's' }, { "matter", 's' },
		{ "matter_name", 's' },
	};
	srv_json_cols(o, st, 0, head, sizeof head / sizeof head[0]);
	if (db_col_null(st, 6) && db_col_null(st, 7)) {
		cJSON_AddNullToObject(o, "applicant");
	} else {
		cJSON *a = cJSON_AddObjectToObject(o, "applicant");
		srv_json_col(a, "name", st, 6, 's');
		if (db_col_null(st, 7)) {
			cJSON_AddNullToObject(a, "phone");
		} else if (strcmp(db_col_text(st, 1), r->auth.user) == 0) {
			cJSON_AddStringToObject(a, "phone", db_col_text(st, 7));
		} else {
			char masked[CASE_MASK_SIZE];
			case_mask_phone(db_col_text(st, 7), masked);
			cJSON_AddStringToObject(a, "phone", masked);
		}
	}
	srv_json_col(o, "action", st, 8, 's');
	if (db_col_null(st, 9)) {
		cJSON_AddNullToObject(o, "ticket");
	} else {
		static const struct srv_col tk[] = {
			{ "id", 'i' }, { "number", 's' }, { "service", 's' }, { "status", 's' }, { "window", 'i' },
		};
		srv_json_cols(cJSON_AddObjectToObject(o, "ticket"), st, 9, tk, sizeof tk / sizeof tk[0]);
	}
	static const struct srv_col to[] = { { "to_window", 'i' }, { "to_dept", 's' } };
	srv_json_cols(o, st, 14, to, sizeof to / sizeof to[0]);
	if (db_col_null(st, 16)) {
		cJSON_AddNullToObject(o, "case");
	} else {
		static const struct srv_col kc[] = { { "id", 'i' }, { "number", 's' } };
		srv_json_cols(cJSON_AddObjectToObject(o, "case"), st, 16, kc, sizeof kc / sizeof kc[0]);
	}
	static const struct srv_col tail[] = { { "created_at", 't' }, { "closed_at", 't' }, { "closed_how", 's' } };
	srv_json_cols(o, st, 18, tail, sizeof tail / sizeof tail[0]);
	cJSON_AddStringToObject(o, "status", db_col_null(st, 19) ? "open" : "closed");
	return o;
}

/* Enquiry id as r's caller sees it; NULL when there is none. */
static cJSON *enq_load_json(struct req *r, int64_t id)
{
	db_q *st = db_prep(r->srv, "SELECT " ENQ_COLS ENQ_FROM "WHERE e.id = ?", "I", id);
	cJSON *o = db_step(st) == DB_ROW ? enq_json(r, st) : NULL;
	db_reset(st);
	return o;
}

/* The enquiry.* event of id: who owns it and what became of it (never the
 * applicant's name or phone: the feed is the hall's). */
static void enq_event(struct req *r, const char *kind, int64_t id, const char *owner, const char *what,
		      int64_t ticket, int64_t case_id)
{
	cJSON *d = cJSON_CreateObject();
	cJSON_AddNumberToObject(d, "id", (double)id);
	cJSON_AddStringToObject(d, "owner", owner);
	cJSON_AddStringToObject(d, "how", what);
	ev_add(r, kind, 0, ticket, case_id, d);
}

/* Issue the enquiry's ticket (as POST /tickets would, for no priority):
 * its id, or 0 after a 5xx. */
static int64_t enq_issue(struct req *r, const struct enq_new *n, int64_t now)
{
	int64_t id;
	char number[16];
	if (ticket_insert(r->srv, n->service, n->matter, "none", 0, now, &id, number)) {
		srv_error(r, 503, "busy", "the ticket could not be recorded; try again");
		return 0;
	}
	struct tk_row t;
	tk_load(r->srv, id, &t);
	ev_add(r, "ticket.issued", 0, id, 0, tk_issued_data(&t));
	return id;
}

void h_enquiry_create(struct req *r)
{
	struct enq_new n = { 0 };
	int64_t now = clk_now(), ticket = 0;
	if (enq_read(r, &n) || (n.service && !(ticket = enq_issue(r, &n, now)))) {
		free(n.service);
		return;
	}
	free(n.service);
	bool answered = strcmp(n.action, "answered") == 0;
	char day[DATE_ISO_SIZE];
	date_format_iso(clk_date_of(now), day);
	db_run(r->srv, "INSERT INTO enquiries(owner, asked, matter, applicant_name, applicant_phone, action, "
	       "ticket, to_window, to_dept, created_at, day, closed_at, closed_how) "
	       "VALUES(?, ?, ?, ?, nullif(?, ''), ?, nullif(?, 0), nullif(?, 0), ?, ?, ?, nullif(?, 0), ?)",
	       "ssssssIIsIsIs", r->auth.user, n.asked, n.matter, n.name, n.phone, n.action, ticket, n.window,
	       n.dept, now, day, answered ? now : (int64_t)0, answered ? "answered" : NULL);
	int64_t id = db_last_id(r->srv);
	enq_event(r, "enquiry.recorded", id, r->auth.user, n.action, ticket, 0);
	log_info("enquiry %lld recorded by %s (%s)", (long long)id, r->auth.user, n.action);
	srv_reply(r, 201, enq_load_json(r, id));
}

void h_enquiry_list(struct req *r)
{
	const char *status = req_query(r, "status"), *owner = req_query(r, "owner");
	bool sup = r->auth.role == ROLE_SUPERVISOR;
	struct req_page p;
	if (!status)
		status = "open";
	if (!owner)
		owner = sup ? "all" : "me";
	if ((strcmp(status, "open") != 0 && strcmp(status, "all") != 0) ||
	    (strcmp(owner, "me") != 0 && strcmp(owner, "all") != 0)) {
		srv_error(r, 400, "invalid_query", "status must be open or all, owner me or all");
		return;
	}
	if (strcmp(owner, "all") == 0 && !sup) {
		srv_error(r, 403, "forbidden", "only a supervisor reads everyone's enquiries");
		return;
	}
	if (req_query_page(r, SRV_PAGE_LIMIT, SRV_PAGE_MAX, &p))
		return;
	/* ?1 the owner ("" for all), ?2 1 for the open ones only */
	const char *who = strcmp(owner, "me") == 0 ? r->auth.user : "";
	int open = strcmp(status, "open") == 0;
	int64_t total = db_int(r->srv, "SELECT count(*) FROM enquiries e WHERE (?1 = '' OR e.owner = ?1) "
			       "AND (?2 = 0 OR e.closed_at IS NULL)", 0, "si", who, open);
	db_q *st = db_prep(r->srv, "SELECT " ENQ_COLS ENQ_FROM "WHERE (?1 = '' OR e.owner = ?1) "
			   "AND (?2 = 0 OR e.closed_at IS NULL) ORDER BY e.id LIMIT ?3 OFFSET ?4",
			   "siII", who, open, (int64_t)p.limit, (int64_t)p.offset);
	cJSON *arr = cJSON_CreateArray();
	while (db_step(st) == DB_ROW)
		cJSON_AddItemToArray(arr, enq_json(r, st));
	db_reset(st);
	srv_reply_page(r, "enquiries", arr, &p, total);
}

/* Close enquiry id of owner as how (with case_id, 0 for none) now, with
 * its event. */
static void enq_close(struct req *r, int64_t id, const char *owner, const char *how, int64_t ticket,
		      int64_t case_id)
{
	db_run(r->srv, "UPDATE enquiries SET closed_at = ?, closed_how = ?, case_id = nullif(?, 0) "
	       "WHERE id = ?", "IsII", clk_now(), how, case_id, id);
	enq_event(r, "enquiry.closed", id, owner, how, ticket, case_id);
}

void h_enquiry_close(struct req *r)
{
	int64_t id, case_id = 0;
	const char *how;
	if (req_param_id(r, 0, "enquiry", &id))
		return;
	db_q *st = db_prep(r->srv, "SELECT owner, closed_at IS NOT NULL, ticket FROM enquiries WHERE id = ?",
			   "I", id);
	if (db_step(st) != DB_ROW) {
		db_reset(st);
		srv_error(r, 404, "not_found", "no such enquiry: %lld", (long long)id);
		return;
	}
	char owner[64];
	tk_copy(owner, sizeof owner, st, 0);
	bool closed = db_col_int(st, 1) != 0;
	int64_t ticket = db_col_i64(st, 2);
	db_reset(st);
	if (strcmp(owner, r->auth.user) != 0 && r->auth.role != ROLE_SUPERVISOR) {
		srv_error(r, 403, "forbidden", "enquiry %lld is %s's (首问负责)", (long long)id, owner);
		return;
	}
	if (req_str(r, "how", true, &how) < 0 ||
	    req_int(r, "case", false, 1, INT32_MAX, &case_id) < 0)
		return;
	if (strcmp(how, "answered") != 0 && strcmp(how, "case") != 0) {
		srv_error(r, 400, "invalid_field", "the field 'how' must be answered or case");
		return;
	}
	if (case_id && !db_int(r->srv, "SELECT count(*) FROM cases WHERE id = ?", 0, "I", case_id)) {
		srv_error(r, 404, "not_found", "no such case: %lld", (long long)case_id);
		return;
	}
	if (closed) {
		tk_conflict(r, "invalid_state", cJSON_CreateString("closed"), "enquiry %lld is closed already",
			    (long long)id);
		return;
	}
	enq_close(r, id, owner, how, ticket, case_id);
	srv_reply(r, 200, enq_load_json(r, id));
}

int enq_case_taken(struct req *r, int64_t ticket, int64_t case_id)
{
	int n = 0;
	/* the ticket's own enquiry, or that of the ticket it was transferred
	 * from, and so on back (a chain of transfers is short) */
	for (int hops = 0; ticket > 0 && hops < 16; hops++) {
		db_q *st = db_prep(r->srv, "SELECT id, owner FROM enquiries WHERE ticket = ? AND closed_at IS NULL "
				   "ORDER BY id", "I", ticket);
		int64_t ids[8];
		char owners[8][64];
		int k = 0;
		while (k < 8 && db_step(st) == DB_ROW) {
			ids[k] = db_col_i64(st, 0);
			tk_copy(owners[k++], sizeof owners[0], st, 1);
		}
		db_reset(st);
		for (int i = 0; i < k; i++)
			enq_close(r, ids[i], owners[i], "case", ticket, case_id);
		n += k;
		ticket = db_int(r->srv, "SELECT transferred_from FROM tickets WHERE id = ?", 0, "I", ticket);
	}
	return n;
}

/* Add the counts of owner's row (recorded, closed, closed the same day)
 * to arr. */
static void enq_report_row(cJSON *arr, const char *owner, const char *name, const int64_t c[3])
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "user", owner);
	cJSON_AddStringToObject(o, "name", name);
	cJSON_AddNumberToObject(o, "recorded", (double)c[0]);
	cJSON_AddNumberToObject(o, "closed", (double)c[1]);
	cJSON_AddNumberToObject(o, "closed_same_day", (double)c[2]);
	cJSON_AddItemToArray(arr, o);
}

void enq_report_add(struct srv *s, cJSON *root, date_t from, date_t to)
{
	char f[DATE_ISO_SIZE], t[DATE_ISO_SIZE], owner[64] = "", name[128] = "";
	date_format_iso(from, f);
	date_format_iso(to, t);
	cJSON *arr = cJSON_AddArrayToObject(root, "enquiries");
	int64_t c[3] = { 0 };     /* the current owner's recorded, closed, closed the same day */
	/* the same day is the hall's day it was recorded on (clk_date_of) */
	db_q *st = db_prep(s, "SELECT e.owner, u.name, e.day, e.closed_at FROM enquiries e "
			   "LEFT JOIN users u ON u.user = e.owner WHERE e.day >= ? AND e.day <= ? "
			   "ORDER BY e.owner, e.id", "ss", f, t);
	while (db_step(st) == DB_ROW) {
		if (strcmp(owner, db_col_text(st, 0)) != 0) {
			if (c[0])
				enq_report_row(arr, owner, name, c);
			memset(c, 0, sizeof c);
			tk_copy(owner, sizeof owner, st, 0);
			tk_copy(name, sizeof name, st, 1);
		}
		c[0]++;
		if (!db_col_null(st, 3)) {
			c[1]++;
			c[2] += clk_date_of(db_col_i64(st, 3)) == db_col_date(st, 2);
		}
	}
	db_reset(st);
	if (c[0])
		enq_report_row(arr, owner, name, c);
}
