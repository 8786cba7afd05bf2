/* bench_client - what the clerk feels of wicket, measured on a real
 * terminal (a pty rendered by libvterm) against a real wicketd:
 *   - key press (F2, call next) to the called ticket on the screen, p50/p99;
 *   - the client's resident memory;
 *   - bytes written to the terminal while idle, and per queue update.
 * Usage: bench_client [CALLS]   (WICKET, WICKETD, WICKET_DATADIR set by
 * bench/client.sh). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include <curl/curl.h>

#include "bench_util.h"
#include "client.h"
#include "harness.h"
#include "term.h"

#define WAIT 10000
#define IDLE_S 60     /* seconds of idle output measured */

/* VmRSS or VmHWM of pid, in KiB. */
static long proc_kib(pid_t pid, const char *field)
{
	char path[64], line[256];
	long v = -1;
	snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
	FILE *f = fopen(path, "r");
	while (f && fgets(line, sizeof line, f))
		if (strncmp(line, field, strlen(field)) == 0)
			v = strtol(line + strlen(field) + 1, NULL, 10);
	if (f)
		fclose(f);
	return v;
}

static void issue(const struct wd *w, const char *kiosk, int n)
{
	for (int i = 0; i < n; i++) {
		struct resp r;
		if (http(w, "POST", "/api/v1/tickets", kiosk, "{\"service\":\"MAR\"}", NULL, &r) != 201)
			fail_msg("issuing a ticket failed: %ld", r.status);
		resp_free(&r);
	}
}

/* The server, the client on its terminal and the kiosk's token: the
 * teardown's to stop and free, also when a step fails (a failure leaves
 * bench() at once, and used to leave wicketd running). */
static struct wd W;
static struct term *T;
static char *kiosk;

static int teardown(void **state)
{
	(void)state;
	if (T)
		term_close(T);
	T = NULL;
	free(kiosk);
	kiosk = NULL;
	wd_stop(&W);
	return 0;
}

/* Wait for text on the screen after key in call i; a failure says which
 * step of which call, and what the screen said. */
static void expect(struct term *t, const char *text, int i)
{
	if (term_wait_text(t, text, WAIT) != 0) {
		char *screen = term_screen_text(t);
		fail_msg("call %d: \"%s\" never showed; the screen:\n%s", i, text, screen ? screen : "");
	}
}

static void bench(void **state)
{
	(void)state;
	int calls = atoi(getenv("BENCH_CALLS") ? getenv("BENCH_CALLS") : "200");
	struct wd *const w = &W;
	wd_start(w, true, "--kiosk-tickets 0");
	kiosk = wd_login(w, "kiosk", 0);
	issue(w, kiosk, calls);

	const char *pw = client_password_file(w->dir);
	assert_non_null(pw);
	const char *argv[] = { getenv("WICKET"), "--server", w->url, "--user", "clerk1", "--window", "1",
			       "--password-file", pw, NULL };
	/* English, to recognise the message line; the drawing is the same. */
	struct term *t = T = term_spawn(argv, client_env(w->dir, "en_US.UTF-8", NULL, NULL), 24, 80);
	assert_non_null(t);
	assert_int_equal(term_wait_ready(t, "counter", WAIT), 0);
	term_idle(t, 1000);

	double *lat = calloc((size_t)calls, sizeof *lat);
	for (int i = 0; i < calls; i++) {
		double t0 = now_ms();
		term_key(t, VTERM_KEY_FUNCTION(2), VTERM_MOD_NONE);
		/* The reply drawn: "Called A0xx." replaces "Finished ..." */
		expect(t, "Called ", i);
		lat[i] = now_ms() - t0;
		term_key(t, VTERM_KEY_FUNCTION(5), VTERM_MOD_NONE);
		expect(t, "Serving ", i);
		term_key(t, VTERM_KEY_FUNCTION(9), VTERM_MOD_NONE);
		expect(t, "Finished ", i);
	}
	qsort(lat, (size_t)calls, sizeof *lat, cmp_double);
	printf("key press to called ticket on screen: n=%d p50=%.2f ms p99=%.2f ms max=%.2f ms\n",
	       calls, pct(lat, calls, 50), pct(lat, calls, 99), lat[calls - 1]);

	printf("resident memory: VmRSS %ld KiB, peak VmHWM %ld KiB\n",
	       proc_kib(term_pid(t), "VmRSS:"), proc_kib(term_pid(t), "VmHWM:"));
	if (getenv("BENCH_LATENCY_ONLY") && *getenv("BENCH_LATENCY_ONLY")) {
		free(lat);
		return;     /* the teardown stops the client and the server */
	}

	/* Idle for a whole minute (the clock turns once in it, wherever it
	 * starts); the redraws are the client's ready lines. */
	uint64_t b0 = term_bytes_received(t);
	unsigned long r0 = term_ready_seq(t);
	term_idle(t, IDLE_S * 1000);
	printf("bytes written while idle: %.1f B/s over %d s (%lu redraws)\n",
	       (double)(term_bytes_received(t) - b0) / IDLE_S, IDLE_S, term_ready_seq(t) - r0);

	int updates = 50;
	uint64_t total = 0;
	for (int i = 0; i < updates; i++) {
		term_idle(t, 50);
		uint64_t before = term_bytes_received(t);
		issue(w, kiosk, 1);
		term_wait_ready(t, "counter", WAIT);
		term_idle(t, 200);   /* the whole update, not a clock tick */
		total += term_bytes_received(t) - before;
	}
	printf("bytes written per queue update: %.0f B (mean of %d, includes any clock tick)\n",
	       (double)total / updates, updates);
	free(lat);
	/* Quit, leaving the window open (the question F10 asks). */
	term_key(t, VTERM_KEY_FUNCTION(10), VTERM_MOD_NONE);
	term_wait_ready(t, "picker", WAIT);
	term_type(t, "2");
	term_wait_exit(t, WAIT);
}

int main(void)
{
	curl_global_init(CURL_GLOBAL_DEFAULT);
	const struct CMUnitTest tests[] = { cmocka_unit_test_teardown(bench, teardown) };
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	curl_global_cleanup();
	return rc;
}
