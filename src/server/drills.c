#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wicket/common/buf.h"
#include "wicket/common/dirlist.h"
#include "wicket/core/case.h"
#include "wicket/common/log.h"
#include "wicket/server/db_pg.h"
#include "wicket/server/platform.h"
#include "wicket/server/srv_drill.h"
#include "wicket/server/srv_ticket.h"
#include "wicket/common/xalloc.h"

/* Trainers' drills: the scenario files, the sandboxes (one database per
 * drill: a file beside the hall's SQLite one, or a schema of the
 * platform's PostgreSQL database, which every wicketd on it serves), trainees' sessions in them, the script's
 * applicants arriving, and the trainees' conduct gathered for the score.
 * The endpoints are in h_drills.c. */

struct drills {
	struct drill_script **scripts; /* the scenario files that loaded, by name */
	size_t nscripts;
	cJSON *rejected;              /* [{file, error}] of those that did not */
	struct drill *open;           /* open sandboxes; guarded by the hall lock */
};

/* ---- scenario files ----------------------------------------------------- */

/* A scenario's id is its file name without ".json": [a-z0-9-]. */
static bool drills_id_ok(const char *id)
{
	if (!*id || strlen(id) > 40)
		return false;
	for (const char *p = id; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-'))
			return false;
	return true;
}

static void drills_reject(struct drills *ds, const char *dir, const char *file, const char *why)
{
	log_error("drill scenario %s/%s: %s (skipped)", dir, file, why);
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "file", file);
	cJSON_AddStringToObject(o, "error", why);
	cJSON_AddItemToArray(ds->rejected, o);
}

/* Load one file of dir; a bad one is rejected, not fatal. */
static void drills_load(struct srv *hall, const char *dir, const char *file)
{
	struct drills *ds = hall->drills;
	char *path = xasprintf("%s/%s", dir, file), err[512];
	char *id = xstrndup(file, strlen(file) - 5);
	struct buf b = BUF_INIT;
	struct drill_script *sc = NULL;
	if (!drills_id_ok(id))
		snprintf(err, sizeof err, "the file name must be [a-z0-9-].json, at most 40 characters");
	else if (buf_read_file(&b, path, 1024 * 1024))
		snprintf(err, sizeof err, "cannot read it: %s", strerror(errno));
	else
		sc = drill_script_parse(hall, id, buf_str(&b), err, sizeof err);
	if (sc) {
		ds->scripts = xreallocarray(ds->scripts, ds->nscripts + 1, sizeof *ds->scripts);
		ds->scripts[ds->nscripts++] = sc;
	} else {
		drills_reject(ds, dir, file, err);
	}
	buf_free(&b);
	free(id);
	free(path);
}

void drills_init(struct srv *hall)
{
	struct drills *ds = hall->drills = xcalloc(1, sizeof *ds);
	ds->rejected = cJSON_CreateArray();
	/* A hall being added has no services yet: its scenarios are read
	 * once it has (platform.c). */
	if (db_int(hall, "SELECT count(*) FROM services", 0, "") == 0)
		return;
	char *dir = xasprintf("%s/drills", hall->opt->data_dir);
	struct dirlist names;
	if (dirlist_read(&names, dir, ".json")) {
		log_info("no drill scenarios: %s: %s", dir, strerror(errno));
		free(dir);
		return;
	}
	for (size_t i = 0; i < names.n; i++)
		drills_load(hall, dir, names.names[i]);
	dirlist_free(&names);
	log_info("%zu drill scenarios from %s, %d rejected", ds->nscripts, dir,
		 cJSON_GetArraySize(ds->rejected));
	free(dir);
}

const struct drill_script *drills_scenario(struct srv *hall, const char *id)
{
	for (size_t i = 0; i < hall->drills->nscripts; i++)
		if (strcmp(hall->drills->scripts[i]->id, id) == 0)
			return hall->drills->scripts[i];
	return NULL;
}

cJSON *drills_scenarios_json(struct srv *hall)
{
	cJSON *root = cJSON_CreateObject();
	cJSON *arr = cJSON_AddArrayToObject(root, "scenarios");
	for (size_t i = 0; i < hall->drills->nscripts; i++)
		cJSON_AddItemToArray(arr, drill_script_summary(hall->drills->scripts[i]));
	cJSON_AddItemToObject(root, "rejected", cJSON_Duplicate(hall->drills->rejected, 1));
	return root;
}

/* ---- sandboxes ------------------------------------------------------------ */

/* The sandbox file of drill id (suffix "" or ".new"); malloc'd. */
static char *drills_dir(const struct srv *hall);

static char *drills_path(const struct srv *hall, int64_t id, const char *suffix)
{
	char *dir = drills_dir(hall);
	char *path = xasprintf("%s/%lld.db%s", dir, (long long)id, suffix);
	free(dir);
	return path;
}

/* Remove a database file and its WAL companions. */
static void drills_unlink(const char *path)
{
	static const char *const ext[] = { "", "-wal", "-shm", "-journal" };
	for (size_t i = 0; i < sizeof ext / sizeof ext[0]; i++) {
		char *p = xasprintf("%s%s", path, ext[i]);
		unlink(p);
		free(p);
	}
}

/* ---- where a sandbox is: a file, or a PostgreSQL schema ---- */

static int64_t drills_hall(const struct srv *hall)
{
	return hall->hall_id > 0 ? hall->hall_id : 1;
}

/* Drill id's schema (fresh: the one being built), into out. */
static void drills_schema(const struct srv *hall, int64_t id, bool fresh, char out[64])
{
	snprintf(out, 64, "drill_%lld_%lld%s", (long long)drills_hall(hall), (long long)id, fresh ? "_new" : "");
}

/* Where drill id's sandbox is opened (malloc'd): its file, or the URL of
 * its schema. */
static char *drills_where(struct srv *hall, int64_t id, bool fresh)
{
	if (hall->engine != DB_POSTGRESQL)
		return drills_path(hall, id, fresh ? ".new" : "");
	char schema[64];
	drills_schema(hall, id, fresh, schema);
	char *url = platform_pg_where(hall, schema);
	/* Named, for whoever looks at pg_stat_activity (test_drill_files). */
	char *named = xasprintf("%s&application_name=wicketd_%s", url, schema);
	free(url);
	return named;
}

/* Run sql on a connection of its own to the platform's PostgreSQL
 * database: the schemas' DDL is not part of the hall's transaction that
 * asks for it (the sandbox is built on other connections meanwhile).
 * Returns 0 or -1 with err. */
static int drills_pg_run(struct srv *hall, const char *sql, char *err, size_t errlen)
{
	char *url = platform_pg_where(hall, "public");
	struct pg_conn *c = pg_connect(url, err, errlen);
	free(url);
	if (!c)
		return -1;
	int rc = pg_exec(c, sql, err, errlen);
	pg_disconnect(c);
	return rc;
}

/* Whether drill id's sandbox is there (the hall's lock held). */
static bool drills_exists(struct srv *hall, int64_t id)
{
	if (hall->engine == DB_POSTGRESQL) {
		char schema[64];
		drills_schema(hall, id, false, schema);
		return db_int(hall, "SELECT count(*) FROM pg_namespace WHERE nspname = ?", 0, "s", schema) > 0;
	}
	char *path = drills_path(hall, id, "");
	bool kept = access(path, F_OK) == 0;
	free(path);
	return kept;
}

/* Remove drill id's sandbox (fresh: the one being built); 0 or -1. */
static int drills_remove(struct srv *hall, int64_t id, bool fresh)
{
	if (hall->engine == DB_POSTGRESQL) {
		char schema[64], sql[128], err[256];
		drills_schema(hall, id, fresh, schema);
		snprintf(sql, sizeof sql, "DROP SCHEMA IF EXISTS %s CASCADE", schema);
		if (drills_pg_run(hall, sql, err, sizeof err)) {
			log_error("drill %lld: %s", (long long)id, err);
			return -1;
		}
		return 0;
	}
	char *path = drills_path(hall, id, fresh ? ".new" : "");
	drills_unlink(path);
	free(path);
	return 0;
}

static struct drill *drills_find_open(struct srv *hall, int64_t id)
{
	for (struct drill *d = hall->drills->open; d; d = d->next)
		if (d->id == id)
			return d;
	return NULL;
}

/* Open drill id's sandbox for its script; NULL (logged) when it cannot. */
static struct drill *drills_open(struct srv *hall, int64_t id)
{
	char *text = db_text(hall, "SELECT script FROM drills WHERE id = ?", "I", id);
	char *scenario = db_text(hall, "SELECT scenario FROM drills WHERE id = ?", "I", id);
	char *path = drills_where(hall, id, false), err[512] = "";
	struct drill *d = NULL;
	struct drill_script *sc = text ? drill_script_parse(hall, scenario, text, err, sizeof err) : NULL;
	if (!sc || !drills_exists(hall, id)) {
		if (text)
			log_error("drill %lld cannot be opened: %s", (long long)id,
				  sc ? "its sandbox is gone" : err);
		drill_script_free(sc);
		goto out;
	}
	d = xcalloc(1, sizeof *d);
	d->id = id;
	d->script = sc;
	d->hall = hall;
	d->finished = db_int(hall, "SELECT status = 'finished' FROM drills WHERE id = ?", 0, "I", id);
	/* A finished drill's feed never changes: nobody waits on it. */
	d->sb = (struct srv){ .opt = hall->opt, .cal = srv_cal(hall), .events_keep = hall->events_keep,
			      .stopping = hall->stopping || d->finished, .drill_id = id,
			      .drill_hall = drills_hall(hall) };
	srv_lock_init(&d->sb);
	if (db_open(&d->sb, path, err, sizeof err)) {
		log_error("drill %lld: %s", (long long)id, err);
		drill_script_free(sc);
		srv_lock_destroy(&d->sb);
		free(d);
		d = NULL;
		goto out;
	}
	d->next = hall->drills->open;
	hall->drills->open = d;
out:
	free(text);
	free(scenario);
	free(path);
	return d;
}

struct drill *drills_get(struct srv *hall, int64_t id)
{
	struct drill *d = drills_find_open(hall, id);
	return d ? d : drills_open(hall, id);
}

/* Seed a new sandbox (migrated, empty) from the hall: its zones,
 * services, matters and materials, and for trainee i window i + 1 serving
 * the script's services.  Returns 0 or -1. */
static int drills_seed(struct srv *nb, struct srv *hall, const struct drill_script *sc,
		       const char *const *trainees, size_t n)
{
	const cJSON *svc;
	int64_t now = clk_now();
	int rc = db_run(nb, "BEGIN", "");
	rc = rc || platform_copy_catalogue(nb, hall);
	rc = rc || db_run(nb, "INSERT INTO settings(key, value) VALUES('drill_started', ?)", "I", now);
	/* The drill windows stand in the zone of the hall's windows for the
	 * script's first service. */
	char *zone = db_text(hall, "SELECT w.zone FROM windows w JOIN window_services ws ON ws.window = w.no "
			     "WHERE ws.service = ? ORDER BY w.no LIMIT 1",
			     "s", cJSON_GetArrayItem(sc->services, 0)->valuestring);
	if (!zone)
		zone = db_text(nb, "SELECT code FROM zones ORDER BY sort LIMIT 1", "");
	for (size_t i = 0; rc == 0 && i < n; i++) {
		char name[64];
		int no = (int)i + 1;
		snprintf(name, sizeof name, "演练%d号窗口", no);
		db_q *u = db_prep(hall, "SELECT name, role FROM users WHERE user = ?", "s", trainees[i]);
		if (db_step(u) == DB_ROW)
			rc = db_run(nb, "INSERT INTO users(user, name, role, pwhash) VALUES(?,?,?,'!')",
				    "sss", trainees[i], db_col_text(u, 0), db_col_text(u, 1));
		db_reset(u);
		rc = rc || db_run(nb, "INSERT INTO windows(no, name, zone, status_since) VALUES(?,?,?,?)",
				  "issI", no, name, zone, now) ||
		     db_run(nb, "INSERT INTO user_windows(user, window) VALUES(?,?)", "si", trainees[i], no);
		cJSON_ArrayForEach(svc, sc->services)
			rc = rc || db_run(nb, "INSERT INTO window_services(window, service) VALUES(?,?)",
					  "is", no, svc->valuestring);
	}
	free(zone);
	rc = rc || db_commit(nb);
	if (rc)
		db_rollback(nb);
	return rc ? -1 : 0;
}

/* Where the hall's drills keep their sandbox files, on SQLite (malloc'd):
 * --drills-dir (for hall 1; hall N in its hall_N), or beside the hall's
 * file. */
static char *drills_dir(const struct srv *hall)
{
	if (hall->opt->drills_dir) {
		const char *top = hall->opt->drills_dir;
		return hall->hall_id > 1 ? xasprintf("%s/hall_%lld", top, (long long)hall->hall_id) :
					   xstrdup(top);
	}
	const char *path = hall->db_where;
	if (strncmp(path, "sqlite:", 7) == 0)
		path += 7;
	return xasprintf("%s.drills", path);
}

/* Make the place a new sandbox is built in: the folder of the files, or
 * an empty schema.  Returns 0 or -1 with err. */
static int drills_make_place(struct srv *hall, int64_t id, char *err, size_t errlen)
{
	if (hall->engine == DB_POSTGRESQL) {
		char schema[64], sql[192];
		drills_schema(hall, id, true, schema);
		snprintf(sql, sizeof sql, "DROP SCHEMA IF EXISTS %s CASCADE; CREATE SCHEMA %s", schema, schema);
		return drills_pg_run(hall, sql, err, errlen);
	}
	char *dir = drills_dir(hall);
	char *up = strrchr(dir, '/');
	int rc = 0;
	if (hall->hall_id > 1 && up) {   /* hall N's folder is in the platform's */
		*up = '\0';
		mkdir(dir, 0700);
		*up = '/';
	}
	if (mkdir(dir, 0700) && errno != EEXIST) {
		snprintf(err, errlen, "cannot make %s: %s", dir, strerror(errno));
		rc = -1;
	}
	free(dir);
	if (rc == 0)
		drills_remove(hall, id, true);
	return rc;
}

/* Put the sandbox built in the place of drill id's: a file renamed over
 * it, or a schema renamed in one transaction that waits for the drill's
 * writers (its lock) and tells every wicketd (the news of the drill).
 * Returns 0 or -1 with err. */
static int drills_swap(struct srv *hall, int64_t id, char *err, size_t errlen)
{
	if (hall->engine == DB_POSTGRESQL) {
		char now[64], fresh[64], sql[512];
		const struct srv key = { .drill_id = id, .drill_hall = drills_hall(hall) };
		drills_schema(hall, id, false, now);
		drills_schema(hall, id, true, fresh);
		snprintf(sql, sizeof sql, "SELECT pg_advisory_xact_lock(%d, %d); DROP SCHEMA IF EXISTS %s CASCADE; "
			 "ALTER SCHEMA %s RENAME TO %s; SELECT pg_notify('wicket_events', 'd%lld.%lld')",
			 PG_LOCK_DRILL, db_pg_drill_key(&key), now, fresh, now, (long long)key.drill_hall,
			 (long long)id);
		return drills_pg_run(hall, sql, err, errlen);
	}
	char *path = drills_path(hall, id, ""), *tmp = drills_path(hall, id, ".new");
	drills_unlink(path);
	int rc = rename(tmp, path);
	if (rc)
		snprintf(err, errlen, "cannot rename %s: %s", tmp, strerror(errno));
	free(path);
	free(tmp);
	return rc;
}

int drills_build(struct srv *hall, int64_t id, const struct drill_script *sc,
		 const char *const *trainees, size_t n, char *err, size_t errlen)
{
	char *path = drills_where(hall, id, false), *tmp = drills_where(hall, id, true);
	struct srv nb = { .opt = hall->opt, .drill_id = id, .drill_hall = drills_hall(hall) };
	int rc = -1;
	if (drills_make_place(hall, id, err, errlen) || db_open(&nb, tmp, err, errlen))
		goto out;
	rc = drills_seed(&nb, hall, sc, trainees, n);
	db_close(&nb);
	if (rc) {
		snprintf(err, errlen, "cannot seed the sandbox of drill %lld from the hall", (long long)id);
		drills_remove(hall, id, true);
		goto out;
	}
	/* Swap the new database in; an open sandbox reopens it, with the
	 * script it is now made for. */
	struct drill *d = drills_find_open(hall, id);
	struct drill_script *fresh = NULL;
	if (d) {
		char *text = cJSON_PrintUnformatted(sc->json);
		fresh = drill_script_parse(hall, sc->id, text, err, errlen);
		free(text);
		if (!fresh) {
			drills_remove(hall, id, true);
			rc = -1;
			goto out;
		}
		pthread_mutex_lock(&d->sb.lock);
		db_close(&d->sb);
		drill_script_free(d->script);
		d->script = fresh;
	}
	rc = drills_swap(hall, id, err, errlen);
	if (d) {
		if (rc == 0)
			rc = db_open(&d->sb, path, err, errlen);
		ev_wake(&d->sb);
		pthread_mutex_unlock(&d->sb.lock);
	}
out:
	free(path);
	free(tmp);
	return rc;
}

void drills_stop(struct srv *hall)
{
	for (struct drill *d = hall->drills ? hall->drills->open : NULL; d; d = d->next) {
		pthread_mutex_lock(&d->sb.lock);
		d->sb.stopping = true;
		ev_wake(&d->sb);
		pthread_mutex_unlock(&d->sb.lock);
	}
}

/* Close d's sandbox and free d, which is off the open list and which
 * nobody can reach any more. */
static void drills_close(struct drill *d)
{
	ev_forget(&d->sb);
	db_close(&d->sb);
	drill_script_free(d->script);
	srv_lock_destroy(&d->sb);
	free(d);
}

void drills_free(struct srv *hall)
{
	struct drills *ds = hall->drills;
	if (!ds)
		return;
	while (ds->open) {
		struct drill *d = ds->open;
		ds->open = d->next;
		drills_close(d);
	}
	for (size_t i = 0; i < ds->nscripts; i++)
		drill_script_free(ds->scripts[i]);
	free(ds->scripts);
	cJSON_Delete(ds->rejected);
	free(ds);
	hall->drills = NULL;
}

/* ---- a sandbox's lifetime ------------------------------------------------ */

void drill_hold(struct req *r, struct drill *d)
{
	if (r->drill == d)
		return;
	/* One drill per request: a trainee's session or a trainer's route. */
	if (r->drill)
		r->drill->uses--;
	d->uses++;
	r->drill = d;
}

void drills_heard(struct srv *hall, int64_t id)
{
	pthread_mutex_lock(&hall->lock);
	for (struct drill *d = hall->drills ? hall->drills->open : NULL; d; d = d->next) {
		if (id && d->id != id)
			continue;
		pthread_mutex_lock(&d->sb.lock);
		if (!d->sb.stopping)
			ev_wake(&d->sb);
		pthread_mutex_unlock(&d->sb.lock);
	}
	pthread_mutex_unlock(&hall->lock);
}

/* Take d off the hall's open list and close it (hall lock held). */
static void drills_drop(struct srv *hall, struct drill *d)
{
	for (struct drill **p = &hall->drills->open; *p; p = &(*p)->next)
		if (*p == d) {
			*p = d->next;
			break;
		}
	drills_close(d);
}

void drill_leave(struct req *r)
{
	struct drill *d = r->drill;
	if (!d)
		return;
	struct srv *hall = d->hall;
	r->drill = NULL;
	pthread_mutex_lock(&hall->lock);
	if (--d->uses == 0 && d->finished && hall->drills) {
		log_debug("drill %lld: sandbox closed", (long long)d->id);
		drills_drop(hall, d);
	}
	pthread_mutex_unlock(&hall->lock);
}

void drill_done(struct req *r)
{
	if (!ev_parked(r))
		drill_leave(r);
}

void drills_finished(struct drill *d)
{
	d->finished = true;
	/* The trainees' long-polls answer now (drill.finished is on the feed)
	 * and none parks again: each holds the drill until it has answered. */
	pthread_mutex_lock(&d->sb.lock);
	d->sb.stopping = true;
	ev_wake(&d->sb);
	pthread_mutex_unlock(&d->sb.lock);
	if (d->uses == 0)
		drills_drop(d->hall, d);
}

bool drills_sandbox_kept(struct srv *hall, int64_t id)
{
	return drills_find_open(hall, id) || drills_exists(hall, id);
}

void drills_expire(struct srv *hall)
{
	int64_t before = clk_now() - (int64_t)hall->opt->drill_days * 86400;
	int n = 0;
	db_q *st = db_prep(hall, "SELECT id FROM drills WHERE status = 'finished' AND finished_at < ? "
				   "ORDER BY id", "I", before);
	while (db_step(st) == DB_ROW) {
		int64_t id = db_col_i64(st, 0);
		/* One a request reads right now goes the next day. */
		if (drills_find_open(hall, id) || !drills_sandbox_kept(hall, id))
			continue;
		if (drills_remove(hall, id, false) == 0)
			n++;
	}
	db_reset(st);
	if (n)
		log_info("%d finished drill%s older than %d days: sandboxes deleted", n, n == 1 ? "" : "s",
			 hall->opt->drill_days);
}

int drill_in_sandbox(struct req *r, struct drill *d,
		     int (*fn)(struct req *r, struct drill *d, void *arg), void *arg)
{
	struct srv *was = r->srv, *sb = &d->sb;
	bool added = r->events_added;
	int rc = -1;
	r->srv = sb;
	r->events_added = false;
	pthread_mutex_lock(&sb->lock);
	if ((sb->db || sb->pg) && db_begin(sb) == 0) {
		rc = fn(r, d, arg);
		if (rc == 0 && db_commit(sb)) {
			srv_error(r, 503, "busy", "the drill's change could not be committed; try again");
			rc = -1;
		}
		if (rc)
			db_rollback(sb);
	} else {
		srv_error(r, 503, "busy", "the drill's sandbox is not available; try again");
	}
	if (rc == 0 && r->events_added)
		ev_wake(sb);
	pthread_mutex_unlock(&sb->lock);
	r->srv = was;
	r->events_added = added;
	return rc;
}

/* ---- sessions ----------------------------------------------------------- */

int drill_session(struct req *r, const char *code, const char *user, int64_t want,
		  int64_t *drill, char code_out[8], struct buf *list, cJSON *arr)
{
	char up[8] = "";
	size_t len = strlen(code);
	for (size_t i = 0; i < len && len < sizeof up; i++)
		up[i] = (char)(code[i] >= 'a' && code[i] <= 'z' ? code[i] - 'a' + 'A' : code[i]);
	db_q *st = db_prep(r->srv, "SELECT d.id, coalesce(t.window, 0) FROM drills d "
				   "LEFT JOIN drill_trainees t ON t.drill = d.id AND t.user = ?2 "
				   "WHERE d.code = ?1 AND d.status = 'running'", "ss", up, user);
	int64_t window = -1;
	if (db_step(st) == DB_ROW) {
		*drill = db_col_i64(st, 0);
		window = db_col_i64(st, 1);
	}
	db_reset(st);
	if (window < 0) {
		srv_error(r, 404, "unknown_drill", "no drill is running with that code");
		return -1;
	}
	if (window == 0) {
		srv_error(r, 403, "not_a_trainee", "%s is not a trainee of drill %s", user, up);
		return -1;
	}
	if (want && want != window) {
		srv_error(r, 403, "window_not_assigned", "%s trains at window %lld of drill %s, not %lld",
			  user, (long long)window, up, (long long)want);
		return -1;
	}
	snprintf(code_out, 8, "%s", up);
	buf_printf(list, "%lld", (long long)window);
	cJSON_AddItemToArray(arr, cJSON_CreateNumber((double)window));
	return 0;
}

struct drills_session_ev {
	const char *kind, *user;
	const cJSON *windows;
};

static int drills_add_session_ev(struct req *r, struct drill *d, void *arg)
{
	(void)d;
	const struct drills_session_ev *e = arg;
	return ev_add_session(r, e->kind, e->user, e->windows);
}

void drill_session_event(struct req *r, int64_t drill, const char *kind, const char *user,
			 const cJSON *windows)
{
	struct drills_session_ev e = { kind, user, windows };
	struct drill *d = drills_get(r->srv, drill);
	int status = r->status;
	char *reply = r->reply;
	/* Only a record for the trainer: it never changes the reply. */
	r->reply = NULL;
	if (d)
		drill_in_sandbox(r, d, drills_add_session_ev, &e);
	free(r->reply);
	r->reply = reply;
	r->status = status;
}

bool drill_enter(struct req *r, const struct route *rt)
{
	if (rt->fn == h_logout)
		return true;
	struct drill *d = drills_get(r->srv, r->auth.drill);
	if (!d) {
		srv_error(r, 503, "drill_unavailable", "the drill's sandbox cannot be opened");
		return false;
	}
	drill_hold(r, d);
	if (drill_in_sandbox(r, d, drill_catch_up, NULL))
		return false;
	r->srv = &d->sb;
	return true;
}

/* ---- the script's applicants arriving --------------------------------- */

size_t drill_next(struct srv *sb)
{
	return (size_t)db_int(sb, "SELECT count(DISTINCT applicant) FROM drill_applicants", 0, "");
}

int drill_release(struct req *r, struct drill *d, int64_t at)
{
	struct srv *sb = r->srv;
	size_t i = drill_next(sb), n = 0;
	if (i >= d->script->napps)
		return -1;
	const struct drill_applicant *a = &d->script->apps[i];
	char users[64][64];
	int windows[64];
	db_q *st = db_prep(sb, "SELECT user, window FROM user_windows ORDER BY window", "");
	while (n < 64 && db_step(st) == DB_ROW) {
		tk_copy(users[n], sizeof users[n], st, 0);
		windows[n++] = db_col_int(st, 1);
	}
	db_reset(st);
	/* Every trainee gets the applicant: a ticket only its window may call,
	 * numbered by the applicant's place in the script (the same for all). */
	char *prefix = db_text(sb, "SELECT prefix FROM services WHERE code = ?", "s", a->service);
	for (size_t k = 0; k < n; k++) {
		int64_t id;
		char number[16], drilled[48];
		if (ticket_insert(sb, a->service, NULL, a->priority, 0, at, &id, number)) {
			free(prefix);
			return -1;
		}
		snprintf(drilled, sizeof drilled, "%s%03d", prefix ? prefix : "", (int)i + 1);
		db_run(sb, "UPDATE tickets SET number = ?2, target_window = ?3 WHERE id = ?1", "Isi", id, drilled,
		       windows[k]);
		db_run(sb, "INSERT INTO drill_applicants(applicant, trainee, ticket, released_at) "
		       "VALUES(?,?,?,?)", "isII", (int)i, users[k], id, at);
		struct tk_row t;
		tk_load(sb, id, &t);
		cJSON *ev = tk_issued_data(&t);
		cJSON_AddNumberToObject(ev, "target_window", windows[k]);
		ev_add(r, "ticket.issued", 0, id, 0, ev);
	}
	free(prefix);
	return 0;
}

int drill_catch_up(struct req *r, struct drill *d, void *unused)
{
	(void)unused;
	struct srv *sb = r->srv;
	int64_t base = db_int(sb, "SELECT value FROM settings WHERE key = 'drill_run_base'", -1, "");
	if (base < 0)
		return 0;
	int64_t now = clk_now();
	for (size_t i = drill_next(sb); i < d->script->napps && base + d->script->apps[i].arrival <= now; i++)
		drill_release(r, d, base + d->script->apps[i].arrival);
	return 0;
}
