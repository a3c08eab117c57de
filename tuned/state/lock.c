// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Opening the state directory: create it, lock it, load the file. The lock
 * is flock(2) on DIR/lock, released by the kernel when the process dies,
 * so a SIGKILLed apply never leaves a stale lock behind (util/lockfile.c).
 * It is held for one change (apply, rollback, a daemon cycle's writes);
 * the daemon's own lock for its whole life is another file (daemon.lock),
 * so that apply and rollback can run beside it.
 */
#include "state/state.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/lockfile.h"

static int take_lock(struct nt_state *s, double wait_s, char *err, size_t errlen)
{
	int fd = lockfile_take(s->dirfd, s->dir, NT_STATE_LOCK, wait_s, err, errlen);

	if (fd < 0)
		return fd;
	s->lockfd = fd;
	return 0;
}

static int open_dir(struct nt_state *s, char *err, size_t errlen)
{
	if (mkdir(s->dir, 0700) && errno != EEXIST) {
		snprintf(err, errlen, "cannot create state directory %s: %s", s->dir,
			 strerror(errno));
		return -errno;
	}
	s->dirfd = open(s->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (s->dirfd < 0) {
		snprintf(err, errlen, "cannot open state directory %s: %s", s->dir,
			 strerror(errno));
		return -errno;
	}
	return 0;
}

int state_open(struct nt_state **out, const char *dir, double lock_wait_s, char *err, size_t errlen)
{
	struct nt_state *s = calloc(1, sizeof(*s));
	int r;

	*out = NULL;
	if (!s)
		return -ENOMEM;
	s->dirfd = s->lockfd = -1;
	if (snprintf(s->dir, sizeof(s->dir), "%s", dir) >= (int)sizeof(s->dir)) {
		snprintf(err, errlen, "state directory name too long");
		free(s);
		return -ENAMETOOLONG;
	}
	snprintf(s->file, sizeof(s->file), "%s/%s", s->dir, NT_STATE_FILE);
	r = open_dir(s, err, errlen);
	if (!r)
		r = take_lock(s, lock_wait_s, err, errlen);
	if (!r)
		r = state_load(s, err, errlen);
	if (r) {
		state_close(s);
		return r;
	}
	*out = s;
	return 0;
}

void state_close(struct nt_state *s)
{
	if (!s)
		return;
	/* closing the last fd of the lock file releases the flock */
	if (s->lockfd >= 0)
		close(s->lockfd);
	if (s->dirfd >= 0)
		close(s->dirfd);
	free(s->recs);
	free(s);
}
