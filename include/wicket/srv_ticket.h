/* srv_ticket.h - what wicketd's window and ticket handlers share
 * (h_windows.c, h_tickets.c): one way to load a ticket, one JSON shape for
 * it, and the small request checks both need.  Internal to the server. */
#ifndef WICKET_SRV_TICKET_H
#define WICKET_SRV_TICKET_H

#include <stdbool.h>
#include <stdint.h>

#include "wicket/srv.h"
#include "wicket/ticket.h"

/* A ticket row, copied out of the database (so no statement stays open).
 * Ids and times are 0 where the column is NULL; strings are "" there. */
struct tk_row {
	int64_t id;
	char number[16];
	enum ticket_status status;
	char service[16];
	char service_name[128];
	char matter[32];
	char priority[16];
	int64_t appointment_at;
	int64_t window, target_window;
	int64_t recalls;
	int64_t transferred_from, transferred_to;
	char clerk[64];
	int64_t queue_at, issued_at, called_at, started_at, finished_at;
};

/* Load ticket id into *t.  Returns 0, or -1 when there is no such ticket. */
int tk_load(struct srv *s, int64_t id, struct tk_row *t);
/* tk_load, or set a 404 not_found reply and return -1. */
int tk_find(struct req *r, int64_t id, struct tk_row *t);
/* The ticket object of the API; `full` false gives the queue entry (no
 * status, window, clerk or later timestamps).  The caller owns the result. */
cJSON *tk_json(const struct tk_row *t, int64_t now, bool full);

/* Apply step a to the loaded ticket t: check the transition (else a 409
 * invalid_state naming the current status), do the step's own work (a
 * transfer reads the body and creates the follow-up, whose id goes to
 * *new_id, else 0), update the row, free the window when the ticket leaves
 * it, and emit the step's event.  `window` is the calling window for
 * TICKET_CALL, unused otherwise.  t is reloaded.  Returns 0, or -1 after an
 * error reply.  Runs inside the request's transaction. */
int tk_transition(struct req *r, struct tk_row *t, enum ticket_action a, int window,
		  int64_t *new_id);

/* A 409 whose error object carries "current": current (taken over). */
#define tk_conflict(r, code, current, ...) \
	srv_error_x(r, 409, code, tk_current(current), __VA_ARGS__)
/* {"current": current}, taking current over: the extra of tk_conflict. */
cJSON *tk_current(cJSON *current);
/* Copy text column col of st into dst (size bytes, truncated; "" for NULL). */
void tk_copy(char *dst, size_t size, sqlite3_stmt *st, int col);
/* The longest pause or transfer reason, in characters. */
#define TK_REASON_MAX 100
/* The epoch time of hh:mm today in the hall's time zone. */
int64_t tk_today_at(int hh, int mm);

#endif
