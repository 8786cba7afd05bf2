/* drill_marks.c - what each trainee did in a drill's sandbox, read back for
 * the score: per applicant of the script, the calls, the case and its
 * materials, the one-time notice, against what the script expected
 * (core/drill_score.c does the marking). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wicket/core/case.h"
#include "wicket/common/log.h"
#include "wicket/server/srv_drill.h"
#include "wicket/server/srv_ticket.h"
#include "wicket/common/xalloc.h"

/* ---- what a trainee did, for the score -------------------------------- */

/* The ids of a JSON array text we stored, malloc'd (caller frees). */
static int *drills_ids(const char *text, size_t *n)
{
	cJSON *arr = cJSON_Parse(text), *it;
	int *ids = xcalloc((size_t)cJSON_GetArraySize(arr) + 1, sizeof *ids);
	*n = 0;
	cJSON_ArrayForEach(it, arr)
		ids[(*n)++] = it->valueint;
	cJSON_Delete(arr);
	return ids;
}

/* One applicant's conduct: what became of ticket and its case.  moved
 * (16 bytes) holds the transfer's target; the case's ids are malloc'd
 * into did (the caller frees received and missing). */
static void drills_conduct(struct srv *sb, const struct drill_applicant *a, int64_t ticket,
			   struct drill_conduct *did, char *moved)
{
	struct tk_row t, f;
	if (tk_load(sb, ticket, &t))
		return;
	did->ticket = ticket;
	did->arrived_at = t.queue_at;
	did->arrived_seq = db_int(sb, "SELECT seq FROM events WHERE kind = 'ticket.issued' AND ticket = ?",
				  0, "I", ticket);
	did->started_at = t.started_at ? t.started_at : t.called_at;
	did->ended_at = t.finished_at;
	if (t.status == TICKET_TRANSFERRED && tk_load(sb, t.transferred_to, &f) == 0) {
		did->ended_at = f.issued_at;
		snprintf(moved, 16, "%s", f.target_window ? "" : f.service);
		did->transferred_to = moved;
	}
	db_q *st = db_prep(sb, "SELECT status, received, missing, accepted_on, due FROM cases "
				   "WHERE ticket = ? AND matter = ? ORDER BY id DESC LIMIT 1", "Is",
				   ticket, a->matter);
	if (db_step(st) == DB_ROW) {
		bool provisional;
		did->has_case = true;
		did->accepted = strcmp(db_col_text(st, 0), "notified") != 0;
		did->received = drills_ids(db_col_text(st, 1), &did->nreceived);
		did->missing = drills_ids(db_col_text(st, 2), &did->nmissing);
		did->due = db_col_date(st, 4);
		date_t accepted = db_col_date(st, 3);
		if (!accepted || cal_due(srv_cal(sb), accepted, a->working_days, NULL, 0, &did->due_expected,
					 &provisional))
			did->due_expected = 0;
	}
	db_reset(st);
}

/* {"order": {"points", "max"}, ...}, null where a criterion does not apply. */
static cJSON *drills_marks_json(const struct drill_marks *m, cJSON *o)
{
	cJSON_AddNumberToObject(o, "total", m->total);
	cJSON_AddNumberToObject(o, "max", m->total_max);
	cJSON *crit = cJSON_AddObjectToObject(o, "criteria");
	for (int c = 0; c < DRILL_NCRITERIA; c++) {
		if (!m->max[c]) {
			cJSON_AddNullToObject(crit, drill_criterion_name(c));
			continue;
		}
		cJSON *p = cJSON_AddObjectToObject(crit, drill_criterion_name(c));
		cJSON_AddNumberToObject(p, "points", m->points[c]);
		cJSON_AddNumberToObject(p, "max", m->max[c]);
	}
	return o;
}

/* The trainee's calls at its window, in order, as applicant indices (n for
 * a ticket not of the script); *out malloc'd.  Returns how many. */
static size_t drills_calls(struct srv *sb, int window, size_t n, struct drill_call **out)
{
	size_t k = 0, cap = 16;
	*out = xcalloc(cap, sizeof **out);
	db_q *st = db_prep(sb, "SELECT a.applicant, e.at, e.seq FROM events e "
				   "LEFT JOIN drill_applicants a ON a.ticket = e.ticket "
				   "WHERE e.kind = 'ticket.called' AND e.window = ? ORDER BY e.seq", "i", window);
	while (db_step(st) == DB_ROW) {
		if (k == cap)
			*out = xreallocarray(*out, cap *= 2, sizeof **out);
		(*out)[k++] = (struct drill_call){
			.applicant = db_col_null(st, 0) ? n :
				     (size_t)db_col_i64(st, 0),
			.at = db_col_i64(st, 1), .seq = db_col_i64(st, 2) };
	}
	db_reset(st);
	return k;
}

/* One applicant's line of the score. */
static cJSON *drills_applicant_json(struct srv *sb, const struct drill_applicant *a, size_t i,
				    const struct drill_conduct *did, const struct drill_marks *m)
{
	cJSON *o = cJSON_CreateObject();
	struct tk_row t;
	cJSON_AddNumberToObject(o, "applicant", (double)i + 1);
	cJSON_AddStringToObject(o, "name", a->name);
	cJSON_AddStringToObject(o, "expect", drill_outcome_name(a->expect.outcome));
	if (did->ticket && tk_load(sb, did->ticket, &t) == 0) {
		cJSON_AddNumberToObject(o, "ticket", (double)t.id);
		cJSON_AddStringToObject(o, "number", t.number);
	} else {
		cJSON_AddNullToObject(o, "ticket");
		cJSON_AddNullToObject(o, "number");
	}
	if (did->ended_at && did->started_at)
		cJSON_AddNumberToObject(o, "handling_seconds", (double)(did->ended_at - did->started_at));
	else
		cJSON_AddNullToObject(o, "handling_seconds");
	return drills_marks_json(m, o);
}

/* The score of the trainee at window (user, name). */
static cJSON *drills_trainee_score(struct srv *sb, const struct drill *d, const char *user,
				   const char *name, int window)
{
	size_t n = d->script->napps;
	struct drill_expect *exp = xcalloc(n + 1, sizeof *exp);
	struct drill_conduct *did = xcalloc(n + 1, sizeof *did);
	struct drill_marks *marks = xcalloc(n + 1, sizeof *marks), sum;
	char (*moved)[16] = xcalloc(n + 1, sizeof *moved);
	for (size_t i = 0; i < n; i++)
		exp[i] = d->script->apps[i].expect;
	db_q *st = db_prep(sb, "SELECT applicant, ticket FROM drill_applicants WHERE trainee = ? "
				   "ORDER BY applicant", "s", user);
	int64_t *tickets = xcalloc(n + 1, sizeof *tickets);
	while (db_step(st) == DB_ROW)
		if ((size_t)db_col_i64(st, 0) < n)
			tickets[db_col_i64(st, 0)] = db_col_i64(st, 1);
	db_reset(st);
	for (size_t i = 0; i < n; i++)
		if (tickets[i])
			drills_conduct(sb, &d->script->apps[i], tickets[i], &did[i], moved[i]);
	struct drill_call *calls;
	size_t ncalls = drills_calls(sb, window, n, &calls);
	drill_score(exp, did, n, calls, ncalls, sb->opt->priority_cap, marks, &sum);

	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "trainee", user);
	cJSON_AddStringToObject(o, "name", name);
	cJSON_AddNumberToObject(o, "window", window);
	drills_marks_json(&sum, o);
	cJSON *apps = cJSON_AddArrayToObject(o, "applicants");
	for (size_t i = 0; i < n; i++) {
		cJSON_AddItemToArray(apps, drills_applicant_json(sb, &d->script->apps[i], i, &did[i], &marks[i]));
		free((void *)did[i].received);
		free((void *)did[i].missing);
	}
	free(calls);
	free(tickets);
	free(moved);
	free(marks);
	free(did);
	free(exp);
	return o;
}

cJSON *drill_score_json(struct srv *sb, const struct drill *d)
{
	cJSON *arr = cJSON_CreateArray();
	char users[64][64], names[64][128];
	int windows[64];
	size_t n = 0;
	db_q *st = db_prep(sb, "SELECT uw.user, u.name, uw.window FROM user_windows uw "
				   "JOIN users u USING(user) ORDER BY uw.window", "");
	while (n < 64 && db_step(st) == DB_ROW) {
		tk_copy(users[n], sizeof users[n], st, 0);
		tk_copy(names[n], sizeof names[n], st, 1);
		windows[n++] = db_col_int(st, 2);
	}
	db_reset(st);
	for (size_t i = 0; i < n; i++)
		cJSON_AddItemToArray(arr, drills_trainee_score(sb, d, users[i], names[i], windows[i]));
	return arr;
}
