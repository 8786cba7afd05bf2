/* Tests of the end-to-end terminal harness itself, without wicket.
 *
 * Each test runs a /bin/sh script on the harness's pty as
 *   sh -c SCRIPT sh --ready-fd 3
 * so that the appended option arrives as $1 $2, and the script writes its own
 * ready lines with  printf 'ready 1 view\n' >&"$2"  once its output is out.
 * Timeouts are failure bounds only; nothing sleeps. */
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
#include <time.h>
#include <cmocka.h>

#include "term.h"

#define WAIT_MS 5000

static struct term *
spawn_sh(const char *script, const char *const env[], int rows, int cols)
{
	const char *const argv[] = { "/bin/sh", "-c", script, "sh", NULL };
	struct term *t = term_spawn(argv, env, rows, cols);

	assert_non_null(t);
	return t;
}

static void
assert_row(struct term *t, int row, const char *want)
{
	char *got = term_row(t, row);

	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
}

/* Wait for the program to end by itself, then close: closing first would
 * hang the terminal up under a program about to exit, and it would die of
 * SIGHUP instead. */
static void
assert_exit(struct term *t, int want)
{
	assert_int_equal(term_wait_exit(t, WAIT_MS), want);
	assert_int_equal(term_close(t), want);
}

/* Wide characters take two cells but appear once in the text. */
static void
test_cjk_cells(void **state)
{
	(void)state;
	struct term *t = spawn_sh("printf '窗口A1 排队\\n等候 12 人\\n'; printf 'ready 1 test\\n' >&\"$2\"",
				  NULL, 24, 80);
	assert_int_equal(term_wait_ready(t, "test", WAIT_MS), 0);
	assert_row(t, 0, "窗口A1 排队");
	assert_row(t, 1, "等候 12 人");
	assert_row(t, 2, "");
	assert_int_equal(term_col_of(t, 0, "窗口"), 0);
	assert_int_equal(term_col_of(t, 0, "A1"), 4);
	assert_int_equal(term_col_of(t, 0, "排队"), 7);
	assert_int_equal(term_col_of(t, 1, "人"), 8);
	assert_int_equal(term_col_of(t, 1, "A1"), -1);
	assert_int_equal(term_find_row(t, "12 人"), 1);
	assert_int_equal(term_find_row(t, "absent"), -1);
	assert_true(term_contains(t, "A1 排"));
	assert_null(term_row(t, 24));
	assert_null(term_row(t, -1));
	char *all = term_screen_text(t);
	assert_true(strncmp(all, "窗口A1 排队\n等候 12 人\n\n", strlen("窗口A1 排队\n等候 12 人\n\n")) == 0);
	free(all);
	assert_exit(t, 0);
}

/* Palette colours, the default colour and attributes are told apart. */
static void
test_colours(void **state)
{
	(void)state;
	struct term *t = spawn_sh("printf '\\033[31mred\\033[0m \\033[38;5;214m琥珀\\033[0m plain "
				  "\\033[1;7mB\\033[0m \\033[38;2;1;2;3mrgb\\033[0m \\033[44mbg\\033[0m\\n'; "
				  "printf 'ready 1 test\\n' >&\"$2\"", NULL, 24, 80);
	assert_int_equal(term_wait_ready(t, "test", WAIT_MS), 0);
	assert_row(t, 0, "red 琥珀 plain B rgb bg");
	assert_int_equal(term_cell_fg(t, 0, 0), 1);
	assert_int_equal(term_cell_fg(t, 0, 2), 1);
	assert_int_equal(term_cell_fg(t, 0, 3), -1);
	int amber = term_col_of(t, 0, "琥珀");
	assert_int_equal(amber, 4);
	assert_int_equal(term_cell_fg(t, 0, amber), 214);
	assert_int_equal(term_cell_fg(t, 0, amber + 2), 214);
	assert_int_equal(term_cell_fg(t, 0, term_col_of(t, 0, "plain")), -1);
	int b = term_col_of(t, 0, "B");
	VTermScreenCellAttrs attrs;
	assert_true(term_cell_attrs(t, 0, b, &attrs));
	assert_true(attrs.bold && attrs.reverse);
	assert_true(term_cell_attrs(t, 0, 0, &attrs));
	assert_false(attrs.bold || attrs.reverse);
	assert_false(term_cell_attrs(t, 99, 0, &attrs));
	assert_int_equal(term_cell_fg(t, 0, term_col_of(t, 0, "rgb")), -2);
	assert_int_equal(term_cell_bg(t, 0, term_col_of(t, 0, "bg")), 4);
	assert_int_equal(term_cell_bg(t, 0, 0), -1);
	assert_int_equal(term_cell_fg(t, 0, 80), -2);
	assert_exit(t, 0);
}

/* Absolute positioning, leading blanks kept, trailing ones trimmed, combining
 * marks kept with their base, and the cursor reported. */
static void
test_positioning(void **state)
{
	(void)state;
	struct term *t = spawn_sh("printf '\\033[2J\\033[5;10Hmid   \\033[1;1Htop\\033[3;3He\\314\\201!"
				  "\\033[10;79H宽\\033[7;4H'; printf 'ready 1 test\\n' >&\"$2\"",
				  NULL, 10, 80);
	assert_int_equal(term_wait_ready(t, "test", WAIT_MS), 0);
	assert_row(t, 0, "top");
	assert_row(t, 4, "         mid");
	assert_int_equal(term_col_of(t, 4, "mid"), 9);
	assert_row(t, 2, "  e\xcc\x81!");
	assert_int_equal(term_col_of(t, 2, "!"), 3);
	assert_row(t, 9, "                                                                              宽");
	assert_int_equal(term_col_of(t, 9, "宽"), 78);
	int row, col;
	term_cursor(t, &row, &col);
	assert_int_equal(row, 6);
	assert_int_equal(col, 3);
	assert_exit(t, 0);
}

/* What curses does: switch to the alternate screen and back. */
static void
test_alternate_screen(void **state)
{
	(void)state;
	struct term *t = spawn_sh("printf 'primary\\n'; printf '\\033[?1049h\\033[H\\033[2Jalternate'; "
				  "printf 'ready 1 alt\\n' >&\"$2\"; read x; printf '\\033[?1049l'; "
				  "printf 'ready 2 main\\n' >&\"$2\"; read x", NULL, 24, 80);
	assert_int_equal(term_wait_ready(t, "alt", WAIT_MS), 0);
	assert_row(t, 0, "alternate");
	assert_false(term_contains(t, "primary"));
	term_key(t, VTERM_KEY_ENTER, VTERM_MOD_NONE);
	assert_int_equal(term_wait_ready(t, "main", WAIT_MS), 0);
	assert_row(t, 0, "primary");
	assert_false(term_contains(t, "alternate"));
	term_close(t);
}

/* Typed text, Enter and Backspace arrive; with IUTF8 on, Backspace erases a
 * whole Chinese character in the line discipline. */
static void
test_typing(void **state)
{
	(void)state;
	struct term *t = spawn_sh("printf 'ready 1 prompt\\n' >&\"$2\"; IFS= read -r a; "
				  "printf 'got:%s\\n' \"$a\"; printf 'ready 2 echoed\\n' >&\"$2\"; "
				  "IFS= read -r b; printf 'got2:%s\\n' \"$b\"; printf 'ready 3 echoed\\n' >&\"$2\"",
				  NULL, 24, 80);
	assert_int_equal(term_wait_ready(t, "prompt", WAIT_MS), 0);
	term_type(t, "你好 A1");
	term_key(t, VTERM_KEY_ENTER, VTERM_MOD_NONE);
	assert_int_equal(term_wait_ready(t, "echoed", WAIT_MS), 0);
	assert_true(term_contains(t, "got:你好 A1"));
	/* The line discipline echoed what was typed on the row above. */
	assert_int_equal(term_find_row(t, "got:你好 A1"), term_find_row(t, "你好 A1") + 1);
	term_type(t, "窗口");
	term_key(t, VTERM_KEY_BACKSPACE, VTERM_MOD_NONE);
	term_type(t, "号");
	term_key(t, VTERM_KEY_ENTER, VTERM_MOD_NONE);
	assert_int_equal(term_wait_ready(t, "echoed", WAIT_MS), 0);
	assert_int_equal(term_ready_seq(t), 3);
	assert_true(term_contains(t, "got2:窗号"));
	assert_exit(t, 0);
}

/* The bytes libvterm makes for special keys reach the program. */
static void
test_special_keys(void **state)
{
	(void)state;
	struct term *t = spawn_sh("stty -echo; printf 'ready 1 keys\\n' >&\"$2\"; IFS= read -r k; "
				  "printf '%s' \"$k\" | od -An -tx1; printf 'ready 2 done\\n' >&\"$2\"; read x",
				  NULL, 24, 80);
	assert_int_equal(term_wait_ready(t, "keys", WAIT_MS), 0);
	term_key(t, VTERM_KEY_FUNCTION(1), VTERM_MOD_NONE);
	term_key(t, VTERM_KEY_UP, VTERM_MOD_NONE);
	term_key(t, VTERM_KEY_TAB, VTERM_MOD_NONE);
	term_key(t, VTERM_KEY_FUNCTION(5), VTERM_MOD_NONE);
	term_type(t, "q");
	term_key(t, VTERM_KEY_ENTER, VTERM_MOD_NONE);
	assert_int_equal(term_wait_ready(t, "done", WAIT_MS), 0);
	/* F1 = ESC O P, Up = ESC [ A, Tab, F5 = ESC [ 1 5 ~, q */
	assert_true(term_contains(t, "1b 4f 50 1b 5b 41 09 1b 5b 31 35 7e 71"));
	term_close(t);
}

/* libvterm's answers to the program's queries go back to the program. */
static void
test_query_answered(void **state)
{
	(void)state;
	struct term *t = spawn_sh("stty -icanon -echo; printf 'abc\\033[6n'; r=$(head -c 6 | od -An -c); "
				  "printf '\\ndsr:%s\\n' \"$r\"; printf 'ready 1 done\\n' >&\"$2\"",
				  NULL, 24, 80);
	assert_int_equal(term_wait_ready(t, "done", WAIT_MS), 0);
	assert_true(term_contains(t, "dsr: 033   [   1   ;   4   R"));
	term_close(t);
}

/* A resize reaches both the screen and the program (SIGWINCH, new size).
 * The program redraws on SIGWINCH, as a curses program does: here the trap
 * says ready, and a read the signal cut short is simply read again. */
static void
test_resize(void **state)
{
	(void)state;
	struct term *t = spawn_sh("trap 'w=yes; printf \"ready 2 winch\\n\" >&\"$2\"' WINCH; stty size; "
				  "printf 'ready 1 r\\n' >&\"$2\"; read x || read x; "
				  "printf 'winch=%s size=%s\\n' \"$w\" \"$(stty size)\"; "
				  "printf '%0100d|\\n' 0; printf 'ready 3 done\\n' >&\"$2\"; read x",
				  NULL, 24, 80);
	assert_int_equal(term_wait_ready(t, "r", WAIT_MS), 0);
	assert_row(t, 0, "24 80");
	term_resize(t, 30, 120);
	int rows, cols;
	term_size(t, &rows, &cols);
	assert_int_equal(rows, 30);
	assert_int_equal(cols, 120);
	assert_int_equal(term_wait_ready(t, "winch", WAIT_MS), 0);
	term_key(t, VTERM_KEY_ENTER, VTERM_MOD_NONE);
	assert_int_equal(term_wait_ready(t, "done", WAIT_MS), 0);
	assert_true(term_contains(t, "winch=yes size=30 120"));
	/* 101 columns fit on one row now. */
	int row = term_find_row(t, "0|");
	assert_true(row >= 0);
	assert_int_equal(term_col_of(t, row, "|"), 100);
	assert_row(t, 0, "24 80");
	assert_null(term_row(t, 30));
	term_close(t);
}

/* The child's environment and the appended option. */
static void
test_environment(void **state)
{
	(void)state;
	const char *script = "printf '[%s %s] %s %s %s %s|%s|\\n' \"$1\" \"$2\" \"$TERM\" \"$LANG\" "
			     "\"$LC_ALL\" \"${LINES-nolines}\" \"${E2E_FOO-unset}\"; "
			     "printf 'ready 1 env\\n' >&\"$2\"";
	const char *const env[] = { "LANG=en_US.UTF-8", "E2E_FOO=bar 1", "HOME", NULL };
	const char *const env2[] = { "LC_ALL=zh_TW.UTF-8", NULL };

	setenv("LINES", "7", 1);
	struct term *t = spawn_sh(script, NULL, 24, 80);
	assert_int_equal(term_wait_ready(t, "env", WAIT_MS), 0);
	assert_row(t, 0, "[--ready-fd 3] xterm-256color zh_CN.UTF-8 zh_CN.UTF-8 nolines|unset|");
	assert_exit(t, 0);

	t = spawn_sh(script, env, 24, 80);
	assert_int_equal(term_wait_ready(t, "env", WAIT_MS), 0);
	assert_row(t, 0, "[--ready-fd 3] xterm-256color en_US.UTF-8 en_US.UTF-8 nolines|bar 1|");
	assert_exit(t, 0);

	t = spawn_sh(script, env2, 24, 80);
	assert_int_equal(term_wait_ready(t, "env", WAIT_MS), 0);
	assert_row(t, 0, "[--ready-fd 3] xterm-256color zh_TW.UTF-8 zh_TW.UTF-8 nolines|unset|");
	assert_exit(t, 0);

	t = spawn_sh("printf '%s\\n' \"${HOME-nohome}\"; printf 'ready 1 env\\n' >&\"$2\"", env, 24, 80);
	assert_int_equal(term_wait_ready(t, "env", WAIT_MS), 0);
	assert_row(t, 0, "nohome");
	assert_exit(t, 0);
	unsetenv("LINES");
}

/* A wait names a view; earlier lines are queued until a key discards them. */
static void
test_ready_queue(void **state)
{
	(void)state;
	struct term *t = spawn_sh("printf 'one\\n'; printf 'ready 1 a\\nready 2 b\\nready 3 a\\n' >&\"$2\"; "
				  "read x; printf 'two\\n'; printf 'ready 4 c\\n' >&\"$2\"; read x",
				  NULL, 24, 80);
	assert_int_equal(term_wait_ready(t, "b", WAIT_MS), 0);
	assert_int_equal(term_ready_seq(t), 2);
	assert_string_equal(term_ready_view(t), "b");
	assert_int_equal(term_wait_ready(t, NULL, WAIT_MS), 0);
	assert_int_equal(term_ready_seq(t), 3);
	/* A key: the next wait is satisfied only by the redraw after it. */
	term_key(t, VTERM_KEY_ENTER, VTERM_MOD_NONE);
	assert_int_equal(term_wait_ready(t, NULL, WAIT_MS), 0);
	assert_int_equal(term_ready_seq(t), 4);
	assert_string_equal(term_ready_view(t), "c");
	assert_true(term_contains(t, "two"));
	term_close(t);
}

/* Failures are bounded: a wrong view times out, an exit ends a wait at once. */
static void
test_wait_failures(void **state)
{
	(void)state;
	struct term *t = spawn_sh("printf 'ready 1 a\\n' >&\"$2\"; read x", NULL, 24, 80);
	assert_int_equal(term_wait_ready(t, "other", 150), -1);
	assert_int_equal(term_wait_text(t, "never", 50), -1);
	term_close(t);

	t = spawn_sh("printf 'bye\\n'; exit 0", NULL, 24, 80);
	time_t start = time(NULL);
	assert_int_equal(term_wait_ready(t, NULL, 20000), -1);
	assert_int_equal(term_wait_text(t, "nothing", 20000), -1);
	assert_true(time(NULL) - start < 10);   /* not the 20 s timeouts */
	assert_true(term_contains(t, "bye"));
	assert_exit(t, 0);
}

/* Output that comes without a key, and without a ready line. */
static void
test_wait_text(void **state)
{
	(void)state;
	struct term *t = spawn_sh("printf 'ready 1 a\\n' >&\"$2\"; read x; i=0; "
				  "while [ $i -lt 50 ]; do printf '行 %d\\n' $i; i=$((i+1)); done; "
				  "printf '更新 完成'; read x", NULL, 24, 80);
	assert_int_equal(term_wait_ready(t, "a", WAIT_MS), 0);
	term_key(t, VTERM_KEY_ENTER, VTERM_MOD_NONE);
	assert_int_equal(term_wait_text(t, "更新 完成", WAIT_MS), 0);
	/* 50 lines scrolled through 24 rows. */
	assert_row(t, 22, "行 49");
	assert_false(term_contains(t, "行 10"));
	term_close(t);
}

/* Exit codes and signals, whether reaped by a wait or by term_close. */
static void
test_exit_status(void **state)
{
	(void)state;
	struct term *t = spawn_sh("exit 3", NULL, 24, 80);
	assert_exit(t, 3);

	t = spawn_sh("printf 'ready 1 x\\n' >&\"$2\"; exit 42", NULL, 24, 80);
	assert_int_equal(term_wait_ready(t, "x", WAIT_MS), 0);
	assert_exit(t, 42);

	t = spawn_sh("kill -TERM $$", NULL, 24, 80);
	assert_exit(t, 128 + 15);

	/* Still running: the hangup of the closed terminal ends it. */
	t = spawn_sh("printf 'ready 1 x\\n' >&\"$2\"; read x; exit 5", NULL, 24, 80);
	assert_int_equal(term_wait_ready(t, "x", WAIT_MS), 0);
	int status = term_close(t);
	assert_true(status == 128 + 1 || status == 5);

	const char *const argv[] = { "/nonexistent/program", NULL };
	t = term_spawn(argv, NULL, 24, 80);
	assert_non_null(t);
	assert_int_equal(term_wait_exit(t, WAIT_MS), 127);
	assert_true(term_contains(t, "cannot run /nonexistent/program"));
	assert_int_equal(term_close(t), 127);
	assert_int_equal(term_close(NULL), -1);
}

/* Every byte is counted and kept for term_saw_bytes. */
static void
test_bytes(void **state)
{
	(void)state;
	struct term *t = spawn_sh("printf 'abc\\033]0;title\\007d'; printf 'ready 1 x\\n' >&\"$2\"", NULL, 24, 80);
	static const unsigned char osc[] = "\033]0;";
	static const unsigned char other[] = "\033[31m";

	assert_int_equal(term_wait_ready(t, "x", WAIT_MS), 0);
	assert_int_equal(term_bytes_received(t), 14);
	assert_true(term_saw_bytes(t, osc, sizeof osc - 1));
	assert_true(term_saw_bytes(t, (const unsigned char *)"d", 1));
	assert_true(term_saw_bytes(t, (const unsigned char *)"abc\033]0;title\007d", 14));
	assert_false(term_saw_bytes(t, (const unsigned char *)"abc\033]0;title\007de", 15));
	assert_false(term_saw_bytes(t, other, sizeof other - 1));
	assert_row(t, 0, "abcd");
	term_close(t);
}

/* Much output while the program also waits for input: neither side blocks. */
static void
test_bulk_output(void **state)
{
	(void)state;
	struct term *t = spawn_sh("printf 'ready 1 x\\n' >&\"$2\"; IFS= read -r a; "
				  "head -c 300000 /dev/zero | tr '\\0' 'x'; printf '\\nlen:%d\\n' ${#a}; "
				  "printf 'ready 2 done\\n' >&\"$2\"", NULL, 24, 80);
	char line[2001];

	memset(line, 'k', sizeof line - 1);
	line[sizeof line - 1] = '\0';
	assert_int_equal(term_wait_ready(t, "x", WAIT_MS), 0);
	term_type(t, line);
	term_key(t, VTERM_KEY_ENTER, VTERM_MOD_NONE);
	assert_int_equal(term_wait_ready(t, "done", WAIT_MS), 0);
	assert_true(term_contains(t, "len:2000"));
	assert_true(term_bytes_received(t) > 300000);
	term_close(t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cjk_cells),
		cmocka_unit_test(test_colours),
		cmocka_unit_test(test_positioning),
		cmocka_unit_test(test_alternate_screen),
		cmocka_unit_test(test_typing),
		cmocka_unit_test(test_special_keys),
		cmocka_unit_test(test_query_answered),
		cmocka_unit_test(test_resize),
		cmocka_unit_test(test_environment),
		cmocka_unit_test(test_ready_queue),
		cmocka_unit_test(test_wait_failures),
		cmocka_unit_test(test_wait_text),
		cmocka_unit_test(test_exit_status),
		cmocka_unit_test(test_bytes),
		cmocka_unit_test(test_bulk_output),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
