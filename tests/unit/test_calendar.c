/* test_calendar.c - the working-day calendar: the real 2025/2026 files, due
 * dates across the long holidays, suspensions, provisional answers, and the
 * refusal of malformed calendar files.
 *
 * The real files are read from $WICKET_CALENDAR_DIR (the build sets it to
 * $(top_srcdir)/data/calendar), default "data/calendar".  The broken-file
 * fixtures are read from $WICKET_CALENDAR_BAD_DIR, default
 * $WICKET_CALENDAR_DIR/../../tests/data/calendar-bad.
 *
 * Weekdays used in the hand-worked examples (checked in test_date.c style
 * against date_weekday() below where it matters):
 *   2025-09-26 Fri, 2025-09-28 Sun, 2025-10-01 Wed, 2025-10-11 Sat
 *   2026-02-12 Thu, 2026-02-14 Sat, 2026-02-24 Tue, 2026-02-28 Sat
 *   2026-03-02 Mon, 2026-09-18 Fri, 2026-09-20 Sun, 2026-09-24 Thu
 *   2026-10-01 Thu, 2026-10-10 Sat, 2026-12-30 Wed, 2027-01-01 Fri
 *   2024-12-30 Mon */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "wicket/core/calendar.h"
#include "wicket/core/date.h"
#include "wicket/server/calendar_dir.h"

/* ------------------------------------------------------------------ */
/* Helpers                                                             */

static date_t
iso(const char *s)
{
	date_t d = 0;

	if (!date_parse_iso(s, &d))
		fail_msg("bad date literal '%s' in test", s);
	return d;
}

static const char *
calendar_dir(void)
{
	const char *dir = getenv("WICKET_CALENDAR_DIR");

	return dir != NULL && *dir != '\0' ? dir : "data/calendar";
}

/* Per-test fixture: the real calendar, loaded from calendar_dir(). */
static int
setup_real(void **state)
{
	struct calendar *cal = cal_new();
	struct cal_error err;

	if (srv_calendar_load_dir(cal, calendar_dir(), &err) != 0) {
		fprintf(stderr, "cannot load %s: %s:%d: %s\n", calendar_dir(),
		        err.file, err.line, err.message);
		cal_free(cal);
		return -1;
	}
	*state = cal;
	return 0;
}

static int
teardown_cal(void **state)
{
	cal_free(*state);
	return 0;
}

static void
expect_due(const struct calendar *cal, const char *accepted, int n,
           const struct cal_span *susp, size_t nsusp, const char *want,
           bool want_provisional)
{
	date_t due = 0;
	bool prov = !want_provisional;
	char got[DATE_ISO_SIZE];

	assert_int_equal(cal_due(cal, iso(accepted), n, susp, nsusp, &due, &prov), 0);
	date_format_iso(due, got);
	if (strcmp(got, want) != 0)
		fail_msg("accepted %s + %d working days: due %s, expected %s",
		         accepted, n, got, want);
	if (prov != want_provisional)
		fail_msg("accepted %s + %d: provisional %d, expected %d",
		         accepted, n, prov, want_provisional);
}

static int
between(const struct calendar *cal, const char *from, const char *to,
        const struct cal_span *susp, size_t nsusp, bool *prov)
{
	int count = -12345;
	bool p = true;

	assert_int_equal(cal_working_days_between(cal, iso(from), iso(to), susp,
	                                          nsusp, &count, &p), 0);
	if (prov != NULL)
		*prov = p;
	return count;
}

static struct cal_span
span(const char *start, const char *end)
{
	struct cal_span s = { iso(start), end != NULL ? iso(end) : 0, end == NULL };

	return s;
}

#define NSPANS(a) (sizeof(a) / sizeof((a)[0]))

/* ------------------------------------------------------------------ */
/* The real calendar files                                             */

static void
test_real_files_cover_2025_2026(void **state)
{
	const struct calendar *cal = *state;

	assert_int_equal(cal_year_count(cal), 2);
	assert_int_equal(cal_year_at(cal, 0), 2025);
	assert_int_equal(cal_year_at(cal, 1), 2026);
	assert_true(cal_covers_year(cal, 2025));
	assert_true(cal_covers_year(cal, 2026));
	assert_false(cal_covers_year(cal, 2024));
	assert_false(cal_covers_year(cal, 2027));
	assert_false(cal_covers_year(NULL, 2026));
}

static const char *const makeup_days[] = {
	/* 2025 */
	"2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11",
	/* 2026 */
	"2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20",
	"2026-10-10",
};

static void
test_every_makeup_day_is_a_workday(void **state)
{
	const struct calendar *cal = *state;

	for (size_t i = 0; i < NSPANS(makeup_days); i++) {
		date_t d = iso(makeup_days[i]);
		bool prov = true;

		assert_true(date_is_weekend(d));
		if (cal_classify(cal, d, &prov) != CAL_MAKEUP_WORKDAY)
			fail_msg("%s is not a make-up workday", makeup_days[i]);
		assert_false(prov);
		assert_true(cal_is_workday(cal, d, &prov));
		assert_non_null(cal_day_name(cal, d));
		assert_non_null(strstr(cal_day_name(cal, d), "调休上班"));
	}
	assert_string_equal(cal_day_name(cal, iso("2026-02-14")), "春节调休上班");
	assert_string_equal(cal_day_name(cal, iso("2025-10-11")), "国庆节、中秋节调休上班");
}

/* Holiday ranges, first and last day included, with their names. */
static const struct {
	const char *first, *last, *name;
} holidays[] = {
	{ "2025-01-01", "2025-01-01", "元旦" },
	{ "2025-01-28", "2025-02-04", "春节" },
	{ "2025-04-04", "2025-04-06", "清明节" },
	{ "2025-05-01", "2025-05-05", "劳动节" },
	{ "2025-05-31", "2025-06-02", "端午节" },
	{ "2025-10-01", "2025-10-08", "国庆节、中秋节" },
	{ "2026-01-01", "2026-01-03", "元旦" },
	{ "2026-02-15", "2026-02-23", "春节" },
	{ "2026-04-04", "2026-04-06", "清明节" },
	{ "2026-05-01", "2026-05-05", "劳动节" },
	{ "2026-06-19", "2026-06-21", "端午节" },
	{ "2026-09-25", "2026-09-27", "中秋节" },
	{ "2026-10-01", "2026-10-07", "国庆节" },
};

static bool
is_listed_holiday(date_t d)
{
	for (size_t i = 0; i < NSPANS(holidays); i++)
		if (d >= iso(holidays[i].first) && d <= iso(holidays[i].last))
			return true;
	return false;
}

static bool
is_listed_makeup(date_t d)
{
	for (size_t i = 0; i < NSPANS(makeup_days); i++)
		if (d == iso(makeup_days[i]))
			return true;
	return false;
}

static void
test_every_holiday_is_not_a_workday(void **state)
{
	const struct calendar *cal = *state;
	int days = 0;

	for (size_t i = 0; i < NSPANS(holidays); i++) {
		for (date_t d = iso(holidays[i].first); d <= iso(holidays[i].last); d++) {
			char s[DATE_ISO_SIZE];
			bool prov = true;

			date_format_iso(d, s);
			if (cal_classify(cal, d, &prov) != CAL_HOLIDAY)
				fail_msg("%s is not a holiday", s);
			assert_false(prov);
			assert_false(cal_is_workday(cal, d, NULL));
			assert_string_equal(cal_day_name(cal, d), holidays[i].name);
			days++;
		}
	}
	/* 2025: 1 + 8 + 3 + 5 + 3 + 8 = 28; 2026: 3 + 9 + 3 + 5 + 3 + 3 + 7 = 33. */
	assert_int_equal(days, 28 + 33);
}

/* Every day of 2025 and 2026 that is neither listed holiday nor listed
 * make-up day is classified by its weekday, has no name, and is not
 * provisional; and the per-year totals match the published 248 working
 * days of each year. */
static void
test_ordinary_days_follow_the_weekday(void **state)
{
	const struct calendar *cal = *state;
	int workdays[2] = { 0, 0 };

	for (date_t d = iso("2025-01-01"); d <= iso("2026-12-31"); d++) {
		bool prov = true;
		enum cal_day_kind k = cal_classify(cal, d, &prov);

		assert_false(prov);
		if (cal_is_workday(cal, d, NULL))
			workdays[date_year(d) - 2025]++;
		if (is_listed_holiday(d) || is_listed_makeup(d))
			continue;
		assert_int_equal(k, date_is_weekend(d) ? CAL_WEEKEND : CAL_WORKDAY);
		assert_null(cal_day_name(cal, d));
	}
	/* 2025: 261 Mon..Fri - 18 holidays on a weekday + 5 make-up days.
	 * 2026: 261 Mon..Fri - 19 holidays on a weekday + 6 make-up days. */
	assert_int_equal(workdays[0], 248);
	assert_int_equal(workdays[1], 248);
	/* A few ordinary weekends by hand. */
	assert_int_equal(cal_classify(cal, iso("2026-11-21"), NULL), CAL_WEEKEND);
	assert_int_equal(cal_classify(cal, iso("2026-11-22"), NULL), CAL_WEEKEND);
	assert_int_equal(cal_classify(cal, iso("2025-02-09"), NULL), CAL_WEEKEND);
	assert_int_equal(cal_classify(cal, iso("2026-11-23"), NULL), CAL_WORKDAY);
}

static void
test_uncovered_years_are_provisional(void **state)
{
	const struct calendar *cal = *state;
	bool prov = false;

	/* 2027-01-01 will surely be 元旦, but without a file it is a plain Friday. */
	assert_int_equal(cal_classify(cal, iso("2027-01-01"), &prov), CAL_WORKDAY);
	assert_true(prov);
	assert_null(cal_day_name(cal, iso("2027-01-01")));
	prov = false;
	assert_false(cal_is_workday(cal, iso("2024-12-28"), &prov));
	assert_true(prov);
	prov = true;
	assert_false(cal_is_workday(cal, iso("2026-12-27"), &prov));
	assert_false(prov);
	/* A NULL calendar covers nothing. */
	assert_int_equal(cal_classify(NULL, iso("2026-02-16"), &prov), CAL_WORKDAY);
	assert_true(prov);
}

/* ------------------------------------------------------------------ */
/* Due dates                                                           */

static void
test_due_across_spring_festival_2026(void **state)
{
	const struct calendar *cal = *state;

	/* Accepted Thu 02-12, 5 days: 13 Fri (1), 14 Sat make-up (2), 15..23
	 * 春节, 24 Tue (3), 25 Wed (4), 26 Thu (5). */
	expect_due(cal, "2026-02-12", 5, NULL, 0, "2026-02-26", false);
	/* Accepted Fri 02-13, 1 day: 14 Sat is a make-up workday (1). */
	expect_due(cal, "2026-02-13", 1, NULL, 0, "2026-02-14", false);
	/* Accepted on the make-up Saturday 02-14, 1 day: 15..23 off, 24 Tue (1). */
	expect_due(cal, "2026-02-14", 1, NULL, 0, "2026-02-24", false);
	/* Accepted during the holiday (online), Wed 02-18, 3 days: 19..23 off,
	 * 24 Tue (1), 25 (2), 26 (3). */
	expect_due(cal, "2026-02-18", 3, NULL, 0, "2026-02-26", false);
	/* Accepted Fri 02-06, 10 days: 9 Mon (1), 10 (2), 11 (3), 12 (4),
	 * 13 Fri (5), 14 Sat make-up (6), 15..23 off, 24 (7), 25 (8), 26 (9),
	 * 27 Fri (10). */
	expect_due(cal, "2026-02-06", 10, NULL, 0, "2026-02-27", false);
	/* ... 11 days: 28 Sat make-up (11). */
	expect_due(cal, "2026-02-06", 11, NULL, 0, "2026-02-28", false);
	/* ... 12 days: 03-01 Sun off, 03-02 Mon (12). */
	expect_due(cal, "2026-02-06", 12, NULL, 0, "2026-03-02", false);
	/* 2025: accepted Fri 01-24, 2 days: 25 Sat off, 26 Sun make-up (1),
	 * 27 Mon (2). */
	expect_due(cal, "2025-01-24", 2, NULL, 0, "2025-01-27", false);
	/* ... 3 days: 28 Jan..4 Feb off, 5 Wed (3). */
	expect_due(cal, "2025-01-24", 3, NULL, 0, "2025-02-05", false);
}

static void
test_due_across_national_day_2025(void **state)
{
	const struct calendar *cal = *state;

	/* Accepted Fri 09-26, 3 days: 27 Sat off, 28 Sun make-up (1),
	 * 29 Mon (2), 30 Tue (3). */
	expect_due(cal, "2025-09-26", 3, NULL, 0, "2025-09-30", false);
	/* ... 4 days: 10-01..10-08 off, 10-09 Thu (4). */
	expect_due(cal, "2025-09-26", 4, NULL, 0, "2025-10-09", false);
	/* ... 5 days: 10 Fri (5); 6 days: 11 Sat make-up (6);
	 * 7 days: 12 Sun off, 13 Mon (7). */
	expect_due(cal, "2025-09-26", 5, NULL, 0, "2025-10-10", false);
	expect_due(cal, "2025-09-26", 6, NULL, 0, "2025-10-11", false);
	expect_due(cal, "2025-09-26", 7, NULL, 0, "2025-10-13", false);
}

static void
test_due_across_national_day_2026(void **state)
{
	const struct calendar *cal = *state;

	/* Accepted Fri 09-18, 1 day: 19 Sat off, 20 Sun make-up (1). */
	expect_due(cal, "2026-09-18", 1, NULL, 0, "2026-09-20", false);
	/* Accepted Thu 09-24, 2 days: 25..27 中秋节, 28 Mon (1), 29 Tue (2). */
	expect_due(cal, "2026-09-24", 2, NULL, 0, "2026-09-29", false);
	/* ... 4 days: 30 Wed (3), 10-01..10-07 国庆节, 10-08 Thu (4). */
	expect_due(cal, "2026-09-24", 4, NULL, 0, "2026-10-08", false);
	/* ... 6 days: 9 Fri (5), 10 Sat make-up (6). */
	expect_due(cal, "2026-09-24", 6, NULL, 0, "2026-10-10", false);
	/* Accepted Mon 09-21, 15 days: 22 (1), 23 (2), 24 (3), 25..27 off,
	 * 28 (4), 29 (5), 30 (6), 10-01..07 off, 8 (7), 9 (8), 10 Sat (9),
	 * 11 Sun off, 12 (10), 13 (11), 14 (12), 15 (13), 16 Fri (14),
	 * 17/18 weekend, 19 Mon (15). */
	expect_due(cal, "2026-09-21", 15, NULL, 0, "2026-10-19", false);
}

static void
test_due_zero_days_is_the_acceptance_day(void **state)
{
	const struct calendar *cal = *state;

	/* Nothing needs classifying, so not provisional even in 2027. */
	expect_due(cal, "2026-10-01", 0, NULL, 0, "2026-10-01", false);
	expect_due(cal, "2026-11-23", 0, NULL, 0, "2026-11-23", false);
	expect_due(cal, "2027-03-01", 0, NULL, 0, "2027-03-01", false);
}

static void
test_due_provisional_2027(void **state)
{
	const struct calendar *cal = *state;
	date_t due;
	bool prov;

	/* Accepted Wed 2026-12-30, 1 day: 31 Thu (1), all in 2026. */
	expect_due(cal, "2026-12-30", 1, NULL, 0, "2026-12-31", false);
	/* 2 days: 2027-01-01 Fri (2) by weekday only - surely wrong (元旦),
	 * which is exactly why it is provisional. */
	expect_due(cal, "2026-12-30", 2, NULL, 0, "2027-01-01", true);
	/* Entirely in 2027: Mon 03-01 + 5 = 03-08 Mon, provisional. */
	expect_due(cal, "2027-03-01", 5, NULL, 0, "2027-03-08", true);
	/* The largest limit runs ten years past the covered ones. */
	assert_int_equal(cal_due(cal, iso("2026-01-01"), CAL_MAX_WORKING_DAYS,
	                         NULL, 0, &due, &prov), 0);
	assert_true(prov);
	assert_true(due > iso("2039-01-01"));
}

static void
test_due_provisional_2024(void **state)
{
	const struct calendar *cal = *state;

	/* Accepted Mon 2024-12-30, 3 days: 31 Tue (1, classified in 2024 which
	 * is not covered), 2025-01-01 元旦, 2 Thu (2), 3 Fri (3). */
	expect_due(cal, "2024-12-30", 3, NULL, 0, "2025-01-03", true);
	/* Accepted 2024-12-31, 2 days: only 2025 days are classified:
	 * 01-01 off, 2 Thu (1), 3 Fri (2).  Not provisional. */
	expect_due(cal, "2024-12-31", 2, NULL, 0, "2025-01-03", false);
	/* Accepted Mon 2024-06-03, 5 days: 4..7 (4), 10 Mon (5). */
	expect_due(cal, "2024-06-03", 5, NULL, 0, "2024-06-10", true);
}

static void
test_due_with_one_suspension(void **state)
{
	const struct calendar *cal = *state;
	struct cal_span s1[] = { span("2026-03-04", "2026-03-06") };
	struct cal_span s2[] = { span("2026-03-03", "2026-03-03") };
	struct cal_span s3[] = { span("2026-02-13", "2026-02-13") };
	struct cal_span s4[] = { span("2026-02-01", "2026-02-12") };

	/* Without suspension: Mon 03-02 + 5 = 3, 4, 5, 6, 9 Mon. */
	expect_due(cal, "2026-03-02", 5, NULL, 0, "2026-03-09", false);
	/* Suspended Wed 4 .. Fri 6: 3 Tue (1), 4..6 suspended, 7/8 weekend,
	 * 9 Mon (2), 10 (3), 11 (4), 12 Thu (5). */
	expect_due(cal, "2026-03-02", 5, s1, NSPANS(s1), "2026-03-12", false);
	/* A suspension on the day that would have been due moves it: 1 day
	 * from Mon 03-02, 3 Tue suspended, 4 Wed (1). */
	expect_due(cal, "2026-03-02", 1, s2, NSPANS(s2), "2026-03-04", false);
	/* Across the Spring Festival: 13 Fri suspended, 14 Sat make-up (1),
	 * 15..23 off, 24 (2), 25 (3), 26 (4), 27 Fri (5). */
	expect_due(cal, "2026-02-12", 5, s3, NSPANS(s3), "2026-02-27", false);
	/* A suspension entirely before acceptance changes nothing. */
	expect_due(cal, "2026-02-12", 5, s4, NSPANS(s4), "2026-02-26", false);
}

static void
test_due_with_overlapping_unsorted_suspensions(void **state)
{
	const struct calendar *cal = *state;
	/* Union: 03-04..03-10 and 03-16. */
	struct cal_span s1[] = {
		span("2026-03-16", "2026-03-16"),
		span("2026-03-05", "2026-03-10"),
		span("2026-03-04", "2026-03-06"),
	};
	/* One inside another: union 03-01..03-20. */
	struct cal_span s2[] = {
		span("2026-03-05", "2026-03-06"),
		span("2026-03-01", "2026-03-20"),
	};
	/* Touching end to start: union 03-03..03-09. */
	struct cal_span s3[] = {
		span("2026-03-06", "2026-03-09"),
		span("2026-03-03", "2026-03-05"),
	};

	/* Mon 03-02 + 5: 3 Tue (1), 4..10 suspended, 11 Wed (2), 12 (3),
	 * 13 Fri (4), 14/15 weekend, 16 suspended, 17 Tue (5). */
	expect_due(cal, "2026-03-02", 5, s1, NSPANS(s1), "2026-03-17", false);
	/* 3..20 suspended, 21/22 weekend, 23 Mon (1) .. 27 Fri (5). */
	expect_due(cal, "2026-03-02", 5, s2, NSPANS(s2), "2026-03-27", false);
	/* 3..9 suspended, 10 Tue (1), 11 (2), 12 (3), 13 Fri (4), 16 Mon (5). */
	expect_due(cal, "2026-03-02", 5, s3, NSPANS(s3), "2026-03-16", false);
}

static void
test_due_errors(void **state)
{
	const struct calendar *cal = *state;
	struct cal_span open[] = { span("2026-03-04", NULL) };
	struct cal_span later_open[] = { span("2026-03-04", "2026-03-05"),
	                                 span("2026-09-01", NULL) };
	struct cal_span backwards[] = { span("2026-03-06", "2026-03-04") };
	date_t due = 4242;
	bool prov = true;
	date_t acc = iso("2026-03-02");

	assert_int_equal(cal_due(cal, acc, 5, open, 1, &due, &prov), -1);
	/* Even when the open suspension starts after the due date would be:
	 * a case with an open suspension has no due date. */
	assert_int_equal(cal_due(cal, acc, 5, later_open, 2, &due, &prov), -1);
	assert_int_equal(cal_due(cal, acc, 5, backwards, 1, &due, &prov), -1);
	assert_int_equal(cal_due(cal, acc, -1, NULL, 0, &due, &prov), -1);
	assert_int_equal(cal_due(cal, acc, CAL_MAX_WORKING_DAYS + 1, NULL, 0, &due, &prov), -1);
	assert_int_equal(cal_due(cal, DATE_MAX + 1, 1, NULL, 0, &due, &prov), -1);
	assert_int_equal(cal_due(cal, acc, 1, NULL, 1, &due, &prov), -1);
	/* Running past 9999-12-31. */
	assert_int_equal(cal_due(cal, iso("9999-12-30"), 5, NULL, 0, &due, &prov), -1);
	assert_int_equal(due, 4242);
	assert_true(prov);
}

/* cal_due and cal_working_days_between agree: for every acceptance day of
 * 2025-2026 and limits 1..25, the due day is a working day outside the
 * suspension, and exactly N working days were used up to it. */
static void
test_due_and_between_agree(void **state)
{
	const struct calendar *cal = *state;
	struct cal_span s[] = { span("2025-12-20", "2026-01-10"),
	                        span("2026-05-01", "2026-05-12"),
	                        span("2026-05-10", "2026-05-11") };

	for (date_t acc = iso("2025-01-01"); acc <= iso("2026-11-30"); acc++) {
		for (int n = 1; n <= 25; n++) {
			date_t due;
			bool prov, p2;
			int used;

			assert_int_equal(cal_due(cal, acc, n, s, NSPANS(s), &due, &prov), 0);
			assert_true(cal_is_workday(cal, due, NULL));
			for (size_t i = 0; i < NSPANS(s); i++)
				assert_false(due >= s[i].start && due <= s[i].end);
			assert_int_equal(cal_working_days_between(cal, acc, due, s,
			                 NSPANS(s), &used, &p2), 0);
			assert_int_equal(used, n);
			assert_int_equal(prov, p2);
			assert_int_equal(cal_working_days_between(cal, acc, due - 1, s,
			                 NSPANS(s), &used, &p2), 0);
			assert_int_equal(used, n - 1);
		}
	}
}

/* ------------------------------------------------------------------ */
/* Working days between and left                                       */

static void
test_working_days_between(void **state)
{
	const struct calendar *cal = *state;
	struct cal_span s1[] = { span("2026-03-04", "2026-03-06") };
	struct cal_span open[] = { span("2026-03-09", NULL) };
	struct cal_span backwards[] = { span("2026-03-06", "2026-03-04") };
	int count = 99;
	bool prov = true;

	/* (02-12, 02-26]: 13, 14 (make-up), 24, 25, 26. */
	assert_int_equal(between(cal, "2026-02-12", "2026-02-26", NULL, 0, &prov), 5);
	assert_false(prov);
	/* Nothing when the range is empty or backwards. */
	assert_int_equal(between(cal, "2026-02-12", "2026-02-12", NULL, 0, &prov), 0);
	assert_int_equal(between(cal, "2026-02-26", "2026-02-12", NULL, 0, &prov), 0);
	assert_false(prov);
	/* Only holidays: (02-14, 02-23] is 0. */
	assert_int_equal(between(cal, "2026-02-14", "2026-02-23", NULL, 0, NULL), 0);
	/* (03-02, 03-13] = 3,4,5,6,9,10,11,12,13 = 9; suspended 4..6: 6. */
	assert_int_equal(between(cal, "2026-03-02", "2026-03-13", NULL, 0, NULL), 9);
	assert_int_equal(between(cal, "2026-03-02", "2026-03-13", s1, 1, NULL), 6);
	/* Still suspended since 03-09: only 3, 4, 5, 6 count. */
	assert_int_equal(between(cal, "2026-03-02", "2026-03-31", open, 1, NULL), 4);
	/* Whole years: 248 each, and 496 for both. */
	assert_int_equal(between(cal, "2024-12-31", "2025-12-31", NULL, 0, &prov), 248);
	assert_false(prov);
	assert_int_equal(between(cal, "2025-12-31", "2026-12-31", NULL, 0, NULL), 248);
	assert_int_equal(between(cal, "2024-12-31", "2026-12-31", NULL, 0, NULL), 496);
	/* (2024-12-30, 2025-01-03]: 31 Tue (2024, provisional), 2, 3 = 3. */
	assert_int_equal(between(cal, "2024-12-30", "2025-01-03", NULL, 0, &prov), 3);
	assert_true(prov);
	/* (2026-12-30, 2027-01-05]: 31 Thu, then 2027 by weekday: 1 Fri,
	 * 4 Mon, 5 Tue = 4, provisional. */
	assert_int_equal(between(cal, "2026-12-30", "2027-01-05", NULL, 0, &prov), 4);
	assert_true(prov);
	/* If the 2027 days are suspended they are not classified. */
	{
		struct cal_span s27[] = { span("2027-01-01", "2027-01-31") };

		assert_int_equal(between(cal, "2026-12-30", "2027-01-05", s27, 1, &prov), 1);
		assert_false(prov);
	}
	/* Errors leave the outputs untouched. */
	assert_int_equal(cal_working_days_between(cal, iso("2026-03-02"), iso("2026-03-13"),
	                 backwards, 1, &count, &prov), -1);
	assert_int_equal(cal_working_days_between(cal, DATE_MIN - 1, iso("2026-03-13"),
	                 NULL, 0, &count, &prov), -1);
	assert_int_equal(count, 99);
}

/* The arithmetic range count agrees with classifying day by day, over
 * ranges that start and end anywhere in 2024..2027. */
static void
test_between_matches_day_by_day(void **state)
{
	const struct calendar *cal = *state;
	date_t lo = iso("2024-12-01"), hi = iso("2027-01-31");

	for (date_t a = lo; a <= hi; a += 3) {
		int expect = 0;
		bool expect_prov = false;

		for (date_t b = a + 1; b <= hi; b++) {
			int count;
			bool prov, p;

			if (cal_is_workday(cal, b, &p))
				expect++;
			expect_prov |= p;
			if ((b - a) % 5 != 0)
				continue;
			assert_int_equal(cal_working_days_between(cal, a, b, NULL, 0,
			                                          &count, &prov), 0);
			assert_int_equal(count, expect);
			assert_int_equal(prov, expect_prov);
		}
	}
}

static void
test_working_days_left(void **state)
{
	const struct calendar *cal = *state;
	bool prov = true;

	/* Due Thu 02-26 seen from Thu 02-12: 13, 14, 24, 25, 26 = 5 ahead. */
	assert_int_equal(cal_working_days_left(cal, iso("2026-02-12"), iso("2026-02-26"), &prov), 5);
	assert_false(prov);
	/* From the last day before the holiday (make-up Sat 14): 24, 25, 26. */
	assert_int_equal(cal_working_days_left(cal, iso("2026-02-14"), iso("2026-02-26"), NULL), 3);
	/* Due tomorrow: 1. Due today: 0. */
	assert_int_equal(cal_working_days_left(cal, iso("2026-02-25"), iso("2026-02-26"), NULL), 1);
	assert_int_equal(cal_working_days_left(cal, iso("2026-02-26"), iso("2026-02-26"), &prov), 0);
	assert_false(prov);
	/* One working day late: Fri 02-27. */
	assert_int_equal(cal_working_days_left(cal, iso("2026-02-27"), iso("2026-02-26"), NULL), -1);
	/* Seen on Mon 03-02: 27 Fri, 28 Sat make-up, 03-02 Mon = 3 late. */
	assert_int_equal(cal_working_days_left(cal, iso("2026-03-02"), iso("2026-02-26"), NULL), -3);
	/* Due Fri 03-06, seen on Sat 03-07: no working day has passed yet. */
	assert_int_equal(cal_working_days_left(cal, iso("2026-03-07"), iso("2026-03-06"), NULL), 0);
	/* Due Fri 2026-10-09 seen from Wed 09-30: 10-01..07 off, 8, 9 = 2. */
	assert_int_equal(cal_working_days_left(cal, iso("2026-09-30"), iso("2026-10-09"), NULL), 2);
	/* Into 2027: Mon 2026-12-28 to Mon 2027-01-04: 29, 30, 31, 1, 4 = 5. */
	assert_int_equal(cal_working_days_left(cal, iso("2026-12-28"), iso("2027-01-04"), &prov), 5);
	assert_true(prov);
	/* Negative and provisional: due Fri 2024-12-27, today 2025-01-02:
	 * 30, 31 (2024), 2 (01-01 off) = -3. */
	assert_int_equal(cal_working_days_left(cal, iso("2025-01-02"), iso("2024-12-27"), &prov), -3);
	assert_true(prov);
	/* Far outside the range: clamped, provisional, no crash. */
	(void)cal_working_days_left(cal, INT32_MIN, INT32_MAX, &prov);
	assert_true(prov);
}

/* ------------------------------------------------------------------ */
/* Loading: good files                                                 */

static void
test_load_string_format_features(void **state)
{
	struct calendar *cal = cal_new();
	struct cal_error err;
	/* BOM, CRLF, tabs, comments after fields, spaces in a name, blank lines,
	 * unsorted dates, a holiday on a weekend (2030-01-05 is a Saturday). */
	const char *text =
	    "\xEF\xBB\xBF# 国务院办公厅关于2030年部分节假日安排的通知\r\n"
	    "\r\n"
	    "  year\t2030   # the year\r\n"
	    "2030-10-01\tholiday\t国庆节 National Day\t \r\n"
	    "2030-01-01 holiday 元旦 # comment after the name\n"
	    "\t\n"
	    "2030-01-05  holiday  元旦\n"
	    "2030-09-29 workday 国庆节调休上班";

	(void)state;
	assert_int_equal(cal_load_string(cal, "mem:2030", text, &err), 0);
	assert_true(cal_covers_year(cal, 2030));
	assert_string_equal(cal_day_name(cal, iso("2030-10-01")), "国庆节 National Day");
	assert_string_equal(cal_day_name(cal, iso("2030-01-01")), "元旦");
	assert_int_equal(cal_classify(cal, iso("2030-01-05"), NULL), CAL_HOLIDAY);
	assert_int_equal(cal_classify(cal, iso("2030-09-29"), NULL), CAL_MAKEUP_WORKDAY);
	assert_int_equal(cal_classify(cal, iso("2030-01-02"), NULL), CAL_WORKDAY);
	/* A year with no special days is allowed (and then trusted). */
	assert_int_equal(cal_load_string(cal, "mem:2031", "year 2031\n", &err), 0);
	assert_true(cal_covers_year(cal, 2031));
	assert_int_equal(cal_year_count(cal), 2);
	/* The same year again, under another name, is refused. */
	assert_int_equal(cal_load_string(cal, "again", "year 2030\n", &err), -1);
	assert_string_equal(err.file, "again");
	assert_int_equal(err.line, 1);
	assert_string_equal(err.message, "year 2030 already loaded from mem:2030");
	cal_free(cal);
}

/* ------------------------------------------------------------------ */
/* Loading: malformed files                                            */

/* The real calendar must look exactly as loaded. */
static void
assert_real_unchanged(const struct calendar *cal)
{
	bool prov = false;

	assert_int_equal(cal_year_count(cal), 2);
	assert_int_equal(cal_year_at(cal, 0), 2025);
	assert_int_equal(cal_year_at(cal, 1), 2026);
	assert_false(cal_covers_year(cal, 2027));
	assert_int_equal(cal_classify(cal, iso("2027-01-01"), &prov), CAL_WORKDAY);
	assert_true(prov);
	assert_null(cal_day_name(cal, iso("2027-01-01")));
	assert_int_equal(cal_classify(cal, iso("2026-01-02"), NULL), CAL_HOLIDAY);
	assert_string_equal(cal_day_name(cal, iso("2026-02-15")), "春节");
	assert_int_equal(between(cal, "2025-12-31", "2026-12-31", NULL, 0, NULL), 248);
}

static const struct bad_case {
	const char *what;
	const char *text;
	int line;
	const char *message;    /* expected substring */
} bad_cases[] = {
	{ "bad date", "year 2027\n2027-01-01 holiday 元旦\n2027-02-30 holiday 春节\n",
	  3, "invalid date '2027-02-30'" },
	{ "short date", "year 2027\n2027-2-3 holiday 春节\n", 2, "invalid date '2027-2-3'" },
	{ "date outside year", "# notice\nyear 2027\n2027-01-01 holiday 元旦\n2026-03-01 holiday x\n",
	  4, "date 2026-03-01 is outside the file's year 2027" },
	{ "missing year", "# 2027\n\n2027-01-01 holiday 元旦\n", 3, "missing 'year' line" },
	{ "no year at all", "# nothing but a comment\n\n", 0, "missing 'year' line" },
	{ "empty file", "", 0, "missing 'year' line" },
	{ "two year lines", "year 2027\n2027-01-01 holiday 元旦\nyear 2027\n",
	  3, "second 'year' line (the first is on line 1)" },
	{ "year without number", "year\n", 1, "missing year after 'year'" },
	{ "two-digit year", "year 27\n", 1, "invalid year '27'" },
	{ "year 0000", "year 0000\n", 1, "invalid year '0000'" },
	{ "huge year", "year 99999999999999999999\n", 1, "invalid year '99999999999999999999'" },
	{ "year 1e3", "year 1e03\n", 1, "invalid year '1e03'" },
	{ "text after year", "year 2027 2028\n", 1, "unexpected text '2028' after the year" },
	{ "unknown kind", "year 2027\n2027-01-01 of 元旦\n", 2, "unknown kind 'of'" },
	{ "kind in capitals", "year 2027\n2027-01-01 Holiday 元旦\n", 2, "unknown kind 'Holiday'" },
	{ "missing kind", "year 2027\n2027-01-01\n", 2, "missing kind after 2027-01-01" },
	{ "missing name", "year 2027\n2027-01-01 holiday\n", 2, "missing name for 2027-01-01" },
	{ "name only in comment", "year 2027\n2027-01-01 holiday  # 元旦\n",
	  2, "missing name for 2027-01-01" },
	{ "make-up on a weekday", "year 2027\n2027-01-01 holiday 元旦\n2027-01-04 workday 元旦调休上班\n",
	  3, "date 2027-01-04 is a weekday; a make-up workday must fall on Saturday or Sunday" },
	{ "duplicate holiday", "year 2027\n2027-01-01 holiday 元旦\n\n2027-01-01 holiday 元旦\n",
	  4, "duplicate date 2027-01-01 (first on line 2)" },
	{ "duplicate, other kind", "year 2027\n2027-01-02 holiday 元旦\n2027-01-02 workday 元旦调休上班\n",
	  3, "duplicate date 2027-01-02" },
	{ "year already loaded", "# 2026 again\nyear 2026\n2026-01-01 holiday 元旦\n",
	  2, "year 2026 already loaded from " },
	{ "garbage line", "year 2027\n2027-01-01 holiday 元旦\nhello world\n",
	  3, "unrecognised line starting with 'hello'" },
	{ "colon after year", "year: 2027\n", 1, "unrecognised line starting with 'year:'" },
	{ "GBK-encoded name", "year 2027\n2027-01-01 holiday \xD4\xAA\xB5\xA9\n",
	  2, "not valid UTF-8" },
	{ "control character in name", "year 2027\n2027-01-01 holiday 元\x1b[2J旦\n",
	  2, "control character" },
	/* U+009B is CSI, an escape sequence's start on some terminals. */
	{ "C1 control character in name", "year 2027\n2027-01-01 holiday 元\xC2\x9B" "2J旦\n",
	  2, "control character" },
	{ "bare CR inside a line", "year 2027\r2027-01-01 holiday 元旦\n",
	  1, "invalid year '2027?2027-01-01'" },
	{ "name too long", "year 2027\n2027-01-01 holiday "
	  "0123456789012345678901234567890123456789012345678901234567890123456789"
	  "0123456789012345678901234567890123456789012345678901234567890123456789\n",
	  2, "longer than 120 bytes" },
	{ "error after many good lines",
	  "year 2027\n2027-01-01 holiday 元旦\n2027-01-02 holiday 元旦\n"
	  "2027-01-03 holiday 元旦\n2027-02-06 holiday 春节\n2027-02-07 holiday 春节\n"
	  "2027-02-08 holiday 春节\n2027-02-09 holiday\n",
	  8, "missing name for 2027-02-09" },
};

static void
test_malformed_files_are_refused(void **state)
{
	struct calendar *cal = *state;

	for (size_t i = 0; i < NSPANS(bad_cases); i++) {
		const struct bad_case *c = &bad_cases[i];
		struct cal_error err;

		memset(&err, 0, sizeof(err));
		if (cal_load_string(cal, "bad.txt", c->text, &err) != -1)
			fail_msg("case '%s' was accepted", c->what);
		if (strcmp(err.file, "bad.txt") != 0 || err.line != c->line ||
		    strstr(err.message, c->message) == NULL)
			fail_msg("case '%s': got %s:%d: %s; expected line %d: %s", c->what,
			         err.file, err.line, err.message, c->line, c->message);
		assert_real_unchanged(cal);
		/* Also without an error structure. */
		assert_int_equal(cal_load_string(cal, "bad.txt", c->text, NULL), -1);
		assert_real_unchanged(cal);
	}
}

static void
test_error_quotes_are_sanitised(void **state)
{
	struct calendar *cal = *state;
	struct cal_error err;
	char text[512];

	/* An escape sequence in a garbage token is not echoed raw, and a very
	 * long token is cut. */
	snprintf(text, sizeof(text), "year 2027\nx\x1b]0;pwned\x07%s\n",
	         "yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy");
	assert_int_equal(cal_load_string(cal, "bad.txt", text, &err), -1);
	assert_int_equal(err.line, 2);
	assert_null(strchr(err.message, '\x1b'));
	assert_null(strchr(err.message, '\x07'));
	assert_non_null(strstr(err.message, "x?]0;pwned?yyy"));
	assert_non_null(strstr(err.message, "...'"));
	assert_real_unchanged(cal);

	/* Nor a C1 control (found by tests/fuzz/fuzz_calendar): U+009A and
	 * U+009B become '?', other characters stay whole. */
	assert_int_equal(cal_load_string(cal, "bad.txt", "year 2027\n0\xC2\x9Ay\xC2\x9B元\n", &err), -1);
	assert_int_equal(err.line, 2);
	assert_null(strstr(err.message, "\xC2\x9A"));
	assert_null(strstr(err.message, "\xC2\x9B"));
	assert_non_null(strstr(err.message, "invalid date '0?y?元'"));
	assert_real_unchanged(cal);
}

static void
test_load_file_errors(void **state)
{
	struct calendar *cal = *state;
	struct cal_error err;
	char path[4096];

	assert_int_equal(srv_calendar_load_file(cal, "/nonexistent/wicket/2027.txt", &err), -1);
	assert_string_equal(err.file, "/nonexistent/wicket/2027.txt");
	assert_int_equal(err.line, 0);
	assert_non_null(strstr(err.message, "cannot open"));
	/* The real 2026 file again: already loaded, from the same path. */
	snprintf(path, sizeof(path), "%s/2026.txt", calendar_dir());
	assert_int_equal(srv_calendar_load_file(cal, path, &err), -1);
	assert_string_equal(err.file, path);
	assert_non_null(strstr(err.message, "year 2026 already loaded from "));
	assert_non_null(strstr(err.message, "2026.txt"));
	assert_real_unchanged(cal);
	/* Loading the real directory twice fails on its first file. */
	assert_int_equal(srv_calendar_load_dir(cal, calendar_dir(), &err), -1);
	assert_non_null(strstr(err.file, "2025.txt"));
	assert_real_unchanged(cal);
	assert_int_equal(srv_calendar_load_dir(cal, "/nonexistent/wicket", &err), -1);
	assert_int_equal(err.line, 0);
	assert_real_unchanged(cal);
}

static void
test_load_dir_bad_fixtures(void **state)
{
	struct calendar *cal = *state;
	struct cal_error err;
	char dir[4096];
	const char *env = getenv("WICKET_CALENDAR_BAD_DIR");

	if (env != NULL && *env != '\0')
		snprintf(dir, sizeof(dir), "%s", env);
	else
		snprintf(dir, sizeof(dir), "%s/../../tests/data/calendar-bad", calendar_dir());
	memset(&err, 0, sizeof(err));
	assert_int_equal(srv_calendar_load_dir(cal, dir, &err), -1);
	if (strstr(err.file, "calendar-bad/2031.txt") == NULL)
		fail_msg("error names %s:%d: %s", err.file, err.line, err.message);
	assert_int_equal(err.line, 7);
	assert_non_null(strstr(err.message, "invalid date '2031-02-29'"));
	/* 2030.txt was valid and read first, but nothing was kept. */
	assert_false(cal_covers_year(cal, 2030));
	assert_false(cal_covers_year(cal, 2031));
	assert_real_unchanged(cal);
}

/* Write text to dir/name. */
static void
write_file(const char *dir, const char *name, const char *text)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, strlen(text), f), strlen(text));
	assert_int_equal(fclose(f), 0);
}

static void
remove_file(const char *dir, const char *name)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	unlink(path);
}

static void
test_load_dir_rules(void **state)
{
	struct calendar *cal = *state;
	struct cal_error err;
	char dir[] = "/tmp/wicket-test-calendar-XXXXXX";
	char path[4096];

	assert_non_null(mkdtemp(dir));
	/* Empty directory: refused. */
	assert_int_equal(srv_calendar_load_dir(cal, dir, &err), -1);
	assert_string_equal(err.file, dir);
	assert_non_null(strstr(err.message, "no *.txt calendar files"));
	/* Two files for the same year: the second in name order is blamed. */
	write_file(dir, "a-2030.txt", "year 2030\n2030-01-01 holiday 元旦\n");
	write_file(dir, "b-2030.txt", "# copy\nyear 2030\n");
	write_file(dir, "notes.md", "not a calendar\n");
	write_file(dir, ".hidden.txt", "garbage\n");
	write_file(dir, "2030.txt.draft", "garbage\n");
	assert_int_equal(srv_calendar_load_dir(cal, dir, &err), -1);
	snprintf(path, sizeof(path), "%s/b-2030.txt", dir);
	assert_string_equal(err.file, path);
	assert_int_equal(err.line, 2);
	snprintf(path, sizeof(path), "year 2030 already loaded from %s/a-2030.txt", dir);
	assert_string_equal(err.message, path);
	assert_real_unchanged(cal);
	/* Without the duplicate it loads, ignoring the other files. */
	remove_file(dir, "b-2030.txt");
	write_file(dir, "c-2031.txt", "year 2031\n2031-01-01 holiday 元旦\n");
	assert_int_equal(srv_calendar_load_dir(cal, dir, &err), 0);
	assert_int_equal(cal_year_count(cal), 4);
	assert_int_equal(cal_year_at(cal, 2), 2030);
	assert_int_equal(cal_year_at(cal, 3), 2031);
	assert_string_equal(cal_day_name(cal, iso("2031-01-01")), "元旦");
	/* A file with a NUL byte is refused. */
	{
		FILE *f;

		snprintf(path, sizeof(path), "%s/nul.txt", dir);
		f = fopen(path, "wb");
		assert_non_null(f);
		assert_int_equal(fwrite("year 2032\n\0\n", 1, 12, f), 12);
		assert_int_equal(fclose(f), 0);
		assert_int_equal(srv_calendar_load_file(cal, path, &err), -1);
		assert_int_equal(err.line, 0);
		assert_non_null(strstr(err.message, "NUL"));
		assert_false(cal_covers_year(cal, 2032));
	}
	remove_file(dir, "nul.txt");
	remove_file(dir, "a-2030.txt");
	remove_file(dir, "c-2031.txt");
	remove_file(dir, "notes.md");
	remove_file(dir, ".hidden.txt");
	remove_file(dir, "2030.txt.draft");
	assert_int_equal(rmdir(dir), 0);
}

/* The core's all-or-nothing loading of several texts (what the server's
 * folder loading is made of), without any file. */
static void
test_batch_all_or_nothing(void **state)
{
	struct calendar *cal = *state;
	struct cal_batch *b = cal_batch_new(cal);
	struct cal_error err;
	/* Not NUL-terminated: the length is what counts. */
	const char text[] = "year 2030\n2030-01-01 holiday 元旦\nxx";

	assert_int_equal(cal_batch_add(b, "a.txt", text, sizeof(text) - 3, &err), 0);
	assert_false(cal_covers_year(cal, 2030));
	/* A year an earlier text of the batch covers is refused... */
	assert_int_equal(cal_batch_add(b, "b.txt", "year 2030\n", 10, &err), -1);
	assert_string_equal(err.file, "b.txt");
	assert_string_equal(err.message, "year 2030 already loaded from a.txt");
	/* ...and so is a NUL byte, for the file as a whole. */
	assert_int_equal(cal_batch_add(b, "c.txt", "year 2031\n\0\n", 12, &err), -1);
	assert_int_equal(err.line, 0);
	assert_non_null(strstr(err.message, "NUL"));
	cal_batch_free(b);
	assert_real_unchanged(cal);

	b = cal_batch_new(cal);
	assert_int_equal(cal_batch_add(b, "a.txt", text, sizeof(text) - 3, &err), 0);
	assert_int_equal(cal_batch_add(b, "d.txt", "year 2031\n", 10, &err), 0);
	assert_int_equal(cal_year_count(cal), 2);
	cal_batch_commit(b);
	assert_int_equal(cal_year_count(cal), 4);
	assert_string_equal(cal_day_name(cal, iso("2030-01-01")), "元旦");
	assert_true(cal_covers_year(cal, 2031));
	cal_batch_free(NULL);
}

/* ------------------------------------------------------------------ */
/* Years without a notice, from the law (calendar_law.c)               */

/* Per-test fixture: wicketd's calendar, files and the law's years. */
static int
setup_law(void **state)
{
	struct cal_error err;
	struct calendar *cal = srv_calendar_open(calendar_dir(), &err);

	if (cal == NULL) {
		fprintf(stderr, "cannot open %s: %s:%d: %s\n", calendar_dir(),
		        err.file, err.line, err.message);
		return -1;
	}
	*state = cal;
	return 0;
}

static void
expect_iso(date_t d, const char *want)
{
	char got[DATE_ISO_SIZE];

	date_format_iso(d, got);
	assert_string_equal(got, want);
}

/* The published tables (the almanac; 国务院 notices for 2025 and 2026):
 * liblunar-date's table must agree, and not an astronomical calendar,
 * which puts 春节 2027 on 02-07 and 2030 on 02-02. */
static void
test_lunar_dates_match_the_published_table(void **state)
{
	static const struct { int year; const char *spring; } spring[] = {
		{ 2025, "2025-01-29" }, { 2026, "2026-02-17" }, { 2027, "2027-02-06" },
		{ 2028, "2028-01-26" }, { 2029, "2029-02-13" }, { 2030, "2030-02-03" },
	};
	struct cal_lunar_year ly;

	(void)state;
	for (size_t i = 0; i < sizeof(spring) / sizeof(spring[0]); i++) {
		assert_int_equal(srv_lunar_year(spring[i].year, &ly), 0);
		expect_iso(ly.spring, spring[i].spring);
	}
	assert_int_equal(srv_lunar_year(2027, &ly), 0);
	expect_iso(ly.dragon_boat, "2027-06-09");
	expect_iso(ly.mid_autumn, "2027-09-15");
	assert_int_equal(srv_lunar_year(2028, &ly), 0);
	expect_iso(ly.mid_autumn, "2028-10-03");
	/* 2025 and 2026 against their notices too. */
	assert_int_equal(srv_lunar_year(2026, &ly), 0);
	expect_iso(ly.dragon_boat, "2026-06-19");
	expect_iso(ly.mid_autumn, "2026-09-25");
	assert_int_equal(srv_lunar_year(2024, &ly), -1);
	assert_int_equal(srv_lunar_year(2100, &ly), -1);
}

static void
test_qingming_matches_the_published_table(void **state)
{
	static const char *const want[] = {
		"2025-04-04", "2026-04-05", "2027-04-05", "2028-04-04", "2029-04-04", "2030-04-05",
	};

	(void)state;
	for (int i = 0; i < 6; i++)
		expect_iso(cal_qingming(2025 + i), want[i]);
	expect_iso(cal_qingming(2008), "2008-04-04");
	expect_iso(cal_qingming(2015), "2015-04-05");
	assert_int_equal(cal_qingming(2000), 0);
	assert_int_equal(cal_qingming(2100), 0);
}

static void
expect_holiday(const struct calendar *cal, const char *day, const char *name)
{
	bool prov = false;

	if (cal_classify(cal, iso(day), &prov) != CAL_HOLIDAY)
		fail_msg("%s is not a holiday", day);
	assert_true(prov);
	assert_string_equal(cal_day_name(cal, iso(day)), name);
}

static void
test_law_year_2027(void **state)
{
	const struct calendar *cal = *state;
	const char *spring[] = { "2027-02-05", "2027-02-06", "2027-02-07", "2027-02-08" };
	bool prov = false;

	assert_false(cal_covers_year(cal, 2027));
	assert_true(cal_law_year(cal, 2027));
	assert_false(cal_law_year(cal, 2026));
	assert_int_equal(cal_year_count(cal), 2);
	expect_holiday(cal, "2027-01-01", "元旦");
	for (int i = 0; i < 4; i++)
		expect_holiday(cal, spring[i], "春节");
	expect_holiday(cal, "2027-04-05", "清明节");
	expect_holiday(cal, "2027-05-01", "劳动节");
	expect_holiday(cal, "2027-05-02", "劳动节");
	expect_holiday(cal, "2027-06-09", "端午节");
	expect_holiday(cal, "2027-09-15", "中秋节");
	expect_holiday(cal, "2027-10-01", "国庆节");
	expect_holiday(cal, "2027-10-03", "国庆节");
	/* 初四 is a Tuesday: the notice may make it a bridge day; the law does not. */
	assert_int_equal(cal_classify(cal, iso("2027-02-09"), &prov), CAL_WORKDAY);
	assert_true(prov);
	assert_int_equal(cal_classify(cal, iso("2027-10-04"), &prov), CAL_WORKDAY);
	/* 2026 keeps its notice: not provisional. */
	assert_int_equal(cal_classify(cal, iso("2026-12-31"), &prov), CAL_WORKDAY);
	assert_false(prov);
	/* 2028: 中秋 falls on 10-03, a day of 国庆: one day off, both names. */
	expect_holiday(cal, "2028-10-03", "国庆节、中秋节");
	expect_holiday(cal, "2028-01-25", "春节");
	assert_int_equal(cal_classify(cal, iso("2028-10-04"), &prov), CAL_WORKDAY);
}

/* Issue 15: the due dates that crossed 元旦 2027 on weekdays only. */
static void
test_due_law_2027(void **state)
{
	const struct calendar *cal = *state;

	/* 2026-12-31 Thu + 1: 01-01 Fri is 元旦, 01-02/03 a weekend. */
	expect_due(cal, "2026-12-31", 1, NULL, 0, "2027-01-04", true);
	/* 12-07 Mon + 20: 18 working days in December, 01-01 off, 01-04 and 01-05. */
	expect_due(cal, "2026-12-07", 20, NULL, 0, "2027-01-05", true);
	/* Across 春节 2027 (02-05 Fri .. 02-08 Mon): 02-04 Thu + 1 = 02-09 Tue. */
	expect_due(cal, "2027-02-04", 1, NULL, 0, "2027-02-09", true);
	/* Inside 2026 it stays certain. */
	expect_due(cal, "2026-12-07", 10, NULL, 0, "2026-12-21", false);
}

static void
test_law_year_refusals(void **state)
{
	struct calendar *cal = *state;
	struct cal_lunar_year ly;
	struct cal_error err;

	assert_int_equal(srv_lunar_year(2031, &ly), 0);
	/* Covered by a file, by the law already, or out of the law's years. */
	assert_int_equal(cal_add_law_year(cal, 2026, &ly), -1);
	assert_int_equal(cal_add_law_year(cal, 2031, &ly), -1);
	assert_int_equal(cal_add_law_year(cal, 2024, &ly), -1);
	/* Lunar dates of another year. */
	{
		struct calendar *empty = cal_new();
		assert_int_equal(cal_add_law_year(empty, 2030, &ly), -1);
		assert_false(cal_law_year(empty, 2030));
		assert_int_equal(cal_add_law_year(empty, 2031, &ly), 0);
		assert_true(cal_law_year(empty, 2031));
		cal_free(empty);
	}
	/* A notice's file takes the year over from the law. */
	{
		char dir[] = "/tmp/test_calendar_XXXXXX";
		char path[64];
		FILE *f;
		struct calendar *with;

		assert_non_null(mkdtemp(dir));
		snprintf(path, sizeof(path), "%s/2027.txt", dir);
		f = fopen(path, "w");
		assert_non_null(f);
		fputs("year 2027\n2027-01-01 holiday 元旦\n2027-02-20 workday 春节调休上班\n", f);
		fclose(f);
		with = srv_calendar_open(dir, &err);
		assert_non_null(with);
		assert_true(cal_covers_year(with, 2027));
		assert_false(cal_law_year(with, 2027));
		assert_true(cal_law_year(with, 2028));
		expect_due(with, "2026-12-31", 1, NULL, 0, "2027-01-04", false);
		cal_free(with);
		unlink(path);
		rmdir(dir);
	}
}

int
main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup_real, teardown_cal)
	const struct CMUnitTest tests[] = {
		T(test_real_files_cover_2025_2026),
		T(test_every_makeup_day_is_a_workday),
		T(test_every_holiday_is_not_a_workday),
		T(test_ordinary_days_follow_the_weekday),
		T(test_uncovered_years_are_provisional),
		T(test_due_across_spring_festival_2026),
		T(test_due_across_national_day_2025),
		T(test_due_across_national_day_2026),
		T(test_due_zero_days_is_the_acceptance_day),
		T(test_due_provisional_2027),
		T(test_due_provisional_2024),
		T(test_due_with_one_suspension),
		T(test_due_with_overlapping_unsorted_suspensions),
		T(test_due_errors),
		T(test_due_and_between_agree),
		T(test_working_days_between),
		T(test_between_matches_day_by_day),
		T(test_working_days_left),
		cmocka_unit_test(test_load_string_format_features),
		T(test_malformed_files_are_refused),
		T(test_error_quotes_are_sanitised),
		T(test_load_file_errors),
		T(test_load_dir_bad_fixtures),
		T(test_load_dir_rules),
		T(test_batch_all_or_nothing),
		cmocka_unit_test(test_lunar_dates_match_the_published_table),
		cmocka_unit_test(test_qingming_matches_the_published_table),
		cmocka_unit_test_setup_teardown(test_law_year_2027, setup_law, teardown_cal),
		cmocka_unit_test_setup_teardown(test_due_law_2027, setup_law, teardown_cal),
		cmocka_unit_test_setup_teardown(test_law_year_refusals, setup_law, teardown_cal),
	};
#undef T

	return cmocka_run_group_tests(tests, NULL, NULL);
}
