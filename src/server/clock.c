#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

/* The hall's local time of t into *tm, and its offset from UTC in seconds.
 * glibc parses the zone's rule string again on every localtime_r() past
 * the zone file's last transition (Asia/Shanghai's is in 1991): a queue of
 * 200 paid for 400 parses.  Offsets change only at whole quarter-hours of
 * UTC, so the offset of t's quarter-hour is kept (per thread). */
static long clk_local(int64_t t, struct tm *tm)
{
	static _Thread_local int64_t quarter = INT64_MIN;
	static _Thread_local long offset;
	int64_t q = t >= 0 ? t / 900 : (t - 899) / 900;
	if (q != quarter) {
		time_t tt = (time_t)t;
		localtime_r(&tt, tm);
		offset = tm->tm_gmtoff;
		quarter = q;
		return offset;
	}
	/* The fields by arithmetic: gmtime_r takes glibc's zone lock, which
	 * every thread writing a reply's times then waited for. */
	int64_t local = t + offset;
	int64_t days = local >= 0 ? local / 86400 : (local - 86399) / 86400, secs = local - days * 86400;
	int y, m, d;
	date_to_ymd((date_t)days, &y, &m, &d);
	date_t jan1 = 0;
	date_from_ymd(y, 1, 1, &jan1);
	*tm = (struct tm){ .tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d,
			   .tm_hour = (int)(secs / 3600), .tm_min = (int)(secs / 60 % 60), .tm_sec = (int)(secs % 60),
			   .tm_wday = (int)(((days % 7) + 11) % 7), .tm_yday = (int)(days - jan1),
			   .tm_isdst = 0, .tm_gmtoff = offset };
	return offset;
}

date_t clk_date_of(int64_t t)
{
	struct tm tm;
	date_t d = 0;
	clk_local(t, &tm);
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

/* Write v as n decimal digits at p (v >= 0, leading zeros). */
static char *clk_digits(char *p, long v, int n)
{
	for (int i = n - 1; i >= 0; i--, v /= 10)
		p[i] = (char)('0' + v % 10);
	return p + n;
}

void clk_format(int64_t t, char out[32])
{
	/* By hand: this runs for every time in every reply. */
	struct tm tm;
	long off = clk_local(t, &tm), a = off < 0 ? -off : off;
	long year = tm.tm_year + 1900L;
	char *p = out;
	if (year < 0 || year > 9999)
		year = 0;
	p = clk_digits(p, year, 4);
	*p++ = '-';
	p = clk_digits(p, tm.tm_mon + 1, 2);
	*p++ = '-';
	p = clk_digits(p, tm.tm_mday, 2);
	*p++ = 'T';
	p = clk_digits(p, tm.tm_hour, 2);
	*p++ = ':';
	p = clk_digits(p, tm.tm_min, 2);
	*p++ = ':';
	p = clk_digits(p, tm.tm_sec, 2);
	*p++ = off < 0 ? '-' : '+';
	p = clk_digits(p, a / 3600 % 100, 2);
	*p++ = ':';
	p = clk_digits(p, a / 60 % 60, 2);
	*p = '\0';
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
