/* fuzz_calendar.c - libFuzzer target: the working-day calendar file parser
 * (src/core/calendar_load.c, cal_load_string) and the counting done with what it
 * loaded.
 *
 * The input is the text of one calendar file (up to its first NUL byte, as
 * cal_load_string takes a C string).  Properties checked, besides the
 * sanitizers':
 * - a refused file leaves the calendar empty, with an error that names a
 *   line of the text (or 0) and a one-line UTF-8 message without control
 *   characters;
 * - a loaded file covers exactly one year; a make-up working day falls on
 *   a weekend; the named days are named in UTF-8 without control
 *   characters (a tab is allowed, as in the file);
 * - loading the same text again is refused and changes nothing;
 * - counting agrees with itself: a case accepted on D with a limit of N
 *   working days is due on a working day d (D itself when N is 0) with
 *   exactly N working days in (D, d], which is also how many it has left
 *   on D. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "wicket/core/calendar.h"
#include "wicket/core/date.h"
#include "wicket/common/xalloc.h"

#include "fuzz.h"

static int fz_lines(const char *text)
{
	int n = 1;
	for (; *text; text++)
		n += *text == '\n';
	return n;
}

/* Every day of the year: kinds and names as the file said they may be. */
static void fz_check_days(const struct calendar *cal, int year)
{
	date_t first, last;
	FZ_CHECK(date_from_ymd(year, 1, 1, &first) && date_from_ymd(year, 12, 31, &last),
		 "year %d loaded", year);
	for (date_t d = first; d <= last; d++) {
		bool provisional = true;
		enum cal_day_kind k = cal_classify(cal, d, &provisional);
		const char *name = cal_day_name(cal, d);
		FZ_CHECK(!provisional, "a day of the covered year %d is provisional", year);
		FZ_CHECK(k != CAL_MAKEUP_WORKDAY || date_is_weekend(d), "a make-up workday on a weekday");
		FZ_CHECK((k == CAL_HOLIDAY || k == CAL_MAKEUP_WORKDAY) == (name != NULL),
			 "kind %d with name %s", (int)k, name ? name : "(none)");
		FZ_CHECK(!name || (*name && fz_text_ok(name, "\t", true)), "a bad day name");
	}
}

/* Due dates and working-day counts agree, from a few days of the year. */
static void fz_check_counting(const struct calendar *cal, int year)
{
	static const int limits[] = { 0, 1, 5, 20, 60 };
	static const int months[] = { 1, 2, 10, 12 };
	for (size_t m = 0; m < sizeof months / sizeof months[0]; m++) {
		date_t from;
		FZ_CHECK(date_from_ymd(year, months[m], 20, &from), "a date of %d", year);
		for (size_t i = 0; i < sizeof limits / sizeof limits[0]; i++) {
			date_t due;
			bool prov;
			int used = -1;
			if (cal_due(cal, from, limits[i], NULL, 0, &due, &prov))
				continue;   /* past 9999-12-31 */
			FZ_CHECK(due >= from, "due before acceptance");
			FZ_CHECK(cal_working_days_between(cal, from, due, NULL, 0, &used, &prov) == 0 &&
				 used == limits[i], "due after %d working days, but %d counted", limits[i], used);
			FZ_CHECK(cal_working_days_left(cal, from, due, NULL) == limits[i],
				 "%d working days to the due date, but %d left", limits[i],
				 cal_working_days_left(cal, from, due, NULL));
			FZ_CHECK(limits[i] == 0 || cal_is_workday(cal, due, NULL), "due on a day off");
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = xstrndup((const char *)data, size);
	struct calendar *cal = cal_new();
	struct cal_error err;
	memset(&err, 0, sizeof err);

	if (cal_load_string(cal, "fuzz.txt", text, &err)) {
		FZ_CHECK(cal_year_count(cal) == 0, "a refused file changed the calendar");
		FZ_CHECK(err.line >= 0 && err.line <= fz_lines(text), "error on line %d", err.line);
		FZ_CHECK(err.message[0] && fz_text_ok(err.message, "", true), "a bad message: %s", err.message);
		FZ_CHECK(strcmp(err.file, "fuzz.txt") == 0, "the error names %s", err.file);
	} else {
		FZ_CHECK(cal_year_count(cal) == 1, "one file, %zu years", cal_year_count(cal));
		int year = cal_year_at(cal, 0);
		FZ_CHECK(cal_covers_year(cal, year), "year %d not covered", year);
		fz_check_days(cal, year);
		fz_check_counting(cal, year);
		FZ_CHECK(cal_load_string(cal, "again.txt", text, &err) != 0 && cal_year_count(cal) == 1,
			 "the same year loaded twice");
		FZ_CHECK(fz_text_ok(err.message, "", true), "a bad message: %s", err.message);
	}
	cal_free(cal);
	free(text);
	return 0;
}
