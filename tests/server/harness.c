#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <poll.h>
#include <time.h>
#include <sys/inotify.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include <curl/curl.h>

#include "harness.h"
#include "wicket/common/buf.h"
#include "wicket/common/sha256.h"
#include "wicket/common/xalloc.h"

bool wd_on_postgresql(void);

static void wd_spawn(struct wd *w, bool demo, const char *extra)
{
	const char *bin = getenv("WICKETD");
	assert_non_null(bin);
	int fds[2];
	assert_int_equal(pipe(fds), 0);
	char *argv[32];
	int n = 0;
	char *copy = xstrdup(extra ? extra : "");
	argv[n++] = (char *)bin;
	argv[n++] = "--listen";
	argv[n++] = "127.0.0.1:0";
	argv[n++] = "--db";
	argv[n++] = w->db;
	char drills[400];
	if (wd_on_postgresql()) {     /* the sandboxes where they are beside a file */
		snprintf(drills, sizeof drills, "%s/wicketd.db.drills", w->dir);
		argv[n++] = "--drills-dir";
		argv[n++] = drills;
	}
	argv[n++] = "--log-level";
	argv[n++] = getenv("WICKETD_LOG_LEVEL") ? getenv("WICKETD_LOG_LEVEL") : "warn";
	if (demo)
		argv[n++] = "--demo";
	for (char *tok = strtok(copy, " "); tok && n < 30; tok = strtok(NULL, " "))
		argv[n++] = tok;
	argv[n] = NULL;

	w->pid = fork();
	assert_true(w->pid >= 0);
	if (w->pid == 0) {
		dup2(fds[1], STDOUT_FILENO);
		close(fds[0]);
		close(fds[1]);
		execv(bin, argv);
		_exit(127);
	}
	free(copy);
	close(fds[1]);
	/* The ready signal: wicketd prints its URL once it accepts connections. */
	FILE *f = fdopen(fds[0], "r");
	char line[256] = "";
	if (!fgets(line, sizeof line, f)) {
		fclose(f);
		fail_msg("wicketd exited before it was ready (args: %s)", extra ? extra : "");
	}
	fclose(f);
	line[strcspn(line, "\n")] = '\0';
	const char *url = strstr(line, "http://");
	assert_non_null(url);
	snprintf(w->url, sizeof w->url, "%s", url);
}

long long test_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int test_left_ms(long long deadline)
{
	long long left = deadline - test_now_ms();
	return left < 0 ? 0 : (int)left;
}

void tmp_make(char *out, size_t len)
{
	snprintf(out, len, "%s/wicket-test-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	assert_non_null(mkdtemp(out));
}

/* Run a shell command built from fmt; aborts the test when it fails. */
static void sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void sh(const char *fmt, ...)
{
	char cmd[2048];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(cmd, sizeof cmd, fmt, ap);
	va_end(ap);
	if (system(cmd) != 0)
		fail_msg("failed: %s", cmd);
}

void tmp_remove(const char *dir)
{
	if (dir[0])
		sh("rm -rf '%s'", dir);
}

void data_copy(const char *src, const char *dst)
{
	sh("mkdir -p '%s/demo' && cp '%s'/demo/*.json '%s/demo/'", dst, src, dst);
}

void data_with_queue(const char *src, const char *dst, const char *const *services, size_t n,
		     int per_service)
{
	data_copy(src, dst);
	struct buf b = BUF_INIT;
	buf_adds(&b, "[");
	for (int i = 0; i < per_service; i++)
		for (size_t s = 0; s < n; s++)
			buf_printf(&b, "%s{\"service\":\"%s\",\"priority\":\"none\",\"appointment\":false,"
				   "\"minutes_ago\":%d}", i || s ? "," : "", services[s],
				   90 - i * 89 / per_service);
	buf_adds(&b, "]\n");
	file_write(dst, "demo/tickets.json", b.data, b.len);
	buf_free(&b);
}

void file_write(const char *dir, const char *name, const char *text, size_t len)
{
	char path[1024];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

bool wd_on_postgresql(void)
{
	const char *host = getenv("WICKET_TEST_PG_HOST");
	return host && *host;
}

/* A new, empty database of the private PostgreSQL the test runs under
 * (tests/pg/run-server-suites: WICKET_TEST_PG_HOST, its socket folder, and
 * WICKET_TEST_PG_USER), as a URL for wicketd in out. */
static void wd_new_pg_database(char *out, size_t len)
{
	static unsigned n;
	const char *host = getenv("WICKET_TEST_PG_HOST"), *user = getenv("WICKET_TEST_PG_USER");
	char name[64];
	snprintf(name, sizeof name, "wt_%ld_%u", (long)getpid(), ++n);
	sh("createdb -h '%s' -U '%s' -T template0 '%s'", host, user ? user : "wicket", name);
	snprintf(out, len, "postgresql:///%s?host=%s&user=%s", name, host, user ? user : "wicket");
}

/* A new w with its temporary directory and database: a file there, or a
 * new database of the private PostgreSQL when the suite runs under one. */
static void wd_init(struct wd *w)
{
	memset(w, 0, sizeof *w);
	tmp_make(w->dir, sizeof w->dir);
	if (wd_on_postgresql())
		wd_new_pg_database(w->db, sizeof w->db);
	else
		snprintf(w->db, sizeof w->db, "%s/wicketd.db", w->dir);
}

void wd_start(struct wd *w, bool demo, const char *extra)
{
	wd_init(w);
	snprintf(w->args, sizeof w->args, "%s", extra ? extra : "");
	wd_spawn(w, demo, extra);
}

void wd_start_queue(struct wd *w, const char *src, const char *const *services, size_t n,
		    int per_service)
{
	char data[300];
	wd_init(w);
	snprintf(data, sizeof data, "%s/data", w->dir);
	data_with_queue(src, data, services, n, per_service);
	snprintf(w->args, sizeof w->args, "--data %s", data);
	wd_spawn(w, true, w->args);
}

void wd_start_beside(struct wd *w, const struct wd *first, const char *extra)
{
	memset(w, 0, sizeof *w);
	tmp_make(w->dir, sizeof w->dir);
	snprintf(w->db, sizeof w->db, "%s", first->db);
	snprintf(w->args, sizeof w->args, "%s", extra ? extra : "");
	wd_spawn(w, false, extra);
}

void wd_restart(struct wd *w, const char *extra)
{
	wd_spawn(w, false, extra ? extra : w->args);
}

int wd_run(const char *args, char *err, size_t errlen)
{
	/* stdout tells whether it started (then it is stopped here: the test
	 * wanted a refusal, and must not hang on a server that serves);
	 * stderr goes to a file, read once it has ended. */
	char cmd[2048], log[320];
	snprintf(log, sizeof log, "%s/wicket-test-err-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	int fd = mkstemp(log);
	assert_true(fd >= 0);
	close(fd);
	snprintf(cmd, sizeof cmd, "exec '%s' %s 2>'%s'", getenv("WICKETD"), args, log);
	int fds[2];
	assert_int_equal(pipe(fds), 0);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		dup2(fds[1], STDOUT_FILENO);
		close(fds[0]);
		close(fds[1]);
		execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
		_exit(127);
	}
	close(fds[1]);
	FILE *out = fdopen(fds[0], "r");
	char line[256];
	bool started = false;
	while (!started && fgets(line, sizeof line, out))
		started = strstr(line, "listening on") != NULL;
	if (started)
		kill(pid, SIGTERM);
	fclose(out);
	int st = 0;
	waitpid(pid, &st, 0);
	struct buf b = BUF_INIT;
	buf_read_file(&b, log, 1 << 20);
	unlink(log);
	snprintf(err, errlen, "%s", buf_str(&b));
	buf_free(&b);
	if (started)
		return 0;
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static int wd_reap(struct wd *w, int sig)
{
	int st = 0;
	if (w->pid <= 0)
		return -1;
	kill(w->pid, sig);
	waitpid(w->pid, &st, 0);
	w->pid = 0;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* wd_spawn with wicketd's log at debug level going to log_path (created,
 * or appended to) instead of our stderr, which it would inherit. */
static void wd_spawn_logging(struct wd *w, bool demo, const char *extra, const char *log_path)
{
	int saved = dup(STDERR_FILENO), fd = open(log_path, O_WRONLY | O_CREAT | O_APPEND, 0600);
	assert_true(saved >= 0 && fd >= 0);
	dup2(fd, STDERR_FILENO);
	setenv("WICKETD_LOG_LEVEL", "debug", 1);
	wd_spawn(w, demo, extra);
	unsetenv("WICKETD_LOG_LEVEL");
	dup2(saved, STDERR_FILENO);
	close(saved);
	close(fd);
}

void wd_restart_logging(struct wd *w, const char *extra, const char *log_path)
{
	if (w->pid > 0)
		assert_int_equal(wd_term(w), 0);
	wd_spawn_logging(w, false, extra ? extra : w->args, log_path);
}

void wd_start_logging(struct wd *w, bool demo, const char *extra)
{
	wd_init(w);
	snprintf(w->args, sizeof w->args, "%s", extra ? extra : "");
	snprintf(w->log, sizeof w->log, "%s/wicketd.log", w->dir);
	wd_spawn_logging(w, demo, extra, w->log);
}

int wd_log_count(const struct wd *w, const char *text)
{
	struct buf b = BUF_INIT;
	int n = 0;
	assert_true(w->log[0] != '\0');
	assert_int_equal(buf_read_file(&b, w->log, 64 << 20), 0);
	for (const char *p = buf_str(&b); (p = strstr(p, text)) != NULL; p += strlen(text))
		n++;
	buf_free(&b);
	return n;
}

const char *wd_parked_line(int64_t since, char *out, size_t len)
{
	snprintf(out, len, "events: a long-poll waits after seq %lld (", (long long)since);
	return out;
}

int wd_parked_count(const struct wd *w, int64_t since)
{
	char line[96];
	return wd_log_count(w, wd_parked_line(since, line, sizeof line));
}

int wd_log_watch(const struct wd *w)
{
	int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	assert_true(fd >= 0);
	assert_true(inotify_add_watch(fd, w->log, IN_MODIFY) >= 0);
	return fd;
}

void wd_log_drain(int watch)
{
	char events[4096];
	while (read(watch, events, sizeof events) > 0)
		continue;
}

void wd_log_wait(const struct wd *w, const char *text, int count, int timeout_ms)
{
	int watch = wd_log_watch(w);
	struct timespec now, end;
	clock_gettime(CLOCK_MONOTONIC, &end);
	end.tv_sec += timeout_ms / 1000;
	end.tv_nsec += (long)(timeout_ms % 1000) * 1000000;
	/* Counted after the watch is set: a line written in between is either
	 * counted or wakes the poll. */
	while (wd_log_count(w, text) < count) {
		clock_gettime(CLOCK_MONOTONIC, &now);
		long left = (long)(end.tv_sec - now.tv_sec) * 1000 + (end.tv_nsec - now.tv_nsec) / 1000000;
		struct pollfd p = { .fd = watch, .events = POLLIN };
		if (left <= 0 || poll(&p, 1, (int)left) <= 0) {
			close(watch);
			fail_msg("wicketd's log %s never had \"%s\" %d times (it has it %d)", w->log, text, count,
				 wd_log_count(w, text));
		}
		wd_log_drain(watch);
	}
	close(watch);
}

char *slurp(const char *path)
{
	struct buf b = BUF_INIT;
	char chunk[4096];
	size_t n;
	FILE *fp = fopen(path, "rb");
	assert_non_null(fp);
	while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
		buf_add(&b, chunk, n);
	fclose(fp);
	buf_addc(&b, '\0');
	return buf_steal(&b);
}

int wd_term(struct wd *w)
{
	return wd_reap(w, SIGTERM);
}

void wd_kill(struct wd *w)
{
	wd_reap(w, SIGKILL);
}

void wd_stop(struct wd *w)
{
	if (w->pid > 0)
		wd_term(w);
	tmp_remove(w->dir);
	w->dir[0] = '\0';
}

static size_t http_collect(char *p, size_t size, size_t n, void *ud)
{
	buf_add(ud, p, size * n);
	return size * n;
}

static size_t http_header(char *p, size_t size, size_t n, void *ud)
{
	struct resp *r = ud;
	if (strncasecmp(p, "Idempotent-Replayed:", 20) == 0)
		r->replayed = true;
	if (strncasecmp(p, "Retry-After:", 12) == 0)
		r->retry_after = strtol(p + 12, NULL, 10);
	if (strncasecmp(p, "Content-Type:", 13) == 0) {
		size_t len = size * n - 13;
		const char *v = p + 13;
		while (len && *v == ' ')
			v++, len--;
		while (len && (v[len - 1] == '\r' || v[len - 1] == '\n'))
			len--;
		snprintf(r->content_type, sizeof r->content_type, "%.*s", (int)len, v);
	}
	return size * n;
}

/* One request with an optional extra header line. */
static long http_do(const struct wd *w, const char *method, const char *path, const char *token,
		    const char *body, size_t len, const char *idem_key, const char *extra,
		    struct resp *out)
{
	memset(out, 0, sizeof *out);
	out->retry_after = -1;
	CURL *c = curl_easy_init();
	assert_non_null(c);
	struct curl_slist *h = NULL;
	char line[256], url[512];
	struct buf b = BUF_INIT;
	snprintf(url, sizeof url, "%s%s", w->url, path);
	if (token) {
		snprintf(line, sizeof line, "Authorization: Bearer %s", token);
		h = curl_slist_append(h, line);
	}
	if (idem_key) {
		snprintf(line, sizeof line, "Idempotency-Key: %s", idem_key);
		h = curl_slist_append(h, line);
	}
	if (extra)
		h = curl_slist_append(h, extra);
	h = curl_slist_append(h, "Content-Type: application/json");
	h = curl_slist_append(h, "Expect:");
	curl_easy_setopt(c, CURLOPT_URL, url);
	if (w->source[0]) {
		/* Any 127.x.y.z is this machine's: a test plays other clients. */
		snprintf(line, sizeof line, "host!%s", w->source);
		curl_easy_setopt(c, CURLOPT_INTERFACE, line);
	}
	curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
	if (body) {
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)len);
	}
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, http_collect);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &b);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, http_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, out);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 90L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	if (curl_easy_perform(c) == CURLE_OK)
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &out->status);
	curl_slist_free_all(h);
	curl_easy_cleanup(c);
	buf_addc(&b, '\0');
	b.len--;
	out->body = buf_steal(&b);
	out->json = cJSON_Parse(out->body);
	return out->status;
}

long http_raw(const struct wd *w, const char *method, const char *path, const char *token,
	      const char *body, size_t len, const char *idem_key, struct resp *out)
{
	return http_do(w, method, path, token, body, len, idem_key, NULL, out);
}

long http_get_h(const struct wd *w, const char *path, const char *token, const char *header,
		struct resp *out)
{
	return http_do(w, "GET", path, token, NULL, 0, NULL, header, out);
}

long http(const struct wd *w, const char *method, const char *path, const char *token,
	  const char *body, const char *idem_key, struct resp *out)
{
	return http_raw(w, method, path, token, body, body ? strlen(body) : 0, idem_key, out);
}

void resp_free(struct resp *r)
{
	free(r->body);
	cJSON_Delete(r->json);
	memset(r, 0, sizeof *r);
}

char *wd_fmt(const char *f, ...)
{
	static char ring[8][4096];
	static int next;
	char *out = ring[next++ % 8];
	va_list ap;
	va_start(ap, f);
	vsnprintf(out, sizeof ring[0], f, ap);
	va_end(ap);
	return out;
}

cJSON *wd_call(const struct wd *w, const char *method, const char *path, const char *token,
	       const char *body, long want)
{
	struct resp r;
	http(w, method, path, token, body, NULL, &r);
	if (r.status != want)
		fail_msg("%s %s: wanted %ld, got %ld %s", method, path, want, r.status, r.body);
	cJSON *j = r.json;
	r.json = NULL;
	resp_free(&r);
	return j;
}

char *wd_login(const struct wd *w, const char *user, int window)
{
	char body[256];
	struct resp r;
	if (window > 0)
		snprintf(body, sizeof body, "{\"user\":\"%s\",\"password\":\"demo\",\"window\":%d}", user, window);
	else
		snprintf(body, sizeof body, "{\"user\":\"%s\",\"password\":\"demo\"}", user);
	if (http(w, "POST", "/api/v1/login", NULL, body, NULL, &r) != 200)
		fail_msg("login of %s failed: %ld %s", user, r.status, r.body);
	char *token = xstrdup(jstr(r.json, "token"));
	resp_free(&r);
	return token;
}

void wd_call_err(const struct wd *w, const char *method, const char *path, const char *token,
		 const char *body, long want, const char *code, const char *current)
{
	cJSON *j = wd_call(w, method, path, token, body, want);
	const cJSON *e = cJSON_GetObjectItemCaseSensitive(j, "error");
	if (!jstr(e, "code") || strcmp(jstr(e, "code"), code) != 0 || !jstr(e, "message"))
		fail_msg("%s %s: wanted error %s, got %s", method, path, code,
			 jstr(e, "code") ? jstr(e, "code") : "none");
	if (current && (!jstr(e, "current") || strcmp(jstr(e, "current"), current) != 0))
		fail_msg("%s %s: wanted current %s", method, path, current);
	cJSON_Delete(j);
}

const char *resp_error_code(const struct resp *r)
{
	const cJSON *e = cJSON_GetObjectItemCaseSensitive(r->json, "error");
	const char *code = jstr(e, "code");
	return code ? code : "";
}

const char *jstr(const cJSON *obj, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

double jnum(const cJSON *obj, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);
	return cJSON_IsNumber(v) ? v->valuedouble : -1;
}

int64_t wd_hall_epoch(const char *at)
{
	int y, mo, d, h, mi, se;
	assert_int_equal(sscanf(at, "%d-%d-%dT%d:%d:%d", &y, &mo, &d, &h, &mi, &se), 6);
	struct tm tm = { .tm_year = y - 1900, .tm_mon = mo - 1, .tm_mday = d,
			 .tm_hour = h, .tm_min = mi, .tm_sec = se };
	return (int64_t)timegm(&tm) - 8 * 3600;
}

const char *wd_unknown_name(const char *user, char out[40])
{
	char hex[SHA256_HEX_SIZE];
	sha256_hex(user, strlen(user), hex);
	snprintf(out, 40, "(unknown #%.12s)", hex);
	return out;
}

cJSON *wd_call_as(const struct wd *w, const char *method, const char *user, int window,
		  const char *body, long want, const char *fmt, ...)
{
	char path[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(path, sizeof path, fmt, ap);
	va_end(ap);
	char *tok = wd_login(w, user, window);
	cJSON *j = wd_call(w, method, path, tok, body, want);
	free(tok);
	return j;
}

void wd_start_daytime(struct wd *w, const char *extra)
{
	char args[512];
	int64_t now = (int64_t)time(NULL), tod = (now + 8 * 3600) % 86400;
	if (tod < 2 * 3600 && !(extra && strstr(extra, "--time-shift")))
		snprintf(args, sizeof args, "%s --time-shift %lld", extra ? extra : "",
			 (long long)(2 * 3600 - tod));
	else
		snprintf(args, sizeof args, "%s", extra ? extra : "");
	wd_start(w, true, args);
}
