/* drill.c - releasing and naming the structs of drill.h. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdlib.h>
#include <string.h>

#include "wicket/model/drill.h"

enum m_drill_status m_drill_status_parse(const char *s)
{
	if (s && strcmp(s, "running") == 0)
		return DS_RUNNING;
	if (s && strcmp(s, "finished") == 0)
		return DS_FINISHED;
	return DS_UNKNOWN;
}

static void drill_strv_free(char **v, size_t n)
{
	for (size_t i = 0; v && i < n; i++)
		free(v[i]);
	free(v);
}

/* Free n elements of `size` bytes with fn, and the array. */
static void drill_array_free(void *v, size_t n, size_t size, void (*fn)(void *))
{
	for (size_t i = 0; v && i < n; i++)
		fn((char *)v + i * size);
	free(v);
}

void m_scenario_free(struct m_scenario *s)
{
	free(s->id);
	free(s->title);
	free(s->summary);
	drill_strv_free(s->services, s->nservices);
	drill_strv_free(s->matters, s->nmatters);
	memset(s, 0, sizeof *s);
}

void m_rejected_free(struct m_rejected *r)
{
	free(r->file);
	free(r->error);
	memset(r, 0, sizeof *r);
}

static void drill_scenario_free_v(void *p) { m_scenario_free(p); }
static void drill_rejected_free_v(void *p) { m_rejected_free(p); }
static void drill_window_free_v(void *p) { m_drill_window_free(p); }
static void drill_ticket_free_v(void *p) { m_drill_ticket_free(p); }
static void drill_applicant_free_v(void *p) { m_drill_applicant_free(p); }
static void drill_drill_free_v(void *p) { m_drill_free(p); }
static void drill_sapp_free_v(void *p) { m_score_applicant_free(p); }
static void drill_strainee_free_v(void *p) { m_score_trainee_free(p); }
static void drill_rank_free_v(void *p) { m_rank_free(p); }

void m_scenarios_free(struct m_scenarios *s)
{
	drill_array_free(s->v, s->n, sizeof *s->v, drill_scenario_free_v);
	drill_array_free(s->rejected, s->nrejected, sizeof *s->rejected, drill_rejected_free_v);
	memset(s, 0, sizeof *s);
}

void m_drill_window_free(struct m_drill_window *w)
{
	free(w->trainee);
	free(w->name);
	memset(w, 0, sizeof *w);
}

void m_drill_ticket_free(struct m_drill_ticket *t)
{
	free(t->trainee);
	free(t->number);
	memset(t, 0, sizeof *t);
}

void m_drill_applicant_free(struct m_drill_applicant *a)
{
	free(a->name);
	free(a->service);
	free(a->matter);
	free(a->id_number);
	free(a->phone);
	free(a->brought);
	free(a->wrong_note);
	free(a->says);
	free(a->rating_comment);
	free(a->expect);
	free(a->expect_missing);
	free(a->expect_service);
	drill_array_free(a->tickets, a->ntickets, sizeof *a->tickets, drill_ticket_free_v);
	memset(a, 0, sizeof *a);
}

void m_drill_free(struct m_drill *d)
{
	free(d->code);
	free(d->scenario);
	free(d->title);
	free(d->trainer);
	free(d->competition);
	drill_array_free(d->windows, d->nwindows, sizeof *d->windows, drill_window_free_v);
	free(d->summary);
	free(d->instructions);
	drill_array_free(d->applicants, d->napplicants, sizeof *d->applicants, drill_applicant_free_v);
	memset(d, 0, sizeof *d);
}

void m_drills_free(struct m_drill *d, size_t n)
{
	drill_array_free(d, n, sizeof *d, drill_drill_free_v);
}

void m_score_applicant_free(struct m_score_applicant *a)
{
	free(a->name);
	free(a->expect);
	free(a->number);
	memset(a, 0, sizeof *a);
}

void m_score_trainee_free(struct m_score_trainee *t)
{
	free(t->trainee);
	free(t->name);
	drill_array_free(t->applicants, t->napplicants, sizeof *t->applicants, drill_sapp_free_v);
	memset(t, 0, sizeof *t);
}

void m_score_free(struct m_score *s)
{
	free(s->code);
	free(s->scenario);
	free(s->title);
	free(s->competition);
	drill_array_free(s->trainees, s->ntrainees, sizeof *s->trainees, drill_strainee_free_v);
	memset(s, 0, sizeof *s);
}

void m_rank_free(struct m_rank *r)
{
	free(r->trainee);
	free(r->name);
	memset(r, 0, sizeof *r);
}

void m_leaderboard_free(struct m_leaderboard *b)
{
	free(b->competition);
	drill_array_free(b->entries, b->nentries, sizeof *b->entries, drill_rank_free_v);
	memset(b, 0, sizeof *b);
}

const struct m_drill_window *m_drill_trainee_at(const struct m_drill *d, int window)
{
	for (size_t i = 0; d->windows && i < d->nwindows; i++)
		if (d->windows[i].window == window)
			return &d->windows[i];
	return NULL;
}
