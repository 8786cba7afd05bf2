/* evaluator.c - the evaluator's phases (evaluator.h). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdlib.h>
#include <string.h>

#include "wicket/model/evaluator.h"
#include "wicket/model/wire.h"
#include "wicket/common/xalloc.h"

const char *const evaluator_reasons[EVAL_NREASONS + 1] = {
	NULL, "attitude", "efficiency", "policy", "materials", "environment", "other",
};

/* The questions end without a rating (the asking ended elsewhere). */
static void evaluator_idle(struct evaluator *e)
{
	e->phase = EVAL_IDLE;
	e->ticket = 0;
	e->level = e->reason = 0;
	free(e->number);
	e->number = NULL;
}

void evaluator_set_state(struct evaluator *e, struct m_evaluator *st, int64_t now)
{
	m_take(&m_evaluator_desc, &e->state, st);
	e->have = true;
	e->read_at = now;
	const struct m_evaluator *s = &e->state;
	bool asking = s->has_asking && s->asking.ticket > 0;
	bool asking_now = e->phase == EVAL_LEVEL || e->phase == EVAL_REASON || e->phase == EVAL_COMMENT;
	if (asking && s->asking.ticket != e->done_ticket && s->asking.ticket != e->ticket &&
	    (e->phase == EVAL_IDLE || asking_now || e->phase == EVAL_THANKS)) {
		evaluator_idle(e);
		e->phase = EVAL_LEVEL;
		e->ticket = s->asking.ticket;
		e->number = xstrdup(s->asking.number ? s->asking.number : "");
		e->deadline = now + s->asking.seconds_left;
	} else if (asking && s->asking.ticket == e->ticket) {
		e->deadline = now + s->asking.seconds_left;
	} else if (!asking && asking_now) {
		evaluator_idle(e);
	}
}

bool evaluator_level(struct evaluator *e, int level)
{
	if (e->phase != EVAL_LEVEL || level < 1 || level > 5)
		return false;
	e->level = level;
	e->reason = 0;
	if (level <= 2)
		e->phase = EVAL_REASON;
	return true;
}

void evaluator_reason(struct evaluator *e, int reason)
{
	if (e->phase != EVAL_REASON || reason < 1 || reason > EVAL_NREASONS)
		return;
	e->reason = reason;
	e->phase = EVAL_COMMENT;
}

void evaluator_sent(struct evaluator *e)
{
	e->phase = EVAL_SENT;
	e->done_ticket = e->ticket;
}

void evaluator_answered(struct evaluator *e, bool closed, int64_t now)
{
	e->phase = EVAL_THANKS;
	e->closed = closed;
	e->thanks_until = now + EVAL_THANKS_SECONDS;
}

bool evaluator_tick(struct evaluator *e, int64_t now)
{
	if (e->phase == EVAL_THANKS && now >= e->thanks_until) {
		evaluator_idle(e);
		return true;
	}
	return false;
}

int64_t evaluator_seconds_left(const struct evaluator *e, int64_t now)
{
	return e->deadline > now ? e->deadline - now : 0;
}

void evaluator_free(struct evaluator *e)
{
	m_free(&m_evaluator_desc, &e->state);
	free(e->number);
	memset(e, 0, sizeof *e);
}
