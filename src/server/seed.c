#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "wicket/common/buf.h"
#include "wicket/common/log.h"
#include "wicket/core/case.h"
#include "wicket/server/srv.h"
#include "wicket/server/srv_ticket.h"
#include "wicket/common/utf8.h"
#include "wicket/common/xalloc.h"

/* The demo hall is data (the JSON files in data/demo/), loaded here into a new database
 * in one transaction: either the whole hall is there or none of it.  Every string of
 * the files is checked before anything is stored: its text reaches clerks' screens. */

struct seed {
	struct srv *s;
	char *err;
	size_t errlen;
	const char *file;
	char path[1024];           /* the file being read, in full */
};

static int seed_fail(struct seed *sd, const char *what)
{
	snprintf(sd->err, sd->errlen, "%s: %s", sd->file, what);
	return -1;
}

static cJSON *seed_read_json(struct seed *sd, const char *dir, const char *name)
{
	const char *path = sd->path;
	snprintf(sd->path, sizeof sd->path, "%s/demo/%s", dir, name);
	sd->file = name;
	struct buf b = BUF_INIT;
	if (buf_read_file(&b, path, 16 * 1024 * 1024)) {
		snprintf(sd->err, sd->errlen, "cannot read %s: %s", path, strerror(errno));
		return NULL;
	}
	long nul = srv_json_nul(buf_str(&b), b.len);
	cJSON *root = nul < 0 ? cJSON_ParseWithLength(buf_str(&b), b.len) : NULL;
	if (nul >= 0) {
		int line = 1;
		for (long i = 0; i < nul; i++)
			line += b.data[i] == '\n';
		snprintf(sd->err, sd->errlen, "%s: line %d: a string holds NUL (\\u0000)", path, line);
	} else if (!root) {
		snprintf(sd->err, sd->errlen, "%s is not valid JSON", path);
	}
	buf_free(&b);
	return root;
}

/* Whether s is text fit for a screen; when not, says why in sd->err, with
 * the file and where in it (path, e.g. "windows[2].name"). */
static bool seed_text_ok(struct seed *sd, const char *path, const char *what, const char *s)
{
	size_t len = strlen(s);
	if (!utf8_valid(s, len)) {
		snprintf(sd->err, sd->errlen, "%s: %s: the %s is not valid UTF-8", sd->path, path, what);
		return false;
	}
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		i += utf8_decode(s + i, len - i, &cp);
		if (utf8_cp_unsafe(cp)) {
			snprintf(sd->err, sd->errlen, "%s: %s: the %s holds the control character U+%04X",
				 sd->path, path, what, (unsigned)cp);
			return false;
		}
	}
	return true;
}

/* Check every key and string under j, whose place in the file is path
 * (len bytes of room); false with sd->err set at the first bad one. */
static bool seed_check_strings(struct seed *sd, const cJSON *j, char *path, size_t len)
{
	if (cJSON_IsString(j))
		return seed_text_ok(sd, path[0] ? path : "(top)", "string", j->valuestring);
	size_t n = strlen(path), i = 0;
	const cJSON *c;
	cJSON_ArrayForEach(c, j) {
		if (cJSON_IsObject(j)) {
			if (!seed_text_ok(sd, path[0] ? path : "(top)", "name of a member", c->string))
				return false;
			snprintf(path + n, len - n, "%s%s", n ? "." : "", c->string);
		} else {
			snprintf(path + n, len - n, "[%zu]", i++);
		}
		if (!seed_check_strings(sd, c, path, len))
			return false;
		path[n] = '\0';
	}
	return true;
}

/* Read DIR/demo/NAME and check its strings; NULL with sd->err on failure. */
static cJSON *seed_load(struct seed *sd, const char *dir, const char *name)
{
	char path[512] = "";
	cJSON *root = seed_read_json(sd, dir, name);
	if (root && !seed_check_strings(sd, root, path, sizeof path)) {
		cJSON_Delete(root);
		root = NULL;
	}
	return root;
}

static const char *seed_str(cJSON *obj, const char *name)
{
	cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static int seed_int(cJSON *obj, const char *name, int dflt)
{
	cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);
	return cJSON_IsNumber(v) ? v->valueint : dflt;
}

static int seed_hall_basics(struct seed *sd, cJSON *hall)
{
	struct srv *s = sd->s;
	cJSON *it;
	int i = 0;
	const char *name = seed_str(hall, "name");
	if (!name || db_run(s, "INSERT INTO settings(key, value) VALUES('hall_name', ?)", "s", name))
		return seed_fail(sd, "the hall needs a name");
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(hall, "zones"))
		if (db_run(s, "INSERT INTO zones(code, name, sort) VALUES(?,?,?)", "ssi",
			   seed_str(it, "code"), seed_str(it, "name"), i++))
			return seed_fail(sd, "a zone is incomplete or repeated");
	i = 0;
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(hall, "services"))
		if (db_run(s, "INSERT INTO services(code, prefix, name, sort) VALUES(?,?,?,?)", "sssi",
			   seed_str(it, "code"), seed_str(it, "prefix"), seed_str(it, "name"), i++))
			return seed_fail(sd, "a service is incomplete or repeated");
	return 0;
}

/* The settings that are objects, stored as their JSON text: the opening
 * hours, their exceptions by date and the booking rules (h_bookings.c
 * reads them, with defaults for what is missing or not understood). */
static int seed_setting_objects(struct seed *sd, cJSON *set)
{
	static const char *const keys[] = { "opening_hours", "opening_exceptions", "bookings" };
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		cJSON *v = cJSON_GetObjectItemCaseSensitive(set, keys[i]);
		if (!v)
			continue;
		char *text = cJSON_IsObject(v) ? cJSON_PrintUnformatted(v) : NULL;
		int rc = text ? db_run(sd->s, "INSERT INTO settings(key, value) VALUES(?, ?)", "ss", keys[i], text) : -1;
		free(text);
		if (rc)
			return seed_fail(sd, "settings.opening_hours, opening_exceptions and bookings must be objects");
	}
	return 0;
}

/* The hall's settings (h_hall.c reads them, with defaults for those
 * missing): pause_reasons, an array of 1 to 20 reasons of 1 to 100
 * characters, and the whole numbers noshow_requeue_behind (0..999) and
 * noshow_requeue_max (0..99), rating_wait_seconds (0..3600) and
 * rating_system_default (0 or 1); and the texts area_code and dept_code. */
static int seed_settings(struct seed *sd, cJSON *hall)
{
	static const struct { const char *key; int max; } numbers[] = {
		{ .key = "noshow_requeue_behind", .max = 999 }, { .key = "noshow_requeue_max", .max = 99 },
		{ .key = "rating_wait_seconds", .max = 3600 }, { .key = "rating_system_default", .max = 1 },
		{ .key = "extended_hours_hold", .max = 1 },
	};
	/* The codes the 好差评 export names the hall by (h_ratings.c). */
	static const char *const texts[] = { "area_code", "dept_code" };
	cJSON *set = cJSON_GetObjectItemCaseSensitive(hall, "settings"), *it;
	cJSON *reasons = cJSON_GetObjectItemCaseSensitive(set, "pause_reasons");
	if (reasons) {
		int n = cJSON_GetArraySize(reasons);
		bool ok = cJSON_IsArray(reasons) && n >= 1 && n <= 20;
		cJSON_ArrayForEach(it, reasons)
			ok = ok && cJSON_IsString(it) && case_text_valid(it->valuestring, 1, TK_REASON_MAX);
		char *text = ok ? cJSON_PrintUnformatted(reasons) : NULL;
		int rc = ok ? db_run(sd->s, "INSERT INTO settings(key, value) VALUES('pause_reasons', ?)",
				     "s", text) : -1;
		free(text);
		if (rc)
			return seed_fail(sd, "settings.pause_reasons must be 1 to 20 reasons of 1 to 100 characters");
	}
	/* The hall's details for the applicant's papers (the name is the hall's own). */
	const char *field;
	for (size_t i = 0; (field = hall_detail_field(i)); i++) {
		cJSON *v = cJSON_GetObjectItemCaseSensitive(set, field);
		char msg[160];
		if (v && strcmp(field, "name") != 0 &&
		    (!cJSON_IsString(v) || hall_detail_store(sd->s, field, v->valuestring, msg, sizeof msg)))
			return seed_fail(sd, "settings: a detail of the hall is not fit (address, phone, hours, "
					 "supervision_phone: strings without control characters)");
	}
	if (seed_setting_objects(sd, set))
		return -1;
	for (size_t i = 0; i < sizeof numbers / sizeof numbers[0]; i++) {
		cJSON *v = cJSON_GetObjectItemCaseSensitive(set, numbers[i].key);
		if (!v)
			continue;
		if (!cJSON_IsNumber(v) || v->valuedouble != (double)v->valueint || v->valueint < 0 ||
		    v->valueint > numbers[i].max ||
		    db_run(sd->s, "INSERT INTO settings(key, value) VALUES(?, ?)", "si", numbers[i].key,
			   v->valueint))
			return seed_fail(sd, "a number of the settings is out of range");
	}
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		cJSON *v = cJSON_GetObjectItemCaseSensitive(set, texts[i]);
		if (v && (!cJSON_IsString(v) || !case_text_valid(v->valuestring, 1, 64) ||
			  db_run(sd->s, "INSERT INTO settings(key, value) VALUES(?, ?)", "ss", texts[i],
				 v->valuestring)))
			return seed_fail(sd, "settings.area_code and dept_code must be codes of 1 to 64 characters");
	}
	return 0;
}

static int seed_windows(struct seed *sd, cJSON *hall)
{
	struct srv *s = sd->s;
	cJSON *it, *svc;
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(hall, "windows")) {
		int no = seed_int(it, "no", 0);
		if (no <= 0 || db_run(s, "INSERT INTO windows(no, name, zone, status_since) VALUES(?,?,?,?)",
				      "issI", no, seed_str(it, "name"), seed_str(it, "zone"), clk_now()))
			return seed_fail(sd, "a window is incomplete or repeated");
		cJSON_ArrayForEach(svc, cJSON_GetObjectItemCaseSensitive(it, "services"))
			if (!cJSON_IsString(svc) ||
			    db_run(s, "INSERT INTO window_services(window, service) VALUES(?,?)", "is",
				   no, svc->valuestring))
				return seed_fail(sd, "a window names an unknown service");
	}
	return 0;
}

static int seed_accounts(struct seed *sd, cJSON *hall)
{
	struct srv *s = sd->s;
	const char *password = seed_str(hall, "password");
	cJSON *it, *w;
	if (!password)
		return seed_fail(sd, "no demo password");
	/* One hash for all demo accounts: they share the password, and
	 * yescrypt is slow on purpose. */
	char *hash = auth_hash(password);
	if (!hash)
		return seed_fail(sd, "cannot hash the password");
	int rc = 0;
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(hall, "accounts")) {
		const char *user = seed_str(it, "user");
		if (!user || auth_role_parse(seed_str(it, "role") ? seed_str(it, "role") : "") == ROLE_NONE ||
		    db_run(s, "INSERT INTO users(user, name, role, pwhash) VALUES(?,?,?,?)", "ssss",
			   user, seed_str(it, "name"), seed_str(it, "role"), hash)) {
			rc = seed_fail(sd, "an account is incomplete, repeated or has an unknown role");
			break;
		}
		cJSON_ArrayForEach(w, cJSON_GetObjectItemCaseSensitive(it, "windows"))
			if (db_run(s, "INSERT INTO user_windows(user, window) VALUES(?,?)", "si",
				   user, w->valueint))
				rc = seed_fail(sd, "an account names an unknown window");
	}
	free(hash);
	return rc;
}

/* AB岗 (issue #18): the posts' A and B clerks ("posts", optional). */
static int seed_posts(struct seed *sd, cJSON *hall)
{
	cJSON *it, *b;
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(hall, "posts")) {
		if (db_run(sd->s, "INSERT INTO posts(window, a_user) VALUES(?,?)", "is",
			   seed_int(it, "window", 0), seed_str(it, "a")))
			return seed_fail(sd, "a post names an unknown window or clerk");
		cJSON_ArrayForEach(b, cJSON_GetObjectItemCaseSensitive(it, "b"))
			if (!cJSON_IsString(b) ||
			    db_run(sd->s, "INSERT INTO post_backups(window, user) VALUES(?,?)", "is",
				   seed_int(it, "window", 0), b->valuestring))
				return seed_fail(sd, "a post names an unknown B clerk");
	}
	return 0;
}

static int seed_materials(struct seed *sd, const char *matter, cJSON *list)
{
	cJSON *m;
	cJSON_ArrayForEach(m, list) {
		cJSON *req = cJSON_GetObjectItemCaseSensitive(m, "required");
		if (!cJSON_IsBool(req) ||
		    db_run(sd->s, "INSERT INTO materials(matter, id, name, form, copies, required, note, "
			   "deferrable_days) VALUES(?,?,?,?,?,?,?,nullif(?,-1))", "sissiisi", matter,
			   seed_int(m, "id", 0), seed_str(m, "name"), seed_str(m, "form"),
			   seed_int(m, "copies", 1), cJSON_IsTrue(req) ? 1 : 0,
			   seed_str(m, "note") ? seed_str(m, "note") : "",
			   /* 容缺: supplied later, within so many working days */
			   seed_int(m, "deferrable_days", -1)))
			return seed_fail(sd, "a material is incomplete or repeated");
	}
	return 0;
}

static int seed_matters(struct seed *sd, cJSON *matters)
{
	cJSON *it;
	int i = 0;
	cJSON_ArrayForEach(it, matters) {
		const char *code = seed_str(it, "code");
		cJSON *steps = cJSON_GetObjectItemCaseSensitive(it, "steps");
		char *steps_json = cJSON_IsArray(steps) ? cJSON_PrintUnformatted(steps) : NULL;
		int rc = db_run(sd->s, "INSERT INTO matters(code, name, service, department, kind, "
				"working_days, legal_basis, fee, steps, sort) VALUES(?,?,?,?,?,?,?,?,?,?)",
				"sssssisssi", code, seed_str(it, "name"), seed_str(it, "service"),
				seed_str(it, "department"), seed_str(it, "kind"),
				seed_int(it, "working_days", -1), seed_str(it, "legal_basis"),
				seed_str(it, "fee"), steps_json, i++);
		free(steps_json);
		if (rc || !code)
			return seed_fail(sd, "a matter is incomplete or repeated");
		if (seed_materials(sd, code, cJSON_GetObjectItemCaseSensitive(it, "materials")))
			return -1;
	}
	return 0;
}

/* The morning's queue: tickets taken minutes_ago, in that order, but
 * today (seeded just after midnight, they would expire at once). */
static int seed_tickets(struct seed *sd, cJSON *tickets)
{
	cJSON *it;
	int64_t now = clk_now(), id, morning = clk_day_start(clk_today());
	char number[16];
	cJSON_ArrayForEach(it, tickets) {
		int64_t at = now - 60 * (int64_t)seed_int(it, "minutes_ago", 0);
		at = at > morning ? at : morning;
		bool appt = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(it, "appointment"));
		const char *prio = seed_str(it, "priority");
		if (ticket_insert(sd->s, seed_str(it, "service"), NULL, prio ? prio : "none",
				  appt ? at : 0, at, &id, number))
			return seed_fail(sd, "a ticket names an unknown service");
	}
	return 0;
}

/* DIR/demo/NAME into *out when the file is there (else *out = NULL).
 * Returns 0, or -1 with sd->err when it is there but not fit. */
static int seed_optional(struct seed *sd, const char *dir, const char *name, cJSON **out)
{
	char path[1024];
	snprintf(path, sizeof path, "%s/demo/%s", dir, name);
	*out = NULL;
	if (access(path, F_OK) != 0)
		return 0;
	sd->file = name;
	*out = seed_load(sd, dir, name);
	return *out ? 0 : -1;
}

/* The day's bookings (optional bookings.json): each for a slot
 * `slot_minutes_from_now` (rounded up to the half hour) today, so that the
 * demo always has some due, some later and, started late, some missed. */
static int seed_bookings(struct seed *sd, cJSON *bookings)
{
	cJSON *it;
	int64_t now = clk_now(), day = clk_day_start(clk_today());
	char iso[DATE_ISO_SIZE];
	date_format_iso(clk_today(), iso);
	int seq = 0;
	cJSON_ArrayForEach(it, bookings) {
		int64_t at = now + 60 * (int64_t)seed_int(it, "slot_minutes_from_now", 0);
		at += (1800 - (at - day) % 1800) % 1800;
		at = at > day ? at : day;
		char number[24], id[CASE_ID_SIZE], phone[CASE_PHONE_SIZE];
		const char *name = seed_str(it, "name"), *channel = seed_str(it, "channel");
		int y, m, d;
		date_to_ymd(clk_today(), &y, &m, &d);
		snprintf(number, sizeof number, "Y%02d%02d%02d-%03d", y % 100, m, d, ++seq);
		if (!name || !case_id_number_check(seed_str(it, "id_number") ? seed_str(it, "id_number") : "", id) ||
		    !case_phone_check(seed_str(it, "phone") ? seed_str(it, "phone") : "", phone) ||
		    db_run(sd->s, "INSERT INTO bookings(number, service, day, slot_at, slot_minutes, applicant_name, "
			   "applicant_id, applicant_phone, channel, status, created_at, created_by) "
			   "VALUES(?, ?, ?, ?, 30, ?, ?, ?, ?, 'booked', ?, 'demo')", "sssIssssI", number,
			   seed_str(it, "service"), iso, at, name, id, phone, channel ? channel : "app", now))
			return seed_fail(sd, "a booking is incomplete, names an unknown service or has a bad "
				     "ID number, phone or channel");
	}
	char counter[48];
	snprintf(counter, sizeof counter, "booking:%s", iso);
	if (seq && db_run(sd->s, "INSERT INTO counters(name, value) VALUES(?, ?)", "si", counter, seq))
		return seed_fail(sd, "the bookings could not be numbered");
	return 0;
}

int seed_demo(struct srv *s, const char *data_dir, char *err, size_t errlen)
{
	struct seed sd = { .s = s, .err = err, .errlen = errlen };
	cJSON *hall = seed_load(&sd, data_dir, "hall.json");
	cJSON *matters = hall ? seed_load(&sd, data_dir, "matters.json") : NULL;
	cJSON *tickets = matters ? seed_load(&sd, data_dir, "tickets.json") : NULL, *bookings = NULL;
	int rc = -1;
	if (!tickets || db_begin(s))
		goto out;
	sd.file = "hall.json";
	if (seed_hall_basics(&sd, hall) || seed_settings(&sd, hall) || seed_windows(&sd, hall) ||
	    seed_accounts(&sd, hall) || seed_posts(&sd, hall))
		goto out;
	sd.file = "matters.json";
	if (seed_matters(&sd, matters))
		goto out;
	sd.file = "tickets.json";
	if (seed_tickets(&sd, tickets))
		goto out;
	if (seed_optional(&sd, data_dir, "bookings.json", &bookings) ||
	    (bookings && seed_bookings(&sd, bookings)))
		goto out;
	rc = db_commit(s);
	if (rc == 0)
		log_info("seeded the demo hall from %s/demo", data_dir);
out:
	if (rc)
		db_rollback(s);
	cJSON_Delete(hall);
	cJSON_Delete(matters);
	cJSON_Delete(tickets);
	cJSON_Delete(bookings);
	return rc;
}
