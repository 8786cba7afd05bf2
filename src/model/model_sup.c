/* model_sup.c - naming the supervisor's structs (model_sup.h). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

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
