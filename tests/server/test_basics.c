/* wicketd's infrastructure against a real server: sign-in, roles, the
 * guides of matters, the calendar endpoint, malformed input, the event
 * feed's resync, start-up refusals and clean shutdown. */
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
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include <curl/curl.h>

#include "harness.h"
#include "wicket/common/buf.h"
#include "wicket/core/calendar.h"
#include "wicket/common/utf8.h"
#include "wicket/common/xalloc.h"

static struct wd W;

static int setup(void **state)
{
	(void)state;
	wd_start(&W, true, NULL);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	wd_stop(&W);
	return 0;
}

static void expect_error(long want_status, const char *want_code, struct resp *r)
{
	if (r->status != want_status || strcmp(resp_error_code(r), want_code) != 0)
		fail_msg("wanted %ld %s, got %ld %s", want_status, want_code, r->status, r->body);
	const cJSON *e = cJSON_GetObjectItem(r->json, "error");
	assert_non_null(jstr(e, "message"));
	resp_free(r);
}

static void test_health(void **state)
{
	(void)state;
	struct resp r;
	assert_int_equal(http(&W, "GET", "/api/v1/health", NULL, NULL, NULL, &r), 200);
	assert_string_equal(jstr(r.json, "status"), "ok");
	assert_string_equal(jstr(r.json, "hall"), "青川县政务服务中心");
	assert_int_equal(strlen(jstr(r.json, "today")), 10);
	assert_non_null(strstr(jstr(r.json, "now"), "+08:00"));
	resp_free(&r);
}

static void test_login(void **state)
{
	(void)state;
	struct resp r;
	assert_int_equal(http(&W, "POST", "/api/v1/login", NULL,
			      "{\"user\":\"clerk1\",\"password\":\"demo\",\"window\":1}", NULL, &r), 200);
	assert_string_equal(jstr(r.json, "role"), "clerk");
	assert_int_equal(strlen(jstr(r.json, "token")), 64);
	const cJSON *wins = cJSON_GetObjectItem(r.json, "windows");
	assert_int_equal(cJSON_GetArraySize(wins), 1);
	assert_int_equal(cJSON_GetArrayItem(wins, 0)->valueint, 1);
	resp_free(&r);

	http(&W, "POST", "/api/v1/login", NULL, "{\"user\":\"clerk1\",\"password\":\"nope\"}", NULL, &r);
	expect_error(401, "bad_credentials", &r);
	http(&W, "POST", "/api/v1/login", NULL, "{\"user\":\"nobody\",\"password\":\"demo\"}", NULL, &r);
	expect_error(401, "bad_credentials", &r);
	http(&W, "POST", "/api/v1/login", NULL, "{\"user\":\"clerk1\",\"password\":\"demo\",\"window\":2}", NULL, &r);
	expect_error(403, "window_not_assigned", &r);
	http(&W, "POST", "/api/v1/login", NULL, "{\"user\":\"clerk1\"}", NULL, &r);
	expect_error(400, "missing_field", &r);
	http(&W, "POST", "/api/v1/login", NULL, "{\"user\":1,\"password\":\"demo\"}", NULL, &r);
	expect_error(400, "invalid_field", &r);
}

static void test_tokens(void **state)
{
	(void)state;
	struct resp r;
	http(&W, "GET", "/api/v1/matters", NULL, NULL, NULL, &r);
	expect_error(401, "unauthorized", &r);
	http(&W, "GET", "/api/v1/matters", "0000000000000000000000000000000000000000000000000000000000000000",
	     NULL, NULL, &r);
	expect_error(401, "unauthorized", &r);

	char *tok = wd_login(&W, "supervisor", 0);
	assert_int_equal(http(&W, "GET", "/api/v1/me", tok, NULL, NULL, &r), 200);
	assert_string_equal(jstr(r.json, "role"), "supervisor");
	resp_free(&r);
	assert_int_equal(http(&W, "POST", "/api/v1/logout", tok, NULL, NULL, &r), 200);
	resp_free(&r);
	http(&W, "GET", "/api/v1/me", tok, NULL, NULL, &r);
	expect_error(401, "unauthorized", &r);
	free(tok);
}

static void test_roles(void **state)
{
	(void)state;
	struct resp r;
	char *kiosk = wd_login(&W, "kiosk", 0);
	http(&W, "GET", "/api/v1/windows", kiosk, NULL, NULL, &r);
	expect_error(403, "forbidden", &r);
	http(&W, "GET", "/api/v1/events?since=0", kiosk, NULL, NULL, &r);
	expect_error(403, "forbidden", &r);
	/* The kiosk reads the services it issues tickets for. */
	assert_int_equal(http(&W, "GET", "/api/v1/services", kiosk, NULL, NULL, &r), 200);
	resp_free(&r);
	free(kiosk);
}

static void test_services_and_matters(void **state)
{
	(void)state;
	struct resp r;
	char *tok = wd_login(&W, "clerk1", 1);
	assert_int_equal(http(&W, "GET", "/api/v1/services", tok, NULL, NULL, &r), 200);
	const cJSON *svcs = cJSON_GetObjectItem(r.json, "services");
	assert_true(cJSON_GetArraySize(svcs) >= 7);
	int nmatters = 0;
	const cJSON *svc;
	cJSON_ArrayForEach(svc, svcs) {
		assert_non_null(jstr(svc, "code"));
		assert_non_null(jstr(svc, "name"));
		nmatters += cJSON_GetArraySize(cJSON_GetObjectItem(svc, "matters"));
	}
	assert_true(nmatters >= 20);
	resp_free(&r);

	assert_int_equal(http(&W, "GET", "/api/v1/matters?service=MAR", tok, NULL, NULL, &r), 200);
	const cJSON *m;
	cJSON_ArrayForEach(m, cJSON_GetObjectItem(r.json, "matters"))
		assert_string_equal(jstr(m, "service"), "MAR");
	resp_free(&r);

	assert_int_equal(http(&W, "GET", "/api/v1/matters/MAR-01", tok, NULL, NULL, &r), 200);
	static const char *fields[] = { "code", "name", "service", "department", "kind",
					"legal_basis", "fee" };
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
		assert_non_null(jstr(r.json, fields[i]));
	assert_true(jnum(r.json, "working_days") >= 0);
	assert_true(cJSON_GetArraySize(cJSON_GetObjectItem(r.json, "steps")) >= 3);
	const cJSON *mats = cJSON_GetObjectItem(r.json, "materials");
	assert_true(cJSON_GetArraySize(mats) >= 3);
	cJSON_ArrayForEach(m, mats) {
		assert_true(jnum(m, "id") >= 1);
		assert_non_null(jstr(m, "name"));
		assert_non_null(jstr(m, "form"));
		assert_true(jnum(m, "copies") >= 1);
		assert_true(cJSON_IsBool(cJSON_GetObjectItem(m, "required")));
		assert_non_null(jstr(m, "note"));
	}
	resp_free(&r);

	http(&W, "GET", "/api/v1/matters/NOPE-99", tok, NULL, NULL, &r);
	expect_error(404, "unknown_matter", &r);
	free(tok);
}

static void test_calendar_due(void **state)
{
	(void)state;
	struct resp r;
	char *tok = wd_login(&W, "clerk1", 1);
	/* Across the 2026 Spring Festival: 13 Feb (Fri), 14 Feb (make-up
	 * Saturday), then 24, 25, 26 Feb after the holiday. */
	assert_int_equal(http(&W, "GET", "/api/v1/calendar/due?from=2026-02-12&days=5", tok, NULL, NULL, &r), 200);
	assert_string_equal(jstr(r.json, "due"), "2026-02-26");
	assert_false(cJSON_IsTrue(cJSON_GetObjectItem(r.json, "provisional")));
	resp_free(&r);
	/* 2031 is in no calendar file: weekends only, and said so. */
	assert_int_equal(http(&W, "GET", "/api/v1/calendar/due?from=2031-03-03&days=5", tok, NULL, NULL, &r), 200);
	assert_string_equal(jstr(r.json, "due"), "2031-03-10");
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(r.json, "provisional")));
	resp_free(&r);
	http(&W, "GET", "/api/v1/calendar/due?from=2026-02-30&days=5", tok, NULL, NULL, &r);
	expect_error(400, "invalid_query", &r);
	http(&W, "GET", "/api/v1/calendar/due?from=2026-02-12&days=-1", tok, NULL, NULL, &r);
	expect_error(400, "invalid_query", &r);
	http(&W, "GET", "/api/v1/calendar/due?from=2026-02-12", tok, NULL, NULL, &r);
	expect_error(400, "invalid_query", &r);
	free(tok);
}

static void test_malformed_requests(void **state)
{
	(void)state;
	struct resp r;
	http(&W, "POST", "/api/v1/login", NULL, "{\"user\":", NULL, &r);
	expect_error(400, "bad_json", &r);
	http(&W, "POST", "/api/v1/login", NULL, "[1,2,3]", NULL, &r);
	expect_error(400, "bad_json", &r);
	http_raw(&W, "POST", "/api/v1/login", NULL, "{\"user\":\"\xff\xfe\",\"password\":\"x\"}", 29, NULL, &r);
	expect_error(400, "invalid_utf8", &r);
	http_raw(&W, "POST", "/api/v1/login", NULL, "{\"user\":\"a\0b\"}", 14, NULL, &r);
	assert_int_equal(r.status, 400);
	resp_free(&r);

	size_t big = 64 * 1024 + 1;
	char *body = xmalloc(big + 1);
	memset(body, ' ', big);
	body[0] = '{';
	body[big - 1] = '}';
	body[big] = '\0';
	http(&W, "POST", "/api/v1/login", NULL, body, NULL, &r);
	expect_error(413, "payload_too_large", &r);
	free(body);

	http(&W, "GET", "/api/v1/nothing-here", NULL, NULL, NULL, &r);
	expect_error(404, "not_found", &r);
	http(&W, "DELETE", "/api/v1/login", NULL, NULL, NULL, &r);
	expect_error(405, "method_not_allowed", &r);
	http(&W, "GET", "/api/v1/login", NULL, NULL, NULL, &r);
	expect_error(405, "method_not_allowed", &r);
}

/* An error message quotes the request; the reply stays UTF-8 when what it
 * quotes is not, or is cut inside a character (found by fuzz_request). */
static void test_error_messages_stay_utf8(void **state)
{
	(void)state;
	struct resp r;
	http(&W, "GET", "/api/v1/%FF%FEwindows", NULL, NULL, NULL, &r);
	assert_true(utf8_valid(r.body, strlen(r.body)));
	/* The bytes are shown as U+FFFD. */
	assert_non_null(strstr(jstr(cJSON_GetObjectItem(r.json, "error"), "message"), "\xEF\xBF\xBDwindows"));
	expect_error(404, "not_found", &r);

	/* 200 three-byte characters: the message is cut at 511 bytes. */
	struct buf body = BUF_INIT;
	buf_adds(&body, "{\"matter\": \"");
	for (int i = 0; i < 200; i++)
		buf_adds(&body, "中");
	buf_adds(&body, "\"}");
	char *tok = wd_login(&W, "kiosk", 0);
	http(&W, "POST", "/api/v1/tickets", tok, buf_str(&body), NULL, &r);
	assert_true(utf8_valid(r.body, strlen(r.body)));
	expect_error(404, "unknown_matter", &r);
	buf_free(&body);
	free(tok);
}

static void test_events_resync(void **state)
{
	(void)state;
	struct resp r;
	char *tok = wd_login(&W, "supervisor", 0);
	http(&W, "GET", "/api/v1/events?since=999999999", tok, NULL, NULL, &r);
	expect_error(410, "resync_required", &r);
	http(&W, "GET", "/api/v1/events?since=abc", tok, NULL, NULL, &r);
	expect_error(400, "invalid_query", &r);
	http(&W, "GET", "/api/v1/events?since=0&wait=61", tok, NULL, NULL, &r);
	expect_error(400, "invalid_query", &r);
	assert_int_equal(http(&W, "GET", "/api/v1/events?since=0&wait=0", tok, NULL, NULL, &r), 200);
	assert_true(cJSON_IsArray(cJSON_GetObjectItem(r.json, "events")));
	assert_true(jnum(r.json, "last") >= 0);
	resp_free(&r);
	free(tok);
}

static void test_refuses_bad_calendar(void **state)
{
	(void)state;
	char args[1024], err[2048];
	snprintf(args, sizeof args, "--listen 127.0.0.1:0 --db %s/bad.db --calendar %s/calendar-bad",
		 W.dir, getenv("WICKET_TEST_DATA"));
	assert_int_not_equal(wd_run(args, err, sizeof err), 0);
	/* file:line: message */
	assert_non_null(strstr(err, "2031.txt:7:"));
}

static void test_clean_shutdown(void **state)
{
	(void)state;
	struct wd w2;
	wd_start(&w2, false, NULL);
	assert_int_equal(wd_term(&w2), 0);
	wd_stop(&w2);
}

int main(void)
{
	curl_global_init(CURL_GLOBAL_DEFAULT);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_health),
		cmocka_unit_test(test_login),
		cmocka_unit_test(test_tokens),
		cmocka_unit_test(test_roles),
		cmocka_unit_test(test_services_and_matters),
		cmocka_unit_test(test_calendar_due),
		cmocka_unit_test(test_malformed_requests),
		cmocka_unit_test(test_error_messages_stay_utf8),
		cmocka_unit_test(test_events_resync),
		cmocka_unit_test(test_refuses_bad_calendar),
		cmocka_unit_test(test_clean_shutdown),
	};
	int rc = cmocka_run_group_tests(tests, setup, teardown);
	curl_global_cleanup();
	return rc;
}
