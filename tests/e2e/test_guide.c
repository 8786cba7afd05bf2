/* test_guide.c - 首问负责 at the guide desk (导询台), end to end: the real
 * wicket on a pseudo-terminal, signed in as the demo hall's guide, against
 * a real wicketd.  The guide records what an applicant asked (the form:
 * what, the name, the phone), issues a ticket for the right service from
 * the same screen (F2, then 取号 and the service), and sees it on its list
 * of open enquiries, waiting.  The clerk of window 1 calls that ticket:
 * the guide's list shows it at window 1, live from the feed; the clerk
 * takes the case up: the enquiry leaves the open list by itself, and the
 * closed ones (a) show it taken up with the case's number; the
 * supervisor's report counts it, closed the same day.  In Chinese at
 * 80x24, the columns lined up.  A clerk asked first at the counter
 * records the enquiry there too (e).  No sleeps: the client's ready signal and
 * the screen's text are waited for, with timeouts only as failure bounds. */
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

#include "client.h"
#include "harness.h"
#include "term.h"

#define WAIT 10000   /* ms: a bound for failures, never a pause */
#define PHONE "13912345678"

static struct wd W;

static int setup(void **state)
{
	(void)state;
	wd_start_daytime(&W, NULL);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	wd_stop(&W);
	return 0;
}

static void enter(struct term *t)
{
	term_key(t, VTERM_KEY_ENTER, VTERM_MOD_NONE);
}

/* The one enquiry of the hall, as the supervisor reads it (caller deletes). */
static cJSON *the_enquiry(void)
{
	char *tok = wd_login(&W, "supervisor", 0);
	cJSON *l = wd_call(&W, "GET", "/api/v1/enquiries?status=all", tok, NULL, 200);
	free(tok);
	cJSON *arr = cJSON_GetObjectItem(l, "enquiries");
	assert_int_equal(cJSON_GetArraySize(arr), 1);
	cJSON *e = cJSON_DetachItemFromArray(arr, 0);
	cJSON_Delete(l);
	return e;
}

static void test_enquiry_handed_to_a_window(void **state)
{
	(void)state;
	const char *const args[] = { "--user", "guide", NULL };
	struct term *t = client_sign_in(W.url, W.dir, args, "zh_CN.UTF-8", NULL, 24, 80, "guide");
	client_expect(t, "导询台 周晓燕");
	client_expect(t, "F3办结");
	client_expect(t, "我的待办首问（首问负责）：0");
	client_expect(t, "暂无待办的首问。");
	client_expect(t, "F2首问登记");

	/* An applicant asks about the pension: the guide records it. */
	term_key(t, VTERM_KEY_FUNCTION(2), VTERM_MOD_NONE);
	client_expect(t, "问了什么");
	term_type(t, "退休金怎么领");
	enter(t);
	enter(t);                                   /* the matter's code: not known */
	term_type(t, "王五");
	enter(t);
	term_type(t, PHONE);
	enter(t);
	/* What was done: a ticket (2), for 社会救助与老龄福利 (the second service). */
	assert_int_equal(term_wait_ready(t, "picker", WAIT), 0);
	client_expect(t, "如何处理？");
	client_expect(t, "取号（选业务）");
	term_type(t, "2");
	client_expect(t, "取哪项业务的号？");
	term_type(t, "2");
	client_expect(t, "首问已登记：已取号 ");

	cJSON *e = the_enquiry();
	cJSON *tk = cJSON_GetObjectItem(e, "ticket");
	char number[16], waiting[64];
	snprintf(number, sizeof number, "%s", jstr(tk, "number"));
	long long ticket = (long long)jnum(tk, "id");
	assert_string_equal(jstr(tk, "service"), "SOC");
	assert_string_equal(jstr(e, "asked"), "退休金怎么领");
	assert_string_equal(jstr(e, "owner"), "guide");
	cJSON_Delete(e);
	snprintf(waiting, sizeof waiting, "%s：等候中", number);
	client_expect(t, waiting);
	client_expect(t, "我的待办首问（首问负责）：1");
	/* Its row: the time, what was asked, who, the phone (the guide's own,
	 * in full), where it is; the columns where the headings are. */
	int head = term_find_row(t, "问了什么"), row = term_find_row(t, "退休金怎么领");
	assert_true(head > 0 && row == head + 1);
	assert_int_equal(term_col_of(t, row, "退休金怎么领"), term_col_of(t, head, "问了什么"));
	assert_int_equal(term_col_of(t, row, "王五"), term_col_of(t, head, "姓名"));
	assert_int_equal(term_col_of(t, row, PHONE), term_col_of(t, head, "电话"));
	assert_int_equal(term_col_of(t, row, waiting), term_col_of(t, head, "去向"));

	/* Window 1 calls that ticket: the guide's list follows it there. */
	char *clerk = wd_login(&W, "clerk1", 1), body[400], path[64], at_window[64];
	cJSON_Delete(wd_call(&W, "POST", "/api/v1/windows/1/open", clerk, NULL, 200));
	snprintf(body, sizeof body, "{\"ticket\":%lld}", ticket);
	cJSON_Delete(wd_call(&W, "POST", "/api/v1/windows/1/call", clerk, body, 200));
	snprintf(at_window, sizeof at_window, "%s：已到 1 号窗口", number);
	client_expect(t, at_window);

	/* The clerk takes the case up: the enquiry closes by itself. */
	snprintf(path, sizeof path, "/api/v1/tickets/%lld/start", ticket);
	cJSON_Delete(wd_call(&W, "POST", path, clerk, NULL, 200));
	snprintf(body, sizeof body, "{\"ticket\":%lld,\"matter\":\"SOC-01\",\"applicant\":{\"name\":\"王五\","
		 "\"id_number\":\"510823199001011238\",\"phone\":\"" PHONE "\"},\"received\":[1,2,3,4]}", ticket);
	cJSON *c = wd_call(&W, "POST", "/api/v1/cases", clerk, body, 201);
	char taken[64];
	snprintf(taken, sizeof taken, "已受理：%s", jstr(c, "number"));
	cJSON_Delete(c);
	free(clerk);
	client_expect(t, "暂无待办的首问。");
	client_expect(t, "我的待办首问（首问负责）：0");
	term_type(t, "a");                          /* the closed ones too */
	client_expect(t, "我的首问（首问负责）：1");
	client_expect(t, taken);
	e = the_enquiry();
	assert_string_equal(jstr(e, "closed_how"), "case");
	cJSON_Delete(e);
	client_quit(t);

	/* The supervisor's report counts it: the guide's one, closed the same day. */
	const char *const sup[] = { "--user", "supervisor", NULL };
	t = client_sign_in(W.url, W.dir, sup, "zh_CN.UTF-8", NULL, 24, 80, "board");
	term_key(t, VTERM_KEY_FUNCTION(8), VTERM_MOD_NONE);
	assert_int_equal(term_wait_ready(t, "report", WAIT), 0);
	client_expect(t, "首问（登记数，当日办结数）： 周晓燕 1（1）");
	/* The total right under the rows, the lines of the report after it. */
	int total = term_find_row(t, "合计 "), rated = term_find_row(t, "好差评："),
	    first = term_find_row(t, "首问（登记数"), helped = term_find_row(t, "帮办代办");
	assert_true(total > 2);
	assert_true(helped == total + 1);
	assert_true(rated > helped && first > rated);
	client_quit(t);
}

/* A clerk asked first at the counter records it there (e) and sends the
 * applicant to a department: the enquiry is the clerk's, open. */
static void test_clerk_records_at_the_counter(void **state)
{
	(void)state;
	const char *const args[] = { "--user", "clerk3", "--window", "3", NULL };
	struct term *t = client_sign_in(W.url, W.dir, args, "zh_CN.UTF-8", NULL, 24, 80, "counter");
	term_type(t, "e");
	client_expect(t, "首问登记");
	term_type(t, "房产过户去哪办");
	for (int i = 0; i < 4; i++)                 /* no matter, name or phone */
		enter(t);
	assert_int_equal(term_wait_ready(t, "picker", WAIT), 0);
	term_type(t, "4");                          /* sent to a department */
	client_expect(t, "转到哪个部门？");
	term_type(t, "不动产登记中心");
	enter(t);
	client_expect(t, "首问已登记：办结前由您负责。");
	cJSON *e = the_enquiry();
	assert_string_equal(jstr(e, "owner"), "clerk3");
	assert_string_equal(jstr(e, "action"), "transferred");
	assert_string_equal(jstr(e, "to_dept"), "不动产登记中心");
	assert_string_equal(jstr(e, "status"), "open");
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(e, "applicant")));
	cJSON_Delete(e);
	/* It is listed on the clerk's screen (E) until the clerk closes it. */
	term_type(t, "E");
	assert_int_equal(term_wait_ready(t, "guide", WAIT), 0);
	client_expect(t, "我的待办首问（首问负责）：1");
	client_expect(t, "房产过户去哪办");
	client_expect(t, "已转 不动产登记中心");
	term_key(t, VTERM_KEY_FUNCTION(3), VTERM_MOD_NONE);
	assert_int_equal(term_wait_ready(t, "picker", WAIT), 0);
	term_type(t, "1");                          /* answered */
	client_expect(t, "我的待办首问（首问负责）：0");
	e = the_enquiry();
	assert_string_equal(jstr(e, "status"), "closed");
	assert_string_equal(jstr(e, "closed_how"), "answered");
	cJSON_Delete(e);
	/* Back at the counter, its keys are the counter's again. */
	term_key(t, VTERM_KEY_ESCAPE, VTERM_MOD_NONE);
	assert_int_equal(term_wait_ready(t, "counter", WAIT), 0);
	client_quit(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_enquiry_handed_to_a_window, setup, teardown),
		cmocka_unit_test_setup_teardown(test_clerk_records_at_the_counter, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
