/* srv.h - wicketd's internals shared by the HTTP layer and the handlers.
 *
 * The shape follows libmicrohttpd's examples and GNU Taler: a route table
 * (routes.c), per-request state (struct req, freed in the completed
 * callback), one handler per endpoint, and one reply helper that owns the
 * response.  Handlers never touch libmicrohttpd: they read struct req and
 * set a reply with srv_reply() / srv_error(); http.c sends it.
 *
 * Concurrency: one SQLite connection guarded by srv->lock.  Every request
 * holds the lock while its handler runs; a write route runs inside one
 * BEGIN IMMEDIATE transaction (so a ticket can never be called twice) that
 * commits before any 2xx reply is sent. */
#ifndef WICKET_SRV_H
#define WICKET_SRV_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include <cjson/cJSON.h>
#include <sqlite3.h>

#include "wicket/buf.h"
#include "wicket/calendar.h"
#include "wicket/date.h"
#include "wicket/options.h"

#define SRV_MAX_BODY (64 * 1024)
#define SRV_MAX_PARAMS 4

enum role { ROLE_NONE, ROLE_CLERK, ROLE_SUPERVISOR, ROLE_TRAINER, ROLE_ADMIN, ROLE_KIOSK };
/* Bit per role, for the route table's `roles` field. */
#define R(role) (1u << (role))
#define R_ANY (R(ROLE_CLERK) | R(ROLE_SUPERVISOR) | R(ROLE_TRAINER) | R(ROLE_ADMIN) | R(ROLE_KIOSK))
#define R_STAFF (R(ROLE_CLERK) | R(ROLE_SUPERVISOR) | R(ROLE_TRAINER) | R(ROLE_ADMIN))

struct srv {
	struct srv_options *opt;
	sqlite3 *db;
	pthread_mutex_t lock;     /* guards db and everything below */
	pthread_cond_t events_cv; /* broadcast after a commit that added events */
	bool stopping;
	struct calendar *cal;
	char *hall_name;
	int64_t events_keep;      /* how many events are kept for long-polls */
};

/* Who is calling: filled from the bearer token before the handler runs. */
struct auth {
	enum role role;
	char token[65];
	char user[64];
	char name[128];
	int windows[16];          /* the windows this session may act on */
	int nwindows;
};

struct req {
	struct srv *srv;
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
	void *conn;               /* struct MHD_Connection *, for query args */
	/* The reply, owned here until http.c sends it. */
	int status;
	char *reply;              /* JSON text */
	bool events_added;        /* wake long-polls after commit */
	bool replayed;            /* reply came from the idempotency store */
};

typedef void (*handler_fn)(struct req *r);

struct route {
	const char *method;       /* "GET" or "POST" */
	const char *pattern;      /* e.g. "/api/v1/tickets/{id}/recall" */
	handler_fn fn;
	unsigned roles;           /* R(...) bits allowed; 0 = no sign-in needed */
	bool write;               /* runs in a transaction, honours Idempotency-Key */
	bool own_lock;            /* takes srv->lock itself (long-polls, slow hashing) */
};

/* ---- replies (reply.c) ---- */
/* Set the reply to `status` with the JSON `body`, which this takes over (it is
 * printed and deleted). */
void srv_reply(struct req *r, int status, cJSON *body);
/* Set an error reply {"error":{"code","message"}}; `extra`, when not NULL, is
 * taken over and its members are added to the error object (e.g. the
 * current state on a 409). */
void srv_error_x(struct req *r, int status, const char *code, cJSON *extra,
		 const char *fmt, ...) __attribute__((format(printf, 5, 6)));
#define srv_error(r, status, code, ...) srv_error_x(r, status, code, NULL, __VA_ARGS__)

/* ---- request helpers (reply.c) ---- */
/* The value of query argument `name`, or NULL; owned by libmicrohttpd. */
const char *req_query(struct req *r, const char *name);
/* Parse route param i as a positive integer; on failure set a 404 reply
 * naming `what` and return -1. */
int req_param_id(struct req *r, int i, const char *what, int64_t *out);
/* Body field accessors.  Each returns 0 when the field is present and of the
 * right type, 1 when it is absent and not required, and -1 after setting a
 * 400 reply (missing required field or wrong type). */
int req_str(struct req *r, const char *field, bool required, const char **out);
int req_int(struct req *r, const char *field, bool required, long lo, long hi, int64_t *out);
int req_bool(struct req *r, const char *field, bool required, bool *out);
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

/* The offset of the first NUL in a string of the JSON text (len bytes): a
 * raw 0 byte or a \u0000 escape, which cJSON would silently cut the string
 * at; -1 when there is none. */
long srv_json_nul(const char *text, size_t len);

/* ---- database (db.c) ---- */
/* Open (creating when missing) and migrate the database.  Returns 0, or -1
 * with a message in err. */
int db_open(struct srv *s, const char *path, char *err, size_t errlen);
void db_close(struct srv *s);
/* A cached prepared statement for the literal `sql`, reset and bound from
 * fmt: 'i' int, 'I' int64_t, 's' const char * (NULL binds NULL), 'd' double,
 * 'n' NULL.  Owned by the cache: do not finalize.  Aborts on an SQL error
 * in the literal (a programming error). */
sqlite3_stmt *db_prep(struct srv *s, const char *sql, const char *fmt, ...);
/* Run a statement that returns no rows.  Returns 0 or -1 (error logged). */
int db_run(struct srv *s, const char *sql, const char *fmt, ...);
/* First column of the first row as int64, or dflt when there is no row. */
int64_t db_int(struct srv *s, const char *sql, int64_t dflt, const char *fmt, ...);
/* First column of the first row as a malloc'd string (caller frees), or NULL. */
char *db_text(struct srv *s, const char *sql, const char *fmt, ...);
/* Column helpers: text as "" when NULL. */
const char *db_col_text(sqlite3_stmt *st, int col);
/* BEGIN IMMEDIATE / COMMIT / ROLLBACK. Return 0 or -1. */
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

/* ---- idempotency (idem.c) ---- */
/* Inside the write transaction: when r carries an Idempotency-Key already
 * answered, set r's reply to the stored answer (or 422 for a key reused on
 * a different request) and return 1; otherwise return 0. */
int idem_lookup(struct req *r);
/* Store r's 2xx reply under its key, in the current transaction. */
void idem_store(struct req *r);

/* ---- auth (auth.c) ---- */
/* Hash a password with yescrypt; returns a malloc'd string or NULL. */
char *auth_hash(const char *password);
/* True when password matches the stored hash (constant-time compare). */
bool auth_verify(const char *password, const char *hash);
/* Resolve "Bearer <token>" into r->auth.  Returns 0, or -1 (expired/unknown). */
int auth_resolve(struct req *r, const char *authorization);
const char *auth_role_name(enum role role);
enum role auth_role_parse(const char *s);

/* ---- tickets (h_tickets.c) ---- */
/* Insert a waiting ticket for `service` (matter may be NULL), numbered with
 * the service's prefix and the day's counter (e.g. "A023").  priority is
 * one of none/elderly/disabled/pregnant/military; appointment_at 0 when
 * none.  Runs inside the caller's transaction.  Returns 0 with *id and
 * number filled, or -1 when the service does not exist. */
int ticket_insert(struct srv *s, const char *service, const char *matter,
		  const char *priority, int64_t appointment_at, int64_t issued_at,
		  int64_t *id, char number[16]);

/* ---- matters (h_matters.c) ---- */
/* Add to obj an array `field` of the materials of `matter` (id, name, form,
 * copies, required, note), all of them or, when ids_json is a JSON array
 * of ids, only those. */
void matter_add_materials(struct srv *s, cJSON *obj, const char *field, const char *matter,
			  const char *ids_json);

/* ---- demo hall (seed.c) ---- */
/* Seed an empty database from the JSON files in DIR/demo.  0 or -1 with err. */
int seed_demo(struct srv *s, const char *data_dir, char *err, size_t errlen);

/* ---- routes (routes.c) and the HTTP front (http.c) ---- */
extern const struct route srv_routes[];
extern const size_t srv_nroutes;
/* Match method+path; fills r->params.  Returns the route, or NULL with
 * *path_known set when the path exists under another method. */
const struct route *routes_match(struct req *r, bool *path_known);

/* Start serving; returns the daemon handle (opaque) or NULL with err. */
void *http_start(struct srv *s, unsigned *port_out, char *err, size_t errlen);
void http_stop(void *daemon);

/* ---- handlers: one per endpoint (h_*.c) ---- */
#define HANDLERS(X) \
	X(h_login) X(h_logout) X(h_me) \
	X(h_windows_list) X(h_window_open) X(h_window_pause) X(h_window_close) \
	X(h_window_queue) X(h_window_call) \
	X(h_ticket_issue) X(h_ticket_get) X(h_ticket_recall) X(h_ticket_no_show) \
	X(h_ticket_start) X(h_ticket_transfer) X(h_ticket_finish) \
	X(h_services_list) X(h_matters_list) X(h_matter_get) \
	X(h_case_create) X(h_case_list) X(h_case_get) X(h_case_materials) \
	X(h_case_suspend) X(h_case_resume) X(h_case_complete) X(h_case_rating) \
	X(h_calendar_due) X(h_events) X(h_health)
#define X(name) void name(struct req *r);
HANDLERS(X)
#undef X

#endif
