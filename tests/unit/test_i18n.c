/* test_i18n.c - _() keeps gettext's answers, never a stale one.
 *
 * In zh_CN with the build's catalogue: a msgid gets its translation, and
 * again from the memory; a buffer that held one msgid and then another
 * (a label built at run time, its address reused) gets the second's
 * translation, not the first's; an untranslated text comes back as the
 * text it holds now; and a new locale gets its own answers. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "wicket/common/i18n.h"

static void test_translations_kept_true(void **state)
{
	(void)state;
	if (!setlocale(LC_ALL, "zh_CN.UTF-8"))
		skip();
	const char *dir = getenv("WICKET_LOCALEDIR");
	assert_non_null(dir);
	bindtextdomain(PACKAGE, dir);
	bind_textdomain_codeset(PACKAGE, "UTF-8");
	textdomain(PACKAGE);
	assert_string_equal(_("Called %s."), "已呼叫 %s 号。");
	assert_string_equal(_("Called %s."), "已呼叫 %s 号。");

	char *buf = malloc(64);
	assert_non_null(buf);
	strcpy(buf, "Called %s.");
	assert_string_equal(_(buf), "已呼叫 %s 号。");
	strcpy(buf, "Finished %s.");
	assert_string_equal(_(buf), "%s 号已办理完毕。");
	strcpy(buf, "no such msgid, 1");
	assert_ptr_equal(_(buf), buf);
	strcpy(buf, "no such msgid, 2");
	assert_string_equal(_(buf), "no such msgid, 2");
	strcpy(buf, "Called %s.");
	assert_string_equal(_(buf), "已呼叫 %s 号。");
	free(buf);
	assert_null(_(NULL));
	/* Another locale: the answers kept for the first are not given. */
	if (setlocale(LC_ALL, "zh_TW.UTF-8")) {
		assert_string_equal(_("Called %s."), "已呼叫 %s 號。");
		assert_non_null(setlocale(LC_ALL, "C.UTF-8"));
		assert_string_equal(_("Called %s."), "Called %s.");
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = { cmocka_unit_test(test_translations_kept_true) };
	return cmocka_run_group_tests(tests, NULL, NULL);
}
