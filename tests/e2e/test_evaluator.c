/* The applicant's side of the window (issue #16, parts 1 and 3): three
 * real wicket programs on pseudo-terminals against one real wicketd.
 *
 * The evaluator (评价器) of window 1, in Chinese at 80x24, shows the window,
 * the clerk and 工号 and "正在为您办理" while the clerk of window 1 serves
 * an applicant to a case; the clerk finishes (F9) and the evaluator asks
 * the five levels; the applicant presses 2 (不满意), the reason 办事效率 and
 * a comment, and is thanked; the clerk's screen says the rating was asked
 * and then the result; the supervisor's follow-up calls list the 差评, and
 * the supervisor's report screen exports it (g) with the channel evaluator,
 * as GET /ratings does; the clerk cannot rate that service on paper.  No
 * sleeps: ready signals and the screens' text are waited for. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <dirent.h>
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

static struct wd W;
static char data_dir[320];      /* the demo hall without a morning queue */

static int setup(void **state)
{
	(void)state;
	tmp_make(data_dir, sizeof data_dir);
	data_copy(getenv("WICKET_DATADIR"), data_dir);
	file_write(data_dir, "demo/tickets.json", "[]\n", 3);
	char args[400];
	snprintf(args, sizeof args, "--data %s", data_dir);
	wd_start(&W, true, args);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	wd_stop(&W);
	tmp_remove(data_dir);
	return 0;
}

static void press(struct term *t, const char *text)
{
	term_type(t, text);
}

/* A terminal of its own (its home, journal and reports) for each program. */
static struct term *start(const char *sub, const char *const args[], const char *lang, const char *view)
{
	char dir[400];
	snprintf(dir, sizeof dir, "%s/%s", W.dir, sub);
	char cmd[500];
	snprintf(cmd, sizeof cmd, "mkdir -p '%s'", dir);
	assert_int_equal(system(cmd), 0);
	return client_sign_in(W.url, dir, args, lang, NULL, 24, 80, view);
}

/* The first file in dir whose name ends in suffix, read whole (malloc'd). */
static char *file_ending(const char *dir, const char *suffix)
{
	DIR *d = opendir(dir);
	assert_non_null(d);
	struct dirent *e;
	char *text = NULL;
	while (!text && (e = readdir(d))) {
		size_t n = strlen(e->d_name), k = strlen(suffix);
		if (n > k && strcmp(e->d_name + n - k, suffix) == 0) {
			char path[700];
			snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
			text = slurp(path);
		}
	}
	closedir(d);
	return text;
}

static void test_rating_on_the_evaluator(void **state)
{
	(void)state;
	static const char *const ev_args[] = { "--user", "eval1", "--evaluator", NULL };
	struct term *ev = start("evaluator", ev_args, "zh_CN.UTF-8", "evaluator");
	client_expect(ev, "1号窗口");
	client_expect(ev, "本 窗 口 暂 停 服 务");

	static const char *const clerk_args[] = { "--user", "clerk1", "--window", "1", NULL };
	struct term *clerk = start("clerk", clerk_args, "en_US.UTF-8", "counter");
	/* The clerk at the window: the evaluator names them, with 工号. */
	client_expect(ev, "工作人员：张雅婷");
	client_expect(ev, "工号：clerk1");
	/* Its title is the applicant's: no counter state it does not read. */
	assert_false(term_contains(ev, "今日已服务"));
	assert_false(term_contains(ev, "…"));
	char *kiosk = wd_login(&W, "kiosk", 0);
	cJSON_Delete(wd_call(&W, "POST", "/api/v1/tickets", kiosk, "{\"service\":\"MAR\"}", 201));
	free(kiosk);
	client_serve_to_accepted_case(clerk);
	client_expect(ev, "正 在 为 您 办 理");
	press(clerk, "d");
	assert_int_equal(term_wait_ready(clerk, "dialog", WAIT), 0);
	press(clerk, "准予补领");
	term_key(clerk, VTERM_KEY_ENTER, VTERM_MOD_NONE);
	client_expect(clerk, "Result: 准予补领");

	/* The clerk finishes: the evaluator asks, the clerk sees it asked. */
	term_key(clerk, VTERM_KEY_FUNCTION(9), VTERM_MOD_NONE);
	client_expect(ev, "请您对本次服务作出评价");
	client_expect(ev, "非 常 不 满 意");
	/* The lasting line at the window (the message line may already say
	 * the finish's answer, whichever came first). */
	client_expect(clerk, "the applicant is asked to rate the");

	/* 2: 不满意, a 差评: the reason, then a comment. */
	press(ev, "2");
	assert_int_equal(term_wait_ready(ev, "picker", WAIT), 0);
	client_expect(ev, "不满意的原因");
	client_expect(ev, "办事效率");
	press(ev, "2");
	assert_int_equal(term_wait_ready(ev, "dialog", WAIT), 0);
	press(ev, "等了很久");
	term_key(ev, VTERM_KEY_ENTER, VTERM_MOD_NONE);
	client_expect(ev, "感 谢 您 的 评 价 ！");
	client_expect(clerk, "rated on the evaluator: dissatisfied (Efficiency)");
	/* Thanks, then the window again. */
	assert_int_equal(term_wait_gone(ev, "感 谢 您 的 评 价 ！", WAIT), 0);
	client_expect(ev, "工作人员：张雅婷");

	/* The case has the rating; the clerk cannot rate its service again. */
	char *sup = wd_login(&W, "supervisor", 0), *clerk_token = wd_login(&W, "clerk1", 1);
	cJSON *list = wd_call(&W, "GET", "/api/v1/cases?status=completed", sup, NULL, 200);
	const cJSON *k = cJSON_GetArrayItem(cJSON_GetObjectItem(list, "cases"), 0);
	assert_non_null(k);
	assert_int_equal((int)jnum(k, "rating"), 2);
	char number[32], path[96];
	snprintf(number, sizeof number, "%s", jstr(k, "number"));
	snprintf(path, sizeof path, "/api/v1/cases/%lld/rating", (long long)jnum(k, "id"));
	cJSON_Delete(list);
	wd_call_err(&W, "POST", path, clerk_token, "{\"level\":5}", 409, "already_rated", NULL);
	free(clerk_token);

	/* The supervisor: the 差评 is a follow-up call to make; the report's
	 * g saves the export, the record with the channel evaluator. */
	static const char *const sup_args[] = { "--user", "supervisor", NULL };
	struct term *st = start("supervisor", sup_args, "en_US.UTF-8", "board");
	term_key(st, VTERM_KEY_FUNCTION(6), VTERM_MOD_NONE);
	assert_int_equal(term_wait_ready(st, "callbacks", WAIT), 0);
	client_expect(st, "Follow-up calls to make: 1");
	client_expect(st, "poor rating 2");
	client_expect(st, "李四");
	term_key(st, VTERM_KEY_FUNCTION(8), VTERM_MOD_NONE);
	assert_int_equal(term_wait_ready(st, "report", WAIT), 0);
	client_expect(st, "Rated: evaluator 1 · paper 0 · call 0 · default 0 · 1 of 1 served (100.0%)");
	press(st, "g");
	client_expect(st, "好差评 export saved:");
	char reports[500];
	snprintf(reports, sizeof reports, "%s/supervisor/state/wicket/reports", W.dir);
	char *jl = file_ending(reports, ".jsonl");
	if (!jl)
		fail_msg("no .jsonl export in %s", reports);
	assert_non_null(strstr(jl, "\"channel\":\"evaluator\""));
	assert_non_null(strstr(jl, number));
	assert_non_null(strstr(jl, "\"alternate\":2"));
	assert_non_null(strstr(jl, "\"appraisalDetail\":\"办事效率\""));
	assert_non_null(strstr(jl, "\"writingEvaluation\":\"等了很久\""));
	free(jl);
	struct resp r;
	http(&W, "GET", "/api/v1/ratings?format=csv", sup, NULL, NULL, &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, ",evaluator,1,2,不满意,1,"));
	resp_free(&r);
	free(sup);

	client_quit(st);
	client_quit(clerk);
	client_quit(ev);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rating_on_the_evaluator),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
