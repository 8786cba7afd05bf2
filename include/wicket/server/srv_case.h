/* srv_case.h - what wicketd's case handlers (h_cases.c) share with the
 * case object they reply with (case_json.c).  Internal to the server. */
#ifndef WICKET_SRV_CASE_H
#define WICKET_SRV_CASE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "wicket/core/calendar.h"
#include "wicket/server/srv.h"

/* The suspensions of case id as calendar spans (an open one has open set),
 * in the order they were made, in *out: malloc'd, the caller frees it
 * (NULL when there is none).  Returns how many. */
size_t case_spans(struct srv *s, int64_t id, struct cal_span **out);

/* Case id as the API shows it (docs/api.md, the case object) to the caller
 * of r, in a reply about it alone when single, else in a list: the
 * applicant as mask_case_view() allows, the missing materials, the
 * suspensions and the working days left.  NULL when there is no such case.
 * The caller owns the object. */
cJSON *case_json(struct req *r, int64_t id, bool single);

#endif
