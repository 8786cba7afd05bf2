#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "wicket/server/srv.h"

static int64_t clk_shift;

void clk_init(const char *tz, int64_t shift)
{
	/* Dates are the hall's: set the zone once, before any thread starts. */
	setenv("TZ", tz, 1);
	tzset();
	clk_shift = shift;
}

int64_t clk_now(void)
{
	return (int64_t)time(NULL) + clk_shift;
}

date_t clk_date_of(int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;
	date_t d = 0;
	localtime_r(&tt, &tm);
	date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, &d);
	return d;
}

int64_t clk_day_start(date_t d)
{
	int y, m, dd;
	date_to_ymd(d, &y, &m, &dd);
	struct tm tm = { .tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = dd, .tm_isdst = -1 };
	return (int64_t)mktime(&tm);
}

date_t clk_today(void)
{
	return clk_date_of(clk_now());
}

void clk_format(int64_t t, char out[32])
{
	time_t tt = (time_t)t;
	struct tm tm;
	char zone[8];
	localtime_r(&tt, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%S", &tm);
	strftime(zone, sizeof zone, "%z", &tm);   /* "+0800" -> "+08:00" */
	size_t n = 19;
	snprintf(out + n, 32 - n, "%.3s:%.2s", zone, zone + 3);
}

void clk_json_add(cJSON *obj, const char *name, int64_t t)
{
	if (t <= 0) {
		cJSON_AddNullToObject(obj, name);
		return;
	}
	char iso[32];
	clk_format(t, iso);
	cJSON_AddStringToObject(obj, name, iso);
}
