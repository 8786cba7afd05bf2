/* test_pick.c - the call's pick and the waiting counts (schema 9) against
 * their definitions, on random queues.
 *
 * The pick probes a few indexes instead of loading the queue
 * (h_windows.c); queue_order over the whole queue (src/core/queue.c, the
 * tickets WIN_CALLABLE selects) stays the reference: on random queues
 * (services, priorities, appointments due or not, transfers to windows,
 * ties in queue time, the window's priority run at every count) each call
 * takes exactly the ticket queue_order puts next, and the queue's page,
 * its total and the window's waiting say the same.  The counts kept by
 * triggers equal count(*) after random sequences of requests (issue, call,
 * no-show, requeue, transfer, start, finish) and the next day's expiry. */
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
#include <time.h>

#include <cmocka.h>
#include "harness.h"
#include "tdb.h"
#include "wicket/core/queue.h"

/* The tickets window no may call, as h_windows.c's WIN_CALLABLE says:
 * the reference, loaded whole (four columns), into q[len]; returns q. */
static const char *callable(char *q, size_t len, int no)
{
	snprintf(q, len, "SELECT t.id, t.queue_at, coalesce(t.appointment_at, 0), "
		 "CASE WHEN t.priority <> 'none' THEN 1 ELSE 0 END "
		 "FROM tickets t WHERE t.status = 'waiting' AND ((t.target_window IS NULL AND t.service IN "
		 "(SELECT service FROM window_services WHERE \"window\" = %d)) OR t.target_window = %d)", no, no);
	return q;
}

#define CAP 3      /* the server's default --priority-cap */
#define MAXQ 80

static struct wd W;
static unsigned seed;

static int rnd(int n)
{
	return (int)(rand_r(&seed) % (unsigned)n);
}

/* The reference: window no's queue in call order at now (ids into ids). */
static size_t reference(struct tdb *db, int no, int64_t now, int run, int64_t *ids)
{
	struct queue_item items[MAXQ];
	size_t n = 0, order[MAXQ];
	int64_t v[4 * (MAXQ + 1)];
	char q[512];
	size_t nv = tdb_ints(db, callable(q, sizeof q, no), v, sizeof v / sizeof v[0]);
	assert_true(nv <= 4 * MAXQ);
	for (size_t i = 0; i + 3 < nv; i += 4)
		items[n++] = (struct queue_item){ v[i], v[i + 1], v[i + 2], v[i + 3] != 0 };
	queue_order(items, n, now, CAP, run, order);
	for (size_t i = 0; i < n; i++)
		ids[i] = items[order[i]].id;
	return n;
}

/* Every window's waiting count and queue total equal the reference's. */
static void check_counts(struct tdb *db, const char *token)
{
	tdb_check_counts(db);
	if (!token)
		return;
	cJSON *list = wd_call(&W, "GET", "/api/v1/windows", token, NULL, 200), *w;
	cJSON_ArrayForEach(w, cJSON_GetObjectItem(list, "windows")) {
		char q[512], count[560];
		snprintf(count, sizeof count, "SELECT count(*) FROM (%s) c", callable(q, sizeof q, (int)jnum(w, "no")));
		assert_int_equal((int)jnum(w, "waiting"), tdb_int(db, count));
	}
	cJSON_Delete(list);
}

/* ---- the pick against queue_order ---- */

/* Replace the waiting queue by a random one of n tickets (some not
 * waiting), and set window no open with a priority run of run. */
static void random_queue(struct tdb *db, int n, int no, int run, int64_t now)
{
	int64_t wins[64];
	int nwin = (int)tdb_ints(db, "SELECT no FROM windows ORDER BY no", wins, 64);
	char q[1024];
	tdb_exec(db, "BEGIN; UPDATE tickets SET status = 'done' WHERE status IN ('waiting', 'called', 'serving');"
	    "UPDATE windows SET current = NULL");
	for (int i = 0; i < n; i++) {
		static const char *const prio[] = { "none", "none", "none", "elderly", "military" };
		/* appointments due or not, never within a minute of the lead's
		 * edge, so the server's clock agrees with ours */
		int64_t appt = rnd(4) ? 0 : now + (rnd(30) - 12) * 120 + 37;
		int target = rnd(8) ? 0 : (int)wins[rnd(nwin)];
		int64_t queue_at = now - 3600 + rnd(n * 2 + 1) * 30;   /* ties on purpose */
		snprintf(q, sizeof q, "INSERT INTO tickets(number, day, service, priority, appointment_at, status,"
			 " target_window, queue_at, issued_at) SELECT 'P' || %d, (SELECT max(day) FROM tickets),"
			 " service, '%s', nullif(%lld, 0), '%s', nullif(%d, 0), %lld, %lld - %d FROM"
			 " (SELECT code AS service FROM services ORDER BY random() LIMIT 1) s",
			 i, prio[rnd(5)], (long long)appt, rnd(10) ? "waiting" : "done", target,
			 (long long)queue_at, (long long)queue_at, rnd(600));
		tdb_exec(db, q);
	}
	snprintf(q, sizeof q, "UPDATE windows SET status = 'open', clerk = 'clerk%d', priority_run = %d "
		 "WHERE no = %d; COMMIT;", no, run, no);
	tdb_exec(db, q);
}

/* The ids of GET /windows/no/queue?limit=limit into ids; returns how
 * many, *total the reply's total. */
static int queue_page(const char *token, int no, int limit, int64_t *ids, int *total)
{
	char path[96];
	snprintf(path, sizeof path, "/api/v1/windows/%d/queue?limit=%d", no, limit);
	cJSON *j = wd_call(&W, "GET", path, token, NULL, 200), *t;
	int n = 0;
	cJSON_ArrayForEach(t, cJSON_GetObjectItem(j, "tickets"))
		ids[n++] = (int64_t)jnum(t, "id");
	*total = (int)jnum(j, "total");
	cJSON_Delete(j);
	return n;
}

static void one_round(int round, char **tokens, const int64_t *wins, int nwin, char *sup)
{
	int k = rnd(nwin), no = (int)wins[k];
	int n = (int[]){ 0, 1, 2, 3, 5, 8, 20, 40, 60 }[rnd(9)];
	int run = rnd(CAP + 2);
	int64_t now = (int64_t)time(NULL), ref[MAXQ], got[MAXQ];
	assert_int_equal(wd_term(&W), 0);
	struct tdb *db = tdb_open(W.db);
	random_queue(db, n, no, run, now);
	wd_restart(&W, NULL);
	size_t m = reference(db, no, now, run, ref);
	check_counts(db, sup);

	int total, limit = 1 + rnd((int)m + 3);
	int paged = queue_page(sup, no, limit, got, &total);
	assert_int_equal(total, (int)m);
	assert_int_equal(paged, (int)m < limit ? (int)m : limit);
	for (int i = 0; i < paged; i++)
		if (got[i] != ref[i])
			fail_msg("round %d window %d run %d: queue[%d] is %lld, queue_order says %lld",
				 round, no, run, i, (long long)got[i], (long long)ref[i]);

	char call[64], path[96];
	snprintf(call, sizeof call, "/api/v1/windows/%d/call", no);
	for (size_t i = 0; i < m; i++) {
		cJSON *t = wd_call(&W, "POST", call, tokens[k], NULL, 200);
		int64_t id = (int64_t)jnum(t, "id");
		cJSON_Delete(t);
		if (id != ref[i])
			fail_msg("round %d window %d run %d: call %zu took %lld, queue_order says %lld",
				 round, no, run, i, (long long)id, (long long)ref[i]);
		snprintf(path, sizeof path, "/api/v1/tickets/%lld/start", (long long)id);
		cJSON_Delete(wd_call(&W, "POST", path, tokens[k], NULL, 200));
		snprintf(path, sizeof path, "/api/v1/tickets/%lld/finish", (long long)id);
		cJSON_Delete(wd_call(&W, "POST", path, tokens[k], NULL, 200));
	}
	wd_call_err(&W, "POST", call, tokens[k], NULL, 404, "queue_empty", NULL);
	check_counts(db, sup);
	tdb_close(db);
}

static void test_pick_is_queue_order(void **state)
{
	(void)state;
	wd_start(&W, true, NULL);
	int64_t wins[8];
	struct tdb *db = tdb_open(W.db);
	/* the windows with a clerk of their own (clerkN at window N) */
	int nwin = (int)tdb_ints(db, "SELECT no FROM windows WHERE EXISTS(SELECT 1 FROM users "
				 "WHERE \"user\" = 'clerk' || windows.no) ORDER BY no", wins, 8);
	tdb_close(db);
	assert_true(nwin >= 2);
	char *tokens[8], *sup = wd_login(&W, "supervisor", 0);
	for (int i = 0; i < nwin; i++) {
		char user[32];
		snprintf(user, sizeof user, "clerk%lld", (long long)wins[i]);
		tokens[i] = wd_login(&W, user, (int)wins[i]);
	}
	for (int round = 0; round < 24; round++)
		one_round(round, tokens, wins, nwin, sup);
	for (int i = 0; i < nwin; i++)
		free(tokens[i]);
	free(sup);
	wd_stop(&W);
}

/* ---- the counts after random requests ---- */

/* One random request of a clerk or the kiosk; its answer does not
 * matter (many are refused), only what it leaves in the database. */
static void random_request(struct tdb *db, char **tokens, const int64_t *wins, int nwin, const char *kiosk)
{
	static const char *const services[] = { "MAR", "SOC" };
	static const char *const prio[] = { "none", "none", "elderly" };
	char path[96], body[128];
	int k = rnd(nwin);
	int64_t id = 0;
	struct resp r;
	/* 0-1 issue, 2-3 call, 4-7 a ticket's step, 8-9 transfer; mostly on
	 * a ticket the step can act on, sometimes on any */
	static const char *const steps[] = { "no-show", "start", "finish", "requeue" };
	static const char *const in[] = { "called", "called", "serving", "no_show" };
	int op = rnd(10);
	const char *step = op >= 4 && op <= 7 ? steps[op - 4] : NULL;
	const char *status = rnd(6) == 0 ? NULL : step ? in[op - 4] : op >= 8 ? "serving" : "called";
	char q[224], where[64];
	/* Which one, from the test's seed (the database's random() would make
	 * a failing seed impossible to replay). */
	if (status)
		snprintf(where, sizeof where, "WHERE status = '%s'", status);
	else
		where[0] = '\0';
	snprintf(q, sizeof q, "SELECT count(*) FROM tickets %s", where);
	int64_t count = tdb_int(db, q);
	snprintf(q, sizeof q, "SELECT id FROM tickets %s ORDER BY id LIMIT 1 OFFSET %lld", where,
		 (long long)(rnd(1000) % (count > 1 ? count : 1)));
	tdb_ints(db, q, &id, 1);
	/* the clerk of the window the ticket is at, mostly */
	int64_t at = 0;
	snprintf(body, sizeof body, "SELECT \"window\" FROM tickets WHERE id = %lld", (long long)id);
	tdb_ints(db, body, &at, 1);
	for (int i = 0; i < nwin; i++)
		if (wins[i] == at && rnd(6))
			k = i;
	if (op <= 1) {
		snprintf(body, sizeof body, "{\"service\":\"%s\",\"priority\":\"%s\"}", services[rnd(2)],
			 prio[rnd(3)]);
		http(&W, "POST", "/api/v1/tickets", kiosk, body, NULL, &r);
	} else if (op <= 3) {
		snprintf(path, sizeof path, "/api/v1/windows/%lld/call", (long long)wins[k]);
		http(&W, "POST", path, tokens[k], NULL, NULL, &r);
	} else if (step) {
		snprintf(path, sizeof path, "/api/v1/tickets/%lld/%s", (long long)id, step);
		http(&W, "POST", path, tokens[k], NULL, NULL, &r);
	} else {
		snprintf(path, sizeof path, "/api/v1/tickets/%lld/transfer", (long long)id);
		if (rnd(2))
			snprintf(body, sizeof body, "{\"window\":%lld,\"confirm\":true,\"reason\":\"转\"}",
				 (long long)wins[rnd(nwin)]);
		else
			snprintf(body, sizeof body, "{\"service\":\"%s\"}", services[rnd(2)]);
		http(&W, "POST", path, tokens[k], body, NULL, &r);
	}
	resp_free(&r);
}

/* Whether the walk has had a ticket transferred, sent to a window,
 * requeued, finished, and one still waits. */
static bool walk_covered(struct tdb *db)
{
	return tdb_int(db, "SELECT count(*) FROM tickets WHERE status = 'transferred'") > 0 &&
	       tdb_int(db, "SELECT count(*) FROM tickets WHERE target_window IS NOT NULL") > 0 &&
	       tdb_int(db, "SELECT count(*) FROM tickets WHERE requeues > 0") > 0 &&
	       tdb_int(db, "SELECT count(*) FROM tickets WHERE status = 'done'") > 0 &&
	       tdb_int(db, "SELECT count(*) FROM tickets WHERE status = 'waiting'") > 0;
}

static void test_counts_follow_requests(void **state)
{
	(void)state;
	wd_start(&W, true, "--kiosk-tickets 0");
	int64_t wins[2] = { 1, 2 };
	char *tokens[2] = { wd_login(&W, "clerk1", 1), wd_login(&W, "clerk2", 2) };
	char *kiosk = wd_login(&W, "kiosk", 0), *sup = wd_login(&W, "supervisor", 0);
	cJSON_Delete(wd_call(&W, "POST", "/api/v1/windows/1/open", tokens[0], NULL, 200));
	cJSON_Delete(wd_call(&W, "POST", "/api/v1/windows/2/open", tokens[1], NULL, 200));
	struct tdb *db = tdb_open(W.db);
	check_counts(db, sup);
	/* At least 400 steps, and on until the walk has gone through every
	 * path that moves a ticket (checked below). */
	for (int i = 0; i < 400 || (i < 4000 && !walk_covered(db)); i++) {
		random_request(db, tokens, wins, 2, kiosk);
		if (i % 10 == 9)
			check_counts(db, sup);
	}
	check_counts(db, sup);
	/* The random walk went through every path that moves a ticket. */
	assert_true(tdb_int(db, "SELECT count(*) FROM tickets WHERE status = 'transferred'") > 0);
	assert_true(tdb_int(db, "SELECT count(*) FROM tickets WHERE target_window IS NOT NULL") > 0);
	assert_true(tdb_int(db, "SELECT count(*) FROM tickets WHERE requeues > 0") > 0);
	assert_true(tdb_int(db, "SELECT count(*) FROM tickets WHERE status = 'done'") > 0);
	assert_true(tdb_int(db, "SELECT count(*) FROM tickets WHERE status = 'waiting'") > 0);
	tdb_close(db);

	/* The next day the leftovers expire, and nobody waits. */
	assert_int_equal(wd_term(&W), 0);
	wd_restart(&W, "--time-shift 86400");
	free(sup);
	sup = wd_login(&W, "supervisor", 0);
	cJSON_Delete(wd_call(&W, "GET", "/api/v1/windows", sup, NULL, 200));
	db = tdb_open(W.db);
	check_counts(db, sup);
	assert_int_equal(tdb_int(db, "SELECT coalesce(sum(waiting), 0) FROM queue_counts"),
			 tdb_int(db, "SELECT count(*) FROM tickets WHERE status = 'waiting'"));
	assert_true(tdb_int(db, "SELECT count(*) FROM tickets WHERE status = 'expired'") > 0);
	tdb_close(db);
	free(tokens[0]);
	free(tokens[1]);
	free(kiosk);
	free(sup);
	wd_stop(&W);
}

int main(void)
{
	const char *env = getenv("WICKET_TEST_SEED");
	seed = env ? (unsigned)strtoul(env, NULL, 10) : (unsigned)time(NULL);
	printf("# seed %u (WICKET_TEST_SEED)\n", seed);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pick_is_queue_order),
		cmocka_unit_test(test_counts_follow_requests),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
