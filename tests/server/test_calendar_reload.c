/* test_calendar_reload.c - deadlines when the year turns (issue 15, part 2),
 * against a real wicketd whose clock is moved with --time-shift:
 *
 * - December 2026, no 2027 file: 2027 counts the law's holidays (元旦,
 *   春节 ...) and stays provisional, saying which year's notice it waits
 *   for; calendar/due from 12-31 + 1 is 01-04, not 元旦; a case of 20
 *   working days accepted 12-07 is due 01-05;
 * - from 1 November the board and the log warn while 2027.txt is missing
 *   (not on 31 October);
 * - the notice arrives: a bad 2027.txt is refused by the endpoint (422,
 *   file:line) and by SIGHUP (logged), nothing changes; --check-calendar
 *   says the same with its exit status; a right one, by SIGHUP or the
 *   endpoint, moves the open cases' due dates, each with a due_changed
 *   step, a case.due_changed event and a line on the board.
 *
 * The 2027 file is a made-up notice (the real one is not out in December
 * 2026): 元旦 01-01..03, 春节 02-05..02-13 with make-up days on Sunday
 * 01-31 and Saturday 02-20. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "harness.h"
#include "wicket/common/xalloc.h"

#define ID_NUMBER "510823199001011238"

static const char notice_2027[] =
	"# 国务院办公厅关于2027年部分节假日安排的通知（测试用，虚构）\n"
	"year 2027\n"
	"2027-01-01 holiday 元旦\n2027-01-02 holiday 元旦\n2027-01-03 holiday 元旦\n"
	"2027-01-31 workday 春节调休上班\n"
	"2027-02-05 holiday 春节\n2027-02-06 holiday 春节\n2027-02-07 holiday 春节\n"
	"2027-02-08 holiday 春节\n2027-02-09 holiday 春节\n2027-02-10 holiday 春节\n"
	"2027-02-11 holiday 春节\n2027-02-12 holiday 春节\n2027-02-13 holiday 春节\n"
	"2027-02-20 workday 春节调休上班\n";

struct fx {
	struct wd w;
	bool started;
	char cal[320];           /* the calendar folder wicketd reads */
	char *admin, *sup, *kiosk, *clerk;
};

static void fx_login(struct fx *f)
{
	free(f->admin);
	free(f->sup);
	free(f->kiosk);
	free(f->clerk);
	f->admin = wd_login(&f->w, "admin", 0);
	f->sup = wd_login(&f->w, "supervisor", 0);
	f->kiosk = wd_login(&f->w, "kiosk", 0);
	f->clerk = wd_login(&f->w, "clerk1", 1);
	struct resp r;
	http(&f->w, "POST", "/api/v1/windows/1/open", f->clerk, NULL, NULL, &r);
	resp_free(&r);
}

/* (Re)start wicketd with its clock at hall time at, logging, on the same
 * database. */
static void fx_at(struct fx *f, const char *at)
{
	char args[512];
	snprintf(args, sizeof args, "--time-shift %lld --calendar %s",
		 (long long)(wd_hall_epoch(at) - (int64_t)time(NULL)), f->cal);
	if (f->started) {
		if (f->w.pid > 0)
			assert_int_equal(wd_term(&f->w), 0);
		wd_restart_logging(&f->w, args, f->w.log);
	} else {
		wd_start_logging(&f->w, true, args);
		f->started = true;
	}
	fx_login(f);
}

/* The calendar folder: the real 2025 and 2026 files. */
static void fx_calendar(struct fx *f)
{
	tmp_make(f->cal, sizeof f->cal);
	for (int y = 2025; y <= 2026; y++) {
		char path[512], name[16];
		snprintf(path, sizeof path, "%s/%d.txt", getenv("WICKET_CALENDAR_DIR"), y);
		snprintf(name, sizeof name, "%d.txt", y);
		char *text = slurp(path);
		file_write(f->cal, name, text, strlen(text));
		free(text);
	}
}

static int setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof *f);
	fx_calendar(f);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	wd_stop(&f->w);
	tmp_remove(f->cal);
	free(f->admin);
	free(f->sup);
	free(f->kiosk);
	free(f->clerk);
	free(f);
	return 0;
}

/* A SOC case of matter accepted at window 1 now, with every material; its
 * id.  The guide's materials are received whole: the case is accepted. */
static int64_t fx_accept(struct fx *f, const char *matter)
{
	char body[512];
	cJSON *t = wd_call(&f->w, "POST", "/api/v1/tickets", f->kiosk, "{\"service\":\"SOC\"}", 201);
	long long tk = (long long)jnum(t, "id");
	cJSON_Delete(t);
	snprintf(body, sizeof body, "{\"ticket\":%lld}", tk);
	cJSON_Delete(wd_call(&f->w, "POST", "/api/v1/windows/1/call", f->clerk, body, 200));
	snprintf(body, sizeof body, "/api/v1/tickets/%lld/start", tk);
	cJSON_Delete(wd_call(&f->w, "POST", body, f->clerk, NULL, 200));
	/* Every material of the guide. */
	snprintf(body, sizeof body, "/api/v1/matters/%s", matter);
	cJSON *m = wd_call(&f->w, "GET", body, f->clerk, NULL, 200), *it;
	char ids[256] = "[";
	cJSON_ArrayForEach(it, cJSON_GetObjectItem(m, "materials"))
		snprintf(ids + strlen(ids), sizeof ids - strlen(ids), "%s%d", ids[1] ? "," : "",
			 (int)jnum(it, "id"));
	strcat(ids, "]");
	cJSON_Delete(m);
	snprintf(body, sizeof body, "{\"ticket\":%lld,\"matter\":\"%s\",\"applicant\":{\"name\":\"王秀英\","
		 "\"id_number\":\"" ID_NUMBER "\",\"phone\":\"13812345678\"},\"received\":%s}", tk, matter, ids);
	cJSON *c = wd_call(&f->w, "POST", "/api/v1/cases", f->clerk, body, 201);
	assert_string_equal(jstr(c, "status"), "accepted");
	int64_t id = (int64_t)jnum(c, "id");
	cJSON_Delete(c);
	snprintf(body, sizeof body, "/api/v1/tickets/%lld/finish", tk);
	cJSON_Delete(wd_call(&f->w, "POST", body, f->clerk, "{}", 200));
	return id;
}

/* Case id's due date and provisional flag must be want / want_prov, and
 * its provisional_year want_year (0: null). */
static void expect_case_due(struct fx *f, int64_t id, const char *want, bool want_prov, int want_year)
{
	char path[64];
	snprintf(path, sizeof path, "/api/v1/cases/%lld", (long long)id);
	cJSON *c = wd_call(&f->w, "GET", path, f->clerk, NULL, 200);
	assert_string_equal(jstr(c, "due"), want);
	assert_int_equal(cJSON_IsTrue(cJSON_GetObjectItem(c, "provisional")), want_prov);
	cJSON *y = cJSON_GetObjectItem(c, "provisional_year");
	if (want_year)
		assert_int_equal((int)jnum(c, "provisional_year"), want_year);
	else
		assert_true(cJSON_IsNull(y));
	cJSON_Delete(c);
}

static void expect_calendar_due(struct fx *f, const char *from, int days, const char *want, bool prov)
{
	char path[96];
	snprintf(path, sizeof path, "/api/v1/calendar/due?from=%s&days=%d", from, days);
	cJSON *j = wd_call(&f->w, "GET", path, f->clerk, NULL, 200);
	assert_string_equal(jstr(j, "due"), want);
	assert_int_equal(cJSON_IsTrue(cJSON_GetObjectItem(j, "provisional")), prov);
	cJSON_Delete(j);
}

/* The board's calendar.missing_year (0 for null). */
static int board_missing_year(struct fx *f)
{
	cJSON *b = wd_call(&f->w, "GET", "/api/v1/board", f->sup, NULL, 200);
	cJSON *y = cJSON_GetObjectItem(cJSON_GetObjectItem(b, "calendar"), "missing_year");
	int year = cJSON_IsNumber(y) ? y->valueint : 0;
	cJSON_Delete(b);
	return year;
}

/* ---- the law's 2027 ------------------------------------------------------------ */

static void test_provisional_2027_from_the_law(void **state)
{
	struct fx *f = *state;
	fx_at(f, "2026-12-07T09:00:00");
	/* 2026-12-31 Thu + 1: 01-01 is 元旦, 01-02/03 a weekend. */
	expect_calendar_due(f, "2026-12-31", 1, "2027-01-04", true);
	cJSON *j = wd_call(&f->w, "GET", "/api/v1/calendar/due?from=2026-12-31&days=1", f->clerk, NULL, 200);
	assert_int_equal((int)jnum(j, "provisional_year"), 2027);
	cJSON_Delete(j);
	/* Across 春节 2027 (02-05 .. 02-08 by the law). */
	expect_calendar_due(f, "2027-02-04", 1, "2027-02-09", true);
	/* Inside 2026: certain, no year named. */
	expect_calendar_due(f, "2026-12-07", 10, "2026-12-21", false);
	j = wd_call(&f->w, "GET", "/api/v1/calendar/due?from=2026-12-07&days=10", f->clerk, NULL, 200);
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(j, "provisional_year")));
	cJSON_Delete(j);
	/* 高龄津贴 (SOC-04, 20 working days) accepted on 12-07: 01-05. */
	int64_t id = fx_accept(f, "SOC-04");
	expect_case_due(f, id, "2027-01-05", true, 2027);
}

/* ---- the warning from 1 November -------------------------------------------------- */

static void test_missing_next_year_warns_from_november(void **state)
{
	struct fx *f = *state;
	fx_at(f, "2026-10-31T09:00:00");
	assert_int_equal(board_missing_year(f), 0);
	assert_int_equal(wd_log_count(&f->w, "no calendar file for 2027"), 0);
	fx_at(f, "2026-11-01T09:00:00");
	assert_int_equal(board_missing_year(f), 2027);
	wd_log_wait(&f->w, "no calendar file for 2027", 1, 5000);
	/* With the file, no warning. */
	file_write(f->cal, "2027.txt", notice_2027, strlen(notice_2027));
	cJSON_Delete(wd_call(&f->w, "POST", "/api/v1/calendar/reload", f->admin, "{}", 200));
	assert_int_equal(board_missing_year(f), 0);
	/* Only an administrator may reload. */
	wd_call_err(&f->w, "POST", "/api/v1/calendar/reload", f->sup, "{}", 403, "forbidden", NULL);
}

/* ---- the notice arrives ------------------------------------------------------------ */

/* The case.due_changed events of the feed about case id: how many, and
 * the data of the last one (the caller deletes it). */
static int due_events(struct fx *f, int64_t id, cJSON **last, int *window)
{
	cJSON *feed = wd_call(&f->w, "GET", "/api/v1/events?since=0", f->sup, NULL, 200), *e;
	int n = 0;
	*last = NULL;
	cJSON_ArrayForEach(e, cJSON_GetObjectItem(feed, "events"))
		if (strcmp(jstr(e, "kind"), "case.due_changed") == 0 && (int64_t)jnum(e, "case") == id) {
			n++;
			cJSON_Delete(*last);
			*last = cJSON_Duplicate(cJSON_GetObjectItem(e, "data"), true);
			*window = (int)jnum(e, "window");
		}
	cJSON_Delete(feed);
	return n;
}

/* Case id's last step: action due_changed by nobody, from -> to. */
static void expect_due_step(struct fx *f, int64_t id, const char *from, const char *to)
{
	char path[64];
	snprintf(path, sizeof path, "/api/v1/cases/%lld", (long long)id);
	cJSON *c = wd_call(&f->w, "GET", path, f->clerk, NULL, 200);
	cJSON *steps = cJSON_GetObjectItem(c, "steps");
	cJSON *st = cJSON_GetArrayItem(steps, cJSON_GetArraySize(steps) - 1);
	assert_string_equal(jstr(st, "action"), "due_changed");
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(st, "by")));
	cJSON *d = cJSON_GetObjectItem(st, "detail");
	assert_string_equal(jstr(d, "from"), from);
	assert_string_equal(jstr(d, "to"), to);
	assert_int_equal((int)jnum(d, "year"), 2027);
	assert_false(cJSON_IsTrue(cJSON_GetObjectItem(d, "provisional")));
	cJSON_Delete(c);
}

static void test_the_notice_arrives(void **state)
{
	struct fx *f = *state;
	fx_at(f, "2026-12-07T09:00:00");
	int64_t a = fx_accept(f, "SOC-04");       /* 20 days: 01-05 */
	fx_at(f, "2026-12-28T09:00:00");
	int64_t b = fx_accept(f, "SOC-01");       /* 30 days: over 春节 */
	/* Dec 29-31 (3), Jan 4-29 (23), Feb 1-4 (27), 02-05..08 off, 9, 10, 11. */
	expect_case_due(f, b, "2027-02-11", true, 2027);
	cJSON *last;
	int window = 0;
	assert_int_equal(due_events(f, b, &last, &window), 0);

	/* A bad line: refused with file:line, by the endpoint and by SIGHUP. */
	char bad[sizeof notice_2027 + 64];
	snprintf(bad, sizeof bad, "%s2027-02-30 holiday 春节\n", notice_2027);
	file_write(f->cal, "2027.txt", bad, strlen(bad));
	struct resp r;
	assert_int_equal(http(&f->w, "POST", "/api/v1/calendar/reload", f->admin, "{}", NULL, &r), 422);
	assert_string_equal(resp_error_code(&r), "calendar_invalid");
	cJSON *err = cJSON_GetObjectItem(r.json, "error");
	assert_non_null(strstr(jstr(err, "file"), "2027.txt"));
	assert_int_equal((int)jnum(err, "line"), 17);
	resp_free(&r);
	assert_int_equal(kill(f->w.pid, SIGHUP), 0);
	wd_log_wait(&f->w, "calendar not reloaded, the old one is kept", 2, 5000);
	assert_true(wd_log_count(&f->w, "2027.txt:17: invalid date") >= 2);
	expect_case_due(f, b, "2027-02-11", true, 2027);
	expect_calendar_due(f, "2026-12-31", 1, "2027-01-04", true);
	/* --check-calendar says so before it goes live. */
	char args[400], out[512];
	snprintf(args, sizeof args, "--check-calendar %s", f->cal);
	assert_int_equal(wd_run(args, out, sizeof out), 1);
	assert_non_null(strstr(out, "2027.txt:17: invalid date '2027-02-30'"));

	/* The right file, by SIGHUP. */
	file_write(f->cal, "2027.txt", notice_2027, strlen(notice_2027));
	assert_int_equal(wd_run(args, out, sizeof out), 0);
	assert_int_equal(kill(f->w.pid, SIGHUP), 0);
	wd_log_wait(&f->w, "calendar reloaded from", 1, 5000);
	/* Dec 29-31 (3), Jan 4-29 (23), Sun 01-31 (24), Feb 1-4 (28), 15, 16. */
	expect_case_due(f, b, "2027-02-16", false, 0);
	expect_due_step(f, b, "2027-02-11", "2027-02-16");
	assert_int_equal(due_events(f, b, &last, &window), 1);
	assert_string_equal(jstr(last, "from"), "2027-02-11");
	assert_string_equal(jstr(last, "to"), "2027-02-16");
	assert_int_equal(window, 1);
	cJSON_Delete(last);
	/* The 20-day case keeps its date, no longer provisional: recorded too. */
	expect_case_due(f, a, "2027-01-05", false, 0);
	expect_due_step(f, a, "2027-01-05", "2027-01-05");
	expect_calendar_due(f, "2027-02-04", 1, "2027-02-15", false);
	/* The board shows the changes, the latest first, and no warning. */
	cJSON *board = wd_call(&f->w, "GET", "/api/v1/board", f->sup, NULL, 200);
	cJSON *cal = cJSON_GetObjectItem(board, "calendar");
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(cal, "missing_year")));
	cJSON *changes = cJSON_GetObjectItem(cal, "due_changes");
	assert_int_equal(cJSON_GetArraySize(changes), 2);
	cJSON *first = cJSON_GetArrayItem(changes, 0);
	assert_int_equal((int64_t)jnum(first, "case"), b);
	assert_string_equal(jstr(first, "from"), "2027-02-11");
	assert_string_equal(jstr(first, "to"), "2027-02-16");
	assert_int_equal((int)jnum(first, "year"), 2027);
	cJSON_Delete(board);

	/* Reloading the same files again changes nothing. */
	cJSON *j = wd_call(&f->w, "POST", "/api/v1/calendar/reload", f->admin, "{}", 200);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(j, "changed")), 0);
	cJSON *years = cJSON_GetObjectItem(j, "years");
	assert_int_equal(cJSON_GetArraySize(years), 3);
	assert_int_equal(cJSON_GetArrayItem(years, 2)->valueint, 2027);
	cJSON_Delete(j);
	assert_int_equal(due_events(f, b, &last, &window), 1);
	cJSON_Delete(last);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_provisional_2027_from_the_law, setup, teardown),
		cmocka_unit_test_setup_teardown(test_missing_next_year_warns_from_november, setup, teardown),
		cmocka_unit_test_setup_teardown(test_the_notice_arrives, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
