/* calendar_reload.c - a new year's notice going live while wicketd runs.
 *
 * The administrator drops 2027.txt into the calendar folder and tells
 * wicketd (SIGHUP, or POST /api/v1/calendar/reload).  The folder is read and
 * checked whole, without the lock (a bad line refuses the reload: the old
 * calendar stays, and the error names file:line); then, under the lock and
 * in one transaction, the new calendar replaces the old one and every case
 * whose clock runs gets its due date again: each one that changed records a
 * step in its history and a case.due_changed event, which the clerk's and
 * the supervisor's screens show ("due date changed by the 2027 calendar").
 *
 * Threads: handlers read s->cal with srv_cal(), some off the lock (snapshot
 * routes), so the pointer is swapped atomically
 * under it.  A drill's sandbox was given the hall's calendar when it began
 * and reads it under its own lock, so an old calendar is never freed while
 * wicketd runs: it is retired (s->cal_retired) and freed by srv_close().
 * A reload is a few times a year, a calendar a few kilobytes. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wicket/common/log.h"
#include "wicket/common/xalloc.h"
#include "wicket/server/calendar_dir.h"
#include "wicket/server/srv.h"
#include "wicket/server/srv_case.h"

/* One reload at a time (a signal and the endpoint at once): the second
 * reads the folder after the first has swapped. */
static pthread_mutex_t calr_serial = PTHREAD_MUTEX_INITIALIZER;

/* The year to name for a change of a due date from old to new: the later
 * of the two dates' years (the calendar whose days moved it). */
static int calr_year(date_t old, date_t new)
{
	return date_year(new > old ? new : old);
}

/* Compute case id's due date again with s->cal; when it moved or stopped
 * being provisional, store it, record the step and the event (through r),
 * and add {case, number, window, from, to, provisional, year} to changes. */
static void calr_recompute(struct req *r, int64_t id, cJSON *changes)
{
	struct srv *s = r->srv;
	struct kase k;
	if (case_load_id(r, id, &k))
		return;
	struct cal_span *sp;
	size_t n = case_spans(s, id, &sp);
	date_t due;
	bool provisional = false;
	int was_provisional = db_int(s, "SELECT provisional FROM cases WHERE id = ?", 0, "I", id);
	int rc = cal_due(srv_cal(s), k.accepted_on, k.working_days, sp, n, &due, &provisional);
	free(sp);
	if (rc || (due == k.due && provisional == (was_provisional != 0))) {
		case_kase_free(&k);
		return;
	}
	char from[DATE_ISO_SIZE] = "", to[DATE_ISO_SIZE];
	if (k.due)
		date_format_iso(k.due, from);
	date_format_iso(due, to);
	db_run(s, "UPDATE cases SET due = ?, provisional = ? WHERE id = ?", "siI", to, (int)provisional, id);
	cJSON *detail = cJSON_CreateObject();
	cJSON_AddStringToObject(detail, "from", from);
	cJSON_AddStringToObject(detail, "to", to);
	cJSON_AddBoolToObject(detail, "provisional", provisional);
	cJSON_AddNumberToObject(detail, "year", calr_year(k.due, due));
	cJSON *change = cJSON_Duplicate(detail, true);
	cJSON_AddNumberToObject(change, "case", (double)id);
	cJSON_AddStringToObject(change, "number", k.number);
	cJSON_AddNumberToObject(change, "window", k.window);
	cJSON_AddItemToArray(changes, change);
	/* Done by nobody at no window: the calendar moved it. */
	struct case_at at = { 0 };
	case_step(r, &k, "due_changed", &at, detail);
	case_kase_free(&k);
}

/* Every case whose clock runs, due again with s->cal.  A suspended case's
 * due date is computed again when it resumes.  Inside a transaction. */
static void calr_recompute_all(struct req *r, cJSON *changes)
{
	struct srv *s = r->srv;
	int64_t *ids = NULL;
	size_t n = 0, cap = 0;
	db_q *st = db_prep(s, "SELECT id FROM cases WHERE status = 'accepted' ORDER BY id", "");
	while (db_step(st) == DB_ROW) {
		if (n == cap)
			ids = xreallocarray(ids, cap = cap ? 2 * cap : 64, sizeof *ids);
		ids[n++] = db_col_i64(st, 0);
	}
	db_reset(st);
	for (size_t i = 0; i < n; i++)
		calr_recompute(r, ids[i], changes);
	free(ids);
}

/* The years of cal covered by a file, as a JSON array. */
static cJSON *calr_years(const struct calendar *cal)
{
	cJSON *arr = cJSON_CreateArray();
	for (size_t i = 0; i < cal_year_count(cal); i++)
		cJSON_AddItemToArray(arr, cJSON_CreateNumber(cal_year_at(cal, i)));
	return arr;
}

/* Under the lock: every open case due again with s->cal, in one
 * transaction.  Returns the changes, or NULL when the transaction failed
 * (nothing changed). */
static cJSON *calr_recompute_locked(struct srv *s)
{
	struct req r = { .srv = s };
	if (db_begin(s))
		return NULL;
	cJSON *changes = cJSON_CreateArray();
	calr_recompute_all(&r, changes);
	if (db_commit(s)) {
		db_rollback(s);
		cJSON_Delete(changes);
		return NULL;
	}
	if (r.events_added)
		ev_wake(s);
	return changes;
}

/* Swap in cal and recompute, under the lock.  Returns the changes, or NULL
 * (cal freed, the old calendar kept) when the transaction failed. */
static cJSON *calr_swap(struct srv *s, struct calendar *cal)
{
	pthread_mutex_lock(&s->lock);
	struct calendar *old = s->cal;
	__atomic_store_n(&s->cal, cal, __ATOMIC_RELEASE);   /* read off the lock (srv_cal) */
	cJSON *changes = calr_recompute_locked(s);
	if (!changes) {
		__atomic_store_n(&s->cal, old, __ATOMIC_RELEASE);
		pthread_mutex_unlock(&s->lock);
		cal_free(cal);
		return NULL;
	}
	s->cal_retired = xreallocarray(s->cal_retired, s->ncal_retired + 1, sizeof *s->cal_retired);
	s->cal_retired[s->ncal_retired++] = old;
	pthread_mutex_unlock(&s->lock);
	return changes;
}

int srv_calendar_recompute(struct srv *s)
{
	pthread_mutex_lock(&s->lock);
	cJSON *changes = calr_recompute_locked(s);
	pthread_mutex_unlock(&s->lock);
	if (!changes) {
		log_error("the due dates of the open cases could not be checked against the calendar");
		return -1;
	}
	int n = cJSON_GetArraySize(changes);
	if (n > 0)
		log_info("%d open case(s) got a new due date from the calendar", n);
	cJSON_Delete(changes);
	return n;
}

int srv_calendar_reload(struct srv *s, struct cal_error *err, cJSON **changes)
{
	int rc = 0;
	pthread_mutex_lock(&calr_serial);
	struct calendar *cal = srv_calendar_open(s->opt->calendar_dir, err);
	if (!cal) {
		log_error("calendar not reloaded, the old one is kept: %s:%d: %s", err->file, err->line,
			  err->message);
		rc = -1;
	} else if (!(*changes = calr_swap(s, cal))) {
		cal_error_set(err, s->opt->calendar_dir, 0, "the database is busy; try again");
		log_error("calendar not reloaded: the database is busy");
		rc = -2;
	} else {
		log_info("calendar reloaded from %s: %d year(s) from files, %d open case(s) with a new due date",
			 s->opt->calendar_dir, (int)cal_year_count(cal), cJSON_GetArraySize(*changes));
		pthread_mutex_lock(&s->lock);
		srv_calendar_warn(s);
		pthread_mutex_unlock(&s->lock);
	}
	pthread_mutex_unlock(&calr_serial);
	return rc;
}

bool srv_calendar_next_missing(const struct calendar *cal, date_t today, int *year)
{
	int y, m, d;
	date_to_ymd(today, &y, &m, &d);
	*year = y + 1;
	return m >= 11 && !cal_covers_year(cal, y + 1);
}

void srv_json_provisional_year(struct srv *s, cJSON *o, date_t from, date_t to, bool provisional)
{
	int year = provisional ? cal_first_uncovered_year(srv_cal(s), from, to) : 0;
	if (year)
		cJSON_AddNumberToObject(o, "provisional_year", year);
	else
		cJSON_AddNullToObject(o, "provisional_year");
}

void srv_calendar_warn(struct srv *s)
{
	int year;
	if (srv_calendar_next_missing(srv_cal(s), clk_today(), &year))
		log_warn("no calendar file for %d in %s: its due dates are provisional (the law's holidays, "
			 "no make-up working days) until the State Council's notice is installed",
			 year, s->opt->calendar_dir);
}

/* ---- POST /api/v1/calendar/reload ----------------------------------------- */

void h_calendar_reload(struct req *r)
{
	struct cal_error err = { 0 };
	if (r->auth.drill) {
		srv_error(r, 403, "forbidden", "a drill cannot reload the hall's calendar");
		return;
	}
	cJSON *changes = NULL;
	int rc = srv_calendar_reload(r->srv, &err, &changes);
	if (rc == -2) {
		srv_error(r, 503, "busy", "the database is busy; try again");
		return;
	}
	if (rc) {
		cJSON *extra = cJSON_CreateObject();
		cJSON_AddStringToObject(extra, "file", err.file);
		cJSON_AddNumberToObject(extra, "line", err.line);
		cJSON_AddStringToObject(extra, "reason", err.message);
		srv_error_x(r, 422, "calendar_invalid", extra, "%s:%d: %s", err.file, err.line, err.message);
		return;
	}
	cJSON *root = cJSON_CreateObject();
	pthread_mutex_lock(&r->srv->lock);
	cJSON_AddItemToObject(root, "years", calr_years(srv_cal(r->srv)));
	pthread_mutex_unlock(&r->srv->lock);
	cJSON_AddItemToObject(root, "changed", changes);
	srv_reply(r, 200, root);
}
