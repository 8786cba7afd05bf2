/* The client over https through a TLS-terminating nginx, end to end.
 *
 * At run time the test makes a private CA and a server certificate for
 * 127.0.0.1 and localhost with the openssl program, starts nginx as the
 * current user (its own prefix, pid file and logs in the test's directory)
 * with the site of docs/deploy-nginx.md proxying to a real wicketd, and runs
 * the real wicket on a pty against it: with --cacert it signs in and follows
 * the event feed through the proxy; without it, or under a name the
 * certificate does not hold, the TLS check fails and nothing is sent.  Plain
 * http to another machine is refused before any connection: a loopback
 * listener standing in as the http proxy would see any request that left.
 *
 * nginx is a required part: when it is missing or does not start, the test
 * fails.  No sleeps: nginx is ready when it has written its pid file (after
 * its sockets listen), which tests/server/nginx.c learns from inotify. */
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
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include <curl/curl.h>

#include "client.h"
#include "harness.h"
#include "nginx.h"
#include "term.h"
#include "wicket/common/buf.h"

#define WAIT 10000              /* ms: a bound for failures, never a pause */
#define REMOTE "http://192.0.2.1:8470"  /* TEST-NET-1: another machine, never a real one */

static struct wd W;

/* nginx as the test runs it. */
static struct {
	struct nginx nginx;             /* its prefix: W.dir/nginx */
	char ca[sizeof W.dir + 32];     /* the CA certificate the clients trust */
	char https[64];                 /* https://127.0.0.1:PORT */
} N;

/* Proxy variables of the runner's environment must not send the client
 * elsewhere: each test says what it wants. */
#define NO_PROXIES "http_proxy", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY", \
	"no_proxy", "NO_PROXY"

/* Esc on the sign-in form quits; the client must end cleanly. */
static void quit_from_signin(struct term *t)
{
	term_key(t, VTERM_KEY_ESCAPE, VTERM_MOD_NONE);
	assert_int_equal(term_wait_exit(t, WAIT), 0);
	term_close(t);
}

/* ---- programs ---------------------------------------------------------- */

/* Run argv (looked up in PATH) with stdout and stderr into the test log and
 * return its exit status (-1 when it could not run). */
static int run(const char *const argv[])
{
	fflush(NULL);
	pid_t pid = fork();
	if (pid == 0) {
		int null = open("/dev/null", O_RDONLY);
		dup2(null, STDIN_FILENO);
		dup2(STDERR_FILENO, STDOUT_FILENO);
		execvp(argv[0], (char *const *)argv);
		fprintf(stderr, "cannot run %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	int st;
	if (pid < 0 || waitpid(pid, &st, 0) != pid)
		return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	if (!f)
		fail_msg("cannot write %s: %s", path, strerror(errno));
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

/* The same commands as docs/deploy-nginx.md, section 3: a CA, and a server
 * certificate it signs for localhost and 127.0.0.1 (not 127.0.0.2). */
static void make_certificates(const char *dir)
{
	char key[320], csr[320], cert[320], ext[320], cakey[320];
	snprintf(cakey, sizeof cakey, "%s/ca.key", dir);
	snprintf(N.ca, sizeof N.ca, "%s/ca.pem", dir);
	snprintf(key, sizeof key, "%s/server.key", dir);
	snprintf(csr, sizeof csr, "%s/server.csr", dir);
	snprintf(cert, sizeof cert, "%s/server.pem", dir);
	snprintf(ext, sizeof ext, "%s/server.ext", dir);
	const char *ca[] = { "openssl", "req", "-x509", "-new", "-newkey", "ec", "-pkeyopt",
		"ec_paramgen_curve:P-256", "-nodes", "-keyout", cakey, "-out", N.ca, "-days", "2",
		"-subj", "/CN=wicket test CA", "-addext", "basicConstraints=critical,CA:TRUE",
		"-addext", "keyUsage=critical,keyCertSign,cRLSign", NULL };
	const char *req[] = { "openssl", "req", "-new", "-newkey", "ec", "-pkeyopt",
		"ec_paramgen_curve:P-256", "-nodes", "-keyout", key, "-out", csr,
		"-subj", "/CN=localhost", NULL };
	const char *sign[] = { "openssl", "x509", "-req", "-in", csr, "-CA", N.ca, "-CAkey", cakey,
		"-CAcreateserial", "-out", cert, "-days", "2", "-extfile", ext, NULL };
	write_file(ext, "basicConstraints = critical, CA:FALSE\n"
			"keyUsage = critical, digitalSignature\n"
			"extendedKeyUsage = serverAuth\n"
			"subjectAltName = DNS:localhost, IP:127.0.0.1\n");
	if (run(ca) != 0 || run(req) != 0 || run(sign) != 0)
		fail_msg("openssl could not make the test certificates (is the openssl package installed?)");
}

/* ---- nginx ------------------------------------------------------------- */

#define DEPLOY_NGINX "docs/deploy-nginx.md"

/* The nginx site of docs/deploy-nginx.md (its ```nginx block) with this
 * test's port, certificate and wicketd; listening on 127.0.0.2 as well, an
 * address of this machine the certificate does not name. */
static char *site_from_doc(const char *dir)
{
	char line[512];
	char *site = nginx_doc_site(DEPLOY_NGINX);
	nginx_replace(&site, DEPLOY_NGINX, "listen 443 ssl;",
		      "listen 127.0.0.1:" NGINX_PORT " ssl;\n    listen 127.0.0.2:" NGINX_PORT " ssl;");
	snprintf(line, sizeof line, "server %.*s;", (int)sizeof W.url, W.url + strlen("http://"));
	nginx_replace(&site, DEPLOY_NGINX, "server 127.0.0.1:8470;", line);
	snprintf(line, sizeof line, "%s/server.pem", dir);
	nginx_replace(&site, DEPLOY_NGINX, "/etc/wicket/tls/server.pem", line);
	snprintf(line, sizeof line, "%s/server.key", dir);
	nginx_replace(&site, DEPLOY_NGINX, "/etc/wicket/tls/server.key", line);
	return site;
}

/* nginx with the site of docs/deploy-nginx.md, its certificates and files
 * in W.dir/nginx. */
static void tls_nginx_start(void)
{
	char dir[sizeof W.dir + 16];
	snprintf(dir, sizeof dir, "%s/nginx", W.dir);
	assert_int_equal(mkdir(dir, 0700), 0);
	make_certificates(dir);
	char *site = site_from_doc(dir);
	nginx_start(&N.nginx, dir, site);
	free(site);
	snprintf(N.https, sizeof N.https, "https://127.0.0.1:%d", N.nginx.port);
}

static int setup(void **state)
{
	(void)state;
	/* As docs/deploy-nginx.md runs it: the proxy's address is trusted. */
	wd_start(&W, true, "--trusted-proxy 127.0.0.1");
	tls_nginx_start();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	nginx_stop(&N.nginx);
	wd_stop(&W);
	return 0;
}

/* ---- through nginx ----------------------------------------------------- */

/* With the hall's CA the client signs in through nginx, and the event
 * feed's long-poll brings a ticket issued elsewhere to the screen. */
static void test_https_with_cacert(void **state)
{
	(void)state;
	char *log = nginx_access_log(&N.nginx);
	int logins = nginx_count(log, "\"POST /api/v1/login HTTP/1.1\" 200");
	free(log);
	const char *argv[] = { getenv("WICKET"), "--server", N.https, "--cacert", N.ca,
			       "--user", "clerk1", "--window", "1", NULL };
	const char *extra[] = { NO_PROXIES, NULL };
	struct term *t = term_spawn(argv, client_env(W.dir, "en_US.UTF-8", "demo", extra), 24, 80);
	assert_non_null(t);
	assert_int_equal(term_wait_ready(t, "counter", WAIT), 0);
	client_expect(t, "Window 1 · open");
	client_expect(t, "online");

	struct resp r;
	char *tok = wd_login(&W, "clerk1", 1);
	assert_int_equal(http(&W, "GET", "/api/v1/windows/1/queue", tok, NULL, NULL, &r), 200);
	int before = cJSON_GetArraySize(cJSON_GetObjectItem(r.json, "tickets"));
	resp_free(&r);
	free(tok);
	char want[64];
	snprintf(want, sizeof want, "Queue (%d waiting)", before);
	client_expect(t, want);
	char *kiosk = wd_login(&W, "kiosk", 0);
	assert_int_equal(http(&W, "POST", "/api/v1/tickets", kiosk, "{\"service\":\"MAR\"}", NULL, &r), 201);
	resp_free(&r);
	free(kiosk);
	snprintf(want, sizeof want, "Queue (%d waiting)", before + 1);
	client_expect(t, want);

	client_quit(t);
	/* It went through nginx: the sign-in and the event feed. */
	log = nginx_access_log(&N.nginx);
	assert_int_equal(nginx_count(log, "\"POST /api/v1/login HTTP/1.1\" 200"), logins + 1);
	assert_true(nginx_count(log, "\"GET /api/v1/events?since=") >= 1);
	free(log);
}

static size_t discard(char *p, size_t size, size_t n, void *ud)
{
	(void)p; (void)ud;
	return size * n;
}

/* A sign-in through nginx from the loopback address `from` (a counter
 * machine of the hall), with an X-Forwarded-For of its own when xff is
 * not NULL (what a client may write); returns the status. */
static long proxied_login(const char *from, const char *user, const char *password, const char *xff)
{
	CURL *c = curl_easy_init();
	assert_non_null(c);
	char url[128], iface[64], body[160], line[160];
	snprintf(url, sizeof url, "%s/api/v1/login", N.https);
	snprintf(iface, sizeof iface, "host!%s", from);
	snprintf(body, sizeof body, "{\"user\":\"%s\",\"password\":\"%s\"}", user, password);
	struct curl_slist *h = curl_slist_append(NULL, "Content-Type: application/json");
	if (xff) {
		snprintf(line, sizeof line, "X-Forwarded-For: %s", xff);
		h = curl_slist_append(h, line);
	}
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_INTERFACE, iface);
	curl_easy_setopt(c, CURLOPT_CAINFO, N.ca);
	curl_easy_setopt(c, CURLOPT_PROXY, "");
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, (long)WAIT);
	long status = 0;
	if (curl_easy_perform(c) == CURLE_OK)
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	curl_slist_free_all(h);
	curl_easy_cleanup(c);
	return status;
}

/* Behind nginx every request reaches wicketd from 127.0.0.1: with the
 * proxy trusted, wrong passwords typed at one counter lock out that
 * counter only; the others go on signing in through the same proxy, and
 * what a client writes in X-Forwarded-For itself changes nothing. */
static void test_proxy_throttles_per_counter(void **state)
{
	(void)state;
	for (int i = 0; i < 5; i++) {
		char user[16];
		snprintf(user, sizeof user, "nobody%d", i);
		assert_int_equal(proxied_login("127.0.0.7", user, "wrong-password", NULL), 401);
	}
	assert_int_equal(proxied_login("127.0.0.7", "clerk3", "demo", NULL), 429);
	assert_int_equal(proxied_login("127.0.0.7", "clerk3", "demo", "127.0.0.8"), 429);
	assert_int_equal(proxied_login("127.0.0.8", "clerk3", "demo", NULL), 200);
	assert_int_equal(proxied_login("127.0.0.9", "clerk4", "demo", "127.0.0.7"), 200);
}

/* The server and the CA from the configuration file, by the name localhost. */
static void test_cacert_in_config_file(void **state)
{
	(void)state;
	char dir[sizeof W.dir + 32], path[sizeof dir + 16];
	snprintf(dir, sizeof dir, "%s/config", W.dir);
	mkdir(dir, 0700);
	snprintf(dir, sizeof dir, "%s/config/wicket", W.dir);
	mkdir(dir, 0700);
	snprintf(path, sizeof path, "%s/config", dir);
	struct buf conf = BUF_INIT;
	buf_printf(&conf, "server https://localhost:%d\ncacert %s\nuser clerk2\nwindow 2\n", N.nginx.port, N.ca);
	write_file(path, buf_str(&conf));
	buf_free(&conf);
	const char *argv[] = { getenv("WICKET"), NULL };
	const char *extra[] = { NO_PROXIES, NULL };
	struct term *t = term_spawn(argv, client_env(W.dir, "en_US.UTF-8", "demo", extra), 24, 80);
	assert_non_null(t);
	assert_int_equal(term_wait_ready(t, "counter", WAIT), 0);
	client_expect(t, "Window 2 · open");
	client_quit(t);
	unlink(path);
}

/* Signing in with wrong TLS trust: the failure is on the form, the counter
 * never opens, and no request reached nginx's backend. */
static void expect_tls_refusal(const char *const argv[], const char *why)
{
	/* Only sign-ins are counted: an earlier client's cut long-poll may
	 * still be logged meanwhile. */
	char *log = nginx_access_log(&N.nginx);
	int before = nginx_count(log, "/api/v1/login");
	free(log);
	const char *extra[] = { NO_PROXIES, NULL };
	struct term *t = term_spawn(argv, client_env(W.dir, "en_US.UTF-8", "demo", extra), 24, 80);
	assert_non_null(t);
	client_expect(t, "TLS failure talking to the server");
	client_expect(t, why);
	assert_int_equal(term_wait_ready(t, "signin", WAIT), 0);
	assert_false(term_contains(t, "Queue ("));   /* no counter screen */
	quit_from_signin(t);
	log = nginx_access_log(&N.nginx);
	assert_int_equal(nginx_count(log, "/api/v1/login"), before);
	free(log);
}

/* Without --cacert the system's CAs do not know the hall's CA. */
static void test_https_without_cacert(void **state)
{
	(void)state;
	const char *argv[] = { getenv("WICKET"), "--server", N.https, "--user", "clerk1",
			       "--window", "1", NULL };
	expect_tls_refusal(argv, "unable to get local issuer certificate");
}

/* The right CA but an address the certificate does not name: the host
 * name is checked too. */
static void test_https_wrong_name(void **state)
{
	(void)state;
	char url[64];
	snprintf(url, sizeof url, "https://127.0.0.2:%d", N.nginx.port);
	const char *argv[] = { getenv("WICKET"), "--server", url, "--cacert", N.ca,
			       "--user", "clerk1", "--window", "1", NULL };
	expect_tls_refusal(argv, "target host name");
}

/* A CA file that cannot be read stops the client at start-up. */
static void test_unreadable_cacert(void **state)
{
	(void)state;
	char missing[sizeof W.dir + 32];
	snprintf(missing, sizeof missing, "%s/no-such-ca.pem", W.dir);
	const char *argv[] = { getenv("WICKET"), "--server", N.https, "--cacert", missing, NULL };
	struct term *t = term_spawn(argv, client_env(W.dir, "en_US.UTF-8", "demo", NULL), 24, 160);
	assert_non_null(t);
	assert_int_equal(term_wait_exit(t, WAIT), 1);
	assert_true(term_contains(t, "cannot read the CA certificate file"));
	assert_true(term_contains(t, "no-such-ca.pem"));
	term_close(t);
}

/* ---- plain http to another machine ------------------------------------- */

/* A loopback listener that the client is told to use as its http proxy:
 * every plain-http request the client makes, to any host, arrives here. */
struct spy {
	int fd;
	char proxy[64];         /* "http_proxy=http://127.0.0.1:PORT" */
};

static void spy_open(struct spy *s)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof a;
	s->fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	assert_true(s->fd >= 0);
	assert_int_equal(bind(s->fd, (struct sockaddr *)&a, sizeof a), 0);
	assert_int_equal(listen(s->fd, 8), 0);
	assert_int_equal(getsockname(s->fd, (struct sockaddr *)&a, &len), 0);
	snprintf(s->proxy, sizeof s->proxy, "http_proxy=http://127.0.0.1:%d", ntohs(a.sin_port));
}

/* Whether a connection is waiting, or has come and gone. */
static bool spy_contacted(const struct spy *s)
{
	struct pollfd p = { .fd = s->fd, .events = POLLIN };
	return poll(&p, 1, 0) > 0;
}

/* Take one connection (waiting for it) and return the request's head and
 * whatever of the body came with it (malloc'd); then hang up. */
static char *spy_take(const struct spy *s)
{
	long long deadline = test_now_ms() + WAIT;
	struct pollfd p = { .fd = s->fd, .events = POLLIN };
	if (poll(&p, 1, WAIT) <= 0)
		fail_msg("no request reached the stand-in proxy");
	int c = accept(s->fd, NULL, NULL);
	assert_true(c >= 0);
	struct buf b = BUF_INIT;
	while (!strstr(buf_str(&b), "\"password\"") && test_left_ms(deadline) > 0) {
		struct pollfd q = { .fd = c, .events = POLLIN };
		char chunk[4096];
		ssize_t n;
		if (poll(&q, 1, test_left_ms(deadline)) <= 0 || (n = read(c, chunk, sizeof chunk)) <= 0)
			break;
		buf_add(&b, chunk, (size_t)n);
	}
	close(c);
	return buf_steal(&b);
}

/* wicket told to reach REMOTE over plain http: the refusal is on the form
 * in the locale's words and nothing left the client.  With form, the clerk
 * types the password and the window into the sign-in form first. */
static void expect_plain_refused(const char *const argv[], const char *lang, const char *password,
				 bool form, const char *text)
{
	struct spy s;
	spy_open(&s);
	const char *extra[] = { NO_PROXIES, s.proxy, NULL };
	struct term *t = term_spawn(argv, client_env(W.dir, lang, password, extra), 24, 80);
	assert_non_null(t);
	if (form) {
		assert_int_equal(term_wait_ready(t, "signin", WAIT), 0);
		term_type(t, "demo");
		term_key(t, VTERM_KEY_ENTER, VTERM_MOD_NONE);
		term_type(t, "1");
		term_key(t, VTERM_KEY_ENTER, VTERM_MOD_NONE);
		term_key(t, VTERM_KEY_ENTER, VTERM_MOD_NONE);   /* no drill code */
	}
	client_expect(t, text);
	assert_int_equal(term_wait_ready(t, "signin", WAIT), 0);
	assert_true(term_contains(t, REMOTE));           /* the form, with the address to correct */
	assert_false(spy_contacted(&s));
	quit_from_signin(t);
	assert_false(spy_contacted(&s));
	close(s.fd);
}

static void test_plain_http_refused(void **state)
{
	(void)state;
	const char *env_pw[] = { getenv("WICKET"), "--server", REMOTE, "--user", "clerk1",
				 "--window", "1", NULL };
	expect_plain_refused(env_pw, "en_US.UTF-8", "demo", false, "Password not sent: plain http to another");
	const char *pwfile = client_password_file(W.dir);
	assert_non_null(pwfile);
	const char *file_pw[] = { getenv("WICKET"), "--server", REMOTE, "--password-file", pwfile,
				  "--user", "clerk1", "--window", "1", NULL };
	expect_plain_refused(file_pw, "zh_CN.UTF-8", NULL, false, "未发送密码：以明文 http 连接其他机器不加密");
	const char *form[] = { getenv("WICKET"), "--server", REMOTE, "--user", "clerk1", NULL };
	expect_plain_refused(form, "zh_TW.UTF-8", NULL, true, "未傳送密碼：以明文 http 連線其他機器不加密");
}

/* The control: told --insecure-http (or insecure-http yes in the file), the
 * same client does send the sign-in, and the stand-in proxy receives it. */
static void expect_plain_sent(const char *const argv[])
{
	struct spy s;
	spy_open(&s);
	const char *extra[] = { NO_PROXIES, s.proxy, NULL };
	struct term *t = term_spawn(argv, client_env(W.dir, "en_US.UTF-8", "demo", extra), 24, 80);
	assert_non_null(t);
	char *req = spy_take(&s);
	assert_non_null(strstr(req, "POST " REMOTE "/api/v1/login HTTP/1.1"));
	assert_non_null(strstr(req, "\"password\":\"demo\""));  /* what the refusal keeps in */
	free(req);
	client_expect(t, "Cannot reach the server");       /* the stand-in hung up */
	assert_int_equal(term_wait_ready(t, "signin", WAIT), 0);
	quit_from_signin(t);
	close(s.fd);
}

static void test_insecure_http_sends(void **state)
{
	(void)state;
	const char *flag[] = { getenv("WICKET"), "--server", REMOTE, "--insecure-http",
			       "--user", "clerk1", "--window", "1", NULL };
	expect_plain_sent(flag);

	char path[sizeof W.dir + 32];
	snprintf(path, sizeof path, "%s/insecure.conf", W.dir);
	write_file(path, "insecure-http yes\n");
	const char *file[] = { getenv("WICKET"), "--config", path, "--server", REMOTE,
			       "--user", "clerk1", "--window", "1", NULL };
	expect_plain_sent(file);
	unlink(path);
}

int main(void)
{
	curl_global_init(CURL_GLOBAL_DEFAULT);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_https_with_cacert),
		cmocka_unit_test(test_proxy_throttles_per_counter),
		cmocka_unit_test(test_cacert_in_config_file),
		cmocka_unit_test(test_https_without_cacert),
		cmocka_unit_test(test_https_wrong_name),
		cmocka_unit_test(test_unreadable_cacert),
		cmocka_unit_test(test_plain_http_refused),
		cmocka_unit_test(test_insecure_http_sends),
	};
	int rc = cmocka_run_group_tests(tests, setup, teardown);
	curl_global_cleanup();
	return rc;
}
