/* bench_platform.c - a county's platform: two wicketd on one PostgreSQL
 * (issue 14), against one wicketd on SQLite.
 *
 *   bench_platform [WINDOWS [FLAT [PACED [PACE_MS [EVENTS [HALLS]]]]]]
 *                  (defaults 300 20 5 3000 200 20)
 *
 * Makes a hall of WINDOWS windows (tests/data/big-hall widened: one service
 * GEN, clerkN at window N), then:
 *
 * 1. PostgreSQL: starts a private PostgreSQL (tests/pg/pgtest.c: a socket
 *    in a temporary folder, fsync off), a database of it and two wicketd on
 *    it.  The WINDOWS windows are spread over HALLS halls (WINDOWS / HALLS
 *    each, the first WINDOWS % HALLS halls one more): hall 1 is the hall
 *    made above, its first windows in use and their tickets waiting; the
 *    other halls are added through the API (POST /halls with that many of
 *    hall 1's windows, POST /accounts?hall= their clerks cH-N and a kiosk
 *    kH), and each hall's kiosk issues its windows' tickets in it, FLAT +
 *    PACED a window.  Counting the windows hall by hall, the odd ones talk
 *    to the first wicketd, the even ones to the second (HALLS 1: the one
 *    hall of WINDOWS windows, as before halls).
 *    All windows open, wait at a start line, then each loops call -> start
 *    -> finish (one kept-alive connection each), FLAT tickets each, flat
 *    out: latency there is mostly the queue of 300 requests in flight
 *    (Little's law), so then PACED tickets each with a clerk's pause of
 *    0..2*PACE_MS ms (uniform) before every call, 1000 * WINDOWS / PACE_MS
 *    calls a second offered.  Prints calls per second and the client-side
 *    latency (p50, p99, max) of the call and of the finish, each round.
 * 2. The event latency across processes: a long-poll
 *    (GET /events?since=N&wait=30) parked on the second wicketd (its log
 *    says when it waits), then a call through the first; the time from
 *    sending the call to the long-poll's answer, EVENTS times.  The two
 *    run with --events-batch-ms 0 (the default 300 coalesces a burst of
 *    events into one answer and would be most of the figure).
 * 3. SQLite: one hall of WINDOWS windows (WINDOWS * (FLAT + PACED)
 *    tickets waiting) and the same two rounds on one wicketd (the database
 *    in $TMPDIR).
 *
 * Needs WICKETD and WICKET_TEST_DATA in the environment (bench/platform.sh
 * sets them).  Exits non-zero when a request fails or a ticket is not
 * called exactly once. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cjson/cJSON.h>
#include <curl/curl.h>

#include "bench_http.h"
#include "bench_util.h"
#include "harness.h"
#include "pgtest.h"
#include "wicket/common/buf.h"
#include "wicket/common/xalloc.h"

#define MAX_WINDOWS 2000
#define MAX_HALLS 500
#define HALL_PASSWORD "bench-pass-1"   /* the added halls' accounts' */
#define WD_ARGS " --login-failures 1000 --per-ip-connections 10000 --kiosk-tickets 0 --events-batch-ms 0"

/* ---- a kept-alive connection to one wicketd ---- */

static void client_init(struct client *cl, const struct wd *srv, const char *token)
{
	client_open(cl, token, "bench_platform");
	cl->srv = srv;
}

/* POST (post, with body: NULL = none) or GET path; returns the status (0
 * on a transport error) and leaves the parsed reply in cl->json. */
static long client_send(struct client *cl, bool post, const char *path, const char *body)
{
	char url[256];
	long status = 0;
	snprintf(url, sizeof url, "%s%s", cl->srv->url, path);
	buf_reset(&cl->body);
	cJSON_Delete(cl->json);
	cl->json = NULL;
	curl_easy_setopt(cl->c, CURLOPT_URL, url);
	if (post) {
		curl_easy_setopt(cl->c, CURLOPT_POST, 1L);
		curl_easy_setopt(cl->c, CURLOPT_POSTFIELDS, body ? body : "");
	} else {
		curl_easy_setopt(cl->c, CURLOPT_HTTPGET, 1L);
	}
	if (curl_easy_perform(cl->c) == CURLE_OK)
		curl_easy_getinfo(cl->c, CURLINFO_RESPONSE_CODE, &status);
	cl->json = cJSON_Parse(buf_str(&cl->body));
	return status;
}

static long client_req(struct client *cl, bool post, const char *path)
{
	return client_send(cl, post, path, NULL);
}

/* The wicketd running, killed when the benchmark exits early: they would
 * outlive it (and hold the pipe of a shell's `| tail`). */
static struct wd *running[3];

static void bench_kill_running(void)
{
	for (size_t i = 0; i < sizeof running / sizeof running[0]; i++)
		if (running[i] && running[i]->pid > 0)
			kill(running[i]->pid, SIGKILL);
}

static void die_reply(const char *what, long status, const struct client *cl)
{
	fprintf(stderr, "bench_platform: %s: %ld %s\n", what, status, buf_str(&cl->body));
	exit(1);
}

static void client_expect(struct client *cl, bool post, const char *path, long want)
{
	long st = client_req(cl, post, path);
	if (st != want)
		die_reply(path, st, cl);
}

/* ---- the hall ---- */

/* dir/demo/hall.json: big-hall's with windows 1..nwin (GEN each) and
 * clerkN at window N, the kiosk and the supervisor; matters.json as it is. */
static void hall_make(const char *dir, int nwin)
{
	char path[600];
	snprintf(path, sizeof path, "%s/big-hall/demo/hall.json", getenv("WICKET_TEST_DATA"));
	char *text = slurp(path);
	cJSON *hall = cJSON_Parse(text);
	free(text);
	if (!hall) {
		fprintf(stderr, "bench_platform: %s does not parse\n", path);
		exit(1);
	}
	cJSON *windows = cJSON_CreateArray(), *accounts = cJSON_CreateArray();
	for (int i = 1; i <= nwin; i++) {
		char name[32];
		cJSON *w = cJSON_CreateObject(), *a = cJSON_CreateObject();
		cJSON_AddNumberToObject(w, "no", i);
		snprintf(name, sizeof name, "w%d", i);
		cJSON_AddStringToObject(w, "name", name);
		cJSON_AddStringToObject(w, "zone", "A");
		cJSON_AddItemToObject(w, "services", cJSON_CreateStringArray((const char *[]){ "GEN" }, 1));
		cJSON_AddItemToArray(windows, w);
		snprintf(name, sizeof name, "clerk%d", i);
		cJSON_AddStringToObject(a, "user", name);
		snprintf(name, sizeof name, "窗口人员%d", i);
		cJSON_AddStringToObject(a, "name", name);
		cJSON_AddStringToObject(a, "role", "clerk");
		cJSON_AddItemToObject(a, "windows", cJSON_CreateIntArray((const int[]){ i }, 1));
		cJSON_AddItemToArray(accounts, a);
	}
	const char *others[][3] = { { "kiosk", "取号机", "kiosk" }, { "supervisor", "值班长", "supervisor" },
				    { "admin", "系统管理员", "admin" } };
	for (size_t k = 0; k < 3; k++) {
		cJSON *a = cJSON_CreateObject();
		cJSON_AddStringToObject(a, "user", others[k][0]);
		cJSON_AddStringToObject(a, "name", others[k][1]);
		cJSON_AddStringToObject(a, "role", others[k][2]);
		if (k < 2)
			cJSON_AddItemToObject(a, "windows", cJSON_CreateArray());
		cJSON_AddItemToArray(accounts, a);
	}
	cJSON_ReplaceItemInObjectCaseSensitive(hall, "windows", windows);
	cJSON_ReplaceItemInObjectCaseSensitive(hall, "accounts", accounts);
	char *out = cJSON_Print(hall);
	snprintf(path, sizeof path, "%s/demo", dir);
	mkdir(path, 0700);
	file_write(dir, "demo/hall.json", out, strlen(out));
	free(out);
	cJSON_Delete(hall);
	snprintf(path, sizeof path, "%s/big-hall/demo/matters.json", getenv("WICKET_TEST_DATA"));
	text = slurp(path);
	file_write(dir, "demo/matters.json", text, strlen(text));
	free(text);
}

/* Start w on the hall with tickets waiting (a new database: a file in
 * $TMPDIR, or one of the PostgreSQL named by WICKET_TEST_PG_HOST), then
 * again with the benchmark's options (wd_start_queue takes none). */
static void hall_start(struct wd *w, const char *hall, int tickets)
{
	const char *gen[] = { "GEN" };
	wd_start_queue(w, hall, gen, 1, tickets);
	size_t n = strlen(w->args);
	if (n + sizeof WD_ARGS > sizeof w->args) {
		fprintf(stderr, "bench_platform: arguments too long\n");
		exit(1);
	}
	memcpy(w->args + n, WD_ARGS, sizeof WD_ARGS);
	wd_term(w);
	wd_restart(w, NULL);
}

/* ---- the platform: windows spread over halls ---- */

/* Where the benchmark's windows are: window i (0-based, counted hall by
 * hall) is window no[i] of hall hall[i]; a hall's windows are 1..count[h]. */
struct layout {
	int nwin, halls;
	int hall[MAX_WINDOWS], no[MAX_WINDOWS];
	int count[MAX_HALLS + 1];
};

/* nwin windows over halls halls: nwin / halls each, the first nwin % halls
 * halls one more. */
static void layout_make(struct layout *l, int nwin, int halls)
{
	memset(l, 0, sizeof *l);
	l->nwin = nwin;
	l->halls = halls;
	for (int h = 1, i = 0; h <= halls; h++) {
		l->count[h] = nwin / halls + (h <= nwin % halls);
		for (int k = 1; k <= l->count[h]; k++, i++) {
			l->hall[i] = h;
			l->no[i] = k;
		}
	}
}

/* Sign in as user (with password, at window: 0 none); a malloc'd token. */
static char *bench_login(const struct wd *srv, const char *user, const char *password, int window)
{
	char body[256];
	struct client cl;
	client_init(&cl, srv, NULL);
	if (window > 0)
		snprintf(body, sizeof body, "{\"user\":\"%s\",\"password\":\"%s\",\"window\":%d}", user, password,
			 window);
	else
		snprintf(body, sizeof body, "{\"user\":\"%s\",\"password\":\"%s\"}", user, password);
	long st = client_send(&cl, true, "/api/v1/login", body);
	if (st != 200 || !jstr(cl.json, "token"))
		die_reply(user, st, &cl);
	char *token = xstrdup(jstr(cl.json, "token"));
	client_free(&cl);
	return token;
}

/* The clerk of the layout's window i, signed in to it through srv. */
static char *layout_login(const struct layout *l, int i, const struct wd *srv)
{
	char user[32];
	if (l->hall[i] == 1) {
		snprintf(user, sizeof user, "clerk%d", l->no[i]);
		return bench_login(srv, user, "demo", l->no[i]);
	}
	snprintf(user, sizeof user, "c%d-%d", l->hall[i], l->no[i]);
	return bench_login(srv, user, HALL_PASSWORD, l->no[i]);
}

static void hall_account(struct client *admin, int hall, const char *user, const char *role, int window)
{
	char path[64], body[256], windows[32] = "";
	snprintf(path, sizeof path, "/api/v1/accounts?hall=H%d", hall);
	if (window)
		snprintf(windows, sizeof windows, ",\"windows\":[%d]", window);
	snprintf(body, sizeof body, "{\"user\":\"%s\",\"name\":\"%s\",\"role\":\"%s\",\"password\":\""
		 HALL_PASSWORD "\"%s}", user, user, role, windows);
	long st = client_send(admin, true, path, body);
	if (st != 201)
		die_reply(path, st, admin);
}

struct issuer {
	const struct wd *srv;
	int hall, tickets;
};

/* Hall is->hall's kiosk issues is->tickets GEN tickets there. */
static void *issuer_run(void *arg)
{
	struct issuer *is = arg;
	char user[32];
	snprintf(user, sizeof user, "k%d", is->hall);
	char *token = bench_login(is->srv, user, HALL_PASSWORD, 0);
	struct client cl;
	client_init(&cl, is->srv, token);
	for (int i = 0; i < is->tickets; i++) {
		long st = client_send(&cl, true, "/api/v1/tickets", "{\"service\":\"GEN\"}");
		if (st != 201)
			die_reply("issue", st, &cl);
	}
	client_free(&cl);
	free(token);
	return NULL;
}

/* Halls 2.. of the layout added through a by hall 1's administrator, each
 * with its windows' clerks and a kiosk. */
static void halls_add(const struct layout *l, const struct wd *a)
{
	if (l->halls < 2)
		return;
	double t0 = now_ms();
	char *token = bench_login(a, "admin", "demo", 0);
	struct client admin;
	client_init(&admin, a, token);
	for (int h = 2; h <= l->halls; h++) {
		char body[200], user[32];
		snprintf(body, sizeof body, "{\"code\":\"H%d\",\"name\":\"第%d乡镇便民服务中心\",\"level\":\"township\","
			 "\"windows\":%d}", h, h, l->count[h]);
		long st = client_send(&admin, true, "/api/v1/halls", body);
		if (st != 201)
			die_reply("/api/v1/halls", st, &admin);
		snprintf(user, sizeof user, "k%d", h);
		hall_account(&admin, h, user, "kiosk", 0);
		for (int k = 1; k <= l->count[h]; k++) {
			snprintf(user, sizeof user, "c%d-%d", h, k);
			hall_account(&admin, h, user, "clerk", k);
		}
	}
	client_free(&admin);
	free(token);
	fprintf(stderr, "bench_platform: %d halls added (%.1f s)\n", l->halls - 1, (now_ms() - t0) / 1e3);
}

/* Each of halls 2.. of the layout's kiosk issues per_window tickets a window
 * there, the halls side by side, half through a and half through b. */
static void halls_issue(const struct layout *l, const struct wd *a, const struct wd *b, int per_window)
{
	if (l->halls < 2)
		return;
	double t0 = now_ms();
	struct issuer *is = xcalloc((size_t)l->halls + 1, sizeof *is);
	pthread_t *th = xcalloc((size_t)l->halls + 1, sizeof *th);
	for (int h = 2; h <= l->halls; h++) {
		is[h] = (struct issuer){ .srv = h % 2 ? a : b, .hall = h, .tickets = l->count[h] * per_window };
		if (pthread_create(&th[h], NULL, issuer_run, &is[h])) {
			fprintf(stderr, "bench_platform: cannot start hall %d's kiosk\n", h);
			exit(1);
		}
	}
	for (int h = 2; h <= l->halls; h++)
		pthread_join(th[h], NULL);
	fprintf(stderr, "bench_platform: the tickets of %d halls issued (%.1f s)\n", l->halls - 1,
		(now_ms() - t0) / 1e3);
	free(is);
	free(th);
}

/* ---- the load: every window calling at once ---- */

struct window {
	int no;
	const struct wd *srv;
	char *token;
	double *call_ms, *finish_ms;
	int n, quota;             /* calls made, to make */
	int pace_ms;              /* 0: flat out; else a pause of 0..2*pace_ms before each call */
	unsigned seed;
};

/* A clerk's pause before the next call: uniform in 0..2*pace_ms. */
static void window_pause(struct window *w)
{
	if (w->pace_ms <= 0)
		return;
	long ms = (long)(rand_r(&w->seed) % (unsigned)(2 * w->pace_ms + 1));
	nanosleep(&(struct timespec){ .tv_sec = ms / 1000, .tv_nsec = ms % 1000 * 1000000 }, NULL);
}

static pthread_barrier_t start_line;

static void *window_run(void *arg)
{
	struct window *w = arg;
	struct client cl;
	char call[64], path[96];
	client_init(&cl, w->srv, w->token);
	snprintf(path, sizeof path, "/api/v1/windows/%d/open", w->no);
	long st = client_req(&cl, true, path);
	if (st != 200 && st != 409)           /* 409: open since the last round */
		die_reply(path, st, &cl);
	snprintf(call, sizeof call, "/api/v1/windows/%d/call", w->no);
	pthread_barrier_wait(&start_line);
	while (w->n < w->quota) {
		window_pause(w);
		double t0 = now_ms();
		st = client_req(&cl, true, call);
		double t1 = now_ms();
		if (st != 200)
			die_reply(call, st, &cl);
		long long id = (long long)cJSON_GetObjectItem(cl.json, "id")->valuedouble;
		snprintf(path, sizeof path, "/api/v1/tickets/%lld/start", id);
		client_expect(&cl, true, path, 200);
		snprintf(path, sizeof path, "/api/v1/tickets/%lld/finish", id);
		double t2 = now_ms();
		client_expect(&cl, true, path, 200);
		w->call_ms[w->n] = t1 - t0;
		w->finish_ms[w->n++] = now_ms() - t2;
	}
	client_free(&cl);
	return NULL;
}

static void print_lat(const char *what, double *v, int n)
{
	if (n == 0)
		return;
	double p50 = pct(v, n, 50), p99 = pct(v, n, 99);
	printf("  %-8s p50 %6.2f ms  p99 %7.2f ms  max %7.2f ms\n", what, p50, p99, v[n - 1]);
}

/* The layout's windows calling quota tickets each through a (odd windows)
 * and b (even ones; b may be NULL: all through a), flat out or at a pace. */
static void load_run(const char *label, const struct wd *a, const struct wd *b, const struct layout *l,
		     int quota, int pace_ms)
{
	int nwin = l->nwin, tickets = nwin * quota;
	struct window *win = xcalloc((size_t)nwin, sizeof *win);
	pthread_t *th = xcalloc((size_t)nwin, sizeof *th);
	pthread_attr_t attr;
	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, 256 << 10);
	pthread_barrier_init(&start_line, NULL, (unsigned)nwin + 1);
	double tl = now_ms();
	for (int i = 0; i < nwin; i++) {
		const struct wd *srv = b && (i + 1) % 2 == 0 ? b : a;
		win[i] = (struct window){ .no = l->no[i], .srv = srv, .token = layout_login(l, i, srv),
					  .quota = quota, .pace_ms = pace_ms, .seed = (unsigned)i * 7919u + 1,
					  .call_ms = xcalloc((size_t)quota, sizeof(double)),
					  .finish_ms = xcalloc((size_t)quota, sizeof(double)) };
	}
	fprintf(stderr, "bench_platform: %d clerks signed in (%.1f s)\n", nwin, (now_ms() - tl) / 1e3);
	for (int i = 0; i < nwin; i++)
		if (pthread_create(&th[i], &attr, window_run, &win[i])) {
			fprintf(stderr, "bench_platform: cannot start window %d's thread\n", i + 1);
			exit(1);
		}
	pthread_barrier_wait(&start_line);
	double t0 = now_ms();
	for (int i = 0; i < nwin; i++)
		pthread_join(th[i], NULL);
	double seconds = (now_ms() - t0) / 1e3;

	int total = 0, busy = 0;
	for (int i = 0; i < nwin; i++) {
		total += win[i].n;
		busy += win[i].n > 0;
	}
	double *calls = xcalloc((size_t)total + 1, sizeof *calls), *finishes = xcalloc((size_t)total + 1, sizeof *finishes);
	int n = 0;
	for (int i = 0; i < nwin; i++)
		for (int k = 0; k < win[i].n; k++, n++) {
			calls[n] = win[i].call_ms[k];
			finishes[n] = win[i].finish_ms[k];
		}
	if (pace_ms)
		printf("%s, paced (a call every %.1f s a window on average, %.0f calls/s offered):\n  "
		       "%d hall%s, %d windows (%d served), %d tickets, %.2f s, %.0f calls/s\n", label,
		       pace_ms / 1e3, nwin * 1e3 / pace_ms, l->halls, l->halls == 1 ? "" : "s", nwin, busy, total,
		       seconds, total / seconds);
	else
		printf("%s, flat out (every window calls again at once):\n  %d hall%s, "
		       "%d windows (%d served), %d tickets, %.2f s, %.0f calls/s (each with its start and finish)\n",
		       label, l->halls, l->halls == 1 ? "" : "s", nwin, busy, total, seconds, total / seconds);
	print_lat("call", calls, n);
	print_lat("finish", finishes, n);
	fflush(stdout);
	if (total != tickets) {
		fprintf(stderr, "bench_platform: %d calls for %d tickets\n", total, tickets);
		exit(1);
	}
	for (int i = 0; i < nwin; i++) {
		free(win[i].token);
		free(win[i].call_ms);
		free(win[i].finish_ms);
	}
	free(calls);
	free(finishes);
	free(win);
	free(th);
	pthread_barrier_destroy(&start_line);
	pthread_attr_destroy(&attr);
}

/* ---- events across processes ---- */

struct poll_job {
	struct client *cl;
	int64_t since;
	long status;
	double answered;          /* now_ms() when the answer came */
	int64_t ticket;           /* of its first ticket.called event, -1 when none */
};

static void *poll_run(void *arg)
{
	struct poll_job *j = arg;
	char path[96];
	snprintf(path, sizeof path, "/api/v1/events?since=%lld&wait=30", (long long)j->since);
	j->status = client_req(j->cl, false, path);
	j->answered = now_ms();
	j->ticket = -1;
	const cJSON *e;
	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(j->cl->json, "events"))
		if (jstr(e, "kind") && strcmp(jstr(e, "kind"), "ticket.called") == 0) {
			j->ticket = (int64_t)jnum(e, "ticket");
			break;
		}
	return NULL;
}

/* Follow b's feed from since until the event kind of ticket has come;
 * returns the feed's last then.  (Not GET /events without since: the
 * newest seq a wicketd knows is cached, and the other one's changes reach
 * it with their NOTIFY, so it may lag a change already acknowledged.) */
static int64_t events_until(struct client *cl, int64_t since, const char *kind, int64_t ticket)
{
	for (;;) {
		char path[96];
		snprintf(path, sizeof path, "/api/v1/events?since=%lld&wait=10", (long long)since);
		client_expect(cl, false, path, 200);
		since = (int64_t)jnum(cl->json, "last");
		const cJSON *e;
		cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(cl->json, "events"))
			if (jstr(e, "kind") && strcmp(jstr(e, "kind"), kind) == 0 && (int64_t)jnum(e, "ticket") == ticket)
				return since;
	}
}

/* n calls at window 1 through a, each seen by a long-poll parked on b
 * (which is restarted logging at debug level: the line that says a
 * long-poll waits is the signal to call). */
static void events_run(struct wd *a, struct wd *b, int n)
{
	snprintf(b->log, sizeof b->log, "%s/wicketd.log", b->dir);
	wd_restart_logging(b, NULL, b->log);
	char *kiosk = wd_login(a, "kiosk", 0), *clerk = wd_login(a, "clerk1", 1);
	char *sup = wd_login(b, "supervisor", 0);
	struct client ck, cc, cp;
	client_init(&ck, a, kiosk);
	client_init(&cc, a, clerk);
	client_init(&cp, b, sup);
	client_expect(&cp, false, "/api/v1/events", 200);
	int64_t since = (int64_t)jnum(cp.json, "last"), issued = 0;
	for (int i = 0; i < n; i++) {
		long st = client_send(&ck, true, "/api/v1/tickets", "{\"service\":\"GEN\"}");
		if (st != 201)
			die_reply("issue", st, &ck);
		issued = (int64_t)jnum(ck.json, "id");
	}
	since = events_until(&cp, since, "ticket.issued", issued);
	double *lat = xcalloc((size_t)n, sizeof *lat);
	int wrong = 0;
	for (int i = 0; i < n; i++) {
		char line[96];
		struct poll_job job = { .cl = &cp, .since = since };
		int parked = wd_parked_count(b, job.since);
		pthread_t th;
		pthread_create(&th, NULL, poll_run, &job);
		wd_log_wait(b, wd_parked_line(job.since, line, sizeof line), parked + 1, 30000);
		double t0 = now_ms();
		client_expect(&cc, true, "/api/v1/windows/1/call", 200);
		int64_t id = (int64_t)jnum(cc.json, "id");
		pthread_join(th, NULL);
		if (job.status != 200)
			die_reply("the long-poll", job.status, &cp);
		lat[i] = job.answered - t0;
		if (job.ticket != id) {
			wrong++;
			fprintf(stderr, "bench_platform: call %d: ticket %lld called; the long-poll after %lld answered %s\n",
				i + 1, (long long)id, (long long)job.since, buf_str(&cp.body));
		}
		char path[96];
		snprintf(path, sizeof path, "/api/v1/tickets/%lld/start", (long long)id);
		client_expect(&cc, true, path, 200);
		snprintf(path, sizeof path, "/api/v1/tickets/%lld/finish", (long long)id);
		client_expect(&cc, true, path, 200);
		since = events_until(&cp, (int64_t)jnum(cp.json, "last"), "ticket.finished", id);
	}
	printf("events across processes (call on A -> long-poll on B answered), %d calls:\n", n);
	print_lat("event", lat, n);
	if (wrong) {
		fprintf(stderr, "bench_platform: %d long-polls did not answer with their call's ticket\n", wrong);
		exit(1);
	}
	fflush(stdout);
	free(lat);
	client_free(&ck);
	client_free(&cc);
	client_free(&cp);
	free(kiosk);
	free(clerk);
	free(sup);
}

int main(int argc, char **argv)
{
	int nwin = argc > 1 ? atoi(argv[1]) : 300;
	int flat = argc > 2 ? atoi(argv[2]) : 20;
	int paced = argc > 3 ? atoi(argv[3]) : 5;
	int pace_ms = argc > 4 ? atoi(argv[4]) : 3000;
	int events = argc > 5 ? atoi(argv[5]) : 200;
	int halls = argc > 6 ? atoi(argv[6]) : 20;
	if (argc > 7 || nwin < 2 || nwin > MAX_WINDOWS || flat < 1 || paced < 0 || pace_ms < 1 || events < 0 ||
	    halls < 1 || halls > MAX_HALLS || halls > nwin || !getenv("WICKET_TEST_DATA") || !getenv("WICKETD")) {
		fprintf(stderr, "usage: bench_platform [WINDOWS (2-%d) [FLAT [PACED [PACE_MS [EVENTS [HALLS (1-%d, "
			"at most WINDOWS)]]]]]]\n"
			"needs WICKETD and WICKET_TEST_DATA in the environment (see bench/platform.sh)\n",
			MAX_WINDOWS, MAX_HALLS);
		return 2;
	}
	int tickets = nwin * (flat + paced);
	static struct layout county, one;
	layout_make(&county, nwin, halls);
	layout_make(&one, nwin, 1);
	signal(SIGPIPE, SIG_IGN);
	curl_global_init(CURL_GLOBAL_DEFAULT);
	char hall[256], err[1024];
	tmp_make(hall, sizeof hall);
	hall_make(hall, nwin);

	struct pgt p;
	if (pgt_start(&p, err, sizeof err)) {
		fprintf(stderr, "bench_platform: PostgreSQL did not start: %s\n", err);
		return 1;
	}
	setenv("WICKET_TEST_PG_HOST", p.dir, 1);
	setenv("WICKET_TEST_PG_USER", p.user, 1);
	static struct wd a, b, s;
	running[0] = &a;
	running[1] = &b;
	running[2] = &s;
	atexit(bench_kill_running);
	hall_start(&a, hall, county.count[1] * (flat + paced));
	/* A wicketd learns the platform's halls when it starts: b after the
	 * halls are added through a. */
	halls_add(&county, &a);
	wd_start_beside(&b, &a, a.args);
	halls_issue(&county, &a, &b, flat + paced);
	printf("PostgreSQL in %s (fsync off), two wicketd on one database; ", p.dir);
	if (halls == 1)
		printf("one hall of %d windows", nwin);
	else
		printf("%d halls, %d windows each", halls, county.count[halls]);
	if (nwin % halls)
		printf(" (%d in the first %d)", county.count[1], nwin % halls);
	printf("\n");
	load_run("PostgreSQL, 2 wicketd", &a, &b, &county, flat, 0);
	if (paced)
		load_run("PostgreSQL, 2 wicketd", &a, &b, &county, paced, pace_ms);
	if (events > 0)
		events_run(&a, &b, events);
	wd_stop(&b);
	wd_stop(&a);
	unsetenv("WICKET_TEST_PG_HOST");
	pgt_stop(&p);

	hall_start(&s, hall, tickets);
	printf("SQLite in %s, one wicketd\n", s.dir);
	load_run("SQLite, 1 wicketd", &s, NULL, &one, flat, 0);
	if (paced)
		load_run("SQLite, 1 wicketd", &s, NULL, &one, paced, pace_ms);
	wd_stop(&s);
	tmp_remove(hall);
	curl_global_cleanup();
	return 0;
}
