/* url.h - what a server address says about the road to the server.
 *
 * Before the client sends a password it looks at the server's address: over
 * https the password is encrypted and the server's certificate is checked;
 * over plain http anyone on the network path can read it, which is fine only
 * when the path is this machine's loopback interface.  This is pure string
 * work: no name is looked up, so a host name counts as loopback only when it
 * is "localhost" itself. */
#ifndef WICKET_URL_H
#define WICKET_URL_H

enum url_route {
	URL_BAD,            /* not an http:// or https:// address with a usable host */
	URL_HTTPS,          /* TLS, to any host */
	URL_HTTP_LOOPBACK,  /* plain http to 127.0.0.0/8, ::1 or localhost */
	URL_HTTP_REMOTE,    /* plain http to any other host */
};

/* How url reaches its server.  The scheme is http:// or https:// in any
 * case; the host is what follows the last user-info "@" of the authority.
 * Loopback hosts are "localhost" (any case), a dotted-quad IPv4 address in
 * 127.0.0.0/8, and, in brackets, the IPv6 address ::1 (in any spelling) or
 * ::ffff: with an address in 127.0.0.0/8.  Anything else is remote: other
 * names, "127.1", "localhost.", zone ids.  An authority with a character
 * that has no business there (space, control, backslash, a second "@") or an
 * empty host is URL_BAD, as is NULL.  Nothing is allocated. */
enum url_route url_route(const char *url);

#endif
