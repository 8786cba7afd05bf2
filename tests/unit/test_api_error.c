/* Decoding the server's error replies, including malformed and hostile ones. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "wicket/net/api_error.h"

static int decode(long status, const char *body, struct api_error *e)
{
	return api_error_decode(status, body, body ? strlen(body) : 0, e);
}

static void test_well_formed(void **state)
{
	(void)state;
	struct api_error e;
	assert_int_equal(decode(404, "{\"error\":{\"code\":\"queue_empty\",\"message\":\"没有等候的号\"}}", &e), 0);
	assert_int_equal(e.status, 404);
	assert_string_equal(e.code, "queue_empty");
	assert_string_equal(e.message, "没有等候的号");
}

static void test_empty_body(void **state)
{
	(void)state;
	struct api_error e;
	assert_int_equal(decode(502, NULL, &e), -1);
	assert_string_equal(e.code, "http_502");
}

static void test_not_json(void **state)
{
	(void)state;
	struct api_error e;
	assert_int_equal(decode(500, "<html>oops</html>", &e), -1);
	assert_string_equal(e.code, "bad_reply");
	assert_non_null(strstr(e.message, "500"));
}

static void test_wrong_types(void **state)
{
	(void)state;
	struct api_error e;
	assert_int_equal(decode(400, "{\"error\":{\"code\":7,\"message\":\"x\"}}", &e), -1);
	assert_string_equal(e.code, "bad_reply");
	assert_int_equal(decode(400, "{\"error\":\"flat\"}", &e), -1);
	assert_int_equal(decode(400, "[1,2]", &e), -1);
}

static void test_hostile_code_rejected(void **state)
{
	(void)state;
	struct api_error e;
	assert_int_equal(decode(400, "{\"error\":{\"code\":\"x\\u001b[2J\",\"message\":\"m\"}}", &e), -1);
	assert_string_equal(e.code, "bad_reply");
}

static void test_hostile_message_neutralised(void **state)
{
	(void)state;
	struct api_error e;
	assert_int_equal(decode(409, "{\"error\":{\"code\":\"conflict\",\"message\":\"a\\u001b]0;pwned\\u0007b\\u009b31m\"}}", &e), 0);
	for (const char *p = e.message; *p; p++) {
		assert_true((unsigned char)*p >= 0x20);
		assert_true((unsigned char)*p != 0x7f);
	}
	assert_null(strstr(e.message, "\xc2\x9b"));
	assert_non_null(strstr(e.message, "pwned"));
}

static void test_long_message_cut_on_boundary(void **state)
{
	(void)state;
	char body[8192];
	size_t n = (size_t)snprintf(body, sizeof body, "{\"error\":{\"code\":\"long\",\"message\":\"");
	for (int i = 0; i < 1000; i++)
		n += (size_t)snprintf(body + n, sizeof body - n, "窗");
	snprintf(body + n, sizeof body - n, "\"}}");
	struct api_error e;
	assert_int_equal(decode(400, body, &e), 0);
	size_t len = strlen(e.message);
	assert_true(len < sizeof e.message);
	assert_int_equal(len % 3, 0); /* whole 3-byte characters only */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_well_formed),
		cmocka_unit_test(test_empty_body),
		cmocka_unit_test(test_not_json),
		cmocka_unit_test(test_wrong_types),
		cmocka_unit_test(test_hostile_code_rejected),
		cmocka_unit_test(test_hostile_message_neutralised),
		cmocka_unit_test(test_long_message_cut_on_boundary),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
