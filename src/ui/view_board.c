#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "wicket/model/list.h"
#include "wicket/common/i18n.h"
#include "wicket/ui/ui.h"
#include "wicket/common/utf8.h"
#include "wicket/ui/view.h"
#include "wicket/common/xalloc.h"

/* The supervisor's hall board and one window's day.  The board fits 80x24
 * (ten windows in five zones, eight services) and gives the windows more
 * columns when the terminal is wider; a hall too big for the screen
 * scrolls with the selection. */

/* ---- the board ---- */

/* The right-hand pane's width: the waiting per service and the cases due. */
static int board_side_width(int cols)
{
	int w = cols * 3 / 8;
	return w < 30 ? 30 : w > 46 ? 46 : w;
}

/* The columns of a window's row in a pane w wide; 0 = not shown. */
struct board_cols {
	int no, name, clerk, state, dur, ticket, tdur, tstatus, reason;
};

static struct board_cols board_layout(int w)
{
	/* Durations as wide as the longest the language writes ("9h 59m"). */
	char longest[32];
	view_span(9 * 3600 + 59 * 60, longest, sizeof longest);
	int dw = (int)utf8_width(longest);
	struct board_cols c = { .no = 3, .clerk = 6, .dur = dw, .ticket = 5, .tdur = dw };
	/* As wide as the longest state in the language shown. */
	for (enum m_window_status s = WS_CLOSED; s < WS_UNKNOWN; s++) {
		int sw = (int)utf8_width(view_window_status_label(s));
		c.state = sw > c.state ? sw : c.state;
	}
	int uw = (int)utf8_width(_("vacant"));
	c.state = uw > c.state ? uw : c.state;
	if (w >= 70) {
		c.name = 10;
		c.clerk = 8;
		c.tstatus = 8;
	}
	/* The marker and the spaces between the columns. */
	int used = 1 + c.no + 1 + (c.name ? c.name + 1 : 0) + c.clerk + 1 + c.state + 1 + c.dur + 1 +
		   c.ticket + 1 + c.tdur + 1 + (c.tstatus ? c.tstatus + 1 : 0);
	c.reason = w > used ? w - used : 0;
	/* Too narrow to say a reason (or its heading): no column, not "…". */
	if (c.reason < 6)
		c.reason = 0;
	return c;
}

/* An open window whose clerk's session has ended (logged out, killed, the
 * token expired): open, and nobody there. */
static bool board_unattended(const struct m_board_window *win)
{
	return win->status == WS_OPEN && win->has_attended && !win->attended;
}

static const char *board_state_label(const struct m_board_window *win)
{
	/* TRANSLATORS: a window that is open with no clerk at it (空岗); as short as "paused". */
	return board_unattended(win) ? _("vacant") : view_window_status_label(win->status);
}

static enum ui_role board_state_role(const struct m_board_window *win)
{
	enum m_window_status s = win->status;
	if (board_unattended(win))
		return UI_RED;
	return s == WS_OPEN ? UI_OK : s == WS_PAUSED ? UI_AMBER : UI_DIM;
}

static void board_head(const struct view_ctx *v, int y, int w)
{
	struct board_cols c = board_layout(w);
	int x = 1;
	x += view_cell(v, y, x, _("No."), c.no, true, UI_DIM) + 1;
	if (c.name)
		x += view_cell(v, y, x, _("Window"), c.name, false, UI_DIM) + 1;
	x += view_cell(v, y, x, _("Clerk"), c.clerk, false, UI_DIM) + 1;
	x += view_cell(v, y, x, _("State"), c.state + 1 + c.dur, false, UI_DIM) + 1;
	x += view_cell(v, y, x, _("Ticket"), c.ticket + 1 + c.tdur + (c.tstatus ? c.tstatus + 1 : 0),
		       false, UI_DIM) + 1;
	if (c.reason)
		view_cell(v, y, x, _("Reason"), c.reason, false, UI_DIM);
}

static void board_window_row(const struct view_ctx *v, const struct m_board_window *win, int y,
			     int w, bool sel)
{
	const struct desk *d = v->d;
	struct board_cols c = board_layout(w);
	char no[16], dur[16], tdur[16];
	enum ui_role base = sel ? UI_SELECTED : UI_NORMAL;
	enum ui_role state = sel ? UI_SELECTED : board_state_role(win);
	snprintf(no, sizeof no, "%d", win->no);
	dur[0] = '\0';
	if (win->status != WS_CLOSED)
		view_span(desk_elapsed(d, win->status_seconds, v->now), dur, sizeof dur);
	int x = 0;
	x += ui_put(v->win, y, x, sel ? ">" : " ", 1, base);
	x += view_cell(v, y, x, no, c.no, true, base);
	x += ui_put(v->win, y, x, " ", 1, base);
	if (c.name) {
		x += ui_put(v->win, y, x, win->name, c.name, base);
		x += ui_put(v->win, y, x, " ", 1, base);
	}
	/* AB岗: a B covering the post is who is there, not its A (away). */
	const char *who = win->has_covering && win->covering.name ? win->covering.name : win->clerk_name;
	x += ui_put(v->win, y, x, who ? who : "-", c.clerk, base);
	x += ui_put(v->win, y, x, " ", 1, base);
	x += ui_put(v->win, y, x, board_state_label(win), c.state, state);
	x += ui_put(v->win, y, x, " ", 1, base);
	x += view_cell(v, y, x, dur, c.dur, true, state);
	x += ui_put(v->win, y, x, " ", 1, base);
	int rw = c.ticket + 1 + c.tdur + 1 + (c.tstatus ? c.tstatus + 1 : 0);
	/* AB岗: a post whose A is away and nobody in says so, in red, where
	 * the ticket goes (nobody can have one in hand). */
	if (win->unattended && !win->has_current) {
		/* TRANSLATORS: AB岗: a post whose A clerk is away with no B clerk in (无人在岗) */
		ui_put(v->win, y, x, _("nobody in"), rw + (c.reason ? c.reason : 0), sel ? UI_SELECTED : UI_RED);
		return;
	}
	/* No room for a reason column (80 columns in Chinese): a paused
	 * window with nobody in hand says its reason where the ticket goes. */
	if (!c.reason && win->status == WS_PAUSED && !win->has_current && win->pause_reason) {
		ui_put(v->win, y, x, win->pause_reason, rw, sel ? UI_SELECTED : UI_AMBER);
		return;
	}
	tdur[0] = '\0';
	if (win->has_current)
		view_span(desk_elapsed(d, win->current.seconds, v->now), tdur, sizeof tdur);
	x += ui_put(v->win, y, x, win->has_current ? win->current.number : "", c.ticket, base);
	x += ui_put(v->win, y, x, " ", 1, base);
	x += view_cell(v, y, x, tdur, c.tdur, true, base);
	x += ui_put(v->win, y, x, " ", 1, base);
	if (c.tstatus) {
		x += ui_put(v->win, y, x, win->has_current ? view_ticket_status_label(win->current.status) : "",
			    c.tstatus, base);
		x += ui_put(v->win, y, x, " ", 1, base);
	}
	if (c.reason)
		ui_put(v->win, y, x, win->status == WS_PAUSED ? win->pause_reason : "", c.reason,
		       sel ? UI_SELECTED : UI_AMBER);
}

/* The board's left pane as lines: a zone's heading, then its windows. */
struct board_line {
	const struct m_board_zone *zone;     /* a heading */
	const struct m_board_window *win;    /* or a window */
};

/* Fill up to max lines (zones and windows in order); returns how many, and
 * the line of the selected window in *sel_line. */
static size_t board_lines(const struct desk *d, struct board_line *out, size_t max, size_t *sel_line)
{
	size_t n = 0;
	*sel_line = 0;
	for (size_t z = 0; z < d->board.nzones && n < max; z++) {
		const struct m_board_zone *zone = &d->board.zones[z];
		out[n++] = (struct board_line){ .zone = zone };
		for (size_t i = 0; i < zone->nwindows && n < max; i++) {
			if (zone->windows[i].no == d->board_sel)
				*sel_line = n;
			out[n++] = (struct board_line){ .win = &zone->windows[i] };
		}
	}
	return n;
}

static void board_windows(const struct view_ctx *v, int top, int bottom, int w)
{
	const struct desk *d = v->d;
	int open = 0, paused = 0, closed = 0;
	size_t total = desk_board_count(d);
	for (size_t i = 0; i < total; i++) {
		enum m_window_status s = desk_board_at(d, i)->status;
		open += s == WS_OPEN;
		paused += s == WS_PAUSED;
		closed += s == WS_CLOSED;
	}
	char title[160];
	snprintf(title, sizeof title, _("Windows: %d open · %d paused · %d closed"), open, paused, closed);
	ui_rule(v->win, top, 0, w, title);
	board_head(v, top + 1, w);
	size_t max = total + d->board.nzones, sel_line = 0;
	struct board_line *lines = max ? xcalloc(max, sizeof *lines) : NULL;
	size_t n = lines ? board_lines(d, lines, max, &sel_line) : 0;
	int rows = bottom - top - 1;
	size_t first = rows > 0 && sel_line >= (size_t)rows ? sel_line - (size_t)rows + 1 : 0;
	/* Keep the selected window's zone heading in sight when it fits. */
	if (first > 0 && lines[first].win && first <= sel_line && lines[first - 1].zone)
		first--;
	for (int r = 0; r < rows && first + (size_t)r < n; r++) {
		const struct board_line *l = &lines[first + (size_t)r];
		int y = top + 2 + r;
		if (l->zone) {
			char head[256];
			snprintf(head, sizeof head, "%s %s", l->zone->code, l->zone->name);
			ui_put(v->win, y, 0, head, w, UI_TITLE);
		} else {
			board_window_row(v, l->win, y, w, l->win->no == d->board_sel);
		}
	}
	free(lines);
}

static int board_services(const struct view_ctx *v, int y, int x, int w, int max_rows)
{
	const struct desk *d = v->d;
	int waiting = 0, r = 0;
	for (size_t i = 0; i < d->board.nservices; i++)
		waiting += d->board.services[i].waiting;
	char title[96];
	snprintf(title, sizeof title, _("Waiting: %d"), waiting);
	ui_rule(v->win, y + r++, x, w, title);
	char widest[32];
	view_span(9 * 3600 + 59 * 60, widest, sizeof widest);
	int lw = (int)utf8_width(widest);
	int nw = w - 1 - 4 - 1 - lw - (w >= 40 ? 6 : 0);
	for (size_t i = 0; i < d->board.nservices && r < max_rows; i++, r++) {
		const struct m_board_service *s = &d->board.services[i];
		char count[16], longest[16];
		snprintf(count, sizeof count, "%d", s->waiting);
		longest[0] = '\0';
		if (s->waiting > 0)
			view_span(desk_elapsed(d, s->longest_wait, v->now), longest, sizeof longest);
		bool late = s->waiting > 0 && desk_elapsed(d, s->longest_wait, v->now) > DESK_LONG_WAIT;
		int cx = x + 1;
		/* People waiting and no open window to call them: the supervisor
		 * must act. */
		bool stranded = s->waiting > 0 && s->open_windows == 0;
		cx += ui_put(v->win, y + r, cx, s->name, nw, stranded ? UI_RED : s->waiting ? UI_NORMAL : UI_DIM);
		cx += view_cell(v, y + r, cx, count, 4, true, s->waiting ? UI_NORMAL : UI_DIM) + 1;
		cx += view_cell(v, y + r, cx, longest, lw, true, late ? UI_RED : UI_NORMAL);
		if (w >= 40)
			view_cell(v, y + r, cx + 1, s->waiting ? s->oldest : "", 5, false, UI_DIM);
	}
	return r;
}

static void board_due_row(const struct view_ctx *v, const struct m_due_case *k, int y, int x, int w)
{
	char win[16], when[64];
	snprintf(win, sizeof win, "%d", k->window);
	if (k->working_days_overdue > 0)
		snprintf(when, sizeof when, _("overdue %d"), k->working_days_overdue);
	else
		snprintf(when, sizeof when, "%s", _("due today"));
	if (k->provisional)   /* the mark stays wherever a due date is shown */
		snprintf(when + strlen(when), sizeof when - strlen(when), "%s", _(" provisional"));
	enum ui_role role = k->working_days_overdue > 0 ? UI_RED : UI_AMBER;
	int cx = x + 1;
	cx += ui_put(v->win, y, cx, k->number, 13, UI_NORMAL) + 1;
	cx += view_cell(v, y, cx, win, 2, true, UI_NORMAL) + 1;
	int ww = (int)utf8_width(when);
	int rest = x + w - cx;
	if (rest >= ww + 1 + 6) {
		/* The matter's name between, when there is room. */
		cx += ui_put(v->win, y, cx, k->matter_name, rest - ww - 1, UI_DIM) + 1;
		rest = x + w - cx;
	}
	ui_put(v->win, y, cx, when, rest, role);
}

static void board_due(const struct view_ctx *v, int y, int x, int w, int max_rows)
{
	const struct desk *d = v->d;
	char title[96];
	if (max_rows <= 0)
		return;
	snprintf(title, sizeof title, _("Cases due or overdue: %zu"), d->board.ndue_cases);
	ui_rule(v->win, y, x, w, title);
	if (d->board.ndue_cases == 0 && max_rows > 1)
		ui_put(v->win, y + 1, x + 1, _("None."), w - 1, UI_DIM);
	for (int r = 1; r < max_rows && (size_t)r <= d->board.ndue_cases; r++) {
		size_t i = (size_t)r - 1;
		if (r == max_rows - 1 && d->board.ndue_cases > (size_t)r) {
			char more[64];
			snprintf(more, sizeof more, _("… and %zu more"), d->board.ndue_cases - i);
			ui_put(v->win, y + r, x + 1, more, w - 1, UI_RED);
			break;
		}
		board_due_row(v, &d->board.due_cases[i], y + r, x, w);
	}
}

/* The calendar: the warning while next year's notice is missing (from 1
 * November), and the due dates its last reload changed, one a row, as far
 * as max_rows go.  Returns the rows used. */
static int board_calendar(const struct view_ctx *v, int y, int x, int w, int max_rows)
{
	const struct m_board *b = &v->d->board;
	char line[256];
	int r = 0;
	if (b->calendar_missing_year > 0 && max_rows - r >= 2) {
		ui_rule(v->win, y + r++, x, w, _("Calendar"));
		snprintf(line, sizeof line, _("No %d holiday notice: due dates are provisional"),
			 b->calendar_missing_year);
		ui_put(v->win, y + r++, x + 1, line, w - 1, UI_AMBER);
	}
	if (b->ndue_changes == 0 || max_rows - r < 2)
		return r;
	snprintf(line, sizeof line, _("Due dates changed by the %d calendar"), b->due_changes[0].year);
	ui_rule(v->win, y + r++, x, w, line);
	for (size_t i = 0; i < b->ndue_changes && r < max_rows; i++) {
		const struct m_due_change *k = &b->due_changes[i];
		char from[16], to[16];
		view_day_short(k->from, from, sizeof from);
		view_day_short(k->to, to, sizeof to);
		if (k->from == k->to)
			snprintf(line, sizeof line, _("%s confirmed"), to);
		else
			snprintf(line, sizeof line, "%s → %s", from, to);
		if (k->provisional)
			snprintf(line + strlen(line), sizeof line - strlen(line), "%s", _(" provisional"));
		int cx = x + 1;
		cx += ui_put(v->win, y + r, cx, k->number, 15, UI_NORMAL);
		ui_put(v->win, y + r++, cx, line, x + w - cx, UI_AMBER);
	}
	return r;
}

/* Today's appointments per hour against capacity (hours with slots or
 * bookings), as many hours a row as fit: "9时 3/8".  A missed booking
 * turns its hour amber.  Returns the rows used (none without bookings'
 * slots, or with fewer than two rows to spare). */
static int board_bookings(const struct view_ctx *v, int y, int x, int w, int max_rows)
{
	const struct m_board *b = &v->d->board;
	int booked = 0, capacity = 0, r = 0;
	if (b->nbooking_hours == 0 || max_rows < 2)
		return 0;
	for (size_t i = 0; i < b->nbooking_hours; i++) {
		booked += b->booking_hours[i].booked;
		capacity += b->booking_hours[i].capacity;
	}
	char line[128];
	snprintf(line, sizeof line, _("Bookings today: %d of %d"), booked, capacity);
	ui_rule(v->win, y + r++, x, w, line);
	int cx = x + 1;
	for (size_t i = 0; i < b->nbooking_hours; i++) {
		const struct m_board_hour *h = &b->booking_hours[i];
		snprintf(line, sizeof line, _("%dh %d/%d"), h->hour, h->booked, h->capacity);
		int cw = (int)utf8_width(line) + 1;
		if (cx + cw > x + w) {
			if (++r >= max_rows)
				break;
			cx = x + 1;
		}
		enum ui_role role = h->no_show > 0 ? UI_AMBER : h->booked ? UI_NORMAL : UI_DIM;
		cx += ui_put(v->win, y + r, cx, line, cw, role);
	}
	return r < max_rows ? r + 1 : r;
}

/* AB岗: the B clerks covering posts now, one a row, "1 李志强 代 张雅婷
 * 08:31起".  Returns the rows used (none when nobody covers, or with
 * fewer than two rows to spare). */
static int board_covers(const struct view_ctx *v, int y, int x, int w, int max_rows)
{
	const struct desk *d = v->d;
	size_t total = desk_board_count(d), n = 0;
	for (size_t i = 0; i < total; i++)
		n += desk_board_at(d, i)->has_covering;
	if (n == 0 || max_rows < 2)
		return 0;
	char line[256], since[16];
	/* TRANSLATORS: the board's list of B clerks covering A clerks' posts (顶岗) */
	snprintf(line, sizeof line, _("Covering: %zu"), n);
	ui_rule(v->win, y, x, w, line);
	int r = 1;
	for (size_t i = 0; i < total && r < max_rows; i++) {
		const struct m_board_window *win = desk_board_at(d, i);
		if (!win->has_covering)
			continue;
		view_local_time(win->covering.since, "%H:%M", since, sizeof since);
		/* TRANSLATORS: window number, B's name, A's name, since when: "1 李志强 代 张雅婷 08:31起" */
		snprintf(line, sizeof line, _("%d %s for %s since %s"), win->no,
			 win->covering.name ? win->covering.name : "", win->covering.a_name ? win->covering.a_name : "",
			 since);
		ui_put(v->win, y + r++, x + 1, line, w - 1, UI_AMBER);
	}
	return r;
}

static const struct view_hint board_hints[] = {
	{ .a = ACT_HELP, .label = N_("Help") }, { .a = ACT_DAY, .label = N_("Day") },
	{ .a = ACT_AUDIT, .label = N_("Audit") }, { .a = ACT_AUDITS, .label = N_("Audits") },
	{ .a = ACT_RECTIFICATIONS, .label = N_("Findings") }, { .a = ACT_CALLBACKS, .label = N_("Calls") },
	{ .a = ACT_REPORT, .label = N_("Report") }, { .a = ACT_HALLS, .label = N_("Halls"), .optional = true },
	{ .a = ACT_QUIT, .label = N_("Quit") },
};

static void board_draw(const struct view_ctx *v)
{
	int top, bottom;
	view_frame(v, &view_board, &top, &bottom);
	if (!v->d || !v->d->have_board) {
		ui_put(v->win, top + 1, 2, _("Loading the hall board…"), v->cols - 2, UI_DIM);
		return;
	}
	int sw = board_side_width(v->cols), lw = v->cols - sw - 1;
	board_windows(v, top, bottom, lw);
	/* The services as far as they go, leaving the cases due four rows. */
	int x = lw + 1, rows = bottom - top + 1, want = (int)v->d->board.nservices + 1;
	int used = board_services(v, top, x, sw, want < rows - 4 ? want : rows - 4);
	/* Today's bookings in up to three rows, then the calendar's lines,
	 * leaving the cases due three rows. */
	int left = rows - used - 3;
	used += board_bookings(v, top + used, x, sw, left < 3 ? left : 3);
	left = rows - used - 3;
	used += board_covers(v, top + used, x, sw, left < 4 ? left : 4);
	used += board_calendar(v, top + used, x, sw, rows - used - 3);
	board_due(v, top + used, x, sw, rows - used);
}

const struct view_ops view_board = {
	.name = "board", .scope = KM_BOARD, .draw = board_draw,
	.hints = board_hints, .nhints = sizeof board_hints / sizeof board_hints[0],
};

/* ---- a window's day ---- */

/* Who did a timeline entry, by name where this client knows it (the
 * board's clerks, the supervisor signed in): else the user name. */
static const char *day_who(const struct view_ctx *v, const char *user)
{
	if (!user)
		return NULL;
	const struct m_session *me = &v->s->login;
	if (me->user && me->name && strcmp(me->user, user) == 0)
		return me->name;
	for (size_t i = 0; v->d->have_board && i < desk_board_count(v->d); i++) {
		const struct m_board_window *w = desk_board_at(v->d, i);
		if (w->clerk && w->clerk_name && strcmp(w->clerk, user) == 0)
			return w->clerk_name;
	}
	return user;
}

/* What a timeline entry says, in words. */
static void day_words(const struct view_ctx *v, const struct m_day_entry *e, char *out, size_t len)
{
	enum arg { A_NONE, A_USER, A_REASON, A_NUMBER, A_LEVEL, A_AUDIT, A_NUMBER_LEVEL };
	static const struct { const char *kind; const char *text; enum arg arg; } kinds[] = {
		{ "clerk.signed_in", N_("%s signed in"), A_USER },
		{ "clerk.signed_out", N_("%s signed out"), A_USER },
		{ "window.opened", N_("window opened"), A_NONE },
		{ "window.paused", N_("paused: %s"), A_REASON },
		{ "window.resumed", N_("window resumed"), A_NONE },
		{ "window.closed", N_("window closed"), A_NONE },
		{ "ticket.called", N_("called %s"), A_NUMBER },
		{ "ticket.recalled", N_("called %s again"), A_NUMBER },
		{ "ticket.started", N_("started serving %s"), A_NUMBER },
		{ "ticket.finished", N_("finished %s"), A_NUMBER },
		{ "ticket.no_show", N_("%s not present (no-show)"), A_NUMBER },
		{ "ticket.requeued", N_("%s back in the queue"), A_NUMBER },
		{ "ticket.expired", N_("%s expired: the day ended"), A_NUMBER },
		{ "case.notified", N_("case %s: one-time notice"), A_NUMBER },
		{ "case.accepted", N_("case %s accepted"), A_NUMBER },
		{ "case.suspended", N_("case %s suspended"), A_NUMBER },
		{ "case.resumed", N_("case %s resumed"), A_NUMBER },
		{ "case.completed", N_("case %s completed"), A_NUMBER },
		{ "case.rated", N_("case %s rated %d"), A_NUMBER_LEVEL },
		{ "case.materials", N_("case %s: materials added, some still missing"), A_NUMBER },
		{ "case.visit", N_("case %s: the applicant's visit linked"), A_NUMBER },
		{ "case.due_changed", N_("case %s: due date changed by the calendar"), A_NUMBER },
		{ "audit.recorded", N_("walk-in audit · not complied: %d · findings: %d"), A_AUDIT },
		{ "audit.follow_up", N_("follow-up of an audit finding"), A_NONE },
		{ "callback.opened", N_("follow-up call opened after rating %d"), A_LEVEL },
		{ "callback.done", N_("follow-up call made"), A_NONE },
	};
	const char *num = e->number ? e->number : "";
	if (strcmp(e->kind, "ticket.transferred") == 0) {
		int n = e->to_window ? snprintf(out, len, _("transferred %s to window %d"), num, e->to_window) :
				       snprintf(out, len, _("transferred %s to %s"), num,
						e->to_service ? e->to_service : "?");
		if (e->reason && n > 0 && (size_t)n < len)
			/* TRANSLATORS: a transfer's reason after what was done. */
			snprintf(out + n, len - (size_t)n, _(" (%s)"), e->reason);
		return;
	}
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
		if (strcmp(e->kind, kinds[i].kind) != 0)
			continue;
		const char *t = _(kinds[i].text);
		switch (kinds[i].arg) {
		case A_NONE: snprintf(out, len, "%s", t); break;
		case A_USER: snprintf(out, len, t, e->user_name ? e->user_name : e->user ? day_who(v, e->user) : "?"); break;
		case A_REASON: snprintf(out, len, t, e->reason ? e->reason : ""); break;
		case A_NUMBER: snprintf(out, len, t, num); break;
		case A_LEVEL: snprintf(out, len, t, e->level); break;
		case A_AUDIT: snprintf(out, len, t, e->failed, e->findings); break;
		case A_NUMBER_LEVEL: snprintf(out, len, t, num, e->level); break;
		}
		return;
	}
	/* A kind this client does not know: shown as it is. */
	snprintf(out, len, "%s %s", e->kind, num);
}

static enum ui_role day_role(const struct m_day_entry *e)
{
	if (strcmp(e->kind, "window.paused") == 0)
		return UI_AMBER;
	if (strcmp(e->kind, "ticket.no_show") == 0 || strcmp(e->kind, "audit.recorded") == 0)
		return UI_RED;
	if (strncmp(e->kind, "clerk.", 6) == 0 || strncmp(e->kind, "window.", 7) == 0)
		return UI_TITLE;
	return UI_NORMAL;
}

static void day_timeline(const struct view_ctx *v, int top, int bottom, int w)
{
	const struct m_day *day = &v->d->day;
	char title[256];
	snprintf(title, sizeof title, _("Timeline: %zu entries"),
		 list_page_total(&day->timeline_page, day->ntimeline));
	view_page_title(v, KM_DAY, &day->timeline_page, day->ntimeline, w - 4, title, sizeof title);
	ui_rule(v->win, top, 0, w, title);
	int rows = bottom - top;
	size_t sel = v->d->day_sel;
	size_t first = rows > 0 && sel >= (size_t)rows ? sel - (size_t)rows + 1 : 0;
	int uw = w >= 50 ? 8 : 0;
	for (int r = 0; r < rows && first + (size_t)r < day->ntimeline; r++) {
		const struct m_day_entry *e = &day->timeline[first + (size_t)r];
		bool is_sel = first + (size_t)r == sel;
		char when[16], words[512];
		time_t at = (time_t)e->at;
		struct tm tm;
		localtime_r(&at, &tm);
		strftime(when, sizeof when, "%H:%M:%S", &tm);
		day_words(v, e, words, sizeof words);
		int y = top + 1 + r, x = 0;
		enum ui_role base = is_sel ? UI_SELECTED : UI_NORMAL;
		x += ui_put(v->win, y, x, when, 9, is_sel ? base : UI_DIM);
		x += ui_put(v->win, y, x, words, w - x - (uw ? uw + 1 : 0), is_sel ? base : day_role(e));
		if (uw)
			ui_put(v->win, y, x, e->user_name ? e->user_name : e->user ? day_who(v, e->user) : "", uw + 1,
			       is_sel ? base : UI_DIM);
	}
	if (day->ntimeline == 0)
		ui_put(v->win, top + 2, 2, _("Nothing happened at this window that day."), w - 2, UI_DIM);
}

/* A day's case in a pane w wide: its number, status and matter, and its
 * due date with the provisional mark on the same row when they fit, else
 * on the next one.  Returns the rows used (at most max_rows). */
static int day_case_row(const struct view_ctx *v, const struct m_day_case *k, int y, int x, int w,
			int max_rows)
{
	char due[32], line[256];
	line[0] = '\0';
	if (k->due > 0) {
		view_day_short(k->due, due, sizeof due);
		snprintf(line, sizeof line, _("due %s"), due);
		if (k->provisional)   /* the mark stays wherever the date is shown */
			snprintf(line + strlen(line), sizeof line - strlen(line), "%s", _(" provisional"));
	}
	bool late = k->has_on_time && !k->on_time;
	int sw = (int)utf8_width(view_case_status_label(k->status)) + 1, lw = (int)utf8_width(line);
	int cx = x + 1, end = x + w;
	cx += ui_put(v->win, y, cx, k->number, 14, UI_NORMAL);
	cx += ui_put(v->win, y, cx, view_case_status_label(k->status), sw < 11 ? 11 : sw,
		     k->status == CS_COMPLETED ? UI_OK : UI_NORMAL);
	if (!lw || cx + lw + 1 <= end) {
		if (lw)
			cx += ui_put(v->win, y, cx, line, lw + 1, late ? UI_RED : UI_DIM);
		if (cx < end)
			ui_put(v->win, y, cx, k->matter_name, end - cx, UI_DIM);
		return 1;
	}
	if (cx < end)
		ui_put(v->win, y, cx, k->matter_name, end - cx, UI_DIM);
	if (max_rows < 2)
		return 1;
	/* Too narrow (80 columns): the date goes under the number, never past the edge. */
	ui_put(v->win, y + 1, x + 3, line, w - 3, late ? UI_RED : UI_DIM);
	return 2;
}

static int day_cases(const struct view_ctx *v, int y, int x, int w, int max_rows)
{
	const struct m_day *day = &v->d->day;
	char title[96];
	int r = 0;
	snprintf(title, sizeof title, _("Cases: %zu"), day->ncases);
	ui_rule(v->win, y + r++, x, w, title);
	for (size_t i = 0; i < day->ncases && r < max_rows; i++)
		r += day_case_row(v, &day->cases[i], y + r, x, w, max_rows - r);
	if (day->ncases == 0 && r < max_rows)
		ui_put(v->win, y + r++, x + 1, _("None."), w - 1, UI_DIM);
	return r;
}

static void day_ratings(const struct view_ctx *v, int y, int x, int w, int max_rows)
{
	const struct m_day *day = &v->d->day;
	char title[96], counts[256];
	if (max_rows <= 0)
		return;
	snprintf(title, sizeof title, _("Ratings: %d"), day->rated);
	ui_rule(v->win, y, x, w, title);
	size_t n = 0;
	counts[0] = '\0';
	for (size_t i = 0; i < day->ncounts && i < 5 && n < sizeof counts / 2; i++) {
		n += (size_t)snprintf(counts + n, sizeof counts - n, "%s", i ? "  " : "");
		/* TRANSLATORS: a rating level (1 to 5) and how many gave it that day. */
		n += (size_t)snprintf(counts + n, sizeof counts - n, _("%zu: %d"), i + 1, day->counts[i]);
	}
	if (max_rows > 1)
		ui_put(v->win, y + 1, x + 1, counts, w - 1, UI_NORMAL);
	for (int r = 2; r < max_rows && (size_t)(r - 2) < day->nratings; r++) {
		const struct m_day_rating *g = &day->ratings[r - 2];
		char line[512], when[16];
		view_clock(g->at, when, sizeof when);
		snprintf(line, sizeof line, "%s %d %s %s %s", when, g->level, view_rating_label(g->level),
			 g->number, g->comment ? g->comment : "");
		ui_put(v->win, y + r, x + 1, line, w - 1, g->level <= 2 ? UI_RED : UI_NORMAL);
	}
}

static const struct view_hint day_hints[] = {
	{ .a = ACT_HELP, .label = N_("Help") }, { .a = ACT_PREV_DAY, .label = N_("Day before") },
	{ .a = ACT_NEXT_DAY, .label = N_("Day after") }, { .a = ACT_AUDIT, .label = N_("Audit") },
	{ .a = ACT_BOARD, .label = N_("Board") }, { .a = ACT_BACK, .label = N_("Back") },
};

static void day_draw(const struct view_ctx *v)
{
	int top, bottom;
	view_frame(v, &view_day, &top, &bottom);
	const struct desk *d = v->d;
	if (!d || !d->have_day) {
		ui_put(v->win, top + 1, 2, _("Loading the window's day…"), v->cols - 2, UI_DIM);
		return;
	}
	char title[256], date[64];
	view_date_words(d->day.date, date, sizeof date);
	char name[128];
	view_window_name(d->day.window, d->day.name, name, sizeof name);
	snprintf(title, sizeof title, "%s · %s", name, date);
	ui_put(v->win, top, 0, title, v->cols, UI_TITLE);
	int lw = v->cols * 11 / 20, x = lw + 1, w = v->cols - x;
	day_timeline(v, top + 1, bottom, lw);
	int rows = bottom - top;
	int used = day_cases(v, top + 1, x, w, rows / 2);
	day_ratings(v, top + 1 + used, x, w, rows - used);
}

const struct view_ops view_day = {
	.name = "day", .scope = KM_DAY, .draw = day_draw,
	.hints = day_hints, .nhints = sizeof day_hints / sizeof day_hints[0],
};
