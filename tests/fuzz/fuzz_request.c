/* fuzz_request.c - libFuzzer target: wicketd's handling of a request, from
 * the route table through the body checks, sign-in, the transaction and
 * idempotency to the handler's answer, on the demo hall (srv_dispatch()).
 *
 * An input is up to FZ_MAX_REQS requests, separated by a line "----":
 *
 *     ROLE METHOD TARGET [IDEMPOTENCY-KEY]
 *     BODY
 *
 * ROLE picks the Authorization header: one of the fixed sessions of
 * fz_sessions (clerk = clerk1 at window 1, clerk2 at window 2, supervisor,
 * trainer, admin, kiosk, expired = clerk3's expired session), "none" for no
 * header, or any other word, sent verbatim as the header's value.  TARGET
 * is the path with an optional "?query"; %XX escapes are decoded in both
 * (and '+' in the query), as libmicrohttpd does.  BODY is everything up to
 * the separator.
 *
 * Every input starts from the same database, restored from an in-memory
 * image: the demo hall after the short morning of fz_morning (window 1
 * open and serving ticket 2, with cases 1 accepted, 2 notified,
 * 3 suspended and 4 completed; window 2 open with a ticket called), so
 * inputs never depend on each other.  The clock is pinned to Monday
 * 2026-11-23 10:00 in Shanghai, a year the calendar covers.
 *
 * Properties checked of every request, besides the sanitizers':
 * - there is a reply, its status is 200..599, it is valid UTF-8 and a JSON
 *   object, and an error is {"error":{"code":[a-z0-9_]+,"message":"..."}};
 * - a GET commits nothing, and neither does a request answered with an
 *   error (docs/api.md: "An error changes nothing");
 * - no transaction is left open, and nothing is logged at error level
 *   (which the server does only when an SQL statement failed).
 *
 * With WICKET_FUZZ_VERBOSE set in the environment, every request and the
 * start of its reply are printed to stderr (to see what a seed does).
 *
 * POST /api/v1/login is skipped: its yescrypt hash takes about 20 ms, which
 * would slow the fuzzer down a thousandfold, and its fields go through the
 * same req_str/req_int checks as every other handler's. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <sqlite3.h>

#include "wicket/common/log.h"
#include "wicket/server/options.h"
#include "wicket/server/srv.h"
#include "wicket/common/utf8.h"
#include "wicket/common/sha256.h"
#include "wicket/common/xalloc.h"

#include "fuzz.h"

#define FZ_MAX_REQS 8
#define FZ_MAX_ARGS 8
#define FZ_EPOCH 1795399200          /* 2026-11-23T10:00:00+08:00, a Monday */
#define FZ_SEPARATOR "\n----\n"

/* The signed-in sessions an input can pick by name. */
static const struct fz_session {
	const char *role;
	const char *user;
	bool expired;
} fz_sessions[] = {
	{ .role = "clerk", .user = "clerk1" },
	{ .role = "clerk2", .user = "clerk2" },
	{ .role = "supervisor", .user = "supervisor" },
	{ .role = "trainer", .user = "trainer" },
	{ .role = "admin", .user = "admin" },
	{ .role = "kiosk", .user = "kiosk" },
	{ .role = "expired", .user = "clerk3", .expired = true },
};
#define FZ_NSESSIONS (sizeof fz_sessions / sizeof fz_sessions[0])

/* The morning every input starts from, in the input format; every step
 * must succeed. */
static const char fz_morning[] =
	"clerk POST /api/v1/windows/1/open\n"
	"----\n"
	"clerk POST /api/v1/windows/1/call\n"
	"{\"ticket\": 2}\n"
	"----\n"
	"clerk POST /api/v1/tickets/2/start\n"
	"----\n"
	"clerk POST /api/v1/cases\n"
	"{\"ticket\": 2, \"matter\": \"MAR-01\", \"applicant\": {\"name\": \"张三\","
	" \"id_number\": \"510823199001011238\", \"phone\": \"13812345678\"}, \"received\": [1, 2, 3]}\n"
	"----\n"
	"clerk POST /api/v1/cases\n"
	"{\"ticket\": 2, \"matter\": \"SOC-01\", \"applicant\": {\"name\": \"李四\","
	" \"id_number\": \"510823199001011238\", \"phone\": \"0839-1234567\"}, \"received\": [1, 5]}\n"
	"----\n"
	"clerk POST /api/v1/cases\n"
	"{\"ticket\": 2, \"matter\": \"SOC-03\", \"applicant\": {\"name\": \"王五\","
	" \"id_number\": \"510823199001011238\", \"phone\": \"010-12345678\"}, \"received\": [1, 2, 3, 4]}\n"
	"----\n"
	"clerk POST /api/v1/cases/3/suspend\n"
	"{\"reason\": \"等待公安部门核查\"}\n"
	"----\n"
	"clerk POST /api/v1/cases\n"
	"{\"ticket\": 2, \"matter\": \"SOC-04\", \"applicant\": {\"name\": \"赵六\","
	" \"id_number\": \"510823199001011238\", \"phone\": \"13912345678\"}, \"received\": [1, 2, 3, 4]}\n"
	"----\n"
	"clerk POST /api/v1/cases/4/complete\n"
	"----\n"
	"clerk2 POST /api/v1/windows/2/open\n"
	"----\n"
	"clerk2 POST /api/v1/windows/2/call\n";

static struct srv_options fz_opt;
static struct srv fz_srv;
static char fz_tokens[FZ_NSESSIONS][72];     /* "Bearer <64 hex digits>" */
static unsigned char *fz_image;              /* the database after the morning */
static sqlite3_int64 fz_image_len;
static int fz_commits;                       /* by the current request */
static bool fz_verbose;                      /* WICKET_FUZZ_VERBOSE: print each exchange */
static FILE *fz_log;                         /* what the server logs, in memory */
static char *fz_log_text;
static size_t fz_log_len;

/* ---- query arguments, as libmicrohttpd would hand them over ---------- */

struct fz_query {
	int n;
	char *name[FZ_MAX_ARGS];
	char *value[FZ_MAX_ARGS];   /* NULL for "?name" without '=' */
};

static int fz_hex(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 :
	       c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* Decode %XX in place (and '+' as a space when plus); a bad escape stays. */
static void fz_unescape(char *s, bool plus)
{
	char *w = s;
	for (; *s; s++) {
		if (*s == '%' && fz_hex(s[1]) >= 0 && fz_hex(s[2]) >= 0) {
			*w++ = (char)(fz_hex(s[1]) * 16 + fz_hex(s[2]));
			s += 2;
		} else {
			*w++ = plus && *s == '+' ? ' ' : *s;
		}
	}
	*w = '\0';
}

/* Split "a=1&b" in place into q. */
static void fz_query_parse(struct fz_query *q, char *s)
{
	char *save = NULL;
	for (char *arg = strtok_r(s, "&", &save); arg && q->n < FZ_MAX_ARGS;
	     arg = strtok_r(NULL, "&", &save)) {
		char *eq = strchr(arg, '=');
		if (eq)
			*eq++ = '\0';
		fz_unescape(arg, true);
		if (eq)
			fz_unescape(eq, true);
		q->name[q->n] = arg;
		q->value[q->n++] = eq;
	}
}

static const char *fz_query_get(void *ctx, const char *name)
{
	const struct fz_query *q = ctx;
	for (int i = 0; i < q->n; i++)
		if (strcmp(q->name[i], name) == 0)
			return q->value[i];
	return NULL;
}

/* The request's headers, as wicket sends them: every POST is JSON (the
 * media type is checked before the body; the fuzzer is after the body). */
static const char *fz_header_get(void *ctx, const char *name)
{
	(void)ctx;
	return strcasecmp(name, "Content-Type") == 0 ? "application/json" : NULL;
}

/* ---- properties of a reply ----------------------------------------------- */

static bool fz_code_ok(const char *code)
{
	if (!*code)
		return false;
	for (; *code; code++)
		if (!((*code >= 'a' && *code <= 'z') || (*code >= '0' && *code <= '9') || *code == '_'))
			return false;
	return true;
}

static void fz_check_reply(const struct req *r, const char *what)
{
	FZ_CHECK(r->reply != NULL, "%s: no reply", what);
	FZ_CHECK(r->status >= 200 && r->status <= 599, "%s: status %d", what, r->status);
	size_t n = strlen(r->reply);
	FZ_CHECK(utf8_valid(r->reply, n), "%s: the reply is not UTF-8: %s", what, r->reply);
	cJSON *j = cJSON_ParseWithLength(r->reply, n);
	FZ_CHECK(cJSON_IsObject(j), "%s: the reply is not a JSON object: %s", what, r->reply);
	if (r->status >= 300) {
		cJSON *err = cJSON_GetObjectItemCaseSensitive(j, "error");
		cJSON *code = cJSON_GetObjectItemCaseSensitive(err, "code");
		FZ_CHECK(cJSON_IsString(code) && fz_code_ok(code->valuestring) &&
			 cJSON_IsString(cJSON_GetObjectItemCaseSensitive(err, "message")),
			 "%s: a malformed error: %s", what, r->reply);
		FZ_CHECK(fz_commits == 0, "%s: answered %d but committed a change", what, r->status);
	}
	FZ_CHECK(strcmp(r->method, "GET") != 0 || fz_commits == 0, "%s: a read committed a change", what);
	FZ_CHECK(sqlite3_get_autocommit(fz_srv.db), "%s: left a transaction open", what);
	fflush(fz_log);
	FZ_CHECK(fz_log_len == 0, "%s: logged an error: %s", what, fz_log_text);
	cJSON_Delete(j);
}

static int fz_on_commit(void *ctx)
{
	(void)ctx;
	fz_commits++;
	return 0;
}

/* ---- running an input ---------------------------------------------------- */

/* The Authorization header for ROLE: a fixed session, none, or ROLE itself. */
static const char *fz_authorization(const char *role)
{
	if (strcmp(role, "none") == 0)
		return NULL;
	for (size_t i = 0; i < FZ_NSESSIONS; i++)
		if (strcmp(role, fz_sessions[i].role) == 0)
			return fz_tokens[i];
	return role;
}

/* Run the one request in text[0..len); strict (the morning) also requires
 * a 2xx answer. */
static void fz_request(const char *text, size_t len, bool strict)
{
	const char *nl = memchr(text, '\n', len);
	size_t head = nl ? (size_t)(nl - text) : len;
	char *line = xstrndup(text, head), *save = NULL;
	char *role = strtok_r(line, " ", &save), *method = strtok_r(NULL, " ", &save);
	char *target = strtok_r(NULL, " ", &save), *key = strtok_r(NULL, " ", &save);
	if (!target || strtok_r(NULL, " ", &save)) {
		FZ_CHECK(!strict, "the morning has a bad line: %s", line);
		free(line);
		return;
	}
	struct fz_query q = { 0 };
	char *query = strchr(target, '?');
	if (query) {
		*query++ = '\0';
		fz_query_parse(&q, query);
	}
	fz_unescape(target, false);
	if (strcmp(method, "POST") == 0 && strcmp(target, "/api/v1/login") == 0) {
		free(line);
		return;
	}
	struct req *r = req_new(&fz_srv, method, target);
	r->query = fz_query_get;
	r->header = fz_header_get;
	r->query_ctx = &q;
	if (key && *key)
		r->idem_key = xstrndup(key, 200);
	if (nl)
		req_add_body(r, nl + 1, len - head - 1);
	fz_commits = 0;
	srv_dispatch(r, fz_authorization(role));

	char what[160];
	snprintf(what, sizeof what, "%s %s %s", role, method, target);
	if (fz_verbose)
		fprintf(stderr, "%s -> %d %.300s\n", what, r->status, r->reply ? r->reply : "(none)");
	fz_check_reply(r, what);
	FZ_CHECK(!strict || (r->status >= 200 && r->status < 300), "the morning failed at %s: %d %s",
		 what, r->status, r->reply);
	req_free(r);
	free(line);
}

/* The first occurrence of needle (n bytes) in text[0..len), or NULL. */
static const char *fz_find(const char *text, size_t len, const char *needle, size_t n)
{
	for (size_t i = 0; i + n <= len; i++)
		if (memcmp(text + i, needle, n) == 0)
			return text + i;
	return NULL;
}

/* Run each request of text in turn, at most max of them. */
static void fz_run(const char *text, size_t len, int max, bool strict)
{
	size_t sep = strlen(FZ_SEPARATOR);
	for (int i = 0; i < max && len > 0; i++) {
		const char *end = fz_find(text, len, FZ_SEPARATOR, sep);
		size_t n = end ? (size_t)(end - text) : len;
		fz_request(text, n, strict);
		if (!end)
			break;
		text += n + sep;
		len -= n + sep;
	}
}

/* Put the database back as it was after the morning. */
static void fz_restore(void)
{
	unsigned char *copy = sqlite3_malloc64((sqlite3_uint64)fz_image_len);
	FZ_CHECK(copy != NULL, "out of memory");
	memcpy(copy, fz_image, (size_t)fz_image_len);
	/* A fresh connection for each image: statements, and the eponymous
	 * virtual tables (json_each) SQLite keeps on a connection, must not
	 * outlive the schema they were made for (sqlite3_deserialize on the
	 * same connection left json_each pointing at the old one). */
	db_forget_statements(&fz_srv);
	sqlite3_close(fz_srv.db);
	FZ_CHECK(sqlite3_open_v2(":memory:", &fz_srv.db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
				 NULL) == SQLITE_OK, "cannot open a database");
	FZ_CHECK(sqlite3_exec(fz_srv.db, "PRAGMA foreign_keys=ON;", NULL, NULL, NULL) == SQLITE_OK,
		 "pragma");
	int rc = sqlite3_deserialize(fz_srv.db, "main", copy, fz_image_len, fz_image_len,
				     SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_RESIZEABLE);
	FZ_CHECK(rc == SQLITE_OK, "restoring the database: %s", sqlite3_errmsg(fz_srv.db));
}

/* The fixed sessions, straight into the database: signing in would cost a
 * yescrypt hash each. */
static void fz_add_sessions(void)
{
	int64_t now = clk_now();
	for (size_t i = 0; i < FZ_NSESSIONS; i++) {
		char token[65], hash[SHA256_HEX_SIZE];
		snprintf(token, sizeof token, "%064zx", i + 1);
		snprintf(fz_tokens[i], sizeof fz_tokens[i], "Bearer %s", token);
		sha256_hex(token, 64, hash);     /* the server keeps a token's hash */
		int64_t expires = fz_sessions[i].expired ? now - 60 : now + 12 * 3600;
		int rc = db_run(&fz_srv, "INSERT INTO sessions(token, user, windows, created, expires) "
				"SELECT ?, user, coalesce((SELECT group_concat(window) FROM user_windows w "
				"WHERE w.user = u.user), ''), ?, ? FROM users u WHERE u.user = ?",
				"sIIs", hash, now - 3600, expires, fz_sessions[i].user);
		FZ_CHECK(rc == 0 && sqlite3_changes(fz_srv.db) == 1, "no demo user %s", fz_sessions[i].user);
	}
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc; (void)argv;
	char err[512] = "";
	fz_verbose = getenv("WICKET_FUZZ_VERBOSE") != NULL;
	char *args[] = { "fuzz_request", "--db", ":memory:", "--demo", NULL };
	FZ_CHECK(srv_options_parse(&fz_opt, 4, args, false, err, sizeof err) == 0, "%s", err);
	clk_init(fz_opt.timezone, FZ_EPOCH - (int64_t)time(NULL));
	log_set_level(LOG_ERROR);
	fz_srv.opt = &fz_opt;
	FZ_CHECK(srv_open(&fz_srv, err, sizeof err) == 0,
		 "%s (is WICKET_DATADIR the data/ directory of the source tree?)", err);
	fz_log = open_memstream(&fz_log_text, &fz_log_len);
	FZ_CHECK(fz_log != NULL, "open_memstream failed");
	log_set_file(fz_log);
	sqlite3_commit_hook(fz_srv.db, fz_on_commit, NULL);
	fz_add_sessions();
	fz_run(fz_morning, strlen(fz_morning), INT_MAX, true);
	/* Long-polls answer at once, as when the server is stopping. */
	fz_srv.stopping = true;
	fz_image = sqlite3_serialize(fz_srv.db, "main", &fz_image_len, 0);
	FZ_CHECK(fz_image != NULL, "cannot serialize the database");
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fz_restore();
	fz_run((const char *)data, size, FZ_MAX_REQS, false);
	return 0;
}
