/* report_csv.c - the supervisor's report as a CSV for people (report_csv.h). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "wicket/common/csv.h"
#include "wicket/common/i18n.h"
#include "wicket/model/report_csv.h"

enum rc_fmt { RC_COUNT, RC_MINUTES, RC_PCT };

/* The columns after the key and the name, in the server's order. */
static const struct rc_col {
	const char *head;            /* msgid */
	size_t off;                  /* an int64_t of struct m_report_row */
	enum rc_fmt fmt;
} rc_cols[] = {
	{ N_("Called"), offsetof(struct m_report_row, tickets_called), RC_COUNT },
	{ N_("Served"), offsetof(struct m_report_row, tickets_served), RC_COUNT },
	{ N_("No-shows"), offsetof(struct m_report_row, no_shows), RC_COUNT },
	{ N_("Transferred"), offsetof(struct m_report_row, transferred), RC_COUNT },
	{ N_("Average wait (minutes)"), offsetof(struct m_report_row, wait_avg), RC_MINUTES },
	{ N_("Wait, 90th percentile (minutes)"), offsetof(struct m_report_row, wait_p90), RC_MINUTES },
	{ N_("Average handling (minutes)"), offsetof(struct m_report_row, handle_avg), RC_MINUTES },
	{ N_("Handling, 90th percentile (minutes)"), offsetof(struct m_report_row, handle_p90), RC_MINUTES },
	{ N_("Paused (minutes)"), offsetof(struct m_report_row, paused_seconds), RC_MINUTES },
	{ N_("Promised cases completed"), offsetof(struct m_report_row, promised_completed), RC_COUNT },
	{ N_("Completed on time"), offsetof(struct m_report_row, promised_on_time), RC_COUNT },
	{ N_("On time (%)"), offsetof(struct m_report_row, on_time_pct), RC_PCT },
	{ N_("Overdue, still open"), offsetof(struct m_report_row, overdue_open), RC_COUNT },
	{ N_("Cases accepted"), offsetof(struct m_report_row, accepted), RC_COUNT },
	{ N_("Accepted at the first visit"), offsetof(struct m_report_row, accepted_first_visit), RC_COUNT },
	{ N_("Done in one visit (%)"), offsetof(struct m_report_row, one_visit_pct), RC_PCT },
	{ N_("Extended-hours services"), offsetof(struct m_report_row, extended_services), RC_COUNT },
	{ N_("Extended hours (minutes)"), offsetof(struct m_report_row, extended_minutes), RC_COUNT },
	{ N_("Helped through (帮办)"), offsetof(struct m_report_row, assisted_help), RC_COUNT },
	{ N_("Handled by an agent (代办)"), offsetof(struct m_report_row, assisted_proxy), RC_COUNT },
};
#define RC_NCOLS (sizeof rc_cols / sizeof rc_cols[0])

/* The five levels of the national scale, worst first (as `ratings`). */
static const char *const rc_levels[5] = {
	N_("very dissatisfied"), N_("dissatisfied"), N_("basically satisfied"),
	N_("satisfied"), N_("very satisfied"),
};

static void rc_header(struct buf *b, enum desk_by by)
{
	static const char *const key[DESK_BY_COUNT] = {
		[DESK_BY_WINDOW] = N_("Window number"), [DESK_BY_CLERK] = N_("Staff user"),
		[DESK_BY_MATTER] = N_("Matter code"), [DESK_BY_HALL] = N_("Hall number"),
	};
	static const char *const name[DESK_BY_COUNT] = {
		[DESK_BY_WINDOW] = N_("Window"), [DESK_BY_CLERK] = N_("Clerk"),
		[DESK_BY_MATTER] = N_("Matter"), [DESK_BY_HALL] = N_("Hall"),
	};
	csv_field(b, _(key[by]));
	buf_addc(b, ',');
	csv_field(b, _(name[by]));
	for (size_t i = 0; i < RC_NCOLS; i++) {
		buf_addc(b, ',');
		csv_field(b, _(rc_cols[i].head));
	}
	for (size_t i = 0; i < 5; i++) {
		buf_addc(b, ',');
		csv_field(b, _(rc_levels[i]));
	}
	buf_addc(b, ',');
	csv_field(b, _("Rated"));
	buf_addc(b, ',');
	csv_field(b, _("Satisfied (%)"));
	buf_adds(b, CSV_EOL);
}

/* One value; a negative one is "none" (the server sent null). */
static void rc_value(struct buf *b, int64_t v, enum rc_fmt fmt)
{
	if (v < 0)
		return;
	switch (fmt) {
	case RC_COUNT:
		buf_printf(b, "%lld", (long long)v);
		break;
	case RC_MINUTES: { /* seconds, to minutes rounded to a tenth */
		int64_t tenths = (v + 3) / 6;
		buf_printf(b, "%lld.%lld", (long long)(tenths / 10), (long long)(tenths % 10));
		break;
	}
	case RC_PCT:       /* tenths of a percent */
		buf_printf(b, "%lld.%lld", (long long)(v / 10), (long long)(v % 10));
		break;
	}
}

static void rc_row(struct buf *b, const struct m_report_row *row, const char *name)
{
	csv_field(b, row->key);
	buf_addc(b, ',');
	csv_field(b, row->name ? row->name : name);
	for (size_t i = 0; i < RC_NCOLS; i++) {
		int64_t v;
		memcpy(&v, (const char *)row + rc_cols[i].off, sizeof v);
		buf_addc(b, ',');
		rc_value(b, v, rc_cols[i].fmt);
	}
	for (size_t i = 0; i < 5; i++) {
		buf_addc(b, ',');
		if (i < row->nratings)
			rc_value(b, row->ratings[i], RC_COUNT);
	}
	buf_addc(b, ',');
	rc_value(b, row->rated, RC_COUNT);
	buf_addc(b, ',');
	rc_value(b, row->satisfied_pct, RC_PCT);
	buf_adds(b, CSV_EOL);
}

void report_csv(const struct m_report *r, enum desk_by by, struct buf *out)
{
	buf_adds(out, CSV_BOM);
	rc_header(out, by);
	for (size_t i = 0; i < r->nrows; i++)
		rc_row(out, &r->rows[i], NULL);
	rc_row(out, &r->total, _("Total"));
}
