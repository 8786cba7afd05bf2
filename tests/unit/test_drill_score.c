/* test_drill_score.c - the drill's criteria (drill_score.h), each worked
 * out by hand from its definition. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "wicket/core/drill_score.h"

#define T0 1795000000
#define N(a) (sizeof (a) / sizeof (a)[0])

static const int required4[] = { 1, 2, 3, 4 };

/* An applicant expected to be accepted for a promised matter with required
 * materials 1..4, standard 300 s. */
static struct drill_expect accept_promised(void)
{
	return (struct drill_expect){ .outcome = DRILL_OUT_ACCEPT, .promised = true,
				      .required = required4, .nrequired = 4, .standard_seconds = 300 };
}

/* Arrived at T0 + at as ticket id, seq = id. */
static struct drill_conduct arrived(int64_t id, int64_t at)
{
	return (struct drill_conduct){ .arrived_at = T0 + at, .arrived_seq = id, .ticket = id };
}

static void test_names(void **state)
{
	(void)state;
	enum drill_outcome o = DRILL_OUT_ACCEPT;
	assert_string_equal(drill_criterion_name(DRILL_CRIT_ORDER), "order");
	assert_string_equal(drill_criterion_name(DRILL_CRIT_TIME), "time");
	assert_string_equal(drill_criterion_name(DRILL_NCRITERIA), "?");
	assert_int_equal(drill_outcome_parse("transfer", &o), 0);
	assert_int_equal(o, DRILL_OUT_TRANSFER);
	assert_int_equal(drill_outcome_parse("accepted", &o), -1);
	assert_int_equal(drill_outcome_parse(NULL, &o), -1);
	assert_int_equal(o, DRILL_OUT_TRANSFER);
	assert_string_equal(drill_outcome_name(DRILL_OUT_NOTICE), "notice");
}

static void test_time_points(void **state)
{
	(void)state;
	assert_int_equal(drill_time_points(0, 300), 10);
	assert_int_equal(drill_time_points(300, 300), 10);
	/* 10 * (600 - 301) / 300 = 9.97 -> 9 */
	assert_int_equal(drill_time_points(301, 300), 9);
	/* 10 * (600 - 440) / 300 = 5.33 -> 5 */
	assert_int_equal(drill_time_points(440, 300), 5);
	assert_int_equal(drill_time_points(599, 300), 0);
	assert_int_equal(drill_time_points(600, 300), 0);
	assert_int_equal(drill_time_points(100000, 300), 0);
}

/* Everything right: a promised case accepted with its due date, handled in
 * 200 s. */
static void test_all_right(void **state)
{
	(void)state;
	const int received[] = { 4, 3, 2, 1, 5 };
	struct drill_expect e = accept_promised();
	struct drill_conduct d = arrived(1, 0);
	d.started_at = T0 + 10;
	d.ended_at = T0 + 210;
	d.has_case = true;
	d.received = received;
	d.nreceived = N(received);
	d.accepted = true;
	d.due = d.due_expected = 20500;
	struct drill_call call = { 0, T0 + 5, 2 };
	struct drill_marks m, sum;
	drill_score(&e, &d, 1, &call, 1, 3, &m, &sum);
	assert_int_equal(m.points[DRILL_CRIT_ORDER], 10);
	assert_int_equal(m.points[DRILL_CRIT_MATERIALS], 10);
	assert_int_equal(m.max[DRILL_CRIT_NOTICE], 0);
	assert_int_equal(m.points[DRILL_CRIT_DUE], 10);
	assert_int_equal(m.points[DRILL_CRIT_TRANSFER], 10);
	assert_int_equal(m.points[DRILL_CRIT_TIME], 10);
	assert_int_equal(m.total, 50);
	assert_int_equal(m.total_max, 50);
	assert_memory_equal(&m, &sum, sizeof m);
}

/* The due criterion is the acceptance: not accepted, or a due date that is
 * not the matter's working days, scores 0; an immediate matter has none. */
static void test_due(void **state)
{
	(void)state;
	const int received[] = { 1, 2, 3, 4 };
	struct drill_expect e = accept_promised();
	struct drill_conduct d = arrived(1, 0);
	d.has_case = true;
	d.received = received;
	d.nreceived = 4;
	d.due = 20500;
	d.due_expected = 20501;
	d.accepted = true;
	struct drill_call call = { 0, T0 + 5, 2 };
	struct drill_marks m, sum;
	drill_score(&e, &d, 1, &call, 1, 3, &m, &sum);
	assert_int_equal(m.points[DRILL_CRIT_DUE], 0);
	d.due_expected = 20500;
	d.accepted = false;
	drill_score(&e, &d, 1, &call, 1, 3, &m, &sum);
	assert_int_equal(m.points[DRILL_CRIT_DUE], 0);
	e.promised = false;
	drill_score(&e, &d, 1, &call, 1, 3, &m, &sum);
	assert_int_equal(m.max[DRILL_CRIT_DUE], 0);
	assert_int_equal(m.points[DRILL_CRIT_DUE], 0);
}

/* Materials missing (3) and one wrong (1: an expired ID card): the notice
 * must list exactly 1 and 3, and 1 must not be ticked. */
static void test_notice_and_wrong_material(void **state)
{
	(void)state;
	const int missing[] = { 1, 3 };
	struct drill_expect e = { .outcome = DRILL_OUT_NOTICE, .promised = true, .required = required4,
				  .nrequired = 4, .missing = missing, .nmissing = 2, .wrong = 1,
				  .standard_seconds = 300 };
	struct drill_call call = { 0, T0 + 5, 2 };
	struct drill_marks m, sum;

	/* Right: 2 and 4 ticked, the notice lists 3 and 1. */
	const int good_received[] = { 2, 4 }, good_missing[] = { 3, 1 };
	struct drill_conduct d = arrived(1, 0);
	d.has_case = true;
	d.received = good_received;
	d.nreceived = 2;
	d.missing = good_missing;
	d.nmissing = 2;
	drill_score(&e, &d, 1, &call, 1, 3, &m, &sum);
	assert_int_equal(m.points[DRILL_CRIT_MATERIALS], 10);
	assert_int_equal(m.points[DRILL_CRIT_NOTICE], 10);
	assert_int_equal(m.max[DRILL_CRIT_DUE], 0);

	/* The expired card ticked: materials lost, and the notice (3 only) is
	 * incomplete. */
	const int wrong_received[] = { 1, 2, 4 }, short_missing[] = { 3 };
	d.received = wrong_received;
	d.nreceived = 3;
	d.missing = short_missing;
	d.nmissing = 1;
	drill_score(&e, &d, 1, &call, 1, 3, &m, &sum);
	assert_int_equal(m.points[DRILL_CRIT_MATERIALS], 0);
	assert_int_equal(m.points[DRILL_CRIT_NOTICE], 0);

	/* 4 not ticked although brought: materials lost; the notice lists 4
	 * too, which is not exact. */
	const int few_received[] = { 2 }, long_missing[] = { 1, 3, 4 };
	d.received = few_received;
	d.nreceived = 1;
	d.missing = long_missing;
	d.nmissing = 3;
	drill_score(&e, &d, 1, &call, 1, 3, &m, &sum);
	assert_int_equal(m.points[DRILL_CRIT_MATERIALS], 0);
	assert_int_equal(m.points[DRILL_CRIT_NOTICE], 0);

	/* Accepted although things were missing (3 ticked too): no notice. */
	const int all_received[] = { 2, 3, 4 };
	d.received = all_received;
	d.nreceived = 3;
	d.missing = good_missing;
	d.nmissing = 2;
	d.accepted = true;
	drill_score(&e, &d, 1, &call, 1, 3, &m, &sum);
	assert_int_equal(m.points[DRILL_CRIT_MATERIALS], 10);
	assert_int_equal(m.points[DRILL_CRIT_NOTICE], 0);

	/* No case at all. */
	d.has_case = false;
	drill_score(&e, &d, 1, &call, 1, 3, &m, &sum);
	assert_int_equal(m.points[DRILL_CRIT_MATERIALS], 0);
	assert_int_equal(m.points[DRILL_CRIT_NOTICE], 0);
	assert_int_equal(m.max[DRILL_CRIT_NOTICE], 10);
}

static void test_transfer(void **state)
{
	(void)state;
	struct drill_expect e = { .outcome = DRILL_OUT_TRANSFER, .transfer_to = "HUK",
				  .standard_seconds = 120 };
	struct drill_conduct d = arrived(1, 0);
	d.started_at = T0 + 10;
	d.ended_at = T0 + 70;
	d.transferred_to = "HUK";
	struct drill_call call = { 0, T0 + 10, 2 };
	struct drill_marks m, sum;
	drill_score(&e, &d, 1, &call, 1, 3, &m, &sum);
	assert_int_equal(m.points[DRILL_CRIT_TRANSFER], 10);
	assert_int_equal(m.max[DRILL_CRIT_MATERIALS], 0);
	assert_int_equal(m.max[DRILL_CRIT_NOTICE], 0);
	assert_int_equal(m.max[DRILL_CRIT_DUE], 0);
	assert_int_equal(m.total, 30);
	assert_int_equal(m.total_max, 30);
	d.transferred_to = "PEN";
	drill_score(&e, &d, 1, &call, 1, 3, &m, &sum);
	assert_int_equal(m.points[DRILL_CRIT_TRANSFER], 0);
	d.transferred_to = "";          /* to a window */
	drill_score(&e, &d, 1, &call, 1, 3, &m, &sum);
	assert_int_equal(m.points[DRILL_CRIT_TRANSFER], 0);
	d.transferred_to = NULL;
	drill_score(&e, &d, 1, &call, 1, 3, &m, &sum);
	assert_int_equal(m.points[DRILL_CRIT_TRANSFER], 0);

	/* Only when expected: an applicant to accept, transferred, loses it. */
	struct drill_expect a = accept_promised();
	d.transferred_to = "SOC";
	drill_score(&a, &d, 1, &call, 1, 3, &m, &sum);
	assert_int_equal(m.points[DRILL_CRIT_TRANSFER], 0);
	d.transferred_to = NULL;
	drill_score(&a, &d, 1, &call, 1, 3, &m, &sum);
	assert_int_equal(m.points[DRILL_CRIT_TRANSFER], 10);
}

/* Three normal applicants, then an elderly one arriving at seq
 * elderly_seq (4: with the others, before the calls begin).  In the hall's
 * order the elderly one goes first.  The order points of each for the
 * calls go to points[]; returns their sum (of 40). */
static int order_of(const struct drill_call *calls, size_t ncalls, int64_t elderly_seq, int points[4])
{
	struct drill_expect e[4];
	struct drill_conduct d[4];
	struct drill_marks m[4], sum;
	for (int i = 0; i < 4; i++) {
		e[i] = (struct drill_expect){ .outcome = DRILL_OUT_TRANSFER, .transfer_to = "X",
					      .standard_seconds = 60, .priority = i == 3 };
		d[i] = arrived(i + 1, 20 * i);
	}
	d[3].arrived_seq = elderly_seq;
	drill_score(e, d, 4, calls, ncalls, 3, m, &sum);
	for (int i = 0; i < 4; i++)
		points[i] = m[i].points[DRILL_CRIT_ORDER];
	assert_int_equal(sum.max[DRILL_CRIT_ORDER], 40);
	return sum.points[DRILL_CRIT_ORDER];
}

static void test_order_respected(void **state)
{
	(void)state;
	int p[4];
	const struct drill_call calls[] = {
		{ 3, T0 + 100, 10 }, { 0, T0 + 110, 11 }, { 1, T0 + 120, 12 }, { 2, T0 + 130, 13 },
	};
	assert_int_equal(order_of(calls, N(calls), 4, p), 40);
}

/* Calling the normal ones first passes the elderly applicant over twice
 * (one loss), and nobody else. */
static void test_order_priority_passed_over(void **state)
{
	(void)state;
	int p[4];
	const struct drill_call calls[] = {
		{ 0, T0 + 100, 10 }, { 1, T0 + 110, 11 }, { 3, T0 + 120, 12 }, { 2, T0 + 130, 13 },
	};
	assert_int_equal(order_of(calls, N(calls), 4, p), 30);
	assert_int_equal(p[3], 0);
	assert_int_equal(p[0] + p[1] + p[2], 30);
}

/* Calling a normal applicant before the elderly one arrived is right: the
 * elderly one did not wait then.  Arrivals are ordered by seq. */
static void test_order_before_arrival(void **state)
{
	(void)state;
	int p[4];
	const struct drill_call calls[] = {
		{ 0, T0 + 60, 10 }, { 3, T0 + 110, 21 }, { 1, T0 + 120, 22 }, { 2, T0 + 130, 23 },
	};
	assert_int_equal(order_of(calls, N(calls), 20, p), 40);
	/* The last normal one jumping the queue passes over the second. */
	const struct drill_call jump[] = {
		{ 0, T0 + 60, 10 }, { 3, T0 + 110, 21 }, { 2, T0 + 120, 22 }, { 1, T0 + 130, 23 },
	};
	assert_int_equal(order_of(jump, N(jump), 20, p), 30);
	assert_int_equal(p[1], 0);
}

/* The priority cap: after cap priority calls in a row a waiting normal
 * applicant goes next, so calling a fourth priority one passes it over. */
static void test_order_priority_cap(void **state)
{
	(void)state;
	struct drill_expect e[5];
	struct drill_conduct d[5];
	struct drill_marks m[5], sum;
	for (int i = 0; i < 5; i++) {
		e[i] = (struct drill_expect){ .outcome = DRILL_OUT_TRANSFER, .transfer_to = "X",
					      .standard_seconds = 60, .priority = i > 0 };
		d[i] = arrived(i + 1, i);
	}
	const struct drill_call calls[] = {
		{ 1, T0 + 100, 10 }, { 2, T0 + 110, 11 }, { 3, T0 + 120, 12 }, { 4, T0 + 130, 13 },
		{ 0, T0 + 140, 14 },
	};
	drill_score(e, d, 5, calls, N(calls), 3, m, &sum);
	assert_int_equal(m[0].points[DRILL_CRIT_ORDER], 0);
	assert_int_equal(sum.points[DRILL_CRIT_ORDER], 40);
	/* With a cap of 4 the same calls are right. */
	drill_score(e, d, 5, calls, N(calls), 4, m, &sum);
	assert_int_equal(sum.points[DRILL_CRIT_ORDER], 50);
}

/* Never called: 0 everywhere it applies; never arrived: not scored.
 * Calls of tickets outside the script are ignored. */
static void test_not_called_and_not_arrived(void **state)
{
	(void)state;
	struct drill_expect e[2] = { accept_promised(), accept_promised() };
	struct drill_conduct d[2] = { arrived(1, 0), { 0 } };
	const struct drill_call calls[] = { { 7, T0 + 10, 5 } };
	struct drill_marks m[2], sum;
	drill_score(e, d, 2, calls, N(calls), 3, m, &sum);
	assert_int_equal(m[0].total, 0);
	assert_int_equal(m[0].total_max, 50);
	assert_int_equal(m[1].total_max, 0);
	assert_int_equal(sum.total_max, 50);
	assert_int_equal(sum.max[DRILL_CRIT_NOTICE], 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_time_points),
		cmocka_unit_test(test_all_right),
		cmocka_unit_test(test_due),
		cmocka_unit_test(test_notice_and_wrong_material),
		cmocka_unit_test(test_transfer),
		cmocka_unit_test(test_order_respected),
		cmocka_unit_test(test_order_priority_passed_over),
		cmocka_unit_test(test_order_before_arrival),
		cmocka_unit_test(test_order_priority_cap),
		cmocka_unit_test(test_not_called_and_not_arrived),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
