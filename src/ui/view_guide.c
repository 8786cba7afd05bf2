/* view_guide.c - the guide desk (导询台): the enquiries the signed-in staff
 * member was asked first and still owns (首问负责), each with what was
 * done and where it is now: the ticket issued and the window that called
 * it, the window or department it was sent to, or how it was closed. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdio.h>
#include <string.h>

#include "wicket/ui/view.h"
#include "wicket/common/i18n.h"

/* A column: its heading (a msgid) and width; the last takes the rest. */
struct gd_col {
	const char *head;
	int w;
};

static const struct gd_col gd_cols[] = {
	{ N_("At"), 6 }, { N_("Asked"), 24 }, { N_("Name"), 9 }, { N_("Phone"), 13 }, { N_("Where it is"), 0 },
};
#define GD_NCOLS (sizeof gd_cols / sizeof gd_cols[0])

/* What became of e, into out; the role it is drawn in. */
static enum ui_role gd_where(const struct m_enquiry *e, char *out, size_t len)
{
	const char *ts = e->ticket_status ? e->ticket_status : "";
	if (e->closed_at && e->closed_how && strcmp(e->closed_how, "case") == 0) {
		snprintf(out, len, _("Case taken up: %s"), e->case_number ? e->case_number : "");
		return UI_OK;
	}
	if (e->closed_at) {
		snprintf(out, len, "%s", _("Answered"));
		return UI_DIM;
	}
	if (e->ticket_number && e->ticket_window > 0 && (strcmp(ts, "called") == 0 || strcmp(ts, "serving") == 0))
		snprintf(out, len, _("Ticket %s: at window %lld"), e->ticket_number, (long long)e->ticket_window);
	else if (e->ticket_number && strcmp(ts, "waiting") == 0)
		snprintf(out, len, _("Ticket %s: waiting"), e->ticket_number);
	else if (e->ticket_number)
		snprintf(out, len, _("Ticket %s"), e->ticket_number);
	else if (e->to_window > 0)
		snprintf(out, len, _("Sent to window %lld"), (long long)e->to_window);
	else if (e->to_dept)
		snprintf(out, len, _("Sent to %s"), e->to_dept);
	else
		snprintf(out, len, "%s", _("Open"));
	return UI_NORMAL;
}

static void gd_row(const struct view_ctx *v, const struct m_enquiry *e, int y, bool sel)
{
	char at[16], where[256];
	view_clock(e->created_at, at, sizeof at);
	enum ui_role role = gd_where(e, where, sizeof where);
	enum ui_role base = sel ? UI_SELECTED : e->closed_at ? UI_DIM : UI_NORMAL;
	int x = 0;
	x += ui_put(v->win, y, x, sel ? ">" : " ", 1, base);
	x += ui_put(v->win, y, x, at, gd_cols[0].w, base);
	x += ui_put(v->win, y, x, e->asked, gd_cols[1].w, base);
	x += ui_put(v->win, y, x, e->applicant_name ? e->applicant_name : "", gd_cols[2].w, base);
	x += ui_put(v->win, y, x, e->applicant_phone ? e->applicant_phone : "", gd_cols[3].w, base);
	ui_put(v->win, y, x, where, v->cols - x, sel ? base : role);
}

static const struct view_hint gd_hints[] = {
	{ .a = ACT_HELP, .label = N_("Help") }, { .a = ACT_ENQUIRY, .label = N_("New enquiry") },
	{ .a = ACT_CLOSE_ENQUIRY, .label = N_("Close enquiry") },
	{ .a = ACT_ALL_ENQUIRIES, .label = N_("Closed too"), .optional = true },
	/* (a clerk's list is over the counter: Esc goes back to it) */
	{ .a = ACT_BACK, .label = N_("Back"), .optional = true },
	{ .a = ACT_QUIT, .label = N_("Quit") },
};

static void gd_draw(const struct view_ctx *v)
{
	int top, bottom;
	view_frame(v, &view_guide, &top, &bottom);
	const struct guide *g = v->gd;
	if (!g)
		return;
	char title[256];
	snprintf(title, sizeof title, g->show_all ? _("My enquiries (首问负责): %zu") :
		 _("My open enquiries (首问负责): %zu"), g->n);
	ui_rule(v->win, top, 0, v->cols, title);
	int x = 1;
	for (size_t i = 0; i < GD_NCOLS && x < v->cols; i++)
		x += ui_put(v->win, top + 1, x, _(gd_cols[i].head), i + 1 < GD_NCOLS ? gd_cols[i].w : v->cols - x,
			    UI_DIM);
	int rows = bottom - top - 1;
	size_t first = rows > 0 && g->sel >= (size_t)rows ? g->sel - (size_t)rows + 1 : 0;
	for (int r = 0; r < rows && first + (size_t)r < g->n; r++)
		gd_row(v, &g->v[first + (size_t)r], top + 2 + r, first + (size_t)r == g->sel);
	if (g->n == 0 && g->have)
		ui_put(v->win, top + 3, 2, _("No open enquiry."), v->cols - 3, UI_DIM);
}

const struct view_ops view_guide = {
	.name = "guide", .scope = KM_GUIDE, .draw = gd_draw,
	.hints = gd_hints, .nhints = sizeof gd_hints / sizeof gd_hints[0],
};
