/* trainer.c - the state of a trainer's screens (trainer.h). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdlib.h>
#include <string.h>

#include "wicket/model/list.h"
#include "wicket/model/wire.h"
#include "wicket/model/trainer.h"
#include "wicket/common/xalloc.h"

/* What the console's keys need: an open drill, read, still running. */
static enum refusal trainer_check_console(const struct trainer *t, enum action a)
{
	if (!t->have_drill)
		return REF_LOADING;
	switch (a) {
	case ACT_RELEASE:
		if (t->drill.status == DS_FINISHED)
			return REF_FINISHED;
		return t->drill.next > 0 ? REF_OK : REF_SCRIPT_DONE;
	case ACT_RUN_CLOCK: case ACT_RESET_DRILL: case ACT_FINISH_DRILL:
		return t->drill.status == DS_FINISHED ? REF_FINISHED : REF_OK;
	case ACT_SCORE: case ACT_LEADERBOARD:
		return REF_OK;
	default:
		return REF_NOT_HERE;
	}
}

enum refusal trainer_check(const struct trainer *t, enum scr scr, enum action a, bool busy)
{
	bool changes = a == ACT_START_DRILL || a == ACT_RELEASE || a == ACT_RUN_CLOCK ||
		       a == ACT_RESET_DRILL || a == ACT_FINISH_DRILL;
	if (busy && changes)
		return REF_BUSY;
	switch (scr) {
	case SCR_DRILLS:
		if (a == ACT_NEW_DRILL || a == ACT_LEADERBOARD)
			return REF_OK;
		if (a == ACT_OPEN_DRILL)
			return trainer_selected_drill(t) ? REF_OK : REF_NO_DRILL;
		return REF_NOT_HERE;
	case SCR_SCENARIOS:
		if (a == ACT_START_DRILL)
			return trainer_selected_scenario(t) ? REF_OK : REF_NO_SCENARIO;
		return REF_NOT_HERE;
	case SCR_CONSOLE:
		return trainer_check_console(t, a);
	case SCR_SCORE:
		if (a == ACT_NEXT_TRAINEE || a == ACT_PREV_TRAINEE)
			return t->have_score ? REF_OK : REF_NO_SCORE;
		return a == ACT_LEADERBOARD ? REF_OK : REF_NOT_HERE;
	default:
		return REF_NOT_HERE;
	}
}


static const struct list_kind trainer_drills_kind = {
	.desc = &m_drill_desc,
};
static const struct list_kind trainer_feed_kind = {
	.desc = &m_event_desc,
};

void trainer_set_drills(struct trainer *t, struct m_drill *d, size_t n)
{
	list_replace(&t->drills, &t->ndrills, &t->drills_sel, d, n, &trainer_drills_kind);
}

void trainer_set_scenarios(struct trainer *t, struct m_scenarios *s)
{
	m_take(&m_scenarios_desc, &t->scen, s);
	t->scen_sel = counter_move(t->scen_sel, t->scen.n, 0);
}

void trainer_clear_feed(struct trainer *t)
{
	list_replace(&t->feed, &t->nfeed, NULL, NULL, 0, &trainer_feed_kind);
}

void trainer_open(struct trainer *t, int64_t id)
{
	if (t->drill_id == id)
		return;
	t->drill_id = id;
	t->have_drill = false;
	m_free(&m_drill_desc, &t->drill);
	t->app_sel = 0;
	t->app_moved = false;
	trainer_clear_feed(t);
	t->have_score = false;
	m_free(&m_score_desc, &t->score);
	t->trainee_sel = 0;
	t->score_scroll = 0;
}

/* The last applicant that arrived (0 when none did). */
static size_t trainer_last_arrived(const struct m_drill *d)
{
	size_t last = 0;
	for (size_t i = 0; i < d->napplicants; i++)
		if (d->applicants[i].released)
			last = i;
	return last;
}

/* Move in (described by desc, a reply about drill id) into slot when it is
 * about the drill open here; a late reply about another is released.
 * Returns whether it was taken. */
static bool trainer_take(const struct trainer *t, int64_t id, const struct m_desc *desc,
			 void *slot, void *in)
{
	if (id != t->drill_id) {
		m_free(desc, in);
		return false;
	}
	m_take(desc, slot, in);
	return true;
}

bool trainer_set_drill(struct trainer *t, struct m_drill *d)
{
	if (!trainer_take(t, d->id, &m_drill_desc, &t->drill, d))
		return false;
	t->have_drill = true;
	if (!t->app_moved)
		t->app_sel = trainer_last_arrived(&t->drill);
	t->app_sel = counter_move(t->app_sel, t->drill.napplicants, 0);
	return true;
}

void trainer_add_events(struct trainer *t, struct m_event *ev, size_t n)
{
	if (n == 0)
		return;
	size_t keep = t->nfeed + n > TRAINER_FEED_MAX ? TRAINER_FEED_MAX : t->nfeed + n;
	struct m_event *feed = xcalloc(keep, sizeof *feed);
	size_t drop = t->nfeed + n - keep, k = 0;
	/* The oldest go first: those of the feed, then of the batch. */
	for (size_t i = 0; i < t->nfeed; i++) {
		if (i < drop)
			m_free(&m_event_desc, &t->feed[i]);
		else
			feed[k++] = t->feed[i];
	}
	for (size_t i = 0; i < n; i++) {
		if (t->nfeed + i >= drop)
			feed[k++] = ev[i];
		else
			m_free(&m_event_desc, &ev[i]);
		memset(&ev[i], 0, sizeof ev[i]);
	}
	free(t->feed);
	t->feed = feed;
	t->nfeed = keep;
}

bool trainer_set_score(struct trainer *t, struct m_score *s)
{
	if (!trainer_take(t, s->id, &m_score_desc, &t->score, s))
		return false;
	t->have_score = true;
	t->trainee_sel = counter_move(t->trainee_sel, t->score.ntrainees, 0);
	return true;
}

void trainer_set_board(struct trainer *t, struct m_leaderboard *b)
{
	m_take(&m_leaderboard_desc, &t->board, b);
	t->have_board = true;
	t->board_sel = counter_move(t->board_sel, t->board.nentries, 0);
}

void trainer_move(struct trainer *t, enum scr scr, long delta)
{
	switch (scr) {
	case SCR_DRILLS:
		t->drills_sel = counter_move(t->drills_sel, t->ndrills, delta);
		break;
	case SCR_SCENARIOS:
		t->scen_sel = counter_move(t->scen_sel, t->scen.n, delta);
		break;
	case SCR_CONSOLE:
		t->app_sel = counter_move(t->app_sel, t->drill.napplicants, delta);
		t->app_moved = true;
		break;
	case SCR_SCORE: {
		const struct m_score_trainee *st = trainer_selected_trainee(t);
		t->score_scroll = counter_move(t->score_scroll, st ? st->napplicants : 0, delta);
		break;
	}
	case SCR_LEADERBOARD:
		t->board_sel = counter_move(t->board_sel, t->board.nentries, delta);
		break;
	default:
		break;
	}
}

const struct m_drill *trainer_selected_drill(const struct trainer *t)
{
	return t->drills_sel < t->ndrills ? &t->drills[t->drills_sel] : NULL;
}

const struct m_scenario *trainer_selected_scenario(const struct trainer *t)
{
	return t->scen_sel < t->scen.n ? &t->scen.v[t->scen_sel] : NULL;
}

const struct m_drill_applicant *trainer_selected_applicant(const struct trainer *t)
{
	return t->have_drill && t->app_sel < t->drill.napplicants ? &t->drill.applicants[t->app_sel] : NULL;
}

const struct m_score_trainee *trainer_selected_trainee(const struct trainer *t)
{
	return t->have_score && t->trainee_sel < t->score.ntrainees ? &t->score.trainees[t->trainee_sel] : NULL;
}

const char *trainer_competition(const struct trainer *t, enum scr scr)
{
	switch (scr) {
	case SCR_DRILLS: {
		const struct m_drill *d = trainer_selected_drill(t);
		return d ? d->competition : NULL;
	}
	case SCR_CONSOLE:
		return t->have_drill ? t->drill.competition : NULL;
	case SCR_SCORE:
		return t->have_score ? t->score.competition : NULL;
	case SCR_LEADERBOARD:
		return t->have_board ? t->board.competition : NULL;
	default:
		return NULL;
	}
}

int64_t trainer_next_arrival(const struct trainer *t)
{
	const struct m_drill *d = &t->drill;
	if (!t->have_drill || !d->run_on || d->status == DS_FINISHED || d->next <= 0 ||
	    (size_t)d->next > d->napplicants)
		return 0;
	return d->applicants[d->next - 1].arrives_at;
}

void trainer_free(struct trainer *t)
{
	trainer_set_drills(t, NULL, 0);
	m_free(&m_scenarios_desc, &t->scen);
	m_free(&m_drill_desc, &t->drill);
	trainer_clear_feed(t);
	m_free(&m_score_desc, &t->score);
	m_free(&m_leaderboard_desc, &t->board);
	free(t->board_for);
	memset(t, 0, sizeof *t);
}
