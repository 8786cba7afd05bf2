/* bench_conn.c - what idle long-polls and slow senders cost wicketd, and
 * whether a clerk still gets through.
 *
 *   bench_conn [POLLS [SLOW]]            (defaults 2000 and 500)
 *
 * Starts wicketd on the demo hall with the harness (extra wicketd options
 * in $BENCH_WICKETD_ARGS), signs in POLLS / 4 supervisor sessions (4
 * parked long-polls a session at most) and holds open:
 *   - POLLS long-polls (GET /api/v1/events?since=..&wait=60) on sockets of
 *     their own, each asked again as soon as it is answered, as a client's;
 *   - SLOW slowloris sockets, sending one more byte of a never-ending
 *     header every 5 seconds;
 * from the loopback addresses 127.0.0.2 and on, 50 sockets an address.
 * Then it measures, from /proc/PID of wicketd: RSS and threads; the CPU of
 * 10 idle seconds; the CPU of 10 seconds with 10 events a second (a window
 * paused and opened again), and how many answers the long-polls got; and
 * the latency of 100 clerk calls (POST /api/v1/windows/1/call), each on a
 * new connection (p50, p99, max, failures), with the ticket marked no-show
 * after each.  CPU is in % of one core.  Needs WICKETD and WICKET_DATADIR
 * (bench/conn.sh sets them). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>
#include <curl/curl.h>

#include "harness.h"
#include "wicket/common/buf.h"
#include "bench_util.h"

#define PER_ADDR 50
#define PER_TOKEN 4
#define CALLS 100

static struct wd W;
static int port;

/* ---- raw sockets ---- */

static int sock_open(int addr_index)
{
	char src[32];
	snprintf(src, sizeof src, "127.0.%d.%d", 1 + addr_index / 250, 2 + addr_index % 250);
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	struct sockaddr_in a = { .sin_family = AF_INET };
	inet_pton(AF_INET, src, &a.sin_addr);
	if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof a)) {
		perror("bench_conn: socket");
		exit(1);
	}
	a.sin_port = htons((uint16_t)port);
	inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
	if (connect(fd, (struct sockaddr *)&a, sizeof a)) {
		perror("bench_conn: connect");
		close(fd);
		return -1;
	}
	return fd;
}

/* ---- long-polls, asked again as soon as answered ---- */

struct poll_conn {
	int fd;
	const char *token;
	char buf[8192];
	size_t n;
	long long since;
	long answers;             /* replies it got */
};

static struct poll_conn *pc;
static int npolls, ep;
static volatile int stop_pollers;
static long answers, closed_polls;    /* counted by the poller thread */
static pthread_mutex_t count_lock = PTHREAD_MUTEX_INITIALIZER;

static void poll_send(struct poll_conn *p)
{
	char req[512];
	int len = snprintf(req, sizeof req, "GET /api/v1/events?since=%lld&wait=60 HTTP/1.1\r\n"
			   "Host: wicketd\r\nAuthorization: Bearer %s\r\n\r\n", p->since, p->token);
	if (send(p->fd, req, (size_t)len, MSG_NOSIGNAL) != len) {
		close(p->fd);
		p->fd = -1;
	}
}

/* A whole reply in p->buf: take its "last", drop it, ask again. */
static void poll_take(struct poll_conn *p)
{
	for (;;) {
		char *body = strstr(p->buf, "\r\n\r\n");
		char *cl = strstr(p->buf, "Content-Length:");
		if (!body || !cl)
			return;
		size_t want = strtoul(cl + 15, NULL, 10), head = (size_t)(body + 4 - p->buf);
		if (p->n < head + want)
			return;
		char *last = strstr(body, "\"last\":");
		if (last && strncmp(p->buf + 9, "200", 3) == 0)
			p->since = strtoll(last + 7, NULL, 10);
		memmove(p->buf, p->buf + head + want, p->n - head - want);
		p->n -= head + want;
		p->buf[p->n] = '\0';
		pthread_mutex_lock(&count_lock);
		answers++;
		p->answers++;
		pthread_mutex_unlock(&count_lock);
		poll_send(p);
	}
}

static void *poller(void *arg)
{
	(void)arg;
	struct epoll_event evs[256];
	while (!stop_pollers) {
		int n = epoll_wait(ep, evs, 256, 200);
		for (int i = 0; i < n; i++) {
			struct poll_conn *p = evs[i].data.ptr;
			if (p->fd < 0)
				continue;
			ssize_t got = recv(p->fd, p->buf + p->n, sizeof p->buf - 1 - p->n, 0);
			if (got <= 0) {
				epoll_ctl(ep, EPOLL_CTL_DEL, p->fd, NULL);
				close(p->fd);
				p->fd = -1;
				pthread_mutex_lock(&count_lock);
				closed_polls++;
				pthread_mutex_unlock(&count_lock);
				continue;
			}
			p->n += (size_t)got;
			p->buf[p->n] = '\0';
			poll_take(p);
		}
	}
	return NULL;
}

/* ---- slow senders ---- */

static int *slow, nslow;
static volatile int stop_slow;

static int slow_alive(void)
{
	int n = 0;
	for (int i = 0; i < nslow; i++)
		n += slow[i] >= 0;
	return n;
}

static void *slowloris(void *arg)
{
	(void)arg;
	for (int round = 0; !stop_slow; round++) {
		for (int i = 0; i < nslow; i++)
			if (slow[i] >= 0 && send(slow[i], round ? "a" : "GET / HTTP/1.1\r\nX-a: ",
						 round ? 1 : 21, MSG_NOSIGNAL) < 0) {
				close(slow[i]);
				slow[i] = -1;
			}
		for (int t = 0; t < 50 && !stop_slow; t++)
			usleep(100000);
	}
	return NULL;
}

/* ---- requests with a time limit (the harness's http() waits 90 s) ---- */

static size_t bench_collect(char *p, size_t size, size_t n, void *ud)
{
	struct buf *b = ud;
	buf_add(b, p, size * n);
	return size * n;
}

/* One request on c (kept alive when reused; a new one when fresh), at most
 * 5 s; its status (0 when none came), the reply's "id" into *id. */
static long bench_req(CURL *c, bool fresh, const char *method, const char *path,
		      const char *token, const char *body, long long *id)
{
	char url[256], auth[128];
	struct buf b = BUF_INIT;
	struct curl_slist *h = NULL;
	snprintf(url, sizeof url, "%s%s", W.url, path);
	snprintf(auth, sizeof auth, "Authorization: Bearer %s", token);
	h = curl_slist_append(h, auth);
	h = curl_slist_append(h, "Content-Type: application/json");
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
	curl_easy_setopt(c, CURLOPT_POSTFIELDS, body ? body : "");
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, bench_collect);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &b);
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, 5000L);
	curl_easy_setopt(c, CURLOPT_FRESH_CONNECT, fresh ? 1L : 0L);
	curl_easy_setopt(c, CURLOPT_FORBID_REUSE, fresh ? 1L : 0L);
	long status = 0;
	if (curl_easy_perform(c) == CURLE_OK)
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	if (id) {
		const char *p = buf_str(&b) ? strstr(buf_str(&b), "\"id\":") : NULL;
		*id = p ? strtoll(p + 5, NULL, 10) : 0;
	}
	curl_slist_free_all(h);
	buf_free(&b);
	return status;
}

/* ---- wicketd's /proc ---- */

static double cpu_seconds(void)
{
	char path[64], line[1024];
	snprintf(path, sizeof path, "/proc/%d/stat", (int)W.pid);
	FILE *f = fopen(path, "r");
	if (!f || !fgets(line, sizeof line, f)) {
		if (f)
			fclose(f);
		return 0;
	}
	fclose(f);
	char *p = strrchr(line, ')');
	unsigned long long ut = 0, st = 0;
	/* fields after the name: state is 3, utime 14, stime 15 */
	sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu", &ut, &st);
	return (double)(ut + st) / (double)sysconf(_SC_CLK_TCK);
}

static long status_field(const char *name)
{
	char path[64], line[256];
	long v = -1;
	snprintf(path, sizeof path, "/proc/%d/status", (int)W.pid);
	FILE *f = fopen(path, "r");
	while (f && fgets(line, sizeof line, f))
		if (strncmp(line, name, strlen(name)) == 0)
			v = strtol(line + strlen(name) + 1, NULL, 10);
	if (f)
		fclose(f);
	return v;
}

/* ---- sign-ins, in parallel (each hashes a password) ---- */

struct signer {
	char **tokens;
	int from, to;
};

static void *sign_in(void *arg)
{
	struct signer *s = arg;
	for (int i = s->from; i < s->to; i++)
		s->tokens[i] = wd_login(&W, "supervisor", 0);
	return NULL;
}

static long long feed_last(const char *token)
{
	struct resp r;
	long long last = 0;
	if (http(&W, "GET", "/api/v1/events", token, NULL, NULL, &r) == 200)
		last = (long long)jnum(r.json, "last");
	resp_free(&r);
	return last;
}

/* ---- the clerk ---- */

static void clerk_calls(const char *clerk)
{
	double lat[CALLS];
	int ok = 0, failed = 0;
	CURL *fresh = curl_easy_init(), *kept = curl_easy_init();
	for (int i = 0; i < CALLS; i++) {
		long long id = 0;
		double t0 = now_ms();
		long st = bench_req(fresh, true, "POST", "/api/v1/windows/1/call", clerk, NULL, &id);
		double t = now_ms() - t0;
		if (st == 200) {
			lat[ok++] = t;
			char path[96];
			snprintf(path, sizeof path, "/api/v1/tickets/%lld/no-show", id);
			bench_req(kept, false, "POST", path, clerk, NULL, NULL);
		} else if (++failed == 10 && ok == 0) {
			break;    /* no clerk gets through: enough said */
		}
		usleep(200000);
	}
	curl_easy_cleanup(fresh);
	curl_easy_cleanup(kept);
	if (ok)
		printf("clerk calls on new connections: %d ok, %d failed; p50 %.1f ms, p99 %.1f ms, "
		       "max %.1f ms\n", ok, failed, pct(lat, ok, 50), pct(lat, ok, 99),
		       pct(lat, ok, 100));
	else
		printf("clerk calls on new connections: 0 ok, %d failed (5 s limit each)\n", failed);
}

/* How many long-polls have had an answer since answered[] was taken. */
static int polls_answered(const long *before)
{
	int n = 0;
	for (int i = 0; i < npolls; i++)
		n += pc[i].answers > before[i];
	return n;
}

static void measure(const char *what, void (*during)(const char *), const char *arg)
{
	long answers0 = answers;
	long *before = calloc((size_t)npolls, sizeof *before);
	for (int i = 0; i < npolls; i++)
		before[i] = pc[i].answers;
	double c0 = cpu_seconds(), t0 = now_ms();
	if (during)
		during(arg);
	else
		sleep(10);
	double cpu = cpu_seconds() - c0, secs = (now_ms() - t0) / 1e3;
	printf("%s: %.1f%% of a core over %.1f s; long-poll answers %ld, to %d distinct long-polls\n",
	       what, 100.0 * cpu / secs, secs, answers - answers0, polls_answered(before));
	free(before);
}

/* 10 events a second for 10 seconds: window 1 paused and opened again, on
 * the clerk's kept-alive connection (opened before the others). */
static CURL *clerk_conn;

static void burst(const char *clerk)
{
	double start = now_ms();
	int failed = 0;
	for (int i = 0; i < 100; i++) {
		long st = i % 2 == 0 ?
			bench_req(clerk_conn, false, "POST", "/api/v1/windows/1/pause", clerk,
				  "{\"reason\":\"午休\"}", NULL) :
			bench_req(clerk_conn, false, "POST", "/api/v1/windows/1/open", clerk, NULL, NULL);
		failed += st != 200;
		double next = start + (i + 1) * 100.0, now = now_ms();
		if (next > now)
			usleep((useconds_t)((next - now) * 1000));
	}
	if (failed)
		printf("  (%d of the 100 changes failed)\n", failed);
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	npolls = argc > 1 ? atoi(argv[1]) : 2000;
	nslow = argc > 2 ? atoi(argv[2]) : 500;
	char args[400];
	snprintf(args, sizeof args, "--login-failures 1000 --kiosk-tickets 0 %s",
		 getenv("BENCH_WICKETD_ARGS") ? getenv("BENCH_WICKETD_ARGS") : "");
	curl_global_init(CURL_GLOBAL_DEFAULT);
	wd_start(&W, true, args);
	port = atoi(strrchr(W.url, ':') + 1);
	printf("wicketd connection benchmark: %d long-polls, %d slow senders (%s)\n",
	       npolls, nslow, getenv("WICKETD"));

	int ntok = (npolls + PER_TOKEN - 1) / PER_TOKEN;
	char **tokens = calloc((size_t)ntok + 1, sizeof *tokens);
	pthread_t th[4];
	struct signer sg[4];
	for (int i = 0; i < 4; i++) {
		sg[i] = (struct signer){ tokens, ntok * i / 4, ntok * (i + 1) / 4 };
		pthread_create(&th[i], NULL, sign_in, &sg[i]);
	}
	for (int i = 0; i < 4; i++)
		pthread_join(th[i], NULL);
	char *kiosk = wd_login(&W, "kiosk", 0), *clerk = wd_login(&W, "clerk1", 1);
	for (int i = 0; i < CALLS; i++) {
		struct resp r;
		http(&W, "POST", "/api/v1/tickets", kiosk, "{\"service\":\"MAR\"}", NULL, &r);
		resp_free(&r);
	}
	struct resp r;
	http(&W, "POST", "/api/v1/windows/1/open", clerk, NULL, NULL, &r);
	resp_free(&r);
	long long since = feed_last(clerk);
	clerk_conn = curl_easy_init();
	bench_req(clerk_conn, false, "GET", "/api/v1/me", clerk, NULL, NULL);
	printf("after start-up and sign-ins: RSS %ld kB, %ld threads\n",
	       status_field("VmRSS:"), status_field("Threads:"));

	ep = epoll_create1(EPOLL_CLOEXEC);
	pc = calloc((size_t)npolls, sizeof *pc);
	int addr = 0;
	for (int i = 0; i < npolls; i++, addr += (i % PER_ADDR) == 0) {
		pc[i].fd = sock_open(addr);
		pc[i].token = tokens[i / PER_TOKEN];
		pc[i].since = since;
		if (pc[i].fd < 0)
			continue;
		struct epoll_event ev = { .events = EPOLLIN, .data.ptr = &pc[i] };
		epoll_ctl(ep, EPOLL_CTL_ADD, pc[i].fd, &ev);
		poll_send(&pc[i]);
	}
	pthread_t pt, st;
	pthread_create(&pt, NULL, poller, NULL);
	slow = calloc((size_t)nslow + 1, sizeof *slow);
	addr++;
	for (int i = 0; i < nslow; i++, addr += (i % PER_ADDR) == 0)
		slow[i] = sock_open(addr);
	pthread_create(&st, NULL, slowloris, NULL);
	sleep(3);
	int open_polls = 0;
	for (int i = 0; i < npolls; i++)
		open_polls += pc[i].fd >= 0;
	printf("connected (the kernel's accept queue counts): %d of %d long-polls (answered so far %ld), %d of %d slow senders\n",
	       open_polls, npolls, answers, slow_alive(), nslow);
	printf("with them: RSS %ld kB (peak %ld kB), %ld threads\n", status_field("VmRSS:"),
	       status_field("VmHWM:"), status_field("Threads:"));

	measure("idle", NULL, NULL);
	measure("10 events/s", burst, clerk);
	clerk_calls(clerk);
	open_polls = 0;
	for (int i = 0; i < npolls; i++)
		open_polls += pc[i].fd >= 0;
	printf("at the end: %d long-polls and %d slow senders still open; RSS %ld kB (peak %ld kB)\n",
	       open_polls, slow_alive(), status_field("VmRSS:"), status_field("VmHWM:"));

	stop_pollers = stop_slow = 1;
	pthread_join(pt, NULL);
	pthread_join(st, NULL);
	for (int i = 0; i < npolls; i++)
		if (pc[i].fd >= 0)
			close(pc[i].fd);
	for (int i = 0; i < nslow; i++)
		if (slow[i] >= 0)
			close(slow[i]);
	wd_stop(&W);
	for (int i = 0; i < ntok; i++)
		free(tokens[i]);
	free(tokens);
	free(pc);
	free(slow);
	curl_easy_cleanup(clerk_conn);
	free(kiosk);
	free(clerk);
	return 0;
}
