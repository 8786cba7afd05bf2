/* test_crash.c - SIGKILL of wicketd in the middle of a busy hall.
 *
 * Eight clerks, one thread each at windows 1..8 of the demo hall, take
 * applicants as fast as they can: call, start, create a case (a matter of
 * the ticket's service, every required material received, so it is
 * accepted at once), complete it, rate it, finish the ticket; every POST
 * with its own Idempotency-Key.  When the hall has completed a number of
 * cases drawn from a seed, the test kills the server with SIGKILL while
 * requests are in flight, restarts it on the same database, and checks
 * what docs/api.md promises:
 *
 *  - every change answered 2xx is there (a 2xx means committed);
 *  - a request that got no answer, sent again with the same key and body,
 *    is applied exactly once: when the first attempt had committed, the
 *    retry gets its answer replayed (Idempotent-Replayed: true, the answer
 *    stored in the same transaction as the change); when it had not, the
 *    retry runs and succeeds as a fresh request.  Either way one ticket
 *    never gets two cases, and no step happens twice;
 *  - the event feed holds each change exactly once, in order, and nothing
 *    answers 5xx after the restart.
 *
 * Five kills in one run.  WICKET_TEST_SEED=N replays a run (the seed is
 * printed).  The database is on disk (the build directory), not tmpfs:
 * durability is the point.  Worker threads never use cmocka's assertions;
 * they record, and the main thread checks after joining them. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include <curl/curl.h>

#include "harness.h"
#include "wicket/common/xalloc.h"

#define CLERKS 8
#define ROUNDS 5
#define PER_SERVICE 60         /* tickets seeded for each service the clerks serve */

static struct wd W;
static char *sup;

/* The matter each service's applicants come for, and its required materials. */
static const struct { const char *service, *matter, *received; } matters[] = {
	{ "MAR", "MAR-01", "[1,2,3]" }, { "SOC", "SOC-03", "[1,2,3,4]" },
	{ "PEN", "PEN-01", "[1,2,3]" }, { "SSC", "SSC-01", "[1,2]" },
	{ "EMP", "EMP-01", "[1,2]" },   { "MED", "MED-01", "[1,2]" },
};
#define NSERVICES (sizeof matters / sizeof matters[0])

/* ---- what a clerk does ---- */

enum step { ST_CALL, ST_START, ST_CREATE, ST_COMPLETE, ST_RATE, ST_FINISH, ST_COUNT };
static const char *const step_names[ST_COUNT] = {
	"call", "start", "create", "complete", "rate", "finish",
};

/* One request as sent, and what came back. */
struct rec {
	enum step step;
	char key[48];
	char path[96];
	char *body;                /* NULL for none */
	int64_t ticket, case_id;   /* what it was about (0: not known yet) */
	long status;               /* 0: no answer */
	char *reply;               /* the body of a 2xx answer */
	bool replayed;
	bool retried;              /* sent again after the restart */
};

struct clerk {
	int no;
	char *token;
	/* Where the clerk is: the next step, on which ticket and case. */
	enum step next;
	int64_t ticket, case_id;
	char service[8];
	int seq;                   /* numbers the keys */
	struct rec *recs;
	size_t nrecs, cap;
	bool pending;              /* the last record got no answer */
	bool dry;                  /* the queue ran out */
	char error[512];
};

static struct clerk clerks[CLERKS];

/* Completed cases, counted by the workers; the main thread waits on it. */
static pthread_mutex_t hall_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t hall_cv = PTHREAD_COND_INITIALIZER;
static int completed, running;

static const char *matter_of(const char *service, const char **received)
{
	for (size_t i = 0; i < NSERVICES; i++)
		if (strcmp(matters[i].service, service) == 0) {
			*received = matters[i].received;
			return matters[i].matter;
		}
	return NULL;
}

/* A new record for the clerk's next step: its path and body. */
static struct rec *clerk_new_rec(struct clerk *c)
{
	if (c->nrecs == c->cap) {
		c->cap = c->cap ? 2 * c->cap : 64;
		c->recs = xreallocarray(c->recs, c->cap, sizeof *c->recs);
	}
	struct rec *r = &c->recs[c->nrecs++];
	*r = (struct rec){ .step = c->next, .ticket = c->ticket, .case_id = c->case_id };
	snprintf(r->key, sizeof r->key, "crash-w%d-%d", c->no, ++c->seq);
	long long t = (long long)c->ticket, k = (long long)c->case_id;
	const char *received = "[]", *matter;
	switch (c->next) {
	case ST_CALL:
		snprintf(r->path, sizeof r->path, "/api/v1/windows/%d/call", c->no);
		break;
	case ST_START:
	case ST_FINISH:
		snprintf(r->path, sizeof r->path, "/api/v1/tickets/%lld/%s", t, step_names[c->next]);
		break;
	case ST_CREATE:
		snprintf(r->path, sizeof r->path, "/api/v1/cases");
		matter = matter_of(c->service, &received);
		r->body = xasprintf("{\"ticket\":%lld,\"matter\":\"%s\",\"received\":%s,\"applicant\":"
				    "{\"name\":\"申请人%d-%lld\",\"id_number\":\"510823199001011238\","
				    "\"phone\":\"13812345678\"}}", t, matter ? matter : "?", received,
				    c->no, t);
		break;
	case ST_COMPLETE:
		snprintf(r->path, sizeof r->path, "/api/v1/cases/%lld/complete", k);
		break;
	case ST_RATE:
		snprintf(r->path, sizeof r->path, "/api/v1/cases/%lld/rating", k);
		r->body = xasprintf("{\"level\":5,\"comment\":\"w%d\"}", c->no);
		break;
	default:
		break;
	}
	return r;
}

/* The step of r was answered 2xx with reply: move the clerk on. */
static void clerk_advance(struct clerk *c, struct rec *r, const cJSON *reply)
{
	switch (r->step) {
	case ST_CALL:
		c->ticket = r->ticket = (int64_t)jnum(reply, "id");
		snprintf(c->service, sizeof c->service, "%s", jstr(reply, "service") ? jstr(reply, "service") : "");
		break;
	case ST_CREATE:
		c->case_id = r->case_id = (int64_t)jnum(reply, "id");
		break;
	case ST_COMPLETE:
		pthread_mutex_lock(&hall_lock);
		completed++;
		pthread_cond_broadcast(&hall_cv);
		pthread_mutex_unlock(&hall_lock);
		break;
	default:
		break;
	}
	c->next = (r->step + 1) % ST_COUNT;
	if (c->next == ST_CALL)
		c->ticket = c->case_id = 0;
}

/* Send r; the status, and the parsed reply in *reply (caller deletes). */
static long send_rec(const struct clerk *c, struct rec *r, cJSON **reply)
{
	struct resp resp;
	http(&W, "POST", r->path, c->token, r->body, r->key, &resp);
	r->status = resp.status;
	r->replayed = resp.replayed;
	if (r->status >= 200 && r->status < 300) {
		free(r->reply);
		r->reply = resp.body;
		resp.body = NULL;
	}
	*reply = resp.json;
	resp.json = NULL;
	resp_free(&resp);
	return r->status;
}

/* Work until the server stops answering (or the queue runs dry). */
static void *clerk_run(void *arg)
{
	struct clerk *c = arg;
	for (;;) {
		struct rec *r = clerk_new_rec(c);
		cJSON *reply;
		long st = send_rec(c, r, &reply);
		if (st >= 200 && st < 300) {
			clerk_advance(c, r, reply);
		} else if (st == 0) {
			c->pending = true;
		} else if (r->step == ST_CALL && st == 404) {
			c->nrecs--;    /* nobody left: not a change */
			c->dry = true;
		} else {
			snprintf(c->error, sizeof c->error, "window %d: %s %s: %ld", c->no,
				 step_names[r->step], r->path, st);
		}
		cJSON_Delete(reply);
		if (st < 200 || st >= 300)
			break;
	}
	pthread_mutex_lock(&hall_lock);
	running--;
	pthread_cond_broadcast(&hall_cv);
	pthread_mutex_unlock(&hall_lock);
	return NULL;
}

/* ---- reading the hall back (main thread only) ---- */

static cJSON *get(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static cJSON *get(const char *fmt, ...)
{
	char path[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(path, sizeof path, fmt, ap);
	va_end(ap);
	return wd_call(&W, "GET", path, sup, NULL, 200);
}

/* The ticket's status as a rank: waiting 0, called 1, serving 2, done 3. */
static int ticket_rank(int64_t id, int *window)
{
	static const char *const ranks[] = { "waiting", "called", "serving", "done" };
	cJSON *t = get("/api/v1/tickets/%lld", (long long)id);
	int rank = -1;
	for (int i = 0; i < 4; i++)
		if (strcmp(jstr(t, "status"), ranks[i]) == 0)
			rank = i;
	*window = (int)jnum(t, "window");
	cJSON_Delete(t);
	return rank;
}

/* The cases of the window that were taken on ticket (ids into ids[]). */
static int cases_of_ticket(int window, int64_t ticket, int64_t ids[4])
{
	cJSON *l = get("/api/v1/cases?window=%d&status=all", window);
	const cJSON *k;
	int n = 0;
	cJSON_ArrayForEach(k, cJSON_GetObjectItem(l, "cases"))
		if ((int64_t)jnum(k, "ticket") == ticket && n < 4)
			ids[n++] = (int64_t)jnum(k, "id");
	cJSON_Delete(l);
	return n;
}

/* Whether the step of r has taken effect, read through the API. */
static bool applied(const struct clerk *c, const struct rec *r)
{
	int window = 0, rank;
	int64_t ids[4];
	cJSON *k = NULL;
	bool yes = false;
	switch (r->step) {
	case ST_CALL: {
		if (r->ticket)
			return ticket_rank(r->ticket, &window) >= 1 && window == c->no;
		/* Which ticket is not known: the window was free before the
		 * call, and has a ticket now. */
		cJSON *l = get("/api/v1/windows");
		const cJSON *w = cJSON_GetArrayItem(cJSON_GetObjectItem(l, "windows"), c->no - 1);
		assert_int_equal((int)jnum(w, "no"), c->no);
		yes = cJSON_IsObject(cJSON_GetObjectItem(w, "current"));
		cJSON_Delete(l);
		return yes;
	}
	case ST_START:
	case ST_FINISH:
		rank = ticket_rank(r->ticket, &window);
		assert_int_equal(window, c->no);
		return rank >= (r->step == ST_START ? 2 : 3);
	case ST_CREATE:
		return cases_of_ticket(c->no, r->ticket, ids) > 0;
	case ST_COMPLETE:
	case ST_RATE:
		k = get("/api/v1/cases/%lld", (long long)r->case_id);
		yes = r->step == ST_COMPLETE ? strcmp(jstr(k, "status"), "completed") == 0
					     : jnum(k, "rating") == 5;
		cJSON_Delete(k);
		return yes;
	default:
		return false;
	}
}

/* Every change answered 2xx is there. */
static void check_answered(const struct clerk *c, size_t from)
{
	for (size_t i = from; i < c->nrecs; i++) {
		const struct rec *r = &c->recs[i];
		if (r->status >= 200 && r->status < 300 && !applied(c, r))
			fail_msg("window %d: %s %s (key %s) was answered %ld but is lost", c->no,
				 step_names[r->step], r->path, r->key, r->status);
	}
}

/* Whether a replayed answer is the first one: byte for byte, except that
 * a case is read afresh (the store keeps its id only): the same case. */
static bool same_answer(const struct rec *r, const struct resp *resp)
{
	if (strncmp(r->path, "/api/v1/cases", 13) != 0)
		return strcmp(resp->body, r->reply) == 0;
	cJSON *first = cJSON_Parse(r->reply);
	bool same = resp->json && first && jnum(resp->json, "id") == jnum(first, "id") &&
		    strcmp(jstr(resp->json, "number"), jstr(first, "number")) == 0;
	cJSON_Delete(first);
	return same;
}

/* Every request answered 2xx, sent again with its key and body, gets the
 * same answer back, replayed: the idempotency store came through the crash
 * with the changes it answers for. */
static void check_replays(struct clerk *c, size_t from)
{
	for (size_t i = from; i < c->nrecs; i++) {
		struct rec *r = &c->recs[i];
		if (!r->reply)
			continue;
		struct resp resp;
		http(&W, "POST", r->path, c->token, r->body, r->key, &resp);
		if (resp.status != r->status || !resp.replayed || !same_answer(r, &resp))
			fail_msg("window %d: %s (key %s) again: %ld%s %s, first %ld %s", c->no,
				 step_names[r->step], r->key, resp.status, resp.replayed ? " replayed" : "",
				 resp.body, r->status, r->reply);
		resp_free(&resp);
	}
}

/* Send the unanswered request again, same key and body: applied once.
 * Returns 1 when the first attempt had been applied, else 0. */
static int retry_pending(struct clerk *c)
{
	if (!c->pending)
		return 0;
	struct rec *r = &c->recs[c->nrecs - 1];
	bool was = applied(c, r);
	int64_t before[4];
	int ncases = r->step == ST_CREATE ? cases_of_ticket(c->no, r->ticket, before) : 0;
	cJSON *reply;
	long st = send_rec(c, r, &reply);
	r->retried = true;
	if (st < 200 || st >= 300)
		fail_msg("window %d: retry of %s %s (key %s): %ld", c->no, step_names[r->step], r->path,
			 r->key, st);
	/* Committed before the kill: its stored answer; otherwise a fresh run. */
	if (r->replayed != was)
		fail_msg("window %d: retry of %s (key %s): the change was %sapplied but the answer %s "
			 "replayed", c->no, step_names[r->step], r->key, was ? "" : "not ",
			 r->replayed ? "was" : "was not");
	clerk_advance(c, r, reply);
	cJSON_Delete(reply);
	c->pending = false;
	int64_t after[4];
	if (r->step == ST_CALL) {
		cJSON *l = get("/api/v1/windows");
		const cJSON *w = cJSON_GetArrayItem(cJSON_GetObjectItem(l, "windows"), c->no - 1);
		assert_true((int64_t)jnum(cJSON_GetObjectItem(w, "current"), "id") == r->ticket);
		cJSON_Delete(l);
	}
	if (r->step == ST_CREATE) {
		assert_int_equal(cases_of_ticket(c->no, r->ticket, after), 1);
		assert_int_equal(ncases, was ? 1 : 0);
		assert_true(after[0] == r->case_id);
	}
	if (!applied(c, r))
		fail_msg("window %d: the retried %s (key %s) did not take", c->no, step_names[r->step], r->key);
	return was;
}

/* ---- the event feed ---- */

/* Every event from the start, in order: kind and ticket or case counted. */
static void check_events(void)
{
	int64_t since = 0, last_seq = 0;
	int count[ST_COUNT] = { 0 };
	static const char *const kinds[ST_COUNT] = {
		"ticket.called", "ticket.started", "case.accepted", "case.completed", "case.rated",
		"ticket.finished",
	};
	/* Ids seen: tickets for the ticket steps, cases for the case steps. */
	int64_t *seen[ST_COUNT] = { 0 };
	size_t nseen[ST_COUNT] = { 0 };
	for (;;) {
		cJSON *e = get("/api/v1/events?since=%lld", (long long)since);
		const cJSON *ev;
		int n = 0;
		cJSON_ArrayForEach(ev, cJSON_GetObjectItem(e, "events")) {
			int64_t seq = (int64_t)jnum(ev, "seq");
			assert_true(seq > last_seq);
			last_seq = seq;
			n++;
			for (int s = 0; s < ST_COUNT; s++) {
				if (strcmp(jstr(ev, "kind"), kinds[s]) != 0)
					continue;
				bool by_case = s == ST_CREATE || s == ST_COMPLETE || s == ST_RATE;
				int64_t id = (int64_t)jnum(ev, by_case ? "case" : "ticket");
				seen[s] = xreallocarray(seen[s], nseen[s] + 1, sizeof *seen[s]);
				for (size_t i = 0; i < nseen[s]; i++)
					if (seen[s][i] == id)
						fail_msg("two %s events for %lld", kinds[s], (long long)id);
				seen[s][nseen[s]++] = id;
				count[s]++;
			}
		}
		since = (int64_t)jnum(e, "last");
		cJSON_Delete(e);
		if (n == 0)
			break;
	}
	/* Each change the clerks made (answered, or retried) has its event. */
	int want[ST_COUNT] = { 0 };
	for (int i = 0; i < CLERKS; i++)
		for (size_t k = 0; k < clerks[i].nrecs; k++)
			if (clerks[i].recs[k].status >= 200 && clerks[i].recs[k].status < 300)
				want[clerks[i].recs[k].step]++;
	for (int s = 0; s < ST_COUNT; s++) {
		/* Seeded tickets add none of these; calls are only the clerks'. */
		if (count[s] != want[s])
			fail_msg("%d %s events for %d changes", count[s], kinds[s], want[s]);
		free(seen[s]);
	}
}

/* ---- the hall ---- */

static int setup(void **state)
{
	(void)state;
	/* The demo hall with PER_SERVICE waiting tickets for each service the
	 * clerks serve, instead of the demo's morning queue. */
	const char *services[NSERVICES];
	for (size_t s = 0; s < NSERVICES; s++)
		services[s] = matters[s].service;
	wd_start_queue(&W, getenv("WICKET_DATADIR"), services, NSERVICES, PER_SERVICE);
	sup = wd_login(&W, "supervisor", 0);
	for (int i = 0; i < CLERKS; i++) {
		char user[16], path[64];
		struct resp r;
		clerks[i] = (struct clerk){ .no = i + 1 };
		snprintf(user, sizeof user, "clerk%d", i + 1);
		clerks[i].token = wd_login(&W, user, i + 1);
		snprintf(path, sizeof path, "/api/v1/windows/%d/open", i + 1);
		assert_int_equal(http(&W, "POST", path, clerks[i].token, NULL, NULL, &r), 200);
		resp_free(&r);
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	wd_stop(&W);
	free(sup);
	for (int i = 0; i < CLERKS; i++) {
		for (size_t k = 0; k < clerks[i].nrecs; k++) {
			free(clerks[i].recs[k].body);
			free(clerks[i].recs[k].reply);
		}
		free(clerks[i].recs);
		free(clerks[i].token);
	}
	return 0;
}

/* Run the clerks until `kill_at` cases are completed, then SIGKILL the
 * server under them and wait for every clerk to notice. */
static void round_run(int kill_at)
{
	pthread_t th[CLERKS];
	pthread_mutex_lock(&hall_lock);
	running = CLERKS;
	pthread_mutex_unlock(&hall_lock);
	for (int i = 0; i < CLERKS; i++)
		assert_int_equal(pthread_create(&th[i], NULL, clerk_run, &clerks[i]), 0);
	pthread_mutex_lock(&hall_lock);
	while (completed < kill_at && running > 0)
		pthread_cond_wait(&hall_cv, &hall_lock);
	int at = completed;
	pthread_mutex_unlock(&hall_lock);
	wd_kill(&W);
	for (int i = 0; i < CLERKS; i++)
		pthread_join(th[i], NULL);
	if (at < kill_at)
		fail_msg("the hall ran out of tickets after %d cases", at);
	for (int i = 0; i < CLERKS; i++)
		if (clerks[i].error[0])
			fail_msg("%s", clerks[i].error);
}

static void test_kill_under_load(void **state)
{
	(void)state;
	unsigned seed = getenv("WICKET_TEST_SEED") ? (unsigned)atol(getenv("WICKET_TEST_SEED"))
						   : (unsigned)time(NULL);
	printf("# seed %u (WICKET_TEST_SEED replays it)\n", seed);
	srand(seed);
	int pending = 0, committed = 0, kills[ROUNDS];
	for (int round = 0; round < ROUNDS; round++) {
		size_t from[CLERKS];
		for (int i = 0; i < CLERKS; i++)
			from[i] = clerks[i].nrecs;
		kills[round] = completed + 8 + rand() % 24;
		round_run(kills[round]);
		wd_restart(&W, NULL);
		for (int i = 0; i < CLERKS; i++)
			check_answered(&clerks[i], from[i]);
		for (int i = 0; i < CLERKS; i++) {
			pending += clerks[i].pending;
			committed += retry_pending(&clerks[i]);
			check_replays(&clerks[i], from[i]);
		}
	}
	printf("# killed after");
	for (int round = 0; round < ROUNDS; round++)
		printf(" %d", kills[round]);
	printf(" completed cases; %d requests unanswered and retried, %d of them committed before "
	       "the kill\n", pending, committed);
	/* The kills hit requests in flight, not an idle hall. */
	assert_true(pending > 0);
	for (int i = 0; i < CLERKS; i++)
		check_answered(&clerks[i], 0);
	check_events();
	/* One case per ticket the clerks took, none for any other. */
	int cases = 0, tickets = 0;
	for (int i = 0; i < CLERKS; i++) {
		cJSON *l = get("/api/v1/cases?window=%d&status=all", i + 1);
		cases += cJSON_GetArraySize(cJSON_GetObjectItem(l, "cases"));
		cJSON_Delete(l);
		for (size_t k = 0; k < clerks[i].nrecs; k++)
			if (clerks[i].recs[k].step == ST_CREATE)
				tickets++;
	}
	assert_int_equal(cases, tickets);
}

int main(void)
{
	/* On disk: the build directory, not a tmpfs /tmp or /dev/shm. */
	if (getenv("WICKET_BUILDDIR"))
		setenv("TMPDIR", getenv("WICKET_BUILDDIR"), 1);
	curl_global_init(CURL_GLOBAL_DEFAULT);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_kill_under_load, setup, teardown),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	curl_global_cleanup();
	return rc;
}
