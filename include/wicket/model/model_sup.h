/* model_sup.h - what a supervisor (值班长) reads from wicketd, as plain C
 * structs: the hall board, one window's day, walk-in audits and their
 * findings, follow-up calls, and the report (docs/api.md, "Supervisors").
 *
 * The same rules as model.h: the net layer decodes the JSON into these at
 * the edge (api_sup.c, by wire.h); every string is owned by its struct, valid UTF-8 and
 * sanitised; m_free(&m_NAME_desc, &x) (wire.h) releases what the struct
 * owns (not the struct) and zeroes it; a zeroed struct is a valid empty one.  Times are seconds
 * since the epoch (0 = none), dates day numbers (-1 = none). */
#ifndef WICKET_MODEL_SUP_H
#define WICKET_MODEL_SUP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wicket/common/i18n.h"
#include "wicket/model/model.h"

/* ---- the hall board (GET /board) ---- */

/* The ticket called or being served at a window. */
struct m_board_ticket {
	int64_t id;
	char *number;
	enum m_ticket_status status;   /* TS_CALLED or TS_SERVING */
	int64_t since;
	int64_t seconds;               /* since `since`, when the board was made */
};

/* AB岗: the B clerk covering a window's A now. */
struct m_board_cover {
	char *user, *name;             /* B */
	char *a, *a_name;              /* A */
	int64_t since;
};

struct m_board_window {
	int no;
	char *name;
	char *zone;
	char *zone_name;
	enum m_window_status status;
	char *pause_reason;            /* NULL unless paused */
	int64_t status_since;
	int64_t status_seconds;        /* in this status, when the board was made */
	char *clerk;                   /* NULL when closed */
	char *clerk_name;              /* NULL when closed */
	bool has_attended;             /* the server said whether anybody is there */
	bool attended;                 /* a clerk's session at the window is alive */
	bool has_current;
	struct m_board_ticket current;
	int served_today;
	bool has_covering;             /* AB岗: a B covers the window's A */
	struct m_board_cover covering;
	bool unattended;               /* its A is away and nobody is in (无人在岗) */
};

struct m_board_zone {
	char *code;
	char *name;
	struct m_board_window *windows;
	size_t nwindows;
};

struct m_board_service {
	char *code;
	char *name;
	int waiting;
	int open_windows;              /* open windows serving it; -1 when not told */
	int64_t longest_wait;          /* seconds; 0 when nobody waits */
	char *oldest;                  /* the longest-waiting ticket's number, or NULL */
};

/* An open promised case due today or earlier. */
struct m_due_case {
	int64_t id;
	char *number;
	char *matter;
	char *matter_name;
	int window;
	char *clerk;
	int32_t due;
	int working_days_overdue;      /* 0 = due today */
	bool provisional;              /* due counted over a year whose notice is missing */
};

/* Today's appointments (预约) in one hour of the day, against what the
 * slots starting in it take (the board's bookings). */
struct m_board_hour {
	int hour;                      /* 0..23, hall time */
	int capacity, booked, checked_in, no_show;
};

/* A due date a reload of the calendar changed (the board's calendar). */
struct m_due_change {
	int64_t case_id;
	char *number;
	int window;
	int32_t from, to;              /* -1 = none */
	int year;                      /* the calendar's year that moved it */
	bool provisional;              /* the new date still is */
};

struct m_board {
	int64_t now;                   /* the server's clock when it was made */
	int32_t today;
	struct m_board_zone *zones;
	size_t nzones;
	struct m_board_service *services;
	size_t nservices;
	struct m_due_case *due_cases;
	size_t ndue_cases;
	int calendar_missing_year;     /* from 1 November: next year's notice is missing; 0 = not */
	struct m_due_change *due_changes; /* the calendar's latest changes, the latest first */
	size_t ndue_changes;
	struct m_board_hour *booking_hours; /* the hours with slots or bookings, in order */
	size_t nbooking_hours;
};

/* ---- the halls of a platform (GET /api/v1/halls; a 409 choose_hall) ---- */

/* A hall at or under the supervisor's, with its figures read now; a
 * sign-in's choice has only its id and name. */
struct m_platform_hall {
	int64_t id;
	char *code;
	char *name;
	char *level;                   /* "city", "county", "township" or "village" */
	int waiting;
	int windows, open_windows;
	int overdue_cases;
	int served_today;
};

/* ---- a window's day (GET /windows/{no}/day) ---- */

/* One entry of the window's log.  The members of its `data` that the
 * client shows are picked out by name where they have the expected type;
 * the others stay 0 / NULL (the kinds differ in what they carry). */
struct m_day_entry {
	int64_t seq;
	int64_t at;
	char *kind;                    /* e.g. "ticket.called", "window.paused" */
	int64_t ticket;
	int64_t case_id;
	char *user;                    /* who did it, or NULL */
	char *user_name;               /* their name, or NULL (an older server, an account gone) */
	char *number;                  /* data.number: a ticket's or a case's */
	char *reason;                  /* data.reason: a pause, a transfer */
	int to_window;                 /* data.to_window */
	char *to_service;              /* data.to_service */
	int recalls;                   /* data.recalls */
	int level;                     /* data.level / data.rating: a rating */
	int failed;                    /* data.failed: an audit's failed items */
	int findings;                  /* data.findings: an audit's findings */
	bool closed;                   /* data.closed: a follow-up closed its finding */
};

struct m_day_case {
	int64_t id;
	char *number;
	char *matter;
	char *matter_name;
	enum m_matter_kind kind;
	enum m_case_status status;
	int32_t notified_on, accepted_on, due, completed_on;
	bool has_on_time;
	bool on_time;
	bool provisional;              /* due relies on a year the calendar does not cover */
	char *clerk;
};

struct m_day_rating {
	int64_t case_id;
	char *number;
	int level;
	char *comment;
	int64_t at;
};

struct m_day {
	int window;
	char *name;
	int32_t date;
	struct m_day_entry *timeline;  /* one page of the day's log */
	size_t ntimeline;
	struct m_page timeline_page;   /* timeline_total and offset */
	struct m_day_case *cases;
	size_t ncases;
	int *counts;                   /* ratings per level 1..5 (ncounts is 5) */
	size_t ncounts;
	int rated;
	struct m_day_rating *ratings;
	size_t nratings;
};

/* ---- walk-in audits (现场检查) ---- */

/* The checklist, in the order it is shown: the key the server uses and
 * what the supervisor reads (a msgid). */
#define M_AUDIT_ITEMS(X) \
	X(AT_POST,         "at_post",         N_("At the post")) \
	X(BADGE_UNIFORM,   "badge_uniform",   N_("Badge worn, uniform proper")) \
	X(GREETING,        "greeting",        N_("Standard greeting")) \
	X(FAREWELL,        "farewell",        N_("Standard farewell")) \
	X(GUIDE_DISPLAYED, "guide_displayed", N_("The matters' guides on display")) \
	X(NO_COLD,         "no_cold",         N_("Not cold to applicants")) \
	X(NO_RUDE,         "no_rude",         N_("Not blunt or rude")) \
	X(NO_STALLING,     "no_stalling",     N_("No stalling, no passing the buck")) \
	X(NO_PUSHING_AWAY, "no_pushing_away", N_("No pushing applicants away"))

enum m_audit_item {
#define X(id, key, label) AUDIT_##id,
	M_AUDIT_ITEMS(X)
#undef X
	M_AUDIT_NITEMS
};

/* The server's key of item i ("at_post"), and its msgid; "" out of range. */
const char *m_audit_item_key(int i);
const char *m_audit_item_label(int i);

struct m_follow_up {
	int64_t at;
	char *user;
	char *note;
	bool closed;
};

/* A finding of an audit; in the rectifications list also which audit. */
struct m_finding {
	int n;
	char *text;
	int rectify_days;
	int32_t due;
	bool provisional;
	bool open;                     /* status "open" (else closed) */
	bool overdue;
	bool has_days_left;
	int working_days_left;         /* negative when overdue */
	int32_t closed_on;
	struct m_follow_up *follow_ups;
	size_t nfollow_ups;
	int64_t audit;                 /* rectifications list only */
	int window;
	int32_t audit_day;
};

struct m_audit {
	int64_t id;
	int window;
	char *window_name;
	int32_t day;
	int64_t at;
	char *supervisor;
	char *supervisor_name;
	char *clerk;                   /* NULL when the window was closed */
	char *clerk_name;
	bool checklist[M_AUDIT_NITEMS];/* true: complied */
	int failed;
	int nfindings_total;           /* the count (a list entry) or nfindings */
	struct m_finding *findings;    /* the full audit only */
	size_t nfindings;
	int open_findings;
	int overdue_findings;
};

/* ---- follow-up calls (回访) ---- */

enum m_callback_kind { CBK_SAMPLE, CBK_BAD_RATING, CBK_UNKNOWN };

struct m_outcome {
	bool reached;
	int attitude, competence, rating;   /* 0 when not reached */
	char *remarks;
	int64_t at;
	char *user;
};

struct m_callback {
	int64_t id;                    /* 0 in a dry run */
	enum m_callback_kind kind;
	bool open;                     /* status "open" (else done) */
	int64_t sample;
	char *source;                  /* "counter" / "callback", or NULL */
	int source_level;
	int64_t parent, next;
	int64_t created_at;
	int32_t due;                   /* -1 for a sample call */
	bool provisional;
	bool overdue;
	bool has_outcome;
	struct m_outcome outcome;
	int64_t case_id;               /* 0: a visit that made no case (see ticket) */
	char *case_number;
	int64_t ticket;                /* a visit without a case: its ticket */
	char *ticket_number;
	int window;
	char *clerk;
	char *matter;
	char *matter_name;
	int32_t completed_on;
	int case_rating;               /* 0 when none */
	char *applicant_name;
	char *applicant_id;            /* masked by the server */
	char *applicant_phone;         /* in full: the supervisor dials it */
};

/* The summary of a drawn sample. */
struct m_sample {
	int64_t id;
	int32_t from, to;
	int64_t seed;
	int exclude_days;
	int population;
	int drawn;
};

/* ---- the report (GET /reports) ---- */

/* One row of figures.  Counts are whole numbers; -1 stands for null (the
 * averages and percentiles with nothing to average, paused time per
 * matter); percentages are in tenths (833 = 83.3 %), -1 for null. */
struct m_report_row {
	char *key;                     /* NULL for the row without a key */
	char *name;
	int64_t tickets_called, tickets_served, no_shows, transferred;
	int64_t wait_avg, wait_p90, handle_avg, handle_p90;
	int64_t paused_seconds;
	int64_t promised_completed, promised_on_time, on_time_pct;
	int64_t overdue_open;
	int64_t accepted, accepted_first_visit, one_visit_pct;
	int *ratings;                  /* per level 1..5 */
	size_t nratings;
	int64_t rated;
	int64_t satisfied_pct;
	int64_t extended_services, extended_minutes; /* 延时: started after closing */
	int64_t assisted_help, assisted_proxy;       /* 帮办, 代办: of the cases accepted */
};

/* The report's 好差评 figures: the services finished in the period, how
 * many were rated, by channel, and the share rated (tenths, -1 none). */
struct m_rating_channels {
	int64_t evaluator, paper, callback, system_default;
	int64_t services, services_rated, rated_pct;
};

/* AB岗: the time a B clerk covered a post in the report's period. */
struct m_report_cover {
	int window;
	char *a_name;                  /* A */
	char *name;                    /* B */
	int64_t seconds;
};

/* 首问负责 in the report: one staff member's enquiries of the period. */
struct m_report_enquiries {
	char *user, *name;
	int64_t recorded, closed, closed_same_day;
};

struct m_report {
	int32_t from, to;
	char *by;                      /* "window", "clerk" or "matter" */
	int64_t generated_at;
	struct m_report_row *rows;
	size_t nrows;
	struct m_report_row total;
	bool has_channels;             /* an older server sends none */
	struct m_rating_channels channels;
	struct m_report_cover *covers; /* AB岗: cover time per post and B */
	size_t ncovers;
	struct m_report_enquiries *enquiries;  /* per staff member; none from an older server */
	size_t nenquiries;
};


enum m_callback_kind m_callback_kind_parse(const char *s);

#endif
