/* list.c - replacing a list and keeping its selection (list.h). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdlib.h>
#include <string.h>

#include "wicket/model/list.h"
#include "wicket/model/model.h"
#include "wicket/model/wire.h"

/* Where the selection goes in the new list: onto the same item when there
 * is one (the last such, as the lists' own loops did), else to the first or
 * kept in range. */
static size_t list_follow(const char *old, size_t n, size_t sel, const char *v, size_t nv,
			  const struct list_kind *k)
{
	size_t to = k->lost_to_first || nv == 0 ? 0 : sel < nv ? sel : nv - 1, size = k->desc->size;
	if (k->same && sel < n)
		for (size_t i = 0; i < nv; i++)
			if (k->same(old + sel * size, v + i * size))
				to = i;
	return to;
}

void list_replace(void *list, size_t *n, size_t *sel, void *v, size_t nv, const struct list_kind *k)
{
	char *old;
	/* The array pointer is the caller's typed pointer: copied, not cast. */
	memcpy(&old, list, sizeof old);
	if (sel)
		*sel = list_follow(old, *n, *sel, v, nv, k);
	m_free_array(k->desc, old, *n);
	memcpy(list, &v, sizeof v);
	*n = nv;
}

bool list_page_turn(const struct m_page *p, size_t n, size_t sel, long delta, int64_t *offset)
{
	if (delta > 1 && sel + 1 >= n && p->offset + (int64_t)n < p->total) {
		*offset = p->offset + (int64_t)n;
		return true;
	}
	if (delta < -1 && sel == 0 && p->offset > 0) {
		*offset = p->offset > LIST_PAGE ? p->offset - LIST_PAGE : 0;
		return true;
	}
	return false;
}

bool list_page_past_end(const struct m_page *p, size_t n, int64_t *offset)
{
	if (n > 0 || p->offset == 0)
		return false;
	*offset = p->total > 0 ? (p->total - 1) / LIST_PAGE * LIST_PAGE : 0;
	/* Never the same page again: a list that grew meanwhile is read on. */
	return *offset < p->offset;
}

bool list_page_partial(const struct m_page *p, size_t n)
{
	return p->offset > 0 || p->offset + (int64_t)n < p->total;
}

size_t list_page_total(const struct m_page *p, size_t n)
{
	int64_t end = p->offset + (int64_t)n;
	return (size_t)(p->total > end ? p->total : end);
}
