/* trainer.h - the state of a trainer's screens (岗位练兵), and their rules.
 *
 * The trainer's counterpart of counter.h: the drills, the scenarios to
 * start one from, the drill open in the console with the trainees' actions
 * as they come, its score and a competition's leaderboard.  The client
 * folds the server's answers in with trainer_set_*() (each takes over what
 * it is given, leaving the source empty, and frees what it replaces);
 * trainer_check() says whether an action may be taken now and, if not,
 * why; views only read a struct trainer.  No I/O here. */
#ifndef WICKET_TRAINER_H
#define WICKET_TRAINER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wicket/model/action.h"
#include "wicket/model/counter.h"
#include "wicket/model/drill.h"

/* How many of the trainees' actions the console keeps (the oldest go). */
#define TRAINER_FEED_MAX 200
/* The most trainees a drill takes (docs/api.md). */
#define TRAINER_MAX_TRAINEES 20

struct trainer {
	/* The drills, newest first: the trainer's first screen. */
	struct m_drill *drills;
	size_t ndrills;
	size_t drills_sel;
	struct m_page drills_page;      /* where the page shown stands */
	int64_t drills_at;              /* the page asked for (offset) */
	/* The scenarios a drill starts from. */
	struct m_scenarios scen;
	size_t scen_sel;
	/* The drill open in the console. */
	int64_t drill_id;              /* 0: none */
	bool have_drill;               /* drill holds it as last read */
	struct m_drill drill;
	size_t app_sel;                /* the applicant whose lines are shown */
	bool app_moved;                /* the trainer chose one: arrivals do not move it */
	struct m_event *feed;          /* the trainees' actions, oldest first */
	size_t nfeed;
	/* Its score. */
	bool have_score;
	struct m_score score;
	size_t trainee_sel;
	size_t score_scroll;           /* first applicant row shown */
	/* A competition's leaderboard. */
	char *board_for;               /* the competition asked for; NULL before */
	bool have_board;
	struct m_leaderboard board;
	size_t board_sel;
};

/* Whether a may be taken on screen scr now (busy: an action of the trainer
 * is on its way): REF_OK or the reason (counter.h's refusals, whose text
 * counter_refusal_text() gives). */
enum refusal trainer_check(const struct trainer *t, enum scr scr, enum action a, bool busy);

void trainer_set_drills(struct trainer *t, struct m_drill *d, size_t n);
void trainer_set_scenarios(struct trainer *t, struct m_scenarios *s);
/* Open drill id in the console: what was shown of another drill (the drill,
 * its feed, its score) goes; the same drill keeps it. */
void trainer_open(struct trainer *t, int64_t id);
/* The drill as the server has it now.  One of another drill than the open
 * one is dropped (an answer that came after the trainer moved on): returns
 * false then.  The selection follows the latest arrival until the trainer
 * moves it. */
bool trainer_set_drill(struct trainer *t, struct m_drill *d);
/* Append the events of a batch of the drill's feed (taken over: each
 * element of ev is left empty), keeping the last TRAINER_FEED_MAX. */
void trainer_add_events(struct trainer *t, struct m_event *ev, size_t n);
/* The feed restarted (a reset): forget what it showed. */
void trainer_clear_feed(struct trainer *t);
/* The score of the open drill; one of another drill is dropped (false). */
bool trainer_set_score(struct trainer *t, struct m_score *s);
void trainer_set_board(struct trainer *t, struct m_leaderboard *b);
/* Move the selection of screen scr by delta, clamped. */
void trainer_move(struct trainer *t, enum scr scr, long delta);
/* The selected drill of the list, scenario, applicant, trainee of the
 * score; NULL when there is none. */
const struct m_drill *trainer_selected_drill(const struct trainer *t);
const struct m_scenario *trainer_selected_scenario(const struct trainer *t);
const struct m_drill_applicant *trainer_selected_applicant(const struct trainer *t);
const struct m_score_trainee *trainer_selected_trainee(const struct trainer *t);
/* The competition the leaderboard key means on screen scr (the open
 * drill's, its score's, the selected one of the list), or NULL. */
const char *trainer_competition(const struct trainer *t, enum scr scr);
/* When the next applicant arrives on the script's running clock (seconds
 * since the epoch); 0 when the clock is stopped, the drill is finished or
 * every applicant has arrived. */
int64_t trainer_next_arrival(const struct trainer *t);
/* Release everything t owns; t is zeroed. */
void trainer_free(struct trainer *t);

#endif
