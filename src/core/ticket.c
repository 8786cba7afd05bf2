/* ticket.c - the ticket state machine of ticket.h. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stddef.h>

#include "wicket/core/names.h"
#include "wicket/core/ticket.h"

static const struct {
	enum ticket_status from;
	enum ticket_action action;
	enum ticket_status to;
} ticket_transitions[] = {
	{ TICKET_WAITING, TICKET_CALL, TICKET_CALLED },
	{ TICKET_CALLED, TICKET_RECALL, TICKET_CALLED },
	{ TICKET_CALLED, TICKET_MARK_NO_SHOW, TICKET_NO_SHOW },
	{ TICKET_CALLED, TICKET_START, TICKET_SERVING },
	{ TICKET_CALLED, TICKET_TRANSFER, TICKET_TRANSFERRED },
	{ TICKET_SERVING, TICKET_TRANSFER, TICKET_TRANSFERRED },
	{ TICKET_SERVING, TICKET_FINISH, TICKET_DONE },
	{ TICKET_NO_SHOW, TICKET_REQUEUE, TICKET_WAITING },
	{ TICKET_WAITING, TICKET_EXPIRE, TICKET_EXPIRED },
	{ TICKET_CALLED, TICKET_EXPIRE, TICKET_EXPIRED },
};

static const char *const ticket_status_names[TICKET_STATUS_COUNT] = {
	[TICKET_WAITING] = "waiting", [TICKET_CALLED] = "called",
	[TICKET_SERVING] = "serving", [TICKET_DONE] = "done",
	[TICKET_NO_SHOW] = "no_show", [TICKET_TRANSFERRED] = "transferred",
	[TICKET_EXPIRED] = "expired",
};

static const char *const ticket_action_names[TICKET_ACTION_COUNT] = {
	[TICKET_CALL] = "call", [TICKET_RECALL] = "recall",
	[TICKET_MARK_NO_SHOW] = "no_show", [TICKET_START] = "start",
	[TICKET_TRANSFER] = "transfer", [TICKET_FINISH] = "finish",
	[TICKET_REQUEUE] = "requeue", [TICKET_EXPIRE] = "expire",
};

int ticket_apply(enum ticket_status from, enum ticket_action a, enum ticket_status *to)
{
	for (size_t i = 0; i < sizeof ticket_transitions / sizeof ticket_transitions[0]; i++)
		if (ticket_transitions[i].from == from && ticket_transitions[i].action == a) {
			*to = ticket_transitions[i].to;
			return 0;
		}
	return -1;
}

bool ticket_in_progress(enum ticket_status st)
{
	return st == TICKET_CALLED || st == TICKET_SERVING;
}

const char *ticket_status_name(enum ticket_status st)
{
	return names_at(ticket_status_names, TICKET_STATUS_COUNT, (int)st);
}

const char *ticket_action_name(enum ticket_action a)
{
	return names_at(ticket_action_names, TICKET_ACTION_COUNT, (int)a);
}

int ticket_status_parse(const char *s, enum ticket_status *out)
{
	int i = names_find(ticket_status_names, TICKET_STATUS_COUNT, s);
	if (i < 0)
		return -1;
	*out = (enum ticket_status)i;
	return 0;
}

int ticket_action_parse(const char *s, enum ticket_action *out)
{
	int i = names_find(ticket_action_names, TICKET_ACTION_COUNT, s);
	if (i < 0)
		return -1;
	*out = (enum ticket_action)i;
	return 0;
}
