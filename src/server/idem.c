#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wicket/core/case.h"
#include "wicket/server/srv.h"
#include "wicket/server/srv_case.h"
#include "wicket/common/xalloc.h"

/* Idempotency-Key: a retried POST gets the first answer back and changes
 * nothing twice.  Keys are scoped to the signed-in user, and an answer is
 * stored in the same transaction as the change it reports, so the two
 * commit (or vanish) together.  Only 2xx answers are stored: an error
 * changed nothing, so running the request again is harmless.
 *
 * What is kept is what a replay needs, and for as long as a client may
 * still retry (--idempotency-hours): never an applicant's ID number or
 * phone.  An answer that is a case is kept as its id alone and read afresh
 * on a replay, with the caller's rights of now (a clerk who may no longer
 * handle the case gets 403, as on a first request); in any other answer
 * an applicant's ID number and phone are stored masked. */

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

/* The oldest time a key may have been stored and still count. */
static int64_t idem_oldest(const struct srv *s)
{
	return clk_now() - (int64_t)s->opt->idempotency_hours * 3600;
}

/* Mask the ID number and phone of every "applicant" object in j; a home
 * visit's "address" beside one is left out (null). */
static void idem_mask(cJSON *j)
{
	cJSON *c;
	if (cJSON_IsString(cJSON_GetObjectItemCaseSensitive(j, "address")) &&
	    cJSON_GetObjectItemCaseSensitive(j, "applicant"))
		cJSON_ReplaceItemInObjectCaseSensitive(j, "address", cJSON_CreateNull());
	cJSON_ArrayForEach(c, j) {
		if (c->string && strcmp(c->string, "applicant") == 0 && cJSON_IsObject(c)) {
			static const struct { const char *name; void (*mask)(const char *, char *); } f[] = {
				{ "id_number", case_mask_id }, { "phone", case_mask_phone },
			};
			for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) {
				const char *v = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(c, f[i].name));
				char masked[CASE_MASK_SIZE];
				if (!v)
					continue;
				f[i].mask(v, masked);
				cJSON_ReplaceItemInObjectCaseSensitive(c, f[i].name, cJSON_CreateString(masked));
			}
		} else if (cJSON_IsObject(c) || cJSON_IsArray(c)) {
			idem_mask(c);
		}
	}
}

/* The reply as it is kept: {"case": id} for a case, else the reply with
 * applicants masked (malloc'd). */
static char *idem_kept_reply(const struct req *r, bool case_reply)
{
	/* Most answers (a ticket, a window) hold nobody's data: kept as they
	 * are, without parsing them again on every POST. */
	if (!case_reply && (!r->reply || !strstr(r->reply, "\"applicant\"")))
		return xstrdup(r->reply ? r->reply : "");
	cJSON *j = cJSON_Parse(r->reply);
	char *text;
	if (!j)
		return xstrdup(r->reply ? r->reply : "");
	if (case_reply) {
		cJSON *kept = cJSON_CreateObject();
		cJSON_AddNumberToObject(kept, "case", cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(j, "id")));
		text = cJSON_PrintUnformatted(kept);
		cJSON_Delete(kept);
	} else {
		idem_mask(j);
		text = cJSON_PrintUnformatted(j);
	}
	cJSON_Delete(j);
	if (!text)
		xalloc_die(0);
	return text;
}

/* Returns 1 (reply set from the store, or a 422 for a reused key) or 0. */
int idem_lookup(struct req *r, bool case_reply)
{
	struct srv *s = r->srv;
	char hash[17];
	idem_hash(r, hash);
	db_q *st = db_prep(s, "SELECT body_hash, status, reply FROM idempotency "
				   "WHERE user = ? AND key = ? AND at >= ?", "ssI", idem_user(r), r->idem_key,
				   idem_oldest(s));
	if (db_step(st) != DB_ROW) {
		db_reset(st);
		return 0;
	}
	if (strcmp(db_col_text(st, 0), hash) != 0) {
		db_reset(st);
		srv_error(r, 422, "idempotency_key_reused", "this Idempotency-Key was used for a different request");
		return 1;
	}
	int status = db_col_int(st, 1);
	char *reply = xstrdup(db_col_text(st, 2));
	db_reset(st);
	if (case_reply) {
		cJSON *kept = cJSON_Parse(reply);
		case_reply_again(r, status, (int64_t)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(kept, "case")));
		cJSON_Delete(kept);
		free(reply);
	} else {
		r->status = status;
		free(r->reply);
		r->reply = reply;
	}
	r->replayed = r->status / 100 == 2;
	return 1;
}

void idem_store(struct req *r, bool case_reply)
{
	char hash[17];
	idem_hash(r, hash);
	char *kept = idem_kept_reply(r, case_reply);
	db_run(r->srv, "INSERT INTO idempotency(user, key, method, path, body_hash, "
	       "status, reply, at) VALUES(?,?,?,?,?,?,?,?) ON CONFLICT(user, key) DO UPDATE SET "
	       "method = excluded.method, path = excluded.path, body_hash = excluded.body_hash, "
	       "status = excluded.status, reply = excluded.reply, at = excluded.at", "sssssisI",
	       idem_user(r), r->idem_key, r->method, r->path, hash, r->status, kept, clk_now());
	free(kept);
}

int idem_forget_old(struct srv *s)
{
	int64_t before = db_int(s, "SELECT count(*) FROM idempotency", 0, "");
	if (db_run(s, "DELETE FROM idempotency WHERE at < ?", "I", idem_oldest(s)))
		return -1;
	return (int)(before - db_int(s, "SELECT count(*) FROM idempotency", 0, ""));
}
