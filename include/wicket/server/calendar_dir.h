/* calendar_dir.h - wicketd's working-day calendar read from its folder of
 * yearly files (--calendar-dir, data/calendar/YYYY.txt).  The core parses
 * (wicket/core/calendar.h) and does no I/O; this reads the files and hands
 * their text over. */
#ifndef WICKET_SRV_CALENDAR_DIR_H
#define WICKET_SRV_CALENDAR_DIR_H

#include "wicket/core/calendar.h"

/* The largest calendar file accepted, in bytes. */
#define SRV_CALENDAR_FILE_MAX (1024 * 1024)

/* Load the calendar file at path into cal.  Returns 0, or -1 with *err filled
 * (err may be NULL; line 0 when the file cannot be read, is larger than
 * SRV_CALENDAR_FILE_MAX or holds a NUL byte).  On error cal is left exactly
 * as it was: a file is taken whole or not at all. */
int srv_calendar_load_file(struct calendar *cal, const char *path, struct cal_error *err);
/* Load every "*.txt" file in dir (names starting with '.' are ignored) in
 * strcmp order of their names.  Returns 0, or -1 with *err naming the file
 * (as "dir/name") and line.  All or nothing: if any file fails, or dir cannot
 * be read, or it holds no *.txt file, cal is left exactly as it was. */
int srv_calendar_load_dir(struct calendar *cal, const char *dir, struct cal_error *err);

/* The lunar dates of year from liblunar-date's table (calendar_law.c).
 * Returns 0, or -1 when year is outside CAL_LAW_FIRST_YEAR..LAST_YEAR or
 * the table has no answer.  Thread-safe. */
int srv_lunar_year(int year, struct cal_lunar_year *out);
/* wicketd's calendar: every "*.txt" of dir (srv_calendar_load_dir()), and
 * for every year from CAL_LAW_FIRST_YEAR to CAL_LAW_LAST_YEAR no file
 * covers, the law's holidays (provisional, cal_add_law_year()).  Returns a
 * new calendar the caller frees with cal_free(), or NULL with *err filled
 * (as srv_calendar_load_dir()). */
struct calendar *srv_calendar_open(const char *dir, struct cal_error *err);

#endif
