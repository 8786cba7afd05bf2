#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wicket/common/buf.h"
#include "wicket/core/case.h"
#include "wicket/common/log.h"
#include "wicket/server/srv.h"

/* Accounts, for the admin: listing them, creating one, resetting a
 * password, disabling and enabling.  Passwords arrive already hashed by
 * http.c (the routes' hash_password: yescrypt runs outside the server's
 * lock) and are never put in a reply, a message or the log.  A disabled
 * account cannot sign in, and its sessions are revoked in the same
 * transaction that disables it. */

#define ACCT_USER_MAX 32
#define ACCT_NAME_MAX 50
#define ACCT_WINDOWS_MAX 16      /* what a session can hold (struct auth) */

/* A user name: 1 to 32 of a-z, 0-9, '.', '_', '-', starting with a letter
 * or digit.  Lowercase only, so that two accounts never differ in case. */
static bool acct_user_valid(const char *u)
{
	size_t n = strlen(u);
	if (n == 0 || n > ACCT_USER_MAX || !strchr("abcdefghijklmnopqrstuvwxyz0123456789", u[0]))
		return false;
	return strspn(u, "abcdefghijklmnopqrstuvwxyz0123456789._-") == n;
}

/* An account's columns, with its windows (a JSON array) and the end of
 * its lock (NULL when not locked at ?1, now): one statement for a row. */
#define ACCT_COLS "u.user, u.name, u.role, u.disabled, " \
	"(SELECT coalesce(json_group_array(window), '[]') FROM (SELECT window FROM user_windows w " \
	"  WHERE w.user = u.user ORDER BY window) x), " \
	"(SELECT until FROM login_locks WHERE kind = 'user' AND key = u.user AND until > ?1)"

/* The row of ACCT_COLS at st as the API shows an account. */
static cJSON *acct_row_json(db_q *st)
{
	cJSON *a = cJSON_CreateObject();
	cJSON_AddStringToObject(a, "user", db_col_text(st, 0));
	cJSON_AddStringToObject(a, "name", db_col_text(st, 1));
	cJSON_AddStringToObject(a, "role", db_col_text(st, 2));
	cJSON_AddBoolToObject(a, "disabled", db_col_int(st, 3) != 0);
	cJSON *wins = cJSON_Parse(db_col_text(st, 4));
	cJSON_AddItemToObject(a, "windows", cJSON_IsArray(wins) ? wins : cJSON_CreateArray());
	if (wins && !cJSON_IsArray(wins))
		cJSON_Delete(wins);
	clk_json_add(a, "locked_until", db_col_i64(st, 5));
	return a;
}

/* The account of user as the API shows it, or NULL when there is none. */
static cJSON *acct_json(struct srv *s, const char *user)
{
	db_q *st = db_prep(s, "SELECT " ACCT_COLS " FROM users u WHERE u.user = ?2", "Is", clk_now(), user);
	cJSON *a = db_step(st) == DB_ROW ? acct_row_json(st) : NULL;
	db_reset(st);
	return a;
}

/* GET /accounts: by user name, one page of them. */
void h_accounts_list(struct req *r)
{
	struct req_page p;
	if (req_query_page(r, SRV_PAGE_LIMIT, SRV_PAGE_MAX, &p))
		return;
	int64_t total = db_int(r->srv, "SELECT count(*) FROM users", 0, "");
	cJSON *list = cJSON_CreateArray();
	db_q *st = db_prep(r->srv, "SELECT " ACCT_COLS " FROM users u ORDER BY u.user LIMIT ?2 OFFSET ?3",
				   "III", clk_now(), (int64_t)p.limit, (int64_t)p.offset);
	while (db_step(st) == DB_ROW)
		cJSON_AddItemToArray(list, acct_row_json(st));
	db_reset(st);
	srv_reply_page(r, "accounts", list, &p, total);
}

/* The account named by the path; NULL after a 404 unknown_account. */
static const char *acct_from_path(struct req *r)
{
	const char *user = r->nparams > 0 ? r->params[0] : "";
	if (acct_user_valid(user) &&
	    db_int(r->srv, "SELECT count(*) FROM users WHERE user = ?", 0, "s", user) > 0)
		return user;
	srv_error(r, 404, "unknown_account", "no such account");
	return NULL;
}

/* The body's password, checked; its hash is r->pwhash.  0, or -1 after a
 * 400 (or a 500 when it could not be hashed). */
static int acct_password(struct req *r)
{
	const char *pw;
	char msg[160];
	if (req_str(r, "password", true, &pw) < 0)
		return -1;
	const char *code = auth_password_problem(pw, msg, sizeof msg);
	if (code) {
		srv_error(r, 400, code, "%s", msg);
		return -1;
	}
	if (!r->pwhash) {
		srv_error(r, 500, "internal", "the password could not be hashed");
		return -1;
	}
	return 0;
}

/* ---- POST /accounts ---------------------------------------------------- */

struct acct_new {
	const char *user;
	const char *name;
	const char *role_name;
	enum role role;
	int windows[ACCT_WINDOWS_MAX];
	int nwindows;
};

/* user, name and role.  0, or -1 after a 400 / 409 / 422. */
static int acct_read_who(struct req *r, struct acct_new *n)
{
	if (req_str(r, "user", true, &n->user) < 0 || req_str(r, "name", true, &n->name) < 0 ||
	    req_str(r, "role", true, &n->role_name) < 0)
		return -1;
	if (!acct_user_valid(n->user)) {
		srv_error(r, 400, "invalid_field", "'user' must be 1 to %d of a-z, 0-9, '.', '_' and '-', "
			  "starting with a letter or digit", ACCT_USER_MAX);
		return -1;
	}
	if (!case_text_valid(n->name, 1, ACCT_NAME_MAX)) {
		srv_error(r, 400, "invalid_field", "'name' must be 1 to %d characters without control characters",
			  ACCT_NAME_MAX);
		return -1;
	}
	n->role = auth_role_parse(n->role_name);
	if (n->role == ROLE_NONE) {
		srv_error(r, 422, "unknown_role", "role must be clerk, supervisor, trainer, admin, kiosk, "
			  "evaluator, display or guide");
		return -1;
	}
	if (db_int(r->srv, "SELECT count(*) FROM users WHERE user = ?", 0, "s", n->user) > 0) {
		srv_error(r, 409, "account_exists", "there is an account %s already", n->user);
		return -1;
	}
	return 0;
}

static int acct_cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

/* windows: distinct existing window numbers (sorted into n); at least one for a clerk and
 * none for any other role (only a clerk works at a window).  0, or -1
 * after a 400 / 422. */
static int acct_read_windows(struct req *r, struct acct_new *n)
{
	const cJSON *arr = cJSON_GetObjectItemCaseSensitive(r->json, "windows"), *it;
	if (arr && !cJSON_IsNull(arr) && !cJSON_IsArray(arr))
		goto bad;
	if (!cJSON_IsArray(arr))
		arr = NULL;
	cJSON_ArrayForEach(it, arr) {
		double v = cJSON_IsNumber(it) ? it->valuedouble : 0;
		if (!(v >= 1 && v <= 9999) || v != (double)(int)v || n->nwindows == ACCT_WINDOWS_MAX)
			goto bad;
		for (int i = 0; i < n->nwindows; i++)
			if (n->windows[i] == (int)v)
				goto bad;
		n->windows[n->nwindows++] = (int)v;
	}
	qsort(n->windows, (size_t)n->nwindows, sizeof n->windows[0], acct_cmp_int);
	if ((n->role == ROLE_CLERK) != (n->nwindows > 0)) {
		srv_error(r, 400, "invalid_field", n->role == ROLE_CLERK ?
			  "a clerk needs 'windows': the windows it works at" :
			  "only a clerk works at windows: give no 'windows'");
		return -1;
	}
	for (int i = 0; i < n->nwindows; i++) {
		if (db_int(r->srv, "SELECT count(*) FROM windows WHERE no = ?", 0, "i", n->windows[i]) == 0) {
			cJSON *extra = cJSON_CreateObject();
			cJSON_AddNumberToObject(extra, "window", n->windows[i]);
			srv_error_x(r, 422, "unknown_window", extra, "there is no window %d", n->windows[i]);
			return -1;
		}
	}
	return 0;
bad:
	srv_error(r, 400, "invalid_field", "'windows' must be an array of at most %d distinct window numbers",
		  ACCT_WINDOWS_MAX);
	return -1;
}

void h_account_create(struct req *r)
{
	struct acct_new n = { 0 };
	if (acct_read_who(r, &n) || acct_read_windows(r, &n) || acct_password(r))
		return;
	struct srv *s = r->srv;
	struct buf wl = BUF_INIT;
	db_run(s, "INSERT INTO users(user, name, role, pwhash) VALUES(?,?,?,?)", "ssss",
	       n.user, n.name, auth_role_name(n.role), r->pwhash);
	for (int i = 0; i < n.nwindows; i++) {
		db_run(s, "INSERT INTO user_windows(user, window) VALUES(?,?)", "si", n.user, n.windows[i]);
		buf_printf(&wl, "%s%d", i ? "," : "", n.windows[i]);
	}
	log_info("account %s (%s, windows: %s) created by %s", n.user, auth_role_name(n.role),
		 wl.len ? buf_str(&wl) : "none", r->auth.user);
	buf_free(&wl);
	srv_reply(r, 201, acct_json(s, n.user));
}

/* ---- changes to an account ------------------------------------------- */

void h_account_password(struct req *r)
{
	const char *user = acct_from_path(r);
	if (!user || acct_password(r))
		return;
	struct srv *s = r->srv;
	db_run(s, "UPDATE users SET pwhash = ? WHERE user = ?", "ss", r->pwhash, user);
	/* Whoever held the old password is out, and the user may sign in at once. */
	int revoked = auth_revoke_user(s, user);
	thr_forget_user(s, user);
	log_info("password of %s reset by %s; %d sessions revoked", user, r->auth.user, revoked);
	srv_reply(r, 200, acct_json(s, user));
}

/* Disable or enable the account of the path. */
static void acct_set_disabled(struct req *r, bool disabled)
{
	const char *user = acct_from_path(r);
	if (!user)
		return;
	struct srv *s = r->srv;
	if (disabled && strcmp(user, r->auth.user) == 0) {
		srv_error(r, 409, "own_account", "an admin cannot disable the account it is signed in with");
		return;
	}
	if (db_int(s, "SELECT disabled FROM users WHERE user = ?", 0, "s", user) == disabled) {
		cJSON *extra = cJSON_CreateObject();
		cJSON_AddStringToObject(extra, "current", disabled ? "disabled" : "enabled");
		srv_error_x(r, 409, "invalid_state", extra, "the account %s is %s already", user,
			    disabled ? "disabled" : "enabled");
		return;
	}
	auth_sessions_changed(s);
	db_run(s, "UPDATE users SET disabled = ? WHERE user = ?", "is", (int)disabled, user);
	int revoked = 0;
	if (disabled)
		revoked = auth_revoke_user(s, user);
	else
		thr_forget_user(s, user);
	log_info("account %s %s by %s; %d sessions revoked", user, disabled ? "disabled" : "enabled",
		 r->auth.user, revoked);
	srv_reply(r, 200, acct_json(s, user));
}

void h_account_disable(struct req *r)
{
	acct_set_disabled(r, true);
}

void h_account_enable(struct req *r)
{
	acct_set_disabled(r, false);
}
