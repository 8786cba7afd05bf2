/* test_concurrency.c - 50 windows calling as fast as they can over 10,000
 * tickets: every ticket is called exactly once, each window calls in queue
 * order, and the calls of all windows together keep the queue's order.
 *
 * The hall is tests/data/big-hall (50 windows, one service GEN, prefix A),
 * copied at test time with a tickets.json of SEEDED waiting tickets, so
 * that the test does not spend its time issuing them one POST at a time;
 * while the windows call, kiosks issue ISSUED more through the API, so
 * issuing and calling race as they do in a hall.
 *
 * Worker threads must not use cmocka's assertions (they longjmp out of the
 * test, which is only valid on the test's own thread): they record what
 * they saw, and the main thread checks it after joining them.
 *
 * The global order is checked from the outside: every call is stamped with
 * a shared counter when it is sent and when its answer comes.  One service
 * and no priority make queue order the order of ids; so a ticket b called
 * (answer received) before ticket a was even asked for, while a was already
 * waiting, with a ahead of b in the queue, would be a call out of order.
 *
 * On PostgreSQL (the suites' second run, tests/pg) two wicketd serve the
 * one database: the even windows and the second kiosk talk to the
 * second, so that two processes pick from one queue, as a county's
 * platform runs.
 *
 * The database goes to /dev/shm when TMPDIR is not set and it is there:
 * the test is about who gets which ticket, and on a disk most of its time
 * would go to the fsync of each of its 30,000 commits. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <curl/curl.h>

#include "harness.h"

#define SEEDED 9000
#define ISSUED 1000
#define TICKETS (SEEDED + ISSUED)
#define WINDOWS 50
#define ISSUERS 2

static struct wd W, W2;
static char *kiosk, *kiosk2;

/* The wicketd window no (or issuer i) talks to: the second one for the
 * even ones when there are two. */
static const struct wd *server_of(int i)
{
	return W2.pid > 0 && i % 2 == 0 ? &W2 : &W;
}

/* The shared clock of the test: stamps taken before a request is sent and
 * after its answer came, so that "b ended before a began" is known. */
static atomic_long clock_tick;
/* Set once every issuer is done: from then on an empty queue stays empty. */
static atomic_bool issuing_done;

static long tick(void)
{
	return atomic_fetch_add(&clock_tick, 1) + 1;
}

/* ---- issuing ---- */

struct issued {
	int64_t id;
	long done;                 /* tick after the 201 came */
};

struct issuer {
	int first, count;          /* slots of the shared array it fills */
	const struct wd *srv;
	const char *kiosk;
	struct issued *out;
	char error[256];
};

static void *issuer_run(void *arg)
{
	struct issuer *is = arg;
	for (int i = is->first; i < is->first + is->count; i++) {
		struct resp r;
		if (http(is->srv, "POST", "/api/v1/tickets", is->kiosk, "{\"service\":\"GEN\"}", NULL, &r) != 201) {
			snprintf(is->error, sizeof is->error, "issue: %ld %s", r.status, r.body);
			resp_free(&r);
			break;
		}
		is->out[i] = (struct issued){ .id = (int64_t)jnum(r.json, "id"), .done = tick() };
		resp_free(&r);
	}
	return NULL;
}

/* ---- calling ---- */

struct call {
	int64_t id;
	int window;
	long sent, answered;       /* ticks */
	char number[16];
	char issued_at[32];
};

struct window {
	int no;
	const struct wd *srv;
	struct call *calls;        /* in the order this window called them */
	int ncalls;
	char error[256];
};

/* POST path; 0 when the reply has the status want, else -1 with w->error. */
static int window_post(struct window *w, const char *token, const char *path, long want,
		       struct resp *r)
{
	if (http(w->srv, "POST", path, token, NULL, NULL, r) == want)
		return 0;
	snprintf(w->error, sizeof w->error, "window %d: POST %s: %ld %s", w->no, path,
		 r->status, r->body ? r->body : "");
	return -1;
}

/* Call; 1 with the call recorded, 0 when the queue is empty for good, -1
 * on an error. */
static int window_call(struct window *w, const char *token, const char *path)
{
	struct resp r;
	for (;;) {
		bool last = atomic_load(&issuing_done);
		long sent = tick();
		long st = http(w->srv, "POST", path, token, NULL, NULL, &r);
		long answered = tick();
		if (st == 404 && strcmp(resp_error_code(&r), "queue_empty") == 0) {
			resp_free(&r);
			if (last)
				return 0;
			continue;      /* a kiosk may still issue one */
		}
		if (st != 200 || w->ncalls == TICKETS) {
			snprintf(w->error, sizeof w->error, "window %d: call: %ld %s", w->no, st, r.body);
			resp_free(&r);
			return -1;
		}
		struct call *c = &w->calls[w->ncalls++];
		*c = (struct call){ .id = (int64_t)jnum(r.json, "id"), .window = w->no,
				    .sent = sent, .answered = answered };
		snprintf(c->number, sizeof c->number, "%s", jstr(r.json, "number"));
		snprintf(c->issued_at, sizeof c->issued_at, "%s", jstr(r.json, "issued_at"));
		resp_free(&r);
		return 1;
	}
}

/* POST /api/v1/tickets/{id}/{step}; 0 when it answers 200, else -1 with
 * w->error.  The reply is freed here, whatever it was. */
static int window_ticket_step(struct window *w, const char *token, long long id, const char *step)
{
	char path[96];
	struct resp r;
	snprintf(path, sizeof path, "/api/v1/tickets/%lld/%s", id, step);
	int rc = window_post(w, token, path, 200, &r);
	resp_free(&r);
	return rc;
}

static void window_serve(struct window *w, const char *token)
{
	char call[64];
	snprintf(call, sizeof call, "/api/v1/windows/%d/call", w->no);
	while (window_call(w, token, call) == 1) {
		long long id = (long long)w->calls[w->ncalls - 1].id;
		if (window_ticket_step(w, token, id, "start") ||
		    window_ticket_step(w, token, id, "finish"))
			break;
	}
}

static void *window_run(void *arg)
{
	struct window *w = arg;
	char body[128], path[64];
	struct resp r;
	snprintf(body, sizeof body, "{\"user\":\"clerk%d\",\"password\":\"demo\",\"window\":%d}",
		 w->no, w->no);
	if (http(w->srv, "POST", "/api/v1/login", NULL, body, NULL, &r) != 200) {
		snprintf(w->error, sizeof w->error, "clerk%d: login: %ld %s", w->no, r.status, r.body);
		resp_free(&r);
		return NULL;
	}
	char *token = strdup(jstr(r.json, "token"));
	resp_free(&r);
	snprintf(path, sizeof path, "/api/v1/windows/%d/open", w->no);
	if (window_post(w, token, path, 200, &r) == 0)
		window_serve(w, token);
	resp_free(&r);
	free(token);
	return NULL;
}

/* ---- the hall ---- */

static int setup(void **state)
{
	(void)state;
	/* big-hall with SEEDED waiting tickets, taken over the last 90
	 * minutes, oldest first (queue order is then the order of ids). */
	char src[512];
	const char *gen[] = { "GEN" };
	snprintf(src, sizeof src, "%s/big-hall", getenv("WICKET_TEST_DATA"));
	wd_start_queue(&W, src, gen, 1, SEEDED);
	/* Fifty clerks sign in at once from one address: the sign-in throttle
	 * lets only --login-failures checks run at a time per address, and on a
	 * loaded machine the others may wait longer than it allows (429).  The
	 * throttle is test_accounts' subject, not this test's.  Each request
	 * is a connection of its own, closed at once: fifty threads can have
	 * more than --per-ip-connections open before wicketd has seen the
	 * earlier ones close (test_capacity tests that limit). */
	static const char more[] = " --login-failures 1000 --per-ip-connections 1000 --kiosk-tickets 0";
	size_t n = strlen(W.args);
	assert_true(n + sizeof more <= sizeof W.args);
	memcpy(W.args + n, more, sizeof more);
	assert_int_equal(wd_term(&W), 0);     /* (it ran on, unseen, after every check) */
	wd_restart(&W, NULL);
	kiosk = wd_login(&W, "kiosk", 0);
	kiosk2 = kiosk;
	if (wd_on_postgresql()) {
		wd_start_beside(&W2, &W, W.args);
		kiosk2 = wd_login(&W2, "kiosk", 0);
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	if (W2.pid > 0) {
		wd_stop(&W2);
		free(kiosk2);
	}
	wd_stop(&W);
	free(kiosk);
	return 0;
}

/* ---- the checks ---- */

static int cmp_call(const void *a, const void *b)
{
	int64_t x = ((const struct call *)a)->id, y = ((const struct call *)b)->id;
	return (x > y) - (x < y);
}

/* Each window called in queue order: ids and issue times only grow. */
static void check_window_order(const struct window *w)
{
	for (int k = 1; k < w->ncalls; k++) {
		if (w->calls[k - 1].id >= w->calls[k].id)
			fail_msg("window %d called %lld after %lld", w->no, (long long)w->calls[k].id,
				 (long long)w->calls[k - 1].id);
		assert_true(strcmp(w->calls[k - 1].issued_at, w->calls[k].issued_at) <= 0);
	}
}

/* Every ticket called once: the numbers are A001 .. A<TICKETS>, each once
 * (they widen past 999), and every issued id is among the calls.  all is
 * sorted by id; waited_from[i] gets the tick from which all[i] was surely
 * waiting: 0 for the seeded ones, the 201 of its issue for the others. */
static void check_each_once(const struct call *all, const struct issued *issued, long *waited_from)
{
	static char seen[TICKETS + 1];
	memset(seen, 0, sizeof seen);
	for (int i = 0; i < TICKETS; i++) {
		if (i && all[i - 1].id == all[i].id)
			fail_msg("ticket %lld called twice", (long long)all[i].id);
		assert_int_equal(all[i].number[0], 'A');
		int n = atoi(all[i].number + 1);
		assert_true(n >= 1 && n <= TICKETS && !seen[n]);
		seen[n] = 1;
		assert_int_equal(strlen(all[i].number), n < 1000 ? 4 : n < 10000 ? 5 : 6);
		/* Queue order is id order: issue times never go back. */
		if (i)
			assert_true(strcmp(all[i - 1].issued_at, all[i].issued_at) <= 0);
	}
	memset(waited_from, 0, TICKETS * sizeof *waited_from);
	for (int i = 0; i < ISSUED; i++) {
		struct call key = { .id = issued[i].id };
		const struct call *c = bsearch(&key, all, TICKETS, sizeof *all, cmp_call);
		if (!c)
			fail_msg("issued ticket %lld was never called", (long long)issued[i].id);
		waited_from[c - all] = issued[i].done;
	}
}

/* When ticket a had been issued and the call that got b (behind a in the
 * queue) had answered before the call that got a was sent, a was skipped.
 * all is sorted by id; waited_from as check_each_once fills it. */
static void check_global_order(const struct call *all, const long *waited_from)
{
	for (int a = 0; a < TICKETS; a++)
		for (int b = a + 1; b < TICKETS; b++)
			if (waited_from[a] < all[b].sent && all[b].answered < all[a].sent)
				fail_msg("window %d called %s (ticket %lld) while %s (ticket %lld), ahead of "
					 "it, was waiting; window %d called that one later", all[b].window,
					 all[b].number, (long long)all[b].id, all[a].number,
					 (long long)all[a].id, all[a].window);
}

/* Nothing is left, and every window served what it called. */
static void check_windows(const struct window *win)
{
	struct resp r;
	char *sup = wd_login(&W, "supervisor", 0);
	assert_int_equal(http(&W, "GET", "/api/v1/windows", sup, NULL, NULL, &r), 200);
	const cJSON *w;
	int served = 0;
	cJSON_ArrayForEach(w, cJSON_GetObjectItemCaseSensitive(r.json, "windows")) {
		assert_int_equal((int)jnum(w, "waiting"), 0);
		int no = (int)jnum(w, "no");
		assert_int_equal((int)jnum(w, "served_today"), win[no - 1].ncalls);
		served += (int)jnum(w, "served_today");
	}
	assert_int_equal(served, TICKETS);
	resp_free(&r);
	free(sup);
}

static void test_windows_call_each_ticket_once(void **state)
{
	(void)state;
	static struct call calls[WINDOWS][TICKETS], all[TICKETS];
	static struct issued issued[ISSUED];
	static long waited_from[TICKETS];

	struct window win[WINDOWS];
	struct issuer is[ISSUERS];
	pthread_t th[WINDOWS], ith[ISSUERS];
	for (int i = 0; i < WINDOWS; i++) {
		win[i] = (struct window){ .no = i + 1, .srv = server_of(i + 1), .calls = calls[i] };
		assert_int_equal(pthread_create(&th[i], NULL, window_run, &win[i]), 0);
	}
	for (int i = 0; i < ISSUERS; i++) {
		is[i] = (struct issuer){ .first = i * (ISSUED / ISSUERS), .count = ISSUED / ISSUERS,
					 .srv = server_of(i), .kiosk = server_of(i) == &W ? kiosk : kiosk2,
					 .out = issued };
		assert_int_equal(pthread_create(&ith[i], NULL, issuer_run, &is[i]), 0);
	}
	for (int i = 0; i < ISSUERS; i++)
		pthread_join(ith[i], NULL);
	atomic_store(&issuing_done, true);
	for (int i = 0; i < WINDOWS; i++)
		pthread_join(th[i], NULL);

	for (int i = 0; i < ISSUERS; i++)
		if (is[i].error[0])
			fail_msg("%s", is[i].error);
	int n = 0, busy = 0;
	for (int i = 0; i < WINDOWS; i++) {
		if (win[i].error[0])
			fail_msg("%s", win[i].error);
		busy += win[i].ncalls > 0;
		check_window_order(&win[i]);
		for (int k = 0; k < win[i].ncalls; k++) {
			assert_true(n < TICKETS);
			all[n++] = win[i].calls[k];
		}
	}
	assert_int_equal(n, TICKETS);
	assert_true(busy > WINDOWS / 2);
	qsort(all, TICKETS, sizeof all[0], cmp_call);
	check_each_once(all, issued, waited_from);
	check_global_order(all, waited_from);
	check_windows(win);
}

int main(void)
{
	if (!getenv("TMPDIR") && access("/dev/shm", W_OK | X_OK) == 0)
		setenv("TMPDIR", "/dev/shm", 0);
	curl_global_init(CURL_GLOBAL_DEFAULT);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_windows_call_each_ticket_once, setup, teardown),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	curl_global_cleanup();
	return rc;
}
