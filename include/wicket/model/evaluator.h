/* evaluator.h - the evaluator (评价器) at a window, the applicant's side:
 * its window's state as GET /evaluator gives it, and the rating being
 * asked for (好差评: one per service).  The client folds the server's
 * answer in with evaluator_set_state(); keys and answers move the rating
 * through its phases with the functions below; views only read a struct
 * evaluator.  No I/O here. */
#ifndef WICKET_EVALUATOR_H
#define WICKET_EVALUATOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wicket/model/model.h"

/* The clerk at the window: {user (工号), name}. */
struct m_eval_clerk {
	char *user;
	char *name;
};

/* The service whose rating is asked for. */
struct m_eval_ask {
	int64_t ticket;
	char *number;
	int64_t seconds_left;
};

/* GET /evaluator (docs/api.md). */
struct m_evaluator {
	int window;
	char *window_name;
	enum m_window_status status;
	bool has_clerk;
	struct m_eval_clerk clerk;
	bool serving;
	char *ticket_number;       /* NULL unless serving or called */
	bool has_asking;
	struct m_eval_ask asking;
};

/* The poor rating's reasons, as the wire names them, 1..EVAL_NREASONS. */
#define EVAL_NREASONS 6
extern const char *const evaluator_reasons[EVAL_NREASONS + 1];

enum eval_phase {
	EVAL_IDLE,        /* the window: who serves, or nobody */
	EVAL_LEVEL,       /* the five levels asked */
	EVAL_REASON,      /* a poor level: its reason asked */
	EVAL_COMMENT,     /* and an optional comment */
	EVAL_SENT,        /* sent, awaiting the answer (or offline: in the journal) */
	EVAL_THANKS,      /* thanked, for a few seconds */
};

#define EVAL_THANKS_SECONDS 5

struct evaluator {
	bool have;                 /* state holds an answer */
	struct m_evaluator state;
	int64_t read_at;           /* the client's clock when it was read */
	enum eval_phase phase;
	int64_t ticket;            /* the service being rated (0 none) */
	char *number;              /* its ticket number, owned */
	int64_t deadline;          /* the client's clock when the asking ends */
	int64_t done_ticket;       /* the last service rated here: never asked twice */
	int level;                 /* 1..5 once chosen */
	int reason;                /* 1..EVAL_NREASONS once chosen, 0 none */
	int64_t thanks_until;
	bool closed;               /* the answer: the service was no longer asking */
};

/* Fold in a read of the window at now (takes st over, leaving it empty):
 * a service newly asking starts the questions; one no longer asking ends
 * them (rated elsewhere, or its time ran out). */
void evaluator_set_state(struct evaluator *e, struct m_evaluator *st, int64_t now);
/* Level 1..5 pressed: true when it is taken (the questions are open);
 * then a poor level (1, 2) asks its reason, another is ready to send. */
bool evaluator_level(struct evaluator *e, int level);
/* The reason (1..EVAL_NREASONS) of a poor level chosen: the comment next. */
void evaluator_reason(struct evaluator *e, int reason);
/* The rating went (or is in the journal): the answer is awaited. */
void evaluator_sent(struct evaluator *e);
/* The server's answer: recorded (closed false) or the service was no
 * longer awaiting a rating (closed true); thanks either way, until now +
 * EVAL_THANKS_SECONDS. */
void evaluator_answered(struct evaluator *e, bool closed, int64_t now);
/* The clock: thanks end, back to idle.  True when the phase changed. */
bool evaluator_tick(struct evaluator *e, int64_t now);
/* Seconds left to rate at now (0 when none). */
int64_t evaluator_seconds_left(const struct evaluator *e, int64_t now);
void evaluator_free(struct evaluator *e);

#endif
