/* test_hostile.c - hostile text against a real wicketd.
 *
 * Every piece of free text a client sends (an applicant's name, a pause,
 * suspension or transfer reason, a rating comment) is sent holding terminal
 * escape sequences (ESC [ 2 J, an OSC 52 clipboard write, CSI in its 8-bit
 * form U+009B, other C1 controls), DEL, NUL, a bidi override, invalid UTF-8
 * (overlong, an encoded surrogate, a truncated sequence) and 10,000
 * characters of ASCII and of CJK.  Each must be refused with 400 and a
 * documented code while the record and the event feed stay as they were;
 * legitimate text (at the length limit, mixed scripts, combining marks,
 * characters outside the BMP) must be stored and come back byte-identical.
 * Error replies must be valid UTF-8 and hold no control character even
 * where they quote what was sent.
 *
 * The demo hall's JSON files are text that reaches every clerk's screen:
 * wicketd must refuse to start on files holding control characters or
 * invalid UTF-8, naming the file and the field, and must not leave half a
 * hall in the database. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <curl/curl.h>

#include "harness.h"
#include "wicket/common/buf.h"
#include "wicket/common/utf8.h"
#include "wicket/common/xalloc.h"

#define ID_NUMBER "510823199001011238"
#define PHONE "13812345678"

static struct wd W;
static char *kiosk, *clerk1, *sup;

/* ---- the hostile values: JSON string tokens, quotes included ---- */

struct hostile {
	const char *label;
	const char *token;         /* may hold NUL: len says how long */
	size_t len;
	long status;
	const char *code;
};

#define H(label, tok, status, code) { label, tok, sizeof tok - 1, status, code }
static const struct hostile hostiles[] = {
	H("ESC [ 2 J", "\"x\\u001b[2Jy\"", 400, "invalid_field"),
	H("raw ESC [ 2 J", "\"x\x1b[2J\x1b[Hy\"", 400, "invalid_field"),
	H("OSC 52", "\"\\u001b]52;c;cm0gLXJmIH4=\\u0007\"", 400, "invalid_field"),
	H("raw OSC 52", "\"\x1b]52;c;cm0gLXJmIH4=\x07\"", 400, "invalid_field"),
	H("8-bit CSI", "\"x\xc2\x9b" "2Jy\"", 400, "invalid_field"),
	H("8-bit CSI escaped", "\"x\\u009b31my\"", 400, "invalid_field"),
	H("8-bit OSC and ST", "\"\xc2\x9d" "52;c;eA==\xc2\x9c\"", 400, "invalid_field"),
	H("NEL", "\"a\\u0085b\"", 400, "invalid_field"),
	H("DCS", "\"a\xc2\x90" "b\"", 400, "invalid_field"),
	H("DEL", "\"a\\u007fb\"", 400, "invalid_field"),
	H("raw DEL", "\"a\x7f" "b\"", 400, "invalid_field"),
	H("NUL escaped", "\"ab\\u0000cd\"", 400, "invalid_field"),
	H("NUL raw", "\"ab\0cd\"", 400, "invalid_field"),
	H("bidi override", "\"abc\\u202edef\"", 400, "invalid_field"),
	H("raw bidi override", "\"abc\xe2\x80\xae" "def\"", 400, "invalid_field"),
	H("bidi isolate", "\"abc\xe2\x81\xa6" "def\"", 400, "invalid_field"),
	H("newline", "\"a\\nb\"", 400, "invalid_field"),
	H("overlong /", "\"a\xc0\xaf" "b\"", 400, "invalid_utf8"),
	H("overlong 3-byte", "\"a\xe0\x80\xaf" "b\"", 400, "invalid_utf8"),
	H("encoded surrogate", "\"a\xed\xa0\x80" "b\"", 400, "invalid_utf8"),
	H("truncated", "\"a\xe4\xb8\"", 400, "invalid_utf8"),
	H("lone continuation", "\"a\x80" "b\"", 400, "invalid_utf8"),
	H("lone surrogate escape", "\"a\\ud800b\"", 400, "bad_json"),
};
#define NHOSTILE (sizeof hostiles / sizeof hostiles[0])

/* n copies of unit as a JSON string token (malloc'd, *len its length). */
static char *repeat_token(const char *unit, size_t n, size_t *len)
{
	struct buf b = BUF_INIT;
	buf_addc(&b, '"');
	for (size_t i = 0; i < n; i++)
		buf_adds(&b, unit);
	buf_addc(&b, '"');
	*len = b.len;
	return buf_steal(&b);
}

/* ---- requests ---- */

/* One request that must answer want; returns the parsed reply. */
static cJSON *req(const char *method, const char *path, const char *token, const char *body,
		  long want)
{
	return wd_call(&W, method, path, token, body, want);
}

static int64_t events_last(void)
{
	cJSON *j = req("GET", "/api/v1/events", sup, NULL, 200);
	int64_t last = (int64_t)jnum(j, "last");
	cJSON_Delete(j);
	return last;
}

/* The error reply of r is clean: valid UTF-8, and nothing in it (a quoted
 * path or code included) a terminal could act on. */
static void assert_clean_reply(const struct resp *r, const char *what)
{
	size_t len = strlen(r->body);
	if (!utf8_valid(r->body, len))
		fail_msg("%s: the reply is not valid UTF-8: %s", what, r->body);
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		i += utf8_decode(r->body + i, len - i, &cp);
		if (utf8_cp_unsafe(cp))
			fail_msg("%s: the reply holds U+%04X", what, (unsigned)cp);
	}
	assert_non_null(r->json);
}

/* A place free text goes: the body around the value, and the record that
 * must not move when the value is refused (GET get, these members). */
struct target {
	const char *name;
	const char *path;
	const char *before, *after;  /* the body is before VALUE after */
	const char *get;
	const char *within;          /* the record is the first of this array, or NULL */
	const char *members[4];
};

/* The members of the record, printed: what must not change. */
static char *snapshot(const struct target *t)
{
	cJSON *j = req("GET", t->get, sup, NULL, 200);
	const cJSON *rec = t->within ? cJSON_GetArrayItem(cJSON_GetObjectItem(j, t->within), 0) : j;
	assert_non_null(rec);
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < 4 && t->members[i]; i++) {
		char *m = cJSON_PrintUnformatted(cJSON_GetObjectItemCaseSensitive(rec, t->members[i]));
		buf_printf(&b, "%s=%s;", t->members[i], m ? m : "(absent)");
		free(m);
	}
	cJSON_Delete(j);
	return buf_steal(&b);
}

/* Send the value (len bytes of JSON token) to t: must fail with status and
 * code and change nothing. */
static void refused(const struct target *t, const char *label, const char *token, size_t len,
		    long status, const char *code)
{
	char *was = snapshot(t);
	int64_t last = events_last();
	struct buf body = BUF_INIT;
	buf_adds(&body, t->before);
	buf_add(&body, token, len);
	buf_adds(&body, t->after);
	struct resp r;
	http_raw(&W, "POST", t->path, clerk1, body.data, body.len, NULL, &r);
	if (r.status != status || strcmp(resp_error_code(&r), code) != 0)
		fail_msg("%s with %s: wanted %ld %s, got %ld %s", t->name, label, status, code,
			 r.status, r.body);
	assert_clean_reply(&r, label);
	resp_free(&r);
	buf_free(&body);
	char *now = snapshot(t);
	if (strcmp(was, now) != 0)
		fail_msg("%s with %s: the record moved from %s to %s", t->name, label, was, now);
	if (events_last() != last)
		fail_msg("%s with %s: the event feed moved", t->name, label);
	free(was);
	free(now);
}

/* Every hostile value, 10,000 characters of ASCII and of CJK, and one
 * more than the limit of max characters: all refused. */
static void refuse_all(const struct target *t, size_t max)
{
	for (size_t i = 0; i < NHOSTILE; i++)
		refused(t, hostiles[i].label, hostiles[i].token, hostiles[i].len, hostiles[i].status,
			hostiles[i].code);
	static const struct { const char *unit; size_t n; const char *label; } longs[] = {
		{ "a", 10000, "10,000 ASCII" }, { "长", 10000, "10,000 CJK" },
		{ "x", 0, "one over the limit" }, { "说", 0, "one CJK over the limit" },
	};
	for (size_t i = 0; i < sizeof longs / sizeof longs[0]; i++) {
		size_t len;
		char *tok = repeat_token(longs[i].unit, longs[i].n ? longs[i].n : max + 1, &len);
		refused(t, longs[i].label, tok, len, 400, "invalid_field");
		free(tok);
	}
	/* Over the body limit: refused before it is read as JSON. */
	size_t len;
	char *tok = repeat_token("长", 30000, &len);
	refused(t, "90 KB", tok, len, 413, "payload_too_large");
	free(tok);
}

/* ---- legitimate text ---- */

/* Mixed scripts, a combining acute (e + U+0301), an emoji outside the BMP,
 * Arabic letters (no bidi controls), the ideographic space and middle dot
 * of Chinese names. */
#define MIXED "Zoë Ångström-李小龙 · محمد 😀 e\xcc\x81 阿卜杜勒\xe3\x80\x80阿齐兹"

/* n copies of unit, as text (malloc'd). */
static char *repeat_text(const char *unit, size_t n)
{
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < n; i++)
		buf_adds(&b, unit);
	return buf_steal(&b);
}

/* {"<member>": text} printed (text is escaped by cJSON as need be). */
static char *body_with(const char *member, const char *text, const char *more)
{
	cJSON *b = more ? cJSON_Parse(more) : cJSON_CreateObject();
	cJSON_AddStringToObject(b, member, text);
	char *s = cJSON_PrintUnformatted(b);
	cJSON_Delete(b);
	return s;
}

/* ---- the hall: window 1 open, a ticket at it ---- */

/* Issue a ticket for service and call it to window 1: its id. */
static int64_t ticket_at_window(const char *service)
{
	char body[64];
	snprintf(body, sizeof body, "{\"service\":\"%s\"}", service);
	cJSON *t = req("POST", "/api/v1/tickets", kiosk, body, 201);
	int64_t id = (int64_t)jnum(t, "id");
	cJSON_Delete(t);
	snprintf(body, sizeof body, "{\"ticket\":%lld}", (long long)id);
	cJSON_Delete(req("POST", "/api/v1/windows/1/call", clerk1, body, 200));
	return id;
}

static void ticket_step(int64_t id, const char *step)
{
	char path[96];
	snprintf(path, sizeof path, "/api/v1/tickets/%lld/%s", (long long)id, step);
	cJSON_Delete(req("POST", path, clerk1, NULL, 200));
}

/* Serve the ticket at window 1 to its end, freeing the window. */
static void ticket_done(int64_t id)
{
	ticket_step(id, "start");
	ticket_step(id, "finish");
}

static char *case_body(int64_t ticket, const char *name)
{
	char more[128];
	snprintf(more, sizeof more, "{\"ticket\":%lld,\"matter\":\"SOC-03\",\"received\":[1,2,3,4]}",
		 (long long)ticket);
	cJSON *b = cJSON_Parse(more);
	cJSON *a = cJSON_AddObjectToObject(b, "applicant");
	cJSON_AddStringToObject(a, "name", name);
	cJSON_AddStringToObject(a, "id_number", ID_NUMBER);
	cJSON_AddStringToObject(a, "phone", PHONE);
	char *s = cJSON_PrintUnformatted(b);
	cJSON_Delete(b);
	return s;
}

/* An accepted case (SOC-03, promised) on ticket: its id. */
static int64_t accepted_case(int64_t ticket)
{
	char *body = case_body(ticket, "张三");
	cJSON *c = req("POST", "/api/v1/cases", clerk1, body, 201);
	free(body);
	assert_string_equal(jstr(c, "status"), "accepted");
	int64_t id = (int64_t)jnum(c, "id");
	cJSON_Delete(c);
	return id;
}

static void case_step(int64_t id, const char *step, const char *body)
{
	char path[96];
	snprintf(path, sizeof path, "/api/v1/cases/%lld/%s", (long long)id, step);
	cJSON_Delete(req("POST", path, clerk1, body, 200));
}

static int setup(void **state)
{
	(void)state;
	wd_start(&W, true, NULL);
	kiosk = wd_login(&W, "kiosk", 0);
	clerk1 = wd_login(&W, "clerk1", 1);
	sup = wd_login(&W, "supervisor", 0);
	cJSON_Delete(req("POST", "/api/v1/windows/1/open", clerk1, NULL, 200));
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	wd_stop(&W);
	free(kiosk);
	free(clerk1);
	free(sup);
	return 0;
}

/* ---- the tests ---- */

static void test_applicant_name(void **state)
{
	(void)state;
	int64_t tk = ticket_at_window("SOC");
	char before[160];
	snprintf(before, sizeof before, "{\"ticket\":%lld,\"matter\":\"SOC-03\",\"received\":[1,2,3,4],"
		 "\"applicant\":{\"id_number\":\"" ID_NUMBER "\",\"phone\":\"" PHONE "\",\"name\":",
		 (long long)tk);
	const struct target t = { "applicant.name", "/api/v1/cases", before, "}}",
				  "/api/v1/cases?window=1&status=all", NULL, { "cases" } };
	refuse_all(&t, 50);

	char *fifty = repeat_text("龘", 50);
	const char *good[] = { MIXED, fifty };
	for (size_t i = 0; i < 2; i++) {
		char *body = case_body(tk, good[i]);
		cJSON *c = req("POST", "/api/v1/cases", clerk1, body, 201);
		free(body);
		assert_string_equal(jstr(cJSON_GetObjectItem(c, "applicant"), "name"), good[i]);
		char path[96];
		snprintf(path, sizeof path, "/api/v1/cases/%lld", (long long)jnum(c, "id"));
		cJSON_Delete(c);
		c = req("GET", path, sup, NULL, 200);
		assert_string_equal(jstr(cJSON_GetObjectItem(c, "applicant"), "name"), good[i]);
		cJSON_Delete(c);
	}
	free(fifty);
	ticket_done(tk);
}

static void test_pause_reason(void **state)
{
	(void)state;
	const struct target t = { "pause reason", "/api/v1/windows/1/pause", "{\"reason\":", "}",
				  "/api/v1/windows", "windows", { "status", "pause_reason", "status_since" } };
	refuse_all(&t, 100);
	char *hundred = repeat_text("休", 100);
	const char *good[] = { MIXED, hundred };
	for (size_t i = 0; i < 2; i++) {
		int64_t last = events_last();
		char *body = body_with("reason", good[i], NULL);
		cJSON *w = req("POST", "/api/v1/windows/1/pause", clerk1, body, 200);
		free(body);
		assert_string_equal(jstr(w, "pause_reason"), good[i]);
		cJSON_Delete(w);
		w = req("GET", "/api/v1/windows", sup, NULL, 200);
		assert_string_equal(jstr(cJSON_GetArrayItem(cJSON_GetObjectItem(w, "windows"), 0),
					 "pause_reason"), good[i]);
		cJSON_Delete(w);
		/* The event carries it too, byte for byte. */
		char path[96];
		snprintf(path, sizeof path, "/api/v1/events?since=%lld", (long long)last);
		cJSON *e = req("GET", path, sup, NULL, 200);
		const cJSON *ev = cJSON_GetArrayItem(cJSON_GetObjectItem(e, "events"), 0);
		assert_string_equal(jstr(ev, "kind"), "window.status");
		assert_string_equal(jstr(cJSON_GetObjectItem(ev, "data"), "reason"), good[i]);
		cJSON_Delete(e);
		cJSON_Delete(req("POST", "/api/v1/windows/1/open", clerk1, NULL, 200));
	}
	free(hundred);
}

static void test_suspend_reason(void **state)
{
	(void)state;
	int64_t tk = ticket_at_window("SOC");
	int64_t id = accepted_case(tk);
	char path[96], get[96];
	snprintf(path, sizeof path, "/api/v1/cases/%lld/suspend", (long long)id);
	snprintf(get, sizeof get, "/api/v1/cases/%lld", (long long)id);
	const struct target t = { "suspend reason", path, "{\"reason\":", "}", get, NULL,
				  { "status", "suspensions", "due" } };
	refuse_all(&t, 200);
	char *most = repeat_text("审", 200);
	const char *good[] = { MIXED, most };
	for (size_t i = 0; i < 2; i++) {
		char *body = body_with("reason", good[i], NULL);
		cJSON *c = req("POST", path, clerk1, body, 200);
		free(body);
		cJSON_Delete(c);
		c = req("GET", get, sup, NULL, 200);
		const cJSON *s = cJSON_GetArrayItem(cJSON_GetObjectItem(c, "suspensions"), (int)i);
		assert_string_equal(jstr(s, "reason"), good[i]);
		cJSON_Delete(c);
		case_step(id, "resume", NULL);
	}
	free(most);
	ticket_done(tk);
}

static void test_rating_comment(void **state)
{
	(void)state;
	int64_t tk = ticket_at_window("SOC");
	char *most = repeat_text("好", 200);
	const char *good[] = { MIXED, most };
	int64_t ids[2];
	for (size_t i = 0; i < 2; i++) {
		ids[i] = accepted_case(tk);
		case_step(ids[i], "complete", NULL);
	}
	char path[96], get[96];
	snprintf(path, sizeof path, "/api/v1/cases/%lld/rating", (long long)ids[0]);
	snprintf(get, sizeof get, "/api/v1/cases/%lld", (long long)ids[0]);
	const struct target t = { "rating comment", path, "{\"level\":4,\"comment\":", "}", get, NULL,
				  { "rating", "rating_comment" } };
	refuse_all(&t, 200);
	for (size_t i = 0; i < 2; i++) {
		char *body = body_with("comment", good[i], "{\"level\":5}");
		snprintf(path, sizeof path, "/api/v1/cases/%lld/rating", (long long)ids[i]);
		snprintf(get, sizeof get, "/api/v1/cases/%lld", (long long)ids[i]);
		cJSON_Delete(req("POST", path, clerk1, body, 200));
		free(body);
		cJSON *c = req("GET", get, sup, NULL, 200);
		assert_string_equal(jstr(c, "rating_comment"), good[i]);
		assert_int_equal((int)jnum(c, "rating"), 5);
		cJSON_Delete(c);
	}
	free(most);
	ticket_done(tk);
}

static void test_transfer_reason(void **state)
{
	(void)state;
	int64_t tk = ticket_at_window("SOC");
	char path[96], get[96];
	snprintf(path, sizeof path, "/api/v1/tickets/%lld/transfer", (long long)tk);
	snprintf(get, sizeof get, "/api/v1/tickets/%lld", (long long)tk);
	const struct target t = { "transfer reason", path, "{\"service\":\"MAR\",\"reason\":", "}", get, NULL,
				  { "status", "transferred_to", "window" } };
	refuse_all(&t, 100);
	int64_t last = events_last();
	char *body = body_with("reason", MIXED, "{\"service\":\"MAR\"}");
	cJSON_Delete(req("POST", path, clerk1, body, 200));
	free(body);
	snprintf(path, sizeof path, "/api/v1/events?since=%lld", (long long)last);
	cJSON *e = req("GET", path, sup, NULL, 200);
	const cJSON *ev = cJSON_GetArrayItem(cJSON_GetObjectItem(e, "events"), 0);
	assert_string_equal(jstr(ev, "kind"), "ticket.transferred");
	assert_string_equal(jstr(cJSON_GetObjectItem(ev, "data"), "reason"), MIXED);
	cJSON_Delete(e);
}

/* Where a reply quotes what was sent (an unknown code, a path), nothing of
 * it comes back raw, and the reply stays valid UTF-8 however long it is. */
static void test_quoted_in_errors(void **state)
{
	(void)state;
	const struct target issue = { "service code", "/api/v1/tickets", "{\"service\":", "}",
				      "/api/v1/windows", "windows", { "waiting" } };
	for (size_t i = 0; i < NHOSTILE; i++) {
		long want = hostiles[i].status;
		const char *code = hostiles[i].code;
		/* A control character in a code is simply not a known code. */
		if (strcmp(code, "invalid_field") == 0 && strstr(hostiles[i].label, "NUL") == NULL) {
			want = 404;
			code = "unknown_service";
		}
		refused(&issue, hostiles[i].label, hostiles[i].token, hostiles[i].len, want, code);
	}
	size_t len;
	char *tok = repeat_token("长", 10000, &len);
	refused(&issue, "10,000 CJK", tok, len, 404, "unknown_service");
	free(tok);

	static const char *const paths[] = {
		"/api/v1/x%1b%5b2J", "/api/v1/x%1b%5d52;c;eA==%07", "/api/v1/x%c2%9b2J", "/api/v1/x%7f",
		"/api/v1/x%e2%80%ae", "/api/v1/x%ff%fe", "/api/v1/x%c0%af", "/api/v1/x%e4%b8",
		"/api/v1/tickets/%c2%9b1",
	};
	for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
		struct resp r;
		http(&W, "GET", paths[i], sup, NULL, NULL, &r);
		assert_int_equal(r.status, 404);
		assert_clean_reply(&r, paths[i]);
		resp_free(&r);
	}
}

/* ---- the demo hall's files ---- */

struct poison {
	const char *file;      /* under demo/ */
	const char *find;      /* the first occurrence is replaced */
	const char *with;
	const char *message;   /* what the error must say besides the file */
};

static const struct poison poisons[] = {
	{ "hall.json", "\"1号窗口\"", "\"1号窗口\\u001b[2J\"", "windows[0].name" },
	{ "hall.json", "\"民政服务区\"", "\"民政\\u202e服务区\"", "U+202E" },
	{ "hall.json", "\"clerk3\"", "\"clerk3\x7f\"", "U+007F" },
	{ "matters.json", "\"本人有效居民身份证\"", "\"本人\xc2\x9b" "31m有效居民身份证\"", "materials[0].name" },
	{ "matters.json", "\"内地居民结婚登记\"", "\"内地居民\xc0\xaf结婚登记\"", "[0].name" },
	{ "matters.json", "\"steps\"", "\"st\xed\xa0\x80ps\"", "not valid UTF-8" },
	{ "matters.json", "\"免费\"", "\"免\\u0000费\"", "NUL" },
	{ "matters.json", "\"免费\"", "\"\\u001b]52;c;eA==\\u0007\"", "fee" },
	{ "tickets.json", "\"PEN\"", "\"PEN\\u0085\"", "[0].service" },
};

/* The files of data/demo with one string poisoned, into dir. */
static void poison_data(const struct poison *p, const char *dir)
{
	data_copy(getenv("WICKET_DATADIR"), dir);
	char path[512];
	snprintf(path, sizeof path, "%s/demo/%s", dir, p->file);
	struct buf b = BUF_INIT;
	assert_int_equal(buf_read_file(&b, path, 1 << 24), 0);
	char *at = strstr(b.data, p->find);
	assert_non_null(at);
	struct buf out = BUF_INIT;
	buf_add(&out, b.data, (size_t)(at - b.data));
	buf_adds(&out, p->with);
	buf_adds(&out, at + strlen(p->find));
	snprintf(path, sizeof path, "demo/%s", p->file);
	file_write(dir, path, out.data, out.len);
	buf_free(&b);
	buf_free(&out);
}

static void test_seed_refuses_hostile_data(void **state)
{
	(void)state;
	char dir[256];
	tmp_make(dir, sizeof dir);
	struct wd w = { 0 };
	snprintf(w.db, sizeof w.db, "%s/wicketd.db", dir);
	for (size_t i = 0; i < sizeof poisons / sizeof poisons[0]; i++) {
		const struct poison *p = &poisons[i];
		char data[320], args[1024], err[4096];
		snprintf(data, sizeof data, "%s/data%zu", dir, i);
		poison_data(p, data);
		snprintf(args, sizeof args, "--listen 127.0.0.1:0 --db %s --demo --data %s", w.db, data);
		if (wd_run(args, err, sizeof err) == 0)
			fail_msg("wicketd started on %s with %s", p->file, p->with);
		if (!strstr(err, p->file) || !strstr(err, p->message))
			fail_msg("%s: the error names neither the file nor %s: %s", p->file, p->message, err);
		/* Its log is safe to read on a terminal too. */
		assert_null(strchr(err, 0x1b));
		assert_null(strstr(err, "\xc2\x9b"));
	}
	/* Nothing was half loaded: on the same database the good files seed
	 * the whole hall (a half-seeded one would be left as it is). */
	char args[512];
	snprintf(args, sizeof args, "--demo --data %s", getenv("WICKET_DATADIR"));
	wd_restart(&w, args);
	char *s = wd_login(&w, "supervisor", 0);
	struct resp r;
	assert_int_equal(http(&w, "GET", "/api/v1/windows", s, NULL, NULL, &r), 200);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(r.json, "windows")), 11);
	const cJSON *win;
	int waiting = 0;
	cJSON_ArrayForEach(win, cJSON_GetObjectItem(r.json, "windows"))
		waiting += (int)jnum(win, "waiting");
	assert_true(waiting > 0);
	resp_free(&r);
	assert_int_equal(http(&w, "GET", "/api/v1/matters", s, NULL, NULL, &r), 200);
	assert_true(cJSON_GetArraySize(cJSON_GetObjectItem(r.json, "matters")) > 20);
	resp_free(&r);
	free(s);
	wd_term(&w);
	tmp_remove(dir);
}

int main(void)
{
	curl_global_init(CURL_GLOBAL_DEFAULT);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_applicant_name),
		cmocka_unit_test(test_pause_reason),
		cmocka_unit_test(test_suspend_reason),
		cmocka_unit_test(test_rating_comment),
		cmocka_unit_test(test_transfer_reason),
		cmocka_unit_test(test_quoted_in_errors),
		cmocka_unit_test(test_seed_refuses_hostile_data),
	};
	int rc = cmocka_run_group_tests(tests, setup, teardown);
	curl_global_cleanup();
	return rc;
}
