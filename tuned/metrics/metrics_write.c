// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The textfile collector reads the file whenever node_exporter is scraped,
 * so it must never see a half-written one: write a temporary file next to
 * it and rename(2) it over the old one, which replaces the name atomically
 * within one filesystem. No fsync: the file is rewritten every cycle and
 * a crash loses nothing worth the disk flush.
 */
#include "metrics/metrics.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/path.h"

static int fail(const char *path, int r, char *err, size_t errlen)
{
	if (err && errlen)
		snprintf(err, errlen, "cannot write %s: %s", path, strerror(-r));
	return r;
}

/* Prints into @fd and closes it. 0 or -errno. */
static int print_fd(int fd, const struct nt_metrics *m)
{
	FILE *f = fdopen(fd, "w");
	int r;

	if (!f) {
		r = -errno;
		close(fd);
		return r;
	}
	errno = 0;
	r = metrics_print(f, m);
	if (fclose(f) && !r)
		r = -errno;
	return r;
}

int metrics_write(const char *path, const struct nt_metrics *m, char *err, size_t errlen)
{
	char tmp[4096];
	int fd, r;

	r = path_printf(tmp, sizeof(tmp), "%s.tmp.%ld", path, (long)getpid());
	if (r)
		return fail(path, r, err, errlen);
	/* O_TRUNC: a file of that name can only be left from a crashed run */
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (fd < 0)
		return fail(path, -errno, err, errlen);
	/* the collector runs as another user, whatever our umask says */
	if (fchmod(fd, 0644)) {
		r = -errno;
		close(fd);
		goto out;
	}
	r = print_fd(fd, m);
	if (!r && rename(tmp, path))
		r = -errno;
out:
	if (r)
		unlink(tmp);
	return r ? fail(path, r, err, errlen) : 0;
}
