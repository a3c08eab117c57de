// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * One daemon per host. Two daemons on one state directory would each keep
 * their own cooldowns and hourly budget and raise the same knob in turn
 * (seen: 300 -> 600 by one, 600 -> 900 by the other, then a "manual"
 * entry); two on one runtime directory overwrite each other's status and
 * share one pause flag. So a daemon, of any mode, holds a flock on both
 * directories for its whole life, and a second one refuses to start. The
 * lock that `apply` and `rollback` take for one change is on a file in
 * the state directory (DIR/lock, state/lock.c), so they still run beside
 * a daemon.
 */
#include "daemon/daemon.h"
#include "util/lockfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/*
 * Locks directory @dir itself (flock works on a directory's descriptor),
 * so that taking it writes nothing there: a dry run leaves the state
 * directory as it was. @create: the daemon's own directory, made when
 * missing (mode 0700). The locked descriptor goes to @out.
 */
static int hold(const char *dir, const char *what, const char *option, bool create, int *out,
		char *err, size_t errlen)
{
	char why[PATH_MAX + 128], name[PATH_MAX + 32];
	int dirfd, r;

	if (create && mkdir(dir, 0700) < 0 && errno != EEXIST) {
		snprintf(err, errlen, "cannot create %s %s: %s", what, dir, strerror(errno));
		return -errno;
	}
	dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dirfd < 0) {
		snprintf(err, errlen, "cannot open %s %s: %s", what, dir, strerror(errno));
		return -errno;
	}
	snprintf(name, sizeof(name), "%s %s", what, dir);
	r = lockfile_lock(dirfd, name, 0, why, sizeof(why));
	if (r == -EWOULDBLOCK) {
		snprintf(err, errlen, "%s: one daemon per %s (give this one another %s)", why, what,
			 option);
		r = -EBUSY;
	} else if (r < 0) {
		snprintf(err, errlen, "%s", why);
	}
	if (r < 0) {
		close(dirfd);
		return r;
	}
	*out = dirfd;
	return 0;
}

int instance_lock(struct nt_daemon *d, char *err, size_t errlen)
{
	int r = hold(d->o.state_dir, "state directory", "--state-dir", true, &d->state_dirfd, err,
		     errlen);

	if (r < 0)
		return r;
	/* runtime_prepare() made it, with the owner and mode it checks */
	return hold(d->o.runtime_dir, "runtime directory", "--runtime-dir", false,
		    &d->runtime_dirfd, err, errlen);
}

void instance_unlock(struct nt_daemon *d)
{
	/* closing the last descriptor of a directory releases its flock */
	if (d->runtime_dirfd >= 0)
		close(d->runtime_dirfd);
	if (d->state_dirfd >= 0)
		close(d->state_dirfd);
	d->runtime_dirfd = d->state_dirfd = -1;
}
