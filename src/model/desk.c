/* desk.c - the state of a supervisor's screens (desk.h). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdlib.h>
#include <string.h>

#include "wicket/model/desk.h"
#include "wicket/model/list.h"
#include "wicket/model/wire.h"
#include "wicket/common/utf8.h"
#include "wicket/common/xalloc.h"

void desk_init(struct desk *d)
{
	memset(d, 0, sizeof *d);
	d->day_date = -1;
	d->audits_from = d->audits_to = -1;
	d->report_from = d->report_to = -1;
	d->visits_date = -1;
}

void desk_free(struct desk *d)
{
	m_free(&m_board_desc, &d->board);
	m_free(&m_day_desc, &d->day);
	m_free(&m_audit_desc, &d->audit);
	desk_set_audits(d, NULL, 0, NULL);
	desk_set_rectifications(d, NULL, 0, NULL);
	desk_set_callbacks(d, NULL, 0, NULL);
	desk_set_sessions(d, NULL, 0);
	desk_set_visits(d, NULL, 0);
	desk_set_owed(d, NULL, 0);
	desk_set_halls(d, NULL, 0, 0);
	free(d->look_name);
	m_free(&m_report_desc, &d->report);
	desk_init(d);
}

/* ---- rules ---- */

/* Actions that read and move only: always allowed. */
static bool desk_harmless(enum action a)
{
	switch (a) {
	case ACT_HELP: case ACT_QUIT: case ACT_BACK: case ACT_REFRESH: case ACT_UP: case ACT_DOWN:
	case ACT_PAGE_UP: case ACT_PAGE_DOWN: case ACT_BOARD: case ACT_AUDITS: case ACT_RECTIFICATIONS:
	case ACT_CALLBACKS: case ACT_REPORT: case ACT_CONFLICTS: case ACT_ACKNOWLEDGE:
	case ACT_SESSIONS: case ACT_HOME_VISITS: case ACT_OWED:
		return true;
	default:
		return false;
	}
}

/* Actions that change a hall: not in a hall only looked into. */
static bool desk_writes(enum action a)
{
	switch (a) {
	case ACT_AUDIT: case ACT_TICK: case ACT_ADD_FINDING: case ACT_DROP_FINDING: case ACT_SUBMIT:
	case ACT_FOLLOW_UP: case ACT_DRAW_SAMPLE: case ACT_OUTCOME: case ACT_OPEN_SESSION:
	case ACT_CLOSE_SESSION: case ACT_BOOK_VISIT: case ACT_ASSIGN: case ACT_ABSENCE:
		return true;
	default:
		return false;
	}
}

static enum refusal desk_check_audit(const struct desk *d, enum action a)
{
	if (d->audit_done || d->audit_sent)
		return REF_AUDIT_DONE;
	switch (a) {
	case ACT_TICK:
		return d->audit_sel < M_AUDIT_NITEMS ? REF_OK : REF_NOT_ITEM;
	case ACT_ADD_FINDING:
		return d->nfindings < DESK_MAX_FINDINGS ? REF_OK : REF_TOO_MANY;
	case ACT_DROP_FINDING:
		return d->audit_sel >= M_AUDIT_NITEMS && d->audit_sel < desk_audit_rows(d) ?
		       REF_OK : REF_NOT_FINDING;
	case ACT_SUBMIT:
		return REF_OK;
	default:
		return REF_NOT_HERE;
	}
}

/* An act on the selected row of a list whose rows are open or closed (a
 * finding to follow up, a call to answer): `here` is whether the list is
 * on screen, `open` the selected row's flag (NULL: no row selected). */
static enum refusal desk_check_open(bool here, const bool *open)
{
	if (!here)
		return REF_NOT_HERE;
	if (!open)
		return REF_NO_ROW;
	return *open ? REF_OK : REF_CLOSED;
}

enum refusal desk_check(const struct desk *d, const struct session *s, enum scr scr, enum action a)
{
	if (desk_harmless(a))
		return REF_OK;
	if (d->look_hall && desk_writes(a))
		return REF_OTHER_HALL;
	if (a == ACT_HALLS)
		return d->nhalls > 1 ? REF_OK : REF_NOT_HERE;
	if (s->busy)
		return REF_BUSY;
	switch (a) {
	case ACT_OPEN_HALL:
		return scr != SCR_HALLS ? REF_NOT_HERE : d->halls_sel < d->nhalls ? REF_OK : REF_NO_ROW;
	case ACT_DAY: case ACT_ABSENCE:
		return scr != SCR_BOARD ? REF_NOT_HERE : d->board_sel ? REF_OK : REF_NO_WINDOW;
	case ACT_AUDIT:
		if (scr == SCR_DAY)
			return d->day_window ? REF_OK : REF_NO_WINDOW;
		return scr != SCR_BOARD ? REF_NOT_HERE : d->board_sel ? REF_OK : REF_NO_WINDOW;
	case ACT_PREV_DAY: case ACT_NEXT_DAY:
		return scr == SCR_DAY || scr == SCR_VISITS ? REF_OK : REF_NOT_HERE;
	case ACT_OPEN_SESSION:
		return scr == SCR_SESSIONS ? REF_OK : REF_NOT_HERE;
	case ACT_CLOSE_SESSION: {
		bool open = d->sessions_sel < d->nsessions && d->sessions[d->sessions_sel].status &&
			    strcmp(d->sessions[d->sessions_sel].status, "ended") != 0;
		return desk_check_open(scr == SCR_SESSIONS, d->sessions_sel < d->nsessions ? &open : NULL);
	}
	case ACT_BOOK_VISIT:
		return scr == SCR_VISITS ? REF_OK : REF_NOT_HERE;
	case ACT_ASSIGN: {
		bool booked = d->visits_sel < d->nvisits && strcmp(d->visits[d->visits_sel].status, "booked") == 0;
		return desk_check_open(scr == SCR_VISITS, d->visits_sel < d->nvisits ? &booked : NULL);
	}
	case ACT_PERIOD:
		return scr == SCR_DAY || scr == SCR_AUDITS || scr == SCR_REPORT ? REF_OK : REF_NOT_HERE;
	case ACT_TICK: case ACT_ADD_FINDING: case ACT_DROP_FINDING: case ACT_SUBMIT:
		return scr == SCR_AUDIT ? desk_check_audit(d, a) : REF_NOT_HERE;
	case ACT_FOLLOW_UP:
		return desk_check_open(scr == SCR_RECTIFY,
				       d->rect_sel < d->nrect ? &d->rect[d->rect_sel].open : NULL);
	case ACT_SHOW_ALL:
		return scr == SCR_RECTIFY || scr == SCR_OWED ? REF_OK : REF_NOT_HERE;
	case ACT_DRAW_SAMPLE:
		return scr == SCR_CALLBACKS ? REF_OK : REF_NOT_HERE;
	case ACT_OUTCOME:
		return desk_check_open(scr == SCR_CALLBACKS, d->callbacks_sel < d->ncallbacks ?
				       &d->callbacks[d->callbacks_sel].open : NULL);
	case ACT_BY: case ACT_EXPORT: case ACT_EXPORT_RATINGS:
		return scr == SCR_REPORT ? REF_OK : REF_NOT_HERE;
	default:
		return REF_NOT_HERE;
	}
}

/* ---- the board ---- */

size_t desk_board_count(const struct desk *d)
{
	size_t n = 0;
	for (size_t z = 0; z < d->board.nzones; z++)
		n += d->board.zones[z].nwindows;
	return n;
}

const struct m_board_window *desk_board_at(const struct desk *d, size_t i)
{
	for (size_t z = 0; z < d->board.nzones; z++) {
		const struct m_board_zone *zone = &d->board.zones[z];
		if (i < zone->nwindows)
			return &zone->windows[i];
		i -= zone->nwindows;
	}
	return NULL;
}

const struct m_board_window *desk_board_window(const struct desk *d, int no)
{
	for (size_t z = 0; z < d->board.nzones; z++)
		for (size_t i = 0; i < d->board.zones[z].nwindows; i++)
			if (d->board.zones[z].windows[i].no == no)
				return &d->board.zones[z].windows[i];
	return NULL;
}

size_t desk_board_index(const struct desk *d)
{
	size_t n = desk_board_count(d);
	for (size_t i = 0; i < n; i++)
		if (desk_board_at(d, i)->no == d->board_sel)
			return i;
	return 0;
}

void desk_board_move(struct desk *d, long delta)
{
	size_t n = desk_board_count(d);
	if (n == 0)
		return;
	d->board_sel = desk_board_at(d, counter_move(desk_board_index(d), n, delta))->no;
}

void desk_set_board(struct desk *d, struct m_board *b, int64_t now)
{
	m_take(&m_board_desc, &d->board, b);
	d->have_board = true;
	d->board_at = now;
	if (!desk_board_window(d, d->board_sel)) {
		const struct m_board_window *first = desk_board_at(d, 0);
		d->board_sel = first ? first->no : 0;
	}
}

int64_t desk_elapsed(const struct desk *d, int64_t seconds, int64_t now)
{
	/* The hall clock's whole minutes since it began, as the clock reads
	 * (09:03 to 09:15 is 12 min): every duration on the board turns with
	 * the clock's minute, so an idle board is drawn once a minute. */
	int64_t at = now > d->board_at ? now : d->board_at, start = d->board_at - seconds;
	int64_t minutes = at / 60 - start / 60;
	return minutes > 0 ? 60 * minutes : 0;
}

/* A duration in the board's whole minutes, rounded up: 20 s is 1 min. */
static int64_t desk_minutes(int64_t seconds)
{
	return seconds > 0 ? (seconds + 59) / 60 : 0;
}

static bool desk_duration_changed(const struct desk *d, int64_t seconds, int64_t then, int64_t now)
{
	return desk_minutes(desk_elapsed(d, seconds, then)) != desk_minutes(desk_elapsed(d, seconds, now));
}

bool desk_board_changed(const struct desk *d, int64_t then, int64_t now)
{
	if (!d->have_board)
		return false;
	for (size_t i = 0, n = desk_board_count(d); i < n; i++) {
		const struct m_board_window *w = desk_board_at(d, i);
		if (desk_duration_changed(d, w->status_seconds, then, now) ||
		    (w->has_current && desk_duration_changed(d, w->current.seconds, then, now)))
			return true;
	}
	for (size_t i = 0; i < d->board.nservices; i++) {
		const struct m_board_service *s = &d->board.services[i];
		if (s->waiting > 0 && desk_duration_changed(d, s->longest_wait, then, now))
			return true;
	}
	return false;
}

/* ---- a window's day ---- */

void desk_set_day(struct desk *d, struct m_day *day)
{
	m_take(&m_day_desc, &d->day, day);
	d->have_day = true;
	d->day_sel = counter_move(d->day_sel, d->day.ntimeline, 0);
}

/* ---- the audit ---- */

void desk_audit_start(struct desk *d, int no)
{
	m_free(&m_audit_desc, &d->audit);
	d->audit_window = no;
	for (int i = 0; i < M_AUDIT_NITEMS; i++)
		d->audit_ok[i] = true;
	memset(d->findings, 0, sizeof d->findings);
	d->nfindings = 0;
	d->audit_sel = 0;
	d->audit_sent = false;
	d->audit_done = false;
}

size_t desk_audit_rows(const struct desk *d)
{
	return M_AUDIT_NITEMS + d->nfindings;
}

void desk_audit_toggle(struct desk *d)
{
	if (d->audit_sel < M_AUDIT_NITEMS && !d->audit_done)
		d->audit_ok[d->audit_sel] = !d->audit_ok[d->audit_sel];
}

int desk_audit_add_finding(struct desk *d, const char *text, int days)
{
	if (d->nfindings >= DESK_MAX_FINDINGS || days < 0 || days > DESK_MAX_RECTIFY_DAYS)
		return -1;
	struct desk_finding *f = &d->findings[d->nfindings++];
	utf8_copy(f->text, sizeof f->text, text);
	f->days = days;
	d->audit_sel = M_AUDIT_NITEMS + d->nfindings - 1;
	return 0;
}

void desk_audit_drop_finding(struct desk *d)
{
	if (d->audit_sel < M_AUDIT_NITEMS || d->audit_sel >= desk_audit_rows(d))
		return;
	size_t i = d->audit_sel - M_AUDIT_NITEMS;
	memmove(&d->findings[i], &d->findings[i + 1], (d->nfindings - i - 1) * sizeof d->findings[0]);
	d->nfindings--;
	memset(&d->findings[d->nfindings], 0, sizeof d->findings[0]);
	d->audit_sel = counter_move(d->audit_sel, desk_audit_rows(d), 0);
}

void desk_audit_sent(struct desk *d, bool sent)
{
	d->audit_sent = sent;
}

void desk_set_audit(struct desk *d, struct m_audit *a)
{
	m_take(&m_audit_desc, &d->audit, a);
	d->audit_done = true;
}

/* ---- lists ---- */


/* A finding is its audit's n-th. */
static bool desk_same_finding(const void *a, const void *b)
{
	const struct m_finding *x = a, *y = b;
	return x->audit == y->audit && x->n == y->n;
}

static bool desk_same_callback(const void *a, const void *b)
{
	return ((const struct m_callback *)a)->id == ((const struct m_callback *)b)->id;
}

static const struct list_kind desk_audits_kind = {
	.desc = &m_audit_desc,
};
static const struct list_kind desk_rect_kind = {
	.desc = &m_finding_desc, .same = desk_same_finding,
};
static const struct list_kind desk_callbacks_kind = {
	.desc = &m_callback_desc, .same = desk_same_callback,
};

/* Where a page of n rows stands: page, or the whole list when NULL. */
static struct m_page desk_page(const struct m_page *page, size_t n)
{
	return page ? *page : (struct m_page){ .total = (int64_t)n };
}

void desk_set_audits(struct desk *d, struct m_audit *list, size_t n, const struct m_page *page)
{
	d->audits_page = desk_page(page, n);
	list_replace(&d->audits, &d->naudits, &d->audits_sel, list, n, &desk_audits_kind);
}

void desk_set_rectifications(struct desk *d, struct m_finding *list, size_t n, const struct m_page *page)
{
	d->rect_page = desk_page(page, n);
	list_replace(&d->rect, &d->nrect, &d->rect_sel, list, n, &desk_rect_kind);
}

void desk_set_callbacks(struct desk *d, struct m_callback *list, size_t n, const struct m_page *page)
{
	d->callbacks_page = desk_page(page, n);
	list_replace(&d->callbacks, &d->ncallbacks, &d->callbacks_sel, list, n, &desk_callbacks_kind);
}

static bool desk_same_session(const void *a, const void *b)
{
	return ((const struct m_extra_session *)a)->id == ((const struct m_extra_session *)b)->id;
}

static const struct list_kind desk_sessions_kind = {
	.desc = &m_extra_session_desc, .same = desk_same_session,
};

void desk_set_sessions(struct desk *d, struct m_extra_session *list, size_t n)
{
	list_replace(&d->sessions, &d->nsessions, &d->sessions_sel, list, n, &desk_sessions_kind);
}

static bool desk_same_visit(const void *a, const void *b)
{
	return ((const struct m_home_visit *)a)->id == ((const struct m_home_visit *)b)->id;
}

static const struct list_kind desk_visits_kind = {
	.desc = &m_home_visit_desc, .same = desk_same_visit,
};

void desk_set_visits(struct desk *d, struct m_home_visit *list, size_t n)
{
	list_replace(&d->visits, &d->nvisits, &d->visits_sel, list, n, &desk_visits_kind);
}

static bool desk_same_owed(const void *a, const void *b)
{
	const struct m_deferred *x = a, *y = b;
	return x->case_id == y->case_id && x->material == y->material;
}

static const struct list_kind desk_owed_kind = {
	.desc = &m_deferred_desc, .same = desk_same_owed,
};

void desk_set_owed(struct desk *d, struct m_deferred *list, size_t n)
{
	list_replace(&d->owed, &d->nowed, &d->owed_sel, list, n, &desk_owed_kind);
}

void desk_set_sample(struct desk *d, const struct m_sample *s)
{
	d->sample = *s;
	d->have_sample = true;
}

void desk_set_report(struct desk *d, struct m_report *r)
{
	m_take(&m_report_desc, &d->report, r);
	d->have_report = true;
	d->report_sel = counter_move(d->report_sel, d->report.nrows, 0);
}

static bool desk_same_hall(const void *a, const void *b)
{
	return ((const struct m_platform_hall *)a)->id == ((const struct m_platform_hall *)b)->id;
}

static const struct list_kind desk_halls_kind = {
	.desc = &m_platform_hall_desc, .same = desk_same_hall,
};

void desk_set_halls(struct desk *d, struct m_platform_hall *list, size_t n, int64_t now)
{
	list_replace(&d->halls, &d->nhalls, &d->halls_sel, list, n, &desk_halls_kind);
	d->have_halls = now > 0;
	d->halls_at = now;
}

/* What was read of the hall left goes with it. */
static void desk_drop_hall_reads(struct desk *d)
{
	m_free(&m_board_desc, &d->board);
	d->have_board = false;
	d->board_sel = 0;
	m_free(&m_day_desc, &d->day);
	d->have_day = false;
	d->day_window = 0;
	d->day_sel = 0;
	d->day_at = 0;
}

void desk_look_into(struct desk *d, int64_t id, int64_t own, const char *name)
{
	int64_t look = id == own ? 0 : id;
	if (look != d->look_hall)
		desk_drop_hall_reads(d);
	d->look_hall = look;
	free(d->look_name);
	d->look_name = xstrdup(name ? name : "");
}

void desk_look_home(struct desk *d)
{
	if (d->look_hall)
		desk_drop_hall_reads(d);
	d->look_hall = 0;
	free(d->look_name);
	d->look_name = NULL;
}

const char *desk_by_name(enum desk_by by)
{
	static const char *const names[DESK_BY_COUNT] = {
		[DESK_BY_WINDOW] = "window", [DESK_BY_CLERK] = "clerk", [DESK_BY_MATTER] = "matter",
		[DESK_BY_HALL] = "hall",
	};
	return by >= 0 && by < DESK_BY_COUNT ? names[by] : names[DESK_BY_WINDOW];
}

void desk_next_by(struct desk *d)
{
	enum desk_by next = (enum desk_by)((d->report_by + 1) % DESK_BY_COUNT);
	if (next == DESK_BY_HALL && (d->nhalls < 2 || d->look_hall))
		next = DESK_BY_WINDOW;
	d->report_by = next;
}
