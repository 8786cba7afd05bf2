#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "wicket/common/opttab.h"
#include "wicket/common/xalloc.h"

static int opt_has_short(int id)
{
	return id > 0 && id < 128 && isalnum(id);
}

void opt_getopt_tables(const struct opt_spec *t, size_t n, struct option *longopts,
		       char *shortopts)
{
	size_t ns = 0, nl = 0;
	shortopts[ns++] = ':';
	for (size_t i = 0; i < n; i++) {
		if (!t[i].name)
			continue;   /* the file's or the environment's only */
		longopts[nl++] = (struct option){ t[i].name, t[i].arg ? required_argument : no_argument,
						  NULL, t[i].id };
		if (opt_has_short(t[i].id)) {
			shortopts[ns++] = (char)t[i].id;
			if (t[i].arg)
				shortopts[ns++] = ':';
		}
	}
	shortopts[ns] = '\0';
	longopts[nl] = (struct option){ 0 };
}

void opt_print_help(FILE *f, const struct opt_spec *t, size_t n,
		    const char *(*translate)(const char *))
{
	for (size_t i = 0; i < n; i++) {
		if (!t[i].name)
			continue;
		char lhs[64];
		snprintf(lhs, sizeof lhs, "%c%c%c --%s%s%s", opt_has_short(t[i].id) ? '-' : ' ',
			 opt_has_short(t[i].id) ? t[i].id : ' ', opt_has_short(t[i].id) ? ',' : ' ',
			 t[i].name, t[i].arg ? " " : "", t[i].arg ? t[i].arg : "");
		fprintf(f, "  %-28s %s\n", lhs, translate ? translate(t[i].help) : t[i].help);
	}
}

const struct opt_spec *opt_find_id(const struct opt_spec *t, size_t n, int id)
{
	for (size_t i = 0; i < n; i++)
		if (t[i].name && t[i].id == id)
			return &t[i];
	return NULL;
}

const struct opt_spec *opt_find_key(const struct opt_spec *t, size_t n, const char *key)
{
	for (size_t i = 0; i < n; i++)
		if (t[i].key && strcmp(t[i].key, key) == 0)
			return &t[i];
	return NULL;
}

/* The destination of o in base, typed by the caller. */
static void *opt_slot(const struct opt_spec *o, void *base)
{
	return (char *)base + o->offset;
}

int opt_set(const struct opt_spec *o, void *base, const char *value)
{
	long v;
	switch (o->type) {
	case OPT_BOOL:
		if (value && strcmp(value, "yes") != 0 && strcmp(value, "no") != 0)
			return -1;
		*(bool *)opt_slot(o, base) = !value || strcmp(value, "yes") == 0;
		return 0;
	case OPT_STRING:
	case OPT_PATH: {
		if (!value || (o->valid && !o->valid(value)))
			return -1;
		char **slot = opt_slot(o, base);
		free(*slot);
		*slot = xstrdup(value);
		return 0;
	}
	case OPT_INT:
		if (!value || opt_parse_long(value, o->lo, o->hi, &v) || (o->valid && !o->valid(value)))
			return -1;
		*(int *)opt_slot(o, base) = (int)v;
		return 0;
	case OPT_ACTION:
		break;
	}
	return -1;
}

void opt_take(const struct opt_spec *o, void *dst, void *src)
{
	switch (o->type) {
	case OPT_BOOL:
		*(bool *)opt_slot(o, dst) = *(bool *)opt_slot(o, src);
		break;
	case OPT_STRING:
	case OPT_PATH: {
		char **to = opt_slot(o, dst), **from = opt_slot(o, src);
		free(*to);
		*to = *from;
		*from = NULL;
		break;
	}
	case OPT_INT:
		*(int *)opt_slot(o, dst) = *(int *)opt_slot(o, src);
		break;
	case OPT_ACTION:
		break;
	}
}

void opt_describe_refusal(const struct opt_spec *o, const char *what, char *buf, size_t len)
{
	switch (o->type) {
	case OPT_INT:
		snprintf(buf, len, "%s must be a number from %ld to %ld", what, o->lo, o->hi);
		return;
	case OPT_BOOL:
		snprintf(buf, len, "%s must be yes or no", what);
		return;
	default:
		snprintf(buf, len, "%s is not a valid value", what);
		return;
	}
}

int opt_parse_long(const char *s, long lo, long hi, long *out)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}
