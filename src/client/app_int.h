/* app_int.h - what the client's role controllers share with the loop.
 *
 * app.c owns the loop, the requests in flight, the journal, the event
 * feed and the screens' stack.  What a signed-in role sees and does is a
 * struct app_role: the clerk's counter is in app.c, the supervisor's screens
 * in desk.c, the trainer's in trainer.c; a role without screens here gets
 * one that says so.  A new role is one more controller file and one more
 * row of app_roles[] in app.c.  A controller starts requests through
 * app_getf() / app_refresh() and, for a user's action, app_postf() (so that
 * every action is in the journal before it is sent), and gets their
 * answers back by request kind.  Internal to src/client. */
#ifndef WICKET_APP_INT_H
#define WICKET_APP_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wicket/client/app.h"
#include "wicket/net/net.h"

/* Requests: each kind has its reply handler.  The supervisor's are
 * answered in desk.c, the trainer's in trainer.c. */
enum req_kind {
	REQ_LOGIN, REQ_WINDOW, REQ_WINDOWS, REQ_QUEUE, REQ_SERVICES, REQ_EVENTS,
	REQ_TICKET, REQ_WINDOW_STATE, REQ_TRANSFER, REQ_GUIDE, REQ_CASE, REQ_CASES,
	REQ_LOGOUT, REQ_THEIRS,
	/* The supervisor's (desk.c). */
	REQ_BOARD, REQ_DAY, REQ_AUDIT, REQ_AUDITS, REQ_RECTIFICATIONS, REQ_FOLLOW_UP,
	REQ_CALLBACKS, REQ_SAMPLE, REQ_OUTCOME, REQ_REPORT, REQ_REPORT_CSV,
	/* The trainer's (trainer.c). */
	REQ_DRILLS, REQ_SCENARIOS, REQ_DRILL_READ, REQ_DRILL_STARTED, REQ_DRILL_RELEASE,
	REQ_DRILL_RUN, REQ_DRILL_RESET, REQ_DRILL_FINISHED, REQ_SCORE, REQ_LEADERBOARD,
	REQ_KIND_COUNT,
	REQ_NONE = -1
};
_Static_assert(REQ_KIND_COUNT <= APP_MAX_POLLS, "a coalesced refresh per request kind");

/* What a user's action changes, so that it can be shown done while the
 * server cannot be reached (counter_apply_local), and what it is about. */
struct app_doing {
	enum action act;
	int value;                /* a rating */
	const char *text;         /* a pause reason; NULL to open the window */
	const char *label;        /* what it is about, for the journal; NULL: the
				   * ticket and case in hand */
};

/* A role's screens and behaviour; every hook may be NULL. */
struct app_role {
	const char *name;                          /* as the server spells it */
	enum scr first;                            /* the screen after sign-in */
	const enum keymap_scope *scopes;           /* what the help screen lists */
	size_t nscopes;
	void (*start)(struct app *a);              /* just signed in */
	void (*reload)(struct app *a);             /* reload everything shown */
	/* The event feed's path since seq, waiting wait seconds, into path;
	 * false when there is no feed to follow now.  NULL: the hall's. */
	bool (*feed_path)(const struct app *a, int64_t since, int wait, char *path, size_t len);
	/* A batch of the feed; the role may take the events over (each left
	 * empty). */
	void (*events)(struct app *a, struct m_event *ev, size_t n);
	/* The feed answered 410: whether to read it again from its start
	 * rather than follow on from where the server says.  NULL: follow on. */
	bool (*feed_restarted)(struct app *a);
	void (*tick)(struct app *a, int64_t now);  /* about once a second */
	void (*action)(struct app *a, enum action act);
	void (*select)(struct app *a, long delta); /* up/down on its own screens */
	void (*back)(struct app *a, enum scr from); /* the back key left screen from */
	void (*dialog)(struct app *a);             /* one of its dialogs confirmed */
	/* One of its pickers chose the item of value. */
	void (*picker)(struct app *a, enum picker_kind kind, int value);
	/* The reply of one of its own request kinds. */
	void (*reply)(struct app *a, enum req_kind kind, const struct net_reply *r);
	/* The kind whose handler answers a journal record's path (REQ_NONE:
	 * not one of its own). */
	enum req_kind (*kind_of)(const char *path);
};

extern const struct app_role app_role_supervisor;   /* desk.c */
extern const struct app_role app_role_trainer;      /* trainer.c */

/* GET a path (printf-style) now; the reply goes to kind's handler. */
void app_getf(struct app *a, enum req_kind kind, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* A coalesced GET: at most one of kind in flight; asked while one is out,
 * it is asked again (by its handler, when app_refreshed() says so). */
void app_refresh(struct app *a, enum req_kind kind, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* In kind's reply handler: the refresh is answered; true when it is to be
 * asked again because something changed while it was out. */
bool app_refreshed(struct app *a, enum req_kind kind);
/* A user's action: written to the journal (and synced) before it is sent
 * as a POST of body (taken over; may be NULL) to the path made of fmt,
 * replayed in order while the server cannot be reached.  Its answer goes
 * to the handler of the kind the path maps to, also when it is sent again
 * after a restart. */
void app_postf(struct app *a, struct app_doing d, char *body, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* Follow the event feed from now on. */
void app_poll_events(struct app *a);
/* The event long-poll follows the feed the session is at from its start
 * (the drill the trainer opened; none when no drill is open): the request
 * in flight is dropped. */
void app_feed_restart(struct app *a);

/* What a role's check said of act: false when it may be taken now; true
 * when it may not, and then it either waits for the server's answer to the
 * last action (type-ahead, when why is REF_BUSY) or the reason is said on
 * the message line. */
bool app_refused(struct app *a, enum refusal why, enum action act);

/* Screens: push one on the stack (not twice the same on top), back to the
 * one before. */
void app_push(struct app *a, enum scr s);
void app_pop(struct app *a);
/* Open the dialog a->dlg of kind with title (a msgid); the caller adds its
 * fields with form_add(). */
void app_dialog(struct app *a, enum dialog_kind kind, const char *title);
/* Say on the message line what went wrong with r, in the user's words
 * where the code is known. */
void app_say_error(struct app *a, const struct net_reply *r);
/* Escape s for a URL path or query value: every byte but the unreserved
 * ones as %XX, into out (len bytes, always terminated). */
void app_path_escape(const char *s, char *out, size_t len);
/* Monotonic milliseconds. */
int64_t app_ms(void);

/* Write len bytes of data to dir/name, making dir (and its parents) as
 * needed.  Returns the file's path (malloc'd), or NULL with errno set. */
char *app_write_file(const char *dir, const char *name, const char *data, size_t len);

#endif
