#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdlib.h>
#include <string.h>

#include "wicket/common/log.h"
#include "wicket/core/case.h"
#include <stdio.h>
#include "wicket/server/srv.h"
#include "wicket/server/srv_drill.h"
#include "wicket/server/srv_ticket.h"

/* The hall's day: its settings as the clients need them (GET /hall: the
 * time zone and the hall's own date and time, the preset pause reasons,
 * the rules of 过号重排), and the roll-over from one day to the next, when
 * what is left of the day before ends as expired. */

/* The pause reasons a hall has when its settings name none. */
static const char *const hall_default_pause_reasons[] = { "午休", "临时离岗", "业务学习", "会议" };

int64_t hall_setting_int(struct srv *s, const char *key, int64_t dflt, int64_t lo, int64_t hi)
{
	/* Only a plain number counts: a typo in the file must not read as 0. */
	char *text = db_text(s, "SELECT value FROM settings WHERE key = ?", "s", key);
	int64_t v = dflt;
	if (text && *text && text[strspn(text, "0123456789")] == '\0' && strlen(text) < 19)
		v = strtoll(text, NULL, 10);
	free(text);
	return v >= lo && v <= hi ? v : dflt;
}

/* The hall's pause reasons: the settings' JSON array of strings
 * (pause_reasons), else the defaults.  The caller owns the array. */
static cJSON *hall_pause_reasons(struct srv *s)
{
	char *text = db_text(s, "SELECT value FROM settings WHERE key = 'pause_reasons'", "");
	cJSON *arr = text ? cJSON_Parse(text) : NULL, *it;
	free(text);
	bool ok = cJSON_IsArray(arr) && cJSON_GetArraySize(arr) > 0;
	cJSON_ArrayForEach(it, arr)
		ok = ok && cJSON_IsString(it);
	if (ok)
		return arr;
	cJSON_Delete(arr);
	arr = cJSON_CreateArray();
	for (size_t i = 0; i < sizeof hall_default_pause_reasons / sizeof hall_default_pause_reasons[0]; i++)
		cJSON_AddItemToArray(arr, cJSON_CreateString(hall_default_pause_reasons[i]));
	return arr;
}

/* The hall's details an applicant's papers carry (一次性告知书, 受理回执,
 * 办结通知): each a settings key, its field in GET/POST /hall, at most so
 * many characters, and what a hall that never set it has. */
static const struct hall_detail {
	const char *key, *field;
	size_t max;
	const char *dflt;
} hall_details[] = {
	{ .key = "hall_name", .field = "name", .max = 100, .dflt = "" },
	{ .key = "hall_address", .field = "address", .max = 200, .dflt = "" },
	{ .key = "hall_phone", .field = "phone", .max = 50, .dflt = "" },
	{ .key = "hall_hours", .field = "hours", .max = 200, .dflt = "" },
	/* The citizens' service hotline (政务服务便民热线) is 12345 everywhere. */
	{ .key = "hall_supervision_phone", .field = "supervision_phone", .max = 50, .dflt = "12345" },
};
#define HALL_NDETAILS (sizeof hall_details / sizeof hall_details[0])

/* Add the hall's details to root, each its setting or its default. */
static void hall_add_details(struct srv *s, cJSON *root)
{
	for (size_t i = 0; i < HALL_NDETAILS; i++) {
		char *v = db_text(s, "SELECT value FROM settings WHERE key = ?", "s", hall_details[i].key);
		cJSON_AddStringToObject(root, hall_details[i].field, v && *v ? v : hall_details[i].dflt);
		free(v);
	}
}

/* Whether value may be detail d; else why, in msg. */
static bool hall_detail_ok(const struct hall_detail *d, const char *value, char *msg, size_t len)
{
	/* Only the name is required; the rest may be emptied again. */
	bool name = strcmp(d->field, "name") == 0;
	if (case_text_valid(value, name ? 1 : 0, d->max))
		return true;
	snprintf(msg, len, "'%s' must be %s%zu characters without control characters", d->field,
		 name ? "1 to " : "at most ", d->max);
	return false;
}

static const struct hall_detail *hall_detail_find(const char *field)
{
	for (size_t i = 0; i < HALL_NDETAILS; i++)
		if (strcmp(hall_details[i].field, field) == 0)
			return &hall_details[i];
	return NULL;
}

int hall_detail_store(struct srv *s, const char *field, const char *value, char *msg, size_t len)
{
	const struct hall_detail *d = hall_detail_find(field);
	if (!d) {
		snprintf(msg, len, "'%s' is not one of the hall's details", field);
		return 1;
	}
	if (!hall_detail_ok(d, value, msg, len))
		return 1;
	return db_run(s, "INSERT INTO settings(key, value) VALUES(?1, ?2) "
		      "ON CONFLICT(key) DO UPDATE SET value = ?2", "ss", d->key, value) ? -1 : 0;
}

const char *hall_detail_field(size_t i)
{
	return i < HALL_NDETAILS ? hall_details[i].field : NULL;
}

void h_hall(struct req *r)
{
	struct srv *s = r->srv;
	char today[DATE_ISO_SIZE];
	date_format_iso(clk_today(), today);
	cJSON *root = cJSON_CreateObject();
	hall_add_details(s, root);
	cJSON_AddStringToObject(root, "tz", s->opt->timezone);
	cJSON_AddStringToObject(root, "today", today);
	clk_json_add(root, "now", clk_now());
	cJSON_AddItemToObject(root, "pause_reasons", hall_pause_reasons(s));
	cJSON_AddNumberToObject(root, "noshow_requeue_behind",
				(double)hall_setting_int(s, "noshow_requeue_behind", 3, 0, 999));
	cJSON_AddNumberToObject(root, "noshow_requeue_max",
				(double)hall_setting_int(s, "noshow_requeue_max", 1, 0, 99));
	srv_reply(r, 200, root);
}

/* POST /hall (admin): the hall's details, each field given set (the others
 * kept); all checked before any is stored.  Answers as GET /hall. */
void h_hall_set(struct req *r)
{
	const char *v[HALL_NDETAILS];
	char msg[160];
	size_t given = 0;
	for (size_t i = 0; i < HALL_NDETAILS; i++) {
		int rc = req_str(r, hall_details[i].field, false, &v[i]);
		if (rc < 0)
			return;
		if (rc == 1)
			v[i] = NULL;
		else
			given++;
	}
	if (given == 0) {
		srv_error(r, 400, "missing_field", "name at least one of the hall's details");
		return;
	}
	/* All checked first: one bad value and nothing changes. */
	for (size_t i = 0; i < HALL_NDETAILS; i++)
		if (v[i] && !hall_detail_ok(&hall_details[i], v[i], msg, sizeof msg)) {
			srv_error(r, 400, "invalid_field", "%s", msg);
			return;
		}
	for (size_t i = 0; i < HALL_NDETAILS; i++)
		if (v[i] && hall_detail_store(r->srv, hall_details[i].field, v[i], msg, sizeof msg)) {
			srv_error(r, 500, "internal", "the hall's details could not be stored");
			return;
		}
	log_info("the hall's details changed by %s", r->auth.user);
	h_hall(r);
}

/* ---- the roll-over ---- */

/* End every ticket of a day before `today` that is still waiting or
 * called, at the last second of its own day; a called one frees its
 * window.  Runs in the caller's transaction, with r a request of no one
 * (the window log's user is null).  Returns how many ended. */
static int day_expire(struct req *r, const char *today)
{
	struct srv *s = r->srv;
	int n = 0;
	for (;;) {
		/* One at a time: the events are added between the steps. */
		db_q *st = db_prep(s, "SELECT id, number, day, status, coalesce(window, target_window, 0) "
					   "FROM tickets WHERE status IN ('waiting', 'called') AND day < ? "
					   "ORDER BY id LIMIT 1", "s", today);
		if (db_step(st) != DB_ROW) {
			db_reset(st);
			return n;
		}
		int64_t id = db_col_i64(st, 0), at;
		int window = db_col_int(st, 4);
		date_t day;
		cJSON *ev = cJSON_CreateObject();
		cJSON_AddStringToObject(ev, "number", db_col_text(st, 1));
		cJSON_AddStringToObject(ev, "day", db_col_text(st, 2));
		cJSON_AddStringToObject(ev, "from", db_col_text(st, 3));
		at = date_parse_iso(db_col_text(st, 2), &day) ? clk_day_start(day + 1) - 1 : clk_now();
		db_reset(st);
		if (db_run(s, "UPDATE tickets SET status = 'expired', expired_at = ?2 WHERE id = ?1",
			   "II", id, at) ||
		    db_run(s, "UPDATE windows SET current = NULL WHERE current = ?", "I", id)) {
			cJSON_Delete(ev);
			return -1;
		}
		ev_add_at(r, at, "ticket.expired", window, id, 0, ev);
		n++;
	}
}

void day_roll(struct srv *s)
{
	date_t today = clk_today();
	if (s->day_rolled == today || !s->drills)
		return;
	char iso[DATE_ISO_SIZE];
	date_format_iso(today, iso);
	/* Once a day (and at start): from 1 November, next year's notice. */
	if (s->day_rolled != 0)
		srv_calendar_warn(s);
	/* Once a day (and at start): retries' keys past their time go. */
	int forgot = idem_forget_old(s);
	if (forgot > 0)
		log_info("%d idempotency key%s older than %d hours forgotten", forgot, forgot == 1 ? "" : "s",
			 s->opt->idempotency_hours);
	drills_expire(s);
	if (db_int(s, "SELECT count(*) FROM tickets WHERE status IN ('waiting', 'called') AND day < ?",
		   0, "s", iso) == 0) {
		s->day_rolled = today;
		return;
	}
	struct req r = { .srv = s };
	int n = -1;
	if (db_begin(s) == 0 && (n = day_expire(&r, iso)) >= 0 && db_commit(s) == 0) {
		s->day_rolled = today;
		log_info("a new day, %s: %d ticket%s of earlier days expired", iso, n, n == 1 ? "" : "s");
		ev_wake(s);
		return;
	}
	/* Tried again at the next request. */
	db_rollback(s);
	log_warn("the roll-over to %s failed; it is tried again", iso);
}
