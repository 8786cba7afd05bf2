#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "wicket/core/sample.h"
#include "wicket/server/mask.h"
#include "wicket/server/srv.h"
#include "wicket/server/srv_ticket.h"
#include "wicket/common/xalloc.h"

/* Follow-up calls (回访): a seeded random sample of completed cases drawn
 * across the windows (抽查回访), and a task for every poor rating (差评回访).
 * Both end with an outcome.  The supervisor must dial the applicant, so
 * this is the one place that shows the phone in full; the ID number stays
 * masked, and neither ever reaches the log or the event feed. */

#define CB_MAX_SIZE 1000
#define CB_TEXT_MAX 200
/* Seeds are 32-bit: every JSON library prints and reads them exactly
 * (cJSON prints only 15 significant digits of larger whole numbers). */
#define CB_MAX_SEED 4294967295L

/* ---- the callback object ---------------------------------------------- */

/* The columns of a callback row; a dry run selects NULL for those of the
 * callback itself. */
#define CB_CASE_COLS "c.id, c.number, c.window, c.clerk, c.matter, m.name, c.completed_on, " \
	"c.rating, c.applicant_name, c.applicant_id, c.applicant_phone"
#define CB_COLS "cb.id, cb.kind, cb.status, cb.sample, cb.source, cb.source_level, cb.parent, " \
	"(SELECT min(n.id) FROM callbacks n WHERE n.parent = cb.id), cb.created_at, cb.due, " \
	"cb.provisional, cb.reached, cb.attitude, cb.competence, cb.rating, cb.remarks, cb.done_at, " \
	"cb.done_by, " CB_CASE_COLS CB_TICKET_COLS
/* and, after the case's, the visit's of a callback without a case (a 差评
 * of a service that made none): its ticket, number, window and clerk. */
#define CB_TICKET_COLS ", cb.ticket, tk.number, tk.window, tk.clerk"
#define CB_FROM "FROM callbacks cb LEFT JOIN cases c ON c.id = cb.case_id " \
	"LEFT JOIN matters m ON m.code = c.matter LEFT JOIN tickets tk ON tk.id = cb.ticket"

static const struct srv_col cb_cols[] = {
	{ "id", 'i' }, { "kind", 's' }, { "status", 's' }, { "sample", 'i' }, { "source", 's' },
	{ "source_level", 'i' }, { "parent", 'i' }, { "next", 'i' }, { "created_at", 't' },
	{ "due", 's' }, { "provisional", 'b' },
};
#define CB_NCOLS 18          /* the callback's own columns, outcome included */
#define CB_COL_STATUS 2
#define CB_COL_DUE 9
#define CB_COL_REACHED 11

static const struct srv_col cb_outcome_cols[] = {
	{ "reached", 'b' }, { "attitude", 'i' }, { "competence", 'i' }, { "rating", 'i' },
	{ "remarks", 's' }, { "at", 't' }, { "user", 's' },
};

static const struct srv_col cb_case_cols[] = {
	{ "case", 'i' }, { "case_number", 's' }, { "window", 'i' }, { "clerk", 's' }, { "matter", 's' },
	{ "matter_name", 's' }, { "completed_on", 's' }, { "case_rating", 'i' },
};
#define CB_CASE_NCOLS 11     /* the case's columns, the applicant's three included */

/* The case's members from column col on (CB_CASE_COLS): the applicant's
 * phone in full, the ID number masked (MASK_DIAL). */
static void cb_add_case(cJSON *o, db_q *st, int col)
{
	int n = (int)(sizeof cb_case_cols / sizeof cb_case_cols[0]);
	srv_json_cols(o, st, col, cb_case_cols, (size_t)n);
	mask_add_applicant(o, MASK_DIAL, db_col_text(st, col + n), db_col_text(st, col + n + 1),
			   db_col_text(st, col + n + 2));
}

/* One row of CB_COLS as the callback object. */
static cJSON *cb_row_json(db_q *st)
{
	cJSON *o = cJSON_CreateObject();
	srv_json_cols(o, st, 0, cb_cols, sizeof cb_cols / sizeof cb_cols[0]);
	date_t due, today = clk_today();
	bool open = strcmp(db_col_text(st, CB_COL_STATUS), "open") == 0;
	bool late = open && date_parse_iso(db_col_text(st, CB_COL_DUE), &due) && today > due;
	cJSON_AddBoolToObject(o, "overdue", late);
	if (db_col_null(st, CB_COL_REACHED)) {
		cJSON_AddNullToObject(o, "outcome");
	} else {
		cJSON *out = cJSON_AddObjectToObject(o, "outcome");
		srv_json_cols(out, st, CB_COL_REACHED, cb_outcome_cols,
			    sizeof cb_outcome_cols / sizeof cb_outcome_cols[0]);
	}
	int tcol = CB_NCOLS + CB_CASE_NCOLS;
	if (!db_col_null(st, CB_NCOLS)) {
		cb_add_case(o, st, CB_NCOLS);
		cJSON_AddNullToObject(o, "ticket");
		cJSON_AddNullToObject(o, "ticket_number");
		return o;
	}
	/* A visit that made no case: the ticket stands for it; nobody left a
	 * number to call, so the follow-up is the window's rectification. */
	static const struct srv_col visit_cols[] = {
		{ "ticket", 'i' }, { "ticket_number", 's' }, { "window", 'i' }, { "clerk", 's' },
	};
	srv_json_cols(o, st, tcol, visit_cols, sizeof visit_cols / sizeof visit_cols[0]);
	static const char *const none[] = { "case", "case_number", "matter", "matter_name",
					    "completed_on", "case_rating", "applicant" };
	for (size_t i = 0; i < sizeof none / sizeof none[0]; i++)
		cJSON_AddNullToObject(o, none[i]);
	return o;
}

/* Callback id as the API shows it, or NULL; the caller owns it. */
static cJSON *cb_json(struct srv *s, int64_t id)
{
	db_q *st = db_prep(s, "SELECT " CB_COLS " " CB_FROM " WHERE cb.id = ?", "I", id);
	cJSON *o = db_step(st) == DB_ROW ? cb_row_json(st) : NULL;
	db_reset(st);
	return o;
}

/* ---- opening one ------------------------------------------------------ */

/* Insert an open callback of case_id, or (0) of the visit of ticket;
 * returns its id. */
static int64_t cb_insert(struct srv *s, const char *kind, int64_t case_id, int64_t ticket,
			 int64_t sample, const char *source, int level, int64_t parent, const char *due,
			 bool provisional)
{
	db_run(s, "INSERT INTO callbacks(kind, case_id, ticket, sample, source, source_level, parent, status, "
	       "created_at, due, provisional) VALUES(?, nullif(?, 0), nullif(?, 0), nullif(?, 0), ?, "
	       "nullif(?, 0), nullif(?, 0), 'open', ?, ?, ?)", "sIIIsiIIsi", kind, case_id, ticket, sample,
	       source, level, parent, clk_now(), due, (int)provisional);
	return db_last_id(s);
}

/* An event about callback id of case_id (or, 0, of the visit of ticket):
 * data (taken over) gets its id and kind. */
static void cb_event(struct req *r, const char *kind, int64_t id, const char *cb_kind,
		     int64_t case_id, int64_t ticket, cJSON *data)
{
	int window = case_id ? (int)db_int(r->srv, "SELECT coalesce(window, 0) FROM cases WHERE id = ?", 0,
					   "I", case_id)
			     : (int)db_int(r->srv, "SELECT coalesce(window, 0) FROM tickets WHERE id = ?", 0,
					   "I", ticket);
	cJSON_AddNumberToObject(data, "callback", (double)id);
	cJSON_AddStringToObject(data, "kind", cb_kind);
	ev_add(r, kind, window, ticket, case_id, data);
}

/* cb_open_bad_rating of case_id, or (0) of the visit of ticket. */
static int cb_open_poor(struct req *r, int64_t case_id, int64_t ticket, int level, const char *source,
			int64_t parent)
{
	struct srv *s = r->srv;
	date_t due;
	bool provisional = false;
	char iso[DATE_ISO_SIZE];
	if (cal_due(srv_cal(s), clk_today(), s->opt->bad_rating_days, NULL, 0, &due, &provisional)) {
		srv_error(r, 500, "internal", "no due date can be computed for the follow-up call");
		return -1;
	}
	date_format_iso(due, iso);
	int64_t id = cb_insert(s, "bad_rating", case_id, ticket, 0, source, level, parent, iso, provisional);
	cJSON *data = cJSON_CreateObject();
	cJSON_AddStringToObject(data, "due", iso);
	cJSON_AddNumberToObject(data, "level", level);
	cb_event(r, "callback.opened", id, "bad_rating", case_id, ticket, data);
	return 0;
}

int cb_open_bad_rating(struct req *r, int64_t case_id, int level, const char *source,
		       int64_t parent)
{
	return cb_open_poor(r, case_id, 0, level, source, parent);
}

int cb_open_bad_rating_visit(struct req *r, int64_t ticket, int level)
{
	return cb_open_poor(r, 0, ticket, level, "counter", 0);
}

/* ---- POST /callbacks/sample -------------------------------------------- */

struct cb_sample_req {
	date_t from, to;
	int64_t size, per_window, seed, exclude_days;
	bool dry_run;
};

/* A date member of the body; -1 after a 400. */
static int cb_req_date(struct req *r, const char *field, date_t *out)
{
	const char *v;
	if (req_str(r, field, true, &v))
		return -1;
	if (date_parse_iso(v, out))
		return 0;
	srv_error(r, 400, "invalid_field", "the field '%s' must be a date YYYY-MM-DD", field);
	return -1;
}

static int cb_read_sample(struct req *r, struct cb_sample_req *q)
{
	int has_size, has_per;
	memset(q, 0, sizeof *q);
	q->exclude_days = 30;
	if (cb_req_date(r, "from", &q->from) || cb_req_date(r, "to", &q->to) ||
	    (has_size = req_int(r, "size", false, 1, CB_MAX_SIZE, &q->size)) < 0 ||
	    (has_per = req_int(r, "per_window", false, 1, CB_MAX_SIZE, &q->per_window)) < 0 ||
	    req_int(r, "seed", false, 0, CB_MAX_SEED, &q->seed) < 0 ||
	    req_int(r, "exclude_days", false, 0, 3650, &q->exclude_days) < 0 ||
	    req_bool(r, "dry_run", false, &q->dry_run) < 0)
		return -1;
	if (q->from > q->to) {
		srv_error(r, 400, "invalid_field", "'from' must not be after 'to'");
		return -1;
	}
	if ((has_size == 0) == (has_per == 0)) {
		srv_error(r, 400, has_size ? "missing_field" : "invalid_field",
			  "give exactly one of 'size' and 'per_window'");
		return -1;
	}
	if (!cJSON_GetObjectItemCaseSensitive(r->json, "seed")) {
		uint64_t x = 0;
		if (getrandom(&x, sizeof x, 0) != (ssize_t)sizeof x)
			x = (uint64_t)clk_now();
		q->seed = (int64_t)(x & (uint64_t)CB_MAX_SEED);
	}
	return 0;
}

/* The population: completed cases of the period, the latest one of each
 * applicant, leaving out applicants with a callback open, drawn or done in
 * the last exclude_days days; by window, then id. */
struct cb_population {
	int64_t *cases;
	int *windows;
	size_t n;
};

static void cb_load_population(struct srv *s, const struct cb_sample_req *q, struct cb_population *p)
{
	char from[DATE_ISO_SIZE], to[DATE_ISO_SIZE];
	size_t cap = 0;
	date_format_iso(q->from, from);
	date_format_iso(q->to, to);
	memset(p, 0, sizeof *p);
	db_q *st = db_prep(s, "SELECT c.id, c.window FROM cases c WHERE c.status = 'completed' "
		"AND c.completed_on >= ?1 AND c.completed_on <= ?2 AND c.window IS NOT NULL "
		"AND c.id = (SELECT max(d.id) FROM cases d WHERE d.applicant_id = c.applicant_id "
		"  AND d.status = 'completed' AND d.completed_on >= ?1 AND d.completed_on <= ?2 "
		"  AND d.window IS NOT NULL) "
		"AND NOT EXISTS (SELECT 1 FROM callbacks cb JOIN cases e ON e.id = cb.case_id "
		"  WHERE e.applicant_id = c.applicant_id AND (cb.status = 'open' OR cb.created_at >= ?3 "
		"  OR cb.done_at >= ?3)) ORDER BY c.window, c.id",
		"ssI", from, to, clk_now() - 86400 * q->exclude_days);
	while (db_step(st) == DB_ROW) {
		if (p->n == cap) {
			cap = cap ? 2 * cap : 64;
			p->cases = xreallocarray(p->cases, cap, sizeof *p->cases);
			p->windows = xreallocarray(p->windows, cap, sizeof *p->windows);
		}
		p->cases[p->n] = db_col_i64(st, 0);
		p->windows[p->n++] = db_col_int(st, 1);
	}
	db_reset(st);
}

/* One stratum per window: where its cases start in the population, how
 * many it has and how many are drawn. */
struct cb_stratum {
	int window;
	size_t start, pop, drawn;
};

/* Split p into strata (*out, caller frees) and allocate the sample;
 * returns the number of strata. */
static size_t cb_allocate(const struct cb_population *p, const struct cb_sample_req *q,
			  struct cb_stratum **out)
{
	struct cb_stratum *sr = xcalloc(p->n + 1, sizeof *sr);
	size_t k = 0;
	for (size_t i = 0; i < p->n; i++) {
		if (k == 0 || sr[k - 1].window != p->windows[i])
			sr[k++] = (struct cb_stratum){ .window = p->windows[i], .start = i };
		sr[k - 1].pop++;
	}
	size_t *pop = xcalloc(k + 1, sizeof *pop), *alloc = xcalloc(k + 1, sizeof *alloc);
	for (size_t i = 0; i < k; i++)
		pop[i] = sr[i].pop;
	if (q->per_window)
		for (size_t i = 0; i < k; i++)
			alloc[i] = pop[i] < (size_t)q->per_window ? pop[i] : (size_t)q->per_window;
	else
		sample_allocate(pop, k, (size_t)q->size, alloc);
	for (size_t i = 0; i < k; i++)
		sr[i].drawn = alloc[i];
	free(pop);
	free(alloc);
	*out = sr;
	return k;
}

static int cb_cmp_id(const void *pa, const void *pb)
{
	int64_t a = *(const int64_t *)pa, b = *(const int64_t *)pb;
	return (a > b) - (a < b);
}

/* Draw the sample: one generator from the seed, the strata in window
 * order; within a window the drawn cases are listed by id.  Returns the
 * chosen case ids (caller frees) and their number in *n. */
static int64_t *cb_draw(const struct cb_population *p, const struct cb_stratum *sr, size_t k,
			uint64_t seed, size_t *n)
{
	struct sample_rng g;
	size_t *idx = xcalloc(p->n + 1, sizeof *idx);
	int64_t *chosen = xcalloc(p->n + 1, sizeof *chosen);
	*n = 0;
	sample_rng_seed(&g, seed);
	for (size_t i = 0; i < k; i++) {
		size_t first = *n;
		sample_pick(&g, idx, sr[i].pop, sr[i].drawn);
		for (size_t j = 0; j < sr[i].drawn; j++)
			chosen[(*n)++] = p->cases[sr[i].start + idx[j]];
		qsort(chosen + first, sr[i].drawn, sizeof *chosen, cb_cmp_id);
	}
	free(idx);
	return chosen;
}

static cJSON *cb_sample_json(const struct cb_sample_req *q, int64_t id, size_t population,
			     size_t drawn, const struct cb_stratum *sr, size_t k, const char *user)
{
	cJSON *o = cJSON_CreateObject();
	char from[DATE_ISO_SIZE], to[DATE_ISO_SIZE];
	date_format_iso(q->from, from);
	date_format_iso(q->to, to);
	if (id)
		cJSON_AddNumberToObject(o, "id", (double)id);
	else
		cJSON_AddNullToObject(o, "id");
	clk_json_add(o, "at", clk_now());
	cJSON_AddStringToObject(o, "user", user);
	cJSON_AddStringToObject(o, "from", from);
	cJSON_AddStringToObject(o, "to", to);
	if (q->size)
		cJSON_AddNumberToObject(o, "size", (double)q->size);
	else
		cJSON_AddNullToObject(o, "size");
	if (q->per_window)
		cJSON_AddNumberToObject(o, "per_window", (double)q->per_window);
	else
		cJSON_AddNullToObject(o, "per_window");
	cJSON_AddNumberToObject(o, "seed", (double)q->seed);
	cJSON_AddNumberToObject(o, "exclude_days", (double)q->exclude_days);
	cJSON_AddBoolToObject(o, "dry_run", q->dry_run);
	cJSON_AddNumberToObject(o, "population", (double)population);
	cJSON_AddNumberToObject(o, "drawn", (double)drawn);
	cJSON *arr = cJSON_AddArrayToObject(o, "strata");
	for (size_t i = 0; i < k; i++) {
		cJSON *s = cJSON_CreateObject();
		cJSON_AddNumberToObject(s, "window", sr[i].window);
		cJSON_AddNumberToObject(s, "population", (double)sr[i].pop);
		cJSON_AddNumberToObject(s, "drawn", (double)sr[i].drawn);
		cJSON_AddItemToArray(arr, s);
	}
	return o;
}

/* What a dry run shows for case id: the callback it would become. */
static cJSON *cb_preview_json(struct srv *s, int64_t case_id)
{
	db_q *st = db_prep(s, "SELECT NULL, 'sample', NULL, NULL, NULL, NULL, NULL, NULL, NULL, "
		"NULL, 0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, " CB_CASE_COLS " "
		"FROM cases c JOIN matters m ON m.code = c.matter WHERE c.id = ?", "I", case_id);
	cJSON *o = db_step(st) == DB_ROW ? cb_row_json(st) : cJSON_CreateNull();
	db_reset(st);
	return o;
}

/* Store the sample and its callbacks; returns the sample's id. */
static int64_t cb_store_sample(struct req *r, const struct cb_sample_req *q, size_t population,
			       const int64_t *chosen, size_t n, cJSON *list)
{
	struct srv *s = r->srv;
	char from[DATE_ISO_SIZE], to[DATE_ISO_SIZE];
	date_format_iso(q->from, from);
	date_format_iso(q->to, to);
	db_run(s, "INSERT INTO callback_samples(at, user, from_day, to_day, size, per_window, seed, "
	       "exclude_days, population) VALUES(?, ?, ?, ?, nullif(?, 0), nullif(?, 0), ?, ?, ?)",
	       "IsssIIIII", clk_now(), r->auth.user, from, to, q->size, q->per_window, q->seed,
	       q->exclude_days, (int64_t)population);
	int64_t sample = db_last_id(s);
	for (size_t i = 0; i < n; i++) {
		int64_t id = cb_insert(s, "sample", chosen[i], 0, sample, NULL, 0, 0, NULL, false);
		cJSON_AddItemToArray(list, cb_json(s, id));
	}
	cJSON *data = cJSON_CreateObject();
	cJSON_AddNumberToObject(data, "sample", (double)sample);
	cJSON_AddNumberToObject(data, "drawn", (double)n);
	ev_add(r, "callback.sampled", 0, 0, 0, data);
	return sample;
}

void h_callback_sample(struct req *r)
{
	struct srv *s = r->srv;
	struct cb_sample_req q;
	struct cb_population p;
	struct cb_stratum *sr;
	size_t n;
	if (cb_read_sample(r, &q))
		return;
	cb_load_population(s, &q, &p);
	size_t k = cb_allocate(&p, &q, &sr);
	int64_t *chosen = cb_draw(&p, sr, k, (uint64_t)q.seed, &n);
	cJSON *list = cJSON_CreateArray();
	int64_t sample = 0;
	if (q.dry_run)
		for (size_t i = 0; i < n; i++)
			cJSON_AddItemToArray(list, cb_preview_json(s, chosen[i]));
	else
		sample = cb_store_sample(r, &q, p.n, chosen, n, list);
	cJSON *root = cJSON_CreateObject();
	cJSON_AddItemToObject(root, "sample", cb_sample_json(&q, sample, p.n, n, sr, k, r->auth.user));
	cJSON_AddItemToObject(root, "callbacks", list);
	free(chosen);
	free(sr);
	free(p.cases);
	free(p.windows);
	srv_reply(r, q.dry_run ? 200 : 201, root);
}

/* ---- GET /callbacks ----------------------------------------------------- */

/* The bit of a ?status= or ?kind= value among names (bit i for names[i];
 * all of them for "all"), or 0 when it is none of them. */
static int cb_query_mask(const char *v, const char *dflt, const char *const names[2])
{
	if (!v)
		v = dflt;
	if (strcmp(v, "all") == 0)
		return 3;
	for (int i = 0; i < 2; i++)
		if (strcmp(v, names[i]) == 0)
			return 1 << i;
	return 0;
}

/* GET /callbacks: ?1 the statuses' bits (1 open, 2 done), ?2 the kinds'
 * (1 sample, 2 bad_rating). */
#define CB_LIST_WHERE "WHERE (?1 & CASE cb.status WHEN 'open' THEN 1 ELSE 2 END) <> 0 AND " \
	"(?2 & CASE cb.kind WHEN 'sample' THEN 1 ELSE 2 END) <> 0"

void h_callback_list(struct req *r)
{
	static const char *const statuses[2] = { "open", "done" }, *const kinds[2] = { "sample", "bad_rating" };
	int status = cb_query_mask(req_query(r, "status"), "open", statuses);
	int kind = cb_query_mask(req_query(r, "kind"), "all", kinds);
	if (!status || !kind) {
		srv_error(r, 400, "invalid_query", "status must be open, done or all; kind sample, "
			  "bad_rating or all");
		return;
	}
	struct req_page p;
	if (req_query_page(r, SRV_PAGE_LIMIT, SRV_PAGE_MAX, &p))
		return;
	int64_t total = db_int(r->srv, "SELECT count(*) FROM callbacks cb " CB_LIST_WHERE, 0, "ii", status, kind);
	cJSON *arr = cJSON_CreateArray();
	db_q *st = db_prep(r->srv, "SELECT " CB_COLS " " CB_FROM " " CB_LIST_WHERE
		" ORDER BY cb.due IS NULL, cb.due, cb.id LIMIT ?3 OFFSET ?4", "iiII", status, kind,
		(int64_t)p.limit, (int64_t)p.offset);
	while (db_step(st) == DB_ROW)
		cJSON_AddItemToArray(arr, cb_row_json(st));
	db_reset(st);
	srv_reply_page(r, "callbacks", arr, &p, total);
}

/* ---- POST /callbacks/{id}/outcome ----------------------------------------- */

struct cb_outcome {
	bool reached;
	int64_t attitude, competence, rating;
	const char *remarks;
};

/* The scores: all three required when reached, none allowed when not. */
static int cb_read_outcome(struct req *r, struct cb_outcome *o)
{
	static const char *const scores[3] = { "attitude", "competence", "rating" };
	int64_t *vals[3] = { &o->attitude, &o->competence, &o->rating };
	memset(o, 0, sizeof *o);
	if (req_bool(r, "reached", true, &o->reached) ||
	    req_obj_text(r, r->json, "", "remarks", false, 0, CB_TEXT_MAX, &o->remarks) < 0)
		return -1;
	for (int i = 0; i < 3; i++) {
		int rc = req_int(r, scores[i], o->reached, 1, 5, vals[i]);
		if (rc < 0)
			return -1;
		if (rc == 0 && !o->reached) {
			srv_error(r, 400, "invalid_field", "'%s' is only given when the applicant was reached",
				  scores[i]);
			return -1;
		}
	}
	return 0;
}

/* 0 when callback id exists and is open; else -1 after a 404, or a 409
 * invalid_state naming its status. */
static int cb_find_open(struct req *r, int64_t id)
{
	char *status = db_text(r->srv, "SELECT status FROM callbacks WHERE id = ?", "I", id);
	bool open = status && strcmp(status, "open") == 0;
	if (!status)
		srv_error(r, 404, "not_found", "no such callback: %lld", (long long)id);
	else if (!open)
		tk_conflict(r, "invalid_state", cJSON_CreateString(status),
			    "callback %lld has an outcome already", (long long)id);
	free(status);
	return open ? 0 : -1;
}

void h_callback_outcome(struct req *r)
{
	struct srv *s = r->srv;
	struct cb_outcome o;
	int64_t id;
	if (req_param_id(r, 0, "callback", &id) || cb_find_open(r, id) || cb_read_outcome(r, &o))
		return;
	db_run(s, "UPDATE callbacks SET status = 'done', reached = ?, attitude = nullif(?, 0), "
	       "competence = nullif(?, 0), rating = nullif(?, 0), remarks = ?, done_at = ?, done_by = ? "
	       "WHERE id = ?", "iIIIsIsI", (int)o.reached, o.attitude, o.competence, o.rating, o.remarks,
	       clk_now(), r->auth.user, id);
	int64_t case_id = db_int(s, "SELECT coalesce(case_id, 0) FROM callbacks WHERE id = ?", 0, "I", id);
	int64_t ticket = db_int(s, "SELECT coalesce(ticket, 0) FROM callbacks WHERE id = ?", 0, "I", id);
	char *kind = db_text(s, "SELECT kind FROM callbacks WHERE id = ?", "I", id);
	cJSON *data = cJSON_CreateObject();
	cJSON_AddBoolToObject(data, "reached", o.reached);
	if (o.rating)
		cJSON_AddNumberToObject(data, "rating", (double)o.rating);
	else
		cJSON_AddNullToObject(data, "rating");
	cb_event(r, "callback.done", id, kind, case_id, ticket, data);
	free(kind);
	/* A visit without a case has no second rating to record: its
	 * follow-up is the window's (remarks). */
	if (o.reached && case_id)
		rating_callback(r, case_id, o.rating);
	if (o.reached && case_id && o.rating <= 2 &&
	    cb_open_bad_rating(r, case_id, (int)o.rating, "callback", id))
		return;
	srv_reply(r, 200, cb_json(s, id));
}
