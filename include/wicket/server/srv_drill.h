/* srv_drill.h - trainers' drills in wicketd: what the rest of the server
 * needs of them (start-up, sign-in, dispatch), and what drills.c,
 * drill_script.c and h_drills.c share.
 *
 * A drill is a sandbox: a database of its own (<db>.drills/<id>.db) served
 * by a struct srv of its own (connection, lock, statement cache, event
 * feed), seeded from the hall with its zones, services, matters and
 * materials and one drill window per trainee.  A trainee signs in with the
 * drill's code; every request of that session runs on the sandbox with the
 * normal handlers, so nothing of a drill can reach the hall's tables.
 *
 * Locks: the hall's lock guards the list of open drills and their use
 * counts; a sandbox's lock guards its database.  When both are held the
 * hall's is taken first.
 *
 * Lifetime: a request that reaches a sandbox holds its drill (drill_hold)
 * until its handler has run (drill_done), a parked long-poll until it is
 * answered; req_free lets go of what is still held.  A finished drill's
 * sandbox is closed and freed when its last holder lets go: it keeps no
 * descriptor.
 * Reading a finished drill reopens it for that request only; after
 * --drill-days its files are deleted (drills_expire) and it is read from
 * the hall's row and frozen score. */
#ifndef WICKET_SRV_DRILL_H
#define WICKET_SRV_DRILL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wicket/common/buf.h"
#include "wicket/core/drill_score.h"
#include "wicket/server/srv.h"

/* ---- start-up and shutdown (drills.c) ---- */

/* Read and check the scenario files of DATA/drills/ against the hall's
 * services and matters; a bad file is logged (file, field, what is wrong),
 * kept in the rejected list and skipped.  Call once the database is open
 * and seeded, before threads start. */
void drills_init(struct srv *hall);
/* Wake every open sandbox's long-polls for shutdown.  Under the hall lock. */
void drills_stop(struct srv *hall);
/* Close every sandbox and free the drills (at exit, no thread left). */
void drills_free(struct srv *hall);

/* ---- sessions (drills.c) ---- */

/* Sign-in of user to the running drill with code (any case): check that
 * the user is one of its trainees and, when want > 0, that want is the
 * trainee's drill window; on success store the drill's id in *drill, its
 * code in code[8], and the window in list ("N") and arr.  Returns 0, or -1
 * after an error reply (404 unknown_drill, 403 not_a_trainee, 403
 * window_not_assigned).  Under the hall lock. */
int drill_session(struct req *r, const char *code, const char *user, int64_t want,
		  int64_t *drill, char code_out[8], struct buf *list, cJSON *arr);
/* A sign-in or sign-out (ev_add_session's kinds) of user at the windows of
 * a session of drill: the events go to the drill's feed, never to the
 * hall's (nor its windows' logs), in a transaction of the sandbox's own.
 * Under the hall lock; r's reply is left as it was. */
void drill_session_event(struct req *r, int64_t drill, const char *kind, const char *user,
			 const cJSON *windows);
/* A request of a drill's session (r->auth.drill): point r->srv at the
 * drill's sandbox (sign-out alone stays on the hall, where sessions live)
 * after letting arrivals whose time has come in.  Returns true, or false
 * after an error reply.  Under the hall lock. */
bool drill_enter(struct req *r, const struct route *rt);

/* ---- scripts (drill_script.c) ---- */

/* One applicant of a script, checked against the hall's data. */
struct drill_applicant {
	const cJSON *json;            /* its object in the script */
	const char *name, *service, *matter, *priority;
	int64_t arrival;              /* seconds after the start */
	struct drill_expect expect;   /* its arrays point into the members below */
	int *required;                /* the matter's required material ids */
	int *missing;                 /* what the notice must list */
	int working_days;             /* the matter's time limit */
};

/* A scenario: a script of applicants for drill windows serving services. */
struct drill_script {
	char *id;                     /* the file's name without ".json" */
	cJSON *json;                  /* the whole file, owned */
	const char *title;
	const cJSON *services;        /* array of service codes */
	struct drill_applicant *apps;
	size_t napps;
};

/* Check the scenario text against the hall's services, matters and
 * materials (s: the hall or a sandbox seeded from it).  Returns the script
 * (free with drill_script_free), or NULL with a message naming the field
 * in err. */
struct drill_script *drill_script_parse(struct srv *s, const char *id, const char *text,
					char *err, size_t errlen);
void drill_script_free(struct drill_script *sc);
/* The scenario summary of GET /drills/scenarios: id, title, summary,
 * applicants, matters.  The caller owns it. */
cJSON *drill_script_summary(const struct drill_script *sc);

/* ---- the drills (drills.c) ---- */

struct drill {
	int64_t id;
	struct drill_script *script;  /* parsed from the drill's copy */
	struct srv sb;                /* the sandbox */
	struct srv *hall;             /* whose list it is on */
	int uses;                     /* requests holding it (hall lock) */
	bool finished;                /* closed once uses drops to 0 (hall lock) */
	struct drill *next;
};

/* Another wicketd (or this one) committed to drill id's sandbox (0: to
 * any of the hall's; the PostgreSQL listener): the long-polls on it here
 * read it again.  Takes the hall's lock. */
void drills_heard(struct srv *hall, int64_t id);

/* The scenarios that loaded, by id, or NULL.  Immutable after start-up. */
const struct drill_script *drills_scenario(struct srv *hall, const char *id);
/* The loaded scenarios' summaries and the rejected files, for the reply of
 * GET /drills/scenarios.  The caller owns it. */
cJSON *drills_scenarios_json(struct srv *hall);
/* Drill id, its sandbox opened when it is not yet, or NULL when there is
 * no such drill or its sandbox cannot be opened (logged).  Under the hall
 * lock; a running drill lives until drills_free, a finished one until no
 * request holds it (drill_hold). */
struct drill *drills_get(struct srv *hall, int64_t id);
/* Hold d for request r until drill_leave (drill_done once its handler
 * ran or its long-poll answered, else req_free): its sandbox stays open
 * while r may use it.  Holding the same drill again does nothing.
 * Under the hall lock. */
void drill_hold(struct req *r, struct drill *d);
/* Let go of r's drill, if it holds one: a finished drill no request holds
 * any more is closed and freed.  Takes the hall lock itself (call without
 * it and without the sandbox's). */
void drill_leave(struct req *r);
/* r's handler has run (or its long-poll was answered): drill_leave now,
 * before the reply is sent, unless its long-poll is parked (then when it
 * is answered, or by req_free).  Without the hall's or the sandbox's lock. */
void drill_done(struct req *r);
/* Drill d has just been finished: mark it so, and end its long-polls at
 * once (answered, and none waits on its feed again); its sandbox closes
 * when its last holder lets go.  Under the hall lock. */
void drills_finished(struct drill *d);
/* Whether drill id still has its sandbox (open, or its file on disk).
 * Under the hall lock. */
bool drills_sandbox_kept(struct srv *hall, int64_t id);
/* Delete the sandbox files of the drills finished more than --drill-days
 * ago (the hall's row and frozen score stay).  Skips one a request still
 * holds; logs how many went.  Under the hall lock (the day's roll-over). */
void drills_expire(struct srv *hall);
/* Make (or make again, emptied) drill id's sandbox for the script, with
 * windows 1..n for trainees[0..n) in that order.  Returns 0, or -1 with a
 * message in err.  Under the hall lock; the sandbox's lock is taken for a
 * sandbox that is open. */
int drills_build(struct srv *hall, int64_t id, const struct drill_script *sc,
		 const char *const *trainees, size_t n, char *err, size_t errlen);

/* Run fn(r, d, arg) on d's sandbox: r->srv points at it, under its lock, in
 * one transaction committed when fn returns 0 (long-polls are woken when it
 * added events).  r->srv is restored.  Returns fn's result, or -1 after a
 * 503 when the transaction failed. */
int drill_in_sandbox(struct req *r, struct drill *d,
		     int (*fn)(struct req *r, struct drill *d, void *arg), void *arg);
/* In the sandbox: the index of the next applicant to arrive (napps when
 * all did). */
size_t drill_next(struct srv *sb);
/* In the sandbox: the next applicant arrives for every trainee, at time
 * at.  Returns 0, or -1 when there is none left. */
int drill_release(struct req *r, struct drill *d, int64_t at);
/* In the sandbox: when the script runs, every applicant whose time has
 * come arrives.  Always returns 0 (for drill_in_sandbox). */
int drill_catch_up(struct req *r, struct drill *d, void *unused);
/* In the sandbox: the score of every trainee, as the API shows it (GET
 * /drills/{id}/score without the drill's own members).  Returns the
 * "trainees" array; the caller owns it. */
cJSON *drill_score_json(struct srv *sb, const struct drill *d);

#endif
