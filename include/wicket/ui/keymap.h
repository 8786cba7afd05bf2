/* keymap.h - key bindings: keys become actions.
 *
 * The defaults are a text file (src/ui/keys.conf) compiled in and parsed
 * by the same code as the user's "bind" lines, so the two cannot drift. */
#ifndef WICKET_KEYMAP_H
#define WICKET_KEYMAP_H

#include <stddef.h>

#include "wicket/model/action.h"

/* A screen's scope falls back to its parent: the supervisor's screens to
 * "supervisor" (the keys they share), everything at last to "generic".  The
 * trainer's: its list of drills, the scenarios, the console of a drill, and
 * the score with the leaderboard. */
enum keymap_scope {
	KM_GENERIC, KM_COUNTER, KM_CASE, KM_CASES, KM_HELP, KM_CONFLICTS,
	KM_SUPERVISOR, KM_BOARD, KM_DAY, KM_AUDIT, KM_AUDITS, KM_RECTIFY, KM_CALLBACKS, KM_REPORT,
	KM_DRILLS, KM_SCENARIOS, KM_CONSOLE, KM_SCORE,
	KM_DISPLAY,               /* the hall's call screen (wicket --display) */
	KM_EVALUATOR,
	KM_BOOKINGS,              /* the clerk's list of today's bookings */
	KM_SESSIONS, KM_VISITS,   /* the supervisor's 不打烊 sessions and home visits */
	KM_OWED,                  /* the supervisor's 容缺 materials owed */
	KM_HALLS,                 /* the supervisor's board of halls (a platform of several) */
	KM_GUIDE,                 /* the guide desk's enquiries (导询, 首问负责) */
	KM_SCOPE_COUNT
};

struct keymap;

/* A keymap holding the compiled-in defaults.  Never NULL; free with
 * keymap_free(). */
struct keymap *keymap_new(void);
void keymap_free(struct keymap *km);
/* Apply one binding, the words after "bind": "SCOPE KEY ACTION" (ACTION
 * "none" removes the binding).  Returns 0, or -1 with a message in err. */
int keymap_bind(struct keymap *km, const char *args, char *err, size_t errlen);
/* Apply every "bind" line of text (other lines are ignored; "#" starts a
 * comment).  Returns 0, or -1 with "NAME:LINE: message" in err. */
int keymap_load(struct keymap *km, const char *name, const char *text, char *err, size_t errlen);
/* The action of key in scope (falling back to its parents), or ACT_NONE. */
enum action keymap_lookup(const struct keymap *km, enum keymap_scope scope, int key);
/* The keys that reach a in scope (its own bindings, then its parents' it
 * does not hide), function keys first, each once; at most max into keys.
 * Returns how many. */
size_t keymap_keys(const struct keymap *km, enum keymap_scope scope, enum action a,
		   int *keys, size_t max);
/* The label of the first key that reaches a in scope, e.g. "F2",
 * into out; "" when unbound.  Returns out. */
const char *keymap_label(const struct keymap *km, enum keymap_scope scope, enum action a,
			 char out[16]);
/* Parse a key name ("F2", "Enter", "^L", "x", ...) into a curses key code;
 * -1 when unknown. */
int keymap_key_parse(const char *name);
/* The name of a curses key code, into out. */
void keymap_key_name(int key, char out[16]);
/* The scope named s, or -1. */
int keymap_scope_parse(const char *s);

#endif
