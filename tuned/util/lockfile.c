// SPDX-License-Identifier: GPL-2.0-or-later
#include "util/lockfile.h"
#include "util/buf.h"
#include "util/path.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

#define LOCK_POLL_MS 50

/* /proc/PID/comm is the executable's name cut to 15 bytes (TASK_COMM_LEN). */
static bool is_nettuned(long pid)
{
	struct nt_buf b = { 0 };
	char path[64];
	bool yes = false;

	if (path_printf(path, sizeof(path), "/proc/%ld/comm", pid) == 0 &&
	    buf_read_at(&b, AT_FDCWD, path) > 0)
		yes = !strcmp(b.data, "nettuned\n");
	buf_free(&b);
	return yes;
}

/*
 * The PID /proc/locks gives for a granted flock on @st's inode, 0 when
 * none. Lines read "1: FLOCK  ADVISORY  WRITE 1234 08:01:655361 0 EOF"
 * (fs/locks.c lock_get_status(): device as major:minor in hex); waiters
 * are listed with "->" and skipped.
 */
static long flock_pid(const struct stat *st)
{
	struct nt_buf b = { 0 };
	long found = 0;

	if (buf_read_at(&b, AT_FDCWD, "/proc/locks") <= 0) {
		buf_free(&b);
		return 0;
	}
	for (char *line = b.data; line && *line && !found;) {
		char *next = strchr(line, '\n'), type[16];
		unsigned int maj, min;
		unsigned long ino;
		long pid;

		if (next)
			*next++ = '\0';
		if (sscanf(line, "%*d: %15s %*s %*s %ld %x:%x:%lu", type, &pid, &maj, &min, &ino) ==
			    5 &&
		    !strcmp(type, "FLOCK") && ino == st->st_ino && makedev(maj, min) == st->st_dev)
			found = pid;
		line = next;
	}
	buf_free(&b);
	return found;
}

void lockfile_holder(int fd, char *out, size_t size)
{
	struct stat st;
	long pid = fstat(fd, &st) == 0 ? flock_pid(&st) : 0;

	if (pid > 0 && pid != getpid() && is_nettuned(pid))
		snprintf(out, size, "pid %ld", pid);
	else
		snprintf(out, size, "a process nettuned cannot name");
}

int lockfile_lock(int fd, const char *what, double wait_s, char *err, size_t errlen)
{
	struct timespec pause = { 0, LOCK_POLL_MS * 1000000L };
	long tries = (long)(wait_s * 1000 / LOCK_POLL_MS);
	char holder[64];

	while (flock(fd, LOCK_EX | LOCK_NB)) {
		int r = -errno;

		if (r != -EWOULDBLOCK) {
			snprintf(err, errlen, "cannot lock %s: %s", what, strerror(-r));
			return r;
		}
		if (tries-- <= 0) {
			lockfile_holder(fd, holder, sizeof(holder));
			snprintf(err, errlen, "%s is held by another nettuned (%s)%s", what, holder,
				 wait_s > 0 ? "; gave up waiting" : "");
			return r;
		}
		nanosleep(&pause, NULL);
	}
	return 0;
}

int lockfile_take(int dirfd, const char *dir, const char *name, double wait_s, char *err,
		  size_t errlen)
{
	char what[PATH_MAX];
	int fd, r;

	snprintf(what, sizeof(what), "%s/%s", dir, name);
	fd = openat(dirfd, name, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0) {
		r = -errno;
		snprintf(err, errlen, "cannot open %s: %s", what, strerror(-r));
		return r;
	}
	r = lockfile_lock(fd, what, wait_s, err, errlen);
	if (r < 0) {
		close(fd);
		return r;
	}
	return fd;
}
