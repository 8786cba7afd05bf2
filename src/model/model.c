/* model.c - copying and naming the structs of model.h (their tables, by
 * which they are released and copied, are in wire_hall.c). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "wicket/core/names.h"
#include "wicket/model/model.h"
#include "wicket/model/wire.h"

#define M_COUNT(a) (sizeof (a) / sizeof (a)[0])

/* The statuses and priorities are named by core (the server's names too);
 * the two enums only the client decodes are named here, spelled as the
 * server does. */
static const char *const m_material_form_names[] = {
	[MF_ORIGINAL] = "original", [MF_COPY] = "copy",
	[MF_ORIGINAL_AND_COPY] = "original_and_copy",
};
static const char *const m_matter_kind_names[] = {
	[MK_IMMEDIATE] = "immediate", [MK_PROMISED] = "promised",
};

const char *m_priority_name(enum m_priority p)
{
	return (unsigned)p < QUEUE_PRIORITY_COUNT ? queue_priority_name((enum queue_priority)p) : "none";
}

enum m_priority m_priority_parse(const char *s)
{
	enum queue_priority p = QUEUE_PRIORITY_NONE;
	(void)queue_priority_parse(s, &p);
	return (enum m_priority)p;
}

enum m_ticket_status m_ticket_status_parse(const char *s)
{
	enum ticket_status st;
	return ticket_status_parse(s, &st) ? TS_UNKNOWN : (enum m_ticket_status)st;
}

const char *m_ticket_status_name(enum m_ticket_status s)
{
	return (unsigned)s < TICKET_STATUS_COUNT ? ticket_status_name((enum ticket_status)s) : "unknown";
}

enum m_window_status m_window_status_parse(const char *s)
{
	enum window_status st;
	return window_status_parse(s, &st) ? WS_UNKNOWN : (enum m_window_status)st;
}

enum m_case_status m_case_status_parse(const char *s)
{
	enum case_status st;
	return case_status_parse(s, &st) ? CS_UNKNOWN : (enum m_case_status)st;
}

enum m_material_form m_material_form_parse(const char *s)
{
	return (enum m_material_form)names_find_or(m_material_form_names,
						   (int)M_COUNT(m_material_form_names), s, MF_ORIGINAL);
}

enum m_matter_kind m_matter_kind_parse(const char *s)
{
	return (enum m_matter_kind)names_find_or(m_matter_kind_names,
						 (int)M_COUNT(m_matter_kind_names), s, MK_IMMEDIATE);
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
