/* test_posts.c - AB岗 (issue #18) against a real wicketd with the demo
 * hall, whose window 1 is clerk1's post (A) with clerk2 as its B: the
 * administrator sets a post; a B is refused at A's window while A is
 * present; A records his absence with a handover note; the B then signs
 * in covering A, is given the note, works A's queue and completes A's open
 * case, and what he does is his own; the board shows who covers whom and
 * a post left with nobody; the report counts the cover time; bad input
 * is refused and changes nothing. */
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
#include "wicket/core/case.h"
#include "wicket/common/xalloc.h"

#define NOTE "交接：1号窗口社保转移件缺户口本复印件，已电话通知申请人补交"

struct fx {
	struct wd w;
	char *admin, *sup, *kiosk;
	char today[16];
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

/* The reply of a GET as text, to compare before and after a refusal. */
static char *text_of(struct fx *f, const char *path, const char *token)
{
	cJSON *j = call(f, "GET", path, token, NULL, 200);
	char *t = cJSON_PrintUnformatted(j);
	cJSON_Delete(j);
	return t;
}

static int setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof *f);
	wd_start(&f->w, true, NULL);
	f->admin = wd_login(&f->w, "admin", 0);
	f->sup = wd_login(&f->w, "supervisor", 0);
	f->kiosk = wd_login(&f->w, "kiosk", 0);
	cJSON *h = call(f, "GET", "/api/v1/hall", f->sup, NULL, 200);
	snprintf(f->today, sizeof f->today, "%s", jstr(h, "today"));
	cJSON_Delete(h);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	wd_stop(&f->w);
	free(f->admin);
	free(f->sup);
	free(f->kiosk);
	free(f);
	return 0;
}

/* The board's object of window no (owned by board). */
static cJSON *board_window(cJSON *board, int no)
{
	cJSON *z, *w;
	cJSON_ArrayForEach(z, cJSON_GetObjectItemCaseSensitive(board, "zones"))
		cJSON_ArrayForEach(w, cJSON_GetObjectItemCaseSensitive(z, "windows"))
			if ((int)jnum(w, "no") == no)
				return w;
	fail_msg("window %d is not on the board", no);
	return NULL;
}

/* Login of user at window: the status, and the reply into *out (NULL: not kept). */
static long login(struct fx *f, const char *user, int window, cJSON **out)
{
	struct resp r;
	long st = http(&f->w, "POST", "/api/v1/login", NULL,
		       wd_fmt("{\"user\":\"%s\",\"password\":\"demo\",\"window\":%d}", user, window), NULL, &r);
	if (out)
		*out = cJSON_Duplicate(r.json, true);
	resp_free(&r);
	return st;
}

/* clerk1 records his own leave for today, with the handover note. */
static void a_goes_on_leave(struct fx *f, const char *a)
{
	cJSON *ab = call(f, "POST", "/api/v1/absences", a,
			 wd_fmt("{\"reason\":\"leave\",\"from\":\"%s\",\"to\":\"%s\",\"note\":\"" NOTE "\"}",
			     f->today, f->today), 201);
	assert_string_equal(jstr(ab, "user"), "clerk1");
	assert_string_equal(jstr(ab, "by"), "clerk1");
	assert_string_equal(jstr(ab, "reason"), "leave");
	assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(ab, "current")));
	cJSON_Delete(ab);
}

/* The administrator names a post's A and B; the supervisor reads it. */
static void test_admin_sets_post(void **state)
{
	struct fx *f = *state;
	cJSON *p = call(f, "POST", "/api/v1/windows/3/post", f->admin, "{\"a\":\"clerk3\",\"b\":[\"clerk4\",\"clerk5\"]}", 200);
	assert_int_equal((int)jnum(p, "window"), 3);
	assert_string_equal(jstr(cJSON_GetObjectItemCaseSensitive(p, "a"), "user"), "clerk3");
	assert_string_equal(jstr(cJSON_GetObjectItemCaseSensitive(p, "a"), "name"), "王丽娟");
	cJSON *b = cJSON_GetObjectItemCaseSensitive(p, "b");
	assert_int_equal(cJSON_GetArraySize(b), 2);
	assert_string_equal(jstr(cJSON_GetArrayItem(b, 0), "user"), "clerk4");
	assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(p, "away")));
	cJSON_Delete(p);
	cJSON *list = call(f, "GET", "/api/v1/posts", f->sup, NULL, 200);
	cJSON *posts = cJSON_GetObjectItemCaseSensitive(list, "posts");
	assert_int_equal(cJSON_GetArraySize(posts), 2);   /* the demo's window 1, and 3 */
	cJSON *one = cJSON_GetArrayItem(posts, 0);
	assert_int_equal((int)jnum(one, "window"), 1);
	assert_string_equal(jstr(cJSON_GetObjectItemCaseSensitive(one, "a"), "user"), "clerk1");
	assert_string_equal(jstr(cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(one, "b"), 0), "user"), "clerk2");
	cJSON_Delete(list);
	/* Setting it again replaces it: one B now. */
	p = call(f, "POST", "/api/v1/windows/3/post", f->admin, "{\"a\":\"clerk3\",\"b\":[\"clerk6\"]}", 200);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(p, "b")), 1);
	cJSON_Delete(p);
}

/* Unknown users, non-clerks, A named as his own B, an unknown window:
 * refused, and the posts are as they were. */
static void test_post_bad_input(void **state)
{
	struct fx *f = *state;
	char *before = text_of(f, "/api/v1/posts", f->sup);
	const char *path = "/api/v1/windows/1/post";
	wd_call_err(&f->w, "POST", path, f->admin, "{\"a\":\"nobody\",\"b\":[]}", 422, "unknown_user", NULL);
	wd_call_err(&f->w, "POST", path, f->admin, "{\"a\":\"clerk1\",\"b\":[\"ghost\"]}", 422, "unknown_user", NULL);
	wd_call_err(&f->w, "POST", path, f->admin, "{\"a\":\"supervisor\"}", 422, "not_a_clerk", NULL);
	wd_call_err(&f->w, "POST", path, f->admin, "{\"a\":\"clerk1\",\"b\":[\"eval1\"]}", 422, "not_a_clerk", NULL);
	wd_call_err(&f->w, "POST", path, f->admin, "{\"a\":\"clerk1\",\"b\":[\"clerk1\"]}", 422, "invalid_post", NULL);
	wd_call_err(&f->w, "POST", path, f->admin, "{\"a\":\"clerk1\",\"b\":[\"clerk2\",\"clerk2\"]}", 422,
		    "invalid_post", NULL);
	wd_call_err(&f->w, "POST", path, f->admin, "{\"a\":\"clerk1\",\"b\":\"clerk2\"}", 400, "invalid_field", NULL);
	wd_call_err(&f->w, "POST", path, f->admin, "{\"b\":[\"clerk2\"]}", 400, "missing_field", NULL);
	wd_call_err(&f->w, "POST", "/api/v1/windows/99/post", f->admin, "{\"a\":\"clerk1\"}", 404, "not_found", NULL);
	char *after = text_of(f, "/api/v1/posts", f->sup);
	assert_string_equal(before, after);
	free(before);
	free(after);
}

/* A B is refused at A's window while A is not away; a clerk of neither
 * is refused as before; A signs in as always. */
static void test_b_refused_when_a_present(void **state)
{
	struct fx *f = *state;
	cJSON *j = NULL;
	assert_int_equal(login(f, "clerk2", 1, &j), 409);
	assert_string_equal(jstr(cJSON_GetObjectItemCaseSensitive(j, "error"), "code"), "a_present");
	cJSON_Delete(j);
	assert_int_equal(login(f, "clerk3", 1, NULL), 403);
	assert_int_equal(login(f, "clerk1", 1, &j), 200);
	assert_null(cJSON_GetObjectItemCaseSensitive(j, "covering"));
	cJSON_Delete(j);
	/* B at his own window: as always. */
	assert_int_equal(login(f, "clerk2", 2, NULL), 200);
	/* An absence that is over, or not begun, covers nothing. */
	run(f, "POST", "/api/v1/absences", f->sup,
	    "{\"user\":\"clerk1\",\"reason\":\"training\",\"from\":\"2020-01-06\",\"to\":\"2020-01-10\"}", 201);
	assert_int_equal(login(f, "clerk2", 1, NULL), 409);
}

/* Absences refused: another clerk's, an unknown user or a non-clerk, a
 * bad reason, a bad or backward period; nothing is recorded. */
static void test_absence_bad_input(void **state)
{
	struct fx *f = *state;
	char *clerk2 = wd_login(&f->w, "clerk2", 2);
	const char *path = "/api/v1/absences";
	wd_call_err(&f->w, "POST", path, clerk2,
		    "{\"user\":\"clerk1\",\"reason\":\"leave\",\"from\":\"2030-01-02\",\"to\":\"2030-01-02\"}", 403,
		    "forbidden", NULL);
	wd_call_err(&f->w, "POST", path, f->sup,
		    "{\"user\":\"ghost\",\"reason\":\"leave\",\"from\":\"2030-01-02\",\"to\":\"2030-01-02\"}", 422,
		    "unknown_user", NULL);
	wd_call_err(&f->w, "POST", path, f->sup,
		    "{\"user\":\"kiosk\",\"reason\":\"leave\",\"from\":\"2030-01-02\",\"to\":\"2030-01-02\"}", 422,
		    "not_a_clerk", NULL);
	wd_call_err(&f->w, "POST", path, f->sup,
		    "{\"reason\":\"leave\",\"from\":\"2030-01-02\",\"to\":\"2030-01-02\"}", 400, "missing_field", NULL);
	wd_call_err(&f->w, "POST", path, f->sup,
		    "{\"user\":\"clerk1\",\"reason\":\"holiday\",\"from\":\"2030-01-02\",\"to\":\"2030-01-02\"}", 400,
		    "invalid_field", NULL);
	wd_call_err(&f->w, "POST", path, f->sup,
		    "{\"user\":\"clerk1\",\"reason\":\"leave\",\"from\":\"2030-02-30\",\"to\":\"2030-03-02\"}", 400,
		    "invalid_field", NULL);
	wd_call_err(&f->w, "POST", path, f->sup,
		    "{\"user\":\"clerk1\",\"reason\":\"meeting\",\"from\":\"2030-01-02T25:00\",\"to\":\"2030-01-02\"}",
		    400, "invalid_field", NULL);
	wd_call_err(&f->w, "POST", path, f->sup,
		    "{\"user\":\"clerk1\",\"reason\":\"leave\",\"from\":\"2030-01-05\",\"to\":\"2030-01-02\"}", 422,
		    "invalid_period", NULL);
	wd_call_err(&f->w, "POST", path, f->sup,
		    "{\"user\":\"clerk1\",\"reason\":\"meeting\",\"from\":\"2030-01-02T10:00\",\"to\":\"2030-01-02T10:00\"}",
		    422, "invalid_period", NULL);
	wd_call_err(&f->w, "POST", path, f->sup,
		    "{\"user\":\"clerk1\",\"reason\":\"leave\",\"from\":\"2030-01-02\",\"to\":\"2030-01-02\","
		    "\"note\":\"a\\u001bb\"}", 400, "invalid_field", NULL);
	cJSON *list = call(f, "GET", path, f->sup, NULL, 200);
	assert_int_equal((int)jnum(list, "total"), 0);
	cJSON_Delete(list);
	/* A meeting of an afternoon, by the supervisor: its hours kept; the
	 * boards are told (post.changed, at no window). */
	cJSON *feed = call(f, "GET", "/api/v1/events", f->sup, NULL, 200);
	long long last = (long long)jnum(feed, "last");
	cJSON_Delete(feed);
	cJSON *ab = call(f, "POST", path, f->sup, "{\"user\":\"clerk1\",\"reason\":\"meeting\","
			 "\"from\":\"2030-01-02T14:00\",\"to\":\"2030-01-02T16:30\"}", 201);
	feed = call(f, "GET", wd_fmt("/api/v1/events?since=%lld", last), f->sup, NULL, 200);
	cJSON *ev = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(feed, "events"), 0);
	assert_string_equal(jstr(ev, "kind"), "post.changed");
	assert_string_equal(jstr(cJSON_GetObjectItemCaseSensitive(ev, "data"), "user"), "clerk1");
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(feed, "events")), 1);
	cJSON_Delete(feed);
	assert_string_equal(jstr(ab, "from"), "2030-01-02T14:00:00+08:00");
	assert_string_equal(jstr(ab, "to"), "2030-01-02T16:30:00+08:00");
	assert_string_equal(jstr(ab, "by"), "supervisor");
	assert_false(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(ab, "current")));
	cJSON_Delete(ab);
	/* A clerk reads his own only. */
	list = call(f, "GET", path, clerk2, NULL, 200);
	assert_int_equal((int)jnum(list, "total"), 0);
	cJSON_Delete(list);
	free(clerk2);
}

/* A takes a promised case and goes on leave; the board flags his post;
 * B signs in covering him, is given the note, works A's queue, completes
 * A's case; what B does is B's; the board shows B covering A. */
static void test_b_covers_a(void **state)
{
	struct fx *f = *state;
	char *a = wd_login(&f->w, "clerk1", 1);
	run(f, "POST", "/api/v1/windows/1/open", a, NULL, 200);
	cJSON *t = call(f, "POST", "/api/v1/tickets", f->kiosk, "{\"service\":\"SOC\"}", 201);
	long long tid = (long long)jnum(t, "id");
	cJSON_Delete(t);
	run(f, "POST", "/api/v1/windows/1/call", a, wd_fmt("{\"ticket\":%lld}", tid), 200);
	run(f, "POST", wd_fmt("/api/v1/tickets/%lld/start", tid), a, NULL, 200);
	char idno[CASE_ID_SIZE] = "51082319900101123";
	idno[17] = case_id_check_char(idno);
	idno[18] = '\0';
	cJSON *c = call(f, "POST", "/api/v1/cases", a,
			wd_fmt("{\"ticket\":%lld,\"matter\":\"SOC-01\",\"applicant\":{\"name\":\"申请人\","
			    "\"id_number\":\"%s\",\"phone\":\"13812340001\"},\"received\":[1,2,3,4,5]}", tid, idno), 201);
	long long kase = (long long)jnum(c, "id");
	assert_string_equal(jstr(c, "status"), "accepted");
	cJSON_Delete(c);
	run(f, "POST", wd_fmt("/api/v1/tickets/%lld/finish", tid), a, NULL, 200);
	run(f, "POST", "/api/v1/windows/1/close", a, NULL, 200);
	a_goes_on_leave(f, a);
	run(f, "POST", "/api/v1/logout", a, NULL, 200);
	free(a);

	/* Nobody at A's post: flagged. */
	cJSON *board = call(f, "GET", "/api/v1/board", f->sup, NULL, 200);
	cJSON *w1 = board_window(board, 1);
	assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(w1, "unattended")));
	assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(w1, "covering")));
	assert_false(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(board_window(board, 2), "unattended")));
	cJSON_Delete(board);

	/* B signs in covering A, and is given the handover note. */
	cJSON *in = NULL;
	assert_int_equal(login(f, "clerk2", 1, &in), 200);
	char *b = xstrdup(jstr(in, "token"));
	cJSON *cov = cJSON_GetObjectItemCaseSensitive(in, "covering");
	assert_non_null(cov);
	assert_int_equal((int)jnum(cov, "window"), 1);
	assert_string_equal(jstr(cov, "a"), "clerk1");
	assert_string_equal(jstr(cov, "a_name"), "张雅婷");
	assert_string_equal(jstr(cov, "reason"), "leave");
	assert_string_equal(jstr(cov, "note"), NOTE);
	assert_non_null(jstr(cov, "since"));
	cJSON *wins = cJSON_GetObjectItemCaseSensitive(in, "windows");
	assert_int_equal(cJSON_GetArraySize(wins), 1);
	assert_int_equal(cJSON_GetArrayItem(wins, 0)->valueint, 1);
	cJSON_Delete(in);
	/* Asked again (a client started anew on its session): the same. */
	cJSON *me = call(f, "GET", "/api/v1/me", b, NULL, 200);
	assert_string_equal(jstr(cJSON_GetObjectItemCaseSensitive(me, "covering"), "note"), NOTE);
	cJSON_Delete(me);

	/* The board: B covering A, since; not unattended. */
	board = call(f, "GET", "/api/v1/board", f->sup, NULL, 200);
	w1 = board_window(board, 1);
	assert_false(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(w1, "unattended")));
	cov = cJSON_GetObjectItemCaseSensitive(w1, "covering");
	assert_string_equal(jstr(cov, "user"), "clerk2");
	assert_string_equal(jstr(cov, "name"), "李志强");
	assert_string_equal(jstr(cov, "a"), "clerk1");
	assert_string_equal(jstr(cov, "a_name"), "张雅婷");
	assert_non_null(jstr(cov, "since"));
	cJSON_Delete(board);
	cJSON *posts = call(f, "GET", "/api/v1/posts", f->sup, NULL, 200);
	cJSON *p1 = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(posts, "posts"), 0);
	assert_string_equal(jstr(cJSON_GetObjectItemCaseSensitive(p1, "covering"), "user"), "clerk2");
	assert_string_equal(jstr(cJSON_GetObjectItemCaseSensitive(p1, "away"), "note"), NOTE);
	cJSON_Delete(posts);

	/* A's window and queue are B's now: MAR is served at window 1 only. */
	run(f, "POST", "/api/v1/windows/1/open", b, NULL, 200);
	run(f, "GET", "/api/v1/windows/1/queue", b, NULL, 200);
	t = call(f, "POST", "/api/v1/tickets", f->kiosk, "{\"service\":\"MAR\"}", 201);
	long long mar = (long long)jnum(t, "id");
	cJSON_Delete(t);
	run(f, "POST", "/api/v1/windows/1/call", b, wd_fmt("{\"ticket\":%lld}", mar), 200);
	t = call(f, "GET", wd_fmt("/api/v1/tickets/%lld", mar), b, NULL, 200);
	assert_string_equal(jstr(t, "clerk"), "clerk2");
	cJSON_Delete(t);
	/* ... and nothing else: not his own window 2 in this session. */
	wd_call_err(&f->w, "POST", "/api/v1/windows/2/open", b, NULL, 403, "forbidden", NULL);
	/* The evaluator of window 1 shows B. */
	char *eval = wd_login(&f->w, "eval1", 0);
	cJSON *e = call(f, "GET", "/api/v1/evaluator", eval, NULL, 200);
	assert_string_equal(jstr(cJSON_GetObjectItemCaseSensitive(e, "clerk"), "user"), "clerk2");
	cJSON_Delete(e);
	free(eval);

	/* A's open case: B sees it in full and completes it, as himself. */
	c = call(f, "GET", wd_fmt("/api/v1/cases/%lld", kase), b, NULL, 200);
	assert_string_equal(jstr(cJSON_GetObjectItemCaseSensitive(c, "applicant"), "phone"), "13812340001");
	cJSON_Delete(c);
	c = call(f, "POST", wd_fmt("/api/v1/cases/%lld/complete", kase), b, "{\"result\":\"已办结\"}", 200);
	assert_string_equal(jstr(c, "status"), "completed");
	assert_string_equal(jstr(c, "clerk"), "clerk1");   /* who accepted it */
	cJSON *steps = cJSON_GetObjectItemCaseSensitive(c, "steps");
	cJSON *last = cJSON_GetArrayItem(steps, cJSON_GetArraySize(steps) - 1);
	assert_string_equal(jstr(last, "action"), "completed");
	assert_string_equal(jstr(cJSON_GetObjectItemCaseSensitive(last, "by"), "user"), "clerk2");
	assert_string_equal(jstr(cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(steps, 0), "by"), "user"),
			    "clerk1");
	cJSON_Delete(c);
	/* The window's day names B for what B did. */
	cJSON *day = call(f, "GET", "/api/v1/windows/1/day", f->sup, NULL, 200);
	cJSON *ev;
	int b_called = 0;
	cJSON_ArrayForEach(ev, cJSON_GetObjectItemCaseSensitive(day, "timeline"))
		if (strcmp(jstr(ev, "kind"), "ticket.called") == 0 && (long long)jnum(ev, "ticket") == mar)
			b_called += strcmp(jstr(ev, "user"), "clerk2") == 0;
	assert_int_equal(b_called, 1);
	cJSON_Delete(day);
	/* B signs out: the cover ends, and the post is flagged again. */
	run(f, "POST", "/api/v1/logout", b, NULL, 200);
	board = call(f, "GET", "/api/v1/board", f->sup, NULL, 200);
	w1 = board_window(board, 1);
	assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(w1, "covering")));
	assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(w1, "unattended")));
	cJSON_Delete(board);
	free(b);
}

/* The report counts the time B covered A's post: an hour on the clock. */
static void test_cover_time(void **state)
{
	struct fx *f = *state;
	char *a = wd_login(&f->w, "clerk1", 1);
	a_goes_on_leave(f, a);
	free(a);
	char *b = wd_login(&f->w, "clerk2", 1);
	cJSON *rep = call(f, "GET", "/api/v1/reports", f->sup, NULL, 200);
	cJSON *cover = cJSON_GetObjectItemCaseSensitive(rep, "cover");
	assert_int_equal(cJSON_GetArraySize(cover), 1);
	assert_true(jnum(cJSON_GetArrayItem(cover, 0), "seconds") < 60);
	cJSON_Delete(rep);
	/* An hour later (the clock moved on by a restart) B signs out. */
	char from[16];
	snprintf(from, sizeof from, "%s", f->today);
	assert_int_equal(wd_term(&f->w), 0);
	wd_restart(&f->w, "--time-shift 3600");
	cJSON *h = call(f, "GET", "/api/v1/hall", f->sup, NULL, 200);
	const char *to = jstr(h, "today");
	run(f, "POST", "/api/v1/logout", b, NULL, 200);
	rep = call(f, "GET", wd_fmt("/api/v1/reports?from=%s&to=%s", from, to), f->sup, NULL, 200);
	cJSON_Delete(h);
	cover = cJSON_GetObjectItemCaseSensitive(rep, "cover");
	assert_int_equal(cJSON_GetArraySize(cover), 1);
	cJSON *row = cJSON_GetArrayItem(cover, 0);
	assert_int_equal((int)jnum(row, "window"), 1);
	assert_string_equal(jstr(row, "a"), "clerk1");
	assert_string_equal(jstr(row, "a_name"), "张雅婷");
	assert_string_equal(jstr(row, "user"), "clerk2");
	assert_string_equal(jstr(row, "name"), "李志强");
	assert_true(jnum(row, "seconds") >= 3600 && jnum(row, "seconds") < 3700);
	cJSON_Delete(rep);
	free(b);
}

/* A back before his absence is over: his sign-in at his post ends it
 * (the login says so, post.changed on the feed); the board stops
 * flagging the post and a B may no longer start covering it.  Signing in
 * at another window, or a B's sign-in, ends nothing. */
static void test_a_back_early(void **state)
{
	struct fx *f = *state;
	char *a = wd_login(&f->w, "clerk1", 1);
	a_goes_on_leave(f, a);
	run(f, "POST", "/api/v1/logout", a, NULL, 200);
	free(a);
	cJSON *j = NULL;
	/* The B covers meanwhile: that ends nothing. */
	assert_int_equal(login(f, "clerk2", 1, &j), 200);
	assert_null(cJSON_GetObjectItemCaseSensitive(j, "absence_ended"));
	cJSON_Delete(j);
	cJSON *board = call(f, "GET", "/api/v1/board", f->sup, NULL, 200);
	assert_false(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(board_window(board, 1), "unattended")));
	cJSON_Delete(board);
	cJSON *feed = call(f, "GET", "/api/v1/events", f->sup, NULL, 200);
	long long since = (long long)jnum(feed, "last");
	cJSON_Delete(feed);
	/* A is back at window 1. */
	assert_int_equal(login(f, "clerk1", 1, &j), 200);
	assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(j, "absence_ended")));
	cJSON_Delete(j);
	cJSON *list = call(f, "GET", "/api/v1/absences?user=clerk1", f->sup, NULL, 200);
	const cJSON *ab = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(list, "absences"), 0);
	assert_false(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(ab, "current")));
	cJSON_Delete(list);
	feed = call(f, "GET", wd_fmt("/api/v1/events?since=%lld", since), f->sup, NULL, 200);
	bool told = false;
	const cJSON *e;
	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(feed, "events"))
		told = told || strcmp(jstr(e, "kind"), "post.changed") == 0;
	assert_true(told);
	cJSON_Delete(feed);
	/* No new B cover: A is present. */
	assert_int_equal(login(f, "clerk2", 1, &j), 409);
	assert_string_equal(jstr(cJSON_GetObjectItemCaseSensitive(j, "error"), "code"), "a_present");
	cJSON_Delete(j);
	/* A second sign-in ends nothing more. */
	assert_int_equal(login(f, "clerk1", 1, &j), 200);
	assert_null(cJSON_GetObjectItemCaseSensitive(j, "absence_ended"));
	cJSON_Delete(j);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_admin_sets_post, setup, teardown),
		cmocka_unit_test_setup_teardown(test_post_bad_input, setup, teardown),
		cmocka_unit_test_setup_teardown(test_b_refused_when_a_present, setup, teardown),
		cmocka_unit_test_setup_teardown(test_absence_bad_input, setup, teardown),
		cmocka_unit_test_setup_teardown(test_b_covers_a, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cover_time, setup, teardown),
		cmocka_unit_test_setup_teardown(test_a_back_early, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
