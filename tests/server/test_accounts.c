/* test_accounts.c - the admin's accounts and the throttling of failed
 * sign-ins, against a real wicketd with the demo hall.
 *
 * Accounts: created, listed, signed in with, their password reset (the old
 * sessions are revoked), disabled (its sessions are revoked at once and it
 * cannot sign in) and enabled; hostile and malformed fields are refused
 * and change nothing; a password is in no reply, no log line and not in
 * the database files (only its yescrypt hash is).
 *
 * Throttling: the test plays several clients by sending from different
 * loopback addresses (127.0.0.x).  Failures of one user from many
 * addresses lock the user out; failures of many user names from one
 * address lock the address out; while locked, even the right password
 * gets 429 with Retry-After; a lock-out soon after the last one is twice
 * as long (the server's clock moved on by --time-shift over restarts: the
 * lock-outs are stored); a success resets the user's count; attempts sent
 * all at once cannot get past the limit; and the log names every failure
 * and lock-out with the user and the address. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <cmocka.h>

#include "harness.h"
#include "wicket/common/buf.h"
#include "wicket/common/sha256.h"
#include "wicket/common/xalloc.h"

/* Every password of these tests has this in it, so that one search finds
 * any that leaked. */
#define SECRET "s3cr3t"
#define OPTS "--login-failures 5 --login-window 900 --login-lock 60"

struct fx {
	struct wd w;
	char log[400];
	char *admin;
};

static int setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof *f);
	wd_start(&f->w, true, OPTS);
	snprintf(f->log, sizeof f->log, "%s/wicketd.log", f->w.dir);
	wd_restart_logging(&f->w, OPTS, f->log);
	f->admin = wd_login(&f->w, "admin", 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	assert_int_equal(wd_term(&f->w), 0);
	char *log = slurp(f->log);
	assert_null(strstr(log, SECRET));
	free(log);
	wd_stop(&f->w);
	free(f->admin);
	free(f);
	return 0;
}

/* ---- requests ------------------------------------------------------------ */

/* One request that must answer want, with error code when not NULL; the
 * parsed reply (the caller deletes it).  No reply may hold a password. */
static cJSON *call(struct fx *f, const char *method, const char *path, const char *token,
		   const char *body, long want, const char *code)
{
	cJSON *j = wd_call(&f->w, method, path, token, body, want);
	const char *got = jstr(cJSON_GetObjectItem(j, "error"), "code");
	if (code && (!got || strcmp(got, code) != 0))
		fail_msg("%s %s %s: wanted %s, got %s", method, path, body ? body : "", code, got ? got : "none");
	char *text = cJSON_PrintUnformatted(j);
	if (text && (strstr(text, SECRET) || strstr(text, "$y$")))
		fail_msg("%s %s: a password in the reply %s", method, path, text);
	free(text);
	return j;
}

/* Sign in from the loopback address from (NULL: the default) with password
 * at window (0: none); the reply in *r (the caller frees it). */
static long login(struct fx *f, const char *from, const char *user, const char *password, int window,
		  struct resp *r)
{
	struct wd w = f->w;
	char win[32] = "";
	snprintf(w.source, sizeof w.source, "%s", from ? from : "");
	if (window)
		snprintf(win, sizeof win, ",\"window\":%d", window);
	char *body = xasprintf("{\"user\":\"%s\",\"password\":\"%s\"%s}", user, password, win);
	long status = http(&w, "POST", "/api/v1/login", NULL, body, NULL, r);
	free(body);
	return status;
}

/* login() that must answer want (and code); returns the token of a 200
 * (malloc'd) or NULL. */
static char *login_want(struct fx *f, const char *from, const char *user, const char *password,
			int window, long want, const char *code)
{
	struct resp r;
	login(f, from, user, password, window, &r);
	if (r.status != want || (code && strcmp(resp_error_code(&r), code) != 0))
		fail_msg("login of %s from %s: wanted %ld %s, got %ld %s", user, from ? from : "default",
			 want, code ? code : "", r.status, r.body);
	char *token = r.status == 200 ? xstrdup(jstr(r.json, "token")) : NULL;
	resp_free(&r);
	return token;
}

/* A sign-in refused for a lock-out: 429 with the same Retry-After in the
 * header and the body, within lo..hi seconds; returns it. */
static long login_locked(struct fx *f, const char *from, const char *user, const char *password,
			 long lo, long hi)
{
	struct resp r;
	login(f, from, user, password, 0, &r);
	if (r.status != 429 || strcmp(resp_error_code(&r), "too_many_attempts") != 0)
		fail_msg("login of %s from %s: wanted 429, got %ld %s", user, from, r.status, r.body);
	long secs = r.retry_after;
	if (secs < lo || secs > hi)
		fail_msg("Retry-After %ld is not within %ld..%ld", secs, lo, hi);
	assert_int_equal((long)jnum(cJSON_GetObjectItem(r.json, "error"), "retry_after"), secs);
	resp_free(&r);
	return secs;
}

/* The account of user in GET /accounts (the caller deletes it), or NULL. */
static cJSON *account(struct fx *f, const char *user)
{
	cJSON *list = call(f, "GET", "/api/v1/accounts", f->admin, NULL, 200, NULL), *a, *found = NULL;
	cJSON_ArrayForEach(a, cJSON_GetObjectItem(list, "accounts"))
		if (jstr(a, "user") && strcmp(jstr(a, "user"), user) == 0)
			found = cJSON_Duplicate(a, true);
	cJSON_Delete(list);
	return found;
}

/* The windows of an account or a sign-in reply as "2,3". */
static char *windows_of(const cJSON *o)
{
	struct buf b = BUF_INIT;
	const cJSON *w;
	cJSON_ArrayForEach(w, cJSON_GetObjectItem(o, "windows"))
		buf_printf(&b, "%s%d", b.len ? "," : "", w->valueint);
	buf_addc(&b, '\0');
	return buf_steal(&b);
}

static void assert_windows(const cJSON *o, const char *want)
{
	char *got = windows_of(o);
	assert_string_equal(got, want);
	free(got);
}

/* How often needle occurs in the log so far. */
static int log_count(struct fx *f, const char *needle)
{
	char *log = slurp(f->log);
	int n = 0;
	for (const char *p = log; (p = strstr(p, needle)) != NULL; p += strlen(needle))
		n++;
	free(log);
	return n;
}

/* Whether the file at path holds needle anywhere (binary files too). */
static bool file_has(const char *path, const char *needle)
{
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return false;
	struct buf b = BUF_INIT;
	char chunk[4096];
	size_t got;
	while ((got = fread(chunk, 1, sizeof chunk, fp)) > 0)
		buf_add(&b, chunk, got);
	fclose(fp);
	size_t n = strlen(needle);
	bool found = false;
	for (size_t i = 0; !found && i + n <= b.len; i++)
		found = memcmp(b.data + i, needle, n) == 0;
	buf_free(&b);
	return found;
}

/* ---- accounts ----------------------------------------------------------------- */

static void test_account_lifecycle(void **state)
{
	struct fx *f = *state;
	cJSON *a = call(f, "POST", "/api/v1/accounts", f->admin,
			"{\"user\":\"wang.wu\",\"name\":\"王五\",\"role\":\"clerk\",\"windows\":[3,2],"
			"\"password\":\"" SECRET "-first\"}", 201, NULL);
	assert_string_equal(jstr(a, "user"), "wang.wu");
	assert_string_equal(jstr(a, "name"), "王五");
	assert_string_equal(jstr(a, "role"), "clerk");
	assert_windows(a, "2,3");
	assert_true(cJSON_IsFalse(cJSON_GetObjectItem(a, "disabled")));
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(a, "locked_until")));
	assert_null(cJSON_GetObjectItem(a, "password"));
	cJSON_Delete(a);
	cJSON *list = call(f, "GET", "/api/v1/accounts", f->admin, NULL, 200, NULL);
	/* The demo hall's 20 (its call screen's, eval1..eval3, helper1 and the guide desk's among
	 * them) and wang.wu. */
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(list, "accounts")), 21);
	cJSON_Delete(list);

	/* It signs in at one of its windows, or at all of them, and works there. */
	struct resp r;
	assert_int_equal(login(f, NULL, "wang.wu", SECRET "-first", 3, &r), 200);
	assert_windows(r.json, "3");
	char *at3 = xstrdup(jstr(r.json, "token"));
	resp_free(&r);
	login_want(f, NULL, "wang.wu", SECRET "-first", 1, 403, "window_not_assigned");
	char *all = login_want(f, NULL, "wang.wu", SECRET "-first", 0, 200, NULL);
	cJSON_Delete(call(f, "POST", "/api/v1/windows/3/open", at3, NULL, 200, NULL));
	cJSON_Delete(call(f, "POST", "/api/v1/windows/2/open", at3, NULL, 403, "forbidden"));

	/* A reset revokes both sessions; only the new password works. */
	a = call(f, "POST", "/api/v1/accounts/wang.wu/password", f->admin,
		 "{\"password\":\"" SECRET "-second\"}", 200, NULL);
	assert_string_equal(jstr(a, "user"), "wang.wu");
	cJSON_Delete(a);
	cJSON_Delete(call(f, "GET", "/api/v1/me", at3, NULL, 401, "unauthorized"));
	cJSON_Delete(call(f, "GET", "/api/v1/me", all, NULL, 401, "unauthorized"));
	free(at3);
	free(all);
	login_want(f, NULL, "wang.wu", SECRET "-first", 0, 401, "bad_credentials");
	char *tok = login_want(f, NULL, "wang.wu", SECRET "-second", 3, 200, NULL);

	/* Disabled: its session is refused at once, and it cannot sign in. */
	a = call(f, "POST", "/api/v1/accounts/wang.wu/disable", f->admin, NULL, 200, NULL);
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(a, "disabled")));
	cJSON_Delete(a);
	cJSON_Delete(call(f, "GET", "/api/v1/me", tok, NULL, 401, "unauthorized"));
	cJSON_Delete(call(f, "POST", "/api/v1/windows/3/close", tok, NULL, 401, "unauthorized"));
	free(tok);
	login_want(f, NULL, "wang.wu", SECRET "-second", 3, 403, "account_disabled");
	login_want(f, NULL, "wang.wu", SECRET "-wrong", 3, 401, "bad_credentials");
	cJSON *e = call(f, "POST", "/api/v1/accounts/wang.wu/disable", f->admin, NULL, 409, "invalid_state");
	assert_string_equal(jstr(cJSON_GetObjectItem(e, "error"), "current"), "disabled");
	cJSON_Delete(e);
	a = account(f, "wang.wu");
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(a, "disabled")));
	cJSON_Delete(a);

	/* Enabled again. */
	a = call(f, "POST", "/api/v1/accounts/wang.wu/enable", f->admin, NULL, 200, NULL);
	assert_true(cJSON_IsFalse(cJSON_GetObjectItem(a, "disabled")));
	cJSON_Delete(a);
	cJSON_Delete(call(f, "POST", "/api/v1/accounts/wang.wu/enable", f->admin, NULL, 409, "invalid_state"));
	tok = login_want(f, NULL, "wang.wu", SECRET "-second", 3, 200, NULL);
	cJSON_Delete(call(f, "POST", "/api/v1/windows/3/close", tok, NULL, 200, NULL));
	free(tok);

	/* The admin cannot lock itself out; unknown accounts are 404. */
	cJSON_Delete(call(f, "POST", "/api/v1/accounts/admin/disable", f->admin, NULL, 409, "own_account"));
	cJSON_Delete(call(f, "GET", "/api/v1/me", f->admin, NULL, 200, NULL));
	static const char *const unknown[] = {
		"/api/v1/accounts/nobody/disable", "/api/v1/accounts/nobody/enable",
		"/api/v1/accounts/Admin/disable", "/api/v1/accounts/a%20b/disable",
	};
	for (size_t i = 0; i < sizeof unknown / sizeof unknown[0]; i++)
		cJSON_Delete(call(f, "POST", unknown[i], f->admin, NULL, 404, "unknown_account"));
	cJSON_Delete(call(f, "POST", "/api/v1/accounts/nobody/password", f->admin,
			  "{\"password\":\"" SECRET "-third\"}", 404, "unknown_account"));

	/* The log says what happened to whom, and by whom. */
	assert_int_equal(log_count(f, "account wang.wu (clerk, windows: 2,3) created by admin"), 1);
	assert_int_equal(log_count(f, "password of wang.wu reset by admin; 2 sessions revoked"), 1);
	assert_int_equal(log_count(f, "account wang.wu disabled by admin; 1 sessions revoked"), 1);
}

/* POST /accounts with body must fail with want and code. */
static void refused(struct fx *f, const char *body, long want, const char *code)
{
	cJSON_Delete(call(f, "POST", "/api/v1/accounts", f->admin, body, want, code));
}

#define ACCT(user, name, role, windows, password) \
	"{\"user\":" user ",\"name\":" name ",\"role\":" role ",\"windows\":" windows \
	",\"password\":" password "}"
#define PW "\"" SECRET "-good\""

static void test_account_validation(void **state)
{
	struct fx *f = *state;
	cJSON *before = call(f, "GET", "/api/v1/accounts", f->admin, NULL, 200, NULL);
	static const char *const users[] = {
		"\"\"", "\"Wang\"", "\"wang wu\"", "\"-wang\"", "\".wang\"", "\"王五\"", "\"wang/wu\"",
		"\"../admin\"", "\"wang\\u0000x\"", "\"wang\\nwu\"", "\"abcdefghijabcdefghijabcdefghijabc\"",
		"\"wang'; DROP TABLE users;--\"", "5", "[\"wang\"]",
	};
	for (size_t i = 0; i < sizeof users / sizeof users[0]; i++) {
		char *body = xasprintf(ACCT("%s", "\"王五\"", "\"clerk\"", "[1]", PW), users[i]);
		refused(f, body, 400, "invalid_field");
		free(body);
	}
	static const char *const names[] = {
		"\"\"", "\"   \"", "\"王\\u001b[2J五\"", "\"王\\n五\"", "\"\\u202e五王\"", "\"王\\u007f五\"", "7",
		"\"abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijk\"",
	};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		char *body = xasprintf(ACCT("\"wang\"", "%s", "\"clerk\"", "[1]", PW), names[i]);
		refused(f, body, 400, "invalid_field");
		free(body);
	}
	refused(f, ACCT("\"wang\"", "\"王五\"", "\"root\"", "[1]", PW), 422, "unknown_role");
	refused(f, ACCT("\"wang\"", "\"王五\"", "\"Clerk\"", "[1]", PW), 422, "unknown_role");
	refused(f, ACCT("\"wang\"", "\"王五\"", "\"none\"", "[]", PW), 422, "unknown_role");
	refused(f, ACCT("\"wang\"", "\"王五\"", "1", "[1]", PW), 400, "invalid_field");
	cJSON *e = call(f, "POST", "/api/v1/accounts", f->admin,
			ACCT("\"wang\"", "\"王五\"", "\"clerk\"", "[1,99]", PW), 422, "unknown_window");
	assert_int_equal((int)jnum(cJSON_GetObjectItem(e, "error"), "window"), 99);
	cJSON_Delete(e);
	static const char *const windows[] = {
		"\"1\"", "[\"1\"]", "[0]", "[1.5]", "[1,1]", "[10000]", "[1e300]", "{}", "[]",
		"[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17]",
	};
	for (size_t i = 0; i < sizeof windows / sizeof windows[0]; i++) {
		char *body = xasprintf(ACCT("\"wang\"", "\"王五\"", "\"clerk\"", "%s", PW), windows[i]);
		refused(f, body, 400, "invalid_field");
		free(body);
	}
	refused(f, "{\"user\":\"wang\",\"name\":\"王五\",\"role\":\"clerk\",\"password\":" PW "}",
		400, "invalid_field");
	refused(f, ACCT("\"wang\"", "\"王五\"", "\"supervisor\"", "[1]", PW), 400, "invalid_field");
	refused(f, ACCT("\"wang\"", "\"王五\"", "\"clerk\"", "[1]", "\"s3cr3t\""), 400, "weak_password");
	refused(f, ACCT("\"wang\"", "\"王五\"", "\"clerk\"", "[1]", "\"        \""), 400, "weak_password");
	refused(f, ACCT("\"wang\"", "\"王五\"", "\"clerk\"", "[1]", "\"" SECRET "\\u0007bell\""), 400,
		"invalid_field");
	refused(f, ACCT("\"wang\"", "\"王五\"", "\"clerk\"", "[1]", "12345678"), 400, "invalid_field");
	char *long_pw = xmalloc(200);
	memset(long_pw, 'p', 129);
	memcpy(long_pw, SECRET, strlen(SECRET));
	long_pw[129] = '\0';
	char *body = xasprintf(ACCT("\"wang\"", "\"王五\"", "\"clerk\"", "[1]", "\"%s\""), long_pw);
	refused(f, body, 400, "invalid_field");
	free(body);
	static const char *const missing[] = {
		"{\"name\":\"王五\",\"role\":\"clerk\",\"windows\":[1],\"password\":" PW "}",
		"{\"user\":\"wang\",\"role\":\"clerk\",\"windows\":[1],\"password\":" PW "}",
		"{\"user\":\"wang\",\"name\":\"王五\",\"windows\":[1],\"password\":" PW "}",
		"{\"user\":\"wang\",\"name\":\"王五\",\"role\":\"clerk\",\"windows\":[1]}",
		"{\"user\":null,\"name\":\"王五\",\"role\":\"clerk\",\"windows\":[1],\"password\":" PW "}",
	};
	for (size_t i = 0; i < sizeof missing / sizeof missing[0]; i++)
		refused(f, missing[i], 400, "missing_field");
	refused(f, ACCT("\"clerk1\"", "\"王五\"", "\"clerk\"", "[1]", PW), 409, "account_exists");
	cJSON_Delete(call(f, "POST", "/api/v1/accounts/clerk1/password", f->admin, "{\"password\":\"short\"}",
			  400, "weak_password"));
	cJSON_Delete(call(f, "POST", "/api/v1/accounts/clerk1/password", f->admin, "{}", 400, "missing_field"));

	/* Nothing changed, and clerk1's password is still demo. */
	cJSON *after = call(f, "GET", "/api/v1/accounts", f->admin, NULL, 200, NULL);
	assert_true(cJSON_Compare(before, after, true));
	cJSON_Delete(before);
	cJSON_Delete(after);
	free(login_want(f, NULL, "clerk1", "demo", 1, 200, NULL));

	/* What is fine: the longest name and user, 128 characters of password,
	 * a supervisor without windows. */
	memset(long_pw, 'p', 128);
	long_pw[128] = '\0';
	memcpy(long_pw, SECRET, strlen(SECRET));
	body = xasprintf(ACCT("\"abcdefghij.abcdefghij_abcdefgh-9\"", "\"王五王五王五王五王五王五王五王五王五王五"
			      "王五王五王五王五王五王五王五王五王五王五王五王五王五王五王五\"", "\"clerk\"", "[1,2]", "\"%s\""),
			 long_pw);
	cJSON_Delete(call(f, "POST", "/api/v1/accounts", f->admin, body, 201, NULL));
	free(body);
	free(login_want(f, NULL, "abcdefghij.abcdefghij_abcdefgh-9", long_pw, 2, 200, NULL));
	free(long_pw);
	cJSON *a = call(f, "POST", "/api/v1/accounts", f->admin,
			"{\"user\":\"he2\",\"name\":\"何二\",\"role\":\"supervisor\",\"password\":" PW "}", 201, NULL);
	assert_windows(a, "");
	cJSON_Delete(a);
}

/* On PostgreSQL, the rows of w's database as text (pg_dump, data only)
 * in the file dir/dump.sql, its path into out: what SQLite's files are
 * to the storage check below. */
static void pg_dump_rows(const struct wd *w, char *out, size_t len)
{
	char cmd[1024];
	snprintf(out, len, "%s/dump.sql", w->dir);
	snprintf(cmd, sizeof cmd, "pg_dump --data-only -f '%s' '%s'", out, w->db);
	assert_int_equal(system(cmd), 0);
}

/* A retried creation gets the first answer; the password is stored nowhere
 * but as its hash, not even in the idempotency store. */
static void test_account_retry_and_storage(void **state)
{
	struct fx *f = *state;
	const char *body = ACCT("\"li.si\"", "\"李四\"", "\"kiosk\"", "[]", "\"" SECRET "-kiosk\"");
	struct resp a, b;
	assert_int_equal(http(&f->w, "POST", "/api/v1/accounts", f->admin, body, "acct-1", &a), 201);
	assert_int_equal(http(&f->w, "POST", "/api/v1/accounts", f->admin, body, "acct-1", &b), 201);
	assert_false(a.replayed);
	assert_true(b.replayed);
	assert_string_equal(a.body, b.body);
	resp_free(&a);
	resp_free(&b);
	const char *other = ACCT("\"li.si\"", "\"李四四\"", "\"kiosk\"", "[]", "\"" SECRET "-kiosk\"");
	assert_int_equal(http(&f->w, "POST", "/api/v1/accounts", f->admin, other, "acct-1", &a), 422);
	resp_free(&a);
	char *token = login_want(f, NULL, "li.si", SECRET "-kiosk", 0, 200, NULL);
	char hash[SHA256_HEX_SIZE];
	sha256_hex(token, strlen(token), hash);

	/* While it runs, the WAL holds the new rows: no password, no token
	 * (the session is kept by the token's hash), and only its owner may
	 * read the files.  On PostgreSQL the rows are the same, its files
	 * the cluster's, not wicketd's. */
	char path[400];
	if (wd_on_postgresql())
		pg_dump_rows(&f->w, path, sizeof path);
	else
		snprintf(path, sizeof path, "%s/wicketd.db-wal", f->w.dir);
	assert_true(file_has(path, hash));
	assert_false(file_has(path, token));
	assert_false(file_has(path, SECRET));
	static const char *const files[] = { "wicketd.db", "wicketd.db-wal", "wicketd.db-shm" };
	for (size_t i = 0; i < sizeof files / sizeof files[0] && !wd_on_postgresql(); i++) {
		struct stat st;
		snprintf(path, sizeof path, "%s/%s", f->w.dir, files[i]);
		assert_int_equal(stat(path, &st), 0);
		if ((st.st_mode & 0777) != 0600)
			fail_msg("%s has mode %o, not 600", files[i], (unsigned)(st.st_mode & 0777));
	}
	/* The token signs in as it is; its hash does not. */
	cJSON_Delete(wd_call(&f->w, "GET", "/api/v1/me", token, NULL, 200));
	cJSON_Delete(wd_call(&f->w, "GET", "/api/v1/me", hash, NULL, 401));

	assert_int_equal(wd_term(&f->w), 0);     /* the WAL is checkpointed on close */
	if (wd_on_postgresql())
		pg_dump_rows(&f->w, path, sizeof path);
	else
		snprintf(path, sizeof path, "%s/wicketd.db", f->w.dir);
	assert_true(file_has(path, "li.si"));
	assert_false(file_has(path, SECRET));
	assert_false(file_has(path, token));
	free(token);
	wd_restart_logging(&f->w, OPTS, f->log);
}

/* ---- throttling --------------------------------------------------------------- */


static void test_lockout_by_user(void **state)
{
	struct fx *f = *state;
	char from[32];
	/* Five wrong passwords for clerk5, each from another address. */
	for (int i = 0; i < 5; i++) {
		snprintf(from, sizeof from, "127.0.0.%d", 11 + i);
		login_want(f, from, "clerk5", SECRET "-guess", 5, 401, "bad_credentials");
	}
	/* Locked: even the right password, from yet another address. */
	login_locked(f, "127.0.0.16", "clerk5", "demo", 1, 60);
	/* That address is not locked: another user signs in from it. */
	free(login_want(f, "127.0.0.16", "clerk6", "demo", 6, 200, NULL));
	cJSON *a = account(f, "clerk5");
	assert_non_null(jstr(a, "locked_until"));
	cJSON_Delete(a);
	assert_int_equal(log_count(f, "failed sign-in for user 'clerk5' from 127.0.0.1"), 5);
	assert_int_equal(log_count(f, "failed sign-in for user 'clerk5' from 127.0.0.13"), 1);
	assert_int_equal(log_count(f, "sign-in locked out for 60 s: user 'clerk5' (5 failures within 900 s; "
				  "the last from 127.0.0.15)"), 1);
	assert_int_equal(log_count(f, "sign-in refused for user 'clerk5' from 127.0.0.16"), 1);

	/* A minute later it may try again; five more failures lock it out
	 * for twice as long. */
	wd_restart_logging(&f->w, OPTS " --time-shift 61", f->log);
	for (int i = 0; i < 5; i++) {
		snprintf(from, sizeof from, "127.0.0.%d", 17 + i);
		login_want(f, from, "clerk5", SECRET "-guess", 0, 401, "bad_credentials");
	}
	login_locked(f, "127.0.0.30", "clerk5", "demo", 61, 120);
	assert_int_equal(log_count(f, "sign-in locked out for 120 s: user 'clerk5'"), 1);

	/* Two minutes on, the right password works and wipes the count: three
	 * failures, a success, three failures, and it is not locked. */
	wd_restart_logging(&f->w, OPTS " --time-shift 182", f->log);
	for (int round = 0; round < 2; round++) {
		for (int i = 0; i < 3; i++) {
			snprintf(from, sizeof from, "127.0.0.%d", 40 + 3 * round + i);
			login_want(f, from, "clerk5", SECRET "-guess", 0, 401, "bad_credentials");
		}
		free(login_want(f, "127.0.0.50", "clerk5", "demo", 5, 200, NULL));
	}
	a = account(f, "clerk5");
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(a, "locked_until")));
	cJSON_Delete(a);
}

static void test_lockout_by_address(void **state)
{
	struct fx *f = *state;
	/* Five user names tried from one address. */
	for (int i = 1; i <= 5; i++) {
		char user[16];
		snprintf(user, sizeof user, "ghost%d", i);
		login_want(f, "127.0.0.21", user, SECRET "-guess", 0, 401, "bad_credentials");
	}
	/* That address is locked out, for every account and the right password. */
	login_locked(f, "127.0.0.21", "clerk7", "demo", 1, 60);
	login_locked(f, "127.0.0.21", "clerk8", "demo", 1, 60);
	/* The accounts are not: from elsewhere they sign in. */
	free(login_want(f, "127.0.0.22", "clerk7", "demo", 7, 200, NULL));
	char name[40], line[160];
	snprintf(line, sizeof line, "failed sign-in for user '%s' from 127.0.0.21", wd_unknown_name("ghost3", name));
	assert_int_equal(log_count(f, line), 1);
	assert_int_equal(log_count(f, "ghost"), 0);     /* names no account has are not written */
	snprintf(line, sizeof line, "sign-in locked out for 60 s: address 127.0.0.21 (5 failures within 900 s; "
		 "the last for user '%s')", wd_unknown_name("ghost5", name));
	assert_int_equal(log_count(f, line), 1);
	/* A user name made to forge log lines never reaches the log; nor does a
	 * password typed into the user field. */
	login_want(f, "127.0.0.23", "x\\nWARN forged\\u001b[2J", SECRET, 0, 401, "bad_credentials");
	assert_int_equal(log_count(f, "WARN forged"), 0);
	snprintf(line, sizeof line, "user '%s' from 127.0.0.23", wd_unknown_name("x\nWARN forged\x1b[2J", name));
	assert_int_equal(log_count(f, line), 1);
	login_want(f, "127.0.0.24", SECRET "-typed-as-user", "x", 0, 401, "bad_credentials");
	assert_int_equal(log_count(f, "-typed-as-user"), 0);
	/* Long user names are refused before anything is counted. */
	char *user = xmalloc(100);
	memset(user, 'u', 65);
	user[65] = '\0';
	login_want(f, "127.0.0.23", user, SECRET, 0, 400, "invalid_field");
	free(user);
}

struct attempt {
	struct fx *f;
	char from[32];
	char user[32];
	const char *password;
	long status;
};

static void *attempt_run(void *arg)
{
	struct attempt *a = arg;
	struct resp r;
	a->status = login(a->f, a->from, a->user, a->password, 0, &r);
	resp_free(&r);
	return NULL;
}

/* Run n sign-ins at once; returns how many answered want. */
static int attempts_at_once(struct attempt *at, int n, long want)
{
	pthread_t th[16];
	assert_true(n <= 16);
	for (int i = 0; i < n; i++)
		assert_int_equal(pthread_create(&th[i], NULL, attempt_run, &at[i]), 0);
	int got = 0;
	for (int i = 0; i < n; i++) {
		pthread_join(th[i], NULL);
		got += at[i].status == want;
	}
	return got;
}

/* Twelve guesses sent at once, each from its own address: five are
 * checked, the others wait for them and are then refused.  Twelve good
 * sign-ins at once from one address (a proxy) all get in. */
static void test_lockout_parallel(void **state)
{
	struct fx *f = *state;
	enum { N = 12 };
	struct attempt at[N];
	for (int i = 0; i < N; i++) {
		at[i] = (struct attempt){ .f = f, .password = SECRET "-guess" };
		snprintf(at[i].from, sizeof at[i].from, "127.0.0.%d", 60 + i);
		snprintf(at[i].user, sizeof at[i].user, "clerk9");
	}
	assert_int_equal(attempts_at_once(at, N, 401), 5);
	for (int i = 0; i < N; i++)
		assert_true(at[i].status == 401 || at[i].status == 429);
	assert_int_equal(log_count(f, "failed sign-in for user 'clerk9'"), 5);
	login_locked(f, "127.0.0.90", "clerk9", "demo", 1, 60);

	static const char *const users[N] = {
		"clerk1", "clerk2", "clerk3", "clerk4", "clerk5", "clerk6", "clerk7", "clerk8",
		"clerk10", "supervisor", "trainer", "kiosk",
	};
	for (int i = 0; i < N; i++) {
		at[i] = (struct attempt){ .f = f, .from = "127.0.0.91", .password = "demo" };
		snprintf(at[i].user, sizeof at[i].user, "%s", users[i]);
	}
	assert_int_equal(attempts_at_once(at, N, 200), N);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_account_lifecycle),
		T(test_account_validation),
		T(test_account_retry_and_storage),
		T(test_lockout_by_user),
		T(test_lockout_by_address),
		T(test_lockout_parallel),
	};
#undef T
	return cmocka_run_group_tests(tests, NULL, NULL);
}
