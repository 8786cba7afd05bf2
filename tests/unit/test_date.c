/* test_date.c - civil date conversions, weekdays, ISO parsing and formatting. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "wicket/core/date.h"

/* Parse s, failing the test if it is not a valid date. */
static date_t
iso(const char *s)
{
	date_t d = 0;

	assert_true(date_parse_iso(s, &d));
	return d;
}

static void
test_epoch_and_known_day_numbers(void **state)
{
	date_t d;

	(void)state;
	assert_true(date_from_ymd(1970, 1, 1, &d));
	assert_int_equal(d, 0);
	assert_true(date_from_ymd(1969, 12, 31, &d));
	assert_int_equal(d, -1);
	assert_true(date_from_ymd(2000, 1, 1, &d));
	assert_int_equal(d, 10957);
	assert_true(date_from_ymd(2026, 11, 23, &d));
	assert_int_equal(d, 20780);
	assert_true(date_from_ymd(1, 1, 1, &d));
	assert_int_equal(d, DATE_MIN);
	assert_true(date_from_ymd(9999, 12, 31, &d));
	assert_int_equal(d, DATE_MAX);
}

static void
test_leap_years(void **state)
{
	date_t d = 12345;

	(void)state;
	assert_false(date_is_leap_year(1900));
	assert_true(date_is_leap_year(2000));
	assert_true(date_is_leap_year(2024));
	assert_false(date_is_leap_year(2025));
	assert_false(date_is_leap_year(2100));
	assert_int_equal(date_days_in_month(1900, 2), 28);
	assert_int_equal(date_days_in_month(2000, 2), 29);
	assert_int_equal(date_days_in_month(2024, 2), 29);
	assert_int_equal(date_days_in_month(2026, 2), 28);
	assert_int_equal(date_days_in_month(2026, 4), 30);
	assert_int_equal(date_days_in_month(2026, 12), 31);
	assert_int_equal(date_days_in_month(2026, 0), 0);
	assert_int_equal(date_days_in_month(2026, 13), 0);

	assert_false(date_from_ymd(1900, 2, 29, &d));
	assert_int_equal(d, 12345);               /* untouched on failure */
	assert_true(date_from_ymd(2000, 2, 29, &d));
	assert_int_equal(d, 11016);
	assert_true(date_from_ymd(2024, 2, 29, &d));
	assert_int_equal(d, 19782);
	assert_false(date_from_ymd(2026, 2, 29, &d));
	/* 1900-02-28 is followed directly by 1900-03-01. */
	assert_int_equal(iso("1900-03-01") - iso("1900-02-28"), 1);
	assert_int_equal(iso("2000-03-01") - iso("2000-02-28"), 2);
	assert_int_equal(iso("2025-01-01") - iso("2024-01-01"), 366);
	assert_int_equal(iso("2026-01-01") - iso("2025-01-01"), 365);
}

static void
test_from_ymd_rejects_out_of_range(void **state)
{
	date_t d = 7;

	(void)state;
	assert_false(date_from_ymd(0, 12, 31, &d));
	assert_false(date_from_ymd(10000, 1, 1, &d));
	assert_false(date_from_ymd(2026, 0, 1, &d));
	assert_false(date_from_ymd(2026, 13, 1, &d));
	assert_false(date_from_ymd(2026, 1, 0, &d));
	assert_false(date_from_ymd(2026, 1, 32, &d));
	assert_false(date_from_ymd(2026, 4, 31, &d));
	assert_false(date_from_ymd(-5, 1, 1, &d));
	assert_int_equal(d, 7);
}

/* Every day from 1600 to 2400 converts to y-m-d and back, and consecutive
 * day numbers are consecutive calendar days. */
static void
test_round_trip_wide_range(void **state)
{
	date_t start, end;
	int py, pm, pd;

	(void)state;
	assert_true(date_from_ymd(1600, 1, 1, &start));
	assert_true(date_from_ymd(2400, 12, 31, &end));
	date_to_ymd(start - 1, &py, &pm, &pd);
	assert_int_equal(py, 1599);
	assert_int_equal(pm, 12);
	assert_int_equal(pd, 31);
	for (date_t d = start; d <= end; d++) {
		int y, m, dd;
		date_t back;

		date_to_ymd(d, &y, &m, &dd);
		assert_true(date_from_ymd(y, m, dd, &back));
		assert_int_equal(back, d);
		assert_int_equal(date_year(d), y);
		if (dd == 1) {
			/* Previous day was the last of the previous month. */
			int ey = m == 1 ? y - 1 : y, em = m == 1 ? 12 : m - 1;

			assert_int_equal(py, ey);
			assert_int_equal(pm, em);
			assert_int_equal(pd, date_days_in_month(ey, em));
		} else {
			assert_int_equal(y, py);
			assert_int_equal(m, pm);
			assert_int_equal(dd, pd + 1);
		}
		assert_int_equal(date_weekday(d), (date_weekday(d - 1) + 1) % 7);
		py = y, pm = m, pd = dd;
	}
}

/* Both ends of the valid range and a spread of days in between. */
static void
test_round_trip_extremes(void **state)
{
	(void)state;
	for (int64_t d = DATE_MIN; d <= DATE_MAX; d += 997) {
		int y, m, dd;
		date_t back;

		date_to_ymd((date_t)d, &y, &m, &dd);
		assert_true(date_from_ymd(y, m, dd, &back));
		assert_int_equal(back, d);
	}
	assert_true(date_valid(DATE_MIN));
	assert_true(date_valid(DATE_MAX));
	assert_false(date_valid(DATE_MIN - 1));
	assert_false(date_valid(DATE_MAX + 1));
	assert_int_equal(date_year(DATE_MIN), 1);
	assert_int_equal(date_year(DATE_MAX), 9999);
	assert_int_equal(date_year(DATE_MAX + 1), 10000);
}

static void
test_weekday_of_known_dates(void **state)
{
	(void)state;
	assert_int_equal(date_weekday(iso("2026-11-23")), DATE_MONDAY);
	assert_int_equal(date_weekday(iso("1970-01-01")), DATE_THURSDAY);
	assert_int_equal(date_weekday(iso("1969-12-31")), DATE_WEDNESDAY);
	assert_int_equal(date_weekday(iso("2000-01-01")), DATE_SATURDAY);
	assert_int_equal(date_weekday(iso("2026-01-01")), DATE_THURSDAY);
	assert_int_equal(date_weekday(iso("2026-02-14")), DATE_SATURDAY);
	assert_int_equal(date_weekday(iso("2026-01-04")), DATE_SUNDAY);
	assert_int_equal(date_weekday(iso("2025-10-01")), DATE_WEDNESDAY);
	assert_int_equal(date_weekday(iso("1949-10-01")), DATE_SATURDAY);
	assert_int_equal(date_weekday(iso("0001-01-01")), DATE_MONDAY);
	assert_int_equal(date_weekday(iso("9999-12-31")), DATE_FRIDAY);
	assert_true(date_is_weekend(iso("2026-11-22")));
	assert_true(date_is_weekend(iso("2026-11-21")));
	assert_false(date_is_weekend(iso("2026-11-20")));
	assert_false(date_is_weekend(iso("2026-11-23")));
}

static void
test_parse_valid(void **state)
{
	date_t d;

	(void)state;
	assert_true(date_parse_iso("2026-02-03", &d));
	assert_true(date_from_ymd(2026, 2, 3, &d) && d == iso("2026-02-03"));
	assert_true(date_parse_iso("2024-02-29", &d));
	assert_true(date_parse_iso("2000-02-29", &d));
	assert_true(date_parse_iso("0001-01-01", &d));
	assert_int_equal(d, DATE_MIN);
	assert_true(date_parse_iso("9999-12-31", &d));
	assert_int_equal(d, DATE_MAX);
}

static void
test_parse_rejects(void **state)
{
	static const char *const bad[] = {
		"2026-2-3", "2026-02-3", "2026-2-03", "2026-02-30", "2026-13-01",
		"2026-00-10", "2026-01-00", "2026-01-32", "1900-02-29", "2025-02-29",
		"20260203", "2026/02/03", "2026-02-03 ", " 2026-02-03", "2026-02-03x",
		"2026-02-03\n", "2026-02-031", "0000-01-01", "+026-02-03", "-026-02-03",
		"2026-+2-03", "2026-02- 3", "2026-02", "", "2026", "abcd-ef-gh",
		"２026-02-03", "2026-02-0\x80",
	};
	date_t d = 42;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (date_parse_iso(bad[i], &d))
			fail_msg("accepted '%s'", bad[i]);
	}
	assert_false(date_parse_iso(NULL, &d));
	assert_int_equal(d, 42);
}

static void
test_format(void **state)
{
	char out[DATE_ISO_SIZE];
	static const char *const samples[] = {
		"2026-02-03", "1970-01-01", "1969-12-31", "2000-02-29", "0001-01-01",
		"9999-12-31", "0099-07-04",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(samples) / sizeof(samples[0]); i++) {
		date_format_iso(iso(samples[i]), out);
		assert_string_equal(out, samples[i]);
	}
	date_format_iso(DATE_MAX + 1, out);
	assert_string_equal(out, "?\?\?\?-?\?-?\?");
	date_format_iso(DATE_MIN - 1, out);
	assert_string_equal(out, "?\?\?\?-?\?-?\?");
}

/* Formatting then parsing gives the same day for the whole 2020s. */
static void
test_format_parse_round_trip(void **state)
{
	char out[DATE_ISO_SIZE];

	(void)state;
	for (date_t d = iso("2020-01-01"); d <= iso("2029-12-31"); d++) {
		date_t back;

		date_format_iso(d, out);
		assert_int_equal(strlen(out), 10);
		assert_true(date_parse_iso(out, &back));
		assert_int_equal(back, d);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_epoch_and_known_day_numbers),
		cmocka_unit_test(test_leap_years),
		cmocka_unit_test(test_from_ymd_rejects_out_of_range),
		cmocka_unit_test(test_round_trip_wide_range),
		cmocka_unit_test(test_round_trip_extremes),
		cmocka_unit_test(test_weekday_of_known_dates),
		cmocka_unit_test(test_parse_valid),
		cmocka_unit_test(test_parse_rejects),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_format_parse_round_trip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
