/* test_error_texts - every error code of the contract reaches the user in
 * the session's language.
 *
 * The codes are read from docs/api.md's table of errors (the contract) and
 * from the server's sources (every literal code a handler replies with), so
 * a code added to either without a sentence in src/net/api_error.c, or
 * without its zh_CN and zh_TW translation, fails here. */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libintl.h>
#include <cmocka.h>

#include "wicket/common/buf.h"
#include "wicket/common/xalloc.h"
#include "wicket/net/api_error.h"

#define MAX_CODES 256

struct codes {
	char *code[MAX_CODES];
	size_t n;
};

static void codes_add(struct codes *c, const char *s, size_t len)
{
	for (size_t i = 0; i < c->n; i++)
		if (strlen(c->code[i]) == len && memcmp(c->code[i], s, len) == 0)
			return;
	assert_true(c->n < MAX_CODES);
	c->code[c->n++] = xstrndup(s, len);
}

static char *slurp(const char *path)
{
	struct buf b = BUF_INIT;
	if (buf_read_file(&b, path, 1 << 20) != 0)
		fail_msg("cannot read %s", path);
	buf_addc(&b, '\0');
	return buf_steal(&b);
}

static const char *srcdir(void)
{
	const char *d = getenv("WICKET_SRCDIR");
	return d != NULL ? d : "../..";
}

/* Every `code` in the rows of the "## Errors" table of docs/api.md. */
static void codes_from_doc(struct codes *c)
{
	char *path = xasprintf("%s/docs/api.md", srcdir());
	char *doc = slurp(path);
	char *sec = strstr(doc, "\n## Errors\n");
	assert_non_null(sec);
	char *end = strstr(sec + 1, "\n## ");
	assert_non_null(end);
	for (char *line = sec; line < end; line = strchr(line + 1, '\n')) {
		if (strncmp(line, "\n| 4", 4) != 0 && strncmp(line, "\n| 5", 4) != 0)
			continue;
		/* the second column: | status | `a`, `b` | when | */
		char *col = strchr(line + 3, '|');
		char *stop = col != NULL ? strchr(col + 1, '|') : NULL;
		assert_non_null(stop);
		for (char *p = col; (p = memchr(p, '`', (size_t)(stop - p))) != NULL; ) {
			char *q = memchr(p + 1, '`', (size_t)(stop - p - 1));
			assert_non_null(q);
			codes_add(c, p + 1, (size_t)(q - p - 1));
			p = q + 1;
		}
	}
	free(doc);
	free(path);
}

/* The literal codes the server's handlers reply with: the first string
 * after a three-digit status in a call of srv_error / srv_error_x, or the
 * first argument of tk_conflict. */
static void codes_from_server(struct codes *c, const char *file)
{
	char *path = xasprintf("%s/src/server/%s", srcdir(), file);
	char *text = slurp(path);
	static const char *calls[] = { "srv_error(", "srv_error_x(", "tk_conflict(" };
	for (size_t k = 0; k < sizeof calls / sizeof calls[0]; k++) {
		for (char *p = text; (p = strstr(p, calls[k])) != NULL; p++) {
			char *q = strchr(p, '"');
			char *semi = strchr(p, ';');
			if (q == NULL || (semi != NULL && semi < q))
				continue;
			char *e = strchr(q + 1, '"');
			if (e == NULL)
				continue;
			if (strspn(q + 1, "abcdefghijklmnopqrstuvwxyz0123456789_") != (size_t)(e - q - 1))
				continue;
			if (e - q - 1 > 0)
				codes_add(c, q + 1, (size_t)(e - q - 1));
		}
	}
	free(text);
	free(path);
}

static const char *server_files[] = {
	"auth.c", "h_accounts.c", "h_audits.c", "h_board.c", "h_callbacks.c", "h_cases.c",
	"h_drills.c", "h_matters.c", "h_reports.c", "h_tickets.c", "h_windows.c", "http.c",
	"reply.c", "routes.c", "drills.c", "events.c", "idem.c", "throttle.c", "h_posts.c",
};

static void test_doc_has_codes(void **state)
{
	(void)state;
	struct codes c = { .n = 0 };
	codes_from_doc(&c);
	/* The table is the contract: it must hold the well-known ones. */
	assert_true(c.n >= 40);
	bool found = false;
	for (size_t i = 0; i < c.n; i++)
		found = found || strcmp(c.code[i], "invalid_id_number") == 0;
	assert_true(found);
	for (size_t i = 0; i < c.n; i++)
		free(c.code[i]);
}

/* Every code the server sends is in the document. */
static void test_server_codes_documented(void **state)
{
	(void)state;
	struct codes doc = { .n = 0 }, srv = { .n = 0 };
	codes_from_doc(&doc);
	for (size_t i = 0; i < sizeof server_files / sizeof server_files[0]; i++)
		codes_from_server(&srv, server_files[i]);
	assert_true(srv.n >= 20);
	int missing = 0;
	for (size_t i = 0; i < srv.n; i++) {
		bool in = false;
		for (size_t j = 0; j < doc.n && !in; j++)
			in = strcmp(srv.code[i], doc.code[j]) == 0;
		if (!in) {
			print_error("the server sends '%s', which docs/api.md's table of errors lacks\n",
				    srv.code[i]);
			missing++;
		}
	}
	assert_int_equal(missing, 0);
	for (size_t i = 0; i < doc.n; i++)
		free(doc.code[i]);
	for (size_t i = 0; i < srv.n; i++)
		free(srv.code[i]);
}

/* In locale loc, every documented code has a sentence that is translated. */
static void check_language(const char *loc)
{
	if (setlocale(LC_ALL, loc) == NULL)
		fail_msg("the locale %s is not installed (./quickstart check generates it)", loc);
	const char *dir = getenv("WICKET_LOCALEDIR");
	assert_non_null(dir);
	bindtextdomain("wicket", dir);
	bind_textdomain_codeset("wicket", "UTF-8");
	textdomain("wicket");

	struct codes c = { .n = 0 };
	codes_from_doc(&c);
	int bad = 0;
	for (size_t i = 0; i < c.n; i++) {
		const char *msgid = api_error_msgid(c.code[i]);
		if (msgid == NULL) {
			print_error("%s: no sentence for '%s' in src/net/api_error.c\n", loc, c.code[i]);
			bad++;
			continue;
		}
		struct api_error e = { .status = 400 };
		snprintf(e.code, sizeof e.code, "%s", c.code[i]);
		snprintf(e.message, sizeof e.message, "English from the server");
		const char *t = api_error_text(&e);
		if (t == msgid || strcmp(t, msgid) == 0 || strcmp(t, e.message) == 0) {
			print_error("%s: '%s' (\"%s\") is not translated\n", loc, c.code[i], msgid);
			bad++;
		}
	}
	assert_int_equal(bad, 0);
	for (size_t i = 0; i < c.n; i++)
		free(c.code[i]);
	setlocale(LC_ALL, "C");
}

static void test_zh_cn(void **state) { (void)state; check_language("zh_CN.UTF-8"); }
static void test_zh_tw(void **state) { (void)state; check_language("zh_TW.UTF-8"); }

/* A code nobody knows falls back to the server's own message. */
static void test_unknown_code(void **state)
{
	(void)state;
	struct api_error e = { .status = 418, .code = "teapot", .message = "short and stout" };
	assert_null(api_error_msgid("teapot"));
	assert_string_equal(api_error_text(&e), "short and stout");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_doc_has_codes),
		cmocka_unit_test(test_server_codes_documented),
		cmocka_unit_test(test_zh_cn),
		cmocka_unit_test(test_zh_tw),
		cmocka_unit_test(test_unknown_code),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
