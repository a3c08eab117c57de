// SPDX-License-Identifier: GPL-2.0-or-later
#include "buf.h"
#include "cleanup.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int buf_reserve(struct nt_buf *b, size_t need)
{
	size_t cap;
	char *p;

	if (need + 1 <= b->cap)
		return 0;
	cap = b->cap ? b->cap : 4096;
	while (cap < need + 1)
		cap *= 2;
	p = realloc(b->data, cap);
	if (!p)
		return -ENOMEM;
	b->data = p;
	b->cap = cap;
	return 0;
}

void buf_free(struct nt_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

/* From @fd's offset, or from @from on when it is not negative (pread). */
static long read_all(struct nt_buf *b, int fd, off_t from)
{
	b->len = 0;
	for (;;) {
		ssize_t n;
		int r = buf_reserve(b, b->len + 4096);

		if (r < 0)
			return r;
		n = from < 0 ?
			    read(fd, b->data + b->len, b->cap - 1 - b->len) :
			    pread(fd, b->data + b->len, b->cap - 1 - b->len, from + (off_t)b->len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (n == 0)
			break;
		b->len += (size_t)n;
	}
	if (!b->data && buf_reserve(b, 0) < 0)
		return -ENOMEM;
	b->data[b->len] = '\0';
	return (long)b->len;
}

long buf_read_fd(struct nt_buf *b, int fd)
{
	return read_all(b, fd, -1);
}

long buf_pread_fd(struct nt_buf *b, int fd)
{
	return read_all(b, fd, 0);
}

long buf_read_at(struct nt_buf *b, int dirfd, const char *path)
{
	_cleanup_close_ int fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC | O_NOCTTY);

	if (fd < 0) {
		b->len = 0;
		return -errno;
	}
	return buf_read_fd(b, fd);
}

int buf_appendf(struct nt_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (b->err)
		return b->err;
	if (buf_reserve(b, b->len + 128) < 0)
		return b->err = -ENOMEM;
	va_start(ap, fmt);
	n = vsnprintf(b->data + b->len, b->cap - b->len, fmt, ap);
	va_end(ap);
	if (n < 0)
		return b->err = -EINVAL;
	if ((size_t)n >= b->cap - b->len) {
		if (buf_reserve(b, b->len + (size_t)n) < 0)
			return b->err = -ENOMEM;
		va_start(ap, fmt);
		vsnprintf(b->data + b->len, b->cap - b->len, fmt, ap);
		va_end(ap);
	}
	b->len += (size_t)n;
	return 0;
}
