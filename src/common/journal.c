#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "wicket/common/buf.h"
#include "wicket/common/journal.h"
#include "wicket/common/xalloc.h"

#define JOURNAL_MAX_FILE (64u * 1024 * 1024)
#define JOURNAL_FIELDS 10

struct journal {
	char *path;
	int fd;
	off_t size;                 /* bytes in the file, all whole lines */
	struct journal_entry *e;    /* live records, in seq order */
	size_t n, cap;
	uint64_t next_seq;
	/* Answered records' D lines not yet written (journal_flush): the
	 * screen is drawn before they are, and they are never synced. */
	struct buf later;
	bool unsynced;              /* an A line written, its fdatasync owed (journal_sync) */
};

/* CRC-32 (IEEE), bit by bit: the lines are short and written rarely. */
static uint32_t journal_crc(const char *p, size_t n)
{
	uint32_t crc = 0xFFFFFFFFu;
	for (size_t i = 0; i < n; i++) {
		crc ^= (unsigned char)p[i];
		for (int k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
	}
	return ~crc;
}

static void journal_entry_free(struct journal_entry *e)
{
	free(e->key);
	free(e->action);
	free(e->method);
	free(e->path);
	free(e->label);
	free(e->body);
	free(e->message);
	memset(e, 0, sizeof *e);
}

static struct journal_entry *journal_find_mut(struct journal *j, uint64_t seq)
{
	for (size_t i = 0; i < j->n; i++)
		if (j->e[i].seq == seq)
			return &j->e[i];
	return NULL;
}

static void journal_remove(struct journal *j, struct journal_entry *e)
{
	size_t i = (size_t)(e - j->e);
	journal_entry_free(e);
	memmove(&j->e[i], &j->e[i + 1], (j->n - i - 1) * sizeof *j->e);
	j->n--;
}

/* ---- writing ---- */

static bool journal_field_ok(const char *s)
{
	return !s || !strpbrk(s, "\t\n\r");
}

/* Line's CRC and line break, appended to it. */
static void journal_seal(struct buf *line)
{
	char crc[16];
	snprintf(crc, sizeof crc, "\t%08" PRIx32 "\n", journal_crc(line->data, line->len));
	buf_adds(line, crc);
}

/* Append whole lines (sealed) to the file, and sync them when sync says
 * so.  On a failure the file is cut back, so that a half-written line
 * cannot glue itself to the next record. */
static int journal_append(struct journal *j, const struct buf *line, bool sync)
{
	const char *p = line->data;
	size_t left = line->len;
	while (left > 0) {
		ssize_t w = write(j->fd, p, left);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			int saved = errno;
			if (ftruncate(j->fd, j->size) != 0) {
				/* Nothing more can be done; the CRC will tell on open. */
			}
			errno = saved ? saved : EIO;
			return -1;
		}
		p += w;
		left -= (size_t)w;
	}
	if (sync && fdatasync(j->fd) != 0)
		return -1;
	j->size += (off_t)line->len;
	return 0;
}

/* Append the record text (without CRC) as one line and sync it. */
static int journal_write(struct journal *j, struct buf *line)
{
	journal_seal(line);
	return journal_append(j, line, true);
}

static void journal_format_add(struct buf *b, const struct journal_entry *e)
{
	buf_printf(b, "A\t%" PRIu64 "\t%" PRId64 "\t%s\t%s\t%s\t%s\t%s\t%s", e->seq, e->at,
		   e->key, e->action, e->method, e->path, e->label ? e->label : "",
		   e->body ? e->body : "");
}

static void journal_format_conflict(struct buf *b, const struct journal_entry *e)
{
	buf_printf(b, "C\t%" PRIu64 "\t%ld\t%s", e->seq, e->status, e->message ? e->message : "");
}

static int journal_write_fmt(struct journal *j, void (*fmt)(struct buf *, const struct journal_entry *),
			     const struct journal_entry *e)
{
	struct buf b = BUF_INIT;
	fmt(&b, e);
	int rc = journal_write(j, &b);
	buf_free(&b);
	return rc;
}

int journal_sync(struct journal *j)
{
	if (!j->unsynced)
		return 0;
	if (fdatasync(j->fd) != 0)
		return -1;
	j->unsynced = false;
	return 0;
}

/* The clerk has seen refusal seq ("R"). */
static int journal_write_seen(struct journal *j, uint64_t seq)
{
	struct buf b = BUF_INIT;
	buf_printf(&b, "R\t%" PRIu64, seq);
	int rc = journal_write(j, &b);
	buf_free(&b);
	return rc;
}

/* Nothing live: start the file afresh (synced when sync says so: a cut
 * lost in a crash leaves answered records, which a replay sends again
 * under their keys, harmlessly). */
static int journal_empty(struct journal *j, bool sync)
{
	if (j->n > 0 || j->size == 0)
		return 0;
	if (ftruncate(j->fd, 0) != 0 || (sync && fdatasync(j->fd) != 0))
		return -1;
	j->size = 0;
	return 0;
}

/* ---- reading ---- */

/* Split line (modified in place) at tabs into f[]; returns the count. */
static int journal_split(char *line, char **f, int max)
{
	int n = 0;
	f[n++] = line;
	for (char *p = line; *p && n < max; p++)
		if (*p == '\t') {
			*p = '\0';
			f[n++] = p + 1;
		}
	return n;
}

static void journal_load_add(struct journal *j, char **f, int n)
{
	if (n != 9)
		return;
	if (j->n == j->cap) {
		j->cap = j->cap ? j->cap * 2 : 16;
		j->e = xreallocarray(j->e, j->cap, sizeof *j->e);
	}
	struct journal_entry *e = &j->e[j->n++];
	memset(e, 0, sizeof *e);
	e->seq = strtoull(f[1], NULL, 10);
	e->at = strtoll(f[2], NULL, 10);
	e->key = xstrdup(f[3]);
	e->action = xstrdup(f[4]);
	e->method = xstrdup(f[5]);
	e->path = xstrdup(f[6]);
	e->label = xstrdup(f[7]);
	e->body = f[8][0] ? xstrdup(f[8]) : NULL;
	if (e->seq >= j->next_seq)
		j->next_seq = e->seq + 1;
}

/* One checked line (CRC stripped): fold it into the live records. */
static void journal_load_line(struct journal *j, char *line)
{
	char *f[JOURNAL_FIELDS];
	int n = journal_split(line, f, JOURNAL_FIELDS);
	if (f[0][0] == 'A' && !f[0][1]) {
		journal_load_add(j, f, n);
		return;
	}
	if (n < 2)
		return;
	struct journal_entry *e = journal_find_mut(j, strtoull(f[1], NULL, 10));
	if (!e)
		return;
	if (strcmp(f[0], "D") == 0 || strcmp(f[0], "R") == 0) {
		journal_remove(j, e);
	} else if (strcmp(f[0], "C") == 0 && n == 4) {
		e->conflict = true;
		e->status = strtol(f[2], NULL, 10);
		free(e->message);
		e->message = xstrdup(f[3]);
	}
}

/* Every whole line whose CRC matches; a torn or damaged line is skipped. */
static void journal_load(struct journal *j, char *text, size_t len)
{
	char *p = text, *end = text + len;
	while (p < end) {
		char *nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			break;               /* torn by a crash: it was never sent */
		*nl = '\0';
		char *tab = strrchr(p, '\t');
		if (tab && strlen(tab + 1) == 8) {
			uint32_t want = (uint32_t)strtoul(tab + 1, NULL, 16);
			if (journal_crc(p, (size_t)(tab - p)) == want) {
				*tab = '\0';
				journal_load_line(j, p);
			}
		}
		p = nl + 1;
	}
}

/* Replace the file with only the live records: write a new one beside it,
 * sync, rename over, sync the directory. */
static int journal_rewrite(struct journal *j)
{
	char *tmp = xasprintf("%s.new", j->path);
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0600);
	if (fd < 0) {
		free(tmp);
		return -1;
	}
	int old = j->fd;
	off_t old_size = j->size;
	j->fd = fd;
	j->size = 0;
	int rc = 0;
	for (size_t i = 0; i < j->n && rc == 0; i++) {
		rc = journal_write_fmt(j, journal_format_add, &j->e[i]);
		if (rc == 0 && j->e[i].conflict)
			rc = journal_write_fmt(j, journal_format_conflict, &j->e[i]);
	}
	if (rc == 0 && rename(tmp, j->path) == 0) {
		char *dir = xstrdup(j->path), *slash = strrchr(dir, '/');
		if (slash)
			*slash = '\0';
		int dfd = open(slash ? dir : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (dfd >= 0) {
			fsync(dfd);
			close(dfd);
		}
		free(dir);
		close(old);
		free(tmp);
		return 0;
	}
	close(fd);
	unlink(tmp);
	free(tmp);
	j->fd = old;
	j->size = old_size;
	return -1;
}

/* ---- the interface ---- */

static int journal_mkdirs(const char *dir)
{
	char *p = xstrdup(dir);
	int rc = 0;
	for (char *s = p + 1; ; s++) {
		if (*s != '/' && *s != '\0')
			continue;
		char c = *s;
		*s = '\0';
		if (mkdir(p, 0700) != 0 && errno != EEXIST)
			rc = -1;
		*s = c;
		if (!c || rc)
			break;
	}
	free(p);
	return rc;
}

struct journal *journal_open(const char *dir, const char *name, char *err, size_t errlen)
{
	if (journal_mkdirs(dir) != 0) {
		snprintf(err, errlen, "%s: %s", dir, strerror(errno));
		return NULL;
	}
	char *file = xasprintf("journal-%s", name);
	for (char *p = file; *p; p++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._@-", *p))
			*p = '_';
	struct journal *j = xcalloc(1, sizeof *j);
	j->path = xasprintf("%s/%s", dir, file);
	free(file);
	j->next_seq = 1;
	j->fd = open(j->path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
	struct buf b = BUF_INIT;
	if (j->fd < 0 || buf_read_file(&b, j->path, JOURNAL_MAX_FILE) != 0) {
		snprintf(err, errlen, "%s: %s", j->path, strerror(errno));
		buf_free(&b);
		journal_close(j);
		return NULL;
	}
	size_t had = b.len;
	if (b.len)
		journal_load(j, b.data, b.len);
	buf_free(&b);
	j->size = (off_t)had;
	/* Start every run with a file of whole, live records only. */
	if (had > 0 && (j->n == 0 ? journal_empty(j, true) : journal_rewrite(j)) != 0) {
		snprintf(err, errlen, "%s: %s", j->path, strerror(errno));
		journal_close(j);
		return NULL;
	}
	return j;
}

void journal_close(struct journal *j)
{
	if (!j)
		return;
	if (j->fd >= 0) {
		(void)journal_sync(j);
		(void)journal_flush(j);
		close(j->fd);
	}
	buf_free(&j->later);
	for (size_t i = 0; i < j->n; i++)
		journal_entry_free(&j->e[i]);
	free(j->e);
	free(j->path);
	free(j);
}

const char *journal_path(const struct journal *j)
{
	return j->path;
}

uint64_t journal_add(struct journal *j, const struct journal_entry *in, char *err, size_t errlen)
{
	uint64_t seq = journal_add_unsynced(j, in, err, errlen);
	if (seq && journal_sync(j) != 0) {
		snprintf(err, errlen, "%s: %s", j->path, strerror(errno));
		journal_remove(j, journal_find_mut(j, seq));
		return 0;
	}
	return seq;
}

uint64_t journal_add_unsynced(struct journal *j, const struct journal_entry *in, char *err, size_t errlen)
{
	const char *fields[] = { in->key, in->action, in->method, in->path, in->label, in->body };
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
		if (!journal_field_ok(fields[i])) {
			snprintf(err, errlen, "a journal record cannot hold a tab or a line break");
			return 0;
		}
	if (!in->key || !in->action || !in->method || !in->path) {
		snprintf(err, errlen, "a journal record needs a key, an action, a method and a path");
		return 0;
	}
	/* The answers noted before this record go first (its sync covers them). */
	(void)journal_flush(j);
	struct journal_entry e = {
		.seq = j->next_seq, .at = (int64_t)time(NULL), .key = in->key, .action = in->action,
		.method = in->method, .path = in->path, .label = in->label, .body = in->body,
	};
	struct buf line = BUF_INIT;
	journal_format_add(&line, &e);
	journal_seal(&line);
	int rc = journal_append(j, &line, false);
	buf_free(&line);
	if (rc != 0) {
		snprintf(err, errlen, "%s: %s", j->path, strerror(errno));
		return 0;
	}
	j->unsynced = true;
	if (j->n == j->cap) {
		j->cap = j->cap ? j->cap * 2 : 16;
		j->e = xreallocarray(j->e, j->cap, sizeof *j->e);
	}
	struct journal_entry *s = &j->e[j->n++];
	*s = e;
	s->key = xstrdup(in->key);
	s->action = xstrdup(in->action);
	s->method = xstrdup(in->method);
	s->path = xstrdup(in->path);
	s->label = xstrdup(in->label ? in->label : "");
	s->body = in->body ? xstrdup(in->body) : NULL;
	return j->next_seq++;
}

int journal_done(struct journal *j, uint64_t seq, long status)
{
	struct journal_entry *e = journal_find_mut(j, seq);
	if (!e)
		return -1;
	struct buf line = BUF_INIT;
	buf_printf(&line, "D\t%" PRIu64 "\t%ld", seq, status);
	journal_seal(&line);
	buf_add(&j->later, line.data, line.len);
	buf_free(&line);
	journal_remove(j, e);
	return 0;
}

int journal_flush(struct journal *j)
{
	int rc = 0;
	if (j->later.len) {
		rc = journal_append(j, &j->later, false);
		buf_reset(&j->later);
	}
	if (rc == 0)
		rc = journal_empty(j, false);
	return rc;
}

int journal_conflict(struct journal *j, uint64_t seq, long status, const char *message)
{
	struct journal_entry *e = journal_find_mut(j, seq);
	if (!e || journal_flush(j) != 0)
		return -1;
	char *m = xstrdup(message ? message : "");
	for (char *p = m; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = ' ';
	struct journal_entry c = { .seq = seq, .status = status, .message = m };
	if (journal_write_fmt(j, journal_format_conflict, &c) != 0) {
		free(m);
		return -1;
	}
	e->conflict = true;
	e->status = status;
	free(e->message);
	e->message = m;
	return 0;
}

/* Append one line to PATH.refused and sync it. */
static int journal_note_refused(struct journal *j, const struct journal_entry *e, const char *note)
{
	char *path = xasprintf("%s.refused", j->path);
	int fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
	free(path);
	if (fd < 0)
		return -1;
	char when[32];
	time_t at = (time_t)e->at;
	struct tm tm;
	localtime_r(&at, &tm);
	strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%S", &tm);
	struct buf b = BUF_INIT;
	buf_printf(&b, "%s\t%s\t%s\t%ld\t%s\t", when, e->action, e->label, e->status,
		   e->message ? e->message : "");
	for (const char *p = note ? note : ""; *p; p++)
		buf_addc(&b, (unsigned char)*p < 0x20 ? ' ' : *p);
	buf_addc(&b, '\n');
	ssize_t w = write(fd, b.data, b.len);
	int rc = w == (ssize_t)b.len && fdatasync(fd) == 0 ? 0 : -1;
	buf_free(&b);
	close(fd);
	return rc;
}

int journal_resolve(struct journal *j, uint64_t seq, const char *note)
{
	struct journal_entry *e = journal_find_mut(j, seq);
	if (!e || !e->conflict || journal_flush(j) != 0 || journal_note_refused(j, e, note) != 0 ||
	    journal_write_seen(j, seq) != 0)
		return -1;
	journal_remove(j, e);
	return journal_empty(j, true);
}

size_t journal_size(const struct journal *j)
{
	return j->n;
}

const struct journal_entry *journal_at(const struct journal *j, size_t i)
{
	return i < j->n ? &j->e[i] : NULL;
}

const struct journal_entry *journal_find(const struct journal *j, uint64_t seq)
{
	return journal_find_mut((struct journal *)j, seq);
}

size_t journal_count(const struct journal *j, bool conflicts)
{
	size_t n = 0;
	for (size_t i = 0; i < j->n; i++)
		n += j->e[i].conflict == conflicts;
	return n;
}
