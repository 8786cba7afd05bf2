/* test_batch.c - group commit: many writers, one COMMIT, nothing lost.
 *
 * Eight threads issue tickets at once on a wicketd with eight serving
 * threads, so that write requests queue for the lock and are committed in
 * batches (src/server/batch.c).  Every other request is for a service
 * whose ticket insert a trigger (added to the database for the test)
 * refuses: that request fails inside its savepoint, after the handler has
 * already written (the ticket counter).  The server is then killed with
 * SIGKILL and started again on the same database, and:
 *   - every ticket answered 2xx is there, with the number it was given
 *     (a 2xx means committed, batch or not);
 *   - nothing of a failed request is (its savepoint rolled back, not the
 *     batch);
 *   - the log shows batches of more than one request (so the above was
 *     tested on batches, not only on single commits).
 * And with two serving threads, batches hold more than two requests: a
 * request waiting for its commit holds no thread; stopped meanwhile,
 * wicketd commits and answers the waiting ones and stops cleanly.  And a
 * long run of changes does not make SQLite's WAL grow without end. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <cmocka.h>

#include "harness.h"
#include "tdb.h"

#define WRITERS 8
#define EACH 60                /* requests per writer */

/* What the refused requests wrote before their insert failed. */
#define MAR_COUNTER "SELECT coalesce(sum(value), 0) FROM counters WHERE name LIKE 'ticket:MAR:%'"

static struct wd W;
static char *kiosk;

struct writer {
	int n;                     /* tickets answered 201 */
	long long ids[EACH];
	char numbers[EACH][16];
	int failed_ok;             /* refused requests answered 5xx, as they must be */
	int other;                 /* anything else (checked to be 0) */
};

static void *writer_main(void *arg)
{
	struct writer *w = arg;
	for (int i = 0; i < EACH; i++) {
		bool refused = i % 2 == 1;
		struct resp r;
		long st = http(&W, "POST", "/api/v1/tickets", kiosk,
			       refused ? "{\"service\":\"MAR\"}" : "{\"service\":\"SOC\"}", NULL, &r);
		if (!refused && st == 201 && r.json) {
			w->ids[w->n] = (long long)jnum(r.json, "id");
			snprintf(w->numbers[w->n], sizeof w->numbers[0], "%s", jstr(r.json, "number"));
			w->n++;
		} else if (refused && st >= 500) {
			w->failed_ok++;
		} else {
			if (w->other++ == 0)
				fprintf(stderr, "unexpected answer %ld to a %s request: %s\n", st,
					refused ? "refused" : "fine", r.body ? r.body : "");
		}
		resp_free(&r);
	}
	return NULL;
}

struct fine_writer {
	int n;                     /* tickets answered 201 */
	long long ids[EACH];       /* theirs */
	int other;                 /* anything else */
};

/* Issue EACH tickets of SOC, counted in arg (a struct fine_writer). */
static void *fine_writer_main(void *arg)
{
	struct fine_writer *w = arg;
	for (int i = 0; i < EACH; i++) {
		struct resp r;
		long st = http(&W, "POST", "/api/v1/tickets", kiosk, "{\"service\":\"SOC\"}", NULL, &r);
		if (st == 201 && r.json)
			w->ids[w->n++] = (long long)jnum(r.json, "id");
		else if (w->other++ == 0)
			fprintf(stderr, "unexpected answer %ld: %s\n", st, r.body ? r.body : "");
		resp_free(&r);
	}
	return NULL;
}

/* Start WRITERS threads of fn at once into t, each given its element of
 * the array at arg (elements of size bytes). */
static void start_writers(pthread_t t[WRITERS], void *(*fn)(void *), void *arg, size_t size)
{
	for (int i = 0; i < WRITERS; i++)
		assert_int_equal(pthread_create(&t[i], NULL, fn, (char *)arg + (size_t)i * size), 0);
}

static void join_writers(pthread_t t[WRITERS])
{
	for (int i = 0; i < WRITERS; i++)
		pthread_join(t[i], NULL);
}

/* start_writers, and wait for them all. */
static void run_writers(void *(*fn)(void *), void *arg, size_t size)
{
	pthread_t t[WRITERS];
	start_writers(t, fn, arg, size);
	join_writers(t);
}

/* How many batches of more than n requests the log shows. */
static int batches_over(int n)
{
	int count = 0;
	for (int k = n + 1; k <= 64; k++) {
		char line[48];
		snprintf(line, sizeof line, "batch: %d requests,", k);
		count += wd_log_count(&W, line);
	}
	return count;
}

/* The trigger that refuses MAR's ticket insert, in each engine's form. */
static const char refuse_sqlite[] =
	"CREATE TRIGGER test_refuse BEFORE INSERT ON tickets "
	"WHEN new.service = 'MAR' BEGIN SELECT RAISE(ABORT, 'refused by the test'); END;";
static const char refuse_pg[] =
	"CREATE FUNCTION test_refuse() RETURNS trigger LANGUAGE plpgsql AS "
	"$$BEGIN RAISE EXCEPTION 'refused by the test'; END$$;"
	"CREATE TRIGGER test_refuse BEFORE INSERT ON tickets FOR EACH ROW "
	"WHEN (new.service = 'MAR') EXECUTE FUNCTION test_refuse();";

static void test_batches_commit_what_they_answer(void **state)
{
	(void)state;
	/* The trigger goes in while wicketd is stopped; MAR's insert fails
	 * after the handler has counted the ticket's number. */
	wd_start_logging(&W, true, "--threads 8 --kiosk-tickets 0");
	assert_int_equal(wd_term(&W), 0);
	struct tdb *db = tdb_open(W.db);
	tdb_exec(db, tdb_is_pg(db) ? refuse_pg : refuse_sqlite);
	int64_t mar0 = tdb_int(db, "SELECT count(*) FROM tickets WHERE service = 'MAR'");
	int64_t soc0 = tdb_int(db, "SELECT count(*) FROM tickets WHERE service = 'SOC'");
	int64_t marc0 = tdb_int(db, MAR_COUNTER);
	tdb_close(db);
	wd_restart_logging(&W, NULL, W.log);
	kiosk = wd_login(&W, "kiosk", 0);

	static struct writer wr[WRITERS];
	run_writers(writer_main, wr, sizeof wr[0]);
	wd_kill(&W);

	int answered = 0;
	for (int i = 0; i < WRITERS; i++) {
		assert_int_equal(wr[i].other, 0);
		assert_int_equal(wr[i].failed_ok, EACH / 2);
		answered += wr[i].n;
	}
	assert_int_equal(answered, WRITERS * EACH / 2);

	db = tdb_open(W.db);
	assert_int_equal(tdb_int(db, "SELECT count(*) FROM tickets WHERE service = 'MAR'"), mar0);
	assert_int_equal(tdb_int(db, MAR_COUNTER), marc0);   /* its number was not taken */
	assert_int_equal(tdb_int(db, "SELECT count(*) FROM tickets WHERE service = 'SOC'"), soc0 + answered);
	for (int i = 0; i < WRITERS; i++) {
		for (int k = 0; k < wr[i].n; k++) {
			char q[80];
			snprintf(q, sizeof q, "SELECT number FROM tickets WHERE id = %lld", wr[i].ids[k]);
			char *number = tdb_text(db, q);
			assert_non_null(number);
			assert_string_equal(number, wr[i].numbers[k]);
			free(number);
		}
	}
	/* No number given twice, and none skipped by a failed request. */
	assert_int_equal(tdb_int(db, "SELECT count(DISTINCT number) FROM tickets WHERE service = 'SOC'"),
			 soc0 + answered);
	tdb_close(db);

	/* Batches of several requests happened. */
	int multi = batches_over(1);
	print_message("batches of more than one request: %d (of %d requests)\n", multi, WRITERS * EACH);
	assert_true(multi > 0);
	free(kiosk);
}

/* wicketd with two serving threads, the kiosk signed in; returns how
 * many tickets of SOC there are. */
static int64_t start_with_two_threads(void)
{
	wd_start_logging(&W, true, "--threads 2 --kiosk-tickets 0");
	kiosk = wd_login(&W, "kiosk", 0);
	struct tdb *db = tdb_open(W.db);
	int64_t soc0 = tdb_int(db, "SELECT count(*) FROM tickets WHERE service = 'SOC'");
	tdb_close(db);
	return soc0;
}

/* Two serving threads, eight writers: while a request waits for its
 * batch's commit its connection is suspended and no thread waits with it
 * (batch.c), so a batch gathers more requests than there are threads. */
static void test_batch_wait_holds_no_thread(void **state)
{
	(void)state;
	int64_t soc0 = start_with_two_threads();
	static struct fine_writer wr[WRITERS];
	run_writers(fine_writer_main, wr, sizeof wr[0]);
	int answered = 0;
	for (int i = 0; i < WRITERS; i++) {
		assert_int_equal(wr[i].other, 0);
		answered += wr[i].n;
	}
	assert_int_equal(answered, WRITERS * EACH);
	struct tdb *db = tdb_open(W.db);
	assert_int_equal(tdb_int(db, "SELECT count(*) FROM tickets WHERE service = 'SOC'"), soc0 + answered);
	tdb_close(db);
	int over = batches_over(2);
	print_message("batches of more requests than the 2 threads: %d\n", over);
	assert_true(over > 0);
	free(kiosk);
}

/* Stopped (SIGTERM) while changes wait for their commit with their
 * connections suspended: it stops cleanly, and every ticket answered 201
 * is there when it starts again. */
static void test_stop_while_changes_wait(void **state)
{
	(void)state;
	int64_t soc0 = start_with_two_threads();
	static struct fine_writer wr[WRITERS];
	pthread_t t[WRITERS];
	start_writers(t, fine_writer_main, wr, sizeof wr[0]);
	wd_log_wait(&W, "batch: ", 20, 30000);        /* well under way */
	assert_int_equal(wd_term(&W), 0);
	join_writers(t);
	int answered = 0;
	for (int i = 0; i < WRITERS; i++)
		answered += wr[i].n;
	/* Every one answered is there (a few more may be: committed, their
	 * answer cut by the stop, which a client's replay settles). */
	wd_restart(&W, NULL);
	struct tdb *db = tdb_open(W.db);
	int64_t kept = tdb_int(db, "SELECT count(*) FROM tickets WHERE service = 'SOC'") - soc0;
	for (int i = 0; i < WRITERS; i++)
		for (int k = 0; k < wr[i].n; k++) {
			char q[80];
			snprintf(q, sizeof q, "SELECT count(*) FROM tickets WHERE id = %lld", wr[i].ids[k]);
			assert_int_equal(tdb_int(db, q), 1);
		}
	tdb_close(db);
	print_message("answered before the stop: %d, kept: %lld\n", answered, (long long)kept);
	assert_true(answered > 0);
	assert_true(kept >= answered);
	free(kiosk);
}

/* One change after another, faster than a checkpoint ends (a busy hall):
 * the WAL still starts again from its beginning, so it stays about 16 MiB
 * and a commit overwrites blocks already written instead of growing the
 * file (src/server/db.c).  Its checkpoints used to do nothing at all, and
 * the WAL grew by every change until wicketd stopped: 1,500 tickets made
 * it some 60 MiB.  Nothing is lost to the commits the checkpointer makes
 * early.  SQLite only: PostgreSQL keeps its own log. */
static void test_wal_starts_again(void **state)
{
	(void)state;
	if (wd_on_postgresql()) {
		print_message("SQLite's WAL only\n");
		return;
	}
	enum { TICKETS = 1500 };
	int64_t soc0 = start_with_two_threads();
	for (int i = 0; i < TICKETS; i++) {
		struct resp r;
		assert_int_equal(http(&W, "POST", "/api/v1/tickets", kiosk, "{\"service\":\"SOC\"}", NULL, &r),
				 201);
		resp_free(&r);
	}
	char path[400];
	struct stat st;
	snprintf(path, sizeof path, "%s-wal", W.db);
	assert_int_equal(stat(path, &st), 0);
	int held = wd_log_count(&W, "the writer held");
	print_message("WAL %lld KiB after %d tickets; %d checkpoints finished with the writer held\n",
		      (long long)st.st_size / 1024, TICKETS, held);
	assert_true(held > 0);
	assert_true(st.st_size < 24 << 20);
	struct tdb *db = tdb_open(W.db);
	assert_int_equal(tdb_int(db, "SELECT count(*) FROM tickets WHERE service = 'SOC'"), soc0 + TICKETS);
	tdb_close(db);
	free(kiosk);
}

static int teardown(void **state)
{
	(void)state;
	wd_stop(&W);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_batches_commit_what_they_answer, teardown),
		cmocka_unit_test_teardown(test_batch_wait_holds_no_thread, teardown),
		cmocka_unit_test_teardown(test_stop_while_changes_wait, teardown),
		cmocka_unit_test_teardown(test_wal_starts_again, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
