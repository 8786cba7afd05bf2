/* bench_util.h - the clock and the percentiles the benchmarks share. */
#ifndef WICKET_BENCH_UTIL_H
#define WICKET_BENCH_UTIL_H

#include <math.h>
#include <stdlib.h>
#include <time.h>

/* The monotonic clock in milliseconds. */
static inline double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static inline int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* Sort v[0..n) (n > 0) ascending and return its p-th percentile by the
 * nearest-rank method. */
static inline double pct(double *v, int n, double p)
{
	qsort(v, (size_t)n, sizeof *v, cmp_double);
	int i = (int)ceil(p / 100.0 * n) - 1;
	return v[i < 0 ? 0 : i];
}

#endif
