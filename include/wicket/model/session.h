/* session.h - what every signed-in role has, whatever its screens: who
 * signed in, the connection to the server, the journal's state (actions
 * waiting for the server, and the ones it refused on replay) and the
 * message line.  A role's own state is beside it (counter.h, desk.h,
 * trainer.h).  Views only read a struct session.  No I/O here. */
#ifndef WICKET_SESSION_H
#define WICKET_SESSION_H

#include <stdbool.h>
#include <stddef.h>

#include "wicket/model/model.h"

enum conn_state { CONN_CONNECTING, CONN_ONLINE, CONN_SLOW, CONN_OFFLINE };

struct session {
	struct m_session login;        /* who signed in: token, user, role, windows, drill */
	enum conn_state conn;
	bool busy;                     /* a user's action on its way to the server */
	size_t pending;                /* actions recorded, not yet answered */
	struct m_conflict *conflict;   /* replayed actions the server refused */
	size_t nconflict;
	size_t conflict_sel;
	char message[512];             /* the last thing said to the user */
	bool message_is_error;
	struct m_hall hall;            /* the hall's settings and time (GET /hall) */
	bool have_hall;
	bool show_hall;                /* the status line names the hall: one of several */
	int64_t clock_skew;            /* the hall's clock minus ours, seconds */
};

/* The refused actions, in the order they were taken (taken over; the
 * ones replaced are freed); the selection is kept in range. */
void session_set_conflicts(struct session *s, struct m_conflict *k, size_t n);
/* Set the message line (printf-style). */
void session_say(struct session *s, bool error, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* The hall's settings and time, taken over (h is left empty); our_now is
 * this machine's clock when the answer came, so that the hall's clock can
 * be told from it (session_now). */
void session_set_hall(struct session *s, struct m_hall *h, int64_t our_now);
/* The hall's clock, by ours (our_now, seconds since the epoch). */
int64_t session_now(const struct session *s, int64_t our_now);
/* A POSIX TZ value ("<+08>-08:00") for the UTC offset at the end of an
 * API time (now_text: "...+08:00", "...-05:30" or "...Z"), into out (len
 * bytes): the hall's offset where this machine does not know its zone by
 * name.  Returns 0, or -1 when now_text ends in no offset. */
int session_posix_tz(const char *now_text, char *out, size_t len);
/* Release everything s owns; s is zeroed. */
void session_free(struct session *s);

#endif
