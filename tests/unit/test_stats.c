/* test_stats.c - the report figures (stats.h): nearest-rank percentiles,
 * rounded means and percentages, paused spans within a period; and CSV
 * fields (csv.h). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "wicket/common/buf.h"
#include "wicket/common/csv.h"
#include "wicket/core/stats.h"

#define N(a) (sizeof (a) / sizeof (a)[0])

static void test_sort(void **state)
{
	(void)state;
	int64_t v[] = { 30, -5, 7, 7, 1000000000000, 0 };
	stats_sort(v, N(v));
	const int64_t want[] = { -5, 0, 7, 7, 30, 1000000000000 };
	for (size_t i = 0; i < N(v); i++)
		assert_int_equal(v[i], want[i]);
	stats_sort(v, 0);
}

/* Nearest rank: rank = ceil(p/100 * n), counted from 1. */
static void test_percentile_nearest_rank(void **state)
{
	(void)state;
	/* The textbook example: 15 20 35 40 50. */
	const int64_t five[] = { 15, 20, 35, 40, 50 };
	assert_int_equal(stats_percentile(five, 5, 5), 15);    /* rank ceil(0.25) = 1 */
	assert_int_equal(stats_percentile(five, 5, 30), 20);   /* rank ceil(1.5) = 2 */
	assert_int_equal(stats_percentile(five, 5, 40), 20);   /* rank 2 exactly */
	assert_int_equal(stats_percentile(five, 5, 50), 35);   /* rank ceil(2.5) = 3 */
	assert_int_equal(stats_percentile(five, 5, 90), 50);   /* rank ceil(4.5) = 5 */
	assert_int_equal(stats_percentile(five, 5, 100), 50);
	/* Ten values: p90 is the 9th, not an interpolation between 9th and 10th. */
	const int64_t ten[] = { 1, 2, 3, 4, 5, 6, 7, 8, 90, 1000 };
	assert_int_equal(stats_percentile(ten, 10, 90), 90);
	assert_int_equal(stats_percentile(ten, 10, 91), 1000);
	assert_int_equal(stats_percentile(ten, 10, 10), 1);
	assert_int_equal(stats_percentile(ten, 10, 11), 2);
	/* One value is every percentile; p out of range is clamped. */
	const int64_t one[] = { 42 };
	assert_int_equal(stats_percentile(one, 1, 1), 42);
	assert_int_equal(stats_percentile(one, 1, 90), 42);
	assert_int_equal(stats_percentile(ten, 10, 0), 1);
	assert_int_equal(stats_percentile(ten, 10, 250), 1000);
}

/* The percentile is always a member, and at least p% are <= it while
 * fewer than p% are below it: checked against the definition for every
 * n up to 40 and every p. */
static void test_percentile_definition(void **state)
{
	(void)state;
	int64_t v[40];
	for (size_t n = 1; n <= 40; n++) {
		for (size_t i = 0; i < n; i++)
			v[i] = (int64_t)(i * 10 + (i % 3));
		for (int p = 1; p <= 100; p++) {
			int64_t x = stats_percentile(v, n, p);
			size_t le = 0, lt = 0;
			for (size_t i = 0; i < n; i++) {
				le += v[i] <= x;
				lt += v[i] < x;
			}
			assert_true(100 * le >= (size_t)p * n);
			assert_true(100 * lt < (size_t)p * n);
		}
	}
}

static void test_mean_rounds_half_up(void **state)
{
	(void)state;
	const int64_t a[] = { 600, 1200, 1800 };
	assert_int_equal(stats_mean(a, 3), 1200);
	const int64_t b[] = { 1, 2 };          /* 1.5 -> 2 */
	assert_int_equal(stats_mean(b, 2), 2);
	const int64_t c[] = { 1, 1, 2 };       /* 1.33 -> 1 */
	assert_int_equal(stats_mean(c, 3), 1);
	const int64_t d[] = { 2, 3, 3 };       /* 2.67 -> 3 */
	assert_int_equal(stats_mean(d, 3), 3);
	const int64_t e[] = { 0 };
	assert_int_equal(stats_mean(e, 1), 0);
}

static void test_pct_tenths(void **state)
{
	(void)state;
	assert_int_equal(stats_pct_tenths(5, 6), 833);      /* 83.33 */
	assert_int_equal(stats_pct_tenths(1, 6), 167);      /* 16.67 */
	assert_int_equal(stats_pct_tenths(1, 8), 125);      /* 12.5 exactly */
	assert_int_equal(stats_pct_tenths(1, 16), 63);      /* 6.25 -> 6.3 */
	assert_int_equal(stats_pct_tenths(0, 7), 0);
	assert_int_equal(stats_pct_tenths(7, 7), 1000);
	assert_int_equal(stats_pct_tenths(2, 3), 667);
}

/* The spans of ch within [from, to) must be exactly want[0..nwant). */
static void check_spans(const struct stats_change *ch, size_t n, int64_t from, int64_t to,
			const struct stats_span *want, size_t nwant)
{
	struct stats_span out[16];
	assert_true(n <= 16);
	size_t k = stats_paused_spans(ch, n, from, to, out);
	assert_int_equal(k, nwant);
	for (size_t i = 0; i < k; i++) {
		assert_int_equal(out[i].start, want[i].start);
		assert_int_equal(out[i].end, want[i].end);
		assert_int_equal(out[i].tag, want[i].tag);
	}
}

static void test_paused_spans(void **state)
{
	(void)state;
	/* open 100, pause 200 (tag 1), resume 260, pause 300 (tag 2), close 400. */
	const struct stats_change day[] = {
		{ 100, false, 0 }, { 200, true, 1 }, { 260, false, 0 },
		{ 300, true, 2 }, { 400, false, 0 },
	};
	const struct stats_span all[] = { { 200, 260, 1 }, { 300, 400, 2 } };
	check_spans(day, N(day), 0, 1000, all, 2);
	/* Clipped at both ends. */
	const struct stats_span mid[] = { { 230, 260, 1 }, { 300, 350, 2 } };
	check_spans(day, N(day), 230, 350, mid, 2);
	/* A period inside a pause; one wholly outside any. */
	const struct stats_span inside[] = { { 210, 220, 1 } };
	check_spans(day, N(day), 210, 220, inside, 1);
	check_spans(day, N(day), 260, 300, NULL, 0);
	check_spans(day, N(day), 500, 900, NULL, 0);
	/* Still paused at the end of the list: the pause runs to `to`; a
	 * repeated pause keeps the first tag. */
	const struct stats_change open_end[] = { { 50, true, 7 }, { 80, true, 8 } };
	const struct stats_span to_end[] = { { 60, 90, 7 } };
	check_spans(open_end, N(open_end), 60, 90, to_end, 1);
	/* Nothing at all, and a pause at the very end of the period. */
	check_spans(NULL, 0, 0, 10, NULL, 0);
	const struct stats_change late[] = { { 10, true, 3 } };
	check_spans(late, 1, 0, 10, NULL, 0);
}

static const char *csv_of(const char *s)
{
	static struct buf b;
	buf_reset(&b);
	csv_field(&b, s);
	return buf_str(&b);
}

static void test_csv_quoting(void **state)
{
	(void)state;
	assert_string_equal(csv_of("1号窗口"), "1号窗口");
	assert_string_equal(csv_of(""), "");
	assert_string_equal(csv_of(NULL), "");
	assert_string_equal(csv_of("a,b"), "\"a,b\"");
	assert_string_equal(csv_of("say \"hi\""), "\"say \"\"hi\"\"\"");
	assert_string_equal(csv_of("two\nlines"), "\"two\nlines\"");
	assert_string_equal(csv_of("cr\rhere"), "\"cr\rhere\"");
	assert_string_equal(csv_of("\"\""), "\"\"\"\"\"\"");
}

static void test_csv_formula_injection(void **state)
{
	(void)state;
	assert_string_equal(csv_of("=1+1"), "'=1+1");
	assert_string_equal(csv_of("+86"), "'+86");
	assert_string_equal(csv_of("-2"), "'-2");
	assert_string_equal(csv_of("@SUM(A1)"), "'@SUM(A1)");
	assert_string_equal(csv_of("\tx"), "'\tx");
	/* Defused and quoted: the apostrophe goes inside the quotes. */
	assert_string_equal(csv_of("=HYPERLINK(\"http://x\",\"y\")"),
			    "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"");
	assert_string_equal(csv_of("\r=1"), "\"'\r=1\"");
	/* Only the first character matters. */
	assert_string_equal(csv_of("a=1"), "a=1");
	assert_string_equal(csv_of("张=三"), "张=三");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sort),
		cmocka_unit_test(test_percentile_nearest_rank),
		cmocka_unit_test(test_percentile_definition),
		cmocka_unit_test(test_mean_rounds_half_up),
		cmocka_unit_test(test_pct_tenths),
		cmocka_unit_test(test_paused_spans),
		cmocka_unit_test(test_csv_quoting),
		cmocka_unit_test(test_csv_formula_injection),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
