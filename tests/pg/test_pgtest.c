/* test_pgtest.c - the tests' private PostgreSQL (tests/pg/pgtest.c): a
 * cluster started in a temporary folder; databases and schemas made for
 * each test are apart from each other and reached by their URL, from this
 * process and from another program; data outlives a crash-like restart;
 * pgt_stop leaves nothing running or on disk; a test process that exits or
 * is SIGKILLed without stopping leaves no postmaster behind.  The times
 * pgt_start and the ways to make a database take are printed. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <poll.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include <libpq-fe.h>

#include "pgtest.h"

static struct pgt S; /* the cluster most tests share */

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int setup(void **state)
{
	char err[1024];
	(void)state;
	double t0 = now_ms();
	if (pgt_start(&S, err, sizeof err) != 0) {
		print_error("pgt_start: %s\n", err);
		return -1;
	}
	print_message("pgt_start took %.0f ms (%s, server as uid %d)\n", now_ms() - t0, S.bindir, (int)S.uid);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	pgt_stop(&S);
	return 0;
}

static PGconn *connect_url(const char *url)
{
	PGconn *c = PQconnectdb(url);
	if (PQstatus(c) != CONNECTION_OK)
		fail_msg("cannot connect to %s: %s", url, PQerrorMessage(c));
	return c;
}

static void exec_ok(PGconn *c, const char *sql)
{
	PGresult *r = PQexec(c, sql);
	if (PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_TUPLES_OK)
		fail_msg("%s: %s", sql, PQerrorMessage(c));
	PQclear(r);
}

/* The one value sql returns, into out[len] ("" for NULL); returns out. */
static char *value(PGconn *c, const char *sql, char *out, size_t len)
{
	PGresult *r = PQexec(c, sql);
	if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) != 1)
		fail_msg("%s: %s", sql, PQerrorMessage(c));
	snprintf(out, len, "%s", PQgetvalue(r, 0, 0));
	PQclear(r);
	return out;
}

static void make_db(struct pgt *p, char *url, size_t len)
{
	char err[512];
	if (pgt_create_db(p, url, len, err, sizeof err) != 0)
		fail_msg("pgt_create_db: %s", err);
}

static void make_schema(struct pgt *p, char *url, size_t len)
{
	char err[512];
	if (pgt_create_schema(p, url, len, err, sizeof err) != 0)
		fail_msg("pgt_create_schema: %s", err);
}

/* A table made in one store (database or schema: make) is not in another;
 * name_sql says the store's name, which p->last has. */
static void check_apart(void (*make)(struct pgt *, char *, size_t), const char *name_sql)
{
	char url1[512], url2[512], v[128];
	make(&S, url1, sizeof url1);
	make(&S, url2, sizeof url2);
	assert_string_not_equal(url1, url2);
	PGconn *a = connect_url(url1), *b = connect_url(url2);
	assert_string_equal(value(b, name_sql, v, sizeof v), S.last);
	assert_string_equal(value(a, "SELECT current_user", v, sizeof v), "wicket");
	exec_ok(a, "CREATE TABLE tickets (n int)");
	exec_ok(a, "INSERT INTO tickets VALUES (7)");
	assert_string_equal(value(a, "SELECT to_regclass('tickets') IS NOT NULL", v, sizeof v), "t");
	assert_string_equal(value(b, "SELECT to_regclass('tickets') IS NULL", v, sizeof v), "t");
	/* the same name made in the other store is another table */
	exec_ok(b, "CREATE TABLE tickets (n int)");
	assert_string_equal(value(b, "SELECT count(*) FROM tickets", v, sizeof v), "0");
	assert_string_equal(value(a, "SELECT count(*) FROM tickets", v, sizeof v), "1");
	PQfinish(a);
	PQfinish(b);
}

/* Databases apart, on a server with the settings pgtest.c gives it. */
static void test_databases_apart(void **state)
{
	(void)state;
	check_apart(make_db, "SELECT current_database()");
	char url[512], v[128];
	assert_int_equal(pgt_url(&S, S.last, NULL, url, sizeof url), 0);
	PGconn *c = connect_url(url);
	assert_string_equal(value(c, "SHOW server_encoding", v, sizeof v), "UTF8");
	assert_string_equal(value(c, "SELECT length('柳疃镇')", v, sizeof v), "3");
	assert_string_equal(value(c, "SHOW fsync", v, sizeof v), "off");
	assert_string_equal(value(c, "SHOW synchronous_commit", v, sizeof v), "on");
	assert_string_equal(value(c, "SHOW max_connections", v, sizeof v), "200");
	/* a Unix socket in the folder and no TCP */
	assert_string_equal(value(c, "SHOW listen_addresses", v, sizeof v), "");
	assert_string_equal(value(c, "SHOW unix_socket_directories", v, sizeof v), S.dir);
	PQfinish(c);
}

static void test_schemas_apart(void **state)
{
	(void)state;
	check_apart(make_schema, "SELECT current_schema()");
}

/* A database migrated once, copied for each test: its tables and rows come
 * along, and the copies are apart from it. */
static void test_template_copy(void **state)
{
	(void)state;
	char url[512], copy[512], err[512], tmpl[64], v[128];
	make_db(&S, url, sizeof url);
	snprintf(tmpl, sizeof tmpl, "%s", S.last);
	PGconn *c = connect_url(url);
	exec_ok(c, "CREATE TABLE halls (name text); INSERT INTO halls VALUES ('柳疃镇便民服务中心')");
	PQfinish(c);
	if (pgt_create_db_from(&S, tmpl, copy, sizeof copy, err, sizeof err) != 0)
		fail_msg("pgt_create_db_from: %s", err);
	c = connect_url(copy);
	assert_string_equal(value(c, "SELECT name FROM halls", v, sizeof v), "柳疃镇便民服务中心");
	exec_ok(c, "INSERT INTO halls VALUES ('another')");
	PQfinish(c);
	c = connect_url(url);
	assert_string_equal(value(c, "SELECT count(*) FROM halls", v, sizeof v), "1");
	/* dropped with a client still on it */
	if (pgt_drop_db(&S, tmpl, err, sizeof err) != 0)
		fail_msg("pgt_drop_db: %s", err);
	PQfinish(c);
	assert_int_equal(PQping(url), PQPING_OK); /* the server answers ... */
	c = PQconnectdb(url);
	assert_int_not_equal(PQstatus(c), CONNECTION_OK); /* ... but the database is gone */
	PQfinish(c);
}

/* The URL as another program gets it on its command line (as wicketd's
 * --db): psql, with its output read back. */
static void test_url_in_another_program(void **state)
{
	(void)state;
	char url[512], psql[300], out[256] = "";
	make_schema(&S, url, sizeof url);
	snprintf(psql, sizeof psql, "%s/psql", S.bindir);
	int fds[2];
	assert_int_equal(pipe(fds), 0);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		dup2(fds[1], 1);
		close(fds[0]);
		execl(psql, psql, "-X", "-A", "-t", "-c",
		      "SELECT current_database() || ' ' || current_schema() || ' ' || current_user", url,
		      (char *)NULL);
		_exit(127);
	}
	close(fds[1]);
	size_t n = 0;
	ssize_t r;
	while (n + 1 < sizeof out && (r = read(fds[0], out + n, sizeof out - 1 - n)) > 0)
		n += (size_t)r;
	out[n] = '\0';
	close(fds[0]);
	int st;
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	char want[128];
	snprintf(want, sizeof want, "wicket_schemas %s wicket\n", S.last);
	assert_string_equal(out, want);
}

static void quiet(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

/* An immediate shutdown (as a crash) and a start on the same data: what
 * was committed is there; a connection from before is broken. */
static void test_restart_keeps_data(void **state)
{
	(void)state;
	char url[512], err[1024], v[128];
	make_db(&S, url, sizeof url);
	PGconn *c = connect_url(url);
	PQsetNoticeProcessor(c, quiet, NULL); /* the server's farewell, expected */
	exec_ok(c, "CREATE TABLE calls (n int); INSERT INTO calls SELECT generate_series(1, 1000)");
	pid_t before = S.pid;
	if (pgt_restart(&S, SIGQUIT, err, sizeof err) != 0)
		fail_msg("pgt_restart: %s", err);
	assert_int_not_equal(S.pid, before);
	PGresult *r = PQexec(c, "SELECT 1");
	assert_int_not_equal(PQresultStatus(r), PGRES_TUPLES_OK);
	PQclear(r);
	PQfinish(c);
	c = connect_url(url);
	assert_string_equal(value(c, "SELECT sum(n) FROM calls", v, sizeof v), "500500");
	PQfinish(c);
	/* and a database made after it */
	make_db(&S, url, sizeof url);
	assert_int_equal(PQping(url), PQPING_OK);
}

static int pidfd_open(pid_t pid)
{
	return (int)syscall(SYS_pidfd_open, pid, 0);
}

/* Whether pid has exited within ms (its pidfd readable). */
static int exits_within(int pidfd, int ms)
{
	struct pollfd pfd = { .fd = pidfd, .events = POLLIN };
	return poll(&pfd, 1, ms) == 1;
}

static void test_stop(void **state)
{
	(void)state;
	struct pgt p;
	char err[1024], url[512], dir[96];
	if (pgt_start(&p, err, sizeof err) != 0)
		fail_msg("pgt_start: %s", err);
	make_db(&p, url, sizeof url);
	PGconn *c = connect_url(url); /* a client does not hold the stop up */
	assert_int_equal(PQping(url), PQPING_OK);
	snprintf(dir, sizeof dir, "%s", p.dir);
	pid_t pid = p.pid;
	pgt_stop(&p);
	assert_int_equal(p.pid, 0);
	assert_int_equal(PQping(url), PQPING_NO_RESPONSE);
	PGresult *r = PQexec(c, "SELECT 1");
	assert_int_not_equal(PQresultStatus(r), PGRES_TUPLES_OK);
	PQclear(r);
	PQfinish(c);
	assert_int_equal(kill(pid, 0), -1); /* reaped */
	struct stat sb;
	assert_int_equal(stat(dir, &sb), -1);
	assert_int_equal(errno, ENOENT);
	pgt_stop(&p); /* twice is harmless */
}

struct started {
	int ok;
	pid_t pid;
	char dir[96];
	char err[512];
};

/* A test process (a child here) starts a cluster and ends without
 * pgt_stop: by _exit, or SIGKILLed.  Its postmaster must end too. */
static void check_orphan(bool sigkill)
{
	int up[2], go[2];
	assert_int_equal(pipe(up), 0);
	assert_int_equal(pipe(go), 0);
	pid_t child = fork();
	assert_true(child >= 0);
	if (child == 0) {
		struct pgt p;
		struct started s = { 0 };
		close(up[0]);
		close(go[1]);
		s.ok = pgt_start(&p, s.err, sizeof s.err) == 0;
		s.pid = p.pid;
		snprintf(s.dir, sizeof s.dir, "%s", p.dir);
		(void)!write(up[1], &s, sizeof s);
		char b;
		(void)!read(go[0], &b, 1);
		_exit(0);
	}
	close(up[1]);
	close(go[0]);
	struct started s;
	assert_int_equal(read(up[0], &s, sizeof s), (ssize_t)sizeof s);
	close(up[0]);
	if (!s.ok)
		fail_msg("pgt_start in the child: %s", s.err);
	int pidfd = pidfd_open(s.pid); /* before its parent ends: the pid is still its */
	assert_true(pidfd >= 0);
	char info[256];
	snprintf(info, sizeof info, "host=%s port=5432 user=wicket dbname=postgres", s.dir);
	assert_int_equal(PQping(info), PQPING_OK);
	if (sigkill)
		kill(child, SIGKILL);
	else
		(void)!write(go[1], "x", 1);
	close(go[1]);
	int st;
	assert_int_equal(waitpid(child, &st, 0), child);
	assert_true(sigkill ? WIFSIGNALED(st) : WIFEXITED(st));
	double t0 = now_ms();
	bool gone = exits_within(pidfd, 20000);
	print_message("the postmaster ended %.0f ms after its test process\n", now_ms() - t0);
	if (!gone)
		kill(s.pid, SIGQUIT); /* not left running after a failure */
	close(pidfd);
	if (!gone)
		pgt_rmtree(s.dir);
	assert_true(gone);
	assert_int_equal(PQping(info), PQPING_NO_RESPONSE);
	/* the folder it left is removed by the next pgt_start */
	struct stat sb;
	assert_int_equal(stat(s.dir, &sb), 0);
	struct pgt p;
	char err[1024];
	int rc = pgt_start(&p, err, sizeof err);
	pgt_stop(&p);
	if (rc != 0)
		fail_msg("pgt_start: %s", err);
	if (stat(s.dir, &sb) == 0) {
		pgt_rmtree(s.dir);
		fail_msg("%s is still there", s.dir);
	}
}

static void test_orphan_after_exit(void **state)
{
	(void)state;
	check_orphan(false);
}

static void test_orphan_after_sigkill(void **state)
{
	(void)state;
	check_orphan(true);
}

/* Without the programs: a message, and nothing left in /tmp. */
static void test_not_installed(void **state)
{
	(void)state;
	struct pgt p;
	char err[512];
	setenv("WICKET_PG_BINDIR", "/nonexistent", 1);
	int rc = pgt_start(&p, err, sizeof err);
	unsetenv("WICKET_PG_BINDIR");
	assert_int_equal(rc, -1);
	assert_non_null(strstr(err, "WICKET_PG_BINDIR=/nonexistent"));
	assert_string_equal(p.dir, "");
	assert_int_equal(p.pid, 0);
}

/* The times, printed (not asserted: a shared machine).  N of each way to
 * make a store for a test. */
static void test_timings(void **state)
{
	(void)state;
	enum { N = 10 };
	char url[512], err[512], sql[128], tmpl[64];
	double t0;
	char admin_url[512];
	assert_int_equal(pgt_url(&S, "postgres", NULL, admin_url, sizeof admin_url), 0);
	PGconn *admin = connect_url(admin_url);

	t0 = now_ms();
	for (int i = 0; i < N; i++)
		make_db(&S, url, sizeof url);
	print_message("pgt_create_db (FILE_COPY): %.1f ms each\n", (now_ms() - t0) / N);

	t0 = now_ms();
	for (int i = 0; i < N; i++) {
		snprintf(sql, sizeof sql, "CREATE DATABASE timing_wal_%d STRATEGY WAL_LOG", i);
		exec_ok(admin, sql);
	}
	print_message("CREATE DATABASE (WAL_LOG, 15's default): %.1f ms each\n", (now_ms() - t0) / N);

	/* a template with a schema of some size: 40 tables with an index each */
	make_db(&S, url, sizeof url);
	snprintf(tmpl, sizeof tmpl, "%s", S.last);
	PGconn *c = connect_url(url);
	for (int i = 0; i < 40; i++) {
		snprintf(sql, sizeof sql, "CREATE TABLE t%d (id bigserial PRIMARY KEY, a text, b int)", i);
		exec_ok(c, sql);
	}
	PQfinish(c);
	t0 = now_ms();
	for (int i = 0; i < N; i++)
		if (pgt_create_db_from(&S, tmpl, url, sizeof url, err, sizeof err) != 0)
			fail_msg("pgt_create_db_from: %s", err);
	print_message("pgt_create_db_from (40 tables): %.1f ms each\n", (now_ms() - t0) / N);

	t0 = now_ms();
	for (int i = 0; i < N; i++) {
		make_schema(&S, url, sizeof url);
	}
	print_message("pgt_create_schema: %.1f ms each\n", (now_ms() - t0) / N);
	t0 = now_ms();
	for (int i = 0; i < N; i++) {
		make_schema(&S, url, sizeof url);
		c = connect_url(url);
		for (int k = 0; k < 40; k++) {
			snprintf(sql, sizeof sql, "CREATE TABLE t%d (id bigserial PRIMARY KEY, a text, b int)", k);
			exec_ok(c, sql);
		}
		PQfinish(c);
	}
	print_message("pgt_create_schema + the 40 tables: %.1f ms each\n", (now_ms() - t0) / N);

	t0 = now_ms();
	c = connect_url(url);
	PQfinish(c);
	print_message("a connection: %.1f ms\n", now_ms() - t0);
	PQfinish(admin);

	struct pgt p;
	t0 = now_ms();
	if (pgt_start(&p, err, sizeof err) != 0)
		fail_msg("pgt_start: %s", err);
	double started = now_ms();
	pgt_stop(&p);
	print_message("another cluster: pgt_start %.0f ms, pgt_stop %.0f ms\n", started - t0,
		      now_ms() - started);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_databases_apart),
		cmocka_unit_test(test_schemas_apart),
		cmocka_unit_test(test_template_copy),
		cmocka_unit_test(test_url_in_another_program),
		cmocka_unit_test(test_restart_keeps_data),
		cmocka_unit_test(test_stop),
		cmocka_unit_test(test_orphan_after_exit),
		cmocka_unit_test(test_orphan_after_sigkill),
		cmocka_unit_test(test_not_installed),
		cmocka_unit_test(test_timings),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
