/* test_day.c - the window's day against a real wicketd: the day rolls over
 * (what is left of yesterday expires, numbers restart), a no-show goes back
 * in the queue (过号重排), the hall's settings and time zone (GET /hall),
 * whether somebody is at a window (attended), transfers to a closed window
 * and with a reason, and a database of the schema before all this upgraded
 * in place.
 *
 * The next day is the same database on a server restarted with
 * --time-shift 86400; signing in again there, since the tokens of the day
 * before have expired. */
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

#include <cmocka.h>

#include "wicket/server/schema.h"

#include "harness.h"
#include "tdb.h"
#include "wicket/common/buf.h"
#include "wicket/common/xalloc.h"

#define DAY 86400

static struct wd W;
static char data_dir[256];    /* a copy of the demo data, when a test made one */

static int teardown(void **state)
{
	(void)state;
	wd_stop(&W);
	tmp_remove(data_dir);
	data_dir[0] = '\0';
	return 0;
}

/* ---- helpers ---- */

static cJSON *J(const char *method, const char *path, const char *token, const char *body, long want)
{
	return wd_call(&W, method, path, token, body, want);
}

static void ok(const char *method, const char *path, const char *token, const char *body, long want)
{
	cJSON_Delete(J(method, path, token, body, want));
}

static void err(const char *method, const char *path, const char *token, const char *body, long want,
		const char *code, const char *current)
{
	wd_call_err(&W, method, path, token, body, want, code, current);
}

/* The ticket id at place i (from 0) of window no's queue, or -1. */
static long long queue_at(const char *token, int no, int i)
{
	char path[64];
	snprintf(path, sizeof path, "/api/v1/windows/%d/queue", no);
	cJSON *q = J("GET", path, token, NULL, 200);
	cJSON *t = cJSON_GetArrayItem(cJSON_GetObjectItem(q, "tickets"), i);
	long long id = t ? (long long)jnum(t, "id") : -1;
	cJSON_Delete(q);
	return id;
}

/* The place of ticket id in window no's queue, or -1. */
static int place_in_queue(const char *token, int no, long long id)
{
	for (int i = 0; i < 200; i++) {
		long long at = queue_at(token, no, i);
		if (at == id)
			return i;
		if (at < 0)
			break;
	}
	return -1;
}

static long long call_ticket(const char *token, int no, long long id)
{
	char path[64], body[64];
	snprintf(path, sizeof path, "/api/v1/windows/%d/call", no);
	snprintf(body, sizeof body, "{\"ticket\":%lld}", id);
	cJSON *t = J("POST", path, token, id ? body : NULL, 200);
	long long got = (long long)jnum(t, "id");
	cJSON_Delete(t);
	return got;
}

static void ticket_step(const char *token, long long id, const char *step, const char *body, long want)
{
	char path[80];
	snprintf(path, sizeof path, "/api/v1/tickets/%lld/%s", id, step);
	ok("POST", path, token, body, want);
}

/* A string member of ticket id, copied into out. */
static void ticket_field(const char *token, long long id, const char *field, char *out, size_t len)
{
	char path[64];
	snprintf(path, sizeof path, "/api/v1/tickets/%lld", id);
	cJSON *t = J("GET", path, token, NULL, 200);
	snprintf(out, len, "%s", jstr(t, field) ? jstr(t, field) : "(null)");
	cJSON_Delete(t);
}

static void assert_status(const char *token, long long id, const char *want)
{
	char status[32];
	ticket_field(token, id, "status", status, sizeof status);
	assert_string_equal(status, want);
}

/* Stop, and start again on the same database `days` days on. */
static void next_day(int days, const char *more)
{
	char args[512];
	assert_int_equal(wd_term(&W), 0);
	snprintf(args, sizeof args, "--time-shift %d%s%s", days * DAY, more ? " " : "", more ? more : "");
	wd_restart(&W, args);
}

/* How many events of kind the feed holds. */
static int count_events(const char *token, const char *kind)
{
	cJSON *ev = J("GET", "/api/v1/events?since=0", token, NULL, 200), *e;
	int n = 0;
	cJSON_ArrayForEach(e, cJSON_GetObjectItem(ev, "events"))
		n += strcmp(jstr(e, "kind"), kind) == 0;
	cJSON_Delete(ev);
	return n;
}

/* Into data_dir (made here), the demo data whose morning queue is
 * per_service tickets of each service (oldest first), with the settings
 * object `settings` (JSON, NULL: the demo's) in its hall.json. */
static void make_data(const char *const *services, size_t n, int per_service, const char *settings)
{
	tmp_make(data_dir, sizeof data_dir);
	data_with_queue(getenv("WICKET_DATADIR"), data_dir, services, n, per_service);
	if (settings) {
		char path[400];
		snprintf(path, sizeof path, "%s/demo/hall.json", data_dir);
		char *text = slurp(path);
		cJSON *hall = cJSON_Parse(text);
		free(text);
		cJSON_ReplaceItemInObject(hall, "settings", cJSON_Parse(settings));
		text = cJSON_Print(hall);
		file_write(data_dir, "demo/hall.json", text, strlen(text));
		free(text);
		cJSON_Delete(hall);
	}
}

/* A demo hall made by make_data, served. */
static void start_hall(const char *const *services, size_t n, int per_service, const char *settings)
{
	make_data(services, n, per_service, settings);
	char args[400];
	snprintf(args, sizeof args, "--data %s", data_dir);
	wd_start_daytime(&W, args);
}

/* ---- the day rolls over ---- */

/* Yesterday's leftovers: a waiting ticket, one called and never served,
 * one sent to window 2 and not called, one in service.  The next day the
 * first three are expired (at the last second of their day, with an
 * event each), window 1 is free, nothing of yesterday is called, the
 * numbers start again at 001, and the report and the window's day of
 * yesterday count them. */
static void test_day_rolls_over(void **state)
{
	(void)state;
	static const char *const services[] = { "MAR", "SOC" };
	start_hall(services, 2, 3, NULL);
	char *c1 = wd_login(&W, "clerk1", 1), *c2 = wd_login(&W, "clerk2", 2);
	ok("POST", "/api/v1/windows/1/open", c1, NULL, 200);
	ok("POST", "/api/v1/windows/2/open", c2, NULL, 200);
	/* Window 2 serves one SOC ticket and keeps it in service. */
	long long serving = call_ticket(c2, 2, 0);
	ticket_step(c2, serving, "start", NULL, 200);
	/* Window 1: one sent on to window 2, one called and left standing. */
	long long sent = call_ticket(c1, 1, 0);
	ticket_step(c1, sent, "transfer", "{\"window\":2}", 200);
	long long called = call_ticket(c1, 1, 0);
	long long waiting = queue_at(c1, 1, 0);
	char yesterday[40];
	ticket_field(c1, waiting, "issued_at", yesterday, sizeof yesterday);
	yesterday[10] = '\0';
	free(c1);
	free(c2);

	next_day(1, NULL);
	char *sup = wd_login(&W, "supervisor", 0);
	c1 = wd_login(&W, "clerk1", 1);
	/* Nothing of yesterday is left to call. */
	assert_int_equal(queue_at(c1, 1, 0), -1);
	assert_int_equal(queue_at(c1, 2, 0), -1);
	err("POST", "/api/v1/windows/1/call", c1, NULL, 404, "queue_empty", NULL);
	assert_status(sup, waiting, "expired");
	assert_status(sup, called, "expired");
	assert_status(sup, serving, "serving");   /* its clerk finishes it */
	char at[40], want_at[40];
	ticket_field(sup, called, "expired_at", at, sizeof at);
	snprintf(want_at, sizeof want_at, "%.10sT23:59:59+08:00", yesterday);
	assert_string_equal(at, want_at);
	cJSON *w = J("GET", "/api/v1/windows", sup, NULL, 200);
	cJSON *w1 = cJSON_GetArrayItem(cJSON_GetObjectItem(w, "windows"), 0);
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(w1, "current")));
	assert_int_equal((int)jnum(w1, "waiting"), 0);
	cJSON_Delete(w);
	/* Every ticket waiting or called yesterday: 6 seeded, 1 in service,
	 * 1 transferred (its follow-up waited instead). */
	assert_int_equal(count_events(sup, "ticket.expired"), 5);

	/* Numbers start again; the only one waiting with this number is today's. */
	cJSON *t = J("POST", "/api/v1/tickets", c1, "{\"service\":\"MAR\"}", 201);
	assert_string_equal(jstr(t, "number"), "A001");
	cJSON_Delete(t);
	cJSON *q = J("GET", "/api/v1/windows/1/queue", c1, NULL, 200);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(q, "tickets")), 1);
	cJSON_Delete(q);

	/* Yesterday's report and window days count them. */
	char path[160];
	snprintf(path, sizeof path, "/api/v1/reports?from=%s&to=%s", yesterday, yesterday);
	cJSON *rep = J("GET", path, sup, NULL, 200);
	assert_int_equal((int)jnum(cJSON_GetObjectItem(rep, "total"), "expired"), 5);
	cJSON *row, *w1row = NULL, *w2row = NULL;
	cJSON_ArrayForEach(row, cJSON_GetObjectItem(rep, "rows")) {
		if (jstr(row, "key") && strcmp(jstr(row, "key"), "1") == 0)
			w1row = row;
		if (jstr(row, "key") && strcmp(jstr(row, "key"), "2") == 0)
			w2row = row;
	}
	assert_non_null(w1row);
	assert_non_null(w2row);
	assert_int_equal((int)jnum(w1row, "expired"), 1);    /* the one called */
	assert_int_equal((int)jnum(w2row, "expired"), 1);    /* the one sent there */
	cJSON_Delete(rep);
	snprintf(path, sizeof path, "/api/v1/reports?from=%s&to=%s&format=csv", yesterday, yesterday);
	struct resp r;
	http(&W, "GET", path, sup, NULL, NULL, &r);
	assert_non_null(strstr(r.body, "no_shows,transferred,expired,wait_avg"));
	resp_free(&r);
	snprintf(path, sizeof path, "/api/v1/windows/1/day?date=%s", yesterday);
	cJSON *day = J("GET", path, sup, NULL, 200);
	assert_int_equal((int)jnum(day, "expired"), 1);
	cJSON *e, *last = NULL;
	cJSON_ArrayForEach(e, cJSON_GetObjectItem(day, "timeline"))
		last = e;
	assert_string_equal(jstr(last, "kind"), "ticket.expired");
	assert_string_equal(jstr(cJSON_GetObjectItem(last, "data"), "from"), "called");
	assert_string_equal(jstr(last, "at"), want_at);
	cJSON_Delete(day);
	/* Today's day of window 1 has none. */
	day = J("GET", "/api/v1/windows/1/day", sup, NULL, 200);
	assert_int_equal((int)jnum(day, "expired"), 0);
	cJSON_Delete(day);
	free(c1);
	free(sup);
}

/* A ticket left in service overnight and transferred the next morning
 * gets a number of today's: two equal numbers never wait in one queue. */
static void test_overnight_transfer_renumbers(void **state)
{
	(void)state;
	static const char *const services[] = { "HUK" };
	start_hall(services, 1, 2, NULL);
	char *c = wd_login(&W, "clerk10", 10);
	ok("POST", "/api/v1/windows/10/open", c, NULL, 200);
	long long id = call_ticket(c, 10, 0);
	ticket_step(c, id, "start", NULL, 200);
	free(c);
	next_day(1, NULL);
	c = wd_login(&W, "clerk10", 10);
	char *k = wd_login(&W, "kiosk", 0);
	cJSON *t = J("POST", "/api/v1/tickets", k, "{\"service\":\"HUK\"}", 201);
	assert_string_equal(jstr(t, "number"), "H001");
	cJSON_Delete(t);
	char path[64];
	snprintf(path, sizeof path, "/api/v1/tickets/%lld/transfer", id);
	cJSON *both = J("POST", path, c, "{\"service\":\"HUK\",\"reason\":\"资料在楼上\"}", 200);
	assert_string_equal(jstr(cJSON_GetObjectItem(both, "new_ticket"), "number"), "H002");
	cJSON_Delete(both);
	free(c);
	free(k);
}

/* ---- 过号重排 ---- */

/* With the demo's settings (behind 3, once): H001 misses its call, turns
 * up, and goes behind three of the five waiting; a second no-show of the
 * same ticket cannot be put back.  Only a no-show, only by a clerk of a
 * window of its service. */
static void test_requeue_behind_three_once(void **state)
{
	(void)state;
	static const char *const services[] = { "HUK" };
	start_hall(services, 1, 6, NULL);
	char *c = wd_login(&W, "clerk10", 10), *other = wd_login(&W, "clerk1", 1);
	ok("POST", "/api/v1/windows/10/open", c, NULL, 200);
	long long h1 = call_ticket(c, 10, 0);
	long long h2 = queue_at(c, 10, 0), h4 = queue_at(c, 10, 2), h5 = queue_at(c, 10, 3);
	char path[80];
	snprintf(path, sizeof path, "/api/v1/tickets/%lld/requeue", h1);
	err("POST", path, c, NULL, 409, "ticket_not_no_show", "called");
	ticket_step(c, h1, "no-show", NULL, 200);
	err("POST", path, other, NULL, 403, "forbidden", NULL);      /* window 1 has no HUK */
	cJSON *t = J("POST", path, c, NULL, 200);
	assert_string_equal(jstr(t, "status"), "waiting");
	assert_int_equal((int)jnum(t, "requeues"), 1);
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(t, "window")));
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(t, "called_at")));
	cJSON_Delete(t);
	/* H002 H003 H004 H001 H005 H006 */
	assert_int_equal(place_in_queue(c, 10, h1), 3);
	assert_int_equal(queue_at(c, 10, 2), h4);
	assert_int_equal(queue_at(c, 10, 4), h5);
	assert_int_equal(queue_at(c, 10, 0), h2);
	char *sup = wd_login(&W, "supervisor", 0);
	assert_int_equal(count_events(sup, "ticket.requeued"), 1);
	/* Called again in its turn, missed again: once is all. */
	for (int i = 0; i < 4; i++) {
		long long id = call_ticket(c, 10, 0);
		ticket_step(c, id, id == h1 ? "no-show" : "start", NULL, 200);
		if (id != h1)
			ticket_step(c, id, "finish", NULL, 200);
	}
	assert_status(c, h1, "no_show");
	cJSON *e = J("POST", path, c, NULL, 409);
	cJSON *eo = cJSON_GetObjectItem(e, "error");
	assert_string_equal(jstr(eo, "code"), "requeue_limit");
	assert_int_equal((int)jnum(eo, "current"), 1);
	assert_int_equal((int)jnum(eo, "max"), 1);
	cJSON_Delete(e);
	/* Neither a waiting ticket, nor one that does not exist. */
	snprintf(path, sizeof path, "/api/v1/tickets/%lld/requeue", h5 + 1);
	err("POST", path, c, NULL, 409, "ticket_not_no_show", "waiting");
	err("POST", "/api/v1/tickets/99999/requeue", c, NULL, 404, "not_found", NULL);
	free(c);
	free(other);
	free(sup);
}

/* The hall's own settings: behind 1, twice; behind more than wait puts
 * it last; a no-show of yesterday is not put back today. */
/* A no-show who had an appointment is not called first again: the missed
 * appointment no longer counts, and the ticket takes its place in the
 * queue like any other put back. */
static void test_requeue_missed_appointment(void **state)
{
	(void)state;
	static const char *const services[] = { "HUK" };
	start_hall(services, 1, 6, NULL);
	char *c = wd_login(&W, "clerk10", 10), *kiosk = wd_login(&W, "kiosk", 0);
	ok("POST", "/api/v1/windows/10/open", c, NULL, 200);
	cJSON *issued = J("POST", "/api/v1/tickets", kiosk, "{\"service\":\"HUK\",\"appointment\":true}", 201);
	long long appt = (long long)jnum(issued, "id");
	cJSON_Delete(issued);
	assert_int_equal(place_in_queue(c, 10, appt), 0);   /* due: first */
	assert_int_equal(call_ticket(c, 10, 0), appt);
	ticket_step(c, appt, "no-show", NULL, 200);
	char path[80];
	snprintf(path, sizeof path, "/api/v1/tickets/%lld/requeue", appt);
	cJSON *t = J("POST", path, c, NULL, 200);
	assert_true(cJSON_IsFalse(cJSON_GetObjectItem(t, "appointment")));
	cJSON_Delete(t);
	/* Behind three would be ahead of its own place (it was issued last):
	 * it keeps that place, the last, instead of being called first. */
	assert_int_equal(place_in_queue(c, 10, appt), 6);
	free(c);
	free(kiosk);
}

static void test_requeue_settings(void **state)
{
	(void)state;
	static const char *const services[] = { "HUK" };
	start_hall(services, 1, 3, "{\"noshow_requeue_behind\":1,\"noshow_requeue_max\":2,"
		   "\"pause_reasons\":[\"午休\",\"培训\"]}");
	char *c = wd_login(&W, "clerk10", 10);
	cJSON *hall = J("GET", "/api/v1/hall", c, NULL, 200);
	assert_int_equal((int)jnum(hall, "noshow_requeue_behind"), 1);
	assert_int_equal((int)jnum(hall, "noshow_requeue_max"), 2);
	cJSON *reasons = cJSON_GetObjectItem(hall, "pause_reasons");
	assert_int_equal(cJSON_GetArraySize(reasons), 2);
	assert_string_equal(cJSON_GetArrayItem(reasons, 1)->valuestring, "培训");
	cJSON_Delete(hall);
	ok("POST", "/api/v1/windows/10/open", c, NULL, 200);
	long long h1 = call_ticket(c, 10, 0), h2 = queue_at(c, 10, 0);
	char path[80];
	snprintf(path, sizeof path, "/api/v1/tickets/%lld/requeue", h1);
	ticket_step(c, h1, "no-show", NULL, 200);
	ok("POST", path, c, NULL, 200);
	assert_int_equal(place_in_queue(c, 10, h1), 1);    /* behind H002 only */
	/* Missed twice more: the second requeue still goes, the third not. */
	assert_int_equal(call_ticket(c, 10, h1), h1);
	ticket_step(c, h1, "no-show", NULL, 200);
	ok("POST", path, c, NULL, 200);
	assert_int_equal(place_in_queue(c, 10, h1), 1);
	assert_int_equal(queue_at(c, 10, 0), h2);
	assert_int_equal(call_ticket(c, 10, h1), h1);
	ticket_step(c, h1, "no-show", NULL, 200);
	err("POST", path, c, NULL, 409, "requeue_limit", NULL);
	/* Behind all when fewer wait: H002 missed, H003 served, nobody left. */
	assert_int_equal(call_ticket(c, 10, h2), h2);
	ticket_step(c, h2, "no-show", NULL, 200);
	long long h3 = call_ticket(c, 10, 0);
	ticket_step(c, h3, "start", NULL, 200);
	ticket_step(c, h3, "finish", NULL, 200);
	snprintf(path, sizeof path, "/api/v1/tickets/%lld/requeue", h2);
	ok("POST", path, c, NULL, 200);
	cJSON *k = J("POST", "/api/v1/tickets", c, "{\"service\":\"HUK\"}", 201);
	long long fresh = (long long)jnum(k, "id");
	cJSON_Delete(k);
	assert_int_equal(place_in_queue(c, 10, h2), 0);
	assert_int_equal(place_in_queue(c, 10, fresh), 1);
	/* The next day, yesterday's no-show is not put back (nor was it
	 * expired: a no-show is a record of the day). */
	long long missed = call_ticket(c, 10, 0);
	ticket_step(c, missed, "no-show", NULL, 200);
	free(c);
	next_day(1, NULL);
	c = wd_login(&W, "clerk10", 10);
	snprintf(path, sizeof path, "/api/v1/tickets/%lld/requeue", missed);
	err("POST", path, c, NULL, 409, "ticket_not_today", NULL);
	assert_status(c, missed, "no_show");
	free(c);
}

/* Settings out of their ranges: wicketd names them and does not start. */
static void test_bad_settings_refused(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"{\"noshow_requeue_max\":-1}", "{\"noshow_requeue_behind\":1.5}",
		"{\"noshow_requeue_behind\":\"3\"}", "{\"pause_reasons\":[]}",
		"{\"pause_reasons\":[\"午休\",\" \"]}", "{\"pause_reasons\":\"午休\"}",
		"{\"pause_reasons\":[\"午休\\u001b[2J\"]}",
	};
	static const char *const services[] = { "HUK" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		make_data(services, 1, 1, bad[i]);
		char args[800], errbuf[4096];
		snprintf(args, sizeof args, "--listen 127.0.0.1:0 --db %s/x.db --demo --data %s", data_dir, data_dir);
		if (wd_run(args, errbuf, sizeof errbuf) == 0)
			fail_msg("wicketd started with the settings %s", bad[i]);
		if (!strstr(errbuf, "hall.json") || !strstr(errbuf, "settings"))
			fail_msg("%s: the error names neither the file nor the settings: %s", bad[i], errbuf);
		tmp_remove(data_dir);
		data_dir[0] = '\0';
	}
}

/* ---- the hall, and who is at a window ---- */

static void test_hall_and_time_zone(void **state)
{
	(void)state;
	wd_start(&W, true, "--timezone Asia/Urumqi");
	cJSON *h = J("GET", "/api/v1/health", NULL, NULL, 200);
	assert_string_equal(jstr(h, "tz"), "Asia/Urumqi");
	char today[16];
	snprintf(today, sizeof today, "%s", jstr(h, "today"));
	assert_non_null(strstr(jstr(h, "now"), "+06:00"));
	cJSON_Delete(h);
	char *k = wd_login(&W, "kiosk", 0);
	h = J("GET", "/api/v1/hall", k, NULL, 200);
	assert_string_equal(jstr(h, "tz"), "Asia/Urumqi");
	assert_string_equal(jstr(h, "today"), today);
	assert_non_null(strstr(jstr(h, "now"), "+06:00"));
	assert_string_equal(jstr(h, "name"), "青川县政务服务中心");
	cJSON *reasons = cJSON_GetObjectItem(h, "pause_reasons");
	static const char *const want[] = { "午休", "临时离岗", "业务学习", "会议" };
	assert_int_equal(cJSON_GetArraySize(reasons), 4);
	for (int i = 0; i < 4; i++)
		assert_string_equal(cJSON_GetArrayItem(reasons, i)->valuestring, want[i]);
	assert_int_equal((int)jnum(h, "noshow_requeue_behind"), 3);
	assert_int_equal((int)jnum(h, "noshow_requeue_max"), 1);
	cJSON_Delete(h);
	ok("GET", "/api/v1/hall", NULL, NULL, 401);
	free(k);
}

/* The hall's details for the applicant's papers: the demo's, from its
 * hall.json; set again by the admin (only the fields given), a bad one
 * changing nothing; a clerk may read them, not set them. */
static void test_hall_details(void **state)
{
	(void)state;
	wd_start(&W, true, "");
	char *c = wd_login(&W, "clerk1", 1), *adm = wd_login(&W, "admin", 0);
	cJSON *h = J("GET", "/api/v1/hall", c, NULL, 200);
	assert_string_equal(jstr(h, "address"), "青川县乔庄镇青竹路128号县政务服务中心一楼");
	assert_string_equal(jstr(h, "phone"), "0839-7202345");
	assert_non_null(strstr(jstr(h, "hours"), "周一至周五"));
	assert_string_equal(jstr(h, "supervision_phone"), "12345");
	cJSON_Delete(h);
	err("POST", "/api/v1/hall", c, "{\"phone\":\"110\"}", 403, "forbidden", NULL);
	err("POST", "/api/v1/hall", adm, "{}", 400, "missing_field", NULL);
	err("POST", "/api/v1/hall", adm, "{\"phone\":\"0839-1\",\"hours\":\"9:00\\u001b[2J\"}", 400,
	    "invalid_field", NULL);
	h = J("POST", "/api/v1/hall", adm, "{\"phone\":\"0839-7209999\",\"supervision_phone\":\"\"}", 200);
	assert_string_equal(jstr(h, "phone"), "0839-7209999");
	assert_string_equal(jstr(h, "supervision_phone"), "12345");   /* emptied: the default */
	assert_string_equal(jstr(h, "name"), "青川县政务服务中心");        /* kept */
	cJSON_Delete(h);
	h = J("GET", "/api/v1/hall", c, NULL, 200);
	assert_string_equal(jstr(h, "phone"), "0839-7209999");
	assert_non_null(strstr(jstr(h, "hours"), "周一至周五"));        /* the refused change left it */
	cJSON_Delete(h);
	free(c);
	free(adm);
}

/* The window's `attended` on the list and the board, by whether a clerk's
 * session signed in to it is alive: not after its logout, nor after its
 * token expired, while the window stays open (another clerk may take it
 * over). */
static bool attended(const char *sup, int no, const char *status)
{
	cJSON *w = J("GET", "/api/v1/windows", sup, NULL, 200);
	cJSON *wo = cJSON_GetArrayItem(cJSON_GetObjectItem(w, "windows"), no - 1);
	assert_int_equal((int)jnum(wo, "no"), no);
	assert_string_equal(jstr(wo, "status"), status);
	bool a = cJSON_IsTrue(cJSON_GetObjectItem(wo, "attended"));
	cJSON_Delete(w);
	cJSON *b = J("GET", "/api/v1/board", sup, NULL, 200), *z, *bw;
	int seen = 0;
	cJSON_ArrayForEach(z, cJSON_GetObjectItem(b, "zones"))
		cJSON_ArrayForEach(bw, cJSON_GetObjectItem(z, "windows"))
			if ((int)jnum(bw, "no") == no) {
				assert_int_equal(cJSON_IsTrue(cJSON_GetObjectItem(bw, "attended")), a);
				seen++;
			}
	assert_int_equal(seen, 1);
	cJSON_Delete(b);
	return a;
}

static void test_attended(void **state)
{
	(void)state;
	wd_start(&W, true, "--token-hours 1");
	char *sup = wd_login(&W, "supervisor", 0);
	assert_false(attended(sup, 1, "closed"));
	char *c = wd_login(&W, "clerk1", 1), *c2 = wd_login(&W, "clerk1", 1);
	assert_true(attended(sup, 1, "closed"));
	ok("POST", "/api/v1/windows/1/open", c, NULL, 200);
	assert_true(attended(sup, 1, "open"));
	assert_false(attended(sup, 2, "closed"));
	ok("POST", "/api/v1/logout", c, NULL, 200);
	assert_true(attended(sup, 1, "open"));         /* the second session lives */
	ok("POST", "/api/v1/logout", c2, NULL, 200);
	assert_false(attended(sup, 1, "open"));        /* open, but nobody there */
	/* A session that simply ends (the client killed, or cut off): its
	 * token still valid, but not heard from for 90 s, nobody is there. */
	char *c3 = wd_login(&W, "clerk3", 3);
	ok("POST", "/api/v1/windows/3/open", c3, NULL, 200);
	assert_true(attended(sup, 3, "open"));
	free(sup);
	assert_int_equal(wd_term(&W), 0);
	wd_restart(&W, "--token-hours 1 --time-shift 95");
	sup = wd_login(&W, "supervisor", 0);
	assert_false(attended(sup, 3, "open"));
	/* Heard from again (its event long-poll), it is there again. */
	cJSON_Delete(J("GET", "/api/v1/me", c3, NULL, 200));
	assert_true(attended(sup, 3, "open"));
	free(sup);
	/* And once its token expires, nobody is there either. */
	assert_int_equal(wd_term(&W), 0);
	wd_restart(&W, "--token-hours 1 --time-shift 3660");
	sup = wd_login(&W, "supervisor", 0);
	assert_false(attended(sup, 3, "open"));
	free(sup);
	free(c);
	free(c2);
	free(c3);
}

/* ---- transfers ---- */

/* To a closed window only with "confirm": true; the reason is kept on the
 * new ticket and in the event, which says where to; the applicant keeps
 * the place of their first queueing. */
static void test_transfer_closed_window_and_place(void **state)
{
	(void)state;
	static const char *const services[] = { "MAR", "SOC" };
	start_hall(services, 2, 3, NULL);
	char *c1 = wd_login(&W, "clerk1", 1), *c2 = wd_login(&W, "clerk2", 2);
	char *sup = wd_login(&W, "supervisor", 0);
	ok("POST", "/api/v1/windows/1/open", c1, NULL, 200);
	/* The queue of window 1 is A001 B001 A002 B002 A003 B003 (A and B of a
	 * row queued at the same time); window 2 serves SOC: B001 B002 B003. */
	long long a1 = queue_at(c1, 1, 0), a2 = queue_at(c1, 1, 2);
	long long b2 = queue_at(c1, 1, 3), b3 = queue_at(c1, 1, 5);
	assert_int_equal(call_ticket(c1, 1, a2), a2);
	char path[80];
	snprintf(path, sizeof path, "/api/v1/tickets/%lld/transfer", a2);
	err("POST", path, c1, "{\"window\":2,\"reason\":\"救助业务\"}", 409, "window_closed", "closed");
	err("POST", path, c1, "{\"window\":2,\"confirm\":\"yes\"}", 400, "invalid_field", NULL);
	assert_status(c1, a2, "called");            /* the refusal changed nothing */
	cJSON *both = J("POST", path, c1, "{\"window\":2,\"reason\":\"救助业务\",\"confirm\":true}", 200);
	cJSON *nt = cJSON_GetObjectItem(both, "new_ticket");
	long long moved = (long long)jnum(nt, "id");
	assert_string_equal(jstr(nt, "transfer_reason"), "救助业务");
	assert_int_equal((int)jnum(nt, "target_window"), 2);
	assert_string_equal(jstr(nt, "number"), "A002");
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(cJSON_GetObjectItem(both, "ticket"), "transfer_reason")));
	cJSON_Delete(both);
	/* The event says where to and why; window 1's day shows it. */
	cJSON *day = J("GET", "/api/v1/windows/1/day", sup, NULL, 200), *e, *found = NULL;
	cJSON_ArrayForEach(e, cJSON_GetObjectItem(day, "timeline"))
		if (strcmp(jstr(e, "kind"), "ticket.transferred") == 0)
			found = e;
	assert_non_null(found);
	cJSON *d = cJSON_GetObjectItem(found, "data");
	assert_int_equal((int)jnum(d, "to_window"), 2);
	assert_string_equal(jstr(d, "to_name"), "2号窗口");
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(d, "to_closed")));
	assert_string_equal(jstr(d, "reason"), "救助业务");
	cJSON_Delete(day);
	/* Window 2 (open now) calls B001, B002, A002, B003: A002 keeps the
	 * place it took at 60 minutes ago, ahead of B003 and of a ticket
	 * issued now. */
	ok("POST", "/api/v1/windows/2/open", c2, NULL, 200);
	cJSON *k = J("POST", "/api/v1/tickets", c2, "{\"service\":\"SOC\"}", 201);
	long long fresh = (long long)jnum(k, "id");
	cJSON_Delete(k);
	int p_moved = place_in_queue(c2, 2, moved);
	assert_int_equal(p_moved, 2);
	assert_int_equal(place_in_queue(c2, 2, b2), 1);
	assert_true(place_in_queue(c2, 2, b3) > p_moved);
	assert_true(place_in_queue(c2, 2, fresh) > p_moved);
	/* Without a reason a transfer still goes (null reason); to a service
	 * the event names it. */
	assert_int_equal(call_ticket(c1, 1, a1), a1);
	snprintf(path, sizeof path, "/api/v1/tickets/%lld/transfer", a1);
	both = J("POST", path, c1, "{\"service\":\"SOC\"}", 200);
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(cJSON_GetObjectItem(both, "new_ticket"), "transfer_reason")));
	cJSON_Delete(both);
	cJSON *ev = J("GET", "/api/v1/events?since=0", sup, NULL, 200);
	cJSON *lastt = NULL;
	cJSON_ArrayForEach(e, cJSON_GetObjectItem(ev, "events"))
		if (strcmp(jstr(e, "kind"), "ticket.transferred") == 0)
			lastt = e;
	assert_string_equal(jstr(cJSON_GetObjectItem(lastt, "data"), "to_name"), "社会救助与老龄福利");
	cJSON_Delete(ev);
	free(c1);
	free(c2);
	free(sup);
}

/* ---- an old database, upgraded in place ---- */

/* The tickets table, the settings and the cases as schema 5 had them. */
static void downgrade_to_5(const char *path)
{
	struct tdb *db = tdb_open(path);
	tdb_exec(db, "PRAGMA foreign_keys=OFF; BEGIN;"
	    "CREATE TABLE t5(id INTEGER PRIMARY KEY, number TEXT NOT NULL, day TEXT NOT NULL,"
	    "  service TEXT NOT NULL REFERENCES services(code), matter TEXT REFERENCES matters(code),"
	    "  priority TEXT NOT NULL, appointment_at INTEGER,"
	    "  status TEXT NOT NULL CHECK(status IN ('waiting','called','serving','done','no_show','transferred')),"
	    "  window INTEGER, target_window INTEGER, recalls INTEGER NOT NULL DEFAULT 0,"
	    "  transferred_from INTEGER REFERENCES tickets(id), clerk TEXT,"
	    "  queue_at INTEGER NOT NULL, issued_at INTEGER NOT NULL, called_at INTEGER,"
	    "  started_at INTEGER, finished_at INTEGER);"
	    "INSERT INTO t5 SELECT id, number, day, service, matter, priority, appointment_at, status,"
	    "  window, target_window, recalls, transferred_from, clerk, queue_at, issued_at, called_at,"
	    "  started_at, finished_at FROM tickets;"
	    "DROP TABLE tickets; ALTER TABLE t5 RENAME TO tickets;"
	    "CREATE INDEX tickets_waiting ON tickets(status, service) WHERE status = 'waiting';"
	    "CREATE INDEX tickets_finished ON tickets(window, finished_at) WHERE status = 'done';"
	    "CREATE INDEX tickets_queue ON tickets(service, queue_at, id) WHERE status = 'waiting';"
	    "CREATE INDEX tickets_transferred ON tickets(transferred_from) WHERE transferred_from IS NOT NULL;"
	    "CREATE INDEX tickets_called ON tickets(called_at) WHERE called_at IS NOT NULL;"
	    "DELETE FROM settings WHERE key IN ('pause_reasons', 'noshow_requeue_behind', 'noshow_requeue_max');"
	    /* schema 7's case history, which schema 5 did not have either */
	    "DROP TABLE case_steps; ALTER TABLE cases DROP COLUMN result;"
	    /* and schema 8's index of the idempotency store, and when a
	     * session was last heard from */
	    "DROP INDEX idempotency_at; ALTER TABLE sessions DROP COLUMN seen;"
	    /* and schema 9's waiting counts (the new tickets table has
	     * neither its triggers nor its indexes) */
	    "DROP TABLE queue_counts;"
	    /* and schema 11's ratings */
	    "DROP TABLE ratings;"
	    /* and schema 12's appointments, 不打烊 sessions and home visits */
	    "DROP TABLE bookings; DROP TABLE extra_session_windows; DROP TABLE extra_sessions;"
	    "DROP TABLE home_visits;"
	    /* and schema 15's list of the platform's halls */
	    "DROP TABLE halls;"
	    /* and schema 16's 容缺 (materials owed) */
	    "DROP TABLE case_owed; ALTER TABLE materials DROP COLUMN deferrable_days;"
	    /* and schema 17's 帮办代办 */
	    "ALTER TABLE cases DROP COLUMN assist; ALTER TABLE cases DROP COLUMN assist_by;"
	    "ALTER TABLE cases DROP COLUMN agent_name; ALTER TABLE cases DROP COLUMN agent_id;"
	    "ALTER TABLE cases DROP COLUMN agent_phone; ALTER TABLE cases DROP COLUMN agent_relation;"
	    /* and schema 18's AB岗 posts, absences and covers */
	    "DROP TABLE covers; DROP TABLE absences; DROP TABLE post_backups; DROP TABLE posts;"
	    /* and schema 19's enquiries and guide desk (no account had the role) */
	    "DROP TABLE enquiries; DELETE FROM users WHERE role = 'guide';"
	    "PRAGMA user_version = 5; COMMIT;");
	assert_int_equal(tdb_int(db, "SELECT count(*) FROM pragma_table_info('tickets') WHERE name = 'requeues'"), 0);
	tdb_close(db);
}

/* A day's work on the schema before (a case on a ticket, a transfer), the
 * server upgraded: every ticket and case is there with its links, the new
 * fields have their defaults, and the next day the leftovers expire,
 * which the old CHECK would have refused.  SQLite only (see main). */
static void test_upgrade_in_place(void **state)
{
	(void)state;
	wd_start(&W, true, NULL);
	char *c = wd_login(&W, "clerk1", 1);
	ok("POST", "/api/v1/windows/1/open", c, NULL, 200);
	cJSON *issued = J("POST", "/api/v1/tickets", c, "{\"service\":\"SOC\"}", 201);
	long long t = call_ticket(c, 1, (long long)jnum(issued, "id"));
	cJSON_Delete(issued);
	char body[300];
	snprintf(body, sizeof body, "{\"ticket\":%lld,\"matter\":\"SOC-01\",\"applicant\":{\"name\":\"张三\","
		 "\"id_number\":\"510823199001011238\",\"phone\":\"13812345678\"},\"received\":[1]}", t);
	cJSON *kase = J("POST", "/api/v1/cases", c, body, 201);
	long long case_id = (long long)jnum(kase, "id");
	cJSON_Delete(kase);
	char path[80];
	snprintf(path, sizeof path, "/api/v1/tickets/%lld/transfer", t);
	ok("POST", path, c, "{\"service\":\"SOC\"}", 200);
	long long waiting = queue_at(c, 1, 0);
	free(c);
	assert_int_equal(wd_term(&W), 0);
	downgrade_to_5(W.db);

	wd_restart(&W, "");
	/* The upgrade counted the queue it found (schema 9). */
	struct tdb *up = tdb_open(W.db);
	assert_true(tdb_int(up, "SELECT sum(waiting) FROM queue_counts") > 1);
	tdb_check_counts(up);
	tdb_close(up);
	c = wd_login(&W, "clerk1", 1);
	char status[32];
	ticket_field(c, t, "status", status, sizeof status);
	assert_string_equal(status, "transferred");
	snprintf(path, sizeof path, "/api/v1/tickets/%lld", t);
	cJSON *tj = J("GET", path, c, NULL, 200);
	assert_int_equal((int)jnum(tj, "requeues"), 0);
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(tj, "transfer_reason")));
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(tj, "expired_at")));
	assert_true(jnum(tj, "transferred_to") > 0);
	cJSON_Delete(tj);
	snprintf(path, sizeof path, "/api/v1/cases/%lld", case_id);
	cJSON *cj = J("GET", path, c, NULL, 200);
	assert_int_equal((long long)jnum(cj, "ticket"), t);
	cJSON_Delete(cj);
	cJSON *hall = J("GET", "/api/v1/hall", c, NULL, 200);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(hall, "pause_reasons")), 4);
	assert_int_equal((int)jnum(hall, "noshow_requeue_max"), 1);
	cJSON_Delete(hall);
	free(c);

	next_day(1, NULL);
	c = wd_login(&W, "clerk1", 1);
	ticket_field(c, waiting, "status", status, sizeof status);
	assert_string_equal(status, "expired");
	free(c);
	assert_int_equal(wd_term(&W), 0);
	struct tdb *db = tdb_open(W.db);
	assert_int_equal(tdb_int(db, "PRAGMA user_version"), SRV_SCHEMA_VERSION);
	assert_int_equal(tdb_int(db, "SELECT count(*) FROM pragma_foreign_key_check"), 0);
	assert_int_equal(tdb_int(db, "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND "
				 "tbl_name = 'tickets' AND name LIKE 'tickets_%'"), 10);
	/* The waiting counts of the upgrade are those of the tickets. */
	tdb_check_counts(db);
	/* The single hall is now the platform's hall 1, with its name. */
	assert_int_equal(tdb_int(db, "SELECT count(*) FROM halls WHERE id = 1 AND code = '1' AND level = 'county' "
				 "AND name = (SELECT value FROM settings WHERE key = 'hall_name')"), 1);
	tdb_close(db);
}

int main(void)
{
#define T(name) cmocka_unit_test_teardown(name, teardown)
	struct CMUnitTest tests[] = {
		T(test_day_rolls_over),
		T(test_overnight_transfer_renumbers),
		T(test_requeue_behind_three_once),
		T(test_requeue_missed_appointment),
		T(test_requeue_settings),
		T(test_bad_settings_refused),
		T(test_hall_and_time_zone),
		T(test_hall_details),
		T(test_attended),
		T(test_transfer_closed_window_and_place),
		T(test_upgrade_in_place),
	};
#undef T
	/* The upgrade rewrites an SQLite file of an older schema with SQLite:
	 * a PostgreSQL database starts at schema 13, it has no older form. */
	static const char *const sqlite_only[] = { "test_upgrade_in_place", NULL };
	size_t n = tdb_tests(tests, sizeof tests / sizeof tests[0], sqlite_only, "upgrades an SQLite file");
	return _cmocka_run_group_tests("tests", tests, n, NULL, NULL);
}
