/* drill.h - the client's view of trainers' drills (岗位练兵), as plain C
 * structs (docs/api.md, "Drills").
 *
 * The model.h of the trainer's screens: the net layer decodes wicketd's
 * drill replies into these (api_drill.c, by wire.h), so no cJSON reaches the core or the
 * views.  As in model.h, every string is owned by its struct, valid UTF-8
 * and already passed through utf8_sanitize(); an absent optional string is
 * "" unless a member says it may be NULL; a zeroed struct is a valid empty
 * one, and m_free(&m_NAME_desc, &x) (wire.h) releases what the struct owns
 * (not the struct). */
#ifndef WICKET_DRILL_H
#define WICKET_DRILL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wicket/core/drill_score.h"
#include "wicket/model/model.h"

enum m_drill_status { DS_RUNNING, DS_FINISHED, DS_UNKNOWN };

/* A scenario file the server offers (GET /drills/scenarios). */
struct m_scenario {
	char *id;                  /* "promised-normal" */
	char *title;
	char *summary;
	char **services;           /* what the drill windows serve */
	size_t nservices;
	int applicants;            /* how many the script has */
	char **matters;
	size_t nmatters;
};

/* A scenario file the server refused at start-up, and why. */
struct m_rejected {
	char *file;
	char *error;
};

/* The whole reply of GET /drills/scenarios. */
struct m_scenarios {
	struct m_scenario *v;
	size_t n;
	struct m_rejected *rejected;
	size_t nrejected;
};

/* A trainee and the drill window it works at. */
struct m_drill_window {
	char *trainee;             /* user name */
	char *name;
	int window;
};

/* One trainee's ticket for an applicant of the script. */
struct m_drill_ticket {
	char *trainee;
	int window;
	int64_t ticket;
	char *number;              /* "A001": the same for every trainee */
	enum m_ticket_status status;
	bool has_case;
	enum m_case_status case_status;
};

/* One applicant of the script, as the trainer plays it. */
struct m_drill_applicant {
	int no;                    /* 1.. in the script's order */
	char *name;
	int arrival;               /* seconds after the start */
	enum m_priority priority;
	char *service;             /* of the ticket the applicant takes */
	char *matter;              /* what the applicant actually comes for */
	char *id_number;           /* fictional, for the case form */
	char *phone;
	int *brought;              /* material ids handed over */
	size_t nbrought;
	int wrong_material;        /* 0 = none: brought but not acceptable */
	char *wrong_note;
	char *says;                /* the applicant's lines (台词), may hold newlines */
	bool wrong_window;
	int rating;                /* 0 = none: what the applicant rates when asked */
	char *rating_comment;
	char *expect;              /* "accept", "notice", "transfer" */
	int *expect_missing;       /* a notice: the materials it must list */
	size_t nexpect_missing;
	char *expect_service;      /* a transfer: where to */
	bool released;
	int64_t arrives_at;        /* on the running clock; 0 = not scheduled */
	struct m_drill_ticket *tickets;   /* one per trainee once released */
	size_t ntickets;
};

/* A drill: a list entry (GET /drills) or the whole of GET /drills/{id},
 * whose members beyond the list's are then filled in. */
struct m_drill {
	int64_t id;
	char *code;                /* what the trainees sign in with, e.g. "K7Q2" */
	char *scenario;
	char *title;
	char *trainer;
	char *competition;         /* NULL = none */
	enum m_drill_status status;
	int64_t created_at, finished_at;
	int trainees;              /* a list entry: how many */
	/* The whole drill only. */
	struct m_drill_window *windows;
	size_t nwindows;
	char *summary;
	char *instructions;
	int64_t started_at;
	bool run_on;               /* the script's clock runs */
	int64_t run_base;
	int next;                  /* the next applicant to arrive; 0 = all did */
	struct m_drill_applicant *applicants;
	size_t napplicants;
};

/* Points on one criterion. */
struct m_points {
	int points, max;
};

/* The criteria of a score, by enum drill_criterion; has[c] false where c
 * applies to nothing (the server's null). */
struct m_criteria {
	bool has[DRILL_NCRITERIA];
	struct m_points p[DRILL_NCRITERIA];
};

struct m_score_applicant {
	int no;
	char *name;
	char *expect;
	int64_t ticket;            /* 0 = never arrived */
	char *number;              /* NULL = never arrived */
	bool has_handling;
	int64_t handling_seconds;
	int total, max;
	struct m_criteria crit;
};

struct m_score_trainee {
	char *trainee;
	char *name;
	int window;
	int total, max;
	struct m_criteria crit;
	struct m_score_applicant *applicants;
	size_t napplicants;
};

/* GET /drills/{id}/score, and the answer to finishing a drill. */
struct m_score {
	int64_t id;
	char *code;
	char *scenario;
	char *title;
	char *competition;         /* NULL = none */
	enum m_drill_status status;
	int64_t finished_at;
	struct m_score_trainee *trainees;
	size_t ntrainees;
};

struct m_rank {
	int rank;
	char *trainee;
	char *name;
	int drills;
	int total, max;
	struct m_criteria crit;
};

/* GET /drills/leaderboard?competition=NAME */
struct m_leaderboard {
	char *competition;
	int drills;
	struct m_rank *entries;
	size_t nentries;
};

/* "running", "finished" and back (unknown -> DS_UNKNOWN). */
enum m_drill_status m_drill_status_parse(const char *s);


/* The trainee at drill window `window` of d, or NULL. */
const struct m_drill_window *m_drill_trainee_at(const struct m_drill *d, int window);

#endif
