#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "wicket/client/app.h"
#include "wicket/client/options.h"
#include "wicket/common/i18n.h"
#include "wicket/common/log.h"
#include "wicket/ui/ui.h"
#include "wicket/common/xalloc.h"

#ifndef LOCALEDIR
#define LOCALEDIR "/usr/local/share/locale"
#endif

/* --demo: a private wicketd in place of the server named, signed in as
 * clerk1 at window 1 unless another user is named (a supervisor or a
 * trainer works at no window). */
static void cli_demo(struct app_options *o, const char *argv0)
{
	struct app_config *cfg = &o->cfg;
	char err[512];
	char *url = demo_start(argv0, o->wicketd, err, sizeof err);
	if (!url)
		fatal("%s", err);
	free(cfg->server);
	cfg->server = url;
	if (!cfg->user && cfg->display) {
		cfg->user = xstrdup("display");
	} else if (!cfg->user) {
		cfg->user = xstrdup("clerk1");
		if (!cfg->window)
			cfg->window = 1;
	}
	if (!cfg->password)
		cfg->password = xstrdup("demo");
}

static void cli_on_exit(void)
{
	demo_stop();
}

int main(int argc, char **argv)
{
	struct app_options opts = { 0 };
	setlocale(LC_ALL, "");
	const char *localedir = getenv("WICKET_LOCALEDIR");
	bindtextdomain(PACKAGE, localedir && *localedir ? localedir : LOCALEDIR);
	/* Our strings are UTF-8 throughout; curses converts for the terminal. */
	bind_textdomain_codeset(PACKAGE, "UTF-8");
	textdomain(PACKAGE);
	log_set_progname("wicket");

	int rc = app_options_parse(&opts, argc, argv);
	if (rc) {
		app_options_free(&opts);   /* what the options before it set */
		return rc < 0 ? 2 : 0;
	}
	signal(SIGPIPE, SIG_IGN);
	atexit(cli_on_exit);
	char err[512];
	if (app_options_settle(&opts, err, sizeof err))
		fatal("%s", err);
	if (opts.demo)
		cli_demo(&opts, argv[0]);
	else if (opts.cfg.display && !opts.cfg.user)
		opts.cfg.user = xstrdup("display");   /* the hall's call screen's account */
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
		fatal("%s", _("wicket needs a terminal"));

	struct app app;
	app_init(&app, &opts.cfg);
	display_prepare(&app);
	if (ui_start(NULL, NULL, NULL))
		fatal("%s", _("cannot start the terminal screen"));
	rc = app_run(&app);
	ui_stop();
	app_free(&app);
	app_options_free(&opts);
	return rc;
}
