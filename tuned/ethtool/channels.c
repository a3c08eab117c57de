// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Channel counts (`ethtool -l`, `-L`): ETHTOOL_MSG_CHANNELS_GET and _SET
 * over ethtool genl (Linux 5.7, net/ethtool/channels.c), ETHTOOL_GCHANNELS
 * and ETHTOOL_SCHANNELS through SIOCETHTOOL on older kernels. The reply
 * parser also reads CHANNELS_NTF for the monitor.
 */
#include "ethtool_int.h"

#include <errno.h>
#include <linux/ethtool.h>
#include <linux/ethtool_netlink.h>
#include <netlink/attr.h>
#include <string.h>

#include "util/cleanup.h"

/* ---- reply: CHANNELS_GET and CHANNELS_NTF ------------------------------- */

/* As for rings: no attributes for a kind whose maximum is 0. */
static const struct nla_policy channels_policy[ETHTOOL_A_CHANNELS_MAX + 1] = {
	[ETHTOOL_A_CHANNELS_HEADER] = { .type = NLA_NESTED },
	[ETHTOOL_A_CHANNELS_RX_MAX] = { .type = NLA_U32 },
	[ETHTOOL_A_CHANNELS_TX_MAX] = { .type = NLA_U32 },
	[ETHTOOL_A_CHANNELS_OTHER_MAX] = { .type = NLA_U32 },
	[ETHTOOL_A_CHANNELS_COMBINED_MAX] = { .type = NLA_U32 },
	[ETHTOOL_A_CHANNELS_RX_COUNT] = { .type = NLA_U32 },
	[ETHTOOL_A_CHANNELS_TX_COUNT] = { .type = NLA_U32 },
	[ETHTOOL_A_CHANNELS_OTHER_COUNT] = { .type = NLA_U32 },
	[ETHTOOL_A_CHANNELS_COMBINED_COUNT] = { .type = NLA_U32 },
};

static void channels_parse_reply(struct nlattr **tb, void *arg)
{
	struct nt_channels *out = arg;

	out->rx_max = ethtool_nla_u32(tb, ETHTOOL_A_CHANNELS_RX_MAX);
	out->tx_max = ethtool_nla_u32(tb, ETHTOOL_A_CHANNELS_TX_MAX);
	out->other_max = ethtool_nla_u32(tb, ETHTOOL_A_CHANNELS_OTHER_MAX);
	out->combined_max = ethtool_nla_u32(tb, ETHTOOL_A_CHANNELS_COMBINED_MAX);
	out->rx = ethtool_nla_u32(tb, ETHTOOL_A_CHANNELS_RX_COUNT);
	out->tx = ethtool_nla_u32(tb, ETHTOOL_A_CHANNELS_TX_COUNT);
	out->other = ethtool_nla_u32(tb, ETHTOOL_A_CHANNELS_OTHER_COUNT);
	out->combined = ethtool_nla_u32(tb, ETHTOOL_A_CHANNELS_COMBINED_COUNT);
}

_Static_assert(ETHTOOL_A_CHANNELS_MAX <= ETHTOOL_NL_MAXATTR, "tb too small");

const struct ethtool_nl_reply ethtool_channels_reply = {
	.get_cmd = ETHTOOL_MSG_CHANNELS_GET,
	.ntf_cmd = ETHTOOL_MSG_CHANNELS_NTF,
	.hdr_attr = ETHTOOL_A_CHANNELS_HEADER,
	.maxattr = ETHTOOL_A_CHANNELS_MAX,
	.policy = channels_policy,
	.parse = channels_parse_reply,
};

/* ---- get ---------------------------------------------------------------- */

int ethtool_nl_get_channels(struct nt_ethtool *et, const char *ifname, struct nt_channels *out)
{
	int r;

	memset(out, 0, sizeof(*out));
	r = ethtool_nl_get(et, &ethtool_channels_reply, ifname, out);
	if (r)
		memset(out, 0, sizeof(*out));
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

int ethtool_get_channels(struct nt_ethtool *et, const char *ifname, struct nt_channels *out)
{
	if (ethtool_has_netlink(et)) {
		int r = ethtool_nl_get_channels(et, ifname, out);

		if (ethtool_nl_get_stands(et, ETHTOOL_MSG_CHANNELS_GET, r))
			return r;
	}
	return ethtool_ioctl_get_channels(et, ifname, out);
}

/* ---- set ---------------------------------------------------------------- */

/*
 * ethnl_set_channels() refuses with -EINVAL: a count above its maximum
 * ("requested channel count exceeds maximum"; a maximum of 0 means the kind
 * does not exist, as combined on veth), no RX or no TX channel left ("...
 * would result in no RX or TX channel being configured"), and dropping a
 * queue that an AF_XDP socket or an RSS context still uses. Only the
 * members asked for are sent.
 */
int ethtool_nl_set_channels(struct nt_ethtool *et, const char *ifname,
			    const struct nt_channels_set *want, struct nt_extack *ack)
{
	_cleanup_(ethtool_nlmsg_freep) struct nl_msg *msg = NULL;
	int r;

	ethtool_ack_clear(ack);
	if (!ethtool_set_value_ok(want->rx) || !ethtool_set_value_ok(want->tx) ||
	    !ethtool_set_value_ok(want->combined))
		return -EINVAL;
	r = ethtool_nl_request(et, ETHTOOL_MSG_CHANNELS_SET, ETHTOOL_A_CHANNELS_HEADER, 0, ifname,
			       &msg);
	if (!r)
		r = ethtool_nla_put_opt_u32(msg, ETHTOOL_A_CHANNELS_RX_COUNT, want->rx);
	if (!r)
		r = ethtool_nla_put_opt_u32(msg, ETHTOOL_A_CHANNELS_TX_COUNT, want->tx);
	if (!r)
		r = ethtool_nla_put_opt_u32(msg, ETHTOOL_A_CHANNELS_COMBINED_COUNT, want->combined);
	return r ? r : ethtool_nl_send_set(et, msg, ack);
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
	mod |= ethtool_ioctl_update_u32(&ch.rx_count, want->rx);
	mod |= ethtool_ioctl_update_u32(&ch.tx_count, want->tx);
	mod |= ethtool_ioctl_update_u32(&ch.combined_count, want->combined);
	if (!mod)
		return 0;
	ch.cmd = ETHTOOL_SCHANNELS;
	return ethtool_ioctl(et, ifname, &ch);
}

int ethtool_set_channels(struct nt_ethtool *et, const char *ifname,
			 const struct nt_channels_set *want, struct nt_extack *ack)
{
	ethtool_ack_clear(ack);
	if (ethtool_has_netlink(et)) {
		int r = ethtool_nl_set_channels(et, ifname, want, ack);

		if (ethtool_nl_set_stands(et, ETHTOOL_MSG_CHANNELS_SET, r, ack))
			return r;
	}
	return ethtool_ioctl_set_channels(et, ifname, want);
}
