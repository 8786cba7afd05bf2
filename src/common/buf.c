#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdarg.h>
#include <stdint.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wicket/common/buf.h"
#include "wicket/common/xalloc.h"

/* First allocation: big enough for most lines, so short strings grow once. */
#define BUF_MIN_CAP 64

void
buf_init(struct buf *b)
{
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
}

void
buf_free(struct buf *b)
{
	free(b->data);
	buf_init(b);
}

void
buf_reset(struct buf *b)
{
	b->len = 0;
	if (b->data != NULL)
		b->data[0] = '\0';
}

void
buf_reserve(struct buf *b, size_t extra)
{
	size_t need, cap;

	/* len + extra + 1 for the terminator, without wrapping around. */
	if (extra > SIZE_MAX - 1 - b->len)
		xalloc_die(SIZE_MAX);
	need = b->len + extra + 1;
	if (need <= b->cap)
		return;
	/* Doubling keeps a run of appends amortised O(1). */
	cap = b->cap ? b->cap : BUF_MIN_CAP;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 ? need : cap * 2;
	b->data = xrealloc(b->data, cap);
	if (b->cap == 0)
		b->data[0] = '\0';
	b->cap = cap;
}

void
buf_add(struct buf *b, const void *p, size_t n)
{
	/* memcpy(x, NULL, 0) is undefined, and buf_add(b, NULL, 0) is harmless. */
	if (n == 0)
		return;
	buf_reserve(b, n);
	memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void
buf_adds(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void
buf_addc(struct buf *b, char c)
{
	buf_add(b, &c, 1);
}

void
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(b, fmt, ap);
	va_end(ap);
}

void
buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
	va_list ap2;
	int n;

	/* Try in the space already there; most calls need no second pass. */
	buf_reserve(b, 0);
	va_copy(ap2, ap);
	n = vsnprintf(b->data + b->len, b->cap - b->len, fmt, ap2);
	va_end(ap2);
	if (n < 0) {
		/* A bad format or more than INT_MAX bytes: a programming error,
		 * and appending cannot fail (buf.h), so stop as xasprintf does. */
		fprintf(stderr, "wicket: buf_printf: cannot format \"%s\"\n", fmt);
		abort();
	}
	if ((size_t)n >= b->cap - b->len) {
		buf_reserve(b, (size_t)n);
		vsnprintf(b->data + b->len, b->cap - b->len, fmt, ap);
	}
	b->len += (size_t)n;
}

const char *
buf_str(const struct buf *b)
{
	return b->data != NULL ? b->data : "";
}

char *
buf_steal(struct buf *b)
{
	char *s = b->data != NULL ? b->data : xstrdup("");

	buf_init(b);
	return s;
}

int buf_read_file(struct buf *b, const char *path, size_t max)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return BUF_READ_OPEN;
	size_t start = b->len;
	char chunk[8192];
	size_t n;
	int rc = 0;
	/* Keep the read's own errno (EISDIR for a folder, say), EIO if none. */
	errno = 0;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
		if (b->len - start + n > max) {
			errno = EFBIG;
			rc = BUF_READ_FAILED;
			break;
		}
		buf_add(b, chunk, n);
	}
	if (rc == 0 && ferror(f)) {
		if (errno == 0)
			errno = EIO;
		rc = BUF_READ_FAILED;
	}
	int e = errno;
	fclose(f);
	errno = e;
	if (rc) {
		b->len = start;
		if (b->data)
			b->data[start] = '\0';
	}
	return rc;
}
