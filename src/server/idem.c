#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wicket/server/srv.h"
#include "wicket/common/xalloc.h"

/* Idempotency-Key: a retried POST gets the first answer back and changes
 * nothing twice.  Keys are scoped to the signed-in user, and an answer is
 * stored in the same transaction as the change it reports, so the two
 * commit (or vanish) together.  Only 2xx answers are stored: an error
 * changed nothing, so running the request again is harmless. */

/* FNV-1a over the request, to tell a true retry from a reused key.  A
 * "password" member is left out: not even a fast hash of a password may be
 * stored, so a retry is told apart by its other members only. */
static void idem_hash(const struct req *r, char out[17])
{
	uint64_t h = 1469598103934665603ull;
	const char *parts[] = { r->method, r->path };
	for (size_t i = 0; i < 2; i++)
		for (const unsigned char *p = (const unsigned char *)parts[i]; *p; p++)
			h = (h ^ *p) * 1099511628211ull;
	const char *body = r->body.data;
	size_t len = r->body.len;
	char *printed = NULL;
	if (cJSON_GetObjectItemCaseSensitive(r->json, "password")) {
		cJSON *copy = cJSON_Duplicate(r->json, true);
		cJSON_DeleteItemFromObjectCaseSensitive(copy, "password");
		printed = cJSON_PrintUnformatted(copy);
		cJSON_Delete(copy);
		body = printed ? printed : "";
		len = strlen(body);
	}
	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)body[i]) * 1099511628211ull;
	free(printed);
	snprintf(out, 17, "%016llx", (unsigned long long)h);
}

static const char *idem_user(const struct req *r)
{
	return r->auth.user[0] ? r->auth.user : "-";
}

/* Returns 1 (reply set from the store, or a 422 for a reused key) or 0. */
int idem_lookup(struct req *r)
{
	struct srv *s = r->srv;
	char hash[17];
	idem_hash(r, hash);
	sqlite3_stmt *st = db_prep(s, "SELECT body_hash, status, reply FROM idempotency "
				   "WHERE user = ? AND key = ?", "ss", idem_user(r), r->idem_key);
	int found = 0;
	if (sqlite3_step(st) == SQLITE_ROW) {
		found = 1;
		if (strcmp(db_col_text(st, 0), hash) != 0) {
			sqlite3_reset(st);
			srv_error(r, 422, "idempotency_key_reused",
				  "this Idempotency-Key was used for a different request");
			return 1;
		}
		r->status = sqlite3_column_int(st, 1);
		free(r->reply);
		r->reply = xstrdup(db_col_text(st, 2));
		r->replayed = true;
	}
	sqlite3_reset(st);
	return found;
}

void idem_store(struct req *r)
{
	char hash[17];
	idem_hash(r, hash);
	db_run(r->srv, "INSERT OR REPLACE INTO idempotency(user, key, method, path, body_hash, "
	       "status, reply, at) VALUES(?,?,?,?,?,?,?,?)", "sssssisI",
	       idem_user(r), r->idem_key, r->method, r->path, hash, r->status,
	       r->reply, clk_now());
}
