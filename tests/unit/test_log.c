/* Tests for src/common/log.c: line format, threshold, escaping, levels,
 * threads and fatal(). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <pthread.h>
#include <regex.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "wicket/common/log.h"
#include "wicket/common/xalloc.h"

/* Each test logs to its own temporary file at the default level. */
static int
setup(void **state)
{
	FILE *f = tmpfile();

	if (f == NULL)
		return -1;
	log_set_progname("wicketd");
	log_set_level(LOG_INFO);
	log_set_file(f);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	log_set_file(NULL);
	fclose(*state);
	return 0;
}

/* Everything logged so far, as a malloc'd string. */
static char *
slurp(FILE *f)
{
	long size;
	char *s;

	fflush(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	size = ftell(f);
	assert_true(size >= 0);
	rewind(f);
	s = xmalloc((size_t)size + 1);
	assert_int_equal(fread(s, 1, (size_t)size, f), (size_t)size);
	s[size] = '\0';
	return s;
}

static void
assert_matches(const char *s, const char *pattern)
{
	regex_t re;

	assert_int_equal(regcomp(&re, pattern, REG_EXTENDED | REG_NOSUB), 0);
	if (regexec(&re, s, 0, NULL, 0) != 0)
		fail_msg("\"%s\" does not match /%s/", s, pattern);
	regfree(&re);
}

static size_t
count_lines(const char *s)
{
	size_t n = 0;

	for (; *s != '\0'; s++)
		n += *s == '\n';
	return n;
}

#define STAMP "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}[+-][0-9]{2}:[0-9]{2}"

static void
test_line_format(void **state)
{
	char *out, pattern[256];

	log_info("hello %d %s", 42, "\xE4\xB8\xAD\xE6\x96\x87");
	out = slurp(*state);
	snprintf(pattern, sizeof pattern, "^" STAMP " wicketd\\[%ld\\] INFO hello 42 "
	    "\xE4\xB8\xAD\xE6\x96\x87\n$", (long)getpid());
	assert_matches(out, pattern);
	free(out);
}

static void
test_timezone_offset(void **state)
{
	char *saved = getenv("TZ") ? xstrdup(getenv("TZ")) : NULL;
	char *out;

	/* POSIX TZ strings need no zone database: east of UTC is "-". */
	setenv("TZ", "CST-8", 1);
	tzset();
	log_warn("beijing");
	setenv("TZ", "EST5", 1);
	tzset();
	log_warn("new york");
	setenv("TZ", "IST-5:30", 1);
	tzset();
	log_warn("delhi");
	if (saved != NULL)
		setenv("TZ", saved, 1);
	else
		unsetenv("TZ");
	tzset();
	free(saved);

	out = slurp(*state);
	assert_matches(out, "^[0-9-]{10}T[0-9:]{8}\\+08:00 wicketd\\[[0-9]+\\] WARN beijing\n"
	    "[0-9-]{10}T[0-9:]{8}-05:00 wicketd\\[[0-9]+\\] WARN new york\n"
	    "[0-9-]{10}T[0-9:]{8}\\+05:30 wicketd\\[[0-9]+\\] WARN delhi\n$");
	free(out);
}

static void
test_threshold(void **state)
{
	char *out;

	log_debug("dropped at info");
	log_info("info 1");
	log_set_level(LOG_WARN);
	log_info("dropped at warn");
	log_warn("warn 1");
	log_error("error 1");
	log_set_level(LOG_ERROR);
	log_warn("dropped at error");
	log_error("error 2");
	log_set_level(LOG_DEBUG);
	log_debug("debug 1");

	out = slurp(*state);
	assert_null(strstr(out, "dropped"));
	assert_int_equal(count_lines(out), 5);
	assert_non_null(strstr(out, " INFO info 1\n"));
	assert_non_null(strstr(out, " WARN warn 1\n"));
	assert_non_null(strstr(out, " ERROR error 1\n"));
	assert_non_null(strstr(out, " ERROR error 2\n"));
	assert_non_null(strstr(out, " DEBUG debug 1\n"));
	free(out);
}

static void
test_escape_controls(void **state)
{
	char *out;

	/* A hostile user name tries to forge a second line and clear the
	 * screen of whoever tails the log. */
	log_info("login %s", "bob\n2026-01-01T00:00:00+08:00 wicketd[1] INFO admin ok\x1B[2J");
	log_info("c1 %s|del %s|tab %s|cr %s", "\xC2\x9B" "2J", "\x7F", "a\tb", "\r");
	log_info("kept: \xE4\xB8\xAD \xC2\xA0 \xC3\xA9 backslash \\x1B");
	/* A right-to-left override would make the rest of the line read
	 * backwards ("from 10.0.0.1" as "1.0.0.01 morf"); isolates and marks
	 * too.  Other characters of that block (an en dash) stay. */
	log_info("user '%s' from %s", "x\xE2\x80\xAE" "evil\xE2\x81\xA6\xE2\x81\xA9\xE2\x80\x8F\xE2\x80\x93", "10.0.0.1");

	out = slurp(*state);
	assert_int_equal(count_lines(out), 4);
	assert_null(strstr(out, "\xE2\x80\xAE"));
	assert_non_null(strstr(out, " INFO user 'x\\u202Eevil\\u2066\\u2069\\u200F\xE2\x80\x93' from 10.0.0.1\n"));
	assert_null(strchr(out, '\x1B'));
	assert_null(strchr(out, '\r'));
	assert_null(strchr(out, '\t'));
	assert_null(strchr(out, '\x7F'));
	assert_null(strstr(out, "\xC2\x9B"));
	assert_non_null(strstr(out, " INFO login bob\\x0A2026-01-01T00:00:00+08:00 wicketd[1] "
	    "INFO admin ok\\x1B[2J\n"));
	assert_non_null(strstr(out, " INFO c1 \\xC2\\x9B2J|del \\x7F|tab a\\x09b|cr \\x0D\n"));
	/* Non-control UTF-8 (including NBSP, C2 A0) passes unchanged. */
	assert_non_null(strstr(out, " INFO kept: \xE4\xB8\xAD \xC2\xA0 \xC3\xA9 backslash \\x1B\n"));
	free(out);
}

static void
test_parse_level(void **state)
{
	enum log_level level = LOG_INFO;

	(void)state;
	assert_int_equal(log_parse_level("error", &level), 0);
	assert_int_equal(level, LOG_ERROR);
	assert_int_equal(log_parse_level("warn", &level), 0);
	assert_int_equal(level, LOG_WARN);
	assert_int_equal(log_parse_level("info", &level), 0);
	assert_int_equal(level, LOG_INFO);
	assert_int_equal(log_parse_level("debug", &level), 0);
	assert_int_equal(level, LOG_DEBUG);
	assert_int_equal(log_parse_level("DEBUG", &level), 0);
	assert_int_equal(log_parse_level("Warn", &level), 0);
	assert_int_equal(level, LOG_WARN);

	/* Failures leave *out alone. */
	assert_int_equal(log_parse_level("verbose", &level), -1);
	assert_int_equal(log_parse_level("", &level), -1);
	assert_int_equal(log_parse_level("inf", &level), -1);
	assert_int_equal(log_parse_level("infos", &level), -1);
	assert_int_equal(log_parse_level("info ", &level), -1);
	assert_int_equal(log_parse_level(NULL, &level), -1);
	assert_int_equal(level, LOG_WARN);
}

static void
test_errno_preserved(void **state)
{
	char *out;

	errno = ENOENT;
	log_error("open: %s", strerror(errno));
	assert_int_equal(errno, ENOENT);
	out = slurp(*state);
	assert_non_null(strstr(out, " ERROR open: "));
	free(out);
}

static void
test_progname_basename(void **state)
{
	char *out;

	log_set_progname("/usr/local/sbin/wicket");
	log_info("x");
	log_set_progname("wicketd");
	out = slurp(*state);
	assert_matches(out, "^" STAMP " wicket\\[[0-9]+\\] INFO x\n$");
	free(out);
}

#define THREADS 8
#define PER_THREAD 500

static void *
log_many(void *arg)
{
	int id = (int)(intptr_t)arg;

	for (int i = 0; i < PER_THREAD; i++)
		log_info("thread %d line %d with some padding to make lines long", id, i);
	return NULL;
}

static void
test_threads(void **state)
{
	pthread_t tids[THREADS];
	char *out, *line, *save = NULL;
	size_t lines = 0;
	regex_t re;

	for (int i = 0; i < THREADS; i++)
		assert_int_equal(pthread_create(&tids[i], NULL, log_many, (void *)(intptr_t)i), 0);
	for (int i = 0; i < THREADS; i++)
		assert_int_equal(pthread_join(tids[i], NULL), 0);

	/* Every line whole: no interleaving inside a line. */
	out = slurp(*state);
	assert_int_equal(regcomp(&re, "^" STAMP " wicketd\\[[0-9]+\\] INFO thread [0-9] line "
	    "[0-9]+ with some padding to make lines long$", REG_EXTENDED | REG_NOSUB), 0);
	for (line = strtok_r(out, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save)) {
		assert_int_equal(regexec(&re, line, 0, NULL, 0), 0);
		lines++;
	}
	regfree(&re);
	assert_int_equal(lines, THREADS * PER_THREAD);
	free(out);
}

static void
call_fatal(void)
{
	fatal("cannot read %s: %s", "/etc/wicket/wicketd.conf", "no such file\x1B");
}

static void
test_fatal(void **state)
{
	char out[512];
	int fds[2], status;
	size_t got = 0;
	ssize_t n;
	pid_t pid;

	(void)state;
	assert_int_equal(pipe(fds), 0);
	fflush(NULL);           /* or the child's exit() prints it all again */
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		dup2(fds[1], 2);
		close(fds[0]);
		call_fatal();
	}
	close(fds[1]);
	while ((n = read(fds[0], out + got, sizeof out - 1 - got)) > 0)
		got += (size_t)n;
	out[got] = '\0';
	close(fds[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 1);
	assert_string_equal(out, "wicketd: cannot read /etc/wicket/wicketd.conf: no such file\\x1B\n");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_line_format, setup, teardown),
		cmocka_unit_test_setup_teardown(test_timezone_offset, setup, teardown),
		cmocka_unit_test_setup_teardown(test_threshold, setup, teardown),
		cmocka_unit_test_setup_teardown(test_escape_controls, setup, teardown),
		cmocka_unit_test(test_parse_level),
		cmocka_unit_test_setup_teardown(test_errno_preserved, setup, teardown),
		cmocka_unit_test_setup_teardown(test_progname_basename, setup, teardown),
		cmocka_unit_test_setup_teardown(test_threads, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fatal, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
