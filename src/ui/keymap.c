#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "wicket/keymap.h"
#include "wicket/xalloc.h"

/* The compiled-in defaults, generated from src/ui/keys.conf by the build. */
static const char keymap_defaults[] =
#include "src/ui/keys_conf.inc"
	;

struct binding {
	int key;
	enum action action;
};

struct keymap {
	struct binding *b[KM_SCOPE_COUNT];
	size_t n[KM_SCOPE_COUNT];
};

static const char *const scope_names[KM_SCOPE_COUNT] = {
	[KM_GENERIC] = "generic", [KM_COUNTER] = "counter", [KM_CASE] = "case",
	[KM_CASES] = "cases", [KM_HELP] = "help", [KM_CONFLICTS] = "conflicts",
	[KM_DRILLS] = "drills", [KM_SCENARIOS] = "scenarios", [KM_CONSOLE] = "console",
	[KM_SCORE] = "score",
};

static const struct {
	const char *name;
	int key;
} key_names[] = {
	{ "Enter", '\r' }, { "Esc", 27 }, { "Space", ' ' }, { "Tab", '\t' },
	{ "Backspace", KEY_BACKSPACE }, { "Up", KEY_UP }, { "Down", KEY_DOWN },
	{ "Left", KEY_LEFT }, { "Right", KEY_RIGHT }, { "PgUp", KEY_PPAGE },
	{ "PgDn", KEY_NPAGE }, { "Home", KEY_HOME }, { "End", KEY_END },
	{ "Delete", KEY_DC }, { "Insert", KEY_IC },
};

int keymap_scope_parse(const char *s)
{
	for (int i = 0; i < KM_SCOPE_COUNT; i++)
		if (strcmp(scope_names[i], s) == 0)
			return i;
	return -1;
}

int keymap_key_parse(const char *name)
{
	for (size_t i = 0; i < sizeof key_names / sizeof key_names[0]; i++)
		if (strcmp(key_names[i].name, name) == 0)
			return key_names[i].key;
	if (name[0] == 'F' && isdigit((unsigned char)name[1])) {
		char *end;
		long n = strtol(name + 1, &end, 10);
		if (!*end && n >= 1 && n <= 12)
			return KEY_F((int)n);
	}
	if (name[0] == '^' && name[1] && !name[2] && isalpha((unsigned char)name[1]))
		return toupper((unsigned char)name[1]) - '@';
	if (name[0] && !name[1] && isgraph((unsigned char)name[0]))
		return (unsigned char)name[0];
	return -1;
}

void keymap_key_name(int key, char out[16])
{
	for (size_t i = 0; i < sizeof key_names / sizeof key_names[0]; i++)
		if (key_names[i].key == key) {
			snprintf(out, 16, "%s", key_names[i].name);
			return;
		}
	if (key >= KEY_F(1) && key <= KEY_F(12))
		snprintf(out, 16, "F%d", key - KEY_F0);
	else if (key >= 1 && key <= 26)
		snprintf(out, 16, "^%c", key + '@');
	else if (key > ' ' && key < 127)
		snprintf(out, 16, "%c", key);
	else
		snprintf(out, 16, "#%d", key);
}

static void keymap_set(struct keymap *km, int scope, int key, enum action a)
{
	for (size_t i = 0; i < km->n[scope]; i++)
		if (km->b[scope][i].key == key) {
			km->b[scope][i].action = a;
			return;
		}
	km->b[scope] = xreallocarray(km->b[scope], km->n[scope] + 1, sizeof *km->b[scope]);
	km->b[scope][km->n[scope]++] = (struct binding){ key, a };
}

int keymap_bind(struct keymap *km, const char *args, char *err, size_t errlen)
{
	char scope[32], key[32], action[48], extra[2];
	int n = sscanf(args, "%31s %31s %47s %1s", scope, key, action, extra);
	if (n != 3) {
		snprintf(err, errlen, "expected: bind SCOPE KEY ACTION");
		return -1;
	}
	int s = keymap_scope_parse(scope);
	int k = keymap_key_parse(key);
	enum action a = strcmp(action, "none") == 0 ? ACT_NONE : action_parse(action);
	if (s < 0)
		snprintf(err, errlen, "unknown scope '%s' (generic, counter, case, cases, conflicts, help, "
			 "drills, scenarios, console, score)", scope);
	else if (k < 0)
		snprintf(err, errlen, "unknown key '%s'", key);
	else if (a == ACT_NONE && strcmp(action, "none") != 0)
		snprintf(err, errlen, "unknown action '%s'", action);
	else {
		keymap_set(km, s, k, a);
		return 0;
	}
	return -1;
}

int keymap_load(struct keymap *km, const char *name, const char *text, char *err, size_t errlen)
{
	int lineno = 0;
	const char *p = text;
	while (*p) {
		size_t len = strcspn(p, "\n");
		char *line = xstrndup(p, len);
		lineno++;
		line[strcspn(line, "#\r")] = '\0';
		char *s = line;
		while (isspace((unsigned char)*s))
			s++;
		int rc = 0;
		char msg[160];
		if (strncmp(s, "bind", 4) == 0 && isspace((unsigned char)s[4]))
			rc = keymap_bind(km, s + 5, msg, sizeof msg);
		free(line);
		if (rc) {
			snprintf(err, errlen, "%s:%d: %s", name, lineno, msg);
			return -1;
		}
		p += len;
		if (*p == '\n')
			p++;
	}
	return 0;
}

struct keymap *keymap_new(void)
{
	struct keymap *km = xcalloc(1, sizeof *km);
	char err[256];
	if (keymap_load(km, "keys.conf", keymap_defaults, err, sizeof err)) {
		/* The defaults are our own file, checked by the tests. */
		fprintf(stderr, "wicket: built-in %s\n", err);
		abort();
	}
	return km;
}

void keymap_free(struct keymap *km)
{
	if (!km)
		return;
	for (int i = 0; i < KM_SCOPE_COUNT; i++)
		free(km->b[i]);
	free(km);
}

static enum action keymap_find(const struct keymap *km, int scope, int key)
{
	for (size_t i = 0; i < km->n[scope]; i++)
		if (km->b[scope][i].key == key)
			return km->b[scope][i].action;
	return ACT_NONE;
}

enum action keymap_lookup(const struct keymap *km, enum keymap_scope scope, int key)
{
	/* A screen's own binding (even to "none") hides the generic one. */
	for (size_t i = 0; i < km->n[scope]; i++)
		if (km->b[scope][i].key == key)
			return km->b[scope][i].action;
	return scope == KM_GENERIC ? ACT_NONE : keymap_find(km, KM_GENERIC, key);
}

static bool keymap_is_fkey(int key)
{
	return key >= KEY_F(1) && key <= KEY_F(12);
}

size_t keymap_keys(const struct keymap *km, enum keymap_scope scope, enum action a,
		   int *keys, size_t max)
{
	int scopes[2] = { (int)scope, KM_GENERIC };
	int nscopes = scope == KM_GENERIC ? 1 : 2;
	size_t n = 0;
	/* Function keys first: they are what the counter keypads carry. */
	for (int pass = 0; pass < 2; pass++)
		for (int si = 0; si < nscopes; si++)
			for (size_t i = 0; i < km->n[scopes[si]] && n < max; i++) {
				int k = km->b[scopes[si]][i].key;
				bool dup = false;
				if (keymap_is_fkey(k) != (pass == 0) || keymap_lookup(km, scope, k) != a)
					continue;
				for (size_t j = 0; j < n; j++)
					dup |= keys[j] == k;
				if (!dup)
					keys[n++] = k;
			}
	return n;
}

const char *keymap_label(const struct keymap *km, enum keymap_scope scope, enum action a,
			 char out[16])
{
	int key;
	out[0] = '\0';
	if (keymap_keys(km, scope, a, &key, 1) == 1)
		keymap_key_name(key, out);
	return out;
}
