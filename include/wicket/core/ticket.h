/* ticket.h - the life of a queue ticket, as a transition table.
 *
 *   waiting --call--> called --start--> serving --finish--> done
 *                     called --recall--> called (the display calls it again)
 *                     called --no_show--> no_show
 *          called | serving --transfer--> transferred (a new waiting
 *                                         ticket carries the applicant on)
 *                    no_show --requeue--> waiting (过号重排: the applicant
 *                                         turned up after all)
 *           waiting | called --expire--> expired (the day ended first)
 *
 * Every other (status, action) pair is illegal.  Pure logic: no I/O,
 * thread-safe, nothing allocated. */
#ifndef WICKET_TICKET_H
#define WICKET_TICKET_H

#include <stdbool.h>

enum ticket_status {
	TICKET_WAITING,
	TICKET_CALLED,
	TICKET_SERVING,
	TICKET_DONE,
	TICKET_NO_SHOW,
	TICKET_TRANSFERRED,
	TICKET_EXPIRED,
	TICKET_STATUS_COUNT
};

enum ticket_action {
	TICKET_CALL,
	TICKET_RECALL,
	TICKET_MARK_NO_SHOW,
	TICKET_START,
	TICKET_TRANSFER,
	TICKET_FINISH,
	TICKET_REQUEUE,
	TICKET_EXPIRE,
	TICKET_ACTION_COUNT
};

/* Where action a takes a ticket in status from.  Returns 0 and sets *to, or
 * -1 (an illegal transition, or a value out of range) leaving *to alone. */
int ticket_apply(enum ticket_status from, enum ticket_action a, enum ticket_status *to);

/* True for the statuses in which a ticket occupies its window (called,
 * serving). */
bool ticket_in_progress(enum ticket_status st);

/* Names as used in the API: "waiting", "called", "serving", "done",
 * "no_show", "transferred", "expired"; and "call", "recall", "no_show",
 * "start", "transfer", "finish", "requeue", "expire".  Static strings; "?" when out of range. */
const char *ticket_status_name(enum ticket_status st);
const char *ticket_action_name(enum ticket_action a);
/* Parse a name.  Return 0 and set *out, or -1 (also for NULL) leaving *out
 * alone. */
int ticket_status_parse(const char *s, enum ticket_status *out);
int ticket_action_parse(const char *s, enum ticket_action *out);

#endif
