#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdlib.h>
#include <string.h>

#include "wicket/server/srv.h"

/* Services and the guides of their matters (明白纸). */

void matter_add_materials(struct srv *s, cJSON *obj, const char *field, const char *matter,
			  const char *ids_json)
{
	cJSON *arr = cJSON_AddArrayToObject(obj, field);
	sqlite3_stmt *st = db_prep(s, "SELECT id, name, form, copies, required, note FROM materials "
				   "WHERE matter = ?1 AND (?2 IS NULL OR id IN (SELECT value FROM json_each(?2))) "
				   "ORDER BY id", "ss", matter, ids_json);
	while (sqlite3_step(st) == SQLITE_ROW) {
		cJSON *it = cJSON_CreateObject();
		cJSON_AddNumberToObject(it, "id", sqlite3_column_int(st, 0));
		cJSON_AddStringToObject(it, "name", db_col_text(st, 1));
		cJSON_AddStringToObject(it, "form", db_col_text(st, 2));
		cJSON_AddNumberToObject(it, "copies", sqlite3_column_int(st, 3));
		cJSON_AddBoolToObject(it, "required", sqlite3_column_int(st, 4));
		cJSON_AddStringToObject(it, "note", db_col_text(st, 5));
		cJSON_AddItemToArray(arr, it);
	}
	sqlite3_reset(st);
}

#define MATTER_COLS "code, name, service, department, kind, working_days, legal_basis, fee, steps"

/* One matter row (MATTER_COLS) as JSON; `full` adds the whole guide. */
static cJSON *matter_json(sqlite3_stmt *st, bool full)
{
	cJSON *m = cJSON_CreateObject();
	cJSON_AddStringToObject(m, "code", db_col_text(st, 0));
	cJSON_AddStringToObject(m, "name", db_col_text(st, 1));
	cJSON_AddStringToObject(m, "service", db_col_text(st, 2));
	cJSON_AddStringToObject(m, "department", db_col_text(st, 3));
	cJSON_AddStringToObject(m, "kind", db_col_text(st, 4));
	cJSON_AddNumberToObject(m, "working_days", sqlite3_column_int(st, 5));
	if (full) {
		cJSON_AddStringToObject(m, "legal_basis", db_col_text(st, 6));
		cJSON_AddStringToObject(m, "fee", db_col_text(st, 7));
		cJSON *steps = cJSON_Parse(db_col_text(st, 8));
		cJSON_AddItemToObject(m, "steps", steps ? steps : cJSON_CreateArray());
	}
	return m;
}

void h_matters_list(struct req *r)
{
	const char *service = req_query(r, "service");
	cJSON *arr = cJSON_CreateArray();
	sqlite3_stmt *st = db_prep(r->srv, "SELECT " MATTER_COLS " FROM matters "
				   "WHERE ?1 IS NULL OR service = ?1 ORDER BY sort", "s", service);
	while (sqlite3_step(st) == SQLITE_ROW)
		cJSON_AddItemToArray(arr, matter_json(st, false));
	sqlite3_reset(st);
	cJSON *root = cJSON_CreateObject();
	cJSON_AddItemToObject(root, "matters", arr);
	srv_reply(r, 200, root);
}

void h_matter_get(struct req *r)
{
	sqlite3_stmt *st = db_prep(r->srv, "SELECT " MATTER_COLS " FROM matters WHERE code = ?",
				   "s", r->params[0]);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		srv_error(r, 404, "unknown_matter", "no matter has the code '%s'", r->params[0]);
		return;
	}
	cJSON *m = matter_json(st, true);
	sqlite3_reset(st);
	matter_add_materials(r->srv, m, "materials", r->params[0], NULL);
	srv_reply(r, 200, m);
}

void h_services_list(struct req *r)
{
	struct srv *s = r->srv;
	cJSON *arr = cJSON_CreateArray();
	sqlite3_stmt *st = db_prep(s, "SELECT code, prefix, name FROM services ORDER BY sort", "");
	while (sqlite3_step(st) == SQLITE_ROW) {
		cJSON *svc = cJSON_CreateObject();
		cJSON_AddStringToObject(svc, "code", db_col_text(st, 0));
		cJSON_AddStringToObject(svc, "prefix", db_col_text(st, 1));
		cJSON_AddStringToObject(svc, "name", db_col_text(st, 2));
		cJSON_AddItemToArray(arr, svc);
	}
	sqlite3_reset(st);
	/* Second pass: each service's matters (a statement is not re-entered). */
	cJSON *svc;
	cJSON_ArrayForEach(svc, arr) {
		cJSON *ms = cJSON_AddArrayToObject(svc, "matters");
		st = db_prep(s, "SELECT code, name, kind, working_days FROM matters WHERE service = ? "
			     "ORDER BY sort", "s", cJSON_GetObjectItem(svc, "code")->valuestring);
		while (sqlite3_step(st) == SQLITE_ROW) {
			cJSON *m = cJSON_CreateObject();
			cJSON_AddStringToObject(m, "code", db_col_text(st, 0));
			cJSON_AddStringToObject(m, "name", db_col_text(st, 1));
			cJSON_AddStringToObject(m, "kind", db_col_text(st, 2));
			cJSON_AddNumberToObject(m, "working_days", sqlite3_column_int(st, 3));
			cJSON_AddItemToArray(ms, m);
		}
		sqlite3_reset(st);
	}
	cJSON *root = cJSON_CreateObject();
	cJSON_AddItemToObject(root, "services", arr);
	srv_reply(r, 200, root);
}

void h_calendar_due(struct req *r)
{
	const char *from = req_query(r, "from"), *days = req_query(r, "days");
	date_t d, due;
	char *end = NULL;
	long n = days ? strtol(days, &end, 10) : -1;
	if (!from || !date_parse_iso(from, &d)) {
		srv_error(r, 400, "invalid_query", "from must be a date YYYY-MM-DD");
		return;
	}
	if (!days || *end || n < 0 || n > 3650) {
		srv_error(r, 400, "invalid_query", "days must be a whole number from 0 to 3650");
		return;
	}
	bool provisional = false;
	if (cal_due(r->srv->cal, d, (int)n, NULL, 0, &due, &provisional)) {
		srv_error(r, 400, "invalid_query", "no due date can be computed for these values");
		return;
	}
	char iso[11];
	date_format_iso(due, iso);
	cJSON *root = cJSON_CreateObject();
	cJSON_AddStringToObject(root, "due", iso);
	cJSON_AddBoolToObject(root, "provisional", provisional);
	cJSON_AddNumberToObject(root, "working_days", (double)n);
	srv_reply(r, 200, root);
}

void h_health(struct req *r)
{
	cJSON *root = cJSON_CreateObject();
	char *hall = db_text(r->srv, "SELECT value FROM settings WHERE key = 'hall_name'", "");
	char today[11];
	date_format_iso(clk_today(), today);
	cJSON_AddStringToObject(root, "status", "ok");
	cJSON_AddStringToObject(root, "version", PACKAGE_VERSION);
	cJSON_AddStringToObject(root, "hall", hall ? hall : "");
	cJSON_AddStringToObject(root, "today", today);
	clk_json_add(root, "now", clk_now());
	cJSON_AddStringToObject(root, "tz", r->srv->opt->timezone);
	free(hall);
	srv_reply(r, 200, root);
}
