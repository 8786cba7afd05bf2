/* utf8.h - UTF-8 decoding, validation, display width and width-aware fitting.
 *
 * Display width follows the terminal's idea of columns: East Asian wide and
 * fullwidth characters take 2, combining marks and zero-width characters 0,
 * everything else printable 1.  Control characters are never counted as
 * printable: utf8_sanitize() replaces them before anything reaches a screen.
 * None of these functions depend on the process locale (a drawing layer
 * may widen characters its terminal shows wide: utf8_set_widen). */
#ifndef WICKET_UTF8_H
#define WICKET_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define UTF8_REPLACEMENT 0xFFFDu

/* Decode one code point from s (at most n bytes).  Returns the number of
 * bytes consumed (1..4) and stores the code point in *cp; on an invalid or
 * truncated sequence, overlong form, surrogate or value above U+10FFFF it
 * stores UTF8_REPLACEMENT and returns 1, so callers always make progress.
 * Returns 0 only when n == 0. */
size_t utf8_decode(const char *s, size_t n, uint32_t *cp);
/* Encode cp into out (4 bytes room); returns the length 1..4, 0 if cp is invalid. */
size_t utf8_encode(uint32_t cp, char out[4]);
/* True when the n bytes at s are entirely well-formed UTF-8. */
bool utf8_valid(const char *s, size_t n);
/* Columns one code point takes: -1 for control characters, 0 for combining
 * and zero-width characters, 2 for wide/fullwidth, 1 otherwise. */
int utf8_cp_width(uint32_t cp);
/* Make utf8_cp_width() (and every width here) count 2 for each code point
 * above ASCII that widen() says the terminal shows two columns wide though
 * Unicode's tables say one: the drawing layer sets it in a GB18030 locale,
 * where the ambiguous characters (· × … ─) are wide.  NULL (the start)
 * leaves the tables alone.  The only state here; set it before drawing. */
void utf8_set_widen(bool (*widen)(uint32_t cp));
/* True for the code points no text shown on a terminal may hold: C0
 * controls, DEL, C1 controls (U+0080..009F: as UTF-8, C2 80..C2 9F, which
 * a terminal may act on like ESC) and the bidi embedding/override/isolate
 * controls U+202A..202E and U+2066..2069. */
bool utf8_cp_unsafe(uint32_t cp);
/* Columns the NUL-terminated string s takes (control characters count 1 each,
 * as drawn after utf8_sanitize; invalid bytes count 1 as U+FFFD). */
size_t utf8_width(const char *s);
/* How many characters (code points) the NUL-terminated s holds; an
 * invalid byte counts as one. */
size_t utf8_chars(const char *s);
/* Return a malloc'd copy of s that is safe to show on a terminal: invalid
 * UTF-8 becomes U+FFFD, C0/C1 controls and DEL (which start escape sequences)
 * and the bidi embedding/override/isolate controls U+202A..202E and
 * U+2066..2069 (which reorder what is shown) become U+FFFD as well.  Tab
 * always becomes a space (its width depends on the cursor column); newline
 * becomes a space when keep_newlines is false and stays when it is true.
 * A zero-width character (a combining mark) that starts the text or a
 * kept line has no base to join, and would join whatever the screen shows
 * before it: U+25CC DOTTED CIRCLE is put before it.  The caller frees it. */
char *utf8_sanitize(const char *s, bool keep_newlines);
/* Whether utf8_sanitize(s, false) would give s back as it is (valid,
 * nothing to replace, no lone mark first); if so, *cols is its width.
 * Lets a caller draw s without the copy. */
bool utf8_clean_width(const char *s, size_t *cols);
/* Length in bytes of the longest prefix of s that fits in max_cols columns,
 * never splitting a character (combining marks stay with their base).
 * *cols receives the width of that prefix when cols is not NULL. */
size_t utf8_prefix_fit(const char *s, size_t max_cols, size_t *cols);
/* Return a malloc'd copy of s fitted to exactly cols columns: truncated with
 * an ellipsis "…" (U+2026, one column, two when widened;
 * cut without it when cols is narrower) when too wide (a wide
 * character that would straddle the edge is dropped and a space after the
 * ellipsis makes up the width), padded with spaces on the right when too
 * narrow; "" when cols is 0.  s should already be sanitised. */
char *utf8_fit(const char *s, size_t cols);

/* Copy src into dst (dstlen bytes, always NUL-terminated), cut at a
 * character boundary when it does not fit.  Returns the bytes copied. */
size_t utf8_copy(char *dst, size_t dstlen, const char *src);

#endif
