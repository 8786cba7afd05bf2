/* calendar.h - the working-day calendar: statutory holidays, make-up working
 * days (调休上班), and due dates of promised matters (承诺件).
 *
 * A working day is a Monday to Friday that is not a holiday, or a Saturday or
 * Sunday that the State Council declared a make-up working day.  The
 * holidays come from one text file per year (data/calendar/YYYY.txt, format
 * in data/calendar/README.md); a year with such a file is "covered".  A day
 * in a year that is not covered is classified by its weekday alone, and every
 * answer that depended on such a day is marked provisional so that nobody
 * mistakes a guess for a deadline.
 *
 * Counting rules: a case accepted on day D with a limit of N working days is
 * due at the end of the N-th working day after D (N == 0: due on D).  Days
 * from the start to the end of a suspension (both included) do not count.
 *
 * Memory: a struct calendar is owned by whoever called cal_new() and is
 * released with cal_free().  Strings it returns belong to it and stay valid
 * until cal_free().  Threads: the query functions only read the calendar and
 * allocate nothing, so any number of threads may query one calendar at once,
 * as long as none is loading into it at the same time. */
#ifndef WICKET_CALENDAR_H
#define WICKET_CALENDAR_H

#include <stdbool.h>
#include <stddef.h>

#include "wicket/core/date.h"

struct calendar;

/* Where and why loading failed.  line is 1-based; 0 means the error is about
 * the file as a whole (it cannot be read, is empty, ...).  message is English,
 * one line, without the file name, e.g. "invalid date '2026-02-30'". */
struct cal_error {
	char file[256];
	int line;
	char message[256];
};

enum cal_day_kind {
	CAL_WORKDAY,          /* an ordinary Monday..Friday */
	CAL_WEEKEND,          /* an ordinary Saturday or Sunday */
	CAL_HOLIDAY,          /* a statutory day off (放假), whatever its weekday */
	CAL_MAKEUP_WORKDAY    /* a Saturday or Sunday declared a working day (调休上班) */
};

/* A suspension (中止/暂停计时) of a case: the days start..end, both included,
 * do not count.  end is the day it was lifted; counting resumes the next day.
 * open == true means it has not been lifted yet and end is ignored. */
struct cal_span {
	date_t start;
	date_t end;
	bool open;
};

/* The largest time limit cal_due() accepts, in working days. */
#define CAL_MAX_WORKING_DAYS 3650

/* A new, empty calendar (covers no year).  Never NULL; free with cal_free(). */
struct calendar *cal_new(void);
/* Release cal and everything it owns.  cal_free(NULL) does nothing. */
void cal_free(struct calendar *cal);

/* Load the calendar file text, reporting errors against the file name name
 * (NULL: "(string)").  Returns 0, or -1 with *err filled (err may be NULL).
 * On error cal is left exactly as it was: a file is taken whole or not at
 * all, and a malformed line is never skipped.  text is not kept. */
int cal_load_string(struct calendar *cal, const char *name, const char *text,
                    struct cal_error *err);

/* Several calendar files loaded all or nothing: cal_batch_new(), then
 * cal_batch_add() for each file's text in turn, then cal_batch_commit() when
 * every one was accepted, or cal_batch_free() to drop them all.  cal is
 * untouched until the commit, and must not be loaded into meanwhile.  The
 * core reads no file: the caller hands over the texts (the server reads a
 * folder of them, see wicket/server/calendar_dir.h). */
struct cal_batch;

/* A new, empty batch for cal.  Never NULL; ends with cal_batch_commit() or
 * cal_batch_free(). */
struct cal_batch *cal_batch_new(struct calendar *cal);
/* Parse the len bytes of text (need not be NUL-terminated) as the calendar
 * file name, and keep its year in b.  Returns 0, or -1 with *err filled
 * (err may be NULL) when the text is malformed, holds a NUL byte, or covers
 * a year that cal or an earlier text of b covers; b is then as before.
 * name is copied; text is not kept. */
int cal_batch_add(struct cal_batch *b, const char *name, const char *text, size_t len,
                  struct cal_error *err);
/* Move every year of b into its calendar, and free b. */
void cal_batch_commit(struct cal_batch *b);
/* Free b and the years in it, leaving its calendar as it was.  NULL does
 * nothing. */
void cal_batch_free(struct cal_batch *b);

/* Fill err (if not NULL) with file (NULL: "(null)"), line and the
 * printf-formatted message, each cut to fit.  Always returns -1, for
 * "return cal_error_set(...)".  For loaders that report their own errors
 * (a file that cannot be read) in the same shape as the parser's. */
int cal_error_set(struct cal_error *err, const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* True when a file for year has been loaded.  cal may be NULL (covers nothing). */
bool cal_covers_year(const struct calendar *cal, int year);
/* Number of covered years; cal may be NULL. */
size_t cal_year_count(const struct calendar *cal);
/* The i-th covered year in increasing order, 0 <= i < cal_year_count(). */
int cal_year_at(const struct calendar *cal, size_t i);

/* ---- years no file covers, from the law (calendar_law.c) ----------------
 * The statutory holidays of the 全国年节及纪念日放假办法 (revised 2024, in
 * force from 2025) for a year whose notice is not out yet.  The make-up
 * working days and bridge days are the notice's, unknown until it comes:
 * every answer that depends on such a year stays provisional. */

/* The years the law's holidays are worked out for. */
#define CAL_LAW_FIRST_YEAR 2025
#define CAL_LAW_LAST_YEAR 2099

/* The lunar dates of one Gregorian year the law's holidays fall on, from a
 * table (the core computes no lunar calendar). */
struct cal_lunar_year {
	date_t spring;       /* 正月初一, 春节 (除夕 is the day before) */
	date_t dragon_boat;  /* 五月初五, 端午 */
	date_t mid_autumn;   /* 八月十五, 中秋 */
};

/* 清明 of year (the day of the solar term, by the 21st century's formula),
 * or 0 when year is outside 2001..2099. */
date_t cal_qingming(int year);
/* Give cal the law's holidays of year, a year no file covers: 元旦 1-1, 春节
 * from the day before lunar->spring for 4 days, 清明, 劳动节 5-1 and 5-2, 端午,
 * 中秋, 国庆节 10-1 to 10-3 (a day two holidays share is one day, both names).
 * Days of such a year are classified with them but stay provisional, and
 * cal_covers_year() stays false.  Returns 0, or -1 (cal unchanged) when year
 * is outside CAL_LAW_FIRST_YEAR..CAL_LAW_LAST_YEAR, cal covers it already
 * (by a file or the law), or a lunar date does not lie in year. */
int cal_add_law_year(struct calendar *cal, int year, const struct cal_lunar_year *lunar);
/* True when year's holidays in cal were worked out from the law. */
bool cal_law_year(const struct calendar *cal, int year);
/* The first year from from's to to's that no file covers: the notice a
 * provisional answer over from..to waits for.  0 when every one is covered
 * or a date is not valid. */
int cal_first_uncovered_year(const struct calendar *cal, date_t from, date_t to);

/* What kind of day d is.  *provisional (if not NULL) is set to true when d
 * lies in a year that is not covered (the answer is then by weekday only,
 * or by the law's holidays, cal_add_law_year()), false otherwise.  cal may be NULL. */
enum cal_day_kind cal_classify(const struct calendar *cal, date_t d, bool *provisional);
/* True when d is CAL_WORKDAY or CAL_MAKEUP_WORKDAY; *provisional as above. */
bool cal_is_workday(const struct calendar *cal, date_t d, bool *provisional);
/* The name given in the calendar file for holiday or make-up day d (e.g.
 * "春节", "春节调休上班"), or NULL for an ordinary day.  The string belongs to
 * cal and stays valid until cal_free(). */
const char *cal_day_name(const struct calendar *cal, date_t d);

/* Due date of a case accepted on day accepted with a limit of working_days
 * working days, given nsusp suspensions susp (any order, may overlap; susp
 * may be NULL when nsusp is 0).  Returns 0 and stores the date in *due and
 * whether it is provisional (some day counted lies in a year not covered) in
 * *provisional.  Returns -1, leaving both untouched, when working_days is
 * outside 0..CAL_MAX_WORKING_DAYS, accepted is not a valid date, a suspension
 * is still open (the due date is unknown until it is lifted) or ends before
 * it starts, or the due date would fall after 9999-12-31. */
int cal_due(const struct calendar *cal, date_t accepted, int working_days,
            const struct cal_span *susp, size_t nsusp, date_t *due, bool *provisional);
/* Working days in (from_exclusive, to_inclusive] that are not suspended: the
 * working days a case accepted on from_exclusive and completed on
 * to_inclusive used.  An open suspension counts as lasting beyond
 * to_inclusive (the case is still suspended).  Returns 0 and stores the
 * number in *count (0 when to_inclusive <= from_exclusive) and the
 * provisional flag in *provisional; returns -1, leaving both untouched, when
 * a date is not valid or a closed suspension ends before it starts. */
int cal_working_days_between(const struct calendar *cal, date_t from_exclusive,
                             date_t to_inclusive, const struct cal_span *susp,
                             size_t nsusp, int *count, bool *provisional);
/* Working days left from today until due: the number of working days in
 * (today, due] when due is ahead, 0 when today == due, and minus the number
 * of working days in (due, today] when due has passed.  So a case due
 * tomorrow has 1 left, and one that was due on the last working day before
 * today has -1.  Note that 0 is also returned when due is ahead or behind
 * with only non-working days in between (due on Sunday, today is Saturday).
 * *provisional (if not NULL) tells whether a day counted lies in a year not
 * covered.  Dates outside DATE_MIN..DATE_MAX are clamped to it (and the
 * result is then provisional). */
int cal_working_days_left(const struct calendar *cal, date_t today, date_t due,
                          bool *provisional);

#endif
