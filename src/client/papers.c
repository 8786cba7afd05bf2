#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <cups/cups.h>
#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <langinfo.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app_int.h"
#include "wicket/client/app.h"
#include "wicket/client/papers.h"
#include "wicket/common/buf.h"
#include "wicket/common/i18n.h"
#include "wicket/common/utf8.h"
#include "wicket/common/xalloc.h"

/* The applicant's papers on disk and on the printer (papers.h): files that
 * are never written over, the text in the locale's encoding, and the worker
 * thread that writes and prints while the counter goes on. */

int papers_mkdirs(const char *dir)
{
	char *p = xstrdup(dir);
	for (char *s = p + 1; *s; s++)
		if (*s == '/') {
			*s = '\0';
			mkdir(p, 0700);
			*s = '/';
		}
	int rc = mkdir(p, 0700) == 0 || errno == EEXIST ? 0 : -1;
	free(p);
	return rc;
}

/* Create dir/name exclusively and write data to it; 0, or -1 with errno
 * set (EEXIST when it is there already: nothing of it is touched). */
static int notice_create(const char *path, const char *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		return -1;
	FILE *f = fdopen(fd, "w");
	if (!f) {
		int saved = errno;
		close(fd);
		unlink(path);
		errno = saved;
		return -1;
	}
	bool ok = fwrite(data, 1, len, f) == len;
	int saved = errno;
	if (fclose(f) != 0 && ok) {
		ok = false;
		saved = errno;
	}
	if (!ok) {
		unlink(path);
		errno = saved;
		return -1;
	}
	return 0;
}

char *app_write_file(const char *dir, const char *name, const char *data, size_t len)
{
	if (!dir || papers_mkdirs(dir))
		return NULL;
	/* A paper is never overwritten: name, then name-2.ext, name-3.ext... */
	const char *dot = strrchr(name, '.');
	int stem = dot && dot != name ? (int)(dot - name) : (int)strlen(name);
	for (int n = 1; n < 1000; n++) {
		char *path = n == 1 ? xasprintf("%s/%s", dir, name)
				    : xasprintf("%s/%.*s-%d%s", dir, stem, name, n, name + stem);
		if (notice_create(path, data, len) == 0)
			return path;
		int saved = errno;
		free(path);
		if (saved != EEXIST) {
			errno = saved;
			return NULL;
		}
	}
	errno = EEXIST;
	return NULL;
}

/* text (UTF-8) in the locale's encoding, into out; a character it cannot
 * hold is transliterated, or '?' (GB18030 holds them all). */
static void papers_encode(const char *text, struct buf *out)
{
	const char *cs = nl_langinfo(CODESET);
	char *to = cs && *cs && strcmp(cs, "UTF-8") != 0 ? xasprintf("%s//TRANSLIT", cs) : NULL;
	iconv_t cd = to ? iconv_open(to, "UTF-8") : (iconv_t)-1;
	free(to);
	if (cd == (iconv_t)-1) {
		/* UTF-8, or an encoding iconv does not know: the text as it is. */
		buf_adds(out, text);
		return;
	}
	char *in = (char *)text;
	size_t left = strlen(text);
	while (left > 0) {
		char chunk[1024], *o = chunk;
		size_t room = sizeof chunk;
		size_t n = iconv(cd, &in, &left, &o, &room);
		buf_add(out, chunk, sizeof chunk - room);
		if (n == (size_t)-1 && errno != E2BIG) {
			/* Not even transliterable: a '?' for it, and on. */
			buf_addc(out, '?');
			size_t skip = 1;
			while (skip < left && ((unsigned char)in[skip] & 0xC0) == 0x80)
				skip++;
			in += skip;
			left -= skip;
		}
	}
	iconv_close(cd);
}

int papers_write(const struct paper *p, const char *dir, const char *drill, char **pdf, char **txt,
		 char *err, size_t errlen)
{
	*pdf = *txt = NULL;
	/* The case number is the server's: keep only safe characters in a name. */
	char safe[64];
	size_t n = 0;
	for (const char *s = p->number; *s && n < sizeof safe - 1; s++)
		safe[n++] = (*s >= '0' && *s <= '9') || (*s >= 'A' && *s <= 'Z') ||
			    (*s >= 'a' && *s <= 'z') || *s == '-' ? *s : '_';
	safe[n] = '\0';
	/* A drill's case numbers restart at 0001: its papers have a folder of
	 * their own, so they can never be taken for, or collide with, the
	 * hall's. */
	char *sub = drill ? xasprintf("%s/drills/%s", dir, drill) : xstrdup(dir);
	char name[96];
	struct buf text = BUF_INIT;
	char *utf8 = paper_text(p);
	papers_encode(utf8, &text);
	free(utf8);
	snprintf(name, sizeof name, "%s-%s.txt", paper_stem(p->kind), safe);
	*txt = app_write_file(sub, name, buf_str(&text), text.len);
	buf_free(&text);
	char *bytes = NULL;
	size_t len = 0;
	int rc = *txt ? 0 : -1;
	if (rc)
		snprintf(err, errlen, "%s: %s", sub, strerror(errno));
	else if (paper_pdf(p, &bytes, &len, err, errlen) == 0) {
		snprintf(name, sizeof name, "%s-%s.pdf", paper_stem(p->kind), safe);
		*pdf = app_write_file(sub, name, bytes, len);
		if (!*pdf) {
			snprintf(err, errlen, "%s: %s", sub, strerror(errno));
			rc = -1;
		}
	} else {
		rc = -1;
	}
	free(bytes);
	free(sub);
	return rc;
}

/* ---- the worker ---- */

struct papers_job {
	struct paper paper;
	char *dir, *drill, *printer;
	bool print;
	struct papers_job *next;
};

struct papers_out {
	struct paper_done d;
	struct papers_out *next;
};

struct papers {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t more;
	bool stop;
	struct papers_job *jobs, **jobs_tail;
	struct papers_out *done, **done_tail;
	void (*wake)(void *ud);
	void *ud;
};

/* A message from outside (CUPS, the C library) fit for the screen: one line. */
static char *papers_clean(const char *s)
{
	char *t = utf8_sanitize(s && *s ? s : "?", false);
	/* The message is put into a sentence that ends it: its own full stop
	 * (".", or "。" from CUPS' Chinese catalogue) would be doubled. */
	size_t n = strlen(t);
	for (;;) {
		if (n > 0 && (t[n - 1] == '.' || t[n - 1] == ' '))
			n--;
		else if (n >= 3 && memcmp(t + n - 3, "\xe3\x80\x82", 3) == 0)
			n -= 3;
		else
			break;
	}
	t[n > 0 ? n : 1] = '\0';
	return t;
}

/* Print path on printer (NULL or "": the default) as title; the job's id
 * into d, or why not. */
static void papers_print(struct paper_done *d, const char *printer, const char *path, const char *title)
{
	const char *dest = printer && *printer ? printer : cupsGetDefault2(CUPS_HTTP_DEFAULT);
	if (!dest) {
		d->error = xstrdup(_("no printer set for this window, and no system default"));
		return;
	}
	d->printer = papers_clean(dest);
	int job = cupsPrintFile2(CUPS_HTTP_DEFAULT, dest, path, title, 0, NULL);
	if (job > 0)
		d->job = job;
	else
		d->error = papers_clean(cupsLastErrorString());
}

static void papers_run(struct papers *q, struct papers_job *j)
{
	struct papers_out *o = xcalloc(1, sizeof *o);
	char err[256] = "";
	o->d.kind = j->paper.kind;
	o->d.number = xstrdup(j->paper.number);
	o->d.print = j->print;
	if (papers_write(&j->paper, j->dir, j->drill, &o->d.pdf, &o->d.txt, err, sizeof err))
		o->d.error = papers_clean(err);
	else if (j->print) {
		char *title = xasprintf("%s %s", j->paper.title, j->paper.number);
		papers_print(&o->d, j->printer, o->d.pdf, title);
		free(title);
	}
	pthread_mutex_lock(&q->lock);
	*q->done_tail = o;
	q->done_tail = &o->next;
	pthread_mutex_unlock(&q->lock);
	q->wake(q->ud);
}

static void papers_job_free(struct papers_job *j)
{
	paper_free(&j->paper);
	free(j->dir);
	free(j->drill);
	free(j->printer);
	free(j);
}

static void *papers_thread(void *arg)
{
	struct papers *q = arg;
	pthread_mutex_lock(&q->lock);
	for (;;) {
		while (!q->jobs && !q->stop)
			pthread_cond_wait(&q->more, &q->lock);
		if (q->stop)
			break;
		struct papers_job *j = q->jobs;
		q->jobs = j->next;
		if (!q->jobs)
			q->jobs_tail = &q->jobs;
		pthread_mutex_unlock(&q->lock);
		papers_run(q, j);
		papers_job_free(j);
		pthread_mutex_lock(&q->lock);
	}
	pthread_mutex_unlock(&q->lock);
	/* The only thread that lays papers out: nothing is left for a leak
	 * checker to mistake (and the client is leaving). */
	paper_pdf_release();
	return NULL;
}

struct papers *papers_new(void (*wake)(void *ud), void *ud)
{
	struct papers *q = xcalloc(1, sizeof *q);
	pthread_mutex_init(&q->lock, NULL);
	pthread_cond_init(&q->more, NULL);
	q->jobs_tail = &q->jobs;
	q->done_tail = &q->done;
	q->wake = wake;
	q->ud = ud;
	if (pthread_create(&q->thread, NULL, papers_thread, q) != 0)
		abort();   /* as xalloc does when memory runs out: nothing sensible is left */
	return q;
}

void papers_free(struct papers *q)
{
	if (!q)
		return;
	pthread_mutex_lock(&q->lock);
	q->stop = true;
	pthread_cond_signal(&q->more);
	pthread_mutex_unlock(&q->lock);
	pthread_join(q->thread, NULL);
	while (q->jobs) {
		struct papers_job *j = q->jobs;
		q->jobs = j->next;
		papers_job_free(j);
	}
	struct paper_done d;
	while (papers_done(q, &d))
		paper_done_free(&d);
	pthread_mutex_destroy(&q->lock);
	pthread_cond_destroy(&q->more);
	free(q);
}

void papers_submit(struct papers *q, struct paper *p, const char *dir, const char *drill, bool print,
		   const char *printer)
{
	struct papers_job *j = xcalloc(1, sizeof *j);
	j->paper = *p;
	memset(p, 0, sizeof *p);
	j->dir = xstrdup(dir);
	j->drill = drill ? xstrdup(drill) : NULL;
	j->printer = printer ? xstrdup(printer) : NULL;
	j->print = print;
	pthread_mutex_lock(&q->lock);
	*q->jobs_tail = j;
	q->jobs_tail = &j->next;
	pthread_cond_signal(&q->more);
	pthread_mutex_unlock(&q->lock);
}

bool papers_done(struct papers *q, struct paper_done *out)
{
	pthread_mutex_lock(&q->lock);
	struct papers_out *o = q->done;
	if (o) {
		q->done = o->next;
		if (!q->done)
			q->done_tail = &q->done;
	}
	pthread_mutex_unlock(&q->lock);
	if (!o)
		return false;
	*out = o->d;
	free(o);
	return true;
}

void paper_done_free(struct paper_done *d)
{
	free(d->number);
	free(d->pdf);
	free(d->txt);
	free(d->printer);
	free(d->error);
	memset(d, 0, sizeof *d);
}

