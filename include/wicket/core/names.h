/* names.h - an enum's names as a table indexed by its values: the one
 * lookup both ways that the wire's enums (ticket.h, case.h, window.h,
 * queue.h, drill_score.h) share.  Pure: no I/O, nothing allocated. */
#ifndef WICKET_CORE_NAMES_H
#define WICKET_CORE_NAMES_H

/* names[i], or "?" when i is outside 0..n-1.  The string is the table's. */
const char *names_at(const char *const *names, int n, int i);
/* The index of s in names[0..n), or -1 (also when s is NULL). */
int names_find(const char *const *names, int n, const char *s);
/* names_find, but dflt where it gives -1: for enums with a fallback value
 * (an unknown name from the wire). */
int names_find_or(const char *const *names, int n, const char *s, int dflt);

#endif
