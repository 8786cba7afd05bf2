/* names.c - an enum's names, both ways (names.h). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include "wicket/core/names.h"

const char *names_at(const char *const *names, int n, int i)
{
	return i >= 0 && i < n ? names[i] : "?";
}

int names_find(const char *const *names, int n, const char *s)
{
	for (int i = 0; s && i < n; i++)
		if (strcmp(s, names[i]) == 0)
			return i;
	return -1;
}

int names_find_or(const char *const *names, int n, const char *s, int dflt)
{
	int i = names_find(names, n, s);
	return i < 0 ? dflt : i;
}
