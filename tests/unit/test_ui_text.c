/* Width-aware cells for untrusted text. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "wicket/ui/ui_text.h"
#include "wicket/common/utf8.h"

static void check_cell(const char *in, size_t cols, const char *want)
{
	char *got = ui_text_cell(in, cols);
	assert_string_equal(got, want);
	assert_int_equal(utf8_width(got), cols);
	free(got);
}

static void test_pad_and_cut(void **state)
{
	(void)state;
	check_cell("婚姻登记", 10, "婚姻登记  ");
	check_cell("婚姻登记", 8, "婚姻登记");
	check_cell("婚姻登记", 7, "婚姻登…");
	check_cell("婚姻登记", 6, "婚姻… ");
	check_cell("A1窗口", 5, "A1窗…");
	check_cell(NULL, 3, "   ");
}

static void test_escape_never_reaches_cell(void **state)
{
	(void)state;
	char *got = ui_text_cell("张三\x1b[31m\x1b]0;x\x07", 30);
	assert_null(strchr(got, 0x1b));
	assert_null(strchr(got, 0x07));
	assert_int_equal(utf8_width(got), 30);
	free(got);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pad_and_cut),
		cmocka_unit_test(test_escape_never_reaches_cell),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
