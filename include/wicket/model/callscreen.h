/* callscreen.h - the hall's call screen (叫号屏, `wicket --display`): what
 * GET /calls answers, and what the screen makes of it (which call is the
 * latest, shown large and flashing; which calls are new, to be spoken).
 *
 * The event feed only says that something happened: the screen reads
 * GET /calls again, and the calls it holds are the server's, for the zone
 * followed.  Each call is announced once: the newest call's seq already
 * announced only grows, the first read announces nothing (those calls are
 * past), and a call older than CALLSCREEN_STALE seconds (found after the
 * network came back) is shown, never spoken. */
#ifndef WICKET_MODEL_CALLSCREEN_H
#define WICKET_MODEL_CALLSCREEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CALLSCREEN_STALE 120      /* seconds: a call older is not spoken */
#define CALLSCREEN_FLASH 6        /* seconds a new call (or recall) flashes */
#define CALLSCREEN_READ 50        /* calls asked for at a time (GET /calls?limit=) */

/* One call or recall (GET /calls, calls[]). */
struct m_call {
	int64_t seq;              /* the feed's event */
	int64_t at;
	bool recall;              /* kind "recalled" */
	int64_t ticket;
	char *number;
	int window;
	char *window_name;
	char *zone;
	char *service, *service_name;
	char *kind;               /* "called" or "recalled", as it came */
};

/* A zone of the hall (zones[]). */
struct m_zone {
	char *code, *name;
};

/* The waiting of a service (services[]). */
struct m_waiting {
	char *code, *prefix, *name;
	int waiting;
};

/* GET /calls. */
struct m_calls {
	char *zone;               /* NULL: the whole hall */
	struct m_zone *zones;
	size_t nzones;
	struct m_call *calls;     /* newest first */
	size_t ncalls;
	struct m_waiting *services;
	size_t nservices;
};

/* The voice, as the screen tells it (the speaker's state, speech.c). */
enum callscreen_voice {
	VOICE_OFF,                /* turned off (voice off in wicket.conf) */
	VOICE_STARTING,
	VOICE_ON,                 /* speaking on the sound device */
	VOICE_FILES,              /* writing WAV files (voice-wav-dir) */
	VOICE_NO_DEVICE,          /* no sound device: off, the screen goes on */
	VOICE_FAILED,             /* the speech engine failed: off */
};

/* The screen's state. */
struct callscreen {
	struct m_calls now;       /* the last answer; empty before */
	bool loaded;              /* an answer came */
	int64_t announced;        /* the newest call's seq announced or passed over */
	int64_t latest;           /* the seq of the call shown large */
	int64_t flash_until;      /* it flashes until then (hall seconds) */
	enum callscreen_voice voice;
	unsigned spoken;          /* announcements finished (said, or written) */
	unsigned said;            /* announcements handed to the speaker: numbers its files */
	bool muted;               /* the voice turned off at the screen (the calls still shown) */
	char *voice_dir;          /* VOICE_FILES: where */
};

/* Take in a fresh GET /calls (in is taken over, left empty) at hall time
 * now: what is shown, the newest call flashing when it is new.  The calls
 * to announce are put in announce[] (at most max, indices into cs->now.calls,
 * oldest first, so a burst is said in call order).  Returns how many. */
size_t callscreen_store(struct callscreen *cs, struct m_calls *in, int64_t now, size_t *announce,
			size_t max);
/* Whether the call shown large flashes at hall time now (on in even
 * seconds, while it is new). */
bool callscreen_flash_on(const struct callscreen *cs, int64_t now);
/* Release what cs owns; it is left empty. */
void callscreen_free(struct callscreen *cs);

#endif
