/* options.c - wicket's settings as one table (see options.h), and the
 * layers it is read in: defaults, the file, the environment, the command
 * line. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "wicket/client/options.h"
#include "wicket/common/i18n.h"
#include "wicket/common/xalloc.h"

enum {
	OPT_SERVER = 's', OPT_USER = 'u', OPT_WINDOW = 'w', OPT_PASSWORD_FILE = 'p',
	OPT_DEMO = 'D', OPT_HELP = 'h', OPT_VERSION = 'V', OPT_CONFIG = 'c',
	OPT_READY_FD = 256, OPT_WICKETD, OPT_CACERT, OPT_INSECURE_HTTP, OPT_DRILL, OPT_EVALUATOR,
	OPT_DISPLAY, OPT_ZONE, OPT_VOICE_WAV, OPT_HALL,
};

#define CFG(field) .offset = offsetof(struct app_config, field)

static bool options_fd_open(const char *value)
{
	return fcntl(atoi(value), F_GETFD) >= 0;
}

/* A zone's code: 1 to 16 letters and digits. */
static bool options_zone_ok(const char *value)
{
	size_t n = strlen(value);
	if (n == 0 || n > 16)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((value[i] >= '0' && value[i] <= '9') || (value[i] >= 'A' && value[i] <= 'Z') ||
		      (value[i] >= 'a' && value[i] <= 'z')))
			return false;
	return true;
}

/* A hall of the platform: its code or its number, 1 to 30 characters of
 * letters, digits, '-' and '_' (it goes into the sign-in's body only). */
static bool options_hall_ok(const char *value)
{
	size_t n = strlen(value);
	if (n == 0 || n > 30)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((value[i] >= '0' && value[i] <= '9') || (value[i] >= 'A' && value[i] <= 'Z') ||
		      (value[i] >= 'a' && value[i] <= 'z') || value[i] == '-' || value[i] == '_'))
			return false;
	return true;
}

/* What a refused value is told where the generic words would say less. */
static const struct opt_refusal options_window_bad = {
	.cli = N_("wicket: --window takes a number from 1 to 9999\n"),
};
static const struct opt_refusal options_drill_bad = {
	.cli = N_("wicket: --drill takes the code the trainer gives, "
		  "letters and digits (e.g. K7Q2)\n"),
	.file = "drill must be a drill code: letters and digits, e.g. K7Q2",
	.env = N_("WICKET_DRILL is not a drill code (letters and digits, e.g. K7Q2)"),
};
static const struct opt_refusal options_ready_fd_bad = {
	.cli = N_("wicket: --ready-fd needs an open file descriptor\n"),
};

/* Every setting, in the order of --help; the ones with no long name (the
 * file's and the environment's only) at the end. */
static const struct opt_spec options_table[] = {
	{ .name = "server", .id = OPT_SERVER, .arg = "URL", .key = "server", .env = "WICKET_SERVER",
	  .type = OPT_STRING, CFG(server), .def = "http://127.0.0.1:8470",
	  .help = N_("wicketd to talk to (or WICKET_SERVER, or the config file)") },
	{ .name = "user", .id = OPT_USER, .arg = "NAME", .key = "user",
	  .type = OPT_STRING, CFG(user), .help = N_("sign in as this user") },
	{ .name = "window", .id = OPT_WINDOW, .arg = "N", .key = "window",
	  .type = OPT_INT, CFG(window), .lo = 1, .hi = 9999, .refusal = &options_window_bad,
	  .help = N_("the window to work at (a clerk; a supervisor or a trainer works at none)") },
	/* A drill is a session apart: only asked for, never the default of a
	 * machine's file unless it says so. */
	{ .name = "drill", .id = OPT_DRILL, .arg = "CODE", .key = "drill", .env = "WICKET_DRILL",
	  .type = OPT_STRING, CFG(drill), .valid = app_drill_code_ok, .refusal = &options_drill_bad,
	  .help = N_("sign in to the trainer's drill with this code, as a trainee (or WICKET_DRILL)") },
	/* One of a platform's halls, for an account in more than one. */
	{ .name = "hall", .id = OPT_HALL, .arg = "CODE", .key = "hall", .type = OPT_STRING, CFG(hall),
	  .valid = options_hall_ok,
	  .help = N_("sign in to this hall of the platform (its code), for an account in several") },
	/* The hall's call screen and its voice. */
	{ .name = "display", .id = OPT_DISPLAY, .key = "display", .type = OPT_BOOL, CFG(display),
	  .help = N_("the hall's call screen, with its voice (signs in as the display account)") },
	{ .name = "zone", .id = OPT_ZONE, .arg = "Z", .key = "zone", .type = OPT_STRING, CFG(zone),
	  .valid = options_zone_ok, .help = N_("the call screen shows zone Z only (its code, e.g. A)") },
	{ .name = "voice-wav-dir", .id = OPT_VOICE_WAV, .arg = "DIR", .key = "voice-wav-dir",
	  .type = OPT_PATH, CFG(voice_wav_dir),
	  .help = N_("write each announcement to a WAV file in DIR instead of the sound device") },
	{ .name = "evaluator", .id = OPT_EVALUATOR, .key = "evaluator", .type = OPT_BOOL, CFG(evaluator),
	  .help = N_("the evaluator facing the applicant at a window (评价器): only its account may sign in") },
	{ .name = "password-file", .id = OPT_PASSWORD_FILE, .arg = "FILE",
	  .help = N_("read the password from FILE (or WICKET_PASSWORD)") },
	{ .name = "demo", .id = OPT_DEMO,
	  .help = N_("run on a private demo hall (starts its own wicketd)") },
	{ .name = "config", .id = OPT_CONFIG, .arg = "FILE",
	  .help = N_("the configuration file (default ~/.config/wicket/config)") },
	{ .name = "cacert", .id = OPT_CACERT, .arg = "FILE", .key = "cacert",
	  .type = OPT_PATH, CFG(cacert),
	  .help = N_("trust the CA certificates in FILE for https") },
	{ .name = "insecure-http", .id = OPT_INSECURE_HTTP, .key = "insecure-http",
	  .type = OPT_BOOL, CFG(insecure_http),
	  .help = N_("allow the password over plain http to another machine (trusted networks only)") },
	{ .name = "wicketd", .id = OPT_WICKETD, .arg = "PATH",
	  .help = N_("the wicketd program --demo starts") },
	{ .name = "ready-fd", .id = OPT_READY_FD, .arg = "N",
	  .type = OPT_INT, CFG(ready_fd), .lo = 0, .hi = 1 << 20, .valid = options_fd_open,
	  .refusal = &options_ready_fd_bad,
	  .help = N_("after each redraw write \"ready SEQ VIEW\" to file descriptor N (for tests)") },
	{ .name = "help", .id = OPT_HELP, .help = N_("show this help and exit") },
	{ .name = "version", .id = OPT_VERSION, .help = N_("show the version and exit") },
	{ .key = "recall-limit", .type = OPT_INT, CFG(recall_limit), .def = "3", .lo = 1, .hi = 20 },
	{ .key = "speak", .type = OPT_BOOL, CFG(voice), .def = "yes" },
	{ .key = "voice-name", .type = OPT_STRING, CFG(voice_name), .def = "cmn" },
	{ .key = "voice-repeat", .type = OPT_INT, CFG(voice_repeat), .def = "1", .lo = 1, .hi = 5 },
	{ .key = "voice-volume", .type = OPT_INT, CFG(voice_volume), .def = "100", .lo = 0, .hi = 200 },
	{ .key = "voice-device", .type = OPT_STRING, CFG(voice_device) },
	/* The three directories' defaults depend on XDG_STATE_HOME: see
	 * options_state_dirs(). */
	{ .key = "paper-dir", .type = OPT_PATH, CFG(paper_dir) },
	{ .key = "journal-dir", .type = OPT_PATH, CFG(journal_dir) },
	{ .key = "report-dir", .type = OPT_PATH, CFG(report_dir) },
	/* The applicant's papers on the window's printer (CUPS); none printed
	 * unless the hall says so, each kind on its own. */
	{ .key = "printer", .type = OPT_STRING, CFG(printer) },
	{ .key = "print-on-accept", .type = OPT_BOOL, CFG(print_on_accept), .def = "no" },
	{ .key = "print-on-notice", .type = OPT_BOOL, CFG(print_on_notice), .def = "no" },
	{ .key = "print-on-completion", .type = OPT_BOOL, CFG(print_on_completion), .def = "no" },
	{ .env = "WICKET_PASSWORD", .type = OPT_STRING, CFG(password) },
};
#define OPTIONS_COUNT (sizeof options_table / sizeof options_table[0])
_Static_assert(OPTIONS_COUNT <= 64, "app_options.given_mask has a bit per entry");

const struct opt_spec *app_options_table(size_t *n)
{
	*n = OPTIONS_COUNT;
	return options_table;
}

static uint64_t options_bit(const struct opt_spec *s)
{
	return (uint64_t)1 << (s - options_table);
}

static const char *options_translate(const char *msgid)
{
	return gettext(msgid);
}

void app_options_usage(FILE *f)
{
	fprintf(f, _("Usage: %s [OPTION]...\n"), "wicket");
	fprintf(f, "%s\n\n", _("The counter client for the windows of a one-stop government service hall."));
	opt_print_help(f, options_table, OPTIONS_COUNT, options_translate);
	fprintf(f, "\n%s\n", _("Keys: F1 help, F2 call next, F3 recall, F4 no-show, F5 start, F6 transfer, "
			       "F7 pause/resume, F9 finish, F10 quit. See wicket(1)."));
}

/* What the command line or the program does with an option of no
 * destination.  Returns 0 to go on, 1 when done. */
static int options_action(struct app_options *o, int id, const char *arg)
{
	switch (id) {
	case OPT_HELP: app_options_usage(stdout); return 1;
	case OPT_VERSION: printf("wicket %s\n", PACKAGE_VERSION); return 1;
	case OPT_PASSWORD_FILE: o->password_file = arg; return 0;
	case OPT_DEMO: o->demo = true; return 0;
	case OPT_CONFIG: o->config_path = arg; return 0;
	case OPT_WICKETD: o->wicketd = arg; return 0;
	}
	return 0;
}

/* Say on stderr that the command line's value for s was refused. */
static void options_refused_cli(const struct opt_spec *s)
{
	if (s->refusal && s->refusal->cli) {
		fputs(_(s->refusal->cli), stderr);
		return;
	}
	char what[64], msg[160];
	snprintf(what, sizeof what, "--%s", s->name);
	opt_describe_refusal(s, what, msg, sizeof msg);
	fprintf(stderr, "wicket: %s\n", msg);
}

int app_options_parse(struct app_options *o, int argc, char **argv)
{
	struct option longopts[OPTIONS_COUNT + 1];
	char shortopts[2 * OPTIONS_COUNT + 2];
	opt_getopt_tables(options_table, OPTIONS_COUNT, longopts, shortopts);
	int c;
	while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		const struct opt_spec *s = opt_find_id(options_table, OPTIONS_COUNT, c);
		if (!s) {
			fprintf(stderr, c == ':' ? _("wicket: option '%s' needs a value\n") :
					_("wicket: unknown option '%s'\n"), argv[optind - 1]);
			fprintf(stderr, _("Try '%s --help'.\n"), "wicket");
			return -1;
		}
		if (s->type == OPT_ACTION) {
			if (options_action(o, c, optarg))
				return 1;
		} else if (opt_set(s, &o->given, optarg)) {
			options_refused_cli(s);
			return -1;
		} else {
			o->given_mask |= options_bit(s);
		}
	}
	if (optind < argc) {
		fprintf(stderr, _("wicket: unexpected argument '%s'\n"), argv[optind]);
		return -1;
	}
	return 0;
}

int app_options_file_setting(struct app_config *cfg, const char *key, const char *value,
			     char *msg, size_t len)
{
	if (!*value) {
		snprintf(msg, len, "'%s' needs a value", key);
		return -1;
	}
	const struct opt_spec *s = opt_find_key(options_table, OPTIONS_COUNT, key);
	if (!s) {
		snprintf(msg, len, "unknown setting '%s'", key);
		return -1;
	}
	if (opt_set(s, cfg, value)) {
		if (s->refusal && s->refusal->file)
			snprintf(msg, len, "%s", s->refusal->file);
		else
			opt_describe_refusal(s, key, msg, len);
		return -1;
	}
	return 0;
}

/* The environment's settings, but for those the command line gives (it
 * wins, and a variable it overrides is not even checked). */
static int options_env(struct app_options *o, char *err, size_t errlen)
{
	for (size_t i = 0; i < OPTIONS_COUNT; i++) {
		const struct opt_spec *s = &options_table[i];
		const char *v = s->env ? getenv(s->env) : NULL;
		if (!v || !*v || (o->given_mask & options_bit(s)))
			continue;
		if (opt_set(s, &o->cfg, v)) {
			if (s->refusal && s->refusal->env)
				snprintf(err, errlen, "%s", _(s->refusal->env));
			else
				opt_describe_refusal(s, s->env, err, errlen);
			return -1;
		}
	}
	return 0;
}

/* $XDG_STATE_HOME/wicket/SUB, or ~/.local/state/wicket/SUB (malloc'd). */
static char *options_state_dir(const char *sub)
{
	const char *state = getenv("XDG_STATE_HOME"), *home = getenv("HOME");
	return state && *state ? xasprintf("%s/wicket/%s", state, sub) :
	       xasprintf("%s/.local/state/wicket/%s", home ? home : ".", sub);
}

/* The directories no layer named: under the state directory. */
static void options_state_dirs(struct app_config *cfg)
{
	if (!cfg->paper_dir)
		cfg->paper_dir = options_state_dir("papers");
	if (!cfg->journal_dir)
		cfg->journal_dir = options_state_dir("journal");
	if (!cfg->report_dir)
		cfg->report_dir = options_state_dir("reports");
	if (!cfg->session_dir)
		cfg->session_dir = options_state_dir("sessions");
}

/* The first line of path, without its newline, into *out (malloc'd; the
 * old password wiped).  Returns 0 or -1 with errno. */
static int options_read_password(const char *path, char **out)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return -1;
	char line[512] = "";
	if (!fgets(line, sizeof line, f))
		line[0] = '\0';
	fclose(f);
	line[strcspn(line, "\r\n")] = '\0';
	if (*out) {
		memset(*out, 0, strlen(*out));
		free(*out);
	}
	*out = xstrdup(line);
	memset(line, 0, sizeof line);
	return 0;
}

int app_options_settle(struct app_options *o, char *err, size_t errlen)
{
	struct app_config *cfg = &o->cfg;
	cfg->ready_fd = -1;
	for (size_t i = 0; i < OPTIONS_COUNT; i++)
		if (options_table[i].def)
			opt_set(&options_table[i], cfg, options_table[i].def);
	char *path = o->config_path ? xstrdup(o->config_path) : app_config_default_path();
	int rc = app_config_load(cfg, path, err, errlen);
	free(path);
	if (rc || options_env(o, err, errlen))
		return -1;
	for (size_t i = 0; i < OPTIONS_COUNT; i++)
		if (o->given_mask & options_bit(&options_table[i]))
			opt_take(&options_table[i], cfg, &o->given);
	options_state_dirs(cfg);
	/* Better said now than as a TLS failure at every request. */
	if (cfg->cacert && access(cfg->cacert, R_OK) != 0) {
		snprintf(err, errlen, _("cannot read the CA certificate file %s: %s"), cfg->cacert,
			 strerror(errno));
		return -1;
	}
	if (o->password_file && options_read_password(o->password_file, &cfg->password)) {
		snprintf(err, errlen, _("cannot read the password file %s: %s"), o->password_file,
			 strerror(errno));
		return -1;
	}
	return 0;
}

void app_options_free(struct app_options *o)
{
	app_config_free(&o->cfg);
	app_config_free(&o->given);
}
