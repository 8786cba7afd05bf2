/* bench_rate.c - requests per second, wicketd beside its anchors.
 *
 *   bench_rate wicketd BODY_FILE [CONNS [SECONDS [WAITING]]]
 *   bench_rate get URL [CONNS [SECONDS]]
 *   bench_rate sqlite DIR [SECONDS]
 *
 * wicketd: starts wicketd on the demo hall with the harness ($WICKETD),
 * issues WAITING tickets (default 20), then for SECONDS (default 5) each with CONNS
 * kept-alive connections (default 16): GET /api/v1/windows/1/queue (what a
 * counter reads), and POST /api/v1/tickets (a committed write each: a 2xx
 * means on disk); extra wicketd options in $BENCH_WICKETD_ARGS, and
 * $BENCH_RATE_NO_GET or $BENCH_RATE_NO_POST leave a half out (to profile
 * the other).  Writes the queue reply's body to BODY_FILE, for nginx
 * to serve as the read anchor.  Prints requests/s and the latency p50/p99.
 *
 * get: the same read loop against any URL (bench/rate.sh points it at a
 * private nginx serving BODY_FILE).
 *
 * sqlite: SQLite's own limit on this disk: one-row INSERT commits on one
 * connection in WAL mode with synchronous=FULL, as wicketd opens its
 * database, in DIR. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <curl/curl.h>
#include <sqlite3.h>

#include "bench_util.h"
#include "harness.h"

#define MAX_CONNS 64
#define MAX_SAMPLES 400000

static struct wd W;

struct load {
	const char *url;
	const char *token;        /* NULL: no Authorization */
	const char *body;         /* NULL: GET */
	double seconds;
	atomic_long ok, failed;
	double *lat;              /* ms per answered request, MAX_SAMPLES at most */
	atomic_long nlat;
};

static size_t sink(char *p, size_t size, size_t n, void *ud)
{
	(void)p; (void)ud;
	return size * n;
}

static void *load_thread(void *arg)
{
	struct load *l = arg;
	CURL *c = curl_easy_init();
	struct curl_slist *h = NULL;
	char line[128];
	if (l->token) {
		snprintf(line, sizeof line, "Authorization: Bearer %s", l->token);
		h = curl_slist_append(h, line);
	}
	h = curl_slist_append(h, "Content-Type: application/json");
	h = curl_slist_append(h, "Expect:");
	curl_easy_setopt(c, CURLOPT_URL, l->url);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, sink);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
	if (l->body)
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, l->body);
	double end = now_ms() + l->seconds * 1000;
	for (double t0 = now_ms(); t0 < end; t0 = now_ms()) {
		long code = 0;
		if (curl_easy_perform(c) == CURLE_OK)
			curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
		if (code >= 200 && code < 300) {
			atomic_fetch_add(&l->ok, 1);
			long i = atomic_fetch_add(&l->nlat, 1);
			if (i < MAX_SAMPLES)
				l->lat[i] = now_ms() - t0;
		} else {
			atomic_fetch_add(&l->failed, 1);
		}
	}
	curl_slist_free_all(h);
	curl_easy_cleanup(c);
	return NULL;
}

/* CPU seconds (user + system) process pid has used, or -1 (pid 0: none). */
static double cpu_seconds(pid_t pid)
{
	char path[64], buf[1024];
	if (pid <= 0)
		return -1;
	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	FILE *f = fopen(path, "r");
	if (!f)
		return -1;
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	const char *p = strrchr(buf, ')');
	unsigned long ut = 0, st = 0;
	/* after the name: state ppid pgrp session tty tpgid flags minflt
	 * cminflt majflt cmajflt utime stime */
	if (!p || sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &ut, &st) != 2)
		return -1;
	return (double)(ut + st) / (double)sysconf(_SC_CLK_TCK);
}

static pid_t server_pid;      /* whose CPU a run reports; 0 = none */

/* Run conns threads of l for l->seconds and print one line about it. */
static void load_run(const char *what, struct load *l, int conns)
{
	pthread_t t[MAX_CONNS];
	l->lat = calloc(MAX_SAMPLES, sizeof *l->lat);
	double cpu0 = cpu_seconds(server_pid);
	double t0 = now_ms();
	for (int i = 0; i < conns; i++)
		pthread_create(&t[i], NULL, load_thread, l);
	for (int i = 0; i < conns; i++)
		pthread_join(t[i], NULL);
	double secs = (now_ms() - t0) / 1000;
	long n = atomic_load(&l->nlat);
	if (n > MAX_SAMPLES)
		n = MAX_SAMPLES;
	double p50 = n ? pct(l->lat, (int)n, 50) : 0, p99 = n ? pct(l->lat, (int)n, 99) : 0;
	printf("%s: %.0f/s with %d connections (%ld ok, %ld failed); latency p50 %.2f ms, p99 %.2f ms\n",
	       what, (double)atomic_load(&l->ok) / secs, conns, atomic_load(&l->ok),
	       atomic_load(&l->failed), p50, p99);
	/* The server's own CPU per answer: what a busier machine does not change. */
	double cpu1 = cpu_seconds(server_pid);
	long done = atomic_load(&l->ok) + atomic_load(&l->failed);
	if (cpu0 >= 0 && cpu1 >= 0 && done > 0)
		printf("  server CPU per request: %.0f us (%.0f%% of a core)\n", 1e6 * (cpu1 - cpu0) / (double)done,
		       100 * (cpu1 - cpu0) / secs);
	free(l->lat);
}

static int run_wicketd(const char *body_file, int conns, double secs, int waiting)
{
	char args[512];
	snprintf(args, sizeof args, "--kiosk-tickets 0 %s",
		 getenv("BENCH_WICKETD_ARGS") ? getenv("BENCH_WICKETD_ARGS") : "");
	wd_start(&W, true, args);
	server_pid = W.pid;
	char *kiosk = wd_login(&W, "kiosk", 0), *clerk = wd_login(&W, "clerk1", 1);
	for (int i = 0; i < waiting; i++)
		cJSON_Delete(wd_call(&W, "POST", "/api/v1/tickets", kiosk, "{\"service\":\"SOC\"}", 201));
	struct resp r;
	if (http(&W, "GET", "/api/v1/windows/1/queue", clerk, NULL, NULL, &r) != 200) {
		fprintf(stderr, "bench_rate: GET /api/v1/windows/1/queue failed\n");
		return 1;
	}
	size_t len = strlen(r.body);
	FILE *f = fopen(body_file, "w");
	if (!f || fwrite(r.body, 1, len, f) != len || fclose(f)) {
		perror(body_file);
		return 1;
	}
	printf("the queue reply: %zu bytes (%d waiting)\n", len, waiting);
	resp_free(&r);
	char url[256];
	snprintf(url, sizeof url, "%s/api/v1/windows/1/queue", W.url);
	struct load get = { .url = url, .token = clerk, .seconds = secs };
	if (!getenv("BENCH_RATE_NO_GET"))
		load_run("wicketd GET /windows/1/queue", &get, conns);
	snprintf(url, sizeof url, "%s/api/v1/tickets", W.url);
	struct load post = { .url = url, .token = kiosk, .body = "{\"service\":\"SOC\"}", .seconds = secs };
	if (!getenv("BENCH_RATE_NO_POST"))
		load_run("wicketd POST /tickets (committed)", &post, conns);
	free(kiosk);
	free(clerk);
	wd_stop(&W);
	return 0;
}

static int run_sqlite(const char *dir, double secs)
{
	char path[512];
	snprintf(path, sizeof path, "%s/anchor.db", dir);
	sqlite3 *db;
	if (sqlite3_open(path, &db) != SQLITE_OK ||
	    sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
			 "CREATE TABLE IF NOT EXISTS t(id INTEGER PRIMARY KEY, v TEXT);", NULL, NULL, NULL)) {
		fprintf(stderr, "bench_rate: %s: %s\n", path, sqlite3_errmsg(db));
		return 1;
	}
	sqlite3_stmt *st;
	sqlite3_prepare_v2(db, "INSERT INTO t(v) VALUES('a ticket of about this size')", -1, &st, NULL);
	long n = 0;
	double t0 = now_ms(), end = t0 + secs * 1000;
	while (now_ms() < end) {
		sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
		sqlite3_step(st);
		sqlite3_reset(st);
		sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
		n++;
	}
	printf("SQLite alone (WAL, synchronous=FULL, one-row commits): %.0f commits/s\n",
	       n / ((now_ms() - t0) / 1000));
	sqlite3_finalize(st);
	sqlite3_close(db);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: bench_rate wicketd BODY_FILE [CONNS [SECONDS]] | get URL [CONNS [SECONDS]]"
			" | sqlite DIR [SECONDS]\n");
		return 2;
	}
	curl_global_init(CURL_GLOBAL_DEFAULT);
	int conns = argc > 3 ? atoi(argv[3]) : 16;
	double secs = argc > 4 ? atof(argv[4]) : 5;
	if (conns < 1 || conns > MAX_CONNS)
		conns = 16;
	if (strcmp(argv[1], "wicketd") == 0)
		return run_wicketd(argv[2], conns, secs, argc > 5 ? atoi(argv[5]) : 20);
	if (strcmp(argv[1], "get") == 0) {
		struct load get = { .url = argv[2], .seconds = secs };
		load_run("nginx GET of the same bytes (static file)", &get, conns);
		return 0;
	}
	if (strcmp(argv[1], "sqlite") == 0)
		return run_sqlite(argv[2], argc > 3 ? atof(argv[3]) : secs);
	fprintf(stderr, "bench_rate: unknown mode %s\n", argv[1]);
	return 2;
}
