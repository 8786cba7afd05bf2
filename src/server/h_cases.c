#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wicket/common/buf.h"
#include "wicket/core/case.h"
#include "wicket/server/srv.h"
#include "wicket/server/srv_case.h"
#include "wicket/common/xalloc.h"

/* Cases (办件): accepting an application at the window or giving the
 * one-time notice of what is missing (一次性告知), stopping and restarting
 * the clock, completing, and the applicant's rating (好差评).  The rules are
 * in core/case.c; this file stores them and the working days they count.
 *
 * A case belongs to the hall's service: any clerk signed in to a window of
 * its service may move it on, with or without the applicant there, and
 * every change records a step of who did it, where and on which visit
 * (case_steps.c).  The case object the handlers reply with is made in
 * case_json.c; the lists and the search are in case_list.c.  The
 * applicant's ID number and phone are personal data: they are never
 * logged, and only a clerk who may handle the case sees them unmasked, in
 * a reply about that case alone (mask.h). */

#define CASE_NAME_MAX 50
#define CASE_TEXT_MAX 200
#define CASE_RESULT_MAX 200

/* The received and missing material ids of a case, and those the
 * applicant promised to bring later (容缺受理): owed, no longer missing. */
struct case_ids {
	int *received;
	size_t nreceived;
	int *missing;
	size_t nmissing;
	int *owed;
	size_t nowed;
};

static void case_today(char out[DATE_ISO_SIZE])
{
	date_format_iso(clk_today(), out);
}

/* ---- material ids ------------------------------------------------------- */

/* Append the ints of the JSON array text (one we stored) to ids. */
static void case_ids_from_text(const char *text, struct case_ids *ids)
{
	cJSON *arr = cJSON_Parse(text ? text : "[]"), *it;
	ids->received = xreallocarray(ids->received, ids->nreceived + (size_t)cJSON_GetArraySize(arr) + 1,
				      sizeof *ids->received);
	cJSON_ArrayForEach(it, arr)
		ids->received[ids->nreceived++] = it->valueint;
	cJSON_Delete(arr);
}

static char *case_ids_to_text(const int *ids, size_t n)
{
	struct buf b = BUF_INIT;
	buf_addc(&b, '[');
	for (size_t i = 0; i < n; i++)
		buf_printf(&b, "%s%d", i ? "," : "", ids[i]);
	buf_addc(&b, ']');
	return buf_steal(&b);
}

static void case_ids_free(struct case_ids *ids)
{
	free(ids->received);
	free(ids->missing);
	free(ids->owed);
}

/* Append the request's array field of material ids to *v (*n of them).
 * Returns 0, or -1 after a 400 (not an array of whole numbers, or absent
 * when required). */
static int case_req_ids(struct req *r, const char *field, bool required, int **v, size_t *n)
{
	cJSON *arr = cJSON_GetObjectItemCaseSensitive(r->json, field), *it;
	if (!arr && !required)
		return 0;
	if (!arr) {
		srv_error(r, 400, "missing_field", "the field '%s' is required", field);
		return -1;
	}
	if (!cJSON_IsArray(arr))
		goto bad;
	*v = xreallocarray(*v, *n + (size_t)cJSON_GetArraySize(arr) + 1, sizeof **v);
	cJSON_ArrayForEach(it, arr) {
		/* The range first: converting an out-of-range double is undefined. */
		double d = cJSON_IsNumber(it) ? it->valuedouble : 0;
		if (!(d >= 1 && d <= INT_MAX) || d != (double)(int)d)
			goto bad;
		(*v)[(*n)++] = (int)d;
	}
	return 0;
bad:
	srv_error(r, 400, "invalid_field", "the field '%s' must be an array of material ids", field);
	return -1;
}

/* Append the request's "received" array to ids (case_req_ids). */
static int case_req_received(struct req *r, bool required, struct case_ids *ids)
{
	return case_req_ids(r, "received", required, &ids->received, &ids->nreceived);
}

/* ---- 容缺受理: accepting with a material to follow ------------------------ */

/* The working days within which material id of matter may be brought
 * after acceptance, or -1 when the guide does not let it be deferred. */
static int case_deferrable_days(struct srv *s, const char *matter, int id)
{
	return (int)db_int(s, "SELECT coalesce(deferrable_days, -1) FROM materials WHERE matter = ? AND id = ?",
			   -1, "si", matter, id);
}

/* Read the request's "deferred" (and "promise") once ids->missing is
 * known.  A request that defers accepts the case now: every missing
 * material must be one the guide lets be deferred (else 422
 * not_deferrable naming it), every one listed (400), nothing else listed
 * (400), and the applicant's written promise given ("promise": true).
 * The missing ids then become ids->owed.  Returns 0, or -1 after an
 * error reply. */
static int case_read_deferred(struct req *r, const char *matter, struct case_ids *ids)
{
	int *def = NULL;
	size_t ndef = 0;
	bool promise = false;
	if (case_req_ids(r, "deferred", false, &def, &ndef) || !ndef) {
		free(def);
		return ndef ? -1 : 0;
	}
	ndef = case_ids_normalize(def, ndef);
	for (size_t i = 0; i < ids->nmissing; i++)
		if (case_deferrable_days(r->srv, matter, ids->missing[i]) < 0) {
			cJSON *extra = cJSON_CreateObject();
			cJSON_AddNumberToObject(extra, "material", ids->missing[i]);
			srv_error_x(r, 422, "not_deferrable", extra, "material %d of matter %s may not be "
				    "supplied later", ids->missing[i], matter);
			goto fail;
		}
	for (size_t i = 0; i < ids->nmissing; i++)
		if (!case_ids_has(def, ndef, ids->missing[i])) {
			srv_error(r, 400, "invalid_field", "the field 'deferred' must list every missing "
				  "material; %d is not", ids->missing[i]);
			goto fail;
		}
	if (ndef != ids->nmissing) {
		srv_error(r, 400, "invalid_field", "the field 'deferred' lists a material that is not missing");
		goto fail;
	}
	if (req_bool(r, "promise", true, &promise) < 0)
		goto fail;
	if (!promise) {
		srv_error(r, 400, "invalid_field", "the field 'promise' must be true: the applicant's "
			  "written promise to bring the deferred materials");
		goto fail;
	}
	free(ids->owed);
	ids->owed = def;
	ids->nowed = ndef;
	ids->nmissing = 0;
	return 0;
fail:
	free(def);
	return -1;
}

/* Record what case k, accepted today, owes (ids->owed): each material due
 * its guide's deferrable days after today on the hall's calendar.
 * Returns 0, or -1 after a 500. */
static int case_store_owed(struct req *r, const struct kase *k, const char *matter,
			   const struct case_ids *ids)
{
	for (size_t i = 0; i < ids->nowed; i++) {
		date_t due;
		bool provisional = false;
		char iso[DATE_ISO_SIZE];
		if (cal_due(srv_cal(r->srv), clk_today(), case_deferrable_days(r->srv, matter, ids->owed[i]),
			    NULL, 0, &due, &provisional)) {
			srv_error(r, 500, "internal", "no date can be computed for what case %s owes", k->number);
			return -1;
		}
		date_format_iso(due, iso);
		db_run(r->srv, "INSERT INTO case_owed(case_id, material, due, provisional) VALUES(?,?,?,?)",
		       "Iisi", k->id, ids->owed[i], iso, (int)provisional);
	}
	return 0;
}

/* The detail of an acceptance with materials owed: {"deferred", "promise"}. */
static cJSON *case_owed_detail(cJSON *detail, const struct case_ids *ids)
{
	if (!ids->nowed)
		return detail;
	if (!detail)
		detail = cJSON_CreateObject();
	cJSON_AddItemToObject(detail, "deferred", cJSON_CreateIntArray(ids->owed, (int)ids->nowed));
	cJSON_AddTrueToObject(detail, "promise");
	return detail;
}

/* Work out what is still missing for matter from ids->received, against the
 * matter's guide (and the authorization letter when proxy, 代办).  Returns
 * 0, or -1 after a 400 unknown_material naming the first received id the
 * guide does not list. */
static int case_compute_missing(struct req *r, const char *matter, bool proxy, struct case_ids *ids)
{
	struct case_material *mat = NULL;
	size_t nmat = 0, cap = 0;
	db_q *st = db_prep(r->srv, "SELECT id, required FROM materials WHERE matter = ? ORDER BY id",
				   "s", matter);
	while (db_step(st) == DB_ROW) {
		if (nmat == cap)
			mat = xreallocarray(mat, cap = cap ? 2 * cap : 8, sizeof *mat);
		mat[nmat++] = (struct case_material){ db_col_int(st, 0), db_col_int(st, 1) != 0 };
	}
	db_reset(st);
	/* 代办: the authorization letter is required whatever the guide says. */
	if (proxy) {
		mat = xreallocarray(mat, nmat + 1, sizeof *mat);
		mat[nmat++] = (struct case_material){ CASE_MATERIAL_AUTHORIZATION, true };
	}
	ids->nreceived = case_ids_normalize(ids->received, ids->nreceived);
	ids->missing = xreallocarray(ids->missing, nmat + 1, sizeof *ids->missing);
	int unknown = 0;
	int rc = case_missing(mat, nmat, ids->received, ids->nreceived, ids->missing,
			      &ids->nmissing, &unknown);
	free(mat);
	if (rc) {
		cJSON *extra = cJSON_CreateObject();
		cJSON_AddNumberToObject(extra, "material", unknown);
		srv_error_x(r, 400, "unknown_material", extra,
			    "material %d is not in the guide of matter %s", unknown, matter);
	}
	return rc;
}

/* Store received and missing ids on case id. */
static void case_store_ids(struct srv *s, int64_t id, const struct case_ids *ids)
{
	char *received = case_ids_to_text(ids->received, ids->nreceived);
	char *missing = case_ids_to_text(ids->missing, ids->nmissing);
	db_run(s, "UPDATE cases SET received = ?, missing = ? WHERE id = ?", "ssI", received, missing, id);
	free(received);
	free(missing);
}

/* ---- the clock ------------------------------------------------------------ */

/* Compute and store the due date of k, accepted on accepted_on, with all
 * its (closed) suspensions.  Returns 0, or -1 after a 500. */
static int case_store_due(struct req *r, const struct kase *k, date_t accepted_on)
{
	struct cal_span *sp;
	size_t n = case_spans(r->srv, k->id, &sp);
	date_t due;
	bool provisional = false;
	int rc = cal_due(srv_cal(r->srv), accepted_on, k->working_days, sp, n, &due, &provisional);
	free(sp);
	if (rc) {
		srv_error(r, 500, "internal", "no due date can be computed for case %s", k->number);
		return -1;
	}
	char iso[DATE_ISO_SIZE];
	date_format_iso(due, iso);
	db_run(r->srv, "UPDATE cases SET due = ?, provisional = ? WHERE id = ?", "siI",
	       iso, (int)provisional, k->id);
	return 0;
}

/* Start the clock of k today: accepted_on, accepted_at and the due date. */
static int case_accept(struct req *r, const struct kase *k)
{
	char today[DATE_ISO_SIZE];
	case_today(today);
	db_run(r->srv, "UPDATE cases SET status = 'accepted', accepted_on = ?, accepted_at = ? WHERE id = ?",
	       "sII", today, clk_now(), k->id);
	return case_store_due(r, k, clk_today());
}

static void case_reply(struct req *r, int status, int64_t id)
{
	srv_reply(r, status, case_json(r, id, true));
}

/* ---- loading, checking and moving a case ------------------------------ */

void case_kase_free(struct kase *k)
{
	free(k->received);
}

int case_load(struct req *r, struct kase *k)
{
	int64_t id;
	memset(k, 0, sizeof *k);
	if (req_param_id(r, 0, "case", &id))
		return -1;
	return case_load_id(r, id, k);
}

int case_load_id(struct req *r, int64_t id, struct kase *k)
{
	memset(k, 0, sizeof *k);
	k->id = id;
	db_q *st = db_prep(r->srv, "SELECT c.number, c.status, c.window, c.ticket, c.matter, "
				   "m.working_days, c.accepted_on, c.due, c.rating IS NOT NULL, c.received, "
				   "m.service FROM cases c JOIN matters m ON m.code = c.matter WHERE c.id = ?",
				   "I", k->id);
	int rc = -1;
	if (db_step(st) == DB_ROW) {
		snprintf(k->number, sizeof k->number, "%s", db_col_text(st, 0));
		case_status_parse(db_col_text(st, 1), &k->status);
		k->window = db_col_int(st, 2);
		k->ticket = db_col_i64(st, 3);
		snprintf(k->matter, sizeof k->matter, "%s", db_col_text(st, 4));
		k->working_days = db_col_int(st, 5);
		k->accepted_on = db_col_date(st, 6);
		k->due = db_col_date(st, 7);
		k->rated = db_col_int(st, 8);
		k->received = xstrdup(db_col_text(st, 9));
		snprintf(k->service, sizeof k->service, "%s", db_col_text(st, 10));
		rc = 0;
	}
	db_reset(st);
	if (rc)
		srv_error(r, 404, "not_found", "no such case: %lld", (long long)k->id);
	return rc;
}

static void case_invalid_state(struct req *r, enum case_status current, const char *what)
{
	cJSON *extra = cJSON_CreateObject();
	cJSON_AddStringToObject(extra, "current", case_status_name(current));
	srv_error_x(r, 409, "invalid_state", extra, "a case that is %s cannot be %s",
		    case_status_name(current), what);
}

/* True when case id still owes a material deferred at acceptance. */
static bool case_owes(struct srv *s, int64_t id)
{
	return db_int(s, "SELECT count(*) FROM case_owed WHERE case_id = ?", 0, "I", id) > 0;
}

/* The start of every change to the case in the path: load it, check that
 * the caller may handle it (a clerk of its service), where the step is
 * done (at), and that action is legal from its status.  The visit of a
 * ticket given is linked to the case.  Returns 0 with *k (free with
 * case_kase_free), *to and *at filled, or -1 with the reply set. */
static int case_begin(struct req *r, enum case_action action, struct kase *k, enum case_status *to,
		      struct case_at *at)
{
	static const char *const done[CASE_NACTION] = {
		[CASE_MATERIALS_COMPLETE] = "given materials", [CASE_SUSPEND] = "suspended",
		[CASE_RESUME] = "resumed", [CASE_COMPLETE] = "completed",
	};
	if (case_load(r, k))
		return -1;
	if (!case_may_handle(r, k->service, k->window) || case_read_at(r, k, at)) {
		case_kase_free(k);
		return -1;
	}
	if (action == CASE_MATERIALS_COMPLETE && k->status != CASE_NOTIFIED && k->status != CASE_COMPLETED &&
	    case_owes(r->srv, k->id)) {
		*to = k->status; /* an owed material brought (容缺): the status stays */
	} else if (case_apply(k->status, action, to)) {
		case_invalid_state(r, k->status, done[action]);
		case_kase_free(k);
		return -1;
	}
	case_link_visit(r, k, at);
	return 0;
}

/* The end of every change: store status to, record the step action with
 * detail (taken over; NULL for none) and its event, reply 200 with the
 * case, and release k. */
static void case_finish(struct req *r, struct kase *k, enum case_status to, const char *action,
			const struct case_at *at, cJSON *detail)
{
	db_run(r->srv, "UPDATE cases SET status = ? WHERE id = ?", "sI", case_status_name(to), k->id);
	case_step(r, k, action, at, detail);
	case_reply(r, 200, k->id);
	case_kase_free(k);
}

/* ---- POST /cases ---------------------------------------------------------- */

struct case_new {
	int64_t ticket;
	int window;
	const char *matter;
	int working_days;
	const char *name;
	char id_number[CASE_ID_SIZE];
	char phone[CASE_PHONE_SIZE];
	struct case_assist assist;      /* 帮办代办; mode NULL when not */
	struct case_ids ids;
};

/* A string member of the applicant object; NULL after a 400. */
static const char *case_applicant_str(struct req *r, const cJSON *a, const char *field)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(a, field);
	if (!v || cJSON_IsNull(v))
		srv_error(r, 400, "missing_field", "the field 'applicant.%s' is required", field);
	else if (!cJSON_IsString(v))
		srv_error(r, 400, "invalid_field", "the field 'applicant.%s' must be a string", field);
	else
		return v->valuestring;
	return NULL;
}

int case_req_applicant(struct req *r, const char **name, char id_number[CASE_ID_SIZE],
		       char phone_out[CASE_PHONE_SIZE])
{
	const cJSON *a = cJSON_GetObjectItemCaseSensitive(r->json, "applicant");
	const char *id, *phone;
	if (!cJSON_IsObject(a)) {
		srv_error(r, 400, a ? "invalid_field" : "missing_field",
			  "the field 'applicant' must be an object {name, id_number, phone}");
		return -1;
	}
	if (!(*name = case_applicant_str(r, a, "name")) ||
	    !(id = case_applicant_str(r, a, "id_number")) ||
	    !(phone = case_applicant_str(r, a, "phone")) ||
	    !req_text_ok(r, "applicant.name", *name, 1, CASE_NAME_MAX))
		return -1;
	if (!case_id_number_check(id, id_number)) {
		srv_error(r, 400, "invalid_id_number", "the applicant's ID number is not a valid resident ID number");
		return -1;
	}
	if (!case_phone_check(phone, phone_out)) {
		srv_error(r, 400, "invalid_phone", "the applicant's phone is neither a mobile nor a landline number");
		return -1;
	}
	return 0;
}

/* Read and check the applicant of a new case. */
static int case_read_applicant(struct req *r, struct case_new *n)
{
	return case_req_applicant(r, &n->name, n->id_number, n->phone);
}

/* The matter must exist; its working days are the limit. */
static int case_read_matter(struct req *r, struct case_new *n)
{
	if (req_str(r, "matter", true, &n->matter) < 0)
		return -1;
	n->working_days = (int)db_int(r->srv, "SELECT working_days FROM matters WHERE code = ?", -1,
				      "s", n->matter);
	if (n->working_days < 0) {
		srv_error(r, 404, "unknown_matter", "no matter has the code '%s'", n->matter);
		return -1;
	}
	return 0;
}

/* Insert the case row (notified, or about to be accepted); returns its id. */
static int64_t case_insert(struct req *r, const struct case_new *n, bool complete, char number[16])
{
	struct srv *s = r->srv;
	char today[DATE_ISO_SIZE], key[32];
	int y, m, d;
	date_to_ymd(clk_today(), &y, &m, &d);
	case_today(today);
	/* Numbers restart every day: the counter is per date. */
	snprintf(key, sizeof key, "case:%04d%02d%02d", y, m, d);
	int64_t seq = db_int(s, "INSERT INTO counters(name, value) VALUES(?, 1) ON CONFLICT(name) "
			     "DO UPDATE SET value = counters.value + 1 RETURNING value", 1, "s", key);
	snprintf(number, 16, "%04d%02d%02d-%04d", y, m, d, (int)(seq % 100000));
	char *received = case_ids_to_text(n->ids.received, n->ids.nreceived);
	char *missing = case_ids_to_text(n->ids.missing, n->ids.nmissing);
	db_run(s, "INSERT INTO cases(number, ticket, matter, window, clerk, applicant_name, applicant_id, "
	       "applicant_phone, status, received, missing, notified_on, created_at) "
	       "VALUES(?,nullif(?,0),?,?,?,?,?,?,'notified',?,?,?,?)", "sIsis" "sss" "ss" "sI",
	       number, n->ticket, n->matter, n->window, r->auth.user, n->name, n->id_number,
	       n->phone, received, missing, complete ? NULL : today, clk_now());
	free(received);
	free(missing);
	db_run(s, "UPDATE tickets SET matter = ? WHERE id = ?", "sI", n->matter, n->ticket);
	int64_t id = db_last_id(s);
	case_store_assist(r, id, &n->assist);
	return id;
}

/* Record the case n (its received materials read already, its missing
 * computed): notified, or accepted when complete, with its first step;
 * returns its id, or 0 after an error reply.  Frees n's ids. */
static int64_t case_create(struct req *r, struct case_new *n);

void h_case_create(struct req *r)
{
	struct case_new n = { 0 };
	if (req_int(r, "ticket", true, 1, INT32_MAX, &n.ticket) < 0 || case_read_applicant(r, &n) ||
	    case_req_assist(r, &n.assist, n.id_number) ||
	    case_req_received(r, false, &n.ids) || case_read_matter(r, &n) ||
	    case_compute_missing(r, n.matter, n.assist.mode && strcmp(n.assist.mode, "proxy") == 0, &n.ids) || case_read_deferred(r, n.matter, &n.ids) ||
	    case_ticket_at_window(r, n.ticket, &n.window)) {
		case_ids_free(&n.ids);
		return;
	}
	int64_t id = case_create(r, &n);
	if (id)
		case_reply(r, 201, id);
}

int64_t case_create_away(struct req *r, const char *matter, const char *name, const char *id_number,
			 const char *phone)
{
	struct case_new n = { .matter = matter, .name = name };
	snprintf(n.id_number, sizeof n.id_number, "%s", id_number);
	snprintf(n.phone, sizeof n.phone, "%s", phone);
	n.working_days = (int)db_int(r->srv, "SELECT working_days FROM matters WHERE code = ?", 0, "s", matter);
	if (case_req_received(r, false, &n.ids) || case_compute_missing(r, n.matter, false, &n.ids) ||
	    case_read_deferred(r, n.matter, &n.ids)) {
		case_ids_free(&n.ids);
		return 0;
	}
	return case_create(r, &n);
}

static int64_t case_create(struct req *r, struct case_new *n_)
{
	struct case_new n = *n_;
	bool complete = n.ids.nmissing == 0;
	struct kase k = { .window = n.window, .ticket = n.ticket, .working_days = n.working_days };
	k.id = case_insert(r, &n, complete, k.number);
	cJSON *detail = NULL;
	if (!complete) {
		detail = cJSON_CreateObject();
		cJSON_AddItemToObject(detail, "missing", cJSON_CreateIntArray(n.ids.missing, (int)n.ids.nmissing));
	}
	detail = case_owed_detail(detail, &n.ids);
	if (complete && (case_accept(r, &k) || case_store_owed(r, &k, n.matter, &n.ids))) {
		cJSON_Delete(detail);
		case_ids_free(&n.ids);
		return 0;
	}
	case_ids_free(&n.ids);
	struct case_at at = { .window = n.window, .ticket = n.ticket };
	case_step(r, &k, complete ? "accepted" : "notified", &at, detail);
	enq_case_taken(r, n.ticket, k.id);   /* 首问负责: the enquiry that sent them is done */
	return k.id;
}

/* ---- changes to a case ------------------------------------------------- */

/* The ids still owed by case id, in order, as a JSON array. */
static cJSON *case_owed_ids(struct srv *s, int64_t id)
{
	cJSON *arr = cJSON_CreateArray();
	db_q *st = db_prep(s, "SELECT material FROM case_owed WHERE case_id = ? ORDER BY material", "I", id);
	while (db_step(st) == DB_ROW)
		cJSON_AddItemToArray(arr, cJSON_CreateNumber(db_col_int(st, 0)));
	db_reset(st);
	return arr;
}

/* POST /cases/{id}/materials on an accepted (or suspended) case that owes
 * materials: each id received must be owed; they are received and owed no
 * more, and a materials step says what came in and what is still owed.
 * Replies and releases k. */
static void case_bring_owed(struct req *r, struct kase *k, const struct case_at *at)
{
	struct case_ids ids = { 0 }, added = { 0 };
	if (case_req_received(r, true, &added))
		goto out;
	added.nreceived = case_ids_normalize(added.received, added.nreceived);
	for (size_t i = 0; i < added.nreceived; i++)
		if (!db_int(r->srv, "SELECT 1 FROM case_owed WHERE case_id = ? AND material = ?", 0, "Ii",
			    k->id, added.received[i])) {
			srv_error(r, 400, "invalid_field", "the field 'received' names material %d, which "
				  "case %s does not owe", added.received[i], k->number);
			goto out;
		}
	case_ids_from_text(k->received, &ids);
	ids.received = xreallocarray(ids.received, ids.nreceived + added.nreceived + 1, sizeof *ids.received);
	for (size_t i = 0; i < added.nreceived; i++) {
		ids.received[ids.nreceived++] = added.received[i];
		db_run(r->srv, "DELETE FROM case_owed WHERE case_id = ? AND material = ?", "Ii", k->id,
		       added.received[i]);
	}
	ids.nreceived = case_ids_normalize(ids.received, ids.nreceived);
	case_store_ids(r->srv, k->id, &ids);
	cJSON *detail = cJSON_CreateObject();
	cJSON_AddItemToObject(detail, "received", cJSON_CreateIntArray(added.received, (int)added.nreceived));
	cJSON_AddItemToObject(detail, "owed", case_owed_ids(r->srv, k->id));
	case_ids_free(&ids);
	case_ids_free(&added);
	case_finish(r, k, k->status, "materials", at, detail);
	return;
out:
	case_ids_free(&ids);
	case_ids_free(&added);
	case_kase_free(k);
}

void h_case_materials(struct req *r)
{
	struct kase k;
	enum case_status to;
	struct case_at at;
	struct case_ids ids = { 0 }, added = { 0 };
	if (case_begin(r, CASE_MATERIALS_COMPLETE, &k, &to, &at))
		return;
	if (k.status != CASE_NOTIFIED) {
		case_bring_owed(r, &k, &at);
		return;
	}
	case_ids_from_text(k.received, &ids);
	if (case_req_received(r, true, &ids) || case_req_received(r, true, &added) ||
	    case_compute_missing(r, k.matter, case_is_proxy(r->srv, k.id), &ids) ||
	    case_read_deferred(r, k.matter, &ids)) {
		case_ids_free(&ids);
		case_ids_free(&added);
		case_kase_free(&k);
		return;
	}
	case_store_ids(r->srv, k.id, &ids);
	/* The step says what came in on this visit. */
	cJSON *detail = cJSON_CreateObject();
	added.nreceived = case_ids_normalize(added.received, added.nreceived);
	cJSON_AddItemToObject(detail, "received", cJSON_CreateIntArray(added.received, (int)added.nreceived));
	case_ids_free(&added);
	if (ids.nmissing == 0) {
		/* Complete now: the clock starts from today, not the first visit. */
		detail = case_owed_detail(detail, &ids);
		if (case_accept(r, &k) || case_store_owed(r, &k, k.matter, &ids)) {
			cJSON_Delete(detail);
			case_ids_free(&ids);
			case_kase_free(&k);
			return;
		}
	} else {
		to = k.status;
		cJSON_AddItemToObject(detail, "missing", cJSON_CreateIntArray(ids.missing, (int)ids.nmissing));
	}
	case_ids_free(&ids);
	case_finish(r, &k, to, to == CASE_ACCEPTED ? "accepted" : "materials", &at, detail);
}

void h_case_suspend(struct req *r)
{
	struct kase k;
	enum case_status to;
	struct case_at at;
	const char *reason;
	if (case_begin(r, CASE_SUSPEND, &k, &to, &at))
		return;
	if (req_text(r, "reason", true, 1, CASE_TEXT_MAX, &reason) < 0) {
		case_kase_free(&k);
		return;
	}
	char today[DATE_ISO_SIZE];
	case_today(today);
	db_run(r->srv, "INSERT INTO suspensions(case_id, start, end, reason, at) VALUES(?,?,NULL,?,?)",
	       "IssI", k.id, today, reason, clk_now());
	db_run(r->srv, "UPDATE cases SET suspended_at = ? WHERE id = ?", "II", clk_now(), k.id);
	cJSON *detail = cJSON_CreateObject();
	cJSON_AddStringToObject(detail, "reason", reason);
	case_finish(r, &k, to, "suspended", &at, detail);
}

void h_case_resume(struct req *r)
{
	struct kase k;
	enum case_status to;
	struct case_at at;
	if (case_begin(r, CASE_RESUME, &k, &to, &at))
		return;
	char today[DATE_ISO_SIZE];
	case_today(today);
	db_run(r->srv, "UPDATE suspensions SET end = ? WHERE case_id = ? AND end IS NULL", "sI", today, k.id);
	/* Every suspended day moves the due date on by the working days in it. */
	if (case_store_due(r, &k, k.accepted_on)) {
		case_kase_free(&k);
		return;
	}
	case_finish(r, &k, to, "resumed", &at, NULL);
}

void h_case_complete(struct req *r)
{
	struct kase k;
	enum case_status to;
	struct case_at at;
	const char *result = NULL;
	if (case_begin(r, CASE_COMPLETE, &k, &to, &at))
		return;
	if (req_text(r, "result", false, 1, CASE_RESULT_MAX, &result) < 0) {
		case_kase_free(&k);
		return;
	}
	/* 容缺受理 accepts the case, not its result: nothing is issued before
	 * the promised materials are in (the applicant's written promise). */
	if (case_owes(r->srv, k.id)) {
		srv_error(r, 409, "materials_owed", "the case still owes materials accepted to follow (容缺): "
			  "bring them first");
		case_kase_free(&k);
		return;
	}
	struct cal_span *sp;
	size_t nsp = case_spans(r->srv, k.id, &sp);
	date_t today = clk_today();
	int used = 0;
	bool provisional;
	cal_working_days_between(srv_cal(r->srv), k.accepted_on, today, sp, nsp, &used, &provisional);
	free(sp);
	bool on_time = today <= k.due;
	char iso[DATE_ISO_SIZE];
	date_format_iso(today, iso);
	db_run(r->srv, "UPDATE cases SET completed_on = ?, on_time = ?, working_days_used = ?, "
	       "completed_at = ?, result = ? WHERE id = ?", "siiIsI", iso, (int)on_time, used, clk_now(),
	       result, k.id);
	cJSON *detail = cJSON_CreateObject();
	cJSON_AddBoolToObject(detail, "on_time", on_time);
	if (result)
		cJSON_AddStringToObject(detail, "result", result);
	case_finish(r, &k, to, "completed", &at, detail);
}

/* Who rates, and where: the hall's kiosk (no window), or the rating pad
 * at a window of a clerk who may handle the case.  Returns 0, or -1 after
 * an error reply. */
static int case_rating_at(struct req *r, const struct kase *k, struct case_at *at)
{
	*at = (struct case_at){ 0 };
	if (r->auth.role == ROLE_KIOSK)
		return 0;
	if (!case_may_handle(r, k->service, k->window) || case_read_at(r, k, at))
		return -1;
	return 0;
}

void h_case_rating(struct req *r)
{
	struct kase k;
	struct case_at at;
	int64_t level;
	const char *comment = NULL;
	if (case_load(r, &k))
		return;
	const char *reason = NULL;
	if (case_rating_at(r, &k, &at) || req_int(r, "level", true, 1, 5, &level) < 0 ||
	    rating_read_reason(r, level, &reason, &comment) < 0) {
		case_kase_free(&k);
		return;
	}
	if (k.status != CASE_COMPLETED && k.status != CASE_NOTIFIED) {
		case_invalid_state(r, k.status, "rated");
		case_kase_free(&k);
		return;
	}
	if (k.rated) {
		srv_error(r, 409, "already_rated", "case %s has been rated already", k.number);
		case_kase_free(&k);
		return;
	}
	/* The service's one rating (一次一评): the clerk keys a paper form;
	 * the hall's kiosk is the applicant's own. */
	if (rating_given(r, k.id, &at, level, reason, comment,
			 r->auth.role == ROLE_KIOSK ? "evaluator" : "paper")) {
		case_kase_free(&k);
		return;
	}
	db_run(r->srv, "UPDATE cases SET rating = ?, rating_comment = ?, rated_at = ? WHERE id = ?",
	       "IsII", level, comment, clk_now(), k.id);
	/* A poor rating (不满意, 非常不满意) is called back (差评回访). */
	if (level <= 2 && cb_open_bad_rating(r, k.id, (int)level, "counter", 0)) {
		case_kase_free(&k);
		return;
	}
	case_link_visit(r, &k, &at);
	cJSON *detail = cJSON_CreateObject();
	cJSON_AddNumberToObject(detail, "level", (double)level);
	case_finish(r, &k, k.status, "rated", &at, detail);
}
