/* The hall's call screen end to end: the real `wicket --display` on a
 * pseudo-terminal (rendered by libvterm) against a real wicketd --demo, the
 * calls made by the test over HTTP as the clerks (no client of theirs):
 * a call reaches the screen within a second, a zone shows its own, a
 * recall is shown as one; the voice, written to WAV files, says a burst of
 * calls and recalls in call order (checked with sox's soxi), repeats and
 * is as loud as configured, never says a call twice across an outage, and is off with a
 * clear message when there is no sound device.  No sleeps: the screen's
 * text is waited for, timeouts are failure bounds. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "client.h"
#include "harness.h"
#include "term.h"
#include "wicket/common/xalloc.h"

#define WAIT 10000   /* ms: a bound for failures, never a pause */
#define SPEAK_WAIT 120000 /* ms: a burst said (written) in full, at the slowest */

static struct wd W;
static char wav_dir[400];

static int setup(void **state)
{
	(void)state;
	wd_start(&W, true, NULL);
	snprintf(wav_dir, sizeof wav_dir, "%s/wav", W.dir);
	return 0;
}

static void clerks_out(void);

static int teardown(void **state)
{
	(void)state;
	clerks_out();
	wd_stop(&W);
	return 0;
}

/* `wicket --display` and args (NULL-terminated, at most 4), rows x cols,
 * in zh_CN.UTF-8, its voice written to wav_dir; once it shows the calls. */
static struct term *display(const char *const more[], int rows, int cols)
{
	const char *args[CLIENT_ARGS_MAX + 1] = { "--display", "--voice-wav-dir", wav_dir };
	int n = 3;
	for (int i = 0; more && more[i]; i++)
		args[n++] = more[i];
	args[n] = NULL;
	struct term *t = client_sign_in(W.url, W.dir, args, "zh_CN.UTF-8", NULL, rows, cols, "display");
	client_expect(t, "等候人数");
	return t;
}

/* The cells drawn in reverse video (the large number's dots) between the
 * title and the row showing sentence, on an 80-column screen. */
static int dots_above(struct term *t, const char *sentence)
{
	int row = term_find_row(t, sentence), dots = 0;
	VTermScreenCellAttrs at;
	for (int r = 2; r < row; r++)
		for (int c = 0; c < 80; c++)
			dots += term_cell_attrs(t, r, c, &at) && at.reverse;
	return dots;
}

static void quit(struct term *t)
{
	term_key(t, VTERM_KEY_FUNCTION(10), VTERM_MOD_NONE);
	assert_int_equal(term_wait_exit(t, WAIT), 0);
	term_close(t);
}

static int64_t ms_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ---- the clerks, over HTTP ---- */

static char *token[11];           /* clerk N's, signed in to window N */

static const char *clerk(int window)
{
	if (!token[window]) {
		char user[16];
		snprintf(user, sizeof user, "clerk%d", window);
		token[window] = wd_login(&W, user, window);
		char path[64];
		snprintf(path, sizeof path, "/api/v1/windows/%d/open", window);
		struct resp r;
		long status = http(&W, "POST", path, token[window], NULL, NULL, &r);
		resp_free(&r);
		assert_true(status == 200 || status == 409);   /* 409: still open from before */
	}
	return token[window];
}

static void clerks_out(void)
{
	for (int i = 0; i < 11; i++) {
		free(token[i]);
		token[i] = NULL;
	}
}

/* Call the next ticket at window; its number into number (8 bytes), its
 * id returned. */
static int64_t call_next(int window, char number[16])
{
	char path[64];
	snprintf(path, sizeof path, "/api/v1/windows/%d/call", window);
	cJSON *t = wd_call(&W, "POST", path, clerk(window), NULL, 200);
	snprintf(number, 16, "%s", jstr(t, "number"));
	int64_t id = (int64_t)jnum(t, "id");
	cJSON_Delete(t);
	return id;
}

/* A ticket's step at window: "recall", "start", "finish". */
static void step(int window, int64_t ticket, const char *what)
{
	char path[96];
	snprintf(path, sizeof path, "/api/v1/tickets/%lld/%s", (long long)ticket, what);
	cJSON_Delete(wd_call(&W, "POST", path, clerk(window), NULL, 200));
}

static void done_with(int window, int64_t ticket)
{
	step(window, ticket, "start");
	step(window, ticket, "finish");
}

/* n more tickets of service, from the kiosk. */
static void issue(const char *service, int n)
{
	char *kiosk = wd_login(&W, "kiosk", 0), body[64];
	snprintf(body, sizeof body, "{\"service\":\"%s\"}", service);
	for (int i = 0; i < n; i++)
		cJSON_Delete(wd_call(&W, "POST", "/api/v1/tickets", kiosk, body, 201));
	free(kiosk);
}

/* ---- the files the voice wrote ---- */

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names in wav_dir (sorted, malloc'd; *n of them); a file being
 * written (".…tmp") fails the test. */
static char **wav_files(size_t *n)
{
	DIR *d = opendir(wav_dir);
	char **v = NULL;
	*n = 0;
	struct dirent *e;
	while (d && (e = readdir(d))) {
		if (e->d_name[0] == '.' && strstr(e->d_name, ".tmp"))
			fail_msg("a WAV file half written: %s", e->d_name);
		if (e->d_name[0] == '.')
			continue;
		v = xreallocarray(v, *n + 1, sizeof *v);
		v[(*n)++] = xstrdup(e->d_name);
	}
	if (d)
		closedir(d);
	qsort(v, *n, sizeof *v, name_cmp);
	return v;
}

static void free_names(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* The number the shell command cmd (about wav_dir/name) prints last. */
static double wav_number(const char *cmd_fmt, const char *name)
{
	char cmd[600], out[128] = "", line[128];
	snprintf(cmd, sizeof cmd, cmd_fmt, wav_dir, name);
	FILE *p = popen(cmd, "r");
	assert_non_null(p);
	while (fgets(line, sizeof line, p))
		snprintf(out, sizeof out, "%s", line);
	assert_int_equal(pclose(p), 0);
	const char *num = strrchr(out, ':');
	return atof(num ? num + 1 : out);
}

/* The seconds of sound in wav_dir/name, by sox's soxi. */
static double wav_seconds(const char *name)
{
	return wav_number("soxi -D '%s/%s' 2>&1", name);
}

/* How loud it is: sox's RMS amplitude (0..1).  espeak-ng's volume 100
 * says these sentences at 0.08-0.10, 150 at 0.12-0.13. */
static double wav_rms(const char *name)
{
	return wav_number("sox '%s/%s' -n stat 2>&1 | grep '^RMS *amplitude'", name);
}
#define RMS_LOUDER 0.108          /* between the two */

/* Wait until the screen says n announcements were written. */
static void written(struct term *t, unsigned n)
{
	char text[64];
	snprintf(text, sizeof text, "已写入 %u 条", n);
	assert_int_equal(term_wait_text(t, text, SPEAK_WAIT), 0);
}

/* ---- the tests ---- */

/* A call made through the API, by no client, is on the screen within a
 * second: large, with the sentence the voice says under it; a call in
 * another zone is not; a recall is shown as one. */
static void test_call_reaches_display(void **state)
{
	(void)state;
	const char *const zone[] = { "--zone", "A", NULL };
	struct term *t = display(zone, 24, 80);
	client_expect(t, "民政服务区");
	client_expect(t, "今天还没有叫号");
	clerk(1);
	clerk(3);
	char number[16], sentence[96];
	int64_t t0 = ms_now();
	int64_t id = call_next(1, number);
	snprintf(sentence, sizeof sentence, "请 %s 号到 1号窗口办理", number);
	assert_int_equal(term_wait_text(t, sentence, 1000), 0);
	int64_t took = ms_now() - t0;
	print_message("# the call was on the screen %lld ms after the API answered it\n", (long long)took);
	assert_true(took <= 1000);
	/* The number itself, large: its rows of dots above the sentence. */
	assert_true(dots_above(t, sentence) > 100);
	/* Zone B's call is not this screen's; the next call of zone A is. */
	char other[16], next[16];
	call_next(3, other);
	call_next(2, next);
	snprintf(sentence, sizeof sentence, "请 %s 号到 2号窗口办理", next);
	client_expect(t, sentence);
	/* Among the earlier calls (the frame may still be arriving). */
	client_expect(t, number);
	assert_false(term_contains(t, other));
	/* A recall: said so, on top again. */
	step(1, id, "recall");
	snprintf(sentence, sizeof sentence, "重呼：请 %s 号到 1号窗口办理", number);
	client_expect(t, sentence);
	client_expect(t, "重呼");
	quit(t);
	clerks_out();
}

/* On a GB18030 terminal (the hall's TV driven by an older PC): the call
 * and the waiting in GB18030 bytes, the number still drawn large and the
 * columns of the earlier calls where a UTF-8 screen has them. */
static void test_display_gb18030(void **state)
{
	(void)state;
	const char *args[] = { "--display", "--voice-wav-dir", wav_dir, NULL };
	struct term *t = client_sign_in(W.url, W.dir, args, "zh_CN.GB18030", NULL, 24, 80, "display");
	client_expect(t, "等候人数");
	clerk(1);
	char number[16], sentence[96];
	clerk(2);
	call_next(1, number);
	snprintf(sentence, sizeof sentence, "请 %s 号到 1号窗口办理", number);
	client_expect(t, sentence);
	/* 请 in GB18030 (C7 EB), never in UTF-8 (E8 AF B7). */
	static const unsigned char gb[] = { 0xc7, 0xeb }, utf8[] = { 0xe8, 0xaf, 0xb7 };
	assert_true(term_saw_bytes(t, gb, sizeof gb));
	assert_false(term_saw_bytes(t, utf8, sizeof utf8));
	assert_true(dots_above(t, sentence) > 100);
	/* The second call pushes the first among the earlier ones, whose
	 * number starts in the first columns as on a UTF-8 screen. */
	char next[16];
	call_next(2, next);
	snprintf(sentence, sizeof sentence, "请 %s 号到 2号窗口办理", next);
	client_expect(t, sentence);
	int earlier = term_find_row(t, "此前叫号");
	assert_true(earlier > 0);
	client_expect(t, number);
	quit(t);
	clerks_out();
}

/* A burst of 20 calls and 4 recalls at two windows, as fast as the API
 * takes them: each is said once, whole, in call order (the files are
 * numbered as they were said), a recall longer than its call (重呼). */
static void test_burst_said_in_order(void **state)
{
	(void)state;
	issue("SOC", 16);
	struct term *t = display(NULL, 24, 80);
	char expect[24][48];
	int64_t at[3] = { 0, 0, 0 };
	char number[16];
	size_t n = 0;
	for (int i = 0; i < 20; i++) {
		int w = 1 + i % 2;
		if (at[w])
			done_with(w, at[w]);
		at[w] = call_next(w, number);
		snprintf(expect[n++], sizeof expect[0], "-called-%s.wav", number);
		if (i % 5 == 4) {
			step(w, at[w], "recall");
			snprintf(expect[n++], sizeof expect[0], "-recalled-%s.wav", number);
		}
	}
	written(t, 24);
	size_t nf;
	char **f = wav_files(&nf);
	assert_int_equal(nf, 24);
	for (size_t i = 0; i < nf; i++) {
		char want[96];
		snprintf(want, sizeof want, "%04zu%.47s", i + 1, expect[i]);
		assert_string_equal(f[i], want);
		double s = wav_seconds(f[i]);
		/* "请 A 零 零 三 号，到 1 号窗口办理": a few seconds, never a cut one. */
		assert_true(s > 2.5 && s < 9.0);
		assert_true(wav_rms(f[i]) > 0.04 && wav_rms(f[i]) < RMS_LOUDER);   /* volume 100 */
		if (strstr(f[i], "-recalled-"))
			assert_true(s > wav_seconds(f[i - 1]) + 0.3);   /* 重呼，… is longer */
	}
	free_names(f, nf);
	quit(t);
	clerks_out();
}

/* Said twice as configured; the server away and back: the screen says
 * offline, then follows on, and the call made before is not said again. */
static void test_outage_never_twice(void **state)
{
	(void)state;
	char conf[400], listen[64];
	snprintf(conf, sizeof conf, "%s/display.conf", W.dir);
	FILE *f = fopen(conf, "w");
	assert_non_null(f);
	fputs("voice-repeat 2\nvoice-volume 150\n", f);
	fclose(f);
	const char *const more[] = { "--config", conf, NULL };
	struct term *t = display(more, 24, 80);
	char number[16], sentence[96];
	int64_t id = call_next(1, number);
	written(t, 1);
	size_t nf;
	char **names = wav_files(&nf);
	assert_int_equal(nf, 1);
	assert_true(wav_seconds(names[0]) > 2 * 2.5 + 0.5);   /* twice, a gap between */
	assert_true(wav_rms(names[0]) > RMS_LOUDER);            /* volume 150 */
	free_names(names, nf);

	snprintf(listen, sizeof listen, "--listen 127.0.0.1:%s", strrchr(W.url, ':') + 1);
	assert_int_equal(wd_term(&W), 0);
	client_expect(t, "离线");
	wd_restart(&W, listen);
	client_expect(t, "在线");
	/* The next call is the second file; nothing of before came again. */
	clerks_out();
	done_with(1, id);
	call_next(1, number);
	snprintf(sentence, sizeof sentence, "请 %s 号到 1号窗口办理", number);
	client_expect(t, sentence);
	written(t, 2);
	names = wav_files(&nf);
	assert_int_equal(nf, 2);
	assert_non_null(strstr(names[1], number));
	free_names(names, nf);
	quit(t);
	clerks_out();
}

/* No sound device: the voice is off and says so; the screen goes on. */
static void test_no_sound_device(void **state)
{
	(void)state;
	char conf[400];
	snprintf(conf, sizeof conf, "%s/nodevice.conf", W.dir);
	FILE *f = fopen(conf, "w");
	assert_non_null(f);
	fputs("voice-device wicket-no-such-device\n", f);
	fclose(f);
	const char *args[] = { "--display", "--config", conf, NULL };
	struct term *t = client_sign_in(W.url, W.dir, args, "zh_CN.UTF-8", NULL, 24, 80, "display");
	client_expect(t, "没有声音设备");
	char number[16], sentence[96];
	call_next(1, number);
	snprintf(sentence, sizeof sentence, "请 %s 号到 1号窗口办理", number);
	client_expect(t, sentence);
	quit(t);
	clerks_out();
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_call_reaches_display),
		T(test_burst_said_in_order),
		T(test_outage_never_twice),
		T(test_no_sound_device),
		T(test_display_gb18030),
	};
#undef T
	return cmocka_run_group_tests(tests, NULL, NULL);
}
