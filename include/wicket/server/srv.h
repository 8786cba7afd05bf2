/* srv.h - wicketd's internals shared by the HTTP layer and the handlers.
 *
 * The shape follows libmicrohttpd's examples and GNU Taler: a route table
 * (routes.c), per-request state (struct req, freed in the completed
 * callback), one handler per endpoint, and one reply helper that owns the
 * response.  Handlers never touch libmicrohttpd: they read struct req and
 * set a reply with srv_reply() / srv_error(); http.c sends it.
 *
 * Concurrency: one SQLite connection guarded by srv->lock.  Every request
 * holds the lock while its handler runs; a write route runs inside a
 * SAVEPOINT of a BEGIN IMMEDIATE transaction (so a ticket can never be
 * called twice) that commits before any 2xx reply is sent, one COMMIT for
 * the write requests that queued meanwhile (group commit, batch.c). */
#ifndef WICKET_SRV_H
#define WICKET_SRV_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "wicket/common/buf.h"
#include "wicket/core/calendar.h"
#include "wicket/core/date.h"
#include "wicket/server/options.h"

#define SRV_MAX_BODY (64 * 1024)
#define SRV_MAX_IDEM_KEY 200      /* characters of an Idempotency-Key */
#define SRV_MAX_PARAMS 4

enum role { ROLE_NONE, ROLE_CLERK, ROLE_SUPERVISOR, ROLE_TRAINER, ROLE_ADMIN, ROLE_KIOSK,
	    ROLE_EVALUATOR, ROLE_DISPLAY, ROLE_GUIDE };
/* Bit per role, for the route table's `roles` field. */
#define R(role) (1u << (role))
#define R_ANY (R(ROLE_CLERK) | R(ROLE_SUPERVISOR) | R(ROLE_TRAINER) | R(ROLE_ADMIN) | R(ROLE_KIOSK) | \
	       R(ROLE_EVALUATOR) | R(ROLE_DISPLAY) | R(ROLE_GUIDE))
#define R_STAFF (R(ROLE_CLERK) | R(ROLE_SUPERVISOR) | R(ROLE_TRAINER) | R(ROLE_ADMIN))

/* A prepared query (db.c): SQLite's statement or PostgreSQL's (db_pg.c),
 * owned by its connection's cache.  The handlers see only this and the
 * db_* functions, whatever the engine. */
typedef struct db_q db_q;
/* What db_step() returns. */
enum { DB_ERROR = -1, DB_DONE = 0, DB_ROW = 1 };
/* The engine of a database (db.c): chosen by --db. */
enum db_engine { DB_SQLITE, DB_POSTGRESQL };

/* A connection's statement cache: open addressing on the SQL's address. */
struct db_cache {
	struct db_q **slots;
	size_t cap, n;            /* cap a power of two, or 0 */
};

struct sqlite3;
struct pg_conn;

/* A read-only connection of the hall's database, for reads off the lock
 * (db.c: db_read_begin). */
struct db_reader {
	struct sqlite3 *db;
	struct pg_conn *pg;
	struct db_cache cache;
	struct db_reader *next;   /* on the free list */
};

struct drills;

/* A database and what serves it: the hall, or a drill's sandbox (drills.c),
 * each with its own connection, lock, statement cache and event feed. */
struct srv {
	struct srv_options *opt;
	enum db_engine engine;
	struct sqlite3 *db;       /* DB_SQLITE: the writer's connection */
	struct pg_conn *pg;       /* DB_POSTGRESQL: the writer's connection */
	struct pg_listener *listener; /* DB_POSTGRESQL, hall 1's: every wicketd's news */
	int64_t hall_id;          /* its id on the platform (platform.c); 1 for the first hall */
	int64_t drill_id;         /* a drill's sandbox: its drill, of hall drill_hall (0 for a hall): */
	int64_t drill_hall;       /* on PostgreSQL its write lock and its news name it */
	char *db_where;           /* the file or URL it was opened at (db_open): the read
				   * connections, the listener and the other halls open it too */
	struct platform *platform; /* the halls served with it; NULL in a drill's sandbox */
	pthread_mutex_t lock;     /* guards db and everything below */
	struct db_cache stmts;    /* db's statement cache (db.c) */
	/* Read connections (db.c), the hall's only: a read route runs on one,
	 * off the lock, and sees what is committed. */
	bool readers_on;
	pthread_mutex_t readers_lock; /* guards readers */
	struct db_reader *readers;   /* free ones */
	/* The checkpointer (db.c), the hall's only: its own connection and
	 * thread, stopped by ckpt_stop under ckpt_lock. */
	struct sqlite3 *ckpt_db;
	pthread_t ckpt_thread;
	pthread_mutex_t ckpt_lock;
	pthread_cond_t ckpt_cv;
	bool ckpt_stop;
	atomic_bool ckpt_due;     /* the WAL is long: checkpoint now (db.c) */
	int events_waiting;       /* long-polls parked on this feed (events.c; guarded by
				   * its own lock, not this one) */
	/* What long-polls read again and again, kept from one change of the
	 * feed to the next (ev_wake forgets it; events.c): */
	bool events_known;        /* events_first and events_newest are read */
	int64_t events_first, events_newest; /* the oldest and newest seq kept */
	char *events_reply;       /* the last reply with events, NULL when none, */
	int64_t events_reply_since; /* and its since: the waiters a wake-up resumes */
	bool stopping;
	int64_t swept_at;         /* clk_now() when the ratings and bookings were last swept (serve.c) */
	struct calendar *cal;     /* swapped under the lock by a reload (calendar_reload.c) */
	struct calendar **cal_retired; /* calendars a reload replaced: a drill may still read */
	size_t ncal_retired;      /* one; freed by srv_close() */
	char *hall_name;
	int64_t events_keep;      /* how many events are kept for long-polls */
	struct drills *drills;    /* the hall's drills (drills.c); NULL in a sandbox */
	date_t day_rolled;        /* the day whose roll-over has run (h_hall.c); 0 = none yet */
	/* Group commit (batch.c): the write transaction held open while its
	 * members wait for the one COMMIT that answers them all. */
	pthread_cond_t batch_cv;  /* a batch was committed (with lock) */
	bool batch_open;
	int batch_n;              /* requests in the open batch */
	int64_t batch_opened_us;  /* when it began (CLOCK_MONOTONIC) */
	struct req *batch_members; /* linked by batch_next */
	atomic_int writers_waiting; /* write requests waiting for the lock */
};

/* Who is calling: filled from the bearer token before the handler runs. */
struct auth {
	enum role role;
	char token[65];           /* the SHA-256 of the bearer token, as the sessions table has it */
	char user[64];
	char name[128];
	int windows[16];          /* the windows this session may act on */
	int nwindows;
	int64_t drill;            /* the drill the session was signed in to; 0 for the hall */
	char drill_code[8];       /* its code, "" for the hall */
};

/* Looks up query argument `name` of a request: its value, or NULL.  ctx
 * is the request's query_ctx; the value belongs to whoever supplies it and
 * lives as long as the request. */
typedef const char *(*req_query_fn)(void *ctx, const char *name);

/* How a front end parks a request without a thread waiting on it (http.c:
 * libmicrohttpd's suspend and resume of the connection).  suspend(ctx) is
 * called from the request's own handler, under its feed's lock; resume(ctx)
 * from any thread, once per suspend, after which the front end calls
 * ev_poll_again() for the request. */
struct req_park_ops {
	void (*suspend)(void *ctx);
	void (*resume)(void *ctx);
};

struct ev_wait;
struct drill;

struct req {
	struct srv *srv;          /* the hall, or the sandbox of a drill's session */
	const char *method;
	char *path;               /* decoded path, without the query string */
	struct buf body;          /* the request body, at most SRV_MAX_BODY */
	bool too_large;
	cJSON *json;              /* parsed body of a POST (object), or NULL */
	const char *params[SRV_MAX_PARAMS]; /* {placeholders} of the route, in order */
	int nparams;
	char *param_store;        /* owns the strings params point into */
	struct auth auth;
	char *idem_key;           /* Idempotency-Key header, copied */
	req_query_fn query;       /* query-argument lookup; NULL = no query */
	req_query_fn header;      /* request-header lookup; NULL = no headers */
	void *query_ctx;          /* their context (http.c: the MHD connection) */
	char addr[64];            /* the client's numeric address; "" = unknown */
	char bad_header[96];      /* why the headers are refused (http.c); "" = they are not */
	const struct req_park_ops *park; /* NULL: a long-poll cannot park (answers at once) */
	void *park_ctx;           /* park's context (http.c: the MHD connection) */
	struct ev_wait *wait;     /* its long-poll, once parked (events.c); freed by req_free */
	struct drill *drill;      /* the drill it holds (srv_drill.h: drill_hold, drill_done) */
	/* The reply, owned here until http.c sends it. */
	int status;
	char *reply;              /* JSON text, or of content_type */
	const char *content_type; /* static; NULL for JSON */
	bool events_added;        /* wake long-polls after commit */
	bool replayed;            /* reply came from the idempotency store */
	int retry_after;          /* seconds for a Retry-After header; 0 = none */
	char *pwhash;             /* hash of the body's "password" (hash_password routes) */
	struct req *batch_next;   /* the next member of its batch (batch.c) */
	bool batch_done;          /* its batch was committed (or failed: then a 503) */
	bool batch_parked;        /* waits for that commit with its connection suspended
				   * (park): no thread waits; the commit resumes it */
};

typedef void (*handler_fn)(struct req *r);

struct route {
	const char *method;       /* "GET" or "POST" */
	const char *pattern;      /* e.g. "/api/v1/tickets/{id}/recall" */
	handler_fn fn;
	unsigned roles;           /* R(...) bits allowed; 0 = no sign-in needed */
	bool write;               /* runs in a transaction, honours Idempotency-Key */
	bool own_lock;            /* takes srv->lock itself (long-polls, slow hashing) */
	bool snapshot;            /* a read of the database only: served off the lock,
				   * on a read connection (the hall's) */
	bool hash_password;       /* hash the body's "password" outside the lock first */
	bool case_reply;          /* answers with one case (idempotency keeps its id only) */
};

/* ---- replies (reply.c) ---- */
/* Set the reply to `status` with the JSON `body`, which this takes over (it is
 * printed and deleted). */
void srv_reply(struct req *r, int status, cJSON *body);
/* Set an error reply {"error":{"code","message"}}; `extra`, when not NULL, is
 * taken over and its members are added to the error object (e.g. the
 * current state on a 409).  The message is at most 511 bytes, sanitised
 * (utf8_sanitize): what it quotes of the request cannot make the reply
 * invalid UTF-8. */
void srv_error_x(struct req *r, int status, const char *code, cJSON *extra,
		 const char *fmt, ...) __attribute__((format(printf, 5, 6)));
#define srv_error(r, status, code, ...) srv_error_x(r, status, code, NULL, __VA_ARGS__)

/* Set a 200 reply {"<name>": list}; list (an array) is taken over. */
void srv_reply_list(struct req *r, const char *name, cJSON *list);
/* Set a reply that is not JSON: text (taken over, NUL-terminated) of the
 * static content_type, e.g. "text/csv; charset=utf-8". */
void srv_reply_text(struct req *r, int status, const char *content_type, char *text);

/* Add column col of st to o as member name, by type: 's' text, 'i'
 * integer, 'b' bool (each null when NULL), 'j' an array stored as JSON
 * text, 't' an epoch time as ISO (null when 0 or NULL). */
void srv_json_col(cJSON *o, const char *name, db_q *st, int col, char type);
/* A column of a result row and the member it becomes (type as above). */
struct srv_col {
	const char *name;
	char type;
};
/* Add the columns col, col + 1, ... of st to o as the members cols[0..n). */
void srv_json_cols(cJSON *o, db_q *st, int col, const struct srv_col *cols, size_t n);
/* Every row of the prepared statement st (stepped, then reset) as an
 * array of objects with the members cols[0..n) of its first columns.  The
 * caller owns the array. */
cJSON *srv_json_rows(db_q *st, const struct srv_col *cols, size_t n);

/* ---- request helpers (reply.c) ---- */
/* The value of query argument `name`, or NULL (also when r has no query
 * lookup); owned by whoever supplied r->query. */
const char *req_query(struct req *r, const char *name);
/* The value of request header `name`, or NULL; owned by libmicrohttpd. */
const char *req_header(struct req *r, const char *name);
/* Query argument `name` as a date YYYY-MM-DD, dflt when absent.  Returns 0,
 * or -1 after a 400 invalid_query. */
int req_query_date(struct req *r, const char *name, date_t dflt, date_t *out);
/* Query argument `name` as a whole number lo..hi, dflt when absent.
 * Returns 0, or -1 after a 400 invalid_query. */
int req_query_int(struct req *r, const char *name, long lo, long hi, long dflt, long *out);
/* A page of a list (docs/api.md, "Paged lists"): at most limit rows
 * from offset on. */
struct req_page {
	long limit, offset;
};
#define SRV_PAGE_LIMIT 100        /* a list's page when no ?limit= is given */
#define SRV_PAGE_MAX 500          /* the largest ?limit= a list accepts */
#define SRV_PAGE_OFFSET_MAX 1000000000L
/* ?limit= (1..max, dflt when absent) and ?offset= (0..SRV_PAGE_OFFSET_MAX,
 * 0 when absent) into *p.  Returns 0, or -1 after a 400 invalid_query. */
int req_query_page(struct req *r, long dflt, long max, struct req_page *p);
/* Add "total" (how many rows the list has in all) and p's "offset" and
 * "limit" to root, beside the page's array. */
void srv_json_page(cJSON *root, const struct req_page *p, int64_t total);
/* Reply 200 {name: list, "total", "offset", "limit"}: page p of a list of
 * total rows (list is taken over). */
void srv_reply_page(struct req *r, const char *name, cJSON *list, const struct req_page *p, int64_t total);
/* The period of ?from=&to= (dates, both included): to defaults to today,
 * from to the start of the `days` days that end on to; from <= to.
 * Returns 0, or -1 after a 400 invalid_query. */
int req_query_period(struct req *r, int days, date_t *from, date_t *to);
/* Parse route param i as a positive integer; on failure set a 404 reply
 * naming `what` and return -1. */
int req_param_id(struct req *r, int i, const char *what, int64_t *out);
/* Body field accessors.  Each returns 0 when the field is present and of the
 * right type, 1 when it is absent and not required, and -1 after setting a
 * 400 reply (missing required field or wrong type). */
int req_str(struct req *r, const char *field, bool required, const char **out);
int req_int(struct req *r, const char *field, bool required, long lo, long hi, int64_t *out);
int req_bool(struct req *r, const char *field, bool required, bool *out);
/* The same for member field of obj (any JSON object of the body), whose
 * path prefix (e.g. "findings[2].", "" at the top) names it in messages. */
int req_obj_str(struct req *r, const cJSON *obj, const char *prefix, const char *field,
		bool required, const char **out);
int req_obj_int(struct req *r, const cJSON *obj, const char *prefix, const char *field,
		bool required, long lo, long hi, int64_t *out);
int req_obj_bool(struct req *r, const cJSON *obj, const char *prefix, const char *field,
		 bool required, bool *out);
/* A string member that is free text fit to store and show: min..max
 * characters, no control characters (case_text_valid() of case.h); else a
 * 400 invalid_field.  Returns like req_str. */
int req_obj_text(struct req *r, const cJSON *obj, const char *prefix, const char *field,
		 bool required, size_t min, size_t max, const char **out);
/* Free text (a reason, a comment, a name) that came as `field`: true when
 * it is min..max characters of text fit to store and show (see
 * case_text_valid: no control character, C0, DEL or C1, and no bidi
 * control), false after setting 400 invalid_field. */
bool req_text_ok(struct req *r, const char *field, const char *s, size_t min, size_t max);
/* req_str, then req_text_ok on the string.  Returns like req_str. */
int req_text(struct req *r, const char *field, bool required, size_t min, size_t max,
	     const char **out);
/* True when the signed-in user may act on window `no`; false after setting 403. */
bool req_may_act_on_window(struct req *r, int no);
/* True when the caller is a clerk signed in to window `no` (sets no reply). */
bool req_at_window(const struct req *r, int no);
/* The client's numeric address ("127.0.0.1", "::1"; an IPv4-mapped IPv6
 * address as IPv4: r->addr as the front end set it) into out, "unknown"
 * when it was not given. */
void req_client_addr(struct req *r, char out[64]);

/* The offset of the first NUL in a string of the JSON text (len bytes): a
 * raw 0 byte or a \u0000 escape, which cJSON would silently cut the string
 * at; -1 when there is none. */
long srv_json_nul(const char *text, size_t len);

/* The key of the PostgreSQL advisory lock a drill's sandbox s takes for
 * its writes (with PG_LOCK_DRILL, db_pg.h): made of its hall and drill. */
int db_pg_drill_key(const struct srv *s);

/* ---- database (db.c) ---- */
/* Open (creating when missing) and migrate the database.  Returns 0, or -1
 * with a message in err. */
int db_open(struct srv *s, const char *path, char *err, size_t errlen);
/* Finalize every cached statement of s's connection (before its database
 * is replaced underneath it, e.g. by sqlite3_deserialize). */
void db_forget_statements(struct srv *s);
void db_close(struct srv *s);
/* A cached prepared query for the literal `sql`, reset and bound from
 * fmt: 'i' int, 'I' int64_t, 's' const char * (NULL binds NULL), 'd' double,
 * 'n' NULL, 'N' an integer written as text (const char *; NULL binds NULL).  Owned by the cache: do not free.  Aborts on an SQL error
 * in the literal (a programming error).  The SQL is SQLite's; on
 * PostgreSQL it is translated once (db_pg.c: placeholders, the reserved
 * column names user, window and end, a few functions). */
db_q *db_prep(struct srv *s, const char *sql, const char *fmt, ...);
/* The next row of q: DB_ROW, DB_DONE when there are no more (a statement
 * that returns none is run), or DB_ERROR (logged). */
int db_step(db_q *q);
/* How many statements failed on this thread so far: a handler's answer is
 * not to be trusted when it grew while it ran (a lost connection reads as
 * no rows), so serve.c answers 503 busy instead. */
unsigned db_errors(void);
/* Forget q's rows and bindings (done before each db_prep too): a query
 * left stepped keeps SQLite's read snapshot open. */
void db_reset(db_q *q);
/* Column col of q's current row as an integer (0 when NULL; a boolean is
 * 0 or 1), and whether it is NULL. */
int64_t db_col_i64(db_q *q, int col);
int db_col_int(db_q *q, int col);
bool db_col_null(db_q *q, int col);
/* The id the last INSERT on s's connection gave its row. */
int64_t db_last_id(struct srv *s);
/* Rows the last INSERT, UPDATE or DELETE on s's connection changed. */
int db_changes(struct srv *s);
/* Whether s's writer is inside a transaction. */
bool db_in_tx(struct srv *s);
/* The last error on s's writer connection (static or s's; do not free). */
const char *db_errmsg(struct srv *s);
/* Run sql (one or more statements, no parameters, no rows wanted) as it
 * is, uncached and untranslated: SQL made at run time, such as a hall's
 * schema's name.  Returns 0, or -1 with the error logged. */
int db_exec(struct srv *s, const char *sql);
/* Run a statement that returns no rows.  Returns 0 or -1 (error logged). */
int db_run(struct srv *s, const char *sql, const char *fmt, ...);
/* First column of the first row as int64, or dflt when there is no row. */
int64_t db_int(struct srv *s, const char *sql, int64_t dflt, const char *fmt, ...);
/* First column of the first row as a malloc'd string (caller frees), or NULL. */
char *db_text(struct srv *s, const char *sql, const char *fmt, ...);
/* Column helpers: text as "" when NULL. */
const char *db_col_text(db_q *st, int col);
/* An ISO date column as a date; 0 when NULL or not a date. */
date_t db_col_date(db_q *st, int col);
/* BEGIN IMMEDIATE / COMMIT / ROLLBACK. Return 0 or -1. */
/* Serve reads of s on a read-only connection of this thread, off s->lock:
 * takes a free connection of s's (opened when none is free), begins a read
 * transaction on it, and makes it the one db_prep() and the other db_*
 * functions use for s on this thread.  Returns false (nothing done) when s
 * has no read connections (a drill's sandbox, an in-memory database): then
 * read under the lock.  End with db_read_end(). */
bool db_read_begin(struct srv *s);
/* End the read transaction db_read_begin began and give its connection back. */
void db_read_end(struct srv *s);
/* Open s's read connections from now on, and checkpoint its WAL on a
 * thread of its own rather than in a commit (after db_open, for the hall). */
void db_readers_enable(struct srv *s);
int db_begin(struct srv *s);
int db_commit(struct srv *s);
void db_rollback(struct srv *s);

/* ---- time (clock.c) ---- */
/* Seconds since the epoch, as the hall's clock says. */
int64_t clk_now(void);
/* Today's date in the hall's time zone. */
date_t clk_today(void);
/* The date of an epoch time in the hall's time zone. */
date_t clk_date_of(int64_t t);
/* The epoch time at which day d begins (00:00) in the hall's time zone. */
int64_t clk_day_start(date_t d);
/* ISO 8601 with offset, e.g. "2026-11-23T09:15:02+08:00", into out[32]. */
void clk_format(int64_t t, char out[32]);
/* Add an ISO time field to obj when t > 0, null otherwise. */
void clk_json_add(cJSON *obj, const char *name, int64_t t);
/* Set the process time zone (before threads start) and a shift in seconds
 * applied to every reading (for drills and tests). */
void clk_init(const char *tz, int64_t shift);

/* ---- events (events.c) ---- */
/* Append an event in the current transaction; data is taken over (may be
 * NULL).  Marks the request so long-polls are woken after commit. */
void ev_add(struct req *r, const char *kind, int window, int64_t ticket,
	    int64_t case_id, cJSON *data);
/* ev_add of something that happened at `at` (the event and the window's
 * log say so) rather than now. */
void ev_add_at(struct req *r, int64_t at, const char *kind, int window, int64_t ticket,
	       int64_t case_id, cJSON *data);
/* A sign-in or sign-out (kind clerk.signed_in / clerk.signed_out) of user
 * at each window of the JSON array of numbers windows: one event each, so
 * that the windows' logs show who was there.  Runs in the caller's
 * transaction with srv->lock held.  Returns 0. */
int ev_add_session(struct req *r, const char *kind, const char *user, const cJSON *windows);
/* Wake the long-polls parked on s's feed (the hall's or a drill's): each
 * is resumed, and reads the feed anew once s->lock is let go.  Call with
 * s->lock held, after the commit that added events (or after the feed was
 * made again, or s->stopping set). */
void ev_wake(struct srv *s);
/* True when r's long-poll is parked: its front end must send nothing now
 * (it answers once resumed, after ev_poll_again). */
bool ev_parked(const struct req *r);
/* A parked long-poll r was resumed: read its feed again and set its reply,
 * or park it again when there is still nothing and time left. */
void ev_poll_again(struct req *r);
/* Start the timer that ends the long-polls' waits (before serving), and
 * stop it (after s->stopping was set): every parked long-poll is then
 * answered and none parks any more. */
void ev_park_start(void);
void ev_park_stop(void);
/* Forget r's long-poll (req_free): off the list when it is still there. */
void ev_wait_free(struct req *r);
/* Forget s's cached long-poll reply (its database is closed). */
void ev_forget(struct srv *s);
/* At most this many long-polls of one session token are parked at once;
 * the next is refused with 429 too_many_long_polls. */
#define EV_PARKED_PER_TOKEN 4

/* An event object {seq, at, kind, window, ticket, case, data} from a row
 * whose first columns are seq, at, kind, window, ticket, case_id, data (of
 * the events or the window_log table).  The caller owns it. */
cJSON *ev_row_json(db_q *st);

/* ---- idempotency (idem.c) ---- */
/* Inside the write transaction: when r carries an Idempotency-Key answered
 * within the last --idempotency-hours, set r's reply to the stored answer
 * (or 422 for a key reused on a different request) and return 1; otherwise
 * return 0.  case_reply: the route answers with a case, which is read
 * afresh with the caller's rights of now (so the reply may be a 403). */
int idem_lookup(struct req *r, bool case_reply);
/* Store r's 2xx reply under its key, in the current transaction: a case
 * as its id only (case_reply), any other reply with applicants' ID numbers
 * and phones masked. */
void idem_store(struct req *r, bool case_reply);
/* Delete the keys older than --idempotency-hours; returns how many went,
 * or -1 on a database error. */
int idem_forget_old(struct srv *s);

/* ---- auth (auth.c) ---- */
/* Hash a password with yescrypt; returns a malloc'd string or NULL. */
char *auth_hash(const char *password);
/* True when password matches the stored hash (constant-time compare). */
bool auth_verify(const char *password, const char *hash);
/* Resolve "Bearer <token>" into r->auth.  Returns 0, or -1 (expired/unknown). */
int auth_resolve(struct req *r, const char *authorization);
const char *auth_role_name(enum role role);
enum role auth_role_parse(const char *s);
/* NULL when password is acceptable for an account (8 to 128 characters,
 * no control characters), else the error code to answer with; the message
 * goes into msg.  Never repeats the password. */
const char *auth_password_problem(const char *password, char *msg, size_t msglen);
/* Forget every session auth_resolve() keeps (auth.c): call before any
 * change to sessions or accounts that may end a session or its rights. */
void auth_cache_forget(void);
/* Sessions of s were ended (a sign-out, a revocation, a disabled account,
 * a drill's end): forget the cache here, and on PostgreSQL tell every
 * wicketd on the database to forget theirs when this commits. */
void auth_sessions_changed(struct srv *s);
/* Revoke every session of user; returns how many were revoked. */
int auth_revoke_user(struct srv *s, const char *user);

/* ---- sign-in throttling (throttle.c) ---- */
/* One sign-in attempt, keyed twice: by the user name tried and by the
 * client's address.  Both strings belong to the caller and must outlive
 * the attempt. */
struct thr_attempt {
	const char *user;
	const char *addr;
};
/* Under the lock, before the password hash: 0 when the attempt may go on
 * (it is then in flight, counting as a failure, until thr_failed or
 * thr_succeeded, one of which the caller must call); 1 when the user or
 * the address is locked out (*retry_after set, the refusal logged at
 * debug).  May wait a few seconds, releasing the lock, for attempts in
 * flight to end. */
int thr_begin(struct srv *s, struct thr_attempt *a, int64_t *retry_after);
/* Under the lock, after a wrong password: record and log the failure, and
 * lock the user or the address out when it has had too many. */
void thr_failed(struct srv *s, const struct thr_attempt *a);
/* Under the lock, after the right password: forget the user's failures and
 * lock-out (not the address's). */
void thr_succeeded(struct srv *s, const struct thr_attempt *a);
/* Under the lock, inside a transaction: forget the failures and lock-out
 * of user (a password reset, an account enabled). */
void thr_forget_user(struct srv *s, const char *user);

/* ---- tickets (h_tickets.c) ---- */
/* Insert a waiting ticket for `service` (matter may be NULL), numbered with
 * the service's prefix and the day's counter (e.g. "A023").  priority is
 * one of none/elderly/disabled/pregnant/military; appointment_at 0 when
 * none.  Runs inside the caller's transaction.  Returns 0 with *id and
 * number filled, -1 when the service does not exist, or -2 when the row
 * could not be written (the database refused it). */
int ticket_insert(struct srv *s, const char *service, const char *matter,
		  const char *priority, int64_t appointment_at, int64_t issued_at,
		  int64_t *id, char number[16]);

/* ---- enquiries, 首问负责 (h_enquiries.c) ---- */
/* The case case_id was taken up for ticket (its ticket, or one it was
 * transferred from): the open enquiries that issued that ticket are
 * closed as "case", each with its enquiry.closed event.  Runs in the
 * caller's transaction.  Returns how many were closed. */
int enq_case_taken(struct req *r, int64_t ticket, int64_t case_id);
/* Add "enquiries": per staff member who recorded any on the days from..to
 * (of the hall), {user, name, recorded, closed, closed_same_day}, to the
 * report root. */
void enq_report_add(struct srv *s, cJSON *root, date_t from, date_t to);

/* ---- the hall's day and settings (h_hall.c) ---- */
/* The hall's setting `key` (settings table) as a whole number lo..hi, or
 * dflt when it is absent or not such a number. */
int64_t hall_setting_int(struct srv *s, const char *key, int64_t dflt, int64_t lo, int64_t hi);
/* Store the hall's detail field ("name", "address", "phone", "hours",
 * "supervision_phone": what GET /hall calls it) as value, in the caller's
 * transaction.  Returns 0; 1 when field is not a detail or value is not
 * fit (why in msg); -1 when the database failed. */
int hall_detail_store(struct srv *s, const char *field, const char *value, char *msg, size_t len);
/* The field name of the hall's detail i (0, 1, ...), NULL past the last. */
const char *hall_detail_field(size_t i);
/* With srv->lock held, outside any transaction: when the hall's day has
 * changed since the last call, end the tickets of earlier days that are
 * still waiting or called (status expired, one ticket.expired event each,
 * in one transaction of its own) and wake the long-polls.  Cheap when the
 * day has not changed.  Does nothing in a drill's sandbox. */
void day_roll(struct srv *s);

/* ---- the calendar going live (calendar_reload.c) ---- */
/* Read the calendar folder again (srv_calendar_open()) and, when every file
 * is right, put it in place of s->cal under the lock and compute the due
 * date of every case whose clock runs again, in one transaction: each one
 * that moved or stopped being provisional is stored and gets a due_changed
 * step and event.  Without the lock held.  Returns 0 and *changes (an array
 * of {case, number, window, from, to, provisional, year}, the caller's to
 * free); -1 when a file is wrong (*err names file:line; nothing changed);
 * -2 when the database was busy (nothing changed).  Logs either way. */
int srv_calendar_reload(struct srv *s, struct cal_error *err, cJSON **changes);
/* Without the lock: every case whose clock runs due again with s->cal, as a
 * reload does (at start: cases a wicketd before the law's years accepted
 * were counted on weekends only).  Returns how many changed, or -1. */
int srv_calendar_recompute(struct srv *s);
/* True, with *year the next year, when today is in November or December
 * and no file covers the next year (the board and the log warn). */
bool srv_calendar_next_missing(const struct calendar *cal, date_t today, int *year);
/* Add "provisional_year" to o: when provisional, the first year of from..to
 * no notice's file covers (why the date is provisional: that year's
 * holidays are the law's, its make-up working days unknown); else null. */
void srv_json_provisional_year(struct srv *s, cJSON *o, date_t from, date_t to, bool provisional);
/* Log a warning when srv_calendar_next_missing() for today.  Under the lock
 * or before serving. */
void srv_calendar_warn(struct srv *s);

/* ---- matters (h_matters.c) ---- */
/* Add to obj an array `field` of the materials of `matter` (id, name, form,
 * copies, required, note), all of them or, when ids_json is a JSON array
 * of ids, only those. */
void matter_add_materials(struct srv *s, cJSON *obj, const char *field, const char *matter,
			  const char *ids_json);

/* ---- follow-up calls (h_callbacks.c) ---- */
/* Open a follow-up task of kind bad_rating for case_id, rated `level` (1
 * or 2) at the counter (source "counter") or in follow-up call `parent`
 * (source "callback"), due --bad-rating-days working days from today.
 * Runs in the caller's transaction and adds a callback.opened event.
 * Returns 0, or -1 after a 500 reply. */
int cb_open_bad_rating(struct req *r, int64_t case_id, int level, const char *source,
		       int64_t parent);
/* The same for a poor rating of a visit (ticket) that made no case: a
 * follow-up of the window with no applicant to call (source "counter"). */
int cb_open_bad_rating_visit(struct req *r, int64_t ticket, int level);

/* ---- 好差评, one rating per service (h_ratings.c) ---- */
/* Ticket `ticket` was just finished: when an evaluator is signed in at its
 * window (and not in a drill), its rating is asked for (a ratings row
 * 'asking' until the hall's rating_wait_seconds pass) and a rating.asked
 * event tells the window.  In the caller's transaction. */
void rating_ask(struct req *r, int64_t ticket);
/* With s->lock held, outside any transaction: the asked ratings past
 * their deadline end, unrated or with the system's default (the hall's
 * rating_system_default), one rating.expired event each, in a transaction
 * of their own; long-polls are woken.  Cheap when none is due. */
void rating_sweep(struct srv *s);
struct case_at;
/* The body's optional "reason" (attitude, efficiency, policy, materials,
 * environment, other: only with a level of 1 or 2) and "comment".
 * Returns 0, or -1 after a 400. */
int rating_read_reason(struct req *r, int64_t level, const char **reason, const char **comment);
/* A rating of the service of case case_id at `at` (its ticket, else the
 * case's latest visit) by channel "paper" (the clerk keying a paper form)
 * or "evaluator" (the hall's kiosk): refused with a 409 already_rated when
 * the service has its rating (but a system default).  Adds a
 * rating.recorded event.  Returns 0, or -1 after the 409. */
int rating_given(struct req *r, int64_t case_id, const struct case_at *at, int64_t level,
		 const char *reason, const char *comment, const char *channel);
/* A follow-up call's rating `level` of case_id: its second rating. */
void rating_callback(struct req *r, int64_t case_id, int64_t level);
/* Add "rating_channels" to a report's root: the services finished in
 * [start, end), how many were rated, by channel, and the share rated. */
void rating_report_add(struct srv *s, cJSON *root, int64_t start, int64_t end);

/* ---- demo hall (seed.c) ---- */
/* Seed an empty database from the JSON files in DIR/demo.  0 or -1 with err. */
int seed_demo(struct srv *s, const char *data_dir, char *err, size_t errlen);

/* ---- routes (routes.c) and the HTTP front (http.c) ---- */
extern const struct route srv_routes[];
extern const size_t srv_nroutes;
/* Match method+path; fills r->params.  Returns the route, or NULL with
 * *path_known set when the path exists under another method. */
const struct route *routes_match(struct req *r, bool *path_known);

/* s's calendar: read with this, not s->cal, since reads off the lock
 * (snapshot routes) may meet a reload swapping it (calendar_reload.c keeps
 * every calendar it replaces until the end). */
static inline struct calendar *srv_cal(struct srv *s)
{
	return __atomic_load_n(&s->cal, __ATOMIC_ACQUIRE);
}

/* ---- group commit (batch.c) ---- */
/* Set up and release s->lock and what group commit keeps beside it. */
void srv_lock_init(struct srv *s);
void srv_lock_destroy(struct srv *s);
/* A write request on its way to s's writer (checked first under s->lock):
 * counted as waiting from now, so that the open batch waits for it rather
 * than committing alone.  Each srv_writer_coming is ended by either
 * srv_lock_writer(s, true) or, when the request goes no further (refused,
 * or to another hall or a drill), srv_writer_gone (without the lock). */
void srv_writer_coming(struct srv *s);
void srv_writer_gone(struct srv *s);
/* Take s->lock as a write request: counted while waiting (already, when
 * counted says srv_writer_coming did), so that the batch open meanwhile
 * waits for this request to join it. */
void srv_lock_writer(struct srv *s, bool counted);
/* With s->lock held: open the batch's transaction when none is open and
 * begin the request's savepoint.  Returns 0, or -1 (database busy). */
int srv_batch_join(struct srv *s);
/* With s->lock held, after srv_batch_join and the request's work: keep
 * (release) or undo (roll back) its savepoint, then either commit the
 * batch now or wait, the lock let go meanwhile, until another commits it.
 * On return the batch holding r is committed, r->batch_done is set, and
 * when the commit failed a 2xx reply of r is replaced by 503 busy.  The
 * long-polls are woken for the batch's events.  Or, when r can park (a
 * hall's request over HTTP), it may return with r->batch_parked set and
 * its connection suspended: the commit, made by another, sets its reply
 * and resumes it, and the front end then sends that reply as it is. */
void srv_batch_leave(struct srv *s, struct req *r, bool keep);
/* With s->lock held: commit the open batch, if any, answering its members
 * (a 503 for each when the commit fails).  db_begin() calls it first. */
void srv_batch_flush(struct srv *s);

/* ---- serving a request (serve.c), whatever carried it ---- */
/* Set s up from s->opt: its lock, the calendar, the database (seeded with
 * the demo hall under --demo when it is empty).  Returns 0, or -1 with a
 * message in err; either way release s with srv_close(). */
int srv_open(struct srv *s, char *err, size_t errlen);
/* srv_open for one hall of the platform (s->hall_id set) on the database
 * at where (platform.c: a file, or a URL naming the hall's schema), without
 * the platform's halls.  Returns 0, or -1 with err; release s with
 * srv_close(). */
int srv_open_hall(struct srv *s, const char *where, char *err, size_t errlen);
void srv_close(struct srv *s);
/* A new request to s for method and path (copied).  GET and POST are kept
 * as literals; another method string must outlive the request.  The caller
 * owns it and frees it with req_free(). */
struct req *req_new(struct srv *s, const char *method, const char *path);
/* Append n bytes to r's body; past SRV_MAX_BODY r is marked too large (a
 * 413 from srv_dispatch) and the bytes are dropped. */
void req_add_body(struct req *r, const char *data, size_t n);
/* Free r and everything it owns; req_free(NULL) does nothing. */
void req_free(struct req *r);
/* Run the prepared request r (method, path, body, idem_key, query) to its
 * reply: match the route (404, 405), check the body (413; a POST's must be
 * valid UTF-8 and a JSON object: 400), resolve `authorization` (the
 * Authorization header's value, or NULL) against the route's roles (401,
 * 403), then run the handler; a write route runs in one BEGIN IMMEDIATE
 * transaction that honours r->idem_key and commits before a 2xx (503 when
 * it cannot).  Takes s->lock itself (own_lock routes: only around the
 * checks).  The reply is left in r->status and r->reply (owned by r);
 * long-polls are woken when the request added events. */
void srv_dispatch(struct req *r, const char *authorization);

/* Start serving (epoll, --threads threads, the parking timer); returns the
 * daemon handle (opaque) or NULL with err. */
void *http_start(struct srv *s, unsigned *port_out, char *err, size_t errlen);
/* Answer every parked long-poll, then stop serving (after s->stopping). */
void http_stop(void *daemon);

/* ---- handlers: one per endpoint (h_*.c) ---- */
#define HANDLERS(X) \
	X(h_login) X(h_logout) X(h_me) \
	X(h_windows_list) X(h_window_open) X(h_window_pause) X(h_window_close) \
	X(h_window_queue) X(h_window_call) \
	X(h_ticket_issue) X(h_ticket_get) X(h_ticket_recall) X(h_ticket_no_show) \
	X(h_ticket_start) X(h_ticket_transfer) X(h_ticket_finish) X(h_ticket_requeue) X(h_hall) X(h_hall_set) \
	X(h_services_list) X(h_matters_list) X(h_matter_get) \
	X(h_case_create) X(h_case_list) X(h_case_get) X(h_case_materials) X(h_case_deferred) \
	X(h_case_suspend) X(h_case_resume) X(h_case_complete) X(h_case_rating) \
	X(h_calendar_due) X(h_events) X(h_health) \
	X(h_accounts_list) X(h_account_create) X(h_account_password) \
	X(h_account_disable) X(h_account_enable) \
	X(h_board) X(h_window_day) \
	X(h_audit_create) X(h_audit_list) X(h_audit_get) X(h_audit_follow_up) \
	X(h_rectifications) \
	X(h_callback_sample) X(h_callback_list) X(h_callback_outcome) \
	X(h_reports) \
	X(h_drill_scenarios) X(h_drill_create) X(h_drill_list) X(h_drill_get) X(h_drill_release) \
	X(h_drill_run) X(h_drill_events) X(h_drill_reset) X(h_drill_finish) X(h_drill_score) \
	X(h_drill_leaderboard) \
	X(h_case_visit) \
	X(h_calendar_reload) \
	X(h_calls) \
	X(h_evaluator) X(h_evaluator_rate) X(h_ratings_export) \
	X(h_hours) X(h_slots) X(h_booking_create) X(h_booking_list) X(h_booking_get) \
	X(h_booking_cancel) X(h_booking_change) X(h_booking_check_in) \
	X(h_extra_create) X(h_extra_list) X(h_extra_close) \
	X(h_home_create) X(h_home_list) X(h_home_get) X(h_home_cancel) X(h_home_case) X(h_home_assign) \
	X(h_post_set) X(h_posts_list) X(h_absence_create) X(h_absence_list) \
	X(h_enquiry_create) X(h_enquiry_list) X(h_enquiry_close)
#define X(name) void name(struct req *r);
HANDLERS(X)
#undef X

#endif
