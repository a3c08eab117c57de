// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * SIOCETHTOOL: driver info, driver statistics and the permanent address,
 * which the ethtool genl family does not offer (its STATS_GET carries the
 * standard counters, not the driver's own), plus the ring, channel and EEE
 * gets for kernels without that family (< 5.6, or 5.6 itself).
 */
#include "ethtool_int.h"

#include <errno.h>
#include <linux/ethtool.h>
#include <linux/netlink.h>
#include <linux/sockios.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

/* MAX_ADDR_LEN of <linux/netdevice.h>: the largest dev->addr_len. */
#define NT_MAX_ADDR_LEN 32

/* Count changes seen between GSSET_INFO and GSTRINGS/GSTATS before giving up. */
#define STATS_RETRIES 3

int ethtool_ioctl_open(struct nt_ethtool *et)
{
	/*
	 * Any socket reaches dev_ioctl(): the family's own ioctl handler
	 * answers -ENOIOCTLCMD for SIOCETHTOOL and sock_do_ioctl() passes it
	 * on. AF_INET is what ethtool uses; a kernel built without IPv4 still
	 * has generic netlink.
	 */
	et->fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (et->fd < 0)
		et->fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	return et->fd < 0 ? -errno : 0;
}

int ethtool_ioctl(struct nt_ethtool *et, const char *ifname, void *data)
{
	struct ifreq ifr;
	size_t len = strlen(ifname);

	if (!len || len >= IFNAMSIZ)
		return -EINVAL;
	memset(&ifr, 0, sizeof(ifr));
	memcpy(ifr.ifr_name, ifname, len);
	ifr.ifr_data = data;
	if (ioctl(et->fd, SIOCETHTOOL, &ifr) < 0)
		return -errno;
	return 0;
}

/* The kernel's strings are fixed arrays that need not end in NUL. */
static void copy_field(char *dst, size_t size, const char *src, size_t srclen)
{
	size_t n = strnlen(src, srclen);

	if (n >= size)
		n = size - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

/* ---- driver info ------------------------------------------------------ */

int ethtool_get_drvinfo(struct nt_ethtool *et, const char *ifname, struct nt_drvinfo *out)
{
	struct ethtool_drvinfo di = { .cmd = ETHTOOL_GDRVINFO };
	int r;

	memset(out, 0, sizeof(*out));
	r = ethtool_ioctl(et, ifname, &di);
	if (!r) {
		copy_field(out->driver, sizeof(out->driver), di.driver, sizeof(di.driver));
		copy_field(out->version, sizeof(out->version), di.version, sizeof(di.version));
		copy_field(out->firmware, sizeof(out->firmware), di.fw_version,
			   sizeof(di.fw_version));
		copy_field(out->bus_info, sizeof(out->bus_info), di.bus_info,
			   sizeof(di.bus_info));
	}
	out->err = r;
	return r;
}

/* ---- driver statistics ------------------------------------------------ */

/*
 * Number of ETH_SS_STATS strings. GSSET_INFO (2.6.27) answers for the
 * current driver state; kernels without it reject the command with
 * EOPNOTSUPP and report the count in drvinfo.n_stats instead. A driver
 * without get_sset_count leaves the bit clear in the returned mask.
 */
static int stats_count(struct nt_ethtool *et, const char *ifname, uint32_t *count)
{
	struct ethtool_sset_info hdr = {
		.cmd = ETHTOOL_GSSET_INFO,
		.sset_mask = 1ULL << ETH_SS_STATS,
	};
	unsigned char buf[sizeof(hdr) + sizeof(uint32_t)] __attribute__((aligned(8)));
	struct ethtool_drvinfo di = { .cmd = ETHTOOL_GDRVINFO };
	int r;

	memset(buf, 0, sizeof(buf));
	memcpy(buf, &hdr, sizeof(hdr));
	r = ethtool_ioctl(et, ifname, buf);
	if (!r) {
		memcpy(&hdr, buf, sizeof(hdr));
		*count = 0;
		if (hdr.sset_mask & (1ULL << ETH_SS_STATS))
			memcpy(count, buf + sizeof(hdr), sizeof(*count));
		return 0;
	}
	if (r != -EOPNOTSUPP)
		return r;
	r = ethtool_ioctl(et, ifname, &di);
	if (!r)
		*count = di.n_stats;
	return r;
}

/*
 * Grows the scratch arrays to hold @n entries. Kernels before the 2025 fix
 * ("ethtool: Avoid overflowing userspace buffer on stats query") copy out
 * the driver's count at the time of GSTRINGS/GSTATS whatever length we
 * passed, so a count that grew since GSSET_INFO (bnxt or mlx5 changing ring
 * numbers, a module reload) would write past an exact-size buffer. The
 * slack makes that unlikely; newer kernels return len 0 instead.
 */
static int stats_reserve(struct nt_ethtool *et, uint32_t n)
{
	size_t cap = (size_t)n + n / 4 + 16;

	/*
	 * Zeroed rather than realloc'ed: nothing is kept across a growth, and
	 * memory checkers that do not model every SIOCETHTOOL command then
	 * see initialised bytes.
	 */
	if (n > et->strings_cap) {
		void *p = calloc(1, sizeof(*et->strings) + cap * ETH_GSTRING_LEN);

		if (!p)
			return -ENOMEM;
		free(et->strings);
		et->strings = p;
		et->strings_cap = cap;
	}
	if (n > et->values_cap) {
		void *p = calloc(1, sizeof(*et->values) + cap * sizeof(uint64_t));

		if (!p)
			return -ENOMEM;
		free(et->values);
		et->values = p;
		et->values_cap = cap;
	}
	return 0;
}

/* One GSTRINGS + GSTATS round; -EAGAIN when the count moved under us. */
static int stats_fetch(struct nt_ethtool *et, const char *ifname, uint32_t n)
{
	int r;

	et->strings->cmd = ETHTOOL_GSTRINGS;
	et->strings->string_set = ETH_SS_STATS;
	et->strings->len = n;
	r = ethtool_ioctl(et, ifname, et->strings);
	if (r)
		return r;
	if (et->strings->len != n)
		return -EAGAIN;

	et->values->cmd = ETHTOOL_GSTATS;
	et->values->n_stats = n;
	r = ethtool_ioctl(et, ifname, et->values);
	if (r)
		return r;
	return et->values->n_stats == n ? 0 : -EAGAIN;
}

static int stats_copy(struct nt_netdev *d, const struct nt_ethtool *et, uint32_t n)
{
	int r = snapshot_netdev_reserve_stats(d, n);

	if (r)
		return r;
	for (uint32_t i = 0; i < n; i++) {
		/* ETH_GSTRING_LEN bytes, not NUL-terminated when full: name[] has room for one more */
		copy_field(d->stats[i].name, sizeof(d->stats[i].name),
			   (const char *)et->strings->data + (size_t)i * ETH_GSTRING_LEN,
			   ETH_GSTRING_LEN);
		d->stats[i].value = et->values->data[i];
	}
	d->n_stats = n;
	return 0;
}

static int stats_read(struct nt_ethtool *et, const char *ifname, struct nt_netdev *d)
{
	uint32_t n = 0;
	int r = -EAGAIN;

	for (int i = 0; i < STATS_RETRIES && r == -EAGAIN; i++) {
		r = stats_count(et, ifname, &n);
		if (r)
			return r;
		/* ethtool prints "no stats available": the driver has none. */
		if (!n)
			return -EOPNOTSUPP;
		r = stats_reserve(et, n);
		if (r)
			return r;
		r = stats_fetch(et, ifname, n);
	}
	return r ? r : stats_copy(d, et, n);
}

int ethtool_get_stats(struct nt_ethtool *et, const char *ifname, struct nt_netdev *d)
{
	int r;

	d->n_stats = 0;
	r = stats_read(et, ifname, d);
	if (r)
		d->n_stats = 0;
	d->stats_err = r;
	return r;
}

/* ---- permanent address ------------------------------------------------ */

static bool all_zero(const unsigned char *p, size_t n)
{
	while (n--)
		if (*p++)
			return false;
	return true;
}

int ethtool_get_permaddr(struct nt_ethtool *et, const char *ifname, char *out, size_t size)
{
	struct ethtool_perm_addr hdr = { .cmd = ETHTOOL_GPERMADDR, .size = NT_MAX_ADDR_LEN };
	unsigned char buf[sizeof(hdr) + NT_MAX_ADDR_LEN] __attribute__((aligned(4)));
	const unsigned char *addr = buf + sizeof(hdr);
	int r;

	if (size)
		out[0] = '\0';
	memset(buf, 0, sizeof(buf));
	memcpy(buf, &hdr, sizeof(hdr));
	r = ethtool_ioctl(et, ifname, buf);
	if (r)
		return r;
	memcpy(&hdr, buf, sizeof(hdr));
	if (hdr.size > NT_MAX_ADDR_LEN)
		return -EPROTO;
	/* Drivers that never set dev->perm_addr leave it zeroed (veth, tun). */
	if (!hdr.size || all_zero(addr, hdr.size))
		return 0;
	/* "aa:bb:..": two digits per byte, n - 1 colons, one NUL. */
	if (size < (size_t)hdr.size * 3)
		return -ENOSPC;
	for (uint32_t i = 0, off = 0; i < hdr.size; i++)
		off += snprintf(out + off, size - off, "%s%02x", i ? ":" : "", addr[i]);
	return 0;
}

/* ---- ioctl fallbacks for rings, channels, EEE --------------------------- */

int ethtool_ioctl_get_rings(struct nt_ethtool *et, const char *ifname, struct nt_ring *out)
{
	struct ethtool_ringparam rp = { .cmd = ETHTOOL_GRINGPARAM };
	int r = ethtool_ioctl(et, ifname, &rp);

	memset(out, 0, sizeof(*out));
	if (!r) {
		out->rx = rp.rx_pending;
		out->rx_max = rp.rx_max_pending;
		out->rx_mini = rp.rx_mini_pending;
		out->rx_mini_max = rp.rx_mini_max_pending;
		out->rx_jumbo = rp.rx_jumbo_pending;
		out->rx_jumbo_max = rp.rx_jumbo_max_pending;
		out->tx = rp.tx_pending;
		out->tx_max = rp.tx_max_pending;
	}
	out->err = r;
	return r;
}

int ethtool_ioctl_get_channels(struct nt_ethtool *et, const char *ifname, struct nt_channels *out)
{
	struct ethtool_channels ch = { .cmd = ETHTOOL_GCHANNELS };
	int r = ethtool_ioctl(et, ifname, &ch);

	memset(out, 0, sizeof(*out));
	if (!r) {
		out->rx = ch.rx_count;
		out->rx_max = ch.max_rx;
		out->tx = ch.tx_count;
		out->tx_max = ch.max_tx;
		out->other = ch.other_count;
		out->other_max = ch.max_other;
		out->combined = ch.combined_count;
		out->combined_max = ch.max_combined;
	}
	out->err = r;
	return r;
}

int ethtool_ioctl_get_eee(struct nt_ethtool *et, const char *ifname, struct nt_eee *out)
{
	struct ethtool_eee eee = { .cmd = ETHTOOL_GEEE };
	int r = ethtool_ioctl(et, ifname, &eee);

	memset(out, 0, sizeof(*out));
	if (!r) {
		/* ethtool prints "EEE status: not supported" exactly when this is 0. */
		out->supported = eee.supported != 0;
		out->enabled = eee.eee_enabled != 0;
		out->active = eee.eee_active != 0;
		out->tx_lpi_enabled = eee.tx_lpi_enabled != 0;
		out->tx_lpi_timer_us = eee.tx_lpi_timer;
	}
	out->err = r;
	return r;
}
