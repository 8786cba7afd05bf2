/* csv.h - writing CSV for spreadsheets (RFC 4180), safe to open in Excel.
 *
 * A file is CSV_BOM, then rows of fields separated by ',' and ended by
 * CSV_EOL.  Text fields go through csv_field(): it quotes what needs it
 * and defuses text a spreadsheet would take for a formula.  Numbers the
 * program formats itself may be appended as they are. */
#ifndef WICKET_CSV_H
#define WICKET_CSV_H

#include "wicket/common/buf.h"

/* The UTF-8 byte order mark: without it Excel reads UTF-8 as the local
 * code page and garbles Chinese text. */
#define CSV_BOM "\xEF\xBB\xBF"
/* Rows end in CR LF (RFC 4180). */
#define CSV_EOL "\r\n"

/* Append the text s (NULL is an empty field) to b as one field.  Text that
 * starts with '=', '+', '-', '@', a tab or a carriage return gets a leading
 * apostrophe, so that a spreadsheet shows it instead of evaluating it
 * (formula injection).  Then, when the text holds a comma, a double quote,
 * a CR or a LF, it is enclosed in double quotes with each double quote
 * doubled. */
void csv_field(struct buf *b, const char *s);

#endif
