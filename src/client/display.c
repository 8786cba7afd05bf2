/* display.c - the hall's call screen (叫号屏, `wicket --display [--zone Z]`),
 * the controller of the display role: it follows the event feed (so a
 * call reaches it whoever made it: a clerk's counter, another client,
 * a script on the API), reads GET /calls again when a ticket moves, shows
 * the latest call large, and has the speaker (speech.c) say each new call
 * once, in call order.  Offline it says so and keeps the screen; back, the
 * feed's join reads everything again, and what was already said (or is
 * too old to say) is not said again (callscreen.h). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app_int.h"
#include "speech.h"
#include "wicket/client/papers.h"
#include "wicket/common/i18n.h"
#include "wicket/common/xalloc.h"
#include "wicket/core/announce.h"
#include "wicket/model/wire.h"
#include "wicket/net/api.h"

static void dp_refresh(struct app *a)
{
	char zone[64] = "";
	if (a->cfg->zone)
		app_path_escape(a->cfg->zone, zone, sizeof zone);
	app_refresh(a, REQ_CALLS, "/api/v1/calls?limit=%d%s%s", CALLSCREEN_READ, *zone ? "&zone=" : "", zone);
}

void display_prepare(struct app *a)
{
	const struct app_config *cfg = a->cfg;
	a->cs.voice = VOICE_OFF;
	if (!cfg->display || !cfg->voice)
		return;
	/* The files' directory made now: a mistake in it shows at once. */
	if (cfg->voice_wav_dir && papers_mkdirs(cfg->voice_wav_dir)) {
		a->cs.voice = VOICE_FAILED;
		return;
	}
	a->speech = speech_start(&(struct speech_options){
		.voice = cfg->voice_name ? cfg->voice_name : "cmn", .repeat = cfg->voice_repeat,
		.volume = cfg->voice_volume, .wav_dir = cfg->voice_wav_dir, .device = cfg->voice_device,
	});
	a->cs.voice = a->speech ? VOICE_STARTING : VOICE_FAILED;
	if (cfg->voice_wav_dir)
		a->cs.voice_dir = xstrdup(cfg->voice_wav_dir);
}

void display_stop(struct app *a)
{
	speech_stop(a->speech);
	a->speech = NULL;
}

/* What went wrong with the voice, said on the message line. */
static void dp_voice_said(struct app *a)
{
	if (a->cs.voice == VOICE_NO_DEVICE)
		session_say(&a->s, true, "%s", _("No sound device: the voice is off. The screen goes on."));
	else if (a->cs.voice == VOICE_FAILED)
		session_say(&a->s, true, "%s", _("The speech engine failed: the voice is off. The screen goes on."));
}

static void dp_start(struct app *a)
{
	session_say(&a->s, false, "%s", _("The hall's call screen: calls are shown as they are made."));
	dp_voice_said(a);
	app_poll_events(a);
}

/* Any ticket's move may change the calls or the waiting: read them again
 * (coalesced: a burst is one request, and one more after it). */
static void dp_events(struct app *a, struct m_event *ev, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (ev[i].kind && strncmp(ev[i].kind, "ticket.", 7) == 0) {
			dp_refresh(a);
			return;
		}
}

/* Say call c: the files are numbered in the order the calls are said. */
static void dp_say(struct app *a, const struct m_call *c)
{
	char text[256], tag[64];
	if (!a->speech)
		return;
	announce_text(c->number, c->window, c->recall, text, sizeof text);
	snprintf(tag, sizeof tag, "%04u-%s-%s", ++a->cs.said, c->recall ? "recalled" : "called", c->number);
	speech_say(a->speech, tag, text);
}

static int dp_decode(const struct net_reply *r, union app_decoded *out)
{
	return api_decode_calls(r->body, r->len, &out->calls);
}

/* The calls read: shown, and the new ones said, oldest first. */
static void dp_store(struct app *a, union app_decoded *in)
{
	size_t say[CALLSCREEN_READ];
	size_t n = callscreen_store(&a->cs, &in->calls, app_now(a), say, CALLSCREEN_READ);
	m_free(&m_calls_desc, &in->calls);
	for (size_t i = 0; i < n; i++)
		if (!a->cs.muted)
			dp_say(a, &a->cs.now.calls[say[i]]);
}

/* The speaker's news; the flashing of a new call. */
static void dp_tick(struct app *a, int64_t now)
{
	enum callscreen_voice was = a->cs.voice;
	if (speech_poll(a->speech, &a->cs.voice, &a->cs.spoken))
		a->dirty = true;
	if (a->cs.voice != was)
		dp_voice_said(a);
	if (now <= a->cs.flash_until + 1)
		a->dirty = true;
}

static void dp_action(struct app *a, enum action act)
{
	switch (act) {
	case ACT_VOICE:
		a->cs.muted = !a->cs.muted;
		session_say(&a->s, false, "%s", a->cs.muted ? _("Voice off: calls are shown, not said.") :
							     _("Voice on again."));
		break;
	case ACT_SAY_AGAIN:
		if (a->cs.now.ncalls && !a->cs.muted)
			dp_say(a, &a->cs.now.calls[0]);
		break;
	default:
		break;
	}
	a->dirty = true;
}

static const struct app_reply dp_replies[REQ_KIND_COUNT] = {
	[REQ_CALLS] = { .decode = dp_decode, .store = dp_store, .reread = dp_refresh,
			.unreadable = N_("The server's answer about the calls could not be read.") },
};

static const enum keymap_scope dp_scopes[] = { KM_DISPLAY };

const struct app_role app_role_display = {
	.name = "display", .first = SCR_CALLS,
	.scopes = dp_scopes, .nscopes = sizeof dp_scopes / sizeof dp_scopes[0],
	.start = dp_start, .reload = dp_refresh, .events = dp_events, .tick = dp_tick,
	.action = dp_action, .replies = dp_replies,
};
