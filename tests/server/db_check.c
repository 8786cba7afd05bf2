/* db_check.c - see db_check.h. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "db_check.h"

void sql(sqlite3 *db, const char *text)
{
	char *msg = NULL;
	if (sqlite3_exec(db, text, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("%s: %s", text, msg ? msg : "?");
}

long long sql_int(sqlite3 *db, const char *text)
{
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(db, text, -1, &st, NULL), SQLITE_OK);
	long long v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
	sqlite3_finalize(st);
	return v;
}

void db_check_counts(sqlite3 *db)
{
	/* every group of waiting tickets has its row, with its count */
	assert_int_equal(sql_int(db, "SELECT count(*) FROM (SELECT service, coalesce(target_window, 0) tw, "
				 "count(*) n FROM tickets WHERE status = 'waiting' GROUP BY 1, 2) c "
				 "LEFT JOIN queue_counts q ON q.service = c.service AND q.target_window = c.tw "
				 "WHERE q.waiting IS NOT c.n"), 0);
	/* and every row counts what waits */
	assert_int_equal(sql_int(db, "SELECT count(*) FROM queue_counts WHERE waiting <> (SELECT count(*) "
				 "FROM tickets t WHERE t.status = 'waiting' AND t.service = queue_counts.service AND "
				 "coalesce(t.target_window, 0) = queue_counts.target_window)"), 0);
}
