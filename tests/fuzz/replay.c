/* replay.c - feed saved inputs to a fuzz target without libFuzzer, so that
 * `make check` (and the sanitizer build) replays every corpus file: the
 * seeds and the reproducers of crashes that were fixed.
 *
 *     replay_<target> [DIR-OR-FILE...]
 *
 * Without arguments it replays $WICKET_FUZZ_CORPUS/<target>, <target> being
 * FUZZ_TARGET from the build.  Speaks TAP: "1..N", then "ok I FILE" after
 * each input; a broken property or a sanitizer report aborts the run, and
 * the last "# FILE" line names the input that did it.  A missing or empty
 * corpus directory is a failure ("not ok"), never a skip: a corpus lost in
 * a move would otherwise replay nothing and pass. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "wicket/common/buf.h"
#include "wicket/common/xalloc.h"

#include "fuzz.h"

#ifndef FUZZ_TARGET
#error "build with -DFUZZ_TARGET='\"name\"' (the corpus directory's name)"
#endif

#define REPLAY_MAX_INPUT (1024 * 1024)

/* A target without set-up does not define it. */
#pragma weak LLVMFuzzerInitialize

struct replay_list {
	char **paths;
	size_t n, cap;
};

static void replay_add(struct replay_list *l, char *path)
{
	if (l->n == l->cap)
		l->paths = xreallocarray(l->paths, l->cap = l->cap ? 2 * l->cap : 64, sizeof *l->paths);
	l->paths[l->n++] = path;
}

static int replay_skip_dot(const struct dirent *e)
{
	return e->d_name[0] != '.';
}

/* Add path, or the files of directory path in name order.  Returns 0, or
 * -1 (said on stderr) when path is missing or a directory with no files. */
static int replay_collect(struct replay_list *l, const char *path)
{
	struct stat st;
	if (stat(path, &st)) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		replay_add(l, xstrdup(path));
		return 0;
	}
	struct dirent **names;
	int n = scandir(path, &names, replay_skip_dot, alphasort);
	if (n < 0) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		return -1;
	}
	for (int i = 0; i < n; i++) {
		replay_add(l, xasprintf("%s/%s", path, names[i]->d_name));
		free(names[i]);
	}
	free(names);
	if (n == 0) {
		fprintf(stderr, "replay: %s: an empty corpus\n", path);
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct replay_list l = { 0 };
	int rc = 0;
	if (argc > 1) {
		for (int i = 1; i < argc; i++)
			rc |= replay_collect(&l, argv[i]);
	} else {
		const char *top = getenv("WICKET_FUZZ_CORPUS");
		char *dir = xasprintf("%s/%s", top ? top : "tests/fuzz/corpus", FUZZ_TARGET);
		rc = replay_collect(&l, dir);
		free(dir);
	}
	if (rc || l.n == 0) {
		printf("1..1\nnot ok 1 - a corpus missing or empty (see the log's stderr)\n");
		for (size_t i = 0; i < l.n; i++)
			free(l.paths[i]);
		free(l.paths);
		return 1;
	}
	if (LLVMFuzzerInitialize)
		LLVMFuzzerInitialize(&argc, &argv);
	printf("1..%zu\n", l.n);
	for (size_t i = 0; i < l.n; i++) {
		struct buf b = BUF_INIT;
		printf("# %s\n", l.paths[i]);
		fflush(stdout);
		if (buf_read_file(&b, l.paths[i], REPLAY_MAX_INPUT)) {
			printf("not ok %zu %s (%s)\n", i + 1, l.paths[i], strerror(errno));
			rc = 1;
		} else {
			/* A copy of exactly its size, so that ASan sees a read past the end. */
			uint8_t *data = xmalloc(b.len ? b.len : 1);
			if (b.len)
				memcpy(data, b.data, b.len);
			LLVMFuzzerTestOneInput(data, b.len);
			free(data);
			printf("ok %zu %s\n", i + 1, l.paths[i]);
		}
		buf_free(&b);
		free(l.paths[i]);
	}
	free(l.paths);
	return rc;
}
