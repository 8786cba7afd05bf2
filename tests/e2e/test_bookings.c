/* test_bookings.c - a phone booking (电话预约) checked in and called at the
 * counter, end to end: the real wicket on a pseudo-terminal against a real
 * wicketd whose clock stands at 09:52 on a working Tuesday.  The booking is
 * taken through the API as the phone line does; the clerk opens today's
 * bookings (y), sees it with the applicant's ID number masked, checks the
 * applicant in (Enter) and calls (F2): the booking's ticket comes to the
 * window before the walk-ins who came first and before an elderly
 * applicant.  No sleeps: the client's ready signal and the screen's text
 * are waited for, with timeouts only as failure bounds. */
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

#include <curl/curl.h>

#include "client.h"
#include "harness.h"
#include "term.h"

#define WAIT 10000   /* ms: a bound for failures, never a pause */
#define ID_NUMBER "510823198507120314"
#define ID_MASKED "5108**********0314"

static struct wd W;
static char tmp[320], data[400];

/* The demo hall whose morning queue is three MAR walk-ins and an elderly
 * applicant, none booked, and no bookings. */
static void data_make(void)
{
	static const char tickets[] =
		"[{\"service\":\"MAR\",\"minutes_ago\":40},{\"service\":\"MAR\",\"minutes_ago\":30},"
		"{\"service\":\"MAR\",\"priority\":\"elderly\",\"minutes_ago\":20},"
		"{\"service\":\"MAR\",\"minutes_ago\":10}]\n";
	tmp_make(tmp, sizeof tmp);
	snprintf(data, sizeof data, "%s/data", tmp);
	data_copy(getenv("WICKET_DATADIR"), data);
	file_write(data, "demo/tickets.json", tickets, strlen(tickets));
	file_write(data, "demo/bookings.json", "[]\n", 3);
}

static int setup(void **state)
{
	(void)state;
	char args[600];
	data_make();
	snprintf(args, sizeof args, "--time-shift %lld --data %s",
		 (long long)(wd_hall_epoch("2026-11-24T09:52:00") - (int64_t)time(NULL)), data);
	wd_start(&W, true, args);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	wd_stop(&W);
	tmp_remove(tmp);
	return 0;
}

/* GET path as the supervisor (the caller deletes the reply). */
static cJSON *sup_get(const char *path)
{
	char *tok = wd_login(&W, "supervisor", 0);
	cJSON *j = wd_call(&W, "GET", path, tok, NULL, 200);
	free(tok);
	return j;
}

static void test_phone_booking_checked_in_and_called(void **state)
{
	(void)state;
	/* The phone line: a clerk books 10:00 for the caller. */
	char *tok = wd_login(&W, "clerk2", 2);
	cJSON *b = wd_call(&W, "POST", "/api/v1/bookings", tok,
			   "{\"service\":\"MAR\",\"at\":\"2026-11-24T10:00:00+08:00\",\"channel\":\"phone\","
			   "\"applicant\":{\"name\":\"陈建国\",\"id_number\":\"" ID_NUMBER "\","
			   "\"phone\":\"13708234567\"}}", 201);
	free(tok);
	assert_string_equal(jstr(b, "number"), "Y261124-001");
	cJSON_Delete(b);

	const char *const args[] = { "--user", "clerk1", "--window", "1", NULL };
	struct term *t = client_sign_in(W.url, W.dir, args, "zh_CN.UTF-8", NULL, 24, 80, "counter");
	client_expect(t, "窗口 1 · 服务中");
	client_expect(t, "排队（4 人）");
	client_expect(t, "y预约");

	term_type(t, "y");
	assert_int_equal(term_wait_ready(t, "bookings", WAIT), 0);
	client_expect(t, "1号窗口今日预约（1）");
	int row = term_find_row(t, "Y261124-001");
	assert_true(row > 0);
	char *line = term_row(t, row);
	assert_non_null(strstr(line, "10:00"));
	assert_non_null(strstr(line, "陈建国"));
	assert_non_null(strstr(line, ID_MASKED));
	assert_non_null(strstr(line, "待签到"));
	free(line);
	assert_false(term_contains(t, ID_NUMBER));

	term_key(t, VTERM_KEY_ENTER, VTERM_MOD_NONE);
	client_expect(t, "Y261124-001 已签到：号票 A005 到预约时间优先叫号。");
	client_expect(t, "已签到");
	term_type(t, "q");
	assert_int_equal(term_wait_ready(t, "counter", WAIT), 0);
	client_expect(t, "排队（5 人）");

	/* Due at 10:00 (ten minutes ahead): before the walk-ins and the
	 * elderly applicant who came first. */
	term_key(t, VTERM_KEY_FUNCTION(2), VTERM_MOD_NONE);
	client_expect(t, "A005 婚姻登记 · 已叫号");
	client_expect(t, "（预约）");
	cJSON *w = sup_get("/api/v1/windows");
	cJSON *w1 = cJSON_GetArrayItem(cJSON_GetObjectItem(w, "windows"), 0);
	cJSON *cur = cJSON_GetObjectItem(w1, "current");
	assert_string_equal(jstr(cur, "number"), "A005");
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(cur, "appointment")));
	cJSON_Delete(w);
	b = sup_get("/api/v1/bookings/Y261124-001");
	assert_string_equal(jstr(b, "status"), "checked_in");
	assert_false(cJSON_IsTrue(cJSON_GetObjectItem(b, "late")));
	cJSON_Delete(b);
	client_quit(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_phone_booking_checked_in_and_called),
	};
	curl_global_init(CURL_GLOBAL_DEFAULT);
	int rc = cmocka_run_group_tests(tests, setup, teardown);
	curl_global_cleanup();
	return rc;
}
