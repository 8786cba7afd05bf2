/* counter.h - the state of a clerk's counter, and the rules of its actions.
 *
 * This is the client's domain state, kept apart from drawing (htop's way):
 * keys become actions, counter_check() says whether an action may be taken
 * now (and if not, why, in words for the clerk), the client sends the
 * request, and the server's answer is folded back in with counter_set_*().
 * Views only read a struct counter.  What every role has (who signed in,
 * the connection, the message line) is the session beside it (session.h).
 * No I/O here. */
#ifndef WICKET_COUNTER_H
#define WICKET_COUNTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wicket/model/action.h"
#include "wicket/model/model.h"
#include "wicket/model/screen.h"
#include "wicket/model/session.h"

/* Why an action cannot be taken now.  The texts are msgids. */
#define REFUSALS(X) \
	X(OK,               "") \
	X(BUSY,             N_("Waiting for the server to answer the last action")) \
	X(WINDOW_NOT_OPEN,  N_("The window is not open: press the pause/resume key to open it")) \
	X(IN_PROGRESS,      N_("Finish, transfer or mark no-show for the current applicant first")) \
	X(NO_TICKET,        N_("No applicant has been called")) \
	X(NOT_CALLED,       N_("Only a called applicant can be recalled, started or marked no-show")) \
	X(NOT_SERVING,      N_("Start serving the applicant first")) \
	X(NO_SELECTION,     N_("Select a waiting ticket in the queue first")) \
	X(NO_MATTER,        N_("Choose the applicant's matter first")) \
	X(NO_CASE,          N_("No case is open")) \
	X(CASE_STATE,       N_("The case is not in a state that allows this")) \
	X(CASE_OPEN,        N_("The case is already recorded")) \
	X(NO_APPLICANT,     N_("Enter the applicant's name, ID number and phone first")) \
	X(RATED,            N_("The applicant has already rated this case")) \
	X(NOT_HERE,         N_("Not available on this screen")) \
	X(OFFLINE,          N_("This needs the server, which cannot be reached: finish the work in hand")) \
	X(NO_WINDOW,        N_("Select a window first")) \
	X(NO_ROW,           N_("Select a line first")) \
	X(NOT_ITEM,         N_("Select an item of the checklist")) \
	X(NOT_FINDING,      N_("Select a finding first")) \
	X(AUDIT_DONE,       N_("This audit is recorded: start a new one from the board")) \
	X(TOO_MANY,         N_("No more findings fit in one audit")) \
	X(CLOSED,           N_("That one is closed already")) \
	X(NO_DRILL,         N_("Select a drill first")) \
	X(NO_SCENARIO,      N_("Select a scenario first")) \
	X(LOADING,          N_("The drill is still being read from the server")) \
	X(FINISHED,         N_("The drill is finished: its score is frozen")) \
	X(SCRIPT_DONE,      N_("Every applicant of the script has arrived")) \
	X(NO_SCORE,         N_("The score is still being read from the server")) \
	X(NO_NO_SHOW,       N_("No applicant has been marked as not present at this window since signing in")) \
	X(AT_HOME,          N_("The applicant is the home visit's, as it was booked")) \
	X(NO_HOME_VISIT,    N_("Select a home visit of today, still to be done")) \
	X(OTHER_HALL,       N_("Another hall is only looked into here: its own staff act there"))

enum refusal {
#define X(id, text) REF_##id,
	REFUSALS(X)
#undef X
};

#define COUNTER_QUEUE_PAGE 200   /* tickets of the queue fetched: more than a screen shows */

struct counter {
	int window_no;
	bool have_window;
	struct m_window window;        /* our window as last heard */
	struct m_ticket *queue;        /* in call order */
	size_t nqueue;                 /* the first COUNTER_QUEUE_PAGE of them at most */
	size_t queue_total;            /* how many wait in all (the server's count) */
	bool pause_after_hall;         /* F7 came before the hall's pause reasons: ask when they come */
	size_t queue_sel;              /* selected row of the queue */
	bool has_ticket;               /* a current ticket at our window */
	/* The last 好差评 news of the window (asked, rated, not in time), shown
	 * while nobody is served; "" before any. */
	char rating_note[256];
	bool rating_note_bad;          /* a 差评 */
	struct m_ticket ticket;
	int recall_limit;              /* recalls after which no-show is offered */
	bool have_guide;               /* the matter chosen for the current ticket */
	struct m_matter guide;
	bool *ticked;                  /* per guide material */
	size_t material_sel;
	bool has_case;                 /* the case recorded for the current ticket */
	struct m_case kase;
	char applicant_name[256];      /* typed by the clerk for the case */
	char applicant_id[64];
	char applicant_phone[64];
	/* 帮办代办, marked by the clerk for the case (counter_set_assist). */
	enum counter_assist { CA_NONE, CA_HELP, CA_PROXY } assist;
	char agent_name[256];
	char agent_id[64];
	char agent_relation[64];
	char agent_phone[64];
	struct m_case *cases;          /* the open cases of the window's services, or a
					* search's, most urgent first */
	size_t ncases;
	size_t cases_sel;
	int64_t cases_total;           /* how many match in all (the list is a page) */
	char find_query[256];          /* the search the list shows; "" = the open cases */
	bool has_opening;              /* a case read to be opened, waiting for its guide */
	struct m_case opening;
	struct m_service *services;    /* for transfer and matter choice */
	size_t nservices;
	struct m_window *windows;      /* the hall's windows, for transfer */
	size_t nwindows;
	int64_t served_today;
	/* The window's day (clerk.c): what a question asked is about. */
	struct counter_no_show {
		int64_t id;
		char number[16];
		int64_t at;                /* when it was marked */
	} no_shows[8];                 /* marked here since signing in, the latest first */
	size_t nno_shows;
	bool transfer_asked;           /* the transfer key: the list waits for the windows' state */
	int transfer_to;               /* a window (> 0), or -1 - the service's index */
	bool transfer_confirm;         /* to a closed window: said so, and confirmed */
	char transfer_label[128];      /* where to, for the message */
	char transfer_number[16];      /* whom: the ticket sent */
	bool finish_after_complete;    /* complete the case, then finish the ticket */
	bool quit_after_close;         /* close the window (下班), then quit */
	int64_t said_ticket;           /* the ticket the message line is about (0: none) */
	char said_number[16];
	/* Replies are ordered by the client's own count of the requests it
	 * has sent (each stamped when it goes): the count when the ticket in
	 * hand was last set by an action (its answer, or done offline).  A
	 * read stamped no later was sent before that, and the server may have
	 * answered it before the action was done (counter_set_window). */
	uint64_t ticket_since;
	/* Today's bookings (预约) for the window's services (bookings.c). */
	struct m_booking *bookings;
	size_t nbookings;
	size_t bookings_sel;
	/* Today's home visits (上门服务) assigned to the clerk, below the
	 * bookings: the selection is on them when home_focus. */
	struct m_home_visit *home_visits;
	size_t nhome_visits;
	size_t home_sel;
	bool home_focus;
	/* The home visit whose case is taken away from the hall (at_home: on
	 * the case screen, with no ticket; the applicant is the visit's), or
	 * is being opened (its guide asked for). */
	struct counter_home {
		int64_t id;
		char number[24];
		char matter[64];
		char name[256];
		char address[512];
	} home;
	bool at_home;
	/* The feed's events our own actions' answers have already shown
	 * (counter_expect_echo): the latest few, by ticket and kind. */
	struct counter_echo {
		int64_t ticket;
		char kind[24];
	} echo[8];
	size_t necho;
};

/* A no-show marked at this window (the latest first; the oldest beyond
 * the room is forgotten). */
void counter_add_no_show(struct counter *c, int64_t id, const char *number, int64_t at);
/* The no-show of that id is back in the queue: off the list. */
void counter_drop_no_show(struct counter *c, int64_t id);
/* Whether the ticket in hand has an immediate case (即办件) still open
 * (accepted or suspended): finishing the visit would leave it open. */
bool counter_open_immediate_case(const struct counter *c);
/* What is wrong with the applicant's details as typed, as a msgid (NULL
 * when nothing is): the name, the ID number (GB 11643: 18 characters, a
 * real date of birth, the check character) and the phone, in that order.
 * id_out gets the ID number's canonical form (uppercase X) when valid;
 * *field the form's field at fault (0 name, 1 ID number, 2 phone). */
const char *counter_applicant_problem(const char *name, const char *id, const char *phone,
				      char id_out[CASE_ID_SIZE], int *field);

/* 代办: what is wrong with the agent's details as typed, as a msgid (NULL
 * when nothing is): the name, the ID number (as the applicant's, and not
 * the applicant's own, applicant_id), the relation, and the phone, which
 * may be empty.  id_out gets the ID number's canonical form; *field the
 * form's field at fault (0 name, 1 ID number, 2 relation, 3 phone). */
const char *counter_agent_problem(const char *name, const char *id, const char *relation, const char *phone,
				  const char *applicant_id, char id_out[CASE_ID_SIZE], int *field);
/* 帮办代办: mark the case in hand as helped (CA_HELP), handled by the agent
 * given (CA_PROXY; the strings checked by counter_agent_problem), or
 * neither (CA_NONE).  For CA_PROXY the guide gets the authorization letter
 * (授权委托书, CASE_MATERIAL_AUTHORIZATION) as a required material, named
 * letter (the caller's words); otherwise it loses it. */
void counter_set_assist(struct counter *c, enum counter_assist mode, const char *name, const char *id,
			const char *relation, const char *phone, const char *letter);
/* The wire name of c->assist: "help", "proxy", or NULL. */
const char *counter_assist_mode(const struct counter *c);

/* Whether a may be taken on screen scr now (s: the session, busy or
 * offline): REF_OK or the reason. */
enum refusal counter_check(const struct counter *c, const struct session *s, enum scr scr,
			   enum action a);
/* The untranslated text of a refusal. */
const char *counter_refusal_text(enum refusal r);
/* True when the called applicant has been recalled recall_limit times, so
 * the screen offers no-show. */
bool counter_offer_no_show(const struct counter *c);

/* Offline, an action the clerk may still take (it changes only what is in
 * hand) is recorded and shown as done at once; this folds it into c the way
 * the server's answer will.  value is the rating for ACT_RATE; text the
 * pause reason for ACT_PAUSE (NULL otherwise). */
void counter_apply_local(struct counter *c, enum action a, int value, const char *text);

/* Fold the server's answers in.  Each takes what it is given over (the
 * source is left empty) and frees what it replaces. */
/* Our window as read by the request stamped sent: its current ticket
 * becomes ours only when the read went after the ticket was last set by an
 * action (sent > ticket_since); an older answer (a read that crossed an
 * action's answer, F5's) keeps the ticket in hand, and the window is shown
 * with it, so that it never undoes a newer state. */
void counter_set_window(struct counter *c, struct m_window *w, uint64_t sent);
void counter_set_queue(struct counter *c, struct m_ticket *q, size_t n);
/* The ticket at our window after a call/recall/start; a ticket that is no
 * longer called or serving (done, no-show, transferred) clears the current
 * one together with its guide and case. */
void counter_set_ticket(struct counter *c, struct m_ticket *t);
void counter_clear_ticket(struct counter *c);
/* An action's answer set the ticket in hand (or cleared it) when the
 * client had stamped now requests: reads stamped up to now no longer
 * overwrite it (see ticket_since). */
void counter_ticket_heard(struct counter *c, uint64_t now);
/* Whether a read stamped sent may predate the ticket in hand's last
 * action (see ticket_since): its answer is then asked for again rather
 * than shown (the queue would show the ticket just called). */
bool counter_read_stale(const struct counter *c, uint64_t sent);
/* Ticket id was called at our window (the call's answer): it leaves the
 * queue shown, and the count.  Returns false when it was not in the page
 * shown (the queue is then to be read again). */
bool counter_drop_queued(struct counter *c, int64_t id);
/* An action's answer has shown what the feed's event kind about ticket
 * will say: remember it (the oldest of eight is forgotten). */
void counter_expect_echo(struct counter *c, int64_t ticket, const char *kind);
/* Whether the event kind about ticket is one remembered so (it is then
 * forgotten): nothing needs to be read again for it. */
bool counter_take_echo(struct counter *c, int64_t ticket, const char *kind);
/* The guide of the chosen matter; every material starts unticked. */
void counter_set_guide(struct counter *c, struct m_matter *m);
void counter_set_case(struct counter *c, struct m_case *k);
void counter_set_cases(struct counter *c, struct m_case *list, size_t n);
/* Replace today's bookings (taken over; n may be 0); the selection stays
 * on the same booking while it is listed. */
void counter_set_bookings(struct counter *c, struct m_booking *list, size_t n);
/* Replace today's home visits of the clerk (taken over; n may be 0); the
 * selection stays on the same visit while it is listed. */
void counter_set_home_visits(struct counter *c, struct m_home_visit *list, size_t n);
/* Move the bookings screen's selection by delta over the bookings, then
 * the home visits below them, as one list. */
void counter_bookings_move(struct counter *c, long delta);
/* The selected home visit is the one to open (c->home): true, or false
 * when none is selected. */
bool counter_choose_home(struct counter *c);
/* The guide m of c->home's matter came (taken over): the case screen is
 * that visit's, with its applicant, nothing ticked, no case yet. */
void counter_open_home(struct counter *c, struct m_matter *m);
void counter_set_services(struct counter *c, struct m_service *s, size_t n);
void counter_set_windows(struct counter *c, struct m_window *w, size_t n);
/* Open the case k on the case screen with its matter's guide m (both taken
 * over), with or without the applicant at the window: what was in hand
 * before (another case, a chosen matter, the applicant typed) goes. */
void counter_open_case(struct counter *c, struct m_matter *m, struct m_case *k);
/* True when the case in hand is worked on with nobody at the window (the
 * back office): no ticket is called or served there. */
bool counter_back_office(const struct counter *c);
/* Keep k (taken over) until its guide comes; counter_take_opening() gives
 * it back (false when none is kept). */
void counter_keep_opening(struct counter *c, struct m_case *k);
bool counter_take_opening(struct counter *c, struct m_case *out);
/* Tick state of the guide's materials. */
void counter_toggle_material(struct counter *c, size_t i);
/* The ids of the ticked materials, into ids[] (room for guide.nmaterials);
 * returns how many. */
size_t counter_ticked_ids(const struct counter *c, int *ids);
/* The required materials not ticked, into ids[]; returns how many. */
size_t counter_missing_ids(const struct counter *c, int *ids);
/* 容缺受理: the materials an accepted case owes that are ticked as brought,
 * into ids[]; returns how many (0 when the case owes nothing). */
size_t counter_brought_ids(const struct counter *c, int *ids);
/* 容缺受理: the most working days within which a missing required material
 * (not ticked) may follow, when every missing one may (the guide's
 * deferrable_days); -1 when one may not, or none is missing. */
int counter_deferrable_days(const struct counter *c);
/* Move a selection by delta within [0, n), clamped. */
size_t counter_move(size_t sel, size_t n, long delta);
/* Release everything c owns; c is zeroed. */
void counter_free(struct counter *c);

#endif
