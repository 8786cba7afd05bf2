/* mask.h - who sees an applicant's personal data (docs/api.md, "Personal
 * data" and the table under "Roles").  The ID number and phone are shown
 * in full only to a clerk who may handle the case (signed in to a window
 * of its service, or to the window that took it: case_in_scope), in a
 * reply about that case alone; a supervisor, and that clerk in a list, see
 * them masked
 * (case_mask_id, case_mask_phone); the kiosk sees no applicant.  The
 * follow-up calls are the one exception: the supervisor has to dial, so the
 * phone is in full there and the ID number still masked.  Every reply that
 * carries an applicant goes through mask_add_applicant(), so the rule is
 * written once.  Internal to the server. */
#ifndef WICKET_SRV_MASK_H
#define WICKET_SRV_MASK_H

#include <stdbool.h>

#include <cjson/cJSON.h>

#include "wicket/server/srv.h"

/* How much of the applicant a reply shows. */
enum mask_view {
	MASK_NONE,    /* "applicant": null */
	MASK_MASKED,  /* the name; the ID number and phone masked */
	MASK_DIAL,    /* the name and the phone; the ID number masked (follow-up calls) */
	MASK_FULL,    /* all of it */
};

/* The view of the applicant of a case of service taken at window for the
 * caller of r, in a reply about that case alone (single) or in a list.  (A
 * clerk of another service never gets the case: the handlers refuse it
 * with 403 first, and lists leave it out.) */
enum mask_view mask_case_view(const struct req *r, const char *service, int window, bool single);

/* Add the member "applicant" to o as view allows: null, or {name,
 * id_number, phone} with what view hides masked.  The strings are the
 * stored ones (not NULL: db_col_text() gives "" for NULL); they are copied. */
void mask_add_applicant(cJSON *o, enum mask_view view, const char *name, const char *id_number,
			const char *phone);

/* Add the member "assist" (帮办代办) to o: null when mode is NULL or
 * empty, else {mode, by, agent}, the agent (代办人, proxy only, else null)
 * {name, id_number, phone, relation} under the applicant's rule: null
 * where view shows no applicant, its ID number and phone masked where the
 * applicant's are.  The strings are copied; NULL or "" for none. */
void mask_add_assist(cJSON *o, enum mask_view view, const char *mode, const char *by, const char *name,
		     const char *id_number, const char *phone, const char *relation);

#endif
