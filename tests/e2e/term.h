/* term.h - end-to-end tests of a real terminal program through libvterm.
 *
 * term_spawn() runs a program on a pseudo-terminal of a fixed size and keeps
 * a libvterm screen of the same size fed with everything the program writes.
 * Keys go in through libvterm's keyboard layer, so the bytes the program
 * reads are exactly those an xterm would send.
 *
 * Synchronisation is by the program's ready signal, never by sleeping: the
 * harness appends "--ready-fd N" to argv, and the program writes one line
 * "ready <seq> <view>\n" to fd N after every redraw once its output is
 * flushed.  term_wait_ready() waits for such a line and then feeds every byte
 * already written to the terminal into libvterm, so the screen the test reads
 * is the one the program meant.  Timeouts are only failure bounds.
 *
 * Rows and columns are 0-based cell coordinates; a CJK character takes two
 * cells.  Text given to and returned from these functions is UTF-8.
 * Single-threaded use only; the harness changes no signal dispositions. */
#ifndef WICKET_TEST_TERM_H
#define WICKET_TEST_TERM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <vterm.h>

struct term;

/* The fd number the ready pipe has in the child ("--ready-fd 3"). */
#define TERM_READY_FD 3

/* Run argv (argv[0] is looked up in PATH when it has no '/') on a new
 * rows x cols pseudo-terminal with "--ready-fd 3" appended.  The child gets
 * TERM=xterm-256color, no LINES/COLUMNS (they would override the window
 * size), and LANG and LC_ALL of zh_CN.UTF-8 unless envp_extra says otherwise:
 * envp_extra (NULL-terminated, may be NULL) holds "NAME=VALUE" entries that
 * are set and "NAME" entries that are removed; when it sets only one of LANG
 * and LC_ALL, the other follows it.  A program whose LC_ALL is a GB18030
 * locale (zh_CN.GB18030) gets a GB18030 terminal: its output is converted
 * to UTF-8 for libvterm, each character its locale makes two columns wide
 * that libvterm would make one (the ambiguous · × … ─) shown as a wide
 * stand-in (・ ｘ 〓) so the columns are a GB18030 terminal's, and typed
 * text reaches it in GB18030.  The pty has IUTF8 set, as a UTF-8 xterm's
 * has.  Returns a handle the caller releases with term_close(), or NULL (with
 * a message on stderr) when the pty or the fork fails; an exec failure shows
 * as the child exiting with 127. */
struct term *term_spawn(const char *const argv[], const char *const envp_extra[],
			int rows, int cols);

/* Pump the program's output into the screen until a ready line naming view
 * (any view when view is NULL) has arrived and all output written before it
 * has been fed to the screen.  Ready lines that came since the last key,
 * resize or wait and before this call count (they are queued in order);
 * term_key(), term_type() and term_resize() discard the queue, so a wait
 * after a key is satisfied only by a redraw that came after the key.
 * Returns 0; -1 on timeout or when the program exits first (the screen and
 * the reason are then printed to stderr for the test log). */
int term_wait_ready(struct term *t, const char *view, int timeout_ms);

/* As term_wait_ready, but the program's exit is an answer too: 0 when view
 * was drawn, 1 when the program exited first, -1 on timeout (the screen is
 * printed then). */
int term_wait_ready_or_exit(struct term *t, const char *view, int timeout_ms);

/* Pump output until the screen shows utf8 (within one row), for changes that
 * come from elsewhere than a key, such as a server's live update.  Returns 0,
 * or -1 on timeout or exit (the screen is then printed to stderr). */
int term_wait_text(struct term *t, const char *utf8, int timeout_ms);
/* Wait until the screen no longer shows utf8 (a state that is over, as
 * the next frames draw it); 0, or -1 after a dump of the screen. */
int term_wait_gone(struct term *t, const char *utf8, int timeout_ms);

/* Pump output until the program exits (its output is all fed to the screen).
 * Returns the exit status as term_close() does, or -1 on timeout. */
int term_wait_exit(struct term *t, int timeout_ms);

/* Press a key (VTERM_KEY_ENTER, VTERM_KEY_FUNCTION(n), arrows, Tab, Escape,
 * Backspace...) with modifiers (VTERM_MOD_NONE, _SHIFT, _ALT, _CTRL): the
 * bytes libvterm generates for it are written to the program. */
void term_key(struct term *t, VTermKey key, VTermModifier mod);

/* Type utf8, one code point at a time through libvterm's keyboard.  The
 * program may redraw after each character: a ready line that follows can
 * predate the last one, so wait for the text (term_wait_text) when it
 * matters, or end with a key and wait for the view it leads to. */
void term_type(struct term *t, const char *utf8);

/* One row of the screen as malloc'd UTF-8 (the caller frees it): a wide
 * character appears once though it takes two cells, empty cells are spaces,
 * trailing spaces are trimmed.  NULL when row is out of range. */
char *term_row(struct term *t, int row);

/* The whole screen, rows joined by '\n' (no final '\n'); malloc'd. */
char *term_screen_text(struct term *t);

/* Whether some row of the screen contains utf8. */
bool term_contains(struct term *t, const char *utf8);

/* The first row containing utf8, or -1. */
int term_find_row(struct term *t, const char *utf8);

/* The cell column at which utf8 first starts in row (so the column of "A1"
 * in "窗口A1" is 4), or -1 when the row does not contain it. */
int term_col_of(struct term *t, int row, const char *utf8);

/* The foreground colour of a cell: its palette index 0..255, -1 for the
 * default colour, -2 for a direct RGB colour or a cell out of range. */
int term_cell_fg(struct term *t, int row, int col);
/* The same for the background colour. */
int term_cell_bg(struct term *t, int row, int col);
/* The attributes (bold, reverse, underline...) of a cell into *attrs.
 * Returns false (and zeroes *attrs) when the cell is out of range. */
bool term_cell_attrs(struct term *t, int row, int col, VTermScreenCellAttrs *attrs);

/* The cursor position (both may be NULL). */
void term_cursor(struct term *t, int *row, int *col);

/* The size of the screen (both may be NULL). */
void term_size(const struct term *t, int *rows, int *cols);

/* Resize the terminal: output so far is rendered at the old size, then the
 * screen and the pty take the new one, and the program gets SIGWINCH. */
void term_resize(struct term *t, int rows, int cols);

/* The sequence number and view of the last ready line seen (0 and "" before
 * the first).  The string belongs to t and changes as lines arrive. */
unsigned long term_ready_seq(const struct term *t);
const char *term_ready_view(const struct term *t);

/* Total bytes the program has written to the terminal and the harness read. */
uint64_t term_bytes_received(const struct term *t);

/* Whether the n bytes at seq ever appeared in the program's output (only the
 * first 16 MiB of output are kept for this). */
bool term_saw_bytes(const struct term *t, const unsigned char *seq, size_t n);

/* Close the terminal and reap the program: it gets the hangup of the closed
 * pty, SIGTERM after 3 s and SIGKILL after 6 s.  Returns its exit code, or
 * 128 + the signal number when a signal ended it (as a shell reports it);
 * -1 for a NULL t.  Frees t. */
int term_close(struct term *t);

/* Hang the terminal up (close the pty) and wait up to timeout_ms for the
 * program to exit by itself, sending it no signal.  Returns its exit code
 * (128 + a signal's number), or -1 if it is still running; t stays to be
 * closed with term_close. */
int term_hangup(struct term *t, int timeout_ms);

/* Write bytes (UTF-8 and escape sequences) straight onto the screen, as if
 * something other than the program had drawn there: a garbled terminal
 * that the program's full repaint (^L) must put right. */
void term_garble(struct term *t, const char *bytes);

/* Take in whatever the program writes for ms milliseconds, waiting for
 * nothing in particular (benchmarks of output while idle); ready lines that
 * came meanwhile are dropped. */
void term_idle(struct term *t, int ms);

/* The program's process id (for reading its memory use). */
pid_t term_pid(const struct term *t);

#endif
