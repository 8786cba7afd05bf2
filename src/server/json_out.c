/* json_out.c - a cJSON tree written out fast, in cJSON's own bytes.
 *
 * Every reply passes here (reply.c).  cJSON_PrintUnformatted spends most
 * of its time on numbers: sprintf("%1.15g"), then sscanf to check that the
 * text reads back as the same double, then maybe sprintf("%1.17g").  A
 * reply's numbers are nearly all integers, which cJSON writes through
 * "%1.15g" (for an integer below 10^15: its plain digits): here those are
 * written digit by digit, and anything else goes cJSON's way, so that the
 * text is the same byte for byte (tests/unit/test_json_out). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <float.h>
#include <locale.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "wicket/common/buf.h"
#include "wicket/server/json_out.h"

/* A double as cJSON writes it (print_number), when it is not an integer
 * below 10^15: 15 significant digits when they read back (near enough,
 * as cJSON judges), else 17. */
static void json_number_slow(struct buf *b, double d)
{
	char text[32];
	double got = 0;
	snprintf(text, sizeof text, "%1.15g", d);
	/* cJSON's compare_double: equal to within the larger's epsilon. */
	if (sscanf(text, "%lg", &got) != 1 || fabs(got - d) > fmax(fabs(got), fabs(d)) * DBL_EPSILON)
		snprintf(text, sizeof text, "%1.17g", d);
	/* and its decimal point, whatever the locale's */
	char point = localeconv()->decimal_point[0];
	for (char *p = text; *p; p++)
		if (*p == point)
			*p = '.';
	buf_adds(b, text);
}

static void json_number(struct buf *b, double d)
{
	if (isnan(d) || isinf(d)) {
		buf_adds(b, "null");
		return;
	}
	if (d != floor(d) || fabs(d) >= 1e15 || (d == 0 && signbit(d))) {   /* -0 too */
		json_number_slow(b, d);
		return;
	}
	/* An integer: its digits, backwards into a small buffer. */
	char text[24], *p = text + sizeof text;
	int64_t v = (int64_t)d;
	uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		*--p = '-';
	buf_add(b, p, (size_t)(text + sizeof text - p));
}

/* A string as cJSON writes it (print_string_ptr): quoted, with " and \
 * and the control characters escaped, every other byte as it is. */
static void json_string(struct buf *b, const char *s)
{
	buf_addc(b, '"');
	if (s) {
		const char *run = s;
		for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
			if (*p >= 32 && *p != '"' && *p != '\\')
				continue;
			buf_add(b, run, (size_t)((const char *)p - run));
			run = (const char *)p + 1;
			switch (*p) {
			case '"': buf_adds(b, "\\\""); break;
			case '\\': buf_adds(b, "\\\\"); break;
			case '\b': buf_adds(b, "\\b"); break;
			case '\f': buf_adds(b, "\\f"); break;
			case '\n': buf_adds(b, "\\n"); break;
			case '\r': buf_adds(b, "\\r"); break;
			case '\t': buf_adds(b, "\\t"); break;
			default: buf_printf(b, "\\u%04x", *p); break;
			}
		}
		buf_adds(b, run);
	}
	buf_addc(b, '"');
}

static void json_item(struct buf *b, const cJSON *item)
{
	switch (item->type & 0xff) {
	case cJSON_False: buf_adds(b, "false"); return;
	case cJSON_True: buf_adds(b, "true"); return;
	case cJSON_Number: json_number(b, item->valuedouble); return;
	case cJSON_String: json_string(b, item->valuestring); return;
	case cJSON_Raw: buf_adds(b, item->valuestring ? item->valuestring : "null"); return;
	case cJSON_Array:
	case cJSON_Object: {
		bool object = (item->type & 0xff) == cJSON_Object;
		buf_addc(b, object ? '{' : '[');
		for (const cJSON *c = item->child; c; c = c->next) {
			if (c != item->child)
				buf_addc(b, ',');
			if (object) {
				json_string(b, c->string);
				buf_addc(b, ':');
			}
			json_item(b, c);
		}
		buf_addc(b, object ? '}' : ']');
		return;
	}
	default: buf_adds(b, "null"); return;     /* cJSON_NULL, or not set */
	}
}

char *json_print(const cJSON *item)
{
	struct buf b = BUF_INIT;
	buf_reserve(&b, 256);
	if (item)
		json_item(&b, item);
	else
		buf_adds(&b, "null");
	return buf_steal(&b);
}
