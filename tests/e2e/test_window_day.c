/* The window's day at the counter, end to end: the real wicket on a
 * pseudo-terminal against a real wicketd on a temporary database.  Pausing
 * with the hall's preset reasons, closing the window (下班) or leaving it
 * open on the way out, the questions asked before what cannot be undone
 * (no-show, finishing with an immediate case open, quitting with an
 * applicant at the window), putting a no-show back in the queue, a
 * transfer to a closed window, and the hall's date on a PC in another time
 * zone.  No sleeps: the client's ready signal and the screen's text are
 * waited for, with timeouts only as failure bounds. */
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

/* wicket signed in as clerk1 at window 1 in lang, the window opened (the
 * status line says so in English, or in Chinese). */
static struct term *at_window(const char *lang)
{
	const char *const args[] = { "--user", "clerk1", "--window", "1", NULL };
	struct term *t = client_sign_in(W.url, W.dir, args, lang, NULL, 24, 80, "counter");
	bool zh = strncmp(lang, "zh", 2) == 0;
	client_expect(t, zh ? "窗口 1 · 服务中" : "Window 1 · open");
	client_expect(t, zh ? "在线 · 今日已服务" : "online · served today");
	return t;
}

static void key(struct term *t, VTermKey k)
{
	term_key(t, k, VTERM_MOD_NONE);
}

/* A question (a picker) is on the screen, showing text: answer digit d
 * (NULL: leave it open). */
static void asked(struct term *t, const char *text, const char *d)
{
	assert_int_equal(term_wait_ready(t, "picker", WAIT), 0);
	client_expect(t, text);
	if (d)
		term_type(t, d);
}

/* Window no as the API shows it (the caller deletes it). */
static cJSON *window_json(int no)
{
	struct resp r;
	char *tok = wd_login(&W, "supervisor", 0);
	assert_int_equal(http(&W, "GET", "/api/v1/windows", tok, NULL, NULL, &r), 200);
	free(tok);
	cJSON *found = NULL;
	const cJSON *w;
	cJSON_ArrayForEach(w, cJSON_GetObjectItem(r.json, "windows"))
		if ((int)jnum(w, "no") == no)
			found = cJSON_Duplicate(w, true);
	resp_free(&r);
	assert_non_null(found);
	return found;
}

/* Ticket id as the API shows it (the caller deletes it). */
static cJSON *ticket_json(int64_t id)
{
	struct resp r;
	char path[64];
	snprintf(path, sizeof path, "/api/v1/tickets/%lld", (long long)id);
	char *tok = wd_login(&W, "supervisor", 0);
	assert_int_equal(http(&W, "GET", path, tok, NULL, NULL, &r), 200);
	free(tok);
	cJSON *t = cJSON_Duplicate(r.json, true);
	resp_free(&r);
	return t;
}

/* The ticket at window 1 now (its id; number into out). */
static int64_t current_at_window1(char *number, size_t len)
{
	cJSON *w = window_json(1);
	const cJSON *cur = cJSON_GetObjectItem(w, "current");
	assert_true(cJSON_IsObject(cur));
	int64_t id = (int64_t)jnum(cur, "id");
	if (number)
		snprintf(number, len, "%s", jstr(cur, "number"));
	cJSON_Delete(w);
	return id;
}

static bool window1_has_current(void)
{
	cJSON *w = window_json(1);
	bool has = cJSON_IsObject(cJSON_GetObjectItem(w, "current"));
	cJSON_Delete(w);
	return has;
}

/* F7 offers the hall's preset reasons: the second is sent as it is; the
 * last, "another reason", asks for words. */
static void test_pause_with_preset_reason(void **state)
{
	(void)state;
	struct term *t = at_window("en_US.UTF-8");
	key(t, VTERM_KEY_FUNCTION(7));
	asked(t, "午休", NULL);
	client_expect(t, "业务学习");
	client_expect(t, "Another reason");
	term_type(t, "2");
	client_expect(t, "paused: 临时离岗");
	cJSON *w = window_json(1);
	assert_string_equal(jstr(w, "status"), "paused");
	assert_string_equal(jstr(w, "pause_reason"), "临时离岗");
	cJSON_Delete(w);

	key(t, VTERM_KEY_FUNCTION(7));                   /* resume */
	client_expect(t, "Window 1 · open");
	key(t, VTERM_KEY_FUNCTION(7));
	asked(t, "Another reason", "5");                 /* after the hall's four */
	assert_int_equal(term_wait_ready(t, "dialog", WAIT), 0);
	term_type(t, "系统维护");
	key(t, VTERM_KEY_ENTER);
	client_expect(t, "paused: 系统维护");
	w = window_json(1);
	assert_string_equal(jstr(w, "pause_reason"), "系统维护");
	cJSON_Delete(w);
	client_quit(t);
}

/* Read in Chinese as a clerk reads it: a called applicant is started
 * (F5) before the matter is chosen, and a refusal names the key; the
 * transfer list names each window once; a paused window says how to
 * resume, F2 there names the key that opens it, and the message line says
 * what the window is now, not what it was. */
static void test_window_says_its_keys(void **state)
{
	(void)state;
	struct term *t = at_window("zh_CN.UTF-8");
	key(t, VTERM_KEY_FUNCTION(2));
	client_expect(t, "已叫号");
	client_expect(t, "按 F5 开始办理，再按 Enter 选择办理事项。");
	key(t, VTERM_KEY_ENTER);
	client_expect(t, "请先按 F5 开始办理。");
	key(t, VTERM_KEY_FUNCTION(6));
	asked(t, "2号窗口（已关闭，需确认）", NULL);
	assert_false(term_contains(t, "窗口 2 2号窗口"));
	key(t, VTERM_KEY_ESCAPE);
	assert_int_equal(term_wait_ready(t, "counter", WAIT), 0);
	key(t, VTERM_KEY_FUNCTION(5));
	client_expect(t, "正在办理");
	key(t, VTERM_KEY_FUNCTION(9));
	client_expect(t, "已办理完毕");
	key(t, VTERM_KEY_FUNCTION(7));
	asked(t, "午休", "1");
	client_expect(t, "窗口已暂停：午休。");
	client_expect(t, "窗口暂停服务中。按 F7 恢复服务。");
	assert_false(term_contains(t, "按 F2 呼叫下一位"));
	key(t, VTERM_KEY_FUNCTION(2));
	client_expect(t, "窗口未开放：请按 F7 开放窗口。");
	key(t, VTERM_KEY_FUNCTION(7));
	client_expect(t, "窗口已恢复服务");
	assert_false(term_contains(t, "窗口未开放"));
	client_expect(t, "按 F2 呼叫下一位");
	client_quit(t);
}

/* F10 at an open window asks: 下班 closes it before signing out. */
static void test_quit_closes_the_window(void **state)
{
	(void)state;
	struct term *t = at_window("zh_CN.UTF-8");
	key(t, VTERM_KEY_FUNCTION(10));
	asked(t, "下班", NULL);
	client_expect(t, "保持开放");
	key(t, VTERM_KEY_ESCAPE);                        /* cancel: still signed in */
	assert_int_equal(term_wait_ready(t, "counter", WAIT), 0);
	cJSON *w = window_json(1);
	assert_string_equal(jstr(w, "status"), "open");
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(w, "attended")));
	cJSON_Delete(w);

	key(t, VTERM_KEY_FUNCTION(10));
	asked(t, "下班", "1");
	assert_int_equal(term_wait_exit(t, WAIT), 0);
	term_close(t);
	w = window_json(1);
	assert_string_equal(jstr(w, "status"), "closed");
	cJSON_Delete(w);
}

/* F10's other answer leaves the window open for another clerk: the board
 * shows it open and nobody there (空岗), as the API says. */
static void test_left_open_shows_vacant(void **state)
{
	(void)state;
	struct term *t = at_window("zh_CN.UTF-8");
	key(t, VTERM_KEY_FUNCTION(10));
	asked(t, "保持开放", "2");
	assert_int_equal(term_wait_exit(t, WAIT), 0);
	term_close(t);
	cJSON *w = window_json(1);
	assert_string_equal(jstr(w, "status"), "open");
	assert_true(cJSON_IsFalse(cJSON_GetObjectItem(w, "attended")));
	cJSON_Delete(w);

	const char *const args[] = { "--user", "supervisor", NULL };
	struct term *s = client_sign_in(W.url, W.dir, args, "zh_CN.UTF-8", NULL, 24, 80, "board");
	client_expect(s, "空岗");
	int row = term_find_row(s, "空岗");
	char *line = term_row(s, row);
	assert_non_null(strstr(line, " 1 "));            /* window 1's row */
	free(line);
	client_quit(s);
}

/* Quitting with an applicant at the window asks first; Enter stays. */
static void test_quit_with_applicant_asks(void **state)
{
	(void)state;
	struct term *t = at_window("en_US.UTF-8");
	key(t, VTERM_KEY_FUNCTION(2));
	client_expect(t, "Called ");
	char number[16];
	current_at_window1(number, sizeof number);
	key(t, VTERM_KEY_FUNCTION(10));
	asked(t, "An applicant is at the window", NULL);
	char stay[48];
	snprintf(stay, sizeof stay, "Stay with %s", number);
	client_expect(t, stay);
	key(t, VTERM_KEY_ENTER);                         /* the default: stay */
	assert_int_equal(term_wait_ready(t, "counter", WAIT), 0);
	assert_true(window1_has_current());
	key(t, VTERM_KEY_FUNCTION(10));
	asked(t, "Quit anyway", "2");
	assert_int_equal(term_wait_exit(t, WAIT), 0);
	term_close(t);
	assert_true(window1_has_current());              /* left at the open window */
}

/* No-show asks; the no-show comes back (b) and is in the queue again, once:
 * the second time the hall's limit is said in Chinese. */
static void test_no_show_asks_and_requeue(void **state)
{
	(void)state;
	struct term *t = at_window("zh_CN.UTF-8");
	key(t, VTERM_KEY_FUNCTION(2));
	client_expect(t, "已叫号");
	char number[16];
	int64_t id = current_at_window1(number, sizeof number);
	key(t, VTERM_KEY_FUNCTION(4));
	asked(t, "未到", NULL);
	key(t, VTERM_KEY_ESCAPE);                        /* not marked */
	assert_int_equal(term_wait_ready(t, "counter", WAIT), 0);
	cJSON *k = ticket_json(id);
	assert_string_equal(jstr(k, "status"), "called");
	cJSON_Delete(k);
	key(t, VTERM_KEY_FUNCTION(4));
	asked(t, number, "1");
	char gone[64];
	snprintf(gone, sizeof gone, "%s 号已过号。", number);   /* (F4过号 is in the key bar all along) */
	client_expect(t, gone);
	k = ticket_json(id);
	assert_string_equal(jstr(k, "status"), "no_show");
	cJSON_Delete(k);

	/* The applicant turns up: back in the queue. */
	term_type(t, "b");
	asked(t, number, "1");
	char back[64];
	snprintf(back, sizeof back, "%s 号已重新排队", number);
	client_expect(t, back);
	k = ticket_json(id);
	assert_string_equal(jstr(k, "status"), "waiting");
	assert_int_equal((int)jnum(k, "requeues"), 1);
	cJSON_Delete(k);

	/* Called out of order, missed again: the hall allows one requeue. */
	struct resp r;
	char body[64];
	snprintf(body, sizeof body, "{\"ticket\": %lld}", (long long)id);
	char *tok = wd_login(&W, "clerk1", 1);
	assert_int_equal(http(&W, "POST", "/api/v1/windows/1/call", tok, body, NULL, &r), 200);
	resp_free(&r);
	free(tok);
	client_expect(t, "· 已叫号");                    /* at the window again */
	key(t, VTERM_KEY_FUNCTION(4));
	asked(t, number, "1");
	client_expect(t, gone);
	term_type(t, "b");
	asked(t, number, "1");
	client_expect(t, "该号票过号重排次数已达大厅规定上限");
	client_quit(t);
}

/* How many cases of window 1 are in status. */
static int window1_cases(const char *status)
{
	struct resp r;
	char path[96];
	snprintf(path, sizeof path, "/api/v1/cases?window=1&status=%s", status);
	char *tok = wd_login(&W, "supervisor", 0);
	assert_int_equal(http(&W, "GET", path, tok, NULL, NULL, &r), 200);
	free(tok);
	int n = cJSON_GetArraySize(cJSON_GetObjectItem(r.json, "cases"));
	resp_free(&r);
	return n;
}

/* F9 with the visit's immediate case still open asks: cancel keeps
 * serving; completing it finishes the visit after. */
static void test_finish_with_open_case_asks(void **state)
{
	(void)state;
	struct term *t = at_window("en_US.UTF-8");
	client_serve_to_accepted_case(t);
	int64_t ticket = current_at_window1(NULL, 0);
	key(t, VTERM_KEY_FUNCTION(9));
	asked(t, "The case of this visit is still open", NULL);
	client_expect(t, "Keep it open for the back office");
	key(t, VTERM_KEY_ESCAPE);
	assert_int_equal(term_wait_ready(t, "case", WAIT), 0);
	cJSON *k = ticket_json(ticket);
	assert_string_equal(jstr(k, "status"), "serving");
	cJSON_Delete(k);
	assert_int_equal(window1_cases("accepted"), 1);

	key(t, VTERM_KEY_FUNCTION(9));
	asked(t, "Complete case", "1");
	client_expect(t, "Finished ");
	assert_int_equal(term_wait_ready(t, "counter", WAIT), 0);
	assert_int_equal(window1_cases("completed"), 1);
	assert_int_equal(window1_cases("accepted"), 0);
	k = ticket_json(ticket);
	assert_string_equal(jstr(k, "status"), "done");
	cJSON_Delete(k);
	client_quit(t);
}

/* A transfer to a closed window: the picker marks it, asks, asks a
 * reason, and says where the applicant went; the server has the reason. */
static void test_transfer_to_closed_window(void **state)
{
	(void)state;
	struct term *t = at_window("zh_CN.UTF-8");
	key(t, VTERM_KEY_FUNCTION(2));
	client_expect(t, "已叫号");
	char number[16];
	int64_t id = current_at_window1(number, sizeof number);
	key(t, VTERM_KEY_FUNCTION(6));
	asked(t, "3号窗口", NULL);
	int row = term_find_row(t, "3号窗口");
	char *line = term_row(t, row);
	assert_non_null(strstr(line, "已关闭"));
	free(line);
	term_type(t, "2");                               /* window 3: after window 2 */
	asked(t, "窗口已关闭", "1");
	assert_int_equal(term_wait_ready(t, "dialog", WAIT), 0);
	term_type(t, "需三号窗口复核");
	key(t, VTERM_KEY_ENTER);
	char sent[64];
	snprintf(sent, sizeof sent, "%s 号已转至3号窗口", number);
	client_expect(t, sent);
	cJSON *old = ticket_json(id);
	assert_string_equal(jstr(old, "status"), "transferred");
	cJSON *next = ticket_json((int64_t)jnum(old, "transferred_to"));
	assert_string_equal(jstr(next, "transfer_reason"), "需三号窗口复核");
	assert_int_equal((int)jnum(next, "target_window"), 3);
	cJSON_Delete(old);
	cJSON_Delete(next);
	client_quit(t);
}

/* The message about the applicant at the window goes when the ticket
 * leaves it otherwise (here another session of the clerk's marks it a
 * no-show), and what became of it is said. */
static void test_message_goes_with_the_ticket(void **state)
{
	(void)state;
	struct term *t = at_window("en_US.UTF-8");
	key(t, VTERM_KEY_FUNCTION(2));
	client_expect(t, "Called ");
	char number[16], called[32], gone[96], path[64];
	int64_t id = current_at_window1(number, sizeof number);
	snprintf(called, sizeof called, "Called %s.", number);
	client_expect(t, called);
	struct resp r;
	char *tok = wd_login(&W, "clerk1", 1);
	snprintf(path, sizeof path, "/api/v1/tickets/%lld/no-show", (long long)id);
	assert_int_equal(http(&W, "POST", path, tok, NULL, NULL, &r), 200);
	resp_free(&r);
	free(tok);
	snprintf(gone, sizeof gone, "%s is no longer at the window: no-show.", number);
	client_expect(t, gone);
	assert_false(term_contains(t, called));
	client_quit(t);
}

/* The hall's day ends with an applicant called: at the first request of
 * the next day the ticket expires; the counter says so, and its date is
 * the new day's (the server's clock, read again when it comes back). */
static void test_day_rolls_over(void **state)
{
	(void)state;
	/* The clerk's session outlives the night (12 hours by default). */
	wd_stop(&W);
	wd_start(&W, true, "--token-hours 48");
	struct term *t = at_window("en_US.UTF-8");
	key(t, VTERM_KEY_FUNCTION(2));
	client_expect(t, "Called ");
	char number[16], expired[96], listen[64], day[32];
	current_at_window1(number, sizeof number);
	struct resp r;
	assert_int_equal(http(&W, "GET", "/api/v1/health", NULL, NULL, NULL, &r), 200);
	struct tm tm = { 0 };
	assert_int_equal(sscanf(jstr(r.json, "today"), "%d-%d-%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday), 3);
	resp_free(&r);
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	tm.tm_mday += 1;                                 /* tomorrow, normalised */
	tm.tm_hour = 12;
	time_t next = timegm(&tm);
	gmtime_r(&next, &tm);
	snprintf(day, sizeof day, "%02d-%02d", tm.tm_mon + 1, tm.tm_mday);

	snprintf(listen, sizeof listen, "--listen 127.0.0.1:%s --token-hours 48 --time-shift 86400",
		 strrchr(W.url, ':') + 1);
	wd_kill(&W);
	client_expect(t, "offline");
	wd_restart(&W, listen);
	snprintf(expired, sizeof expired, "%s expired: the hall's day ended", number);
	client_expect(t, expired);
	client_expect(t, day);
	assert_int_equal(term_find_row(t, day), 0);      /* the status line's date */
	client_quit(t);
}

/* The hall's date and time on a PC in another time zone: the hall is at
 * UTC+14 and the PC at UTC-11, so their dates always differ. */
static void test_hall_date_in_another_zone(void **state)
{
	(void)state;
	wd_stop(&W);
	wd_start(&W, true, "--timezone Pacific/Kiritimati");
	struct resp r;
	char *tok = wd_login(&W, "supervisor", 0);
	assert_int_equal(http(&W, "GET", "/api/v1/hall", tok, NULL, NULL, &r), 200);
	free(tok);
	const char *today = jstr(r.json, "today");        /* YYYY-MM-DD */
	const char *now = jstr(r.json, "now");            /* YYYY-MM-DDTHH:MM:SS+14:00 */
	char day[8], hour[16];
	snprintf(day, sizeof day, "%.5s", today + 5);
	snprintf(hour, sizeof hour, "%s %.3s", day, now + 11);
	resp_free(&r);

	const char *const args[] = { "--user", "clerk1", "--window", "1", NULL };
	struct term *t = client_sign_in(W.url, W.dir, args, "en_US.UTF-8", "TZ=Pacific/Pago_Pago", 24, 80,
					"counter");
	client_expect(t, "online · served today");
	client_expect(t, day);
	/* The hour too, unless it turned meanwhile. */
	if (!term_contains(t, hour))
		fprintf(stderr, "the hour turned while signing in: %s not shown\n", hour);
	int row = term_find_row(t, day);
	assert_int_equal(row, 0);                        /* on the status line */
	client_quit(t);
}

int main(void)
{
	curl_global_init(CURL_GLOBAL_DEFAULT);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_pause_with_preset_reason, setup, teardown),
		cmocka_unit_test_setup_teardown(test_quit_closes_the_window, setup, teardown),
		cmocka_unit_test_setup_teardown(test_left_open_shows_vacant, setup, teardown),
		cmocka_unit_test_setup_teardown(test_quit_with_applicant_asks, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_show_asks_and_requeue, setup, teardown),
		cmocka_unit_test_setup_teardown(test_finish_with_open_case_asks, setup, teardown),
		cmocka_unit_test_setup_teardown(test_transfer_to_closed_window, setup, teardown),
		cmocka_unit_test_setup_teardown(test_window_says_its_keys, setup, teardown),
		cmocka_unit_test_setup_teardown(test_message_goes_with_the_ticket, setup, teardown),
		cmocka_unit_test_setup_teardown(test_day_rolls_over, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hall_date_in_another_zone, setup, teardown),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	curl_global_cleanup();
	return rc;
}
