/* ui_text.h - preparing untrusted text for a screen cell.
 *
 * Anything that came from the network is passed through here before it is
 * drawn: control characters and escape sequences are neutralised and the text
 * is fitted to its column by display width. */
#ifndef WICKET_UI_TEXT_H
#define WICKET_UI_TEXT_H

#include <stddef.h>

/* Return a malloc'd string: s sanitised (no control byte survives) and
 * fitted to exactly cols columns (truncated with "…" or padded).  NULL s is
 * treated as "".  The caller frees it. */
char *ui_text_cell(const char *s, size_t cols);

#endif
