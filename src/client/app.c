/* app.c - the loop: the requests in flight and their answers, keys to
 * actions, the screens' stack, drawing and the timers.  What a role shows
 * and does is its controller's (clerk.c, desk.c, trainer.c); signing in is
 * signin.c's, the journal and its replay replay.c's, the event feed
 * feed.c's. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>

#include <curses.h>

#include "app_int.h"
#include "wicket/client/app.h"
#include "wicket/client/papers.h"
#include "wicket/common/i18n.h"
#include "wicket/core/date.h"
#include "wicket/common/journal.h"
#include "wicket/common/xalloc.h"

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

void app_net_reset(struct app *a)
{
	net_free(a->net);
	app_drop_pending(a);
	a->net = net_new(&(struct net_options){ .base_url = a->cfg->server, .cacert = a->cfg->cacert });
}

#define APP_TIMEOUT_MS 10000
#define APP_DRAW_HOLD_MS 50   /* see app_draw_held */

int64_t app_now(const struct app *a)
{
	return session_now(&a->s, (int64_t)time(NULL));
}

int32_t app_today(const struct app *a)
{
	time_t now = (time_t)app_now(a);
	struct tm tm;
	date_t d = 0;
	localtime_r(&now, &tm);
	date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, &d);
	return d;
}

int64_t app_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void app_reply(void *ud, const struct net_reply *r);

/* A fresh Idempotency-Key: a retry of the same action must not apply
 * twice (docs/api.md), so every action gets its own, kept with it. */
void app_new_key(char key[48])
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

struct pending *app_send(struct app *a, enum req_kind kind, const char *method,
				const char *path, char *body, bool action, const char *key)
{
	struct pending *p = xcalloc(1, sizeof *p);
	p->a = a;
	p->kind = kind;
	p->action = action;
	p->sent = ++a->requests_sent;
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
		a->s.busy = true;
		a->action_started = app_ms();
		a->draw_held_until = a->action_started + APP_DRAW_HOLD_MS;
	}
	a->dirty = true;
	return p;
}

/* GET the path fmt makes of ap.  A supervisor looking into a hall below
 * his own reads it there (?hall=, desk.c); its settings and the list of
 * halls stay his own hall's. */
static void app_vget(struct app *a, enum req_kind kind, const char *fmt, va_list ap)
{
	char path[256];
	int n = vsnprintf(path, sizeof path, fmt, ap);
	if (a->role == &app_role_supervisor && a->d.look_hall && kind != REQ_HALL && kind != REQ_HALLS &&
	    n > 0 && (size_t)n < sizeof path)
		snprintf(path + n, sizeof path - (size_t)n, "%chall=%lld", strchr(path, '?') ? '&' : '?',
			 (long long)a->d.look_hall);
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

/* Cancel request id: it is never answered, and its record goes. */
void app_cancel(struct app *a, uint64_t id)
{
	net_cancel(a->net, id);
	for (struct pending *p = a->pending; p; p = p->next)
		if (p->id == id) {
			app_unlink(p);
			app_pending_free(p);
			return;
		}
}

void app_refresh_all(struct app *a)
{
	/* The hall's clock too: a server back from a restart may run on
	 * another (a drill's, a test's shifted clock). */
	if (a->s.login.token)
		app_refresh(a, REQ_HALL, "/api/v1/hall");
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

/* ---- answers ---- */

/* The loop's own kinds (REQ_WINDOW's and REQ_LOGOUT's answers fold in
 * nothing). */
static const struct app_reply app_replies[REQ_KIND_COUNT] = {
	[REQ_LOGIN] = { .handle = app_on_login },
	[REQ_EVENTS] = { .handle = app_on_events },
	[REQ_THEIRS] = { .handle = app_on_theirs },
	[REQ_HALL] = { .handle = app_on_hall },
	[REQ_RESUME] = { .handle = app_on_resume },
};

static bool app_has_row(const struct app_reply *table, enum req_kind kind)
{
	return table && (table[kind].handle || table[kind].store);
}

/* The row for kind's answer: the loop's, the clerk's (whoever is signed
 * in), or the role's (which is told first that one of its answers came);
 * NULL when there is nothing to fold in. */
static const struct app_reply *app_row(struct app *a, enum req_kind kind, const struct net_reply *r)
{
	if (app_has_row(app_replies, kind))
		return &app_replies[kind];
	if (app_has_row(app_role_clerk.replies, kind))
		return &app_role_clerk.replies[kind];
	if (!a->role || !app_has_row(a->role->replies, kind))
		return NULL;
	if (a->role->answered)
		a->role->answered(a, r);
	return &a->role->replies[kind];
}

/* A read's answer: decoded and stored, or what went wrong said; asked
 * again when it was asked for meanwhile. */
static void app_fold(struct app *a, enum req_kind kind, const struct app_reply *row,
		     const struct net_reply *r)
{
	bool again = row->reread && app_refreshed(a, kind);
	union app_decoded d;
	memset(&d, 0, sizeof d);
	if (r->status == 200 && row->decode(r, &d) == 0)
		row->store(a, &d);
	else if (r->status == 200 && row->unreadable)
		session_say(&a->s, true, "%s", _(row->unreadable));
	else if (!row->quiet)
		app_say_error(a, r);
	if (again)
		row->reread(a);
}

static void app_reply(void *ud, const struct net_reply *r)
{
	struct pending *p = ud;
	struct app *a = p->a;
	app_unlink(p);
	if (p->action)
		a->s.busy = false;
	/* A trainee's drill session ends only with its drill (or its own
	 * sign-out, on the way out): over. */
	if (r->status == 401 && p->kind != REQ_LOGIN && p->kind != REQ_LOGOUT && a->s.login.drill && !a->quit) {
		app_drill_over(a);
		a->dirty = true;
		app_pending_free(p);
		return;
	}
	if (r->status == 401 && p->kind != REQ_LOGIN) {
		a->s.conn = CONN_CONNECTING;
	} else if (r->status != 0 && p->kind != REQ_EVENTS && a->s.conn == CONN_SLOW) {
		a->s.conn = CONN_ONLINE;
	}
	if (p->seq && p->kind != REQ_THEIRS && !app_journal_reply(a, p, r)) {
		a->dirty = true;
		app_pending_free(p);
		app_replay(a);
		app_run_typeahead(a);
		return;
	}
	const struct app_reply *row = app_row(a, p->kind, r);
	if (row && row->handle)
		row->handle(a, p, r);
	else if (row)
		app_fold(a, p->kind, row, r);
	a->dirty = true;
	app_pending_free(p);
	app_replay(a);
	app_run_typeahead(a);
}

void app_dialog(struct app *a, enum dialog_kind kind, const char *title)
{
	memset(&a->dlg, 0, sizeof a->dlg);
	a->dlg.title = title;
	a->dlg_kind = kind;
}

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
	const struct view_ops *ops = view_screens[app_screen(a)];
	struct view_ctx v = {
		.s = &a->s, .c = &a->c, .km = a->cfg->km, .win = stdscr, .now = app_now(a),
		.signin = a->signing_in ? &a->signin : NULL, .server_url = a->cfg->server,
		.notice_path = a->notice_path, .help_scroll = a->help_scroll,
		.d = a->role == &app_role_supervisor ? &a->d : NULL,
		.tr = a->role == &app_role_trainer ? &a->tr : NULL,
		.cs = a->role == &app_role_display ? &a->cs : NULL,
		.ev = a->role == &app_role_evaluator ? &a->ev : NULL,
		.gd = &a->gd,
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

/* Whether the frame waits: an action has just been sent and nothing else
 * has happened since (no key, no answer).  Its answer mostly comes within
 * a millisecond or two, and the frame between would only say it is on its
 * way, drawn and sent to the terminal for nobody to see: over a thin line
 * a second frame per action, and CPU taken while the answer is made.  Past
 * APP_DRAW_HOLD_MS, too short to be noticed, it is drawn (the action is
 * shown pending).  Lowers *wait to the end of the hold. */
static bool app_draw_held(struct app *a, int *wait)
{
	if (!a->draw_held_until || !a->s.busy)
		return false;
	int64_t left = a->draw_held_until - app_ms();
	if (left <= 0) {
		a->draw_held_until = 0;
		return false;
	}
	if (left < *wait)
		*wait = (int)left;
	return true;
}

/* Read every key waiting; wide characters arrive as code points.
 * Returns how many were read. */
static int app_read_keys(struct app *a)
{
	wint_t ch;
	int rc, n = 0;
	while ((rc = wget_wch(stdscr, &ch)) != ERR) {
		n++;
		if (rc == KEY_CODE_YES && ch == KEY_RESIZE) {
			a->dirty = true;
			continue;
		}
		app_key(a, (int)ch, rc == OK);
		if (a->quit)
			break;
	}
	return n;
}

/* The keyboard said it was ready and gave nothing: has the terminal gone
 * (a dropped SSH session under nohup, a closed window whose SIGHUP is
 * ignored)?  Its end of file would otherwise wake the loop for ever. */
static bool app_terminal_gone(void)
{
	struct pollfd p = { .fd = STDIN_FILENO, .events = POLLIN, .revents = 0 };
	return poll(&p, 1, 0) > 0 && (p.revents & (POLLHUP | POLLERR | POLLNVAL));
}

/* Timers: the clock and elapsed times tick, the feed reconnects, and an
 * action without an answer for two seconds shows the server as slow. */
static int app_timers(struct app *a)
{
	int64_t now = app_ms(), second = app_now(a);
	/* The clock and waiting times move by the minute; only an applicant's
	 * elapsed time at the window needs every second.  An idle counter
	 * writes next to nothing to a thin terminal. */
	if (second != a->last_drawn_second &&
	    ((a->c.has_ticket && app_screen(a) == SCR_COUNTER) || second / 60 != a->last_drawn_second / 60))
		a->dirty = true;
	if (a->s.login.token && !a->events_req && a->events_retry_at && now >= a->events_retry_at) {
		a->events_retry_at = 0;
		app_poll_events(a);
	}
	if (second != a->last_tick && a->role && a->role->tick) {
		a->last_tick = second;
		a->role->tick(a, second);
	}
	if (a->s.busy && now - a->action_started > 2000 && a->s.conn == CONN_ONLINE) {
		a->s.conn = CONN_SLOW;
		a->dirty = true;
	}
	int wait = 1000 - (int)(now % 1000);
	if (a->events_retry_at && a->events_retry_at - now < wait)
		wait = (int)(a->events_retry_at - now);
	return wait < 0 ? 0 : wait;
}

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
	/* Before the net: the worker wakes the loop through it. */
	papers_free(a->papers);
	net_free(a->net);
	app_drop_pending(a);
	journal_close(a->journal);
	counter_free(&a->c);
	session_free(&a->s);
	trainer_free(&a->tr);
	desk_free(&a->d);
	display_stop(a);
	callscreen_free(&a->cs);
	evaluator_free(&a->ev);
	guide_free(&a->gd);
	picker_clear(&a->picker);
	free(a->notice_path);
	free(a->resume_token);
	app_login_forget(a);
	free(a->login_hall);
	memset(a, 0, sizeof *a);
}

int app_run(struct app *a)
{
	if (app_resume_start(a))
		;   /* the session kept from the last run, if the server still has it */
	else if (a->cfg->user && a->cfg->password)
		app_login(a, a->cfg->server, a->cfg->user, a->cfg->password, a->cfg->window,
			  a->cfg->drill);
	else
		app_signin_form(a);
	while (!a->quit) {
		int wait = app_timers(a);
		if (a->dirty && !app_draw_held(a, &wait))
			app_draw(a);
		/* The journal's answered records are noted after the answers
		 * are on screen (a failure leaves them to a harmless replay). */
		if (a->journal)
			(void)journal_flush(a->journal);
		bool key = false;
		if (net_wait(a->net, STDIN_FILENO, wait, &key))
			return 1;
		net_dispatch(a->net);
		app_papers_poll(a);
		if (app_read_keys(a) == 0 && key && app_terminal_gone()) {
			/* As SIGHUP's death would: no sign-out, so the kept
			 * session resumes on a new terminal; the journal keeps
			 * what has no answer yet. */
			a->hung_up = a->quit = true;
		}
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
	return a->hung_up ? 1 : 0;
}
