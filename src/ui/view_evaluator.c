/* view_evaluator.c - the evaluator (评价器) at a window, facing the
 * applicant: the window, its clerk and 工号, "正在为您办理" while serving;
 * when the service ends, the five levels in large type with their keys,
 * then thanks.  A poor level's reason and comment are asked in the
 * frame's picker and form, over this view. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdio.h>
#include <string.h>

#include "wicket/ui/view.h"
#include "wicket/common/i18n.h"
#include "wicket/common/utf8.h"

/* s with a space after each character but the last, into out: the
 * terminal's one size of type, made to read larger. */
static const char *ev_spaced(const char *s, char *out, size_t len)
{
	size_t n = 0, slen = strlen(s);
	out[0] = '\0';
	for (size_t i = 0; i < slen && n + 8 < len;) {
		uint32_t cp;
		size_t step = utf8_decode(s + i, slen - i, &cp);
		if (step == 0)
			break;
		memcpy(out + n, s + i, step);
		n += step;
		i += step;
		if (i < slen)
			out[n++] = ' ';
	}
	out[n] = '\0';
	return out;
}

/* s centred on row y, in role. */
static void ev_center(const struct view_ctx *v, int y, const char *s, enum ui_role role)
{
	int w = (int)utf8_width(s);
	int x = w < v->cols ? (v->cols - w) / 2 : 0;
	ui_put_fit(v->win, y, x, s, v->cols - x, role);
}

/* s in large type (spaced, bold) centred on row y, between two rules. */
static void ev_large(const struct view_ctx *v, int y, const char *s, enum ui_role role)
{
	char big[512];
	ev_spaced(s, big, sizeof big);
	int w = (int)utf8_width(big) + 8;
	if (w > v->cols)
		w = v->cols;
	int x = (v->cols - w) / 2;
	wattrset(v->win, ui_attr(role));
	mvwhline(v->win, y - 1, x, ACS_HLINE, w);
	mvwhline(v->win, y + 1, x, ACS_HLINE, w);
	wattrset(v->win, A_NORMAL);
	ev_center(v, y, big, role);
}

/* The window, and who serves at it (name and 工号). */
static void ev_who(const struct view_ctx *v, int y)
{
	const struct m_evaluator *st = &v->ev->state;
	char line[256], name[128];
	view_window_name(st->window, st->window_name, name, sizeof name);
	ev_center(v, y, name, UI_TITLE);
	if (st->has_clerk) {
		snprintf(line, sizeof line, _("Clerk: %s    No.: %s"), st->clerk.name ? st->clerk.name : "",
			 st->clerk.user ? st->clerk.user : "");
		ev_center(v, y + 2, line, UI_NORMAL);
	}
}

static void ev_draw_idle(const struct view_ctx *v, int top, int bottom)
{
	const struct m_evaluator *st = &v->ev->state;
	int mid = top + (bottom - top) / 2;
	ev_who(v, top + 2);
	if (st->serving) {
		ev_large(v, mid, _("Serving you now"), UI_OK);
		if (st->ticket_number)
			ev_center(v, mid + 3, st->ticket_number, UI_TITLE);
	} else if (st->status == WS_OPEN && st->has_clerk) {
		ev_large(v, mid, _("Welcome"), UI_TITLE);
	} else {
		ev_large(v, mid, st->status == WS_PAUSED ? _("Paused, back soon") : _("This window is closed"),
			 UI_AMBER);
	}
}

static void ev_draw_levels(const struct view_ctx *v, int top, int bottom)
{
	const struct evaluator *e = v->ev;
	char line[256], key[16], big[256];
	ev_center(v, top + 1, _("Please rate this service"), UI_TITLE);
	snprintf(line, sizeof line, _("Ticket %s · %lld s left"), e->number ? e->number : "",
		 (long long)evaluator_seconds_left(e, v->now));
	ev_center(v, top + 2, line, UI_DIM);
	/* 5 (非常满意) at the top down to 1, each on its own rows. */
	int step = (bottom - top - 3) / 5 >= 3 ? 3 : 2;
	for (int level = 5; level >= 1; level--) {
		int y = top + 4 + (5 - level) * step;
		static const enum action acts[6] = { ACT_NONE, ACT_RATE_1, ACT_RATE_2, ACT_RATE_3,
						     ACT_RATE_4, ACT_RATE_5 };
		keymap_label(v->km, KM_EVALUATOR, acts[level], key);
		int x = v->cols / 2 - 14 > 0 ? v->cols / 2 - 14 : 0;
		snprintf(line, sizeof line, " %s ", key);
		ui_put_fit(v->win, y, x, line, 6, UI_KEY);
		ui_put_fit(v->win, y, x + 8, ev_spaced(view_rating_label(level), big, sizeof big), v->cols - x - 8,
			   level <= 2 ? UI_RED : level == 3 ? UI_AMBER : UI_OK);
	}
}

static void ev_draw(const struct view_ctx *v)
{
	int top, bottom;
	view_frame(v, &view_evaluator, &top, &bottom);
	const struct evaluator *e = v->ev;
	if (!e || !e->have) {
		ev_center(v, top + (bottom - top) / 2, _("Reading the window…"), UI_DIM);
		return;
	}
	int mid = top + (bottom - top) / 2;
	switch (e->phase) {
	case EVAL_LEVEL:
		ev_draw_levels(v, top, bottom);
		break;
	case EVAL_REASON:
	case EVAL_COMMENT:
		ev_center(v, top + 2, _("We are sorry. What was wrong?"), UI_TITLE);
		break;
	case EVAL_SENT:
		ev_large(v, mid, _("Sending your rating…"), UI_DIM);
		break;
	case EVAL_THANKS:
		ev_large(v, mid, _("Thank you for your rating!"), UI_OK);
		if (e->closed)
			ev_center(v, mid + 3, _("This service was already rated, or its time ran out."), UI_DIM);
		break;
	default:
		ev_draw_idle(v, top, bottom);
	}
}

static const struct view_hint evaluator_hints[] = {
	{ .a = ACT_RATE_5, .label = N_("Very satisfied") },
	{ .a = ACT_RATE_1, .label = N_("Very dissatisfied") },
};

const struct view_ops view_evaluator = {
	.name = "evaluator", .scope = KM_EVALUATOR, .draw = ev_draw,
	.hints = evaluator_hints, .nhints = sizeof evaluator_hints / sizeof evaluator_hints[0],
};
