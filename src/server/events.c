#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "wicket/server/srv.h"
#include "wicket/common/log.h"
#include "wicket/common/xalloc.h"

void ev_add(struct req *r, const char *kind, int window, int64_t ticket,
	    int64_t case_id, cJSON *data)
{
	ev_add_at(r, clk_now(), kind, window, ticket, case_id, data);
}

void ev_add_at(struct req *r, int64_t at, const char *kind, int window, int64_t ticket,
	       int64_t case_id, cJSON *data)
{
	struct srv *s = r->srv;
	char *text = data ? cJSON_PrintUnformatted(data) : NULL;
	db_run(s, "INSERT INTO events(at, kind, window, ticket, case_id, data) VALUES(?,?,?,?,?,?)",
	       "Is" "III" "s", at, kind, (int64_t)window, ticket, case_id, text);
	int64_t seq = sqlite3_last_insert_rowid(s->db);
	/* The feed is trimmed below; what happened at a window is kept for
	 * good in its log (a window's day, the reports' paused time). */
	if (window > 0)
		db_run(s, "INSERT INTO window_log(at, kind, window, ticket, case_id, data, user) "
		       "VALUES(?,?,?,nullif(?, 0),nullif(?, 0),?,nullif(?, ''))", "IsiIIss",
		       at, kind, window, ticket, case_id, text, r->auth.user);
	free(text);
	cJSON_Delete(data);
	/* Keep the feed bounded; a client further behind is told to resync. */
	if (seq % 256 == 0)
		db_run(s, "DELETE FROM events WHERE seq <= ?", "I", seq - s->events_keep);
	r->events_added = true;
}

int ev_add_session(struct req *r, const char *kind, const char *user, const cJSON *windows)
{
	const cJSON *w;
	if (!r->auth.user[0])
		snprintf(r->auth.user, sizeof r->auth.user, "%s", user);
	cJSON_ArrayForEach(w, windows) {
		cJSON *data = cJSON_CreateObject();
		cJSON_AddStringToObject(data, "user", user);
		ev_add(r, kind, w->valueint, 0, 0, data);
	}
	/* Sign-in takes the lock itself (no write route): wake the long-polls
	 * here; they run once the lock is let go, after the commit. */
	pthread_cond_broadcast(&r->srv->events_cv);
	return 0;
}

cJSON *ev_row_json(sqlite3_stmt *st)
{
	cJSON *e = cJSON_CreateObject();
	cJSON_AddNumberToObject(e, "seq", (double)sqlite3_column_int64(st, 0));
	clk_json_add(e, "at", sqlite3_column_int64(st, 1));
	cJSON_AddStringToObject(e, "kind", db_col_text(st, 2));
	if (sqlite3_column_type(st, 3) != SQLITE_NULL && sqlite3_column_int64(st, 3) > 0)
		cJSON_AddNumberToObject(e, "window", (double)sqlite3_column_int64(st, 3));
	else
		cJSON_AddNullToObject(e, "window");
	if (sqlite3_column_int64(st, 4) > 0)
		cJSON_AddNumberToObject(e, "ticket", (double)sqlite3_column_int64(st, 4));
	else
		cJSON_AddNullToObject(e, "ticket");
	if (sqlite3_column_int64(st, 5) > 0)
		cJSON_AddNumberToObject(e, "case", (double)sqlite3_column_int64(st, 5));
	else
		cJSON_AddNullToObject(e, "case");
	cJSON *data = sqlite3_column_type(st, 6) == SQLITE_NULL ? NULL :
		      cJSON_Parse(db_col_text(st, 6));
	cJSON_AddItemToObject(e, "data", data ? data : cJSON_CreateObject());
	return e;
}

/* Collect events after `since` (at most 500) into a reply; returns how many. */
static int ev_collect(struct srv *s, int64_t since, cJSON *list, int64_t *last)
{
	int n = 0;
	sqlite3_stmt *st = db_prep(s, "SELECT seq, at, kind, window, ticket, case_id, data "
				   "FROM events WHERE seq > ? ORDER BY seq LIMIT 500", "I", since);
	while (sqlite3_step(st) == SQLITE_ROW) {
		*last = sqlite3_column_int64(st, 0);
		cJSON_AddItemToArray(list, ev_row_json(st));
		n++;
	}
	sqlite3_reset(st);
	return n;
}

static int ev_parse_arg(const char *s, long long lo, long long hi, long long dflt, long long *out)
{
	if (!s) {
		*out = dflt;
		return 0;
	}
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (errno || end == s || *end || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

/* 410: the events after since are not kept, or never were (a drill's
 * feed started again); the watcher follows on from newest. */
static void ev_resync(struct req *r, long long since, int64_t newest)
{
	cJSON *extra = cJSON_CreateObject();
	cJSON_AddNumberToObject(extra, "last", (double)newest);
	srv_error_x(r, 410, "resync_required", extra,
		    "events after %lld are no longer kept (or never were): reload state, then follow from last",
		    since);
}

static int64_t ev_newest(struct srv *s)
{
	return db_int(s, "SELECT seq FROM sqlite_sequence WHERE name = 'events'", 0, "");
}

void h_events(struct req *r)
{
	struct srv *s = r->srv;
	long long since, wait;
	if (ev_parse_arg(req_query(r, "since"), 0, INT64_MAX, 0, &since) ||
	    ev_parse_arg(req_query(r, "wait"), 0, 60, 0, &wait)) {
		srv_error(r, 400, "invalid_query", "since must be a sequence number >= 0 and wait 0..60 seconds");
		return;
	}
	struct timespec deadline;
	clock_gettime(CLOCK_REALTIME, &deadline);
	deadline.tv_sec += (time_t)wait;

	pthread_mutex_lock(&s->lock);
	int64_t first = db_int(s, "SELECT min(seq) FROM events", 0, "");
	int64_t newest = ev_newest(s);
	if (!req_query(r, "since")) {
		/* Joining now: where to follow from, nothing older. */
		pthread_mutex_unlock(&s->lock);
		cJSON *root = cJSON_CreateObject();
		cJSON_AddItemToObject(root, "events", cJSON_CreateArray());
		cJSON_AddNumberToObject(root, "last", (double)newest);
		srv_reply(r, 200, root);
		return;
	}
	if ((first > 0 && since < first - 1) || since > newest) {
		ev_resync(r, since, newest);
		pthread_mutex_unlock(&s->lock);
		return;
	}
	cJSON *list = cJSON_CreateArray();
	int64_t last = since;
	while (ev_collect(s, since, list, &last) == 0 && !s->stopping) {
		/* Said at debug level while the lock is still held, so a test that
		 * has read this line knows the watcher is parked: any change it
		 * makes next (it needs the lock) wakes it, rather than being
		 * found by a request that arrived late.  A wait of 0 is no
		 * long-poll: its timed wait ends at once, unsaid. */
		s->events_waiting++;
		if (wait > 0)
			log_debug("events: a long-poll waits after seq %lld (%d waiting)", since,
				  s->events_waiting);
		int rc = pthread_cond_timedwait(&s->events_cv, &s->lock, &deadline);
		s->events_waiting--;
		if (rc == ETIMEDOUT)
			break;
		/* A drill's reset starts its feed again under a waiting watcher:
		 * it hears so at once, as it would asking anew. */
		if (since > (newest = ev_newest(s))) {
			ev_resync(r, since, newest);
			pthread_mutex_unlock(&s->lock);
			cJSON_Delete(list);
			return;
		}
	}
	pthread_mutex_unlock(&s->lock);
	cJSON *root = cJSON_CreateObject();
	cJSON_AddItemToObject(root, "events", list);
	cJSON_AddNumberToObject(root, "last", (double)last);
	srv_reply(r, 200, root);
}
