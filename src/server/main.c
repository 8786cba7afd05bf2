#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wicket/common/log.h"
#include "wicket/server/options.h"
#include "wicket/server/srv.h"
#include "wicket/server/srv_drill.h"

/* Block the stop signals in every thread (libmicrohttpd's inherit the mask)
 * and wait for one here. */
static void srv_wait_for_signal(struct srv *s)
{
	sigset_t set;
	int sig = 0;
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigwait(&set, &sig);
	log_info("stopping on signal %d", sig);
	pthread_mutex_lock(&s->lock);
	s->stopping = true;
	ev_wake(s);
	drills_stop(s);
	pthread_mutex_unlock(&s->lock);
}

static int srv_run(struct srv_options *opt)
{
	struct srv s = { .opt = opt };
	char err[512] = "";
	unsigned port = 0;
	int rc = 1;

	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);

	clk_init(opt->timezone, opt->time_shift);
	if (srv_open(&s, err, sizeof err)) {
		log_error("%s", err);
		goto out;
	}
	void *daemon = http_start(&s, &port, err, sizeof err);
	if (!daemon) {
		log_error("%s", err);
		goto out;
	}
	/* The ready signal: tests and scripts wait for this line. */
	int v6 = strchr(opt->listen_addr, ':') != NULL;
	printf("listening on http://%s%s%s:%u\n", v6 ? "[" : "", opt->listen_addr, v6 ? "]" : "", port);
	fflush(stdout);
	log_info("wicketd %s serving %s", PACKAGE_VERSION, opt->db_path);
	srv_wait_for_signal(&s);
	http_stop(daemon);
	rc = 0;
out:
	srv_close(&s);
	return rc;
}

/* The installed wicketd has no test hooks: --time-shift, which moves every
 * date the server records, exists only in the test build of this file
 * (tests/server/wicketd-test, compiled with WICKETD_TEST_HOOKS). */
#ifndef WICKETD_TEST_HOOKS
#define WICKETD_TEST_HOOKS 0
#endif

int main(int argc, char **argv)
{
	struct srv_options opts;
	char err[256];
	int rc = 0;

	log_set_progname("wicketd");
	if (srv_options_parse(&opts, argc, argv, WICKETD_TEST_HOOKS, err, sizeof err)) {
		fprintf(stderr, "wicketd: %s\nTry 'wicketd --help'.\n", err);
		srv_options_free(&opts);
		return 2;
	}
	if (opts.want_help)
		srv_options_usage(stdout, "wicketd");
	else if (opts.want_version)
		printf("wicketd %s\n", PACKAGE_VERSION);
	else {
		log_set_level(opts.log_level);
		rc = srv_run(&opts);
	}
	srv_options_free(&opts);
	return rc;
}
