#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wicket/core/case.h"
#include "wicket/core/queue.h"
#include "wicket/server/srv_drill.h"
#include "wicket/common/xalloc.h"

/* Scenario files (data/drills/NAME.json): a script of applicants, checked
 * against the hall's services, matters and materials before a drill may
 * play it.  Every error names the field, e.g.
 *   applicants[2].brought: material 9 is not in the guide of SOC-01
 * so that whoever writes a scenario finds the mistake. */

#define SCR_MAX_APPLICANTS 100
#define SCR_MAX_TEXT 500

struct scr {
	struct srv *s;
	char *err;
	size_t errlen;
	char where[48];           /* "applicants[2]." while checking one */
};

static int scr_fail(struct scr *c, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int scr_fail(struct scr *c, const char *field, const char *fmt, ...)
{
	char msg[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	snprintf(c->err, c->errlen, "%s%s: %s", c->where, field, msg);
	return -1;
}

/* Member field of o as text of 1..max characters without control
 * characters; NULL after an error when it is not. */
static const char *scr_text(struct scr *c, const cJSON *o, const char *field, size_t max)
{
	const char *v = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, field));
	if (!v || !case_text_valid(v, 1, max)) {
		scr_fail(c, field, "must be text of 1 to %zu characters without control characters", max);
		return NULL;
	}
	return v;
}

/* Member field of o as a whole number lo..hi, or dflt when absent and
 * dflt >= lo.  Returns 0, or -1 after an error. */
static int scr_int(struct scr *c, const cJSON *o, const char *field, long lo, long hi, long dflt,
		   int64_t *out)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, field);
	if (!v && dflt >= lo) {
		*out = dflt;
		return 0;
	}
	if (!cJSON_IsNumber(v) || v->valuedouble != (double)(int64_t)v->valuedouble ||
	    v->valuedouble < (double)lo || v->valuedouble > (double)hi)
		return scr_fail(c, field, "must be a whole number from %ld to %ld", lo, hi);
	*out = (int64_t)v->valuedouble;
	return 0;
}

/* The ids as "[1, 3]" into out. */
static void scr_ids_text(const int *ids, size_t n, char *out, size_t size)
{
	size_t len = (size_t)snprintf(out, size, "[");
	for (size_t i = 0; i < n && len < size; i++)
		len += (size_t)snprintf(out + len, size - len, "%s%d", i ? ", " : "", ids[i]);
	if (len < size)
		snprintf(out + len, size - len, "]");
}

/* Array member field of o: material ids of matter without repeats, into a
 * malloc'd array (*out, the caller frees it also after an error; *n ids).
 * Returns 0 or -1. */
static int scr_material_ids(struct scr *c, const cJSON *o, const char *field, const char *matter,
			    int **out, size_t *n)
{
	const cJSON *arr = cJSON_GetObjectItemCaseSensitive(o, field), *it;
	*out = xcalloc((size_t)cJSON_GetArraySize(arr) + 1, sizeof **out);
	*n = 0;
	if (!cJSON_IsArray(arr))
		return scr_fail(c, field, "must be an array of material ids");
	cJSON_ArrayForEach(it, arr) {
		double v = cJSON_IsNumber(it) ? it->valuedouble : 0;
		if (!(v >= 1 && v <= 1000) || v != (double)(int)v)
			return scr_fail(c, field, "must be an array of material ids");
		if (db_int(c->s, "SELECT count(*) FROM materials WHERE matter = ? AND id = ?", 0,
			   "si", matter, (int)v) == 0)
			return scr_fail(c, field, "material %d is not in the guide of %s", (int)v, matter);
		if (case_ids_has(*out, *n, (int)v))
			return scr_fail(c, field, "material %d is listed twice", (int)v);
		(*out)[(*n)++] = (int)v;
	}
	return 0;
}

/* True when code is one of the script's window services. */
static bool scr_window_serves(const cJSON *services, const char *code)
{
	const cJSON *it;
	cJSON_ArrayForEach(it, services)
		if (strcmp(it->valuestring, code) == 0)
			return true;
	return false;
}

/* "services": the drill windows' services, known and not repeated. */
static int scr_services(struct scr *c, const cJSON *root)
{
	const cJSON *arr = cJSON_GetObjectItemCaseSensitive(root, "services"), *it, *jt;
	if (!cJSON_IsArray(arr) || cJSON_GetArraySize(arr) == 0)
		return scr_fail(c, "services", "must be a non-empty array of service codes");
	cJSON_ArrayForEach(it, arr) {
		if (!cJSON_IsString(it) ||
		    db_int(c->s, "SELECT count(*) FROM services WHERE code = ?", 0, "s", it->valuestring) == 0)
			return scr_fail(c, "services", "'%s' is not a service of the hall",
					cJSON_IsString(it) ? it->valuestring : "?");
		for (jt = arr->child; jt != it; jt = jt->next)
			if (strcmp(jt->valuestring, it->valuestring) == 0)
				return scr_fail(c, "services", "'%s' is listed twice", it->valuestring);
	}
	return 0;
}

/* The applicant's matter: it exists; its required ids, kind and limit. */
static int scr_matter(struct scr *c, struct drill_applicant *a, char service[16], size_t *nrequired)
{
	db_q *st = db_prep(c->s, "SELECT service, kind, working_days FROM matters WHERE code = ?",
				   "s", a->matter);
	bool found = db_step(st) == DB_ROW;
	if (found) {
		snprintf(service, 16, "%s", db_col_text(st, 0));
		a->expect.promised = strcmp(db_col_text(st, 1), "promised") == 0;
		a->working_days = db_col_int(st, 2);
	}
	db_reset(st);
	if (!found)
		return scr_fail(c, "matter", "no matter of the hall has the code '%s'", a->matter);
	size_t cap = 8;
	a->required = xcalloc(cap, sizeof *a->required);
	*nrequired = 0;
	st = db_prep(c->s, "SELECT id FROM materials WHERE matter = ? AND required <> 0 ORDER BY id", "s", a->matter);
	while (db_step(st) == DB_ROW) {
		if (*nrequired == cap)
			a->required = xreallocarray(a->required, cap *= 2, sizeof *a->required);
		a->required[(*nrequired)++] = db_col_int(st, 0);
	}
	db_reset(st);
	return 0;
}

/* "wrong": {material (one of brought), note}; 0 when absent. */
static int scr_wrong(struct scr *c, const cJSON *o, const int *brought, size_t nbrought, int *wrong)
{
	const cJSON *w = cJSON_GetObjectItemCaseSensitive(o, "wrong");
	const cJSON *m = cJSON_GetObjectItemCaseSensitive(w, "material");
	const char *note = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(w, "note"));
	*wrong = 0;
	if (!w)
		return 0;
	if (!cJSON_IsObject(w) || !cJSON_IsNumber(m) || !note || !case_text_valid(note, 1, SCR_MAX_TEXT))
		return scr_fail(c, "wrong", "must be an object {material, note}");
	if (m->valuedouble != (double)m->valueint || !case_ids_has(brought, nbrought, m->valueint))
		return scr_fail(c, "wrong.material", "must be one of the materials brought");
	*wrong = m->valueint;
	return 0;
}

/* The person: name, ID number, phone, what they say, their rating. */
static int scr_person(struct scr *c, const cJSON *o, struct drill_applicant *a)
{
	char id[CASE_ID_SIZE], phone[CASE_PHONE_SIZE];
	const cJSON *rating = cJSON_GetObjectItemCaseSensitive(o, "rating");
	int64_t level;
	if (!(a->name = scr_text(c, o, "name", 50)) || !scr_text(c, o, "says", SCR_MAX_TEXT))
		return -1;
	if (!case_id_number_check(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, "id_number")), id))
		return scr_fail(c, "id_number", "must be a valid resident ID number (GB 11643)");
	if (!case_phone_check(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, "phone")), phone))
		return scr_fail(c, "phone", "must be a mobile or landline number");
	if (rating && (!cJSON_IsObject(rating) || scr_int(c, rating, "level", 1, 5, 0, &level)))
		return scr_fail(c, "rating", "must be an object {level 1..5, comment}");
	if (rating && cJSON_GetObjectItemCaseSensitive(rating, "comment") &&
	    !cJSON_IsString(cJSON_GetObjectItemCaseSensitive(rating, "comment")))
		return scr_fail(c, "rating.comment", "must be text");
	return 0;
}

/* What the script expects, against what the materials make of it. */
static int scr_expect(struct scr *c, const cJSON *root, const cJSON *o, struct drill_applicant *a,
		      const char *matter_service, const int *effective, size_t neffective,
		      size_t nrequired)
{
	const cJSON *e = cJSON_GetObjectItemCaseSensitive(o, "expect");
	struct drill_expect *x = &a->expect;
	const cJSON *services = cJSON_GetObjectItemCaseSensitive(root, "services");
	bool wrong_window = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, "wrong_window"));
	/* What the one-time notice would list: required, not validly brought. */
	a->missing = xcalloc(nrequired + 1, sizeof *a->missing);
	size_t nmissing = 0;
	for (size_t i = 0; i < nrequired; i++)
		if (!case_ids_has(effective, neffective, a->required[i]))
			a->missing[nmissing++] = a->required[i];
	char listed[128];
	scr_ids_text(a->missing, nmissing, listed, sizeof listed);
	if (!cJSON_IsObject(e) ||
	    drill_outcome_parse(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(e, "outcome")),
				&x->outcome))
		return scr_fail(c, "expect.outcome", "must be accept, notice or transfer");
	if (wrong_window != (x->outcome == DRILL_OUT_TRANSFER))
		return scr_fail(c, "expect.outcome", "an applicant at the wrong window (wrong_window) "
				"is transferred, and only such an applicant");
	if (x->outcome == DRILL_OUT_TRANSFER) {
		x->transfer_to = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(e, "service"));
		if (!x->transfer_to || strcmp(x->transfer_to, matter_service) != 0)
			return scr_fail(c, "expect.service", "must be %s, the service of %s", matter_service,
					a->matter);
		if (scr_window_serves(services, x->transfer_to))
			return scr_fail(c, "expect.service", "the drill window serves %s itself",
					x->transfer_to);
		return 0;
	}
	if (strcmp(matter_service, a->service) != 0)
		return scr_fail(c, "matter", "%s is a matter of %s, not of the ticket's service %s "
				"(an applicant at the wrong window has wrong_window)", a->matter,
				matter_service, a->service);
	if (x->outcome == DRILL_OUT_ACCEPT && nmissing)
		return scr_fail(c, "expect.outcome", "cannot accept: required materials %s are not "
				"validly brought", listed);
	if (x->outcome == DRILL_OUT_NOTICE) {
		int *want = NULL;
		size_t nwant = 0;
		int rc = scr_material_ids(c, e, "missing", a->matter, &want, &nwant);
		bool same = rc == 0 && nwant == nmissing && nmissing > 0;
		for (size_t i = 0; same && i < nwant; i++)
			same = case_ids_has(a->missing, nmissing, want[i]);
		free(want);
		if (rc)
			return -1;
		if (!same)
			return scr_fail(c, "expect.missing", "the notice lists exactly %s here", listed);
		x->missing = a->missing;
		x->nmissing = nmissing;
	}
	return 0;
}

/* One applicant, applicants[i]. */
static int scr_applicant(struct scr *c, const cJSON *root, const cJSON *o, struct drill_applicant *a,
			 int64_t after)
{
	int64_t arrival;
	enum queue_priority p;
	char matter_service[16];
	int *brought = NULL;
	size_t nbrought = 0, nrequired = 0;
	const cJSON *standards = cJSON_GetObjectItemCaseSensitive(root, "standard_seconds");
	a->json = o;
	if (!cJSON_IsObject(o))
		return scr_fail(c, "", "must be an object");
	if (scr_person(c, o, a) || scr_int(c, o, "arrival", 0, 86400, -1, &arrival))
		return -1;
	if (arrival < after)
		return scr_fail(c, "arrival", "comes before the previous applicant's (%lld): the "
				"script lists applicants in the order they arrive", (long long)after);
	a->arrival = arrival;
	a->priority = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, "priority"));
	if (a->priority && queue_priority_parse(a->priority, &p))
		return scr_fail(c, "priority", "must be none, elderly, disabled, pregnant or military");
	a->expect.priority = a->priority && strcmp(a->priority, "none") != 0;
	a->priority = a->priority ? a->priority : "none";
	a->service = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, "service"));
	if (!a->service || !scr_window_serves(cJSON_GetObjectItemCaseSensitive(root, "services"), a->service))
		return scr_fail(c, "service", "must be one of the services of the drill window");
	a->matter = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, "matter"));
	if (!a->matter)
		return scr_fail(c, "matter", "must be a matter code");
	int rc = scr_matter(c, a, matter_service, &nrequired);
	if (rc == 0)
		rc = scr_material_ids(c, o, "brought", a->matter, &brought, &nbrought);
	if (rc == 0)
		rc = scr_wrong(c, o, brought, nbrought, &a->expect.wrong);
	/* What counts as brought: all but the wrong one. */
	size_t neffective = 0;
	for (size_t i = 0; rc == 0 && i < nbrought; i++)
		if (brought[i] != a->expect.wrong)
			brought[neffective++] = brought[i];
	if (rc == 0)
		rc = scr_expect(c, root, o, a, matter_service, brought, neffective, nrequired);
	free(brought);
	if (rc)
		return -1;
	a->expect.required = a->required;
	a->expect.nrequired = nrequired;
	const char *key = a->expect.outcome == DRILL_OUT_TRANSFER ? "transfer" : a->matter;
	const cJSON *std = cJSON_GetObjectItemCaseSensitive(standards, key);
	if (!cJSON_IsNumber(std) || std->valuedouble < 10 || std->valuedouble > 86400)
		return scr_fail(c, "matter", "standard_seconds has no time from 10 to 86400 for \"%s\"", key);
	a->expect.standard_seconds = (int64_t)std->valuedouble;
	return 0;
}

static int scr_check(struct scr *c, struct drill_script *sc)
{
	const cJSON *root = sc->json, *apps, *it;
	if (!cJSON_IsObject(root))
		return scr_fail(c, "file", "is not a JSON object");
	if (!(sc->title = scr_text(c, root, "title", 100)) || !scr_text(c, root, "summary", SCR_MAX_TEXT) ||
	    !scr_text(c, root, "instructions", SCR_MAX_TEXT) || scr_services(c, root))
		return -1;
	sc->services = cJSON_GetObjectItemCaseSensitive(root, "services");
	if (!cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(root, "standard_seconds")))
		return scr_fail(c, "standard_seconds", "must be an object of seconds by matter code "
				"(and \"transfer\")");
	apps = cJSON_GetObjectItemCaseSensitive(root, "applicants");
	int n = cJSON_GetArraySize(apps);
	if (!cJSON_IsArray(apps) || n < 1 || n > SCR_MAX_APPLICANTS)
		return scr_fail(c, "applicants", "must be an array of 1 to %d applicants", SCR_MAX_APPLICANTS);
	sc->apps = xcalloc((size_t)n, sizeof *sc->apps);
	int64_t after = 0;
	cJSON_ArrayForEach(it, apps) {
		snprintf(c->where, sizeof c->where, "applicants[%zu].", sc->napps);
		struct drill_applicant *a = &sc->apps[sc->napps++];
		if (scr_applicant(c, root, it, a, after))
			return -1;
		after = a->arrival;
	}
	return 0;
}

struct drill_script *drill_script_parse(struct srv *s, const char *id, const char *text,
					char *err, size_t errlen)
{
	struct scr c = { .s = s, .err = err, .errlen = errlen };
	struct drill_script *sc = xcalloc(1, sizeof *sc);
	sc->id = xstrdup(id);
	sc->json = cJSON_Parse(text);
	if (!sc->json) {
		snprintf(err, errlen, "not valid JSON (near byte %td)",
			 cJSON_GetErrorPtr() ? cJSON_GetErrorPtr() - text : (ptrdiff_t)0);
		drill_script_free(sc);
		return NULL;
	}
	if (scr_check(&c, sc)) {
		drill_script_free(sc);
		return NULL;
	}
	return sc;
}

void drill_script_free(struct drill_script *sc)
{
	if (!sc)
		return;
	for (size_t i = 0; i < sc->napps; i++) {
		free(sc->apps[i].required);
		free(sc->apps[i].missing);
	}
	free(sc->apps);
	cJSON_Delete(sc->json);
	free(sc->id);
	free(sc);
}

cJSON *drill_script_summary(const struct drill_script *sc)
{
	cJSON *o = cJSON_CreateObject(), *matters = cJSON_CreateArray();
	cJSON_AddStringToObject(o, "id", sc->id);
	cJSON_AddStringToObject(o, "title", sc->title);
	cJSON_AddItemToObject(o, "summary", cJSON_Duplicate(cJSON_GetObjectItem(sc->json, "summary"), 1));
	cJSON_AddItemToObject(o, "services", cJSON_Duplicate(sc->services, 1));
	cJSON_AddNumberToObject(o, "applicants", (double)sc->napps);
	for (size_t i = 0; i < sc->napps; i++) {
		bool seen = false;
		for (size_t j = 0; j < i && !seen; j++)
			seen = strcmp(sc->apps[j].matter, sc->apps[i].matter) == 0;
		if (!seen)
			cJSON_AddItemToArray(matters, cJSON_CreateString(sc->apps[i].matter));
	}
	cJSON_AddItemToObject(o, "matters", matters);
	return o;
}
