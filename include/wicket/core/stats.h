/* stats.h - the figures of the supervisors' reports: the mean and the
 * nearest-rank percentile of durations, percentages in tenths, and the
 * spans a window spent paused within a period.
 *
 * Pure logic over arrays the caller owns: nothing here does I/O or
 * allocates, and every function is thread-safe. */
#ifndef WICKET_STATS_H
#define WICKET_STATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Sort v[0..n) ascending, in place. */
void stats_sort(int64_t *v, size_t n);

/* The p-th percentile (p in 1..100) of sorted[0..n) (ascending, n > 0) by
 * the nearest-rank method: the smallest value such that at least p per cent
 * of the values are less than or equal to it, which is
 * sorted[ceil(p * n / 100) - 1].  It is always one of the values, never an
 * interpolation.  p outside 1..100 is clamped into it. */
int64_t stats_percentile(const int64_t *sorted, size_t n, int p);

/* The mean of v[0..n) (n > 0, values >= 0) rounded to the nearest whole
 * number, a half rounded up. */
int64_t stats_mean(const int64_t *v, size_t n);

/* part / whole as a percentage in tenths (833 for 83.3 %), rounded to the
 * nearest tenth, a half rounded up.  part and whole >= 0, whole > 0. */
int64_t stats_pct_tenths(int64_t part, int64_t whole);

/* A change of a window's status: from `at` on it is paused or not.  tag is
 * the caller's (e.g. who paused), carried over to the span it starts. */
struct stats_change {
	int64_t at;
	bool paused;
	int tag;
};

/* A stretch of time [start, end) spent paused; tag is that of the change
 * that began the pause. */
struct stats_span {
	int64_t start;
	int64_t end;
	int tag;
};

/* The paused spans, clipped to [from, to), of a window whose status changes
 * are ch[0..n) in time order.  A change before `from` gives the state the
 * period starts in (the window is taken as not paused before the first
 * change); a pause still lasting at the end runs to `to`.  Repeated
 * changes to the same state extend the span and keep its first tag.
 * Writes the spans (none empty, in time order) into out, which has room
 * for n, and returns how many. */
size_t stats_paused_spans(const struct stats_change *ch, size_t n, int64_t from, int64_t to,
			  struct stats_span *out);

#endif
