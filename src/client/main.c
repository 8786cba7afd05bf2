#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <getopt.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wicket/i18n.h"
#include "wicket/log.h"

#ifndef LOCALEDIR
#define LOCALEDIR "/usr/local/share/locale"
#endif

struct cli_opt {
	const char *name;
	int id;
	const char *arg;
	const char *help;    /* msgid, translated when printed */
};

static const struct cli_opt cli_table[] = {
	{ .name = "server", .id = 's', .arg = "URL",
	  .help = N_("wicketd to talk to (or WICKET_SERVER, or the config file)") },
	{ .name = "user", .id = 'u', .arg = "NAME", .help = N_("sign in as this user") },
	{ .name = "window", .id = 'w', .arg = "N", .help = N_("the window to work at") },
	{ .name = "password-file", .id = 'p', .arg = "FILE",
	  .help = N_("read the password from FILE (or WICKET_PASSWORD)") },
	{ .name = "demo", .id = 'D',
	  .help = N_("run on a private demo hall (starts its own wicketd)") },
	{ .name = "help", .id = 'h', .help = N_("show this help and exit") },
	{ .name = "version", .id = 'V', .help = N_("show the version and exit") },
};
#define CLI_COUNT (sizeof cli_table / sizeof cli_table[0])

static void cli_usage(FILE *f)
{
	fprintf(f, _("Usage: %s [OPTION]...\n"), "wicket");
	fprintf(f, "%s\n\n", _("The counter client for the windows of a one-stop government service hall."));
	for (size_t i = 0; i < CLI_COUNT; i++) {
		char lhs[64];
		snprintf(lhs, sizeof lhs, "-%c, --%s%s%s", cli_table[i].id, cli_table[i].name,
			 cli_table[i].arg ? " " : "", cli_table[i].arg ? cli_table[i].arg : "");
		fprintf(f, "  %-26s %s\n", lhs, _(cli_table[i].help));
	}
}

int main(int argc, char **argv)
{
	struct option longopts[CLI_COUNT + 1];
	char shortopts[2 * CLI_COUNT + 1];
	size_t ns = 0;

	setlocale(LC_ALL, "");
	bindtextdomain(PACKAGE, getenv("WICKET_LOCALEDIR") ? getenv("WICKET_LOCALEDIR") : LOCALEDIR);
	textdomain(PACKAGE);
	log_set_progname("wicket");

	for (size_t i = 0; i < CLI_COUNT; i++) {
		longopts[i] = (struct option){ cli_table[i].name,
			cli_table[i].arg ? required_argument : no_argument, NULL, cli_table[i].id };
		shortopts[ns++] = (char)cli_table[i].id;
		if (cli_table[i].arg)
			shortopts[ns++] = ':';
	}
	shortopts[ns] = '\0';
	longopts[CLI_COUNT] = (struct option){ 0 };

	int c;
	while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			cli_usage(stdout);
			return 0;
		case 'V':
			printf("wicket %s\n", PACKAGE_VERSION);
			return 0;
		case '?':
			fprintf(stderr, _("Try '%s --help'.\n"), "wicket");
			return 2;
		default:
			break;
		}
	}
	fprintf(stderr, "%s\n", _("The counter screen is not built yet; see wicketd --demo."));
	return 1;
}
