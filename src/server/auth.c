#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <crypt.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/random.h>

#include "wicket/core/case.h"
#include "wicket/common/log.h"
#include "wicket/common/sha256.h"
#include "wicket/server/platform.h"
#include "wicket/server/srv.h"
#include "wicket/server/srv_post.h"
#include "wicket/server/srv_ticket.h"

#define AUTH_UNKNOWN_SIZE 32
#include "wicket/server/srv_drill.h"
#include "wicket/common/xalloc.h"

#define AUTH_USER_MAX 64         /* bytes of a user name at sign-in */
#define AUTH_PASSWORD_MIN 8      /* characters of a new password */
#define AUTH_PASSWORD_MAX 128

static const char *const role_names[] = {
	[ROLE_NONE] = "none", [ROLE_CLERK] = "clerk", [ROLE_SUPERVISOR] = "supervisor",
	[ROLE_TRAINER] = "trainer", [ROLE_ADMIN] = "admin", [ROLE_KIOSK] = "kiosk",
	[ROLE_EVALUATOR] = "evaluator", [ROLE_DISPLAY] = "display", [ROLE_GUIDE] = "guide",
};

const char *auth_role_name(enum role role)
{
	return role_names[role];
}

enum role auth_role_parse(const char *s)
{
	for (size_t i = 1; i < sizeof role_names / sizeof role_names[0]; i++)
		if (strcmp(s, role_names[i]) == 0)
			return (enum role)i;
	return ROLE_NONE;
}

char *auth_hash(const char *password)
{
	char salt[CRYPT_GENSALT_OUTPUT_SIZE];
	struct crypt_data cd;
	/* yescrypt at libxcrypt's default cost; the salt's randomness comes
	 * from the OS when rbytes is NULL. */
	if (!crypt_gensalt_rn("$y$", 0, NULL, 0, salt, sizeof salt))
		return NULL;
	memset(&cd, 0, sizeof cd);
	const char *h = crypt_r(password, salt, &cd);
	if (!h || h[0] == '*')
		return NULL;
	return xstrdup(h);
}

bool auth_verify(const char *password, const char *hash)
{
	struct crypt_data cd;
	memset(&cd, 0, sizeof cd);
	const char *h = crypt_r(password, hash, &cd);
	if (!h || h[0] == '*')
		return false;
	size_t n = strlen(hash);
	if (strlen(h) != n)
		return false;
	unsigned char diff = 0;
	for (size_t i = 0; i < n; i++)
		diff |= (unsigned char)(h[i] ^ hash[i]);
	return diff == 0;
}

static void auth_new_token(char out[65])
{
	unsigned char raw[32];
	size_t got = 0;
	while (got < sizeof raw) {
		ssize_t n = getrandom(raw + got, sizeof raw - got, 0);
		if (n > 0)
			got += (size_t)n;
	}
	for (size_t i = 0; i < sizeof raw; i++)
		snprintf(out + 2 * i, 3, "%02x", raw[i]);
}

/* "1,3" -> windows[] */
static void auth_parse_windows(struct auth *a, const char *list)
{
	a->nwindows = 0;
	for (const char *p = list; *p && a->nwindows < (int)(sizeof a->windows / sizeof a->windows[0]);) {
		char *end;
		long v = strtol(p, &end, 10);
		if (end == p)
			break;
		a->windows[a->nwindows++] = (int)v;
		p = *end == ',' ? end + 1 : end;
	}
}

/* The sessions resolved lately, by token hash: a long-poll asked again
 * after every answer (2,000 waiters, several times a second) looked its
 * session up in the database each time.  An entry is used for at most
 * AUTH_CACHE_SECONDS, and every change to sessions or accounts (sign-out,
 * revocation, a disabled account, a drill's end) forgets them all, so a
 * revoked token is refused at once.  Filled and read with the hall's lock
 * held; its own mutex keeps it safe whatever the caller holds. */
#define AUTH_CACHE_SLOTS 1024
#define AUTH_CACHE_SECONDS 5
struct auth_cached {
	char hash[SHA256_HEX_SIZE];   /* "" = empty */
	struct auth auth;
	int64_t expires, seen;        /* the session's, as stored */
	int64_t until;                /* monotonic second it may be used to */
};
static struct auth_cached auth_cache[AUTH_CACHE_SLOTS];
static pthread_mutex_t auth_cache_lock = PTHREAD_MUTEX_INITIALIZER;

static int64_t auth_mono(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec;
}

static struct auth_cached *auth_cache_slot(const char *hash)
{
	unsigned long h = strtoul((char[9]){ hash[0], hash[1], hash[2], hash[3], hash[4], hash[5],
					    hash[6], hash[7], 0 }, NULL, 16);
	return &auth_cache[h % AUTH_CACHE_SLOTS];
}

void auth_cache_forget(void)
{
	pthread_mutex_lock(&auth_cache_lock);
	for (size_t i = 0; i < AUTH_CACHE_SLOTS; i++)
		auth_cache[i].hash[0] = '\0';
	pthread_mutex_unlock(&auth_cache_lock);
}

/* The cached session of hash into *a (and its seen), when fresh. */
static bool auth_cache_get(const char *hash, int64_t now, struct auth *a, int64_t *seen)
{
	bool hit = false;
	pthread_mutex_lock(&auth_cache_lock);
	struct auth_cached *c = auth_cache_slot(hash);
	if (strcmp(c->hash, hash) == 0 && c->until >= auth_mono() && c->expires > now) {
		*a = c->auth;
		*seen = c->seen;
		hit = true;
	}
	pthread_mutex_unlock(&auth_cache_lock);
	return hit;
}

static void auth_cache_put(const char *hash, const struct auth *a, int64_t expires, int64_t seen)
{
	pthread_mutex_lock(&auth_cache_lock);
	struct auth_cached *c = auth_cache_slot(hash);
	snprintf(c->hash, sizeof c->hash, "%s", hash);
	c->auth = *a;
	c->expires = expires;
	c->seen = seen;
	c->until = auth_mono() + AUTH_CACHE_SECONDS;
	pthread_mutex_unlock(&auth_cache_lock);
}

/* The session of hash was heard from at now (stored too). */
static void auth_cache_seen(const char *hash, int64_t now)
{
	pthread_mutex_lock(&auth_cache_lock);
	struct auth_cached *c = auth_cache_slot(hash);
	if (strcmp(c->hash, hash) == 0)
		c->seen = now;
	pthread_mutex_unlock(&auth_cache_lock);
}

int auth_resolve(struct req *r, const char *authorization)
{
	if (strncmp(authorization, "Bearer ", 7) != 0)
		return -1;
	const char *token = authorization + 7;
	/* hall N's (N > 1): "hN-" and the token (serve.c chose the hall) */
	if (token[0] == 'h' && strchr(token, '-'))
		token = strchr(token, '-') + 1;
	if (strlen(token) != 64)
		return -1;
	/* The sessions table holds the tokens' hashes: a copy of the database
	 * (a backup, a stolen disk) signs nobody in. */
	char hash[SHA256_HEX_SIZE];
	sha256_hex(token, 64, hash);
	int64_t now = clk_now();
	int64_t seen = 0, expires = 0;
	if (auth_cache_get(hash, now, &r->auth, &seen)) {
		if (now - seen >= SESSION_SEEN_STEP) {
			db_run(r->srv, "UPDATE sessions SET seen = ? WHERE token = ?", "Is", now, hash);
			auth_cache_seen(hash, now);
		}
		return 0;
	}
	db_q *st = db_prep(r->srv,
		"SELECT s.user, u.name, u.role, s.windows, s.drill, d.code, s.seen, s.expires FROM sessions s "
		"JOIN users u USING(user) LEFT JOIN drills d ON d.id = s.drill "
		"WHERE s.token = ? AND s.expires > ? AND u.disabled = 0", "sI", hash, now);
	int rc = -1;
	if (db_step(st) == DB_ROW) {
		snprintf(r->auth.token, sizeof r->auth.token, "%s", hash);
		snprintf(r->auth.user, sizeof r->auth.user, "%s", db_col_text(st, 0));
		snprintf(r->auth.name, sizeof r->auth.name, "%s", db_col_text(st, 1));
		r->auth.role = auth_role_parse(db_col_text(st, 2));
		auth_parse_windows(&r->auth, db_col_text(st, 3));
		r->auth.drill = db_col_i64(st, 4);
		snprintf(r->auth.drill_code, sizeof r->auth.drill_code, "%s", db_col_text(st, 5));
		seen = db_col_i64(st, 6);
		expires = db_col_i64(st, 7);
		rc = 0;
	}
	db_reset(st);
	if (rc == 0 && now - seen < SESSION_SEEN_STEP)
		auth_cache_put(hash, &r->auth, expires, seen);
	/* Heard from: the board's "attended" (WIN_ATTENDED) counts on it.
	 * Written at most every SESSION_SEEN_STEP seconds a session. */
	if (rc == 0 && now - seen >= SESSION_SEEN_STEP)
		db_run(r->srv, "UPDATE sessions SET seen = ? WHERE token = ?", "Is", now, hash);
	return rc;
}

/* The windows a user may sign in to, as an array, or only `want` when > 0
 * (after checking it is among them).  Returns -1 when want is not allowed. */
static int auth_session_windows(struct srv *s, const char *user, int64_t want,
				struct buf *list, cJSON *arr)
{
	db_q *st = db_prep(s, "SELECT window FROM user_windows WHERE user = ? ORDER BY window",
				   "s", user);
	bool allowed = want == 0;
	while (db_step(st) == DB_ROW) {
		int64_t w = db_col_i64(st, 0);
		if (w == want)
			allowed = true;
		if (want == 0 || w == want) {
			buf_printf(list, "%s%lld", list->len ? "," : "", (long long)w);
			cJSON_AddItemToArray(arr, cJSON_CreateNumber((double)w));
		}
	}
	db_reset(st);
	return allowed ? 0 : -1;
}

/* A hash to check against when the user does not exist, so that a wrong
 * user name costs as much time as a wrong password. */
static char *auth_dummy;
static pthread_once_t auth_dummy_once = PTHREAD_ONCE_INIT;

static void auth_dummy_init(void)
{
	auth_dummy = auth_hash("wicket-no-such-user");
}

/* Made once, by the first sign-in, outside the server's lock: hashing is
 * slow on purpose and must not hold up the hall. */
static const char *auth_dummy_hash(void)
{
	pthread_once(&auth_dummy_once, auth_dummy_init);
	return auth_dummy ? auth_dummy : "*";
}

/* The evaluator (评价器) at a window is not its clerk: its sign-in and
 * sign-out are no clerk.signed_in / clerk.signed_out of the window. */
static bool auth_is_evaluator(struct srv *s, const char *user)
{
	return db_int(s, "SELECT role = 'evaluator' FROM users WHERE user = ?", 0, "s", user) != 0;
}

/* Under the lock: create the session (in the drill with code `drill`
 * when not NULL) and set the reply. */
static void auth_open_session(struct req *r, const char *user, int64_t window, const char *drill)
{
	struct srv *s = r->srv;
	struct buf wl = BUF_INIT;
	cJSON *arr = cJSON_CreateArray();
	int64_t drill_id = 0;
	char code[8] = "";
	/* AB岗: a B signing in to the post of an A who is away covers it. */
	struct post_cover cover;
	int covering = drill || window <= 0 ? 0 : post_cover_check(r, user, (int)window, &cover);
	if (covering > 0) {
		buf_printf(&wl, "%lld", (long long)window);
		cJSON_AddItemToArray(arr, cJSON_CreateNumber((double)window));
	}
	int refused = covering < 0 ? -1 : covering > 0 ? 0 :
		      drill ? drill_session(r, drill, user, window, &drill_id, code, &wl, arr) :
		      auth_session_windows(s, user, window, &wl, arr);
	if (refused) {
		if (!drill && covering == 0)
			srv_error(r, 403, "window_not_assigned", "%s does not work at window %lld",
				  user, (long long)window);
		cJSON_Delete(arr);
		buf_free(&wl);
		return;
	}
	char token[65], hash[SHA256_HEX_SIZE];
	auth_new_token(token);
	sha256_hex(token, 64, hash);
	int64_t now = clk_now(), expires = now + 3600 * (int64_t)s->opt->token_hours;
	int back = 0;
	if (db_begin(s) ||
	    (!drill && covering == 0 && (back = post_back(r, user, (int)window)) < 0) ||
	    db_run(s, "INSERT INTO sessions(token, user, windows, created, expires, drill, seen) "
		   "VALUES(?,?,?,?,?,nullif(?,0),?)", "sssIIII", hash, user, buf_str(&wl), now, expires,
		   drill_id, now) ||
	    db_run(s, "DELETE FROM sessions WHERE expires <= ?", "I", now) ||
	    (covering > 0 && post_cover_start(s, &cover, user, hash, expires)) ||
	    (!drill_id && !auth_is_evaluator(s, user) && ev_add_session(r, "clerk.signed_in", user, arr)) ||
	    db_commit(s)) {
		db_rollback(s);
		cJSON_Delete(arr);
		buf_free(&wl);
		srv_error(r, 503, "busy", "the database is busy; try again");
		return;
	}
	buf_free(&wl);
	if (drill_id)
		drill_session_event(r, drill_id, "clerk.signed_in", user, arr);
	cJSON *root = cJSON_CreateObject();
	if (s->hall_id > 1) {
		char *prefixed = xasprintf("h%lld-%s", (long long)s->hall_id, token);
		cJSON_AddStringToObject(root, "token", prefixed);
		free(prefixed);
	} else {
		cJSON_AddStringToObject(root, "token", token);
	}
	cJSON_AddNumberToObject(root, "hall", (double)(s->hall_id > 0 ? s->hall_id : 1));
	db_q *st = db_prep(s, "SELECT name, role FROM users WHERE user = ?", "s", user);
	if (db_step(st) == DB_ROW) {
		cJSON_AddStringToObject(root, "role", db_col_text(st, 1));
		cJSON_AddStringToObject(root, "name", db_col_text(st, 0));
	}
	db_reset(st);
	cJSON_AddStringToObject(root, "user", user);
	cJSON_AddItemToObject(root, "windows", arr);
	clk_json_add(root, "expires", expires);
	if (drill)
		cJSON_AddStringToObject(root, "drill", code);
	cJSON *cov = covering > 0 ? post_cover_json(s, hash) : NULL;
	if (cov)
		cJSON_AddItemToObject(root, "covering", cov);
	if (back > 0)   /* AB岗: A back at his post before his absence was over */
		cJSON_AddBoolToObject(root, "absence_ended", true);
	srv_reply(r, 200, root);
	log_info("%s signed in%s%s", user, drill ? " to drill " : "", code);
}

/* The end of a sign-in with the right password, under the lock: the
 * user's failures are forgotten, then a disabled account is refused and
 * any other gets its session. */
static void auth_signed_in(struct req *r, struct thr_attempt *a, bool disabled, int64_t window,
			   const char *drill)
{
	thr_succeeded(r->srv, a);
	if (disabled) {
		log_warn("sign-in of disabled account '%s' from %s refused", a->user, a->addr);
		srv_error(r, 403, "account_disabled", "the account %s is disabled", a->user);
		return;
	}
	auth_open_session(r, a->user, window, drill);
}

/* 429 with Retry-After, for a user name or an address locked out. */
static void auth_refuse_locked(struct req *r, int64_t retry)
{
	cJSON *extra = cJSON_CreateObject();
	r->retry_after = (int)retry;
	cJSON_AddNumberToObject(extra, "retry_after", (double)retry);
	srv_error_x(r, 429, "too_many_attempts", extra,
		    "too many failed sign-ins; try again in %lld seconds", (long long)retry);
}

/* A user name that no account has, as the throttle counts it and the log
 * names it: "(unknown #" and 12 hex digits of its SHA-256 ")".  Never the
 * name itself: a clerk who types the password into the user field would
 * put the password in the log (and the throttle's table); the digest
 * still tells one guessed name from another.  Returns out. */
static const char *auth_unknown_name(const char *user, char out[AUTH_UNKNOWN_SIZE])
{
	char hex[SHA256_HEX_SIZE];
	sha256_hex(user, strlen(user), hex);
	snprintf(out, AUTH_UNKNOWN_SIZE, "(unknown #%.12s)", hex);
	return out;
}

/* Sign-in runs the password hash outside the lock: yescrypt is slow on
 * purpose, and the rest of the hall must not wait for it.  Before it, the
 * throttle may refuse the attempt without hashing at all (throttle.c). */
/* The hall a sign-in is for: the body's "hall" (its code or id), else
 * the one hall where the user has an account; 409 choose_hall naming them
 * (their ids, and in "choices" their ids and names) when there are several.  Sets r->srv; returns false after an error. */
static bool auth_login_hall(struct req *r, const char *user)
{
	const char *want = NULL;
	if (req_str(r, "hall", false, &want) < 0)
		return false;
	if (want) {
		int64_t id = platform_hall_id(r->srv, want);
		struct srv *h = id ? platform_hall(r->srv, id) : NULL;
		if (!h) {
			srv_error(r, 422, "unknown_hall", "there is no hall %s", want);
			return false;
		}
		r->srv = h;
		return true;
	}
	if (!r->srv->platform)
		return true;
	int64_t ids[16];
	size_t n = platform_find_user(r->srv, user, ids, 16);
	if (n == 1)
		r->srv = platform_hall(r->srv, ids[0]);
	if (n <= 1)
		return true;
	cJSON *extra = cJSON_CreateObject(), *halls = cJSON_AddArrayToObject(extra, "halls");
	cJSON *choices = cJSON_AddArrayToObject(extra, "choices");
	for (size_t i = 0; i < n && i < 16; i++) {
		cJSON_AddItemToArray(halls, cJSON_CreateNumber((double)ids[i]));
		/* Its name, as its call screen shows it: what the person picks by. */
		struct srv *h = platform_hall(r->srv, ids[i]);
		char *name = NULL;
		if (h) {
			pthread_mutex_lock(&h->lock);
			name = db_text(h, "SELECT value FROM settings WHERE key = 'hall_name'", "");
			pthread_mutex_unlock(&h->lock);
		}
		cJSON *c = cJSON_CreateObject();
		cJSON_AddNumberToObject(c, "id", (double)ids[i]);
		cJSON_AddStringToObject(c, "name", name ? name : "");
		cJSON_AddItemToArray(choices, c);
		free(name);
	}
	srv_error_x(r, 409, "choose_hall", extra, "%s has an account in %zu halls: say which", user, n);
	return false;
}

void h_login(struct req *r)
{
	const char *user, *password, *drill = NULL;
	int64_t window = 0, retry = 0;
	char addr[64];
	if (req_str(r, "user", true, &user) < 0 || req_str(r, "password", true, &password) < 0 ||
	    req_int(r, "window", false, 1, 9999, &window) < 0 || req_str(r, "drill", false, &drill) < 0)
		return;
	if (strlen(user) > AUTH_USER_MAX) {
		srv_error(r, 400, "invalid_field", "the field 'user' must be at most %d bytes", AUTH_USER_MAX);
		return;
	}
	if (!auth_login_hall(r, user))
		return;
	struct srv *s = r->srv;
	req_client_addr(r, addr);
	struct thr_attempt a = { .user = user, .addr = addr };
	const char *dummy = auth_dummy_hash();
	char unknown[AUTH_UNKNOWN_SIZE];
	char *hash = NULL;
	bool disabled = false;
	pthread_mutex_lock(&s->lock);
	/* The account, read once: whether there is one names the attempt. */
	db_q *st = db_prep(s, "SELECT pwhash, disabled FROM users WHERE user = ?", "s", user);
	int step = db_step(st);
	if (step == DB_ROW) {
		hash = xstrdup(db_col_text(st, 0));
		disabled = db_col_int(st, 1) != 0;
	} else {
		a.user = auth_unknown_name(user, unknown);
	}
	db_reset(st);
	if (step == DB_ERROR) {   /* the database, not the user: nothing counted */
		pthread_mutex_unlock(&s->lock);
		srv_error(r, 503, "busy", "the database is busy; try again");
		return;
	}
	int rc = thr_begin(s, &a, &retry);
	pthread_mutex_unlock(&s->lock);
	if (rc) {
		free(hash);
		auth_refuse_locked(r, retry);
		return;
	}
	bool ok = auth_verify(password, hash ? hash : dummy) && hash;
	free(hash);
	pthread_mutex_lock(&s->lock);
	if (ok) {
		auth_signed_in(r, &a, disabled, window, drill);
	} else {
		thr_failed(s, &a);
		srv_error(r, 401, "bad_credentials", "wrong user name or password");
	}
	pthread_mutex_unlock(&s->lock);
}

void auth_sessions_changed(struct srv *s)
{
	auth_cache_forget();
	/* The other wicketd on the database forget theirs at the commit
	 * (db_pg.c's listener; srv_heard). */
	if (s->engine == DB_POSTGRESQL)
		db_run(s, "SELECT pg_notify('wicket_events', 'sessions')", "");
}

int auth_revoke_user(struct srv *s, const char *user)
{
	auth_sessions_changed(s);
	post_cover_end_user(s, user);
	db_run(s, "DELETE FROM sessions WHERE user = ?", "s", user);
	return db_changes(s);
}

const char *auth_password_problem(const char *password, char *msg, size_t msglen)
{
	if (!case_text_valid(password, 0, AUTH_PASSWORD_MAX)) {
		snprintf(msg, msglen, "a password is at most %d characters, without control characters",
			 AUTH_PASSWORD_MAX);
		return "invalid_field";
	}
	if (!case_text_valid(password, AUTH_PASSWORD_MIN, AUTH_PASSWORD_MAX)) {
		snprintf(msg, msglen, "a password is at least %d characters, not only spaces",
			 AUTH_PASSWORD_MIN);
		return "weak_password";
	}
	return NULL;
}

void h_logout(struct req *r)
{
	auth_sessions_changed(r->srv);
	post_cover_end(r->srv, r->auth.token);
	db_run(r->srv, "DELETE FROM sessions WHERE token = ?", "s", r->auth.token);
	cJSON *windows = cJSON_CreateIntArray(r->auth.windows, r->auth.nwindows);
	if (r->auth.drill)
		drill_session_event(r, r->auth.drill, "clerk.signed_out", r->auth.user, windows);
	else if (r->auth.role != ROLE_EVALUATOR)
		ev_add_session(r, "clerk.signed_out", r->auth.user, windows);
	cJSON_Delete(windows);
	cJSON *root = cJSON_CreateObject();
	cJSON_AddBoolToObject(root, "signed_out", true);
	srv_reply(r, 200, root);
}

void h_me(struct req *r)
{
	cJSON *root = cJSON_CreateObject();
	cJSON_AddStringToObject(root, "user", r->auth.user);
	cJSON_AddStringToObject(root, "name", r->auth.name);
	cJSON_AddStringToObject(root, "role", auth_role_name(r->auth.role));
	cJSON_AddNumberToObject(root, "hall", (double)(r->srv->hall_id > 0 ? r->srv->hall_id : 1));
	cJSON *arr = cJSON_AddArrayToObject(root, "windows");
	for (int i = 0; i < r->auth.nwindows; i++)
		cJSON_AddItemToArray(arr, cJSON_CreateNumber(r->auth.windows[i]));
	if (r->auth.drill)
		cJSON_AddStringToObject(root, "drill", r->auth.drill_code);
	cJSON *cov = r->auth.role == ROLE_CLERK ? post_cover_json(r->srv, r->auth.token) : NULL;
	if (cov)   /* AB岗: a B covering A's post */
		cJSON_AddItemToObject(root, "covering", cov);
	srv_reply(r, 200, root);
}
