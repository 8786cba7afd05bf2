#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <langinfo.h>
#include <wchar.h>

#include "wicket/ui/ui.h"
#include "wicket/common/utf8.h"
#include "wicket/common/xalloc.h"

static attr_t ui_attrs[UI_ROLE_COUNT];
/* Whether a blank in the role looks as the erased window's does (no
 * reverse, underline or background colour): its padding may be left out
 * where the window is blank already. */
static bool ui_blank_plain[UI_ROLE_COUNT];
static bool ui_colour;
static SCREEN *ui_screen;

/* Colour where it helps, an attribute that still says the same thing on
 * a monochrome terminal. */
static const struct {
	short fg, bg;
	attr_t mono;
	attr_t extra;
} ui_palette[UI_ROLE_COUNT] = {
	[UI_NORMAL]     = { -1, -1, A_NORMAL, A_NORMAL },
	[UI_TITLE]      = { COLOR_CYAN, -1, A_BOLD, A_BOLD },
	[UI_STATUS]     = { COLOR_BLACK, COLOR_CYAN, A_REVERSE, A_NORMAL },
	[UI_STATUS_BAD] = { COLOR_WHITE, COLOR_RED, A_REVERSE | A_BOLD, A_BOLD },
	[UI_SELECTED]   = { COLOR_BLACK, COLOR_WHITE, A_REVERSE, A_NORMAL },
	[UI_KEY]        = { COLOR_BLACK, COLOR_CYAN, A_REVERSE, A_NORMAL },
	[UI_OK]         = { COLOR_GREEN, -1, A_BOLD, A_NORMAL },
	[UI_AMBER]      = { COLOR_YELLOW, -1, A_BOLD, A_BOLD },
	[UI_RED]        = { COLOR_RED, -1, A_BOLD | A_UNDERLINE, A_BOLD },
	[UI_DIM]        = { COLOR_BLUE, -1, A_DIM, A_NORMAL },
	[UI_PRIORITY]   = { COLOR_MAGENTA, -1, A_BOLD, A_BOLD },
	[UI_DRILL]      = { COLOR_BLACK, COLOR_YELLOW, A_REVERSE | A_BOLD, A_BOLD },
};

static void ui_setup_colours(void)
{
	const char *no_colour = getenv("NO_COLOR");
	ui_colour = has_colors() && !(no_colour && *no_colour);
	if (ui_colour) {
		start_color();
		use_default_colors();
	}
	for (int r = 0; r < UI_ROLE_COUNT; r++) {
		if (ui_colour && r != UI_NORMAL) {
			init_pair((short)r, ui_palette[r].fg, ui_palette[r].bg);
			ui_attrs[r] = COLOR_PAIR(r) | ui_palette[r].extra;
		} else {
			ui_attrs[r] = ui_palette[r].mono;
		}
		ui_blank_plain[r] = !(ui_attrs[r] & (A_REVERSE | A_STANDOUT | A_UNDERLINE)) &&
				    (!ui_colour || r == UI_NORMAL || ui_palette[r].bg == -1);
	}
}

/* Whether the locale makes cp two columns wide (curses places characters
 * by the locale's wcwidth, so text must be measured the same way). */
static bool ui_locale_wide(uint32_t cp)
{
	return wcwidth((wchar_t)cp) == 2;
}

int ui_start(FILE *out, FILE *in, const char *term)
{
	/* A GB18030 locale makes the ambiguous characters (· × … ─) wide; a
	 * UTF-8 one agrees with Unicode's tables. */
	const char *codeset = nl_langinfo(CODESET);
	utf8_set_widen(codeset && strcmp(codeset, "UTF-8") != 0 ? ui_locale_wide : NULL);
	if (out) {
		ui_screen = newterm(term, out, in);
		if (!ui_screen)
			return -1;
		set_term(ui_screen);
	} else if (!initscr()) {
		return -1;
	}
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	/* A frame goes out whole, in one write or few: ncurses would otherwise
	 * stop to look for typed keys, flushing a piece at every look. */
	typeahead(-1);
	set_escdelay(25);
	curs_set(0);
	ui_setup_colours();
	/* ncurses 6.4 also flushes at every cursor move until the screen has
	 * once come back from endwin() (newterm leaves it "initial", as for a
	 * low-level terminfo program): a frame left in a dozen writes, each a
	 * packet of its own over SSH.  One endwin() and refresh() before
	 * anything is drawn put it in its running state: then a frame is one
	 * write, or one per buffer of a screenful. */
	endwin();
	refresh();
	return 0;
}

void ui_stop(void)
{
	utf8_set_widen(NULL);
	endwin();
	if (ui_screen) {
		delscreen(ui_screen);
		ui_screen = NULL;
	}
}

void ui_repaint(void)
{
	clearok(curscr, TRUE);
}

bool ui_has_colour(void)
{
	return ui_colour;
}

attr_t ui_attr(enum ui_role role)
{
	return ui_attrs[role];
}

/* Our strings are UTF-8 whatever the locale says: decode them ourselves. */
static void ui_add_utf8(WINDOW *w, const char *s)
{
	size_t len = strlen(s), i = 0;
	wchar_t wbuf[256];
	size_t n = 0;
	while (i < len) {
		uint32_t cp;
		i += utf8_decode(s + i, len - i, &cp);
		wbuf[n++] = (wchar_t)cp;
		if (n == sizeof wbuf / sizeof wbuf[0] - 1) {
			waddnwstr(w, wbuf, (int)n);
			n = 0;
		}
	}
	if (n)
		waddnwstr(w, wbuf, (int)n);
}

#define UI_ROW_CELLS 512    /* cells put at once, at most: a row */

/* How many of the n cells from (y, x) must be written for all n to be
 * plain blanks: up to the last that is not one already. */
static int ui_blanks_needed(WINDOW *w, int y, int x, int n)
{
	cchar_t under[UI_ROW_CELLS + 1];
	if (n > UI_ROW_CELLS || mvwin_wchnstr(w, y, x, under, n) == ERR)
		return n;
	int col = 0, need = 0;
	for (int i = 0; i < n && col < n && under[i].chars[0]; i++) {
		wchar_t c = under[i].chars[0];
		int width = c == L' ' ? 1 : wcwidth(c);
		col += width < 1 ? 1 : width;
		if (c != L' ' || under[i].chars[1] || under[i].attr || under[i].ext_color)
			need = col;
	}
	return need < n ? need : n;
}

/* Put s (UTF-8, sanitized, fitted to the window) and pad blanks at (y, x)
 * as cells, in the window's attributes, with one wadd_wchnstr: waddnwstr adds one
 * character at a time, which made two thirds of the time of a frame.
 * wadd_wchnstr also blanks both halves of a double-width character that
 * the text cuts at either end (as ui_unsplit does).  When blanks look
 * plain (plain_blanks), the trailing ones go only as far as the window
 * is not blank already: most of a frame's cells were padding over a
 * window just erased.  Returns false, having put nothing, when s has a
 * character of no width of its own (a combining mark must join the cell
 * before it: ui_add_utf8's way) or is longer than a row. */
static bool ui_add_cells(WINDOW *w, int y, int x, const char *s, int pad, bool plain_blanks)
{
	cchar_t cells[UI_ROW_CELLS];
	size_t len = strlen(s), i = 0;
	int n = 0, cols = 0, text_cols = 0, text_n = 0;
	while (i < len) {
		uint32_t cp;
		i += utf8_decode(s + i, len - i, &cp);
		wchar_t wc[2] = { (wchar_t)cp, L'\0' };
		int width = cp >= 0x20 && cp < 0x7f ? 1 : wcwidth(wc[0]);
		if (n == UI_ROW_CELLS || width < 1 || setcchar(&cells[n], wc, A_NORMAL, 0, NULL) == ERR)
			return false;
		n++;
		cols += width;
		if (cp != ' ') {
			text_n = n;
			text_cols = cols;
		}
	}
	for (; pad > 0; pad--) {
		if (n == UI_ROW_CELLS || setcchar(&cells[n], L" ", A_NORMAL, 0, NULL) == ERR)
			return false;
		n++;
		cols++;
	}
	if (plain_blanks && text_n < n)
		n = text_n + ui_blanks_needed(w, y, x + text_cols, cols - text_cols);
	wmove(w, y, x);
	if (n)
		wadd_wchnstr(w, cells, n);
	return true;
}

/* The first code point of the cell at (y, x), 0 when out of the window. */
static wchar_t ui_cell(WINDOW *w, int y, int x)
{
	cchar_t cc;
	wchar_t wc[CCHARW_MAX + 1] = { 0 };
	attr_t attr;
	short pair;
	if (x < 0 || x >= getmaxx(w) || mvwin_wch(w, y, x, &cc) == ERR)
		return 0;
	getcchar(&cc, wc, &attr, &pair, NULL);
	return wc[0];
}

/* Whether (y, x) is the second cell of a double-width character.  curses
 * gives both cells of one the same character, so count the run of equal
 * cells that ends at x: it starts at a first cell, and the cells of the run
 * alternate.  The width is the locale's, as curses measures. */
static bool ui_is_second_half(WINDOW *w, int y, int x)
{
	wchar_t c = ui_cell(w, y, x);
	if (x <= 0 || c == 0 || wcwidth(c) != 2)
		return false;
	int start = x;
	while (start > 0 && ui_cell(w, y, start - 1) == c)
		start--;
	return (x - start) % 2 == 1;
}

void ui_unsplit(WINDOW *w, int y, int x)
{
	int cy, cx;
	getyx(w, cy, cx);
	if (ui_is_second_half(w, y, x)) {
		/* Both halves become blanks that curses knows it must send. */
		mvwaddch(w, y, x - 1, ' ');
		mvwaddch(w, y, x, ' ');
	}
	wmove(w, cy, cx);
}

static int ui_draw(WINDOW *w, int y, int x, const char *s, int cols, enum ui_role role, bool pad)
{
	if (cols <= 0)
		return 0;
	s = s ? s : "";
	char *clean = NULL, *fitted = NULL;
	const char *text = s;
	size_t used, width;
	if (utf8_clean_width(s, &used) && used <= (size_t)cols) {
		/* Most text: drawn as it is, padded as cells. */
		width = pad ? (size_t)cols : used;
	} else {
		text = clean = utf8_sanitize(s, false);
		if (pad || utf8_width(clean) > (size_t)cols) {
			text = fitted = utf8_fit(clean, (size_t)cols);
			width = (size_t)cols;
		} else {
			width = utf8_width(clean);
		}
		used = width;
	}
	wattrset(w, ui_attrs[role]);
	if (!ui_add_cells(w, y, x, text, (int)(width - used), ui_blank_plain[role])) {
		/* A double-width character cut by either edge would be half
		 * erased on the terminal while curses still holds it whole. */
		if (width > used)
			text = fitted = utf8_fit(text, width);
		ui_unsplit(w, y, x);
		ui_unsplit(w, y, x + (int)width);
		wmove(w, y, x);
		ui_add_utf8(w, text);
	}
	wattrset(w, A_NORMAL);
	free(fitted);
	free(clean);
	return (int)width;
}

int ui_put(WINDOW *w, int y, int x, const char *s, int cols, enum ui_role role)
{
	return ui_draw(w, y, x, s, cols, role, true);
}

int ui_put_fit(WINDOW *w, int y, int x, const char *s, int cols, enum ui_role role)
{
	return ui_draw(w, y, x, s, cols, role, false);
}

/* Whether a row may break at byte n of line without a space: next to a
 * double-width character (Chinese breaks between any two characters), so
 * "2. 男女双方…" is not split after "2.". */
static bool ui_cjk_break(const char *line, size_t n)
{
	uint32_t next, prev = 0;
	utf8_decode(line + n, strlen(line + n), &next);
	if (n > 0) {
		size_t k = n - 1;       /* back to the start of the character before */
		while (k > 0 && ((unsigned char)line[k] & 0xC0) == 0x80)
			k--;
		utf8_decode(line + k, n - k, &prev);
	}
	return utf8_cp_width(next) == 2 || utf8_cp_width(prev) == 2;
}

/* Whether cp may not begin a row (行首禁则): closing brackets and the
 * full-width marks that end a clause. */
static bool ui_no_row_start(uint32_t cp)
{
	static const uint32_t closing[] = {
		0x3001, 0x3002, 0xFF0C, 0xFF1B, 0xFF1A, 0xFF01, 0xFF1F,   /* 、。，；：！？ */
		0xFF09, 0x300B, 0x3009, 0x300D, 0x300F, 0x3011, 0x3015,   /* ）》〉」』】〕 */
		0x201D, 0x2019,                                           /* ” ’ */
	};
	for (size_t i = 0; i < sizeof closing / sizeof closing[0]; i++)
		if (cp == closing[i])
			return true;
	return false;
}

/* Whether cp may not end a row: the opening brackets and quotes. */
static bool ui_no_row_end(uint32_t cp)
{
	static const uint32_t opening[] = {
		0xFF08, 0x300A, 0x3008, 0x300C, 0x300E, 0x3010, 0x3014, 0x201C, 0x2018, /* （《〈「『【〔“‘ */
	};
	for (size_t i = 0; i < sizeof opening / sizeof opening[0]; i++)
		if (cp == opening[i])
			return true;
	return false;
}

/* The start of the character before byte n of line. */
static size_t ui_char_before(const char *line, size_t n)
{
	size_t k = n - 1;
	while (k > 0 && ((unsigned char)line[k] & 0xC0) == 0x80)
		k--;
	return k;
}

/* How many bytes of line (at least one character) go on a row of cols
 * columns: a word that does not fit is moved to the next row whole when the
 * row has a space to break at; text without spaces (Chinese) breaks anywhere
 * but before a closing mark, which takes the character before it along. */
static size_t ui_wrap_cut(const char *line, size_t cols)
{
	size_t got;
	size_t n = utf8_prefix_fit(line, cols, &got);
	if (n == 0 && *line)
		return strlen(line);    /* cannot happen for cols >= 2 */
	uint32_t next = 0;
	if (line[n])
		utf8_decode(line + n, strlen(line + n), &next);
	if (line[n] && ui_no_row_start(next) && n > 0) {
		size_t k = ui_char_before(line, n);
		if (k > 0 && ui_cjk_break(line, k))
			return k;
	}
	/* Nor does an opening bracket end one (行尾禁则): it goes down too. */
	if (line[n] && n > 0) {
		size_t k = ui_char_before(line, n);
		uint32_t last = 0;
		utf8_decode(line + k, n - k, &last);
		if (k > 0 && ui_no_row_end(last) && ui_cjk_break(line, k))
			return k;
	}
	if (line[n] && line[n] != ' ' && !ui_cjk_break(line, n)) {
		for (size_t k = n; k > 0; k--)
			if (line[k - 1] == ' ')
				return k;
	}
	return n;
}

/* Wrap s as ui_put_wrapped() says, drawing only when w is not NULL. */
static int ui_wrap(WINDOW *w, int y, int x, const char *s, int cols, int max_rows,
		   enum ui_role role)
{
	if (cols <= 0 || max_rows <= 0 || !s)
		return 0;
	char *clean = utf8_sanitize(s, true);
	int rows = 0;
	const char *p = clean;
	while (*p && rows < max_rows) {
		size_t nl = strcspn(p, "\n");
		char *line = xstrndup(p, nl);
		size_t off = 0;
		do {
			size_t n = ui_wrap_cut(line + off, (size_t)cols);
			if (w) {
				char *part = xstrndup(line + off, n);
				ui_put(w, y + rows, x, part, cols, role);
				free(part);
			}
			off += n;
			rows++;
			/* The space a row broke at does not start the next one. */
			while (off > 0 && line[off] == ' ')
				off++;
		} while (line[off] && rows < max_rows);
		free(line);
		p += nl;
		if (*p == '\n')
			p++;
	}
	free(clean);
	return rows;
}

int ui_put_wrapped(WINDOW *w, int y, int x, const char *s, int cols, int max_rows,
		   enum ui_role role)
{
	return ui_wrap(w, y, x, s, cols, max_rows, role);
}

int ui_wrapped_rows(const char *s, int cols, int max_rows)
{
	return ui_wrap(NULL, 0, 0, s, cols, max_rows, UI_NORMAL);
}

void ui_rule(WINDOW *w, int y, int x, int cols, const char *title)
{
	ui_unsplit(w, y, x);
	ui_unsplit(w, y, x + cols);
	wattrset(w, ui_attrs[UI_DIM]);
	mvwhline(w, y, x, ACS_HLINE, cols);
	wattrset(w, A_NORMAL);
	if (title && *title && cols > 4) {
		mvwaddch(w, y, x + 1, ' ');
		int n = ui_put_fit(w, y, x + 2, title, cols - 4, UI_TITLE);
		mvwaddch(w, y, x + 2 + n, ' ');
	}
}
