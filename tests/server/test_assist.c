/* test_assist.c - 帮办代办 (issue #18) against a real wicketd: a case helped
 * through (帮办) and one handled for the applicant by an agent (代办); the
 * agent's details required and checked for 代办 (422, nothing created);
 * the agent's ID number and phone shown in full only where the
 * applicant's are, masked in lists and to the supervisor; the
 * authorization letter (授权委托书) required like the guide's materials;
 * the report's counts; the rating of an assisted case; and the agent's ID
 * number never in the log. */
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

#include "harness.h"
#include "wicket/common/xalloc.h"

#define ID_NUMBER "510823199001011238"
#define PHONE "13812345678"
#define AGENT_ID "110101198003070519"
#define AGENT_MASKED "1101**********0519"
#define AGENT_PHONE "13987654321"
#define AGENT_PHONE_MASKED "139****4321"
#define LETTER 900                     /* CASE_MATERIAL_AUTHORIZATION */
#define AGENT "{\"name\":\"李四\",\"id_number\":\"" AGENT_ID "\",\"relation\":\"子女\",\"phone\":\"" \
	AGENT_PHONE "\"}"

struct fx {
	struct wd w;
	char *kiosk, *clerk1, *sup;
};

static int setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof *f);
	/* The log at debug level in a file: the agent's ID must not be in it. */
	wd_start_logging(&f->w, true, NULL);
	f->kiosk = wd_login(&f->w, "kiosk", 0);
	f->clerk1 = wd_login(&f->w, "clerk1", 1);
	f->sup = wd_login(&f->w, "supervisor", 0);
	cJSON_Delete(wd_call(&f->w, "POST", "/api/v1/windows/1/open", f->clerk1, NULL, 200));
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	assert_int_equal(wd_term(&f->w), 0);
	char *log = slurp(f->w.log);
	assert_non_null(strstr(log, "/api/v1/cases"));     /* debug lines were written */
	assert_null(strstr(log, "11010119800307051"));
	assert_null(strstr(log, "1398765432"));
	free(log);
	wd_stop(&f->w);
	free(f->kiosk);
	free(f->clerk1);
	free(f->sup);
	free(f);
	return 0;
}

/* A SOC ticket called to window 1; returns its id. */
static int64_t fx_ticket(struct fx *f)
{
	cJSON *t = wd_call(&f->w, "POST", "/api/v1/tickets", f->kiosk, "{\"service\":\"SOC\"}", 201);
	int64_t id = (int64_t)jnum(t, "id");
	cJSON_Delete(t);
	char body[64];
	snprintf(body, sizeof body, "{\"ticket\":%lld}", (long long)id);
	cJSON_Delete(wd_call(&f->w, "POST", "/api/v1/windows/1/call", f->clerk1, body, 200));
	return id;
}

/* The body of POST /cases for matter SOC-01 with received (JSON) and
 * assist (JSON text, NULL for none); the caller frees it. */
static char *fx_body(int64_t ticket, const char *received, const char *assist)
{
	char *s = xmalloc(1024);
	snprintf(s, 1024, "{\"ticket\":%lld,\"matter\":\"SOC-01\",\"applicant\":{\"name\":\"张三\","
		 "\"id_number\":\"" ID_NUMBER "\",\"phone\":\"" PHONE "\"},\"received\":%s%s%s}",
		 (long long)ticket, received, assist ? ",\"assist\":" : "", assist ? assist : "");
	return s;
}

/* POST /cases by clerk1; must answer want; returns the reply. */
static cJSON *fx_case(struct fx *f, const char *received, const char *assist, long want)
{
	int64_t tk = fx_ticket(f);
	char *body = fx_body(tk, received, assist), path[64];
	cJSON *c = wd_call(&f->w, "POST", "/api/v1/cases", f->clerk1, body, want);
	free(body);
	/* The visit over, window 1 may call the next. */
	snprintf(path, sizeof path, "/api/v1/tickets/%lld/start", (long long)tk);
	cJSON_Delete(wd_call(&f->w, "POST", path, f->clerk1, NULL, 200));
	snprintf(path, sizeof path, "/api/v1/tickets/%lld/finish", (long long)tk);
	cJSON_Delete(wd_call(&f->w, "POST", path, f->clerk1, NULL, 200));
	return c;
}

static int64_t fx_cases_count(struct fx *f)
{
	cJSON *l = wd_call(&f->w, "GET", "/api/v1/cases?status=all", f->sup, NULL, 200);
	int64_t n = cJSON_GetArraySize(cJSON_GetObjectItem(l, "cases"));
	cJSON_Delete(l);
	return n;
}

/* The path of action on case id, in a static buffer. */
static const char *sub(int64_t id, const char *action)
{
	static char path[96];
	snprintf(path, sizeof path, "/api/v1/cases/%lld/%s", (long long)id, action);
	return path;
}

static const cJSON *agent_of(const cJSON *c)
{
	return cJSON_GetObjectItem(cJSON_GetObjectItem(c, "assist"), "agent");
}

/* 帮办: recorded with who helped, no agent, no letter asked for. */
static void test_help(void **state)
{
	struct fx *f = *state;
	cJSON *c = fx_case(f, "[1,2,3,4]", "{\"mode\":\"help\"}", 201);
	assert_string_equal(jstr(c, "status"), "accepted");
	const cJSON *as = cJSON_GetObjectItem(c, "assist");
	assert_string_equal(jstr(as, "mode"), "help");
	assert_string_equal(jstr(as, "by"), "clerk1");
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(as, "agent")));
	cJSON_Delete(c);
	/* Not assisted: assist is null. */
	c = fx_case(f, "[1,2,3,4]", NULL, 201);
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(c, "assist")));
	cJSON_Delete(c);
}

/* 代办: the agent in full in the reply about the case to its clerk,
 * masked in lists and to the supervisor; the letter is required. */
static void test_proxy_masked(void **state)
{
	struct fx *f = *state;
	cJSON *c = fx_case(f, "[1,2,3,4]", "{\"mode\":\"proxy\",\"agent\":" AGENT "}", 201);
	int64_t id = (int64_t)jnum(c, "id");
	assert_string_equal(jstr(cJSON_GetObjectItem(c, "assist"), "mode"), "proxy");
	assert_string_equal(jstr(agent_of(c), "name"), "李四");
	assert_string_equal(jstr(agent_of(c), "relation"), "子女");
	assert_string_equal(jstr(agent_of(c), "id_number"), AGENT_ID);
	assert_string_equal(jstr(agent_of(c), "phone"), AGENT_PHONE);
	/* Every guide material is here, but not the letter: a one-time notice. */
	assert_string_equal(jstr(c, "status"), "notified");
	const cJSON *missing = cJSON_GetObjectItem(c, "missing");
	assert_int_equal(cJSON_GetArraySize(missing), 1);
	assert_int_equal(cJSON_GetArrayItem(missing, 0)->valueint, LETTER);
	const cJSON *mm = cJSON_GetArrayItem(cJSON_GetObjectItem(c, "missing_materials"), 0);
	assert_int_equal((int)jnum(mm, "id"), LETTER);
	assert_string_equal(jstr(mm, "name"), "授权委托书");
	cJSON_Delete(c);

	char path[64];
	snprintf(path, sizeof path, "/api/v1/cases/%lld", (long long)id);
	/* The supervisor: masked, as the applicant. */
	c = wd_call(&f->w, "GET", path, f->sup, NULL, 200);
	assert_string_equal(jstr(agent_of(c), "id_number"), AGENT_MASKED);
	assert_string_equal(jstr(agent_of(c), "phone"), AGENT_PHONE_MASKED);
	assert_string_equal(jstr(cJSON_GetObjectItem(c, "applicant"), "id_number"), "5108**********1238");
	cJSON_Delete(c);
	/* The clerk's list: masked too. */
	cJSON *l = wd_call(&f->w, "GET", "/api/v1/cases?window=1&status=all", f->clerk1, NULL, 200);
	char *text = cJSON_PrintUnformatted(l);
	assert_non_null(strstr(text, AGENT_MASKED));
	assert_null(strstr(text, AGENT_ID));
	assert_null(strstr(text, AGENT_PHONE));
	free(text);
	cJSON_Delete(l);

	/* The letter may not be promised for later (容缺). */
	wd_call_err(&f->w, "POST", sub(id, "materials"), f->clerk1,
		    "{\"received\":[],\"deferred\":[900],\"promise\":true}", 422, "not_deferrable", NULL);
	/* Brought: accepted. */
	c = wd_call(&f->w, "POST", sub(id, "materials"), f->clerk1, "{\"received\":[900]}", 200);
	assert_string_equal(jstr(c, "status"), "accepted");
	cJSON_Delete(c);
}

/* A help case's agent, a proxy case's missing or wrong one: refused, and
 * nothing is created. */
static void test_proxy_needs_agent(void **state)
{
	struct fx *f = *state;
	static const struct {
		const char *assist;
		long status;
		const char *code;
	} bad[] = {
		{ "{\"mode\":\"proxy\"}", 422, "agent_required" },
		{ "{\"mode\":\"proxy\",\"agent\":null}", 422, "agent_required" },
		{ "{\"mode\":\"proxy\",\"agent\":{\"id_number\":\"" AGENT_ID "\",\"relation\":\"子女\"}}", 422,
		  "agent_required" },
		{ "{\"mode\":\"proxy\",\"agent\":{\"name\":\"李四\",\"relation\":\"子女\"}}", 422,
		  "agent_required" },
		{ "{\"mode\":\"proxy\",\"agent\":{\"name\":\"李四\",\"id_number\":\"" AGENT_ID "\"}}", 422,
		  "agent_required" },
		{ "{\"mode\":\"proxy\",\"agent\":{\"name\":\"李四\",\"id_number\":\"110101198003070518\","
		  "\"relation\":\"子女\"}}", 422, "invalid_agent_id_number" },
		{ "{\"mode\":\"proxy\",\"agent\":{\"name\":\"李四\",\"id_number\":\"" ID_NUMBER "\","
		  "\"relation\":\"本人\"}}", 422, "agent_is_applicant" },
		{ "{\"mode\":\"proxy\",\"agent\":{\"name\":\"李四\",\"id_number\":\"" AGENT_ID "\","
		  "\"relation\":\"子女\",\"phone\":\"1398765432\"}}", 422, "invalid_agent_phone" },
		{ "{\"mode\":\"proxy\",\"agent\":{\"name\":\"李\\u001b[2J\",\"id_number\":\"" AGENT_ID "\","
		  "\"relation\":\"子女\"}}", 400, "invalid_field" },
		{ "{\"mode\":\"help\",\"agent\":" AGENT "}", 400, "invalid_field" },
		{ "{\"mode\":\"both\"}", 400, "invalid_field" },
		{ "{}", 400, "missing_field" },
		{ "\"proxy\"", 400, "invalid_field" },
	};
	int64_t before = fx_cases_count(f), tk = fx_ticket(f);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char *body = fx_body(tk, "[1,2,3,4,900]", bad[i].assist);
		wd_call_err(&f->w, "POST", "/api/v1/cases", f->clerk1, body, bad[i].status, bad[i].code, NULL);
		free(body);
	}
	assert_int_equal(fx_cases_count(f), before);
	/* The letter is no material of a case that is not 代办. */
	char *body = fx_body(tk, "[1,2,3,4,900]", "{\"mode\":\"help\"}");
	wd_call_err(&f->w, "POST", "/api/v1/cases", f->clerk1, body, 400, "unknown_material", NULL);
	free(body);
	assert_int_equal(fx_cases_count(f), before);
	/* With the letter and the agent without a phone: accepted at once. */
	body = fx_body(tk, "[1,2,3,4,900]", "{\"mode\":\"proxy\",\"agent\":{\"name\":\"李四\","
		       "\"id_number\":\"" AGENT_ID "\",\"relation\":\"子女\"}}");
	cJSON *c = wd_call(&f->w, "POST", "/api/v1/cases", f->clerk1, body, 201);
	free(body);
	assert_string_equal(jstr(c, "status"), "accepted");
	assert_string_equal(jstr(agent_of(c), "phone"), "");
	cJSON_Delete(c);
}

/* The report counts the assisted cases accepted, per clerk and in all;
 * an assisted case is completed and rated as any other. */
static void test_report_and_rating(void **state)
{
	struct fx *f = *state;
	cJSON *c = fx_case(f, "[1,2,3,4]", "{\"mode\":\"help\"}", 201);
	cJSON_Delete(c);
	c = fx_case(f, "[1,2,3,4,900]", "{\"mode\":\"proxy\",\"agent\":" AGENT "}", 201);
	int64_t id = (int64_t)jnum(c, "id");
	cJSON_Delete(c);
	cJSON_Delete(fx_case(f, "[1,2,3,4]", NULL, 201));
	cJSON_Delete(wd_call(&f->w, "POST", sub(id, "complete"), f->clerk1, "{}", 200));
	c = wd_call(&f->w, "POST", sub(id, "rating"), f->kiosk, "{\"level\":5}", 200);
	assert_int_equal((int)jnum(c, "rating"), 5);
	assert_string_equal(jstr(cJSON_GetObjectItem(c, "assist"), "mode"), "proxy");
	cJSON_Delete(c);

	cJSON *h = wd_call(&f->w, "GET", "/api/v1/health", NULL, NULL, 200);
	char path[128];
	snprintf(path, sizeof path, "/api/v1/reports?from=%s&to=%s&by=clerk", jstr(h, "today"), jstr(h, "today"));
	cJSON_Delete(h);
	cJSON *rp = wd_call(&f->w, "GET", path, f->sup, NULL, 200), *row, *mine = NULL;
	cJSON_ArrayForEach(row, cJSON_GetObjectItem(rp, "rows"))
		if (cJSON_IsString(cJSON_GetObjectItem(row, "key")) && strcmp(jstr(row, "key"), "clerk1") == 0)
			mine = row;
	assert_non_null(mine);
	assert_int_equal((int)jnum(mine, "assisted_help"), 1);
	assert_int_equal((int)jnum(mine, "assisted_proxy"), 1);
	assert_int_equal((int)jnum(mine, "accepted"), 3);
	assert_int_equal((int)jnum(mine, "rated"), 1);
	const cJSON *total = cJSON_GetObjectItem(rp, "total");
	assert_int_equal((int)jnum(total, "assisted_help"), 1);
	assert_int_equal((int)jnum(total, "assisted_proxy"), 1);
	cJSON_Delete(rp);
	/* And in the CSV, the last two columns. */
	struct resp r;
	snprintf(path + strlen(path), sizeof path - strlen(path), "&format=csv");
	assert_int_equal(http(&f->w, "GET", path, f->sup, NULL, NULL, &r), 200);
	assert_non_null(strstr(r.body, ",assisted_help,assisted_proxy\r\n"));
	assert_non_null(strstr(r.body, ",1,1\r\n"));
	resp_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_help, setup, teardown),
		cmocka_unit_test_setup_teardown(test_proxy_masked, setup, teardown),
		cmocka_unit_test_setup_teardown(test_proxy_needs_agent, setup, teardown),
		cmocka_unit_test_setup_teardown(test_report_and_rating, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
