#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wicket/client/app.h"
#include "wicket/client/options.h"
#include "wicket/common/buf.h"
#include "wicket/common/i18n.h"
#include "wicket/net/url.h"
#include "wicket/common/xalloc.h"

/* ~/.config/wicket/config: one setting a line (wicket.conf(5)), looked up
 * in the option table (options.c).  The same "bind" lines as the
 * compiled-in defaults go to the keymap. */

char *app_config_default_path(void)
{
	const char *xdg = getenv("XDG_CONFIG_HOME");
	if (xdg && *xdg)
		return xasprintf("%s/wicket/config", xdg);
	const char *home = getenv("HOME");
	return xasprintf("%s/.config/wicket/config", home && *home ? home : ".");
}

bool app_drill_code_ok(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > 16)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]))
			return false;
	return true;
}

/* One "name value" line; returns 0 or -1 with a message.  The settings
 * are the option table's (options.c); "bind" lines are the keymap's. */
static int config_line(struct app_config *cfg, char *name, char *value, char *msg, size_t len)
{
	if (strcmp(name, "bind") == 0)
		return keymap_bind(cfg->km, value, msg, len);
	return app_options_file_setting(cfg, name, value, msg, len);
}

static int config_parse(struct app_config *cfg, const char *path, const char *text,
			char *err, size_t errlen)
{
	int lineno = 0;
	const char *p = text;
	while (*p) {
		size_t n = strcspn(p, "\n");
		char *line = xstrndup(p, n), msg[200] = "";
		lineno++;
		line[strcspn(line, "#\r")] = '\0';
		char *name = line;
		while (isspace((unsigned char)*name))
			name++;
		char *value = name + strcspn(name, " \t");
		if (*value)
			*value++ = '\0';
		while (isspace((unsigned char)*value))
			value++;
		for (char *e = value + strlen(value); e > value && isspace((unsigned char)e[-1]);)
			*--e = '\0';
		int rc = *name ? config_line(cfg, name, value, msg, sizeof msg) : 0;
		free(line);
		if (rc) {
			snprintf(err, errlen, "%s:%d: %s", path, lineno, msg);
			return -1;
		}
		p += n;
		if (*p)
			p++;
	}
	return 0;
}

int app_config_load(struct app_config *cfg, const char *path, char *err, size_t errlen)
{
	if (!cfg->km)
		cfg->km = keymap_new();
	struct buf b = BUF_INIT;
	if (!path || buf_read_file(&b, path, 1024 * 1024)) {
		if (!path || errno == ENOENT)
			return 0;   /* no file: the defaults */
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	int rc = config_parse(cfg, path, buf_str(&b), err, errlen);
	buf_free(&b);
	return rc;
}

const char *app_password_refusal(const char *server, bool insecure_http)
{
	switch (url_route(server)) {
	case URL_BAD:
		return _("The server address must start with http:// or https://.");
	case URL_HTTP_REMOTE:
		if (!insecure_http)
			return _("Password not sent: plain http to another machine is unencrypted. "
				 "Use https://, or --insecure-http on a trusted network.");
		return NULL;
	case URL_HTTPS:
	case URL_HTTP_LOOPBACK:
		return NULL;
	}
	return NULL;
}

void app_config_free(struct app_config *cfg)
{
	free(cfg->server);
	free(cfg->user);
	if (cfg->password) {
		/* Do not leave the password lying in freed memory. */
		memset(cfg->password, 0, strlen(cfg->password));
		free(cfg->password);
	}
	free(cfg->paper_dir);
	free(cfg->printer);
	free(cfg->journal_dir);
	free(cfg->session_dir);
	free(cfg->report_dir);
	free(cfg->cacert);
	free(cfg->drill);
	free(cfg->hall);
	free(cfg->zone);
	free(cfg->voice_name);
	free(cfg->voice_wav_dir);
	free(cfg->voice_device);
	keymap_free(cfg->km);
	memset(cfg, 0, sizeof *cfg);
}
