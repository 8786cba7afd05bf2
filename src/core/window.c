/* window.c - the names of a window's statuses (window.h). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include "wicket/core/window.h"

static const char *const window_status_names[WINDOW_STATUS_COUNT] = {
	[WINDOW_CLOSED] = "closed", [WINDOW_OPEN] = "open", [WINDOW_PAUSED] = "paused",
};

const char *window_status_name(enum window_status st)
{
	return (unsigned)st < WINDOW_STATUS_COUNT ? window_status_names[st] : "?";
}

int window_status_parse(const char *s, enum window_status *out)
{
	for (int i = 0; s && i < WINDOW_STATUS_COUNT; i++)
		if (strcmp(s, window_status_names[i]) == 0) {
			*out = (enum window_status)i;
			return 0;
		}
	return -1;
}
