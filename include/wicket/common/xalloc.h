/* xalloc.h - allocation that never returns NULL.
 *
 * Every function here either succeeds or aborts the process with a message on
 * stderr: out of memory is not a condition wicket tries to survive, and not
 * having to check for NULL keeps every caller short.  The caller owns what is
 * returned and releases it with free(). */
#ifndef WICKET_XALLOC_H
#define WICKET_XALLOC_H

#include <stddef.h>

/* malloc(n), never NULL; n == 0 is treated as 1. */
void *xmalloc(size_t n);
/* calloc(nmemb, size) with overflow check, never NULL. */
void *xcalloc(size_t nmemb, size_t size);
/* realloc(p, n), never NULL; n == 0 is treated as 1. */
void *xrealloc(void *p, size_t n);
/* realloc(p, nmemb * size) with overflow check, never NULL. */
void *xreallocarray(void *p, size_t nmemb, size_t size);
/* strdup(s), never NULL; xstrdup(NULL) returns NULL. */
char *xstrdup(const char *s);
/* strndup(s, n), never NULL. */
char *xstrndup(const char *s, size_t n);
/* printf into a fresh string, never NULL. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Report that n bytes could not be had and abort, exactly as the functions
 * above do; for callers whose own size arithmetic overflowed (n = SIZE_MAX). */
void xalloc_die(size_t n) __attribute__((noreturn));

#endif
