/* pgtest.h - a private PostgreSQL for the tests (issue 14).
 *
 * pgt_start() makes a temporary folder, runs initdb in it and starts the
 * postgres program itself (not pg_ctl) listening on a Unix socket in that
 * folder and nowhere else, with settings for tests (no fsync, small shared
 * buffers, 200 connections): as tests/e2e/test_tls starts its own nginx.
 * Nothing is shared with a system cluster, and each test binary can have
 * its own.  Readiness is awaited without sleeps: inotify sees the server's
 * postmaster.pid say "ready", a pidfd sees it die, and PQping confirms.
 *
 * Run as root (CI), initdb and postgres refuse to start, so the server runs
 * as the user "postgres" when there is one, else "nobody" (or the user named
 * by $WICKET_PG_USER); the folder is given to that user.  The programs are
 * found in $WICKET_PG_BINDIR, else the highest /usr/lib/postgresql/N/bin
 * (Debian), else on PATH.  The folder is made in $WICKET_PG_TMPDIR, else in
 * /dev/shm when it has 2 GiB free (a tmpfs: much faster on a busy disk),
 * else in /tmp.
 *
 * The server gets SIGQUIT (immediate shutdown) when the thread that called
 * pgt_start dies (PR_SET_PDEATHSIG): a test that crashes or is killed leaves
 * no postmaster behind.  So call pgt_start from the main thread, or from
 * one that lives as long as the server should.  The folder such a test
 * leaves (in /dev/shm: memory) is removed by the next pgt_start on the
 * machine: each folder names its owner (pid, start time, pid namespace).
 *
 * Every client (a libpq connection in the test, a wicketd child) reaches
 * the server by the URL the create functions write, e.g.
 *   postgresql:///wicket_test_1?host=/dev/shm/wicket-pg-Ab12Cd&port=5432&user=wicket
 * The superuser is "wicket", authentication is trust.
 *
 * Not thread-safe: one thread uses a struct pgt at a time. */
#ifndef WICKET_TEST_PGTEST_H
#define WICKET_TEST_PGTEST_H

#include <stddef.h>
#include <sys/types.h>

struct pg_conn; /* libpq's PGconn */

struct pgt {
	char dir[88];          /* the folder (mkdtemp): the socket, logs */
	char datadir[104];     /* dir/data, the cluster */
	char log[104];         /* dir/postgres.log: the server's stderr (initdb's: dir/initdb.log) */
	char bindir[256];      /* where initdb and postgres were found */
	char user[16];         /* the database superuser: "wicket" */
	char last[64];         /* the name of the database or schema made last */
	int port;              /* 5432: it only names the socket file dir/.s.PGSQL.5432 */
	pid_t pid;             /* the postmaster, a child of the caller; 0 when stopped */
	uid_t uid;             /* who runs initdb and postgres */
	gid_t gid;
	unsigned made;         /* databases and schemas made so far (their names' numbers) */
	struct pg_conn *admin; /* to the database "postgres", opened when first needed */
};

/* Make the folder, initdb, start postgres and wait until it accepts
 * connections (60 s at most).  Returns 0, or -1 with a message in err
 * (with the end of initdb's or the server's log) and nothing left running
 * or on disk.  p is overwritten. */
int pgt_start(struct pgt *p, char *err, size_t errlen);

/* Create a fresh database (from template1), named wicket_test_N, and write
 * the libpq URL that reaches it into url_out[len]; its name is also in
 * p->last.  Returns 0, or -1 with a message in err. */
int pgt_create_db(struct pgt *p, char *url_out, size_t len, char *err, size_t errlen);

/* pgt_create_db as a copy of the database template_db (e.g. one made with
 * pgt_create_db and migrated once): nobody may be connected to template_db
 * meanwhile (PostgreSQL refuses the copy then).  Returns 0 or -1. */
int pgt_create_db_from(struct pgt *p, const char *template_db, char *url_out, size_t len,
		       char *err, size_t errlen);

/* A fresh schema wicket_test_N in one database shared by all schemas
 * (wicket_schemas, made when first needed); the URL sets the connection's
 * search_path to it (options=-csearch_path=NAME), so unqualified names
 * are created and found in it.  Cheaper than a database.  Returns 0 or -1. */
int pgt_create_schema(struct pgt *p, char *url_out, size_t len, char *err, size_t errlen);

/* Drop the database name, disconnecting whoever is on it (WITH (FORCE)).
 * Returns 0 or -1. */
int pgt_drop_db(struct pgt *p, const char *name, char *err, size_t errlen);

/* The URL of the existing database name into out[len] (NULL options =
 * none; else a value for libpq's options, e.g. "-csearch_path=s").
 * Returns 0, or -1 when it does not fit. */
int pgt_url(const struct pgt *p, const char *name, const char *options, char *out, size_t len);

/* Stop the server with sig (SIGINT: fast shutdown; SIGQUIT: immediate, as
 * a crash; recovery runs at the next start) and start it again on the same
 * data, waiting until it is ready.  Clients must reconnect.  Returns 0, or
 * -1 with a message in err. */
int pgt_restart(struct pgt *p, int sig, char *err, size_t errlen);

/* Stop the server with a fast shutdown and keep its data: an outage,
 * until pgt_restart starts it again (its stop then does nothing). */
void pgt_halt(struct pgt *p);

/* Fast shutdown (SIGINT), wait for the postmaster, remove the folder.
 * Does nothing more when already stopped; p can be started again. */
void pgt_stop(struct pgt *p);

/* Remove dir and everything under it (without following links).
 * Returns 0 or -1.  For a folder left by a test that died. */
int pgt_rmtree(const char *dir);

#endif
