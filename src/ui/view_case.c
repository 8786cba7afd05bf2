#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdio.h>
#include <string.h>

#include "wicket/common/buf.h"
#include "wicket/common/i18n.h"
#include "wicket/ui/ui.h"
#include "wicket/common/utf8.h"
#include "wicket/ui/view.h"

/* The case screen: the matter's materials as a checklist, its guide (steps,
 * legal basis, fee, limit), the applicant, and what became of the case. */

/* " 原件及复印件 ×1": a material's form and copies. */
static void case_form_words(const struct m_material *m, char *out, size_t len)
{
	snprintf(out, len, " %s ×%d", view_form_label(m->form), m->copies);
}

/* The columns the form and copies take: the widest of the list's, so the
 * column lines up and is never cut; at most half the pane. */
static int case_form_width(const struct m_matter *g, int w)
{
	int fw = 0;
	for (size_t i = 0; i < g->nmaterials; i++) {
		char words[128];
		case_form_words(&g->materials[i], words, sizeof words);
		int ww = (int)utf8_width(words) + 1;
		fw = ww > fw ? ww : fw;
	}
	return fw < w / 2 ? fw : w / 2;
}

#define CASE_MARK_COLS 5       /* "[x] *" */
#define CASE_NAME_ROWS 3       /* a name wraps to at most this many rows */

static int case_material_rows(const struct m_material *m, int nw)
{
	int r = ui_wrapped_rows(m->name, nw, CASE_NAME_ROWS);
	return r > 0 ? r : 1;
}

/* 上门服务: the number of the home visit the case on screen is taken (or
 * being taken) on, or NULL. */
static const char *case_home(const struct counter *c)
{
	return c->has_case && c->kase.home_visit ? c->kase.home_visit : c->at_home ? c->home.number : NULL;
}

/* The checklist: a material's name wraps (the clerk reads all of it), its
 * form and copies in their own column; the selected one always in sight. */
static void case_materials(const struct view_ctx *v, int top, int bottom, int w)
{
	const struct counter *c = v->c;
	const struct m_matter *g = &c->guide;
	int rows = bottom - top + 1, fw = case_form_width(g, w);
	int nw = w - fw - CASE_MARK_COLS;
	if (rows <= 0 || nw < 4)
		return;
	size_t first = 0;
	for (;;) {
		int need = 0;
		for (size_t i = first; i <= c->material_sel && i < g->nmaterials; i++)
			need += case_material_rows(&g->materials[i], nw);
		if (need <= rows || first >= c->material_sel)
			break;
		first++;
	}
	int y = top;
	for (size_t i = first; i < g->nmaterials && y <= bottom; i++) {
		const struct m_material *m = &g->materials[i];
		bool sel = i == c->material_sel;
		enum ui_role role = sel ? UI_SELECTED :
				    m->required && !c->ticked[i] ? UI_AMBER : UI_NORMAL;
		char mark[16], words[128];
		snprintf(mark, sizeof mark, "[%s] %s", c->ticked[i] ? "x" : " ", m->required ? "*" : " ");
		int room = bottom - y + 1 < CASE_NAME_ROWS ? bottom - y + 1 : CASE_NAME_ROWS;
		int h = ui_put_wrapped(v->win, y, CASE_MARK_COLS, m->name, nw, room, role);
		h = h > 0 ? h : 1;
		for (int r = 0; r < h; r++) {
			ui_put(v->win, y + r, 0, r == 0 ? mark : "", CASE_MARK_COLS, role);
			ui_put(v->win, y + r, CASE_MARK_COLS + nw, "", fw, sel ? UI_SELECTED : UI_DIM);
		}
		case_form_words(m, words, sizeof words);
		ui_put(v->win, y, CASE_MARK_COLS + nw, words, fw, sel ? UI_SELECTED : UI_DIM);
		y += h;
	}
}

/* 帮办代办, of the case or as marked for it, in the applicant's pane:
 * "帮办", or "代办人 李四（子女）" and the agent's ID number masked
 * (typed or as the server sent it) under it.  Returns the rows used. */
static int case_assist(const struct view_ctx *v, int y, int x, int w)
{
	const struct counter *c = v->c;
	const char *mode = c->has_case ? c->kase.assist : counter_assist_mode(c);
	char line[512], id[CASE_MASK_SIZE];
	if (!mode || !*mode)
		return 0;
	if (strcmp(mode, "proxy") != 0) {
		ui_put(v->win, y, x + 1, _("帮办: helped through"), w - 1, UI_AMBER);
		return 1;
	}
	const char *name = c->has_case ? c->kase.agent_name : c->agent_name;
	const char *rel = c->has_case ? c->kase.agent_relation : c->agent_relation;
	snprintf(line, sizeof line, _("代办人 %s (%s)"), name ? name : "", rel ? rel : "");
	ui_put(v->win, y, x + 1, line, w - 1, UI_AMBER);
	case_mask_id(c->has_case ? (c->kase.agent_id ? c->kase.agent_id : "") : c->agent_id, id);
	ui_put(v->win, y + 1, x + 1, id, w - 1, UI_AMBER);
	return 2;
}

static int case_applicant(const struct view_ctx *v, int y, int x, int w)
{
	const struct counter *c = v->c;
	char line[256];
	const char *name = c->has_case ? c->kase.applicant_name : c->applicant_name;
	const char *id = c->has_case ? c->kase.applicant_id : c->applicant_id;
	const char *phone = c->has_case ? c->kase.applicant_phone : c->applicant_phone;
	ui_rule(v->win, y, x, w, _("The applicant"));
	if (!name || !*name) {
		char key[16];
		keymap_label(v->km, KM_CASE, ACT_APPLICANT, key);
		snprintf(line, sizeof line, _("Press %s to enter name, ID number, phone"), key);
		ui_put(v->win, y + 1, x + 1, line, w - 1, UI_DIM);
		return 2;
	}
	ui_put(v->win, y + 1, x + 1, name, w - 1, UI_NORMAL);
	snprintf(line, sizeof line, "%s  %s", id ? id : "", phone ? phone : "");
	ui_put(v->win, y + 2, x + 1, line, w - 1, UI_NORMAL);
	int r = 3 + case_assist(v, y + 3, x, w);
	const char *home = case_home(c);
	if (home) {
		snprintf(line, sizeof line, _("Home visit %s"), home);
		ui_put(v->win, y + r++, x + 1, line, w - 1, UI_AMBER);
		if (!c->at_home || !c->home.address[0])
			return r;
		ui_put(v->win, y + r++, x + 1, c->home.address, w - 1, UI_DIM);
		return r;
	}
	if (!counter_back_office(c))
		return r;
	/* Not an empty ticket: the case is worked on without them. */
	ui_put(v->win, y + r++, x + 1, _("Not at the window: back office"), w - 1, UI_AMBER);
	return r;
}

/* A step's action in the clerk's words; one the client does not know is
 * shown as the server spells it. */
static const char *case_step_label(const char *action)
{
	static const struct { const char *action, *label; } labels[] = {
		{ "notified", N_("notice given") }, { "accepted", N_("accepted") },
		{ "materials", N_("materials added") }, { "suspended", N_("suspended") },
		{ "resumed", N_("resumed") }, { "completed", N_("completed") },
		{ "rated", N_("rated") }, { "visit", N_("visit") },
		{ "due_changed", N_("due date changed") },
	};
	for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
		if (strcmp(labels[i].action, action) == 0)
			return _(labels[i].label);
	return action;
}

/* One step in a line: when (the day, and the time when with_time), what,
 * who (by name), where: its window, or 上门服务 for the step that took the
 * case at the applicant's home (home: the visit's number, or NULL). */
static void case_step_line(const struct m_case_step *st, const char *home, bool with_time, char *line,
			   size_t len)
{
	char when[32] = "", where[32] = "";
	/* The hall's day and time, as the server wrote them
	 * ("YYYY-MM-DDTHH:MM..."), not this PC's: digits only reach the
	 * screen. */
	const char *at = st->at ? st->at : "";
	static const char shape[] = "####-##-##T##:##";
	bool ok = strlen(at) >= sizeof shape - 1;
	for (size_t i = 0; ok && i < sizeof shape - 1; i++)
		ok = shape[i] == '#' ? at[i] >= '0' && at[i] <= '9' : at[i] == shape[i];
	if (ok)
		snprintf(when, sizeof when, with_time ? "%.5s %.5s" : "%.5s", at + 5, at + 11);
	if (strcmp(st->action, "due_changed") == 0 && st->due_to > 0) {
		/* Nobody did it: the calendar moved the date.  Short, for the
		 * narrow pane: the status line said which calendar. */
		char from[16], to[16];
		view_day_short(st->due_from, from, sizeof from);
		view_day_short(st->due_to, to, sizeof to);
		if (st->due_from == st->due_to)
			snprintf(line, len, _("%s due date confirmed %s%s"), when, to,
				 st->due_provisional ? _(" provisional") : "");
		else
			snprintf(line, len, _("%s due date changed %s → %s%s"), when, from, to,
				 st->due_provisional ? _(" provisional") : "");
		return;
	}
	if (st->window)
		snprintf(where, sizeof where, _("window %d"), st->window);
	else if (home && (strcmp(st->action, "notified") == 0 || strcmp(st->action, "accepted") == 0))
		snprintf(where, sizeof where, "%s", _("home visit"));
	snprintf(line, len, "%s %s %s %s", when, case_step_label(st->action),
		 st->by_name && st->by_name[0] ? st->by_name : _("(unknown)"), where);
}

/* The case's history, the latest steps that fit.  Returns the rows used. */
static int case_history(const struct view_ctx *v, int y, int x, int w, int max_rows)
{
	const struct m_case *k = &v->c->kase;
	if (!v->c->has_case || k->nsteps == 0 || max_rows < 2)
		return 0;
	ui_rule(v->win, y, x, w, _("History"));
	size_t rows = (size_t)max_rows - 1;
	size_t first = k->nsteps > rows ? k->nsteps - rows : 0;
	char line[512];
	/* The time of day only when every line has room for it: who and
	 * where are never cut, and the column stays one shape. */
	bool with_time = true;
	for (size_t i = first; i < k->nsteps && with_time; i++) {
		case_step_line(&k->steps[i], case_home(v->c), true, line, sizeof line);
		with_time = (int)utf8_width(line) <= w - 1;
	}
	int r = 1;
	for (size_t i = first; i < k->nsteps; i++, r++) {
		case_step_line(&k->steps[i], case_home(v->c), with_time, line, sizeof line);
		ui_put(v->win, y + r, x + 1, line, w - 1, UI_NORMAL);
	}
	return r;
}

static int case_guide_text(const struct view_ctx *v, int y, int x, int w, int max_rows)
{
	const struct m_matter *g = &v->c->guide;
	struct buf b = BUF_INIT;
	int r = 0;
	if (max_rows < 2)
		return 0;
	ui_rule(v->win, y + r++, x, w, _("Steps"));
	for (size_t i = 0; i < g->nsteps; i++)
		buf_printf(&b, "%zu. %s\n", i + 1, g->steps[i]);
	r += ui_put_wrapped(v->win, y + r, x + 1, buf_str(&b), w - 1, max_rows - r - 2, UI_NORMAL);
	buf_free(&b);
	if (max_rows - r >= 2) {
		ui_rule(v->win, y + r++, x, w, _("Legal basis"));
		r += ui_put_wrapped(v->win, y + r, x + 1, g->legal_basis, w - 1, max_rows - r, UI_DIM);
	}
	return r;
}

/* 容缺受理: what the accepted case still owes, each with the day it is due
 * by, on row y; red when one is overdue.  Nothing when nothing is owed. */
static void case_owed_line(const struct view_ctx *v, int y, int w)
{
	const struct m_case *k = &v->c->kase;
	struct buf b = BUF_INIT;
	char date[64];
	bool overdue = false;
	if (!k->nowed)
		return;
	for (size_t i = 0; i < k->nowed; i++) {
		view_date_words(k->owed[i].due, date, sizeof date);
		buf_printf(&b, "%s", i ? _(", ") : "");
		buf_printf(&b, k->owed[i].overdue ? _("%s overdue since %s") : _("%s by %s"), k->owed[i].name, date);
		overdue |= k->owed[i].overdue;
	}
	char line[1024];
	snprintf(line, sizeof line, _("Owed (to follow): %s"), buf_str(&b));
	buf_free(&b);
	ui_put(v->win, y, 0, line, w, overdue ? UI_RED : UI_AMBER);
}

/* The line the clerk reads out: case number and promised date, or what is
 * missing, or how the case ended. */
static void case_outcome(const struct view_ctx *v, int y, int w)
{
	const struct counter *c = v->c;
	const struct m_case *k = &c->kase;
	char line[1024], date[64];
	enum ui_role role = UI_OK;
	if (!c->has_case) {
		int ids[256];
		size_t missing = counter_missing_ids(c, ids), required = 0;
		for (size_t i = 0; i < c->guide.nmaterials; i++)
			required += c->guide.materials[i].required;
		snprintf(line, sizeof line, _("Required materials ticked: %zu of %zu"), required - missing, required);
		role = missing ? UI_AMBER : UI_OK;
	} else if (k->status == CS_NOTIFIED) {
		struct buf b = BUF_INIT;
		for (size_t i = 0; i < k->nmissing_materials; i++)
			buf_printf(&b, "%s%s", i ? _(", ") : "", k->missing_materials[i].name);
		snprintf(line, sizeof line, _("One-time notice %s: missing %s"), k->number, buf_str(&b));
		buf_free(&b);
		role = UI_AMBER;
		if (v->notice_path) {
			char path[512];
			snprintf(path, sizeof path, _("Notice written to %s"), v->notice_path);
			ui_put(v->win, y + 1, 0, path, w, UI_DIM);
		}
	} else if (k->status == CS_COMPLETED && !k->has_on_time) {
		/* Done offline: whether it was on time is the server's to say. */
		snprintf(line, sizeof line, _("Case %s completed: recorded, the result when the server answers"),
			 k->number);
		role = UI_AMBER;
	} else if (k->status == CS_COMPLETED) {
		snprintf(line, sizeof line, _("Case %s completed %s · %d working days used"), k->number,
			 k->on_time ? _("on time") : _("OVERDUE"), k->working_days_used);
		role = k->on_time ? UI_OK : UI_RED;
	} else {
		/* The last paper kept, when it is this case's. */
		if (v->notice_path && k->number && strstr(v->notice_path, k->number))
			ui_put(v->win, y + 1, 0, v->notice_path, w, UI_DIM);
		view_date_words(k->due, date, sizeof date);
		char days[64];
		snprintf(days, sizeof days, _("(%d working days)"), k->working_days);
		snprintf(line, sizeof line, _("Accepted: case %s · due %s %s%s%s"), k->number, date, days,
			 k->provisional ? _(" provisional") : "",
			 k->status == CS_SUSPENDED ? _(" · SUSPENDED") : "");
		if (k->provisional && k->provisional_year > 0) {
			/* Why: the clerk tells the applicant the date may move. */
			char why[256];
			view_provisional_why(k->provisional_year, why, sizeof why);
			ui_put(v->win, y + 1, 0, why, w, UI_AMBER);
		}
		/* What is owed matters more than the paper's path or the why. */
		case_owed_line(v, y + 1, w);
	}
	ui_put(v->win, y, 0, line, w, role);
	if (c->has_case && k->status == CS_COMPLETED) {
		char rated[512] = "";
		if (k->rating > 0)
			snprintf(rated, sizeof rated, _("Rating: %d %s"), k->rating, view_rating_label(k->rating));
		if (k->result)
			snprintf(rated + strlen(rated), sizeof rated - strlen(rated), _("%sResult: %s"),
				 rated[0] ? _(" · ") : "", k->result);
		ui_put(v->win, y + 1, 0, rated, w, UI_NORMAL);
	}
}

static void case_draw(const struct view_ctx *v)
{
	const struct counter *c = v->c;
	int top, bottom;
	view_frame(v, &view_case, &top, &bottom);
	if (!c->have_guide) {
		ui_put(v->win, top + 1, 1, _("Loading the guide…"), v->cols - 1, UI_DIM);
		return;
	}
	const struct m_matter *g = &c->guide;
	char line[512];
	ui_rule(v->win, top, 0, v->cols, g->name);
	if (g->kind == MK_PROMISED)
		snprintf(line, sizeof line, _("%s · promised, %d working days · fee: %s · %s"), g->code,
			 g->working_days, g->fee, g->department);
	else
		snprintf(line, sizeof line, _("%s · done on the spot · fee: %s · %s"), g->code, g->fee,
			 g->department);
	ui_put(v->win, top + 1, 0, line, v->cols, UI_NORMAL);

	int lw = v->cols >= 100 ? v->cols * 3 / 5 : v->cols / 2 + 4;
	int body_top = top + 2, body_bottom = bottom - 3;
	case_materials(v, body_top, body_bottom, lw);
	if (c->material_sel < g->nmaterials && g->materials[c->material_sel].note[0])
		ui_put(v->win, bottom - 2, 0, g->materials[c->material_sel].note, v->cols, UI_DIM);
	int rx = lw + 1, rw = v->cols - rx;
	if (rw > 12) {
		int used = case_applicant(v, body_top, rx, rw);
		used += case_history(v, body_top + used, rx, rw, body_bottom - body_top - used + 1);
		case_guide_text(v, body_top + used, rx, rw, body_bottom - body_top - used + 1);
	}
	case_outcome(v, bottom - 1, v->cols);
}

static const struct view_hint hints_case[] = {
	{ .a = ACT_HELP, .label = N_("Help"), .optional = true }, { .a = ACT_TOGGLE, .label = N_("Tick") }, { .a = ACT_APPLICANT, .label = N_("Applicant") },
	{ .a = ACT_ACCEPT, .label = N_("Accept") }, { .a = ACT_SUSPEND, .label = N_("Suspend") }, { .a = ACT_COMPLETE, .label = N_("Complete") },
	{ .a = ACT_RATE, .label = N_("Paper") }, { .a = ACT_FINISH, .label = N_("Finish") }, { .a = ACT_BACK, .label = N_("Back") },
};

const struct view_ops view_case = {
	.name = "case",
	.scope = KM_CASE,
	.draw = case_draw,
	.hints = hints_case,
	.nhints = sizeof hints_case / sizeof hints_case[0],
};
