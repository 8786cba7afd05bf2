/* db_pg.h - wicketd's PostgreSQL engine (db_pg.c), under db.c.
 *
 * db.c keeps the statement caches and the db_* functions the handlers
 * call; for a database named by a postgresql:// URL it runs them here.
 * The SQL the handlers write is SQLite's: each literal is translated once,
 * when it is first prepared on a connection (placeholders ?N become $N, the
 * column names user, window and end, reserved in PostgreSQL, are quoted,
 * and SQLite's instr, json_each, json_extract and json_group_array become
 * PostgreSQL's functions).  db.c runs the queries; serve.c starts the
 * listener that hears the other wicketd. */
#ifndef WICKET_DB_PG_H
#define WICKET_DB_PG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct pg_conn;
struct pg_q;

/* Whether path names a PostgreSQL database (postgresql:// or postgres://). */
bool pg_is_url(const char *path);
/* Connect to the database of url.  Returns the connection (free with
 * pg_disconnect), or NULL with a message in err. */
struct pg_conn *pg_connect(const char *url, char *err, size_t errlen);
/* The advisory locks a write transaction begins with (as SQLite's BEGIN
 * IMMEDIATE): one per hall, one per drill's sandbox.  Two keys that meet
 * only make two writers wait for each other, never wrong. */
enum { PG_LOCK_HALL = 8471, PG_LOCK_DRILL = 8472 };
/* c's writes take lock (cls, key): (PG_LOCK_HALL, hall id), or a drill's
 * (PG_LOCK_DRILL, any key made of its hall and id). */
void pg_set_lock(struct pg_conn *c, int cls, int key);
/* Close c and free what it holds; NULL is ignored. */
void pg_disconnect(struct pg_conn *c);
/* Run script (one or more statements, no parameters, no rows wanted) on c
 * as it is, untranslated.  Returns 0, or -1 with the server's message in
 * err. */
int pg_exec(struct pg_conn *c, const char *script, char *err, size_t errlen);
/* A query of c for the SQLite literal sql, translated; prepared on the
 * server at its first step.  Free with pg_q_free (db.c's cache does). */
struct pg_q *pg_q_new(struct pg_conn *c, const char *sql);
void pg_q_free(struct pg_q *q);
/* Bind parameter i (1-based) as text (NULL: SQL NULL); type is db_prep's
 * format letter: 'I' an integer, 'd' a double, 's' text, 'n' NULL. */
void pg_q_bind(struct pg_q *q, int i, char type, const char *text);
/* Run q (at its first step) and give its next row: DB_ROW, DB_DONE or
 * DB_ERROR (the message in pg_errmsg). */
int pg_q_step(struct pg_q *q);
/* Forget q's result and bindings. */
void pg_q_reset(struct pg_q *q);
/* Column col of q's current row: NULL or not, as text ("" for NULL; owned
 * by q until its next reset), and as an integer (booleans 1 and 0). */
bool pg_q_null(struct pg_q *q, int col);
const char *pg_q_text(struct pg_q *q, int col);
int64_t pg_q_i64(struct pg_q *q, int col);
/* The id the last INSERT on c gave its row (lastval()). */
int64_t pg_last_id(struct pg_conn *c);
/* Rows the last statement on c changed. */
int pg_changes(struct pg_conn *c);
/* Whether c is inside a transaction. */
bool pg_in_tx(struct pg_conn *c);
/* c's last error message (owned by c). */
const char *pg_errmsg(struct pg_conn *c);

/* Listen for what every wicketd on the database commits (the events
 * feed's NOTIFY, events.c, with the hall's id) on a connection of its own,
 * in a thread that calls fn(arg, hall, 0) after each notification (one per
 * hall of a burst; our own too, which costs a wake-up that would come
 * anyway), fn(arg, hall, drill) for a drill's sandbox ("dHALL.DRILL"),
 * fn(arg, -1, 0) when sessions were ended (auth.c), fn(arg, -2, 0) when a
 * hall was added (platform.c), and fn(arg, 0, 0) after a reconnection:
 * every hall may have missed some.  Returns the listener (stop it with
 * pg_listen_stop), or NULL with err. */
struct pg_listener;
struct pg_listener *pg_listen_start(const char *url, void (*fn)(void *arg, int64_t hall, int64_t drill), void *arg,
				    char *err, size_t errlen);
void pg_listen_stop(struct pg_listener *l);
/* url for a log line: a password in it (user:password@, password=) as ***. */
void pg_url_redacted(const char *url, char *out, size_t len);

#endif
