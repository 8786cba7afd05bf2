#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "wicket/server/json_out.h"
#include "wicket/server/srv.h"
#include "wicket/server/srv_drill.h"
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
	char *text = data ? json_print(data) : NULL;
	db_run(s, "INSERT INTO events(at, kind, window, ticket, case_id, data) VALUES(?,?,?,?,?,?)",
	       "Is" "III" "s", at, kind, (int64_t)window, ticket, case_id, text);
	/* The other wicketd on the database hear of it at the commit
	 * (db_pg.c's listener; one notification a transaction). */
	if (s->engine == DB_POSTGRESQL) {
		char news[48];
		if (s->drill_id)
			snprintf(news, sizeof news, "d%lld.%lld", (long long)s->drill_hall, (long long)s->drill_id);
		else
			snprintf(news, sizeof news, "%lld", (long long)s->hall_id);
		db_run(s, "SELECT pg_notify('wicket_events', ?)", "s", news);
	}
	int64_t seq = db_last_id(s);
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
	ev_wake(r->srv);
	return 0;
}

cJSON *ev_row_json(db_q *st)
{
	cJSON *e = cJSON_CreateObject();
	cJSON_AddNumberToObject(e, "seq", (double)db_col_i64(st, 0));
	clk_json_add(e, "at", db_col_i64(st, 1));
	cJSON_AddStringToObject(e, "kind", db_col_text(st, 2));
	if (!db_col_null(st, 3) && db_col_i64(st, 3) > 0)
		cJSON_AddNumberToObject(e, "window", (double)db_col_i64(st, 3));
	else
		cJSON_AddNullToObject(e, "window");
	if (db_col_i64(st, 4) > 0)
		cJSON_AddNumberToObject(e, "ticket", (double)db_col_i64(st, 4));
	else
		cJSON_AddNullToObject(e, "ticket");
	if (db_col_i64(st, 5) > 0)
		cJSON_AddNumberToObject(e, "case", (double)db_col_i64(st, 5));
	else
		cJSON_AddNullToObject(e, "case");
	cJSON *data = db_col_null(st, 6) ? NULL :
		      cJSON_Parse(db_col_text(st, 6));
	cJSON_AddItemToObject(e, "data", data ? data : cJSON_CreateObject());
	return e;
}

/* Whether the hall's call screen (the display role) reads an event of
 * kind: the tickets' moves only (calls, recalls, and what changes the
 * waiting counts), nothing of cases, sessions, audits or callbacks. */
static bool ev_for_display(const char *kind)
{
	return strncmp(kind, "ticket.", 7) == 0;
}

/* The guide desk (导询) reads the display's events and the enquiries'
 * (their owners and ids only): its list follows the tickets it issued. */
static bool ev_for_guide(const char *kind)
{
	return ev_for_display(kind) || strncmp(kind, "enquiry.", 8) == 0;
}

/* Collect events after `since` (at most 500) into a reply; returns how
 * many.  calls_only: the display's feed (with guide, the guide desk's:
 * ev_for_guide), the ticket events alone and
 * without a transfer's reason (the clerk's words); *last is then the
 * newest seq read, shown or not, so that the display follows on past what
 * it may not see. */
static int ev_collect(struct srv *s, int64_t since, bool calls_only, bool guide, cJSON *list, int64_t *last)
{
	int n = 0, rows;
	do {
		rows = 0;
		db_q *st = db_prep(s, "SELECT seq, at, kind, window, ticket, case_id, data "
					   "FROM events WHERE seq > ? ORDER BY seq LIMIT 500", "I", since);
		while (db_step(st) == DB_ROW) {
			rows++;
			since = *last = db_col_i64(st, 0);
			if (calls_only && !(guide ? ev_for_guide : ev_for_display)(db_col_text(st, 2)))
				continue;
			cJSON *e = ev_row_json(st);
			if (calls_only)
				cJSON_DeleteItemFromObject(cJSON_GetObjectItem(e, "data"), "reason");
			cJSON_AddItemToArray(list, e);
			n++;
		}
		db_reset(st);
	} while (calls_only && n == 0 && rows == 500);
	return n;
}

/* An evaluator's feed: the events of its window after since, without
 * their data or case (what happened, not to whom), at most 500; *last
 * is the newest seq looked at (newest when fewer came).  Returns how many. */
static int ev_collect_window(struct srv *s, int64_t since, int window, int64_t newest, cJSON *list,
			     int64_t *last)
{
	int n = 0;
	db_q *st = db_prep(s, "SELECT seq, at, kind, window, ticket, NULL, NULL FROM events "
				   "WHERE seq > ? AND window = ? ORDER BY seq LIMIT 500", "Ii", since, window);
	while (db_step(st) == DB_ROW) {
		*last = db_col_i64(st, 0);
		cJSON_AddItemToArray(list, ev_row_json(st));
		n++;
	}
	db_reset(st);
	if (n < 500)
		*last = newest;
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

/* The oldest and the newest seq of s's feed: read once after each change,
 * not by each of the thousands of long-polls that change wakes. */
static void ev_bounds(struct srv *s, int64_t *first, int64_t *newest)
{
	if (!s->events_known) {
		s->events_first = db_int(s, "SELECT min(seq) FROM events", 0, "");
		/* The newest ever given, even when the feed is trimmed empty. */
		s->events_newest = s->engine == DB_POSTGRESQL ?
			db_int(s, "SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM events_seq_seq", 0, "") :
			db_int(s, "SELECT seq FROM sqlite_sequence WHERE name = 'events'", 0, "");
		s->events_known = true;
	}
	*first = s->events_first;
	*newest = s->events_newest;
}

/* ev_bounds read again now when another wicketd may have written to the
 * feed since they were read (PostgreSQL: its NOTIFY may still be on the
 * way): a client that moved from the other one with its since, or joins
 * here, is told what is committed, not what this one heard last. */
static void ev_bounds_now(struct srv *s, int64_t *first, int64_t *newest)
{
	if (s->engine == DB_POSTGRESQL)
		ev_forget(s);
	ev_bounds(s, first, newest);
}

/* ---- long-polls parked without a thread ---------------------------------
 *
 * A long-poll with nothing to read yet is parked: its front end suspends
 * the connection (http.c), and the request waits on one list, in the order
 * parked, costing a socket and this struct.  A commit that adds events to a
 * feed resumes the waiters of that feed (ev_wake), the timer thread resumes
 * those whose wait is over, and ev_park_stop all of them; the front end
 * then calls ev_poll_again, which reads the feed on the request's thread.
 *
 * Locks: ev_plock guards the list, every ev_wait's list fields and each
 * feed's events_waiting.  It is taken inside a feed's lock, never the
 * other way round; the front end's resume is called without it. */

struct ev_wait {
	struct req *r;
	struct srv *feed;         /* the hall's or a drill's sandbox */
	int64_t since;
	int64_t deadline;         /* CLOCK_MONOTONIC, in ms */
	char token[65];           /* the session's, for the per-token limit */
	bool calls_only;          /* the display's feed (ev_collect) */
	bool guide;               /* the guide desk's: calls_only and the enquiries' */
	bool listed;              /* on the list: parked, not yet resumed */
	bool parked_now;          /* parked by the request's latest pass (its own thread's) */
	struct ev_wait *prev, *next;
};

#define EV_RESUME_SLICE 200       /* waiters the timer resumes at once */
#define EV_RESUME_BREATH_MS 5     /* and the pause before the next slice */

static pthread_mutex_t ev_plock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t ev_pcv;         /* the timer's: an earlier deadline, or stop */
static struct ev_wait *ev_head, *ev_tail;
static int64_t ev_next_deadline = INT64_MAX; /* the timer sleeps until then */
static bool ev_timer_on, ev_closing;
static pthread_t ev_timer;

static int64_t ev_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* How many long-polls each session has parked, by token (ev_plock held):
 * the per-token limit is checked on every new long-poll, which must not
 * walk every waiter of the hall (2,000 waiters asking again after a
 * wake-up were 4 million string compares). */
#define EV_TOKEN_BUCKETS 1024
struct ev_token_count {
	char token[65];
	int parked;
	struct ev_token_count *next;
};
static struct ev_token_count *ev_tokens[EV_TOKEN_BUCKETS];

static struct ev_token_count **ev_token_slot(const char *token)
{
	uint32_t h = 2166136261u;                      /* FNV-1a */
	for (const unsigned char *p = (const unsigned char *)token; *p; p++)
		h = (h ^ *p) * 16777619u;
	struct ev_token_count **slot = &ev_tokens[h % EV_TOKEN_BUCKETS];
	while (*slot && strcmp((*slot)->token, token) != 0)
		slot = &(*slot)->next;
	return slot;
}

/* Count one more (delta 1) or one fewer (-1) parked long-poll of token;
 * returns how many it has now.  An entry goes when its count is 0. */
static int ev_token_add(const char *token, int delta)
{
	if (!token[0])
		return 0;
	struct ev_token_count **slot = ev_token_slot(token);
	if (!*slot) {
		if (delta <= 0)
			return 0;
		*slot = xcalloc(1, sizeof **slot);
		snprintf((*slot)->token, sizeof (*slot)->token, "%s", token);
	}
	struct ev_token_count *c = *slot;
	int n = c->parked += delta;
	if (n <= 0) {
		*slot = c->next;
		free(c);
	}
	return n;
}

/* How many long-polls of token are parked (ev_plock held). */
static int ev_token_parked(const char *token)
{
	struct ev_token_count *c = *ev_token_slot(token);
	return c ? c->parked : 0;
}

/* Take w off the list (ev_plock held); its next field is then free. */
static void ev_unlist(struct ev_wait *w)
{
	if (w->prev)
		w->prev->next = w->next;
	else
		ev_head = w->next;
	if (w->next)
		w->next->prev = w->prev;
	else
		ev_tail = w->prev;
	w->prev = w->next = NULL;
	w->listed = false;
	w->feed->events_waiting--;
	ev_token_add(w->token, -1);
}

/* Resume a chain of waiters taken off the list (linked by next), without
 * ev_plock: once resumed a waiter belongs to its request's thread again. */
static void ev_resume_chain(struct ev_wait *w)
{
	while (w) {
		struct ev_wait *next = w->next;
		struct req *r = w->r;
		w->next = NULL;
		r->park->resume(r->park_ctx);
		w = next;
	}
}

/* Take the waiters that match(w, arg) says off the list into a chain, at
 * most max of them (0: all). */
static struct ev_wait *ev_take_some(bool (*match)(const struct ev_wait *w, const void *arg),
				    const void *arg, int max)
{
	struct ev_wait *chain = NULL, *next;
	int n = 0;
	for (struct ev_wait *w = ev_head; w && (max == 0 || n < max); w = next) {
		next = w->next;
		if (match(w, arg)) {
			n++;
			ev_unlist(w);
			w->next = chain;
			chain = w;
		}
	}
	return chain;
}

/* Take every waiter that match(w, arg) says off the list into a chain. */
static struct ev_wait *ev_take(bool (*match)(const struct ev_wait *w, const void *arg),
			       const void *arg)
{
	return ev_take_some(match, arg, 0);
}

static bool ev_of_feed(const struct ev_wait *w, const void *feed)
{
	return w->feed == feed;
}

static bool ev_due(const struct ev_wait *w, const void *now)
{
	return w->deadline <= *(const int64_t *)now;
}

static bool ev_any(const struct ev_wait *w, const void *arg)
{
	(void)w; (void)arg;
	return true;
}

void ev_forget(struct srv *s)
{
	free(s->events_reply);
	s->events_reply = NULL;
	s->events_known = false;
}

/* A wake-up is coalesced: the feed's waiters are answered --events-batch-ms
 * after the first change (the timer resumes them), so that a burst of
 * changes is one answer each, not one per change.  Every answered waiter
 * asks again at once: without this, ten events a second to 2,000 waiters
 * are 20,000 request/answer rounds a second. */
static void ev_wake_soon(struct srv *s, int64_t at)
{
	for (struct ev_wait *w = ev_head; w; w = w->next)
		if (w->feed == s && w->deadline > at)
			w->deadline = at;
	if (at < ev_next_deadline) {
		ev_next_deadline = at;
		pthread_cond_signal(&ev_pcv);
	}
}

void ev_wake(struct srv *s)
{
	/* The feed changed: the reply cached for the last wake-up is stale. */
	ev_forget(s);
	int batch = s->opt ? s->opt->events_batch_ms : 0;
	pthread_mutex_lock(&ev_plock);
	struct ev_wait *chain = NULL;
	if (batch > 0 && !s->stopping && ev_timer_on && !ev_closing)
		ev_wake_soon(s, ev_now_ms() + batch);
	else if (s->events_waiting)
		chain = ev_take(ev_of_feed, s);
	pthread_mutex_unlock(&ev_plock);
	ev_resume_chain(chain);
}

/* The timer: resume the waiters whose wait is over, then sleep until the
 * next one's (or until a new, earlier one is parked). */
static void *ev_timer_main(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&ev_plock);
	while (!ev_closing) {
		int64_t now = ev_now_ms();
		/* In slices with a breath between: the server's threads answer
		 * what is resumed before they accept anything new, and a clerk's
		 * call must not queue behind 2,000 answers. */
		struct ev_wait *due = ev_take_some(ev_due, &now, EV_RESUME_SLICE);
		if (due) {
			pthread_mutex_unlock(&ev_plock);
			ev_resume_chain(due);
			pthread_mutex_lock(&ev_plock);
			if (ev_head && !ev_closing) {
				int64_t t = ev_now_ms() + EV_RESUME_BREATH_MS;
				struct timespec ts = { .tv_sec = (time_t)(t / 1000),
						       .tv_nsec = (long)(t % 1000) * 1000000 };
				pthread_cond_timedwait(&ev_pcv, &ev_plock, &ts);
			}
			continue;
		}
		ev_next_deadline = INT64_MAX;
		for (struct ev_wait *w = ev_head; w; w = w->next)
			if (w->deadline < ev_next_deadline)
				ev_next_deadline = w->deadline;
		if (ev_next_deadline == INT64_MAX) {
			pthread_cond_wait(&ev_pcv, &ev_plock);
		} else {
			struct timespec ts = { .tv_sec = (time_t)(ev_next_deadline / 1000),
					       .tv_nsec = (long)(ev_next_deadline % 1000) * 1000000 };
			pthread_cond_timedwait(&ev_pcv, &ev_plock, &ts);
		}
	}
	pthread_mutex_unlock(&ev_plock);
	return NULL;
}

void ev_park_start(void)
{
	pthread_condattr_t ca;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&ev_pcv, &ca);
	pthread_condattr_destroy(&ca);
	ev_closing = false;
	ev_timer_on = pthread_create(&ev_timer, NULL, ev_timer_main, NULL) == 0;
	if (!ev_timer_on)
		log_error("events: no timer thread: long-polls answer at once");
}

void ev_park_stop(void)
{
	pthread_mutex_lock(&ev_plock);
	ev_closing = true;
	struct ev_wait *chain = ev_take(ev_any, NULL);
	pthread_cond_signal(&ev_pcv);
	pthread_mutex_unlock(&ev_plock);
	ev_resume_chain(chain);
	if (ev_timer_on)
		pthread_join(ev_timer, NULL);
	ev_timer_on = false;
	pthread_cond_destroy(&ev_pcv);
}

void ev_wait_free(struct req *r)
{
	if (!r->wait)
		return;
	pthread_mutex_lock(&ev_plock);
	if (r->wait->listed)
		ev_unlist(r->wait);
	pthread_mutex_unlock(&ev_plock);
	free(r->wait);
	r->wait = NULL;
}

bool ev_parked(const struct req *r)
{
	return r->wait && r->wait->parked_now;
}


enum ev_parking { EV_PARKED, EV_NOT_PARKED, EV_REFUSED };

/* Under s->lock: park r (its wait filled in) on s's feed, the connection
 * suspended before it is listed, so that whoever takes it off the list
 * finds it suspended.  EV_NOT_PARKED when serving stops (answer now);
 * EV_REFUSED after a 429 when r's token has its fill of parked
 * long-polls (a long-poll parked again after a wake-up keeps its place). */
static enum ev_parking ev_park(struct req *r, struct srv *s, bool again)
{
	struct ev_wait *w = r->wait;
	pthread_mutex_lock(&ev_plock);
	if (ev_closing || !ev_timer_on) {
		pthread_mutex_unlock(&ev_plock);
		return EV_NOT_PARKED;
	}
	if (!again && w->token[0] && ev_token_parked(w->token) >= EV_PARKED_PER_TOKEN) {
		pthread_mutex_unlock(&ev_plock);
		r->retry_after = 5;
		srv_error(r, 429, "too_many_long_polls",
			  "this session already has %d long-polls waiting; wait for one to end",
			  EV_PARKED_PER_TOKEN);
		return EV_REFUSED;
	}
	r->park->suspend(r->park_ctx);
	w->listed = true;
	w->parked_now = true;
	w->prev = ev_tail;
	w->next = NULL;
	if (ev_tail)
		ev_tail->next = w;
	else
		ev_head = w;
	ev_tail = w;
	ev_token_add(w->token, 1);
	int waiting = ++s->events_waiting;
	if (w->deadline < ev_next_deadline) {
		ev_next_deadline = w->deadline;
		pthread_cond_signal(&ev_pcv);
	}
	pthread_mutex_unlock(&ev_plock);
	/* Said while s->lock is still held, so a test that has read this line
	 * knows the watcher is parked: any change it makes next (it needs the
	 * lock) wakes it, rather than being found by a request that arrived
	 * late. */
	log_debug("events: a long-poll waits after seq %lld (%d waiting)", (long long)w->since,
		  waiting);
	return EV_PARKED;
}

/* Under s->lock: answer r with the events of s's feed after w->since, or
 * park it when there are none yet, its wait has time left and its front end
 * can park it. */
static void ev_answer(struct req *r, struct srv *s, bool again)
{
	struct ev_wait *w = r->wait;
	int64_t first, newest;
	ev_bounds(s, &first, &newest);
	if (w->since > newest)
		ev_bounds_now(s, &first, &newest);
	/* A drill's reset starts its feed again under a waiting watcher: it
	 * hears so at once, as it would asking anew. */
	if (w->since > newest) {
		ev_resync(r, w->since, newest);
		return;
	}
	/* A call screen reads the calls only, an evaluator its window's
	 * events only: feeds of their own, never the reply others share. */
	bool evaluator = r->auth.role == ROLE_EVALUATOR, own = evaluator || w->calls_only;
	/* The waiters a wake-up resumes mostly asked after the same seq: the
	 * first one's reply serves the others (ev_wake forgets it). */
	if (!own && s->events_reply && s->events_reply_since == w->since) {
		r->status = 200;
		r->reply = xstrdup(s->events_reply);
		return;
	}
	cJSON *list = cJSON_CreateArray();
	int64_t last = w->since;
	int n = 0;
	if (w->since < newest)
		n = evaluator ? ev_collect_window(s, w->since, r->auth.nwindows ? r->auth.windows[0] : 0,
						  newest, list, &last)
			      : ev_collect(s, w->since, w->calls_only, w->guide, list, &last);
	if (n == 0) {
		/* Nothing it may see: it waits on from past it. */
		w->since = last;
		if (r->park && !s->stopping && w->deadline > ev_now_ms() &&
		    ev_park(r, s, again) != EV_NOT_PARKED) {
			cJSON_Delete(list);
			return;
		}
	}
	cJSON *root = cJSON_CreateObject();
	cJSON_AddItemToObject(root, "events", list);
	cJSON_AddNumberToObject(root, "last", (double)last);
	srv_reply(r, 200, root);
	if (!own && last > w->since) {
		free(s->events_reply);
		s->events_reply = xstrdup(r->reply);
		s->events_reply_since = w->since;
	}
}

void ev_poll_again(struct req *r)
{
	struct ev_wait *w = r->wait;
	struct srv *s = w->feed;
	w->parked_now = false;
	pthread_mutex_lock(&s->lock);
	srv_batch_flush(s);       /* the feed shows only what is committed */
	ev_answer(r, s, true);
	pthread_mutex_unlock(&s->lock);
	/* Answered: a drill's sandbox need not wait for the reply to be sent. */
	drill_done(r);
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
	int64_t deadline = ev_now_ms() + wait * 1000;

	pthread_mutex_lock(&s->lock);
	srv_batch_flush(s);       /* the feed shows only what is committed */
	int64_t first, newest;
	ev_bounds(s, &first, &newest);
	if (!req_query(r, "since") || since > newest)
		ev_bounds_now(s, &first, &newest);
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
	struct ev_wait *w = r->wait = xcalloc(1, sizeof *r->wait);
	w->r = r;
	w->feed = s;
	w->since = since;
	w->deadline = deadline;
	snprintf(w->token, sizeof w->token, "%s", r->auth.token);
	w->guide = r->auth.role == ROLE_GUIDE;
	w->calls_only = r->auth.role == ROLE_DISPLAY || w->guide;
	ev_answer(r, s, false);
	pthread_mutex_unlock(&s->lock);
}
