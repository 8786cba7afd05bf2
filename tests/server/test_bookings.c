/* test_bookings.c - appointments (预约), issue #17, against a real wicketd:
 *
 * - the hall's hours: the calendar's holidays close it, an exception by
 *   date shortens a day, a working weekend (调休) opens;
 * - slots: their length and capacity, what cannot be booked (a closed
 *   day, past the days ahead, not a slot's start, a full slot), the limit
 *   per applicant per day; change and cancel free the slot;
 * - the applicant is masked but for a clerk of the service, absent for the
 *   kiosk;
 * - check-in: within the grace the ticket is called before walk-ins and
 *   priority; late it queues like a walk-in; never checked in it is a
 *   no-show; a kiosk checks in only with the applicant's ID number;
 * - the board's bookings per hour against capacity and the report's
 *   counts, checked against the scenario built here;
 * - 延时: a service started after closing time is marked and counted per
 *   window, with its minutes;
 * - 不打烊: a supervisor's Saturday and evening sessions for window 1 keep
 *   clear of the hall's hours and of each other, take bookings for its
 *   services only, keep its evening service from being 延时 (window 3's is),
 *   and are reported apart with what they served;
 * - 上门服务: a home visit booked for an elderly applicant and assigned to
 *   a clerk of the matter's service; on its day that clerk (only) takes
 *   the case away from the hall under the counter's rules; the address is
 *   hidden from clerks of other services; the report counts it.
 *
 * The server's clock is moved with --time-shift to fixed days of 2026 (the
 * demo calendar covers them) over restarts on the same database. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "harness.h"
#include "wicket/common/xalloc.h"

#define ID_A "510823198803052424"
#define ID_B "510823198507120314"
#define ID_C "510823195203150027"
#define PHONE "13812345678"

struct fx {
	struct wd w;
	bool started;
	char data[320];
	char *sup, *kiosk, *clerk1, *clerk3;
};

static void fx_login(struct fx *f)
{
	free(f->sup);
	free(f->kiosk);
	free(f->clerk1);
	free(f->clerk3);
	f->sup = wd_login(&f->w, "supervisor", 0);
	f->kiosk = wd_login(&f->w, "kiosk", 0);
	f->clerk1 = wd_login(&f->w, "clerk1", 1);
	f->clerk3 = wd_login(&f->w, "clerk3", 3);
}

/* (Re)start wicketd with its clock at `at` (hall time) on the same
 * database, and sign everyone in again. */
static void fx_at(struct fx *f, const char *at)
{
	char args[512];
	snprintf(args, sizeof args, "--time-shift %lld --data %s",
		 (long long)(wd_hall_epoch(at) - (int64_t)time(NULL)), f->data);
	if (f->started) {
		if (f->w.pid > 0)
			assert_int_equal(wd_term(&f->w), 0);
		wd_restart(&f->w, args);
	} else {
		wd_start(&f->w, true, args);
		f->started = true;
	}
	fx_login(f);
}

/* The demo hall with no queue and no bookings; MAR's slots take 2, and
 * 30 September closes at noon. */
static void fx_data(struct fx *f)
{
	tmp_make(f->data, sizeof f->data);
	data_copy(getenv("WICKET_DATADIR"), f->data);
	file_write(f->data, "demo/tickets.json", "[]\n", 3);
	file_write(f->data, "demo/bookings.json", "[]\n", 3);
	char path[400];
	snprintf(path, sizeof path, "%s/demo/hall.json", f->data);
	char *text = slurp(path);
	cJSON *root = cJSON_Parse(text);
	free(text);
	cJSON *set = cJSON_GetObjectItem(root, "settings");
	cJSON_DeleteItemFromObject(set, "opening_exceptions");
	cJSON_DeleteItemFromObject(set, "bookings");
	cJSON_AddItemToObject(set, "opening_exceptions", cJSON_Parse("{\"2026-09-30\":\"09:00-12:00\"}"));
	/* No extended_hours_hold: the default holds the windows (test_extended). */
	cJSON_AddItemToObject(set, "bookings", cJSON_Parse(
		"{\"days_ahead\":7,\"slot_minutes\":30,\"slot_capacity\":2,\"daily_limit\":1,"
		"\"grace_minutes\":15}"));
	text = cJSON_Print(root);
	file_write(f->data, "demo/hall.json", text, strlen(text));
	free(text);
	cJSON_Delete(root);
}

static int setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof *f);
	fx_data(f);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	wd_stop(&f->w);
	tmp_remove(f->data);
	free(f->sup);
	free(f->kiosk);
	free(f->clerk1);
	free(f->clerk3);
	free(f);
	return 0;
}

/* ---- requests ---- */

static char *fmt(const char *format, ...) __attribute__((format(printf, 1, 2)));
static char *fmt(const char *format, ...)
{
	va_list ap, again;
	va_start(ap, format);
	va_copy(again, ap);
	int n = vsnprintf(NULL, 0, format, ap);
	va_end(ap);
	char *s = xmalloc((size_t)n + 1);
	vsnprintf(s, (size_t)n + 1, format, again);
	va_end(again);
	return s;
}

/* POST /bookings of service at `at` for the applicant id by token; the
 * reply when want is 201, else NULL after checking the error code. */
static cJSON *book(struct fx *f, const char *token, const char *service, const char *at, const char *id,
		   long want, const char *code)
{
	char *body = fmt("{\"service\":\"%s\",\"at\":\"%s\",\"applicant\":{\"name\":\"张三\","
			 "\"id_number\":\"%s\",\"phone\":\"" PHONE "\"}}", service, at, id);
	cJSON *j = NULL;
	if (want == 201)
		j = wd_call(&f->w, "POST", "/api/v1/bookings", token, body, 201);
	else
		wd_call_err(&f->w, "POST", "/api/v1/bookings", token, body, want, code, NULL);
	free(body);
	return j;
}

static int64_t book_id(struct fx *f, const char *service, const char *at, const char *id)
{
	cJSON *j = book(f, f->clerk1, service, at, id, 201, NULL);
	int64_t v = (int64_t)jnum(j, "id");
	cJSON_Delete(j);
	return v;
}

/* The slot of `at` (its "at" in full) in GET /slots: how many it holds. */
static int slot_booked(struct fx *f, const char *service, const char *date, const char *at)
{
	char *path = fmt("/api/v1/slots?service=%s&date=%s", service, date);
	cJSON *j = wd_call(&f->w, "GET", path, f->kiosk, NULL, 200), *s;
	free(path);
	int n = -1;
	cJSON_ArrayForEach(s, cJSON_GetObjectItem(j, "slots"))
		if (strcmp(jstr(s, "at"), at) == 0)
			n = (int)jnum(s, "booked");
	cJSON_Delete(j);
	return n;
}

static cJSON *post(struct fx *f, const char *token, const char *body, long want, const char *path)
{
	return wd_call(&f->w, "POST", path, token, body, want);
}

static void post_ok(struct fx *f, const char *token, const char *body, long want, const char *path)
{
	cJSON_Delete(post(f, token, body, want, path));
}

/* POST /bookings/{id}/check-in by token: the ticket's id; *appointment
 * whether it carries the appointment. */
static int64_t check_in(struct fx *f, const char *token, int64_t booking, bool *appointment)
{
	char *path = fmt("/api/v1/bookings/%lld/check-in", (long long)booking);
	cJSON *j = post(f, token, NULL, 201, path);
	free(path);
	cJSON *t = cJSON_GetObjectItem(j, "ticket");
	*appointment = cJSON_IsTrue(cJSON_GetObjectItem(t, "appointment"));
	int64_t id = (int64_t)jnum(t, "id");
	assert_string_equal(jstr(cJSON_GetObjectItem(j, "booking"), "status"), "checked_in");
	cJSON_Delete(j);
	return id;
}

/* A ticket of service from the kiosk, of priority; its id. */
static int64_t issue_as(struct fx *f, const char *service, const char *priority)
{
	char *body = fmt("{\"service\":\"%s\",\"priority\":\"%s\"}", service, priority);
	cJSON *j = post(f, f->kiosk, body, 201, "/api/v1/tickets");
	free(body);
	int64_t id = (int64_t)jnum(j, "id");
	cJSON_Delete(j);
	return id;
}

/* A MAR walk-in of priority; its id. */
static int64_t walk_in(struct fx *f, const char *priority)
{
	return issue_as(f, "MAR", priority);
}

/* Window 1 calls next: the ticket's id. */
static int64_t call_next(struct fx *f)
{
	cJSON *j = post(f, f->clerk1, NULL, 200, "/api/v1/windows/1/call");
	int64_t id = (int64_t)jnum(j, "id");
	cJSON_Delete(j);
	return id;
}

static void ticket_step(struct fx *f, int64_t id, const char *step)
{
	char *path = fmt("/api/v1/tickets/%lld/%s", (long long)id, step);
	post_ok(f, f->clerk1, NULL, 200, path);
	free(path);
}

static void serve(struct fx *f, int64_t id)
{
	ticket_step(f, id, "start");
	ticket_step(f, id, "finish");
}

/* ---- the hall's hours ---- */

static void test_hours(void **state)
{
	struct fx *f = *state;
	fx_at(f, "2026-09-28T08:30:00");
	cJSON *j = wd_call(&f->w, "GET", "/api/v1/hours?from=2026-09-28&to=2026-10-10", f->kiosk, NULL, 200);
	cJSON *days = cJSON_GetObjectItem(j, "days");
	assert_int_equal(cJSON_GetArraySize(days), 13);
	cJSON *mon = cJSON_GetArrayItem(days, 0), *wed = cJSON_GetArrayItem(days, 2);
	cJSON *thu = cJSON_GetArrayItem(days, 3), *sat10 = cJSON_GetArrayItem(days, 12);
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(mon, "open")));
	assert_string_equal(jstr(mon, "hours"), "09:00-12:00,13:30-17:00");
	assert_string_equal(jstr(mon, "closes_at"), "2026-09-28T17:00:00+08:00");
	/* The exception: 30 September closes at noon. */
	assert_string_equal(jstr(wed, "hours"), "09:00-12:00");
	/* National Day (国庆节) from the calendar: closed. */
	assert_false(cJSON_IsTrue(cJSON_GetObjectItem(thu, "open")));
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(thu, "closes_at")));
	/* Saturday 10 October is a working day (调休): open, the workday's hours. */
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(sat10, "open")));
	assert_string_equal(jstr(sat10, "hours"), "09:00-12:00,13:30-17:00");
	cJSON_Delete(j);

	book(f, f->clerk1, "MAR", "2026-10-01T10:00:00+08:00", ID_A, 409, "hall_closed");
	book(f, f->clerk1, "MAR", "2026-10-03T10:00:00+08:00", ID_A, 409, "hall_closed");
	book(f, f->clerk1, "MAR", "2026-09-30T14:00:00+08:00", ID_A, 409, "not_a_slot");
	cJSON_Delete(book(f, f->clerk1, "MAR", "2026-09-30T11:30:00+08:00", ID_A, 201, NULL));
	/* The slots of a closed day: none. */
	j = wd_call(&f->w, "GET", "/api/v1/slots?service=MAR&date=2026-10-02", f->kiosk, NULL, 200);
	assert_false(cJSON_IsTrue(cJSON_GetObjectItem(j, "open")));
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(j, "slots")), 0);
	cJSON_Delete(j);
}

/* ---- slots, capacity, the limit, change and cancel ---- */

static void test_slots(void **state)
{
	struct fx *f = *state;
	fx_at(f, "2026-11-23T08:30:00");
	cJSON *j = wd_call(&f->w, "GET", "/api/v1/slots?service=MAR&date=2026-11-24", f->kiosk, NULL, 200);
	cJSON *slots = cJSON_GetObjectItem(j, "slots");
	/* 09:00-12:00 and 13:30-17:00 in half hours: 6 + 7. */
	assert_int_equal(cJSON_GetArraySize(slots), 13);
	assert_string_equal(jstr(cJSON_GetArrayItem(slots, 6), "at"), "2026-11-24T13:30:00+08:00");
	assert_int_equal((int)jnum(cJSON_GetArrayItem(slots, 0), "capacity"), 2);
	cJSON_Delete(j);

	const char *ten = "2026-11-24T10:00:00+08:00";
	cJSON *a = book(f, f->kiosk, "MAR", ten, ID_A, 201, NULL);
	/* The kiosk (the app) sees no applicant; the number names the day. */
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(a, "applicant")));
	assert_string_equal(jstr(a, "number"), "Y261124-001");
	assert_string_equal(jstr(a, "channel"), "app");
	assert_string_equal(jstr(a, "status"), "booked");
	int64_t ida = (int64_t)jnum(a, "id");
	cJSON_Delete(a);
	int64_t idb = book_id(f, "MAR", ten, ID_B);
	book(f, f->clerk1, "MAR", ten, ID_C, 409, "slot_full");
	assert_int_equal(slot_booked(f, "MAR", "2026-11-24", ten), 2);
	/* One a day per applicant; another day is fine. */
	book(f, f->clerk1, "MAR", "2026-11-24T14:00:00+08:00", ID_A, 409, "booking_limit");
	cJSON_Delete(book(f, f->clerk1, "MAR", "2026-11-25T14:00:00+08:00", ID_A, 201, NULL));
	book(f, f->clerk1, "MAR", "2026-11-24T10:15:00+08:00", ID_C, 409, "not_a_slot");
	book(f, f->clerk1, "MAR", "2026-11-24T12:00:00+08:00", ID_C, 409, "not_a_slot");
	book(f, f->clerk1, "MAR", "2026-12-01T10:00:00+08:00", ID_C, 409, "not_bookable");
	book(f, f->clerk1, "MAR", "2026-11-23T08:00:00+08:00", ID_C, 409, "not_bookable");

	/* The clerk of the service sees the applicant in full; a clerk of
	 * another service sees none; the supervisor's list is masked. */
	char *path = fmt("/api/v1/bookings/%lld", (long long)idb);
	j = wd_call(&f->w, "GET", path, f->clerk1, NULL, 200);
	assert_string_equal(jstr(cJSON_GetObjectItem(j, "applicant"), "id_number"), ID_B);
	assert_string_equal(jstr(j, "channel"), "phone");
	cJSON_Delete(j);
	free(path);
	j = wd_call(&f->w, "GET", "/api/v1/bookings?date=2026-11-24", f->sup, NULL, 200);
	char *text = cJSON_PrintUnformatted(j);
	assert_null(strstr(text, ID_B));
	assert_null(strstr(text, PHONE));
	assert_non_null(strstr(text, "5108**********0314"));
	free(text);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(j, "bookings")), 2);
	cJSON_Delete(j);
	j = wd_call(&f->w, "GET", "/api/v1/bookings?date=2026-11-24", f->clerk3, NULL, 200);
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(j, "bookings"), 0),
						     "applicant")));
	cJSON_Delete(j);
	j = wd_call(&f->w, "GET", "/api/v1/bookings?window=3&date=2026-11-24", f->clerk3, NULL, 200);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(j, "bookings")), 0);
	cJSON_Delete(j);

	/* Change moves the booking; its old slot is free again. */
	path = fmt("/api/v1/bookings/%lld/change", (long long)ida);
	post_ok(f, f->kiosk, "{\"at\":\"2026-11-24T10:30:00+08:00\"}", 200, path);
	free(path);
	assert_int_equal(slot_booked(f, "MAR", "2026-11-24", ten), 1);
	assert_int_equal(slot_booked(f, "MAR", "2026-11-24", "2026-11-24T10:30:00+08:00"), 1);
	path = fmt("/api/v1/bookings/Y261124-001/cancel");
	post_ok(f, f->kiosk, NULL, 200, path);
	wd_call_err(&f->w, "POST", path, f->kiosk, NULL, 409, "invalid_state", NULL);
	free(path);
	assert_int_equal(slot_booked(f, "MAR", "2026-11-24", "2026-11-24T10:30:00+08:00"), 0);
	/* Checked in on the wrong day. */
	path = fmt("/api/v1/bookings/%lld/check-in", (long long)idb);
	wd_call_err(&f->w, "POST", path, f->clerk1, NULL, 409, "not_today", NULL);
	free(path);
}

/* ---- check-in, the order, grace and no-show; the board and report ---- */

static void test_check_in(void **state)
{
	struct fx *f = *state;
	fx_at(f, "2026-11-23T16:00:00");
	int64_t a = book_id(f, "MAR", "2026-11-24T09:00:00+08:00", ID_A);   /* comes late */
	int64_t b = book_id(f, "MAR", "2026-11-24T09:30:00+08:00", ID_B);   /* never comes */
	int64_t c = book_id(f, "MAR", "2026-11-24T10:00:00+08:00", ID_C);   /* on time */

	fx_at(f, "2026-11-24T09:20:00");
	post_ok(f, f->clerk1, NULL, 200, "/api/v1/windows/1/open");
	int64_t walk1 = walk_in(f, "none");
	bool appt;
	int64_t ta = check_in(f, f->clerk1, a, &appt);
	assert_false(appt);            /* 09:20 is past 09:00 + 15 minutes */
	char *path = fmt("/api/v1/bookings/%lld", (long long)a);
	cJSON *j = wd_call(&f->w, "GET", path, f->clerk1, NULL, 200);
	free(path);
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(j, "late")));
	cJSON_Delete(j);
	/* Late, A queues behind the walk-in who came first. */
	assert_true(call_next(f) == walk1);
	serve(f, walk1);
	assert_true(call_next(f) == ta);
	serve(f, ta);

	fx_at(f, "2026-11-24T09:55:00");
	int64_t walk2 = walk_in(f, "none"), old = walk_in(f, "elderly");
	/* A kiosk checks in only with the applicant's ID number. */
	path = fmt("/api/v1/bookings/%lld/check-in", (long long)c);
	wd_call_err(&f->w, "POST", path, f->kiosk, "{\"id_number\":\"" ID_A "\"}", 409, "not_the_applicant", NULL);
	j = post(f, f->kiosk, "{\"id_number\":\"" ID_C "\"}", 201, path);
	free(path);
	int64_t tc = (int64_t)jnum(cJSON_GetObjectItem(j, "ticket"), "id");
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(cJSON_GetObjectItem(j, "ticket"), "appointment")));
	cJSON_Delete(j);
	/* Due (10:00 is within ten minutes): before priority and walk-ins. */
	assert_true(call_next(f) == tc);
	serve(f, tc);
	assert_true(call_next(f) == old);
	serve(f, old);
	assert_true(call_next(f) == walk2);
	serve(f, walk2);
	/* B is past its grace: a no-show, no longer to be changed. */
	path = fmt("/api/v1/bookings/%lld", (long long)b);
	j = wd_call(&f->w, "GET", path, f->sup, NULL, 200);
	assert_string_equal(jstr(j, "status"), "no_show");
	cJSON_Delete(j);
	free(path);
	path = fmt("/api/v1/bookings/%lld/cancel", (long long)b);
	wd_call_err(&f->w, "POST", path, f->clerk1, NULL, 409, "invalid_state", NULL);
	free(path);

	/* The board: hour 9 holds A and B (B missed), hour 10 C; every
	 * service's two slots of 2 an hour (MAR's too, in this hall). */
	j = wd_call(&f->w, "GET", "/api/v1/board", f->sup, NULL, 200);
	cJSON *hours = cJSON_GetObjectItem(j, "bookings"), *h, *h9 = NULL, *h10 = NULL;
	cJSON_ArrayForEach(h, hours) {
		if (jnum(h, "hour") == 9)
			h9 = h;
		if (jnum(h, "hour") == 10)
			h10 = h;
	}
	assert_non_null(h9);
	assert_non_null(h10);
	assert_int_equal((int)jnum(h9, "capacity"), 9 * 2 * 2);   /* 9 services, 帮办代办 among them */
	assert_int_equal((int)jnum(h9, "booked"), 2);
	assert_int_equal((int)jnum(h9, "checked_in"), 1);
	assert_int_equal((int)jnum(h9, "no_show"), 1);
	assert_int_equal((int)jnum(h10, "booked"), 1);
	assert_int_equal((int)jnum(h10, "checked_in"), 1);
	cJSON_Delete(j);

	/* The report of the day: 3 booked, 1 on time, 1 late, 1 no-show. */
	j = wd_call(&f->w, "GET", "/api/v1/reports?from=2026-11-24&to=2026-11-24", f->sup, NULL, 200);
	cJSON *bk = cJSON_GetObjectItem(j, "bookings");
	assert_int_equal((int)jnum(bk, "booked"), 3);
	assert_int_equal((int)jnum(bk, "checked_in"), 1);
	assert_int_equal((int)jnum(bk, "late"), 1);
	assert_int_equal((int)jnum(bk, "no_show"), 1);
	assert_int_equal((int)jnum(bk, "cancelled"), 0);
	cJSON_Delete(j);
}

/* ---- 延时: started after closing ---- */

static void test_extended(void **state)
{
	struct fx *f = *state;
	fx_at(f, "2026-11-24T16:50:00");
	post_ok(f, f->clerk1, NULL, 200, "/api/v1/windows/1/open");
	int64_t t1 = walk_in(f, "none"), t2 = walk_in(f, "none"), t3 = walk_in(f, "none");
	assert_true(call_next(f) == t1);
	ticket_step(f, t1, "start");
	char *path = fmt("/api/v1/tickets/%lld/finish", (long long)t1);
	cJSON *j = post(f, f->clerk1, NULL, 200, path);
	free(path);
	assert_false(cJSON_IsTrue(cJSON_GetObjectItem(j, "extended")));
	cJSON_Delete(j);

	fx_at(f, "2026-11-24T17:05:00");
	assert_true(call_next(f) == t2);
	path = fmt("/api/v1/tickets/%lld/start", (long long)t2);
	j = post(f, f->clerk1, NULL, 200, path);
	free(path);
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(j, "extended")));
	cJSON_Delete(j);
	fx_at(f, "2026-11-24T17:20:00");
	ticket_step(f, t2, "finish");
	/* 延时: the window stays open while the last applicant waits (the
	 * hall's default: it does not set extended_hours_hold); one waits. */
	struct resp rp;
	assert_int_equal(http(&f->w, "POST", "/api/v1/windows/1/close", f->clerk1, NULL, NULL, &rp), 409);
	assert_string_equal(resp_error_code(&rp), "still_waiting");
	j = cJSON_Parse(rp.body);
	resp_free(&rp);
	assert_int_equal((int)jnum(cJSON_GetObjectItem(j, "error"), "current"), 1);
	cJSON_Delete(j);
	assert_true(call_next(f) == t3);
	ticket_step(f, t3, "no-show");
	post_ok(f, f->clerk1, NULL, 200, "/api/v1/windows/1/close");

	j = wd_call(&f->w, "GET", "/api/v1/reports?from=2026-11-24&to=2026-11-24&by=window", f->sup, NULL, 200);
	cJSON *row = cJSON_GetArrayItem(cJSON_GetObjectItem(j, "rows"), 0);
	assert_string_equal(jstr(row, "key"), "1");
	assert_int_equal((int)jnum(row, "tickets_served"), 2);
	assert_int_equal((int)jnum(row, "no_shows"), 1);
	assert_int_equal((int)jnum(row, "extended_services"), 1);
	assert_int_equal((int)jnum(row, "extended_minutes"), 15);
	cJSON_Delete(j);
	j = wd_call(&f->w, "GET", "/api/v1/reports?from=2026-11-24&to=2026-11-24&by=clerk", f->sup, NULL, 200);
	row = cJSON_GetArrayItem(cJSON_GetObjectItem(j, "rows"), 0);
	assert_string_equal(jstr(row, "key"), "clerk1");
	assert_int_equal((int)jnum(row, "extended_services"), 1);
	cJSON_Delete(j);
}

/* ---- 不打烊: weekend and evening sessions ---- */

/* Window no's clerk calls ticket id and starts it: whether the start was
 * marked 延时. */
static bool serve_at(struct fx *f, const char *token, int no, int64_t id)
{
	char *path = fmt("/api/v1/windows/%d/call", no);
	char *body = fmt("{\"ticket\":%lld}", (long long)id);
	post_ok(f, token, body, 200, path);
	free(body);
	free(path);
	path = fmt("/api/v1/tickets/%lld/start", (long long)id);
	cJSON *j = post(f, token, NULL, 200, path);
	free(path);
	bool extended = cJSON_IsTrue(cJSON_GetObjectItem(j, "extended"));
	cJSON_Delete(j);
	return extended;
}

static int64_t issue(struct fx *f, const char *service)
{
	return issue_as(f, service, "none");
}

static void finish(struct fx *f, const char *token, int64_t id)
{
	char *path = fmt("/api/v1/tickets/%lld/finish", (long long)id);
	post_ok(f, token, NULL, 200, path);
	free(path);
}

static void test_extra_sessions(void **state)
{
	struct fx *f = *state;
	fx_at(f, "2026-11-26T10:00:00");
	/* Saturday morning for window 1 (MAR, SOC); Thursday evening too. */
	cJSON *j = post(f, f->sup, "{\"date\":\"2026-11-28\",\"hours\":\"09:00-12:00\",\"windows\":[1]}", 201,
			"/api/v1/extra-sessions");
	assert_string_equal(jstr(j, "starts_at"), "2026-11-28T09:00:00+08:00");
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(j, "windows")), 1);
	cJSON_Delete(j);
	wd_call_err(&f->w, "POST", "/api/v1/extra-sessions", f->sup,
		    "{\"date\":\"2026-11-26\",\"hours\":\"16:00-18:00\",\"windows\":[1]}", 409, "overlaps_hours", NULL);
	post_ok(f, f->sup, "{\"date\":\"2026-11-26\",\"hours\":\"17:00-19:00\",\"windows\":[1]}", 201,
		"/api/v1/extra-sessions");
	wd_call_err(&f->w, "POST", "/api/v1/extra-sessions", f->sup,
		    "{\"date\":\"2026-11-26\",\"hours\":\"18:30-20:00\",\"windows\":[2]}", 409, "overlaps_hours", NULL);
	wd_call_err(&f->w, "POST", "/api/v1/extra-sessions", f->clerk1,
		    "{\"date\":\"2026-11-28\",\"hours\":\"13:00-15:00\",\"windows\":[1]}", 403, "forbidden", NULL);
	j = wd_call(&f->w, "GET", "/api/v1/extra-sessions?from=2026-11-26&to=2026-11-28", f->kiosk, NULL, 200);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(j, "extra_sessions")), 2);
	cJSON_Delete(j);

	/* Booking in a session: the services of its windows only. */
	cJSON_Delete(book(f, f->clerk1, "MAR", "2026-11-28T10:00:00+08:00", ID_A, 201, NULL));
	book(f, f->clerk1, "PEN", "2026-11-28T10:00:00+08:00", ID_B, 409, "hall_closed");
	cJSON_Delete(book(f, f->clerk1, "MAR", "2026-11-26T18:00:00+08:00", ID_B, 201, NULL));

	/* The evening: window 1 is in the session, window 3 is 延时. */
	fx_at(f, "2026-11-26T17:30:00");
	post_ok(f, f->clerk1, NULL, 200, "/api/v1/windows/1/open");
	post_ok(f, f->clerk3, NULL, 200, "/api/v1/windows/3/open");
	int64_t m = issue(f, "MAR"), p = issue(f, "PEN");
	assert_false(serve_at(f, f->clerk1, 1, m));
	assert_true(serve_at(f, f->clerk3, 3, p));
	fx_at(f, "2026-11-26T17:50:00");
	finish(f, f->clerk1, m);
	finish(f, f->clerk3, p);

	/* Saturday: tickets work in the session. */
	fx_at(f, "2026-11-28T09:10:00");
	int64_t sat = issue(f, "MAR");
	assert_false(serve_at(f, f->clerk1, 1, sat));
	fx_at(f, "2026-11-28T09:40:00");
	finish(f, f->clerk1, sat);

	j = wd_call(&f->w, "GET", "/api/v1/reports?from=2026-11-26&to=2026-11-28", f->sup, NULL, 200);
	cJSON *ses = cJSON_GetObjectItem(j, "extra_sessions");
	assert_int_equal(cJSON_GetArraySize(ses), 2);
	cJSON *thu = cJSON_GetArrayItem(ses, 0), *satr = cJSON_GetArrayItem(ses, 1);
	assert_string_equal(jstr(thu, "date"), "2026-11-26");
	assert_int_equal((int)jnum(thu, "tickets_served"), 1);
	assert_int_equal((int)jnum(thu, "handle_minutes"), 20);
	assert_string_equal(jstr(satr, "hours"), "09:00-12:00");
	assert_int_equal((int)jnum(satr, "tickets_served"), 1);
	assert_int_equal((int)jnum(satr, "handle_minutes"), 30);
	assert_int_equal((int)jnum(cJSON_GetObjectItem(j, "total"), "extended_services"), 1);
	cJSON_Delete(j);
}

/* The kinds of the feed's events named prefix ("booking." or
 * "home_visit.") since seq 0, in order, joined by spaces, each with its
 * number ("created:Y261125-001 ..."), into out; a booking's no_show's "at"
 * into *missed_at (when one is there). */
static void feed_events(struct fx *f, const char *prefix, char *out, size_t len, char *missed_at, size_t mlen)
{
	cJSON *j = wd_call(&f->w, "GET", "/api/v1/events?since=0&wait=0", f->sup, NULL, 200), *e;
	size_t n = 0, plen = strlen(prefix);
	out[0] = '\0';
	cJSON_ArrayForEach(e, cJSON_GetObjectItem(j, "events")) {
		const char *kind = jstr(e, "kind");
		if (strncmp(kind, prefix, plen) != 0)
			continue;
		/* never the applicant, never where */
		assert_null(cJSON_GetObjectItem(cJSON_GetObjectItem(e, "data"), "applicant"));
		assert_null(cJSON_GetObjectItem(cJSON_GetObjectItem(e, "data"), "address"));
		n += (size_t)snprintf(out + n, len - n, "%s%s:%s", n ? " " : "", kind + plen,
				      jstr(cJSON_GetObjectItem(e, "data"), "number"));
		if (strcmp(kind, "booking.no_show") == 0)
			snprintf(missed_at, mlen, "%s", jstr(e, "at"));
		if (strcmp(kind, "booking.checked_in") == 0)
			assert_true(jnum(e, "ticket") > 0);
	}
	cJSON_Delete(j);
}

/* GET /bookings is paged; every change of a booking is on the feed:
 * created, changed, cancelled, checked in (with its ticket), and missed
 * (told once, by the first request after its grace, at the grace's end). */
static void test_booking_events_and_pages(void **state)
{
	struct fx *f = *state;
	char kinds[1024], missed[64] = "";
	fx_at(f, "2026-11-25T08:00:00");
	int64_t a = book_id(f, "MAR", "2026-11-25T10:00:00+08:00", ID_A);
	char *path = fmt("/api/v1/bookings/%lld/change", (long long)a);
	post_ok(f, f->clerk1, "{\"at\":\"2026-11-25T10:30:00+08:00\"}", 200, path);
	free(path);
	path = fmt("/api/v1/bookings/%lld/cancel", (long long)a);
	post_ok(f, f->clerk1, NULL, 200, path);
	free(path);
	int64_t b = book_id(f, "MAR", "2026-11-25T09:00:00+08:00", ID_B);
	book_id(f, "MAR", "2026-11-25T09:30:00+08:00", ID_C);
	/* Two left (the cancelled one is not listed), a page of one at a time. */
	cJSON *j = wd_call(&f->w, "GET", "/api/v1/bookings?date=2026-11-25&limit=1", f->clerk1, NULL, 200);
	assert_int_equal((int)jnum(j, "total"), 2);
	assert_int_equal((int)jnum(j, "limit"), 1);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(j, "bookings")), 1);
	assert_string_equal(jstr(cJSON_GetArrayItem(cJSON_GetObjectItem(j, "bookings"), 0), "number"), "Y261125-002");
	cJSON_Delete(j);
	j = wd_call(&f->w, "GET", "/api/v1/bookings?date=2026-11-25&limit=1&offset=1", f->clerk1, NULL, 200);
	assert_string_equal(jstr(cJSON_GetArrayItem(cJSON_GetObjectItem(j, "bookings"), 0), "number"), "Y261125-003");
	cJSON_Delete(j);
	wd_call_err(&f->w, "GET", "/api/v1/bookings?limit=501", f->clerk1, NULL, 400, "invalid_query", NULL);

	fx_at(f, "2026-11-25T09:05:00");
	path = fmt("/api/v1/bookings/%lld/check-in", (long long)b);
	cJSON_Delete(post(f, f->clerk1, NULL, 201, path));
	free(path);
	feed_events(f, "booking.", kinds, sizeof kinds, missed, sizeof missed);
	assert_string_equal(kinds, "created:Y261125-001 changed:Y261125-001 cancelled:Y261125-001 "
			    "created:Y261125-002 created:Y261125-003 checked_in:Y261125-002");
	/* 09:30 + 15 minutes of grace: missed, told once. */
	fx_at(f, "2026-11-25T10:00:00");
	feed_events(f, "booking.", kinds, sizeof kinds, missed, sizeof missed);
	feed_events(f, "booking.", kinds, sizeof kinds, missed, sizeof missed);
	assert_string_equal(kinds, "created:Y261125-001 changed:Y261125-001 cancelled:Y261125-001 "
			    "created:Y261125-002 created:Y261125-003 checked_in:Y261125-002 no_show:Y261125-003");
	assert_string_equal(missed, "2026-11-25T09:45:00+08:00");
}

/* A session closed by the supervisor: a running one ends then (a service
 * started after it is 延时 again), a planned one is called off (no slots);
 * both stay listed, ended; a clerk cannot close one, nor can it close twice. */
static void test_extra_session_closed(void **state)
{
	struct fx *f = *state;
	fx_at(f, "2026-11-26T10:00:00");
	cJSON *j = post(f, f->sup, "{\"date\":\"2026-11-26\",\"hours\":\"17:00-19:00\",\"windows\":[1]}", 201,
			"/api/v1/extra-sessions");
	assert_string_equal(jstr(j, "status"), "planned");
	char *tonight = fmt("/api/v1/extra-sessions/%lld/close", (long long)jnum(j, "id"));
	cJSON_Delete(j);
	j = post(f, f->sup, "{\"date\":\"2026-11-27\",\"hours\":\"18:00-20:00\",\"windows\":[1]}", 201,
		 "/api/v1/extra-sessions");
	char *friday = fmt("/api/v1/extra-sessions/%lld/close", (long long)jnum(j, "id"));
	cJSON_Delete(j);
	wd_call_err(&f->w, "POST", friday, f->clerk1, NULL, 403, "forbidden", NULL);
	j = post(f, f->sup, NULL, 200, friday);
	assert_string_equal(jstr(j, "status"), "ended");
	assert_string_equal(jstr(j, "ends_at"), "2026-11-27T18:00:00+08:00");
	assert_string_equal(jstr(j, "hours"), "18:00-20:00");
	cJSON_Delete(j);
	book(f, f->clerk1, "MAR", "2026-11-27T18:30:00+08:00", ID_A, 409, "not_a_slot");
	wd_call_err(&f->w, "POST", friday, f->sup, NULL, 409, "invalid_state", NULL);

	fx_at(f, "2026-11-26T17:30:00");
	post_ok(f, f->clerk1, NULL, 200, "/api/v1/windows/1/open");
	j = wd_call(&f->w, "GET", "/api/v1/extra-sessions?from=2026-11-26&to=2026-11-26", f->sup, NULL, 200);
	assert_string_equal(jstr(cJSON_GetArrayItem(cJSON_GetObjectItem(j, "extra_sessions"), 0), "status"), "open");
	cJSON_Delete(j);
	fx_at(f, "2026-11-26T17:40:00");
	j = post(f, f->sup, NULL, 200, tonight);
	assert_string_equal(jstr(j, "status"), "ended");
	assert_int_equal(strncmp(jstr(j, "ends_at"), "2026-11-26T17:40", 16), 0);   /* the clock runs on */
	cJSON_Delete(j);
	fx_at(f, "2026-11-26T17:45:00");
	assert_true(serve_at(f, f->clerk1, 1, issue(f, "MAR")));
	j = wd_call(&f->w, "GET", "/api/v1/extra-sessions?from=2026-11-26&to=2026-11-27", f->sup, NULL, 200);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(j, "extra_sessions")), 2);
	cJSON_Delete(j);
	free(tonight);
	free(friday);
}

/* ---- 上门服务: home visits ---- */

/* The ids of matter's materials as a JSON array, "[1,2,3]" (malloc'd). */
static char *all_materials(struct fx *f, const char *matter)
{
	char *path = fmt("/api/v1/matters/%s", matter);
	cJSON *j = wd_call(&f->w, "GET", path, f->kiosk, NULL, 200), *m;
	free(path);
	cJSON *ids = cJSON_CreateArray();
	cJSON_ArrayForEach(m, cJSON_GetObjectItem(j, "materials"))
		cJSON_AddItemToArray(ids, cJSON_CreateNumber(jnum(m, "id")));
	char *text = cJSON_PrintUnformatted(ids);
	cJSON_Delete(ids);
	cJSON_Delete(j);
	return text;
}

#define HOME_BODY(clerk) "{\"matter\":\"SOC-01\",\"group\":\"elderly\",\"applicant\":{\"name\":\"赵桂兰\"," \
	"\"id_number\":\"" ID_C "\",\"phone\":\"" PHONE "\"},\"address\":\"乔庄镇东街12号\"," \
	"\"at\":\"2026-11-24T14:00:00+08:00\",\"clerk\":\"" clerk "\"}"

static void test_home_visits(void **state)
{
	struct fx *f = *state;
	fx_at(f, "2026-11-23T10:00:00");
	wd_call_err(&f->w, "POST", "/api/v1/home-visits", f->sup, HOME_BODY("clerk3"), 409, "clerk_not_of_service",
		    NULL);
	struct resp rp;
	assert_int_equal(http(&f->w, "POST", "/api/v1/home-visits", f->sup, HOME_BODY("clerk2"), "hv-1", &rp), 201);
	cJSON *j = cJSON_Parse(rp.body);
	resp_free(&rp);
	/* A retry is answered from the store, where the address is not kept. */
	assert_int_equal(http(&f->w, "POST", "/api/v1/home-visits", f->sup, HOME_BODY("clerk2"), "hv-1", &rp), 201);
	assert_true(rp.replayed);
	assert_non_null(strstr(rp.body, "\"address\":null"));
	assert_null(strstr(rp.body, "乔庄镇"));
	resp_free(&rp);
	assert_string_equal(jstr(j, "number"), "H261124-001");
	assert_string_equal(jstr(j, "status"), "booked");
	assert_string_equal(jstr(j, "address"), "乔庄镇东街12号");
	/* The supervisor dispatches: the address, the ID number masked. */
	assert_string_equal(jstr(cJSON_GetObjectItem(j, "applicant"), "id_number"), "5108**********0027");
	cJSON_Delete(j);
	/* A clerk of another service sees neither the applicant nor where. */
	j = wd_call(&f->w, "GET", "/api/v1/home-visits/H261124-001", f->clerk3, NULL, 200);
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(j, "applicant")));
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(j, "address")));
	cJSON_Delete(j);
	char *received = all_materials(f, "SOC-01");
	char *body = fmt("{\"received\":%s}", received);
	free(received);
	char *clerk2 = wd_login(&f->w, "clerk2", 2);
	wd_call_err(&f->w, "POST", "/api/v1/home-visits/H261124-001/case", clerk2, body, 409, "not_today", NULL);
	free(clerk2);

	/* The time as a supervisor types it, in the hall's time (the form's
	 * "YYYY-MM-DD HH:MM", as for a booking); called off again. */
	j = post(f, f->sup, "{\"matter\":\"SOC-01\",\"group\":\"wubao\",\"applicant\":{\"name\":\"钱玉芬\","
		 "\"id_number\":\"" ID_C "\",\"phone\":\"" PHONE "\"},\"address\":\"竹园镇北街7号\","
		 "\"at\":\"2026-11-24 16:00\",\"clerk\":\"clerk2\"}", 201, "/api/v1/home-visits");
	assert_string_equal(jstr(j, "at"), "2026-11-24T16:00:00+08:00");
	char *cancel = fmt("/api/v1/home-visits/%s/cancel", jstr(j, "number"));
	cJSON_Delete(j);
	post_ok(f, f->sup, NULL, 200, cancel);
	free(cancel);

	/* Sent to clerk1 instead (a clerk of SOC too), then back: not to clerk3. */
	wd_call_err(&f->w, "POST", "/api/v1/home-visits/H261124-001/assign", f->sup, "{\"clerk\":\"clerk3\"}", 409,
		    "clerk_not_of_service", NULL);
	wd_call_err(&f->w, "POST", "/api/v1/home-visits/H261124-001/assign", f->clerk1, "{\"clerk\":\"clerk1\"}", 403,
		    "forbidden", NULL);
	j = post(f, f->sup, "{\"clerk\":\"clerk1\"}", 200, "/api/v1/home-visits/H261124-001/assign");
	assert_string_equal(jstr(j, "clerk"), "clerk1");
	cJSON_Delete(j);
	post_ok(f, f->sup, "{\"clerk\":\"clerk2\"}", 200, "/api/v1/home-visits/H261124-001/assign");

	fx_at(f, "2026-11-24T14:20:00");
	clerk2 = wd_login(&f->w, "clerk2", 2);
	/* Only the clerk it is assigned to takes its case. */
	wd_call_err(&f->w, "POST", "/api/v1/home-visits/H261124-001/case", f->clerk1, body, 403, "forbidden", NULL);
	j = post(f, clerk2, body, 201, "/api/v1/home-visits/H261124-001/case");
	free(body);
	/* The same rules as at the counter: complete, accepted, a due date. */
	assert_string_equal(jstr(j, "status"), "accepted");
	assert_non_null(jstr(j, "due"));
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(j, "ticket")));
	/* Marked 上门服务: the visit's number, in the reply and when read again. */
	assert_string_equal(jstr(j, "home_visit"), "H261124-001");
	int64_t kase = (int64_t)jnum(j, "id");
	cJSON_Delete(j);
	char *path = fmt("/api/v1/cases/%lld", (long long)kase);
	j = wd_call(&f->w, "GET", path, clerk2, NULL, 200);
	free(path);
	assert_string_equal(jstr(j, "home_visit"), "H261124-001");
	cJSON_Delete(j);
	j = wd_call(&f->w, "GET", "/api/v1/home-visits/H261124-001", clerk2, NULL, 200);
	assert_string_equal(jstr(j, "status"), "done");
	assert_true((int64_t)jnum(j, "case") == kase);
	assert_string_equal(jstr(cJSON_GetObjectItem(j, "applicant"), "id_number"), ID_C);
	cJSON_Delete(j);
	wd_call_err(&f->w, "POST", "/api/v1/home-visits/H261124-001/cancel", f->sup, NULL, 409, "invalid_state", NULL);
	free(clerk2);
	/* Each change of a visit was on the feed, for the lists that show it. */
	char kinds[512], none[8];
	feed_events(f, "home_visit.", kinds, sizeof kinds, none, sizeof none);
	assert_string_equal(kinds, "booked:H261124-001 booked:H261124-002 cancelled:H261124-002 "
			    "assigned:H261124-001 assigned:H261124-001 done:H261124-001");

	j = wd_call(&f->w, "GET", "/api/v1/reports?from=2026-11-24&to=2026-11-24", f->sup, NULL, 200);
	cJSON *hv = cJSON_GetObjectItem(j, "home_visits");
	assert_int_equal((int)jnum(hv, "done"), 1);
	assert_int_equal((int)jnum(hv, "booked"), 0);
	assert_int_equal((int)jnum(cJSON_GetObjectItem(hv, "done_by_group"), "elderly"), 1);
	/* Its case is accepted in the period like any other. */
	assert_int_equal((int)jnum(cJSON_GetObjectItem(j, "total"), "accepted"), 1);
	cJSON_Delete(j);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_hours), T(test_slots), T(test_check_in), T(test_extended),
		T(test_extra_sessions), T(test_extra_session_closed), T(test_booking_events_and_pages), T(test_home_visits),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
