/* calendar.c - the working-day calendar: its storage (calendar_int.h) and
 * the queries: classifying a day and counting working days.  Loading the
 * yearly files is in calendar_load.c.
 *
 * Counting the working days of a long range does not walk it day by day: it
 * counts Mondays..Fridays arithmetically and corrects for the special days
 * inside. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "calendar_int.h"
#include "wicket/common/xalloc.h"

/* ------------------------------------------------------------------ */
/* Construction and storage                                            */

struct calendar *
cal_new(void)
{
	return xcalloc(1, sizeof(struct calendar));
}

void
cal_year_free(struct cal_year *y)
{
	if (y == NULL)
		return;
	for (size_t i = 0; i < y->nentries; i++)
		free(y->entries[i].name);
	free(y->entries);
	free(y->source);
	free(y);
}

void
cal_clear(struct calendar *cal)
{
	for (size_t i = 0; i < cal->nyears; i++)
		cal_year_free(cal->years[i]);
	free(cal->years);
	cal->years = NULL;
	cal->nyears = 0;
	for (size_t i = 0; i < cal->nlaw; i++)
		cal_year_free(cal->law[i]);
	free(cal->law);
	cal->law = NULL;
	cal->nlaw = 0;
}

void
cal_free(struct calendar *cal)
{
	if (cal == NULL)
		return;
	cal_clear(cal);
	free(cal);
}

/* The year of the n years (sorted) that contains day d, or NULL. */
static const struct cal_year *
year_in(struct cal_year *const *years, size_t n, date_t d)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct cal_year *y = years[mid];

		if (d < y->first)
			hi = mid;
		else if (d > y->last)
			lo = mid + 1;
		else
			return y;
	}
	return NULL;
}

/* The year that contains day d, covered by a file or else worked out from
 * the law (y->law), or NULL. */
static const struct cal_year *
year_of_day(const struct calendar *cal, date_t d)
{
	const struct cal_year *y;

	if (cal == NULL)
		return NULL;
	y = year_in(cal->years, cal->nyears, d);
	return y != NULL ? y : year_in(cal->law, cal->nlaw, d);
}

/* Index at which year would be inserted into cal->years; *found tells
 * whether it is already there. */
static size_t
year_index(const struct calendar *cal, int year, bool *found)
{
	size_t lo = 0, hi = cal->nyears;

	*found = false;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int y = cal->years[mid]->year;

		if (year < y) {
			hi = mid;
		} else if (year > y) {
			lo = mid + 1;
		} else {
			*found = true;
			return mid;
		}
	}
	return lo;
}

const struct cal_year *
cal_year_find(const struct calendar *cal, int year)
{
	bool found;
	size_t i;

	if (cal == NULL)
		return NULL;
	i = year_index(cal, year, &found);
	return found ? cal->years[i] : NULL;
}

void
cal_insert(struct calendar *cal, struct cal_year *y)
{
	bool found;
	size_t i = year_index(cal, y->year, &found);

	cal->years = xreallocarray(cal->years, cal->nyears + 1, sizeof(*cal->years));
	memmove(cal->years + i + 1, cal->years + i,
	        (cal->nyears - i) * sizeof(*cal->years));
	cal->years[i] = y;
	cal->nyears++;
}

void
cal_merge(struct calendar *dst, struct calendar *src)
{
	for (size_t i = 0; i < src->nyears; i++)
		cal_insert(dst, src->years[i]);
	free(src->years);
	src->years = NULL;
	src->nyears = 0;
}

/* ------------------------------------------------------------------ */
/* Queries                                                             */

bool
cal_covers_year(const struct calendar *cal, int year)
{
	return cal_year_find(cal, year) != NULL;
}

size_t
cal_year_count(const struct calendar *cal)
{
	return cal != NULL ? cal->nyears : 0;
}

int
cal_year_at(const struct calendar *cal, size_t i)
{
	return (cal != NULL && i < cal->nyears) ? cal->years[i]->year : 0;
}

/* The entry for d in year y (which contains d), or NULL. */
static const struct cal_entry *
year_entry(const struct cal_year *y, date_t d)
{
	uint16_t slot = y->slot[d - y->first];

	return slot != 0 ? &y->entries[slot - 1] : NULL;
}

enum cal_day_kind
cal_classify(const struct calendar *cal, date_t d, bool *provisional)
{
	const struct cal_year *y = year_of_day(cal, d);
	const struct cal_entry *e = y != NULL ? year_entry(y, d) : NULL;

	if (provisional != NULL)
		*provisional = (y == NULL || y->law);
	if (e != NULL)
		return e->kind;
	return date_is_weekend(d) ? CAL_WEEKEND : CAL_WORKDAY;
}

bool
cal_is_workday(const struct calendar *cal, date_t d, bool *provisional)
{
	enum cal_day_kind k = cal_classify(cal, d, provisional);

	return k == CAL_WORKDAY || k == CAL_MAKEUP_WORKDAY;
}

const char *
cal_day_name(const struct calendar *cal, date_t d)
{
	const struct cal_year *y = year_of_day(cal, d);
	const struct cal_entry *e = y != NULL ? year_entry(y, d) : NULL;

	return e != NULL ? e->name : NULL;
}

/* Mondays..Fridays in [a, b]; a <= b. */
static int64_t
count_weekdays(int64_t a, int64_t b)
{
	int64_t n = b - a + 1;
	int64_t count = n / 7 * 5;
	int wd = date_weekday((date_t)a);

	for (int64_t i = 0; i < n % 7; i++)
		if ((wd + i) % 7 < DATE_SATURDAY)
			count++;
	return count;
}

/* Correct count (the weekdays of [a, b]) for the special days in [a, b] of
 * the n years; returns how many of the years lie in a..b. */
static int
correct_count(struct cal_year *const *years, size_t n, date_t a, date_t b, int64_t *count)
{
	int ya = date_year(a), yb = date_year(b);
	int in = 0;

	for (size_t i = 0; i < n; i++) {
		const struct cal_year *y = years[i];

		if (y->year < ya || y->year > yb)
			continue;
		in++;
		for (size_t j = 0; j < y->nentries; j++) {
			const struct cal_entry *e = &y->entries[j];

			if (e->date < a || e->date > b)
				continue;
			if (e->kind == CAL_MAKEUP_WORKDAY)
				(*count)++;       /* always a weekend: checked on load */
			else if (!date_is_weekend(e->date))
				(*count)--;       /* a holiday on a weekday */
		}
	}
	return in;
}

/* Working days in [a, b] (a <= b, both valid dates).  Sets *provisional when
 * the range reaches into a year that is not covered by a file (a year from
 * the law is counted with its holidays, but stays provisional); never
 * clears it. */
static int64_t
count_workdays(const struct calendar *cal, date_t a, date_t b, bool *provisional)
{
	int64_t count = count_weekdays(a, b);
	int covered = 0;

	if (cal != NULL) {
		covered = correct_count(cal->years, cal->nyears, a, b, &count);
		correct_count(cal->law, cal->nlaw, a, b, &count);
	}
	if (covered < date_year(b) - date_year(a) + 1)
		*provisional = true;
	return count;
}

/* Check the suspensions: -1 if one ends before it starts, or if one is open
 * and open ones are not allowed. */
static int
check_spans(const struct cal_span *s, size_t n, bool allow_open)
{
	if (n > 0 && s == NULL)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (s[i].open ? !allow_open : s[i].end < s[i].start)
			return -1;
	}
	return 0;
}

/* An open suspension, as far as counting goes, never ends. */
#define SPAN_FOREVER INT64_MAX

static int64_t
span_end(const struct cal_span *s)
{
	return s->open ? SPAN_FOREVER : s->end;
}

/* The first day >= d that no suspension covers (SPAN_FOREVER if an open one
 * covers it).  Loops because suspensions may overlap in any order. */
static int64_t
skip_suspended(const struct cal_span *s, size_t n, int64_t d)
{
	bool moved = true;

	while (moved && d != SPAN_FOREVER) {
		moved = false;
		for (size_t i = 0; i < n; i++) {
			if (s[i].start <= d && d <= span_end(&s[i])) {
				d = span_end(&s[i]) == SPAN_FOREVER ? SPAN_FOREVER
				                                    : span_end(&s[i]) + 1;
				moved = true;
			}
		}
	}
	return d;
}

/* The first day > d on which a suspension starts, or SPAN_FOREVER. */
static int64_t
next_suspension(const struct cal_span *s, size_t n, int64_t d)
{
	int64_t next = SPAN_FOREVER;

	for (size_t i = 0; i < n; i++)
		if (s[i].start > d && s[i].start < next)
			next = s[i].start;
	return next;
}

int
cal_due(const struct calendar *cal, date_t accepted, int working_days,
        const struct cal_span *susp, size_t nsusp, date_t *due, bool *provisional)
{
	bool prov = false;
	int counted = 0;
	int64_t d;

	if (working_days < 0 || working_days > CAL_MAX_WORKING_DAYS)
		return -1;
	if (!date_valid(accepted) || check_spans(susp, nsusp, false) < 0)
		return -1;
	if (working_days == 0) {
		*due = accepted;
		*provisional = false;
		return 0;
	}
	for (d = (int64_t)accepted + 1; ; ) {
		int64_t seg_end;

		d = skip_suspended(susp, nsusp, d);
		if (d > DATE_MAX)
			return -1;
		seg_end = next_suspension(susp, nsusp, d) - 1;
		for (; d <= seg_end && d <= DATE_MAX; d++) {
			bool p, work = cal_is_workday(cal, (date_t)d, &p);

			prov |= p;
			if (!work)
				continue;
			if (++counted == working_days) {
				*due = (date_t)d;
				*provisional = prov;
				return 0;
			}
		}
	}
}

int
cal_working_days_between(const struct calendar *cal, date_t from_exclusive,
                         date_t to_inclusive, const struct cal_span *susp,
                         size_t nsusp, int *count, bool *provisional)
{
	bool prov = false;
	int64_t total = 0, d;

	if (!date_valid(from_exclusive) || !date_valid(to_inclusive))
		return -1;
	if (check_spans(susp, nsusp, true) < 0)
		return -1;
	for (d = (int64_t)from_exclusive + 1; d <= to_inclusive; ) {
		int64_t seg_end;

		d = skip_suspended(susp, nsusp, d);
		if (d > to_inclusive)
			break;
		seg_end = next_suspension(susp, nsusp, d) - 1;
		if (seg_end > to_inclusive)
			seg_end = to_inclusive;
		total += count_workdays(cal, (date_t)d, (date_t)seg_end, &prov);
		d = seg_end + 1;
	}
	*count = (int)total;
	*provisional = prov;
	return 0;
}

static date_t
clamp_date(date_t d, bool *clamped)
{
	if (d < DATE_MIN) {
		*clamped = true;
		return DATE_MIN;
	}
	if (d > DATE_MAX) {
		*clamped = true;
		return DATE_MAX;
	}
	return d;
}

int
cal_working_days_left(const struct calendar *cal, date_t today, date_t due,
                      bool *provisional)
{
	bool prov = false;
	int left = 0;

	today = clamp_date(today, &prov);
	due = clamp_date(due, &prov);
	if (due > today)
		left = (int)count_workdays(cal, today + 1, due, &prov);
	else if (due < today)
		left = -(int)count_workdays(cal, due + 1, today, &prov);
	if (provisional != NULL)
		*provisional = prov;
	return left;
}
