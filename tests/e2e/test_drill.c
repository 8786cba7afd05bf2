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
#include "wicket/buf.h"
#include "wicket/xalloc.h"

#define WAIT 10000   /* ms: a bound for failures, never a pause */
#define VTERM_YELLOW 3

static struct wd W;
static char *trainer_tok, *sup_tok;

static void key(struct term *t, VTermKey k)
{
	term_key(t, k, VTERM_MOD_NONE);
}

static void expect(struct term *t, const char *text)
{
	if (term_wait_text(t, text, WAIT) != 0) {
		char *screen = term_screen_text(t);
		fprintf(stderr, "# the screen never showed \"%s\"; it shows:\n%s\n", text, screen);
		free(screen);
		fail_msg("the screen never showed \"%s\"", text);
	}
}

static void quit(struct term *t)
{
	key(t, VTERM_KEY_FUNCTION(10));
	assert_int_equal(term_wait_exit(t, WAIT), 0);
	term_close(t);
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
	const char *pwfile = client_password_file(W.dir);
	assert_non_null(pwfile);
	const char *argv[] = { getenv("WICKET"), "--server", W.url, "--user", user, "--drill", code,
			       "--password-file", pwfile, NULL };
	struct term *t = term_spawn(argv, client_env(W.dir, "en_US.UTF-8", NULL, NULL), rows, cols);
	assert_non_null(t);
	assert_int_equal(term_wait_ready(t, "counter", WAIT), 0);
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
	expect(t, want);
	snprintf(want, sizeof want, "Drill %s: signed in at drill window 1.", code);
	expect(t, want);
	assert_int_equal(term_cell_bg(t, 0, 0), VTERM_YELLOW);
	expect(t, "Queue (0 waiting)");

	drill_api(id, "release", 200);                   /* the trainer lets the first one in */
	expect(t, "Queue (1 waiting)");
	key(t, VTERM_KEY_FUNCTION(2));
	expect(t, "Called B001.");
	key(t, VTERM_KEY_FUNCTION(5));
	expect(t, "Serving B001.");
	quit(t);

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
	expect(t, "Drill code (optional)");
	term_type(t, "clerk5");
	key(t, VTERM_KEY_ENTER);
	term_type(t, "demo");
	key(t, VTERM_KEY_ENTER);
	key(t, VTERM_KEY_ENTER);                         /* no window: the drill gives it */
	term_type(t, "ZZ99");
	key(t, VTERM_KEY_ENTER);
	expect(t, "No running drill has this code");
	assert_int_equal(term_wait_ready(t, "signin", WAIT), 0);
	term_type(t, "\x15");                            /* ^U clears the field */
	term_type(t, code);
	key(t, VTERM_KEY_ENTER);
	assert_int_equal(term_wait_ready(t, "counter", WAIT), 0);
	char want[64];
	snprintf(want, sizeof want, "DRILL %s · Window 2 · open", code);   /* the second trainee */
	expect(t, want);
	quit(t);
	drill_api(id, "finish", 200);
}

int main(void)
{
	curl_global_init(CURL_GLOBAL_DEFAULT);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_trainee_sign_in),
		cmocka_unit_test(test_drill_code_on_the_form),
	};
	int rc = cmocka_run_group_tests(tests, setup, teardown);
	curl_global_cleanup();
	return rc;
}
