#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "wicket/core/queue.h"
#include "wicket/server/srv.h"
#include "wicket/server/srv_booking.h"
#include "wicket/server/srv_ticket.h"
#include "wicket/core/ticket.h"
#include "wicket/common/utf8.h"
#include "wicket/common/xalloc.h"

/* Queue tickets: issuing them, reading them, and what a clerk does with a
 * called one (recall, no-show, start, transfer, finish).  Calling is in
 * h_windows.c, through tk_transition() like every other step. */

/* ---- shared helpers (srv_ticket.h) ---- */

void tk_copy(char *dst, size_t size, db_q *st, int col)
{
	snprintf(dst, size, "%s", db_col_text(st, col));
}

int tk_load(struct srv *s, int64_t id, struct tk_row *t)
{
	/* transferred_to is looked up only for a transferred ticket, and only
	 * among later ids: the follow-up is always inserted after it. */
	db_q *st = db_prep(s,
		"SELECT t.id, t.number, t.status, t.service, sv.name, t.matter, t.priority, "
		"t.appointment_at, t.window, t.target_window, t.recalls, t.transferred_from, "
		"CASE WHEN t.status = 'transferred' THEN (SELECT min(n.id) FROM tickets n "
		"  WHERE n.id > t.id AND n.transferred_from = t.id) END, "
		"t.clerk, t.queue_at, t.issued_at, t.called_at, t.started_at, t.finished_at, "
		"t.day, t.requeues, t.transfer_reason, t.expired_at, cv.id, cv.number, t.extended "
		"FROM tickets t JOIN services sv ON sv.code = t.service "
		"LEFT JOIN cases cv ON cv.id = (SELECT cs.case_id FROM case_steps cs "
		"  WHERE cs.ticket = t.id AND cs.action = 'visit' ORDER BY cs.id DESC LIMIT 1) "
		"WHERE t.id = ?", "I", id);
	int rc = -1;
	if (db_step(st) == DB_ROW) {
		memset(t, 0, sizeof *t);
		t->id = db_col_i64(st, 0);
		tk_copy(t->number, sizeof t->number, st, 1);
		ticket_status_parse(db_col_text(st, 2), &t->status);
		tk_copy(t->service, sizeof t->service, st, 3);
		tk_copy(t->service_name, sizeof t->service_name, st, 4);
		tk_copy(t->matter, sizeof t->matter, st, 5);
		tk_copy(t->priority, sizeof t->priority, st, 6);
		t->appointment_at = db_col_i64(st, 7);
		t->window = db_col_i64(st, 8);
		t->target_window = db_col_i64(st, 9);
		t->recalls = db_col_i64(st, 10);
		t->transferred_from = db_col_i64(st, 11);
		t->transferred_to = db_col_i64(st, 12);
		tk_copy(t->clerk, sizeof t->clerk, st, 13);
		t->queue_at = db_col_i64(st, 14);
		t->issued_at = db_col_i64(st, 15);
		t->called_at = db_col_i64(st, 16);
		t->started_at = db_col_i64(st, 17);
		t->finished_at = db_col_i64(st, 18);
		tk_copy(t->day, sizeof t->day, st, 19);
		t->requeues = db_col_i64(st, 20);
		tk_copy(t->transfer_reason, sizeof t->transfer_reason, st, 21);
		t->expired_at = db_col_i64(st, 22);
		t->continued_case = db_col_i64(st, 23);
		tk_copy(t->continued_number, sizeof t->continued_number, st, 24);
		t->extended = db_col_int(st, 25) != 0;
		rc = 0;
	}
	db_reset(st);
	return rc;
}

int tk_load_brief(struct srv *s, int64_t id, struct tk_row *t)
{
	db_q *st = db_prep(s,
		"SELECT number, status, service, priority, appointment_at, transferred_from, "
		"queue_at, issued_at, called_at FROM tickets WHERE id = ?", "I", id);
	int rc = -1;
	if (db_step(st) == DB_ROW) {
		memset(t, 0, sizeof *t);
		t->id = id;
		tk_copy(t->number, sizeof t->number, st, 0);
		ticket_status_parse(db_col_text(st, 1), &t->status);
		tk_copy(t->service, sizeof t->service, st, 2);
		tk_copy(t->priority, sizeof t->priority, st, 3);
		t->appointment_at = db_col_i64(st, 4);
		t->transferred_from = db_col_i64(st, 5);
		t->queue_at = db_col_i64(st, 6);
		t->issued_at = db_col_i64(st, 7);
		t->called_at = db_col_i64(st, 8);
		rc = 0;
	}
	db_reset(st);
	return rc;
}

int tk_find(struct req *r, int64_t id, struct tk_row *t)
{
	if (tk_load(r->srv, id, t) == 0)
		return 0;
	srv_error(r, 404, "not_found", "no such ticket: %lld", (long long)id);
	return -1;
}

static void tk_add_id(cJSON *o, const char *name, int64_t v)
{
	if (v > 0)
		cJSON_AddNumberToObject(o, name, (double)v);
	else
		cJSON_AddNullToObject(o, name);
}

static void tk_add_text(cJSON *o, const char *name, const char *v)
{
	if (*v)
		cJSON_AddStringToObject(o, name, v);
	else
		cJSON_AddNullToObject(o, name);
}

/* Seconds from issue to call; still counting while the ticket waits. */
static int64_t tk_wait_seconds(const struct tk_row *t, int64_t now)
{
	int64_t until = t->called_at ? t->called_at :
			t->status == TICKET_WAITING ? now : t->issued_at;
	return until > t->issued_at ? until - t->issued_at : 0;
}

cJSON *tk_json(const struct tk_row *t, int64_t now, bool full)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "id", (double)t->id);
	cJSON_AddStringToObject(o, "number", t->number);
	cJSON_AddStringToObject(o, "service", t->service);
	cJSON_AddStringToObject(o, "priority", t->priority);
	cJSON_AddBoolToObject(o, "appointment", t->appointment_at > 0);
	clk_json_add(o, "appointment_at", t->appointment_at);
	tk_add_id(o, "transferred_from", t->transferred_from);
	clk_json_add(o, "issued_at", t->issued_at);
	cJSON_AddNumberToObject(o, "wait_seconds", (double)tk_wait_seconds(t, now));
	if (!full)
		return o;
	cJSON_AddStringToObject(o, "status", ticket_status_name(t->status));
	cJSON_AddStringToObject(o, "service_name", t->service_name);
	tk_add_text(o, "matter", t->matter);
	tk_add_id(o, "window", t->window);
	tk_add_id(o, "target_window", t->target_window);
	cJSON_AddNumberToObject(o, "recalls", (double)t->recalls);
	tk_add_id(o, "transferred_to", t->transferred_to);
	tk_add_text(o, "clerk", t->clerk);
	clk_json_add(o, "called_at", t->called_at);
	clk_json_add(o, "started_at", t->started_at);
	clk_json_add(o, "finished_at", t->finished_at);
	cJSON_AddNumberToObject(o, "requeues", (double)t->requeues);
	tk_add_text(o, "transfer_reason", t->transfer_reason);
	cJSON_AddBoolToObject(o, "extended", t->extended);
	clk_json_add(o, "expired_at", t->expired_at);
	if (t->continued_case) {
		cJSON *c = cJSON_AddObjectToObject(o, "continued_case");
		cJSON_AddNumberToObject(c, "id", (double)t->continued_case);
		cJSON_AddStringToObject(c, "number", t->continued_number);
	} else {
		cJSON_AddNullToObject(o, "continued_case");
	}
	return o;
}

cJSON *tk_current(cJSON *current)
{
	cJSON *extra = cJSON_CreateObject();
	cJSON_AddItemToObject(extra, "current", current);
	return extra;
}

int64_t tk_today_at(int hh, int mm)
{
	int y, m, d;
	date_to_ymd(clk_today(), &y, &m, &d);
	struct tm tm = { .tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d,
			 .tm_hour = hh, .tm_min = mm, .tm_isdst = -1 };
	return (int64_t)mktime(&tm);
}

/* ---- issuing ---- */

cJSON *tk_issued_data(const struct tk_row *t)
{
	cJSON *ev = cJSON_CreateObject();
	cJSON_AddStringToObject(ev, "number", t->number);
	cJSON_AddStringToObject(ev, "service", t->service);
	cJSON_AddStringToObject(ev, "priority", t->priority);
	return ev;
}

/* A new waiting ticket's row (numbered already). */
struct tk_new {
	const char *number, *service, *matter, *priority, *transfer_reason;
	int64_t appointment_at, queue_at, issued_at, target_window, transferred_from;
};

/* Insert n; returns the new id, or 0 when the insert failed. */
static int64_t tk_insert_row(struct srv *s, const struct tk_new *n)
{
	char day[DATE_ISO_SIZE];
	date_format_iso(clk_date_of(n->issued_at), day);
	if (db_run(s, "INSERT INTO tickets(number, day, service, matter, priority, appointment_at, "
		   "status, target_window, transferred_from, queue_at, issued_at, transfer_reason) "
		   "VALUES(?, ?, ?, ?, ?, nullif(?, 0), 'waiting', nullif(?, 0), nullif(?, 0), ?, ?, ?)",
		   "sssssIIIIIs", n->number, day, n->service, n->matter, n->priority,
		   n->appointment_at, n->target_window, n->transferred_from, n->queue_at,
		   n->issued_at, n->transfer_reason))
		return 0;
	return db_last_id(s);
}

/* The next number of service's counter for the day of `at` into number
 * (e.g. "A023"): the counters restart every day, and past 999 the number
 * simply grows.  Returns 0, or -1 when there is no such service. */
static int tk_next_number(struct srv *s, const char *service, int64_t at, char number[16])
{
	char *prefix = service ? db_text(s, "SELECT prefix FROM services WHERE code = ?", "s", service) : NULL;
	if (!prefix)
		return -1;
	char day[DATE_ISO_SIZE], counter[64];
	date_format_iso(clk_date_of(at), day);
	snprintf(counter, sizeof counter, "ticket:%s:%s", service, day);
	db_run(s, "INSERT INTO counters(name, value) VALUES(?, 1) "
	       "ON CONFLICT(name) DO UPDATE SET value = counters.value + 1", "s", counter);
	long long seq = db_int(s, "SELECT value FROM counters WHERE name = ?", 0, "s", counter);
	snprintf(number, 16, "%.8s%03lld", prefix, seq);
	free(prefix);
	return 0;
}

/* Also -1 for a priority that is not one of queue.h's names; -2 when the
 * row could not be written. */
int ticket_insert(struct srv *s, const char *service, const char *matter,
		  const char *priority, int64_t appointment_at, int64_t issued_at,
		  int64_t *id, char number[16])
{
	enum queue_priority p;
	if (queue_priority_parse(priority, &p) || tk_next_number(s, service, issued_at, number))
		return -1;
	struct tk_new n = { .number = number, .service = service, .matter = matter,
			    .priority = queue_priority_name(p), .appointment_at = appointment_at,
			    .queue_at = issued_at, .issued_at = issued_at };
	*id = tk_insert_row(s, &n);
	return *id > 0 ? 0 : -2;
}

/* The value of n decimal digits at s, or -1 when one is not a digit. */
static int tk_digits(const char *s, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = 10 * v + (s[i] - '0');
	}
	return v;
}

/* "HH:MM" today, or "YYYY-MM-DDTHH:MM:SS" with "Z" or "+HH:MM"/"-HH:MM".
 * Returns 0 with the epoch time in *out, or -1. */
int tk_parse_time(const char *s, int64_t *out)
{
	size_t len = strlen(s);
	int hh, mm, ss, oh, om;
	if (len == 5 && s[2] == ':') {
		hh = tk_digits(s, 2);
		mm = tk_digits(s + 3, 2);
		if (hh < 0 || hh > 23 || mm < 0 || mm > 59)
			return -1;
		*out = tk_today_at(hh, mm);
		return 0;
	}
	char ymd[DATE_ISO_SIZE];
	date_t d;
	if (len < 20 || s[10] != 'T' || s[13] != ':' || s[16] != ':')
		return -1;
	memcpy(ymd, s, 10);
	ymd[10] = '\0';
	hh = tk_digits(s + 11, 2);
	mm = tk_digits(s + 14, 2);
	ss = tk_digits(s + 17, 2);
	if (!date_parse_iso(ymd, &d) || hh < 0 || hh > 23 || mm < 0 || mm > 59 || ss < 0 || ss > 59)
		return -1;
	int64_t offset = 0;
	if (len == 25 && (s[19] == '+' || s[19] == '-') && s[22] == ':' &&
	    (oh = tk_digits(s + 20, 2)) >= 0 && oh <= 14 && (om = tk_digits(s + 23, 2)) >= 0 && om <= 59)
		offset = (s[19] == '-' ? -1 : 1) * (3600 * (int64_t)oh + 60 * om);
	else if (!(len == 20 && s[19] == 'Z'))
		return -1;
	*out = 86400 * (int64_t)d + 3600 * hh + 60 * mm + ss - offset;
	return 0;
}

/* The optional "appointment": true (booked for now), false, or a time
 * today.  Returns 0 with *out (0 for none), or -1 after a 400. */
static int tk_req_appointment(struct req *r, int64_t now, int64_t *out)
{
	cJSON *v = cJSON_GetObjectItemCaseSensitive(r->json, "appointment");
	*out = 0;
	if (!v || cJSON_IsNull(v) || cJSON_IsFalse(v))
		return 0;
	if (cJSON_IsTrue(v)) {
		*out = now;
		return 0;
	}
	if (cJSON_IsString(v) && tk_parse_time(v->valuestring, out) == 0 &&
	    clk_date_of(*out) == clk_today())
		return 0;
	srv_error(r, 400, "invalid_field", "the field 'appointment' must be true, \"HH:MM\" or "
		  "\"YYYY-MM-DDTHH:MM:SS+08:00\", a time today");
	return -1;
}

/* The service a ticket is for: "service", or the service of "matter"
 * (then *matter is set).  Returns a malloc'd code, or NULL after an error
 * reply. */
static char *tk_req_service(struct req *r, const char **matter)
{
	const char *service = NULL;
	*matter = NULL;
	if (req_str(r, "service", false, &service) < 0 || req_str(r, "matter", false, matter) < 0)
		return NULL;
	if (!service && !*matter) {
		srv_error(r, 400, "missing_field", "give a 'service' or a 'matter'");
		return NULL;
	}
	if (!*matter)
		return xstrdup(service);
	char *code = db_text(r->srv, "SELECT service FROM matters WHERE code = ?", "s", *matter);
	if (!code)
		srv_error(r, 404, "unknown_matter", "no matter has the code '%s'", *matter);
	else if (service && strcmp(service, code) != 0) {
		srv_error(r, 400, "invalid_field", "the matter '%s' belongs to the service '%s', not '%s'",
			  *matter, code, service);
		free(code);
		code = NULL;
	}
	return code;
}

void h_ticket_issue(struct req *r)
{
	struct srv *s = r->srv;
	const char *priority = "none", *matter;
	enum queue_priority p;
	int64_t now = clk_now(), appointment_at, id;
	char number[16];
	int64_t wait = tk_rate_wait(r, now);
	if (wait > 0) {
		cJSON *extra = cJSON_CreateObject();
		cJSON_AddNumberToObject(extra, "retry_after", (double)wait);
		r->retry_after = (int)wait;
		srv_error_x(r, 429, "too_many_tickets", extra, "this session issued %d tickets within a minute; "
			    "try again in %lld seconds", s->opt->kiosk_tickets, (long long)wait);
		return;
	}
	if (req_str(r, "priority", false, &priority) < 0)
		return;
	if (queue_priority_parse(priority, &p)) {
		srv_error(r, 400, "invalid_field", "the field 'priority' must be one of none, elderly, "
			  "disabled, pregnant, military");
		return;
	}
	if (tk_req_appointment(r, now, &appointment_at))
		return;
	char *service = tk_req_service(r, &matter);
	if (!service)
		return;
	int rc = ticket_insert(s, service, matter, priority, appointment_at, now, &id, number);
	if (rc == -2) {
		srv_error(r, 503, "busy", "the ticket could not be recorded; try again");
		free(service);
		return;
	}
	if (rc) {
		srv_error(r, 404, "unknown_service", "no service has the code '%s'", service);
		free(service);
		return;
	}
	free(service);
	struct tk_row t;
	tk_load(s, id, &t);
	ev_add(r, "ticket.issued", 0, id, 0, tk_issued_data(&t));
	srv_reply(r, 201, tk_json(&t, now, true));
}

void h_ticket_get(struct req *r)
{
	struct tk_row t;
	int64_t id;
	if (req_param_id(r, 0, "ticket", &id) || tk_find(r, id, &t))
		return;
	srv_reply(r, 200, tk_json(&t, clk_now(), true));
}

/* ---- the steps of a called ticket ---- */

enum {
	TK_CALLED = 1,       /* stamp called_at, window and clerk */
	TK_RECALLED = 2,     /* count a recall */
	TK_STARTED = 4,      /* stamp started_at */
	TK_FINISHED = 8,     /* stamp finished_at */
	TK_FREES_WINDOW = 16 /* the ticket leaves its window: clear windows.current */
};

/* Extra work of a step before the row changes (check the body, create a
 * follow-up ticket); adds to the event's data.  Returns 0, or -1 after an
 * error reply. */
typedef int (*tk_prepare_fn)(struct req *r, const struct tk_row *t, cJSON *ev, int64_t *new_id);

static int tk_prepare_transfer(struct req *r, const struct tk_row *t, cJSON *ev, int64_t *new_id);

static const struct tk_step {
	const char *event;
	unsigned bits;
	tk_prepare_fn prepare;
} tk_steps[TICKET_ACTION_COUNT] = {
	[TICKET_CALL] = { "ticket.called", TK_CALLED, NULL },
	[TICKET_RECALL] = { "ticket.recalled", TK_RECALLED, NULL },
	[TICKET_MARK_NO_SHOW] = { "ticket.no_show", TK_FREES_WINDOW, NULL },
	[TICKET_START] = { "ticket.started", TK_STARTED, NULL },
	[TICKET_TRANSFER] = { "ticket.transferred", TK_FREES_WINDOW, tk_prepare_transfer },
	[TICKET_FINISH] = { "ticket.finished", TK_FINISHED | TK_FREES_WINDOW, NULL },
};

/* The target of a transfer to window `window` into n and ev: it must
 * exist and not be the ticket's own; a closed one only with "confirm":
 * true.  Returns 0, or -1 after an error reply. */
static int tk_transfer_to_window(struct req *r, const struct tk_row *t, int64_t window,
				 struct tk_new *n, cJSON *ev)
{
	struct srv *s = r->srv;
	bool confirm = false;
	if (req_bool(r, "confirm", false, &confirm) < 0)
		return -1;
	if (window == t->window) {
		srv_error(r, 400, "invalid_field", "ticket %s is already at window %lld",
			  t->number, (long long)window);
		return -1;
	}
	char *status = db_text(s, "SELECT status FROM windows WHERE no = ?", "I", window);
	char *name = db_text(s, "SELECT name FROM windows WHERE no = ?", "I", window);
	int rc = -1;
	if (!status)
		srv_error(r, 404, "not_found", "no such window: %lld", (long long)window);
	else if (strcmp(status, "closed") == 0 && !confirm)
		tk_conflict(r, "window_closed", cJSON_CreateString(status), "window %lld is closed: "
			    "send \"confirm\": true to transfer there all the same", (long long)window);
	else
		rc = 0;
	if (rc == 0) {
		n->target_window = window;
		cJSON_AddNumberToObject(ev, "to_window", (double)window);
		cJSON_AddStringToObject(ev, "to_name", name);
		cJSON_AddBoolToObject(ev, "to_closed", strcmp(status, "closed") == 0);
	}
	free(status);
	free(name);
	return rc;
}

/* The target of a transfer to service `service` into n and ev.  Returns
 * 0, or -1 after a 404. */
static int tk_transfer_to_service(struct req *r, const struct tk_row *t, const char *service,
				  struct tk_new *n, cJSON *ev)
{
	char *name = db_text(r->srv, "SELECT name FROM services WHERE code = ?", "s", service);
	if (!name) {
		srv_error(r, 404, "unknown_service", "no service has the code '%s'", service);
		return -1;
	}
	if (strcmp(service, t->service) != 0)
		n->matter = NULL;    /* a matter belongs to the old service */
	n->service = service;
	cJSON_AddStringToObject(ev, "to_service", service);
	cJSON_AddStringToObject(ev, "to_name", name);
	free(name);
	return 0;
}

/* Transfer to {"window": N} or {"service": "CODE"}: a new waiting ticket
 * with the same number keeps the applicant's place (its queue_at).  A
 * ticket of an earlier day (one left serving overnight) gets a number of
 * today's instead, so that no two equal numbers wait in one queue. */
static int tk_prepare_transfer(struct req *r, const struct tk_row *t, cJSON *ev, int64_t *new_id)
{
	struct srv *s = r->srv;
	int64_t window = 0;
	const char *service = NULL, *reason = NULL;
	char number[16], today[DATE_ISO_SIZE];
	int has_window = req_int(r, "window", false, 1, 9999, &window);
	if (has_window < 0)
		return -1;
	int has_service = req_str(r, "service", false, &service);
	if (has_service < 0 || req_text(r, "reason", false, 1, TK_REASON_MAX, &reason) < 0)
		return -1;
	if ((has_window == 0) == (has_service == 0)) {
		srv_error(r, 400, has_window ? "missing_field" : "invalid_field",
			  "give exactly one of 'window' and 'service'");
		return -1;
	}
	struct tk_new n = { .number = t->number, .service = t->service,
			    .matter = t->matter[0] ? t->matter : NULL, .priority = t->priority,
			    .appointment_at = t->appointment_at, .queue_at = t->queue_at,
			    .issued_at = clk_now(), .transferred_from = t->id, .transfer_reason = reason };
	if (has_window == 0 ? tk_transfer_to_window(r, t, window, &n, ev) :
	    tk_transfer_to_service(r, t, service, &n, ev))
		return -1;
	date_format_iso(clk_today(), today);
	if (strcmp(t->day, today) != 0 && tk_next_number(s, n.service, n.issued_at, number) == 0)
		n.number = number;
	if (reason)
		cJSON_AddStringToObject(ev, "reason", reason);
	*new_id = tk_insert_row(s, &n);
	if (*new_id == 0) {
		srv_error(r, 500, "internal", "the new ticket could not be stored");
		return -1;
	}
	cJSON_AddNumberToObject(ev, "new_ticket", (double)*new_id);
	if (n.number == number)
		cJSON_AddStringToObject(ev, "new_number", number);
	return 0;
}

int tk_transition(struct req *r, struct tk_row *t, enum ticket_action a, int window,
		  int64_t *new_id)
{
	struct srv *s = r->srv;
	const struct tk_step *step = &tk_steps[a];
	enum ticket_status to;
	int64_t now = clk_now();
	*new_id = 0;
	if (ticket_apply(t->status, a, &to)) {
		tk_conflict(r, "invalid_state", cJSON_CreateString(ticket_status_name(t->status)),
			    "ticket %s is %s: it cannot be given '%s'", t->number,
			    ticket_status_name(t->status), ticket_action_name(a));
		return -1;
	}
	cJSON *ev = cJSON_CreateObject();
	cJSON_AddStringToObject(ev, "number", t->number);
	if (step->prepare && step->prepare(r, t, ev, new_id)) {
		cJSON_Delete(ev);
		return -1;
	}
	bool called = step->bits & TK_CALLED;
	db_run(s, "UPDATE tickets SET status = ?2, recalls = recalls + ?3, "
	       "window = CASE WHEN ?4 <> 0 THEN ?5 ELSE window END, "
	       "clerk = CASE WHEN ?4 <> 0 THEN ?6 ELSE clerk END, "
	       "called_at = CASE WHEN ?4 <> 0 THEN ?9 ELSE called_at END, "
	       "started_at = CASE WHEN ?7 <> 0 THEN ?9 ELSE started_at END, "
	       "finished_at = CASE WHEN ?8 <> 0 THEN ?9 ELSE finished_at END WHERE id = ?1",
	       "IsiiisiiI", t->id, ticket_status_name(to), (step->bits & TK_RECALLED) ? 1 : 0,
	       called, window, r->auth.user, (step->bits & TK_STARTED) != 0,
	       (step->bits & TK_FINISHED) != 0, now);
	/* 延时: a service started after the hall's closing time. */
	int64_t closes = (step->bits & TK_STARTED) ? bk_closes_at(s, clk_date_of(now)) : 0;
	if (closes && now > closes && !extra_window_in_session(s, (int)t->window, now))
		db_run(s, "UPDATE tickets SET extended = 1 WHERE id = ?", "I", t->id);
	if (step->bits & TK_FREES_WINDOW)
		db_run(s, "UPDATE windows SET current = NULL WHERE no = ? AND current = ?",
		       "II", t->window, t->id);
	tk_load(s, t->id, t);
	if (called)
		cJSON_AddNumberToObject(ev, "window", (double)t->window);
	if (step->bits & TK_RECALLED)
		cJSON_AddNumberToObject(ev, "recalls", (double)t->recalls);
	ev_add(r, step->event, (int)t->window, t->id, 0, ev);
	return 0;
}

/* POST /tickets/{id}/<step>: only the clerk at the ticket's window. */
static void tk_step_handler(struct req *r, enum ticket_action a)
{
	struct tk_row t;
	int64_t id, new_id;
	if (req_param_id(r, 0, "ticket", &id) || tk_find(r, id, &t))
		return;
	/* A waiting ticket has no window yet: the transition refuses it. */
	if (t.window > 0 && !req_may_act_on_window(r, (int)t.window))
		return;
	if (tk_transition(r, &t, a, 0, &new_id))
		return;
	int64_t now = clk_now();
	cJSON *reply = tk_json(&t, now, true);
	if (new_id) {
		struct tk_row n;
		tk_load(r->srv, new_id, &n);
		cJSON *both = cJSON_CreateObject();
		cJSON_AddItemToObject(both, "ticket", reply);
		cJSON_AddItemToObject(both, "new_ticket", tk_json(&n, now, true));
		reply = both;
	}
	srv_reply(r, 200, reply);
}

void h_ticket_recall(struct req *r) { tk_step_handler(r, TICKET_RECALL); }
void h_ticket_no_show(struct req *r) { tk_step_handler(r, TICKET_MARK_NO_SHOW); }
void h_ticket_start(struct req *r) { tk_step_handler(r, TICKET_START); }
void h_ticket_transfer(struct req *r) { tk_step_handler(r, TICKET_TRANSFER); }
/* The end of a service: the applicant is asked to rate it (h_ratings.c). */
void h_ticket_finish(struct req *r)
{
	tk_step_handler(r, TICKET_FINISH);
	int64_t id;
	if (r->status == 200 && req_param_id(r, 0, "ticket", &id) == 0)
		rating_ask(r, id);
}

/* ---- 过号重排: a no-show back in the queue ---- */

/* True when the caller is a clerk signed in to a window that may call t
 * again: the one that missed it, the one it was sent to, or one of its
 * service; false after a 403. */
static bool tk_may_requeue(struct req *r, const struct tk_row *t)
{
	for (int i = 0; i < r->auth.nwindows; i++) {
		int no = r->auth.windows[i];
		if (no == t->window || no == t->target_window ||
		    db_int(r->srv, "SELECT count(*) FROM window_services WHERE window = ? AND service = ?",
			   0, "is", no, t->service) > 0)
			return true;
	}
	srv_error(r, 403, "forbidden", "you are signed in to no window of the service %s", t->service);
	return false;
}

/* The queue time that puts t behind the first `behind` tickets waiting
 * for its service (queue order: queue time, then id), never ahead of its
 * own first place; behind all of them when fewer wait.  *ahead says how
 * many are ahead of it then. */
static int64_t tk_requeue_at(struct srv *s, const struct tk_row *t, int64_t behind, int64_t now,
			     int64_t *ahead)
{
	int64_t waiting = db_int(s, "SELECT coalesce(sum(waiting), 0) FROM queue_counts WHERE service = ?",
				 0, "s", t->service);
	*ahead = waiting < behind ? waiting : behind;
	if (behind == 0)
		return t->queue_at;
	int64_t at;
	if (waiting < behind) {
		at = db_int(s, "SELECT max(queue_at) FROM tickets WHERE status = 'waiting' AND service = ?",
			    0, "s", t->service) + 1;
		at = at > now ? at : now;
	} else {
		at = db_int(s, "SELECT queue_at FROM tickets WHERE status = 'waiting' AND service = ? "
			    "ORDER BY queue_at, id LIMIT 1 OFFSET ?", 0, "sI", t->service, behind - 1) + 1;
	}
	return at > t->queue_at ? at : t->queue_at;
}

/* 409 unless t may be requeued today, once more. */
static bool tk_refuse_requeue(struct req *r, const struct tk_row *t, int64_t max)
{
	enum ticket_status to;
	char today[DATE_ISO_SIZE];
	date_format_iso(clk_today(), today);
	if (ticket_apply(t->status, TICKET_REQUEUE, &to))
		tk_conflict(r, "ticket_not_no_show", cJSON_CreateString(ticket_status_name(t->status)),
			    "ticket %s is %s: only a no-show can be put back in the queue", t->number,
			    ticket_status_name(t->status));
	else if (strcmp(t->day, today) != 0)
		tk_conflict(r, "ticket_not_today", cJSON_CreateString(t->day),
			    "ticket %s is of %s: take a new ticket today", t->number, t->day);
	else if (t->requeues >= max) {
		cJSON *extra = tk_current(cJSON_CreateNumber((double)t->requeues));
		cJSON_AddNumberToObject(extra, "max", (double)max);
		srv_error_x(r, 409, "requeue_limit", extra, "ticket %s was put back in the queue %lld "
			    "times already, the most the hall allows", t->number, (long long)t->requeues);
	} else
		return false;
	return true;
}

void h_ticket_requeue(struct req *r)
{
	struct srv *s = r->srv;
	struct tk_row t;
	int64_t id, ahead, now = clk_now();
	int64_t max = hall_setting_int(s, "noshow_requeue_max", 1, 0, 99);
	int64_t behind = hall_setting_int(s, "noshow_requeue_behind", 3, 0, 999);
	if (req_param_id(r, 0, "ticket", &id) || tk_find(r, id, &t) || !tk_may_requeue(r, &t) ||
	    tk_refuse_requeue(r, &t, max))
		return;
	int64_t missed_at = t.window;
	int64_t at = tk_requeue_at(s, &t, behind, now, &ahead);
	/* A missed appointment is gone: it would call the ticket first again,
	 * not behind the `behind` the clerk was told.  A priority (the elderly,
	 * the disabled) still counts: the applicant still is one. */
	db_run(s, "UPDATE tickets SET status = 'waiting', requeues = requeues + 1, queue_at = ?2, "
	       "window = NULL, clerk = NULL, called_at = NULL, appointment_at = NULL WHERE id = ?1",
	       "II", t.id, at);
	tk_load(s, t.id, &t);
	cJSON *ev = cJSON_CreateObject();
	cJSON_AddStringToObject(ev, "number", t.number);
	cJSON_AddNumberToObject(ev, "requeues", (double)t.requeues);
	cJSON_AddNumberToObject(ev, "ahead", (double)ahead);
	ev_add(r, "ticket.requeued", (int)missed_at, t.id, 0, ev);
	srv_reply(r, 200, tk_json(&t, now, true));
}
