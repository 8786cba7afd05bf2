/* The route to a server read from its address: which addresses may carry a
 * password in plain http (loopback only), and which are not addresses. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include "wicket/net/url.h"

struct url_case {
	const char *url;
	enum url_route want;
};

static void check(const struct url_case *cases, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		enum url_route got = url_route(cases[i].url);
		if (got != cases[i].want)
			fail_msg("url_route(\"%s\") = %d, want %d", cases[i].url ? cases[i].url : "(null)",
				 (int)got, (int)cases[i].want);
	}
}

static void test_https_anywhere(void **state)
{
	(void)state;
	static const struct url_case cases[] = {
		{ "https://hall.example.gov.cn", URL_HTTPS },
		{ "https://10.1.2.3:8443/", URL_HTTPS },
		{ "HTTPS://127.0.0.1:8443", URL_HTTPS },
		{ "https://[2001:db8::1]:443/api", URL_HTTPS },
		{ "https://clerk@hall.example", URL_HTTPS },
	};
	check(cases, sizeof cases / sizeof cases[0]);
}

static void test_loopback(void **state)
{
	(void)state;
	static const struct url_case cases[] = {
		{ "http://127.0.0.1:8470", URL_HTTP_LOOPBACK },
		{ "http://127.0.0.1", URL_HTTP_LOOPBACK },
		{ "http://127.255.255.254:1/x?y#z", URL_HTTP_LOOPBACK },
		{ "Http://127.1.2.3:8470/", URL_HTTP_LOOPBACK },
		{ "http://localhost:8470", URL_HTTP_LOOPBACK },
		{ "http://LocalHost/", URL_HTTP_LOOPBACK },
		{ "http://[::1]:8470", URL_HTTP_LOOPBACK },
		{ "http://[::1]", URL_HTTP_LOOPBACK },
		{ "http://[0:0:0:0:0:0:0:1]:8470", URL_HTTP_LOOPBACK },
		{ "http://[::ffff:127.0.0.1]:8470", URL_HTTP_LOOPBACK },
		{ "http://user@127.0.0.1:8470", URL_HTTP_LOOPBACK },
	};
	check(cases, sizeof cases / sizeof cases[0]);
}

static void test_remote(void **state)
{
	(void)state;
	static const struct url_case cases[] = {
		{ "http://10.1.2.3:8470", URL_HTTP_REMOTE },
		{ "http://192.0.2.1", URL_HTTP_REMOTE },
		{ "http://128.0.0.1", URL_HTTP_REMOTE },
		{ "http://126.255.255.255", URL_HTTP_REMOTE },
		{ "http://hall.example.gov.cn:8470", URL_HTTP_REMOTE },
		/* The user info ends at "@": the host is the machine after it. */
		{ "http://127.0.0.1@evil.example/", URL_HTTP_REMOTE },
		{ "http://127.0.0.1:8470@10.0.0.1:8470", URL_HTTP_REMOTE },
		/* Spellings that may mean loopback are not taken on trust. */
		{ "http://127.1", URL_HTTP_REMOTE },
		{ "http://0x7f.0.0.1", URL_HTTP_REMOTE },
		{ "http://0177.0.0.1", URL_HTTP_REMOTE },
		{ "http://2130706433", URL_HTTP_REMOTE },
		{ "http://localhost.", URL_HTTP_REMOTE },
		{ "http://localhost.example", URL_HTTP_REMOTE },
		{ "http://127.0.0.1.example", URL_HTTP_REMOTE },
		{ "http://%31%32%37.0.0.1", URL_HTTP_REMOTE },
		{ "http://[::2]:8470", URL_HTTP_REMOTE },
		{ "http://[::ffff:10.0.0.1]", URL_HTTP_REMOTE },
		{ "http://[::1%25lo]:8470", URL_HTTP_REMOTE },
		{ "http://[fe80::1]", URL_HTTP_REMOTE },
	};
	check(cases, sizeof cases / sizeof cases[0]);
}

static void test_not_an_address(void **state)
{
	(void)state;
	static const struct url_case cases[] = {
		{ NULL, URL_BAD },
		{ "", URL_BAD },
		{ "127.0.0.1:8470", URL_BAD },          /* no scheme: curl would guess */
		{ "ftp://127.0.0.1", URL_BAD },
		{ "file:///etc/passwd", URL_BAD },
		{ "http://", URL_BAD },
		{ "http:///path", URL_BAD },
		{ "http://:8470", URL_BAD },
		{ "http://user@", URL_BAD },
		{ "http://a@b@127.0.0.1", URL_BAD },
		{ "http://evil.example\\@127.0.0.1", URL_BAD },
		{ "http://127.0.0.1 .example", URL_BAD },
		{ "http://127.0.0.1\t", URL_BAD },
		{ "http://[::1", URL_BAD },
		{ "http://[::1]x", URL_BAD },
		{ "http://[]:8470", URL_BAD },
		{ "http://127.0.0.1]", URL_BAD },
		{ " http://127.0.0.1", URL_BAD },
		{ "https://", URL_BAD },
	};
	check(cases, sizeof cases / sizeof cases[0]);
}

/* A host longer than any DNS name is not one. */
static void test_long_host(void **state)
{
	(void)state;
	char url[400] = "http://";
	for (size_t i = 7; i < sizeof url - 1; i++)
		url[i] = 'a';
	url[sizeof url - 1] = '\0';
	assert_int_equal(url_route(url), URL_BAD);
	url[7 + 253] = '\0';
	assert_int_equal(url_route(url), URL_HTTP_REMOTE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_https_anywhere),
		cmocka_unit_test(test_loopback),
		cmocka_unit_test(test_remote),
		cmocka_unit_test(test_not_an_address),
		cmocka_unit_test(test_long_host),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
