/* tdb.c - see tdb.h.  Both engines' rows are read as text (what libpq
 * gives), so that a value reads the same whichever engine holds it. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <libpq-fe.h>
#include <sqlite3.h>

#include "harness.h"
#include "tdb.h"
#include "wicket/common/xalloc.h"

#define TDB_MAX_COLS 16

struct tdb {
	sqlite3 *lite;            /* one of the two */
	PGconn *pg;
};

/* One row of a query: its values as text (NULL for NULL); returns whether
 * to read on. */
typedef bool (*tdb_row_fn)(void *arg, const char *sql, int ncols, const char *const *vals);

static bool tdb_is_url(const char *db)
{
	return strncmp(db, "postgresql://", 13) == 0 || strncmp(db, "postgres://", 11) == 0;
}

/* The server's notices (a DROP ... IF EXISTS of nothing) are not the
 * test's output. */
static void tdb_quiet(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

struct tdb *tdb_open(const char *db)
{
	struct tdb *t = xcalloc(1, sizeof *t);
	if (tdb_is_url(db)) {
		t->pg = PQconnectdb(db);
		if (!t->pg || PQstatus(t->pg) != CONNECTION_OK)
			fail_msg("cannot connect to %s: %s", db, t->pg ? PQerrorMessage(t->pg) : "out of memory");
		PQsetNoticeProcessor(t->pg, tdb_quiet, NULL);
		tdb_exec(t, "SET client_encoding = 'UTF8'");
	} else {
		if (sqlite3_open(db, &t->lite) != SQLITE_OK)
			fail_msg("cannot open %s: %s", db, sqlite3_errmsg(t->lite));
		/* wicketd may be writing while a test reads */
		sqlite3_busy_timeout(t->lite, 5000);
	}
	return t;
}

bool tdb_is_pg(const struct tdb *t)
{
	return t->pg != NULL;
}

void tdb_close(struct tdb *t)
{
	if (!t)
		return;
	if (t->pg)
		PQfinish(t->pg);
	else
		sqlite3_close(t->lite);
	free(t);
}

void tdb_exec(struct tdb *t, const char *sql)
{
	if (t->pg) {
		PGresult *res = PQexec(t->pg, sql);
		ExecStatusType st = PQresultStatus(res);
		if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK && st != PGRES_EMPTY_QUERY)
			fail_msg("%s: %s", sql, PQresultErrorMessage(res));
		PQclear(res);
		return;
	}
	char *msg = NULL;
	if (sqlite3_exec(t->lite, sql, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("%s: %s", sql, msg ? msg : "?");
}

/* Run the query sql, giving each row to row until it says stop. */
static void tdb_query(struct tdb *t, const char *sql, tdb_row_fn row, void *arg)
{
	const char *vals[TDB_MAX_COLS];
	if (t->pg) {
		PGresult *res = PQexec(t->pg, sql);
		if (PQresultStatus(res) != PGRES_TUPLES_OK)
			fail_msg("%s: %s", sql, PQresultErrorMessage(res));
		int ncols = PQnfields(res), nrows = PQntuples(res);
		assert_true(ncols <= TDB_MAX_COLS);
		for (int r = 0; r < nrows; r++) {
			for (int c = 0; c < ncols; c++)
				vals[c] = PQgetisnull(res, r, c) ? NULL : PQgetvalue(res, r, c);
			if (!row(arg, sql, ncols, vals))
				break;
		}
		PQclear(res);
		return;
	}
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(t->lite, sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(t->lite));
	int ncols = sqlite3_column_count(st), rc;
	assert_true(ncols <= TDB_MAX_COLS);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		for (int c = 0; c < ncols; c++)
			vals[c] = (const char *)sqlite3_column_text(st, c);
		if (!row(arg, sql, ncols, vals))
			break;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		fail_msg("%s: %s", sql, sqlite3_errmsg(t->lite));
	sqlite3_finalize(st);
}

/* A value of sql as an integer: NULL is 0, anything else must be one. */
static int64_t tdb_parse_int(const char *sql, const char *v)
{
	if (!v)
		return 0;
	char *end;
	errno = 0;
	long long n = strtoll(v, &end, 10);
	if (end == v || *end || errno)
		fail_msg("%s: '%s' is not an integer", sql, v);
	return n;
}

struct tdb_ints_arg {
	int64_t *out;
	size_t n, max;
};

static bool tdb_ints_row(void *arg, const char *sql, int ncols, const char *const *vals)
{
	struct tdb_ints_arg *a = arg;
	for (int c = 0; c < ncols && a->n < a->max; c++)
		a->out[a->n++] = tdb_parse_int(sql, vals[c]);
	return a->n < a->max;
}

size_t tdb_ints(struct tdb *t, const char *sql, int64_t *out, size_t max)
{
	struct tdb_ints_arg a = { out, 0, max };
	if (max)
		tdb_query(t, sql, tdb_ints_row, &a);
	return a.n;
}

int64_t tdb_int(struct tdb *t, const char *sql)
{
	int64_t v;
	return tdb_ints(t, sql, &v, 1) ? v : -1;
}

struct tdb_text_arg {
	char *text;
};

static bool tdb_text_row(void *arg, const char *sql, int ncols, const char *const *vals)
{
	(void)sql;
	struct tdb_text_arg *a = arg;
	a->text = ncols > 0 && vals[0] ? xstrdup(vals[0]) : NULL;
	return false;
}

char *tdb_text(struct tdb *t, const char *sql)
{
	struct tdb_text_arg a = { NULL };
	tdb_query(t, sql, tdb_text_row, &a);
	return a.text;
}

void tdb_check_counts(struct tdb *t)
{
	/* every group of waiting tickets has its row, with its count */
	assert_int_equal(tdb_int(t, "SELECT count(*) FROM (SELECT service, coalesce(target_window, 0) tw, "
				 "count(*) n FROM tickets WHERE status = 'waiting' GROUP BY 1, 2) c "
				 "LEFT JOIN queue_counts q ON q.service = c.service AND q.target_window = c.tw "
				 "WHERE q.waiting IS NULL OR q.waiting <> c.n"), 0);
	/* and every row counts what waits */
	assert_int_equal(tdb_int(t, "SELECT count(*) FROM queue_counts WHERE waiting <> (SELECT count(*) "
				 "FROM tickets t WHERE t.status = 'waiting' AND t.service = queue_counts.service AND "
				 "coalesce(t.target_window, 0) = queue_counts.target_window)"), 0);
}

size_t tdb_tests(struct CMUnitTest *tests, size_t n, const char *const *sqlite_only, const char *why)
{
	if (!wd_on_postgresql())
		return n;
	size_t kept = 0;
	for (size_t i = 0; i < n; i++) {
		bool out = false;
		for (const char *const *s = sqlite_only; *s && !out; s++)
			out = strcmp(tests[i].name, *s) == 0;
		if (out)
			printf("# %s: not run on PostgreSQL (%s)\n", tests[i].name, why);
		else
			tests[kept++] = tests[i];
	}
	return kept;
}
