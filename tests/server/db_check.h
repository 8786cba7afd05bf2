/* db_check.h - what the server tests that open wicketd's database
 * themselves share (test_day, test_pick): statements run or read there,
 * and the invariant of schema 9's waiting counts. */
#ifndef WICKET_TEST_DB_CHECK_H
#define WICKET_TEST_DB_CHECK_H

#include <sqlite3.h>

/* Run the statements of text on db; the test fails, naming them, on an
 * error. */
void sql(sqlite3 *db, const char *text);
/* The first column of text's first row, -1 when there is none. */
long long sql_int(sqlite3 *db, const char *text);
/* Fail the test unless queue_counts holds, for every service and target
 * window (0: none), how many tickets of it wait: count(*), both ways. */
void db_check_counts(sqlite3 *db);

#endif
