/* queue.h - which waiting ticket a window calls next.
 *
 * The hall's policy, in order:
 *   1. appointments that are due (booked for no later than ten minutes from
 *      now), earliest appointment first;
 *   2. priority applicants (特殊群体优先: elderly, disabled, pregnant,
 *      military), in queue order;
 *   3. everyone else, first come first served (queue time, then id).
 * A cap keeps normal applicants moving: once a window has called `cap`
 * priority tickets in a row and a normal ticket is waiting, the normal one
 * goes next, which ends the run.  Appointments neither lengthen nor end a
 * run.  An appointment that is not due yet queues like any other ticket of
 * its class.
 *
 * Pure logic over arrays the caller owns: no I/O, thread-safe. */
#ifndef WICKET_QUEUE_H
#define WICKET_QUEUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* How early (seconds) an appointment counts as due. */
#define QUEUE_APPOINTMENT_LEAD 600

enum queue_priority {
	QUEUE_PRIORITY_NONE,
	QUEUE_PRIORITY_ELDERLY,
	QUEUE_PRIORITY_DISABLED,
	QUEUE_PRIORITY_PREGNANT,
	QUEUE_PRIORITY_MILITARY,
	QUEUE_PRIORITY_COUNT
};

/* One waiting ticket, as far as the policy cares. */
struct queue_item {
	int64_t id;
	int64_t queue_at;        /* place in the queue (epoch seconds) */
	int64_t appointment_at;  /* booked time, 0 when none */
	bool priority;           /* any class but QUEUE_PRIORITY_NONE */
};

/* The name of p ("none", "elderly", "disabled", "pregnant", "military"), a
 * static string; "?" when p is out of range. */
const char *queue_priority_name(enum queue_priority p);
/* Parse one of those names.  Returns 0 and sets *out, or -1 (also for NULL)
 * leaving *out alone. */
int queue_priority_parse(const char *s, enum queue_priority *out);

/* True when it has an appointment that is due at `now`. */
bool queue_appointment_due(const struct queue_item *it, int64_t now);

/* Write into order[0..n) the indices of items in the order a window would
 * call them, simulating the cap along the whole list from the window's
 * current run of priority calls `run` (cap <= 0: a waiting normal ticket
 * always goes before a priority one).  Returns n.  order is the caller's,
 * with room for n entries; nothing else is kept. */
size_t queue_order(const struct queue_item *items, size_t n, int64_t now,
		   int cap, int run, size_t *order);

/* The index of the ticket called next (the first of queue_order), found in
 * one pass without allocating; n when n == 0. */
size_t queue_next(const struct queue_item *items, size_t n, int64_t now,
		  int cap, int run);

/* The window's run of priority calls after it called `called` at `now`:
 * unchanged for a due appointment, one longer for a priority ticket, 0 for
 * a normal one. */
int queue_next_run(int run, const struct queue_item *called, int64_t now);

#endif
