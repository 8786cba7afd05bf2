/* cupsd.c - a private CUPS for the tests that print (cupsd.h). */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "cupsd.h"

#define PCUPS_WAIT_MS 10000
#define PCUPS_PPD "/usr/share/ppd/cupsfilters/Generic-PDF_Printer-PDF.ppd"

static long long pcups_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void pcups_write(const char *path, const char *fmt, ...)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	va_list ap;
	va_start(ap, fmt);
	vfprintf(f, fmt, ap);
	va_end(ap);
	assert_int_equal(fclose(f), 0);
}

/* $CUPSD, or cupsd in the sbin directories a user's PATH may lack. */
static const char *pcups_bin(const char *env, const char *name)
{
	static char found[2][256];
	char *slot = found[strcmp(name, "cupsd") == 0 ? 0 : 1];
	const char *e = getenv(env);
	if (e && *e)
		return e;
	const char *dirs[] = { "/usr/sbin", "/sbin", "/usr/bin", "/usr/local/sbin" };
	for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
		snprintf(slot, 256, "%s/%s", dirs[i], name);
		if (access(slot, X_OK) == 0)
			return slot;
	}
	fail_msg("%s is not installed: the printing tests need a real CUPS (./quickstart installs cups)", name);
	return NULL;
}

/* Wait on watch until its event for name (any event: IN_CREATE of the
 * socket, IN_CLOSE_WRITE of a job's file), or cupsd's exit. */
static void pcups_wait_event(struct pcups *c, int watch, const char *name)
{
	int pidfd = (int)syscall(SYS_pidfd_open, c->pid, 0);
	long long deadline = pcups_ms() + PCUPS_WAIT_MS;
	for (bool seen = false; !seen;) {
		struct pollfd p[2] = { { .fd = watch, .events = POLLIN }, { .fd = pidfd, .events = POLLIN } };
		long long left = deadline - pcups_ms();
		if (left <= 0)
			fail_msg("no %s within %d ms (see %s/log/error_log)", name, PCUPS_WAIT_MS, c->dir);
		poll(p, pidfd >= 0 ? 2 : 1, (int)left);
		if (pidfd >= 0 && p[1].revents)
			fail_msg("cupsd exited (see %s/log/error_log and %s/cupsd.out)", c->dir, c->dir);
		char buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
		ssize_t n;
		while ((n = read(watch, buf, sizeof buf)) > 0)
			for (char *q = buf; q < buf + n;) {
				struct inotify_event *e = (struct inotify_event *)q;
				seen = seen || (e->len && strcmp(e->name, name) == 0);
				q += sizeof *e + e->len;
			}
	}
	if (pidfd >= 0)
		close(pidfd);
}

void pcups_start(struct pcups *c, const char *dir)
{
	memset(c, 0, sizeof *c);
	snprintf(c->dir, sizeof c->dir, "%s/cups", dir);
	snprintf(c->sock, sizeof c->sock, "%s/cups.sock", c->dir);
	const char *subs[] = { "", "/spool", "/cache", "/state", "/log", "/out", "/ppd" };
	for (size_t i = 0; i < sizeof subs / sizeof subs[0]; i++) {
		char p[700];
		snprintf(p, sizeof p, "%s%s", c->dir, subs[i]);
		assert_int_equal(mkdir(p, 0755), 0);
	}
	char p[700];
	/* As root, cupsd runs the filters as lp, which must reach the spool and
	 * the queue's PPD through the test's directory (mkdtemp's 0700). */
	if (geteuid() == 0)
		chmod(dir, 0711);
	/* The jobs are written by cupsd's user: as root that is lp. */
	snprintf(p, sizeof p, "%s/out", c->dir);
	chmod(p, 01777);
	snprintf(p, sizeof p, "%s/cupsd.conf", c->dir);
	pcups_write(p, "Listen %s\nLogLevel debug\nBrowsing No\nWebInterface No\nDefaultAuthType None\n"
		    "<Location />\n  Order allow,deny\n  Allow all\n</Location>\n"
		    "<Location /admin>\n  Order allow,deny\n  Allow all\n</Location>\n"
		    "<Policy default>\n  <Limit All>\n    Order deny,allow\n  </Limit>\n</Policy>\n", c->sock);
	snprintf(p, sizeof p, "%s/cups-files.conf", c->dir);
	pcups_write(p, "FileDevice Yes\nServerRoot %1$s\nRequestRoot %1$s/spool\nCacheDir %1$s/cache\n"
		    "StateDir %1$s/state\nTempDir %1$s/spool\nServerBin /usr/lib/cups\nDataDir /usr/share/cups\n"
		    "ErrorLog %1$s/log/error_log\nAccessLog %1$s/log/access_log\nPageLog %1$s/log/page_log\n",
		    c->dir);
	int watch = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	assert_true(watch >= 0);
	assert_true(inotify_add_watch(watch, c->dir, IN_CREATE) >= 0);
	const char *bin = pcups_bin("CUPSD", "cupsd");
	c->pid = fork();
	assert_true(c->pid >= 0);
	if (c->pid == 0) {
		char conf[700], files[700], out[700];
		snprintf(conf, sizeof conf, "%s/cupsd.conf", c->dir);
		snprintf(files, sizeof files, "%s/cups-files.conf", c->dir);
		snprintf(out, sizeof out, "%s/cupsd.out", c->dir);
		if (!freopen(out, "w", stdout) || !freopen(out, "a", stderr))
			_exit(126);
		execl(bin, "cupsd", "-f", "-c", conf, "-s", files, (char *)NULL);
		_exit(127);
	}
	/* Ready: it has made its socket, which it does as it listens. */
	pcups_wait_event(c, watch, "cups.sock");
	close(watch);
	setenv("CUPS_SERVER", c->sock, 1);
}

/* Run a CUPS command line (its output to the log) on the private server. */
static void pcups_run(struct pcups *c, const char *tool, const char *fmt, ...)
{
	char args[1024], cmd[4096];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(args, sizeof args, fmt, ap);
	va_end(ap);
	snprintf(cmd, sizeof cmd, "CUPS_SERVER='%s' '%s' %s >>'%s/tools.out' 2>&1", c->sock,
		 pcups_bin(strcmp(tool, "lpadmin") == 0 ? "LPADMIN" : "CUPSREJECT", tool), args, c->dir);
	assert_int_equal(system(cmd), 0);
}

void pcups_add_queue(struct pcups *c, const char *name)
{
	pcups_run(c, "lpadmin", "-p '%s' -v 'file://%s/out/%s.pdf' -P '%s' -E", name, c->dir, name, PCUPS_PPD);
}

void pcups_reject(struct pcups *c, const char *name, const char *reason)
{
	pcups_run(c, "cupsreject", "-r '%s' '%s'", reason, name);
}

int pcups_watch(struct pcups *c)
{
	char out[700];
	snprintf(out, sizeof out, "%s/out", c->dir);
	int watch = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	assert_true(watch >= 0);
	assert_true(inotify_add_watch(watch, out, IN_CLOSE_WRITE) >= 0);
	return watch;
}

const char *pcups_wait_output(struct pcups *c, int watch, const char *name)
{
	static char path[1024];
	char file[300];
	snprintf(file, sizeof file, "%s.pdf", name);
	snprintf(path, sizeof path, "%s/out/%s", c->dir, file);
	/* cupsd closes the file it opened for the filters as it starts them:
	 * the job is written out when the last filter has closed it too, its
	 * PDF complete (the trailer's %EOF at its end). */
	for (;;) {
		pcups_wait_event(c, watch, file);
		FILE *f = fopen(path, "rb");
		char tail[64] = "";
		size_t n = 0;
		if (f && fseek(f, -(long)(sizeof tail - 1), SEEK_END) == 0)
			n = fread(tail, 1, sizeof tail - 1, f);
		if (f)
			fclose(f);
		tail[n] = '\0';
		if (strstr(tail, "%EOF"))
			break;
	}
	close(watch);
	return path;
}

void pcups_stop(struct pcups *c)
{
	if (c->pid <= 0)
		return;
	kill(c->pid, SIGTERM);
	int st;
	waitpid(c->pid, &st, 0);
	c->pid = 0;
	unsetenv("CUPS_SERVER");
}
