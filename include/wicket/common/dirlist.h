/* dirlist.h - the names in a folder that end in a suffix, sorted: how the
 * programs find their data files (the server's calendar *.txt and drill
 * *.json files), in the same order on every machine. */
#ifndef WICKET_DIRLIST_H
#define WICKET_DIRLIST_H

#include <stddef.h>

/* The names found; owned by the struct, released with dirlist_free(). */
struct dirlist {
	char **names;   /* sorted by strcmp (byte order, not the locale's) */
	size_t n;
};

/* Fill dl with the names of the entries of the folder dir that end in
 * suffix, are longer than it, and do not start with '.' (hidden files,
 * editors' back-ups).  Only names: an entry may be a folder.  Returns 0
 * (dl->n may be 0), or -1 with errno set when dir cannot be read; dl is
 * then empty.  Free dl with dirlist_free() either way. */
int dirlist_read(struct dirlist *dl, const char *dir, const char *suffix);
/* Release the names of dl; dl is empty afterwards. */
void dirlist_free(struct dirlist *dl);

#endif
