/* opttab.h - command-line options as a table (the curl tool's way).
 *
 * A program lists its options once, with designated initialisers; the
 * getopt_long tables and the --help text are both made from that list, so
 * the two never disagree. */
#ifndef WICKET_OPTTAB_H
#define WICKET_OPTTAB_H

#include <getopt.h>
#include <stddef.h>
#include <stdio.h>

struct opt_spec {
	const char *name;     /* long name, without "--" */
	int id;               /* a printable character doubles as the short option */
	const char *arg;      /* the argument's name, or NULL for a flag */
	const char *help;     /* one line (a msgid where the program translates) */
};

/* Fill longopts (room for n + 1 entries, the last one zeroed) and
 * shortopts (room for 2n + 2 bytes; it starts with ':' so that a missing
 * argument is reported as ':'). */
void opt_getopt_tables(const struct opt_spec *t, size_t n, struct option *longopts,
		       char *shortopts);
/* Print one line per option; help texts go through translate when given. */
void opt_print_help(FILE *f, const struct opt_spec *t, size_t n,
		    const char *(*translate)(const char *));

/* Parse s as a whole decimal number within [lo, hi] into *out.  Returns 0,
 * or -1 (out untouched) for anything else: empty, trailing text, overflow. */
int opt_parse_long(const char *s, long lo, long hi, long *out);

#endif
