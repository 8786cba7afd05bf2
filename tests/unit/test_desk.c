/* The supervisor's state and rules (desk.h), and the keys of its screens:
 * what may be done where, selections that survive a reload, the audit form's
 * limits, and the scopes that fall back to "supervisor" before "generic". */
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
#include <cmocka.h>

#include <curses.h>

#include "wicket/model/desk.h"
#include "wicket/model/list.h"
#include "wicket/ui/keymap.h"
#include "wicket/common/xalloc.h"

/* A board of n windows numbered first.. in one zone each of two. */
static struct m_board mk_board(int first, int n)
{
	struct m_board b = { 0 };
	b.nzones = (size_t)(n + 1) / 2;
	b.zones = xcalloc(b.nzones, sizeof *b.zones);
	for (int i = 0; i < n; i++) {
		struct m_board_zone *z = &b.zones[i / 2];
		if (!z->windows) {
			z->code = xasprintf("Z%d", i / 2);
			z->name = xstrdup("");
			z->windows = xcalloc(2, sizeof *z->windows);
		}
		z->windows[z->nwindows++] = (struct m_board_window){ .no = first + i, .name = xstrdup("w"),
			.status = WS_OPEN };
	}
	return b;
}

/* What desk_set_board() leaves of what it took over. */
static bool zeroed_board(const struct m_board *b)
{
	return !b->zones && !b->nzones && !b->services && !b->due_cases;
}

static void test_board_selection(void **state)
{
	(void)state;
	struct desk d;
	struct session s = { .conn = CONN_ONLINE };
	desk_init(&d);
	assert_int_equal(desk_check(&d, &s, SCR_BOARD, ACT_DAY), REF_NO_WINDOW);
	assert_int_equal(desk_check(&d, &s, SCR_BOARD, ACT_AUDIT), REF_NO_WINDOW);
	struct m_board b = mk_board(1, 5);
	desk_set_board(&d, &b, 1000);
	assert_true(zeroed_board(&b));
	assert_int_equal(d.board_sel, 1);
	assert_int_equal(desk_board_count(&d), 5);
	desk_board_move(&d, 3);
	assert_int_equal(d.board_sel, 4);
	desk_board_move(&d, 10);
	assert_int_equal(d.board_sel, 5);
	desk_board_move(&d, -2);
	assert_int_equal(d.board_sel, 3);
	/* A reload keeps the selection on window 3, wherever it now is. */
	b = mk_board(2, 4);
	desk_set_board(&d, &b, 1030);
	assert_int_equal(d.board_sel, 3);
	assert_int_equal(desk_board_index(&d), 1);
	/* ... and goes to the first when window 3 is gone. */
	b = mk_board(7, 2);
	desk_set_board(&d, &b, 1060);
	assert_int_equal(d.board_sel, 7);
	assert_non_null(desk_board_window(&d, 8));
	assert_null(desk_board_window(&d, 3));
	/* Durations go on counting from the board's time, in the clock's
	 * minutes: begun at 975 (minute 16), at 1060 (17) 1 min, at 1125 (18). */
	assert_int_equal(desk_elapsed(&d, 85, 1060), 60);
	assert_int_equal(desk_elapsed(&d, 85, 1079), 60);
	assert_int_equal(desk_elapsed(&d, 85, 1080), 120);
	assert_int_equal(desk_elapsed(&d, 85, 1125), 120);
	assert_int_equal(desk_elapsed(&d, 85, 1000), 60);       /* a clock gone back */
	assert_int_equal(desk_check(&d, &s, SCR_BOARD, ACT_DAY), REF_OK);
	assert_int_equal(desk_check(&d, &s, SCR_REPORT, ACT_DAY), REF_NOT_HERE);
	/* Busy: nothing that changes anything, but moving and leaving. */
	s.busy = true;
	assert_int_equal(desk_check(&d, &s, SCR_BOARD, ACT_AUDIT), REF_BUSY);
	assert_int_equal(desk_check(&d, &s, SCR_BOARD, ACT_DOWN), REF_OK);
	assert_int_equal(desk_check(&d, &s, SCR_BOARD, ACT_REPORT), REF_OK);
	desk_free(&d);
}

static void test_audit_form(void **state)
{
	(void)state;
	struct desk d;
	struct session s = { .conn = CONN_ONLINE };
	desk_init(&d);
	desk_audit_start(&d, 3);
	for (int i = 0; i < M_AUDIT_NITEMS; i++)
		assert_true(d.audit_ok[i]);
	d.audit_sel = AUDIT_FAREWELL;
	desk_audit_toggle(&d);
	assert_false(d.audit_ok[AUDIT_FAREWELL]);
	assert_int_equal(desk_check(&d, &s, SCR_AUDIT, ACT_DROP_FINDING), REF_NOT_FINDING);
	assert_int_equal(desk_audit_add_finding(&d, "未佩戴工牌", 3), 0);
	assert_int_equal(d.audit_sel, M_AUDIT_NITEMS);           /* on the new finding */
	assert_int_equal(desk_check(&d, &s, SCR_AUDIT, ACT_TICK), REF_NOT_ITEM);
	assert_int_equal(desk_audit_add_finding(&d, "x", 61), -1);
	assert_int_equal(desk_audit_add_finding(&d, "x", -1), -1);
	for (int i = 1; i < DESK_MAX_FINDINGS; i++)
		assert_int_equal(desk_audit_add_finding(&d, "指南缺页", i % 61), 0);
	assert_int_equal(desk_audit_add_finding(&d, "one too many", 1), -1);
	assert_int_equal(desk_check(&d, &s, SCR_AUDIT, ACT_ADD_FINDING), REF_TOO_MANY);
	assert_int_equal(desk_audit_rows(&d), M_AUDIT_NITEMS + DESK_MAX_FINDINGS);
	/* Removing the first finding moves the others up. */
	d.audit_sel = M_AUDIT_NITEMS;
	desk_audit_drop_finding(&d);
	assert_int_equal(d.nfindings, DESK_MAX_FINDINGS - 1);
	assert_int_equal(d.findings[0].days, 1);
	/* Removing the last keeps the selection in range. */
	d.audit_sel = desk_audit_rows(&d) - 1;
	desk_audit_drop_finding(&d);
	assert_int_equal(d.audit_sel, desk_audit_rows(&d) - 1);
	/* A long text is cut at a character. */
	char big[2000];
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	d.nfindings = 0;
	assert_int_equal(desk_audit_add_finding(&d, big, 0), 0);
	assert_int_equal(strlen(d.findings[0].text), DESK_TEXT_BYTES - 1);
	/* Recorded: the form is done. */
	struct m_audit a = { .id = 5, .window = 3 };
	desk_set_audit(&d, &a);
	assert_int_equal(a.id, 0);
	assert_int_equal(desk_check(&d, &s, SCR_AUDIT, ACT_SUBMIT), REF_AUDIT_DONE);
	assert_int_equal(desk_check(&d, &s, SCR_AUDIT, ACT_TICK), REF_AUDIT_DONE);
	assert_int_equal(desk_check(&d, &s, SCR_BOARD, ACT_SUBMIT), REF_NOT_HERE);
	desk_free(&d);
}

static struct m_finding mk_finding(int64_t audit, int n, bool open)
{
	return (struct m_finding){ .audit = audit, .n = n, .text = xstrdup("t"), .open = open,
				   .due = -1, .closed_on = -1, .audit_day = -1 };
}

static void test_lists_keep_selection(void **state)
{
	(void)state;
	struct desk d;
	struct session s = { .conn = CONN_ONLINE };
	desk_init(&d);
	assert_int_equal(desk_check(&d, &s, SCR_RECTIFY, ACT_FOLLOW_UP), REF_NO_ROW);
	struct m_finding *f = xcalloc(3, sizeof *f);
	f[0] = mk_finding(1, 1, true);
	f[1] = mk_finding(1, 2, true);
	f[2] = mk_finding(2, 1, false);
	desk_set_rectifications(&d, f, 3, NULL);
	d.rect_sel = 1;
	assert_int_equal(desk_check(&d, &s, SCR_RECTIFY, ACT_FOLLOW_UP), REF_OK);
	d.rect_sel = 2;
	assert_int_equal(desk_check(&d, &s, SCR_RECTIFY, ACT_FOLLOW_UP), REF_CLOSED);
	d.rect_sel = 1;
	/* Reloaded in another order: still on audit 1's second finding. */
	f = xcalloc(2, sizeof *f);
	f[0] = mk_finding(1, 2, true);
	f[1] = mk_finding(1, 1, true);
	desk_set_rectifications(&d, f, 2, NULL);
	assert_int_equal(d.rect_sel, 0);
	/* The calls: the same by id; an empty list, no selection to act on. */
	struct m_callback *k = xcalloc(2, sizeof *k);
	k[0] = (struct m_callback){ .id = 4, .open = true, .due = -1, .completed_on = -1 };
	k[1] = (struct m_callback){ .id = 9, .open = true, .due = -1, .completed_on = -1 };
	desk_set_callbacks(&d, k, 2, NULL);
	d.callbacks_sel = 1;
	k = xcalloc(1, sizeof *k);
	k[0] = (struct m_callback){ .id = 9, .open = false, .due = -1, .completed_on = -1 };
	desk_set_callbacks(&d, k, 1, NULL);
	assert_int_equal(d.callbacks_sel, 0);
	assert_int_equal(desk_check(&d, &s, SCR_CALLBACKS, ACT_OUTCOME), REF_CLOSED);
	desk_set_callbacks(&d, NULL, 0, NULL);
	assert_int_equal(desk_check(&d, &s, SCR_CALLBACKS, ACT_OUTCOME), REF_NO_ROW);
	assert_string_equal(desk_by_name(DESK_BY_MATTER), "matter");
	assert_string_equal(desk_by_name((enum desk_by)99), "window");
	desk_free(&d);
}

static void test_supervisor_keys(void **state)
{
	(void)state;
	struct keymap *km = keymap_new();
	char err[160], label[16];
	/* The supervisor's scope hides the clerk's function keys. */
	assert_int_equal(keymap_lookup(km, KM_BOARD, KEY_F(2)), ACT_BOARD);
	assert_int_equal(keymap_lookup(km, KM_REPORT, KEY_F(4)), ACT_AUDITS);
	assert_int_equal(keymap_lookup(km, KM_AUDIT, KEY_F(9)), ACT_SUBMIT);
	assert_int_equal(keymap_lookup(km, KM_COUNTER, KEY_F(2)), ACT_CALL_NEXT);
	/* The screen's own first, then supervisor, then generic. */
	assert_int_equal(keymap_lookup(km, KM_BOARD, 'q'), ACT_QUIT);
	assert_int_equal(keymap_lookup(km, KM_DAY, 'q'), ACT_BACK);
	assert_int_equal(keymap_lookup(km, KM_AUDIT, 'q'), ACT_NONE);   /* typed findings stay */
	assert_int_equal(keymap_lookup(km, KM_CALLBACKS, KEY_F(10)), ACT_QUIT);
	assert_int_equal(keymap_lookup(km, KM_AUDIT, ' '), ACT_TICK);
	assert_string_equal(keymap_label(km, KM_REPORT, ACT_BOARD, label), "F2");
	assert_string_equal(keymap_label(km, KM_REPORT, ACT_EXPORT, label), "e");
	assert_string_equal(keymap_label(km, KM_BOARD, ACT_CALL_NEXT, label), "");
	/* Bindings in the new scopes, from a user's file. */
	assert_int_equal(keymap_bind(km, "supervisor F12 report", err, sizeof err), 0);
	assert_int_equal(keymap_lookup(km, KM_CALLBACKS, KEY_F(12)), ACT_REPORT);
	assert_int_equal(keymap_bind(km, "rectifications x none", err, sizeof err), 0);
	assert_int_equal(keymap_bind(km, "boards F2 board", err, sizeof err), -1);
	assert_non_null(strstr(err, "boards"));
	assert_int_equal(keymap_scope_parse("callbacks"), KM_CALLBACKS);
	assert_int_equal(keymap_scope_parse("rectifications"), KM_RECTIFY);
	keymap_free(km);
}

/* Paging a list: a page down on the last row of a page that has rows after
 * it asks for the next, a page up on the first row of a later page for the
 * one before; anywhere else the move stays in the page.  A page that came
 * empty from past the end asks for the list's last page. */
static void test_page_turns(void **state)
{
	(void)state;
	int64_t at = -1;
	struct m_page p = { .total = 340, .offset = 0 };
	assert_false(list_page_turn(&p, 100, 98, 10, &at));    /* not on the last row yet */
	assert_false(list_page_turn(&p, 100, 99, 1, &at));     /* a row down is not a page */
	assert_true(list_page_turn(&p, 100, 99, 10, &at));
	assert_int_equal(at, 100);
	assert_false(list_page_turn(&p, 100, 0, -10, &at));    /* nothing before the first page */
	p.offset = 300;
	assert_false(list_page_turn(&p, 40, 39, 10, &at));     /* the last page */
	assert_true(list_page_turn(&p, 40, 0, -10, &at));
	assert_int_equal(at, 200);
	p.offset = 50;
	assert_true(list_page_turn(&p, 100, 0, -10, &at));
	assert_int_equal(at, 0);
	assert_true(list_page_partial(&p, 100));
	assert_int_equal(list_page_total(&p, 100), 340);
	p = (struct m_page){ .total = 3 };
	assert_false(list_page_partial(&p, 3));
	assert_int_equal(list_page_total(&(struct m_page){ 0 }, 4), 4);

	/* Rows went away: page 4 of 340 came empty, the list has 150 now. */
	p = (struct m_page){ .total = 150, .offset = 300 };
	assert_true(list_page_past_end(&p, 0, &at));
	assert_int_equal(at, 100);
	p = (struct m_page){ .total = 0, .offset = 100 };
	assert_true(list_page_past_end(&p, 0, &at));
	assert_int_equal(at, 0);
	p = (struct m_page){ .total = 0, .offset = 0 };
	assert_false(list_page_past_end(&p, 0, &at));
	p = (struct m_page){ .total = 150, .offset = 100 };
	assert_false(list_page_past_end(&p, 50, &at));
}

/* The board is drawn again only when a duration it shows turns a minute:
 * each turns at its own second (the board's time plus what it had), and
 * none in between (bench/board.sh: nothing written while idle). */
static void test_board_changes_by_the_minute(void **state)
{
	(void)state;
	struct desk d;
	desk_init(&d);
	assert_false(desk_board_changed(&d, 1000, 1100));         /* no board yet */
	struct m_board b = mk_board(1, 2);
	struct m_board_window *w1 = &b.zones[0].windows[0], *w2 = &b.zones[0].windows[1];
	w1->status_seconds = 20;
	w2->status_seconds = 30;
	w2->has_current = true;
	w2->current.number = xstrdup("A001");
	w2->current.seconds = 115;
	b.nservices = 1;
	b.services = xcalloc(1, sizeof *b.services);
	b.services[0].code = xstrdup("GEN");
	b.services[0].waiting = 3;
	b.services[0].longest_wait = 50;
	/* Every duration turns with the clock's minute (1020, 1080...), the
	 * clock's own redraw: none between. */
	desk_set_board(&d, &b, 1000);
	assert_false(desk_board_changed(&d, 1000, 1000));
	assert_false(desk_board_changed(&d, 1000, 1019));
	assert_true(desk_board_changed(&d, 1019, 1020));
	assert_false(desk_board_changed(&d, 1020, 1079));
	assert_true(desk_board_changed(&d, 1079, 1080));
	assert_true(desk_board_changed(&d, 1041, 1101));          /* a minute later: all */
	/* Nobody waiting: the service shows no wait, which never turns. */
	d.board.services[0].waiting = 0;
	assert_false(desk_board_changed(&d, 1010, 1011));
	assert_true(desk_board_changed(&d, 1079, 1080));          /* the others still turn */
	desk_free(&d);
}

/* The report's groupings: per hall only where there are halls under the
 * supervisor's own, and not while looking into one of them. */
static void test_report_by_hall(void **state)
{
	(void)state;
	struct desk d;
	desk_init(&d);
	const char *seen[6];
	for (int i = 0; i < 6; i++) {
		desk_next_by(&d);
		seen[i] = desk_by_name(d.report_by);
	}
	assert_string_equal(seen[2], "window");          /* clerk, matter, window: no hall */
	assert_string_equal(seen[5], "window");
	d.nhalls = 3;
	d.report_by = DESK_BY_MATTER;
	desk_next_by(&d);
	assert_string_equal(desk_by_name(d.report_by), "hall");
	desk_next_by(&d);
	assert_string_equal(desk_by_name(d.report_by), "window");
	d.report_by = DESK_BY_MATTER;
	d.look_hall = 2;
	desk_next_by(&d);
	assert_string_equal(desk_by_name(d.report_by), "window");
	d.look_hall = 0;
	d.nhalls = 0;
	desk_free(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_board_selection),
		cmocka_unit_test(test_board_changes_by_the_minute),
		cmocka_unit_test(test_page_turns),
		cmocka_unit_test(test_audit_form),
		cmocka_unit_test(test_lists_keep_selection),
		cmocka_unit_test(test_supervisor_keys),
		cmocka_unit_test(test_report_by_hall),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
