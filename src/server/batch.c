/* batch.c - group commit: many write requests, one COMMIT.
 *
 * Every write request runs on the one writer connection under srv->lock,
 * each in a SAVEPOINT of its own inside one open transaction.  A request
 * that finishes while other writers wait for the lock leaves the
 * transaction open and waits (the lock let go) for the COMMIT that the
 * last of them makes: one fdatasync answers the whole batch, and a 2xx
 * still means on disk, as before.  A request that fails rolls back only
 * its savepoint.
 *
 * Whoever needs the connection outside a batch (its own BEGIN: a sign-in,
 * the day's roll-over, a drill; or the event feed, which must never show
 * an event that is not yet committed) commits the open batch first:
 * db_begin() does so, and so does srv_batch_flush(). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <time.h>

#include "wicket/common/log.h"
#include "wicket/server/srv.h"

#define SRV_BATCH_MAX 64          /* requests in one batch at most */
#define SRV_BATCH_MAX_US 20000    /* and the oldest waits at most this long */

static int64_t batch_now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

void srv_lock_init(struct srv *s)
{
	pthread_mutex_init(&s->lock, NULL);
	pthread_condattr_t ca;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&s->batch_cv, &ca);
	pthread_condattr_destroy(&ca);
	atomic_init(&s->writers_waiting, 0);
}

void srv_lock_destroy(struct srv *s)
{
	pthread_cond_destroy(&s->batch_cv);
	pthread_mutex_destroy(&s->lock);
}

void srv_writer_coming(struct srv *s)
{
	atomic_fetch_add(&s->writers_waiting, 1);
}

void srv_writer_gone(struct srv *s)
{
	if (atomic_fetch_sub(&s->writers_waiting, 1) != 1)
		return;
	/* The batch may have waited for this one, its members parked: it is
	 * committed now, as the last of them would have. */
	pthread_mutex_lock(&s->lock);
	if (atomic_load(&s->writers_waiting) == 0)
		srv_batch_flush(s);
	pthread_mutex_unlock(&s->lock);
}

void srv_lock_writer(struct srv *s, bool counted)
{
	if (!counted)
		atomic_fetch_add(&s->writers_waiting, 1);
	pthread_mutex_lock(&s->lock);
	atomic_fetch_sub(&s->writers_waiting, 1);
}

void srv_batch_flush(struct srv *s)
{
	if (!s->batch_open)
		return;
	bool failed = db_run(s, "COMMIT", "") != 0, events = false;
	if (failed)
		db_run(s, "ROLLBACK", "");
	struct req *members = s->batch_members;
	for (struct req *r = members; r; r = r->batch_next) {
		if (failed && r->status >= 200 && r->status < 300) {
			r->events_added = false;
			srv_error(r, 503, "busy", "the change could not be committed; try again");
		}
		events = events || r->events_added;
		r->events_added = false;
	}
	log_debug("batch: %d request%s, one commit%s", s->batch_n, s->batch_n == 1 ? "" : "s",
		  failed ? " (failed)" : "");
	if (failed)
		log_error("a batch of %d changes could not be committed: %s", s->batch_n,
			  db_errmsg(s));
	s->batch_members = NULL;
	s->batch_open = false;
	s->batch_n = 0;
	if (events)
		ev_wake(s);
	/* Answered: a parked member is resumed, and may be sent and freed by
	 * its connection's thread at once, so it is not touched after. */
	for (struct req *r = members, *next; r; r = next) {
		next = r->batch_next;
		r->batch_next = NULL;
		r->batch_done = true;
		if (r->batch_parked)
			r->park->resume(r->park_ctx);
	}
	pthread_cond_broadcast(&s->batch_cv);
}

int srv_batch_join(struct srv *s)
{
	if (!s->batch_open) {
		if (db_run(s, "BEGIN IMMEDIATE", ""))
			return -1;
		s->batch_open = true;
		s->batch_opened_us = batch_now_us();
	}
	if (db_run(s, "SAVEPOINT request", "") == 0)
		return 0;
	/* The open transaction is lost (PostgreSQL restarted under it): end
	 * it now, its members told it failed, so that the next request begins
	 * afresh.  Left open, with no member to commit it, it failed every
	 * request (and every session looked up in it) until something else
	 * needed the connection. */
	srv_batch_flush(s);
	return -1;
}

/* Whether r's batch should wait for more: others are waiting for the lock
 * to write, and the batch is neither full nor old. */
static bool batch_may_wait(struct srv *s)
{
	return atomic_load(&s->writers_waiting) > 0 && s->batch_n < SRV_BATCH_MAX &&
	       batch_now_us() - s->batch_opened_us < SRV_BATCH_MAX_US;
}

void srv_batch_leave(struct srv *s, struct req *r, bool keep)
{
	if (keep) {
		db_run(s, "RELEASE request", "");
	} else {
		db_run(s, "ROLLBACK TO request", "");
		db_run(s, "RELEASE request", "");
		r->events_added = false;
	}
	if (!s->batch_open) {
		/* Committed meanwhile: a transaction of the handler's own
		 * (db_begin) committed the batch first.  Nothing is left to
		 * wait for, and no later commit would answer r. */
		r->batch_done = true;
		if (r->events_added)
			ev_wake(s);
		r->events_added = false;
		return;
	}
	r->batch_done = false;
	r->batch_next = s->batch_members;
	s->batch_members = r;
	s->batch_n++;
	if (!batch_may_wait(s)) {
		srv_batch_flush(s);
		return;
	}
	/* Over HTTP the wait holds no thread: the connection is suspended
	 * until the commit resumes it (not a drill's, whose sandbox is held
	 * only while its request runs; not while serving stops). */
	if (r->park && !r->drill && !s->stopping) {
		r->batch_parked = true;
		r->park->suspend(r->park_ctx);
		return;
	}
	/* Someone commits for us: the next writer, or whoever needs the
	 * connection first.  The timeout is a guard, never the rule. */
	while (!r->batch_done) {
		struct timespec ts;
		clock_gettime(CLOCK_MONOTONIC, &ts);
		ts.tv_nsec += 50 * 1000000L;
		if (ts.tv_nsec >= 1000000000L) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&s->batch_cv, &s->lock, &ts);
		if (!r->batch_done && atomic_load(&s->writers_waiting) == 0)
			srv_batch_flush(s);
	}
}
