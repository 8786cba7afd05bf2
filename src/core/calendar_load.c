/* calendar_load.c - loading the working-day calendar: parsing the yearly
 * holiday files (format in data/calendar/README.md) from text, and taking
 * several of them all or nothing (struct cal_batch).
 *
 * No I/O here: whoever has the files reads them (the server, in
 * src/server/calendar_dir.c) and hands over their text.  A text is parsed
 * into a fresh struct cal_year, which is kept aside in the batch and only
 * moved into the calendar once every text has been accepted, so a bad file
 * never changes a calendar. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar_int.h"
#include "wicket/common/utf8.h"
#include "wicket/common/xalloc.h"

/* Longest name of a holiday, in bytes. */
#define CAL_NAME_MAX 120
/* How much of an offending token an error message quotes, in bytes. */
#define CAL_QUOTE_MAX 40

/* ------------------------------------------------------------------ */
/* Parsing                                                             */

struct parser {
	const char *file;
	int line;
	struct cal_error *err;
	const struct calendar *const *known; /* calendars whose years clash */
	size_t nknown;
	struct cal_year *year;    /* NULL until the year line */
	int year_line;
	size_t cap;               /* entries allocated in year */
};

int
cal_error_set(struct cal_error *err, const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL)
		return -1;
	snprintf(err->file, sizeof(err->file), "%s", file != NULL ? file : "(null)");
	err->line = line;
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof(err->message), fmt, ap);
	va_end(ap);
	return -1;
}

#define PERR(p, ...) cal_error_set((p)->err, (p)->file, (p)->line, __VA_ARGS__)

/* True for a C0 control, DEL or a C1 control (U+0080..U+009F, which some
 * terminals take as the start of an escape sequence). */
static bool
is_control(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F);
}

/* Copy the n bytes at s into out (CAL_QUOTE_MAX + 4 bytes) for quoting in a
 * message: control characters (is_control) and invalid bytes become '?',
 * and a long token is cut at a character boundary and ends in "...". */
static void
quote(const char *s, size_t n, char *out)
{
	size_t len = n, w = 0;

	if (len > CAL_QUOTE_MAX) {
		len = CAL_QUOTE_MAX;
		while (len > 0 && ((unsigned char)s[len] & 0xC0) == 0x80)
			len--;
	}
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t k = utf8_decode(s + i, len - i, &cp);

		if (is_control(cp) || (cp == UTF8_REPLACEMENT && k == 1)) {
			out[w++] = '?';
		} else {
			memcpy(out + w, s + i, k);
			w += k;
		}
		i += k;
	}
	if (len < n) {
		memcpy(out + w, "...", 3);
		w += 3;
	}
	out[w] = '\0';
}

static bool
is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* A token of a line: the bytes [s, s + n). */
struct tok {
	const char *s;
	size_t n;
};

/* Take the next space- or tab-separated token from *cur (up to end) into t;
 * false when only blanks are left.  *cur moves past the token. */
static bool
next_token(const char **cur, const char *end, struct tok *t)
{
	const char *p = *cur;

	while (p < end && is_blank(*p))
		p++;
	if (p == end)
		return false;
	t->s = p;
	while (p < end && !is_blank(*p))
		p++;
	t->n = (size_t)(p - t->s);
	*cur = p;
	return true;
}

static bool
tok_is(const struct tok *t, const char *word)
{
	return t->n == strlen(word) && memcmp(t->s, word, t->n) == 0;
}

/* Parse a token as an ISO date. */
static bool
tok_date(const struct tok *t, date_t *out)
{
	char buf[DATE_ISO_SIZE];

	if (t->n != DATE_ISO_SIZE - 1)
		return false;
	memcpy(buf, t->s, t->n);
	buf[t->n] = '\0';
	return date_parse_iso(buf, out);
}

/* "year YYYY": the rest of the line after the word "year" is at cur..end. */
static int
parse_year_line(struct parser *p, const char *cur, const char *end)
{
	struct tok t, extra;
	char q[CAL_QUOTE_MAX + 4];
	int year = 0;

	if (p->year != NULL)
		return PERR(p, "second 'year' line (the first is on line %d)", p->year_line);
	if (!next_token(&cur, end, &t))
		return PERR(p, "missing year after 'year'");
	for (size_t i = 0; i < t.n && i < 4 && year >= 0; i++)
		year = (t.s[i] >= '0' && t.s[i] <= '9') ? year * 10 + (t.s[i] - '0') : -1;
	if (t.n != 4 || year < DATE_MIN_YEAR) {
		quote(t.s, t.n, q);
		return PERR(p, "invalid year '%s' (expected four digits, e.g. 2026)", q);
	}
	if (next_token(&cur, end, &extra)) {
		quote(extra.s, (size_t)(end - extra.s), q);
		return PERR(p, "unexpected text '%s' after the year", q);
	}
	for (size_t i = 0; i < p->nknown; i++) {
		const struct cal_year *y = cal_year_find(p->known[i], year);

		if (y != NULL)
			return PERR(p, "year %d already loaded from %s", year, y->source);
	}
	p->year = xcalloc(1, sizeof(*p->year));
	p->year->year = year;
	date_from_ymd(year, 1, 1, &p->year->first);
	date_from_ymd(year, 12, 31, &p->year->last);
	p->year->source = xstrdup(p->file);
	p->year_line = p->line;
	return 0;
}

/* Check the name of a special day: the bytes [s, s + n), already trimmed. */
static int
check_name(struct parser *p, const char *s, size_t n, const char *date)
{
	if (n == 0)
		return PERR(p, "missing name for %s (e.g. '%s holiday 春节')", date, date);
	if (n > CAL_NAME_MAX)
		return PERR(p, "name for %s is longer than %d bytes", date, CAL_NAME_MAX);
	for (size_t i = 0; i < n;) {
		uint32_t cp;

		i += utf8_decode(s + i, n - i, &cp);
		if (is_control(cp) && cp != '\t')
			return PERR(p, "name for %s contains a control character", date);
	}
	return 0;
}

/* Append a special day to the year being parsed. */
static void
add_entry(struct parser *p, date_t d, enum cal_day_kind kind, const char *name, size_t n)
{
	struct cal_year *y = p->year;
	struct cal_entry *e;

	if (y->nentries == p->cap) {
		p->cap = p->cap ? 2 * p->cap : 32;
		y->entries = xreallocarray(y->entries, p->cap, sizeof(*y->entries));
	}
	e = &y->entries[y->nentries++];
	e->date = d;
	e->kind = kind;
	e->line = p->line;
	e->name = xstrndup(name, n);
	y->slot[d - y->first] = (uint16_t)y->nentries;
}

/* The kind and name of a date line; d is the date, cur..end the rest. */
static int
parse_day_rest(struct parser *p, date_t d, const char *cur, const char *end)
{
	struct tok kind;
	char ds[DATE_ISO_SIZE], q[CAL_QUOTE_MAX + 4];
	enum cal_day_kind k;
	uint16_t slot;

	date_format_iso(d, ds);
	if (!next_token(&cur, end, &kind))
		return PERR(p, "missing kind after %s (expected 'holiday' or 'workday')", ds);
	if (tok_is(&kind, "holiday")) {
		k = CAL_HOLIDAY;
	} else if (tok_is(&kind, "workday")) {
		k = CAL_MAKEUP_WORKDAY;
	} else {
		quote(kind.s, kind.n, q);
		return PERR(p, "unknown kind '%s' (expected 'holiday' or 'workday')", q);
	}
	while (cur < end && is_blank(*cur))
		cur++;
	if (check_name(p, cur, (size_t)(end - cur), ds) < 0)
		return -1;
	slot = p->year->slot[d - p->year->first];
	if (slot != 0)
		return PERR(p, "duplicate date %s (first on line %d)", ds,
		            p->year->entries[slot - 1].line);
	if (k == CAL_MAKEUP_WORKDAY && !date_is_weekend(d))
		return PERR(p, "date %s is a weekday; a make-up workday must fall on "
		            "Saturday or Sunday", ds);
	add_entry(p, d, k, cur, (size_t)(end - cur));
	return 0;
}

/* A line that starts with token first (not "year"). */
static int
parse_day_line(struct parser *p, const struct tok *first, const char *cur, const char *end)
{
	char q[CAL_QUOTE_MAX + 4];
	date_t d;

	quote(first->s, first->n, q);
	if (!tok_date(first, &d)) {
		if (first->s[0] >= '0' && first->s[0] <= '9')
			return PERR(p, "invalid date '%s' (expected YYYY-MM-DD)", q);
		return PERR(p, "unrecognised line starting with '%s' (expected "
		            "'year YYYY' or 'YYYY-MM-DD holiday|workday NAME')", q);
	}
	if (p->year == NULL)
		return PERR(p, "missing 'year' line before the first date");
	if (d < p->year->first || d > p->year->last)
		return PERR(p, "date %s is outside the file's year %d", q, p->year->year);
	return parse_day_rest(p, d, cur, end);
}

/* One line, without its line terminator. */
static int
parse_line(struct parser *p, const char *s, const char *end)
{
	const char *hash;
	struct tok first;

	if (end > s && end[-1] == '\r')
		end--;
	if (!utf8_valid(s, (size_t)(end - s)))
		return PERR(p, "line is not valid UTF-8 (save the file as UTF-8, not GBK)");
	hash = memchr(s, '#', (size_t)(end - s));
	if (hash != NULL)
		end = hash;
	while (end > s && is_blank(end[-1]))
		end--;
	if (!next_token(&s, end, &first))
		return 0;
	if (tok_is(&first, "year"))
		return parse_year_line(p, s, end);
	return parse_day_line(p, &first, s, end);
}

static int
entry_cmp(const void *a, const void *b)
{
	const struct cal_entry *x = a, *y = b;

	return (x->date > y->date) - (x->date < y->date);
}

/* Sort the entries of y and rebuild its slot table. */
static void
year_finish(struct cal_year *y)
{
	if (y->nentries > 0)
		qsort(y->entries, y->nentries, sizeof(*y->entries), entry_cmp);
	memset(y->slot, 0, sizeof(y->slot));
	for (size_t i = 0; i < y->nentries; i++)
		y->slot[y->entries[i].date - y->first] = (uint16_t)(i + 1);
}

/* Parse the len bytes of text as the calendar file file.  Returns 0 and the
 * year in *out, or -1 with err filled.  Years covered by any of the nknown
 * calendars known are refused. */
static int
parse_text(const char *file, const char *text, size_t len,
           const struct calendar *const *known, size_t nknown,
           struct cal_year **out, struct cal_error *err)
{
	struct parser p = { file, 0, err, known, nknown, NULL, 0, 0 };
	const char *s = text, *end = text + len;

	if (len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
		s += 3;
	while (s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		const char *eol = nl != NULL ? nl : end;

		p.line++;
		if (parse_line(&p, s, eol) < 0) {
			cal_year_free(p.year);
			return -1;
		}
		s = nl != NULL ? nl + 1 : end;
	}
	if (p.year == NULL) {
		p.line = 0;
		return PERR(&p, "missing 'year' line");
	}
	year_finish(p.year);
	*out = p.year;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Loading, all or nothing                                             */

/* Texts parsed but not yet in cal: their years wait in staged. */
struct cal_batch {
	struct calendar *cal;
	struct calendar staged;
};

struct cal_batch *
cal_batch_new(struct calendar *cal)
{
	struct cal_batch *b = xcalloc(1, sizeof(*b));

	b->cal = cal;
	return b;
}

int
cal_batch_add(struct cal_batch *b, const char *name, const char *text, size_t len,
              struct cal_error *err)
{
	const struct calendar *known[2] = { b->cal, &b->staged };
	struct cal_year *y = NULL;

	if (memchr(text, '\0', len) != NULL)
		return cal_error_set(err, name, 0, "file contains a NUL byte (not a text file?)");
	if (parse_text(name, text, len, known, 2, &y, err) < 0)
		return -1;
	cal_insert(&b->staged, y);
	return 0;
}

void
cal_batch_commit(struct cal_batch *b)
{
	cal_merge(b->cal, &b->staged);
	cal_batch_free(b);
}

void
cal_batch_free(struct cal_batch *b)
{
	if (b == NULL)
		return;
	cal_clear(&b->staged);
	free(b);
}

int
cal_load_string(struct calendar *cal, const char *name, const char *text,
                struct cal_error *err)
{
	struct cal_batch *b;

	if (text == NULL)
		return cal_error_set(err, name, 0, "no text");
	b = cal_batch_new(cal);
	if (cal_batch_add(b, name != NULL ? name : "(string)", text, strlen(text), err) < 0) {
		cal_batch_free(b);
		return -1;
	}
	cal_batch_commit(b);
	return 0;
}
