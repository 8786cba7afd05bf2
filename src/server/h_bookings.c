#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wicket/common/log.h"
#include "wicket/core/case.h"
#include "wicket/server/mask.h"
#include "wicket/server/srv.h"
#include "wicket/server/srv_booking.h"
#include "wicket/server/srv_case.h"
#include "wicket/server/srv_ticket.h"
#include "wicket/common/xalloc.h"

/* Appointments (预约, issue #17).  The hall's opening hours per weekday
 * and exceptions by date are settings; the calendar's days off close the
 * hall unless an exception opens it.  A service's day is cut into slots
 * of a length, each taking so many bookings.  A booking (from the
 * provincial app, the phone line or the counter) holds one slot until it
 * is checked in, which issues a ticket carrying the slot as its
 * appointment: queue.c calls it first from ten minutes before the slot.
 * A check-in later than the grace queues like a walk-in; a booking never
 * checked in by the end of its grace is a no-show (derived from the
 * clock, so that nothing has to run at the slot's end).
 *
 * ID numbers and phones are personal data: they never reach a message
 * (which may be logged) and go out through mask_add_applicant(). */

#define BK_DEFAULT_HOURS "09:00-12:00,13:30-17:00"
#define BK_SLOTS_MAX 96        /* slots of one day: 15-minute slots of 24 hours */

static const char *const bk_weekdays[] = { "mon", "tue", "wed", "thu", "fri", "sat", "sun" };
static const char *const bk_channels[] = { "app", "phone", "counter" };

/* ---- the rules ---- */

/* The setting key as a JSON object, or NULL (the caller deletes it). */
static cJSON *bk_setting(struct srv *s, const char *key)
{
	char *text = db_text(s, "SELECT value FROM settings WHERE key = ?", "s", key);
	cJSON *o = text ? cJSON_Parse(text) : NULL;
	free(text);
	if (!cJSON_IsObject(o)) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

/* o's whole number name into *v when it is one in lo..hi. */
static void bk_int(const cJSON *o, const char *name, int lo, int hi, int *v)
{
	const cJSON *n = cJSON_GetObjectItemCaseSensitive(o, name);
	if (cJSON_IsNumber(n) && n->valuedouble == (double)n->valueint && n->valueint >= lo && n->valueint <= hi)
		*v = n->valueint;
}

void bk_conf_read(struct srv *s, const char *service, struct bk_conf *c)
{
	*c = (struct bk_conf){ .days_ahead = 7, .slot_minutes = 30, .capacity = 2, .daily_limit = 1,
			       .grace_minutes = 15 };
	cJSON *o = bk_setting(s, "bookings");
	bk_int(o, "days_ahead", 0, 90, &c->days_ahead);
	bk_int(o, "slot_minutes", 15, 240, &c->slot_minutes);
	bk_int(o, "slot_capacity", 0, 100, &c->capacity);
	bk_int(o, "daily_limit", 1, 10, &c->daily_limit);
	bk_int(o, "grace_minutes", 0, 120, &c->grace_minutes);
	const cJSON *sv = service ? cJSON_GetObjectItemCaseSensitive(
		cJSON_GetObjectItemCaseSensitive(o, "services"), service) : NULL;
	bk_int(sv, "slot_minutes", 15, 240, &c->slot_minutes);
	bk_int(sv, "slot_capacity", 0, 100, &c->capacity);
	cJSON_Delete(o);
}

/* The string o[name] as hours into *h; false when o has no such string
 * (a string that is not hours reads as closed). */
static bool bk_hours_of(const cJSON *o, const char *name, struct hours *h)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
	if (cJSON_IsNull(v)) {
		memset(h, 0, sizeof *h);
		return true;
	}
	if (!cJSON_IsString(v))
		return false;
	hours_parse(v->valuestring, h);
	return true;
}

bool bk_hours(struct srv *s, date_t d, struct hours *h)
{
	char iso[DATE_ISO_SIZE];
	date_format_iso(d, iso);
	cJSON *ex = bk_setting(s, "opening_exceptions");
	bool found = bk_hours_of(ex, iso, h);
	cJSON_Delete(ex);
	if (found)
		return h->n > 0;
	bool provisional;
	struct calendar *cal = srv_cal(s);
	if (!cal || !cal_is_workday(cal, d, &provisional)) {
		memset(h, 0, sizeof *h);
		return false;
	}
	/* A working weekend (调休) takes the weekday's hours when it has
	 * some, else the workdays' ("workday"). */
	cJSON *oh = bk_setting(s, "opening_hours");
	if ((!bk_hours_of(oh, bk_weekdays[date_weekday(d)], h) || (!h->n && date_is_weekend(d))) &&
	    !bk_hours_of(oh, "workday", h))
		hours_parse(BK_DEFAULT_HOURS, h);
	cJSON_Delete(oh);
	return h->n > 0;
}

int64_t bk_closes_at(struct srv *s, date_t d)
{
	struct hours h;
	return bk_hours(s, d, &h) ? clk_day_start(d) + 60 * (int64_t)hours_close(&h) : 0;
}

/* ---- GET /hours ---- */

/* One day's object: date, open, hours, closes_at. */
static cJSON *bk_day_json(struct srv *s, date_t d)
{
	struct hours h;
	char iso[DATE_ISO_SIZE], text[64];
	bool open = bk_hours(s, d, &h);
	date_format_iso(d, iso);
	hours_format(&h, text, sizeof text);
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "date", iso);
	cJSON_AddBoolToObject(o, "open", open);
	cJSON_AddStringToObject(o, "hours", text);
	clk_json_add(o, "closes_at", open ? clk_day_start(d) + 60 * (int64_t)hours_close(&h) : 0);
	return o;
}

void h_hours(struct req *r)
{
	struct bk_conf c;
	bk_conf_read(r->srv, NULL, &c);
	date_t today = clk_today(), from, to;
	if (req_query_date(r, "from", today, &from) || req_query_date(r, "to", from + c.days_ahead, &to))
		return;
	if (to < from || to - from > 92) {
		srv_error(r, 400, "invalid_query", "'to' must be from 'from' to 92 days after it");
		return;
	}
	cJSON *days = cJSON_CreateArray();
	for (date_t d = from; d <= to; d++)
		cJSON_AddItemToArray(days, bk_day_json(r->srv, d));
	srv_reply_list(r, "days", days);
}

/* ---- slots ---- */

/* The service of the body's or query's "service" / "matter" (malloc'd),
 * or NULL after a 4xx.  *matter is the matter named, or NULL. */
static char *bk_service(struct req *r, const char *service, const char *matter)
{
	char *code;
	if (matter) {
		code = db_text(r->srv, "SELECT service FROM matters WHERE code = ?", "s", matter);
		if (!code)
			srv_error(r, 404, "unknown_matter", "no matter has the code '%s'", matter);
		else if (service && strcmp(code, service) != 0) {
			srv_error(r, 400, "invalid_field", "the matter '%s' belongs to the service '%s', not '%s'",
				  matter, code, service);
			free(code);
			code = NULL;
		}
		return code;
	}
	if (!service) {
		srv_error(r, 400, "missing_field", "give a 'service' or a 'matter'");
		return NULL;
	}
	code = db_text(r->srv, "SELECT code FROM services WHERE code = ?", "s", service);
	if (!code)
		srv_error(r, 404, "unknown_service", "no service has the code '%s'", service);
	return code;
}

/* Bookings holding service's slot at `at`, but booking `except`. */
static int64_t bk_taken(struct srv *s, const char *service, int64_t at, int64_t except)
{
	return db_int(s, "SELECT count(*) FROM bookings WHERE service = ? AND slot_at = ? AND "
		      "status <> 'cancelled' AND id <> ?", 0, "sII", service, at, except);
}

void h_slots(struct req *r)
{
	struct srv *s = r->srv;
	date_t d;
	if (req_query_date(r, "date", clk_today(), &d))
		return;
	char *service = bk_service(r, req_query(r, "service"), req_query(r, "matter"));
	if (!service)
		return;
	struct bk_conf c;
	struct hours h;
	int starts[BK_SLOTS_MAX];
	char iso[DATE_ISO_SIZE];
	bk_conf_read(s, service, &c);
	bool open = bk_service_hours(s, service, d, &h);
	size_t n = hours_slots(&h, c.slot_minutes, starts, BK_SLOTS_MAX);
	int64_t day = clk_day_start(d), now = clk_now();
	bool bookable = d >= clk_today() && d <= clk_today() + c.days_ahead;
	cJSON *arr = cJSON_CreateArray();
	for (size_t i = 0; i < n && i < BK_SLOTS_MAX; i++) {
		int64_t at = day + 60 * (int64_t)starts[i], taken = bk_taken(s, service, at, 0);
		cJSON *o = cJSON_CreateObject();
		clk_json_add(o, "at", at);
		cJSON_AddNumberToObject(o, "capacity", c.capacity);
		cJSON_AddNumberToObject(o, "booked", (double)taken);
		cJSON_AddBoolToObject(o, "bookable", bookable && at > now && taken < c.capacity);
		cJSON_AddItemToArray(arr, o);
	}
	date_format_iso(d, iso);
	cJSON *root = cJSON_CreateObject();
	cJSON_AddStringToObject(root, "service", service);
	cJSON_AddStringToObject(root, "date", iso);
	cJSON_AddBoolToObject(root, "open", open);
	cJSON_AddNumberToObject(root, "slot_minutes", c.slot_minutes);
	cJSON_AddItemToObject(root, "slots", arr);
	free(service);
	srv_reply(r, 200, root);
}

/* ---- a booking ---- */

struct bk_row {
	int64_t id, slot_at, created_at, cancelled_at, checked_in_at, ticket;
	int slot_minutes;
	bool late;
	char number[24], service[16], matter[32], day[DATE_ISO_SIZE], channel[16], status[16];
	char name[256], id_number[CASE_ID_SIZE], phone[CASE_PHONE_SIZE], created_by[64];
};

#define BK_COLS "id, number, service, coalesce(matter, ''), day, slot_at, slot_minutes, applicant_name, " \
	"applicant_id, applicant_phone, channel, status, created_at, created_by, coalesce(cancelled_at, 0), " \
	"coalesce(checked_in_at, 0), coalesce(ticket, 0), late"

static void bk_row_read(db_q *st, struct bk_row *b)
{
	memset(b, 0, sizeof *b);
	b->id = db_col_i64(st, 0);
	tk_copy(b->number, sizeof b->number, st, 1);
	tk_copy(b->service, sizeof b->service, st, 2);
	tk_copy(b->matter, sizeof b->matter, st, 3);
	tk_copy(b->day, sizeof b->day, st, 4);
	b->slot_at = db_col_i64(st, 5);
	b->slot_minutes = db_col_int(st, 6);
	tk_copy(b->name, sizeof b->name, st, 7);
	tk_copy(b->id_number, sizeof b->id_number, st, 8);
	tk_copy(b->phone, sizeof b->phone, st, 9);
	tk_copy(b->channel, sizeof b->channel, st, 10);
	tk_copy(b->status, sizeof b->status, st, 11);
	b->created_at = db_col_i64(st, 12);
	tk_copy(b->created_by, sizeof b->created_by, st, 13);
	b->cancelled_at = db_col_i64(st, 14);
	b->checked_in_at = db_col_i64(st, 15);
	b->ticket = db_col_i64(st, 16);
	b->late = db_col_int(st, 17) != 0;
}

int64_t bk_key_id(const char *key)
{
	char *end;
	long long id = key[0] >= '0' && key[0] <= '9' ? strtoll(key, &end, 10) : 0;
	return id > 0 && !*end ? (int64_t)id : 0;
}

/* The booking whose id or number is key; 0, or -1 when there is none. */
static int bk_load(struct srv *s, const char *key, struct bk_row *b)
{
	db_q *st = db_prep(s, "SELECT " BK_COLS " FROM bookings WHERE id = ? OR number = ?", "Is",
				   bk_key_id(key), key);
	int rc = -1;
	if (db_step(st) == DB_ROW) {
		bk_row_read(st, b);
		rc = 0;
	}
	db_reset(st);
	return rc;
}

/* The booking of route parameter 0; -1 after a 404. */
static int bk_find(struct req *r, struct bk_row *b)
{
	if (r->nparams > 0 && bk_load(r->srv, r->params[0], b) == 0)
		return 0;
	srv_error(r, 404, "not_found", "no such booking");
	return -1;
}

/* What the booking is at `now`: booked, checked_in, cancelled, or no_show
 * once its grace is over and nobody checked it in. */
static const char *bk_status(const struct bk_row *b, int64_t now, int grace_minutes)
{
	if (strcmp(b->status, "booked") == 0 && now > b->slot_at + 60 * (int64_t)grace_minutes)
		return "no_show";
	return b->status;
}

static cJSON *bk_json(struct req *r, const struct bk_row *b, int64_t now, bool single)
{
	struct bk_conf c;
	bk_conf_read(r->srv, NULL, &c);
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "id", (double)b->id);
	cJSON_AddStringToObject(o, "number", b->number);
	cJSON_AddStringToObject(o, "service", b->service);
	if (b->matter[0])
		cJSON_AddStringToObject(o, "matter", b->matter);
	else
		cJSON_AddNullToObject(o, "matter");
	cJSON_AddStringToObject(o, "date", b->day);
	clk_json_add(o, "at", b->slot_at);
	cJSON_AddNumberToObject(o, "minutes", b->slot_minutes);
	clk_json_add(o, "grace_until", b->slot_at + 60 * (int64_t)c.grace_minutes);
	cJSON_AddStringToObject(o, "status", bk_status(b, now, c.grace_minutes));
	cJSON_AddBoolToObject(o, "late", b->late);
	cJSON_AddStringToObject(o, "channel", b->channel);
	mask_add_applicant(o, mask_case_view(r, b->service, 0, single), b->name, b->id_number, b->phone);
	clk_json_add(o, "created_at", b->created_at);
	clk_json_add(o, "cancelled_at", b->cancelled_at);
	clk_json_add(o, "checked_in_at", b->checked_in_at);
	if (b->ticket)
		cJSON_AddNumberToObject(o, "ticket", (double)b->ticket);
	else
		cJSON_AddNullToObject(o, "ticket");
	return o;
}

/* Reply with booking id as one booking; status 200 or 201. */
static void bk_reply(struct req *r, int status, int64_t id)
{
	struct bk_row b;
	char key[24];
	snprintf(key, sizeof key, "%lld", (long long)id);
	if (bk_load(r->srv, key, &b)) {
		srv_error(r, 503, "busy", "the booking could not be read back; try again");
		return;
	}
	srv_reply(r, status, bk_json(r, &b, clk_now(), true));
}

/* The feed's event of a booking's change (kind: booking.created, .changed,
 * .cancelled, .checked_in): its number, service, day and slot, never the
 * applicant; ticket: its check-in's ticket (0: none).  The clerks' lists of
 * bookings and the board read again on it. */
static void bk_event(struct req *r, const char *kind, int64_t id, int64_t ticket)
{
	struct bk_row b;
	char key[24];
	snprintf(key, sizeof key, "%lld", (long long)id);
	if (bk_load(r->srv, key, &b))
		return;
	cJSON *ev = cJSON_CreateObject();
	cJSON_AddStringToObject(ev, "number", b.number);
	cJSON_AddStringToObject(ev, "service", b.service);
	cJSON_AddStringToObject(ev, "date", b.day);
	clk_json_add(ev, "slot", b.slot_at);
	ev_add(r, kind, 0, ticket, 0, ev);
}

/* ---- a booking missed ---- */

/* One booking missed and not yet told, told; 1, 0 when none is left, -1 on
 * error. */
static int bk_tell_missed_one(struct req *r, int64_t grace)
{
	struct srv *s = r->srv;
	db_q *st = db_prep(s, "SELECT id, number, service, day, slot_at FROM bookings WHERE status = 'booked' "
				   "AND missed_told = 0 AND slot_at < ? ORDER BY slot_at, id LIMIT 1", "I", clk_now() - grace);
	if (db_step(st) != DB_ROW) {
		db_reset(st);
		return 0;
	}
	int64_t id = db_col_i64(st, 0), slot = db_col_i64(st, 4);
	cJSON *ev = cJSON_CreateObject();
	cJSON_AddStringToObject(ev, "number", db_col_text(st, 1));
	cJSON_AddStringToObject(ev, "service", db_col_text(st, 2));
	cJSON_AddStringToObject(ev, "date", db_col_text(st, 3));
	clk_json_add(ev, "slot", slot);
	db_reset(st);
	if (db_run(s, "UPDATE bookings SET missed_told = 1 WHERE id = ?", "I", id)) {
		cJSON_Delete(ev);
		return -1;
	}
	ev_add_at(r, slot + grace, "booking.no_show", 0, 0, 0, ev);
	return 1;
}

void booking_sweep(struct srv *s)
{
	struct bk_conf c;
	if (!s->drills)
		return;
	bk_conf_read(s, NULL, &c);
	int64_t grace = 60 * (int64_t)c.grace_minutes;
	/* Before every request: the partial index bookings_untold answers it. */
	if (db_int(s, "SELECT count(*) FROM bookings WHERE status = 'booked' AND missed_told = 0 AND slot_at < ?",
		   0, "I", clk_now() - grace) == 0)
		return;
	struct req r = { .srv = s };
	int rc = db_begin(s);
	while (rc == 0 && (rc = bk_tell_missed_one(&r, grace)) == 1)
		rc = 0;
	if (rc == 0 && db_commit(s) == 0) {
		ev_wake(s);
		return;
	}
	db_rollback(s);
	log_warn("the bookings missed could not be told; tried again");
}

/* ---- booking and changing ---- */

/* "YYYY-MM-DD HH:MM" in the hall's time (as a clerk types it) into *at,
 * counted from the day's start as the slots are.  0, or -1. */
int bk_parse_local(const char *s, int64_t *at)
{
	char ymd[DATE_ISO_SIZE];
	date_t d;
	int hh, mm;
	if (strlen(s) != 16 || s[10] != ' ' || s[13] != ':' || sscanf(s + 11, "%2d:%2d", &hh, &mm) != 2 ||
	    hh < 0 || hh > 23 || mm < 0 || mm > 59)
		return -1;
	memcpy(ymd, s, 10);
	ymd[10] = '\0';
	if (!date_parse_iso(ymd, &d))
		return -1;
	*at = clk_day_start(d) + 3600 * (int64_t)hh + 60 * (int64_t)mm;
	return 0;
}

/* The body's "at", a slot of service's day that can be booked now (by
 * the rules c): 0 with *at, or -1 after an error reply.  except: the
 * booking being changed (it does not count against the slot). */
static int bk_req_slot(struct req *r, const char *service, const struct bk_conf *c, int64_t except, int64_t *at)
{
	struct srv *s = r->srv;
	const char *text;
	struct hours h;
	if (req_str(r, "at", true, &text) < 0)
		return -1;
	if (tk_parse_time(text, at) && bk_parse_local(text, at)) {
		srv_error(r, 400, "invalid_field", "the field 'at' must be a time \"YYYY-MM-DDTHH:MM:SS+08:00\" "
			  "or \"YYYY-MM-DD HH:MM\" (hall time)");
		return -1;
	}
	date_t d = clk_date_of(*at), today = clk_today();
	int64_t into = *at - clk_day_start(d);
	if (d < today || *at <= clk_now() || d > today + c->days_ahead) {
		srv_error_x(r, 409, "not_bookable", cJSON_CreateNumber(c->days_ahead),
			    "a booking is for a slot from now to %d days ahead", c->days_ahead);
		return -1;
	}
	if (!bk_service_hours(s, service, d, &h)) {
		srv_error(r, 409, "hall_closed", "the hall is closed on %s", text);
		return -1;
	}
	if (into % 60 || !hours_slot_ok(&h, c->slot_minutes, (int)(into / 60))) {
		srv_error(r, 409, "not_a_slot", "%s is not the start of a slot of %d minutes", text,
			  c->slot_minutes);
		return -1;
	}
	if (bk_taken(s, service, *at, except) >= c->capacity) {
		srv_error(r, 409, "slot_full", "the slot at %s is fully booked", text);
		return -1;
	}
	return 0;
}

/* 0 when the applicant (ID number) holds fewer than the day's limit of
 * bookings on the day of at, else -1 after a 409 booking_limit. */
static int bk_check_limit(struct req *r, const char *id_number, int64_t at, const struct bk_conf *c,
			  int64_t except)
{
	char day[DATE_ISO_SIZE];
	date_format_iso(clk_date_of(at), day);
	int64_t held = db_int(r->srv, "SELECT count(*) FROM bookings WHERE applicant_id = ? AND day = ? AND "
			      "status <> 'cancelled' AND id <> ?", 0, "ssI", id_number, day, except);
	if (held < c->daily_limit)
		return 0;
	srv_error_x(r, 409, "booking_limit", cJSON_CreateNumber(c->daily_limit),
		    "the applicant already holds %d booking%s on %s", c->daily_limit,
		    c->daily_limit == 1 ? "" : "s", day);
	return -1;
}

/* The body's channel, by default the caller's (a clerk takes phone
 * bookings, the app books through the kiosk's role); NULL after a 400. */
static const char *bk_req_channel(struct req *r)
{
	const char *ch = r->auth.role == ROLE_CLERK ? "phone" : "app";
	if (req_str(r, "channel", false, &ch) < 0)
		return NULL;
	for (size_t i = 0; i < sizeof bk_channels / sizeof bk_channels[0]; i++)
		if (strcmp(ch, bk_channels[i]) == 0)
			return bk_channels[i];
	srv_error(r, 400, "invalid_field", "the field 'channel' must be one of app, phone, counter");
	return NULL;
}

/* The booking number of a booking on day d: Y, the day as YYMMDD, and the
 * day's sequence ("Y261207-003"). */
static void bk_next_number(struct srv *s, date_t d, char out[24])
{
	char counter[48], iso[DATE_ISO_SIZE];
	int y, m, dd;
	date_format_iso(d, iso);
	date_to_ymd(d, &y, &m, &dd);
	snprintf(counter, sizeof counter, "booking:%s", iso);
	db_run(s, "INSERT INTO counters(name, value) VALUES(?, 1) "
	       "ON CONFLICT(name) DO UPDATE SET value = counters.value + 1", "s", counter);
	long long seq = db_int(s, "SELECT value FROM counters WHERE name = ?", 0, "s", counter);
	snprintf(out, 24, "Y%02d%02d%02d-%03lld", y % 100, m, dd, seq);
}

void h_booking_create(struct req *r)
{
	struct srv *s = r->srv;
	const char *name, *service_in = NULL, *matter = NULL, *channel;
	char id_number[CASE_ID_SIZE], phone[CASE_PHONE_SIZE], number[24], iso[DATE_ISO_SIZE];
	struct bk_conf c;
	int64_t at;
	if (req_str(r, "service", false, &service_in) < 0 || req_str(r, "matter", false, &matter) < 0 ||
	    case_req_applicant(r, &name, id_number, phone) || !(channel = bk_req_channel(r)))
		return;
	char *service = bk_service(r, service_in, matter);
	if (!service)
		return;
	bk_conf_read(s, service, &c);
	if (bk_req_slot(r, service, &c, 0, &at) == 0 && bk_check_limit(r, id_number, at, &c, 0) == 0) {
		date_t d = clk_date_of(at);
		date_format_iso(d, iso);
		bk_next_number(s, d, number);
		if (db_run(s, "INSERT INTO bookings(number, service, matter, day, slot_at, slot_minutes, "
			   "applicant_name, applicant_id, applicant_phone, channel, status, created_at, created_by) "
			   "VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'booked', ?, ?)", "ssssIissssIs", number, service,
			   matter, iso, at, c.slot_minutes, name, id_number, phone, channel, clk_now(),
			   r->auth.user)) {
			srv_error(r, 503, "busy", "the booking could not be recorded; try again");
		} else {
			int64_t id = db_last_id(s);
			bk_event(r, "booking.created", id, 0);
			bk_reply(r, 201, id);
		}
	}
	free(service);
}

/* The booking of the route, still booked (not checked in, cancelled or
 * past its grace); 0, or -1 after a 404 or 409 invalid_state. */
static int bk_find_open(struct req *r, struct bk_row *b)
{
	struct bk_conf c;
	if (bk_find(r, b))
		return -1;
	bk_conf_read(r->srv, NULL, &c);
	const char *st = bk_status(b, clk_now(), c.grace_minutes);
	if (strcmp(st, "booked") == 0)
		return 0;
	tk_conflict(r, "invalid_state", cJSON_CreateString(st), "booking %s is %s", b->number, st);
	return -1;
}

void h_booking_cancel(struct req *r)
{
	struct bk_row b;
	if (bk_find_open(r, &b))
		return;
	db_run(r->srv, "UPDATE bookings SET status = 'cancelled', cancelled_at = ? WHERE id = ?", "II",
	       clk_now(), b.id);
	bk_event(r, "booking.cancelled", b.id, 0);
	bk_reply(r, 200, b.id);
}

void h_booking_change(struct req *r)
{
	struct bk_row b;
	struct bk_conf c;
	int64_t at;
	if (bk_find_open(r, &b))
		return;
	bk_conf_read(r->srv, b.service, &c);
	if (bk_req_slot(r, b.service, &c, b.id, &at) || bk_check_limit(r, b.id_number, at, &c, b.id))
		return;
	char iso[DATE_ISO_SIZE];
	date_format_iso(clk_date_of(at), iso);
	db_run(r->srv, "UPDATE bookings SET slot_at = ?, day = ?, slot_minutes = ? WHERE id = ?", "IsiI",
	       at, iso, c.slot_minutes, b.id);
	bk_event(r, "booking.changed", b.id, 0);
	bk_reply(r, 200, b.id);
}

/* ---- check-in ---- */

/* A kiosk checks in only the applicant whose ID card it reads: the body's
 * "id_number" must be the booking's.  0, or -1 after a 4xx. */
static int bk_check_kiosk(struct req *r, const struct bk_row *b)
{
	const char *id;
	char norm[CASE_ID_SIZE];
	if (r->auth.role != ROLE_KIOSK)
		return 0;
	if (req_str(r, "id_number", true, &id) < 0)
		return -1;
	if (case_id_number_check(id, norm) && strcmp(norm, b->id_number) == 0)
		return 0;
	srv_error(r, 409, "not_the_applicant", "the ID number is not the one booking %s was made with", b->number);
	return -1;
}

void h_booking_check_in(struct req *r)
{
	struct srv *s = r->srv;
	struct bk_row b;
	struct bk_conf c;
	int64_t now = clk_now(), ticket;
	char today[DATE_ISO_SIZE], number[16];
	if (bk_find(r, &b) || bk_check_kiosk(r, &b))
		return;
	bk_conf_read(s, b.service, &c);
	date_format_iso(clk_today(), today);
	if (strcmp(b.status, "booked") != 0) {
		tk_conflict(r, "invalid_state", cJSON_CreateString(b.status), "booking %s is %s", b.number, b.status);
		return;
	}
	if (strcmp(b.day, today) != 0) {
		srv_error_x(r, 409, "not_today", cJSON_CreateString(b.day), "booking %s is for %s", b.number, b.day);
		return;
	}
	/* Within the grace the slot is the ticket's appointment; later the
	 * applicant queues like anyone who just came in. */
	bool late = now > b.slot_at + 60 * (int64_t)c.grace_minutes;
	int rc = ticket_insert(s, b.service, b.matter[0] ? b.matter : NULL, "none", late ? 0 : b.slot_at, now,
			       &ticket, number);
	if (rc || db_run(s, "UPDATE bookings SET status = 'checked_in', checked_in_at = ?, ticket = ?, late = ? "
			 "WHERE id = ?", "IIiI", now, ticket, late, b.id)) {
		srv_error(r, 503, "busy", "the check-in could not be recorded; try again");
		return;
	}
	struct tk_row t;
	tk_load(s, ticket, &t);
	ev_add(r, "ticket.issued", 0, ticket, 0, tk_issued_data(&t));
	bk_event(r, "booking.checked_in", b.id, ticket);
	bk_load(s, b.number, &b);
	cJSON *root = cJSON_CreateObject();
	cJSON_AddItemToObject(root, "booking", bk_json(r, &b, now, true));
	cJSON_AddItemToObject(root, "ticket", tk_json(&t, now, true));
	srv_reply(r, 201, root);
}

/* ---- reading ---- */

void h_booking_get(struct req *r)
{
	struct bk_row b;
	if (bk_find(r, &b) == 0)
		srv_reply(r, 200, bk_json(r, &b, clk_now(), true));
}

/* The ?window= filter: its services as "service IN (...)" through
 * window_services; 0 when none was given.  -1 after a 4xx. */
static int bk_query_window(struct req *r, int64_t *no)
{
	long v;
	*no = 0;
	if (!req_query(r, "window"))
		return 0;
	if (req_query_int(r, "window", 1, INT_MAX, 0, &v))
		return -1;
	*no = v;
	return 0;
}

void h_booking_list(struct req *r)
{
	struct srv *s = r->srv;
	date_t d;
	int64_t window, now = clk_now();
	const char *service = req_query(r, "service");
	char iso[DATE_ISO_SIZE];
	struct req_page p;
	if (req_query_date(r, "date", clk_today(), &d) || bk_query_window(r, &window) ||
	    req_query_page(r, SRV_PAGE_LIMIT, SRV_PAGE_MAX, &p))
		return;
	date_format_iso(d, iso);
#define BK_LIST_WHERE "FROM bookings WHERE day = ?1 AND status <> 'cancelled' AND (?2 IS NULL OR service = ?2) " \
	"AND (?3 = 0 OR service IN (SELECT service FROM window_services WHERE window = ?3))"
	int64_t total = db_int(s, "SELECT count(*) " BK_LIST_WHERE, 0, "ssI", iso, service, window);
	cJSON *arr = cJSON_CreateArray();
	struct bk_row b;
	db_q *st = db_prep(s, "SELECT " BK_COLS " " BK_LIST_WHERE " ORDER BY slot_at, id LIMIT ?4 OFFSET ?5",
				   "ssIII", iso, service, window, (int64_t)p.limit, (int64_t)p.offset);
#undef BK_LIST_WHERE
	while (db_step(st) == DB_ROW) {
		bk_row_read(st, &b);
		cJSON_AddItemToArray(arr, bk_json(r, &b, now, false));
	}
	db_reset(st);
	srv_reply_page(r, "bookings", arr, &p, total);
}

/* ---- the board and the report ---- */

/* Count service's capacity per hour of the day into cap[24]. */
static void bk_capacity_by_hour(struct srv *s, const char *service, date_t d, int64_t cap[24])
{
	struct bk_conf c;
	struct hours h;
	int starts[BK_SLOTS_MAX];
	bk_conf_read(s, service, &c);
	if (!bk_service_hours(s, service, d, &h))
		return;
	size_t n = hours_slots(&h, c.slot_minutes, starts, BK_SLOTS_MAX);
	for (size_t i = 0; i < n && i < BK_SLOTS_MAX; i++)
		if (starts[i] / 60 < 24)
			cap[starts[i] / 60] += c.capacity;
}

void bk_board_add(struct srv *s, cJSON *root, int64_t now)
{
	int64_t cap[24] = { 0 }, booked[24] = { 0 }, in[24] = { 0 }, missed[24] = { 0 };
	date_t today = clk_today();
	int64_t day = clk_day_start(today);
	struct bk_conf c;
	char iso[DATE_ISO_SIZE];
	bk_conf_read(s, NULL, &c);
	date_format_iso(today, iso);
	db_q *st = db_prep(s, "SELECT code FROM services ORDER BY sort", "");
	while (db_step(st) == DB_ROW)
		bk_capacity_by_hour(s, db_col_text(st, 0), today, cap);
	db_reset(st);
	st = db_prep(s, "SELECT slot_at, status FROM bookings WHERE day = ? AND status <> 'cancelled'", "s", iso);
	while (db_step(st) == DB_ROW) {
		int64_t hour = (db_col_i64(st, 0) - day) / 3600;
		const char *status = db_col_text(st, 1);
		if (hour < 0 || hour > 23)
			continue;
		booked[hour]++;
		in[hour] += strcmp(status, "checked_in") == 0;
		missed[hour] += strcmp(status, "booked") == 0 &&
			db_col_i64(st, 0) + 60 * (int64_t)c.grace_minutes < now;
	}
	db_reset(st);
	cJSON *arr = cJSON_AddArrayToObject(root, "bookings");
	for (int hr = 0; hr < 24; hr++) {
		if (!cap[hr] && !booked[hr])
			continue;
		cJSON *o = cJSON_CreateObject();
		cJSON_AddNumberToObject(o, "hour", hr);
		cJSON_AddNumberToObject(o, "capacity", (double)cap[hr]);
		cJSON_AddNumberToObject(o, "booked", (double)booked[hr]);
		cJSON_AddNumberToObject(o, "checked_in", (double)in[hr]);
		cJSON_AddNumberToObject(o, "no_show", (double)missed[hr]);
		cJSON_AddItemToArray(arr, o);
	}
}

void bk_report_add(struct srv *s, cJSON *root, date_t from, date_t to, int64_t now)
{
	struct bk_conf c;
	char f[DATE_ISO_SIZE], t[DATE_ISO_SIZE];
	bk_conf_read(s, NULL, &c);
	date_format_iso(from, f);
	date_format_iso(to, t);
	db_q *st = db_prep(s, "SELECT "
				   "coalesce(sum(CASE WHEN status <> 'cancelled' THEN 1 ELSE 0 END), 0), "
				   "coalesce(sum(CASE WHEN status = 'checked_in' AND late = 0 THEN 1 ELSE 0 END), 0), "
				   "coalesce(sum(CASE WHEN status = 'checked_in' AND late <> 0 THEN 1 ELSE 0 END), 0), "
				   "coalesce(sum(CASE WHEN status = 'booked' AND slot_at + ?3 < ?4 THEN 1 ELSE 0 END), 0), "
				   "coalesce(sum(CASE WHEN status = 'cancelled' THEN 1 ELSE 0 END), 0) "
				   "FROM bookings WHERE day >= ?1 AND day <= ?2", "ssII", f, t,
				   60 * (int64_t)c.grace_minutes, now);
	static const char *const names[] = { "booked", "checked_in", "late", "no_show", "cancelled" };
	cJSON *o = cJSON_AddObjectToObject(root, "bookings");
	bool row = db_step(st) == DB_ROW;
	for (int i = 0; i < 5; i++)
		cJSON_AddNumberToObject(o, names[i], row ? (double)db_col_i64(st, i) : 0);
	db_reset(st);
}
