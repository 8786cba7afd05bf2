/* calendar.c - the working-day calendar: loading the yearly holiday files and
 * counting working days.
 *
 * Storage: one struct cal_year per covered year, kept in an array sorted by
 * year.  Each holds its special days (holidays and make-up workdays) as an
 * array sorted by date, and a 366-slot table from day-of-year to the index of
 * the special day (+1, 0 for an ordinary day), so classifying a day is a
 * binary search over the few covered years and one table look-up.  Counting
 * the working days of a long range does not walk it day by day: it counts
 * Mondays..Fridays arithmetically and corrects for the special days inside.
 *
 * Loading parses a file into a fresh struct cal_year and only inserts it once
 * the whole file has been accepted, so a bad file never changes a calendar. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wicket/core/calendar.h"
#include "wicket/common/utf8.h"
#include "wicket/common/xalloc.h"

/* Longest name of a holiday, in bytes. */
#define CAL_NAME_MAX 120
/* Largest calendar file accepted, in bytes. */
#define CAL_FILE_MAX (1024 * 1024)
/* How much of an offending token an error message quotes, in bytes. */
#define CAL_QUOTE_MAX 40

struct cal_entry {
	date_t date;
	enum cal_day_kind kind;   /* CAL_HOLIDAY or CAL_MAKEUP_WORKDAY */
	int line;                 /* where it was defined, for duplicate errors */
	char *name;
};

struct cal_year {
	int year;
	date_t first, last;       /* 1 January and 31 December */
	char *source;             /* file it was loaded from */
	struct cal_entry *entries; /* sorted by date */
	size_t nentries;
	uint16_t slot[366];       /* day of year -> entry index + 1, or 0 */
};

struct calendar {
	struct cal_year **years;  /* sorted by year, no duplicates */
	size_t nyears;
};

/* ------------------------------------------------------------------ */
/* Construction and storage                                            */

struct calendar *
cal_new(void)
{
	return xcalloc(1, sizeof(struct calendar));
}

static void
year_free(struct cal_year *y)
{
	if (y == NULL)
		return;
	for (size_t i = 0; i < y->nentries; i++)
		free(y->entries[i].name);
	free(y->entries);
	free(y->source);
	free(y);
}

/* Free every year of cal, leaving it empty. */
static void
cal_clear(struct calendar *cal)
{
	for (size_t i = 0; i < cal->nyears; i++)
		year_free(cal->years[i]);
	free(cal->years);
	cal->years = NULL;
	cal->nyears = 0;
}

void
cal_free(struct calendar *cal)
{
	if (cal == NULL)
		return;
	cal_clear(cal);
	free(cal);
}

/* The covered year that contains day d, or NULL. */
static const struct cal_year *
year_of_day(const struct calendar *cal, date_t d)
{
	size_t lo = 0, hi;

	if (cal == NULL)
		return NULL;
	hi = cal->nyears;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct cal_year *y = cal->years[mid];

		if (d < y->first)
			hi = mid;
		else if (d > y->last)
			lo = mid + 1;
		else
			return y;
	}
	return NULL;
}

/* Index at which year would be inserted into cal->years; *found tells
 * whether it is already there. */
static size_t
year_index(const struct calendar *cal, int year, bool *found)
{
	size_t lo = 0, hi = cal->nyears;

	*found = false;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int y = cal->years[mid]->year;

		if (year < y) {
			hi = mid;
		} else if (year > y) {
			lo = mid + 1;
		} else {
			*found = true;
			return mid;
		}
	}
	return lo;
}

static const struct cal_year *
year_find(const struct calendar *cal, int year)
{
	bool found;
	size_t i;

	if (cal == NULL)
		return NULL;
	i = year_index(cal, year, &found);
	return found ? cal->years[i] : NULL;
}

/* Insert y (which must not be covered yet) into cal, which takes it over. */
static void
cal_insert(struct calendar *cal, struct cal_year *y)
{
	bool found;
	size_t i = year_index(cal, y->year, &found);

	cal->years = xreallocarray(cal->years, cal->nyears + 1, sizeof(*cal->years));
	memmove(cal->years + i + 1, cal->years + i,
	        (cal->nyears - i) * sizeof(*cal->years));
	cal->years[i] = y;
	cal->nyears++;
}

/* Move every year of src into dst, leaving src empty. */
static void
cal_merge(struct calendar *dst, struct calendar *src)
{
	for (size_t i = 0; i < src->nyears; i++)
		cal_insert(dst, src->years[i]);
	free(src->years);
	src->years = NULL;
	src->nyears = 0;
}

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

/* Fill err with file, line and a formatted message; always returns -1. */
static int __attribute__((format(printf, 4, 5)))
set_error(struct cal_error *err, const char *file, int line, const char *fmt, ...)
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

#define PERR(p, ...) set_error((p)->err, (p)->file, (p)->line, __VA_ARGS__)

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
		const struct cal_year *y = year_find(p->known[i], year);

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
			year_free(p.year);
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

/* Parse and, on success, insert into into, or into cal when into is NULL.
 * Years already in cal or into are refused. */
static int
load_text(struct calendar *cal, struct calendar *into, const char *file,
          const char *text, size_t len, struct cal_error *err)
{
	const struct calendar *known[2] = { cal, into };
	struct cal_year *y = NULL;

	if (memchr(text, '\0', len) != NULL)
		return set_error(err, file, 0, "file contains a NUL byte (not a text file?)");
	if (parse_text(file, text, len, known, into != NULL ? 2 : 1, &y, err) < 0)
		return -1;
	cal_insert(into != NULL ? into : cal, y);
	return 0;
}

int
cal_load_string(struct calendar *cal, const char *name, const char *text,
                struct cal_error *err)
{
	if (text == NULL)
		return set_error(err, name, 0, "no text");
	return load_text(cal, NULL, name != NULL ? name : "(string)", text,
	                 strlen(text), err);
}

/* Read all of path into a malloc'd buffer (NUL-terminated).  Returns its
 * length, or -1 with err filled. */
static long
read_file(const char *path, char **out, struct cal_error *err)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	size_t len;

	if (f == NULL)
		return set_error(err, path, 0, "cannot open: %s", strerror(errno));
	buf = xmalloc(CAL_FILE_MAX + 1);
	len = fread(buf, 1, CAL_FILE_MAX + 1, f);
	if (ferror(f)) {
		int e = errno;

		fclose(f);
		free(buf);
		return set_error(err, path, 0, "cannot read: %s", strerror(e));
	}
	fclose(f);
	if (len > CAL_FILE_MAX) {
		free(buf);
		return set_error(err, path, 0, "file is larger than %d bytes", CAL_FILE_MAX);
	}
	buf[len] = '\0';
	*out = buf;
	return (long)len;
}

/* Load path into cal (or into into when not NULL; see load_text). */
static int
load_path(struct calendar *cal, struct calendar *into, const char *path,
          struct cal_error *err)
{
	char *text = NULL;
	long len = read_file(path, &text, err);
	int rc;

	if (len < 0)
		return -1;
	rc = load_text(cal, into, path, text, (size_t)len, err);
	free(text);
	return rc;
}

int
cal_load_file(struct calendar *cal, const char *path, struct cal_error *err)
{
	return load_path(cal, NULL, path, err);
}

static bool
is_calendar_name(const char *name)
{
	size_t n = strlen(name);

	return name[0] != '.' && n > 4 && strcmp(name + n - 4, ".txt") == 0;
}

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names of the calendar files in dir, sorted, in *out (caller frees each
 * and the array).  Returns how many, or -1 with err filled. */
static long
list_dir(const char *dir, char ***out, struct cal_error *err)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char **names = NULL;
	size_t n = 0;

	if (d == NULL)
		return set_error(err, dir, 0, "cannot open directory: %s", strerror(errno));
	while ((de = readdir(d)) != NULL) {
		if (!is_calendar_name(de->d_name))
			continue;
		names = xreallocarray(names, n + 1, sizeof(*names));
		names[n++] = xstrdup(de->d_name);
	}
	closedir(d);
	if (n > 0)
		qsort(names, n, sizeof(*names), name_cmp);
	*out = names;
	return (long)n;
}

int
cal_load_dir(struct calendar *cal, const char *dir, struct cal_error *err)
{
	struct calendar tmp = { NULL, 0 };
	char **names = NULL;
	long n = list_dir(dir, &names, err);
	int rc = 0;

	if (n < 0)
		return -1;
	if (n == 0)
		rc = set_error(err, dir, 0, "no *.txt calendar files in the directory");
	for (long i = 0; i < n; i++) {
		char *path = xasprintf("%s/%s", dir, names[i]);

		if (rc == 0)
			rc = load_path(cal, &tmp, path, err);
		free(path);
		free(names[i]);
	}
	free(names);
	if (rc == 0)
		cal_merge(cal, &tmp);
	cal_clear(&tmp);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Queries                                                             */

bool
cal_covers_year(const struct calendar *cal, int year)
{
	return year_find(cal, year) != NULL;
}

size_t
cal_year_count(const struct calendar *cal)
{
	return cal != NULL ? cal->nyears : 0;
}

int
cal_year_at(const struct calendar *cal, size_t i)
{
	return (cal != NULL && i < cal->nyears) ? cal->years[i]->year : 0;
}

/* The entry for d in year y (which contains d), or NULL. */
static const struct cal_entry *
year_entry(const struct cal_year *y, date_t d)
{
	uint16_t slot = y->slot[d - y->first];

	return slot != 0 ? &y->entries[slot - 1] : NULL;
}

enum cal_day_kind
cal_classify(const struct calendar *cal, date_t d, bool *provisional)
{
	const struct cal_year *y = year_of_day(cal, d);
	const struct cal_entry *e = y != NULL ? year_entry(y, d) : NULL;

	if (provisional != NULL)
		*provisional = (y == NULL);
	if (e != NULL)
		return e->kind;
	return date_is_weekend(d) ? CAL_WEEKEND : CAL_WORKDAY;
}

bool
cal_is_workday(const struct calendar *cal, date_t d, bool *provisional)
{
	enum cal_day_kind k = cal_classify(cal, d, provisional);

	return k == CAL_WORKDAY || k == CAL_MAKEUP_WORKDAY;
}

const char *
cal_day_name(const struct calendar *cal, date_t d)
{
	const struct cal_year *y = year_of_day(cal, d);
	const struct cal_entry *e = y != NULL ? year_entry(y, d) : NULL;

	return e != NULL ? e->name : NULL;
}

/* Mondays..Fridays in [a, b]; a <= b. */
static int64_t
count_weekdays(int64_t a, int64_t b)
{
	int64_t n = b - a + 1;
	int64_t count = n / 7 * 5;
	int wd = date_weekday((date_t)a);

	for (int64_t i = 0; i < n % 7; i++)
		if ((wd + i) % 7 < DATE_SATURDAY)
			count++;
	return count;
}

/* Working days in [a, b] (a <= b, both valid dates).  Sets *provisional when
 * the range reaches into a year that is not covered; never clears it. */
static int64_t
count_workdays(const struct calendar *cal, date_t a, date_t b, bool *provisional)
{
	int64_t count = count_weekdays(a, b);
	int ya = date_year(a), yb = date_year(b);
	int covered = 0;

	for (size_t i = 0; cal != NULL && i < cal->nyears; i++) {
		const struct cal_year *y = cal->years[i];

		if (y->year < ya || y->year > yb)
			continue;
		covered++;
		for (size_t j = 0; j < y->nentries; j++) {
			const struct cal_entry *e = &y->entries[j];

			if (e->date < a || e->date > b)
				continue;
			if (e->kind == CAL_MAKEUP_WORKDAY)
				count++;          /* always a weekend: checked on load */
			else if (!date_is_weekend(e->date))
				count--;          /* a holiday on a weekday */
		}
	}
	if (covered < yb - ya + 1)
		*provisional = true;
	return count;
}

/* Check the suspensions: -1 if one ends before it starts, or if one is open
 * and open ones are not allowed. */
static int
check_spans(const struct cal_span *s, size_t n, bool allow_open)
{
	if (n > 0 && s == NULL)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (s[i].open ? !allow_open : s[i].end < s[i].start)
			return -1;
	}
	return 0;
}

/* An open suspension, as far as counting goes, never ends. */
#define SPAN_FOREVER INT64_MAX

static int64_t
span_end(const struct cal_span *s)
{
	return s->open ? SPAN_FOREVER : s->end;
}

/* The first day >= d that no suspension covers (SPAN_FOREVER if an open one
 * covers it).  Loops because suspensions may overlap in any order. */
static int64_t
skip_suspended(const struct cal_span *s, size_t n, int64_t d)
{
	bool moved = true;

	while (moved && d != SPAN_FOREVER) {
		moved = false;
		for (size_t i = 0; i < n; i++) {
			if (s[i].start <= d && d <= span_end(&s[i])) {
				d = span_end(&s[i]) == SPAN_FOREVER ? SPAN_FOREVER
				                                    : span_end(&s[i]) + 1;
				moved = true;
			}
		}
	}
	return d;
}

/* The first day > d on which a suspension starts, or SPAN_FOREVER. */
static int64_t
next_suspension(const struct cal_span *s, size_t n, int64_t d)
{
	int64_t next = SPAN_FOREVER;

	for (size_t i = 0; i < n; i++)
		if (s[i].start > d && s[i].start < next)
			next = s[i].start;
	return next;
}

int
cal_due(const struct calendar *cal, date_t accepted, int working_days,
        const struct cal_span *susp, size_t nsusp, date_t *due, bool *provisional)
{
	bool prov = false;
	int counted = 0;
	int64_t d;

	if (working_days < 0 || working_days > CAL_MAX_WORKING_DAYS)
		return -1;
	if (!date_valid(accepted) || check_spans(susp, nsusp, false) < 0)
		return -1;
	if (working_days == 0) {
		*due = accepted;
		*provisional = false;
		return 0;
	}
	for (d = (int64_t)accepted + 1; ; ) {
		int64_t seg_end;

		d = skip_suspended(susp, nsusp, d);
		if (d > DATE_MAX)
			return -1;
		seg_end = next_suspension(susp, nsusp, d) - 1;
		for (; d <= seg_end && d <= DATE_MAX; d++) {
			bool p, work = cal_is_workday(cal, (date_t)d, &p);

			prov |= p;
			if (!work)
				continue;
			if (++counted == working_days) {
				*due = (date_t)d;
				*provisional = prov;
				return 0;
			}
		}
	}
}

int
cal_working_days_between(const struct calendar *cal, date_t from_exclusive,
                         date_t to_inclusive, const struct cal_span *susp,
                         size_t nsusp, int *count, bool *provisional)
{
	bool prov = false;
	int64_t total = 0, d;

	if (!date_valid(from_exclusive) || !date_valid(to_inclusive))
		return -1;
	if (check_spans(susp, nsusp, true) < 0)
		return -1;
	for (d = (int64_t)from_exclusive + 1; d <= to_inclusive; ) {
		int64_t seg_end;

		d = skip_suspended(susp, nsusp, d);
		if (d > to_inclusive)
			break;
		seg_end = next_suspension(susp, nsusp, d) - 1;
		if (seg_end > to_inclusive)
			seg_end = to_inclusive;
		total += count_workdays(cal, (date_t)d, (date_t)seg_end, &prov);
		d = seg_end + 1;
	}
	*count = (int)total;
	*provisional = prov;
	return 0;
}

static date_t
clamp_date(date_t d, bool *clamped)
{
	if (d < DATE_MIN) {
		*clamped = true;
		return DATE_MIN;
	}
	if (d > DATE_MAX) {
		*clamped = true;
		return DATE_MAX;
	}
	return d;
}

int
cal_working_days_left(const struct calendar *cal, date_t today, date_t due,
                      bool *provisional)
{
	bool prov = false;
	int left = 0;

	today = clamp_date(today, &prov);
	due = clamp_date(due, &prov);
	if (due > today)
		left = (int)count_workdays(cal, today + 1, due, &prov);
	else if (due < today)
		left = -(int)count_workdays(cal, due + 1, today, &prov);
	if (provisional != NULL)
		*provisional = prov;
	return left;
}
