/* The client's HTTP engine (net.h) against a real wicketd: the one-loop
 * pattern (net_wait, then net_dispatch), concurrent requests, the event
 * long-poll, the keyboard fd waking the loop, transport failures,
 * cancelling, freeing with requests in flight, and callbacks that start,
 * cancel or free from inside. */
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
#include <unistd.h>
#include <cmocka.h>

#include "harness.h"
#include "wicket/net/api.h"
#include "wicket/model/model.h"
#include "wicket/model/wire.h"
#include "wicket/net/net.h"
#include "wicket/common/xalloc.h"

static struct wd W;

/* What a callback saw. */
struct got {
	int calls;
	long status;
	char *body;
	char *error;
	bool tls;
};

static void on_reply(void *ud, const struct net_reply *r)
{
	struct got *g = ud;
	g->calls++;
	g->status = r->status;
	free(g->body);
	g->body = xstrndup(r->body, r->len);
	free(g->error);
	g->error = xstrdup(r->error);
	g->tls = r->tls_error;
}

static void got_free(struct got *g)
{
	free(g->body);
	free(g->error);
	memset(g, 0, sizeof *g);
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The client's loop until *count reaches want; fails after limit seconds. */
static void pump(struct net *n, const int *count, int want, double limit)
{
	double end = now_s() + limit;
	while (*count < want) {
		if (now_s() > end)
			fail_msg("no reply within %.0f s (%d of %d)", limit, *count, want);
		bool ready;
		assert_int_equal(net_wait(n, -1, 100, &ready), 0);
		assert_false(ready);
		net_dispatch(n);
	}
}

/* The client's loop until wicketd's debug log holds text count times:
 * net_wait's fd is an inotify watch on the log, so each line the server
 * writes wakes the loop (no timer decides); fails after 10 s. */
static void pump_until_logged(struct net *n, const char *text, int count)
{
	int watch = wd_log_watch(&W);
	double end = now_s() + 10;
	while (wd_log_count(&W, text) < count) {
		if (now_s() > end)
			fail_msg("wicketd never logged \"%s\" %d times", text, count);
		bool ready;
		assert_int_equal(net_wait(n, watch, 1000, &ready), 0);
		if (ready)
			wd_log_drain(watch);
		net_dispatch(n);
	}
	close(watch);
}

/* The client's loop until one more long-poll after since than before has
 * reached wicketd and waits there: any change made after this wakes it. */
static void pump_until_parked(struct net *n, int64_t since, int before)
{
	char line[96];
	pump_until_logged(n, wd_parked_line(since, line, sizeof line), before + 1);
}

/* What wicketd logs (at debug) once it has answered a long-poll. */
/* Answered, or found closed by its client when the change woke it. */
#define EVENTS_ENDED "GET /api/v1/events -> "

static struct net *engine(const char *url)
{
	struct net_options o = { .base_url = url, .cacert = NULL, .connect_timeout_ms = 2000 };
	return net_new(&o);
}

/* One request, waited for. */
static void call(struct net *n, const char *method, const char *path, const char *body,
		 struct got *g)
{
	memset(g, 0, sizeof *g);
	net_request(n, method, path, body, NULL, 10000, on_reply, g);
	pump(n, &g->calls, 1, 15);
}

/* Sign clerk1 in at window 1 through the engine, which then sends the token. */
static void sign_in(struct net *n, struct m_session *s)
{
	char *body = api_encode_login("clerk1", "demo", 1, NULL, NULL);
	struct got g;
	call(n, "POST", "/api/v1/login", body, &g);
	free(body);
	assert_int_equal(g.status, 200);
	assert_int_equal(api_decode_login(g.body, strlen(g.body), s), 0);
	net_set_token(n, s->token);
	got_free(&g);
}

/* An engine signed in as clerk1 at window 1, and its end. */
static struct net *session(struct m_session *s)
{
	struct net *n = engine(W.url);
	sign_in(n, s);
	return n;
}

static void session_end(struct net *n, struct m_session *s)
{
	m_free(&m_session_desc, s);
	net_free(n);
}

/* The feed's latest seq, following it (or its resync) to the end. */
static int64_t latest_seq(struct net *n)
{
	int64_t last = 0;
	for (;;) {
		char path[96];
		struct got g;
		snprintf(path, sizeof path, "/api/v1/events?since=%lld&wait=0", (long long)last);
		call(n, "GET", path, NULL, &g);
		if (g.status == 410) {
			assert_int_equal(api_decode_resync(g.body, strlen(g.body), &last), 0);
			got_free(&g);
			continue;
		}
		assert_int_equal(g.status, 200);
		struct m_event *e;
		size_t count;
		assert_int_equal(api_decode_events(g.body, strlen(g.body), &e, &count, &last), 0);
		m_free_array(&m_event_desc, e, count);
		got_free(&g);
		if (count < 500)
			return last;
	}
}

static uint64_t start_long_poll(struct net *n, int64_t since, struct got *g)
{
	char path[96];
	memset(g, 0, sizeof *g);
	snprintf(path, sizeof path, "/api/v1/events?since=%lld&wait=10", (long long)since);
	return net_request(n, "GET", path, NULL, NULL, 20000, on_reply, g);
}

/* Each test has a wicketd of its own (a long-poll a test leaves waiting
 * must not answer, or be counted, in the next), logging at debug level to
 * W.log: the lines the long-poll tests wait on. */
static int setup(void **state)
{
	(void)state;
	wd_start_logging(&W, true, NULL);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	wd_stop(&W);
	return 0;
}

/* ---- the tests --------------------------------------------------------- */

static void test_login_and_token(void **state)
{
	(void)state;
	struct m_session s;
	struct net *n = session(&s);
	assert_string_equal(s.user, "clerk1");
	assert_string_equal(s.role, "clerk");
	assert_int_equal(strlen(s.token), 64);
	assert_int_equal(s.nwindows, 1);
	assert_int_equal(s.windows[0], 1);

	struct got g;
	call(n, "GET", "/api/v1/me", NULL, &g);
	assert_int_equal(g.status, 200);
	assert_null(g.error);
	got_free(&g);
	net_set_token(n, NULL);
	call(n, "GET", "/api/v1/me", NULL, &g);
	assert_int_equal(g.status, 401);
	got_free(&g);
	session_end(n, &s);
}

static void test_concurrent_requests(void **state)
{
	(void)state;
	struct m_session s;
	struct net *n = session(&s);
	static const char *const paths[] = {
		"/api/v1/services", "/api/v1/matters/MAR-01", "/api/v1/health", "/api/v1/me",
		"/api/v1/windows", "/api/v1/windows/1/queue",
	};
	enum { NPATHS = sizeof paths / sizeof paths[0] };
	struct got g[NPATHS];
	int done = 0;
	memset(g, 0, sizeof g);
	for (int i = 0; i < NPATHS; i++)
		assert_true(net_request(n, "GET", paths[i], NULL, NULL, 10000, on_reply, &g[i]) > 0);
	assert_int_equal(net_inflight(n), NPATHS);
	/* However they interleave, each completes exactly once. */
	double end = now_s() + 15;
	while (done < NPATHS) {
		assert_true(now_s() < end);
		bool ready;
		assert_int_equal(net_wait(n, -1, 100, &ready), 0);
		net_dispatch(n);
		done = 0;
		for (int i = 0; i < NPATHS; i++)
			done += g[i].calls;
	}
	assert_int_equal(net_inflight(n), 0);
	for (int i = 0; i < NPATHS; i++) {
		assert_int_equal(g[i].calls, 1);
		assert_int_equal(g[i].status, 200);
	}

	struct m_service *sv;
	size_t nsv;
	assert_int_equal(api_decode_services(g[0].body, strlen(g[0].body), &sv, &nsv), 0);
	assert_true(nsv >= 1);
	assert_string_equal(sv[0].code, "MAR");
	assert_true(sv[0].nmatters >= 1);
	m_free_array(&m_service_desc, sv, nsv);

	struct m_matter m;
	assert_int_equal(api_decode_matter(g[1].body, strlen(g[1].body), &m), 0);
	assert_string_equal(m.code, "MAR-01");
	assert_true(m.nmaterials >= 3);
	assert_true(m.nsteps >= 1);
	m_free(&m_matter_desc, &m);

	/* The windows and the queue, as the server really shapes them. */
	struct m_window *w;
	size_t nw;
	assert_int_equal(api_decode_windows(g[4].body, strlen(g[4].body), &w, &nw), 0);
	assert_true(nw >= 1);
	assert_int_equal(w[0].no, 1);
	assert_true(w[0].nservices >= 1);
	m_free_array(&m_window_desc, w, nw);
	struct m_ticket *t;
	size_t nt;
	assert_int_equal(api_decode_queue(g[5].body, strlen(g[5].body), &t, &nt), 0);
	for (size_t i = 0; i < nt; i++)
		assert_true(t[i].id > 0 && t[i].issued_at > 0);
	m_free_array(&m_ticket_desc, t, nt);

	for (int i = 0; i < NPATHS; i++)
		got_free(&g[i]);
	session_end(n, &s);
}

/* Make a change that the event feed reports: open window 1, or pause it
 * when it is open already (one of the two always works for its clerk);
 * the test fails when neither does. */
static void make_a_change(struct net *n)
{
	static const struct { const char *path, *body; } changes[] = {
		{ "/api/v1/windows/1/open", NULL },
		{ "/api/v1/windows/1/pause", "{\"reason\":\"午休\"}" },
	};
	long status[2];
	for (size_t i = 0; i < sizeof changes / sizeof changes[0]; i++) {
		struct got g;
		call(n, "POST", changes[i].path, changes[i].body, &g);
		status[i] = g.status;
		got_free(&g);
		if (status[i] >= 200 && status[i] < 300)
			return;
	}
	fail_msg("no change could be made: open %ld, pause %ld", status[0], status[1]);
}

static void test_long_poll_answered_early(void **state)
{
	(void)state;
	struct m_session s;
	struct net *n = session(&s);
	int64_t since = latest_seq(n);
	struct got poll;
	int parked = wd_parked_count(&W, since);
	start_long_poll(n, since, &poll);
	/* The server holds it: it has reached the server and waits there, and
	 * nothing has come back, while nothing changes. */
	pump_until_parked(n, since, parked);
	assert_int_equal(poll.calls, 0);

	double t0 = now_s();
	make_a_change(n);
	pump(n, &poll.calls, 1, 9);
	assert_true(now_s() - t0 < 3.0);
	assert_int_equal(poll.status, 200);
	struct m_event *e;
	size_t count;
	int64_t last;
	assert_int_equal(api_decode_events(poll.body, strlen(poll.body), &e, &count, &last), 0);
	assert_true(count >= 1);
	assert_true(e[0].seq > since);
	assert_true(last >= e[count - 1].seq);
	m_free_array(&m_event_desc, e, count);
	got_free(&poll);

	/* Asking for a seq the feed never had is a resync, with where to go on. */
	struct got g;
	call(n, "GET", "/api/v1/events?since=999999999&wait=0", NULL, &g);
	assert_int_equal(g.status, 410);
	assert_int_equal(api_decode_resync(g.body, strlen(g.body), &last), 0);
	assert_true(last >= since);
	got_free(&g);
	session_end(n, &s);
}

/* The replies of the queue endpoints, as wicketd really shapes them, go
 * through the decoders; the request bodies come from the encoders. */
static void test_real_replies_decode(void **state)
{
	(void)state;
	struct m_session s;
	struct net *n = session(&s);
	struct got g;
	call(n, "POST", "/api/v1/windows/1/open", NULL, &g);
	assert_true(g.status == 200 || g.status == 409);   /* 409: open already */
	got_free(&g);

	call(n, "POST", "/api/v1/tickets", "{\"service\":\"MAR\",\"priority\":\"elderly\"}", &g);
	assert_int_equal(g.status, 201);
	struct m_ticket t;
	assert_int_equal(api_decode_ticket(g.body, strlen(g.body), &t), 0);
	assert_int_equal(t.status, TS_WAITING);
	assert_int_equal(t.priority, PRIO_ELDERLY);
	assert_string_equal(t.service, "MAR");
	assert_true(t.issued_at > 0);
	got_free(&g);

	char *body = api_encode_call(t.id);
	call(n, "POST", "/api/v1/windows/1/call", body, &g);
	free(body);
	assert_int_equal(g.status, 200);
	struct m_ticket called;
	assert_int_equal(api_decode_ticket(g.body, strlen(g.body), &called), 0);
	assert_int_equal(called.id, t.id);
	assert_int_equal(called.status, TS_CALLED);
	assert_int_equal(called.window, 1);
	assert_true(called.called_at >= called.issued_at);
	m_free(&m_ticket_desc, &called);
	got_free(&g);

	call(n, "GET", "/api/v1/windows", NULL, &g);
	struct m_window *w;
	size_t nw;
	assert_int_equal(api_decode_windows(g.body, strlen(g.body), &w, &nw), 0);
	assert_int_equal(w[0].status, WS_OPEN);
	assert_true(w[0].has_current);
	assert_int_equal(w[0].current.id, t.id);
	assert_string_equal(w[0].clerk, "clerk1");
	m_free_array(&m_window_desc, w, nw);
	got_free(&g);

	/* A closed window takes a transfer only with "confirm": window 2 is
	 * opened first, by its clerk. */
	char *c2 = wd_login(&W, "clerk2", 2);
	cJSON_Delete(wd_call(&W, "POST", "/api/v1/windows/2/open", c2, NULL, 200));
	free(c2);
	char path[64];
	snprintf(path, sizeof path, "/api/v1/tickets/%lld/transfer", (long long)t.id);
	body = api_encode_transfer(2, NULL);
	call(n, "POST", path, body, &g);
	free(body);
	assert_int_equal(g.status, 200);
	struct m_ticket next;
	assert_int_equal(api_decode_transfer(g.body, strlen(g.body), &next), 0);
	assert_int_equal(next.transferred_from, t.id);
	assert_string_equal(next.number, t.number);
	assert_int_equal(next.status, TS_WAITING);
	m_free(&m_ticket_desc, &next);
	got_free(&g);

	call(n, "GET", "/api/v1/cases?window=1&status=all", NULL, &g);
	assert_int_equal(g.status, 200);
	struct m_case *c;
	size_t nc;
	assert_int_equal(api_decode_cases(g.body, strlen(g.body), &c, &nc), 0);
	m_free_array(&m_case_desc, c, nc);
	got_free(&g);

	m_free(&m_ticket_desc, &t);
	session_end(n, &s);
}

static void test_wait_wakes_for_fd_and_wakeup(void **state)
{
	(void)state;
	struct m_session s;
	struct net *n = session(&s);
	struct got poll;
	start_long_poll(n, latest_seq(n), &poll);
	int fds[2];
	assert_int_equal(pipe(fds), 0);

	/* A key press: net_wait returns at once, long before the poll's 10 s. */
	assert_int_equal(write(fds[1], "k", 1), 1);
	double t0 = now_s();
	bool ready = false;
	while (!ready) {
		assert_int_equal(net_wait(n, fds[0], 10000, &ready), 0);
		net_dispatch(n);
		assert_true(now_s() - t0 < 2.0);
	}
	char c;
	assert_int_equal(read(fds[0], &c, 1), 1);

	/* Nothing to read: not ready, however the wait ends. */
	assert_int_equal(net_wait(n, fds[0], 100, &ready), 0);
	assert_false(ready);

	/* net_wakeup ends a wait as promptly, without the fd being ready. */
	net_wakeup(n);
	t0 = now_s();
	assert_int_equal(net_wait(n, fds[0], 10000, &ready), 0);
	assert_true(now_s() - t0 < 2.0);
	assert_false(ready);

	/* A hung-up fd counts as ready, so the loop reads its end of file
	 * instead of spinning. */
	close(fds[1]);
	t0 = now_s();
	assert_int_equal(net_wait(n, fds[0], 10000, &ready), 0);
	assert_true(ready);
	assert_true(now_s() - t0 < 2.0);
	assert_int_equal(read(fds[0], &c, 1), 0);
	close(fds[0]);

	assert_int_equal(poll.calls, 0);
	session_end(n, &s);     /* with the long-poll still in flight */
	assert_int_equal(poll.calls, 0);
}

static void test_dead_server(void **state)
{
	(void)state;
	struct wd dead;
	wd_start(&dead, false, NULL);
	assert_int_equal(wd_term(&dead), 0);
	struct net *n = engine(dead.url);
	struct got g;
	call(n, "GET", "/api/v1/health", NULL, &g);
	assert_int_equal(g.status, 0);
	assert_non_null(g.error);
	assert_true(strlen(g.error) > 0);
	assert_false(g.tls);
	assert_string_equal(g.body, "");
	got_free(&g);
	net_free(n);
	wd_stop(&dead);
}

static void test_cancel_long_poll(void **state)
{
	(void)state;
	struct m_session s;
	struct net *n = session(&s);
	struct got poll, health;
	int64_t since = latest_seq(n);
	int parked = wd_parked_count(&W, since);
	uint64_t id = start_long_poll(n, since, &poll);
	pump_until_parked(n, since, parked);   /* it has reached the server, and waits */
	net_cancel(n, id);
	net_cancel(n, id);        /* twice, and unknown ids: ignored */
	net_cancel(n, 987654321);
	assert_int_equal(net_inflight(n), 0);
	call(n, "GET", "/api/v1/health", NULL, &health);
	assert_int_equal(health.status, 200);
	got_free(&health);
	/* Even a change that wakes it on the server (its log says it was
	 * answered, or found its connection closed) does not bring it back. */
	int answered = wd_log_count(&W, EVENTS_ENDED);
	make_a_change(n);
	pump_until_logged(n, EVENTS_ENDED, answered + 1);
	bool ready;
	assert_int_equal(net_wait(n, -1, 0, &ready), 0);
	net_dispatch(n);
	assert_int_equal(poll.calls, 0);
	session_end(n, &s);
}

static void test_free_with_requests_in_flight(void **state)
{
	(void)state;
	struct m_session s;
	struct net *n = session(&s);
	struct got g[4];
	start_long_poll(n, latest_seq(n), &g[0]);
	for (int i = 1; i < 4; i++) {
		memset(&g[i], 0, sizeof g[i]);
		net_request(n, "GET", "/api/v1/services", NULL, NULL, 10000, on_reply, &g[i]);
	}
	bool ready;
	assert_int_equal(net_wait(n, -1, 20, &ready), 0);
	net_dispatch(n);
	int before = g[1].calls + g[2].calls + g[3].calls;
	net_free(n);
	assert_int_equal(g[0].calls, 0);
	assert_int_equal(g[1].calls + g[2].calls + g[3].calls, before);
	for (int i = 0; i < 4; i++)
		got_free(&g[i]);
	m_free(&m_session_desc, &s);
}

/* A callback that cancels the long-poll and starts another request. */
struct chain {
	struct net *n;
	uint64_t victim;
	struct got next;
	int calls;
};

static void on_chain(void *ud, const struct net_reply *r)
{
	struct chain *c = ud;
	c->calls++;
	assert_int_equal(r->status, 200);
	net_cancel(c->n, c->victim);
	net_request(c->n, "GET", "/api/v1/me", NULL, NULL, 10000, on_reply, &c->next);
	net_dispatch(c->n);      /* ignored from inside a callback */
}

/* A callback that frees the whole engine. */
static void on_free(void *ud, const struct net_reply *r)
{
	(void)r;
	struct chain *c = ud;
	c->calls++;
	net_free(c->n);
}

static void test_callbacks_start_cancel_and_free(void **state)
{
	(void)state;
	struct m_session s;
	struct net *n = session(&s);
	struct got poll, sibling;
	struct chain c = { .n = n };
	c.victim = start_long_poll(n, latest_seq(n), &poll);
	net_request(n, "GET", "/api/v1/health", NULL, NULL, 10000, on_chain, &c);
	pump(n, &c.next.calls, 1, 15);
	assert_int_equal(c.calls, 1);
	assert_int_equal(c.next.status, 200);
	assert_int_equal(poll.calls, 0);
	assert_int_equal(net_inflight(n), 0);
	got_free(&c.next);

	/* Freed from a callback: the others in flight never call back. */
	struct chain f = { .n = n };
	start_long_poll(n, latest_seq(n), &poll);
	memset(&sibling, 0, sizeof sibling);
	net_request(n, "GET", "/api/v1/health", NULL, NULL, 10000, on_free, &f);
	net_request(n, "GET", "/api/v1/health", NULL, NULL, 10000, on_reply, &sibling);
	double end = now_s() + 15;
	while (f.calls == 0) {
		assert_true(now_s() < end);
		bool ready;
		assert_int_equal(net_wait(n, -1, 100, &ready), 0);
		net_dispatch(n);        /* n is gone once f.calls is set */
	}
	assert_int_equal(poll.calls, 0);
	assert_true(sibling.calls <= 1);   /* only if it finished first */
	got_free(&sibling);
	m_free(&m_session_desc, &s);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_login_and_token),
		T(test_concurrent_requests),
		T(test_long_poll_answered_early),
		T(test_real_replies_decode),
		T(test_wait_wakes_for_fd_and_wakeup),
		T(test_dead_server),
		T(test_cancel_long_poll),
		T(test_free_with_requests_in_flight),
		T(test_callbacks_start_cancel_and_free),
	};
#undef T
	return cmocka_run_group_tests(tests, NULL, NULL);
}
