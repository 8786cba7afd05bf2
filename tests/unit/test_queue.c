/* test_queue.c - the calling policy (queue.h) and the ticket state machine
 * (ticket.h). */
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

#include "wicket/core/queue.h"
#include "wicket/core/ticket.h"

#define NOW 1795000000
#define N(a) (sizeof (a) / sizeof (a)[0])

/* A normal ticket queued `ago` seconds before NOW. */
#define NORMAL(id, ago) { (id), NOW - (ago), 0, false }
#define PRIO(id, ago) { (id), NOW - (ago), 0, true }
#define APPT(id, ago, at) { (id), NOW - (ago), (at), false }

/* Order items and check the ids come out as want[]; also check that
 * queue_next agrees with the head of the order. */
static void check_order(const struct queue_item *items, size_t n, int cap, int run,
			const int64_t *want)
{
	size_t order[64];
	assert_true(n <= 64);
	assert_int_equal(queue_order(items, n, NOW, cap, run, order), n);
	for (size_t i = 0; i < n; i++) {
		if (items[order[i]].id != want[i])
			fail_msg("position %zu: got id %lld, want %lld", i,
				 (long long)items[order[i]].id, (long long)want[i]);
	}
	if (n)
		assert_int_equal(queue_next(items, n, NOW, cap, run), order[0]);
}

static void test_fifo_for_normal_tickets(void **state)
{
	(void)state;
	const struct queue_item items[] = { NORMAL(3, 10), NORMAL(1, 30), NORMAL(2, 20) };
	const int64_t want[] = { 1, 2, 3 };
	check_order(items, N(items), 3, 0, want);
}

static void test_priority_before_normal(void **state)
{
	(void)state;
	const struct queue_item items[] = { NORMAL(1, 90), NORMAL(2, 80), PRIO(3, 10), PRIO(4, 5) };
	const int64_t want[] = { 3, 4, 1, 2 };
	check_order(items, N(items), 3, 0, want);
}

static void test_appointments_first_earliest_booking_first(void **state)
{
	(void)state;
	/* 5 was queued last but booked earliest; 6 is due within the lead. */
	const struct queue_item items[] = {
		NORMAL(1, 90), PRIO(2, 80),
		APPT(6, 50, NOW + QUEUE_APPOINTMENT_LEAD),
		APPT(5, 5, NOW - 300),
	};
	const int64_t want[] = { 5, 6, 2, 1 };
	check_order(items, N(items), 3, 0, want);
}

static void test_cap_lets_a_normal_through_then_priority_resumes(void **state)
{
	(void)state;
	const struct queue_item items[] = {
		NORMAL(1, 100), NORMAL(2, 99),
		PRIO(10, 50), PRIO(11, 49), PRIO(12, 48), PRIO(13, 47), PRIO(14, 46),
	};
	const int64_t want[] = { 10, 11, 12, 1, 13, 14, 2 };
	check_order(items, N(items), 3, 0, want);
}

static void test_cap_counts_from_the_windows_current_run(void **state)
{
	(void)state;
	const struct queue_item items[] = { NORMAL(1, 100), PRIO(2, 50), PRIO(3, 40) };
	const int64_t after_three[] = { 1, 2, 3 };
	const int64_t after_two[] = { 2, 1, 3 };
	check_order(items, N(items), 3, 3, after_three);
	check_order(items, N(items), 3, 2, after_two);
}

static void test_cap_does_not_hold_back_priority_when_nobody_else_waits(void **state)
{
	(void)state;
	const struct queue_item items[] = { PRIO(1, 5), PRIO(2, 4), PRIO(3, 3), PRIO(4, 2), PRIO(5, 1) };
	const int64_t want[] = { 1, 2, 3, 4, 5 };
	check_order(items, N(items), 3, 7, want);
}

static void test_cap_zero_means_normal_first(void **state)
{
	(void)state;
	const struct queue_item items[] = { PRIO(1, 50), NORMAL(2, 10), NORMAL(3, 5) };
	const int64_t want[] = { 2, 3, 1 };
	check_order(items, N(items), 0, 0, want);
}

static void test_appointments_neither_count_nor_reset_the_run(void **state)
{
	(void)state;
	/* Two priority calls already; the appointment goes first and leaves the
	 * run at 2, so one more priority ticket, then the normal one. */
	const struct queue_item items[] = {
		NORMAL(1, 100), PRIO(2, 50), PRIO(3, 40), APPT(4, 10, NOW - 60),
	};
	const int64_t want[] = { 4, 2, 1, 3 };
	check_order(items, N(items), 3, 2, want);
	assert_int_equal(queue_next_run(2, &items[3], NOW), 2);
	assert_int_equal(queue_next_run(2, &items[1], NOW), 3);
	assert_int_equal(queue_next_run(2, &items[0], NOW), 0);
}

static void test_ties_broken_by_id(void **state)
{
	(void)state;
	const struct queue_item items[] = {
		NORMAL(9, 10), NORMAL(4, 10), NORMAL(7, 10),
		APPT(21, 10, NOW - 5), APPT(20, 10, NOW - 5),
	};
	const int64_t want[] = { 20, 21, 4, 7, 9 };
	check_order(items, N(items), 3, 0, want);
}

static void test_empty_queue(void **state)
{
	(void)state;
	size_t order[1] = { 99 };
	assert_int_equal(queue_order(NULL, 0, NOW, 3, 0, order), 0);
	assert_int_equal(order[0], 99);
	assert_int_equal(queue_next(NULL, 0, NOW, 3, 0), 0);
}

static void test_future_appointment_waits_in_queue_order(void **state)
{
	(void)state;
	/* Booked an hour ahead: not due, so it queues like any normal ticket
	 * (by its queue time), and it is not due one second past the lead. */
	const struct queue_item items[] = {
		NORMAL(1, 90), APPT(2, 80, NOW + 3600), NORMAL(3, 70),
		APPT(4, 60, NOW + QUEUE_APPOINTMENT_LEAD + 1),
	};
	const int64_t want[] = { 1, 2, 3, 4 };
	check_order(items, N(items), 3, 0, want);
	assert_false(queue_appointment_due(&items[3], NOW));
	assert_true(queue_appointment_due(&items[3], NOW + 1));
	assert_int_equal(queue_next_run(1, &items[1], NOW), 0);
}

static void test_next_agrees_with_order(void **state)
{
	(void)state;
	struct queue_item items[40];
	size_t order[40];
	srand(42);
	for (int round = 0; round < 200; round++) {
		size_t n = 1 + (size_t)(rand() % 40);
		for (size_t i = 0; i < n; i++) {
			int kind = rand() % 4;
			items[i] = (struct queue_item){
				.id = (int64_t)(i * 7 % 41) + 1,
				.queue_at = NOW - rand() % 20,
				.appointment_at = kind == 0 ? NOW + (rand() % 2000 - 1000) : 0,
				.priority = kind == 1,
			};
		}
		int cap = rand() % 5, run = rand() % 6;
		queue_order(items, n, NOW, cap, run, order);
		assert_int_equal(queue_next(items, n, NOW, cap, run), order[0]);
		/* Calling the head and ordering the rest continues the same order. */
		int next_run = queue_next_run(run, &items[order[0]], NOW);
		if (n > 1) {
			size_t rest_order[40];
			struct queue_item rest[40];
			for (size_t i = 1; i < n; i++)
				rest[i - 1] = items[order[i]];
			queue_order(rest, n - 1, NOW, cap, next_run, rest_order);
			for (size_t i = 0; i + 1 < n; i++)
				assert_int_equal(rest[rest_order[i]].id, items[order[i + 1]].id);
		}
	}
}

static void test_priority_names(void **state)
{
	(void)state;
	const char *names[] = { "none", "elderly", "disabled", "pregnant", "military" };
	enum queue_priority p = QUEUE_PRIORITY_COUNT;
	for (int i = 0; i < QUEUE_PRIORITY_COUNT; i++) {
		assert_int_equal(queue_priority_parse(names[i], &p), 0);
		assert_int_equal(p, i);
		assert_string_equal(queue_priority_name(p), names[i]);
	}
	p = QUEUE_PRIORITY_ELDERLY;
	assert_int_equal(queue_priority_parse("vip", &p), -1);
	assert_int_equal(queue_priority_parse("Elderly", &p), -1);
	assert_int_equal(queue_priority_parse("", &p), -1);
	assert_int_equal(queue_priority_parse(NULL, &p), -1);
	assert_int_equal(p, QUEUE_PRIORITY_ELDERLY);
	assert_string_equal(queue_priority_name(QUEUE_PRIORITY_COUNT), "?");
}

/* ---- the ticket state machine ---- */

/* Where each action takes each status, by name; "" where it is illegal. */
static const char *const expect[TICKET_STATUS_COUNT][TICKET_ACTION_COUNT] = {
	/*                     call      recall    no_show    start      transfer       finish  requeue    expire */
	[TICKET_WAITING]     = { "called", "",       "",        "",        "",            "",     "",        "expired" },
	[TICKET_CALLED]      = { "",       "called", "no_show", "serving", "transferred", "",     "",        "expired" },
	[TICKET_SERVING]     = { "",       "",       "",        "",        "transferred", "done", "",        ""        },
	[TICKET_DONE]        = { "",       "",       "",        "",        "",            "",     "",        ""        },
	[TICKET_NO_SHOW]     = { "",       "",       "",        "",        "",            "",     "waiting", ""        },
	[TICKET_TRANSFERRED] = { "",       "",       "",        "",        "",            "",     "",        ""        },
	[TICKET_EXPIRED]     = { "",       "",       "",        "",        "",            "",     "",        ""        },
};

static void test_transition_matrix(void **state)
{
	(void)state;
	int legal = 0;
	for (int from = 0; from < TICKET_STATUS_COUNT; from++)
		for (int a = 0; a < TICKET_ACTION_COUNT; a++) {
			enum ticket_status to = TICKET_STATUS_COUNT;
			int rc = ticket_apply((enum ticket_status)from, (enum ticket_action)a, &to);
			if (expect[from][a][0]) {
				assert_int_equal(rc, 0);
				assert_string_equal(ticket_status_name(to), expect[from][a]);
				legal++;
			} else {
				assert_int_equal(rc, -1);
				assert_int_equal(to, TICKET_STATUS_COUNT);   /* left alone */
			}
		}
	assert_int_equal(legal, 10);
}

static void test_sample_of_illegal_transitions(void **state)
{
	(void)state;
	/* A sample, spelled out. */
	enum ticket_status to;
	assert_int_equal(ticket_apply(TICKET_WAITING, TICKET_START, &to), -1);
	assert_int_equal(ticket_apply(TICKET_WAITING, TICKET_FINISH, &to), -1);
	assert_int_equal(ticket_apply(TICKET_CALLED, TICKET_CALL, &to), -1);
	assert_int_equal(ticket_apply(TICKET_CALLED, TICKET_FINISH, &to), -1);
	assert_int_equal(ticket_apply(TICKET_SERVING, TICKET_RECALL, &to), -1);
	assert_int_equal(ticket_apply(TICKET_SERVING, TICKET_MARK_NO_SHOW, &to), -1);
	assert_int_equal(ticket_apply(TICKET_DONE, TICKET_TRANSFER, &to), -1);
	assert_int_equal(ticket_apply(TICKET_NO_SHOW, TICKET_CALL, &to), -1);
	assert_int_equal(ticket_apply(TICKET_TRANSFERRED, TICKET_FINISH, &to), -1);
	assert_int_equal(ticket_apply(TICKET_STATUS_COUNT, TICKET_CALL, &to), -1);
	assert_int_equal(ticket_apply(TICKET_WAITING, TICKET_ACTION_COUNT, &to), -1);
}

static void test_in_progress(void **state)
{
	(void)state;
	for (int st = 0; st < TICKET_STATUS_COUNT; st++)
		assert_int_equal(ticket_in_progress((enum ticket_status)st),
				 st == TICKET_CALLED || st == TICKET_SERVING);
}

static void test_ticket_names_round_trip(void **state)
{
	(void)state;
	const char *statuses[] = { "waiting", "called", "serving", "done", "no_show", "transferred",
				   "expired" };
	const char *actions[] = { "call", "recall", "no_show", "start", "transfer", "finish", "requeue",
				  "expire" };
	enum ticket_status st;
	enum ticket_action a;
	for (int i = 0; i < TICKET_STATUS_COUNT; i++) {
		assert_string_equal(ticket_status_name((enum ticket_status)i), statuses[i]);
		assert_int_equal(ticket_status_parse(statuses[i], &st), 0);
		assert_int_equal(st, i);
	}
	for (int i = 0; i < TICKET_ACTION_COUNT; i++) {
		assert_string_equal(ticket_action_name((enum ticket_action)i), actions[i]);
		assert_int_equal(ticket_action_parse(actions[i], &a), 0);
		assert_int_equal(a, i);
	}
	assert_int_equal(ticket_status_parse("closed", &st), -1);
	assert_int_equal(ticket_status_parse(NULL, &st), -1);
	assert_int_equal(ticket_action_parse("no-show", &a), -1);
	assert_string_equal(ticket_status_name(TICKET_STATUS_COUNT), "?");
	assert_string_equal(ticket_action_name(TICKET_ACTION_COUNT), "?");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fifo_for_normal_tickets),
		cmocka_unit_test(test_priority_before_normal),
		cmocka_unit_test(test_appointments_first_earliest_booking_first),
		cmocka_unit_test(test_cap_lets_a_normal_through_then_priority_resumes),
		cmocka_unit_test(test_cap_counts_from_the_windows_current_run),
		cmocka_unit_test(test_cap_does_not_hold_back_priority_when_nobody_else_waits),
		cmocka_unit_test(test_cap_zero_means_normal_first),
		cmocka_unit_test(test_appointments_neither_count_nor_reset_the_run),
		cmocka_unit_test(test_ties_broken_by_id),
		cmocka_unit_test(test_empty_queue),
		cmocka_unit_test(test_future_appointment_waits_in_queue_order),
		cmocka_unit_test(test_next_agrees_with_order),
		cmocka_unit_test(test_priority_names),
		cmocka_unit_test(test_transition_matrix),
		cmocka_unit_test(test_sample_of_illegal_transitions),
		cmocka_unit_test(test_in_progress),
		cmocka_unit_test(test_ticket_names_round_trip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
