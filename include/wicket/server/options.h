/* options.h - wicketd's command line.
 *
 * The options are a table (see options.c) from which both the parser and
 * --help are generated, so the two never disagree. */
#ifndef WICKET_OPTIONS_H
#define WICKET_OPTIONS_H

#include <stdbool.h>
#include <stdio.h>

#include "wicket/common/log.h"

struct srv_options {
	char *listen_addr;   /* numeric IPv4/IPv6 address, default 127.0.0.1 */
	unsigned port;       /* 0 = pick a free port and print it */
	char *db_path;       /* SQLite database file, or a postgresql:// URL */
	char *drills_dir;    /* drills' sandboxes; NULL: beside the database (db.c: drills_dir) */
	char *calendar_dir;  /* directory of calendar files */
	char *check_calendar; /* --check-calendar DIR: check its files and exit; NULL */
	char *data_dir;      /* where demo/ lives */
	bool demo;           /* seed a new database with the demo hall */
	enum log_level log_level;
	int priority_cap;    /* consecutive priority calls before a normal one */
	int token_hours;     /* lifetime of a sign-in token */
	int login_failures;  /* failed sign-ins (per user, per address) before a lock-out */
	int login_window;    /* seconds over which they are counted */
	int login_lock;      /* seconds of the first lock-out; each next one doubles */
	char *timezone;      /* the hall's time zone, default Asia/Shanghai */
	long time_shift;     /* seconds added to the clock (drills, tests) */
	int bad_rating_days; /* working days to answer a rating of 1 or 2 */
	int idempotency_hours;   /* how long a retry's key is remembered */
	int drill_days;          /* days a finished drill's sandbox files are kept */
	int kiosk_tickets;       /* tickets one session may issue within a minute */
	int events_batch_ms;     /* a wake-up of long-polls waits this long for more changes */
	char **trusted_proxies;  /* canonical addresses whose X-Forwarded-For is believed */
	size_t ntrusted_proxies;
	int threads;         /* threads serving connections (epoll, one pool) */
	int per_ip_connections; /* open connections one address may have */
	int connection_timeout; /* seconds a connection may send nothing (parked long-polls aside) */
	bool want_help;
	bool want_version;
};

/* Fill o with the defaults, then apply argv.  Test hooks (--time-shift)
 * are options only when test_hooks (the test build's main).  Returns 0, or
 * -1 with a message (for the user, naming the bad option) written into
 * err.  The strings in o are malloc'd; release them with
 * srv_options_free(). */
int srv_options_parse(struct srv_options *o, int argc, char **argv, bool test_hooks,
		      char *err, size_t errlen);
/* Release the strings o owns. */
void srv_options_free(struct srv_options *o);
/* Print the usage text generated from the option table (without the test
 * hooks). */
void srv_options_usage(FILE *f, const char *prog);

#endif
