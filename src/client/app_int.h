/* app_int.h - what the client's role controllers share with the loop.
 *
 * app.c owns the loop, the requests in flight, the journal, the event
 * feed and the screens' stack.  What a signed-in role sees and does is a
 * struct app_role: the clerk's counter is in app.c, the supervisor's screens
 * in desk.c; a role without screens here gets one that says so.  A new
 * role (the trainer's console) is one more controller file and one more row
 * of app_roles[] in app.c.  Internal to src/client. */
#ifndef WICKET_APP_INT_H
#define WICKET_APP_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "wicket/app.h"
#include "wicket/net.h"

/* Requests: each kind has its reply handler.  The supervisor's are
 * answered in desk.c. */
enum req_kind {
	REQ_LOGIN, REQ_WINDOW, REQ_WINDOWS, REQ_QUEUE, REQ_SERVICES, REQ_EVENTS,
	REQ_TICKET, REQ_WINDOW_STATE, REQ_TRANSFER, REQ_GUIDE, REQ_CASE, REQ_CASES,
	REQ_LOGOUT, REQ_THEIRS,
	REQ_BOARD, REQ_DAY, REQ_AUDIT, REQ_AUDITS, REQ_RECTIFICATIONS, REQ_FOLLOW_UP,
	REQ_CALLBACKS, REQ_SAMPLE, REQ_OUTCOME, REQ_REPORT, REQ_REPORT_CSV,
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
	void (*event)(struct app *a, const struct m_event *e);
	void (*tick)(struct app *a, int64_t now);  /* about once a second */
	void (*action)(struct app *a, enum action act);
	void (*select)(struct app *a, long delta); /* up/down on its own screens */
	void (*dialog)(struct app *a);             /* one of its dialogs confirmed */
	/* The reply of one of its own request kinds. */
	void (*reply)(struct app *a, enum req_kind kind, const struct net_reply *r);
	/* The kind whose handler answers a journal record's path (REQ_NONE:
	 * not one of its own). */
	enum req_kind (*kind_of)(const char *path);
};

extern const struct app_role app_role_supervisor;   /* desk.c */

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
/* A user's action: written to the journal before it is sent, replayed in
 * order while the server cannot be reached (app.c).  body is taken over. */
void app_postf(struct app *a, struct app_doing d, char *body, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* Follow the event feed from now on. */
void app_poll_events(struct app *a);

/* What a role's check said of act: false when it may be taken now; true
 * when it may not, and then it either waits for the server's answer to the
 * last action (type-ahead, when why is REF_BUSY) or the reason is said on
 * the message line. */
bool app_refused(struct app *a, enum refusal why, enum action act);

/* Screens: push one on the stack, back to the one before. */
void app_push(struct app *a, enum scr s);
void app_pop(struct app *a);
/* Open the dialog a->dlg of kind with title (a msgid); the caller adds its
 * fields with form_add(). */
void app_dialog(struct app *a, enum dialog_kind kind, const char *title);
/* Say on the message line what went wrong with r. */
void app_say_error(struct app *a, const struct net_reply *r);

/* Write len bytes of data to dir/name, making dir (and its parents) as
 * needed.  Returns the file's path (malloc'd), or NULL with errno set. */
char *app_write_file(const char *dir, const char *name, const char *data, size_t len);

#endif
