/* AB岗 at the counter (issue #18): the real wicket on a pseudo-terminal
 * against a real wicketd with the demo hall, whose window 1 is clerk1's
 * post (A, 张雅婷) with clerk2 (B, 李志强) to cover it.
 *
 * clerk1 accepts a promised case at window 1, records his leave with a
 * handover note at his counter (l) and signs out.  The supervisor's board (Chinese, 80x24)
 * flags window 1 无人在岗.  clerk2 signs in at window 1 (Chinese, 80x24):
 * the message line and the counter give him the handover note, the status
 * line says whom he covers; the board shows "1号 李志强 代 张雅婷".  He
 * opens A's open case from F8 and completes it: the case's step is his.
 * The supervisor's report has his cover time.  He signs out: the board
 * flags the post again.  No sleeps: the client's
 * ready signal and the screen's text are waited for. */
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
#define ID_A "510823199001011238"
#define NOTE "社保转移件待补户口本复印件"

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

static void key(struct term *t, VTermKey k)
{
	term_key(t, k, VTERM_MOD_NONE);
}

static void run(const char *method, const char *path, const char *token, const char *body, long want)
{
	cJSON_Delete(wd_call(&W, method, path, token, body, want));
}

/* clerk1 at window 1 accepts a SOC-01 case (promised), closes the window,
 * records his leave for today with the note, signs out.  The case's
 * number into number. */
static int64_t a_takes_case_and_leaves(char number[32])
{
	char *a = wd_login(&W, "clerk1", 1), body[512];
	run("POST", "/api/v1/windows/1/open", a, NULL, 200);
	cJSON *t = wd_call(&W, "POST", "/api/v1/tickets", a, "{\"service\":\"SOC\"}", 201);
	long long tk = (long long)jnum(t, "id");
	cJSON_Delete(t);
	snprintf(body, sizeof body, "{\"ticket\":%lld}", tk);
	run("POST", "/api/v1/windows/1/call", a, body, 200);
	snprintf(body, sizeof body, "/api/v1/tickets/%lld/start", tk);
	run("POST", body, a, NULL, 200);
	snprintf(body, sizeof body, "{\"ticket\":%lld,\"matter\":\"SOC-01\",\"applicant\":{\"name\":\"张三\","
		 "\"id_number\":\"" ID_A "\",\"phone\":\"13812345678\"},\"received\":[1,2,3,4]}", tk);
	cJSON *c = wd_call(&W, "POST", "/api/v1/cases", a, body, 201);
	assert_string_equal(jstr(c, "status"), "accepted");
	int64_t id = (int64_t)jnum(c, "id");
	snprintf(number, 32, "%s", jstr(c, "number"));
	cJSON_Delete(c);
	snprintf(body, sizeof body, "/api/v1/tickets/%lld/finish", tk);
	run("POST", body, a, NULL, 200);
	cJSON *h = wd_call(&W, "GET", "/api/v1/hall", a, NULL, 200);
	char today[32];
	snprintf(today, sizeof today, "· %.5s ", jstr(h, "today") + 5);    /* "· 12-08 " */
	cJSON_Delete(h);
	run("POST", "/api/v1/logout", a, NULL, 200);
	free(a);

	/* At his counter (Chinese, 80x24): l, his leave for today (the form's
	 * defaults: 1 请假, today to today) with the note, and he signs out. */
	const char *const args[] = { "--user", "clerk1", "--window", "1", NULL };
	struct term *ct = client_sign_in(W.url, W.dir, args, "zh_CN.UTF-8", NULL, 24, 80, "counter");
	client_expect(ct, "在线 · 今日已服务");
	client_expect(ct, today);          /* the hall's date known: the form's default */
	term_type(ct, "l");
	assert_int_equal(term_wait_ready(ct, "dialog", WAIT), 0);
	client_expect(ct, "登记本人离岗：1 请假，2 会议，3 培训，4 其他");
	client_expect(ct, "开始：日期 [时:分]");
	for (int i = 0; i < 3; i++)
		key(ct, VTERM_KEY_TAB);
	term_type(ct, NOTE);
	key(ct, VTERM_KEY_ENTER);
	client_expect(ct, "离岗已登记");
	client_quit(ct);
	cJSON *list = wd_call_as(&W, "GET", "supervisor", 0, NULL, 200, "/api/v1/absences?user=clerk1");
	const cJSON *ab = cJSON_GetArrayItem(cJSON_GetObjectItem(list, "absences"), 0);
	assert_string_equal(jstr(ab, "reason"), "leave");
	assert_string_equal(jstr(ab, "by"), "clerk1");
	assert_string_equal(jstr(ab, "note"), NOTE);
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(ab, "current")));
	cJSON_Delete(list);
	return id;
}

/* The row of the screen that shows text: no cell of it cut ("…"). */
static void assert_row_whole(struct term *t, const char *text)
{
	int row = term_find_row(t, text);
	assert_true(row >= 0);
	char *line = term_row(t, row);
	if (strstr(line, "…"))
		fail_msg("a row is cut: %s", line);
	free(line);
}

static void test_b_covers_a(void **state)
{
	(void)state;
	char number[32];
	int64_t id = a_takes_case_and_leaves(number);

	/* The supervisor's board: A away, nobody in. */
	const char *const sup_args[] = { "--user", "supervisor", NULL };
	struct term *sup = client_sign_in(W.url, W.dir, sup_args, "zh_CN.UTF-8", NULL, 24, 80, "board");
	client_expect(sup, "E 残联及户政服务区");
	client_expect(sup, "无人在岗");
	char *flagged = term_row(sup, term_find_row(sup, "无人在岗"));
	assert_non_null(strstr(flagged, "  1 "));         /* window 1's row */
	free(flagged);

	/* B signs in at A's window: covering, with the note. */
	const char *const args[] = { "--user", "clerk2", "--window", "1", NULL };
	struct term *t = client_sign_in(W.url, W.dir, args, "zh_CN.UTF-8", NULL, 24, 80, "counter");
	client_expect(t, "在线 · 今日已服务");
	client_expect(t, "窗口 1 · 服务中 · 李志强 代 张雅婷");
	/* the message line */
	client_expect(t, "顶岗：代 张雅婷（请假）。交接：" NOTE);
	assert_int_equal(term_find_row(t, "顶岗：代 张雅婷（请假）。交接：" NOTE), 22);
	client_expect(t, "顶岗：代 张雅婷（请假，至");
	assert_row_whole(t, "窗口 1 · 服务中 · 李志强 代 张雅婷");
	/* The counter keeps the note in sight: its own row under 交接. */
	int row = term_find_row(t, "─ 交接 ─");
	assert_true(row > 0 && row < 20);
	char *line = term_row(t, row + 2);
	assert_non_null(strstr(line, NOTE));
	free(line);

	/* The board follows: 1号 李志强 代 张雅婷, the flag gone. */
	client_expect(sup, "1号 李志强 代 张雅婷");
	assert_int_equal(term_wait_gone(sup, "无人在岗", WAIT), 0);
	assert_row_whole(sup, "1号 李志强 代 张雅婷");
	/* Window 1's row names who is there: B, not A on leave. */
	line = term_row(sup, term_find_row(sup, "  1 "));
	assert_non_null(strstr(line, "李志强"));
	assert_null(strstr(line, "张雅婷"));
	free(line);

	/* A's open case, from F8: B completes it. */
	key(t, VTERM_KEY_FUNCTION(8));
	assert_int_equal(term_wait_ready(t, "cases", WAIT), 0);
	client_expect(t, number);
	key(t, VTERM_KEY_ENTER);
	assert_int_equal(term_wait_ready(t, "case", WAIT), 0);
	term_type(t, "d");
	assert_int_equal(term_wait_ready(t, "dialog", WAIT), 0);
	term_type(t, "已转移");
	key(t, VTERM_KEY_ENTER);
	client_expect(t, "办结 · 用时");
	cJSON *c = wd_call_as(&W, "GET", "supervisor", 0, NULL, 200, "/api/v1/cases/%lld", (long long)id);
	assert_string_equal(jstr(c, "status"), "completed");
	const cJSON *steps = cJSON_GetObjectItem(c, "steps");
	const cJSON *last = cJSON_GetArrayItem(steps, cJSON_GetArraySize(steps) - 1);
	assert_string_equal(jstr(last, "action"), "completed");
	assert_string_equal(jstr(cJSON_GetObjectItem(last, "by"), "name"), "李志强");
	assert_int_equal((int)jnum(last, "window"), 1);
	cJSON_Delete(c);
	key(t, VTERM_KEY_ESCAPE);
	assert_int_equal(term_wait_ready(t, "cases", WAIT), 0);
	key(t, VTERM_KEY_ESCAPE);
	assert_int_equal(term_wait_ready(t, "counter", WAIT), 0);

	/* The supervisor's report: the cover time per post. */
	key(sup, VTERM_KEY_FUNCTION(8));
	assert_int_equal(term_wait_ready(sup, "report", WAIT), 0);
	client_expect(sup, "顶岗：1号 李志强 代 张雅婷 ");
	assert_row_whole(sup, "顶岗：1号 李志强 代 张雅婷 ");
	key(sup, VTERM_KEY_FUNCTION(2));
	assert_int_equal(term_wait_ready(sup, "board", WAIT), 0);

	/* B signs out: nobody at the post again. */
	client_quit(t);
	client_expect(sup, "无人在岗");
	assert_int_equal(term_wait_gone(sup, "李志强 代 张雅婷", WAIT), 0);
	client_quit(sup);
}

/* A clerk who phoned in sick: the supervisor records the absence from the
 * board (b, the selected window's clerk or a user name typed) with the
 * note for the B, who may then sign in covering the post. */
static void test_supervisor_records_absence(void **state)
{
	(void)state;
	const char *const sup_args[] = { "--user", "supervisor", NULL };
	struct term *sup = client_sign_in(W.url, W.dir, sup_args, "zh_CN.UTF-8", NULL, 24, 80, "board");
	client_expect(sup, "E 残联及户政服务区");
	term_type(sup, "b");
	assert_int_equal(term_wait_ready(sup, "dialog", WAIT), 0);
	client_expect(sup, "登记窗口人员离岗：1 请假，2 会议，3 培训，4 其他");
	client_expect(sup, "离岗人员（用户名）");
	term_type(sup, "\x15");                        /* ^U: the field emptied */
	term_type(sup, "clerk1");
	for (int i = 0; i < 4; i++)
		key(sup, VTERM_KEY_TAB);
	term_type(sup, "病假，" NOTE);
	key(sup, VTERM_KEY_ENTER);
	client_expect(sup, "离岗已登记：届时该窗口的B岗人员可以顶岗。");
	client_quit(sup);
	cJSON *list = wd_call_as(&W, "GET", "supervisor", 0, NULL, 200, "/api/v1/absences?user=clerk1");
	const cJSON *ab = cJSON_GetArrayItem(cJSON_GetObjectItem(list, "absences"), 0);
	assert_non_null(ab);
	assert_string_equal(jstr(ab, "by"), "supervisor");
	assert_string_equal(jstr(ab, "note"), "病假，" NOTE);
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(ab, "current")));
	cJSON_Delete(list);
	/* The B signs in covering, and is given the note. */
	const char *const b_args[] = { "--user", "clerk2", "--window", "1", NULL };
	struct term *b = client_sign_in(W.url, W.dir, b_args, "zh_CN.UTF-8", NULL, 24, 80, "counter");
	client_expect(b, "李志强 代 张雅婷");
	client_expect(b, "交接：病假，" NOTE);
	client_quit(b);
	/* Better by the afternoon: A's sign-in at his post ends the absence. */
	const char *const a_args[] = { "--user", "clerk1", "--window", "1", NULL };
	struct term *a = client_sign_in(W.url, W.dir, a_args, "zh_CN.UTF-8", NULL, 24, 80, "counter");
	client_expect(a, "欢迎回岗：您的离岗登记即时结束，本岗位由您接回。");
	client_quit(a);
	list = wd_call_as(&W, "GET", "supervisor", 0, NULL, 200, "/api/v1/absences?user=clerk1");
	ab = cJSON_GetArrayItem(cJSON_GetObjectItem(list, "absences"), 0);
	assert_false(cJSON_IsTrue(cJSON_GetObjectItem(ab, "current")));
	cJSON_Delete(list);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_b_covers_a, setup, teardown),
		cmocka_unit_test_setup_teardown(test_supervisor_records_absence, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
