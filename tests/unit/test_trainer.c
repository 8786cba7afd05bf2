/* The trainer's screens' state (trainer.h): what may be done when, an
 * answer about another drill dropped, the selection following arrivals,
 * the live feed bounded, the script's clock. */
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

#include "wicket/model/trainer.h"
#include "wicket/common/xalloc.h"

/* Drill id with n applicants, the first `released` of them arrived. */
static struct m_drill mk_drill(int64_t id, size_t n, size_t released)
{
	struct m_drill d = { .id = id, .code = xstrdup("K7Q2"), .status = DS_RUNNING,
			     .next = released < n ? (int)released + 1 : 0 };
	d.napplicants = n;
	d.applicants = xcalloc(n, sizeof *d.applicants);
	for (size_t i = 0; i < n; i++) {
		d.applicants[i].no = (int)i + 1;
		d.applicants[i].name = xstrdup("王五");
		d.applicants[i].released = i < released;
		d.applicants[i].arrives_at = i >= released ? 1000 + 60 * (int64_t)i : 0;
	}
	return d;
}

static void open_with(struct trainer *t, int64_t id, size_t n, size_t released)
{
	trainer_open(t, id);
	struct m_drill d = mk_drill(id, n, released);
	assert_true(trainer_set_drill(t, &d));
}

static void test_check(void **state)
{
	(void)state;
	struct trainer t = { 0 };
	/* Nothing to open or start from yet. */
	assert_int_equal(trainer_check(&t, SCR_DRILLS, ACT_OPEN_DRILL, false), REF_NO_DRILL);
	assert_int_equal(trainer_check(&t, SCR_DRILLS, ACT_NEW_DRILL, false), REF_OK);
	assert_int_equal(trainer_check(&t, SCR_SCENARIOS, ACT_START_DRILL, false), REF_NO_SCENARIO);
	assert_int_equal(trainer_check(&t, SCR_DRILLS, ACT_CALL_NEXT, false), REF_NOT_HERE);
	/* The console before the drill is read. */
	trainer_open(&t, 5);
	assert_int_equal(trainer_check(&t, SCR_CONSOLE, ACT_RELEASE, false), REF_LOADING);
	struct m_drill d = mk_drill(5, 2, 1);
	trainer_set_drill(&t, &d);
	assert_int_equal(trainer_check(&t, SCR_CONSOLE, ACT_RELEASE, false), REF_OK);
	assert_int_equal(trainer_check(&t, SCR_CONSOLE, ACT_RELEASE, true), REF_BUSY);
	assert_int_equal(trainer_check(&t, SCR_CONSOLE, ACT_SCORE, true), REF_OK);   /* a read */
	assert_int_equal(trainer_check(&t, SCR_CONSOLE, ACT_START, false), REF_NOT_HERE);
	/* Everyone arrived: nothing more to release, the rest still goes. */
	d = mk_drill(5, 2, 2);
	trainer_set_drill(&t, &d);
	assert_int_equal(trainer_check(&t, SCR_CONSOLE, ACT_RELEASE, false), REF_SCRIPT_DONE);
	assert_int_equal(trainer_check(&t, SCR_CONSOLE, ACT_FINISH_DRILL, false), REF_OK);
	/* Finished: frozen. */
	t.drill.status = DS_FINISHED;
	assert_int_equal(trainer_check(&t, SCR_CONSOLE, ACT_RUN_CLOCK, false), REF_FINISHED);
	assert_int_equal(trainer_check(&t, SCR_CONSOLE, ACT_RESET_DRILL, false), REF_FINISHED);
	assert_int_equal(trainer_check(&t, SCR_CONSOLE, ACT_FINISH_DRILL, false), REF_FINISHED);
	assert_int_equal(trainer_check(&t, SCR_CONSOLE, ACT_LEADERBOARD, false), REF_OK);
	assert_int_equal(trainer_check(&t, SCR_SCORE, ACT_NEXT_TRAINEE, false), REF_NO_SCORE);
	for (int r = REF_NO_DRILL; r <= REF_NO_SCORE; r++)
		assert_true(strlen(counter_refusal_text((enum refusal)r)) > 0);
	trainer_free(&t);
}

static void test_answers_of_another_drill_dropped(void **state)
{
	(void)state;
	struct trainer t = { 0 };
	open_with(&t, 5, 3, 1);
	trainer_open(&t, 6);                       /* the trainer moved on */
	assert_false(t.have_drill);
	struct m_drill late = mk_drill(5, 3, 2);
	assert_false(trainer_set_drill(&t, &late));
	assert_null(late.code);                    /* released all the same */
	assert_false(t.have_drill);
	struct m_score s = { .id = 5, .code = xstrdup("K7Q2") };
	assert_false(trainer_set_score(&t, &s));
	assert_false(t.have_score);
	/* Opening the same drill again keeps what is shown. */
	open_with(&t, 6, 2, 1);
	trainer_open(&t, 6);
	assert_true(t.have_drill);
	trainer_free(&t);
}

static void test_selection_follows_arrivals(void **state)
{
	(void)state;
	struct trainer t = { 0 };
	open_with(&t, 5, 4, 1);
	assert_int_equal(t.app_sel, 0);
	struct m_drill d = mk_drill(5, 4, 3);
	trainer_set_drill(&t, &d);
	assert_int_equal(t.app_sel, 2);            /* the one who just arrived */
	assert_string_equal(trainer_selected_applicant(&t)->name, "王五");
	trainer_move(&t, SCR_CONSOLE, -1);         /* the trainer looks back */
	d = mk_drill(5, 4, 4);
	trainer_set_drill(&t, &d);
	assert_int_equal(t.app_sel, 1);            /* and it stays there */
	trainer_move(&t, SCR_CONSOLE, 100);
	assert_int_equal(t.app_sel, 3);
	/* A script that shrank (a reset to an edited copy cannot, but a
	 * hostile server can) keeps the selection in range. */
	d = mk_drill(5, 2, 0);
	trainer_set_drill(&t, &d);
	assert_int_equal(t.app_sel, 1);
	trainer_free(&t);
}

static void test_feed_bounded(void **state)
{
	(void)state;
	struct trainer t = { 0 };
	size_t total = 0;
	for (int batch = 0; batch < 5; batch++) {
		struct m_event ev[70];
		for (size_t i = 0; i < 70; i++) {
			char kind[32];
			snprintf(kind, sizeof kind, "k%zu", total + i);
			ev[i] = (struct m_event){ .seq = (int64_t)(total + i + 1), .kind = xstrdup(kind) };
		}
		trainer_add_events(&t, ev, 70);
		for (size_t i = 0; i < 70; i++)
			assert_null(ev[i].kind);           /* taken over */
		total += 70;
		assert_int_equal(t.nfeed, total < TRAINER_FEED_MAX ? total : TRAINER_FEED_MAX);
	}
	/* The newest kept, in order. */
	assert_int_equal(t.feed[t.nfeed - 1].seq, (int64_t)total);
	assert_int_equal(t.feed[0].seq, (int64_t)(total - TRAINER_FEED_MAX + 1));
	for (size_t i = 1; i < t.nfeed; i++)
		assert_int_equal(t.feed[i].seq, t.feed[i - 1].seq + 1);
	/* A batch larger than the feed keeps its own newest. */
	struct m_event *big = xcalloc(TRAINER_FEED_MAX + 5, sizeof *big);
	for (size_t i = 0; i < TRAINER_FEED_MAX + 5; i++)
		big[i] = (struct m_event){ .seq = 10000 + (int64_t)i, .kind = xstrdup("x") };
	trainer_add_events(&t, big, TRAINER_FEED_MAX + 5);
	free(big);
	assert_int_equal(t.nfeed, TRAINER_FEED_MAX);
	assert_int_equal(t.feed[0].seq, 10005);
	trainer_clear_feed(&t);
	assert_int_equal(t.nfeed, 0);
	trainer_free(&t);
}

static void test_clock(void **state)
{
	(void)state;
	struct trainer t = { 0 };
	assert_int_equal(trainer_next_arrival(&t), 0);
	open_with(&t, 5, 3, 1);
	assert_int_equal(trainer_next_arrival(&t), 0);      /* the clock is stopped */
	t.drill.run_on = true;
	assert_int_equal(trainer_next_arrival(&t), 1060);   /* applicant 2's time */
	t.drill.next = 0;
	assert_int_equal(trainer_next_arrival(&t), 0);      /* everyone arrived */
	t.drill.next = 9;
	assert_int_equal(trainer_next_arrival(&t), 0);      /* out of the script */
	t.drill.next = 3;
	t.drill.status = DS_FINISHED;
	assert_int_equal(trainer_next_arrival(&t), 0);
	trainer_free(&t);
}

static void test_competition_in_context(void **state)
{
	(void)state;
	struct trainer t = { 0 };
	assert_null(trainer_competition(&t, SCR_DRILLS));
	struct m_drill *list = xcalloc(2, sizeof *list);
	list[0] = (struct m_drill){ .id = 2, .code = xstrdup("A"), .competition = xstrdup("春季") };
	list[1] = (struct m_drill){ .id = 1, .code = xstrdup("B") };
	trainer_set_drills(&t, list, 2);
	assert_string_equal(trainer_competition(&t, SCR_DRILLS), "春季");
	trainer_move(&t, SCR_DRILLS, 1);
	assert_null(trainer_competition(&t, SCR_DRILLS));
	trainer_move(&t, SCR_DRILLS, 5);
	assert_int_equal(t.drills_sel, 1);
	open_with(&t, 1, 1, 0);
	assert_null(trainer_competition(&t, SCR_CONSOLE));
	t.drill.competition = xstrdup("秋季");
	assert_string_equal(trainer_competition(&t, SCR_CONSOLE), "秋季");
	assert_null(trainer_competition(&t, SCR_SCORE));    /* no score yet */
	/* A shorter list keeps the selection in range. */
	list = xcalloc(1, sizeof *list);
	list[0] = (struct m_drill){ .id = 3, .code = xstrdup("C") };
	trainer_set_drills(&t, list, 1);
	assert_int_equal(t.drills_sel, 0);
	assert_int_equal(trainer_selected_drill(&t)->id, 3);
	trainer_free(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_check),
		cmocka_unit_test(test_answers_of_another_drill_dropped),
		cmocka_unit_test(test_selection_follows_arrivals),
		cmocka_unit_test(test_feed_bounded),
		cmocka_unit_test(test_clock),
		cmocka_unit_test(test_competition_in_context),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
