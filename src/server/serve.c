/* serve.c - what serving a request needs apart from HTTP: opening the
 * server's state, and running one prepared request through sign-in,
 * routing, the transaction and its handler.
 *
 * http.c (libmicrohttpd) and the fuzz target tests/fuzz/fuzz_request.c
 * both drive requests through srv_dispatch(), so what is fuzzed is what
 * is served. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "wicket/common/log.h"
#include "wicket/server/calendar_dir.h"
#include "wicket/server/db_pg.h"
#include "wicket/server/platform.h"
#include "wicket/server/srv.h"
#include "wicket/server/srv_booking.h"
#include "wicket/server/srv_drill.h"
#include "wicket/common/utf8.h"
#include "wicket/common/xalloc.h"

static int srv_load_calendar(struct srv *s)
{
	struct cal_error ce;
	s->cal = srv_calendar_open(s->opt->calendar_dir, &ce);
	if (!s->cal) {
		if (ce.line > 0)
			log_error("%s:%d: %s", ce.file, ce.line, ce.message);
		else
			log_error("%s: %s", ce.file[0] ? ce.file : s->opt->calendar_dir, ce.message);
		return -1;
	}
	srv_calendar_warn(s);
	return 0;
}

/* Wake hall s's long-polls (a platform_each callback). */
static void srv_wake_hall(struct srv *s, void *arg)
{
	(void)arg;
	pthread_mutex_lock(&s->lock);
	if (!s->stopping)
		ev_wake(s);
	pthread_mutex_unlock(&s->lock);
}

/* Wake hall s's long-polls and its drills' (a platform_each callback). */
static void srv_wake_all(struct srv *s, void *arg)
{
	srv_wake_hall(s, arg);
	drills_heard(s, 0);
}

/* A wicketd (another, or this one) committed events of a hall to the
 * database: its long-polls here read them (db_pg.c's listener thread);
 * hall 0: any may have (the listener was cut off a while). */
static void srv_heard(void *arg, int64_t hall, int64_t drill)
{
	struct srv *first = arg;
	if (drill > 0) {          /* a drill's sandbox, open here or not */
		struct srv *s = platform_hall(first, hall);
		if (s)
			drills_heard(s, drill);
		return;
	}
	if (hall == -2) {         /* a hall added through another wicketd: serve it too */
		platform_refresh(first);
		return;
	}
	if (hall < 0) {           /* sessions ended elsewhere: read them afresh */
		auth_cache_forget();
		log_debug("sessions were ended by a wicketd: the sessions kept here are forgotten");
		return;
	}
	if (hall == 0) {
		platform_refresh(first);
		auth_cache_forget();
		platform_each(first, srv_wake_all, NULL);
		return;
	}
	struct srv *s = platform_hall(first, hall);
	if (s)
		srv_wake_hall(s, NULL);
}

int srv_open(struct srv *s, char *err, size_t errlen)
{
	s->hall_id = 1;
	if (srv_open_hall(s, s->opt->db_path, err, errlen) || platform_open(s, err, errlen))
		return -1;
	if (s->engine == DB_POSTGRESQL) {
		s->listener = pg_listen_start(s->db_where, srv_heard, s, err, errlen);
		if (!s->listener)
			return -1;
	}
	return 0;
}

int srv_open_hall(struct srv *s, const char *where, char *err, size_t errlen)
{
	srv_lock_init(s);
	s->events_keep = 10000;
	if (srv_load_calendar(s)) {
		snprintf(err, errlen, "the calendar in %s did not load", s->opt->calendar_dir);
		return -1;
	}
	if (db_open(s, where, err, errlen))
		return -1;
	db_readers_enable(s);
	/* The demo seeds the first hall; the others get hall 1's catalogue
	 * when they are added (platform.c). */
	if (s->opt->demo && s->hall_id == 1 && db_int(s, "SELECT count(*) FROM windows", 0, "") == 0 &&
	    seed_demo(s, s->opt->data_dir, err, errlen))
		return -1;
	drills_init(s);
	day_roll(s);
	if (srv_calendar_recompute(s) < 0) {
		snprintf(err, errlen, "the open cases' due dates could not be checked against the calendar");
		return -1;
	}
	return 0;
}

void srv_close(struct srv *s)
{
	pg_listen_stop(s->listener);
	s->listener = NULL;
	platform_close(s);
	drills_free(s);
	ev_forget(s);
	db_close(s);
	cal_free(s->cal);
	s->cal = NULL;
	for (size_t i = 0; i < s->ncal_retired; i++)
		cal_free(s->cal_retired[i]);
	free(s->cal_retired);
	s->cal_retired = NULL;
	s->ncal_retired = 0;
	free(s->hall_name);
	s->hall_name = NULL;
	srv_lock_destroy(s);
}

struct req *req_new(struct srv *s, const char *method, const char *path)
{
	struct req *r = xcalloc(1, sizeof *r);
	r->srv = s;
	r->method = strcmp(method, "POST") == 0 ? "POST" :
		    strcmp(method, "GET") == 0 ? "GET" : method;
	r->path = xstrdup(path);
	return r;
}

void req_add_body(struct req *r, const char *data, size_t n)
{
	if (!r->too_large && n <= SRV_MAX_BODY - r->body.len)
		buf_add(&r->body, data, n);
	else
		r->too_large = true;
}

void req_free(struct req *r)
{
	if (!r)
		return;
	buf_free(&r->body);
	cJSON_Delete(r->json);
	free(r->path);
	free(r->param_store);
	free(r->idem_key);
	free(r->reply);
	free(r->pwhash);
	ev_wait_free(r);
	/* After its long-poll is off the list: the sandbox may go now. */
	drill_leave(r);
	free(r);
}

/* Whether a Content-Type is JSON: application/json, any case, with or
 * without parameters (charset). */
static bool srv_is_json(const char *type)
{
	static const char json[] = "application/json";
	if (!type)
		return false;
	while (*type == ' ')
		type++;
	if (strncasecmp(type, json, sizeof json - 1) != 0)
		return false;
	type += sizeof json - 1;
	while (*type == ' ')
		type++;
	return *type == '\0' || *type == ';';
}

/* Whether [p, end) holds only JSON whitespace (no NUL, nothing else). */
static bool srv_only_blanks(const char *p, const char *end)
{
	if (!p)
		return false;
	for (; p < end; p++)
		if (*p != ' ' && *p != '\t' && *p != '\n' && *p != '\r')
			return false;
	return true;
}

/* A handler that answered although a statement of it failed (a lost
 * connection reads as no rows: "no such ticket", or an empty list): its
 * answer is not to be trusted, whatever it says. */
static void srv_distrust(struct req *r, unsigned errors_before)
{
	if (db_errors() != errors_before && r->status < 500) {
		r->content_type = NULL;
		srv_error(r, 503, "busy", "the database failed meanwhile; nothing was done, try again");
	}
}

/* Parse and check what every request needs before its handler runs:
 * the JSON body of a POST and the caller's identity. */
static bool srv_prepare(struct req *r, const struct route *rt, const char *authorization)
{
	if (r->too_large) {
		srv_error(r, 413, "payload_too_large", "the body is larger than %d bytes", SRV_MAX_BODY);
		return false;
	}
	if (r->bad_header[0]) {
		srv_error(r, 400, "invalid_header", "%s", r->bad_header);
		return false;
	}
	if (strcmp(r->method, "POST") == 0) {
		/* A browser may send text/plain or a form to any address without
		 * asking first; JSON it may not: a web page in the hall cannot
		 * post to wicketd behind the clerk's back. */
		if (!srv_is_json(req_header(r, "Content-Type"))) {
			srv_error(r, 415, "unsupported_media_type", "a POST must be sent as application/json");
			return false;
		}
		if (r->body.len == 0) {
			r->json = cJSON_CreateObject();
		} else if (!utf8_valid(r->body.data, r->body.len)) {
			srv_error(r, 400, "invalid_utf8", "the body is not valid UTF-8");
			return false;
		} else {
			/* One JSON object and nothing after it but blanks: trailing
			 * bytes would be read one way here and maybe another by
			 * whatever sent or logged them. */
			const char *end = NULL;
			r->json = cJSON_ParseWithLengthOpts(r->body.data, r->body.len, &end, false);
			if (!cJSON_IsObject(r->json) || !srv_only_blanks(end, r->body.data + r->body.len)) {
				srv_error(r, 400, "bad_json", "the body must be one JSON object and nothing else");
				return false;
			}
			/* cJSON ends a string at NUL: a name would be cut unseen. */
			if (srv_json_nul(r->body.data, r->body.len) >= 0) {
				srv_error(r, 400, "invalid_field", "a string in the body holds NUL (\\u0000), "
					  "which no field may hold");
				return false;
			}
		}
	}
	if (rt->roles == 0)
		return true;
	/* A session not found because the database failed (PostgreSQL
	 * restarting) is not unknown: 503, try again, rather than 401, which
	 * sends the clerk back to the sign-in. */
	unsigned errors = db_errors();
	if (!authorization || auth_resolve(r, authorization)) {
		srv_error(r, 401, "unauthorized", "sign in first (missing, unknown or expired token)");
		srv_distrust(r, errors);
		return false;
	}
	if (!(rt->roles & R(r->auth.role))) {
		srv_error(r, 403, "forbidden", "a %s may not do this", auth_role_name(r->auth.role));
		return false;
	}
	/* A drill's session works in the drill's sandbox, never on the hall. */
	return r->auth.drill == 0 || drill_enter(r, rt);
}

/* Run a write route: in a savepoint of the open batch (batch.c),
 * idempotent on Idempotency-Key, answered once the batch is committed. */
static void srv_run_write(struct srv *s, struct req *r, const struct route *rt)
{
	if (srv_batch_join(s)) {
		srv_error(r, 503, "busy", "the database is busy; try again");
		return;
	}
	unsigned errors = db_errors();
	bool replayed = r->idem_key && idem_lookup(r, rt->case_reply);
	if (!replayed)
		rt->fn(r);
	srv_distrust(r, errors);
	bool keep = !replayed && r->status >= 200 && r->status < 300;
	if (keep && r->idem_key)
		idem_store(r, rt->case_reply);
	srv_batch_leave(s, r, keep);
}

/* Run a read route in one read transaction: one snapshot, and the file
 * locks taken once rather than for every statement (a queue of 200 was
 * 200 lock and unlock calls).  Inside an open batch it reads there. */
static void srv_run_read(struct srv *s, struct req *r, const struct route *rt)
{
	bool own = !db_in_tx(s) && db_run(s, "BEGIN", "") == 0;
	unsigned errors = db_errors();
	rt->fn(r);
	srv_distrust(r, errors);
	if (own)
		db_run(s, "COMMIT", "");
	if (r->events_added)
		ev_wake(s);
}

/* Hash the body's "password" into r->pwhash when it is one an account may
 * have (the handler reports any other); without the lock. */
static void srv_hash_password(struct req *r)
{
	const cJSON *pw = cJSON_GetObjectItemCaseSensitive(r->json, "password");
	char msg[160];
	if (cJSON_IsString(pw) && !auth_password_problem(pw->valuestring, msg, sizeof msg))
		r->pwhash = auth_hash(pw->valuestring);
}

/* The hall a request's session belongs to: a token of hall N > 1 starts
 * "hN-" (auth.c); any other is the first hall's. */
static struct srv *srv_hall_of(struct srv *first, const char *authorization)
{
	if (!authorization || strncmp(authorization, "Bearer h", 8) != 0)
		return first;
	char *end;
	long long id = strtoll(authorization + 8, &end, 10);
	struct srv *s = *end == '-' && id > 1 ? platform_hall(first, id) : NULL;
	if (!s && *end == '-' && id > 1 && platform_refresh(first) > 0)
		s = platform_hall(first, id);      /* added through another wicketd */
	return s ? s : first;
}

/* ?hall=ID on a request: a supervisor or administrator of a hall reads a
 * hall under it (its board, queue, cases, reports), and an administrator
 * acts there too (its accounts, windows, settings).  Returns false after
 * an error reply. */
static bool srv_other_hall(struct req *r, const struct route *rt)
{
	const char *want = req_query(r, "hall");
	if (!want)
		return true;
	int64_t id = platform_hall_id(r->srv, want);
	if (!id) {
		srv_error(r, 422, "unknown_hall", "there is no hall %s", want);
		return false;
	}
	if (id == r->srv->hall_id)
		return true;
	bool staff = r->auth.role == ROLE_SUPERVISOR || r->auth.role == ROLE_ADMIN;
	if (!staff || r->auth.drill || !platform_sees(r->srv, r->srv->hall_id, id) ||
	    (rt->write && r->auth.role != ROLE_ADMIN)) {
		srv_error(r, 403, "forbidden", "a %s of this hall may not %s hall %s",
			  auth_role_name(r->auth.role), rt->write ? "act on" : "look into", want);
		return false;
	}
	r->srv = platform_hall(r->srv, id);
	return r->srv != NULL;
}

void srv_dispatch(struct req *r, const char *authorization)
{
	struct srv *s = r->srv = srv_hall_of(r->srv, authorization);
	bool path_known = false;
	const struct route *rt = routes_match(r, &path_known);
	if (!rt) {
		if (path_known)
			srv_error(r, 405, "method_not_allowed", "%s is not allowed on %s", r->method, r->path);
		else
			srv_error(r, 404, "not_found", "no such endpoint: %s", r->path);
		return;
	}
	/* A write on its way counts as one waiting from here (batch.c): the
	 * batch it will join waits for it rather than committing alone while
	 * it is checked.  Not a sign-in, whose hash takes its time. */
	bool coming = rt->write && !rt->own_lock && !rt->hash_password;
	if (coming)
		srv_writer_coming(s);
	/* Checked against the hall, where the sessions are; a new day's
	 * first request ends the day before first. */
	pthread_mutex_lock(&s->lock);
	day_roll(s);
	/* Once a second of the hall's clock (their times are in seconds, and
	 * each sweep is a query or two under the lock that every request
	 * waited for): ratings asked for past their time end (h_ratings.c),
	 * and bookings missed are told (h_bookings.c). */
	int64_t now = clk_now();
	if (s->swept_at != now) {
		s->swept_at = now;
		rating_sweep(s);
		booking_sweep(s);
	}
	bool ok = srv_prepare(r, rt, authorization);
	pthread_mutex_unlock(&s->lock);
	ok = ok && (!rt->roles || srv_other_hall(r, rt));
	if (coming && (!ok || r->srv != s)) {
		srv_writer_gone(s);    /* not coming, or to another hall or a drill */
		coming = false;
	}
	if (!ok)
		return;
	if (rt->own_lock) {
		rt->fn(r);
		drill_done(r);
		return;
	}
	/* Only for a caller the route allows: hashing is slow on purpose, and
	 * the hall must not wait for it. */
	if (rt->hash_password)
		srv_hash_password(r);
	/* The handler runs on r->srv: the hall, or a drill's sandbox. */
	s = r->srv;
	if (rt->write) {
		srv_lock_writer(s, coming);
		srv_run_write(s, r, rt);
	} else if (rt->snapshot && db_read_begin(s)) {
		/* What is committed, on a connection of its own: no lock. */
		unsigned errors = db_errors();
		rt->fn(r);
		srv_distrust(r, errors);
		db_read_end(s);
		drill_done(r);
		return;
	} else {
		pthread_mutex_lock(&s->lock);
		srv_run_read(s, r, rt);
	}
	pthread_mutex_unlock(&s->lock);
	drill_done(r);
}
