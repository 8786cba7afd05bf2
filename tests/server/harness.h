/* harness.h - integration tests against a real wicketd.
 *
 * wd_start() runs the built wicketd (path in $WICKETD) on port 0 with a
 * temporary database and waits for its ready line ("listening on URL") on
 * a pipe: no sleeps.  http() talks to it with libcurl over loopback. */
#ifndef WICKET_TEST_HARNESS_H
#define WICKET_TEST_HARNESS_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include <cjson/cJSON.h>

struct wd {
	pid_t pid;
	char url[128];        /* http://127.0.0.1:PORT */
	char dir[256];        /* temporary directory, removed by wd_stop */
	char db[320];         /* dir/wicketd.db, or a postgresql:// URL (wd_on_postgresql) */
	char args[512];       /* extra arguments given to wd_start */
	char source[64];      /* local address http() sends from ("127.0.0.2"); "" = any */
	char log[340];        /* dir/wicketd.log after wd_start_logging, else "" */
};

/* Start wicketd with --demo (when demo) and the extra arguments (split on
 * spaces; may be NULL).  Aborts the test on failure. */
/* Whether the server suites run on PostgreSQL (WICKET_TEST_PG_HOST is
 * set by tests/pg's runner): each wicketd gets a new database of it. */
bool wd_on_postgresql(void);
void wd_start(struct wd *w, bool demo, const char *extra);
/* wd_start with --demo on a copy of the data directory src whose morning
 * queue is made by data_with_queue (below); the copy is in w's directory. */
void wd_start_queue(struct wd *w, const char *src, const char *const *services, size_t n,
		    int per_service);
/* wd_start on the demo hall at a time of day its morning queue fits in:
 * the demo seeds tickets up to 90 minutes old, but never before the hall's
 * midnight, so between 00:00 and 02:00 (Beijing time) the hall's clock is
 * moved on to 02:00 with --time-shift (unless extra has one). */
void wd_start_daytime(struct wd *w, const char *extra);
/* Start a second wicketd on first's database (PostgreSQL: two processes
 * serving one platform), with a temporary directory of its own and the
 * extra arguments. */
void wd_start_beside(struct wd *w, const struct wd *first, const char *extra);
/* Start again on the same database (after wd_kill or wd_term). */
void wd_restart(struct wd *w, const char *extra);
/* Stop (SIGTERM) when running, and start again on the same database with extra (NULL =
 * those of wd_start), logging at debug level into the file log_path
 * (created, or appended to) instead of the test's stderr. */
void wd_restart_logging(struct wd *w, const char *extra, const char *log_path);
/* wd_start with wicketd's log at debug level in the file w->log (in w's
 * directory) instead of the test's stderr: the lines the tests wait on. */
void wd_start_logging(struct wd *w, bool demo, const char *extra);
/* How many times text occurs in w->log (after wd_start_logging). */
int wd_log_count(const struct wd *w, const char *text);
/* Wait until text occurs count times in w->log: woken by each write to the
 * file (inotify), no polling; the test fails after timeout_ms, a bound for
 * failures only. */
void wd_log_wait(const struct wd *w, const char *text, int count, int timeout_ms);
/* The start of the line wicketd logs (at debug level, src/server/events.c)
 * when a long-poll after seq since starts to wait, into out[len]; returns
 * out.  The line is written under the feed's lock: once it is read, a
 * change made next wakes that long-poll. */
const char *wd_parked_line(int64_t since, char *out, size_t len);
/* How many long-polls after since have started to wait so far (in w->log):
 * taken before one is started, to wait for one more. */
int wd_parked_count(const struct wd *w, int64_t since);
/* An inotify descriptor (non-blocking, the caller closes it) that becomes
 * readable when w->log is written to, for a test's own loop (net_wait's
 * fd); wd_log_drain empties it before the next wait. */
int wd_log_watch(const struct wd *w);
void wd_log_drain(int watch);
/* Run wicketd with args (a shell command line's words) to its end: its
 * exit status (-1 when killed), and its stderr in err[errlen].  When it
 * starts to serve instead, it is stopped and 0 returned. */
int wd_run(const char *args, char *err, size_t errlen);
/* SIGTERM and wait; returns the exit status.  The directory stays. */
int wd_term(struct wd *w);
/* SIGKILL and wait. */
void wd_kill(struct wd *w);
/* wd_term if running, then remove the temporary directory. */
void wd_stop(struct wd *w);

struct resp {
	long status;
	char *body;           /* NUL-terminated */
	cJSON *json;          /* parsed body or NULL */
	bool replayed;        /* Idempotent-Replayed header seen */
	long retry_after;     /* the Retry-After header's seconds; -1 when absent */
	char content_type[128]; /* the Content-Type header, "" when none */
};

/* One request.  token and idem_key may be NULL; body is JSON text or NULL.
 * Returns the status (0 when no answer came). Free out with resp_free. */
long http(const struct wd *w, const char *method, const char *path, const char *token,
	  const char *body, const char *idem_key, struct resp *out);
/* The same with a raw body of len bytes (may hold NUL / invalid UTF-8). */
long http_raw(const struct wd *w, const char *method, const char *path, const char *token,
	      const char *body, size_t len, const char *idem_key, struct resp *out);
/* A GET with one extra request header (e.g. "Accept: text/csv"). */
long http_get_h(const struct wd *w, const char *path, const char *token, const char *header,
		struct resp *out);
void resp_free(struct resp *r);

/* The monotonic clock in milliseconds, and what is left of it until
 * deadline (0 once passed): a test's bound for a wait, never a pause. */
long long test_now_ms(void);
int test_left_ms(long long deadline);

/* A new temporary directory (under $TMPDIR, else /tmp) into out[len];
 * aborts the test on failure.  tmp_remove() deletes it and all it holds. */
void tmp_make(char *out, size_t len);
void tmp_remove(const char *dir);
/* Copy the demo hall of the data directory src (src/demo/\*.json) into
 * dst/demo, for a test to change a file of it. */
void data_copy(const char *src, const char *dst);
/* data_copy, with a morning queue of its own in dst/demo/tickets.json:
 * per_service waiting tickets for each of the n services, the services in
 * turn, taken over the last 90 minutes, oldest first (so queue order is
 * the order of ids). */
void data_with_queue(const char *src, const char *dst, const char *const *services, size_t n,
		     int per_service);
/* Write len bytes of text to the file dir/name; aborts on failure. */
void file_write(const char *dir, const char *name, const char *text, size_t len);

/* A printf into a ring of 8 static buffers of 4 KiB, for a request's
 * path and body: valid until 8 more calls (not for threads). */
char *wd_fmt(const char *f, ...) __attribute__((format(printf, 1, 2)));

/* One request that must answer `want` (the test fails otherwise, showing
 * the reply); returns the parsed reply, which the caller deletes. */
cJSON *wd_call(const struct wd *w, const char *method, const char *path, const char *token,
	       const char *body, long want);
/* wd_call as `user` signed in afresh (at window when > 0), on the path
 * made from fmt: a test's step taken by another person in a few words. */
cJSON *wd_call_as(const struct wd *w, const char *method, const char *user, int window,
		  const char *body, long want, const char *fmt, ...) __attribute__((format(printf, 7, 8)));
/* One request that must fail with `want` and the error code `code`, with a
 * message, and (when current is not NULL) with error.current == current. */
void wd_call_err(const struct wd *w, const char *method, const char *path, const char *token,
		 const char *body, long want, const char *code, const char *current);

/* Sign in (window 0 = none given); returns a malloc'd token, aborts on failure. */
char *wd_login(const struct wd *w, const char *user, int window);
/* The error code of a reply, or "" when it is not an error. */
const char *resp_error_code(const struct resp *r);
/* The whole file at path as a malloc'd string; aborts the test when it
 * cannot be read. */
char *slurp(const char *path);
/* Shorthands into r->json. */
const char *jstr(const cJSON *obj, const char *name);
double jnum(const cJSON *obj, const char *name);

/* "YYYY-MM-DDTHH:MM:SS" hall time (the demo hall's +08:00) as epoch
 * seconds: what --time-shift a test needs to put the server's clock there. */
int64_t wd_hall_epoch(const char *at);
/* The name wicketd's log and throttle give a user name no account has
 * (src/server/auth.c): "(unknown #" and 12 hex digits of its SHA-256 ")",
 * into out; returns out. */
const char *wd_unknown_name(const char *user, char out[40]);

#endif
