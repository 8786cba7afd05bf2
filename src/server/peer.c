/* peer.c - who is calling: the client's own address, also behind the
 * hall's reverse proxy.
 *
 * Behind nginx (docs/deploy-nginx.md) every request reaches wicketd from
 * the proxy's address, so the sign-in throttle would count every counter
 * of the hall as one client.  The proxy says who it talks to in
 * X-Forwarded-For (and X-Real-IP), but anybody can write those headers:
 * they are believed only from the addresses given with --trusted-proxy,
 * and X-Forwarded-For is read from the right (the entry the trusted proxy
 * itself appended), skipping further trusted proxies, so that what a
 * client wrote at its left end is never taken. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

#include "wicket/server/peer.h"

int peer_normalize(const char *in, size_t len, char out[PEER_ADDR_SIZE])
{
	char text[INET6_ADDRSTRLEN + 1];
	while (len > 0 && (*in == ' ' || *in == '\t')) {
		in++;
		len--;
	}
	while (len > 0 && (in[len - 1] == ' ' || in[len - 1] == '\t'))
		len--;
	if (len == 0 || len >= sizeof text)
		return -1;
	memcpy(text, in, len);
	text[len] = '\0';
	struct in_addr a4;
	struct in6_addr a6;
	if (inet_pton(AF_INET, text, &a4) == 1)
		return inet_ntop(AF_INET, &a4, out, PEER_ADDR_SIZE) ? 0 : -1;
	if (inet_pton(AF_INET6, text, &a6) != 1)
		return -1;
	/* One address, one key: ::ffff:a.b.c.d is a.b.c.d. */
	if (IN6_IS_ADDR_V4MAPPED(&a6))
		return inet_ntop(AF_INET, a6.s6_addr + 12, out, PEER_ADDR_SIZE) ? 0 : -1;
	return inet_ntop(AF_INET6, &a6, out, PEER_ADDR_SIZE) ? 0 : -1;
}

bool peer_trusted(char *const *proxies, size_t n, const char *addr)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(proxies[i], addr) == 0)
			return true;
	return false;
}

void peer_client_addr(char *const *proxies, size_t n, const char *peer, const char *xff,
		      const char *real_ip, char out[PEER_ADDR_SIZE])
{
	snprintf(out, PEER_ADDR_SIZE, "%s", peer);
	if (!peer_trusted(proxies, n, peer))
		return;
	if (xff && *xff) {
		/* From the right: each entry was appended by the proxy the
		 * request passed through next; the first one not ours is the
		 * client.  A malformed entry ends the walk where it stands. */
		size_t end = strlen(xff);
		while (end > 0) {
			size_t start = end;
			while (start > 0 && xff[start - 1] != ',')
				start--;
			char addr[PEER_ADDR_SIZE];
			if (peer_normalize(xff + start, end - start, addr))
				return;
			snprintf(out, PEER_ADDR_SIZE, "%s", addr);
			if (!peer_trusted(proxies, n, addr))
				return;
			end = start > 0 ? start - 1 : 0;
		}
		return;
	}
	char addr[PEER_ADDR_SIZE];
	if (real_ip && peer_normalize(real_ip, strlen(real_ip), addr) == 0)
		snprintf(out, PEER_ADDR_SIZE, "%s", addr);
}
