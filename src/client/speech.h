/* speech.h - the hall's voice: a speaker process that says the calls with
 * espeak-ng, fed through a pipe, so that the client's one loop never waits
 * for a sentence to be said.  Internal to src/client.
 *
 * Why a process and not a thread: the sound stack (pcaudio, ALSA, Pulse)
 * writes its complaints to stderr, which is the clerk's terminal under
 * curses; the speaker's stderr is /dev/null.  And a crash in it leaves the
 * screen standing: the voice is said to be off.
 *
 * The announcements queue in the pipe and are said one after the other,
 * each whole (repeated as often as asked), in the order given: none cuts
 * another off.  Instead of the sound device, each announcement can be
 * written to a WAV file of its own (for tests, and for halls that play
 * files through their own system). */
#ifndef WICKET_CLIENT_SPEECH_H
#define WICKET_CLIENT_SPEECH_H

#include <stdbool.h>
#include <stddef.h>

#include "wicket/model/callscreen.h"

struct speech_options {
	const char *voice;        /* espeak-ng's voice name, e.g. "cmn" */
	int repeat;               /* each announcement said this often, 1..5 */
	int volume;               /* espeak-ng's volume, 0..200 (100 normal) */
	const char *wav_dir;      /* write DIR/TAG.wav instead of speaking; NULL: speak */
	const char *device;       /* the sound device; NULL: the system's default */
};

struct speech;

/* Start the speaker process with o (copied).  Call it before anything
 * starts a thread or the terminal: it forks.  Returns the speaker (its
 * state VOICE_STARTING until it says more), or NULL when it could not be
 * started (errno set). */
struct speech *speech_start(const struct speech_options *o);
/* Queue one announcement: text said (or written to TAG.wav; tag is made
 * of letters, digits and '-' only, anything else becomes '_').  Never
 * blocks: what the pipe cannot take now waits here and goes with the next
 * call of speech_say or speech_poll. */
void speech_say(struct speech *sp, const char *tag, const char *text);
/* Read what the speaker said since (never blocks): its state into *state
 * and how many announcements it has finished into *done.  Returns true
 * when either changed. */
bool speech_poll(struct speech *sp, enum callscreen_voice *state, unsigned *done);
/* Stop the speaker (what is queued is dropped) and release sp (may be
 * NULL). */
void speech_stop(struct speech *sp);

#endif
