#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "wicket/common/buf.h"
#include "wicket/common/log.h"

static const char *const level_names[] = {
	[LOG_ERROR] = "ERROR",
	[LOG_WARN] = "WARN",
	[LOG_INFO] = "INFO",
	[LOG_DEBUG] = "DEBUG",
};

/* Atomic so that dropped messages cost no lock and no formatting. */
static atomic_int log_threshold = LOG_INFO;

/* The lock keeps each line whole when threads log at once, and guards the
 * two settings below against a change in the middle of a line. */
static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static FILE *log_file;          /* NULL means stderr */
static char log_progname[64] = "wicket";

void
log_set_level(enum log_level level)
{
	atomic_store(&log_threshold, (int)level);
}

/* ASCII-only and locale-free, unlike strcasecmp (think of the Turkish i). */
static int
ascii_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

static int
ascii_caseeq(const char *a, const char *b)
{
	for (; *a != '\0'; a++, b++) {
		if (ascii_lower((unsigned char)*a) != ascii_lower((unsigned char)*b))
			return 0;
	}
	return *b == '\0';
}

int
log_parse_level(const char *name, enum log_level *out)
{
	static const char *const names[] = {
		[LOG_ERROR] = "error",
		[LOG_WARN] = "warn",
		[LOG_INFO] = "info",
		[LOG_DEBUG] = "debug",
	};

	if (name == NULL)
		return -1;
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (ascii_caseeq(name, names[i])) {
			*out = (enum log_level)i;
			return 0;
		}
	}
	return -1;
}

void
log_set_file(FILE *f)
{
	pthread_mutex_lock(&log_lock);
	log_file = f;
	pthread_mutex_unlock(&log_lock);
}

void
log_set_progname(const char *name)
{
	const char *slash;

	if (name == NULL || *name == '\0')
		return;
	/* main() passes argv[0]; the log wants "wicketd", not its path. */
	slash = strrchr(name, '/');
	if (slash != NULL && slash[1] != '\0')
		name = slash + 1;
	pthread_mutex_lock(&log_lock);
	snprintf(log_progname, sizeof log_progname, "%s", name);
	pthread_mutex_unlock(&log_lock);
}

/* The bidi control at s[0..n) (U+200E, U+200F, U+202A..U+202E,
 * U+2066..U+2069, as UTF-8), or 0: it would reorder the rest of the line
 * for whoever reads the log, making "user 'x' from A" read otherwise. */
static unsigned
bidi_control(const unsigned char *s, size_t n)
{
	if (n < 3 || s[0] != 0xE2)
		return 0;
	unsigned cp = 0x2000u | (unsigned)(s[1] & 0x3F) << 6 | (unsigned)(s[2] & 0x3F);
	if ((s[1] == 0x80 && (cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E))) ||
	    (s[1] == 0x81 && cp >= 0x2066 && cp <= 0x2069))
		return cp;
	return 0;
}

/* Append s to out with every control character written as \xNN, so that an
 * untrusted string can neither start a forged log line nor send a terminal
 * escape sequence to whoever reads the log.  C1 controls count too: as UTF-8
 * they are C2 80..C2 9F, and a terminal may act on them; and so do bidi
 * controls, written \uXXXX. */
static void
add_escaped(struct buf *out, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		unsigned bidi = bidi_control((const unsigned char *)s + i, n - i);

		if (bidi) {
			buf_printf(out, "\\u%04X", bidi);
			i += 2;
		} else if (c < 0x20 || c == 0x7F) {
			buf_printf(out, "\\x%02X", c);
		} else if (c == 0xC2 && i + 1 < n &&
		    (unsigned char)s[i + 1] >= 0x80 && (unsigned char)s[i + 1] <= 0x9F) {
			buf_printf(out, "\\x%02X\\x%02X", c, (unsigned char)s[i + 1]);
			i++;
		} else {
			buf_addc(out, (char)c);
		}
	}
}

/* "2026-11-23T09:15:02+08:00": ISO 8601 local time with the offset, so a
 * clerk reads local time and the line still names one instant unambiguously
 * whatever zone the machine is set to. */
static void
add_timestamp(struct buf *out)
{
	char stamp[64];
	time_t now = time(NULL);
	struct tm tm;
	size_t n;

	if (localtime_r(&now, &tm) == NULL ||
	    (n = strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S%z", &tm)) == 0) {
		buf_adds(out, "0000-00-00T00:00:00");
		return;
	}
	/* strftime gives +0800; ISO 8601 extended format wants +08:00. */
	if (n >= 5 && (stamp[n - 5] == '+' || stamp[n - 5] == '-')) {
		buf_add(out, stamp, n - 2);
		buf_addc(out, ':');
		buf_add(out, stamp + n - 2, 2);
	} else {
		buf_add(out, stamp, n);
	}
}

void
log_msg(enum log_level level, const char *fmt, ...)
{
	struct buf msg = BUF_INIT, text = BUF_INIT, line = BUF_INIT;
	int saved_errno = errno;
	va_list ap;
	FILE *f;

	if ((int)level > atomic_load(&log_threshold))
		return;
	if ((unsigned)level >= sizeof level_names / sizeof level_names[0])
		level = LOG_ERROR;

	va_start(ap, fmt);
	buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	add_escaped(&text, buf_str(&msg), msg.len);
	buf_addc(&text, '\n');

	add_timestamp(&line);
	pthread_mutex_lock(&log_lock);
	buf_printf(&line, " %s[%ld] %s ", log_progname, (long)getpid(),
	    level_names[level]);
	buf_add(&line, text.data, text.len);
	/* One write per line, flushed at once: a crash must not eat the log
	 * lines that led up to it. */
	f = log_file != NULL ? log_file : stderr;
	fwrite(line.data, 1, line.len, f);
	fflush(f);
	pthread_mutex_unlock(&log_lock);

	buf_free(&msg);
	buf_free(&text);
	buf_free(&line);
	/* Logging an error must not change the errno the caller goes on to read. */
	errno = saved_errno;
}

void
fatal(const char *fmt, ...)
{
	struct buf msg = BUF_INIT, line = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(&msg, fmt, ap);
	va_end(ap);

	pthread_mutex_lock(&log_lock);
	buf_printf(&line, "%s: ", log_progname);
	pthread_mutex_unlock(&log_lock);
	add_escaped(&line, buf_str(&msg), msg.len);
	buf_addc(&line, '\n');
	fwrite(line.data, 1, line.len, stderr);
	buf_free(&msg);
	buf_free(&line);
	exit(1);
}
