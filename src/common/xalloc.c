#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wicket/common/xalloc.h"

/* Out of memory is not survivable (see xalloc.h): say so and stop.  abort()
 * rather than exit() so a core dump shows who asked for what. */
void
xalloc_die(size_t n)
{
	fprintf(stderr, "wicket: out of memory (%zu bytes)\n", n);
	abort();
}

/* nmemb * size, or xalloc_die() when the product does not fit in a size_t. */
static size_t
mul_or_die(size_t nmemb, size_t size)
{
	if (size != 0 && nmemb > SIZE_MAX / size)
		xalloc_die(SIZE_MAX);
	return nmemb * size;
}

void *
xmalloc(size_t n)
{
	void *p;

	if (n == 0)
		n = 1;
	p = malloc(n);
	if (p == NULL)
		xalloc_die(n);
	return p;
}

void *
xcalloc(size_t nmemb, size_t size)
{
	void *p;
	size_t n = mul_or_die(nmemb, size);

	/* calloc(0, x) may return NULL legitimately; ask for one byte instead. */
	if (n == 0)
		nmemb = size = 1;
	p = calloc(nmemb, size);
	if (p == NULL)
		xalloc_die(n);
	return p;
}

void *
xrealloc(void *p, size_t n)
{
	void *q;

	if (n == 0)
		n = 1;
	q = realloc(p, n);
	if (q == NULL)
		xalloc_die(n);
	return q;
}

void *
xreallocarray(void *p, size_t nmemb, size_t size)
{
	return xrealloc(p, mul_or_die(nmemb, size));
}

char *
xstrdup(const char *s)
{
	if (s == NULL)
		return NULL;
	return xstrndup(s, strlen(s));
}

char *
xstrndup(const char *s, size_t n)
{
	/* strnlen, not memchr: s may be shorter than n and end at its NUL. */
	size_t len = strnlen(s, n);
	char *p;

	if (len == SIZE_MAX)
		xalloc_die(SIZE_MAX);
	p = xmalloc(len + 1);
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

char *
xasprintf(const char *fmt, ...)
{
	va_list ap;
	int len;
	char *p;

	va_start(ap, fmt);
	len = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	/* Only a malformed format or a result over INT_MAX bytes fails here: a
	 * programming error that no caller could handle, like out of memory. */
	if (len < 0) {
		fprintf(stderr, "wicket: xasprintf: cannot format \"%s\"\n", fmt);
		abort();
	}
	p = xmalloc((size_t)len + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)len + 1, fmt, ap);
	va_end(ap);
	return p;
}
