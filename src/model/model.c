/* model.c - copying and naming the structs of model.h (their tables, by
 * which they are released and copied, are in wire_hall.c). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include "wicket/model/model.h"
#include "wicket/model/wire.h"

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

/* --- copying -------------------------------------------------------------- */

void m_ticket_copy(struct m_ticket *dst, const struct m_ticket *src)
{
	m_copy(&m_ticket_desc, dst, src);
}

void m_matter_copy(struct m_matter *dst, const struct m_matter *src)
{
	m_copy(&m_matter_desc, dst, src);
}
