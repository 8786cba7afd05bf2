#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wicket/core/case.h"
#include "wicket/server/mask.h"
#include "wicket/server/srv.h"
#include "wicket/server/srv_booking.h"
#include "wicket/server/srv_case.h"
#include "wicket/server/srv_ticket.h"

/* 上门服务 (入户办理), issue #17: for the groups halls name (over 70, severe
 * disability, serious illness, orphans, 五保户) a visit is booked with an
 * address and a time and assigned to a clerk of the matter's service; on
 * the day that clerk takes the case away from the hall, with the same
 * materials checklist and deadline rules as at the counter (at no window,
 * on no ticket), and the visit is done.  The report counts them apart.
 *
 * The address, like the ID number and phone, is personal data: never in a
 * message (they may be logged); shown to the clerks of the service and the
 * supervisor who dispatches the visits, to nobody else. */

#define HOME_ADDRESS_MAX 200
#define HOME_DAYS_AHEAD 30

static const char *const home_groups[] = { "elderly", "disabled", "ill", "orphan", "wubao" };
#define HOME_NGROUPS (sizeof home_groups / sizeof home_groups[0])

struct home_row {
	int64_t id, at, case_id, done_at, created_at;
	char number[24], matter[32], service[16], grp[16], day[DATE_ISO_SIZE], clerk[64], status[16];
	char name[256], id_number[CASE_ID_SIZE], phone[CASE_PHONE_SIZE], address[1024];
};

#define HOME_COLS "id, number, matter, service, grp, applicant_name, applicant_id, applicant_phone, address, " \
	"day, at, clerk, status, coalesce(case_id, 0), coalesce(done_at, 0), created_at"

static void home_read(db_q *st, struct home_row *h)
{
	memset(h, 0, sizeof *h);
	h->id = db_col_i64(st, 0);
	tk_copy(h->number, sizeof h->number, st, 1);
	tk_copy(h->matter, sizeof h->matter, st, 2);
	tk_copy(h->service, sizeof h->service, st, 3);
	tk_copy(h->grp, sizeof h->grp, st, 4);
	tk_copy(h->name, sizeof h->name, st, 5);
	tk_copy(h->id_number, sizeof h->id_number, st, 6);
	tk_copy(h->phone, sizeof h->phone, st, 7);
	tk_copy(h->address, sizeof h->address, st, 8);
	tk_copy(h->day, sizeof h->day, st, 9);
	h->at = db_col_i64(st, 10);
	tk_copy(h->clerk, sizeof h->clerk, st, 11);
	tk_copy(h->status, sizeof h->status, st, 12);
	h->case_id = db_col_i64(st, 13);
	h->done_at = db_col_i64(st, 14);
	h->created_at = db_col_i64(st, 15);
}

/* The visit whose id or number is key; 0, or -1 when there is none. */
static int home_load(struct srv *s, const char *key, struct home_row *h)
{
	db_q *st = db_prep(s, "SELECT " HOME_COLS " FROM home_visits WHERE id = ? OR number = ?",
				   "Is", bk_key_id(key), key);
	int rc = -1;
	if (db_step(st) == DB_ROW) {
		home_read(st, h);
		rc = 0;
	}
	db_reset(st);
	return rc;
}

/* The visit of route parameter 0; -1 after a 404. */
static int home_find(struct req *r, struct home_row *h)
{
	if (r->nparams > 0 && home_load(r->srv, r->params[0], h) == 0)
		return 0;
	srv_error(r, 404, "not_found", "no such home visit");
	return -1;
}

static cJSON *home_json(struct req *r, const struct home_row *h, bool single)
{
	enum mask_view view = mask_case_view(r, h->service, 0, single);
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "id", (double)h->id);
	cJSON_AddStringToObject(o, "number", h->number);
	cJSON_AddStringToObject(o, "matter", h->matter);
	cJSON_AddStringToObject(o, "service", h->service);
	cJSON_AddStringToObject(o, "group", h->grp);
	cJSON_AddStringToObject(o, "date", h->day);
	clk_json_add(o, "at", h->at);
	cJSON_AddStringToObject(o, "clerk", h->clerk);
	cJSON_AddStringToObject(o, "status", h->status);
	mask_add_applicant(o, view, h->name, h->id_number, h->phone);
	if (view != MASK_NONE)
		cJSON_AddStringToObject(o, "address", h->address);
	else
		cJSON_AddNullToObject(o, "address");
	if (h->case_id)
		cJSON_AddNumberToObject(o, "case", (double)h->case_id);
	else
		cJSON_AddNullToObject(o, "case");
	clk_json_add(o, "done_at", h->done_at);
	clk_json_add(o, "created_at", h->created_at);
	return o;
}

/* The feed's event of a visit's change (home_visit.booked, .assigned,
 * .cancelled, .done): its number, service, day and clerk, never the
 * applicant or the address.  The clerk's list and the supervisor's
 * follow it. */
static void home_event(struct req *r, const char *kind, int64_t id)
{
	struct home_row h;
	char key[24];
	snprintf(key, sizeof key, "%lld", (long long)id);
	if (home_load(r->srv, key, &h))
		return;
	cJSON *ev = cJSON_CreateObject();
	cJSON_AddStringToObject(ev, "number", h.number);
	cJSON_AddStringToObject(ev, "service", h.service);
	cJSON_AddStringToObject(ev, "date", h.day);
	cJSON_AddStringToObject(ev, "clerk", h.clerk);
	ev_add(r, kind, 0, 0, h.case_id, ev);
}

static void home_reply(struct req *r, int status, int64_t id)
{
	struct home_row h;
	char key[24];
	snprintf(key, sizeof key, "%lld", (long long)id);
	if (home_load(r->srv, key, &h) == 0)
		srv_reply(r, status, home_json(r, &h, true));
	else
		srv_error(r, 503, "busy", "the visit could not be read back; try again");
}

/* ---- booking a visit ---- */

/* The body's "group": one of home_groups, or NULL after a 400. */
static const char *home_req_group(struct req *r)
{
	const char *g;
	if (req_str(r, "group", true, &g) < 0)
		return NULL;
	for (size_t i = 0; i < HOME_NGROUPS; i++)
		if (strcmp(g, home_groups[i]) == 0)
			return home_groups[i];
	srv_error(r, 400, "invalid_field", "the field 'group' must be one of elderly, disabled, ill, orphan, wubao");
	return NULL;
}

/* The body's "at": a time from now to HOME_DAYS_AHEAD days ahead; -1
 * after a 400. */
static int home_req_at(struct req *r, int64_t *at)
{
	const char *text;
	if (req_str(r, "at", true, &text) < 0)
		return -1;
	if ((tk_parse_time(text, at) && bk_parse_local(text, at)) || *at <= clk_now() || clk_date_of(*at) > clk_today() + HOME_DAYS_AHEAD) {
		srv_error(r, 400, "invalid_field", "the field 'at' must be a time from now to %d days ahead",
			  HOME_DAYS_AHEAD);
		return -1;
	}
	return 0;
}

/* The body's "clerk": an enabled clerk signed up at a window of service;
 * NULL after a 4xx. */
static const char *home_req_clerk(struct req *r, const char *service)
{
	const char *clerk;
	if (req_str(r, "clerk", true, &clerk) < 0)
		return NULL;
	if (db_int(r->srv, "SELECT count(*) FROM users u JOIN user_windows uw ON uw.user = u.user "
		   "JOIN window_services ws ON ws.window = uw.window WHERE u.user = ? AND u.role = 'clerk' "
		   "AND u.disabled = 0 AND ws.service = ?", 0, "ss", clerk, service) > 0)
		return clerk;
	srv_error(r, 409, "clerk_not_of_service", "'%s' is not a clerk of the service '%s'", clerk, service);
	return NULL;
}

void h_home_create(struct req *r)
{
	struct srv *s = r->srv;
	const char *matter, *grp, *name, *address, *clerk;
	char id_number[CASE_ID_SIZE], phone[CASE_PHONE_SIZE], number[24], iso[DATE_ISO_SIZE], counter[48];
	int64_t at;
	if (req_str(r, "matter", true, &matter) < 0 || !(grp = home_req_group(r)) ||
	    case_req_applicant(r, &name, id_number, phone) ||
	    req_text(r, "address", true, 1, HOME_ADDRESS_MAX, &address) < 0 || home_req_at(r, &at))
		return;
	char *service = db_text(s, "SELECT service FROM matters WHERE code = ?", "s", matter);
	if (!service) {
		srv_error(r, 404, "unknown_matter", "no matter has the code '%s'", matter);
		return;
	}
	if (!(clerk = home_req_clerk(r, service))) {
		free(service);
		return;
	}
	date_t d = clk_date_of(at);
	int y, m, dd;
	date_format_iso(d, iso);
	date_to_ymd(d, &y, &m, &dd);
	snprintf(counter, sizeof counter, "home:%s", iso);
	int64_t seq = db_int(s, "INSERT INTO counters(name, value) VALUES(?, 1) ON CONFLICT(name) "
			     "DO UPDATE SET value = counters.value + 1 RETURNING value", 1, "s", counter);
	snprintf(number, sizeof number, "H%02d%02d%02d-%03lld", y % 100, m, dd, (long long)seq);
	int rc = db_run(s, "INSERT INTO home_visits(number, matter, service, grp, applicant_name, applicant_id, "
			"applicant_phone, address, day, at, clerk, status, created_by, created_at) "
			"VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'booked', ?, ?)", "sssssssssIssI", number, matter,
			service, grp, name, id_number, phone, address, iso, at, clerk, r->auth.user, clk_now());
	free(service);
	if (rc) {
		srv_error(r, 503, "busy", "the visit could not be recorded; try again");
		return;
	}
	int64_t id = db_last_id(s);
	home_event(r, "home_visit.booked", id);
	home_reply(r, 201, id);
}

/* ---- its end: cancelled, or its case taken ---- */

static int home_find_booked(struct req *r, struct home_row *h)
{
	if (home_find(r, h))
		return -1;
	if (strcmp(h->status, "booked") == 0)
		return 0;
	tk_conflict(r, "invalid_state", cJSON_CreateString(h->status), "home visit %s is %s", h->number, h->status);
	return -1;
}

void h_home_cancel(struct req *r)
{
	struct home_row h;
	if (home_find_booked(r, &h))
		return;
	db_run(r->srv, "UPDATE home_visits SET status = 'cancelled', done_at = ? WHERE id = ?", "II", clk_now(), h.id);
	home_event(r, "home_visit.cancelled", h.id);
	home_reply(r, 200, h.id);
}

/* The supervisor sends another clerk of the matter's service (the one
 * assigned is ill, or on the counter that day). */
void h_home_assign(struct req *r)
{
	struct home_row h;
	const char *clerk;
	if (home_find_booked(r, &h) || !(clerk = home_req_clerk(r, h.service)))
		return;
	db_run(r->srv, "UPDATE home_visits SET clerk = ? WHERE id = ?", "sI", clerk, h.id);
	home_event(r, "home_visit.assigned", h.id);
	home_reply(r, 200, h.id);
}

void h_home_case(struct req *r)
{
	struct home_row h;
	char today[DATE_ISO_SIZE];
	if (home_find_booked(r, &h))
		return;
	/* The clerk it was assigned to, on its day. */
	if (strcmp(h.clerk, r->auth.user) != 0) {
		srv_error(r, 403, "forbidden", "home visit %s is assigned to another clerk", h.number);
		return;
	}
	date_format_iso(clk_today(), today);
	if (strcmp(h.day, today) != 0) {
		srv_error_x(r, 409, "not_today", cJSON_CreateString(h.day), "home visit %s is for %s", h.number, h.day);
		return;
	}
	if (!case_may_handle(r, h.service, 0))
		return;
	int64_t id = case_create_away(r, h.matter, h.name, h.id_number, h.phone);
	if (!id)
		return;
	db_run(r->srv, "UPDATE home_visits SET status = 'done', case_id = ?, done_at = ? WHERE id = ?", "III", id,
	       clk_now(), h.id);
	home_event(r, "home_visit.done", h.id);
	srv_reply(r, 201, case_json(r, id, true));
}

/* ---- reading ---- */

void h_home_get(struct req *r)
{
	struct home_row h;
	if (home_find(r, &h) == 0)
		srv_reply(r, 200, home_json(r, &h, true));
}

void h_home_list(struct req *r)
{
	date_t from, to;
	const char *clerk = req_query(r, "clerk");
	if (req_query_date(r, "from", clk_today(), &from) || req_query_date(r, "to", from, &to))
		return;
	char f[DATE_ISO_SIZE], t[DATE_ISO_SIZE];
	date_format_iso(from, f);
	date_format_iso(to, t);
	cJSON *arr = cJSON_CreateArray();
	struct home_row h;
	db_q *st = db_prep(r->srv, "SELECT " HOME_COLS " FROM home_visits WHERE day >= ?1 AND day <= ?2 "
				   "AND (?3 IS NULL OR clerk = ?3) ORDER BY at, id LIMIT 500", "sss", f, t, clerk);
	while (db_step(st) == DB_ROW) {
		home_read(st, &h);
		cJSON_AddItemToArray(arr, home_json(r, &h, false));
	}
	db_reset(st);
	srv_reply_list(r, "home_visits", arr);
}

void home_report_add(struct srv *s, cJSON *root, date_t from, date_t to)
{
	char f[DATE_ISO_SIZE], t[DATE_ISO_SIZE];
	date_format_iso(from, f);
	date_format_iso(to, t);
	cJSON *o = cJSON_AddObjectToObject(root, "home_visits");
	static const char *const states[] = { "booked", "done", "cancelled" };
	for (size_t i = 0; i < 3; i++)
		cJSON_AddNumberToObject(o, states[i], (double)db_int(s, "SELECT count(*) FROM home_visits WHERE "
			"day >= ? AND day <= ? AND status = ?", 0, "sss", f, t, states[i]));
	cJSON *by = cJSON_AddObjectToObject(o, "done_by_group");
	for (size_t i = 0; i < HOME_NGROUPS; i++)
		cJSON_AddNumberToObject(by, home_groups[i], (double)db_int(s, "SELECT count(*) FROM home_visits "
			"WHERE day >= ? AND day <= ? AND status = 'done' AND grp = ?", 0, "sss", f, t, home_groups[i]));
}
