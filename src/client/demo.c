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
#include <unistd.h>

#include "wicket/client/app.h"
#include "wicket/common/xalloc.h"

/* wicket --demo: a private wicketd on a free loopback port, a temporary
 * database, and everything removed again when the client exits. */

static pid_t demo_pid;
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

static void demo_child(const char *bin, int out_fd, int err_fd)
{
	char db[320];
	snprintf(db, sizeof db, "%s/demo.db", demo_dir);
	dup2(out_fd, STDOUT_FILENO);
	dup2(err_fd, STDERR_FILENO);
	int devnull = open("/dev/null", O_RDONLY);
	if (devnull >= 0)
		dup2(devnull, STDIN_FILENO);
	/* Our own stop signal, not the terminal's: ^C in the client must not
	 * kill the server under it. */
	setsid();
	execlp(bin, bin, "--demo", "--db", db, "--listen", "127.0.0.1:0", (char *)NULL);
	dprintf(err_fd, "cannot run %s: %s\n", bin, strerror(errno));
	_exit(127);
}

char *demo_start(const char *argv0, const char *wicketd_path, char *err, size_t errlen)
{
	const char *tmp = getenv("TMPDIR");
	snprintf(demo_dir, sizeof demo_dir, "%s/wicket-demo-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(demo_dir)) {
		snprintf(err, errlen, "cannot make a temporary directory: %s", strerror(errno));
		return NULL;
	}
	char log[320];
	snprintf(log, sizeof log, "%s/wicketd.log", demo_dir);
	int log_fd = open(log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	int fds[2];
	if (log_fd < 0 || pipe(fds)) {
		snprintf(err, errlen, "cannot start the demo server: %s", strerror(errno));
		return NULL;
	}
	char *bin = demo_find_wicketd(argv0, wicketd_path);
	demo_pid = fork();
	if (demo_pid == 0)
		demo_child(bin, fds[1], log_fd);
	free(bin);
	close(fds[1]);
	close(log_fd);
	/* wicketd's ready signal: "listening on URL". */
	FILE *f = fdopen(fds[0], "r");
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

/* Remove the directory dir and the files in it (a drill's sandboxes). */
static void demo_remove_dir(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return;
	for (struct dirent *e; (e = readdir(d));) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		char p[600];
		snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
		unlink(p);
	}
	closedir(d);
	rmdir(dir);
}

void demo_stop(void)
{
	if (demo_pid > 0) {
		kill(demo_pid, SIGTERM);
		waitpid(demo_pid, NULL, 0);
		demo_pid = 0;
	}
	if (demo_dir[0]) {
		static const char *const files[] = { "demo.db", "demo.db-wal", "demo.db-shm", "wicketd.log" };
		for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
			char p[320];
			snprintf(p, sizeof p, "%s/%s", demo_dir, files[i]);
			unlink(p);
		}
		char drills[320];
		snprintf(drills, sizeof drills, "%s/demo.db.drills", demo_dir);
		demo_remove_dir(drills);   /* a trainer's drills */
		rmdir(demo_dir);
		demo_dir[0] = '\0';
	}
}
