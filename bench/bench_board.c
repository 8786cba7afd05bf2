/* bench_board - the supervisor's hall board with 50 windows, measured on a
 * real terminal (a pty rendered by libvterm) against a real wicketd on the
 * big test hall (tests/data/big-hall), busy: 40 windows open, 30 serving,
 * 5 paused.  It prints, at 80x24 and at 132x40:
 *   - a key press (Down) to the board redrawn, p50/p99, and the client's
 *     CPU time per redraw;
 *   - a clerk's pause (over HTTP) to its reason on the board, p50/p99;
 *   - the bytes written to the terminal per second while idle (the
 *     durations count every second).
 * Usage: bench_board [REDRAWS]   (WICKET, WICKETD, WICKET_TEST_DATA set by
 * bench/board.sh). */
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
#include <unistd.h>
#include <cmocka.h>

#include <curl/curl.h>

#include "bench_util.h"
#include "client.h"
#include "harness.h"
#include "term.h"

#define IDLE_S 60     /* seconds of idle output measured */
#define WAIT 10000

static struct wd W;

/* The CPU time (user + system) pid has used, in ms. */
static double cpu_ms(pid_t pid)
{
	char path[64];
	unsigned long ut = 0, st = 0;
	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	FILE *f = fopen(path, "r");
	if (f) {
		/* After the command's ")" come fields 3..; utime and stime are 14 and 15. */
		char buf[1024];
		size_t n = fread(buf, 1, sizeof buf - 1, f);
		buf[n] = '\0';
		const char *p = strrchr(buf, ')');
		if (p)
			sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &ut, &st);
		fclose(f);
	}
	return (double)(ut + st) * 1000.0 / (double)sysconf(_SC_CLK_TCK);
}

static void post(const char *path, const char *token, const char *body)
{
	struct resp r;
	long status = http(&W, "POST", path, token, body, NULL, &r);
	if (status / 100 != 2)
		fail_msg("POST %s: %ld %s", path, status, r.body ? r.body : "");
	resp_free(&r);
}

/* The busy hall: 40 windows open, 30 of them with a ticket, 5 paused. */
static char *clerks[51];

static void busy_hall(void)
{
	char *kiosk = wd_login(&W, "kiosk", 0), path[64];
	for (int i = 0; i < 200; i++)
		post("/api/v1/tickets", kiosk, "{\"service\":\"GEN\"}");
	free(kiosk);
	for (int no = 1; no <= 40; no++) {
		char user[16];
		snprintf(user, sizeof user, "clerk%d", no);
		clerks[no] = wd_login(&W, user, no);
		snprintf(path, sizeof path, "/api/v1/windows/%d/open", no);
		post(path, clerks[no], NULL);
		if (no <= 30) {
			snprintf(path, sizeof path, "/api/v1/windows/%d/call", no);
			post(path, clerks[no], NULL);
		}
		if (no > 35) {
			snprintf(path, sizeof path, "/api/v1/windows/%d/pause", no);
			post(path, clerks[no], "{\"reason\":\"午休\"}");
		}
	}
}

static void measure(int rows, int cols, int redraws)
{
	const char *pw = client_password_file(W.dir);
	assert_non_null(pw);
	const char *argv[] = { getenv("WICKET"), "--server", W.url, "--user", "supervisor",
			       "--password-file", pw, NULL };
	struct term *t = term_spawn(argv, client_env(W.dir, "zh_CN.UTF-8", NULL, NULL), rows, cols);
	assert_non_null(t);
	client_expect(t, "综合服务区");
	assert_int_equal(term_wait_ready(t, "board", WAIT), 0);

	/* Key press to the board redrawn, moving over every window. */
	double *lat = calloc((size_t)redraws, sizeof *lat);
	double cpu0 = cpu_ms(term_pid(t));
	for (int i = 0; i < redraws; i++) {
		double t0 = now_ms();
		term_key(t, (i / 49) % 2 ? VTERM_KEY_UP : VTERM_KEY_DOWN, VTERM_MOD_NONE);
		if (term_wait_ready(t, "board", WAIT) != 0)
			fail_msg("redraw %d never came", i);
		lat[i] = now_ms() - t0;
	}
	double cpu = (cpu_ms(term_pid(t)) - cpu0) / redraws;
	printf("%dx%d: key to board redrawn: n=%d p50=%.2f ms p99=%.2f ms; client CPU %.3f ms a redraw\n",
	       cols, rows, redraws, pct(lat, redraws, 50), pct(lat, redraws, 99), cpu);

	/* A clerk's pause to its reason on the board (the feed, the reload,
	 * the redraw), window 31 pausing and opening again. */
	for (int i = 0; i < 60; i++)
		term_key(t, VTERM_KEY_UP, VTERM_MOD_NONE);
	for (int i = 0; i < 30; i++)
		term_key(t, VTERM_KEY_DOWN, VTERM_MOD_NONE);
	client_expect(t, "> 31 ");                       /* in sight at any size */
	int pauses = 30;
	for (int i = 0; i < pauses; i++) {
		char body[64], reason[32];
		snprintf(reason, sizeof reason, "理由%d", i);
		snprintf(body, sizeof body, "{\"reason\":\"%s\"}", reason);
		double t0 = now_ms();
		post("/api/v1/windows/31/pause", clerks[31], body);
		client_expect(t, reason);
		lat[i] = now_ms() - t0;
		post("/api/v1/windows/31/open", clerks[31], NULL);
	}
	printf("%dx%d: clerk's pause to its reason on the board: n=%d p50=%.2f ms p99=%.2f ms\n",
	       cols, rows, pauses, pct(lat, pauses, 50), pct(lat, pauses, 99));

	/* Idle for a whole minute: the clock and every duration turn once in
	 * it, wherever it starts; the redraws are the client's ready lines. */
	term_idle(t, 1000);
	uint64_t b0 = term_bytes_received(t);
	unsigned long r0 = term_ready_seq(t);
	term_idle(t, IDLE_S * 1000);
	printf("%dx%d: bytes written while idle: %.1f B/s over %d s (%lu redraws)\n", cols, rows,
	       (double)(term_bytes_received(t) - b0) / IDLE_S, IDLE_S, term_ready_seq(t) - r0);
	free(lat);
	term_key(t, VTERM_KEY_FUNCTION(10), VTERM_MOD_NONE);
	term_wait_exit(t, WAIT);
	term_close(t);
}

/* The server stopped, passed or failed (a failure leaves bench() at once). */
static int teardown(void **state)
{
	(void)state;
	for (int i = 1; i <= 40; i++) {
		free(clerks[i]);
		clerks[i] = NULL;
	}
	wd_stop(&W);
	return 0;
}

static void bench(void **state)
{
	(void)state;
	int redraws = atoi(getenv("BENCH_REDRAWS") ? getenv("BENCH_REDRAWS") : "200");
	char args[512];
	snprintf(args, sizeof args, "--data %s/big-hall --kiosk-tickets 0", getenv("WICKET_TEST_DATA"));
	wd_start(&W, true, args);
	busy_hall();
	measure(24, 80, redraws);
	measure(40, 132, redraws);
}

int main(void)
{
	if (!getenv("WICKET") || !getenv("WICKETD") || !getenv("WICKET_TEST_DATA")) {
		fprintf(stderr, "bench_board: needs WICKET, WICKETD and WICKET_TEST_DATA (see bench/board.sh)\n");
		return 2;
	}
	curl_global_init(CURL_GLOBAL_DEFAULT);
	const struct CMUnitTest tests[] = { cmocka_unit_test_teardown(bench, teardown) };
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	curl_global_cleanup();
	return rc;
}
