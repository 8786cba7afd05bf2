/* window.c - the names of a window's statuses (window.h). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "wicket/core/names.h"
#include "wicket/core/window.h"

static const char *const window_status_names[WINDOW_STATUS_COUNT] = {
	[WINDOW_CLOSED] = "closed", [WINDOW_OPEN] = "open", [WINDOW_PAUSED] = "paused",
};

const char *window_status_name(enum window_status st)
{
	return names_at(window_status_names, WINDOW_STATUS_COUNT, (int)st);
}

int window_status_parse(const char *s, enum window_status *out)
{
	int i = names_find(window_status_names, WINDOW_STATUS_COUNT, s);
	if (i < 0)
		return -1;
	*out = (enum window_status)i;
	return 0;
}
