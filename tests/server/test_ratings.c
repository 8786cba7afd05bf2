/* test_ratings.c - 好差评 against a real wicketd with the demo hall: the
 * evaluator (评价器) of window 1 is asked to rate the service that just
 * ended there, once (一次一评); a poor rating needs a reason and opens the
 * follow-up call; the clerk's paper rating is refused for a service the
 * evaluator rated; nobody rating in time leaves it unrated, or rated by
 * the system's default when the hall says so; the evaluator's feed is its
 * window's, without data; the export (JSON lines, CSV) and the report. */
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
#include "wicket/common/buf.h"
#include "wicket/core/case.h"
#include "wicket/common/xalloc.h"

struct fx {
	struct wd w;
	char *clerk, *clerk2, *eval, *sup, *kiosk;
};

static cJSON *call(struct fx *f, const char *method, const char *path, const char *token,
		   const char *body, long want)
{
	return wd_call(&f->w, method, path, token, body, want);
}

static void run(struct fx *f, const char *method, const char *path, const char *token,
		const char *body, long want)
{
	cJSON_Delete(call(f, method, path, token, body, want));
}

static void fx_sign_in(struct fx *f)
{
	f->clerk = wd_login(&f->w, "clerk1", 1);
	f->clerk2 = wd_login(&f->w, "clerk2", 2);
	f->eval = wd_login(&f->w, "eval1", 0);
	f->sup = wd_login(&f->w, "supervisor", 0);
	f->kiosk = wd_login(&f->w, "kiosk", 0);
}

static void fx_free_tokens(struct fx *f)
{
	free(f->clerk);
	free(f->clerk2);
	free(f->eval);
	free(f->sup);
	free(f->kiosk);
}

static int setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof *f);
	wd_start(&f->w, true, NULL);
	fx_sign_in(f);
	run(f, "POST", "/api/v1/windows/1/open", f->clerk, NULL, 200);
	run(f, "POST", "/api/v1/windows/2/open", f->clerk2, NULL, 200);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	wd_stop(&f->w);
	fx_free_tokens(f);
	free(f);
	return 0;
}

/* A ticket of service issued, called and served at window no by token;
 * with a case of matter when matter is not NULL (*kase its id),
 * completed once accepted (a notice, 一次性告知, may be rated as it is). */
static int64_t fx_serve(struct fx *f, int no, const char *token, const char *service, const char *matter,
			int64_t *kase)
{
	cJSON *t = call(f, "POST", "/api/v1/tickets", f->kiosk, wd_fmt("{\"service\":\"%s\"}", service), 201);
	int64_t id = (int64_t)jnum(t, "id");
	cJSON_Delete(t);
	run(f, "POST", wd_fmt("/api/v1/windows/%d/call", no), token, wd_fmt("{\"ticket\":%lld}", (long long)id), 200);
	run(f, "POST", wd_fmt("/api/v1/tickets/%lld/start", (long long)id), token, NULL, 200);
	if (matter) {
		char idno[CASE_ID_SIZE];
		snprintf(idno, sizeof idno, "51082319900101%03d", (int)(id % 1000));
		idno[17] = case_id_check_char(idno);
		idno[18] = '\0';
		cJSON *c = call(f, "POST", "/api/v1/cases", token,
				wd_fmt("{\"ticket\":%lld,\"matter\":\"%s\",\"applicant\":{\"name\":\"申请人\","
				    "\"id_number\":\"%s\",\"phone\":\"13812340001\"},\"received\":[1,2,3]}",
				    (long long)id, matter, idno), 201);
		*kase = (int64_t)jnum(c, "id");
		bool accepted = strcmp(jstr(c, "status"), "accepted") == 0;
		cJSON_Delete(c);
		if (accepted)
			run(f, "POST", wd_fmt("/api/v1/cases/%lld/complete", (long long)*kase), token, NULL, 200);
	}
	return id;
}

static void fx_finish(struct fx *f, const char *token, int64_t ticket)
{
	run(f, "POST", wd_fmt("/api/v1/tickets/%lld/finish", (long long)ticket), token, NULL, 200);
}

/* The evaluator's view: the ticket whose rating it asks for, 0 when none. */
static int64_t asking(struct fx *f)
{
	cJSON *e = call(f, "GET", "/api/v1/evaluator", f->eval, NULL, 200);
	const cJSON *a = cJSON_GetObjectItemCaseSensitive(e, "asking");
	int64_t t = cJSON_IsObject(a) ? (int64_t)jnum(a, "ticket") : 0;
	cJSON_Delete(e);
	return t;
}

/* How many lines of text hold every one of the needles (NULL-ended). */
static int lines_with(const char *text, ...)
{
	int n = 0;
	for (const char *line = text; line && *line;) {
		const char *end = strchr(line, '\n');
		size_t len = end ? (size_t)(end - line) : strlen(line);
		char *copy = xstrndup(line, len);
		bool all = true;
		va_list ap;
		va_start(ap, text);
		for (const char *needle; (needle = va_arg(ap, const char *));)
			all = all && strstr(copy, needle);
		va_end(ap);
		n += all;
		free(copy);
		line = end ? end + 1 : NULL;
	}
	return n;
}

/* The export as text (format "jsonl" or "csv"). */
static char *export(struct fx *f, const char *format)
{
	struct resp r;
	http(&f->w, "GET", wd_fmt("/api/v1/ratings?format=%s", format), f->sup, NULL, NULL, &r);
	assert_int_equal(r.status, 200);
	char *text = xstrdup(r.body);
	resp_free(&r);
	return text;
}

/* The applicant rates 2 with a reason on the evaluator: once. */
static void test_evaluator_rates_once(void **state)
{
	struct fx *f = *state;
	int64_t kase;
	int64_t t = fx_serve(f, 1, f->clerk, "MAR", "MAR-01", &kase);
	cJSON *e = call(f, "GET", "/api/v1/evaluator", f->eval, NULL, 200);
	assert_int_equal((int)jnum(e, "window"), 1);
	assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(e, "serving")));
	assert_string_equal(jstr(cJSON_GetObjectItemCaseSensitive(e, "clerk"), "user"), "clerk1");
	assert_string_equal(jstr(cJSON_GetObjectItemCaseSensitive(e, "clerk"), "name"), "张雅婷");
	/* Nothing of the applicant reaches the evaluator. */
	char *text = cJSON_PrintUnformatted(e);
	assert_null(strstr(text, "13812340001"));
	free(text);
	cJSON_Delete(e);
	assert_int_equal(asking(f), 0);
	fx_finish(f, f->clerk, t);
	assert_int_equal(asking(f), t);
	const char *path = "/api/v1/evaluator/rating";
	wd_call_err(&f->w, "POST", path, f->eval, wd_fmt("{\"ticket\":%lld,\"level\":2}", (long long)t), 400,
		    "missing_field", NULL);
	wd_call_err(&f->w, "POST", path, f->eval,
		    wd_fmt("{\"ticket\":%lld,\"level\":2,\"reason\":\"rude\"}", (long long)t), 400, "invalid_field", NULL);
	wd_call_err(&f->w, "POST", path, f->eval,
		    wd_fmt("{\"ticket\":%lld,\"level\":5,\"reason\":\"attitude\"}", (long long)t), 400, "invalid_field", NULL);
	run(f, "POST", path, f->eval,
	    wd_fmt("{\"ticket\":%lld,\"level\":2,\"reason\":\"efficiency\",\"comment\":\"等了很久\"}", (long long)t), 200);
	wd_call_err(&f->w, "POST", path, f->eval, wd_fmt("{\"ticket\":%lld,\"level\":5}", (long long)t), 409,
		    "rating_closed", NULL);
	assert_int_equal(asking(f), 0);
	/* The clerk's paper form cannot rate it again (代评). */
	wd_call_err(&f->w, "POST", wd_fmt("/api/v1/cases/%lld/rating", (long long)kase), f->clerk, "{\"level\":5}",
		    409, "already_rated", NULL);
	/* The case has the rating, and a follow-up call. */
	cJSON *c = call(f, "GET", wd_fmt("/api/v1/cases/%lld", (long long)kase), f->sup, NULL, 200);
	assert_int_equal((int)jnum(c, "rating"), 2);
	cJSON_Delete(c);
	cJSON *cb = call(f, "GET", "/api/v1/callbacks?kind=bad_rating", f->sup, NULL, 200);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(cb, "callbacks")), 1);
	assert_int_equal((int)jnum(cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(cb, "callbacks"), 0), "case"),
			 (int)kase);
	cJSON_Delete(cb);
	/* The export: one record, channel evaluator, the platform's fields. */
	char *jl = export(f, "jsonl");
	cJSON *rec = cJSON_Parse(jl);
	assert_non_null(rec);
	assert_string_equal(jstr(rec, "channel"), "evaluator");
	assert_string_equal(jstr(rec, "pf"), "1");
	assert_int_equal((int)jnum(rec, "alternate"), 2);
	assert_int_equal((int)jnum(rec, "assessNumber"), 1);
	assert_string_equal(jstr(rec, "taskCode"), "MAR-01");
	assert_string_equal(jstr(rec, "proManner"), "1");          /* 即办件 */
	assert_string_equal(jstr(rec, "areaCode"), "510823");
	assert_string_equal(jstr(rec, "appraisalDetail"), "办事效率");
	assert_string_equal(jstr(rec, "writingEvaluation"), "等了很久");
	assert_true(strlen(jstr(rec, "projectNo")) > 0);
	cJSON_Delete(rec);
	assert_int_equal(lines_with(jl, "\"channel\":", (char *)NULL), 1);
	free(jl);
	char *csv = export(f, "csv");
	assert_int_equal(lines_with(csv, "areaCode,deptCode,taskCode", (char *)NULL), 1);
	assert_int_equal(lines_with(csv, ",evaluator,1,2,不满意,1,", "办事效率", (char *)NULL), 1);
	free(csv);
	/* The report: one service, rated on the evaluator. */
	cJSON *rp = call(f, "GET", "/api/v1/reports", f->sup, NULL, 200);
	const cJSON *ch = cJSON_GetObjectItemCaseSensitive(rp, "rating_channels");
	assert_int_equal((int)jnum(ch, "evaluator"), 1);
	assert_int_equal((int)jnum(ch, "services"), 1);
	assert_int_equal((int)jnum(ch, "rated_pct"), 100);
	cJSON_Delete(rp);
}

/* Only where an evaluator is signed in is a rating asked for; its feed
 * is its window's, without the data. */
static void test_only_its_window(void **state)
{
	struct fx *f = *state;
	cJSON *ev = call(f, "GET", "/api/v1/events", f->eval, NULL, 200);
	long long since = (long long)jnum(ev, "last");
	cJSON_Delete(ev);
	int64_t kase;
	int64_t t2 = fx_serve(f, 2, f->clerk2, "SOC", "SOC-01", &kase);
	fx_finish(f, f->clerk2, t2);
	int64_t t1 = fx_serve(f, 1, f->clerk, "MAR", NULL, NULL);
	fx_finish(f, f->clerk, t1);
	ev = call(f, "GET", wd_fmt("/api/v1/events?since=%lld", since), f->eval, NULL, 200);
	const cJSON *e;
	int asked = 0;
	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(ev, "events")) {
		assert_int_equal((int)jnum(e, "window"), 1);
		assert_null(cJSON_GetObjectItemCaseSensitive(e, "data")->child);
		asked += strcmp(jstr(e, "kind"), "rating.asked") == 0;
	}
	assert_int_equal(asked, 1);
	cJSON_Delete(ev);
	/* Window 2 has no evaluator: its service was not asked about, and its
	 * clerk's paper form is the rating. */
	wd_call_err(&f->w, "POST", "/api/v1/evaluator/rating", f->eval,
		    wd_fmt("{\"ticket\":%lld,\"level\":5}", (long long)t2), 404, "not_found", NULL);
	run(f, "POST", wd_fmt("/api/v1/cases/%lld/rating", (long long)kase), f->clerk2, "{\"level\":4}", 200);
	char *jl = export(f, "jsonl");
	assert_int_equal(lines_with(jl, "\"channel\":\"paper\"", "\"window\":2", (char *)NULL), 1);
	free(jl);
	/* An evaluator's sign-in is no clerk at the window (window 3 has
	 * nobody but its evaluator). */
	char *eval3 = wd_login(&f->w, "eval3", 0);
	cJSON *w = call(f, "GET", "/api/v1/windows", f->sup, NULL, 200);
	const cJSON *win;
	int seen = 0;
	cJSON_ArrayForEach(win, cJSON_GetObjectItemCaseSensitive(w, "windows"))
		if ((int)jnum(win, "no") == 3) {
			seen++;
			assert_true(cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(win, "attended")));
		}
	assert_int_equal(seen, 1);
	cJSON_Delete(w);
	free(eval3);
}

/* Nobody rates in time: unrated, then the paper form may; never the
 * clerk's own rating. */
static void test_unrated_in_time(void **state)
{
	struct fx *f = *state;
	int64_t kase;
	int64_t t = fx_serve(f, 1, f->clerk, "MAR", "MAR-01", &kase);
	fx_finish(f, f->clerk, t);
	assert_int_equal(asking(f), t);
	assert_int_equal(wd_term(&f->w), 0);
	wd_restart(&f->w, "--time-shift 121");
	assert_int_equal(asking(f), 0);
	cJSON *err = call(f, "POST", "/api/v1/evaluator/rating", f->eval,
			  wd_fmt("{\"ticket\":%lld,\"level\":5}", (long long)t), 409);
	assert_string_equal(jstr(cJSON_GetObjectItemCaseSensitive(err, "error"), "current"), "unrated");
	cJSON_Delete(err);
	cJSON *ev = call(f, "GET", "/api/v1/events?since=0", f->sup, NULL, 200);
	char *text = cJSON_PrintUnformatted(ev);
	assert_non_null(strstr(text, "\"rating.expired\""));
	free(text);
	cJSON_Delete(ev);
	char *jl = export(f, "jsonl");
	assert_int_equal(lines_with(jl, "\"channel\":", (char *)NULL), 0);
	free(jl);
	cJSON *rp = call(f, "GET", "/api/v1/reports", f->sup, NULL, 200);
	const cJSON *ch = cJSON_GetObjectItemCaseSensitive(rp, "rating_channels");
	assert_int_equal((int)jnum(ch, "services"), 1);
	assert_int_equal((int)jnum(ch, "services_rated"), 0);
	cJSON_Delete(rp);
	run(f, "POST", wd_fmt("/api/v1/cases/%lld/rating", (long long)kase), f->clerk, "{\"level\":1,\"reason\":\"policy\"}",
	    200);
	jl = export(f, "jsonl");
	assert_int_equal(lines_with(jl, "\"channel\":\"paper\"", "\"alternate\":1", "政策解释", (char *)NULL), 1);
	free(jl);
}

/* A 差评 of a service that made no case (a question answered at the
 * window) is followed up all the same: a callback of the visit, at its
 * window and clerk, with no applicant to call; the supervisor records
 * what the window did about it. */
static void test_poor_rating_without_a_case(void **state)
{
	struct fx *f = *state;
	int64_t t = fx_serve(f, 1, f->clerk, "MAR", NULL, NULL);
	fx_finish(f, f->clerk, t);
	assert_int_equal(asking(f), t);
	run(f, "POST", "/api/v1/evaluator/rating", f->eval,
	    wd_fmt("{\"ticket\":%lld,\"level\":1,\"reason\":\"attitude\"}", (long long)t), 200);
	cJSON *l = call(f, "GET", "/api/v1/callbacks?kind=bad_rating", f->sup, NULL, 200);
	const cJSON *list = cJSON_GetObjectItemCaseSensitive(l, "callbacks"), *cb;
	assert_int_equal(cJSON_GetArraySize(list), 1);
	cb = cJSON_GetArrayItem(list, 0);
	assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(cb, "case")));
	assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(cb, "applicant")));
	assert_int_equal((int64_t)jnum(cb, "ticket"), t);
	assert_true(strlen(jstr(cb, "ticket_number")) >= 4);
	assert_int_equal((int)jnum(cb, "window"), 1);
	assert_string_equal(jstr(cb, "clerk"), "clerk1");
	assert_int_equal((int)jnum(cb, "source_level"), 1);
	int64_t id = (int64_t)jnum(cb, "id");
	cJSON_Delete(l);
	/* Nobody to call: the outcome says what was done, and closes it. */
	cJSON *done = call(f, "POST", wd_fmt("/api/v1/callbacks/%lld/outcome", (long long)id), f->sup,
			   "{\"reached\":false,\"remarks\":\"与窗口人员谈话，整改服务态度\"}", 200);
	assert_string_equal(jstr(done, "status"), "done");
	assert_int_equal((int64_t)jnum(done, "ticket"), t);
	cJSON_Delete(done);
	/* The export has it, without a case. */
	char *jl = export(f, "jsonl");
	assert_int_equal(lines_with(jl, "\"channel\":\"evaluator\"", (char *)NULL), 1);
	free(jl);
}

/* The hall's rating_system_default: nobody rated, so the system's 满意. */
static void test_system_default(void **state)
{
	struct fx *f = *state;
	wd_stop(&f->w);
	fx_free_tokens(f);
	char dir[256];
	tmp_make(dir, sizeof dir);
	data_copy(getenv("WICKET_DATADIR"), dir);
	char path[300];
	snprintf(path, sizeof path, "%s/demo/hall.json", dir);
	char *hall = slurp(path), *at = strstr(hall, "\"rating_system_default\": 0");
	assert_non_null(at);
	at[strlen("\"rating_system_default\": ")] = '1';
	file_write(dir, "demo/hall.json", hall, strlen(hall));
	free(hall);
	wd_start(&f->w, true, wd_fmt("--data %s", dir));
	fx_sign_in(f);
	run(f, "POST", "/api/v1/windows/1/open", f->clerk, NULL, 200);
	int64_t t = fx_serve(f, 1, f->clerk, "MAR", NULL, NULL);
	fx_finish(f, f->clerk, t);
	assert_int_equal(wd_term(&f->w), 0);
	wd_restart(&f->w, wd_fmt("--data %s --time-shift 121", dir));
	char *jl = export(f, "jsonl");
	assert_int_equal(lines_with(jl, "\"channel\":\"system_default\"", "\"alternate\":4", "\"pf\":\"4\"",
				    (char *)NULL), 1);
	free(jl);
	tmp_remove(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_evaluator_rates_once, setup, teardown),
		cmocka_unit_test_setup_teardown(test_only_its_window, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unrated_in_time, setup, teardown),
		cmocka_unit_test_setup_teardown(test_system_default, setup, teardown),
		cmocka_unit_test_setup_teardown(test_poor_rating_without_a_case, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
