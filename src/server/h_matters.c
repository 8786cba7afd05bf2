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
	static const struct srv_col cols[] = {
		{ "id", 'i' }, { "name", 's' }, { "form", 's' }, { "copies", 'i' }, { "required", 'b' },
		{ "note", 's' }, { "deferrable_days", 'i' },
	};
	db_q *st = db_prep(s, "SELECT id, name, form, copies, required, note, deferrable_days FROM materials "
				   "WHERE matter = ?1 AND (?2 IS NULL OR id IN (SELECT CAST(value AS INTEGER) FROM json_each(?2))) "
				   "ORDER BY id", "ss", matter, ids_json);
	cJSON_AddItemToObject(obj, field, srv_json_rows(st, cols, sizeof cols / sizeof cols[0]));
}

/* available: the hall offers the matter, a window of its serving the
 * matter's service (a township has the county's catalogue, not all its
 * counters). */
#define MATTER_COLS "code, name, service, department, kind, working_days, " \
	"CASE WHEN EXISTS(SELECT 1 FROM window_services ws WHERE ws.service = matters.service) " \
	"THEN 1 ELSE 0 END, legal_basis, fee, steps"

/* MATTER_COLS as members: the first MATTER_NLIST in a list, all in a guide. */
static const struct srv_col matter_cols[] = {
	{ "code", 's' }, { "name", 's' }, { "service", 's' }, { "department", 's' }, { "kind", 's' },
	{ "working_days", 'i' }, { "available", 'b' }, { "legal_basis", 's' }, { "fee", 's' }, { "steps", 'j' },
};
#define MATTER_NLIST 7

void h_matters_list(struct req *r)
{
	const char *service = req_query(r, "service");
	db_q *st = db_prep(r->srv, "SELECT " MATTER_COLS " FROM matters "
				   "WHERE ?1 IS NULL OR service = ?1 ORDER BY sort", "s", service);
	srv_reply_list(r, "matters", srv_json_rows(st, matter_cols, MATTER_NLIST));
}

void h_matter_get(struct req *r)
{
	db_q *st = db_prep(r->srv, "SELECT " MATTER_COLS " FROM matters WHERE code = ?",
				   "s", r->params[0]);
	if (db_step(st) != DB_ROW) {
		db_reset(st);
		srv_error(r, 404, "unknown_matter", "no matter has the code '%s'", r->params[0]);
		return;
	}
	cJSON *m = cJSON_CreateObject();
	srv_json_cols(m, st, 0, matter_cols, sizeof matter_cols / sizeof matter_cols[0]);
	db_reset(st);
	matter_add_materials(r->srv, m, "materials", r->params[0], NULL);
	srv_reply(r, 200, m);
}

void h_services_list(struct req *r)
{
	static const struct srv_col svc_cols[] = { { "code", 's' }, { "prefix", 's' }, { "name", 's' } };
	/* In /services a matter is a list entry: code, name, kind, working_days. */
	static const struct srv_col entry_cols[] = {
		{ "code", 's' }, { "name", 's' }, { "kind", 's' }, { "working_days", 'i' },
	};
	struct srv *s = r->srv;
	cJSON *arr = srv_json_rows(db_prep(s, "SELECT code, prefix, name FROM services ORDER BY sort", ""),
				   svc_cols, sizeof svc_cols / sizeof svc_cols[0]);
	/* Second pass: each service's matters (a statement is not re-entered). */
	cJSON *svc;
	cJSON_ArrayForEach(svc, arr) {
		db_q *st = db_prep(s, "SELECT code, name, kind, working_days FROM matters "
					   "WHERE service = ? ORDER BY sort", "s",
					   cJSON_GetObjectItem(svc, "code")->valuestring);
		cJSON_AddItemToObject(svc, "matters",
				      srv_json_rows(st, entry_cols, sizeof entry_cols / sizeof entry_cols[0]));
	}
	srv_reply_list(r, "services", arr);
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
	if (cal_due(srv_cal(r->srv), d, (int)n, NULL, 0, &due, &provisional)) {
		srv_error(r, 400, "invalid_query", "no due date can be computed for these values");
		return;
	}
	char iso[11];
	date_format_iso(due, iso);
	cJSON *root = cJSON_CreateObject();
	cJSON_AddStringToObject(root, "due", iso);
	cJSON_AddBoolToObject(root, "provisional", provisional);
	srv_json_provisional_year(r->srv, root, d, due, provisional);
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
