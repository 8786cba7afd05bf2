/* wire_drill.c - the tables of the trainers' drills (drill.h; wire.h). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stddef.h>
#include <stdint.h>

#include "wicket/model/wire.h"

#define W_T struct m_scenario
static const struct m_field m_scenario_fields[] = {
	W_STR("id", id, WF_REQ),
	W_STR("title", title, WF_REQ),
	W_STR("summary", summary, WF_LINES),
	W_STRV("services", services, nservices, 0),
	W_INT("applicants", applicants, 0, 0),
	W_STRV("matters", matters, nmatters, 0),
};
#undef W_T
const struct m_desc m_scenario_desc = W_DESC(struct m_scenario, m_scenario_fields);

#define W_T struct m_rejected
static const struct m_field m_rejected_fields[] = {
	W_STR("file", file, WF_REQ),
	W_STR("error", error, 0),
};
#undef W_T
const struct m_desc m_rejected_desc = W_DESC(struct m_rejected, m_rejected_fields);

#define W_T struct m_scenarios
static const struct m_field m_scenarios_fields[] = {
	W_ARR("scenarios", v, n, WF_REQ, struct m_scenario, m_scenario_desc),
	W_ARR("rejected", rejected, nrejected, 0, struct m_rejected, m_rejected_desc),
};
#undef W_T
const struct m_desc m_scenarios_desc = W_DESC(struct m_scenarios, m_scenarios_fields);

#define W_T struct m_drill_window
static const struct m_field m_drill_window_fields[] = {
	W_STR("trainee", trainee, WF_REQ),
	W_STR("name", name, 0),
	W_INT("window", window, WF_REQ, 0),
};
#undef W_T
const struct m_desc m_drill_window_desc = W_DESC(struct m_drill_window, m_drill_window_fields);

#define W_T struct m_drill_ticket
static const struct m_field m_drill_ticket_fields[] = {
	W_STR("trainee", trainee, WF_REQ),
	W_INT("window", window, 0, 0),
	W_I64("ticket", ticket, WF_REQ),
	W_STR("number", number, WF_REQ),
	W_ENUM("status", status, WF_REQ, enum m_ticket_status, m_wire_ticket_status),
	W_OPT_ENUM("case_status", case_status, enum m_case_status, has_case, m_wire_case_status),
};
#undef W_T
const struct m_desc m_drill_ticket_desc = W_DESC(struct m_drill_ticket, m_drill_ticket_fields);

/* An applicant's nested objects land in the applicant itself. */
#define W_T struct m_drill_applicant
static const struct m_field m_wrong_fields[] = {
	W_INT("material", wrong_material, WF_REQ, 0),
	W_STR("note", wrong_note, 0),
};
static const struct m_desc m_wrong_desc = W_DESC(struct m_drill_applicant, m_wrong_fields);
static const struct m_field m_rating_fields[] = {
	W_INT("level", rating, WF_REQ, 0),
	W_STR("comment", rating_comment, 0),
};
static const struct m_desc m_rating_desc = W_DESC(struct m_drill_applicant, m_rating_fields);
static const struct m_field m_expect_fields[] = {
	W_STR("outcome", expect, WF_REQ),
	W_INTV("missing", expect_missing, nexpect_missing, 0),
	W_STR("service", expect_service, 0),
};
static const struct m_desc m_expect_desc = W_DESC(struct m_drill_applicant, m_expect_fields);

static const struct m_field m_drill_applicant_fields[] = {
	W_INT("applicant", no, WF_REQ, 0),
	W_STR("name", name, WF_REQ),
	W_INT("arrival", arrival, 0, 0),
	W_ENUM("priority", priority, 0, enum m_priority, m_wire_priority),
	W_STR("service", service, 0),
	W_STR("matter", matter, 0),
	W_STR("id_number", id_number, 0),
	W_STR("phone", phone, 0),
	W_INTV("brought", brought, nbrought, 0),
	W_SUB("wrong", 0, m_wrong_desc),
	W_STR("says", says, WF_LINES),
	W_BOOL("wrong_window", wrong_window, 0),
	W_SUB("rating", 0, m_rating_desc),
	W_SUB("expect", WF_REQ, m_expect_desc),
	W_BOOL("released", released, 0),
	W_TIME("arrives_at", arrives_at, 0),
	W_ARR("tickets", tickets, ntickets, 0, struct m_drill_ticket, m_drill_ticket_desc),
};
#undef W_T
const struct m_desc m_drill_applicant_desc = W_DESC(struct m_drill_applicant, m_drill_applicant_fields);

/* A list entry (GET /drills) has what the whole drill has up to "trainees". */
#define W_T struct m_drill
static const struct m_field m_run_fields[] = {
	W_BOOL("on", run_on, WF_REQ),
	W_TIME("base", run_base, 0),
};
static const struct m_desc m_run_desc = W_DESC(struct m_drill, m_run_fields);

static const struct m_field m_drill_fields[] = {
	W_I64("id", id, WF_REQ),
	W_STR("code", code, WF_REQ),
	W_STR("scenario", scenario, WF_REQ),
	W_STR("title", title, 0),
	W_STR("trainer", trainer, 0),
	W_STR("competition", competition, WF_NULL),
	W_ENUM("status", status, WF_REQ, enum m_drill_status, m_wire_drill_status),
	W_TIME("created_at", created_at, 0),
	W_TIME("finished_at", finished_at, 0),
	W_INT("trainees", trainees, 0, 0),
	W_ARR("windows", windows, nwindows, WF_FULL, struct m_drill_window, m_drill_window_desc),
	W_STR("summary", summary, WF_LINES),
	W_STR("instructions", instructions, WF_LINES),
	W_TIME("started_at", started_at, 0),
	W_SUB("run", WF_FULL, m_run_desc),
	W_INT("next", next, 0, 0),
	W_ARR("applicants", applicants, napplicants, WF_FULL, struct m_drill_applicant,
	      m_drill_applicant_desc),
};
#undef W_T
const struct m_desc m_drill_desc = W_DESC(struct m_drill, m_drill_fields);

#define W_T struct m_points
static const struct m_field m_points_fields[] = {
	W_INT("points", points, WF_REQ, 0),
	W_INT("max", max, WF_REQ, 0),
};
#undef W_T
const struct m_desc m_points_desc = W_DESC(struct m_points, m_points_fields);

/* The keys are drill_criterion_name()'s; null: does not apply. */
#define W_T struct m_criteria
#define W_CRIT(key, c) W_OPT(WK_OBJ, key, p[c], struct m_points, has[c], &m_points_desc)
static const struct m_field m_criteria_fields[] = {
	W_CRIT("order", DRILL_CRIT_ORDER),
	W_CRIT("materials", DRILL_CRIT_MATERIALS),
	W_CRIT("notice", DRILL_CRIT_NOTICE),
	W_CRIT("due", DRILL_CRIT_DUE),
	W_CRIT("transfer", DRILL_CRIT_TRANSFER),
	W_CRIT("time", DRILL_CRIT_TIME),
};
#undef W_CRIT
#undef W_T
const struct m_desc m_criteria_desc = W_DESC(struct m_criteria, m_criteria_fields);

#define W_T struct m_score_applicant
static const struct m_field m_score_applicant_fields[] = {
	W_INT("applicant", no, WF_REQ, 0),
	W_STR("name", name, 0),
	W_STR("expect", expect, 0),
	W_I64("ticket", ticket, 0),
	W_STR("number", number, WF_NULL),
	W_OPT(WK_I64, "handling_seconds", handling_seconds, int64_t, has_handling, NULL),
	W_INT("total", total, WF_REQ, 0),
	W_INT("max", max, WF_REQ, 0),
	W_OBJ("criteria", crit, WF_REQ, struct m_criteria, m_criteria_desc),
};
#undef W_T
const struct m_desc m_score_applicant_desc = W_DESC(struct m_score_applicant, m_score_applicant_fields);

#define W_T struct m_score_trainee
static const struct m_field m_score_trainee_fields[] = {
	W_STR("trainee", trainee, WF_REQ),
	W_STR("name", name, 0),
	W_INT("window", window, 0, 0),
	W_INT("total", total, WF_REQ, 0),
	W_INT("max", max, WF_REQ, 0),
	W_OBJ("criteria", crit, WF_REQ, struct m_criteria, m_criteria_desc),
	W_ARR("applicants", applicants, napplicants, 0, struct m_score_applicant,
	      m_score_applicant_desc),
};
#undef W_T
const struct m_desc m_score_trainee_desc = W_DESC(struct m_score_trainee, m_score_trainee_fields);

#define W_T struct m_score
static const struct m_field m_score_fields[] = {
	W_I64("id", id, WF_REQ),
	W_STR("code", code, 0),
	W_STR("scenario", scenario, 0),
	W_STR("title", title, 0),
	W_STR("competition", competition, WF_NULL),
	W_ENUM("status", status, WF_REQ, enum m_drill_status, m_wire_drill_status),
	W_TIME("finished_at", finished_at, 0),
	W_ARR("trainees", trainees, ntrainees, WF_REQ, struct m_score_trainee, m_score_trainee_desc),
};
#undef W_T
const struct m_desc m_score_desc = W_DESC(struct m_score, m_score_fields);

#define W_T struct m_rank
static const struct m_field m_rank_fields[] = {
	W_INT("rank", rank, WF_REQ, 0),
	W_STR("trainee", trainee, WF_REQ),
	W_STR("name", name, 0),
	W_INT("drills", drills, 0, 0),
	W_INT("total", total, WF_REQ, 0),
	W_INT("max", max, WF_REQ, 0),
	W_OBJ("criteria", crit, 0, struct m_criteria, m_criteria_desc),
};
#undef W_T
const struct m_desc m_rank_desc = W_DESC(struct m_rank, m_rank_fields);

#define W_T struct m_leaderboard
static const struct m_field m_leaderboard_fields[] = {
	W_STR("competition", competition, WF_REQ),
	W_INT("drills", drills, 0, 0),
	W_ARR("entries", entries, nentries, WF_REQ, struct m_rank, m_rank_desc),
};
#undef W_T
const struct m_desc m_leaderboard_desc = W_DESC(struct m_leaderboard, m_leaderboard_fields);
