/* drill.c - naming and looking into the structs of drill.h. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include "wicket/model/drill.h"

enum m_drill_status m_drill_status_parse(const char *s)
{
	if (s && strcmp(s, "running") == 0)
		return DS_RUNNING;
	if (s && strcmp(s, "finished") == 0)
		return DS_FINISHED;
	return DS_UNKNOWN;
}

const struct m_drill_window *m_drill_trainee_at(const struct m_drill *d, int window)
{
	for (size_t i = 0; d->windows && i < d->nwindows; i++)
		if (d->windows[i].window == window)
			return &d->windows[i];
	return NULL;
}
