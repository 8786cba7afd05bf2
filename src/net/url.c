/* url.c - the route to a server, read from its address.  See url.h.
 *
 * The parse is deliberately strict and errs towards "remote": a host that
 * might mean loopback but is spelled unusually ("127.1", "0x7f.0.0.1",
 * "localhost.") is taken as another machine, so the worst a misreading can
 * do is refuse a password that would have been safe to send. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <string.h>
#include <strings.h>

#include "wicket/net/url.h"

/* Longer than any DNS name (253) or IPv6 literal. */
#define URL_HOST_MAX 256

/* The characters an authority (user info, host, port) may hold, RFC 3986
 * unreserved, sub-delims, ":", "@", "[", "]" and "%" of percent-encoding. */
static bool url_authority_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       (c != '\0' && strchr("-._~!$&'()*+,;=:@[]%", c) != NULL);
}

/* Copy the host of the authority a (len bytes) into host, without brackets;
 * *bracketed tells whether it was an IP literal.  Returns false when the
 * authority is malformed or the host empty or too long. */
static bool url_host(const char *a, size_t len, char host[URL_HOST_MAX], bool *bracketed)
{
	const char *at = NULL;
	for (size_t i = 0; i < len; i++) {
		if (!url_authority_char(a[i]))
			return false;
		if (a[i] == '@') {
			if (at)
				return false;   /* two: which one ends the user info is a guess */
			at = a + i;
		}
	}
	const char *h = at ? at + 1 : a, *end = a + len;
	size_t n;
	*bracketed = *h == '[';
	if (*bracketed) {
		const char *close = memchr(h, ']', (size_t)(end - h));
		if (!close || (close + 1 < end && close[1] != ':'))
			return false;
		h++;
		n = (size_t)(close - h);
	} else {
		n = strcspn(h, ":");
		if (n > (size_t)(end - h))
			n = (size_t)(end - h);
		if (memchr(h, '[', n) || memchr(h, ']', n))
			return false;
	}
	if (n == 0 || n >= URL_HOST_MAX)
		return false;
	memcpy(host, h, n);
	host[n] = '\0';
	return true;
}

static bool url_loopback(const char *host, bool bracketed)
{
	if (bracketed) {
		struct in6_addr a6;
		if (inet_pton(AF_INET6, host, &a6) != 1)
			return false;
		return IN6_IS_ADDR_LOOPBACK(&a6) || (IN6_IS_ADDR_V4MAPPED(&a6) && a6.s6_addr[12] == 127);
	}
	if (strcasecmp(host, "localhost") == 0)
		return true;
	/* inet_pton takes only the four-part decimal form: "127.1" is not it. */
	struct in_addr a4;
	return inet_pton(AF_INET, host, &a4) == 1 && (ntohl(a4.s_addr) >> 24) == 127;
}

enum url_route url_route(const char *url)
{
	static const struct { const char *scheme; bool tls; } schemes[] = {
		{ .scheme = "https://", .tls = true },
		{ .scheme = "http://", .tls = false },
	};
	if (!url)
		return URL_BAD;
	for (size_t i = 0; i < sizeof schemes / sizeof schemes[0]; i++) {
		size_t len = strlen(schemes[i].scheme);
		if (strncasecmp(url, schemes[i].scheme, len) != 0)
			continue;
		const char *authority = url + len;
		char host[URL_HOST_MAX];
		bool bracketed;
		if (!url_host(authority, strcspn(authority, "/?#"), host, &bracketed))
			return URL_BAD;
		if (schemes[i].tls)
			return URL_HTTPS;
		return url_loopback(host, bracketed) ? URL_HTTP_LOOPBACK : URL_HTTP_REMOTE;
	}
	return URL_BAD;
}
