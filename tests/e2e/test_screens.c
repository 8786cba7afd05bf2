/* The screen never lies: what the terminal shows is what the client drew,
 * cell by cell, after dialogs close, after ^L, and in a GB18030 terminal
 * whose ambiguous characters (· × … ─) are two columns wide.  The real
 * wicket on a pseudo-terminal (libvterm) against a real wicketd. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <ctype.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <curl/curl.h>

#include "client.h"
#include "harness.h"
#include "term.h"
#include "wicket/common/buf.h"
#include "wicket/common/utf8.h"
#include "wicket/common/xalloc.h"

#define WAIT 10000   /* ms: a bound for failures, never a pause */

static struct wd W;

static int setup(void **state)
{
	(void)state;
	wd_start(&W, true, NULL);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	wd_stop(&W);
	return 0;
}

static struct term *clerk(const char *lang)
{
	const char *const args[] = { "--user", "clerk1", "--window", "1", NULL };
	return client_sign_in(W.url, W.dir, args, lang, NULL, 24, 80, "counter");
}

static void key(struct term *t, VTermKey k)
{
	term_key(t, k, VTERM_MOD_NONE);
}

/* Call the next applicant, start, and open the case screen of MAR-01 (the
 * demo hall's marriage registration: six materials with long names). */
static void open_case(struct term *t)
{
	client_expect(t, "服务中");        /* signing in opened the window */
	key(t, VTERM_KEY_FUNCTION(2));
	client_expect(t, "已呼叫");
	key(t, VTERM_KEY_FUNCTION(5));
	client_expect(t, "正在办理");
	key(t, VTERM_KEY_ENTER);
	assert_int_equal(term_wait_ready(t, "picker", WAIT), 0);
	term_type(t, "1");
	assert_int_equal(term_wait_ready(t, "case", WAIT), 0);
	client_expect(t, "婚前医学检查证明");
}

/* The screen between the status line (its clock ticks) and the message
 * line (^L's reload says so): what a dialog covered. */
/* The rows between the title and the key bar, with every running clock
 * ("NN:NN", the serving timer) masked: a second may turn while a dialog
 * is open, which is no trace of the dialog. */
static char *body(struct term *t)
{
	struct buf b = BUF_INIT;
	int rows;
	term_size(t, &rows, NULL);
	for (int r = 1; r < rows - 2; r++) {
		char *row = term_row(t, r);
		buf_printf(&b, "%s\n", row);
		free(row);
	}
	char *text = buf_steal(&b);
	for (char *p = text; p[0] && p[1] && p[2] && p[3] && p[4]; p++)
		if (isdigit((unsigned char)p[0]) && isdigit((unsigned char)p[1]) && p[2] == ':' &&
		    isdigit((unsigned char)p[3]) && isdigit((unsigned char)p[4]))
			memcpy(p, "##:##", 5);
	return text;
}

static void assert_same_screen(const char *want, const char *got, const char *what)
{
	if (strcmp(want, got) != 0) {
		fprintf(stderr, "# before:\n%s# after %s:\n%s", want, what, got);
		fail_msg("the screen after %s is not the screen before it", what);
	}
}

/* Open a dialog with k (it is "dialog" or "picker"), close it with Esc:
 * the terminal shows again, cell for cell, what it showed before. */
static void dialog_round_trip(struct term *t, const char *k, const char *kind, const char *view)
{
	char *before = body(t);
	term_type(t, k);
	assert_int_equal(term_wait_ready(t, kind, WAIT), 0);
	key(t, VTERM_KEY_ESCAPE);
	assert_int_equal(term_wait_ready(t, view, WAIT), 0);
	char *after = body(t);
	char what[64];
	snprintf(what, sizeof what, "the %s of '%s' closed", kind, k);
	assert_same_screen(before, after, what);
	free(before);
	free(after);
}

/* The applicant's dialog (i) over the case screen's materials cuts their
 * CJK names at its edges; closing it leaves no blanked character and no
 * stray border, and ^L puts right a terminal garbled by anything else. */
static void test_dialogs_leave_no_trace(void **state)
{
	(void)state;
	struct term *t = clerk("zh_CN.UTF-8");
	open_case(t);
	dialog_round_trip(t, "i", "dialog", "case");
	dialog_round_trip(t, "i", "dialog", "case");
	key(t, VTERM_KEY_ESCAPE);
	assert_int_equal(term_wait_ready(t, "counter", WAIT), 0);
	/* The transfer's picker (t) over the counter (its queue and guide). */
	dialog_round_trip(t, "t", "picker", "counter");
	char *before = body(t), *after;

	/* Something else wrote over the terminal: ^L repaints all of it. */
	term_garble(t, "\x1b[5;3H乱码乱码 garbage \x1b[12;40H\xe2\x94\x90\xe2\x94\x90");
	after = body(t);
	assert_string_not_equal(before, after);
	free(after);
	term_type(t, "\x0c");                 /* ^L */
	assert_int_equal(term_wait_ready(t, "counter", WAIT), 0);
	after = body(t);
	assert_same_screen(before, after, "^L");
	free(before);
	free(after);
	client_quit(t);
}

/* At 80 columns in Chinese the case screen's checklist shows every
 * material's form and copies whole, and a long name wraps to its end. */
static void test_materials_whole(void **state)
{
	(void)state;
	struct term *t = clerk("zh_CN.UTF-8");
	open_case(t);
	int row = term_find_row(t, "离婚证、离婚判决书");
	assert_true(row > 0);
	char *line = term_row(t, row);
	bool whole = strstr(line, "原件及复印件 ×1") != NULL;
	if (!whole)
		fprintf(stderr, "# the row: %s\n", line);
	free(line);
	assert_true(whole);
	assert_true(term_contains(t, "偶死亡证明"));
	assert_int_equal(term_col_of(t, row, "原件及复印件"),
			 term_col_of(t, term_find_row(t, "本人有效居民身份证"), "原件"));
	client_quit(t);
}

/* No English code on screen: a role is named in the session's language. */
static void test_role_named(void **state)
{
	(void)state;
	const char *const args[] = { "--user", "admin", NULL };
	struct term *t = client_sign_in(W.url, W.dir, args, "zh_CN.UTF-8", NULL, 24, 80, "no-screens");
	client_expect(t, "角色为“系统管理员”");
	client_quit(t);
}

/* ---- GB18030 ------------------------------------------------------------ */

/* The width a GB18030 terminal gives row r (the harness shows its wide
 * ambiguous characters as wide stand-ins, so Unicode's widths hold). */
static size_t row_width(struct term *t, int r)
{
	char *row = term_row(t, r);
	size_t w = utf8_width(row);
	free(row);
	return w;
}

/* Nothing overflowed: the status line reaches the last column with the
 * clock (HH:MM) there, the key hints start the last row, and no row is
 * wider than the screen. */
static void assert_layout_holds(struct term *t, const char *screen, const char *last_hint)
{
	char *status = term_row(t, 0);
	size_t len = strlen(status);
	bool clock = len >= 5 && status[len - 3] == ':' && utf8_width(status) == 80;
	char *hints = term_row(t, 23);
	bool hinted = strncmp(hints, "F1", 2) == 0 && strstr(hints, last_hint);
	if (!clock || !hinted) {
		char *all = term_screen_text(t);
		fprintf(stderr, "# %s in GB18030:\n%s\n", screen, all);
		free(all);
	}
	free(hints);
	free(status);
	assert_true(clock);
	assert_true(hinted);
	for (int r = 0; r < 24; r++)
		assert_true(row_width(t, r) <= 80);
}

/* The counter, the case screen, the F8 list and the help of a clerk, the
 * supervisor's screens and the guide desk, in a GB18030 terminal at 80
 * columns. */
static void test_gb18030_layout(void **state)
{
	(void)state;
	struct term *t = clerk("zh_CN.GB18030");
	client_expect(t, "在线");
	assert_int_equal(term_wait_ready(t, "counter", WAIT), 0);
	assert_layout_holds(t, "counter", "退出");
	open_case(t);
	assert_layout_holds(t, "case", "返回");
	/* The material list's form and copies column lines up. */
	int row = term_find_row(t, "本人有效居民身份证");
	assert_true(row > 0);
	assert_true(term_col_of(t, row, "原件") > 0);
	key(t, VTERM_KEY_ESCAPE);
	assert_int_equal(term_wait_ready(t, "counter", WAIT), 0);
	/* The transfer list: seventeen numbered lines over the counter. */
	key(t, VTERM_KEY_FUNCTION(6));
	assert_int_equal(term_wait_ready(t, "picker", WAIT), 0);
	client_expect(t, "2号窗口（");
	assert_layout_holds(t, "transfer", "退出");
	key(t, VTERM_KEY_ESCAPE);
	assert_int_equal(term_wait_ready(t, "counter", WAIT), 0);
	key(t, VTERM_KEY_FUNCTION(8));
	assert_int_equal(term_wait_ready(t, "cases", WAIT), 0);
	assert_layout_holds(t, "F8 list", "退出");
	key(t, VTERM_KEY_FUNCTION(1));
	assert_int_equal(term_wait_ready(t, "help", WAIT), 0);
	assert_layout_holds(t, "help", "退出");
	key(t, VTERM_KEY_ESCAPE);
	assert_int_equal(term_wait_ready(t, "cases", WAIT), 0);
	key(t, VTERM_KEY_ESCAPE);
	assert_int_equal(term_wait_ready(t, "counter", WAIT), 0);
	/* Today's bookings (预约) of the window: the demo's, masked ID numbers. */
	term_type(t, "y");
	assert_int_equal(term_wait_ready(t, "bookings", WAIT), 0);
	client_expect(t, "待签到");
	assert_layout_holds(t, "bookings", "退出");
	client_quit(t);

	const char *const args[] = { "--user", "supervisor", NULL };
	t = client_sign_in(W.url, W.dir, args, "zh_CN.GB18030", NULL, 24, 80, "board");
	client_expect(t, "残联及户政服务区");
	assert_int_equal(term_wait_ready(t, "board", WAIT), 0);
	assert_layout_holds(t, "board", "退出");
	/* Waits on the board have their unit, as in the queue. */
	assert_true(term_contains(t, "分钟"));
	/* Window 1's day: the clerk's visit above (a case, its due date). */
	key(t, VTERM_KEY_ENTER);
	assert_int_equal(term_wait_ready(t, "day", WAIT), 0);
	client_expect(t, "1号窗口");
	assert_false(term_contains(t, "窗口 1 1号窗口"));
	assert_layout_holds(t, "day", "返回");
	key(t, VTERM_KEY_ESCAPE);
	assert_int_equal(term_wait_ready(t, "board", WAIT), 0);
	/* The 不打烊 sessions and the home visits (上门服务). */
	term_type(t, "w");
	assert_int_equal(term_wait_ready(t, "sessions", WAIT), 0);
	client_expect(t, "不打烊时段");
	assert_layout_holds(t, "sessions", "返回");
	term_type(t, "h");
	assert_int_equal(term_wait_ready(t, "visits", WAIT), 0);
	client_expect(t, "上门服务");
	assert_layout_holds(t, "visits", "返回");
	/* 容缺 materials owed, and the report with its lines under the total. */
	key(t, VTERM_KEY_FUNCTION(2));
	assert_int_equal(term_wait_ready(t, "board", WAIT), 0);
	term_type(t, "o");
	assert_int_equal(term_wait_ready(t, "owed", WAIT), 0);
	client_expect(t, "容缺待补材料");
	assert_layout_holds(t, "owed", "返回");
	key(t, VTERM_KEY_FUNCTION(8));
	assert_int_equal(term_wait_ready(t, "report", WAIT), 0);
	client_expect(t, "帮办代办");
	assert_layout_holds(t, "report", "返回");
	client_quit(t);

	/* The guide desk (导询台) and its enquiry form. */
	const char *const guide[] = { "--user", "guide", NULL };
	t = client_sign_in(W.url, W.dir, guide, "zh_CN.GB18030", NULL, 24, 80, "guide");
	client_expect(t, "首问");
	assert_layout_holds(t, "guide", "退出");
	key(t, VTERM_KEY_FUNCTION(2));
	assert_int_equal(term_wait_ready(t, "dialog", WAIT), 0);
	assert_layout_holds(t, "enquiry form", "退出");
	key(t, VTERM_KEY_ESCAPE);
	client_quit(t);
}

int main(void)
{
	curl_global_init(CURL_GLOBAL_DEFAULT);
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_dialogs_leave_no_trace),
		T(test_materials_whole),
		T(test_role_named),
		T(test_gb18030_layout),
	};
#undef T
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	curl_global_cleanup();
	return rc;
}
