/* client.h - how the terminal tests start the real wicket.
 *
 * The client reads its configuration, writes its notices and takes its
 * password from the environment and files; these helpers keep all of that in
 * a test's own temporary directory, so that a test never reads the
 * developer's ~/.config/wicket or writes into their home. */
#ifndef WICKET_TEST_CLIENT_H
#define WICKET_TEST_CLIENT_H

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

struct term;

/* Pump the terminal until its screen shows text (within ten seconds); the
 * test fails otherwise, with the screen in its log. */
void client_expect(struct term *t, const char *text);

/* Write the demo password ("demo") as the first line of dir/password, for
 * --password-file.  Returns the file's path in static storage, or NULL when
 * it cannot be written. */
const char *client_password_file(const char *dir);

/* F10: sign out and quit (at an open window, answering that it stays open
 * for another clerk); the test fails unless the client exits with
 * status 0 within ten seconds.  The terminal is closed. */
void client_quit(struct term *t);

/* The most options client_sign_in() takes in args. */
#define CLIENT_ARGS_MAX 8

/* Start $WICKET on a rows x cols terminal, on server url, with the demo
 * password (client_password_file in dir) and the options of args
 * (NULL-terminated, at most CLIENT_ARGS_MAX: "--user", "clerk1", ...), its
 * environment client_env(dir, lang, NULL, {extra_env}) (extra_env may be
 * NULL).  The test fails unless the screen view is ready within ten
 * seconds.  Returns the terminal, for term_close(). */
struct term *client_sign_in(const char *url, const char *dir, const char *const args[], const char *lang,
			    const char *extra_env, int rows, int cols, const char *view);

/* The accept key on the case screen says what it will record (a case
 * accepted, or a one-time notice) and asks: go ahead. */
void client_accept_case(struct term *t);
/* At an open window in English: call, start, choose 补领结婚证 (the third
 * matter), tick its three materials, enter an applicant and accept: a case
 * accepted on the screen. */
void client_serve_to_accepted_case(struct term *t);

#endif
