/* test_json_out.c - json_print writes what cJSON_PrintUnformatted writes.
 *
 * Every reply of wicketd is written by json_print (src/server/json_out.c),
 * which takes a short cut for integers and strings: the same bytes as
 * cJSON's are checked here, tree by tree, for the numbers that take each
 * of cJSON's paths (int, 15 digits, 17 digits, past 10^15, not finite),
 * every byte in a string and in a key, and nesting. */
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
#include <cmocka.h>

#include "wicket/server/json_out.h"

/* json_print(item) is cJSON's text, byte for byte. */
static void same(const cJSON *item)
{
	char *theirs = cJSON_PrintUnformatted(item), *ours = json_print(item);
	assert_non_null(theirs);
	assert_string_equal(ours, theirs);
	free(ours);
	cJSON_free(theirs);
}

static void test_numbers(void **state)
{
	(void)state;
	static const double fixed[] = {
		0, -0.0, 1, -1, 7, 42, 2147483647.0, 2147483648.0, -2147483648.0, -2147483649.0,
		1796683748.0, 1796683748123.0, 999999999999999.0, 1e15, 1e15 + 1, -1e15, 9007199254740993.0,
		1e300, -1e-300, 0.1, 0.5, 1.5, -2.25, 1.0 / 3, 2.0 / 3, 3.14159, 1e-7, 123456.789,
		0.30000000000000004, 5e-324, 1.7976931348623157e308, NAN, INFINITY, -INFINITY,
	};
	for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++) {
		cJSON *n = cJSON_CreateNumber(fixed[i]);
		same(n);
		cJSON_Delete(n);
	}
	/* and many more, of every size, whole and not */
	srand(12);
	for (int i = 0; i < 20000; i++) {
		double mag = pow(10, rand() % 36 - 12);
		double v = (rand() / (double)RAND_MAX - 0.5) * mag;
		if (i % 2)
			v = floor(v);
		cJSON *n = cJSON_CreateNumber(v);
		same(n);
		cJSON_Delete(n);
	}
}

static void test_strings(void **state)
{
	(void)state;
	char all[256];
	for (int i = 1; i < 256; i++)
		all[i - 1] = (char)i;
	all[255] = '\0';
	const char *texts[] = { "", "a", "张雅婷", "\"quoted\" \\ back", "tab\tline\nret\rbell\a\x1f\x7f", all };
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		cJSON *s = cJSON_CreateString(texts[i]);
		same(s);
		cJSON_Delete(s);
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, texts[i], texts[i]);   /* as a key too */
		same(o);
		cJSON_Delete(o);
	}
}

static void test_trees(void **state)
{
	(void)state;
	const char *texts[] = {
		"{}", "[]", "null", "true", "false", "[[],{},[{}]]",
		"{\"tickets\":[{\"id\":17,\"number\":\"A003\",\"status\":\"waiting\",\"priority\":\"elderly\","
		"\"issued_at\":\"2026-12-08T06:49:00+08:00\",\"wait\":2880,\"window\":null,\"ok\":true}],"
		"\"total\":9,\"next\":null,\"ratio\":0.25,\"nested\":{\"a\":[1,-2,3.5,\"x\",false,null]}}",
	};
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		cJSON *t = cJSON_Parse(texts[i]);
		assert_non_null(t);
		same(t);
		cJSON_Delete(t);
	}
	cJSON *raw = cJSON_CreateObject();
	cJSON_AddRawToObject(raw, "data", "{\"kept\":[1,2]}");
	same(raw);
	cJSON_Delete(raw);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_strings),
		cmocka_unit_test(test_trees),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
