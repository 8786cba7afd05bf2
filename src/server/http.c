#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <microhttpd.h>

#include "wicket/log.h"
#include "wicket/srv.h"
#include "wicket/utf8.h"
#include "wicket/xalloc.h"


static void http_req_free(struct req *r)
{
	buf_free(&r->body);
	cJSON_Delete(r->json);
	free(r->path);
	free(r->param_store);
	free(r->idem_key);
	free(r->reply);
	free(r);
}

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
	MHD_add_response_header(resp, "Content-Type", "application/json; charset=utf-8");
	MHD_add_response_header(resp, "Cache-Control", "no-store");
	if (r->replayed)
		MHD_add_response_header(resp, "Idempotent-Replayed", "true");
	enum MHD_Result ret = MHD_queue_response(c, (unsigned)r->status, resp);
	MHD_destroy_response(resp);
	return ret;
}

/* Parse and check what every request needs before its handler runs:
 * the JSON body of a POST and the caller's identity. */
static bool http_prepare(struct req *r, const struct route *rt, struct MHD_Connection *c)
{
	if (r->too_large) {
		srv_error(r, 413, "payload_too_large", "the body is larger than %d bytes", SRV_MAX_BODY);
		return false;
	}
	if (strcmp(r->method, "POST") == 0) {
		if (r->body.len == 0) {
			r->json = cJSON_CreateObject();
		} else if (!utf8_valid(r->body.data, r->body.len)) {
			srv_error(r, 400, "invalid_utf8", "the body is not valid UTF-8");
			return false;
		} else if (srv_json_nul(r->body.data, r->body.len) >= 0) {
			srv_error(r, 400, "invalid_field", "a string in the body holds NUL (\\u0000), "
				  "which no field may hold");
			return false;
		} else {
			r->json = cJSON_ParseWithLength(r->body.data, r->body.len);
			if (!cJSON_IsObject(r->json)) {
				srv_error(r, 400, "bad_json", "the body must be a JSON object");
				return false;
			}
		}
	}
	if (rt->roles == 0)
		return true;
	const char *authz = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Authorization");
	if (!authz || auth_resolve(r, authz)) {
		srv_error(r, 401, "unauthorized", "sign in first (missing, unknown or expired token)");
		return false;
	}
	if (!(rt->roles & R(r->auth.role))) {
		srv_error(r, 403, "forbidden", "a %s may not do this", auth_role_name(r->auth.role));
		return false;
	}
	return true;
}

/* Run a write route: one transaction, idempotent on Idempotency-Key. */
static void http_run_write(struct srv *s, struct req *r, const struct route *rt)
{
	if (db_begin(s)) {
		srv_error(r, 503, "busy", "the database is busy; try again");
		return;
	}
	if (r->idem_key && idem_lookup(r)) {
		db_rollback(s);
		return;
	}
	rt->fn(r);
	if (r->status >= 200 && r->status < 300) {
		if (r->idem_key)
			idem_store(r);
		if (db_commit(s)) {
			db_rollback(s);
			r->events_added = false;
			srv_error(r, 503, "busy", "the change could not be committed; try again");
		}
	} else {
		db_rollback(s);
		r->events_added = false;
	}
}

static void http_dispatch(struct srv *s, struct req *r, struct MHD_Connection *c)
{
	bool path_known = false;
	const struct route *rt = routes_match(r, &path_known);
	if (!rt) {
		if (path_known)
			srv_error(r, 405, "method_not_allowed", "%s is not allowed on %s", r->method, r->path);
		else
			srv_error(r, 404, "not_found", "no such endpoint: %s", r->path);
		return;
	}
	if (rt->own_lock) {
		pthread_mutex_lock(&s->lock);
		bool ok = http_prepare(r, rt, c);
		pthread_mutex_unlock(&s->lock);
		if (ok)
			rt->fn(r);
		return;
	}
	pthread_mutex_lock(&s->lock);
	if (http_prepare(r, rt, c)) {
		if (rt->write)
			http_run_write(s, r, rt);
		else
			rt->fn(r);
	}
	if (r->events_added)
		pthread_cond_broadcast(&s->events_cv);
	pthread_mutex_unlock(&s->lock);
}

static enum MHD_Result http_access(void *cls, struct MHD_Connection *c, const char *url,
				   const char *method, const char *version,
				   const char *upload_data, size_t *upload_size, void **con_cls)
{
	(void)version;
	struct srv *s = cls;
	struct req *r = *con_cls;

	if (!r) {
		r = xcalloc(1, sizeof *r);
		r->srv = s;
		r->method = strcmp(method, "POST") == 0 ? "POST" :
			    strcmp(method, "GET") == 0 ? "GET" : method;
		r->path = xstrdup(url);
		r->conn = c;
		const char *key = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Idempotency-Key");
		if (key && *key)
			r->idem_key = xstrndup(key, 200);
		const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
		if (cl && strtoull(cl, NULL, 10) > SRV_MAX_BODY)
			r->too_large = true;
		*con_cls = r;
		return MHD_YES;
	}
	if (*upload_size) {
		if (!r->too_large && r->body.len + *upload_size <= SRV_MAX_BODY)
			buf_add(&r->body, upload_data, *upload_size);
		else
			r->too_large = true;
		*upload_size = 0;
		return MHD_YES;
	}
	http_dispatch(s, r, c);
	log_debug("%s %s -> %d", r->method, r->path, r->status);
	return http_send(c, r);
}

static void http_completed(void *cls, struct MHD_Connection *c, void **con_cls,
			   enum MHD_RequestTerminationCode toe)
{
	(void)cls; (void)c; (void)toe;
	if (*con_cls)
		http_req_free(*con_cls);
	*con_cls = NULL;
}

static void http_log(void *cls, const char *fmt, va_list ap)
{
	(void)cls;
	char line[512];
	vsnprintf(line, sizeof line, fmt, ap);
	line[strcspn(line, "\n")] = '\0';
	log_warn("http: %s", line);
}

void *http_start(struct srv *s, unsigned *port_out, char *err, size_t errlen)
{
	struct sockaddr_storage ss;
	memset(&ss, 0, sizeof ss);
	unsigned flags = MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD |
			 MHD_USE_ERROR_LOG;
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
	struct MHD_Daemon *d = MHD_start_daemon(flags, 0, NULL, NULL, http_access, s,
		MHD_OPTION_EXTERNAL_LOGGER, http_log, NULL,
		MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
		MHD_OPTION_NOTIFY_COMPLETED, http_completed, NULL,
		MHD_OPTION_CONNECTION_LIMIT, (unsigned)512,
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)120,
		MHD_OPTION_END);
	if (!d) {
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
	MHD_stop_daemon(daemon);
}
