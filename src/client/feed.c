/* feed.c - the event feed: a long-poll the server answers when something
 * happens (or after APP_POLL_WAIT seconds), which also says whether the
 * server is there.  The hall's feed by default; a role may follow its own
 * (a trainer's open drill).  The role says what a batch means. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdio.h>

#include "app_int.h"
#include "wicket/model/wire.h"
#include "wicket/net/api.h"

void app_poll_events(struct app *a)
{
	char path[128];
	if (a->drill_over)
		return;           /* the drill's sessions ended with it */
	/* Back from offline, ask without waiting: the first answer says at
	 * once that the server is there again. */
	int wait = a->s.conn == CONN_ONLINE ? APP_POLL_WAIT : 0;
	if (a->role && a->role->feed_path) {
		if (!a->role->feed_path(a, a->events_last, wait, path, sizeof path))
			return;           /* e.g. a trainer with no drill open: no feed to follow */
	} else if (a->events_known) {
		snprintf(path, sizeof path, "/api/v1/events?since=%lld&wait=%d",
			 (long long)a->events_last, wait);
	} else {
		snprintf(path, sizeof path, "/api/v1/events");
	}
	a->events_req = app_send(a, REQ_EVENTS, "GET", path, NULL, false, NULL)->id;
}

void app_feed_restart(struct app *a)
{
	if (a->events_req)
		app_cancel(a, a->events_req);
	a->events_req = 0;
	a->events_retry_at = 0;
	a->backoff_ms = 0;
	a->events_last = 0;
	a->events_known = true;
	a->feed_restarted = false;
	a->feed_read = false;
	app_poll_events(a);
}

/* The server cannot be reached: say so at once, and ask again soon (a
 * long-poll on a cut network may otherwise hang until its timeout). */
void app_went_offline(struct app *a)
{
	a->s.conn = CONN_OFFLINE;
	if (a->events_req) {
		app_cancel(a, a->events_req);
		a->events_req = 0;
	}
	if (!a->events_retry_at)
		a->events_retry_at = app_ms() + 250;
}

/* A batch of the feed, a 410 (the feed restarted: read again from where
 * the server says, or the role's start), or no answer (offline, and
 * again after a growing pause). */
void app_on_events(struct app *a, const struct pending *p, const struct net_reply *r)
{
	(void)p;
	struct m_event *ev;
	size_t n;
	int64_t last;
	a->events_req = 0;
	if (r->status == 200 && api_decode_events(r->body, r->len, &ev, &n, &last) == 0) {
		bool was_offline = a->s.conn != CONN_ONLINE;
		/* Joining the feed: what happened between the first reads and
		 * the join is in neither; read again, now that nothing after
		 * the join can be missed. */
		bool joined = !a->events_known;
		a->s.conn = CONN_ONLINE;
		a->backoff_ms = 0;
		if (a->role && a->role->events)
			a->role->events(a, ev, n);
		m_free_array(&m_event_desc, ev, n);
		a->events_last = last;
		a->events_known = true;
		if (was_offline || joined)
			app_refresh_all(a);   /* whatever happened while we were away */
		app_poll_events(a);
		app_replay(a);
		return;
	}
	if (r->status == 410 && api_decode_resync(r->body, r->len, &last) == 0) {
		a->events_last = a->role && a->role->feed_restarted && a->role->feed_restarted(a) ? 0 : last;
		a->events_known = true;
		app_refresh_all(a);
		app_poll_events(a);
		return;
	}
	/* No answer: show it, and try again after a growing pause. */
	a->s.conn = CONN_OFFLINE;
	a->backoff_ms = a->backoff_ms ? (a->backoff_ms * 2 > 5000 ? 5000 : a->backoff_ms * 2) : 250;
	a->events_retry_at = app_ms() + a->backoff_ms;
}
