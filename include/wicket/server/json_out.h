/* json_out.h - a cJSON tree written out, as cJSON_PrintUnformatted would.
 *
 * The same bytes, made faster: cJSON writes every number with sprintf and
 * reads it back with sscanf to check it, and a reply is mostly integers
 * (ids, times, counts).  Here an integer is written digit by digit, and
 * only a number with a fraction (or past 10^15) takes cJSON's way. */
#ifndef WICKET_SERVER_JSON_OUT_H
#define WICKET_SERVER_JSON_OUT_H

#include <cjson/cJSON.h>

/* item as compact JSON text, byte for byte what cJSON_PrintUnformatted
 * gives for it (a number that is not finite is null, as there).  Returns
 * a malloc'd string the caller frees; never NULL. */
char *json_print(const cJSON *item);

#endif
