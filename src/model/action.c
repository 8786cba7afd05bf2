#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include "wicket/model/action.h"

static const struct {
	const char *name;
	const char *help;
} action_table[ACT_COUNT] = {
#define X(id, n, h) [ACT_##id] = { n, h },
	ACTIONS(X)
#undef X
};

const char *action_name(enum action a)
{
	return a >= 0 && a < ACT_COUNT ? action_table[a].name : "";
}

const char *action_help(enum action a)
{
	return a >= 0 && a < ACT_COUNT ? action_table[a].help : "";
}

enum action action_parse(const char *s)
{
	for (int a = 0; a < ACT_COUNT; a++)
		if (strcmp(action_table[a].name, s) == 0)
			return (enum action)a;
	return ACT_NONE;
}
