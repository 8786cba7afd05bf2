/* model.c - releasing, copying and naming the structs of model.h. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdlib.h>
#include <string.h>

#include "wicket/model/model.h"
#include "wicket/common/xalloc.h"

#define M_COUNT(a) (sizeof (a) / sizeof (a)[0])

/* One table per enum, indexed by the value, spelled as the server does. */
static const char *const m_priority_names[] = {
	[PRIO_NONE] = "none", [PRIO_ELDERLY] = "elderly", [PRIO_DISABLED] = "disabled",
	[PRIO_PREGNANT] = "pregnant", [PRIO_MILITARY] = "military",
};
static const char *const m_ticket_status_names[] = {
	[TS_WAITING] = "waiting", [TS_CALLED] = "called", [TS_SERVING] = "serving",
	[TS_DONE] = "done", [TS_NO_SHOW] = "no_show", [TS_TRANSFERRED] = "transferred",
};
static const char *const m_window_status_names[] = {
	[WS_CLOSED] = "closed", [WS_OPEN] = "open", [WS_PAUSED] = "paused",
};
static const char *const m_case_status_names[] = {
	[CS_NOTIFIED] = "notified", [CS_ACCEPTED] = "accepted",
	[CS_SUSPENDED] = "suspended", [CS_COMPLETED] = "completed",
};
static const char *const m_material_form_names[] = {
	[MF_ORIGINAL] = "original", [MF_COPY] = "copy",
	[MF_ORIGINAL_AND_COPY] = "original_and_copy",
};
static const char *const m_matter_kind_names[] = {
	[MK_IMMEDIATE] = "immediate", [MK_PROMISED] = "promised",
};

/* The index of s in names, or `unknown` (also for s == NULL). */
static int m_lookup(const char *const *names, size_t n, const char *s, int unknown)
{
	for (size_t i = 0; s && i < n; i++)
		if (strcmp(names[i], s) == 0)
			return (int)i;
	return unknown;
}

/* names[v], or `unknown` when v is outside the table. */
static const char *m_name(const char *const *names, size_t n, int v, const char *unknown)
{
	return v >= 0 && (size_t)v < n ? names[v] : unknown;
}

const char *m_priority_name(enum m_priority p)
{
	return m_name(m_priority_names, M_COUNT(m_priority_names), (int)p, "none");
}

enum m_priority m_priority_parse(const char *s)
{
	return (enum m_priority)m_lookup(m_priority_names, M_COUNT(m_priority_names), s, PRIO_NONE);
}

enum m_ticket_status m_ticket_status_parse(const char *s)
{
	return (enum m_ticket_status)m_lookup(m_ticket_status_names,
					      M_COUNT(m_ticket_status_names), s, TS_UNKNOWN);
}

const char *m_ticket_status_name(enum m_ticket_status s)
{
	return m_name(m_ticket_status_names, M_COUNT(m_ticket_status_names), (int)s, "unknown");
}

enum m_window_status m_window_status_parse(const char *s)
{
	return (enum m_window_status)m_lookup(m_window_status_names,
					      M_COUNT(m_window_status_names), s, WS_UNKNOWN);
}

enum m_case_status m_case_status_parse(const char *s)
{
	return (enum m_case_status)m_lookup(m_case_status_names,
					    M_COUNT(m_case_status_names), s, CS_UNKNOWN);
}

enum m_material_form m_material_form_parse(const char *s)
{
	return (enum m_material_form)m_lookup(m_material_form_names,
					      M_COUNT(m_material_form_names), s, MF_ORIGINAL);
}

enum m_matter_kind m_matter_kind_parse(const char *s)
{
	return (enum m_matter_kind)m_lookup(m_matter_kind_names,
					    M_COUNT(m_matter_kind_names), s, MK_IMMEDIATE);
}

/* --- releasing ------------------------------------------------------------ */

static void m_strv_free(char **v, size_t n)
{
	for (size_t i = 0; v && i < n; i++)
		free(v[i]);
	free(v);
}

void m_ticket_free(struct m_ticket *t)
{
	free(t->number);
	free(t->service);
	free(t->service_name);
	free(t->matter);
	memset(t, 0, sizeof *t);
}

void m_window_free(struct m_window *w)
{
	free(w->name);
	free(w->zone_name);
	free(w->pause_reason);
	free(w->clerk);
	free(w->clerk_name);
	m_strv_free(w->services, w->nservices);
	m_ticket_free(&w->current);
	memset(w, 0, sizeof *w);
}

void m_material_free(struct m_material *m)
{
	free(m->name);
	free(m->note);
	memset(m, 0, sizeof *m);
}

/* Free n materials and the array. */
static void m_materials_free(struct m_material *v, size_t n)
{
	for (size_t i = 0; v && i < n; i++)
		m_material_free(&v[i]);
	free(v);
}

void m_matter_free(struct m_matter *m)
{
	free(m->code);
	free(m->name);
	free(m->service);
	free(m->department);
	free(m->legal_basis);
	free(m->fee);
	m_strv_free(m->steps, m->nsteps);
	m_materials_free(m->materials, m->nmaterials);
	memset(m, 0, sizeof *m);
}

void m_service_free(struct m_service *s)
{
	free(s->code);
	free(s->prefix);
	free(s->name);
	for (size_t i = 0; s->matters && i < s->nmatters; i++)
		m_matter_free(&s->matters[i]);
	free(s->matters);
	memset(s, 0, sizeof *s);
}

void m_request_free(struct m_request *q)
{
	free(q->reason);
	free(q->received);
	free(q->service);
	free(q->matter);
	free(q->note);
	memset(q, 0, sizeof *q);
}

void m_conflict_free(struct m_conflict *k)
{
	free(k->action);
	free(k->label);
	free(k->ours);
	free(k->theirs);
	free(k->message);
	memset(k, 0, sizeof *k);
}

void m_case_free(struct m_case *c)
{
	free(c->number);
	free(c->matter);
	free(c->matter_name);
	free(c->applicant_name);
	free(c->applicant_id);
	free(c->applicant_phone);
	free(c->missing);
	m_materials_free(c->missing_materials, c->nmissing_materials);
	memset(c, 0, sizeof *c);
}

void m_session_free(struct m_session *s)
{
	/* The token is a credential: do not leave it lying in freed memory. */
	if (s->token)
		explicit_bzero(s->token, strlen(s->token));
	free(s->token);
	free(s->user);
	free(s->name);
	free(s->role);
	free(s->drill);
	memset(s, 0, sizeof *s);
}

void m_event_free(struct m_event *e)
{
	free(e->kind);
	free(e->number);
	free(e->user);
	free(e->status);
	free(e->to_service);
	memset(e, 0, sizeof *e);
}

/* --- copying -------------------------------------------------------------- */

static char **m_strv_copy(char *const *v, size_t n)
{
	if (!v)
		return NULL;
	char **out = xcalloc(n ? n : 1, sizeof *out);
	for (size_t i = 0; i < n; i++)
		out[i] = xstrdup(v[i]);
	return out;
}

void m_ticket_copy(struct m_ticket *dst, const struct m_ticket *src)
{
	*dst = *src;
	dst->number = xstrdup(src->number);
	dst->service = xstrdup(src->service);
	dst->service_name = xstrdup(src->service_name);
	dst->matter = xstrdup(src->matter);
}

static void m_material_copy(struct m_material *dst, const struct m_material *src)
{
	*dst = *src;
	dst->name = xstrdup(src->name);
	dst->note = xstrdup(src->note);
}

void m_matter_copy(struct m_matter *dst, const struct m_matter *src)
{
	*dst = *src;
	dst->code = xstrdup(src->code);
	dst->name = xstrdup(src->name);
	dst->service = xstrdup(src->service);
	dst->department = xstrdup(src->department);
	dst->legal_basis = xstrdup(src->legal_basis);
	dst->fee = xstrdup(src->fee);
	dst->steps = m_strv_copy(src->steps, src->nsteps);
	dst->materials = NULL;
	if (src->materials) {
		dst->materials = xcalloc(src->nmaterials ? src->nmaterials : 1, sizeof *dst->materials);
		for (size_t i = 0; i < src->nmaterials; i++)
			m_material_copy(&dst->materials[i], &src->materials[i]);
	}
}
