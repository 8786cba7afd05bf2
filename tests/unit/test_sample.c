/* test_sample.c - the follow-up sample (sample.h): the SplitMix64
 * generator against its reference output, unbiased bounded draws,
 * proportional allocation with at least one per window, and draws without
 * replacement that a seed reproduces. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "wicket/core/sample.h"

#define N(a) (sizeof (a) / sizeof (a)[0])

/* The first outputs of Vigna's splitmix64.c seeded with 0, as published
 * with the algorithm: any other mixing constant or shift fails this. */
static void test_splitmix64_reference(void **state)
{
	(void)state;
	struct sample_rng g;
	sample_rng_seed(&g, 0);
	assert_int_equal(sample_rng_next(&g), UINT64_C(0xe220a8397b1dcdaf));
	assert_int_equal(sample_rng_next(&g), UINT64_C(0x6e789e6aa1b965f4));
	assert_int_equal(sample_rng_next(&g), UINT64_C(0x06c45d188009454f));
}

static void test_seed_reproduces(void **state)
{
	(void)state;
	struct sample_rng a, b, c;
	sample_rng_seed(&a, 20261123);
	sample_rng_seed(&b, 20261123);
	sample_rng_seed(&c, 20261124);
	int same_as_other = 0;
	for (int i = 0; i < 100; i++) {
		uint64_t x = sample_rng_next(&a);
		assert_int_equal(x, sample_rng_next(&b));
		same_as_other += x == sample_rng_next(&c);
	}
	assert_int_equal(same_as_other, 0);
}

/* Every value of 0..n-1 comes up, none outside, and the counts of 60000
 * draws over 6 values stay near 10000 each (a biased generator or a
 * modulo of too few bits would not). */
static void test_below_range_and_spread(void **state)
{
	(void)state;
	struct sample_rng g;
	sample_rng_seed(&g, 99);
	size_t count[6] = { 0 };
	for (int i = 0; i < 60000; i++) {
		uint64_t x = sample_rng_below(&g, 6);
		assert_true(x < 6);
		count[x]++;
	}
	for (size_t i = 0; i < 6; i++)
		assert_true(count[i] > 9500 && count[i] < 10500);
	assert_int_equal(sample_rng_below(&g, 1), 0);
	assert_int_equal(sample_rng_below(&g, 0), 0);
	/* A bound near 2^64 still answers below it. */
	for (int i = 0; i < 100; i++)
		assert_true(sample_rng_below(&g, UINT64_MAX - 1) < UINT64_MAX - 1);
}

static void check_alloc(const size_t *pop, size_t k, size_t size, const size_t *want, size_t total)
{
	size_t alloc[16];
	assert_int_equal(sample_allocate(pop, k, size, alloc), total);
	for (size_t i = 0; i < k; i++)
		if (alloc[i] != want[i])
			fail_msg("stratum %zu: got %zu, want %zu", i, alloc[i], want[i]);
}

static void test_allocate_examples(void **state)
{
	(void)state;
	/* 6, 3, 1 cases and 5 calls: quotas 3, 1.5, 0.5 -> 3, 1, 0, and the
	 * last window's minimum of one makes 5. */
	const size_t pop1[] = { 6, 3, 1 };
	const size_t want1[] = { 3, 1, 1 };
	check_alloc(pop1, 3, 5, want1, 5);
	/* 2 calls over 3 windows cannot reach all: quotas 1.2, 0.6, 0.2 ->
	 * 1, 0, 0 and the largest remainder (0.6) gets the second. */
	const size_t want2[] = { 1, 1, 0 };
	check_alloc(pop1, 3, 2, want2, 2);
	/* 90 and 10 cases, 10 calls: exactly proportional. */
	const size_t pop3[] = { 90, 10 };
	const size_t want3[] = { 9, 1 };
	check_alloc(pop3, 2, 10, want3, 10);
	/* 100, 1, 1 and 3 calls: the minimum of one overshoots (2+1+1), the
	 * big window gives one back. */
	const size_t pop4[] = { 100, 1, 1 };
	const size_t want4[] = { 1, 1, 1 };
	check_alloc(pop4, 3, 3, want4, 3);
	/* Empty windows get nothing; a size over the total takes everyone. */
	const size_t pop5[] = { 0, 4, 0, 2 };
	const size_t want5[] = { 0, 4, 0, 2 };
	check_alloc(pop5, 4, 50, want5, 6);
	const size_t want6[] = { 0, 2, 0, 1 };
	check_alloc(pop5, 4, 3, want6, 3);
	/* Ties of remainder go to the lower index: 1 call, two windows of 5. */
	const size_t pop7[] = { 5, 5 };
	const size_t want7[] = { 1, 0 };
	check_alloc(pop7, 2, 1, want7, 1);
	check_alloc(pop7, 2, 0, (const size_t[]){ 0, 0 }, 0);
}

/* Over many random populations: the total is min(size, total), no window
 * exceeds its population, every non-empty window has one when size allows,
 * and no window is more than one away from its exact quota unless the
 * minimum of one put it there. */
static void test_allocate_properties(void **state)
{
	(void)state;
	struct sample_rng g;
	sample_rng_seed(&g, 7);
	for (int round = 0; round < 2000; round++) {
		size_t k = 1 + (size_t)sample_rng_below(&g, 12), pop[12], alloc[12], total = 0, strata = 0;
		for (size_t i = 0; i < k; i++) {
			pop[i] = sample_rng_below(&g, 4) == 0 ? 0 : (size_t)sample_rng_below(&g, 200);
			total += pop[i];
			strata += pop[i] > 0;
		}
		size_t size = (size_t)sample_rng_below(&g, total + 5), sum = 0;
		size_t got = sample_allocate(pop, k, size, alloc);
		assert_int_equal(got, size < total ? size : total);
		for (size_t i = 0; i < k; i++) {
			sum += alloc[i];
			assert_true(alloc[i] <= pop[i]);
			if (size >= strata && pop[i] > 0)
				assert_true(alloc[i] >= 1);
			if (size < total && alloc[i] > 1) {
				/* alloc - quota < 1  <=>  alloc * total < size * pop + total */
				assert_true(alloc[i] * total < size * pop[i] + total);
			}
		}
		assert_int_equal(sum, got);
	}
}

static void test_pick_distinct_and_reproducible(void **state)
{
	(void)state;
	size_t a[50], b[50];
	struct sample_rng g1, g2;
	sample_rng_seed(&g1, 42);
	sample_rng_seed(&g2, 42);
	sample_pick(&g1, a, 50, 10);
	sample_pick(&g2, b, 50, 10);
	assert_memory_equal(a, b, sizeof a);
	bool seen[50] = { false };
	for (size_t i = 0; i < 50; i++) {
		assert_true(a[i] < 50);
		assert_false(seen[a[i]]);    /* a permutation: no item twice */
		seen[a[i]] = true;
	}
	/* m = n shuffles all; m = 0 leaves the identity. */
	sample_pick(&g1, a, 50, 0);
	for (size_t i = 0; i < 50; i++)
		assert_int_equal(a[i], i);
	/* Each of 5 items is drawn first about a fifth of the time. */
	size_t first[5] = { 0 };
	for (int i = 0; i < 10000; i++) {
		sample_pick(&g1, a, 5, 1);
		first[a[0]]++;
	}
	for (size_t i = 0; i < 5; i++)
		assert_true(first[i] > 1800 && first[i] < 2200);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_splitmix64_reference),
		cmocka_unit_test(test_seed_reproduces),
		cmocka_unit_test(test_below_range_and_spread),
		cmocka_unit_test(test_allocate_examples),
		cmocka_unit_test(test_allocate_properties),
		cmocka_unit_test(test_pick_distinct_and_reproducible),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
