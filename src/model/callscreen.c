#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdlib.h>
#include <string.h>

#include "wicket/model/callscreen.h"
#include "wicket/model/wire.h"

size_t callscreen_store(struct callscreen *cs, struct m_calls *in, int64_t now, size_t *announce,
			size_t max)
{
	m_take(&m_calls_desc, &cs->now, in);
	const struct m_calls *c = &cs->now;
	int64_t newest = c->ncalls ? c->calls[0].seq : 0;
	size_t n = 0;
	if (!cs->loaded) {
		/* What was called before the screen started is past. */
		cs->loaded = true;
		cs->announced = newest;
		cs->latest = newest;
		return 0;
	}
	if (newest > cs->latest) {
		cs->latest = newest;
		cs->flash_until = now + CALLSCREEN_FLASH;
	}
	/* Newest first: the new ones are a prefix; said oldest first. */
	size_t fresh = 0;
	while (fresh < c->ncalls && c->calls[fresh].seq > cs->announced)
		fresh++;
	for (size_t i = fresh; i-- > 0;)
		if (n < max && (c->calls[i].at <= 0 || now - c->calls[i].at <= CALLSCREEN_STALE))
			announce[n++] = i;
	if (newest > cs->announced)
		cs->announced = newest;
	return n;
}

bool callscreen_flash_on(const struct callscreen *cs, int64_t now)
{
	return now < cs->flash_until && now % 2 == 0;
}

void callscreen_free(struct callscreen *cs)
{
	m_free(&m_calls_desc, &cs->now);
	free(cs->voice_dir);
	memset(cs, 0, sizeof *cs);
}
