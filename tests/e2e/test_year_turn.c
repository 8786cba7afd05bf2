/* Deadlines when the year turns, at the counter (issue 15, part 2): the real
 * wicket in Chinese on an 80x24 pseudo-terminal against a real wicketd
 * whose clock is on 2026-12-28 (--time-shift) and whose calendar folder has
 * no 2027 file yet.
 *
 * A case of 30 working days (临时救助 SOC-01) accepted that day is due
 * 2027-02-11 by the law's 春节 (02-05..02-08), marked 暂定 with the reason,
 * on the F8 list and on the case screen.  The administrator drops a
 * (made-up) 2027 notice with a longer 春节 into the folder and reloads:
 * the clerk, on the case screen, sees the due date move to 02-16, in the
 * status line and the case's history, and the mark go. */
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

static const char notice_2027[] =
	"# 国务院办公厅关于2027年部分节假日安排的通知（测试用，虚构）\n"
	"year 2027\n"
	"2027-01-01 holiday 元旦\n2027-01-02 holiday 元旦\n2027-01-03 holiday 元旦\n"
	"2027-01-31 workday 春节调休上班\n"
	"2027-02-05 holiday 春节\n2027-02-06 holiday 春节\n2027-02-07 holiday 春节\n"
	"2027-02-08 holiday 春节\n2027-02-09 holiday 春节\n2027-02-10 holiday 春节\n"
	"2027-02-11 holiday 春节\n2027-02-12 holiday 春节\n2027-02-13 holiday 春节\n"
	"2027-02-20 workday 春节调休上班\n";

static struct wd W;
static char cal_dir[320];

/* The real 2025 and 2026 files in a folder of the test's own. */
static int setup(void **state)
{
	(void)state;
	tmp_make(cal_dir, sizeof cal_dir);
	for (int y = 2025; y <= 2026; y++) {
		char path[512], name[16];
		snprintf(path, sizeof path, "%s/%d.txt", getenv("WICKET_CALENDAR_DIR"), y);
		snprintf(name, sizeof name, "%d.txt", y);
		char *text = slurp(path);
		file_write(cal_dir, name, text, strlen(text));
		free(text);
	}
	char args[512];
	snprintf(args, sizeof args, "--time-shift %lld --calendar %s",
		 (long long)(wd_hall_epoch("2026-12-28T09:00:00") - (int64_t)time(NULL)), cal_dir);
	wd_start(&W, true, args);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	wd_stop(&W);
	tmp_remove(cal_dir);
	return 0;
}

/* A step taken through the API by user (harness.c: wd_call_as). */
#define call(...) wd_call_as(&W, __VA_ARGS__)

/* A SOC-01 case (30 working days) accepted at window 1 today, with its
 * four materials; its number into number. */
static void make_case(char number[32], long long *id)
{
	cJSON *t = call("POST", "kiosk", 0, "{\"service\":\"SOC\"}", 201, "/api/v1/tickets");
	long long tk = (long long)jnum(t, "id");
	cJSON_Delete(t);
	char body[512];
	snprintf(body, sizeof body, "{\"ticket\":%lld}", tk);
	cJSON_Delete(call("POST", "clerk1", 1, body, 200, "/api/v1/windows/1/call"));
	cJSON_Delete(call("POST", "clerk1", 1, NULL, 200, "/api/v1/tickets/%lld/start", tk));
	snprintf(body, sizeof body, "{\"ticket\":%lld,\"matter\":\"SOC-01\",\"applicant\":{\"name\":\"王秀英\","
		 "\"id_number\":\"510823199001011238\",\"phone\":\"13812345678\"},\"received\":[1,2,3,4]}", tk);
	cJSON *c = call("POST", "clerk1", 1, body, 201, "/api/v1/cases");
	assert_string_equal(jstr(c, "status"), "accepted");
	assert_string_equal(jstr(c, "due"), "2027-02-11");
	snprintf(number, 32, "%s", jstr(c, "number"));
	if (id)
		*id = (long long)jnum(c, "id");
	cJSON_Delete(c);
	cJSON_Delete(call("POST", "clerk1", 1, NULL, 200, "/api/v1/tickets/%lld/finish", tk));
}

static void key(struct term *t, VTermKey k)
{
	term_key(t, k, VTERM_MOD_NONE);
}

static void test_reload_moves_the_due_date_on_the_clerks_screen(void **state)
{
	(void)state;
	char number[32];
	cJSON_Delete(call("POST", "clerk1", 1, NULL, 200, "/api/v1/windows/1/open"));
	make_case(number, NULL);

	const char *const args[] = { "--user", "clerk1", "--window", "1", NULL };
	struct term *t = client_sign_in(W.url, W.dir, args, "zh_CN.UTF-8", NULL, 24, 80, "counter");
	client_expect(t, "在线 · 今日已服务");
	/* F8: the case, its date marked provisional. */
	key(t, VTERM_KEY_FUNCTION(8));
	assert_int_equal(term_wait_ready(t, "cases", WAIT), 0);
	client_expect(t, number);
	client_expect(t, "2027年2月11日（暂定）");
	/* Opened: the date, the mark and why. */
	key(t, VTERM_KEY_ENTER);
	assert_int_equal(term_wait_ready(t, "case", WAIT), 0);
	client_expect(t, "2027年2月11日");
	client_expect(t, "（暂定）");
	client_expect(t, "暂定：2027年放假通知尚未发布");

	/* The notice arrives: the administrator reloads. */
	file_write(cal_dir, "2027.txt", notice_2027, strlen(notice_2027));
	cJSON *r = call("POST", "admin", 0, "{}", 200, "/api/v1/calendar/reload");
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(r, "changed")), 1);
	cJSON_Delete(r);
	/* The clerk sees it without a key: the event, the case read again. */
	client_expect(t, "期限因2027年放假安排调整：02-11 → 02-16");
	client_expect(t, "2027年2月16日");
	assert_int_equal(term_wait_gone(t, "（暂定）", WAIT), 0);
	assert_int_equal(term_wait_gone(t, "暂定：2027年放假通知尚未发布", WAIT), 0);
	/* In the history too (the status line's message may have gone). */
	assert_true(term_find_row(t, "历史") >= 0 || term_contains(t, "期限因2027年"));
	client_quit(t);
}

/* A 差评 on 12-28 is followed up within 5 working days: past 元旦, into
 * 2027 whose notice is not out, so the supervisor's calls list says the
 * follow-up's date is provisional. */
static void test_follow_up_due_provisional(void **state)
{
	(void)state;
	char number[32];
	long long id;
	cJSON_Delete(call("POST", "clerk1", 1, NULL, 200, "/api/v1/windows/1/open"));
	make_case(number, &id);
	cJSON_Delete(call("POST", "clerk1", 1, NULL, 200, "/api/v1/cases/%lld/complete", id));
	cJSON_Delete(call("POST", "clerk1", 1, "{\"level\":1,\"reason\":\"attitude\"}", 200,
			  "/api/v1/cases/%lld/rating", id));
	cJSON *l = call("GET", "supervisor", 0, NULL, 200, "/api/v1/callbacks?kind=bad_rating");
	const cJSON *cb = cJSON_GetArrayItem(cJSON_GetObjectItem(l, "callbacks"), 0);
	assert_string_equal(jstr(cb, "due"), "2027-01-05");
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(cb, "provisional")));
	cJSON_Delete(l);
	const char *const args[] = { "--user", "supervisor", NULL };
	struct term *t = client_sign_in(W.url, W.dir, args, "zh_CN.UTF-8", NULL, 24, 80, "board");
	key(t, VTERM_KEY_FUNCTION(6));
	assert_int_equal(term_wait_ready(t, "callbacks", WAIT), 0);
	client_expect(t, number);
	client_expect(t, "回访期限 01-05（暂定）");
	client_quit(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_reload_moves_the_due_date_on_the_clerks_screen, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_follow_up_due_provisional, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
