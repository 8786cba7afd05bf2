/* date.c - civil dates as a day count since 1970-01-01.
 *
 * The conversions are Howard Hinnant's days_from_civil / civil_from_days
 * ("chrono-Compatible Low-Level Date Algorithms"), which work on 400-year
 * eras and need no tables or loops. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include "wicket/core/date.h"

bool
date_is_leap_year(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int
date_days_in_month(int y, int m)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (m < 1 || m > 12)
		return 0;
	if (m == 2 && date_is_leap_year(y))
		return 29;
	return days[m - 1];
}

/* Hinnant's days_from_civil; y, m, d must be a valid date. */
static int32_t
days_from_civil(int y, int m, int d)
{
	int yy = m <= 2 ? y - 1 : y;
	int era = (yy >= 0 ? yy : yy - 399) / 400;
	int yoe = yy - era * 400;                               /* [0, 399] */
	int doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1; /* [0, 365] */
	int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;        /* [0, 146096] */

	return era * 146097 + doe - 719468;
}

bool
date_from_ymd(int y, int m, int d, date_t *out)
{
	if (y < DATE_MIN_YEAR || y > DATE_MAX_YEAR)
		return false;
	if (d < 1 || d > date_days_in_month(y, m))
		return false;
	*out = days_from_civil(y, m, d);
	return true;
}

void
date_to_ymd(date_t days, int *y, int *m, int *d)
{
	int64_t z = (int64_t)days + 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;                               /* [0, 146096] */
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365; /* [0, 399] */
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);        /* [0, 365] */
	int64_t mp = (5 * doy + 2) / 153;                             /* [0, 11] */
	int64_t month = mp < 10 ? mp + 3 : mp - 9;

	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)month;
	*y = (int)(yoe + era * 400 + (month <= 2));
}

int
date_year(date_t d)
{
	int y, m, dd;

	date_to_ymd(d, &y, &m, &dd);
	return y;
}

bool
date_valid(date_t d)
{
	return d >= DATE_MIN && d <= DATE_MAX;
}

int
date_weekday(date_t d)
{
	/* 1970-01-01 was a Thursday (3). */
	int64_t w = ((int64_t)d + 3) % 7;

	return (int)(w < 0 ? w + 7 : w);
}

bool
date_is_weekend(date_t d)
{
	return date_weekday(d) >= DATE_SATURDAY;
}

/* Value of n decimal digits at s, or -1 if any is not a digit. */
static int
parse_digits(const char *s, int n)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

bool
date_parse_iso(const char *s, date_t *out)
{
	int y, m, d;

	if (s == NULL)
		return false;
	/* Check the shape first: this also stops at a NUL inside the 10 bytes. */
	if ((y = parse_digits(s, 4)) < 0 || s[4] != '-')
		return false;
	if ((m = parse_digits(s + 5, 2)) < 0 || s[7] != '-')
		return false;
	if ((d = parse_digits(s + 8, 2)) < 0 || s[10] != '\0')
		return false;
	return date_from_ymd(y, m, d, out);
}

/* Write v (0 <= v < 10^n) as n decimal digits at out. */
static void
put_digits(char *out, int v, int n)
{
	for (int i = n - 1; i >= 0; i--) {
		out[i] = (char)('0' + v % 10);
		v /= 10;
	}
}

void
date_format_iso(date_t d, char out[DATE_ISO_SIZE])
{
	int y, m, dd;

	if (!date_valid(d)) {
		memcpy(out, "?\?\?\?-?\?-?\?", DATE_ISO_SIZE); /* no trigraphs */
		return;
	}
	date_to_ymd(d, &y, &m, &dd);
	put_digits(out, y, 4);
	out[4] = '-';
	put_digits(out + 5, m, 2);
	out[7] = '-';
	put_digits(out + 8, dd, 2);
	out[10] = '\0';
}
