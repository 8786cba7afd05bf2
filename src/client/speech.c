/* speech.c - the hall's voice (speech.h): a speaker process with
 * espeak-ng, one pipe in (lines "TAG\tTEXT"), one pipe out (lines "state
 * on|files|nodevice|failed" and "done TAG"). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <espeak-ng/espeak_ng.h>
#include <espeak-ng/speak_lib.h>

#include "speech.h"
#include "wicket/common/buf.h"
#include "wicket/common/xalloc.h"

#define SPEECH_GAP_MS 800         /* silence between two sayings of one announcement */

struct speech {
	pid_t pid;
	int to, from;             /* the pipes' ends: announcements out, reports in */
	struct buf outbox;        /* what the pipe could not take yet */
	struct buf inbox;         /* a report line read in part */
	enum callscreen_voice state;
	unsigned done;
};

/* ---- the speaker process ---- */

/* The samples of the announcement being written to a file. */
static struct buf speech_samples;

static int speech_collect(short *wav, int n, espeak_EVENT *events)
{
	(void)events;
	if (wav && n > 0)
		buf_add(&speech_samples, wav, (size_t)n * sizeof *wav);
	return 0;
}

static void speech_report(int fd, const char *line)
{
	size_t n = strlen(line);
	if (write(fd, line, n) != (ssize_t)n)
		_exit(0);         /* the client has gone */
}

/* Little-endian 16- and 32-bit numbers of a WAV header. */
static void speech_le(unsigned char *p, uint32_t v, int bytes)
{
	for (int i = 0; i < bytes; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

/* Write the collected samples to dir/tag.wav (16-bit mono PCM at rate),
 * by a temporary file renamed, so that nobody reads half of one. */
static int speech_write_wav(const char *dir, const char *tag, int rate)
{
	unsigned char h[44];
	uint32_t data = (uint32_t)speech_samples.len;
	memcpy(h, "RIFF", 4);
	speech_le(h + 4, 36 + data, 4);
	memcpy(h + 8, "WAVEfmt ", 8);
	speech_le(h + 16, 16, 4);
	speech_le(h + 20, 1, 2);              /* PCM */
	speech_le(h + 22, 1, 2);              /* mono */
	speech_le(h + 24, (uint32_t)rate, 4);
	speech_le(h + 28, (uint32_t)rate * 2, 4);
	speech_le(h + 32, 2, 2);
	speech_le(h + 34, 16, 2);
	memcpy(h + 36, "data", 4);
	speech_le(h + 40, data, 4);
	char *tmp = xasprintf("%s/.%s.wav.tmp", dir, tag), *path = xasprintf("%s/%s.wav", dir, tag);
	FILE *f = fopen(tmp, "wb");
	int rc = f && fwrite(h, 1, sizeof h, f) == sizeof h &&
		 fwrite(speech_samples.data, 1, data, f) == data ? 0 : -1;
	if (f && fclose(f))
		rc = -1;
	if (rc == 0)
		rc = rename(tmp, path);
	free(tmp);
	free(path);
	return rc;
}

/* Say text (or collect it) repeat times, a gap between.  Returns espeak's
 * status of the last failure, or ENS_OK. */
static espeak_ng_STATUS speech_say_now(const char *text, const struct speech_options *o, int rate)
{
	espeak_ng_STATUS st = ENS_OK;
	for (int i = 0; i < o->repeat && st == ENS_OK; i++) {
		if (i > 0 && o->wav_dir) {
			size_t gap = (size_t)rate * SPEECH_GAP_MS / 1000;
			short zero[256] = { 0 };
			for (size_t k = 0; k < gap; k += 256)
				buf_add(&speech_samples, zero, (gap - k < 256 ? gap - k : 256) * sizeof(short));
		} else if (i > 0) {
			usleep(SPEECH_GAP_MS * 1000);
		}
		st = espeak_ng_Synthesize(text, strlen(text) + 1, 0, POS_CHARACTER, 0, espeakCHARS_UTF8,
					  NULL, NULL);
		if (st == ENS_OK)
			st = espeak_ng_Synchronize();
	}
	return st;
}

/* Set espeak-ng up for o: the state to report ("files", "on"), or NULL
 * after reporting why not.  A blank is said first on the sound device:
 * that is when a missing device shows. */
static const char *speech_init(const struct speech_options *o, int out, int *rate)
{
	espeak_ng_InitializePath(NULL);
	espeak_ng_OUTPUT_MODE mode = ENOUTPUT_MODE_SYNCHRONOUS | (o->wav_dir ? 0 : ENOUTPUT_MODE_SPEAK_AUDIO);
	if (espeak_ng_Initialize(NULL) != ENS_OK ||
	    espeak_ng_InitializeOutput(mode, 0, o->wav_dir ? NULL : o->device) != ENS_OK ||
	    espeak_ng_SetVoiceByName(o->voice) != ENS_OK) {
		speech_report(out, "state failed\n");
		return NULL;
	}
	espeak_ng_SetParameter(espeakVOLUME, o->volume, 0);
	*rate = espeak_ng_GetSampleRate();
	if (o->wav_dir) {
		espeak_SetSynthCallback(speech_collect);
		return "files";
	}
	espeak_ng_STATUS st = speech_say_now(" ", &(struct speech_options){ .repeat = 1 }, *rate);
	if (st != ENS_OK) {
		speech_report(out, st == ENS_AUDIO_ERROR ? "state nodevice\n" : "state failed\n");
		return NULL;
	}
	return "on";
}

/* The speaker: announcements from in, one at a time, until in ends. */
static void speech_child(int in, int out, const struct speech_options *o)
{
	int rate = 0;
	const char *state = speech_init(o, out, &rate);
	if (!state)
		_exit(0);
	char line[32];
	snprintf(line, sizeof line, "state %s\n", state);
	speech_report(out, line);
	FILE *f = fdopen(in, "r");
	char *text = NULL;
	size_t cap = 0;
	while (f && getline(&text, &cap, f) > 0) {
		text[strcspn(text, "\n")] = '\0';
		char *tab = strchr(text, '\t');
		if (!tab)
			continue;
		*tab++ = '\0';
		speech_samples.len = 0;
		espeak_ng_STATUS st = speech_say_now(tab, o, rate);
		if (st == ENS_OK && o->wav_dir && speech_write_wav(o->wav_dir, text, rate) != 0)
			st = ENS_AUDIO_ERROR;
		if (st != ENS_OK) {
			speech_report(out, st == ENS_AUDIO_ERROR && !o->wav_dir ? "state nodevice\n" :
					   "state failed\n");
			_exit(0);
		}
		char *done = xasprintf("done %s\n", text);
		speech_report(out, done);
		free(done);
	}
	_exit(0);
}

/* In the child: nothing of the client's but the two pipes; its output
 * and the sound stack's complaints go nowhere. */
static void speech_detach(int keep1, int keep2)
{
	int null = open("/dev/null", O_RDWR);
	for (int fd = 0; fd < 3; fd++)
		if (null >= 0 && null != fd)
			dup2(null, fd);
	long max = sysconf(_SC_OPEN_MAX);
	for (int fd = 3; fd < (max > 0 && max < 4096 ? max : 4096); fd++)
		if (fd != keep1 && fd != keep2)
			close(fd);
	signal(SIGPIPE, SIG_DFL);
}

struct speech *speech_start(const struct speech_options *o)
{
	int down[2], up[2];
	if (pipe(down))
		return NULL;
	if (pipe(up)) {
		close(down[0]);
		close(down[1]);
		return NULL;
	}
	pid_t pid = fork();
	if (pid < 0) {
		int e = errno;
		close(down[0]), close(down[1]), close(up[0]), close(up[1]);
		errno = e;
		return NULL;
	}
	if (pid == 0) {
		close(down[1]);
		close(up[0]);
		speech_detach(down[0], up[1]);
		speech_child(down[0], up[1], o);
	}
	close(down[0]);
	close(up[1]);
	struct speech *sp = xcalloc(1, sizeof *sp);
	sp->pid = pid;
	sp->to = down[1];
	sp->from = up[0];
	sp->state = VOICE_STARTING;
	fcntl(sp->to, F_SETFL, fcntl(sp->to, F_GETFL) | O_NONBLOCK);
	fcntl(sp->from, F_SETFL, fcntl(sp->from, F_GETFL) | O_NONBLOCK);
	fcntl(sp->to, F_SETFD, FD_CLOEXEC);
	fcntl(sp->from, F_SETFD, FD_CLOEXEC);
	return sp;
}

/* Send what waits in the outbox, as much as the pipe takes now. */
static void speech_flush(struct speech *sp)
{
	while (sp->to >= 0 && sp->outbox.len > 0) {
		ssize_t n = write(sp->to, sp->outbox.data, sp->outbox.len);
		if (n <= 0) {
			if (n < 0 && errno != EAGAIN && errno != EINTR) {
				sp->outbox.len = 0;     /* the speaker is gone */
			}
			return;
		}
		memmove(sp->outbox.data, sp->outbox.data + n, sp->outbox.len - (size_t)n);
		sp->outbox.len -= (size_t)n;
	}
}

/* Copy s into the outbox, each byte of stop (and control characters)
 * as '_' (clean: only letters, digits and '-' pass). */
static void speech_put(struct speech *sp, const char *s, bool clean)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		bool ok = clean ? (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
				  c == '-' : c >= 0x20 && c != 0x7f;
		buf_addc(&sp->outbox, ok ? (char)c : '_');
	}
}

void speech_say(struct speech *sp, const char *tag, const char *text)
{
	if (!sp || sp->state == VOICE_NO_DEVICE || sp->state == VOICE_FAILED)
		return;
	speech_put(sp, tag, true);
	buf_addc(&sp->outbox, '\t');
	speech_put(sp, text, false);
	buf_addc(&sp->outbox, '\n');
	speech_flush(sp);
}

/* One report line of the speaker. */
static void speech_line(struct speech *sp, const char *line)
{
	if (strncmp(line, "done ", 5) == 0)
		sp->done++;
	else if (strcmp(line, "state on") == 0)
		sp->state = VOICE_ON;
	else if (strcmp(line, "state files") == 0)
		sp->state = VOICE_FILES;
	else if (strcmp(line, "state nodevice") == 0)
		sp->state = VOICE_NO_DEVICE;
	else if (strcmp(line, "state failed") == 0)
		sp->state = VOICE_FAILED;
}

bool speech_poll(struct speech *sp, enum callscreen_voice *state, unsigned *done)
{
	if (!sp)
		return false;
	enum callscreen_voice was = sp->state;
	unsigned done_was = sp->done;
	speech_flush(sp);
	char chunk[512];
	ssize_t n = -1;
	while (sp->from >= 0 && (n = read(sp->from, chunk, sizeof chunk)) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			break;            /* EAGAIN: all read */
		}
		buf_add(&sp->inbox, chunk, (size_t)n);
		char *nl;
		while ((nl = memchr(sp->inbox.data, '\n', sp->inbox.len))) {
			*nl = '\0';
			speech_line(sp, sp->inbox.data);
			size_t used = (size_t)(nl - sp->inbox.data) + 1;
			memmove(sp->inbox.data, sp->inbox.data + used, sp->inbox.len - used);
			sp->inbox.len -= used;
		}
	}
	if (sp->from >= 0 && n == 0) {
		/* The speaker ended: it said why, or it died. */
		close(sp->from);
		sp->from = -1;
		if (sp->state == VOICE_ON || sp->state == VOICE_FILES || sp->state == VOICE_STARTING)
			sp->state = VOICE_FAILED;
	}
	*state = sp->state;
	*done = sp->done;
	return sp->state != was || sp->done != done_was;
}

void speech_stop(struct speech *sp)
{
	if (!sp)
		return;
	if (sp->to >= 0)
		close(sp->to);
	if (sp->from >= 0)
		close(sp->from);
	kill(sp->pid, SIGTERM);
	waitpid(sp->pid, NULL, 0);
	buf_free(&sp->outbox);
	buf_free(&sp->inbox);
	free(sp);
}
