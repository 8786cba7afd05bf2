/* mask.c - the privacy rule for an applicant's ID number and phone
 * (mask.h). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "wicket/core/case.h"
#include "wicket/server/mask.h"
#include "wicket/server/srv_case.h"

/* What each view shows in full. */
static const struct mask_rule {
	bool shown;       /* an applicant object at all */
	bool id_full;     /* the ID number unmasked */
	bool phone_full;  /* the phone unmasked */
} mask_rules[] = {
	[MASK_NONE] = { .shown = false },
	[MASK_MASKED] = { .shown = true, .id_full = false, .phone_full = false },
	[MASK_DIAL] = { .shown = true, .id_full = false, .phone_full = true },
	[MASK_FULL] = { .shown = true, .id_full = true, .phone_full = true },
};

enum mask_view mask_case_view(const struct req *r, const char *service, int window, bool single)
{
	if (case_in_scope(r, service, window))
		return single ? MASK_FULL : MASK_MASKED;
	return r->auth.role == ROLE_SUPERVISOR ? MASK_MASKED : MASK_NONE;
}

void mask_add_applicant(cJSON *o, enum mask_view view, const char *name, const char *id_number,
			const char *phone)
{
	const struct mask_rule *rule = &mask_rules[view];
	if (!rule->shown) {
		cJSON_AddNullToObject(o, "applicant");
		return;
	}
	char id[CASE_MASK_SIZE], ph[CASE_MASK_SIZE];
	case_mask_id(id_number, id);
	case_mask_phone(phone, ph);
	cJSON *a = cJSON_AddObjectToObject(o, "applicant");
	cJSON_AddStringToObject(a, "name", name);
	cJSON_AddStringToObject(a, "id_number", rule->id_full ? id_number : id);
	cJSON_AddStringToObject(a, "phone", rule->phone_full ? phone : ph);
}

void mask_add_assist(cJSON *o, enum mask_view view, const char *mode, const char *by, const char *name,
		     const char *id_number, const char *phone, const char *relation)
{
	const struct mask_rule *rule = &mask_rules[view];
	if (!mode || !mode[0]) {
		cJSON_AddNullToObject(o, "assist");
		return;
	}
	cJSON *as = cJSON_AddObjectToObject(o, "assist");
	cJSON_AddStringToObject(as, "mode", mode);
	cJSON_AddStringToObject(as, "by", by ? by : "");
	if (!rule->shown || !name || !name[0]) {
		cJSON_AddNullToObject(as, "agent");
		return;
	}
	char id[CASE_MASK_SIZE], ph[CASE_MASK_SIZE];
	case_mask_id(id_number ? id_number : "", id);
	case_mask_phone(phone ? phone : "", ph);
	cJSON *ag = cJSON_AddObjectToObject(as, "agent");
	cJSON_AddStringToObject(ag, "name", name);
	cJSON_AddStringToObject(ag, "id_number", rule->id_full ? id_number : id);
	/* The agent's phone is optional: "" stays "" rather than a mask of nothing. */
	cJSON_AddStringToObject(ag, "phone", !phone || !phone[0] ? "" : rule->phone_full ? phone : ph);
	cJSON_AddStringToObject(ag, "relation", relation ? relation : "");
}
