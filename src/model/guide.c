/* guide.c - the guide desk's enquiries (guide.h). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include "wicket/model/counter.h"
#include "wicket/model/guide.h"
#include "wicket/model/list.h"
#include "wicket/model/wire.h"

static bool guide_same(const void *a, const void *b)
{
	return ((const struct m_enquiry *)a)->id == ((const struct m_enquiry *)b)->id;
}

static const struct list_kind guide_kind = { .desc = &m_enquiry_desc, .same = guide_same };

void guide_set_enquiries(struct guide *g, struct m_enquiry *v, size_t n)
{
	list_replace(&g->v, &g->n, &g->sel, v, n, &guide_kind);
	g->have = true;
}

void guide_move(struct guide *g, long delta)
{
	g->sel = counter_move(g->sel, g->n, delta);
}

const struct m_enquiry *guide_selected(const struct guide *g)
{
	return g->sel < g->n ? &g->v[g->sel] : NULL;
}

const struct m_enquiry *guide_selected_open(const struct guide *g)
{
	const struct m_enquiry *e = guide_selected(g);
	return e && !e->closed_at ? e : NULL;
}

const char *guide_action_name(enum guide_action a)
{
	switch (a) {
	case GUIDE_ANSWERED: return "answered";
	case GUIDE_TICKET: return "ticket";
	case GUIDE_WINDOW: case GUIDE_DEPT: return "transferred";
	default: return "open";
	}
}

void guide_free(struct guide *g)
{
	m_free_array(&m_enquiry_desc, g->v, g->n);
	memset(g, 0, sizeof *g);
}
