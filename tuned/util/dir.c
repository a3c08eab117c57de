// SPDX-License-Identifier: GPL-2.0-or-later
#include "dir.h"
#include "cleanup.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <unistd.h>

/* struct linux_dirent64 as getdents64(2) fills it */
struct ldirent64 {
	uint64_t d_ino;
	int64_t d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
};

int dir_read(struct nt_buf *b, int dirfd, const char *path)
{
	_cleanup_close_ int fd = openat(dirfd, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	b->len = 0;
	if (fd < 0)
		return -errno;
	for (;;) {
		long n;
		int r = buf_reserve(b, b->len + 8192);

		if (r < 0)
			return r;
		n = syscall(SYS_getdents64, fd, b->data + b->len, b->cap - 1 - b->len);
		if (n < 0) {
			if (errno == EINVAL && b->cap < (1u << 24)) {
				/* buffer too small for one record: grow and retry */
				if (buf_reserve(b, b->cap * 2) < 0)
					return -ENOMEM;
				continue;
			}
			return -errno;
		}
		if (n == 0)
			return 0;
		b->len += (size_t)n;
	}
}

bool dir_next(const struct nt_buf *b, size_t *pos, struct nt_dirent *out)
{
	while (*pos < b->len) {
		const struct ldirent64 *d = (const void *)(b->data + *pos);

		*pos += d->d_reclen;
		if (d->d_name[0] == '.' &&
		    (!d->d_name[1] || (d->d_name[1] == '.' && !d->d_name[2])))
			continue;
		out->name = d->d_name;
		out->type = d->d_type;
		return true;
	}
	return false;
}
