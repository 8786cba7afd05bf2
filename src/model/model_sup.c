/* model_sup.c - naming the supervisor's structs (model_sup.h). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "wicket/core/names.h"
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

static const char *const m_callback_kind_names[CBK_UNKNOWN] = {
	[CBK_SAMPLE] = "sample", [CBK_BAD_RATING] = "bad_rating",
};

enum m_callback_kind m_callback_kind_parse(const char *s)
{
	return (enum m_callback_kind)names_find_or(m_callback_kind_names, CBK_UNKNOWN, s, CBK_UNKNOWN);
}
