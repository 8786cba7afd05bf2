/* opttab.h - a program's options as one table (the curl tool's way).
 *
 * A program lists its options once, with designated initialisers; the
 * getopt_long tables and the --help text are both made from that list, so
 * the two never disagree.  An entry may also say where else its setting can
 * come from (a configuration-file key, an environment variable) and where
 * it is stored (its type and its offset in the program's settings struct):
 * then one table serves the command line, the environment and the file, and
 * opt_set() checks and stores a value from any of them the same way.
 *
 * Where an option is allowed follows from the names it has: on the command
 * line when it has a long name, in the file when it has a key, from the
 * environment when it has a variable. */
#ifndef WICKET_OPTTAB_H
#define WICKET_OPTTAB_H

#include <getopt.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* What an option's value is, and what its destination holds. */
enum opt_type {
	OPT_ACTION = 0, /* no destination: the program acts on the id itself */
	OPT_BOOL,       /* bool: a flag on the command line (sets it), "yes" or "no" elsewhere */
	OPT_STRING,     /* char *, malloc'd, replaced by each new value */
	OPT_PATH,       /* the same, naming a file or a directory */
	OPT_INT,        /* int, a whole decimal number within [lo, hi] */
};

/* The words a refused value is told with, one per source (the program's
 * own, where it says more than opt_describe_refusal() would); NULL: the
 * generic one.  The command line's and the environment's are msgids. */
struct opt_refusal {
	const char *cli, *file, *env;
};

struct opt_spec {
	const char *name;     /* long name, without "--"; NULL: not on the command line */
	int id;               /* a printable character doubles as the short option */
	const char *arg;      /* the argument's name, or NULL for a flag */
	const char *help;     /* one line (a msgid where the program translates) */
	const char *key;      /* configuration-file key; NULL: not in the file */
	const char *env;      /* environment variable; NULL: not from the environment */
	enum opt_type type;
	size_t offset;        /* the destination in the settings struct (not OPT_ACTION) */
	const char *def;      /* the default, as text applied with opt_set(), or NULL */
	long lo, hi;          /* OPT_INT's range */
	bool (*valid)(const char *value);  /* a further check after the type's, or NULL */
	const struct opt_refusal *refusal; /* what a refused value is told, or NULL */
};

/* Fill longopts (room for n + 1 entries, the last one zeroed) and
 * shortopts (room for 2n + 2 bytes; it starts with ':' so that a missing
 * argument is reported as ':') from the entries that have a long name. */
void opt_getopt_tables(const struct opt_spec *t, size_t n, struct option *longopts,
		       char *shortopts);
/* Print one line per command-line option; help texts go through translate
 * when given. */
void opt_print_help(FILE *f, const struct opt_spec *t, size_t n,
		    const char *(*translate)(const char *));

/* The entry with this id (what getopt_long returned), this file key or
 * this environment variable; NULL when none has it.  Pointers into t. */
const struct opt_spec *opt_find_id(const struct opt_spec *t, size_t n, int id);
const struct opt_spec *opt_find_key(const struct opt_spec *t, size_t n, const char *key);

/* Check value against o's type, range and check, and store it at o's
 * offset in base (a string is copied, the old one freed).  value is NULL
 * only for a flag on the command line, which sets a bool.  Returns 0, or -1
 * with base untouched when the value is refused or o has no destination. */
int opt_set(const struct opt_spec *o, void *base, const char *value);
/* Move o's value from src to dst, two settings structs: a string changes
 * hands (dst's old one freed, src's slot left NULL). */
void opt_take(const struct opt_spec *o, void *dst, void *src);
/* Write "WHAT must be ..." into buf: what o's type takes ("a number from 1
 * to 20", "yes or no"), for a value opt_set() refused.  English. */
void opt_describe_refusal(const struct opt_spec *o, const char *what, char *buf, size_t len);

/* Parse s as a whole decimal number within [lo, hi] into *out.  Returns 0,
 * or -1 (out untouched) for anything else: empty, trailing text, overflow. */
int opt_parse_long(const char *s, long lo, long hi, long *out);

#endif
