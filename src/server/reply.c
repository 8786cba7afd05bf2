#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <microhttpd.h>

#include "wicket/case.h"
#include "wicket/srv.h"
#include "wicket/utf8.h"
#include "wicket/xalloc.h"

void srv_reply(struct req *r, int status, cJSON *body)
{
	free(r->reply);
	r->status = status;
	r->reply = cJSON_PrintUnformatted(body);
	if (!r->reply)
		r->reply = xstrdup("{}");
	cJSON_Delete(body);
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

const char *req_query(struct req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, name);
}

int req_param_id(struct req *r, int i, const char *what, int64_t *out)
{
	const char *s = i < r->nparams ? r->params[i] : NULL;
	char *end;
	errno = 0;
	long long v = s ? strtoll(s, &end, 10) : 0;
	if (!s || errno || end == s || *end || v <= 0) {
		srv_error(r, 404, "not_found", "no such %s: '%s'", what, s ? s : "");
		return -1;
	}
	*out = v;
	return 0;
}

static cJSON *req_field(struct req *r, const char *field, bool required, int *rc)
{
	cJSON *v = cJSON_GetObjectItemCaseSensitive(r->json, field);
	if (!v || cJSON_IsNull(v)) {
		if (required) {
			srv_error(r, 400, "missing_field", "the field '%s' is required", field);
			*rc = -1;
		} else {
			*rc = 1;
		}
		return NULL;
	}
	*rc = 0;
	return v;
}

static int req_wrong_type(struct req *r, const char *field, const char *want)
{
	srv_error(r, 400, "invalid_field", "the field '%s' must be %s", field, want);
	return -1;
}

int req_str(struct req *r, const char *field, bool required, const char **out)
{
	int rc;
	cJSON *v = req_field(r, field, required, &rc);
	if (!v)
		return rc;
	if (!cJSON_IsString(v))
		return req_wrong_type(r, field, "a string");
	*out = v->valuestring;
	return 0;
}

int req_int(struct req *r, const char *field, bool required, long lo, long hi, int64_t *out)
{
	int rc;
	cJSON *v = req_field(r, field, required, &rc);
	if (!v)
		return rc;
	if (!cJSON_IsNumber(v) || v->valuedouble != (double)(int64_t)v->valuedouble ||
	    v->valuedouble < (double)lo || v->valuedouble > (double)hi) {
		char want[96];
		snprintf(want, sizeof want, "a whole number from %ld to %ld", lo, hi);
		return req_wrong_type(r, field, want);
	}
	*out = (int64_t)v->valuedouble;
	return 0;
}

int req_bool(struct req *r, const char *field, bool required, bool *out)
{
	int rc;
	cJSON *v = req_field(r, field, required, &rc);
	if (!v)
		return rc;
	if (!cJSON_IsBool(v))
		return req_wrong_type(r, field, "true or false");
	*out = cJSON_IsTrue(v);
	return 0;
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

bool req_may_act_on_window(struct req *r, int no)
{
	/* Only a clerk works a window, and only the ones it signed in to. */
	if (r->auth.role == ROLE_CLERK)
		for (int i = 0; i < r->auth.nwindows; i++)
			if (r->auth.windows[i] == no)
				return true;
	srv_error(r, 403, "forbidden", "you are not signed in to window %d", no);
	return false;
}
