/* bigtext.h - very large type for the hall's call screen: a ticket number
 * ("A023") drawn several rows high, for the room to read from afar. */
#ifndef WICKET_UI_BIGTEXT_H
#define WICKET_UI_BIGTEXT_H

#include <curses.h>

#define BIGTEXT_ROWS 7            /* a glyph's height in dots */
#define BIGTEXT_COLS 5            /* and its width */

/* The columns s takes drawn with dots sx columns wide (a gap of half a
 * dot, at least a column, between glyphs); characters the font has not (anything but A-Z, a-z,
 * 0-9, ' ', '>' and '-') are left out, as bigtext_draw leaves them. */
int bigtext_width(const char *s, int sx);
/* Draw s with its top left at (y, x), each dot sx columns by sy rows,
 * in attr (reverse video is added: a dot is a blank, one column wide in
 * every locale).  What falls outside w is cut.  Returns the columns
 * used. */
int bigtext_draw(WINDOW *w, int y, int x, const char *s, int sx, int sy, attr_t attr);

#endif
