// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Opening the state directory: create it, lock it, load the file. The lock
 * is flock(2) on DIR/lock, released by the kernel when the process dies,
 * so a SIGKILLed apply never leaves a stale lock behind. The holder writes
 * its PID there so that a waiting command can say who it waits for.
 */
#include "state/state.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "util/buf.h"
#include "util/parse.h"

#define LOCK_POLL_MS 50

static long holder_pid(int dirfd)
{
	struct nt_buf b = { 0 };
	int64_t pid = 0;

	if (buf_read_at(&b, dirfd, NT_STATE_LOCK) > 0)
		parse_i64(b.data, &pid);
	buf_free(&b);
	return (long)pid;
}

static int take_lock(struct nt_state *s, double wait_s, char *err, size_t errlen)
{
	struct timespec pause = { 0, LOCK_POLL_MS * 1000000L };
	long tries = (long)(wait_s * 1000 / LOCK_POLL_MS);
	char pid[32];
	int n;

	s->lockfd = openat(s->dirfd, NT_STATE_LOCK, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (s->lockfd < 0) {
		snprintf(err, errlen, "cannot open %s/%s: %s", s->dir, NT_STATE_LOCK, strerror(errno));
		return -errno;
	}
	while (flock(s->lockfd, LOCK_EX | LOCK_NB)) {
		if (errno != EWOULDBLOCK) {
			snprintf(err, errlen, "cannot lock %s/%s: %s", s->dir, NT_STATE_LOCK,
				 strerror(errno));
			return -errno;
		}
		if (tries-- <= 0) {
			snprintf(err, errlen, "%s/%s is held by another nettuned (pid %ld); "
				 "gave up after %g s", s->dir, NT_STATE_LOCK, holder_pid(s->dirfd), wait_s);
			return -EWOULDBLOCK;
		}
		nanosleep(&pause, NULL);
	}
	n = snprintf(pid, sizeof(pid), "%ld\n", (long)getpid());
	if (ftruncate(s->lockfd, 0) == 0)
		(void)!pwrite(s->lockfd, pid, (size_t)n, 0);
	return 0;
}

static int open_dir(struct nt_state *s, char *err, size_t errlen)
{
	if (mkdir(s->dir, 0700) && errno != EEXIST) {
		snprintf(err, errlen, "cannot create state directory %s: %s", s->dir, strerror(errno));
		return -errno;
	}
	s->dirfd = open(s->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (s->dirfd < 0) {
		snprintf(err, errlen, "cannot open state directory %s: %s", s->dir, strerror(errno));
		return -errno;
	}
	return 0;
}

int state_open(struct nt_state **out, const char *dir, double lock_wait_s,
	       char *err, size_t errlen)
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
