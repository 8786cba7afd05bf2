/* test_supervisor.c - the supervisors' endpoints against a real wicketd:
 * the hall board, a window's day, walk-in audits and their rectification
 * due dates across the National Day holiday, the seeded follow-up sample
 * (reproducible, stratified by window, leaving out applicants called
 * lately), follow-up tasks for poor ratings from the counter and from
 * calls, and the report (JSON and CSV) against a scenario built here
 * through the API, with every expected figure worked out by hand from
 * what the API said happened.  Roles, bad input and personal data too.
 *
 * The server's clock is moved with --time-shift to fixed days of 2026 (the
 * demo calendar covers it), so dates and working days are known; restarts
 * on the same database also show every change was durable. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "harness.h"
#include "wicket/common/buf.h"
#include "wicket/core/calendar.h"
#include "wicket/server/calendar_dir.h"
#include "wicket/core/case.h"
#include "wicket/common/xalloc.h"

#define PHONE_FMT "1381234%04d"

struct fx {
	struct wd w;
	bool started;
	char args[512];          /* extra wicketd arguments besides --time-shift */
	char *sup, *kiosk, *admin, *clerk[4];   /* clerk[n] signed in at window n */
	struct calendar *cal;
};

/* ---- time ------------------------------------------------------------------ */

/* "YYYY-MM-DDTHH:MM:SS+08:00" as epoch seconds. */
static int64_t iso_epoch(const char *s)
{
	int y, mo, d, h, mi, se, oh, om;
	char sign;
	if (!s || sscanf(s, "%d-%d-%dT%d:%d:%d%c%d:%d", &y, &mo, &d, &h, &mi, &se, &sign, &oh, &om) != 9)
		fail_msg("not an ISO time: %s", s ? s : "(null)");
	struct tm tm = { .tm_year = y - 1900, .tm_mon = mo - 1, .tm_mday = d,
			 .tm_hour = h, .tm_min = mi, .tm_sec = se };
	return (int64_t)timegm(&tm) - (sign == '-' ? -1 : 1) * (3600 * oh + 60 * om);
}

static void fx_login(struct fx *f)
{
	free(f->sup);
	free(f->kiosk);
	free(f->admin);
	f->sup = wd_login(&f->w, "supervisor", 0);
	f->kiosk = wd_login(&f->w, "kiosk", 0);
	f->admin = wd_login(&f->w, "admin", 0);
	for (int i = 1; i <= 3; i++) {
		char user[16];
		snprintf(user, sizeof user, "clerk%d", i);
		free(f->clerk[i]);
		f->clerk[i] = wd_login(&f->w, user, i);
	}
}

/* (Re)start wicketd with its clock at `at` (hall time, "2026-12-02T09:00:00")
 * on the same database, and sign everyone in again. */
static void fx_at(struct fx *f, const char *at)
{
	char iso[40], args[640];
	snprintf(iso, sizeof iso, "%s+08:00", at);
	snprintf(args, sizeof args, "--time-shift %lld %s",
		 (long long)(iso_epoch(iso) - (int64_t)time(NULL)), f->args);
	if (f->started) {
		assert_int_equal(wd_term(&f->w), 0);
		wd_restart(&f->w, args);
	} else {
		wd_start(&f->w, true, args);
		f->started = true;
	}
	fx_login(f);
}

static int setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof *f);
	f->cal = cal_new();
	assert_int_equal(srv_calendar_load_dir(f->cal, getenv("WICKET_CALENDAR_DIR"), NULL), 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	wd_stop(&f->w);
	cal_free(f->cal);
	free(f->sup);
	free(f->kiosk);
	free(f->admin);
	for (int i = 1; i <= 3; i++)
		free(f->clerk[i]);
	free(f);
	return 0;
}

/* ---- requests ------------------------------------------------------------------ */

static cJSON *call(struct fx *f, const char *method, const char *path, const char *token,
		   const char *body, long want)
{
	return wd_call(&f->w, method, path, token, body, want);
}

static void call_err(struct fx *f, const char *method, const char *path, const char *token,
		     const char *body, long want, const char *code)
{
	wd_call_err(&f->w, method, path, token, body, want, code, NULL);
}

/* A request whose reply is not looked at. */
static void run(struct fx *f, const char *method, const char *path, const char *token,
		const char *body, long want)
{
	cJSON_Delete(call(f, method, path, token, body, want));
}

static bool is_null(const cJSON *o, const char *name)
{
	return cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(o, name));
}

static const cJSON *member(const cJSON *o, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
	if (!v)
		fail_msg("no member '%s'", name);
	return v;
}

/* A ticket for service issued at the kiosk; returns its id, and its number
 * in number when not NULL. */
static int64_t fx_issue(struct fx *f, const char *service, char number[16])
{
	cJSON *t = call(f, "POST", "/api/v1/tickets", f->kiosk, wd_fmt("{\"service\":\"%s\"}", service), 201);
	int64_t id = (int64_t)jnum(t, "id");
	if (number)
		snprintf(number, 16, "%s", jstr(t, "number"));
	cJSON_Delete(t);
	return id;
}

/* Ticket id called at window no by its clerk. */
static void fx_call(struct fx *f, int no, int64_t id)
{
	run(f, "POST", wd_fmt("/api/v1/windows/%d/call", no), f->clerk[no], wd_fmt("{\"ticket\":%lld}", (long long)id), 200);
}

static void fx_step(struct fx *f, int no, int64_t id, const char *step)
{
	run(f, "POST", wd_fmt("/api/v1/tickets/%lld/%s", (long long)id, step), f->clerk[no], NULL, 200);
}

/* The ticket as GET /tickets/ID shows it (the caller deletes it). */
static cJSON *fx_ticket(struct fx *f, int64_t id)
{
	return call(f, "GET", wd_fmt("/api/v1/tickets/%lld", (long long)id), f->sup, NULL, 200);
}

/* A valid ID number for applicant n: Qingchuan's area, born 1990-01-01,
 * sequence n, and the right check character. */
static void id_number(int n, char out[CASE_ID_SIZE])
{
	snprintf(out, CASE_ID_SIZE, "51082319900101%03d", n % 1000);
	out[17] = case_id_check_char(out);
	out[18] = '\0';
}

/* A case for applicant n on ticket tk at window no; returns its id. */
static int64_t fx_case(struct fx *f, int no, int64_t tk, const char *matter, const char *received, int n)
{
	char id[CASE_ID_SIZE];
	id_number(n, id);
	cJSON *c = call(f, "POST", "/api/v1/cases", f->clerk[no],
			wd_fmt("{\"ticket\":%lld,\"matter\":\"%s\",\"applicant\":{\"name\":\"申请人%d\","
			    "\"id_number\":\"%s\",\"phone\":\"" PHONE_FMT "\"},\"received\":%s}",
			    (long long)tk, matter, n, id, n, received), 201);
	int64_t cid = (int64_t)jnum(c, "id");
	cJSON_Delete(c);
	return cid;
}

static void fx_case_act(struct fx *f, int no, int64_t id, const char *action, const char *body)
{
	run(f, "POST", wd_fmt("/api/v1/cases/%lld/%s", (long long)id, action), f->clerk[no], body, 200);
}

static void fx_rate(struct fx *f, int64_t id, int level)
{
	run(f, "POST", wd_fmt("/api/v1/cases/%lld/rating", (long long)id), f->kiosk,
	    wd_fmt("{\"level\":%d}", level), 200);
}

/* True when the feed holds an event of kind (at window, unless it is < 0). */
static bool feed_has(struct fx *f, const char *kind, int window)
{
	cJSON *feed = call(f, "GET", "/api/v1/events?since=0", f->sup, NULL, 200), *e;
	bool found = false;
	cJSON_ArrayForEach(e, member(feed, "events"))
		found |= strcmp(jstr(e, "kind"), kind) == 0 && (window < 0 || jnum(e, "window") == window);
	cJSON_Delete(feed);
	return found;
}

/* ---- roles ------------------------------------------------------------------- */

static const struct route_probe {
	const char *method, *path, *body;
	bool report;
} probes[] = {
	{ "GET", "/api/v1/board", NULL, false },
	{ "GET", "/api/v1/windows/1/day", NULL, false },
	{ "POST", "/api/v1/audits", "{}", false },
	{ "GET", "/api/v1/audits", NULL, false },
	{ "GET", "/api/v1/audits/1", NULL, false },
	{ "POST", "/api/v1/audits/1/findings/1/follow-up", "{}", false },
	{ "GET", "/api/v1/rectifications", NULL, false },
	{ "POST", "/api/v1/callbacks/sample", "{}", false },
	{ "GET", "/api/v1/callbacks", NULL, false },
	{ "POST", "/api/v1/callbacks/1/outcome", "{}", false },
	{ "GET", "/api/v1/reports", NULL, true },
};

static void test_roles(void **state)
{
	struct fx *f = *state;
	fx_at(f, "2026-12-02T10:00:00");
	char *trainer = wd_login(&f->w, "trainer", 0);
	for (size_t i = 0; i < sizeof probes / sizeof probes[0]; i++) {
		const struct route_probe *p = &probes[i];
		const char *refused[] = { f->clerk[1], trainer, f->kiosk };
		for (size_t j = 0; j < 3; j++)
			call_err(f, p->method, p->path, refused[j], p->body, 403, "forbidden");
		call_err(f, p->method, p->path, NULL, p->body, 401, "unauthorized");
		/* The administrator reads reports, and nothing else here. */
		if (p->report)
			run(f, p->method, p->path, f->admin, NULL, 200);
		else
			call_err(f, p->method, p->path, f->admin, p->body, 403, "forbidden");
	}
	free(trainer);
	/* The supervisor may: every read answers (an unknown audit is a 404). */
	run(f, "GET", "/api/v1/board", f->sup, NULL, 200);
	run(f, "GET", "/api/v1/windows/1/day", f->sup, NULL, 200);
	run(f, "GET", "/api/v1/audits", f->sup, NULL, 200);
	run(f, "GET", "/api/v1/rectifications", f->sup, NULL, 200);
	run(f, "GET", "/api/v1/callbacks", f->sup, NULL, 200);
	run(f, "GET", "/api/v1/reports", f->sup, NULL, 200);
	call_err(f, "GET", "/api/v1/audits/1", f->sup, NULL, 404, "not_found");
	call_err(f, "DELETE", "/api/v1/board", f->sup, NULL, 405, "method_not_allowed");
}

/* ---- the board -------------------------------------------------------------------- */

/* The demo hall (data/demo/hall.json or tickets.json) as JSON. */
static cJSON *demo_file(const char *name)
{
	struct buf b = BUF_INIT;
	char path[512];
	snprintf(path, sizeof path, "%s/demo/%s", getenv("WICKET_DATADIR"), name);
	assert_int_equal(buf_read_file(&b, path, 1 << 20), 0);
	cJSON *j = cJSON_Parse(buf_str(&b));
	buf_free(&b);
	assert_non_null(j);
	return j;
}

/* The window of the board numbered no. */
static const cJSON *board_window(const cJSON *board, int no)
{
	const cJSON *z, *w;
	cJSON_ArrayForEach(z, member(board, "zones"))
		cJSON_ArrayForEach(w, member(z, "windows"))
			if (jnum(w, "no") == no)
				return w;
	fail_msg("window %d is not on the board", no);
	return NULL;
}

static const cJSON *board_service(const cJSON *board, const char *code)
{
	const cJSON *sv;
	cJSON_ArrayForEach(sv, member(board, "services"))
		if (strcmp(jstr(sv, "code"), code) == 0)
			return sv;
	fail_msg("service %s is not on the board", code);
	return NULL;
}

/* Zones in the hall's order, each with exactly its windows by number. */
static void check_board_layout(const cJSON *board)
{
	cJSON *hall = demo_file("hall.json"), *hz, *hw;
	const cJSON *zones = member(board, "zones");
	int zi = 0;
	cJSON_ArrayForEach(hz, member(hall, "zones")) {
		const cJSON *bz = cJSON_GetArrayItem(zones, zi++), *bw;
		assert_non_null(bz);
		assert_string_equal(jstr(bz, "code"), jstr(hz, "code"));
		assert_string_equal(jstr(bz, "name"), jstr(hz, "name"));
		int want = 0, last = 0;
		cJSON_ArrayForEach(hw, member(hall, "windows"))
			want += strcmp(jstr(hw, "zone"), jstr(hz, "code")) == 0;
		assert_int_equal(cJSON_GetArraySize(member(bz, "windows")), want);
		cJSON_ArrayForEach(bw, member(bz, "windows")) {
			assert_string_equal(jstr(bw, "zone"), jstr(hz, "code"));
			assert_true(jnum(bw, "no") > last);
			last = (int)jnum(bw, "no");
		}
	}
	assert_int_equal(cJSON_GetArraySize(zones), zi);
	cJSON_Delete(hall);
}

/* Each service's waiting count is the demo's morning queue plus `extra`
 * of our own; the oldest is the first ticket of the day (the demo issues
 * the oldest first), and its wait is counted from its issue. */
static void check_board_services(struct fx *f, const cJSON *board, const char *extra_service, int extra)
{
	static const struct { const char *code; int window; } served_at[] = {
		{ "MAR", 1 }, { "SOC", 2 }, { "PEN", 3 }, { "SSC", 4 }, { "EMP", 5 }, { "MED", 7 },
		{ "DIS", 9 }, { "HUK", 10 },
	};
	cJSON *tickets = demo_file("tickets.json"), *t;
	int64_t now = iso_epoch(jstr(board, "now"));
	for (size_t i = 0; i < sizeof served_at / sizeof served_at[0]; i++) {
		const cJSON *sv = board_service(board, served_at[i].code);
		int want = strcmp(served_at[i].code, extra_service) == 0 ? extra : 0;
		cJSON_ArrayForEach(t, tickets)
			want += strcmp(jstr(t, "service"), served_at[i].code) == 0;
		assert_int_equal((long)jnum(sv, "waiting"), want);
		if (want == 0) {
			assert_true(is_null(sv, "oldest"));
			assert_int_equal((long)jnum(sv, "longest_wait"), 0);
			continue;
		}
		/* The oldest from the queue of a window of the service. */
		cJSON *q = call(f, "GET", wd_fmt("/api/v1/windows/%d/queue", served_at[i].window), f->sup, NULL, 200), *e;
		int64_t oldest = INT64_MAX;
		const char *number = NULL;
		cJSON_ArrayForEach(e, member(q, "tickets"))
			if (strcmp(jstr(e, "service"), served_at[i].code) == 0 && iso_epoch(jstr(e, "issued_at")) < oldest) {
				oldest = iso_epoch(jstr(e, "issued_at"));
				number = jstr(e, "number");
			}
		assert_non_null(number);
		assert_string_equal(jstr(sv, "oldest"), number);
		assert_int_equal((long)jnum(sv, "longest_wait"), now - oldest);
		cJSON_Delete(q);
	}
	cJSON_Delete(tickets);
}

static void test_board(void **state)
{
	struct fx *f = *state;
	fx_at(f, "2026-12-02T10:00:00");
	char number[16];
	/* Nothing open yet: MAR's demo queue waits with nobody to call it. */
	cJSON *b = call(f, "GET", "/api/v1/board", f->sup, NULL, 200);
	assert_true(jnum(board_service(b, "MAR"), "waiting") > 0);
	assert_int_equal((long)jnum(board_service(b, "MAR"), "open_windows"), 0);
	cJSON_Delete(b);
	run(f, "POST", "/api/v1/windows/1/open", f->clerk[1], NULL, 200);
	run(f, "POST", "/api/v1/windows/3/open", f->clerk[3], NULL, 200);
	run(f, "POST", "/api/v1/windows/3/pause", f->clerk[3], "{\"reason\":\"午休\"}", 200);
	int64_t t1 = fx_issue(f, "MAR", number);
	fx_call(f, 1, t1);
	fx_step(f, 1, t1, "start");

	b = call(f, "GET", "/api/v1/board", f->sup, NULL, 200);
	check_board_layout(b);
	/* Window 1 (MAR, SOC) is open; window 3 (PEN, SSC) is paused, which
	 * calls nobody. */
	assert_int_equal((long)jnum(board_service(b, "MAR"), "open_windows"), 1);
	assert_int_equal((long)jnum(board_service(b, "SOC"), "open_windows"), 1);
	assert_int_equal((long)jnum(board_service(b, "PEN"), "open_windows"), 0);
	int64_t now = iso_epoch(jstr(b, "now"));
	assert_string_equal(jstr(b, "today"), "2026-12-02");
	const cJSON *w1 = board_window(b, 1), *w2 = board_window(b, 2), *w3 = board_window(b, 3);
	assert_string_equal(jstr(w1, "status"), "open");
	assert_string_equal(jstr(w1, "clerk"), "clerk1");
	assert_string_equal(jstr(w1, "clerk_name"), "张雅婷");
	assert_true(is_null(w1, "pause_reason"));
	const cJSON *cur = member(w1, "current");
	cJSON *t = fx_ticket(f, t1);
	assert_string_equal(jstr(cur, "number"), number);
	assert_int_equal((long)jnum(cur, "id"), t1);
	assert_string_equal(jstr(cur, "status"), "serving");
	assert_string_equal(jstr(cur, "since"), jstr(t, "started_at"));
	assert_int_equal((long)jnum(cur, "seconds"), now - iso_epoch(jstr(t, "started_at")));
	cJSON_Delete(t);
	assert_string_equal(jstr(w3, "status"), "paused");
	assert_string_equal(jstr(w3, "pause_reason"), "午休");
	assert_string_equal(jstr(w3, "clerk"), "clerk3");
	assert_true(is_null(w3, "current"));
	assert_int_equal((long)jnum(w3, "status_seconds"), now - iso_epoch(jstr(w3, "status_since")));
	assert_string_equal(jstr(w2, "status"), "closed");
	assert_true(is_null(w2, "clerk") && is_null(w2, "clerk_name") && is_null(w2, "current"));
	assert_int_equal((long)jnum(w1, "served_today"), 0);
	check_board_services(f, b, "MAR", 0);
	assert_int_equal(cJSON_GetArraySize(member(b, "due_cases")), 0);
	cJSON_Delete(b);

	/* Finished: the window is free and has served one; a new SOC ticket waits. */
	fx_step(f, 1, t1, "finish");
	fx_issue(f, "SOC", NULL);
	b = call(f, "GET", "/api/v1/board", f->sup, NULL, 200);
	w1 = board_window(b, 1);
	assert_true(is_null(w1, "current"));
	assert_int_equal((long)jnum(w1, "served_today"), 1);
	check_board_services(f, b, "SOC", 1);
	cJSON_Delete(b);
}

/* Promised cases due today or overdue are on the board, with the working
 * days they are overdue; nothing personal is. */
static void test_board_due_cases(void **state)
{
	struct fx *f = *state;
	fx_at(f, "2026-12-02T10:00:00");        /* a Wednesday */
	run(f, "POST", "/api/v1/windows/1/open", f->clerk[1], NULL, 200);
	int64_t tk = fx_issue(f, "SOC", NULL);
	fx_call(f, 1, tk);
	/* 10 working days from Wed 2 December: 3, 4, 7-11, 14, 15, 16 -> 16 December. */
	int64_t due10 = fx_case(f, 1, tk, "SOC-03", "[1,2,3,4]", 1);
	int64_t immediate = fx_case(f, 1, tk, "MAR-01", "[1,2,3]", 2);
	fx_case_act(f, 1, immediate, "complete", NULL);
	fx_case(f, 1, tk, "SOC-01", "[1]", 3);                      /* notified: no clock */
	int64_t stopped = fx_case(f, 1, tk, "SOC-03", "[1,2,3,4]", 4);
	fx_case_act(f, 1, stopped, "suspend", "{\"reason\":\"等待协查\"}");
	int64_t done = fx_case(f, 1, tk, "SOC-03", "[1,2,3,4]", 5);
	fx_case_act(f, 1, done, "complete", NULL);

	fx_at(f, "2026-12-16T10:00:00");
	cJSON *b = call(f, "GET", "/api/v1/board", f->sup, NULL, 200);
	const cJSON *due = member(b, "due_cases");
	assert_int_equal(cJSON_GetArraySize(due), 1);
	const cJSON *c = cJSON_GetArrayItem(due, 0);
	assert_int_equal((long)jnum(c, "id"), due10);
	assert_string_equal(jstr(c, "due"), "2026-12-16");
	assert_int_equal((long)jnum(c, "working_days_overdue"), 0);
	assert_string_equal(jstr(c, "matter"), "SOC-03");
	assert_non_null(jstr(c, "matter_name"));
	assert_non_null(jstr(c, "number"));
	assert_int_equal((long)jnum(c, "window"), 1);
	assert_string_equal(jstr(c, "clerk"), "clerk1");
	assert_null(cJSON_GetObjectItem(c, "applicant"));
	cJSON_Delete(b);

	/* Friday 18th: overdue by Thursday and Friday. */
	fx_at(f, "2026-12-18T10:00:00");
	struct resp r;
	assert_int_equal(http(&f->w, "GET", "/api/v1/board", f->sup, NULL, NULL, &r), 200);
	c = cJSON_GetArrayItem(member(r.json, "due_cases"), 0);
	assert_int_equal((long)jnum(c, "working_days_overdue"), 2);
	date_t today, d;
	assert_true(date_parse_iso("2026-12-18", &today) && date_parse_iso("2026-12-16", &d));
	assert_int_equal((long)jnum(c, "working_days_overdue"), -cal_working_days_left(f->cal, today, d, NULL));
	char id[CASE_ID_SIZE];
	id_number(1, id);
	assert_null(strstr(r.body, id));
	assert_null(strstr(r.body, "申请人"));
	assert_null(strstr(r.body, "13812340001"));
	resp_free(&r);
}

/* ---- a window's day ------------------------------------------------------------ */

/* The timeline's kinds as "a,b,c". */
static const char *timeline_kinds(const cJSON *day)
{
	static char out[1024];
	const cJSON *e;
	out[0] = '\0';
	cJSON_ArrayForEach(e, member(day, "timeline"))
		snprintf(out + strlen(out), sizeof out - strlen(out), "%s%s", out[0] ? "," : "", jstr(e, "kind"));
	return out;
}

static const cJSON *timeline_entry(const cJSON *day, const char *kind, int nth)
{
	const cJSON *e;
	cJSON_ArrayForEach(e, member(day, "timeline"))
		if (strcmp(jstr(e, "kind"), kind) == 0 && nth-- == 0)
			return e;
	fail_msg("no %s in the timeline", kind);
	return NULL;
}

static void test_window_day(void **state)
{
	struct fx *f = *state;
	char n1[16], n2[16], n3[16];
	fx_at(f, "2026-12-02T10:00:00");
	run(f, "POST", "/api/v1/windows/1/open", f->clerk[1], NULL, 200);
	int64_t t1 = fx_issue(f, "MAR", n1), t2 = fx_issue(f, "MAR", n2), t3 = fx_issue(f, "MAR", n3);
	fx_call(f, 1, t1);
	fx_step(f, 1, t1, "recall");
	fx_step(f, 1, t1, "start");
	int64_t c1 = fx_case(f, 1, t1, "MAR-01", "[1,2,3]", 1);
	fx_case_act(f, 1, c1, "complete", NULL);
	fx_step(f, 1, t1, "finish");
	run(f, "POST", wd_fmt("/api/v1/cases/%lld/rating", (long long)c1), f->kiosk,
	    "{\"level\":4,\"comment\":\"快\"}", 200);
	fx_call(f, 1, t2);
	fx_step(f, 1, t2, "no-show");
	fx_call(f, 1, t3);
	run(f, "POST", wd_fmt("/api/v1/tickets/%lld/transfer", (long long)t3), f->clerk[1],
	    "{\"window\":2,\"confirm\":true}", 200);
	run(f, "POST", "/api/v1/windows/1/pause", f->clerk[1], "{\"reason\":\"午休\"}", 200);
	run(f, "POST", "/api/v1/windows/1/open", f->clerk[1], NULL, 200);
	run(f, "POST", "/api/v1/windows/1/close", f->clerk[1], NULL, 200);
	run(f, "POST", "/api/v1/audits", f->sup, "{\"window\":1,\"checklist\":{\"at_post\":true,"
	    "\"badge_uniform\":true,\"greeting\":true,\"farewell\":true,\"guide_displayed\":true,"
	    "\"no_cold\":true,\"no_rude\":true,\"no_stalling\":true,\"no_pushing_away\":true}}", 201);
	run(f, "POST", "/api/v1/logout", f->clerk[1], NULL, 200);

	cJSON *d = call(f, "GET", "/api/v1/windows/1/day?date=2026-12-02", f->sup, NULL, 200);
	assert_int_equal((long)jnum(d, "window"), 1);
	assert_string_equal(jstr(d, "name"), "1号窗口");
	assert_string_equal(jstr(d, "date"), "2026-12-02");
	assert_string_equal(timeline_kinds(d),
		"clerk.signed_in,window.opened,ticket.called,ticket.recalled,ticket.started,"
		"case.accepted,case.completed,ticket.finished,rating.recorded,case.rated,"
		"ticket.called,ticket.no_show,ticket.called,ticket.transferred,"
		"window.paused,window.resumed,window.closed,audit.recorded,clerk.signed_out");
	const cJSON *e = timeline_entry(d, "ticket.called", 0);
	assert_int_equal((long)jnum(e, "ticket"), t1);
	assert_string_equal(jstr(member(e, "data"), "number"), n1);
	assert_string_equal(jstr(e, "user"), "clerk1");
	assert_true(iso_epoch(jstr(e, "at")) >= iso_epoch("2026-12-02T10:00:00+08:00"));
	assert_string_equal(jstr(member(timeline_entry(d, "ticket.no_show", 0), "data"), "number"), n2);
	e = timeline_entry(d, "ticket.transferred", 0);
	assert_int_equal((long)jnum(e, "ticket"), t3);
	assert_int_equal((long)jnum(member(e, "data"), "to_window"), 2);
	e = timeline_entry(d, "window.paused", 0);
	assert_string_equal(jstr(member(e, "data"), "reason"), "午休");
	assert_string_equal(jstr(timeline_entry(d, "case.rated", 0), "user"), "kiosk");
	assert_string_equal(jstr(timeline_entry(d, "audit.recorded", 0), "user"), "supervisor");
	assert_string_equal(jstr(member(timeline_entry(d, "clerk.signed_in", 0), "data"), "user"), "clerk1");
	/* Its cases and ratings. */
	const cJSON *cases = member(d, "cases");
	assert_int_equal(cJSON_GetArraySize(cases), 1);
	const cJSON *c = cJSON_GetArrayItem(cases, 0);
	assert_int_equal((long)jnum(c, "id"), c1);
	assert_string_equal(jstr(c, "status"), "completed");
	assert_string_equal(jstr(c, "due"), "2026-12-02");
	assert_string_equal(jstr(c, "matter"), "MAR-01");
	assert_true(cJSON_IsTrue(member(c, "on_time")));
	assert_true(cJSON_IsFalse(member(c, "provisional")));   /* 2026 is in the calendar */
	const cJSON *ratings = member(d, "ratings");
	assert_int_equal((long)jnum(ratings, "rated"), 1);
	const cJSON *counts = member(ratings, "counts");
	for (int i = 0; i < 5; i++)
		assert_int_equal(cJSON_GetArrayItem(counts, i)->valueint, i == 3);
	const cJSON *r = cJSON_GetArrayItem(member(ratings, "list"), 0);
	assert_int_equal((long)jnum(r, "case"), c1);
	assert_int_equal((long)jnum(r, "level"), 4);
	assert_string_equal(jstr(r, "comment"), "快");
	char *text = cJSON_PrintUnformatted(d);
	assert_null(strstr(text, "51082319900101"));
	free(text);
	/* Without a date: today, the same. */
	cJSON *today = call(f, "GET", "/api/v1/windows/1/day", f->sup, NULL, 200);
	assert_string_equal(timeline_kinds(today), timeline_kinds(d));
	cJSON_Delete(today);
	cJSON_Delete(d);

	/* The day before is empty; bad dates and windows are refused. */
	d = call(f, "GET", "/api/v1/windows/1/day?date=2026-12-01", f->sup, NULL, 200);
	assert_string_equal(timeline_kinds(d), "");
	assert_int_equal(cJSON_GetArraySize(member(d, "cases")), 0);
	assert_int_equal((long)jnum(member(d, "ratings"), "rated"), 0);
	cJSON_Delete(d);
	static const char *const bad[] = { "2026-13-01", "2026-02-30", "20261202", "yesterday", "" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		call_err(f, "GET", wd_fmt("/api/v1/windows/1/day?date=%s", bad[i]), f->sup, NULL, 400, "invalid_query");
	call_err(f, "GET", "/api/v1/windows/99/day", f->sup, NULL, 404, "not_found");
	call_err(f, "GET", "/api/v1/windows/x/day", f->sup, NULL, 404, "not_found");

	/* A week later, after a restart, the day is all there: the window log
	 * is durable, unlike the trimmed event feed. */
	fx_at(f, "2026-12-09T10:00:00");
	d = call(f, "GET", "/api/v1/windows/1/day?date=2026-12-02", f->sup, NULL, 200);
	assert_int_equal(cJSON_GetArraySize(member(d, "timeline")), 19);
	cJSON_Delete(d);
	/* Window 2's day has the sign-in of clerk2 (the transfer is logged
	 * where it was made), and, at the day's end, the transferred ticket
	 * that it never called expiring. */
	d = call(f, "GET", "/api/v1/windows/2/day?date=2026-12-02", f->sup, NULL, 200);
	assert_string_equal(timeline_kinds(d), "clerk.signed_in,ticket.expired");
	assert_string_equal(jstr(member(timeline_entry(d, "ticket.expired", 0), "data"), "number"), n3);
	assert_int_equal((long)jnum(d, "expired"), 1);
	cJSON_Delete(d);
}

/* ---- walk-in audits ---------------------------------------------------------- */

#define CHECKLIST_OK "\"at_post\":true,\"badge_uniform\":true,\"greeting\":true,\"farewell\":true," \
	"\"guide_displayed\":true,\"no_cold\":true,\"no_rude\":true,\"no_stalling\":true"

/* An audit body for window no: the checklist with badge_uniform and
 * no_rude failed, and the findings (JSON text). */
static const char *audit_body(int no, const char *findings)
{
	return wd_fmt("{\"window\":%d,\"checklist\":{\"at_post\":true,\"badge_uniform\":false,"
		   "\"greeting\":true,\"farewell\":true,\"guide_displayed\":true,\"no_cold\":true,"
		   "\"no_rude\":false,\"no_stalling\":true,\"no_pushing_away\":true},\"findings\":%s}",
		   no, findings);
}

static const cJSON *finding(const cJSON *audit, int n)
{
	const cJSON *f = cJSON_GetArrayItem(member(audit, "findings"), n - 1);
	assert_non_null(f);
	assert_int_equal((long)jnum(f, "n"), n);
	return f;
}

/* The ids of GET path's audits, as "3,1". */
static const char *audit_ids(struct fx *f, const char *path)
{
	static char out[128];
	cJSON *l = call(f, "GET", path, f->sup, NULL, 200), *a;
	out[0] = '\0';
	cJSON_ArrayForEach(a, member(l, "audits"))
		snprintf(out + strlen(out), sizeof out - strlen(out), "%s%d", out[0] ? "," : "", (int)jnum(a, "id"));
	cJSON_Delete(l);
	return out;
}

static void test_audit_due_dates_across_holiday(void **state)
{
	struct fx *f = *state;
	/* Wednesday 30 September 2026, the last working day before the
	 * National Day holiday (1-7 October); Saturday 10 October is a
	 * make-up working day. */
	fx_at(f, "2026-09-30T10:00:00");
	run(f, "POST", "/api/v1/windows/1/open", f->clerk[1], NULL, 200);
	const char *hostile = "<b>\\\"=HYPERLINK(1)\\\"</b>, 未佩戴工牌";
	cJSON *a = call(f, "POST", "/api/v1/audits", f->sup, audit_body(1, wd_fmt(
		"[{\"text\":\"%s\",\"rectify_days\":1},{\"text\":\"桌面摆放杂乱\",\"rectify_days\":3},"
		"{\"text\":\"当场整改\",\"rectify_days\":0},{\"text\":\"服务用语不规范\",\"rectify_days\":5}]",
		hostile)), 201);
	int64_t id = (int64_t)jnum(a, "id");
	assert_int_equal((long)jnum(a, "window"), 1);
	assert_string_equal(jstr(a, "window_name"), "1号窗口");
	assert_string_equal(jstr(a, "day"), "2026-09-30");
	assert_string_equal(jstr(a, "supervisor"), "supervisor");
	assert_string_equal(jstr(a, "supervisor_name"), "何建华");
	assert_string_equal(jstr(a, "clerk"), "clerk1");            /* at the window then */
	assert_string_equal(jstr(a, "clerk_name"), "张雅婷");
	assert_int_equal((long)jnum(a, "failed"), 2);
	const cJSON *failed = member(a, "failed_items");
	assert_int_equal(cJSON_GetArraySize(failed), 2);
	assert_string_equal(cJSON_GetArrayItem(failed, 0)->valuestring, "badge_uniform");
	assert_string_equal(cJSON_GetArrayItem(failed, 1)->valuestring, "no_rude");
	assert_true(cJSON_IsFalse(member(member(a, "checklist"), "badge_uniform")));
	assert_true(cJSON_IsTrue(member(member(a, "checklist"), "greeting")));
	/* 1 working day: Thursday 8 October (1-7 are holidays). */
	assert_string_equal(jstr(finding(a, 1), "due"), "2026-10-08");
	assert_string_equal(jstr(finding(a, 1), "text"), "<b>\"=HYPERLINK(1)\"</b>, 未佩戴工牌");
	/* 3: the 8th, the 9th and Saturday the 10th (调休上班). */
	assert_string_equal(jstr(finding(a, 2), "due"), "2026-10-10");
	/* 0: today. */
	assert_string_equal(jstr(finding(a, 3), "due"), "2026-09-30");
	/* 5: 8, 9, 10, 12, 13. */
	assert_string_equal(jstr(finding(a, 4), "due"), "2026-10-13");
	for (int n = 1; n <= 4; n++) {
		const cJSON *fd = finding(a, n);
		cJSON *due = call(f, "GET", wd_fmt("/api/v1/calendar/due?from=2026-09-30&days=%d",
						 (int)jnum(fd, "rectify_days")), f->sup, NULL, 200);
		assert_string_equal(jstr(fd, "due"), jstr(due, "due"));
		cJSON_Delete(due);
		assert_string_equal(jstr(fd, "status"), "open");
		assert_true(cJSON_IsFalse(member(fd, "overdue")));
		assert_true(cJSON_IsFalse(member(fd, "provisional")));
		assert_true(is_null(fd, "closed_on"));
		assert_int_equal(cJSON_GetArraySize(member(fd, "follow_ups")), 0);
	}
	assert_int_equal((long)jnum(finding(a, 1), "working_days_left"), 1);
	assert_int_equal((long)jnum(finding(a, 3), "working_days_left"), 0);
	cJSON_Delete(a);
	assert_true(feed_has(f, "audit.recorded", 1));

	/* A follow-up that does not close it. */
	const char *fu = wd_fmt("/api/v1/audits/%lld/findings/1/follow-up", (long long)id);
	a = call(f, "POST", fu, f->sup, "{\"note\":\"已提醒，明日复查\",\"closed\":false}", 200);
	assert_string_equal(jstr(finding(a, 1), "status"), "open");
	const cJSON *ups = member(finding(a, 1), "follow_ups");
	assert_int_equal(cJSON_GetArraySize(ups), 1);
	assert_string_equal(jstr(cJSON_GetArrayItem(ups, 0), "note"), "已提醒，明日复查");
	assert_string_equal(jstr(cJSON_GetArrayItem(ups, 0), "user"), "supervisor");
	assert_true(cJSON_IsFalse(member(cJSON_GetArrayItem(ups, 0), "closed")));
	assert_int_equal((long)jnum(a, "open_findings"), 4);
	cJSON_Delete(a);

	/* Friday 9 October: finding 1 (due the 8th) and 3 (the 30th) are
	 * overdue, 2 (the 10th) and 4 are not. */
	fx_at(f, "2026-10-09T10:00:00");
	cJSON *l = call(f, "GET", "/api/v1/rectifications", f->sup, NULL, 200), *it;
	const char *want_overdue = "3,1", *want_order = "3,1,2,4";
	char overdue[32] = "", order[32] = "";
	cJSON_ArrayForEach(it, member(l, "rectifications")) {
		assert_int_equal((long)jnum(it, "audit"), id);
		assert_int_equal((long)jnum(it, "window"), 1);
		assert_string_equal(jstr(it, "audit_day"), "2026-09-30");
		snprintf(order + strlen(order), sizeof order - strlen(order), "%s%d", order[0] ? "," : "",
			 (int)jnum(it, "n"));
		if (cJSON_IsTrue(member(it, "overdue")))
			snprintf(overdue + strlen(overdue), sizeof overdue - strlen(overdue), "%s%d",
				 overdue[0] ? "," : "", (int)jnum(it, "n"));
	}
	assert_string_equal(order, want_order);            /* the earliest due first */
	assert_string_equal(overdue, want_overdue);
	cJSON_Delete(l);
	a = call(f, "GET", wd_fmt("/api/v1/audits/%lld", (long long)id), f->sup, NULL, 200);
	assert_int_equal((long)jnum(finding(a, 1), "working_days_left"), -1);
	assert_int_equal((long)jnum(a, "overdue_findings"), 2);
	cJSON_Delete(a);

	/* Closed: out of the open list, into the closed one; no more follow-ups. */
	a = call(f, "POST", fu, f->sup, "{\"note\":\"已佩戴工牌\",\"closed\":true}", 200);
	assert_string_equal(jstr(finding(a, 1), "status"), "closed");
	assert_string_equal(jstr(finding(a, 1), "closed_on"), "2026-10-09");
	assert_true(cJSON_IsFalse(member(finding(a, 1), "overdue")));
	assert_true(is_null(finding(a, 1), "working_days_left"));
	assert_int_equal(cJSON_GetArraySize(member(finding(a, 1), "follow_ups")), 2);
	assert_int_equal((long)jnum(a, "open_findings"), 3);
	cJSON_Delete(a);
	wd_call_err(&f->w, "POST", fu, f->sup, "{\"note\":\"x\",\"closed\":true}", 409, "invalid_state", "closed");
	l = call(f, "GET", "/api/v1/rectifications?status=closed", f->sup, NULL, 200);
	assert_int_equal(cJSON_GetArraySize(member(l, "rectifications")), 1);
	cJSON_Delete(l);
	l = call(f, "GET", "/api/v1/rectifications?status=all&window=1", f->sup, NULL, 200);
	assert_int_equal(cJSON_GetArraySize(member(l, "rectifications")), 4);
	cJSON_Delete(l);
	l = call(f, "GET", "/api/v1/rectifications?window=3", f->sup, NULL, 200);
	assert_int_equal(cJSON_GetArraySize(member(l, "rectifications")), 0);
	cJSON_Delete(l);
	call_err(f, "GET", "/api/v1/rectifications?status=late", f->sup, NULL, 400, "invalid_query");
	call_err(f, "GET", "/api/v1/rectifications?window=99", f->sup, NULL, 404, "not_found");
	assert_true(feed_has(f, "audit.follow_up", 1));

	/* Follow-up errors. */
	const char *fu3 = wd_fmt("/api/v1/audits/%lld/findings/3/follow-up", (long long)id);
	call_err(f, "POST", wd_fmt("/api/v1/audits/%lld/findings/9/follow-up", (long long)id), f->sup,
		 "{\"note\":\"x\",\"closed\":true}", 404, "not_found");
	call_err(f, "POST", "/api/v1/audits/999/findings/1/follow-up", f->sup,
		 "{\"note\":\"x\",\"closed\":true}", 404, "not_found");
	call_err(f, "POST", fu3, f->sup, "{\"closed\":true}", 400, "missing_field");
	call_err(f, "POST", fu3, f->sup, "{\"note\":\"x\"}", 400, "missing_field");
	call_err(f, "POST", fu3, f->sup, "{\"note\":\"x\",\"closed\":\"yes\"}", 400, "invalid_field");
	call_err(f, "POST", fu3, f->sup, "{\"note\":\"\\u001b[2J\",\"closed\":true}", 400, "invalid_field");
	call_err(f, "POST", fu3, f->sup, "{\"note\":\"\",\"closed\":true}", 400, "invalid_field");
	a = call(f, "GET", wd_fmt("/api/v1/audits/%lld", (long long)id), f->sup, NULL, 200);
	assert_int_equal(cJSON_GetArraySize(member(finding(a, 3), "follow_ups")), 0);
	cJSON_Delete(a);
}

static void test_audit_bad_input_and_lists(void **state)
{
	struct fx *f = *state;
	fx_at(f, "2026-12-02T10:00:00");
	char long_text[400] = "";
	memset(long_text, 'a', 201);
	static const char *const bad_findings[] = {
		"{}", "[1]", "[{\"rectify_days\":1}]", "[{\"text\":\"x\"}]",
		"[{\"text\":\"\",\"rectify_days\":1}]", "[{\"text\":\"  \",\"rectify_days\":1}]",
		"[{\"text\":\"a\\u0007b\",\"rectify_days\":1}]", "[{\"text\":\"a\\u202eb\",\"rectify_days\":1}]",
		"[{\"text\":7,\"rectify_days\":1}]", "[{\"text\":\"x\",\"rectify_days\":-1}]",
		"[{\"text\":\"x\",\"rectify_days\":61}]", "[{\"text\":\"x\",\"rectify_days\":1.5}]",
		"[{\"text\":\"x\",\"rectify_days\":\"2\"}]",
	};
	for (size_t i = 0; i < sizeof bad_findings / sizeof bad_findings[0]; i++) {
		struct resp r;
		http(&f->w, "POST", "/api/v1/audits", f->sup, audit_body(1, bad_findings[i]), NULL, &r);
		if (r.status != 400)
			fail_msg("findings %s: %ld %s", bad_findings[i], r.status, r.body);
		resp_free(&r);
	}
	call_err(f, "POST", "/api/v1/audits", f->sup, audit_body(1, wd_fmt("[{\"text\":\"%s\",\"rectify_days\":1}]",
		 long_text)), 400, "invalid_field");
	struct buf many = BUF_INIT;
	buf_adds(&many, "[");
	for (int i = 0; i < 21; i++)
		buf_printf(&many, "%s{\"text\":\"问题%d\",\"rectify_days\":1}", i ? "," : "", i);
	buf_adds(&many, "]");
	call_err(f, "POST", "/api/v1/audits", f->sup, audit_body(1, buf_str(&many)), 400, "invalid_field");
	buf_free(&many);
	call_err(f, "POST", "/api/v1/audits", f->sup, audit_body(99, "[]"), 404, "not_found");
	call_err(f, "POST", "/api/v1/audits", f->sup, "{\"checklist\":{}}", 400, "missing_field");
	call_err(f, "POST", "/api/v1/audits", f->sup, "{\"window\":\"1\",\"checklist\":{}}", 400, "invalid_field");
	call_err(f, "POST", "/api/v1/audits", f->sup, "{\"window\":1}", 400, "missing_field");
	call_err(f, "POST", "/api/v1/audits", f->sup, "{\"window\":1,\"checklist\":[]}", 400, "invalid_field");
	call_err(f, "POST", "/api/v1/audits", f->sup, "{\"window\":1,\"checklist\":{" CHECKLIST_OK "}}",
		 400, "missing_field");          /* no_pushing_away is missing */
	call_err(f, "POST", "/api/v1/audits", f->sup, "{\"window\":1,\"checklist\":{" CHECKLIST_OK
		 ",\"no_pushing_away\":1}}", 400, "invalid_field");
	call_err(f, "POST", "/api/v1/audits", f->sup, "{\"window\":1,", 400, "bad_json");
	/* Nothing of that was stored. */
	assert_string_equal(audit_ids(f, "/api/v1/audits"), "");
	assert_string_equal(audit_ids(f, "/api/v1/audits?from=2020-01-01&to=2030-12-31"), "");

	/* Without findings (and an unknown extra field ignored). */
	cJSON *a = call(f, "POST", "/api/v1/audits", f->sup, "{\"window\":1,\"checklist\":{" CHECKLIST_OK
			",\"no_pushing_away\":true,\"extra\":false}}", 201);
	assert_int_equal((long)jnum(a, "failed"), 0);
	assert_true(is_null(a, "clerk"));                 /* window 1 is closed */
	assert_int_equal(cJSON_GetArraySize(member(a, "findings")), 0);
	assert_null(cJSON_GetObjectItem(member(a, "checklist"), "extra"));
	int64_t a1 = (int64_t)jnum(a, "id");
	cJSON_Delete(a);
	cJSON_Delete(call(f, "POST", "/api/v1/audits", f->sup, audit_body(3, "[{\"text\":\"x\",\"rectify_days\":2}]"), 201));
	fx_at(f, "2026-12-04T10:00:00");
	cJSON_Delete(call(f, "POST", "/api/v1/audits", f->sup, audit_body(1, "[]"), 201));

	/* Lists: newest first, by window and period (the default is the 30
	 * days up to today). */
	assert_string_equal(audit_ids(f, "/api/v1/audits"), "3,2,1");
	assert_string_equal(audit_ids(f, "/api/v1/audits?window=1"), "3,1");
	assert_string_equal(audit_ids(f, "/api/v1/audits?window=3"), "2");
	assert_string_equal(audit_ids(f, "/api/v1/audits?window=2"), "");
	assert_string_equal(audit_ids(f, "/api/v1/audits?from=2026-12-02&to=2026-12-02"), "2,1");
	assert_string_equal(audit_ids(f, "/api/v1/audits?from=2026-12-03"), "3");
	assert_string_equal(audit_ids(f, "/api/v1/audits?to=2026-12-01"), "");
	assert_string_equal(audit_ids(f, "/api/v1/audits?window=1&from=2026-12-04&to=2026-12-04"), "3");
	cJSON *l = call(f, "GET", "/api/v1/audits?window=3", f->sup, NULL, 200);
	const cJSON *s = cJSON_GetArrayItem(member(l, "audits"), 0);
	assert_int_equal((long)jnum(s, "findings"), 1);
	assert_int_equal((long)jnum(s, "open_findings"), 1);
	assert_int_equal((long)jnum(s, "overdue_findings"), 0);
	assert_string_equal(jstr(l, "from"), "2026-11-05");
	assert_string_equal(jstr(l, "to"), "2026-12-04");
	cJSON_Delete(l);
	call_err(f, "GET", "/api/v1/audits?from=2026-12-05&to=2026-12-04", f->sup, NULL, 400, "invalid_query");
	call_err(f, "GET", "/api/v1/audits?from=2026-12-32", f->sup, NULL, 400, "invalid_query");
	call_err(f, "GET", "/api/v1/audits?window=x", f->sup, NULL, 400, "invalid_query");
	call_err(f, "GET", "/api/v1/audits?window=0", f->sup, NULL, 400, "invalid_query");
	call_err(f, "GET", "/api/v1/audits?window=99", f->sup, NULL, 404, "not_found");
	a = call(f, "GET", wd_fmt("/api/v1/audits/%lld", (long long)a1), f->sup, NULL, 200);
	assert_int_equal((long)jnum(a, "id"), a1);
	cJSON_Delete(a);
	call_err(f, "GET", "/api/v1/audits/999", f->sup, NULL, 404, "not_found");
	call_err(f, "GET", "/api/v1/audits/abc", f->sup, NULL, 404, "not_found");
}

/* ---- follow-up calls: the sample ------------------------------------------------- */

/* Completed cases on 2 December: window 1 for applicants 1..6 (and a
 * second case of applicant 1, counted once), window 2 for 7..9, window 3
 * for 10.  Everything is done the same day. */
static void build_completed_cases(struct fx *f)
{
	static const struct { int window, first, last; const char *service, *matter, *received; } runs[] = {
		{ 1, 1, 6, "MAR", "MAR-01", "[1,2,3]" },
		{ 2, 7, 9, "SOC", "SOC-03", "[1,2,3,4]" },
		{ 3, 10, 10, "PEN", "PEN-01", "[1,2,3]" },
	};
	for (size_t i = 0; i < sizeof runs / sizeof runs[0]; i++) {
		int no = runs[i].window;
		run(f, "POST", wd_fmt("/api/v1/windows/%d/open", no), f->clerk[no], NULL, 200);
		int64_t tk = fx_issue(f, runs[i].service, NULL);
		fx_call(f, no, tk);
		for (int n = runs[i].first; n <= runs[i].last + (no == 1); n++) {
			int64_t c = fx_case(f, no, tk, runs[i].matter, runs[i].received, n > runs[i].last ? 1 : n);
			fx_case_act(f, no, c, "complete", NULL);
		}
	}
}

/* POST /callbacks/sample with body; returns the reply. */
static cJSON *sample(struct fx *f, const char *body, long want)
{
	return call(f, "POST", "/api/v1/callbacks/sample", f->sup, body, want);
}

/* The drawn cases as "window:case,...", and their applicants' numbers (1..10)
 * marked in drawn[]. */
static const char *drawn_list(const cJSON *reply, bool drawn[16])
{
	static char out[512];
	const cJSON *cb;
	out[0] = '\0';
	if (drawn)
		memset(drawn, 0, 16 * sizeof *drawn);
	cJSON_ArrayForEach(cb, member(reply, "callbacks")) {
		snprintf(out + strlen(out), sizeof out - strlen(out), "%s%d:%d", out[0] ? "," : "",
			 (int)jnum(cb, "window"), (int)jnum(cb, "case"));
		int n = atoi(jstr(member(cb, "applicant"), "name") + strlen("申请人"));
		assert_true(n >= 1 && n <= 10);
		if (drawn)
			drawn[n] = true;
	}
	return out;
}

/* The strata as "window:population:drawn,...". */
static const char *strata(const cJSON *reply)
{
	static char out[256];
	const cJSON *s;
	out[0] = '\0';
	cJSON_ArrayForEach(s, member(member(reply, "sample"), "strata"))
		snprintf(out + strlen(out), sizeof out - strlen(out), "%s%d:%d:%d", out[0] ? "," : "",
			 (int)jnum(s, "window"), (int)jnum(s, "population"), (int)jnum(s, "drawn"));
	return out;
}

#define PERIOD "\"from\":\"2026-12-01\",\"to\":\"2026-12-02\""

static void test_callback_sample(void **state)
{
	struct fx *f = *state;
	fx_at(f, "2026-12-02T10:00:00");
	build_completed_cases(f);

	/* 10 applicants (6, 3, 1 by window) and 5 calls: the quotas are 3,
	 * 1.5 and 0.5, so 3, 1 and (at least one per window) 1. */
	cJSON *dry = sample(f, "{" PERIOD ",\"size\":5,\"seed\":7,\"exclude_days\":30,\"dry_run\":true}", 200);
	assert_string_equal(strata(dry), "1:6:3,2:3:1,3:1:1");
	const cJSON *s = member(dry, "sample");
	assert_int_equal((long)jnum(s, "population"), 10);
	assert_int_equal((long)jnum(s, "drawn"), 5);
	assert_int_equal((long)jnum(s, "seed"), 7);
	assert_true(is_null(s, "id"));
	assert_true(cJSON_IsTrue(member(s, "dry_run")));
	char first[512];
	snprintf(first, sizeof first, "%s", drawn_list(dry, NULL));
	/* Within a window by case id; window 3's only case is always drawn. */
	assert_non_null(strstr(first, "3:"));
	cJSON_Delete(dry);
	/* The same seed, the same list. */
	dry = sample(f, "{" PERIOD ",\"size\":5,\"seed\":7,\"exclude_days\":30,\"dry_run\":true}", 200);
	assert_string_equal(drawn_list(dry, NULL), first);
	cJSON_Delete(dry);
	/* Another seed draws another set at least once in ten. */
	int differ = 0;
	for (int seed = 1; seed <= 10; seed++) {
		dry = sample(f, wd_fmt("{" PERIOD ",\"size\":5,\"seed\":%d,\"dry_run\":true}", seed), 200);
		differ += strcmp(drawn_list(dry, NULL), first) != 0;
		assert_string_equal(strata(dry), "1:6:3,2:3:1,3:1:1");
		cJSON_Delete(dry);
	}
	assert_true(differ > 0);
	/* Two calls cannot reach three windows: 1.2, 0.6, 0.2 -> 1, 1, 0. */
	dry = sample(f, "{" PERIOD ",\"size\":2,\"seed\":7,\"dry_run\":true}", 200);
	assert_string_equal(strata(dry), "1:6:1,2:3:1,3:1:0");
	cJSON_Delete(dry);
	dry = sample(f, "{" PERIOD ",\"per_window\":2,\"seed\":7,\"dry_run\":true}", 200);
	assert_string_equal(strata(dry), "1:6:2,2:3:2,3:1:1");
	assert_true(is_null(member(dry, "sample"), "size"));
	cJSON_Delete(dry);
	dry = sample(f, "{\"from\":\"2026-11-01\",\"to\":\"2026-12-01\",\"size\":5,\"dry_run\":true}", 200);
	assert_int_equal((long)jnum(member(dry, "sample"), "population"), 0);
	assert_int_equal(cJSON_GetArraySize(member(dry, "callbacks")), 0);
	/* No seed given: one is chosen and told, and it reproduces the draw. */
	int64_t seed = (int64_t)jnum(member(dry, "sample"), "seed");
	assert_true(seed >= 0);
	cJSON_Delete(dry);
	for (int i = 0; i < 20; i++) {
		dry = sample(f, "{" PERIOD ",\"size\":5,\"dry_run\":true}", 200);
		seed = (int64_t)jnum(member(dry, "sample"), "seed");
		assert_true(seed >= 0 && seed <= 4294967295LL);
		char chosen[512];
		snprintf(chosen, sizeof chosen, "%s", drawn_list(dry, NULL));
		cJSON_Delete(dry);
		dry = sample(f, wd_fmt("{" PERIOD ",\"size\":5,\"seed\":%lld,\"dry_run\":true}", (long long)seed), 200);
		assert_string_equal(drawn_list(dry, NULL), chosen);
		cJSON_Delete(dry);
	}
	/* The largest seed goes through JSON both ways exactly. */
	dry = sample(f, "{" PERIOD ",\"size\":5,\"seed\":4294967295,\"dry_run\":true}", 200);
	assert_int_equal((long)jnum(member(dry, "sample"), "seed"), 4294967295LL);
	cJSON_Delete(dry);

	/* Stored: the same list as the dry run, open, with the phone in full
	 * and the ID number masked. */
	bool drawn[16];
	cJSON *real = sample(f, "{" PERIOD ",\"size\":5,\"seed\":7,\"exclude_days\":30}", 201);
	assert_string_equal(drawn_list(real, drawn), first);
	int64_t sample_id = (int64_t)jnum(member(real, "sample"), "id");
	assert_true(sample_id > 0);
	const cJSON *cb;
	cJSON_ArrayForEach(cb, member(real, "callbacks")) {
		int n = atoi(jstr(member(cb, "applicant"), "name") + strlen("申请人"));
		char id[CASE_ID_SIZE], masked[CASE_MASK_SIZE];
		id_number(n, id);
		case_mask_id(id, masked);
		assert_string_equal(jstr(member(cb, "applicant"), "phone"), wd_fmt(PHONE_FMT, n));
		assert_string_equal(jstr(member(cb, "applicant"), "id_number"), masked);
		assert_string_equal(jstr(cb, "kind"), "sample");
		assert_string_equal(jstr(cb, "status"), "open");
		assert_int_equal((long)jnum(cb, "sample"), sample_id);
		assert_true(is_null(cb, "due") && is_null(cb, "outcome"));
		assert_string_equal(jstr(cb, "completed_on"), "2026-12-02");
		assert_non_null(jstr(cb, "matter_name"));
	}
	cJSON_Delete(real);
	assert_true(feed_has(f, "callback.sampled", -1));
	cJSON *l = call(f, "GET", "/api/v1/callbacks?kind=sample", f->sup, NULL, 200);
	assert_string_equal(drawn_list(l, NULL), first);
	cJSON_Delete(l);

	/* Those five are open: the next draw leaves them out, whatever the days. */
	bool again[16];
	dry = sample(f, "{" PERIOD ",\"size\":10,\"seed\":7,\"exclude_days\":0,\"dry_run\":true}", 200);
	assert_int_equal((long)jnum(member(dry, "sample"), "population"), 5);
	drawn_list(dry, again);
	for (int n = 1; n <= 10; n++)
		assert_true(drawn[n] != again[n]);              /* exactly the other five */
	cJSON_Delete(dry);

	/* Called, two days later: left out for exclude_days after the call. */
	l = call(f, "GET", "/api/v1/callbacks?status=open", f->sup, NULL, 200);
	cJSON_ArrayForEach(cb, member(l, "callbacks"))
		run(f, "POST", wd_fmt("/api/v1/callbacks/%d/outcome", (int)jnum(cb, "id")), f->sup,
		    "{\"reached\":true,\"attitude\":5,\"competence\":4,\"rating\":5}", 200);
	cJSON_Delete(l);
	fx_at(f, "2026-12-04T10:00:00");
	dry = sample(f, "{" PERIOD ",\"size\":10,\"seed\":7,\"exclude_days\":30,\"dry_run\":true}", 200);
	assert_int_equal((long)jnum(member(dry, "sample"), "population"), 5);
	cJSON_Delete(dry);
	dry = sample(f, "{" PERIOD ",\"size\":10,\"seed\":7,\"exclude_days\":1,\"dry_run\":true}", 200);
	assert_int_equal((long)jnum(member(dry, "sample"), "population"), 10);
	cJSON_Delete(dry);
	fx_at(f, "2027-01-08T10:00:00");
	dry = sample(f, "{" PERIOD ",\"size\":10,\"seed\":7,\"dry_run\":true}", 200);   /* default 30 days */
	assert_int_equal((long)jnum(member(dry, "sample"), "population"), 10);
	assert_int_equal((long)jnum(member(dry, "sample"), "exclude_days"), 30);
	cJSON_Delete(dry);
}

static void test_callback_sample_bad_input(void **state)
{
	struct fx *f = *state;
	fx_at(f, "2026-12-02T10:00:00");
	static const struct { const char *body, *code; } bad[] = {
		{ "{\"to\":\"2026-12-02\",\"size\":5}", "missing_field" },
		{ "{\"from\":\"2026-12-02\",\"size\":5}", "missing_field" },
		{ "{" PERIOD "}", "missing_field" },
		{ "{" PERIOD ",\"size\":5,\"per_window\":2}", "invalid_field" },
		{ "{\"from\":\"2026-12-03\",\"to\":\"2026-12-02\",\"size\":5}", "invalid_field" },
		{ "{\"from\":\"2026-02-30\",\"to\":\"2026-12-02\",\"size\":5}", "invalid_field" },
		{ "{\"from\":20261201,\"to\":\"2026-12-02\",\"size\":5}", "invalid_field" },
		{ "{" PERIOD ",\"size\":0}", "invalid_field" },
		{ "{" PERIOD ",\"size\":1001}", "invalid_field" },
		{ "{" PERIOD ",\"size\":2.5}", "invalid_field" },
		{ "{" PERIOD ",\"per_window\":0}", "invalid_field" },
		{ "{" PERIOD ",\"size\":5,\"seed\":-1}", "invalid_field" },
		{ "{" PERIOD ",\"size\":5,\"seed\":4294967296}", "invalid_field" },
		{ "{" PERIOD ",\"size\":5,\"exclude_days\":-1}", "invalid_field" },
		{ "{" PERIOD ",\"size\":5,\"dry_run\":\"yes\"}", "invalid_field" },
		{ "[]", "bad_json" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		call_err(f, "POST", "/api/v1/callbacks/sample", f->sup, bad[i].body, 400, bad[i].code);
	cJSON *l = call(f, "GET", "/api/v1/callbacks?status=all", f->sup, NULL, 200);
	assert_int_equal(cJSON_GetArraySize(member(l, "callbacks")), 0);
	cJSON_Delete(l);
	call_err(f, "GET", "/api/v1/callbacks?status=closed", f->sup, NULL, 400, "invalid_query");
	call_err(f, "GET", "/api/v1/callbacks?kind=random", f->sup, NULL, 400, "invalid_query");
}

/* ---- follow-up calls: poor ratings ----------------------------------------------- */

/* The callbacks of GET path whose case is case_id. */
static int callbacks_of(struct fx *f, const char *path, int64_t case_id, cJSON **first)
{
	cJSON *l = call(f, "GET", path, f->sup, NULL, 200), *cb;
	int n = 0;
	if (first)
		*first = NULL;
	cJSON_ArrayForEach(cb, member(l, "callbacks"))
		if (jnum(cb, "case") == case_id && n++ == 0 && first)
			*first = cJSON_Duplicate(cb, true);
	cJSON_Delete(l);
	return n;
}

static void test_bad_ratings(void **state)
{
	struct fx *f = *state;
	/* Wednesday 30 September, before the National Day holiday. */
	fx_at(f, "2026-09-30T10:00:00");
	run(f, "POST", "/api/v1/windows/1/open", f->clerk[1], NULL, 200);
	int64_t tk = fx_issue(f, "MAR", NULL);
	fx_call(f, 1, tk);
	int64_t c[4];
	for (int i = 0; i < 4; i++) {
		c[i] = fx_case(f, 1, tk, "MAR-01", "[1,2,3]", i + 1);
		fx_case_act(f, 1, c[i], "complete", NULL);
	}
	/* 3 and up open nothing; 2 at the kiosk and 1 at the clerk's pad do. */
	fx_rate(f, c[0], 3);
	fx_rate(f, c[1], 2);
	run(f, "POST", wd_fmt("/api/v1/cases/%lld/rating", (long long)c[2]), f->clerk[1], "{\"level\":1}", 200);
	assert_int_equal(callbacks_of(f, "/api/v1/callbacks", c[0], NULL), 0);
	cJSON *cb;
	assert_int_equal(callbacks_of(f, "/api/v1/callbacks?kind=bad_rating", c[1], &cb), 1);
	assert_string_equal(jstr(cb, "kind"), "bad_rating");
	assert_string_equal(jstr(cb, "status"), "open");
	assert_string_equal(jstr(cb, "source"), "counter");
	assert_int_equal((long)jnum(cb, "source_level"), 2);
	assert_int_equal((long)jnum(cb, "case_rating"), 2);
	assert_true(is_null(cb, "parent") && is_null(cb, "sample") && is_null(cb, "outcome"));
	/* The default 5 working days: 8, 9, 10 (make-up Saturday), 12, 13 October. */
	assert_string_equal(jstr(cb, "due"), "2026-10-13");
	assert_true(cJSON_IsFalse(member(cb, "overdue")));
	assert_string_equal(jstr(member(cb, "applicant"), "phone"), wd_fmt(PHONE_FMT, 2));
	int64_t task = (int64_t)jnum(cb, "id");
	cJSON_Delete(cb);
	assert_int_equal(callbacks_of(f, "/api/v1/callbacks", c[2], &cb), 1);
	assert_int_equal((long)jnum(cb, "source_level"), 1);
	int64_t task1 = (int64_t)jnum(cb, "id");
	cJSON_Delete(cb);
	assert_true(feed_has(f, "callback.opened", 1));

	/* --bad-rating-days 1: due on the first working day after the holiday. */
	snprintf(f->args, sizeof f->args, "--bad-rating-days 1");
	fx_at(f, "2026-09-30T11:00:00");
	fx_rate(f, c[3], 1);
	assert_int_equal(callbacks_of(f, "/api/v1/callbacks", c[3], &cb), 1);
	assert_string_equal(jstr(cb, "due"), "2026-10-08");
	cJSON_Delete(cb);

	/* Outcome errors change nothing. */
	const char *out = wd_fmt("/api/v1/callbacks/%lld/outcome", (long long)task);
	static const struct { const char *body, *code; } bad[] = {
		{ "{}", "missing_field" },
		{ "{\"reached\":true}", "missing_field" },
		{ "{\"reached\":true,\"attitude\":5,\"competence\":5}", "missing_field" },
		{ "{\"reached\":true,\"attitude\":6,\"competence\":5,\"rating\":5}", "invalid_field" },
		{ "{\"reached\":true,\"attitude\":0,\"competence\":5,\"rating\":5}", "invalid_field" },
		{ "{\"reached\":true,\"attitude\":5,\"competence\":5,\"rating\":\"5\"}", "invalid_field" },
		{ "{\"reached\":false,\"rating\":3}", "invalid_field" },
		{ "{\"reached\":\"no\"}", "invalid_field" },
		{ "{\"reached\":false,\"remarks\":\"\\u001b[31m\"}", "invalid_field" },
		{ "{\"reached\":false,\"remarks\":5}", "invalid_field" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		call_err(f, "POST", out, f->sup, bad[i].body, 400, bad[i].code);
	call_err(f, "POST", "/api/v1/callbacks/999/outcome", f->sup, "{\"reached\":false}", 404, "not_found");
	assert_int_equal(callbacks_of(f, "/api/v1/callbacks?status=open", c[1], NULL), 1);

	/* Reached, and still unhappy: the call opens the next task. */
	cJSON *done = call(f, "POST", out, f->sup, "{\"reached\":true,\"attitude\":2,\"competence\":3,"
			   "\"rating\":1,\"remarks\":\"=仍不满意，要求复核\"}", 200);
	assert_string_equal(jstr(done, "status"), "done");
	const cJSON *o = member(done, "outcome");
	assert_true(cJSON_IsTrue(member(o, "reached")));
	assert_int_equal((long)jnum(o, "attitude"), 2);
	assert_int_equal((long)jnum(o, "competence"), 3);
	assert_int_equal((long)jnum(o, "rating"), 1);
	assert_string_equal(jstr(o, "remarks"), "=仍不满意，要求复核");
	assert_string_equal(jstr(o, "user"), "supervisor");
	int64_t next = (int64_t)jnum(done, "next");
	assert_true(next > 0);
	cJSON_Delete(done);
	wd_call_err(&f->w, "POST", out, f->sup, "{\"reached\":false}", 409, "invalid_state", "done");
	assert_int_equal(callbacks_of(f, "/api/v1/callbacks?status=open", c[1], &cb), 1);
	assert_int_equal((long)jnum(cb, "id"), next);
	assert_string_equal(jstr(cb, "source"), "callback");
	assert_int_equal((long)jnum(cb, "parent"), task);
	assert_int_equal((long)jnum(cb, "source_level"), 1);
	assert_string_equal(jstr(cb, "due"), "2026-10-08");     /* --bad-rating-days 1 */
	cJSON_Delete(cb);
	assert_int_equal(callbacks_of(f, "/api/v1/callbacks?status=done", c[1], NULL), 1);
	assert_int_equal(callbacks_of(f, "/api/v1/callbacks?status=all", c[1], NULL), 2);
	assert_true(feed_has(f, "callback.done", 1));

	/* Not reached: done, and nothing follows. */
	done = call(f, "POST", wd_fmt("/api/v1/callbacks/%lld/outcome", (long long)task1), f->sup,
		    "{\"reached\":false,\"remarks\":\"无人接听\"}", 200);
	assert_true(cJSON_IsFalse(member(member(done, "outcome"), "reached")));
	assert_true(is_null(member(done, "outcome"), "rating"));
	assert_true(is_null(done, "next"));
	cJSON_Delete(done);

	/* Friday 9 October: the task due on the 8th is overdue. */
	fx_at(f, "2026-10-09T10:00:00");
	assert_int_equal(callbacks_of(f, "/api/v1/callbacks", c[1], &cb), 1);
	assert_true(cJSON_IsTrue(member(cb, "overdue")));
	cJSON_Delete(cb);
	/* A sampled call rated 2 opens a task too. */
	cJSON *s = sample(f, "{\"from\":\"2026-09-30\",\"to\":\"2026-09-30\",\"size\":10,\"seed\":1,\"exclude_days\":30}", 201);
	/* Only c[0]: the others' applicants have a callback open or made in
	 * the last 30 days. */
	assert_int_equal(cJSON_GetArraySize(member(s, "callbacks")), 1);
	const cJSON *sc = cJSON_GetArrayItem(member(s, "callbacks"), 0);
	assert_int_equal((long)jnum(sc, "case"), c[0]);
	done = call(f, "POST", wd_fmt("/api/v1/callbacks/%d/outcome", (int)jnum(sc, "id")), f->sup,
		    "{\"reached\":true,\"attitude\":3,\"competence\":3,\"rating\":2}", 200);
	assert_true(jnum(done, "next") > 0);
	cJSON_Delete(done);
	cJSON_Delete(s);
	assert_int_equal(callbacks_of(f, "/api/v1/callbacks?kind=bad_rating", c[0], &cb), 1);
	assert_string_equal(jstr(cb, "source"), "callback");
	assert_string_equal(jstr(cb, "due"), "2026-10-10");     /* the make-up Saturday after Friday */
	cJSON_Delete(cb);
}

/* The applicant's ID number and phone never reach the log, not even at
 * debug level, though the callbacks show the phone. */
static void test_no_personal_data_in_log(void **state)
{
	struct fx *f = *state;
	char log_path[400];
	fx_at(f, "2026-12-02T10:00:00");
	snprintf(log_path, sizeof log_path, "%s/stderr.log", f->w.dir);
	assert_int_equal(wd_term(&f->w), 0);
	int saved = dup(STDERR_FILENO), fd = open(log_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_true(saved >= 0 && fd >= 0);
	dup2(fd, STDERR_FILENO);
	setenv("WICKETD_LOG_LEVEL", "debug", 1);
	wd_restart(&f->w, NULL);
	unsetenv("WICKETD_LOG_LEVEL");
	dup2(saved, STDERR_FILENO);
	close(saved);
	close(fd);
	fx_login(f);

	build_completed_cases(f);
	fx_rate(f, 2, 1);
	cJSON_Delete(sample(f, "{\"from\":\"2020-01-01\",\"to\":\"2030-12-31\",\"size\":10}", 201));
	cJSON *l = call(f, "GET", "/api/v1/callbacks", f->sup, NULL, 200);
	char *text = cJSON_PrintUnformatted(l);
	assert_non_null(strstr(text, "1381234000"));                          /* shown ... */
	free(text);
	cJSON_Delete(l);
	run(f, "GET", "/api/v1/reports?format=csv", f->sup, NULL, 200);
	run(f, "GET", "/api/v1/board", f->sup, NULL, 200);
	assert_int_equal(wd_term(&f->w), 0);
	struct buf log = BUF_INIT;
	assert_int_equal(buf_read_file(&log, log_path, 1 << 24), 0);
	assert_non_null(strstr(buf_str(&log), "/api/v1/callbacks"));          /* debug lines were written */
	assert_null(strstr(buf_str(&log), "1381234"));                        /* ... but never logged */
	assert_null(strstr(buf_str(&log), "51082319900101"));
	buf_free(&log);
	wd_restart(&f->w, NULL);
	fx_login(f);
}

/* ---- the report ---------------------------------------------------------------- */

#define HOSTILE_NAME "=SUM(1,2)\"东\""

/* A copy of the demo hall whose window 2 has a name a spreadsheet would
 * run as a formula, with a comma and quotes in it; returns the directory
 * to give as --data (the caller removes it). */
static char *hostile_data_dir(void)
{
	char *dir = xasprintf("%s/wicket-data-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	assert_non_null(mkdtemp(dir));
	char *demo = xasprintf("%s/demo", dir);
	assert_int_equal(mkdir(demo, 0700), 0);
	static const char *const files[] = { "hall.json", "matters.json", "tickets.json" };
	for (size_t i = 0; i < 3; i++) {
		cJSON *j = demo_file(files[i]), *w;
		if (i == 0)
			cJSON_ArrayForEach(w, member(j, "windows"))
				if (jnum(w, "no") == 2)
					cJSON_ReplaceItemInObject(w, "name", cJSON_CreateString(HOSTILE_NAME));
		char *text = cJSON_Print(j), *path = xasprintf("%s/%s", demo, files[i]);
		FILE *fp = fopen(path, "w");
		assert_non_null(fp);
		fputs(text, fp);
		fclose(fp);
		free(text);
		free(path);
		cJSON_Delete(j);
	}
	free(demo);
	return dir;
}

/* Seconds from a ticket's issue to its call, and from start to finish. */
static int64_t wait_of(struct fx *f, int64_t id)
{
	cJSON *t = fx_ticket(f, id);
	int64_t v = iso_epoch(jstr(t, "called_at")) - iso_epoch(jstr(t, "issued_at"));
	cJSON_Delete(t);
	return v;
}

static int64_t handle_of(struct fx *f, int64_t id)
{
	cJSON *t = fx_ticket(f, id);
	int64_t v = iso_epoch(jstr(t, "finished_at")) - iso_epoch(jstr(t, "started_at"));
	cJSON_Delete(t);
	return v;
}

/* The window's status_since after a change (pause, open). */
static int64_t change_window(struct fx *f, int no, const char *verb, const char *body)
{
	cJSON *w = call(f, "POST", wd_fmt("/api/v1/windows/%d/%s", no, verb), f->clerk[no], body, 200);
	int64_t t = iso_epoch(jstr(w, "status_since"));
	cJSON_Delete(w);
	return t;
}

/* What a report row must say.  Durations are lists of the tickets'
 * seconds; avg and p90 are given, worked out by hand below. */
struct want_row {
	const char *key, *name;
	int called, served, no_shows;
	int64_t wait_avg, wait_p90, handle_avg, handle_p90;   /* -1: null */
	int64_t paused;                                       /* -1: null */
	int promised, on_time;
	const char *on_time_pct;                              /* NULL: null */
	int overdue, accepted, first_visit;
	const char *one_visit_pct;
	int ratings[5];
	const char *satisfied_pct;
};

static void check_opt(const cJSON *row, const char *name, int64_t want)
{
	if (want < 0)
		assert_true(is_null(row, name));
	else if (jnum(row, name) != (double)want)
		fail_msg("%s: got %g, want %lld", name, jnum(row, name), (long long)want);
}

static void check_pct(const cJSON *row, const char *name, const char *want)
{
	if (!want) {
		assert_true(is_null(row, name));
		return;
	}
	char got[32];
	snprintf(got, sizeof got, "%.1f", jnum(row, name));
	assert_string_equal(got, want);
}

static void check_row(const cJSON *row, const struct want_row *w)
{
	if (w->key)
		assert_string_equal(jstr(row, "key"), w->key);
	else
		assert_true(is_null(row, "key"));
	if (w->name)
		assert_string_equal(jstr(row, "name"), w->name);
	assert_int_equal((long)jnum(row, "tickets_called"), w->called);
	assert_int_equal((long)jnum(row, "tickets_served"), w->served);
	assert_int_equal((long)jnum(row, "no_shows"), w->no_shows);
	assert_int_equal((long)jnum(row, "transferred"), 0);
	check_opt(row, "wait_avg", w->wait_avg);
	check_opt(row, "wait_p90", w->wait_p90);
	check_opt(row, "handle_avg", w->handle_avg);
	check_opt(row, "handle_p90", w->handle_p90);
	check_opt(row, "paused_seconds", w->paused);
	assert_int_equal((long)jnum(row, "promised_completed"), w->promised);
	assert_int_equal((long)jnum(row, "promised_on_time"), w->on_time);
	check_pct(row, "on_time_pct", w->on_time_pct);
	assert_int_equal((long)jnum(row, "overdue_open"), w->overdue);
	assert_int_equal((long)jnum(row, "accepted"), w->accepted);
	assert_int_equal((long)jnum(row, "accepted_first_visit"), w->first_visit);
	check_pct(row, "one_visit_pct", w->one_visit_pct);
	int rated = 0;
	for (int i = 0; i < 5; i++) {
		assert_int_equal(cJSON_GetArrayItem(member(row, "ratings"), i)->valueint, w->ratings[i]);
		rated += w->ratings[i];
	}
	assert_int_equal((long)jnum(row, "rated"), rated);
	check_pct(row, "satisfied_pct", w->satisfied_pct);
}

/* The mean rounded to the nearest second, a half up: (2 sum + n) / 2n. */
static int64_t mean(const int64_t *v, int n)
{
	int64_t sum = 0;
	for (int i = 0; i < n; i++)
		sum += v[i];
	return (2 * sum + n) / (2 * n);
}

static int64_t max_of(const int64_t *v, int n)
{
	int64_t m = v[0];
	for (int i = 1; i < n; i++)
		m = v[i] > m ? v[i] : m;
	return m;
}

/* The scenario, all on Wednesday 2 December 2026 but for two completions
 * on Tuesday 5 January 2027:
 *   09:00  windows 1-3 open; MAR a1-a3, SOC b1-b2, PEN p0-p9 issued
 *   09:10  w1 calls a1, starts, case c1 (MAR-01, complete, immediate)
 *          done; w3 calls p0-p4, each a no-show
 *   09:20  w1 finishes a1, a2 no-show, starts a3, c2 (SOC-01) notified;
 *          w2 starts b1 with c3 (SOC-03, 10 days) and c4 (SOC-04, 20
 *          days) accepted; w3 p5-p8 no-shows; w1 pauses
 *   09:50  w1 resumes, finishes a3, c2's materials come (accepted, not at
 *          the first visit); w2 completes c3, finishes b1, starts b2 with
 *          c5 (SOC-03); w3 p9 no-show
 *   10:00  w2 finishes b2; ratings: c1 5, c3 2; w1 closes
 *   5 Jan  c2 completed (due mid-January: on time), c5 completed (due 16
 *          December: late); c4 (due 30 December) is open and overdue. */
struct scenario {
	int64_t a[3], b[2], p[10];
	int64_t c[6];
	int64_t paused;
};

static void build_scenario(struct fx *f, struct scenario *sc)
{
	fx_at(f, "2026-12-02T09:00:00");
	for (int no = 1; no <= 3; no++)
		run(f, "POST", wd_fmt("/api/v1/windows/%d/open", no), f->clerk[no], NULL, 200);
	for (int i = 0; i < 3; i++)
		sc->a[i] = fx_issue(f, "MAR", NULL);
	for (int i = 0; i < 2; i++)
		sc->b[i] = fx_issue(f, "SOC", NULL);
	for (int i = 0; i < 10; i++)
		sc->p[i] = fx_issue(f, "PEN", NULL);

	fx_at(f, "2026-12-02T09:10:00");
	fx_call(f, 1, sc->a[0]);
	fx_step(f, 1, sc->a[0], "start");
	sc->c[1] = fx_case(f, 1, sc->a[0], "MAR-01", "[1,2,3]", 1);
	fx_case_act(f, 1, sc->c[1], "complete", NULL);
	for (int i = 0; i < 5; i++) {
		fx_call(f, 3, sc->p[i]);
		fx_step(f, 3, sc->p[i], "no-show");
	}

	fx_at(f, "2026-12-02T09:20:00");
	fx_step(f, 1, sc->a[0], "finish");
	fx_call(f, 1, sc->a[1]);
	fx_step(f, 1, sc->a[1], "no-show");
	fx_call(f, 1, sc->a[2]);
	fx_step(f, 1, sc->a[2], "start");
	sc->c[2] = fx_case(f, 1, sc->a[2], "SOC-01", "[1]", 2);
	fx_call(f, 2, sc->b[0]);
	fx_step(f, 2, sc->b[0], "start");
	sc->c[3] = fx_case(f, 2, sc->b[0], "SOC-03", "[1,2,3,4]", 3);
	sc->c[4] = fx_case(f, 2, sc->b[0], "SOC-04", "[1,2,3,4]", 4);
	for (int i = 5; i < 9; i++) {
		fx_call(f, 3, sc->p[i]);
		fx_step(f, 3, sc->p[i], "no-show");
	}
	int64_t paused_at = change_window(f, 1, "pause", "{\"reason\":\"午休\"}");

	fx_at(f, "2026-12-02T09:50:00");
	sc->paused = change_window(f, 1, "open", NULL) - paused_at;
	fx_step(f, 1, sc->a[2], "finish");
	fx_case_act(f, 1, sc->c[2], "materials", "{\"received\":[2,3,4]}");
	fx_case_act(f, 2, sc->c[3], "complete", NULL);
	fx_step(f, 2, sc->b[0], "finish");
	fx_call(f, 2, sc->b[1]);
	fx_step(f, 2, sc->b[1], "start");
	sc->c[5] = fx_case(f, 2, sc->b[1], "SOC-03", "[1,2,3,4]", 5);
	fx_call(f, 3, sc->p[9]);
	fx_step(f, 3, sc->p[9], "no-show");

	fx_at(f, "2026-12-02T10:00:00");
	fx_step(f, 2, sc->b[1], "finish");
	fx_rate(f, sc->c[1], 5);
	fx_rate(f, sc->c[3], 2);
	run(f, "POST", "/api/v1/windows/1/close", f->clerk[1], NULL, 200);

	fx_at(f, "2027-01-05T10:00:00");
	fx_case_act(f, 1, sc->c[2], "complete", NULL);
	fx_case_act(f, 2, sc->c[5], "complete", NULL);
}

/* The rows of a report by key, in order. */
static const cJSON *report_row(const cJSON *report, int i)
{
	const cJSON *row = cJSON_GetArrayItem(member(report, "rows"), i);
	assert_non_null(row);
	return row;
}

static void test_report(void **state)
{
	struct fx *f = *state;
	struct scenario sc;
	char *data = hostile_data_dir();
	snprintf(f->args, sizeof f->args, "--data %s", data);
	build_scenario(f, &sc);

	int64_t wa[3], wb[2], wp[10], ha[2], hb[2];
	for (int i = 0; i < 3; i++)
		wa[i] = wait_of(f, sc.a[i]);
	for (int i = 0; i < 2; i++)
		wb[i] = wait_of(f, sc.b[i]);
	for (int i = 0; i < 10; i++)
		wp[i] = wait_of(f, sc.p[i]);
	ha[0] = handle_of(f, sc.a[0]);
	ha[1] = handle_of(f, sc.a[2]);
	hb[0] = handle_of(f, sc.b[0]);
	hb[1] = handle_of(f, sc.b[1]);
	/* The clock moved as planned, give or take the seconds each step took
	 * after its restart. */
	if (llabs(wa[0] - 600) > 60 || llabs(wb[1] - 3000) > 60 || llabs(sc.paused - 1800) > 60)
		fail_msg("waits %lld %lld, paused %lld", (long long)wa[0], (long long)wb[1], (long long)sc.paused);

	/* Nearest rank, p90: with 3 or 2 values (ceil(2.7) = 3, ceil(1.8) = 2)
	 * the largest; with window 3's 10 (600 x5, 1200 x4, 3000) the 9th, the
	 * largest of the 09:20 ones, not the 3000. */
	int64_t p90_w3 = max_of(wp + 5, 4);
	assert_true(p90_w3 < wp[9]);
	/* All 15 waits: rank ceil(13.5) = 14, the smaller of the two ~3000s. */
	int64_t p90_all = wb[1] < wp[9] ? wb[1] : wp[9];
	int64_t all_waits[15], all_handles[4] = { ha[0], ha[1], hb[0], hb[1] };
	memcpy(all_waits, wa, sizeof wa);
	memcpy(all_waits + 3, wb, sizeof wb);
	memcpy(all_waits + 5, wp, sizeof wp);

	const struct want_row w1 = {
		"1", "1号窗口", 3, 2, 1, mean(wa, 3), max_of(wa, 3), mean(ha, 2), max_of(ha, 2),
		sc.paused, 1, 1, "100.0", 0, 2, 1, "50.0", { 0, 0, 0, 0, 1 }, "100.0",
	};
	const struct want_row w2 = {
		"2", HOSTILE_NAME, 2, 2, 0, mean(wb, 2), max_of(wb, 2), mean(hb, 2), max_of(hb, 2),
		0, 2, 1, "50.0", 1, 3, 3, "100.0", { 0, 1, 0, 0, 0 }, "0.0",
	};
	const struct want_row w3 = {
		"3", "3号窗口", 10, 0, 10, mean(wp, 10), p90_w3, -1, -1,
		0, 0, 0, NULL, 0, 0, 0, NULL, { 0 }, NULL,
	};
	const struct want_row total = {
		NULL, NULL, 15, 4, 11, mean(all_waits, 15), p90_all, mean(all_handles, 4),
		max_of(all_handles, 4), sc.paused, 3, 2, "66.7", 1, 5, 4, "80.0", { 0, 1, 0, 0, 1 }, "50.0",
	};
	const char *period = "from=2026-12-02&to=2027-01-05";
	cJSON *rep = call(f, "GET", wd_fmt("/api/v1/reports?%s&by=window", period), f->sup, NULL, 200);
	assert_string_equal(jstr(rep, "from"), "2026-12-02");
	assert_string_equal(jstr(rep, "to"), "2027-01-05");
	assert_string_equal(jstr(rep, "by"), "window");
	/* The demo's morning queue of 2 December, never called, expired at
	 * that day's end: a row of no window, and the total. */
	cJSON *morning = demo_file("tickets.json");
	int leftovers = cJSON_GetArraySize(morning);
	cJSON_Delete(morning);
	assert_int_equal(cJSON_GetArraySize(member(rep, "rows")), 4);
	check_row(report_row(rep, 0), &w1);
	check_row(report_row(rep, 1), &w2);
	check_row(report_row(rep, 2), &w3);
	check_row(member(rep, "total"), &total);
	for (int i = 0; i < 3; i++)
		assert_int_equal((long)jnum(report_row(rep, i), "expired"), 0);
	assert_true(is_null(report_row(rep, 3), "key"));
	assert_int_equal((long)jnum(report_row(rep, 3), "tickets_called"), 0);
	assert_int_equal((long)jnum(report_row(rep, 3), "expired"), leftovers);
	assert_int_equal((long)jnum(member(rep, "total"), "expired"), leftovers);
	cJSON_Delete(rep);

	/* By clerk: the same figures under the clerks (the pause is clerk1's). */
	rep = call(f, "GET", wd_fmt("/api/v1/reports?%s&by=clerk", period), f->admin, NULL, 200);
	struct want_row c1 = w1, c2 = w2, c3 = w3;
	c1.key = "clerk1", c1.name = "张雅婷";
	c2.key = "clerk2", c2.name = "李志强";
	c3.key = "clerk3", c3.name = "王丽娟";
	check_row(report_row(rep, 0), &c1);
	check_row(report_row(rep, 1), &c2);
	check_row(report_row(rep, 2), &c3);
	check_row(member(rep, "total"), &total);
	cJSON_Delete(rep);

	/* By matter: a ticket counts under the matter of its (last) case; no
	 * paused time. */
	rep = call(f, "GET", wd_fmt("/api/v1/reports?%s&by=matter", period), f->sup, NULL, 200);
	int64_t none_waits[11];
	none_waits[0] = wa[1];
	memcpy(none_waits + 1, wp, sizeof wp);
	const struct want_row m[] = {
		{ "MAR-01", NULL, 1, 1, 0, wa[0], wa[0], ha[0], ha[0], -1, 0, 0, NULL, 0, 1, 1, "100.0",
		  { 0, 0, 0, 0, 1 }, "100.0" },
		{ "SOC-01", NULL, 1, 1, 0, wa[2], wa[2], ha[1], ha[1], -1, 1, 1, "100.0", 0, 1, 0, "0.0",
		  { 0 }, NULL },
		{ "SOC-03", NULL, 1, 1, 0, wb[1], wb[1], hb[1], hb[1], -1, 2, 1, "50.0", 0, 2, 2, "100.0",
		  { 0, 1, 0, 0, 0 }, "0.0" },
		{ "SOC-04", NULL, 1, 1, 0, wb[0], wb[0], hb[0], hb[0], -1, 0, 0, NULL, 1, 1, 1, "100.0",
		  { 0 }, NULL },
		/* a2 and the ten PEN tickets had no case: 11 waits, rank ceil(9.9) = 10, the largest ~1200. */
		{ NULL, NULL, 11, 0, 11, mean(none_waits, 11), max_of(none_waits, 10), -1, -1, -1, 0, 0, NULL,
		  0, 0, 0, NULL, { 0 }, NULL },
	};
	assert_int_equal(cJSON_GetArraySize(member(rep, "rows")), 5);
	for (int i = 0; i < 5; i++)
		check_row(report_row(rep, i), &m[i]);
	assert_string_equal(jstr(report_row(rep, 2), "name"), "临时救助申请");
	assert_true(is_null(report_row(rep, 4), "name"));
	struct want_row mt = total;
	mt.paused = -1;
	check_row(member(rep, "total"), &mt);
	cJSON_Delete(rep);

	/* The first day only: c2 and c5 were completed later; c4 is still
	 * open and overdue today, so it counts. */
	rep = call(f, "GET", "/api/v1/reports?from=2026-12-02&to=2026-12-02", f->sup, NULL, 200);
	struct want_row d1 = w1, d2 = w2;
	d1.promised = 0, d1.on_time = 0, d1.on_time_pct = NULL;
	d2.promised = 1, d2.on_time = 1, d2.on_time_pct = "100.0";
	check_row(report_row(rep, 0), &d1);
	check_row(report_row(rep, 1), &d2);
	cJSON_Delete(rep);
	/* Today only: nothing was called; the completions and the backlog. */
	rep = call(f, "GET", "/api/v1/reports?by=window", f->sup, NULL, 200);
	assert_string_equal(jstr(rep, "from"), "2027-01-05");
	assert_int_equal((long)jnum(member(rep, "total"), "tickets_called"), 0);
	assert_true(is_null(member(rep, "total"), "wait_avg"));
	assert_int_equal((long)jnum(member(rep, "total"), "promised_completed"), 2);
	assert_int_equal((long)jnum(member(rep, "total"), "paused_seconds"), 0);
	cJSON_Delete(rep);

	/* Bad queries. */
	static const char *const bad[] = {
		"by=day", "by=", "format=xml", "from=2026-12-03&to=2026-12-02", "from=2026-12-32",
		"to=tomorrow",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		call_err(f, "GET", wd_fmt("/api/v1/reports?%s", bad[i]), f->sup, NULL, 400, "invalid_query");

	/* CSV: by format=csv or by Accept; format wins over Accept. */
	struct resp r;
	assert_int_equal(http(&f->w, "GET", wd_fmt("/api/v1/reports?%s&format=csv", period), f->sup, NULL, NULL, &r), 200);
	assert_string_equal(r.content_type, "text/csv; charset=utf-8");
	assert_memory_equal(r.body, "\xEF\xBB\xBF", 3);
	const char *header = "key,name,tickets_called,tickets_served,no_shows,transferred,expired,wait_avg,"
		"wait_p90,handle_avg,handle_p90,paused_seconds,promised_completed,promised_on_time,"
		"on_time_pct,overdue_open,accepted,accepted_first_visit,one_visit_pct,rating_1,rating_2,"
		"rating_3,rating_4,rating_5,rated,satisfied_pct,extended_services,extended_minutes,assisted_help,"
		"assisted_proxy\r\n";
	assert_memory_equal(r.body + 3, header, strlen(header));
	const char *line1 = r.body + 3 + strlen(header);
	const char *want1 = wd_fmt("1,1号窗口,3,2,1,0,0,%lld,%lld,%lld,%lld,%lld,1,1,100.0,0,2,1,50.0,0,0,0,0,1,1,100.0,0,0,0,0\r\n",
				(long long)w1.wait_avg, (long long)w1.wait_p90, (long long)w1.handle_avg,
				(long long)w1.handle_p90, (long long)sc.paused);
	assert_memory_equal(line1, want1, strlen(want1));
	/* The hostile name: defused with an apostrophe, quoted, quotes doubled. */
	const char *line2 = line1 + strlen(want1);
	const char *want2 = "2,\"'=SUM(1,2)\"\"东\"\"\",2,2,0,0,";
	assert_memory_equal(line2, want2, strlen(want2));
	/* Window 3 has no handling time: empty fields. */
	const char *line3 = strstr(line2, "\r\n") + 2;
	const char *want3 = wd_fmt("3,3号窗口,10,0,10,0,0,%lld,%lld,,,0,0,0,,0,0,0,,0,0,0,0,0,0,,0,0,0,0\r\n",
				(long long)w3.wait_avg, (long long)w3.wait_p90);
	assert_memory_equal(line3, want3, strlen(want3));
	/* The expired morning queue, of no window; then the total. */
	const char *line4 = line3 + strlen(want3);
	const char *want4 = wd_fmt(",,0,0,0,0,%d,", leftovers);
	assert_memory_equal(line4, want4, strlen(want4));
	const char *line5 = strstr(line4, "\r\n") + 2;
	const char *want5 = wd_fmt(",total,15,4,11,0,%d,", leftovers);
	assert_memory_equal(line5, want5, strlen(want5));
	assert_string_equal(strstr(line5, "\r\n"), "\r\n");          /* the last line */
	resp_free(&r);
	assert_int_equal(http_get_h(&f->w, wd_fmt("/api/v1/reports?%s", period), f->sup, "Accept: text/csv", &r), 200);
	assert_string_equal(r.content_type, "text/csv; charset=utf-8");
	assert_memory_equal(r.body + 3, header, strlen(header));
	resp_free(&r);
	assert_int_equal(http_get_h(&f->w, wd_fmt("/api/v1/reports?%s&format=json", period), f->sup,
				    "Accept: text/csv", &r), 200);
	assert_non_null(r.json);
	assert_string_equal(r.content_type, "application/json; charset=utf-8");
	resp_free(&r);

	snprintf(f->args, sizeof f->args, "%s", "");
	assert_int_equal(system(wd_fmt("rm -rf '%s'", data)), 0);
	free(data);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_roles),
		T(test_board),
		T(test_board_due_cases),
		T(test_window_day),
		T(test_audit_due_dates_across_holiday),
		T(test_audit_bad_input_and_lists),
		T(test_callback_sample),
		T(test_callback_sample_bad_input),
		T(test_bad_ratings),
		T(test_no_personal_data_in_log),
		T(test_report),
	};
#undef T
	return cmocka_run_group_tests(tests, NULL, NULL);
}
