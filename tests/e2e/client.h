/* client.h - how the terminal tests start the real wicket.
 *
 * The client reads its configuration, writes its notices and takes its
 * password from the environment and files; these helpers keep all of that in
 * a test's own temporary directory, so that a test never reads the
 * developer's ~/.config/wicket or writes into their home. */
#ifndef WICKET_TEST_CLIENT_H
#define WICKET_TEST_CLIENT_H

struct term;

/* The most entries client_env() takes in extra. */
#define CLIENT_ENV_EXTRA_MAX 12

/* An environment for term_spawn(): HOME, XDG_STATE_HOME and XDG_CONFIG_HOME
 * in dir, LANG and LC_ALL set to lang, WICKET_PASSWORD set to password (or
 * removed when password is NULL, so that the sign-in form asks), then the
 * entries of extra ("NAME=VALUE" sets, "NAME" removes; NULL-terminated, may
 * be NULL, at most CLIENT_ENV_EXTRA_MAX).  Returns a NULL-terminated array in
 * static storage, valid until the next call. */
const char *const *client_env(const char *dir, const char *lang, const char *password,
			      const char *const extra[]);

/* Write the demo password ("demo") as the first line of dir/password, for
 * --password-file.  Returns the file's path in static storage, or NULL when
 * it cannot be written. */
const char *client_password_file(const char *dir);

/* Pump the client's output until its screen shows text; after 10 s the
 * test fails (the screen is printed to stderr first).  A bound for
 * failures, never a pause. */
void client_expect(struct term *t, const char *text);

#endif
