/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Shared by the fuzz targets (README.md here): the libFuzzer entry points,
 * inputs made of several files, and the checks every target makes on what
 * a parser gave back. A check that fails calls fz_fail(), which aborts:
 * libFuzzer (and the replay driver, replay.c) report it like a crash.
 */
#ifndef NT_FUZZ_H
#define NT_FUZZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/snapshot.h"

/* What libFuzzer calls (replay.c calls them the same way). */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* Prints "fuzz check failed: ..." and aborts. */
__attribute__((noreturn, format(printf, 1, 2))) void fz_fail(const char *fmt, ...);

#define FZ_CHECK(cond)                                                   \
	do {                                                             \
		if (!(cond))                                             \
			fz_fail("%s:%d: %s", __FILE__, __LINE__, #cond); \
	} while (0)

/* @len bytes at @data and a NUL after them (the input is not terminated). */
char *fz_strndup(const void *data, size_t len);

/*
 * Inputs holding several files: a line "--- NAME" starts file NAME, which
 * runs to the next such line (the newline before it included). Bytes
 * before the first marker are a file named "". NAME is copied NUL-
 * terminated (at most 255 bytes: a longer one is cut), the contents are
 * not: use fz_strndup().
 */
#define FZ_MAX_PARTS 512

struct fz_part {
	char name[256];
	const char *data;
	size_t len;
};

/* Splits @data; the number of parts (at most @max). */
size_t fz_split(const uint8_t *data, size_t size, struct fz_part *parts, size_t max);

/*
 * Writes the parts as a directory tree under @root (created, emptied
 * first): NAME is a path relative to it; one ending in '/' is a directory.
 * Names that would leave @root ("..", absolute, empty components) are
 * skipped. Returns the number of entries written.
 */
size_t fz_tree_write(const char *root, const struct fz_part *parts, size_t n);
/* Removes @root and everything below it. */
void fz_tree_remove(const char *root);

/*
 * The snapshot is whole: indices in range, strings terminated, arrays
 * within their capacity, IRQs sorted, NAPI instances and drop reasons
 * sorted without duplicates.
 */
void fz_check_snapshot(const struct nt_snapshot *s);

/*
 * Every rate between @a and @b that the views and the engine compute is
 * finite, not negative and within the README's bounds (rates.h).
 */
void fz_check_rates(const struct nt_snapshot *a, const struct nt_snapshot *b);

/* Lines of @len bytes of text, as inih numbers them (1 + newlines). */
size_t fz_count_lines(const char *text, size_t len);

/*
 * Each message of @d is "FILE:LINE: TEXT" for one of @files, with LINE
 * from 1 to that file's @lines, or "FILE: TEXT" about the whole file.
 */
struct nt_diag;
void fz_check_diag(const struct nt_diag *d, const char *const *files, const size_t *lines,
		   size_t nfiles);

#endif
