/* test_queue.c - windows, the queue and tickets against a real wicketd with
 * the demo hall (36 waiting tickets, 3 of them appointments, 5 priority).
 *
 * The demo queue of window 1 (婚姻登记 MAR + 社会救助 SOC), oldest first:
 *   A001 none, B001 none, A002 none, B002 elderly, A003 appointment,
 *   B003 none, A004 military, A005 appointment, B004 none
 * so window 1 calls A003 A005 (appointments), B002 A004 (priority), then
 * A001 B001 A002 B003 B004. */
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
#include <curl/curl.h>

#include "harness.h"

struct fx {
	struct wd w;
	struct { const char *user; char *token; } tokens[8];
	int ntokens;
};

static struct fx *F;   /* the running test's fixture */

/* The token of user, signing in on first use (a clerk at its own window:
 * clerkN works window N).  Signing in costs a password hash, so each test
 * signs in only who it needs. */
static const char *T(const char *user)
{
	for (int i = 0; i < F->ntokens; i++)
		if (strcmp(F->tokens[i].user, user) == 0)
			return F->tokens[i].token;
	assert_true(F->ntokens < 8);
	int window = strncmp(user, "clerk", 5) == 0 ? atoi(user + 5) : 0;
	F->tokens[F->ntokens].user = user;
	F->tokens[F->ntokens].token = wd_login(&F->w, user, window);
	return F->tokens[F->ntokens++].token;
}

static int fx_start(void **state, const char *extra)
{
	struct fx *f = calloc(1, sizeof *f);
	wd_start_daytime(&f->w, extra);
	*state = F = f;
	return 0;
}

static int setup(void **state)
{
	return fx_start(state, NULL);
}

static int setup_cap2(void **state)
{
	return fx_start(state, "--priority-cap 2");
}

static int teardown(void **state)
{
	struct fx *f = *state;
	wd_stop(&f->w);
	for (int i = 0; i < f->ntokens; i++)
		free(f->tokens[i].token);
	free(f);
	F = NULL;
	return 0;
}

/* ---- helpers: one request, checked ---- */

/* Do the request and check its status; the caller frees *out. */
static cJSON *req(struct resp *out, long want, const char *method, const char *path,
		  const char *token, const char *body)
{
	long got = http(&F->w, method, path, token, body, NULL, out);
	if (got != want)
		fail_msg("%s %s: got %ld, want %ld: %s", method, path, got, want, out->body);
	return out->json;
}

/* Check an error reply: status, code and (when not NULL) "current". */
static void req_error(long want, const char *code, const char *current, const char *method,
		      const char *path, const char *token, const char *body)
{
	struct resp r;
	req(&r, want, method, path, token, body);
	if (strcmp(resp_error_code(&r), code) != 0)
		fail_msg("%s %s: got code '%s', want '%s'", method, path, resp_error_code(&r), code);
	if (current) {
		const cJSON *cur = cJSON_GetObjectItemCaseSensitive(
			cJSON_GetObjectItemCaseSensitive(r.json, "error"), "current");
		char have[32] = "";
		if (cJSON_IsString(cur))
			snprintf(have, sizeof have, "%s", cur->valuestring);
		else if (cJSON_IsNumber(cur))
			snprintf(have, sizeof have, "%.0f", cur->valuedouble);
		if (strcmp(have, current) != 0)
			fail_msg("%s %s: current is '%s', want '%s'", method, path, have, current);
	}
	resp_free(&r);
}

/* POST a ticket or window step and return one string field of the reply. */
static void step(const char *path, const char *token, const char *body, const char *field,
		 const char *want)
{
	struct resp r;
	cJSON *j = req(&r, 200, "POST", path, token, body);
	if (field)
		assert_string_equal(jstr(j, field), want);
	resp_free(&r);
}

static void open_window(int no, const char *token)
{
	char path[64];
	snprintf(path, sizeof path, "/api/v1/windows/%d/open", no);
	step(path, token, NULL, "status", "open");
}

/* Call at window no; returns the ticket's id and copies its number. */
static int64_t call(int no, const char *token, const char *body, char number[16])
{
	char path[64];
	struct resp r;
	snprintf(path, sizeof path, "/api/v1/windows/%d/call", no);
	cJSON *j = req(&r, 200, "POST", path, token, body);
	assert_string_equal(jstr(j, "status"), "called");
	assert_int_equal((int)jnum(j, "window"), no);
	int64_t id = (int64_t)jnum(j, "id");
	if (number)
		snprintf(number, 16, "%s", jstr(j, "number"));
	resp_free(&r);
	return id;
}

static void ticket_step(int64_t id, const char *what, const char *token, const char *body,
			const char *want_status)
{
	char path[96];
	snprintf(path, sizeof path, "/api/v1/tickets/%lld/%s", (long long)id, what);
	step(path, token, body, "status", want_status);
}

static void ticket_error(int64_t id, const char *what, const char *token, const char *body,
			 long status, const char *code, const char *current)
{
	char path[96];
	snprintf(path, sizeof path, "/api/v1/tickets/%lld/%s", (long long)id, what);
	req_error(status, code, current, "POST", path, token, body);
}

/* The numbers in window no's queue, space separated, into out. */
static void queue_numbers(int no, char *out, size_t size)
{
	char path[64];
	struct resp r;
	snprintf(path, sizeof path, "/api/v1/windows/%d/queue", no);
	cJSON *j = req(&r, 200, "GET", path, T("supervisor"), NULL);
	assert_int_equal((int)jnum(j, "window"), no);
	const cJSON *t;
	out[0] = '\0';
	cJSON_ArrayForEach(t, cJSON_GetObjectItemCaseSensitive(j, "tickets")) {
		size_t len = strlen(out);
		snprintf(out + len, size - len, "%s%s", len ? " " : "", jstr(t, "number"));
	}
	resp_free(&r);
}

static void expect_queue(int no, const char *want)
{
	char have[1024];
	queue_numbers(no, have, sizeof have);
	assert_string_equal(have, want);
}

/* Window no of GET /windows, as a new object the caller deletes. */
static cJSON *window_of_list(int no)
{
	struct resp r;
	cJSON *j = req(&r, 200, "GET", "/api/v1/windows", T("supervisor"), NULL);
	const cJSON *w;
	cJSON *found = NULL;
	cJSON_ArrayForEach(w, cJSON_GetObjectItemCaseSensitive(j, "windows"))
		if ((int)jnum(w, "no") == no)
			found = cJSON_Duplicate(w, true);
	resp_free(&r);
	assert_non_null(found);
	return found;
}

static int64_t issue(const char *body, char number[16])
{
	struct resp r;
	cJSON *j = req(&r, 201, "POST", "/api/v1/tickets", T("kiosk"), body);
	assert_string_equal(jstr(j, "status"), "waiting");
	int64_t id = (int64_t)jnum(j, "id");
	if (number)
		snprintf(number, 16, "%s", jstr(j, "number"));
	resp_free(&r);
	return id;
}

/* ---- windows ---- */

static void test_windows_list(void **state)
{
	(void)state;
	struct resp r;
	cJSON *j = req(&r, 200, "GET", "/api/v1/windows", T("supervisor"), NULL);
	const cJSON *list = cJSON_GetObjectItemCaseSensitive(j, "windows");
	assert_int_equal(cJSON_GetArraySize(list), 11);   /* 11: 帮办代办 */
	const cJSON *w1 = cJSON_GetArrayItem(list, 0);
	assert_int_equal((int)jnum(w1, "no"), 1);
	assert_string_equal(jstr(w1, "name"), "1号窗口");
	assert_string_equal(jstr(w1, "zone"), "A");
	assert_string_equal(jstr(w1, "zone_name"), "民政服务区");
	assert_string_equal(jstr(w1, "status"), "closed");
	assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(w1, "pause_reason")));
	assert_non_null(jstr(w1, "status_since"));
	assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(w1, "clerk")));
	assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(w1, "clerk_name")));
	assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(w1, "current")));
	const cJSON *svc = cJSON_GetObjectItemCaseSensitive(w1, "services");
	assert_int_equal(cJSON_GetArraySize(svc), 2);
	assert_string_equal(cJSON_GetArrayItem(svc, 0)->valuestring, "MAR");
	assert_string_equal(cJSON_GetArrayItem(svc, 1)->valuestring, "SOC");
	assert_int_equal((int)jnum(w1, "waiting"), 9);
	/* The oldest of window 1's queue (A001) was taken 86 minutes ago. */
	assert_true(jnum(w1, "longest_wait") >= 86 * 60 && jnum(w1, "longest_wait") < 87 * 60);
	assert_int_equal((int)jnum(w1, "served_today"), 0);
	resp_free(&r);

	/* Every role but the kiosk reads the windows. */
	req(&r, 200, "GET", "/api/v1/windows", T("clerk1"), NULL);
	resp_free(&r);
	req_error(403, "forbidden", NULL, "GET", "/api/v1/windows", T("kiosk"), NULL);
	req_error(401, "unauthorized", NULL, "GET", "/api/v1/windows", NULL, NULL);
}

static void test_window_state_machine(void **state)
{
	(void)state;
	const char *c = T("clerk1");
	req_error(404, "not_found", NULL, "POST", "/api/v1/windows/99/open", c, NULL);
	req_error(409, "invalid_state", "closed", "POST", "/api/v1/windows/1/close", c, NULL);
	req_error(409, "invalid_state", "closed", "POST", "/api/v1/windows/1/pause", c,
		  "{\"reason\":\"午休\"}");

	struct resp r;
	cJSON *j = req(&r, 200, "POST", "/api/v1/windows/1/open", c, NULL);
	assert_string_equal(jstr(j, "status"), "open");
	assert_string_equal(jstr(j, "clerk"), "clerk1");
	assert_string_equal(jstr(j, "clerk_name"), "张雅婷");
	assert_int_equal((int)jnum(j, "waiting"), 9);
	resp_free(&r);
	req_error(409, "invalid_state", "open", "POST", "/api/v1/windows/1/open", c, NULL);

	/* The pause reason: required, 1..100 characters, no control characters. */
	req_error(400, "missing_field", NULL, "POST", "/api/v1/windows/1/pause", c, NULL);
	req_error(400, "invalid_field", NULL, "POST", "/api/v1/windows/1/pause", c, "{\"reason\":\"\"}");
	req_error(400, "invalid_field", NULL, "POST", "/api/v1/windows/1/pause", c, "{\"reason\":5}");
	req_error(400, "invalid_field", NULL, "POST", "/api/v1/windows/1/pause", c,
		  "{\"reason\":\"a\\u0007b\"}");
	char body[512];
	strcpy(body, "{\"reason\":\"");
	for (int i = 0; i < 101; i++)
		strcat(body, "x");
	strcat(body, "\"}");
	req_error(400, "invalid_field", NULL, "POST", "/api/v1/windows/1/pause", c, body);
	/* 100 characters of three bytes each is fine. */
	strcpy(body, "{\"reason\":\"");
	for (int i = 0; i < 100; i++)
		strcat(body, "休");
	strcat(body, "\"}");
	j = req(&r, 200, "POST", "/api/v1/windows/1/pause", c, body);
	assert_string_equal(jstr(j, "status"), "paused");
	assert_int_equal(strlen(jstr(j, "pause_reason")), 300);
	resp_free(&r);
	req_error(409, "invalid_state", "paused", "POST", "/api/v1/windows/1/pause", c,
		  "{\"reason\":\"又休息\"}");
	req_error(409, "window_not_open", "paused", "POST", "/api/v1/windows/1/call", c, NULL);

	j = req(&r, 200, "POST", "/api/v1/windows/1/open", c, NULL);
	assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(j, "pause_reason")));
	resp_free(&r);
	step("/api/v1/windows/1/pause", c, "{\"reason\":\"取材料\"}", "pause_reason", "取材料");
	j = req(&r, 200, "POST", "/api/v1/windows/1/close", c, NULL);
	assert_string_equal(jstr(j, "status"), "closed");
	assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(j, "clerk")));
	resp_free(&r);
	req_error(409, "window_not_open", "closed", "POST", "/api/v1/windows/1/call", c, NULL);

	/* A closed window cannot be left with a ticket at it. */
	open_window(1, c);
	int64_t id = call(1, c, NULL, NULL);
	char cur[32];
	snprintf(cur, sizeof cur, "%lld", (long long)id);
	req_error(409, "ticket_in_progress", cur, "POST", "/api/v1/windows/1/close", c, NULL);
	ticket_step(id, "start", c, NULL, "serving");
	req_error(409, "ticket_in_progress", cur, "POST", "/api/v1/windows/1/close", c, NULL);
	ticket_step(id, "finish", c, NULL, "done");
	step("/api/v1/windows/1/close", c, NULL, "status", "closed");
}

static void test_roles(void **state)
{
	(void)state;
	struct resp r;
	/* The supervisor reads windows and queues but works none. */
	req(&r, 200, "GET", "/api/v1/windows/1/queue", T("supervisor"), NULL);
	resp_free(&r);
	req_error(403, "forbidden", NULL, "POST", "/api/v1/windows/1/open", T("supervisor"), NULL);
	req_error(403, "forbidden", NULL, "POST", "/api/v1/windows/1/call", T("supervisor"), NULL);
	req_error(403, "forbidden", NULL, "POST", "/api/v1/tickets/1/start", T("supervisor"), NULL);
	/* The kiosk issues tickets, and does nothing at a window. */
	issue("{\"service\":\"MAR\"}", NULL);
	req_error(403, "forbidden", NULL, "POST", "/api/v1/windows/1/call", T("kiosk"), NULL);
	req_error(403, "forbidden", NULL, "GET", "/api/v1/windows/1/queue", T("kiosk"), NULL);
	req_error(403, "forbidden", NULL, "GET", "/api/v1/tickets/1", T("kiosk"), NULL);
	/* Clerks issue tickets too. */
	req(&r, 201, "POST", "/api/v1/tickets", T("clerk1"), "{\"service\":\"SOC\"}");
	resp_free(&r);
	/* clerk1 works window 1 only. */
	req_error(403, "forbidden", NULL, "POST", "/api/v1/windows/2/open", T("clerk1"), NULL);
	open_window(2, T("clerk2"));
	req_error(403, "forbidden", NULL, "POST", "/api/v1/windows/2/call", T("clerk1"), NULL);
	req_error(403, "forbidden", NULL, "POST", "/api/v1/windows/2/pause", T("clerk1"),
		  "{\"reason\":\"x\"}");
	req_error(403, "forbidden", NULL, "POST", "/api/v1/windows/2/close", T("clerk1"), NULL);
	int64_t id = call(2, T("clerk2"), NULL, NULL);
	const char *steps[] = { "recall", "no-show", "start", "transfer", "finish" };
	for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++)
		ticket_error(id, steps[i], T("clerk1"), "{\"window\":1}", 403, "forbidden", NULL);
	ticket_step(id, "recall", T("clerk2"), NULL, "called");
	req_error(401, "unauthorized", NULL, "POST", "/api/v1/windows/2/call", "0123", NULL);
}

/* ---- the queue ---- */

static void test_demo_tickets(void **state)
{
	(void)state;
	int appointments = 0, priority = 0;
	for (int id = 1; id <= 36; id++) {
		char path[64];
		struct resp r;
		snprintf(path, sizeof path, "/api/v1/tickets/%d", id);
		cJSON *j = req(&r, 200, "GET", path, T("supervisor"), NULL);
		assert_string_equal(jstr(j, "status"), "waiting");
		appointments += cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(j, "appointment"));
		priority += strcmp(jstr(j, "priority"), "none") != 0;
		resp_free(&r);
	}
	assert_int_equal(appointments, 3);
	assert_int_equal(priority, 5);
	req_error(404, "not_found", NULL, "GET", "/api/v1/tickets/37", T("supervisor"), NULL);
	req_error(404, "not_found", NULL, "GET", "/api/v1/tickets/abc", T("supervisor"), NULL);
	req_error(404, "not_found", NULL, "GET", "/api/v1/windows/12/queue", T("supervisor"), NULL);
}

static void test_demo_queue_order(void **state)
{
	(void)state;
	expect_queue(1, "A003 A005 B002 A004 A001 B001 A002 B003 B004");
	expect_queue(3, "C002 C001 D001 D002 C003 D003 C004 D004 C005 D005");
	expect_queue(9, "G001 G002 G003");

	/* A queue entry: no status, no clerk, and nothing about the applicant. */
	struct resp r;
	cJSON *j = req(&r, 200, "GET", "/api/v1/windows/1/queue", T("supervisor"), NULL);
	const cJSON *first = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(j, "tickets"), 0);
	const char *fields[] = { "id", "number", "service", "priority", "appointment",
				 "appointment_at", "issued_at", "wait_seconds", "transferred_from" };
	assert_int_equal(cJSON_GetArraySize(first), (int)(sizeof fields / sizeof fields[0]));
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
		assert_non_null(cJSON_GetObjectItemCaseSensitive(first, fields[i]));
	assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(first, "appointment")));
	assert_non_null(jstr(first, "appointment_at"));
	assert_true(jnum(first, "wait_seconds") >= 47 * 60);
	assert_int_equal((int)jnum(j, "total"), 9);
	resp_free(&r);

	/* A page: the first of the call order, and how many wait in all. */
	j = req(&r, 200, "GET", "/api/v1/windows/1/queue?limit=3", T("supervisor"), NULL);
	const cJSON *page = cJSON_GetObjectItemCaseSensitive(j, "tickets");
	assert_int_equal(cJSON_GetArraySize(page), 3);
	assert_int_equal((int)jnum(j, "total"), 9);
	static const char *const first3[] = { "A003", "A005", "B002" };
	for (int i = 0; i < 3; i++)
		assert_string_equal(jstr(cJSON_GetArrayItem(page, i), "number"), first3[i]);
	resp_free(&r);
	req_error(400, "invalid_query", NULL, "GET", "/api/v1/windows/1/queue?limit=0", T("supervisor"), NULL);
	req_error(400, "invalid_query", NULL, "GET", "/api/v1/windows/1/queue?limit=1001", T("supervisor"), NULL);
	req_error(400, "invalid_query", NULL, "GET", "/api/v1/windows/1/queue?limit=x", T("supervisor"), NULL);

	/* Calls follow the queue, to the end. */
	const char *want[] = { "A003", "A005", "B002", "A004", "A001", "B001", "A002", "B003", "B004" };
	open_window(1, T("clerk1"));
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		char number[16];
		int64_t id = call(1, T("clerk1"), NULL, number);
		assert_string_equal(number, want[i]);
		ticket_step(id, "start", T("clerk1"), NULL, "serving");
		ticket_step(id, "finish", T("clerk1"), NULL, "done");
	}
	req_error(404, "queue_empty", NULL, "POST", "/api/v1/windows/1/call", T("clerk1"), NULL);
	expect_queue(1, "");
	cJSON *w1 = window_of_list(1);
	assert_int_equal((int)jnum(w1, "served_today"), 9);
	assert_int_equal((int)jnum(w1, "waiting"), 0);
	assert_int_equal((int)jnum(w1, "longest_wait"), 0);
	cJSON_Delete(w1);
	/* Window 2 shares SOC with window 1: nothing is left for it either. */
	expect_queue(2, "");
}

static void test_priority_cap(void **state)
{
	(void)state;
	/* Window 9 (DIS) with --priority-cap 2: G001 is priority, G002 and G003
	 * are not; three more priority tickets arrive. */
	issue("{\"service\":\"DIS\",\"priority\":\"elderly\"}", NULL);
	issue("{\"service\":\"DIS\",\"priority\":\"pregnant\"}", NULL);
	issue("{\"service\":\"DIS\",\"priority\":\"military\"}", NULL);
	expect_queue(9, "G001 G004 G002 G005 G006 G003");
	open_window(9, T("clerk9"));
	const char *want[] = { "G001", "G004", "G002", "G005", "G006", "G003" };
	for (int i = 0; i < 6; i++) {
		char number[16];
		int64_t id = call(9, T("clerk9"), NULL, number);
		assert_string_equal(number, want[i]);
		ticket_step(id, "no-show", T("clerk9"), NULL, "no_show");
		if (i == 1)  /* two priority calls in a row: the normal one is next */
			expect_queue(9, "G002 G005 G006 G003");
	}
}

static void test_explicit_call(void **state)
{
	(void)state;
	open_window(1, T("clerk1"));
	open_window(2, T("clerk2"));
	req_error(400, "invalid_field", NULL, "POST", "/api/v1/windows/1/call", T("clerk1"),
		  "{\"ticket\":\"x\"}");
	req_error(404, "not_found", NULL, "POST", "/api/v1/windows/1/call", T("clerk1"),
		  "{\"ticket\":999}");
	/* Numbers past any integer (2^63 and beyond) are refused, not converted
	 * (undefined behaviour, which the sanitizer build aborts on; found by
	 * fuzz_request). */
	req_error(400, "invalid_field", NULL, "POST", "/api/v1/windows/1/call", T("clerk1"),
		  "{\"ticket\":9223372036854775808}");
	req_error(400, "invalid_field", NULL, "POST", "/api/v1/windows/1/call", T("clerk1"),
		  "{\"ticket\":-1e300}");
	/* Ticket 1 is C001 (养老保险): not window 1's. */
	req_error(409, "not_callable", "waiting", "POST", "/api/v1/windows/1/call", T("clerk1"),
		  "{\"ticket\":1}");
	/* B001 (ticket 6) out of order at window 2, then nobody else may call it. */
	char number[16];
	assert_int_equal(call(2, T("clerk2"), "{\"ticket\":6}", number), 6);
	assert_string_equal(number, "B001");
	req_error(409, "not_callable", "called", "POST", "/api/v1/windows/1/call", T("clerk1"),
		  "{\"ticket\":6}");
	req_error(409, "ticket_in_progress", "6", "POST", "/api/v1/windows/2/call", T("clerk2"), NULL);
	expect_queue(1, "A003 A005 B002 A004 A001 A002 B003 B004");
}

/* ---- tickets ---- */

static void test_issue(void **state)
{
	(void)state;
	struct resp r;
	char today[16], want[64];
	cJSON *j = req(&r, 200, "GET", "/api/v1/health", NULL, NULL);
	snprintf(today, sizeof today, "%s", jstr(j, "today"));
	resp_free(&r);

	j = req(&r, 201, "POST", "/api/v1/tickets", T("kiosk"), "{\"service\":\"MAR\"}");
	assert_string_equal(jstr(j, "number"), "A006");
	assert_string_equal(jstr(j, "status"), "waiting");
	assert_string_equal(jstr(j, "service"), "MAR");
	assert_string_equal(jstr(j, "service_name"), "婚姻登记");
	assert_string_equal(jstr(j, "priority"), "none");
	assert_false(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(j, "appointment")));
	const char *nulls[] = { "matter", "appointment_at", "window", "target_window",
				"transferred_from", "transferred_to", "clerk", "called_at",
				"started_at", "finished_at" };
	for (size_t i = 0; i < sizeof nulls / sizeof nulls[0]; i++)
		if (!cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(j, nulls[i])))
			fail_msg("%s is not null in %s", nulls[i], r.body);
	assert_int_equal((int)jnum(j, "recalls"), 0);
	assert_int_equal((int)jnum(j, "wait_seconds"), 0);
	assert_int_equal(strncmp(jstr(j, "issued_at"), today, 10), 0);
	int64_t id = (int64_t)jnum(j, "id");
	resp_free(&r);
	char path[64];
	snprintf(path, sizeof path, "/api/v1/tickets/%lld", (long long)id);
	j = req(&r, 200, "GET", path, T("clerk1"), NULL);
	assert_string_equal(jstr(j, "number"), "A006");
	resp_free(&r);

	/* A matter implies its service. */
	j = req(&r, 201, "POST", "/api/v1/tickets", T("kiosk"),
		"{\"matter\":\"SOC-01\",\"priority\":\"disabled\"}");
	assert_string_equal(jstr(j, "number"), "B005");
	assert_string_equal(jstr(j, "service"), "SOC");
	assert_string_equal(jstr(j, "matter"), "SOC-01");
	assert_string_equal(jstr(j, "priority"), "disabled");
	resp_free(&r);
	req(&r, 201, "POST", "/api/v1/tickets", T("kiosk"), "{\"matter\":\"MAR-01\",\"service\":\"MAR\"}");
	resp_free(&r);

	/* Appointments: now, "HH:MM" today, or an ISO time today. */
	j = req(&r, 201, "POST", "/api/v1/tickets", T("kiosk"), "{\"service\":\"HUK\",\"appointment\":true}");
	assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(j, "appointment")));
	assert_string_equal(jstr(j, "appointment_at"), jstr(j, "issued_at"));
	resp_free(&r);
	j = req(&r, 201, "POST", "/api/v1/tickets", T("kiosk"), "{\"service\":\"HUK\",\"appointment\":\"00:00\"}");
	snprintf(want, sizeof want, "%sT00:00:00+08:00", today);
	assert_string_equal(jstr(j, "appointment_at"), want);
	resp_free(&r);
	char body[128];
	snprintf(body, sizeof body, "{\"service\":\"HUK\",\"appointment\":\"%sT01:30:00+08:00\"}", today);
	j = req(&r, 201, "POST", "/api/v1/tickets", T("kiosk"), body);
	snprintf(want, sizeof want, "%sT01:30:00+08:00", today);
	assert_string_equal(jstr(j, "appointment_at"), want);
	resp_free(&r);
	j = req(&r, 201, "POST", "/api/v1/tickets", T("kiosk"), "{\"service\":\"HUK\",\"appointment\":false}");
	assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(j, "appointment_at")));
	resp_free(&r);

	const struct { long status; const char *code, *body; } bad[] = {
		{ 400, "missing_field", "{}" },
		{ 400, "missing_field", "{\"priority\":\"elderly\"}" },
		{ 400, "invalid_field", "{\"service\":5}" },
		{ 404, "unknown_service", "{\"service\":\"XYZ\"}" },
		{ 404, "unknown_matter", "{\"matter\":\"XYZ-01\"}" },
		{ 400, "invalid_field", "{\"matter\":\"MAR-01\",\"service\":\"SOC\"}" },
		{ 400, "invalid_field", "{\"service\":\"MAR\",\"priority\":\"vip\"}" },
		{ 400, "invalid_field", "{\"service\":\"MAR\",\"priority\":1}" },
		{ 400, "invalid_field", "{\"service\":\"MAR\",\"appointment\":\"24:00\"}" },
		{ 400, "invalid_field", "{\"service\":\"MAR\",\"appointment\":\"9:30\"}" },
		{ 400, "invalid_field", "{\"service\":\"MAR\",\"appointment\":\"tomorrow\"}" },
		{ 400, "invalid_field", "{\"service\":\"MAR\",\"appointment\":\"2020-01-01T09:00:00+08:00\"}" },
		{ 400, "invalid_field", "{\"service\":\"MAR\",\"appointment\":7}" },
		{ 400, "bad_json", "[1]" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		req_error(bad[i].status, bad[i].code, NULL, "POST", "/api/v1/tickets", T("kiosk"), bad[i].body);
	/* Nothing was numbered by the refused requests. */
	j = req(&r, 201, "POST", "/api/v1/tickets", T("kiosk"), "{\"service\":\"MAR\"}");
	assert_string_equal(jstr(j, "number"), "A008");
	resp_free(&r);
}

static void test_ticket_lifecycle(void **state)
{
	(void)state;
	const char *c = T("clerk1");
	open_window(1, c);
	int64_t id = call(1, c, NULL, NULL);   /* A003, booked */
	char cur[32];
	snprintf(cur, sizeof cur, "%lld", (long long)id);
	req_error(409, "ticket_in_progress", cur, "POST", "/api/v1/windows/1/call", c, NULL);

	struct resp r;
	char path[96];
	snprintf(path, sizeof path, "/api/v1/tickets/%lld/recall", (long long)id);
	req(&r, 200, "POST", path, c, NULL);
	resp_free(&r);
	cJSON *j = req(&r, 200, "POST", path, c, NULL);
	assert_int_equal((int)jnum(j, "recalls"), 2);
	assert_string_equal(jstr(j, "status"), "called");
	assert_string_equal(jstr(j, "clerk"), "clerk1");
	assert_non_null(jstr(j, "called_at"));
	assert_true(jnum(j, "wait_seconds") >= 47 * 60);
	resp_free(&r);

	/* The window shows the ticket as its current one. */
	cJSON *w1 = window_of_list(1);
	const cJSON *current = cJSON_GetObjectItemCaseSensitive(w1, "current");
	assert_int_equal((int64_t)jnum(current, "id"), id);
	assert_string_equal(jstr(current, "status"), "called");
	assert_int_equal((int)jnum(w1, "waiting"), 8);
	cJSON_Delete(w1);

	ticket_error(id, "finish", c, NULL, 409, "invalid_state", "called");
	snprintf(path, sizeof path, "/api/v1/tickets/%lld/start", (long long)id);
	j = req(&r, 200, "POST", path, c, NULL);
	assert_string_equal(jstr(j, "status"), "serving");
	assert_non_null(jstr(j, "started_at"));
	resp_free(&r);
	ticket_error(id, "start", c, NULL, 409, "invalid_state", "serving");
	ticket_error(id, "recall", c, NULL, 409, "invalid_state", "serving");
	ticket_error(id, "no-show", c, NULL, 409, "invalid_state", "serving");
	req_error(409, "ticket_in_progress", cur, "POST", "/api/v1/windows/1/call", c, NULL);

	snprintf(path, sizeof path, "/api/v1/tickets/%lld/finish", (long long)id);
	j = req(&r, 200, "POST", path, c, NULL);
	assert_string_equal(jstr(j, "status"), "done");
	assert_non_null(jstr(j, "finished_at"));
	assert_int_equal((int)jnum(j, "recalls"), 2);
	resp_free(&r);
	const char *steps[] = { "recall", "no-show", "start", "finish" };
	for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++)
		ticket_error(id, steps[i], c, NULL, 409, "invalid_state", "done");
	ticket_error(id, "transfer", c, "{\"window\":2}", 409, "invalid_state", "done");
	w1 = window_of_list(1);
	assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(w1, "current")));
	assert_int_equal((int)jnum(w1, "served_today"), 1);
	cJSON_Delete(w1);

	/* Steps on tickets that do not exist or are still waiting. */
	ticket_error(999, "start", c, NULL, 404, "not_found", NULL);
	ticket_error(2, "start", c, NULL, 409, "invalid_state", "waiting");
	ticket_error(2, "finish", c, NULL, 409, "invalid_state", "waiting");
}

static void test_no_show(void **state)
{
	(void)state;
	const char *c = T("clerk10");
	open_window(10, c);
	/* Window 10 (HUK): H003 is booked, then H001 H002 H004. */
	const char *want[] = { "H003", "H001", "H002", "H004" };
	for (int i = 0; i < 4; i++) {
		char number[16];
		int64_t id = call(10, c, NULL, number);
		assert_string_equal(number, want[i]);
		ticket_step(id, "no-show", c, NULL, "no_show");
		ticket_error(id, "recall", c, NULL, 409, "invalid_state", "no_show");
		cJSON *w = window_of_list(10);
		assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(w, "current")));
		assert_int_equal((int)jnum(w, "served_today"), 0);
		cJSON_Delete(w);
	}
	req_error(404, "queue_empty", NULL, "POST", "/api/v1/windows/10/call", c, NULL);
}

static void test_transfer_to_window(void **state)
{
	(void)state;
	const char *c = T("clerk1");
	open_window(1, c);
	/* A001 (ticket 2, taken 86 minutes ago) out of order, then to window 2. */
	assert_int_equal(call(1, c, "{\"ticket\":2}", NULL), 2);
	ticket_error(2, "transfer", c, "{\"window\":1}", 400, "invalid_field", NULL);
	ticket_error(2, "transfer", c, "{\"window\":99}", 404, "not_found", NULL);
	ticket_error(2, "transfer", c, "{}", 400, "missing_field", NULL);
	ticket_error(2, "transfer", c, "{\"window\":2,\"service\":\"SOC\"}", 400, "invalid_field", NULL);
	ticket_error(2, "transfer", c, "{\"window\":\"2\"}", 400, "invalid_field", NULL);
	ticket_error(2, "transfer", c, "{\"window\":2.2e69}", 400, "invalid_field", NULL);
	ticket_error(2, "transfer", c, "{\"window\":2,\"reason\":\"\"}", 400, "invalid_field", NULL);
	ticket_error(3, "transfer", c, "{\"window\":2}", 409, "invalid_state", "waiting");
	/* Window 2 is closed: only with "confirm". */
	ticket_error(2, "transfer", c, "{\"window\":2,\"reason\":\"需要社会救助\"}", 409, "window_closed",
		     "closed");
	ticket_error(2, "transfer", c, "{\"window\":2,\"confirm\":1}", 400, "invalid_field", NULL);

	struct resp r;
	cJSON *j = req(&r, 200, "POST", "/api/v1/tickets/2/transfer", c,
		       "{\"window\":2,\"reason\":\"需要社会救助\",\"confirm\":true}");
	const cJSON *old = cJSON_GetObjectItemCaseSensitive(j, "ticket");
	const cJSON *neu = cJSON_GetObjectItemCaseSensitive(j, "new_ticket");
	int64_t new_id = (int64_t)jnum(neu, "id");
	assert_string_equal(jstr(old, "status"), "transferred");
	assert_int_equal((int64_t)jnum(old, "transferred_to"), new_id);
	assert_true(new_id > 36);
	assert_string_equal(jstr(neu, "status"), "waiting");
	assert_string_equal(jstr(neu, "number"), "A001");
	assert_string_equal(jstr(neu, "service"), "MAR");
	assert_int_equal((int)jnum(neu, "transferred_from"), 2);
	assert_int_equal((int)jnum(neu, "target_window"), 2);
	assert_string_equal(jstr(neu, "transfer_reason"), "需要社会救助");
	assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(neu, "window")));
	resp_free(&r);

	/* Window 1 is free again; the ticket waits at window 2 only, ahead of
	 * B001 (queued later) and after B002 (priority). */
	cJSON *w1 = window_of_list(1);
	assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(w1, "current")));
	cJSON_Delete(w1);
	expect_queue(1, "A003 A005 B002 A004 B001 A002 B003 B004");
	expect_queue(2, "B002 A001 B001 B003 B004");
	j = req(&r, 200, "GET", "/api/v1/windows/2/queue", T("supervisor"), NULL);
	const cJSON *second = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(j, "tickets"), 1);
	assert_int_equal((int)jnum(second, "transferred_from"), 2);
	resp_free(&r);

	open_window(2, T("clerk2"));
	call(2, T("clerk2"), NULL, NULL);   /* B002 */
	req(&r, 200, "POST", "/api/v1/tickets/14/no-show", T("clerk2"), NULL);
	resp_free(&r);
	char number[16];
	assert_int_equal(call(2, T("clerk2"), NULL, number), new_id);
	assert_string_equal(number, "A001");
	ticket_step(new_id, "start", T("clerk2"), NULL, "serving");
	ticket_step(new_id, "finish", T("clerk2"), NULL, "done");
}

static void test_transfer_to_service(void **state)
{
	(void)state;
	const char *c = T("clerk1");
	open_window(1, c);
	assert_int_equal(call(1, c, "{\"ticket\":2}", NULL), 2);
	ticket_step(2, "start", c, NULL, "serving");
	ticket_error(2, "transfer", c, "{\"service\":\"XYZ\"}", 404, "unknown_service", NULL);

	struct resp r;
	cJSON *j = req(&r, 200, "POST", "/api/v1/tickets/2/transfer", c, "{\"service\":\"PEN\"}");
	const cJSON *neu = cJSON_GetObjectItemCaseSensitive(j, "new_ticket");
	assert_string_equal(jstr(neu, "service"), "PEN");
	assert_string_equal(jstr(neu, "service_name"), "养老保险");
	assert_string_equal(jstr(neu, "number"), "A001");
	assert_int_equal((int)jnum(neu, "transferred_from"), 2);
	assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(neu, "target_window")));
	int64_t new_id = (int64_t)jnum(neu, "id");
	assert_string_equal(jstr(cJSON_GetObjectItemCaseSensitive(j, "ticket"), "status"), "transferred");
	resp_free(&r);
	/* Every PEN window now has it, in its original place (86 minutes). */
	expect_queue(3, "C002 C001 A001 D001 D002 C003 D003 C004 D004 C005 D005");
	expect_queue(4, "C002 C001 A001 D001 D002 C003 D003 C004 D004 C005 D005");
	expect_queue(1, "A003 A005 B002 A004 B001 A002 B003 B004");

	/* The old ticket points at the new one, which can be transferred again. */
	j = req(&r, 200, "GET", "/api/v1/tickets/2", T("supervisor"), NULL);
	assert_int_equal((int64_t)jnum(j, "transferred_to"), new_id);
	assert_non_null(jstr(j, "started_at"));
	resp_free(&r);
	/* Window 3 calls it after C002 (priority) and C001 (older). */
	open_window(3, T("clerk3"));
	const char *want[] = { "C002", "C001" };
	for (int i = 0; i < 2; i++) {
		char number[16];
		int64_t id = call(3, T("clerk3"), NULL, number);
		assert_string_equal(number, want[i]);
		ticket_step(id, "no-show", T("clerk3"), NULL, "no_show");
	}
	assert_int_equal(call(3, T("clerk3"), NULL, NULL), new_id);
	ticket_step(new_id, "start", T("clerk3"), NULL, "serving");
	ticket_step(new_id, "finish", T("clerk3"), NULL, "done");
}

static void test_idempotency(void **state)
{
	(void)state;
	struct resp a, b;
	const char *body = "{\"service\":\"EMP\"}";
	assert_int_equal(http(&F->w, "POST", "/api/v1/tickets", T("kiosk"), body, "k-1", &a), 201);
	assert_false(a.replayed);
	assert_int_equal(http(&F->w, "POST", "/api/v1/tickets", T("kiosk"), body, "k-1", &b), 201);
	assert_true(b.replayed);
	assert_int_equal((int)jnum(a.json, "id"), (int)jnum(b.json, "id"));
	assert_string_equal(jstr(b.json, "number"), jstr(a.json, "number"));
	resp_free(&b);
	assert_int_equal(http(&F->w, "POST", "/api/v1/tickets", T("kiosk"), "{\"service\":\"MED\"}",
			      "k-1", &b), 422);
	assert_string_equal(resp_error_code(&b), "idempotency_key_reused");
	resp_free(&b);
	/* Only one ticket was made: the next EMP ticket is numbered after it. */
	char number[16];
	issue(body, number);
	assert_int_equal(atoi(number + 1), atoi(jstr(a.json, "number") + 1) + 1);
	resp_free(&a);

	/* A retried call calls once, even though the window is busy by then. */
	const char *clerk5 = T("clerk5");
	open_window(5, clerk5);
	expect_queue(5, "E001 E002 E003 E004 E005 E006 E007");
	assert_int_equal(http(&F->w, "POST", "/api/v1/windows/5/call", clerk5, NULL, "c-1", &a), 200);
	assert_false(a.replayed);
	assert_int_equal(http(&F->w, "POST", "/api/v1/windows/5/call", clerk5, NULL, "c-1", &b), 200);
	assert_true(b.replayed);
	assert_string_equal(a.body, b.body);
	assert_string_equal(jstr(b.json, "number"), "E001");
	resp_free(&a);
	resp_free(&b);
	expect_queue(5, "E002 E003 E004 E005 E006 E007");
	/* Keys belong to their user: the kiosk's k-1 means nothing to clerk5. */
	assert_int_equal(http(&F->w, "POST", "/api/v1/windows/5/call", clerk5, "{}", "c-1", &a), 422);
	assert_string_equal(resp_error_code(&a), "idempotency_key_reused");
	resp_free(&a);
	assert_int_equal(http(&F->w, "POST", "/api/v1/windows/5/call", clerk5, NULL, "k-1", &a), 409);
	assert_string_equal(resp_error_code(&a), "ticket_in_progress");
	resp_free(&a);
}

static void test_events(void **state)
{
	(void)state;
	open_window(1, T("clerk1"));
	int64_t id = call(1, T("clerk1"), NULL, NULL);
	issue("{\"service\":\"MAR\",\"priority\":\"elderly\"}", NULL);
	ticket_step(id, "recall", T("clerk1"), NULL, "called");

	struct resp r;
	cJSON *j = req(&r, 200, "GET", "/api/v1/events?since=0", T("supervisor"), NULL);
	const cJSON *e;
	double last = 0;
	int seen = 0;
	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(j, "events")) {
		assert_true(jnum(e, "seq") > last);
		last = jnum(e, "seq");
		const cJSON *data = cJSON_GetObjectItemCaseSensitive(e, "data");
		const char *kind = jstr(e, "kind");
		if (strcmp(kind, "window.status") == 0) {
			assert_string_equal(jstr(data, "status"), "open");
			assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(data, "reason")));
			assert_int_equal((int)jnum(e, "window"), 1);
			assert_int_equal(seen, 0);
			seen |= 1;
		} else if (strcmp(kind, "ticket.called") == 0) {
			assert_string_equal(jstr(data, "number"), "A003");
			assert_int_equal((int)jnum(data, "window"), 1);
			assert_int_equal((int64_t)jnum(e, "ticket"), id);
			assert_int_equal(seen, 1);
			seen |= 2;
		} else if (strcmp(kind, "ticket.issued") == 0) {
			assert_string_equal(jstr(data, "number"), "A006");
			assert_string_equal(jstr(data, "service"), "MAR");
			assert_string_equal(jstr(data, "priority"), "elderly");
			assert_int_equal(seen, 3);
			seen |= 4;
		} else if (strcmp(kind, "ticket.recalled") == 0) {
			assert_int_equal((int)jnum(data, "recalls"), 1);
			assert_int_equal(seen, 7);
			seen |= 8;
		}
	}
	assert_int_equal(seen, 15);
	assert_int_equal((int)jnum(j, "last"), (int)last);
	resp_free(&r);

	/* Each step has its event. */
	ticket_step(id, "start", T("clerk1"), NULL, "serving");
	char path[96];
	snprintf(path, sizeof path, "/api/v1/tickets/%lld/transfer", (long long)id);
	step(path, T("clerk1"), "{\"service\":\"SOC\"}", NULL, NULL);
	/* The follow-up keeps its appointment, so window 1 calls it next. */
	int64_t next = call(1, T("clerk1"), NULL, NULL);
	ticket_step(next, "no-show", T("clerk1"), NULL, "no_show");
	next = call(1, T("clerk1"), NULL, NULL);
	ticket_step(next, "start", T("clerk1"), NULL, "serving");
	ticket_step(next, "finish", T("clerk1"), NULL, "done");
	step("/api/v1/windows/1/pause", T("clerk1"), "{\"reason\":\"午休\"}", "status", "paused");

	char since[64], kinds[512] = "";
	snprintf(since, sizeof since, "/api/v1/events?since=%.0f", last);
	j = req(&r, 200, "GET", since, T("supervisor"), NULL);
	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(j, "events")) {
		assert_true(jnum(e, "seq") > last);
		last = jnum(e, "seq");
		size_t len = strlen(kinds);
		snprintf(kinds + len, sizeof kinds - len, "%s%s", len ? " " : "", jstr(e, "kind"));
		const cJSON *data = cJSON_GetObjectItemCaseSensitive(e, "data");
		if (strcmp(jstr(e, "kind"), "ticket.transferred") == 0) {
			assert_string_equal(jstr(data, "to_service"), "SOC");
			assert_true(jnum(data, "new_ticket") > 36);
		}
		if (strcmp(jstr(e, "kind"), "window.status") == 0)
			assert_string_equal(jstr(data, "reason"), "午休");
	}
	assert_string_equal(kinds, "ticket.started ticket.transferred ticket.called ticket.no_show "
			    "ticket.called ticket.started ticket.finished window.status");
	resp_free(&r);
}

int main(void)
{
	curl_global_init(CURL_GLOBAL_DEFAULT);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_windows_list, setup, teardown),
		cmocka_unit_test_setup_teardown(test_window_state_machine, setup, teardown),
		cmocka_unit_test_setup_teardown(test_roles, setup, teardown),
		cmocka_unit_test_setup_teardown(test_demo_tickets, setup, teardown),
		cmocka_unit_test_setup_teardown(test_demo_queue_order, setup, teardown),
		cmocka_unit_test_setup_teardown(test_priority_cap, setup_cap2, teardown),
		cmocka_unit_test_setup_teardown(test_explicit_call, setup, teardown),
		cmocka_unit_test_setup_teardown(test_issue, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ticket_lifecycle, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_show, setup, teardown),
		cmocka_unit_test_setup_teardown(test_transfer_to_window, setup, teardown),
		cmocka_unit_test_setup_teardown(test_transfer_to_service, setup, teardown),
		cmocka_unit_test_setup_teardown(test_idempotency, setup, teardown),
		cmocka_unit_test_setup_teardown(test_events, setup, teardown),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	curl_global_cleanup();
	return rc;
}
