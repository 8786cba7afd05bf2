/* The evaluator's phases (evaluator.h): a service asked for starts the
 * questions, a poor level asks its reason and comment, a service is never
 * asked twice here, the questions end when the asking ends elsewhere, and
 * thanks end on the clock; and its keys (scope evaluator). */
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

#include "wicket/model/evaluator.h"
#include "wicket/ui/keymap.h"
#include "wicket/common/xalloc.h"

/* A read of the window: asking for ticket (0: nothing asked). */
static void read_window(struct evaluator *e, int64_t ticket, int64_t now)
{
	struct m_evaluator st = { .window = 1, .window_name = xstrdup("1号窗口"), .status = WS_OPEN };
	if (ticket) {
		st.has_asking = true;
		st.asking.ticket = ticket;
		st.asking.number = xstrdup("A006");
		st.asking.seconds_left = 120;
	}
	evaluator_set_state(e, &st, now);
	assert_null(st.window_name);          /* taken over */
}

static void test_poor_rating_asks_reason_and_comment(void **state)
{
	(void)state;
	struct evaluator e = { 0 };
	read_window(&e, 0, 1000);
	assert_int_equal(e.phase, EVAL_IDLE);
	assert_false(evaluator_level(&e, 5));     /* nothing asked: the key does nothing */
	read_window(&e, 37, 1000);
	assert_int_equal(e.phase, EVAL_LEVEL);
	assert_int_equal(e.ticket, 37);
	assert_string_equal(e.number, "A006");
	assert_int_equal(evaluator_seconds_left(&e, 1030), 90);
	assert_true(evaluator_level(&e, 2));
	assert_int_equal(e.phase, EVAL_REASON);
	evaluator_reason(&e, 7);                  /* not a reason of the list */
	assert_int_equal(e.phase, EVAL_REASON);
	evaluator_reason(&e, 2);
	assert_int_equal(e.phase, EVAL_COMMENT);
	assert_string_equal(evaluator_reasons[e.reason], "efficiency");
	evaluator_sent(&e);
	assert_int_equal(e.phase, EVAL_SENT);
	evaluator_answered(&e, false, 1040);
	assert_int_equal(e.phase, EVAL_THANKS);
	/* The read after the answer still shows it asked: never twice. */
	read_window(&e, 37, 1041);
	assert_int_equal(e.phase, EVAL_THANKS);
	assert_false(evaluator_tick(&e, 1044));
	assert_true(evaluator_tick(&e, 1045));
	assert_int_equal(e.phase, EVAL_IDLE);
	read_window(&e, 37, 1046);
	assert_int_equal(e.phase, EVAL_IDLE);
	/* The next service is asked. */
	read_window(&e, 38, 1100);
	assert_int_equal(e.phase, EVAL_LEVEL);
	assert_true(evaluator_level(&e, 4));
	assert_int_equal(e.phase, EVAL_LEVEL);    /* no reason for a good one: ready to send */
	evaluator_free(&e);
}

static void test_asking_ends_elsewhere(void **state)
{
	(void)state;
	struct evaluator e = { 0 };
	read_window(&e, 37, 1000);
	assert_true(evaluator_level(&e, 1));
	assert_int_equal(e.phase, EVAL_REASON);
	/* Rated on paper, or its time ran out: the questions end. */
	read_window(&e, 0, 1010);
	assert_int_equal(e.phase, EVAL_IDLE);
	assert_int_equal(e.ticket, 0);
	assert_null(e.number);
	evaluator_free(&e);
}

static void test_keys(void **state)
{
	(void)state;
	struct keymap *km = keymap_new();
	static const enum action acts[5] = { ACT_RATE_1, ACT_RATE_2, ACT_RATE_3, ACT_RATE_4, ACT_RATE_5 };
	for (int i = 0; i < 5; i++)
		assert_int_equal(keymap_lookup(km, KM_EVALUATOR, '1' + i), acts[i]);
	/* A five-key pad mapped in the config file. */
	char err[200];
	assert_int_equal(keymap_bind(km, "evaluator a rate-5", err, sizeof err), 0);
	assert_int_equal(keymap_lookup(km, KM_EVALUATOR, 'a'), ACT_RATE_5);
	assert_int_equal(keymap_scope_parse("evaluator"), KM_EVALUATOR);
	keymap_free(km);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_poor_rating_asks_reason_and_comment),
		cmocka_unit_test(test_asking_ends_elsewhere),
		cmocka_unit_test(test_keys),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
