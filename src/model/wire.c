/* wire.c - releasing and copying a wire object by its table (wire.h).
 *
 * The tables themselves are in wire_hall.c, wire_sup.c and wire_drill.c;
 * here are the two walkers the model needs, which touch only the members
 * that own memory (strings, arrays, nested objects). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdlib.h>
#include <string.h>

#include "wicket/model/wire.h"
#include "wicket/common/xalloc.h"

/* The pointer stored at base + off. */
static void *m_wire_ptr(const char *base, size_t off)
{
	void *p;
	memcpy(&p, base + off, sizeof p);
	return p;
}

static void m_wire_set_ptr(char *base, size_t off, void *p)
{
	memcpy(base + off, &p, sizeof p);
}

/* The count at f->aux of an array member. */
static size_t m_wire_count(const struct m_field *f, const char *base)
{
	size_t n;
	memcpy(&n, base + f->aux, sizeof n);
	return n;
}

static void m_free_str(const struct m_field *f, char *s)
{
	/* A credential must not stay readable in freed memory. */
	if (s && (f->flags & WF_SECRET))
		explicit_bzero(s, strlen(s));
	free(s);
}

/* Release what the struct at base owns, by d, without zeroing it. */
static void m_free_fields(const struct m_desc *d, char *base)
{
	for (size_t i = 0; i < d->nfields; i++) {
		const struct m_field *f = &d->fields[i];
		bool owns = f->kind == WK_STR || f->kind == WK_STRV || f->kind == WK_INTV ||
			    f->kind == WK_ARRAY;
		void *p = owns ? m_wire_ptr(base, f->off) : NULL;
		switch (f->kind) {
		case WK_STR:
			m_free_str(f, p);
			break;
		case WK_STRV: {
			char **v = p;
			for (size_t j = 0, n = m_wire_count(f, base); v && j < n; j++)
				free(v[j]);
			free(v);
			break;
		}
		case WK_INTV:
			free(p);
			break;
		case WK_ARRAY:
			m_free_array(f->type, p, m_wire_count(f, base));
			break;
		case WK_OBJ:
			m_free_fields(f->type, base + f->off);
			break;
		default:
			break;
		}
	}
}

void m_free(const struct m_desc *d, void *obj)
{
	m_free_fields(d, obj);
	memset(obj, 0, d->size);
}

void m_take(const struct m_desc *d, void *dst, void *src)
{
	m_free_fields(d, dst);
	memcpy(dst, src, d->size);
	memset(src, 0, d->size);
}

void m_free_array(const struct m_desc *d, void *v, size_t n)
{
	for (size_t i = 0; v && i < n; i++)
		m_free_fields(d, (char *)v + i * d->size);
	free(v);
}

/* A fresh array of n elements of size bytes (room for one when n is 0, as
 * the decoder makes them), with src's bytes. */
static char *m_copy_block(const void *src, size_t n, size_t size)
{
	char *out = xcalloc(n ? n : 1, size);
	if (n)
		memcpy(out, src, n * size);
	return out;
}

/* Replace every owned member of the struct at dst (a byte copy of src) by a
 * copy of its own. */
static void m_copy_fields(const struct m_desc *d, char *dst, const char *src)
{
	for (size_t i = 0; i < d->nfields; i++) {
		const struct m_field *f = &d->fields[i];
		if (f->kind == WK_OBJ) {
			m_copy_fields(f->type, dst + f->off, src + f->off);
			continue;
		}
		if (f->kind == WK_STR) {
			m_wire_set_ptr(dst, f->off, xstrdup(m_wire_ptr(src, f->off)));
			continue;
		}
		if (f->kind != WK_STRV && f->kind != WK_INTV && f->kind != WK_ARRAY)
			continue;
		void *p = m_wire_ptr(src, f->off);
		if (!p)
			continue;
		size_t n = m_wire_count(f, src);
		size_t size = f->kind == WK_ARRAY ? f->type->size
			: f->kind == WK_STRV ? sizeof(char *) : sizeof(int);
		char *v = m_copy_block(p, n, size);
		for (size_t j = 0; j < n && f->kind != WK_INTV; j++) {
			if (f->kind == WK_STRV)
				((char **)(void *)v)[j] = xstrdup(((char *const *)p)[j]);
			else
				m_copy_fields(f->type, v + j * size, (const char *)p + j * size);
		}
		m_wire_set_ptr(dst, f->off, v);
	}
}

void m_copy(const struct m_desc *d, void *dst, const void *src)
{
	memcpy(dst, src, d->size);
	m_copy_fields(d, dst, src);
}

int m_wire_priority(const char *s) { return (int)m_priority_parse(s); }
int m_wire_ticket_status(const char *s) { return (int)m_ticket_status_parse(s); }
int m_wire_window_status(const char *s) { return (int)m_window_status_parse(s); }
int m_wire_case_status(const char *s) { return (int)m_case_status_parse(s); }
int m_wire_material_form(const char *s) { return (int)m_material_form_parse(s); }
int m_wire_matter_kind(const char *s) { return (int)m_matter_kind_parse(s); }
int m_wire_drill_status(const char *s) { return (int)m_drill_status_parse(s); }
int m_wire_callback_kind(const char *s) { return (int)m_callback_kind_parse(s); }

const struct m_desc *const m_wire_descs[] = {
	&m_ticket_desc, &m_window_desc, &m_material_desc, &m_matter_desc, &m_service_desc,
	&m_case_desc, &m_event_desc, &m_cover_desc, &m_session_desc, &m_request_desc, &m_conflict_desc,
	&m_board_ticket_desc, &m_board_cover_desc, &m_board_window_desc, &m_board_zone_desc, &m_board_service_desc,
	&m_due_case_desc, &m_board_desc, &m_day_entry_desc, &m_day_case_desc,
	&m_day_rating_desc, &m_day_desc, &m_follow_up_desc, &m_finding_desc, &m_audit_desc,
	&m_outcome_desc, &m_callback_desc, &m_sample_desc, &m_report_row_desc, &m_report_cover_desc, &m_report_desc,
	&m_scenario_desc, &m_rejected_desc, &m_scenarios_desc, &m_drill_window_desc,
	&m_drill_ticket_desc, &m_drill_applicant_desc, &m_drill_desc, &m_points_desc,
	&m_criteria_desc, &m_score_applicant_desc, &m_score_trainee_desc, &m_score_desc,
	&m_rank_desc, &m_leaderboard_desc, &m_hall_desc,
	&m_call_desc, &m_zone_desc, &m_waiting_desc, &m_calls_desc,
	&m_eval_clerk_desc, &m_eval_ask_desc, &m_evaluator_desc, &m_rating_channels_desc,
	&m_booking_desc, &m_home_visit_desc, &m_extra_session_desc,
	&m_enquiry_desc, &m_report_enquiries_desc,
	&m_me_desc, &m_platform_hall_desc,
	NULL,
};
