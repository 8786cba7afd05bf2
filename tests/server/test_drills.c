/* test_drills.c - trainers' drills against a real wicketd: the scenario
 * files (and bad ones skipped with their field named), starting a drill,
 * trainees signing in with its code and working through the normal clerk
 * endpoints in the drill's sandbox, the score (each value worked out by
 * hand from the scenario files and the rules in drill_score.h), the
 * priority order, reset, the script's clock over restarts with
 * --time-shift, the event feed, finishing, the leaderboard, and the
 * isolation of the hall: a whole drill leaves every hall read endpoint's
 * reply byte-identical. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <pthread.h>
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
#include "wicket/core/date.h"
#include "wicket/common/xalloc.h"

struct fx {
	struct wd w;
	char *trainer, *admin, *sup, *kiosk, *clerk3;
	char data[256];           /* a data directory of the test's own, or "" */
};

/* One request that must fail with want and code. */
static void call_err(struct fx *f, const char *method, const char *path, const char *token,
		     const char *body, long want, const char *code)
{
	wd_call_err(&f->w, method, path, token, body, want, code, NULL);
}

static void fx_login(struct fx *f)
{
	free(f->trainer);
	free(f->admin);
	free(f->sup);
	free(f->kiosk);
	free(f->clerk3);
	f->trainer = wd_login(&f->w, "trainer", 0);
	f->admin = wd_login(&f->w, "admin", 0);
	f->sup = wd_login(&f->w, "supervisor", 0);
	f->kiosk = wd_login(&f->w, "kiosk", 0);
	f->clerk3 = wd_login(&f->w, "clerk3", 3);
}

static struct fx *fx_new(const char *extra)
{
	struct fx *f = xcalloc(1, sizeof *f);
	wd_start(&f->w, true, extra);
	fx_login(f);
	return f;
}

/* fx_new with wicketd's debug log in f->w.log, for a test that waits for
 * a long-poll to be parked on the server (wait_parked). */
static struct fx *fx_new_logging(const char *extra)
{
	struct fx *f = xcalloc(1, sizeof *f);
	wd_start_logging(&f->w, true, extra);
	fx_login(f);
	return f;
}

/* Wait until one more long-poll after since than before waits on wicketd
 * (wd_parked_line, written under the feed's lock), so that what the
 * test does next happens while it waits, not before it asked. */
static void wait_parked(struct fx *f, int64_t since, int before)
{
	char line[96];
	wd_log_wait(&f->w, wd_parked_line(since, line, sizeof line), before + 1, 10000);
}

static void fx_free(struct fx *f)
{
	wd_stop(&f->w);
	if (f->data[0]) {
		char cmd[300];
		snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->data);
		assert_int_equal(system(cmd), 0);
	}
	free(f->trainer);
	free(f->admin);
	free(f->sup);
	free(f->kiosk);
	free(f->clerk3);
	free(f);
}

/* Restart on the same database with the clock `seconds` ahead of the real
 * one; tokens stay valid (sessions are in the database). */
static void fx_shift(struct fx *f, long seconds)
{
	char arg[320];
	snprintf(arg, sizeof arg, "--time-shift %ld%s%s", seconds, f->data[0] ? " --data " : "", f->data);
	assert_int_equal(wd_term(&f->w), 0);
	wd_restart(&f->w, arg);
}

/* A data directory of the test's own: the demo hall's files (tickets.json
 * replaced by the given text when not NULL) and a drills/ directory with
 * copies of the named scenario files.  Returns the --data argument. */
static const char *fx_data(struct fx *f, const char *tickets, const char *const *scenarios, size_t n)
{
	const char *src = getenv("WICKET_DATADIR");
	char cmd[1024];
	assert_non_null(src);
	snprintf(f->data, sizeof f->data, "%s/wicket-drill-data-XXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	assert_non_null(mkdtemp(f->data));
	snprintf(cmd, sizeof cmd, "mkdir '%s/drills' && cp -r '%s/demo' '%s/demo'", f->data, src, f->data);
	assert_int_equal(system(cmd), 0);
	for (size_t i = 0; i < n; i++) {
		snprintf(cmd, sizeof cmd, "cp '%s/drills/%s.json' '%s/drills/'", src, scenarios[i], f->data);
		assert_int_equal(system(cmd), 0);
	}
	if (tickets) {
		snprintf(cmd, sizeof cmd, "%s/demo/tickets.json", f->data);
		FILE *fp = fopen(cmd, "w");
		assert_non_null(fp);
		fputs(tickets, fp);
		fclose(fp);
	}
	static char arg[320];
	snprintf(arg, sizeof arg, "--data %s", f->data);
	return arg;
}

/* ---- drills and trainees ------------------------------------------------- */

struct drill {
	int id;
	char code[8];
};

struct trainee {
	const char *user;
	char *token;
	int window;
};

/* POST /drills for scenario and the trainees (a JSON array text). */
static struct drill fx_drill(struct fx *f, const char *scenario, const char *trainees,
			     const char *competition)
{
	char body[512];
	struct drill d;
	snprintf(body, sizeof body, "{\"scenario\":\"%s\",\"trainees\":%s%s%s%s}", scenario, trainees,
		 competition ? ",\"competition\":\"" : "", competition ? competition : "",
		 competition ? "\"" : "");
	cJSON *j = wd_call(&f->w, "POST", "/api/v1/drills", f->trainer, body, 201);
	d.id = (int)jnum(j, "id");
	snprintf(d.code, sizeof d.code, "%s", jstr(j, "code"));
	assert_int_equal(strlen(d.code), 4);
	assert_string_equal(jstr(j, "status"), "running");
	cJSON_Delete(j);
	return d;
}

/* The trainee signs in to the drill; its window comes from the reply. */
static struct trainee fx_trainee(struct fx *f, const struct drill *d, const char *user)
{
	char body[256];
	struct trainee t = { .user = user };
	snprintf(body, sizeof body, "{\"user\":\"%s\",\"password\":\"demo\",\"drill\":\"%s\"}", user, d->code);
	cJSON *j = wd_call(&f->w, "POST", "/api/v1/login", NULL, body, 200);
	t.token = xstrdup(jstr(j, "token"));
	assert_string_equal(jstr(j, "drill"), d->code);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(j, "windows")), 1);
	t.window = cJSON_GetArrayItem(cJSON_GetObjectItem(j, "windows"), 0)->valueint;
	cJSON_Delete(j);
	return t;
}

/* POST /drills/ID/verb (body may be NULL); must answer want. */
static cJSON *fx_post(struct fx *f, const struct drill *d, const char *verb, const char *body, long want)
{
	char path[96];
	snprintf(path, sizeof path, "/api/v1/drills/%d/%s", d->id, verb);
	return wd_call(&f->w, "POST", path, f->trainer, body, want);
}

/* GET /drills/ID[/what] as the trainer. */
static cJSON *fx_get(struct fx *f, const struct drill *d, const char *what)
{
	char path[96];
	snprintf(path, sizeof path, "/api/v1/drills/%d%s%s", d->id, *what ? "/" : "", what);
	return wd_call(&f->w, "GET", path, f->trainer, NULL, 200);
}

static void fx_release(struct fx *f, const struct drill *d, int times)
{
	for (int i = 0; i < times; i++)
		cJSON_Delete(fx_post(f, d, "release", NULL, 200));
}

/* Applicant no (1-based) of a drill state. */
static const cJSON *st_applicant(const cJSON *state, int no)
{
	const cJSON *a = cJSON_GetArrayItem(cJSON_GetObjectItem(state, "applicants"), no - 1);
	assert_non_null(a);
	return a;
}

/* The ticket of applicant no for the trainee, from the drill's state. */
static int64_t fx_ticket_of(struct fx *f, const struct drill *d, int no, const struct trainee *t)
{
	cJSON *s = fx_get(f, d, ""), *it;
	int64_t id = 0;
	cJSON_ArrayForEach(it, cJSON_GetObjectItem(st_applicant(s, no), "tickets"))
		if (strcmp(jstr(it, "trainee"), t->user) == 0)
			id = (int64_t)jnum(it, "ticket");
	cJSON_Delete(s);
	assert_true(id > 0);
	return id;
}

/* The trainee opens its drill window. */
static void tr_open(struct fx *f, const struct trainee *t)
{
	char path[64];
	snprintf(path, sizeof path, "/api/v1/windows/%d/open", t->window);
	cJSON_Delete(wd_call(&f->w, "POST", path, t->token, NULL, 200));
}

/* The trainee calls (ticket 0: the next in the hall's order); returns the
 * ticket's id and its number in number (when not NULL). */
static int64_t tr_call(struct fx *f, const struct trainee *t, int64_t ticket, char number[16])
{
	char path[64], body[64];
	snprintf(path, sizeof path, "/api/v1/windows/%d/call", t->window);
	snprintf(body, sizeof body, "{\"ticket\":%lld}", (long long)ticket);
	cJSON *j = wd_call(&f->w, "POST", path, t->token, ticket ? body : NULL, 200);
	int64_t id = (int64_t)jnum(j, "id");
	if (number)
		snprintf(number, 16, "%s", jstr(j, "number"));
	cJSON_Delete(j);
	return id;
}

static void tr_step(struct fx *f, const struct trainee *t, int64_t ticket, const char *step,
		    const char *body)
{
	char path[96];
	snprintf(path, sizeof path, "/api/v1/tickets/%lld/%s", (long long)ticket, step);
	cJSON_Delete(wd_call(&f->w, "POST", path, t->token, body, 200));
}

/* The trainee makes a case for applicant app (a script's applicant object)
 * on ticket with matter and the received ids (JSON text); returns the
 * case (the caller deletes it). */
static cJSON *tr_case(struct fx *f, const struct trainee *t, int64_t ticket, const cJSON *app,
		      const char *matter, const char *received)
{
	cJSON *b = cJSON_CreateObject();
	cJSON_AddNumberToObject(b, "ticket", (double)ticket);
	cJSON_AddStringToObject(b, "matter", matter ? matter : jstr(app, "matter"));
	cJSON *a = cJSON_AddObjectToObject(b, "applicant");
	cJSON_AddStringToObject(a, "name", jstr(app, "name"));
	cJSON_AddStringToObject(a, "id_number", jstr(app, "id_number"));
	cJSON_AddStringToObject(a, "phone", jstr(app, "phone"));
	cJSON_AddItemToObject(b, "received", cJSON_Parse(received));
	char *body = cJSON_PrintUnformatted(b);
	cJSON_Delete(b);
	cJSON *c = wd_call(&f->w, "POST", "/api/v1/cases", t->token, body, 201);
	free(body);
	return c;
}

/* Serve applicant no right away: call it by its ticket, start, a case with
 * received (when not NULL), complete it when accepted and immediate,
 * finish. */
static void tr_serve(struct fx *f, const struct drill *d, const struct trainee *t, int no,
		     const char *received)
{
	int64_t tk = tr_call(f, t, fx_ticket_of(f, d, no, t), NULL);
	tr_step(f, t, tk, "start", NULL);
	if (received) {
		cJSON *s = fx_get(f, d, "");
		cJSON *c = tr_case(f, t, tk, st_applicant(s, no), NULL, received);
		if (strcmp(jstr(c, "status"), "accepted") == 0 && strcmp(jstr(c, "kind"), "immediate") == 0) {
			char path[96];
			snprintf(path, sizeof path, "/api/v1/cases/%d/complete", (int)jnum(c, "id"));
			cJSON_Delete(wd_call(&f->w, "POST", path, t->token, NULL, 200));
		}
		cJSON_Delete(c);
		cJSON_Delete(s);
	}
	tr_step(f, t, tk, "finish", NULL);
}

/* ---- reading a score -------------------------------------------------------- */

static const cJSON *sc_trainee(const cJSON *score, const char *user)
{
	const cJSON *t;
	cJSON_ArrayForEach(t, cJSON_GetObjectItem(score, "trainees"))
		if (strcmp(jstr(t, "trainee"), user) == 0)
			return t;
	fail_msg("no score for %s", user);
	return NULL;
}

/* Points of criterion (NULL: the total) for the trainee, or applicant no
 * (0: the trainee's sum); -1 when the criterion does not apply. */
static int sc_points(const cJSON *score, const char *user, int no, const char *criterion)
{
	const cJSON *o = sc_trainee(score, user);
	if (no)
		o = cJSON_GetArrayItem(cJSON_GetObjectItem(o, "applicants"), no - 1);
	if (!criterion)
		return (int)jnum(o, "total");
	const cJSON *c = cJSON_GetObjectItem(cJSON_GetObjectItem(o, "criteria"), criterion);
	return cJSON_IsNull(c) ? -1 : (int)jnum(c, "points");
}

static int sc_max(const cJSON *score, const char *user, int no, const char *criterion)
{
	const cJSON *o = sc_trainee(score, user);
	if (no)
		o = cJSON_GetArrayItem(cJSON_GetObjectItem(o, "applicants"), no - 1);
	if (!criterion)
		return (int)jnum(o, "max");
	const cJSON *c = cJSON_GetObjectItem(cJSON_GetObjectItem(o, "criteria"), criterion);
	return cJSON_IsNull(c) ? -1 : (int)jnum(c, "max");
}

/* Seconds of an ISO time "YYYY-MM-DDTHH:MM:SS+08:00" (the offset is the
 * hall's, the same everywhere here). */
static int64_t iso_seconds(const char *s)
{
	char ymd[DATE_ISO_SIZE];
	date_t d;
	assert_non_null(s);
	snprintf(ymd, sizeof ymd, "%.10s", s);
	assert_true(date_parse_iso(ymd, &d));
	return 86400 * (int64_t)d + 3600 * atoi(s + 11) + 60 * atoi(s + 14) + atoi(s + 17);
}

/* ---- the scenarios ---------------------------------------------------------- */

static void test_scenarios(void **state)
{
	(void)state;
	struct fx *f = fx_new(NULL);
	static const char *const ids[] = { "dissatisfied", "elderly-priority", "marriage-peak",
					   "materials-missing", "promised-normal", "wrong-window" };
	static const int sizes[] = { 2, 4, 20, 3, 2, 3 };
	cJSON *j = wd_call(&f->w, "GET", "/api/v1/drills/scenarios", f->trainer, NULL, 200), *it;
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(j, "rejected")), 0);
	int i = 0;
	cJSON_ArrayForEach(it, cJSON_GetObjectItem(j, "scenarios")) {
		assert_true(i < 6);
		assert_string_equal(jstr(it, "id"), ids[i]);
		assert_true(strlen(jstr(it, "title")) > 0 && strlen(jstr(it, "summary")) > 0);
		assert_int_equal((int)jnum(it, "applicants"), sizes[i]);
		assert_true(cJSON_GetArraySize(cJSON_GetObjectItem(it, "matters")) >= 1);
		i++;
	}
	assert_int_equal(i, 6);
	cJSON_Delete(j);
	/* The wrong-window script: its matters in order of appearance. */
	j = wd_call(&f->w, "GET", "/api/v1/drills/scenarios", f->admin, NULL, 200);
	it = cJSON_GetArrayItem(cJSON_GetObjectItem(j, "scenarios"), 5);
	char *m = cJSON_PrintUnformatted(cJSON_GetObjectItem(it, "matters"));
	assert_string_equal(m, "[\"MAR-03\",\"HUK-02\",\"SOC-03\"]");
	free(m);
	cJSON_Delete(j);
	call_err(f, "GET", "/api/v1/drills/scenarios", f->sup, NULL, 403, "forbidden");
	call_err(f, "GET", "/api/v1/drills/scenarios", f->clerk3, NULL, 403, "forbidden");
	call_err(f, "GET", "/api/v1/drills/scenarios", f->kiosk, NULL, 403, "forbidden");
	call_err(f, "GET", "/api/v1/drills/scenarios", NULL, NULL, 401, "unauthorized");
	fx_free(f);
}

/* Write the wrong-window scenario changed by edit(root) as drills/name. */
static void bad_file(struct fx *f, const char *name, void (*edit)(cJSON *root))
{
	char path[512];
	struct buf b = BUF_INIT;
	snprintf(path, sizeof path, "%s/drills/wrong-window.json", getenv("WICKET_DATADIR"));
	assert_int_equal(buf_read_file(&b, path, 1 << 20), 0);
	cJSON *root = cJSON_Parse(buf_str(&b));
	buf_free(&b);
	edit(root);
	char *text = cJSON_Print(root);
	cJSON_Delete(root);
	snprintf(path, sizeof path, "%s/drills/%s", f->data, name);
	FILE *fp = fopen(path, "w");
	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
	free(text);
}

static cJSON *app0(cJSON *root)
{
	return cJSON_GetArrayItem(cJSON_GetObjectItem(root, "applicants"), 0);
}

static void edit_matter(cJSON *root)
{
	cJSON_ReplaceItemInObject(app0(root), "matter", cJSON_CreateString("XYZ-99"));
}

static void edit_material(cJSON *root)
{
	cJSON_ReplaceItemInObject(app0(root), "brought", cJSON_Parse("[1, 2, 9]"));
}

static void edit_notice(cJSON *root)
{
	/* Applicant 3 brings 1, 2, 4 of SOC-03: the notice lists exactly 3. */
	cJSON *a = cJSON_GetArrayItem(cJSON_GetObjectItem(root, "applicants"), 2);
	cJSON_ReplaceItemInObject(a, "expect", cJSON_Parse("{\"outcome\":\"notice\",\"missing\":[3,4]}"));
}

static void edit_accept(cJSON *root)
{
	cJSON_ReplaceItemInObject(app0(root), "brought", cJSON_Parse("[1, 2]"));
}

static void edit_transfer(cJSON *root)
{
	cJSON *a = cJSON_GetArrayItem(cJSON_GetObjectItem(root, "applicants"), 1);
	cJSON_ReplaceItemInObject(a, "expect", cJSON_Parse("{\"outcome\":\"transfer\",\"service\":\"MAR\"}"));
}

static void edit_arrival(cJSON *root)
{
	cJSON_ReplaceItemInObject(app0(root), "arrival", cJSON_CreateNumber(100));
}

static void edit_id_number(cJSON *root)
{
	cJSON_ReplaceItemInObject(app0(root), "id_number", cJSON_CreateString("510822199203140710"));
}

/* Bad scenario files are reported, naming file and field, and skipped:
 * wicketd starts and serves the good ones. */
static void test_bad_scenarios(void **state)
{
	(void)state;
	struct fx *f = xcalloc(1, sizeof *f);
	static const char *const good[] = { "wrong-window" };
	const char *arg = fx_data(f, NULL, good, 1);
	bad_file(f, "unknown-matter.json", edit_matter);
	bad_file(f, "bad-material.json", edit_material);
	bad_file(f, "bad-notice.json", edit_notice);
	bad_file(f, "cannot-accept.json", edit_accept);
	bad_file(f, "bad-transfer.json", edit_transfer);
	bad_file(f, "late-first.json", edit_arrival);
	bad_file(f, "bad-id.json", edit_id_number);
	char path[512];
	snprintf(path, sizeof path, "%s/drills/broken.json", f->data);
	FILE *fp = fopen(path, "w");
	assert_non_null(fp);
	fputs("{\"title\": ", fp);
	fclose(fp);
	snprintf(path, sizeof path, "%s/drills/Bad_Name.json", f->data);
	fp = fopen(path, "w");
	assert_non_null(fp);
	fputs("{}", fp);
	fclose(fp);

	wd_start(&f->w, true, arg);
	fx_login(f);
	cJSON *j = wd_call(&f->w, "GET", "/api/v1/drills/scenarios", f->trainer, NULL, 200), *it;
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(j, "scenarios")), 1);
	assert_string_equal(jstr(cJSON_GetArrayItem(cJSON_GetObjectItem(j, "scenarios"), 0), "id"),
			    "wrong-window");
	static const char *const want[][2] = {
		{ "Bad_Name.json", "file name" },
		{ "bad-id.json", "applicants[0].id_number" },
		{ "bad-material.json", "applicants[0].brought: material 9 is not in the guide of MAR-03" },
		{ "bad-notice.json", "applicants[2].expect.missing: the notice lists exactly [3]" },
		{ "bad-transfer.json", "applicants[1].expect.service: must be HUK" },
		{ "broken.json", "not valid JSON" },
		{ "cannot-accept.json", "applicants[0].expect.outcome: cannot accept: required materials [3]" },
		{ "late-first.json", "applicants[1].arrival" },
		{ "unknown-matter.json", "applicants[0].matter: no matter of the hall has the code 'XYZ-99'" },
	};
	const cJSON *rejected = cJSON_GetObjectItem(j, "rejected");
	assert_int_equal(cJSON_GetArraySize(rejected), 9);
	int i = 0;
	cJSON_ArrayForEach(it, rejected) {
		assert_string_equal(jstr(it, "file"), want[i][0]);
		if (!strstr(jstr(it, "error"), want[i][1]))
			fail_msg("%s: '%s' does not say '%s'", want[i][0], jstr(it, "error"), want[i][1]);
		i++;
	}
	cJSON_Delete(j);
	call_err(f, "POST", "/api/v1/drills", f->trainer,
		 "{\"scenario\":\"bad-notice\",\"trainees\":[\"clerk1\"]}", 404, "unknown_scenario");
	fx_free(f);
}

/* ---- starting a drill, and its errors ------------------------------------- */

static void test_create_and_errors(void **state)
{
	(void)state;
	struct fx *f = fx_new(NULL);
	static const struct { const char *body; long status; const char *code; } bad[] = {
		{ "{\"trainees\":[\"clerk1\"]}", 400, "missing_field" },
		{ "{\"scenario\":7,\"trainees\":[\"clerk1\"]}", 400, "invalid_field" },
		{ "{\"scenario\":\"no-such\",\"trainees\":[\"clerk1\"]}", 404, "unknown_scenario" },
		{ "{\"scenario\":\"wrong-window\"}", 400, "missing_field" },
		{ "{\"scenario\":\"wrong-window\",\"trainees\":[]}", 400, "invalid_field" },
		{ "{\"scenario\":\"wrong-window\",\"trainees\":\"clerk1\"}", 400, "invalid_field" },
		{ "{\"scenario\":\"wrong-window\",\"trainees\":[\"clerk1\",\"clerk1\"]}", 400, "invalid_field" },
		{ "{\"scenario\":\"wrong-window\",\"trainees\":[\"clerk1\",2]}", 400, "invalid_field" },
		{ "{\"scenario\":\"wrong-window\",\"trainees\":[\"nobody\"]}", 404, "unknown_user" },
		{ "{\"scenario\":\"wrong-window\",\"trainees\":[\"supervisor\"]}", 400, "invalid_field" },
		{ "{\"scenario\":\"wrong-window\",\"trainees\":[\"clerk1\"],\"competition\":\"\"}", 400, "invalid_field" },
		{ "{\"scenario\":\"wrong-window\",\"trainees\":[\"clerk1\"],\"competition\":\"a\\nb\"}",
		  400, "invalid_field" },
		{ "{\"scenario\":\"wrong-window\",\"trainees\":[\"c1\",\"c2\",\"c3\",\"c4\",\"c5\",\"c6\",\"c7\","
		  "\"c8\",\"c9\",\"c10\",\"c11\",\"c12\",\"c13\",\"c14\",\"c15\",\"c16\",\"c17\",\"c18\",\"c19\","
		  "\"c20\",\"c21\"]}", 400, "invalid_field" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		call_err(f, "POST", "/api/v1/drills", f->trainer, bad[i].body, bad[i].status, bad[i].code);
	const char *ok = "{\"scenario\":\"wrong-window\",\"trainees\":[\"clerk1\",\"clerk2\"]}";
	call_err(f, "POST", "/api/v1/drills", f->clerk3, ok, 403, "forbidden");
	call_err(f, "POST", "/api/v1/drills", f->admin, ok, 403, "forbidden");
	call_err(f, "POST", "/api/v1/drills", f->sup, ok, 403, "forbidden");
	/* Nothing was made by the refused ones. */
	cJSON *list = wd_call(&f->w, "GET", "/api/v1/drills", f->trainer, NULL, 200);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(list, "drills")), 0);
	cJSON_Delete(list);

	cJSON *j = wd_call(&f->w, "POST", "/api/v1/drills", f->trainer, ok, 201);
	assert_int_equal((int)jnum(j, "id"), 1);
	assert_string_equal(jstr(j, "scenario"), "wrong-window");
	assert_string_equal(jstr(j, "title"), "走错窗口：转办");
	assert_string_equal(jstr(j, "trainer"), "trainer");
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(j, "competition")));
	char *w = cJSON_PrintUnformatted(cJSON_GetObjectItem(j, "windows"));
	assert_string_equal(w, "[{\"trainee\":\"clerk1\",\"name\":\"张雅婷\",\"window\":1},"
			    "{\"trainee\":\"clerk2\",\"name\":\"李志强\",\"window\":2}]");
	free(w);
	assert_int_equal((int)jnum(j, "next"), 1);
	assert_false(cJSON_IsTrue(cJSON_GetObjectItem(cJSON_GetObjectItem(j, "run"), "on")));
	const cJSON *a = st_applicant(j, 2);
	assert_string_equal(jstr(a, "name"), "赵德明");
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(a, "wrong_window")));
	assert_false(cJSON_IsTrue(cJSON_GetObjectItem(a, "released")));
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(a, "tickets")), 0);
	cJSON_Delete(j);

	list = wd_call(&f->w, "GET", "/api/v1/drills", f->admin, NULL, 200);
	const cJSON *d0 = cJSON_GetArrayItem(cJSON_GetObjectItem(list, "drills"), 0);
	assert_string_equal(jstr(d0, "title"), "走错窗口：转办");
	assert_int_equal((int)jnum(d0, "trainees"), 2);
	cJSON_Delete(list);
	cJSON_Delete(wd_call(&f->w, "GET", "/api/v1/drills/1", f->admin, NULL, 200));
	call_err(f, "GET", "/api/v1/drills/1", f->clerk3, NULL, 403, "forbidden");
	call_err(f, "GET", "/api/v1/drills/2", f->trainer, NULL, 404, "not_found");
	call_err(f, "GET", "/api/v1/drills/abc", f->trainer, NULL, 404, "not_found");
	static const char *const verbs[] = { "release", "run", "reset", "finish" };
	for (size_t i = 0; i < 4; i++) {
		char path[64];
		snprintf(path, sizeof path, "/api/v1/drills/9/%s", verbs[i]);
		call_err(f, "POST", path, f->trainer, NULL, 404, "not_found");
		snprintf(path, sizeof path, "/api/v1/drills/1/%s", verbs[i]);
		call_err(f, "POST", path, f->admin, NULL, 403, "forbidden");
		call_err(f, "POST", path, f->clerk3, NULL, 403, "forbidden");
	}
	call_err(f, "GET", "/api/v1/drills/1/release", f->trainer, NULL, 405, "method_not_allowed");
	call_err(f, "GET", "/api/v1/drills/9/score", f->trainer, NULL, 404, "not_found");
	call_err(f, "GET", "/api/v1/drills/0/events", f->trainer, NULL, 404, "not_found");
	call_err(f, "GET", "/api/v1/drills/1/score", f->clerk3, NULL, 403, "forbidden");
	call_err(f, "GET", "/api/v1/drills", f->sup, NULL, 403, "forbidden");

	/* A retried release (same Idempotency-Key) lets one applicant in. */
	struct resp r1, r2;
	http(&f->w, "POST", "/api/v1/drills/1/release", f->trainer, NULL, "rel-1", &r1);
	http(&f->w, "POST", "/api/v1/drills/1/release", f->trainer, NULL, "rel-1", &r2);
	assert_int_equal(r1.status, 200);
	assert_int_equal(r2.status, 200);
	assert_true(r2.replayed);
	assert_string_equal(r1.body, r2.body);
	resp_free(&r1);
	resp_free(&r2);
	struct drill d = { .id = 1 };
	j = fx_get(f, &d, "");
	assert_int_equal((int)jnum(j, "next"), 2);
	/* One ticket per trainee, numbered by the applicant's place. */
	const cJSON *tk = cJSON_GetObjectItem(st_applicant(j, 1), "tickets");
	assert_int_equal(cJSON_GetArraySize(tk), 2);
	assert_string_equal(jstr(cJSON_GetArrayItem(tk, 0), "number"), "A001");
	assert_string_equal(jstr(cJSON_GetArrayItem(tk, 1), "number"), "A001");
	assert_string_equal(jstr(cJSON_GetArrayItem(tk, 1), "trainee"), "clerk2");
	assert_string_equal(jstr(cJSON_GetArrayItem(tk, 1), "status"), "waiting");
	cJSON_Delete(j);
	fx_release(f, &d, 2);
	call_err(f, "POST", "/api/v1/drills/1/release", f->trainer, NULL, 409, "script_done");
	fx_free(f);
}

/* ---- signing in to a drill ------------------------------------------------ */

static void test_trainee_sign_in(void **state)
{
	(void)state;
	struct fx *f = fx_new(NULL);
	struct drill d = fx_drill(f, "promised-normal", "[\"clerk1\",\"clerk2\"]", NULL);
	char body[256], lower[8];
	for (int i = 0; i < 5; i++)
		lower[i] = (char)(d.code[i] >= 'A' && d.code[i] <= 'Z' ? d.code[i] - 'A' + 'a' : d.code[i]);
	snprintf(body, sizeof body, "{\"user\":\"clerk2\",\"password\":\"demo\",\"drill\":\"%s\","
		 "\"window\":2}", lower);
	cJSON *j = wd_call(&f->w, "POST", "/api/v1/login", NULL, body, 200);
	assert_string_equal(jstr(j, "drill"), d.code);
	cJSON_Delete(j);
	snprintf(body, sizeof body, "{\"user\":\"clerk2\",\"password\":\"demo\",\"drill\":\"%s\","
		 "\"window\":1}", d.code);
	call_err(f, "POST", "/api/v1/login", NULL, body, 403, "window_not_assigned");
	snprintf(body, sizeof body, "{\"user\":\"clerk3\",\"password\":\"demo\",\"drill\":\"%s\"}", d.code);
	call_err(f, "POST", "/api/v1/login", NULL, body, 403, "not_a_trainee");
	snprintf(body, sizeof body, "{\"user\":\"clerk1\",\"password\":\"nope\",\"drill\":\"%s\"}", d.code);
	call_err(f, "POST", "/api/v1/login", NULL, body, 401, "bad_credentials");
	call_err(f, "POST", "/api/v1/login", NULL, "{\"user\":\"clerk1\",\"password\":\"demo\",\"drill\":\"ZZZZZ\"}",
		 404, "unknown_drill");
	call_err(f, "POST", "/api/v1/login", NULL, "{\"user\":\"clerk1\",\"password\":\"demo\",\"drill\":7}",
		 400, "invalid_field");

	struct trainee t = fx_trainee(f, &d, "clerk1");
	assert_int_equal(t.window, 1);
	j = wd_call(&f->w, "GET", "/api/v1/me", t.token, NULL, 200);
	assert_string_equal(jstr(j, "drill"), d.code);
	assert_string_equal(jstr(j, "role"), "clerk");
	cJSON_Delete(j);
	/* The drill token sees the sandbox: two drill windows, not the hall's ten. */
	j = wd_call(&f->w, "GET", "/api/v1/windows", t.token, NULL, 200);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(j, "windows")), 2);
	assert_string_equal(jstr(cJSON_GetArrayItem(cJSON_GetObjectItem(j, "windows"), 0), "name"),
			    "演练1号窗口");
	cJSON_Delete(j);
	/* No trainer's endpoint for it, and no hall ticket: the hall's demo
	 * tickets do not exist in the sandbox. */
	call_err(f, "GET", "/api/v1/drills/1", t.token, NULL, 403, "forbidden");
	call_err(f, "GET", "/api/v1/tickets/1", t.token, NULL, 404, "not_found");
	cJSON_Delete(wd_call(&f->w, "GET", "/api/v1/tickets/1", f->sup, NULL, 200));
	/* The same clerk's hall session acts on the hall, the drill's on the
	 * sandbox: opening one window 1 leaves the other closed. */
	char *hall1 = wd_login(&f->w, "clerk1", 1);
	cJSON_Delete(wd_call(&f->w, "POST", "/api/v1/windows/1/open", hall1, NULL, 200));
	j = wd_call(&f->w, "GET", "/api/v1/windows", t.token, NULL, 200);
	assert_string_equal(jstr(cJSON_GetArrayItem(cJSON_GetObjectItem(j, "windows"), 0), "status"), "closed");
	cJSON_Delete(j);
	cJSON_Delete(wd_call(&f->w, "POST", "/api/v1/windows/1/close", hall1, NULL, 200));
	tr_open(f, &t);
	j = wd_call(&f->w, "GET", "/api/v1/windows", hall1, NULL, 200);
	assert_string_equal(jstr(cJSON_GetArrayItem(cJSON_GetObjectItem(j, "windows"), 0), "status"), "closed");
	cJSON_Delete(j);
	free(hall1);
	/* A case made in the drill is none of the hall's, and the hall's
	 * tokens do not find it. */
	fx_release(f, &d, 1);
	int64_t tk = tr_call(f, &t, 0, NULL);
	cJSON *s = fx_get(f, &d, "");
	cJSON *c = tr_case(f, &t, tk, st_applicant(s, 1), NULL, "[1,2,3,4]");
	char path[64];
	snprintf(path, sizeof path, "/api/v1/cases/%d", (int)jnum(c, "id"));
	cJSON_Delete(wd_call(&f->w, "GET", path, t.token, NULL, 200));
	call_err(f, "GET", path, f->sup, NULL, 404, "not_found");
	j = wd_call(&f->w, "GET", "/api/v1/cases?status=all", f->sup, NULL, 200);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(j, "cases")), 0);
	cJSON_Delete(j);
	cJSON_Delete(c);
	cJSON_Delete(s);
	/* Signing out ends the drill session (it lives in the hall). */
	cJSON_Delete(wd_call(&f->w, "POST", "/api/v1/logout", t.token, NULL, 200));
	call_err(f, "GET", "/api/v1/me", t.token, NULL, 401, "unauthorized");
	free(t.token);
	fx_free(f);
}

/* ---- a whole scenario through the clerk endpoints, to the score ---------- */

/* wrong-window: 1 林晓燕 补领结婚证 (MAR-03, immediate, brings 1 2 3: accept),
 * 2 赵德明 居住证 at the wrong window (transfer to HUK), 3 孙立 临时救助
 * (SOC-03, brings 1 2 4: notice of exactly 3).  Standards: MAR-03 300 s,
 * SOC-03 600 s, transfer 120 s.
 *
 * clerk1 does everything right and quickly:
 *   1: order 10, materials 10, transfer 10, time 10          = 40 of 40
 *   2: order 10, transfer 10, time 10                        = 30 of 30
 *   3: order 10, materials 10, notice 10, transfer 10, time 10 = 50 of 50
 * clerk2 ticks 1 and 2 only for applicant 1 and takes 440 s over it
 * (10 * (600 - 440) / 300 = 5.3 -> 5), accepts applicant 2's 居住证 at the
 * window instead of transferring, and ticks 3 for applicant 3 although it
 * was not brought (accepted: no notice):
 *   1: order 10, materials 0, transfer 10, time 5            = 25 of 40
 *   2: order 10, transfer 0, time 10                         = 20 of 30
 *   3: order 10, materials 10, notice 0, transfer 10, time 10 = 40 of 50 */
static void test_run_through(void **state)
{
	(void)state;
	struct fx *f = fx_new(NULL);
	struct drill d = fx_drill(f, "wrong-window", "[\"clerk1\",\"clerk2\"]", NULL);
	struct trainee t1 = fx_trainee(f, &d, "clerk1"), t2 = fx_trainee(f, &d, "clerk2");
	cJSON *s = fx_get(f, &d, "");
	const cJSON *a2 = st_applicant(s, 2);
	fx_release(f, &d, 3);
	tr_open(f, &t1);
	tr_open(f, &t2);

	/* clerk1: accept and complete 1, transfer 2 to HUK, notice for 3. */
	char number[16];
	int64_t tk = tr_call(f, &t1, 0, number);
	assert_string_equal(number, "A001");
	tr_step(f, &t1, tk, "start", NULL);
	cJSON *c = tr_case(f, &t1, tk, st_applicant(s, 1), NULL, "[1,2,3]");
	assert_string_equal(jstr(c, "status"), "accepted");
	char path[96];
	snprintf(path, sizeof path, "/api/v1/cases/%d/complete", (int)jnum(c, "id"));
	cJSON_Delete(wd_call(&f->w, "POST", path, t1.token, NULL, 200));
	cJSON_Delete(c);
	tr_step(f, &t1, tk, "finish", NULL);
	tk = tr_call(f, &t1, 0, number);
	assert_string_equal(number, "A002");
	tr_step(f, &t1, tk, "transfer", "{\"service\":\"HUK\",\"reason\":\"办理居住证\"}");
	tk = tr_call(f, &t1, 0, number);
	assert_string_equal(number, "B003");
	tr_step(f, &t1, tk, "start", NULL);
	c = tr_case(f, &t1, tk, st_applicant(s, 3), NULL, "[1,2,4]");
	assert_string_equal(jstr(c, "status"), "notified");
	cJSON_Delete(c);
	tr_step(f, &t1, tk, "finish", NULL);
	/* The transferred applicant left the drill window's queue. */
	snprintf(path, sizeof path, "/api/v1/windows/%d/queue", t1.window);
	cJSON *q = wd_call(&f->w, "GET", path, t1.token, NULL, 200);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(q, "tickets")), 0);
	cJSON_Delete(q);

	/* clerk2: applicant 1 slowly, with a material forgotten. */
	tk = tr_call(f, &t2, 0, NULL);
	tr_step(f, &t2, tk, "start", NULL);
	fx_shift(f, 440);
	c = tr_case(f, &t2, tk, st_applicant(s, 1), NULL, "[1,2]");
	assert_string_equal(jstr(c, "status"), "notified");
	cJSON_Delete(c);
	tr_step(f, &t2, tk, "finish", NULL);
	/* Applicant 2 accepted at the window, 3 accepted with 3 ticked. */
	tk = tr_call(f, &t2, 0, NULL);
	tr_step(f, &t2, tk, "start", NULL);
	cJSON_Delete(tr_case(f, &t2, tk, a2, "HUK-02", "[1,2,3]"));
	tr_step(f, &t2, tk, "finish", NULL);
	tk = tr_call(f, &t2, 0, NULL);
	tr_step(f, &t2, tk, "start", NULL);
	c = tr_case(f, &t2, tk, st_applicant(s, 3), NULL, "[1,2,3,4]");
	assert_string_equal(jstr(c, "status"), "accepted");
	cJSON_Delete(c);
	tr_step(f, &t2, tk, "finish", NULL);

	cJSON *score = fx_get(f, &d, "score");
	static const struct { const char *user; int no; const char *crit; int points, max; } want[] = {
		{ "clerk1", 0, NULL, 120, 120 },
		{ "clerk1", 1, NULL, 40, 40 }, { "clerk1", 2, NULL, 30, 30 }, { "clerk1", 3, NULL, 50, 50 },
		{ "clerk1", 0, "due", -1, -1 }, { "clerk1", 3, "notice", 10, 10 },
		{ "clerk2", 0, NULL, 85, 120 },
		{ "clerk2", 1, NULL, 25, 40 }, { "clerk2", 2, NULL, 20, 30 }, { "clerk2", 3, NULL, 40, 50 },
		{ "clerk2", 1, "materials", 0, 10 }, { "clerk2", 1, "time", 5, 10 },
		{ "clerk2", 1, "transfer", 10, 10 }, { "clerk2", 1, "notice", -1, -1 },
		{ "clerk2", 2, "transfer", 0, 10 }, { "clerk2", 2, "materials", -1, -1 },
		{ "clerk2", 3, "notice", 0, 10 }, { "clerk2", 3, "materials", 10, 10 },
		{ "clerk2", 0, "order", 30, 30 }, { "clerk2", 0, "materials", 10, 20 },
		{ "clerk2", 0, "notice", 0, 10 }, { "clerk2", 0, "transfer", 20, 30 },
		{ "clerk2", 0, "time", 25, 30 },
	};
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		int p = sc_points(score, want[i].user, want[i].no, want[i].crit);
		int m = sc_max(score, want[i].user, want[i].no, want[i].crit);
		if (p != want[i].points || m != want[i].max)
			fail_msg("%s applicant %d %s: %d of %d, wanted %d of %d", want[i].user, want[i].no,
				 want[i].crit ? want[i].crit : "total", p, m, want[i].points, want[i].max);
	}
	const cJSON *h = cJSON_GetArrayItem(cJSON_GetObjectItem(sc_trainee(score, "clerk2"), "applicants"), 0);
	assert_true(jnum(h, "handling_seconds") >= 440 && jnum(h, "handling_seconds") < 450);
	cJSON_Delete(score);

	/* Finishing freezes the score, ends the drill sessions, and refuses
	 * any further play. */
	cJSON *fin = fx_post(f, &d, "finish", NULL, 200);
	assert_string_equal(jstr(fin, "status"), "finished");
	assert_int_equal(sc_points(fin, "clerk2", 0, NULL), 85);
	char *fin_text = cJSON_PrintUnformatted(fin);
	cJSON_Delete(fin);
	score = fx_get(f, &d, "score");
	char *score_text = cJSON_PrintUnformatted(score);
	assert_string_equal(score_text, fin_text);
	free(score_text);
	free(fin_text);
	cJSON_Delete(score);
	call_err(f, "GET", "/api/v1/windows", t2.token, NULL, 401, "unauthorized");
	call_err(f, "POST", "/api/v1/drills/1/release", f->trainer, NULL, 409, "drill_finished");
	call_err(f, "POST", "/api/v1/drills/1/reset", f->trainer, NULL, 409, "drill_finished");
	call_err(f, "POST", "/api/v1/drills/1/finish", f->trainer, NULL, 409, "drill_finished");
	call_err(f, "POST", "/api/v1/drills/1/run", f->trainer, "{\"on\":true}", 409, "drill_finished");
	char body[128];
	snprintf(body, sizeof body, "{\"user\":\"clerk1\",\"password\":\"demo\",\"drill\":\"%s\"}", d.code);
	call_err(f, "POST", "/api/v1/login", NULL, body, 404, "unknown_drill");
	cJSON_Delete(s);
	s = fx_get(f, &d, "");
	assert_string_equal(jstr(s, "status"), "finished");
	assert_true(jstr(s, "finished_at") != NULL);
	cJSON_Delete(s);
	free(t1.token);
	free(t2.token);
	fx_free(f);
}

/* elderly-priority: 1 马晓东, 2 吴婷, 3 郑伟 (normal, arriving at 0, 20, 40 s)
 * and 4 孙桂兰 (elderly, at 60 s), all waiting when the calls begin.
 * clerk1 calls "next" each time: the hall's order takes 孙桂兰 first.
 * clerk2 calls 1, 2, 4, 3 by ticket: 孙桂兰 is passed over (order 0 of 10,
 * once, however often); nobody else is. */
static void test_priority_order(void **state)
{
	(void)state;
	struct fx *f = fx_new(NULL);
	struct drill d = fx_drill(f, "elderly-priority", "[\"clerk1\",\"clerk2\"]", NULL);
	struct trainee t1 = fx_trainee(f, &d, "clerk1"), t2 = fx_trainee(f, &d, "clerk2");
	fx_release(f, &d, 4);
	tr_open(f, &t1);
	tr_open(f, &t2);
	static const char *const first[] = { "B004", "A001", "B002", "A003" };
	for (int i = 0; i < 4; i++) {
		char number[16];
		int64_t tk = tr_call(f, &t1, 0, number);
		assert_string_equal(number, first[i]);
		tr_step(f, &t1, tk, "start", NULL);
		tr_step(f, &t1, tk, "finish", NULL);
	}
	static const int order2[] = { 1, 2, 4, 3 };
	for (int i = 0; i < 4; i++)
		tr_serve(f, &d, &t2, order2[i], NULL);
	cJSON *score = fx_get(f, &d, "score");
	assert_int_equal(sc_points(score, "clerk1", 0, "order"), 40);
	assert_int_equal(sc_points(score, "clerk2", 0, "order"), 30);
	assert_int_equal(sc_max(score, "clerk2", 0, "order"), 40);
	for (int no = 1; no <= 3; no++)
		assert_int_equal(sc_points(score, "clerk2", no, "order"), 10);
	assert_int_equal(sc_points(score, "clerk2", 4, "order"), 0);
	/* Without cases nothing else but transfer (none expected, none made)
	 * and time: 4 * (10 + 10). */
	assert_int_equal(sc_points(score, "clerk1", 0, NULL), 40 + 80);
	assert_int_equal(sc_points(score, "clerk1", 0, "materials"), 0);
	/* All four accepted, 孙桂兰 and 吴婷 promised: the due criterion applies
	 * to those two. */
	assert_int_equal(sc_max(score, "clerk1", 0, "due"), 20);
	cJSON_Delete(score);
	free(t1.token);
	free(t2.token);
	fx_free(f);
}

/* ---- reset ---------------------------------------------------------------- */

/* A trainee's console waiting on the drill's feed. */
struct waiter {
	struct fx *f;
	const char *token;
	int64_t since;
	long status;
	char code[64];
};

static void *waiter_run(void *arg)
{
	struct waiter *w = arg;
	char path[96];
	struct resp r;
	snprintf(path, sizeof path, "/api/v1/events?since=%lld&wait=30", (long long)w->since);
	w->status = http(&w->f->w, "GET", path, w->token, NULL, NULL, &r);
	snprintf(w->code, sizeof w->code, "%s", resp_error_code(&r));
	resp_free(&r);
	return NULL;
}

static int64_t ms_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void test_reset(void **state)
{
	(void)state;
	struct fx *f = fx_new_logging(NULL);
	struct drill d = fx_drill(f, "promised-normal", "[\"clerk1\"]", NULL);
	struct trainee t = fx_trainee(f, &d, "clerk1");
	fx_release(f, &d, 2);
	tr_open(f, &t);
	int64_t tk = tr_call(f, &t, 0, NULL);
	tr_step(f, &t, tk, "start", NULL);
	cJSON *s = fx_get(f, &d, "");
	cJSON_Delete(tr_case(f, &t, tk, st_applicant(s, 1), NULL, "[1,2,3,4]"));
	cJSON_Delete(s);
	cJSON *ev = fx_get(f, &d, "events?since=0");
	assert_true(jnum(ev, "last") >= 5);
	struct waiter wt = { .f = f, .token = t.token, .since = (int64_t)jnum(ev, "last") };
	cJSON_Delete(ev);

	/* The trainee's screen waits on the feed; the reset tells it at once
	 * that the feed started again, not when its wait runs out.  The reset
	 * comes once the server says the wait has begun: were it to come
	 * first, the request would be told to resync without having waited. */
	pthread_t th;
	int64_t began = ms_now();
	int parked = wd_parked_count(&f->w, wt.since);
	assert_int_equal(pthread_create(&th, NULL, waiter_run, &wt), 0);
	wait_parked(f, wt.since, parked);
	cJSON_Delete(fx_get(f, &d, ""));
	s = fx_post(f, &d, "reset", NULL, 200);
	pthread_join(th, NULL);
	assert_int_equal(wt.status, 410);
	assert_string_equal(wt.code, "resync_required");
	assert_true(ms_now() - began < 20000);
	assert_int_equal((int)jnum(s, "next"), 1);
	assert_false(cJSON_IsTrue(cJSON_GetObjectItem(st_applicant(s, 1), "released")));
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(st_applicant(s, 1), "tickets")), 0);
	cJSON_Delete(s);
	/* The sandbox is empty again; the trainee's session still works. */
	cJSON *w = wd_call(&f->w, "GET", "/api/v1/windows", t.token, NULL, 200);
	const cJSON *w1 = cJSON_GetArrayItem(cJSON_GetObjectItem(w, "windows"), 0);
	assert_string_equal(jstr(w1, "status"), "closed");
	assert_int_equal((int)jnum(w1, "waiting"), 0);
	cJSON_Delete(w);
	cJSON *cases = wd_call(&f->w, "GET", "/api/v1/cases?window=1&status=all", t.token, NULL, 200);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(cases, "cases")), 0);
	cJSON_Delete(cases);
	ev = wd_call(&f->w, "GET", "/api/v1/events", t.token, NULL, 200);
	assert_int_equal((int)jnum(ev, "last"), 0);
	cJSON_Delete(ev);
	call_err(f, "GET", "/api/v1/drills/1/events?since=5", f->trainer, NULL, 410, "resync_required");
	/* And it plays again from the first applicant. */
	fx_release(f, &d, 1);
	tr_open(f, &t);
	char number[16];
	tr_call(f, &t, 0, number);
	assert_string_equal(number, "B001");
	cJSON *score = fx_get(f, &d, "score");
	assert_int_equal(sc_max(score, "clerk1", 0, NULL), 50);
	assert_int_equal(sc_max(score, "clerk1", 2, NULL), 0);
	cJSON_Delete(score);
	free(t.token);
	fx_free(f);
}

/* ---- the script's clock ------------------------------------------------- */

/* marriage-peak: 20 couples arriving at 0 .. 330 s.  Run on: the first
 * arrives now, the others at their offsets; restarts with --time-shift
 * move the clock on, and whoever reads or writes the drill next (here the
 * trainee's queue) lets in everyone whose time has come, issued at their
 * scripted time.  Run off stops the clock. */
static void test_run_mode(void **state)
{
	(void)state;
	struct fx *f = fx_new(NULL);
	struct drill d = fx_drill(f, "marriage-peak", "[\"clerk1\"]", NULL);
	struct trainee t = fx_trainee(f, &d, "clerk1");
	call_err(f, "POST", "/api/v1/drills/1/run", f->trainer, NULL, 400, "missing_field");
	call_err(f, "POST", "/api/v1/drills/1/run", f->trainer, "{\"on\":\"yes\"}", 400, "invalid_field");
	cJSON *s = fx_post(f, &d, "run", "{\"on\":true}", 200);
	const cJSON *run = cJSON_GetObjectItem(s, "run");
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(run, "on")));
	int64_t base = iso_seconds(jstr(run, "base"));
	assert_int_equal((int)jnum(s, "next"), 2);
	/* 200 s on: the 15 couples due by 190 s; the next is not due till 240 s. */
	int due = 0;
	for (int no = 1; no <= 20; no++) {
		int arrival = (int)jnum(st_applicant(s, no), "arrival");
		assert_false(arrival > 200 && arrival <= 230);
		due += arrival <= 200;
	}
	assert_int_equal(due, 15);
	cJSON_Delete(s);

	fx_shift(f, 200);
	cJSON *q = wd_call(&f->w, "GET", "/api/v1/windows/1/queue", t.token, NULL, 200);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(q, "tickets")), due);
	cJSON_Delete(q);
	s = fx_get(f, &d, "");
	assert_int_equal((int)jnum(s, "next"), due + 1);
	for (int no = 1; no <= due; no++) {
		const cJSON *a = st_applicant(s, no);
		char path[64];
		snprintf(path, sizeof path, "/api/v1/tickets/%d",
			 (int)jnum(cJSON_GetArrayItem(cJSON_GetObjectItem(a, "tickets"), 0), "ticket"));
		cJSON *tk = wd_call(&f->w, "GET", path, t.token, NULL, 200);
		assert_int_equal(iso_seconds(jstr(tk, "issued_at")), base + (int64_t)jnum(a, "arrival"));
		cJSON_Delete(tk);
	}
	/* The pregnant one (couple 6) is called first. */
	const cJSON *a6 = st_applicant(s, 6);
	assert_string_equal(jstr(a6, "priority"), "pregnant");
	tr_open(f, &t);
	int64_t first = tr_call(f, &t, 0, NULL);
	assert_int_equal(first, (int64_t)jnum(cJSON_GetArrayItem(cJSON_GetObjectItem(a6, "tickets"), 0), "ticket"));
	cJSON_Delete(s);

	/* Off: an hour later nobody more has come. */
	s = fx_post(f, &d, "run", "{\"on\":false}", 200);
	assert_false(cJSON_IsTrue(cJSON_GetObjectItem(cJSON_GetObjectItem(s, "run"), "on")));
	cJSON_Delete(s);
	fx_shift(f, 3600);
	s = fx_get(f, &d, "");
	assert_int_equal((int)jnum(s, "next"), due + 1);
	cJSON_Delete(s);
	/* On again: the next couple comes at once, the rest keep their gaps. */
	s = fx_post(f, &d, "run", "{\"on\":true}", 200);
	assert_int_equal((int)jnum(s, "next"), due + 2);
	const cJSON *a17 = st_applicant(s, due + 2);
	int64_t base17 = iso_seconds(jstr(cJSON_GetObjectItem(s, "run"), "base"));
	assert_int_equal(iso_seconds(jstr(a17, "arrives_at")) - base17, (int64_t)jnum(a17, "arrival"));
	cJSON_Delete(s);
	free(t.token);
	fx_free(f);
}

/* ---- the trainer watching ------------------------------------------------- */

struct poll {
	struct fx *f;
	char path[96];
	struct resp r;
};

static void *poll_run(void *arg)
{
	struct poll *p = arg;
	http(&p->f->w, "GET", p->path, p->f->trainer, NULL, NULL, &p->r);
	return NULL;
}

static void test_events(void **state)
{
	(void)state;
	struct fx *f = fx_new_logging(NULL);
	struct drill d = fx_drill(f, "dissatisfied", "[\"clerk1\",\"clerk2\"]", NULL);
	cJSON *ev = fx_get(f, &d, "events");
	assert_int_equal((int)jnum(ev, "last"), 0);
	cJSON_Delete(ev);
	/* The trainee's sign-in is the drill's first event, at its window. */
	struct trainee t = fx_trainee(f, &d, "clerk2");
	ev = fx_get(f, &d, "events?since=0");
	const cJSON *e = cJSON_GetArrayItem(cJSON_GetObjectItem(ev, "events"), 0);
	assert_string_equal(jstr(e, "kind"), "clerk.signed_in");
	assert_int_equal((int)jnum(e, "window"), 2);
	int last = (int)jnum(ev, "last");
	assert_int_equal(last, 1);
	cJSON_Delete(ev);
	/* A long-poll wakes when the next applicant arrives: released once the
	 * server says the poll waits, not before it asked. */
	struct poll p = { .f = f };
	snprintf(p.path, sizeof p.path, "/api/v1/drills/%d/events?since=%d&wait=30", d.id, last);
	pthread_t th;
	time_t t0 = time(NULL);
	int parked = wd_parked_count(&f->w, last);
	assert_int_equal(pthread_create(&th, NULL, poll_run, &p), 0);
	wait_parked(f, last, parked);
	fx_release(f, &d, 1);
	pthread_join(th, NULL);
	assert_true(time(NULL) - t0 < 20);
	assert_int_equal(p.r.status, 200);
	const cJSON *list = cJSON_GetObjectItem(p.r.json, "events");
	assert_true(cJSON_GetArraySize(list) >= 1);
	const cJSON *e0 = cJSON_GetArrayItem(list, 0);
	assert_string_equal(jstr(e0, "kind"), "ticket.issued");
	assert_string_equal(jstr(cJSON_GetObjectItem(e0, "data"), "number"), "E001");
	resp_free(&p.r);
	/* The trainee's actions show up, with its window; so does its sign-out. */
	ev = fx_get(f, &d, "events");
	last = (int)jnum(ev, "last");
	cJSON_Delete(ev);
	tr_open(f, &t);
	cJSON_Delete(wd_call(&f->w, "POST", "/api/v1/logout", t.token, NULL, 200));
	char path[64];
	snprintf(path, sizeof path, "events?since=%d", last);
	ev = fx_get(f, &d, path);
	list = cJSON_GetObjectItem(ev, "events");
	assert_int_equal(cJSON_GetArraySize(list), 2);
	assert_string_equal(jstr(cJSON_GetArrayItem(list, 0), "kind"), "window.status");
	assert_int_equal((int)jnum(cJSON_GetArrayItem(list, 0), "window"), 2);
	assert_string_equal(jstr(cJSON_GetArrayItem(list, 1), "kind"), "clerk.signed_out");
	cJSON_Delete(ev);
	/* None of it reached the hall's feed. */
	ev = wd_call(&f->w, "GET", "/api/v1/events?since=0", f->sup, NULL, 200);
	char *text = cJSON_PrintUnformatted(ev);
	assert_null(strstr(text, "clerk2"));
	free(text);
	cJSON_Delete(ev);
	call_err(f, "GET", "/api/v1/drills/1/events?since=x", f->trainer, NULL, 400, "invalid_query");
	call_err(f, "GET", "/api/v1/drills/7/events", f->trainer, NULL, 404, "not_found");
	call_err(f, "GET", "/api/v1/drills/1/events", f->clerk3, NULL, 403, "forbidden");
	cJSON_Delete(wd_call(&f->w, "GET", "/api/v1/drills/1/events", f->admin, NULL, 200));
	free(t.token);
	fx_free(f);
}

/* ---- the leaderboard ------------------------------------------------------ */

/* dissatisfied: 1 钱永强 失业保险金 (EMP-02, brings 1 3 4: notice of exactly
 * 2), 2 冯丽 失业登记 (EMP-01, immediate, brings 1 2 3: accept).  Served right:
 * 1: order, materials, notice, transfer, time = 50; 2: order, materials,
 * transfer, time = 40; 90 in all.  Ticking 1 and 4 only for applicant 1
 * (3 forgotten: the notice lists 2 and 3) loses materials and notice: 70. */
static void serve_dissatisfied(struct fx *f, const struct drill *d, const struct trainee *t,
			       bool forget)
{
	tr_serve(f, d, t, 1, forget ? "[1,4]" : "[1,3,4]");
	tr_serve(f, d, t, 2, "[1,2,3]");
}

static void test_leaderboard(void **state)
{
	(void)state;
	struct fx *f = fx_new(NULL);
	const char *comp = "%E5%B2%97%E5%89%8D%E7%BB%83%E5%85%B5";   /* 岗前练兵 */
	/* Drill A: clerk1 right (90), clerk2 forgetting (70), clerk3 idle (0). */
	struct drill a = fx_drill(f, "dissatisfied", "[\"clerk1\",\"clerk2\",\"clerk3\"]", "岗前练兵");
	struct trainee a1 = fx_trainee(f, &a, "clerk1"), a2 = fx_trainee(f, &a, "clerk2");
	fx_release(f, &a, 2);
	tr_open(f, &a1);
	tr_open(f, &a2);
	serve_dissatisfied(f, &a, &a1, false);
	serve_dissatisfied(f, &a, &a2, true);
	cJSON_Delete(fx_post(f, &a, "finish", NULL, 200));
	/* Drill B: clerk2 and clerk4 right (90 each). */
	struct drill b = fx_drill(f, "dissatisfied", "[\"clerk2\",\"clerk4\"]", "岗前练兵");
	struct trainee b2 = fx_trainee(f, &b, "clerk2"), b4 = fx_trainee(f, &b, "clerk4");
	fx_release(f, &b, 2);
	tr_open(f, &b2);
	tr_open(f, &b4);
	serve_dissatisfied(f, &b, &b2, false);
	serve_dissatisfied(f, &b, &b4, false);
	cJSON_Delete(fx_post(f, &b, "finish", NULL, 200));
	/* Not counted: a drill still running, and another competition's. */
	struct drill c = fx_drill(f, "dissatisfied", "[\"clerk3\"]", "岗前练兵");
	struct trainee c3 = fx_trainee(f, &c, "clerk3");
	fx_release(f, &c, 2);
	tr_open(f, &c3);
	serve_dissatisfied(f, &c, &c3, false);
	struct drill e = fx_drill(f, "dissatisfied", "[\"clerk3\"]", "other");
	cJSON_Delete(fx_post(f, &e, "finish", NULL, 200));

	char path[160];
	snprintf(path, sizeof path, "/api/v1/drills/leaderboard?competition=%s", comp);
	cJSON *lb = wd_call(&f->w, "GET", path, f->trainer, NULL, 200);
	assert_string_equal(jstr(lb, "competition"), "岗前练兵");
	assert_int_equal((int)jnum(lb, "drills"), 2);
	static const struct { int rank; const char *user; int total, drills; } want[] = {
		{ 1, "clerk2", 160, 2 }, { 2, "clerk1", 90, 1 }, { 2, "clerk4", 90, 1 }, { 4, "clerk3", 0, 1 },
	};
	const cJSON *entries = cJSON_GetObjectItem(lb, "entries"), *it;
	assert_int_equal(cJSON_GetArraySize(entries), 4);
	int i = 0;
	cJSON_ArrayForEach(it, entries) {
		assert_int_equal((int)jnum(it, "rank"), want[i].rank);
		assert_string_equal(jstr(it, "trainee"), want[i].user);
		assert_int_equal((int)jnum(it, "total"), want[i].total);
		assert_int_equal((int)jnum(it, "max"), 90 * want[i].drills);
		assert_int_equal((int)jnum(it, "drills"), want[i].drills);
		i++;
	}
	/* clerk2's criteria summed over both drills. */
	const cJSON *crit = cJSON_GetObjectItem(cJSON_GetArrayItem(entries, 0), "criteria");
	static const struct { const char *name; int points, max; } sums[] = {
		{ "order", 40, 40 }, { "materials", 30, 40 }, { "notice", 10, 20 }, { "due", 0, 0 },
		{ "transfer", 40, 40 }, { "time", 40, 40 },
	};
	for (size_t k = 0; k < sizeof sums / sizeof sums[0]; k++) {
		const cJSON *p = cJSON_GetObjectItem(crit, sums[k].name);
		assert_int_equal((int)jnum(p, "points"), sums[k].points);
		assert_int_equal((int)jnum(p, "max"), sums[k].max);
	}
	assert_string_equal(jstr(cJSON_GetArrayItem(entries, 1), "name"), "张雅婷");
	cJSON_Delete(lb);
	lb = wd_call(&f->w, "GET", "/api/v1/drills/leaderboard?competition=nobody", f->admin, NULL, 200);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(lb, "entries")), 0);
	cJSON_Delete(lb);
	call_err(f, "GET", "/api/v1/drills/leaderboard", f->trainer, NULL, 400, "invalid_query");
	call_err(f, "GET", path, f->sup, NULL, 403, "forbidden");
	free(a1.token);
	free(a2.token);
	free(b2.token);
	free(b4.token);
	free(c3.token);
	fx_free(f);
}

/* ---- the hall is untouched -------------------------------------------------- */

/* Drop the members that only say what time it is now (the board's "now",
 * the seconds since a status or a call, a report's "generated_at"). */
static void drop_clock(cJSON *j)
{
	static const char *const clock[] = { "now", "status_seconds", "seconds", "generated_at" };
	for (size_t i = 0; i < sizeof clock / sizeof clock[0]; i++)
		cJSON_DeleteItemFromObjectCaseSensitive(j, clock[i]);
	for (cJSON *it = j ? j->child : NULL; it; it = it->next)
		drop_clock(it);
}

/* Every hall read endpoint's reply (status and body) in one text: the
 * windows, queues, tickets, cases, the event feed, the board, every
 * window's day, audits, rectifications, callbacks and the reports.
 * Nothing waits in the hall when it is taken, and the members that only
 * tell the time are dropped, so no reply depends on the clock. */
static char *hall_snapshot(struct fx *f)
{
	struct buf b = BUF_INIT;
	char path[96];
	static const char *const fixed[] = {
		"/api/v1/windows", "/api/v1/cases?status=all", "/api/v1/events?since=0", "/api/v1/events",
		"/api/v1/services", "/api/v1/matters", "/api/v1/board", "/api/v1/audits",
		"/api/v1/rectifications", "/api/v1/callbacks", "/api/v1/reports",
		"/api/v1/reports?by=clerk", "/api/v1/reports?by=matter",
	};
	static const char *const per[] = { "/api/v1/windows/%d/queue", "/api/v1/tickets/%d",
					   "/api/v1/cases/%d", "/api/v1/windows/%d/day" };
	for (size_t i = 0; i < sizeof fixed / sizeof fixed[0] + 12 * 4; i++) {
		struct resp r;
		if (i < sizeof fixed / sizeof fixed[0])
			snprintf(path, sizeof path, "%s", fixed[i]);
		else
			snprintf(path, sizeof path, per[(i - sizeof fixed / sizeof fixed[0]) % 4],
				 (int)(i - sizeof fixed / sizeof fixed[0]) / 4 + 1);
		http(&f->w, "GET", path, f->sup, NULL, NULL, &r);
		drop_clock(r.json);
		char *text = r.json ? cJSON_PrintUnformatted(r.json) : NULL;
		buf_printf(&b, "%s %ld %s\n", path, r.status, text ? text : r.body);
		free(text);
		resp_free(&r);
	}
	return buf_steal(&b);
}

/* A morning at the hall: tickets issued, served, a case notified and one
 * accepted, a transfer, a no-show; nobody left waiting. */
static void hall_morning(struct fx *f, char *clerk1, char *clerk2)
{
	cJSON_Delete(wd_call(&f->w, "POST", "/api/v1/windows/1/open", clerk1, NULL, 200));
	cJSON_Delete(wd_call(&f->w, "POST", "/api/v1/windows/2/open", clerk2, NULL, 200));
	for (int i = 0; i < 3; i++)
		cJSON_Delete(wd_call(&f->w, "POST", "/api/v1/tickets", f->kiosk, "{\"service\":\"SOC\"}", 201));
	struct trainee c1 = { "clerk1", clerk1, 1 }, c2 = { "clerk2", clerk2, 2 };
	cJSON *app = cJSON_Parse("{\"name\":\"王大伟\",\"id_number\":\"510823199001011238\","
				 "\"phone\":\"13812345678\"}");
	int64_t tk = tr_call(f, &c1, 0, NULL);
	tr_step(f, &c1, tk, "start", NULL);
	cJSON_Delete(tr_case(f, &c1, tk, app, "SOC-03", "[1,2]"));
	tr_step(f, &c1, tk, "finish", NULL);
	tk = tr_call(f, &c1, 0, NULL);
	tr_step(f, &c1, tk, "transfer", "{\"window\":2}");
	/* Window 2 now has the transferred ticket and the third one. */
	tk = tr_call(f, &c2, 0, NULL);
	tr_step(f, &c2, tk, "start", NULL);
	cJSON_Delete(tr_case(f, &c2, tk, app, "SOC-04", "[1,2,3,4]"));
	tr_step(f, &c2, tk, "finish", NULL);
	tk = tr_call(f, &c2, 0, NULL);
	tr_step(f, &c2, tk, "no-show", NULL);
	cJSON_Delete(app);
}

static void test_isolation(void **state)
{
	(void)state;
	struct fx *f = xcalloc(1, sizeof *f);
	static const char *const scen[] = { "wrong-window" };
	wd_start(&f->w, true, fx_data(f, "[]", scen, 1));
	fx_login(f);
	char *clerk1 = wd_login(&f->w, "clerk1", 1), *clerk2 = wd_login(&f->w, "clerk2", 2);
	hall_morning(f, clerk1, clerk2);
	char *before = hall_snapshot(f);

	/* A whole drill for the same two clerks, and everything around it. */
	struct drill d = fx_drill(f, "wrong-window", "[\"clerk1\",\"clerk2\"]", "isolation");
	struct trainee t1 = fx_trainee(f, &d, "clerk1"), t2 = fx_trainee(f, &d, "clerk2");
	fx_release(f, &d, 3);
	tr_open(f, &t1);
	tr_open(f, &t2);
	tr_serve(f, &d, &t1, 1, "[1,2,3]");
	int64_t tk = tr_call(f, &t1, 0, NULL);
	tr_step(f, &t1, tk, "transfer", "{\"service\":\"HUK\"}");
	tr_serve(f, &d, &t1, 3, "[1,2,4]");
	cJSON_Delete(wd_call(&f->w, "POST", "/api/v1/tickets", t2.token, "{\"service\":\"MAR\"}", 201));
	cJSON_Delete(wd_call(&f->w, "GET", "/api/v1/events?since=0", t2.token, NULL, 200));
	cJSON_Delete(fx_get(f, &d, "score"));
	cJSON_Delete(fx_post(f, &d, "reset", NULL, 200));
	cJSON_Delete(fx_post(f, &d, "run", "{\"on\":true}", 200));
	tr_open(f, &t2);
	tr_serve(f, &d, &t2, 1, "[1,2]");
	cJSON_Delete(fx_get(f, &d, "events?since=0"));
	cJSON_Delete(fx_post(f, &d, "finish", NULL, 200));
	cJSON_Delete(wd_call(&f->w, "GET", "/api/v1/drills/leaderboard?competition=isolation", f->trainer,
			     NULL, 200));
	/* A drill token never reached hall data: the sandbox's cases are the
	 * script's applicants', not the hall's 王大伟. */
	char *after = hall_snapshot(f);
	if (strcmp(before, after) != 0)
		fail_msg("the hall changed:\n--- before\n%s\n--- after\n%s", before, after);
	assert_non_null(strstr(before, "王大伟"));
	assert_non_null(strstr(before, "/api/v1/tickets/4 200"));
	assert_non_null(strstr(before, "/api/v1/windows/1/day 200"));
	assert_non_null(strstr(before, "/api/v1/reports 200"));
	assert_non_null(strstr(before, "/api/v1/board 200"));
	/* The hall sessions of the trainees still act on the hall. */
	cJSON *w = wd_call(&f->w, "GET", "/api/v1/windows", clerk1, NULL, 200);
	assert_string_equal(jstr(cJSON_GetArrayItem(cJSON_GetObjectItem(w, "windows"), 0), "status"), "open");
	cJSON_Delete(w);
	free(before);
	free(after);
	free(clerk1);
	free(clerk2);
	free(t1.token);
	free(t2.token);
	fx_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scenarios),
		cmocka_unit_test(test_bad_scenarios),
		cmocka_unit_test(test_create_and_errors),
		cmocka_unit_test(test_trainee_sign_in),
		cmocka_unit_test(test_run_through),
		cmocka_unit_test(test_priority_order),
		cmocka_unit_test(test_reset),
		cmocka_unit_test(test_run_mode),
		cmocka_unit_test(test_events),
		cmocka_unit_test(test_leaderboard),
		cmocka_unit_test(test_isolation),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
