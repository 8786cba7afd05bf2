/* db_pg.c - the PostgreSQL engine under db.c (see db_pg.h).
 *
 * A query is prepared on the server once per connection (PQprepare, named
 * q1, q2, ...) with its parameters' types taken from its first bindings:
 * integers as int8, doubles as float8, text as text, NULL left for the
 * server to infer.  Its rows are fetched whole at the first step, as the
 * handlers read every row they ask for.  Values travel as text. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <ctype.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libpq-fe.h>

#include "wicket/common/buf.h"
#include "wicket/common/log.h"
#include "wicket/common/xalloc.h"
#include "wicket/server/db_pg.h"
#include "wicket/server/srv.h"

#define PG_MAX_PARAMS 32
#define PG_INT8OID 20
#define PG_TEXTOID 25
#define PG_FLOAT8OID 701

struct pg_conn {
	PGconn *c;
	unsigned nprepared;       /* names given so far */
	unsigned generation;      /* reconnections: what was prepared before is gone */
	bool tx;                  /* between our BEGIN and COMMIT or ROLLBACK */
	bool broken;              /* the connection was lost inside it: it fails whole */
	char write_lock[64];      /* what a write begins with: its hall's advisory lock */
	int changes;              /* rows the last statement changed */
	char err[512];
};

struct pg_q {
	struct pg_conn *conn;
	char *sql;                /* translated */
	char name[16];            /* "" until prepared */
	unsigned generation;      /* the connection's when it was prepared */
	int nparams;
	Oid types[PG_MAX_PARAMS];
	char *vals[PG_MAX_PARAMS];
	bool write_begin;         /* SQLite's BEGIN IMMEDIATE: take the write lock too */
	enum { PG_OTHER, PG_BEGIN, PG_END, PG_ROLLBACK } kind; /* for the transaction's state */
	PGresult *res;            /* NULL until run */
	int row, nrows;           /* the current row: -1 before the first */
};

bool pg_is_url(const char *path)
{
	return path && (strncmp(path, "postgresql://", 13) == 0 || strncmp(path, "postgres://", 11) == 0);
}

static void pg_quiet(void *arg, const char *message)
{
	(void)arg;
	log_debug("postgresql: %s", message);
}

void pg_set_lock(struct pg_conn *c, int cls, int key)
{
	snprintf(c->write_lock, sizeof c->write_lock, "SELECT pg_advisory_xact_lock(%d, %d)", cls, key);
}

/* libpq's messages end in a newline: one line for the log. */
static void pg_trim(char *s)
{
	size_t n = strlen(s);
	while (n && (s[n - 1] == '\n' || s[n - 1] == ' '))
		s[--n] = '\0';
}

struct pg_conn *pg_connect(const char *url, char *err, size_t errlen)
{
	PGconn *c = PQconnectdb(url);
	if (!c || PQstatus(c) != CONNECTION_OK) {
		snprintf(err, errlen, "cannot connect to PostgreSQL: %s",
			 c ? PQerrorMessage(c) : "out of memory");
		pg_trim(err);
		PQfinish(c);
		return NULL;
	}
	PQsetNoticeProcessor(c, pg_quiet, NULL);
	struct pg_conn *pc = xcalloc(1, sizeof *pc);
	pc->c = c;
	pg_set_lock(pc, PG_LOCK_HALL, 1);
	if (pg_exec(pc, "SET client_encoding = 'UTF8'; SET client_min_messages = warning", err, errlen)) {
		pg_disconnect(pc);
		return NULL;
	}
	return pc;
}

void pg_disconnect(struct pg_conn *c)
{
	if (!c)
		return;
	PQfinish(c->c);
	free(c);
}

/* Keep the server's message of res (or of the connection) in c->err. */
static void pg_keep_error(struct pg_conn *c, const PGresult *res)
{
	const char *m = res ? PQresultErrorMessage(res) : "";
	if (!m || !*m)
		m = PQerrorMessage(c->c);
	snprintf(c->err, sizeof c->err, "%s", m);
	pg_trim(c->err);
}

int pg_exec(struct pg_conn *c, const char *script, char *err, size_t errlen)
{
	PGresult *res = PQexec(c->c, script);
	ExecStatusType st = PQresultStatus(res);
	int rc = 0;
	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK && st != PGRES_EMPTY_QUERY) {
		pg_keep_error(c, res);
		snprintf(err, errlen, "%s", c->err);
		rc = -1;
	}
	PQclear(res);
	return rc;
}

/* ---- translation of SQLite's SQL ---- */

/* A call being rewritten: what closes it, at which parenthesis depth. */
struct pg_call {
	int depth;
	const char *close;        /* emitted before its ')' when no ',' came */
	const char *comma;        /* emitted instead of its first top-level ',' */
	bool json_path;           /* strip "$." from its string literals */
};

static bool pg_word_char(char ch)
{
	return isalnum((unsigned char)ch) || ch == '_';
}

/* The SQL of a literal for PostgreSQL; *nparams the highest placeholder.
 * Quoted strings pass as they are (but for json_extract's paths). */
static char *pg_translate(const char *sql, int *nparams)
{
	if (strcmp(sql, "BEGIN IMMEDIATE") == 0)
		return xstrdup("BEGIN");
	struct buf b = BUF_INIT;
	struct pg_call calls[8];
	int ncalls = 0, depth = 0, last = 0;
	*nparams = 0;
	for (const char *p = sql; *p;) {
		struct pg_call *top = ncalls ? &calls[ncalls - 1] : NULL;
		if (*p == '\'' || *p == '"') {
			const char *q = p + 1;
			while (*q && !(*q == *p && q[1] != *p))
				q += (*q == *p) ? 2 : 1;
			if (*p == '\'' && top && top->json_path && depth == top->depth + 1 &&
			    strncmp(p, "'$.", 3) == 0) {
				buf_addc(&b, '\'');
				buf_add(&b, p + 3, (size_t)(q - p - 2));
			} else {
				buf_add(&b, p, (size_t)(q - p + (*q ? 1 : 0)));
			}
			p = *q ? q + 1 : q;
			continue;
		}
		if (*p == '?') {
			p++;
			int n = 0;
			if (isdigit((unsigned char)*p))
				n = (int)strtol(p, (char **)&p, 10);
			else
				n = last + 1;
			if (n > last)
				last = n;
			buf_printf(&b, "$%d", n);
			continue;
		}
		if (*p == '(') {
			depth++;
			buf_addc(&b, *p++);
			continue;
		}
		if (*p == ')') {
			if (top && depth == top->depth + 1) {
				if (top->close)
					buf_adds(&b, top->close);
				ncalls--;
			}
			depth--;
			buf_addc(&b, *p++);
			continue;
		}
		if (*p == ',' && top && depth == top->depth + 1 && top->comma) {
			buf_adds(&b, top->comma);
			top->comma = NULL;
			top->close = NULL;
			p++;
			continue;
		}
		if (pg_word_char(*p) && (p == sql || !pg_word_char(p[-1]))) {
			const char *e = p;
			while (pg_word_char(*e))
				e++;
			size_t n = (size_t)(e - p);
			bool call = *e == '(';
#define PG_IS(w) (n == sizeof(w) - 1 && memcmp(p, w, n) == 0)
			if (PG_IS("INDEXED") && strncmp(e, " BY ", 4) == 0) {
				/* SQLite's index hint: PostgreSQL plans by itself. */
				e += 4;
				while (pg_word_char(*e))
					e++;
			} else if (PG_IS("IS") && *e == ' ') {
				/* SQLite's IS compares any two values, NULLs equal. */
				const char *w = e + 1;
				bool not = strncmp(w, "NOT ", 4) == 0;
				if (not)
					w += 4;
				if (strncmp(w, "NULL", 4) == 0 && !pg_word_char(w[4]))
					buf_add(&b, p, n);
				else if (not)
					buf_adds(&b, "IS DISTINCT FROM"), e += 4;
				else
					buf_adds(&b, "IS NOT DISTINCT FROM");
			} else if (PG_IS("user") || PG_IS("window") || PG_IS("end")) {
				buf_addc(&b, '"');
				buf_add(&b, p, n);
				buf_addc(&b, '"');
			} else if (call && PG_IS("instr")) {
				buf_adds(&b, "strpos");
			} else if (call && PG_IS("json_group_array")) {
				buf_adds(&b, "json_agg");
			} else if (call && ncalls < 8 && (PG_IS("json_each") || PG_IS("json_extract"))) {
				bool each = PG_IS("json_each");
				buf_adds(&b, each ? "json_array_elements_text(CAST(" :
					   "json_extract_path_text(CAST(");
				calls[ncalls++] = (struct pg_call){ .depth = depth, .close = " AS json)",
					.comma = " AS json),", .json_path = !each };
				depth++;
				e++;      /* the '(' is written */
			} else {
				buf_add(&b, p, n);
			}
#undef PG_IS
			p = e;
			continue;
		}
		buf_addc(&b, *p++);
	}
	*nparams = last;
	return buf_steal(&b);
}

/* ---- queries ---- */

struct pg_q *pg_q_new(struct pg_conn *c, const char *sql)
{
	struct pg_q *q = xcalloc(1, sizeof *q);
	q->conn = c;
	q->sql = pg_translate(sql, &q->nparams);
	q->write_begin = strcmp(sql, "BEGIN IMMEDIATE") == 0;
	q->kind = strncmp(q->sql, "BEGIN", 5) == 0 ? PG_BEGIN : strcmp(q->sql, "COMMIT") == 0 ? PG_END :
		  strcmp(q->sql, "ROLLBACK") == 0 ? PG_ROLLBACK : PG_OTHER;
	if (q->nparams > PG_MAX_PARAMS) {
		log_error("SQL with more than %d parameters: %s", PG_MAX_PARAMS, sql);
		abort();
	}
	q->row = -1;
	return q;
}

void pg_q_reset(struct pg_q *q)
{
	PQclear(q->res);
	q->res = NULL;
	q->row = -1;
	q->nrows = 0;
	for (int i = 0; i < q->nparams; i++) {
		free(q->vals[i]);
		q->vals[i] = NULL;
	}
}

void pg_q_free(struct pg_q *q)
{
	if (!q)
		return;
	pg_q_reset(q);
	free(q->sql);
	free(q);
}

void pg_q_bind(struct pg_q *q, int i, char type, const char *text)
{
	if (i < 1 || i > q->nparams)
		return;
	free(q->vals[i - 1]);
	q->vals[i - 1] = text ? xstrdup(text) : NULL;
	if (!q->name[0])
		q->types[i - 1] = type == 'I' ? PG_INT8OID : type == 'd' ? PG_FLOAT8OID :
				  type == 's' ? PG_TEXTOID : 0;
}

/* After a failed statement: when the connection itself is gone (the
 * server restarted, the network cut), open it again, so that the next
 * request works; this one has failed (its transaction is lost, and
 * nothing of it was acknowledged).  Statements are prepared anew. */
static bool pg_lost(PGconn *c)
{
	return PQstatus(c) == CONNECTION_BAD || PQsocket(c) < 0;
}

static void pg_revive(struct pg_conn *c)
{
	if (!pg_lost(c->c))
		return;
	PQreset(c->c);
	c->generation++;
	c->broken = c->tx;        /* its COMMIT must not answer "done" */
	if (PQstatus(c->c) == CONNECTION_OK) {
		char err[256];
		pg_exec(c, "SET client_encoding = 'UTF8'; SET client_min_messages = warning", err, sizeof err);
		log_warn("PostgreSQL: connection opened again");
	} else {
		log_error("PostgreSQL: the connection is lost and could not be opened again: %s",
			  PQerrorMessage(c->c));
	}
}

/* Prepare q on its connection (once).  Returns 0 or -1. */
static int pg_q_prepare(struct pg_q *q)
{
	if (q->name[0] && q->generation == q->conn->generation)
		return 0;
	char name[16];
	snprintf(name, sizeof name, "q%u", ++q->conn->nprepared);
	PGresult *res = PQprepare(q->conn->c, name, q->sql, q->nparams, q->types);
	int rc = 0;
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		pg_keep_error(q->conn, res);
		log_error("SQL error: %s in: %s", q->conn->err, q->sql);
		rc = -1;
		if (pg_lost(q->conn->c)) {
			PQclear(res);
			pg_revive(q->conn);
			return -1;
		}
	} else {
		memcpy(q->name, name, sizeof name);
		q->generation = q->conn->generation;
	}
	PQclear(res);
	return rc;
}

/* Every writing transaction takes its hall's lock first (write_lock),
 * whichever wicketd runs it: as SQLite's BEGIN IMMEDIATE, one writer of a
 * hall at a time, so that two processes never pick the same ticket, and
 * the events' seq (taken under it) are committed in their order, which a
 * long-poll's "since" relies on.  Halls do not wait for each other.  Held
 * until COMMIT or ROLLBACK. */

int pg_q_step(struct pg_q *q)
{
	struct pg_conn *c = q->conn;
	if (!q->res && (q->kind == PG_ROLLBACK || q->kind == PG_BEGIN)) {
		/* a new transaction: the one lost, if any, is given up */
		c->tx = q->kind == PG_BEGIN;
		c->broken = false;
	} else if (!q->res && c->broken) {
		snprintf(c->err, sizeof c->err, "the connection was lost inside the transaction");
		if (q->kind == PG_END)
			c->tx = c->broken = false;
		return DB_ERROR;
	} else if (!q->res && q->kind == PG_END) {
		c->tx = false;
	}
	if (!q->res && q->write_begin) {
		char err[512];
		if (pg_exec(q->conn, "BEGIN", err, sizeof err) ||
		    pg_exec(q->conn, q->conn->write_lock, err, sizeof err)) {
			log_error("beginning a write: %s", err);
			pg_exec(q->conn, "ROLLBACK", err, sizeof err);
			pg_revive(q->conn);
			return DB_ERROR;
		}
		q->res = PQmakeEmptyPGresult(q->conn->c, PGRES_COMMAND_OK);
		q->nrows = 0;
		q->row = -1;
	}
	if (!q->res) {
		if (pg_q_prepare(q))
			return DB_ERROR;
		q->res = PQexecPrepared(q->conn->c, q->name, q->nparams,
					(const char *const *)q->vals, NULL, NULL, 0);
		ExecStatusType st = PQresultStatus(q->res);
		if (st == PGRES_TUPLES_OK) {
			q->nrows = PQntuples(q->res);
		} else if (st == PGRES_COMMAND_OK) {
			q->nrows = 0;
			q->conn->changes = atoi(PQcmdTuples(q->res));
		} else {
			pg_keep_error(q->conn, q->res);
			PQclear(q->res);
			q->res = NULL;
			pg_revive(q->conn);
			return DB_ERROR;
		}
		q->row = -1;
	}
	if (q->row + 1 >= q->nrows) {
		q->row = q->nrows;
		return DB_DONE;
	}
	q->row++;
	return DB_ROW;
}

static bool pg_q_has(const struct pg_q *q, int col)
{
	return q->res && q->row >= 0 && q->row < q->nrows && col >= 0 && col < PQnfields(q->res);
}

bool pg_q_null(struct pg_q *q, int col)
{
	return !pg_q_has(q, col) || PQgetisnull(q->res, q->row, col);
}

const char *pg_q_text(struct pg_q *q, int col)
{
	return pg_q_null(q, col) ? "" : PQgetvalue(q->res, q->row, col);
}

int64_t pg_q_i64(struct pg_q *q, int col)
{
	const char *v = pg_q_text(q, col);
	if (v[0] == 't' && v[1] == '\0')
		return 1;
	if (v[0] == 'f' && v[1] == '\0')
		return 0;
	if (strchr(v, '.') || strchr(v, 'e'))
		return (int64_t)strtod(v, NULL);
	return strtoll(v, NULL, 10);
}

int64_t pg_last_id(struct pg_conn *c)
{
	PGresult *res = PQexec(c->c, "SELECT lastval()");
	int64_t id = 0;
	if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1)
		id = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
	else
		pg_keep_error(c, res);
	PQclear(res);
	return id;
}

int pg_changes(struct pg_conn *c)
{
	return c->changes;
}

bool pg_in_tx(struct pg_conn *c)
{
	return c->tx || PQtransactionStatus(c->c) != PQTRANS_IDLE;
}

const char *pg_errmsg(struct pg_conn *c)
{
	return c->err;
}

/* ---- notifications from the other wicketd ---- */

struct pg_listener {
	PGconn *c;
	void (*fn)(void *arg, int64_t hall, int64_t drill);
	void *arg;
	pthread_t thread;
	int stop_pipe[2];
};

/* The listener's connection is lost (PostgreSQL restarted): open it
 * again, every half second until it opens or the listener is stopped
 * (returns 1 then), and wake the long-polls, which read what they missed
 * meanwhile from the table.  A loop without the pause would spin. */
static int pg_listen_reconnect(struct pg_listener *l)
{
	log_error("the PostgreSQL listener lost its connection; opening it again");
	for (;;) {
		struct pollfd stop = { .fd = l->stop_pipe[0], .events = POLLIN };
		if (poll(&stop, 1, 500) > 0)
			return 1;
		PQreset(l->c);
		if (PQstatus(l->c) != CONNECTION_OK)
			continue;
		PGresult *res = PQexec(l->c, "LISTEN wicket_events");
		bool ok = PQresultStatus(res) == PGRES_COMMAND_OK;
		PQclear(res);
		if (ok)
			break;
	}
	log_warn("the PostgreSQL listener is listening again");
	l->fn(l->arg, 0, 0);
	return 0;
}

static void *pg_listen_main(void *arg)
{
	struct pg_listener *l = arg;
	for (;;) {
		struct pollfd fds[2] = {
			{ .fd = PQsocket(l->c), .events = POLLIN },
			{ .fd = l->stop_pipe[0], .events = POLLIN },
		};
		if (poll(fds, 2, -1) < 0)
			continue;
		if (fds[1].revents)
			break;
		if (!PQconsumeInput(l->c) || pg_lost(l->c)) {
			if (pg_listen_reconnect(l))
				break;
			continue;
		}
		/* A burst of one hall's news is one wake-up of it. */
		int64_t last = INT64_MIN, last_drill = 0;
		for (PGnotify *n; (n = PQnotifies(l->c)) != NULL; PQfreemem(n)) {
			long long h = 0, d = 0;
			if (n->extra[0] == 'd' && sscanf(n->extra, "d%lld.%lld", &h, &d) != 2)
				continue;
			int64_t hall = strcmp(n->extra, "sessions") == 0 ? -1 :
				       strcmp(n->extra, "halls") == 0 ? -2 :
				       n->extra[0] == 'd' ? h : strtoll(n->extra, NULL, 10);
			if (hall != last || d != last_drill)
				l->fn(l->arg, hall, d);
			last = hall;
			last_drill = d;
		}
	}
	return NULL;
}

struct pg_listener *pg_listen_start(const char *url, void (*fn)(void *arg, int64_t hall, int64_t drill), void *arg,
				    char *err, size_t errlen)
{
	struct pg_conn *pc = pg_connect(url, err, errlen);
	if (!pc)
		return NULL;
	if (pg_exec(pc, "LISTEN wicket_events", err, errlen)) {
		pg_disconnect(pc);
		return NULL;
	}
	struct pg_listener *l = xcalloc(1, sizeof *l);
	l->c = pc->c;
	free(pc);                 /* the listener keeps the bare connection */
	l->fn = fn;
	l->arg = arg;
	if (pipe(l->stop_pipe) || pthread_create(&l->thread, NULL, pg_listen_main, l)) {
		snprintf(err, errlen, "cannot start the PostgreSQL listener");
		PQfinish(l->c);
		free(l);
		return NULL;
	}
	return l;
}

void pg_listen_stop(struct pg_listener *l)
{
	if (!l)
		return;
	if (write(l->stop_pipe[1], "x", 1) != 1)
		log_warn("stopping the PostgreSQL listener");
	pthread_join(l->thread, NULL);
	close(l->stop_pipe[0]);
	close(l->stop_pipe[1]);
	PQfinish(l->c);
	free(l);
}

void pg_url_redacted(const char *url, char *out, size_t len)
{
	/* postgresql://user:password@host/db: the password never reaches a log */
	const char *scheme = strstr(url, "://");
	const char *at = scheme ? strchr(scheme + 3, '@') : NULL;
	const char *colon = at ? memchr(scheme + 3, ':', (size_t)(at - scheme - 3)) : NULL;
	if (colon)
		snprintf(out, len, "%.*s:***%s", (int)(colon - url), url, at);
	else
		snprintf(out, len, "%s", url);
	char *pw = strstr(out, "password=");
	if (pw && strlen(out) + 4 < len) {
		char *end = pw + 9;
		while (*end && *end != '&')
			end++;
		memmove(pw + 12, end, strlen(end) + 1);
		memcpy(pw + 9, "***", 3);
	}
}
