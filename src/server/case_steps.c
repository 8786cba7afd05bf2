/* case_steps.c - a case belongs to the hall's service, not to the window
 * that took it: who may handle it (any clerk signed in to a window of its
 * service), where each step is done (a window, and the visit's ticket when
 * the applicant is there), and the history of who did what (case_steps),
 * written in the transaction of the change it records (srv_case.h). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wicket/server/srv_case.h"

/* ---- who may handle a case ---------------------------------------------- */

/* True when window no of the hall serves service. */
static bool case_window_serves(struct srv *s, int no, const char *service)
{
	return db_int(s, "SELECT 1 FROM window_services WHERE window = ? AND service = ?", 0,
		      "is", no, service) != 0;
}

/* The caller's first window (in sign-in order) that serves service, or 0. */
static int case_serving_window(const struct req *r, const char *service)
{
	if (r->auth.role != ROLE_CLERK)
		return 0;
	for (int i = 0; i < r->auth.nwindows; i++)
		if (case_window_serves(r->srv, r->auth.windows[i], service))
			return r->auth.windows[i];
	return 0;
}

bool case_in_scope(const struct req *r, const char *service, int window)
{
	return req_at_window(r, window) || case_serving_window(r, service) > 0;
}

bool case_may_handle(struct req *r, const char *service, int window)
{
	if (case_in_scope(r, service, window))
		return true;
	srv_error(r, 403, "forbidden", "you are signed in to no window of service %s", service);
	return false;
}

/* ---- where a step is done ------------------------------------------------- */

int case_ticket_at_window(struct req *r, int64_t id, int *window)
{
	db_q *st = db_prep(r->srv, "SELECT status, window FROM tickets WHERE id = ?", "I", id);
	char status[16] = "";
	bool found = db_step(st) == DB_ROW;
	if (found) {
		snprintf(status, sizeof status, "%s", db_col_text(st, 0));
		*window = db_col_int(st, 1);
	}
	db_reset(st);
	if (!found) {
		srv_error(r, 404, "unknown_ticket", "no such ticket: %lld", (long long)id);
		return -1;
	}
	if (strcmp(status, "called") != 0 && strcmp(status, "serving") != 0) {
		cJSON *extra = cJSON_CreateObject();
		cJSON_AddStringToObject(extra, "current", status);
		srv_error_x(r, 409, "ticket_not_at_window", extra,
			    "ticket %lld is %s, not called or being served at a window", (long long)id, status);
		return -1;
	}
	return req_may_act_on_window(r, *window) ? 0 : -1;
}

int case_read_at(struct req *r, const struct kase *k, struct case_at *at)
{
	int64_t ticket = 0, window = 0;
	int has_window;
	*at = (struct case_at){ 0 };
	if (req_int(r, "ticket", false, 1, INT32_MAX, &ticket) < 0 ||
	    (has_window = req_int(r, "window", false, 1, 9999, &window)) < 0)
		return -1;
	if (ticket) {
		if (case_ticket_at_window(r, ticket, &at->window))
			return -1;
		if (has_window == 0 && window != at->window) {
			srv_error(r, 400, "invalid_field", "the field 'window' must be the ticket's window, %d",
				  at->window);
			return -1;
		}
		at->ticket = ticket;
		return 0;
	}
	if (has_window == 0) {
		/* A window of the caller's that may handle the case. */
		if (!req_may_act_on_window(r, (int)window))
			return -1;
		if (window != k->window && !case_window_serves(r->srv, (int)window, k->service)) {
			srv_error(r, 403, "forbidden", "window %d does not serve %s", (int)window, k->service);
			return -1;
		}
		at->window = (int)window;
		return 0;
	}
	at->window = case_serving_window(r, k->service);
	if (!at->window)
		at->window = k->window;
	return 0;
}

/* ---- recording ------------------------------------------------------------ */

void case_step(struct req *r, const struct kase *k, const char *action, const struct case_at *at,
	       cJSON *detail)
{
	char kind[32];
	char *text = detail ? cJSON_PrintUnformatted(detail) : NULL;
	db_run(r->srv, "INSERT INTO case_steps(case_id, at, action, user, window, ticket, detail) "
	       "VALUES(?, ?, ?, nullif(?, ''), nullif(?, 0), nullif(?, 0), ?)", "IIssiIs",
	       k->id, clk_now(), action, r->auth.user, at->window, at->ticket, text);
	free(text);
	/* The event: where the step was done; its data names the case's own
	 * window, as it always has. */
	cJSON *data = detail ? detail : cJSON_CreateObject();
	cJSON_AddStringToObject(data, "number", k->number);
	cJSON_AddNumberToObject(data, "window", k->window);
	snprintf(kind, sizeof kind, "case.%s", action);
	ev_add(r, kind, at->window ? at->window : k->window, at->ticket ? at->ticket : k->ticket, k->id,
	       data);
}

void case_link_visit(struct req *r, const struct kase *k, const struct case_at *at)
{
	if (!at->ticket || db_int(r->srv, "SELECT 1 FROM case_steps WHERE case_id = ? AND ticket = ?", 0,
				  "II", k->id, at->ticket))
		return;
	char *number = db_text(r->srv, "SELECT number FROM tickets WHERE id = ?", "I", at->ticket);
	cJSON *detail = cJSON_CreateObject();
	cJSON_AddStringToObject(detail, "ticket_number", number ? number : "");
	free(number);
	case_step(r, k, "visit", at, detail);
}

/* ---- the history in the case object ------------------------------------ */

/* {user, name} of the user in column col (name in col + 1), or null. */
static void case_add_by(cJSON *o, db_q *st, int col)
{
	if (db_col_null(st, col)) {
		cJSON_AddNullToObject(o, "by");
		return;
	}
	cJSON *by = cJSON_AddObjectToObject(o, "by");
	cJSON_AddStringToObject(by, "user", db_col_text(st, col));
	/* A user since removed keeps its user name. */
	cJSON_AddStringToObject(by, "name", db_col_null(st, col + 1) ?
				db_col_text(st, col) : db_col_text(st, col + 1));
}

/* The members of a step and of a visit read straight from their columns;
 * "by" comes after the first ones of each. */
static const struct srv_col case_step_head[] = { { "at", 't' }, { "action", 's' } };
static const struct srv_col case_step_tail[] = {
	{ "window", 'i' }, { "ticket", 'i' }, { "ticket_number", 's' },
};
static const struct srv_col case_visit_head[] = {
	{ "ticket", 'i' }, { "ticket_number", 's' }, { "window", 'i' }, { "at", 't' },
};
#define CASE_NCOLS(cols) (sizeof cols / sizeof cols[0])

/* The step's detail (column col): the object stored, or null. */
static void case_add_detail(cJSON *o, db_q *st, int col)
{
	cJSON *detail = cJSON_Parse(db_col_text(st, col));
	if (!cJSON_IsObject(detail)) {
		cJSON_Delete(detail);
		detail = cJSON_CreateNull();
	}
	cJSON_AddItemToObject(o, "detail", detail);
}

static void case_add_steps(struct srv *s, cJSON *c, int64_t id)
{
	cJSON *arr = cJSON_AddArrayToObject(c, "steps");
	db_q *st = db_prep(s, "SELECT cs.at, cs.action, cs.user, u.name, cs.window, cs.ticket, "
				   "t.number, cs.detail FROM case_steps cs LEFT JOIN users u ON u.user = cs.user "
				   "LEFT JOIN tickets t ON t.id = cs.ticket WHERE cs.case_id = ? "
				   "ORDER BY cs.at, cs.id", "I", id);
	while (db_step(st) == DB_ROW) {
		cJSON *o = cJSON_CreateObject();
		srv_json_cols(o, st, 0, case_step_head, CASE_NCOLS(case_step_head));
		case_add_by(o, st, 2);
		srv_json_cols(o, st, 4, case_step_tail, CASE_NCOLS(case_step_tail));
		case_add_detail(o, st, 7);
		cJSON_AddItemToArray(arr, o);
	}
	db_reset(st);
}

/* The visits: every ticket a step of the case was done on, in the order
 * of their first step, with that step's time, window and clerk. */
static void case_add_visits(struct srv *s, cJSON *c, int64_t id)
{
	cJSON *arr = cJSON_AddArrayToObject(c, "visits");
	db_q *st = db_prep(s, "SELECT cs.ticket, t.number, cs.window, cs.at, cs.user, u.name "
				   "FROM case_steps cs LEFT JOIN users u ON u.user = cs.user "
				   "LEFT JOIN tickets t ON t.id = cs.ticket "
				   "WHERE cs.case_id = ?1 AND cs.ticket IS NOT NULL AND cs.id = "
				   "(SELECT f.id FROM case_steps f WHERE f.case_id = ?1 AND f.ticket = cs.ticket "
				   " ORDER BY f.at, f.id LIMIT 1) ORDER BY cs.at, cs.id", "I", id);
	while (db_step(st) == DB_ROW) {
		cJSON *o = cJSON_CreateObject();
		srv_json_cols(o, st, 0, case_visit_head, CASE_NCOLS(case_visit_head));
		case_add_by(o, st, 4);
		cJSON_AddItemToArray(arr, o);
	}
	db_reset(st);
}

void case_add_history(struct srv *s, cJSON *c, int64_t id)
{
	case_add_steps(s, c, id);
	case_add_visits(s, c, id);
}

/* ---- POST /cases/{id}/visits ---------------------------------------------- */

void h_case_visit(struct req *r)
{
	struct kase k;
	struct case_at at;
	int64_t ticket;
	if (case_load(r, &k))
		return;
	if (!case_may_handle(r, k.service, k.window) || req_int(r, "ticket", true, 1, INT32_MAX, &ticket) < 0 ||
	    case_read_at(r, &k, &at)) {
		case_kase_free(&k);
		return;
	}
	case_link_visit(r, &k, &at);
	enq_case_taken(r, ticket, k.id);     /* 首问负责: the enquiry that sent them is done */
	srv_reply(r, 200, case_json(r, k.id, true));
	case_kase_free(&k);
}
