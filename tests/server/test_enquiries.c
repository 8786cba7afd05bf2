/* test_enquiries.c - 首问负责 (issue #18) against a real wicketd on the demo
 * hall: the guide desk (导询) and the clerks record what applicants ask and
 * what they did; an enquiry stays its first asker's until it is closed, by
 * them, by a supervisor, or by itself when a window takes up the case of
 * the ticket issued with it; the report counts them per staff member and
 * how many were closed the same day; the applicant's phone is the owner's
 * to see, masked for a supervisor, on no feed and in no log; and a refused
 * request changes nothing. */
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

#define PHONE "13912345678"
#define MASKED "139****5678"

struct fx {
	struct wd w;
	char *guide, *clerk, *sup;
};

static int setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof *f);
	wd_start_logging(&f->w, true, NULL);
	f->guide = wd_login(&f->w, "guide", 0);
	f->clerk = wd_login(&f->w, "clerk1", 1);
	f->sup = wd_login(&f->w, "supervisor", 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	assert_int_equal(wd_term(&f->w), 0);
	char *log = slurp(f->w.log);
	assert_non_null(strstr(log, "enquiry"));    /* the log was written */
	assert_null(strstr(log, PHONE));
	free(log);
	wd_stop(&f->w);
	free(f->guide);
	free(f->clerk);
	free(f->sup);
	free(f);
	return 0;
}

/* POST /enquiries as token with body, wanting 201: the enquiry (caller deletes). */
static cJSON *record(struct fx *f, const char *token, const char *body)
{
	return wd_call(&f->w, "POST", "/api/v1/enquiries", token, body, 201);
}

static long long id_of(const cJSON *j)
{
	return (long long)jnum(j, "id");
}

/* The enquiries of a GET /enquiries (?query) as token; caller deletes. */
static cJSON *list(struct fx *f, const char *token, const char *query, long want)
{
	char path[128];
	snprintf(path, sizeof path, "/api/v1/enquiries%s", query);
	return wd_call(&f->w, "GET", path, token, NULL, want);
}

static int count_of(struct fx *f, const char *token, const char *query)
{
	cJSON *l = list(f, token, query, 200);
	int n = cJSON_GetArraySize(cJSON_GetObjectItem(l, "enquiries"));
	assert_int_equal((int)jnum(l, "total"), n);
	cJSON_Delete(l);
	return n;
}

/* Each action: answered is closed at once; a ticket is issued in the same
 * request (a real one, in the queue); a transfer names a window or a
 * department; the open ones are listed as their owner's. */
static void test_each_action(void **state)
{
	struct fx *f = *state;
	cJSON *e = record(f, f->guide, "{\"asked\":\"营业时间\",\"action\":\"answered\"}");
	assert_string_equal(jstr(e, "status"), "closed");
	assert_string_equal(jstr(e, "closed_how"), "answered");
	assert_string_equal(jstr(e, "owner"), "guide");
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(e, "applicant")));
	cJSON_Delete(e);

	e = record(f, f->guide, "{\"asked\":\"退休金领取\",\"matter\":\"SOC-01\",\"action\":\"ticket\","
		   "\"applicant\":{\"name\":\"王五\",\"phone\":\"" PHONE "\"}}");
	assert_string_equal(jstr(e, "status"), "open");
	assert_string_equal(jstr(e, "action"), "ticket");
	assert_string_equal(jstr(e, "matter"), "SOC-01");
	cJSON *t = cJSON_GetObjectItem(e, "ticket");
	assert_string_equal(jstr(t, "service"), "SOC");
	assert_string_equal(jstr(t, "status"), "waiting");
	assert_string_equal(jstr(cJSON_GetObjectItem(e, "applicant"), "phone"), PHONE);
	char path[64];
	snprintf(path, sizeof path, "/api/v1/tickets/%lld", (long long)jnum(t, "id"));
	cJSON *tk = wd_call(&f->w, "GET", path, f->clerk, NULL, 200);
	assert_string_equal(jstr(tk, "number"), jstr(t, "number"));
	assert_string_equal(jstr(tk, "matter"), "SOC-01");
	cJSON_Delete(tk);
	cJSON_Delete(e);

	e = record(f, f->guide, "{\"asked\":\"护照\",\"action\":\"ticket\",\"ticket\":{\"service\":\"PEN\"}}");
	assert_string_equal(jstr(cJSON_GetObjectItem(e, "ticket"), "service"), "PEN");
	cJSON_Delete(e);
	e = record(f, f->guide, "{\"asked\":\"公积金\",\"action\":\"transferred\",\"transfer\":{\"window\":3}}");
	assert_int_equal((int)jnum(e, "to_window"), 3);
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(e, "ticket")));
	cJSON_Delete(e);
	e = record(f, f->clerk, "{\"asked\":\"房产过户\",\"action\":\"transferred\","
		   "\"transfer\":{\"dept\":\"不动产登记中心\"}}");
	assert_string_equal(jstr(e, "to_dept"), "不动产登记中心");
	assert_string_equal(jstr(e, "owner"), "clerk1");
	cJSON_Delete(e);
	cJSON_Delete(record(f, f->guide, "{\"asked\":\"待查\",\"action\":\"open\"}"));

	assert_int_equal(count_of(f, f->guide, ""), 4);           /* open, its own */
	assert_int_equal(count_of(f, f->guide, "?status=all"), 5);
	assert_int_equal(count_of(f, f->clerk, ""), 1);
	assert_int_equal(count_of(f, f->sup, "?status=all"), 6);  /* a supervisor: everyone's */
}

/* Only the owner (or a supervisor) closes an enquiry, once; only a
 * supervisor lists everyone's; the phone is the owner's to see. */
static void test_owner_only(void **state)
{
	struct fx *f = *state;
	cJSON *e = record(f, f->guide, "{\"asked\":\"医保转移\",\"action\":\"open\","
			  "\"applicant\":{\"name\":\"李四\",\"phone\":\"" PHONE "\"}}");
	long long id = id_of(e);
	cJSON_Delete(e);
	char path[64];
	snprintf(path, sizeof path, "/api/v1/enquiries/%lld/close", id);
	wd_call_err(&f->w, "POST", path, f->clerk, "{\"how\":\"answered\"}", 403, "forbidden", NULL);
	wd_call_err(&f->w, "GET", "/api/v1/enquiries?owner=all", f->clerk, NULL, 403, "forbidden", NULL);
	assert_int_equal(count_of(f, f->clerk, "?status=all"), 0);

	cJSON *l = list(f, f->sup, "", 200);
	char *text = cJSON_PrintUnformatted(l);
	assert_null(strstr(text, PHONE));
	assert_non_null(strstr(text, MASKED));
	free(text);
	cJSON_Delete(l);
	l = list(f, f->guide, "", 200);
	cJSON *mine = cJSON_GetArrayItem(cJSON_GetObjectItem(l, "enquiries"), 0);
	assert_string_equal(jstr(cJSON_GetObjectItem(mine, "applicant"), "phone"), PHONE);
	assert_string_equal(jstr(cJSON_GetObjectItem(mine, "applicant"), "name"), "李四");
	cJSON_Delete(l);

	e = wd_call(&f->w, "POST", path, f->guide, "{\"how\":\"answered\"}", 200);
	assert_string_equal(jstr(e, "status"), "closed");
	assert_string_equal(jstr(e, "closed_how"), "answered");
	cJSON_Delete(e);
	wd_call_err(&f->w, "POST", path, f->guide, "{\"how\":\"answered\"}", 409, "invalid_state", "closed");
	assert_int_equal(count_of(f, f->guide, ""), 0);

	/* A supervisor may close anyone's. */
	e = record(f, f->clerk, "{\"asked\":\"证明开具\",\"action\":\"open\"}");
	snprintf(path, sizeof path, "/api/v1/enquiries/%lld/close", id_of(e));
	cJSON_Delete(e);
	e = wd_call(&f->w, "POST", path, f->sup, "{\"how\":\"answered\"}", 200);
	assert_string_equal(jstr(e, "owner"), "clerk1");
	cJSON_Delete(e);
}

/* The guide issues a ticket with the enquiry; window 1 calls it (the
 * guide's list shows where it went), takes the case up, and the enquiry
 * closes by itself as "case", on the guide's feed without the applicant. */
static void test_case_closes_it(void **state)
{
	struct fx *f = *state;
	cJSON *join = wd_call(&f->w, "GET", "/api/v1/events", f->guide, NULL, 200);
	long long since = (long long)jnum(join, "last");
	cJSON_Delete(join);
	cJSON *e = record(f, f->guide, "{\"asked\":\"退休金\",\"matter\":\"SOC-01\",\"action\":\"ticket\","
			  "\"applicant\":{\"name\":\"赵六\",\"phone\":\"" PHONE "\"}}");
	long long id = id_of(e), ticket = (long long)jnum(cJSON_GetObjectItem(e, "ticket"), "id");
	cJSON_Delete(e);

	cJSON_Delete(wd_call(&f->w, "POST", "/api/v1/windows/1/open", f->clerk, NULL, 200));
	char body[300], path[64];
	snprintf(body, sizeof body, "{\"ticket\":%lld}", ticket);
	cJSON_Delete(wd_call(&f->w, "POST", "/api/v1/windows/1/call", f->clerk, body, 200));
	cJSON *l = list(f, f->guide, "", 200);
	cJSON *t = cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(l, "enquiries"), 0), "ticket");
	assert_string_equal(jstr(t, "status"), "called");
	assert_int_equal((int)jnum(t, "window"), 1);
	cJSON_Delete(l);
	snprintf(path, sizeof path, "/api/v1/tickets/%lld/start", ticket);
	cJSON_Delete(wd_call(&f->w, "POST", path, f->clerk, NULL, 200));
	snprintf(body, sizeof body, "{\"ticket\":%lld,\"matter\":\"SOC-01\",\"applicant\":{\"name\":\"赵六\","
		 "\"id_number\":\"510823199001011238\",\"phone\":\"" PHONE "\"},\"received\":[1,2,3,4]}", ticket);
	cJSON *c = wd_call(&f->w, "POST", "/api/v1/cases", f->clerk, body, 201);

	assert_int_equal(count_of(f, f->guide, ""), 0);
	l = list(f, f->guide, "?status=all", 200);
	e = cJSON_GetArrayItem(cJSON_GetObjectItem(l, "enquiries"), 0);
	assert_int_equal(id_of(e), id);
	assert_string_equal(jstr(e, "closed_how"), "case");
	assert_string_equal(jstr(cJSON_GetObjectItem(e, "case"), "number"), jstr(c, "number"));
	cJSON_Delete(l);
	cJSON_Delete(c);

	snprintf(path, sizeof path, "/api/v1/events?since=%lld", since);
	cJSON *ev = wd_call(&f->w, "GET", path, f->guide, NULL, 200);
	char *text = cJSON_PrintUnformatted(ev);
	assert_null(strstr(text, PHONE));
	assert_null(strstr(text, "赵六"));
	assert_null(strstr(text, "case.accepted"));    /* the guide reads no case events */
	assert_non_null(strstr(text, "enquiry.recorded"));
	assert_non_null(strstr(text, "ticket.called"));
	assert_non_null(strstr(text, "enquiry.closed"));
	free(text);
	cJSON_Delete(ev);
}

/* The applicant the guide sent comes back for a case already open: the
 * window continues it on the ticket (a visit), which closes the enquiry
 * as that case's; and a ticket transferred on to another window still
 * closes the enquiry of the ticket it came from. */
static void test_visit_and_transfer_close_it(void **state)
{
	struct fx *f = *state;
	cJSON_Delete(wd_call(&f->w, "POST", "/api/v1/windows/1/open", f->clerk, NULL, 200));
	/* A case notified earlier (a material missing). */
	cJSON *t0 = wd_call(&f->w, "POST", "/api/v1/tickets", f->guide, "{\"service\":\"SOC\"}", 201);
	char body[400], path[96];
	snprintf(body, sizeof body, "{\"ticket\":%lld}", (long long)jnum(t0, "id"));
	cJSON_Delete(wd_call(&f->w, "POST", "/api/v1/windows/1/call", f->clerk, body, 200));
	snprintf(body, sizeof body, "{\"ticket\":%lld,\"matter\":\"SOC-01\",\"applicant\":{\"name\":\"钱七\","
		 "\"id_number\":\"510823199001011238\",\"phone\":\"" PHONE "\"},\"received\":[1]}",
		 (long long)jnum(t0, "id"));
	cJSON *c = wd_call(&f->w, "POST", "/api/v1/cases", f->clerk, body, 201);
	long long case_id = (long long)jnum(c, "id");
	snprintf(path, sizeof path, "/api/v1/tickets/%lld/start", (long long)jnum(t0, "id"));
	cJSON_Delete(wd_call(&f->w, "POST", path, f->clerk, NULL, 200));
	snprintf(path, sizeof path, "/api/v1/tickets/%lld/finish", (long long)jnum(t0, "id"));
	cJSON_Delete(wd_call(&f->w, "POST", path, f->clerk, NULL, 200));
	cJSON_Delete(t0);

	/* The guide issues the returning applicant's ticket; window 1 continues the case. */
	cJSON *e = record(f, f->guide, "{\"asked\":\"补材料\",\"action\":\"ticket\",\"ticket\":{\"service\":\"SOC\"}}");
	long long ticket = (long long)jnum(cJSON_GetObjectItem(e, "ticket"), "id");
	cJSON_Delete(e);
	snprintf(body, sizeof body, "{\"ticket\":%lld}", ticket);
	cJSON_Delete(wd_call(&f->w, "POST", "/api/v1/windows/1/call", f->clerk, body, 200));
	snprintf(path, sizeof path, "/api/v1/cases/%lld/visits", case_id);
	cJSON_Delete(wd_call(&f->w, "POST", path, f->clerk, body, 200));
	cJSON *l = list(f, f->guide, "?status=all", 200);
	e = cJSON_GetArrayItem(cJSON_GetObjectItem(l, "enquiries"), 0);
	assert_string_equal(jstr(e, "closed_how"), "case");
	assert_string_equal(jstr(cJSON_GetObjectItem(e, "case"), "number"), jstr(c, "number"));
	cJSON_Delete(l);
	cJSON_Delete(c);
	snprintf(path, sizeof path, "/api/v1/tickets/%lld/start", ticket);
	cJSON_Delete(wd_call(&f->w, "POST", path, f->clerk, NULL, 200));
	snprintf(path, sizeof path, "/api/v1/tickets/%lld/finish", ticket);
	cJSON_Delete(wd_call(&f->w, "POST", path, f->clerk, NULL, 200));

	/* Issued for SOC, sent on by window 1 to window 3's service: the case
	 * taken there closes the guide's enquiry. */
	e = record(f, f->guide, "{\"asked\":\"养老金\",\"action\":\"ticket\",\"ticket\":{\"service\":\"SOC\"}}");
	ticket = (long long)jnum(cJSON_GetObjectItem(e, "ticket"), "id");
	long long id = (long long)jnum(e, "id");
	cJSON_Delete(e);
	snprintf(body, sizeof body, "{\"ticket\":%lld}", ticket);
	cJSON_Delete(wd_call(&f->w, "POST", "/api/v1/windows/1/call", f->clerk, body, 200));
	snprintf(path, sizeof path, "/api/v1/tickets/%lld/transfer", ticket);
	cJSON *moved = wd_call(&f->w, "POST", path, f->clerk, "{\"service\":\"PEN\"}", 200);
	cJSON *nt = cJSON_GetObjectItem(moved, "new_ticket");
	long long follow = (long long)jnum(nt, "id");
	assert_int_equal((long long)jnum(nt, "transferred_from"), ticket);
	cJSON_Delete(moved);
	char *clerk3 = wd_login(&f->w, "clerk3", 3);
	cJSON_Delete(wd_call(&f->w, "POST", "/api/v1/windows/3/open", clerk3, NULL, 200));
	snprintf(body, sizeof body, "{\"ticket\":%lld}", follow);
	cJSON_Delete(wd_call(&f->w, "POST", "/api/v1/windows/3/call", clerk3, body, 200));
	snprintf(body, sizeof body, "{\"ticket\":%lld,\"matter\":\"PEN-02\",\"applicant\":{\"name\":\"孙八\","
		 "\"id_number\":\"510823199001011238\",\"phone\":\"" PHONE "\"},\"received\":[1]}", follow);
	cJSON_Delete(wd_call(&f->w, "POST", "/api/v1/cases", clerk3, body, 201));
	free(clerk3);
	assert_int_equal(count_of(f, f->guide, ""), 0);
	cJSON *all = list(f, f->guide, "?status=all", 200);
	cJSON *it;
	int seen = 0;
	cJSON_ArrayForEach(it, cJSON_GetObjectItem(all, "enquiries"))
		if ((long long)jnum(it, "id") == id) {
			assert_string_equal(jstr(it, "closed_how"), "case");
			seen++;
		}
	assert_int_equal(seen, 1);
	cJSON_Delete(all);
}

/* The report: per staff member, recorded, closed and closed the same day
 * (one closed the next day is closed, not the same day). */
static void test_report(void **state)
{
	struct fx *f = *state;
	cJSON_Delete(record(f, f->guide, "{\"asked\":\"一\",\"action\":\"answered\"}"));
	cJSON_Delete(record(f, f->guide, "{\"asked\":\"二\",\"action\":\"answered\"}"));
	cJSON *e = record(f, f->guide, "{\"asked\":\"三\",\"action\":\"open\"}");
	long long late = id_of(e);
	cJSON_Delete(e);
	cJSON_Delete(record(f, f->clerk, "{\"asked\":\"四\",\"action\":\"open\"}"));
	cJSON *hall = wd_call(&f->w, "GET", "/api/v1/hall", f->sup, NULL, 200);
	char day1[16];
	snprintf(day1, sizeof day1, "%s", jstr(hall, "today"));
	cJSON_Delete(hall);

	/* The next day, the guide closes the third. */
	wd_restart_logging(&f->w, "--time-shift 86400", f->w.log);
	char *guide = wd_login(&f->w, "guide", 0), *sup = wd_login(&f->w, "supervisor", 0), path[96];
	snprintf(path, sizeof path, "/api/v1/enquiries/%lld/close", late);
	cJSON_Delete(wd_call(&f->w, "POST", path, guide, "{\"how\":\"answered\"}", 200));
	snprintf(path, sizeof path, "/api/v1/reports?from=%s", day1);
	cJSON *rp = wd_call(&f->w, "GET", path, sup, NULL, 200);
	cJSON *rows = cJSON_GetObjectItem(rp, "enquiries");
	assert_int_equal(cJSON_GetArraySize(rows), 2);
	cJSON *c = cJSON_GetArrayItem(rows, 0), *g = cJSON_GetArrayItem(rows, 1);
	assert_string_equal(jstr(c, "user"), "clerk1");
	assert_int_equal((int)jnum(c, "recorded"), 1);
	assert_int_equal((int)jnum(c, "closed"), 0);
	assert_string_equal(jstr(g, "user"), "guide");
	assert_string_equal(jstr(g, "name"), "周晓燕");
	assert_int_equal((int)jnum(g, "recorded"), 3);
	assert_int_equal((int)jnum(g, "closed"), 3);
	assert_int_equal((int)jnum(g, "closed_same_day"), 2);
	cJSON_Delete(rp);
	free(guide);
	free(sup);
}

/* Bad requests: each a 4xx with its code, and nothing recorded, issued or
 * closed (the feed's last event and the counts stay). */
static void test_bad_input(void **state)
{
	struct fx *f = *state;
	cJSON *e = record(f, f->guide, "{\"asked\":\"在办\",\"action\":\"open\"}");
	char close[64];
	snprintf(close, sizeof close, "/api/v1/enquiries/%lld/close", id_of(e));
	cJSON_Delete(e);
	cJSON *ev = wd_call(&f->w, "GET", "/api/v1/events", f->sup, NULL, 200);
	double last = jnum(ev, "last");
	cJSON_Delete(ev);
	static const struct {
		const char *body;
		long status;
		const char *code;
	} bad[] = {
		{ "{\"action\":\"open\"}", 400, "missing_field" },
		{ "{\"asked\":\"  \",\"action\":\"open\"}", 400, "invalid_field" },
		{ "{\"asked\":\"a\\u001b[2Jb\",\"action\":\"open\"}", 400, "invalid_field" },
		{ "{\"asked\":\"x\"}", 400, "missing_field" },
		{ "{\"asked\":\"x\",\"action\":\"shrug\"}", 400, "invalid_field" },
		{ "{\"asked\":\"x\",\"action\":\"ticket\"}", 400, "missing_field" },
		{ "{\"asked\":\"x\",\"action\":\"ticket\",\"ticket\":{\"service\":\"NOPE\"}}", 404, "unknown_service" },
		{ "{\"asked\":\"x\",\"action\":\"open\",\"matter\":\"NOPE-9\"}", 404, "unknown_matter" },
		{ "{\"asked\":\"x\",\"action\":\"transferred\"}", 400, "missing_field" },
		{ "{\"asked\":\"x\",\"action\":\"transferred\",\"transfer\":{\"window\":3,\"dept\":\"民政局\"}}",
		  400, "missing_field" },
		{ "{\"asked\":\"x\",\"action\":\"transferred\",\"transfer\":{\"window\":99}}", 404, "not_found" },
		{ "{\"asked\":\"x\",\"action\":\"open\",\"applicant\":{\"phone\":\"12345\"}}", 400, "invalid_phone" },
		{ "{\"asked\":\"x\",\"action\":\"open\",\"applicant\":\"张三\"}", 400, "invalid_field" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		wd_call_err(&f->w, "POST", "/api/v1/enquiries", f->guide, bad[i].body, bad[i].status, bad[i].code, NULL);
	wd_call_err(&f->w, "POST", close, f->guide, "{\"how\":\"maybe\"}", 400, "invalid_field", NULL);
	wd_call_err(&f->w, "POST", close, f->guide, "{}", 400, "missing_field", NULL);
	wd_call_err(&f->w, "POST", close, f->guide, "{\"how\":\"case\",\"case\":999999}", 404, "not_found", NULL);
	wd_call_err(&f->w, "POST", "/api/v1/enquiries/999999/close", f->guide, "{\"how\":\"answered\"}", 404,
		    "not_found", NULL);
	wd_call_err(&f->w, "GET", "/api/v1/enquiries?status=shut", f->guide, NULL, 400, "invalid_query", NULL);
	/* The guide desk works no window and no case. */
	wd_call_err(&f->w, "POST", "/api/v1/windows/1/call", f->guide, "{}", 403, "forbidden", NULL);
	wd_call_err(&f->w, "GET", "/api/v1/cases", f->guide, NULL, 403, "forbidden", NULL);

	ev = wd_call(&f->w, "GET", "/api/v1/events", f->sup, NULL, 200);
	assert_true(jnum(ev, "last") == last);
	cJSON_Delete(ev);
	assert_int_equal(count_of(f, f->guide, "?status=all"), 1);
	assert_int_equal(count_of(f, f->guide, ""), 1);
}

/* An admin makes a guide desk's account (no window: a guide works at
 * none); it signs in, issues a ticket and records an enquiry. */
static void test_guide_account(void **state)
{
	struct fx *f = *state;
	char *admin = wd_login(&f->w, "admin", 0);
	wd_call_err(&f->w, "POST", "/api/v1/accounts", admin, "{\"user\":\"dx2\",\"name\":\"孙丽\","
		    "\"role\":\"guide\",\"windows\":[1],\"password\":\"guide-pass-1\"}", 400, "invalid_field", NULL);
	cJSON *a = wd_call(&f->w, "POST", "/api/v1/accounts", admin, "{\"user\":\"dx2\",\"name\":\"孙丽\","
			   "\"role\":\"guide\",\"password\":\"guide-pass-1\"}", 201);
	assert_string_equal(jstr(a, "role"), "guide");
	cJSON_Delete(a);
	free(admin);
	struct resp r;
	http(&f->w, "POST", "/api/v1/login", NULL, "{\"user\":\"dx2\",\"password\":\"guide-pass-1\"}", NULL, &r);
	assert_int_equal(r.status, 200);
	char *tok = strdup(jstr(r.json, "token"));
	resp_free(&r);
	cJSON_Delete(wd_call(&f->w, "POST", "/api/v1/tickets", tok, "{\"service\":\"MAR\"}", 201));
	cJSON *e = record(f, tok, "{\"asked\":\"结婚登记要带什么\",\"action\":\"answered\"}");
	assert_string_equal(jstr(e, "owner"), "dx2");
	assert_string_equal(jstr(e, "owner_name"), "孙丽");
	cJSON_Delete(e);
	free(tok);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_each_action), T(test_owner_only), T(test_case_closes_it), T(test_report),
		T(test_bad_input), T(test_guide_account), T(test_visit_and_transfer_close_it),
	};
#undef T
	return cmocka_run_group_tests(tests, NULL, NULL);
}
