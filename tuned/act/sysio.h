/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The writer seam: every read and write the actuators make goes through
 * one of these tables, so that tests can put a failing or killing layer in
 * between (tests/unit/act) and the same actuator code serves two roots:
 *
 *  - live ("/"): proc and sysfs files, and rings, channels and EEE through
 *    the ethtool handle (genl, SIOCETHTOOL before 5.7);
 *  - a fixture tree in the capture format (`--root DIR`): the files are
 *    written as they are, and ethtool/DEV/{rings,channels,eee} are
 *    rewritten in the text the ethtool program prints. The tree also does
 *    the little the kernel does on its own after a write that the
 *    verification depends on (see sysio_tree.c).
 *
 * Paths are relative to the root ("proc/sys/net/core/netdev_budget").
 * Every function returns 0 (reads: the length) or the kernel's -errno.
 */
#ifndef NT_ACT_SYSIO_H
#define NT_ACT_SYSIO_H

#include <stdbool.h>

#include "ethtool/ethtool.h"
#include "util/buf.h"

struct nt_sysio;

struct nt_sysio_ops {
	long (*read)(struct nt_sysio *io, const char *path, struct nt_buf *out);
	int (*write)(struct nt_sysio *io, const char *path, const char *text);
	int (*get_rings)(struct nt_sysio *io, const char *dev, struct nt_ring *out);
	int (*set_rings)(struct nt_sysio *io, const char *dev, const struct nt_ring_set *want,
			 struct nt_extack *ack);
	int (*get_channels)(struct nt_sysio *io, const char *dev, struct nt_channels *out);
	int (*set_channels)(struct nt_sysio *io, const char *dev,
			    const struct nt_channels_set *want, struct nt_extack *ack);
	int (*get_eee)(struct nt_sysio *io, const char *dev, struct nt_eee *out);
	int (*set_eee)(struct nt_sysio *io, const char *dev, bool enabled, struct nt_extack *ack);
};

struct nt_sysio {
	const struct nt_sysio_ops *ops;
	int rootfd;
	bool live;
	char root[4096];
	struct nt_ethtool *et; /* live only; NULL until needed or when it cannot be opened */
	bool et_owned;         /* opened here (else borrowed: sysio_use_ethtool) */
	bool et_tried;
	struct nt_buf buf; /* scratch of the tree's ethtool emulation */
};

extern const struct nt_sysio_ops sysio_live_ops;
extern const struct nt_sysio_ops sysio_tree_ops;

/* Opens @root ("/" is live). On failure -errno and a message naming it. */
int sysio_open(struct nt_sysio **out, const char *root, char *err, size_t errlen);
void sysio_close(struct nt_sysio *io);

/* The plain file operations both tables use. */
long sysio_file_read(struct nt_sysio *io, const char *path, struct nt_buf *out);
int sysio_file_write(struct nt_sysio *io, const char *path, const char *text);

/* Live: ask the drivers through @et, which stays the caller's. */
void sysio_use_ethtool(struct nt_sysio *io, struct nt_ethtool *et);

#endif
