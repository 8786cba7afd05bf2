/* list.h - a list the client's state owns, with a selection in it: how a
 * new list from the server replaces the one shown (the elements replaced
 * released, the selection following its item or kept in range).  One
 * function for the counter's, the desk's and the trainer's lists.  No I/O
 * here. */
#ifndef WICKET_LIST_H
#define WICKET_LIST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct m_desc;
struct m_page;

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

/* ---- paged lists (docs/api.md, "Paged lists") ---- */

#define LIST_PAGE 100             /* rows of a paged list asked for at a time */

/* A move by delta from row sel of the n rows of page p that turns the
 * page: a page down (delta > 1) from the last row when rows follow the
 * page, a page up (delta < -1) from the first when rows come before it
 * (LIST_PAGE rows back, not before 0).  Returns true with the offset to ask
 * for in *offset; false when the move stays in the page. */
bool list_page_turn(const struct m_page *p, size_t n, size_t sel, long delta, int64_t *offset);
/* A page that came empty from past the list's end (rows went away since
 * the list was paged on): true with the offset of its last page (0 when
 * the list is empty) in *offset, to ask for instead; false otherwise. */
bool list_page_past_end(const struct m_page *p, size_t n, int64_t *offset);
/* How many rows p's whole list has: its total, at least the offset + n
 * of the page of n rows (a list filled without a page is whole). */
size_t list_page_total(const struct m_page *p, size_t n);
/* Whether page p (of n rows) is less than its whole list: the screen says
 * which rows it shows of how many. */
bool list_page_partial(const struct m_page *p, size_t n);

#endif
