/* report_csv.h - the supervisor's report as a CSV a Chinese supervisor can
 * read: the header in the session's language, durations in minutes.
 *
 * The server's own CSV (GET /reports?format=csv) keeps stable English
 * column ids for programs; what the supervisor exports with `e` is made
 * here from the report on the screen, so that it says the same as the
 * screen, in the same words.  No I/O here. */
#ifndef WICKET_REPORT_CSV_H
#define WICKET_REPORT_CSV_H

#include "wicket/common/buf.h"
#include "wicket/model/desk.h"
#include "wicket/model/model_sup.h"

/* Append report r (its rows per by, then the total) to out as CSV
 * (csv.h's: BOM, CR LF rows, fields quoted and defused): a header of
 * translated column names, counts as whole numbers, durations in minutes
 * with one decimal, percentages with one decimal; a value the server did
 * not give (no data) is an empty field.  Nothing is allocated but out's
 * storage. */
void report_csv(const struct m_report *r, enum desk_by by, struct buf *out);

#endif
