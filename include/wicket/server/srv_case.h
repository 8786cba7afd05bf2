/* srv_case.h - what wicketd's case handlers (h_cases.c) share with the
 * case object they reply with (case_json.c).  Internal to the server. */
#ifndef WICKET_SRV_CASE_H
#define WICKET_SRV_CASE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "wicket/core/calendar.h"
#include "wicket/core/case.h"
#include "wicket/server/srv.h"

/* What the handlers need of a stored case to decide and act (case_load). */
struct kase {
	int64_t id;
	char number[16];
	enum case_status status;
	int window;              /* the window that took it */
	int64_t ticket;          /* the ticket it was taken on; 0 when none */
	char matter[32];
	char service[16];        /* the matter's service: who may handle the case */
	int working_days;
	date_t accepted_on;      /* meaningful once accepted */
	date_t due;
	bool rated;
	char *received;          /* JSON array text, owned */
};

/* Load the case named by route param 0 into k.  Returns 0, or -1 after a
 * 404 not_found.  On success the caller frees k with case_kase_free(). */
int case_load(struct req *r, struct kase *k);
/* Load case id into k, as case_load does.  Returns 0, or -1 after a 404. */
int case_load_id(struct req *r, int64_t id, struct kase *k);
/* Reply status with case id read afresh, as GET /cases/{id} would answer
 * the caller now (its rights checked: 403 for a clerk who may no longer
 * handle it; the applicant's data shown as the caller may see it now).
 * For a replayed request: the idempotency store keeps no case. */
void case_reply_again(struct req *r, int status, int64_t id);
/* Read and check the body's "applicant" {name, id_number, phone}: name
 * points into r's body, the ID number and phone are normalised into the
 * caller's buffers.  None of them reaches a message (messages may be
 * logged).  Returns 0, or -1 after a 400 (h_cases.c). */
int case_req_applicant(struct req *r, const char **name, char id_number[CASE_ID_SIZE],
		       char phone[CASE_PHONE_SIZE]);
/* Create a case handled away from the hall (上门服务): of matter, for the
 * applicant given, with the body's "received" materials, by the caller,
 * at no window and on no ticket, under the same checklist and deadline
 * rules as at the counter.  Returns its id (the caller replies), or 0
 * after an error reply (h_cases.c). */
int64_t case_create_away(struct req *r, const char *matter, const char *name, const char *id_number,
			 const char *phone);
/* Free what k owns (not k). */
void case_kase_free(struct kase *k);

/* ---- who may handle a case, and where a step is done (case_steps.c) ---- */

/* True when the caller is a clerk who may handle a case of service taken
 * at window: signed in to a window that serves service, or to window
 * itself.  Sets no reply. */
bool case_in_scope(const struct req *r, const char *service, int window);
/* case_in_scope(), else a 403 forbidden and false. */
bool case_may_handle(struct req *r, const char *service, int window);

/* Where and on which visit a step is done. */
struct case_at {
	int window;              /* the window it is done at; 0 = none (the kiosk) */
	int64_t ticket;          /* the ticket of the visit; 0 = none (back office) */
};

/* Ticket id must be called or being served at a window the caller is
 * signed in to; its window goes to *window.  Returns 0, or -1 after a 404
 * unknown_ticket, a 409 ticket_not_at_window (with current) or a 403. */
int case_ticket_at_window(struct req *r, int64_t id, int *window);
/* Where the caller does a step on k, from the body's optional "ticket"
 * and "window" (docs/api.md, "Where a step is done"): the ticket's window
 * when a ticket is given, else the window given, else the caller's first
 * window that serves k's service, else k's own window.  The caller must be
 * in scope (case_may_handle) already.  Returns 0, or -1 after an error
 * reply. */
int case_read_at(struct req *r, const struct kase *k, struct case_at *at);

/* Record step action ("notified", "accepted", "materials", "suspended",
 * "resumed", "completed", "rated", "visit") of k by the caller at at, with
 * detail (an object, taken over; NULL for none), and add its event
 * "case.<action>" whose data is detail plus number and window (k's).  In
 * the caller's transaction. */
void case_step(struct req *r, const struct kase *k, const char *action, const struct case_at *at,
	       cJSON *detail);
/* When at names a ticket not yet linked to k, link it: a "visit" step and
 * its case.visit event. */
void case_link_visit(struct req *r, const struct kase *k, const struct case_at *at);
/* Add "steps" and "visits" of case id to c (docs/api.md, the case object). */
void case_add_history(struct srv *s, cJSON *c, int64_t id);

/* Working days left of a case of status, accepted on accepted, due on due
 * with a limit of working_days (docs/api.md: working_days_left).  Returns
 * true with *left set, or false when it has none (not counting). */
bool case_days_left(struct srv *s, int64_t id, enum case_status status, date_t accepted, date_t due,
		    int working_days, int *left);

/* The suspensions of case id as calendar spans (an open one has open set),
 * in the order they were made, in *out: malloc'd, the caller frees it
 * (NULL when there is none).  Returns how many. */
size_t case_spans(struct srv *s, int64_t id, struct cal_span **out);
/* 容缺受理: add "overdue" (bool) to each {due, ...} object of arr, true
 * when its due date is before today. */
void case_owed_mark_overdue(cJSON *arr);

/* Case id as the API shows it (docs/api.md, the case object) to the caller
 * of r, in a reply about it alone when single, else in a list: the
 * applicant as mask_case_view() allows, the missing materials, the
 * suspensions and the working days left.  NULL when there is no such case.
 * The caller owns the object. */
cJSON *case_json(struct req *r, int64_t id, bool single);

/* 帮办代办 (case_assist.c): how a new case is assisted, read from the
 * body's "assist".  mode is NULL (not assisted), "help" (帮办) or "proxy"
 * (代办, with its agent); the strings point into the request's body. */
struct case_assist {
	const char *mode;
	const char *agent_name;
	char agent_id[CASE_ID_SIZE];
	char agent_phone[CASE_PHONE_SIZE];  /* "" when not given */
	const char *agent_relation;
};
/* Read and check the body's optional "assist" {mode, agent} into *as for
 * a case of the applicant whose ID number is applicant_id.  None of the
 * agent's data reaches a message.  Returns 0, or -1 after a 400 (wrong
 * types, an unknown mode) or a 422 (agent_required, invalid_agent_id_number,
 * invalid_agent_phone, agent_is_applicant). */
int case_req_assist(struct req *r, struct case_assist *as, const char *applicant_id);
/* Store *as on case id, assisted by the caller (no-op when as->mode is NULL). */
void case_store_assist(struct req *r, int64_t id, const struct case_assist *as);
/* True when case id is handled for its applicant by an agent (代办). */
bool case_is_proxy(struct srv *s, int64_t id);
/* Add the authorization letter's entry {id, name, form, copies, required,
 * note, deferrable_days} to arr, the materials of a case, when ids_json
 * (a JSON array text of material ids, NULL for all) names it. */
void case_add_authorization(cJSON *arr, const char *ids_json);

#endif
