/* model.h - the client's view of the hall, as plain C structs.
 *
 * The net layer decodes wicketd's JSON into these at the edge (api_hall.c,
 * by the tables of wire.h), so no cJSON tree reaches the core, the views
 * or the loop.  Every string here is owned by its struct, is valid UTF-8
 * and has already been passed through utf8_sanitize(): nothing from the
 * network reaches the terminal unfiltered.  m_free(&m_NAME_desc, &x) (wire.h) releases what the struct
 * owns (not the struct itself) by its table; a zeroed struct is a valid
 * empty one. */
#ifndef WICKET_MODEL_H
#define WICKET_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wicket/core/case.h"
#include "wicket/core/queue.h"
#include "wicket/core/ticket.h"
#include "wicket/core/window.h"

/* The wire's enums are core's, which the server uses too (queue.h,
 * ticket.h, window.h, case.h): the client's names for their values, and
 * one more for a name this client does not know (a newer server's). */
enum m_priority {
	PRIO_NONE = QUEUE_PRIORITY_NONE, PRIO_ELDERLY = QUEUE_PRIORITY_ELDERLY,
	PRIO_DISABLED = QUEUE_PRIORITY_DISABLED, PRIO_PREGNANT = QUEUE_PRIORITY_PREGNANT,
	PRIO_MILITARY = QUEUE_PRIORITY_MILITARY,
};
enum m_ticket_status {
	TS_WAITING = TICKET_WAITING, TS_CALLED = TICKET_CALLED, TS_SERVING = TICKET_SERVING,
	TS_DONE = TICKET_DONE, TS_NO_SHOW = TICKET_NO_SHOW, TS_TRANSFERRED = TICKET_TRANSFERRED,
	TS_EXPIRED = TICKET_EXPIRED,
	TS_UNKNOWN = TICKET_STATUS_COUNT,
};
enum m_window_status {
	WS_CLOSED = WINDOW_CLOSED, WS_OPEN = WINDOW_OPEN, WS_PAUSED = WINDOW_PAUSED,
	WS_UNKNOWN = WINDOW_STATUS_COUNT,
};
enum m_case_status {
	CS_NOTIFIED = CASE_NOTIFIED, CS_ACCEPTED = CASE_ACCEPTED, CS_SUSPENDED = CASE_SUSPENDED,
	CS_COMPLETED = CASE_COMPLETED, CS_UNKNOWN = CASE_NSTATUS,
};
enum m_material_form { MF_ORIGINAL, MF_COPY, MF_ORIGINAL_AND_COPY };
enum m_matter_kind { MK_IMMEDIATE, MK_PROMISED };

/* Times are seconds since the epoch (0 = none); dates are date_t-compatible
 * day numbers (days since 1970-01-01) with -1 = none. */
/* Where one page of a paged list stands (docs/api.md, "Paged lists"): the
 * rows of the whole list and the place of the page's first row.  More come
 * after the page when offset + its length < total. */
struct m_page {
	int64_t total;
	int64_t offset;
};

/* A booking (预约) of today, as the counter's list shows it (GET
 * /bookings): the applicant masked as the server sent it. */
struct m_booking {
	int64_t id;
	char *number;              /* "Y261124-003" */
	char *service;
	int64_t at;                /* the slot's start */
	char *status;              /* booked, checked_in, cancelled, no_show */
	bool late;                 /* checked in after the grace */
	char *channel;             /* app, phone, counter */
	char *applicant_name;
	char *applicant_id;        /* masked */
	char *applicant_phone;     /* masked */
	int64_t ticket;            /* the ticket of its check-in; 0 = none */
};

/* A home visit (上门服务) assigned to the clerk (GET /home-visits). */
struct m_home_visit {
	int64_t id;
	char *number;              /* "H261124-001" */
	char *matter;
	char *group;               /* elderly, disabled, ill, orphan, wubao */
	int64_t at;
	char *status;              /* booked, done, cancelled */
	char *applicant_name;
	char *address;             /* NULL where the server leaves it out */
	char *clerk;               /* the clerk assigned (the supervisor's list shows it) */
};

/* An enquiry (首问负责, GET /enquiries): what an applicant asked the staff
 * member who owns it, and what became of it. */
struct m_enquiry {
	int64_t id;
	char *owner;
	char *asked;
	char *matter;              /* NULL when none was named */
	char *applicant_name, *applicant_phone;   /* NULL when not given */
	char *action;              /* answered, ticket, transferred, open */
	int64_t ticket_id;         /* the ticket issued with it; 0 for none */
	char *ticket_number;       /* its number; NULL for none */
	char *ticket_status;       /* waiting, called, serving, ... */
	int64_t ticket_window;     /* the window that called it; 0 none yet */
	int64_t to_window;         /* a transfer's window, 0 none */
	char *to_dept;             /* a transfer's department, NULL none */
	char *case_number;         /* the case that closed it, NULL none */
	int64_t created_at, closed_at;
	char *closed_how;          /* answered, case; NULL while open */
};

/* A 不打烊 session (GET /extra-sessions): weekend or evening hours opened
 * by the supervisor for named windows. */
struct m_extra_session {
	int64_t id;
	int32_t date;
	char *hours;               /* "09:00-12:00": what was opened */
	int64_t starts_at, ends_at;
	int *windows;
	size_t nwindows;
	char *status;              /* planned, open, ended */
	char *opened_by;
	char *opened_by_name;      /* the person (NULL: not told); the account above */
};

struct m_ticket {
	int64_t id;
	char *number;              /* what the applicant sees, e.g. "A023" */
	enum m_ticket_status status;
	char *service;             /* code */
	char *service_name;
	char *matter;              /* code or NULL */
	enum m_priority priority;
	bool appointment;
	int window;                /* 0 = none */
	int recalls;
	int requeues;              /* put back in the queue after a no-show */
	int64_t transferred_from;  /* 0 = none */
	int64_t issued_at, called_at, started_at, finished_at;
	int64_t wait_seconds;
};

struct m_window {
	int no;
	char *name;
	char *zone_name;
	enum m_window_status status;
	char *pause_reason;        /* NULL unless paused */
	int64_t status_since;
	char *clerk;               /* user or NULL */
	char *clerk_name;
	bool has_attended;         /* the server said whether anybody is there */
	bool attended;             /* a clerk's session at the window is alive */
	char **services;           /* codes */
	size_t nservices;
	bool has_current;
	struct m_ticket current;
	int waiting;
	int64_t longest_wait;
	int served_today;
};

struct m_material {
	int id;
	char *name;
	enum m_material_form form;
	int copies;
	bool required;
	char *note;
	int deferrable_days;       /* 容缺: may follow within so many working days; -1 = may not */
};

/* 容缺受理: a material an accepted case still owes, and by when. */
struct m_owed {
	int id;
	char *name;
	int32_t due;               /* -1 = not told */
	bool provisional;
	bool overdue;
};

/* 容缺受理, for the supervisor (GET /cases/deferred): one material an
 * accepted case still owes, the case's number and matter with it. */
struct m_deferred {
	int64_t case_id;
	char *number;
	char *status;
	char *matter;
	char *matter_name;
	int window;                /* 0 = not known */
	int material;
	char *name;                /* the material's */
	int32_t due;               /* -1 = not told */
	bool provisional;
	bool overdue;
};

struct m_matter {
	char *code;
	char *name;
	char *service;
	char *department;
	enum m_matter_kind kind;
	int working_days;
	char *legal_basis;         /* empty in list entries */
	char *fee;
	char **steps;
	size_t nsteps;
	struct m_material *materials;
	size_t nmaterials;
};

struct m_service {
	char *code;
	char *prefix;
	char *name;
	struct m_matter *matters;  /* code, name, kind, working_days only */
	size_t nmatters;
};

/* A step of a case's history (GET /cases/{id}): who did what, where. */
struct m_case_step {
	char *at;                  /* when, as the server wrote it: the hall's time
				    * ("2026-11-23T13:18:32+08:00"), "" when not given */
	char *action;              /* "accepted", "materials", ...: shown plainly when unknown */
	char *by_user;             /* who did it: NULL when unknown */
	char *by_name;
	int window;                /* 0 = none (the kiosk) */
	char *ticket_number;       /* the visit's ticket; NULL in the back office */
	/* A due_changed step's detail (a reload of the calendar): the due
	 * date from and to (-1 = none), the calendar's year, and whether the
	 * new date is still provisional. */
	int32_t due_from, due_to;
	int due_year;
	bool due_provisional;
};

struct m_case {
	int64_t id;
	char *number;
	enum m_case_status status;
	int64_t ticket;
	char *matter;
	char *matter_name;
	enum m_matter_kind kind;
	int working_days;
	int window;
	char *applicant_name;
	char *applicant_id;        /* as the server sent it (masked unless ours) */
	char *applicant_phone;
	int *received;             /* material ids received (the receipt lists them) */
	size_t nreceived;
	int *missing;              /* material ids */
	size_t nmissing;
	struct m_material *missing_materials;
	size_t nmissing_materials;
	struct m_owed *owed;       /* 容缺: what it was accepted without, still owed */
	size_t nowed;
	int32_t accepted_on, due, completed_on;   /* -1 = none */
	bool provisional;
	int provisional_year;      /* why provisional: that year's notice is missing; 0 = none */
	bool has_days_left;
	int working_days_left;
	bool has_on_time;
	bool on_time;
	int working_days_used;     /* -1 = none */
	int rating;                /* 0 = none */
	char *service;             /* the matter's service: its clerks handle the case */
	char *result;              /* what it was completed with (办结结果), or NULL */
	char *home_visit;          /* 上门服务: the home visit's number it was taken on, or NULL */
	/* 帮办代办: "help", "proxy" or NULL (not assisted); who recorded it;
	 * a proxy case's agent (代办人), the ID number and phone as the
	 * server sent them (masked unless ours), NULL when not told. */
	char *assist;
	char *assist_by;
	char *agent_name, *agent_id, *agent_phone, *agent_relation;
	struct m_case_step *steps; /* its history, oldest first: only in a reply about it alone */
	size_t nsteps;
};

/* AB岗: a B clerk's session covering the post of its A, who is away. */
struct m_cover {
	int window;
	char *a;                   /* A's user and name */
	char *a_name;
	char *reason;              /* leave, meeting, training, other */
	int64_t from, to;          /* A's absence */
	char *note;                /* the handover note (交接), "" when none */
	int64_t since;             /* the cover's start */
};

struct m_session {
	char *token;
	char *user;
	char *name;
	char *role;
	int windows[16];
	int nwindows;
	char *drill;               /* a trainee's drill session: the drill's code; NULL in the hall */
	int64_t hall;              /* the platform's hall it belongs to (1 on a single hall; 0 = not told) */
	bool has_covering;         /* a B covering A's post (AB岗) */
	struct m_cover covering;
	bool absence_ended;        /* AB岗: A back at his post, his absence ended by this sign-in */
};

/* The hall's settings a client needs, and its time (GET /hall). */
struct m_hall {
	char *name;
	/* What the applicant's papers carry, as the admin set them ("" when not). */
	char *address;
	char *phone;               /* for enquiries (咨询电话) */
	char *hours;               /* opening hours, as printed */
	char *supervision_phone;   /* the complaints line (投诉电话), 12345 by default */
	char *tz;                  /* IANA name, e.g. "Asia/Shanghai" */
	int32_t today;             /* the hall's date; -1 = not told */
	int64_t now;               /* the server's clock */
	char *now_text;            /* the same, as sent: its offset is the hall's */
	char **pause_reasons;      /* the preset reasons, in the hall's order */
	size_t npause_reasons;
	int requeue_behind;        /* a no-show put back goes behind this many */
	int requeue_max;           /* how often one ticket may be put back */
};

/* A batch of events from the feed. */
struct m_event {
	int64_t seq;
	int64_t at;                /* 0 = not given */
	char *kind;                /* e.g. "ticket.called" */
	int window;                /* 0 = none */
	int64_t ticket, case_id;   /* 0 = none */
	/* From its data, for a trainer watching a drill's feed; absent: NULL / 0. */
	char *number;              /* the ticket's or the case's */
	char *user;                /* clerk.signed_in / signed_out */
	char *status;              /* window.status: the new status */
	char *to_service;          /* ticket.transferred */
	int to_window;
	int target_window;         /* a drill's ticket.issued: the trainee's window */
	char *from, *to;           /* case.due_changed: the due dates (ISO); window.status too */
	int year;                  /* case.due_changed: the calendar's year */
	bool due_provisional;      /* case.due_changed: the new date still is provisional */
	int level;                 /* case.rated, rating.recorded */
	char *channel;             /* rating.recorded, rating.expired: how it was rated */
	char *reason;              /* rating.recorded: a poor rating's reason */
};

/* An action recorded while the server could not be reached, which the
 * server refused when it was replayed: both versions, for the clerk. */
struct m_conflict {
	uint64_t seq;              /* its journal record */
	int64_t at;                /* when the clerk took it */
	char *action;              /* the action's name, e.g. "complete" */
	char *label;               /* ticket / case it was about */
	char *ours;                /* what the action asked for */
	char *theirs;              /* the record as the server has it; NULL until read */
	char *message;             /* the server's refusal */
	long status;
};

/* What one of the clerk's own requests asked for (a journal record's body,
 * read back to show the clerk); absent members stay 0 / NULL. */
struct m_request {
	int level;                 /* a rating */
	char *reason;              /* a pause or suspension */
	int *received;             /* materials ticked */
	size_t nreceived;
	int window;                /* a transfer */
	char *service;
	int64_t ticket;            /* a call of a chosen ticket, a new case */
	char *matter;
	char *note;                /* a supervisor's follow-up of a finding */
	int rating;                /* a follow-up call's outcome */
};

/* Deep copies; the copy is the caller's. */
void m_ticket_copy(struct m_ticket *dst, const struct m_ticket *src);
void m_matter_copy(struct m_matter *dst, const struct m_matter *src);

/* Names as the server spells them, and back (unknown -> the *_UNKNOWN or
 * PRIO_NONE value). */
const char *m_priority_name(enum m_priority p);
enum m_priority m_priority_parse(const char *s);
enum m_ticket_status m_ticket_status_parse(const char *s);
const char *m_ticket_status_name(enum m_ticket_status s);
enum m_window_status m_window_status_parse(const char *s);
enum m_case_status m_case_status_parse(const char *s);
/* Unknown form -> MF_ORIGINAL; unknown kind -> MK_IMMEDIATE (neither enum
 * has an unknown value: the first is the least surprising default). */
enum m_material_form m_material_form_parse(const char *s);
enum m_matter_kind m_matter_kind_parse(const char *s);

#endif
