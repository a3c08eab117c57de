// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The fixture tree behind `--root DIR`: a capture-format snapshot that the
 * actuators read and write like a host. Besides storing what is written it
 * does what the kernel does on its own after the few writes whose read-back
 * differs from the value written, so that verification works the same on a
 * tree as on a host:
 *
 *  - smp_affinity_list: the interrupt lands on one CPU of the new set, which
 *    effective_affinity_list reports (x86 vector allocation, 4.15+);
 *  - rps_flow_cnt and rps_sock_flow_entries round up to a power of two
 *    (net/core/net-sysfs.c, net/core/sysctl_net_core.c);
 *  - ring, channel and EEE changes are refused as net/ethtool/rings.c,
 *    channels.c and eee.c refuse them, with the same extended ACK text.
 *
 * A device exists when sys/class/net/DEV does; -ENODEV otherwise.
 */
#include "act/sysio.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/cleanup.h"
#include "util/cpuset.h"
#include "util/parse.h"
#include "util/path.h"

static int64_t roundup_pow2(int64_t n)
{
	int64_t p = 1;

	while (p < n)
		p <<= 1;
	return p;
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && !strcmp(s + n - m, suffix);
}

static int write_rounded(struct nt_sysio *io, const char *path, const char *text, int64_t limit)
{
	char out[32];
	int64_t n;

	if (parse_i64(text, &n) || n < 0 || n > limit)
		return -EINVAL;
	snprintf(out, sizeof(out), "%" PRId64 "\n", n ? roundup_pow2(n) : 0);
	return sysio_file_write(io, path, out);
}

/* proc/irq/N/smp_affinity_list -> proc/irq/N/effective_affinity_list */
static void land_irq(struct nt_sysio *io, const char *path, const char *text)
{
	char effective[4096], cpu[16];
	struct nt_cpuset set;
	struct stat st;
	size_t dir = strlen(path) - strlen("smp_affinity_list");

	if (cpuset_parse_list(&set, text) || !cpuset_span(&set))
		return;
	if (path_printf(effective, sizeof(effective), "%.*seffective_affinity_list", (int)dir,
			path) ||
	    fstatat(io->rootfd, effective, &st, 0))
		return;
	for (unsigned int c = 0; c < cpuset_span(&set); c++) {
		if (cpuset_has(&set, c)) {
			snprintf(cpu, sizeof(cpu), "%u\n", c);
			sysio_file_write(io, effective, cpu);
			return;
		}
	}
}

static int tree_write(struct nt_sysio *io, const char *path, const char *text)
{
	int r;

	if (ends_with(path, "/rps_flow_cnt"))
		return write_rounded(io, path, text, INT32_MAX);
	if (!strcmp(path, "proc/sys/net/core/rps_sock_flow_entries"))
		return write_rounded(io, path, text, INT64_C(1) << 29);
	r = sysio_file_write(io, path, text);
	if (!r && ends_with(path, "/smp_affinity_list"))
		land_irq(io, path, text);
	return r;
}

/* ---- ethtool/DEV/{rings,channels,eee} ------------------------------------ */

static int dev_exists(struct nt_sysio *io, const char *dev)
{
	char path[256];
	struct stat st;

	if (path_printf(path, sizeof(path), "sys/class/net/%s", dev))
		return -ENODEV;
	return fstatat(io->rootfd, path, &st, 0) ? -ENODEV : 0;
}

static int read_block(struct nt_sysio *io, const char *dev, const char *what)
{
	char path[256];
	long n;
	int r = dev_exists(io, dev);

	if (r)
		return r;
	if (path_printf(path, sizeof(path), "ethtool/%s/%s", dev, what))
		return -ENODEV;
	n = buf_read_at(&io->buf, io->rootfd, path);
	return n < 0 ? (int)n : 0;
}

/* Written to a temporary file and renamed: a reader never sees half a block. */
static int write_block(struct nt_sysio *io, const char *dev, const char *what,
		       void (*print)(FILE *f, const char *dev, const void *block),
		       const void *block)
{
	char path[256], tmp[264];
	_cleanup_fclose_ FILE *f = NULL;
	int fd, r;

	if (path_printf(path, sizeof(path), "ethtool/%s/%s", dev, what) ||
	    path_printf(tmp, sizeof(tmp), "%s.tmp", path))
		return -ENAMETOOLONG;
	fd = openat(io->rootfd, tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return -errno;
	f = fdopen(fd, "w");
	if (!f) {
		close(fd);
		return -errno;
	}
	print(f, dev, block);
	if (fflush(f) || ferror(f))
		return -EIO;
	r = renameat(io->rootfd, tmp, io->rootfd, path);
	return r ? -errno : 0;
}

static void set_msg(struct nt_extack *ack, const char *msg)
{
	if (ack)
		snprintf(ack->msg, sizeof(ack->msg), "%s", msg);
}

static int tree_get_rings(struct nt_sysio *io, const char *dev, struct nt_ring *out)
{
	int r = read_block(io, dev, "rings");

	memset(out, 0, sizeof(*out));
	if (!r)
		r = ethtool_parse_rings(io->buf.data, out);
	return out->err = r;
}

static void print_rings(FILE *f, const char *dev, const void *block)
{
	ethtool_write_rings(f, dev, block);
}

/* net/ethtool/rings.c: ethnl_set_rings() */
static int tree_set_rings(struct nt_sysio *io, const char *dev, const struct nt_ring_set *want,
			  struct nt_extack *ack)
{
	struct nt_ring ring;
	int r = tree_get_rings(io, dev, &ring);

	if (ack)
		ack->msg[0] = '\0';
	if (r)
		return r;
	if ((want->rx >= 0 && !ring.rx_max) || (want->tx >= 0 && !ring.tx_max))
		return -EOPNOTSUPP;
	if (want->rx > (int64_t)ring.rx_max || want->tx > (int64_t)ring.tx_max) {
		set_msg(ack, "requested ring size exceeds maximum");
		return -EINVAL;
	}
	if (want->rx == 0 || want->tx == 0)
		return -EINVAL; /* drivers refuse an empty ring */
	if (want->rx > 0)
		ring.rx = (uint32_t)want->rx;
	if (want->tx > 0)
		ring.tx = (uint32_t)want->tx;
	return write_block(io, dev, "rings", print_rings, &ring);
}

static int tree_get_channels(struct nt_sysio *io, const char *dev, struct nt_channels *out)
{
	int r = read_block(io, dev, "channels");

	memset(out, 0, sizeof(*out));
	if (!r)
		r = ethtool_parse_channels(io->buf.data, out);
	return out->err = r;
}

static void print_channels(FILE *f, const char *dev, const void *block)
{
	ethtool_write_channels(f, dev, block);
}

/* net/ethtool/channels.c: ethnl_set_channels() */
static int tree_set_channels(struct nt_sysio *io, const char *dev,
			     const struct nt_channels_set *want, struct nt_extack *ack)
{
	struct nt_channels ch;
	int r = tree_get_channels(io, dev, &ch);

	if (ack)
		ack->msg[0] = '\0';
	if (r)
		return r;
	if (want->combined > (int64_t)ch.combined_max || want->rx > (int64_t)ch.rx_max ||
	    want->tx > (int64_t)ch.tx_max) {
		set_msg(ack, "requested channel count exceeds maximum");
		return -EINVAL;
	}
	if (want->combined >= 0)
		ch.combined = (uint32_t)want->combined;
	if (want->rx >= 0)
		ch.rx = (uint32_t)want->rx;
	if (want->tx >= 0)
		ch.tx = (uint32_t)want->tx;
	if (!ch.combined && (!ch.rx || !ch.tx)) {
		set_msg(ack, "requested channel counts would result in no RX or TX channel");
		return -EINVAL;
	}
	return write_block(io, dev, "channels", print_channels, &ch);
}

static int tree_get_eee(struct nt_sysio *io, const char *dev, struct nt_eee *out)
{
	int r = read_block(io, dev, "eee");

	memset(out, 0, sizeof(*out));
	if (!r)
		r = ethtool_parse_eee(io->buf.data, out);
	return out->err = r;
}

static void print_eee(FILE *f, const char *dev, const void *block)
{
	ethtool_write_eee(f, dev, block);
}

static int tree_set_eee(struct nt_sysio *io, const char *dev, bool enabled, struct nt_extack *ack)
{
	struct nt_eee eee;
	int r = tree_get_eee(io, dev, &eee);

	if (ack)
		ack->msg[0] = '\0';
	if (r)
		return r;
	if (!eee.supported)
		return -EOPNOTSUPP;
	eee.enabled = enabled;
	eee.active = enabled && eee.active;
	eee.tx_lpi_enabled = enabled;
	return write_block(io, dev, "eee", print_eee, &eee);
}

const struct nt_sysio_ops sysio_tree_ops = {
	.read = sysio_file_read,
	.write = tree_write,
	.get_rings = tree_get_rings,
	.set_rings = tree_set_rings,
	.get_channels = tree_get_channels,
	.set_channels = tree_set_channels,
	.get_eee = tree_get_eee,
	.set_eee = tree_set_eee,
};
