/* drill.c - naming and looking into the structs of drill.h. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "wicket/core/names.h"
#include "wicket/model/drill.h"

static const char *const m_drill_status_names[DS_UNKNOWN] = {
	[DS_RUNNING] = "running", [DS_FINISHED] = "finished",
};

enum m_drill_status m_drill_status_parse(const char *s)
{
	return (enum m_drill_status)names_find_or(m_drill_status_names, DS_UNKNOWN, s, DS_UNKNOWN);
}

const struct m_drill_window *m_drill_trainee_at(const struct m_drill *d, int window)
{
	for (size_t i = 0; d->windows && i < d->nwindows; i++)
		if (d->windows[i].window == window)
			return &d->windows[i];
	return NULL;
}
