#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "wicket/client/app.h"
#include "wicket/common/i18n.h"
#include "wicket/common/log.h"
#include "wicket/common/opttab.h"
#include "wicket/ui/ui.h"
#include "wicket/common/xalloc.h"

#ifndef LOCALEDIR
#define LOCALEDIR "/usr/local/share/locale"
#endif

enum {
	OPT_SERVER = 's', OPT_USER = 'u', OPT_WINDOW = 'w', OPT_PASSWORD_FILE = 'p',
	OPT_DEMO = 'D', OPT_HELP = 'h', OPT_VERSION = 'V', OPT_CONFIG = 'c',
	OPT_READY_FD = 256, OPT_WICKETD, OPT_CACERT, OPT_INSECURE_HTTP, OPT_DRILL,
};

/* One table drives getopt_long and --help. */
static const struct opt_spec cli_table[] = {
	{ .name = "server", .id = OPT_SERVER, .arg = "URL",
	  .help = N_("wicketd to talk to (or WICKET_SERVER, or the config file)") },
	{ .name = "user", .id = OPT_USER, .arg = "NAME", .help = N_("sign in as this user") },
	{ .name = "window", .id = OPT_WINDOW, .arg = "N",
	  .help = N_("the window to work at (a clerk; a supervisor or a trainer works at none)") },
	{ .name = "drill", .id = OPT_DRILL, .arg = "CODE",
	  .help = N_("sign in to the trainer's drill with this code, as a trainee (or WICKET_DRILL)") },
	{ .name = "password-file", .id = OPT_PASSWORD_FILE, .arg = "FILE",
	  .help = N_("read the password from FILE (or WICKET_PASSWORD)") },
	{ .name = "demo", .id = OPT_DEMO,
	  .help = N_("run on a private demo hall (starts its own wicketd)") },
	{ .name = "config", .id = OPT_CONFIG, .arg = "FILE",
	  .help = N_("the configuration file (default ~/.config/wicket/config)") },
	{ .name = "cacert", .id = OPT_CACERT, .arg = "FILE",
	  .help = N_("trust the CA certificates in FILE for https") },
	{ .name = "insecure-http", .id = OPT_INSECURE_HTTP,
	  .help = N_("allow the password over plain http to another machine (trusted networks only)") },
	{ .name = "wicketd", .id = OPT_WICKETD, .arg = "PATH",
	  .help = N_("the wicketd program --demo starts") },
	{ .name = "ready-fd", .id = OPT_READY_FD, .arg = "N",
	  .help = N_("after each redraw write \"ready SEQ VIEW\" to file descriptor N (for tests)") },
	{ .name = "help", .id = OPT_HELP, .help = N_("show this help and exit") },
	{ .name = "version", .id = OPT_VERSION, .help = N_("show the version and exit") },
};
#define CLI_COUNT (sizeof cli_table / sizeof cli_table[0])

struct cli {
	struct app_config cfg;
	char *config_path;
	char *password_file;
	char *wicketd;
	bool demo;
};

static const char *cli_translate(const char *msgid)
{
	return gettext(msgid);
}

static void cli_usage(FILE *f)
{
	fprintf(f, _("Usage: %s [OPTION]...\n"), "wicket");
	fprintf(f, "%s\n\n", _("The counter client for the windows of a one-stop government service hall."));
	opt_print_help(f, cli_table, CLI_COUNT, cli_translate);
	fprintf(f, "\n%s\n", _("Keys: F1 help, F2 call next, F3 recall, F4 no-show, F5 start, F6 transfer, "
			       "F7 pause/resume, F9 finish, F10 quit. See wicket(1)."));
}

static int cli_int(const char *s, long lo, long hi, int *out)
{
	long v;
	if (opt_parse_long(s, lo, hi, &v))
		return -1;
	*out = (int)v;
	return 0;
}

/* The first line of FILE, without its newline. */
/* $XDG_STATE_HOME/wicket/SUB, or ~/.local/state/wicket/SUB (malloc'd). */
static char *cli_state_dir(const char *sub)
{
	const char *state = getenv("XDG_STATE_HOME"), *home = getenv("HOME");
	return state && *state ? xasprintf("%s/wicket/%s", state, sub) :
	       xasprintf("%s/.local/state/wicket/%s", home ? home : ".", sub);
}

static char *cli_read_password(const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f)
		fatal(_("cannot read the password file %s: %s"), path, strerror(errno));
	char line[512] = "";
	if (!fgets(line, sizeof line, f))
		line[0] = '\0';
	fclose(f);
	line[strcspn(line, "\r\n")] = '\0';
	char *pw = xstrdup(line);
	memset(line, 0, sizeof line);
	return pw;
}

/* Returns -1 to exit with 2, 1 to exit with 0 (help/version), 0 to run. */
static int cli_parse(struct cli *cli, int argc, char **argv)
{
	struct option longopts[CLI_COUNT + 1];
	char shortopts[2 * CLI_COUNT + 2];
	opt_getopt_tables(cli_table, CLI_COUNT, longopts, shortopts);
	int c;
	while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		switch (c) {
		case OPT_HELP: cli_usage(stdout); return 1;
		case OPT_VERSION: printf("wicket %s\n", PACKAGE_VERSION); return 1;
		case OPT_SERVER: free(cli->cfg.server); cli->cfg.server = xstrdup(optarg); break;
		case OPT_USER: free(cli->cfg.user); cli->cfg.user = xstrdup(optarg); break;
		case OPT_PASSWORD_FILE: cli->password_file = optarg; break;
		case OPT_DEMO: cli->demo = true; break;
		case OPT_CONFIG: cli->config_path = optarg; break;
		case OPT_WICKETD: cli->wicketd = optarg; break;
		case OPT_CACERT: free(cli->cfg.cacert); cli->cfg.cacert = xstrdup(optarg); break;
		case OPT_INSECURE_HTTP: cli->cfg.insecure_http = true; break;
		case OPT_DRILL:
			if (!app_drill_code_ok(optarg)) {
				fprintf(stderr, _("wicket: --drill takes the code the trainer gives, "
						  "letters and digits (e.g. K7Q2)\n"));
				return -1;
			}
			free(cli->cfg.drill);
			cli->cfg.drill = xstrdup(optarg);
			break;
		case OPT_WINDOW:
			if (cli_int(optarg, 1, 9999, &cli->cfg.window)) {
				fprintf(stderr, _("wicket: --window takes a number from 1 to 9999\n"));
				return -1;
			}
			break;
		case OPT_READY_FD:
			if (cli_int(optarg, 0, 1 << 20, &cli->cfg.ready_fd) ||
			    fcntl(cli->cfg.ready_fd, F_GETFD) < 0) {
				fprintf(stderr, _("wicket: --ready-fd needs an open file descriptor\n"));
				return -1;
			}
			break;
		default:
			fprintf(stderr, c == ':' ? _("wicket: option '%s' needs a value\n") :
					_("wicket: unknown option '%s'\n"), argv[optind - 1]);
			fprintf(stderr, _("Try '%s --help'.\n"), "wicket");
			return -1;
		}
	}
	if (optind < argc) {
		fprintf(stderr, _("wicket: unexpected argument '%s'\n"), argv[optind]);
		return -1;
	}
	return 0;
}

/* Settings from the file first, then the environment and the command line
 * on top (the command line was parsed into cli->cfg before: keep it). */
static void cli_settle(struct cli *cli, int argc, char **argv)
{
	struct app_config *cfg = &cli->cfg;
	char err[512];
	char *path = cli->config_path ? xstrdup(cli->config_path) : app_config_default_path();
	struct app_config file = { .ready_fd = -1 };
	if (app_config_load(&file, path, err, sizeof err))
		fatal("%s", err);
	free(path);
	const char *env_server = getenv("WICKET_SERVER");
	if (!cfg->server)
		cfg->server = xstrdup(env_server && *env_server ? env_server :
				      file.server ? file.server : "http://127.0.0.1:8470");
	if (!cfg->user && file.user)
		cfg->user = xstrdup(file.user);
	if (!cfg->window)
		cfg->window = file.window;
	/* A drill is a session apart: only asked for, never the default of a
	 * machine's file unless it says so. */
	const char *env_drill = getenv("WICKET_DRILL");
	if (!cfg->drill && env_drill && *env_drill) {
		if (!app_drill_code_ok(env_drill))
			fatal(_("WICKET_DRILL is not a drill code (letters and digits, e.g. K7Q2)"));
		cfg->drill = xstrdup(env_drill);
	}
	if (!cfg->drill && file.drill)
		cfg->drill = xstrdup(file.drill);
	if (!cfg->cacert && file.cacert)
		cfg->cacert = xstrdup(file.cacert);
	/* Better said now than as a TLS failure at every request. */
	if (cfg->cacert && access(cfg->cacert, R_OK) != 0)
		fatal(_("cannot read the CA certificate file %s: %s"), cfg->cacert, strerror(errno));
	cfg->insecure_http = cfg->insecure_http || file.insecure_http;
	cfg->recall_limit = file.recall_limit;
	cfg->km = file.km;
	file.km = NULL;
	cfg->notice_dir = file.notice_dir ? xstrdup(file.notice_dir) : cli_state_dir("notices");
	cfg->journal_dir = file.journal_dir ? xstrdup(file.journal_dir) : cli_state_dir("journal");
	cfg->report_dir = file.report_dir ? xstrdup(file.report_dir) : cli_state_dir("reports");
	app_config_free(&file);
	const char *env_pw = getenv("WICKET_PASSWORD");
	if (cli->password_file)
		cfg->password = cli_read_password(cli->password_file);
	else if (env_pw && *env_pw)
		cfg->password = xstrdup(env_pw);
	if (cli->demo) {
		char *url = demo_start(argv[0], cli->wicketd, err, sizeof err);
		if (!url)
			fatal("%s", err);
		free(cfg->server);
		cfg->server = url;
		/* clerk1 at window 1 unless another user is named (a
		 * supervisor or a trainer works at no window). */
		if (!cfg->user) {
			cfg->user = xstrdup("clerk1");
			if (!cfg->window)
				cfg->window = 1;
		}
		if (!cfg->password)
			cfg->password = xstrdup("demo");
	}
	(void)argc;
}

static void cli_on_exit(void)
{
	demo_stop();
}

int main(int argc, char **argv)
{
	struct cli cli = { .cfg = { .ready_fd = -1 } };
	setlocale(LC_ALL, "");
	const char *localedir = getenv("WICKET_LOCALEDIR");
	bindtextdomain(PACKAGE, localedir && *localedir ? localedir : LOCALEDIR);
	/* Our strings are UTF-8 throughout; curses converts for the terminal. */
	bind_textdomain_codeset(PACKAGE, "UTF-8");
	textdomain(PACKAGE);
	log_set_progname("wicket");

	int rc = cli_parse(&cli, argc, argv);
	if (rc) {
		app_config_free(&cli.cfg);   /* what the options before it set */
		return rc < 0 ? 2 : 0;
	}
	signal(SIGPIPE, SIG_IGN);
	atexit(cli_on_exit);
	cli_settle(&cli, argc, argv);
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
		fatal("%s", _("wicket needs a terminal"));

	struct app app;
	app_init(&app, &cli.cfg);
	if (ui_start(NULL, NULL, NULL))
		fatal("%s", _("cannot start the terminal screen"));
	rc = app_run(&app);
	ui_stop();
	app_free(&app);
	app_config_free(&cli.cfg);
	return rc;
}
