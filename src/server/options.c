#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "wicket/server/options.h"
#include "wicket/server/peer.h"
#include "wicket/common/opttab.h"
#include "wicket/common/xalloc.h"

#ifndef PKGDATADIR
#define PKGDATADIR "/usr/local/share/wicket"
#endif

enum opt_id {
	OPT_LISTEN = 'l', OPT_DB = 'd', OPT_DEMO = 'D', OPT_CALENDAR = 'c',
	OPT_DATA = 'a', OPT_LOG = 'L', OPT_HELP = 'h', OPT_VERSION = 'V',
	OPT_PRIORITY_CAP = 256, OPT_TOKEN_HOURS, OPT_TIMEZONE, OPT_TIME_SHIFT,
	OPT_LOGIN_FAILURES, OPT_LOGIN_WINDOW, OPT_LOGIN_LOCK,
	OPT_BAD_RATING_DAYS, OPT_TRUSTED_PROXY, OPT_IDEMPOTENCY_HOURS,
	OPT_KIOSK_TICKETS, OPT_THREADS, OPT_PER_IP, OPT_CONN_TIMEOUT, OPT_EVENTS_BATCH, OPT_DRILL_DAYS,
	OPT_CHECK_CALENDAR, OPT_DRILLS_DIR,
};

/* One table drives getopt_long and --help. */
static const struct opt_spec opt_table[] = {
	{ .name = "listen", .id = OPT_LISTEN, .arg = "ADDR:PORT",
	  .help = "listen here (default 127.0.0.1:8470; port 0 picks a free port and prints it)" },
	{ .name = "db", .id = OPT_DB, .arg = "PATH|URL",
	  .help = "SQLite database file (default ./wicketd.db), or a PostgreSQL database: postgresql://..." },
	{ .name = "drills-dir", .id = OPT_DRILLS_DIR, .arg = "DIR",
	  .help = "where drills' sandbox databases are kept on SQLite (default PATH.drills beside the file; "
		  "with PostgreSQL each is a schema of the database)" },
	{ .name = "demo", .id = OPT_DEMO,
	  .help = "seed a new, empty database with the demo hall" },
	{ .name = "calendar", .id = OPT_CALENDAR, .arg = "DIR",
	  .help = "directory of working-day calendar files (default " PKGDATADIR "/calendar)" },
	{ .name = "data", .id = OPT_DATA, .arg = "DIR",
	  .help = "data directory holding demo/ (default " PKGDATADIR ")" },
	{ .name = "log-level", .id = OPT_LOG, .arg = "LEVEL",
	  .help = "error, warn, info (default) or debug" },
	{ .name = "priority-cap", .id = OPT_PRIORITY_CAP, .arg = "N",
	  .help = "priority calls in a row before a waiting normal ticket is called (default 3)" },
	{ .name = "token-hours", .id = OPT_TOKEN_HOURS, .arg = "N",
	  .help = "hours a sign-in token stays valid (default 12)" },
	{ .name = "login-failures", .id = OPT_LOGIN_FAILURES, .arg = "N",
	  .help = "failed sign-ins of one user or one address before it is locked out (default 5)" },
	{ .name = "login-window", .id = OPT_LOGIN_WINDOW, .arg = "SECONDS",
	  .help = "how far back failed sign-ins are counted (default 900)" },
	{ .name = "login-lock", .id = OPT_LOGIN_LOCK, .arg = "SECONDS",
	  .help = "the first lock-out; each further one doubles, up to an hour (default 60)" },
	{ .name = "timezone", .id = OPT_TIMEZONE, .arg = "TZ",
	  .help = "the hall's time zone, for dates and deadlines (default Asia/Shanghai)" },
	{ .name = "time-shift", .id = OPT_TIME_SHIFT, .arg = "SECONDS",
	  .help = "run the clock this far ahead or behind (the test build only)" },
	{ .name = "bad-rating-days", .id = OPT_BAD_RATING_DAYS, .arg = "N",
	  .help = "working days to call back an applicant who rated 1 or 2 (default 5)" },
	{ .name = "trusted-proxy", .id = OPT_TRUSTED_PROXY, .arg = "ADDR[,ADDR...]",
	  .help = "believe X-Forwarded-For and X-Real-IP from these proxy addresses only (repeatable; default none)" },
	{ .name = "idempotency-hours", .id = OPT_IDEMPOTENCY_HOURS, .arg = "N",
	  .help = "hours an Idempotency-Key is remembered for a retry (default 72)" },
	{ .name = "drill-days", .id = OPT_DRILL_DAYS, .arg = "N",
	  .help = "days a finished drill's sandbox files are kept; its score stays (default 90)" },
	{ .name = "kiosk-tickets", .id = OPT_KIOSK_TICKETS, .arg = "N",
	  .help = "tickets one session (a kiosk) may issue within a minute, 0 for no limit (default 30)" },
	{ .name = "threads", .id = OPT_THREADS, .arg = "N",
	  .help = "threads serving the connections, whatever their number (default 4)" },
	{ .name = "per-ip-connections", .id = OPT_PER_IP, .arg = "N",
	  .help = "open connections one client address may have (default 64)" },
	{ .name = "connection-timeout", .id = OPT_CONN_TIMEOUT, .arg = "SECONDS",
	  .help = "close a connection that sends nothing this long (default 20; "
		  "a long-poll waiting for events is not cut)" },
	{ .name = "events-batch-ms", .id = OPT_EVENTS_BATCH, .arg = "MS",
	  .help = "answer waiting long-polls this long after the first change, so a burst is one answer (default 300)" },
	{ .name = "check-calendar", .id = OPT_CHECK_CALENDAR, .arg = "DIR",
	  .help = "check the calendar files of DIR (exit 0, or 1 naming file:line) and exit" },
	{ .name = "help", .id = OPT_HELP, .help = "show this help and exit" },
	{ .name = "version", .id = OPT_VERSION, .help = "show the version and exit" },
};
#define OPT_COUNT (sizeof opt_table / sizeof opt_table[0])

static void opt_set_str(char **slot, const char *v)
{
	free(*slot);
	*slot = xstrdup(v);
}

/* "127.0.0.1:8470", "[::1]:0" or ":8470" (all addresses, loopback default kept). */
static int opt_parse_listen(struct srv_options *o, const char *s)
{
	const char *colon = strrchr(s, ':');
	long port;
	if (!colon || opt_parse_long(colon + 1, 0, 65535, &port))
		return -1;
	size_t n = (size_t)(colon - s);
	if (n >= 2 && s[0] == '[' && s[n - 1] == ']') {
		s++;
		n -= 2;
	}
	if (n > 0) {
		free(o->listen_addr);
		o->listen_addr = xstrndup(s, n);
	}
	o->port = (unsigned)port;
	return 0;
}

static void opt_defaults(struct srv_options *o)
{
	memset(o, 0, sizeof *o);
	o->listen_addr = xstrdup("127.0.0.1");
	o->port = 8470;
	o->db_path = xstrdup("wicketd.db");
	o->calendar_dir = xstrdup(PKGDATADIR "/calendar");
	o->data_dir = xstrdup(PKGDATADIR);
	o->log_level = LOG_INFO;
	o->priority_cap = 3;
	o->token_hours = 12;
	o->login_failures = 5;
	o->login_window = 900;
	o->login_lock = 60;
	o->bad_rating_days = 5;
	o->idempotency_hours = 72;
	o->drill_days = 90;
	o->kiosk_tickets = 30;
	o->events_batch_ms = 300;
	o->threads = 4;
	o->per_ip_connections = 64;
	o->connection_timeout = 20;
	o->timezone = xstrdup("Asia/Shanghai");
	/* Running from the source tree (tests, quickstart) points at its data. */
	const char *env = getenv("WICKET_DATADIR");
	if (env && *env) {
		opt_set_str(&o->data_dir, env);
		free(o->calendar_dir);
		o->calendar_dir = xasprintf("%s/calendar", env);
	}
}

/* --trusted-proxy: numeric addresses, comma-separated, added to the list
 * in their canonical form (the form peer.c compares). */
static int opt_add_proxies(struct srv_options *o, const char *arg)
{
	const char *p = arg;
	do {
		size_t n = strcspn(p, ",");
		char addr[PEER_ADDR_SIZE];
		if (peer_normalize(p, n, addr))
			return -1;
		o->trusted_proxies = xreallocarray(o->trusted_proxies, o->ntrusted_proxies + 1,
						   sizeof *o->trusted_proxies);
		o->trusted_proxies[o->ntrusted_proxies++] = xstrdup(addr);
		p += n;
	} while (*p++ == ',');
	return 0;
}

/* An int option within lo..hi into *out; 0 or -1. */
static int opt_int(const char *arg, long lo, long hi, int *out)
{
	long v;
	if (opt_parse_long(arg, lo, hi, &v))
		return -1;
	*out = (int)v;
	return 0;
}

static int opt_apply(struct srv_options *o, int id, const char *arg)
{
	switch (id) {
	case OPT_LISTEN: return opt_parse_listen(o, arg);
	case OPT_DB: opt_set_str(&o->db_path, arg); return 0;
	case OPT_DRILLS_DIR: opt_set_str(&o->drills_dir, arg); return 0;
	case OPT_DEMO: o->demo = true; return 0;
	case OPT_CALENDAR: opt_set_str(&o->calendar_dir, arg); return 0;
	case OPT_DATA: opt_set_str(&o->data_dir, arg); return 0;
	case OPT_LOG: return log_parse_level(arg, &o->log_level);
	case OPT_PRIORITY_CAP: return opt_int(arg, 1, 1000, &o->priority_cap);
	case OPT_TOKEN_HOURS: return opt_int(arg, 1, 24 * 365, &o->token_hours);
	case OPT_LOGIN_FAILURES: return opt_int(arg, 1, 1000, &o->login_failures);
	case OPT_LOGIN_WINDOW: return opt_int(arg, 1, 86400, &o->login_window);
	case OPT_LOGIN_LOCK: return opt_int(arg, 1, 86400, &o->login_lock);
	case OPT_TIMEZONE: opt_set_str(&o->timezone, arg); return 0;
	case OPT_TIME_SHIFT:
		return opt_parse_long(arg, -3650L * 86400, 3650L * 86400, &o->time_shift);
	case OPT_BAD_RATING_DAYS: return opt_int(arg, 0, 30, &o->bad_rating_days);
	case OPT_TRUSTED_PROXY: return opt_add_proxies(o, arg);
	case OPT_IDEMPOTENCY_HOURS: return opt_int(arg, 1, 24 * 365, &o->idempotency_hours);
	case OPT_DRILL_DAYS: return opt_int(arg, 1, 3650, &o->drill_days);
	case OPT_KIOSK_TICKETS: return opt_int(arg, 0, 1000, &o->kiosk_tickets);
	case OPT_EVENTS_BATCH: return opt_int(arg, 0, 2000, &o->events_batch_ms);
	case OPT_THREADS: return opt_int(arg, 1, 64, &o->threads);
	case OPT_PER_IP: return opt_int(arg, 1, 100000, &o->per_ip_connections);
	case OPT_CONN_TIMEOUT: return opt_int(arg, 1, 3600, &o->connection_timeout);
	case OPT_CHECK_CALENDAR: opt_set_str(&o->check_calendar, arg); return 0;
	case OPT_HELP: o->want_help = true; return 0;
	case OPT_VERSION: o->want_version = true; return 0;
	default: return -1;
	}
}

/* The options of this build into out (the table without the test hooks,
 * unless test_hooks); returns how many. */
static size_t opt_usable(bool test_hooks, struct opt_spec out[OPT_COUNT])
{
	size_t n = 0;
	for (size_t i = 0; i < OPT_COUNT; i++)
		if (test_hooks || opt_table[i].id != OPT_TIME_SHIFT)
			out[n++] = opt_table[i];
	return n;
}

int srv_options_parse(struct srv_options *o, int argc, char **argv, bool test_hooks,
		      char *err, size_t errlen)
{
	struct option longopts[OPT_COUNT + 1];
	char shortopts[2 * OPT_COUNT + 2];
	struct opt_spec usable[OPT_COUNT];

	opt_defaults(o);
	opt_getopt_tables(usable, opt_usable(test_hooks, usable), longopts, shortopts);

	optind = 1;
	opterr = 0;
	int c;
	while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		if (c == '?' || c == ':') {
			snprintf(err, errlen, "%s option '%s'",
				 c == '?' ? "unknown" : "missing argument for",
				 argv[optind - 1]);
			return -1;
		}
		if (opt_apply(o, c, optarg)) {
			const struct opt_spec *d = opt_find_id(opt_table, OPT_COUNT, c);
			snprintf(err, errlen, "invalid value '%s' for --%s", optarg ? optarg : "",
				 d ? d->name : "?");
			return -1;
		}
	}
	if (optind < argc) {
		snprintf(err, errlen, "unexpected argument '%s'", argv[optind]);
		return -1;
	}
	return 0;
}

void srv_options_free(struct srv_options *o)
{
	free(o->listen_addr);
	free(o->db_path);
	free(o->drills_dir);
	free(o->calendar_dir);
	free(o->check_calendar);
	free(o->data_dir);
	free(o->timezone);
	for (size_t i = 0; i < o->ntrusted_proxies; i++)
		free(o->trusted_proxies[i]);
	free(o->trusted_proxies);
	memset(o, 0, sizeof *o);
}

void srv_options_usage(FILE *f, const char *prog)
{
	fprintf(f, "Usage: %s [OPTION]...\n"
		"wicketd, the reference backend of the wicket service-hall counter:\n"
		"queue, matters' guides, cases and their working-day deadlines, over a REST API.\n\n",
		prog);
	struct opt_spec usable[OPT_COUNT];
	opt_print_help(f, usable, opt_usable(false, usable), NULL);
	fprintf(f, "\nThe API is documented in docs/api.md and wicketd(8).\n");
}
