/* walbuf.h - an SQLite VFS that writes a WAL commit with one pwrite().
 *
 * SQLite writes each frame of a commit to the WAL with two system calls,
 * its 24-byte header and then its page: a clerk's call (16 pages) made 32
 * before its one fdatasync.  The VFS named WALBUF_VFS, over SQLite's
 * default one, keeps the writes to a WAL file in a buffer while each one
 * follows the last, and writes the buffer at once before anything can see
 * or need the file: SQLite's sync of it, a read of it, its size asked or
 * changed, a write elsewhere in it, its close, and the shared-memory
 * barrier SQLite passes before it publishes new frames to other
 * connections (so it holds with any synchronous setting).  What SQLite has
 * synced is on the disk, as without it; every other file is passed
 * through untouched. */
#ifndef WICKET_SERVER_WALBUF_H
#define WICKET_SERVER_WALBUF_H

#define WALBUF_VFS "wicket-walbuf"

/* Register the VFS (not as the default); idempotent, thread-safe.  Returns
 * SQLite's result code: SQLITE_OK, or an error when there is no default
 * VFS to stand on (then open with the default one). */
int walbuf_register(void);

#endif
