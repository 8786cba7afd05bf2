/* resume.c - a session kept for a restart.  After a sign-in with the
 * password, the session's token (never the password) is kept in a file of
 * its own, mode 0600, per user and server, under the state directory
 * (cfg->session_dir).  The next start of the client for the same user and
 * server asks GET /me with it instead of signing in again: no password
 * typed, no yescrypt hash on the server (some 20 ms).  A token the server
 * refuses (401: signed out elsewhere, expired, a new database) is removed
 * and the client signs in as it would have, by the password it was given
 * or the form.  Signing out (the quit key) removes the file.  A drill's
 * session is never kept: a drill is short, and its code is asked anew. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <ctype.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app_int.h"
#include "wicket/client/papers.h"
#include "wicket/model/wire.h"
#include "wicket/net/api.h"
#include "wicket/common/i18n.h"
#include "wicket/common/xalloc.h"

#define RESUME_TOKEN_LEN 64   /* hex digits (docs/api.md, Tokens) */
#define RESUME_TOKEN_MAX (RESUME_TOKEN_LEN + 16)   /* with a hall's "hID-" */

/* The file of user's session on this server (malloc'd), or NULL when
 * there is no directory or no user. */
static char *resume_path(const struct app *a, const char *user)
{
	if (!a->cfg->session_dir || !user || !user[0])
		return NULL;
	char *name = app_hall_name(a, user);
	/* A hall named by --hall keeps its session apart from the others'. */
	if (a->cfg->hall) {
		char *own = xasprintf("%s-hall-%s", name, a->cfg->hall);
		free(name);
		name = own;
	}
	for (char *p = name; *p; p++)
		if (!isalnum((unsigned char)*p) && !strchr("._@-", *p))
			*p = '_';
	char *path = xasprintf("%s/session-%s", a->cfg->session_dir, name);
	free(name);
	return path;
}

/* 64 hex digits; a hall of a platform but its first prefixes its id,
 * "h2-" (docs/api.md, Halls). */
static bool resume_token_ok(const char *t)
{
	if (t[0] == 'h' && isdigit((unsigned char)t[1])) {
		size_t d = 1;
		while (d < 12 && isdigit((unsigned char)t[d]))
			d++;
		if (t[d] != '-')
			return false;
		t += d + 1;
	}
	size_t n = 0;
	for (; t[n]; n++)
		if (!isxdigit((unsigned char)t[n]))
			return false;
	return n == RESUME_TOKEN_LEN;
}

/* The token kept in path (malloc'd), or NULL: none, unreadable, or not
 * ours alone (a file others may read is not trusted, and goes). */
static char *resume_read(const char *path)
{
	char text[RESUME_TOKEN_MAX + 8];
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	struct stat st;
	ssize_t n = -1;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_uid == geteuid() && !(st.st_mode & 077))
		n = read(fd, text, sizeof text - 1);
	else
		unlink(path);
	close(fd);
	if (n <= 0)
		return NULL;
	text[n] = '\0';
	text[strcspn(text, "\r\n")] = '\0';
	return resume_token_ok(text) ? xstrdup(text) : NULL;
}

/* Write token to path, mode 0600 whatever the umask, replacing what was
 * there in one rename.  Not synced: losing it costs a password. */
static int resume_write(const char *dir, const char *path, const char *token)
{
	if (papers_mkdirs(dir) != 0)
		return -1;
	char *tmp = xasprintf("%s.new", path);
	unlink(tmp);
	int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	int rc = -1;
	if (fd >= 0) {
		size_t len = strlen(token);
		rc = fchmod(fd, 0600) == 0 && write(fd, token, len) == (ssize_t)len &&
		     write(fd, "\n", 1) == 1 ? 0 : -1;
		rc = close(fd) == 0 ? rc : -1;
		rc = rc == 0 ? rename(tmp, path) : -1;
		if (rc != 0)
			unlink(tmp);
	}
	free(tmp);
	return rc;
}

void app_resume_save(struct app *a)
{
	const struct m_session *s = &a->s.login;
	char *path = s->drill || !s->token ? NULL : resume_path(a, s->user);
	/* Not kept (a read-only home...): the next start asks the password. */
	if (path)
		(void)resume_write(a->cfg->session_dir, path, s->token);
	free(path);
}

void app_resume_forget(struct app *a)
{
	char *path = resume_path(a, a->s.login.user ? a->s.login.user : a->cfg->user);
	if (path)
		unlink(path);
	free(path);
}

bool app_resume_start(struct app *a)
{
	if (a->cfg->drill || !a->cfg->user)
		return false;
	char *path = resume_path(a, a->cfg->user);
	char *token = path ? resume_read(path) : NULL;
	free(path);
	if (!token)
		return false;
	free(a->resume_token);
	a->resume_token = token;
	a->c.window_no = a->cfg->window;
	a->s.conn = CONN_CONNECTING;
	session_say(&a->s, false, _("Signing in…"));
	net_set_token(a->net, token);
	app_send(a, REQ_RESUME, "GET", "/api/v1/me", NULL, false, NULL);
	return true;
}

/* Whether the session s is the one this start asked for: the user, no
 * drill, and the window named (if one was) among its windows. */
static bool resume_fits(const struct app *a, const struct m_session *s)
{
	if (s->drill || strcmp(s->user, a->cfg->user) != 0)
		return false;
	if (a->cfg->window <= 0)
		return true;
	for (int i = 0; i < s->nwindows; i++)
		if (s->windows[i] == a->cfg->window)
			return true;
	return false;
}

void app_on_resume(struct app *a, const struct pending *p, const struct net_reply *r)
{
	struct m_session s;
	(void)p;
	char *token = a->resume_token;
	a->resume_token = NULL;
	if (r->status == 200 && api_decode_me(r->body, r->len, &s) == 0) {
		if (resume_fits(a, &s)) {
			free(s.token);
			s.token = token;
			app_signed_in(a, &s);
			return;
		}
		m_free(&m_me_desc, &s);
	} else if (r->status == 401) {
		app_resume_forget(a);   /* refused for good: signed out, expired */
	}
	memset(token, 0, strlen(token));   /* a secret: not left in freed memory */
	free(token);
	/* As if nothing had been kept: the password given, or the form. */
	if (a->cfg->user && a->cfg->password)
		app_login(a, a->cfg->server, a->cfg->user, a->cfg->password, a->cfg->window, a->cfg->drill);
	else {
		/* The form, as a start without a kept session shows it. */
		a->c.window_no = 0;
		a->s.message[0] = '\0';
		app_signin_form(a);
	}
}
