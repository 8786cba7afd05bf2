#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdio.h>
#include <string.h>

#include "wicket/common/i18n.h"
#include "wicket/ui/ui.h"
#include "wicket/common/utf8.h"
#include "wicket/ui/view.h"

/* The counter: the window's queue on the left, the applicant in hand and
 * the matter's guide on the right.  Readable at 80x24, wider panes when
 * there is more room. */

static void counter_queue_row(const struct view_ctx *v, const struct m_ticket *t, int y, int w,
			      bool selected)
{
	char wait[32], line[160];
	view_span(t->wait_seconds, wait, sizeof wait);
	int x = 1;
	enum ui_role base = selected ? UI_SELECTED : UI_NORMAL;
	ui_put(v->win, y, 0, selected ? ">" : " ", 1, base);
	x += ui_put(v->win, y, x, t->number, 6, base);
	/* Priority and appointment marks, never names or ID numbers. */
	snprintf(line, sizeof line, "%s%s%s", view_priority_label(t->priority),
		 t->priority != PRIO_NONE && t->appointment ? " " : "",
		 t->appointment ? _("appt.") : "");
	int mw = w - x - 9;
	if (mw < 0)
		mw = 0;
	x += ui_put(v->win, y, x, line, mw,
		    selected ? UI_SELECTED : (t->priority != PRIO_NONE || t->appointment) ? UI_PRIORITY : UI_NORMAL);
	ui_put(v->win, y, x, wait, w - x, t->wait_seconds > 1800 && !selected ? UI_AMBER : base);
}

static void counter_queue(const struct view_ctx *v, int top, int bottom, int w)
{
	const struct counter *c = v->c;
	char title[96];
	snprintf(title, sizeof title, _("Queue (%zu waiting)"), c->queue_total > c->nqueue ? c->queue_total : c->nqueue);
	ui_rule(v->win, top, 0, w, title);
	int rows = bottom - top;
	size_t first = c->queue_sel >= (size_t)rows ? c->queue_sel - (size_t)rows + 1 : 0;
	for (int r = 0; r < rows; r++) {
		size_t i = first + (size_t)r;
		if (i < c->nqueue)
			counter_queue_row(v, &c->queue[i], top + 1 + r, w, i == c->queue_sel);
		else
			ui_put(v->win, top + 1 + r, 0, "", w, UI_NORMAL);
	}
	if (c->nqueue == 0)
		ui_put(v->win, top + 2, 2, _("Nobody is waiting."), w - 2, UI_DIM);
}

static int counter_ticket(const struct view_ctx *v, int y, int x, int w)
{
	const struct counter *c = v->c;
	const struct m_ticket *t = &c->ticket;
	char line[256], elapsed[32];
	int64_t since = t->status == TS_SERVING && t->started_at ? t->started_at : t->called_at;
	view_duration(since ? v->now - since : 0, elapsed, sizeof elapsed);
	int cx = x;
	cx += ui_put_fit(v->win, y, cx, t->number, 8, UI_TITLE);
	cx += ui_put_fit(v->win, y, cx, " ", 1, UI_NORMAL);
	snprintf(line, sizeof line, "%s · %s %s", t->service_name ? t->service_name : t->service,
		 view_ticket_status_label(t->status), elapsed);
	ui_put(v->win, y, cx, line, w - (cx - x), UI_NORMAL);
	int rows = 1;
	if (t->priority != PRIO_NONE || t->appointment) {
		snprintf(line, sizeof line, "%s %s", view_priority_label(t->priority),
			 t->appointment ? _("(appointment)") : "");
		ui_put(v->win, y + rows++, x, line, w, UI_PRIORITY);
	}
	if (t->recalls > 0) {
		snprintf(line, sizeof line, ngettext("Recalled %d time", "Recalled %d times",
						     (unsigned long)t->recalls), t->recalls);
		ui_put(v->win, y + rows++, x, line, w, UI_AMBER);
	}
	if (counter_offer_no_show(c)) {
		char key[16];
		keymap_label(v->km, KM_COUNTER, ACT_NO_SHOW, key);
		snprintf(line, sizeof line, _("Not here after %d calls: press %s to mark no-show"),
			 t->recalls, key);
		ui_put(v->win, y + rows++, x, line, w, UI_RED);
	}
	return rows;
}

static int counter_guide(const struct view_ctx *v, int y, int x, int w, int max_rows)
{
	const struct m_matter *g = &v->c->guide;
	char line[512];
	int r = 0;
	if (max_rows <= 0)
		return 0;
	ui_put(v->win, y + r++, x, g->name, w, UI_TITLE);
	if (g->kind == MK_PROMISED)
		snprintf(line, sizeof line, _("Promised: %d working days · fee: %s"), g->working_days, g->fee);
	else
		snprintf(line, sizeof line, _("Done on the spot · fee: %s"), g->fee);
	if (r < max_rows)
		ui_put(v->win, y + r++, x, line, w, UI_NORMAL);
	for (size_t i = 0; i < g->nmaterials && r < max_rows; i++) {
		const struct m_material *m = &g->materials[i];
		snprintf(line, sizeof line, "%s%s %s ×%d", m->required ? "* " : "  ", m->name,
			 view_form_label(m->form), m->copies);
		ui_put(v->win, y + r++, x, line, w, m->required ? UI_NORMAL : UI_DIM);
	}
	return r;
}

/* AB岗: a B covering A's post has A's handover note (交接) in sight
 * whenever nobody is in hand, from row y down to bottom. */
static void counter_handover(const struct view_ctx *v, int y, int bottom, int x, int w)
{
	const struct m_session *who = &v->s->login;
	char line[256];
	if (!who->has_covering || bottom - y < 1)
		return;
	ui_rule(v->win, y++, x, w, _("Handover"));
	view_cover_words(&who->covering, line, sizeof line);
	y += ui_put_wrapped(v->win, y, x + 1, line, w - 1, bottom - y + 1, UI_AMBER);
	if (y <= bottom)
		ui_put_wrapped(v->win, y, x + 1, who->covering.note && who->covering.note[0] ?
			       who->covering.note : _("No handover note."), w - 1, bottom - y + 1, UI_NORMAL);
}

static void counter_draw(const struct view_ctx *v)
{
	const struct counter *c = v->c;
	int top, bottom;
	view_frame(v, &view_counter, &top, &bottom);
	int qw = v->cols >= 120 ? 40 : v->cols * 2 / 5;
	if (qw < 24)
		qw = v->cols < 24 ? v->cols : 24;
	counter_queue(v, top, bottom, qw);

	int x = qw + 1, w = v->cols - x;
	for (int y = top; y <= bottom; y++)
		ui_put(v->win, y, qw, "", v->cols - qw, UI_NORMAL);
	if (w < 10)
		return;
	ui_rule(v->win, top, x, w, _("At the window"));
	int y = top + 1;
	if (!c->has_ticket) {
		char key[16], line[256];
		if (c->have_window && c->window.status == WS_PAUSED) {
			/* Paused, the call key is refused: say the key that resumes. */
			keymap_label(v->km, KM_COUNTER, ACT_PAUSE, key);
			snprintf(line, sizeof line, _("The window is paused. Press %s to resume."), key);
		} else {
			keymap_label(v->km, KM_COUNTER, ACT_CALL_NEXT, key);
			snprintf(line, sizeof line, _("No applicant. Press %s to call the next one."), key);
		}
		ui_put(v->win, y + 1, x + 1, line, w - 1, UI_DIM);
		/* A no-show who turns up after all goes back in the queue. */
		if (c->nno_shows > 0) {
			keymap_label(v->km, KM_COUNTER, ACT_REQUEUE, key);
			snprintf(line, sizeof line, _("%s came back? Press %s to put it back in the queue."),
				 c->no_shows[0].number, key);
			ui_put(v->win, y + 3, x + 1, line, w - 1, UI_DIM);
		}
		/* The last service's 好差评: asked, then the applicant's answer. */
		if (c->rating_note[0])
			ui_put_wrapped(v->win, y + 5, x + 1, c->rating_note, w - 1, 2,
				       c->rating_note_bad ? UI_RED : UI_DIM);
		counter_handover(v, y + 8, bottom, x, w);
		return;
	}
	y += counter_ticket(v, y, x + 1, w - 1);
	ui_rule(v->win, ++y, x, w, _("Guide"));
	y++;
	if (c->have_guide) {
		counter_guide(v, y, x + 1, w - 1, bottom - y + 1);
	} else if (c->ticket.status == TS_CALLED) {
		/* Called, not yet served: the matter waits for the start key. */
		char start[16], key[16], line[256];
		keymap_label(v->km, KM_COUNTER, ACT_START, start);
		keymap_label(v->km, KM_COUNTER, ACT_CASE, key);
		snprintf(line, sizeof line, _("Press %s when the applicant is here, then %s to choose the matter."),
			 start, key);
		ui_put_wrapped(v->win, y, x + 1, line, w - 1, bottom - y + 1, UI_DIM);
	} else {
		char key[16], line[256];
		keymap_label(v->km, KM_COUNTER, ACT_CASE, key);
		snprintf(line, sizeof line, _("Press %s to choose the matter and check the materials."), key);
		ui_put(v->win, y, x + 1, line, w - 1, UI_DIM);
	}
}

static const struct view_hint hints_counter[] = {
	{ .a = ACT_HELP, .label = N_("Help") }, { .a = ACT_CALL_NEXT, .label = N_("Call") }, { .a = ACT_RECALL, .label = N_("Recall") },
	{ .a = ACT_NO_SHOW, .label = N_("No-show") }, { .a = ACT_START, .label = N_("Start") }, { .a = ACT_TRANSFER, .label = N_("Transfer") },
	{ .a = ACT_PAUSE, .label = N_("Pause") }, { .a = ACT_MY_CASES, .label = N_("Cases"), .optional = true }, { .a = ACT_BOOKINGS, .label = N_("Bookings"), .optional = true }, { .a = ACT_FINISH, .label = N_("Finish") },
	{ .a = ACT_QUIT, .label = N_("Quit") },
};

const struct view_ops view_counter = {
	.name = "counter",
	.scope = KM_COUNTER,
	.draw = counter_draw,
	.hints = hints_counter,
	.nhints = sizeof hints_counter / sizeof hints_counter[0],
};
