/* calendar_int.h - the calendar's storage, shared by its two halves:
 * calendar.c (storage and the queries) and calendar_load.c (parsing the
 * yearly files and loading them all or nothing).  Internal to src/core.
 *
 * One struct cal_year per covered year, kept in an array sorted by year.
 * Each holds its special days (holidays and make-up workdays) as an array
 * sorted by date, and a 366-slot table from day-of-year to the index of the
 * special day (+1, 0 for an ordinary day), so classifying a day is a binary
 * search over the few covered years and one table look-up. */
#ifndef WICKET_CALENDAR_INT_H
#define WICKET_CALENDAR_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wicket/core/calendar.h"

struct cal_entry {
	date_t date;
	enum cal_day_kind kind;   /* CAL_HOLIDAY or CAL_MAKEUP_WORKDAY */
	int line;                 /* where it was defined, for duplicate errors */
	char *name;
};

struct cal_year {
	int year;
	date_t first, last;       /* 1 January and 31 December */
	char *source;             /* file it was loaded from (NULL for the law's) */
	bool law;                 /* worked out from the law: provisional (calendar_law.c) */
	struct cal_entry *entries; /* sorted by date */
	size_t nentries;
	uint16_t slot[366];       /* day of year -> entry index + 1, or 0 */
};

struct calendar {
	struct cal_year **years;  /* sorted by year, no duplicates */
	size_t nyears;
	/* Years no file covers, their holidays worked out from the law
	 * (calendar_law.c): sorted by year, none of them in years. */
	struct cal_year **law;
	size_t nlaw;
};

/* Release y and everything it owns; NULL does nothing. */
void cal_year_free(struct cal_year *y);
/* The covered year year of cal, or NULL (also when cal is NULL).  The year
 * belongs to cal. */
const struct cal_year *cal_year_find(const struct calendar *cal, int year);
/* Free every year of cal, leaving it empty (cal itself stays). */
void cal_clear(struct calendar *cal);
/* Move every year of src into dst, leaving src empty.  No year of src may
 * be covered by dst already (the loader checked). */
void cal_merge(struct calendar *dst, struct calendar *src);
/* Insert y (whose year cal must not cover yet) into cal, which takes it over. */
void cal_insert(struct calendar *cal, struct cal_year *y);

#endif
