/* date.h - civil dates as a day count, proleptic Gregorian calendar.
 *
 * A date_t is the number of days since 1970-01-01 (negative before it), so
 * dates compare with < and ==, and "the next day" is d + 1.  Valid dates are
 * those of the years 1 to 9999, DATE_MIN to DATE_MAX.  There is no time of
 * day and no time zone: a date is what the clerk's wall calendar says.
 * Nothing here allocates, and every function is thread-safe. */
#ifndef WICKET_DATE_H
#define WICKET_DATE_H

#include <stdbool.h>
#include <stdint.h>

typedef int32_t date_t;

#define DATE_MIN_YEAR 1
#define DATE_MAX_YEAR 9999
/* 0001-01-01 and 9999-12-31. */
#define DATE_MIN ((date_t)-719162)
#define DATE_MAX ((date_t)2932896)
/* Length of an ISO date "YYYY-MM-DD" plus the NUL. */
#define DATE_ISO_SIZE 11

/* ISO weekdays as returned by date_weekday(). */
enum date_weekday {
	DATE_MONDAY, DATE_TUESDAY, DATE_WEDNESDAY, DATE_THURSDAY,
	DATE_FRIDAY, DATE_SATURDAY, DATE_SUNDAY
};

/* True when y is a Gregorian leap year. */
bool date_is_leap_year(int y);
/* Days in month m (1..12) of year y; 0 when m is out of range. */
int date_days_in_month(int y, int m);
/* Build the date y-m-d.  Returns true and stores it in *out when y is in
 * 1..9999, m in 1..12 and d in 1..days of that month; otherwise returns false
 * and leaves *out untouched. */
bool date_from_ymd(int y, int m, int d, date_t *out);
/* Split d into year, month (1..12) and day (1..31).  Works for any date_t,
 * also outside DATE_MIN..DATE_MAX (the year is then outside 1..9999). */
void date_to_ymd(date_t d, int *y, int *m, int *dd);
/* The year of d. */
int date_year(date_t d);
/* True when d lies in DATE_MIN..DATE_MAX. */
bool date_valid(date_t d);
/* ISO weekday of d: 0 = Monday .. 6 = Sunday (enum date_weekday). */
int date_weekday(date_t d);
/* True when d is a Saturday or a Sunday. */
bool date_is_weekend(date_t d);
/* Parse s, which must be exactly "YYYY-MM-DD" (10 characters, nothing
 * before or after, a real date of the years 1..9999).  Returns true and
 * stores the date in *out, or false (also for s == NULL) leaving *out alone. */
bool date_parse_iso(const char *s, date_t *out);
/* Write d as "YYYY-MM-DD" and a NUL into out.  A date outside
 * DATE_MIN..DATE_MAX is written as "????-??-??". */
void date_format_iso(date_t d, char out[DATE_ISO_SIZE]);

#endif
