/* journal.h - the clerk's durable outbox: every state-changing action is
 * written here (and fsync'd) before it is sent, and stays until the server
 * has answered it.
 *
 * The file is a text log of one record per line, each ending in a CRC-32
 * of the line, so a line torn by a crash or a power cut is recognised and
 * dropped (it was never sent: the record is synced before the send).
 *
 *   A seq at key action method path label body   an action, recorded
 *   D seq status                                 answered; settled
 *   C seq status message                         refused on replay (e.g. 409)
 *   R seq                                        the clerk has seen the refusal
 *
 * A/C/R lines are synced before the call returns; D lines are not (see
 * journal_done).
 *
 * A refused action is never dropped: when the clerk has seen it, a line
 * about it goes to the companion file PATH.refused, which is only appended.
 *
 * An action is pending from A until D or C; a refused one stays listed as a
 * conflict until R.  When nothing is pending or in conflict the file is
 * emptied; on open it is rewritten with only the live records.  No I/O
 * beyond the one file (and its directory); no knowledge of the API. */
#ifndef WICKET_JOURNAL_H
#define WICKET_JOURNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct journal_entry {
	uint64_t seq;             /* order of recording, from 1 */
	int64_t at;               /* seconds since the epoch, when recorded */
	char *key;                /* the Idempotency-Key it is sent with */
	char *action;             /* the action's name, e.g. "complete" */
	char *method;             /* "POST" */
	char *path;               /* "/api/v1/cases/12/complete" */
	char *label;              /* what it was about, for the clerk: "A023" */
	char *body;               /* JSON text, or NULL */
	bool conflict;            /* refused on replay, waiting for the clerk */
	long status;              /* the refusal's HTTP status */
	char *message;            /* the refusal's message */
};

struct journal;

/* Open (creating dir and the file as needed) the journal `name` in dir and
 * load its live records.  name is reduced to [A-Za-z0-9._@-] for the file
 * name.  Returns the journal (caller frees with journal_close) or NULL with
 * a message in err. */
struct journal *journal_open(const char *dir, const char *name, char *err, size_t errlen);
/* Close and free; NULL is ignored. */
void journal_close(struct journal *j);
/* The file's path (owned by j). */
const char *journal_path(const struct journal *j);

/* Record an action: e's strings are copied (seq, at, conflict, status and
 * message are ignored; at is now).  The record is on disk (fdatasync) when
 * this returns.  A string holding a tab or a line break is refused.
 * Returns the new seq, or 0 with a message in err (nothing recorded). */
uint64_t journal_add(struct journal *j, const struct journal_entry *e, char *err, size_t errlen);
/* journal_add without the fdatasync: the record is written (a crash of
 * the program keeps it; of the machine may not) and journal_sync owes
 * its sync.  The client sends the request first and syncs while the
 * server works on it, so that the disk is not waited for twice in a row:
 * the clerk is told an action is done only by the server's answer (itself
 * durable), and told "recorded" only after journal_sync.  Returns as
 * journal_add. */
uint64_t journal_add_unsynced(struct journal *j, const struct journal_entry *e, char *err, size_t errlen);
/* fdatasync what journal_add_unsynced wrote, if anything.  Returns 0, or
 * -1 with errno. */
int journal_sync(struct journal *j);
/* The server answered seq with status: it is settled and leaves the
 * journal at once; its D line is written by the next journal_flush (or
 * journal_add, journal_close) and never synced: one lost in a crash leaves
 * the record to be sent again under its Idempotency-Key, which the server
 * answers with its first answer, changing nothing.  Returns 0, or -1 for
 * an unknown seq. */
int journal_done(struct journal *j, uint64_t seq, long status);
/* Write the D lines journal_done noted (not synced), and empty the file
 * when nothing is live.  The client calls it after drawing the answer, so
 * that the screen does not wait for the disk.  Returns 0, or -1 on an I/O
 * error (the records stay settled in memory). */
int journal_flush(struct journal *j);
/* The server refused seq on replay: keep it, as a conflict, with status and
 * message (control characters are replaced by spaces).  Returns 0 or -1. */
int journal_conflict(struct journal *j, uint64_t seq, long status, const char *message);
/* The clerk has seen conflict seq: note (one line saying what it was, both
 * versions, no personal numbers) is appended to the file's permanent
 * companion, journal_path() + ".refused", and the record leaves the
 * journal.  Returns 0 or -1. */
int journal_resolve(struct journal *j, uint64_t seq, const char *note);

/* The live records, in seq order: i in [0, journal_size()).  The pointer is
 * valid until the next call that changes j. */
size_t journal_size(const struct journal *j);
const struct journal_entry *journal_at(const struct journal *j, size_t i);
/* The record seq, or NULL. */
const struct journal_entry *journal_find(const struct journal *j, uint64_t seq);
/* How many records are pending (conflicts == false) or in conflict (true). */
size_t journal_count(const struct journal *j, bool conflicts);

#endif
