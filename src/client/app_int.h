/* app_int.h - what the client's role controllers share with the loop.
 *
 * app.c owns the loop, the requests in flight and the screens' stack;
 * replay.c the journal of actions and its replay, feed.c the event feed,
 * signin.c the sign-in.  What a signed-in role sees and does is a struct
 * app_role: the clerk's counter is in clerk.c, the supervisor's screens
 * in desk.c, the trainer's in trainer.c, the evaluator's (评价器) in
 * evaluator.c; a role without screens here gets
 * one that says so.  A new role is one more controller file and one more
 * row of app_roles[] in signin.c.  A controller starts requests through
 * app_getf() / app_refresh() and, for a user's action, app_postf() (so that
 * every action is in the journal before it is sent), and its table of
 * replies (struct app_reply, a row per request kind) folds the answers
 * in.  Internal to src/client. */
#ifndef WICKET_APP_INT_H
#define WICKET_APP_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wicket/client/app.h"
#include "wicket/model/paper.h"
#include "wicket/net/api_error.h"
#include "wicket/net/net.h"

/* Requests: each kind has its row in a table of replies.  The clerk's are
 * answered in clerk.c, the supervisor's in desk.c, the trainer's in
 * trainer.c, the rest in app.c. */
enum req_kind {
	REQ_LOGIN, REQ_WINDOW, REQ_WINDOWS, REQ_QUEUE, REQ_SERVICES, REQ_EVENTS,
	REQ_TICKET, REQ_WINDOW_STATE, REQ_TRANSFER, REQ_GUIDE, REQ_CASE, REQ_CASES,
	REQ_LOGOUT, REQ_THEIRS, REQ_HALL, REQ_TICKET_READ, REQ_REQUEUE,
	/* Opening a case with or without a ticket (cases.c). */
	REQ_CASE_READ, REQ_CASE_GUIDE, REQ_VISIT, REQ_CASE_AGAIN,
	/* The supervisor's (desk.c). */
	REQ_BOARD, REQ_DAY, REQ_AUDIT, REQ_AUDITS, REQ_RECTIFICATIONS, REQ_FOLLOW_UP,
	REQ_CALLBACKS, REQ_SAMPLE, REQ_OUTCOME, REQ_REPORT,
	/* The halls of a platform, and looking into one (desk.c). */
	REQ_HALLS,
	/* 不打烊 sessions and home visits (desk_extra.c). */
	REQ_SESSIONS, REQ_SESSION, REQ_VISITS, REQ_VISIT_BOOK,
	/* 容缺: what cases still owe (desk_extra.c). */
	REQ_OWED,
	/* The trainer's (trainer.c). */
	REQ_DRILLS, REQ_SCENARIOS, REQ_DRILL_READ, REQ_DRILL_STARTED, REQ_DRILL_RELEASE,
	REQ_DRILL_RUN, REQ_DRILL_RESET, REQ_DRILL_FINISHED, REQ_SCORE, REQ_LEADERBOARD,
	/* The hall's call screen (display.c). */
	REQ_CALLS,
	/* The evaluator's (evaluator.c), and the supervisor's 好差评 export (desk.c). */
	REQ_EVALUATOR, REQ_EVAL_RATE, REQ_RATINGS_JSONL, REQ_RATINGS_CSV,
	/* Today's bookings and their check-in (bookings.c). */
	REQ_BOOKINGS, REQ_CHECK_IN, REQ_BOOK, REQ_HOME_VISITS, REQ_HOME_GUIDE,
	/* A stored session tried at start (resume.c). */
	REQ_RESUME,
	/* AB岗: the clerk's own absence (clerk_absence.c). */
	REQ_ABSENCE,
	/* Enquiries, 首问负责 (guide.c). */
	REQ_ENQUIRIES, REQ_ENQUIRY, REQ_ENQUIRY_CLOSE,
	REQ_KIND_COUNT,
	REQ_NONE = -1
};
_Static_assert(REQ_KIND_COUNT <= APP_MAX_POLLS, "a coalesced refresh per request kind");

#define APP_POLL_WAIT 25      /* seconds a long-poll waits on the server */

/* A request in flight (app.c): on a->pending until answered. */
struct pending {
	struct app *a;
	enum req_kind kind;
	uint64_t id;              /* the engine's request id */
	uint64_t sent;            /* stamp: a->requests_sent when it went (orders replies) */
	bool action;              /* a user's action: clears busy when answered */
	uint64_t seq;             /* the journal record it sends (0: none) */
	enum action act;          /* for a record sent live: what it does */
	int value;
	char *text;
	struct pending *prev, *next;
};

/* What a read decodes into: a list, or one object (the table's decode
 * fills one member, its store takes it over). */
union app_decoded {
	struct { struct m_ticket *v; size_t n; int64_t total; } tickets;
	struct { struct m_case *v; size_t n; int64_t total; } cases;
	struct { struct m_service *v; size_t n; } services;
	struct { struct m_audit *v; size_t n; struct m_page page; } audits;
	struct { struct m_finding *v; size_t n; struct m_page page; } findings;
	struct { struct m_callback *v; size_t n; struct m_page page; } callbacks;
	struct { struct m_drill *v; size_t n; struct m_page page; } drills;
	struct m_matter matter;
	struct m_case kase;
	struct m_board board;
	struct m_day day;
	struct m_report report;
	struct m_drill drill;
	struct m_scenarios scenarios;
	struct m_score score;
	struct m_leaderboard leaderboard;
	struct m_calls calls;
	struct m_evaluator evaluator;
	struct { struct m_booking *v; size_t n; } bookings;
	struct { struct m_home_visit *v; size_t n; } home_visits;
	struct { struct m_deferred *v; size_t n; } owed;
	struct { struct m_extra_session *v; size_t n; } sessions;
	struct { struct m_platform_hall *v; size_t n; } halls;
	struct { struct m_enquiry *v; size_t n; } enquiries;
};

/* How the answer of a request kind is folded in: one row per kind, with
 * designated initialisers (app.c's own kinds in app.c, each role's in its
 * controller, app_role.replies).  A read is decode, then store (on a 200
 * that decodes; else the error is said), then reread when it was asked
 * for again meanwhile; an action's answer (and any other) is handle's. */
struct app_reply {
	int (*decode)(const struct net_reply *r, union app_decoded *out);  /* 0 or -1 */
	void (*store)(struct app *a, union app_decoded *in);   /* takes in over */
	void (*reread)(struct app *a);      /* a coalesced read: ask again (curses has refresh()) */
	const char *unreadable;   /* msgid said when a 200 does not decode (NULL: the reply's error) */
	bool quiet;               /* a failed read says nothing */
	/* The whole answer, by hand (decode and store are then NULL); p is the
	 * request answered. */
	void (*handle)(struct app *a, const struct pending *p, const struct net_reply *r);
};

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
	/* GET /hall answered (a->s.hall), or failed for good (a->hall_refused). */
	void (*hall)(struct app *a);
	void (*action)(struct app *a, enum action act);
	void (*select)(struct app *a, long delta); /* up/down on its own screens */
	void (*back)(struct app *a, enum scr from); /* the back key left screen from */
	void (*dialog)(struct app *a);             /* one of its dialogs confirmed */
	/* One of its pickers chose the item of value. */
	void (*picker)(struct app *a, enum picker_kind kind, int value);
	/* How the answers of its own request kinds are folded in: a row per
	 * kind (REQ_KIND_COUNT rows, the others empty).  The clerk's are
	 * folded in whoever is signed in (a journal record's path maps to
	 * them when no role claims it). */
	const struct app_reply *replies;
	/* Any answer of its own kinds came (before its row is used). */
	void (*answered)(struct app *a, const struct net_reply *r);
	/* The quit key: true when the role asks something first (and quits
	 * later, by app_quit, or not at all); NULL or false: quit now. */
	bool (*quit)(struct app *a);
	/* The kind whose handler answers a journal record's path (REQ_NONE:
	 * not one of its own). */
	enum req_kind (*kind_of)(const char *path);
};

extern const struct app_role app_role_clerk;        /* clerk.c */
extern const struct app_role app_role_supervisor;   /* desk.c */
extern const struct app_role app_role_trainer;      /* trainer.c */
extern const struct app_role app_role_display;      /* display.c */
extern const struct app_role app_role_evaluator;    /* evaluator.c */
extern const struct app_role app_role_guide;        /* guide.c */

/* ---- enquiries, 首问负责 (guide.c): the guide desk's and the clerk's ---- */

/* Record an enquiry: its form opens (then what was done is asked). */
void app_enquiry_begin(struct app *a);
/* One of the enquiry's dialogs was confirmed: true when it was one
 * (handled: the next question asked, or the enquiry sent). */
bool app_enquiry_dialog(struct app *a);
/* One of the enquiry's pickers chose v: true when it was one. */
bool app_enquiry_picker(struct app *a, enum picker_kind kind, int v);
/* The hall's services were read: the service picker a draft waited for
 * opens now, unless something else is open meanwhile. */
void app_enquiry_services_came(struct app *a);
/* The answers of POST /enquiries and POST /enquiries/{id}/close. */
void app_enquiry_on_recorded(struct app *a, const struct pending *p, const struct net_reply *r);
void app_enquiry_on_closed(struct app *a, const struct pending *p, const struct net_reply *r);
/* REQ_ENQUIRY or REQ_ENQUIRY_CLOSE for an enquiry's path, else REQ_NONE. */
enum req_kind app_enquiry_kind_of(const char *path);
/* The list of the enquiries one owns (SCR_GUIDE, the guide desk's screen,
 * which a clerk opens over the counter): act on it (the enquiry keys,
 * ACT_MY_ENQUIRIES opening it; true when act was one), follow the feed
 * (an enquiry.* event, or one about a ticket of the list, reads it
 * again), and its read (REQ_ENQUIRIES), whose reply row is
 * APP_ENQUIRIES_REPLY in the role's table. */
bool app_enquiries_action(struct app *a, enum action act);
void app_enquiries_events(struct app *a, struct m_event *ev, size_t n);
void app_enquiries_read(struct app *a);
int app_enquiries_decode(const struct net_reply *r, union app_decoded *out);
void app_enquiries_store(struct app *a, union app_decoded *in);
#define APP_ENQUIRIES_REPLY { .decode = app_enquiries_decode, .store = app_enquiries_store, \
	.reread = app_enquiries_read, .unreadable = N_("The server's answer about the enquiries could not be read.") }

/* ---- requests (app.c) ---- */

/* Start a request of kind: method on path with body (taken over; may be
 * NULL), under key (NULL: a POST gets a fresh one); action: a user's, the
 * session is busy until it is answered.  Returns its record, owned by
 * a->pending until answered (the caller may set its journal fields). */
struct pending *app_send(struct app *a, enum req_kind kind, const char *method,
			 const char *path, char *body, bool action, const char *key);
/* Cancel request id: it is never answered, and its record goes. */
void app_cancel(struct app *a, uint64_t id);
/* A fresh connection to a->cfg->server: the requests in flight are
 * dropped, never answered. */
void app_net_reset(struct app *a);
/* A fresh Idempotency-Key, into key. */
void app_new_key(char key[48]);
/* Everything the signed-in role shows, reloaded. */
void app_refresh_all(struct app *a);

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
/* ---- the journal (replay.c) ---- */

/* Open the user's journal on this server: what a previous run left
 * unanswered is sent first.  A drill's session keeps its own (drill is its
 * code, or NULL), so that nothing done in a drill is ever replayed to the
 * hall, nor the other way round; so does each hall of a platform but the
 * first (hall_id > 1).  Returns 0, or -1 (said to the user). */
int app_journal_open(struct app *a, const char *user, const char *drill, int64_t hall_id);
/* Send the oldest recorded action the server has not answered, unless one
 * is on its way or the server is away: the journal goes out in order, one
 * at a time.  Returns the request, or NULL when nothing was sent. */
struct pending *app_replay(struct app *a);
/* The session's view of the journal, made again: how many wait, and the
 * refused ones with both versions (what the server has, once read, is
 * kept). */
void app_journal_changed(struct app *a);
/* Settle the journal record p sent.  Returns true when the reply is to be
 * folded in as usual, false when the action was kept for later or refused
 * (then it is a conflict, shown to the user with both versions). */
bool app_journal_reply(struct app *a, struct pending *p, const struct net_reply *r);
/* The server's version of a refused action's record (REQ_THEIRS). */
void app_on_theirs(struct app *a, const struct pending *p, const struct net_reply *r);
/* The user has read the selected refused action: it goes to the journal's
 * permanent record of refusals, with both versions, and off the screen. */
void app_acknowledge(struct app *a);

/* A trainee's drill was finished by the trainer (its feed said so, or a
 * request found the drill session ended): its journal is closed and
 * removed (nothing in it can reach the finished drill, nor ever the
 * hall), the feed is left, and the counter says so.  Only F10 is left. */
void app_drill_over(struct app *a);

/* ---- the event feed (feed.c) ---- */

/* Follow the event feed from now on. */
void app_poll_events(struct app *a);
/* The event long-poll follows the feed the session is at from its start
 * (the drill the trainer opened; none when no drill is open): the request
 * in flight is dropped. */
void app_feed_restart(struct app *a);
/* The feed's answer (REQ_EVENTS). */
void app_on_events(struct app *a, const struct pending *p, const struct net_reply *r);
/* The server cannot be reached: say so at once, and ask again soon (a
 * long-poll on a cut network may otherwise hang until its timeout). */
void app_went_offline(struct app *a);

/* ---- signing in (signin.c) ---- */

/* The sign-in form, filled with what the configuration gives. */
void app_signin_form(struct app *a);
/* The form was submitted: checked, then signed in with. */
void app_signin_submit(struct app *a);
/* Sign in; drill is a trainee's drill code (NULL: the hall), and then the
 * window is the drill's, which the server knows: none is sent. */
void app_login(struct app *a, const char *server, const char *user, const char *password,
	       int window, const char *drill);
/* A 409 choose_hall's hall was picked (PICK_HALL; value: its id): the
 * same sign-in is sent again naming it.  cancelled: the form instead. */
void app_hall_picked(struct app *a, int value, bool cancelled);
/* The sign-in kept for a choose_hall is dropped (its password wiped). */
void app_login_forget(struct app *a);
/* The login's answer (REQ_LOGIN). */
void app_on_login(struct app *a, const struct pending *p, const struct net_reply *r);
/* Signed in as s (taken over, its token set): its journal opened (what an
 * earlier run left is sent first), the role's first screen.  Returns
 * false when the journal cannot be kept (the sign-in form says why). */
bool app_signed_in(struct app *a, struct m_session *s);

/* ---- a session kept for a restart (resume.c) ---- */

/* At start, for the user named: the session kept on this machine for that
 * user and server is tried (GET /me, REQ_RESUME).  Returns false when none
 * is kept (then sign in as usual). */
bool app_resume_start(struct app *a);
/* GET /me's answer: signed in with the kept token; else (refused: the file
 * goes) signed in as without it, by the password given or the form. */
void app_on_resume(struct app *a, const struct pending *p, const struct net_reply *r);
/* Keep the session just signed in to with a password for a restart (not a
 * drill's); a failure to write is silent (the next start asks again). */
void app_resume_save(struct app *a);
/* Signing out: the kept session goes. */
void app_resume_forget(struct app *a);
/* "user@host:port" of the server, for the files kept per user and server
 * (malloc'd; replay.c); a session kept for a hall named by --hall adds
 * "-hall-CODE" (resume.c). */
char *app_hall_name(const struct app *a, const char *user);

/* ---- today's bookings (bookings.c) ---- */

/* Read the bookings screen's list again: today's bookings for the
 * window's services (REQ_BOOKINGS). */
void app_bookings_refresh(struct app *a);
/* REQ_BOOKINGS's row: the list, into the counter. */
int app_bookings_decode(const struct net_reply *r, union app_decoded *out);
void app_bookings_store(struct app *a, union app_decoded *in);
/* Read today's home visits of the clerk again (REQ_HOME_VISITS). */
void app_home_refresh(struct app *a);
/* REQ_HOME_VISITS's row: today's home visits of the clerk, into the counter. */
int app_home_decode(const struct net_reply *r, union app_decoded *out);
void app_home_store(struct app *a, union app_decoded *in);
/* REQ_CHECK_IN's answer: the booking's ticket, said; the lists read again. */
void app_bookings_on_check_in(struct app *a, const struct pending *p, const struct net_reply *r);
/* REQ_BOOK's answer: the phone booking taken, said; the list read again. */
void app_bookings_on_book(struct app *a, const struct pending *p, const struct net_reply *r);
/* REQ_HOME_GUIDE's answer: the guide of the home visit's matter, and the
 * case screen for its case (上门服务). */
void app_home_on_guide(struct app *a, const struct pending *p, const struct net_reply *r);
/* The clerk's actions on bookings (checked by counter_check() already):
 * the list (ACT_BOOKINGS), checking the selected one in (ACT_CHECK_IN),
 * taking a phone booking (ACT_BOOK: its form), opening the selected home
 * visit for its case (ACT_HOME_CASE, or ACT_CHECK_IN on a visit). */
void app_bookings_action(struct app *a, enum action act);
/* Whether s has shape's form: a digit where shape has 'd', shape's own
 * character elsewhere ("dddd-dd-dd dd:dd": a date and time as typed). */
bool app_shape_ok(const char *s, const char *shape);
/* The booking form confirmed: true when it was the clerk's DLG_BOOK
 * (sent, or its error said on it). */
bool app_bookings_dialog(struct app *a);

/* ---- cases outlive the visit (cases.c) ---- */

/* Read the list the clerk's cases screen shows again: the open cases of the
 * window's services, or the search a->c.find_query (REQ_CASES). */
void app_cases_refresh(struct app *a);
/* REQ_CASES's row: a page of cases and its total, into the counter. */
int app_cases_decode(const struct net_reply *r, union app_decoded *out);
void app_cases_store(struct app *a, union app_decoded *in);
/* The answers of REQ_CASE_READ (a case read to be opened: its guide is
 * asked for), REQ_VISIT (a visit linked to it: the same) and
 * REQ_CASE_GUIDE (its matter's guide: the case screen). */
void app_cases_on_case(struct app *a, const struct pending *p, const struct net_reply *r);
void app_cases_on_visit(struct app *a, const struct pending *p, const struct net_reply *r);
void app_cases_on_guide(struct app *a, const struct pending *p, const struct net_reply *r);
/* REQ_CASE_AGAIN's row: the case on the screen read again (another
 * window changed it), its ticks kept as the server has them. */
int app_cases_decode_one(const struct net_reply *r, union app_decoded *out);
void app_cases_store_one(struct app *a, union app_decoded *in);
void app_cases_reread(struct app *a);
/* A case.* event: the list on top is read again, and so is the case on
 * the screen when the event is about it and was done at another window. */
void app_cases_event(struct app *a, const struct m_event *e);
/* The ticket the applicant at the window is served on, to do a case's
 * step on their visit; 0 in the back office. */
int64_t app_case_ticket(const struct app *a);
/* The clerk's actions on cases (checked by counter_check() already):
 * my-cases, find-case, open-case, suspend / resume and complete. */
void app_cases_action(struct app *a, enum action act);
/* A dialog of cases.c was confirmed: returns false when it is not one of
 * them; else it is done (and closed), or its error said on it. */
bool app_cases_dialog(struct app *a);
/* The back key left screen from: a back-office case is put away with its
 * screen; the list, back on top, is read again. */
void app_cases_back(struct app *a, enum scr from);

/* 帮办代办 (assist.c): the assist key asks how the applicant is assisted;
 * the answer v of that question (1 帮办, 2 代办: the agent's form, 3
 * neither); the agent's form confirmed (false when the dialog is not it);
 * and the new case's body (taken over) with "assist" added when marked. */
void app_assist_action(struct app *a);
void app_assist_picked(struct app *a, int v);
bool app_assist_dialog(struct app *a);
char *app_assist_body(const struct app *a, char *body);

/* The window numbered no among w[n], or NULL (clerk.c). */
struct m_window *app_find_window(struct m_window *w, size_t n, int no);

/* What a role's check said of act: false when it may be taken now; true
 * when it may not, and then it either waits for the server's answer to the
 * last action (type-ahead, when why is REF_BUSY) or the reason is said on
 * the message line. */
bool app_refused(struct app *a, enum refusal why, enum action act);
/* One key (a code point when is_char, else a curses key code): to the open
 * form or picker first, else through the keymap to an action (input.c). */
void app_key(struct app *a, int key, bool is_char);
/* Run the actions typed ahead while an answer was awaited (input.c). */
void app_run_typeahead(struct app *a);

/* Screens: push one on the stack (not twice the same on top), back to the
 * one before. */
void app_push(struct app *a, enum scr s);
void app_pop(struct app *a);
/* Open the dialog a->dlg of kind with title (a msgid); the caller adds its
 * fields with form_add(). */
void app_dialog(struct app *a, enum dialog_kind kind, const char *title);
/* Say on the message line what went wrong with r, in the user's words
 * where the code is known (errors.c). */
void app_say_error(struct app *a, const struct net_reply *r);
/* Escape s for a URL path or query value: every byte but the unreserved
 * ones as %XX, into out (len bytes, always terminated). */
void app_path_escape(const char *s, char *out, size_t len);
/* Sign out (the request is sent, not waited for) and leave the loop. */
void app_quit(struct app *a);
/* Monotonic milliseconds. */
int64_t app_ms(void);
/* The hall's clock (seconds since the epoch): this machine's, corrected
 * by the skew GET /hall showed. */
int64_t app_now(const struct app *a);
/* Today in the hall: its date by its clock, in its time zone (which the
 * process's TZ follows once GET /hall answered). */
int32_t app_today(const struct app *a);
/* AB岗 (clerk_absence.c): the form of the clerk's own absence, or (the
 * supervisor's) of user's, the user name asked first and filled with it;
 * its confirmation (true when the dialog was that form); the server's
 * answer. */
void clerk_absence_open(struct app *a);
void clerk_absence_open_for(struct app *a, const char *user);
bool clerk_absence_dialog(struct app *a);
void clerk_on_absence(struct app *a, const struct pending *p, const struct net_reply *r);
/* GET /hall's answer (REQ_HALL, signin.c): the hall's settings, its clock
 * and its time zone, which the screens follow from then on. */
void app_on_hall(struct app *a, const struct pending *p, const struct net_reply *r);

/* ---- the applicant's papers (papers.c) ---- */

/* Make the paper of kind from the case in hand as the server last told it,
 * and hand it to the worker (started on first use) to be kept and, when
 * print, printed on the window's printer.  The loop never waits for it. */
void app_paper(struct app *a, enum paper_kind kind, bool print);
/* The worker's finished papers: the last one's path for the screen, and
 * what became of the printing on the message line. */
void app_papers_poll(struct app *a);

/* Write len bytes of data to a new file dir/name, making dir (and its
 * parents) as needed; a file is never overwritten: when dir/name exists,
 * dir/name-2.ext, -3... is made instead.  Returns the path of the file
 * written (malloc'd), or NULL with errno set. */
char *app_write_file(const char *dir, const char *name, const char *data, size_t len);


/* ---- the clerk's pickers and questions (clerk_ask.c) ----
 * Each opens a->picker (or, where there is nothing to choose, a dialog);
 * the choice comes back to clerk.c's picker handler. */
void clerk_open_picker(struct app *a, enum picker_kind kind, const char *title);
/* A question before something that cannot be undone: its answers are
 * added with picker_add, each chosen by its value's digit. */
void clerk_ask(struct app *a, enum picker_kind kind, const char *title);
void clerk_transfer_picker(struct app *a);
void clerk_matter_picker(struct app *a);
void clerk_rating_picker(struct app *a);
/* The hall's pause reasons and "another" (asked again when they come, if
 * the hall has not answered yet). */
void clerk_pause_picker(struct app *a);
/* F10 at an open window, or with an applicant there; false when there is
 * nothing to ask. */
bool clerk_quit(struct app *a);
void clerk_ask_no_show(struct app *a);
void clerk_ask_finish(struct app *a);
void clerk_ask_accept(struct app *a);
void clerk_requeue_picker(struct app *a);
/* Open the clerk's dialog of kind with its fields (clerk.c). */
void clerk_open_dialog(struct app *a, enum dialog_kind kind, const char *title);


/* ---- the supervisor's desk (desk.c) and its forms (desk_forms.c) ---- */
/* The hall's today, and a day as YYYY-MM-DD. */
int32_t desk_today(const struct app *a);
void desk_iso(const struct app *a, int32_t day, char out[DATE_ISO_SIZE]);
/* Read again what the desk's screens show. */
void desk_refresh_audits(struct app *a);
void desk_refresh_day(struct app *a);
void desk_refresh_report(struct app *a);
/* Open a form: the period (or the day), a sample, a call's outcome. */
void desk_open_period(struct app *a);
void desk_open_sample(struct app *a);
void desk_open_outcome(struct app *a);
/* The open form was confirmed: checked, sent and closed, or its error said. */
void desk_dialog_done(struct app *a);

/* ---- 不打烊 sessions and home visits on the supervisor's desk (desk_extra.c) ---- */

/* Read the sessions from today on (REQ_SESSIONS), the home visits of the
 * day the screen shows (REQ_VISITS). */
void desk_refresh_sessions(struct app *a);
void desk_refresh_visits(struct app *a);
/* Read what cases still owe (容缺, REQ_OWED): all, or the overdue only. */
void desk_refresh_owed(struct app *a);
/* The supervisor's actions on these screens (desk_check() passed): true
 * when act was one of them. */
bool desk_extra_action(struct app *a, enum action act);
/* The supervisor answered a question of desk_extra.c's (closing a
 * session: value 1 is yes). */
void desk_extra_picked(struct app *a, enum picker_kind kind, int value);
/* Their forms confirmed: 0 (sent), -1 (the error said on the form), 1
 * (not one of theirs). */
int desk_extra_dialog(struct app *a);
/* Their replies' rows, into the supervisor's table (desk.c). */
void desk_extra_replies(struct app_reply *rows);
/* The reply kind of a journal record's path of theirs, or REQ_NONE. */
enum req_kind desk_extra_kind_of(const char *path);

#endif
