/* nginx.h - a private nginx in front of the tests' wicketd.
 *
 * The tests run the nginx sites the deployment documents show
 * (docs/deploy-nginx.md, docs/deploy-postgresql.md): nginx_doc_site()
 * takes a document's ```nginx block, nginx_replace() puts the test's
 * addresses in it (failing, naming the document, when the block no longer
 * has what it replaces), and nginx_start() runs it as the current user
 * with its prefix, pid file and logs in a folder of the test: one process
 * in the foreground, on a free loopback port.  No sleeps: nginx is ready
 * when it has written its pid file (after its sockets listen), which
 * inotify tells.  nginx is a required part: when it is missing or does not
 * start, the test fails. */
#ifndef WICKET_TEST_NGINX_H
#define WICKET_TEST_NGINX_H

#include <sys/types.h>

/* Where a site given to nginx_start() says its port: each occurrence is
 * replaced by the free port chosen (e.g. "listen 127.0.0.1:" NGINX_PORT ";"). */
#define NGINX_PORT "@PORT@"

struct nginx {
	pid_t pid;            /* 0 when not running */
	int port;             /* the port the site listens on */
	char dir[512];        /* its prefix: nginx.conf, the site, logs, pid file */
};

/* $NGINX, or nginx on PATH or in the sbin directories a user's PATH may
 * lack; the test fails when there is none.  Returns a static string. */
const char *nginx_path(void);
/* The ```nginx block of the document doc (a path under $WICKET_SRCDIR,
 * e.g. "docs/deploy-nginx.md"), malloc'd (the caller frees it); the test
 * fails when the document has none. */
char *nginx_doc_site(const char *doc);
/* Replace the one occurrence of from in *text (malloc'd; replaced by a new
 * malloc'd string) with to; when *text no longer holds from, the test fails
 * saying doc's site lost it: the test no longer runs what the document shows. */
void nginx_replace(char **text, const char *doc, const char *from, const char *to);
/* Start nginx with the site (an http{} block's contents; NGINX_PORT marks
 * its port) in the folder dir (made when missing), on a port free on
 * loopback, trying another when one is taken meanwhile.  Its access log
 * (dir/access.log) is nginx's combined format followed by
 * " upstream=$upstream_addr".  Returns when nginx listens; the test fails
 * when it does not start (its logs on stderr). */
void nginx_start(struct nginx *n, const char *dir, const char *site);
/* Stop nginx (SIGTERM) and wait for it: every request answered so far is
 * in its access log then.  Nothing when it is not running. */
void nginx_stop(struct nginx *n);
/* The access log so far, malloc'd (the caller frees it); "" when none. */
char *nginx_access_log(const struct nginx *n);
/* How many times needle occurs in text. */
int nginx_count(const char *text, const char *needle);

#endif
