#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "wicket/net/api_error.h"
#include "wicket/common/utf8.h"

/* Codes are identifiers the client compares against: keep them to a safe
 * alphabet so a hostile server cannot smuggle anything through them. */
static int api_code_ok(const char *s)
{
	if (!*s || strlen(s) >= sizeof ((struct api_error *)0)->code)
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_'))
			return 0;
	return 1;
}

static void api_set_message(struct api_error *out, const char *msg)
{
	char *clean = utf8_sanitize(msg, false);
	utf8_copy(out->message, sizeof out->message, clean);
	free(clean);
}

int api_error_decode(long status, const char *body, size_t len, struct api_error *out)
{
	memset(out, 0, sizeof *out);
	out->status = status;
	if (!body || len == 0) {
		snprintf(out->code, sizeof out->code, "http_%ld", status);
		snprintf(out->message, sizeof out->message, "HTTP status %ld with no body", status);
		return -1;
	}
	cJSON *root = cJSON_ParseWithLength(body, len);
	cJSON *err = cJSON_GetObjectItemCaseSensitive(root, "error");
	cJSON *code = cJSON_GetObjectItemCaseSensitive(err, "code");
	cJSON *msg = cJSON_GetObjectItemCaseSensitive(err, "message");
	int rc = -1;
	if (cJSON_IsString(code) && api_code_ok(code->valuestring) && cJSON_IsString(msg)) {
		snprintf(out->code, sizeof out->code, "%s", code->valuestring);
		api_set_message(out, msg->valuestring);
		rc = 0;
	} else {
		snprintf(out->code, sizeof out->code, "bad_reply");
		snprintf(out->message, sizeof out->message,
			 "the server sent an unreadable reply (HTTP %ld)", status);
	}
	cJSON_Delete(root);
	return rc;
}
