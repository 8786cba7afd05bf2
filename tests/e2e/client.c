/* client.c - the real wicket's environment in the terminal tests.  See client.h. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "client.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <cmocka.h>

#include "term.h"

const char *const *client_env(const char *dir, const char *lang, const char *password,
			      const char *const extra[])
{
	static char home[512], state[512], config[512], lang_var[64], lc_all[64], pw[256];
	static const char *env[6 + CLIENT_ENV_EXTRA_MAX + 1];
	int n = 0;

	snprintf(home, sizeof home, "HOME=%s", dir);
	snprintf(state, sizeof state, "XDG_STATE_HOME=%s/state", dir);
	snprintf(config, sizeof config, "XDG_CONFIG_HOME=%s/config", dir);
	snprintf(lang_var, sizeof lang_var, "LANG=%s", lang);
	snprintf(lc_all, sizeof lc_all, "LC_ALL=%s", lang);
	env[n++] = home;
	env[n++] = state;
	env[n++] = config;
	env[n++] = lang_var;
	env[n++] = lc_all;
	if (password) {
		snprintf(pw, sizeof pw, "WICKET_PASSWORD=%s", password);
		env[n++] = pw;
	} else {
		env[n++] = "WICKET_PASSWORD";
	}
	for (int i = 0; extra && extra[i] && i < CLIENT_ENV_EXTRA_MAX; i++)
		env[n++] = extra[i];
	env[n] = NULL;
	return env;
}

const char *client_password_file(const char *dir)
{
	static char path[512];
	FILE *f;

	snprintf(path, sizeof path, "%s/password", dir);
	f = fopen(path, "w");
	if (!f)
		return NULL;
	fputs("demo\n", f);
	return fclose(f) == 0 ? path : NULL;
}

void client_expect(struct term *t, const char *text)
{
	if (term_wait_text(t, text, 10000) == 0)
		return;
	char *screen = term_screen_text(t);
	fprintf(stderr, "# the screen never showed \"%s\"; it shows:\n%s\n", text, screen);
	free(screen);
	fail_msg("the screen never showed \"%s\"", text);
}
