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
 *     tested on batches, not only on single commits). */
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
	pthread_t t[WRITERS];
	for (int i = 0; i < WRITERS; i++)
		assert_int_equal(pthread_create(&t[i], NULL, writer_main, &wr[i]), 0);
	for (int i = 0; i < WRITERS; i++)
		pthread_join(t[i], NULL);
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
	int multi = 0;
	for (int n = 2; n <= 64; n++) {
		char line[48];
		snprintf(line, sizeof line, "batch: %d requests,", n);
		multi += wd_log_count(&W, line);
	}
	print_message("batches of more than one request: %d (of %d requests)\n", multi, WRITERS * EACH);
	assert_true(multi > 0);
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
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
