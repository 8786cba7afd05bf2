/* pgtest.c - a private PostgreSQL for the tests (see pgtest.h). */
#define _XOPEN_SOURCE 700 /* nftw's FTW_DEPTH and FTW_PHYS */

#include "pgtest.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <fcntl.h>
#include <ftw.h>
#include <glob.h>
#include <grp.h>
#include <locale.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <libpq-fe.h>

#define PGT_USER "wicket"
#define PGT_PORT 5432
#define PGT_READY_MS 60000 /* a bound for failures only (a sanitizer build on a busy CI) */
#define PGT_STOP_MS 30000  /* fast shutdown's bound before an immediate one */
#define PGT_SHM_ROOM (2ULL << 30) /* /dev/shm is used when it has 2 GiB free */

extern char **environ;

/* Write the message into err[errlen]; returns -1 for the caller to return. */
static int pgt_fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	if (errlen)
		vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -1;
}

static long long pgt_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ---- where the programs are and who runs them ---------------------------- */

static bool pgt_has_programs(const char *bindir)
{
	char path[300];
	snprintf(path, sizeof path, "%s/initdb", bindir);
	if (access(path, X_OK) != 0)
		return false;
	snprintf(path, sizeof path, "%s/postgres", bindir);
	return access(path, X_OK) == 0;
}

/* The highest version's bin of Debian's /usr/lib/postgresql/N/bin (pg_config
 * there is libpq-dev's, which need not match the server installed). */
static bool pgt_debian_bindir(char *out, size_t len)
{
	glob_t g;
	long best = -1;
	const char *prefix = "/usr/lib/postgresql/";
	if (glob("/usr/lib/postgresql/*/bin/initdb", 0, NULL, &g) != 0)
		return false;
	for (size_t i = 0; i < g.gl_pathc; i++) {
		long v = strtol(g.gl_pathv[i] + strlen(prefix), NULL, 10);
		if (v > best) {
			best = v;
			snprintf(out, len, "%s%ld/bin", prefix, v);
		}
	}
	globfree(&g);
	return best >= 0 && pgt_has_programs(out);
}

static bool pgt_path_bindir(char *out, size_t len)
{
	const char *path = getenv("PATH");
	while (path && *path) {
		size_t n = strcspn(path, ":");
		snprintf(out, len, "%.*s", (int)n, path);
		if (n && pgt_has_programs(out))
			return true;
		path += n + (path[n] == ':');
	}
	return false;
}

static int pgt_find_bindir(struct pgt *p, char *err, size_t errlen)
{
	const char *env = getenv("WICKET_PG_BINDIR");
	if (env && *env) {
		snprintf(p->bindir, sizeof p->bindir, "%s", env);
		if (!pgt_has_programs(p->bindir))
			return pgt_fail(err, errlen, "WICKET_PG_BINDIR=%s has no initdb and postgres", env);
		return 0;
	}
	if (pgt_debian_bindir(p->bindir, sizeof p->bindir) || pgt_path_bindir(p->bindir, sizeof p->bindir))
		return 0;
	return pgt_fail(err, errlen, "PostgreSQL's initdb and postgres are not installed "
			"(the postgresql package; or set WICKET_PG_BINDIR)");
}

/* The caller, or when that is root (which initdb and postgres refuse) an
 * unprivileged user: $WICKET_PG_USER, else postgres, else nobody. */
static int pgt_pick_user(struct pgt *p, char *err, size_t errlen)
{
	p->uid = geteuid();
	p->gid = getegid();
	if (p->uid != 0)
		return 0;
	const char *env = getenv("WICKET_PG_USER");
	const char *names[] = { "postgres", "nobody" };
	for (size_t i = 0; i < 2; i++) {
		const char *name = env && *env ? env : names[i];
		struct passwd *pw = getpwnam(name);
		if (pw && pw->pw_uid != 0) {
			p->uid = pw->pw_uid;
			p->gid = pw->pw_gid;
			return 0;
		}
		if (env && *env)
			break;
	}
	return pgt_fail(err, errlen, "running as root and no unprivileged user to run PostgreSQL as "
			"(postgres, nobody, or WICKET_PG_USER)");
}

/* ---- the children ---------------------------------------------------------- */

/* environ without the PG* variables (PGDATA, PGPORT, PGOPTIONS ... would
 * change what initdb and postgres do).  The caller frees the array only. */
static char **pgt_env(void)
{
	size_t n = 0;
	while (environ[n])
		n++;
	char **env = calloc(n + 1, sizeof *env);
	if (!env)
		return NULL;
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (strncmp(environ[i], "PG", 2) != 0)
			env[k++] = environ[i];
	return env;
}

static void pgt_child_fail(const char *what)
{
	/* write(2): the child of a process that may have threads */
	(void)!write(2, what, strlen(what));
	_exit(126);
}

static void pgt_close_from(int fd)
{
#ifdef SYS_close_range
	if (syscall(SYS_close_range, fd, ~0U, 0) == 0)
		return;
#endif
	long max = sysconf(_SC_OPEN_MAX);
	for (int i = fd; i < (max > 0 && max < 65536 ? max : 65536); i++)
		close(i);
}

/* In the child, only system calls (the caller may have threads): no fd of
 * the test's (a wicketd's pipe) is held open by the server; root's
 * privileges are dropped before the death signal is set, which a change of
 * credentials would clear. */
static void pgt_child(const struct pgt *p, char *const argv[], char **env, int nullfd, int logfd,
		      pid_t parent)
{
	if (dup2(nullfd, 0) < 0 || dup2(logfd, 1) < 0 || dup2(logfd, 2) < 0)
		_exit(126);
	pgt_close_from(3);
	if (geteuid() == 0 && p->uid != 0) {
		if (setgroups(1, &p->gid) != 0 || setgid(p->gid) != 0 || setuid(p->uid) != 0)
			pgt_child_fail("pgtest: cannot drop root's privileges\n");
	}
	if (chdir(p->dir) != 0)
		pgt_child_fail("pgtest: cannot enter the folder\n");
	if (prctl(PR_SET_PDEATHSIG, SIGQUIT) != 0 || getppid() != parent)
		_exit(126); /* the test is already gone */
	execve(argv[0], argv, env);
	pgt_child_fail("pgtest: cannot run the program\n");
}

/* Start argv (argv[0] a path) as the server's user with its output
 * appended to log.  Returns its pid, or -1 with errno. */
static pid_t pgt_spawn(const struct pgt *p, char *const argv[], const char *log)
{
	char **env = pgt_env();
	int nullfd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	int logfd = open(log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
	pid_t parent = getpid(), pid = -1;
	if (env && nullfd >= 0 && logfd >= 0 && fchown(logfd, p->uid, p->gid) == 0) {
		pid = fork();
		if (pid == 0)
			pgt_child(p, argv, env, nullfd, logfd, parent);
	}
	int saved = errno;
	free(env);
	if (nullfd >= 0)
		close(nullfd);
	if (logfd >= 0)
		close(logfd);
	errno = saved;
	return pid;
}

/* The last lines of log (at most errlen - 1 bytes of it) appended to err. */
static void pgt_append_tail(char *err, size_t errlen, const char *log)
{
	size_t used = strlen(err);
	if (used + 2 >= errlen)
		return;
	FILE *f = fopen(log, "r");
	if (!f)
		return;
	size_t room = errlen - used - 2;
	if (fseek(f, 0, SEEK_END) == 0) {
		long size = ftell(f);
		if (size > (long)room)
			fseek(f, size - (long)room, SEEK_SET);
		else
			fseek(f, 0, SEEK_SET);
	}
	err[used++] = '\n';
	size_t n = fread(err + used, 1, room, f);
	err[used + n] = '\0';
	fclose(f);
}

static int pgt_waitpid(pid_t pid, int *status)
{
	pid_t r;
	while ((r = waitpid(pid, status, 0)) < 0 && errno == EINTR)
		;
	return r == pid ? 0 : -1;
}

static int pgt_pidfd(pid_t pid)
{
#ifdef SYS_pidfd_open
	return (int)syscall(SYS_pidfd_open, pid, 0);
#else
	(void)pid;
	return -1;
#endif
}

/* ---- initdb and postgres ----------------------------------------------------- */

static int pgt_initdb(struct pgt *p, char *err, size_t errlen)
{
	char prog[300], log[sizeof p->dir + 16];
	snprintf(prog, sizeof prog, "%s/initdb", p->bindir);
	snprintf(log, sizeof log, "%s/initdb.log", p->dir);
	/* C.UTF-8 when the C library has it (Debian 12's glibc does): ctype for
	 * Chinese text; else C.  Sorting is by byte either way. */
	locale_t loc = newlocale(LC_ALL_MASK, "C.UTF-8", (locale_t)0);
	char *locale = loc ? "--locale=C.UTF-8" : "--locale=C";
	if (loc)
		freelocale(loc);
	char *argv[] = { prog, "-D", p->datadir, "-A", "trust", "-E", "UTF8", locale,
			 "-U", PGT_USER, "--no-sync", NULL };
	pid_t pid = pgt_spawn(p, argv, log);
	int st;
	if (pid < 0)
		return pgt_fail(err, errlen, "cannot start %s: %s", prog, strerror(errno));
	if (pgt_waitpid(pid, &st) != 0 || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		pgt_fail(err, errlen, "initdb failed (status %d); %s:", st, log);
		pgt_append_tail(err, errlen, log);
		return -1;
	}
	return 0;
}

/* The keyword/value string of the database name, for PQping and PQconnectdb. */
static void pgt_conninfo(const struct pgt *p, const char *name, char *out, size_t len)
{
	snprintf(out, len, "host=%s port=%d user=%s dbname=%s connect_timeout=10", p->dir, p->port,
		 p->user, name);
}

/* Whether postmaster.pid's status line (the 8th) says "ready": the
 * postmaster writes it once it accepts connections. */
static bool pgt_pidfile_ready(const struct pgt *p)
{
	char path[128], buf[1024];
	snprintf(path, sizeof path, "%s/postmaster.pid", p->datadir);
	FILE *f = fopen(path, "r");
	if (!f)
		return false;
	bool ready = false;
	for (int line = 1; fgets(buf, sizeof buf, f); line++)
		if (line == 8) {
			ready = strncmp(buf, "ready", 5) == 0;
			break;
		}
	fclose(f);
	return ready;
}

/* Wait until the postmaster pid is ready: woken by inotify (watch, set
 * before it was started) when it rewrites postmaster.pid, and by its pidfd
 * when it dies; PQping confirms.  Returns 0 or -1 with err. */
static int pgt_wait_ready(struct pgt *p, int watch, char *err, size_t errlen)
{
	char info[256];
	pgt_conninfo(p, "postgres", info, sizeof info);
	int pidfd = pgt_pidfd(p->pid);
	long long deadline = pgt_now_ms() + PGT_READY_MS;
	int rc = -1;
	for (;;) {
		bool ready = pgt_pidfile_ready(p);
		if (ready && PQping(info) == PQPING_OK) {
			rc = 0;
			break;
		}
		int st;
		if (waitpid(p->pid, &st, WNOHANG) == p->pid) {
			p->pid = 0;
			pgt_fail(err, errlen, "postgres exited (status %d); %s:", st, p->log);
			pgt_append_tail(err, errlen, p->log);
			break;
		}
		long long left = deadline - pgt_now_ms();
		if (left <= 0) {
			pgt_fail(err, errlen, "postgres not ready after %d ms; %s:", PGT_READY_MS, p->log);
			pgt_append_tail(err, errlen, p->log);
			break;
		}
		/* Without a pidfd (an old kernel), or when the file said ready but
		 * the ping did not answer yet, look again shortly. */
		if ((ready || pidfd < 0) && left > 20)
			left = 20;
		struct pollfd fds[2] = { { .fd = watch, .events = POLLIN }, { .fd = pidfd, .events = POLLIN } };
		if (poll(fds, pidfd >= 0 ? 2 : 1, (int)left) > 0 && (fds[0].revents & POLLIN)) {
			char buf[4096];
			while (read(watch, buf, sizeof buf) > 0)
				;
		}
	}
	if (pidfd >= 0)
		close(pidfd);
	return rc;
}

/* Start postgres on the initialized data and wait until it is ready. */
static int pgt_postgres(struct pgt *p, char *err, size_t errlen)
{
	char prog[300], port[16];
	snprintf(prog, sizeof prog, "%s/postgres", p->bindir);
	snprintf(port, sizeof port, "%d", p->port);
	/* A Unix socket in the folder and no TCP; no fsync (a test's data dies
	 * with it), but synchronous_commit stays on: a commit is written to the
	 * WAL (the page cache) before it is acknowledged, so a crash of the
	 * server (SIGQUIT, SIGKILL; not of the machine) loses nothing
	 * acknowledged, which the restart tests rely on; with it off, a table
	 * committed just before an immediate shutdown was gone after it.
	 * 200 connections for the concurrency tests; shared buffers and the
	 * WAL small, as several clusters may run at once (in /dev/shm). */
	char *argv[] = { prog, "-D", p->datadir, "-k", p->dir, "-p", port,
			 "-c", "listen_addresses=", "-c", "fsync=off", "-c", "synchronous_commit=on",
			 "-c", "full_page_writes=off", "-c", "max_connections=200",
			 "-c", "shared_buffers=16MB", "-c", "wal_level=minimal", "-c", "max_wal_senders=0",
			 "-c", "max_wal_size=256MB",
			 NULL };
	int watch = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (watch < 0 || inotify_add_watch(watch, p->datadir, IN_CLOSE_WRITE | IN_MOVED_TO) < 0) {
		if (watch >= 0)
			close(watch);
		return pgt_fail(err, errlen, "inotify on %s: %s", p->datadir, strerror(errno));
	}
	p->pid = pgt_spawn(p, argv, p->log);
	if (p->pid < 0) {
		p->pid = 0;
		close(watch);
		return pgt_fail(err, errlen, "cannot start %s: %s", prog, strerror(errno));
	}
	int rc = pgt_wait_ready(p, watch, err, errlen);
	close(watch);
	return rc;
}

/* Signal the postmaster and wait for it: PGT_STOP_MS for sig, then an
 * immediate shutdown, then SIGKILL.  A postmaster already reaped by
 * someone else (waitpid(-1)) only counts as gone. */
static void pgt_kill_wait(struct pgt *p, int sig)
{
	if (p->pid <= 0)
		return;
	int pidfd = pgt_pidfd(p->pid);
	const int sigs[] = { sig, SIGQUIT, SIGKILL };
	for (size_t i = 0; i < 3 && pidfd >= 0; i++) {
		kill(p->pid, sigs[i]);
		struct pollfd pfd = { .fd = pidfd, .events = POLLIN };
		if (poll(&pfd, 1, PGT_STOP_MS) > 0)
			break;
	}
	if (pidfd < 0)
		kill(p->pid, sig);
	else
		close(pidfd);
	int st;
	pgt_waitpid(p->pid, &st);
	p->pid = 0;
}

static void pgt_close_admin(struct pgt *p)
{
	if (p->admin)
		PQfinish(p->admin);
	p->admin = NULL;
}

/* Where the folder is made: $WICKET_PG_TMPDIR, else /dev/shm when it has
 * room (a tmpfs: on a disk shared with other work, CREATE DATABASE took
 * 250 ms rather than 20 and a stop 14 s, the kernel throttling the writes),
 * else /tmp.  Not $TMPDIR: the server's user must reach the folder, and a
 * socket's path has at most 107 bytes. */
static const char *pgt_base(void)
{
	const char *env = getenv("WICKET_PG_TMPDIR");
	struct statvfs vfs;
	if (env && *env)
		return env;
	if (statvfs("/dev/shm", &vfs) == 0 && access("/dev/shm", W_OK) == 0 &&
	    (unsigned long long)vfs.f_bavail * vfs.f_frsize >= PGT_SHM_ROOM)
		return "/dev/shm";
	return "/tmp";
}

/* ---- folders left by tests that died ------------------------------------------ */

/* A process's start time (field 22 of /proc/PID/stat), which tells it from
 * a later one with the same pid; 0 when there is no such process. */
static unsigned long long pgt_proc_start(pid_t pid)
{
	char path[64], buf[1024];
	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	FILE *f = fopen(path, "r");
	if (!f)
		return 0;
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	char *s = strrchr(buf, ')'); /* the name in parentheses may hold spaces */
	unsigned long long start = 0;
	for (int field = 2; s && *s; s++)
		if (*s == ' ' && ++field == 22) {
			start = strtoull(s + 1, NULL, 10);
			break;
		}
	return start;
}

/* The pid namespace: a pid read in another one means nothing here. */
static unsigned long long pgt_pidns(void)
{
	struct stat sb;
	return stat("/proc/self/ns/pid", &sb) == 0 ? (unsigned long long)sb.st_ino : 0;
}

/* dir/owner: "PID START PIDNS" of the process that made the folder. */
static int pgt_write_owner(const struct pgt *p)
{
	char path[112];
	snprintf(path, sizeof path, "%s/owner", p->dir);
	FILE *f = fopen(path, "w");
	if (!f)
		return -1;
	fprintf(f, "%d %llu %llu\n", (int)getpid(), pgt_proc_start(getpid()), pgt_pidns());
	return fclose(f) == 0 ? 0 : -1;
}

/* Whether the folder dir (of base) was left by a test that died: its owner
 * (in this pid namespace) is gone, and no server answers on its socket (a
 * postmaster killed by PR_SET_PDEATHSIG may still be ending). */
static bool pgt_left_behind(const char *dir)
{
	char path[PATH_MAX + 8], info[PATH_MAX + 96];
	int pid;
	unsigned long long start, ns;
	snprintf(path, sizeof path, "%s/owner", dir);
	FILE *f = fopen(path, "r");
	if (!f)
		return false; /* being made, or not ours */
	int n = fscanf(f, "%d %llu %llu", &pid, &start, &ns);
	fclose(f);
	if (n != 3 || ns != pgt_pidns() || pgt_proc_start(pid) == start)
		return false;
	snprintf(info, sizeof info, "host=%s port=%d dbname=postgres user=%s connect_timeout=2", dir,
		 PGT_PORT, PGT_USER);
	return PQping(info) == PQPING_NO_RESPONSE;
}

/* Remove the folders of base that tests which died left behind. */
static void pgt_sweep(const char *base)
{
	DIR *d = opendir(base);
	struct dirent *e;
	if (!d)
		return;
	while ((e = readdir(d))) {
		char dir[PATH_MAX];
		if (strncmp(e->d_name, "wicket-pg-", 10) != 0)
			continue;
		snprintf(dir, sizeof dir, "%s/%s", base, e->d_name);
		if (pgt_left_behind(dir))
			pgt_rmtree(dir);
	}
	closedir(d);
}

int pgt_start(struct pgt *p, char *err, size_t errlen)
{
	memset(p, 0, sizeof *p);
	snprintf(p->user, sizeof p->user, "%s", PGT_USER);
	p->port = PGT_PORT;
	if (pgt_find_bindir(p, err, errlen) != 0 || pgt_pick_user(p, err, errlen) != 0)
		return -1;
	const char *base = pgt_base();
	pgt_sweep(base);
	if (snprintf(p->dir, sizeof p->dir, "%s/wicket-pg-XXXXXX", base) >= (int)sizeof p->dir)
		return pgt_fail(err, errlen, "WICKET_PG_TMPDIR=%s is too long for a socket's path", base);
	if (!mkdtemp(p->dir)) {
		p->dir[0] = '\0';
		return pgt_fail(err, errlen, "cannot make a folder in %s: %s", base, strerror(errno));
	}
	if (pgt_write_owner(p) != 0) {
		pgt_fail(err, errlen, "cannot write %s/owner: %s", p->dir, strerror(errno));
		pgt_stop(p);
		return -1;
	}
	snprintf(p->datadir, sizeof p->datadir, "%s/data", p->dir);
	snprintf(p->log, sizeof p->log, "%s/postgres.log", p->dir);
	if (chown(p->dir, p->uid, p->gid) != 0) {
		pgt_fail(err, errlen, "cannot give %s to uid %d: %s", p->dir, (int)p->uid, strerror(errno));
		pgt_stop(p);
		return -1;
	}
	if (pgt_initdb(p, err, errlen) != 0 || pgt_postgres(p, err, errlen) != 0) {
		pgt_stop(p);
		return -1;
	}
	return 0;
}

int pgt_restart(struct pgt *p, int sig, char *err, size_t errlen)
{
	pgt_close_admin(p);
	pgt_kill_wait(p, sig);
	return pgt_postgres(p, err, errlen);
}

void pgt_halt(struct pgt *p)
{
	pgt_close_admin(p);
	pgt_kill_wait(p, SIGINT);
}

void pgt_stop(struct pgt *p)
{
	pgt_close_admin(p);
	pgt_kill_wait(p, SIGINT);
	if (p->dir[0])
		pgt_rmtree(p->dir);
	p->dir[0] = '\0';
}

/* ---- databases and schemas ---------------------------------------------------- */

static int pgt_rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path) == 0 || errno == ENOENT ? 0 : -1;
}

int pgt_rmtree(const char *dir)
{
	return nftw(dir, pgt_rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* Append s to out[len] at *at, percent-encoding what a URL's query value
 * may not hold as is.  Returns -1 when it does not fit. */
static int pgt_url_put(char *out, size_t len, size_t *at, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
			     strchr("-._~/", c);
		int n = plain ? snprintf(out + *at, len - *at, "%c", c)
			      : snprintf(out + *at, len - *at, "%%%02X", c);
		if (n < 0 || (size_t)n >= len - *at)
			return -1;
		*at += (size_t)n;
	}
	return 0;
}

int pgt_url(const struct pgt *p, const char *name, const char *options, char *out, size_t len)
{
	char port[16];
	size_t at = 0;
	snprintf(port, sizeof port, "%d", p->port);
	if (len == 0)
		return -1;
	out[0] = '\0';
	const char *parts[][2] = { { "postgresql:///", name }, { "?host=", p->dir }, { "&port=", port },
				   { "&user=", p->user }, { "&options=", options } };
	for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
		if (!parts[i][1])
			continue;
		size_t n = strlen(parts[i][0]);
		if (at + n >= len)
			return -1;
		memcpy(out + at, parts[i][0], n + 1);
		at += n;
		if (pgt_url_put(out, len, &at, parts[i][1]) != 0)
			return -1;
	}
	return 0;
}

/* The connection to "postgres", opened when first needed; NULL with err. */
static PGconn *pgt_admin(struct pgt *p, char *err, size_t errlen)
{
	if (!p->admin) {
		char info[256];
		pgt_conninfo(p, "postgres", info, sizeof info);
		p->admin = PQconnectdb(info);
		if (PQstatus(p->admin) != CONNECTION_OK) {
			pgt_fail(err, errlen, "cannot connect to %s: %s", p->dir, PQerrorMessage(p->admin));
			pgt_close_admin(p);
		}
	}
	return p->admin;
}

/* Run sql (a command, no rows) on conn. */
static int pgt_exec(PGconn *conn, const char *sql, char *err, size_t errlen)
{
	PGresult *r = PQexec(conn, sql);
	int rc = PQresultStatus(r) == PGRES_COMMAND_OK ? 0 : -1;
	if (rc != 0)
		pgt_fail(err, errlen, "%s: %s", sql, PQerrorMessage(conn));
	PQclear(r);
	return rc;
}

/* A name of only [a-z0-9_], which needs no quoting in SQL or a URL. */
static bool pgt_plain_name(const char *s)
{
	if (!*s || strlen(s) >= 63)
		return false;
	return strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789_") == strlen(s);
}

int pgt_create_db_from(struct pgt *p, const char *template_db, char *url_out, size_t len, char *err,
		       size_t errlen)
{
	char sql[256];
	if (template_db && !pgt_plain_name(template_db))
		return pgt_fail(err, errlen, "template name %s is not [a-z0-9_]", template_db);
	PGconn *admin = pgt_admin(p, err, errlen);
	if (!admin)
		return -1;
	snprintf(p->last, sizeof p->last, "wicket_test_%u", ++p->made);
	/* PostgreSQL 15's default strategy (WAL_LOG) writes the template's 7 MB
	 * to the WAL; FILE_COPY copies its files, and with fsync off its two
	 * checkpoints cost little: the faster here (see test_pgtest's timings). */
	snprintf(sql, sizeof sql, "CREATE DATABASE %s TEMPLATE %s%s", p->last,
		 template_db ? template_db : "template1",
		 PQserverVersion(admin) >= 150000 ? " STRATEGY FILE_COPY" : "");
	if (pgt_exec(admin, sql, err, errlen) != 0)
		return -1;
	if (pgt_url(p, p->last, NULL, url_out, len) != 0)
		return pgt_fail(err, errlen, "the URL does not fit in %zu bytes", len);
	return 0;
}

int pgt_create_db(struct pgt *p, char *url_out, size_t len, char *err, size_t errlen)
{
	return pgt_create_db_from(p, NULL, url_out, len, err, errlen);
}

int pgt_create_schema(struct pgt *p, char *url_out, size_t len, char *err, size_t errlen)
{
	static const char shared[] = "wicket_schemas";
	char info[256], sql[128], options[96];
	PGconn *admin = pgt_admin(p, err, errlen);
	if (!admin)
		return -1;
	PGresult *r = PQexec(admin, "SELECT 1 FROM pg_database WHERE datname = 'wicket_schemas'");
	bool exists = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1;
	PQclear(r);
	if (!exists && pgt_exec(admin, "CREATE DATABASE wicket_schemas", err, errlen) != 0)
		return -1;
	snprintf(p->last, sizeof p->last, "wicket_test_%u", ++p->made);
	pgt_conninfo(p, shared, info, sizeof info);
	PGconn *c = PQconnectdb(info);
	snprintf(sql, sizeof sql, "CREATE SCHEMA %s", p->last);
	int rc = pgt_exec(c, sql, err, errlen);
	PQfinish(c);
	snprintf(options, sizeof options, "-csearch_path=%s", p->last);
	if (rc == 0 && pgt_url(p, shared, options, url_out, len) != 0)
		return pgt_fail(err, errlen, "the URL does not fit in %zu bytes", len);
	return rc;
}

int pgt_drop_db(struct pgt *p, const char *name, char *err, size_t errlen)
{
	char sql[128];
	if (!pgt_plain_name(name))
		return pgt_fail(err, errlen, "database name %s is not [a-z0-9_]", name);
	PGconn *admin = pgt_admin(p, err, errlen);
	if (!admin)
		return -1;
	snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)", name);
	return pgt_exec(admin, sql, err, errlen);
}
