#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdio.h>
#include <string.h>

#include "wicket/common/i18n.h"
#include "wicket/common/utf8.h"
#include "wicket/ui/ui.h"
#include "wicket/ui/view.h"

/* The supervisor's board of halls (a county's or a city's platform, GET
 * /halls): a row per hall at and under his own, with its level, the
 * waiting, its open and all windows, its overdue cases (red when any) and
 * what it served today.  At 80x24 the name takes what the figures leave;
 * the figures are right-aligned under headings as wide as the language
 * writes them, so CJK lines up. */

static const struct { const char *code, *label; } halls_levels[] = {
	{ "city", N_("City") }, { "county", N_("County") }, { "township", N_("Township") },
	{ "village", N_("Village") },
};
#define HALLS_NLEVELS (sizeof halls_levels / sizeof halls_levels[0])

/* The level's word: 市, 县, 乡, 村 in Chinese. */
static const char *halls_level_label(const char *level)
{
	for (size_t i = 0; level && i < HALLS_NLEVELS; i++)
		if (strcmp(level, halls_levels[i].code) == 0)
			return _(halls_levels[i].label);
	return "";
}

/* The figures' columns: heading (a msgid) and width, at least the
 * heading's and the figure's. */
enum { HALLS_LEVEL, HALLS_WAITING, HALLS_WINDOWS, HALLS_OVERDUE, HALLS_SERVED, HALLS_NCOLS };

static const char *const halls_heads[HALLS_NCOLS] = {
	N_("Level"), N_("Waiting"), N_("Open/all windows"), N_("Overdue cases"), N_("Served today"),
};

static void halls_widths(int w[HALLS_NCOLS])
{
	for (int i = 0; i < HALLS_NCOLS; i++) {
		w[i] = (int)utf8_width(_(halls_heads[i]));
		w[i] = w[i] < 5 ? 5 : w[i];
	}
	/* The level as wide as the language's longest word for one. */
	for (size_t i = 0; i < HALLS_NLEVELS; i++) {
		int lw = (int)utf8_width(_(halls_levels[i].label));
		w[HALLS_LEVEL] = lw > w[HALLS_LEVEL] ? lw : w[HALLS_LEVEL];
	}
}

static void halls_row(const struct view_ctx *v, const struct m_platform_hall *h, int y, bool sel,
		      const int w[HALLS_NCOLS], int name_w)
{
	enum ui_role base = sel ? UI_SELECTED : UI_NORMAL;
	char num[HALLS_NCOLS][24];
	snprintf(num[HALLS_WAITING], sizeof num[0], "%d", h->waiting);
	snprintf(num[HALLS_WINDOWS], sizeof num[0], "%d/%d", h->open_windows, h->windows);
	snprintf(num[HALLS_OVERDUE], sizeof num[0], "%d", h->overdue_cases);
	snprintf(num[HALLS_SERVED], sizeof num[0], "%d", h->served_today);
	int x = ui_put(v->win, y, 0, sel ? ">" : " ", 1, base);
	x += ui_put(v->win, y, x, h->name ? h->name : "", name_w, base);
	x += ui_put(v->win, y, x, " ", 1, base);
	x += view_cell(v, y, x, halls_level_label(h->level), w[HALLS_LEVEL], false, base);
	for (int i = HALLS_WAITING; i < HALLS_NCOLS; i++) {
		enum ui_role role = i == HALLS_OVERDUE && h->overdue_cases > 0 && !sel ? UI_RED : base;
		x += ui_put(v->win, y, x, " ", 1, base);
		x += view_cell(v, y, x, num[i], w[i], true, role);
	}
	if (x < v->cols)
		ui_put(v->win, y, x, "", v->cols - x, base);
}

static const struct view_hint halls_hints[] = {
	{ .a = ACT_HELP, .label = N_("Help") }, { .a = ACT_OPEN_HALL, .label = N_("Its board") },
	{ .a = ACT_REFRESH, .label = N_("Reload") }, { .a = ACT_BACK, .label = N_("Back") },
	{ .a = ACT_QUIT, .label = N_("Quit") },
};

static void halls_draw(const struct view_ctx *v)
{
	int top, bottom;
	view_frame(v, &view_halls, &top, &bottom);
	const struct desk *d = v->d;
	if (!d || !d->have_halls) {
		ui_put(v->win, top + 1, 2, _("Loading the halls…"), v->cols - 2, UI_DIM);
		return;
	}
	char title[160];
	snprintf(title, sizeof title, _("Halls: %zu"), d->nhalls);
	ui_rule(v->win, top, 0, v->cols, title);
	int w[HALLS_NCOLS];
	halls_widths(w);
	int figures = 0;
	for (int i = 0; i < HALLS_NCOLS; i++)
		figures += 1 + w[i];
	int name_w = v->cols - 1 - figures - 1;
	name_w = name_w < 8 ? 8 : name_w;
	int x = 1 + ui_put(v->win, top + 1, 1, _("Hall"), name_w, UI_DIM);
	x += ui_put(v->win, top + 1, x, " ", 1, UI_DIM);
	for (int i = 0; i < HALLS_NCOLS && x < v->cols; i++) {
		if (i > 0)
			x += ui_put(v->win, top + 1, x, " ", 1, UI_DIM);
		x += view_cell(v, top + 1, x, _(halls_heads[i]), w[i], i != HALLS_LEVEL, UI_DIM);
	}
	int rows = bottom - top - 1;
	size_t first = rows > 0 && d->halls_sel >= (size_t)rows ? d->halls_sel - (size_t)rows + 1 : 0;
	for (int r = 0; r < rows && first + (size_t)r < d->nhalls; r++)
		halls_row(v, &d->halls[first + (size_t)r], top + 2 + r, first + (size_t)r == d->halls_sel, w, name_w);
}

const struct view_ops view_halls = {
	.name = "halls", .scope = KM_HALLS, .draw = halls_draw,
	.hints = halls_hints, .nhints = sizeof halls_hints / sizeof halls_hints[0],
};
