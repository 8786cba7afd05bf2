#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdlib.h>
#include <string.h>

#include "wicket/server/srv.h"

/* The hall's call screen (GET /calls, docs/api.md "The call screen"): the
 * latest calls and recalls of today, the waiting per service and the
 * zones, for one zone or the whole hall.  Everything it shows is on the
 * hall's wall anyway: ticket numbers, windows and counts, no person. */

#define CALLS_DEFAULT 8
#define CALLS_MAX 50

/* zones: [{code, name}] in the hall's order. */
static void calls_add_zones(struct srv *s, cJSON *root)
{
	static const struct srv_col cols[] = { { "code", 's' }, { "name", 's' } };
	db_q *st = db_prep(s, "SELECT code, name FROM zones ORDER BY sort, code", "");
	cJSON_AddItemToObject(root, "zones", srv_json_rows(st, cols, 2));
}

/* calls: today's ticket.called and ticket.recalled events at the windows of
 * zone (NULL: every window), newest first, at most limit. */
static void calls_add_calls(struct srv *s, cJSON *root, const char *zone, long limit)
{
	static const struct srv_col cols[] = {
		{ "seq", 'i' }, { "at", 't' }, { "kind", 's' }, { "ticket", 'i' }, { "number", 's' },
		{ "window", 'i' }, { "window_name", 's' }, { "zone", 's' }, { "service", 's' },
		{ "service_name", 's' },
	};
	db_q *st = db_prep(s,
		"SELECT e.seq, e.at, CASE e.kind WHEN 'ticket.called' THEN 'called' ELSE 'recalled' END, "
		"  e.ticket, t.number, e.window, w.name, w.zone, t.service, sv.name "
		"FROM events e JOIN tickets t ON t.id = e.ticket JOIN windows w ON w.no = e.window "
		"  JOIN services sv ON sv.code = t.service "
		"WHERE e.kind IN ('ticket.called', 'ticket.recalled') AND e.at >= ? "
		"  AND (?2 IS NULL OR w.zone = ?2) "
		"ORDER BY e.seq DESC LIMIT ?", "IsI", clk_day_start(clk_today()), zone, (int64_t)limit);
	cJSON_AddItemToObject(root, "calls", srv_json_rows(st, cols, sizeof cols / sizeof cols[0]));
}

/* services: [{code, prefix, name, waiting}] that a window of zone serves
 * (NULL: every service), in the hall's order, from the kept counts. */
static void calls_add_services(struct srv *s, cJSON *root, const char *zone)
{
	static const struct srv_col cols[] = {
		{ "code", 's' }, { "prefix", 's' }, { "name", 's' }, { "waiting", 'i' },
	};
	db_q *st = db_prep(s, "SELECT sv.code, sv.prefix, sv.name, "
		"(SELECT coalesce(sum(q.waiting), 0) FROM queue_counts q WHERE q.service = sv.code) "
		"FROM services sv WHERE ?1 IS NULL OR EXISTS (SELECT 1 FROM window_services ws "
		"  JOIN windows w ON w.no = ws.window WHERE ws.service = sv.code AND w.zone = ?1) "
		"ORDER BY sv.sort, sv.code", "s", zone);
	cJSON_AddItemToObject(root, "services", srv_json_rows(st, cols, sizeof cols / sizeof cols[0]));
}

void h_calls(struct req *r)
{
	struct srv *s = r->srv;
	const char *zone = req_query(r, "zone");
	long limit;
	if (req_query_int(r, "limit", 1, CALLS_MAX, CALLS_DEFAULT, &limit))
		return;
	if (zone && !db_int(s, "SELECT count(*) FROM zones WHERE code = ?", 0, "s", zone)) {
		srv_error(r, 404, "not_found", "no zone %s", zone);
		return;
	}
	cJSON *root = cJSON_CreateObject();
	if (zone)
		cJSON_AddStringToObject(root, "zone", zone);
	else
		cJSON_AddNullToObject(root, "zone");
	calls_add_zones(s, root);
	calls_add_calls(s, root, zone, limit);
	calls_add_services(s, root, zone);
	srv_reply(r, 200, root);
}
