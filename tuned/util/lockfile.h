/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * flock(2) locks. The kernel drops a flock when the last descriptor of
 * the open file goes, so a process that dies (SIGKILL, OOM, a crash)
 * never leaves a stale lock behind. The holder of a lock is asked of the
 * kernel (/proc/locks lists every flock with its PID and inode), never of
 * a PID file that could be stale, and is named only while that process
 * is alive and is nettuned (a PID is reused once its process is gone).
 */
#ifndef NT_LOCKFILE_H
#define NT_LOCKFILE_H

#include <stddef.h>

/*
 * Takes an exclusive flock on @fd (a file or a directory), waiting up to
 * @wait_s seconds (0: not at all). 0, -EWOULDBLOCK when another process
 * holds it (@err: "@what is held by ..."), or another -errno.
 */
int lockfile_lock(int fd, const char *what, double wait_s, char *err, size_t errlen);

/*
 * Opens DIRFD/NAME (created mode 0600; @dir names the directory in
 * messages) and locks it as lockfile_lock(). The descriptor that holds
 * the lock, or -errno with @err naming the file and its holder.
 */
int lockfile_take(int dirfd, const char *dir, const char *name, double wait_s, char *err,
		  size_t errlen);

/* Who holds the flock on @fd: "pid 1234" (a live nettuned), else "a process nettuned cannot name". */
void lockfile_holder(int fd, char *out, size_t size);

#endif
