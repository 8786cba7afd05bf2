/* test_case_week.c - a case lives longer than the visit (issue #11, part
 * 1), against a real wicketd:
 *
 * - the week: Monday a promised case is given the one-time notice at
 *   window 1; Tuesday the applicant returns to window 2 of the same
 *   service, the clerk there finds the case, links the visit and accepts
 *   it (the due date counts from Tuesday, by the working-day calendar);
 *   Thursday the clerk of window 1 completes it with nobody at the window.
 *   At each step the steps say who did what where, and the board and the
 *   report agree with the case;
 * - who handles a case: every clerk of its service, with or without a
 *   ticket, at the window the step names; nobody else;
 * - finding a case: by number, the ID number's last digits, a part of the
 *   name, the phone's last four; only among the caller's services; masked;
 *   paged, most urgent first;
 * - a database of the schema before the history upgrades in place, its
 *   cases' steps rebuilt.
 *
 * The server's clock is moved with --time-shift to fixed days of November
 * 2026 (the demo calendar covers them) over restarts on the same database.
 * The demo hall is copied with an empty morning queue and matter SOC-03's
 * limit cut to 2 working days, so that the case accepted on Tuesday falls
 * due on Thursday and shows on the board. */
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

#include "wicket/server/schema.h"

#include "harness.h"
#include "tdb.h"
#include "wicket/core/calendar.h"
#include "wicket/server/calendar_dir.h"
#include "wicket/common/xalloc.h"

#define ID_NUMBER "510823199001011238"
#define ID_MASKED "5108**********1238"
#define PHONE "13812345678"
#define MONDAY "2026-11-23"
#define TUESDAY "2026-11-24"
#define THURSDAY "2026-11-26"

struct fx {
	struct wd w;
	bool started;
	char data[320];          /* the copy of the demo hall, for --data */
	char *sup, *kiosk, *clerk[4];   /* clerk[n] signed in at window n */
	struct calendar *cal;
};

/* ---- the fixture -------------------------------------------------------------- */

static void fx_login(struct fx *f)
{
	free(f->sup);
	free(f->kiosk);
	f->sup = wd_login(&f->w, "supervisor", 0);
	f->kiosk = wd_login(&f->w, "kiosk", 0);
	for (int i = 1; i <= 3; i++) {
		char user[16];
		snprintf(user, sizeof user, "clerk%d", i);
		free(f->clerk[i]);
		f->clerk[i] = wd_login(&f->w, user, i);
	}
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

/* The demo hall with no morning queue and SOC-03 due in 2 working days. */
static void fx_data(struct fx *f)
{
	tmp_make(f->data, sizeof f->data);
	data_copy(getenv("WICKET_DATADIR"), f->data);
	file_write(f->data, "demo/tickets.json", "[]\n", 3);
	char path[400];
	snprintf(path, sizeof path, "%s/demo/matters.json", f->data);
	char *text = slurp(path);
	cJSON *root = cJSON_Parse(text), *m;
	free(text);
	cJSON *list = cJSON_IsArray(root) ? root : cJSON_GetObjectItem(root, "matters");
	cJSON_ArrayForEach(m, list)
		if (strcmp(jstr(m, "code"), "SOC-03") == 0)
			cJSON_ReplaceItemInObject(m, "working_days", cJSON_CreateNumber(2));
	text = cJSON_Print(root);
	file_write(f->data, "demo/matters.json", text, strlen(text));
	free(text);
	cJSON_Delete(root);
}

static int setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof *f);
	fx_data(f);
	f->cal = cal_new();
	assert_int_equal(srv_calendar_load_dir(f->cal, getenv("WICKET_CALENDAR_DIR"), NULL), 0);
	fx_at(f, MONDAY "T09:00:00");
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	wd_stop(&f->w);
	tmp_remove(f->data);
	cal_free(f->cal);
	free(f->sup);
	free(f->kiosk);
	for (int i = 1; i <= 3; i++)
		free(f->clerk[i]);
	free(f);
	return 0;
}

/* ---- requests ------------------------------------------------------------------ */

/* format's text, malloc'd. */
static char *vfmt(const char *format, va_list ap)
{
	va_list again;
	va_copy(again, ap);
	int n = vsnprintf(NULL, 0, format, ap);
	assert_true(n >= 0);
	char *s = xmalloc((size_t)n + 1);
	vsnprintf(s, (size_t)n + 1, format, again);
	va_end(again);
	return s;
}

static char *fmt(const char *format, ...) __attribute__((format(printf, 1, 2)));
static char *fmt(const char *format, ...)
{
	va_list ap;
	va_start(ap, format);
	char *s = vfmt(format, ap);
	va_end(ap);
	return s;
}

/* format's request (a path; body may be NULL) must answer want; the reply
 * (the caller deletes it). */
static cJSON *callf(struct fx *f, const char *method, const char *token, const char *body, long want,
		    const char *format, ...) __attribute__((format(printf, 6, 7)));
static cJSON *callf(struct fx *f, const char *method, const char *token, const char *body, long want,
		    const char *format, ...)
{
	va_list ap;
	va_start(ap, format);
	char *path = vfmt(format, ap);
	va_end(ap);
	cJSON *j = wd_call(&f->w, method, path, token, body, want);
	free(path);
	return j;
}

static void errf(struct fx *f, const char *method, const char *token, const char *body, long want,
		 const char *code, const char *format, ...) __attribute__((format(printf, 7, 8)));
static void errf(struct fx *f, const char *method, const char *token, const char *body, long want,
		 const char *code, const char *format, ...)
{
	va_list ap;
	va_start(ap, format);
	char *path = vfmt(format, ap);
	va_end(ap);
	wd_call_err(&f->w, method, path, token, body, want, code, NULL);
	free(path);
}

static int64_t id_of(cJSON *j)
{
	int64_t id = (int64_t)jnum(j, "id");
	cJSON_Delete(j);
	return id;
}

/* A SOC ticket from the kiosk, called to window no by its clerk and
 * started there; its id. */
static int64_t fx_visit(struct fx *f, int no)
{
	int64_t tk = id_of(callf(f, "POST", f->kiosk, "{\"service\":\"SOC\"}", 201, "/api/v1/tickets"));
	char *body = fmt("{\"ticket\":%lld}", (long long)tk);
	cJSON_Delete(callf(f, "POST", f->clerk[no], body, 200, "/api/v1/windows/%d/call", no));
	free(body);
	cJSON_Delete(callf(f, "POST", f->clerk[no], NULL, 200, "/api/v1/tickets/%lld/start", (long long)tk));
	return tk;
}

/* POST /cases by the clerk of window no on ticket tk; the reply. */
static cJSON *fx_case(struct fx *f, int no, int64_t tk, const char *matter, const char *name,
		      const char *id_number, const char *phone, const char *received)
{
	char *body = fmt("{\"ticket\":%lld,\"matter\":\"%s\",\"applicant\":{\"name\":\"%s\","
			 "\"id_number\":\"%s\",\"phone\":\"%s\"},\"received\":%s}", (long long)tk,
			 matter, name, id_number, phone, received);
	cJSON *c = callf(f, "POST", f->clerk[no], body, 201, "/api/v1/cases");
	free(body);
	return c;
}

static cJSON *fx_get(struct fx *f, const char *token, int64_t id)
{
	return callf(f, "GET", token, NULL, 200, "/api/v1/cases/%lld", (long long)id);
}

/* The ids of GET path's cases, "3,1,2"; the reply's total in *total. */
static char *list_ids(struct fx *f, const char *token, const char *path, int *total)
{
	cJSON *l = wd_call(&f->w, "GET", path, token, NULL, 200), *c;
	char *text = cJSON_PrintUnformatted(l);
	/* A list never holds an ID number or phone in full. */
	assert_null(strstr(text, ID_NUMBER));
	assert_null(strstr(text, PHONE));
	free(text);
	char *out = xstrdup("");
	cJSON_ArrayForEach(c, cJSON_GetObjectItem(l, "cases")) {
		char *next = fmt("%s%s%lld", out, *out ? "," : "", (long long)jnum(c, "id"));
		free(out);
		out = next;
	}
	if (total)
		*total = (int)jnum(l, "total");
	cJSON_Delete(l);
	return out;
}

static void assert_list(struct fx *f, const char *token, const char *path, const char *want)
{
	char *got = list_ids(f, token, path, NULL);
	if (strcmp(got, want) != 0)
		fail_msg("GET %s: cases %s, wanted %s", path, got, want);
	free(got);
}

/* ---- what the steps, the board and the report say ---------------------------------- */

/* Step i of case c must be action, by user (NULL: by nobody known), at
 * window (0: none), on ticket (0: none). */
static const cJSON *assert_step(const cJSON *c, int i, const char *action, const char *user,
				const char *name, int window, int64_t ticket)
{
	const cJSON *s = cJSON_GetArrayItem(cJSON_GetObjectItem(c, "steps"), i);
	if (!s)
		fail_msg("case %s has no step %d", jstr(c, "number"), i);
	assert_string_equal(jstr(s, "action"), action);
	const cJSON *by = cJSON_GetObjectItem(s, "by");
	if (user) {
		assert_string_equal(jstr(by, "user"), user);
		assert_string_equal(jstr(by, "name"), name);
	} else {
		assert_true(cJSON_IsNull(by));
	}
	if (window)
		assert_int_equal((int)jnum(s, "window"), window);
	else
		assert_true(cJSON_IsNull(cJSON_GetObjectItem(s, "window")));
	if (ticket)
		assert_int_equal((int64_t)jnum(s, "ticket"), ticket);
	else
		assert_true(cJSON_IsNull(cJSON_GetObjectItem(s, "ticket")));
	return s;
}

/* The board's due case id, or NULL (the caller deletes the board). */
static const cJSON *board_due(cJSON *board, int64_t id)
{
	const cJSON *d;
	cJSON_ArrayForEach(d, cJSON_GetObjectItem(board, "due_cases"))
		if ((int64_t)jnum(d, "id") == id)
			return d;
	return NULL;
}

/* The report's total for from..to. */
static cJSON *report_total(struct fx *f, const char *from, const char *to)
{
	cJSON *r = callf(f, "GET", f->sup, NULL, 200, "/api/v1/reports?from=%s&to=%s", from, to);
	cJSON *t = cJSON_DetachItemFromObject(r, "total");
	cJSON_Delete(r);
	return t;
}

/* The figures of the report's total that follow the case. */
static void assert_report(struct fx *f, const char *to, int accepted, int completed, int on_time)
{
	cJSON *t = report_total(f, MONDAY, to);
	assert_int_equal((int)jnum(t, "accepted"), accepted);
	assert_int_equal((int)jnum(t, "accepted_first_visit"), 0);
	assert_int_equal((int)jnum(t, "promised_completed"), completed);
	assert_int_equal((int)jnum(t, "promised_on_time"), on_time);
	assert_int_equal((int)jnum(t, "overdue_open"), 0);
	cJSON_Delete(t);
}

/* The data of the last event kind about case id; its window and ticket. */
static cJSON *last_event(struct fx *f, const char *kind, int64_t id, int *window, int64_t *ticket)
{
	cJSON *feed = callf(f, "GET", f->sup, NULL, 200, "/api/v1/events?since=0"), *e, *data = NULL;
	cJSON_ArrayForEach(e, cJSON_GetObjectItem(feed, "events"))
		if (strcmp(jstr(e, "kind"), kind) == 0 && (int64_t)jnum(e, "case") == id) {
			cJSON_Delete(data);
			data = cJSON_Duplicate(cJSON_GetObjectItem(e, "data"), true);
			*window = cJSON_IsNumber(cJSON_GetObjectItem(e, "window")) ? (int)jnum(e, "window") : 0;
			*ticket = cJSON_IsNumber(cJSON_GetObjectItem(e, "ticket")) ? (int64_t)jnum(e, "ticket") : 0;
		}
	cJSON_Delete(feed);
	if (!data)
		fail_msg("no event %s about case %lld", kind, (long long)id);
	return data;
}

/* ---- the week -------------------------------------------------------------------- */

/* Monday at window 1: a promised case without materials 3 and 4 is
 * given the notice; its id, and the ticket in *tk. */
static int64_t week_monday(struct fx *f, int64_t *tk)
{
	cJSON_Delete(callf(f, "POST", f->clerk[1], NULL, 200, "/api/v1/windows/1/open"));
	*tk = fx_visit(f, 1);
	cJSON *c = fx_case(f, 1, *tk, "SOC-03", "张三", ID_NUMBER, PHONE, "[1,2]");
	int64_t id = (int64_t)jnum(c, "id");
	assert_string_equal(jstr(c, "status"), "notified");
	assert_string_equal(jstr(c, "notified_on"), MONDAY);
	assert_string_equal(jstr(c, "service"), "SOC");
	const cJSON *s = assert_step(c, 0, "notified", "clerk1", "张雅婷", 1, *tk);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(cJSON_GetObjectItem(s, "detail"), "missing")), 2);
	cJSON_Delete(c);
	cJSON_Delete(callf(f, "POST", f->clerk[1], NULL, 200, "/api/v1/tickets/%lld/finish", (long long)*tk));
	cJSON_Delete(callf(f, "POST", f->clerk[1], NULL, 200, "/api/v1/windows/1/close"));

	/* Nothing is due, nothing accepted or completed yet. */
	cJSON *board = callf(f, "GET", f->sup, NULL, 200, "/api/v1/board");
	assert_null(board_due(board, id));
	cJSON_Delete(board);
	assert_report(f, MONDAY, 0, 0, 0);
	return id;
}

/* Tuesday at window 2: the applicant comes back with the rest; the clerk
 * there finds the case, links the visit and accepts it. */
static void week_tuesday(struct fx *f, int64_t id, int64_t tk1)
{
	cJSON_Delete(callf(f, "POST", f->clerk[2], NULL, 200, "/api/v1/windows/2/open"));
	int64_t tk2 = fx_visit(f, 2);
	char want[32];
	snprintf(want, sizeof want, "%lld", (long long)id);
	/* A notified case is not open: the clerk finds it by the ID number. */
	assert_list(f, f->clerk[2], "/api/v1/cases", "");
	assert_list(f, f->clerk[2], "/api/v1/cases?q=1238", want);

	char *body = fmt("{\"ticket\":%lld}", (long long)tk2);
	cJSON *c = callf(f, "POST", f->clerk[2], body, 200, "/api/v1/cases/%lld/visits", (long long)id);
	free(body);
	assert_string_equal(jstr(cJSON_GetObjectItem(c, "applicant"), "id_number"), ID_NUMBER);
	const cJSON *visits = cJSON_GetObjectItem(c, "visits");
	assert_int_equal(cJSON_GetArraySize(visits), 2);
	assert_int_equal((int64_t)jnum(cJSON_GetArrayItem(visits, 0), "ticket"), tk1);
	assert_int_equal((int64_t)jnum(cJSON_GetArrayItem(visits, 1), "ticket"), tk2);
	assert_int_equal((int)jnum(cJSON_GetArrayItem(visits, 1), "window"), 2);
	assert_string_equal(jstr(cJSON_GetObjectItem(cJSON_GetArrayItem(visits, 1), "by"), "name"), "李志强");
	cJSON_Delete(c);
	cJSON *t = callf(f, "GET", f->clerk[2], NULL, 200, "/api/v1/tickets/%lld", (long long)tk2);
	assert_int_equal((int64_t)jnum(cJSON_GetObjectItem(t, "continued_case"), "id"), id);
	cJSON_Delete(t);

	body = fmt("{\"received\":[3,4],\"ticket\":%lld}", (long long)tk2);
	c = callf(f, "POST", f->clerk[2], body, 200, "/api/v1/cases/%lld/materials", (long long)id);
	free(body);
	/* Accepted today: 2 working days from Tuesday, as the calendar says. */
	date_t tue, due;
	bool provisional = true;
	assert_true(date_parse_iso(TUESDAY, &tue));
	assert_int_equal(cal_due(f->cal, tue, 2, NULL, 0, &due, &provisional), 0);
	char iso[DATE_ISO_SIZE];
	date_format_iso(due, iso);
	assert_string_equal(iso, THURSDAY);
	assert_string_equal(jstr(c, "status"), "accepted");
	assert_string_equal(jstr(c, "accepted_on"), TUESDAY);
	assert_string_equal(jstr(c, "due"), iso);
	assert_int_equal((int)jnum(c, "working_days_left"), 2);
	assert_int_equal((int)jnum(c, "window"), 1);      /* still the window that took it */
	assert_step(c, 0, "notified", "clerk1", "张雅婷", 1, tk1);
	assert_step(c, 1, "visit", "clerk2", "李志强", 2, tk2);
	assert_step(c, 2, "accepted", "clerk2", "李志强", 2, tk2);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(c, "steps")), 3);
	cJSON_Delete(c);
	int window;
	int64_t ticket;
	cJSON *data = last_event(f, "case.accepted", id, &window, &ticket);
	assert_int_equal(window, 2);
	assert_int_equal(ticket, tk2);
	assert_int_equal((int)jnum(data, "window"), 1);
	cJSON_Delete(data);
	cJSON_Delete(last_event(f, "case.visit", id, &window, &ticket));
	assert_int_equal(ticket, tk2);
	cJSON_Delete(callf(f, "POST", f->clerk[2], NULL, 200, "/api/v1/tickets/%lld/finish", (long long)tk2));
	/* Window 2's day lists the case it accepted (window 1 took it), and
	 * its timeline names the clerk. */
	cJSON *day = callf(f, "GET", f->sup, NULL, 200, "/api/v1/windows/2/day");
	const cJSON *dc = cJSON_GetArrayItem(cJSON_GetObjectItem(day, "cases"), 0);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(day, "cases")), 1);
	assert_int_equal((int64_t)jnum(dc, "id"), id);
	assert_string_equal(jstr(dc, "status"), "accepted");
	const cJSON *te;
	int named = 0;
	cJSON_ArrayForEach(te, cJSON_GetObjectItem(day, "timeline"))
		if (jstr(te, "user") && strcmp(jstr(te, "user"), "clerk2") == 0) {
			assert_string_equal(jstr(te, "user_name"), "李志强");
			named++;
		}
	assert_true(named > 0);
	cJSON_Delete(day);

	/* F8 at either window of the service lists it; window 3 (PEN, SSC)
	 * does not.  Not due yet; accepted once, not at the first visit. */
	assert_list(f, f->clerk[1], "/api/v1/cases", want);
	assert_list(f, f->clerk[2], "/api/v1/cases", want);
	assert_list(f, f->clerk[3], "/api/v1/cases?status=all", "");
	cJSON *board = callf(f, "GET", f->sup, NULL, 200, "/api/v1/board");
	assert_null(board_due(board, id));
	cJSON_Delete(board);
	assert_report(f, TUESDAY, 1, 0, 0);
}

/* Thursday: due today, on the board; the clerk of window 1 completes it
 * in the back office (window closed, no ticket). */
static void week_thursday(struct fx *f, int64_t id)
{
	cJSON *c = fx_get(f, f->sup, id);
	assert_int_equal((int)jnum(c, "working_days_left"), 0);
	cJSON_Delete(c);
	cJSON *board = callf(f, "GET", f->sup, NULL, 200, "/api/v1/board");
	const cJSON *d = board_due(board, id);
	assert_non_null(d);
	assert_string_equal(jstr(d, "due"), THURSDAY);
	assert_int_equal((int)jnum(d, "working_days_overdue"), 0);
	cJSON_Delete(board);
	assert_report(f, THURSDAY, 1, 0, 0);

	c = callf(f, "POST", f->clerk[1], "{\"result\":\"准予，已发放救助金\"}", 200,
		  "/api/v1/cases/%lld/complete", (long long)id);
	assert_string_equal(jstr(c, "status"), "completed");
	assert_string_equal(jstr(c, "completed_on"), THURSDAY);
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(c, "on_time")));
	assert_int_equal((int)jnum(c, "working_days_used"), 2);
	assert_string_equal(jstr(c, "result"), "准予，已发放救助金");
	const cJSON *s = assert_step(c, 3, "completed", "clerk1", "张雅婷", 1, 0);
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(cJSON_GetObjectItem(s, "detail"), "on_time")));
	cJSON_Delete(c);

	board = callf(f, "GET", f->sup, NULL, 200, "/api/v1/board");
	assert_null(board_due(board, id));
	cJSON_Delete(board);
	assert_report(f, THURSDAY, 1, 1, 1);
	assert_list(f, f->clerk[2], "/api/v1/cases", "");
	/* The supervisor reads the whole story, masked. */
	c = fx_get(f, f->sup, id);
	assert_string_equal(jstr(cJSON_GetObjectItem(c, "applicant"), "id_number"), ID_MASKED);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(c, "steps")), 4);
	cJSON_Delete(c);
}

static void test_week(void **state)
{
	struct fx *f = *state;
	int64_t tk1;
	int64_t id = week_monday(f, &tk1);
	fx_at(f, TUESDAY "T10:00:00");
	week_tuesday(f, id, tk1);
	fx_at(f, THURSDAY "T15:00:00");
	week_thursday(f, id);
}

/* ---- who handles a case ----------------------------------------------------------- */

static void test_who_handles(void **state)
{
	struct fx *f = *state;
	cJSON_Delete(callf(f, "POST", f->clerk[1], NULL, 200, "/api/v1/windows/1/open"));
	int64_t tk = fx_visit(f, 1);
	int64_t id = id_of(fx_case(f, 1, tk, "SOC-03", "张三", ID_NUMBER, PHONE, "[1,2,3,4]"));

	/* The clerk of window 2 (SOC too) reads it in full; window 3 does not. */
	cJSON *c = fx_get(f, f->clerk[2], id);
	assert_string_equal(jstr(cJSON_GetObjectItem(c, "applicant"), "id_number"), ID_NUMBER);
	cJSON_Delete(c);
	errf(f, "GET", f->clerk[3], NULL, 403, "forbidden", "/api/v1/cases/%lld", (long long)id);
	static const char *const steps[] = { "suspend", "resume", "complete", "visits", "materials", "rating" };
	for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++)
		errf(f, "POST", f->clerk[3], "{\"reason\":\"x\",\"ticket\":1,\"received\":[1],\"level\":5}", 403,
		     "forbidden", "/api/v1/cases/%lld/%s", (long long)id, steps[i]);

	/* Where: a window the clerk is not signed in to, a waiting ticket, an
	 * unknown one, a ticket of another window. */
	errf(f, "POST", f->clerk[2], "{\"reason\":\"x\",\"window\":1}", 403, "forbidden",
	     "/api/v1/cases/%lld/suspend", (long long)id);
	int64_t waiting = id_of(callf(f, "POST", f->kiosk, "{\"service\":\"SOC\"}", 201, "/api/v1/tickets"));
	char *body = fmt("{\"reason\":\"x\",\"ticket\":%lld}", (long long)waiting);
	char *path = fmt("/api/v1/cases/%lld/suspend", (long long)id);
	wd_call_err(&f->w, "POST", path, f->clerk[2], body, 409, "ticket_not_at_window", "waiting");
	free(path);
	free(body);
	errf(f, "POST", f->clerk[2], "{\"reason\":\"x\",\"ticket\":999999}", 404, "unknown_ticket",
	     "/api/v1/cases/%lld/suspend", (long long)id);
	body = fmt("{\"reason\":\"x\",\"ticket\":%lld}", (long long)tk);
	errf(f, "POST", f->clerk[2], body, 403, "forbidden", "/api/v1/cases/%lld/suspend", (long long)id);
	free(body);
	body = fmt("{\"reason\":\"x\",\"ticket\":%lld,\"window\":2}", (long long)tk);
	errf(f, "POST", f->clerk[1], body, 400, "invalid_field", "/api/v1/cases/%lld/suspend", (long long)id);
	free(body);
	errf(f, "POST", f->clerk[2], "{}", 400, "missing_field", "/api/v1/cases/%lld/visits", (long long)id);
	errf(f, "POST", f->clerk[1], "{\"result\":\"\\u001b[2J\"}", 400, "invalid_field",
	     "/api/v1/cases/%lld/complete", (long long)id);

	/* Back office at window 2, with nobody there: suspend, resume,
	 * complete; each step at window 2, by clerk2, without a ticket. */
	cJSON_Delete(callf(f, "POST", f->clerk[2], "{\"reason\":\"等待鉴定\"}", 200, "/api/v1/cases/%lld/suspend",
			   (long long)id));
	cJSON_Delete(callf(f, "POST", f->clerk[2], NULL, 200, "/api/v1/cases/%lld/resume", (long long)id));
	c = callf(f, "POST", f->clerk[2], "{\"window\":2}", 200, "/api/v1/cases/%lld/complete", (long long)id);
	assert_step(c, 0, "accepted", "clerk1", "张雅婷", 1, tk);
	const cJSON *s = assert_step(c, 1, "suspended", "clerk2", "李志强", 2, 0);
	assert_string_equal(jstr(cJSON_GetObjectItem(s, "detail"), "reason"), "等待鉴定");
	assert_step(c, 2, "resumed", "clerk2", "李志强", 2, 0);
	assert_step(c, 3, "completed", "clerk2", "李志强", 2, 0);
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(c, "result")));
	cJSON_Delete(c);
	int window;
	int64_t ticket;
	cJSON_Delete(last_event(f, "case.completed", id, &window, &ticket));
	assert_int_equal(window, 2);
	assert_int_equal(ticket, tk);     /* the case's own ticket, the step had none */

	/* The kiosk rates at no window. */
	c = callf(f, "POST", f->kiosk, "{\"level\":4}", 200, "/api/v1/cases/%lld/rating", (long long)id);
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(c, "applicant")));
	cJSON_Delete(c);
	c = fx_get(f, f->clerk[2], id);
	assert_step(c, 4, "rated", "kiosk", "取号机", 0, 0);
	cJSON_Delete(c);
}

/* ---- finding a case ----------------------------------------------------------------- */

static void test_search_and_paging(void **state)
{
	struct fx *f = *state;
	cJSON_Delete(callf(f, "POST", f->clerk[1], NULL, 200, "/api/v1/windows/1/open"));
	/* Three accepted SOC cases due in 30, 2 and 20 working days, and one
	 * notified; and a PEN case at window 3. */
	int64_t tk = fx_visit(f, 1);
	int64_t a = id_of(fx_case(f, 1, tk, "SOC-01", "张三", ID_NUMBER, PHONE, "[1,2,3,4]"));
	int64_t b = id_of(fx_case(f, 1, tk, "SOC-03", "李四", "11010519491231002X", "0839-1234567", "[1,2,3,4]"));
	int64_t c = id_of(fx_case(f, 1, tk, "SOC-04", "王五", "440304198503151231", "13900001111", "[1,2,3,4]"));
	int64_t d = id_of(fx_case(f, 1, tk, "SOC-03", "张三丰", "510823197001010017", "13900002222", "[1]"));
	cJSON_Delete(callf(f, "POST", f->clerk[3], NULL, 200, "/api/v1/windows/3/open"));
	int64_t tk3 = id_of(callf(f, "POST", f->kiosk, "{\"service\":\"PEN\"}", 201, "/api/v1/tickets"));
	char *body = fmt("{\"ticket\":%lld}", (long long)tk3);
	cJSON_Delete(callf(f, "POST", f->clerk[3], body, 200, "/api/v1/windows/3/call"));
	free(body);
	char *pen = fmt("{\"ticket\":%lld,\"matter\":\"PEN-02\",\"applicant\":{\"name\":\"张三\","
			"\"id_number\":\"" ID_NUMBER "\",\"phone\":\"" PHONE "\"},\"received\":[1]}", (long long)tk3);
	int64_t e = id_of(callf(f, "POST", f->clerk[3], pen, 201, "/api/v1/cases"));
	free(pen);

	char *want = fmt("%lld,%lld,%lld", (long long)b, (long long)c, (long long)a);
	assert_list(f, f->clerk[2], "/api/v1/cases", want);    /* most urgent first */
	free(want);
	int total = 0;
	char *page = list_ids(f, f->clerk[2], "/api/v1/cases?limit=2", &total);
	want = fmt("%lld,%lld", (long long)b, (long long)c);
	assert_string_equal(page, want);
	assert_int_equal(total, 3);
	free(page);
	free(want);
	page = list_ids(f, f->clerk[2], "/api/v1/cases?limit=2&offset=2", &total);
	want = fmt("%lld", (long long)a);
	assert_string_equal(page, want);
	free(page);
	free(want);
	want = fmt("%lld,%lld,%lld,%lld", (long long)b, (long long)c, (long long)a, (long long)d);
	assert_list(f, f->clerk[2], "/api/v1/cases?status=active", want);
	free(want);

	/* By number, ID number's tail (x for X), name, phone's last four. */
	cJSON *k = fx_get(f, f->clerk[2], c);
	char *path = fmt("/api/v1/cases?q=%s", jstr(k, "number"));
	want = fmt("%lld", (long long)c);
	assert_list(f, f->clerk[2], path, want);
	free(path);
	free(want);
	cJSON_Delete(k);
	want = fmt("%lld", (long long)b);
	assert_list(f, f->clerk[2], "/api/v1/cases?q=1002x", want);
	assert_list(f, f->clerk[2], "/api/v1/cases?q=4567", want);          /* the landline's end */
	assert_list(f, f->clerk[2], "/api/v1/cases?q=%E6%9D%8E", want);    /* 李 */
	free(want);
	want = fmt("%lld,%lld", (long long)a, (long long)d);
	assert_list(f, f->clerk[2], "/api/v1/cases?q=%E5%BC%A0%E4%B8%89", want);    /* 张三: both */
	free(want);
	want = fmt("%lld", (long long)a);
	assert_list(f, f->clerk[2], "/api/v1/cases?q=" ID_NUMBER, want);
	assert_list(f, f->clerk[2], "/api/v1/cases?q=5678", want);
	assert_list(f, f->clerk[2], "/api/v1/cases?q=1238&status=open", want);
	free(want);
	/* Window 3 finds only its own service's case; the supervisor both. */
	want = fmt("%lld", (long long)e);
	assert_list(f, f->clerk[3], "/api/v1/cases?q=1238", want);
	free(want);
	want = fmt("%lld,%lld", (long long)a, (long long)e);
	assert_list(f, f->sup, "/api/v1/cases?q=1238", want);
	free(want);
	want = fmt("%lld", (long long)e);
	assert_list(f, f->sup, "/api/v1/cases?q=1238&service=PEN", want);
	free(want);
	assert_list(f, f->clerk[2], "/api/v1/cases?q=0000", "");

	static const char *const bad[] = {
		"q=123", "q=", "q=5108231990010112380", "limit=0", "limit=201", "offset=-1", "status=closed", "window=0",
		"q=%1B%5B2J",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		path = fmt("/api/v1/cases?%s", bad[i]);
		struct resp r;
		http(&f->w, "GET", path, f->clerk[2], NULL, NULL, &r);
		if (r.status != 400 || strcmp(resp_error_code(&r), "invalid_query") != 0)
			fail_msg("GET %s: %ld %s", path, r.status, r.body);
		/* The message never repeats what was searched. */
		assert_null(strstr(r.body, "123\""));
		resp_free(&r);
		free(path);
	}
	errf(f, "GET", f->clerk[2], NULL, 403, "forbidden", "/api/v1/cases?service=PEN");
	errf(f, "GET", f->clerk[2], NULL, 404, "unknown_service", "/api/v1/cases?service=XYZ");
}

/* ---- upgrading in place -------------------------------------------------------------- */

/* A database of schema 6 (before the history): its cases get their steps
 * rebuilt from what they recorded, and new steps are written after.
 * SQLite only (see main). */
static void test_upgrade_in_place(void **state)
{
	struct fx *f = *state;
	cJSON_Delete(callf(f, "POST", f->clerk[1], NULL, 200, "/api/v1/windows/1/open"));
	int64_t tk = fx_visit(f, 1);
	int64_t id = id_of(fx_case(f, 1, tk, "SOC-03", "张三", ID_NUMBER, PHONE, "[1,2]"));
	cJSON_Delete(callf(f, "POST", f->clerk[1], "{\"received\":[3,4]}", 200, "/api/v1/cases/%lld/materials",
			   (long long)id));
	cJSON_Delete(callf(f, "POST", f->clerk[1], "{\"reason\":\"等待鉴定\"}", 200,
			   "/api/v1/cases/%lld/suspend", (long long)id));
	cJSON_Delete(callf(f, "POST", f->clerk[1], NULL, 200, "/api/v1/cases/%lld/resume", (long long)id));
	cJSON_Delete(callf(f, "POST", f->clerk[1], NULL, 200, "/api/v1/cases/%lld/complete", (long long)id));
	cJSON_Delete(callf(f, "POST", f->kiosk, "{\"level\":2}", 200, "/api/v1/cases/%lld/rating", (long long)id));

	cJSON_Delete(callf(f, "POST", f->clerk[1], NULL, 200, "/api/v1/tickets/%lld/finish", (long long)tk));
	assert_int_equal(wd_term(&f->w), 0);
	/* Schema 6 had no history, and its idempotency store kept whole
	 * answers, an applicant's ID number and phone in them (schema 8). */
	char *old = fmt("DROP TABLE case_steps; ALTER TABLE cases DROP COLUMN result; DROP INDEX idempotency_at;"
			"ALTER TABLE sessions DROP COLUMN seen;"
			/* nor schema 9's waiting counts and pick indexes */
			"DROP TABLE queue_counts; DROP TRIGGER queue_counts_insert;"
			"DROP TRIGGER queue_counts_delete; DROP TRIGGER queue_counts_leave;"
			"DROP TRIGGER queue_counts_enter; DROP INDEX tickets_pick_appointment;"
			"DROP INDEX tickets_pick_priority; DROP INDEX tickets_pick_normal;"
			"DROP INDEX tickets_oldest;"
			/* nor schema 11's ratings */
			"DROP TABLE ratings;"
			/* nor schema 12's appointments, 不打烊 sessions and home visits */
			"DROP TABLE bookings; DROP TABLE extra_session_windows; DROP TABLE extra_sessions;"
			"DROP TABLE home_visits; ALTER TABLE tickets DROP COLUMN extended;"
			/* nor schema 15's halls */
			"DROP TABLE halls;"
			/* nor schema 16's 容缺 (materials owed) */
			"DROP TABLE case_owed; ALTER TABLE materials DROP COLUMN deferrable_days;"
			/* nor schema 17's 帮办代办 */
			"ALTER TABLE cases DROP COLUMN assist; ALTER TABLE cases DROP COLUMN assist_by;"
			"ALTER TABLE cases DROP COLUMN agent_name; ALTER TABLE cases DROP COLUMN agent_id;"
			"ALTER TABLE cases DROP COLUMN agent_phone; ALTER TABLE cases DROP COLUMN agent_relation;"
			/* and schema 18's AB岗 posts, absences and covers */
			"DROP TABLE covers; DROP TABLE absences; DROP TABLE post_backups; DROP TABLE posts;"
			/* nor schema 19's enquiries and guide desk (no account had the role) */
			"DROP TABLE enquiries; DELETE FROM users WHERE role = 'guide';"
			"CREATE INDEX tickets_waiting ON tickets(status, service) WHERE status = 'waiting';"
			"INSERT INTO idempotency VALUES('clerk1', 'old-key', 'POST', '/api/v1/cases', 'x', 201,"
			"  '{\"id\":%lld,\"applicant\":{\"name\":\"张三\",\"id_number\":\"" ID_NUMBER "\","
			"  \"phone\":\"" PHONE "\"}}', strftime('%%s', 'now'));"
			"PRAGMA user_version = 6;", (long long)id);
	struct tdb *db = tdb_open(f->w.db);
	tdb_exec(db, old);
	tdb_close(db);
	free(old);
	fx_at(f, MONDAY "T16:00:00");

	cJSON *c = fx_get(f, f->clerk[2], id);
	assert_step(c, 0, "notified", "clerk1", "张雅婷", 1, tk);
	assert_step(c, 1, "accepted", NULL, NULL, 0, 0);
	const cJSON *s = assert_step(c, 2, "suspended", NULL, NULL, 0, 0);
	assert_string_equal(jstr(cJSON_GetObjectItem(s, "detail"), "reason"), "等待鉴定");
	s = assert_step(c, 3, "completed", NULL, NULL, 0, 0);
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(cJSON_GetObjectItem(s, "detail"), "on_time")));
	s = assert_step(c, 4, "rated", NULL, NULL, 0, 0);
	assert_int_equal((int)jnum(cJSON_GetObjectItem(s, "detail"), "level"), 2);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(c, "steps")), 5);
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(c, "result")));
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(c, "visits")), 1);
	cJSON_Delete(c);
	/* No answer kept holds the ID number or the phone any more. */
	assert_int_equal(wd_term(&f->w), 0);
	db = tdb_open(f->w.db);
	assert_int_equal(tdb_int(db, "SELECT count(*) FROM idempotency WHERE reply LIKE '%" ID_NUMBER
				 "%' OR reply LIKE '%" PHONE "%'"), 0);
	char *want = fmt("{\"case\":%lld}", (long long)id);
	char *reply = tdb_text(db, "SELECT reply FROM idempotency WHERE key = 'old-key'");
	assert_non_null(reply);
	assert_string_equal(reply, want);
	free(reply);
	free(want);
	assert_int_equal(tdb_int(db, "PRAGMA user_version"), SRV_SCHEMA_VERSION);
	tdb_close(db);
	fx_at(f, MONDAY "T16:05:00");

	/* And it goes on: a visit of today is recorded after them. */
	int64_t tk2 = fx_visit(f, 1);
	char *body = fmt("{\"ticket\":%lld}", (long long)tk2);
	c = callf(f, "POST", f->clerk[1], body, 200, "/api/v1/cases/%lld/visits", (long long)id);
	free(body);
	assert_step(c, 5, "visit", "clerk1", "张雅婷", 1, tk2);
	cJSON_Delete(c);
}

/* How many rows of the idempotency store hold text (no quote in it): a
 * row whose reply loses something when text is taken out of it, which
 * compares case and all, as both engines do replace(). */
static long idem_rows(struct fx *f, const char *text)
{
	assert_null(strchr(text, '\''));
	char *sql = fmt("SELECT count(*) FROM idempotency WHERE replace(reply, '%s', '') <> reply", text);
	struct tdb *db = tdb_open(f->w.db);
	long n = (long)tdb_int(db, sql);
	tdb_close(db);
	free(sql);
	return n;
}

/* A replayed request is authorised as a first one: a clerk who took a case
 * at one window and is now signed in only at a window of another service
 * gets 403 for its old key, not the case with the applicant's full ID
 * number; while it may handle the case, the replay reads the case as it is
 * now.  The store never keeps the ID number or the phone. */
static void test_replay_rights(void **state)
{
	struct fx *f = *state;
	char *admin = wd_login(&f->w, "admin", 0);
	cJSON_Delete(callf(f, "POST", admin, "{\"user\":\"wang.wu\",\"name\":\"王五\",\"role\":\"clerk\","
			   "\"windows\":[1,5],\"password\":\"s3cr3t-pass\"}", 201, "/api/v1/accounts"));
	free(admin);
	struct resp r;
	assert_int_equal(http(&f->w, "POST", "/api/v1/login", NULL,
			      "{\"user\":\"wang.wu\",\"password\":\"s3cr3t-pass\",\"window\":1}", NULL, &r), 200);
	char *at1 = xstrdup(jstr(r.json, "token"));
	resp_free(&r);
	free(f->clerk[1]);
	f->clerk[1] = xstrdup(at1);
	cJSON_Delete(callf(f, "POST", at1, NULL, 200, "/api/v1/windows/1/open"));
	int64_t tk = fx_visit(f, 1);
	char *body = fmt("{\"ticket\":%lld,\"matter\":\"SOC-03\",\"applicant\":{\"name\":\"张三\","
			 "\"id_number\":\"" ID_NUMBER "\",\"phone\":\"" PHONE "\"},\"received\":[1,2,3,4]}",
			 (long long)tk);
	assert_int_equal(http(&f->w, "POST", "/api/v1/cases", at1, body, "case-key-1", &r), 201);
	int64_t id = (int64_t)jnum(r.json, "id");
	resp_free(&r);
	assert_int_equal(idem_rows(f, ID_NUMBER) + idem_rows(f, PHONE), 0);

	/* Still at window 1: the replay is the case now, in full. */
	cJSON_Delete(callf(f, "POST", at1, "{\"reason\":\"等待协查\"}", 200, "/api/v1/cases/%lld/suspend",
			   (long long)id));
	assert_int_equal(http(&f->w, "POST", "/api/v1/cases", at1, body, "case-key-1", &r), 201);
	assert_true(r.replayed);
	assert_int_equal((int64_t)jnum(r.json, "id"), id);
	assert_string_equal(jstr(r.json, "status"), "suspended");
	assert_string_equal(jstr(cJSON_GetObjectItem(r.json, "applicant"), "id_number"), ID_NUMBER);
	resp_free(&r);

	/* Signed in at window 5 (EMP) only: the same key and body are refused. */
	assert_int_equal(http(&f->w, "POST", "/api/v1/login", NULL,
			      "{\"user\":\"wang.wu\",\"password\":\"s3cr3t-pass\",\"window\":5}", NULL, &r), 200);
	char *at5 = xstrdup(jstr(r.json, "token"));
	resp_free(&r);
	assert_int_equal(http(&f->w, "POST", "/api/v1/cases", at5, body, "case-key-1", &r), 403);
	assert_false(r.replayed);
	assert_null(strstr(r.body, ID_NUMBER));
	assert_null(strstr(r.body, PHONE));
	resp_free(&r);
	free(body);
	free(at1);
	free(at5);
}

/* Keys are kept --idempotency-hours (72 by default), then forgotten: the
 * same key two days on is still a replay; four days on it is a new
 * request, and the old rows are gone from the store. */
static void test_keys_expire(void **state)
{
	struct fx *f = *state;
	struct resp r;
	assert_int_equal(http(&f->w, "POST", "/api/v1/tickets", f->kiosk, "{\"service\":\"SOC\"}", "kiosk-1", &r),
			 201);
	int64_t first = (int64_t)jnum(r.json, "id");
	resp_free(&r);
	assert_int_equal(idem_rows(f, "\"id\""), 1);

	fx_at(f, "2026-11-26T08:58:00");      /* 71:58 later */
	assert_int_equal(http(&f->w, "POST", "/api/v1/tickets", f->kiosk, "{\"service\":\"SOC\"}", "kiosk-1", &r),
			 201);
	assert_true(r.replayed);
	assert_int_equal((int64_t)jnum(r.json, "id"), first);
	resp_free(&r);

	fx_at(f, "2026-11-26T09:02:00");      /* 72 hours and two minutes (the first request was made within a minute of 09:00) */
	/* Forgotten at the day's first request (the sign-ins of fx_at). */
	assert_int_equal(idem_rows(f, "\"id\""), 0);
	assert_int_equal(http(&f->w, "POST", "/api/v1/tickets", f->kiosk, "{\"service\":\"SOC\"}", "kiosk-1", &r),
			 201);
	assert_false(r.replayed);
	assert_true((int64_t)jnum(r.json, "id") != first);
	resp_free(&r);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
	struct CMUnitTest tests[] = {
		T(test_week),
		T(test_who_handles),
		T(test_search_and_paging),
		T(test_upgrade_in_place),
		T(test_replay_rights),
		T(test_keys_expire),
	};
	/* The upgrade rewrites an SQLite file of an older schema with SQLite:
	 * a PostgreSQL database starts at schema 13, it has no older form. */
	static const char *const sqlite_only[] = { "test_upgrade_in_place", NULL };
	size_t n = tdb_tests(tests, sizeof tests / sizeof tests[0], sqlite_only, "upgrades an SQLite file");
	return _cmocka_run_group_tests("tests", tests, n, NULL, NULL);
}
