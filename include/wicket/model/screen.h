/* screen.h - the client's screens, in one list: the enum of them (here)
 * and the table of the views that draw them (ui's view_screens[], each
 * screen's view being view_NAME) are both made from SCREENS(), so that a
 * screen is added in one place.  The clerk's, the supervisor's (desk.h),
 * the trainer's (trainer.h), and the one for a role with no screens here;
 * the client keeps a stack of them. */
#ifndef WICKET_SCREEN_H
#define WICKET_SCREEN_H

/* X(ID, NAME): SCR_ID, drawn by view_NAME. */
#define SCREENS(X) \
	X(SIGNIN, signin) X(COUNTER, counter) X(CASE, case) X(CASES, cases) X(HELP, help) \
	X(CONFLICTS, conflicts) \
	X(BOARD, board) X(DAY, day) X(AUDIT, audit) X(AUDITS, audits) X(RECTIFY, rectify) \
	X(CALLBACKS, callbacks) X(REPORT, report) \
	X(DRILLS, drills) X(SCENARIOS, scenarios) X(CONSOLE, console) X(SCORE, score) \
	X(LEADERBOARD, leaderboard) \
	X(CALLS, calls) \
	X(EVALUATOR, evaluator) \
	X(BOOKINGS, bookings) \
	X(SESSIONS, sessions) X(VISITS, visits) X(OWED, owed) \
	X(HALLS, halls) \
	X(GUIDE, guide) \
	X(NO_SCREENS, no_screens)

enum scr {
#define X(id, name) SCR_##id,
	SCREENS(X)
#undef X
	SCR_COUNT
};

#endif
