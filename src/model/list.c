/* list.c - replacing a list and keeping its selection (list.h). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdlib.h>
#include <string.h>

#include "wicket/model/list.h"
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
