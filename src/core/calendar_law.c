/* calendar_law.c - a year no notice covers, worked out from the law: the
 * statutory holidays of the 全国年节及纪念日放假办法 as revised in 2024 (in
 * force from 2025): 元旦 1 day, 春节 4 days (除夕 to 初三), 清明 1 day, 劳动节
 * 2 days (1-2 May), 端午 1 day, 中秋 1 day, 国庆 3 days (1-3 October).
 *
 * What the law does not say is the State Council's yearly notice: the
 * make-up working days (调休上班) and the bridge days that join a holiday to
 * a weekend.  So such a year counts its holidays but stays provisional.
 *
 * The lunar dates (春节, 端午, 中秋) are not computed here: they come from a
 * table (the server asks liblunar-date, whose table agrees with the
 * published one), handed over as a struct cal_lunar_year.  清明 is the day
 * of the solar term, by the standard formula checked against the published
 * table in tests/unit/test_calendar.c. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdlib.h>
#include <string.h>

#include "calendar_int.h"
#include "wicket/common/xalloc.h"

/* The most special days a law year has: 1 + 4 + 1 + 2 + 1 + 1 + 3. */
#define LAW_MAX_DAYS 13

date_t
cal_qingming(int year)
{
	date_t d;
	int y = year % 100;

	if (year < 2001 || year > 2099)
		return 0;
	/* 寿星通用公式: [Y * D + C] - L, with D = 0.2422, C = 4.81 for the
	 * 21st century and L the leap years before it (Y / 4: 清明 is after
	 * February).  In hundredths of a day, to keep it exact. */
	if (!date_from_ymd(year, 4, (y * 2422 / 100 + 481) / 100 - y / 4, &d))
		return 0;
	return d;
}

/* Add holiday d called name to y, in date order; a day two holidays fall
 * on (中秋 on 1-3 October) is one day off with both names. */
static void
law_add(struct cal_year *y, date_t d, const char *name)
{
	size_t i = 0;

	while (i < y->nentries && y->entries[i].date < d)
		i++;
	if (i < y->nentries && y->entries[i].date == d) {
		char *both = xasprintf("%s、%s", y->entries[i].name, name);

		free(y->entries[i].name);
		y->entries[i].name = both;
		return;
	}
	memmove(y->entries + i + 1, y->entries + i, (y->nentries - i) * sizeof(*y->entries));
	y->entries[i] = (struct cal_entry){ .date = d, .kind = CAL_HOLIDAY, .name = xstrdup(name) };
	y->nentries++;
}

/* Add count days from first on, all called name. */
static void
law_add_days(struct cal_year *y, date_t first, int count, const char *name)
{
	for (int i = 0; i < count; i++)
		law_add(y, first + i, name);
}

/* True when d is a date of year. */
static bool
law_in_year(date_t d, int year)
{
	return date_valid(d) && date_year(d) == year;
}

int
cal_add_law_year(struct calendar *cal, int year, const struct cal_lunar_year *lunar)
{
	struct cal_year *y;
	date_t d;

	if (year < CAL_LAW_FIRST_YEAR || year > CAL_LAW_LAST_YEAR || cal_year_find(cal, year) != NULL ||
	    cal_law_year(cal, year) || lunar == NULL)
		return -1;
	/* 除夕 is the day before 初一, which is never before 21 January. */
	if (!law_in_year(lunar->spring - 1, year) || !law_in_year(lunar->dragon_boat, year) ||
	    !law_in_year(lunar->mid_autumn, year))
		return -1;
	y = xcalloc(1, sizeof(*y));
	y->year = year;
	y->law = true;
	date_from_ymd(year, 1, 1, &y->first);
	date_from_ymd(year, 12, 31, &y->last);
	y->entries = xcalloc(LAW_MAX_DAYS, sizeof(*y->entries));
	law_add(y, y->first, "元旦");
	law_add_days(y, lunar->spring - 1, 4, "春节");
	law_add(y, cal_qingming(year), "清明节");
	date_from_ymd(year, 5, 1, &d);
	law_add_days(y, d, 2, "劳动节");
	law_add(y, lunar->dragon_boat, "端午节");
	/* 国庆 before 中秋: a day both fall on is "国庆节、中秋节", as the
	 * notices write it. */
	date_from_ymd(year, 10, 1, &d);
	law_add_days(y, d, 3, "国庆节");
	law_add(y, lunar->mid_autumn, "中秋节");
	for (size_t i = 0; i < y->nentries; i++)
		y->slot[y->entries[i].date - y->first] = (uint16_t)(i + 1);
	cal->law = xreallocarray(cal->law, cal->nlaw + 1, sizeof(*cal->law));
	/* Kept sorted: the server adds the years in increasing order, but
	 * nothing depends on it. */
	size_t i = cal->nlaw;
	while (i > 0 && cal->law[i - 1]->year > year) {
		cal->law[i] = cal->law[i - 1];
		i--;
	}
	cal->law[i] = y;
	cal->nlaw++;
	return 0;
}

bool
cal_law_year(const struct calendar *cal, int year)
{
	for (size_t i = 0; cal != NULL && i < cal->nlaw; i++)
		if (cal->law[i]->year == year)
			return true;
	return false;
}

int
cal_first_uncovered_year(const struct calendar *cal, date_t from, date_t to)
{
	if (!date_valid(from) || !date_valid(to))
		return 0;
	for (int y = date_year(from); y <= date_year(to); y++)
		if (!cal_covers_year(cal, y))
			return y;
	return 0;
}
