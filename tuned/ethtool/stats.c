// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The driver's own statistics (`ethtool -S`): the ETH_SS_STATS strings and
 * values through SIOCETHTOOL (ETHTOOL_GSSET_INFO, ETHTOOL_GSTRINGS,
 * ETHTOOL_GSTATS). The only interface for them: ETHTOOL_MSG_STATS_GET
 * (5.13) carries the standard IEEE/RMON groups, not the driver's list.
 * What the names mean is statnames.c's business.
 */
#include "ethtool_int.h"

#include <errno.h>
#include <linux/ethtool.h>
#include <stdlib.h>
#include <string.h>

/* Count changes seen between GSSET_INFO and GSTRINGS/GSTATS before giving up. */
#define STATS_RETRIES 3

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
		ethtool_ioctl_copy_str(d->stats[i].name, sizeof(d->stats[i].name),
				       (const char *)et->strings->data +
					       (size_t)i * ETH_GSTRING_LEN,
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
