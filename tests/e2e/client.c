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

void client_expect(struct term *t, const char *text)
{
	/* term_wait_text prints the screen when it gives up. */
	if (term_wait_text(t, text, 10000) != 0)
		fail_msg("the screen never showed \"%s\"", text);
}

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

struct term *client_sign_in(const char *url, const char *dir, const char *const args[], const char *lang,
			    const char *extra_env, int rows, int cols, const char *view)
{
	const char *pwfile = client_password_file(dir);
	assert_non_null(pwfile);
	const char *argv[5 + CLIENT_ARGS_MAX + 1] = { getenv("WICKET"), "--server", url, "--password-file",
						      pwfile };
	int n = 5;
	for (int i = 0; args[i]; i++) {
		assert_true(i < CLIENT_ARGS_MAX);
		argv[n++] = args[i];
	}
	argv[n] = NULL;
	const char *extra[] = { extra_env, NULL };
	struct term *t = term_spawn(argv, client_env(dir, lang, NULL, extra), rows, cols);
	assert_non_null(t);
	assert_int_equal(term_wait_ready(t, view, 10000), 0);
	return t;
}

void client_quit(struct term *t)
{
	term_key(t, VTERM_KEY_FUNCTION(10), VTERM_MOD_NONE);
	/* At an open window F10 asks what becomes of it: 2 leaves it open. */
	int rc = term_wait_ready_or_exit(t, "picker", 10000);
	assert_int_not_equal(rc, -1);
	if (rc == 0)
		term_type(t, "2");
	assert_int_equal(term_wait_exit(t, 10000), 0);
	term_close(t);
}

void client_accept_case(struct term *t)
{
	term_type(t, "a");
	assert_int_equal(term_wait_ready(t, "picker", 10000), 0);
	term_type(t, "1");
}

void client_serve_to_accepted_case(struct term *t)
{
	term_key(t, VTERM_KEY_FUNCTION(2), VTERM_MOD_NONE);
	client_expect(t, "Called ");
	term_key(t, VTERM_KEY_FUNCTION(5), VTERM_MOD_NONE);
	client_expect(t, "Serving ");
	term_key(t, VTERM_KEY_ENTER, VTERM_MOD_NONE);
	assert_int_equal(term_wait_ready(t, "picker", 10000), 0);
	term_type(t, "3");                                /* 补领结婚证 */
	assert_int_equal(term_wait_ready(t, "case", 10000), 0);
	client_expect(t, "Required materials ticked: 0 of 3");
	for (int i = 0; i < 3; i++) {
		term_key(t, VTERM_KEY_ENTER, VTERM_MOD_NONE);
		term_key(t, VTERM_KEY_DOWN, VTERM_MOD_NONE);
	}
	client_expect(t, "Required materials ticked: 3 of 3");
	term_type(t, "i");
	assert_int_equal(term_wait_ready(t, "dialog", 10000), 0);
	term_type(t, "李四");
	term_key(t, VTERM_KEY_TAB, VTERM_MOD_NONE);
	term_type(t, "11010519491231002X");
	term_key(t, VTERM_KEY_TAB, VTERM_MOD_NONE);
	term_type(t, "13800138000");
	term_key(t, VTERM_KEY_ENTER, VTERM_MOD_NONE);
	assert_int_equal(term_wait_ready(t, "case", 10000), 0);
	/* The accept key says what it will record first. */
	term_type(t, "a");
	assert_int_equal(term_wait_ready(t, "picker", 10000), 0);
	client_expect(t, "Accept the case: every required material is here");
	term_type(t, "1");
	client_expect(t, "Accepted: case");
}
