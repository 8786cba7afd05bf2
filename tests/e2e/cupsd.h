/* cupsd.h - a private CUPS for the tests that print.
 *
 * cupsd is started by the test as the current user (as test_tls starts
 * its own nginx): its own configuration, spool, state and logs in a
 * directory of the test's, listening on a Unix socket there and nowhere
 * else.  A queue's device is file://DIR/out/NAME.pdf with the "Generic PDF
 * Printer" PPD of cups-filters: the job runs through CUPS' real filters
 * (pdftopdf) and the PDF lands in that file.  (cups-pdf's backend needs
 * root and writes where /etc/cups/cups-pdf.conf says: not a private queue.)
 * The client is pointed at it by CUPS_SERVER=DIR/cups.sock. */
#ifndef WICKET_TEST_CUPSD_H
#define WICKET_TEST_CUPSD_H

#include <stdbool.h>
#include <sys/types.h>

struct pcups {
	char dir[512];
	char sock[600];           /* what CUPS_SERVER is set to */
	pid_t pid;
};

/* Start cupsd in dir/cups (made).  The test fails unless it listens within
 * ten seconds (inotify sees its socket made; no sleeps). */
void pcups_start(struct pcups *c, const char *dir);
/* Add an enabled queue name that accepts jobs, writing to c->dir/out/NAME.pdf. */
void pcups_add_queue(struct pcups *c, const char *name);
/* Make queue name refuse jobs (cupsreject) with reason. */
void pcups_reject(struct pcups *c, const char *name, const char *reason);
/* Watch the queues' output (before the job is sent): an inotify descriptor
 * for pcups_wait_output, which closes it. */
int pcups_watch(struct pcups *c);
/* Wait (ten seconds at most) until queue name's job has been written out,
 * its file closed after writing, as watch (pcups_watch) saw.  Returns the
 * file's path (static). */
const char *pcups_wait_output(struct pcups *c, int watch, const char *name);
/* Stop cupsd and reap it. */
void pcups_stop(struct pcups *c);

#endif
