/* test_requests.c - requests refused before any handler runs, and the
 * client's address behind a trusted proxy, against a real wicketd.
 *
 * Requests are written byte for byte on a socket (libcurl would tidy them
 * up): a POST that is not JSON (text/plain, as a web page may send it
 * without asking, or without a type at all) is 415; a body with bytes after
 * its JSON object, a Content-Length or an Idempotency-Key given twice, and
 * an Idempotency-Key longer than 200 characters are 400; an id in a path
 * written "+1", " 1" or "1%00" is no id.  Each refusal changes nothing.
 *
 * With --trusted-proxy 127.0.0.1, a failed sign-in is counted against the
 * address the proxy forwards (X-Forwarded-For, read from its right end),
 * and a locked-out counter does not lock out the others behind the same
 * proxy; from any other address the header is not believed. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <arpa/inet.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <cmocka.h>

#include "harness.h"
#include "wicket/common/buf.h"
#include "wicket/common/sha256.h"
#include "wicket/common/xalloc.h"

static struct wd W;

/* The port of W. */
static int wd_port(void)
{
	const char *colon = strrchr(W.url, ':');
	assert_non_null(colon);
	return atoi(colon + 1);
}

/* Send the raw request text (len bytes) from the loopback address `from`
 * and return the whole answer (malloc'd, NUL-terminated); the server
 * closes the connection (Connection: close is in every request here). */
static char *raw_send(const char *from, const char *text, size_t len)
{
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	assert_true(fd >= 0);
	struct sockaddr_in src = { .sin_family = AF_INET };
	assert_int_equal(inet_pton(AF_INET, from, &src.sin_addr), 1);
	assert_int_equal(bind(fd, (struct sockaddr *)&src, sizeof src), 0);
	struct sockaddr_in dst = { .sin_family = AF_INET, .sin_port = htons((uint16_t)wd_port()) };
	inet_pton(AF_INET, "127.0.0.1", &dst.sin_addr);
	assert_int_equal(connect(fd, (struct sockaddr *)&dst, sizeof dst), 0);
	assert_int_equal(write(fd, text, len), (ssize_t)len);
	struct buf b = BUF_INIT;
	char chunk[4096];
	ssize_t n;
	while ((n = read(fd, chunk, sizeof chunk)) > 0)
		buf_add(&b, chunk, (size_t)n);
	close(fd);
	return buf_steal(&b);
}

/* A request of method to path with the header lines `headers` (each ending
 * in \r\n; may be "") and body (len bytes; Content-Length added unless the
 * headers give one).  Returns the status; the answer's error code into
 * code[64] ("" when none). */
static long raw(const char *method, const char *path, const char *headers, const char *body, size_t len,
		char code[64])
{
	struct buf req = BUF_INIT;
	buf_printf(&req, "%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n%s", method, path,
		   headers);
	if (!strstr(headers, "Content-Length:"))
		buf_printf(&req, "Content-Length: %zu\r\n", len);
	buf_printf(&req, "\r\n");
	buf_add(&req, body, len);
	char *answer = raw_send("127.0.0.1", req.data, req.len);
	buf_free(&req);
	long status = 0;
	sscanf(answer, "HTTP/1.1 %ld", &status);
	code[0] = '\0';
	const char *c = strstr(answer, "\"code\":\"");
	if (c)
		sscanf(c + 8, "%63[^\"]", code);
	free(answer);
	return status;
}

#define JSON "Content-Type: application/json\r\n"

/* raw() that must answer status with the error code (NULL: no error). */
static void expect(const char *method, const char *path, const char *headers, const char *body, long status,
		   const char *want_code)
{
	char code[64];
	long got = raw(method, path, headers, body, strlen(body), code);
	if (got != status || strcmp(code, want_code ? want_code : "") != 0)
		fail_msg("%s %s [%s] %s: wanted %ld %s, got %ld %s", method, path, headers, body, status,
			 want_code ? want_code : "", got, code);
}

static int setup(void **state)
{
	(void)state;
	wd_start_logging(&W, true, "--trusted-proxy 127.0.0.1,::1 --login-failures 3");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	wd_stop(&W);
	return 0;
}

/* The state of window 1, from the API. */
static char *window1_status(void)
{
	char *tok = wd_login(&W, "supervisor", 0);
	cJSON *ws = wd_call(&W, "GET", "/api/v1/windows", tok, NULL, 200), *w;
	char *status = NULL;
	cJSON_ArrayForEach(w, cJSON_GetObjectItem(ws, "windows"))
		if (cJSON_GetObjectItem(w, "no")->valueint == 1)
			status = xstrdup(cJSON_GetObjectItem(w, "status")->valuestring);
	cJSON_Delete(ws);
	free(tok);
	assert_non_null(status);
	return status;
}

/* Only JSON may be posted: a browser can send text/plain or a form to any
 * address without asking, JSON it cannot. */
static void test_post_must_be_json(void **state)
{
	(void)state;
	static const char login[] = "{\"user\":\"clerk1\",\"password\":\"demo\",\"window\":1}";
	expect("POST", "/api/v1/login", "Content-Type: text/plain\r\n", login, 415, "unsupported_media_type");
	expect("POST", "/api/v1/login", "Content-Type: application/x-www-form-urlencoded\r\n", login, 415,
	       "unsupported_media_type");
	expect("POST", "/api/v1/login", "", login, 415, "unsupported_media_type");
	expect("POST", "/api/v1/login", "Content-Type: application/jsonp\r\n", login, 415,
	       "unsupported_media_type");
	/* The same sign-in as JSON works, with a charset too. */
	expect("POST", "/api/v1/login", "Content-Type: Application/JSON; charset=utf-8\r\n", login, 200, NULL);

	/* An empty POST too: the window stays closed. */
	char *tok = wd_login(&W, "clerk1", 1);
	char auth[160];
	snprintf(auth, sizeof auth, "Authorization: Bearer %s\r\n", tok);
	expect("POST", "/api/v1/windows/1/open", auth, "", 415, "unsupported_media_type");
	char *status = window1_status();
	assert_string_equal(status, "closed");
	free(status);
	char both[200];
	snprintf(both, sizeof both, "%s" JSON, auth);
	expect("POST", "/api/v1/windows/1/open", both, "", 200, NULL);
	status = window1_status();
	assert_string_equal(status, "open");
	free(status);
	expect("POST", "/api/v1/windows/1/close", both, "", 200, NULL);
	free(tok);
}

/* One JSON object and nothing after it but blanks. */
static void test_body_ends_with_its_object(void **state)
{
	(void)state;
	expect("POST", "/api/v1/login", JSON, "{\"user\":\"clerk1\",\"password\":\"demo\"} x", 400, "bad_json");
	expect("POST", "/api/v1/login", JSON, "{\"user\":\"clerk1\",\"password\":\"demo\"}{\"a\":1}", 400,
	       "bad_json");
	/* A NUL after the object: not a blank. */
	char code[64];
	static const char nul[] = "{\"user\":\"clerk1\",\"password\":\"demo\"}\0{}";
	assert_int_equal(raw("POST", "/api/v1/login", JSON, nul, sizeof nul - 1, code), 400);
	assert_string_equal(code, "bad_json");
	expect("POST", "/api/v1/login", JSON, "{\"user\":\"clerk1\",\"password\":\"demo\"} \r\n\t", 200, NULL);
}

/* Headers that could be read two ways are refused, and change nothing. */
static void test_ambiguous_headers(void **state)
{
	(void)state;
	char *tok = wd_login(&W, "clerk1", 1);
	char h[1024];
	snprintf(h, sizeof h, "Authorization: Bearer %s\r\n" JSON "Content-Length: 0\r\nContent-Length: 0\r\n", tok);
	expect("POST", "/api/v1/windows/1/open", h, "", 400, "invalid_header");
	char *status = window1_status();
	assert_string_equal(status, "closed");
	free(status);

	snprintf(h, sizeof h, "Authorization: Bearer %s\r\n" JSON "Idempotency-Key: a\r\nIdempotency-Key: b\r\n",
		 tok);
	expect("POST", "/api/v1/windows/1/open", h, "", 400, "invalid_header");
	/* 201 characters: refused, not cut to 200 (which would be another key). */
	char key[202];
	memset(key, 'k', 201);
	key[201] = '\0';
	snprintf(h, sizeof h, "Authorization: Bearer %s\r\n" JSON "Idempotency-Key: %s\r\n", tok, key);
	expect("POST", "/api/v1/windows/1/open", h, "", 400, "invalid_header");
	status = window1_status();
	assert_string_equal(status, "closed");
	free(status);
	/* 200 is a key. */
	key[200] = '\0';
	snprintf(h, sizeof h, "Authorization: Bearer %s\r\n" JSON "Idempotency-Key: %s\r\n", tok, key);
	expect("POST", "/api/v1/windows/1/open", h, "", 200, NULL);
	expect("POST", "/api/v1/windows/1/close", h, "", 422, "idempotency_key_reused");
	snprintf(h, sizeof h, "Authorization: Bearer %s\r\n" JSON, tok);
	expect("POST", "/api/v1/windows/1/close", h, "", 200, NULL);
	free(tok);
}

/* An id in a path is digits, nothing else. */
static void test_path_ids(void **state)
{
	(void)state;
	char *kiosk = wd_login(&W, "kiosk", 0);
	cJSON *t = wd_call(&W, "POST", "/api/v1/tickets", kiosk, "{\"service\":\"MAR\"}", 201);
	long id = (long)cJSON_GetObjectItem(t, "id")->valuedouble;
	cJSON_Delete(t);
	free(kiosk);
	char *tok = wd_login(&W, "supervisor", 0);
	char h[200], path[64];
	snprintf(h, sizeof h, "Authorization: Bearer %s\r\n", tok);
	snprintf(path, sizeof path, "/api/v1/tickets/%ld", id);
	expect("GET", path, h, "", 200, NULL);
	static const char *const forms[] = { "/api/v1/tickets/+%ld", "/api/v1/tickets/%%2B%ld",
					     "/api/v1/tickets/%%20%ld", "/api/v1/tickets/%ld%%00",
					     "/api/v1/tickets/%ld%%00x", "/api/v1/tickets/0%ld" };
	for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
		snprintf(path, sizeof path, forms[i], id);
		if (i == 5)   /* a leading zero is still the number */
			expect("GET", path, h, "", 200, NULL);
		else
			expect("GET", path, h, "", 404, "not_found");
	}
	free(tok);
}

static void login_from(const char *xff, const char *user, const char *password, long want)
{
	char h[200], body[160];
	snprintf(h, sizeof h, JSON "%s%s%s", xff ? "X-Forwarded-For: " : "", xff ? xff : "", xff ? "\r\n" : "");
	snprintf(body, sizeof body, "{\"user\":\"%s\",\"password\":\"%s\"}", user, password);
	char code[64];
	long got = raw("POST", "/api/v1/login", h, body, strlen(body), code);
	if (got != want)
		fail_msg("login of %s via [%s]: wanted %ld, got %ld %s", user, xff ? xff : "", want, got, code);
}

/* Behind the trusted proxy (127.0.0.1 here), the forwarded address is
 * the client: one counter locked out does not lock out the others. */
static void test_trusted_proxy(void **state)
{
	(void)state;
	for (int i = 1; i <= 3; i++) {
		char user[16];
		snprintf(user, sizeof user, "ghost%d", i);
		login_from("10.1.2.3", user, "wrong-password", 401);
	}
	char name[40], line[160];
	snprintf(line, sizeof line, "failed sign-in for user '%s' from 10.1.2.3", wd_unknown_name("ghost1", name));
	assert_int_equal(wd_log_count(&W, line), 1);
	assert_int_equal(wd_log_count(&W, "sign-in locked out for 60 s: address 10.1.2.3"), 1);
	/* That counter is locked out, even with the right password... */
	login_from("10.1.2.3", "clerk2", "demo", 429);
	/* ...and writing another address at the left does not help: the proxy
	 * appends what it saw, and that is what counts. */
	login_from("10.9.9.9, 10.1.2.3", "clerk2", "demo", 429);
	/* The counter beside it signs in through the same proxy. */
	login_from("10.1.2.4", "clerk2", "demo", 200);
	/* Through two trusted hops (::1 is trusted too), the first untrusted. */
	login_from("10.1.2.3, ::1", "clerk2", "demo", 429);
	/* Without the header, the proxy's own address. */
	login_from(NULL, "clerk2", "demo", 200);
}

/* From an address that is not a trusted proxy the header is not believed. */
static void test_untrusted_forwarder(void **state)
{
	(void)state;
	char body[] = "{\"user\":\"ghost9\",\"password\":\"wrong-password\"}";
	char req[512];
	int n = snprintf(req, sizeof req, "POST /api/v1/login HTTP/1.1\r\nHost: x\r\nConnection: close\r\n" JSON
			 "X-Forwarded-For: 10.7.7.7\r\nX-Real-IP: 10.7.7.8\r\nContent-Length: %zu\r\n\r\n%s",
			 strlen(body), body);
	free(raw_send("127.0.0.5", req, (size_t)n));
	char name[40], line[160];
	snprintf(line, sizeof line, "failed sign-in for user '%s' from 127.0.0.5", wd_unknown_name("ghost9", name));
	assert_int_equal(wd_log_count(&W, line), 1);
	assert_int_equal(wd_log_count(&W, "from 10.7.7."), 0);
}

/* One session may issue --kiosk-tickets (3 here) a minute: the fourth is
 * 429 with Retry-After and adds nothing to the queue; a replay of an
 * issued ticket is not counted; another kiosk's session goes on. */
static void test_kiosk_rate(void **state)
{
	(void)state;
	struct wd k;
	wd_start(&k, true, "--kiosk-tickets 3");
	char *kiosk = wd_login(&k, "kiosk", 0), *sup = wd_login(&k, "supervisor", 0);
	cJSON *b = wd_call(&k, "GET", "/api/v1/board", sup, NULL, 200), *sv;
	int waiting = 0;
	cJSON_ArrayForEach(sv, cJSON_GetObjectItem(b, "services"))
		waiting += cJSON_GetObjectItem(sv, "waiting")->valueint;
	cJSON_Delete(b);
	struct resp r;
	for (int i = 0; i < 3; i++) {
		char key[16];
		snprintf(key, sizeof key, "k-%d", i);
		assert_int_equal(http(&k, "POST", "/api/v1/tickets", kiosk, "{\"service\":\"MAR\"}", key, &r), 201);
		resp_free(&r);
	}
	assert_int_equal(http(&k, "POST", "/api/v1/tickets", kiosk, "{\"service\":\"MAR\"}", "k-0", &r), 201);
	assert_true(r.replayed);
	resp_free(&r);
	assert_int_equal(http(&k, "POST", "/api/v1/tickets", kiosk, "{\"service\":\"MAR\"}", "k-3", &r), 429);
	assert_string_equal(jstr(cJSON_GetObjectItem(r.json, "error"), "code"), "too_many_tickets");
	assert_true(r.retry_after > 0 && r.retry_after <= 60);
	resp_free(&r);
	b = wd_call(&k, "GET", "/api/v1/board", sup, NULL, 200);
	int now = 0;
	cJSON_ArrayForEach(sv, cJSON_GetObjectItem(b, "services"))
		now += cJSON_GetObjectItem(sv, "waiting")->valueint;
	cJSON_Delete(b);
	assert_int_equal(now, waiting + 3);
	char *other = wd_login(&k, "kiosk", 0);
	assert_int_equal(http(&k, "POST", "/api/v1/tickets", other, "{\"service\":\"MAR\"}", NULL, &r), 201);
	resp_free(&r);
	free(other);
	free(kiosk);
	free(sup);
	wd_stop(&k);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_post_must_be_json),
		cmocka_unit_test(test_body_ends_with_its_object),
		cmocka_unit_test(test_ambiguous_headers),
		cmocka_unit_test(test_path_ids),
		cmocka_unit_test(test_trusted_proxy),
		cmocka_unit_test(test_untrusted_forwarder),
		cmocka_unit_test(test_kiosk_rate),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
