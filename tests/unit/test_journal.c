/* Tests for src/common/journal.c: the clerk's durable outbox.  Every test
 * works in its own temporary directory and reopens the file, as a client
 * restarted after a crash would. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "wicket/common/buf.h"
#include "wicket/common/journal.h"
#include "wicket/common/xalloc.h"

static char dir[64];

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof dir, "/tmp/wicket-journal-XXXXXX");
	assert_non_null(mkdtemp(dir));
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
	return 0;
}

static struct journal *open_j(void)
{
	char err[256] = "";
	struct journal *j = journal_open(dir, "clerk1@127.0.0.1:8470", err, sizeof err);
	if (!j)
		fail_msg("journal_open: %s", err);
	return j;
}

static uint64_t add(struct journal *j, const char *action, const char *path, const char *body)
{
	char err[256] = "", key[32];
	static int n;
	snprintf(key, sizeof key, "key-%d", ++n);
	struct journal_entry e = {
		.key = key, .action = (char *)action, .method = "POST", .path = (char *)path,
		.label = "A023 2026-0012", .body = (char *)body,
	};
	uint64_t seq = journal_add(j, &e, err, sizeof err);
	if (!seq)
		fail_msg("journal_add: %s", err);
	return seq;
}

static size_t file_size(const struct journal *j)
{
	struct stat st;
	assert_int_equal(stat(journal_path(j), &st), 0);
	return (size_t)st.st_size;
}

/* Recorded actions survive a restart, in order, with everything needed to
 * send them again; the file name is made safe. */
static void test_survives_reopen(void **state)
{
	(void)state;
	struct journal *j = open_j();
	assert_non_null(strstr(journal_path(j), "journal-clerk1@127.0.0.1_8470"));
	uint64_t a = add(j, "complete", "/api/v1/cases/7/complete", NULL);
	uint64_t b = add(j, "rate", "/api/v1/cases/7/rating", "{\"level\":4}");
	assert_true(b > a);
	journal_close(j);

	j = open_j();
	assert_int_equal(journal_size(j), 2);
	assert_int_equal(journal_count(j, false), 2);
	const struct journal_entry *e0 = journal_at(j, 0), *e1 = journal_at(j, 1);
	assert_int_equal(e0->seq, a);
	assert_string_equal(e0->action, "complete");
	assert_string_equal(e0->path, "/api/v1/cases/7/complete");
	assert_null(e0->body);
	assert_string_equal(e1->body, "{\"level\":4}");
	assert_string_equal(e1->method, "POST");
	assert_string_equal(e1->label, "A023 2026-0012");
	assert_string_not_equal(e0->key, e1->key);
	assert_true(e0->at > 0);
	/* New records follow the old ones. */
	uint64_t c = add(j, "finish", "/api/v1/tickets/3/finish", NULL);
	assert_true(c > b);
	journal_close(j);
}

/* A record added unsynced (the client sends first, syncs after) is in
 * the file at once: a program that dies before its journal_sync leaves
 * it to the next run; journal_sync then owes nothing. */
static void test_unsynced_survives_a_crash(void **state)
{
	(void)state;
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct journal *j = open_j();
		char err[256];
		struct journal_entry e = { .key = "key-crash", .action = "call-next", .method = "POST",
					   .path = "/api/v1/windows/1/call", .label = "" };
		_exit(journal_add_unsynced(j, &e, err, sizeof err) ? 0 : 1);   /* no sync, no close */
	}
	int status = 0;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	struct journal *j = open_j();
	assert_int_equal(journal_count(j, false), 1);
	assert_string_equal(journal_at(j, 0)->key, "key-crash");
	assert_int_equal(journal_sync(j), 0);
	char err[256];
	struct journal_entry e = { .key = "key-2", .action = "finish", .method = "POST",
				   .path = "/api/v1/tickets/3/finish", .label = "" };
	assert_true(journal_add_unsynced(j, &e, err, sizeof err) > 0);
	assert_int_equal(journal_sync(j), 0);
	assert_int_equal(journal_sync(j), 0);         /* nothing owed the second time */
	journal_close(j);
}

/* An answered action leaves; when nothing is left, the file is empty. */
static void test_done_and_empty(void **state)
{
	(void)state;
	struct journal *j = open_j();
	uint64_t a = add(j, "start", "/api/v1/tickets/3/start", NULL);
	uint64_t b = add(j, "finish", "/api/v1/tickets/3/finish", NULL);
	assert_int_equal(journal_done(j, a, 200), 0);
	assert_int_equal(journal_size(j), 1);
	assert_null(journal_find(j, a));
	assert_non_null(journal_find(j, b));
	assert_int_equal(journal_done(j, a, 200), -1);     /* not twice */
	assert_int_equal(journal_done(j, 999, 200), -1);
	journal_close(j);
	j = open_j();
	assert_int_equal(journal_size(j), 1);
	assert_int_equal(journal_at(j, 0)->seq, b);
	size_t before = file_size(j);
	assert_int_equal(journal_done(j, b, 200), 0);
	/* The answer is noted, not written: the screen is drawn first. */
	assert_int_equal(file_size(j), before);
	assert_int_equal(journal_flush(j), 0);
	assert_int_equal(file_size(j), 0);
	journal_close(j);
	j = open_j();
	assert_int_equal(journal_size(j), 0);
	journal_close(j);
}

/* A line torn by a crash, or damaged, is not taken for an action; the
 * lines before it are kept. */
static void test_torn_and_damaged_lines(void **state)
{
	(void)state;
	struct journal *j = open_j();
	add(j, "complete", "/api/v1/cases/7/complete", NULL);
	add(j, "rate", "/api/v1/cases/7/rating", "{\"level\":5}");
	char *path = xstrdup(journal_path(j));
	journal_close(j);

	/* Flip a byte of the second record, then append half a record. */
	struct buf b = BUF_INIT;
	assert_int_equal(buf_read_file(&b, path, 1 << 20), 0);
	char *second = strchr(b.data, '\n') + 1;
	char *level = strstr(second, "5}");
	assert_non_null(level);
	*level = '1';
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fwrite(b.data, 1, b.len, f);
	fputs("A\t9\t1700000000\tkey-x\tfinish\tPOST\t/api/v1/tickets/3/fin", f);
	fclose(f);
	buf_free(&b);

	j = open_j();
	assert_int_equal(journal_size(j), 1);
	assert_string_equal(journal_at(j, 0)->action, "complete");
	journal_close(j);
	/* The file was rewritten with the live record only. */
	assert_int_equal(buf_read_file(&b, path, 1 << 20), 0);
	assert_null(strstr(b.data, "tickets/3/fin"));
	assert_null(strstr(b.data, "level"));
	buf_free(&b);
	free(path);
}

/* A refusal keeps the action, as a conflict, across restarts; resolving
 * it writes a permanent line and removes it. */
static void test_conflict_kept_until_resolved(void **state)
{
	(void)state;
	struct journal *j = open_j();
	uint64_t a = add(j, "complete", "/api/v1/cases/7/complete", NULL);
	uint64_t b = add(j, "rate", "/api/v1/cases/7/rating", "{\"level\":2}");
	assert_int_equal(journal_conflict(j, a, 409, "a case that is suspended\ncannot be completed"), 0);
	assert_int_equal(journal_count(j, true), 1);
	assert_int_equal(journal_count(j, false), 1);
	assert_int_equal(journal_done(j, b, 200), 0);
	journal_close(j);

	j = open_j();
	assert_int_equal(journal_size(j), 1);
	const struct journal_entry *e = journal_at(j, 0);
	assert_true(e->conflict);
	assert_int_equal(e->status, 409);
	assert_string_equal(e->message, "a case that is suspended cannot be completed");
	assert_int_equal(journal_resolve(j, 12345, "x"), -1);
	assert_int_equal(journal_resolve(j, a, "Complete the case | case 2026-0012: suspended"), 0);
	assert_int_equal(journal_size(j), 0);
	assert_int_equal(file_size(j), 0);

	char *refused = xasprintf("%s.refused", journal_path(j));
	struct buf b2 = BUF_INIT;
	assert_int_equal(buf_read_file(&b2, refused, 1 << 20), 0);
	assert_non_null(strstr(b2.data, "complete\tA023 2026-0012\t409\t"));
	assert_non_null(strstr(b2.data, "case 2026-0012: suspended\n"));
	buf_free(&b2);
	free(refused);
	journal_close(j);
}

/* A field that would break the line format is refused; nothing recorded. */
static void test_refuses_line_breaks(void **state)
{
	(void)state;
	struct journal *j = open_j();
	char err[256] = "";
	struct journal_entry e = {
		.key = "k", .action = "pause", .method = "POST", .path = "/api/v1/windows/1/pause",
		.body = "{\"reason\":\"a\nb\"}",
	};
	assert_int_equal(journal_add(j, &e, err, sizeof err), 0);
	assert_non_null(strstr(err, "tab or a line break"));
	e.body = NULL;
	e.key = NULL;
	assert_int_equal(journal_add(j, &e, err, sizeof err), 0);
	assert_int_equal(journal_size(j), 0);
	assert_int_equal(file_size(j), 0);
	journal_close(j);
}

/* A directory that cannot be made is an error with its name, not a crash. */
static void test_unwritable_dir(void **state)
{
	(void)state;
	char err[256] = "", path[128];
	snprintf(path, sizeof path, "%s/file", dir);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fclose(f);
	snprintf(path, sizeof path, "%s/file/sub", dir);
	assert_null(journal_open(path, "u", err, sizeof err));
	assert_non_null(strstr(err, "file/sub"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_survives_reopen, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unsynced_survives_a_crash, setup, teardown),
		cmocka_unit_test_setup_teardown(test_done_and_empty, setup, teardown),
		cmocka_unit_test_setup_teardown(test_torn_and_damaged_lines, setup, teardown),
		cmocka_unit_test_setup_teardown(test_conflict_kept_until_resolved, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refuses_line_breaks, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unwritable_dir, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
