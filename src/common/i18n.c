/* i18n.c - gettext with a memory of what it has already looked up. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <locale.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "wicket/common/i18n.h"

#define I18N_SLOTS 1024     /* more than the strings one screen shows */

/* FNV-1a of s: what the string says, not where it is. */
static uint64_t i18n_hash(const char *s)
{
	uint64_t h = 14695981039346656037u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return h;
}

/* A frame of the counter asks gettext for some 60 strings, and glibc's
 * gettext reads the environment and searches its catalogue each time: a
 * tenth of a frame's time.  The catalogue does not change while wicket
 * runs, so the answer for a msgid is kept, under its address and what it
 * says (a label may be built at run time, and its address reused for
 * another text), until the locale of messages changes.  Per thread, so
 * nothing is shared. */
const char *i18n_text(const char *msgid)
{
	static _Thread_local struct {
		const char *id, *text;
		uint64_t hash;
	} slots[I18N_SLOTS];
	static _Thread_local char locale[64];
	if (!msgid)
		return msgid;
	/* A new locale (the tests write papers in several) forgets them all. */
	const char *now = setlocale(LC_MESSAGES, NULL);
	if (now && strncmp(now, locale, sizeof locale) != 0) {
		memset(slots, 0, sizeof slots);
		snprintf(locale, sizeof locale, "%s", now);
	}
	uint64_t hash = i18n_hash(msgid);
	uintptr_t at = (uintptr_t)msgid;
	size_t i = (size_t)((at ^ (at >> 9) ^ hash) % I18N_SLOTS);
	if (slots[i].id != msgid || slots[i].hash != hash) {
		slots[i].text = gettext(msgid);
		slots[i].id = msgid;
		slots[i].hash = hash;
	}
	/* Untranslated, gettext answers msgid itself: the text it holds now. */
	return slots[i].text == slots[i].id ? msgid : slots[i].text;
}
