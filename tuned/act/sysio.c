// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The live table and the file operations. A write is one write(2) of the
 * whole value: procfs and sysfs parse each write call on its own, and the
 * errno of that call is the kernel's answer (EINVAL, EIO, ENOSPC ...).
 * Files are never created: a knob whose file is missing does not exist.
 */
#include "act/sysio.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/cleanup.h"

long sysio_file_read(struct nt_sysio *io, const char *path, struct nt_buf *out)
{
	return buf_read_at(out, io->rootfd, path);
}

int sysio_file_write(struct nt_sysio *io, const char *path, const char *text)
{
	_cleanup_close_ int fd = openat(io->rootfd, path, O_WRONLY | O_TRUNC | O_CLOEXEC);
	size_t len = strlen(text);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = write(fd, text, len);
	if (n < 0)
		return -errno;
	/* sysfs and procfs take a store in one call; a short write is a refusal */
	return (size_t)n == len ? 0 : -EIO;
}

/*
 * The ethtool handle: the daemon's (sysio_use_ethtool), else one opened at
 * the first ring, channel or EEE call, so that a sysctl, IRQ or RPS change
 * opens no socket. Without one (no socket at all) the driver cannot be
 * asked: EOPNOTSUPP; sysctls, IRQs and RPS still work.
 */
static struct nt_ethtool *live_et(struct nt_sysio *io)
{
	if (!io->et && !io->et_tried) {
		io->et_tried = true;
		if (ethtool_open(&io->et) == 0)
			io->et_owned = true;
	}
	return io->et;
}

#define LIVE_ET(io, call) (live_et(io) ? (call) : -EOPNOTSUPP)

static int live_get_rings(struct nt_sysio *io, const char *dev, struct nt_ring *out)
{
	return LIVE_ET(io, ethtool_get_rings(io->et, dev, out));
}

static int live_set_rings(struct nt_sysio *io, const char *dev, const struct nt_ring_set *want,
			  struct nt_extack *ack)
{
	return LIVE_ET(io, ethtool_set_rings(io->et, dev, want, ack));
}

static int live_get_channels(struct nt_sysio *io, const char *dev, struct nt_channels *out)
{
	return LIVE_ET(io, ethtool_get_channels(io->et, dev, out));
}

static int live_set_channels(struct nt_sysio *io, const char *dev,
			     const struct nt_channels_set *want, struct nt_extack *ack)
{
	return LIVE_ET(io, ethtool_set_channels(io->et, dev, want, ack));
}

static int live_get_eee(struct nt_sysio *io, const char *dev, struct nt_eee *out)
{
	return LIVE_ET(io, ethtool_get_eee(io->et, dev, out));
}

static int live_set_eee(struct nt_sysio *io, const char *dev, bool enabled, struct nt_extack *ack)
{
	return LIVE_ET(io, ethtool_set_eee_enabled(io->et, dev, enabled, ack));
}

const struct nt_sysio_ops sysio_live_ops = {
	.read = sysio_file_read,
	.write = sysio_file_write,
	.get_rings = live_get_rings,
	.set_rings = live_set_rings,
	.get_channels = live_get_channels,
	.set_channels = live_set_channels,
	.get_eee = live_get_eee,
	.set_eee = live_set_eee,
};

int sysio_open(struct nt_sysio **out, const char *root, char *err, size_t errlen)
{
	_cleanup_free_ struct nt_sysio *io = calloc(1, sizeof(*io));
	char real[PATH_MAX];

	*out = NULL;
	if (!io)
		return -ENOMEM;
	if (!realpath(root, real) ||
	    (io->rootfd = open(real, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
		int r = -errno;

		snprintf(err, errlen, "cannot open root %s: %s", root, strerror(-r));
		return r;
	}
	snprintf(io->root, sizeof(io->root), "%s", real);
	io->live = !strcmp(real, "/");
	io->ops = io->live ? &sysio_live_ops : &sysio_tree_ops;
	*out = io;
	io = NULL;
	return 0;
}

void sysio_close(struct nt_sysio *io)
{
	if (!io)
		return;
	if (io->et_owned)
		ethtool_close(io->et);
	close(io->rootfd);
	buf_free(&io->buf);
	free(io);
}

void sysio_use_ethtool(struct nt_sysio *io, struct nt_ethtool *et)
{
	if (io->et || !io->live || !et)
		return;
	io->et = et;
	io->et_owned = false;
}
