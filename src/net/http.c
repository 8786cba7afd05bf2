/* http.c - the asynchronous HTTP engine of net.h, over libcurl's multi
 * interface.
 *
 * Every request is an easy handle in one multi handle, so connections to
 * the server are kept alive and reused between requests.  Finished
 * requests are first taken out of the multi handle and queued on n->done;
 * only then are their callbacks run, one by one, so that a callback may
 * start new requests, cancel others (also finished ones still queued) or
 * even free the engine.  Nothing here prints: errors travel in the reply. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <poll.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "wicket/common/buf.h"
#include "wicket/net/net.h"
#include "wicket/common/xalloc.h"

#ifndef PACKAGE_VERSION
#define PACKAGE_VERSION "0"
#endif

/* A reply larger than this is not something wicketd sends: a hostile or
 * broken server must not make the client allocate without bound. */
#define NET_MAX_REPLY (1024 * 1024)
/* Headers we build from caller-given values (token, idempotency key). */
#define NET_MAX_HEADER_VALUE 512

struct net_req {
	uint64_t id;
	CURL *easy;
	struct curl_slist *headers;
	struct buf body;            /* the reply */
	bool too_large;
	CURLcode result;
	net_cb cb;
	void *ud;
	struct net_req *next;
	char errbuf[CURL_ERROR_SIZE];
};

struct net {
	CURLM *multi;
	char *base_url;
	char *cacert;
	long connect_timeout_ms;
	char *auth;                 /* "Authorization: Bearer ..." or NULL */
	struct net_req *active;     /* in the multi handle */
	struct net_req *done;       /* finished, callback not yet run */
	uint64_t next_id;
	bool dispatching;           /* inside net_dispatch's callback loop */
	bool pushed;          /* net_push drove transfers: the next net_wait does not wait */
	bool dead;                  /* net_free was called from a callback */
};

/* The curl codes that mean the TLS handshake or the certificate failed. */
static const CURLcode net_tls_codes[] = {
	CURLE_SSL_CONNECT_ERROR, CURLE_SSL_ENGINE_NOTFOUND, CURLE_SSL_ENGINE_SETFAILED,
	CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER, CURLE_PEER_FAILED_VERIFICATION,
	CURLE_USE_SSL_FAILED, CURLE_SSL_ENGINE_INITFAILED, CURLE_SSL_CACERT_BADFILE,
	CURLE_SSL_SHUTDOWN_FAILED, CURLE_SSL_CRL_BADFILE, CURLE_SSL_ISSUER_ERROR,
	CURLE_SSL_PINNEDPUBKEYNOTMATCH, CURLE_SSL_INVALIDCERTSTATUS,
#if LIBCURL_VERSION_NUM >= 0x074d00
	CURLE_SSL_CLIENTCERT,
#endif
};

static bool net_is_tls_error(CURLcode c)
{
	for (size_t i = 0; i < sizeof net_tls_codes / sizeof net_tls_codes[0]; i++)
		if (net_tls_codes[i] == c)
			return true;
	return false;
}

/* A header value must not be able to end the header and start another. */
static bool net_header_value_ok(const char *s)
{
	size_t n = 0;
	for (; s[n]; n++)
		if ((unsigned char)s[n] < 0x20 || (unsigned char)s[n] >= 0x7f)
			return false;
	return n > 0 && n <= NET_MAX_HEADER_VALUE;
}

/* Overwrite and free a string that held a credential. */
static void net_free_secret(char *s)
{
	if (s)
		explicit_bzero(s, strlen(s));
	free(s);
}

struct net *net_new(const struct net_options *opt)
{
	curl_global_init(CURL_GLOBAL_DEFAULT);
	struct net *n = xcalloc(1, sizeof *n);
	n->multi = curl_multi_init();
	if (!n->multi)
		xalloc_die(sizeof *n);
	n->base_url = xstrdup(opt->base_url ? opt->base_url : "");
	n->cacert = xstrdup(opt->cacert);
	n->connect_timeout_ms = opt->connect_timeout_ms > 0 ? opt->connect_timeout_ms : 3000;
	n->next_id = 1;
	return n;
}

static void net_req_free(struct net_req *r)
{
	curl_easy_cleanup(r->easy);
	curl_slist_free_all(r->headers);
	buf_free(&r->body);
	free(r);
}

/* Take every request off a list (and out of the multi handle when it is in
 * it), calling no callbacks. */
static void net_drop_all(struct net *n, struct net_req **list, bool in_multi)
{
	while (*list) {
		struct net_req *r = *list;
		*list = r->next;
		if (in_multi)
			curl_multi_remove_handle(n->multi, r->easy);
		net_req_free(r);
	}
}

static void net_destroy(struct net *n)
{
	net_drop_all(n, &n->active, true);
	net_drop_all(n, &n->done, false);
	curl_multi_cleanup(n->multi);
	free(n->base_url);
	free(n->cacert);
	net_free_secret(n->auth);
	free(n);
	curl_global_cleanup();
}

void net_free(struct net *n)
{
	if (!n)
		return;
	if (n->dispatching) {
		/* Called from a callback: net_dispatch finishes the job. */
		net_drop_all(n, &n->active, true);
		net_drop_all(n, &n->done, false);
		n->dead = true;
		return;
	}
	net_destroy(n);
}

void net_set_token(struct net *n, const char *token)
{
	net_free_secret(n->auth);
	n->auth = NULL;
	if (token && net_header_value_ok(token))
		n->auth = xasprintf("Authorization: Bearer %s", token);
}

/* libcurl's write callback: collect the reply, refusing more than
 * NET_MAX_REPLY bytes (returning short aborts the transfer). */
static size_t net_collect(char *p, size_t size, size_t nmemb, void *ud)
{
	struct net_req *r = ud;
	size_t len = size * nmemb;
	if (r->body.len + len > NET_MAX_REPLY) {
		r->too_large = true;
		return 0;
	}
	buf_add(&r->body, p, len);
	return len;
}

static struct curl_slist *net_headers(const struct net *n, bool post, const char *idem_key)
{
	struct curl_slist *h = NULL;
	h = curl_slist_append(h, "Accept: application/json");
	h = curl_slist_append(h, "Expect:");
	/* Every POST is JSON, an empty one too: wicketd refuses any other
	 * type (so that no web page can post to it). */
	if (post)
		h = curl_slist_append(h, "Content-Type: application/json");
	if (n->auth)
		h = curl_slist_append(h, n->auth);
	if (idem_key && net_header_value_ok(idem_key)) {
		char *line = xasprintf("Idempotency-Key: %s", idem_key);
		h = curl_slist_append(h, line);
		free(line);
	}
	if (!h)
		xalloc_die(0);
	return h;
}

/* Options every request shares: no signals, no redirects, HTTP(S) only,
 * bounded time and size, keep-alive so connections are reused. */
static void net_common_opts(const struct net *n, struct net_req *r, long timeout_ms)
{
	CURL *c = r->easy;
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "wicket/" PACKAGE_VERSION);
#if LIBCURL_VERSION_NUM >= 0x075500
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
#else
	curl_easy_setopt(c, CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(c, CURLOPT_TCP_KEEPALIVE, 1L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, n->connect_timeout_ms);
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, timeout_ms > 0 ? timeout_ms : 30000L);
	curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)NET_MAX_REPLY);
	/* The server's certificate and its name are always checked (libcurl's
	 * defaults, said out loud so that nobody "fixes" a TLS failure here):
	 * the remedy for a private CA is --cacert, never skipping the check. */
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
	if (n->cacert)
		curl_easy_setopt(c, CURLOPT_CAINFO, n->cacert);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, net_collect);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, r);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, r->errbuf);
	curl_easy_setopt(c, CURLOPT_PRIVATE, r);
}

uint64_t net_request(struct net *n, const char *method, const char *path,
		     const char *body, const char *idem_key, long timeout_ms,
		     net_cb cb, void *ud)
{
	struct net_req *r = xcalloc(1, sizeof *r);
	r->id = n->next_id++;
	r->cb = cb;
	r->ud = ud;
	r->easy = curl_easy_init();
	if (!r->easy)
		xalloc_die(sizeof *r);
	char *url = xasprintf("%s%s", n->base_url, path);
	curl_easy_setopt(r->easy, CURLOPT_URL, url);
	free(url);
	net_common_opts(n, r, timeout_ms);
	r->headers = net_headers(n, body || strcmp(method, "POST") == 0, idem_key);
	curl_easy_setopt(r->easy, CURLOPT_HTTPHEADER, r->headers);
	if (body || strcmp(method, "POST") == 0) {
		/* The size first: COPYPOSTFIELDS copies that many bytes. */
		curl_easy_setopt(r->easy, CURLOPT_POSTFIELDSIZE_LARGE,
				 (curl_off_t)(body ? strlen(body) : 0));
		curl_easy_setopt(r->easy, CURLOPT_COPYPOSTFIELDS, body ? body : "");
	}
	if (strcmp(method, "GET") != 0 && strcmp(method, "POST") != 0)
		curl_easy_setopt(r->easy, CURLOPT_CUSTOMREQUEST, method);
	r->next = n->active;
	n->active = r;
	curl_multi_add_handle(n->multi, r->easy);
	return r->id;
}

/* Unlink the request with this id from a list; NULL when it is not there. */
static struct net_req *net_unlink(struct net_req **list, uint64_t id)
{
	for (; *list; list = &(*list)->next) {
		struct net_req *r = *list;
		if (r->id == id) {
			*list = r->next;
			r->next = NULL;
			return r;
		}
	}
	return NULL;
}

void net_cancel(struct net *n, uint64_t id)
{
	struct net_req *r = net_unlink(&n->active, id);
	if (r)
		curl_multi_remove_handle(n->multi, r->easy);
	else
		r = net_unlink(&n->done, id);
	if (r)
		net_req_free(r);
}

int net_wait(struct net *n, int extra_fd, int timeout_ms, bool *fd_ready)
{
	struct curl_waitfd w = { .fd = extra_fd, .events = CURL_WAIT_POLLIN, .revents = 0 };
	unsigned nw = extra_fd >= 0 ? 1 : 0;
	int numfds = 0;
	*fd_ready = false;
	if (n->pushed) {
		n->pushed = false;
		timeout_ms = 0;    /* what net_push finished is dispatched at once */
	}
	if (curl_multi_poll(n->multi, nw ? &w : NULL, nw, timeout_ms < 0 ? 0 : timeout_ms,
			    &numfds) != CURLM_OK)
		return -1;
	if (!nw)
		return 0;
	*fd_ready = (w.revents & CURL_WAIT_POLLIN) != 0;
	/* curl reports only POLLIN/OUT/PRI: a hung-up or failed fd would wake
	 * us again and again without ever looking ready.  Ask poll() itself,
	 * so the caller reads it and sees the end of file or the error. */
	if (!*fd_ready && numfds > 0) {
		struct pollfd p = { .fd = extra_fd, .events = POLLIN, .revents = 0 };
		*fd_ready = poll(&p, 1, 0) > 0 && (p.revents & (POLLIN | POLLHUP | POLLERR | POLLNVAL));
	}
	return 0;
}

void net_push(struct net *n)
{
	if (n->dispatching || n->dead)
		return;
	int running = 0;
	curl_multi_perform(n->multi, &running);
	n->pushed = true;
}

void net_wakeup(struct net *n)
{
	curl_multi_wakeup(n->multi);
}

/* Make curl's message fit for a log line: printable ASCII only. */
static const char *net_error_text(struct net_req *r)
{
	if (r->too_large || r->result == CURLE_FILESIZE_EXCEEDED)
		return "the reply is larger than 1 MiB";
	if (!r->errbuf[0])
		return curl_easy_strerror(r->result);
	for (char *p = r->errbuf; *p; p++)
		if ((unsigned char)*p < 0x20 || (unsigned char)*p >= 0x7f)
			*p = '?';
	return r->errbuf;
}

/* Fill the reply of a finished request and run its callback. */
static void net_finish(struct net_req *r)
{
	struct net_reply rep = { .body = "", .len = 0 };
	curl_off_t us = 0;
	curl_easy_getinfo(r->easy, CURLINFO_TOTAL_TIME_T, &us);
	rep.seconds = (double)us / 1e6;
	if (r->result == CURLE_OK && !r->too_large) {
		curl_easy_getinfo(r->easy, CURLINFO_RESPONSE_CODE, &rep.status);
		rep.body = buf_str(&r->body);
		rep.len = r->body.len;
	} else {
		rep.error = net_error_text(r);
		rep.tls_error = net_is_tls_error(r->result);
	}
	if (r->cb)
		r->cb(r->ud, &rep);
}

/* Move every finished transfer from the multi handle to n->done, in the
 * order curl reports them. */
static void net_collect_done(struct net *n)
{
	struct net_req **tail = &n->done;
	while (*tail)
		tail = &(*tail)->next;
	CURLMsg *m;
	int left;
	while ((m = curl_multi_info_read(n->multi, &left))) {
		if (m->msg != CURLMSG_DONE)
			continue;
		char *priv = NULL;
		CURLcode result = m->data.result;   /* m dies with remove_handle */
		curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, &priv);
		struct net_req *r = (struct net_req *)(void *)priv;
		if (!r || !net_unlink(&n->active, r->id))
			continue;
		r->result = result;
		curl_multi_remove_handle(n->multi, r->easy);
		*tail = r;
		tail = &r->next;
	}
}

void net_dispatch(struct net *n)
{
	if (n->dispatching)
		return;     /* called from a callback: the outer loop carries on */
	int running = 0;
	curl_multi_perform(n->multi, &running);
	net_collect_done(n);
	n->dispatching = true;
	while (n->done && !n->dead) {
		struct net_req *r = n->done;
		n->done = r->next;
		net_finish(r);
		net_req_free(r);
	}
	n->dispatching = false;
	if (n->dead)
		net_destroy(n);
}

size_t net_inflight(const struct net *n)
{
	size_t count = 0;
	for (const struct net_req *r = n->active; r; r = r->next)
		count++;
	for (const struct net_req *r = n->done; r; r = r->next)
		count++;
	return count;
}
