/* ui.h - drawing primitives over ncursesw.
 *
 * Every string drawn goes through ui_put(), which sanitises it (no control
 * character or escape sequence reaches the terminal), measures it by
 * display width (CJK takes two columns) and fits it to the room given
 * without splitting a character.  Text is UTF-8 whatever the locale: it is
 * converted to wide characters here and ncurses writes them in the
 * terminal's own encoding (UTF-8 or GB18030 alike). */
#ifndef WICKET_UI_H
#define WICKET_UI_H

#include <stdbool.h>

#include <curses.h>

/* Colour roles; each falls back to an attribute on a monochrome terminal
 * or when NO_COLOR is set. */
enum ui_role {
	UI_NORMAL = 0, UI_TITLE, UI_STATUS, UI_STATUS_BAD, UI_SELECTED, UI_KEY,
	UI_OK, UI_AMBER, UI_RED, UI_DIM, UI_PRIORITY,
	UI_DRILL,       /* the status line of a drill's session: never mistaken for the hall */
	UI_ROLE_COUNT
};

/* Start curses on the terminal (initscr) or, for render tests, on the given
 * streams (newterm); sets raw keyboard mode, keypad, no echo, no delay, and
 * the colours.  Returns 0, or -1 when the terminal cannot be used. */
int ui_start(FILE *out, FILE *in, const char *term);
/* End curses and restore the terminal. */
void ui_stop(void);
/* Whether colours are in use. */
bool ui_has_colour(void);
/* The attribute of a role. */
attr_t ui_attr(enum ui_role role);
/* Draw s at (y, x) in exactly cols columns (padded or cut with "…").
 * Returns the columns drawn (= cols). s may be NULL. */
int ui_put(WINDOW *w, int y, int x, const char *s, int cols, enum ui_role role);
/* Draw s at (y, x) cut to at most cols columns, not padded; returns the
 * width drawn. */
int ui_put_fit(WINDOW *w, int y, int x, const char *s, int cols, enum ui_role role);
/* Wrap s (may hold newlines) into lines of at most cols columns starting at
 * row y, drawing at most max_rows rows; returns the rows used.  A row breaks
 * at its last space rather than inside a word; text without spaces breaks
 * anywhere. */
int ui_put_wrapped(WINDOW *w, int y, int x, const char *s, int cols, int max_rows,
		   enum ui_role role);
/* The rows ui_put_wrapped() would use for s, without drawing. */
int ui_wrapped_rows(const char *s, int cols, int max_rows);
/* Make (y, x) safe to draw at: when it is the second cell of a
 * double-width character, both its cells become blanks.  Drawing over half
 * of such a character makes the terminal erase all of it while curses
 * still believes the other half is shown, so it would never send it again
 * (a closed dialog left "居 证").  The cursor is left where it was. */
void ui_unsplit(WINDOW *w, int y, int x);
/* Send the whole screen again at the next update (^L): whatever the
 * terminal shows, it shows what curses holds afterwards. */
void ui_repaint(void);
/* A horizontal rule of width cols with an optional title. */
void ui_rule(WINDOW *w, int y, int x, int cols, const char *title);

#endif
