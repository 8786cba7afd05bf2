/* fuzz.h - what the fuzz targets share: libFuzzer's entry points (defined
 * by each fuzz_*.c, called by libFuzzer or by replay.c) and a way to report
 * a broken property.
 *
 * A target checks properties, not only that nothing crashes: FZ_CHECK
 * prints what was expected and aborts, which libFuzzer reports as a crash
 * and saves the input that caused it. */
#ifndef WICKET_FUZZ_H
#define WICKET_FUZZ_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wicket/common/utf8.h"

/* Run one input.  Returns 0 (libFuzzer reserves other values). */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
/* Optional one-time set-up before the first input; returns 0. */
int LLVMFuzzerInitialize(int *argc, char ***argv);

__attribute__((noreturn, format(printf, 4, 5)))
static inline void fz_fail(const char *file, int line, const char *cond, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "%s:%d: property broken: %s: ", file, line, cond);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

/* When cond is false: report it with a printf-style explanation and abort. */
#define FZ_CHECK(cond, ...) \
	do { if (!(cond)) fz_fail(__FILE__, __LINE__, #cond, __VA_ARGS__); } while (0)

/* True when s is valid UTF-8 without control characters (C0 but those in
 * allowed, DEL, C1) and, unless bidi_ok, without the bidi embedding,
 * override and isolate controls: what may reach a terminal. */
static inline bool fz_text_ok(const char *s, const char *allowed, bool bidi_ok)
{
	size_t n = strlen(s);
	if (!utf8_valid(s, n))
		return false;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		i += utf8_decode(s + i, n - i, &cp);
		if ((cp < 0x20 && !(cp && strchr(allowed, (int)cp))) || (cp >= 0x7F && cp <= 0x9F))
			return false;
		if (!bidi_ok && ((cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069)))
			return false;
	}
	return true;
}

#endif
