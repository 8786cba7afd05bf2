/* evaluator.c - the evaluator (评价器) at a window, the applicant's side
 * of the counter: the controller of struct evaluator (evaluator.h), the
 * evaluator's row of the roles' table (app_role_evaluator).
 *
 * It follows the event feed like the counter (its window's events only,
 * the server's filter), and reads GET /evaluator again whenever its window
 * changes; a service that ends there asks the five levels (keys rate-1 ..
 * rate-5), a poor one its reason (a picker) and an optional comment (a
 * form), and the rating goes through app_postf: in the journal before it
 * is sent, so a rating made while the network is down reaches the server
 * when it answers. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wicket/model/wire.h"
#include "wicket/net/api.h"
#include "wicket/common/i18n.h"
#include "wicket/common/xalloc.h"

#include "app_int.h"

/* The action of each level's key, 1..5. */
static const enum action ev_level_acts[6] = { ACT_NONE, ACT_RATE_1, ACT_RATE_2, ACT_RATE_3, ACT_RATE_4,
					      ACT_RATE_5 };

static void ev_read(struct app *a)
{
	app_refresh(a, REQ_EVALUATOR, "/api/v1/evaluator");
}

static void ev_start(struct app *a)
{
	session_say(&a->s, false, "%s", _("Signed in as the evaluator of this window."));
	app_poll_events(a);
}

static void ev_events(struct app *a, struct m_event *ev, size_t n)
{
	(void)ev;
	if (n > 0)
		ev_read(a);
}

static int ev_decode(const struct net_reply *r, union app_decoded *out)
{
	return api_decode_evaluator(r->body, r->len, &out->evaluator);
}

static void ev_store(struct app *a, union app_decoded *in)
{
	enum eval_phase before = a->ev.phase;
	evaluator_set_state(&a->ev, &in->evaluator, app_now(a));
	/* The questions ended elsewhere: close what asks them. */
	if (a->ev.phase == EVAL_IDLE && before != EVAL_IDLE && before != EVAL_SENT) {
		a->picking = PICK_NONE;
		picker_clear(&a->picker);
		a->dlg_kind = DLG_NONE;
	}
}

/* The rating goes: in the journal first, then to the server. */
static void ev_send(struct app *a, const char *comment)
{
	struct evaluator *e = &a->ev;
	const char *reason = e->reason ? evaluator_reasons[e->reason] : NULL;
	app_postf(a, (struct app_doing){ .act = ev_level_acts[e->level], .value = e->level, .label = e->number },
		  api_encode_eval_rating(e->ticket, e->level, reason, comment), "/api/v1/evaluator/rating");
	evaluator_sent(e);
	/* Kept for later (the server away): thanked now all the same. */
	if (!a->replay_seq)
		evaluator_answered(e, false, app_now(a));
}

static void ev_reason_picker(struct app *a)
{
	picker_clear(&a->picker);
	a->picker.title = N_("What was wrong?");
	a->picker.digit_is_value = true;
	a->picking = PICK_EVAL_REASON;
	for (int i = 1; i <= EVAL_NREASONS; i++)
		picker_add(&a->picker, view_reason_label(evaluator_reasons[i]), i);
}

static void ev_action(struct app *a, enum action act)
{
	for (int level = 1; level <= 5; level++)
		if (act == ev_level_acts[level] && evaluator_level(&a->ev, level)) {
			if (a->ev.phase == EVAL_REASON)
				ev_reason_picker(a);
			else
				ev_send(a, NULL);
			return;
		}
}

static void ev_picker(struct app *a, enum picker_kind kind, int value)
{
	if (kind != PICK_EVAL_REASON)
		return;
	evaluator_reason(&a->ev, value);
	app_dialog(a, DLG_EVAL_COMMENT, N_("Anything to add? (Enter to skip)"));
	form_add(&a->dlg, N_("Comment"), "", false, 200);
}

static void ev_dialog(struct app *a)
{
	if (a->dlg_kind == DLG_EVAL_COMMENT && a->ev.phase == EVAL_COMMENT) {
		char comment[FORM_FIELD_BYTES];
		snprintf(comment, sizeof comment, "%s", a->dlg.f[0].value);
		a->dlg_kind = DLG_NONE;
		ev_send(a, comment);
		return;
	}
	a->dlg_kind = DLG_NONE;
}

/* About once a second: a question left (Esc) asks again from the levels,
 * a comment left is none; thanks end; the asking's end is read. */
static void ev_tick(struct app *a, int64_t now)
{
	struct evaluator *e = &a->ev;
	if (e->phase == EVAL_REASON && a->picking == PICK_NONE)
		e->phase = EVAL_LEVEL;
	else if (e->phase == EVAL_COMMENT && a->dlg_kind == DLG_NONE)
		ev_send(a, NULL);
	if (evaluator_tick(e, now))
		ev_read(a);
	if ((e->phase == EVAL_LEVEL || e->phase == EVAL_REASON || e->phase == EVAL_COMMENT) &&
	    evaluator_seconds_left(e, now) == 0)
		ev_read(a);
	a->dirty = true;          /* the seconds left */
}

/* The rating's answer: recorded, or the service no longer awaits one
 * (rated on paper, or its time ran out): thanks either way. */
static void ev_on_rated(struct app *a, const struct pending *p, const struct net_reply *r)
{
	(void)p;
	if (r->status / 100 != 2 && r->status != 409 && r->status != 404)
		app_say_error(a, r);
	evaluator_answered(&a->ev, r->status / 100 != 2, app_now(a));
	ev_read(a);
}

static const struct app_reply ev_replies[REQ_KIND_COUNT] = {
	[REQ_EVALUATOR] = { .decode = ev_decode, .store = ev_store, .reread = ev_read },
	[REQ_EVAL_RATE] = { .handle = ev_on_rated },
};

static enum req_kind ev_kind_of(const char *path)
{
	return strcmp(path, "/api/v1/evaluator/rating") == 0 ? REQ_EVAL_RATE : REQ_NONE;
}

static const enum keymap_scope ev_scopes[] = { KM_EVALUATOR };

const struct app_role app_role_evaluator = {
	.name = "evaluator", .first = SCR_EVALUATOR,
	.scopes = ev_scopes, .nscopes = sizeof ev_scopes / sizeof ev_scopes[0],
	.start = ev_start, .reload = ev_read, .events = ev_events, .tick = ev_tick,
	.action = ev_action, .picker = ev_picker, .dialog = ev_dialog, .replies = ev_replies,
	.kind_of = ev_kind_of,
};
