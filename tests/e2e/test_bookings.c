/* test_bookings.c - a phone booking (电话预约) taken, checked in and called
 * at the counter, end to end: the real wicket on a pseudo-terminal against
 * a real wicketd whose clock stands at 09:52 on a working Tuesday.  The
 * clerk opens today's bookings (y), takes the caller's booking on its form
 * (a; a time written wrong is said there), sees it listed with the ID
 * number masked, checks the applicant in when they come (Enter) and calls
 * (F2): the booking's ticket comes to the window before the walk-ins who
 * came first and before an elderly applicant.  Below the bookings the
 * clerk sees the home visit (上门服务) the supervisor assigned them, and
 * takes a home visit's case (h): the checklist, the one-time notice and
 * the due date as at the window, the case marked as the visit's.  No
 * sleeps: the client's ready signal and the screen's text are waited for,
 * with timeouts only as failure bounds. */
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

static void enter(struct term *t)
{
	term_key(t, VTERM_KEY_ENTER, VTERM_MOD_NONE);
}

static void test_phone_booking_checked_in_and_called(void **state)
{
	(void)state;
	/* The supervisor sends clerk1 to an elderly applicant this afternoon. */
	char *tok = wd_login(&W, "supervisor", 0);
	cJSON_Delete(wd_call(&W, "POST", "/api/v1/home-visits", tok,
			     "{\"matter\":\"SOC-01\",\"group\":\"elderly\",\"applicant\":{\"name\":\"赵桂兰\","
			     "\"id_number\":\"510823195203150027\",\"phone\":\"08393221234\"},"
			     "\"address\":\"乔庄镇东街12号\",\"at\":\"2026-11-24T14:00:00+08:00\",\"clerk\":\"clerk1\"}", 201));
	free(tok);

	const char *const args[] = { "--user", "clerk1", "--window", "1", NULL };
	struct term *t = client_sign_in(W.url, W.dir, args, "zh_CN.UTF-8", NULL, 24, 80, "counter");
	client_expect(t, "窗口 1 · 服务中");
	client_expect(t, "排队（4 人）");
	client_expect(t, "y预约");

	term_type(t, "y");
	assert_int_equal(term_wait_ready(t, "bookings", WAIT), 0);
	client_expect(t, "今天没有预约。");
	/* Below the bookings, the clerk's home visits of the day. */
	client_expect(t, "今日上门服务（1）");
	client_expect(t, "乔庄镇东街12号");                 /* the row drawn to its end */
	int hv = term_find_row(t, "H261124-001");
	assert_true(hv > 0);
	char *hline = term_row(t, hv);
	assert_non_null(strstr(hline, "14:00"));
	assert_non_null(strstr(hline, "老年人"));
	assert_non_null(strstr(hline, "乔庄镇东街12号"));
	free(hline);
	client_expect(t, "a电话预约");

	/* The phone rings: the clerk books 10:00 for the caller.  A time
	 * written wrong is said on the form, and nothing is sent. */
	term_type(t, "a");
	client_expect(t, "日期时间");
	client_expect(t, "MAR");                          /* the window's first service */
	client_expect(t, "2026-11-24");                   /* the hall's today, for the hour */
	enter(t);
	term_type(t, "\x15");                           /* ^U: the hour alone */
	term_type(t, "10:00");
	enter(t);
	term_type(t, "陈建国");
	enter(t);
	term_type(t, ID_NUMBER);
	enter(t);
	term_type(t, "13708234567");
	enter(t);
	client_expect(t, "时间请按 2026-11-25 10:00 的格式填写。");
	term_type(t, "\x15");
	term_type(t, "2026-11-24 10:00");
	for (int i = 0; i < 4; i++)
		enter(t);
	client_expect(t, "已预约 Y261124-001，时间 10:00：请告知来电人预约号。");
	client_expect(t, "1号窗口今日预约（1）");
	client_expect(t, "待签到");                       /* the list's row, not the message's number */
	int row = term_find_row(t, "待签到");
	assert_true(row > 0);
	char *line = term_row(t, row);
	assert_non_null(strstr(line, "10:00"));
	assert_non_null(strstr(line, "Y261124-001"));
	assert_non_null(strstr(line, "陈建国"));
	assert_non_null(strstr(line, ID_MASKED));
	assert_non_null(strstr(line, "待签到"));
	free(line);
	assert_false(term_contains(t, ID_NUMBER));
	cJSON *b = sup_get("/api/v1/bookings/Y261124-001");
	assert_string_equal(jstr(b, "channel"), "phone");
	cJSON_Delete(b);

	/* The same caller rings again for 10:30: the hall's one booking a day
	 * is refused by the server, and the form comes back as it was sent,
	 * with the reason, so nothing is typed twice. */
	term_type(t, "a");
	client_expect(t, "日期时间");
	enter(t);
	term_type(t, "\x15");
	term_type(t, "2026-11-24 10:30");
	enter(t);
	term_type(t, "陈建国");
	enter(t);
	term_type(t, ID_NUMBER);
	enter(t);
	term_type(t, "13708234567");
	enter(t);
	client_expect(t, "该申请人当天的预约已达大厅规定上限");
	client_expect(t, "日期时间");                     /* the form, open again */
	client_expect(t, "2026-11-24 10:30");
	assert_true(term_contains(t, "陈建国"));
	term_key(t, VTERM_KEY_ESCAPE, VTERM_MOD_NONE);
	assert_int_equal(term_wait_gone(t, "日期时间", WAIT), 0);

	/* The caller comes: checked in, the ticket is theirs. */
	enter(t);
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

static void key(struct term *t, VTermKey k)
{
	term_key(t, k, VTERM_MOD_NONE);
}

/* 上门服务: the clerk takes a home visit's case.  On the bookings screen
 * the visit is selected below the bookings (the last row: PgDn) and h
 * opens the case screen with its matter's checklist and its applicant,
 * marked as the visit's; three of the four required materials ticked,
 * the one-time notice is given for the fourth, as at the window; the
 * fourth brought, the case is accepted with its due date.  The server's
 * case is the visit's (home_visit), at no window, and the visit done. */
static void test_home_visit_case_taken(void **state)
{
	(void)state;
	char *tok = wd_login(&W, "supervisor", 0);
	cJSON *hv = wd_call(&W, "POST", "/api/v1/home-visits", tok,
			    "{\"matter\":\"SOC-01\",\"group\":\"disabled\",\"applicant\":{\"name\":\"孙德明\","
			    "\"id_number\":\"510823195203150027\",\"phone\":\"08393221234\"},"
			    "\"address\":\"竹园镇南街3号\",\"at\":\"2026-11-24T16:30:00+08:00\",\"clerk\":\"clerk1\"}",
			    201);
	char number[32];
	snprintf(number, sizeof number, "%s", jstr(hv, "number"));
	cJSON_Delete(hv);
	free(tok);
	/* The applicant called at the window before is served: the clerk
	 * leaves nobody at the window to go. */
	cJSON *w = sup_get("/api/v1/windows");
	cJSON *cur = cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(w, "windows"), 0), "current");
	if (cJSON_IsObject(cur)) {
		char step[96];
		tok = wd_login(&W, "clerk1", 1);
		snprintf(step, sizeof step, "/api/v1/tickets/%lld/start", (long long)jnum(cur, "id"));
		cJSON_Delete(wd_call(&W, "POST", step, tok, NULL, 200));
		snprintf(step, sizeof step, "/api/v1/tickets/%lld/finish", (long long)jnum(cur, "id"));
		cJSON_Delete(wd_call(&W, "POST", step, tok, NULL, 200));
		free(tok);
	}
	cJSON_Delete(w);

	const char *const args[] = { "--user", "clerk1", "--window", "1", NULL };
	struct term *t = client_sign_in(W.url, W.dir, args, "zh_CN.UTF-8", NULL, 24, 80, "counter");
	term_type(t, "y");
	assert_int_equal(term_wait_ready(t, "bookings", WAIT), 0);
	client_expect(t, "竹园镇南街3号");
	client_expect(t, "h上门服务");
	/* The provincial app books 11:00 for another applicant, then cancels:
	 * the list follows the feed, nothing pressed. */
	tok = wd_login(&W, "kiosk", 0);
	cJSON *bk = wd_call(&W, "POST", "/api/v1/bookings", tok,
			    "{\"service\":\"MAR\",\"at\":\"2026-11-24T11:00:00+08:00\",\"channel\":\"app\","
			    "\"applicant\":{\"name\":\"周文斌\",\"id_number\":\"510823195203150027\","
			    "\"phone\":\"13812345678\"}}", 201);
	client_expect(t, "周文斌");
	client_expect(t, "1号窗口今日预约（2）");
	char cancel[96];
	snprintf(cancel, sizeof cancel, "/api/v1/bookings/%s/cancel", jstr(bk, "number"));
	cJSON_Delete(bk);
	cJSON_Delete(wd_call(&W, "POST", cancel, tok, NULL, 200));
	free(tok);
	assert_int_equal(term_wait_gone(t, "周文斌", WAIT), 0);
	client_expect(t, "1号窗口今日预约（1）");
	int row;
	char *line;
	/* The latest visit of the day is the list's last row. */
	key(t, VTERM_KEY_PAGEDOWN);
	term_type(t, "h");
	assert_int_equal(term_wait_ready(t, "case", WAIT), 0);
	client_expect(t, "最低生活保障申请");
	char mark[64];
	snprintf(mark, sizeof mark, "上门服务 %s", number);
	client_expect(t, mark);
	client_expect(t, "孙德明");
	client_expect(t, "竹园镇南街3号");
	/* No applicant to type: the visit's. */
	term_type(t, "i");
	client_expect(t, "申请人即上门服务预约时登记的申请人");

	/* Three of the four required materials: the one-time notice. */
	for (int i = 0; i < 3; i++) {
		term_type(t, " ");
		key(t, VTERM_KEY_DOWN);
	}
	client_expect(t, "必需材料已勾选 3 项，共 4 项");
	term_type(t, "a");
	client_expect(t, "出具一次性告知？");
	term_type(t, "1");
	client_expect(t, "已记录一次性告知");
	client_expect(t, "家庭收入和财产状况申报及承诺书");
	assert_true(term_contains(t, "一次性告知 "));

	/* The fourth brought: accepted, with its due date. */
	term_type(t, " ");
	term_type(t, "a");
	client_expect(t, "受理此件？");
	term_type(t, "1");
	client_expect(t, "已受理：案件");
	client_expect(t, "办结期限");
	assert_true(term_contains(t, mark));
	/* Its history says where it was taken: at the applicant's home. */
	client_expect(t, "张雅婷 上门服务");

	char path[96];
	snprintf(path, sizeof path, "/api/v1/home-visits/%s", number);
	hv = sup_get(path);
	assert_string_equal(jstr(hv, "status"), "done");
	snprintf(path, sizeof path, "/api/v1/cases/%lld", (long long)jnum(hv, "case"));
	cJSON_Delete(hv);
	cJSON *c = sup_get(path);
	assert_string_equal(jstr(c, "status"), "accepted");
	assert_string_equal(jstr(c, "home_visit"), number);
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(c, "ticket")));
	cJSON_Delete(c);

	/* Back on the list, the visit is done: h says so. */
	key(t, VTERM_KEY_ESCAPE);
	assert_int_equal(term_wait_ready(t, "bookings", WAIT), 0);
	client_expect(t, "已上门办理");
	row = term_find_row(t, number);
	line = term_row(t, row);
	assert_non_null(strstr(line, "已上门办理"));
	free(line);
	key(t, VTERM_KEY_PAGEDOWN);
	term_type(t, "h");
	client_expect(t, "请选择今天尚未办理的上门服务");
	client_quit(t);
}

/* The supervisor's screens for 不打烊 and 上门服务: w lists the sessions,
 * n opens Saturday morning for windows 1 and 2 (a wrong span is said on
 * the form), x calls it off; h lists today's home visits, n books one with
 * the applicant, the address, the time and the clerk sent, a sends
 * another clerk, and ] shows the next day's.  Each step is checked against the server. */
static void test_supervisor_sessions_and_visits(void **state)
{
	(void)state;
	const char *const args[] = { "--user", "supervisor", NULL };
	struct term *t = client_sign_in(W.url, W.dir, args, "zh_CN.UTF-8", NULL, 24, 80, "board");
	client_expect(t, "11-24 09:5");                   /* the hall's clock is known: its today */
	term_type(t, "w");
	assert_int_equal(term_wait_ready(t, "sessions", WAIT), 0);
	client_expect(t, "不打烊时段（今日起）：0");
	client_expect(t, "尚未开设时段。");
	term_type(t, "n");
	client_expect(t, "开设周末或晚间时段");
	client_expect(t, "2026-11-28");                   /* the next Saturday, to start with */
	enter(t);
	term_type(t, "\x15");
	term_type(t, "9-12");
	enter(t);
	term_type(t, "1,2");
	enter(t);
	client_expect(t, "时段请按 09:00-12:00 的格式填写。");
	term_type(t, "\x15");
	term_type(t, "09:00-12:00");
	enter(t);
	enter(t);
	client_expect(t, "已开设时段：2026年11月28日 09:00-12:00。");
	client_expect(t, "未开始");                       /* the list read again, after the message */
	int row = term_find_row(t, "09:00-12:00");
	assert_true(row > 0);
	char *line = term_row(t, row);
	assert_non_null(strstr(line, "2026-11-28 周六"));
	assert_non_null(strstr(line, "1,2"));
	assert_non_null(strstr(line, "未开始"));
	assert_non_null(strstr(line, "何建华"));          /* who opened it: the person, not the account */
	assert_null(strstr(line, "supervisor"));
	free(line);
	cJSON *j = sup_get("/api/v1/extra-sessions?from=2026-11-28&to=2026-11-28");
	cJSON *e = cJSON_GetArrayItem(cJSON_GetObjectItem(j, "extra_sessions"), 0);
	assert_string_equal(jstr(e, "hours"), "09:00-12:00");
	assert_string_equal(jstr(e, "opened_by"), "supervisor");
	assert_string_equal(jstr(e, "opened_by_name"), "何建华");
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(e, "windows")), 2);
	cJSON_Delete(j);
	/* Called off before it begins: asked first; "not now" sends nothing. */
	term_type(t, "x");
	client_expect(t, "结束这一场不打烊服务？");
	term_type(t, "2");
	assert_int_equal(term_wait_gone(t, "结束这一场不打烊服务？", WAIT), 0);
	j = sup_get("/api/v1/extra-sessions?from=2026-11-28&to=2026-11-28");
	e = cJSON_GetArrayItem(cJSON_GetObjectItem(j, "extra_sessions"), 0);
	assert_string_equal(jstr(e, "status"), "planned");
	cJSON_Delete(j);
	term_type(t, "x");
	client_expect(t, "结束这一场不打烊服务？");
	term_type(t, "1");
	client_expect(t, "的时段已结束。");
	client_expect(t, "已取消");
	j = sup_get("/api/v1/extra-sessions?from=2026-11-28&to=2026-11-28");
	e = cJSON_GetArrayItem(cJSON_GetObjectItem(j, "extra_sessions"), 0);
	assert_string_equal(jstr(e, "status"), "ended");
	cJSON_Delete(j);
	term_type(t, "x");
	client_expect(t, "该项已办结或已销号");            /* refused on the client: it has ended */

	/* Home visits: today's, and one booked for clerk2 at 15:00. */
	term_type(t, "h");
	assert_int_equal(term_wait_ready(t, "visits", WAIT), 0);
	client_expect(t, "2026年11月24日 上门服务：");
	term_type(t, "n");
	client_expect(t, "预约上门服务（人群：");
	term_type(t, "SOC-01");
	enter(t);
	term_type(t, "\x15");
	term_type(t, "2");
	enter(t);
	term_type(t, "钱玉芬");
	enter(t);
	term_type(t, "510823195203150027");
	enter(t);
	term_type(t, "08393221234");
	enter(t);
	term_type(t, "竹园镇北街7号");
	enter(t);
	term_type(t, "15:00");
	enter(t);
	term_type(t, "clerk2");
	enter(t);
	client_expect(t, "由 clerk2 上门。");
	client_expect(t, "竹园镇北街7号");                 /* its row, read again */
	row = term_find_row(t, "钱玉芬");
	line = term_row(t, row);
	assert_non_null(strstr(line, "15:00"));
	assert_non_null(strstr(line, "重度残疾"));
	assert_non_null(strstr(line, "clerk2"));
	assert_non_null(strstr(line, "竹园镇北街7号"));
	free(line);
	j = sup_get("/api/v1/home-visits?clerk=clerk2");
	e = cJSON_GetArrayItem(cJSON_GetObjectItem(j, "home_visits"), 0);
	assert_string_equal(jstr(e, "group"), "disabled");
	assert_string_equal(jstr(e, "at"), "2026-11-24T15:00:00+08:00");
	cJSON_Delete(j);
	/* clerk2 cannot go after all: clerk1 is sent.  The day's visits by
	 * time: 14:00 (test 1's), 15:00 (this one), 16:30 (taken, test 2's),
	 * which cannot be given to another. */
	key(t, VTERM_KEY_PAGEDOWN);
	term_type(t, "a");
	client_expect(t, "该项已办结或已销号");
	key(t, VTERM_KEY_UP);
	term_type(t, "a");
	client_expect(t, "改派上门人员");
	term_type(t, "\x15");
	term_type(t, "clerk1");
	enter(t);
	client_expect(t, "已改派 clerk1。");
	j = sup_get("/api/v1/home-visits?clerk=clerk2");
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(j, "home_visits")), 0);
	cJSON_Delete(j);
	/* The next day has none. */
	term_type(t, "]");
	client_expect(t, "2026年11月25日 上门服务：0");
	client_expect(t, "当天没有上门服务。");
	client_quit(t);
}

/* ---- 延时服务: the evening, past the hall's closing time (17:30) ---- */

static struct wd W2;
static char tmp2[320];

/* A hall of its own, at 17:40, for one test (the morning's W is left as
 * it is). */
static int setup_evening(void **state)
{
	(void)state;
	char args[600], data2[400];
	tmp_make(tmp2, sizeof tmp2);
	snprintf(data2, sizeof data2, "%s/data", tmp2);
	data_copy(getenv("WICKET_DATADIR"), data2);
	static const char tickets[] = "[{\"service\":\"MAR\",\"minutes_ago\":40},"
		"{\"service\":\"MAR\",\"minutes_ago\":30},{\"service\":\"MAR\",\"minutes_ago\":20},"
		"{\"service\":\"MAR\",\"minutes_ago\":10}]\n";
	file_write(data2, "demo/tickets.json", tickets, strlen(tickets));
	snprintf(args, sizeof args, "--time-shift %lld --data %s",
		 (long long)(wd_hall_epoch("2026-11-24T17:40:00") - (int64_t)time(NULL)), data2);
	wd_start(&W2, true, args);
	return 0;
}

static int teardown_evening(void **state)
{
	(void)state;
	wd_stop(&W2);
	tmp_remove(tmp2);
	return 0;
}

/* The clerk signs out at 17:40 with four applicants of the day still
 * waiting, and asks to close the window (下班): the hall holds it open
 * (extended_hours_hold, 1 by default), and the screen says why in
 * Chinese, with how many wait; the window is still open. */
static void test_window_held_open_while_anybody_waits(void **state)
{
	(void)state;
	/* Open already: the client signs in with nothing of its own in flight
	 * (a close asked while its open is unanswered waits in the journal). */
	char *clerk = wd_login(&W2, "clerk1", 1);
	cJSON_Delete(wd_call(&W2, "POST", "/api/v1/windows/1/open", clerk, NULL, 200));
	free(clerk);
	const char *const args[] = { "--user", "clerk1", "--window", "1", NULL };
	struct term *t = client_sign_in(W2.url, W2.dir, args, "zh_CN.UTF-8", NULL, 24, 80, "counter");
	client_expect(t, "排队（4 人）");
	client_expect(t, "窗口 1 · 服务中");
	key(t, VTERM_KEY_FUNCTION(10));
	assert_int_equal(term_wait_ready(t, "picker", WAIT), 0);
	client_expect(t, "下班：关闭窗口并退出");
	term_type(t, "1");
	client_expect(t, "延时服务：已过下班时间，仍有 4 人在等候本窗口，须全部办完才能关闭窗口。");
	/* Not signed out: the counter, the window open. */
	assert_int_equal(term_wait_ready(t, "counter", WAIT), 0);
	char *tok = wd_login(&W2, "supervisor", 0);
	cJSON *w = wd_call(&W2, "GET", "/api/v1/windows", tok, NULL, 200);
	free(tok);
	assert_string_equal(jstr(cJSON_GetArrayItem(cJSON_GetObjectItem(w, "windows"), 0), "status"), "open");
	cJSON_Delete(w);
	client_quit(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_phone_booking_checked_in_and_called),
		cmocka_unit_test(test_home_visit_case_taken),
		cmocka_unit_test(test_supervisor_sessions_and_visits),
		cmocka_unit_test_setup_teardown(test_window_held_open_while_anybody_waits, setup_evening,
						teardown_evening),
	};
	curl_global_init(CURL_GLOBAL_DEFAULT);
	int rc = cmocka_run_group_tests(tests, setup, teardown);
	curl_global_cleanup();
	return rc;
}
