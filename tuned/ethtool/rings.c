// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Ring sizes (`ethtool -g`, `-G`): ETHTOOL_MSG_RINGS_GET and _SET over
 * ethtool genl (Linux 5.7, net/ethtool/rings.c), ETHTOOL_GRINGPARAM and
 * ETHTOOL_SRINGPARAM through SIOCETHTOOL on older kernels. The reply parser
 * also reads RINGS_NTF for the monitor.
 */
#include "ethtool_int.h"

#include <errno.h>
#include <linux/ethtool.h>
#include <linux/ethtool_netlink.h>
#include <netlink/attr.h>
#include <string.h>

#include "util/cleanup.h"

/* ---- reply: RINGS_GET and RINGS_NTF ------------------------------------- */

/*
 * The kernel leaves out a pair (maximum and current) when the driver
 * reports a maximum of 0; ethtool prints "n/a" for both. Absent reads as 0,
 * which is what the ioctl gives for the same driver.
 */
static const struct nla_policy rings_policy[ETHTOOL_A_RINGS_MAX + 1] = {
	[ETHTOOL_A_RINGS_HEADER] = { .type = NLA_NESTED },
	[ETHTOOL_A_RINGS_RX_MAX] = { .type = NLA_U32 },
	[ETHTOOL_A_RINGS_RX_MINI_MAX] = { .type = NLA_U32 },
	[ETHTOOL_A_RINGS_RX_JUMBO_MAX] = { .type = NLA_U32 },
	[ETHTOOL_A_RINGS_TX_MAX] = { .type = NLA_U32 },
	[ETHTOOL_A_RINGS_RX] = { .type = NLA_U32 },
	[ETHTOOL_A_RINGS_RX_MINI] = { .type = NLA_U32 },
	[ETHTOOL_A_RINGS_RX_JUMBO] = { .type = NLA_U32 },
	[ETHTOOL_A_RINGS_TX] = { .type = NLA_U32 },
};

static void rings_parse_reply(struct nlattr **tb, void *arg)
{
	struct nt_ring *out = arg;

	out->rx_max = ethtool_nla_u32(tb, ETHTOOL_A_RINGS_RX_MAX);
	out->rx_mini_max = ethtool_nla_u32(tb, ETHTOOL_A_RINGS_RX_MINI_MAX);
	out->rx_jumbo_max = ethtool_nla_u32(tb, ETHTOOL_A_RINGS_RX_JUMBO_MAX);
	out->tx_max = ethtool_nla_u32(tb, ETHTOOL_A_RINGS_TX_MAX);
	out->rx = ethtool_nla_u32(tb, ETHTOOL_A_RINGS_RX);
	out->rx_mini = ethtool_nla_u32(tb, ETHTOOL_A_RINGS_RX_MINI);
	out->rx_jumbo = ethtool_nla_u32(tb, ETHTOOL_A_RINGS_RX_JUMBO);
	out->tx = ethtool_nla_u32(tb, ETHTOOL_A_RINGS_TX);
}

_Static_assert(ETHTOOL_A_RINGS_MAX <= ETHTOOL_NL_MAXATTR, "tb too small");

const struct ethtool_nl_reply ethtool_rings_reply = {
	.get_cmd = ETHTOOL_MSG_RINGS_GET,
	.ntf_cmd = ETHTOOL_MSG_RINGS_NTF,
	.hdr_attr = ETHTOOL_A_RINGS_HEADER,
	.maxattr = ETHTOOL_A_RINGS_MAX,
	.policy = rings_policy,
	.parse = rings_parse_reply,
};

/* ---- get ---------------------------------------------------------------- */

int ethtool_nl_get_rings(struct nt_ethtool *et, const char *ifname, struct nt_ring *out)
{
	int r;

	memset(out, 0, sizeof(*out));
	r = ethtool_nl_get(et, &ethtool_rings_reply, ifname, out);
	if (r)
		memset(out, 0, sizeof(*out));
	out->err = r;
	return r;
}

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

int ethtool_get_rings(struct nt_ethtool *et, const char *ifname, struct nt_ring *out)
{
	if (ethtool_has_netlink(et)) {
		int r = ethtool_nl_get_rings(et, ifname, out);

		if (ethtool_nl_get_stands(et, ETHTOOL_MSG_RINGS_GET, r))
			return r;
	}
	return ethtool_ioctl_get_rings(et, ifname, out);
}

/* ---- set ---------------------------------------------------------------- */

/*
 * ethnl_set_rings() refuses each size above the driver's maximum with
 * -EINVAL and "requested ring size exceeds maximum"; drivers add their own
 * limits (powers of two, minimums) in set_ringparam, often with a message.
 * Only the members asked for are sent: the others keep whatever the driver
 * has, even if it changes meanwhile.
 */
int ethtool_nl_set_rings(struct nt_ethtool *et, const char *ifname, const struct nt_ring_set *want,
			 struct nt_extack *ack)
{
	_cleanup_(ethtool_nlmsg_freep) struct nl_msg *msg = NULL;
	int r;

	ethtool_ack_clear(ack);
	if (!ethtool_set_value_ok(want->rx) || !ethtool_set_value_ok(want->tx))
		return -EINVAL;
	r = ethtool_nl_request(et, ETHTOOL_MSG_RINGS_SET, ETHTOOL_A_RINGS_HEADER, 0, ifname, &msg);
	if (!r)
		r = ethtool_nla_put_opt_u32(msg, ETHTOOL_A_RINGS_RX, want->rx);
	if (!r)
		r = ethtool_nla_put_opt_u32(msg, ETHTOOL_A_RINGS_TX, want->tx);
	return r ? r : ethtool_nl_send_set(et, msg, ack);
}

/* ETHTOOL_SRINGPARAM: -EINVAL above the maximums of GRINGPARAM, no message. */
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
	mod |= ethtool_ioctl_update_u32(&rp.rx_pending, want->rx);
	mod |= ethtool_ioctl_update_u32(&rp.tx_pending, want->tx);
	if (!mod)
		return 0;
	rp.cmd = ETHTOOL_SRINGPARAM;
	return ethtool_ioctl(et, ifname, &rp);
}

int ethtool_set_rings(struct nt_ethtool *et, const char *ifname, const struct nt_ring_set *want,
		      struct nt_extack *ack)
{
	ethtool_ack_clear(ack);
	if (ethtool_has_netlink(et)) {
		int r = ethtool_nl_set_rings(et, ifname, want, ack);

		if (ethtool_nl_set_stands(et, ETHTOOL_MSG_RINGS_SET, r, ack))
			return r;
	}
	return ethtool_ioctl_set_rings(et, ifname, want);
}
