/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A growable byte buffer that is reused from one sample cycle to the next. */
#ifndef NT_BUF_H
#define NT_BUF_H

#include <stddef.h>

struct nt_buf {
	char *data;
	size_t len;
	size_t cap;
	int err; /* buf_appendf: the first failure since len was set to 0 */
};

/* Ensures room for @need bytes plus a terminating NUL. 0 or -ENOMEM. */
int buf_reserve(struct nt_buf *b, size_t need);
void buf_free(struct nt_buf *b);

/*
 * Reads the whole file @path (relative to directory @dirfd) into @b,
 * NUL-terminated. Returns the length or a negative errno. procfs and sysfs
 * files report st_size 0 or 4096, so read until EOF rather than trusting it.
 */
long buf_read_at(struct nt_buf *b, int dirfd, const char *path);
/* Appends printf output at b->len (kept NUL-terminated). 0 or -ENOMEM,
 * which also stays in b->err, so a writer can check once at the end. */
int __attribute__((format(printf, 2, 3))) buf_appendf(struct nt_buf *b, const char *fmt, ...);
long buf_read_fd(struct nt_buf *b, int fd);
/* The whole file again from offset 0, whatever was read before (pread). */
long buf_pread_fd(struct nt_buf *b, int fd);

#endif
