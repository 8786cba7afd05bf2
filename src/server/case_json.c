/* case_json.c - the case object of the API (docs/api.md): one member table
 * gives both the columns read and the members written, so the two cannot
 * drift apart; the applicant goes through the privacy rule of mask.h. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "wicket/common/buf.h"
#include "wicket/server/mask.h"
#include "wicket/server/srv_case.h"
#include "wicket/common/xalloc.h"

void case_owed_mark_overdue(cJSON *arr)
{
	char today[DATE_ISO_SIZE];
	cJSON *it;
	date_format_iso(clk_today(), today);
	cJSON_ArrayForEach(it, arr) {
		const char *due = cJSON_GetStringValue(cJSON_GetObjectItem(it, "due"));
		/* ISO dates compare as strings: past its day, it is overdue. */
		cJSON_AddBoolToObject(it, "overdue", due && strcmp(due, today) < 0);
	}
}

size_t case_spans(struct srv *s, int64_t id, struct cal_span **out)
{
	size_t n = 0, cap = 0;
	*out = NULL;
	db_q *st = db_prep(s, "SELECT start, end FROM suspensions WHERE case_id = ? ORDER BY at, start",
				   "I", id);
	while (db_step(st) == DB_ROW) {
		if (n == cap)
			*out = xreallocarray(*out, cap = cap ? 2 * cap : 4, sizeof **out);
		struct cal_span *sp = &(*out)[n++];
		sp->start = db_col_date(st, 0);
		sp->open = db_col_null(st, 1);
		sp->end = sp->open ? sp->start : db_col_date(st, 1);
	}
	db_reset(st);
	return n;
}

/* The materials the notice lists: the guide's entries for the missing ids. */
static void case_add_missing_materials(struct srv *s, cJSON *c)
{
	char *missing = cJSON_PrintUnformatted(cJSON_GetObjectItemCaseSensitive(c, "missing"));
	matter_add_materials(s, c, "missing_materials",
			     cJSON_GetObjectItemCaseSensitive(c, "matter")->valuestring, missing);
	case_add_authorization(cJSON_GetObjectItemCaseSensitive(c, "missing_materials"), missing);
	free(missing);
}

/* 容缺受理: the materials the case still owes, each with the date it is
 * due by and whether that date is past (overdue). */
static void case_add_owed(struct srv *s, cJSON *c, int64_t id)
{
	static const struct srv_col cols[] = {
		{ "id", 'i' }, { "name", 's' }, { "form", 's' }, { "copies", 'i' }, { "due", 's' },
		{ "provisional", 'b' },
	};
	db_q *st = db_prep(s, "SELECT o.material, m.name, m.form, m.copies, o.due, o.provisional "
				   "FROM case_owed o JOIN cases c ON c.id = o.case_id "
				   "JOIN materials m ON m.matter = c.matter AND m.id = o.material "
				   "WHERE o.case_id = ? ORDER BY o.due, o.material", "I", id);
	cJSON *arr = srv_json_rows(st, cols, sizeof cols / sizeof cols[0]);
	case_owed_mark_overdue(arr);
	cJSON_AddItemToObject(c, "owed", arr);
}

/* The suspensions list; returns the start of the open one, or 0 (and
 * *open false) when the clock runs. */
static date_t case_add_suspensions(struct srv *s, cJSON *c, int64_t id, bool *open)
{
	cJSON *arr = cJSON_AddArrayToObject(c, "suspensions");
	date_t start = 0;
	*open = false;
	db_q *st = db_prep(s, "SELECT start, end, reason FROM suspensions WHERE case_id = ? "
				   "ORDER BY at, start", "I", id);
	while (db_step(st) == DB_ROW) {
		cJSON *sp = cJSON_CreateObject();
		srv_json_col(sp, "start", st, 0, 's');
		srv_json_col(sp, "end", st, 1, 's');
		srv_json_col(sp, "reason", st, 2, 's');
		cJSON_AddItemToArray(arr, sp);
		if (db_col_null(st, 1)) {
			*open = true;
			start = db_col_date(st, 0);
		}
	}
	db_reset(st);
	return start;
}

/* working_days_left: counted from today to the due date while the clock
 * runs.  While it is stopped, the limit less the working days used before
 * the suspension began: frozen, since the due date is only known again on
 * resumption.  None before acceptance and after completion. */
bool case_days_left(struct srv *s, int64_t id, enum case_status status, date_t accepted, date_t due,
		    int working_days, int *left)
{
	if ((status != CASE_ACCEPTED && status != CASE_SUSPENDED) || !accepted || !due)
		return false;
	if (status == CASE_ACCEPTED) {
		*left = cal_working_days_left(s->cal, clk_today(), due, NULL);
		return true;
	}
	date_t stopped = 0;
	db_q *st = db_prep(s, "SELECT start FROM suspensions WHERE case_id = ? AND end IS NULL", "I", id);
	if (db_step(st) == DB_ROW)
		stopped = db_col_date(st, 0);
	db_reset(st);
	if (!stopped) {
		*left = cal_working_days_left(s->cal, clk_today(), due, NULL);
		return true;
	}
	struct cal_span *sp;
	size_t n = case_spans(s, id, &sp);
	int used = 0;
	bool provisional;
	cal_working_days_between(srv_cal(s), accepted, stopped - 1, sp, n, &used, &provisional);
	free(sp);
	*left = working_days - used;
	return true;
}

static void case_add_days_left(struct srv *s, cJSON *c, int64_t id)
{
	bool open;
	date_t due = 0, accepted = 0;
	enum case_status status = CASE_NOTIFIED;
	int left;
	case_add_suspensions(s, c, id, &open);
	case_status_parse(cJSON_GetStringValue(cJSON_GetObjectItem(c, "status")), &status);
	date_parse_iso(cJSON_GetStringValue(cJSON_GetObjectItem(c, "due")), &due);
	date_parse_iso(cJSON_GetStringValue(cJSON_GetObjectItem(c, "accepted_on")), &accepted);
	if (case_days_left(s, id, status, accepted, due,
			   (int)cJSON_GetNumberValue(cJSON_GetObjectItem(c, "working_days")), &left))
		cJSON_AddNumberToObject(c, "working_days_left", left);
	else
		cJSON_AddNullToObject(c, "working_days_left");
}

/* provisional_year: why the due date is provisional (the notice of that
 * year is not installed), null when it is not. */
static void case_add_provisional_year(struct srv *s, cJSON *c)
{
	date_t due = 0, accepted = 0;
	date_parse_iso(cJSON_GetStringValue(cJSON_GetObjectItem(c, "accepted_on")), &accepted);
	date_parse_iso(cJSON_GetStringValue(cJSON_GetObjectItem(c, "due")), &due);
	srv_json_provisional_year(s, c, accepted, due, cJSON_IsTrue(cJSON_GetObjectItem(c, "provisional")));
}

/* The members of the case object, in order, each with the column(s) of
 * the case's row it is read from and its srv_json_col() type; the
 * applicant ('a') takes three columns: name, ID number, phone; the
 * assistance ('g') six: mode, by, the agent's name, ID, phone, relation. */
static const struct case_member {
	const char *name;
	const char *cols;
	char type;
} case_members[] = {
	{ .name = "id", .cols = "c.id", .type = 'i' },
	{ .name = "number", .cols = "c.number", .type = 's' },
	{ .name = "status", .cols = "c.status", .type = 's' },
	{ .name = "ticket", .cols = "c.ticket", .type = 'i' },
	{ .name = "ticket_number", .cols = "t.number", .type = 's' },
	{ .name = "matter", .cols = "c.matter", .type = 's' },
	{ .name = "matter_name", .cols = "m.name", .type = 's' },
	{ .name = "service", .cols = "m.service", .type = 's' },
	{ .name = "service_name", .cols = "sv.name", .type = 's' },
	{ .name = "kind", .cols = "m.kind", .type = 's' },
	{ .name = "working_days", .cols = "m.working_days", .type = 'i' },
	{ .name = "window", .cols = "c.window", .type = 'i' },
	{ .name = "clerk", .cols = "c.clerk", .type = 's' },
	{ .name = "applicant", .cols = "c.applicant_name, c.applicant_id, c.applicant_phone", .type = 'a' },
	{ .name = "received", .cols = "c.received", .type = 'j' },
	{ .name = "missing", .cols = "c.missing", .type = 'j' },
	{ .name = "notified_on", .cols = "c.notified_on", .type = 's' },
	{ .name = "accepted_on", .cols = "c.accepted_on", .type = 's' },
	{ .name = "due", .cols = "c.due", .type = 's' },
	{ .name = "provisional", .cols = "c.provisional", .type = 'b' },
	{ .name = "completed_on", .cols = "c.completed_on", .type = 's' },
	{ .name = "on_time", .cols = "c.on_time", .type = 'b' },
	{ .name = "working_days_used", .cols = "c.working_days_used", .type = 'i' },
	{ .name = "result", .cols = "c.result", .type = 's' },
	{ .name = "rating", .cols = "c.rating", .type = 'i' },
	{ .name = "rating_comment", .cols = "c.rating_comment", .type = 's' },
	{ .name = "created_at", .cols = "c.created_at", .type = 't' },
	{ .name = "accepted_at", .cols = "c.accepted_at", .type = 't' },
	{ .name = "completed_at", .cols = "c.completed_at", .type = 't' },
	/* 上门服务: the home visit the case was taken on (h_home.c), else null. */
	/* 帮办代办: how the case was assisted, by whom, and the agent (mask.h). */
	{ .name = "assist", .cols = "c.assist, c.assist_by, c.agent_name, c.agent_id, c.agent_phone, "
	  "c.agent_relation", .type = 'g' },
	{ .name = "home_visit", .cols = "(SELECT hv.number FROM home_visits hv WHERE hv.case_id = c.id)",
	  .type = 's' },
};
#define CASE_NMEMBERS (sizeof case_members / sizeof case_members[0])

/* The query of one case, made once from case_members; db_prep() caches
 * statements by the address of their SQL, which must therefore stay. */
static char *case_select;
/* The columns of the case's window and service, which decide the
 * applicant's view. */
static int case_window_col = -1, case_service_col = -1;
static pthread_once_t case_select_once = PTHREAD_ONCE_INIT;

static int case_member_ncols(const struct case_member *m)
{
	return m->type == 'a' ? 3 : m->type == 'g' ? 6 : 1;
}

static void case_select_init(void)
{
	struct buf b = BUF_INIT;
	int col = 0;
	buf_adds(&b, "SELECT ");
	for (size_t i = 0; i < CASE_NMEMBERS; i++) {
		buf_printf(&b, "%s%s", i ? ", " : "", case_members[i].cols);
		if (strcmp(case_members[i].name, "window") == 0)
			case_window_col = col;
		if (strcmp(case_members[i].name, "service") == 0)
			case_service_col = col;
		col += case_member_ncols(&case_members[i]);
	}
	buf_adds(&b, " FROM cases c JOIN matters m ON m.code = c.matter JOIN services sv ON sv.code = m.service "
		 "LEFT JOIN tickets t ON t.id = c.ticket WHERE c.id = ?");
	case_select = buf_steal(&b);
}

/* One case row (case_select) as JSON, without what needs other queries;
 * single when the reply is about this case alone. */
static cJSON *case_row_json(const struct req *r, db_q *st, bool single)
{
	cJSON *c = cJSON_CreateObject();
	enum mask_view view = mask_case_view(r, db_col_text(st, case_service_col),
					     db_col_int(st, case_window_col), single);
	int col = 0;
	for (size_t i = 0; i < CASE_NMEMBERS; i++) {
		const struct case_member *m = &case_members[i];
		if (m->type == 'a')
			mask_add_applicant(c, view, db_col_text(st, col), db_col_text(st, col + 1),
					   db_col_text(st, col + 2));
		else if (m->type == 'g')
			mask_add_assist(c, view, db_col_text(st, col), db_col_text(st, col + 1),
					db_col_text(st, col + 2), db_col_text(st, col + 3),
					db_col_text(st, col + 4), db_col_text(st, col + 5));
		else
			srv_json_col(c, m->name, st, col, m->type);
		col += case_member_ncols(m);
	}
	return c;
}

cJSON *case_json(struct req *r, int64_t id, bool single)
{
	struct srv *s = r->srv;
	pthread_once(&case_select_once, case_select_init);
	db_q *st = db_prep(s, case_select, "I", id);
	cJSON *c = db_step(st) == DB_ROW ? case_row_json(r, st, single) : NULL;
	db_reset(st);
	if (c) {
		case_add_missing_materials(s, c);
		case_add_owed(s, c, id);
		case_add_days_left(s, c, id);
		case_add_provisional_year(s, c);
		if (single)
			case_add_history(s, c, id);
	}
	return c;
}
