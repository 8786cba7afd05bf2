/* peer.h - the client's address, also behind a trusted reverse proxy
 * (--trusted-proxy).  Pure functions over strings: no I/O, no state. */
#ifndef WICKET_SERVER_PEER_H
#define WICKET_SERVER_PEER_H

#include <stdbool.h>
#include <stddef.h>

#define PEER_ADDR_SIZE 64

/* The numeric IPv4 or IPv6 address in in[0..len) (blanks around it
 * allowed) in its canonical text form into out (::ffff:a.b.c.d becomes
 * a.b.c.d).  Returns 0, or -1 when it is no such address (out is then
 * undefined). */
int peer_normalize(const char *in, size_t len, char out[PEER_ADDR_SIZE]);

/* Whether addr (canonical, as peer_normalize writes it) is one of the n
 * trusted proxies (canonical too). */
bool peer_trusted(char *const *proxies, size_t n, const char *addr);

/* The client's address into out: peer (the connection's own address,
 * canonical) unless peer is a trusted proxy; then the rightmost address of
 * the X-Forwarded-For header xff that is not a trusted proxy (a malformed
 * entry stops the walk at the last good one), or without xff the address
 * in X-Real-IP when it is one.  xff and real_ip may be NULL. */
void peer_client_addr(char *const *proxies, size_t n, const char *peer, const char *xff,
		      const char *real_ip, char out[PEER_ADDR_SIZE]);

#endif
