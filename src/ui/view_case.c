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

static void case_materials(const struct view_ctx *v, int top, int bottom, int w)
{
	const struct counter *c = v->c;
	const struct m_matter *g = &c->guide;
	char line[512];
	int rows = bottom - top + 1;
	size_t first = c->material_sel >= (size_t)rows ? c->material_sel - (size_t)rows + 1 : 0;
	for (int r = 0; r < rows && first + (size_t)r < g->nmaterials; r++) {
		size_t i = first + (size_t)r;
		const struct m_material *m = &g->materials[i];
		snprintf(line, sizeof line, "[%s] %s%s", c->ticked[i] ? "x" : " ",
			 m->required ? "*" : " ", m->name);
		bool sel = i == c->material_sel;
		int fw = w - 14 > 10 ? w - 14 : w;
		enum ui_role role = sel ? UI_SELECTED :
				    m->required && !c->ticked[i] ? UI_AMBER : UI_NORMAL;
		ui_put(v->win, top + r, 0, line, fw, role);
		if (fw < w) {
			snprintf(line, sizeof line, " %s ×%d", view_form_label(m->form), m->copies);
			ui_put(v->win, top + r, fw, line, w - fw, sel ? UI_SELECTED : UI_DIM);
		}
	}
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
	return 3;
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
	} else if (k->status == CS_COMPLETED) {
		snprintf(line, sizeof line, _("Case %s completed %s · %d working days used"), k->number,
			 k->on_time ? _("on time") : _("OVERDUE"), k->working_days_used);
		role = k->on_time ? UI_OK : UI_RED;
		if (k->rating > 0) {
			char rated[128];
			snprintf(rated, sizeof rated, _("Rating: %d %s"), k->rating, view_rating_label(k->rating));
			ui_put(v->win, y + 1, 0, rated, w, UI_NORMAL);
		}
	} else {
		view_date_words(k->due, date, sizeof date);
		char days[64];
		snprintf(days, sizeof days, _("(%d working days)"), k->working_days);
		snprintf(line, sizeof line, _("Accepted: case %s · due %s %s%s%s"), k->number, date, days,
			 k->provisional ? _(" provisional") : "",
			 k->status == CS_SUSPENDED ? _(" · SUSPENDED") : "");
	}
	ui_put(v->win, y, 0, line, w, role);
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
		case_guide_text(v, body_top + used, rx, rw, body_bottom - body_top - used + 1);
	}
	case_outcome(v, bottom - 1, v->cols);
}

static const struct view_hint hints_case[] = {
	{ .a = ACT_HELP, .label = N_("Help"), .optional = true }, { .a = ACT_TOGGLE, .label = N_("Tick") }, { .a = ACT_APPLICANT, .label = N_("Applicant") },
	{ .a = ACT_ACCEPT, .label = N_("Accept") }, { .a = ACT_SUSPEND, .label = N_("Suspend") }, { .a = ACT_COMPLETE, .label = N_("Complete") },
	{ .a = ACT_RATE, .label = N_("Rate") }, { .a = ACT_FINISH, .label = N_("Finish") }, { .a = ACT_BACK, .label = N_("Back") },
};

const struct view_ops view_case = {
	.name = "case",
	.scope = KM_CASE,
	.draw = case_draw,
	.hints = hints_case,
	.nhints = sizeof hints_case / sizeof hints_case[0],
};
