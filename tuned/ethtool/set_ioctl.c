// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The SIOCETHTOOL set fallbacks for kernels without ethtool genl sets
 * (< 5.7). Each set ioctl takes the whole structure, so the current values
 * are read first and only the members asked for are changed in it.
 *
 * Unlike ethnl_set_rings() and friends, the set ioctls of net/ethtool/
 * ioctl.c hand an unchanged request to the driver, and some drivers restart
 * the device for it; a request that changes nothing is not sent, so both
 * transports leave the link alone then. The ioctl path has no extended ACK:
 * a refusal is a bare -EINVAL.
 */
#include "ethtool_int.h"

#include <errno.h>
#include <linux/ethtool.h>

/* Replaces *field by @v unless @v is -1; true when that changed it. */
static bool update_u32(uint32_t *field, int64_t v)
{
	if (v < 0 || *field == (uint32_t)v)
		return false;
	*field = (uint32_t)v;
	return true;
}

/* ETHTOOL_SRINGPARAM: -EINVAL above the maximums of GRINGPARAM. */
int ethtool_ioctl_set_rings(struct nt_ethtool *et, const char *ifname,
			    const struct nt_ring_set *want)
{
	struct ethtool_ringparam rp = { .cmd = ETHTOOL_GRINGPARAM };
	bool mod = false;
	int r;

	if (!ethtool_set_value_ok(want->rx) || !ethtool_set_value_ok(want->tx))
		return -EINVAL;
	r = ethtool_ioctl(et, ifname, &rp);
	if (r)
		return r;
	mod |= update_u32(&rp.rx_pending, want->rx);
	mod |= update_u32(&rp.tx_pending, want->tx);
	if (!mod)
		return 0;
	rp.cmd = ETHTOOL_SRINGPARAM;
	return ethtool_ioctl(et, ifname, &rp);
}

/*
 * ETHTOOL_SCHANNELS: -EINVAL above the maximums or without an RX and a TX
 * channel left, as over netlink. other_count goes back as it was read.
 */
int ethtool_ioctl_set_channels(struct nt_ethtool *et, const char *ifname,
			       const struct nt_channels_set *want)
{
	struct ethtool_channels ch = { .cmd = ETHTOOL_GCHANNELS };
	bool mod = false;
	int r;

	if (!ethtool_set_value_ok(want->rx) || !ethtool_set_value_ok(want->tx) ||
	    !ethtool_set_value_ok(want->combined))
		return -EINVAL;
	r = ethtool_ioctl(et, ifname, &ch);
	if (r)
		return r;
	mod |= update_u32(&ch.rx_count, want->rx);
	mod |= update_u32(&ch.tx_count, want->tx);
	mod |= update_u32(&ch.combined_count, want->combined);
	if (!mod)
		return 0;
	ch.cmd = ETHTOOL_SCHANNELS;
	return ethtool_ioctl(et, ifname, &ch);
}

/*
 * ETHTOOL_SEEE: advertised, tx_lpi_enabled and tx_lpi_timer go back as
 * GEEE gave them. The legacy structure holds only the first 32 link modes;
 * so did the kernel's own until 6.9 (struct ethtool_keee), so nothing is
 * lost on the kernels that need this fallback.
 */
int ethtool_ioctl_set_eee_enabled(struct nt_ethtool *et, const char *ifname, bool enabled)
{
	struct ethtool_eee eee = { .cmd = ETHTOOL_GEEE };
	int r = ethtool_ioctl(et, ifname, &eee);

	if (r)
		return r;
	if (!eee.eee_enabled == !enabled)
		return 0;
	eee.cmd = ETHTOOL_SEEE;
	eee.eee_enabled = enabled;
	return ethtool_ioctl(et, ifname, &eee);
}
