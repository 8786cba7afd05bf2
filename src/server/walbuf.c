/* walbuf.c - an SQLite VFS that writes a WAL commit with one pwrite()
 * (see walbuf.h for what it does and why it is safe). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <pthread.h>
#include <stdbool.h>
#include <string.h>

#include <sqlite3.h>

#include "wicket/server/walbuf.h"

#define WALBUF_START (128 * 1024)   /* the buffer's first size: a commit of 31 frames */
#define WALBUF_MAX (1024 * 1024)    /* at most: a bigger transaction is written in parts */
#define WALBUF_PIECE 0x1ffff        /* bytes one write of SQLite's own takes at most */

/* One open file: SQLite's own (real, just after this in the same block)
 * and, for a WAL file, the writes not yet made: len bytes at offset at. */
struct wb_file {
	sqlite3_file base;
	sqlite3_file *real;
	bool wal;
	unsigned char *buf;
	size_t len, cap;
	sqlite3_int64 at;
	/* A database and its WAL know each other: SQLite passes the barrier
	 * on the database's file (whose shared memory it is), and the WAL's
	 * writes must be made then.  name: the database's, as opened. */
	sqlite3_filename name;
	struct wb_file *wal_of, *db_of;   /* the database's WAL; the WAL's database */
	struct wb_file *next;             /* the open databases (wb_dbs) */
};

/* Where SQLite's own file starts in the block of one. */
#define WB_HEAD ((sizeof(struct wb_file) + 15) / 16 * 16)

static sqlite3_vfs wb_vfs;
static pthread_mutex_t wb_lock_dbs = PTHREAD_MUTEX_INITIALIZER;
static struct wb_file *wb_dbs;    /* the databases open on this VFS */

/* Make the writes held; returns SQLite's result code of the write (the
 * buffer is emptied either way: SQLite fails the transaction on it). */
static int wb_flush(struct wb_file *f)
{
	int rc = SQLITE_OK;
	/* In pieces: SQLite's unix VFS writes a length modulo 128 KiB (its
	 * seekAndWrite masks it with 0x1ffff), so 128 KiB would be nothing. */
	for (size_t done = 0, n; rc == SQLITE_OK && done < f->len; done += n) {
		n = f->len - done < WALBUF_PIECE ? f->len - done : WALBUF_PIECE;
		rc = f->real->pMethods->xWrite(f->real, f->buf + done, (int)n, f->at + (sqlite3_int64)done);
	}
	f->len = 0;
	return rc;
}

/* Room for n more bytes in f's buffer; false when memory ran out. */
static bool wb_room(struct wb_file *f, size_t n)
{
	if (f->len + n <= f->cap)
		return true;
	size_t cap = f->cap ? f->cap : WALBUF_START;
	while (cap < f->len + n)
		cap *= 2;
	unsigned char *buf = sqlite3_realloc64(f->buf, cap);
	if (!buf)
		return false;
	f->buf = buf;
	f->cap = cap;
	return true;
}

/* Link the WAL f to its database's file, or put the database f on the
 * list of open ones (under wb_lock_dbs). */
static void wb_link(struct wb_file *f)
{
	pthread_mutex_lock(&wb_lock_dbs);
	if (f->wal) {
		sqlite3_filename db = sqlite3_filename_database(f->name);
		for (struct wb_file *d = wb_dbs; d; d = d->next)
			if (d->name == db && !d->wal_of) {
				d->wal_of = f;
				f->db_of = d;
				break;
			}
	} else {
		f->next = wb_dbs;
		wb_dbs = f;
	}
	pthread_mutex_unlock(&wb_lock_dbs);
}

static void wb_unlink(struct wb_file *f)
{
	pthread_mutex_lock(&wb_lock_dbs);
	if (f->db_of)
		f->db_of->wal_of = NULL;
	if (f->wal_of)
		f->wal_of->db_of = NULL;
	for (struct wb_file **p = &wb_dbs; *p; p = &(*p)->next)
		if (*p == f) {
			*p = f->next;
			break;
		}
	pthread_mutex_unlock(&wb_lock_dbs);
}

static int wb_close(sqlite3_file *file)
{
	struct wb_file *f = (struct wb_file *)file;
	wb_unlink(f);
	int rc = wb_flush(f);
	int rc2 = f->real->pMethods->xClose(f->real);
	sqlite3_free(f->buf);
	f->buf = NULL;
	f->cap = 0;
	return rc != SQLITE_OK ? rc : rc2;
}

static int wb_read(sqlite3_file *file, void *out, int amt, sqlite3_int64 off)
{
	struct wb_file *f = (struct wb_file *)file;
	int rc = wb_flush(f);
	return rc != SQLITE_OK ? rc : f->real->pMethods->xRead(f->real, out, amt, off);
}

static int wb_write(sqlite3_file *file, const void *data, int amt, sqlite3_int64 off)
{
	struct wb_file *f = (struct wb_file *)file;
	if (!f->wal)
		return f->real->pMethods->xWrite(f->real, data, amt, off);
	bool follows = f->len && off == f->at + (sqlite3_int64)f->len;
	if (!follows || f->len + (size_t)amt > WALBUF_MAX) {
		int rc = wb_flush(f);
		if (rc != SQLITE_OK)
			return rc;
		f->at = off;
	}
	if ((size_t)amt > WALBUF_PIECE || !wb_room(f, (size_t)amt))
		return f->real->pMethods->xWrite(f->real, data, amt, off);   /* as SQLite would */
	memcpy(f->buf + f->len, data, (size_t)amt);
	f->len += (size_t)amt;
	return SQLITE_OK;
}

static int wb_truncate(sqlite3_file *file, sqlite3_int64 size)
{
	struct wb_file *f = (struct wb_file *)file;
	int rc = wb_flush(f);
	return rc != SQLITE_OK ? rc : f->real->pMethods->xTruncate(f->real, size);
}

static int wb_sync(sqlite3_file *file, int flags)
{
	struct wb_file *f = (struct wb_file *)file;
	int rc = wb_flush(f);
	return rc != SQLITE_OK ? rc : f->real->pMethods->xSync(f->real, flags);
}

static int wb_file_size(sqlite3_file *file, sqlite3_int64 *size)
{
	struct wb_file *f = (struct wb_file *)file;
	int rc = wb_flush(f);
	return rc != SQLITE_OK ? rc : f->real->pMethods->xFileSize(f->real, size);
}

static int wb_lock(sqlite3_file *file, int level)
{
	struct wb_file *f = (struct wb_file *)file;
	return f->real->pMethods->xLock(f->real, level);
}

static int wb_unlock(sqlite3_file *file, int level)
{
	struct wb_file *f = (struct wb_file *)file;
	return f->real->pMethods->xUnlock(f->real, level);
}

static int wb_check_reserved(sqlite3_file *file, int *out)
{
	struct wb_file *f = (struct wb_file *)file;
	return f->real->pMethods->xCheckReservedLock(f->real, out);
}

static int wb_file_control(sqlite3_file *file, int op, void *arg)
{
	struct wb_file *f = (struct wb_file *)file;
	int rc = wb_flush(f);
	return rc != SQLITE_OK ? rc : f->real->pMethods->xFileControl(f->real, op, arg);
}

static int wb_sector_size(sqlite3_file *file)
{
	struct wb_file *f = (struct wb_file *)file;
	return f->real->pMethods->xSectorSize(f->real);
}

static int wb_device(sqlite3_file *file)
{
	struct wb_file *f = (struct wb_file *)file;
	return f->real->pMethods->xDeviceCharacteristics(f->real);
}

static int wb_shm_map(sqlite3_file *file, int region, int size, int extend, void volatile **out)
{
	struct wb_file *f = (struct wb_file *)file;
	return f->real->pMethods->xShmMap(f->real, region, size, extend, out);
}

static int wb_shm_lock(sqlite3_file *file, int offset, int n, int flags)
{
	struct wb_file *f = (struct wb_file *)file;
	return f->real->pMethods->xShmLock(f->real, offset, n, flags);
}

/* SQLite passes the barrier (on the database's file) before the wal-index
 * header that makes new frames visible to other connections: they must
 * be in the WAL file by then.
 * (With synchronous=FULL, wicketd's, the sync before has written them, and
 * a failure there failed the commit; the barrier cannot report one.) */
static void wb_shm_barrier(sqlite3_file *file)
{
	struct wb_file *f = (struct wb_file *)file;
	/* The connection's own thread: its WAL is not used elsewhere now. */
	if (f->wal_of)
		(void)wb_flush(f->wal_of);
	f->real->pMethods->xShmBarrier(f->real);
}

static int wb_shm_unmap(sqlite3_file *file, int delete_flag)
{
	struct wb_file *f = (struct wb_file *)file;
	return f->real->pMethods->xShmUnmap(f->real, delete_flag);
}

static int wb_fetch(sqlite3_file *file, sqlite3_int64 off, int amt, void **out)
{
	struct wb_file *f = (struct wb_file *)file;
	int rc = wb_flush(f);
	return rc != SQLITE_OK ? rc : f->real->pMethods->xFetch(f->real, off, amt, out);
}

static int wb_unfetch(sqlite3_file *file, sqlite3_int64 off, void *p)
{
	struct wb_file *f = (struct wb_file *)file;
	return f->real->pMethods->xUnfetch(f->real, off, p);
}

static const sqlite3_io_methods wb_methods = {
	.iVersion = 3,
	.xClose = wb_close,
	.xRead = wb_read,
	.xWrite = wb_write,
	.xTruncate = wb_truncate,
	.xSync = wb_sync,
	.xFileSize = wb_file_size,
	.xLock = wb_lock,
	.xUnlock = wb_unlock,
	.xCheckReservedLock = wb_check_reserved,
	.xFileControl = wb_file_control,
	.xSectorSize = wb_sector_size,
	.xDeviceCharacteristics = wb_device,
	.xShmMap = wb_shm_map,
	.xShmLock = wb_shm_lock,
	.xShmBarrier = wb_shm_barrier,
	.xShmUnmap = wb_shm_unmap,
	.xFetch = wb_fetch,
	.xUnfetch = wb_unfetch,
};

static sqlite3_vfs *wb_orig(void)
{
	return wb_vfs.pAppData;
}

static int wb_open(sqlite3_vfs *vfs, sqlite3_filename name, sqlite3_file *file, int flags, int *out)
{
	(void)vfs;
	struct wb_file *f = (struct wb_file *)file;
	memset(f, 0, sizeof *f);
	f->real = (sqlite3_file *)((char *)f + WB_HEAD);
	f->wal = (flags & SQLITE_OPEN_WAL) != 0;
	f->name = name;
	int rc = wb_orig()->xOpen(wb_orig(), name, f->real, flags, out);
	/* SQLite closes a file whose methods are set, opened or not. */
	file->pMethods = f->real->pMethods ? &wb_methods : NULL;
	if (file->pMethods && name && (flags & (SQLITE_OPEN_WAL | SQLITE_OPEN_MAIN_DB)))
		wb_link(f);
	return rc;
}

/* The rest is SQLite's default VFS's, called as itself. */
static int wb_delete(sqlite3_vfs *vfs, const char *name, int sync_dir)
{
	(void)vfs;
	return wb_orig()->xDelete(wb_orig(), name, sync_dir);
}

static int wb_access(sqlite3_vfs *vfs, const char *name, int flags, int *out)
{
	(void)vfs;
	return wb_orig()->xAccess(wb_orig(), name, flags, out);
}

static int wb_full_pathname(sqlite3_vfs *vfs, const char *name, int n, char *out)
{
	(void)vfs;
	return wb_orig()->xFullPathname(wb_orig(), name, n, out);
}

static void *wb_dl_open(sqlite3_vfs *vfs, const char *name)
{
	(void)vfs;
	return wb_orig()->xDlOpen(wb_orig(), name);
}

static void wb_dl_error(sqlite3_vfs *vfs, int n, char *out)
{
	(void)vfs;
	wb_orig()->xDlError(wb_orig(), n, out);
}

static void (*wb_dl_sym(sqlite3_vfs *vfs, void *lib, const char *sym))(void)
{
	(void)vfs;
	return wb_orig()->xDlSym(wb_orig(), lib, sym);
}

static void wb_dl_close(sqlite3_vfs *vfs, void *lib)
{
	(void)vfs;
	wb_orig()->xDlClose(wb_orig(), lib);
}

static int wb_randomness(sqlite3_vfs *vfs, int n, char *out)
{
	(void)vfs;
	return wb_orig()->xRandomness(wb_orig(), n, out);
}

static int wb_sleep(sqlite3_vfs *vfs, int us)
{
	(void)vfs;
	return wb_orig()->xSleep(wb_orig(), us);
}

static int wb_current_time(sqlite3_vfs *vfs, double *out)
{
	(void)vfs;
	return wb_orig()->xCurrentTime(wb_orig(), out);
}

static int wb_last_error(sqlite3_vfs *vfs, int n, char *out)
{
	(void)vfs;
	return wb_orig()->xGetLastError ? wb_orig()->xGetLastError(wb_orig(), n, out) : 0;
}

static int wb_current_time64(sqlite3_vfs *vfs, sqlite3_int64 *out)
{
	(void)vfs;
	if (wb_orig()->iVersion >= 2 && wb_orig()->xCurrentTimeInt64)
		return wb_orig()->xCurrentTimeInt64(wb_orig(), out);
	double now;
	int rc = wb_orig()->xCurrentTime(wb_orig(), &now);
	*out = (sqlite3_int64)(now * 86400000.0);
	return rc;
}

static int wb_rc = SQLITE_ERROR;

static void wb_register_once(void)
{
	sqlite3_vfs *orig = sqlite3_vfs_find(NULL);
	if (!orig || orig->iVersion < 1)
		return;
	wb_vfs = (sqlite3_vfs){
		.iVersion = 2,
		/* Its own file, then SQLite's just after (rounded for alignment). */
		.szOsFile = (int)WB_HEAD + orig->szOsFile,
		.mxPathname = orig->mxPathname,
		.zName = WALBUF_VFS,
		.pAppData = orig,
		.xOpen = wb_open,
		.xDelete = wb_delete,
		.xAccess = wb_access,
		.xFullPathname = wb_full_pathname,
		.xDlOpen = wb_dl_open,
		.xDlError = wb_dl_error,
		.xDlSym = wb_dl_sym,
		.xDlClose = wb_dl_close,
		.xRandomness = wb_randomness,
		.xSleep = wb_sleep,
		.xCurrentTime = wb_current_time,
		.xGetLastError = wb_last_error,
		.xCurrentTimeInt64 = wb_current_time64,
	};
	wb_rc = sqlite3_vfs_register(&wb_vfs, 0);
}

int walbuf_register(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, wb_register_once);
	return wb_rc;
}
