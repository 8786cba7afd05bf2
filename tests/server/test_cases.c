/* test_cases.c - cases (办件) against a real wicketd: accepting, the
 * one-time notice and its completion, suspending and resuming the clock
 * (with the server's clock moved by --time-shift over restarts on the same
 * database, which also proves the changes were durable), completing on time
 * and late, the rating, the list's filters and order, roles and windows,
 * hostile input, idempotent retries, the event feed, and that the
 * applicant's ID number and phone never reach the log.
 *
 * Expected dates are never written down: they come from GET /calendar/due
 * or from the calendar library over the same calendar files, so the tests
 * hold on any day of the year. */
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

#include "harness.h"
#include "wicket/common/buf.h"
#include "wicket/core/calendar.h"
#include "wicket/server/calendar_dir.h"
#include "wicket/common/xalloc.h"

#define ID_NUMBER "510823199001011238"
#define ID_MASKED "5108**********1238"
#define PHONE "13812345678"
#define PHONE_MASKED "138****5678"
#define RECEIVED_ALL "[1,2,3,4]"       /* the required materials of SOC-01/03/04 */
#define DAY 86400

struct fx {
	struct wd w;
	char *kiosk, *clerk1, *clerk3, *sup;
	struct calendar *cal;
};

/* ---- the fixture: a demo hall with windows 1 and 3 open ---------------- */

static void fx_login(struct fx *f)
{
	free(f->kiosk);
	free(f->clerk1);
	free(f->clerk3);
	free(f->sup);
	f->kiosk = wd_login(&f->w, "kiosk", 0);
	f->clerk1 = wd_login(&f->w, "clerk1", 1);
	f->clerk3 = wd_login(&f->w, "clerk3", 3);
	f->sup = wd_login(&f->w, "supervisor", 0);
}

/* One request that must answer want; returns the parsed reply (the caller
 * deletes it). */
static cJSON *call(struct fx *f, const char *method, const char *path, const char *token,
		   const char *body, long want)
{
	return wd_call(&f->w, method, path, token, body, want);
}

/* One request that must fail with want and code, and with error.current
 * equal to current when that is not NULL. */
static void call_err(struct fx *f, const char *method, const char *path, const char *token,
		     const char *body, long want, const char *code, const char *current)
{
	wd_call_err(&f->w, method, path, token, body, want, code, current);
}

static int setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof *f);
	wd_start(&f->w, true, NULL);
	fx_login(f);
	cJSON_Delete(call(f, "POST", "/api/v1/windows/1/open", f->clerk1, NULL, 200));
	cJSON_Delete(call(f, "POST", "/api/v1/windows/3/open", f->clerk3, NULL, 200));
	/* wicketd's calendar: the files, and the law's holidays after them. */
	f->cal = srv_calendar_open(getenv("WICKET_CALENDAR_DIR"), NULL);
	assert_non_null(f->cal);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	wd_stop(&f->w);
	cal_free(f->cal);
	free(f->kiosk);
	free(f->clerk1);
	free(f->clerk3);
	free(f->sup);
	free(f);
	return 0;
}

/* Restart on the same database with the clock `days` days ahead of the
 * real one (not of the last shift), and sign everyone in again. */
static void fx_shift(struct fx *f, int days)
{
	char arg[64];
	snprintf(arg, sizeof arg, "--time-shift %d", days * DAY);
	assert_int_equal(wd_term(&f->w), 0);
	wd_restart(&f->w, arg);
	fx_login(f);
}

/* The server's today, as YYYY-MM-DD and as a date. */
static date_t fx_today(struct fx *f, char out[DATE_ISO_SIZE])
{
	cJSON *h = call(f, "GET", "/api/v1/health", NULL, NULL, 200);
	date_t d;
	assert_true(date_parse_iso(jstr(h, "today"), &d));
	snprintf(out, DATE_ISO_SIZE, "%s", jstr(h, "today"));
	cJSON_Delete(h);
	return d;
}

/* What GET /calendar/due says for days working days from from. */
static void fx_due(struct fx *f, const char *from, int days, char out[DATE_ISO_SIZE])
{
	char path[96];
	snprintf(path, sizeof path, "/api/v1/calendar/due?from=%s&days=%d", from, days);
	cJSON *d = call(f, "GET", path, f->sup, NULL, 200);
	snprintf(out, DATE_ISO_SIZE, "%s", jstr(d, "due"));
	cJSON_Delete(d);
}

/* A ticket for service, issued at the kiosk and called to window no by
 * the clerk with token clerk; returns its id. */
static int64_t fx_ticket(struct fx *f, const char *service, int no, const char *clerk)
{
	char body[64], path[64];
	snprintf(body, sizeof body, "{\"service\":\"%s\"}", service);
	cJSON *t = call(f, "POST", "/api/v1/tickets", f->kiosk, body, 201);
	int64_t id = (int64_t)jnum(t, "id");
	cJSON_Delete(t);
	if (no > 0) {
		snprintf(body, sizeof body, "{\"ticket\":%lld}", (long long)id);
		snprintf(path, sizeof path, "/api/v1/windows/%d/call", no);
		cJSON_Delete(call(f, "POST", path, clerk, body, 200));
	}
	return id;
}

/* POST /tickets/ID/step by token, which must succeed. */
static void fx_ticket_step(struct fx *f, int64_t id, const char *step, const char *token)
{
	char path[96];
	snprintf(path, sizeof path, "/api/v1/tickets/%lld/%s", (long long)id, step);
	cJSON_Delete(call(f, "POST", path, token, NULL, 200));
}

/* The body of POST /cases; received is JSON text. */
static char *case_body(int64_t ticket, const char *matter, const char *name, const char *id_number,
		       const char *phone, const char *received)
{
	cJSON *b = cJSON_CreateObject();
	cJSON_AddNumberToObject(b, "ticket", (double)ticket);
	cJSON_AddStringToObject(b, "matter", matter);
	cJSON *a = cJSON_AddObjectToObject(b, "applicant");
	cJSON_AddStringToObject(a, "name", name);
	cJSON_AddStringToObject(a, "id_number", id_number);
	cJSON_AddStringToObject(a, "phone", phone);
	cJSON_AddItemToObject(b, "received", cJSON_Parse(received));
	char *s = cJSON_PrintUnformatted(b);
	cJSON_Delete(b);
	return s;
}

static int64_t id_of(const cJSON *c)
{
	return (int64_t)jnum(c, "id");
}

/* POST /cases for the usual applicant; must answer want. */
static cJSON *fx_case(struct fx *f, const char *token, int64_t ticket, const char *matter,
		      const char *received, long want)
{
	char *body = case_body(ticket, matter, "张三", ID_NUMBER, PHONE, received);
	cJSON *c = call(f, "POST", "/api/v1/cases", token, body, want);
	free(body);
	return c;
}

/* A new case by clerk1 on ticket tk, which must be created; returns its id. */
static int64_t fx_new_case(struct fx *f, int64_t tk, const char *matter, const char *received)
{
	cJSON *c = fx_case(f, f->clerk1, tk, matter, received, 201);
	int64_t id = id_of(c);
	cJSON_Delete(c);
	return id;
}

/* POST /cases/ID/action; must answer want. */
/* The path of action on case id ("" = the case itself) into path[96]; its
 * method. */
static const char *fx_act_path(int64_t id, const char *action, char path[96])
{
	snprintf(path, 96, "/api/v1/cases/%lld%s%s", (long long)id, *action ? "/" : "", action);
	return *action ? "POST" : "GET";
}

static cJSON *fx_act(struct fx *f, const char *token, int64_t id, const char *action,
		     const char *body, long want)
{
	char path[96];
	const char *method = fx_act_path(id, action, path);
	return call(f, method, path, token, body, want);
}

static void fx_act_err(struct fx *f, const char *token, int64_t id, const char *action,
		       const char *body, long want, const char *code, const char *current)
{
	char path[96];
	const char *method = fx_act_path(id, action, path);
	call_err(f, method, path, token, body, want, code, current);
}

/* The data of the event kind about case id in the feed (the caller
 * deletes it); fails when there is none. */
static cJSON *fx_event(struct fx *f, const char *kind, int64_t id)
{
	cJSON *feed = call(f, "GET", "/api/v1/events?since=0", f->sup, NULL, 200), *e, *data = NULL;
	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(feed, "events"))
		if (strcmp(jstr(e, "kind"), kind) == 0 && jnum(e, "case") == (double)id)
			data = cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(e, "data"), true);
	cJSON_Delete(feed);
	if (!data)
		fail_msg("no event %s about case %lld", kind, (long long)id);
	return data;
}

/* An event must be there and name the case's number. */
static void assert_event(struct fx *f, const char *kind, int64_t id, const char *number)
{
	cJSON *data = fx_event(f, kind, id);
	assert_string_equal(jstr(data, "number"), number);
	cJSON_Delete(data);
}

/* The ints of array name of obj, as "1,3,4". */
static const char *ids_of(const cJSON *obj, const char *name)
{
	static char out[128];
	const cJSON *it;
	out[0] = '\0';
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(obj, name))
		snprintf(out + strlen(out), sizeof out - strlen(out), "%s%d", out[0] ? "," : "",
			 it->valueint);
	return out;
}

static bool is_null(const cJSON *obj, const char *name)
{
	return cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(obj, name));
}

/* The cases of GET path, as ids "3,1,2" in the order given. */
static const char *list_ids(struct fx *f, const char *path, const char *token)
{
	static char out[256];
	cJSON *l = call(f, "GET", path, token, NULL, 200), *it;
	out[0] = '\0';
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(l, "cases"))
		snprintf(out + strlen(out), sizeof out - strlen(out), "%s%lld", out[0] ? "," : "",
			 (long long)id_of(it));
	cJSON_Delete(l);
	return out;
}

/* ---- accepting ---------------------------------------------------------------- */

static void test_accept_promised(void **state)
{
	struct fx *f = *state;
	char today[DATE_ISO_SIZE], due[DATE_ISO_SIZE], number[32];
	date_t t0 = fx_today(f, today);
	int y, m, d;
	date_to_ymd(t0, &y, &m, &d);
	int64_t tk = fx_ticket(f, "SOC", 1, f->clerk1);
	/* The optional materials 5 and 6 are not needed for acceptance. */
	cJSON *c = fx_case(f, f->clerk1, tk, "SOC-03", RECEIVED_ALL, 201);
	fx_due(f, today, 10, due);
	snprintf(number, sizeof number, "%04d%02d%02d-0001", y, m, d);
	assert_string_equal(jstr(c, "number"), number);
	assert_string_equal(jstr(c, "status"), "accepted");
	assert_int_equal((long)jnum(c, "ticket"), tk);
	assert_non_null(jstr(c, "ticket_number"));
	assert_string_equal(jstr(c, "matter"), "SOC-03");
	assert_non_null(jstr(c, "matter_name"));
	assert_string_equal(jstr(c, "kind"), "promised");
	assert_int_equal((long)jnum(c, "working_days"), 10);
	assert_int_equal((long)jnum(c, "window"), 1);
	assert_string_equal(jstr(c, "clerk"), "clerk1");
	const cJSON *a = cJSON_GetObjectItemCaseSensitive(c, "applicant");
	assert_string_equal(jstr(a, "name"), "张三");
	assert_string_equal(jstr(a, "id_number"), ID_NUMBER);   /* the clerk at its window */
	assert_string_equal(jstr(a, "phone"), PHONE);
	assert_string_equal(ids_of(c, "received"), "1,2,3,4");
	assert_string_equal(ids_of(c, "missing"), "");
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(c, "missing_materials")), 0);
	assert_true(is_null(c, "notified_on"));
	assert_string_equal(jstr(c, "accepted_on"), today);
	assert_string_equal(jstr(c, "due"), due);
	assert_true(cJSON_IsBool(cJSON_GetObjectItem(c, "provisional")));
	assert_int_equal((long)jnum(c, "working_days_left"), 10);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(c, "suspensions")), 0);
	assert_true(is_null(c, "completed_on") && is_null(c, "on_time") &&
		    is_null(c, "working_days_used") && is_null(c, "rating") &&
		    is_null(c, "rating_comment") && is_null(c, "completed_at"));
	assert_non_null(jstr(c, "created_at"));
	assert_non_null(jstr(c, "accepted_at"));
	assert_event(f, "case.accepted", id_of(c), number);
	cJSON_Delete(c);

	/* The day's counter goes on; the ticket now names the matter. */
	c = fx_case(f, f->clerk1, tk, "SOC-01", "[1,2,3,4,5,6]", 201);
	number[strlen(number) - 1] = '2';
	assert_string_equal(jstr(c, "number"), number);
	fx_due(f, today, 30, due);
	assert_string_equal(jstr(c, "due"), due);
	cJSON_Delete(c);
	char path[64];
	snprintf(path, sizeof path, "/api/v1/tickets/%lld", (long long)tk);
	c = call(f, "GET", path, f->clerk1, NULL, 200);
	assert_string_equal(jstr(c, "matter"), "SOC-01");
	cJSON_Delete(c);
}

static void test_accept_immediate(void **state)
{
	struct fx *f = *state;
	char today[DATE_ISO_SIZE];
	fx_today(f, today);
	int64_t tk = fx_ticket(f, "MAR", 1, f->clerk1);
	cJSON *c = fx_case(f, f->clerk1, tk, "MAR-01", "[1,2,3]", 201);
	assert_string_equal(jstr(c, "status"), "accepted");
	assert_string_equal(jstr(c, "kind"), "immediate");
	assert_int_equal((long)jnum(c, "working_days"), 0);
	assert_string_equal(jstr(c, "accepted_on"), today);
	assert_string_equal(jstr(c, "due"), today);
	assert_int_equal((long)jnum(c, "working_days_left"), 0);
	int64_t id = id_of(c);
	cJSON_Delete(c);
	/* Done at once: on time, no working day used. */
	c = fx_act(f, f->clerk1, id, "complete", NULL, 200);
	assert_string_equal(jstr(c, "status"), "completed");
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(c, "on_time")));
	assert_int_equal((long)jnum(c, "working_days_used"), 0);
	cJSON_Delete(c);
}

/* ---- the one-time notice ------------------------------------------------------ */

static void assert_notice_lists(struct fx *f, const cJSON *c, const char *matter, const char *ids)
{
	char path[64];
	snprintf(path, sizeof path, "/api/v1/matters/%s", matter);
	cJSON *guide = call(f, "GET", path, f->clerk1, NULL, 200), *it, *g;
	assert_string_equal(ids_of(c, "missing"), ids);
	struct buf listed = BUF_INIT;
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(c, "missing_materials")) {
		buf_printf(&listed, "%s%d", listed.len ? "," : "", (int)jnum(it, "id"));
		cJSON_ArrayForEach(g, cJSON_GetObjectItemCaseSensitive(guide, "materials"))
			if (jnum(g, "id") == jnum(it, "id")) {
				assert_string_equal(jstr(it, "name"), jstr(g, "name"));
				assert_string_equal(jstr(it, "form"), jstr(g, "form"));
				assert_int_equal((long)jnum(it, "copies"), jnum(g, "copies"));
				assert_string_equal(jstr(it, "note"), jstr(g, "note"));
				assert_true(cJSON_IsTrue(cJSON_GetObjectItem(g, "required")));
			}
	}
	assert_string_equal(buf_str(&listed), ids);
	buf_free(&listed);
	cJSON_Delete(guide);
}

static void test_notice_then_materials(void **state)
{
	struct fx *f = *state;
	char t0s[DATE_ISO_SIZE], t1s[DATE_ISO_SIZE], due[DATE_ISO_SIZE];
	date_t t0 = fx_today(f, t0s);
	int64_t tk = fx_ticket(f, "SOC", 1, f->clerk1);
	/* SOC-01 requires 1..4; 5 is optional and not listed as missing. */
	cJSON *c = fx_case(f, f->clerk1, tk, "SOC-01", "[5,2,2]", 201);
	int64_t id = id_of(c);
	char number[32];
	snprintf(number, sizeof number, "%s", jstr(c, "number"));
	assert_string_equal(jstr(c, "status"), "notified");
	assert_string_equal(ids_of(c, "received"), "2,5");
	assert_notice_lists(f, c, "SOC-01", "1,3,4");
	assert_string_equal(jstr(c, "notified_on"), t0s);
	assert_true(is_null(c, "accepted_on") && is_null(c, "due") && is_null(c, "working_days_left"));
	assert_event(f, "case.notified", id, number);
	cJSON_Delete(c);

	fx_act_err(f, f->clerk1, id, "materials", "{\"received\":[9]}", 400, "unknown_material", NULL);
	fx_act_err(f, f->clerk1, id, "materials", "{\"received\":\"1\"}", 400, "invalid_field", NULL);
	fx_act_err(f, f->clerk1, id, "materials", "{\"received\":[1.5]}", 400, "invalid_field", NULL);
	fx_act_err(f, f->clerk1, id, "materials", "{}", 400, "missing_field", NULL);
	fx_act_err(f, f->clerk1, id, "suspend", "{\"reason\":\"x\"}", 409, "invalid_state", "notified");
	fx_act_err(f, f->clerk1, id, "complete", NULL, 409, "invalid_state", "notified");

	c = fx_act(f, f->clerk1, id, "materials", "{\"received\":[1]}", 200);
	assert_string_equal(jstr(c, "status"), "notified");
	assert_string_equal(ids_of(c, "received"), "1,2,5");
	assert_notice_lists(f, c, "SOC-01", "3,4");
	cJSON_Delete(c);
	cJSON *data = fx_event(f, "case.materials", id);
	assert_string_equal(ids_of(data, "missing"), "3,4");
	cJSON_Delete(data);

	/* The applicant comes back the next day: the clock starts then. */
	fx_shift(f, 1);
	assert_int_equal(fx_today(f, t1s), t0 + 1);
	c = fx_act(f, f->clerk1, id, "materials", "{\"received\":[3,4,4]}", 200);
	fx_due(f, t1s, 30, due);
	assert_string_equal(jstr(c, "status"), "accepted");
	assert_string_equal(jstr(c, "notified_on"), t0s);
	assert_string_equal(jstr(c, "accepted_on"), t1s);
	assert_string_equal(jstr(c, "due"), due);
	assert_int_equal((long)jnum(c, "working_days_left"), 30);
	assert_notice_lists(f, c, "SOC-01", "");
	cJSON_Delete(c);
	assert_event(f, "case.accepted", id, number);
	fx_act_err(f, f->clerk1, id, "materials", "{\"received\":[5]}", 409, "invalid_state", "accepted");
}

/* ---- the clock ---------------------------------------------------------------- */

static void test_suspend_resume_moves_due(void **state)
{
	struct fx *f = *state;
	char t0s[DATE_ISO_SIZE], t3s[DATE_ISO_SIZE], t10s[DATE_ISO_SIZE], due0[DATE_ISO_SIZE], want[DATE_ISO_SIZE];
	date_t t0 = fx_today(f, t0s), d0;
	int64_t tk = fx_ticket(f, "SOC", 1, f->clerk1);
	cJSON *c = fx_case(f, f->clerk1, tk, "SOC-03", RECEIVED_ALL, 201);
	int64_t id = id_of(c);
	snprintf(due0, sizeof due0, "%s", jstr(c, "due"));
	assert_true(date_parse_iso(due0, &d0));
	cJSON_Delete(c);
	fx_act_err(f, f->clerk1, id, "resume", NULL, 409, "invalid_state", "accepted");

	fx_shift(f, 3);
	date_t t3 = fx_today(f, t3s);
	assert_int_equal(t3, t0 + 3);
	c = fx_act(f, f->clerk1, id, "suspend", "{\"reason\":\"等待公安部门协查户籍信息\"}", 200);
	assert_string_equal(jstr(c, "status"), "suspended");
	assert_string_equal(jstr(c, "due"), due0);
	const cJSON *sp = cJSON_GetArrayItem(cJSON_GetObjectItem(c, "suspensions"), 0);
	assert_string_equal(jstr(sp, "start"), t3s);
	assert_true(is_null(sp, "end"));
	assert_string_equal(jstr(sp, "reason"), "等待公安部门协查户籍信息");
	/* While stopped, the days left are the limit less those used before. */
	int used = 0;
	bool prov;
	assert_int_equal(cal_working_days_between(f->cal, t0, t3 - 1, NULL, 0, &used, &prov), 0);
	assert_int_equal((long)jnum(c, "working_days_left"), 10 - used);
	cJSON_Delete(c);
	fx_act_err(f, f->clerk1, id, "suspend", "{\"reason\":\"x\"}", 409, "invalid_state", "suspended");
	fx_act_err(f, f->clerk1, id, "complete", NULL, 409, "invalid_state", "suspended");
	fx_act_err(f, f->clerk1, id, "materials", "{\"received\":[1]}", 409, "invalid_state", "suspended");

	fx_shift(f, 10);
	date_t t10 = fx_today(f, t10s), d1;
	c = fx_act(f, f->clerk1, id, "resume", NULL, 200);
	assert_string_equal(jstr(c, "status"), "accepted");
	sp = cJSON_GetArrayItem(cJSON_GetObjectItem(c, "suspensions"), 0);
	assert_string_equal(jstr(sp, "end"), t10s);
	/* The due date moves on by the working days inside the suspension,
	 * both ends included. */
	int inside = 0;
	assert_int_equal(cal_working_days_between(f->cal, t3 - 1, t10, NULL, 0, &inside, &prov), 0);
	assert_true(inside > 0);
	fx_due(f, due0, inside, want);
	assert_string_equal(jstr(c, "due"), want);
	struct cal_span span = { t3, t10, false };
	assert_int_equal(cal_due(f->cal, t0, 10, &span, 1, &d1, &prov), 0);
	date_format_iso(d1, want);
	assert_string_equal(jstr(c, "due"), want);
	assert_int_equal((long)jnum(c, "working_days_left"), cal_working_days_left(f->cal, t10, d1, NULL));
	char number[32];
	snprintf(number, sizeof number, "%s", jstr(c, "number"));
	cJSON_Delete(c);
	fx_act_err(f, f->clerk1, id, "resume", NULL, 409, "invalid_state", "accepted");
	assert_event(f, "case.suspended", id, number);
	assert_event(f, "case.resumed", id, number);

	/* Completed now: the suspended days were not used. */
	c = fx_act(f, f->clerk1, id, "complete", NULL, 200);
	assert_int_equal(cal_working_days_between(f->cal, t0, t10, &span, 1, &used, &prov), 0);
	assert_int_equal((long)jnum(c, "working_days_used"), used);
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(c, "on_time")));
	cJSON_Delete(c);
}

static void test_complete_on_time(void **state)
{
	struct fx *f = *state;
	char today[DATE_ISO_SIZE];
	fx_today(f, today);
	int64_t tk = fx_ticket(f, "SOC", 1, f->clerk1);
	int64_t id = fx_new_case(f, tk, "SOC-03", RECEIVED_ALL);
	cJSON *c = fx_act(f, f->clerk1, id, "complete", NULL, 200);
	assert_string_equal(jstr(c, "status"), "completed");
	assert_string_equal(jstr(c, "completed_on"), today);
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(c, "on_time")));
	assert_int_equal((long)jnum(c, "working_days_used"), 0);
	assert_true(is_null(c, "working_days_left"));
	assert_non_null(jstr(c, "completed_at"));
	cJSON *data = fx_event(f, "case.completed", id);
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(data, "on_time")));
	assert_string_equal(jstr(data, "number"), jstr(c, "number"));
	assert_int_equal((long)jnum(data, "window"), 1);
	cJSON_Delete(data);
	cJSON_Delete(c);
	fx_act_err(f, f->clerk1, id, "complete", NULL, 409, "invalid_state", "completed");
	fx_act_err(f, f->clerk1, id, "suspend", "{\"reason\":\"x\"}", 409, "invalid_state", "completed");
	fx_act_err(f, f->clerk1, id, "resume", NULL, 409, "invalid_state", "completed");
}

static void test_complete_overdue(void **state)
{
	struct fx *f = *state;
	char t0s[DATE_ISO_SIZE], t60s[DATE_ISO_SIZE], path[96];
	date_t t0 = fx_today(f, t0s);
	int64_t tk = fx_ticket(f, "SOC", 1, f->clerk1);
	int64_t id = fx_new_case(f, tk, "SOC-03", RECEIVED_ALL);

	fx_shift(f, 60);
	date_t t60 = fx_today(f, t60s);
	cJSON *c = fx_act(f, f->clerk1, id, "", NULL, 200);
	assert_true(jnum(c, "working_days_left") < 0);      /* overdue, still open */
	cJSON_Delete(c);
	c = fx_act(f, f->clerk1, id, "complete", NULL, 200);
	int used = 0;
	bool prov;
	assert_int_equal(cal_working_days_between(f->cal, t0, t60, NULL, 0, &used, &prov), 0);
	assert_true(used > 10);
	assert_string_equal(jstr(c, "completed_on"), t60s);
	assert_true(cJSON_IsFalse(cJSON_GetObjectItem(c, "on_time")));
	assert_int_equal((long)jnum(c, "working_days_used"), used);
	cJSON_Delete(c);
	snprintf(path, sizeof path, "%lld", (long long)id);
	assert_string_equal(list_ids(f, "/api/v1/cases?window=1&status=completed", f->clerk1), path);
	assert_string_equal(list_ids(f, "/api/v1/cases?window=1", f->clerk1), "");
}

/* ---- the rating ---------------------------------------------------------------- */

static void test_rating(void **state)
{
	struct fx *f = *state;
	int64_t tk = fx_ticket(f, "SOC", 1, f->clerk1);
	int64_t notified = fx_new_case(f, tk, "SOC-01", "[]");
	int64_t done = fx_new_case(f, tk, "SOC-03", RECEIVED_ALL);

	/* A notice may be rated, once. */
	cJSON *c = fx_act(f, f->kiosk, notified, "rating", "{\"level\":5}", 200);
	assert_int_equal((long)jnum(c, "rating"), 5);
	assert_true(is_null(c, "rating_comment"));
	assert_string_equal(jstr(c, "status"), "notified");
	cJSON_Delete(c);
	fx_act_err(f, f->kiosk, notified, "rating", "{\"level\":1}", 409, "already_rated", NULL);
	fx_act_err(f, f->clerk1, notified, "rating", "{\"level\":1}", 409, "already_rated", NULL);

	/* An open case may not; a completed one may. */
	fx_act_err(f, f->kiosk, done, "rating", "{\"level\":3}", 409, "invalid_state", "accepted");
	cJSON_Delete(fx_act(f, f->clerk1, done, "complete", NULL, 200));
	static const char *const bad[] = {
		"{\"level\":0}", "{\"level\":6}", "{\"level\":\"5\"}", "{\"level\":4.5}",
		"{\"level\":4,\"comment\":\"\\u001b[2J\"}", "{\"level\":4,\"comment\":7}",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		fx_act_err(f, f->kiosk, done, "rating", bad[i], 400, "invalid_field", NULL);
	fx_act_err(f, f->kiosk, done, "rating", "{}", 400, "missing_field", NULL);
	char body[400] = "{\"level\":4,\"comment\":\"";
	memset(body + strlen(body), 'a', 201);
	strcpy(body + strlen(body), "\"}");
	fx_act_err(f, f->kiosk, done, "rating", body, 400, "invalid_field", NULL);
	fx_act_err(f, f->clerk3, done, "rating", "{\"level\":4}", 403, "forbidden", NULL);
	fx_act_err(f, f->sup, done, "rating", "{\"level\":4}", 403, "forbidden", NULL);

	c = fx_act(f, f->clerk1, done, "rating", "{\"level\":4,\"comment\":\"办事很快，态度好\"}", 200);
	assert_int_equal((long)jnum(c, "rating"), 4);
	assert_string_equal(jstr(c, "rating_comment"), "办事很快，态度好");
	cJSON_Delete(c);
	cJSON *data = fx_event(f, "case.rated", done);
	assert_int_equal((long)jnum(data, "level"), 4);
	cJSON_Delete(data);
	fx_act_err(f, f->kiosk, done, "rating", "{\"level\":5}", 409, "already_rated", NULL);
}

/* ---- the list ------------------------------------------------------------------- */

static void test_list_filters_and_urgency(void **state)
{
	struct fx *f = *state;
	char want[128];
	int64_t tk = fx_ticket(f, "SOC", 1, f->clerk1);
	int64_t id[5];
	static const char *const matters[5] = { "SOC-01", "SOC-04", "SOC-03", "SOC-03", "SOC-02" };
	/* The last one lacks materials: a notice. */
	for (int i = 0; i < 5; i++)
		id[i] = fx_new_case(f, tk, matters[i], i < 4 ? RECEIVED_ALL : "[1]");
	/* 10, 10 (the older first), 20, 30 working days left. */
	snprintf(want, sizeof want, "%lld,%lld,%lld,%lld", (long long)id[2], (long long)id[3],
		 (long long)id[1], (long long)id[0]);
	assert_string_equal(list_ids(f, "/api/v1/cases?window=1", f->clerk1), want);
	assert_string_equal(list_ids(f, "/api/v1/cases?window=1&status=open", f->clerk1), want);
	assert_string_equal(list_ids(f, "/api/v1/cases?window=1&status=accepted", f->clerk1), want);
	assert_string_equal(list_ids(f, "/api/v1/cases", f->sup), want);
	snprintf(want + strlen(want), sizeof want - strlen(want), ",%lld", (long long)id[4]);
	assert_string_equal(list_ids(f, "/api/v1/cases?window=1&status=all", f->clerk1), want);
	snprintf(want, sizeof want, "%lld", (long long)id[4]);
	assert_string_equal(list_ids(f, "/api/v1/cases?window=1&status=notified", f->clerk1), want);
	assert_string_equal(list_ids(f, "/api/v1/cases?window=1&status=suspended", f->clerk1), "");
	assert_string_equal(list_ids(f, "/api/v1/cases?window=3&status=all", f->clerk3), "");
	assert_string_equal(list_ids(f, "/api/v1/cases?window=3", f->sup), "");
	call_err(f, "GET", "/api/v1/cases?window=1&status=closed", f->clerk1, NULL, 400, "invalid_query", NULL);
	call_err(f, "GET", "/api/v1/cases?window=x", f->sup, NULL, 400, "invalid_query", NULL);

	/* A suspended case is open, with its days left frozen. */
	cJSON_Delete(fx_act(f, f->clerk1, id[0], "suspend", "{\"reason\":\"专家评审\"}", 200));
	snprintf(want, sizeof want, "%lld", (long long)id[0]);
	assert_string_equal(list_ids(f, "/api/v1/cases?window=1&status=suspended", f->sup), want);
	cJSON *c = fx_act(f, f->sup, id[0], "", NULL, 200);
	assert_int_equal((long)jnum(c, "working_days_left"), 30);  /* suspended the day it was accepted */
	cJSON_Delete(c);

	/* Three weeks on the ten-day ones are overdue and still first. */
	fx_shift(f, 21);
	cJSON *l = call(f, "GET", "/api/v1/cases?window=1", f->clerk1, NULL, 200);
	const cJSON *first = cJSON_GetArrayItem(cJSON_GetObjectItem(l, "cases"), 0);
	assert_int_equal(id_of(first), id[2]);
	assert_true(jnum(first, "working_days_left") < 0);
	cJSON_Delete(l);
}

/* ---- who may do what ------------------------------------------------------------- */

static void test_roles_and_windows(void **state)
{
	struct fx *f = *state;
	int64_t tk = fx_ticket(f, "SOC", 1, f->clerk1);
	char *body = case_body(tk, "SOC-03", "张三", ID_NUMBER, PHONE, RECEIVED_ALL);
	call_err(f, "POST", "/api/v1/cases", f->clerk3, body, 403, "forbidden", NULL);
	call_err(f, "POST", "/api/v1/cases", f->sup, body, 403, "forbidden", NULL);
	call_err(f, "POST", "/api/v1/cases", f->kiosk, body, 403, "forbidden", NULL);
	call_err(f, "POST", "/api/v1/cases", NULL, body, 401, "unauthorized", NULL);
	cJSON *c = call(f, "POST", "/api/v1/cases", f->clerk1, body, 201);
	free(body);
	int64_t id = id_of(c);
	cJSON_Delete(c);

	/* The supervisor sees the case with the ID number and phone masked;
	 * the clerk at its window sees them in full in the case alone, masked
	 * in the list; a clerk of another window does not see the case. */
	c = fx_act(f, f->sup, id, "", NULL, 200);
	const cJSON *a = cJSON_GetObjectItem(c, "applicant");
	assert_string_equal(jstr(a, "id_number"), ID_MASKED);
	assert_string_equal(jstr(a, "phone"), PHONE_MASKED);
	assert_string_equal(jstr(a, "name"), "张三");
	cJSON_Delete(c);
	fx_act_err(f, f->clerk3, id, "", NULL, 403, "forbidden", NULL);
	c = fx_act(f, f->clerk1, id, "", NULL, 200);
	assert_string_equal(jstr(cJSON_GetObjectItem(c, "applicant"), "id_number"), ID_NUMBER);
	cJSON_Delete(c);
	const char *lists[] = { "/api/v1/cases", "/api/v1/cases?window=1" };
	const char *listers[] = { f->sup, f->clerk1 };
	for (int i = 0; i < 2; i++) {
		c = call(f, "GET", lists[i], listers[i], NULL, 200);
		a = cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(c, "cases"), 0), "applicant");
		assert_string_equal(jstr(a, "phone"), PHONE_MASKED);
		assert_string_equal(jstr(a, "id_number"), ID_MASKED);
		cJSON_Delete(c);
	}
	/* The trainer and the admin read no cases. */
	char *trainer = wd_login(&f->w, "trainer", 0), *admin = wd_login(&f->w, "admin", 0);
	fx_act_err(f, trainer, id, "", NULL, 403, "forbidden", NULL);
	call_err(f, "GET", "/api/v1/cases?status=all", admin, NULL, 403, "forbidden", NULL);
	free(trainer);
	free(admin);
	call_err(f, "GET", "/api/v1/cases", f->kiosk, NULL, 403, "forbidden", NULL);
	/* A clerk lists the cases of its services, whichever window took
	 * them: none for the clerk of window 3 (PEN, SSC); without window=,
	 * the SOC case for the clerk of window 1. */
	assert_string_equal(list_ids(f, "/api/v1/cases?window=1", f->clerk3), "");
	char one[32];
	snprintf(one, sizeof one, "%lld", (long long)id);
	assert_string_equal(list_ids(f, "/api/v1/cases", f->clerk1), one);
	call_err(f, "GET", "/api/v1/cases?service=SOC", f->clerk3, NULL, 403, "forbidden", NULL);

	/* Changes are for the clerks of the case's service. */
	fx_act_err(f, f->clerk3, id, "suspend", "{\"reason\":\"x\"}", 403, "forbidden", NULL);
	fx_act_err(f, f->clerk3, id, "complete", NULL, 403, "forbidden", NULL);
	fx_act_err(f, f->clerk3, id, "materials", "{\"received\":[1]}", 403, "forbidden", NULL);
	fx_act_err(f, f->sup, id, "complete", NULL, 403, "forbidden", NULL);

	/* Unknown cases. */
	call_err(f, "GET", "/api/v1/cases/999999", f->sup, NULL, 404, "not_found", NULL);
	call_err(f, "GET", "/api/v1/cases/abc", f->sup, NULL, 404, "not_found", NULL);
	call_err(f, "GET", "/api/v1/cases/0", f->sup, NULL, 404, "not_found", NULL);
	fx_act_err(f, f->clerk1, 999999, "complete", NULL, 404, "not_found", NULL);
}

static void test_ticket_must_be_at_the_window(void **state)
{
	struct fx *f = *state;
	/* Waiting, never called. */
	int64_t waiting = fx_ticket(f, "SOC", 0, NULL);
	char *body = case_body(waiting, "SOC-03", "张三", ID_NUMBER, PHONE, RECEIVED_ALL);
	call_err(f, "POST", "/api/v1/cases", f->clerk1, body, 409, "ticket_not_at_window", "waiting");
	free(body);
	body = case_body(999999, "SOC-03", "张三", ID_NUMBER, PHONE, RECEIVED_ALL);
	call_err(f, "POST", "/api/v1/cases", f->clerk1, body, 404, "unknown_ticket", NULL);
	free(body);
	call_err(f, "POST", "/api/v1/cases", f->clerk1, "{\"matter\":\"SOC-03\"}", 400, "missing_field", NULL);

	/* Called, then being served: both fine.  A transfer to a matter of
	 * another service is allowed and recorded on the ticket. */
	int64_t tk = fx_ticket(f, "SOC", 1, f->clerk1);
	cJSON_Delete(fx_case(f, f->clerk1, tk, "SOC-03", RECEIVED_ALL, 201));
	fx_ticket_step(f, tk, "start", f->clerk1);
	cJSON_Delete(fx_case(f, f->clerk1, tk, "MAR-01", "[1,2,3]", 201));
	char path[64];
	snprintf(path, sizeof path, "/api/v1/tickets/%lld", (long long)tk);
	cJSON *t = call(f, "GET", path, f->clerk1, NULL, 200);
	assert_string_equal(jstr(t, "matter"), "MAR-01");
	cJSON_Delete(t);
	/* Finished: no longer at the window. */
	fx_ticket_step(f, tk, "finish", f->clerk1);
	body = case_body(tk, "SOC-03", "张三", ID_NUMBER, PHONE, RECEIVED_ALL);
	call_err(f, "POST", "/api/v1/cases", f->clerk1, body, 409, "ticket_not_at_window", "done");
	free(body);
}

/* ---- hostile and malformed input ------------------------------------------------ */

/* POST /cases with this applicant must fail with code, and store nothing. */
static void assert_refused(struct fx *f, int64_t tk, const char *name, const char *id_number,
			   const char *phone, const char *received, long want, const char *code)
{
	char *body = case_body(tk, "SOC-03", name, id_number, phone, received);
	call_err(f, "POST", "/api/v1/cases", f->clerk1, body, want, code, NULL);
	free(body);
}

static void test_hostile_input(void **state)
{
	struct fx *f = *state;
	int64_t tk = fx_ticket(f, "SOC", 1, f->clerk1);
	char long_name[256], fifty[50 * 3 + 4] = "";
	memset(long_name, 'A', 200);
	long_name[200] = '\0';
	static const char *const names[] = {
		"张三\x1b[2J\x1b[H", "\x1b]0;owned\x07", "张\n三", "张\t三", "\xe2\x80\xae" "三张",
		"", "   ", "张\x7f三",
	};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		assert_refused(f, tk, names[i], ID_NUMBER, PHONE, RECEIVED_ALL, 400, "invalid_field");
	assert_refused(f, tk, long_name, ID_NUMBER, PHONE, RECEIVED_ALL, 400, "invalid_field");
	for (int i = 0; i < 51; i++)
		strcat(fifty, "张");
	assert_refused(f, tk, fifty, ID_NUMBER, PHONE, RECEIVED_ALL, 400, "invalid_field");
	static const char *const ids[] = {
		"510823199001011239", "510802199002300013", "51082319900101123", "abc", "",
		"51082319900101123\xef\xbc\x98",
	};
	for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++)
		assert_refused(f, tk, "张三", ids[i], PHONE, RECEIVED_ALL, 400, "invalid_id_number");
	static const char *const phones[] = { "12345", "+8613812345678", "138 1234 5678", "", "0839-0234567" };
	for (size_t i = 0; i < sizeof phones / sizeof phones[0]; i++)
		assert_refused(f, tk, "张三", ID_NUMBER, phones[i], RECEIVED_ALL, 400, "invalid_phone");
	assert_refused(f, tk, "张三", ID_NUMBER, PHONE, "[\"1\"]", 400, "invalid_field");
	assert_refused(f, tk, "张三", ID_NUMBER, PHONE, "[0]", 400, "invalid_field");
	assert_refused(f, tk, "张三", ID_NUMBER, PHONE, "[1e300]", 400, "invalid_field");
	assert_refused(f, tk, "张三", ID_NUMBER, PHONE, "[2147483648]", 400, "invalid_field");
	assert_refused(f, tk, "张三", ID_NUMBER, PHONE, "[1,null]", 400, "invalid_field");
	assert_refused(f, tk, "张三", ID_NUMBER, PHONE, "{\"1\":true}", 400, "invalid_field");
	assert_refused(f, tk, "张三", ID_NUMBER, PHONE, "[1,2,99]", 400, "unknown_material");

	static const char *const bodies[] = {
		"{\"ticket\":1,\"matter\":\"SOC-03\",\"applicant\":\"张三\"}",
		"{\"ticket\":1,\"matter\":\"SOC-03\",\"applicant\":{\"name\":5,\"id_number\":\"x\",\"phone\":\"x\"}}",
		"{\"ticket\":\"1\"}", "{\"ticket\":0}",
	};
	for (size_t i = 0; i < sizeof bodies / sizeof bodies[0]; i++)
		call_err(f, "POST", "/api/v1/cases", f->clerk1, bodies[i], 400, "invalid_field", NULL);
	call_err(f, "POST", "/api/v1/cases", f->clerk1, "{\"ticket\":1,\"matter\":\"SOC-03\"}", 400,
		 "missing_field", NULL);
	struct resp r;
	http_raw(&f->w, "POST", "/api/v1/cases", f->clerk1, "{\"matter\":\"\xff\"}", 14, NULL, &r);
	assert_int_equal(r.status, 400);
	assert_string_equal(resp_error_code(&r), "invalid_utf8");
	resp_free(&r);
	char *body = case_body(tk, "NOPE-01", "张三", ID_NUMBER, PHONE, "[]");
	call_err(f, "POST", "/api/v1/cases", f->clerk1, body, 404, "unknown_matter", NULL);
	free(body);
	assert_string_equal(list_ids(f, "/api/v1/cases?status=all", f->sup), "");

	/* What is fine: 50 characters, a lowercase x, a landline. */
	fifty[strlen(fifty) - 3] = '\0';
	body = case_body(tk, "SOC-03", fifty, "11010519491231002x", "0839-1234567", RECEIVED_ALL);
	cJSON *c = call(f, "POST", "/api/v1/cases", f->clerk1, body, 201);
	free(body);
	const cJSON *a = cJSON_GetObjectItem(c, "applicant");
	assert_string_equal(jstr(a, "name"), fifty);
	assert_string_equal(jstr(a, "id_number"), "11010519491231002X");
	assert_string_equal(jstr(a, "phone"), "0839-1234567");
	int64_t id = id_of(c);
	cJSON_Delete(c);
	c = fx_act(f, f->sup, id, "", NULL, 200);
	assert_string_equal(jstr(cJSON_GetObjectItem(c, "applicant"), "id_number"), "1101**********002X");
	assert_string_equal(jstr(cJSON_GetObjectItem(c, "applicant"), "phone"), "083*****4567");
	cJSON_Delete(c);

	/* The reason of a suspension is checked the same way. */
	static const char *const reasons[] = {
		"{\"reason\":\"\"}", "{\"reason\":\"a\\u001bb\"}", "{\"reason\":\"\\u202e\"}", "{\"reason\":1}",
	};
	for (size_t i = 0; i < sizeof reasons / sizeof reasons[0]; i++)
		fx_act_err(f, f->clerk1, id, "suspend", reasons[i], 400, "invalid_field", NULL);
	fx_act_err(f, f->clerk1, id, "suspend", "{}", 400, "missing_field", NULL);
	char reason[300] = "{\"reason\":\"";
	memset(reason + strlen(reason), 'r', 201);
	strcpy(reason + strlen(reason), "\"}");
	fx_act_err(f, f->clerk1, id, "suspend", reason, 400, "invalid_field", NULL);
	c = fx_act(f, f->clerk1, id, "", NULL, 200);
	assert_string_equal(jstr(c, "status"), "accepted");
	cJSON_Delete(c);
}

/* ---- retries, the log ------------------------------------------------------------ */

static void test_idempotent_create(void **state)
{
	struct fx *f = *state;
	int64_t tk = fx_ticket(f, "SOC", 1, f->clerk1);
	char *body = case_body(tk, "SOC-03", "张三", ID_NUMBER, PHONE, RECEIVED_ALL);
	struct resp a, b;
	assert_int_equal(http(&f->w, "POST", "/api/v1/cases", f->clerk1, body, "case-retry-1", &a), 201);
	assert_int_equal(http(&f->w, "POST", "/api/v1/cases", f->clerk1, body, "case-retry-1", &b), 201);
	assert_false(a.replayed);
	assert_true(b.replayed);
	assert_int_equal(id_of(a.json), id_of(b.json));
	assert_string_equal(jstr(a.json, "number"), jstr(b.json, "number"));
	char want[32];
	snprintf(want, sizeof want, "%lld", (long long)id_of(a.json));
	assert_string_equal(list_ids(f, "/api/v1/cases?status=all", f->sup), want);
	resp_free(&a);
	resp_free(&b);
	free(body);
	/* The same key for another request is refused. */
	body = case_body(tk, "SOC-01", "张三", ID_NUMBER, PHONE, RECEIVED_ALL);
	assert_int_equal(http(&f->w, "POST", "/api/v1/cases", f->clerk1, body, "case-retry-1", &a), 422);
	resp_free(&a);
	free(body);
	assert_string_equal(list_ids(f, "/api/v1/cases?status=all", f->sup), want);
}

static void test_no_personal_data_in_log(void **state)
{
	struct fx *f = *state;
	char log_path[400];
	/* Restart with wicketd's stderr (its log) going to a file, at debug. */
	snprintf(log_path, sizeof log_path, "%s/stderr.log", f->w.dir);
	wd_restart_logging(&f->w, NULL, log_path);
	fx_login(f);

	int64_t tk = fx_ticket(f, "SOC", 1, f->clerk1);
	int64_t id = fx_new_case(f, tk, "SOC-01", "[1]");
	cJSON_Delete(fx_act(f, f->clerk1, id, "materials", "{\"received\":[2,3,4]}", 200));
	cJSON_Delete(fx_act(f, f->clerk1, id, "", NULL, 200));
	cJSON_Delete(call(f, "GET", "/api/v1/cases?window=1", f->clerk1, NULL, 200));
	assert_refused(f, tk, "张三", "510823199001011239", PHONE, "[]", 400, "invalid_id_number");
	assert_refused(f, tk, "张三", ID_NUMBER, "1381234567", "[]", 400, "invalid_phone");
	assert_int_equal(wd_term(&f->w), 0);

	char *log = slurp(log_path);
	assert_non_null(strstr(log, "/api/v1/cases"));     /* debug lines were written */
	assert_null(strstr(log, "51082319900101123"));
	assert_null(strstr(log, "1381234567"));
	free(log);
	wd_restart(&f->w, NULL);
	fx_login(f);
}


/* ---- 容缺受理: accepting with a material to follow ---------------------- */

/* The body of POST /cases for the usual applicant on SOC-01 with received,
 * deferred (JSON text) and the promise. */
static char *deferred_body(int64_t tk, const char *received, const char *deferred, bool promise)
{
	char *plain = case_body(tk, "SOC-01", "张三", ID_NUMBER, PHONE, received);
	cJSON *b = cJSON_Parse(plain);
	free(plain);
	cJSON_AddItemToObject(b, "deferred", cJSON_Parse(deferred));
	cJSON_AddBoolToObject(b, "promise", promise);
	char *s = cJSON_PrintUnformatted(b);
	cJSON_Delete(b);
	return s;
}

/* A SOC-01 case accepted today at window 1 owing material 3 (容缺). */
static cJSON *fx_deferred_case(struct fx *f)
{
	int64_t tk = fx_ticket(f, "SOC", 1, f->clerk1);
	char *body = deferred_body(tk, "[1,2,4]", "[3]", true);
	cJSON *c = call(f, "POST", "/api/v1/cases", f->clerk1, body, 201);
	free(body);
	return c;
}

/* The one item of array name of obj; fails unless there is exactly one. */
static const cJSON *only_item(const cJSON *obj, const char *name)
{
	const cJSON *arr = cJSON_GetObjectItemCaseSensitive(obj, name);
	assert_int_equal(cJSON_GetArraySize(arr), 1);
	return cJSON_GetArrayItem(arr, 0);
}

static bool jtrue(const cJSON *obj, const char *name)
{
	return cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(obj, name));
}

/* The guide marks which materials may follow; only those may be owed. */
static void test_deferred_only_marked(void **state)
{
	struct fx *f = *state;
	cJSON *m = call(f, "GET", "/api/v1/matters/SOC-01", f->clerk1, NULL, 200), *it;
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(m, "materials")) {
		if (jnum(it, "id") == 3)
			assert_int_equal((int)jnum(it, "deferrable_days"), 5);
		else
			assert_true(is_null(it, "deferrable_days"));
	}
	cJSON_Delete(m);

	int64_t tk = fx_ticket(f, "SOC", 1, f->clerk1);
	/* 4 is missing too and may not be waived: nothing is created. */
	char *body = deferred_body(tk, "[1,2]", "[3,4]", true);
	cJSON *e = call(f, "POST", "/api/v1/cases", f->clerk1, body, 422);
	free(body);
	cJSON *err = cJSON_GetObjectItemCaseSensitive(e, "error");
	assert_string_equal(jstr(err, "code"), "not_deferrable");
	assert_int_equal((int)jnum(err, "material"), 4);
	cJSON_Delete(e);
	/* No promise; a material not missing (optional, or received). */
	body = deferred_body(tk, "[1,2,4]", "[3]", false);
	call_err(f, "POST", "/api/v1/cases", f->clerk1, body, 400, "invalid_field", NULL);
	free(body);
	body = deferred_body(tk, "[1,2,4]", "[3,5]", true);
	call_err(f, "POST", "/api/v1/cases", f->clerk1, body, 400, "invalid_field", NULL);
	free(body);
	body = deferred_body(tk, "[1,2,3,4]", "[3]", true);
	call_err(f, "POST", "/api/v1/cases", f->clerk1, body, 400, "invalid_field", NULL);
	free(body);
	assert_string_equal(list_ids(f, "/api/v1/cases?status=all", f->sup), "");
	/* Without "deferred" the notice is given as ever. */
	body = deferred_body(tk, "[1,2]", "[]", false);
	cJSON *c = call(f, "POST", "/api/v1/cases", f->clerk1, body, 201);
	free(body);
	assert_string_equal(jstr(c, "status"), "notified");
	assert_string_equal(ids_of(c, "missing"), "3,4");
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(c, "owed")), 0);
	/* Waiving 4 on the notified case is refused the same way... */
	int64_t id = id_of(c);
	cJSON_Delete(c);
	fx_act_err(f, f->clerk1, id, "materials", "{\"received\":[],\"deferred\":[3,4],\"promise\":true}",
		   422, "not_deferrable", NULL);
	/* ...and once 4 is in, 3 may follow: accepted, owing 3. */
	c = fx_act(f, f->clerk1, id, "materials", "{\"received\":[4],\"deferred\":[3],\"promise\":true}", 200);
	assert_string_equal(jstr(c, "status"), "accepted");
	assert_int_equal((int)jnum(only_item(c, "owed"), "id"), 3);
	cJSON_Delete(c);
}

/* Accepted with 3 owed: the clock starts, the owed list and its date. */
static void test_deferred_owed_list(void **state)
{
	struct fx *f = *state;
	char today[DATE_ISO_SIZE], due[DATE_ISO_SIZE], owed_due[DATE_ISO_SIZE];
	fx_today(f, today);
	fx_due(f, today, 30, due);
	fx_due(f, today, 5, owed_due);
	cJSON *c = fx_deferred_case(f);
	assert_string_equal(jstr(c, "status"), "accepted");
	assert_string_equal(jstr(c, "accepted_on"), today);
	assert_string_equal(jstr(c, "due"), due);
	assert_string_equal(ids_of(c, "missing"), "");
	assert_string_equal(ids_of(c, "received"), "1,2,4");
	const cJSON *o = only_item(c, "owed");
	assert_int_equal((int)jnum(o, "id"), 3);
	assert_string_equal(jstr(o, "name"), "《家庭经济状况核对授权书》");
	assert_string_equal(jstr(o, "due"), owed_due);
	assert_true(cJSON_IsBool(cJSON_GetObjectItemCaseSensitive(o, "provisional")));
	assert_false(jtrue(o, "overdue"));
	const cJSON *step = only_item(c, "steps");
	assert_string_equal(jstr(step, "action"), "accepted");
	const cJSON *detail = cJSON_GetObjectItemCaseSensitive(step, "detail");
	assert_string_equal(ids_of(detail, "deferred"), "3");
	assert_true(jtrue(detail, "promise"));
	cJSON_Delete(c);
	/* The supervisor's list has it, not yet overdue. */
	cJSON *l = call(f, "GET", "/api/v1/cases/deferred", f->sup, NULL, 200);
	o = only_item(l, "deferred");
	assert_int_equal((int)jnum(o, "material"), 3);
	assert_string_equal(jstr(o, "due"), owed_due);
	assert_false(jtrue(o, "overdue"));
	cJSON_Delete(l);
	l = call(f, "GET", "/api/v1/cases/deferred?overdue=1", f->sup, NULL, 200);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(l, "deferred")), 0);
	cJSON_Delete(l);
}

/* The owed material brought: the list shrinks, a step says so. */
static void test_deferred_brought(void **state)
{
	struct fx *f = *state;
	cJSON *c = fx_deferred_case(f);
	int64_t id = id_of(c);
	cJSON_Delete(c);
	/* Only what is owed may be brought on an accepted case. */
	fx_act_err(f, f->clerk1, id, "materials", "{\"received\":[5]}", 400, "invalid_field", NULL);
	c = fx_act(f, f->clerk1, id, "materials", "{\"received\":[3]}", 200);
	assert_string_equal(jstr(c, "status"), "accepted");
	assert_string_equal(ids_of(c, "received"), "1,2,3,4");
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(c, "owed")), 0);
	const cJSON *steps = cJSON_GetObjectItemCaseSensitive(c, "steps");
	const cJSON *last = cJSON_GetArrayItem(steps, cJSON_GetArraySize(steps) - 1);
	assert_string_equal(jstr(last, "action"), "materials");
	assert_string_equal(ids_of(cJSON_GetObjectItemCaseSensitive(last, "detail"), "received"), "3");
	assert_string_equal(ids_of(cJSON_GetObjectItemCaseSensitive(last, "detail"), "owed"), "");
	cJSON_Delete(c);
	/* Owing nothing, an accepted case takes no materials, as before. */
	fx_act_err(f, f->clerk1, id, "materials", "{\"received\":[3]}", 409, "invalid_state", "accepted");
	cJSON *l = call(f, "GET", "/api/v1/cases/deferred", f->sup, NULL, 200);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(l, "deferred")), 0);
	cJSON_Delete(l);
}

/* Past its date the owed material is overdue, for the supervisor. */
static void test_deferred_overdue(void **state)
{
	struct fx *f = *state;
	char today[DATE_ISO_SIZE];
	date_t t0 = fx_today(f, today), due;
	cJSON *c = fx_deferred_case(f);
	int64_t id = id_of(c);
	assert_true(date_parse_iso(jstr(only_item(c, "owed"), "due"), &due));
	cJSON_Delete(c);
	/* The day after the owed date. */
	fx_shift(f, (int)(due - t0) + 1);
	cJSON *l = call(f, "GET", "/api/v1/cases/deferred?overdue=1", f->sup, NULL, 200);
	const cJSON *o = only_item(l, "deferred");
	assert_int_equal((int64_t)jnum(o, "case"), id);
	assert_int_equal((int)jnum(o, "material"), 3);
	assert_true(jtrue(o, "overdue"));
	cJSON_Delete(l);
	c = fx_act(f, f->sup, id, "", NULL, 200);
	assert_true(jtrue(only_item(c, "owed"), "overdue"));
	cJSON_Delete(c);
	/* Nothing is issued while a material is owed: completing is refused
	 * and changes nothing. */
	fx_act_err(f, f->clerk1, id, "complete", "{\"result\":\"准予\"}", 409, "materials_owed", NULL);
	c = fx_act(f, f->sup, id, "", NULL, 200);
	assert_string_equal(jstr(c, "status"), "accepted");
	cJSON_Delete(c);
	/* Brought late, it leaves the list; then the case may be completed. */
	cJSON_Delete(fx_act(f, f->clerk1, id, "materials", "{\"received\":[3]}", 200));
	c = fx_act(f, f->clerk1, id, "complete", "{\"result\":\"准予\"}", 200);
	assert_string_equal(jstr(c, "status"), "completed");
	cJSON_Delete(c);
	l = call(f, "GET", "/api/v1/cases/deferred?overdue=1", f->sup, NULL, 200);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(l, "deferred")), 0);
	cJSON_Delete(l);
	fx_shift(f, 0);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_accept_promised),
		T(test_accept_immediate),
		T(test_notice_then_materials),
		T(test_suspend_resume_moves_due),
		T(test_complete_on_time),
		T(test_complete_overdue),
		T(test_rating),
		T(test_list_filters_and_urgency),
		T(test_roles_and_windows),
		T(test_ticket_must_be_at_the_window),
		T(test_hostile_input),
		T(test_idempotent_create),
		T(test_no_personal_data_in_log),
		T(test_deferred_only_marked),
		T(test_deferred_owed_list),
		T(test_deferred_brought),
		T(test_deferred_overdue),
	};
#undef T
	return cmocka_run_group_tests(tests, NULL, NULL);
}
