/* A platform of many halls at the terminal (issue #14): the real wicket on
 * a pseudo-terminal (libvterm) against a real wicketd on the demo hall
 * (the county's centre, hall 1), to which the centre's administrator adds
 * a township hall, 柳疃镇便民服务中心, and its people over HTTP, as
 * tests/server/test_halls.c does.  A clerk with an account in both halls
 * picks the township at sign-in and works its queue under its name; the
 * centre's supervisor reads the board of halls, looks into the township's
 * board and comes back.  No sleeps: ready signals and text are waited for. */
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

#include <curl/curl.h>

#include "client.h"
#include "harness.h"
#include "term.h"

#define WAIT 10000                 /* ms: a bound for failures, never a pause */
#define LT_NAME "柳疃镇便民服务中心"
#define LT_PASSWORD "township-pass-1"
#define ZH "zh_CN.UTF-8"

static struct wd W;
static char *admin;

static int setup(void **state)
{
	(void)state;
	wd_start_daytime(&W, NULL);
	admin = wd_login(&W, "admin", 0);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free(admin);
	admin = NULL;
	wd_stop(&W);
	return 0;
}

/* An account in the township, made by the centre's administrator there. */
static void lt_account(const char *user, const char *role, const char *windows)
{
	char body[320];
	snprintf(body, sizeof body, "{\"user\":\"%s\",\"name\":\"柳%s\",\"role\":\"%s\",\"password\":\"%s\"%s%s}",
		 user, role, role, LT_PASSWORD, windows ? ",\"windows\":" : "", windows ? windows : "");
	cJSON_Delete(wd_call(&W, "POST", "/api/v1/accounts?hall=LT", admin, body, 201));
}

/* A token of user in the township (its password there). */
static char *lt_login(const char *user)
{
	char body[256];
	snprintf(body, sizeof body, "{\"user\":\"%s\",\"password\":\"%s\",\"hall\":\"LT\"}", user, LT_PASSWORD);
	cJSON *j = wd_call(&W, "POST", "/api/v1/login", NULL, body, 200);
	char *token = strdup(cJSON_GetObjectItemCaseSensitive(j, "token")->valuestring);
	cJSON_Delete(j);
	return token;
}

/* A ticket issued by the township's kiosk for its window 1's first
 * service (read by the centre's administrator there). */
static void lt_ticket(const char *kiosk)
{
	cJSON *j = wd_call(&W, "GET", "/api/v1/windows?hall=LT", admin, NULL, 200);
	const cJSON *win = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(j, "windows"), 0);
	char body[96];
	snprintf(body, sizeof body, "{\"service\":\"%s\"}",
		 cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(win, "services"), 0)->valuestring);
	cJSON_Delete(j);
	cJSON_Delete(wd_call(&W, "POST", "/api/v1/tickets", kiosk, body, 201));
}

/* The township (hall 2, the centre's first two windows), its kiosk, and
 * clerk1 of the centre working at its window 1 too; `tickets` tickets
 * issued there for window 1's first service.  Returns the kiosk's token. */
static char *township(int tickets)
{
	cJSON_Delete(wd_call(&W, "POST", "/api/v1/halls", admin,
			     "{\"code\":\"LT\",\"name\":\"" LT_NAME "\",\"level\":\"township\",\"windows\":2}", 201));
	lt_account("lt.kiosk", "kiosk", NULL);
	lt_account("clerk1", "clerk", "[1]");
	char *kiosk = lt_login("lt.kiosk");
	for (int i = 0; i < tickets; i++)
		lt_ticket(kiosk);
	return kiosk;
}

/* The password file for the township's accounts, in the test's folder. */
static const char *lt_password_file(void)
{
	static char path[512];
	snprintf(path, sizeof path, "%s/lt-password", W.dir);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fprintf(f, "%s\n", LT_PASSWORD);
	assert_int_equal(fclose(f), 0);
	return path;
}

/* The row showing text, waited for. */
static int row_of(struct term *t, const char *text)
{
	client_expect(t, text);
	return term_find_row(t, text);
}

/* The line at row, owned by the caller. */
static bool row_has(struct term *t, int row, const char *text)
{
	char *line = term_row(t, row);
	bool has = strstr(line, text) != NULL;
	if (!has)
		fprintf(stderr, "# row %d lacks \"%s\": %s\n", row, text, line);
	free(line);
	return has;
}

/* (a) clerk1 is in the centre and in the township: the sign-in asks which,
 * by the halls' names; the township chosen, the counter says so on its
 * status line and its queue is the township's (the one ticket issued
 * there, not the centre's morning). */
static void test_clerk_picks_the_township(void **state)
{
	(void)state;
	free(township(1));
	const char *const argv[] = { getenv("WICKET"), "--server", W.url, "--password-file", lt_password_file(),
				     "--user", "clerk1", "--window", "1", NULL };
	struct term *t = term_spawn(argv, client_env(W.dir, ZH, NULL, NULL), 24, 80);
	assert_non_null(t);
	assert_int_equal(term_wait_ready(t, "picker", WAIT), 0);
	/* Both halls, by name: the centre's first (hall 1), then the township. */
	cJSON *h = wd_call(&W, "GET", "/api/v1/hall", admin, NULL, 200);
	const char *centre = cJSON_GetObjectItemCaseSensitive(h, "name")->valuestring;
	int centre_row = row_of(t, centre), lt_row = row_of(t, LT_NAME);
	assert_true(centre_row < lt_row);
	cJSON_Delete(h);
	term_key(t, VTERM_KEY_DOWN, VTERM_MOD_NONE);
	term_key(t, VTERM_KEY_ENTER, VTERM_MOD_NONE);
	assert_int_equal(term_wait_ready(t, "counter", WAIT), 0);
	/* The status line names the hall, before the window. */
	client_expect(t, LT_NAME " · 窗口 1");
	assert_int_equal(term_find_row(t, LT_NAME " · 窗口 1"), 0);
	/* The township's queue: its one ticket. */
	client_expect(t, "排队（1 人）");
	/* A restart (the terminal hung up: no sign-out) resumes the township's
	 * session, an "h2-" token, without asking again. */
	term_close(t);
	struct term *again = term_spawn(argv, client_env(W.dir, ZH, NULL, NULL), 24, 80);
	assert_non_null(again);
	assert_int_equal(term_wait_ready(again, "counter", WAIT), 0);
	client_expect(again, LT_NAME " · 窗口 1");
	client_expect(again, "排队（1 人）");
	client_quit(again);
}

/* (b) The centre's supervisor: H shows the halls at and under the centre
 * with their figures, aligned at 80x24; Enter on the township opens its
 * board (its two windows, under its name), which follows its own feed;
 * Esc comes back to the halls, and Esc again to the centre's own board. */
static void test_supervisor_halls_board(void **state)
{
	(void)state;
	char *kiosk = township(2);
	/* The township's clerk opens its window 1: one of two open. */
	char body[256];
	snprintf(body, sizeof body, "{\"user\":\"clerk1\",\"password\":\"%s\",\"hall\":\"LT\",\"window\":1}",
		 LT_PASSWORD);
	cJSON *j = wd_call(&W, "POST", "/api/v1/login", NULL, body, 200);
	char *lt_clerk = strdup(cJSON_GetObjectItemCaseSensitive(j, "token")->valuestring);
	cJSON_Delete(j);
	cJSON_Delete(wd_call(&W, "POST", "/api/v1/windows/1/open", lt_clerk, NULL, 200));
	/* The centre's figures, as the server counts them now. */
	char *sup = wd_login(&W, "supervisor", 0);
	j = wd_call(&W, "GET", "/api/v1/halls", sup, NULL, 200);
	const cJSON *c = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(j, "halls"), 0);
	char centre[128], c_waiting[16], c_windows[16];
	snprintf(centre, sizeof centre, "%s", cJSON_GetObjectItemCaseSensitive(c, "name")->valuestring);
	snprintf(c_waiting, sizeof c_waiting, " %d ", (int)jnum(c, "waiting"));
	snprintf(c_windows, sizeof c_windows, " %d/%d ", (int)jnum(c, "open_windows"), (int)jnum(c, "windows"));
	int c_overdue = (int)jnum(c, "overdue_cases");
	cJSON_Delete(j);
	free(sup);

	const char *const args[] = { "--user", "supervisor", NULL };
	struct term *t = client_sign_in(W.url, W.dir, args, ZH, NULL, 24, 80, "board");
	client_expect(t, "E 残联及户政服务区");
	/* The key is offered on the board: several halls. */
	client_expect(t, "H各大厅");
	term_type(t, "H");
	assert_int_equal(term_wait_ready(t, "halls", WAIT), 0);
	client_expect(t, "大厅：2");
	int head = row_of(t, "级别"), crow = row_of(t, centre), lrow = row_of(t, LT_NAME);
	assert_true(head < crow && crow < lrow);
	/* The centre: 县, its waiting and windows; the township: 乡, 2
	 * waiting, 1 of 2 windows open, nothing overdue, nothing served. */
	assert_true(row_has(t, crow, "县"));
	assert_true(row_has(t, crow, c_waiting));
	assert_true(row_has(t, crow, c_windows));
	assert_true(row_has(t, lrow, "乡"));
	assert_true(row_has(t, lrow, " 2 "));
	assert_true(row_has(t, lrow, " 1/2 "));
	/* CJK aligned: the level and the windows stand in one column each,
	 * under their headings, whatever the names' widths. */
	assert_int_equal(term_col_of(t, crow, "县 "), term_col_of(t, head, "级别"));
	assert_int_equal(term_col_of(t, lrow, "乡 "), term_col_of(t, head, "级别"));
	int wcol_end = term_col_of(t, head, "开放/窗口") + 9;
	assert_int_equal(term_col_of(t, lrow, "1/2") + 3, wcol_end);
	assert_int_equal(term_col_of(t, crow, c_windows + 1) + (int)strlen(c_windows) - 2, wcol_end);
	/* Overdue cases in red when there are any, not when none. */
	int ocol = term_col_of(t, head, "超期办件") + 7;
	assert_int_not_equal(term_cell_fg(t, lrow, ocol), 1);
	if (c_overdue > 0)
		assert_int_equal(term_cell_fg(t, crow, ocol), 1);

	/* The township's board: its name on the title line, its two windows
	 * only (one open, by its clerk). */
	term_key(t, VTERM_KEY_DOWN, VTERM_MOD_NONE);
	term_key(t, VTERM_KEY_ENTER, VTERM_MOD_NONE);
	assert_int_equal(term_wait_ready(t, "board", WAIT), 0);
	client_expect(t, "值班长 何建华 · " LT_NAME);
	assert_int_equal(term_find_row(t, "值班长 何建华 · " LT_NAME), 0);
	client_expect(t, "窗口：服务中 1 · 暂停 0 · 关闭 1");
	client_expect(t, "  1 柳cle");   /* its clerk at its window 1 */
	assert_false(term_contains(t, "E 残联及户政服务区"));
	client_expect(t, "等候：2");
	/* Its own feed: a ticket issued there shows with no key pressed. */
	lt_ticket(kiosk);
	client_expect(t, "等候：3");
	/* Only looked into: an audit there is refused, and says why. */
	term_type(t, "a");
	client_expect(t, "只能查看");

	/* Back to the halls (the township now 3 waiting), and home. */
	term_key(t, VTERM_KEY_ESCAPE, VTERM_MOD_NONE);
	assert_int_equal(term_wait_ready(t, "halls", WAIT), 0);
	lrow = row_of(t, LT_NAME);
	client_expect(t, " 3 ");
	assert_true(row_has(t, lrow, " 3 "));
	term_key(t, VTERM_KEY_ESCAPE, VTERM_MOD_NONE);
	assert_int_equal(term_wait_ready(t, "board", WAIT), 0);
	client_expect(t, "E 残联及户政服务区");
	assert_false(term_contains(t, LT_NAME));
	client_quit(t);
	free(lt_clerk);
	free(kiosk);
}

/* A single hall's supervisor sees no change: no key offered, none taken. */
static void test_single_hall_unchanged(void **state)
{
	(void)state;
	const char *const args[] = { "--user", "supervisor", NULL };
	struct term *t = client_sign_in(W.url, W.dir, args, ZH, NULL, 24, 80, "board");
	client_expect(t, "E 残联及户政服务区");
	assert_false(term_contains(t, "全县各厅"));
	term_type(t, "H");
	assert_int_equal(term_wait_ready(t, NULL, WAIT), 0);
	assert_string_equal(term_ready_view(t), "board");
	assert_false(term_contains(t, "不支持此操作"));   /* not even a refusal said */
	client_quit(t);
}

int main(void)
{
	curl_global_init(CURL_GLOBAL_DEFAULT);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_clerk_picks_the_township, setup, teardown),
		cmocka_unit_test_setup_teardown(test_supervisor_halls_board, setup, teardown),
		cmocka_unit_test_setup_teardown(test_single_hall_unchanged, setup, teardown),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	curl_global_cleanup();
	return rc;
}
