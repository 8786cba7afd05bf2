/* signin.c - signing in: the form, the login and its answer, and which
 * role's controller takes over (app_roles[]: a new role is one more
 * controller file and one more row here). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app_int.h"
#include "wicket/model/wire.h"
#include "wicket/net/api.h"
#include "wicket/common/i18n.h"
#include "wicket/common/utf8.h"
#include "wicket/common/xalloc.h"

/* ---- the answer ---- */

/* The clerk stays on the form, with what was typed and why it failed (the
 * message just said). */
static void app_signin_failed(struct app *a)
{
	if (!a->signin.nfields)
		app_signin_form(a);
	utf8_copy(a->signin.error, sizeof a->signin.error, a->s.message);
	a->signing_in = true;
}

/* A role with no screens in this client: it says so, and F10 quits. */
static const struct app_role app_role_none = { .name = "", .first = SCR_NO_SCREENS };

/* The role's row of app_roles[]; one without screens here gets a screen
 * that says so (and no event feed, which such roles may not read). */
static const struct app_role *app_role_of(const char *name)
{
	static const struct app_role *const app_roles[] = {
		&app_role_clerk,
		&app_role_supervisor,
		&app_role_trainer,
		&app_role_display,
		&app_role_evaluator,
		&app_role_guide,
	};
	for (size_t i = 0; i < sizeof app_roles / sizeof app_roles[0]; i++)
		if (name && strcmp(app_roles[i]->name, name) == 0)
			return app_roles[i];
	return &app_role_none;
}

/* ---- a platform's halls: which one to sign in to ---- */

static void app_wipe_free(char *secret)
{
	if (secret)
		memset(secret, 0, strlen(secret));
	free(secret);
}

void app_login_forget(struct app *a)
{
	free(a->login_try.server);
	free(a->login_try.user);
	app_wipe_free(a->login_try.password);
	free(a->login_try.drill);
	memset(&a->login_try, 0, sizeof a->login_try);
}

/* The account is in several halls (409 choose_hall): a picker of their
 * names (or numbers, from a server that names none).  Returns false when
 * the answer is not one (then the error is said as any other). */
static bool app_choose_hall(struct app *a, const struct net_reply *r)
{
	struct m_platform_hall *h;
	size_t n;
	if (r->status != 409 || !a->login_try.user || api_decode_choose_hall(r->body, r->len, &h, &n) != 0)
		return false;
	picker_clear(&a->picker);
	a->picker.title = N_("This account is in several halls: sign in to which?");
	for (size_t i = 0; i < n && i < PICKER_MAX; i++) {
		char label[160];
		if (h[i].name && h[i].name[0])
			snprintf(label, sizeof label, "%s", h[i].name);
		else
			snprintf(label, sizeof label, _("Hall %lld"), (long long)h[i].id);
		picker_add(&a->picker, label, (int)h[i].id);
	}
	m_free_array(&m_platform_hall_desc, h, n);
	a->picking = PICK_HALL;
	a->signing_in = false;
	a->s.conn = CONN_CONNECTING;
	session_say(&a->s, false, "%s", _("Choose the hall with the arrows and Enter (Esc: back to the form)."));
	return true;
}

void app_hall_picked(struct app *a, int value, bool cancelled)
{
	if (cancelled || !a->login_try.user) {
		app_login_forget(a);
		a->s.message[0] = '\0';
		app_signin_failed(a);
		return;
	}
	free(a->login_hall);
	a->login_hall = xasprintf("%d", value);
	/* app_login keeps a copy of what it is given: these go after. */
	char *server = a->login_try.server, *user = a->login_try.user, *password = a->login_try.password;
	char *drill = a->login_try.drill;
	int window = a->login_try.window;
	memset(&a->login_try, 0, sizeof a->login_try);
	app_login(a, server, user, password, window, drill);
	free(server);
	free(user);
	app_wipe_free(password);
	free(drill);
}

/* The login's answer: the session, its journal opened (what an earlier run
 * left is sent first), the role's first screen. */
void app_on_login(struct app *a, const struct pending *p, const struct net_reply *r)
{
	struct m_session s;
	(void)p;
	if (app_choose_hall(a, r))
		return;
	app_login_forget(a);
	if (r->status != 200 || api_decode_login(r->body, r->len, &s)) {
		app_say_error(a, r);
		app_signin_failed(a);
		return;
	}
	if (app_signed_in(a, &s))
		app_resume_save(a);
}

/* AB岗: a B signed in to cover A's post is told so at once, with A's
 * handover note (the counter keeps it in sight while nobody is in hand). */
static void app_say_cover(struct app *a)
{
	const struct m_cover *c = &a->s.login.covering;
	/* No time in it: the hall's zone may not be known yet (the counter
	 * says until when).  TRANSLATORS: A's name, why A is away, A's note */
	session_say(&a->s, false, _("Covering for %s (%s). Handover: %s"), c->a_name ? c->a_name : "",
		    view_absence_reason_label(c->reason), c->note && c->note[0] ? c->note : _("No handover note."));
}

bool app_signed_in(struct app *a, struct m_session *sp)
{
	struct m_session s = *sp;
	memset(sp, 0, sizeof *sp);
	/* A terminal set up as an evaluator serves only as one: a clerk's
	 * account would put the counter in front of the applicant. */
	if (a->cfg->evaluator && (!s.role || strcmp(s.role, "evaluator") != 0)) {
		session_say(&a->s, true, _("%s is not an evaluator's account (--evaluator)."), s.user);
		m_free(&m_session_desc, &s);
		app_signin_failed(a);
		return false;
	}
	if (app_journal_open(a, s.user, s.drill, s.hall) != 0) {
		m_free(&m_session_desc, &s);
		app_signin_failed(a);
		return false;
	}
	m_free(&m_session_desc, &a->s.login);
	a->s.login = s;
	/* Which hall: shown wherever the sign-in named one, or it is not the
	 * platform's first (a single hall's screens stay as they were). */
	a->s.show_hall = s.hall > 1 || a->login_hall || a->cfg->hall;
	net_set_token(a->net, s.token);
	a->signing_in = false;
	a->s.conn = CONN_ONLINE;
	a->role = app_role_of(s.role);
	a->depth = 0;
	app_push(a, a->role->first);
	if (a->role->start)
		a->role->start(a);
	app_journal_changed(a);
	if (a->s.pending > 0)
		session_say(&a->s, false, ngettext("Sending %zu action recorded earlier…",
						  "Sending %zu actions recorded earlier…", a->s.pending),
			    a->s.pending);
	app_replay(a);
	app_refresh_all(a);
	if (a->s.login.has_covering)
		app_say_cover(a);
	else if (a->s.login.absence_ended)
		session_say(&a->s, false, "%s", _("Welcome back: your absence is over from now on, and the post is yours again."));
	if (a->s.nconflict > 0)
		app_push(a, SCR_CONFLICTS);
	return true;
}

/* ---- the hall's time ---- */

/* Whether tz can name a zone file: letters, digits and / _ + -, relative
 * and without "..", so that TZ can only ever name one of this machine's
 * zone files. */
static bool app_tz_name_ok(const char *tz)
{
	if (!tz || !tz[0] || tz[0] == '/' || strstr(tz, "..") || strlen(tz) > 64)
		return false;
	for (const char *p = tz; *p; p++)
		if (!isalnum((unsigned char)*p) && !strchr("/_+-", *p))
			return false;
	return true;
}

/* The screens follow the hall's zone: by its name where this machine has
 * the zone's file, else by the offset the hall's clock was sent with. */
static void app_follow_hall_zone(const struct m_hall *h)
{
	char path[128], posix[32];
	const char *dir = getenv("TZDIR");
	snprintf(path, sizeof path, "%s/%s", dir && dir[0] ? dir : "/usr/share/zoneinfo", h->tz ? h->tz : "");
	if (app_tz_name_ok(h->tz) && access(path, R_OK) == 0)
		setenv("TZ", h->tz, 1);
	else if (session_posix_tz(h->now_text, posix, sizeof posix) == 0)
		setenv("TZ", posix, 1);
	else
		return;
	tzset();
}

/* The hall's settings came (or will not): the role may use them now. */
static void app_hall_known(struct app *a)
{
	if (a->role && a->role->hall)
		a->role->hall(a);
}

void app_on_hall(struct app *a, const struct pending *p, const struct net_reply *r)
{
	struct m_hall h;
	(void)p;
	bool again = app_refreshed(a, REQ_HALL);
	/* An older server has no /hall: the PC's clock and zone stay. */
	if (r->status != 200 || api_decode_hall(r->body, r->len, &h)) {
		a->hall_refused = true;
		if (again)
			app_refresh(a, REQ_HALL, "/api/v1/hall");
		else
			app_hall_known(a);
		return;
	}
	session_set_hall(&a->s, &h, (int64_t)time(NULL));
	app_follow_hall_zone(&a->s.hall);
	a->dirty = true;
	a->hall_refused = false;
	app_hall_known(a);
	if (again)
		app_refresh(a, REQ_HALL, "/api/v1/hall");
}

/* ---- the form ---- */

void app_signin_form(struct app *a)
{
	struct form *f = &a->signin;
	char window[16] = "";
	memset(f, 0, sizeof *f);
	f->title = N_("Sign in");
	if (a->cfg->window > 0)
		snprintf(window, sizeof window, "%d", a->cfg->window);
	form_add(f, N_("Server"), a->cfg->server, false, 200);
	form_add(f, N_("User"), a->cfg->user, false, 60);
	form_add(f, N_("Password"), a->cfg->password, true, 120);
	form_add(f, N_("Window (clerks)"), window, false, 4);
	form_add(f, N_("Drill code (optional)"), a->cfg->drill, false, 16);
	f->focus = a->cfg->user ? 2 : 1;
	a->signing_in = true;
}

void app_login(struct app *a, const char *server, const char *user, const char *password,
	       int window, const char *drill)
{
	const char *refusal = app_password_refusal(server, a->cfg->insecure_http);
	if (refusal) {
		session_say(&a->s, true, "%s", refusal);   /* and nothing is sent */
		app_signin_failed(a);
		return;
	}
	if (server != a->cfg->server) {
		free(a->cfg->server);
		a->cfg->server = xstrdup(server);
	}
	/* Kept for a choose_hall's second try: copied before the old goes,
	 * which may be where the arguments live. */
	char *keep[4] = { xstrdup(server), xstrdup(user), xstrdup(password), drill ? xstrdup(drill) : NULL };
	app_login_forget(a);
	a->login_try.server = keep[0];
	a->login_try.user = keep[1];
	a->login_try.password = keep[2];
	a->login_try.drill = keep[3];
	a->login_try.window = window;
	app_net_reset(a);
	if (drill)
		window = 0;
	a->c.window_no = window;
	a->s.conn = CONN_CONNECTING;
	session_say(&a->s, false, _("Signing in…"));
	const char *hall = a->login_hall ? a->login_hall : a->cfg->hall;
	app_send(a, REQ_LOGIN, "POST", "/api/v1/login", api_encode_login(user, password, window, drill, hall),
		 false, NULL);
}

/* The window may be left empty (a clerk then works at every window it is
 * bound to; other roles have none), and so may the drill code. */
void app_signin_submit(struct app *a)
{
	struct form *f = &a->signin;
	char *end;
	/* A clerk names the window; a supervisor works at none. */
	long window = strtol(f->f[3].value, &end, 10);
	const char *drill = f->f[4].value;
	if (!f->f[0].value[0] || !f->f[1].value[0] || !f->f[2].value[0]) {
		snprintf(f->error, sizeof f->error, "%s", _("Fill in the server, the user and the password."));
		return;
	}
	if (*end || window < 0 || window > 9999) {
		snprintf(f->error, sizeof f->error, "%s", _("The window is a number, or empty."));
		return;
	}
	if (drill[0] && !app_drill_code_ok(drill)) {
		snprintf(f->error, sizeof f->error, "%s",
			 _("A drill code is letters and digits, as the trainer gives it (e.g. K7Q2)."));
		return;
	}
	a->signing_in = false;
	f->error[0] = '\0';
	/* A new sign-in: the hall comes from the configuration, or is asked. */
	free(a->login_hall);
	a->login_hall = NULL;
	app_login(a, f->f[0].value, f->f[1].value, f->f[2].value, (int)window, drill[0] ? drill : NULL);
}
