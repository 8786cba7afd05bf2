/* model_sup.c - releasing and naming the supervisor's structs (model_sup.h). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdlib.h>
#include <string.h>

#include "wicket/model/model_sup.h"

static const struct {
	const char *key;
	const char *label;
} m_audit_items[M_AUDIT_NITEMS] = {
#define X(id, k, l) [AUDIT_##id] = { .key = k, .label = l },
	M_AUDIT_ITEMS(X)
#undef X
};

const char *m_audit_item_key(int i)
{
	return i >= 0 && i < M_AUDIT_NITEMS ? m_audit_items[i].key : "";
}

const char *m_audit_item_label(int i)
{
	return i >= 0 && i < M_AUDIT_NITEMS ? m_audit_items[i].label : "";
}

enum m_callback_kind m_callback_kind_parse(const char *s)
{
	if (s && strcmp(s, "sample") == 0)
		return CBK_SAMPLE;
	if (s && strcmp(s, "bad_rating") == 0)
		return CBK_BAD_RATING;
	return CBK_UNKNOWN;
}

/* Free the n elements of the array v with fn, and the array. */
#define M_FREE_EACH(v, n, fn) \
	do { \
		for (size_t i_ = 0; (v) && i_ < (n); i_++) \
			fn(&(v)[i_]); \
		free(v); \
	} while (0)

void m_board_ticket_free(struct m_board_ticket *t)
{
	free(t->number);
	memset(t, 0, sizeof *t);
}

void m_board_window_free(struct m_board_window *w)
{
	free(w->name);
	free(w->zone);
	free(w->zone_name);
	free(w->pause_reason);
	free(w->clerk);
	free(w->clerk_name);
	m_board_ticket_free(&w->current);
	memset(w, 0, sizeof *w);
}

void m_board_zone_free(struct m_board_zone *z)
{
	free(z->code);
	free(z->name);
	M_FREE_EACH(z->windows, z->nwindows, m_board_window_free);
	memset(z, 0, sizeof *z);
}

void m_board_service_free(struct m_board_service *s)
{
	free(s->code);
	free(s->name);
	free(s->oldest);
	memset(s, 0, sizeof *s);
}

void m_due_case_free(struct m_due_case *k)
{
	free(k->number);
	free(k->matter);
	free(k->matter_name);
	free(k->clerk);
	memset(k, 0, sizeof *k);
}

void m_board_free(struct m_board *b)
{
	M_FREE_EACH(b->zones, b->nzones, m_board_zone_free);
	M_FREE_EACH(b->services, b->nservices, m_board_service_free);
	M_FREE_EACH(b->due_cases, b->ndue_cases, m_due_case_free);
	memset(b, 0, sizeof *b);
}

void m_day_entry_free(struct m_day_entry *e)
{
	free(e->kind);
	free(e->user);
	free(e->number);
	free(e->reason);
	free(e->to_service);
	memset(e, 0, sizeof *e);
}

void m_day_case_free(struct m_day_case *k)
{
	free(k->number);
	free(k->matter);
	free(k->matter_name);
	free(k->clerk);
	memset(k, 0, sizeof *k);
}

void m_day_rating_free(struct m_day_rating *r)
{
	free(r->number);
	free(r->comment);
	memset(r, 0, sizeof *r);
}

void m_day_free(struct m_day *d)
{
	free(d->name);
	M_FREE_EACH(d->timeline, d->ntimeline, m_day_entry_free);
	M_FREE_EACH(d->cases, d->ncases, m_day_case_free);
	free(d->counts);
	M_FREE_EACH(d->ratings, d->nratings, m_day_rating_free);
	memset(d, 0, sizeof *d);
}

void m_follow_up_free(struct m_follow_up *f)
{
	free(f->user);
	free(f->note);
	memset(f, 0, sizeof *f);
}

void m_finding_free(struct m_finding *f)
{
	free(f->text);
	M_FREE_EACH(f->follow_ups, f->nfollow_ups, m_follow_up_free);
	memset(f, 0, sizeof *f);
}

void m_audit_free(struct m_audit *a)
{
	free(a->window_name);
	free(a->supervisor);
	free(a->supervisor_name);
	free(a->clerk);
	free(a->clerk_name);
	M_FREE_EACH(a->findings, a->nfindings, m_finding_free);
	memset(a, 0, sizeof *a);
}

void m_outcome_free(struct m_outcome *o)
{
	free(o->remarks);
	free(o->user);
	memset(o, 0, sizeof *o);
}

void m_callback_free(struct m_callback *c)
{
	free(c->source);
	m_outcome_free(&c->outcome);
	free(c->case_number);
	free(c->clerk);
	free(c->matter);
	free(c->matter_name);
	free(c->applicant_name);
	free(c->applicant_id);
	free(c->applicant_phone);
	memset(c, 0, sizeof *c);
}

void m_report_row_free(struct m_report_row *r)
{
	free(r->key);
	free(r->name);
	free(r->ratings);
	memset(r, 0, sizeof *r);
}

void m_report_free(struct m_report *r)
{
	free(r->by);
	M_FREE_EACH(r->rows, r->nrows, m_report_row_free);
	m_report_row_free(&r->total);
	memset(r, 0, sizeof *r);
}
