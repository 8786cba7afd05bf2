#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "wicket/client/app.h"
#include "wicket/common/xalloc.h"

/* wicket --demo: a private wicketd on a free loopback port, a temporary
 * database, and everything removed again when the client exits, however it
 * exits.
 *
 * The client does not clean up after itself, since it cannot on every path
 * (closing the terminal sends SIGHUP, whose default kills it; SIGKILL
 * cannot be caught).  A guardian does: a small process of its own session,
 * forked before anything else, that starts wicketd as its child and then
 * waits for the end of a pipe that only the client holds open.  The pipe
 * ends when the client does, on any path; the guardian then stops wicketd
 * and removes the temporary folder, and exits.  demo_stop() just closes
 * the pipe and waits for the guardian, so a normal exit takes the same one
 * path. */

static pid_t demo_guardian;   /* 0: no demo */
static int demo_life = -1;    /* the write end the guardian waits on */
static char demo_dir[256];

static bool demo_executable(const char *path)
{
	return path && access(path, X_OK) == 0;
}

/* Next to wicket when installed, in the build tree when run from it,
 * else on PATH. */
static char *demo_find_wicketd(const char *argv0, const char *given)
{
	if (given)
		return xstrdup(given);
	const char *env = getenv("WICKETD");
	if (demo_executable(env))
		return xstrdup(env);
	if (argv0 && strchr(argv0, '/')) {
		char *dir = xstrdup(argv0);
		*strrchr(dir, '/') = '\0';
		static const char *const rel[] = { "%s/wicketd", "%s/../server/wicketd" };
		for (size_t i = 0; i < sizeof rel / sizeof rel[0]; i++) {
			char *p = xasprintf(rel[i], dir);
			if (demo_executable(p)) {
				free(dir);
				return p;
			}
			free(p);
		}
		free(dir);
	}
	return xstrdup("wicketd");
}

/* The server: its "listening on URL" line to out_fd, its log to err_fd. */
static void demo_server(const char *bin, int out_fd, int err_fd)
{
	char db[320];
	snprintf(db, sizeof db, "%s/demo.db", demo_dir);
	dup2(out_fd, STDOUT_FILENO);
	dup2(err_fd, STDERR_FILENO);
	int devnull = open("/dev/null", O_RDONLY);
	if (devnull >= 0)
		dup2(devnull, STDIN_FILENO);
	execlp(bin, bin, "--demo", "--db", db, "--listen", "127.0.0.1:0", (char *)NULL);
	dprintf(err_fd, "cannot run %s: %s\n", bin, strerror(errno));
	_exit(127);
}

/* Remove the directory dir with what is in it, and what is in the folders
 * in it (a trainer's drill sandboxes) down to depth more levels. */
static void demo_remove_dir(const char *dir, int depth)
{
	DIR *d = opendir(dir);
	if (!d)
		return;
	for (struct dirent *e; (e = readdir(d));) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		char p[600];
		snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
		struct stat st;
		if (depth > 0 && lstat(p, &st) == 0 && S_ISDIR(st.st_mode))
			demo_remove_dir(p, depth - 1);
		else
			unlink(p);
	}
	closedir(d);
	rmdir(dir);
}

/* Stop the server pid: SIGTERM, and SIGKILL if it has not gone within
 * five seconds. */
static void demo_end_server(pid_t pid)
{
	kill(pid, SIGTERM);
	for (int i = 0; i < 100; i++) {
		if (waitpid(pid, NULL, WNOHANG) != 0)
			return;
		struct timespec ts = { 0, 50 * 1000 * 1000 };
		nanosleep(&ts, NULL);
	}
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
}

/* The guardian (see the top of this file): never returns. */
static void demo_guard(const char *bin, int life_fd, int out_fd, int log_fd)
{
	/* Its own session: the terminal's SIGHUP and ^C are the client's. */
	setsid();
	signal(SIGINT, SIG_IGN);
	signal(SIGHUP, SIG_IGN);
	signal(SIGTERM, SIG_IGN);
	pid_t server = fork();
	if (server == 0) {
		close(life_fd);
		demo_server(bin, out_fd, log_fd);
	}
	close(out_fd);
	close(log_fd);
	if (server > 0) {
		char c;
		/* The client never writes: read returns when its end is gone. */
		while (read(life_fd, &c, 1) < 0 && errno == EINTR)
			;
		demo_end_server(server);
	}
	demo_remove_dir(demo_dir, 1);
	_exit(0);
}

char *demo_start(const char *argv0, const char *wicketd_path, char *err, size_t errlen)
{
	const char *tmp = getenv("TMPDIR");
	snprintf(demo_dir, sizeof demo_dir, "%s/wicket-demo-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(demo_dir)) {
		snprintf(err, errlen, "cannot make a temporary directory: %s", strerror(errno));
		demo_dir[0] = '\0';
		return NULL;
	}
	char log[320];
	snprintf(log, sizeof log, "%s/wicketd.log", demo_dir);
	int log_fd = open(log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	int ready[2], life[2];
	if (log_fd < 0 || pipe(ready) || pipe(life) || fcntl(life[1], F_SETFD, FD_CLOEXEC)) {
		snprintf(err, errlen, "cannot start the demo server: %s", strerror(errno));
		rmdir(demo_dir);
		return NULL;
	}
	char *bin = demo_find_wicketd(argv0, wicketd_path);
	demo_guardian = fork();
	if (demo_guardian == 0) {
		close(ready[0]);
		close(life[1]);
		demo_guard(bin, life[0], ready[1], log_fd);
	}
	free(bin);
	close(ready[1]);
	close(life[0]);
	close(log_fd);
	demo_life = life[1];
	/* wicketd's ready signal: "listening on URL". */
	FILE *f = fdopen(ready[0], "r");
	char line[256] = "";
	char *url = NULL;
	if (f && fgets(line, sizeof line, f) && strstr(line, "http://")) {
		line[strcspn(line, "\n")] = '\0';
		url = xstrdup(strstr(line, "http://"));
	}
	if (f)
		fclose(f);
	if (!url) {
		snprintf(err, errlen, "the demo server did not start (see %s)", log);
		demo_stop();
	}
	return url;
}

void demo_stop(void)
{
	if (demo_guardian <= 0)
		return;
	close(demo_life);
	demo_life = -1;
	while (waitpid(demo_guardian, NULL, 0) < 0 && errno == EINTR)
		;
	demo_guardian = 0;
	demo_dir[0] = '\0';
}
