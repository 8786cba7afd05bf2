#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wicket/core/case.h"
#include "wicket/server/json_out.h"
#include "wicket/server/srv.h"
#include "wicket/common/utf8.h"
#include "wicket/common/xalloc.h"

void srv_reply(struct req *r, int status, cJSON *body)
{
	free(r->reply);
	r->status = status;
	r->reply = body ? json_print(body) : xstrdup("{}");
	cJSON_Delete(body);
}

void srv_reply_list(struct req *r, const char *name, cJSON *list)
{
	cJSON *root = cJSON_CreateObject();
	cJSON_AddItemToObject(root, name, list);
	srv_reply(r, 200, root);
}

void srv_error_x(struct req *r, int status, const char *code, cJSON *extra,
		 const char *fmt, ...)
{
	char text[1024], msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	/* Messages quote what the client sent (an unknown code, a path): no
	 * control character goes back, and the cut keeps characters whole so
	 * that the reply stays valid UTF-8. */
	char *clean = utf8_sanitize(text, false);
	utf8_copy(msg, sizeof msg, clean);
	free(clean);
	cJSON *root = cJSON_CreateObject();
	cJSON *err = cJSON_AddObjectToObject(root, "error");
	cJSON_AddStringToObject(err, "code", code);
	cJSON_AddStringToObject(err, "message", msg);
	if (extra) {
		cJSON *item;
		while ((item = extra->child) != NULL)
			cJSON_AddItemToObject(err, item->string,
					      cJSON_DetachItemViaPointer(extra, item));
		cJSON_Delete(extra);
	}
	srv_reply(r, status, root);
}

void srv_reply_text(struct req *r, int status, const char *content_type, char *text)
{
	free(r->reply);
	r->status = status;
	r->reply = text;
	r->content_type = content_type;
}

void srv_json_col(cJSON *o, const char *name, db_q *st, int col, char type)
{
	if (type == 't') {
		clk_json_add(o, name, db_col_i64(st, col));
	} else if (type == 'j') {
		cJSON *arr = cJSON_Parse(db_col_text(st, col));
		if (!cJSON_IsArray(arr)) {
			cJSON_Delete(arr);
			arr = cJSON_CreateArray();
		}
		cJSON_AddItemToObject(o, name, arr);
	} else if (db_col_null(st, col)) {
		cJSON_AddNullToObject(o, name);
	} else if (type == 's') {
		cJSON_AddStringToObject(o, name, db_col_text(st, col));
	} else if (type == 'i') {
		cJSON_AddNumberToObject(o, name, (double)db_col_i64(st, col));
	} else {
		cJSON_AddBoolToObject(o, name, db_col_int(st, col));
	}
}

void srv_json_cols(cJSON *o, db_q *st, int col, const struct srv_col *cols, size_t n)
{
	for (size_t i = 0; i < n; i++)
		srv_json_col(o, cols[i].name, st, col + (int)i, cols[i].type);
}

cJSON *srv_json_rows(db_q *st, const struct srv_col *cols, size_t n)
{
	cJSON *arr = cJSON_CreateArray();
	while (db_step(st) == DB_ROW) {
		cJSON *o = cJSON_CreateObject();
		srv_json_cols(o, st, 0, cols, n);
		cJSON_AddItemToArray(arr, o);
	}
	db_reset(st);
	return arr;
}

const char *req_query(struct req *r, const char *name)
{
	return r->query ? r->query(r->query_ctx, name) : NULL;
}

const char *req_header(struct req *r, const char *name)
{
	return r->header ? r->header(r->query_ctx, name) : NULL;
}

int req_query_date(struct req *r, const char *name, date_t dflt, date_t *out)
{
	const char *v = req_query(r, name);
	*out = dflt;
	if (!v || date_parse_iso(v, out))
		return 0;
	srv_error(r, 400, "invalid_query", "%s must be a date YYYY-MM-DD", name);
	return -1;
}

int req_query_int(struct req *r, const char *name, long lo, long hi, long dflt, long *out)
{
	const char *v = req_query(r, name);
	char *end;
	errno = 0;
	long n = v ? strtol(v, &end, 10) : dflt;
	if (v && (errno || end == v || *end || n < lo || n > hi)) {
		srv_error(r, 400, "invalid_query", "%s must be a whole number from %ld to %ld", name, lo, hi);
		return -1;
	}
	*out = n;
	return 0;
}

int req_query_page(struct req *r, long dflt, long max, struct req_page *p)
{
	return req_query_int(r, "limit", 1, max, dflt, &p->limit) ||
	       req_query_int(r, "offset", 0, SRV_PAGE_OFFSET_MAX, 0, &p->offset) ? -1 : 0;
}

void srv_json_page(cJSON *root, const struct req_page *p, int64_t total)
{
	cJSON_AddNumberToObject(root, "total", (double)total);
	cJSON_AddNumberToObject(root, "offset", (double)p->offset);
	cJSON_AddNumberToObject(root, "limit", (double)p->limit);
}

void srv_reply_page(struct req *r, const char *name, cJSON *list, const struct req_page *p, int64_t total)
{
	cJSON *root = cJSON_CreateObject();
	cJSON_AddItemToObject(root, name, list);
	srv_json_page(root, p, total);
	srv_reply(r, 200, root);
}

int req_query_period(struct req *r, int days, date_t *from, date_t *to)
{
	if (req_query_date(r, "to", clk_today(), to) || req_query_date(r, "from", *to - (days - 1), from))
		return -1;
	if (*from > *to) {
		srv_error(r, 400, "invalid_query", "from must not be after to");
		return -1;
	}
	return 0;
}

int req_param_id(struct req *r, int i, const char *what, int64_t *out)
{
	const char *s = i < r->nparams ? r->params[i] : NULL;
	char *end;
	errno = 0;
	/* Digits only: strtoll would also take "+1", " 1" or "-0". */
	long long v = s && *s >= '0' && *s <= '9' ? strtoll(s, &end, 10) : 0;
	if (!s || v == 0 || errno || *end || v < 0) {
		srv_error(r, 404, "not_found", "no such %s: '%s'", what, s ? s : "");
		return -1;
	}
	*out = v;
	return 0;
}

/* Member field of obj; prefix names obj in messages ("" at the top). */
static cJSON *req_field(struct req *r, const cJSON *obj, const char *prefix, const char *field,
			bool required, int *rc)
{
	cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, field);
	if (!v || cJSON_IsNull(v)) {
		if (required) {
			srv_error(r, 400, "missing_field", "the field '%s%s' is required", prefix, field);
			*rc = -1;
		} else {
			*rc = 1;
		}
		return NULL;
	}
	*rc = 0;
	return v;
}

static int req_wrong_type(struct req *r, const char *prefix, const char *field, const char *want)
{
	srv_error(r, 400, "invalid_field", "the field '%s%s' must be %s", prefix, field, want);
	return -1;
}

int req_obj_str(struct req *r, const cJSON *obj, const char *prefix, const char *field,
		bool required, const char **out)
{
	int rc;
	cJSON *v = req_field(r, obj, prefix, field, required, &rc);
	if (!v)
		return rc;
	if (!cJSON_IsString(v))
		return req_wrong_type(r, prefix, field, "a string");
	*out = v->valuestring;
	return 0;
}

int req_obj_int(struct req *r, const cJSON *obj, const char *prefix, const char *field,
		bool required, long lo, long hi, int64_t *out)
{
	int rc;
	cJSON *v = req_field(r, obj, prefix, field, required, &rc);
	if (!v)
		return rc;
	/* In int64_t's range before the conversion, which is undefined outside
	 * it; then whole, and lo..hi compared exactly (hi may be LONG_MAX, which
	 * no double holds). */
	double d = v->valuedouble;
	if (!cJSON_IsNumber(v) || !(d >= -9223372036854775808.0 && d < 9223372036854775808.0) ||
	    d != (double)(int64_t)d || (int64_t)d < lo || (int64_t)d > hi) {
		char want[96];
		snprintf(want, sizeof want, "a whole number from %ld to %ld", lo, hi);
		return req_wrong_type(r, prefix, field, want);
	}
	*out = (int64_t)d;
	return 0;
}

int req_obj_bool(struct req *r, const cJSON *obj, const char *prefix, const char *field,
		 bool required, bool *out)
{
	int rc;
	cJSON *v = req_field(r, obj, prefix, field, required, &rc);
	if (!v)
		return rc;
	if (!cJSON_IsBool(v))
		return req_wrong_type(r, prefix, field, "true or false");
	*out = cJSON_IsTrue(v);
	return 0;
}

int req_obj_text(struct req *r, const cJSON *obj, const char *prefix, const char *field,
		 bool required, size_t min, size_t max, const char **out)
{
	int rc = req_obj_str(r, obj, prefix, field, required, out);
	if (rc || case_text_valid(*out, min, max))
		return rc;
	srv_error(r, 400, "invalid_field", "the field '%s%s' must be %zu to %zu characters "
		  "without control characters", prefix, field, min, max);
	return -1;
}

int req_str(struct req *r, const char *field, bool required, const char **out)
{
	return req_obj_str(r, r->json, "", field, required, out);
}

int req_int(struct req *r, const char *field, bool required, long lo, long hi, int64_t *out)
{
	return req_obj_int(r, r->json, "", field, required, lo, hi, out);
}

int req_bool(struct req *r, const char *field, bool required, bool *out)
{
	return req_obj_bool(r, r->json, "", field, required, out);
}

bool req_text_ok(struct req *r, const char *field, const char *s, size_t min, size_t max)
{
	if (case_text_valid(s, min, max))
		return true;
	srv_error(r, 400, "invalid_field", "the field '%s' must be %zu to %zu characters, "
		  "without control characters%s", field, min, max, min ? ", not only spaces" : "");
	return false;
}

int req_text(struct req *r, const char *field, bool required, size_t min, size_t max,
	     const char **out)
{
	int rc = req_str(r, field, required, out);
	if (rc == 0 && !req_text_ok(r, field, *out, min, max))
		return -1;
	return rc;
}

long srv_json_nul(const char *text, size_t len)
{
	bool in_string = false;
	for (size_t i = 0; i < len; i++) {
		if (!in_string) {
			in_string = text[i] == '"';
			continue;
		}
		if (text[i] == '\0' || (text[i] == '\\' && i + 6 <= len &&
					  memcmp(text + i + 1, "u0000", 5) == 0))
			return (long)i;
		if (text[i] == '"')
			in_string = false;
		else if (text[i] == '\\')
			i++;   /* the escaped character, which may be a quote */
	}
	return -1;
}

bool req_at_window(const struct req *r, int no)
{
	/* Only a clerk works a window, and only the ones it signed in to. */
	if (r->auth.role == ROLE_CLERK)
		for (int i = 0; i < r->auth.nwindows; i++)
			if (r->auth.windows[i] == no)
				return true;
	return false;
}

bool req_may_act_on_window(struct req *r, int no)
{
	if (req_at_window(r, no))
		return true;
	srv_error(r, 403, "forbidden", "you are not signed in to window %d", no);
	return false;
}

void req_client_addr(struct req *r, char out[64])
{
	snprintf(out, 64, "%s", r->addr[0] ? r->addr : "unknown");
}
