#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wicket/common/log.h"
#include "wicket/server/calendar_dir.h"
#include "wicket/server/db_pg.h"
#include "wicket/server/platform.h"
#include "wicket/server/options.h"
#include "wicket/server/srv.h"
#include "wicket/server/srv_drill.h"

/* The signals this thread waits for; every thread blocks them. */
static void srv_signal_set(sigset_t *set)
{
	sigemptyset(set);
	sigaddset(set, SIGINT);
	sigaddset(set, SIGTERM);
	sigaddset(set, SIGHUP);
}

/* Block the signals in every thread (libmicrohttpd's inherit the mask) and
 * wait for them here, so no handler runs: SIGHUP reloads the calendar on
 * this thread (the calendar's lock rules, calendar_reload.c), a stop signal
 * stops. */
/* Reload hall s's calendar (each hall holds its own copy). */
static void srv_reload_hall(struct srv *s, void *arg)
{
	(void)arg;
	struct cal_error err;
	cJSON *changes = NULL;
	if (srv_calendar_reload(s, &err, &changes) == 0)
		cJSON_Delete(changes);
}

/* Answer hall s's long-polls and waiting changes, and stop its drills:
 * the server stops. */
static void srv_stop_hall(struct srv *s, void *arg)
{
	(void)arg;
	pthread_mutex_lock(&s->lock);
	s->stopping = true;
	/* Changes waiting with their connections suspended are committed and
	 * answered now: libmicrohttpd must not stop with one suspended. */
	srv_batch_flush(s);
	ev_wake(s);
	drills_stop(s);
	pthread_mutex_unlock(&s->lock);
}

static void srv_wait_for_signal(struct srv *s)
{
	sigset_t set;
	int sig = 0;
	srv_signal_set(&set);
	while (sigwait(&set, &sig) == 0 && sig == SIGHUP) {
		log_info("SIGHUP: reloading the calendar");
		platform_each(s, srv_reload_hall, NULL);
	}
	log_info("stopping on signal %d", sig);
	platform_each(s, srv_stop_hall, NULL);
}

static int srv_run(struct srv_options *opt)
{
	struct srv s = { .opt = opt };
	char err[512] = "";
	unsigned port = 0;
	int rc = 1;

	sigset_t set;
	srv_signal_set(&set);
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
	char where[512];
	pg_url_redacted(opt->db_path, where, sizeof where);
	log_info("wicketd %s serving %s", PACKAGE_VERSION, where);
	srv_wait_for_signal(&s);
	http_stop(daemon);
	rc = 0;
out:
	srv_close(&s);
	return rc;
}

/* --check-calendar DIR: what wicketd would load from DIR, checked before
 * it goes live.  Exit 0 with the years on stdout, or 1 with file:line. */
static int srv_check_calendar(const char *dir)
{
	struct cal_error err;
	struct calendar *cal = srv_calendar_open(dir, &err);
	if (!cal) {
		if (err.line > 0)
			fprintf(stderr, "%s:%d: %s\n", err.file, err.line, err.message);
		else
			fprintf(stderr, "%s: %s\n", err.file[0] ? err.file : dir, err.message);
		return 1;
	}
	printf("%s: ok, years", dir);
	for (size_t i = 0; i < cal_year_count(cal); i++)
		printf(" %d", cal_year_at(cal, i));
	printf("; later years are provisional (the law's holidays)\n");
	cal_free(cal);
	return 0;
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
	else if (opts.check_calendar)
		rc = srv_check_calendar(opts.check_calendar);
	else {
		log_set_level(opts.log_level);
		rc = srv_run(&opts);
	}
	srv_options_free(&opts);
	return rc;
}
