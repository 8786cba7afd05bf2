/* test_platform.c - two wicketd on one PostgreSQL as a county's platform
 * (issue 14): what one process does the other shows, and the platform
 * survives the loss of either process or of PostgreSQL itself.
 *
 * (a) A call made through wicketd A is the answer of a long-poll parked on
 *     wicketd B (B's debug log says when the long-poll waits: then the call
 *     is made, and the answer awaited; its event names the called ticket).
 * (b) Ten windows call, start and finish tickets, five through A and five
 *     through B; once a third of the queue is called, A is SIGKILLed.  Its
 *     clerks carry on through B, sending the request whose answer was lost
 *     again with the same Idempotency-Key (docs/api.md, Retries): a replay
 *     when it had been committed, a fresh run when not.  Then every call
 *     acknowledged (200) is in the database as that window's ticket, done;
 *     no ticket was called twice (its ticket.called events) nor by two
 *     windows; every ticket was called.
 * (c) The same load with PostgreSQL restarted (a fast shutdown, then a
 *     start on the same data) once a third is called: the test's own
 *     PostgreSQL (tests/pg/pgtest.c), not the suite's.  The clerks send
 *     what got no answer or a 5xx again, with the same key, backing off
 *     10 ms between tries (as a counter client does) for at most 30 s:
 *     wicketd must come back by itself, its writes and the events between
 *     the two processes both.  Then the same guarantee, and a call through
 *     A is again the answer of a long-poll parked on B.
 * (d) A drill is the platform's: made through A (its sandbox a schema of
 *     the database), its trainee signs in and serves through B; an
 *     applicant the trainer releases through A is the answer of the
 *     trainee's long-poll parked on B, the trainee's call through B is in
 *     the drill's state read through A, the hall's own feed and queue know
 *     nothing of it, and the drill finished through A ends the trainee's
 *     session on B.
 *
 * The suite runs on PostgreSQL only (tests/pg/on/test_platform.pg); on
 * SQLite (one process, one file) it is skipped.  Worker threads record what
 * they saw; the main thread asserts (cmocka's assertions longjmp). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <curl/curl.h>
#include <libpq-fe.h>

#include "harness.h"
#include "pgtest.h"
#include "wicket/common/xalloc.h"

#define WINDOWS 10
#define TICKETS 600
#define RETRY_MS 30000            /* how long a clerk keeps sending one request again */
#define WD_ARGS " --login-failures 1000 --per-ip-connections 1000 --kiosk-tickets 0"

static struct wd A, B;
static struct pgt own_pg;          /* (c)'s PostgreSQL */

/* ---- the pair of wicketd ---- */

/* A on big-hall with TICKETS waiting, B beside it on the same database,
 * logging at debug level into B.log (the long-polls' waiting lines). */
static void pair_start(void)
{
	char src[512];
	const char *gen[] = { "GEN" };
	snprintf(src, sizeof src, "%s/big-hall", getenv("WICKET_TEST_DATA"));
	wd_start_queue(&A, src, gen, 1, TICKETS);
	size_t n = strlen(A.args);
	assert_true(n + sizeof WD_ARGS <= sizeof A.args);
	memcpy(A.args + n, WD_ARGS, sizeof WD_ARGS);
	assert_int_equal(wd_term(&A), 0);
	wd_restart(&A, NULL);
	wd_start_beside(&B, &A, A.args);
	snprintf(B.log, sizeof B.log, "%s/wicketd.log", B.dir);
	wd_restart_logging(&B, NULL, B.log);
}

static int setup(void **state)
{
	(void)state;
	pair_start();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	wd_stop(&B);
	wd_stop(&A);
	return 0;
}

/* (c): the pair on a database of a PostgreSQL of the test's own, which it
 * may restart; the harness makes its databases where WICKET_TEST_PG_HOST
 * says, so that names it for the while. */
static int setup_own_pg(void **state)
{
	char err[1024], host[256] = "", user[64] = "";
	if (pgt_start(&own_pg, err, sizeof err))
		fail_msg("the test's PostgreSQL did not start: %s", err);
	snprintf(host, sizeof host, "%s", getenv("WICKET_TEST_PG_HOST"));
	snprintf(user, sizeof user, "%s", getenv("WICKET_TEST_PG_USER") ? getenv("WICKET_TEST_PG_USER") : "");
	setenv("WICKET_TEST_PG_HOST", own_pg.dir, 1);
	setenv("WICKET_TEST_PG_USER", own_pg.user, 1);
	setup(state);
	setenv("WICKET_TEST_PG_HOST", host, 1);
	if (user[0])
		setenv("WICKET_TEST_PG_USER", user, 1);
	return 0;
}

static int teardown_own_pg(void **state)
{
	teardown(state);
	pgt_stop(&own_pg);
	return 0;
}

/* ---- a long-poll parked on B, answered by a call through A ---- */

struct poll_job {
	const char *token;
	int64_t since;
	struct resp r;
};

static void *poll_run(void *arg)
{
	struct poll_job *j = arg;
	char path[96];
	snprintf(path, sizeof path, "/api/v1/events?since=%lld&wait=20", (long long)j->since);
	http(&B, "GET", path, j->token, NULL, NULL, &j->r);
	return NULL;
}

/* Follow B's feed from since until the ticket.issued event of ticket has
 * come; returns the feed's last then.  (Not GET /events without since:
 * the newest seq a wicketd knows is cached, and A's changes reach B with
 * their NOTIFY, so B's may lag a change A has acknowledged.) */
static int64_t feed_until_issued(const char *token, int64_t since, int64_t ticket)
{
	for (bool seen = false; !seen;) {
		char path[96];
		snprintf(path, sizeof path, "/api/v1/events?since=%lld&wait=20", (long long)since);
		cJSON *j = wd_call(&B, "GET", path, token, NULL, 200);
		const cJSON *e, *events = cJSON_GetObjectItemCaseSensitive(j, "events");
		if (cJSON_GetArraySize(events) == 0)
			fail_msg("B's feed never had the ticket %lld issued through A", (long long)ticket);
		cJSON_ArrayForEach(e, events)
			seen = seen || (jstr(e, "kind") && strcmp(jstr(e, "kind"), "ticket.issued") == 0 &&
					(int64_t)jnum(e, "ticket") == ticket);
		since = (int64_t)jnum(j, "last");
		cJSON_Delete(j);
	}
	return since;
}

/* Issue a ticket and call it at window 1 through A while a long-poll waits
 * on B; the long-poll's answer must be the call's ticket.called event. */
static void check_event_crosses(void)
{
	char *kiosk = wd_login(&A, "kiosk", 0), *clerk = wd_login(&A, "clerk1", 1);
	char *sup = wd_login(&B, "supervisor", 0), line[96];
	struct resp r;
	http(&A, "POST", "/api/v1/windows/1/open", clerk, NULL, NULL, &r);
	assert_true(r.status == 200 || r.status == 409);       /* 409: open already */
	resp_free(&r);
	cJSON *j = wd_call(&B, "GET", "/api/v1/events", sup, NULL, 200);
	int64_t since = (int64_t)jnum(j, "last");
	cJSON_Delete(j);
	j = wd_call(&A, "POST", "/api/v1/tickets", kiosk, "{\"service\":\"GEN\"}", 201);
	struct poll_job job = { .token = sup, .since = feed_until_issued(sup, since, (int64_t)jnum(j, "id")) };
	cJSON_Delete(j);
	int parked = wd_parked_count(&B, job.since);
	pthread_t th;
	assert_int_equal(pthread_create(&th, NULL, poll_run, &job), 0);
	wd_log_wait(&B, wd_parked_line(job.since, line, sizeof line), parked + 1, 20000);
	j = wd_call(&A, "POST", "/api/v1/windows/1/call", clerk, NULL, 200);
	int64_t id = (int64_t)jnum(j, "id");
	cJSON_Delete(j);
	pthread_join(th, NULL);
	assert_int_equal(job.r.status, 200);
	const cJSON *e, *called = NULL;
	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(job.r.json, "events"))
		if (jstr(e, "kind") && strcmp(jstr(e, "kind"), "ticket.called") == 0)
			called = e;
	if (!called)
		fail_msg("the long-poll on B answered without the call made through A: %s", job.r.body);
	assert_int_equal((int64_t)jnum(called, "ticket"), id);
	assert_int_equal((int)jnum(called, "window"), 1);
	resp_free(&job.r);
	free(kiosk);
	free(clerk);
	free(sup);
}

/* ---- (c') a session looked up while PostgreSQL is away ---- */

/* A clerk's request while the database is down is not "unknown session":
 * 503 (try again), not 401, which would send the clerk back to sign in;
 * once PostgreSQL is back the same token works.  (A fresh token: no
 * wicketd has it in its session cache yet.) */
static void test_session_during_outage(void **state)
{
	(void)state;
	char *clerk = wd_login(&A, "clerk2", 2), err[1024];
	pgt_halt(&own_pg);
	struct resp r;
	http(&A, "GET", "/api/v1/me", clerk, NULL, NULL, &r);
	long during = r.status;
	resp_free(&r);
	if (pgt_restart(&own_pg, SIGINT, err, sizeof err))
		fail_msg("PostgreSQL did not start again: %s", err);
	assert_int_equal(during, 503);
	/* Back: the writer and the reads reconnect at the next try. */
	long after = 0;
	for (int i = 0; i < 100 && after != 200; i++) {
		http(&A, "GET", "/api/v1/me", clerk, NULL, NULL, &r);
		after = r.status;
		resp_free(&r);
		if (after != 200)
			nanosleep(&(struct timespec){ .tv_nsec = 10 * 1000000 }, NULL);
	}
	assert_int_equal(after, 200);
	free(clerk);
}

/* ---- (d) a drill served by both ---- */

/* A on the demo hall (its drill scenarios, trainer and clerks), B beside
 * it logging at debug level. */
static int setup_demo(void **state)
{
	(void)state;
	wd_start(&A, true, NULL);
	wd_start_beside(&B, &A, A.args);
	snprintf(B.log, sizeof B.log, "%s/wicketd.log", B.dir);
	wd_restart_logging(&B, NULL, B.log);
	return 0;
}

/* The event of kind in a feed's reply, or NULL. */
static const cJSON *event_of(const cJSON *reply, const char *kind)
{
	const cJSON *e;
	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(reply, "events"))
		if (jstr(e, "kind") && strcmp(jstr(e, "kind"), kind) == 0)
			return e;
	return NULL;
}

static void test_drill_across_processes(void **state)
{
	(void)state;
	char *trainer = wd_login(&A, "trainer", 0), *sup = wd_login(&A, "supervisor", 0);
	char body[160], path[96], line[96], code[8];
	cJSON *j = wd_call(&A, "GET", "/api/v1/events", sup, NULL, 200);
	int64_t hall_last = (int64_t)jnum(j, "last");
	cJSON_Delete(j);
	j = wd_call(&A, "POST", "/api/v1/drills", trainer, "{\"scenario\":\"dissatisfied\",\"trainees\":[\"clerk1\"]}",
		    201);
	int id = (int)jnum(j, "id");
	snprintf(code, sizeof code, "%s", jstr(j, "code"));
	cJSON_Delete(j);
	/* The trainee signs in through B. */
	snprintf(body, sizeof body, "{\"user\":\"clerk1\",\"password\":\"demo\",\"drill\":\"%s\"}", code);
	j = wd_call(&B, "POST", "/api/v1/login", NULL, body, 200);
	char *trainee = xstrdup(jstr(j, "token"));
	int window = cJSON_GetArrayItem(cJSON_GetObjectItem(j, "windows"), 0)->valueint;
	cJSON_Delete(j);
	snprintf(path, sizeof path, "/api/v1/windows/%d/open", window);
	cJSON_Delete(wd_call(&B, "POST", path, trainee, NULL, 200));
	/* Its feed parked on B; the trainer releases an applicant through A. */
	j = wd_call(&B, "GET", "/api/v1/events", trainee, NULL, 200);
	struct poll_job job = { .token = trainee, .since = (int64_t)jnum(j, "last") };
	cJSON_Delete(j);
	int parked = wd_parked_count(&B, job.since);
	pthread_t th;
	assert_int_equal(pthread_create(&th, NULL, poll_run, &job), 0);
	wd_log_wait(&B, wd_parked_line(job.since, line, sizeof line), parked + 1, 20000);
	snprintf(path, sizeof path, "/api/v1/drills/%d/release", id);
	cJSON_Delete(wd_call(&A, "POST", path, trainer, NULL, 200));
	pthread_join(th, NULL);
	assert_int_equal(job.r.status, 200);
	const cJSON *issued = event_of(job.r.json, "ticket.issued");
	if (!issued)
		fail_msg("the trainee's long-poll on B answered without the applicant released through A: %s",
			 job.r.body);
	int64_t ticket = (int64_t)jnum(issued, "ticket");
	resp_free(&job.r);
	/* The trainee calls it through B; the trainer sees it through A. */
	snprintf(path, sizeof path, "/api/v1/windows/%d/call", window);
	j = wd_call(&B, "POST", path, trainee, NULL, 200);
	assert_int_equal((int64_t)jnum(j, "id"), ticket);
	cJSON_Delete(j);
	snprintf(path, sizeof path, "/api/v1/drills/%d", id);
	j = wd_call(&A, "GET", path, trainer, NULL, 200);
	const cJSON *tk = cJSON_GetArrayItem(cJSON_GetObjectItem(
		cJSON_GetArrayItem(cJSON_GetObjectItem(j, "applicants"), 0), "tickets"), 0);
	assert_non_null(tk);
	assert_int_equal((int64_t)jnum(tk, "ticket"), ticket);
	assert_string_equal(jstr(tk, "status"), "called");
	cJSON_Delete(j);
	/* The hall's own feed had nothing of it. */
	snprintf(path, sizeof path, "/api/v1/events?since=%lld", (long long)hall_last);
	j = wd_call(&B, "GET", path, sup, NULL, 200);
	assert_null(event_of(j, "ticket.issued"));
	assert_null(event_of(j, "ticket.called"));
	cJSON_Delete(j);
	/* Finished through A: the trainee's session on B is over. */
	snprintf(path, sizeof path, "/api/v1/drills/%d/finish", id);
	int heard = wd_log_count(&B, "sessions were ended by a wicketd");
	cJSON_Delete(wd_call(&A, "POST", path, trainer, NULL, 200));
	/* B kept the session a few seconds; it forgets it when told (NOTIFY). */
	wd_log_wait(&B, "sessions were ended by a wicketd", heard + 1, 20000);
	struct resp r;
	http(&B, "GET", "/api/v1/me", trainee, NULL, NULL, &r);
	assert_int_equal(r.status, 401);
	resp_free(&r);
	free(trainee);
	free(trainer);
	free(sup);
}

static void test_event_crosses_processes(void **state)
{
	(void)state;
	check_event_crosses();
}

/* ---- windows calling while something fails ---- */

enum mishap { KILL_A, RESTART_PG };

struct window {
	int no;
	const struct wd *srv;      /* the wicketd it talks to */
	const struct wd *other;    /* where it goes when srv stops answering (NULL: nowhere) */
	char *token;
	int64_t acked[TICKETS];    /* the tickets its calls were answered 200 with, in order */
	int nacked;
	bool moved;                /* it went to other */
	int after_move;            /* calls acknowledged since */
	int retries;               /* requests sent again with their key */
	int replays;               /* answers with Idempotent-Replayed */
	int seq;                   /* its requests so far: their keys */
	char error[512];
};

static pthread_mutex_t progress_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t progress_cond = PTHREAD_COND_INITIALIZER;
static int progress;               /* calls acknowledged, all windows */
static int finished;               /* windows whose loop ended */

static void progress_add(int *counter)
{
	pthread_mutex_lock(&progress_lock);
	(*counter)++;
	pthread_cond_broadcast(&progress_cond);
	pthread_mutex_unlock(&progress_lock);
}

static double mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* Sign w's clerk in again on w->srv (a token is good on either process: the
 * sessions are in the database; this is for a 401 all the same).  The
 * token stays when the sign-in fails. */
static void window_relogin(struct window *w)
{
	char body[128];
	struct resp r;
	snprintf(body, sizeof body, "{\"user\":\"clerk%d\",\"password\":\"demo\",\"window\":%d}", w->no, w->no);
	if (http(w->srv, "POST", "/api/v1/login", NULL, body, NULL, &r) == 200) {
		free(w->token);
		w->token = strdup(jstr(r.json, "token"));
	}
	resp_free(&r);
}

/* POST path with a key of its own, sent again with the same key while no
 * answer comes, a 5xx does, or a 401 (the clerk is signed in again first:
 * a wicketd that cannot read its sessions says so): through w->other once
 * when there is one, else to the same wicketd, 10 ms apart (a client's
 * back-off: no signal says when a wicketd is back) for RETRY_MS at most.
 * Returns the last status, with its reply in r. */
static long window_post(struct window *w, const char *path, struct resp *r)
{
	char key[48];
	snprintf(key, sizeof key, "platform-w%d-%d", w->no, ++w->seq);
	double give_up = mono_ms() + RETRY_MS;
	for (;;) {
		long st = http(w->srv, "POST", path, w->token, NULL, key, r);
		if (st != 0 && st != 401 && st < 500) {
			w->replays += r->replayed;
			return st;
		}
		if (mono_ms() > give_up)
			return st;
		resp_free(r);
		w->retries++;
		if (st == 0 && w->other) {
			w->srv = w->other;
			w->other = NULL;
			w->moved = true;
			continue;
		}
		nanosleep(&(struct timespec){ .tv_nsec = 10 * 1000000 }, NULL);
		if (st == 401)
			window_relogin(w);
	}
}

/* One step on ticket id; 0 when it answered 200, else -1 with w->error. */
static int window_step(struct window *w, int64_t id, const char *step)
{
	char path[96];
	struct resp r;
	snprintf(path, sizeof path, "/api/v1/tickets/%lld/%s", (long long)id, step);
	long st = window_post(w, path, &r);
	if (st != 200)
		snprintf(w->error, sizeof w->error, "window %d: POST %s: %ld %s", w->no, path, st,
			 r.body ? r.body : "");
	resp_free(&r);
	return st == 200 ? 0 : -1;
}

static void window_serve(struct window *w)
{
	char call[64];
	snprintf(call, sizeof call, "/api/v1/windows/%d/call", w->no);
	for (;;) {
		struct resp r;
		long st = window_post(w, call, &r);
		if (st == 404 && strcmp(resp_error_code(&r), "queue_empty") == 0) {
			resp_free(&r);
			return;
		}
		if (st != 200 || w->nacked == TICKETS) {
			snprintf(w->error, sizeof w->error, "window %d: call: %ld %s", w->no, st, r.body ? r.body : "");
			resp_free(&r);
			return;
		}
		int64_t id = (int64_t)jnum(r.json, "id");
		resp_free(&r);
		w->acked[w->nacked++] = id;
		w->after_move += w->moved;
		progress_add(&progress);
		if (window_step(w, id, "start") || window_step(w, id, "finish"))
			return;
	}
}

static void *window_run(void *arg)
{
	struct window *w = arg;
	char path[64];
	struct resp r;
	snprintf(path, sizeof path, "/api/v1/windows/%d/open", w->no);
	if (window_post(w, path, &r) == 200)
		window_serve(w);
	else
		snprintf(w->error, sizeof w->error, "window %d: open: %ld %s", w->no, r.status, r.body);
	resp_free(&r);
	progress_add(&finished);
	return NULL;
}

/* Wait until a third of the queue is called (or every window stopped). */
static void wait_for_a_third(void)
{
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += 120;
	pthread_mutex_lock(&progress_lock);
	while (progress < TICKETS / 3 && finished < WINDOWS)
		if (pthread_cond_timedwait(&progress_cond, &progress_lock, &until) == ETIMEDOUT)
			break;
	int got = progress;
	pthread_mutex_unlock(&progress_lock);
	if (got < TICKETS / 3)
		fail_msg("only %d calls were acknowledged before the mishap was due", got);
}

/* What the database says of the tickets: every one called once and done,
 * at the window whose call was acknowledged with it. */
static void check_database(const char *url, const struct window *win)
{
	static int owner[TICKETS + 1];
	memset(owner, 0, sizeof owner);
	int acked = 0;
	for (int i = 0; i < WINDOWS; i++)
		for (int k = 0; k < win[i].nacked; k++) {
			int64_t id = win[i].acked[k];
			assert_true(id >= 1 && id <= TICKETS);
			if (owner[id])
				fail_msg("ticket %lld was acknowledged to window %d and window %d", (long long)id,
					 owner[id], win[i].no);
			owner[id] = win[i].no;
			acked++;
		}
	assert_int_equal(acked, TICKETS);

	PGconn *c = PQconnectdb(url);
	if (PQstatus(c) != CONNECTION_OK)
		fail_msg("cannot read the database: %s", PQerrorMessage(c));
	PGresult *res = PQexec(c, "SELECT id, \"window\", status FROM tickets ORDER BY id");
	assert_int_equal(PQresultStatus(res), PGRES_TUPLES_OK);
	assert_int_equal(PQntuples(res), TICKETS);
	for (int i = 0; i < PQntuples(res); i++) {
		long long id = atoll(PQgetvalue(res, i, 0));
		assert_true(id >= 1 && id <= TICKETS);
		if (strcmp(PQgetvalue(res, i, 2), "done") != 0 || atoi(PQgetvalue(res, i, 1)) != owner[id])
			fail_msg("ticket %lld is %s at window %s; its call was acknowledged to window %d", id,
				 PQgetvalue(res, i, 2), PQgetvalue(res, i, 1), owner[id]);
	}
	PQclear(res);
	res = PQexec(c, "SELECT ticket, count(*) FROM events WHERE kind = 'ticket.called' "
			"GROUP BY ticket HAVING count(*) <> 1");
	assert_int_equal(PQresultStatus(res), PGRES_TUPLES_OK);
	if (PQntuples(res))
		fail_msg("ticket %s was called %s times", PQgetvalue(res, 0, 0), PQgetvalue(res, 0, 1));
	PQclear(res);
	res = PQexec(c, "SELECT count(DISTINCT ticket) FROM events WHERE kind = 'ticket.called'");
	assert_int_equal(atoi(PQgetvalue(res, 0, 0)), TICKETS);
	PQclear(res);
	PQfinish(c);
}

/* The windows work (the odd ones through A, the even ones through B) and
 * the mishap strikes once a third of the queue is called; returns the
 * windows (static) once all have stopped. */
static struct window *run_with(enum mishap m)
{
	static struct window win[WINDOWS];
	pthread_t th[WINDOWS];
	progress = finished = 0;
	for (int i = 0; i < WINDOWS; i++) {
		int no = i + 1;
		const struct wd *srv = no % 2 ? &A : &B;
		win[i] = (struct window){ .no = no, .srv = srv,
					  .other = m == KILL_A && srv == &A ? &B : NULL };
	}
	for (int i = 0; i < WINDOWS; i++) {
		char user[16];
		snprintf(user, sizeof user, "clerk%d", win[i].no);
		win[i].token = wd_login(win[i].srv, user, win[i].no);
		assert_int_equal(pthread_create(&th[i], NULL, window_run, &win[i]), 0);
	}
	wait_for_a_third();
	if (m == KILL_A) {
		wd_kill(&A);
	} else {
		char err[1024];
		if (pgt_restart(&own_pg, SIGINT, err, sizeof err))
			fail_msg("PostgreSQL did not start again: %s", err);
	}
	for (int i = 0; i < WINDOWS; i++)
		pthread_join(th[i], NULL);
	for (int i = 0; i < WINDOWS; i++)
		free(win[i].token);
	for (int i = 0; i < WINDOWS; i++)
		if (win[i].error[0])
			fail_msg("%s (after %d calls and %d requests sent again, each for %d s at most; %s)",
				 win[i].error, win[i].nacked, win[i].retries, RETRY_MS / 1000,
				 m == KILL_A ? "wicketd A was killed" : "PostgreSQL was restarted");
	return win;
}

static void test_kill_one_wicketd(void **state)
{
	(void)state;
	struct window *win = run_with(KILL_A);
	int retries = 0, replays = 0;
	for (int i = 0; i < WINDOWS; i++) {
		retries += win[i].retries;
		replays += win[i].replays;
		/* A's clerks carried on through B. */
		if (win[i].no % 2 == 1 && win[i].after_move == 0)
			fail_msg("window %d called nothing through B after A was killed", win[i].no);
	}
	print_message("A killed: %d requests sent again, %d replayed\n", retries, replays);
	check_database(B.db, win);
}

static void test_restart_postgresql(void **state)
{
	(void)state;
	struct window *win = run_with(RESTART_PG);
	int retries = 0, replays = 0;
	for (int i = 0; i < WINDOWS; i++) {
		retries += win[i].retries;
		replays += win[i].replays;
	}
	print_message("PostgreSQL restarted: %d requests sent again, %d replayed\n", retries, replays);
	check_database(A.db, win);
	/* The listener of B is back too: A's calls reach B's long-polls. */
	check_event_crosses();
}

int main(void)
{
	if (!wd_on_postgresql()) {
		printf("1..0 # SKIP two wicketd on one database need PostgreSQL "
		       "(tests/pg/on/test_platform.pg runs this suite on one)\n");
		return 0;
	}
	if (!getenv("TMPDIR") && access("/dev/shm", W_OK | X_OK) == 0)
		setenv("TMPDIR", "/dev/shm", 0);
	signal(SIGPIPE, SIG_IGN);
	curl_global_init(CURL_GLOBAL_DEFAULT);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_event_crosses_processes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_kill_one_wicketd, setup, teardown),
		cmocka_unit_test_setup_teardown(test_restart_postgresql, setup_own_pg, teardown_own_pg),
		cmocka_unit_test_setup_teardown(test_session_during_outage, setup_own_pg, teardown_own_pg),
		cmocka_unit_test_setup_teardown(test_drill_across_processes, setup_demo, teardown),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	curl_global_cleanup();
	return rc;
}
