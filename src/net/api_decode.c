/* api_decode.c - the decoder: wicketd's JSON into a wire object, by the
 * object's table (wicket/model/wire.h).
 *
 * One generic walker checks types, applies defaults, sanitises strings and
 * recurses into arrays and nested objects, by the same tables m_free()
 * releases by; a member whose offset does not hold the type its kind writes
 * does not compile (W_AT).  The few members a table cannot describe are
 * decoded by a hook per struct (the end of this file).
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
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "wicket/net/api.h"
#include "wicket/net/api_decode.h"
#include "wicket/core/date.h"
#include "wicket/model/wire.h"
#include "wicket/common/utf8.h"
#include "wicket/common/xalloc.h"

#define API_MAX_STR 4096        /* bytes of one string member */
#define API_MAX_TEXT 16384      /* bytes of a multi-line text (legal basis, a step) */
#define API_MAX_ITEMS 10000     /* elements of one array */
#define API_MAX_EXACT 9007199254740992.0   /* 2^53: larger doubles are not exact integers */

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

/* A name into the enum (int-sized: the layout test checks) or the bool of
 * WK_OPEN at p. */
static int api_enum(const struct m_field *f, const cJSON *v, void *p)
{
	if (!cJSON_IsString(v) || !v->valuestring)
		return -1;
	if (f->kind == WK_OPEN) {
		*(bool *)p = strcmp(v->valuestring, "open") == 0;
		return 0;
	}
	int x = f->parse(v->valuestring);
	memcpy(p, &x, sizeof x);
	return 0;
}

/* --- arrays and objects --------------------------------------------------- */

static int api_obj(const cJSON *o, const struct m_desc *t, void *out, bool full);

/* Members a table cannot describe, decoded from the whole object o into
 * out after the table's members. */
typedef int (*api_hook_fn)(const cJSON *o, void *out);
static api_hook_fn api_hook(const struct m_desc *t);

/* Decode one array element into slot (zeroed); f is the array's member. */
typedef int (*api_item_fn)(const cJSON *item, void *slot, const struct m_field *f);

static int api_item_obj(const cJSON *item, void *slot, const struct m_field *f)
{
	return api_obj(item, f->type, slot, !(f->flags & WF_LIST));
}

static int api_item_str(const cJSON *item, void *slot, const struct m_field *f)
{
	return api_string(item, f->flags & WF_LINES, slot);
}

static int api_item_int(const cJSON *item, void *slot, const struct m_field *f)
{
	(void)f;
	return api_int(item, slot);
}

/* Decode the array v into a fresh array of elements of `size` bytes, stored
 * (with its count) at the member f of base even when an element fails, so
 * that m_free of the owner releases what was decoded. */
static int api_array(const cJSON *v, const struct m_field *f, char *base, size_t size,
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
static int api_value(const struct m_field *f, const cJSON *v, char *base)
{
	void *p = base + f->off;
	switch (f->kind) {
	case WK_STR:
		return api_string(v, f->flags & WF_LINES, p);
	case WK_INT:
		return api_int(v, p);
	case WK_I64:
		return api_whole(v, -API_MAX_EXACT, API_MAX_EXACT, p);
	case WK_TENTHS:
		return api_tenths(v, p);
	case WK_BOOL:
		if (!cJSON_IsBool(v))
			return -1;
		*(bool *)p = cJSON_IsTrue(v);
		return 0;
	case WK_TIME:
		return cJSON_IsString(v) && v->valuestring ? api_parse_time(v->valuestring, p) : -1;
	case WK_DATE:
		return cJSON_IsString(v) && date_parse_iso(v->valuestring, p) ? 0 : -1;
	case WK_ARRAY:
		return api_array(v, f, base, f->type->size, api_item_obj);
	case WK_STRV:
		return api_array(v, f, base, sizeof(char *), api_item_str);
	case WK_INTV:
		return api_array(v, f, base, sizeof(int), api_item_int);
	case WK_OBJ:
		return api_obj(v, f->type, p, true);
	case WK_ENUM:
	case WK_OPEN:
		return api_enum(f, v, p);
	default:
		return -1;
	}
}

/* Values that stand for "none" where zero does not. */
static void api_defaults(const struct m_desc *t, char *base)
{
	for (size_t i = 0; i < t->nfields; i++) {
		const struct m_field *f = &t->fields[i];
		if (!f->key)
			continue;
		if (f->kind == WK_DATE)
			*(int32_t *)(base + f->off) = -1;
		else if (f->kind == WK_INT)
			*(int *)(base + f->off) = f->none;
		else if (f->kind == WK_I64 || f->kind == WK_TENTHS)
			*(int64_t *)(base + f->off) = f->none;
		else if (f->kind == WK_OBJ && !(f->flags & WF_HAS))
			api_defaults(f->type, base + f->off);
	}
}

/* An optional member that did not come: strings the API never sends as
 * null become "" (so that views need not check), also inside a nested
 * object that did not come; everything else keeps its default. */
static void api_absent(const struct m_field *f, char *base)
{
	if (!f->key)
		return;
	if (f->kind == WK_STR && !(f->flags & WF_NULL))
		*(char **)(base + f->off) = xstrdup("");
	else if (f->kind == WK_OBJ && !(f->flags & WF_HAS))
		for (size_t i = 0; i < f->type->nfields; i++)
			api_absent(&f->type->fields[i], base + f->off);
}

/* Decode the object o into out (zeroed) by t's table; full says whether
 * WF_FULL members are required.  On failure out may hold a part, which
 * m_free(t, out) releases. */
static int api_obj(const cJSON *o, const struct m_desc *t, void *out, bool full)
{
	char *base = out;
	if (!cJSON_IsObject(o))
		return -1;
	api_defaults(t, base);
	for (size_t i = 0; i < t->nfields; i++) {
		const struct m_field *f = &t->fields[i];
		if (!f->key)
			continue;       /* the hook's, or not from the wire */
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, f->key);
		bool required = (f->flags & WF_REQ) || (full && (f->flags & WF_FULL));
		if (!v || cJSON_IsNull(v)) {
			if (required)
				return -1;
			api_absent(f, base);
			continue;
		}
		if (api_value(f, v, base))
			return -1;
		if (f->flags & WF_HAS)
			*(bool *)(base + f->aux) = true;
	}
	api_hook_fn hook = api_hook(t);
	return hook ? hook(o, out) : 0;
}

/* Parse body and decode it into out (zeroed first) by t, as a whole
 * object; on failure out may hold a part. */
static int api_parse(const char *body, size_t len, const struct m_desc *t, void *out)
{
	memset(out, 0, t->size);
	cJSON *root = body ? cJSON_ParseWithLength(body, len) : NULL;
	int rc = root ? api_obj(root, t, out, true) : -1;
	cJSON_Delete(root);
	return rc;
}

int api_decode(const char *body, size_t len, const struct m_desc *t, void *out)
{
	int rc = api_parse(body, len, t, out);
	if (rc)
		m_free(t, out);
	return rc;
}

int api_decode_list(const char *body, size_t len, const struct m_desc *t,
		    void *out, size_t *n, int64_t *last)
{
	struct api_list w;
	int rc = api_decode(body, len, t, &w);
	memcpy(out, &w.v, sizeof w.v);
	*n = w.n;
	if (last)
		*last = w.last;
	return rc;
}

int api_decode_page(const char *body, size_t len, const struct m_desc *t,
		    void *out, size_t *n, struct m_page *page)
{
	struct api_page w;
	int rc = api_decode(body, len, t, &w);
	memcpy(out, &w.v, sizeof w.v);
	*n = w.n;
	api_page_fix(&w.page, w.n);
	if (page)
		*page = w.page;
	return rc;
}

void api_page_fix(struct m_page *p, size_t n)
{
	if (p->offset < 0)
		p->offset = 0;
	if (p->total < p->offset + (int64_t)n)
		p->total = p->offset + (int64_t)n;
}

/* --- the hooks ------------------------------------------------------------ */

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

#define W_T struct m_audit
static const struct m_field api_audit_findings_field =
	W_ARR("findings", findings, nfindings, 0, struct m_finding, m_finding_desc);
#undef W_T

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

static const struct {
	const struct m_desc *type;
	api_hook_fn fn;
} api_hooks[] = {
	{ .type = &m_session_desc, .fn = api_session_windows },
	{ .type = &m_me_desc, .fn = api_session_windows },
	{ .type = &m_day_entry_desc, .fn = api_day_data },
	{ .type = &m_audit_desc, .fn = api_audit_findings },
};

/* The hook of t, or NULL. */
static api_hook_fn api_hook(const struct m_desc *t)
{
	for (size_t i = 0; i < sizeof api_hooks / sizeof api_hooks[0]; i++)
		if (api_hooks[i].type == t)
			return api_hooks[i].fn;
	return NULL;
}
