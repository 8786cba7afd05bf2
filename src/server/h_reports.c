#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wicket/common/buf.h"
#include "wicket/common/csv.h"
#include "wicket/core/stats.h"
#include "wicket/server/platform.h"
#include "wicket/server/srv.h"
#include "wicket/server/srv_booking.h"
#include "wicket/server/srv_post.h"
#include "wicket/common/xalloc.h"

/* The supervisors' report: per window, clerk or matter over a period, the
 * tickets served and missed, waiting and handling times (mean and 90th
 * percentile), paused time, promised cases done on time, overdue ones,
 * one-visit acceptance and the applicants' ratings.  docs/api.md defines
 * every figure; the arithmetic is in core/stats.c. */

enum rp_by { RP_WINDOW, RP_CLERK, RP_MATTER, RP_HALL, RP_BY_COUNT };
static const char *const rp_by_names[RP_BY_COUNT] = { "window", "clerk", "matter", "hall" };

/* A growable array of durations in seconds. */
struct rp_vec {
	int64_t *v;
	size_t n, cap;
};

static void rp_vec_add(struct rp_vec *a, int64_t x)
{
	if (a->n == a->cap)
		a->v = xreallocarray(a->v, a->cap = a->cap ? 2 * a->cap : 16, sizeof *a->v);
	a->v[a->n++] = x;
}

/* One line of the report: what is counted for one key. */
struct rp_row {
	char *key;                /* NULL: tickets taken for no matter */
	char *name;
	int64_t called, served, no_shows, transferred, expired;
	struct rp_vec waits, handles;
	int64_t paused;
	int64_t promised_completed, promised_on_time, overdue_open;
	int64_t accepted, first_visit;
	int64_t ratings[5];
	int64_t extended, extended_seconds;  /* 延时: services started after closing */
	int64_t assisted_help, assisted_proxy; /* 帮办, 代办: of the cases accepted */
};

struct rp_table {
	enum rp_by by;
	struct rp_row *rows;
	size_t n, cap;
	int64_t start, end;       /* the period as epoch times, [start, end) */
	char from[DATE_ISO_SIZE], to[DATE_ISO_SIZE], today[DATE_ISO_SIZE];
};

static bool rp_same_key(const char *a, const char *b)
{
	return a && b ? strcmp(a, b) == 0 : a == b;
}

/* The row of key (NULL allowed), made with name (may be NULL) when
 * missing.  Pointers into t->rows last until the next row is made. */
static struct rp_row *rp_row_named(struct rp_table *t, const char *key, const char *name)
{
	for (size_t i = 0; i < t->n; i++)
		if (rp_same_key(t->rows[i].key, key))
			return &t->rows[i];
	if (t->n == t->cap)
		t->rows = xreallocarray(t->rows, t->cap = t->cap ? 2 * t->cap : 16, sizeof *t->rows);
	struct rp_row *r = &t->rows[t->n++];
	memset(r, 0, sizeof *r);
	r->key = xstrdup(key);
	r->name = xstrdup(name);
	return r;
}

/* The key of column col, NULL when NULL. */
static const char *rp_key(db_q *st, int col)
{
	return db_col_null(st, col) ? NULL : db_col_text(st, col);
}

/* The row whose key is column col of st and name column col + 1. */
static struct rp_row *rp_row(struct rp_table *t, db_q *st, int col)
{
	return rp_row_named(t, rp_key(st, col), rp_key(st, col + 1));
}

static void rp_free(struct rp_table *t)
{
	for (size_t i = 0; i < t->n; i++) {
		free(t->rows[i].key);
		free(t->rows[i].name);
		free(t->rows[i].waits.v);
		free(t->rows[i].handles.v);
	}
	free(t->rows);
}

/* ---- counting --------------------------------------------------------- */

/* Tickets called in the period: served, missed, waits and handling. */
static void rp_count_tickets(struct srv *s, struct rp_table *t)
{
	db_q *st = db_prep(s, "SELECT CASE ?1 WHEN 0 THEN CAST(t.window AS TEXT) "
		"WHEN 1 THEN t.clerk ELSE t.matter END, CASE ?1 WHEN 0 THEN w.name WHEN 1 THEN u.name "
		"ELSE m.name END, t.status, t.issued_at, t.called_at, t.started_at, t.finished_at, t.extended "
		"FROM tickets t LEFT JOIN windows w ON w.no = t.window LEFT JOIN users u ON u.user = t.clerk "
		"LEFT JOIN matters m ON m.code = t.matter WHERE t.called_at >= ?2 AND t.called_at < ?3",
		"iII", (int)t->by, t->start, t->end);
	while (db_step(st) == DB_ROW) {
		struct rp_row *r = rp_row(t, st, 0);
		const char *status = db_col_text(st, 2);
		int64_t issued = db_col_i64(st, 3), called = db_col_i64(st, 4);
		int64_t started = db_col_i64(st, 5), finished = db_col_i64(st, 6);
		r->called++;
		rp_vec_add(&r->waits, called > issued ? called - issued : 0);
		if (strcmp(status, "done") == 0) {
			r->served++;
			if (started > 0 && finished >= started)
				rp_vec_add(&r->handles, finished - started);
		}
		if (db_col_int(st, 7) && started > 0) {
			r->extended++;
			r->extended_seconds += finished >= started ? finished - started : 0;
		}
		r->no_shows += strcmp(status, "no_show") == 0;
		r->transferred += strcmp(status, "transferred") == 0;
	}
	db_reset(st);
}

/* Tickets of the period's days that its end left over (expired): by the
 * window that called them or they were sent to, by who called them, by
 * their matter. */
static void rp_count_expired(struct srv *s, struct rp_table *t)
{
	db_q *st = db_prep(s, "SELECT CASE ?1 WHEN 0 THEN CAST(coalesce(t.window, t.target_window) "
		"AS TEXT) WHEN 1 THEN t.clerk ELSE t.matter END, CASE ?1 WHEN 0 THEN w.name WHEN 1 THEN u.name "
		"ELSE m.name END FROM tickets t LEFT JOIN windows w ON w.no = coalesce(t.window, t.target_window) "
		"LEFT JOIN users u ON u.user = t.clerk LEFT JOIN matters m ON m.code = t.matter "
		"WHERE t.status = 'expired' AND t.day >= ?2 AND t.day <= ?3", "iss", (int)t->by, t->from, t->to);
	while (db_step(st) == DB_ROW)
		rp_row(t, st, 0)->expired++;
	db_reset(st);
}

static bool rp_in(const struct rp_table *t, const char *day)
{
	return *day && strcmp(day, t->from) >= 0 && strcmp(day, t->to) <= 0;
}

/* Cases: promised ones completed in the period (and on time), overdue
 * ones still open, acceptances (and those at the first visit), ratings
 * given in the period. */
static void rp_count_cases(struct srv *s, struct rp_table *t)
{
	db_q *st = db_prep(s, "SELECT CASE ?1 WHEN 0 THEN CAST(c.window AS TEXT) "
		"WHEN 1 THEN c.clerk ELSE c.matter END, CASE ?1 WHEN 0 THEN w.name WHEN 1 THEN u.name "
		"ELSE m.name END, m.kind, c.status, c.notified_on, coalesce(c.accepted_on, ''), c.due, "
		"coalesce(c.completed_on, ''), c.on_time, c.rating, c.rated_at, coalesce(c.assist, '') "
		"FROM cases c JOIN matters m ON m.code = c.matter LEFT JOIN windows w ON w.no = c.window "
		"LEFT JOIN users u ON u.user = c.clerk WHERE (c.accepted_on >= ?2 AND c.accepted_on <= ?3) "
		"OR (c.completed_on >= ?2 AND c.completed_on <= ?3) OR (c.rated_at >= ?4 AND c.rated_at < ?5) "
		"OR (c.status = 'accepted' AND c.due < ?6 AND c.accepted_on <= ?3)",
		"issIIs", (int)t->by, t->from, t->to, t->start, t->end, t->today);
	while (db_step(st) == DB_ROW) {
		struct rp_row *r = rp_row(t, st, 0);
		bool promised = strcmp(db_col_text(st, 2), "promised") == 0;
		const char *accepted_on = db_col_text(st, 5);
		int64_t rated_at = db_col_i64(st, 10);
		int level = db_col_int(st, 9);
		if (promised && rp_in(t, db_col_text(st, 7))) {
			r->promised_completed++;
			r->promised_on_time += db_col_int(st, 8) != 0;
		}
		if (promised && strcmp(db_col_text(st, 3), "accepted") == 0 &&
		    strcmp(db_col_text(st, 6), t->today) < 0 && strcmp(accepted_on, t->to) <= 0)
			r->overdue_open++;
		if (rp_in(t, accepted_on)) {
			r->accepted++;
			r->first_visit += db_col_null(st, 4);
			r->assisted_help += strcmp(db_col_text(st, 11), "help") == 0;
			r->assisted_proxy += strcmp(db_col_text(st, 11), "proxy") == 0;
		}
		if (rated_at >= t->start && rated_at < t->end && level >= 1 && level <= 5)
			r->ratings[level - 1]++;
	}
	db_reset(st);
}

/* Who a change of status belongs to: the key and name of its row. */
struct rp_who {
	char *key, *name;
};

/* Add the paused spans of one window's changes ch[0..n) to the rows of
 * who[tag]: the window's, or (by clerk) that of who paused.  Frees who's
 * strings. */
static void rp_add_pauses(struct rp_table *t, const struct stats_change *ch, size_t n,
			  int64_t end, struct rp_who *who)
{
	struct stats_span *sp = xcalloc(n + 1, sizeof *sp);
	size_t k = stats_paused_spans(ch, n, t->start, end, sp);
	for (size_t i = 0; i < k; i++) {
		struct rp_who *w = &who[sp[i].tag];
		struct rp_row *r = rp_row_named(t, w->key, w->name);
		r->paused += sp[i].end - sp[i].start;
	}
	for (size_t i = 0; i < n; i++) {
		free(who[i].key);
		free(who[i].name);
	}
	free(sp);
}

/* Paused time from the windows' logs: each window's status changes in the
 * period and the last one before it.  Not kept per matter. */
static void rp_count_pauses(struct srv *s, struct rp_table *t, int64_t now)
{
	int64_t end = t->end < now ? t->end : now;
	struct stats_change *ch = NULL;
	struct rp_who *who = NULL;
	size_t n = 0, cap = 0;
	int window = 0;
	if (t->by == RP_MATTER)
		return;
	db_q *st = db_prep(s, "SELECT l.window, l.at, l.data, CASE ?1 WHEN 0 THEN "
		"CAST(l.window AS TEXT) ELSE l.user END, CASE ?1 WHEN 0 THEN w.name ELSE u.name END "
		"FROM window_log l LEFT JOIN windows w ON w.no = l.window LEFT JOIN users u ON u.user = l.user "
		"WHERE l.kind = 'window.status' AND l.at < ?3 AND l.at >= (SELECT coalesce(max(p.at), 0) "
		"FROM window_log p WHERE p.window = l.window AND p.kind = 'window.status' AND p.at < ?2) "
		"ORDER BY l.window, l.at, l.seq", "iII", (int)t->by, t->start, end);
	while (db_step(st) == DB_ROW) {
		if (n && db_col_int(st, 0) != window) {
			rp_add_pauses(t, ch, n, end, who);
			n = 0;
		}
		window = db_col_int(st, 0);
		if (n == cap) {
			cap = cap ? 2 * cap : 16;
			ch = xreallocarray(ch, cap, sizeof *ch);
			who = xreallocarray(who, cap, sizeof *who);
		}
		cJSON *data = cJSON_Parse(db_col_text(st, 2));
		const char *status = cJSON_GetStringValue(cJSON_GetObjectItem(data, "status"));
		ch[n] = (struct stats_change){ db_col_i64(st, 1),
					       status && strcmp(status, "paused") == 0, (int)n };
		who[n].key = xstrdup(rp_key(st, 3));
		who[n++].name = xstrdup(rp_key(st, 4));
		cJSON_Delete(data);
	}
	db_reset(st);
	if (n)
		rp_add_pauses(t, ch, n, end, who);
	free(ch);
	free(who);
}

/* ---- the reply ---------------------------------------------------------- */

/* Windows by number, the others by key; the row without a key last. */
static int rp_cmp_rows(const void *pa, const void *pb, enum rp_by by)
{
	const struct rp_row *a = pa, *b = pb;
	if (!a->key || !b->key)
		return (a->key == NULL) - (b->key == NULL);
	if (by == RP_WINDOW || by == RP_HALL)
		return (atoi(a->key) > atoi(b->key)) - (atoi(a->key) < atoi(b->key));
	return strcmp(a->key, b->key);
}

static int rp_cmp_window(const void *a, const void *b) { return rp_cmp_rows(a, b, RP_WINDOW); }
static int rp_cmp_text(const void *a, const void *b) { return rp_cmp_rows(a, b, RP_CLERK); }

static void rp_add_opt(cJSON *o, const char *name, bool has, double v)
{
	if (has)
		cJSON_AddNumberToObject(o, name, v);
	else
		cJSON_AddNullToObject(o, name);
}

/* part of whole in per cent with one decimal; null when whole is 0. */
static void rp_add_pct(cJSON *o, const char *name, int64_t part, int64_t whole)
{
	rp_add_opt(o, name, whole > 0, whole > 0 ? (double)stats_pct_tenths(part, whole) / 10 : 0);
}

/* name_avg and name_p90 of the durations in v (sorted here); null when none. */
static void rp_add_durations(cJSON *o, const char *avg, const char *p90, struct rp_vec *v)
{
	stats_sort(v->v, v->n);
	rp_add_opt(o, avg, v->n > 0, v->n ? (double)stats_mean(v->v, v->n) : 0);
	rp_add_opt(o, p90, v->n > 0, v->n ? (double)stats_percentile(v->v, v->n, 90) : 0);
}

static void rp_add_text(cJSON *o, const char *name, const char *v)
{
	if (v)
		cJSON_AddStringToObject(o, name, v);
	else
		cJSON_AddNullToObject(o, name);
}

static cJSON *rp_row_json(struct rp_row *r, enum rp_by by)
{
	cJSON *o = cJSON_CreateObject();
	rp_add_text(o, "key", r->key);
	rp_add_text(o, "name", r->name);
	cJSON_AddNumberToObject(o, "tickets_called", (double)r->called);
	cJSON_AddNumberToObject(o, "tickets_served", (double)r->served);
	cJSON_AddNumberToObject(o, "no_shows", (double)r->no_shows);
	cJSON_AddNumberToObject(o, "transferred", (double)r->transferred);
	cJSON_AddNumberToObject(o, "expired", (double)r->expired);
	rp_add_durations(o, "wait_avg", "wait_p90", &r->waits);
	rp_add_durations(o, "handle_avg", "handle_p90", &r->handles);
	rp_add_opt(o, "paused_seconds", by != RP_MATTER, (double)r->paused);
	cJSON_AddNumberToObject(o, "promised_completed", (double)r->promised_completed);
	cJSON_AddNumberToObject(o, "promised_on_time", (double)r->promised_on_time);
	rp_add_pct(o, "on_time_pct", r->promised_on_time, r->promised_completed);
	cJSON_AddNumberToObject(o, "overdue_open", (double)r->overdue_open);
	cJSON_AddNumberToObject(o, "accepted", (double)r->accepted);
	cJSON_AddNumberToObject(o, "accepted_first_visit", (double)r->first_visit);
	rp_add_pct(o, "one_visit_pct", r->first_visit, r->accepted);
	int64_t rated = 0;
	cJSON *levels = cJSON_AddArrayToObject(o, "ratings");
	for (int i = 0; i < 5; i++) {
		cJSON_AddItemToArray(levels, cJSON_CreateNumber((double)r->ratings[i]));
		rated += r->ratings[i];
	}
	cJSON_AddNumberToObject(o, "rated", (double)rated);
	rp_add_pct(o, "satisfied_pct", r->ratings[3] + r->ratings[4], rated);
	cJSON_AddNumberToObject(o, "extended_services", (double)r->extended);
	cJSON_AddNumberToObject(o, "extended_minutes", (double)((r->extended_seconds + 30) / 60));
	cJSON_AddNumberToObject(o, "assisted_help", (double)r->assisted_help);
	cJSON_AddNumberToObject(o, "assisted_proxy", (double)r->assisted_proxy);
	return o;
}

static void rp_vec_append(struct rp_vec *to, const struct rp_vec *from)
{
	for (size_t i = 0; i < from->n; i++)
		rp_vec_add(to, from->v[i]);
}

/* Every row of t added up into sum (zeroed here; its vectors are the
 * caller's to free), durations pooled, so the total's percentile is that
 * of all the tickets, not of the rows'. */
static void rp_sum(const struct rp_table *t, struct rp_row *sum_out)
{
	struct rp_row sum;
	memset(&sum, 0, sizeof sum);
	for (size_t i = 0; i < t->n; i++) {
		const struct rp_row *r = &t->rows[i];
		int64_t *to[] = { &sum.called, &sum.served, &sum.no_shows, &sum.transferred, &sum.expired,
				  &sum.paused,
				  &sum.promised_completed, &sum.promised_on_time, &sum.overdue_open,
				  &sum.accepted, &sum.first_visit, &sum.extended, &sum.extended_seconds,
				  &sum.assisted_help, &sum.assisted_proxy };
		const int64_t from[] = { r->called, r->served, r->no_shows, r->transferred, r->expired,
					 r->paused,
					 r->promised_completed, r->promised_on_time, r->overdue_open,
					 r->accepted, r->first_visit, r->extended, r->extended_seconds,
					 r->assisted_help, r->assisted_proxy };
		for (size_t j = 0; j < sizeof from / sizeof from[0]; j++)
			*to[j] += from[j];
		for (int j = 0; j < 5; j++)
			sum.ratings[j] += r->ratings[j];
		rp_vec_append(&sum.waits, &r->waits);
		rp_vec_append(&sum.handles, &r->handles);
	}
	*sum_out = sum;
}

static cJSON *rp_total_json(const struct rp_table *t)
{
	struct rp_row sum;
	rp_sum(t, &sum);
	cJSON *o = rp_row_json(&sum, t->by);
	free(sum.waits.v);
	free(sum.handles.v);
	return o;
}

static cJSON *rp_json(struct rp_table *t)
{
	cJSON *root = cJSON_CreateObject();
	cJSON_AddStringToObject(root, "from", t->from);
	cJSON_AddStringToObject(root, "to", t->to);
	cJSON_AddStringToObject(root, "by", rp_by_names[t->by]);
	clk_json_add(root, "generated_at", clk_now());
	if (t->n)
		qsort(t->rows, t->n, sizeof *t->rows,
		      t->by == RP_WINDOW || t->by == RP_HALL ? rp_cmp_window : rp_cmp_text);
	cJSON *rows = cJSON_AddArrayToObject(root, "rows");
	for (size_t i = 0; i < t->n; i++)
		cJSON_AddItemToArray(rows, rp_row_json(&t->rows[i], t->by));
	cJSON_AddItemToObject(root, "total", rp_total_json(t));
	return root;
}

/* ---- CSV ---------------------------------------------------------------- */

/* The columns of the CSV, from the members of a row: 's' text, 'i' whole
 * number, 'p' a percentage with one decimal, 'r' the five rating counts
 * (rating_1 .. rating_5).  null is an empty field. */
static const struct rp_csv_col {
	const char *member;
	char type;
} rp_csv_cols[] = {
	{ "key", 's' }, { "name", 's' }, { "tickets_called", 'i' }, { "tickets_served", 'i' },
	{ "no_shows", 'i' }, { "transferred", 'i' }, { "expired", 'i' }, { "wait_avg", 'i' }, { "wait_p90", 'i' },
	{ "handle_avg", 'i' }, { "handle_p90", 'i' }, { "paused_seconds", 'i' },
	{ "promised_completed", 'i' }, { "promised_on_time", 'i' }, { "on_time_pct", 'p' },
	{ "overdue_open", 'i' }, { "accepted", 'i' }, { "accepted_first_visit", 'i' },
	{ "one_visit_pct", 'p' }, { "ratings", 'r' }, { "rated", 'i' }, { "satisfied_pct", 'p' },
	{ "extended_services", 'i' }, { "extended_minutes", 'i' },
	{ "assisted_help", 'i' }, { "assisted_proxy", 'i' },
};
#define RP_NCSV (sizeof rp_csv_cols / sizeof rp_csv_cols[0])

static void rp_csv_header(struct buf *b)
{
	for (size_t i = 0; i < RP_NCSV; i++) {
		if (i)
			buf_addc(b, ',');
		if (rp_csv_cols[i].type == 'r')
			buf_adds(b, "rating_1,rating_2,rating_3,rating_4,rating_5");
		else
			buf_adds(b, rp_csv_cols[i].member);
	}
	buf_adds(b, CSV_EOL);
}

/* One row; name_override (for the total) replaces a null name. */
static void rp_csv_row(struct buf *b, const cJSON *row, const char *name_override)
{
	for (size_t i = 0; i < RP_NCSV; i++) {
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(row, rp_csv_cols[i].member), *it;
		if (i)
			buf_addc(b, ',');
		switch (rp_csv_cols[i].type) {
		case 's':
			csv_field(b, cJSON_IsString(v) ? v->valuestring :
				  strcmp(rp_csv_cols[i].member, "name") == 0 ? name_override : NULL);
			break;
		case 'i':
			if (cJSON_IsNumber(v))
				buf_printf(b, "%.0f", v->valuedouble);
			break;
		case 'p':
			if (cJSON_IsNumber(v))
				buf_printf(b, "%.1f", v->valuedouble);
			break;
		default:
			cJSON_ArrayForEach(it, v)
				buf_printf(b, "%s%.0f", it == v->child ? "" : ",", it->valuedouble);
		}
	}
	buf_adds(b, CSV_EOL);
}

/* The report as CSV text (malloc'd): the BOM, a header, the rows and the
 * total, named "total". */
static char *rp_csv(const cJSON *root)
{
	struct buf b = BUF_INIT;
	const cJSON *row;
	buf_adds(&b, CSV_BOM);
	rp_csv_header(&b);
	cJSON_ArrayForEach(row, cJSON_GetObjectItemCaseSensitive(root, "rows"))
		rp_csv_row(&b, row, NULL);
	rp_csv_row(&b, cJSON_GetObjectItemCaseSensitive(root, "total"), "total");
	return buf_steal(&b);
}

/* ---- GET /reports ------------------------------------------------------- */

/* ?by= (default window) and the format: ?format=csv|json, else CSV when
 * the Accept header asks for text/csv.  Returns -1 after a 400. */
static int rp_query(struct req *r, enum rp_by *by, bool *csv)
{
	const char *b = req_query(r, "by"), *f = req_query(r, "format"), *accept = req_header(r, "Accept");
	*by = RP_BY_COUNT;
	for (int i = 0; i < RP_BY_COUNT; i++)
		if (strcmp(b ? b : "window", rp_by_names[i]) == 0)
			*by = (enum rp_by)i;
	if (*by == RP_BY_COUNT) {
		srv_error(r, 400, "invalid_query", "by must be window, clerk, matter or hall");
		return -1;
	}
	if (f && strcmp(f, "csv") != 0 && strcmp(f, "json") != 0) {
		srv_error(r, 400, "invalid_query", "format must be json or csv");
		return -1;
	}
	*csv = f ? strcmp(f, "csv") == 0 : accept && strstr(accept, "text/csv") != NULL;
	return 0;
}

/* Count hall s's figures of the period into t (by t->by). */
static void rp_count(struct srv *s, struct rp_table *t)
{
	rp_count_tickets(s, t);
	rp_count_expired(s, t);
	rp_count_cases(s, t);
	rp_count_pauses(s, t, clk_now());
}

/* by=hall: a row for each hall the caller sees (its own and those under
 * it), each hall's figures added up; its own read where the route reads,
 * the others under their locks, one transaction each. */
static void rp_count_halls(struct req *r, struct rp_table *all)
{
	size_t n;
	struct platform_info *halls = platform_visible(r->srv, r->srv->hall_id > 0 ? r->srv->hall_id : 1, &n);
	for (size_t i = 0; i < n; i++) {
		struct srv *s = halls[i].srv;
		struct rp_table one = { .by = RP_WINDOW, .start = all->start, .end = all->end };
		memcpy(one.today, all->today, sizeof one.today);
		if (s == r->srv) {
			rp_count(s, &one);
		} else {
			pthread_mutex_lock(&s->lock);
			bool own = !db_in_tx(s) && db_run(s, "BEGIN", "") == 0;
			rp_count(s, &one);
			if (own)
				db_run(s, "COMMIT", "");
			pthread_mutex_unlock(&s->lock);
		}
		char key[24];
		snprintf(key, sizeof key, "%lld", (long long)halls[i].id);
		struct rp_row *row = rp_row_named(all, key, halls[i].name);
		char *k = row->key, *name = row->name;
		rp_sum(&one, row);
		row->key = k;
		row->name = name;
		rp_free(&one);
	}
	free(halls);
}

void h_reports(struct req *r)
{
	struct srv *s = r->srv;
	struct rp_table t;
	date_t from, to;
	bool csv;
	memset(&t, 0, sizeof t);
	if (rp_query(r, &t.by, &csv) || req_query_period(r, 1, &from, &to))
		return;
	t.start = clk_day_start(from);
	t.end = clk_day_start(to + 1);
	date_format_iso(from, t.from);
	date_format_iso(to, t.to);
	date_format_iso(clk_today(), t.today);
	if (t.by == RP_HALL)
		rp_count_halls(r, &t);
	else
		rp_count(s, &t);
	cJSON *root = rp_json(&t);
	if (t.by == RP_HALL) {    /* the halls' own parts are in each hall's report */
		rp_free(&t);
		if (csv) {
			char *text = rp_csv(root);
			cJSON_Delete(root);
			srv_reply_text(r, 200, "text/csv; charset=utf-8", text);
		} else {
			srv_reply(r, 200, root);
		}
		return;
	}
	rp_free(&t);
	rating_report_add(s, root, t.start, t.end);
	if (!csv) {
		bk_report_add(s, root, from, to, clk_now());
		extra_report_add(s, root, from, to);
		home_report_add(s, root, from, to);
		post_report_add(s, root, t.start, t.end);
		enq_report_add(s, root, from, to);
		srv_reply(r, 200, root);
		return;
	}
	char *text = rp_csv(root);
	cJSON_Delete(root);
	srv_reply_text(r, 200, "text/csv; charset=utf-8", text);
}
