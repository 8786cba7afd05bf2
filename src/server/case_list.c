/* case_list.c - reading cases: one case, the list of open cases (F8) and
 * the search from the counter (docs/api.md, GET /cases).  A clerk reads
 * the cases of the services of the windows it is signed in to (and those
 * its windows took); the supervisor reads them all.  Lists are most urgent
 * first and paged; the applicant is masked in them (mask.h), and what was
 * searched for is never written to a message or the log. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wicket/common/buf.h"
#include "wicket/server/srv_case.h"
#include "wicket/common/xalloc.h"

#define CASE_LIST_LIMIT 50       /* the page size when none is asked for */
#define CASE_LIST_LIMIT_MAX 200
#define CASE_QUERY_MAX 50        /* characters of q */
#define CASE_DIGITS_MIN 4        /* the fewest digits of an ID number searched for */
#define CASE_DIGITS_MAX 18       /* all of them */

/* Reply status with case k as the caller may read it now: a clerk reads
 * only the cases it may handle (403 otherwise). */
static void case_reply_read(struct req *r, int status, struct kase *k)
{
	if (r->auth.role != ROLE_CLERK || case_may_handle(r, k->service, k->window))
		srv_reply(r, status, case_json(r, k->id, true));
	case_kase_free(k);
}

void h_case_get(struct req *r)
{
	struct kase k;
	if (case_load(r, &k) == 0)
		case_reply_read(r, 200, &k);
}

void case_reply_again(struct req *r, int status, int64_t id)
{
	struct kase k;
	if (case_load_id(r, id, &k) == 0)
		case_reply_read(r, status, &k);
}

/* ---- what a list asks for ------------------------------------------------ */

/* The filters of GET /cases, each NULL or 0 when not asked for. */
struct case_filter {
	int statuses;            /* bits of enum case_status */
	int window;              /* the window that took the case */
	const char *service;
	char *scope;             /* a clerk's windows, as a JSON array (owned) */
	/* q, by what it was taken to be. */
	const char *number;
	char id_tail[24];
	char phone_tail[8];
	const char *name;
	struct req_page page;
};

/* Bits of the statuses of ?status=; dflt when absent, 0 when unknown. */
static int case_status_mask(const char *s, const char *dflt)
{
	enum case_status st;
	if (!s)
		s = dflt;
	if (strcmp(s, "open") == 0)
		return 1 << CASE_ACCEPTED | 1 << CASE_SUSPENDED;
	if (strcmp(s, "active") == 0)
		return 1 << CASE_NOTIFIED | 1 << CASE_ACCEPTED | 1 << CASE_SUSPENDED;
	if (strcmp(s, "all") == 0)
		return (1 << CASE_NSTATUS) - 1;
	return case_status_parse(s, &st) ? 0 : 1 << st;
}

/* True when s is n digits, the last of which may be an X (as in an ID
 * number). */
static bool case_id_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!(s[i] >= '0' && s[i] <= '9') && !(i == n - 1 && (s[i] == 'X' || s[i] == 'x')))
			return false;
	return true;
}

/* What q is: a case number (digits and one '-'), the last digits of an ID
 * number (and, when 4, of a phone), or else a part of a name.  Returns 0,
 * or -1 after a 400 invalid_query that never quotes q. */
static int case_read_q(struct req *r, struct case_filter *f)
{
	const char *q = req_query(r, "q");
	if (!q)
		return 0;
	size_t n = strlen(q);
	const char *dash = strchr(q, '-');
	if (!case_text_valid(q, 1, CASE_QUERY_MAX)) {
		srv_error(r, 400, "invalid_query", "q must be 1 to %d characters without control characters",
			  CASE_QUERY_MAX);
		return -1;
	}
	if (dash && dash > q && strspn(q, "0123456789") == (size_t)(dash - q) && dash[1] &&
	    strspn(dash + 1, "0123456789") == strlen(dash + 1)) {
		f->number = q;
	} else if (case_id_digits(q, n)) {
		if (n < CASE_DIGITS_MIN || n > CASE_DIGITS_MAX) {
			srv_error(r, 400, "invalid_query", "q must be %d to %d digits of an ID number",
				  CASE_DIGITS_MIN, CASE_DIGITS_MAX);
			return -1;
		}
		for (size_t i = 0; i <= n; i++)
			f->id_tail[i] = q[i] == 'x' ? 'X' : q[i];
		if (n == 4 && q[3] != 'x' && q[3] != 'X')
			memcpy(f->phone_tail, q, 5);
	} else {
		f->name = q;
	}
	return 0;
}

/* ?window= and ?service=; for a clerk, its scope.  Returns 0, or -1 after
 * an error reply. */
static int case_read_where(struct req *r, struct case_filter *f)
{
	long window;
	if (req_query_int(r, "window", 1, 9999, 0, &window))
		return -1;
	f->window = (int)window;
	f->service = req_query(r, "service");
	if (f->service && !db_int(r->srv, "SELECT 1 FROM services WHERE code = ?", 0, "s", f->service)) {
		srv_error(r, 404, "unknown_service", "no service has that code");
		return -1;
	}
	if (r->auth.role != ROLE_CLERK)
		return 0;
	struct buf b = BUF_INIT;
	buf_addc(&b, '[');
	for (int i = 0; i < r->auth.nwindows; i++)
		buf_printf(&b, "%s%d", i ? "," : "", r->auth.windows[i]);
	buf_addc(&b, ']');
	f->scope = buf_steal(&b);
	if (f->service && !db_int(r->srv, "SELECT 1 FROM window_services WHERE service = ? AND window IN "
				  "(SELECT CAST(value AS INTEGER) FROM json_each(?))", 0, "ss", f->service, f->scope)) {
		srv_error(r, 403, "forbidden", "you are signed in to no window of service %s", f->service);
		return -1;
	}
	return 0;
}

/* Read every query argument into f.  Returns 0, or -1 after an error reply
 * (f->scope freed by the caller either way). */
static int case_read_filter(struct req *r, struct case_filter *f)
{
	if (case_read_q(r, f))
		return -1;
	/* A search looks among every case; the list shows the open ones. */
	bool search = f->number || f->id_tail[0] || f->name;
	f->statuses = case_status_mask(req_query(r, "status"), search ? "all" : "open");
	if (!f->statuses) {
		srv_error(r, 400, "invalid_query",
			  "status must be open, active, notified, accepted, suspended, completed or all");
		return -1;
	}
	if (req_query_page(r, CASE_LIST_LIMIT, CASE_LIST_LIMIT_MAX, &f->page))
		return -1;
	return case_read_where(r, f);
}

/* ---- the list --------------------------------------------------------------- */

/* A case that matched, with what orders it. */
struct case_hit {
	int64_t id;
	enum case_status status;
	date_t accepted, due;
	int working_days;
	bool counting;           /* has working days left */
	int left;
};

/* Urgency: fewest working days left first (overdue ones are negative),
 * then the earlier due date, then the older case; cases without a clock
 * (notified, completed) last, by id. */
static int case_cmp_urgency(const void *pa, const void *pb)
{
	const struct case_hit *a = pa, *b = pb;
	if (a->counting != b->counting)
		return a->counting ? -1 : 1;
	if (a->counting && a->left != b->left)
		return a->left < b->left ? -1 : 1;
	if (a->counting && a->due != b->due)
		return a->due < b->due ? -1 : 1;
	return (a->id > b->id) - (a->id < b->id);
}

/* Every case that f lets through in *out (malloc'd; the caller frees it),
 * with its working days left.  Returns how many. */
static size_t case_find(struct req *r, const struct case_filter *f, struct case_hit **out)
{
	size_t n = 0, cap = 0;
	struct case_hit *hits = NULL;
	db_q *st = db_prep(r->srv, "SELECT c.id, c.status, c.accepted_on, c.due, m.working_days "
		"FROM cases c JOIN matters m ON m.code = c.matter WHERE "
		"((?1 >> CASE c.status WHEN 'notified' THEN 0 WHEN 'accepted' THEN 1 "
		"  WHEN 'suspended' THEN 2 ELSE 3 END) & 1) <> 0 "
		"AND (?2 = 0 OR c.window = ?2) AND (?3 IS NULL OR m.service = ?3) "
		"AND (?4 IS NULL OR c.window IN (SELECT CAST(value AS INTEGER) FROM json_each(?4)) OR m.service IN "
		"  (SELECT ws.service FROM window_services ws WHERE ws.window IN (SELECT CAST(value AS INTEGER) FROM json_each(?4)))) "
		"AND ((?5 IS NULL AND ?6 IS NULL AND ?8 IS NULL) OR c.number = ?5 "
		"  OR substr(c.applicant_id, length(c.applicant_id) - length(?6) + 1) = ?6 "
		"  OR substr(c.applicant_phone, length(c.applicant_phone) - 3) = ?7 "
		"  OR instr(c.applicant_name, ?8) > 0)",
		"iissssss", f->statuses, f->window, f->service, f->scope, f->number,
		f->id_tail[0] ? f->id_tail : NULL, f->phone_tail[0] ? f->phone_tail : NULL, f->name);
	while (db_step(st) == DB_ROW) {
		if (n == cap)
			hits = xreallocarray(hits, cap = cap ? 2 * cap : 32, sizeof *hits);
		struct case_hit *h = &hits[n++];
		*h = (struct case_hit){ .id = db_col_i64(st, 0), .accepted = db_col_date(st, 2),
					.due = db_col_date(st, 3), .working_days = db_col_int(st, 4) };
		case_status_parse(db_col_text(st, 1), &h->status);
	}
	db_reset(st);
	/* After the rows: case_days_left runs statements of its own. */
	for (size_t i = 0; i < n; i++)
		hits[i].counting = case_days_left(r->srv, hits[i].id, hits[i].status, hits[i].accepted,
						  hits[i].due, hits[i].working_days, &hits[i].left);
	*out = hits;
	return n;
}

/* GET /cases: the open cases (F8), or the ones q finds, most urgent first,
 * one page of them. */
void h_case_list(struct req *r)
{
	struct case_filter f = { 0 };
	if (case_read_filter(r, &f)) {
		free(f.scope);
		return;
	}
	struct case_hit *hits;
	size_t n = case_find(r, &f, &hits);
	free(f.scope);
	if (n)   /* hits is NULL when nothing matched */
		qsort(hits, n, sizeof *hits, case_cmp_urgency);
	cJSON *arr = cJSON_CreateArray();
	for (size_t i = (size_t)f.page.offset; i < n && i < (size_t)(f.page.offset + f.page.limit); i++)
		cJSON_AddItemToArray(arr, case_json(r, hits[i].id, false));
	free(hits);
	cJSON *root = cJSON_CreateObject();
	cJSON_AddItemToObject(root, "cases", arr);
	srv_json_page(root, &f.page, (int64_t)n);
	srv_reply(r, 200, root);
}

/* GET /cases/deferred: what the hall's accepted cases still owe (容缺受理),
 * the earliest due first; overdue=1 keeps the ones past their date. */
void h_case_deferred(struct req *r)
{
	static const struct srv_col cols[] = {
		{ "case", 'i' }, { "number", 's' }, { "status", 's' }, { "matter", 's' }, { "matter_name", 's' },
		{ "window", 'i' }, { "material", 'i' }, { "name", 's' }, { "due", 's' }, { "provisional", 'b' },
	};
	long overdue;
	char today[DATE_ISO_SIZE];
	if (req_query_int(r, "overdue", 0, 1, 0, &overdue) < 0)
		return;
	date_format_iso(clk_today(), today);
	db_q *st = db_prep(r->srv, "SELECT c.id, c.number, c.status, c.matter, mt.name, c.window, o.material, "
				   "m.name, o.due, o.provisional FROM case_owed o JOIN cases c ON c.id = o.case_id "
				   "JOIN matters mt ON mt.code = c.matter "
				   "JOIN materials m ON m.matter = c.matter AND m.id = o.material "
				   "WHERE (? = 0 OR o.due < ?) ORDER BY o.due, c.id, o.material",
				   "is", (int)overdue, today);
	cJSON *arr = srv_json_rows(st, cols, sizeof cols / sizeof cols[0]);
	case_owed_mark_overdue(arr);
	srv_reply_list(r, "deferred", arr);
}
