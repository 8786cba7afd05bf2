/* sample.c - the seeded draw of sample.h. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdbool.h>

#include "wicket/core/sample.h"

void sample_rng_seed(struct sample_rng *g, uint64_t seed)
{
	g->state = seed;
}

uint64_t sample_rng_next(struct sample_rng *g)
{
	uint64_t z = (g->state += UINT64_C(0x9e3779b97f4a7c15));
	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

uint64_t sample_rng_below(struct sample_rng *g, uint64_t n)
{
	if (n == 0)
		return 0;
	/* The largest multiple of n that fits: values at or above it would
	 * make the low residues more likely. */
	uint64_t limit = UINT64_MAX - UINT64_MAX % n;
	uint64_t x;
	do
		x = sample_rng_next(g);
	while (x >= limit);
	return x % n;
}

/* How far stratum i's allocation lies below its exact quota, scaled by the
 * population total: size * pop[i] - alloc[i] * total. */
static int64_t sample_shortfall(const size_t *pop, const size_t *alloc, size_t i,
				size_t size, size_t total)
{
	return (int64_t)(size * pop[i]) - (int64_t)(alloc[i] * total);
}

/* The stratum that should gain (more) or lose (!more) one, or k when none
 * can: the largest shortfall among those below their population, or the
 * smallest among those above the floor. */
static size_t sample_adjust_pick(const size_t *pop, const size_t *alloc, size_t k, size_t size,
				 size_t total, size_t floor, bool more)
{
	size_t best = k;
	int64_t best_v = 0;
	for (size_t i = 0; i < k; i++) {
		if (more ? alloc[i] >= pop[i] : alloc[i] <= floor)
			continue;
		int64_t v = sample_shortfall(pop, alloc, i, size, total);
		if (best == k || (more ? v > best_v : v <= best_v)) {
			best = i;
			best_v = v;
		}
	}
	return best;
}

size_t sample_allocate(const size_t *pop, size_t k, size_t size, size_t *alloc)
{
	size_t total = 0, strata = 0, sum = 0;
	for (size_t i = 0; i < k; i++) {
		total += pop[i];
		strata += pop[i] > 0;
	}
	if (size >= total) {
		for (size_t i = 0; i < k; i++)
			alloc[i] = pop[i];
		return total;
	}
	size_t floor = size >= strata ? 1 : 0;
	for (size_t i = 0; i < k; i++) {
		alloc[i] = size * pop[i] / total;
		if (pop[i] > 0 && alloc[i] < floor)
			alloc[i] = floor;
		sum += alloc[i];
	}
	while (sum < size) {
		size_t i = sample_adjust_pick(pop, alloc, k, size, total, floor, true);
		alloc[i]++;
		sum++;
	}
	while (sum > size) {
		size_t i = sample_adjust_pick(pop, alloc, k, size, total, floor, false);
		alloc[i]--;
		sum--;
	}
	return sum;
}

void sample_pick(struct sample_rng *g, size_t *idx, size_t n, size_t m)
{
	for (size_t i = 0; i < n; i++)
		idx[i] = i;
	for (size_t i = 0; i < m && i < n; i++) {
		size_t j = i + (size_t)sample_rng_below(g, n - i);
		size_t t = idx[i];
		idx[i] = idx[j];
		idx[j] = t;
	}
}
