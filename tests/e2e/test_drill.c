/* Drills end to end: the real wicket on pseudo-terminals (rendered by
 * libvterm) against a real wicketd --demo.  A trainee signs in to a drill
 * with its code and works the normal clerk screens at a drill window; the
 * trainer starts the drill from the console, plays its applicants, watches
 * the trainee live, finishes it and reads the score and the leaderboard;
 * and the hall is not touched.  No sleeps: the clients' ready signals and
 * the screens' text are waited for, with timeouts only as failure bounds. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <ctype.h>
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include <curl/curl.h>

#include "client.h"
#include "harness.h"
#include "term.h"
#include "wicket/common/buf.h"
#include "wicket/common/xalloc.h"

#define WAIT 10000   /* ms: a bound for failures, never a pause */
#define VTERM_YELLOW 3

static struct wd W;
static char *trainer_tok, *sup_tok;

static void key(struct term *t, VTermKey k)
{
	term_key(t, k, VTERM_MOD_NONE);
}

/* The text is on the screen and the redraw that put it there is whole:
 * what else that screen shows can be read. */
static void expect_drawn(struct term *t, const char *text, const char *view)
{
	client_expect(t, text);
	assert_int_equal(term_wait_ready(t, view, WAIT), 0);
}

static const char *w_port(void)
{
	return strrchr(W.url, ':') + 1;
}

/* ---- the hall, before and after ---------------------------------------- */

/* Drop the members that only say what time it is now. */
static void drop_clock(cJSON *j)
{
	static const char *const clock[] = { "wait_seconds", "longest_wait", "now", "status_seconds",
					     "seconds" };
	for (size_t i = 0; i < sizeof clock / sizeof clock[0]; i++)
		cJSON_DeleteItemFromObjectCaseSensitive(j, clock[i]);
	for (cJSON *it = j ? j->child : NULL; it; it = it->next)
		drop_clock(it);
}

/* What the hall shows (as the supervisor reads it): the windows, window
 * 1's queue, every case and the whole event feed, less the clock. */
static char *hall_snapshot(void)
{
	static const char *const paths[] = { "/api/v1/windows", "/api/v1/windows/1/queue",
					     "/api/v1/windows/2/queue", "/api/v1/cases?status=all",
					     "/api/v1/events?since=0" };
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
		struct resp r;
		http(&W, "GET", paths[i], sup_tok, NULL, NULL, &r);
		drop_clock(r.json);
		char *text = r.json ? cJSON_PrintUnformatted(r.json) : NULL;
		buf_printf(&b, "%s %ld %s\n", paths[i], r.status, text ? text : r.body);
		free(text);
		resp_free(&r);
	}
	return buf_steal(&b);
}

/* ---- drills through the API ---------------------------------------------- */

/* Start scenario for the trainees (a JSON array) as the trainer; its code
 * into code.  Returns the drill's id. */
static int64_t drill_start_api(const char *scenario, const char *trainees, char code[16])
{
	char body[256];
	snprintf(body, sizeof body, "{\"scenario\":\"%s\",\"trainees\":%s}", scenario, trainees);
	cJSON *d = wd_call(&W, "POST", "/api/v1/drills", trainer_tok, body, 201);
	snprintf(code, 16, "%s", jstr(d, "code"));
	int64_t id = (int64_t)jnum(d, "id");
	cJSON_Delete(d);
	return id;
}

static void drill_api(int64_t id, const char *verb, long want)
{
	char path[96];
	snprintf(path, sizeof path, "/api/v1/drills/%lld/%s", (long long)id, verb);
	cJSON_Delete(wd_call(&W, "POST", path, trainer_tok, NULL, want));
}

/* wicket signed in as user to the drill with code, in the test's files. */
static struct term *trainee_signed_in(const char *user, const char *code, int rows, int cols)
{
	const char *const args[] = { "--user", user, "--drill", code, NULL };
	struct term *t = client_sign_in(W.url, W.dir, args, "en_US.UTF-8", NULL, rows, cols, "counter");
	client_expect(t, " · open · ");                          /* signing in opened the window */
	return t;
}

static char *journal_path(const char *user, const char *code)
{
	return xasprintf("%s/state/wicket/journal/journal-%s@127.0.0.1_%s%s%s", W.dir, user, w_port(),
			 code ? "-drill-" : "", code ? code : "");
}

static int setup(void **state)
{
	(void)state;
	wd_start(&W, true, NULL);
	trainer_tok = wd_login(&W, "trainer", 0);
	sup_tok = wd_login(&W, "supervisor", 0);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free(trainer_tok);
	free(sup_tok);
	wd_stop(&W);
	return 0;
}

/* ---- the trainee ----------------------------------------------------------- */

/* wicket --drill: the normal counter at the drill window, marked as a
 * drill in its own colour; its actions reach the sandbox and a journal of
 * their own, never the hall. */
static void test_trainee_sign_in(void **state)
{
	(void)state;
	char *before = hall_snapshot(), code[16];
	int64_t id = drill_start_api("promised-normal", "[\"clerk3\"]", code);
	struct term *t = trainee_signed_in("clerk3", code, 24, 80);
	char want[64];
	snprintf(want, sizeof want, "DRILL %s · Window 1 · open", code);
	client_expect(t, want);
	snprintf(want, sizeof want, "Drill %s: signed in at drill window 1.", code);
	client_expect(t, want);
	assert_int_equal(term_cell_bg(t, 0, 0), VTERM_YELLOW);
	client_expect(t, "Queue (0 waiting)");

	drill_api(id, "release", 200);                   /* the trainer lets the first one in */
	client_expect(t, "Queue (1 waiting)");
	key(t, VTERM_KEY_FUNCTION(2));
	client_expect(t, "Called B001.");
	key(t, VTERM_KEY_FUNCTION(5));
	client_expect(t, "Serving B001.");
	client_quit(t);

	char *path = journal_path("clerk3", code);
	assert_int_equal(access(path, F_OK), 0);         /* the drill's own journal */
	free(path);
	path = journal_path("clerk3", NULL);
	assert_int_not_equal(access(path, F_OK), 0);     /* and none for the hall */
	free(path);
	char *after = hall_snapshot();
	assert_string_equal(before, after);
	free(before);
	free(after);
	drill_api(id, "finish", 200);
}

/* The sign-in form has a field for the code; a wrong code is said in the
 * clerk's words and the form stays. */
static void test_drill_code_on_the_form(void **state)
{
	(void)state;
	char code[16];
	int64_t id = drill_start_api("dissatisfied", "[\"clerk4\",\"clerk5\"]", code);
	const char *argv[] = { getenv("WICKET"), "--server", W.url, NULL };
	struct term *t = term_spawn(argv, client_env(W.dir, "en_US.UTF-8", NULL, NULL), 24, 80);
	assert_non_null(t);
	assert_int_equal(term_wait_ready(t, "signin", WAIT), 0);
	client_expect(t, "Drill code (optional)");
	term_type(t, "clerk5");
	key(t, VTERM_KEY_ENTER);
	term_type(t, "demo");
	key(t, VTERM_KEY_ENTER);
	key(t, VTERM_KEY_ENTER);                         /* no window: the drill gives it */
	term_type(t, "ZZ99");
	key(t, VTERM_KEY_ENTER);
	client_expect(t, "No running drill has this code");
	assert_int_equal(term_wait_ready(t, "signin", WAIT), 0);
	term_type(t, "\x15");                            /* ^U clears the field */
	term_type(t, code);
	key(t, VTERM_KEY_ENTER);
	assert_int_equal(term_wait_ready(t, "counter", WAIT), 0);
	char want[64];
	snprintf(want, sizeof want, "DRILL %s · Window 2 · open", code);   /* the second trainee */
	client_expect(t, want);
	client_quit(t);
	drill_api(id, "finish", 200);
}

/* ---- the trainer ----------------------------------------------------------- */

/* wicket signed in as the trainer: the list of drills. */
static struct term *trainer_signed_in(const char *lang, int rows, int cols)
{
	const char *const args[] = { "--user", "trainer", NULL };
	return client_sign_in(W.url, W.dir, args, lang, NULL, rows, cols, "drills");
}

/* Press key and wait for the redraw of view it leads to. */
static void step(struct term *t, VTermKey k, const char *view)
{
	key(t, k);
	assert_int_equal(term_wait_ready(t, view, WAIT), 0);
}

/* The word after `label` on the screen (letters, digits, '-'), into out. */
static void screen_word_after(struct term *t, const char *label, char *out, size_t len)
{
	int row = term_find_row(t, label);
	assert_true(row >= 0);
	char *text = term_row(t, row);
	const char *p = strstr(text, label) + strlen(label);
	size_t n = 0;
	while (n + 1 < len && (isalnum((unsigned char)p[n]) || p[n] == '-'))
		n++;
	memcpy(out, p, n);
	out[n] = '\0';
	free(text);
}

/* The 1-based place of matter in its service's list (the matter picker's
 * digit) and, into tick[], whether each material of its guide is one the
 * applicant brought. */
static int matter_place(const char *service, const char *matter, const cJSON *brought, bool tick[16],
			int *nmaterials)
{
	int place = 0, i = 0;
	cJSON *svc = wd_call(&W, "GET", "/api/v1/services", trainer_tok, NULL, 200), *s, *m;
	cJSON_ArrayForEach(s, cJSON_GetObjectItem(svc, "services")) {
		if (strcmp(jstr(s, "code"), service) != 0)
			continue;
		cJSON_ArrayForEach(m, cJSON_GetObjectItem(s, "matters")) {
			i++;
			if (strcmp(jstr(m, "code"), matter) == 0)
				place = i;
		}
	}
	cJSON_Delete(svc);
	char path[96];
	snprintf(path, sizeof path, "/api/v1/matters/%s", matter);
	cJSON *g = wd_call(&W, "GET", path, trainer_tok, NULL, 200), *mat, *b;
	*nmaterials = 0;
	cJSON_ArrayForEach(mat, cJSON_GetObjectItem(g, "materials")) {
		bool has = false;
		cJSON_ArrayForEach(b, brought)
			has |= b->valueint == (int)jnum(mat, "id");
		tick[(*nmaterials)++] = has;
	}
	cJSON_Delete(g);
	assert_true(place > 0 && place <= 9);
	return place;
}

/* The trainee serves the applicant who is next, as the trainer's script
 * has it (applicant, 0-based, of drill id): call, start, the matter, the
 * materials brought, the applicant's details read off the trainer's
 * console, accept, complete, the rating, finish; the trainer's console
 * shows each step as it happens. */
static void serve_applicant(struct term *tr, struct term *te, int64_t id, int applicant)
{
	char path[96], want[160];
	snprintf(path, sizeof path, "/api/v1/drills/%lld", (long long)id);
	cJSON *d = wd_call(&W, "GET", path, trainer_tok, NULL, 200);
	const cJSON *a = cJSON_GetArrayItem(cJSON_GetObjectItem(d, "applicants"), applicant);
	const cJSON *ticket = cJSON_GetArrayItem(cJSON_GetObjectItem(a, "tickets"), 0);
	assert_non_null(ticket);
	const char *number = jstr(ticket, "number");

	key(te, VTERM_KEY_FUNCTION(2));
	snprintf(want, sizeof want, "Called %s.", number);
	client_expect(te, want);
	snprintf(want, sizeof want, "clerk1 called %s", number);
	client_expect(tr, want);
	key(te, VTERM_KEY_FUNCTION(5));
	snprintf(want, sizeof want, "Serving %s.", number);
	client_expect(te, want);
	snprintf(want, sizeof want, "clerk1 started serving %s", number);
	client_expect(tr, want);

	bool tick[16];
	int nmat, place = matter_place(jstr(a, "service"), jstr(a, "matter"), cJSON_GetObjectItem(a, "brought"),
				       tick, &nmat);
	step(te, VTERM_KEY_ENTER, "picker");
	char digit[2] = { (char)('0' + place), '\0' };
	term_type(te, digit);
	assert_int_equal(term_wait_ready(te, "case", WAIT), 0);
	for (int i = 0; i < nmat; i++) {
		if (tick[i])
			key(te, VTERM_KEY_ENTER);
		key(te, VTERM_KEY_DOWN);
	}
	client_expect(te, "Required materials ticked: 4 of 4");

	/* The trainer reads the applicant's details out from the console. */
	char id_number[32], phone[32];
	snprintf(want, sizeof want, "Applicant %d %s", applicant + 1, jstr(a, "name"));
	expect_drawn(tr, want, "console");
	screen_word_after(tr, "ID number ", id_number, sizeof id_number);
	screen_word_after(tr, "phone ", phone, sizeof phone);
	assert_string_equal(id_number, jstr(a, "id_number"));
	assert_string_equal(phone, jstr(a, "phone"));
	term_type(te, "i");
	assert_int_equal(term_wait_ready(te, "dialog", WAIT), 0);
	term_type(te, jstr(a, "name"));
	key(te, VTERM_KEY_TAB);
	term_type(te, id_number);
	key(te, VTERM_KEY_TAB);
	term_type(te, phone);
	step(te, VTERM_KEY_ENTER, "case");
	term_type(te, "a");                              /* it says what it will record */
	assert_int_equal(term_wait_ready(te, "picker", WAIT), 0);
	term_type(te, "1");
	client_expect(te, "Accepted: case");
	client_expect(tr, "clerk1 accepted case");
	term_type(te, "d");                             /* the result: none */
	assert_int_equal(term_wait_ready(te, "dialog", WAIT), 0);
	term_key(te, VTERM_KEY_ENTER, VTERM_MOD_NONE);
	client_expect(te, "completed on time");
	term_type(te, "v");
	assert_int_equal(term_wait_ready(te, "picker", WAIT), 0);
	snprintf(digit, sizeof digit, "%d", (int)jnum(cJSON_GetObjectItem(a, "rating"), "level"));
	term_type(te, digit);
	client_expect(te, "Rating: ");
	key(te, VTERM_KEY_FUNCTION(9));
	snprintf(want, sizeof want, "Finished %s.", number);
	client_expect(te, want);
	snprintf(want, sizeof want, "clerk1 finished serving %s", number);
	client_expect(tr, want);
	cJSON_Delete(d);
}

/* "10/10" or "-": a criterion's cell as the score screen shows it. */
static void crit_cell(const cJSON *crit, const char *name, char *out, size_t len)
{
	const cJSON *c = cJSON_GetObjectItem(crit, name);
	if (cJSON_IsNull(c))
		snprintf(out, len, "-");
	else
		snprintf(out, len, "%d/%d", (int)jnum(c, "points"), (int)jnum(c, "max"));
}

/* The row holding `who` shows the criteria of obj and its total, in
 * order, as the server has them. */
static void expect_points_row(struct term *t, const char *who, const cJSON *obj)
{
	static const char *const names[] = { "order", "materials", "notice", "due", "transfer", "time" };
	/* The view's title is drawn before its rows arrive ("Reading…"). */
	if (term_wait_text(t, who, WAIT) != 0)
		fprintf(stderr, "# \"%s\" not drawn in time\n", who);
	int row = term_find_row(t, who);
	if (row < 0) {
		char *screen = term_screen_text(t);
		fprintf(stderr, "# no row with \"%s\":\n%s\n", who, screen);
		free(screen);
		fail_msg("no row with %s", who);
	}
	char *text = term_row(t, row), cell[32];
	const char *p = strstr(text, who) + strlen(who);
	for (size_t i = 0; i <= sizeof names / sizeof names[0]; i++) {
		if (i < sizeof names / sizeof names[0])
			crit_cell(cJSON_GetObjectItem(obj, "criteria"), names[i], cell, sizeof cell);
		else
			snprintf(cell, sizeof cell, "%d/%d", (int)jnum(obj, "total"), (int)jnum(obj, "max"));
		const char *at = strstr(p, cell);
		if (!at)
			fail_msg("row \"%s\": no %s (%s) after \"%s\"", text, cell,
				 i < sizeof names / sizeof names[0] ? names[i] : "total", p);
		p = at + strlen(cell);
	}
	free(text);
}

/* The whole of a drill from the trainer's console: start the scenario for
 * two trainees, one of whom signs in with the code and serves the script
 * on the normal screens while the console shows it live; the trainer lets
 * the first applicant in by hand and the second on the script's clock,
 * finishes, and reads the score and the leaderboard, which agree with the
 * server's.  The hall's windows, queues, cases and feed are untouched. */
static void test_trainer_runs_a_drill(void **state)
{
	(void)state;
	char *before = hall_snapshot();
	struct term *tr = trainer_signed_in("en_US.UTF-8", 30, 100);
	client_expect(tr, "Trainer 罗晓琳");
	step(tr, VTERM_KEY_FUNCTION(2), "scenarios");
	client_expect(tr, "Scenarios (6)");
	cJSON *sc = wd_call(&W, "GET", "/api/v1/drills/scenarios", trainer_tok, NULL, 200), *it;
	int place = 0;
	cJSON_ArrayForEach(it, cJSON_GetObjectItem(sc, "scenarios")) {
		if (strcmp(jstr(it, "id"), "promised-normal") == 0)
			break;
		place++;
	}
	cJSON_Delete(sc);
	for (int i = 0; i < place; i++)
		key(tr, VTERM_KEY_DOWN);
	client_expect(tr, "Scenario promised-normal");
	step(tr, VTERM_KEY_ENTER, "dialog");
	client_expect(tr, "Start a drill");
	term_type(tr, "clerk1 clerk2");
	key(tr, VTERM_KEY_TAB);
	term_type(tr, "e2e-cup");
	step(tr, VTERM_KEY_ENTER, "console");
	client_expect(tr, "Drill started: the trainees sign in with the code");

	/* The code on the console is the drill's. */
	char code[16];
	expect_drawn(tr, "Code ", "console");
	screen_word_after(tr, "Code ", code, sizeof code);
	cJSON *list = wd_call(&W, "GET", "/api/v1/drills", trainer_tok, NULL, 200);
	const cJSON *newest = cJSON_GetArrayItem(cJSON_GetObjectItem(list, "drills"), 0);
	assert_string_equal(jstr(newest, "code"), code);
	assert_string_equal(jstr(newest, "scenario"), "promised-normal");
	assert_string_equal(jstr(newest, "competition"), "e2e-cup");
	int64_t id = (int64_t)jnum(newest, "id");
	cJSON_Delete(list);
	client_expect(tr, "clock stopped");
	client_expect(tr, "周建国");

	struct term *te = trainee_signed_in("clerk1", code, 30, 100);
	client_expect(te, "Queue (0 waiting)");
	client_expect(tr, "clerk1 signed in");

	/* The first applicant, let in by hand. */
	key(tr, VTERM_KEY_FUNCTION(2));
	client_expect(tr, "Applicant 1, 周建国, has arrived");
	client_expect(te, "Queue (1 waiting)");
	serve_applicant(tr, te, id, 0);

	/* The second, on the script's clock. */
	key(tr, VTERM_KEY_FUNCTION(3));
	client_expect(tr, "The script's clock runs");
	client_expect(te, "Queue (1 waiting)");
	serve_applicant(tr, te, id, 1);

	/* Finished: the score, frozen, as the server has it. */
	step(tr, VTERM_KEY_FUNCTION(9), "picker");
	client_expect(tr, "Finish the drill?");
	term_type(tr, "1");
	assert_int_equal(term_wait_ready(tr, "score", WAIT), 0);
	client_expect(tr, "Drill finished");
	expect_drawn(tr, "final", "score");
	char path[96];
	snprintf(path, sizeof path, "/api/v1/drills/%lld/score", (long long)id);
	cJSON *score = wd_call(&W, "GET", path, trainer_tok, NULL, 200), *tn;
	assert_string_equal(jstr(score, "status"), "finished");
	cJSON_ArrayForEach(tn, cJSON_GetObjectItem(score, "trainees")) {
		char who[64];
		snprintf(who, sizeof who, "%s %s", jstr(tn, "trainee"), jstr(tn, "name"));
		expect_points_row(tr, who, tn);
	}
	const cJSON *mine = cJSON_GetArrayItem(cJSON_GetObjectItem(score, "trainees"), 0), *ap;
	assert_string_equal(jstr(mine, "trainee"), "clerk1");
	assert_true(jnum(mine, "total") > 0);
	client_expect(tr, "clerk1 张雅婷, drill window 1: by applicant");
	cJSON_ArrayForEach(ap, cJSON_GetObjectItem(mine, "applicants"))
		expect_points_row(tr, jstr(ap, "number"), ap);   /* A row per applicant */
	cJSON_Delete(score);

	/* The leaderboard of the competition lists both trainees, clerk1 first. */
	step(tr, VTERM_KEY_FUNCTION(8), "leaderboard");
	expect_drawn(tr, "Leaderboard · e2e-cup · drills finished: 1", "leaderboard");
	cJSON *lb = wd_call(&W, "GET", "/api/v1/drills/leaderboard?competition=e2e-cup", trainer_tok, NULL, 200);
	const cJSON *e;
	cJSON_ArrayForEach(e, cJSON_GetObjectItem(lb, "entries")) {
		char who[64];
		snprintf(who, sizeof who, "%s %s (%d)", jstr(e, "trainee"), jstr(e, "name"), (int)jnum(e, "drills"));
		expect_points_row(tr, who, e);
	}
	assert_string_equal(jstr(cJSON_GetArrayItem(cJSON_GetObjectItem(lb, "entries"), 0), "trainee"), "clerk1");
	cJSON_Delete(lb);
	assert_true(term_find_row(tr, "clerk1 张雅婷") < term_find_row(tr, "clerk2 李志强"));

	/* Finishing ended the trainee's drill session, and the counter says so. */
	client_expect(te, "is over: the trainer finished it");
	client_quit(te);
	client_quit(tr);
	char *after = hall_snapshot();
	assert_string_equal(before, after);
	free(before);
	free(after);
}

/* In Chinese at 80x24: a drill started elsewhere is reopened from the
 * list, a trainee's call shows on the console, and the trainer starts the
 * drill again: the console's feed and the trainee's queue empty, and the
 * script plays from its first applicant.  The leaderboard asks which
 * competition when the drill counts for none. */
static void test_reopen_and_reset(void **state)
{
	(void)state;
	char code[16], want[128];
	int64_t id = drill_start_api("elderly-priority", "[\"clerk6\"]", code);
	drill_api(id, "release", 200);
	drill_api(id, "release", 200);
	struct term *tr = trainer_signed_in("zh_CN.UTF-8", 24, 80);
	client_expect(tr, "培训员 罗晓琳");
	expect_drawn(tr, code, "drills");                 /* the newest, selected */

	step(tr, VTERM_KEY_FUNCTION(8), "dialog");        /* no competition: which? */
	term_type(tr, "无此比赛");
	step(tr, VTERM_KEY_ENTER, "leaderboard");
	client_expect(tr, "该比赛还没有已结束的演练。");
	step(tr, VTERM_KEY_ESCAPE, "drills");

	step(tr, VTERM_KEY_ENTER, "console");
	snprintf(want, sizeof want, "代码 %s", code);
	client_expect(tr, want);
	client_expect(tr, "F2放号");
	struct term *te = trainee_signed_in("clerk6", code, 24, 80);
	client_expect(te, "Queue (2 waiting)");
	key(te, VTERM_KEY_FUNCTION(2));
	client_expect(te, "Called ");
	client_expect(tr, "clerk6 已叫号");

	step(tr, VTERM_KEY_FUNCTION(4), "picker");
	client_expect(tr, "重新开始演练？");
	term_type(tr, "1");
	client_expect(tr, "演练重新开始");
	client_expect(tr, "暂无操作");
	assert_false(term_contains(tr, "已叫号"));
	client_expect(te, "Queue (0 waiting)");                  /* the trainee's feed restarted too */
	cJSON *d = wd_call(&W, "GET", "/api/v1/drills/0", trainer_tok, NULL, 404);
	cJSON_Delete(d);
	char path[64];
	snprintf(path, sizeof path, "/api/v1/drills/%lld", (long long)id);
	d = wd_call(&W, "GET", path, trainer_tok, NULL, 200);
	assert_int_equal((int)jnum(d, "next"), 1);
	cJSON_Delete(d);

	key(tr, VTERM_KEY_FUNCTION(2));                   /* from the first applicant again */
	client_expect(tr, "第 1 位群众");
	client_expect(te, "Queue (1 waiting)");
	client_quit(te);
	client_quit(tr);
	drill_api(id, "finish", 200);
}

/* wicket --demo --user trainer: the trainer's screens on a private demo
 * hall (no window asked for), a drill started there, and nothing left in
 * the temporary directory afterwards, the drill's sandbox included. */
static void test_demo_trainer(void **state)
{
	(void)state;
	char tmp[sizeof W.dir + 16], env_tmp[sizeof tmp + 16];
	snprintf(tmp, sizeof tmp, "%s/demo-tmp", W.dir);
	assert_int_equal(mkdir(tmp, 0700), 0);
	snprintf(env_tmp, sizeof env_tmp, "TMPDIR=%s", tmp);
	const char *extra[] = { env_tmp, NULL };
	const char *argv[] = { getenv("WICKET"), "--demo", "--user", "trainer", "--wicketd", getenv("WICKETD"),
			       NULL };
	struct term *t = term_spawn(argv, client_env(W.dir, "en_US.UTF-8", NULL, extra), 24, 80);
	assert_non_null(t);
	assert_int_equal(term_wait_ready(t, "drills", WAIT), 0);
	client_expect(t, "Trainer 罗晓琳");
	client_expect(t, "No drills yet. Press F2 to start one.");
	step(t, VTERM_KEY_FUNCTION(2), "scenarios");
	client_expect(t, "Scenario dissatisfied");
	step(t, VTERM_KEY_ENTER, "dialog");
	term_type(t, "clerk1");
	key(t, VTERM_KEY_ENTER);
	step(t, VTERM_KEY_ENTER, "console");
	client_expect(t, "Drill started");
	client_quit(t);
	DIR *d = opendir(tmp);
	assert_non_null(d);
	int left = 0;
	for (struct dirent *e; (e = readdir(d));)
		left += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
	closedir(d);
	assert_int_equal(left, 0);
	rmdir(tmp);
}

/* A drill's one-time notice: written to the drill's own folder, marked as a
 * drill's, and never over another paper (a drill's case numbers restart at
 * 0001, so its first notice has the name of the hall's first). */
static void test_drill_notice_apart(void **state)
{
	(void)state;
	char code[16], today[16], number[16];
	int64_t id = drill_start_api("materials-missing", "[\"clerk6\"]", code);
	struct resp r;
	assert_int_equal(http(&W, "GET", "/api/v1/health", NULL, NULL, NULL, &r), 200);
	snprintf(today, sizeof today, "%s", jstr(r.json, "today"));
	resp_free(&r);
	snprintf(number, sizeof number, "%.4s%.2s%.2s-0001", today, today + 5, today + 8);
	/* The hall's paper of the same number, and an earlier one in the
	 * drill's folder: neither may be touched. */
	char *hall_dir = xasprintf("%s/state/wicket/papers", W.dir);
	char *drill_dir = xasprintf("%s/drills/%s", hall_dir, code);
	char *cmd = xasprintf("mkdir -p '%s' && printf HALL > '%s/notice-%s.txt' && printf EARLIER > '%s/notice-%s.txt'",
			      drill_dir, hall_dir, number, drill_dir, number);
	assert_int_equal(system(cmd), 0);
	free(cmd);

	struct term *t = trainee_signed_in("clerk6", code, 24, 80);
	drill_api(id, "release", 200);
	client_expect(t, "Queue (1 waiting)");
	key(t, VTERM_KEY_FUNCTION(2));
	client_expect(t, "Called ");
	key(t, VTERM_KEY_FUNCTION(5));
	client_expect(t, "Serving ");
	step(t, VTERM_KEY_ENTER, "picker");
	term_type(t, "1");                                /* SOC-01, the first of its service */
	assert_int_equal(term_wait_ready(t, "case", WAIT), 0);
	term_type(t, "i");
	assert_int_equal(term_wait_ready(t, "dialog", WAIT), 0);
	term_type(t, "李红梅");
	key(t, VTERM_KEY_TAB);
	term_type(t, "510822198203020131");
	key(t, VTERM_KEY_TAB);
	term_type(t, "13908391201");
	step(t, VTERM_KEY_ENTER, "case");
	term_type(t, "a");                                /* nothing ticked: a notice */
	assert_int_equal(term_wait_ready(t, "picker", WAIT), 0);
	term_type(t, "1");
	client_expect(t, "Notice written to");
	client_quit(t);
	drill_api(id, "finish", 200);

	char *path = xasprintf("%s/notice-%s.txt", hall_dir, number);
	struct buf b = BUF_INIT;
	assert_int_equal(buf_read_file(&b, path, 1 << 20), 0);
	assert_string_equal(buf_str(&b), "HALL");
	free(path);
	buf_reset(&b);
	path = xasprintf("%s/notice-%s.txt", drill_dir, number);
	assert_int_equal(buf_read_file(&b, path, 1 << 20), 0);
	assert_string_equal(buf_str(&b), "EARLIER");
	free(path);
	buf_reset(&b);
	path = xasprintf("%s/notice-%s-2.txt", drill_dir, number);
	assert_int_equal(buf_read_file(&b, path, 1 << 20), 0);
	char mark[64];
	snprintf(mark, sizeof mark, "[DRILL %s: for training only", code);
	assert_non_null(strstr(buf_str(&b), mark));                       /* at the top */
	assert_non_null(strstr(strstr(buf_str(&b), mark) + 1, mark));     /* and at the end */
	assert_non_null(strstr(buf_str(&b), number));
	buf_free(&b);
	free(path);
	free(drill_dir);
	free(hall_dir);
}

/* The trainer finishes the drill: the trainee's counter says so at once
 * (the drill's feed), its drill journal is closed and removed, nothing more
 * is sent, and F10 quits without a question about the window. */
static void test_drill_finished_on_the_counter(void **state)
{
	(void)state;
	char code[16], want[96];
	int64_t id = drill_start_api("materials-missing", "[\"clerk7\"]", code);
	struct term *t = trainee_signed_in("clerk7", code, 24, 80);
	client_expect(t, "online · served today");
	char *path = journal_path("clerk7", code);
	assert_int_equal(access(path, F_OK), 0);
	drill_api(id, "finish", 200);
	snprintf(want, sizeof want, "Drill %s is over", code);
	client_expect(t, want);
	assert_int_not_equal(access(path, F_OK), 0);
	key(t, VTERM_KEY_FUNCTION(2));
	client_expect(t, "The drill is over: press F10 to quit.");
	key(t, VTERM_KEY_FUNCTION(10));
	assert_int_equal(term_wait_exit(t, WAIT), 0);
	term_close(t);
	free(path);
}

int main(void)
{
	curl_global_init(CURL_GLOBAL_DEFAULT);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_trainee_sign_in),
		cmocka_unit_test(test_drill_code_on_the_form),
		cmocka_unit_test(test_drill_notice_apart),
		cmocka_unit_test(test_drill_finished_on_the_counter),
		cmocka_unit_test(test_trainer_runs_a_drill),
		cmocka_unit_test(test_reopen_and_reset),
		cmocka_unit_test(test_demo_trainer),
	};
	int rc = cmocka_run_group_tests(tests, setup, teardown);
	curl_global_cleanup();
	return rc;
}
