// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The kernel files a live cycle reads every time (softnet_stat,
 * interrupts, softirqs, stat, netstat, snmp, the sysctls, the CPU lists),
 * opened once and read again from offset 0. procfs and sysfs make their
 * text anew for a read that starts at 0: seq_read_iter() (seq_read()
 * before 5.8) walks back to the first record when the position is not
 * where the last read ended, proc_sys_call_handler() formats the value
 * for position 0, and kernfs' attributes are seq_files too. So the
 * figures are as fresh as after an open, without the path walk, the file
 * allocation and the close that were a third of a quiet cycle's CPU.
 *
 * A file that does not exist is looked for again after NT_KEPT_RETRY
 * reads (isolated and nohz_full do not exist on every kernel, the core
 * sysctls not in a network namespace other than the first; 8021q may be
 * loaded later); other errors are retried at the next read. A tree
 * (--root) is read file by file: each snapshot of a capture is another
 * directory.
 */
#include "sample/readers.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

static struct nt_kept_file *slot(struct nt_sampler *s, const char *path)
{
	for (size_t i = 0; i < s->n_kept; i++)
		if (!strcmp(s->kept[i].path, path))
			return &s->kept[i];
	if (s->n_kept == NT_KEPT_MAX || strlen(path) >= sizeof(s->kept[0].path))
		return NULL;
	snprintf(s->kept[s->n_kept].path, sizeof(s->kept[0].path), "%s", path);
	s->kept[s->n_kept].fd = -1;
	s->kept[s->n_kept].absent = 0;
	return &s->kept[s->n_kept++];
}

long sample_read_kept(struct nt_sampler *s, struct nt_buf *b, const char *path)
{
	struct nt_kept_file *k = s->live ? slot(s, path) : NULL;
	long n;

	if (!k)
		return buf_read_at(b, s->rootfd, path);
	if (k->fd < 0 && k->absent) {
		k->absent--;
		b->len = 0;
		return -ENOENT;
	}
	if (k->fd < 0) {
		k->fd = openat(s->rootfd, path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
		if (k->fd < 0) {
			k->absent = errno == ENOENT ? NT_KEPT_RETRY : 0;
			b->len = 0;
			return -errno;
		}
	}
	n = buf_pread_fd(b, k->fd);
	if (n < 0 && n != -ENOMEM) {
		/* opened afresh next cycle: the error may have been the file's */
		close(k->fd);
		k->fd = -1;
	}
	return n;
}

void sample_close_kept(struct nt_sampler *s)
{
	for (size_t i = 0; i < s->n_kept; i++)
		if (s->kept[i].fd >= 0)
			close(s->kept[i].fd);
	s->n_kept = 0;
}
