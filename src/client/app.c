#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>

#include <curses.h>

#include "app_int.h"
#include "wicket/net/api.h"
#include "wicket/net/api_error.h"
#include "wicket/client/app.h"
#include "wicket/common/buf.h"
#include "wicket/common/i18n.h"
#include "wicket/common/journal.h"
#include "wicket/common/utf8.h"
#include "wicket/common/xalloc.h"
#include "wicket/model/wire.h"

struct pending {
	struct app *a;
	enum req_kind kind;
	uint64_t id;              /* the engine's request id */
	bool action;              /* a clerk's action: clears busy when answered */
	uint64_t seq;             /* the journal record it sends (0: none) */
	enum action act;          /* for a record sent live: what it does */
	int value;
	char *text;
	struct pending *prev, *next;  /* on a->pending until answered */
};

static void app_pending_free(struct pending *p)
{
	free(p->text);
	free(p);
}

static void app_unlink(struct pending *p)
{
	if (p->prev)
		p->prev->next = p->next;
	else
		p->a->pending = p->next;
	if (p->next)
		p->next->prev = p->prev;
}

/* After net_free: requests the engine dropped will never be answered. */
static void app_drop_pending(struct app *a)
{
	while (a->pending) {
		struct pending *p = a->pending;
		app_unlink(p);
		app_pending_free(p);
	}
	a->replay_seq = 0;
}

#define APP_TIMEOUT_MS 10000
#define APP_POLL_WAIT 25      /* seconds a long-poll waits on the server */

int64_t app_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void app_reply(void *ud, const struct net_reply *r);
static void app_run_typeahead(struct app *a);
static void app_signin_form(struct app *a);

/* A fresh Idempotency-Key: a retry of the same action must not apply
 * twice (docs/api.md), so every action gets its own, kept with it. */
static void app_new_key(char key[48])
{
	unsigned char raw[12];
	if (getrandom(raw, sizeof raw, GRND_NONBLOCK) != (ssize_t)sizeof raw) {
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		memcpy(raw, &ts, sizeof raw < sizeof ts ? sizeof raw : sizeof ts);
	}
	snprintf(key, 48, "wicket-");
	for (size_t i = 0; i < sizeof raw; i++)
		snprintf(key + 7 + 2 * i, 3, "%02x", raw[i]);
}

/* Start a request; body is taken over.  key NULL: a POST gets a fresh one.
 * Returns its pending record, owned by a->pending until answered. */
static struct pending *app_send(struct app *a, enum req_kind kind, const char *method,
				const char *path, char *body, bool action, const char *key)
{
	struct pending *p = xcalloc(1, sizeof *p);
	p->a = a;
	p->kind = kind;
	p->action = action;
	p->next = a->pending;
	if (a->pending)
		a->pending->prev = p;
	a->pending = p;
	char fresh[48] = "";
	if (!key && strcmp(method, "POST") == 0) {
		app_new_key(fresh);
		key = fresh;
	}
	long timeout = kind == REQ_EVENTS ? (APP_POLL_WAIT + 10) * 1000L : APP_TIMEOUT_MS;
	p->id = net_request(a->net, method, path, body, key, timeout, app_reply, p);
	free(body);
	if (action) {
		a->c.busy = true;
		a->action_started = app_ms();
	}
	a->dirty = true;
	return p;
}

/* GET the path fmt makes of ap. */
static void app_vget(struct app *a, enum req_kind kind, const char *fmt, va_list ap)
{
	char path[256];
	vsnprintf(path, sizeof path, fmt, ap);
	app_send(a, kind, "GET", path, NULL, false, NULL);
}

void app_getf(struct app *a, enum req_kind kind, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	app_vget(a, kind, fmt, ap);
	va_end(ap);
}

void app_refresh(struct app *a, enum req_kind kind, const char *fmt, ...)
{
	struct app_poll *q = &a->polls[kind];
	if (q->busy) {
		q->stale = true;
		return;
	}
	q->busy = true;
	q->stale = false;
	va_list ap;
	va_start(ap, fmt);
	app_vget(a, kind, fmt, ap);
	va_end(ap);
}

bool app_refreshed(struct app *a, enum req_kind kind)
{
	a->polls[kind].busy = false;
	return a->polls[kind].stale;
}

/* ---- the journal: every action on disk before it is sent ---- */

/* Which reply handler an action's answer goes to, from its path (a record
 * read back after a restart has nothing else). */
static enum req_kind app_kind_of(const struct app *a, const char *path)
{
	enum req_kind own = a->role && a->role->kind_of ? a->role->kind_of(path) : REQ_NONE;
	if (own != REQ_NONE)
		return own;
	size_t n = strlen(path);
	if (n >= 9 && strcmp(path + n - 9, "/transfer") == 0)
		return REQ_TRANSFER;
	if (strncmp(path, "/api/v1/tickets/", 16) == 0 || (n >= 5 && strcmp(path + n - 5, "/call") == 0))
		return REQ_TICKET;
	if (strncmp(path, "/api/v1/cases", 13) == 0)
		return REQ_CASE;
	return REQ_WINDOW_STATE;
}

/* The counter's view of the journal: how many wait, and the refused ones
 * with both versions (what the server has, once read, is kept). */
static void app_journal_changed(struct app *a);

/* Send the oldest recorded action the server has not answered, unless one
 * is on its way or the server is away: the journal goes out in order, one
 * at a time.  Returns the request, or NULL when nothing was sent. */
static struct pending *app_replay(struct app *a)
{
	if (!a->journal || a->replay_seq || !a->c.session.token ||
	    a->c.conn == CONN_OFFLINE || a->c.conn == CONN_CONNECTING)
		return NULL;
	for (size_t i = 0; i < journal_size(a->journal); i++) {
		const struct journal_entry *e = journal_at(a->journal, i);
		if (e->conflict)
			continue;
		struct pending *p = app_send(a, app_kind_of(a, e->path), e->method, e->path,
					     e->body ? xstrdup(e->body) : NULL, true, e->key);
		p->seq = e->seq;
		p->act = ACT_NONE;
		a->replay_seq = e->seq;
		return p;
	}
	return NULL;
}

/* "A023" or "A023 2026-0012": what the action was about, for the clerk. */
static void app_label(const struct app *a, char *out, size_t len)
{
	const struct counter *c = &a->c;
	snprintf(out, len, "%s%s%s", c->has_ticket && c->ticket.number ? c->ticket.number : "",
		 c->has_ticket && c->has_case ? " " : "",
		 c->has_case && c->kase.number ? c->kase.number : "");
}

/* Show an action done before the server has answered it; an applicant
 * finished leaves the case screen, as the answer would. */
static void app_apply_local(struct app *a, enum action act, int value, const char *text)
{
	counter_apply_local(&a->c, act, value, text);
	if (!a->c.has_ticket && app_screen(a) == SCR_CASE)
		app_pop(a);
}

/* A clerk's action: written to the journal (and synced) before it is
 * sent.  While the server cannot be reached, or earlier actions still wait
 * for it, the action is kept for the replay and shown done at once.  body
 * is taken over. */
void app_postf(struct app *a, struct app_doing d, char *body, const char *fmt, ...)
{
	char path[256], key[48], label[160], err[256] = "";
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(path, sizeof path, fmt, ap);
	va_end(ap);
	app_new_key(key);
	if (d.label)
		utf8_copy(label, sizeof label, d.label);
	else
		app_label(a, label, sizeof label);
	struct journal_entry e = {
		.key = key, .action = (char *)action_name(d.act), .method = "POST", .path = path,
		.label = label, .body = body,
	};
	uint64_t seq = a->journal ? journal_add(a->journal, &e, err, sizeof err) : 0;
	free(body);
	if (!seq) {
		counter_say(&a->c, true, _("Not done: the action could not be recorded (%s)."),
			    err[0] ? err : _("no journal"));
		return;
	}
	bool later = a->c.conn == CONN_OFFLINE || a->replay_seq || journal_count(a->journal, false) > 1;
	struct pending *p = later ? NULL : app_replay(a);
	if (p && p->seq == seq) {
		p->act = d.act;
		p->value = d.value;
		p->text = d.text ? xstrdup(d.text) : NULL;
	} else {
		a->deferred_upto = seq;
		app_apply_local(a, d.act, d.value, d.text);
		counter_say(&a->c, false, _("Recorded: it goes to the server as soon as it answers."));
	}
	app_journal_changed(a);
}

/* ---- refreshes, coalesced so that a burst of events is one request ---- */

static void app_refresh_queue(struct app *a)
{
	app_refresh(a, REQ_QUEUE, "/api/v1/windows/%d/queue", a->c.window_no);
}

static void app_refresh_window(struct app *a)
{
	app_refresh(a, REQ_WINDOWS, "/api/v1/windows");
}

static void app_refresh_cases(struct app *a)
{
	app_refresh(a, REQ_CASES, "/api/v1/cases?window=%d&status=open", a->c.window_no);
}

void app_poll_events(struct app *a)
{
	char path[128];
	/* Back from offline, ask without waiting: the first answer says at
	 * once that the server is there again. */
	int wait = a->c.conn == CONN_ONLINE ? APP_POLL_WAIT : 0;
	if (a->role && a->role->feed_path) {
		if (!a->role->feed_path(a, a->events_last, wait, path, sizeof path))
			return;           /* e.g. a trainer with no drill open: no feed to follow */
	} else if (a->events_known) {
		snprintf(path, sizeof path, "/api/v1/events?since=%lld&wait=%d",
			 (long long)a->events_last, wait);
	} else {
		snprintf(path, sizeof path, "/api/v1/events");
	}
	a->events_req = app_send(a, REQ_EVENTS, "GET", path, NULL, false, NULL)->id;
}

/* Cancel request id: it is never answered, and its record goes. */
static void app_cancel(struct app *a, uint64_t id)
{
	net_cancel(a->net, id);
	for (struct pending *p = a->pending; p; p = p->next)
		if (p->id == id) {
			app_unlink(p);
			app_pending_free(p);
			return;
		}
}

void app_feed_restart(struct app *a)
{
	if (a->events_req)
		app_cancel(a, a->events_req);
	a->events_req = 0;
	a->events_retry_at = 0;
	a->backoff_ms = 0;
	a->events_last = 0;
	a->events_known = true;
	a->feed_restarted = false;
	a->feed_read = false;
	app_poll_events(a);
}

/* The clerk's counter, reloaded. */
static void app_clerk_refresh(struct app *a)
{
	app_refresh_window(a);
	app_refresh_queue(a);
	app_getf(a, REQ_SERVICES, "/api/v1/services");
	if (app_screen(a) == SCR_CASES)
		app_refresh_cases(a);
}

/* Everything the signed-in role shows, reloaded. */
static void app_refresh_all(struct app *a)
{
	if (a->role && a->role->reload)
		a->role->reload(a);
}

/* ---- screens ---- */

enum scr app_screen(const struct app *a)
{
	return a->depth > 0 ? a->stack[a->depth - 1] : SCR_SIGNIN;
}

void app_push(struct app *a, enum scr s)
{
	if (app_screen(a) == s)
		return;
	if (a->depth < (int)(sizeof a->stack / sizeof a->stack[0]))
		a->stack[a->depth++] = s;
	a->dirty = true;
}

void app_pop(struct app *a)
{
	if (a->depth > 1)
		a->depth--;
	a->dirty = true;
}

/* ---- replies ---- */

void app_say_error(struct app *a, const struct net_reply *r)
{
	if (r->status == 0) {
		counter_say(&a->c, true, r->tls_error ?
			    _("TLS failure talking to the server: %s") :
			    _("Cannot reach the server: %s"), r->error ? r->error : "?");
		return;
	}
	struct api_error e;
	api_error_decode(r->status, r->body, r->len, &e);
	counter_say(&a->c, true, "%s", api_error_text(&e));
}

/* The clerk stays on the form, with what was typed and why it failed (the
 * message just said). */
static void app_signin_failed(struct app *a)
{
	if (!a->signin.nfields)
		app_signin_form(a);
	utf8_copy(a->signin.error, sizeof a->signin.error, a->c.message);
	a->signing_in = true;
}

/* The clerk's journal on this server: what a previous run left unanswered
 * is sent first.  A drill's session keeps its own (drill is its code, or
 * NULL), so that nothing done in a drill is ever replayed to the hall, nor
 * the other way round.  Returns 0, or -1 (said to the clerk). */
static int app_journal_open(struct app *a, const char *user, const char *drill)
{
	const char *host = strstr(a->cfg->server, "://");
	char *hall = xasprintf("%s@%s", user, host ? host + 3 : a->cfg->server), err[256];
	char *slash = strchr(hall, '/');
	if (slash)
		*slash = '\0';
	char *name = drill ? xasprintf("%s-drill-%s", hall, drill) : xstrdup(hall);
	free(hall);
	journal_close(a->journal);
	a->journal = journal_open(a->cfg->journal_dir, name, err, sizeof err);
	free(name);
	if (!a->journal) {
		counter_say(&a->c, true, _("Cannot keep the journal of actions: %s"), err);
		return -1;
	}
	/* Everything found there was recorded by an earlier run: replayed. */
	size_t n = journal_size(a->journal);
	a->deferred_upto = n ? journal_at(a->journal, n - 1)->seq : 0;
	return 0;
}

/* The clerk at the counter: the first window of the session, unless one
 * was asked for; a trainee in a drill is at the drill's window. */
static void app_clerk_start(struct app *a)
{
	const struct m_session *s = &a->c.session;
	if (a->c.window_no == 0 && s->nwindows > 0)
		a->c.window_no = s->windows[0];
	if (s->drill)
		counter_say(&a->c, false, _("Drill %s: signed in at drill window %d. Nothing here reaches the hall."),
			    s->drill, a->c.window_no);
	else
		counter_say(&a->c, false, _("Signed in at window %d."), a->c.window_no);
	app_poll_events(a);
}

static const struct app_role app_role_clerk, app_role_none;

/* The role's row of app_roles[]; one without screens here gets a screen
 * that says so (and no event feed, which such roles may not read). */
static const struct app_role *app_role_of(const char *name)
{
	static const struct app_role *const app_roles[] = {
		&app_role_clerk,
		&app_role_supervisor,
		&app_role_trainer,
	};
	for (size_t i = 0; i < sizeof app_roles / sizeof app_roles[0]; i++)
		if (name && strcmp(app_roles[i]->name, name) == 0)
			return app_roles[i];
	return &app_role_none;
}

static void app_on_login(struct app *a, const struct net_reply *r)
{
	struct m_session s;
	if (r->status != 200 || api_decode_login(r->body, r->len, &s)) {
		app_say_error(a, r);
		app_signin_failed(a);
		return;
	}
	if (app_journal_open(a, s.user, s.drill) != 0) {
		m_free(&m_session_desc, &s);
		app_signin_failed(a);
		return;
	}
	m_free(&m_session_desc, &a->c.session);
	a->c.session = s;
	net_set_token(a->net, s.token);
	a->signing_in = false;
	a->c.conn = CONN_ONLINE;
	a->role = app_role_of(s.role);
	a->depth = 0;
	app_push(a, a->role->first);
	if (a->role->start)
		a->role->start(a);
	app_journal_changed(a);
	if (a->c.pending > 0)
		counter_say(&a->c, false, ngettext("Sending %zu action recorded earlier…",
						  "Sending %zu actions recorded earlier…", a->c.pending),
			    a->c.pending);
	app_replay(a);
	app_refresh_all(a);
	if (a->c.nconflict > 0)
		app_push(a, SCR_CONFLICTS);
}

static struct m_window *app_find_window(struct m_window *w, size_t n, int no)
{
	for (size_t i = 0; i < n; i++)
		if (w[i].no == no)
			return &w[i];
	return NULL;
}

static void app_on_windows(struct app *a, const struct net_reply *r)
{
	struct m_window *w;
	size_t n;
	bool again = app_refreshed(a, REQ_WINDOWS);
	if (r->status != 200 || api_decode_windows(r->body, r->len, &w, &n))
		return app_say_error(a, r);
	struct m_window *mine = app_find_window(w, n, a->c.window_no);
	bool first = !a->c.have_window;
	if (mine) {
		struct m_window copy = *mine;
		memset(mine, 0, sizeof *mine);
		mine->no = copy.no;
		counter_set_window(&a->c, &copy);
	}
	counter_set_windows(&a->c, w, n);
	/* Signing in at a window means the clerk is there: open it. */
	if (first && a->c.have_window && a->c.window.status == WS_CLOSED && !a->c.busy)
		app_postf(a, (struct app_doing){ .act = ACT_PAUSE }, NULL, "/api/v1/windows/%d/open",
			  a->c.window_no);
	if (again)
		app_refresh_window(a);
}

static void app_on_queue(struct app *a, const struct net_reply *r)
{
	struct m_ticket *q;
	size_t n;
	if (r->status == 200 && api_decode_queue(r->body, r->len, &q, &n) == 0)
		counter_set_queue(&a->c, q, n);
	else
		app_say_error(a, r);
	if (app_refreshed(a, REQ_QUEUE))
		app_refresh_queue(a);
}

static void app_on_services(struct app *a, const struct net_reply *r)
{
	struct m_service *s;
	size_t n;
	if (r->status == 200 && api_decode_services(r->body, r->len, &s, &n) == 0)
		counter_set_services(&a->c, s, n);
}

static void app_on_ticket(struct app *a, const struct net_reply *r, bool transfer)
{
	struct m_ticket t;
	int rc = transfer ? -1 : api_decode_ticket(r->body, r->len, &t);
	if (r->status / 100 != 2) {
		if (r->status == 404 || r->status == 409)
			app_refresh_window(a);
		return app_say_error(a, r);
	}
	if (transfer) {
		counter_clear_ticket(&a->c);
		counter_say(&a->c, false, _("Transferred."));
	} else if (rc == 0) {
		const char *what = t.status == TS_CALLED ? (t.recalls ? _("Recalled %s.") : _("Called %s.")) :
				   t.status == TS_SERVING ? _("Serving %s.") :
				   t.status == TS_DONE ? _("Finished %s.") :
				   t.status == TS_NO_SHOW ? _("%s marked as not present.") : "%s";
		counter_say(&a->c, false, what, t.number);
		counter_set_ticket(&a->c, &t);
		m_free(&m_ticket_desc, &t);
		if (!a->c.has_ticket && app_screen(a) == SCR_CASE)
			app_pop(a);
	}
	app_refresh_window(a);
	app_refresh_queue(a);
}

static void app_on_guide(struct app *a, const struct net_reply *r)
{
	struct m_matter m;
	if (r->status != 200 || api_decode_matter(r->body, r->len, &m))
		return app_say_error(a, r);
	counter_set_guide(&a->c, &m);
	app_push(a, SCR_CASE);
}

static void app_on_case(struct app *a, const struct net_reply *r)
{
	struct m_case k;
	if (r->status / 100 != 2 || api_decode_case(r->body, r->len, &k))
		return app_say_error(a, r);
	bool notice = k.status == CS_NOTIFIED && (!a->c.has_case || a->c.kase.nmissing != k.nmissing);
	counter_set_case(&a->c, &k);
	if (notice) {
		free(a->notice_path);
		a->notice_path = notice_write(a->cfg->notice_dir, &a->c.kase, &a->c.guide, &a->c);
		counter_say(&a->c, false, _("One-time notice recorded: tell the applicant everything missing."));
	} else {
		counter_say(&a->c, false, "%s", view_case_status_label(a->c.kase.status));
	}
}

static void app_on_cases(struct app *a, const struct net_reply *r)
{
	struct m_case *k;
	size_t n;
	if (r->status == 200 && api_decode_cases(r->body, r->len, &k, &n) == 0)
		counter_set_cases(&a->c, k, n);
	else
		app_say_error(a, r);
	if (app_refreshed(a, REQ_CASES))
		app_refresh_cases(a);
}

/* What a batch of events means for the clerk's counter (the refreshes
 * are coalesced: a burst is one request each). */
static void app_clerk_events(struct app *a, struct m_event *ev, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const struct m_event *e = &ev[i];
		if (strncmp(e->kind, "ticket.", 7) == 0 || strncmp(e->kind, "window.", 7) == 0) {
			app_refresh_queue(a);
			app_refresh_window(a);
		} else if (strncmp(e->kind, "case.", 5) == 0 && app_screen(a) == SCR_CASES) {
			app_refresh_cases(a);
		}
	}
}

static void app_on_events(struct app *a, const struct net_reply *r)
{
	struct m_event *ev;
	size_t n;
	int64_t last;
	a->events_req = 0;
	if (r->status == 200 && api_decode_events(r->body, r->len, &ev, &n, &last) == 0) {
		bool was_offline = a->c.conn != CONN_ONLINE;
		/* Joining the feed: what happened between the first reads and
		 * the join is in neither; read again, now that nothing after
		 * the join can be missed. */
		bool joined = !a->events_known;
		a->c.conn = CONN_ONLINE;
		a->backoff_ms = 0;
		if (a->role && a->role->events)
			a->role->events(a, ev, n);
		m_free_array(&m_event_desc, ev, n);
		a->events_last = last;
		a->events_known = true;
		if (was_offline || joined)
			app_refresh_all(a);   /* whatever happened while we were away */
		app_poll_events(a);
		app_replay(a);
		return;
	}
	if (r->status == 410 && api_decode_resync(r->body, r->len, &last) == 0) {
		a->events_last = a->role && a->role->feed_restarted && a->role->feed_restarted(a) ? 0 : last;
		a->events_known = true;
		app_refresh_all(a);
		app_poll_events(a);
		return;
	}
	/* No answer: show it, and try again after a growing pause. */
	a->c.conn = CONN_OFFLINE;
	a->backoff_ms = a->backoff_ms ? (a->backoff_ms * 2 > 5000 ? 5000 : a->backoff_ms * 2) : 250;
	a->events_retry_at = app_ms() + a->backoff_ms;
}

/* ---- the journal's answers: settled, kept for later, or refused ---- */

/* What our action asked for, in the user's words: "completed", "rating 4",
 * "paused: 系统维护", a follow-up's note.  Returns a malloc'd string. */
static char *app_describe_ours(const struct journal_entry *e)
{
	struct m_request q;
	if (!e->body || api_decode_request(e->body, strlen(e->body), &q) != 0)
		memset(&q, 0, sizeof q);
	struct buf b = BUF_INIT;
	buf_adds(&b, _(action_help(action_parse(e->action))));
	if (q.level > 0 || q.rating > 0)
		buf_printf(&b, _(" · rating %d"), q.level > 0 ? q.level : q.rating);
	if (q.reason)
		buf_printf(&b, _(" · reason: %s"), q.reason);
	if (q.note)
		buf_printf(&b, _(" · note: %s"), q.note);
	/* An audit names its window too; only a transfer goes to one. */
	if (q.window > 0 && strcmp(e->action, "transfer") == 0)
		buf_printf(&b, _(" · to window %d"), q.window);
	if (q.service)
		buf_printf(&b, _(" · to service %s"), q.service);
	if (q.nreceived > 0) {
		buf_adds(&b, _(" · materials received:"));
		for (size_t i = 0; i < q.nreceived; i++)
			buf_printf(&b, " %d", q.received[i]);
	}
	m_free(&m_request_desc, &q);
	return buf_steal(&b);
}

static struct m_window *app_find_window(struct m_window *w, size_t n, int no);

/* The server's version of the record a refused action was about: a
 * window's state is known here (malloc'd text returned); a case or a
 * ticket is read (NULL returned, app_on_theirs fills it in). */
static char *app_read_theirs(struct app *a, const struct journal_entry *e)
{
	long long id;
	int no;
	char path[96];
	if (sscanf(e->path, "/api/v1/windows/%d/", &no) == 1) {
		const struct m_window *w = app_find_window(a->c.windows, a->c.nwindows, no);
		return w ? xasprintf(_("window %d: %s %s"), no, view_window_status_label(w->status),
				     w->pause_reason ? w->pause_reason : "") : NULL;
	}
	if (sscanf(e->path, "/api/v1/cases/%lld", &id) == 1)
		snprintf(path, sizeof path, "/api/v1/cases/%lld", id);
	else if (sscanf(e->path, "/api/v1/tickets/%lld", &id) == 1)
		snprintf(path, sizeof path, "/api/v1/tickets/%lld", id);
	else
		return xstrdup(_("(not read: see the screen it belongs to)"));
	for (struct pending *p = a->pending; p; p = p->next)
		if (p->kind == REQ_THEIRS && p->seq == e->seq)
			return NULL;
	if (a->c.session.token)
		app_send(a, REQ_THEIRS, "GET", path, NULL, false, NULL)->seq = e->seq;
	return NULL;
}

static void app_journal_changed(struct app *a)
{
	struct counter *c = &a->c;
	size_t n = a->journal ? journal_count(a->journal, true) : 0, k = 0;
	struct m_conflict *list = n ? xcalloc(n, sizeof *list) : NULL;
	for (size_t i = 0; a->journal && i < journal_size(a->journal); i++) {
		const struct journal_entry *e = journal_at(a->journal, i);
		if (!e->conflict)
			continue;
		struct m_conflict *m = &list[k++];
		m->seq = e->seq;
		m->at = e->at;
		m->action = xstrdup(e->action);
		m->label = xstrdup(e->label);
		m->ours = app_describe_ours(e);
		m->message = xstrdup(e->message ? e->message : "");
		m->status = e->status;
		for (size_t j = 0; j < c->nconflict; j++)
			if (c->conflict[j].seq == e->seq && c->conflict[j].theirs)
				m->theirs = xstrdup(c->conflict[j].theirs);
		if (!m->theirs)
			m->theirs = app_read_theirs(a, e);
	}
	counter_set_conflicts(c, list, n);
	c->pending = a->journal ? journal_count(a->journal, false) : 0;
	a->dirty = true;
}

/* No answer, or one that says "not now": the action stays in the journal
 * for the replay. */
static bool app_transient(const struct net_reply *r)
{
	return r->status == 0 || r->status == 401 || r->status == 408 || r->status == 429 ||
	       r->status == 502 || r->status == 503 || r->status == 504;
}

/* The server cannot be reached: say so at once, and ask again soon (a
 * long-poll on a cut network may otherwise hang until its timeout). */
static void app_went_offline(struct app *a)
{
	a->c.conn = CONN_OFFLINE;
	if (a->events_req) {
		app_cancel(a, a->events_req);
		a->events_req = 0;
	}
	if (!a->events_retry_at)
		a->events_retry_at = app_ms() + 250;
}

/* Settle the journal record p sent.  Returns true when the reply is to be
 * folded in as usual, false when the action was kept for later or refused
 * (then it is a conflict, shown to the clerk with both versions). */
static bool app_journal_reply(struct app *a, struct pending *p, const struct net_reply *r)
{
	a->replay_seq = 0;
	bool deferred = p->seq <= a->deferred_upto;
	if (app_transient(r)) {
		if (!deferred) {
			/* It was sent live and may or may not have arrived: the
			 * replay sends it again under the same key. */
			app_apply_local(a, p->act, p->value, p->text);
			a->deferred_upto = p->seq;
		}
		if (r->status == 0)
			app_went_offline(a);
		app_journal_changed(a);
		counter_say(&a->c, true, ngettext("No answer from the server: %zu action kept, sent when it answers.",
						  "No answer from the server: %zu actions kept, sent when it answers.",
						  a->c.pending), a->c.pending);
		return false;
	}
	if (r->status / 100 == 2 || !deferred) {
		journal_done(a->journal, p->seq, r->status);
		app_journal_changed(a);
		if (deferred && a->c.pending == 0)
			app_refresh_all(a);   /* the replay is through: the server's view */
		return true;
	}
	struct api_error e;
	api_error_decode(r->status, r->body, r->len, &e);
	journal_conflict(a->journal, p->seq, r->status, api_error_text(&e));
	app_journal_changed(a);
	app_push(a, SCR_CONFLICTS);
	counter_say(&a->c, true, "%s", _("The server refused an action recorded offline: see both versions."));
	return false;
}

/* The server's version of a refused action's record. */
static void app_on_theirs(struct app *a, struct pending *p, const struct net_reply *r)
{
	struct m_conflict *m = NULL;
	for (size_t i = 0; i < a->c.nconflict; i++)
		if (a->c.conflict[i].seq == p->seq)
			m = &a->c.conflict[i];
	if (!m || r->status != 200)
		return;
	struct m_case k;
	struct m_ticket t;
	char text[512] = "";
	if (api_decode_case(r->body, r->len, &k) == 0) {
		int n = snprintf(text, sizeof text, _("case %s: %s"), k.number,
				 view_case_status_label(k.status));
		if (k.rating > 0 && n > 0 && (size_t)n < sizeof text)
			snprintf(text + n, sizeof text - (size_t)n, _(" · rating %d"), k.rating);
		m_free(&m_case_desc, &k);
	} else if (api_decode_ticket(r->body, r->len, &t) == 0) {
		snprintf(text, sizeof text, _("ticket %s: %s, window %d"), t.number,
			 view_ticket_status_label(t.status), t.window);
		m_free(&m_ticket_desc, &t);
	}
	if (text[0]) {
		free(m->theirs);
		m->theirs = xstrdup(text);
	}
}

static void app_reply(void *ud, const struct net_reply *r)
{
	struct pending *p = ud;
	struct app *a = p->a;
	app_unlink(p);
	if (p->action)
		a->c.busy = false;
	if (r->status == 401 && p->kind != REQ_LOGIN) {
		a->c.conn = CONN_CONNECTING;
	} else if (r->status != 0 && p->kind != REQ_EVENTS && a->c.conn == CONN_SLOW) {
		a->c.conn = CONN_ONLINE;
	}
	if (p->seq && p->kind != REQ_THEIRS && !app_journal_reply(a, p, r)) {
		a->dirty = true;
		app_pending_free(p);
		app_replay(a);
		app_run_typeahead(a);
		return;
	}
	switch (p->kind) {
	case REQ_LOGIN: app_on_login(a, r); break;
	case REQ_WINDOWS: app_on_windows(a, r); break;
	case REQ_QUEUE: app_on_queue(a, r); break;
	case REQ_SERVICES: app_on_services(a, r); break;
	case REQ_EVENTS: app_on_events(a, r); break;
	case REQ_TICKET: app_on_ticket(a, r, false); break;
	case REQ_TRANSFER: app_on_ticket(a, r, true); break;
	case REQ_WINDOW_STATE:
		if (r->status / 100 != 2)
			app_say_error(a, r);
		app_refresh_window(a);
		break;
	case REQ_GUIDE: app_on_guide(a, r); break;
	case REQ_CASE: app_on_case(a, r); break;
	case REQ_CASES: app_on_cases(a, r); break;
	case REQ_THEIRS: app_on_theirs(a, p, r); break;
	case REQ_WINDOW: case REQ_LOGOUT: break;
	default:
		if (a->role && a->role->reply)
			a->role->reply(a, p->kind, r);
		break;
	}
	a->dirty = true;
	app_pending_free(p);
	app_replay(a);
	app_run_typeahead(a);
}

/* ---- sign-in ---- */

static void app_signin_form(struct app *a)
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

/* Sign in; drill is a trainee's drill code (NULL: the hall), and then the
 * window is the drill's, which the server knows: none is sent. */
static void app_login(struct app *a, const char *server, const char *user, const char *password,
		      int window, const char *drill)
{
	const char *refusal = app_password_refusal(server, a->cfg->insecure_http);
	if (refusal) {
		counter_say(&a->c, true, "%s", refusal);   /* and nothing is sent */
		app_signin_failed(a);
		return;
	}
	if (server != a->cfg->server) {
		free(a->cfg->server);
		a->cfg->server = xstrdup(server);
	}
	net_free(a->net);
	app_drop_pending(a);
	a->net = net_new(&(struct net_options){ .base_url = a->cfg->server, .cacert = a->cfg->cacert });
	if (drill)
		window = 0;
	a->c.window_no = window;
	a->c.conn = CONN_CONNECTING;
	counter_say(&a->c, false, _("Signing in…"));
	app_send(a, REQ_LOGIN, "POST", "/api/v1/login", api_encode_login(user, password, window, drill),
		 false, NULL);
}

/* The window may be left empty (a clerk then works at every window it is
 * bound to; other roles have none), and so may the drill code. */
static void app_signin_submit(struct app *a)
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
	app_login(a, f->f[0].value, f->f[1].value, f->f[2].value, (int)window, drill[0] ? drill : NULL);
}

/* ---- actions ---- */

static void app_open_picker(struct app *a, enum picker_kind kind, const char *title)
{
	picker_clear(&a->picker);
	a->picker.title = title;
	a->picking = kind;
}

static void app_transfer_picker(struct app *a)
{
	char line[256];
	app_open_picker(a, PICK_TRANSFER, N_("Transfer to"));
	for (size_t i = 0; i < a->c.nwindows; i++) {
		const struct m_window *w = &a->c.windows[i];
		if (w->no == a->c.window_no)
			continue;
		snprintf(line, sizeof line, _("Window %d %s (%s)"), w->no, w->name,
			 view_window_status_label(w->status));
		picker_add(&a->picker, line, w->no);
	}
	for (size_t i = 0; i < a->c.nservices; i++) {
		snprintf(line, sizeof line, _("Service: %s"), a->c.services[i].name);
		picker_add(&a->picker, line, -1 - (int)i);
	}
}

static void app_matter_picker(struct app *a)
{
	char line[300];
	app_open_picker(a, PICK_MATTER, N_("The applicant's matter"));
	for (size_t i = 0; i < a->c.nservices; i++) {
		const struct m_service *s = &a->c.services[i];
		if (a->c.has_ticket && strcmp(s->code, a->c.ticket.service) != 0)
			continue;
		for (size_t j = 0; j < s->nmatters; j++) {
			snprintf(line, sizeof line, "%s  %s", s->matters[j].code, s->matters[j].name);
			picker_add(&a->picker, line, (int)(i * 1000 + j));
		}
	}
}

static void app_rating_picker(struct app *a)
{
	app_open_picker(a, PICK_RATING, N_("The applicant's rating"));
	a->picker.digit_is_value = true;
	for (int level = 5; level >= 1; level--)
		picker_add(&a->picker, view_rating_label(level), level);
}

void app_dialog(struct app *a, enum dialog_kind kind, const char *title)
{
	memset(&a->dlg, 0, sizeof a->dlg);
	a->dlg.title = title;
	a->dlg_kind = kind;
}

static void app_open_dialog(struct app *a, enum dialog_kind kind, const char *title)
{
	app_dialog(a, kind, title);
	switch (kind) {
	case DLG_PAUSE:
		form_add(&a->dlg, N_("Reason"), "", false, 100);
		break;
	case DLG_SUSPEND:
		form_add(&a->dlg, N_("Reason"), "", false, 200);
		break;
	case DLG_APPLICANT:
		form_add(&a->dlg, N_("Name"), a->c.applicant_name, false, 50);
		form_add(&a->dlg, N_("ID number"), a->c.applicant_id, false, 18);
		form_add(&a->dlg, N_("Phone"), a->c.applicant_phone, false, 20);
		break;
	default:
		break;
	}
}

static void app_accept(struct app *a)
{
	struct counter *c = &a->c;
	int *ids = xcalloc(c->guide.nmaterials + 1, sizeof *ids);
	size_t n = counter_ticked_ids(c, ids);
	if (c->has_case)
		app_postf(a, (struct app_doing){ .act = ACT_ACCEPT }, api_encode_materials(ids, n),
			  "/api/v1/cases/%lld/materials", (long long)c->kase.id);
	else
		app_postf(a, (struct app_doing){ .act = ACT_ACCEPT }, api_encode_case(c->ticket.id, c->guide.code, c->applicant_name,
							c->applicant_id, c->applicant_phone, ids, n),
			  "/api/v1/cases");
	free(ids);
}

static void app_ticket_action(struct app *a, enum action act, const char *verb)
{
	app_postf(a, (struct app_doing){ .act = act }, NULL, "/api/v1/tickets/%lld/%s",
		  (long long)a->c.ticket.id, verb);
}

static void app_case_action(struct app *a, struct app_doing d, const char *verb, char *body)
{
	app_postf(a, d, body, "/api/v1/cases/%lld/%s", (long long)a->c.kase.id, verb);
}

static void app_move(struct app *a, long delta)
{
	struct counter *c = &a->c;
	switch (app_screen(a)) {
	case SCR_COUNTER: c->queue_sel = counter_move(c->queue_sel, c->nqueue, delta); break;
	case SCR_CASE: c->material_sel = counter_move(c->material_sel, c->guide.nmaterials, delta); break;
	case SCR_CASES: c->cases_sel = counter_move(c->cases_sel, c->ncases, delta); break;
	case SCR_HELP: a->help_scroll = (int)counter_move((size_t)a->help_scroll, ACT_COUNT, delta); break;
	case SCR_CONFLICTS: c->conflict_sel = counter_move(c->conflict_sel, c->nconflict, delta); break;
	default:
		if (a->role && a->role->select)
			a->role->select(a, delta);
		break;
	}
}

/* The clerk has read the selected refused action: it goes to the journal's
 * permanent record of refusals, with both versions, and off the screen. */
static void app_acknowledge(struct app *a)
{
	struct counter *c = &a->c;
	if (app_screen(a) != SCR_CONFLICTS || c->conflict_sel >= c->nconflict)
		return;
	const struct m_conflict *m = &c->conflict[c->conflict_sel];
	char *note = xasprintf("%s | %s", m->ours, m->theirs ? m->theirs : "?");
	int rc = journal_resolve(a->journal, m->seq, note);
	free(note);
	if (rc != 0) {
		counter_say(c, true, _("Cannot write %s.refused: the refusal stays listed."),
			    journal_path(a->journal));
		return;
	}
	app_journal_changed(a);
	counter_say(c, false, _("Noted; kept in %s.refused."), journal_path(a->journal));
	if (c->nconflict == 0)
		app_pop(a);
}

/* Actions that need no server and no permission. */
static bool app_local_action(struct app *a, enum action act)
{
	switch (act) {
	case ACT_HELP: app_push(a, SCR_HELP); return true;
	case ACT_BACK: {
		enum scr from = app_screen(a);
		app_pop(a);
		if (app_screen(a) != from && a->role && a->role->back)
			a->role->back(a, from);
		return true;
	}
	case ACT_QUIT:
		app_send(a, REQ_LOGOUT, "POST", "/api/v1/logout", NULL, false, NULL);
		a->quit = true;
		return true;
	case ACT_REFRESH: app_refresh_all(a); return true;
	case ACT_UP: app_move(a, -1); return true;
	case ACT_DOWN: app_move(a, 1); return true;
	case ACT_PAGE_UP: app_move(a, -10); return true;
	case ACT_PAGE_DOWN: app_move(a, 10); return true;
	case ACT_MY_CASES:
		/* A clerk's list (a generic key may reach it on any screen). */
		if (a->role != &app_role_clerk)
			return false;
		app_push(a, SCR_CASES);
		app_refresh_cases(a);
		return true;
	case ACT_CONFLICTS:
		app_push(a, SCR_CONFLICTS);
		return true;
	case ACT_ACKNOWLEDGE:
		app_acknowledge(a);
		return true;
	default:
		return false;
	}
}

/* Type-ahead: a clerk who presses F5 right after F3 means both.  Actions
 * pressed while the server has not answered the last one wait here, and
 * run (checked again against the state the answer left) in order. */
static bool app_queue_action(struct app *a, enum action act)
{
	if (a->ntypeahead == (int)(sizeof a->typeahead / sizeof a->typeahead[0]))
		return false;
	a->typeahead[a->ntypeahead++] = act;
	return true;
}

static void app_run_typeahead(struct app *a)
{
	while (a->ntypeahead > 0 && !a->c.busy) {
		enum action act = a->typeahead[0];
		memmove(a->typeahead, a->typeahead + 1, (size_t)--a->ntypeahead * sizeof a->typeahead[0]);
		app_action(a, act);
	}
}

void app_action(struct app *a, enum action act)
{
	a->dirty = true;
	if (app_local_action(a, act))
		return;
	if (a->role && a->role->action)
		a->role->action(a, act);
}

bool app_refused(struct app *a, enum refusal why, enum action act)
{
	if (why == REF_OK || (why == REF_BUSY && app_queue_action(a, act)))
		return why != REF_OK;
	counter_say(&a->c, true, "%s", _(counter_refusal_text(why)));
	return true;
}

/* The clerk's actions at the counter and on the case screen. */
static void app_clerk_action(struct app *a, enum action act)
{
	struct counter *c = &a->c;
	if (app_refused(a, counter_check(c, app_screen(a), act), act))
		return;
	switch (act) {
	case ACT_CALL_NEXT:
		app_postf(a, (struct app_doing){ .act = act }, NULL, "/api/v1/windows/%d/call",
			  c->window_no);
		break;
	case ACT_CALL_CHOSEN:
		app_postf(a, (struct app_doing){ .act = act }, api_encode_call(c->queue[c->queue_sel].id),
			  "/api/v1/windows/%d/call", c->window_no);
		break;
	case ACT_RECALL: app_ticket_action(a, act, "recall"); break;
	case ACT_NO_SHOW: app_ticket_action(a, act, "no-show"); break;
	case ACT_START: app_ticket_action(a, act, "start"); break;
	case ACT_FINISH: app_ticket_action(a, act, "finish"); break;
	case ACT_TRANSFER: app_transfer_picker(a); break;
	case ACT_PAUSE:
		if (c->window.status == WS_OPEN)
			app_open_dialog(a, DLG_PAUSE, N_("Pause the window"));
		else
			app_postf(a, (struct app_doing){ .act = act }, NULL, "/api/v1/windows/%d/open",
				  c->window_no);
		break;
	case ACT_CASE:
		if (c->have_guide)
			app_push(a, SCR_CASE);
		else
			app_matter_picker(a);
		break;
	case ACT_TOGGLE: counter_toggle_material(c, c->material_sel); break;
	case ACT_APPLICANT: app_open_dialog(a, DLG_APPLICANT, N_("The applicant")); break;
	case ACT_ACCEPT: app_accept(a); break;
	case ACT_SUSPEND:
		if (c->kase.status == CS_SUSPENDED)
			app_case_action(a, (struct app_doing){ .act = act }, "resume", NULL);
		else
			app_open_dialog(a, DLG_SUSPEND, N_("Suspend the case"));
		break;
	case ACT_COMPLETE: app_case_action(a, (struct app_doing){ .act = act }, "complete", NULL); break;
	case ACT_RATE: app_rating_picker(a); break;
	default: break;
	}
}

/* ---- dialogs and pickers ---- */

/* A code from the server goes into a URL path: escape all but the
 * unreserved characters, so that it can only name a matter. */
void app_path_escape(const char *s, char *out, size_t len)
{
	size_t n = 0;
	for (; *s && n + 4 < len; s++) {
		unsigned char ch = (unsigned char)*s;
		if ((ch >= '0' && ch <= '9') || (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') ||
		    ch == '-' || ch == '_')
			out[n++] = (char)ch;
		else
			n += (size_t)snprintf(out + n, len - n, "%%%02X", ch);
	}
	out[n] = '\0';
}

static void app_dialog_done(struct app *a)
{
	struct form *f = &a->dlg;
	switch (a->dlg_kind) {
	case DLG_PAUSE:
		if (!f->f[0].value[0]) {
			snprintf(f->error, sizeof f->error, "%s", _("Say why the window pauses."));
			return;
		}
		app_postf(a, (struct app_doing){ .act = ACT_PAUSE, .text = f->f[0].value },
			  api_encode_pause(f->f[0].value), "/api/v1/windows/%d/pause", a->c.window_no);
		break;
	case DLG_SUSPEND:
		if (!f->f[0].value[0]) {
			snprintf(f->error, sizeof f->error, "%s", _("Say why the case is suspended."));
			return;
		}
		app_case_action(a, (struct app_doing){ .act = ACT_SUSPEND }, "suspend",
				api_encode_reason(f->f[0].value));
		break;
	case DLG_APPLICANT:
		utf8_copy(a->c.applicant_name, sizeof a->c.applicant_name, f->f[0].value);
		utf8_copy(a->c.applicant_id, sizeof a->c.applicant_id, f->f[1].value);
		utf8_copy(a->c.applicant_phone, sizeof a->c.applicant_phone, f->f[2].value);
		break;
	default:
		if (a->role && a->role->dialog)
			a->role->dialog(a);   /* it closes the dialog itself when done */
		return;
	}
	a->dlg_kind = DLG_NONE;
}

static void app_picker_done(struct app *a)
{
	int v = a->picker.values[a->picker.sel];
	enum picker_kind kind = a->picking;
	a->picking = PICK_NONE;
	switch (kind) {
	case PICK_TRANSFER:
		app_postf(a, (struct app_doing){ .act = ACT_TRANSFER }, v > 0 ? api_encode_transfer(v, NULL) :
			  api_encode_transfer(0, a->c.services[-1 - v].code),
			  "/api/v1/tickets/%lld/transfer", (long long)a->c.ticket.id);
		break;
	case PICK_MATTER: {
		char code[200];
		app_path_escape(a->c.services[v / 1000].matters[v % 1000].code, code, sizeof code);
		app_getf(a, REQ_GUIDE, "/api/v1/matters/%s", code);
		break;
	}
	case PICK_RATING:
		app_case_action(a, (struct app_doing){ .act = ACT_RATE, .value = v }, "rating",
				api_encode_rating(v));
		break;
	default:
		if (a->role && a->role->picker)
			a->role->picker(a, kind, v);
		break;
	}
	picker_clear(&a->picker);
}

static const struct view_ops *const app_views[SCR_COUNT] = {
	[SCR_SIGNIN] = &view_signin, [SCR_COUNTER] = &view_counter, [SCR_CASE] = &view_case,
	[SCR_CASES] = &view_cases, [SCR_HELP] = &view_help, [SCR_CONFLICTS] = &view_conflicts,
	[SCR_BOARD] = &view_board, [SCR_DAY] = &view_day, [SCR_AUDIT] = &view_audit,
	[SCR_AUDITS] = &view_audits, [SCR_RECTIFY] = &view_rectify, [SCR_CALLBACKS] = &view_callbacks,
	[SCR_REPORT] = &view_report,
	[SCR_DRILLS] = &view_drills, [SCR_SCENARIOS] = &view_scenarios, [SCR_CONSOLE] = &view_console,
	[SCR_SCORE] = &view_score, [SCR_LEADERBOARD] = &view_leaderboard,
	[SCR_NO_SCREENS] = &view_no_screens,
};

/* A key: to the open form or picker first, else through the keymap. */
static void app_key(struct app *a, int key, bool is_char)
{
	a->dirty = true;
	if (a->signing_in && app_screen(a) == SCR_SIGNIN) {
		enum form_result fr = form_key(&a->signin, key, is_char);
		if (fr == FORM_SUBMIT)
			app_signin_submit(a);
		else if (fr == FORM_CANCEL)
			a->quit = true;
		if (!is_char && key == KEY_F(10))
			a->quit = true;
		return;
	}
	if (a->dlg_kind != DLG_NONE) {
		enum form_result fr = form_key(&a->dlg, key, is_char);
		if (fr == FORM_SUBMIT)
			app_dialog_done(a);
		else if (fr == FORM_CANCEL)
			a->dlg_kind = DLG_NONE;
		return;
	}
	if (a->picking != PICK_NONE) {
		enum picker_result pr = picker_key(&a->picker, key);
		if (pr == PICKER_CHOSEN)
			app_picker_done(a);
		else if (pr == PICKER_CANCEL) {
			a->picking = PICK_NONE;
			picker_clear(&a->picker);
		}
		return;
	}
	enum action act = keymap_lookup(a->cfg->km, app_views[app_screen(a)]->scope, key);
	if (act != ACT_NONE)
		app_action(a, act);
}

/* ---- drawing ---- */

/* Tell a test harness the screen is drawn and settled: "ready SEQ VIEW". */
static void app_signal_ready(struct app *a, const char *view)
{
	if (a->cfg->ready_fd < 0)
		return;
	char line[64];
	int n = snprintf(line, sizeof line, "ready %llu %s\n", (unsigned long long)a->redraws, view);
	if (write(a->cfg->ready_fd, line, (size_t)n) != n)
		a->cfg->ready_fd = -1;
}

static void app_draw(struct app *a)
{
	const struct view_ops *ops = app_views[app_screen(a)];
	struct view_ctx v = {
		.c = &a->c, .km = a->cfg->km, .win = stdscr, .now = (int64_t)time(NULL),
		.signin = a->signing_in ? &a->signin : NULL, .server_url = a->cfg->server,
		.notice_path = a->notice_path, .help_scroll = a->help_scroll,
		.d = a->role == &app_role_supervisor ? &a->d : NULL,
		.tr = a->role == &app_role_trainer ? &a->tr : NULL,
		.help_scopes = a->role ? a->role->scopes : NULL, .nhelp_scopes = a->role ? a->role->nscopes : 0,
	};
	getmaxyx(stdscr, v.rows, v.cols);
	/* werase only clears curses' copy: doupdate sends what differs. */
	werase(stdscr);
	if (v.rows >= 10 && v.cols >= 40) {
		ops->draw(&v);
		if (a->dlg_kind != DLG_NONE)
			view_draw_form(&v, &a->dlg);
		if (a->picking != PICK_NONE)
			view_draw_picker(&v, &a->picker);
	} else {
		mvaddstr(0, 0, "wicket: 40x10 at least");
	}
	wnoutrefresh(stdscr);
	doupdate();
	a->redraws++;
	a->last_drawn_second = v.now;
	a->dirty = false;
	const char *name = ops->name;
	if (a->dlg_kind != DLG_NONE || a->picking != PICK_NONE)
		name = a->picking != PICK_NONE ? "picker" : "dialog";
	app_signal_ready(a, name);
}

/* Read every key waiting; wide characters arrive as code points. */
static void app_read_keys(struct app *a)
{
	wint_t ch;
	int rc;
	while ((rc = wget_wch(stdscr, &ch)) != ERR) {
		if (rc == KEY_CODE_YES && ch == KEY_RESIZE) {
			a->dirty = true;
			continue;
		}
		app_key(a, (int)ch, rc == OK);
		if (a->quit)
			return;
	}
}

/* Timers: the clock and elapsed times tick, the feed reconnects, and an
 * action without an answer for two seconds shows the server as slow. */
static int app_timers(struct app *a)
{
	int64_t now = app_ms(), second = (int64_t)time(NULL);
	/* The clock and waiting times move by the minute; only an applicant's
	 * elapsed time at the window needs every second.  An idle counter
	 * writes next to nothing to a thin terminal. */
	if (second != a->last_drawn_second &&
	    ((a->c.has_ticket && app_screen(a) == SCR_COUNTER) || second / 60 != a->last_drawn_second / 60))
		a->dirty = true;
	if (a->c.session.token && !a->events_req && a->events_retry_at && now >= a->events_retry_at) {
		a->events_retry_at = 0;
		app_poll_events(a);
	}
	if (second != a->last_tick && a->role && a->role->tick) {
		a->last_tick = second;
		a->role->tick(a, second);
	}
	if (a->c.busy && now - a->action_started > 2000 && a->c.conn == CONN_ONLINE) {
		a->c.conn = CONN_SLOW;
		a->dirty = true;
	}
	int wait = 1000 - (int)(now % 1000);
	if (a->events_retry_at && a->events_retry_at - now < wait)
		wait = (int)(a->events_retry_at - now);
	return wait < 0 ? 0 : wait;
}

/* ---- the roles ---- */

static const enum keymap_scope app_clerk_scopes[] = { KM_COUNTER, KM_CASE, KM_CASES, KM_CONFLICTS, KM_HELP };

static const struct app_role app_role_clerk = {
	.name = "clerk", .first = SCR_COUNTER,
	.scopes = app_clerk_scopes, .nscopes = sizeof app_clerk_scopes / sizeof app_clerk_scopes[0],
	.start = app_clerk_start, .reload = app_clerk_refresh, .events = app_clerk_events,
	.action = app_clerk_action,
};

/* A role with no screens in this client: it says so, and F10 quits. */
static const struct app_role app_role_none = { .name = "", .first = SCR_NO_SCREENS };

void app_init(struct app *a, struct app_config *cfg)
{
	memset(a, 0, sizeof *a);
	a->cfg = cfg;
	a->c.recall_limit = cfg->recall_limit;
	desk_init(&a->d);
	a->net = net_new(&(struct net_options){ .base_url = cfg->server, .cacert = cfg->cacert });
	a->dirty = true;
}

void app_free(struct app *a)
{
	net_free(a->net);
	app_drop_pending(a);
	journal_close(a->journal);
	counter_free(&a->c);
	trainer_free(&a->tr);
	desk_free(&a->d);
	picker_clear(&a->picker);
	free(a->notice_path);
	memset(a, 0, sizeof *a);
}

int app_run(struct app *a)
{
	if (a->cfg->user && a->cfg->password)
		app_login(a, a->cfg->server, a->cfg->user, a->cfg->password, a->cfg->window,
			  a->cfg->drill);
	else
		app_signin_form(a);
	while (!a->quit) {
		int wait = app_timers(a);
		if (a->dirty)
			app_draw(a);
		bool key = false;
		if (net_wait(a->net, STDIN_FILENO, wait, &key))
			return 1;
		net_dispatch(a->net);
		app_read_keys(a);
	}
	if (a->events_req)
		net_cancel(a->net, a->events_req);
	/* Give the sign-out a moment to leave, but never hang on it. */
	int64_t until = app_ms() + 500;
	while (net_inflight(a->net) > 0 && app_ms() < until) {
		bool key;
		net_wait(a->net, -1, 100, &key);
		net_dispatch(a->net);
	}
	return 0;
}
