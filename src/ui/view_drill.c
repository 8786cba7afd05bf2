/* view_drill.c - the trainer's screens: the drills, the scenarios, the
 * console of a drill, its score and a competition's leaderboard.
 *
 * They only read struct trainer (trainer.h).  Readable at 80x24; a wider
 * terminal gets wider columns and more of the trainees side by side. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "wicket/model/list.h"
#include "wicket/common/buf.h"
#include "wicket/common/i18n.h"
#include "wicket/ui/ui.h"
#include "wicket/common/utf8.h"
#include "wicket/ui/view.h"

/* ---- shared pieces ---- */

/* "MM-DD HH:MM", "" for none. */
static void drill_when(int64_t t, char *out, size_t len)
{
	view_local_time(t, "%m-%d %H:%M", out, len);
}

/* The criteria as column headings, by enum drill_criterion: short, the
 * cells are narrow. */
static const char *const drill_crit_labels[DRILL_NCRITERIA] = {
	[DRILL_CRIT_ORDER] = N_("Order"), [DRILL_CRIT_MATERIALS] = N_("Mater."),
	[DRILL_CRIT_NOTICE] = N_("Notice"), [DRILL_CRIT_DUE] = N_("Due"),
	[DRILL_CRIT_TRANSFER] = N_("Transf."), [DRILL_CRIT_TIME] = N_("Time"),
};

#define DRILL_CELL 8     /* columns of one criterion's points */
#define DRILL_TOTAL 8    /* of a total */

/* "10/10", or "-" where the criterion does not apply. */
static void drill_points(const struct m_criteria *c, int i, char *out, size_t len)
{
	if (c->has[i])
		snprintf(out, len, "%d/%d", c->p[i].points, c->p[i].max);
	else
		snprintf(out, len, "-");
}

/* The criteria's cells and the total from column x; returns the x after. */
static int drill_crit_row(const struct view_ctx *v, int y, int x, const struct m_criteria *c, int total,
			  int max, enum ui_role role)
{
	char cell[32];
	for (int i = 0; i < DRILL_NCRITERIA && x < v->cols; i++) {
		drill_points(c, i, cell, sizeof cell);
		x += ui_put(v->win, y, x, cell, DRILL_CELL < v->cols - x ? DRILL_CELL : v->cols - x, role);
	}
	snprintf(cell, sizeof cell, "%d/%d", total, max);
	if (x < v->cols)
		x += ui_put(v->win, y, x, cell, DRILL_TOTAL < v->cols - x ? DRILL_TOTAL : v->cols - x, role);
	return x;
}

/* The criteria's headings from column x. */
static void drill_crit_head(const struct view_ctx *v, int y, int x)
{
	for (int i = 0; i < DRILL_NCRITERIA && x < v->cols; i++)
		x += ui_put(v->win, y, x, _(drill_crit_labels[i]),
			    DRILL_CELL < v->cols - x ? DRILL_CELL : v->cols - x, UI_DIM);
	if (x < v->cols)
		ui_put(v->win, y, x, _("Total"), DRILL_TOTAL < v->cols - x ? DRILL_TOTAL : v->cols - x, UI_DIM);
}

/* The first of n rows to show so that sel is among the rows shown. */
static size_t drill_first(size_t sel, size_t n, int rows)
{
	if (rows <= 0 || n <= (size_t)rows)
		return 0;
	return sel >= (size_t)rows ? sel - (size_t)rows + 1 : 0;
}

static const char *drill_outcome_label(const char *expect)
{
	if (strcmp(expect, "accept") == 0)
		return _("accept");
	if (strcmp(expect, "notice") == 0)
		return _("notice");
	if (strcmp(expect, "transfer") == 0)
		return _("transfer");
	return expect;
}

/* "Press F2 to ..." with the key the keymap gives act in scope. */
static void drill_press(const struct view_ctx *v, enum keymap_scope scope, enum action act,
			const char *fmt, char *out, size_t len)
{
	char key[16];
	keymap_label(v->km, scope, act, key);
	snprintf(out, len, fmt, key);
}

/* ---- the drills ---- */

/* The columns of the list: number, code, scenario, status, trainees,
 * competition, when started; the scenario takes what is left. */
static void drills_cells(const struct view_ctx *v, int y, const char *const cell[7], enum ui_role role)
{
	int wcomp = v->cols >= 100 ? 20 : 12;
	int w[7] = { 5, 7, v->cols - 5 - 7 - 9 - 4 - wcomp - 12, 9, 4, wcomp, 12 };
	if (w[2] < 8)
		w[2] = 8;
	for (int i = 0, x = 0; i < 7 && x < v->cols; i++)
		x += ui_put(v->win, y, x, cell[i], w[i] < v->cols - x ? w[i] : v->cols - x, role);
}

static void drills_row(const struct view_ctx *v, const struct m_drill *d, int y, bool sel)
{
	char no[16], when[32], n[16];
	snprintf(no, sizeof no, "%lld", (long long)d->id);
	snprintf(n, sizeof n, "%d", d->trainees);
	drill_when(d->created_at, when, sizeof when);
	const char *const cell[7] = { no, d->code, d->title, view_drill_status_label(d->status), n,
				      d->competition ? d->competition : "-", when };
	drills_cells(v, y, cell, sel ? UI_SELECTED : d->status == DS_RUNNING ? UI_NORMAL : UI_DIM);
}

static void drills_draw(const struct view_ctx *v)
{
	const struct trainer *t = v->tr;
	int top, bottom;
	char title[256], line[256];
	view_frame(v, &view_drills, &top, &bottom);
	snprintf(title, sizeof title, _("Drills (%zu)"),
		 t ? list_page_total(&t->drills_page, t->ndrills) : 0);
	if (t)
		view_page_title(v, KM_DRILLS, &t->drills_page, t->ndrills, v->cols - 4, title, sizeof title);
	ui_rule(v->win, top, 0, v->cols, title);
	if (!t)
		return;
	if (t->ndrills == 0) {
		drill_press(v, KM_DRILLS, ACT_NEW_DRILL, _("No drills yet. Press %s to start one."), line,
			    sizeof line);
		ui_put(v->win, top + 2, 2, line, v->cols - 2, UI_DIM);
		return;
	}
	const char *const head[7] = { _("No."), _("Code"), _("Scenario"), _("Status"), _("Tr."),
				      _("Competition"), _("Started") };
	drills_cells(v, top + 1, head, UI_DIM);
	int rows = bottom - top - 1;
	size_t first = drill_first(t->drills_sel, t->ndrills, rows);
	for (int r = 0; r < rows && first + (size_t)r < t->ndrills; r++)
		drills_row(v, &t->drills[first + (size_t)r], top + 2 + r, first + (size_t)r == t->drills_sel);
}

static const struct view_hint hints_drills[] = {
	{ .a = ACT_HELP, .label = N_("Help") }, { .a = ACT_NEW_DRILL, .label = N_("New drill") },
	{ .a = ACT_OPEN_DRILL, .label = N_("Open drill") }, { .a = ACT_LEADERBOARD, .label = N_("Leaderboard") },
	{ .a = ACT_REFRESH, .label = N_("Reload"), .optional = true }, { .a = ACT_QUIT, .label = N_("Quit") },
};

const struct view_ops view_drills = {
	.name = "drills", .scope = KM_DRILLS, .draw = drills_draw,
	.hints = hints_drills, .nhints = sizeof hints_drills / sizeof hints_drills[0],
};

/* ---- the scenarios ---- */

static void scenarios_draw(const struct view_ctx *v)
{
	const struct trainer *t = v->tr;
	int top, bottom;
	char title[96], line[512];
	view_frame(v, &view_scenarios, &top, &bottom);
	snprintf(title, sizeof title, _("Scenarios (%zu)"), t ? t->scen.n : 0);
	ui_rule(v->win, top, 0, v->cols, title);
	if (!t)
		return;
	int list = (int)t->scen.n < (bottom - top) / 2 ? (int)t->scen.n : (bottom - top) / 2;
	size_t first = drill_first(t->scen_sel, t->scen.n, list);
	for (int r = 0; r < list && first + (size_t)r < t->scen.n; r++) {
		size_t i = first + (size_t)r;
		const struct m_scenario *s = &t->scen.v[i];
		enum ui_role role = i == t->scen_sel ? UI_SELECTED : UI_NORMAL;
		struct buf svc = BUF_INIT;
		for (size_t k = 0; k < s->nservices; k++)
			buf_printf(&svc, "%s%s", k ? " " : "", s->services[k]);
		snprintf(line, sizeof line, _("%d applicants"), s->applicants);
		int wt = v->cols - 14 - 10;
		ui_put(v->win, top + 1 + r, 0, s->title, wt, role);
		ui_put(v->win, top + 1 + r, wt, line, 14, role);
		ui_put(v->win, top + 1 + r, wt + 14, buf_str(&svc), 10, role);
		buf_free(&svc);
	}
	int y = top + 1 + list;
	const struct m_scenario *s = trainer_selected_scenario(t);
	if (s && y < bottom) {
		snprintf(title, sizeof title, _("Scenario %s"), s->id);
		ui_rule(v->win, y++, 0, v->cols, title);
		y += ui_put_wrapped(v->win, y, 1, s->summary, v->cols - 2, bottom - y + 1, UI_NORMAL);
		struct buf m = BUF_INIT;
		buf_adds(&m, _("Matters:"));
		for (size_t k = 0; k < s->nmatters; k++)
			buf_printf(&m, " %s", s->matters[k]);
		if (y <= bottom)
			ui_put(v->win, y++, 1, buf_str(&m), v->cols - 2, UI_DIM);
		buf_free(&m);
	}
	for (size_t i = 0; i < t->scen.nrejected && y <= bottom; i++) {
		snprintf(line, sizeof line, _("Not loaded: %s: %s"), t->scen.rejected[i].file,
			 t->scen.rejected[i].error);
		ui_put(v->win, y++, 1, line, v->cols - 2, UI_RED);
	}
}

static const struct view_hint hints_scenarios[] = {
	{ .a = ACT_HELP, .label = N_("Help") }, { .a = ACT_START_DRILL, .label = N_("Start drill") },
	{ .a = ACT_BACK, .label = N_("Back") }, { .a = ACT_QUIT, .label = N_("Quit") },
};

const struct view_ops view_scenarios = {
	.name = "scenarios", .scope = KM_SCENARIOS, .draw = scenarios_draw,
	.hints = hints_scenarios, .nhints = sizeof hints_scenarios / sizeof hints_scenarios[0],
};

/* ---- the console ---- */

/* The state of the drill on one line: the code to tell the trainees
 * first, the clock, the next arrival. */
static void console_head(const struct view_ctx *v, int y)
{
	const struct m_drill *d = &v->tr->drill;
	char line[512], next[96] = "", wait[32];
	int x = ui_put_fit(v->win, y, 0, _("Code "), v->cols, UI_NORMAL);
	x += ui_put_fit(v->win, y, x, d->code, v->cols - x, UI_TITLE);
	if (d->next > 0) {
		snprintf(next, sizeof next, _(" · next %d of %zu"), d->next, d->napplicants);
		int64_t due = trainer_next_arrival(v->tr);
		if (due) {
			size_t n = strlen(next);
			view_duration(due - v->now, wait, sizeof wait);
			snprintf(next + n, sizeof next - n, _(" in %s"), wait);
		}
	} else {
		snprintf(next, sizeof next, "%s", _(" · every applicant has arrived"));
	}
	snprintf(line, sizeof line, " · %s · %s%s%s%s", view_drill_status_label(d->status),
		 d->run_on ? _("clock running") : _("clock stopped"), next,
		 d->competition ? _(" · competition ") : "", d->competition ? d->competition : "");
	ui_put(v->win, y, x, line, v->cols - x, d->status == DS_FINISHED ? UI_DIM : UI_NORMAL);
}

/* One trainee's ticket for an applicant: "B001 serving", or the case's
 * state once there is a case. */
static void console_ticket(const struct m_drill_applicant *a, const char *trainee, char *out, size_t len)
{
	snprintf(out, len, "%s", a->released ? "…" : "");
	for (size_t k = 0; k < a->ntickets; k++)
		if (strcmp(a->tickets[k].trainee, trainee) == 0)
			snprintf(out, len, "%s %s", a->tickets[k].number,
				 a->tickets[k].has_case ? view_case_status_label(a->tickets[k].case_status) :
				 view_ticket_status_label(a->tickets[k].status));
}

#define CONSOLE_LEFT 36   /* #, name, priority, matter, arrival */
#define CONSOLE_TRAINEE 16

/* How many trainees' columns fit beside the script. */
static size_t console_columns(const struct view_ctx *v)
{
	int room = v->cols - CONSOLE_LEFT;
	size_t fit = room > 0 ? (size_t)(room / CONSOLE_TRAINEE) : 0;
	return fit < v->tr->drill.nwindows ? fit : v->tr->drill.nwindows;
}

static void console_script_row(const struct view_ctx *v, const struct m_drill_applicant *a, int y, bool sel)
{
	char no[16], arrival[32], cell[128];
	enum ui_role role = sel ? UI_SELECTED : a->released ? UI_NORMAL : UI_DIM;
	snprintf(no, sizeof no, "%d", a->no);
	view_duration(a->arrival, arrival, sizeof arrival);
	int x = 0;
	x += ui_put(v->win, y, x, no, 3, role);
	x += ui_put(v->win, y, x, a->name, 9, role);
	x += ui_put(v->win, y, x, view_priority_label(a->priority), 8,
		    sel ? role : a->priority != PRIO_NONE ? UI_PRIORITY : role);
	x += ui_put(v->win, y, x, a->matter, 8, role);
	x += ui_put(v->win, y, x, arrival, 8, role);
	size_t cols = console_columns(v);
	for (size_t k = 0; k < cols; k++) {
		console_ticket(a, v->tr->drill.windows[k].trainee, cell, sizeof cell);
		x += ui_put(v->win, y, x, cell, CONSOLE_TRAINEE - 1, role);
		x += ui_put(v->win, y, x, "", 1, role);
	}
	if (x < v->cols)
		ui_put(v->win, y, x, "", v->cols - x, role);
}

static void console_script(const struct view_ctx *v, int top, int rows)
{
	const struct trainer *t = v->tr;
	const struct m_drill *d = &t->drill;
	char more[32];
	int x = 0;
	x += ui_put(v->win, top, x, "#", 3, UI_DIM);
	x += ui_put(v->win, top, x, _("Name"), 9, UI_DIM);
	x += ui_put(v->win, top, x, _("Prio."), 8, UI_DIM);
	x += ui_put(v->win, top, x, _("Matter"), 8, UI_DIM);
	x += ui_put(v->win, top, x, _("Arrives"), 8, UI_DIM);
	size_t cols = console_columns(v);
	for (size_t k = 0; k < cols; k++)
		x += ui_put(v->win, top, x, d->windows[k].trainee, CONSOLE_TRAINEE, UI_DIM);
	if (cols < d->nwindows && x < v->cols) {
		snprintf(more, sizeof more, _("+%zu more"), d->nwindows - cols);
		ui_put(v->win, top, x, more, v->cols - x, UI_DIM);
	}
	size_t first = drill_first(t->app_sel, d->napplicants, rows);
	for (int r = 0; r < rows && first + (size_t)r < d->napplicants; r++)
		console_script_row(v, &d->applicants[first + (size_t)r], top + 1 + r,
				   first + (size_t)r == t->app_sel);
}

/* What the trainer needs to play the selected applicant: the lines to say,
 * the details to give, and what the trainee should do.  Returns the rows
 * used. */
static int console_part(const struct view_ctx *v, int y, int rows)
{
	const struct m_drill_applicant *a = trainer_selected_applicant(v->tr);
	char title[256], line[512];
	if (!a || rows < 2)
		return 0;
	snprintf(title, sizeof title, _("Applicant %d %s: says"), a->no, a->name);
	ui_rule(v->win, y, 0, v->cols, title);
	int used = 1;
	int says = rows - 3 < 3 ? rows - 3 : 3;
	if (says < 1)
		says = 1;
	used += ui_put_wrapped(v->win, y + used, 1, a->says, v->cols - 2, says, UI_NORMAL);
	if (used < rows) {
		snprintf(line, sizeof line, _("ID number %s · phone %s"), a->id_number, a->phone);
		ui_put(v->win, y + used++, 1, line, v->cols - 2, UI_DIM);
	}
	if (used < rows) {
		struct buf b = BUF_INIT;
		buf_adds(&b, _("Brings"));
		for (size_t i = 0; i < a->nbrought; i++)
			buf_printf(&b, " %d", a->brought[i]);
		if (a->wrong_material)
			buf_printf(&b, _(" · not valid: %d %s"), a->wrong_material, a->wrong_note);
		if (a->rating)
			buf_printf(&b, _(" · rates %d"), a->rating);
		buf_printf(&b, _(" · expected: %s"), drill_outcome_label(a->expect));
		for (size_t i = 0; i < a->nexpect_missing; i++)
			buf_printf(&b, " %d", a->expect_missing[i]);
		if (a->expect_service[0])
			buf_printf(&b, " → %s", a->expect_service);
		ui_put(v->win, y + used++, 1, buf_str(&b), v->cols - 2, UI_DIM);
		buf_free(&b);
	}
	return used;
}

/* What an event of the feed says, by its kind. */
static const struct { const char *kind; const char *verb; } feed_verbs[] = {
	{ "clerk.signed_in", N_("signed in") }, { "clerk.signed_out", N_("signed out") },
	{ "window.status", N_("window") },
	{ "ticket.called", N_("called") }, { "ticket.recalled", N_("recalled") },
	{ "ticket.no_show", N_("marked no-show") }, { "ticket.started", N_("started serving") },
	{ "ticket.transferred", N_("transferred") }, { "ticket.finished", N_("finished serving") },
	{ "case.notified", N_("gave the one-time notice") }, { "case.accepted", N_("accepted case") },
	{ "case.materials", N_("added materials to") }, { "case.suspended", N_("suspended case") },
	{ "case.resumed", N_("resumed case") }, { "case.completed", N_("completed case") },
	{ "case.rated", N_("recorded the rating of") },
};

/* One of the trainees' actions: "10:02 clerk1 called A001".  Returns
 * false for events that say nothing of a trainee (an arrival). */
static bool console_feed_line(const struct view_ctx *v, const struct m_event *e, char *out, size_t len)
{
	const char *verb = NULL;
	for (size_t i = 0; i < sizeof feed_verbs / sizeof feed_verbs[0]; i++)
		if (strcmp(e->kind, feed_verbs[i].kind) == 0)
			verb = _(feed_verbs[i].verb);
	if (!verb)
		return false;
	char at[16], who[96];
	view_clock(e->at, at, sizeof at);
	const struct m_drill_window *w = m_drill_trainee_at(&v->tr->drill, e->window);
	if (e->user)
		snprintf(who, sizeof who, "%s", e->user);
	else if (w)
		snprintf(who, sizeof who, "%s", w->trainee);
	else
		snprintf(who, sizeof who, _("window %d"), e->window);
	int n = snprintf(out, len, "%s %s %s %s", at, who, verb, e->number ? e->number : "");
	if (n < 0 || (size_t)n >= len)
		return true;
	if (e->status)
		snprintf(out + n, len - (size_t)n, "%s", view_window_status_label(m_window_status_parse(e->status)));
	else if (e->to_service)
		snprintf(out + n, len - (size_t)n, " → %s", e->to_service);
	else if (e->to_window)
		snprintf(out + n, len - (size_t)n, _(" → window %d"), e->to_window);
	else if (e->level)
		snprintf(out + n, len - (size_t)n, " %d %s", e->level, view_rating_label(e->level));
	return true;
}

/* The trainees' latest actions, newest at the bottom. */
static void console_feed(const struct view_ctx *v, int top, int bottom)
{
	const struct trainer *t = v->tr;
	char line[512];
	ui_rule(v->win, top, 0, v->cols, _("The trainees' actions, live"));
	int rows = bottom - top, y = bottom;
	for (size_t i = t->nfeed; i > 0 && y > top; i--)
		if (console_feed_line(v, &t->feed[i - 1], line, sizeof line))
			ui_put(v->win, y--, 1, line, v->cols - 1, UI_NORMAL);
	if (y == bottom && rows > 0)
		ui_put(v->win, top + 1, 1, _("Nothing yet: the trainees' calls, cases and transfers show here."),
		       v->cols - 1, UI_DIM);
}

static void console_draw(const struct view_ctx *v)
{
	const struct trainer *t = v->tr;
	int top, bottom;
	view_frame(v, &view_console, &top, &bottom);
	if (!t || !t->have_drill) {
		ui_rule(v->win, top, 0, v->cols, _("Drill"));
		ui_put(v->win, top + 2, 2, _("Reading the drill…"), v->cols - 2, UI_DIM);
		return;
	}
	const struct m_drill *d = &t->drill;
	ui_rule(v->win, top, 0, v->cols, d->title);
	console_head(v, top + 1);
	int body = bottom - top - 1;             /* rows below the head */
	int script = (int)d->napplicants < body / 3 ? (int)d->napplicants : body / 3;
	if (script < 1)
		script = 1;
	console_script(v, top + 2, script);
	int y = top + 3 + script;
	int part = body - script - 1 - 4 > 6 ? 6 : body - script - 1 - 4;
	y += console_part(v, y, part);
	if (y < bottom)
		console_feed(v, y, bottom);
}

static const struct view_hint hints_console[] = {
	{ .a = ACT_HELP, .label = N_("Help"), .optional = true },
	{ .a = ACT_RELEASE, .label = N_("Release") }, { .a = ACT_RUN_CLOCK, .label = N_("Run clock") },
	{ .a = ACT_RESET_DRILL, .label = N_("Reset") }, { .a = ACT_SCORE, .label = N_("Score") },
	{ .a = ACT_FINISH_DRILL, .label = N_("Finish drill") }, { .a = ACT_BACK, .label = N_("Back") },
	{ .a = ACT_QUIT, .label = N_("Quit"), .optional = true },
};

const struct view_ops view_console = {
	.name = "console", .scope = KM_CONSOLE, .draw = console_draw,
	.hints = hints_console, .nhints = sizeof hints_console / sizeof hints_console[0],
};

/* ---- the score ---- */

#define SCORE_LEFT 24   /* where the criteria start, in every table */

static void score_trainees(const struct view_ctx *v, int top, int rows)
{
	const struct trainer *t = v->tr;
	ui_put(v->win, top, 0, _("Trainee"), SCORE_LEFT, UI_DIM);
	drill_crit_head(v, top, SCORE_LEFT);
	size_t first = drill_first(t->trainee_sel, t->score.ntrainees, rows);
	for (int r = 0; r < rows && first + (size_t)r < t->score.ntrainees; r++) {
		size_t i = first + (size_t)r;
		const struct m_score_trainee *s = &t->score.trainees[i];
		enum ui_role role = i == t->trainee_sel ? UI_SELECTED : UI_NORMAL;
		char who[160];
		snprintf(who, sizeof who, "%s %s", s->trainee, s->name);
		ui_put(v->win, top + 1 + r, 0, who, SCORE_LEFT, role);
		int x = drill_crit_row(v, top + 1 + r, SCORE_LEFT, &s->crit, s->total, s->max, role);
		if (x < v->cols)
			ui_put(v->win, top + 1 + r, x, "", v->cols - x, role);
	}
}

static void score_applicants(const struct view_ctx *v, int top, int rows)
{
	const struct m_score_trainee *s = trainer_selected_trainee(v->tr);
	char no[16], took[32];
	ui_put(v->win, top, 0, "#", 3, UI_DIM);
	ui_put(v->win, top, 3, _("Name"), 8, UI_DIM);
	ui_put(v->win, top, 11, _("Ticket"), 7, UI_DIM);
	ui_put(v->win, top, 18, _("Took"), 6, UI_DIM);
	drill_crit_head(v, top, SCORE_LEFT);
	size_t first = v->tr->score_scroll;
	for (int r = 0; r < rows && first + (size_t)r < s->napplicants; r++) {
		const struct m_score_applicant *a = &s->applicants[first + (size_t)r];
		int y = top + 1 + r;
		snprintf(no, sizeof no, "%d", a->no);
		if (a->has_handling)
			view_duration(a->handling_seconds, took, sizeof took);
		else
			snprintf(took, sizeof took, "-");
		enum ui_role role = a->number ? UI_NORMAL : UI_DIM;
		ui_put(v->win, y, 0, no, 3, role);
		ui_put(v->win, y, 3, a->name, 8, role);
		ui_put(v->win, y, 11, a->number ? a->number : "-", 7, role);
		ui_put(v->win, y, 18, took, 6, role);
		drill_crit_row(v, y, SCORE_LEFT, &a->crit, a->total, a->max, role);
	}
}

static void score_draw(const struct view_ctx *v)
{
	const struct trainer *t = v->tr;
	int top, bottom;
	char title[512];
	view_frame(v, &view_score, &top, &bottom);
	if (!t || !t->have_score) {
		ui_rule(v->win, top, 0, v->cols, _("Score"));
		ui_put(v->win, top + 2, 2, _("Reading the score…"), v->cols - 2, UI_DIM);
		return;
	}
	const struct m_score *s = &t->score;
	snprintf(title, sizeof title, _("Score · %s · %s · %s"), s->title, s->code,
		 s->status == DS_FINISHED ? _("final") : _("live, the drill runs"));
	ui_rule(v->win, top, 0, v->cols, title);
	int body = bottom - top;
	int list = (int)s->ntrainees < body / 2 - 1 ? (int)s->ntrainees : body / 2 - 1;
	if (list < 1)
		list = 1;
	score_trainees(v, top + 1, list);
	int y = top + 2 + list;
	const struct m_score_trainee *st = trainer_selected_trainee(t);
	if (!st || y >= bottom)
		return;
	snprintf(title, sizeof title, _("%s %s, drill window %d: by applicant"), st->trainee, st->name,
		 st->window);
	ui_rule(v->win, y, 0, v->cols, title);
	score_applicants(v, y + 1, bottom - y - 1);
}

static const struct view_hint hints_score[] = {
	{ .a = ACT_HELP, .label = N_("Help") }, { .a = ACT_NEXT_TRAINEE, .label = N_("Next trainee") },
	{ .a = ACT_LEADERBOARD, .label = N_("Leaderboard") }, { .a = ACT_BACK, .label = N_("Back") },
	{ .a = ACT_QUIT, .label = N_("Quit") },
};

const struct view_ops view_score = {
	.name = "score", .scope = KM_SCORE, .draw = score_draw,
	.hints = hints_score, .nhints = sizeof hints_score / sizeof hints_score[0],
};

/* ---- the leaderboard ---- */

static void board_draw(const struct view_ctx *v)
{
	const struct trainer *t = v->tr;
	int top, bottom;
	char title[512], cell[32];
	view_frame(v, &view_leaderboard, &top, &bottom);
	if (!t || !t->have_board) {
		ui_rule(v->win, top, 0, v->cols, _("Leaderboard"));
		ui_put(v->win, top + 2, 2, _("Reading the leaderboard…"), v->cols - 2, UI_DIM);
		return;
	}
	const struct m_leaderboard *b = &t->board;
	snprintf(title, sizeof title, _("Leaderboard · %s · drills finished: %d"), b->competition, b->drills);
	ui_rule(v->win, top, 0, v->cols, title);
	if (b->nentries == 0) {
		ui_put(v->win, top + 2, 2, _("No finished drill counts for this competition yet."),
		       v->cols - 2, UI_DIM);
		return;
	}
	ui_put(v->win, top + 1, 0, _("Rank"), 5, UI_DIM);
	ui_put(v->win, top + 1, 5, _("Trainee"), SCORE_LEFT - 5, UI_DIM);
	drill_crit_head(v, top + 1, SCORE_LEFT);
	int rows = bottom - top - 1;
	size_t first = drill_first(t->board_sel, b->nentries, rows);
	for (int r = 0; r < rows && first + (size_t)r < b->nentries; r++) {
		size_t i = first + (size_t)r;
		const struct m_rank *e = &b->entries[i];
		enum ui_role role = i == t->board_sel ? UI_SELECTED : e->rank == 1 ? UI_OK : UI_NORMAL;
		char who[200];
		int y = top + 2 + r;
		snprintf(cell, sizeof cell, "%d", e->rank);
		snprintf(who, sizeof who, _("%s %s (%d)"), e->trainee, e->name, e->drills);
		ui_put(v->win, y, 0, cell, 5, role);
		ui_put(v->win, y, 5, who, SCORE_LEFT - 5, role);
		int x = drill_crit_row(v, y, SCORE_LEFT, &e->crit, e->total, e->max, role);
		if (x < v->cols)
			ui_put(v->win, y, x, "", v->cols - x, role);
	}
}

const struct view_ops view_leaderboard = {
	.name = "leaderboard", .scope = KM_SCORE, .draw = board_draw,
	.hints = hints_score, .nhints = sizeof hints_score / sizeof hints_score[0],
};
