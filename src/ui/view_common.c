#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "wicket/core/date.h"
#include "wicket/common/i18n.h"
#include "wicket/ui/ui.h"
#include "wicket/common/utf8.h"
#include "wicket/model/list.h"
#include "wicket/ui/view.h"

const char *view_priority_label(enum m_priority p)
{
	static const char *const labels[] = {
		[PRIO_NONE] = "", [PRIO_ELDERLY] = N_("elderly"), [PRIO_DISABLED] = N_("disabled"),
		[PRIO_PREGNANT] = N_("pregnant"), [PRIO_MILITARY] = N_("military"),
	};
	return p == PRIO_NONE ? "" : _(labels[p]);
}

const char *view_ticket_status_label(enum m_ticket_status s)
{
	static const char *const labels[] = {
		[TS_WAITING] = N_("waiting"), [TS_CALLED] = N_("called"), [TS_SERVING] = N_("serving"),
		[TS_DONE] = N_("done"), [TS_NO_SHOW] = N_("no-show"),
		[TS_TRANSFERRED] = N_("transferred"), [TS_EXPIRED] = N_("expired"),
		[TS_UNKNOWN] = N_("unknown"),
	};
	return _(labels[s]);
}

const char *view_window_status_label(enum m_window_status s)
{
	static const char *const labels[] = {
		[WS_CLOSED] = N_("closed"), [WS_OPEN] = N_("open"), [WS_PAUSED] = N_("paused"),
		[WS_UNKNOWN] = N_("unknown"),
	};
	return _(labels[s]);
}

const char *view_case_status_label(enum m_case_status s)
{
	static const char *const labels[] = {
		[CS_NOTIFIED] = N_("one-time notice"), [CS_ACCEPTED] = N_("accepted"),
		[CS_SUSPENDED] = N_("suspended"), [CS_COMPLETED] = N_("completed"),
		[CS_UNKNOWN] = N_("unknown"),
	};
	return _(labels[s]);
}

const char *view_form_label(enum m_material_form f)
{
	static const char *const labels[] = {
		[MF_ORIGINAL] = N_("original"), [MF_COPY] = N_("copy"),
		[MF_ORIGINAL_AND_COPY] = N_("original and copy"),
	};
	return _(labels[f]);
}

const char *view_rating_label(int level)
{
	static const char *const labels[] = {
		"", N_("very dissatisfied"), N_("dissatisfied"), N_("basically satisfied"),
		N_("satisfied"), N_("very satisfied"),
	};
	return level >= 1 && level <= 5 ? _(labels[level]) : "";
}

/* A wire code and the msgid it is shown as. */
struct view_code {
	const char *code, *label;
};

/* The translated label of code among the n of table; "" when none. */
static const char *view_code_label(const struct view_code *table, size_t n, const char *code)
{
	for (size_t i = 0; code && i < n; i++)
		if (strcmp(code, table[i].code) == 0)
			return _(table[i].label);
	return "";
}

const char *view_reason_label(const char *code)
{
	static const struct view_code reasons[] = {
		{ "attitude", N_("Service attitude") }, { "efficiency", N_("Efficiency") },
		{ "policy", N_("Explaining the rules") }, { "materials", N_("Materials required") },
		{ "environment", N_("Premises and facilities") }, { "other", N_("Other") },
	};
	return view_code_label(reasons, sizeof reasons / sizeof reasons[0], code);
}

const char *view_channel_label(const char *code)
{
	static const struct view_code channels[] = {
		{ "evaluator", N_("on the evaluator") }, { "paper", N_("on a paper form") },
		{ "callback", N_("in a follow-up call") }, { "system_default", N_("by the system's default") },
	};
	return view_code_label(channels, sizeof channels / sizeof channels[0], code);
}

/* The parts of day, or false with "-" in out when there is none. */
static bool view_ymd(int32_t day, int *y, int *m, int *d, char *out, size_t len)
{
	if (day < 0) {
		snprintf(out, len, "-");
		return false;
	}
	date_to_ymd(day, y, m, d);
	return true;
}

void view_page_title(const struct view_ctx *v, enum keymap_scope scope, const struct m_page *p, size_t n,
		     int cols, char *title, size_t len)
{
	if (n == 0 || !list_page_partial(p, n))
		return;
	char up[16], down[16];
	keymap_label(v->km, scope, ACT_PAGE_UP, up);
	keymap_label(v->km, scope, ACT_PAGE_DOWN, down);
	long long first = (long long)p->offset + 1, last = (long long)p->offset + (long long)n;
	long long total = (long long)list_page_total(p, n);
	size_t used = strlen(title);
	if (used >= len)
		return;
	/* TRANSLATORS: after a list's title: the rows of the page shown,
	 * of how many in all, and the keys that show the others. */
	snprintf(title + used, len - used, _(" · showing %lld–%lld of %lld, %s/%s for more"), first, last, total,
		 up, down);
	if (utf8_width(title) > (size_t)(cols > 0 ? cols : 0))
		/* TRANSLATORS: the same where the line is narrow. */
		snprintf(title + used, len - used, _(" · %lld–%lld of %lld"), first, last, total);
}

void view_date_words(int32_t day, char *out, size_t len)
{
	int y, m, d;
	if (view_ymd(day, &y, &m, &d, out, len))
		/* TRANSLATORS: a date read out to the applicant: year, month, day. */
		snprintf(out, len, _("%1$d-%2$02d-%3$02d"), y, m, d);
}

void view_day_short(int32_t day, char *out, size_t len)
{
	int y, m, d;
	if (view_ymd(day, &y, &m, &d, out, len))
		snprintf(out, len, "%02d-%02d", m, d);
}

void view_due_change(int year, int32_t from, int32_t to, bool provisional, char *out, size_t len)
{
	char a[16], b[16];
	view_day_short(from, a, sizeof a);
	view_day_short(to, b, sizeof b);
	if (from == to)
		snprintf(out, len, _("due date confirmed by the %d calendar: %s"), year, b);
	else
		snprintf(out, len, _("due date changed by the %d calendar: %s → %s"), year, a, b);
	if (provisional)
		snprintf(out + strlen(out), len - strlen(out), "%s", _(" provisional"));
}

void view_provisional_why(int year, char *out, size_t len)
{
	snprintf(out, len, _("Provisional: no %d holiday notice yet; the law's holidays are counted, "
			     "make-up working days are not"), year);
}

void view_duration(int64_t s, char *out, size_t len)
{
	if (s < 0)
		s = 0;
	if (s >= 3600)
		snprintf(out, len, "%d:%02d:%02d", (int)(s / 3600), (int)(s / 60 % 60), (int)(s % 60));
	else
		snprintf(out, len, "%02d:%02d", (int)(s / 60), (int)(s % 60));
}

void view_span(int64_t s, char *out, size_t len)
{
	/* Whole minutes, rounded up: someone waiting 20 s waits "1 min". */
	int64_t m = s > 0 ? (s + 59) / 60 : 0;
	if (m >= 60)
		/* TRANSLATORS: hours and minutes of a wait or a state, "1h 05m". */
		snprintf(out, len, _("%dh %02dm"), (int)(m / 60), (int)(m % 60));
	else
		snprintf(out, len, _("%d min"), (int)m);
}

void view_local_time(int64_t t, const char *fmt, char *out, size_t len)
{
	if (t <= 0) {
		snprintf(out, len, "%s", "");
		return;
	}
	time_t tt = (time_t)t;
	struct tm tm;
	localtime_r(&tt, &tm);
	strftime(out, len, fmt, &tm);
}

void view_clock(int64_t t, char *out, size_t len)
{
	view_local_time(t, "%H:%M", out, len);
}

int view_cell(const struct view_ctx *v, int y, int x, const char *s, int cols, bool right,
	      enum ui_role role)
{
	if (cols <= 0)
		return 0;
	int w = (int)utf8_width(s ? s : "");
	if (right && w < cols) {
		ui_put(v->win, y, x, "", cols - w, role);
		ui_put(v->win, y, x + cols - w, s, w, role);
		return cols;
	}
	return ui_put(v->win, y, x, s, cols, role);
}

static const char *view_conn_label(enum conn_state c, enum ui_role *role)
{
	switch (c) {
	case CONN_ONLINE: *role = UI_STATUS; return _("online");
	case CONN_SLOW: *role = UI_STATUS_BAD; return _("server slow");
	case CONN_OFFLINE: *role = UI_STATUS_BAD; return _("offline, reconnecting");
	default: *role = UI_STATUS; return _("connecting");
	}
}

/* The connection, and what waits in the journal: "offline · 3 pending". */
static void view_conn_words(const struct session *s, char *out, size_t len, enum ui_role *role)
{
	size_t n = 0;
	if (s->conn == CONN_OFFLINE && s->pending > 0) {
		*role = UI_STATUS_BAD;
		n = (size_t)snprintf(out, len, _("offline · %zu pending"), s->pending);
	} else {
		n = (size_t)snprintf(out, len, "%s", view_conn_label(s->conn, role));
		if (s->pending > 0 && n < len)
			n += (size_t)snprintf(out + n, len - n, _(" · %zu pending"), s->pending);
	}
	if (s->nconflict > 0 && n < len) {
		*role = UI_STATUS_BAD;
		snprintf(out + n, len - n, _(" · %zu refused"), s->nconflict);
	}
}

const char *view_drill_status_label(enum m_drill_status s)
{
	static const char *const labels[] = {
		[DS_RUNNING] = N_("running"), [DS_FINISHED] = N_("finished"), [DS_UNKNOWN] = N_("unknown"),
	};
	return _(labels[s]);
}

const char *view_role_label(const char *role)
{
	static const struct { const char *role, *label; } roles[] = {
		{ "clerk", N_("Clerk") }, { "supervisor", N_("Supervisor") }, { "trainer", N_("Trainer") },
		{ "kiosk", N_("Kiosk") }, { "admin", N_("Administrator") },
		{ "evaluator", N_("Evaluator") }, { "guide", N_("Guide desk") },
	};
	for (size_t i = 0; role && i < sizeof roles / sizeof roles[0]; i++)
		if (strcmp(role, roles[i].role) == 0)
			return _(roles[i].label);
	return role ? role : "";
}

const char *view_absence_reason_label(const char *reason)
{
	static const struct { const char *reason, *label; } reasons[] = {
		/* TRANSLATORS: why the A clerk of a post (AB岗) is away: 请假 */
		{ "leave", N_("on leave") },
		/* TRANSLATORS: 开会 */
		{ "meeting", N_("at a meeting") },
		/* TRANSLATORS: 培训 */
		{ "training", N_("in training") },
	};
	for (size_t i = 0; reason && i < sizeof reasons / sizeof reasons[0]; i++)
		if (strcmp(reason, reasons[i].reason) == 0)
			return _(reasons[i].label);
	/* TRANSLATORS: the A clerk is away for another reason (其他事由) */
	return _("away");
}

void view_cover_words(const struct m_cover *c, char *out, size_t len)
{
	char until[32];
	view_local_time(c->to, "%m-%d %H:%M", until, sizeof until);
	/* TRANSLATORS: a B clerk signed in for the A clerk of a post (AB岗顶岗):
	 * A's name, why A is away, until when */
	snprintf(out, len, _("Covering for %s (%s, until %s)"), c->a_name ? c->a_name : "",
		 view_absence_reason_label(c->reason), until);
}

/* Someone at no window: the role and the name, e.g. "值班长 何建华", and a
 * trainer's open drill: "Trainer 刘培训 · drill K7Q2 running". */
static void view_who(const struct view_ctx *v, char *out, size_t len)
{
	const struct m_session *who = &v->s->login;
	const char *label = who->role ? view_role_label(who->role) : "wicket";
	const char *name = who->name ? who->name : "";
	if (v->tr && v->tr->have_drill)
		snprintf(out, len, _("%s %s · drill %s %s"), label, name, v->tr->drill.code,
			 view_drill_status_label(v->tr->drill.status));
	else if (v->d && v->d->look_name)   /* a hall opened from the halls: whose board it is */
		snprintf(out, len, "%s %s · %s", label, name, v->d->look_name);
	else
		snprintf(out, len, "%s %s", label, name);
}

/* Window and its state, clerk, connection, time, served today; at no
 * window: who is signed in (a trainer's open drill), the connection and
 * the time. */
static void view_status_line(const struct view_ctx *v)
{
	const struct counter *c = v->c;
	const struct m_session *who = &v->s->login;
	char left[384], right[160], clock[32];
	time_t now = (time_t)v->now;
	struct tm tm;
	/* The hall's date and time: the process follows its zone (GET /hall). */
	localtime_r(&now, &tm);
	strftime(clock, sizeof clock, "%m-%d %H:%M", &tm);
	/* A drill's session says so first, in its own colour. */
	int n = who->drill ? snprintf(left, sizeof left, _("DRILL %s · "), who->drill) : 0;
	if (n < 0 || (size_t)n >= sizeof left)
		n = 0;
	/* One hall of several: which, so that nobody works in the wrong one. */
	if (v->s->show_hall && v->s->have_hall && v->s->hall.name && v->s->hall.name[0]) {
		int h = snprintf(left + n, sizeof left - (size_t)n, "%s · ", v->s->hall.name);
		n = h > 0 && (size_t)(n + h) < sizeof left ? n + h : n;
	}
	char *at = left + n;
	size_t room = sizeof left - (size_t)n;
	/* The evaluator faces the applicant: who it is, not the counter's
	 * state (which it does not read). */
	bool counter = c->window_no > 0 && !(who->role && strcmp(who->role, "evaluator") == 0);
	/* AB岗: a B covering A's post says for whom, "李志强 代 张雅婷". */
	char name[160];
	if (who->has_covering)
		/* TRANSLATORS: the status line of a B clerk covering an A clerk's window: B's name, A's name */
		snprintf(name, sizeof name, _("%s for %s"), who->name ? who->name : "",
			 who->covering.a_name ? who->covering.a_name : "");
	else
		snprintf(name, sizeof name, "%s", who->name ? who->name : "");
	if (!counter && who->role)
		view_who(v, at, room);
	else if (c->have_window && c->window.status == WS_PAUSED)
		snprintf(at, room, _("Window %d · %s: %s · %s"), c->window_no,
			 view_window_status_label(c->window.status),
			 c->window.pause_reason ? c->window.pause_reason : "", name);
	else if (c->window_no > 0)
		snprintf(at, room, _("Window %d · %s · %s"), c->window_no,
			 c->have_window ? view_window_status_label(c->window.status) : "…", name);
	else if (who->role)
		view_who(v, at, room);
	else
		snprintf(at, room, "wicket");
	enum ui_role role, base = who->drill ? UI_DRILL : UI_STATUS;
	char conn[96];
	view_conn_words(v->s, conn, sizeof conn, &role);
	if (counter)
		snprintf(right, sizeof right, _("%s · served today %d · %s"), conn,
			 c->have_window ? c->window.served_today : 0, clock);
	else
		snprintf(right, sizeof right, "%s · %s", conn, clock);
	/* The connection state and the clock matter more than the name. */
	int rw = (int)utf8_width(right);
	if (rw > v->cols - 24)
		rw = v->cols - 24 > 0 ? v->cols - 24 : 0;
	ui_put(v->win, 0, 0, left, v->cols - rw - 1, base);
	ui_put(v->win, 0, v->cols - rw - 1, " ", 1, base);
	ui_put(v->win, 0, v->cols - rw, right, rw, role == UI_STATUS ? base : role);
}

static const struct view_hint hints_list[] = {
	{ .a = ACT_HELP, .label = N_("Help") }, { .a = ACT_BACK, .label = N_("Back") }, { .a = ACT_REFRESH, .label = N_("Reload") },
	{ .a = ACT_QUIT, .label = N_("Quit") },
};

const struct view_ops *const view_screens[SCR_COUNT] = {
#define X(id, name) [SCR_##id] = &view_##name,
	SCREENS(X)
#undef X
};

static const char *view_hint_label(const struct view_ctx *v, const struct view_hint *h)
{
	if (h->a == ACT_PAUSE && v->c->have_window && v->c->window.status != WS_OPEN)
		return v->c->window.status == WS_PAUSED ? _("Resume") : _("Open");
	if (h->a == ACT_RUN_CLOCK && v->tr && v->tr->have_drill && v->tr->drill.run_on)
		return _("Stop clock");
	return _(h->label);
}

/* Whether a's hint is offered: the halls only on a platform of several. */
static bool view_hint_offered(const struct view_ctx *v, enum action a)
{
	return a != ACT_HALLS || (v->d && v->d->nhalls > 1);
}

#define VIEW_HINTS_MAX 32        /* hints of one screen, at most */

/* One hint as it would be drawn: its key as the keymap says, its label. */
struct view_hint_text {
	char key[16];
	const char *label;
	bool optional;
};

/* The hints of h[n] the screen offers and the keymap binds, into out
 * (VIEW_HINTS_MAX at most); returns how many.  Each key and label is
 * looked up once a frame, for the width and the drawing both. */
static size_t view_hints_texts(const struct view_ctx *v, const struct view_hint *h, size_t n,
			       enum keymap_scope scope, struct view_hint_text *out)
{
	size_t k = 0;
	for (size_t i = 0; i < n && k < VIEW_HINTS_MAX; i++) {
		if (!view_hint_offered(v, h[i].a) || !*keymap_label(v->km, scope, h[i].a, out[k].key))
			continue;
		out[k].label = view_hint_label(v, &h[i]);
		out[k].optional = h[i].optional;
		k++;
	}
	return k;
}

/* "F1Help F2Call ..." (the key in reverse video, Midnight Commander's way)
 * with the keys as the keymap says; optional hints go first when narrow. */
static void view_hints(const struct view_ctx *v, const struct view_ops *ops, int row)
{
	const struct view_hint *h = hints_list;
	size_t n = sizeof hints_list / sizeof hints_list[0];
	if (ops->hints) {
		h = ops->hints;
		n = ops->nhints;
	}
	struct view_hint_text t[VIEW_HINTS_MAX];
	size_t k = view_hints_texts(v, h, n, ops->scope, t);
	int width = 0;
	for (size_t i = 0; i < k; i++)
		width += (int)(utf8_width(t[i].key) + utf8_width(t[i].label)) + 1;
	bool lean = width > v->cols;
	int x = 0;
	for (size_t i = 0; i < k && x < v->cols; i++) {
		if (lean && t[i].optional)
			continue;
		x += ui_put_fit(v->win, row, x, t[i].key, v->cols - x, UI_KEY);
		x += ui_put_fit(v->win, row, x, t[i].label, v->cols - x, UI_NORMAL);
		if (x < v->cols)
			x += ui_put_fit(v->win, row, x, " ", 1, UI_NORMAL);
	}
}

void view_frame(const struct view_ctx *v, const struct view_ops *ops, int *top, int *bottom)
{
	view_status_line(v);
	ui_put(v->win, v->rows - 2, 0, v->s->message, v->cols,
	       v->s->message_is_error ? UI_RED : UI_OK);
	view_hints(v, ops, v->rows - 1);
	*top = 1;
	*bottom = v->rows - 3;
}

/* A box centred on the screen, cleared; returns its inner geometry. */
static void view_box(const struct view_ctx *v, int want_rows, int want_cols, const char *title,
		     int *y, int *x, int *h, int *w)
{
	*w = want_cols < v->cols - 2 ? want_cols : v->cols - 2;
	*h = want_rows < v->rows - 2 ? want_rows : v->rows - 2;
	*y = (v->rows - *h) / 2;
	*x = (v->cols - *w) / 2;
	for (int r = 0; r < *h; r++)
		ui_put(v->win, *y + r, *x, "", *w, UI_NORMAL);
	wattrset(v->win, ui_attr(UI_TITLE));
	mvwhline(v->win, *y, *x, ACS_HLINE, *w);
	mvwhline(v->win, *y + *h - 1, *x, ACS_HLINE, *w);
	mvwvline(v->win, *y, *x, ACS_VLINE, *h);
	mvwvline(v->win, *y, *x + *w - 1, ACS_VLINE, *h);
	mvwaddch(v->win, *y, *x, ACS_ULCORNER);
	mvwaddch(v->win, *y, *x + *w - 1, ACS_URCORNER);
	mvwaddch(v->win, *y + *h - 1, *x, ACS_LLCORNER);
	mvwaddch(v->win, *y + *h - 1, *x + *w - 1, ACS_LRCORNER);
	wattrset(v->win, A_NORMAL);
	ui_put_fit(v->win, *y, *x + 2, title, *w - 4, UI_TITLE);
}

void view_draw_form(const struct view_ctx *v, const struct form *fm)
{
	int y, x, h, w;
	/* An error (a TLS failure, a refused password) gets up to three rows:
	 * cut short it would not say what to do. */
	int box_w = 64 < v->cols - 2 ? 64 : v->cols - 2;
	int error_rows = fm->error[0] ? ui_wrapped_rows(fm->error, box_w - 4, 3) : 1;
	view_box(v, fm->nfields + 4 + error_rows, box_w, _(fm->title), &y, &x, &h, &w);
	int lw = 0;
	for (int i = 0; i < fm->nfields; i++) {
		int lwi = (int)utf8_width(_(fm->f[i].label));
		if (lwi > lw)
			lw = lwi;
	}
	if (lw > w / 3)
		lw = w / 3;
	for (int i = 0; i < fm->nfields; i++) {
		const struct form_field *f = &fm->f[i];
		char shown[FORM_FIELD_BYTES];
		if (f->masked) {
			size_t n = strlen(f->value) < sizeof shown - 1 ? strlen(f->value) : sizeof shown - 1;
			memset(shown, '*', n);
			shown[n] = '\0';
		} else {
			snprintf(shown, sizeof shown, "%s", f->value);
		}
		ui_put(v->win, y + 2 + i, x + 2, _(f->label), lw, UI_NORMAL);
		int fw = w - lw - 6;
		/* Show the end of a long value: that is where the clerk types. */
		const char *tail = shown;
		while (utf8_width(tail) > (size_t)fw - 1 && *tail)
			tail += utf8_decode(tail, strlen(tail), &(uint32_t){ 0 });
		char with_cursor[FORM_FIELD_BYTES + 4];
		snprintf(with_cursor, sizeof with_cursor, "%s%s", tail, i == fm->focus ? "_" : "");
		ui_put(v->win, y + 2 + i, x + 4 + lw, with_cursor, fw,
		       i == fm->focus ? UI_SELECTED : UI_DIM);
	}
	if (fm->error[0])
		ui_put_wrapped(v->win, y + h - 1 - error_rows, x + 2, fm->error, w - 4, error_rows, UI_RED);
	else
		ui_put(v->win, y + h - 2, x + 2, _("Enter: next / confirm · Tab: next field · Esc: cancel"),
		       w - 4, UI_DIM);
}

const char *view_window_name(int no, const char *name, char *out, size_t len)
{
	char digits[16];
	snprintf(digits, sizeof digits, "%d", no);
	const char *at = name ? strstr(name, digits) : NULL;
	/* "12号窗口" does not say window 2: the number must stand alone. */
	bool says = at && (at == name || !(at[-1] >= '0' && at[-1] <= '9')) &&
		    !(at[strlen(digits)] >= '0' && at[strlen(digits)] <= '9');
	if (says)
		snprintf(out, len, "%s", name);
	else
		snprintf(out, len, _("Window %d %s"), no, name ? name : "");
	return out;
}

void view_draw_picker(const struct view_ctx *v, const struct picker *p)
{
	int y, x, h, w;
	/* The numbers right-aligned, so that "10" lines up with "9". */
	int nw = 1, widest = 0;
	for (int i = 0; i < p->n; i++) {
		char num[16];
		int len = snprintf(num, sizeof num, "%d", p->digit_is_value ? p->values[i] : i + 1);
		nw = len > nw ? len : nw;
		int iw = (int)utf8_width(p->items[i]);
		widest = iw > widest ? iw : widest;
	}
	/* Wide enough for the longest choice (up to the screen's width): a
	 * choice cut short may hide what it commits the clerk to. */
	int want = widest + nw + 2 + 4;
	view_box(v, p->n + 4, want > 56 ? want : 56, _(p->title), &y, &x, &h, &w);
	int room = h - 3, first = p->sel >= room ? p->sel - room + 1 : 0;
	for (int i = 0; i < room && first + i < p->n; i++) {
		char line[300];
		int idx = first + i;
		snprintf(line, sizeof line, "%*d  %s", nw, p->digit_is_value ? p->values[idx] : idx + 1,
			 p->items[idx]);
		ui_put(v->win, y + 1 + i, x + 2, line, w - 4, idx == p->sel ? UI_SELECTED : UI_NORMAL);
	}
	ui_put(v->win, y + h - 2, x + 2, _("Enter or a digit: choose · Esc: cancel"), w - 4, UI_DIM);
}
