/* 帮办代办 at the counter (issue #18): the real wicket on a pseudo-terminal
 * against a real wicketd.
 *
 * - the 帮办代办 desk of the demo hall: helper1 at window 11 calls a ticket
 *   of its service (which has no matters of its own: the matter picker
 *   offers the hall's), marks the case 代办 with the agent's details, sees
 *   the authorization letter (授权委托书) join the checklist as required,
 *   ticks it and accepts; the case screen shows 代办人 with the agent's ID
 *   number masked, and the server holds the case as 代办 with the letter
 *   received;
 * - a wrong agent's ID number is refused in the form, as the server would;
 * - the same in Chinese at 80x24: the agent's lines under the applicant's,
 *   in the same column;
 * - the supervisor's report (zh_CN, 80x24) counts the 代办 case;
 * - the receipt (paper.c) names the agent with the ID number masked. */
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
#include "wicket/model/paper.h"
#include "wicket/common/xalloc.h"

#define WAIT 10000   /* ms: a bound for failures, never a pause */
#define AGENT_ID "110101198003070519"
#define AGENT_MASKED "1101**********0519"

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

/* Type text into the form's field, then Tab to the next. */
static void field(struct term *t, const char *text)
{
	term_type(t, text);
	term_key(t, VTERM_KEY_TAB, VTERM_MOD_NONE);
}

/* The applicant (i on the case screen): 张三, his ID number and phone. */
static void enter_applicant(struct term *t)
{
	term_type(t, "i");
	assert_int_equal(term_wait_ready(t, "dialog", WAIT), 0);
	field(t, "张三");
	field(t, "11010519491231002X");
	term_type(t, "13800138000");
	term_key(t, VTERM_KEY_ENTER, VTERM_MOD_NONE);
	assert_int_equal(term_wait_ready(t, "case", WAIT), 0);
}

static void test_proxy_at_the_desk(void **state)
{
	(void)state;
	/* An applicant takes a ticket of the 帮办代办 desk. */
	char *kiosk = wd_login(&W, "kiosk", 0);
	cJSON_Delete(wd_call(&W, "POST", "/api/v1/tickets", kiosk, "{\"service\":\"BBD\"}", 201));
	free(kiosk);

	const char *const args[] = { "--user", "helper1", "--window", "11", NULL };
	struct term *t = client_sign_in(W.url, W.dir, args, "en_US.UTF-8", NULL, 24, 80, "counter");
	client_expect(t, "Window 11 · open");
	term_key(t, VTERM_KEY_FUNCTION(2), VTERM_MOD_NONE);
	client_expect(t, "Called J001");
	term_key(t, VTERM_KEY_FUNCTION(5), VTERM_MOD_NONE);
	client_expect(t, "Serving J001");
	/* The desk's service has no matters: the hall's are offered. */
	term_key(t, VTERM_KEY_ENTER, VTERM_MOD_NONE);
	assert_int_equal(term_wait_ready(t, "picker", WAIT), 0);
	client_expect(t, "MAR-03  补领结婚证");
	term_type(t, "3");
	assert_int_equal(term_wait_ready(t, "case", WAIT), 0);
	client_expect(t, "Required materials ticked: 0 of 3");

	/* The applicant. */
	enter_applicant(t);

	/* 代办: a mistyped ID number is refused in the form, then corrected. */
	term_type(t, "b");
	assert_int_equal(term_wait_ready(t, "picker", WAIT), 0);
	client_expect(t, "代办: an agent acts for the applicant");
	term_type(t, "2");
	assert_int_equal(term_wait_ready(t, "dialog", WAIT), 0);
	field(t, "李四");
	field(t, "110101198003070518");
	field(t, "子女");
	term_key(t, VTERM_KEY_ENTER, VTERM_MOD_NONE);
	client_expect(t, "check character (the last) does not match");
	/* The focus is on the ID number: clear it and type the right one. */
	for (int i = 0; i < 18; i++)
		term_key(t, VTERM_KEY_BACKSPACE, VTERM_MOD_NONE);
	term_type(t, AGENT_ID);
	/* Enter goes to the next field, and confirms on the last. */
	for (int i = 0; i < 3; i++)
		term_key(t, VTERM_KEY_ENTER, VTERM_MOD_NONE);
	assert_int_equal(term_wait_ready(t, "case", WAIT), 0);
	client_expect(t, "代办人 李四 (子女)");
	client_expect(t, AGENT_MASKED);
	/* The letter joins the checklist, required. */
	client_expect(t, "Required materials ticked: 0 of 4");
	client_expect(t, "[ ] *Authorization letter");
	for (int i = 0; i < 3; i++) {
		term_key(t, VTERM_KEY_ENTER, VTERM_MOD_NONE);
		term_key(t, VTERM_KEY_DOWN, VTERM_MOD_NONE);
	}
	client_expect(t, "Required materials ticked: 3 of 4");
	/* The letter is last, after the guide's two optional materials. */
	term_key(t, VTERM_KEY_DOWN, VTERM_MOD_NONE);
	term_key(t, VTERM_KEY_DOWN, VTERM_MOD_NONE);
	term_key(t, VTERM_KEY_ENTER, VTERM_MOD_NONE);
	client_expect(t, "[x] *Authorization letter");
	client_expect(t, "Required materials ticked: 4 of 4");
	client_accept_case(t);
	client_expect(t, "Accepted: case");
	/* The case as the server sent it: still 代办, the ID number masked. */
	client_expect(t, "代办人 李四 (子女)");
	client_expect(t, AGENT_MASKED);

	char *sup = wd_login(&W, "supervisor", 0);
	cJSON *l = wd_call(&W, "GET", "/api/v1/cases?status=accepted", sup, NULL, 200);
	free(sup);
	const cJSON *k = cJSON_GetArrayItem(cJSON_GetObjectItem(l, "cases"), 0);
	assert_non_null(k);
	assert_int_equal((int)jnum(k, "window"), 11);
	const cJSON *as = cJSON_GetObjectItem(k, "assist");
	assert_string_equal(jstr(as, "mode"), "proxy");
	assert_string_equal(jstr(as, "by"), "helper1");
	assert_string_equal(jstr(cJSON_GetObjectItem(as, "agent"), "id_number"), AGENT_MASKED);
	assert_string_equal(jstr(cJSON_GetObjectItem(as, "agent"), "relation"), "子女");
	const cJSON *rec = cJSON_GetObjectItem(k, "received");
	assert_int_equal(cJSON_GetArraySize(rec), 4);
	assert_int_equal(cJSON_GetArrayItem(rec, 3)->valueint, 900);
	cJSON_Delete(l);
	client_quit(t);

	/* The supervisor's report counts it, in Chinese at 80x24. */
	const char *const sup_args[] = { "--user", "supervisor", NULL };
	t = client_sign_in(W.url, W.dir, sup_args, "zh_CN.UTF-8", NULL, 24, 80, "board");
	term_key(t, VTERM_KEY_FUNCTION(8), VTERM_MOD_NONE);
	assert_int_equal(term_wait_ready(t, "report", WAIT), 0);
	client_expect(t, "合计：帮办 0 · 代办 1");
	client_quit(t);
}

/* The same at the desk in Chinese at 80x24: the agent's lines stand in
 * the applicant's pane, lined up under the applicant's name. */
static void test_proxy_in_chinese(void **state)
{
	(void)state;
	char *kiosk = wd_login(&W, "kiosk", 0);
	cJSON_Delete(wd_call(&W, "POST", "/api/v1/tickets", kiosk, "{\"service\":\"BBD\"}", 201));
	free(kiosk);
	const char *const args[] = { "--user", "helper1", "--window", "11", NULL };
	struct term *t = client_sign_in(W.url, W.dir, args, "zh_CN.UTF-8", NULL, 24, 80, "counter");
	client_expect(t, "窗口 11 · 服务中");      /* opened on signing in */
	term_key(t, VTERM_KEY_FUNCTION(2), VTERM_MOD_NONE);
	client_expect(t, "已呼叫 J001 号。");
	term_key(t, VTERM_KEY_FUNCTION(5), VTERM_MOD_NONE);
	client_expect(t, "正在办理 J001 号。");
	term_key(t, VTERM_KEY_ENTER, VTERM_MOD_NONE);
	assert_int_equal(term_wait_ready(t, "picker", WAIT), 0);
	term_type(t, "3");
	assert_int_equal(term_wait_ready(t, "case", WAIT), 0);
	enter_applicant(t);
	term_type(t, "b");
	assert_int_equal(term_wait_ready(t, "picker", WAIT), 0);
	client_expect(t, "代办：代办人代申请人办理（需授权委托书）");
	term_type(t, "2");
	assert_int_equal(term_wait_ready(t, "dialog", WAIT), 0);
	client_expect(t, "与申请人关系");
	field(t, "李四");
	field(t, AGENT_ID);
	field(t, "子女");
	term_key(t, VTERM_KEY_ENTER, VTERM_MOD_NONE);
	assert_int_equal(term_wait_ready(t, "case", WAIT), 0);
	client_expect(t, "代办人 李四（子女）");
	client_expect(t, "*授权委托书");
	int name = term_find_row(t, "张三"), agent = term_find_row(t, "代办人 李四（子女）");
	int id = term_find_row(t, AGENT_MASKED);
	assert_true(name > 0 && agent > name && id == agent + 1);
	assert_int_equal(term_col_of(t, agent, "代办人"), term_col_of(t, name, "张三"));
	assert_int_equal(term_col_of(t, id, AGENT_MASKED), term_col_of(t, name, "张三"));
	client_quit(t);
}

/* The receipt of a 代办 case names the agent, the ID number masked. */
static void test_receipt_names_the_agent(void **state)
{
	(void)state;
	struct m_material letter = { .id = 900, .name = (char *)"授权委托书", .form = MF_ORIGINAL, .copies = 1,
				     .required = true, .note = (char *)"" };
	struct m_matter guide = { .code = (char *)"MAR-03", .name = (char *)"补领结婚证", .kind = MK_PROMISED,
				  .working_days = 20, .legal_basis = (char *)"", .fee = (char *)"免费",
				  .materials = &letter, .nmaterials = 1 };
	struct m_hall hall = { .name = (char *)"青川县政务服务中心" };
	int received[] = { 900 };
	struct m_case k = {
		.id = 7, .number = (char *)"20261207-0042", .status = CS_ACCEPTED, .matter = (char *)"MAR-03",
		.matter_name = (char *)"补领结婚证", .kind = MK_PROMISED, .working_days = 20, .window = 11,
		.applicant_name = (char *)"张三", .accepted_on = 1, .due = 30, .completed_on = -1,
		.received = received, .nreceived = 1, .assist = (char *)"proxy", .agent_name = (char *)"李四",
		.agent_id = (char *)AGENT_ID, .agent_relation = (char *)"子女",
	};
	struct paper_input in = {
		.kind = PAPER_RECEIPT, .kase = &k, .guide = &guide, .hall = &hall, .window = 11,
		.clerk_name = "孙慧敏", .clerk_no = "helper1", .today = 1,
	};
	struct paper p;
	paper_make(&p, &in);
	char *text = paper_text(&p);
	assert_non_null(strstr(text, "Agent (代办人): 李四 (子女) " AGENT_MASKED));
	assert_null(strstr(text, AGENT_ID));
	assert_non_null(strstr(text, "授权委托书"));
	free(text);
	paper_free(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_proxy_at_the_desk, setup, teardown),
		cmocka_unit_test_setup_teardown(test_proxy_in_chinese, setup, teardown),
		cmocka_unit_test(test_receipt_names_the_agent),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
