#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "wicket/core/case.h"
#include "wicket/common/log.h"
#include "wicket/server/srv_drill.h"
#include "wicket/server/srv_ticket.h"
#include "wicket/common/xalloc.h"

/* The trainer's console (GET/POST /api/v1/drills...): scenarios, starting a
 * drill for trainees, playing its applicants (one at a time or to the
 * script's clock), watching, resetting, finishing, the score and the
 * leaderboard.  Every handler runs under the hall's lock (the route's; the
 * event long-poll takes it itself); a sandbox is reached through
 * drill_in_sandbox(), which takes the sandbox's lock after the hall's. */

#define HD_MAX_TRAINEES 20

/* ---- finding a drill -------------------------------------------------- */

/* Route param 0 as the id of a drill that exists into *id; false after a
 * 404. */
static bool hd_id(struct req *r, int64_t *id)
{
	if (req_param_id(r, 0, "drill", id))
		return false;
	if (db_int(r->srv, "SELECT count(*) FROM drills WHERE id = ?", 0, "I", *id) == 0) {
		srv_error(r, 404, "not_found", "no such drill: %lld", (long long)*id);
		return false;
	}
	return true;
}

static bool hd_is_finished(struct srv *hall, int64_t id)
{
	return db_int(hall, "SELECT status = 'finished' FROM drills WHERE id = ?", 0, "I", id) != 0;
}

/* Drill id, held by r until it ends (a finished one's sandbox is opened
 * again for r alone), or NULL after a 503 when its sandbox cannot be
 * opened. */
static struct drill *hd_open(struct req *r, int64_t id)
{
	struct drill *d = drills_get(r->srv, id);
	if (d)
		drill_hold(r, d);
	else
		srv_error(r, 503, "drill_unavailable", "the sandbox of drill %lld cannot be opened",
			  (long long)id);
	return d;
}

/* The drill of route param 0, held by r, or NULL after a 404 (or a 503);
 * a finished one is refused with a 409 before it is opened. */
static struct drill *hd_find_running(struct req *r)
{
	int64_t id;
	if (!hd_id(r, &id))
		return NULL;
	if (hd_is_finished(r->srv, id)) {
		srv_error_x(r, 409, "drill_finished", tk_current(cJSON_CreateString("finished")),
			    "drill %lld is finished", (long long)id);
		return NULL;
	}
	return hd_open(r, id);
}

/* True when drill id is finished and its sandbox files were deleted after
 * --drill-days: it is read from its row and frozen score. */
static bool hd_archived(struct srv *hall, int64_t id)
{
	return hd_is_finished(hall, id) && !drills_sandbox_kept(hall, id);
}

/* The trainees of drill id in window order, into users (malloc'd strings,
 * at most HD_MAX_TRAINEES; the caller frees them).  Returns how many. */
static size_t hd_trainees(struct srv *hall, int64_t id, char **users)
{
	size_t n = 0;
	db_q *st = db_prep(hall, "SELECT user FROM drill_trainees WHERE drill = ? ORDER BY window",
				   "I", id);
	while (n < HD_MAX_TRAINEES && db_step(st) == DB_ROW)
		users[n++] = xstrdup(db_col_text(st, 0));
	db_reset(st);
	return n;
}

/* ---- the drill's state --------------------------------------------------- */

/* The tickets of applicant i, one per trainee. */
static cJSON *hd_applicant_tickets(struct srv *sb, size_t i)
{
	static const struct srv_col cols[] = {
		{ "trainee", 's' }, { "window", 'i' }, { "ticket", 'i' }, { "number", 's' },
		{ "status", 's' }, { "case_status", 's' },
	};
	db_q *st = db_prep(sb, "SELECT da.trainee, t.target_window, t.id, t.number, t.status, "
		"(SELECT c.status FROM cases c WHERE c.ticket = t.id ORDER BY c.id DESC LIMIT 1) "
		"FROM drill_applicants da JOIN tickets t ON t.id = da.ticket WHERE da.applicant = ? "
		"ORDER BY t.target_window", "i", (int)i);
	return srv_json_rows(st, cols, sizeof cols / sizeof cols[0]);
}

/* In the sandbox: arrivals due, then its part of the state into arg. */
static int hd_state_sandbox(struct req *r, struct drill *d, void *arg)
{
	cJSON *o = arg;
	struct srv *sb = r->srv;
	drill_catch_up(r, d, NULL);
	int64_t base = db_int(sb, "SELECT value FROM settings WHERE key = 'drill_run_base'", -1, "");
	size_t next = drill_next(sb);
	clk_json_add(o, "started_at", db_int(sb, "SELECT value FROM settings WHERE key = 'drill_started'",
					     0, ""));
	cJSON *run = cJSON_AddObjectToObject(o, "run");
	cJSON_AddBoolToObject(run, "on", base >= 0);
	clk_json_add(run, "base", base);
	if (next < d->script->napps)
		cJSON_AddNumberToObject(o, "next", (double)next + 1);
	else
		cJSON_AddNullToObject(o, "next");
	cJSON *apps = cJSON_AddArrayToObject(o, "applicants");
	for (size_t i = 0; i < d->script->napps; i++) {
		cJSON *a = cJSON_Duplicate(d->script->apps[i].json, 1);
		cJSON_AddNumberToObject(a, "applicant", (double)i + 1);
		cJSON_AddBoolToObject(a, "released", i < next);
		clk_json_add(a, "arrives_at", base >= 0 && i >= next ? base + d->script->apps[i].arrival : 0);
		cJSON_AddItemToObject(a, "tickets", hd_applicant_tickets(sb, i));
		cJSON_AddItemToArray(apps, a);
	}
	return 0;
}

/* The columns of a drill's row that every reply about it shows. */
#define HD_COLS "d.id, d.code, d.scenario, json_extract(d.script, '$.title'), d.trainer, " \
	"d.competition, d.status, d.created_at, d.finished_at"

/* HD_COLS as members; the list (GET /drills) adds its trainees' count. */
static const struct srv_col hd_cols[] = {
	{ "id", 'i' }, { "code", 's' }, { "scenario", 's' }, { "title", 's' }, { "trainer", 's' },
	{ "competition", 's' }, { "status", 's' }, { "created_at", 't' }, { "finished_at", 't' },
	{ "trainees", 'i' },
};
#define HD_NCOLS (sizeof hd_cols / sizeof hd_cols[0] - 1)

/* HD_COLS as the members of o. */
static void hd_row_json(db_q *st, cJSON *o)
{
	srv_json_cols(o, st, 0, hd_cols, HD_NCOLS);
}

/* The drill's row in the hall, and its windows, as members of o. */
static void hd_add_row(struct srv *hall, int64_t id, cJSON *o)
{
	db_q *st = db_prep(hall, "SELECT " HD_COLS " FROM drills d WHERE d.id = ?", "I", id);
	if (db_step(st) == DB_ROW)
		hd_row_json(st, o);
	db_reset(st);
	static const struct srv_col cols[] = { { "trainee", 's' }, { "name", 's' }, { "window", 'i' } };
	st = db_prep(hall, "SELECT t.user, u.name, t.window FROM drill_trainees t JOIN users u USING(user) "
		     "WHERE t.drill = ? ORDER BY t.window", "I", id);
	cJSON_AddItemToObject(o, "windows", srv_json_rows(st, cols, sizeof cols / sizeof cols[0]));
}

/* Reply `status` with the drill's state (after letting due arrivals in). */
static void hd_reply_state(struct req *r, int status, struct drill *d)
{
	cJSON *o = cJSON_CreateObject();
	hd_add_row(r->srv, d->id, o);
	cJSON_AddBoolToObject(o, "sandbox", true);
	const cJSON *json = d->script->json;
	cJSON_AddItemToObject(o, "summary", cJSON_Duplicate(cJSON_GetObjectItem(json, "summary"), 1));
	cJSON_AddItemToObject(o, "instructions",
			      cJSON_Duplicate(cJSON_GetObjectItem(json, "instructions"), 1));
	if (drill_in_sandbox(r, d, hd_state_sandbox, o) == 0)
		srv_reply(r, status, o);
	else
		cJSON_Delete(o);
}

/* Applicant i's tickets (0-based) as the frozen score's trainees have them:
 * no status any more, the sandbox is gone. */
static cJSON *hd_archived_tickets(const cJSON *score, int i)
{
	cJSON *arr = cJSON_CreateArray();
	const cJSON *t;
	cJSON_ArrayForEach(t, cJSON_GetObjectItem(score, "trainees")) {
		const cJSON *a = cJSON_GetArrayItem(cJSON_GetObjectItem(t, "applicants"), i);
		if (!cJSON_IsNumber(cJSON_GetObjectItem(a, "ticket")))
			continue;
		cJSON *o = cJSON_CreateObject();
		cJSON_AddItemToObject(o, "trainee", cJSON_Duplicate(cJSON_GetObjectItem(t, "trainee"), 1));
		cJSON_AddItemToObject(o, "window", cJSON_Duplicate(cJSON_GetObjectItem(t, "window"), 1));
		cJSON_AddItemToObject(o, "ticket", cJSON_Duplicate(cJSON_GetObjectItem(a, "ticket"), 1));
		cJSON_AddItemToObject(o, "number", cJSON_Duplicate(cJSON_GetObjectItem(a, "number"), 1));
		cJSON_AddNullToObject(o, "status");
		cJSON_AddNullToObject(o, "case_status");
		cJSON_AddItemToArray(arr, o);
	}
	return arr;
}

/* GET /drills/{id} of a drill whose sandbox files are deleted: its row, its
 * script's applicants and, from the frozen score, who got which ticket. */
static void hd_reply_archived(struct req *r, int64_t id)
{
	char *text = db_text(r->srv, "SELECT script FROM drills WHERE id = ?", "I", id);
	char *frozen = db_text(r->srv, "SELECT score FROM drills WHERE id = ?", "I", id);
	cJSON *script = text ? cJSON_Parse(text) : NULL, *score = frozen ? cJSON_Parse(frozen) : NULL;
	cJSON *o = cJSON_CreateObject(), *it;
	free(text);
	free(frozen);
	hd_add_row(r->srv, id, o);
	cJSON_AddBoolToObject(o, "sandbox", false);
	cJSON_AddItemToObject(o, "summary", cJSON_Duplicate(cJSON_GetObjectItem(script, "summary"), 1));
	cJSON_AddItemToObject(o, "instructions",
			      cJSON_Duplicate(cJSON_GetObjectItem(script, "instructions"), 1));
	cJSON_AddNullToObject(o, "started_at");
	cJSON *run = cJSON_AddObjectToObject(o, "run");
	cJSON_AddBoolToObject(run, "on", false);
	cJSON_AddNullToObject(run, "base");
	cJSON_AddNullToObject(o, "next");
	cJSON *apps = cJSON_AddArrayToObject(o, "applicants");
	int i = 0;
	cJSON_ArrayForEach(it, cJSON_GetObjectItem(script, "applicants")) {
		cJSON *a = cJSON_Duplicate(it, 1), *tickets = hd_archived_tickets(score, i);
		cJSON_AddNumberToObject(a, "applicant", ++i);
		cJSON_AddBoolToObject(a, "released", cJSON_GetArraySize(tickets) > 0);
		cJSON_AddNullToObject(a, "arrives_at");
		cJSON_AddItemToObject(a, "tickets", tickets);
		cJSON_AddItemToArray(apps, a);
	}
	cJSON_Delete(script);
	cJSON_Delete(score);
	srv_reply(r, 200, o);
}

/* ---- scenarios, starting, listing ------------------------------------- */

void h_drill_scenarios(struct req *r)
{
	srv_reply(r, 200, drills_scenarios_json(r->srv));
}

/* A code nobody else's drill has: 4 characters without look-alikes, from
 * the system's generator (a code is not a secret: a trainee also needs
 * its password and to be on the drill's list). */
static void hd_new_code(struct srv *hall, char code[8])
{
	static const char alphabet[] = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
	do {
		uint64_t bits = 0;
		if (getentropy(&bits, sizeof bits) != 0)
			bits = (uint64_t)clk_now() * 0x9E3779B97F4A7C15u ^ (uint64_t)getpid();
		for (int i = 0; i < 4; i++, bits >>= 5)
			code[i] = alphabet[bits % (sizeof alphabet - 1)];
		code[4] = '\0';
	} while (db_int(hall, "SELECT count(*) FROM drills WHERE code = ?", 0, "s", code));
}

/* The body's "trainees": 1..HD_MAX_TRAINEES distinct clerks, into users
 * (pointing into the body).  Returns how many, or 0 after an error. */
static size_t hd_req_trainees(struct req *r, const char **users)
{
	const cJSON *arr = cJSON_GetObjectItemCaseSensitive(r->json, "trainees"), *it;
	size_t n = 0;
	if (!arr) {
		srv_error(r, 400, "missing_field", "the field 'trainees' is required");
		return 0;
	}
	if (!cJSON_IsArray(arr) || cJSON_GetArraySize(arr) < 1 || cJSON_GetArraySize(arr) > HD_MAX_TRAINEES) {
		srv_error(r, 400, "invalid_field", "the field 'trainees' must be an array of 1 to %d user names",
			  HD_MAX_TRAINEES);
		return 0;
	}
	cJSON_ArrayForEach(it, arr) {
		const char *u = cJSON_GetStringValue(it);
		bool twice = false;
		for (size_t i = 0; u && i < n; i++)
			twice |= strcmp(users[i], u) == 0;
		if (!u || twice) {
			srv_error(r, 400, "invalid_field", "the field 'trainees' must name each user once");
			return 0;
		}
		char *role = db_text(r->srv, "SELECT role FROM users WHERE user = ?", "s", u);
		if (!role)
			srv_error(r, 404, "unknown_user", "no user is called '%s'", u);
		else if (strcmp(role, "clerk") != 0)
			srv_error(r, 400, "invalid_field", "%s is a %s: only clerks train at drill windows",
				  u, role);
		bool clerk = role && strcmp(role, "clerk") == 0;
		free(role);
		if (!clerk)
			return 0;
		users[n++] = u;
	}
	return n;
}

void h_drill_create(struct req *r)
{
	struct srv *hall = r->srv;
	const char *scenario, *competition = NULL, *users[HD_MAX_TRAINEES];
	char code[8], err[512];
	if (req_str(r, "scenario", true, &scenario) < 0 || req_str(r, "competition", false, &competition) < 0)
		return;
	if (competition && !case_text_valid(competition, 1, 50)) {
		srv_error(r, 400, "invalid_field", "'competition' must be 1 to 50 characters without "
			  "control characters");
		return;
	}
	const struct drill_script *sc = drills_scenario(hall, scenario);
	if (!sc) {
		srv_error(r, 404, "unknown_scenario", "no scenario is called '%s'", scenario);
		return;
	}
	size_t n = hd_req_trainees(r, users);
	if (!n)
		return;
	hd_new_code(hall, code);
	char *script = cJSON_PrintUnformatted(sc->json);
	db_run(hall, "INSERT INTO drills(code, scenario, script, trainer, competition, status, created_at) "
	       "VALUES(?,?,?,?,?,'running',?)", "sssssI", code, sc->id, script, r->auth.user, competition,
	       clk_now());
	free(script);
	int64_t id = db_last_id(hall);
	for (size_t i = 0; i < n; i++)
		db_run(hall, "INSERT INTO drill_trainees(drill, user, window) VALUES(?,?,?)", "Isi",
		       id, users[i], (int)i + 1);
	struct drill *d = NULL;
	if (drills_build(hall, id, sc, users, n, err, sizeof err) || !(d = drills_get(hall, id))) {
		log_error("drill %lld: %s", (long long)id, err);
		srv_error(r, 500, "internal", "the drill's sandbox could not be made");
		return;
	}
	log_info("%s started drill %lld (%s, code %s) for %zu trainees", r->auth.user, (long long)id,
		 sc->id, code, n);
	hd_reply_state(r, 201, d);
}

/* GET /drills: the latest first, one page of them. */
void h_drill_list(struct req *r)
{
	struct req_page p;
	if (req_query_page(r, SRV_PAGE_LIMIT, SRV_PAGE_MAX, &p))
		return;
	int64_t total = db_int(r->srv, "SELECT count(*) FROM drills", 0, "");
	db_q *st = db_prep(r->srv, "SELECT " HD_COLS ", (SELECT count(*) FROM drill_trainees t "
				   "WHERE t.drill = d.id) FROM drills d ORDER BY d.id DESC LIMIT ? OFFSET ?",
				   "II", (int64_t)p.limit, (int64_t)p.offset);
	srv_reply_page(r, "drills", srv_json_rows(st, hd_cols, HD_NCOLS + 1), &p, total);
}

void h_drill_get(struct req *r)
{
	int64_t id;
	struct drill *d;
	if (!hd_id(r, &id))
		return;
	if (hd_archived(r->srv, id))
		hd_reply_archived(r, id);
	else if ((d = hd_open(r, id)))
		hd_reply_state(r, 200, d);
}

/* ---- playing the script -------------------------------------------------- */

static int hd_release(struct req *r, struct drill *d, void *arg)
{
	(void)arg;
	drill_catch_up(r, d, NULL);
	if (drill_next(r->srv) >= d->script->napps) {
		srv_error(r, 409, "script_done", "every applicant of the script has arrived");
		return -1;
	}
	if (drill_release(r, d, clk_now())) {
		srv_error(r, 500, "internal", "the applicant could not be released");
		return -1;
	}
	return 0;
}

void h_drill_release(struct req *r)
{
	struct drill *d = hd_find_running(r);
	if (d && drill_in_sandbox(r, d, hd_release, NULL) == 0)
		hd_reply_state(r, 200, d);
}

/* Turn the script's clock on (the next applicant arrives now, the others
 * at their offsets from it) or off. */
static int hd_run(struct req *r, struct drill *d, void *arg)
{
	struct srv *sb = r->srv;
	bool on = *(bool *)arg;
	drill_catch_up(r, d, NULL);
	if (!on)
		return db_run(sb, "DELETE FROM settings WHERE key = 'drill_run_base'", "");
	if (db_int(sb, "SELECT count(*) FROM settings WHERE key = 'drill_run_base'", 0, ""))
		return 0;
	size_t next = drill_next(sb);
	int64_t base = clk_now() - (next < d->script->napps ? d->script->apps[next].arrival : 0);
	db_run(sb, "INSERT INTO settings(key, value) VALUES('drill_run_base', ?)", "I", base);
	return drill_catch_up(r, d, NULL);
}

void h_drill_run(struct req *r)
{
	bool on;
	struct drill *d = hd_find_running(r);
	if (d && req_bool(r, "on", true, &on) == 0 && drill_in_sandbox(r, d, hd_run, &on) == 0)
		hd_reply_state(r, 200, d);
}

/* The feed of a drill whose sandbox files are deleted: over and empty,
 * answered at once. */
static void hd_events_archived(struct req *r)
{
	long since;
	if (req_query_int(r, "since", 0, LONG_MAX, 0, &since))
		return;
	cJSON *root = cJSON_CreateObject();
	cJSON_AddItemToObject(root, "events", cJSON_CreateArray());
	cJSON_AddNumberToObject(root, "last", (double)since);
	srv_reply(r, 200, root);
}

/* Long-poll of the sandbox's event feed: h_events on the sandbox. */
void h_drill_events(struct req *r)
{
	struct srv *hall = r->srv;
	int64_t id;
	struct drill *d = NULL;
	int rc = -1;
	pthread_mutex_lock(&hall->lock);
	if (!hd_id(r, &id))
		;
	else if (hd_archived(hall, id))
		hd_events_archived(r);
	else if ((d = hd_open(r, id)))
		rc = drill_in_sandbox(r, d, drill_catch_up, NULL);
	pthread_mutex_unlock(&hall->lock);
	/* d is held by r until it ends, parked or not. */
	if (rc)
		return;
	r->srv = &d->sb;
	h_events(r);
	r->srv = hall;
}

void h_drill_reset(struct req *r)
{
	char *users[HD_MAX_TRAINEES], err[512];
	struct drill *d = hd_find_running(r);
	if (!d)
		return;
	size_t n = hd_trainees(r->srv, d->id, users);
	int rc = drills_build(r->srv, d->id, d->script, (const char *const *)users, n, err, sizeof err);
	for (size_t i = 0; i < n; i++)
		free(users[i]);
	if (rc) {
		log_error("drill %lld: reset: %s", (long long)d->id, err);
		srv_error(r, 500, "internal", "the drill's sandbox could not be made again");
		return;
	}
	log_info("%s reset drill %lld", r->auth.user, (long long)d->id);
	hd_reply_state(r, 200, d);
}

/* ---- the score ------------------------------------------------------------ */

/* In the sandbox: arrivals due, then the trainees' scores into *arg. */
static int hd_score_sandbox(struct req *r, struct drill *d, void *arg)
{
	drill_catch_up(r, d, NULL);
	*(cJSON **)arg = drill_score_json(r->srv, d);
	return 0;
}

/* The score object around the trainees' array (taken over). */
static cJSON *hd_score_root(struct req *r, const struct drill *d, cJSON *trainees)
{
	cJSON *o = cJSON_CreateObject();
	hd_add_row(r->srv, d->id, o);
	cJSON_DeleteItemFromObject(o, "windows");
	cJSON *names = cJSON_AddArrayToObject(o, "criteria");
	for (int c = 0; c < DRILL_NCRITERIA; c++)
		cJSON_AddItemToArray(names, cJSON_CreateString(drill_criterion_name(c)));
	cJSON_AddItemToObject(o, "trainees", trainees);
	return o;
}

/* Freeze the results: one row per trainee and criterion. */
static void hd_store_results(struct srv *hall, int64_t id, const cJSON *trainees)
{
	const cJSON *t;
	cJSON_ArrayForEach(t, trainees) {
		const cJSON *crit = cJSON_GetObjectItem(t, "criteria"), *c;
		cJSON_ArrayForEach(c, crit)
			db_run(hall, "INSERT INTO drill_results(drill, user, criterion, points, max) "
			       "VALUES(?,?,?,?,?)", "Issii", id, cJSON_GetStringValue(cJSON_GetObjectItem(t, "trainee")),
			       c->string, cJSON_IsNull(c) ? 0 : cJSON_GetObjectItem(c, "points")->valueint,
			       cJSON_IsNull(c) ? 0 : cJSON_GetObjectItem(c, "max")->valueint);
	}
}

/* In the sandbox: the script stops, the score is taken, and the drill's
 * feed says it is over (a trainee's counter waiting on it learns at once
 * that its drill session has ended). */
static int hd_finish_sandbox(struct req *r, struct drill *d, void *arg)
{
	hd_score_sandbox(r, d, arg);
	cJSON *data = cJSON_CreateObject();
	cJSON_AddNumberToObject(data, "drill", (double)d->id);
	ev_add(r, "drill.finished", 0, 0, 0, data);
	return db_run(r->srv, "DELETE FROM settings WHERE key = 'drill_run_base'", "");
}

void h_drill_finish(struct req *r)
{
	struct srv *hall = r->srv;
	cJSON *trainees = NULL;
	struct drill *d = hd_find_running(r);
	if (!d || drill_in_sandbox(r, d, hd_finish_sandbox, &trainees))
		return;
	hd_store_results(hall, d->id, trainees);
	db_run(hall, "UPDATE drills SET status = 'finished', finished_at = ? WHERE id = ?", "II",
	       clk_now(), d->id);
	/* The trainees' drill sessions end with the drill. */
	auth_sessions_changed(hall);
	db_run(hall, "DELETE FROM sessions WHERE drill = ?", "I", d->id);
	cJSON *score = hd_score_root(r, d, trainees);
	char *text = cJSON_PrintUnformatted(score);
	db_run(hall, "UPDATE drills SET score = ? WHERE id = ?", "sI", text, d->id);
	free(text);
	/* Its sandbox closes once this request and its long-polls let go. */
	drills_finished(d);
	log_info("%s finished drill %lld", r->auth.user, (long long)d->id);
	srv_reply(r, 200, score);
}

void h_drill_score(struct req *r)
{
	cJSON *trainees = NULL;
	struct drill *d;
	int64_t id;
	if (!hd_id(r, &id))
		return;
	/* A finished drill's score is frozen in its row: no sandbox is opened. */
	char *frozen = db_text(r->srv, "SELECT score FROM drills WHERE id = ?", "I", id);
	cJSON *score = frozen ? cJSON_Parse(frozen) : NULL;
	free(frozen);
	if (score)
		srv_reply(r, 200, score);
	else if ((d = hd_open(r, id)) && drill_in_sandbox(r, d, hd_score_sandbox, &trainees) == 0)
		srv_reply(r, 200, hd_score_root(r, d, trainees));
}

/* ---- the leaderboard ------------------------------------------------------ */

struct hd_entry {
	char user[64], name[128];
	int points[DRILL_NCRITERIA], max[DRILL_NCRITERIA];
	int total, total_max, drills;
};

static int hd_entry_cmp(const void *pa, const void *pb)
{
	const struct hd_entry *a = pa, *b = pb;
	if (a->total != b->total)
		return a->total > b->total ? -1 : 1;
	return strcmp(a->user, b->user);
}

static int hd_criterion(const char *name)
{
	for (int c = 0; c < DRILL_NCRITERIA; c++)
		if (strcmp(drill_criterion_name(c), name) == 0)
			return c;
	return -1;
}

/* The competition's entries, one per trainee, into a malloc'd array. */
static size_t hd_entries(struct srv *hall, const char *competition, struct hd_entry **out)
{
	size_t n = 0, cap = 8;
	struct hd_entry *e = xcalloc(cap, sizeof *e);
	db_q *st = db_prep(hall, "SELECT r.user, u.name, r.criterion, sum(r.points), sum(r.max), "
		"count(DISTINCT r.drill) FROM drill_results r JOIN drills d ON d.id = r.drill "
		"JOIN users u ON u.user = r.user WHERE d.competition = ? AND d.status = 'finished' "
		"GROUP BY r.user, u.name, r.criterion ORDER BY r.user", "s", competition);
	while (db_step(st) == DB_ROW) {
		if (n == 0 || strcmp(e[n - 1].user, db_col_text(st, 0)) != 0) {
			if (n == cap)
				e = xreallocarray(e, cap *= 2, sizeof *e);
			memset(&e[n], 0, sizeof e[n]);
			tk_copy(e[n].user, sizeof e[n].user, st, 0);
			tk_copy(e[n].name, sizeof e[n].name, st, 1);
			e[n++].drills = db_col_int(st, 5);
		}
		int c = hd_criterion(db_col_text(st, 2));
		if (c < 0)
			continue;
		e[n - 1].points[c] = db_col_int(st, 3);
		e[n - 1].max[c] = db_col_int(st, 4);
		e[n - 1].total += e[n - 1].points[c];
		e[n - 1].total_max += e[n - 1].max[c];
	}
	db_reset(st);
	qsort(e, n, sizeof *e, hd_entry_cmp);
	*out = e;
	return n;
}

void h_drill_leaderboard(struct req *r)
{
	const char *competition = req_query(r, "competition");
	if (!competition || !*competition) {
		srv_error(r, 400, "invalid_query", "give competition: the name the drills were started with");
		return;
	}
	struct hd_entry *e;
	size_t n = hd_entries(r->srv, competition, &e);
	cJSON *arr = cJSON_CreateArray();
	for (size_t i = 0, rank = 1; i < n; i++) {
		/* Equal totals share a rank; the next one skips (1, 2, 2, 4). */
		if (i && e[i].total != e[i - 1].total)
			rank = i + 1;
		cJSON *o = cJSON_CreateObject();
		cJSON_AddNumberToObject(o, "rank", (double)rank);
		cJSON_AddStringToObject(o, "trainee", e[i].user);
		cJSON_AddStringToObject(o, "name", e[i].name);
		cJSON_AddNumberToObject(o, "drills", e[i].drills);
		cJSON_AddNumberToObject(o, "total", e[i].total);
		cJSON_AddNumberToObject(o, "max", e[i].total_max);
		cJSON *crit = cJSON_AddObjectToObject(o, "criteria");
		for (int c = 0; c < DRILL_NCRITERIA; c++) {
			cJSON *p = cJSON_AddObjectToObject(crit, drill_criterion_name(c));
			cJSON_AddNumberToObject(p, "points", e[i].points[c]);
			cJSON_AddNumberToObject(p, "max", e[i].max[c]);
		}
		cJSON_AddItemToArray(arr, o);
	}
	free(e);
	cJSON *root = cJSON_CreateObject();
	cJSON_AddStringToObject(root, "competition", competition);
	cJSON_AddNumberToObject(root, "drills", (double)db_int(r->srv, "SELECT count(*) FROM drills "
		"WHERE competition = ? AND status = 'finished'", 0, "s", competition));
	cJSON_AddItemToObject(root, "entries", arr);
	srv_reply(r, 200, root);
}
