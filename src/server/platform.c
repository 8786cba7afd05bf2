/* platform.c - many halls served by one wicketd (see platform.h). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "wicket/common/log.h"
#include "wicket/common/xalloc.h"
#include "wicket/core/case.h"
#include "wicket/server/platform.h"
#include "wicket/server/srv.h"
#include "wicket/server/srv_drill.h"

/* The halls as hall 1's table lists them (struct platform_info: its srv
 * is hall 1's own for hall 1, owned here for the others). */
struct platform {
	pthread_mutex_t lock;     /* guards halls: a new one may be added while serving */
	pthread_mutex_t adding;   /* one adds or refreshes at a time (the slow part: opening) */
	struct platform_info *halls;
	size_t n, cap;
};

static const char *const platform_levels[] = { "city", "county", "township", "village" };

/* ---- the catalogue a new hall (or a drill) starts with ---- */

static const struct platform_table {
	const char *select, *insert;
	const char *fmt;          /* a column each: 's' text, 'N' a number (as text) */
} platform_catalogue[] = {
	{ "SELECT key, value FROM settings", "INSERT INTO settings(key, value) VALUES(?,?)", "ss" },
	{ "SELECT code, name, sort FROM zones", "INSERT INTO zones(code, name, sort) VALUES(?,?,?)", "ssN" },
	{ "SELECT code, prefix, name, sort FROM services",
	  "INSERT INTO services(code, prefix, name, sort) VALUES(?,?,?,?)", "sssN" },
	{ "SELECT code, name, service, department, kind, working_days, legal_basis, fee, steps, sort "
	  "FROM matters", "INSERT INTO matters(code, name, service, department, kind, working_days, "
	  "legal_basis, fee, steps, sort) VALUES(?,?,?,?,?,?,?,?,?,?)", "sssssNsssN" },
	{ "SELECT matter, id, name, form, copies, required, note, deferrable_days FROM materials",
	  "INSERT INTO materials(matter, id, name, form, copies, required, note, deferrable_days) "
	  "VALUES(?,?,?,?,?,?,?,?)", "sNssNNsN" },
};

/* Copy table t's rows from src into dst, every column as its text or NULL.
 * Returns 0 or -1. */
static int platform_copy(struct srv *dst, struct srv *src, const struct platform_table *t)
{
	enum { MAXC = 10 };
	int ncols = (int)strlen(t->fmt);
	db_q *q = db_prep(src, t->select, "");
	int rc = 0, step;
	while (rc == 0 && (step = db_step(q)) == DB_ROW) {
		const char *v[MAXC] = { 0 };
		for (int i = 0; i < ncols && i < MAXC; i++)
			v[i] = db_col_null(q, i) ? NULL : db_col_text(q, i);
		rc = db_run(dst, t->insert, t->fmt, v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9]);
	}
	if (rc == 0 && step == DB_ERROR)
		rc = -1;
	db_reset(q);
	return rc;
}

/* The same tables brought up to date in a hall that has them: the
 * county's catalogue kept one (rows hall 1 no longer has stay, as cases
 * may name them). */
static const struct platform_table platform_catalogue_sync[] = {
	{ "SELECT code, name, sort FROM zones", "INSERT INTO zones(code, name, sort) VALUES(?,?,?) "
	  "ON CONFLICT(code) DO UPDATE SET name = excluded.name, sort = excluded.sort", "ssN" },
	{ "SELECT code, prefix, name, sort FROM services", "INSERT INTO services(code, prefix, name, sort) "
	  "VALUES(?,?,?,?) ON CONFLICT(code) DO UPDATE SET prefix = excluded.prefix, name = excluded.name, "
	  "sort = excluded.sort", "sssN" },
	{ "SELECT code, name, service, department, kind, working_days, legal_basis, fee, steps, sort "
	  "FROM matters", "INSERT INTO matters(code, name, service, department, kind, working_days, "
	  "legal_basis, fee, steps, sort) VALUES(?,?,?,?,?,?,?,?,?,?) ON CONFLICT(code) DO UPDATE SET "
	  "name = excluded.name, service = excluded.service, department = excluded.department, "
	  "kind = excluded.kind, working_days = excluded.working_days, legal_basis = excluded.legal_basis, "
	  "fee = excluded.fee, steps = excluded.steps, sort = excluded.sort", "sssssNsssN" },
	{ "SELECT matter, id, name, form, copies, required, note, deferrable_days FROM materials",
	  "INSERT INTO materials(matter, id, name, form, copies, required, note, deferrable_days) "
	  "VALUES(?,?,?,?,?,?,?,?) ON CONFLICT(matter, id) DO UPDATE SET name = excluded.name, "
	  "form = excluded.form, copies = excluded.copies, required = excluded.required, note = excluded.note, "
	  "deferrable_days = excluded.deferrable_days", "sNssNNsN" },
};

int platform_copy_catalogue(struct srv *dst, struct srv *src)
{
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < sizeof platform_catalogue / sizeof platform_catalogue[0]; i++)
		rc = platform_copy(dst, src, &platform_catalogue[i]);
	return rc;
}

/* ---- opening ---- */

/* Where hall id's database is (malloc'd): beside the first's file, or the
 * first's PostgreSQL database with the hall's schema first on its path. */
static char *platform_schema_url(const struct srv *first, const char *schema)
{
	return xasprintf("%s%soptions=-csearch_path%%3D%s", first->db_where, strchr(first->db_where, '?') ? "&" : "?",
			 schema);
}

char *platform_pg_where(struct srv *any, const char *schema)
{
	struct srv *first = any->platform ? platform_hall(any, 1) : any;
	return platform_schema_url(first ? first : any, schema);
}

static char *platform_where(struct srv *first, int64_t id)
{
	if (first->engine == DB_POSTGRESQL) {
		char schema[32];
		snprintf(schema, sizeof schema, "hall_%lld", (long long)id);
		return platform_schema_url(first, schema);
	}
	const char *path = first->db_where;
	if (strncmp(path, "sqlite:", 7) == 0)
		path += 7;
	return xasprintf("%s.halls/%lld.db", path, (long long)id);
}

/* Make the place of hall id's database: the folder, or the schema. */
static int platform_make_place(struct srv *first, int64_t id, char *err, size_t errlen)
{
	if (first->engine == DB_POSTGRESQL) {
		char sql[96];
		snprintf(sql, sizeof sql, "CREATE SCHEMA IF NOT EXISTS hall_%lld", (long long)id);
		if (db_exec(first, sql)) {
			snprintf(err, errlen, "cannot make the schema of hall %lld", (long long)id);
			return -1;
		}
		return 0;
	}
	const char *path = first->db_where;
	if (strncmp(path, "sqlite:", 7) == 0)
		path += 7;
	char *dir = xasprintf("%s.halls", path);
	int rc = mkdir(dir, 0700) && errno != EEXIST ? -1 : 0;
	if (rc)
		snprintf(err, errlen, "cannot make %s: %s", dir, strerror(errno));
	free(dir);
	return rc;
}

/* Open hall h (not the first) as a srv of its own. */
static int platform_open_hall(struct srv *first, struct platform_info *h, char *err, size_t errlen)
{
	struct srv *s = xcalloc(1, sizeof *s);
	s->opt = first->opt;
	s->hall_id = h->id;
	s->platform = first->platform;
	char *where = platform_where(first, h->id);
	int rc = platform_make_place(first, h->id, err, errlen);
	if (rc == 0)
		rc = srv_open_hall(s, where, err, errlen);
	free(where);
	if (rc) {
		srv_close(s);
		free(s);
		return -1;
	}
	h->srv = s;
	return 0;
}

static void platform_add(struct platform *p, const struct platform_info *h)
{
	if (p->n == p->cap) {
		p->cap = p->cap ? 2 * p->cap : 8;
		p->halls = xrealloc(p->halls, p->cap * sizeof *p->halls);
	}
	p->halls[p->n++] = *h;
}

/* Hall 1's row: made from the hall's own name when the table is new (a
 * single hall's database upgraded in place becomes hall 1). */
static int platform_first_row(struct srv *first)
{
	if (db_int(first, "SELECT count(*) FROM halls", 0, ""))
		return 0;
	char *name = db_text(first, "SELECT value FROM settings WHERE key = 'hall_name'", "");
	int rc = db_begin(first) ||
		 /* the first row of the table: id 1 on either engine (an
		  * explicit id would not move PostgreSQL's sequence on) */
		 db_run(first, "INSERT INTO halls(code, name, level, parent, created_at) "
			"VALUES('1', ?, 'county', NULL, ?)", "sI", name && *name ? name : "1", clk_now()) ||
		 db_commit(first);
	if (rc)
		db_rollback(first);
	free(name);
	return rc ? -1 : 0;
}

int platform_open(struct srv *first, char *err, size_t errlen)
{
	struct platform *p = xcalloc(1, sizeof *p);
	pthread_mutex_init(&p->lock, NULL);
	pthread_mutex_init(&p->adding, NULL);
	first->platform = p;
	first->hall_id = 1;
	if (platform_first_row(first)) {
		snprintf(err, errlen, "cannot record the first hall");
		return -1;
	}
	db_q *q = db_prep(first, "SELECT id, coalesce(parent, 0), code, name, level FROM halls ORDER BY id", "");
	while (db_step(q) == DB_ROW) {
		struct platform_info h = { .id = db_col_i64(q, 0), .parent = db_col_i64(q, 1) };
		snprintf(h.code, sizeof h.code, "%s", db_col_text(q, 2));
		snprintf(h.name, sizeof h.name, "%s", db_col_text(q, 3));
		snprintf(h.level, sizeof h.level, "%s", db_col_text(q, 4));
		h.srv = h.id == 1 ? first : NULL;
		platform_add(p, &h);
	}
	db_reset(q);
	for (size_t i = 0; i < p->n; i++)
		if (!p->halls[i].srv && platform_open_hall(first, &p->halls[i], err, errlen))
			return -1;
	if (p->n > 1)
		log_info("serving %zu halls", p->n);
	return 0;
}

void platform_close(struct srv *first)
{
	struct platform *p = first->platform;
	if (!p || first->hall_id > 1)    /* only the first closes the others */
		return;
	for (size_t i = 0; i < p->n; i++)
		if (p->halls[i].srv && p->halls[i].srv != first) {
			srv_close(p->halls[i].srv);
			free(p->halls[i].srv);
		}
	free(p->halls);
	pthread_mutex_destroy(&p->adding);
	pthread_mutex_destroy(&p->lock);
	free(p);
	first->platform = NULL;
}

int platform_refresh(struct srv *first)
{
	struct platform *p = first->platform;
	if (!p || first->hall_id > 1)
		return 0;
	pthread_mutex_lock(&p->adding);
	/* the rows of hall 1's table, read under its lock */
	struct platform_info *rows = NULL;
	size_t nrows = 0, cap = 0;
	pthread_mutex_lock(&first->lock);
	db_q *q = db_prep(first, "SELECT id, coalesce(parent, 0), code, name, level FROM halls ORDER BY id", "");
	while (db_step(q) == DB_ROW) {
		if (nrows == cap)
			rows = xrealloc(rows, (cap = cap ? 2 * cap : 8) * sizeof *rows);
		struct platform_info *h = &rows[nrows++];
		*h = (struct platform_info){ .id = db_col_i64(q, 0), .parent = db_col_i64(q, 1) };
		snprintf(h->code, sizeof h->code, "%s", db_col_text(q, 2));
		snprintf(h->name, sizeof h->name, "%s", db_col_text(q, 3));
		snprintf(h->level, sizeof h->level, "%s", db_col_text(q, 4));
	}
	db_reset(q);
	pthread_mutex_unlock(&first->lock);
	int opened = 0;
	for (size_t i = 0; i < nrows; i++) {
		if (platform_hall(first, rows[i].id))
			continue;
		char err[512];
		if (platform_open_hall(first, &rows[i], err, sizeof err)) {
			log_error("hall %lld (%s), added elsewhere, does not open: %s", (long long)rows[i].id,
				  rows[i].code, err);
			continue;
		}
		pthread_mutex_lock(&p->lock);
		platform_add(p, &rows[i]);
		pthread_mutex_unlock(&p->lock);
		log_info("hall %lld (%s), added through another wicketd, is served here too",
			 (long long)rows[i].id, rows[i].code);
		opened++;
	}
	free(rows);
	pthread_mutex_unlock(&p->adding);
	return opened;
}

/* ---- finding halls ---- */

/* The entry of hall id, with p->lock held; NULL when there is none. */
static struct platform_info *platform_find(struct platform *p, int64_t id)
{
	for (size_t i = 0; i < p->n; i++)
		if (p->halls[i].id == id)
			return &p->halls[i];
	return NULL;
}

struct srv *platform_hall(struct srv *any, int64_t id)
{
	struct platform *p = any->platform;
	if (!p)
		return id == 1 ? any : NULL;
	pthread_mutex_lock(&p->lock);
	struct platform_info *h = platform_find(p, id);
	struct srv *s = h ? h->srv : NULL;
	pthread_mutex_unlock(&p->lock);
	return s;
}

bool platform_sees(struct srv *any, int64_t from, int64_t id)
{
	struct platform *p = any->platform;
	if (!p)
		return from == id;
	pthread_mutex_lock(&p->lock);
	bool seen = false;
	/* up from id, at most as many steps as there are halls */
	for (size_t step = 0; step <= p->n && id > 0 && !seen; step++) {
		seen = id == from;
		struct platform_info *h = platform_find(p, id);
		id = h ? h->parent : 0;
	}
	pthread_mutex_unlock(&p->lock);
	return seen;
}

/* The srvs of the platform of any, in id order (malloc'd, *n of them). */
static struct srv **platform_list(struct srv *any, size_t *n)
{
	struct platform *p = any->platform;
	if (!p) {
		struct srv **one = xmalloc(sizeof *one);
		one[0] = any;
		*n = 1;
		return one;
	}
	pthread_mutex_lock(&p->lock);
	struct srv **all = xcalloc(p->n ? p->n : 1, sizeof *all);
	*n = p->n;
	for (size_t i = 0; i < p->n; i++)
		all[i] = p->halls[i].srv;
	pthread_mutex_unlock(&p->lock);
	return all;
}

void platform_each(struct srv *any, void (*fn)(struct srv *hall, void *arg), void *arg)
{
	size_t n;
	struct srv **all = platform_list(any, &n);
	for (size_t i = 0; i < n; i++)
		fn(all[i], arg);
	free(all);
}

size_t platform_find_user(struct srv *any, const char *user, int64_t *ids, size_t max)
{
	size_t n, found = 0;
	struct srv **all = platform_list(any, &n);
	for (size_t i = 0; i < n; i++) {
		pthread_mutex_lock(&all[i]->lock);
		bool has = db_int(all[i], "SELECT count(*) FROM users WHERE user = ?", 0, "s", user) > 0;
		pthread_mutex_unlock(&all[i]->lock);
		if (has && found < max)
			ids[found] = all[i]->hall_id;
		found += has;
	}
	free(all);
	return found;
}

int64_t platform_hall_id(struct srv *any, const char *code)
{
	struct platform *p = any->platform;
	if (!code || !*code)
		return 0;
	if (!p)
		return strcmp(code, "1") == 0 ? 1 : 0;
	int64_t id = 0;
	pthread_mutex_lock(&p->lock);
	for (size_t i = 0; i < p->n && !id; i++) {
		char num[24];
		snprintf(num, sizeof num, "%lld", (long long)p->halls[i].id);
		if (strcmp(p->halls[i].code, code) == 0 || strcmp(num, code) == 0)
			id = p->halls[i].id;
	}
	pthread_mutex_unlock(&p->lock);
	return id;
}

/* ---- GET /api/v1/halls ---- */

/* The board's figures of hall s, read under its lock. */
static void platform_figures(struct srv *s, cJSON *o)
{
	date_t today = clk_today();
	char day[16];
	date_format_iso(today, day);
	pthread_mutex_lock(&s->lock);
	cJSON_AddNumberToObject(o, "waiting", (double)db_int(s, "SELECT coalesce(sum(waiting), 0) "
							      "FROM queue_counts", 0, ""));
	cJSON_AddNumberToObject(o, "open_windows", (double)db_int(s, "SELECT count(*) FROM windows "
								   "WHERE status = 'open'", 0, ""));
	cJSON_AddNumberToObject(o, "windows", (double)db_int(s, "SELECT count(*) FROM windows", 0, ""));
	cJSON_AddNumberToObject(o, "overdue_cases", (double)db_int(s, "SELECT count(*) FROM cases "
		"WHERE status IN ('accepted', 'suspended') AND due IS NOT NULL AND due < ?", 0, "s", day));
	cJSON_AddNumberToObject(o, "served_today", (double)db_int(s, "SELECT count(*) FROM tickets "
		"WHERE status = 'done' AND day = ?", 0, "s", day));
	pthread_mutex_unlock(&s->lock);
}

struct platform_info *platform_visible(struct srv *any, int64_t from, size_t *n)
{
	struct platform *p = any->platform;
	*n = 0;
	if (!p) {
		struct platform_info *one = xcalloc(1, sizeof *one);
		*one = (struct platform_info){ .id = 1, .srv = any };
		snprintf(one->code, sizeof one->code, "1");
		*n = 1;
		return one;
	}
	pthread_mutex_lock(&p->lock);
	struct platform_info *all = xcalloc(p->n ? p->n : 1, sizeof *all);
	size_t total = p->n;
	memcpy(all, p->halls, total * sizeof *all);
	pthread_mutex_unlock(&p->lock);
	for (size_t i = 0; i < total; i++)
		if (platform_sees(any, from, all[i].id))
			all[(*n)++] = all[i];
	return all;
}

void h_halls_list(struct req *r)
{
	int64_t from = r->srv->hall_id > 0 ? r->srv->hall_id : 1;
	size_t n;
	struct platform_info *copy = platform_visible(r->srv, from, &n);
	cJSON *list = cJSON_CreateArray();
	for (size_t i = 0; i < n; i++) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddNumberToObject(o, "id", (double)copy[i].id);
		cJSON_AddStringToObject(o, "code", copy[i].code);
		cJSON_AddStringToObject(o, "name", copy[i].name);
		cJSON_AddStringToObject(o, "level", copy[i].level);
		if (copy[i].parent)
			cJSON_AddNumberToObject(o, "parent", (double)copy[i].parent);
		else
			cJSON_AddNullToObject(o, "parent");
		platform_figures(copy[i].srv, o);
		cJSON_AddItemToArray(list, o);
	}
	free(copy);
	srv_reply_list(r, "halls", list);
}

/* ---- POST /api/v1/halls/{id}/catalogue ---- */

void h_halls_catalogue(struct req *r)
{
	struct srv *first = platform_hall(r->srv, 1), *hall;
	int64_t id;
	if (!first || r->srv != first || !first->platform) {
		srv_error(r, 403, "forbidden", "the catalogue is shared by an administrator of the first hall");
		return;
	}
	if (req_param_id(r, 0, "hall", &id))
		return;
	if (id == 1 || !(hall = platform_hall(first, id))) {
		srv_error(r, 404, "not_found", "there is no hall %lld to share the catalogue with", (long long)id);
		return;
	}
	/* hall 1 first, then the other: ascending, as every taker of two */
	pthread_mutex_lock(&first->lock);
	pthread_mutex_lock(&hall->lock);
	int rc = db_begin(hall);
	for (size_t i = 0; rc == 0 && i < sizeof platform_catalogue_sync / sizeof platform_catalogue_sync[0]; i++)
		rc = platform_copy(hall, first, &platform_catalogue_sync[i]);
	int64_t matters = rc ? 0 : db_int(hall, "SELECT count(*) FROM matters", 0, "");
	rc = rc || db_commit(hall);
	if (rc)
		db_rollback(hall);
	pthread_mutex_unlock(&hall->lock);
	pthread_mutex_unlock(&first->lock);
	if (rc) {
		srv_error(r, 503, "busy", "the catalogue could not be shared; try again");
		return;
	}
	log_info("hall %lld has hall 1's catalogue again (%lld matters)", (long long)id, (long long)matters);
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "hall", (double)id);
	cJSON_AddNumberToObject(o, "matters", (double)matters);
	srv_reply(r, 200, o);
}

/* ---- POST /api/v1/halls ---- */

static bool platform_level_ok(const char *level)
{
	for (size_t i = 0; i < sizeof platform_levels / sizeof platform_levels[0]; i++)
		if (strcmp(level, platform_levels[i]) == 0)
			return true;
	return false;
}

/* The first n windows of hall 1 (by number) and the services each
 * serves, into a new hall: closed, nobody assigned. */
static int platform_copy_windows(struct srv *hall, struct srv *first, int64_t n)
{
	int rc = 0;
	int64_t now = clk_now();
	db_q *q = db_prep(first, "SELECT no, name, zone FROM windows ORDER BY no LIMIT ?", "I", n);
	while (rc == 0 && db_step(q) == DB_ROW)
		rc = db_run(hall, "INSERT INTO windows(no, name, zone, status_since) VALUES(?,?,?,?)", "IssI",
			    db_col_i64(q, 0), db_col_text(q, 1), db_col_text(q, 2), now);
	db_reset(q);
	q = db_prep(first, "SELECT ws.window, ws.service FROM window_services ws "
		    "WHERE ws.window IN (SELECT no FROM windows ORDER BY no LIMIT ?)", "I", n);
	while (rc == 0 && db_step(q) == DB_ROW)
		rc = db_run(hall, "INSERT INTO window_services(window, service) VALUES(?,?)", "Is",
			    db_col_i64(q, 0), db_col_text(q, 1));
	db_reset(q);
	return rc;
}

/* Seed a new hall from hall 1: its catalogue, its first `windows`
 * windows, and its own name. */
static int platform_seed(struct srv *hall, struct srv *first, const char *name, int64_t windows)
{
	pthread_mutex_lock(&first->lock);
	pthread_mutex_lock(&hall->lock);
	int rc = db_begin(hall) || platform_copy_catalogue(hall, first) ||
		 platform_copy_windows(hall, first, windows) ||
		 db_run(hall, "UPDATE settings SET value = ? WHERE key = 'hall_name'", "s", name) ||
		 db_commit(hall);
	if (rc)
		db_rollback(hall);
	/* Its drills' scenarios, read again now that it has services. */
	drills_free(hall);
	drills_init(hall);
	pthread_mutex_unlock(&hall->lock);
	pthread_mutex_unlock(&first->lock);
	return rc ? -1 : 0;
}

void h_halls_create(struct req *r)
{
	struct srv *first = platform_hall(r->srv, 1);
	const char *code, *name, *level;
	int64_t parent = 1, windows = 9999;
	if (!first || r->srv != first || !first->platform) {
		srv_error(r, 403, "forbidden", "halls are added by an administrator of the first hall");
		return;
	}
	if (req_str(r, "code", true, &code) < 0 || req_str(r, "name", true, &name) < 0 ||
	    req_str(r, "level", true, &level) < 0 || req_int(r, "parent", false, 1, INT32_MAX, &parent) < 0 ||
	    req_int(r, "windows", false, 0, 9999, &windows) < 0)
		return;
	if (!case_text_valid(code, 1, 30) || strspn(code, "0123456789") == strlen(code)) {
		srv_error(r, 400, "invalid_field", "'code' must be 1 to 30 characters, not only digits");
		return;
	}
	if (!case_text_valid(name, 1, 100)) {
		srv_error(r, 400, "invalid_field", "'name' must be 1 to 100 characters without control characters");
		return;
	}
	if (!platform_level_ok(level)) {
		srv_error(r, 400, "invalid_field", "'level' must be city, county, township or village");
		return;
	}
	if (!platform_hall(first, parent)) {
		srv_error(r, 422, "unknown_hall", "there is no hall %lld", (long long)parent);
		return;
	}
	if (platform_hall_id(first, code)) {
		srv_error(r, 409, "hall_exists", "a hall has the code %s already", code);
		return;
	}
	/* The row first, in a transaction of its own: the new hall's database
	 * is then made outside hall 1's lock.  One hall is added at a time
	 * (a refresh would otherwise open this one too). */
	pthread_mutex_lock(&first->platform->adding);
	pthread_mutex_lock(&first->lock);
	int64_t id = 0;
	int rc = db_begin(first) ||
		 db_run(first, "INSERT INTO halls(code, name, level, parent, created_at) VALUES(?,?,?,?,?)",
			"sssII", code, name, level, parent, clk_now());
	if (rc == 0)
		id = db_last_id(first);
	rc = rc || db_commit(first);
	if (rc)
		db_rollback(first);
	pthread_mutex_unlock(&first->lock);
	if (rc) {
		pthread_mutex_unlock(&first->platform->adding);
		srv_error(r, 503, "busy", "the database is busy; try again");
		return;
	}
	struct platform_info h = { .id = id, .parent = parent };
	snprintf(h.code, sizeof h.code, "%s", code);
	snprintf(h.name, sizeof h.name, "%s", name);
	snprintf(h.level, sizeof h.level, "%s", level);
	char err[512];
	if (platform_open_hall(first, &h, err, sizeof err) || platform_seed(h.srv, first, name, windows)) {
		pthread_mutex_unlock(&first->platform->adding);
		log_error("hall %lld (%s): %s", (long long)id, code, err);
		srv_error(r, 503, "busy", "the new hall's database could not be made; see the server's log");
		return;
	}
	struct platform *p = first->platform;
	pthread_mutex_lock(&p->lock);
	platform_add(p, &h);
	pthread_mutex_unlock(&p->lock);
	pthread_mutex_unlock(&p->adding);
	/* the other wicketd on the database serve it too (srv_heard) */
	if (first->engine == DB_POSTGRESQL) {
		pthread_mutex_lock(&first->lock);
		db_run(first, "SELECT pg_notify('wicket_events', 'halls')", "");
		pthread_mutex_unlock(&first->lock);
	}
	log_info("hall %lld added: %s (%s)", (long long)id, code, level);
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "id", (double)id);
	cJSON_AddStringToObject(o, "code", code);
	cJSON_AddStringToObject(o, "name", name);
	cJSON_AddStringToObject(o, "level", level);
	cJSON_AddNumberToObject(o, "parent", (double)parent);
	srv_reply(r, 201, o);
}
