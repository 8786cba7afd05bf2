/* calendar_dir.c - reading the calendar's files for the core to parse
 * (calendar_dir.h): one file, or a folder of them all or nothing. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "wicket/common/buf.h"
#include "wicket/common/dirlist.h"
#include "wicket/common/xalloc.h"
#include "wicket/server/calendar_dir.h"

/* Read path and add it to batch b.  Returns 0, or -1 with err filled. */
static int caldir_add_file(struct cal_batch *b, const char *path, struct cal_error *err)
{
	struct buf text = BUF_INIT;
	int rc = buf_read_file(&text, path, SRV_CALENDAR_FILE_MAX);
	if (rc == BUF_READ_OPEN)
		rc = cal_error_set(err, path, 0, "cannot open: %s", strerror(errno));
	else if (rc && errno == EFBIG)
		rc = cal_error_set(err, path, 0, "file is larger than %d bytes", SRV_CALENDAR_FILE_MAX);
	else if (rc)
		rc = cal_error_set(err, path, 0, "cannot read: %s", strerror(errno));
	else
		rc = cal_batch_add(b, path, buf_str(&text), text.len, err);
	buf_free(&text);
	return rc;
}

int srv_calendar_load_file(struct calendar *cal, const char *path, struct cal_error *err)
{
	struct cal_batch *b = cal_batch_new(cal);
	if (caldir_add_file(b, path, err)) {
		cal_batch_free(b);
		return -1;
	}
	cal_batch_commit(b);
	return 0;
}

int srv_calendar_load_dir(struct calendar *cal, const char *dir, struct cal_error *err)
{
	struct dirlist dl;
	if (dirlist_read(&dl, dir, ".txt"))
		return cal_error_set(err, dir, 0, "cannot open directory: %s", strerror(errno));
	if (dl.n == 0) {
		dirlist_free(&dl);
		return cal_error_set(err, dir, 0, "no *.txt calendar files in the directory");
	}
	/* One file in memory at a time; the first error stops the loading. */
	struct cal_batch *b = cal_batch_new(cal);
	int rc = 0;
	for (size_t i = 0; i < dl.n && rc == 0; i++) {
		char *path = xasprintf("%s/%s", dir, dl.names[i]);
		rc = caldir_add_file(b, path, err);
		free(path);
	}
	dirlist_free(&dl);
	if (rc) {
		cal_batch_free(b);
		return -1;
	}
	cal_batch_commit(b);
	return 0;
}
