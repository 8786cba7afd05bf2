#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "app_int.h"
#include "wicket/client/app.h"
#include "wicket/common/buf.h"
#include "wicket/core/date.h"
#include "wicket/common/i18n.h"
#include "wicket/common/xalloc.h"

/* The one-time notice (一次性告知书) as a printable text file: everything the
 * applicant still has to bring, in one go, so that one more visit is enough. */

int app_mkdirs(const char *dir)
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

/* Create dir/name exclusively and write data to it; 0, or -1 with errno
 * set (EEXIST when it is there already: nothing of it is touched). */
static int notice_create(const char *path, const char *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		return -1;
	FILE *f = fdopen(fd, "w");
	if (!f) {
		int saved = errno;
		close(fd);
		unlink(path);
		errno = saved;
		return -1;
	}
	bool ok = fwrite(data, 1, len, f) == len;
	int saved = errno;
	if (fclose(f) != 0 && ok) {
		ok = false;
		saved = errno;
	}
	if (!ok) {
		unlink(path);
		errno = saved;
		return -1;
	}
	return 0;
}

char *app_write_file(const char *dir, const char *name, const char *data, size_t len)
{
	if (!dir || app_mkdirs(dir))
		return NULL;
	/* A paper is never overwritten: name, then name-2.ext, name-3.ext... */
	const char *dot = strrchr(name, '.');
	int stem = dot && dot != name ? (int)(dot - name) : (int)strlen(name);
	for (int n = 1; n < 1000; n++) {
		char *path = n == 1 ? xasprintf("%s/%s", dir, name)
				    : xasprintf("%s/%.*s-%d%s", dir, stem, name, n, name + stem);
		if (notice_create(path, data, len) == 0)
			return path;
		int saved = errno;
		free(path);
		if (saved != EEXIST) {
			errno = saved;
			return NULL;
		}
	}
	errno = EEXIST;
	return NULL;
}

static void notice_text(struct buf *b, const struct m_case *k, const struct m_matter *g,
			int window_no, const char *clerk, const char *drill, int32_t today)
{
	char date[64];
	/* A drill's paper must never pass for a real one. */
	if (drill)
		buf_printf(b, _("[DRILL %s] For training only: not a valid notice.\n\n"), drill);
	buf_printf(b, "%s\n\n", _("ONE-TIME NOTICE OF MISSING MATERIALS"));
	buf_printf(b, _("Case number: %s\n"), k->number);
	buf_printf(b, _("Matter: %s (%s)\n"), g->name, g->code);
	buf_printf(b, _("Applicant: %s\n"), k->applicant_name);
	buf_printf(b, _("Window: %d   Clerk: %s\n"), window_no, clerk ? clerk : "");
	/* The hall's day by the server's clock, not the PC's. */
	if (today > 0) {
		view_date_words(today, date, sizeof date);
		buf_printf(b, _("Date: %s\n"), date);
	}
	buf_printf(b, "\n%s\n", _("Your application cannot be accepted yet. Please bring ALL of the following:"));
	for (size_t i = 0; i < k->nmissing_materials; i++) {
		const struct m_material *m = &k->missing_materials[i];
		/* TRANSLATORS: a missing material on the paper: its number, name, form and copies. */
		buf_printf(b, _("  %zu. %s (%s ×%d)\n"), i + 1, m->name, view_form_label(m->form),
			   m->copies);
		if (m->note && *m->note)
			buf_printf(b, "     %s\n", m->note);
	}
	if (g->kind == MK_PROMISED)
		buf_printf(b, "\n%s\n", _("The promised time limit starts on the day the materials are complete."));
	buf_printf(b, _("Legal basis: %s\n"), g->legal_basis);
	buf_printf(b, _("Fee: %s\n"), g->fee);
	if (drill)
		buf_printf(b, _("\n[DRILL %s] For training only: not a valid notice.\n"), drill);
}

char *notice_write(const char *dir, const struct m_case *k, const struct m_matter *g,
		   int window_no, const char *clerk, const char *drill, int32_t today)
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
	notice_text(&b, k, g, window_no, clerk, drill, today);
	/* A drill's case numbers restart at 0001: its papers have a folder of
	 * their own, so they can never be taken for, or collide with, the
	 * hall's. */
	char *sub = drill ? xasprintf("%s/drills/%s", dir, drill) : NULL;
	char *path = app_write_file(sub ? sub : dir, name, b.data ? b.data : "", b.len);
	free(sub);
	buf_free(&b);
	return path;
}
