/* tdb.h - the server tests' own look into wicketd's database, on either
 * engine: the harness's w->db is a file (SQLite) or a postgresql:// URL
 * (PostgreSQL, when the suites run under WICKET_TEST_PG_HOST), and a test
 * opens whichever it is with tdb_open.  Statements are plain SQL text:
 * the tests format their own values into it, and write SQL both engines
 * accept (the columns user, window and end double-quoted, x IS NULL OR
 * x <> y for SQLite's IS NOT: IS DISTINCT FROM needs SQLite 3.39, no
 * integer as a boolean, no engine's own functions).  Every call fails the test, naming the SQL, on an error.
 * Also the invariant of schema 9's waiting counts (test_day, test_pick). */
#ifndef WICKET_TEST_TDB_H
#define WICKET_TEST_TDB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct tdb;

/* Open db: a path opens that SQLite file, a postgresql:// (or
 * postgres://) URL connects with libpq.  The test fails when it cannot.
 * Free with tdb_close. */
struct tdb *tdb_open(const char *db);
/* Whether t is a PostgreSQL connection (for the few statements that are
 * each engine's own, such as a trigger). */
bool tdb_is_pg(const struct tdb *t);
/* Run the statements of sql (one or several, ';'-separated). */
void tdb_exec(struct tdb *t, const char *sql);
/* The first column of sql's first row as an integer: -1 when there is no
 * row, 0 when it is NULL.  A value that is not an integer fails the test. */
int64_t tdb_int(struct tdb *t, const char *sql);
/* The values of sql's rows, row after row and column after column, as
 * integers (NULL as 0) into out[0..max); returns how many were stored. */
size_t tdb_ints(struct tdb *t, const char *sql, int64_t *out, size_t max);
/* The first column of sql's first row as malloc'd text (the caller frees
 * it); NULL when there is no row or the value is NULL. */
char *tdb_text(struct tdb *t, const char *sql);
/* Close t (NULL is fine). */
void tdb_close(struct tdb *t);

/* Take the SQLite-only tests out of tests[0..n) when the suite runs on
 * PostgreSQL (wd_on_postgresql): those named in sqlite_only (a NULL-ended
 * list), each said in a TAP comment with why.  The others keep their
 * order at the front; returns how many they are, for
 * _cmocka_run_group_tests.  (cmocka 1.1.5's skip() reports "not ok ...
 * # SKIP", which automake's TAP driver counts as a failure.) */
struct CMUnitTest;
size_t tdb_tests(struct CMUnitTest *tests, size_t n, const char *const *sqlite_only, const char *why);

/* Fail the test unless queue_counts holds, for every service and target
 * window (0: none), how many tickets of it wait: count(*), both ways. */
void tdb_check_counts(struct tdb *t);

#endif
