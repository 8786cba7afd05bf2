/* test_demo - wicket --demo leaves nothing behind, however it ends.
 *
 * The demo runs a private wicketd on a temporary database in a temporary
 * folder.  Whether the clerk quits with F10, closes the terminal (SIGHUP)
 * or the client is killed outright (SIGKILL, which nothing can catch), the
 * server must end and the folder must go.  Each test runs the real wicket on
 * a pty with TMPDIR set to a folder of its own, and waits (with a deadline)
 * until the folder is empty and no process runs on it any more. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "client.h"
#include "term.h"

#define WAIT 10000

static char base[] = "/tmp/wicket-test-demo-XXXXXX";

/* How many entries the folder dir holds (-1 when it cannot be read). */
static int dir_entries(const char *dir)
{
	DIR *d = opendir(dir);
	if (d == NULL)
		return -1;
	int n = 0;
	for (struct dirent *e; (e = readdir(d));)
		n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
	closedir(d);
	return n;
}

/* How many processes have s in their command line (our wicketd's has its
 * database's path, which is under the test's own TMPDIR). */
static int procs_with(const char *s)
{
	DIR *d = opendir("/proc");
	assert_non_null(d);
	int n = 0;
	for (struct dirent *e; (e = readdir(d));) {
		if (e->d_name[0] < '0' || e->d_name[0] > '9')
			continue;
		char path[300], cmd[4096];
		snprintf(path, sizeof path, "/proc/%s/cmdline", e->d_name);
		int fd = open(path, O_RDONLY);
		if (fd < 0)
			continue;
		ssize_t len = read(fd, cmd, sizeof cmd - 1);
		close(fd);
		if (len <= 0)
			continue;
		for (ssize_t i = 0; i < len; i++)
			if (cmd[i] == '\0')
				cmd[i] = ' ';
		cmd[len] = '\0';
		n += strstr(cmd, s) != NULL;
	}
	closedir(d);
	return n;
}

/* Wait until tmp is empty and no process runs on it; fails after WAIT ms
 * naming what is left. */
static void expect_gone(const char *tmp)
{
	struct timespec step = { 0, 20 * 1000 * 1000 };
	for (int waited = 0; waited < WAIT; waited += 20) {
		if (dir_entries(tmp) == 0 && procs_with(tmp) == 0)
			return;
		nanosleep(&step, NULL);
	}
	fail_msg("after %d ms, %s still holds %d entries and %d processes run on it", WAIT, tmp,
		 dir_entries(tmp), procs_with(tmp));
}

/* The demo counter on a pty with its own TMPDIR (made in tmp). */
static struct term *demo_counter(char *tmp, size_t len, const char *name)
{
	snprintf(tmp, len, "%s/%s", base, name);
	assert_int_equal(mkdir(tmp, 0700), 0);
	char env_tmp[400];
	snprintf(env_tmp, sizeof env_tmp, "TMPDIR=%s", tmp);
	const char *extra[] = { env_tmp, NULL };
	const char *argv[] = { getenv("WICKET"), "--demo", "--wicketd", getenv("WICKETD"), NULL };
	struct term *t = term_spawn(argv, client_env(base, "zh_CN.UTF-8", NULL, extra), 24, 80);
	assert_non_null(t);
	assert_int_equal(term_wait_ready(t, "counter", WAIT), 0);
	client_expect(t, "窗口 1");
	/* The demo's server runs on a folder under tmp, until the end. */
	assert_int_equal(dir_entries(tmp), 1);
	assert_true(procs_with(tmp) >= 1);
	return t;
}

static void test_quit(void **state)
{
	(void)state;
	char tmp[300];
	struct term *t = demo_counter(tmp, sizeof tmp, "quit");
	client_quit(t);
	expect_gone(tmp);
}

/* Closing the terminal: the client gets SIGHUP, whose default ends it. */
static void test_hangup(void **state)
{
	(void)state;
	char tmp[300];
	struct term *t = demo_counter(tmp, sizeof tmp, "hangup");
	int status = term_close(t);
	assert_int_equal(status, 128 + SIGHUP);
	expect_gone(tmp);
}

/* Killed outright: nothing in the client runs, the guardian cleans up. */
static void test_killed(void **state)
{
	(void)state;
	char tmp[300];
	struct term *t = demo_counter(tmp, sizeof tmp, "killed");
	assert_int_equal(kill(term_pid(t), SIGKILL), 0);
	assert_int_equal(term_wait_exit(t, WAIT), 128 + SIGKILL);
	expect_gone(tmp);
	term_close(t);
}

static int setup(void **state)
{
	(void)state;
	return mkdtemp(base) != NULL ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	DIR *d = opendir(base);
	if (d != NULL) {
		for (struct dirent *e; (e = readdir(d));) {
			char p[400];
			if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
				continue;
			snprintf(p, sizeof p, "%s/%s", base, e->d_name);
			if (rmdir(p) != 0)
				unlink(p);
		}
		closedir(d);
	}
	return rmdir(base) == 0 || errno == ENOENT ? 0 : 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_quit),
		cmocka_unit_test(test_hangup),
		cmocka_unit_test(test_killed),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
