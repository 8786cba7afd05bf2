/* test_capacity.c - nobody can take every connection of wicketd.
 *
 * wicketd once ran a thread per connection, 512 at most: idle sockets,
 * slow senders and parked long-polls of one client could leave no place
 * for a clerk.  Here more of them than that are held open (from several
 * loopback addresses, 127.0.0.2 and on, each within --per-ip-connections)
 * while a clerk calls on a new connection, and the call's event wakes the
 * parked long-polls; one address over its limit is refused while another
 * gets through; a session has at most EV_PARKED_PER_TOKEN long-polls
 * parked; a long-poll waits out its wait even past --connection-timeout,
 * while an idle socket is closed at it; stopping answers the parked ones. */
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
#include <cmocka.h>

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"
#include "wicket/common/xalloc.h"

#define IDLE 420           /* idle sockets: connected, nothing sent */
#define SLOW 60            /* slow senders: a byte of a request now and then */
#define TOKENS 10          /* sessions, each with its fill of parked long-polls */
#define PARKED_PER_TOKEN 4 /* EV_PARKED_PER_TOKEN of srv.h */
#define PER_ADDR 60        /* sockets opened from each loopback address (limit 64) */

static struct wd W;

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int wd_port(const struct wd *w)
{
	const char *colon = strrchr(w->url, ':');
	assert_non_null(colon);
	return atoi(colon + 1);
}

/* A TCP connection to w from the local address src ("127.0.0.2"). */
static int sock_open(const struct wd *w, const char *src)
{
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	assert_true(fd >= 0);
	struct sockaddr_in a = { .sin_family = AF_INET };
	assert_int_equal(inet_pton(AF_INET, src, &a.sin_addr), 1);
	assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof a), 0);
	a.sin_port = htons((uint16_t)wd_port(w));
	assert_int_equal(inet_pton(AF_INET, "127.0.0.1", &a.sin_addr), 1);
	assert_int_equal(connect(fd, (struct sockaddr *)&a, sizeof a), 0);
	return fd;
}

/* The source address for the i-th socket: PER_ADDR from each, from base on. */
static const char *sock_src(int i, int base, char out[32])
{
	snprintf(out, 32, "127.0.0.%d", base + i / PER_ADDR);
	return out;
}

static void sock_send(int fd, const char *text)
{
	assert_int_equal(send(fd, text, strlen(text), MSG_NOSIGNAL), (ssize_t)strlen(text));
}

/* Read one whole reply (headers and Content-Length bytes of body) within
 * timeout_ms into out[len]: its status, 0 when the server closed the
 * connection first (out then holds what came), -1 on a time-out. */
static int sock_reply(int fd, int timeout_ms, char *out, size_t len)
{
	size_t n = 0;
	double end = now_ms() + timeout_ms;
	out[0] = '\0';
	for (;;) {
		char *body = strstr(out, "\r\n\r\n");
		const char *cl = strstr(out, "Content-Length:");
		if (!cl)
			cl = strstr(out, "content-length:");
		if (body && cl && n - (size_t)(body + 4 - out) >= strtoul(cl + 15, NULL, 10))
			return atoi(out + 9);
		int left = (int)(end - now_ms());
		struct pollfd p = { .fd = fd, .events = POLLIN };
		if (left <= 0 || poll(&p, 1, left) == 0)
			return -1;
		ssize_t got = recv(fd, out + n, len - 1 - n, 0);
		if (got <= 0)
			return 0;
		n += (size_t)got;
		out[n] = '\0';
	}
}

/* A long-poll after seq since, waiting up to wait seconds, sent on fd. */
static void long_poll(int fd, const char *token, long long since, int wait)
{
	char req[512];
	snprintf(req, sizeof req, "GET /api/v1/events?since=%lld&wait=%d HTTP/1.1\r\n"
		 "Host: wicketd\r\nAuthorization: Bearer %s\r\n\r\n", since, wait, token);
	sock_send(fd, req);
}

static long long feed_last(const char *token)
{
	cJSON *j = wd_call(&W, "GET", "/api/v1/events", token, NULL, 200);
	long long last = (long long)jnum(j, "last");
	cJSON_Delete(j);
	return last;
}

static int teardown(void **state)
{
	(void)state;
	wd_stop(&W);
	return 0;
}

/* More idle, slow and parked connections than the old 512 threads, and a
 * clerk still calls promptly on a new connection; the call's event
 * answers every parked long-poll. */
static void test_clerk_calls_past_old_limit(void **state)
{
	(void)state;
	wd_start_logging(&W, true, NULL);
	char *kiosk = wd_login(&W, "kiosk", 0);
	char *clerk = wd_login(&W, "clerk1", 1);
	char *tokens[TOKENS];
	for (int i = 0; i < TOKENS; i++)
		tokens[i] = wd_login(&W, "supervisor", 0);
	cJSON_Delete(wd_call(&W, "POST", "/api/v1/tickets", kiosk, "{\"service\":\"MAR\"}", 201));
	cJSON_Delete(wd_call(&W, "POST", "/api/v1/windows/1/open", clerk, NULL, 200));
	long long since = feed_last(clerk);

	char src[32], line[96];
	int idle[IDLE], slow[SLOW], polls[TOKENS * PARKED_PER_TOKEN];
	for (int i = 0; i < TOKENS * PARKED_PER_TOKEN; i++) {
		polls[i] = sock_open(&W, sock_src(i, 30, src));
		long_poll(polls[i], tokens[i / PARKED_PER_TOKEN], since, 60);
	}
	/* Every long-poll parked: the debug line of each has been written. */
	wd_log_wait(&W, wd_parked_line(since, line, sizeof line), TOKENS * PARKED_PER_TOKEN, 20000);
	/* Then more than the old limit, so that the last would have been
	 * refused, and a clerk's connection after them. */
	for (int i = 0; i < IDLE; i++)
		idle[i] = sock_open(&W, sock_src(i, 2, src));
	for (int i = 0; i < SLOW; i++) {
		slow[i] = sock_open(&W, sock_src(i, 20, src));
		sock_send(slow[i], "G");
	}
	for (int i = 0; i < SLOW; i++)
		sock_send(slow[i], "E");
	assert_true(IDLE + SLOW + TOKENS * PARKED_PER_TOKEN > 512);

	/* A clerk's call, on a connection of its own. */
	struct resp r;
	double t0 = now_ms();
	long st = http(&W, "POST", "/api/v1/windows/1/call", clerk, NULL, NULL, &r);
	double took = now_ms() - t0;
	assert_int_equal(st, 200);
	assert_string_equal(jstr(r.json, "status"), "called");
	resp_free(&r);
	print_message("the call took %.1f ms with %d connections held open\n", took,
		      IDLE + SLOW + TOKENS * PARKED_PER_TOKEN);
	assert_true(took < 2000);

	/* The call's event wakes each parked long-poll with the event. */
	static char reply[16384];
	for (int i = 0; i < TOKENS * PARKED_PER_TOKEN; i++) {
		assert_int_equal(sock_reply(polls[i], 10000, reply, sizeof reply), 200);
		assert_non_null(strstr(reply, "\"kind\":\"ticket.called\""));
		close(polls[i]);
	}
	/* The slow senders are still open, and still served once they end. */
	sock_send(slow[0], "T /api/v1/health HTTP/1.1\r\nHost: wicketd\r\n\r\n");
	assert_int_equal(sock_reply(slow[0], 10000, reply, sizeof reply), 200);
	for (int i = 0; i < SLOW; i++)
		close(slow[i]);
	for (int i = 0; i < IDLE; i++)
		close(idle[i]);
	for (int i = 0; i < TOKENS; i++)
		free(tokens[i]);
	free(kiosk);
	free(clerk);
}

/* One address past --per-ip-connections is refused; another is served. */
static void test_per_address_limit(void **state)
{
	(void)state;
	wd_start(&W, true, "--per-ip-connections 8");
	enum { LIMIT = 8 };
	int fds[LIMIT];
	static char reply[16384];
	/* Each of the first eight is served, so each is counted. */
	for (int i = 0; i < LIMIT; i++) {
		fds[i] = sock_open(&W, "127.0.0.2");
		sock_send(fds[i], "GET /api/v1/health HTTP/1.1\r\nHost: wicketd\r\n\r\n");
		assert_int_equal(sock_reply(fds[i], 10000, reply, sizeof reply), 200);
	}
	int extra = sock_open(&W, "127.0.0.2");
	reply[0] = '\0';
	/* A reset is a refusal as well as a close. */
	if (send(extra, "GET /api/v1/health HTTP/1.1\r\nHost: wicketd\r\n\r\n", 47,
		 MSG_NOSIGNAL) == 47)
		assert_int_equal(sock_reply(extra, 10000, reply, sizeof reply), 0);
	assert_null(strstr(reply, "HTTP/1.1"));
	close(extra);

	/* Another address gets through while the first is at its limit. */
	struct wd other = W;
	snprintf(other.source, sizeof other.source, "127.0.0.3");
	struct resp r;
	assert_int_equal(http(&other, "GET", "/api/v1/health", NULL, NULL, NULL, &r), 200);
	resp_free(&r);
	for (int i = 0; i < LIMIT; i++)
		close(fds[i]);
}

/* A session has at most PARKED_PER_TOKEN long-polls parked: the next is
 * refused with 429 too_many_long_polls, another session still parks. */
static void test_parked_per_token(void **state)
{
	(void)state;
	wd_start_logging(&W, true, NULL);
	char *a = wd_login(&W, "supervisor", 0), *b = wd_login(&W, "supervisor", 0);
	char *clerk = wd_login(&W, "clerk1", 1);
	long long since = feed_last(a);
	char line[96];
	int fds[PARKED_PER_TOKEN + 1];
	static char reply[16384];
	for (int i = 0; i < PARKED_PER_TOKEN; i++) {
		fds[i] = sock_open(&W, "127.0.0.2");
		long_poll(fds[i], a, since, 30);
		wd_log_wait(&W, wd_parked_line(since, line, sizeof line), i + 1, 10000);
	}
	int over = sock_open(&W, "127.0.0.2");
	long_poll(over, a, since, 30);
	assert_int_equal(sock_reply(over, 10000, reply, sizeof reply), 429);
	assert_non_null(strstr(reply, "\"code\":\"too_many_long_polls\""));
	assert_non_null(strstr(reply, "Retry-After:"));
	close(over);
	fds[PARKED_PER_TOKEN] = sock_open(&W, "127.0.0.2");
	long_poll(fds[PARKED_PER_TOKEN], b, since, 30);
	wd_log_wait(&W, wd_parked_line(since, line, sizeof line), PARKED_PER_TOKEN + 1, 10000);
	/* An event answers all five. */
	cJSON_Delete(wd_call(&W, "POST", "/api/v1/windows/1/open", clerk, NULL, 200));
	for (int i = 0; i <= PARKED_PER_TOKEN; i++) {
		assert_int_equal(sock_reply(fds[i], 10000, reply, sizeof reply), 200);
		assert_non_null(strstr(reply, "\"kind\":\"window.status\""));
		close(fds[i]);
	}
	/* Answered, they count no more: the session parks its fill again,
	 * and again no more. */
	since = feed_last(a);
	for (int i = 0; i < PARKED_PER_TOKEN; i++) {
		fds[i] = sock_open(&W, "127.0.0.2");
		long_poll(fds[i], a, since, 30);
		wd_log_wait(&W, wd_parked_line(since, line, sizeof line), i + 1, 10000);
	}
	over = sock_open(&W, "127.0.0.2");
	long_poll(over, a, since, 30);
	assert_int_equal(sock_reply(over, 10000, reply, sizeof reply), 429);
	close(over);
	for (int i = 0; i < PARKED_PER_TOKEN; i++)
		close(fds[i]);
	free(a);
	free(b);
	free(clerk);
}

/* A burst of changes is one answer: the waiters are answered
 * --events-batch-ms after the first change (1 s here, to leave no doubt),
 * with every change made meanwhile; with no batching (0) the first change
 * answers at once. */
static void test_burst_is_one_answer(void **state)
{
	(void)state;
	wd_start_logging(&W, true, "--events-batch-ms 1000 --kiosk-tickets 0");
	char *a = wd_login(&W, "supervisor", 0), *kiosk = wd_login(&W, "kiosk", 0);
	long long since = feed_last(a);
	char line[96];
	static char reply[65536];
	int fd = sock_open(&W, "127.0.0.2");
	long_poll(fd, a, since, 30);
	wd_log_wait(&W, wd_parked_line(since, line, sizeof line), 1, 10000);
	double t0 = now_ms();
	for (int i = 0; i < 5; i++)
		cJSON_Delete(wd_call(&W, "POST", "/api/v1/tickets", kiosk, "{\"service\":\"MAR\"}", 201));
	assert_true(now_ms() - t0 < 900);     /* (the five were made within the batch) */
	assert_int_equal(sock_reply(fd, 10000, reply, sizeof reply), 200);
	int issued = 0;
	for (const char *p = reply; (p = strstr(p, "\"kind\":\"ticket.issued\"")) != NULL; p++)
		issued++;
	assert_int_equal(issued, 5);
	close(fd);
	free(a);
	free(kiosk);
}

/* A parked long-poll is answered empty when its wait is over, even past
 * --connection-timeout, at which an idle socket is closed. */
static void test_wait_outlasts_connection_timeout(void **state)
{
	(void)state;
	wd_start_logging(&W, true, "--connection-timeout 2");
	char *a = wd_login(&W, "supervisor", 0);
	long long since = feed_last(a);
	char line[96];
	static char reply[16384];
	int idle = sock_open(&W, "127.0.0.2");
	int poll_fd = sock_open(&W, "127.0.0.2");
	double t0 = now_ms();
	long_poll(poll_fd, a, since, 4);
	wd_log_wait(&W, wd_parked_line(since, line, sizeof line), 1, 10000);
	/* The idle socket is closed at about 2 s, the long-poll not. */
	assert_int_equal(sock_reply(idle, 10000, reply, sizeof reply), 0);
	double idle_closed = now_ms() - t0;
	assert_int_equal(sock_reply(poll_fd, 10000, reply, sizeof reply), 200);
	double answered = now_ms() - t0;
	print_message("idle socket closed after %.0f ms, long-poll answered after %.0f ms\n",
		      idle_closed, answered);
	char expect[64];
	snprintf(expect, sizeof expect, "{\"events\":[],\"last\":%lld}", since);
	assert_non_null(strstr(reply, expect));
	assert_true(idle_closed >= 1500 && idle_closed < 3900);
	assert_true(answered >= 3900 && answered < 8000);
	close(idle);
	close(poll_fd);
	free(a);
}

/* Stopping with long-polls parked: wicketd exits cleanly and at once
 * (libmicrohttpd must not be stopped with a connection suspended: it would
 * abort), and each long-poll is answered empty or its connection closed,
 * none left hanging. */
static void test_stop_with_parked(void **state)
{
	(void)state;
	wd_start_logging(&W, true, NULL);
	char *a = wd_login(&W, "supervisor", 0);
	long long since = feed_last(a);
	char line[96];
	static char reply[16384];
	int fds[3];
	for (int i = 0; i < 3; i++) {
		fds[i] = sock_open(&W, "127.0.0.2");
		long_poll(fds[i], a, since, 60);
		wd_log_wait(&W, wd_parked_line(since, line, sizeof line), i + 1, 10000);
	}
	double t0 = now_ms();
	assert_int_equal(wd_term(&W), 0);
	assert_true(now_ms() - t0 < 10000);
	char expect[64];
	snprintf(expect, sizeof expect, "{\"events\":[],\"last\":%lld}", since);
	for (int i = 0; i < 3; i++) {
		int st = sock_reply(fds[i], 10000, reply, sizeof reply);
		assert_true(st == 200 || st == 0);
		if (st == 200)
			assert_non_null(strstr(reply, expect));
		close(fds[i]);
	}
	free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_clerk_calls_past_old_limit, teardown),
		cmocka_unit_test_teardown(test_per_address_limit, teardown),
		cmocka_unit_test_teardown(test_parked_per_token, teardown),
		cmocka_unit_test_teardown(test_burst_is_one_answer, teardown),
		cmocka_unit_test_teardown(test_wait_outlasts_connection_timeout, teardown),
		cmocka_unit_test_teardown(test_stop_with_parked, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
