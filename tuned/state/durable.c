// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The write protocol of the state directory's files: a temporary file,
 * fsync, rename(2) over the name (atomic: a reader sees the old file or
 * the new one), then fsync of the directory, without which ext4 and xfs
 * may lose the rename in a crash and bring the old file back.
 */
#include "state/state.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "util/path.h"

int state_write_durably(int dirfd, const char *dir, const char *name, const char *text, size_t len,
			char *err, size_t errlen)
{
	char tmp[NAME_MAX + 1];
	ssize_t w = 0;
	int fd, r = 0;

	if (path_printf(tmp, sizeof(tmp), "%s.tmp", name))
		return -ENAMETOOLONG;
	fd = openat(dirfd, tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0) {
		r = -errno;
		goto fail;
	}
	for (size_t done = 0; done < len && !r; done += (size_t)w) {
		w = write(fd, text + done, len - done);
		if (w < 0 && errno != EINTR)
			r = -errno;
		else if (w < 0)
			w = 0;
	}
	if (!r && fsync(fd))
		r = -errno;
	if (close(fd) && !r)
		r = -errno;
	if (!r && (renameat(dirfd, tmp, dirfd, name) || fsync(dirfd)))
		r = -errno;
	if (!r)
		return 0;
fail:
	snprintf(err, errlen, "cannot write %s/%s: %s", dir, tmp, strerror(-r));
	unlinkat(dirfd, tmp, 0);
	return r;
}
