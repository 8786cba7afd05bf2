/* buf.h - a growable byte buffer, always NUL-terminated.
 *
 * A struct buf is a value the caller owns: initialise it with BUF_INIT or
 * buf_init(), append to it, and release it with buf_free() or take its
 * storage with buf_steal().  Appending never fails (see xalloc.h). */
#ifndef WICKET_BUF_H
#define WICKET_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char *data;   /* NUL-terminated when cap > 0; NULL when empty and new */
	size_t len;   /* bytes in use, not counting the terminator */
	size_t cap;   /* bytes allocated */
};

#define BUF_INIT { NULL, 0, 0 }

/* Make b empty, owning nothing. */
void buf_init(struct buf *b);
/* Release b's storage; b is empty afterwards and may be reused. */
void buf_free(struct buf *b);
/* Drop the contents but keep the storage. */
void buf_reset(struct buf *b);
/* Make sure at least extra more bytes (plus the NUL) fit without growing. */
void buf_reserve(struct buf *b, size_t extra);
/* Append n bytes from p. */
void buf_add(struct buf *b, const void *p, size_t n);
/* Append the NUL-terminated string s. */
void buf_adds(struct buf *b, const char *s);
/* Append one byte. */
void buf_addc(struct buf *b, char c);
/* Append printf-formatted text. */
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(struct buf *b, const char *fmt, va_list ap);
/* Return the contents as a NUL-terminated string ("" when empty); b stays valid. */
const char *buf_str(const struct buf *b);
/* Return the storage as a malloc'd string the caller owns, and empty b. */
char *buf_steal(struct buf *b);
/* Append the contents of the file at path, at most max bytes (a larger file
 * is an error).  Returns 0; BUF_READ_OPEN (-1) when the file cannot be
 * opened, or BUF_READ_FAILED (-2) when it cannot be read or is larger than
 * max, with errno set (EFBIG when too large).  b keeps what it had before
 * on error. */
#define BUF_READ_OPEN (-1)
#define BUF_READ_FAILED (-2)
int buf_read_file(struct buf *b, const char *path, size_t max);

#endif
