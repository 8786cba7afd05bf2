/* calendar_law.c - wicketd's whole calendar: the notices' files of the
 * folder (calendar_dir.c), and every later year no file covers worked out
 * from the law (core/calendar_law.c) with the lunar dates of liblunar-date.
 *
 * liblunar-date carries the lunar calendar as a table (the one the almanacs
 * publish), not an astronomical computation: ICU's astronomical calendar
 * puts 春节 2027 on 02-07 and 2030 on 02-02, a day off each, because the new
 * moon falls minutes from midnight.  The table is read once, on the first
 * load, and kept: it never changes while wicketd runs. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <pthread.h>
#include <stdio.h>

#include <lunar-date/lunar-date.h>

#include "wicket/server/calendar_dir.h"

#define LAW_NYEARS (CAL_LAW_LAST_YEAR - CAL_LAW_FIRST_YEAR + 1)

/* The lunar dates of every year the law is applied to; a year whose look-up
 * failed has spring == 0 and gets no law year (it stays weekends only). */
static struct cal_lunar_year law_lunar[LAW_NYEARS];
static pthread_once_t law_lunar_once = PTHREAD_ONCE_INIT;

/* The Gregorian date of lunar month/day of lunar year year (not a leap
 * month), or 0. */
static date_t law_solar(LunarDate *ld, int year, int month, int day)
{
	GError *gerr = NULL;
	date_t d = 0;
	int y, m, dd;
	lunar_date_set_lunar_date(ld, (GDateYear)year, (GDateMonth)month, (GDateDay)day, 12, FALSE, &gerr);
	if (gerr) {
		g_error_free(gerr);
		return 0;
	}
	/* Lower case: Arabic digits whatever the locale. */
	char *s = lunar_date_strftime(ld, "%(year)-%(month)-%(day)");
	if (s && sscanf(s, "%d-%d-%d", &y, &m, &dd) == 3 && !date_from_ymd(y, m, dd, &d))
		d = 0;
	g_free(s);
	return d;
}

static void law_lunar_read(void)
{
	LunarDate *ld = lunar_date_new();
	for (int i = 0; i < LAW_NYEARS; i++) {
		int year = CAL_LAW_FIRST_YEAR + i;
		law_lunar[i] = (struct cal_lunar_year){
			.spring = law_solar(ld, year, 1, 1),
			.dragon_boat = law_solar(ld, year, 5, 5),
			.mid_autumn = law_solar(ld, year, 8, 15),
		};
	}
	/* lunar_date_free() releases the date's fields, not the object. */
	lunar_date_free(ld);
	g_object_unref(ld);
}

int srv_lunar_year(int year, struct cal_lunar_year *out)
{
	if (year < CAL_LAW_FIRST_YEAR || year > CAL_LAW_LAST_YEAR)
		return -1;
	pthread_once(&law_lunar_once, law_lunar_read);
	*out = law_lunar[year - CAL_LAW_FIRST_YEAR];
	return out->spring && out->dragon_boat && out->mid_autumn ? 0 : -1;
}

struct calendar *srv_calendar_open(const char *dir, struct cal_error *err)
{
	struct calendar *cal = cal_new();
	if (srv_calendar_load_dir(cal, dir, err)) {
		cal_free(cal);
		return NULL;
	}
	for (int year = CAL_LAW_FIRST_YEAR; year <= CAL_LAW_LAST_YEAR; year++) {
		struct cal_lunar_year lunar;
		if (!cal_covers_year(cal, year) && srv_lunar_year(year, &lunar) == 0)
			cal_add_law_year(cal, year, &lunar);
	}
	return cal;
}
