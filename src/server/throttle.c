#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "wicket/common/log.h"
#include "wicket/server/srv.h"
#include "wicket/common/xalloc.h"

/* Slowing down guessed passwords.
 *
 * A failed sign-in is recorded twice, under the user name tried and under
 * the client's address.  A key with --login-failures failures within the
 * last --login-window seconds (and since its last lock-out ended) is locked
 * out for --login-lock seconds, twice as long for each further lock-out
 * that begins within the window after the one before ended, at most
 * THR_MAX_LOCK (or --login-lock when longer).  While locked, an attempt is
 * refused at once: no hash, no write, so a flood costs two lookups each.
 *
 * Attempts sent at once must not get past the limit while their hashes
 * run: the attempts being checked (in flight, kept in memory) count as
 * failures until they end, and an attempt that would go over the limit
 * waits for one of them to end (a success frees its place, a failure may
 * lock the key out).  Clerks signing in together from one address (a
 * proxy) are therefore only delayed by a few hashes, never refused.
 *
 * A success forgets the user's failures and lock-out, not the address's:
 * one good account must not wipe out the failures of a guessing address.
 * Everything here runs under the server's lock. */

#define THR_MAX_LOCK 3600
#define THR_MAX_WAIT 5           /* seconds an attempt waits for a place */

static const char *const thr_kinds[2] = { "user", "addr" };

/* The attempts being checked, and the signal that one has ended. */
static const struct thr_attempt **thr_flights;
static size_t thr_nflights, thr_capflights;
static pthread_cond_t thr_ended = PTHREAD_COND_INITIALIZER;

/* The key of kind i of a. */
static const char *thr_key(const struct thr_attempt *a, int i)
{
	return i == 0 ? a->user : a->addr;
}

/* How many attempts in flight have key as their key of kind i. */
static int64_t thr_in_flight(int i, const char *key)
{
	int64_t n = 0;
	for (size_t j = 0; j < thr_nflights; j++)
		n += strcmp(thr_key(thr_flights[j], i), key) == 0;
	return n;
}

static void thr_land(const struct thr_attempt *a)
{
	for (size_t j = 0; j < thr_nflights; j++) {
		if (thr_flights[j] == a) {
			thr_flights[j] = thr_flights[--thr_nflights];
			break;
		}
	}
	pthread_cond_broadcast(&thr_ended);
}

/* The lock-out of (kind, key): its level (how many in a row) and the time
 * it ends; both 0 when it never had one. */
static void thr_lock_get(struct srv *s, const char *kind, const char *key, int64_t *level,
			 int64_t *until)
{
	db_q *st = db_prep(s, "SELECT level, until FROM login_locks WHERE kind = ? AND key = ?",
				   "ss", kind, key);
	*level = *until = 0;
	if (db_step(st) == DB_ROW) {
		*level = db_col_i64(st, 0);
		*until = db_col_i64(st, 1);
	}
	db_reset(st);
}

/* Failures of (kind, key) that count now: within the window, and not
 * before the end of its last lock-out. */
static int64_t thr_failures(struct srv *s, const char *kind, const char *key, int64_t now, int64_t until)
{
	return db_int(s, "SELECT count(*) FROM login_attempts WHERE kind = ? AND key = ? "
		      "AND at > ? AND at >= ?", 0, "ssII", kind, key,
		      now - s->opt->login_window, until);
}

/* Seconds until a's lock-out ends (0 when neither key is locked); *full
 * when, counting the attempts in flight, another one would go over the
 * limit. */
static int64_t thr_locked_for(struct srv *s, const struct thr_attempt *a, bool *full)
{
	int64_t now = clk_now(), wait = 0;
	*full = false;
	for (int i = 0; i < 2; i++) {
		int64_t level, until;
		thr_lock_get(s, thr_kinds[i], thr_key(a, i), &level, &until);
		if (until - now > wait)
			wait = until - now;
		if (thr_failures(s, thr_kinds[i], thr_key(a, i), now, until) + thr_in_flight(i, thr_key(a, i)) >=
		    s->opt->login_failures)
			*full = true;
	}
	return wait;
}

int thr_begin(struct srv *s, struct thr_attempt *a, int64_t *retry_after)
{
	struct timespec deadline;
	clock_gettime(CLOCK_REALTIME, &deadline);
	deadline.tv_sec += THR_MAX_WAIT;
	bool full;
	while ((*retry_after = thr_locked_for(s, a, &full)) == 0 && full && !s->stopping) {
		if (pthread_cond_timedwait(&thr_ended, &s->lock, &deadline) == ETIMEDOUT)
			break;
	}
	if (*retry_after == 0 && full)
		*retry_after = 1;    /* still no place: the checks under way are slow */
	if (*retry_after > 0) {
		log_debug("sign-in refused for user '%s' from %s: locked out for %lld s more",
			  a->user, a->addr, (long long)*retry_after);
		return 1;
	}
	if (thr_nflights == thr_capflights) {
		thr_capflights = thr_capflights ? 2 * thr_capflights : 16;
		thr_flights = xreallocarray(thr_flights, thr_capflights, sizeof *thr_flights);
	}
	thr_flights[thr_nflights++] = a;
	return 0;
}

/* Lock (kind, key) out when it has had too many failures and is not
 * locked already; log it. */
static void thr_maybe_lock(struct srv *s, const struct thr_attempt *a, int i, int64_t now)
{
	const char *kind = thr_kinds[i], *key = thr_key(a, i);
	int64_t level, until;
	thr_lock_get(s, kind, key, &level, &until);
	int64_t failures = thr_failures(s, kind, key, now, until);
	if (until > now || failures < s->opt->login_failures)
		return;
	/* A lock-out soon after the last one ended is twice as long. */
	level = until > 0 && now - until < s->opt->login_window ? level + 1 : 1;
	int64_t max = s->opt->login_lock > THR_MAX_LOCK ? s->opt->login_lock : THR_MAX_LOCK;
	int64_t secs = s->opt->login_lock;
	for (int64_t l = 1; l < level && secs < max; l++)
		secs *= 2;
	if (secs > max)
		secs = max;
	db_run(s, "INSERT INTO login_locks(kind, key, level, until) VALUES(?,?,?,?) "
	       "ON CONFLICT(kind, key) DO UPDATE SET level = excluded.level, until = excluded.until",
	       "ssII", kind, key, level, now + secs);
	if (i == 0)
		log_warn("sign-in locked out for %lld s: user '%s' (%lld failures within %d s; the last from %s)",
			 (long long)secs, a->user, (long long)failures, s->opt->login_window, a->addr);
	else
		log_warn("sign-in locked out for %lld s: address %s (%lld failures within %d s; the last for user '%s')",
			 (long long)secs, a->addr, (long long)failures, s->opt->login_window, a->user);
}

void thr_failed(struct srv *s, const struct thr_attempt *a)
{
	int64_t now = clk_now();
	log_warn("failed sign-in for user '%s' from %s", a->user, a->addr);
	if (db_begin(s) == 0) {
		for (int i = 0; i < 2; i++) {
			db_run(s, "INSERT INTO login_attempts(kind, key, at) VALUES(?,?,?)", "ssI",
			       thr_kinds[i], thr_key(a, i), now);
			thr_maybe_lock(s, a, i, now);
		}
		/* Failures older than the window never count again. */
		db_run(s, "DELETE FROM login_attempts WHERE at <= ?", "I", now - s->opt->login_window);
		if (db_commit(s))
			db_rollback(s);
	}
	thr_land(a);
}

void thr_forget_user(struct srv *s, const char *user)
{
	db_run(s, "DELETE FROM login_attempts WHERE kind = 'user' AND key = ?", "s", user);
	db_run(s, "DELETE FROM login_locks WHERE kind = 'user' AND key = ?", "s", user);
}

void thr_succeeded(struct srv *s, const struct thr_attempt *a)
{
	/* Most sign-ins follow no failure: then there is nothing to write. */
	if (db_int(s, "SELECT (SELECT count(*) FROM login_attempts WHERE kind = 'user' AND key = ?1) + "
		   "(SELECT count(*) FROM login_locks WHERE kind = 'user' AND key = ?1)", 0, "s", a->user) > 0 &&
	    db_begin(s) == 0) {
		thr_forget_user(s, a->user);
		if (db_commit(s))
			db_rollback(s);
	}
	thr_land(a);
}
