/* dirlist.c - a folder's names with a suffix, sorted (dirlist.h). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "wicket/common/dirlist.h"
#include "wicket/common/xalloc.h"

static bool dirlist_wanted(const char *name, const char *suffix)
{
	size_t n = strlen(name), k = strlen(suffix);
	return name[0] != '.' && n > k && strcmp(name + n - k, suffix) == 0;
}

static int dirlist_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int dirlist_read(struct dirlist *dl, const char *dir, const char *suffix)
{
	DIR *d = opendir(dir);
	dl->names = NULL;
	dl->n = 0;
	if (!d)
		return -1;
	/* readdir returns NULL at the end and on an error: errno tells which. */
	errno = 0;
	for (struct dirent *de; (de = readdir(d)) != NULL; errno = 0) {
		if (!dirlist_wanted(de->d_name, suffix))
			continue;
		dl->names = xreallocarray(dl->names, dl->n + 1, sizeof *dl->names);
		dl->names[dl->n++] = xstrdup(de->d_name);
	}
	int e = errno;
	closedir(d);
	if (e) {
		dirlist_free(dl);
		errno = e;
		return -1;
	}
	if (dl->n > 0)
		qsort(dl->names, dl->n, sizeof *dl->names, dirlist_cmp);
	return 0;
}

void dirlist_free(struct dirlist *dl)
{
	for (size_t i = 0; i < dl->n; i++)
		free(dl->names[i]);
	free(dl->names);
	dl->names = NULL;
	dl->n = 0;
}
