/* Tests for src/common/utf8.c: decoding, encoding, display width, sanitising
 * and width-aware fitting. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "wicket/common/utf8.h"
#include "wicket/common/xalloc.h"

#define FFFD "\xEF\xBF\xBD"

/* Decode s (all of its strlen bytes) and expect want_cp from want_len bytes. */
static void
check_decode(const char *s, uint32_t want_cp, size_t want_len)
{
	uint32_t cp = 0;
	size_t len = utf8_decode(s, strlen(s), &cp);

	assert_int_equal(len, want_len);
	assert_int_equal(cp, want_cp);
}

/* An invalid sequence: U+FFFD from one byte, and utf8_valid says no. */
static void
check_invalid(const char *s, size_t n)
{
	uint32_t cp = 0;

	assert_int_equal(utf8_decode(s, n, &cp), 1);
	assert_int_equal(cp, UTF8_REPLACEMENT);
	assert_false(utf8_valid(s, n));
}

static void
test_decode_valid(void **state)
{
	(void)state;
	check_decode("A", 'A', 1);
	check_decode("\x7F", 0x7F, 1);
	check_decode("\xC2\x80", 0x80, 2);
	check_decode("\xC3\xA9", 0xE9, 2);
	check_decode("\xDF\xBF", 0x7FF, 2);
	check_decode("\xE0\xA0\x80", 0x800, 3);
	check_decode("\xE4\xB8\xAD", 0x4E2D, 3);        /* 中 */
	check_decode("\xED\x9F\xBF", 0xD7FF, 3);        /* just below surrogates */
	check_decode("\xEE\x80\x80", 0xE000, 3);        /* just above */
	check_decode(FFFD, 0xFFFD, 3);
	check_decode("\xEF\xBF\xBF", 0xFFFF, 3);
	check_decode("\xF0\x90\x80\x80", 0x10000, 4);
	check_decode("\xF0\x9F\x98\x80", 0x1F600, 4);   /* 😀 */
	check_decode("\xF4\x8F\xBF\xBF", 0x10FFFF, 4);
	/* Only the first character is consumed. */
	check_decode("\xE4\xB8\xAD\xE6\x96\x87", 0x4E2D, 3);
	assert_true(utf8_valid("ab\xE4\xB8\xAD" FFFD "\xF0\x9F\x98\x80", 13));
	assert_true(utf8_valid("", 0));
}

static void
test_decode_empty(void **state)
{
	uint32_t cp;

	(void)state;
	assert_int_equal(utf8_decode("A", 0, &cp), 0);
}

static void
test_decode_overlong(void **state)
{
	(void)state;
	check_invalid("\xC0\xAF", 2);                  /* "/" in two bytes */
	check_invalid("\xC0\x80", 2);                  /* NUL in two bytes */
	check_invalid("\xC1\xBF", 2);
	check_invalid("\xE0\x80\xAF", 3);              /* "/" in three */
	check_invalid("\xE0\x9F\xBF", 3);              /* U+07FF in three */
	check_invalid("\xF0\x80\x80\xAF", 4);          /* "/" in four */
	check_invalid("\xF0\x8F\xBF\xBF", 4);          /* U+FFFF in four */
}

static void
test_decode_surrogates(void **state)
{
	(void)state;
	check_invalid("\xED\xA0\x80", 3);              /* U+D800 */
	check_invalid("\xED\xAF\xBF", 3);              /* U+DBFF */
	check_invalid("\xED\xB0\x80", 3);              /* U+DC00 */
	check_invalid("\xED\xBF\xBF", 3);              /* U+DFFF */
	/* A CESU-8 style pair is two invalid halves, not U+10000. */
	check_invalid("\xED\xA0\x80\xED\xB0\x80", 6);
}

static void
test_decode_too_big(void **state)
{
	(void)state;
	check_invalid("\xF4\x90\x80\x80", 4);          /* U+110000 */
	check_invalid("\xF7\xBF\xBF\xBF", 4);
	check_invalid("\xF8\x88\x80\x80\x80", 5);      /* old 5-byte form */
	check_invalid("\xFC\x84\x80\x80\x80\x80", 6);  /* old 6-byte form */
	check_invalid("\xFE", 1);
	check_invalid("\xFF", 1);
}

static void
test_decode_truncated(void **state)
{
	(void)state;
	check_invalid("\xC3", 1);
	check_invalid("\xE4\xB8", 2);
	check_invalid("\xE4", 1);
	check_invalid("\xF0\x9F\x98", 3);
	/* n cuts a sequence that the bytes would complete. */
	check_invalid("\xE4\xB8\xAD", 2);
	check_invalid("\xF0\x9F\x98\x80", 3);
	/* A non-continuation byte in the middle. */
	check_invalid("\xE4" "A" "\xAD", 3);
	check_invalid("\xC3" "\xC3\xA9", 3);
	check_invalid("\xF0\x9F" "AB", 4);
}

static void
test_decode_lone_continuation(void **state)
{
	(void)state;
	check_invalid("\x80", 1);
	check_invalid("\xBF", 1);
	check_invalid("\x9B", 1);                      /* raw 8-bit CSI */
	check_invalid("\x80\x80\x80", 3);
}

/* Every decoder answer makes progress, whatever the bytes. */
static void
test_decode_all_bytes_progress(void **state)
{
	char s[4];
	uint32_t cp;

	(void)state;
	for (int a = 0; a < 256; a++) {
		for (int b = 0; b < 256; b++) {
			size_t len;

			s[0] = (char)a;
			s[1] = (char)b;
			s[2] = (char)0x80;
			s[3] = (char)0x80;
			len = utf8_decode(s, 4, &cp);
			assert_true(len >= 1 && len <= 4);
			if (cp == UTF8_REPLACEMENT)
				assert_true(len == 1 || (a == 0xEF && b == 0xBF));
		}
	}
}

static void
test_encode_round_trip(void **state)
{
	char out[4];
	uint32_t back;

	(void)state;
	for (uint32_t cp = 0; cp <= 0x10FFFF; cp++) {
		size_t len = utf8_encode(cp, out);

		if (cp >= 0xD800 && cp <= 0xDFFF) {
			assert_int_equal(len, 0);
			continue;
		}
		assert_int_equal(len, cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4);
		assert_int_equal(utf8_decode(out, len, &back), len);
		assert_int_equal(back, cp);
		assert_true(utf8_valid(out, len));
	}
	assert_int_equal(utf8_encode(0x110000, out), 0);
	assert_int_equal(utf8_encode(UINT32_MAX, out), 0);
	assert_int_equal(utf8_encode(0x4E2D, out), 3);
	assert_memory_equal(out, "\xE4\xB8\xAD", 3);
}

static void
test_cp_width(void **state)
{
	(void)state;
	assert_int_equal(utf8_cp_width('A'), 1);
	assert_int_equal(utf8_cp_width(' '), 1);
	assert_int_equal(utf8_cp_width(0x00), -1);
	assert_int_equal(utf8_cp_width(0x1B), -1);     /* ESC */
	assert_int_equal(utf8_cp_width(0x7F), -1);     /* DEL */
	assert_int_equal(utf8_cp_width(0x80), -1);
	assert_int_equal(utf8_cp_width(0x9B), -1);     /* CSI */
	assert_int_equal(utf8_cp_width(0x9F), -1);
	assert_int_equal(utf8_cp_width(0xA0), 1);
	assert_int_equal(utf8_cp_width(0xE9), 1);
	assert_int_equal(utf8_cp_width(0x0301), 0);    /* combining acute */
	assert_int_equal(utf8_cp_width(0x20DD), 0);    /* enclosing circle (Me) */
	assert_int_equal(utf8_cp_width(0x0903), 1);    /* Mc stays 1 */
	assert_int_equal(utf8_cp_width(0x1100), 2);    /* Hangul choseong */
	assert_int_equal(utf8_cp_width(0x1160), 0);    /* jungseong filler */
	assert_int_equal(utf8_cp_width(0x11FF), 0);
	assert_int_equal(utf8_cp_width(0x200B), 0);
	assert_int_equal(utf8_cp_width(0x200D), 0);    /* ZWJ */
	assert_int_equal(utf8_cp_width(0x2028), 0);
	assert_int_equal(utf8_cp_width(0x2060), 0);
	assert_int_equal(utf8_cp_width(0x2026), 1);    /* ellipsis */
	assert_int_equal(utf8_cp_width(0x3000), 2);    /* ideographic space (F) */
	assert_int_equal(utf8_cp_width(0x3099), 0);    /* combining kana, also W */
	assert_int_equal(utf8_cp_width(0x4E2D), 2);
	assert_int_equal(utf8_cp_width(0x9FFF), 2);    /* unassigned, default W */
	assert_int_equal(utf8_cp_width(0xAC00), 2);    /* 가 */
	assert_int_equal(utf8_cp_width(0xFE0F), 0);
	assert_int_equal(utf8_cp_width(0xFEFF), 0);
	assert_int_equal(utf8_cp_width(0xFF41), 2);    /* fullwidth a */
	assert_int_equal(utf8_cp_width(0xFF61), 1);    /* halfwidth 。 */
	assert_int_equal(utf8_cp_width(0x1F600), 2);
	assert_int_equal(utf8_cp_width(0x20000), 2);
	assert_int_equal(utf8_cp_width(0x2FFFD), 2);
	assert_int_equal(utf8_cp_width(0x30000), 2);
	assert_int_equal(utf8_cp_width(0xE0100), 0);
	assert_int_equal(utf8_cp_width(0xE01EF), 0);
	assert_int_equal(utf8_cp_width(0x10FFFF), 1);
}

static void
test_width(void **state)
{
	(void)state;
	assert_int_equal(utf8_width(""), 0);
	assert_int_equal(utf8_width("abc"), 3);
	assert_int_equal(utf8_width("\xE4\xB8\xAD\xE6\x96\x87"), 4);     /* 中文 */
	assert_int_equal(utf8_width("\xEF\xBD\x81"), 2);                 /* ａ */
	assert_int_equal(utf8_width("e\xCC\x81"), 1);                    /* é */
	assert_int_equal(utf8_width("\xED\x95\x9C"), 2);                 /* 한 */
	assert_int_equal(utf8_width("\xE1\x84\x92\xE1\x85\xA1\xE1\x86\xAB"), 2); /* 한 as jamo */
	assert_int_equal(utf8_width("\xF0\x9F\x98\x80"), 2);             /* 😀 */
	assert_int_equal(utf8_width("\xE7\xAA\x97\xE5\x8F\xA3" "A1"), 6); /* 窗口A1 */
	assert_int_equal(utf8_width("\xE2\x80\x8D"), 0);                 /* ZWJ */
	assert_int_equal(utf8_width("a\xE2\x80\x8D" "b"), 2);
	/* Controls and invalid bytes count as the U+FFFD they are drawn as. */
	assert_int_equal(utf8_width("a\x1B[2J"), 5);
	assert_int_equal(utf8_width("\xC2\x9B"), 1);
	assert_int_equal(utf8_width("\xFF\xFE"), 2);
	assert_int_equal(utf8_width("\xC0\xAF"), 2);
	assert_int_equal(utf8_width("\xE4\xB8"), 2);
}

/* Sanitise s and compare with want; the result is always valid UTF-8 and
 * holds no C0 control other than (when kept) newline. */
static void
check_sanitize(const char *s, bool keep_newlines, const char *want)
{
	char *got = utf8_sanitize(s, keep_newlines);

	assert_string_equal(got, want);
	assert_true(utf8_valid(got, strlen(got)));
	for (const char *p = got; *p != '\0'; p++) {
		unsigned char c = (unsigned char)*p;

		assert_false((c < 0x20 && c != '\n') || c == 0x7F);
		if (c == '\n')
			assert_true(keep_newlines);
	}
	free(got);
}

static void
test_sanitize_plain(void **state)
{
	(void)state;
	check_sanitize("", false, "");
	check_sanitize("hello", false, "hello");
	check_sanitize("\xE4\xB8\xAD\xE6\x96\x87 e\xCC\x81", false, "\xE4\xB8\xAD\xE6\x96\x87 e\xCC\x81");
	check_sanitize(FFFD, false, FFFD);
	check_sanitize("\xF0\x9F\x98\x80", true, "\xF0\x9F\x98\x80");
	check_sanitize("\xC2\xA0", false, "\xC2\xA0");     /* NBSP is not C1 */
	check_sanitize("a\xE2\x80\xA8", false, "a\xE2\x80\xA8"); /* U+2028 left */
}

static void
test_sanitize_escape_sequences(void **state)
{
	char *got;

	(void)state;
	check_sanitize("\x1B[2J", false, FFFD "[2J");
	check_sanitize("a\x1B]0;pwned\x07" "b", false, "a" FFFD "]0;pwned" FFFD "b");
	check_sanitize("\xC2\x9B" "2J", false, FFFD "2J");   /* C1 CSI */
	check_sanitize("\xC2\x80\xC2\x9F", false, FFFD FFFD);
	check_sanitize("\x9B" "2J", false, FFFD "2J");       /* raw 8-bit CSI */
	check_sanitize("\x07", false, FFFD);                 /* BEL */
	check_sanitize("\x7F", false, FFFD);                 /* DEL */
	check_sanitize("\r", true, FFFD);
	check_sanitize("\x01\x1F", true, FFFD FFFD);

	got = utf8_sanitize("x\x1B[31mred\x1B[0m\x1B", false);
	assert_null(strchr(got, '\x1B'));
	free(got);
}

static void
test_sanitize_tab_newline(void **state)
{
	(void)state;
	check_sanitize("a\tb\nc", false, "a b c");
	check_sanitize("a\tb\nc", true, "a b\nc");
	check_sanitize("\n\n", true, "\n\n");
	check_sanitize("\n\n", false, "  ");
}

static void
test_sanitize_bidi(void **state)
{
	(void)state;
	check_sanitize("a\xE2\x80\xAE" "cba", false, "a" FFFD "cba");   /* RLO */
	check_sanitize("\xE2\x80\xAA\xE2\x80\xAB\xE2\x80\xAC\xE2\x80\xAD", false,
	    FFFD FFFD FFFD FFFD);
	check_sanitize("\xE2\x81\xA6x\xE2\x81\xA9", false, FFFD "x" FFFD); /* isolates */
	check_sanitize("\xE2\x81\xA7\xE2\x81\xA8", false, FFFD FFFD);
}

/* The set every check shares (the sanitizer, the server's text rule, the
 * demo data's check): exactly C0, DEL, C1 and the bidi controls. */
static void
test_cp_unsafe(void **state)
{
	(void)state;
	for (uint32_t cp = 0; cp < 0x110000; cp++) {
		bool want = cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) ||
		    (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
		if (utf8_cp_unsafe(cp) != want)
			fail_msg("U+%04X: unsafe is %d", (unsigned)cp, !want);
	}
}

/* A mark with no base gets a dotted circle; one with a base keeps it. */
static void
test_sanitize_lone_marks(void **state)
{
	(void)state;
	check_sanitize("\xCC\x81\xCC\x81" "a", false, "\xE2\x97\x8C\xCC\x81\xCC\x81" "a");
	check_sanitize("e\xCC\x81", false, "e\xCC\x81");
	check_sanitize("a\n\xCC\x81" "b", true, "a\n\xE2\x97\x8C\xCC\x81" "b");
	check_sanitize("a\n\xCC\x81" "b", false, "a \xCC\x81" "b");
	check_sanitize("\xE2\x80\x8B" "x", false, "\xE2\x97\x8C\xE2\x80\x8B" "x");  /* ZWSP */
}

static void
test_sanitize_invalid(void **state)
{
	(void)state;
	check_sanitize("\xC0\xAF", false, FFFD FFFD);
	check_sanitize("\xED\xA0\x80", false, FFFD FFFD FFFD);
	check_sanitize("a\xE4\xB8", false, "a" FFFD FFFD);
	check_sanitize("\xF4\x90\x80\x80", false, FFFD FFFD FFFD FFFD);
	check_sanitize("\xFF" "ok", false, FFFD "ok");
}

static void
check_fit(const char *s, size_t cols, const char *want)
{
	char *got = utf8_fit(s, cols);

	assert_string_equal(got, want);
	assert_int_equal(utf8_width(got), cols);
	free(got);
}

#define ZHONG "\xE4\xB8\xAD"    /* 中 */
#define WEN   "\xE6\x96\x87"    /* 文 */
#define ZI    "\xE5\xAD\x97"    /* 字 */
#define FU    "\xE7\xAC\xA6"    /* 符 */
#define ELL   "\xE2\x80\xA6"    /* … */
#define EACUTE "e\xCC\x81"

static void
test_fit_truncate(void **state)
{
	(void)state;
	check_fit(ZHONG WEN ZI FU, 5, ZHONG WEN ELL);
	check_fit(ZHONG WEN ZI FU, 4, ZHONG ELL " ");  /* 文 would straddle */
	check_fit(ZHONG WEN ZI FU, 7, ZHONG WEN ZI ELL);
	check_fit(ZHONG WEN ZI FU, 6, ZHONG WEN ELL " ");
	check_fit("abcdef", 4, "abc" ELL);
	check_fit("ab" ZHONG, 3, "ab" ELL);
	check_fit("\xE7\xAA\x97\xE5\x8F\xA3" "A1", 5, "\xE7\xAA\x97\xE5\x8F\xA3" ELL);
}

static void
test_fit_pad_exact(void **state)
{
	(void)state;
	check_fit("ab", 5, "ab   ");
	check_fit("", 3, "   ");
	check_fit(ZHONG, 3, ZHONG " ");
	check_fit(ZHONG WEN ZI FU, 8, ZHONG WEN ZI FU);
	check_fit(ZHONG WEN ZI FU, 9, ZHONG WEN ZI FU " ");
	check_fit("abc", 3, "abc");
}

static void
test_fit_combining(void **state)
{
	size_t cols = 99;

	(void)state;
	/* The mark is part of its base's column: both stay or both go. */
	assert_int_equal(utf8_prefix_fit(EACUTE EACUTE, 1, &cols), 3);
	assert_int_equal(cols, 1);
	assert_int_equal(utf8_prefix_fit(EACUTE EACUTE, 2, &cols), 6);
	assert_int_equal(cols, 2);
	assert_int_equal(utf8_prefix_fit("a" ZHONG "\xE3\x82\x99", 2, &cols), 1);
	assert_int_equal(cols, 1);
	check_fit(EACUTE EACUTE EACUTE, 3, EACUTE EACUTE EACUTE);
	check_fit(EACUTE EACUTE EACUTE, 2, EACUTE ELL);
	check_fit(EACUTE EACUTE, 4, EACUTE EACUTE "  ");
	check_fit("a\xE2\x80\x8D" "b" "cd", 3, "a\xE2\x80\x8D" "b" ELL);
}

static void
test_fit_small_cols(void **state)
{
	char *got;

	(void)state;
	got = utf8_fit("anything", 0);
	assert_string_equal(got, "");
	free(got);
	got = utf8_fit("", 0);
	assert_string_equal(got, "");
	free(got);

	check_fit("a", 1, "a");
	check_fit("ab", 1, ELL);
	check_fit(ZHONG, 1, ELL);
	check_fit("", 1, " ");
	check_fit("ab", 2, "ab");
	check_fit("abc", 2, "a" ELL);
	check_fit(ZHONG, 2, ZHONG);
	check_fit(ZHONG WEN, 2, ELL " ");
	check_fit(ZHONG "a", 2, ELL " ");
}

static void
test_prefix_fit(void **state)
{
	size_t cols = 99;

	(void)state;
	assert_int_equal(utf8_prefix_fit("", 5, &cols), 0);
	assert_int_equal(cols, 0);
	assert_int_equal(utf8_prefix_fit("abc", 0, &cols), 0);
	assert_int_equal(cols, 0);
	assert_int_equal(utf8_prefix_fit("abc", 2, NULL), 2);
	assert_int_equal(utf8_prefix_fit(ZHONG WEN, 3, &cols), 3);
	assert_int_equal(cols, 2);
	assert_int_equal(utf8_prefix_fit(ZHONG WEN, 100, &cols), 6);
	assert_int_equal(cols, 4);
	/* Invalid bytes are one column each and never split. */
	assert_int_equal(utf8_prefix_fit("\xFF\xFE" "a", 2, &cols), 2);
	assert_int_equal(cols, 2);
	assert_int_equal(utf8_prefix_fit("\xE4\xB8", 1, &cols), 1);
	assert_int_equal(cols, 1);
}

/* Fitting to every width from 0 to past the end always gives exactly that
 * many columns and valid UTF-8. */
static void
test_fit_every_width(void **state)
{
	static const char *const samples[] = {
		"",
		"a",
		(ZHONG WEN ZI FU),
		("ab" ZHONG "c" WEN EACUTE "\xF0\x9F\x98\x80" "x"),
		(EACUTE ZHONG EACUTE "\xE2\x80\x8B" "zz"),
		("\xE1\x84\x92\xE1\x85\xA1\xE1\x86\xAB" "k"),     /* 한 as jamo */
	};

	(void)state;
	for (size_t i = 0; i < sizeof samples / sizeof samples[0]; i++) {
		size_t w = utf8_width(samples[i]);

		for (size_t cols = 0; cols <= w + 3; cols++) {
			char *got = utf8_fit(samples[i], cols);

			assert_int_equal(utf8_width(got), cols);
			assert_true(utf8_valid(got, strlen(got)));
			if (cols >= w)
				assert_memory_equal(got, samples[i], strlen(samples[i]));
			else if (cols > 0)
				assert_non_null(strstr(got, ELL));
			free(got);
		}
	}
}

static void
test_fit_long(void **state)
{
	const size_t count = 10000;
	char *zh = xmalloc(count * 3 + 1), *ascii = xmalloc(count + 1), *got;

	(void)state;
	for (size_t i = 0; i < count; i++) {
		memcpy(zh + i * 3, ZHONG, 3);
		ascii[i] = (char)('a' + i % 26);
	}
	zh[count * 3] = '\0';
	ascii[count] = '\0';
	assert_int_equal(utf8_width(zh), 2 * count);
	assert_int_equal(utf8_width(ascii), count);

	check_fit(zh, 7, ZHONG ZHONG ZHONG ELL);
	check_fit(ascii, 5, "abcd" ELL);

	got = utf8_fit(zh, 2 * count);
	assert_string_equal(got, zh);
	free(got);
	got = utf8_fit(zh, 2 * count - 1);
	assert_int_equal(utf8_width(got), 2 * count - 1);
	assert_int_equal(strlen(got), (count - 1) * 3 + 3);    /* 9999 中 + … */
	free(got);
	got = utf8_fit(zh, 2 * count - 2);
	assert_int_equal(strlen(got), (count - 2) * 3 + 3 + 1);  /* + … + space */
	free(got);
	got = utf8_fit(ascii, count + 3);
	assert_int_equal(strlen(got), count + 3);
	assert_memory_equal(got, ascii, count);
	assert_string_equal(got + count, "   ");
	free(got);

	got = utf8_sanitize(zh, false);
	assert_string_equal(got, zh);
	free(got);
	free(zh);
	free(ascii);
}

/* A GB18030 terminal's ambiguous characters, wide (the drawing layer's
 * hook in such a locale). */
static bool
widen_ambiguous(uint32_t cp)
{
	return cp == 0xB7 || cp == 0xD7 || cp == 0x2026;
}

/* Widened, · × … count two columns, and a cut keeps two for the ellipsis. */
static void
test_widen(void **state)
{
	(void)state;
	utf8_set_widen(widen_ambiguous);
	assert_int_equal(utf8_width("a\xC2\xB7" "b"), 4);
	assert_int_equal(utf8_cp_width(0xD7), 2);
	assert_int_equal(utf8_cp_width(0x301), 0);
	char *s = utf8_fit("abcdef", 4);
	assert_string_equal(s, "ab\xE2\x80\xA6");
	assert_int_equal(utf8_width(s), 4);
	free(s);
	s = utf8_fit("abcdef", 1);
	assert_string_equal(s, "a");
	free(s);
	utf8_set_widen(NULL);
	assert_int_equal(utf8_width("a\xC2\xB7" "b"), 3);
}

/* Characters, not bytes nor columns: what a field's limit counts. */
static void
test_chars(void **state)
{
	(void)state;
	assert_int_equal(utf8_chars(""), 0);
	assert_int_equal(utf8_chars("abc"), 3);
	assert_int_equal(utf8_chars("张雅婷"), 3);             /* 9 bytes, 6 columns */
	assert_int_equal(utf8_chars("a\xF0\x9F\x98\x80" "b"), 3);   /* outside the BMP */
	assert_int_equal(utf8_chars("\xFF\xFE"), 2);           /* invalid bytes count one each */
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_chars),
		cmocka_unit_test(test_decode_valid),
		cmocka_unit_test(test_decode_empty),
		cmocka_unit_test(test_decode_overlong),
		cmocka_unit_test(test_decode_surrogates),
		cmocka_unit_test(test_decode_too_big),
		cmocka_unit_test(test_decode_truncated),
		cmocka_unit_test(test_decode_lone_continuation),
		cmocka_unit_test(test_decode_all_bytes_progress),
		cmocka_unit_test(test_encode_round_trip),
		cmocka_unit_test(test_cp_width),
		cmocka_unit_test(test_width),
		cmocka_unit_test(test_sanitize_plain),
		cmocka_unit_test(test_sanitize_escape_sequences),
		cmocka_unit_test(test_sanitize_tab_newline),
		cmocka_unit_test(test_sanitize_bidi),
		cmocka_unit_test(test_sanitize_invalid),
		cmocka_unit_test(test_cp_unsafe),
		cmocka_unit_test(test_sanitize_lone_marks),
		cmocka_unit_test(test_fit_truncate),
		cmocka_unit_test(test_fit_pad_exact),
		cmocka_unit_test(test_fit_combining),
		cmocka_unit_test(test_fit_small_cols),
		cmocka_unit_test(test_prefix_fit),
		cmocka_unit_test(test_fit_every_width),
		cmocka_unit_test(test_fit_long),
		cmocka_unit_test(test_widen),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
