/* drill_score.c - the drill's criteria (drill_score.h). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdlib.h>
#include <string.h>

#include "wicket/core/case.h"
#include "wicket/core/drill_score.h"
#include "wicket/core/names.h"
#include "wicket/core/queue.h"
#include "wicket/common/xalloc.h"

static const char *const drill_criterion_names[DRILL_NCRITERIA] = {
	[DRILL_CRIT_ORDER] = "order",
	[DRILL_CRIT_MATERIALS] = "materials",
	[DRILL_CRIT_NOTICE] = "notice",
	[DRILL_CRIT_DUE] = "due",
	[DRILL_CRIT_TRANSFER] = "transfer",
	[DRILL_CRIT_TIME] = "time",
};

static const char *const drill_outcome_names[DRILL_NOUTCOMES] = {
	[DRILL_OUT_ACCEPT] = "accept",
	[DRILL_OUT_NOTICE] = "notice",
	[DRILL_OUT_TRANSFER] = "transfer",
};

const char *drill_criterion_name(enum drill_criterion c)
{
	return names_at(drill_criterion_names, DRILL_NCRITERIA, (int)c);
}

const char *drill_outcome_name(enum drill_outcome o)
{
	return names_at(drill_outcome_names, DRILL_NOUTCOMES, (int)o);
}

int drill_outcome_parse(const char *s, enum drill_outcome *out)
{
	int i = names_find(drill_outcome_names, DRILL_NOUTCOMES, s);
	if (i < 0)
		return -1;
	*out = (enum drill_outcome)i;
	return 0;
}

int drill_time_points(int64_t seconds, int64_t standard)
{
	if (seconds <= standard)
		return DRILL_POINTS;
	if (seconds >= 2 * standard)
		return 0;
	return (int)(DRILL_POINTS * (2 * standard - seconds) / standard);
}

/* The same ids, whatever their order and repeats. */
static bool drill_same_set(const int *a, size_t na, const int *b, size_t nb)
{
	for (size_t i = 0; i < na; i++)
		if (!case_ids_has(b, nb, a[i]))
			return false;
	for (size_t i = 0; i < nb; i++)
		if (!case_ids_has(a, na, b[i]))
			return false;
	return true;
}

/* Every required id the applicant validly brought (required less the
 * expected missing) is received, and the wrong one is not. */
static bool drill_materials_ok(const struct drill_expect *e, const struct drill_conduct *d)
{
	if (!d->has_case || (e->wrong && case_ids_has(d->received, d->nreceived, e->wrong)))
		return false;
	for (size_t i = 0; i < e->nrequired; i++)
		if (!case_ids_has(e->missing, e->nmissing, e->required[i]) &&
		    !case_ids_has(d->received, d->nreceived, e->required[i]))
			return false;
	return true;
}

static bool drill_transfer_ok(const struct drill_expect *e, const struct drill_conduct *d)
{
	if (e->outcome != DRILL_OUT_TRANSFER)
		return d->transferred_to == NULL;
	return d->transferred_to && e->transfer_to && strcmp(d->transferred_to, e->transfer_to) == 0;
}

/* Mark passed[i] for every applicant the policy put before the one each
 * call took while both waited, and called[i] for the ones called. */
static void drill_replay_calls(const struct drill_expect *exp, const struct drill_conduct *did,
			       size_t n, const struct drill_call *calls, size_t ncalls, int cap,
			       bool *called, bool *passed)
{
	struct queue_item *items = xreallocarray(NULL, n + 1, sizeof *items);
	size_t *who = xreallocarray(NULL, n + 1, sizeof *who);
	size_t *order = xreallocarray(NULL, n + 1, sizeof *order);
	int run = 0;
	for (size_t k = 0; k < ncalls; k++) {
		size_t a = calls[k].applicant;
		if (a >= n || called[a] || !did[a].arrived_at)
			continue;
		/* Who waited at this call: arrived before it, not called yet. */
		size_t m = 0, self = 0;
		for (size_t i = 0; i < n; i++) {
			if (!did[i].arrived_at || did[i].arrived_seq > calls[k].seq || (called[i] && i != a))
				continue;
			if (i == a)
				self = m;
			items[m] = (struct queue_item){ .id = did[i].ticket, .queue_at = did[i].arrived_at,
							.priority = exp[i].priority };
			who[m++] = i;
		}
		queue_order(items, m, calls[k].at, cap, run, order);
		for (size_t j = 0; j < m && order[j] != self; j++)
			passed[who[order[j]]] = true;
		run = queue_next_run(run, &items[self], calls[k].at);
		called[a] = true;
	}
	free(items);
	free(who);
	free(order);
}

/* Set criterion c of m: applicable, and full when ok. */
static void drill_mark(struct drill_marks *m, enum drill_criterion c, int points)
{
	m->max[c] = DRILL_POINTS;
	m->points[c] = points;
}

static void drill_score_one(const struct drill_expect *e, const struct drill_conduct *d,
			    bool called, bool passed, struct drill_marks *m)
{
	memset(m, 0, sizeof *m);
	if (!d->arrived_at)
		return;
	int full = called ? DRILL_POINTS : 0;
	drill_mark(m, DRILL_CRIT_ORDER, passed ? 0 : full);
	if (e->outcome != DRILL_OUT_TRANSFER)
		drill_mark(m, DRILL_CRIT_MATERIALS, drill_materials_ok(e, d) ? full : 0);
	if (e->outcome == DRILL_OUT_NOTICE)
		drill_mark(m, DRILL_CRIT_NOTICE, d->has_case && !d->accepted &&
			   drill_same_set(d->missing, d->nmissing, e->missing, e->nmissing) ? full : 0);
	if (e->outcome == DRILL_OUT_ACCEPT && e->promised)
		drill_mark(m, DRILL_CRIT_DUE, d->has_case && d->accepted && d->due &&
			   d->due == d->due_expected ? full : 0);
	drill_mark(m, DRILL_CRIT_TRANSFER, drill_transfer_ok(e, d) ? full : 0);
	drill_mark(m, DRILL_CRIT_TIME, called && d->ended_at && d->started_at ?
		   drill_time_points(d->ended_at - d->started_at, e->standard_seconds) : 0);
	for (int c = 0; c < DRILL_NCRITERIA; c++) {
		m->total += m->points[c];
		m->total_max += m->max[c];
	}
}

void drill_score(const struct drill_expect *exp, const struct drill_conduct *did, size_t n,
		 const struct drill_call *calls, size_t ncalls, int cap,
		 struct drill_marks *out, struct drill_marks *sum)
{
	bool *called = xcalloc(n + 1, sizeof *called);
	bool *passed = xcalloc(n + 1, sizeof *passed);
	drill_replay_calls(exp, did, n, calls, ncalls, cap, called, passed);
	memset(sum, 0, sizeof *sum);
	for (size_t i = 0; i < n; i++) {
		drill_score_one(&exp[i], &did[i], called[i], passed[i], &out[i]);
		for (int c = 0; c < DRILL_NCRITERIA; c++) {
			sum->points[c] += out[i].points[c];
			sum->max[c] += out[i].max[c];
		}
		sum->total += out[i].total;
		sum->total_max += out[i].total_max;
	}
	free(called);
	free(passed);
}
