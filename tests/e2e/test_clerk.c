/* A clerk's whole day in miniature, end to end: the real wicket on a
 * pseudo-terminal (rendered by libvterm) against a real wicketd on a
 * temporary database.  No sleeps: the client's ready signal and the screen's
 * text are waited for, with timeouts only as failure bounds. */
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
#include <signal.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <strings.h>
#include <dirent.h>
#include <sys/stat.h>
#include <sys/socket.h>
#include <time.h>
#include <cmocka.h>

#include <curl/curl.h>

#include "client.h"
#include "harness.h"
#include "term.h"
#include "wicket/common/buf.h"
#include "wicket/common/xalloc.h"

#define WAIT 10000   /* ms: a bound for failures, never a pause */

/* The wicketd of the test under way: each test starts its own (setup) and
 * stops it (teardown), so one test's failure or leftovers never reach the
 * next, and each passes or fails alone, in any order. */
static struct wd W;

/* wicket signed in as clerk1 at window 1, showing view (the counter, unless
 * something is there for the clerk to see first); its files in the test's
 * directory, extra_env (may be NULL) added to its environment. */
static struct term *client_signed_in_to(const char *lang, int rows, int cols, const char *extra_env,
					const char *view)
{
	const char *const args[] = { "--user", "clerk1", "--window", "1", NULL };
	return client_sign_in(W.url, W.dir, args, lang, extra_env, rows, cols, view);
}

static struct term *client_signed_in(const char *lang, int rows, int cols, const char *extra_env)
{
	return client_signed_in_to(lang, rows, cols, extra_env, "counter");
}

/* Each test's wicketd is new, so window 1 starts closed and signing in
 * opens it: an action of the clerk's, journaled and sent.  Wait until the
 * server has answered it (the window shown open, and nothing pending on an
 * English status line) before a test stops the server or asks it directly,
 * so that the opening is not still on its way. */
static void window_opened(struct term *t)
{
	client_expect(t, "Window 1 · open");
	client_expect(t, "online · served today");
}

/* Wait until the demo hall's queue is on the screen (it has waiting
 * tickets): its read may come after the window's. */
static void queue_read(struct term *t)
{
	client_expect(t, "Queue (");
	assert_int_equal(term_wait_gone(t, "Queue (0 waiting)", WAIT), 0);
}

static void key(struct term *t, VTermKey k)
{
	term_key(t, k, VTERM_MOD_NONE);
}

static void press(struct term *t, const char *s)
{
	term_type(t, s);
}

/* A question was asked (a picker): answer it with the digit d. */
static void answer(struct term *t, const char *d)
{
	assert_int_equal(term_wait_ready(t, "picker", WAIT), 0);
	term_type(t, d);
}

/* A fresh wicketd (--demo, its own database and directory) for one test. */
static int setup(void **state)
{
	(void)state;
	wd_start(&W, true, NULL);
	return 0;
}

/* Stop the test's wicketd and remove its directory, passed or failed. */
static void relay_stop(void);

static int teardown(void **state)
{
	(void)state;
	relay_stop();          /* a failed relay test's held answers go */
	if (W.pid > 0)
		kill(W.pid, SIGCONT);  /* a failed test_slow_answer_pending's */
	wd_stop(&W);
	return 0;
}

/* ---- a relay between the client and wicketd that holds GET /windows ----
 *
 * Issue 12's race made deterministic: once armed, the answer to the first
 * window read asked of wicketd after F2's answer went (so it says "called")
 * is held until the test lets it go, after F5's answer is
 * on the screen; every window read after it is held too (until the relay is
 * stopped), so that nothing corrects what that old answer did.  One thread
 * per client connection, one upstream connection per request; wicketd's
 * answers carry Content-Length. */
enum relay_state { RELAY_PASS, RELAY_ARMED, RELAY_HOLD_NEXT, RELAY_HOLDING, RELAY_RELEASED, RELAY_OFF,
		   RELAY_HOLD_FINISH };

static struct relay {
	int lfd;
	int upstream;              /* wicketd's port */
	char url[64];
	pthread_mutex_t mu;
	pthread_cond_t cv;
	enum relay_state state;
	int reads_after_release;   /* window reads that arrived after the release */
} R = { .lfd = -1, .mu = PTHREAD_MUTEX_INITIALIZER, .cv = PTHREAD_COND_INITIALIZER };

/* Read one HTTP message (headers, then Content-Length bytes) from fd into
 * b, starting with what is already in b; false on EOF or a malformed one. */
static bool relay_read_message(int fd, struct buf *b, size_t *len)
{
	char chunk[4096];
	for (;;) {
		char *end = b->len ? strstr(b->data, "\r\n\r\n") : NULL;
		if (end) {
			size_t head = (size_t)(end - b->data) + 4, body = 0;
			for (char *h = b->data; h && h < end; h = strstr(h, "\r\n"), h = h ? h + 2 : NULL)
				if (strncasecmp(h, "Content-Length:", 15) == 0)
					body = strtoul(h + 15, NULL, 10);
			while (b->len < head + body) {
				ssize_t n = read(fd, chunk, sizeof chunk);
				if (n <= 0)
					return false;
				buf_add(b, chunk, (size_t)n);
			}
			*len = head + body;
			return true;
		}
		ssize_t n = read(fd, chunk, sizeof chunk);
		if (n <= 0)
			return false;
		buf_add(b, chunk, (size_t)n);
	}
}

static bool relay_write(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t k = write(fd, p, n);
		if (k <= 0)
			return false;
		p += k;
		n -= (size_t)k;
	}
	return true;
}

/* One request sent to wicketd on a connection of its own; its answer in
 * *answer (malloc'd, *alen bytes). */
static bool relay_ask(const char *req, size_t len, char **answer, size_t *alen)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)R.upstream) };
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	struct buf b = { 0 };
	bool ok = fd >= 0 && connect(fd, (struct sockaddr *)&a, sizeof a) == 0 && relay_write(fd, req, len) &&
		  relay_read_message(fd, &b, alen);
	if (fd >= 0)
		close(fd);
	*answer = b.data;
	return ok;
}

/* Whether the request is GET /api/v1/windows (the hall's windows). */
static bool relay_is_window_read(const char *req)
{
	return strncmp(req, "GET /api/v1/windows ", 20) == 0 || strncmp(req, "GET /api/v1/windows?", 20) == 0;
}

/* A window read's answer waits while the relay holds it; so does F9's
 * (POST .../finish) once the relay is set to RELAY_HOLD_FINISH, until it
 * is set to anything else. */
static void relay_hold(const char *req)
{
	pthread_mutex_lock(&R.mu);
	if (R.state == RELAY_HOLD_FINISH && strncmp(req, "POST ", 5) == 0 && strstr(req, "/finish HTTP/")) {
		R.state = RELAY_HOLDING;
		pthread_cond_broadcast(&R.cv);
		while (R.state == RELAY_HOLDING)
			pthread_cond_wait(&R.cv, &R.mu);
		pthread_mutex_unlock(&R.mu);
		return;
	}
	pthread_mutex_unlock(&R.mu);
	if (!relay_is_window_read(req))
		return;
	pthread_mutex_lock(&R.mu);
	if (R.state == RELAY_RELEASED) {
		R.reads_after_release++;
		pthread_cond_broadcast(&R.cv);
	}
	if (R.state == RELAY_HOLD_NEXT) {
		R.state = RELAY_HOLDING;
		pthread_cond_broadcast(&R.cv);
		while (R.state == RELAY_HOLDING)
			pthread_cond_wait(&R.cv, &R.mu);
	} else {
		while (R.state == RELAY_RELEASED)
			pthread_cond_wait(&R.cv, &R.mu);
	}
	pthread_mutex_unlock(&R.mu);
}

static void *relay_conn(void *arg)
{
	int fd = (int)(intptr_t)arg;
	struct buf in = { 0 };
	size_t len, alen;
	char *answer;
	while (relay_read_message(fd, &in, &len)) {
		char *req = xmalloc(len + 1);
		memcpy(req, in.data, len);
		req[len] = '\0';
		memmove(in.data, in.data + len, in.len - len);
		in.len -= len;
		bool ok = relay_ask(req, len, &answer, &alen);
		if (ok)
			relay_hold(req);
		ok = ok && relay_write(fd, answer, alen);
		if (ok && strncmp(req, "POST ", 5) == 0 && strstr(req, "/call HTTP/")) {
			pthread_mutex_lock(&R.mu);
			if (R.state == RELAY_ARMED)
				R.state = RELAY_HOLD_NEXT;
			pthread_mutex_unlock(&R.mu);
		}
		free(answer);
		free(req);
		if (!ok)
			break;
	}
	free(in.data);
	close(fd);
	return NULL;
}

static void *relay_accept(void *arg)
{
	(void)arg;
	int fd;
	while ((fd = accept(R.lfd, NULL, NULL)) >= 0) {
		pthread_t th;
		if (pthread_create(&th, NULL, relay_conn, (void *)(intptr_t)fd) == 0)
			pthread_detach(th);
		else
			close(fd);
	}
	return NULL;
}

/* Start the relay in front of W (passing everything); its url in R.url. */
static void relay_start(void)
{
	assert_int_equal(sscanf(W.url, "http://127.0.0.1:%d", &R.upstream), 1);
	R.lfd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = { .sin_family = AF_INET };
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	socklen_t alen = sizeof a;
	assert_int_equal(bind(R.lfd, (struct sockaddr *)&a, sizeof a), 0);
	assert_int_equal(listen(R.lfd, 64), 0);
	assert_int_equal(getsockname(R.lfd, (struct sockaddr *)&a, &alen), 0);
	snprintf(R.url, sizeof R.url, "http://127.0.0.1:%d", ntohs(a.sin_port));
	R.state = RELAY_PASS;
	R.reads_after_release = 0;
	pthread_t th;
	assert_int_equal(pthread_create(&th, NULL, relay_accept, NULL), 0);
	pthread_detach(th);
}

static void relay_set(enum relay_state st)
{
	pthread_mutex_lock(&R.mu);
	R.state = st;
	pthread_cond_broadcast(&R.cv);
	pthread_mutex_unlock(&R.mu);
}

/* Wait (at most WAIT ms) until the relay holds a window read (st
 * RELAY_HOLDING), or until n window reads came after the release. */
static bool relay_wait(enum relay_state st, int n)
{
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += WAIT / 1000;
	pthread_mutex_lock(&R.mu);
	int rc = 0;
	while (rc == 0 && !(st == RELAY_HOLDING ? R.state == RELAY_HOLDING : R.reads_after_release >= n))
		rc = pthread_cond_timedwait(&R.cv, &R.mu, &until);
	bool ok = st == RELAY_HOLDING ? R.state == RELAY_HOLDING : R.reads_after_release >= n;
	pthread_mutex_unlock(&R.mu);
	return ok;
}

/* Everything passes again; the listener closes (the threads end with
 * their connections). */
static void relay_stop(void)
{
	relay_set(RELAY_OFF);
	if (R.lfd >= 0) {
		shutdown(R.lfd, SHUT_RDWR);
		close(R.lfd);
	}
	R.lfd = -1;
}

/* The relay started (passing everything), and clerk1 signed in at window 1
 * through it, the window open. */
static struct term *client_through_relay(void)
{
	relay_start();
	const char *const args[] = { "--user", "clerk1", "--window", "1", NULL };
	struct term *t = client_sign_in(R.url, W.dir, args, "en_US.UTF-8", NULL, 24, 80, "counter");
	window_opened(t);
	return t;
}

/* Issue 12: the window read sent after F2's answer is answered by the
 * server before F5 (start) is done, but reaches the client after F5's
 * answer.  That old answer must not put the ticket back to "called": F9
 * finishes the applicant (it was refused with "Start serving the applicant
 * first" while the screen showed them served). */
static void test_old_window_read_never_undoes_start(void **state)
{
	(void)state;
	struct term *t = client_through_relay();
	relay_set(RELAY_ARMED);
	key(t, VTERM_KEY_FUNCTION(2));
	client_expect(t, "Called ");
	/* A read of the windows after the call (^L: the call's answer itself
	 * reads nothing again), answered "called" and held. */
	press(t, "\x0c");
	assert_true(relay_wait(RELAY_HOLDING, 0));
	key(t, VTERM_KEY_FUNCTION(5));
	client_expect(t, "Serving ");
	/* The old answer arrives now; the client's next read of the windows
	 * (^L's, asked again once the old one is answered) says it has been
	 * taken in (that read and later ones stay held). */
	relay_set(RELAY_RELEASED);
	press(t, "\x0c");
	assert_true(relay_wait(RELAY_RELEASED, 1));
	key(t, VTERM_KEY_FUNCTION(9));
	client_expect(t, "Finished ");
	assert_false(term_contains(t, "Start serving the applicant first"));
	relay_stop();
	client_quit(t);
}

/* The feed's event of the clerk's own F9 may come before F9's answer (the
 * server wakes the feed as it commits, and a write's answer now goes after
 * its batch's commit), and the window read it makes may come back first
 * too, without the applicant.  The message about them stays until the
 * answer says what became of them: never "A003 is no longer at the
 * window", which is said when someone else took the applicant away. */
static void test_answer_after_its_echo(void **state)
{
	(void)state;
	struct term *t = client_through_relay();
	key(t, VTERM_KEY_FUNCTION(2));
	client_expect(t, "Called ");
	key(t, VTERM_KEY_FUNCTION(5));
	client_expect(t, "Serving ");
	relay_set(RELAY_HOLD_FINISH);
	key(t, VTERM_KEY_FUNCTION(9));
	assert_true(relay_wait(RELAY_HOLDING, 0));
	/* The echo's read of the window: nobody there, the answer still held. */
	client_expect(t, "No applicant. Press F2");
	assert_true(term_contains(t, "Serving "));
	relay_set(RELAY_PASS);
	client_expect(t, "Finished ");
	assert_false(term_contains(t, "no longer at the window"));
	relay_stop();
	client_quit(t);
}

/* GET path as the supervisor; the caller frees the reply. */
static void as_supervisor(const char *path, struct resp *r)
{
	char *tok = wd_login(&W, "supervisor", 0);
	assert_int_equal(http(&W, "GET", path, tok, NULL, NULL, r), 200);
	free(tok);
}

static void test_signin_form(void **state)
{
	(void)state;
	const char *argv[] = { getenv("WICKET"), "--server", W.url, NULL };
	struct term *t = term_spawn(argv, client_env(W.dir, "en_US.UTF-8", NULL, NULL), 24, 80);
	assert_non_null(t);
	assert_int_equal(term_wait_ready(t, "signin", WAIT), 0);
	assert_true(term_contains(t, "Sign in"));
	assert_true(term_contains(t, W.url));
	/* Wrong password: a clear message, and the clerk stays on the form. */
	press(t, "clerk1");
	key(t, VTERM_KEY_ENTER);
	press(t, "wrong");
	key(t, VTERM_KEY_ENTER);
	press(t, "1");
	key(t, VTERM_KEY_ENTER);
	key(t, VTERM_KEY_ENTER);                        /* no drill code */
	client_expect(t, "Wrong user name or password.");
	assert_int_equal(term_wait_ready(t, "signin", WAIT), 0);
	assert_false(term_contains(t, "wrong"));       /* the password is masked */
	/* Correct it: back to the password, clear, type, and submit. */
	key(t, VTERM_KEY_UP);                           /* past the drill code and the window */
	key(t, VTERM_KEY_UP);
	press(t, "\x15");                               /* ^U clears the field */
	press(t, "demo");
	key(t, VTERM_KEY_ENTER);
	key(t, VTERM_KEY_ENTER);
	key(t, VTERM_KEY_ENTER);
	assert_int_equal(term_wait_ready(t, "counter", WAIT), 0);
	client_expect(t, "Window 1 · open");
	client_quit(t);
}

/* Signing in to url fails with why on the form; Esc leaves. */
static void expect_signin_fails(const char *url, const char *why)
{
	const char *argv[] = { getenv("WICKET"), "--server", url, "--user", "clerk1", "--window", "1", NULL };
	struct term *t = term_spawn(argv, client_env(W.dir, "en_US.UTF-8", "demo", NULL), 24, 80);
	assert_non_null(t);
	client_expect(t, why);
	assert_int_equal(term_wait_ready(t, "signin", WAIT), 0);
	key(t, VTERM_KEY_ESCAPE);
	assert_int_equal(term_wait_exit(t, WAIT), 0);
	term_close(t);
}

static void test_unreachable_server(void **state)
{
	(void)state;
	expect_signin_fails("http://127.0.0.1:1", "Cannot reach the server");
}

/* The server from the configuration file, the password from the
 * environment: straight to the counter, no form. */
static void test_config_file(void **state)
{
	(void)state;
	char dir[sizeof W.dir + 32], path[sizeof dir + 16], cmd[sizeof dir + 32];
	snprintf(dir, sizeof dir, "%s/config/wicket", W.dir);
	snprintf(cmd, sizeof cmd, "mkdir -p '%s'", dir);
	assert_int_equal(system(cmd), 0);
	snprintf(path, sizeof path, "%s/config", dir);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fprintf(f, "# window 1 of the demo hall\nserver %s\nuser clerk1\nwindow 1\n"
		   "bind counter F12 call-next\n", W.url);
	fclose(f);
	const char *argv[] = { getenv("WICKET"), NULL };
	struct term *t = term_spawn(argv, client_env(W.dir, "en_US.UTF-8", "demo", NULL), 24, 80);
	assert_non_null(t);
	assert_int_equal(term_wait_ready(t, "counter", WAIT), 0);
	window_opened(t);
	key(t, VTERM_KEY_FUNCTION(12));                  /* the file's own binding */
	client_expect(t, "Called ");
	key(t, VTERM_KEY_FUNCTION(4));
	answer(t, "1");                                  /* yes, not present */
	client_expect(t, "marked as not present");
	client_quit(t);
	unlink(path);
}

/* The server from WICKET_SERVER; pause with a reason and resume; call a
 * chosen ticket; transfer it to another window; the open-cases screen. */
static void test_window_actions(void **state)
{
	(void)state;
	char server[sizeof W.url + 16];
	snprintf(server, sizeof server, "WICKET_SERVER=%s", W.url);
	const char *extra[] = { server, NULL };
	const char *argv[] = { getenv("WICKET"), "--user", "clerk1", "--window", "1", NULL };
	struct term *t = term_spawn(argv, client_env(W.dir, "en_US.UTF-8", "demo", extra), 24, 80);
	assert_non_null(t);
	assert_int_equal(term_wait_ready(t, "counter", WAIT), 0);
	window_opened(t);

	key(t, VTERM_KEY_FUNCTION(7));
	answer(t, "1");                                  /* the hall's first preset */
	client_expect(t, "paused: 午休");
	key(t, VTERM_KEY_FUNCTION(2));
	client_expect(t, "The window is not open");
	key(t, VTERM_KEY_FUNCTION(7));
	client_expect(t, "Window 1 · open");

	/* The second ticket in the queue, out of order. */
	queue_read(t);
	char *row = term_row(t, 3);
	assert_non_null(row);
	char number[8];
	snprintf(number, sizeof number, "%.4s", row + 1);
	free(row);
	key(t, VTERM_KEY_DOWN);
	press(t, "c");
	char called[32];
	snprintf(called, sizeof called, "Called %s.", number);
	client_expect(t, called);

	/* Window 2 open: no question about it, only the reason. */
	struct resp r;
	char *tok = wd_login(&W, "clerk2", 2);
	http(&W, "POST", "/api/v1/windows/2/open", tok, NULL, NULL, &r);
	resp_free(&r);
	key(t, VTERM_KEY_FUNCTION(6));
	assert_int_equal(term_wait_ready(t, "picker", WAIT), 0);
	client_expect(t, "2号窗口 (open)");            /* the name says the number: once */
	press(t, "1");
	assert_int_equal(term_wait_ready(t, "dialog", WAIT), 0);
	key(t, VTERM_KEY_ENTER);                         /* no reason given */
	client_expect(t, "sent to 2号窗口");
	assert_int_equal(http(&W, "GET", "/api/v1/windows/2/queue", tok, NULL, NULL, &r), 200);
	assert_non_null(strstr(r.body, number));   /* waiting at window 2 now */
	resp_free(&r);
	free(tok);

	key(t, VTERM_KEY_FUNCTION(8));
	assert_int_equal(term_wait_ready(t, "cases", WAIT), 0);
	client_expect(t, "Open cases of the window's services");
	key(t, VTERM_KEY_ESCAPE);
	assert_int_equal(term_wait_ready(t, "counter", WAIT), 0);
	client_quit(t);
}

/* https to a server that speaks plain HTTP: the TLS handshake fails, and
 * the clerk reads that on the form. */
static void test_tls_failure(void **state)
{
	(void)state;
	char url[sizeof W.url + 8];
	snprintf(url, sizeof url, "https://%.*s", (int)sizeof W.url - 8, W.url + strlen("http://"));
	expect_signin_fails(url, "TLS failure");
}

/* The materials of MAR-03 in the demo hall: 1-3 required, 4-5 optional. */
static void test_whole_flow(void **state)
{
	(void)state;
	struct term *t = client_signed_in("en_US.UTF-8", 30, 100, NULL);
	window_opened(t);
	client_expect(t, "Queue (");

	key(t, VTERM_KEY_FUNCTION(2));
	client_expect(t, "Called ");
	/* Recall and start pressed back to back: the second waits for the
	 * first's answer (type-ahead), it is not dropped. */
	key(t, VTERM_KEY_FUNCTION(3));
	key(t, VTERM_KEY_FUNCTION(5));
	client_expect(t, "Serving ");
	client_expect(t, "Recalled 1 time");

	/* The matter, then the case screen with its checklist. */
	key(t, VTERM_KEY_ENTER);
	assert_int_equal(term_wait_ready(t, "picker", WAIT), 0);
	press(t, "3");
	assert_int_equal(term_wait_ready(t, "case", WAIT), 0);
	client_expect(t, "补领结婚证");
	client_expect(t, "Required materials ticked: 0 of 3");
	key(t, VTERM_KEY_ENTER);                        /* tick the ID card */
	client_expect(t, "Required materials ticked: 1 of 3");
	press(t, "i");
	assert_int_equal(term_wait_ready(t, "dialog", WAIT), 0);
	press(t, "张三");
	key(t, VTERM_KEY_TAB);
	press(t, "11010519491231002X");
	key(t, VTERM_KEY_TAB);
	press(t, "13800138000");
	key(t, VTERM_KEY_ENTER);
	assert_int_equal(term_wait_ready(t, "case", WAIT), 0);
	client_expect(t, "张三");

	/* Two required materials missing: the one-time notice lists them. */
	press(t, "a");
	assert_int_equal(term_wait_ready(t, "picker", WAIT), 0);
	client_expect(t, "One-time notice: 2 required materials missing");
	press(t, "1");
	client_expect(t, "One-time notice");
	client_expect(t, "Notice written to");
	struct resp r;
	as_supervisor("/api/v1/cases?status=notified", &r);
	const cJSON *cases = cJSON_GetObjectItem(r.json, "cases");
	assert_int_equal(cJSON_GetArraySize(cases), 1);
	const cJSON *k = cJSON_GetArrayItem(cases, 0);
	const cJSON *missing = cJSON_GetObjectItem(k, "missing");
	assert_int_equal(cJSON_GetArraySize(missing), 2);
	assert_int_equal(cJSON_GetArrayItem(missing, 0)->valueint, 2);
	assert_int_equal(cJSON_GetArrayItem(missing, 1)->valueint, 3);
	char path[512];
	snprintf(path, sizeof path, "%s/state/wicket/papers/notice-%s.txt", W.dir, jstr(k, "number"));
	resp_free(&r);
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	char text[4096];
	size_t n = fread(text, 1, sizeof text - 1, f);
	text[n] = '\0';
	fclose(f);
	assert_non_null(strstr(text, "申请补领婚姻登记证声明书"));
	assert_non_null(strstr(text, "近期2寸半身免冠照片"));
	assert_null(strstr(text, "本人有效居民身份证"));   /* received: not listed */
	assert_non_null(strstr(text, ", 1 copy)\n"));     /* the form and its copies, said */
	assert_null(strstr(text, "MAR-"));                /* the matter's name, not its code */

	/* The applicant brings them: tick, accept, complete, rate. */
	key(t, VTERM_KEY_DOWN);
	key(t, VTERM_KEY_ENTER);
	key(t, VTERM_KEY_DOWN);
	key(t, VTERM_KEY_ENTER);
	client_expect(t, "[x] *近期2寸半身免冠照片");
	client_accept_case(t);
	client_expect(t, "Accepted: case");
	press(t, "d");
	assert_int_equal(term_wait_ready(t, "dialog", WAIT), 0);
	press(t, "准予补领");
	key(t, VTERM_KEY_ENTER);
	client_expect(t, "completed on time");
	client_expect(t, "Result: 准予补领");
	press(t, "v");
	assert_int_equal(term_wait_ready(t, "picker", WAIT), 0);
	press(t, "4");
	client_expect(t, "Rating: 4 satisfied");

	as_supervisor("/api/v1/cases?status=completed", &r);
	k = cJSON_GetArrayItem(cJSON_GetObjectItem(r.json, "cases"), 0);
	assert_non_null(k);
	assert_int_equal((int)jnum(k, "rating"), 4);
	resp_free(&r);

	key(t, VTERM_KEY_FUNCTION(9));
	client_expect(t, "Finished ");
	assert_int_equal(term_wait_ready(t, "counter", WAIT), 0);
	client_expect(t, "No applicant.");
	client_quit(t);
}

static void test_live_queue_update(void **state)
{
	(void)state;
	struct term *t = client_signed_in("en_US.UTF-8", 24, 80, NULL);
	struct resp r;
	char *tok = wd_login(&W, "clerk1", 1);
	assert_int_equal(http(&W, "GET", "/api/v1/windows/1/queue", tok, NULL, NULL, &r), 200);
	int before = cJSON_GetArraySize(cJSON_GetObjectItem(r.json, "tickets"));
	resp_free(&r);
	char want[64];
	snprintf(want, sizeof want, "Queue (%d waiting)", before);
	client_expect(t, want);
	/* The kiosk issues a ticket: the event feed brings it to the screen. */
	char *kiosk = wd_login(&W, "kiosk", 0);
	assert_int_equal(http(&W, "POST", "/api/v1/tickets", kiosk, "{\"service\":\"MAR\",\"priority\":\"elderly\"}",
			      NULL, &r), 201);
	resp_free(&r);
	snprintf(want, sizeof want, "Queue (%d waiting)", before + 1);
	client_expect(t, want);
	client_expect(t, "elderly");
	free(kiosk);
	free(tok);
	client_quit(t);
}

static const char *w_port(void)
{
	return strrchr(W.url, ':') + 1;
}

/* wicketd's arguments to come back on the port it had (static storage). */
static const char *same_port(void)
{
	static char listen[64];
	snprintf(listen, sizeof listen, "--listen 127.0.0.1:%s", w_port());
	return listen;
}

/* The server goes away and comes back: the client shows it, keeps
 * answering keys, and reconnects by itself. */
static void test_server_away_and_back(void **state)
{
	(void)state;
	struct term *t = client_signed_in("en_US.UTF-8", 24, 80, NULL);
	window_opened(t);
	const char *listen = same_port();
	assert_int_equal(wd_term(&W), 0);
	client_expect(t, "offline, reconnecting");
	key(t, VTERM_KEY_FUNCTION(1));                   /* keys still work */
	assert_int_equal(term_wait_ready(t, "help", WAIT), 0);
	key(t, VTERM_KEY_ESCAPE);
	assert_int_equal(term_wait_ready(t, "counter", WAIT), 0);
	key(t, VTERM_KEY_FUNCTION(2));
	client_expect(t, "This needs the server");
	wd_restart(&W, listen);
	client_expect(t, "online");
	client_quit(t);
}

/* ---- the journal: nothing the clerk did is lost when the network is ---- */

/* The last event's seq, to count what happens after it. */
static int64_t events_last(void)
{
	struct resp r;
	as_supervisor("/api/v1/events", &r);
	int64_t last = (int64_t)jnum(r.json, "last");
	resp_free(&r);
	return last;
}

/* How many events of kind about case (or ticket, when case_id is 0) came
 * after seq since. */
static int events_count(int64_t since, const char *kind, int64_t case_id, int64_t ticket)
{
	int n = 0;
	for (;;) {
		char path[96];
		struct resp r;
		snprintf(path, sizeof path, "/api/v1/events?since=%lld", (long long)since);
		as_supervisor(path, &r);
		const cJSON *ev, *list = cJSON_GetObjectItem(r.json, "events");
		int got = cJSON_GetArraySize(list);
		cJSON_ArrayForEach(ev, list) {
			if (strcmp(jstr(ev, "kind"), kind) == 0 &&
			    (case_id ? (int64_t)jnum(ev, "case") == case_id : (int64_t)jnum(ev, "ticket") == ticket))
				n++;
			since = (int64_t)jnum(ev, "seq");
		}
		resp_free(&r);
		if (got == 0)
			return n;
	}
}

/* The case of window 1 in status, as the supervisor sees it: its id. */
static int64_t window1_case(const char *status, int64_t *ticket)
{
	char path[96];
	struct resp r;
	snprintf(path, sizeof path, "/api/v1/cases?window=1&status=%s", status);
	as_supervisor(path, &r);
	const cJSON *cases = cJSON_GetObjectItem(r.json, "cases");
	assert_int_equal(cJSON_GetArraySize(cases), 1);
	const cJSON *k = cJSON_GetArrayItem(cases, 0);
	int64_t id = (int64_t)jnum(k, "id");
	if (ticket)
		*ticket = (int64_t)jnum(k, "ticket");
	resp_free(&r);
	return id;
}


/* The journal file of clerk1 on this server, read whole (caller frees). */
static char *journal_text(void)
{
	char path[512];
	snprintf(path, sizeof path, "%s/state/wicket/journal/journal-clerk1@127.0.0.1_%s", W.dir, w_port());
	struct buf b = BUF_INIT;
	if (buf_read_file(&b, path, 1 << 20) != 0)
		fail_msg("no journal at %s", path);
	return buf_steal(&b);
}

static int count_lines_starting(const char *text, const char *prefix)
{
	int n = 0;
	for (const char *p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
		n += strncmp(p, prefix, strlen(prefix)) == 0;
	return n;
}

/* The server dies in the middle of a case: the clerk completes it, records
 * the rating and finishes the applicant offline; the status line counts
 * what waits; when the server is back, each action arrives exactly once. */
static void test_offline_then_replayed(void **state)
{
	(void)state;
	struct term *t = client_signed_in("en_US.UTF-8", 30, 100, NULL);
	window_opened(t);
	client_serve_to_accepted_case(t);
	int64_t ticket, id = window1_case("accepted", &ticket);
	int64_t since = events_last();
	const char *listen = same_port();

	wd_kill(&W);
	client_expect(t, "offline, reconnecting");
	press(t, "d");
	assert_int_equal(term_wait_ready(t, "dialog", WAIT), 0);
	key(t, VTERM_KEY_ENTER);
	client_expect(t, "offline · 1 pending");
	client_expect(t, "Recorded: it goes to the server");
	/* Whether it was on time is the server's to say, not a guess. */
	client_expect(t, "completed: recorded, the result when the server answers");
	assert_false(term_contains(t, "OVERDUE"));
	assert_false(term_contains(t, "-1 working days"));
	press(t, "v");
	assert_int_equal(term_wait_ready(t, "picker", WAIT), 0);
	press(t, "4");
	client_expect(t, "offline · 2 pending");
	client_expect(t, "Rating: 4 satisfied");
	key(t, VTERM_KEY_FUNCTION(9));
	client_expect(t, "offline · 3 pending");
	assert_int_equal(term_wait_ready(t, "counter", WAIT), 0);
	client_expect(t, "No applicant.");
	key(t, VTERM_KEY_FUNCTION(2));                   /* the next one needs the server */
	client_expect(t, "This needs the server");
	char *j = journal_text();
	assert_int_equal(count_lines_starting(j, "A\t"), 3);
	assert_non_null(strstr(j, "/complete\t"));
	assert_non_null(strstr(j, "{\"level\":4}"));
	free(j);

	wd_restart(&W, listen);
	client_expect(t, "online · served today");
	assert_false(term_contains(t, "pending"));
	struct resp r;
	char path[96];
	snprintf(path, sizeof path, "/api/v1/cases/%lld", (long long)id);
	as_supervisor(path, &r);
	assert_string_equal(jstr(r.json, "status"), "completed");
	assert_int_equal((int)jnum(r.json, "rating"), 4);
	resp_free(&r);
	snprintf(path, sizeof path, "/api/v1/tickets/%lld", (long long)ticket);
	as_supervisor(path, &r);
	assert_string_equal(jstr(r.json, "status"), "done");
	resp_free(&r);
	assert_int_equal(events_count(since, "case.completed", id, 0), 1);
	assert_int_equal(events_count(since, "case.rated", id, 0), 1);
	assert_int_equal(events_count(since, "ticket.finished", 0, ticket), 1);
	j = journal_text();
	assert_string_equal(j, "");                      /* all answered: emptied */
	free(j);
	client_quit(t);
}

/* The clerk quits (or the client dies) with actions unsent: the next
 * sign-in sends them, in order, once. */
static void test_replayed_after_restart(void **state)
{
	(void)state;
	struct term *t = client_signed_in("en_US.UTF-8", 24, 80, NULL);
	window_opened(t);
	key(t, VTERM_KEY_FUNCTION(2));
	client_expect(t, "Called ");
	key(t, VTERM_KEY_FUNCTION(5));
	client_expect(t, "Serving ");
	struct resp r;
	as_supervisor("/api/v1/windows", &r);
	int64_t ticket = 0;
	const cJSON *w;
	cJSON_ArrayForEach(w, cJSON_GetObjectItem(r.json, "windows"))
		if ((int)jnum(w, "no") == 1)
			ticket = (int64_t)jnum(cJSON_GetObjectItem(w, "current"), "id");
	resp_free(&r);
	assert_true(ticket > 0);
	int64_t since = events_last();
	const char *listen = same_port();

	wd_kill(&W);
	client_expect(t, "offline, reconnecting");
	key(t, VTERM_KEY_FUNCTION(9));
	client_expect(t, "offline · 1 pending");
	kill(term_pid(t), SIGKILL);                      /* no goodbye at all */
	term_close(t);

	wd_restart(&W, listen);
	t = client_signed_in("en_US.UTF-8", 24, 80, NULL);
	client_expect(t, "online · served today");
	char path[96];
	snprintf(path, sizeof path, "/api/v1/tickets/%lld", (long long)ticket);
	for (int i = 0; i < 100; i++) {                  /* the replay follows the sign-in */
		as_supervisor(path, &r);
		bool done = strcmp(jstr(r.json, "status"), "done") == 0;
		resp_free(&r);
		if (done)
			break;
		assert_int_equal(term_wait_ready(t, "counter", WAIT), 0);
	}
	as_supervisor(path, &r);
	assert_string_equal(jstr(r.json, "status"), "done");
	resp_free(&r);
	assert_int_equal(events_count(since, "ticket.finished", 0, ticket), 1);
	client_quit(t);
}

/* Offline, the clerk completes a case that, meanwhile, was suspended on
 * the server: the replay's 409 is shown with both versions, and kept. */
static void test_refused_replay_shown(void **state)
{
	(void)state;
	struct term *t = client_signed_in("en_US.UTF-8", 30, 100, NULL);
	window_opened(t);
	client_serve_to_accepted_case(t);
	int64_t id = window1_case("accepted", NULL);
	const char *listen = same_port();

	wd_kill(&W);
	client_expect(t, "offline, reconnecting");
	press(t, "d");
	assert_int_equal(term_wait_ready(t, "dialog", WAIT), 0);
	key(t, VTERM_KEY_ENTER);
	client_expect(t, "offline · 1 pending");

	/* The server is back where this client cannot see it; the case is
	 * suspended there from another session. */
	wd_restart(&W, "--listen 127.0.0.1:0");
	char *tok = wd_login(&W, "clerk1", 1), path[96];
	snprintf(path, sizeof path, "/api/v1/cases/%lld/suspend", (long long)id);
	struct resp r;
	assert_int_equal(http(&W, "POST", path, tok, "{\"reason\":\"补充证明材料\"}", "e2e-suspend", &r), 200);
	resp_free(&r);
	free(tok);
	assert_int_equal(wd_term(&W), 0);
	wd_restart(&W, listen);

	assert_int_equal(term_wait_ready(t, "conflicts", WAIT), 0);
	client_expect(t, "Refused by the server on replay (1)");
	client_expect(t, "Complete the case");
	client_expect(t, "Yours:");
	client_expect(t, "Server's:");
	client_expect(t, "suspended");
	client_expect(t, "1 refused");
	snprintf(path, sizeof path, "/api/v1/cases/%lld", (long long)id);
	as_supervisor(path, &r);
	assert_string_equal(jstr(r.json, "status"), "suspended");
	resp_free(&r);

	/* Still there after a restart of the client, until noted. */
	client_quit(t);
	t = client_signed_in_to("en_US.UTF-8", 30, 100, NULL, "conflicts");
	client_expect(t, "Complete the case");
	key(t, VTERM_KEY_ESCAPE);                        /* it can wait, and be found again */
	assert_int_equal(term_wait_ready(t, "counter", WAIT), 0);
	client_expect(t, "1 refused");
	press(t, "\x12");                               /* ^R: the refused actions */
	assert_int_equal(term_wait_ready(t, "conflicts", WAIT), 0);
	client_expect(t, "suspended");                  /* the server's version, read again */
	key(t, VTERM_KEY_ENTER);
	assert_int_equal(term_wait_ready(t, "counter", WAIT), 0);
	client_expect(t, "Noted; kept in");
	assert_false(term_contains(t, "1 refused"));
	char *j = journal_text();
	assert_string_equal(j, "");
	free(j);
	char refused[512];
	snprintf(refused, sizeof refused, "%s/state/wicket/journal/journal-clerk1@127.0.0.1_%s.refused",
		 W.dir, w_port());
	struct buf b = BUF_INIT;
	assert_int_equal(buf_read_file(&b, refused, 1 << 20), 0);
	assert_non_null(strstr(b.data, "\tcomplete\t"));
	assert_non_null(strstr(b.data, "\t409\t"));
	assert_non_null(strstr(b.data, "suspended"));
	buf_free(&b);
	/* The clerk can go on: resume and complete the case for real. */
	client_quit(t);
}

/* A redraw already under way when the size changed may still report the
 * old size: wait for redraws until the row is where the new size puts it. */
static void expect_row(struct term *t, const char *text, int row)
{
	for (int i = 0; i < 50; i++) {
		if (term_find_row(t, text) == row)
			return;
		assert_int_equal(term_wait_ready(t, "counter", WAIT), 0);
	}
	fail_msg("\"%s\" never reached row %d", text, row);
}

static void test_resize(void **state)
{
	(void)state;
	struct term *t = client_signed_in("en_US.UTF-8", 24, 80, NULL);
	expect_row(t, "F10Quit", 23);
	term_resize(t, 40, 132);
	expect_row(t, "F10Quit", 39);
	term_resize(t, 20, 60);
	expect_row(t, "F1Help", 19);
	client_quit(t);
}

static void test_no_colour(void **state)
{
	(void)state;
	struct term *t = client_signed_in("en_US.UTF-8", 24, 80, "NO_COLOR=1");
	VTermScreenCellAttrs attrs;
	/* The status line: reverse video instead of a colour. */
	assert_true(term_cell_attrs(t, 0, 0, &attrs));
	assert_true(attrs.reverse);
	assert_int_equal(term_cell_fg(t, 0, 0), -1);
	assert_int_equal(term_cell_bg(t, 0, 0), -1);
	client_quit(t);

	t = client_signed_in("en_US.UTF-8", 24, 80, NULL);
	assert_int_not_equal(term_cell_bg(t, 0, 0), -1);
	client_quit(t);
}

/* Chinese first: the screens follow the locale, and double-width text keeps
 * the columns where the layout puts them. */
static void test_chinese_screens(void **state)
{
	(void)state;
	struct term *t = client_signed_in("zh_CN.UTF-8", 24, 80, NULL);
	client_expect(t, "窗口 1 · 服务中 · 张雅婷");
	client_expect(t, "排队（");
	int row = term_find_row(t, "当前办理");
	assert_int_equal(row, 1);
	/* The queue takes two fifths of 80 columns, CJK title or not. */
	assert_int_equal(term_col_of(t, row, "当前办理"), 35);
	int hints = term_find_row(t, "F1帮助");
	assert_int_equal(hints, 23);
	assert_int_equal(term_col_of(t, hints, "F2叫号"), 7);
	key(t, VTERM_KEY_FUNCTION(1));
	assert_int_equal(term_wait_ready(t, "help", WAIT), 0);
	client_expect(t, "呼叫下一位");
	client_quit(t);

	t = client_signed_in("zh_TW.UTF-8", 24, 80, NULL);
	client_expect(t, "窗口 1 · 服務中");
	client_expect(t, "F2叫號");
	client_quit(t);
}

/* A GB18030 terminal gets GB18030 bytes: the clerk's name 张雅婷. */
static void test_gb18030_terminal(void **state)
{
	(void)state;
	struct term *t = client_signed_in("zh_CN.GB18030", 24, 80, NULL);
	static const unsigned char gb[] = { 0xd5, 0xc5, 0xd1, 0xc5, 0xe6, 0xc3 };
	static const unsigned char utf8[] = { 0xe5, 0xbc, 0xa0 };
	assert_true(term_saw_bytes(t, gb, sizeof gb));
	assert_false(term_saw_bytes(t, utf8, sizeof utf8));
	client_quit(t);
}

/* The file keeping clerk1's session on the test's server, into path
 * (found in the state directory: its name is the user and the server). */
static bool kept_session(char *path, size_t len)
{
	char dir[512];
	snprintf(dir, sizeof dir, "%s/state/wicket/sessions", W.dir);
	DIR *d = opendir(dir);
	struct dirent *e;
	bool found = false;
	while (d && (e = readdir(d)))
		if (strncmp(e->d_name, "session-clerk1@", 15) == 0 && !strstr(e->d_name, ".new")) {
			snprintf(path, len, "%s/%s", dir, e->d_name);
			found = true;
		}
	if (d)
		closedir(d);
	return found;
}

/* wicket for clerk1 at window 1 without any password: a kept session, or
 * the form. */
static struct term *client_without_password(void)
{
	const char *argv[] = { getenv("WICKET"), "--server", W.url, "--user", "clerk1", "--window", "1", NULL };
	struct term *t = term_spawn(argv, client_env(W.dir, "en_US.UTF-8", NULL, NULL), 24, 80);
	assert_non_null(t);
	return t;
}

/* Started again without the password: on the counter at once, the kept
 * session resumed. */
static struct term *client_resumed(void)
{
	struct term *t = client_without_password();
	assert_int_equal(term_wait_ready(t, "counter", WAIT), 0);
	client_expect(t, "Window 1 · open");
	assert_false(term_contains(t, "Password"));
	return t;
}

/* A restart lands on the counter without the password: the session is
 * kept (mode 0600) after the sign-in, used when the client is started
 * again after being killed, and removed when the clerk signs out. */
static void test_session_resumed(void **state)
{
	(void)state;
	char path[1024];
	struct stat st;
	struct term *t = client_signed_in("en_US.UTF-8", 24, 80, NULL);
	window_opened(t);
	assert_true(kept_session(path, sizeof path));
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	key(t, VTERM_KEY_FUNCTION(2));
	client_expect(t, "Called ");
	term_close(t);                  /* killed: no sign-out */

	/* (Killed right after the frame, the call's done mark may not be
	 * written: it is then sent again under its key and answered as the
	 * first time, "Called ..." again; either way the same screen.) */
	t = client_resumed();
	client_expect(t, "called 00:");  /* the applicant in hand, read again */
	client_quit(t);                 /* signed out: the kept session goes */
	assert_false(kept_session(path, sizeof path));
}

/* A terminal gone without SIGHUP (wicket under nohup, or a closed window
 * whose hang-up signal is ignored) ends the client, which used to spin on
 * the keyboard's end of file at full CPU: it exits by itself with status 1
 * and does not sign out, so the next start resumes the session. */
static void test_hangup_without_sighup(void **state)
{
	(void)state;
	char path[1024];
	const char *pw = client_password_file(W.dir);
	assert_non_null(pw);
	const char *argv[] = { "/bin/sh", "-c", "trap '' HUP; exec \"$0\" \"$@\"", getenv("WICKET"),
			       "--server", W.url, "--user", "clerk1", "--window", "1", "--password-file", pw,
			       NULL };
	struct term *t = term_spawn(argv, client_env(W.dir, "en_US.UTF-8", NULL, NULL), 24, 80);
	assert_non_null(t);
	assert_int_equal(term_wait_ready(t, "counter", WAIT), 0);
	window_opened(t);
	int status = term_hangup(t, WAIT);
	term_close(t);                  /* signalled, if it still runs */
	assert_int_equal(status, 1);
	assert_true(kept_session(path, sizeof path));

	client_quit(client_resumed());
}

/* An action whose answer is slow to come shows on its way: the frame that
 * waits for the answer (app_draw_held) is drawn after a moment. */
static void test_slow_answer_pending(void **state)
{
	(void)state;
	struct term *t = client_signed_in("en_US.UTF-8", 24, 80, NULL);
	window_opened(t);
	queue_read(t);
	assert_int_equal(kill(W.pid, SIGSTOP), 0);
	key(t, VTERM_KEY_FUNCTION(2));
	client_expect(t, "online · 1 pending");
	assert_false(term_contains(t, "Called "));
	assert_int_equal(kill(W.pid, SIGCONT), 0);
	client_expect(t, "Called ");
	assert_int_equal(term_wait_gone(t, "pending", WAIT), 0);
	client_quit(t);
}

/* A kept token the server refuses (signed out elsewhere, expired, another
 * database) is removed, and the sign-in form is shown as usual. */
static void test_session_refused(void **state)
{
	(void)state;
	char path[1024];
	struct term *t = client_signed_in("en_US.UTF-8", 24, 80, NULL);
	window_opened(t);
	assert_true(kept_session(path, sizeof path));
	term_close(t);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fprintf(f, "%064d\n", 7);
	assert_int_equal(fclose(f), 0);

	t = client_without_password();
	assert_int_equal(term_wait_ready(t, "signin", WAIT), 0);
	client_expect(t, "Sign in");
	assert_false(term_contains(t, "Wrong user name or password."));
	assert_false(kept_session(path, sizeof path));
	term_close(t);
}

/* F2's answer is drawn as it is: the ticket called has left the queue on
 * the very frame that says so (no read of the queue is awaited). */
static void test_call_drawn_from_answer(void **state)
{
	(void)state;
	struct term *t = client_signed_in("en_US.UTF-8", 24, 80, NULL);
	window_opened(t);
	/* The first in the queue, once it is read: the one F2 calls. */
	queue_read(t);
	int row = term_find_row(t, "Queue (");
	assert_true(row >= 0);
	char *first = term_row(t, row + 1);
	assert_non_null(first);
	char number[8] = "";
	assert_int_equal(sscanf(first + 1, "%7s", number), 1);
	free(first);
	key(t, VTERM_KEY_FUNCTION(2));
	char called[32];
	snprintf(called, sizeof called, "Called %s.", number);
	client_expect(t, called);
	/* That frame: the number is on the message line and the ticket in
	 * hand, not in the queue's rows. */
	int rows = 0;
	for (int r = row + 1; r < 22; r++) {
		char *line = term_row(t, r);
		if (line && strncmp(line + 1, number, strlen(number)) == 0)
			rows++;
		free(line);
	}
	assert_int_equal(rows, 0);
	client_quit(t);
}

int main(void)
{
	curl_global_init(CURL_GLOBAL_DEFAULT);
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_signin_form),
		T(test_unreachable_server),
		T(test_config_file),
		T(test_tls_failure),
		T(test_window_actions),
		T(test_whole_flow),
		T(test_live_queue_update),
		T(test_server_away_and_back),
		T(test_offline_then_replayed),
		T(test_replayed_after_restart),
		T(test_refused_replay_shown),
		T(test_resize),
		T(test_no_colour),
		T(test_chinese_screens),
		T(test_gb18030_terminal),
		T(test_old_window_read_never_undoes_start),
		T(test_session_resumed),
		T(test_hangup_without_sighup),
		T(test_slow_answer_pending),
		T(test_answer_after_its_echo),
		T(test_session_refused),
		T(test_call_drawn_from_answer),
	};
#undef T
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	curl_global_cleanup();
	return rc;
}
