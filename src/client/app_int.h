/* app_int.h - the client loop's insides, for the controllers of a role's
 * screens (trainer.c).
 *
 * Not an interface beyond src/client: app.c owns the loop, the requests in
 * flight, the journal and the event long-poll; a controller starts
 * requests through app_getf() and, for a user's action, app_postf() (so
 * that every action is in the journal before it is sent), and gets their
 * answers back by request kind. */
#ifndef WICKET_APP_INT_H
#define WICKET_APP_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wicket/app.h"

/* Requests: each carries what its reply handler needs.  Fewer than 32
 * (the trainer's coalesced reads keep a bit per kind). */
enum req_kind {
	REQ_LOGIN, REQ_WINDOW, REQ_WINDOWS, REQ_QUEUE, REQ_SERVICES, REQ_EVENTS,
	REQ_TICKET, REQ_WINDOW_STATE, REQ_TRANSFER, REQ_GUIDE, REQ_CASE, REQ_CASES,
	REQ_LOGOUT, REQ_THEIRS,
	/* The trainer's (trainer.c). */
	REQ_DRILLS, REQ_SCENARIOS, REQ_DRILL_READ, REQ_DRILL_STARTED, REQ_DRILL_RELEASE,
	REQ_DRILL_RUN, REQ_DRILL_RESET, REQ_DRILL_FINISHED, REQ_SCORE, REQ_BOARD,
};

/* What an action changes at the counter, so that it can be shown done
 * while the server cannot be reached (counter_apply_local); a trainer's
 * action changes nothing there. */
struct app_doing {
	enum action act;
	int value;                /* a rating */
	const char *text;         /* a pause reason; NULL to open the window */
};

/* GET the path made of fmt; the answer goes to the handler of kind. */
void app_getf(struct app *a, enum req_kind kind, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* A user's action: written to the journal (and synced) before it is sent
 * as a POST of body (taken over; may be NULL) to the path made of fmt.
 * Its answer goes to the handler of the kind the path maps to, also when
 * it is sent again after a restart. */
void app_postf(struct app *a, struct app_doing d, char *body, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* Push a screen (not twice the same on top), pop back to the one below. */
void app_push(struct app *a, enum scr s);
void app_pop(struct app *a);
/* Say why a request failed, in the user's words where the code is known. */
void app_say_error(struct app *a, const struct net_reply *r);
/* Escape s for a URL path or query value: every byte but the unreserved
 * ones as %XX, into out (len bytes, always terminated). */
void app_path_escape(const char *s, char *out, size_t len);
/* Monotonic milliseconds. */
int64_t app_ms(void);
/* The event long-poll follows the feed the session is at from its start
 * (the drill the trainer opened; none when no drill is open): the request
 * in flight is dropped. */
void app_feed_restart(struct app *a);

/* ---- trainer.c: the trainer's screens ---- */

/* Whether the session is a trainer's. */
bool trainer_session(const struct app *a);
/* Whether s is one of the trainer's screens. */
bool trainer_screen(enum scr s);
/* A trainer signed in: the list of drills. */
void trainer_signed_in(struct app *a);
/* Take act on a trainer's screen.  Returns false for what the loop does
 * the same on every screen (help, quit, the refused actions). */
bool trainer_action(struct app *a, enum action act);
/* The request kind of a trainer's POST to path (a journal record's). */
enum req_kind trainer_kind_of(const char *path);
/* The answer to a trainer's request of kind. */
void trainer_reply(struct app *a, enum req_kind kind, const struct net_reply *r);
/* The event long-poll's path for the open drill, since seq, waiting wait
 * seconds; false when no drill is open (then nothing is polled). */
bool trainer_feed_path(const struct app *a, int64_t since, int wait, char *path, size_t len);
/* A batch of the drill's feed (the events are taken over). */
void trainer_on_events(struct app *a, struct m_event *ev, size_t n);
/* The feed answered 410 (a reset restarted it): whether to read it again
 * from its start (the first time) rather than follow on from its end. */
bool trainer_feed_restarted(struct app *a);
/* Read again what the current screen shows. */
void trainer_refresh(struct app *a);
/* Once a second: the applicants due on the script's clock are let in. */
void trainer_tick(struct app *a);
/* The trainer's dialog was confirmed: returns false to keep it open (its
 * error says why). */
bool trainer_dialog_done(struct app *a);
/* A trainer's picker was chosen: the value of the item. */
void trainer_picker_done(struct app *a, enum picker_kind kind, int value);

#endif
