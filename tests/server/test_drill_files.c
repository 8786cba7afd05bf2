/* test_drill_files.c - what a drill's sandbox costs the server once the
 * drill is over, against a real wicketd: a finished drill keeps no
 * descriptor (counted in /proc/PID/fd; on PostgreSQL, where a sandbox is a
 * schema, no connection, counted in pg_stat_activity), so drill after drill can be made
 * under a low descriptor limit; reading a finished drill opens its sandbox
 * for that request only; after --drill-days its files are deleted and the
 * drill is still read (from its row and frozen score); and a trainee's
 * long-poll waiting on the drill's feed when it finishes is answered, the
 * server going on (run it under the sanitizer build too). */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1  /* prlimit */
#endif
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <dirent.h>
#include <limits.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "harness.h"
#include "tdb.h"
#include "wicket/common/xalloc.h"

#define DAY 86400L

struct fx {
	struct wd w;
	char *trainer;
};

static struct fx *fx_new(bool logging, const char *extra)
{
	struct fx *f = xcalloc(1, sizeof *f);
	if (logging)
		wd_start_logging(&f->w, true, extra);
	else
		wd_start(&f->w, true, extra);
	f->trainer = wd_login(&f->w, "trainer", 0);
	return f;
}

static void fx_free(struct fx *f)
{
	wd_stop(&f->w);
	free(f->trainer);
	free(f);
}

/* The server's open descriptors on files of its drills' sandboxes
 * (DB.drills/...), or all of them when all. */
static int fd_count(const struct fx *f, bool all)
{
	char dir[64], link[PATH_MAX + 1], path[320];
	int n = 0;
	snprintf(dir, sizeof dir, "/proc/%d/fd", (int)f->w.pid);
	DIR *dp = opendir(dir);
	assert_non_null(dp);
	for (struct dirent *e; (e = readdir(dp));) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		ssize_t len = readlink(path, link, sizeof link - 1);
		if (len < 0)
			continue;
		link[len] = '\0';
		n += all || strstr(link, ".drills/") != NULL;
	}
	closedir(dp);
	return n;
}

/* The sandboxes the server holds open: descriptors of their files, or on
 * PostgreSQL connections to their schemas (named wicketd_drill_HALL_ID). */
static int sandboxes_open(const struct fx *f)
{
	if (!wd_on_postgresql())
		return fd_count(f, false);
	struct tdb *t = tdb_open(f->w.db);
	int64_t n = tdb_int(t, "SELECT count(*) FROM pg_stat_activity WHERE application_name LIKE 'wicketd_drill_%'");
	tdb_close(t);
	return (int)n;
}

/* None open.  A PostgreSQL backend leaves pg_stat_activity a moment after
 * its client closed the connection, and nothing tells when: asked again
 * until it has, within a bound. */
static void assert_none_open(const struct fx *f)
{
	int n = sandboxes_open(f);
	for (int i = 0; n > 0 && wd_on_postgresql() && i < 500; i++) {
		struct timespec ts = { 0, 10 * 1000000L };
		nanosleep(&ts, NULL);
		n = sandboxes_open(f);
	}
	assert_int_equal(n, 0);
}

/* Start a drill of scenario for clerk1; returns its id, code into code. */
static int fx_drill(struct fx *f, const char *scenario, char code[8])
{
	char body[160];
	snprintf(body, sizeof body, "{\"scenario\":\"%s\",\"trainees\":[\"clerk1\"]}", scenario);
	cJSON *j = wd_call(&f->w, "POST", "/api/v1/drills", f->trainer, body, 201);
	int id = (int)jnum(j, "id");
	if (code)
		snprintf(code, 8, "%s", jstr(j, "code"));
	cJSON_Delete(j);
	return id;
}

/* verb ("finish", "release", "" for the drill, "score", "events") of drill
 * id as the trainer; must answer want.  The reply, which the caller deletes. */
static cJSON *fx_do(struct fx *f, const char *method, int id, const char *verb, long want)
{
	char path[96];
	snprintf(path, sizeof path, "/api/v1/drills/%d%s%s", id, *verb ? "/" : "", verb);
	return wd_call(&f->w, method, path, f->trainer, NULL, want);
}

/* Whether the sandbox file of drill id (suffix "", "-wal", "-shm") exists;
 * on PostgreSQL whether its schema does (suffix ""; never a file). */
static bool sandbox_file(const struct fx *f, int id, const char *suffix)
{
	char path[400];
	if (wd_on_postgresql()) {
		if (*suffix)
			return false;
		struct tdb *t = tdb_open(f->w.db);
		char sql[128];
		snprintf(sql, sizeof sql, "SELECT count(*) FROM pg_namespace WHERE nspname = 'drill_1_%d'", id);
		bool there = tdb_int(t, sql) > 0;
		tdb_close(t);
		return there;
	}
	snprintf(path, sizeof path, "%s/wicketd.db.drills/%d.db%s", f->w.dir, id, suffix);
	return access(path, F_OK) == 0;
}

/* (1) Finished drills keep no descriptor; reading one opens its sandbox
 * for that request only. */
static void test_finished_hold_nothing(void **state)
{
	(void)state;
	struct fx *f = fx_new(false, NULL);
	int ids[5];
	for (int i = 0; i < 5; i++)
		ids[i] = fx_drill(f, "dissatisfied", NULL);
	/* The running ones are open: each holds its database's files. */
	assert_true(sandboxes_open(f) >= 5);
	for (int i = 0; i < 5; i++)
		cJSON_Delete(fx_do(f, "POST", ids[i], "finish", 200));
	assert_none_open(f);
	/* Read after it finished: the whole state, its sandbox closed after. */
	cJSON *s = fx_do(f, "GET", ids[2], "", 200);
	assert_string_equal(jstr(s, "status"), "finished");
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(s, "sandbox")));
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(s, "applicants")), 2);
	cJSON_Delete(s);
	cJSON_Delete(fx_do(f, "GET", ids[2], "score", 200));
	cJSON_Delete(fx_do(f, "GET", ids[2], "events?since=0", 200));
	assert_none_open(f);
	fx_free(f);
}

/* (2) Under a descriptor limit that 3 per finished drill would exceed
 * several times over, every drill in turn is made and finished. */
static void test_descriptor_limit(void **state)
{
	(void)state;
	struct fx *f = fx_new(false, NULL);
	/* Room for the server as it is, a few connections and one running
	 * drill; not for 40 drills' 3 descriptors each. */
	struct rlimit rl;
	rl.rlim_cur = rl.rlim_max = (rlim_t)fd_count(f, true) + 24;
	assert_int_equal(prlimit(f->w.pid, RLIMIT_NOFILE, &rl, NULL), 0);
	for (int i = 0; i < 40; i++) {
		int id = fx_drill(f, "dissatisfied", NULL);
		cJSON_Delete(fx_do(f, "POST", id, "finish", 200));
	}
	assert_none_open(f);
	cJSON *list = wd_call(&f->w, "GET", "/api/v1/drills", f->trainer, NULL, 200);
	assert_int_equal((int)jnum(list, "total"), 40);
	cJSON_Delete(list);
	fx_free(f);
}

/* (3) After --drill-days a finished drill's files go at the roll-over;
 * the drill and its score are still read. */
static void test_retention(void **state)
{
	(void)state;
	struct fx *f = fx_new(false, NULL);
	int id = fx_drill(f, "dissatisfied", NULL), running = fx_drill(f, "dissatisfied", NULL);
	cJSON_Delete(fx_do(f, "POST", id, "release", 200));
	cJSON *score = fx_do(f, "POST", id, "finish", 200);
	char *frozen = cJSON_PrintUnformatted(score);
	cJSON_Delete(score);
	assert_true(sandbox_file(f, id, ""));

	/* 89 days on (the default keeps 90): still there. */
	char arg[64];
	snprintf(arg, sizeof arg, "--time-shift %ld", 89 * DAY);
	assert_int_equal(wd_term(&f->w), 0);
	wd_restart(&f->w, arg);
	assert_true(sandbox_file(f, id, ""));
	/* 91 days on: the finished drill's files are gone, the running one's stay. */
	snprintf(arg, sizeof arg, "--time-shift %ld", 91 * DAY);
	assert_int_equal(wd_term(&f->w), 0);
	wd_restart(&f->w, arg);
	assert_false(sandbox_file(f, id, ""));
	assert_false(sandbox_file(f, id, "-wal"));
	assert_false(sandbox_file(f, id, "-shm"));
	assert_true(sandbox_file(f, running, ""));
	free(f->trainer);
	f->trainer = wd_login(&f->w, "trainer", 0);

	cJSON *s = fx_do(f, "GET", id, "", 200);
	assert_string_equal(jstr(s, "status"), "finished");
	assert_false(cJSON_IsTrue(cJSON_GetObjectItem(s, "sandbox")));
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(s, "windows")), 1);
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(s, "next")));
	const cJSON *apps = cJSON_GetObjectItem(s, "applicants");
	assert_int_equal(cJSON_GetArraySize(apps), 2);
	/* Applicant 1 had arrived: its ticket, from the frozen score. */
	const cJSON *a1 = cJSON_GetArrayItem(apps, 0), *a2 = cJSON_GetArrayItem(apps, 1);
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(a1, "released")));
	const cJSON *tk = cJSON_GetArrayItem(cJSON_GetObjectItem(a1, "tickets"), 0);
	assert_non_null(tk);
	assert_string_equal(jstr(tk, "trainee"), "clerk1");
	assert_string_equal(jstr(tk, "number"), "E001");
	assert_false(cJSON_IsTrue(cJSON_GetObjectItem(a2, "released")));
	cJSON_Delete(s);
	score = fx_do(f, "GET", id, "score", 200);
	char *now = cJSON_PrintUnformatted(score);
	assert_string_equal(now, frozen);
	free(now);
	free(frozen);
	cJSON_Delete(score);
	cJSON *ev = fx_do(f, "GET", id, "events?since=3&wait=30", 200);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(ev, "events")), 0);
	cJSON_Delete(ev);
	/* Playing it is refused as for any finished drill, not a 503. */
	char path[96];
	snprintf(path, sizeof path, "/api/v1/drills/%d/release", id);
	wd_call_err(&f->w, "POST", path, f->trainer, NULL, 409, "drill_finished", NULL);
	snprintf(path, sizeof path, "/api/v1/drills/%d/reset", id);
	wd_call_err(&f->w, "POST", path, f->trainer, NULL, 409, "drill_finished", NULL);
	assert_false(sandbox_file(f, id, ""));
	fx_free(f);
}

/* A long-poll of path with token, in a thread of its own. */
struct poll {
	struct fx *f;
	const char *token;
	char path[96];
	long status;
	cJSON *json;
};

static void *poll_run(void *arg)
{
	struct poll *p = arg;
	struct resp r;
	p->status = http(&p->f->w, "GET", p->path, p->token, NULL, NULL, &r);
	p->json = r.json;
	r.json = NULL;
	resp_free(&r);
	return NULL;
}

/* Whether the reply's events hold one of kind. */
static bool has_event(const cJSON *reply, const char *kind)
{
	const cJSON *e;
	cJSON_ArrayForEach(e, cJSON_GetObjectItem(reply, "events"))
		if (strcmp(jstr(e, "kind"), kind) == 0)
			return true;
	return false;
}

/* (4) The trainee's long-poll (and the trainer's) waiting on the drill's
 * feed when it finishes is answered at once; the trainee is then signed
 * out, the sandbox closed, and the server goes on. */
static void test_finish_under_long_poll(void **state)
{
	(void)state;
	struct fx *f = fx_new(true, NULL);
	char code[8], body[160], line[96];
	int id = fx_drill(f, "dissatisfied", code);
	snprintf(body, sizeof body, "{\"user\":\"clerk1\",\"password\":\"demo\",\"drill\":\"%s\"}", code);
	cJSON *j = wd_call(&f->w, "POST", "/api/v1/login", NULL, body, 200);
	char *trainee = xstrdup(jstr(j, "token"));
	cJSON_Delete(j);
	j = wd_call(&f->w, "GET", "/api/v1/events", trainee, NULL, 200);
	int64_t last = (int64_t)jnum(j, "last");
	cJSON_Delete(j);

	struct poll tp = { .f = f, .token = trainee }, cp = { .f = f, .token = f->trainer };
	snprintf(tp.path, sizeof tp.path, "/api/v1/events?since=%lld&wait=30", (long long)last);
	snprintf(cp.path, sizeof cp.path, "/api/v1/drills/%d/events?since=%lld&wait=30", id, (long long)last);
	pthread_t th[2];
	int parked = wd_parked_count(&f->w, last);
	assert_int_equal(pthread_create(&th[0], NULL, poll_run, &tp), 0);
	wd_log_wait(&f->w, wd_parked_line(last, line, sizeof line), parked + 1, 10000);
	assert_int_equal(pthread_create(&th[1], NULL, poll_run, &cp), 0);
	wd_log_wait(&f->w, wd_parked_line(last, line, sizeof line), parked + 2, 10000);
	time_t t0 = time(NULL);
	cJSON_Delete(fx_do(f, "POST", id, "finish", 200));
	pthread_join(th[0], NULL);
	pthread_join(th[1], NULL);
	assert_true(time(NULL) - t0 < 20);
	assert_int_equal(tp.status, 200);
	assert_true(has_event(tp.json, "drill.finished"));
	assert_int_equal(cp.status, 200);
	assert_true(has_event(cp.json, "drill.finished"));
	cJSON_Delete(tp.json);
	cJSON_Delete(cp.json);
	/* The trainee's session ended with the drill. */
	wd_call_err(&f->w, "GET", "/api/v1/events?since=0&wait=5", trainee, NULL, 401, "unauthorized", NULL);
	/* Both long-polls let go: nothing of the drill is open; the server goes on. */
	assert_none_open(f);
	cJSON_Delete(fx_do(f, "GET", id, "", 200));
	cJSON_Delete(wd_call(&f->w, "GET", "/api/v1/health", NULL, NULL, 200));
	assert_none_open(f);
	/* A clean exit: under the sanitizer build, whatever it found makes it fail. */
	assert_int_equal(wd_term(&f->w), 0);
	free(trainee);
	fx_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_finished_hold_nothing),
		cmocka_unit_test(test_descriptor_limit),
		cmocka_unit_test(test_retention),
		cmocka_unit_test(test_finish_under_long_poll),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
