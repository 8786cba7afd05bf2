/* case_assist.c - 帮办代办 (issue #18): a case whose applicant was helped
 * through it (帮办, "help") or for whom an agent handled it (代办, "proxy").
 * The agent's ID number and phone are personal data like the applicant's:
 * never in a message or the log, masked in replies as mask.h rules; a
 * proxy case also requires the authorization letter (授权委托书), checked
 * with the guide's materials (h_cases.c). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include "wicket/server/srv.h"
#include "wicket/server/srv_case.h"

#define ASSIST_NAME_MAX 50
#define ASSIST_RELATION_MAX 20

/* A 422 agent_required naming what is missing. */
static int assist_agent_required(struct req *r, const char *what)
{
	srv_error(r, 422, "agent_required", "a case handled by an agent (代办) needs the agent's %s", what);
	return -1;
}

/* Read the agent object of a proxy case into *as. */
static int assist_read_agent(struct req *r, const cJSON *ag, struct case_assist *as, const char *applicant_id)
{
	const char *id = NULL, *phone = NULL;
	if (!ag || cJSON_IsNull(ag))
		return assist_agent_required(r, "name, ID number and relation");
	if (!cJSON_IsObject(ag)) {
		srv_error(r, 400, "invalid_field", "the field 'assist.agent' must be an object "
			  "{name, id_number, relation, phone}");
		return -1;
	}
	if (req_obj_str(r, ag, "assist.agent.", "name", false, &as->agent_name) < 0 ||
	    req_obj_str(r, ag, "assist.agent.", "id_number", false, &id) < 0 ||
	    req_obj_str(r, ag, "assist.agent.", "relation", false, &as->agent_relation) < 0 ||
	    req_obj_str(r, ag, "assist.agent.", "phone", false, &phone) < 0)
		return -1;
	if (!as->agent_name || !as->agent_name[0])
		return assist_agent_required(r, "name");
	if (!id || !id[0])
		return assist_agent_required(r, "ID number");
	if (!as->agent_relation || !as->agent_relation[0])
		return assist_agent_required(r, "relation to the applicant");
	if (!req_text_ok(r, "assist.agent.name", as->agent_name, 1, ASSIST_NAME_MAX) ||
	    !req_text_ok(r, "assist.agent.relation", as->agent_relation, 1, ASSIST_RELATION_MAX))
		return -1;
	if (!case_id_number_check(id, as->agent_id)) {
		srv_error(r, 422, "invalid_agent_id_number", "the agent's ID number is not a valid resident ID number");
		return -1;
	}
	if (strcmp(as->agent_id, applicant_id) == 0) {
		srv_error(r, 422, "agent_is_applicant", "the agent of a case handled for the applicant is "
			  "someone else than the applicant");
		return -1;
	}
	if (phone && phone[0] && !case_phone_check(phone, as->agent_phone)) {
		srv_error(r, 422, "invalid_agent_phone", "the agent's phone is neither a mobile nor a landline number");
		return -1;
	}
	return 0;
}

int case_req_assist(struct req *r, struct case_assist *as, const char *applicant_id)
{
	const cJSON *a = cJSON_GetObjectItemCaseSensitive(r->json, "assist");
	memset(as, 0, sizeof *as);
	if (!a || cJSON_IsNull(a))
		return 0;
	if (!cJSON_IsObject(a)) {
		srv_error(r, 400, "invalid_field", "the field 'assist' must be an object {mode, agent}");
		return -1;
	}
	const char *mode;
	if (req_obj_str(r, a, "assist.", "mode", true, &mode) < 0)
		return -1;
	const cJSON *ag = cJSON_GetObjectItemCaseSensitive(a, "agent");
	if (strcmp(mode, "help") == 0) {
		if (ag && !cJSON_IsNull(ag)) {
			srv_error(r, 400, "invalid_field", "a case helped through (帮办) has no agent: "
				  "'assist.agent' is for mode 'proxy'");
			return -1;
		}
		as->mode = "help";
		return 0;
	}
	if (strcmp(mode, "proxy") != 0) {
		srv_error(r, 400, "invalid_field", "the field 'assist.mode' must be 'help' or 'proxy'");
		return -1;
	}
	as->mode = "proxy";
	return assist_read_agent(r, ag, as, applicant_id);
}

void case_store_assist(struct req *r, int64_t id, const struct case_assist *as)
{
	if (!as->mode)
		return;
	bool proxy = strcmp(as->mode, "proxy") == 0;
	db_run(r->srv, "UPDATE cases SET assist = ?, assist_by = ?, agent_name = ?, agent_id = ?, "
	       "agent_phone = ?, agent_relation = ? WHERE id = ?", "ssssssI", as->mode, r->auth.user,
	       proxy ? as->agent_name : NULL, proxy ? as->agent_id : NULL,
	       proxy && as->agent_phone[0] ? as->agent_phone : NULL, proxy ? as->agent_relation : NULL, id);
}

bool case_is_proxy(struct srv *s, int64_t id)
{
	return db_int(s, "SELECT count(*) FROM cases WHERE id = ? AND assist = 'proxy'", 0, "I", id) > 0;
}

void case_add_authorization(cJSON *arr, const char *ids_json)
{
	if (ids_json) {
		cJSON *ids = cJSON_Parse(ids_json), *it;
		bool named = false;
		cJSON_ArrayForEach(it, ids)
			named = named || (cJSON_IsNumber(it) && it->valueint == CASE_MATERIAL_AUTHORIZATION);
		cJSON_Delete(ids);
		if (!named)
			return;
	}
	cJSON *m = cJSON_CreateObject();
	cJSON_AddNumberToObject(m, "id", CASE_MATERIAL_AUTHORIZATION);
	cJSON_AddStringToObject(m, "name", "授权委托书");
	cJSON_AddStringToObject(m, "form", "original");
	cJSON_AddNumberToObject(m, "copies", 1);
	cJSON_AddTrueToObject(m, "required");
	cJSON_AddStringToObject(m, "note", "代办：申请人签名的授权委托书，写明代办人与委托事项");
	cJSON_AddNullToObject(m, "deferrable_days");
	cJSON_AddItemToArray(arr, m);
}
