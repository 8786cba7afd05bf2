/* test_concurrency.c - 20 windows calling at once over 2,000 tickets: every
 * ticket is called exactly once, and each window calls in queue order.
 *
 * The hall is tests/data/big-hall (50 windows, one service GEN, prefix A).
 * Worker threads must not use cmocka's assertions (they longjmp out of the
 * test, which is only valid on the test's own thread): they record what
 * they saw, and the main thread checks it after joining them.
 *
 * The database goes to /dev/shm when TMPDIR is not set and it is there:
 * the test is about who gets which ticket, and on a disk most of its time
 * would go to the fsync of each of its 8,000 commits. */
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
#include <unistd.h>

#include <cmocka.h>
#include <curl/curl.h>

#include "harness.h"

#define TICKETS 2000
#define WINDOWS 20
#define ISSUERS 4

static struct wd W;
static char *kiosk;

/* ---- issuing ---- */

struct issuer {
	int first, count;          /* slots of the shared arrays it fills */
	int64_t *ids;
	char (*numbers)[16];
	char error[256];
};

static void *issuer_run(void *arg)
{
	struct issuer *is = arg;
	for (int i = is->first; i < is->first + is->count; i++) {
		struct resp r;
		if (http(&W, "POST", "/api/v1/tickets", kiosk, "{\"service\":\"GEN\"}", NULL, &r) != 201) {
			snprintf(is->error, sizeof is->error, "issue: %ld %s", r.status, r.body);
			resp_free(&r);
			break;
		}
		is->ids[i] = (int64_t)jnum(r.json, "id");
		snprintf(is->numbers[i], sizeof is->numbers[i], "%s", jstr(r.json, "number"));
		resp_free(&r);
	}
	return NULL;
}

/* ---- calling ---- */

struct window {
	int no;
	int64_t *called;           /* ids, in the order this window called them */
	char (*issued)[32];        /* their issued_at, same order */
	int ncalled;
	char error[256];
};

/* POST path; 0 when the reply has the status want, else -1 with w->error. */
static int window_post(struct window *w, const char *token, const char *path, long want,
		       struct resp *r)
{
	if (http(&W, "POST", path, token, NULL, NULL, r) == want)
		return 0;
	snprintf(w->error, sizeof w->error, "window %d: POST %s: %ld %s", w->no, path,
		 r->status, r->body ? r->body : "");
	return -1;
}

static void window_serve(struct window *w, const char *token)
{
	char call[64], path[96];
	struct resp r;
	snprintf(call, sizeof call, "/api/v1/windows/%d/call", w->no);
	for (;;) {
		long st = http(&W, "POST", call, token, NULL, NULL, &r);
		if (st == 404 && strcmp(resp_error_code(&r), "queue_empty") == 0)
			break;
		if (st != 200 || w->ncalled == TICKETS) {
			snprintf(w->error, sizeof w->error, "window %d: call: %ld %s", w->no, st, r.body);
			break;
		}
		int64_t id = (int64_t)jnum(r.json, "id");
		w->called[w->ncalled] = id;
		snprintf(w->issued[w->ncalled++], 32, "%s", jstr(r.json, "issued_at"));
		resp_free(&r);
		snprintf(path, sizeof path, "/api/v1/tickets/%lld/start", (long long)id);
		if (window_post(w, token, path, 200, &r))
			break;
		resp_free(&r);
		snprintf(path, sizeof path, "/api/v1/tickets/%lld/finish", (long long)id);
		if (window_post(w, token, path, 200, &r))
			break;
		resp_free(&r);
	}
	resp_free(&r);
}

static void *window_run(void *arg)
{
	struct window *w = arg;
	char body[128], path[64];
	struct resp r;
	snprintf(body, sizeof body, "{\"user\":\"clerk%d\",\"password\":\"demo\",\"window\":%d}",
		 w->no, w->no);
	if (http(&W, "POST", "/api/v1/login", NULL, body, NULL, &r) != 200) {
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

static int setup(void **state)
{
	(void)state;
	char args[512];
	const char *data = getenv("WICKET_TEST_DATA");
	assert_non_null(data);
	snprintf(args, sizeof args, "--data %s/big-hall", data);
	wd_start(&W, true, args);
	kiosk = wd_login(&W, "kiosk", 0);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	wd_stop(&W);
	free(kiosk);
	return 0;
}

static int cmp_id(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

/* Issue TICKETS tickets over ISSUERS threads; their ids go to ids[]. */
static void issue_all(int64_t *ids, char (*numbers)[16])
{
	struct issuer is[ISSUERS];
	pthread_t th[ISSUERS];
	for (int i = 0; i < ISSUERS; i++) {
		is[i] = (struct issuer){ .first = i * (TICKETS / ISSUERS), .count = TICKETS / ISSUERS,
					 .ids = ids, .numbers = numbers };
		assert_int_equal(pthread_create(&th[i], NULL, issuer_run, &is[i]), 0);
	}
	for (int i = 0; i < ISSUERS; i++) {
		pthread_join(th[i], NULL);
		if (is[i].error[0])
			fail_msg("%s", is[i].error);
	}
	/* Numbers are unique and widen past 999: A001 .. A999, A1000 .. A2000. */
	char seen[TICKETS + 1] = { 0 };
	for (int i = 0; i < TICKETS; i++) {
		assert_int_equal(numbers[i][0], 'A');
		int n = atoi(numbers[i] + 1);
		assert_true(n >= 1 && n <= TICKETS && !seen[n]);
		seen[n] = 1;
		assert_int_equal(strlen(numbers[i]), n < 1000 ? 4 : 5);
	}
}

static void test_windows_call_each_ticket_once(void **state)
{
	(void)state;
	static int64_t ids[TICKETS], called[WINDOWS][TICKETS];
	static char numbers[TICKETS][16], issued[WINDOWS][TICKETS][32];
	issue_all(ids, numbers);

	struct window win[WINDOWS];
	pthread_t th[WINDOWS];
	for (int i = 0; i < WINDOWS; i++) {
		win[i] = (struct window){ .no = i + 1, .called = called[i], .issued = issued[i] };
		assert_int_equal(pthread_create(&th[i], NULL, window_run, &win[i]), 0);
	}
	for (int i = 0; i < WINDOWS; i++)
		pthread_join(th[i], NULL);

	static int64_t all[TICKETS];
	int n = 0, busy = 0;
	for (int i = 0; i < WINDOWS; i++) {
		if (win[i].error[0])
			fail_msg("%s", win[i].error);
		busy += win[i].ncalled > 0;
		/* One service, nobody priority: each window calls in queue order,
		 * which is issue order (queue time, then id). */
		for (int k = 1; k < win[i].ncalled; k++) {
			assert_true(win[i].called[k - 1] < win[i].called[k]);
			assert_true(strcmp(win[i].issued[k - 1], win[i].issued[k]) <= 0);
		}
		for (int k = 0; k < win[i].ncalled; k++) {
			assert_true(n < TICKETS);
			all[n++] = win[i].called[k];
		}
	}
	assert_int_equal(n, TICKETS);
	assert_true(busy > 1);
	qsort(all, TICKETS, sizeof all[0], cmp_id);
	qsort(ids, TICKETS, sizeof ids[0], cmp_id);
	for (int i = 0; i < TICKETS; i++)
		if (all[i] != ids[i])
			fail_msg("position %d: called %lld, issued %lld", i, (long long)all[i],
				 (long long)ids[i]);

	/* Nothing is left, and every window served what it called. */
	struct resp r;
	char *sup = wd_login(&W, "supervisor", 0);
	assert_int_equal(http(&W, "GET", "/api/v1/windows", sup, NULL, NULL, &r), 200);
	const cJSON *w;
	int served = 0;
	cJSON_ArrayForEach(w, cJSON_GetObjectItemCaseSensitive(r.json, "windows")) {
		assert_int_equal((int)jnum(w, "waiting"), 0);
		int no = (int)jnum(w, "no");
		assert_int_equal((int)jnum(w, "served_today"), no <= WINDOWS ? win[no - 1].ncalled : 0);
		served += (int)jnum(w, "served_today");
	}
	assert_int_equal(served, TICKETS);
	resp_free(&r);
	free(sup);
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
