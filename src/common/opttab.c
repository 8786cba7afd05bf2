#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <stdio.h>

#include "wicket/common/opttab.h"

static int opt_has_short(int id)
{
	return id > 0 && id < 128 && isalnum(id);
}

void opt_getopt_tables(const struct opt_spec *t, size_t n, struct option *longopts,
		       char *shortopts)
{
	size_t ns = 0;
	shortopts[ns++] = ':';
	for (size_t i = 0; i < n; i++) {
		longopts[i] = (struct option){ t[i].name, t[i].arg ? required_argument : no_argument,
					       NULL, t[i].id };
		if (opt_has_short(t[i].id)) {
			shortopts[ns++] = (char)t[i].id;
			if (t[i].arg)
				shortopts[ns++] = ':';
		}
	}
	shortopts[ns] = '\0';
	longopts[n] = (struct option){ 0 };
}

void opt_print_help(FILE *f, const struct opt_spec *t, size_t n,
		    const char *(*translate)(const char *))
{
	for (size_t i = 0; i < n; i++) {
		char lhs[64];
		snprintf(lhs, sizeof lhs, "%c%c%c --%s%s%s", opt_has_short(t[i].id) ? '-' : ' ',
			 opt_has_short(t[i].id) ? t[i].id : ' ', opt_has_short(t[i].id) ? ',' : ' ',
			 t[i].name, t[i].arg ? " " : "", t[i].arg ? t[i].arg : "");
		fprintf(f, "  %-28s %s\n", lhs, translate ? translate(t[i].help) : t[i].help);
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
