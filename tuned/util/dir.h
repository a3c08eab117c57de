/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Directory listing without allocation in steady state: getdents64 into a
 * reusable buffer (opendir() mallocs a DIR and its buffer on every call).
 * The whole listing is read first, so a caller may list another directory
 * with a second buffer while walking this one.
 */
#ifndef NT_DIR_H
#define NT_DIR_H

#include <stdbool.h>
#include <stddef.h>

#include "util/buf.h"

struct nt_dirent {
	const char *name;
	unsigned char type; /* DT_DIR, DT_REG, DT_LNK, DT_UNKNOWN ... */
};

/* Reads every entry of @path (relative to @dirfd) into @b. 0 or -errno. */
int dir_read(struct nt_buf *b, int dirfd, const char *path);

/* Walks what dir_read() stored: *pos starts at 0; false at the end.
 * "." and ".." are skipped. */
bool dir_next(const struct nt_buf *b, size_t *pos, struct nt_dirent *out);

#endif
