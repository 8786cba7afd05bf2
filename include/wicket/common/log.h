/* log.h - levelled logging to stderr (or a file), one line per message.
 *
 * Messages carry a timestamp, the level and the text.  The text is written as
 * given except that control characters (C0, DEL and UTF-8 C1) become \xNN, so
 * an untrusted string cannot forge a log line or a terminal escape.  Callers
 * must never pass a password, token or ID number. */
#ifndef WICKET_LOG_H
#define WICKET_LOG_H

#include <stdio.h>

enum log_level { LOG_ERROR, LOG_WARN, LOG_INFO, LOG_DEBUG };

/* Set the threshold: messages above it are dropped.  Default LOG_INFO. */
void log_set_level(enum log_level level);
/* Parse "error", "warn", "info" or "debug"; returns 0, or -1 if unknown. */
int log_parse_level(const char *name, enum log_level *out);
/* Send log lines to f instead of stderr (f stays the caller's). NULL = stderr. */
void log_set_file(FILE *f);
/* Write one line at the given level (a newline is added). Thread-safe. */
void log_msg(enum log_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#define log_error(...) log_msg(LOG_ERROR, __VA_ARGS__)
#define log_warn(...)  log_msg(LOG_WARN, __VA_ARGS__)
#define log_info(...)  log_msg(LOG_INFO, __VA_ARGS__)
#define log_debug(...) log_msg(LOG_DEBUG, __VA_ARGS__)

/* Print "prog: message" to stderr and exit(1).  For start-up errors only. */
void fatal(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
/* Name used by fatal() and log lines; set once from main(). */
void log_set_progname(const char *name);

#endif
