#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "wicket/common/buf.h"
#include "wicket/common/utf8.h"
#include "wicket/common/xalloc.h"

struct utf8_range {
	uint32_t lo, hi;        /* inclusive */
};

/* utf8_wide_table and utf8_zero_table, generated from the Unicode data by
 * gen-width-tables.py: the locale's wcwidth() is not to be trusted here. */
#include "utf8_width_tables.h"

#define ELLIPSIS "\xE2\x80\xA6"  /* U+2026, one column */
#define DOTTED_CIRCLE "\xE2\x97\x8C"  /* U+25CC, one column */

/* Decode one well-formed sequence of at most n bytes: its length, or 0 if the
 * bytes at s are not one (n must be at least 1). */
static size_t
decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	/* Smallest code point each length may encode: anything below is an
	 * overlong form, which could smuggle "/" or NUL past a byte filter. */
	static const uint32_t min_cp[5] = { 0, 0, 0x80, 0x800, 0x10000 };
	uint32_t c = s[0];
	size_t len;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xC0 && c <= 0xDF) {
		len = 2;
		c &= 0x1F;
	} else if (c >= 0xE0 && c <= 0xEF) {
		len = 3;
		c &= 0x0F;
	} else if (c >= 0xF0 && c <= 0xF7) {
		len = 4;
		c &= 0x07;
	} else {
		return 0;       /* lone continuation byte, or F8..FF */
	}
	for (size_t i = 1; i < len; i++) {
		if (i >= n || (s[i] & 0xC0) != 0x80)
			return 0;       /* truncated */
		c = (c << 6) | (s[i] & 0x3F);
	}
	if (c < min_cp[len] || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return len;
}

size_t
utf8_decode(const char *s, size_t n, uint32_t *cp)
{
	size_t len;

	if (n == 0) {
		*cp = UTF8_REPLACEMENT;
		return 0;
	}
	len = decode((const unsigned char *)s, n, cp);
	if (len == 0) {
		*cp = UTF8_REPLACEMENT;
		return 1;
	}
	return len;
}

size_t
utf8_encode(uint32_t cp, char out[4])
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp >= 0xD800 && cp <= 0xDFFF)
		return 0;
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	if (cp <= 0x10FFFF) {
		out[0] = (char)(0xF0 | (cp >> 18));
		out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[3] = (char)(0x80 | (cp & 0x3F));
		return 4;
	}
	return 0;
}

bool
utf8_valid(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, len;
	uint32_t cp;

	while (i < n) {
		/* Not utf8_decode: a real U+FFFD in the input is valid. */
		len = decode(u + i, n - i, &cp);
		if (len == 0)
			return false;
		i += len;
	}
	return true;
}

static bool
in_table(uint32_t cp, const struct utf8_range *t, size_t n)
{
	size_t lo = 0, hi = n;

	if (n == 0 || cp < t[0].lo || cp > t[n - 1].hi)
		return false;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (cp > t[mid].hi)
			lo = mid + 1;
		else if (cp < t[mid].lo)
			hi = mid;
		else
			return true;
	}
	return false;
}

#define IN_TABLE(cp, t) in_table((cp), (t), sizeof (t) / sizeof (t)[0])

static bool
is_control(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F);
}

/* Bidi embeddings, overrides and isolates (U+202A..202E, U+2066..2069) can
 * make a terminal show text in an order other than the bytes' ("Trojan
 * Source"), so a clerk could be shown something other than what is stored. */
static bool
is_bidi_control(uint32_t cp)
{
	return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

bool
utf8_cp_unsafe(uint32_t cp)
{
	return is_control(cp) || is_bidi_control(cp);
}

/* Set by the drawing layer when its terminal shows more characters wide
 * than Unicode's tables say (utf8_set_widen). */
static bool (*widen_hook)(uint32_t cp);

void
utf8_set_widen(bool (*widen)(uint32_t cp))
{
	widen_hook = widen;
}

int
utf8_cp_width(uint32_t cp)
{
	if (is_control(cp))
		return -1;
	if (widen_hook != NULL && cp >= 0x80 && widen_hook(cp) && !IN_TABLE(cp, utf8_zero_table))
		return 2;
	/* Nothing below U+0300 is combining or wide: skip the tables for
	 * ASCII and Latin-1, by far the commonest input. */
	if (cp < 0x300)
		return 1;
	/* Zero first: some combining marks (U+3099) are also East Asian wide. */
	if (IN_TABLE(cp, utf8_zero_table))
		return 0;
	if (IN_TABLE(cp, utf8_wide_table))
		return 2;
	return 1;
}

/* Columns cp takes once drawn: controls are shown as U+FFFD (utf8_sanitize),
 * which takes one. */
static size_t
drawn_width(uint32_t cp)
{
	int w = utf8_cp_width(cp);

	return w < 0 ? 1 : (size_t)w;
}

size_t
utf8_width(const char *s)
{
	size_t n = strlen(s), i = 0, cols = 0;
	uint32_t cp;

	while (i < n) {
		i += utf8_decode(s + i, n - i, &cp);
		cols += drawn_width(cp);
	}
	return cols;
}


static void
add_replacement(struct buf *out)
{
	char enc[4];

	buf_add(out, enc, utf8_encode(UTF8_REPLACEMENT, enc));
}

char *
utf8_sanitize(const char *s, bool keep_newlines)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t n = strlen(s), i = 0, len;
	struct buf out = BUF_INIT;
	uint32_t cp;

	bool line_start = true;
	buf_reserve(&out, n);
	while (i < n) {
		len = decode(u + i, n - i, &cp);
		if (len == 0) {
			add_replacement(&out);
			line_start = false;
			i++;
			continue;
		}
		/* A tab's width depends on the cursor column, which would break
		 * every width computed here; it is always a space. */
		if (cp == '\t' || (cp == '\n' && !keep_newlines)) {
			buf_addc(&out, ' ');
		} else if (cp == '\n') {
			buf_addc(&out, '\n');
		} else if (utf8_cp_unsafe(cp)) {
			add_replacement(&out);
		} else {
			/* A mark with no base would join whatever is drawn before
			 * the text: the cell to its left, or the end of the row
			 * above.  It gets the dotted circle Unicode shows lone
			 * marks on. */
			if (line_start && utf8_cp_width(cp) == 0)
				buf_adds(&out, DOTTED_CIRCLE);
			buf_add(&out, s + i, len);
		}
		line_start = cp == '\n' && keep_newlines;
		i += len;
	}
	return buf_steal(&out);
}

bool
utf8_clean_width(const char *s, size_t *cols)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t n = strlen(s), i = 0, len, w = 0;
	uint32_t cp;

	/* What utf8_sanitize changes, in its order. */
	while (i < n) {
		len = decode(u + i, n - i, &cp);
		if (len == 0 || cp == '\t' || cp == '\n' || utf8_cp_unsafe(cp) ||
		    (i == 0 && utf8_cp_width(cp) == 0))
			return false;
		w += drawn_width(cp);
		i += len;
	}
	*cols = w;
	return true;
}

size_t
utf8_prefix_fit(const char *s, size_t max_cols, size_t *cols)
{
	size_t n = strlen(s), i = 0, used = 0, len, w;
	uint32_t cp;

	/* Greedy: a zero-width mark after an included base always fits, and
	 * one after the first character that did not fit is never reached, so
	 * marks stay with their base either way. */
	while (i < n) {
		len = utf8_decode(s + i, n - i, &cp);
		w = drawn_width(cp);
		if (w > max_cols - used)
			break;
		used += w;
		i += len;
	}
	if (cols != NULL)
		*cols = used;
	return i;
}

static void
add_spaces(struct buf *out, size_t n)
{
	buf_reserve(out, n);
	memset(out->data + out->len, ' ', n);
	out->len += n;
	out->data[out->len] = '\0';
}

char *
utf8_fit(const char *s, size_t cols)
{
	struct buf out = BUF_INIT;
	size_t len, used, ellipsis = drawn_width(0x2026);

	if (cols == 0)
		return xstrdup("");
	len = utf8_prefix_fit(s, cols, &used);
	if (s[len] == '\0' || cols < ellipsis) {
		buf_add(&out, s, len);
		add_spaces(&out, cols - used);
		return buf_steal(&out);
	}
	/* Too wide: keep room for the ellipsis (two columns where the
	 * terminal makes it wide).  A wide character that would straddle the
	 * edge is left out and a space makes up the width. */
	len = utf8_prefix_fit(s, cols - ellipsis, &used);
	buf_add(&out, s, len);
	buf_adds(&out, ELLIPSIS);
	add_spaces(&out, cols - ellipsis - used);
	return buf_steal(&out);
}

size_t utf8_chars(const char *s)
{
	size_t n = 0, len = strlen(s);
	uint32_t cp;
	for (size_t i = 0; i < len; n++)
		i += utf8_decode(s + i, len - i, &cp);
	return n;
}

size_t utf8_copy(char *dst, size_t dstlen, const char *src)
{
	size_t len = strlen(src), n = 0;
	uint32_t cp;
	if (dstlen == 0)
		return 0;
	while (n < len) {
		size_t step = utf8_decode(src + n, len - n, &cp);
		if (n + step >= dstlen)
			break;
		n += step;
	}
	memcpy(dst, src, n);
	dst[n] = '\0';
	return n;
}
