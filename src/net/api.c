/* api.c - wicketd's JSON to and from the structs of model.h (api.h).
 *
 * Decoding is table-driven: each struct has one table of its JSON members
 * (name, kind, whether required, where it goes), and one generic walker
 * checks types, applies defaults, sanitises strings and recurses into
 * arrays and nested objects.  A member in the table whose offset does not
 * hold the type its kind writes does not compile (API_AT below).
 *
 * What a hostile server can send is bounded here: every string is cut to
 * API_MAX_STR (API_MAX_TEXT for multi-line texts) bytes before it is
 * sanitised, an array of more than API_MAX_ITEMS elements makes the reply
 * invalid, and cJSON itself refuses nesting deeper than 1000. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "wicket/net/api.h"
#include "wicket/core/date.h"
#include "wicket/model/drill.h"
#include "wicket/model/model_sup.h"
#include "wicket/common/utf8.h"
#include "wicket/common/xalloc.h"

#define API_MAX_STR 4096        /* bytes of one string member */
#define API_MAX_TEXT 16384      /* bytes of a multi-line text (legal basis, a step) */
#define API_MAX_ITEMS 10000     /* elements of one array */
#define API_MAX_EXACT 9007199254740992.0   /* 2^53: larger doubles are not exact integers */

enum api_kind {
	K_STR, K_INT, K_I64, K_BOOL, K_TIME, K_DATE,
	K_PRIO, K_TSTATUS, K_WSTATUS, K_CSTATUS, K_FORM, K_MKIND, K_DSTATUS, K_CBKIND,
	K_OPEN,         /* a status: the bool is true when it is "open" */
	K_TENTHS,       /* a number >= 0 with one decimal, as int64_t tenths */
	K_ARRAY,        /* objects of f->type; the count (size_t) at f->aux */
	K_STRV,         /* strings; the count at f->aux */
	K_INTV,         /* whole numbers; the count at f->aux */
	K_OBJ,          /* an object of f->type, decoded at f->off */
};

#define API_REQ   1u    /* must be present and not null */
#define API_FULL  2u    /* required in a whole object, not in a list entry */
#define API_LIST  4u    /* K_ARRAY: the elements are list entries (API_FULL not required) */
#define API_LINES 8u    /* strings keep their newlines, and may be API_MAX_TEXT long */
#define API_HAS  16u    /* set the bool at f->aux when a non-null value came */
#define API_NULL 32u    /* K_STR: absent or null stays NULL (otherwise "") */

struct api_type;

struct api_field {
	const char *key;
	enum api_kind kind;
	unsigned flags;
	size_t off;                     /* where the value goes */
	size_t aux;                     /* see the kinds and API_HAS */
	const struct api_type *type;    /* K_ARRAY, K_OBJ */
	int none;                       /* K_INT, K_I64, K_TENTHS: the value when absent or null */
};

struct api_type {
	size_t size;
	const struct api_field *fields;
	size_t nfields;
	void (*free)(void *);           /* releases what a decoded one owns */
	/* Members the table cannot describe; may be NULL. */
	int (*extra)(const cJSON *obj, void *out);
};

/* The offset of member m of API_T, provided it has type `type`. */
#define API_AT(m, type) _Generic(((API_T *)0)->m, type: offsetof(API_T, m))

#define F_STR(key, m, fl)       { key, K_STR, fl, API_AT(m, char *), 0, NULL, 0 }
#define F_INT(key, m, fl, none) { key, K_INT, fl, API_AT(m, int), 0, NULL, none }
#define F_I64(key, m, fl)       { key, K_I64, fl, API_AT(m, int64_t), 0, NULL, 0 }
/* A whole number or null (-1). */
#define F_I64N(key, m, fl)      { key, K_I64, fl, API_AT(m, int64_t), 0, NULL, -1 }
#define F_TENTHS(key, m, fl)    { key, K_TENTHS, fl, API_AT(m, int64_t), 0, NULL, -1 }
#define F_BOOL(key, m, fl)      { key, K_BOOL, fl, API_AT(m, bool), 0, NULL, 0 }
#define F_TIME(key, m, fl)      { key, K_TIME, fl, API_AT(m, int64_t), 0, NULL, 0 }
#define F_DATE(key, m, fl)      { key, K_DATE, fl, API_AT(m, int32_t), 0, NULL, 0 }
#define F_ENUM(key, m, fl, kind, etype) { key, kind, fl, API_AT(m, etype), 0, NULL, 0 }
#define F_ARR(key, m, n, fl, etype, t) \
	{ key, K_ARRAY, fl, API_AT(m, etype *), API_AT(n, size_t), &t, 0 }
#define F_STRV(key, m, n, fl)   { key, K_STRV, fl, API_AT(m, char **), API_AT(n, size_t), NULL, 0 }
#define F_INTV(key, m, n, fl)   { key, K_INTV, fl, API_AT(m, int *), API_AT(n, size_t), NULL, 0 }
#define F_OBJ(key, m, fl, otype, t) { key, K_OBJ, fl, API_AT(m, otype), 0, &t, 0 }
/* A nested object whose members land in this same struct. */
#define F_SUB(key, fl, t)       { key, K_OBJ, fl, 0, 0, &t, 0 }
/* A value or null, with a bool telling which. */
#define F_OPT(kind, key, m, ctype, has, t) \
	{ key, kind, API_HAS, API_AT(m, ctype), API_AT(has, bool), t, 0 }

#define API_TYPE(T, table, freefn, extrafn) \
	{ sizeof(T), table, sizeof table / sizeof table[0], freefn, extrafn }

/* --- values --------------------------------------------------------------- */

/* A malloc'd, sanitised copy of s, cut to at most cap bytes first (at a
 * character boundary when s is valid UTF-8). */
static char *api_clean(const char *s, size_t cap, bool lines)
{
	size_t n = strnlen(s, cap + 1);
	if (n > cap) {
		n = cap;
		for (int back = 0; back < 3 && n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80; back++)
			n--;
	}
	char *cut = xstrndup(s, n);
	char *clean = utf8_sanitize(cut, lines);
	free(cut);
	return clean;
}

static int api_string(const cJSON *v, bool lines, char **out)
{
	if (!cJSON_IsString(v) || !v->valuestring)
		return -1;
	*out = api_clean(v->valuestring, lines ? API_MAX_TEXT : API_MAX_STR, lines);
	return 0;
}

/* A JSON number that is a whole number in lo..hi. */
static int api_whole(const cJSON *v, double lo, double hi, int64_t *out)
{
	if (!cJSON_IsNumber(v))
		return -1;
	double d = v->valuedouble;
	if (!(d >= lo && d <= hi) || d != (double)(int64_t)d)
		return -1;
	*out = (int64_t)d;
	return 0;
}

static int api_int(const cJSON *v, int *out)
{
	int64_t x;
	if (api_whole(v, -2147483648.0, 2147483647.0, &x))
		return -1;
	*out = (int)x;
	return 0;
}

/* A percentage or the like, >= 0 with at most one decimal that matters,
 * as tenths rounded to the nearest (83.3 -> 833). */
static int api_tenths(const cJSON *v, int64_t *out)
{
	if (!cJSON_IsNumber(v))
		return -1;
	double d = v->valuedouble;
	if (!(d >= 0 && d <= 1e9))
		return -1;
	*out = (int64_t)(d * 10 + 0.5);
	return 0;
}

/* The two digits at s, which the caller has checked are digits. */
static int api_two(const char *s)
{
	return (s[0] - '0') * 10 + (s[1] - '0');
}

/* Parse "YYYY-MM-DDTHH:MM:SS" followed by "Z" or "+HH:MM" / "-HH:MM" into
 * seconds since the epoch.  The offset in the string is all that counts:
 * the process's time zone plays no part. */
int api_parse_time(const char *s, int64_t *out)
{
	static const char shape[] = "####-##-##T##:##:##+##:##";
	size_t len = strnlen(s, sizeof shape);
	bool utc = len == 20 && s[19] == 'Z';
	if (len != sizeof shape - 1 && !utc)
		return -1;
	/* Digits where '#', the literals elsewhere; the zone's sign apart. */
	for (size_t i = 0; i < len; i++)
		if (i != 19 && (shape[i] == '#' ? (s[i] < '0' || s[i] > '9') : s[i] != shape[i]))
			return -1;
	if (!utc && s[19] != '+' && s[19] != '-')
		return -1;
	char iso[DATE_ISO_SIZE];
	memcpy(iso, s, DATE_ISO_SIZE - 1);
	iso[DATE_ISO_SIZE - 1] = '\0';
	date_t day;
	int h = api_two(s + 11), mi = api_two(s + 14), sec = api_two(s + 17);
	int oh = utc ? 0 : api_two(s + 20), om = utc ? 0 : api_two(s + 23);
	if (!date_parse_iso(iso, &day) || h > 23 || mi > 59 || sec > 59 || oh > 23 || om > 59)
		return -1;
	int off = (oh * 60 + om) * 60 * (s[19] == '-' ? -1 : 1);
	*out = (int64_t)day * 86400 + h * 3600 + mi * 60 + sec - off;
	return 0;
}

static int api_enum(enum api_kind k, const cJSON *v, void *p)
{
	if (!cJSON_IsString(v) || !v->valuestring)
		return -1;
	const char *s = v->valuestring;
	switch (k) {
	case K_PRIO: *(enum m_priority *)p = m_priority_parse(s); break;
	case K_TSTATUS: *(enum m_ticket_status *)p = m_ticket_status_parse(s); break;
	case K_WSTATUS: *(enum m_window_status *)p = m_window_status_parse(s); break;
	case K_CSTATUS: *(enum m_case_status *)p = m_case_status_parse(s); break;
	case K_FORM: *(enum m_material_form *)p = m_material_form_parse(s); break;
	case K_MKIND: *(enum m_matter_kind *)p = m_matter_kind_parse(s); break;
	case K_DSTATUS: *(enum m_drill_status *)p = m_drill_status_parse(s); break;
	case K_CBKIND: *(enum m_callback_kind *)p = m_callback_kind_parse(s); break;
	case K_OPEN: *(bool *)p = strcmp(s, "open") == 0; break;
	default: return -1;
	}
	return 0;
}

/* --- arrays and objects --------------------------------------------------- */

static int api_obj(const cJSON *o, const struct api_type *t, void *out, bool full);

/* Decode one array element into slot (zeroed); f is the array's member. */
typedef int (*api_item_fn)(const cJSON *item, void *slot, const struct api_field *f);

static int api_item_obj(const cJSON *item, void *slot, const struct api_field *f)
{
	return api_obj(item, f->type, slot, !(f->flags & API_LIST));
}

static int api_item_str(const cJSON *item, void *slot, const struct api_field *f)
{
	return api_string(item, f->flags & API_LINES, slot);
}

static int api_item_int(const cJSON *item, void *slot, const struct api_field *f)
{
	(void)f;
	return api_int(item, slot);
}

/* Decode the array v into a fresh array of elements of `size` bytes, stored
 * (with its count) at the member f of base even when an element fails, so
 * that the owner's free function releases what was decoded. */
static int api_array(const cJSON *v, const struct api_field *f, char *base, size_t size,
		     api_item_fn fn)
{
	if (!cJSON_IsArray(v))
		return -1;
	size_t n = 0;
	for (const cJSON *it = v->child; it; it = it->next)
		if (++n > API_MAX_ITEMS)
			return -1;
	char *items = xcalloc(n ? n : 1, size);
	memcpy(base + f->off, &items, sizeof items);
	memcpy(base + f->aux, &n, sizeof n);
	size_t i = 0;
	for (const cJSON *it = v->child; it; it = it->next, i++)
		if (fn(it, items + i * size, f))
			return -1;
	return 0;
}

/* Decode the non-null value v of member f into the struct at base. */
static int api_value(const struct api_field *f, const cJSON *v, char *base)
{
	void *p = base + f->off;
	switch (f->kind) {
	case K_STR:
		return api_string(v, f->flags & API_LINES, p);
	case K_INT:
		return api_int(v, p);
	case K_I64:
		return api_whole(v, -API_MAX_EXACT, API_MAX_EXACT, p);
	case K_TENTHS:
		return api_tenths(v, p);
	case K_BOOL:
		if (!cJSON_IsBool(v))
			return -1;
		*(bool *)p = cJSON_IsTrue(v);
		return 0;
	case K_TIME:
		return cJSON_IsString(v) && v->valuestring ? api_parse_time(v->valuestring, p) : -1;
	case K_DATE:
		return cJSON_IsString(v) && date_parse_iso(v->valuestring, p) ? 0 : -1;
	case K_ARRAY:
		return api_array(v, f, base, f->type->size, api_item_obj);
	case K_STRV:
		return api_array(v, f, base, sizeof(char *), api_item_str);
	case K_INTV:
		return api_array(v, f, base, sizeof(int), api_item_int);
	case K_OBJ:
		return api_obj(v, f->type, p, true);
	default:
		return api_enum(f->kind, v, p);
	}
}

/* Values that stand for "none" where zero does not. */
static void api_defaults(const struct api_type *t, char *base)
{
	for (size_t i = 0; i < t->nfields; i++) {
		const struct api_field *f = &t->fields[i];
		if (f->kind == K_DATE)
			*(int32_t *)(base + f->off) = -1;
		else if (f->kind == K_INT)
			*(int *)(base + f->off) = f->none;
		else if (f->kind == K_I64 || f->kind == K_TENTHS)
			*(int64_t *)(base + f->off) = f->none;
		else if (f->kind == K_OBJ && !(f->flags & API_HAS))
			api_defaults(f->type, base + f->off);
	}
}

/* An optional member that did not come: strings the API never sends as
 * null become "" (so that views need not check), also inside a nested
 * object that did not come; everything else keeps its default. */
static void api_absent(const struct api_field *f, char *base)
{
	if (f->kind == K_STR && !(f->flags & API_NULL))
		*(char **)(base + f->off) = xstrdup("");
	else if (f->kind == K_OBJ && !(f->flags & API_HAS))
		for (size_t i = 0; i < f->type->nfields; i++)
			api_absent(&f->type->fields[i], base + f->off);
}

/* Decode the object o into out (zeroed) by t's table; full says whether
 * API_FULL members are required.  On failure out may hold a part, which
 * t->free releases. */
static int api_obj(const cJSON *o, const struct api_type *t, void *out, bool full)
{
	char *base = out;
	if (!cJSON_IsObject(o))
		return -1;
	api_defaults(t, base);
	for (size_t i = 0; i < t->nfields; i++) {
		const struct api_field *f = &t->fields[i];
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, f->key);
		bool required = (f->flags & API_REQ) || (full && (f->flags & API_FULL));
		if (!v || cJSON_IsNull(v)) {
			if (required)
				return -1;
			api_absent(f, base);
			continue;
		}
		if (api_value(f, v, base))
			return -1;
		if (f->flags & API_HAS)
			*(bool *)(base + f->aux) = true;
	}
	return t->extra ? t->extra(o, out) : 0;
}

/* Parse body and decode it into out (zeroed first) by t, as a whole
 * object; on failure out may hold a part. */
static int api_parse(const char *body, size_t len, const struct api_type *t, void *out)
{
	memset(out, 0, t->size);
	cJSON *root = body ? cJSON_ParseWithLength(body, len) : NULL;
	int rc = root ? api_obj(root, t, out, true) : -1;
	cJSON_Delete(root);
	return rc;
}

/* api_parse, then 0, or -1 with out zeroed and nothing left allocated. */
static int api_decode(const char *body, size_t len, const struct api_type *t, void *out)
{
	int rc = api_parse(body, len, t, out);
	if (rc) {
		t->free(out);
		memset(out, 0, t->size);
	}
	return rc;
}

static void api_free_array(void *v, size_t n, const struct api_type *t)
{
	for (size_t i = 0; v && i < n; i++)
		t->free((char *)v + i * t->size);
	free(v);
}

/* --- the tables ----------------------------------------------------------- */

static void api_ticket_free(void *p) { m_ticket_free(p); }
static void api_material_free(void *p) { m_material_free(p); }
static void api_matter_free(void *p) { m_matter_free(p); }
static void api_service_free(void *p) { m_service_free(p); }
static void api_window_free(void *p) { m_window_free(p); }
static void api_case_free(void *p) { m_case_free(p); }
static void api_event_free(void *p) { m_event_free(p); }
static void api_session_free(void *p) { m_session_free(p); }

#define API_T struct m_ticket
static const struct api_field api_ticket_fields[] = {
	F_I64("id", id, API_REQ),
	F_STR("number", number, API_REQ),
	F_ENUM("status", status, API_FULL, K_TSTATUS, enum m_ticket_status),
	F_STR("service", service, API_REQ),
	F_STR("service_name", service_name, 0),
	F_STR("matter", matter, API_NULL),
	F_ENUM("priority", priority, 0, K_PRIO, enum m_priority),
	F_BOOL("appointment", appointment, 0),
	F_INT("window", window, 0, 0),
	F_INT("recalls", recalls, 0, 0),
	F_I64("transferred_from", transferred_from, 0),
	F_TIME("issued_at", issued_at, API_REQ),
	F_TIME("called_at", called_at, 0),
	F_TIME("started_at", started_at, 0),
	F_TIME("finished_at", finished_at, 0),
	F_I64("wait_seconds", wait_seconds, 0),
};
#undef API_T
static const struct api_type api_ticket_type =
	API_TYPE(struct m_ticket, api_ticket_fields, api_ticket_free, NULL);

#define API_T struct m_window
static const struct api_field api_window_fields[] = {
	F_INT("no", no, API_REQ, 0),
	F_STR("name", name, API_REQ),
	F_STR("zone_name", zone_name, 0),
	F_ENUM("status", status, API_REQ, K_WSTATUS, enum m_window_status),
	F_STR("pause_reason", pause_reason, API_NULL),
	F_TIME("status_since", status_since, 0),
	F_STR("clerk", clerk, API_NULL),
	F_STR("clerk_name", clerk_name, API_NULL),
	F_STRV("services", services, nservices, 0),
	F_OPT(K_OBJ, "current", current, struct m_ticket, has_current, &api_ticket_type),
	F_INT("waiting", waiting, 0, 0),
	F_I64("longest_wait", longest_wait, 0),
	F_INT("served_today", served_today, 0, 0),
};
#undef API_T
static const struct api_type api_window_type =
	API_TYPE(struct m_window, api_window_fields, api_window_free, NULL);

#define API_T struct m_material
static const struct api_field api_material_fields[] = {
	F_INT("id", id, API_REQ, 0),
	F_STR("name", name, API_REQ),
	F_ENUM("form", form, API_FULL, K_FORM, enum m_material_form),
	F_INT("copies", copies, 0, 0),
	F_BOOL("required", required, 0),
	F_STR("note", note, API_LINES),
};
#undef API_T
static const struct api_type api_material_type =
	API_TYPE(struct m_material, api_material_fields, api_material_free, NULL);

/* In /services a matter is a list entry: code, name, kind, working_days. */
#define API_T struct m_matter
static const struct api_field api_matter_fields[] = {
	F_STR("code", code, API_REQ),
	F_STR("name", name, API_REQ),
	F_STR("service", service, API_FULL),
	F_STR("department", department, API_FULL),
	F_ENUM("kind", kind, API_REQ, K_MKIND, enum m_matter_kind),
	F_INT("working_days", working_days, API_REQ, 0),
	F_STR("legal_basis", legal_basis, API_FULL | API_LINES),
	F_STR("fee", fee, API_FULL),
	F_STRV("steps", steps, nsteps, API_FULL | API_LINES),
	F_ARR("materials", materials, nmaterials, API_FULL, struct m_material, api_material_type),
};
#undef API_T
static const struct api_type api_matter_type =
	API_TYPE(struct m_matter, api_matter_fields, api_matter_free, NULL);

#define API_T struct m_service
static const struct api_field api_service_fields[] = {
	F_STR("code", code, API_REQ),
	F_STR("prefix", prefix, API_REQ),
	F_STR("name", name, API_REQ),
	F_ARR("matters", matters, nmatters, API_LIST, struct m_matter, api_matter_type),
};
#undef API_T
static const struct api_type api_service_type =
	API_TYPE(struct m_service, api_service_fields, api_service_free, NULL);

#define API_T struct m_case
static const struct api_field api_applicant_fields[] = {
	F_STR("name", applicant_name, 0),
	F_STR("id_number", applicant_id, 0),
	F_STR("phone", applicant_phone, 0),
};
static const struct api_type api_applicant_type =
	API_TYPE(struct m_case, api_applicant_fields, api_case_free, NULL);

static const struct api_field api_case_fields[] = {
	F_I64("id", id, API_REQ),
	F_STR("number", number, API_REQ),
	F_ENUM("status", status, API_REQ, K_CSTATUS, enum m_case_status),
	F_I64("ticket", ticket, 0),
	F_STR("matter", matter, API_REQ),
	F_STR("matter_name", matter_name, 0),
	F_ENUM("kind", kind, 0, K_MKIND, enum m_matter_kind),
	F_INT("working_days", working_days, 0, 0),
	F_INT("window", window, 0, 0),
	F_SUB("applicant", 0, api_applicant_type),
	F_INTV("missing", missing, nmissing, 0),
	F_ARR("missing_materials", missing_materials, nmissing_materials, API_LIST,
	      struct m_material, api_material_type),
	F_DATE("accepted_on", accepted_on, 0),
	F_DATE("due", due, 0),
	F_DATE("completed_on", completed_on, 0),
	F_BOOL("provisional", provisional, 0),
	F_OPT(K_INT, "working_days_left", working_days_left, int, has_days_left, NULL),
	F_OPT(K_BOOL, "on_time", on_time, bool, has_on_time, NULL),
	F_INT("working_days_used", working_days_used, 0, -1),
	F_INT("rating", rating, 0, 0),
};
#undef API_T
static const struct api_type api_case_type =
	API_TYPE(struct m_case, api_case_fields, api_case_free, NULL);

#define API_T struct m_event
/* What a trainer's feed shows of an event's data; the hall's clerk needs
 * none of it. */
static const struct api_field api_event_data_fields[] = {
	F_STR("number", number, API_NULL),
	F_STR("user", user, API_NULL),
	F_STR("status", status, API_NULL),
	F_STR("to_service", to_service, API_NULL),
	F_INT("to_window", to_window, 0, 0),
	F_INT("target_window", target_window, 0, 0),
	F_INT("level", level, 0, 0),
};
static const struct api_type api_event_data_type =
	API_TYPE(struct m_event, api_event_data_fields, api_event_free, NULL);

static const struct api_field api_event_fields[] = {
	F_I64("seq", seq, API_REQ),
	F_TIME("at", at, 0),
	F_STR("kind", kind, API_REQ),
	F_INT("window", window, 0, 0),
	F_I64("ticket", ticket, 0),
	F_I64("case", case_id, 0),
	F_SUB("data", 0, api_event_data_type),
};
#undef API_T
static const struct api_type api_event_type =
	API_TYPE(struct m_event, api_event_fields, api_event_free, NULL);

/* The session's windows: a fixed array, so the first 16 are kept. */
static int api_session_windows(const cJSON *o, void *out)
{
	struct m_session *s = out;
	const cJSON *arr = cJSON_GetObjectItemCaseSensitive(o, "windows"), *it;
	if (!cJSON_IsArray(arr))
		return -1;
	cJSON_ArrayForEach(it, arr) {
		int no;
		if (api_int(it, &no) || no < 1)
			return -1;
		if ((size_t)s->nwindows < sizeof s->windows / sizeof s->windows[0])
			s->windows[s->nwindows++] = no;
	}
	return 0;
}

#define API_T struct m_session
static const struct api_field api_session_fields[] = {
	F_STR("token", token, API_REQ),
	F_STR("role", role, API_REQ),
	F_STR("user", user, API_REQ),
	F_STR("name", name, 0),
	F_STR("drill", drill, API_NULL),
};
#undef API_T
static const struct api_type api_session_type =
	API_TYPE(struct m_session, api_session_fields, api_session_free, api_session_windows);

/* Replies that wrap what the caller wants: decoded whole, then unwrapped. */
struct api_transfer { struct m_ticket next; };
struct api_resync { char *code; int64_t last; };
/* {"<key>": [...]} (and "last" for events); v holds elements of the type
 * of the table's first member. */
struct api_list { void *v; size_t n; int64_t last; };

static void api_transfer_free(void *p) { m_ticket_free(&((struct api_transfer *)p)->next); }
static void api_resync_free(void *p) { free(((struct api_resync *)p)->code); }

#define API_T struct api_transfer
static const struct api_field api_transfer_fields[] = {
	F_OBJ("new_ticket", next, API_REQ, struct m_ticket, api_ticket_type),
};
#undef API_T
static const struct api_type api_transfer_type =
	API_TYPE(struct api_transfer, api_transfer_fields, api_transfer_free, NULL);

#define API_T struct api_resync
static const struct api_field api_resync_error_fields[] = {
	F_STR("code", code, API_REQ),
	F_I64("last", last, API_REQ),
};
static const struct api_type api_resync_error_type =
	API_TYPE(struct api_resync, api_resync_error_fields, api_resync_free, NULL);
static const struct api_field api_resync_fields[] = {
	F_SUB("error", API_REQ, api_resync_error_type),
};
#undef API_T
static const struct api_type api_resync_type =
	API_TYPE(struct api_resync, api_resync_fields, api_resync_free, NULL);

static void api_request_free(void *p) { m_request_free(p); }

/* Our own request bodies (api_encode_*), read back; the applicant's ID
 * number and phone are not read. */
#define API_T struct m_request
static const struct api_field api_request_fields[] = {
	F_INT("level", level, 0, 0),
	F_STR("reason", reason, API_NULL),
	F_INTV("received", received, nreceived, 0),
	F_INT("window", window, 0, 0),
	F_STR("service", service, API_NULL),
	F_I64("ticket", ticket, 0),
	F_STR("matter", matter, API_NULL),
	F_STR("note", note, API_NULL),
	F_INT("rating", rating, 0, 0),
};
#undef API_T
static const struct api_type api_request_type =
	API_TYPE(struct m_request, api_request_fields, api_request_free, NULL);

int api_decode_request(const char *body, size_t len, struct m_request *out)
{
	return api_decode(body, len, &api_request_type, out);
}

#define API_T struct api_list
#define F_LIST(key, fl, t) F_ARR(key, v, n, API_REQ | (fl), void, t)
static const struct api_field api_queue_fields[] = { F_LIST("tickets", API_LIST, api_ticket_type) };
static const struct api_field api_windows_fields[] = { F_LIST("windows", 0, api_window_type) };
static const struct api_field api_services_fields[] = { F_LIST("services", 0, api_service_type) };
static const struct api_field api_cases_fields[] = { F_LIST("cases", 0, api_case_type) };
static const struct api_field api_events_fields[] = {
	F_LIST("events", 0, api_event_type),
	F_I64("last", last, API_REQ),
};
#undef F_LIST
#undef API_T
/* No free function: api_decode_list frees by the element type. */
static const struct api_type api_queue_type = API_TYPE(struct api_list, api_queue_fields, NULL, NULL);
static const struct api_type api_windows_type = API_TYPE(struct api_list, api_windows_fields, NULL, NULL);
static const struct api_type api_services_type = API_TYPE(struct api_list, api_services_fields, NULL, NULL);
static const struct api_type api_cases_type = API_TYPE(struct api_list, api_cases_fields, NULL, NULL);
static const struct api_type api_events_type = API_TYPE(struct api_list, api_events_fields, NULL, NULL);

/* Decode a reply of t (a struct api_list table) and store its elements in
 * the pointer at out (the caller's, of the table's element type); on
 * failure nothing is kept (*out NULL, *n 0, *last 0). */
static int api_decode_list(const char *body, size_t len, const struct api_type *t,
			   void *out, size_t *n, int64_t *last)
{
	struct api_list w;
	int rc = api_parse(body, len, t, &w);
	if (rc) {
		api_free_array(w.v, w.n, t->fields[0].type);
		memset(&w, 0, sizeof w);
	}
	memcpy(out, &w.v, sizeof w.v);
	*n = w.n;
	if (last)
		*last = w.last;
	return rc;
}

/* --- decoders ------------------------------------------------------------- */

int api_decode_login(const char *body, size_t len, struct m_session *out)
{
	return api_decode(body, len, &api_session_type, out);
}

int api_decode_ticket(const char *body, size_t len, struct m_ticket *out)
{
	return api_decode(body, len, &api_ticket_type, out);
}

int api_decode_transfer(const char *body, size_t len, struct m_ticket *out)
{
	struct api_transfer w;
	int rc = api_decode(body, len, &api_transfer_type, &w);
	*out = w.next;
	return rc;
}

int api_decode_window(const char *body, size_t len, struct m_window *out)
{
	return api_decode(body, len, &api_window_type, out);
}

int api_decode_matter(const char *body, size_t len, struct m_matter *out)
{
	return api_decode(body, len, &api_matter_type, out);
}

int api_decode_case(const char *body, size_t len, struct m_case *out)
{
	return api_decode(body, len, &api_case_type, out);
}

int api_decode_queue(const char *body, size_t len, struct m_ticket **out, size_t *n)
{
	return api_decode_list(body, len, &api_queue_type, out, n, NULL);
}

int api_decode_windows(const char *body, size_t len, struct m_window **out, size_t *n)
{
	return api_decode_list(body, len, &api_windows_type, out, n, NULL);
}

int api_decode_services(const char *body, size_t len, struct m_service **out, size_t *n)
{
	return api_decode_list(body, len, &api_services_type, out, n, NULL);
}

int api_decode_cases(const char *body, size_t len, struct m_case **out, size_t *n)
{
	return api_decode_list(body, len, &api_cases_type, out, n, NULL);
}

int api_decode_events(const char *body, size_t len, struct m_event **out, size_t *n,
		      int64_t *last)
{
	return api_decode_list(body, len, &api_events_type, out, n, last);
}

int api_decode_resync(const char *body, size_t len, int64_t *last)
{
	struct api_resync w;
	int rc = api_decode(body, len, &api_resync_type, &w);
	if (rc == 0 && (strcmp(w.code, "resync_required") != 0 || w.last < 0))
		rc = -1;
	*last = rc == 0 ? w.last : 0;
	free(w.code);
	return rc;
}

/* --- drills (drill.h) ------------------------------------------------------ */

static void api_scenario_free(void *p) { m_scenario_free(p); }
static void api_rejected_free(void *p) { m_rejected_free(p); }
static void api_scenarios_free(void *p) { m_scenarios_free(p); }
static void api_drill_window_free(void *p) { m_drill_window_free(p); }
static void api_drill_ticket_free(void *p) { m_drill_ticket_free(p); }
static void api_drill_applicant_free(void *p) { m_drill_applicant_free(p); }
static void api_drill_free(void *p) { m_drill_free(p); }
static void api_score_applicant_free(void *p) { m_score_applicant_free(p); }
static void api_score_trainee_free(void *p) { m_score_trainee_free(p); }
static void api_score_free(void *p) { m_score_free(p); }
static void api_rank_free(void *p) { m_rank_free(p); }
static void api_leaderboard_free(void *p) { m_leaderboard_free(p); }
static void api_nothing_free(void *p) { (void)p; }

#define API_T struct m_scenario
static const struct api_field api_scenario_fields[] = {
	F_STR("id", id, API_REQ),
	F_STR("title", title, API_REQ),
	F_STR("summary", summary, API_LINES),
	F_STRV("services", services, nservices, 0),
	F_INT("applicants", applicants, 0, 0),
	F_STRV("matters", matters, nmatters, 0),
};
#undef API_T
static const struct api_type api_scenario_type =
	API_TYPE(struct m_scenario, api_scenario_fields, api_scenario_free, NULL);

#define API_T struct m_rejected
static const struct api_field api_rejected_fields[] = {
	F_STR("file", file, API_REQ),
	F_STR("error", error, 0),
};
#undef API_T
static const struct api_type api_rejected_type =
	API_TYPE(struct m_rejected, api_rejected_fields, api_rejected_free, NULL);

#define API_T struct m_scenarios
static const struct api_field api_scenarios_fields[] = {
	F_ARR("scenarios", v, n, API_REQ, struct m_scenario, api_scenario_type),
	F_ARR("rejected", rejected, nrejected, 0, struct m_rejected, api_rejected_type),
};
#undef API_T
static const struct api_type api_scenarios_type =
	API_TYPE(struct m_scenarios, api_scenarios_fields, api_scenarios_free, NULL);

#define API_T struct m_drill_window
static const struct api_field api_drill_window_fields[] = {
	F_STR("trainee", trainee, API_REQ),
	F_STR("name", name, 0),
	F_INT("window", window, API_REQ, 0),
};
#undef API_T
static const struct api_type api_drill_window_type =
	API_TYPE(struct m_drill_window, api_drill_window_fields, api_drill_window_free, NULL);

#define API_T struct m_drill_ticket
static const struct api_field api_drill_ticket_fields[] = {
	F_STR("trainee", trainee, API_REQ),
	F_INT("window", window, 0, 0),
	F_I64("ticket", ticket, API_REQ),
	F_STR("number", number, API_REQ),
	F_ENUM("status", status, API_REQ, K_TSTATUS, enum m_ticket_status),
	F_OPT(K_CSTATUS, "case_status", case_status, enum m_case_status, has_case, NULL),
};
#undef API_T
static const struct api_type api_drill_ticket_type =
	API_TYPE(struct m_drill_ticket, api_drill_ticket_fields, api_drill_ticket_free, NULL);

/* An applicant's nested objects land in the applicant itself. */
#define API_T struct m_drill_applicant
static const struct api_field api_wrong_fields[] = {
	F_INT("material", wrong_material, API_REQ, 0),
	F_STR("note", wrong_note, 0),
};
static const struct api_type api_wrong_type =
	API_TYPE(struct m_drill_applicant, api_wrong_fields, api_drill_applicant_free, NULL);
static const struct api_field api_rating_fields[] = {
	F_INT("level", rating, API_REQ, 0),
	F_STR("comment", rating_comment, 0),
};
static const struct api_type api_rating_type =
	API_TYPE(struct m_drill_applicant, api_rating_fields, api_drill_applicant_free, NULL);
static const struct api_field api_expect_fields[] = {
	F_STR("outcome", expect, API_REQ),
	F_INTV("missing", expect_missing, nexpect_missing, 0),
	F_STR("service", expect_service, 0),
};
static const struct api_type api_expect_type =
	API_TYPE(struct m_drill_applicant, api_expect_fields, api_drill_applicant_free, NULL);

static const struct api_field api_drill_applicant_fields[] = {
	F_INT("applicant", no, API_REQ, 0),
	F_STR("name", name, API_REQ),
	F_INT("arrival", arrival, 0, 0),
	F_ENUM("priority", priority, 0, K_PRIO, enum m_priority),
	F_STR("service", service, 0),
	F_STR("matter", matter, 0),
	F_STR("id_number", id_number, 0),
	F_STR("phone", phone, 0),
	F_INTV("brought", brought, nbrought, 0),
	F_SUB("wrong", 0, api_wrong_type),
	F_STR("says", says, API_LINES),
	F_BOOL("wrong_window", wrong_window, 0),
	F_SUB("rating", 0, api_rating_type),
	F_SUB("expect", API_REQ, api_expect_type),
	F_BOOL("released", released, 0),
	F_TIME("arrives_at", arrives_at, 0),
	F_ARR("tickets", tickets, ntickets, 0, struct m_drill_ticket, api_drill_ticket_type),
};
#undef API_T
static const struct api_type api_drill_applicant_type =
	API_TYPE(struct m_drill_applicant, api_drill_applicant_fields, api_drill_applicant_free, NULL);

/* A list entry (GET /drills) has what the whole drill has up to "trainees". */
#define API_T struct m_drill
static const struct api_field api_run_fields[] = {
	F_BOOL("on", run_on, API_REQ),
	F_TIME("base", run_base, 0),
};
static const struct api_type api_run_type =
	API_TYPE(struct m_drill, api_run_fields, api_drill_free, NULL);

static const struct api_field api_drill_fields[] = {
	F_I64("id", id, API_REQ),
	F_STR("code", code, API_REQ),
	F_STR("scenario", scenario, API_REQ),
	F_STR("title", title, 0),
	F_STR("trainer", trainer, 0),
	F_STR("competition", competition, API_NULL),
	F_ENUM("status", status, API_REQ, K_DSTATUS, enum m_drill_status),
	F_TIME("created_at", created_at, 0),
	F_TIME("finished_at", finished_at, 0),
	F_INT("trainees", trainees, 0, 0),
	F_ARR("windows", windows, nwindows, API_FULL, struct m_drill_window, api_drill_window_type),
	F_STR("summary", summary, API_LINES),
	F_STR("instructions", instructions, API_LINES),
	F_TIME("started_at", started_at, 0),
	F_SUB("run", API_FULL, api_run_type),
	F_INT("next", next, 0, 0),
	F_ARR("applicants", applicants, napplicants, API_FULL, struct m_drill_applicant,
	      api_drill_applicant_type),
};
#undef API_T
static const struct api_type api_drill_type =
	API_TYPE(struct m_drill, api_drill_fields, api_drill_free, NULL);

#define API_T struct m_points
static const struct api_field api_points_fields[] = {
	F_INT("points", points, API_REQ, 0),
	F_INT("max", max, API_REQ, 0),
};
#undef API_T
static const struct api_type api_points_type =
	API_TYPE(struct m_points, api_points_fields, api_nothing_free, NULL);

/* The keys are drill_criterion_name()'s; null: does not apply. */
#define API_T struct m_criteria
#define F_CRIT(key, c) F_OPT(K_OBJ, key, p[c], struct m_points, has[c], &api_points_type)
static const struct api_field api_criteria_fields[] = {
	F_CRIT("order", DRILL_CRIT_ORDER),
	F_CRIT("materials", DRILL_CRIT_MATERIALS),
	F_CRIT("notice", DRILL_CRIT_NOTICE),
	F_CRIT("due", DRILL_CRIT_DUE),
	F_CRIT("transfer", DRILL_CRIT_TRANSFER),
	F_CRIT("time", DRILL_CRIT_TIME),
};
#undef F_CRIT
#undef API_T
static const struct api_type api_criteria_type =
	API_TYPE(struct m_criteria, api_criteria_fields, api_nothing_free, NULL);

#define API_T struct m_score_applicant
static const struct api_field api_score_applicant_fields[] = {
	F_INT("applicant", no, API_REQ, 0),
	F_STR("name", name, 0),
	F_STR("expect", expect, 0),
	F_I64("ticket", ticket, 0),
	F_STR("number", number, API_NULL),
	F_OPT(K_I64, "handling_seconds", handling_seconds, int64_t, has_handling, NULL),
	F_INT("total", total, API_REQ, 0),
	F_INT("max", max, API_REQ, 0),
	F_OBJ("criteria", crit, API_REQ, struct m_criteria, api_criteria_type),
};
#undef API_T
static const struct api_type api_score_applicant_type =
	API_TYPE(struct m_score_applicant, api_score_applicant_fields, api_score_applicant_free, NULL);

#define API_T struct m_score_trainee
static const struct api_field api_score_trainee_fields[] = {
	F_STR("trainee", trainee, API_REQ),
	F_STR("name", name, 0),
	F_INT("window", window, 0, 0),
	F_INT("total", total, API_REQ, 0),
	F_INT("max", max, API_REQ, 0),
	F_OBJ("criteria", crit, API_REQ, struct m_criteria, api_criteria_type),
	F_ARR("applicants", applicants, napplicants, 0, struct m_score_applicant,
	      api_score_applicant_type),
};
#undef API_T
static const struct api_type api_score_trainee_type =
	API_TYPE(struct m_score_trainee, api_score_trainee_fields, api_score_trainee_free, NULL);

#define API_T struct m_score
static const struct api_field api_score_fields[] = {
	F_I64("id", id, API_REQ),
	F_STR("code", code, 0),
	F_STR("scenario", scenario, 0),
	F_STR("title", title, 0),
	F_STR("competition", competition, API_NULL),
	F_ENUM("status", status, API_REQ, K_DSTATUS, enum m_drill_status),
	F_TIME("finished_at", finished_at, 0),
	F_ARR("trainees", trainees, ntrainees, API_REQ, struct m_score_trainee, api_score_trainee_type),
};
#undef API_T
static const struct api_type api_score_type =
	API_TYPE(struct m_score, api_score_fields, api_score_free, NULL);

#define API_T struct m_rank
static const struct api_field api_rank_fields[] = {
	F_INT("rank", rank, API_REQ, 0),
	F_STR("trainee", trainee, API_REQ),
	F_STR("name", name, 0),
	F_INT("drills", drills, 0, 0),
	F_INT("total", total, API_REQ, 0),
	F_INT("max", max, API_REQ, 0),
	F_OBJ("criteria", crit, 0, struct m_criteria, api_criteria_type),
};
#undef API_T
static const struct api_type api_rank_type =
	API_TYPE(struct m_rank, api_rank_fields, api_rank_free, NULL);

#define API_T struct m_leaderboard
static const struct api_field api_leaderboard_fields[] = {
	F_STR("competition", competition, API_REQ),
	F_INT("drills", drills, 0, 0),
	F_ARR("entries", entries, nentries, API_REQ, struct m_rank, api_rank_type),
};
#undef API_T
static const struct api_type api_leaderboard_type =
	API_TYPE(struct m_leaderboard, api_leaderboard_fields, api_leaderboard_free, NULL);

#define API_T struct api_list
static const struct api_field api_drills_fields[] = {
	F_ARR("drills", v, n, API_REQ | API_LIST, void, api_drill_type),
};
#undef API_T
static const struct api_type api_drills_type = API_TYPE(struct api_list, api_drills_fields, NULL, NULL);

int api_decode_scenarios(const char *body, size_t len, struct m_scenarios *out)
{
	return api_decode(body, len, &api_scenarios_type, out);
}

int api_decode_drills(const char *body, size_t len, struct m_drill **out, size_t *n)
{
	return api_decode_list(body, len, &api_drills_type, out, n, NULL);
}

int api_decode_drill(const char *body, size_t len, struct m_drill *out)
{
	return api_decode(body, len, &api_drill_type, out);
}

int api_decode_score(const char *body, size_t len, struct m_score *out)
{
	return api_decode(body, len, &api_score_type, out);
}

int api_decode_leaderboard(const char *body, size_t len, struct m_leaderboard *out)
{
	return api_decode(body, len, &api_leaderboard_type, out);
}

void api_free_tickets(struct m_ticket *t, size_t n) { api_free_array(t, n, &api_ticket_type); }
void api_free_windows(struct m_window *w, size_t n) { api_free_array(w, n, &api_window_type); }
void api_free_services(struct m_service *s, size_t n) { api_free_array(s, n, &api_service_type); }
void api_free_cases(struct m_case *c, size_t n) { api_free_array(c, n, &api_case_type); }
void api_free_events(struct m_event *e, size_t n) { api_free_array(e, n, &api_event_type); }

/* --- the supervisor's replies (model_sup.h) -------------------------------- */

static void api_board_ticket_free(void *p) { m_board_ticket_free(p); }
static void api_board_window_free(void *p) { m_board_window_free(p); }
static void api_board_zone_free(void *p) { m_board_zone_free(p); }
static void api_board_service_free(void *p) { m_board_service_free(p); }
static void api_due_case_free(void *p) { m_due_case_free(p); }
static void api_board_free(void *p) { m_board_free(p); }
static void api_day_entry_free(void *p) { m_day_entry_free(p); }
static void api_day_case_free(void *p) { m_day_case_free(p); }
static void api_day_rating_free(void *p) { m_day_rating_free(p); }
static void api_day_free(void *p) { m_day_free(p); }
static void api_follow_up_free(void *p) { m_follow_up_free(p); }
static void api_finding_free(void *p) { m_finding_free(p); }
static void api_audit_free(void *p) { m_audit_free(p); }
static void api_outcome_free(void *p) { m_outcome_free(p); }
static void api_callback_free(void *p) { m_callback_free(p); }
static void api_report_row_free(void *p) { m_report_row_free(p); }
static void api_report_free(void *p) { m_report_free(p); }

#define API_T struct m_board_ticket
static const struct api_field api_board_ticket_fields[] = {
	F_I64("id", id, API_REQ),
	F_STR("number", number, API_REQ),
	F_ENUM("status", status, API_REQ, K_TSTATUS, enum m_ticket_status),
	F_TIME("since", since, 0),
	F_I64("seconds", seconds, 0),
};
#undef API_T
static const struct api_type api_board_ticket_type =
	API_TYPE(struct m_board_ticket, api_board_ticket_fields, api_board_ticket_free, NULL);

#define API_T struct m_board_window
static const struct api_field api_board_window_fields[] = {
	F_INT("no", no, API_REQ, 0),
	F_STR("name", name, API_REQ),
	F_STR("zone", zone, 0),
	F_STR("zone_name", zone_name, 0),
	F_ENUM("status", status, API_REQ, K_WSTATUS, enum m_window_status),
	F_STR("pause_reason", pause_reason, API_NULL),
	F_TIME("status_since", status_since, 0),
	F_I64("status_seconds", status_seconds, 0),
	F_STR("clerk", clerk, API_NULL),
	F_STR("clerk_name", clerk_name, API_NULL),
	F_OPT(K_OBJ, "current", current, struct m_board_ticket, has_current, &api_board_ticket_type),
	F_INT("served_today", served_today, 0, 0),
};
#undef API_T
static const struct api_type api_board_window_type =
	API_TYPE(struct m_board_window, api_board_window_fields, api_board_window_free, NULL);

#define API_T struct m_board_zone
static const struct api_field api_board_zone_fields[] = {
	F_STR("code", code, API_REQ),
	F_STR("name", name, 0),
	F_ARR("windows", windows, nwindows, API_REQ, struct m_board_window, api_board_window_type),
};
#undef API_T
static const struct api_type api_board_zone_type =
	API_TYPE(struct m_board_zone, api_board_zone_fields, api_board_zone_free, NULL);

#define API_T struct m_board_service
static const struct api_field api_board_service_fields[] = {
	F_STR("code", code, API_REQ),
	F_STR("name", name, 0),
	F_INT("waiting", waiting, 0, 0),
	F_I64("longest_wait", longest_wait, 0),
	F_STR("oldest", oldest, API_NULL),
};
#undef API_T
static const struct api_type api_board_service_type =
	API_TYPE(struct m_board_service, api_board_service_fields, api_board_service_free, NULL);

#define API_T struct m_due_case
static const struct api_field api_due_case_fields[] = {
	F_I64("id", id, API_REQ),
	F_STR("number", number, API_REQ),
	F_STR("matter", matter, 0),
	F_STR("matter_name", matter_name, 0),
	F_INT("window", window, 0, 0),
	F_STR("clerk", clerk, 0),
	F_DATE("due", due, 0),
	F_INT("working_days_overdue", working_days_overdue, 0, 0),
};
#undef API_T
static const struct api_type api_due_case_type =
	API_TYPE(struct m_due_case, api_due_case_fields, api_due_case_free, NULL);

#define API_T struct m_board
static const struct api_field api_board_fields[] = {
	F_TIME("now", now, 0),
	F_DATE("today", today, 0),
	F_ARR("zones", zones, nzones, API_REQ, struct m_board_zone, api_board_zone_type),
	F_ARR("services", services, nservices, API_REQ, struct m_board_service, api_board_service_type),
	F_ARR("due_cases", due_cases, ndue_cases, API_REQ, struct m_due_case, api_due_case_type),
};
#undef API_T
static const struct api_type api_board_type =
	API_TYPE(struct m_board, api_board_fields, api_board_free, NULL);

/* Members that only some kinds carry are picked where they have the
 * expected type; a member of another type is left alone, not an error
 * (the kinds are many, and a newer server adds more). */
static void api_pick_str(const cJSON *o, const char *key, char **out)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	if (!*out && cJSON_IsString(v) && v->valuestring)
		*out = api_clean(v->valuestring, API_MAX_STR, false);
}

static void api_pick_int(const cJSON *o, const char *key, int *out)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	if (v && !*out)
		(void)api_int(v, out);
}

/* A timeline entry's data: what the screen says about it. */
static int api_day_data(const cJSON *o, void *out)
{
	struct m_day_entry *e = out;
	const cJSON *d = cJSON_GetObjectItemCaseSensitive(o, "data");
	if (!d || cJSON_IsNull(d))
		return 0;
	if (!cJSON_IsObject(d))
		return -1;
	api_pick_str(d, "number", &e->number);
	api_pick_str(d, "reason", &e->reason);
	api_pick_str(d, "to_service", &e->to_service);
	api_pick_str(d, "user", &e->user);
	api_pick_int(d, "to_window", &e->to_window);
	api_pick_int(d, "recalls", &e->recalls);
	api_pick_int(d, "level", &e->level);
	api_pick_int(d, "rating", &e->level);
	api_pick_int(d, "failed", &e->failed);
	api_pick_int(d, "findings", &e->findings);
	e->closed = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(d, "closed"));
	return 0;
}

#define API_T struct m_day_entry
static const struct api_field api_day_entry_fields[] = {
	F_I64("seq", seq, API_REQ),
	F_TIME("at", at, API_REQ),
	F_STR("kind", kind, API_REQ),
	F_I64("ticket", ticket, 0),
	F_I64("case", case_id, 0),
	F_STR("user", user, API_NULL),
};
#undef API_T
static const struct api_type api_day_entry_type =
	API_TYPE(struct m_day_entry, api_day_entry_fields, api_day_entry_free, api_day_data);

#define API_T struct m_day_case
static const struct api_field api_day_case_fields[] = {
	F_I64("id", id, API_REQ),
	F_STR("number", number, API_REQ),
	F_STR("matter", matter, 0),
	F_STR("matter_name", matter_name, 0),
	F_ENUM("kind", kind, 0, K_MKIND, enum m_matter_kind),
	F_ENUM("status", status, API_REQ, K_CSTATUS, enum m_case_status),
	F_DATE("notified_on", notified_on, 0),
	F_DATE("accepted_on", accepted_on, 0),
	F_DATE("due", due, 0),
	F_DATE("completed_on", completed_on, 0),
	F_OPT(K_BOOL, "on_time", on_time, bool, has_on_time, NULL),
	F_STR("clerk", clerk, 0),
};
#undef API_T
static const struct api_type api_day_case_type =
	API_TYPE(struct m_day_case, api_day_case_fields, api_day_case_free, NULL);

#define API_T struct m_day_rating
static const struct api_field api_day_rating_fields[] = {
	F_I64("case", case_id, API_REQ),
	F_STR("number", number, 0),
	F_INT("level", level, API_REQ, 0),
	F_STR("comment", comment, 0),
	F_TIME("at", at, 0),
};
#undef API_T
static const struct api_type api_day_rating_type =
	API_TYPE(struct m_day_rating, api_day_rating_fields, api_day_rating_free, NULL);

#define API_T struct m_day
static const struct api_field api_day_ratings_fields[] = {
	F_INTV("counts", counts, ncounts, API_REQ),
	F_INT("rated", rated, 0, 0),
	F_ARR("list", ratings, nratings, API_REQ, struct m_day_rating, api_day_rating_type),
};
static const struct api_type api_day_ratings_type =
	API_TYPE(struct m_day, api_day_ratings_fields, api_day_free, NULL);
static const struct api_field api_day_fields[] = {
	F_INT("window", window, API_REQ, 0),
	F_STR("name", name, 0),
	F_DATE("date", date, API_REQ),
	F_ARR("timeline", timeline, ntimeline, API_REQ, struct m_day_entry, api_day_entry_type),
	F_ARR("cases", cases, ncases, API_REQ, struct m_day_case, api_day_case_type),
	F_SUB("ratings", API_REQ, api_day_ratings_type),
};
#undef API_T
static const struct api_type api_day_type = API_TYPE(struct m_day, api_day_fields, api_day_free, NULL);

#define API_T struct m_follow_up
static const struct api_field api_follow_up_fields[] = {
	F_TIME("at", at, 0),
	F_STR("user", user, 0),
	F_STR("note", note, 0),
	F_BOOL("closed", closed, 0),
};
#undef API_T
static const struct api_type api_follow_up_type =
	API_TYPE(struct m_follow_up, api_follow_up_fields, api_follow_up_free, NULL);

#define API_T struct m_finding
static const struct api_field api_finding_fields[] = {
	F_INT("n", n, API_REQ, 0),
	F_STR("text", text, API_REQ),
	F_INT("rectify_days", rectify_days, 0, 0),
	F_DATE("due", due, API_REQ),
	F_BOOL("provisional", provisional, 0),
	F_ENUM("status", open, API_REQ, K_OPEN, bool),
	F_BOOL("overdue", overdue, 0),
	F_OPT(K_INT, "working_days_left", working_days_left, int, has_days_left, NULL),
	F_DATE("closed_on", closed_on, 0),
	F_ARR("follow_ups", follow_ups, nfollow_ups, 0, struct m_follow_up, api_follow_up_type),
	F_I64("audit", audit, 0),
	F_INT("window", window, 0, 0),
	F_DATE("audit_day", audit_day, 0),
};
#undef API_T
static const struct api_type api_finding_type =
	API_TYPE(struct m_finding, api_finding_fields, api_finding_free, NULL);

#define API_T struct m_audit
static const struct api_field api_checklist_fields[] = {
#define X(id, key, label) F_BOOL(key, checklist[AUDIT_##id], API_REQ),
	M_AUDIT_ITEMS(X)
#undef X
};
static const struct api_type api_checklist_type =
	API_TYPE(struct m_audit, api_checklist_fields, api_audit_free, NULL);
static const struct api_field api_audit_findings_field =
	F_ARR("findings", findings, nfindings, 0, struct m_finding, api_finding_type);

/* "findings" is a count in the list and the findings themselves in the
 * full audit. */
static int api_audit_findings(const cJSON *o, void *out)
{
	struct m_audit *a = out;
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, "findings");
	if (cJSON_IsNumber(v))
		return api_int(v, &a->nfindings_total) || a->nfindings_total < 0 ? -1 : 0;
	if (!cJSON_IsArray(v) || api_value(&api_audit_findings_field, v, out))
		return -1;
	a->nfindings_total = (int)a->nfindings;
	return 0;
}

static const struct api_field api_audit_fields[] = {
	F_I64("id", id, API_REQ),
	F_INT("window", window, API_REQ, 0),
	F_STR("window_name", window_name, 0),
	F_DATE("day", day, 0),
	F_TIME("at", at, 0),
	F_STR("supervisor", supervisor, 0),
	F_STR("supervisor_name", supervisor_name, 0),
	F_STR("clerk", clerk, API_NULL),
	F_STR("clerk_name", clerk_name, API_NULL),
	F_SUB("checklist", API_REQ, api_checklist_type),
	F_INT("failed", failed, 0, 0),
	F_INT("open_findings", open_findings, 0, 0),
	F_INT("overdue_findings", overdue_findings, 0, 0),
};
#undef API_T
static const struct api_type api_audit_type =
	API_TYPE(struct m_audit, api_audit_fields, api_audit_free, api_audit_findings);

#define API_T struct m_outcome
static const struct api_field api_outcome_fields[] = {
	F_BOOL("reached", reached, API_REQ),
	F_INT("attitude", attitude, 0, 0),
	F_INT("competence", competence, 0, 0),
	F_INT("rating", rating, 0, 0),
	F_STR("remarks", remarks, 0),
	F_TIME("at", at, 0),
	F_STR("user", user, 0),
};
#undef API_T
static const struct api_type api_outcome_type =
	API_TYPE(struct m_outcome, api_outcome_fields, api_outcome_free, NULL);

#define API_T struct m_callback
static const struct api_field api_cb_applicant_fields[] = {
	F_STR("name", applicant_name, 0),
	F_STR("id_number", applicant_id, 0),
	F_STR("phone", applicant_phone, 0),
};
static const struct api_type api_cb_applicant_type =
	API_TYPE(struct m_callback, api_cb_applicant_fields, api_callback_free, NULL);
static const struct api_field api_callback_fields[] = {
	F_I64("id", id, 0),
	F_ENUM("kind", kind, API_REQ, K_CBKIND, enum m_callback_kind),
	F_ENUM("status", open, 0, K_OPEN, bool),
	F_I64("sample", sample, 0),
	F_STR("source", source, API_NULL),
	F_INT("source_level", source_level, 0, 0),
	F_I64("parent", parent, 0),
	F_I64("next", next, 0),
	F_TIME("created_at", created_at, 0),
	F_DATE("due", due, 0),
	F_BOOL("provisional", provisional, 0),
	F_BOOL("overdue", overdue, 0),
	F_OPT(K_OBJ, "outcome", outcome, struct m_outcome, has_outcome, &api_outcome_type),
	F_I64("case", case_id, API_REQ),
	F_STR("case_number", case_number, 0),
	F_INT("window", window, 0, 0),
	F_STR("clerk", clerk, 0),
	F_STR("matter", matter, 0),
	F_STR("matter_name", matter_name, 0),
	F_DATE("completed_on", completed_on, 0),
	F_INT("case_rating", case_rating, 0, 0),
	F_SUB("applicant", 0, api_cb_applicant_type),
};
#undef API_T
static const struct api_type api_callback_type =
	API_TYPE(struct m_callback, api_callback_fields, api_callback_free, NULL);

static void api_sample_free(void *p) { memset(p, 0, sizeof(struct m_sample)); }

#define API_T struct m_sample
static const struct api_field api_sample_fields[] = {
	F_I64("id", id, 0),
	F_DATE("from", from, 0),
	F_DATE("to", to, 0),
	F_I64("seed", seed, API_REQ),
	F_INT("exclude_days", exclude_days, 0, 0),
	F_INT("population", population, 0, 0),
	F_INT("drawn", drawn, API_REQ, 0),
};
#undef API_T
static const struct api_type api_sample_type =
	API_TYPE(struct m_sample, api_sample_fields, api_sample_free, NULL);

/* POST /callbacks/sample's reply: the sample and the calls drawn. */
struct api_sample_reply {
	struct m_sample sample;
	struct m_callback *v;
	size_t n;
};

static void api_sample_reply_free(void *p)
{
	struct api_sample_reply *w = p;
	api_free_callbacks(w->v, w->n);
	memset(w, 0, sizeof *w);
}

#define API_T struct api_sample_reply
static const struct api_field api_sample_reply_fields[] = {
	F_OBJ("sample", sample, API_REQ, struct m_sample, api_sample_type),
	F_ARR("callbacks", v, n, API_REQ, struct m_callback, api_callback_type),
};
#undef API_T
static const struct api_type api_sample_reply_type =
	API_TYPE(struct api_sample_reply, api_sample_reply_fields, api_sample_reply_free, NULL);

#define API_T struct m_report_row
static const struct api_field api_report_row_fields[] = {
	F_STR("key", key, API_NULL),
	F_STR("name", name, API_NULL),
	F_I64("tickets_called", tickets_called, 0),
	F_I64("tickets_served", tickets_served, 0),
	F_I64("no_shows", no_shows, 0),
	F_I64("transferred", transferred, 0),
	F_I64N("wait_avg", wait_avg, 0),
	F_I64N("wait_p90", wait_p90, 0),
	F_I64N("handle_avg", handle_avg, 0),
	F_I64N("handle_p90", handle_p90, 0),
	F_I64N("paused_seconds", paused_seconds, 0),
	F_I64("promised_completed", promised_completed, 0),
	F_I64("promised_on_time", promised_on_time, 0),
	F_TENTHS("on_time_pct", on_time_pct, 0),
	F_I64("overdue_open", overdue_open, 0),
	F_I64("accepted", accepted, 0),
	F_I64("accepted_first_visit", accepted_first_visit, 0),
	F_TENTHS("one_visit_pct", one_visit_pct, 0),
	F_INTV("ratings", ratings, nratings, 0),
	F_I64("rated", rated, 0),
	F_TENTHS("satisfied_pct", satisfied_pct, 0),
};
#undef API_T
static const struct api_type api_report_row_type =
	API_TYPE(struct m_report_row, api_report_row_fields, api_report_row_free, NULL);

#define API_T struct m_report
static const struct api_field api_report_fields[] = {
	F_DATE("from", from, API_REQ),
	F_DATE("to", to, API_REQ),
	F_STR("by", by, 0),
	F_TIME("generated_at", generated_at, 0),
	F_ARR("rows", rows, nrows, API_REQ, struct m_report_row, api_report_row_type),
	F_OBJ("total", total, API_REQ, struct m_report_row, api_report_row_type),
};
#undef API_T
static const struct api_type api_report_type =
	API_TYPE(struct m_report, api_report_fields, api_report_free, NULL);

#define API_T struct api_list
static const struct api_field api_audits_fields[] = { F_ARR("audits", v, n, API_REQ | API_LIST, void, api_audit_type) };
static const struct api_field api_rectifications_fields[] = {
	F_ARR("rectifications", v, n, API_REQ, void, api_finding_type),
};
static const struct api_field api_callbacks_fields[] = { F_ARR("callbacks", v, n, API_REQ, void, api_callback_type) };
#undef API_T
static const struct api_type api_audits_type = API_TYPE(struct api_list, api_audits_fields, NULL, NULL);
static const struct api_type api_rectifications_type =
	API_TYPE(struct api_list, api_rectifications_fields, NULL, NULL);
static const struct api_type api_callbacks_type = API_TYPE(struct api_list, api_callbacks_fields, NULL, NULL);

int api_decode_board(const char *body, size_t len, struct m_board *out)
{
	return api_decode(body, len, &api_board_type, out);
}

int api_decode_day(const char *body, size_t len, struct m_day *out)
{
	return api_decode(body, len, &api_day_type, out);
}

int api_decode_audit(const char *body, size_t len, struct m_audit *out)
{
	return api_decode(body, len, &api_audit_type, out);
}

int api_decode_audits(const char *body, size_t len, struct m_audit **out, size_t *n)
{
	return api_decode_list(body, len, &api_audits_type, out, n, NULL);
}

int api_decode_rectifications(const char *body, size_t len, struct m_finding **out, size_t *n)
{
	return api_decode_list(body, len, &api_rectifications_type, out, n, NULL);
}

int api_decode_callbacks(const char *body, size_t len, struct m_callback **out, size_t *n)
{
	return api_decode_list(body, len, &api_callbacks_type, out, n, NULL);
}

int api_decode_callback(const char *body, size_t len, struct m_callback *out)
{
	return api_decode(body, len, &api_callback_type, out);
}

int api_decode_sample(const char *body, size_t len, struct m_sample *sample,
		      struct m_callback **out, size_t *n)
{
	struct api_sample_reply w;
	int rc = api_decode(body, len, &api_sample_reply_type, &w);
	*sample = w.sample;
	*out = w.v;
	*n = w.n;
	return rc;
}

int api_decode_report(const char *body, size_t len, struct m_report *out)
{
	return api_decode(body, len, &api_report_type, out);
}

void api_free_audits(struct m_audit *a, size_t n) { api_free_array(a, n, &api_audit_type); }
void api_free_findings(struct m_finding *f, size_t n) { api_free_array(f, n, &api_finding_type); }
void api_free_callbacks(struct m_callback *c, size_t n) { api_free_array(c, n, &api_callback_type); }

/* --- encoders ------------------------------------------------------------- */

/* Print root compactly and delete it.  cJSON allocates with malloc (its
 * default hooks, which wicket never changes), so free() releases the text. */
static char *api_print(cJSON *root)
{
	char *s = root ? cJSON_PrintUnformatted(root) : NULL;
	cJSON_Delete(root);
	if (!s)
		xalloc_die(0);
	return s;
}

/* Strings that are NULL are left out rather than sent as null. */
static void api_add_str(cJSON *o, const char *key, const char *s)
{
	if (s)
		cJSON_AddStringToObject(o, key, s);
}

/* Whole numbers are written as raw text: cJSON prints doubles with 15
 * significant digits when that is "close enough", which would change a
 * large id. */
static cJSON *api_whole_item(int64_t v)
{
	char text[24];
	snprintf(text, sizeof text, "%lld", (long long)v);
	return cJSON_CreateRaw(text);
}

static void api_add_whole(cJSON *o, const char *key, int64_t v)
{
	cJSON_AddItemToObject(o, key, api_whole_item(v));
}

static void api_add_ids(cJSON *o, const char *key, const int *v, size_t n)
{
	cJSON *arr = cJSON_AddArrayToObject(o, key);
	for (size_t i = 0; v && i < n; i++)
		cJSON_AddItemToArray(arr, api_whole_item(v[i]));
}

char *api_encode_login(const char *user, const char *password, int window, const char *drill)
{
	cJSON *o = cJSON_CreateObject();
	api_add_str(o, "user", user);
	api_add_str(o, "password", password);
	if (window > 0)
		api_add_whole(o, "window", window);
	api_add_str(o, "drill", drill);
	return api_print(o);
}

char *api_encode_reason(const char *reason)
{
	cJSON *o = cJSON_CreateObject();
	api_add_str(o, "reason", reason);
	return api_print(o);
}

char *api_encode_pause(const char *reason)
{
	return api_encode_reason(reason);
}

char *api_encode_call(int64_t ticket)
{
	cJSON *o = cJSON_CreateObject();
	if (ticket > 0)
		api_add_whole(o, "ticket", ticket);
	return api_print(o);
}

char *api_encode_transfer(int window, const char *service)
{
	cJSON *o = cJSON_CreateObject();
	if (window > 0)
		api_add_whole(o, "window", window);
	else
		api_add_str(o, "service", service);
	return api_print(o);
}

char *api_encode_case(int64_t ticket, const char *matter, const char *name,
		      const char *id_number, const char *phone,
		      const int *received, size_t nreceived)
{
	cJSON *o = cJSON_CreateObject();
	api_add_whole(o, "ticket", ticket);
	api_add_str(o, "matter", matter);
	cJSON *a = cJSON_AddObjectToObject(o, "applicant");
	api_add_str(a, "name", name);
	api_add_str(a, "id_number", id_number);
	api_add_str(a, "phone", phone);
	api_add_ids(o, "received", received, nreceived);
	return api_print(o);
}

char *api_encode_materials(const int *received, size_t nreceived)
{
	cJSON *o = cJSON_CreateObject();
	api_add_ids(o, "received", received, nreceived);
	return api_print(o);
}

char *api_encode_rating(int level)
{
	cJSON *o = cJSON_CreateObject();
	api_add_whole(o, "level", level);
	return api_print(o);
}

char *api_encode_drill_start(const char *scenario, char *const *trainees, size_t ntrainees,
			     const char *competition)
{
	cJSON *o = cJSON_CreateObject();
	api_add_str(o, "scenario", scenario);
	cJSON *arr = cJSON_AddArrayToObject(o, "trainees");
	for (size_t i = 0; i < ntrainees; i++)
		cJSON_AddItemToArray(arr, cJSON_CreateString(trainees[i]));
	api_add_str(o, "competition", competition);
	return api_print(o);
}

char *api_encode_run(bool on)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddBoolToObject(o, "on", on);
	return api_print(o);
}

char *api_encode_audit(int window, const bool ok[M_AUDIT_NITEMS], const char *const *texts,
		       const int *days, size_t n)
{
	cJSON *o = cJSON_CreateObject();
	api_add_whole(o, "window", window);
	cJSON *c = cJSON_AddObjectToObject(o, "checklist");
	for (int i = 0; i < M_AUDIT_NITEMS; i++)
		cJSON_AddBoolToObject(c, m_audit_item_key(i), ok[i]);
	cJSON *arr = cJSON_AddArrayToObject(o, "findings");
	for (size_t i = 0; i < n; i++) {
		cJSON *f = cJSON_CreateObject();
		api_add_str(f, "text", texts[i]);
		api_add_whole(f, "rectify_days", days[i]);
		cJSON_AddItemToArray(arr, f);
	}
	return api_print(o);
}

char *api_encode_follow_up(const char *note, bool closed)
{
	cJSON *o = cJSON_CreateObject();
	api_add_str(o, "note", note);
	cJSON_AddBoolToObject(o, "closed", closed);
	return api_print(o);
}

char *api_encode_sample(const char *from, const char *to, int size, int64_t seed, int exclude_days)
{
	cJSON *o = cJSON_CreateObject();
	api_add_str(o, "from", from);
	api_add_str(o, "to", to);
	api_add_whole(o, "size", size);
	if (seed >= 0)
		api_add_whole(o, "seed", seed);
	api_add_whole(o, "exclude_days", exclude_days);
	return api_print(o);
}

char *api_encode_outcome(bool reached, int attitude, int competence, int rating, const char *remarks)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddBoolToObject(o, "reached", reached);
	if (reached) {
		api_add_whole(o, "attitude", attitude);
		api_add_whole(o, "competence", competence);
		api_add_whole(o, "rating", rating);
	}
	if (remarks && *remarks)
		api_add_str(o, "remarks", remarks);
	return api_print(o);
}
