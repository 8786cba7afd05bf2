/* stats.c - the report figures of stats.h. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdlib.h>

#include "wicket/core/stats.h"

static int stats_cmp(const void *pa, const void *pb)
{
	int64_t a = *(const int64_t *)pa, b = *(const int64_t *)pb;
	return (a > b) - (a < b);
}

void stats_sort(int64_t *v, size_t n)
{
	if (n > 1)
		qsort(v, n, sizeof *v, stats_cmp);
}

int64_t stats_percentile(const int64_t *sorted, size_t n, int p)
{
	if (p < 1)
		p = 1;
	if (p > 100)
		p = 100;
	/* ceil(p * n / 100) in integers; at least rank 1. */
	size_t rank = ((size_t)p * n + 99) / 100;
	return sorted[rank ? rank - 1 : 0];
}

int64_t stats_mean(const int64_t *v, size_t n)
{
	int64_t sum = 0;
	for (size_t i = 0; i < n; i++)
		sum += v[i];
	return (2 * sum + (int64_t)n) / (2 * (int64_t)n);
}

int64_t stats_pct_tenths(int64_t part, int64_t whole)
{
	return (2000 * part + whole) / (2 * whole);
}

/* Append [start, end) clipped to [from, to) when something is left. */
static size_t stats_add_span(struct stats_span *out, size_t k, int64_t start, int64_t end,
			     int64_t from, int64_t to, int tag)
{
	if (start < from)
		start = from;
	if (end > to)
		end = to;
	if (end > start)
		out[k++] = (struct stats_span){ start, end, tag };
	return k;
}

size_t stats_paused_spans(const struct stats_change *ch, size_t n, int64_t from, int64_t to,
			  struct stats_span *out)
{
	size_t k = 0;
	bool paused = false;
	int64_t since = 0;
	int tag = 0;
	for (size_t i = 0; i < n; i++) {
		if (ch[i].paused == paused)
			continue;
		if (paused)
			k = stats_add_span(out, k, since, ch[i].at, from, to, tag);
		paused = ch[i].paused;
		since = ch[i].at;
		tag = ch[i].tag;
	}
	if (paused)
		k = stats_add_span(out, k, since, to, from, to, tag);
	return k;
}
