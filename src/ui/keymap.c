#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "wicket/ui/keymap.h"
#include "wicket/common/xalloc.h"

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
	[KM_SUPERVISOR] = "supervisor", [KM_BOARD] = "board", [KM_DAY] = "day", [KM_AUDIT] = "audit",
	[KM_AUDITS] = "audits", [KM_RECTIFY] = "rectifications", [KM_CALLBACKS] = "callbacks",
	[KM_REPORT] = "report",
	[KM_DRILLS] = "drills", [KM_SCENARIOS] = "scenarios", [KM_CONSOLE] = "console",
	[KM_SCORE] = "score", [KM_DISPLAY] = "display", [KM_EVALUATOR] = "evaluator",
	[KM_BOOKINGS] = "bookings", [KM_SESSIONS] = "sessions", [KM_VISITS] = "visits",
	[KM_OWED] = "owed",
	[KM_HALLS] = "halls", [KM_GUIDE] = "guide",
};

/* The scopes' names, comma-separated, into out (always terminated): the
 * error of an unknown scope lists them all. */
static void keymap_scope_names(char *out, size_t len)
{
	size_t n = 0;
	out[0] = '\0';
	for (int i = 0; i < KM_SCOPE_COUNT && n < len; i++)
		n += (size_t)snprintf(out + n, len - n, "%s%s", i ? ", " : "", scope_names[i]);
}

/* Where a scope looks next; every chain ends at generic. */
static const enum keymap_scope scope_parent[KM_SCOPE_COUNT] = {
	[KM_BOARD] = KM_SUPERVISOR, [KM_DAY] = KM_SUPERVISOR, [KM_AUDIT] = KM_SUPERVISOR,
	[KM_AUDITS] = KM_SUPERVISOR, [KM_RECTIFY] = KM_SUPERVISOR, [KM_CALLBACKS] = KM_SUPERVISOR,
	[KM_REPORT] = KM_SUPERVISOR, [KM_SESSIONS] = KM_SUPERVISOR, [KM_VISITS] = KM_SUPERVISOR,
	[KM_HALLS] = KM_SUPERVISOR, [KM_OWED] = KM_SUPERVISOR,
};

/* scope and its parents, nearest first, into chain; returns how many. */
static int keymap_chain(enum keymap_scope scope, int chain[KM_SCOPE_COUNT])
{
	int n = 0;
	chain[n++] = (int)scope;
	while (scope != KM_GENERIC && n < KM_SCOPE_COUNT) {
		scope = scope_parent[scope];
		chain[n++] = (int)scope;
	}
	return n;
}

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
	if (s < 0) {
		char names[256];
		keymap_scope_names(names, sizeof names);
		snprintf(err, errlen, "unknown scope '%s' (%s)", scope, names);
	}
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
		char msg[320];
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

/* The binding of key in exactly scope: true and *a when there is one (a
 * binding to "none" too). */
static bool keymap_find(const struct keymap *km, int scope, int key, enum action *a)
{
	for (size_t i = 0; i < km->n[scope]; i++)
		if (km->b[scope][i].key == key) {
			*a = km->b[scope][i].action;
			return true;
		}
	return false;
}

enum action keymap_lookup(const struct keymap *km, enum keymap_scope scope, int key)
{
	/* A nearer scope's binding (even to "none") hides the farther ones. */
	int chain[KM_SCOPE_COUNT];
	int n = keymap_chain(scope, chain);
	enum action a;
	for (int i = 0; i < n; i++)
		if (keymap_find(km, chain[i], key, &a))
			return a;
	return ACT_NONE;
}

static bool keymap_is_fkey(int key)
{
	return key >= KEY_F(1) && key <= KEY_F(12);
}

size_t keymap_keys(const struct keymap *km, enum keymap_scope scope, enum action a,
		   int *keys, size_t max)
{
	int chain[KM_SCOPE_COUNT];
	int nscopes = keymap_chain(scope, chain);
	size_t n = 0;
	/* Function keys first: they are what the counter keypads carry. */
	for (int pass = 0; pass < 2; pass++)
		for (int si = 0; si < nscopes; si++)
			for (size_t i = 0; i < km->n[chain[si]] && n < max; i++) {
				int k = km->b[chain[si]][i].key;
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
