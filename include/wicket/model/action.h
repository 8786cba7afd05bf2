/* action.h - everything a clerk, a supervisor or a trainer can do, as one table.
 *
 * ACTIONS(X) yields the enum, the names used in the key-binding file and
 * the help text at once (tig's way), so the help view, the key parser and
 * the on-screen key hints can never disagree.  Help texts are msgids,
 * translated where they are shown. */
#ifndef WICKET_ACTION_H
#define WICKET_ACTION_H

#include <stddef.h>

#include "wicket/common/i18n.h"

#define ACTIONS(X) \
	X(HELP,         "help",         N_("Show the keys and what they do")) \
	X(CALL_NEXT,    "call-next",    N_("Call the next applicant")) \
	X(CALL_CHOSEN,  "call-chosen",  N_("Call the ticket selected in the queue")) \
	X(RECALL,       "recall",       N_("Call the current applicant again")) \
	X(NO_SHOW,      "no-show",      N_("Mark the called applicant as not present")) \
	X(START,        "start",        N_("Start serving the called applicant")) \
	X(TRANSFER,     "transfer",     N_("Transfer the applicant to another window or service")) \
	X(PAUSE,        "pause",        N_("Pause the window with a reason, or resume it")) \
	X(FINISH,       "finish",       N_("Finish serving the applicant")) \
	X(REQUEUE,      "requeue",      N_("Put a no-show back in the queue: the applicant has come back")) \
	X(CASE,         "case",         N_("Open the case screen: materials and the guide")) \
	X(MY_CASES,     "my-cases",     N_("The open cases of the window's services, most urgent first")) \
	X(FIND_CASE,    "find-case",    N_("Find a case: number, ID or phone digits, or name")) \
	X(OPEN_CASE,    "open-case",    N_("Open the selected case, with or without an applicant")) \
	X(UP,           "up",           N_("Move up")) \
	X(DOWN,         "down",         N_("Move down")) \
	X(PAGE_UP,      "page-up",      N_("Move a page up")) \
	X(PAGE_DOWN,    "page-down",    N_("Move a page down")) \
	X(TOGGLE,       "toggle",       N_("Tick or untick the selected material")) \
	X(ACCEPT,       "accept",       N_("Accept the case, or issue the one-time notice")) \
	X(SUSPEND,      "suspend",      N_("Suspend the case, or resume it")) \
	X(COMPLETE,     "complete",     N_("Complete the case")) \
	X(RATE,         "rate",         N_("Key in the applicant's paper rating form (1-5)")) \
	X(PRINT,        "print",        N_("Print the case's paper again (notice, receipt or completion)")) \
	X(APPLICANT,    "applicant",    N_("Enter the applicant's name, ID number and phone")) \
	X(ASSIST,       "assist",       N_("Mark 帮办 (helped through) or 代办 (an agent acts for them)")) \
	X(REFRESH,      "refresh",      N_("Reload everything from the server")) \
	X(CONFLICTS,    "conflicts",    N_("Refused actions: yours and the server's version")) \
	X(ACKNOWLEDGE,  "acknowledge",  N_("Take note of the selected refused action (it stays in the log)")) \
	X(BOARD,        "board",        N_("The hall board: every window, the waiting, the cases due")) \
	X(DAY,          "day",          N_("The selected window's day: timeline, cases, ratings")) \
	X(PREV_DAY,     "prev-day",     N_("The day before")) \
	X(NEXT_DAY,     "next-day",     N_("The day after")) \
	X(AUDIT,        "audit",        N_("Record a walk-in audit of the selected window")) \
	X(TICK,         "tick",         N_("Mark the selected checklist item complied, or not")) \
	X(ADD_FINDING,  "add-finding",  N_("Add a finding and the working days to rectify it")) \
	X(DROP_FINDING, "drop-finding", N_("Remove the selected finding")) \
	X(SUBMIT,       "submit",       N_("Record the audit")) \
	X(AUDITS,       "audits",       N_("The audits of a period, of one window or all")) \
	X(RECTIFICATIONS, "rectifications", N_("Findings to rectify, the earliest due first")) \
	X(FOLLOW_UP,    "follow-up",    N_("Record a follow-up of the selected finding, or close it")) \
	X(SHOW_ALL,     "show-all",     N_("Show the closed ones too, or the open ones only")) \
	X(CALLBACKS,    "callbacks",    N_("Follow-up calls to applicants: samples and poor ratings")) \
	X(DRAW_SAMPLE,  "draw-sample",  N_("Draw a random sample of completed cases to call back")) \
	X(OUTCOME,      "outcome",      N_("Record the outcome of the selected call")) \
	X(REPORT,       "report",       N_("The report of a period per window, clerk or matter")) \
	X(PERIOD,       "period",       N_("Choose the period (or the day) shown")) \
	X(BY,           "by",           N_("Report per window, per clerk or per matter")) \
	X(EXPORT,       "export",       N_("Save the report as a CSV file for a spreadsheet")) \
	X(BACK,         "back",         N_("Back to the previous screen")) \
	X(QUIT,         "quit",         N_("Sign out and quit")) \
	X(NEW_DRILL,    "new-drill",    N_("Start a new drill: choose the scenario, then the trainees")) \
	X(OPEN_DRILL,   "open-drill",   N_("Open the selected drill in the console")) \
	X(START_DRILL,  "start-drill",  N_("Start a drill of the selected scenario")) \
	X(RELEASE,      "release",      N_("Let the script's next applicant arrive now")) \
	X(RUN_CLOCK,    "run-clock",    N_("Run or stop the script's clock (applicants arrive on their own)")) \
	X(RESET_DRILL,  "reset-drill",  N_("Start the drill again from an empty sandbox")) \
	X(FINISH_DRILL, "finish-drill", N_("Finish the drill: its score is taken and frozen")) \
	X(SCORE,        "score",        N_("The drill's score, per trainee and per applicant")) \
	X(LEADERBOARD,  "leaderboard",  N_("The leaderboard of a competition")) \
	X(NEXT_TRAINEE, "next-trainee", N_("The next trainee's score")) \
	X(PREV_TRAINEE, "prev-trainee", N_("The previous trainee's score")) \
	X(VOICE,        "voice",        N_("Turn the hall's voice off, or on again")) \
	X(SAY_AGAIN,    "say-again",    N_("Say the latest call again")) \
	X(RATE_1,       "rate-1",       N_("The applicant's rating: very dissatisfied")) \
	X(RATE_2,       "rate-2",       N_("The applicant's rating: dissatisfied")) \
	X(RATE_3,       "rate-3",       N_("The applicant's rating: basically satisfied")) \
	X(RATE_4,       "rate-4",       N_("The applicant's rating: satisfied")) \
	X(RATE_5,       "rate-5",       N_("The applicant's rating: very satisfied")) \
	X(EXPORT_RATINGS, "export-ratings", N_("Save the period's ratings for the national 好差评 platform (JSON lines and CSV)")) \
	X(BOOKINGS,     "bookings",     N_("Today's bookings for the window's services")) \
	X(CHECK_IN,     "check-in",     N_("Check the selected booking in: the applicant gets a ticket")) \
	X(BOOK,         "book",         N_("Take a phone booking: the service, the time, the applicant")) \
	X(HOME_CASE,    "home-case",    N_("Take the case of the selected home visit, away from the hall")) \
	X(SESSIONS,     "sessions",     N_("Weekend and evening sessions (不打烊): open and close them")) \
	X(OPEN_SESSION, "open-session", N_("Open a weekend or evening session for named windows")) \
	X(CLOSE_SESSION, "close-session", N_("Close the selected session: it ends now, or is called off")) \
	X(HOME_VISITS,  "home-visits",  N_("Home visits (上门服务) of a day: book one, assign a clerk")) \
	X(BOOK_VISIT,   "book-visit",   N_("Book a home visit: the matter, the applicant, where, when, which clerk")) \
	X(ASSIGN,       "assign",       N_("Send another clerk on the selected home visit")) \
	X(OWED,         "owed",         N_("Materials cases were accepted without (容缺) and still owe: the earliest due first")) \
	X(HALLS,        "halls",        N_("The halls under yours: waiting, windows, overdue cases (only with several)")) \
	X(OPEN_HALL,    "open-hall",    N_("Open the selected hall's board (looking only: its staff act there)")) \
	X(ABSENCE,      "absence",      N_("Record your absence (leave, meeting, training) and a handover note for your B clerk")) \
	X(ENQUIRY,      "enquiry",      N_("Record an enquiry you were asked first: what, who, and what you did")) \
	X(CLOSE_ENQUIRY, "close-enquiry", N_("Close the selected enquiry: answered, or its case taken up")) \
	X(ALL_ENQUIRIES, "all-enquiries", N_("Show the closed enquiries too, or the open ones only")) \
	X(MY_ENQUIRIES, "my-enquiries", N_("Your enquiries asked first (首问负责): yours until you close them"))

enum action {
#define X(id, name, help) ACT_##id,
	ACTIONS(X)
#undef X
	ACT_COUNT,
	ACT_NONE = -1
};

/* The binding-file name of a, e.g. "call-next"; static storage. */
const char *action_name(enum action a);
/* The untranslated help text of a; static storage. */
const char *action_help(enum action a);
/* The action named s, or ACT_NONE. */
enum action action_parse(const char *s);

#endif
