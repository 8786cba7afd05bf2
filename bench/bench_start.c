/* bench_start - how long wicket takes from its start to a usable counter
 * (the window's state and the queue on the screen), measured on a real
 * terminal (a pty rendered by libvterm) against a real wicketd:
 *   - signed in with the password (yescrypt on the server, by design);
 *   - resuming the session kept from the last run (GET /me: no hash);
 *   - `wicket --version`: exec, the dynamic linking of its libraries and
 *     the options, and nothing else (the floor under both).
 * p50/p99 over RUNS each.  Usage: see bench/start.sh (WICKET, WICKETD,
 * WICKET_DATADIR set by it). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <dirent.h>
#include <fcntl.h>
#include <setjmp.h>
#include <spawn.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include <curl/curl.h>

#include "bench_util.h"
#include "client.h"
#include "harness.h"
#include "term.h"

#define WAIT 10000
#define TICKETS 20

extern char **environ;

static struct wd W;
static struct term *T;
static char *kiosk;
static long waiting;          /* the queue's count at window 1, as the counter shows it */

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

/* Remove the sessions kept in the test directory: the next start signs
 * in with the password. */
static void forget_sessions(void)
{
	char dir[512], path[1024];
	snprintf(dir, sizeof dir, "%s/state/wicket/sessions", W.dir);
	DIR *d = opendir(dir);
	struct dirent *e;
	while (d && (e = readdir(d)))
		if (e->d_name[0] != '.') {
			snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
			unlink(path);
		}
	if (d)
		closedir(d);
}

/* Start wicket (with the password file or without) and return the ms
 * until the counter is usable: the window's state and the whole queue
 * shown.  The client is left running in T. */
static double start_client(const char *pw)
{
	const char *argv[] = { getenv("WICKET"), "--server", W.url, "--user", "clerk1", "--window", "1",
			       pw ? "--password-file" : NULL, pw, NULL };
	char queue[64];
	snprintf(queue, sizeof queue, "Queue (%ld waiting)", waiting);
	double t0 = now_ms();
	T = term_spawn(argv, client_env(W.dir, "en_US.UTF-8", NULL, NULL), 24, 80);
	assert_non_null(T);
	if (term_wait_text(T, queue, WAIT) != 0 || term_wait_text(T, "online · served today", WAIT) != 0)
		fail_msg("the counter never came");
	return now_ms() - t0;
}

/* Killed, as a closed terminal kills it: no sign-out, the session kept. */
static void stop_client(void)
{
	term_close(T);
	T = NULL;
}

/* `wicket --version`: ms from the spawn to its exit. */
static double version_run(void)
{
	const char *argv[] = { getenv("WICKET"), "--version", NULL };
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	pid_t pid;
	int status;
	double t0 = now_ms();
	assert_int_equal(posix_spawn(&pid, argv[0], &fa, NULL, (char *const *)argv, environ), 0);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	double ms = now_ms() - t0;
	posix_spawn_file_actions_destroy(&fa);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	return ms;
}

static void report(const char *what, double *v, int n)
{
	pct(v, n, 50);   /* sorted: v[0] is the least */
	printf("%s: n=%d p50=%.1f ms p99=%.1f ms min=%.1f ms\n", what, n, pct(v, n, 50), pct(v, n, 99), v[0]);
}

static void bench(void **state)
{
	(void)state;
	int runs = atoi(getenv("BENCH_RUNS") ? getenv("BENCH_RUNS") : "30");
	wd_start(&W, true, "--kiosk-tickets 0");
	kiosk = wd_login(&W, "kiosk", 0);
	for (int i = 0; i < TICKETS; i++) {
		struct resp r;
		if (http(&W, "POST", "/api/v1/tickets", kiosk, "{\"service\":\"MAR\"}", NULL, &r) != 201)
			fail_msg("issuing a ticket failed: %ld", r.status);
		resp_free(&r);
	}
	struct resp r;
	char *clerk = wd_login(&W, "clerk1", 1);
	assert_int_equal(http(&W, "GET", "/api/v1/windows/1/queue?limit=1", clerk, NULL, NULL, &r), 200);
	free(clerk);
	const char *total = strstr(r.body, "\"total\":");
	assert_non_null(total);
	waiting = strtol(total + 8, NULL, 10);
	resp_free(&r);
	const char *pw = client_password_file(W.dir);
	assert_non_null(pw);
	/* Once, to open the window (a first sign-in's doing). */
	start_client(pw);
	stop_client();

	double *with_pw = calloc((size_t)runs, sizeof *with_pw);
	double *resumed = calloc((size_t)runs, sizeof *resumed);
	double *version = calloc((size_t)runs, sizeof *version);
	for (int i = 0; i < runs; i++) {
		forget_sessions();
		with_pw[i] = start_client(pw);
		stop_client();
		resumed[i] = start_client(NULL);
		stop_client();
		version[i] = version_run();
	}
	report("start to usable counter, signed in with the password", with_pw, runs);
	report("start to usable counter, the kept session resumed", resumed, runs);
	report("wicket --version (exec, dynamic linking, options)", version, runs);
	free(with_pw);
	free(resumed);
	free(version);
}

int main(void)
{
	curl_global_init(CURL_GLOBAL_DEFAULT);
	const struct CMUnitTest tests[] = { cmocka_unit_test_teardown(bench, teardown) };
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	curl_global_cleanup();
	return rc;
}
