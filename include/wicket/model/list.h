/* list.h - a list the client's state owns, with a selection in it: how a
 * new list from the server replaces the one shown (the elements replaced
 * released, the selection following its item or kept in range).  One
 * function for the counter's, the desk's and the trainer's lists.  No I/O
 * here. */
#ifndef WICKET_LIST_H
#define WICKET_LIST_H

#include <stdbool.h>
#include <stddef.h>

struct m_desc;

/* What a list holds, and how its selection moves when it is replaced. */
struct list_kind {
	const struct m_desc *desc;                    /* the elements' wire table (wire.h) */
	/* Whether a (of the old list) and b (of the new) are the same item:
	 * the selection follows it.  NULL: the selection keeps its place. */
	bool (*same)(const void *a, const void *b);
	/* The selected item is not in the new list: the selection goes to the
	 * first (else it keeps its place, in range). */
	bool lost_to_first;
};

/* Replace the array *list points to (list is the address of the array
 * pointer; *n elements, each released through its table, then the array
 * freed) with v (nv
 * elements of the kind, taken over; NULL when nv is 0).  sel (NULL: none)
 * is the selection, kept in [0, nv) (0 when nv is 0) as k says. */
void list_replace(void *list, size_t *n, size_t *sel, void *v, size_t nv, const struct list_kind *k);

#endif
