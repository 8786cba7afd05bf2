/* The programs' command lines: --help, --version and refusal of bad options.
 * Runs the built binaries named by $WICKET and $WICKETD. */
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
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "wicket/common/buf.h"

/* Run "VARS $prog args" (VARS: assignments for its environment, or NULL),
 * capture stdout+stderr into out; return the exit status. */
static int run_env(const char *vars, const char *env_prog, const char *args, struct buf *out)
{
	const char *prog = getenv(env_prog);
	assert_non_null(prog);
	char cmd[2048];
	snprintf(cmd, sizeof cmd, "LC_ALL=C %s '%s' %s 2>&1", vars ? vars : "", prog, args);
	FILE *p = popen(cmd, "r");
	assert_non_null(p);
	char chunk[512];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, p)) > 0)
		buf_add(out, chunk, n);
	int st = pclose(p);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* Run "$prog args" the same way. */
static int run(const char *env_prog, const char *args, struct buf *out)
{
	return run_env(NULL, env_prog, args, out);
}

static void test_wicket_help(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	assert_int_equal(run("WICKET", "--help", &b), 0);
	assert_non_null(strstr(buf_str(&b), "--server"));
	assert_non_null(strstr(buf_str(&b), "--demo"));
	assert_non_null(strstr(buf_str(&b), "--cacert"));
	assert_non_null(strstr(buf_str(&b), "--insecure-http"));
	assert_non_null(strstr(buf_str(&b), "--drill"));
	buf_free(&b);
}

static void test_wicket_version(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	assert_int_equal(run("WICKET", "--version", &b), 0);
	assert_non_null(strstr(buf_str(&b), "wicket " PACKAGE_VERSION));
	buf_free(&b);
}

static void test_wicketd_help(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	assert_int_equal(run("WICKETD", "--help", &b), 0);
	const char *s = buf_str(&b);
	assert_non_null(strstr(s, "--listen"));
	assert_non_null(strstr(s, "--db"));
	assert_non_null(strstr(s, "--demo"));
	assert_non_null(strstr(s, "--calendar"));
	assert_non_null(strstr(s, "--log-level"));
	assert_non_null(strstr(s, "--login-failures"));
	assert_non_null(strstr(s, "--login-window"));
	assert_non_null(strstr(s, "--login-lock"));
	buf_free(&b);
}

/* The installed wicketd has no --time-shift (it would move every date the
 * hall records); the tests' build has it, and neither lists it. */
static void test_wicketd_no_test_hooks(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	assert_int_equal(run("WICKETD_INSTALLED", "--time-shift 3600 --help", &b), 2);
	assert_non_null(strstr(buf_str(&b), "unknown option '--time-shift'"));
	buf_reset(&b);
	assert_int_equal(run("WICKETD_INSTALLED", "--help", &b), 0);
	assert_null(strstr(buf_str(&b), "time-shift"));
	assert_non_null(strstr(buf_str(&b), "--trusted-proxy"));
	buf_reset(&b);
	assert_int_equal(run("WICKETD", "--time-shift 3600 --help", &b), 0);
	assert_null(strstr(buf_str(&b), "time-shift"));
	buf_free(&b);
}

static void test_wicketd_version(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	assert_int_equal(run("WICKETD", "-V", &b), 0);
	assert_non_null(strstr(buf_str(&b), "wicketd " PACKAGE_VERSION));
	buf_free(&b);
}

static void test_bad_options_refused(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	assert_int_equal(run("WICKETD", "--no-such-option", &b), 2);
	assert_non_null(strstr(buf_str(&b), "no-such-option"));
	buf_reset(&b);
	assert_int_equal(run("WICKETD", "--listen 127.0.0.1:99999", &b), 2);
	assert_non_null(strstr(buf_str(&b), "--listen"));
	buf_reset(&b);
	assert_int_equal(run("WICKETD", "--log-level loud", &b), 2);
	buf_reset(&b);
	/* The sign-in throttle's thresholds: whole numbers within their range. */
	static const char *const throttle[] = {
		"--login-failures 0", "--login-failures five", "--login-window 0",
		"--login-window 86401", "--login-lock -1", "--login-lock 60s",
	};
	for (size_t i = 0; i < sizeof throttle / sizeof throttle[0]; i++) {
		assert_int_equal(run("WICKETD", throttle[i], &b), 2);
		assert_non_null(strstr(buf_str(&b), "--login-"));
		buf_reset(&b);
	}
	assert_int_equal(run("WICKET", "--bogus", &b), 2);
	/* A drill code is what a trainer reads out: letters and digits. */
	static const char *const drill[] = { "--drill ''", "--drill 'K7 Q2'", "--drill K7Q2\\;",
					     "--drill 0123456789abcdefg" };
	for (size_t i = 0; i < sizeof drill / sizeof drill[0]; i++) {
		buf_reset(&b);
		assert_int_equal(run("WICKET", drill[i], &b), 2);
		assert_non_null(strstr(buf_str(&b), "--drill"));
	}
	buf_reset(&b);
	assert_int_equal(run("WICKET", "--drill K7Q2 --version", &b), 0);   /* a good one passes */
	buf_free(&b);
}

/* Run "VARS $WICKET args": it must exit with status and say want. */
static void expect_wicket(const char *vars, const char *args, int status, const char *want)
{
	struct buf b = BUF_INIT;
	assert_int_equal(run_env(vars, "WICKET", args, &b), status);
	if (!strstr(buf_str(&b), want))
		fail_msg("wicket %s: got \"%s\", want \"%s\"", args, buf_str(&b), want);
	buf_free(&b);
}

/* wicket.conf and the environment refuse what the command line would: an
 * unknown key or a bad number names the file and the line, a bad drill
 * code in WICKET_DRILL names the variable; the command line still wins. */
static void test_wicket_settings_refused(void **state)
{
	(void)state;
	char dir[] = "/tmp/wicket-cli-XXXXXX", conf[64], args[256], want[128];
	assert_non_null(mkdtemp(dir));
	snprintf(conf, sizeof conf, "%s/conf", dir);
	snprintf(args, sizeof args, "--config '%s' </dev/null", conf);
	static const struct { const char *text, *msg; } cases[] = {
		{ "server http://127.0.0.1:1\n# ok so far\nno-such-key 1\n", ":3: unknown setting 'no-such-key'" },
		{ "window 0\n", ":1: window must be a number from 1 to 9999" },
		{ "window 12a\n", ":1: window must be a number from 1 to 9999" },
		{ "recall-limit 21\n", ":1: recall-limit must be a number from 1 to 20" },
		{ "", "WICKET_DRILL is not a drill code" },   /* the file is fine now */
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		FILE *f = fopen(conf, "w");
		assert_non_null(f);
		fputs(cases[i].text, f);
		fclose(f);
		snprintf(want, sizeof want, "wicket: %s%s", *cases[i].text ? conf : "", cases[i].msg);
		expect_wicket("WICKET_DRILL='K7 Q2'", args, 1, want);
	}
	/* --drill wins: WICKET_DRILL is not even read. */
	snprintf(args, sizeof args, "--config '%s' --drill K7Q2 </dev/null", conf);
	expect_wicket("WICKET_DRILL='K7 Q2'", args, 1, "needs a terminal");
	/* A bad number on the command line: exit 2, naming the option. */
	expect_wicket(NULL, "--window 10000", 2, "--window takes a number from 1 to 9999");
	expect_wicket(NULL, "--ready-fd x", 2, "--ready-fd");
	unlink(conf);
	rmdir(dir);
}

/* The man pages, as configure filled them in, pass mandoc's linter. */
static void test_man_pages_lint(void **state)
{
	(void)state;
	static const char *const pages[] = { "wicket.1", "wicketd.8", "wicket.conf.5" };
	for (size_t i = 0; i < sizeof pages / sizeof pages[0]; i++) {
		char cmd[1024];
		snprintf(cmd, sizeof cmd, "mandoc -Tlint -Wwarning '%s/man/%s' 2>&1",
			 getenv("WICKET_BUILDDIR"), pages[i]);
		FILE *p = popen(cmd, "r");
		char out[2048];
		size_t n = fread(out, 1, sizeof out - 1, p);
		out[n] = '\0';
		int st = pclose(p);
		if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
			fail_msg("mandoc -Tlint %s: %s", pages[i], out);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_wicket_help),
		cmocka_unit_test(test_wicket_version),
		cmocka_unit_test(test_wicketd_help),
		cmocka_unit_test(test_wicketd_no_test_hooks),
		cmocka_unit_test(test_wicketd_version),
		cmocka_unit_test(test_bad_options_refused),
		cmocka_unit_test(test_wicket_settings_refused),
		cmocka_unit_test(test_man_pages_lint),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
