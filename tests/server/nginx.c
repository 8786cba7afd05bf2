/* nginx.c - a private nginx in front of the tests' wicketd (nginx.h). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/pidfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "harness.h"
#include "nginx.h"
#include "wicket/common/buf.h"
#include "wicket/common/xalloc.h"

#define NGINX_WAIT 10000        /* ms: a bound for failures, never a pause */
#define NGINX_ATTEMPTS 5        /* ports tried when one is taken meanwhile */

/* The file's text (malloc'd), "" when it cannot be read. */
static char *nginx_read(const char *path)
{
	struct buf b = BUF_INIT;
	if (buf_read_file(&b, path, 256 << 20))
		buf_reset(&b);
	char *text = xstrdup(buf_str(&b));
	buf_free(&b);
	return text;
}

/* dir/name's text (malloc'd), "" when it cannot be read. */
static char *nginx_read_in(const struct nginx *n, const char *name)
{
	char path[sizeof n->dir + 32];
	snprintf(path, sizeof path, "%s/%s", n->dir, name);
	return nginx_read(path);
}

static void nginx_write_in(const struct nginx *n, const char *name, const char *text)
{
	char path[sizeof n->dir + 32];
	snprintf(path, sizeof path, "%s/%s", n->dir, name);
	FILE *f = fopen(path, "w");
	if (!f)
		fail_msg("cannot write %s: %s", path, strerror(errno));
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

const char *nginx_path(void)
{
	static char found[512];
	const char *env = getenv("NGINX");
	if (env && *env)
		return env;
	const char *path = getenv("PATH");
	struct buf dirs = BUF_INIT;
	buf_printf(&dirs, "%s:/usr/sbin:/usr/local/sbin:/sbin", path ? path : "");
	char *save = NULL;
	found[0] = '\0';
	for (char *d = strtok_r(dirs.data, ":", &save); d; d = strtok_r(NULL, ":", &save)) {
		snprintf(found, sizeof found, "%s/nginx", *d ? d : ".");
		if (access(found, X_OK) == 0)
			break;
		found[0] = '\0';
	}
	buf_free(&dirs);
	if (!found[0])
		fail_msg("nginx is not installed: the test needs it (./quickstart installs it)");
	return found;
}

char *nginx_doc_site(const char *doc)
{
	char path[512];
	snprintf(path, sizeof path, "%s/%s", getenv("WICKET_SRCDIR"), doc);
	char *text = nginx_read(path);
	char *start = strstr(text, "```nginx\n");
	char *end = start ? strstr(start + 9, "\n```") : NULL;
	if (!end)
		fail_msg("%s has no ```nginx block", path);
	char *site = xstrndup(start + 9, (size_t)(end - start - 9) + 1);
	free(text);
	return site;
}

void nginx_replace(char **text, const char *doc, const char *from, const char *to)
{
	char *at = strstr(*text, from);
	if (!at)
		fail_msg("%s's site no longer has \"%s\"", doc, from);
	struct buf b = BUF_INIT;
	buf_add(&b, *text, (size_t)(at - *text));
	buf_adds(&b, to);
	buf_adds(&b, at + strlen(from));
	free(*text);
	*text = buf_steal(&b);
}

/* The site with every NGINX_PORT made port (malloc'd). */
static char *nginx_site_on(const char *site, int port)
{
	struct buf b = BUF_INIT;
	const char *p = site, *at;
	while ((at = strstr(p, NGINX_PORT)) != NULL) {
		buf_add(&b, p, (size_t)(at - p));
		buf_printf(&b, "%d", port);
		p = at + strlen(NGINX_PORT);
	}
	buf_adds(&b, p);
	return buf_steal(&b);
}

/* The site in n->dir/wicket.conf, and the main configuration around it:
 * one process in the foreground, every file in n->dir (Debian's build
 * would otherwise write to /var/lib/nginx), the upstream that served each
 * request in the access log. */
static void nginx_write_conf(const struct nginx *n, const char *site)
{
	char *text = nginx_site_on(site, n->port);
	nginx_write_in(n, "wicket.conf", text);
	free(text);
	struct buf conf = BUF_INIT;
	buf_printf(&conf,
		   "daemon off;\nmaster_process off;\n"
		   "pid %1$s/nginx.pid;\nlock_file %1$s/nginx.lock;\nerror_log %1$s/error.log info;\n"
		   "events { worker_connections 1024; }\n"
		   "http {\n"
		   "    log_format wicket '$remote_addr - $remote_user [$time_local] \"$request\" '\n"
		   "                      '$status $body_bytes_sent \"$http_referer\" \"$http_user_agent\" '\n"
		   "                      'upstream=$upstream_addr';\n"
		   "    access_log %1$s/access.log wicket;\n"
		   "    client_body_temp_path %1$s/body;\n    proxy_temp_path %1$s/proxy;\n"
		   "    fastcgi_temp_path %1$s/fastcgi;\n    uwsgi_temp_path %1$s/uwsgi;\n"
		   "    scgi_temp_path %1$s/scgi;\n"
		   "    include %1$s/wicket.conf;\n"
		   "}\n", n->dir);
	nginx_write_in(n, "nginx.conf", buf_str(&conf));
	buf_free(&conf);
}

/* A port free on loopback just now (nginx may still lose it to another
 * program: then the start is tried again). */
static int nginx_free_port(void)
{
	int s = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof a;
	assert_true(s >= 0);
	assert_int_equal(bind(s, (struct sockaddr *)&a, sizeof a), 0);
	assert_int_equal(getsockname(s, (struct sockaddr *)&a, &len), 0);
	close(s);
	return ntohs(a.sin_port);
}

static pid_t nginx_spawn(const struct nginx *n, const char *bin)
{
	char prefix[sizeof n->dir + 32], conf[sizeof n->dir + 32], errlog[sizeof n->dir + 32],
	     out[sizeof n->dir + 32];
	snprintf(prefix, sizeof prefix, "%s/", n->dir);
	snprintf(conf, sizeof conf, "%s/nginx.conf", n->dir);
	snprintf(errlog, sizeof errlog, "%s/error.log", n->dir);
	snprintf(out, sizeof out, "%s/nginx.out", n->dir);
	fflush(NULL);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		int null = open("/dev/null", O_RDONLY);
		int log = open(out, O_WRONLY | O_CREAT | O_APPEND, 0600);
		dup2(null, STDIN_FILENO);
		dup2(log, STDOUT_FILENO);
		dup2(log, STDERR_FILENO);
		execl(bin, bin, "-p", prefix, "-c", conf, "-e", errlog, (char *)NULL);
		_exit(127);
	}
	return pid;
}

/* Whether nginx's pid file names pid: it is written once nginx listens. */
static bool nginx_pid_written(const struct nginx *n, pid_t pid)
{
	char *text = nginx_read_in(n, "nginx.pid");
	bool ok = atol(text) == (long)pid;
	free(text);
	return ok;
}

/* Wait for the pid file (inotify tells when a file in n->dir is closed
 * after writing) or for nginx to exit.  Returns 0 when ready, else its
 * exit status (reaped), or -1 on timeout. */
static int nginx_wait_ready(const struct nginx *n, int watch, pid_t pid)
{
	int pidfd = pidfd_open(pid, 0);
	long long deadline = test_now_ms() + NGINX_WAIT;
	assert_true(pidfd >= 0);
	while (!nginx_pid_written(n, pid)) {
		struct pollfd p[2] = { { .fd = watch, .events = POLLIN }, { .fd = pidfd, .events = POLLIN } };
		if (test_left_ms(deadline) == 0) {
			close(pidfd);
			return -1;
		}
		poll(p, 2, test_left_ms(deadline));
		if (p[1].revents && !nginx_pid_written(n, pid)) {
			int st;
			waitpid(pid, &st, 0);
			close(pidfd);
			return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
		}
		char events[4096];
		while (read(watch, events, sizeof events) > 0)
			;       /* which file does not matter: the pid file is read again */
	}
	close(pidfd);
	return 0;
}

/* After a start that failed (rc from nginx_wait_ready): whether to try
 * another port, i.e. the port was taken and attempts remain; else the
 * test fails with nginx's logs on stderr. */
static bool nginx_try_again(struct nginx *n, const char *bin, int rc, int attempt)
{
	if (rc < 0) {
		kill(n->pid, SIGKILL);
		waitpid(n->pid, NULL, 0);
	}
	n->pid = 0;
	char *log = nginx_read_in(n, "error.log");
	bool taken = strstr(log, "Address already in use") != NULL;
	if (taken && attempt < NGINX_ATTEMPTS) {
		free(log);
		char path[sizeof n->dir + 32];
		snprintf(path, sizeof path, "%s/error.log", n->dir);
		unlink(path);
		return true;
	}
	char *out = nginx_read_in(n, "nginx.out");
	fprintf(stderr, "nginx error log:\n%s\nnginx output:\n%s\n", log, out);
	free(out);
	free(log);
	fail_msg("nginx (%s) did not start: %s", bin,
		 rc < 0 ? "no pid file in time" : rc == 127 ? "it cannot be run" : "it exited");
	return false;
}

void nginx_start(struct nginx *n, const char *dir, const char *site)
{
	const char *bin = nginx_path();
	memset(n, 0, sizeof *n);
	snprintf(n->dir, sizeof n->dir, "%s", dir);
	if (mkdir(n->dir, 0700) != 0 && errno != EEXIST)
		fail_msg("cannot make %s: %s", n->dir, strerror(errno));
	int watch = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	assert_true(watch >= 0);
	assert_true(inotify_add_watch(watch, n->dir, IN_CLOSE_WRITE | IN_MOVED_TO) >= 0);
	int rc;
	int attempt = 0;
	do {
		attempt++;
		n->port = nginx_free_port();
		nginx_write_conf(n, site);
		n->pid = nginx_spawn(n, bin);
		rc = nginx_wait_ready(n, watch, n->pid);
	} while (rc != 0 && nginx_try_again(n, bin, rc, attempt));
	close(watch);
}

void nginx_stop(struct nginx *n)
{
	if (n->pid > 0) {
		kill(n->pid, SIGTERM);
		waitpid(n->pid, NULL, 0);
		n->pid = 0;
	}
}

char *nginx_access_log(const struct nginx *n)
{
	return nginx_read_in(n, "access.log");
}

int nginx_count(const char *text, const char *needle)
{
	int count = 0;
	for (const char *p = text; (p = strstr(p, needle)) != NULL; p += strlen(needle))
		count++;
	return count;
}
