/* options.h - wicket's settings: one table for the command line, the
 * environment and the configuration file (wicket.conf(5)).
 *
 * Every setting is an entry of the table in src/client/options.c: its long
 * and short option, its file key, its environment variable, its type, where
 * it goes in struct app_config, its help line and its check.  --help is
 * printed from it, the file's settings (all but the "bind" lines, which are
 * the keymap's) are looked up in it, and tests/cli compares it with the man
 * pages.  The layers, each over the one before: the defaults, the file, the
 * environment, the command line. */
#ifndef WICKET_CLIENT_OPTIONS_H
#define WICKET_CLIENT_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "wicket/client/app.h"
#include "wicket/common/opttab.h"

struct app_options {
	struct app_config cfg;    /* the settings, once app_options_settle() ran */
	struct app_config given;  /* what the command line set, applied last */
	uint64_t given_mask;      /* which entries it set: bit i for the table's entry i */
	const char *config_path;  /* --config (in argv), or NULL for the default */
	const char *password_file;/* --password-file (in argv), or NULL */
	const char *wicketd;      /* --wicketd (in argv), or NULL */
	bool demo;                /* --demo */
};

/* Parse argv into o (zeroed by the caller) and check every value now.
 * Prints --help or --version to stdout, or what is wrong to stderr.
 * Returns 0 to go on, 1 when done (help or version: exit 0), -1 for a bad
 * command line (exit 2). */
int app_options_parse(struct app_options *o, int argc, char **argv);
/* Settle o->cfg: the defaults, the configuration file (--config or the
 * default path), the environment, the command line; then the default
 * directories, the CA file's check and the password file.  Returns 0, or
 * -1 with a message for the user in err. */
int app_options_settle(struct app_options *o, char *err, size_t errlen);
/* Release what o owns (both configurations). */
void app_options_free(struct app_options *o);
/* Print the usage text, generated from the table. */
void app_options_usage(FILE *f);

/* One "key value" setting of the configuration file into cfg (not "bind").
 * Returns 0, or -1 with the reason (without the file and line) in msg. */
int app_options_file_setting(struct app_config *cfg, const char *key, const char *value,
			     char *msg, size_t len);
/* The table itself, *n entries (static; for the tests). */
const struct opt_spec *app_options_table(size_t *n);

#endif
