/* net.h - the client's asynchronous HTTP engine (libcurl multi).
 *
 * The screen never blocks on the network: requests are started here and
 * complete later, inside net_dispatch(), which the client's one loop calls
 * after net_wait() returns.  net_wait() is curl_multi_poll() with the
 * keyboard as an extra file descriptor, so a key press wakes the loop as
 * promptly as a reply does. */
#ifndef WICKET_NET_H
#define WICKET_NET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct net;

/* How a request ended.  status is the HTTP status (0 when there was no
 * answer: then error holds curl's message, e.g. "Couldn't connect to
 * server").  body is NUL-terminated, owned by the engine, valid only during
 * the callback. */
struct net_reply {
	long status;
	const char *body;
	size_t len;
	const char *error;         /* NULL when an HTTP answer came */
	bool tls_error;            /* the failure was certificate / TLS related */
	double seconds;            /* total time taken */
};

typedef void (*net_cb)(void *ud, const struct net_reply *reply);

struct net_options {
	const char *base_url;      /* e.g. "http://127.0.0.1:8470" (no trailing /) */
	const char *cacert;        /* CA bundle file, or NULL for the system's */
	long connect_timeout_ms;   /* default 3000 */
};

/* Create an engine; the options' strings are copied.  Never NULL.
 * Requests go out with User-Agent "wicket/VERSION", keep-alive (the
 * connection is reused), no redirects, HTTP(S) only, the server's
 * certificate and host name verified (against cacert, or the system's CAs),
 * and a reply is cut off at 1 MiB (then status 0 and an error). */
struct net *net_new(const struct net_options *opt);
/* Cancel everything in flight (callbacks are not called) and free.  May be
 * called from inside a callback: the callbacks still queued in that
 * net_dispatch() are then not called either, and n must not be used after
 * the callback returns. */
void net_free(struct net *n);
/* Set (or clear with NULL) the bearer token sent with every request
 * started from now on.  A token that is not printable ASCII (or is over
 * 512 bytes) is not sent at all.  The engine never logs it. */
void net_set_token(struct net *n, const char *token);
/* Start a request.  path starts with "/api/v1/..."; body is JSON text or
 * NULL (copied); idem_key, when not NULL, is sent as Idempotency-Key.
 * timeout_ms bounds the whole request (long-polls pass a longer one).
 * cb is called exactly once from net_dispatch() unless net_free/net_cancel
 * comes first.  Returns a request id (> 0).  timeout_ms <= 0 means 30 s;
 * an idem_key that is not printable ASCII of at most 512 bytes is not sent.
 * May be called from a callback (the request starts on the next
 * net_wait()/net_dispatch()). */
uint64_t net_request(struct net *n, const char *method, const char *path,
		     const char *body, const char *idem_key, long timeout_ms,
		     net_cb cb, void *ud);
/* Cancel one request; its callback is not called.  Unknown ids (also of
 * requests that already called back) are ignored.  May be called from a
 * callback, also for a request that finished in the same net_dispatch()
 * and has not called back yet. */
void net_cancel(struct net *n, uint64_t id);
/* Wait for network activity, for extra_fd (when >= 0) to become readable,
 * or for timeout_ms.  *fd_ready tells whether extra_fd is readable (or
 * hung up / in error, so that the caller's read sees it and the loop does
 * not spin).  It may return early, with nothing ready: just loop.
 * Returns 0, or -1 on an unrecoverable poll error. */
int net_wait(struct net *n, int extra_fd, int timeout_ms, bool *fd_ready);
/* Send what was asked for now, without waiting or calling back (the
 * next net_wait() then returns at once, for net_dispatch): the client
 * puts its request on the wire before it syncs its journal, so that the
 * two disks' writes overlap.  Does nothing from inside a callback. */
void net_push(struct net *n);
/* Wake a net_wait() in progress (from a signal handler-free context; may
 * be called from another thread). */
void net_wakeup(struct net *n);
/* Drive transfers and call the callbacks of finished requests.  Finished
 * requests are collected first and their callbacks run afterwards, in the
 * order they finished.  Called from inside a callback it does nothing. */
void net_dispatch(struct net *n);
/* Requests in flight. */
size_t net_inflight(const struct net *n);

#endif
