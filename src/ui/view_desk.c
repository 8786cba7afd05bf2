#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "wicket/core/date.h"
#include "wicket/model/list.h"
#include "wicket/common/i18n.h"
#include "wicket/ui/ui.h"
#include "wicket/common/utf8.h"
#include "wicket/ui/view.h"

/* The supervisor's other screens: recording a walk-in audit, the audits
 * of a period, the findings to rectify, the follow-up calls, the report;
 * and the screen of a role that has none in this client. */

/* The first row of a list of `rows` rows that keeps sel in sight. */
static size_t desk_first(size_t sel, int rows)
{
	return rows > 0 && sel >= (size_t)rows ? sel - (size_t)rows + 1 : 0;
}

/* A list's column: its heading (a msgid) and width; the last takes the
 * rest of the line. */
struct desk_col {
	const char *head;
	int w;
};

/* The headings of cols at row y, after the selection marker's column. */
static void desk_heads(const struct view_ctx *v, int y, const struct desk_col *cols, size_t n)
{
	int x = 1;
	for (size_t i = 0; i < n && x < v->cols; i++)
		x += ui_put(v->win, y, x, _(cols[i].head), i + 1 < n ? cols[i].w : v->cols - x, UI_DIM);
}

/* A list screen's table under its title: the headings at row top, then
 * the rows that fit down to bottom, the selected one kept in sight, each
 * drawn by row from the array rows (n of size bytes); empty (a msgid) when
 * there are none (NULL: nothing said). */
struct desk_table {
	const struct desk_col *cols;
	size_t ncols;
	const void *rows;
	size_t size, n, sel;
	void (*row)(const struct view_ctx *v, const void *item, int y, bool sel);
	const char *empty;
};

static void desk_table_draw(const struct view_ctx *v, int top, int bottom, const struct desk_table *t)
{
	desk_heads(v, top, t->cols, t->ncols);
	int rows = bottom - top;
	size_t first = desk_first(t->sel, rows);
	for (int r = 0; r < rows && first + (size_t)r < t->n; r++)
		t->row(v, (const char *)t->rows + (first + (size_t)r) * t->size, top + 1 + r,
		       first + (size_t)r == t->sel);
	if (t->n == 0 && t->empty)
		ui_put(v->win, top + 2, 2, _(t->empty), v->cols - 3, UI_DIM);
}

#define DESK_TABLE(c, v, count, selected, fn, none) \
	(struct desk_table){ .cols = c, .ncols = sizeof c / sizeof c[0], .rows = v, .size = sizeof *(v), \
			     .n = count, .sel = selected, .row = fn, .empty = none }

/* "2 left", "due today", "overdue 3" or "closed 12-04" of a finding. */
static enum ui_role desk_finding_when(const struct m_finding *f, char *out, size_t len)
{
	char day[16];
	if (!f->open) {
		view_day_short(f->closed_on, day, sizeof day);
		snprintf(out, len, _("closed %s"), day);
		return UI_DIM;
	}
	if (f->has_days_left && f->working_days_left < 0) {
		snprintf(out, len, _("overdue %d"), -f->working_days_left);
		return UI_RED;
	}
	if (f->overdue) {
		snprintf(out, len, "%s", _("overdue"));
		return UI_RED;
	}
	if (f->has_days_left && f->working_days_left > 0) {
		snprintf(out, len, _("%d left"), f->working_days_left);
		return UI_NORMAL;
	}
	snprintf(out, len, "%s", _("due today"));
	return UI_AMBER;
}

/* ---- the walk-in audit ---- */

static void audit_item_row(const struct view_ctx *v, int i, int y, bool sel)
{
	const struct desk *d = v->d;
	bool ok = d->audit_done ? d->audit.checklist[i] : d->audit_ok[i];
	char line[256];
	snprintf(line, sizeof line, "[%s] %d. %s", ok ? "x" : " ", i + 1, _(m_audit_item_label(i)));
	int w = v->cols - 2, tail = ok ? 0 : 18;
	ui_put(v->win, y, 1, line, w - tail, sel ? UI_SELECTED : ok ? UI_NORMAL : UI_RED);
	if (tail)
		ui_put(v->win, y, 1 + w - tail, _("not complied"), tail, sel ? UI_SELECTED : UI_RED);
}

/* A finding of the form: typed (with its working days), or recorded (with
 * the due date the server worked out). */
static void audit_finding_row(const struct view_ctx *v, size_t i, int y, bool sel)
{
	const struct desk *d = v->d;
	char line[1024], when[128];
	enum ui_role role = sel ? UI_SELECTED : UI_NORMAL;
	if (d->audit_done && i < d->audit.nfindings) {
		const struct m_finding *f = &d->audit.findings[i];
		char due[64];
		view_date_words(f->due, due, sizeof due);
		snprintf(when, sizeof when, ngettext("due %s (%d working day)", "due %s (%d working days)",
						     (unsigned long)f->rectify_days), due, f->rectify_days);
		if (f->provisional)   /* the mark stays wherever a due date is shown */
			snprintf(when + strlen(when), sizeof when - strlen(when), "%s", _(" provisional"));
		snprintf(line, sizeof line, "%d. %s", f->n, f->text);
	} else {
		const struct desk_finding *f = &d->findings[i];
		snprintf(when, sizeof when, ngettext("rectify within %d working day",
						     "rectify within %d working days", (unsigned long)f->days),
			 f->days);
		snprintf(line, sizeof line, "%zu. %s", i + 1, f->text);
	}
	int ww = (int)utf8_width(when) + 1, w = v->cols - 2;
	if (ww > w / 2)
		ww = w / 2;
	ui_put(v->win, y, 1, line, w - ww, role);
	view_cell(v, y, 1 + w - ww, when, ww, true, sel ? role : d->audit_done ? UI_AMBER : UI_DIM);
}

static const struct view_hint audit_hints[] = {
	{ .a = ACT_HELP, .label = N_("Help") }, { .a = ACT_TICK, .label = N_("Tick") },
	{ .a = ACT_ADD_FINDING, .label = N_("Finding") }, { .a = ACT_DROP_FINDING, .label = N_("Remove") },
	{ .a = ACT_SUBMIT, .label = N_("Record") }, { .a = ACT_BACK, .label = N_("Back") },
};

static void audit_draw(const struct view_ctx *v)
{
	int top, bottom;
	view_frame(v, &view_audit, &top, &bottom);
	const struct desk *d = v->d;
	const struct m_board_window *w = desk_board_window(d, d->audit_window);
	char title[256], name[64];
	if (w)
		snprintf(name, sizeof name, "%s", w->name);
	else
		snprintf(name, sizeof name, _("window %d"), d->audit_window);
	snprintf(title, sizeof title, _("Walk-in audit of %s · clerk: %s"), name,
		 w && w->clerk_name ? w->clerk_name : "-");
	ui_rule(v->win, top, 0, v->cols, title);
	int y = top + 1;
	if (d->audit_done) {
		char line[256], when[16];
		view_clock(d->audit.at, when, sizeof when);
		snprintf(line, sizeof line, _("Recorded at %s · not complied: %d · findings: %d"), when,
			 d->audit.failed, d->audit.nfindings_total);
		ui_put(v->win, y++, 1, line, v->cols - 2, UI_OK);
	} else if (d->audit_sent) {
		ui_put(v->win, y++, 1, _("Sent: the due dates come with the server's answer."), v->cols - 2,
		       UI_AMBER);
	} else {
		ui_put(v->win, y++, 1, _("[x] complied  [ ] not complied: tick what the window fails"),
		       v->cols - 2, UI_DIM);
	}
	for (int i = 0; i < M_AUDIT_NITEMS && y <= bottom; i++)
		audit_item_row(v, i, y++, !d->audit_done && d->audit_sel == (size_t)i);
	size_t n = d->audit_done ? d->audit.nfindings : d->nfindings;
	char head[96];
	snprintf(head, sizeof head, _("Findings: %zu"), n);
	if (y <= bottom)
		ui_rule(v->win, y++, 0, v->cols, head);
	int rows = bottom - y + 1;
	size_t sel = d->audit_sel >= M_AUDIT_NITEMS ? d->audit_sel - M_AUDIT_NITEMS : 0;
	size_t first = d->audit_sel >= M_AUDIT_NITEMS ? desk_first(sel, rows) : 0;
	for (int r = 0; r < rows && first + (size_t)r < n; r++)
		audit_finding_row(v, first + (size_t)r, y + r,
				  !d->audit_done && d->audit_sel == M_AUDIT_NITEMS + first + (size_t)r);
	if (n == 0 && rows > 0) {
		char key[16], line[256];
		keymap_label(v->km, KM_AUDIT, ACT_ADD_FINDING, key);
		snprintf(line, sizeof line, _("No findings. Press %s to add one."), key);
		ui_put(v->win, y, 2, line, v->cols - 3, UI_DIM);
	}
}

const struct view_ops view_audit = {
	.name = "audit", .scope = KM_AUDIT, .draw = audit_draw,
	.hints = audit_hints, .nhints = sizeof audit_hints / sizeof audit_hints[0],
};

/* ---- the audits of a period ---- */

static void audits_row(const struct view_ctx *v, const struct m_audit *a, int y, bool sel)
{
	char when[16], day[16], failed[64], found[96];
	view_day_short(a->day, day, sizeof day);
	view_clock(a->at, when, sizeof when);
	snprintf(failed, sizeof failed, _("not complied: %d"), a->failed);
	snprintf(found, sizeof found, _("findings: %d, open: %d"), a->nfindings_total, a->open_findings);
	enum ui_role base = sel ? UI_SELECTED : UI_NORMAL;
	int x = 0;
	x += ui_put(v->win, y, x, sel ? ">" : " ", 1, base);
	x += ui_put(v->win, y, x, day, 6, base);
	x += ui_put(v->win, y, x, when, 6, base);
	x += ui_put(v->win, y, x, a->window_name, 10, base);
	x += ui_put(v->win, y, x, a->clerk_name ? a->clerk_name : "-", 9, base);
	x += ui_put(v->win, y, x, failed, 16, sel ? base : a->failed ? UI_RED : UI_OK);
	ui_put(v->win, y, x, found, v->cols - x, sel ? base : a->overdue_findings ? UI_RED : UI_NORMAL);
}

/* The selected audit's failed items and its supervisor, below the list. */
static void audits_detail(const struct view_ctx *v, const struct m_audit *a, int y, int rows)
{
	char line[1024];
	size_t n = (size_t)snprintf(line, sizeof line, "%s", _("Not complied:"));
	for (int i = 0; i < M_AUDIT_NITEMS && n < sizeof line; i++)
		if (!a->checklist[i])
			n += (size_t)snprintf(line + n, sizeof line - n, " %s;", _(m_audit_item_label(i)));
	if (a->failed == 0)
		snprintf(line, sizeof line, "%s", _("Every item complied."));
	int used = ui_put_wrapped(v->win, y, 1, line, v->cols - 2, rows - 1, a->failed ? UI_RED : UI_OK);
	snprintf(line, sizeof line, _("Audited by %s · findings overdue: %d"),
		 a->supervisor_name, a->overdue_findings);
	if (used < rows)
		ui_put(v->win, y + used, 1, line, v->cols - 2, UI_DIM);
}

static const struct view_hint audits_hints[] = {
	{ .a = ACT_HELP, .label = N_("Help") }, { .a = ACT_PERIOD, .label = N_("Period") },
	{ .a = ACT_RECTIFICATIONS, .label = N_("Findings") }, { .a = ACT_BOARD, .label = N_("Board") },
	{ .a = ACT_BACK, .label = N_("Back") },
};

static void audits_draw(const struct view_ctx *v)
{
	int top, bottom;
	view_frame(v, &view_audits, &top, &bottom);
	const struct desk *d = v->d;
	char title[384], from[32], to[32], which[64];
	size_t total = list_page_total(&d->audits_page, d->naudits);
	view_date_words(d->audits_from, from, sizeof from);
	view_date_words(d->audits_to, to, sizeof to);
	if (d->audits_window)
		snprintf(which, sizeof which, _("window %d"), d->audits_window);
	else
		snprintf(which, sizeof which, "%s", _("every window"));
	if (d->audits_from < 0)
		snprintf(title, sizeof title, _("Audits of the last 30 days · %s: %zu"), which, total);
	else
		snprintf(title, sizeof title, _("Audits %s – %s · %s: %zu"), from, to, which, total);
	view_page_title(v, KM_AUDITS, &d->audits_page, d->naudits, v->cols - 4, title, sizeof title);
	ui_rule(v->win, top, 0, v->cols, title);
	int detail = d->naudits ? 3 : 0, rows = bottom - top - detail;
	size_t first = desk_first(d->audits_sel, rows);
	for (int r = 0; r < rows && first + (size_t)r < d->naudits; r++)
		audits_row(v, &d->audits[first + (size_t)r], top + 1 + r, first + (size_t)r == d->audits_sel);
	if (d->naudits == 0)
		ui_put(v->win, top + 2, 2, _("No audits in this period."), v->cols - 3, UI_DIM);
	else if (d->audits_sel < d->naudits)
		audits_detail(v, &d->audits[d->audits_sel], bottom - detail + 1, detail);
}

const struct view_ops view_audits = {
	.name = "audits", .scope = KM_AUDITS, .draw = audits_draw,
	.hints = audits_hints, .nhints = sizeof audits_hints / sizeof audits_hints[0],
};

/* ---- the findings to rectify ---- */

static const struct desk_col rectify_cols[] = {
	{ N_("Due"), 6 }, { N_("When"), 15 }, { N_("Win"), 5 }, { N_("Audit"), 6 }, { N_("Finding"), 0 },
};

static void rectify_row(const struct view_ctx *v, const void *item, int y, bool sel)
{
	const struct m_finding *f = item;
	char due[16], when[64], win[16], audit[16];
	view_day_short(f->due, due, sizeof due);
	view_day_short(f->audit_day, audit, sizeof audit);
	enum ui_role role = desk_finding_when(f, when, sizeof when);
	snprintf(win, sizeof win, "%d", f->window);
	enum ui_role base = sel ? UI_SELECTED : UI_NORMAL;
	int x = 0;
	x += ui_put(v->win, y, x, sel ? ">" : " ", 1, base);
	x += ui_put(v->win, y, x, due, rectify_cols[0].w, base);
	x += ui_put(v->win, y, x, when, rectify_cols[1].w, sel ? base : role);
	x += ui_put(v->win, y, x, win, rectify_cols[2].w, base);
	x += ui_put(v->win, y, x, audit, rectify_cols[3].w, sel ? base : UI_DIM);
	ui_put(v->win, y, x, f->text, v->cols - x, f->open || sel ? base : UI_DIM);
}

static const struct view_hint rectify_hints[] = {
	{ .a = ACT_HELP, .label = N_("Help") }, { .a = ACT_FOLLOW_UP, .label = N_("Follow-up") },
	{ .a = ACT_SHOW_ALL, .label = N_("All/open") }, { .a = ACT_AUDITS, .label = N_("Audits") },
	{ .a = ACT_BOARD, .label = N_("Board") }, { .a = ACT_BACK, .label = N_("Back") },
};

static void rectify_draw(const struct view_ctx *v)
{
	int top, bottom;
	view_frame(v, &view_rectify, &top, &bottom);
	const struct desk *d = v->d;
	char title[256];
	snprintf(title, sizeof title, d->rect_all ? _("Every finding: %zu") : _("Findings to rectify: %zu"),
		 list_page_total(&d->rect_page, d->nrect));
	view_page_title(v, KM_RECTIFY, &d->rect_page, d->nrect, v->cols - 4, title, sizeof title);
	ui_rule(v->win, top, 0, v->cols, title);
	desk_table_draw(v, top + 1, bottom, &DESK_TABLE(rectify_cols, d->rect, d->nrect, d->rect_sel, rectify_row,
							   N_("Nothing to rectify.")));
}

const struct view_ops view_rectify = {
	.name = "rectifications", .scope = KM_RECTIFY, .draw = rectify_draw,
	.hints = rectify_hints, .nhints = sizeof rectify_hints / sizeof rectify_hints[0],
};

/* ---- follow-up calls ---- */

static const struct desk_col callbacks_cols[] = {
	{ N_("Kind"), 15 }, { N_("Due"), 6 }, { N_("Win"), 5 }, { N_("Name"), 10 },
	{ N_("Phone"), 14 }, { N_("Case"), 0 },
};

static void callbacks_row(const struct view_ctx *v, const struct m_callback *k, int y, bool sel)
{
	char kind[64], due[16], win[16];
	if (k->kind == CBK_BAD_RATING)
		snprintf(kind, sizeof kind, _("poor rating %d"), k->source_level);
	else
		snprintf(kind, sizeof kind, "%s", _("sample"));
	view_day_short(k->due, due, sizeof due);
	snprintf(win, sizeof win, "%d", k->window);
	enum ui_role base = sel ? UI_SELECTED : UI_NORMAL;
	int x = 0;
	x += ui_put(v->win, y, x, sel ? ">" : " ", 1, base);
	const struct desk_col *c = callbacks_cols;
	x += ui_put(v->win, y, x, kind, c[0].w, sel ? base : k->kind == CBK_BAD_RATING ? UI_RED : UI_NORMAL);
	x += ui_put(v->win, y, x, due, c[1].w, sel ? base : k->overdue ? UI_RED : UI_NORMAL);
	x += ui_put(v->win, y, x, win, c[2].w, base);
	x += ui_put(v->win, y, x, k->applicant_name, c[3].w, base);
	/* The one screen with the phone in full: the supervisor dials it. */
	x += ui_put(v->win, y, x, k->applicant_phone, c[4].w, sel ? base : UI_TITLE);
	char visit[64];
	if (!k->case_id)
		snprintf(visit, sizeof visit, _("ticket %s"), k->ticket_number);
	ui_put(v->win, y, x, k->case_id ? k->case_number : visit, v->cols - x, base);
}

/* The selected call's case, below the list. */
static void callbacks_detail(const struct view_ctx *v, const struct m_callback *k, int y)
{
	char line[1024], done[32];
	/* The due date's provisional mark, wherever a due date is shown: first,
	 * where the row's narrow column has no room for it. */
	char due[64] = "";
	if (k->provisional) {
		char d[16];
		view_day_short(k->due, d, sizeof d);
		snprintf(due, sizeof due, _("due %s%s · "), d, _(" provisional"));
	}
	if (!k->case_id) {
		/* A 差评 of a visit that made no case: nobody left a number. */
		snprintf(line, sizeof line, _("%sTicket %s · no case · clerk %s"), due, k->ticket_number, k->clerk);
		ui_put(v->win, y, 1, line, v->cols - 2, UI_NORMAL);
		ui_put(v->win, y + 1, 1, _("No number to call: follow it up with the window and note what was done"),
		       v->cols - 2, UI_DIM);
		return;
	}
	view_day_short(k->completed_on, done, sizeof done);
	snprintf(line, sizeof line, _("%sCase %s · %s · completed %s · clerk %s"), due, k->case_number,
		 k->matter_name, done, k->clerk);
	ui_put(v->win, y, 1, line, v->cols - 2, UI_NORMAL);
	if (k->case_rating > 0)
		snprintf(line, sizeof line, _("ID number %s · rated %d (%s) at the counter"), k->applicant_id,
			 k->case_rating, view_rating_label(k->case_rating));
	else
		snprintf(line, sizeof line, _("ID number %s · not rated at the counter"), k->applicant_id);
	ui_put(v->win, y + 1, 1, line, v->cols - 2, UI_DIM);
}

static const struct view_hint callbacks_hints[] = {
	{ .a = ACT_HELP, .label = N_("Help") }, { .a = ACT_DRAW_SAMPLE, .label = N_("Draw sample") },
	{ .a = ACT_OUTCOME, .label = N_("Outcome") }, { .a = ACT_BOARD, .label = N_("Board") },
	{ .a = ACT_BACK, .label = N_("Back") },
};

static void callbacks_draw(const struct view_ctx *v)
{
	int top, bottom;
	view_frame(v, &view_callbacks, &top, &bottom);
	const struct desk *d = v->d;
	char title[256], line[256];
	snprintf(title, sizeof title, _("Follow-up calls to make: %zu"),
		 list_page_total(&d->callbacks_page, d->ncallbacks));
	view_page_title(v, KM_CALLBACKS, &d->callbacks_page, d->ncallbacks, v->cols - 4, title,
			sizeof title);
	ui_rule(v->win, top, 0, v->cols, title);
	int y = top + 1;
	if (d->have_sample) {
		snprintf(line, sizeof line, _("Last sample: %d drawn of %d, seed %lld"), d->sample.drawn,
			 d->sample.population, (long long)d->sample.seed);
		ui_put(v->win, y++, 1, line, v->cols - 2, UI_DIM);
	}
	desk_heads(v, y++, callbacks_cols, sizeof callbacks_cols / sizeof callbacks_cols[0]);
	int detail = d->ncallbacks ? 3 : 0, rows = bottom - y + 1 - detail;
	size_t first = desk_first(d->callbacks_sel, rows);
	for (int r = 0; r < rows && first + (size_t)r < d->ncallbacks; r++)
		callbacks_row(v, &d->callbacks[first + (size_t)r], y + r, first + (size_t)r == d->callbacks_sel);
	if (d->ncallbacks == 0)
		ui_put(v->win, y + 1, 2, _("No calls to make."), v->cols - 3, UI_DIM);
	else if (d->callbacks_sel < d->ncallbacks)
		callbacks_detail(v, &d->callbacks[d->callbacks_sel], bottom - 1);
}

const struct view_ops view_callbacks = {
	.name = "callbacks", .scope = KM_CALLBACKS, .draw = callbacks_draw,
	.hints = callbacks_hints, .nhints = sizeof callbacks_hints / sizeof callbacks_hints[0],
};

/* ---- the report ---- */

enum report_fmt { RF_COUNT, RF_SPAN, RF_PCT };

/* The report's columns, in the order they are given room. */
static const struct report_col {
	const char *head;            /* msgid */
	size_t off;                  /* an int64_t of struct m_report_row */
	enum report_fmt fmt;
} report_cols[] = {
	{ N_("Called"), offsetof(struct m_report_row, tickets_called), RF_COUNT },
	{ N_("Served"), offsetof(struct m_report_row, tickets_served), RF_COUNT },
	{ N_("No-show"), offsetof(struct m_report_row, no_shows), RF_COUNT },
	{ N_("Wait"), offsetof(struct m_report_row, wait_avg), RF_SPAN },
	{ N_("Handling"), offsetof(struct m_report_row, handle_avg), RF_SPAN },
	{ N_("On time"), offsetof(struct m_report_row, on_time_pct), RF_PCT },
	{ N_("1 visit"), offsetof(struct m_report_row, one_visit_pct), RF_PCT },
	{ N_("Satisfied"), offsetof(struct m_report_row, satisfied_pct), RF_PCT },
	{ N_("Rated"), offsetof(struct m_report_row, rated), RF_COUNT },
	{ N_("Wait p90"), offsetof(struct m_report_row, wait_p90), RF_SPAN },
	{ N_("Hdl p90"), offsetof(struct m_report_row, handle_p90), RF_SPAN },
	{ N_("Paused"), offsetof(struct m_report_row, paused_seconds), RF_SPAN },
	{ N_("Transfer"), offsetof(struct m_report_row, transferred), RF_COUNT },
	{ N_("Accepted"), offsetof(struct m_report_row, accepted), RF_COUNT },
	{ N_("Overdue"), offsetof(struct m_report_row, overdue_open), RF_COUNT },
	{ N_("帮办"), offsetof(struct m_report_row, assisted_help), RF_COUNT },
	{ N_("代办"), offsetof(struct m_report_row, assisted_proxy), RF_COUNT },
};
#define REPORT_NCOLS (sizeof report_cols / sizeof report_cols[0])
#define REPORT_NAME_MIN 12

/* A report's duration with its units, so that a column of them reads
 * alike: "55s", "47m05s", "1h11m". */
static void report_span(int64_t s, char *out, size_t len)
{
	if (s < 60)
		snprintf(out, len, _("%llds"), (long long)s);
	else if (s < 3600)
		snprintf(out, len, _("%lldm%02llds"), (long long)(s / 60), (long long)(s % 60));
	else
		snprintf(out, len, _("%lldh%02lldm"), (long long)(s / 3600), (long long)(s / 60 % 60));
}

static void report_value(const struct m_report_row *row, const struct report_col *c, char *out,
			 size_t len)
{
	int64_t v;
	memcpy(&v, (const char *)row + c->off, sizeof v);
	if (v < 0)
		snprintf(out, len, "-");
	else if (c->fmt == RF_SPAN)
		report_span(v, out, len);
	else if (c->fmt == RF_PCT)
		snprintf(out, len, "%lld.%lld%%", (long long)(v / 10), (long long)(v % 10));
	else
		snprintf(out, len, "%lld", (long long)v);
}

/* The width of each column that fits in cols (0 for those left out);
 * returns the name column's width. */
static int report_widths(int cols, int widths[REPORT_NCOLS])
{
	int room = cols - REPORT_NAME_MIN - 1, used = 0;
	bool full = false;
	for (size_t i = 0; i < REPORT_NCOLS; i++) {
		int w = (int)utf8_width(_(report_cols[i].head)) + 1;
		if (w < 8)
			w = 8;
		/* The columns in order of importance, none after one left out. */
		full = full || w > room - used;
		widths[i] = full ? 0 : w;
		used += widths[i];
	}
	return cols - used - 1;
}

static void report_row(const struct view_ctx *v, const struct m_report_row *row, const char *name,
		       int y, const int widths[REPORT_NCOLS], int nw, enum ui_role role)
{
	int x = 1;
	x += ui_put(v->win, y, x, name, nw, role);
	for (size_t i = 0; i < REPORT_NCOLS; i++) {
		if (!widths[i])
			continue;
		char val[32];
		report_value(row, &report_cols[i], val, sizeof val);
		x += view_cell(v, y, x, val, widths[i], true, role);
	}
}

static const char *report_by_label(const char *by)
{
	if (by && strcmp(by, "clerk") == 0)
		return _("per clerk");
	if (by && strcmp(by, "matter") == 0)
		return _("per matter");
	if (by && strcmp(by, "hall") == 0)
		return _("per hall");
	return _("per window");
}

static const struct view_hint report_hints[] = {
	{ .a = ACT_HELP, .label = N_("Help") }, { .a = ACT_PERIOD, .label = N_("Period") },
	{ .a = ACT_BY, .label = N_("Per") }, { .a = ACT_EXPORT, .label = N_("CSV") },
	{ .a = ACT_EXPORT_RATINGS, .label = N_("Ratings export"), .optional = true },
	{ .a = ACT_BOARD, .label = N_("Board") }, { .a = ACT_BACK, .label = N_("Back") },
};

/* The period's 好差评 on one line: the ratings by channel, and the share
 * of the services finished that the applicants rated. */
static void report_channels(const struct view_ctx *v, const struct m_rating_channels *c, int y)
{
	char line[512], pct[48] = "-";
	if (c->rated_pct >= 0)
		snprintf(pct, sizeof pct, "%lld.%lld%%", (long long)(c->rated_pct / 10), (long long)(c->rated_pct % 10));
	snprintf(line, sizeof line, _("Rated: evaluator %lld · paper %lld · call %lld · default %lld · "
				      "%lld of %lld served (%s)"),
		 (long long)c->evaluator, (long long)c->paper, (long long)c->callback, (long long)c->system_default,
		 (long long)c->services_rated, (long long)c->services, pct);
	ui_put(v->win, y, 1, line, v->cols - 2, UI_DIM);
}

/* 帮办代办 on one line, whatever the width: the selected row's and the
 * total's cases accepted helped through (帮办) and by an agent (代办). */
static void report_assisted(const struct view_ctx *v, const struct m_report *rep, size_t sel, int y)
{
	char line[512];
	const struct m_report_row *row = sel < rep->nrows ? &rep->rows[sel] : NULL;
	const char *name = !row ? "" : row->name ? row->name : row->key ? row->key : _("(none)");
	if (row)
		snprintf(line, sizeof line, _("Assisted, %s: 帮办 %lld · 代办 %lld; in all: 帮办 %lld · 代办 %lld"),
			 name, (long long)row->assisted_help, (long long)row->assisted_proxy,
			 (long long)rep->total.assisted_help, (long long)rep->total.assisted_proxy);
	else
		snprintf(line, sizeof line, _("Assisted in all: 帮办 %lld · 代办 %lld"),
			 (long long)rep->total.assisted_help, (long long)rep->total.assisted_proxy);
	ui_put(v->win, y, 1, line, v->cols - 2, UI_DIM);
}

/* AB岗: the period's cover time per post on one line, "顶岗：1号 李志强
 * 代 张雅婷 1小时 · ...", as far as it goes. */
static void report_covers(const struct view_ctx *v, const struct m_report *rep, int y)
{
	char list[900] = "", line[1024], span[32];
	size_t n = 0;
	for (size_t i = 0; i < rep->ncovers && n < sizeof list; i++) {
		const struct m_report_cover *k = &rep->covers[i];
		view_span(k->seconds, span, sizeof span);
		/* TRANSLATORS: window, B's name, A's name, time: "1号 李志强 代 张雅婷 1小时00分" */
		n += (size_t)snprintf(list + n, sizeof list - n, _("%s%d %s for %s %s"), i ? " · " : "",
				      k->window, k->name ? k->name : "", k->a_name ? k->a_name : "", span);
	}
	/* TRANSLATORS: the report's line of AB岗 cover time per post */
	snprintf(line, sizeof line, _("Covered: %s"), list);
	ui_put(v->win, y, 1, line, v->cols - 2, UI_DIM);
}

/* 首问负责: the period's enquiries per staff member on one line, each
 * "name recorded (closed the same day)", as many as fit. */
static void report_enquiries(const struct view_ctx *v, const struct m_report *rep, int y)
{
	char line[1024], one[256];
	int n = snprintf(line, sizeof line, "%s", _("First asked (recorded, closed the same day):"));
	for (size_t i = 0; i < rep->nenquiries && n > 0 && (size_t)n < sizeof line; i++) {
		const struct m_report_enquiries *e = &rep->enquiries[i];
		snprintf(one, sizeof one, _(" %s %lld (%lld)"), e->name && *e->name ? e->name : e->user ? e->user : "",
			 (long long)e->recorded, (long long)e->closed_same_day);
		n += snprintf(line + n, sizeof line - (size_t)n, "%s", one);
	}
	ui_put(v->win, y, 1, line, v->cols - 2, UI_DIM);
}

static void report_draw(const struct view_ctx *v)
{
	int top, bottom;
	view_frame(v, &view_report, &top, &bottom);
	const struct desk *d = v->d;
	if (!d->have_report) {
		ui_put(v->win, top + 1, 2, _("Loading the report…"), v->cols - 3, UI_DIM);
		return;
	}
	const struct m_report *rep = &d->report;
	char title[256], from[32], to[32];
	view_date_words(rep->from, from, sizeof from);
	view_date_words(rep->to, to, sizeof to);
	snprintf(title, sizeof title, _("Report %s – %s, %s"), from, to, report_by_label(rep->by));
	ui_rule(v->win, top, 0, v->cols, title);
	int widths[REPORT_NCOLS], nw = report_widths(v->cols - 1, widths), x = 1 + nw;
	ui_put(v->win, top + 1, 1, "", nw, UI_DIM);
	for (size_t i = 0; i < REPORT_NCOLS; i++)
		if (widths[i])
			x += view_cell(v, top + 1, x, _(report_cols[i].head), widths[i], true, UI_DIM);
	/* Under the rows the total, then a line each: 帮办代办, 顶岗 (AB岗),
	 * the 好差评 channels and 首问 (those the server sent). */
	int extra = 1 + (rep->ncovers ? 1 : 0) + (rep->has_channels ? 1 : 0) + (rep->nenquiries ? 1 : 0);
	int total_y = bottom - extra, y = total_y + 1;
	int rows = total_y - top - 2;
	report_assisted(v, rep, d->report_sel, y++);
	if (rep->ncovers)
		report_covers(v, rep, y++);
	if (rep->has_channels)
		report_channels(v, &rep->channels, y++);
	if (rep->nenquiries)
		report_enquiries(v, rep, y);
	size_t first = desk_first(d->report_sel, rows);
	for (int r = 0; r < rows && first + (size_t)r < rep->nrows; r++) {
		const struct m_report_row *row = &rep->rows[first + (size_t)r];
		char name[256];
		if (!row->key)
			snprintf(name, sizeof name, "%s", _("(none)"));
		else if (strcmp(rep->by ? rep->by : "", "window") == 0 || !row->name)
			snprintf(name, sizeof name, "%s", row->name ? row->name : row->key);
		else
			snprintf(name, sizeof name, "%s %s", row->name, row->key);
		report_row(v, row, name, top + 2 + r, widths, nw,
			   first + (size_t)r == d->report_sel ? UI_SELECTED : UI_NORMAL);
	}
	if (rep->nrows == 0)
		ui_put(v->win, top + 2, 2, _("Nothing in this period."), v->cols - 3, UI_DIM);
	report_row(v, &rep->total, _("Total"), total_y, widths, nw, UI_TITLE);
}

const struct view_ops view_report = {
	.name = "report", .scope = KM_REPORT, .draw = report_draw,
	.hints = report_hints, .nhints = sizeof report_hints / sizeof report_hints[0],
};

/* ---- a role without screens here ---- */

static const struct view_hint no_screens_hints[] = {
	{ .a = ACT_HELP, .label = N_("Help") }, { .a = ACT_QUIT, .label = N_("Quit") },
};

static void no_screens_draw(const struct view_ctx *v)
{
	int top, bottom;
	view_frame(v, &view_no_screens, &top, &bottom);
	char line[512], key[16];
	const struct m_session *who = &v->s->login;
	snprintf(line, sizeof line, _("Signed in as %s (%s), in the role \"%s\"."),
		 who->user ? who->user : "", who->name ? who->name : "", view_role_label(who->role));
	ui_put_wrapped(v->win, top + 2, 2, line, v->cols - 4, 2, UI_TITLE);
	ui_put_wrapped(v->win, top + 4, 2, _("This role has no screens in this client yet."), v->cols - 4, 2,
		       UI_NORMAL);
	keymap_label(v->km, KM_GENERIC, ACT_QUIT, key);
	snprintf(line, sizeof line, _("Press %s to sign out and quit."), key);
	ui_put(v->win, top + 6, 2, line, v->cols - 4, UI_DIM);
	(void)bottom;
}

const struct view_ops view_no_screens = {
	.name = "no-screens", .scope = KM_GENERIC, .draw = no_screens_draw,
	.hints = no_screens_hints, .nhints = sizeof no_screens_hints / sizeof no_screens_hints[0],
};

/* ---- 不打烊: weekend and evening sessions ---- */

static const struct desk_col sessions_cols[] = {
	{ N_("Date"), 17 }, { N_("Hours"), 13 }, { N_("Windows"), 14 }, { N_("State"), 12 }, { N_("Opened by"), 0 },
};

/* The label of a session's status; planned, open, ended. */
static const char *sessions_status_label(const char *status)
{
	if (status && strcmp(status, "open") == 0)
		return _("Open now");
	if (status && strcmp(status, "ended") == 0)
		return _("Ended");
	return _("Planned");
}

static void sessions_row(const struct view_ctx *v, const void *item, int y, bool sel)
{
	const struct m_extra_session *e = item;
	char day[DATE_ISO_SIZE + 16], wins[64] = "", hours[32];
	/* The date and its weekday: a Saturday morning, a Tuesday evening. */
	static const char *const weekdays[] = { N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"),
						N_("Sun") };
	date_format_iso(e->date, day);
	snprintf(day + strlen(day), sizeof day - strlen(day), " %s", _(weekdays[date_weekday(e->date)]));
	size_t n = 0;
	for (size_t i = 0; i < e->nwindows && n < sizeof wins; i++)
		n += (size_t)snprintf(wins + n, sizeof wins - n, "%s%d", i ? "," : "", e->windows[i]);
	/* A session closed early says until when it ran. */
	char until[16];
	view_clock(e->ends_at, until, sizeof until);
	bool ended = e->status && strcmp(e->status, "ended") == 0;
	snprintf(hours, sizeof hours, "%s", e->hours ? e->hours : "");
	enum ui_role base = sel ? UI_SELECTED : ended ? UI_DIM : UI_NORMAL;
	const struct desk_col *c = sessions_cols;
	int x = 0;
	x += ui_put(v->win, y, x, sel ? ">" : " ", 1, base);
	x += ui_put(v->win, y, x, day, c[0].w, base);
	x += ui_put(v->win, y, x, hours, c[1].w, base);
	x += ui_put(v->win, y, x, wins, c[2].w, base);
	char state[64];
	if (ended && e->ends_at == e->starts_at)
		snprintf(state, sizeof state, "%s", _("Called off"));
	else if (ended && e->hours && strlen(e->hours) == 11 && strcmp(e->hours + 6, until) != 0)
		snprintf(state, sizeof state, _("Ended %s"), until);
	else
		snprintf(state, sizeof state, "%s", sessions_status_label(e->status));
	x += ui_put(v->win, y, x, state, c[3].w, sel ? base : e->status && strcmp(e->status, "open") == 0 ?
		    UI_OK : base);
	const char *who = e->opened_by_name && *e->opened_by_name ? e->opened_by_name : e->opened_by;
	ui_put(v->win, y, x, who ? who : "", v->cols - x, base);
}

static const struct view_hint sessions_hints[] = {
	{ .a = ACT_HELP, .label = N_("Help") }, { .a = ACT_OPEN_SESSION, .label = N_("Open a session") },
	{ .a = ACT_CLOSE_SESSION, .label = N_("Close it") }, { .a = ACT_BOARD, .label = N_("Board") },
	{ .a = ACT_BACK, .label = N_("Back") },
};

static void sessions_draw(const struct view_ctx *v)
{
	int top, bottom;
	view_frame(v, &view_sessions, &top, &bottom);
	const struct desk *d = v->d;
	char title[256];
	snprintf(title, sizeof title, _("Weekend and evening sessions from today: %zu"), d->nsessions);
	ui_rule(v->win, top, 0, v->cols, title);
	desk_table_draw(v, top + 1, bottom, &DESK_TABLE(sessions_cols, d->sessions, d->nsessions, d->sessions_sel,
							   sessions_row, N_("No session opened.")));
}

const struct view_ops view_sessions = {
	.name = "sessions", .scope = KM_SESSIONS, .draw = sessions_draw,
	.hints = sessions_hints, .nhints = sizeof sessions_hints / sizeof sessions_hints[0],
};

/* ---- 上门服务: the home visits of a day ---- */

static const struct desk_col visits_cols[] = {
	{ N_("At"), 6 }, { N_("Number"), 12 }, { N_("Group"), 10 }, { N_("Name"), 9 }, { N_("Clerk"), 9 },
	{ N_("Address"), 0 },
};

static void visits_row(const struct view_ctx *v, const void *item, int y, bool sel)
{
	const struct m_home_visit *h = item;
	char at[16];
	view_clock(h->at, at, sizeof at);
	bool open = strcmp(h->status, "booked") == 0;
	enum ui_role base = sel ? UI_SELECTED : open ? UI_NORMAL : UI_DIM;
	const struct desk_col *c = visits_cols;
	int x = 0;
	x += ui_put(v->win, y, x, sel ? ">" : " ", 1, base);
	x += ui_put(v->win, y, x, at, c[0].w, base);
	x += ui_put(v->win, y, x, h->number, c[1].w, base);
	x += ui_put(v->win, y, x, view_home_group_label(h->group), c[2].w, base);
	x += ui_put(v->win, y, x, h->applicant_name ? h->applicant_name : "", c[3].w, base);
	x += ui_put(v->win, y, x, h->clerk ? h->clerk : "", c[4].w, base);
	const char *last = strcmp(h->status, "done") == 0 ? _("Visited, case taken") :
			   strcmp(h->status, "cancelled") == 0 ? _("Cancelled") : h->address ? h->address : "";
	ui_put(v->win, y, x, last, v->cols - x, base);
}

static const struct view_hint visits_hints[] = {
	{ .a = ACT_HELP, .label = N_("Help") }, { .a = ACT_BOOK_VISIT, .label = N_("Book a visit") },
	{ .a = ACT_ASSIGN, .label = N_("Another clerk") },
	{ .a = ACT_PREV_DAY, .label = N_("Day before") }, { .a = ACT_NEXT_DAY, .label = N_("Day after") },
	{ .a = ACT_BOARD, .label = N_("Board") }, { .a = ACT_BACK, .label = N_("Back") },
};

static void visits_draw(const struct view_ctx *v)
{
	int top, bottom;
	view_frame(v, &view_visits, &top, &bottom);
	const struct desk *d = v->d;
	char title[256], day[64];
	view_date_words(d->visits_date, day, sizeof day);
	snprintf(title, sizeof title, _("Home visits of %s: %zu"), day, d->nvisits);
	ui_rule(v->win, top, 0, v->cols, title);
	desk_table_draw(v, top + 1, bottom, &DESK_TABLE(visits_cols, d->visits, d->nvisits, d->visits_sel, visits_row,
							   N_("No home visit that day.")));
}

const struct view_ops view_visits = {
	.name = "visits", .scope = KM_VISITS, .draw = visits_draw,
	.hints = visits_hints, .nhints = sizeof visits_hints / sizeof visits_hints[0],
};

/* ---- 容缺受理: what cases still owe ---- */

static const struct desk_col owed_cols[] = {
	{ N_("Owed by"), 9 }, { N_("Case number"), 15 }, { N_("Window"), 5 }, { N_("State"), 8 }, { N_("Matter"), 14 },
	{ N_("Material owed"), 0 },
};

static void owed_row(const struct view_ctx *v, const void *item, int y, bool sel)
{
	const struct m_deferred *o = item;
	char due[16], window[16] = "";
	view_day_short(o->due, due, sizeof due);
	if (o->window > 0)
		snprintf(window, sizeof window, "%d", o->window);
	enum ui_role base = sel ? UI_SELECTED : UI_NORMAL;
	const struct desk_col *c = owed_cols;
	const char *state = o->overdue ? _("Past due") : o->provisional ? _("Provisional") : "";
	int x = 0;
	x += ui_put(v->win, y, x, sel ? ">" : " ", 1, base);
	x += ui_put(v->win, y, x, due, c[0].w, base);
	x += ui_put(v->win, y, x, o->number, c[1].w, base);
	x += ui_put(v->win, y, x, window, c[2].w, base);
	x += ui_put(v->win, y, x, state, c[3].w, sel ? base : o->overdue ? UI_RED : UI_DIM);
	x += ui_put(v->win, y, x, o->matter_name ? o->matter_name : o->matter ? o->matter : "", c[4].w, base);
	ui_put(v->win, y, x, o->name, v->cols - x, base);
}

static const struct view_hint owed_hints[] = {
	{ .a = ACT_HELP, .label = N_("Help") }, { .a = ACT_SHOW_ALL, .label = N_("Overdue only / all") },
	{ .a = ACT_BOARD, .label = N_("Board") }, { .a = ACT_BACK, .label = N_("Back") },
};

static void owed_draw(const struct view_ctx *v)
{
	int top, bottom;
	view_frame(v, &view_owed, &top, &bottom);
	const struct desk *d = v->d;
	size_t late = 0;
	for (size_t i = 0; i < d->nowed; i++)
		late += d->owed[i].overdue;
	char title[256];
	if (d->owed_overdue_only)
		snprintf(title, sizeof title, _("Materials owed (容缺), overdue only: %zu"), d->nowed);
	else
		snprintf(title, sizeof title, _("Materials owed (容缺): %zu, %zu overdue"), d->nowed, late);
	ui_rule(v->win, top, 0, v->cols, title);
	const char *none = !d->have_owed ? NULL : d->owed_overdue_only ? N_("Nothing owed is overdue.") :
			   N_("No case owes a material.");
	desk_table_draw(v, top + 1, bottom, &DESK_TABLE(owed_cols, d->owed, d->nowed, d->owed_sel, owed_row, none));
}

const struct view_ops view_owed = {
	.name = "owed", .scope = KM_OWED, .draw = owed_draw,
	.hints = owed_hints, .nhints = sizeof owed_hints / sizeof owed_hints[0],
};
