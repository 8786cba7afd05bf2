#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <arpa/inet.h>
#include <pthread.h>
#include <time.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/socket.h>

#include <microhttpd.h>

#include "wicket/common/log.h"
#include "wicket/server/peer.h"
#include "wicket/server/srv.h"
#include "wicket/common/xalloc.h"

/* The one place a response is made and queued: it owns the reply text. */
static enum MHD_Result http_send(struct MHD_Connection *c, struct req *r)
{
	if (!r->reply) {
		r->status = 500;
		r->reply = xstrdup("{\"error\":{\"code\":\"internal\",\"message\":\"no reply\"}}");
	}
	size_t len = strlen(r->reply);
	struct MHD_Response *resp = MHD_create_response_from_buffer(len, r->reply,
								   MHD_RESPMEM_MUST_FREE);
	r->reply = NULL;   /* the response frees it */
	if (!resp)
		return MHD_NO;
	MHD_add_response_header(resp, "Content-Type",
				r->content_type ? r->content_type : "application/json; charset=utf-8");
	MHD_add_response_header(resp, "Cache-Control", "no-store");
	if (r->replayed)
		MHD_add_response_header(resp, "Idempotent-Replayed", "true");
	if (r->retry_after > 0) {
		char secs[16];
		snprintf(secs, sizeof secs, "%d", r->retry_after);
		MHD_add_response_header(resp, "Retry-After", secs);
	}
	enum MHD_Result ret = MHD_queue_response(c, (unsigned)r->status, resp);
	MHD_destroy_response(resp);
	return ret;
}

/* Query arguments and headers come from the connection, decoded by
 * libmicrohttpd. */
static const char *http_query(void *conn, const char *name)
{
	return MHD_lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND, name);
}

static const char *http_header(void *conn, const char *name)
{
	return MHD_lookup_connection_value(conn, MHD_HEADER_KIND, name);
}

/* The connection's own numeric address into out ("" when unknown). */
static void http_peer_addr(struct MHD_Connection *c, char out[PEER_ADDR_SIZE])
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	const struct sockaddr *sa = ci ? ci->client_addr : NULL;
	char text[INET6_ADDRSTRLEN] = "";
	out[0] = '\0';
	if (sa && sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, text, sizeof text);
	else if (sa && sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, text,
			  sizeof text);
	if (text[0] && peer_normalize(text, strlen(text), out))
		out[0] = '\0';
}

/* The client's address: the connection's, or behind a trusted proxy the
 * one it forwards (peer.c). */
static void http_client_addr(struct srv *s, struct MHD_Connection *c, char out[PEER_ADDR_SIZE])
{
	char peer[PEER_ADDR_SIZE];
	http_peer_addr(c, peer);
	peer_client_addr(s->opt->trusted_proxies, s->opt->ntrusted_proxies, peer,
			 MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Forwarded-For"),
			 MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Real-IP"), out);
}

static enum MHD_Result http_count_header(void *cls, enum MHD_ValueKind kind, const char *key,
					 const char *value)
{
	(void)kind; (void)value;
	struct { const char *name; int n; } *want = cls;
	want->n += strcasecmp(key, want->name) == 0;
	return MHD_YES;
}

/* How many times the header name came with the request. */
static int http_header_count(struct MHD_Connection *c, const char *name)
{
	struct { const char *name; int n; } want = { name, 0 };
	MHD_get_connection_values(c, MHD_HEADER_KIND, http_count_header, &want);
	return want.n;
}

/* What is wrong with the request's headers before its body is read, into
 * r->bad_header (empty when nothing): a second Content-Length (which a
 * proxy and wicketd might read differently), an Idempotency-Key longer
 * than a key may be (refused: a cut key could match another request's). */
static void http_check_headers(struct MHD_Connection *c, struct req *r)
{
	const char *key = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Idempotency-Key");
	if (http_header_count(c, "Content-Length") > 1)
		snprintf(r->bad_header, sizeof r->bad_header, "Content-Length is given more than once");
	else if (http_header_count(c, "Idempotency-Key") > 1)
		snprintf(r->bad_header, sizeof r->bad_header, "Idempotency-Key is given more than once");
	else if (key && strlen(key) > SRV_MAX_IDEM_KEY)
		snprintf(r->bad_header, sizeof r->bad_header, "Idempotency-Key is longer than %d characters",
			 SRV_MAX_IDEM_KEY);
	else if (key && *key)
		r->idem_key = xstrdup(key);
}

/* libmicrohttpd's unescaping of the path and the query, except that %00
 * becomes DEL: a NUL would end the text unseen (".../tickets/1%00" would
 * read as ticket 1), while DEL is a control character that no id, code or
 * text field accepts, so the request is refused as it should be. */
static size_t http_unescape(void *cls, struct MHD_Connection *c, char *s)
{
	(void)cls; (void)c;
	size_t n = MHD_http_unescape(s);
	for (size_t i = 0; i < n; i++)
		if (s[i] == '\0')
			s[i] = 0x7f;
	return n;
}

/* ---- long-polls parked without a thread (events.c) ---- */

static void http_suspend(void *conn)
{
	MHD_suspend_connection(conn);
}

static void http_resume(void *conn)
{
	MHD_resume_connection(conn);
}

static const struct req_park_ops http_park_ops = { http_suspend, http_resume };

/* Let r's long-poll park on its connection c. */
static void http_park_init(struct req *r, struct MHD_Connection *c)
{
	r->park = &http_park_ops;
	r->park_ctx = c;
}

/* Run r to its reply: dispatched the first time, read again from its feed
 * once a parked long-poll is resumed, sent as it is once a write parked
 * for its batch's commit is resumed (batch.c).  True when there is a
 * reply to send, false when r is (again) parked, its connection
 * suspended. */
static bool http_run(struct req *r, struct MHD_Connection *c)
{
	if (r->batch_parked) {      /* resumed: its batch is committed */
		r->batch_parked = false;
		return true;
	}
	if (r->wait)
		ev_poll_again(r);
	else
		srv_dispatch(r, MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Authorization"));
	return !ev_parked(r) && !r->batch_parked;
}

static enum MHD_Result http_access(void *cls, struct MHD_Connection *c, const char *url,
				   const char *method, const char *version,
				   const char *upload_data, size_t *upload_size, void **con_cls)
{
	(void)version;
	struct srv *s = cls;
	struct req *r = *con_cls;

	if (!r) {
		/* method is libmicrohttpd's and lives as long as the connection's request. */
		r = req_new(s, method, url);
		r->query = http_query;
		r->header = http_header;
		r->query_ctx = c;
		http_client_addr(s, c, r->addr);
		http_park_init(r, c);
		http_check_headers(c, r);
		const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
		if (cl && strtoull(cl, NULL, 10) > SRV_MAX_BODY)
			r->too_large = true;
		*con_cls = r;
		return MHD_YES;
	}
	if (*upload_size) {
		req_add_body(r, upload_data, *upload_size);
		*upload_size = 0;
		return MHD_YES;
	}
	if (!http_run(r, c))
		return MHD_YES;
	log_debug("%s %s -> %d", r->method, r->path, r->status);
	return http_send(c, r);
}

static void http_completed(void *cls, struct MHD_Connection *c, void **con_cls,
			   enum MHD_RequestTerminationCode toe)
{
	(void)cls; (void)c;
	struct req *r = *con_cls;
	/* A long-poll whose client went away while it waited ends here when
	 * libmicrohttpd sees the closed socket before the answer is made. */
	if (r && r->wait && !r->reply && toe != MHD_REQUEST_TERMINATED_COMPLETED_OK)
		log_debug("%s %s -> closed by the client while it waited", r->method, r->path);
	req_free(r);
	*con_cls = NULL;
}

/* libmicrohttpd's complaint `line`, said once a second at most: a client
 * that opens connection after connection past its address's limit makes
 * one line each ("Server reached connection limit"), which must not fill
 * the disk.  How many were left unsaid is said with the next. */
static void http_log_line(const char *line)
{
	static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
	static char last[512];
	static time_t last_at;
	static unsigned long unsaid;
	time_t now = time(NULL);
	pthread_mutex_lock(&lock);
	if (now == last_at && strcmp(line, last) == 0) {
		unsaid++;
	} else {
		if (unsaid)
			log_warn("http: %s (and %lu more times)", last, unsaid);
		log_warn("http: %s", line);
		snprintf(last, sizeof last, "%s", line);
		last_at = now;
		unsaid = 0;
	}
	pthread_mutex_unlock(&lock);
}

static void http_log(void *cls, const char *fmt, va_list ap)
{
	(void)cls;
	char line[512];
	vsnprintf(line, sizeof line, fmt, ap);
	line[strcspn(line, "\n")] = '\0';
	http_log_line(line);
}

#define HTTP_CONN_MEMORY (8 * 1024)

/* How many connections to take at once: as many as the descriptors allow
 * (the soft limit raised to the hard one, up to 65536), less a reserve for
 * the databases, the drills and the logs. */
static unsigned http_connection_limit(void)
{
	struct rlimit rl;
	if (getrlimit(RLIMIT_NOFILE, &rl))
		return 512;
	rlim_t want = rl.rlim_max == RLIM_INFINITY || rl.rlim_max > 65536 ? 65536 : rl.rlim_max;
	if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < want) {
		rl.rlim_cur = want;
		if (setrlimit(RLIMIT_NOFILE, &rl))
			getrlimit(RLIMIT_NOFILE, &rl);
	}
	rlim_t fds = rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur > 65536 ? 65536 : rl.rlim_cur;
	return fds > 256 + 128 ? (unsigned)(fds - 128) : 256;
}

/* Every connection is served by a small pool of threads, each with its
 * epoll set: no connection owns a thread, a parked long-poll is a
 * suspended connection, one address has a bounded share of the
 * connections, and a connection that sends nothing for
 * --connection-timeout seconds is closed (libmicrohttpd does not count
 * the time a connection is suspended). */
static struct MHD_Daemon *http_daemon(struct srv *s, unsigned flags, const struct sockaddr *sa)
{
	unsigned limit = http_connection_limit();
	log_debug("http: %d threads, up to %u connections, %d per address, %d s timeout",
		  s->opt->threads, limit, s->opt->per_ip_connections, s->opt->connection_timeout);
	flags |= MHD_USE_EPOLL_INTERNAL_THREAD | MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ERROR_LOG;
	return MHD_start_daemon(flags, 0, NULL, NULL, http_access, s,
		MHD_OPTION_EXTERNAL_LOGGER, http_log, NULL,
		MHD_OPTION_SOCK_ADDR, sa,
		MHD_OPTION_NOTIFY_COMPLETED, http_completed, NULL,
		MHD_OPTION_UNESCAPE_CALLBACK, http_unescape, NULL,
		MHD_OPTION_THREAD_POOL_SIZE, (unsigned)s->opt->threads,
		MHD_OPTION_CONNECTION_LIMIT, limit,
		MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)s->opt->per_ip_connections,
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)s->opt->connection_timeout,
		MHD_OPTION_LISTEN_BACKLOG_SIZE, (unsigned)1024,
		/* Each connection's buffers (request line and headers; a body
		 * is handed over in pieces): 32 KiB by default, 80 MiB for
		 * 2,500 connections once used. */
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)HTTP_CONN_MEMORY,
		MHD_OPTION_END);
}

void *http_start(struct srv *s, unsigned *port_out, char *err, size_t errlen)
{
	struct sockaddr_storage ss;
	memset(&ss, 0, sizeof ss);
	unsigned flags = 0;
	struct sockaddr_in *v4 = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)&ss;
	if (inet_pton(AF_INET, s->opt->listen_addr, &v4->sin_addr) == 1) {
		v4->sin_family = AF_INET;
		v4->sin_port = htons((uint16_t)s->opt->port);
	} else if (inet_pton(AF_INET6, s->opt->listen_addr, &v6->sin6_addr) == 1) {
		v6->sin6_family = AF_INET6;
		v6->sin6_port = htons((uint16_t)s->opt->port);
		flags |= MHD_USE_IPv6;
	} else {
		snprintf(err, errlen, "--listen: '%s' is not a numeric IPv4 or IPv6 address",
			 s->opt->listen_addr);
		return NULL;
	}
	ev_park_start();
	struct MHD_Daemon *d = http_daemon(s, flags, (struct sockaddr *)&ss);
	if (!d) {
		ev_park_stop();
		snprintf(err, errlen, "cannot listen on %s:%u (in use, or not an address of this machine)",
			 s->opt->listen_addr, s->opt->port);
		return NULL;
	}
	const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	*port_out = info ? info->port : s->opt->port;
	return d;
}

void http_stop(void *daemon)
{
	/* Answer every parked long-poll first: libmicrohttpd must not be
	 * stopped with a connection suspended. */
	ev_park_stop();
	MHD_stop_daemon(daemon);
}
