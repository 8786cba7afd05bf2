/* term.c - a program on a pseudo-terminal, rendered by libvterm.  See term.h.
 *
 * Everything is driven from the caller's thread: each wait polls the pty
 * master and the ready pipe, feeds what the program wrote into libvterm and
 * writes back what libvterm produced (keys, and answers to the program's
 * terminal queries).  The master is non-blocking so that a wait never hangs
 * on a read, and writing to the program keeps reading from it, so neither
 * side can fill its buffer and block the other. */
/* wcwidth() of a GB18030 terminal's characters. */
#define _XOPEN_SOURCE 700
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "term.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <locale.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/pidfd.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>

#include "wicket/common/buf.h"
#include "wicket/common/utf8.h"
#include "wicket/common/xalloc.h"

extern char **environ;

/* Output kept for term_saw_bytes(): enough for any test session. */
#define TERM_CAPTURE_MAX (16u << 20)
#define TERM_DEFAULT_LOCALE "zh_CN.UTF-8"
/* A continuation cell (the right half of a wide character) holds this. */
#define TERM_CELL_CONT ((uint32_t)-1)

struct term {
	pid_t pid;
	int master;             /* pty master, non-blocking; -1 once closed */
	int ready_rd;           /* read end of the ready pipe; -1 at EOF */
	int pidfd;              /* for waiting on the child; -1 if unavailable */
	bool pty_eof;           /* the slave side is closed everywhere */
	bool exited;            /* reaped; status holds the result */
	int status;             /* exit code or 128 + signal */
	int rows, cols;
	VTerm *vt;
	VTermScreen *screen;
	struct buf out;         /* bytes from libvterm not yet written to the program */
	struct buf lines;       /* ready-pipe bytes not yet taken as lines */
	unsigned long seq;      /* of the last ready line */
	char view[64];
	uint64_t received;
	struct buf capture;     /* the first TERM_CAPTURE_MAX bytes of output */
	/* A program in a GB18030 locale: its bytes are converted for libvterm
	 * (UTF-8) and the keys back; (locale_t)0 otherwise. */
	locale_t gb;
	locale_t utf8;          /* libvterm's idea of widths, for comparison */
	mbstate_t gb_state;     /* a character cut by a read */
};

/* ---- time ------------------------------------------------------------- */

static long long
term_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Milliseconds left until deadline, never negative. */
static int
term_left_ms(long long deadline)
{
	long long left = deadline - term_now_ms();

	return left < 0 ? 0 : left > 60000 ? 60000 : (int)left;
}

/* ---- the child -------------------------------------------------------- */

/* The value extra gives name ("" for a removal), or NULL when it is silent. */
static const char *
term_extra_value(const char *const extra[], const char *name)
{
	size_t n = strlen(name);

	for (size_t i = 0; extra && extra[i]; i++) {
		if (strncmp(extra[i], name, n) != 0)
			continue;
		if (extra[i][n] == '=')
			return extra[i] + n + 1;
		if (extra[i][n] == '\0')
			return "";
	}
	return NULL;
}

/* Whether the environment entry e ("NAME=VALUE") is one the harness sets. */
static bool
term_env_replaced(const char *e, const char *const extra[])
{
	static const char *const own[] = { "TERM", "LINES", "COLUMNS", "LANG", "LC_ALL" };
	size_t n = strcspn(e, "=");

	for (size_t i = 0; i < sizeof own / sizeof own[0]; i++)
		if (strlen(own[i]) == n && strncmp(e, own[i], n) == 0)
			return true;
	for (size_t i = 0; extra && extra[i]; i++)
		if (strcspn(extra[i], "=") == n && strncmp(e, extra[i], n) == 0)
			return true;
	return false;
}

/* The child's environment, built before fork so the child only execs.
 * Every string is malloc'd; free with term_free_strv(). */
static char **
term_child_env(const char *const extra[])
{
	const char *lang = term_extra_value(extra, "LANG");
	const char *lc_all = term_extra_value(extra, "LC_ALL");
	const char *locale = lang && *lang ? lang : lc_all && *lc_all ? lc_all : TERM_DEFAULT_LOCALE;
	size_t n = 0, k = 0;

	while (environ[n])
		n++;
	for (size_t i = 0; extra && extra[i]; i++)
		n++;
	char **env = xcalloc(n + 4, sizeof *env);
	for (size_t i = 0; environ[i]; i++)
		if (!term_env_replaced(environ[i], extra))
			env[k++] = xstrdup(environ[i]);
	env[k++] = xstrdup("TERM=xterm-256color");
	if (!lang)
		env[k++] = xasprintf("LANG=%s", locale);
	if (!lc_all)
		env[k++] = xasprintf("LC_ALL=%s", locale);
	for (size_t i = 0; extra && extra[i]; i++)
		if (strchr(extra[i], '='))
			env[k++] = xstrdup(extra[i]);
	env[k] = NULL;
	return env;
}

static void
term_free_strv(char **v)
{
	for (size_t i = 0; v && v[i]; i++)
		free(v[i]);
	free(v);
}

#define TERM_STR_(x) #x
#define TERM_STR(x) TERM_STR_(x)

/* argv with "--ready-fd 3" appended; the strings are borrowed. */
static char **
term_child_argv(const char *const argv[])
{
	size_t n = 0;

	while (argv[n])
		n++;
	char **v = xcalloc(n + 3, sizeof *v);
	memcpy(v, argv, n * sizeof *v);
	v[n] = "--ready-fd";
	v[n + 1] = TERM_STR(TERM_READY_FD);
	return v;
}

/* In the child: the state a program started by a real terminal has. */
static void
term_child_setup(int ready_wr)
{
	static const int sigs[] = { SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGPIPE, SIGWINCH, SIGCHLD };
	struct termios tio;
	sigset_t none;

	/* The ready pipe at a fixed number: dup2 also clears FD_CLOEXEC. */
	if (ready_wr != TERM_READY_FD)
		dup2(ready_wr, TERM_READY_FD);
	else
		fcntl(ready_wr, F_SETFD, 0);
	/* A UTF-8 xterm's line discipline knows characters are multibyte. */
	if (tcgetattr(STDIN_FILENO, &tio) == 0) {
		tio.c_iflag |= IUTF8;
		tcsetattr(STDIN_FILENO, TCSANOW, &tio);
	}
	/* The test runner may ignore or block signals; a terminal would not. */
	for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
		signal(sigs[i], SIG_DFL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
}

/* ---- output from the program ------------------------------------------ */

static void
term_record(struct term *t, const char *p, size_t n)
{
	t->received += n;
	if (t->capture.len < TERM_CAPTURE_MAX) {
		size_t room = TERM_CAPTURE_MAX - t->capture.len;
		buf_add(&t->capture, p, n < room ? n : room);
	}
}

/* What libvterm is given for wc, a character a GB18030 terminal shows two
 * columns wide: wc itself, or a wide stand-in when libvterm would make it
 * one column (the ambiguous · × … ─ are two there, one in UTF-8), so that
 * the screen's columns are the GB18030 terminal's. */
static uint32_t
term_gb18030_cell(struct term *t, wchar_t wc)
{
	static const struct { uint32_t from, to; } like[] = {
		{ 0x00B7, 0x30FB },     /* · -> ・ */
		{ 0x00D7, 0xFF58 },     /* × -> ｘ */
	};
	if (wc < 0x80)
		return (uint32_t)wc;
	uselocale(t->gb);
	int gb = wcwidth(wc);
	uselocale(t->utf8);
	int vt = wcwidth(wc);
	uselocale(LC_GLOBAL_LOCALE);
	if (gb != 2 || vt != 1)
		return (uint32_t)wc;
	for (size_t i = 0; i < sizeof like / sizeof like[0]; i++)
		if (like[i].from == (uint32_t)wc)
			return like[i].to;
	return 0x3013;          /* 〓 */
}

/* GB18030 output into the UTF-8 screen; a character cut by the end of p
 * waits in t->gb_state for the next read. */
static void
term_input_gb18030(struct term *t, const char *p, size_t n)
{
	struct buf u = BUF_INIT;

	for (size_t i = 0; i < n;) {
		wchar_t wc;
		uselocale(t->gb);
		size_t k = mbrtowc(&wc, p + i, n - i, &t->gb_state);
		uselocale(LC_GLOBAL_LOCALE);
		if (k == (size_t)-2)
			break;
		if (k == (size_t)-1) {
			memset(&t->gb_state, 0, sizeof t->gb_state);
			wc = 0xFFFD;
			k = 1;
		}
		char enc[4];
		buf_add(&u, enc, utf8_encode(term_gb18030_cell(t, wc), enc));
		i += k ? k : 1;
	}
	vterm_input_write(t->vt, u.data ? u.data : "", u.len);
	buf_free(&u);
}

/* One non-blocking read from the master into the screen.  Returns the bytes
 * read, 0 when none are waiting, -1 when the slave is closed everywhere. */
static ssize_t
term_feed_once(struct term *t)
{
	char chunk[65536];
	ssize_t n;

	if (t->master < 0 || t->pty_eof)
		return -1;
	do
		n = read(t->master, chunk, sizeof chunk);
	while (n < 0 && errno == EINTR);
	if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
		return 0;
	if (n <= 0) {           /* EIO: every slave fd is closed */
		t->pty_eof = true;
		return -1;
	}
	term_record(t, chunk, (size_t)n);
	if (t->gb)
		term_input_gb18030(t, chunk, (size_t)n);
	else
		vterm_input_write(t->vt, chunk, (size_t)n);
	vterm_screen_flush_damage(t->screen);
	return n;
}

/* Write what libvterm produced to the program.  While the program's input is
 * full, keep reading its output so that it can go on and drain its input. */
static void
term_flush_out(struct term *t)
{
	size_t done = 0;

	while (done < t->out.len && t->master >= 0) {
		ssize_t n = write(t->master, t->out.data + done, t->out.len - done);
		if (n > 0) {
			done += (size_t)n;
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			struct pollfd p = { .fd = t->master, .events = POLLIN | POLLOUT };
			if (poll(&p, 1, 5000) > 0 && (p.revents & POLLIN))
				term_feed_once(t);
			else if (p.revents == 0)
				break;  /* the program stopped reading: give up */
			continue;
		}
		break;          /* the program has gone: the keys are moot */
	}
	buf_reset(&t->out);
}

/* Feed everything the program has written so far. */
static void
term_drain_pty(struct term *t)
{
	while (term_feed_once(t) > 0)
		;
	term_flush_out(t);
}

static void
term_on_output(const char *s, size_t len, void *user)
{
	struct term *t = user;

	if (!t->gb) {
		buf_add(&t->out, s, len);
		return;
	}
	/* Keys typed into a GB18030 terminal arrive in GB18030. */
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		i += utf8_decode(s + i, len - i, &cp);
		char mb[MB_LEN_MAX];
		mbstate_t st = { 0 };
		uselocale(t->gb);
		size_t k = wcrtomb(mb, (wchar_t)cp, &st);
		uselocale(LC_GLOBAL_LOCALE);
		if (k != (size_t)-1)
			buf_add(&t->out, mb, k);
	}
}

/* ---- the ready pipe --------------------------------------------------- */

/* One non-blocking read from the ready pipe into t->lines. */
static void
term_read_ready(struct term *t)
{
	char chunk[4096];
	ssize_t n;

	if (t->ready_rd < 0)
		return;
	do
		n = read(t->ready_rd, chunk, sizeof chunk);
	while (n < 0 && errno == EINTR);
	if (n > 0) {
		buf_add(&t->lines, chunk, (size_t)n);
	} else if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK)) {
		close(t->ready_rd);
		t->ready_rd = -1;
	}
}

/* Take the first complete line from t->lines into seq/view.  Returns false
 * when there is none; a malformed line is reported and taken as no view. */
static bool
term_take_line(struct term *t, bool *matched, const char *want)
{
	char *nl = t->lines.len ? memchr(t->lines.data, '\n', t->lines.len) : NULL;
	char view[sizeof t->view];
	unsigned long seq;

	if (!nl)
		return false;
	*nl = '\0';
	*matched = false;
	if (sscanf(t->lines.data, "ready %lu %63s", &seq, view) == 2) {
		t->seq = seq;
		memcpy(t->view, view, sizeof view);
		*matched = !want || strcmp(want, view) == 0;
	} else {
		fprintf(stderr, "term: not a ready line: \"%s\"\n", t->lines.data);
	}
	size_t used = (size_t)(nl - t->lines.data) + 1;
	memmove(t->lines.data, nl + 1, t->lines.len - used + 1);
	t->lines.len -= used;
	return true;
}

/* Take queued lines until one names want (NULL: any).  Returns whether one did. */
static bool
term_take_until(struct term *t, const char *want)
{
	bool matched = false;

	while (!matched && term_take_line(t, &matched, want))
		;
	return matched;
}

/* Forget every ready line so far, including those still in the pipe. */
static void
term_discard_ready(struct term *t)
{
	size_t before;

	do {
		before = t->lines.len;
		term_read_ready(t);
	} while (t->ready_rd >= 0 && t->lines.len != before);
	for (bool matched; term_take_line(t, &matched, NULL);)
		;
	term_drain_pty(t);
}

/* ---- waiting ---------------------------------------------------------- */

/* Wait up to timeout_ms for the program to write something (or for
 * extra_fd, when not -1, to become readable), and take it in. */
static void
term_pump(struct term *t, int extra_fd, int timeout_ms)
{
	struct pollfd p[3] = {
		{ .fd = t->pty_eof ? -1 : t->master, .events = POLLIN },
		{ .fd = t->ready_rd, .events = POLLIN },
		{ .fd = extra_fd, .events = POLLIN },
	};

	if (poll(p, 3, timeout_ms) <= 0)
		return;
	if (p[0].revents)
		term_feed_once(t);
	if (p[1].revents)
		term_read_ready(t);
	term_flush_out(t);
}

static void
term_dump(struct term *t, const char *why)
{
	char *screen = term_screen_text(t);
	int row = 0;

	fprintf(stderr, "term: %s\nterm: last ready line: %lu %s; screen %dx%d:\n",
		why, t->seq, t->view[0] ? t->view : "(none)", t->rows, t->cols);
	for (char *line = screen, *next; line; line = next, row++) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		fprintf(stderr, "%2d|%s\n", row, line);
	}
	free(screen);
}

int
term_wait_ready(struct term *t, const char *view, int timeout_ms)
{
	long long deadline = term_now_ms() + timeout_ms;
	char why[160];

	while (!term_take_until(t, view)) {
		/* With the pipe closed no line can come: the program has exited. */
		if (t->ready_rd < 0 || term_left_ms(deadline) == 0) {
			term_drain_pty(t);
			snprintf(why, sizeof why, "no ready line for view %s: %s", view ? view : "(any)",
				 t->ready_rd < 0 ? "the program exited" : "timed out");
			term_dump(t, why);
			return -1;
		}
		term_pump(t, -1, term_left_ms(deadline));
	}
	/* The program flushed its output before writing the line. */
	term_drain_pty(t);
	return 0;
}

int
term_wait_ready_or_exit(struct term *t, const char *view, int timeout_ms)
{
	long long deadline = term_now_ms() + timeout_ms;

	while (!term_take_until(t, view)) {
		if (t->ready_rd < 0) {
			term_drain_pty(t);
			return 1;
		}
		if (term_left_ms(deadline) == 0) {
			term_dump(t, "neither the view nor the program's exit came: timed out");
			return -1;
		}
		term_pump(t, -1, term_left_ms(deadline));
	}
	term_drain_pty(t);
	return 0;
}

/* Pump until whether utf8 is on the screen is `shown`; 0, or -1 after a
 * dump of the screen. */
static int
term_wait_shown(struct term *t, const char *utf8, bool shown, int timeout_ms)
{
	long long deadline = term_now_ms() + timeout_ms;
	char why[320];

	while (term_contains(t, utf8) != shown) {
		/* With the pty closed no output can come: the program has exited. */
		if (t->pty_eof || term_left_ms(deadline) == 0) {
			snprintf(why, sizeof why, "text \"%s\" %s: %s", utf8,
				 shown ? "not shown" : "still shown",
				 t->pty_eof ? "the program exited" : "timed out");
			term_dump(t, why);
			return -1;
		}
		term_pump(t, -1, term_left_ms(deadline));
	}
	return 0;
}

int
term_wait_text(struct term *t, const char *utf8, int timeout_ms)
{
	return term_wait_shown(t, utf8, true, timeout_ms);
}

int
term_wait_gone(struct term *t, const char *utf8, int timeout_ms)
{
	return term_wait_shown(t, utf8, false, timeout_ms);
}

static int
term_decode_status(int wstatus)
{
	if (WIFEXITED(wstatus))
		return WEXITSTATUS(wstatus);
	if (WIFSIGNALED(wstatus))
		return 128 + WTERMSIG(wstatus);
	return -1;
}

/* Reap the child if it has exited; wait up to timeout_ms for it (-1: forever). */
static bool
term_reap(struct term *t, int timeout_ms)
{
	long long deadline = term_now_ms() + timeout_ms;
	int wstatus;

	while (!t->exited) {
		pid_t r = waitpid(t->pid, &wstatus, timeout_ms < 0 ? 0 : WNOHANG);
		if (r == t->pid) {
			t->exited = true;
			t->status = term_decode_status(wstatus);
		} else if (r < 0 && errno != EINTR) {
			t->exited = true;       /* reaped elsewhere: nothing to report */
			t->status = -1;
		} else if (r == 0) {
			int left = term_left_ms(deadline);
			if (left == 0)
				return false;
			if (t->pidfd >= 0) {
				struct pollfd p = { .fd = t->pidfd, .events = POLLIN };
				poll(&p, 1, left);
			} else {
				poll(NULL, 0, left < 10 ? left : 10);   /* no pidfd: check again soon */
			}
		}
	}
	return true;
}

int
term_wait_exit(struct term *t, int timeout_ms)
{
	long long deadline = term_now_ms() + timeout_ms;

	while (!term_reap(t, 0)) {
		int left = term_left_ms(deadline);
		if (left == 0) {
			term_dump(t, "the program did not exit: timed out");
			return -1;
		}
		/* Without a pidfd, look again soon. */
		term_pump(t, t->pidfd, t->pidfd >= 0 || left < 10 ? left : 10);
	}
	term_drain_pty(t);
	return t->status;
}

/* ---- keys ------------------------------------------------------------- */

void
term_key(struct term *t, VTermKey key, VTermModifier mod)
{
	term_discard_ready(t);
	vterm_keyboard_key(t->vt, key, mod);
	term_flush_out(t);
}

void
term_type(struct term *t, const char *utf8)
{
	size_t len = strlen(utf8);

	term_discard_ready(t);
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		i += utf8_decode(utf8 + i, len - i, &cp);
		vterm_keyboard_unichar(t->vt, cp, VTERM_MOD_NONE);
	}
	term_flush_out(t);
}

/* ---- reading the screen ----------------------------------------------- */

static bool
term_get_cell(struct term *t, int row, int col, VTermScreenCell *cell)
{
	if (row < 0 || row >= t->rows || col < 0 || col >= t->cols)
		return false;
	return vterm_screen_get_cell(t->screen, (VTermPos){ .row = row, .col = col }, cell) != 0;
}

/* Append one cell's characters (a base and its combining marks). */
static void
term_add_cell(struct buf *b, const VTermScreenCell *cell)
{
	char enc[4];

	if (cell->chars[0] == 0) {
		buf_addc(b, ' ');
		return;
	}
	for (int i = 0; i < VTERM_MAX_CHARS_PER_CELL && cell->chars[i]; i++) {
		size_t n = utf8_encode(cell->chars[i], enc);
		if (n == 0)
			n = utf8_encode(UTF8_REPLACEMENT, enc);
		buf_add(b, enc, n);
	}
}

/* The row's text; when cols is not NULL, also a malloc'd array giving for
 * each byte of the text the cell column of the character it belongs to. */
static char *
term_row_map(struct term *t, int row, int **cols)
{
	struct buf b = BUF_INIT;
	size_t trimmed = 0;
	int *map = NULL;
	VTermScreenCell cell;

	if (row < 0 || row >= t->rows)
		return NULL;
	buf_reserve(&b, (size_t)t->cols);
	if (cols)
		map = xcalloc((size_t)t->cols * VTERM_MAX_CHARS_PER_CELL * 4 + 1, sizeof *map);
	for (int col = 0; col < t->cols;) {
		if (!term_get_cell(t, row, col, &cell) || cell.chars[0] == TERM_CELL_CONT) {
			col++;          /* the right half of a wide character */
			continue;
		}
		size_t start = b.len;
		term_add_cell(&b, &cell);
		for (size_t i = start; map && i < b.len; i++)
			map[i] = col;
		if (cell.chars[0] != 0 && cell.chars[0] != ' ')
			trimmed = b.len;
		col += cell.width > 1 ? cell.width : 1;
	}
	b.data[trimmed] = '\0';
	b.len = trimmed;
	if (cols)
		*cols = map;
	return buf_steal(&b);
}

char *
term_row(struct term *t, int row)
{
	return term_row_map(t, row, NULL);
}

char *
term_screen_text(struct term *t)
{
	struct buf b = BUF_INIT;

	for (int row = 0; row < t->rows; row++) {
		char *line = term_row(t, row);
		if (row > 0)
			buf_addc(&b, '\n');
		buf_adds(&b, line);
		free(line);
	}
	return buf_steal(&b);
}

int
term_find_row(struct term *t, const char *utf8)
{
	for (int row = 0; row < t->rows; row++) {
		char *line = term_row(t, row);
		bool found = strstr(line, utf8) != NULL;
		free(line);
		if (found)
			return row;
	}
	return -1;
}

bool
term_contains(struct term *t, const char *utf8)
{
	return term_find_row(t, utf8) >= 0;
}

int
term_col_of(struct term *t, int row, const char *utf8)
{
	int *map = NULL;
	char *line = term_row_map(t, row, &map);
	int col = -1;

	if (line) {
		const char *at = strstr(line, utf8);
		if (at)
			col = map[at - line];
	}
	free(line);
	free(map);
	return col;
}

static int
term_color_index(const VTermColor *c, bool fg)
{
	if (fg ? VTERM_COLOR_IS_DEFAULT_FG(c) : VTERM_COLOR_IS_DEFAULT_BG(c))
		return -1;
	return VTERM_COLOR_IS_INDEXED(c) ? c->indexed.idx : -2;
}

int
term_cell_fg(struct term *t, int row, int col)
{
	VTermScreenCell cell;

	return term_get_cell(t, row, col, &cell) ? term_color_index(&cell.fg, true) : -2;
}

int
term_cell_bg(struct term *t, int row, int col)
{
	VTermScreenCell cell;

	return term_get_cell(t, row, col, &cell) ? term_color_index(&cell.bg, false) : -2;
}

bool
term_cell_attrs(struct term *t, int row, int col, VTermScreenCellAttrs *attrs)
{
	VTermScreenCell cell;

	if (!term_get_cell(t, row, col, &cell)) {
		memset(attrs, 0, sizeof *attrs);
		return false;
	}
	*attrs = cell.attrs;
	return true;
}

void
term_cursor(struct term *t, int *row, int *col)
{
	VTermPos pos;

	vterm_state_get_cursorpos(vterm_obtain_state(t->vt), &pos);
	if (row)
		*row = pos.row;
	if (col)
		*col = pos.col;
}

void
term_size(const struct term *t, int *rows, int *cols)
{
	if (rows)
		*rows = t->rows;
	if (cols)
		*cols = t->cols;
}

/* ---- the rest --------------------------------------------------------- */

void
term_resize(struct term *t, int rows, int cols)
{
	struct winsize ws = { .ws_row = (unsigned short)rows, .ws_col = (unsigned short)cols };

	term_discard_ready(t);
	t->rows = rows;
	t->cols = cols;
	vterm_set_size(t->vt, rows, cols);
	vterm_screen_flush_damage(t->screen);
	/* The kernel sends SIGWINCH to the terminal's foreground process group. */
	if (ioctl(t->master, TIOCSWINSZ, &ws) != 0)
		perror("term: TIOCSWINSZ");
}

unsigned long
term_ready_seq(const struct term *t)
{
	return t->seq;
}

const char *
term_ready_view(const struct term *t)
{
	return t->view;
}

uint64_t
term_bytes_received(const struct term *t)
{
	return t->received;
}

bool
term_saw_bytes(const struct term *t, const unsigned char *seq, size_t n)
{
	const unsigned char *p = (const unsigned char *)t->capture.data;
	size_t len = t->capture.len;

	if (n == 0)
		return true;
	for (const unsigned char *at; len >= n && (at = memchr(p, seq[0], len - n + 1)); ) {
		if (memcmp(at, seq, n) == 0)
			return true;
		len -= (size_t)(at - p) + 1;
		p = at + 1;
	}
	return false;
}

static struct term *
term_new(int rows, int cols)
{
	struct term *t = xcalloc(1, sizeof *t);

	t->master = t->ready_rd = t->pidfd = -1;
	t->rows = rows;
	t->cols = cols;
	t->vt = vterm_new(rows, cols);
	vterm_set_utf8(t->vt, 1);
	vterm_output_set_callback(t->vt, term_on_output, t);
	t->screen = vterm_obtain_screen(t->vt);
	vterm_screen_enable_altscreen(t->screen, 1);    /* curses programs use it */
	vterm_screen_set_damage_merge(t->screen, VTERM_DAMAGE_SCROLL);
	vterm_screen_reset(t->screen, 1);
	return t;
}

static void
term_free(struct term *t)
{
	if (t->master >= 0)
		close(t->master);
	if (t->ready_rd >= 0)
		close(t->ready_rd);
	if (t->pidfd >= 0)
		close(t->pidfd);
	vterm_free(t->vt);
	if (t->gb)
		freelocale(t->gb);
	if (t->utf8)
		freelocale(t->utf8);
	buf_free(&t->out);
	buf_free(&t->lines);
	buf_free(&t->capture);
	free(t);
}

/* A program whose LC_ALL in env names a GB18030 locale gets a GB18030
 * terminal.  A locale this machine lacks leaves the terminal UTF-8. */
static void
term_set_charset(struct term *t, char *const env[])
{
	for (size_t i = 0; env[i]; i++) {
		if (strncmp(env[i], "LC_ALL=", 7) != 0)
			continue;
		const char *dot = strchr(env[i], '.');
		if (!dot || (strcmp(dot, ".GB18030") != 0 && strcmp(dot, ".gb18030") != 0))
			continue;
		t->gb = newlocale(LC_CTYPE_MASK, env[i] + 7, (locale_t)0);
		t->utf8 = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
		if (!t->gb || !t->utf8) {
			if (t->gb)
				freelocale(t->gb);
			if (t->utf8)
				freelocale(t->utf8);
			t->gb = t->utf8 = (locale_t)0;
		}
	}
}

/* A pipe whose ends are >= 3, so that the pty's 0-2 in the child leave them be. */
static int
term_ready_pipe(int fds[2])
{
	int raw[2];

	if (pipe(raw) != 0)
		return -1;
	for (int i = 0; i < 2; i++) {
		fds[i] = fcntl(raw[i], F_DUPFD_CLOEXEC, 3);
		close(raw[i]);
	}
	return fds[0] >= 0 && fds[1] >= 0 ? 0 : -1;
}

struct term *
term_spawn(const char *const argv[], const char *const envp_extra[], int rows, int cols)
{
	struct winsize ws = { .ws_row = (unsigned short)rows, .ws_col = (unsigned short)cols };
	struct term *t = term_new(rows, cols);
	int fds[2];

	if (term_ready_pipe(fds) != 0) {
		perror("term: pipe");
		term_free(t);
		return NULL;
	}
	char **env = term_child_env(envp_extra);
	char **args = term_child_argv(argv);
	term_set_charset(t, env);
	fflush(NULL);           /* or the child's exit could write our buffers twice */
	t->pid = forkpty(&t->master, NULL, NULL, &ws);
	if (t->pid == 0) {
		term_child_setup(fds[1]);
		environ = env;
		execvp(args[0], args);
		fprintf(stderr, "term: cannot run %s: %s\n", args[0], strerror(errno));
		_exit(127);
	}
	close(fds[1]);
	term_free_strv(env);
	free(args);
	t->ready_rd = fds[0];
	if (t->pid < 0) {
		perror("term: forkpty");
		term_free(t);
		return NULL;
	}
	/* Non-blocking so a wait never hangs; close-on-exec so that a second
	 * program spawned later does not hold this one's terminal open. */
	fcntl(t->master, F_SETFL, fcntl(t->master, F_GETFL) | O_NONBLOCK);
	fcntl(t->master, F_SETFD, FD_CLOEXEC);
	fcntl(t->ready_rd, F_SETFL, fcntl(t->ready_rd, F_GETFL) | O_NONBLOCK);
	t->pidfd = pidfd_open(t->pid, 0);
	return t;
}

int
term_close(struct term *t)
{
	int status;

	if (!t)
		return -1;
	/* Closing the master hangs the terminal up: the program gets SIGHUP. */
	if (t->master >= 0)
		close(t->master);
	t->master = -1;
	if (!term_reap(t, 3000)) {
		kill(t->pid, SIGTERM);
		if (!term_reap(t, 3000)) {
			kill(t->pid, SIGKILL);
			term_reap(t, -1);
		}
	}
	status = t->status;
	term_free(t);
	return status;
}

int
term_hangup(struct term *t, int timeout_ms)
{
	if (t->master >= 0)
		close(t->master);
	t->master = -1;
	t->pty_eof = true;
	return term_reap(t, timeout_ms) ? t->status : -1;
}

void
term_garble(struct term *t, const char *bytes)
{
	vterm_input_write(t->vt, bytes, strlen(bytes));
	vterm_screen_flush_damage(t->screen);
}

void
term_idle(struct term *t, int ms)
{
	long long deadline = term_now_ms() + ms;

	while (!t->pty_eof && term_left_ms(deadline) > 0)
		term_pump(t, -1, term_left_ms(deadline));
	term_discard_ready(t);
}

pid_t
term_pid(const struct term *t)
{
	return t->pid;
}
