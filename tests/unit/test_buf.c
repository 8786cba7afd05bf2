/* Tests for src/common/buf.c, and the parts of src/common/xalloc.c that
 * can be exercised without running out of memory. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <setjmp.h>
#include <signal.h>
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
#include "wicket/common/xalloc.h"

static void
test_init_empty(void **state)
{
	struct buf b = BUF_INIT, c;

	(void)state;
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	assert_string_equal(buf_str(&b), "");
	buf_init(&c);
	assert_null(c.data);
	assert_int_equal(c.cap, 0);
	buf_free(&b);           /* freeing an empty buffer is fine */
	buf_free(&c);
}

static void
test_growth(void **state)
{
	struct buf b = BUF_INIT;
	size_t last_cap = 0, grows = 0;

	(void)state;
	for (size_t i = 0; i < 100000; i++) {
		buf_addc(&b, (char)('a' + i % 26));
		if (b.cap != last_cap) {
			/* 64, then doubling: about log2(100000/64) grows. */
			assert_int_equal(b.cap, last_cap ? last_cap * 2 : 64);
			last_cap = b.cap;
			grows++;
		}
		assert_true(b.len < b.cap);
	}
	assert_int_equal(b.len, 100000);
	assert_int_equal(strlen(buf_str(&b)), 100000);
	assert_true(grows <= 12);
	for (size_t i = 0; i < b.len; i++)
		assert_int_equal(b.data[i], 'a' + i % 26);
	buf_free(&b);
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.cap, 0);
}

static void
test_adds_mixed(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	buf_adds(&b, "hello");
	buf_addc(&b, ',');
	buf_add(&b, " world!!!", 6);
	buf_adds(&b, "");
	buf_add(&b, NULL, 0);
	assert_string_equal(buf_str(&b), "hello, world");
	assert_int_equal(b.len, 12);
	buf_free(&b);
}

static void
test_printf(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	buf_printf(&b, "%d-%s-%c", 42, "x", 'y');
	assert_string_equal(buf_str(&b), "42-x-y");
	buf_printf(&b, "%s", "");
	assert_int_equal(b.len, 6);
	buf_printf(&b, "|%05.1f|", 3.14159);
	assert_string_equal(buf_str(&b), "42-x-y|003.1|");
	buf_free(&b);
}

static void
test_printf_large(void **state)
{
	struct buf b = BUF_INIT;
	const size_t n = 200000;
	char *big = xmalloc(n + 1);

	(void)state;
	memset(big, 'z', n);
	big[n] = '\0';
	buf_adds(&b, "<");
	buf_printf(&b, "%s>%zu", big, n);
	assert_int_equal(b.len, 1 + n + 1 + 6);
	assert_true(b.len < b.cap);
	assert_int_equal(b.data[0], '<');
	assert_memory_equal(b.data + 1, big, n);
	assert_string_equal(b.data + 1 + n, ">200000");

	/* Exactly filling the space left must not lose the last byte. */
	buf_reset(&b);
	for (size_t len = 0; len < 300; len++) {
		buf_reset(&b);
		buf_printf(&b, "%.*s", (int)len, big);
		assert_int_equal(b.len, len);
		assert_int_equal(strlen(buf_str(&b)), len);
	}
	/* Many printf calls crossing growth boundaries. */
	buf_reset(&b);
	for (int i = 0; i < 10000; i++)
		buf_printf(&b, "%d,", i);
	assert_int_equal(strncmp(buf_str(&b), "0,1,2,", 6), 0);
	assert_string_equal(buf_str(&b) + b.len - 5, "9999,");
	free(big);
	buf_free(&b);
}

static void
test_steal(void **state)
{
	struct buf b = BUF_INIT;
	char *s;

	(void)state;
	buf_adds(&b, "owned");
	s = buf_steal(&b);
	assert_string_equal(s, "owned");
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.cap, 0);
	free(s);

	/* An empty buffer still gives a string the caller can free. */
	s = buf_steal(&b);
	assert_non_null(s);
	assert_string_equal(s, "");
	free(s);

	/* The buffer is reusable after steal. */
	buf_adds(&b, "again");
	assert_string_equal(buf_str(&b), "again");
	buf_free(&b);
}

static void
test_reset(void **state)
{
	struct buf b = BUF_INIT;
	size_t cap;
	char *data;

	(void)state;
	buf_reset(&b);          /* on a fresh buffer too */
	assert_string_equal(buf_str(&b), "");
	buf_adds(&b, "some text that is there");
	cap = b.cap;
	data = b.data;
	buf_reset(&b);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.cap, cap);
	assert_ptr_equal(b.data, data);
	assert_string_equal(buf_str(&b), "");
	buf_adds(&b, "new");
	assert_string_equal(buf_str(&b), "new");
	buf_free(&b);
}

static void
test_embedded_nul(void **state)
{
	struct buf b = BUF_INIT;
	char *s;

	(void)state;
	buf_add(&b, "a\0b\0c", 5);
	assert_int_equal(b.len, 5);
	assert_memory_equal(b.data, "a\0b\0c", 5);
	assert_int_equal(b.data[5], '\0');
	buf_addc(&b, '\0');
	assert_int_equal(b.len, 6);
	buf_adds(&b, "d");
	assert_memory_equal(b.data, "a\0b\0c\0d", 8);
	assert_string_equal(buf_str(&b), "a");  /* as a C string it stops early */
	s = buf_steal(&b);
	assert_memory_equal(s, "a\0b\0c\0d", 8);
	free(s);
}

static void
test_reserve(void **state)
{
	struct buf b = BUF_INIT;
	char *data;

	(void)state;
	buf_reserve(&b, 0);
	assert_non_null(b.data);
	assert_string_equal(b.data, "");
	buf_reserve(&b, 1000);
	assert_true(b.cap >= 1001);
	assert_int_equal(b.len, 0);
	assert_string_equal(b.data, "");
	data = b.data;
	for (int i = 0; i < 1000; i++)
		buf_addc(&b, 'x');
	assert_ptr_equal(b.data, data);         /* no growth within the reserve */
	assert_int_equal(b.len, 1000);

	buf_reserve(&b, 5);
	data = b.data;
	buf_adds(&b, "12345");
	assert_ptr_equal(b.data, data);
	buf_free(&b);
}

static void
test_xalloc(void **state)
{
	char *s;
	int *v;

	(void)state;
	assert_null(xstrdup(NULL));
	s = xstrdup("abc");
	assert_string_equal(s, "abc");
	free(s);
	s = xstrndup("abcdef", 3);
	assert_string_equal(s, "abc");
	free(s);
	s = xstrndup("ab", 10);  /* shorter than n: stops at the NUL */
	assert_string_equal(s, "ab");
	free(s);
	s = xasprintf("%s=%d", "n", 7);
	assert_string_equal(s, "n=7");
	free(s);
	s = xasprintf("%s", "");
	assert_string_equal(s, "");
	free(s);
	free(xmalloc(0));
	free(xcalloc(0, 4));
	v = xcalloc(4, sizeof *v);
	assert_int_equal(v[0] | v[1] | v[2] | v[3], 0);
	v = xreallocarray(v, 1000, sizeof *v);
	v[999] = 1;
	free(v);
	free(xrealloc(NULL, 0));
}

/* Run fn in a child with stderr captured; return what it wrote and how it
 * ended. */
static char *
run_child(void (*fn)(void), int *status)
{
	static char out[512];
	int fds[2];
	pid_t pid;
	ssize_t n;
	size_t got = 0;

	assert_int_equal(pipe(fds), 0);
	fflush(NULL);           /* or the child's exit() prints it all again */
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		dup2(fds[1], 2);
		close(fds[0]);
		fn();
		_exit(0);
	}
	close(fds[1]);
	while ((n = read(fds[0], out + got, sizeof out - 1 - got)) > 0)
		got += (size_t)n;
	out[got] = '\0';
	close(fds[0]);
	assert_int_equal(waitpid(pid, status, 0), pid);
	return out;
}

static void
overflow_calloc(void)
{
	/* The product overflows size_t: must abort before calling calloc. */
	free(xcalloc(SIZE_MAX / 2, 4));
}

static void
overflow_reserve(void)
{
	struct buf b = BUF_INIT;

	buf_adds(&b, "x");
	buf_reserve(&b, SIZE_MAX);
}

static void
test_overflow_aborts(void **state)
{
	int status;
	char *err;

	(void)state;
	err = run_child(overflow_calloc, &status);
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGABRT);
	assert_non_null(strstr(err, "wicket: out of memory ("));

	err = run_child(overflow_reserve, &status);
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGABRT);
	assert_non_null(strstr(err, "wicket: out of memory ("));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init_empty),
		cmocka_unit_test(test_growth),
		cmocka_unit_test(test_adds_mixed),
		cmocka_unit_test(test_printf),
		cmocka_unit_test(test_printf_large),
		cmocka_unit_test(test_steal),
		cmocka_unit_test(test_reset),
		cmocka_unit_test(test_embedded_nul),
		cmocka_unit_test(test_reserve),
		cmocka_unit_test(test_xalloc),
		cmocka_unit_test(test_overflow_aborts),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
