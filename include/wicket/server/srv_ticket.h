/* srv_ticket.h - what wicketd's window and ticket handlers share
 * (h_windows.c, h_tickets.c, and the supervisors' board in h_board.c): one
 * way to load a ticket or a window, one JSON shape for each, and the small
 * request checks they need.  Internal to the server. */
#ifndef WICKET_SRV_TICKET_H
#define WICKET_SRV_TICKET_H

#include <stdbool.h>
#include <stdint.h>

#include "wicket/server/srv.h"
#include "wicket/core/ticket.h"
#include "wicket/core/window.h"

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
	char day[16];             /* the hall's day it was issued on, YYYY-MM-DD */
	int64_t requeues;         /* times put back in the queue after a no-show */
	char transfer_reason[512]; /* why a transfer made it; "" when none */
	int64_t expired_at;
	/* The case this visit continued (POST /cases/{id}/visits); 0, "". */
	int64_t continued_case;
	char continued_number[16];
	bool extended;            /* 延时: started after the hall closed */
};

/* A window row, copied out of the database; "" where a column is NULL. */
struct win_row {
	int no;
	char name[128], zone[16], zone_name[128];
	enum window_status status;
	char pause_reason[512];
	int64_t status_since;
	char clerk[64], clerk_name[128];
	int64_t current;
	int priority_run;
};

/* The columns win_row_read() reads, first in a SELECT, and the joins they
 * need: "SELECT " WIN_COLS ", more " WIN_FROM " WHERE ...". */
#define WIN_COLS "w.no, w.name, w.zone, z.name, w.status, w.pause_reason, w.status_since, " \
	"w.clerk, u.name, w.current, w.priority_run"
#define WIN_NCOLS 11
#define WIN_FROM "FROM windows w JOIN zones z ON z.code = w.zone LEFT JOIN users u ON u.user = w.clerk"

/* SQL true when a clerk's session signed in to window WNO (an SQL
 * expression) is alive at NOW (an SQL parameter, e.g. "?2"): whether
 * somebody is at the window, for the windows' `attended`. */
#define WIN_ATTENDED(WNO, NOW) "EXISTS(SELECT 1 FROM sessions se WHERE se.drill IS NULL AND " \
	"(SELECT role FROM users WHERE user = se.user) = 'clerk' AND " \
	"se.expires > " NOW " AND se.seen > " NOW " - " SESSION_ALIVE_TEXT " AND " \
	"(',' || se.windows || ',') LIKE ('%,' || " WNO " || ',%'))"
/* A session is alive while its client is heard from: the counter's event
 * long-poll asks at least every 25 s, and auth.c notes a session seen at
 * most every SESSION_SEEN_STEP s; a client killed, or cut off, is taken
 * to be gone SESSION_ALIVE_TEXT s after it was last heard. */
#define SESSION_ALIVE_TEXT "90"
#define SESSION_SEEN_STEP 30

/* Fill *w from the WIN_COLS of the current row of st. */
void win_row_read(db_q *st, struct win_row *w);
/* The window named by route param 0 into *w.  Returns 0, or -1 after a 404
 * not_found. */
int win_find(struct req *r, struct win_row *w);
/* Add the window's own members to o: no, name, zone, zone_name, status,
 * pause_reason, status_since, clerk, clerk_name. */
void win_json_state(cJSON *o, const struct win_row *w);

/* Load ticket id into *t.  Returns 0, or -1 when there is no such ticket. */
int tk_load(struct srv *s, int64_t id, struct tk_row *t);
/* tk_load of what tk_json(t, now, false) shows (a queue's rows), in one
 * lookup by id: the rest of *t is zero.  Returns 0, or -1 when no such. */
int tk_load_brief(struct srv *s, int64_t id, struct tk_row *t);
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

/* The data of the ticket.issued event about t: {number, service,
 * priority}.  The caller owns it. */
cJSON *tk_issued_data(const struct tk_row *t);

/* A 409 whose error object carries "current": current (taken over). */
#define tk_conflict(r, code, current, ...) \
	srv_error_x(r, 409, code, tk_current(current), __VA_ARGS__)
/* {"current": current}, taking current over: the extra of tk_conflict. */
cJSON *tk_current(cJSON *current);
/* Copy text column col of st into dst (size bytes, truncated; "" for NULL). */
void tk_copy(char *dst, size_t size, db_q *st, int col);
/* The longest pause or transfer reason, in characters. */
#define TK_REASON_MAX 100
/* When the longest waiting ticket of service that was sent to window
 * target (0: sent nowhere) was issued, its number into number (size
 * bytes, may be NULL); 0 when none waits.  One index probe (h_windows.c). */
int64_t tk_oldest_waiting(struct srv *s, const char *service, int64_t target, char *number, size_t size);
/* The epoch time of hh:mm today in the hall's time zone. */
int64_t tk_today_at(int hh, int mm);
/* Parse "HH:MM" (today) or "YYYY-MM-DDTHH:MM:SS" with "Z" or an offset
 * "+HH:MM"/"-HH:MM" into epoch seconds.  Returns 0, or -1 (h_tickets.c). */
int tk_parse_time(const char *s, int64_t *out);


/* 0 when r's session may issue one more ticket now (and it is counted),
 * else the seconds until it may (nothing counted) (issue_rate.c). */
int64_t tk_rate_wait(struct req *r, int64_t now);

#endif
