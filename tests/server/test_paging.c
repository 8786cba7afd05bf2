/* test_paging.c - every list that grows with the hall's history comes a
 * page at a time (docs/api.md, "Paged lists"), against a real wicketd.
 *
 * The rows are written straight into the database while wicketd is
 * stopped (hundreds of audits, findings, follow-up calls, accounts,
 * drills and a window's log entries: more than a page, far more than the
 * API could make quickly), then wicketd is started again on it.  For each
 * list: without limit a page of 100 comes with total, offset and limit;
 * limit=500 is accepted, 501, 0, -1, a word and offset=-1 are 400
 * invalid_query; walking the list with a small limit gives every row once,
 * in the documented order, and total is the count of the rows. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "harness.h"
#include "tdb.h"
#include "wicket/common/xalloc.h"

#define NROWS 260                /* rows of each list: more than two default pages */
#define DAY "2026-01-05"
#define DAY_START 1767546000     /* 2026-01-05T01:00:00Z = 09:00 in Asia/Shanghai */

struct fx {
	struct wd w;
	char *sup, *admin, *trainer;
};

/* Run sql on the stopped server's database; fails the test on error. */
static void db_exec(const struct fx *f, const char *sql)
{
	struct tdb *db = tdb_open(f->w.db);
	tdb_exec(db, sql);
	tdb_close(db);
}

/* NROWS rows in each growing list: a recursive counter n = 1..NROWS.
 * Numbers are zero-padded as substr(CAST(100 + x AS TEXT), 2) ("05"):
 * SQLite's printf and PostgreSQL's lpad are each their own. */
static void fx_fill(struct fx *f)
{
	char sql[4096];
	snprintf(sql, sizeof sql,
		"WITH RECURSIVE k(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k WHERE n < %d) "
		"INSERT INTO audits(id, \"window\", day, at, supervisor, clerk, checklist, failed) "
		"SELECT 1000 + n, 1 + n %% 3, '" DAY "', %d + n %% 7, 'supervisor', NULL, '{}', 1 FROM k;"
		"INSERT INTO audit_findings(audit, n, text, rectify_days, due, provisional) "
		"SELECT id, 1, 'finding', 5, '2026-02-' || substr(CAST(101 + id %% 20 AS TEXT), 2), 0 FROM audits WHERE id > 1000;"
		"INSERT INTO cases(id, number, matter, \"window\", clerk, applicant_name, applicant_id, "
		"  applicant_phone, status, received, missing, completed_on, created_at) "
		"SELECT 5000, '20260105-9999', code, 1, 'clerk1', '张三', '110101199001011234', '13812345678', "
		"  'completed', '[]', '[]', '" DAY "', %d FROM matters LIMIT 1;"
		"WITH RECURSIVE k(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k WHERE n < %d) "
		"INSERT INTO callbacks(kind, case_id, status, created_at, due) "
		"SELECT 'bad_rating', 5000, 'open', %d, CASE WHEN n %% 5 = 0 THEN NULL "
		"  ELSE '2026-02-' || substr(CAST(101 + n %% 9 AS TEXT), 2) END FROM k;"
		"WITH RECURSIVE k(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k WHERE n < %d) "
		"INSERT INTO users(\"user\", name, role, pwhash) "
		"SELECT 'paged' || substr(CAST(1000 + n AS TEXT), 2), '某某', 'clerk', 'x' FROM k;"
		"WITH RECURSIVE k(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k WHERE n < %d) "
		"INSERT INTO drills(code, scenario, script, trainer, status, created_at, finished_at) "
		"SELECT 'P' || substr(CAST(100000 + n AS TEXT), 2), 'x', '{\"title\":\"t\"}', 'trainer', 'finished', %d, %d FROM k;"
		"WITH RECURSIVE k(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k WHERE n < %d) "
		"INSERT INTO window_log(at, kind, \"window\", data, \"user\") "
		"SELECT %d + n, 'clerk.signed_in', 1, '{\"user\":\"clerk1\"}', 'clerk1' FROM k;",
		NROWS, DAY_START, DAY_START, NROWS, DAY_START, NROWS, NROWS, DAY_START, DAY_START + 60, NROWS,
		DAY_START);
	db_exec(f, sql);
}

static int setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof *f);
	wd_start(&f->w, true, NULL);
	wd_term(&f->w);
	fx_fill(f);
	wd_restart(&f->w, NULL);
	f->sup = wd_login(&f->w, "supervisor", 0);
	f->admin = wd_login(&f->w, "admin", 0);
	f->trainer = wd_login(&f->w, "trainer", 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	wd_stop(&f->w);
	free(f->sup);
	free(f->admin);
	free(f->trainer);
	free(f);
	return 0;
}

/* How many rows sql counts in the database (read while wicketd runs). */
static long db_count(const struct fx *f, const char *sql)
{
	struct tdb *db = tdb_open(f->w.db);
	long n = (long)tdb_int(db, sql);
	tdb_close(db);
	assert_true(n >= 0);
	return n;
}

static double num(const cJSON *o, const char *name)
{
	const cJSON *v = cJSON_GetObjectItem(o, name);
	if (!cJSON_IsNumber(v))
		fail_msg("no number %s", name);
	return v->valuedouble;
}

/* A list: its path (with a '?' already), the array's member, its total's
 * member, the key of a row and the SQL that counts its rows. */
struct list {
	const char *path, *member, *total, *key;
	const char *token;
	const char *count_sql;
};

/* The key of a row as text ("12" or "paged001"), into out. */
static void row_key(const cJSON *row, const char *key, char *out, size_t len)
{
	const cJSON *v = cJSON_GetObjectItem(row, key);
	if (cJSON_IsNumber(v))
		snprintf(out, len, "%.0f", v->valuedouble);
	else if (cJSON_IsString(v))
		snprintf(out, len, "%s", v->valuestring);
	else
		fail_msg("row without %s", key);
}

/* Limits out of range are refused; the default page is 100 of total. */
static long list_defaults(const struct wd *w, const struct list *l, const char *token)
{
	static const char *const bad[] = { "limit=0", "limit=501", "limit=-1", "limit=many", "limit=",
					   "offset=-1", "offset=x", "offset=1000000001" };
	char path[256];
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		snprintf(path, sizeof path, "%s&%s", l->path, bad[i]);
		wd_call_err(w, "GET", path, token, NULL, 400, "invalid_query", NULL);
	}
	cJSON *r = wd_call(w, "GET", l->path, token, NULL, 200);
	long total = (long)num(r, l->total);
	assert_true(total > 100);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(r, l->member)), 100);
	assert_int_equal((long)num(r, "limit"), 100);
	assert_int_equal((long)num(r, "offset"), 0);
	cJSON_Delete(r);
	snprintf(path, sizeof path, "%s&limit=500", l->path);
	r = wd_call(w, "GET", path, token, NULL, 200);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(r, l->member)), total < 500 ? total : 500);
	assert_int_equal((long)num(r, "limit"), 500);
	cJSON_Delete(r);
	return total;
}

/* Walk l with pages of 37: every row once, as many as total says, in the
 * order of one big page; past the end an empty page with the same total. */
static void list_walk(const struct fx *f, const struct list *l)
{
	const char *token = l->token;
	long total = list_defaults(&f->w, l, token);
	assert_int_equal(total, db_count(f, l->count_sql));
	char path[256], key[64];
	snprintf(path, sizeof path, "%s&limit=500", l->path);
	cJSON *all = wd_call(&f->w, "GET", path, token, NULL, 200);
	const cJSON *rows = cJSON_GetObjectItem(all, l->member);
	long seen = 0;
	for (long off = 0; off < total + 37; off += 37) {
		snprintf(path, sizeof path, "%s&limit=37&offset=%ld", l->path, off);
		cJSON *r = wd_call(&f->w, "GET", path, token, NULL, 200);
		assert_int_equal((long)num(r, l->total), total);
		assert_int_equal((long)num(r, "offset"), off);
		assert_int_equal((long)num(r, "limit"), 37);
		const cJSON *row;
		long n = 0;
		cJSON_ArrayForEach(row, cJSON_GetObjectItem(r, l->member)) {
			char want[64];
			row_key(row, l->key, key, sizeof key);
			row_key(cJSON_GetArrayItem(rows, (int)(off + n)), l->key, want, sizeof want);
			assert_string_equal(key, want);
			n++;
		}
		assert_int_equal(n, off >= total ? 0 : total - off < 37 ? total - off : 37);
		seen += n;
		cJSON_Delete(r);
	}
	assert_int_equal(seen, total);
	cJSON_Delete(all);
}

static void test_audits(void **state)
{
	struct fx *f = *state;
	const struct list l = { "/api/v1/audits?from=2026-01-01&to=2026-01-31", "audits", "total", "id", f->sup,
				"SELECT count(*) FROM audits WHERE day BETWEEN '2026-01-01' AND '2026-01-31'" };
	list_walk(f, &l);
	/* A window's audits: total counts that window's only. */
	cJSON *r = wd_call(&f->w, "GET", "/api/v1/audits?from=2026-01-01&to=2026-01-31&window=2&limit=1",
			   f->sup, NULL, 200);
	assert_int_equal((long)num(r, "total"), db_count(f, "SELECT count(*) FROM audits WHERE \"window\" = 2 AND "
							  "day BETWEEN '2026-01-01' AND '2026-01-31'"));
	cJSON_Delete(r);
}

static void test_rectifications(void **state)
{
	struct fx *f = *state;
	const struct list l = { "/api/v1/rectifications?status=all", "rectifications", "total", "audit", f->sup,
				"SELECT count(*) FROM audit_findings" };
	list_walk(f, &l);
}

static void test_callbacks(void **state)
{
	struct fx *f = *state;
	const struct list l = { "/api/v1/callbacks?status=all", "callbacks", "total", "id", f->sup,
				"SELECT count(*) FROM callbacks" };
	list_walk(f, &l);
}

static void test_accounts(void **state)
{
	struct fx *f = *state;
	const struct list l = { "/api/v1/accounts?", "accounts", "total", "user", f->admin,
				"SELECT count(*) FROM users" };
	list_walk(f, &l);
	/* One statement a row still shows the windows and the lock. */
	cJSON *r = wd_call(&f->w, "GET", "/api/v1/accounts?limit=500", f->admin, NULL, 200);
	const cJSON *a;
	bool clerk1 = false;
	cJSON_ArrayForEach(a, cJSON_GetObjectItem(r, "accounts")) {
		if (strcmp(cJSON_GetObjectItem(a, "user")->valuestring, "clerk1") != 0)
			continue;
		clerk1 = true;
		assert_true(cJSON_GetArraySize(cJSON_GetObjectItem(a, "windows")) >= 1);
		assert_true(cJSON_IsNull(cJSON_GetObjectItem(a, "locked_until")));
	}
	assert_true(clerk1);
	cJSON_Delete(r);
}

static void test_drills(void **state)
{
	struct fx *f = *state;
	const struct list l = { "/api/v1/drills?", "drills", "total", "id", f->trainer,
				"SELECT count(*) FROM drills" };
	list_walk(f, &l);
}

static void test_day_timeline(void **state)
{
	struct fx *f = *state;
	const struct list l = { "/api/v1/windows/1/day?date=" DAY, "timeline", "timeline_total", "seq", f->sup,
				"SELECT count(*) FROM window_log WHERE \"window\" = 1" };
	list_walk(f, &l);
	/* The day's cases are not paged. */
	cJSON *r = wd_call(&f->w, "GET", "/api/v1/windows/1/day?date=" DAY "&limit=1&offset=5", f->sup, NULL, 200);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(r, "cases")), 1);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(r, "timeline")), 1);
	cJSON_Delete(r);
}

int main(void)
{
#define T(name) cmocka_unit_test(name)
	const struct CMUnitTest tests[] = {
		T(test_audits), T(test_rectifications), T(test_callbacks),
		T(test_accounts), T(test_drills), T(test_day_timeline),
	};
#undef T
	return cmocka_run_group_tests(tests, setup, teardown);
}
