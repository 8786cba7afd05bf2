/* replay.c - the journal of actions: every user's action is on disk
 * before it is sent (app_postf), goes out in order one at a time, and is
 * sent again under the same key while the server cannot be reached; one
 * the server refuses on replay is a conflict, shown with both versions
 * until the user has read it.  The journal is per user and server (and
 * per drill: nothing done in a drill reaches the hall). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app_int.h"
#include "wicket/model/wire.h"
#include "wicket/net/api.h"
#include "wicket/net/api_error.h"
#include "wicket/common/buf.h"
#include "wicket/common/i18n.h"
#include "wicket/common/journal.h"
#include "wicket/common/utf8.h"
#include "wicket/common/xalloc.h"

/* ---- the journal: every action on disk before it is sent ---- */

/* Which reply handler an action's answer goes to, from its path (a record
 * read back after a restart has nothing else). */
static enum req_kind app_kind_of(const struct app *a, const char *path)
{
	enum req_kind own = a->role && a->role->kind_of ? a->role->kind_of(path) : REQ_NONE;
	/* Unclaimed, it is the clerk's (whose kind_of claims every path). */
	return own != REQ_NONE ? own : app_role_clerk.kind_of(path);
}

struct pending *app_replay(struct app *a)
{
	if (!a->journal || a->replay_seq || !a->s.login.token ||
	    a->s.conn == CONN_OFFLINE || a->s.conn == CONN_CONNECTING)
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
	/* A read sent before this was done does not undo it. */
	counter_ticket_heard(&a->c, a->requests_sent);
	/* (a case worked on in the back office stays on its screen) */
	if ((act == ACT_FINISH || act == ACT_NO_SHOW) && !a->c.has_ticket && app_screen(a) == SCR_CASE)
		app_pop(a);
}

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
	uint64_t seq = a->journal ? journal_add_unsynced(a->journal, &e, err, sizeof err) : 0;
	free(body);
	if (!seq) {
		session_say(&a->s, true, _("Not done: the action could not be recorded (%s)."),
			    err[0] ? err : _("no journal"));
		return;
	}
	bool later = a->s.conn == CONN_OFFLINE || a->replay_seq || journal_count(a->journal, false) > 1;
	struct pending *p = later ? NULL : app_replay(a);
	/* On the wire, the record is synced only if the server does not
	 * settle it (app_journal_reply): done is said only by the server's
	 * answer, which means on its disk, and "kept" only after the sync.
	 * Until then the record is in the page cache, which outlives this
	 * process; a machine lost meanwhile loses nothing the clerk was told
	 * of, and a replay of it under its key would be harmless.  Kept for
	 * later, it is synced now. */
	if (p)
		net_push(a->net);
	else if (journal_sync(a->journal) != 0) {
		/* Kept for later, it must be on the disk: it is not, so not kept. */
		int saved = errno;
		(void)journal_done(a->journal, seq, 0);
		session_say(&a->s, true, _("Not done: the action could not be recorded (%s)."), strerror(saved));
		return;
	}
	if (p && p->seq == seq) {
		p->act = d.act;
		p->value = d.value;
		p->text = d.text ? xstrdup(d.text) : NULL;
	} else {
		a->deferred_upto = seq;
		app_apply_local(a, d.act, d.value, d.text);
		session_say(&a->s, false, _("Recorded: it goes to the server as soon as it answers."));
	}
	app_journal_changed(a);
}

void app_drill_over(struct app *a)
{
	if (a->drill_over || !a->s.login.drill)
		return;
	a->drill_over = true;
	if (a->journal) {
		char *path = xstrdup(journal_path(a->journal));
		char *refused = xasprintf("%s.refused", path);
		journal_close(a->journal);
		a->journal = NULL;
		unlink(path);
		unlink(refused);
		free(path);
		free(refused);
	}
	a->replay_seq = 0;
	a->s.pending = 0;
	session_set_conflicts(&a->s, NULL, 0);
	if (a->events_req)
		app_cancel(a, a->events_req);
	a->events_req = 0;
	a->events_retry_at = 0;
	session_say(&a->s, false, _("Drill %s is over: the trainer finished it, and its journal is removed. "
				    "Press F10 to quit."), a->s.login.drill);
}

char *app_hall_name(const struct app *a, const char *user)
{
	const char *host = strstr(a->cfg->server, "://");
	char *hall = xasprintf("%s@%s", user, host ? host + 3 : a->cfg->server);
	char *slash = strchr(hall, '/');
	if (slash)
		*slash = '\0';
	return hall;
}

int app_journal_open(struct app *a, const char *user, const char *drill, int64_t hall_id)
{
	char *hall = app_hall_name(a, user), err[256];
	/* Another hall of the platform keeps its own: its windows are not the
	 * first hall's.  Hall 1's keeps the name a single hall's had. */
	if (hall_id > 1) {
		char *own = xasprintf("%s-hall-%lld", hall, (long long)hall_id);
		free(hall);
		hall = own;
	}
	char *name = drill ? xasprintf("%s-drill-%s", hall, drill) : xstrdup(hall);
	free(hall);
	journal_close(a->journal);
	a->journal = journal_open(a->cfg->journal_dir, name, err, sizeof err);
	free(name);
	if (!a->journal) {
		session_say(&a->s, true, _("Cannot keep the journal of actions: %s"), err);
		return -1;
	}
	/* Everything found there was recorded by an earlier run: replayed. */
	size_t n = journal_size(a->journal);
	a->deferred_upto = n ? journal_at(a->journal, n - 1)->seq : 0;
	return 0;
}

/* ---- the answers: settled, kept for later, or refused ---- */

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
	if (a->s.login.token)
		app_send(a, REQ_THEIRS, "GET", path, NULL, false, NULL)->seq = e->seq;
	return NULL;
}

void app_journal_changed(struct app *a)
{
	struct session *s = &a->s;
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
		for (size_t j = 0; j < s->nconflict; j++)
			if (s->conflict[j].seq == e->seq && s->conflict[j].theirs)
				m->theirs = xstrdup(s->conflict[j].theirs);
		if (!m->theirs)
			m->theirs = app_read_theirs(a, e);
	}
	session_set_conflicts(s, list, n);
	s->pending = a->journal ? journal_count(a->journal, false) : 0;
	a->dirty = true;
}

/* No answer, or one that says "not now": the action stays in the journal
 * for the replay. */
static bool app_transient(const struct net_reply *r)
{
	return r->status == 0 || r->status == 401 || r->status == 408 || r->status == 429 ||
	       r->status == 502 || r->status == 503 || r->status == 504;
}

bool app_journal_reply(struct app *a, struct pending *p, const struct net_reply *r)
{
	a->replay_seq = 0;
	bool deferred = p->seq <= a->deferred_upto;
	if (app_transient(r)) {
		/* Kept: on the disk before the clerk is told so. */
		if (journal_sync(a->journal) != 0) {
			int saved = errno;
			session_say(&a->s, true, _("No answer from the server, and the action could not be "
						   "kept (%s): see whether it was done before doing it again."),
				    strerror(saved));
			app_journal_changed(a);
			return false;
		}
		if (!deferred) {
			/* It was sent live and may or may not have arrived: the
			 * replay sends it again under the same key. */
			app_apply_local(a, p->act, p->value, p->text);
			a->deferred_upto = p->seq;
		}
		if (r->status == 0)
			app_went_offline(a);
		app_journal_changed(a);
		session_say(&a->s, true, ngettext("No answer from the server: %zu action kept, sent when it answers.",
						  "No answer from the server: %zu actions kept, sent when it answers.",
						  a->s.pending), a->s.pending);
		return false;
	}
	if (r->status / 100 == 2 || !deferred) {
		journal_done(a->journal, p->seq, r->status);
		app_journal_changed(a);
		if (deferred && a->s.pending == 0)
			app_refresh_all(a);   /* the replay is through: the server's view */
		return true;
	}
	struct api_error e;
	api_error_decode(r->status, r->body, r->len, &e);
	journal_conflict(a->journal, p->seq, r->status, api_error_text(&e));
	app_journal_changed(a);
	app_push(a, SCR_CONFLICTS);
	session_say(&a->s, true, "%s", _("The server refused an action recorded offline: see both versions."));
	return false;
}

void app_on_theirs(struct app *a, const struct pending *p, const struct net_reply *r)
{
	struct m_conflict *m = NULL;
	for (size_t i = 0; i < a->s.nconflict; i++)
		if (a->s.conflict[i].seq == p->seq)
			m = &a->s.conflict[i];
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

void app_acknowledge(struct app *a)
{
	struct session *s = &a->s;
	if (app_screen(a) != SCR_CONFLICTS || s->conflict_sel >= s->nconflict)
		return;
	const struct m_conflict *m = &s->conflict[s->conflict_sel];
	char *note = xasprintf("%s | %s", m->ours, m->theirs ? m->theirs : "?");
	int rc = journal_resolve(a->journal, m->seq, note);
	free(note);
	if (rc != 0) {
		session_say(s, true, _("Cannot write %s.refused: the refusal stays listed."),
			    journal_path(a->journal));
		return;
	}
	app_journal_changed(a);
	session_say(s, false, _("Noted; kept in %s.refused."), journal_path(a->journal));
	if (s->nconflict == 0)
		app_pop(a);
}

