/* pg_run.c - run a server test suite against a private PostgreSQL.
 *
 * The suites' second run (issue 14): `pg-run FILE` reads the test program
 * named in FILE (tests/pg/on/NAME.pg holds "tests/server/NAME"), starts a
 * private PostgreSQL (pgtest.c), runs the program with
 * WICKET_TEST_PG_HOST and WICKET_TEST_PG_USER set, so that its harness
 * gives every wicketd a new database of it (tests/server/harness.c), and
 * stops the server whatever the program did.  Its exit status is the
 * program's; 99 (a hard error) when PostgreSQL does not start. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "pgtest.h"

/* The program named on FILE's first line, into out. */
static int pg_run_program(const char *file, char *out, size_t len)
{
	FILE *f = fopen(file, "r");
	if (!f || !fgets(out, (int)len, f)) {
		if (f)
			fclose(f);
		return -1;
	}
	fclose(f);
	out[strcspn(out, "\r\n")] = '\0';
	return out[0] ? 0 : -1;
}

int main(int argc, char **argv)
{
	char program[512], err[1024];
	if (argc < 2 || pg_run_program(argv[1], program, sizeof program)) {
		fprintf(stderr, "usage: pg-run FILE (FILE names the test program on its first line)\n");
		return 99;
	}
	struct pgt p;
	if (pgt_start(&p, err, sizeof err)) {
		printf("Bail out! PostgreSQL did not start: %s\n", err);
		return 99;
	}
	setenv("WICKET_TEST_PG_HOST", p.dir, 1);
	setenv("WICKET_TEST_PG_USER", p.user, 1);
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		argv[1] = program;
		execv(program, argv + 1);
		perror(program);
		_exit(127);
	}
	int st = 0;
	if (pid < 0 || waitpid(pid, &st, 0) < 0)
		st = 99 << 8;
	pgt_stop(&p);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + (WIFSIGNALED(st) ? WTERMSIG(st) : 0);
}
