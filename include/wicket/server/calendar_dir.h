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

#endif
