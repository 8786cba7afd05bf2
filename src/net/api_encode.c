/* api_encode.c - our request bodies (api.h): the JSON of docs/api.md from
 * the values the client has. */
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
#include "wicket/model/model_sup.h"
#include "wicket/common/xalloc.h"

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

char *api_encode_login(const char *user, const char *password, int window, const char *drill,
		       const char *hall)
{
	cJSON *o = cJSON_CreateObject();
	api_add_str(o, "user", user);
	api_add_str(o, "password", password);
	if (window > 0)
		api_add_whole(o, "window", window);
	api_add_str(o, "drill", drill);
	api_add_str(o, "hall", hall);
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
	return api_encode_transfer_to(window, service, NULL, false);
}

char *api_encode_transfer_to(int window, const char *service, const char *reason, bool confirm)
{
	cJSON *o = cJSON_CreateObject();
	if (window > 0)
		api_add_whole(o, "window", window);
	else
		api_add_str(o, "service", service);
	if (reason && reason[0])
		api_add_str(o, "reason", reason);
	if (confirm)
		cJSON_AddBoolToObject(o, "confirm", true);
	return api_print(o);
}

/* The applicant object {name, id_number, phone} into o. */
static void api_add_applicant(cJSON *o, const char *name, const char *id_number, const char *phone)
{
	cJSON *a = cJSON_AddObjectToObject(o, "applicant");
	api_add_str(a, "name", name);
	api_add_str(a, "id_number", id_number);
	api_add_str(a, "phone", phone);
}

char *api_encode_case(int64_t ticket, const char *matter, const char *name,
		      const char *id_number, const char *phone,
		      const int *received, size_t nreceived)
{
	cJSON *o = cJSON_CreateObject();
	api_add_whole(o, "ticket", ticket);
	api_add_str(o, "matter", matter);
	api_add_applicant(o, name, id_number, phone);
	api_add_ids(o, "received", received, nreceived);
	return api_print(o);
}

char *api_encode_booking(const char *service, const char *at, const char *channel, const char *name,
			 const char *id_number, const char *phone)
{
	cJSON *o = cJSON_CreateObject();
	api_add_str(o, "service", service);
	api_add_str(o, "at", at);
	api_add_str(o, "channel", channel);
	api_add_applicant(o, name, id_number, phone);
	return api_print(o);
}

char *api_encode_home_visit(const char *matter, const char *group, const char *name, const char *id_number,
			    const char *phone, const char *address, const char *at, const char *clerk)
{
	cJSON *o = cJSON_CreateObject();
	api_add_str(o, "matter", matter);
	api_add_str(o, "group", group);
	api_add_applicant(o, name, id_number, phone);
	api_add_str(o, "address", address);
	api_add_str(o, "at", at);
	api_add_str(o, "clerk", clerk);
	return api_print(o);
}

/* s, or NULL when it is empty: a field left blank is not sent. */
static const char *api_or_null(const char *s)
{
	return s && *s ? s : NULL;
}

char *api_encode_enquiry(const struct api_enquiry *e)
{
	cJSON *o = cJSON_CreateObject();
	api_add_str(o, "asked", e->asked);
	api_add_str(o, "matter", api_or_null(e->matter));
	api_add_str(o, "action", e->action);
	if (api_or_null(e->name) || api_or_null(e->phone)) {
		cJSON *a = cJSON_AddObjectToObject(o, "applicant");
		api_add_str(a, "name", api_or_null(e->name));
		api_add_str(a, "phone", api_or_null(e->phone));
	}
	if (api_or_null(e->service))
		api_add_str(cJSON_AddObjectToObject(o, "ticket"), "service", e->service);
	if (e->window > 0 || api_or_null(e->dept)) {
		cJSON *t = cJSON_AddObjectToObject(o, "transfer");
		if (e->window > 0)
			cJSON_AddItemToObject(t, "window", api_whole_item(e->window));
		api_add_str(t, "dept", api_or_null(e->dept));
	}
	return api_print(o);
}

char *api_encode_enquiry_close(const char *how)
{
	cJSON *o = cJSON_CreateObject();
	api_add_str(o, "how", how);
	return api_print(o);
}

char *api_encode_clerk(const char *clerk)
{
	cJSON *o = cJSON_CreateObject();
	api_add_str(o, "clerk", clerk);
	return api_print(o);
}

char *api_encode_extra_session(const char *date, const char *hours, const int *windows, size_t n)
{
	cJSON *o = cJSON_CreateObject();
	api_add_str(o, "date", date);
	api_add_str(o, "hours", hours);
	api_add_ids(o, "windows", windows, n);
	return api_print(o);
}

char *api_encode_materials(const int *received, size_t nreceived)
{
	cJSON *o = cJSON_CreateObject();
	api_add_ids(o, "received", received, nreceived);
	return api_print(o);
}

char *api_encode_materials_on(const int *received, size_t nreceived, int64_t ticket)
{
	cJSON *o = cJSON_CreateObject();
	api_add_ids(o, "received", received, nreceived);
	if (ticket > 0)
		api_add_whole(o, "ticket", ticket);
	return api_print(o);
}

char *api_encode_deferred(char *body, const int *deferred, size_t n)
{
	cJSON *o = body ? cJSON_Parse(body) : NULL;
	free(body);
	if (!cJSON_IsObject(o)) {
		cJSON_Delete(o);
		return NULL;
	}
	api_add_ids(o, "deferred", deferred, n);
	cJSON_AddTrueToObject(o, "promise");
	return api_print(o);
}

char *api_encode_assist(char *body, const char *mode, const char *name, const char *id_number,
			const char *relation, const char *phone)
{
	cJSON *o = body ? cJSON_Parse(body) : NULL;
	free(body);
	if (!cJSON_IsObject(o)) {
		cJSON_Delete(o);
		return NULL;
	}
	cJSON *as = cJSON_AddObjectToObject(o, "assist");
	api_add_str(as, "mode", mode);
	if (strcmp(mode, "proxy") == 0) {
		cJSON *ag = cJSON_AddObjectToObject(as, "agent");
		api_add_str(ag, "name", name);
		api_add_str(ag, "id_number", id_number);
		api_add_str(ag, "relation", relation);
		api_add_str(ag, "phone", phone);
	}
	return api_print(o);
}

char *api_encode_step(int64_t ticket, const char *key, const char *text)
{
	cJSON *o = cJSON_CreateObject();
	if (ticket > 0)
		api_add_whole(o, "ticket", ticket);
	if (key)
		api_add_str(o, key, text);
	return api_print(o);
}

char *api_encode_rating(int level)
{
	cJSON *o = cJSON_CreateObject();
	api_add_whole(o, "level", level);
	return api_print(o);
}

char *api_encode_eval_rating(int64_t ticket, int level, const char *reason, const char *comment)
{
	cJSON *o = cJSON_CreateObject();
	api_add_whole(o, "ticket", ticket);
	api_add_whole(o, "level", level);
	api_add_str(o, "reason", reason);
	if (comment && *comment)
		api_add_str(o, "comment", comment);
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

char *api_encode_absence(const char *user, const char *reason, const char *from, const char *to,
			 const char *note)
{
	cJSON *o = cJSON_CreateObject();
	if (user)
		api_add_str(o, "user", user);
	api_add_str(o, "reason", reason);
	api_add_str(o, "from", from);
	api_add_str(o, "to", to);
	api_add_str(o, "note", note);
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
