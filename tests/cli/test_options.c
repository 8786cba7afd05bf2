/* wicket's option table (src/client/options.c) against its sources and its
 * man pages: every entry reaches its place in struct app_config from each
 * source it allows (the command line, the environment, wicket.conf), the
 * layers keep their order (defaults, file, environment, command line), bad
 * values are refused from each source, and wicket(1) and wicket.conf(5)
 * list exactly the table's options, variables and keys. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <getopt.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "wicket/client/options.h"
#include "wicket/common/buf.h"
#include "wicket/common/xalloc.h"

/* The sources, lowest first: the order of the layers. */
enum src { SRC_FILE, SRC_ENV, SRC_CLI, SRC_COUNT };
static const char *const src_names[] = { "file", "environment", "command line" };

static char dir[] = "/tmp/wicket-options-XXXXXX";
static char conf[64], readable[3][64];

static int setup(void **state)
{
	(void)state;
	if (!mkdtemp(dir))
		return -1;
	snprintf(conf, sizeof conf, "%s/conf", dir);
	/* Files a PATH setting may name (--cacert is checked for reading). */
	for (int i = 0; i < 3; i++) {
		snprintf(readable[i], sizeof readable[i], "%s/file%d", dir, i);
		FILE *f = fopen(readable[i], "w");
		if (!f)
			return -1;
		fputs("secret\n", f);
		fclose(f);
	}
	size_t n;
	const struct opt_spec *t = app_options_table(&n);
	for (size_t i = 0; i < n; i++)
		if (t[i].env)
			unsetenv(t[i].env);
	setenv("XDG_STATE_HOME", dir, 1);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	unlink(conf);
	for (int i = 0; i < 3; i++)
		unlink(readable[i]);
	return rmdir(dir);
}

static bool has_env(const struct opt_spec *t, size_t n, const char *var)
{
	for (size_t i = 0; i < n; i++)
		if (t[i].env && strcmp(t[i].env, var) == 0)
			return true;
	return false;
}

static bool allows(const struct opt_spec *s, enum src src)
{
	return src == SRC_FILE ? s->key != NULL : src == SRC_ENV ? s->env != NULL : s->name != NULL;
}

/* A good value for s, different for each variant (0..2), as text. */
static const char *good_value(const struct opt_spec *s, int variant, char *buf, size_t len)
{
	switch (s->type) {
	case OPT_INT:
		snprintf(buf, len, "%ld", s->lo + variant);   /* fds 0, 1, 2 are open */
		return buf;
	case OPT_BOOL:
		return variant ? "yes" : "no";
	case OPT_PATH:
		return readable[variant];
	case OPT_STRING:
		snprintf(buf, len, "K7Q%d", 2 + variant);   /* a drill code too */
		return buf;
	case OPT_ACTION:
		break;
	}
	return NULL;
}

/* The value at s's destination in cfg, as text (NULL for no string). */
static const char *stored(const struct opt_spec *s, const struct app_config *cfg, char *buf,
			  size_t len)
{
	const char *p = (const char *)cfg + s->offset;
	switch (s->type) {
	case OPT_INT:
		snprintf(buf, len, "%d", *(const int *)p);
		return buf;
	case OPT_BOOL:
		return *(const bool *)p ? "yes" : "no";
	case OPT_PATH:
	case OPT_STRING:
		return *(char *const *)p;
	case OPT_ACTION:
		break;
	}
	return NULL;
}

static void write_conf(const char *text)
{
	FILE *f = fopen(conf, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* Parse "wicket ARGS..." (a NULL-ended list) into o.  Returns what
 * app_options_parse() returns. */
static int parse(struct app_options *o, ...)
{
	char *argv[16] = { "wicket" };
	int argc = 1;
	va_list ap;
	va_start(ap, o);
	for (char *a; (a = va_arg(ap, char *)) != NULL && argc < 15;)
		argv[argc++] = a;
	va_end(ap);
	argv[argc] = NULL;
	optind = 0;   /* glibc: start afresh */
	opterr = 0;
	return app_options_parse(o, argc, argv);
}

/* The command line that gives s's value v (a flag for a bool), parsed. */
static int parse_value(struct app_options *o, const struct opt_spec *s, const char *v)
{
	char opt[64];
	snprintf(opt, sizeof opt, "--%s", s->name);
	return s->type == OPT_BOOL ? parse(o, opt, (char *)NULL) : parse(o, opt, v, (char *)NULL);
}

/* Give s a value from each source in use[] (variant = the source's
 * number), settle, and return the settled value as text in out. */
static void settle_with(const struct opt_spec *s, const bool use[SRC_COUNT], char *out, size_t len)
{
	char vbuf[SRC_COUNT][64], text[128] = "";
	const char *v[SRC_COUNT];
	for (int i = 0; i < SRC_COUNT; i++)
		v[i] = good_value(s, i, vbuf[i], sizeof vbuf[i]);
	if (use[SRC_FILE])
		snprintf(text, sizeof text, "%s %s\n", s->key, v[SRC_FILE]);
	write_conf(text);
	if (use[SRC_ENV])
		setenv(s->env, v[SRC_ENV], 1);
	struct app_options o = { .config_path = conf };
	if (use[SRC_CLI])
		assert_int_equal(parse_value(&o, s, v[SRC_CLI]), 0);
	else
		assert_int_equal(parse(&o, (char *)NULL), 0);
	o.config_path = conf;
	char err[512] = "", buf[64];
	if (app_options_settle(&o, err, sizeof err))
		fail_msg("%s: %s", s->name ? s->name : s->key ? s->key : s->env, err);
	const char *got = stored(s, &o.cfg, buf, sizeof buf);
	snprintf(out, len, "%s", got ? got : "(null)");
	if (s->env)
		unsetenv(s->env);
	app_options_free(&o);
}

/* Every entry with a destination gets there from each source it allows,
 * and the highest source given wins: command line, environment, file,
 * default. */
static void test_every_entry_from_every_source(void **state)
{
	(void)state;
	size_t n;
	const struct opt_spec *t = app_options_table(&n);
	int reached = 0;
	for (size_t i = 0; i < n; i++) {
		const struct opt_spec *s = &t[i];
		if (s->type == OPT_ACTION)
			continue;
		bool use[SRC_COUNT] = { false };
		char got[128], want[64], vbuf[64];
		for (int src = 0; src < SRC_COUNT; src++) {
			if (!allows(s, src))
				continue;
			/* This source alone. */
			bool one[SRC_COUNT] = { false };
			one[src] = true;
			settle_with(s, one, got, sizeof got);
			const char *v = src == SRC_CLI && s->type == OPT_BOOL ? "yes" :
					good_value(s, src, vbuf, sizeof vbuf);
			if (strcmp(got, v) != 0)
				fail_msg("%s from the %s: got %s, want %s", s->name ? s->name : s->key ? s->key : s->env,
					 src_names[src], got, v);
			use[src] = true;
			reached++;
		}
		/* All its sources at once, then dropping the highest each time. */
		for (int top = SRC_COUNT - 1; top >= 0; top--) {
			if (!use[top])
				continue;
			settle_with(s, use, got, sizeof got);
			snprintf(want, sizeof want, "%s", top == SRC_CLI && s->type == OPT_BOOL ? "yes" :
				 good_value(s, top, vbuf, sizeof vbuf));
			if (strcmp(got, want) != 0)
				fail_msg("%s: the %s should win, got %s", s->name ? s->name : s->key ? s->key : s->env,
					 src_names[top], got);
			use[top] = false;
		}
		settle_with(s, use, got, sizeof got);
		if (s->def && strcmp(got, s->def) != 0)
			fail_msg("%s: default %s, got %s", s->key ? s->key : s->name, s->def, got);
	}
	assert_true(reached >= 15);
}

/* The command line's own entries: where they go. */
static void test_actions(void **state)
{
	(void)state;
	write_conf("");
	struct app_options o = { 0 };
	assert_int_equal(parse(&o, "-c", conf, "--wicketd", "/bin/true", "-D", "-p", readable[1],
			       (char *)NULL), 0);
	assert_string_equal(o.config_path, conf);
	assert_string_equal(o.wicketd, "/bin/true");
	assert_true(o.demo);
	setenv("WICKET_PASSWORD", "from-env", 1);
	char err[512];
	assert_int_equal(app_options_settle(&o, err, sizeof err), 0);
	assert_string_equal(o.cfg.password, "secret");   /* the file wins */
	unsetenv("WICKET_PASSWORD");
	app_options_free(&o);
	/* The short options are the table's too. */
	o = (struct app_options){ 0 };
	assert_int_equal(parse(&o, "-s", "http://s", "-u", "clerk2", "-w", "7", "-c", conf,
			       (char *)NULL), 0);
	assert_int_equal(app_options_settle(&o, err, sizeof err), 0);
	assert_string_equal(o.cfg.server, "http://s");
	assert_string_equal(o.cfg.user, "clerk2");
	assert_int_equal(o.cfg.window, 7);
	app_options_free(&o);
}

/* Bad numbers are refused from every source: the file's naming file:line. */
static void test_bad_int_refused(void **state)
{
	(void)state;
	size_t n;
	const struct opt_spec *t = app_options_table(&n);
	for (size_t i = 0; i < n; i++) {
		const struct opt_spec *s = &t[i];
		if (s->type != OPT_INT)
			continue;
		char lo[32], hi[32];
		snprintf(lo, sizeof lo, "%ld", s->lo - 1);
		snprintf(hi, sizeof hi, "%ld", s->hi + 1);
		const char *const bad[] = { lo, hi, "x", "3x", "" };
		for (size_t b = 0; b < sizeof bad / sizeof bad[0]; b++) {
			struct app_options o = { 0 };
			char err[512] = "", text[128];
			if (s->name)
				assert_int_equal(parse_value(&o, s, bad[b]), -1);
			app_options_free(&o);
			if (s->key) {
				snprintf(text, sizeof text, "# a comment\n%s %s\n", s->key, bad[b]);
				write_conf(text);
				o = (struct app_options){ .config_path = conf };
				assert_int_equal(app_options_settle(&o, err, sizeof err), -1);
				char where[96];
				snprintf(where, sizeof where, "%s:2: ", conf);
				assert_non_null(strstr(err, where));
				assert_non_null(strstr(err, s->key));
				app_options_free(&o);
			}
			if (s->env && *bad[b]) {
				write_conf("");
				setenv(s->env, bad[b], 1);
				o = (struct app_options){ .config_path = conf };
				assert_int_equal(app_options_settle(&o, err, sizeof err), -1);
				assert_non_null(strstr(err, s->env));
				unsetenv(s->env);
				app_options_free(&o);
			}
		}
	}
}

/* An unknown key, a key without its value: refused, naming file:line. */
static void test_file_refusals(void **state)
{
	(void)state;
	static const struct { const char *text, *msg; } cases[] = {
		{ "server http://a\nno-such-key 1\n", ":2: unknown setting 'no-such-key'" },
		{ "\n\nwindow\n", ":3: 'window' needs a value" },
		{ "insecure-http maybe\n", ":1: insecure-http must be yes or no" },
		{ "recall-limit 21\n", ":1: recall-limit must be a number from 1 to 20" },
		{ "drill K7-Q2\n", ":1: drill must be a drill code" },
		{ "ready-fd 1\n", ":1: unknown setting 'ready-fd'" },   /* the command line's only */
		{ "bind nowhere F1 help\n", ":1: " },                   /* the keymap's words */
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		write_conf(cases[i].text);
		struct app_options o = { .config_path = conf };
		char err[512] = "";
		assert_int_equal(app_options_settle(&o, err, sizeof err), -1);
		if (strncmp(err, conf, strlen(conf)) != 0 || !strstr(err, cases[i].msg))
			fail_msg("%s: got \"%s\", want \"%s\"", cases[i].text, err, cases[i].msg);
		app_options_free(&o);
	}
}

/* --help has a line for each option of the command line, and none for the
 * file's or the environment's only. */
static void test_help_from_table(void **state)
{
	(void)state;
	FILE *f = fopen(conf, "w");
	assert_non_null(f);
	app_options_usage(f);
	fclose(f);
	struct buf help = BUF_INIT;
	assert_int_equal(buf_read_file(&help, conf, 1 << 16), 0);
	size_t n;
	const struct opt_spec *t = app_options_table(&n);
	for (size_t i = 0; i < n; i++) {
		char opt[80];
		snprintf(opt, sizeof opt, "--%s", t[i].name ? t[i].name : t[i].key ? t[i].key : t[i].env);
		if ((strstr(buf_str(&help), opt) != NULL) != (t[i].name != NULL))
			fail_msg("%s: in --help %s", opt, t[i].name ? "missing" : "but not an option");
		if (t[i].name && t[i].id < 128) {
			snprintf(opt, sizeof opt, "  -%c, --%s", t[i].id, t[i].name);
			assert_non_null(strstr(buf_str(&help), opt));
		}
	}
	buf_free(&help);
}

/* The man page's text, or fail. */
static void read_page(struct buf *b, const char *name)
{
	char path[1024];
	snprintf(path, sizeof path, "%s/man/%s", getenv("WICKET_SRCDIR"), name);
	if (buf_read_file(b, path, 1 << 20))
		fail_msg("cannot read %s", path);
}

/* The lines ".It MACRO ..." of section sh ("OPTIONS"), each a string in a
 * NULL-ended array (malloc'd, as its strings). */
static char **section_items(const char *page, const char *sh, const char *macro)
{
	char head[64], item[32];
	snprintf(head, sizeof head, "\n.Sh %s\n", sh);
	snprintf(item, sizeof item, ".It %s ", macro);
	const char *p = strstr(page, head), *end;
	assert_non_null(p);
	p += strlen(head);
	end = strstr(p, "\n.Sh ");
	if (!end)
		end = p + strlen(p);
	char **v = xcalloc(64, sizeof *v);
	size_t n = 0;
	for (; p < end && n < 63; p = strchr(p, '\n') + 1) {
		size_t len = strcspn(p, "\n");
		if (strncmp(p, item, strlen(item)) == 0)
			v[n++] = xstrndup(p, len);
	}
	return v;
}

static void free_items(char **v)
{
	for (size_t i = 0; v[i]; i++)
		free(v[i]);
	free(v);
}

/* The long option an ".It Fl ..." line names ("\-password\-file" ->
 * "password-file") into buf, and its short letter (0 for none). */
static void man_option(const char *line, char *buf, size_t len, int *shortopt)
{
	const char *p = strstr(line, "Fl \\-");
	assert_non_null(p);
	size_t n = 0;
	for (p += 5; *p && *p != ' ' && n + 1 < len; p++)
		if (*p != '\\')
			buf[n++] = *p;
	buf[n] = '\0';
	*shortopt = strncmp(line, ".It Fl ", 7) == 0 && line[7] != '\\' && line[8] == ' ' ? line[7] : 0;
}

/* wicket(1) lists exactly the table's options (with their short letters)
 * and WICKET_ variables, wicket.conf(5) exactly its keys (and "bind"). */
static void test_man_pages_match_table(void **state)
{
	(void)state;
	size_t n;
	const struct opt_spec *t = app_options_table(&n);
	struct buf one = BUF_INIT, five = BUF_INIT;
	read_page(&one, "wicket.1.in");
	read_page(&five, "wicket.conf.5.in");

	char **opts = section_items(buf_str(&one), "OPTIONS", "Fl");
	size_t seen = 0;
	for (size_t i = 0; opts[i]; i++) {
		char name[64];
		int sh;
		man_option(opts[i], name, sizeof name, &sh);
		const struct opt_spec *s = NULL;
		for (size_t j = 0; j < n && !s; j++)
			if (t[j].name && strcmp(t[j].name, name) == 0)
				s = &t[j];
		if (!s)
			fail_msg("wicket(1) has --%s, the option table has not", name);
		if (sh != (s->id < 128 ? s->id : 0))
			fail_msg("--%s: the short option differs between wicket(1) and the table", name);
		seen++;
	}
	for (size_t j = 0; j < n; j++)
		if (t[j].name) {
			bool found = false;
			for (size_t i = 0; opts[i] && !found; i++) {
				char name[64];
				int sh;
				man_option(opts[i], name, sizeof name, &sh);
				found = strcmp(name, t[j].name) == 0;
			}
			if (!found)
				fail_msg("the option table has --%s, wicket(1)'s OPTIONS has not", t[j].name);
		}
	free_items(opts);

	char **envs = section_items(buf_str(&one), "ENVIRONMENT", "Ev");
	for (size_t i = 0; envs[i]; i++) {
		const char *var = envs[i] + strlen(".It Ev ");
		if (strncmp(var, "WICKET_", 7) == 0 && !has_env(t, n, var))
			fail_msg("wicket(1) has %s, the option table has not", var);
	}
	for (size_t j = 0; j < n; j++) {
		bool found = false;
		for (size_t i = 0; t[j].env && envs[i] && !found; i++)
			found = strcmp(envs[i] + strlen(".It Ev "), t[j].env) == 0;
		if (t[j].env && !found)
			fail_msg("the option table has %s, wicket(1)'s ENVIRONMENT has not", t[j].env);
	}
	free_items(envs);

	char **keys = section_items(buf_str(&five), "SETTINGS", "Ic");
	for (size_t i = 0; keys[i]; i++) {
		char key[64];
		sscanf(keys[i] + strlen(".It Ic "), "%63s", key);
		if (strcmp(key, "bind") != 0 && !opt_find_key(t, n, key))
			fail_msg("wicket.conf(5) has %s, the option table has not", key);
	}
	for (size_t j = 0; j < n; j++) {
		bool found = false;
		for (size_t i = 0; t[j].key && keys[i] && !found; i++) {
			char key[64];
			sscanf(keys[i] + strlen(".It Ic "), "%63s", key);
			found = strcmp(key, t[j].key) == 0;
		}
		if (t[j].key && !found)
			fail_msg("the option table has %s, wicket.conf(5)'s SETTINGS has not", t[j].key);
	}
	free_items(keys);
	assert_true(seen >= 13);
	buf_free(&one);
	buf_free(&five);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_entry_from_every_source),
		cmocka_unit_test(test_actions),
		cmocka_unit_test(test_bad_int_refused),
		cmocka_unit_test(test_file_refusals),
		cmocka_unit_test(test_help_from_table),
		cmocka_unit_test(test_man_pages_match_table),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
