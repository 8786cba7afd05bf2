/* The supervisor's screens end to end: the real wicket on a pseudo-terminal
 * (rendered by libvterm) signed in as the demo hall's supervisor, against a
 * real wicketd --demo on a temporary database, with the clerks driven over
 * HTTP by the test.  No sleeps: the client's ready signal and the screen's
 * text are waited for, with timeouts only as failure bounds. */
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
#include <unistd.h>
#include <cmocka.h>

#include <curl/curl.h>

#include "client.h"
#include "harness.h"
#include "term.h"
#include "wicket/common/buf.h"
#include "wicket/common/xalloc.h"

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

/* wicket signed in as the supervisor (no window), rows x cols, in lang,
 * showing the board once it has loaded. */
static struct term *supervisor(const char *lang, int rows, int cols)
{
	const char *const args[] = { "--user", "supervisor", NULL };
	struct term *t = client_sign_in(W.url, W.dir, args, lang, NULL, rows, cols, "board");
	client_expect(t, "E 残联及户政服务区");           /* the demo hall's last zone */
	assert_int_equal(term_wait_ready(t, "board", WAIT), 0);
	return t;
}

static void key(struct term *t, VTermKey k)
{
	term_key(t, k, VTERM_MOD_NONE);
}

static void fkey(struct term *t, int n)
{
	term_key(t, VTERM_KEY_FUNCTION(n), VTERM_MOD_NONE);
}

static void press(struct term *t, const char *s)
{
	term_type(t, s);
}

/* Wait (redraw by redraw) until the row that shows `anchor` also shows
 * `text`; returns that row. */
static int expect_in_row(struct term *t, const char *anchor, const char *text)
{
	for (int i = 0; i < 60; i++) {
		int row = term_find_row(t, anchor);
		if (row >= 0) {
			char *line = term_row(t, row);
			bool found = strstr(line, text) != NULL;
			free(line);
			if (found)
				return row;
		}
		assert_int_equal(term_wait_ready(t, NULL, WAIT), 0);
	}
	char *screen = term_screen_text(t);
	fprintf(stderr, "# no row shows both \"%s\" and \"%s\":\n%s\n", anchor, text, screen);
	free(screen);
	fail_msg("no row shows both \"%s\" and \"%s\"", anchor, text);
	return -1;
}

/* A POST as token that must answer want; returns the reply (caller deletes). */
static cJSON *post(const char *path, const char *token, const char *body, long want)
{
	return wd_call(&W, "POST", path, token, body, want);
}

/* ---- the hall board ------------------------------------------------------ */

/* The demo hall's five zones, each heading above its two windows, in the
 * hall's order; then live: a clerk opens window 1, calls and pauses, and
 * the board follows the feed. */
static void test_board_live(void **state)
{
	(void)state;
	struct term *t = supervisor("en_US.UTF-8", 24, 80);
	client_expect(t, "Supervisor 何建华");
	client_expect(t, "E 残联及户政服务区");
	assert_int_equal(term_wait_ready(t, "board", WAIT), 0);
	static const char *const zones[] = { "A 民政服务区", "B 社会保险服务区", "C 就业服务区",
					     "D 医疗保障服务区", "E 残联及户政服务区" };
	int last = 0;
	for (size_t z = 0; z < sizeof zones / sizeof zones[0]; z++) {
		client_expect(t, zones[z]);
		/* Its two windows right under it, by number: read once a frame
		 * is whole (the text above may show in the middle of one, when
		 * the hall's zone arrives and the screen is drawn again). */
		char first[8], second[8];
		snprintf(first, sizeof first, "%2d ", (int)z * 2 + 1);
		snprintf(second, sizeof second, "%2d ", (int)z * 2 + 2);
		int row = -1;
		for (int i = 0; i < 60 && row < 0; i++) {
			int at = term_find_row(t, zones[z]);
			char *a = term_row(t, at + 1), *b = term_row(t, at + 2);
			if (at > last && strstr(a, first) && strstr(b, second) && strstr(a, "closed"))
				row = at;
			free(a);
			free(b);
			if (row < 0)
				assert_int_equal(term_wait_ready(t, NULL, WAIT), 0);
		}
		if (row < 0) {
			char *screen = term_screen_text(t);
			fail_msg("zone %s is not above windows %s and %s:\n%s", zones[z], first, second, screen);
		}
		last = row;
	}
	client_expect(t, "Windows: 0 open · 0 paused · 11 closed");
	client_expect(t, "婚姻登记");
	client_expect(t, "Cases due or overdue: 0");

	/* Clerk 1 signs in and opens window 1: the feed brings it. */
	char *clerk = wd_login(&W, "clerk1", 1);
	cJSON_Delete(post("/api/v1/windows/1/open", clerk, NULL, 200));
	int row = expect_in_row(t, "张雅婷", "open");
	client_expect(t, "Windows: 1 open · 0 paused · 10 closed");
	/* It calls the next applicant: the ticket shows at the window. */
	cJSON *called = post("/api/v1/windows/1/call", clerk, NULL, 200);
	char number[16];
	snprintf(number, sizeof number, "%s", jstr(called, "number"));
	cJSON_Delete(called);
	row = expect_in_row(t, "张雅婷", number);
	/* The waiting count of its service is the server's. */
	char *sup = wd_login(&W, "supervisor", 0), count[16];
	cJSON *board = wd_call(&W, "GET", "/api/v1/board", sup, NULL, 200);
	const cJSON *s = cJSON_GetArrayItem(cJSON_GetObjectItem(board, "services"), 0);
	assert_string_equal(jstr(s, "name"), "婚姻登记");
	snprintf(count, sizeof count, " %d ", (int)jnum(s, "waiting"));
	cJSON_Delete(board);
	free(sup);
	expect_in_row(t, "婚姻登记", count);
	/* It pauses with a reason: amber, with the reason and a duration. */
	cJSON_Delete(post("/api/v1/windows/1/pause", clerk, "{\"reason\":\"去复印材料\"}", 200));
	row = expect_in_row(t, "张雅婷", "去复印材料");
	expect_in_row(t, "张雅婷", "paused");
	client_expect(t, "Windows: 0 open · 1 paused · 10 closed");
	/* Off the selection (reverse video), the pause shows amber. */
	key(t, VTERM_KEY_DOWN);
	assert_int_equal(term_wait_ready(t, "board", WAIT), 0);
	row = term_find_row(t, "去复印材料");
	int col = term_col_of(t, row, "去复印材料");
	assert_int_equal(term_cell_fg(t, row, col), 3);          /* yellow: amber */
	char *line = term_row(t, row);
	assert_non_null(strstr(line, " min"));                   /* paused for seconds, in minutes */
	free(line);
	free(clerk);
	/* Help lists the supervisor's keys; a clerk's key there does nothing. */
	fkey(t, 1);
	assert_int_equal(term_wait_ready(t, "help", WAIT), 0);
	client_expect(t, "Record a walk-in audit of the selected window");
	assert_false(term_contains(t, "Call the next applicant"));
	fkey(t, 8);
	client_expect(t, "Not available on this screen");
	assert_int_equal(term_wait_ready(t, "help", WAIT), 0);
	key(t, VTERM_KEY_ESCAPE);
	assert_int_equal(term_wait_ready(t, "board", WAIT), 0);
	client_quit(t);
}

/* Select window no on the board (the selection starts on the first). */
static void select_window(struct term *t, int no)
{
	char mark[16];
	snprintf(mark, sizeof mark, ">%3d ", no);
	for (int i = 1; i < no; i++)
		key(t, VTERM_KEY_DOWN);
	client_expect(t, mark);
}

/* Today on the server, "YYYY-MM-DD" into out. */
static void server_today(char out[16])
{
	struct resp r;
	assert_int_equal(http(&W, "GET", "/api/v1/health", NULL, NULL, NULL, &r), 200);
	snprintf(out, 16, "%s", jstr(r.json, "today"));
	resp_free(&r);
}

/* ---- a walk-in audit ------------------------------------------------------ */

/* Window 3 fails the badge and the farewell; one finding to rectify in three
 * working days; recorded, checked on the server, then followed up and
 * closed from the rectifications screen. */
static void test_audit_recorded_and_closed(void **state)
{
	(void)state;
	char *clerk = wd_login(&W, "clerk3", 3), *sup = wd_login(&W, "supervisor", 0);
	cJSON_Delete(post("/api/v1/windows/3/open", clerk, NULL, 200));
	struct term *t = supervisor("en_US.UTF-8", 24, 80);
	expect_in_row(t, "王丽娟", "open");
	select_window(t, 3);
	fkey(t, 3);
	assert_int_equal(term_wait_ready(t, "audit", WAIT), 0);
	client_expect(t, "Walk-in audit of 3号窗口 · clerk: 王丽娟");
	client_expect(t, "[x] 9. No pushing applicants away");
	key(t, VTERM_KEY_DOWN);                          /* 2. the badge and uniform */
	press(t, " ");
	key(t, VTERM_KEY_DOWN);
	key(t, VTERM_KEY_DOWN);                          /* 4. the farewell */
	press(t, " ");
	client_expect(t, "[ ] 4. Standard farewell");
	client_expect(t, "[ ] 2. Badge worn, uniform proper");
	client_expect(t, "[x] 3. Standard greeting");
	press(t, "n");
	assert_int_equal(term_wait_ready(t, "dialog", WAIT), 0);
	press(t, "未佩戴工牌");
	key(t, VTERM_KEY_TAB);
	press(t, "3");
	key(t, VTERM_KEY_ENTER);
	assert_int_equal(term_wait_ready(t, "audit", WAIT), 0);
	client_expect(t, "1. 未佩戴工牌");
	client_expect(t, "rectify within 3 working days");
	fkey(t, 9);
	client_expect(t, "Audit recorded: 1 finding to rectify.");

	/* On the server: the checklist as ticked, the finding, its due date
	 * on the hall's calendar, and that date on the screen. */
	char today[16], path[160];
	server_today(today);
	cJSON *list = wd_call(&W, "GET", "/api/v1/audits?window=3", sup, NULL, 200);
	const cJSON *audits = cJSON_GetObjectItem(list, "audits");
	assert_int_equal(cJSON_GetArraySize(audits), 1);
	const cJSON *a = cJSON_GetArrayItem(audits, 0);
	int64_t id = (int64_t)jnum(a, "id");
	const cJSON *checklist = cJSON_GetObjectItem(a, "checklist"), *item;
	cJSON_ArrayForEach(item, checklist) {
		bool failed = strcmp(item->string, "badge_uniform") == 0 || strcmp(item->string, "farewell") == 0;
		assert_true(failed ? cJSON_IsFalse(item) : cJSON_IsTrue(item));
	}
	assert_int_equal(cJSON_GetArraySize(checklist), 9);
	assert_int_equal((int)jnum(a, "failed"), 2);
	assert_int_equal((int)jnum(a, "findings"), 1);
	assert_string_equal(jstr(a, "clerk"), "clerk3");
	cJSON_Delete(list);
	snprintf(path, sizeof path, "/api/v1/audits/%lld", (long long)id);
	cJSON *full = wd_call(&W, "GET", path, sup, NULL, 200);
	const cJSON *f = cJSON_GetArrayItem(cJSON_GetObjectItem(full, "findings"), 0);
	assert_string_equal(jstr(f, "text"), "未佩戴工牌");
	assert_int_equal((int)jnum(f, "rectify_days"), 3);
	assert_string_equal(jstr(f, "status"), "open");
	snprintf(path, sizeof path, "/api/v1/calendar/due?from=%s&days=3", today);
	cJSON *due = wd_call(&W, "GET", path, sup, NULL, 200);
	assert_string_equal(jstr(f, "due"), jstr(due, "due"));
	char shown[64];
	snprintf(shown, sizeof shown, "due %s (3 working days)", jstr(due, "due"));
	client_expect(t, shown);
	cJSON_Delete(due);
	cJSON_Delete(full);

	/* The form is done: nothing more is recorded from it. */
	fkey(t, 9);
	client_expect(t, "This audit is recorded");

	/* The rectifications list it; a follow-up closes it. */
	fkey(t, 5);
	assert_int_equal(term_wait_ready(t, "rectifications", WAIT), 0);
	expect_in_row(t, "未佩戴工牌", "3 left");
	key(t, VTERM_KEY_ENTER);
	assert_int_equal(term_wait_ready(t, "dialog", WAIT), 0);
	press(t, "已佩戴工牌");
	key(t, VTERM_KEY_ENTER);
	key(t, VTERM_KEY_ENTER);                         /* "y": close it */
	client_expect(t, "every finding of the audit is closed");
	client_expect(t, "Nothing to rectify.");
	snprintf(path, sizeof path, "/api/v1/audits/%lld", (long long)id);
	full = wd_call(&W, "GET", path, sup, NULL, 200);
	f = cJSON_GetArrayItem(cJSON_GetObjectItem(full, "findings"), 0);
	assert_string_equal(jstr(f, "status"), "closed");
	assert_string_equal(jstr(f, "closed_on"), today);
	const cJSON *fu = cJSON_GetArrayItem(cJSON_GetObjectItem(f, "follow_ups"), 0);
	assert_string_equal(jstr(fu, "note"), "已佩戴工牌");
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(fu, "closed")));
	cJSON_Delete(full);
	/* Shown again with the closed ones. */
	press(t, "a");
	expect_in_row(t, "未佩戴工牌", "closed");
	/* And in the audits of the period. */
	fkey(t, 4);
	assert_int_equal(term_wait_ready(t, "audits", WAIT), 0);
	expect_in_row(t, "王丽娟", "not complied: 2");
	client_expect(t, "Not complied: Badge worn, uniform proper; Standard farewell;");
	free(clerk);
	free(sup);
	client_quit(t);
}

/* ---- a window's day ------------------------------------------------------- */

/* Call the next ticket at window 2 as clerk (token) and start it; returns its id. */
static int64_t call_and_start_at_2(const char *clerk)
{
	char path[96];
	cJSON *t = post("/api/v1/windows/2/call", clerk, NULL, 200);
	int64_t id = (int64_t)jnum(t, "id");
	cJSON_Delete(t);
	snprintf(path, sizeof path, "/api/v1/tickets/%lld/start", (long long)id);
	cJSON_Delete(post(path, clerk, NULL, 200));
	return id;
}

/* A window's day in Chinese at 80 columns, read as the supervisor reads it:
 * the window named once, a transfer's reason in full-width brackets, every
 * step of a case in words (the visit linked, materials brought back, never
 * an event's code), and a case's due date inside the pane: the timeline's
 * times below it are not overwritten. */
static void test_day_in_chinese_at_80(void **state)
{
	(void)state;
	char *clerk = wd_login(&W, "clerk2", 2), *kiosk = wd_login(&W, "kiosk", 0);
	char path[128], body[512];
	for (int i = 0; i < 3; i++)                      /* enough applicants whatever ran before */
		cJSON_Delete(post("/api/v1/tickets", kiosk, "{\"service\": \"SOC\"}", 201));
	free(kiosk);
	cJSON_Delete(post("/api/v1/windows/2/open", clerk, NULL, 200));
	int64_t sent = call_and_start_at_2(clerk);
	snprintf(path, sizeof path, "/api/v1/tickets/%lld/transfer", (long long)sent);
	cJSON_Delete(post(path, clerk, "{\"window\": 1, \"confirm\": true, \"reason\": \"需复核\"}", 200));
	int64_t first = call_and_start_at_2(clerk);
	snprintf(body, sizeof body, "{\"ticket\": %lld, \"matter\": \"SOC-04\", \"received\": [1], "
		 "\"applicant\": {\"name\": \"王秀兰\", \"id_number\": \"510823195803120024\", "
		 "\"phone\": \"13812345678\"}}", (long long)first);
	cJSON *k = post("/api/v1/cases", clerk, body, 201);
	int64_t case_id = (int64_t)jnum(k, "id");
	cJSON_Delete(k);
	snprintf(path, sizeof path, "/api/v1/tickets/%lld/finish", (long long)first);
	cJSON_Delete(post(path, clerk, NULL, 200));
	int64_t again = call_and_start_at_2(clerk);       /* she comes back */
	snprintf(path, sizeof path, "/api/v1/cases/%lld/materials", (long long)case_id);
	snprintf(body, sizeof body, "{\"ticket\": %lld, \"received\": [2]}", (long long)again);
	cJSON_Delete(post(path, clerk, body, 200));
	snprintf(body, sizeof body, "{\"ticket\": %lld, \"received\": [3, 4]}", (long long)again);
	k = post(path, clerk, body, 200);
	assert_string_equal(jstr(k, "status"), "accepted");
	cJSON_Delete(k);
	snprintf(path, sizeof path, "/api/v1/tickets/%lld/finish", (long long)again);
	cJSON_Delete(post(path, clerk, NULL, 200));
	cJSON_Delete(post("/api/v1/windows/2/pause", clerk, "{\"reason\": \"会议\"}", 200));

	struct term *t = supervisor("zh_CN.UTF-8", 24, 80);
	expect_in_row(t, "李志强", "会议");           /* paused: the reason, though no column fits */
	select_window(t, 2);
	key(t, VTERM_KEY_ENTER);
	assert_int_equal(term_wait_ready(t, "day", WAIT), 0);
	client_expect(t, "2号窗口 · ");
	assert_false(term_contains(t, "窗口 2 2号窗口"));
	client_expect(t, "（需复核）");
	client_expect(t, "来访已关联");
	client_expect(t, "已补正，仍缺件");
	client_expect(t, "已受理");
	assert_false(term_contains(t, "case."));
	/* The case's row and its due date stay in the right-hand pane: every
	 * timeline row still starts with its time. */
	int rows;
	term_size(t, &rows, NULL);
	int timed = 0;
	for (int r = 3; r < rows - 2; r++) {
		char *line = term_row(t, r);
		if (line[0] && line[0] != ' ') {
			assert_true(line[0] >= '0' && line[0] <= '2' && line[2] == ':');
			timed++;
		}
		free(line);
	}
	assert_true(timed >= 8);
	client_expect(t, "到期");
	client_expect(t, "1分 0  2分 0");               /* the ratings per level, in words */
	free(clerk);
	client_quit(t);
}


static void test_window_day(void **state)
{
	(void)state;
	char *clerk = wd_login(&W, "clerk5", 5);
	cJSON_Delete(post("/api/v1/windows/5/open", clerk, NULL, 200));
	cJSON *called = post("/api/v1/windows/5/call", clerk, NULL, 200);
	char number[16], path[96], want[64];
	snprintf(number, sizeof number, "%s", jstr(called, "number"));
	snprintf(path, sizeof path, "/api/v1/tickets/%lld/no-show", (long long)jnum(called, "id"));
	cJSON_Delete(called);
	cJSON_Delete(post(path, clerk, NULL, 200));
	cJSON *second = post("/api/v1/windows/5/call", clerk, NULL, 200);
	char number2[16];
	snprintf(number2, sizeof number2, "%s", jstr(second, "number"));
	cJSON_Delete(second);

	struct term *t = supervisor("en_US.UTF-8", 30, 100);
	expect_in_row(t, "陈静", number2);
	select_window(t, 5);
	key(t, VTERM_KEY_ENTER);
	assert_int_equal(term_wait_ready(t, "day", WAIT), 0);
	client_expect(t, "5号窗口 · ");
	assert_false(term_contains(t, "Window 5 5号窗口"));  /* the number once */
	client_expect(t, "陈静 signed in");                /* the name, not the user name */
	client_expect(t, "window opened");
	snprintf(want, sizeof want, "called %s", number);
	client_expect(t, want);
	snprintf(want, sizeof want, "%s not present (no-show)", number);
	client_expect(t, want);
	snprintf(want, sizeof want, "called %s", number2);
	client_expect(t, want);
	/* Live: the clerk pauses, the day shows it. */
	cJSON_Delete(post("/api/v1/windows/5/pause", clerk, "{\"reason\":\"培训\"}", 200));
	client_expect(t, "paused: 培训");
	/* The day before is empty. */
	key(t, VTERM_KEY_LEFT);
	client_expect(t, "Nothing happened at this window that day.");
	key(t, VTERM_KEY_RIGHT);
	client_expect(t, "paused: 培训");
	key(t, VTERM_KEY_ESCAPE);
	assert_int_equal(term_wait_ready(t, "board", WAIT), 0);
	free(clerk);
	client_quit(t);
}

/* ---- the report ----------------------------------------------------------- */

/* The words of the row that shows anchor, after it (at most max), once
 * there are at least min of them: a row seen half drawn is read again
 * after the redraw has come in whole. */
static int row_words(struct term *t, const char *anchor, char words[][32], int max, int min)
{
	for (int tries = 0; tries < 20; tries++) {
		int row = term_find_row(t, anchor), n = 0;
		if (row >= 0) {
			char *line = term_row(t, row), *save = NULL;
			char *p = strstr(line, anchor) + strlen(anchor);
			for (char *w = strtok_r(p, " ", &save); w && n < max; w = strtok_r(NULL, " ", &save))
				snprintf(words[n++], 32, "%s", w);
			free(line);
			if (n >= min)
				return n;
		}
		assert_int_equal(term_wait_ready(t, NULL, WAIT), 0);
	}
	fail_msg("the row of \"%s\" never showed %d figures", anchor, min);
	return 0;
}

/* Window 7 calls three applicants: one does not come, two are served.
 * The report shows it per window and per clerk, and the CSV export is a
 * spreadsheet's: the byte order mark, the header, the clerk's line. */
static void test_report_and_csv(void **state)
{
	(void)state;
	char *clerk = wd_login(&W, "clerk7", 7), path[96];
	cJSON_Delete(post("/api/v1/windows/7/open", clerk, NULL, 200));
	for (int i = 0; i < 3; i++) {
		cJSON *tk = post("/api/v1/windows/7/call", clerk, NULL, 200);
		long long id = (long long)jnum(tk, "id");
		cJSON_Delete(tk);
		static const char *const steps[][2] = { { "no-show", NULL }, { "start", "finish" }, { "start", "finish" } };
		for (int k = 0; k < 2 && steps[i][k]; k++) {
			snprintf(path, sizeof path, "/api/v1/tickets/%lld/%s", id, steps[i][k]);
			cJSON_Delete(post(path, clerk, NULL, 200));
		}
	}
	struct term *t = supervisor("en_US.UTF-8", 30, 100);
	fkey(t, 8);
	assert_int_equal(term_wait_ready(t, "report", WAIT), 0);
	client_expect(t, "per window");
	client_expect(t, "7号窗口");
	char words[16][32];
	/* Called, served, no-shows: the first three columns. */
	row_words(t, "7号窗口", words, 16, 3);
	assert_string_equal(words[0], "3");
	assert_string_equal(words[1], "2");
	assert_string_equal(words[2], "1");
	client_expect(t, "Total");
	press(t, "b");
	client_expect(t, "per clerk");
	client_expect(t, "赵敏 clerk7");
	row_words(t, "赵敏 clerk7", words, 16, 3);
	assert_string_equal(words[0], "3");
	assert_string_equal(words[2], "1");

	press(t, "e");
	client_expect(t, "Report saved: ");
	char today[16], file[512];
	server_today(today);
	snprintf(file, sizeof file, "%s/state/wicket/reports/report-%s-%s-clerk.csv", W.dir, today, today);
	char *csv = slurp(file);
	/* The report as on the screen, with the screen's words (English here;
	 * Chinese below), durations in minutes. */
	const char *head = "\xEF\xBB\xBF" "Staff user,Clerk,Called,Served,No-shows,Transferred,"
			   "Average wait (minutes),";
	assert_memory_equal(csv, head, strlen(head));
	assert_non_null(strstr(csv, "\r\nclerk7,赵敏,3,2,1,"));
	assert_non_null(strstr(csv, "\r\n,Total,"));
	/* No duration in bare seconds: the average wait of clerk7's row is a
	 * number of minutes with one decimal. */
	char *row = strstr(csv, "\r\nclerk7,");
	char *field = row;
	for (int i = 0; i < 6; i++)
		field = strchr(field + 1, ',');
	assert_non_null(field);
	assert_true(field[1] >= '0' && field[1] <= '9');
	assert_non_null(strchr(field + 1, '.'));
	assert_true(strchr(field + 1, '.') < strchr(field + 1, ','));
	free(csv);
	/* A second export never overwrites the first. */
	press(t, "e");
	client_expect(t, "-clerk-2.csv");
	free(clerk);
	client_quit(t);

	/* In Chinese, the header is Chinese. */
	t = supervisor("zh_CN.UTF-8", 30, 100);
	fkey(t, 8);
	assert_int_equal(term_wait_ready(t, "report", WAIT), 0);
	client_expect(t, "合计");
	press(t, "b");
	client_expect(t, "赵敏 clerk7");
	press(t, "e");
	client_expect(t, "-clerk-3.csv");
	snprintf(file, sizeof file, "%s/state/wicket/reports/report-%s-%s-clerk-3.csv", W.dir, today, today);
	csv = slurp(file);
	const char *zh = "\xEF\xBB\xBF" "工号,经办人,叫号,办结,过号数,转办数,平均等候（分钟）,";
	assert_memory_equal(csv, zh, strlen(zh));
	assert_non_null(strstr(csv, "\r\n,合计,"));
	free(csv);
	client_quit(t);
}

/* ---- follow-up calls --------------------------------------------------------- */

/* A case completed at window 10 today; its applicant is called back. */
static void completed_case(void)
{
	char *clerk = wd_login(&W, "clerk10", 10), path[96];
	cJSON_Delete(post("/api/v1/windows/10/open", clerk, NULL, 200));
	cJSON *tk = post("/api/v1/windows/10/call", clerk, NULL, 200);
	long long id = (long long)jnum(tk, "id");
	cJSON_Delete(tk);
	snprintf(path, sizeof path, "/api/v1/tickets/%lld/start", id);
	cJSON_Delete(post(path, clerk, NULL, 200));
	char body[256];
	snprintf(body, sizeof body, "{\"ticket\":%lld,\"matter\":\"HUK-03\",\"applicant\":{\"name\":\"刘洋\","
		 "\"id_number\":\"11010519491231002X\",\"phone\":\"13800138000\"},\"received\":[1,2]}", id);
	cJSON *k = post("/api/v1/cases", clerk, body, 201);
	snprintf(path, sizeof path, "/api/v1/cases/%lld/complete", (long long)jnum(k, "id"));
	cJSON_Delete(k);
	cJSON_Delete(post(path, clerk, NULL, 200));
	free(clerk);
}

/* A seeded sample draws the case; the call's outcome, a rating of 2,
 * opens a poor-rating call in the list. */
static void test_callbacks(void **state)
{
	(void)state;
	completed_case();
	struct term *t = supervisor("en_US.UTF-8", 30, 100);
	fkey(t, 6);
	assert_int_equal(term_wait_ready(t, "callbacks", WAIT), 0);
	client_expect(t, "Follow-up calls to make: 0");
	press(t, "n");
	assert_int_equal(term_wait_ready(t, "dialog", WAIT), 0);
	for (int i = 0; i < 3; i++)
		key(t, VTERM_KEY_TAB);
	press(t, "7");
	key(t, VTERM_KEY_ENTER);
	key(t, VTERM_KEY_ENTER);
	client_expect(t, "Sample drawn with seed 7: 1 of 1 completed cases.");
	client_expect(t, "Follow-up calls to make: 1");
	expect_in_row(t, "刘洋", "13800138000");         /* the phone in full, to dial */
	expect_in_row(t, "刘洋", "sample");
	client_expect(t, "出生登记");
	assert_false(term_contains(t, "11010519491231002X"));   /* the ID number masked */

	key(t, VTERM_KEY_ENTER);
	assert_int_equal(term_wait_ready(t, "dialog", WAIT), 0);
	key(t, VTERM_KEY_ENTER);                         /* reached: y */
	press(t, "3");
	key(t, VTERM_KEY_ENTER);
	press(t, "4");
	key(t, VTERM_KEY_ENTER);
	press(t, "2");
	key(t, VTERM_KEY_ENTER);
	press(t, "等太久");
	key(t, VTERM_KEY_ENTER);
	client_expect(t, "A poor rating: a follow-up call is opened.");
	expect_in_row(t, "刘洋", "poor rating 2");
	client_expect(t, "Follow-up calls to make: 1");

	char *sup = wd_login(&W, "supervisor", 0);
	cJSON *list = wd_call(&W, "GET", "/api/v1/callbacks?status=all", sup, NULL, 200);
	const cJSON *k;
	int samples = 0, bad = 0;
	cJSON_ArrayForEach(k, cJSON_GetObjectItem(list, "callbacks")) {
		if (strcmp(jstr(k, "kind"), "sample") == 0) {
			samples++;
			assert_string_equal(jstr(k, "status"), "done");
			const cJSON *o = cJSON_GetObjectItem(k, "outcome");
			assert_int_equal((int)jnum(o, "rating"), 2);
			assert_int_equal((int)jnum(o, "attitude"), 3);
			assert_int_equal((int)jnum(o, "competence"), 4);
			assert_string_equal(jstr(o, "remarks"), "等太久");
		} else {
			bad++;
			assert_string_equal(jstr(k, "status"), "open");
			assert_string_equal(jstr(k, "source"), "callback");
		}
	}
	assert_int_equal(samples, 1);
	assert_int_equal(bad, 1);
	cJSON_Delete(list);
	free(sup);
	client_quit(t);
}

/* ---- paged lists -------------------------------------------------------------- */

/* More findings to rectify than a page (seven audits of 20 findings): the
 * screen, in Chinese, counts them all and says it shows the first 100 and
 * which keys page on; a page down on the last row shows the rest, a page
 * up on the first row goes back. */
static void test_rectifications_paged(void **state)
{
	(void)state;
	char *sup = wd_login(&W, "supervisor", 0);
	struct buf b = BUF_INIT;
	buf_addc(&b, '[');
	for (int i = 0; i < 20; i++)
		buf_printf(&b, "%s{\"text\":\"整改事项%02d\",\"rectify_days\":5}", i ? "," : "", i + 1);
	buf_addc(&b, ']');
	for (int a = 0; a < 7; a++) {
		char *body = xasprintf("{\"window\":%d,\"checklist\":{\"at_post\":true,\"badge_uniform\":false,"
			"\"greeting\":true,\"farewell\":true,\"guide_displayed\":true,\"no_cold\":true,"
			"\"no_rude\":true,\"no_stalling\":true,\"no_pushing_away\":true},\"findings\":%s}",
			6 + a % 5, buf_str(&b));   /* windows no other test here audits */
		cJSON_Delete(post("/api/v1/audits", sup, body, 201));
		free(body);
	}
	buf_free(&b);
	cJSON *l = wd_call(&W, "GET", "/api/v1/rectifications?limit=1", sup, NULL, 200);
	long total = (long)jnum(l, "total");
	cJSON_Delete(l);
	assert_true(total >= 140 && total < 200);
	free(sup);

	struct term *t = supervisor("zh_CN.UTF-8", 24, 80);
	fkey(t, 5);
	assert_int_equal(term_wait_ready(t, "rectifications", WAIT), 0);
	char want[160];
	snprintf(want, sizeof want, "待整改问题：%ld · 显示第 1–100 条，共 %ld 条，按 PgUp/PgDn 翻页", total, total);
	client_expect(t, want);
	for (int i = 0; i < 10; i++)                     /* to the page's last row */
		key(t, VTERM_KEY_PAGEDOWN);
	key(t, VTERM_KEY_PAGEDOWN);                       /* past it: the next page */
	snprintf(want, sizeof want, "显示第 101–%ld 条，共 %ld 条", total, total);
	client_expect(t, want);
	key(t, VTERM_KEY_PAGEUP);                         /* on its first row: back */
	client_expect(t, "显示第 1–100 条");
	client_quit(t);
}

/* ---- a role with no screens here ------------------------------------------- */

/* The administrator signs in (no window) and is told, in Chinese, that
 * this client has no screens for the role; F10 signs out.  (The trainer
 * has screens: tests/e2e/test_drill.) */
static void test_role_without_screens(void **state)
{
	(void)state;
	const char *const args[] = { "--user", "admin", NULL };
	struct term *t = client_sign_in(W.url, W.dir, args, "zh_CN.UTF-8", NULL, 24, 80, "no-screens");
	client_expect(t, "系统管理员");
	client_expect(t, "本客户端尚无该角色的界面");
	client_quit(t);
}

/* The board in Chinese: the zones, the states and the keys in the
 * clerks' language, columns where the layout puts them. */
static void test_board_chinese(void **state)
{
	(void)state;
	struct term *t = supervisor("zh_CN.UTF-8", 24, 80);
	client_expect(t, "值班长 何建华");
	client_expect(t, "A 民政服务区");
	client_expect(t, "已关闭");
	client_expect(t, "F3现场检查");
	int row = term_find_row(t, "婚姻登记");
	assert_true(row > 0);
	assert_int_equal(term_col_of(t, row, "婚姻登记"), 51);
	client_quit(t);
}

/* ---- the journal: a supervisor's actions survive the network too ------------ */

/* The server goes away while an audit of window 2 is being recorded: it is
 * kept in the journal, shown as sent, and reaches the server once when it
 * is back. */
static void test_audit_offline_replayed(void **state)
{
	(void)state;
	struct term *t = supervisor("en_US.UTF-8", 24, 80);
	client_expect(t, "online");
	select_window(t, 2);
	fkey(t, 3);
	assert_int_equal(term_wait_ready(t, "audit", WAIT), 0);
	press(t, " ");                                   /* 1. not at the post */
	client_expect(t, "[ ] 1. At the post");
	const char *port = strrchr(W.url, ':') + 1;
	char listen[64];
	snprintf(listen, sizeof listen, "--listen 127.0.0.1:%s", port);
	wd_kill(&W);
	client_expect(t, "offline, reconnecting");
	fkey(t, 9);
	client_expect(t, "Recorded: it goes to the server as soon as it answers.");
	client_expect(t, "offline · 1 pending");
	client_expect(t, "Sent: the due dates come with the server's answer.");
	fkey(t, 9);                                      /* not twice */
	client_expect(t, "This audit is recorded");

	wd_restart(&W, listen);
	client_expect(t, "Audit recorded: 0 findings to rectify.");
	client_expect(t, "Recorded at ");
	assert_false(term_contains(t, "pending"));
	char *sup = wd_login(&W, "supervisor", 0);
	cJSON *list = wd_call(&W, "GET", "/api/v1/audits?window=2", sup, NULL, 200);
	const cJSON *audits = cJSON_GetObjectItem(list, "audits");
	assert_int_equal(cJSON_GetArraySize(audits), 1);
	const cJSON *a = cJSON_GetArrayItem(audits, 0);
	assert_true(cJSON_IsFalse(cJSON_GetObjectItem(cJSON_GetObjectItem(a, "checklist"), "at_post")));
	cJSON_Delete(list);
	free(sup);
	char path[512];
	snprintf(path, sizeof path, "%s/state/wicket/journal/journal-supervisor@127.0.0.1_%s", W.dir, port);
	char *j = slurp(path);
	assert_string_equal(j, "");                      /* answered: emptied */
	free(j);
	client_quit(t);
}

int main(void)
{
	curl_global_init(CURL_GLOBAL_DEFAULT);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_board_live),
		cmocka_unit_test(test_audit_recorded_and_closed),
		cmocka_unit_test(test_window_day),
		cmocka_unit_test(test_report_and_csv),
		cmocka_unit_test(test_callbacks),
		cmocka_unit_test(test_rectifications_paged),
		cmocka_unit_test(test_role_without_screens),
		cmocka_unit_test(test_board_chinese),
		cmocka_unit_test(test_audit_offline_replayed),
		cmocka_unit_test(test_day_in_chinese_at_80),
	};
	int rc = cmocka_run_group_tests(tests, setup, teardown);
	curl_global_cleanup();
	return rc;
}
