/* view_calls.c - the hall's call screen (叫号屏, wicket --display): the
 * latest call in very large type with its window, the sentence the voice
 * says under it, the calls before it, and the waiting per service.  Read
 * from afar on the hall's TV: few words, large ones, and every column of
 * Chinese measured by its display width. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdio.h>
#include <string.h>

#include "wicket/common/i18n.h"
#include "wicket/common/utf8.h"
#include "wicket/model/callscreen.h"
#include "wicket/ui/bigtext.h"
#include "wicket/ui/view.h"

#define CALLS_LIST_MIN 5          /* calls below the latest, at least (room allowing) */
#define CALLS_LIST_MAX 8
#define CALLS_WAIT_MIN 20         /* columns of one service's waiting, at least */

static const struct view_hint calls_hints[] = {
	{ .a = ACT_VOICE, .label = N_("Voice on/off") },
	{ .a = ACT_SAY_AGAIN, .label = N_("Say again"), .optional = true },
	{ .a = ACT_HELP, .label = N_("Help"), .optional = true },
	{ .a = ACT_QUIT, .label = N_("Quit") },
};

/* What the voice is doing, in a few words. */
static void calls_voice_words(const struct callscreen *cs, char *out, size_t len)
{
	if (cs->muted) {
		snprintf(out, len, "%s", _("Voice off"));
		return;
	}
	switch (cs->voice) {
	case VOICE_OFF: snprintf(out, len, "%s", _("Voice off")); break;
	case VOICE_STARTING: snprintf(out, len, "%s", _("Voice starting…")); break;
	case VOICE_ON: snprintf(out, len, _("Voice on · %u said"), cs->spoken); break;
	case VOICE_FILES: snprintf(out, len, _("Voice to files · %u written"), cs->spoken); break;
	case VOICE_NO_DEVICE: snprintf(out, len, "%s", _("Voice off: no sound device")); break;
	case VOICE_FAILED: snprintf(out, len, "%s", _("Voice off: the speech engine failed")); break;
	}
}

/* The zone's name, or the hall's when the screen shows every zone. */
static const char *calls_zone_name(const struct m_calls *c)
{
	for (size_t i = 0; c->zone && i < c->nzones; i++)
		if (strcmp(c->zones[i].code, c->zone) == 0)
			return c->zones[i].name ? c->zones[i].name : c->zone;
	return _("All zones");
}

/* The top line: the hall, the zone, the voice. */
static void calls_title(const struct view_ctx *v, int y)
{
	const struct callscreen *cs = v->cs;
	char left[512], right[128];
	snprintf(left, sizeof left, "%s · %s", v->s->hall.name ? v->s->hall.name : "",
		 calls_zone_name(&cs->now));
	calls_voice_words(cs, right, sizeof right);
	int rw = (int)utf8_width(right);
	if (rw > v->cols / 2)
		rw = v->cols / 2;
	ui_put(v->win, y, 1, left, v->cols - rw - 3, UI_TITLE);
	ui_put(v->win, y, v->cols - rw - 1, right, rw,
	       cs->voice == VOICE_NO_DEVICE || cs->voice == VOICE_FAILED ? UI_AMBER : UI_DIM);
}

/* The sentence under the number: what the voice says. */
static void calls_sentence(const struct m_call *c, char *out, size_t len)
{
	char window[64];
	view_window_name(c->window, c->window_name, window, sizeof window);
	snprintf(out, len, c->recall ? _("Again: number %s, please go to %s") : _("Number %s, please go to %s"),
		 c->number, window);
}

/* The latest call in very large type, "A023>3", centred in rows
 * [y, y + rows); the dots sized to the room. */
static void calls_big(const struct view_ctx *v, const struct m_call *c, int y, int rows)
{
	char big[48];
	snprintf(big, sizeof big, "%s>%d", c->number, c->window);
	int sy = rows / BIGTEXT_ROWS, sx = 0;
	/* Cells are about twice as tall as wide: a square dot is two columns. */
	for (; sy >= 1; sy--) {
		for (sx = 2 * sy; sx >= 1 && bigtext_width(big, sx) > v->cols - 2; sx--)
			;
		if (sx >= 1)
			break;
	}
	if (sy < 1 || sx < 1) {
		/* No room for seven rows (a small terminal): the number in bold. */
		if (rows > 0)
			ui_put(v->win, y + rows / 2, (v->cols - (int)strlen(big)) / 2, big,
			       (int)strlen(big), UI_TITLE);
		return;
	}
	bool flash = callscreen_flash_on(v->cs, v->now);
	attr_t attr = ui_attr(flash ? UI_AMBER : c->recall ? UI_RED : UI_OK) | A_BOLD;
	int w = bigtext_width(big, sx);
	int top = y + (rows - BIGTEXT_ROWS * sy) / 2;
	bigtext_draw(v->win, top, (v->cols - w) / 2, big, sx, sy, attr);
}

/* One earlier call: number, window, service, time, and 重呼 for a recall. */
static void calls_row(const struct view_ctx *v, const struct m_call *c, int y)
{
	char window[64], at[16];
	view_window_name(c->window, c->window_name, window, sizeof window);
	view_clock(c->at, at, sizeof at);
	int x = 2, w = v->cols - 4;
	int cn = 8, cw = 14, ct = 6, cr = 8;
	int cs = w - cn - cw - ct - cr - 4;
	x += view_cell(v, y, x, c->number, cn, false, UI_TITLE) + 1;
	x += view_cell(v, y, x, window, cw, false, UI_NORMAL) + 1;
	if (cs > 0)
		x += view_cell(v, y, x, c->service_name ? c->service_name : "", cs, false, UI_DIM) + 1;
	x += view_cell(v, y, x, at, ct, false, UI_DIM) + 1;
	view_cell(v, y, x, c->recall ? _("recall") : "", cr, false, UI_AMBER);
}

/* Service i's waiting, "A 婚姻登记: 5 waiting", into out. */
static void calls_wait_cell(const struct m_waiting *s, char *out, size_t len)
{
	snprintf(out, len, _("%s %s: %d waiting"), s->prefix ? s->prefix : "", s->name ? s->name : s->code,
		 s->waiting);
}

/* The columns of one service's waiting (the widest, by display width,
 * and a gap) and how many fit a row. */
static int calls_wait_layout(const struct view_ctx *v, int *per)
{
	const struct m_calls *c = &v->cs->now;
	int w = CALLS_WAIT_MIN;
	for (size_t i = 0; i < c->nservices; i++) {
		char cell[192];
		calls_wait_cell(&c->services[i], cell, sizeof cell);
		if ((int)utf8_width(cell) + 3 > w)
			w = (int)utf8_width(cell) + 3;
	}
	if (w > v->cols - 2)
		w = v->cols - 2;
	*per = (v->cols - 2) / w;
	if (*per < 1)
		*per = 1;
	return w;
}

/* The rows the waiting takes at this width. */
static int calls_wait_rows(const struct view_ctx *v)
{
	int per;
	calls_wait_layout(v, &per);
	size_t n = v->cs->now.nservices;
	return n ? (int)((n + (size_t)per - 1) / (size_t)per) : 1;
}

/* The waiting per service, in columns, from row y. */
static void calls_waiting(const struct view_ctx *v, int y, int rows)
{
	const struct m_calls *c = &v->cs->now;
	int per, w = calls_wait_layout(v, &per);
	if (c->nservices == 0)
		ui_put(v->win, y, 2, _("No service in this zone."), v->cols - 4, UI_DIM);
	for (size_t i = 0; i < c->nservices && (int)(i / (size_t)per) < rows; i++) {
		char cell[192];
		calls_wait_cell(&c->services[i], cell, sizeof cell);
		view_cell(v, y + (int)(i / (size_t)per), 1 + (int)(i % (size_t)per) * w, cell, w - 1, false,
			  c->services[i].waiting ? UI_NORMAL : UI_DIM);
	}
}

static void calls_draw(const struct view_ctx *v)
{
	int top, bottom;
	view_frame(v, &view_calls, &top, &bottom);
	const struct callscreen *cs = v->cs;
	if (!cs)
		return;
	calls_title(v, top);
	if (!cs->loaded) {
		ui_put(v->win, top + 2, 2, _("Loading the calls…"), v->cols - 4, UI_DIM);
		return;
	}
	const struct m_calls *c = &cs->now;
	/* The waiting takes at most a quarter of the body: the number first. */
	int wait_rows = calls_wait_rows(v);
	if (wait_rows > (bottom - top + 1) / 4)
		wait_rows = (bottom - top + 1) / 4 > 0 ? (bottom - top + 1) / 4 : 1;
	/* From the bottom up: the waiting, its rule, the earlier calls, their
	 * rule, the sentence; what is left is the number's. */
	int wait_y = bottom - wait_rows + 1;
	int list_rows = CALLS_LIST_MAX;
	int room = wait_y - 1 - (top + 1) - 3 - BIGTEXT_ROWS;   /* rows for the list at the smallest type */
	if (list_rows > room)
		list_rows = room;
	if (list_rows < 0)
		list_rows = 0;
	int list_y = wait_y - 1 - list_rows;
	int sentence_y = list_y - 2;
	ui_rule(v->win, wait_y - 1, 0, v->cols, _("Waiting"));
	calls_waiting(v, wait_y, wait_rows);
	ui_rule(v->win, list_y - 1, 0, v->cols, _("Earlier calls"));
	for (int i = 0; i < list_rows && (size_t)i + 1 < c->ncalls; i++)
		calls_row(v, &c->calls[i + 1], list_y + i);
	if (c->ncalls == 0) {
		ui_put(v->win, sentence_y, 2, _("No call yet today."), v->cols - 4, UI_DIM);
		return;
	}
	char sentence[256];
	calls_sentence(&c->calls[0], sentence, sizeof sentence);
	int sw = (int)utf8_width(sentence);
	int sx = sw < v->cols - 2 ? (v->cols - sw) / 2 : 1;
	ui_put(v->win, sentence_y, sx, sentence, v->cols - sx - 1, c->calls[0].recall ? UI_RED : UI_TITLE);
	calls_big(v, &c->calls[0], top + 1, sentence_y - 1 - (top + 1));
}

const struct view_ops view_calls = {
	.name = "display", .scope = KM_DISPLAY, .draw = calls_draw,
	.hints = calls_hints, .nhints = sizeof calls_hints / sizeof calls_hints[0],
};
