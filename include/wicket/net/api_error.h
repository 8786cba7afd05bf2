/* api_error.h - decoding wicketd's error replies.
 *
 * Every error the server sends is {"error":{"code":"...","message":"..."}}
 * (docs/api.md).  The client decodes it at the edge into this struct, so no
 * cJSON tree travels further than the net layer. */
#ifndef WICKET_API_ERROR_H
#define WICKET_API_ERROR_H

#include <stddef.h>

struct api_error {
	long status;      /* HTTP status, 0 when no reply came */
	char code[48];    /* machine-readable code, e.g. "queue_empty"; ASCII only */
	char message[256];/* human-readable text, sanitised for the terminal */
	long long count;  /* error.current when it is a whole number (still_waiting: how many wait) */
	int has_count;
};

/* Decode an error body received with HTTP status `status`.  Always fills
 * out: when the body is not a well-formed error object, code becomes
 * "bad_reply" (or "http_<status>" for an empty body) and message says so.
 * Returns 0 when the body was a proper error object, -1 otherwise.
 * Nothing is allocated. */
int api_error_decode(long status, const char *body, size_t len, struct api_error *out);

/* The English msgid of the clerk-facing sentence for an error code of
 * docs/api.md, or NULL for a code it does not know.  Static storage. */
const char *api_error_msgid(const char *code);
/* What to tell the user of e, in the session's language: the translated
 * sentence for a known code, else the server's own (sanitised) message.
 * The string is gettext's or e's, not to be freed. */
const char *api_error_text(const struct api_error *e);

#endif
