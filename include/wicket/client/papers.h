/* papers.h - the applicant's papers made real: laid out as an A4 PDF
 * (paper_pdf.c), kept on disk with a plain-text copy, and printed through
 * CUPS (papers.c), all on a worker thread, so that the counter's one loop
 * never waits for a font, a disk or a printer.
 *
 * The loop hands a paper (wicket/model/paper.h, made on the loop's thread)
 * to papers_submit(); the worker writes and prints it, then calls the wake
 * function (net_wakeup: curl's poll, which the loop already waits in,
 * returns) and the loop takes the outcome with papers_done(). */
#ifndef WICKET_CLIENT_PAPERS_H
#define WICKET_CLIENT_PAPERS_H

#include <stdbool.h>
#include <stddef.h>

#include "wicket/model/paper.h"

/* Lay p out as an A4 PDF: its bytes into *out (malloc'd, the caller frees)
 * and *len.  Returns 0, or -1 with cairo's reason in err. */
int paper_pdf(const struct paper *p, char **out, size_t *len, char *err, size_t errlen);
/* Release what laying papers out keeps (the thread's font map, cairo's and
 * fontconfig's caches), for a clean exit: called by the thread that laid
 * them out, when no other thread lays any out. */
void paper_pdf_release(void);

/* Write p's copies into dir (made as needed; a drill's papers go to
 * dir/drills/CODE): KIND-NUMBER.pdf and KIND-NUMBER.txt (the text in the
 * locale's encoding, e.g. GB18030), never over an earlier file (-2, -3 ...
 * is added).  Returns 0 with the paths (malloc'd) in *pdf and *txt, or -1
 * with why in err (what was written stays). */
int papers_write(const struct paper *p, const char *dir, const char *drill, char **pdf, char **txt,
		 char *err, size_t errlen);

/* A finished job, for the loop. */
struct paper_done {
	enum paper_kind kind;
	char *number;             /* the case's */
	char *pdf, *txt;          /* the copies kept; NULL when they could not be written */
	bool print;               /* printing was asked */
	int job;                  /* the CUPS job's id: > 0 when it was queued */
	char *printer;            /* the queue it went to, or NULL when none was found */
	char *error;              /* what went wrong (sanitised, one line), or NULL */
};

struct papers;

/* Start the worker; wake(ud) is called from its thread each time a job is
 * done.  Returns the queue (papers_free releases it). */
struct papers *papers_new(void (*wake)(void *ud), void *ud);
/* Stop the worker once the job in hand is done (jobs not started are
 * dropped), and release everything. */
void papers_free(struct papers *q);
/* Queue p (taken over) to be written to dir (copied) and, when print,
 * printed on printer (NULL or "": the system's default). */
void papers_submit(struct papers *q, struct paper *p, const char *dir, const char *drill, bool print,
		   const char *printer);
/* The oldest finished job into *out (its strings the caller's: release
 * with paper_done_free); false when none is finished. */
bool papers_done(struct papers *q, struct paper_done *out);
void paper_done_free(struct paper_done *d);
/* Make directory dir and its parents (mode 0700) as needed.  Returns 0,
 * or -1 with errno set. */
int papers_mkdirs(const char *dir);

#endif
