#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "app_int.h"
#include "wicket/client/app.h"
#include "wicket/common/buf.h"
#include "wicket/core/date.h"
#include "wicket/common/i18n.h"
#include "wicket/common/xalloc.h"

/* The one-time notice (一次性告知书) as a printable text file: everything the
 * applicant still has to bring, in one go, so that one more visit is enough. */

static int notice_mkdirs(const char *dir)
{
	char *p = xstrdup(dir);
	for (char *s = p + 1; *s; s++)
		if (*s == '/') {
			*s = '\0';
			mkdir(p, 0700);
			*s = '/';
		}
	int rc = mkdir(p, 0700) == 0 || errno == EEXIST ? 0 : -1;
	free(p);
	return rc;
}

char *app_write_file(const char *dir, const char *name, const char *data, size_t len)
{
	if (!dir || notice_mkdirs(dir))
		return NULL;
	char *path = xasprintf("%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	bool ok = f && fwrite(data, 1, len, f) == len;
	int saved = errno;
	if (f && fclose(f) != 0) {
		ok = false;
		saved = errno;
	}
	if (!ok) {
		free(path);
		errno = saved;
		return NULL;
	}
	return path;
}

static void notice_text(struct buf *b, const struct m_case *k, const struct m_matter *g,
			int window_no, const char *clerk)
{
	char date[64];
	buf_printf(b, "%s\n\n", _("ONE-TIME NOTICE OF MISSING MATERIALS"));
	buf_printf(b, _("Case number: %s\n"), k->number);
	buf_printf(b, _("Matter: %s (%s)\n"), g->name, g->code);
	buf_printf(b, _("Applicant: %s\n"), k->applicant_name);
	buf_printf(b, _("Window: %d   Clerk: %s\n"), window_no, clerk ? clerk : "");
	time_t now = time(NULL);
	struct tm tm;
	date_t today;
	localtime_r(&now, &tm);
	if (date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, &today)) {
		view_date_words(today, date, sizeof date);
		buf_printf(b, _("Date: %s\n"), date);
	}
	buf_printf(b, "\n%s\n", _("Your application cannot be accepted yet. Please bring ALL of the following:"));
	for (size_t i = 0; i < k->nmissing_materials; i++) {
		const struct m_material *m = &k->missing_materials[i];
		buf_printf(b, "  %zu. %s (%s, %d)\n", i + 1, m->name, view_form_label(m->form), m->copies);
		if (m->note && *m->note)
			buf_printf(b, "     %s\n", m->note);
	}
	if (g->kind == MK_PROMISED)
		buf_printf(b, "\n%s\n", _("The promised time limit starts on the day the materials are complete."));
	buf_printf(b, _("Legal basis: %s\n"), g->legal_basis);
	buf_printf(b, _("Fee: %s\n"), g->fee);
}

char *notice_write(const char *dir, const struct m_case *k, const struct m_matter *g,
		   int window_no, const char *clerk)
{
	/* The case number is the server's: keep only safe characters in a name. */
	char safe[64];
	size_t n = 0;
	for (const char *s = k->number ? k->number : ""; *s && n < sizeof safe - 1; s++)
		safe[n++] = (*s >= '0' && *s <= '9') || (*s >= 'A' && *s <= 'Z') ||
			    (*s >= 'a' && *s <= 'z') || *s == '-' ? *s : '_';
	safe[n] = '\0';
	char name[96];
	snprintf(name, sizeof name, "notice-%s.txt", safe);
	struct buf b = BUF_INIT;
	notice_text(&b, k, g, window_no, clerk);
	char *path = app_write_file(dir, name, b.data ? b.data : "", b.len);
	buf_free(&b);
	return path;
}
