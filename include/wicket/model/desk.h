/* desk.h - the state of a supervisor's (值班长) screens, and their rules.
 *
 * The supervisor's counterpart of counter.h: the hall board, one window's
 * day, the walk-in audit being recorded with its checklist and findings,
 * the audits of a period, the findings to rectify, the follow-up calls and
 * the report.  The client folds the server's answers in with desk_set_*()
 * (each takes over what it is given, leaving the source empty, and frees
 * what it replaces); desk_check() says whether an action may be taken now;
 * views only read a struct desk.  No I/O here. */
#ifndef WICKET_DESK_H
#define WICKET_DESK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wicket/model/counter.h"
#include "wicket/model/model_sup.h"

#define DESK_MAX_FINDINGS 20        /* the server's limit per audit */
#define DESK_MAX_RECTIFY_DAYS 60
#define DESK_TEXT_BYTES 640         /* a finding: 200 characters of Chinese */
#define DESK_LONG_WAIT 1800         /* seconds: a wait shown in red */

enum desk_by { DESK_BY_WINDOW, DESK_BY_CLERK, DESK_BY_MATTER, DESK_BY_HALL, DESK_BY_COUNT };

/* A finding typed in, not yet sent. */
struct desk_finding {
	char text[DESK_TEXT_BYTES];
	int days;                       /* working days to rectify */
};

struct desk {
	/* The hall board. */
	bool have_board;
	struct m_board board;
	int64_t board_at;               /* the client's clock when it came */
	int board_sel;                  /* the selected window's number; 0 none */
	/* One window's day. */
	int day_window;
	int32_t day_date;               /* the day asked for; -1 today */
	bool have_day;
	struct m_day day;
	size_t day_sel;                 /* selected timeline entry */
	int64_t day_at;                 /* the timeline's page asked for (offset) */
	/* The walk-in audit being recorded. */
	int audit_window;               /* 0: none started */
	bool audit_ok[M_AUDIT_NITEMS];  /* true: complied */
	struct desk_finding findings[DESK_MAX_FINDINGS];
	size_t nfindings;
	size_t audit_sel;               /* checklist items first, then findings */
	bool audit_sent;                /* on its way (or kept in the journal) */
	bool audit_done;                /* recorded: the server's version below */
	struct m_audit audit;
	/* The audits of a period. */
	struct m_audit *audits;
	size_t naudits;
	size_t audits_sel;
	struct m_page audits_page;      /* where the page shown stands */
	int64_t audits_at;              /* the page asked for (offset) */
	int audits_window;              /* 0: every window */
	int32_t audits_from, audits_to; /* -1: the server's default */
	/* The findings to rectify. */
	struct m_finding *rect;
	size_t nrect;
	size_t rect_sel;
	struct m_page rect_page;
	int64_t rect_at;
	bool rect_all;                  /* the closed ones too */
	/* Follow-up calls. */
	struct m_callback *callbacks;
	size_t ncallbacks;
	size_t callbacks_sel;
	struct m_page callbacks_page;
	int64_t callbacks_at;
	bool have_sample;
	struct m_sample sample;         /* the last one drawn */
	/* The report. */
	bool have_report;
	struct m_report report;
	int32_t report_from, report_to; /* -1: today */
	int32_t asked_today;     /* the hall's today when a dated screen was last asked for */
	enum desk_by report_by;
	size_t report_sel;
	/* 不打烊 sessions, from today on. */
	struct m_extra_session *sessions;
	size_t nsessions;
	size_t sessions_sel;
	/* 容缺受理: what accepted cases still owe (all, or the overdue only). */
	struct m_deferred *owed;
	size_t nowed;
	size_t owed_sel;
	bool owed_overdue_only;
	bool have_owed;
	/* The home visits (上门服务) of a day. */
	struct m_home_visit *visits;
	size_t nvisits;
	size_t visits_sel;
	int32_t visits_date;            /* -1: today */
	/* The halls at and under the supervisor's (GET /halls: the county's
	 * board of halls), offered only when there is more than one. */
	struct m_platform_hall *halls;
	size_t nhalls;
	size_t halls_sel;
	bool have_halls;
	int64_t halls_at;               /* the client's clock when they came */
	/* The hall whose board is looked into (its reads name it: ?hall=);
	 * 0: one's own.  look_name: the name of the hall opened from the
	 * halls, shown in the board's title (NULL: none opened). */
	int64_t look_hall;
	char *look_name;
};

/* An empty desk: nothing loaded, every period the server's default. */
void desk_init(struct desk *d);
/* Release everything d owns; d is left as desk_init() leaves it. */
void desk_free(struct desk *d);

/* Whether a may be taken on screen scr now (s: the session, busy or not):
 * REF_OK or the reason.  Moving and leaving are always allowed. */
enum refusal desk_check(const struct desk *d, const struct session *s, enum scr scr, enum action a);

/* ---- the board ---- */
/* Take the board over; now is the client's clock, from which the
 * durations shown go on counting.  The selection stays on the same window
 * when it is still there, else goes to the first. */
void desk_set_board(struct desk *d, struct m_board *b, int64_t now);
/* How many windows the board has, the i-th of them in board order (zones,
 * then numbers), and the one numbered no; NULL when there is none. */
size_t desk_board_count(const struct desk *d);
const struct m_board_window *desk_board_at(const struct desk *d, size_t i);
const struct m_board_window *desk_board_window(const struct desk *d, int no);
/* The index of the selected window in board order (0 when none). */
size_t desk_board_index(const struct desk *d);
/* Move the selection by delta windows, clamped. */
void desk_board_move(struct desk *d, long delta);
/* A duration of the board (seconds when it was made) as it is at now, in
 * whole minutes of the hall's clock (a multiple of 60 seconds: from 09:03:50
 * to 09:04:05 is a minute), so that all of them turn with the clock. */
int64_t desk_elapsed(const struct desk *d, int64_t seconds, int64_t now);
/* Whether a duration the board shows (a window's time in its state, its
 * ticket's, a service's longest wait) reads otherwise at now than at then,
 * in the board's whole minutes (desk_elapsed: they all turn with the
 * clock's minute; the red of a long wait, DESK_LONG_WAIT, too).  The board
 * is drawn again only then: idle, it writes nothing between the clock's
 * minutes. */
bool desk_board_changed(const struct desk *d, int64_t then, int64_t now);

/* ---- a window's day ---- */
void desk_set_day(struct desk *d, struct m_day *day);

/* ---- the audit ---- */
/* Start an audit of window no: every item complied, no findings. */
void desk_audit_start(struct desk *d, int no);
/* Rows of the audit form: the checklist items, then the findings. */
size_t desk_audit_rows(const struct desk *d);
/* Flip the selected checklist item. */
void desk_audit_toggle(struct desk *d);
/* Add a finding (text is cut to fit).  Returns 0, or -1 when the audit
 * has DESK_MAX_FINDINGS already or days is outside 0..60. */
int desk_audit_add_finding(struct desk *d, const char *text, int days);
/* Remove the selected finding (nothing when a checklist item is selected). */
void desk_audit_drop_finding(struct desk *d);
/* The form is sent (sent true) or, refused, may be sent again (false). */
void desk_audit_sent(struct desk *d, bool sent);
/* The audit as the server recorded it: the form is done. */
void desk_set_audit(struct desk *d, struct m_audit *a);

/* ---- lists ---- */
/* Each list is a page of its whole (page: where it stands; NULL when the
 * list is whole, e.g. when it is emptied). */
void desk_set_audits(struct desk *d, struct m_audit *list, size_t n, const struct m_page *page);
/* The rectifications (findings with their audit); the selection is kept
 * on the same finding when it is still listed. */
void desk_set_rectifications(struct desk *d, struct m_finding *list, size_t n, const struct m_page *page);
/* The calls to make; the selection is kept on the same call when it is
 * still listed. */
void desk_set_callbacks(struct desk *d, struct m_callback *list, size_t n, const struct m_page *page);
void desk_set_sample(struct desk *d, const struct m_sample *s);
void desk_set_report(struct desk *d, struct m_report *r);

/* The 不打烊 sessions and a day's home visits (taken over); the selection
 * stays on the same one while it is listed. */
void desk_set_sessions(struct desk *d, struct m_extra_session *list, size_t n);
void desk_set_visits(struct desk *d, struct m_home_visit *list, size_t n);
/* The materials cases still owe (容缺): takes list over (NULL, 0 empties);
 * the selection stays on the same case and material where it still is. */
void desk_set_owed(struct desk *d, struct m_deferred *list, size_t n);

/* The halls of the platform the supervisor sees (taken over); the
 * selection stays on the same hall while it is listed. */
void desk_set_halls(struct desk *d, struct m_platform_hall *list, size_t n, int64_t now);
/* Look into hall id (named name; copied) from the halls, or back into
 * one's own (own: the session's hall, then looked into as 0).  What was
 * read of the hall left (its board, its day) is dropped. */
void desk_look_into(struct desk *d, int64_t id, int64_t own, const char *name);
/* Back to one's own hall: nothing opened from the halls. */
void desk_look_home(struct desk *d);

/* "window", "clerk", "matter" or "hall": how the server spells by. */
const char *desk_by_name(enum desk_by by);
/* The report's next grouping: window, clerk, matter, and per hall too
 * when the supervisor's own hall has halls under it (not while looking
 * into one of them). */
void desk_next_by(struct desk *d);

#endif
