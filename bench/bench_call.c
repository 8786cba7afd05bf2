/* bench_call.c - how fast windows call tickets.
 *
 *   bench_call [WINDOWS [TICKETS [CALLS]]]   (defaults 10, 5000, TICKETS)
 *
 * Starts wicketd on the big test hall (tests/data/big-hall: 50 windows, one
 * service) with the harness, issues TICKETS tickets, then lets WINDOWS
 * clerks work at once, each looping call -> start -> finish until its queue
 * is empty, the way a hall works; with CALLS (< TICKETS) they stop after
 * CALLS calls in all, so that about TICKETS wait at every call: the cost
 * of a call with that many waiting.  Prints the call throughput (calls per
 * second of the serving phase, which also carries the start and finish
 * requests) and the client-side latency of POST /windows/N/call
 * (CLOCK_MONOTONIC around the request; p50, p99, max).
 *
 * Each thread keeps one curl handle, so its connection is kept alive as a
 * real counter client's would be.  Needs WICKETD and WICKET_TEST_DATA in the
 * environment (bench/call.sh sets them); the database goes where TMPDIR
 * says (default /tmp), so a disk's fsync is part of every figure. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>
#include <curl/curl.h>

#include "harness.h"
#include "wicket/common/buf.h"
#include "bench_http.h"

#define MAX_WINDOWS 50
#define ISSUERS 8

static struct wd W;
static int tickets;
static int calls;             /* calls to make in all: tickets, unless fewer are asked */

/* ---- a kept-alive connection ---- */

static void client_init(struct client *cl, const char *token)
{
	client_open(cl, token, "bench_call");
}

/* POST path with body (may be NULL); returns the status (0 on a transport
 * error) and leaves the parsed reply in cl->json. */
static long client_post(struct client *cl, const char *path, const char *body)
{
	char url[256];
	long status = 0;
	snprintf(url, sizeof url, "%s%s", W.url, path);
	buf_reset(&cl->body);
	cJSON_Delete(cl->json);
	cl->json = NULL;
	curl_easy_setopt(cl->c, CURLOPT_URL, url);
	curl_easy_setopt(cl->c, CURLOPT_POST, 1L);
	curl_easy_setopt(cl->c, CURLOPT_POSTFIELDS, body ? body : "");
	if (curl_easy_perform(cl->c) == CURLE_OK)
		curl_easy_getinfo(cl->c, CURLINFO_RESPONSE_CODE, &status);
	cl->json = cJSON_Parse(buf_str(&cl->body));
	return status;
}

static void die_reply(const char *what, long status, const struct client *cl)
{
	fprintf(stderr, "bench_call: %s: %ld %s\n", what, status, buf_str(&cl->body));
	exit(1);
}

static void client_expect(struct client *cl, const char *path, const char *body, long want)
{
	long st = client_post(cl, path, body);
	if (st != want)
		die_reply(path, st, cl);
}

/* ---- issuing ---- */

static void *issuer_run(void *arg)
{
	struct client cl;
	client_init(&cl, arg);
	for (int i = 0; i < tickets / ISSUERS; i++)
		client_expect(&cl, "/api/v1/tickets", "{\"service\":\"GEN\"}", 201);
	client_free(&cl);
	return NULL;
}

static void issue_all(const char *kiosk)
{
	pthread_t th[ISSUERS];
	for (int i = 0; i < ISSUERS; i++)
		pthread_create(&th[i], NULL, issuer_run, (void *)kiosk);
	for (int i = 0; i < ISSUERS; i++)
		pthread_join(th[i], NULL);
	/* The remainder, so that exactly `tickets` wait. */
	struct client cl;
	client_init(&cl, kiosk);
	for (int i = 0; i < tickets % ISSUERS; i++)
		client_expect(&cl, "/api/v1/tickets", "{\"service\":\"GEN\"}", 201);
	client_free(&cl);
}

/* ---- serving ---- */

struct window {
	int no;
	char *token;
	double *lat_ms;           /* latency of each call */
	int ncalls;
	int quota;                /* calls this window makes at most */
};

static pthread_barrier_t start_line;

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void *window_run(void *arg)
{
	struct window *w = arg;
	struct client cl;
	char call[64], path[96];
	client_init(&cl, w->token);
	snprintf(call, sizeof call, "/api/v1/windows/%d/call", w->no);
	snprintf(path, sizeof path, "/api/v1/windows/%d/open", w->no);
	client_expect(&cl, path, NULL, 200);
	pthread_barrier_wait(&start_line);
	while (w->ncalls < w->quota) {
		double t0 = now_ms();
		long st = client_post(&cl, call, NULL);
		double t1 = now_ms();
		if (st == 404)
			break;
		if (st != 200)
			die_reply(call, st, &cl);
		w->lat_ms[w->ncalls++] = t1 - t0;
		long long id = (long long)cJSON_GetObjectItem(cl.json, "id")->valuedouble;
		snprintf(path, sizeof path, "/api/v1/tickets/%lld/start", id);
		client_expect(&cl, path, NULL, 200);
		snprintf(path, sizeof path, "/api/v1/tickets/%lld/finish", id);
		client_expect(&cl, path, NULL, 200);
	}
	client_free(&cl);
	return NULL;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* Nearest-rank percentile of the sorted v[0..n). */
static double percentile(const double *v, int n, double p)
{
	int rank = (int)(p / 100.0 * n + 0.999999);
	return v[rank < 1 ? 0 : rank - 1];
}

static void report(struct window *win, int nwin, double seconds)
{
	int total = 0;
	for (int i = 0; i < nwin; i++)
		total += win[i].ncalls;
	double *all = malloc(sizeof *all * (size_t)(total ? total : 1));
	int n = 0;
	for (int i = 0; i < nwin; i++)
		for (int k = 0; k < win[i].ncalls; k++)
			all[n++] = win[i].lat_ms[k];
	qsort(all, (size_t)n, sizeof *all, cmp_double);
	printf("windows %2d  tickets %d  calls %d  %.2f s  %.0f calls/s  "
	       "call latency p50 %.2f ms  p99 %.2f ms  max %.2f ms\n",
	       nwin, tickets, total, seconds, total / seconds,
	       n ? percentile(all, n, 50) : 0, n ? percentile(all, n, 99) : 0,
	       n ? all[n - 1] : 0);
	free(all);
	if (total != calls) {
		fprintf(stderr, "bench_call: %d calls for %d tickets, %d wanted\n", total, tickets, calls);
		exit(1);
	}
}

static void serve_all(int nwin)
{
	struct window win[MAX_WINDOWS];
	pthread_t th[MAX_WINDOWS];
	pthread_barrier_init(&start_line, NULL, (unsigned)nwin + 1);
	for (int i = 0; i < nwin; i++) {
		char user[32];
		snprintf(user, sizeof user, "clerk%d", i + 1);
		win[i] = (struct window){ .no = i + 1, .token = wd_login(&W, user, i + 1),
					  .lat_ms = malloc(sizeof(double) * (size_t)tickets),
					  .quota = calls / nwin + (i < calls % nwin) };
		pthread_create(&th[i], NULL, window_run, &win[i]);
	}
	pthread_barrier_wait(&start_line);
	double t0 = now_ms();
	for (int i = 0; i < nwin; i++)
		pthread_join(th[i], NULL);
	double seconds = (now_ms() - t0) / 1e3;
	report(win, nwin, seconds);
	for (int i = 0; i < nwin; i++) {
		free(win[i].token);
		free(win[i].lat_ms);
	}
	pthread_barrier_destroy(&start_line);
}

int main(int argc, char **argv)
{
	int nwin = argc > 1 ? atoi(argv[1]) : 10;
	tickets = argc > 2 ? atoi(argv[2]) : 5000;
	calls = argc > 3 ? atoi(argv[3]) : tickets;
	const char *data = getenv("WICKET_TEST_DATA");
	if (argc > 4 || calls < 1 || calls > tickets || nwin < 1 || nwin > MAX_WINDOWS || tickets < 1 || !data || !getenv("WICKETD")) {
		fprintf(stderr, "usage: bench_call [WINDOWS (1-%d) [TICKETS [CALLS (<= TICKETS)]]]\n"
			"needs WICKETD and WICKET_TEST_DATA in the environment (see bench/call.sh)\n",
			MAX_WINDOWS);
		return 2;
	}
	curl_global_init(CURL_GLOBAL_DEFAULT);
	char args[512];
	snprintf(args, sizeof args, "--data %s/big-hall --kiosk-tickets 0", data);
	wd_start(&W, true, args);
	char *kiosk = wd_login(&W, "kiosk", 0);
	issue_all(kiosk);
	free(kiosk);
	serve_all(nwin);
	wd_stop(&W);
	curl_global_cleanup();
	return 0;
}
