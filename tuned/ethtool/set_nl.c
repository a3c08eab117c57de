// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * RINGS_SET, CHANNELS_SET and EEE_SET over ethtool genl (Linux 5.7). The
 * kernel answers a SET with an ACK or an error only; its reason for a
 * refusal comes as the extended ACK message (netlink.c, extack.c).
 *
 * Every SET goes through ethnl_default_set_doit() (net/ethtool/netlink.c):
 * the header names the device (-ENODEV, "no device matches name"), then the
 * command's set_validate answers -EOPNOTSUPP unless the driver has both the
 * get and the set operation, then the set handler reads the current values,
 * applies only the attributes present and returns without calling the
 * driver when nothing changed. Only the members asked for are sent, so the
 * others keep whatever the driver has, even if it changes meanwhile.
 */
#include "ethtool_int.h"

#include <errno.h>
#include <linux/ethtool_netlink.h>
#include <netlink/attr.h>
#include <netlink/msg.h>
#include <string.h>

#include "util/cleanup.h"

static void ack_clear(struct nt_extack *ack)
{
	if (ack)
		ack->msg[0] = '\0';
}

/* Adds @type as u32 when @v is not -1; @v was checked by ethtool_set_value_ok(). */
static int put_opt_u32(struct nl_msg *msg, int type, int64_t v)
{
	if (v < 0)
		return 0;
	return nla_put_u32(msg, type, (uint32_t)v) < 0 ? -EMSGSIZE : 0;
}

/* ---- RINGS_SET ----------------------------------------------------------- */

/*
 * net/ethtool/rings.c: each size above the driver's maximum is refused with
 * -EINVAL and "requested ring size exceeds maximum"; drivers add their own
 * limits (powers of two, minimums) in set_ringparam, often with a message.
 */
int ethtool_nl_set_rings(struct nt_ethtool *et, const char *ifname,
			 const struct nt_ring_set *want, struct nt_extack *ack)
{
	_cleanup_(ethtool_nlmsg_freep) struct nl_msg *msg = NULL;
	int r;

	ack_clear(ack);
	if (!ethtool_set_value_ok(want->rx) || !ethtool_set_value_ok(want->tx))
		return -EINVAL;
	r = ethtool_nl_request(et, ETHTOOL_MSG_RINGS_SET, ETHTOOL_A_RINGS_HEADER, 0, ifname, &msg);
	if (!r)
		r = put_opt_u32(msg, ETHTOOL_A_RINGS_RX, want->rx);
	if (!r)
		r = put_opt_u32(msg, ETHTOOL_A_RINGS_TX, want->tx);
	return r ? r : ethtool_nl_send_set(et, msg, ack);
}

/* ---- CHANNELS_SET -------------------------------------------------------- */

/*
 * net/ethtool/channels.c refuses with -EINVAL: a count above its maximum
 * ("requested channel count exceeds maximum"; a maximum of 0 means the kind
 * does not exist, as combined on veth), no RX or no TX channel left ("...
 * would result in no RX or TX channel being configured"), and dropping a
 * queue that an AF_XDP socket or an RSS context still uses.
 */
int ethtool_nl_set_channels(struct nt_ethtool *et, const char *ifname,
			    const struct nt_channels_set *want, struct nt_extack *ack)
{
	_cleanup_(ethtool_nlmsg_freep) struct nl_msg *msg = NULL;
	int r;

	ack_clear(ack);
	if (!ethtool_set_value_ok(want->rx) || !ethtool_set_value_ok(want->tx) ||
	    !ethtool_set_value_ok(want->combined))
		return -EINVAL;
	r = ethtool_nl_request(et, ETHTOOL_MSG_CHANNELS_SET, ETHTOOL_A_CHANNELS_HEADER, 0,
			       ifname, &msg);
	if (!r)
		r = put_opt_u32(msg, ETHTOOL_A_CHANNELS_RX_COUNT, want->rx);
	if (!r)
		r = put_opt_u32(msg, ETHTOOL_A_CHANNELS_TX_COUNT, want->tx);
	if (!r)
		r = put_opt_u32(msg, ETHTOOL_A_CHANNELS_COMBINED_COUNT, want->combined);
	return r ? r : ethtool_nl_send_set(et, msg, ack);
}

/* ---- EEE_SET ------------------------------------------------------------- */

/*
 * net/ethtool/eee.c: only ETHTOOL_A_EEE_ENABLED is sent, so the advertised
 * modes, tx-lpi and its timer stay as the driver has them.
 */
int ethtool_nl_set_eee_enabled(struct nt_ethtool *et, const char *ifname, bool enabled,
			       struct nt_extack *ack)
{
	_cleanup_(ethtool_nlmsg_freep) struct nl_msg *msg = NULL;
	int r;

	ack_clear(ack);
	r = ethtool_nl_request(et, ETHTOOL_MSG_EEE_SET, ETHTOOL_A_EEE_HEADER, 0, ifname, &msg);
	if (!r && nla_put_u8(msg, ETHTOOL_A_EEE_ENABLED, enabled) < 0)
		r = -EMSGSIZE;
	return r ? r : ethtool_nl_send_set(et, msg, ack);
}
