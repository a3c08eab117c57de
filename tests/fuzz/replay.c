// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Runs a fuzz target over files, without libFuzzer: every file named, and
 * every file in every directory named (in name order), once each. Built
 * with the project's compiler in every build, so the regression corpus
 * (regress/TARGET/) is replayed as an ordinary test, under ASan and UBSan
 * in the sanitizer build. A failed check or a sanitizer report aborts.
 */
#include "fuzz.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "util/buf.h"

static int run_file(const char *path)
{
	struct nt_buf b = { 0 };
	long n = buf_read_at(&b, AT_FDCWD, path);

	if (n < 0) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror((int)-n));
		return -1;
	}
	printf("replay: %s (%ld bytes)\n", path, n);
	fflush(stdout);
	/* a copy of exactly n bytes, so ASan sees a read past the input */
	{
		uint8_t *copy = malloc(n ? (size_t)n : 1);

		if (!copy)
			return -1;
		memcpy(copy, b.data, (size_t)n);
		LLVMFuzzerTestOneInput(copy, (size_t)n);
		free(copy);
	}
	buf_free(&b);
	return 0;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

static int run_dir(const char *dir, size_t *count)
{
	struct dirent **list;
	int n = scandir(dir, &list, NULL, by_name), ret = 0;

	if (n < 0) {
		fprintf(stderr, "replay: %s: %s\n", dir, strerror(errno));
		return -1;
	}
	for (int i = 0; i < n; i++) {
		char path[4096];
		struct stat st;

		snprintf(path, sizeof(path), "%s/%s", dir, list[i]->d_name);
		if (list[i]->d_name[0] != '.' && stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
			if (run_file(path) < 0)
				ret = -1;
			(*count)++;
		}
		free(list[i]);
	}
	free(list);
	return ret;
}

int main(int argc, char **argv)
{
	size_t count = 0;
	int ret = 0;

	if (LLVMFuzzerInitialize(&argc, &argv) != 0) {
		fprintf(stderr, "replay: the target's initialisation failed\n");
		return 1;
	}
	for (int i = 1; i < argc; i++) {
		struct stat st;

		if (stat(argv[i], &st) < 0) {
			fprintf(stderr, "replay: %s: %s\n", argv[i], strerror(errno));
			ret = 1;
		} else if (S_ISDIR(st.st_mode)) {
			ret |= run_dir(argv[i], &count) < 0;
		} else {
			ret |= run_file(argv[i]) < 0;
			count++;
		}
	}
	printf("replay: %zu inputs, all passed the checks\n", count);
	return ret;
}
