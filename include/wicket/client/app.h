/* app.h - wicket's client: state, actions, requests, and the one loop.
 *
 * The loop (app_run) waits in net_wait() with the keyboard as the extra
 * file descriptor, so the screen never blocks on the network; keys become
 * actions (keymap), actions change state or start requests, replies fold
 * into the state, and the screen is redrawn once per turn when something
 * changed. */
#ifndef WICKET_APP_H
#define WICKET_APP_H

#include <stdbool.h>
#include <stdint.h>

#include "wicket/model/counter.h"
#include "wicket/model/desk.h"
#include "wicket/ui/keymap.h"
#include "wicket/net/net.h"
#include "wicket/model/trainer.h"
#include "wicket/ui/view.h"

enum dialog_kind {
	DLG_NONE, DLG_PAUSE, DLG_APPLICANT, DLG_SUSPEND, DLG_TRANSFER,
	/* cases outlive the visit (cases.c) */
	DLG_COMPLETE, DLG_FIND,
	/* the supervisor's (desk.c) */
	DLG_FINDING, DLG_FOLLOW_UP, DLG_SAMPLE, DLG_OUTCOME, DLG_PERIOD, DLG_DATE,
	/* the trainer's (trainer.c) */
	DLG_START_DRILL, DLG_COMPETITION,
	/* the evaluator's (evaluator.c): a poor rating's comment */
	DLG_EVAL_COMMENT,
	/* a phone booking taken at the counter (bookings.c) */
	DLG_BOOK,
	/* the supervisor's 不打烊 session and home visit (desk_extra.c) */
	DLG_SESSION, DLG_HOME_VISIT, DLG_ASSIGN,
	/* 代办: the agent's details (assist.c) */
	DLG_AGENT,
	/* AB岗: the clerk's own absence (clerk_absence.c) */
	DLG_ABSENCE,
	DLG_ABSENCE_OF,  /* the supervisor's: a clerk's absence, the user first */
	/* an enquiry (guide.c, 首问负责): what was asked, then where it was sent */
	DLG_ENQUIRY, DLG_ENQUIRY_WINDOW, DLG_ENQUIRY_DEPT,
};
enum picker_kind {
	PICK_NONE, PICK_TRANSFER, PICK_MATTER, PICK_RATING, PICK_RESET, PICK_FINISH,
	/* the window's day (clerk.c): a preset pause reason, and the questions
	 * asked before what cannot be undone */
	PICK_PAUSE, PICK_QUIT, PICK_NO_SHOW, PICK_FINISH_CASE, PICK_ACCEPT, PICK_REQUEUE,
	PICK_CLOSED_WINDOW,
	/* the evaluator's: a poor rating's reason */
	PICK_EVAL_REASON,
	/* signing in: the hall, when the account is in several (signin.c) */
	PICK_HALL,
	/* the supervisor's: closing a 不打烊 session (desk_extra.c) */
	PICK_CLOSE_SESSION,
	/* the clerk's: 帮办 or 代办 (assist.c) */
	PICK_ASSIST,
	/* an enquiry (guide.c): what was done, the ticket's service, how it closed */
	PICK_ENQUIRY_ACTION, PICK_ENQUIRY_SERVICE, PICK_ENQUIRY_CLOSE,
};

struct app_config {
	char *server;             /* base URL */
	char *user;
	char *password;           /* from --password-file or WICKET_PASSWORD */
	int window;
	char *drill;              /* a trainee's drill code (--drill, WICKET_DRILL), or NULL */
	char *hall;               /* the platform's hall to sign in to (--hall, its code), or NULL */
	int recall_limit;         /* offer no-show after this many recalls (default 3) */
	char *paper_dir;          /* where the applicant's papers are kept */
	char *printer;            /* the window's CUPS queue; NULL: the system's default */
	bool print_on_accept;     /* print the acceptance receipt when a case is accepted */
	bool print_on_notice;     /* print the one-time notice when one is recorded */
	bool print_on_completion; /* print the completion notice when a case is completed */
	char *journal_dir;        /* where the journal of actions is kept */
	char *report_dir;         /* where exported reports are written */
	char *session_dir;        /* where a session's token is kept for a restart (resume.c) */
	char *cacert;             /* CA certificates to trust for https, or NULL */
	bool insecure_http;       /* allow the password over plain http to another machine */
	bool evaluator;           /* --evaluator: only an evaluator account may sign in */
	int ready_fd;             /* -1 = none */
	/* The hall's call screen (wicket --display; display.c, speech.h). */
	bool display;             /* --display: the call screen, its voice started */
	char *zone;               /* the zone it shows; NULL: the whole hall */
	bool voice;               /* say the calls (speak, default yes) */
	char *voice_name;         /* espeak-ng's voice (default cmn) */
	int voice_repeat;         /* each call said this often */
	int voice_volume;         /* 0..200 */
	char *voice_wav_dir;      /* write WAV files here instead of speaking */
	char *voice_device;       /* the sound device; NULL: the default */
	struct keymap *km;        /* owned */
};

/* A coalesced refresh: at most one request of a kind in flight, and one
 * more after it when something changed meanwhile. */
struct app_poll {
	bool busy, stale;
};
#define APP_MAX_POLLS 64

struct app_role;
struct speech;

struct app {
	struct app_config *cfg;
	struct session s;         /* what every role has: who, the connection, the message */
	struct counter c;         /* the clerk's counter (src/client/clerk.c) */
	struct desk d;            /* a supervisor's screens (src/client/desk.c) */
	const struct app_role *role;  /* what the signed-in role sees (app_int.h) */
	struct net *net;
	enum scr stack[8];
	int depth;
	struct form signin;
	bool signing_in;
	struct form dlg;
	/* The phone booking last sent (bookings.c): given back with the
	 * server's reason when it is refused, so nothing is typed again. */
	struct form book_draft;
	bool have_book_draft;
	enum dialog_kind dlg_kind;
	struct picker picker;
	enum picker_kind picking;
	bool dirty;
	bool quit;
	bool hung_up;             /* the terminal went away: quit, the session kept */
	uint64_t redraws;
	int64_t last_drawn_second;
	int64_t last_tick;        /* the second the role's timer last ran */
	/* The event feed. */
	int64_t events_last;
	bool events_known;
	uint64_t events_req;
	int64_t events_retry_at;  /* ms, monotonic */
	int backoff_ms;
	/* Coalesced refreshes: at most one of each kind in flight. */
	struct app_poll polls[APP_MAX_POLLS];
	int64_t action_started;   /* ms, for the "server slow" state */
	int64_t draw_held_until;  /* ms: the frame that would only show an action
				   * on its way waits for its answer until then */
	char *notice_path;        /* the last paper kept (its PDF) */
	struct papers *papers;    /* the worker that writes and prints papers (papers.h) */
	int help_scroll;
	struct pending *pending;  /* requests in flight (app.c) */
	uint64_t requests_sent;   /* requests sent so far: each is stamped with it */
	enum action typeahead[4]; /* actions pressed while busy, in order */
	int ntypeahead;
	/* The journal: every action on disk before it is sent (journal.h). */
	struct journal *journal;
	uint64_t replay_seq;      /* the record on its way to the server; 0 none */
	uint64_t deferred_upto;   /* records up to this one were kept for later */
	/* A trainer's screens (src/client/trainer.c). */
	struct trainer tr;
	int64_t tr_poll_at;       /* ms: the next read of the drill for its clock */
	bool feed_restarted;      /* the drill's feed was read again from its start */
	bool feed_read;           /* and answered since */
	bool drill_over;          /* a trainee's drill was finished: nothing more is sent */
	bool hall_refused;        /* GET /hall failed (an older server): no reasons to wait for */
	char *resume_token;       /* the stored session token being tried (resume.c) */
	/* The sign-in on its way (signin.c): kept until answered, so that a
	 * 409 choose_hall can be sent again naming the hall picked (the
	 * password is wiped then). */
	struct { char *server, *user, *password, *drill; int window; } login_try;
	char *login_hall;         /* the hall picked (its id), or NULL: cfg->hall */
	char last_trainees[FORM_FIELD_BYTES];   /* the start form's last values */
	char last_competition[FORM_FIELD_BYTES];
	/* The hall's call screen (src/client/display.c) and its speaker. */
	struct callscreen cs;
	struct speech *speech;
	/* An evaluator's window (src/client/evaluator.c). */
	struct evaluator ev;
	/* The enquiries owned (首问负责; src/client/guide.c): the guide desk's
	 * screen, and what a clerk records at the counter. */
	struct guide gd;
	bool gd_wants_services;   /* a ticket chosen for the draft before the hall's
				   * services were read: their picker opens when they come */
};

/* Set up the client on cfg (kept, not owned) without touching the terminal. */
void app_init(struct app *a, struct app_config *cfg);
/* Run the loop on the terminal until the clerk quits or the terminal hangs
 * up.  Returns the exit status: 0, or 1 when the network failed or the
 * terminal went away (then without signing out: the session is kept). */
int app_run(struct app *a);
/* Release everything the app owns. */
void app_free(struct app *a);

/* The hall's call screen (display.c): start its speaker when cfg asks
 * for the call screen with a voice.  Call it after app_init and before
 * the terminal or any thread starts (the speaker is a process of its own). */
void display_prepare(struct app *a);
/* Stop the speaker, if any (app_free does). */
void display_stop(struct app *a);

/* Dispatch an action as if its key had been pressed (tests, and the loop). */
void app_action(struct app *a, enum action act);
/* The current screen. */
enum scr app_screen(const struct app *a);

/* Configuration (config.c): the file's settings and key bindings into cfg (the
 * defaults, the environment and the command line are options.c's: app_options_settle).
 * Returns 0, or -1 with "FILE:LINE: message" in err. */
int app_config_load(struct app_config *cfg, const char *path, char *err, size_t errlen);
void app_config_free(struct app_config *cfg);
/* Whether s can be a drill's code, as a trainer reads it out: 1 to 16
 * letters and digits (the server compares it in any case). */
bool app_drill_code_ok(const char *s);
/* The default config path: $XDG_CONFIG_HOME/wicket/config or ~/.config/... (malloc'd). */
char *app_config_default_path(void);
/* Why the password must not be sent to server (config.c): a translated
 * sentence for the sign-in form when server is not an http(s) address, or is
 * plain http to another machine and insecure_http is false; NULL when it may
 * be sent (https, plain http to loopback, or insecure_http).  The string is
 * gettext's, not to be freed. */
const char *app_password_refusal(const char *server, bool insecure_http);

/* Demo mode (demo.c): start a private wicketd --demo on a free loopback
 * port with a temporary database.  Returns its URL (malloc'd) or NULL with
 * a message in err.  demo_stop() stops it and removes its files. */
char *demo_start(const char *argv0, const char *wicketd_path, char *err, size_t errlen);
void demo_stop(void);


#endif
