/* test_walbuf.c - the WAL write buffer (src/server/walbuf.c) loses and
 * hides nothing.
 *
 * A writer on the buffered VFS commits rows one after another, and after
 * every commit a reader on SQLite's own VFS (another connection, as
 * wicketd's readers and checkpointer are) must see every row: with
 * synchronous=FULL (wicketd's: the sync writes the buffer) and with
 * synchronous=NORMAL (no sync at a commit: the shared-memory barrier
 * before the frames are published writes it).  A transaction larger than
 * the buffer, with a small page cache so that SQLite spills pages to the
 * WAL and writes some frames again, is whole after the writer closes, and
 * the file passes SQLite's integrity check; so does a checkpoint's copy
 * into the database while the writer goes on. */
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
#include <unistd.h>
#include <cmocka.h>

#include <sqlite3.h>

#include "wicket/server/walbuf.h"

static char dir[64], path[128];

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof dir, "/tmp/test_walbuf-XXXXXX");
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/t.db", dir);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	char f[160];
	static const char *const tails[] = { "", "-wal", "-shm" };
	for (size_t i = 0; i < 3; i++) {
		snprintf(f, sizeof f, "%s%s", path, tails[i]);
		unlink(f);
	}
	rmdir(dir);
	return 0;
}

static sqlite3 *open_db(const char *vfs)
{
	sqlite3 *db = NULL;
	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, vfs), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "PRAGMA busy_timeout=5000", NULL, NULL, NULL), SQLITE_OK);
	return db;
}

static void run(sqlite3 *db, const char *sql)
{
	char *msg = NULL;
	int rc = sqlite3_exec(db, sql, NULL, NULL, &msg);
	if (rc != SQLITE_OK)
		fail_msg("%s: %s", sql, msg ? msg : "?");
}

static int64_t one(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st = NULL;
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	int64_t v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static char *text(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st = NULL;
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	char *v = strdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return v;
}

/* n commits of a row of about 3 KB (its bytes from its number) on the
 * buffered writer, each checked at once by a reader of the default VFS. */
static void commits_seen(const char *sync)
{
	assert_int_equal(walbuf_register(), SQLITE_OK);
	sqlite3 *w = open_db(WALBUF_VFS), *r = open_db(NULL);
	char sql[160];
	snprintf(sql, sizeof sql, "PRAGMA journal_mode=WAL; PRAGMA synchronous=%s;", sync);
	run(w, sql);
	run(w, "CREATE TABLE t(n INTEGER PRIMARY KEY, b BLOB)");
	run(w, "CREATE INDEX t_b ON t(substr(b, 1, 8))");
	for (int n = 1; n <= 300; n++) {
		snprintf(sql, sizeof sql, "INSERT INTO t VALUES(%d, randomblob(%d))", n, 2008 + n * 7);
		run(w, sql);
		assert_int_equal(one(r, "SELECT count(*) FROM t"), n);
		snprintf(sql, sizeof sql, "SELECT length(b) FROM t WHERE n = %d", n);
		assert_int_equal(one(r, sql), 2008 + n * 7);
	}
	char *ok = text(r, "PRAGMA integrity_check");
	assert_string_equal(ok, "ok");
	free(ok);
	sqlite3_close(r);
	sqlite3_close(w);
}

static void test_commits_seen_full(void **state)
{
	(void)state;
	commits_seen("FULL");
}

static void test_commits_seen_normal(void **state)
{
	(void)state;
	commits_seen("NORMAL");
}

/* A transaction of some 6 MB (bigger than the buffer) with a page cache
 * of 20 pages: SQLite spills to the WAL mid-transaction and writes pages
 * again; all of it is there once the writer has closed, read through the
 * default VFS. */
static void test_big_transaction(void **state)
{
	(void)state;
	assert_int_equal(walbuf_register(), SQLITE_OK);
	sqlite3 *w = open_db(WALBUF_VFS);
	run(w, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA cache_size=20;");
	run(w, "CREATE TABLE t(n INTEGER PRIMARY KEY, b BLOB, k TEXT)");
	run(w, "CREATE INDEX t_k ON t(k)");
	run(w, "BEGIN");
	for (int n = 1; n <= 1500; n++) {
		char sql[160];
		snprintf(sql, sizeof sql, "INSERT INTO t VALUES(%d, zeroblob(4000), hex(randomblob(12)))", n);
		run(w, sql);
		if (n % 100 == 0) {        /* earlier pages changed again */
			snprintf(sql, sizeof sql, "UPDATE t SET k = 'x' || k WHERE n %% 97 = %d", n % 97);
			run(w, sql);
		}
	}
	run(w, "COMMIT");
	sqlite3 *r = open_db(NULL);
	assert_int_equal(one(r, "SELECT count(*) FROM t"), 1500);
	assert_int_equal(one(r, "SELECT sum(length(b)) FROM t"), 1500 * 4000);
	sqlite3_close(r);
	sqlite3_close(w);             /* checkpoints and removes the WAL */
	r = open_db(NULL);
	assert_int_equal(one(r, "SELECT count(*) FROM t"), 1500);
	char *ok = text(r, "PRAGMA integrity_check");
	assert_string_equal(ok, "ok");
	free(ok);
	sqlite3_close(r);
}

/* Checkpoints by another connection between the writer's commits copy
 * what the writer wrote, and the WAL starts again under it (its first
 * frames written over). */
static void test_checkpoints_between(void **state)
{
	(void)state;
	assert_int_equal(walbuf_register(), SQLITE_OK);
	sqlite3 *w = open_db(WALBUF_VFS), *c = open_db(NULL);
	run(w, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;");
	sqlite3_wal_autocheckpoint(w, 0);
	run(w, "CREATE TABLE t(n INTEGER PRIMARY KEY, b BLOB)");
	for (int n = 1; n <= 200; n++) {
		char sql[96];
		snprintf(sql, sizeof sql, "INSERT INTO t VALUES(%d, zeroblob(3000))", n);
		run(w, sql);
		if (n % 25 == 0) {
			int frames = -1, done = -1;
			assert_int_equal(sqlite3_wal_checkpoint_v2(c, NULL, SQLITE_CHECKPOINT_PASSIVE, &frames, &done),
					 SQLITE_OK);
			assert_int_equal(frames, done);
			assert_true(frames > 0);
		}
		assert_int_equal(one(c, "SELECT count(*) FROM t"), n);
	}
	char *ok = text(c, "PRAGMA integrity_check");
	assert_string_equal(ok, "ok");
	free(ok);
	sqlite3_close(c);
	sqlite3_close(w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_commits_seen_full, setup, teardown),
		cmocka_unit_test_setup_teardown(test_commits_seen_normal, setup, teardown),
		cmocka_unit_test_setup_teardown(test_big_transaction, setup, teardown),
		cmocka_unit_test_setup_teardown(test_checkpoints_between, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
