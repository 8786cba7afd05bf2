/* test_county.c - a county's five halls on one platform, fifty windows
 * calling 10,000 tickets together.
 *
 * Hall 1 is tests/data/big-hall with PER_HALL waiting tickets; its
 * administrator adds four township halls with ten of its windows each,
 * their clerks and a kiosk each, and the kiosks issue PER_HALL tickets in
 * each.  Then ten windows of every hall call, start and finish as fast as
 * they can until their hall's queue is empty.  Every ticket of every hall
 * is called exactly once, by a window of its own hall, each window in
 * queue order; the numbers restart in each hall and never repeat within
 * one; the county's board of halls then shows each hall served PER_HALL
 * and nobody waiting.
 *
 * On PostgreSQL (the suites' second run) two wicketd serve the platform
 * behind nginx, as docs/deploy-postgresql.md sets it up: the site of its
 * ```nginx block (tests/server/nginx.c) with the two test wicketd as its
 * upstream, and every window and kiosk talking to nginx, which spreads
 * their requests over both processes; so the halls' locks and queues are
 * shared by two processes.  nginx's access log then holds every request
 * the windows and kiosks made, each served by one of the two, and each
 * process served at least a quarter of them.
 *
 * Worker threads record what they saw; only the main thread asserts. */
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
#include "nginx.h"

#define HALLS 5
#define WINDOWS 10               /* a hall */
#define PER_HALL 2000
#define MAX_CALLS PER_HALL

#define DEPLOY_PG "docs/deploy-postgresql.md"

static struct wd W, W2;
static struct nginx N;
static struct wd Front;         /* nginx, as http() addresses a server */

/* The server the windows and kiosks talk to: nginx when it runs (on
 * PostgreSQL), else the one wicketd. */
static const struct wd *front(void)
{
	return N.pid > 0 ? &Front : &W;
}

static int post(const struct wd *w, const char *token, const char *path, const char *body,
		struct resp *r)
{
	return (int)http(w, "POST", path, token, body, NULL, r);
}

/* Sign in as user with password; a malloc'd token or NULL. */
static char *sign_in(const struct wd *w, const char *user, const char *password, int window)
{
	char body[256];
	struct resp r;
	snprintf(body, sizeof body, "{\"user\":\"%s\",\"password\":\"%s\",\"window\":%d}", user, password,
		 window);
	if (window == 0)
		snprintf(body, sizeof body, "{\"user\":\"%s\",\"password\":\"%s\"}", user, password);
	char *t = post(w, NULL, "/api/v1/login", body, &r) == 200 ? strdup(jstr(r.json, "token")) : NULL;
	resp_free(&r);
	return t;
}

/* ---- issuing ---- */

struct issuer {
	int hall;
	const struct wd *srv;
	char error[256];
};

static void *issuer_run(void *arg)
{
	struct issuer *is = arg;
	char user[32];
	snprintf(user, sizeof user, "k%d", is->hall);
	char *token = sign_in(is->srv, user, "county-pass-1", 0);
	if (!token) {
		snprintf(is->error, sizeof is->error, "hall %d: the kiosk did not sign in", is->hall);
		return NULL;
	}
	for (int i = 0; i < PER_HALL; i++) {
		struct resp r;
		if (post(is->srv, token, "/api/v1/tickets", "{\"service\":\"GEN\"}", &r) != 201) {
			snprintf(is->error, sizeof is->error, "hall %d: issue: %ld %s", is->hall, r.status, r.body);
			resp_free(&r);
			break;
		}
		resp_free(&r);
	}
	free(token);
	return NULL;
}

/* ---- calling ---- */

struct call {
	int64_t id;
	char number[16];
};

struct window {
	int hall, no;
	const struct wd *srv;
	struct call *calls;
	int ncalls;
	char error[256];
};

static int window_step(struct window *w, const char *token, int64_t id, const char *step)
{
	char path[96];
	struct resp r;
	snprintf(path, sizeof path, "/api/v1/tickets/%lld/%s", (long long)id, step);
	int st = post(w->srv, token, path, NULL, &r);
	if (st != 200)
		snprintf(w->error, sizeof w->error, "hall %d window %d: %s: %d %s", w->hall, w->no, step, st,
			 r.body ? r.body : "");
	resp_free(&r);
	return st == 200 ? 0 : -1;
}

static void window_serve(struct window *w, const char *token)
{
	char path[64];
	snprintf(path, sizeof path, "/api/v1/windows/%d/call", w->no);
	for (;;) {
		struct resp r;
		int st = post(w->srv, token, path, NULL, &r);
		if (st == 404 && strcmp(resp_error_code(&r), "queue_empty") == 0) {
			resp_free(&r);
			return;
		}
		if (st != 200 || w->ncalls == MAX_CALLS) {
			snprintf(w->error, sizeof w->error, "hall %d window %d: call: %d %s", w->hall, w->no, st,
				 r.body ? r.body : "");
			resp_free(&r);
			return;
		}
		struct call *c = &w->calls[w->ncalls++];
		c->id = (int64_t)jnum(r.json, "id");
		snprintf(c->number, sizeof c->number, "%s", jstr(r.json, "number"));
		resp_free(&r);
		if (window_step(w, token, c->id, "start") || window_step(w, token, c->id, "finish"))
			return;
	}
}

static void *window_run(void *arg)
{
	struct window *w = arg;
	char user[32], path[64];
	struct resp r;
	if (w->hall == 1)
		snprintf(user, sizeof user, "clerk%d", w->no);
	else
		snprintf(user, sizeof user, "c%d-%d", w->hall, w->no);
	char *token = sign_in(w->srv, user, w->hall == 1 ? "demo" : "county-pass-1", w->no);
	if (!token) {
		snprintf(w->error, sizeof w->error, "%s did not sign in", user);
		return NULL;
	}
	snprintf(path, sizeof path, "/api/v1/windows/%d/open", w->no);
	if (post(w->srv, token, path, NULL, &r) == 200)
		window_serve(w, token);
	else
		snprintf(w->error, sizeof w->error, "%s: open: %ld %s", user, r.status, r.body);
	resp_free(&r);
	free(token);
	return NULL;
}

/* ---- the county ---- */

static void add_account(const char *admin, int hall, const char *user, const char *role, int window)
{
	char path[64], body[256];
	snprintf(path, sizeof path, "/api/v1/accounts?hall=T%d", hall);
	if (window)
		snprintf(body, sizeof body, "{\"user\":\"%s\",\"name\":\"%s\",\"role\":\"%s\","
			 "\"password\":\"county-pass-1\",\"windows\":[%d]}", user, user, role, window);
	else
		snprintf(body, sizeof body, "{\"user\":\"%s\",\"name\":\"%s\",\"role\":\"%s\","
			 "\"password\":\"county-pass-1\"}", user, user, role);
	cJSON_Delete(wd_call(&W, "POST", path, admin, body, 201));
}

/* "host:port" of a wicketd, into out; returns out. */
static const char *addr_of(const struct wd *w, char *out, size_t len)
{
	snprintf(out, len, "%s", w->url + strlen("http://"));
	return out;
}

/* nginx with the site of docs/deploy-postgresql.md in front of W and W2:
 * its upstream's two servers are they, it listens on a free loopback port. */
static void county_nginx_start(void)
{
	char line[320], addr[160], dir[sizeof W.dir + 16];
	char *site = nginx_doc_site(DEPLOY_PG);
	nginx_replace(&site, DEPLOY_PG, "listen 8470;", "listen 127.0.0.1:" NGINX_PORT ";");
	snprintf(line, sizeof line, "server %s ", addr_of(&W, addr, sizeof addr));
	nginx_replace(&site, DEPLOY_PG, "server 127.0.0.1:8471 ", line);
	snprintf(line, sizeof line, "server %s ", addr_of(&W2, addr, sizeof addr));
	nginx_replace(&site, DEPLOY_PG, "server 127.0.0.1:8472 ", line);
	snprintf(dir, sizeof dir, "%s/nginx", W.dir);
	nginx_start(&N, dir, site);
	free(site);
	memset(&Front, 0, sizeof Front);
	snprintf(Front.url, sizeof Front.url, "http://127.0.0.1:%d", N.port);
}

static int setup(void **state)
{
	(void)state;
	char src[512];
	const char *gen[] = { "GEN" };
	snprintf(src, sizeof src, "%s/big-hall", getenv("WICKET_TEST_DATA"));
	wd_start_queue(&W, src, gen, 1, PER_HALL);
	/* Fifty clerks sign in at once from one address (see test_concurrency);
	 * behind nginx, as docs/deploy-postgresql.md runs them, it is the
	 * trusted proxy's. */
	const char *more = wd_on_postgresql()
		? " --login-failures 1000 --per-ip-connections 1000 --kiosk-tickets 0 --trusted-proxy 127.0.0.1"
		: " --login-failures 1000 --per-ip-connections 1000 --kiosk-tickets 0";
	size_t n = strlen(W.args);
	assert_true(n + strlen(more) < sizeof W.args);
	memcpy(W.args + n, more, strlen(more) + 1);
	assert_int_equal(wd_term(&W), 0);
	wd_restart(&W, NULL);
	char *admin = wd_login(&W, "admin", 0);
	for (int h = 2; h <= HALLS; h++) {
		char body[160];
		snprintf(body, sizeof body, "{\"code\":\"T%d\",\"name\":\"第%d乡镇便民服务中心\",\"level\":\"township\","
			 "\"windows\":%d}", h, h, WINDOWS);
		cJSON *j = wd_call(&W, "POST", "/api/v1/halls", admin, body, 201);
		assert_int_equal((int)jnum(j, "id"), h);
		cJSON_Delete(j);
		char user[32];
		snprintf(user, sizeof user, "k%d", h);
		add_account(admin, h, user, "kiosk", 0);
		for (int k = 1; k <= WINDOWS; k++) {
			snprintf(user, sizeof user, "c%d-%d", h, k);
			add_account(admin, h, user, "clerk", k);
		}
	}
	free(admin);
	if (wd_on_postgresql())
		wd_start_beside(&W2, &W, W.args);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	nginx_stop(&N);
	if (W2.pid > 0)
		wd_stop(&W2);
	wd_stop(&W);
	return 0;
}

static int cmp_call(const void *a, const void *b)
{
	int64_t x = ((const struct call *)a)->id, y = ((const struct call *)b)->id;
	return (x > y) - (x < y);
}

static int cmp_number(const void *a, const void *b)
{
	return strcmp(((const struct call *)a)->number, ((const struct call *)b)->number);
}

/* Hall h's windows called its PER_HALL tickets, each once, each window in
 * queue order (ids grow), every number once. */
static void check_hall(const struct window *win, int h, struct call *all)
{
	int n = 0;
	for (int k = 0; k < WINDOWS; k++) {
		const struct window *w = &win[(h - 1) * WINDOWS + k];
		assert_int_equal(w->hall, h);
		for (int i = 0; i < w->ncalls; i++) {
			if (i && w->calls[i - 1].id >= w->calls[i].id)
				fail_msg("hall %d window %d called %lld after %lld", h, w->no,
					 (long long)w->calls[i].id, (long long)w->calls[i - 1].id);
			assert_true(n < PER_HALL);
			all[n++] = w->calls[i];
		}
	}
	if (n != PER_HALL)
		fail_msg("hall %d: %d calls, %d tickets", h, n, PER_HALL);
	qsort(all, (size_t)n, sizeof *all, cmp_call);
	for (int i = 1; i < n; i++)
		if (all[i - 1].id == all[i].id)
			fail_msg("hall %d: ticket %lld called twice", h, (long long)all[i].id);
	qsort(all, (size_t)n, sizeof *all, cmp_number);
	for (int i = 1; i < n; i++)
		if (strcmp(all[i - 1].number, all[i].number) == 0)
			fail_msg("hall %d: number %s given twice", h, all[i].number);
	/* Numbers restart in each hall: its first is number 1. */
	int lowest = PER_HALL + 1;
	for (int i = 0; i < n; i++) {
		int v = atoi(all[i].number + 1);
		lowest = v < lowest ? v : lowest;
	}
	assert_int_equal(lowest, 1);
}

/* Every request of the windows and kiosks went through nginx, each served
 * by W or W2 at the first try, and each of them served at least a quarter:
 * nginx spread the work over both processes. */
static void check_spread(const struct window *win)
{
	int made = (HALLS - 1) * (1 + PER_HALL);       /* the kiosks' sign-ins and tickets */
	for (int i = 0; i < HALLS * WINDOWS; i++)
		made += 3 + 3 * win[i].ncalls;          /* sign-in, open, the last call; a ticket's three */
	nginx_stop(&N);                                 /* its log is whole once it has ended */
	char *log = nginx_access_log(&N);
	char addr[160], a[200], b[200];
	/* The line's end: a request passed on to a second server would end
	 * in "A, B" and count for neither. */
	snprintf(a, sizeof a, " upstream=%s\n", addr_of(&W, addr, sizeof addr));
	snprintf(b, sizeof b, " upstream=%s\n", addr_of(&W2, addr, sizeof addr));
	int lines = nginx_count(log, "\n"), by_a = nginx_count(log, a), by_b = nginx_count(log, b);
	free(log);
	printf("# nginx passed %d requests: %d to the first wicketd, %d to the second\n", lines, by_a,
	       by_b);
	assert_int_equal(lines, made);
	assert_int_equal(by_a + by_b, made);
	if (by_a < made / 4 || by_b < made / 4)
		fail_msg("nginx passed %d of %d requests to the first wicketd, %d to the second", by_a,
			 made, by_b);
}

static void test_county_calls_each_ticket_once(void **state)
{
	(void)state;
	static struct call calls[HALLS * WINDOWS][MAX_CALLS], all[PER_HALL];
	struct window win[HALLS * WINDOWS];
	struct issuer is[HALLS];
	pthread_t th[HALLS * WINDOWS], ith[HALLS];

	/* Here rather than in setup: when the document's site has changed,
	 * the test fails and its teardown still stops the wicketd. */
	if (W2.pid > 0)
		county_nginx_start();
	/* the townships' queues, issued through nginx on PostgreSQL */
	for (int h = 2; h <= HALLS; h++) {
		is[h - 1] = (struct issuer){ .hall = h, .srv = front() };
		assert_int_equal(pthread_create(&ith[h - 1], NULL, issuer_run, &is[h - 1]), 0);
	}
	for (int h = 2; h <= HALLS; h++)
		pthread_join(ith[h - 1], NULL);
	for (int h = 2; h <= HALLS; h++)
		if (is[h - 1].error[0])
			fail_msg("%s", is[h - 1].error);

	for (int i = 0; i < HALLS * WINDOWS; i++) {
		win[i] = (struct window){ .hall = i / WINDOWS + 1, .no = i % WINDOWS + 1,
					  .srv = front(), .calls = calls[i] };
		assert_int_equal(pthread_create(&th[i], NULL, window_run, &win[i]), 0);
	}
	for (int i = 0; i < HALLS * WINDOWS; i++)
		pthread_join(th[i], NULL);
	for (int i = 0; i < HALLS * WINDOWS; i++)
		if (win[i].error[0])
			fail_msg("%s", win[i].error);
	for (int h = 1; h <= HALLS; h++)
		check_hall(win, h, all);
	if (N.pid > 0)
		check_spread(win);

	/* The county's board of halls agrees. */
	char *sup = wd_login(&W, "supervisor", 0);
	cJSON *j = wd_call(&W, "GET", "/api/v1/halls", sup, NULL, 200);
	const cJSON *h;
	int halls = 0;
	cJSON_ArrayForEach(h, cJSON_GetObjectItemCaseSensitive(j, "halls")) {
		assert_int_equal((int)jnum(h, "waiting"), 0);
		assert_int_equal((int)jnum(h, "served_today"), PER_HALL);
		halls++;
	}
	assert_int_equal(halls, HALLS);
	cJSON_Delete(j);
	free(sup);
}

int main(void)
{
	if (!getenv("TMPDIR") && access("/dev/shm", W_OK | X_OK) == 0)
		setenv("TMPDIR", "/dev/shm", 0);
	curl_global_init(CURL_GLOBAL_DEFAULT);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_county_calls_each_ticket_once, setup, teardown),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	curl_global_cleanup();
	return rc;
}
