/* sample.h - drawing the follow-up calls (抽查回访): a small seeded PRNG,
 * the allocation of a sample over strata (windows), and a draw without
 * replacement.  The same seed and the same population give the same
 * sample on every machine: nothing here depends on rand(), the platform's
 * word size or floating point.
 *
 * Pure logic: no I/O, no allocation, thread-safe (each generator is the
 * caller's). */
#ifndef WICKET_SAMPLE_H
#define WICKET_SAMPLE_H

#include <stddef.h>
#include <stdint.h>

/* SplitMix64 (Steele, Lea and Flood 2014, as in Vigna's reference code):
 * 64 bits of state, every seed valid, statistically sound for sampling. */
struct sample_rng {
	uint64_t state;
};

/* Start g from seed. */
void sample_rng_seed(struct sample_rng *g, uint64_t seed);
/* The next 64 random bits. */
uint64_t sample_rng_next(struct sample_rng *g);
/* A uniform integer in 0..n-1 (n > 0; 0 when n is 0), without the bias of
 * a plain modulo: draws that would favour the low values are rejected. */
uint64_t sample_rng_below(struct sample_rng *g, uint64_t n);

/* Allocate a sample of `size` over k strata of pop[0..k) members each,
 * proportionally (pop[i] * size / total), with at least one for every
 * stratum that has members when size allows that (size >= the number of
 * such strata), never more than a stratum has, and in total exactly
 * min(size, total).  The fractions left over go to the largest remainders
 * (the lower index on a tie); when the minimum of one overshoots, the most
 * over-allocated strata give one back (the higher index on a tie).  Writes
 * alloc[0..k) and returns the total.  Quotas are exact integer arithmetic
 * as long as size * pop[i] fits in 63 bits. */
size_t sample_allocate(const size_t *pop, size_t k, size_t size, size_t *alloc);

/* Draw m of the n items 0..n-1 without replacement (m <= n): fills
 * idx[0..n) and shuffles it partly (Fisher-Yates), so that idx[0..m) are
 * the drawn items in the order drawn.  idx has room for n. */
void sample_pick(struct sample_rng *g, size_t *idx, size_t n, size_t m);

#endif
