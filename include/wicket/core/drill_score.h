/* drill_score.h - the score of a trainer's role-play drill (岗位练兵).
 *
 * A drill is a script of applicants (data/drills/NAME.json) played to a
 * trainee at a drill window.  For every applicant that arrived, the
 * trainee earns up to DRILL_POINTS on each criterion that applies:
 *
 *   order      never passed over: at no call while the applicant waited was
 *              someone called whom the hall's policy (queue.h: due
 *              appointments, then priority applicants, then first come first
 *              served, with the priority cap) puts behind the applicant.
 *              Applies to everyone.
 *   materials  a case was made in which every required material the
 *              applicant validly brought is ticked as received, and the
 *              "wrong" one (brought but not acceptable, e.g. an expired ID
 *              card) is not.  Applies when a case is expected (accept or
 *              notice).
 *   notice     the case stands notified and its missing list equals exactly
 *              the expected one (一次性告知: complete and exact).  Applies
 *              when a notice is expected.
 *   due        the case was accepted and its due date is the matter's
 *              working days on the calendar from the day of acceptance.
 *              Applies to a promised matter (承诺件) expected to be accepted.
 *   transfer   transferred to the expected service when a transfer is
 *              expected; not transferred at all otherwise.  Applies to
 *              everyone.
 *   time       handled (from the start of service, or the call when never
 *              started, to the finish or the transfer) within the standard
 *              time: full points up to the standard, then linearly down to
 *              0 at twice the standard, rounded down.  Applies to everyone.
 *
 * An applicant who was never called scores 0 on every criterion that
 * applies.  Pure logic over the caller's arrays: no I/O, thread-safe. */
#ifndef WICKET_DRILL_SCORE_H
#define WICKET_DRILL_SCORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wicket/core/date.h"

/* The most one criterion gives for one applicant. */
#define DRILL_POINTS 10

enum drill_criterion {
	DRILL_CRIT_ORDER,
	DRILL_CRIT_MATERIALS,
	DRILL_CRIT_NOTICE,
	DRILL_CRIT_DUE,
	DRILL_CRIT_TRANSFER,
	DRILL_CRIT_TIME,
	DRILL_NCRITERIA
};

/* What the script expects the trainee to do with an applicant. */
enum drill_outcome {
	DRILL_OUT_ACCEPT,    /* accept the case (受理) */
	DRILL_OUT_NOTICE,    /* give the one-time notice of what is missing */
	DRILL_OUT_TRANSFER,  /* send the applicant to another service (转办) */
	DRILL_NOUTCOMES
};

/* "order", "materials", "notice", "due", "transfer", "time"; "?" out of
 * range.  Static strings. */
const char *drill_criterion_name(enum drill_criterion c);
/* "accept", "notice", "transfer"; "?" out of range. */
const char *drill_outcome_name(enum drill_outcome o);
/* Parse a name of drill_outcome_name(): 0 with *out set, or -1 (also for
 * NULL), leaving *out alone. */
int drill_outcome_parse(const char *s, enum drill_outcome *out);

/* The script's expectations of one applicant. */
struct drill_expect {
	enum drill_outcome outcome;
	bool priority;                /* of a priority class (elderly, disabled, ...) */
	bool promised;                /* the matter is a promised one (承诺件) */
	const int *required;          /* the matter's required material ids */
	size_t nrequired;
	const int *missing;           /* DRILL_OUT_NOTICE: what the notice must list */
	size_t nmissing;
	int wrong;                    /* brought but not acceptable; 0 when none */
	const char *transfer_to;      /* DRILL_OUT_TRANSFER: the right service */
	int64_t standard_seconds;     /* the handling time it should take, > 0 */
};

/* What the trainee did with one applicant; zeros, false and NULL where
 * nothing happened. */
struct drill_conduct {
	int64_t arrived_at;           /* the ticket's place in the queue (epoch s); 0 = never arrived */
	int64_t arrived_seq;          /* the position of the arrival among the calls' seq */
	int64_t ticket;               /* the ticket's id: the queue's tie-break */
	int64_t started_at;           /* service began (started, else called) */
	int64_t ended_at;             /* finished, or transferred */
	bool has_case;
	const int *received;          /* the case's received ids */
	size_t nreceived;
	const int *missing;           /* the case's missing ids */
	size_t nmissing;
	bool accepted;                /* the case is accepted, suspended or completed */
	date_t due;                   /* the case's due date (0 when none) */
	date_t due_expected;          /* the working days of the matter from acceptance */
	const char *transferred_to;   /* the follow-up ticket's service, "" for a
	                               * transfer to a window, NULL when none */
};

/* A call the trainee made at its window, in the order they were made. */
struct drill_call {
	size_t applicant;             /* index of the applicant; >= n for a ticket not of the script */
	int64_t at;                   /* when (epoch s) */
	int64_t seq;                  /* ordered with drill_conduct.arrived_seq */
};

/* Points per criterion; max 0 where the criterion does not apply. */
struct drill_marks {
	int points[DRILL_NCRITERIA];
	int max[DRILL_NCRITERIA];
	int total, total_max;
};

/* The points of a handling time against a standard (both seconds, the
 * standard > 0): DRILL_POINTS up to the standard, then linearly down to 0
 * at twice the standard, rounded down. */
int drill_time_points(int64_t seconds, int64_t standard);

/* Score the n applicants of one trainee: exp[i] and did[i] describe
 * applicant i; calls[0..ncalls) are the trainee's calls in order; cap is
 * the hall's priority cap (queue.h), applied from a run of 0.  Fills
 * out[0..n) (the caller's) and *sum, the totals over all applicants.
 * Applicants that never arrived get all-zero marks. */
void drill_score(const struct drill_expect *exp, const struct drill_conduct *did, size_t n,
		 const struct drill_call *calls, size_t ncalls, int cap,
		 struct drill_marks *out, struct drill_marks *sum);

#endif
