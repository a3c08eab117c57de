// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Energy-Efficient Ethernet (`ethtool --show-eee`, `--set-eee`):
 * ETHTOOL_MSG_EEE_GET and _SET over ethtool genl (Linux 5.7,
 * net/ethtool/eee.c), ETHTOOL_GEEE and ETHTOOL_SEEE through SIOCETHTOOL on
 * older kernels. The reply parser also reads EEE_NTF for the monitor.
 */
#include "ethtool_int.h"

#include <errno.h>
#include <linux/ethtool.h>
#include <linux/ethtool_netlink.h>
#include <netlink/attr.h>
#include <string.h>

#include "util/cleanup.h"

/* ---- reply: EEE_GET and EEE_NTF ----------------------------------------- */

static const struct nla_policy eee_policy[ETHTOOL_A_EEE_MAX + 1] = {
	[ETHTOOL_A_EEE_HEADER] = { .type = NLA_NESTED },
	[ETHTOOL_A_EEE_MODES_OURS] = { .type = NLA_NESTED },
	[ETHTOOL_A_EEE_MODES_PEER] = { .type = NLA_NESTED },
	[ETHTOOL_A_EEE_ACTIVE] = { .type = NLA_U8 },
	[ETHTOOL_A_EEE_ENABLED] = { .type = NLA_U8 },
	[ETHTOOL_A_EEE_TX_LPI_ENABLED] = { .type = NLA_U8 },
	[ETHTOOL_A_EEE_TX_LPI_TIMER] = { .type = NLA_U32 },
};

static bool any_bit(const struct nlattr *a)
{
	const unsigned char *p = nla_data(a);

	for (int i = 0; i < nla_len(a); i++)
		if (p[i])
			return true;
	return false;
}

/*
 * MODES_OURS carries the advertised modes as value and the supported ones
 * as mask. The GET asks for the compact form, where the mask is a u32
 * array; the verbose form lists one BITS_BIT per mask bit. Either way
 * "supported" means a non-empty mask, as ethtool's "not supported".
 */
static bool bitset_mask_nonempty(struct nlattr *bitset)
{
	struct nlattr *tb[ETHTOOL_A_BITSET_MAX + 1];
	struct nlattr *bit;
	int rem;

	if (nla_parse_nested(tb, ETHTOOL_A_BITSET_MAX, bitset, NULL) < 0)
		return false;
	if (tb[ETHTOOL_A_BITSET_MASK])
		return any_bit(tb[ETHTOOL_A_BITSET_MASK]);
	if (tb[ETHTOOL_A_BITSET_NOMASK] && tb[ETHTOOL_A_BITSET_VALUE])
		return any_bit(tb[ETHTOOL_A_BITSET_VALUE]);
	if (!tb[ETHTOOL_A_BITSET_BITS])
		return false;
	nla_for_each_nested(bit, tb[ETHTOOL_A_BITSET_BITS],
			    rem) if (nla_type(bit) == ETHTOOL_A_BITSET_BITS_BIT) return true;
	return false;
}

static void eee_parse_reply(struct nlattr **tb, void *arg)
{
	struct nt_eee *out = arg;

	out->supported =
		tb[ETHTOOL_A_EEE_MODES_OURS] && bitset_mask_nonempty(tb[ETHTOOL_A_EEE_MODES_OURS]);
	out->enabled = ethtool_nla_bool(tb, ETHTOOL_A_EEE_ENABLED);
	out->active = ethtool_nla_bool(tb, ETHTOOL_A_EEE_ACTIVE);
	out->tx_lpi_enabled = ethtool_nla_bool(tb, ETHTOOL_A_EEE_TX_LPI_ENABLED);
	out->tx_lpi_timer_us = ethtool_nla_u32(tb, ETHTOOL_A_EEE_TX_LPI_TIMER);
}

_Static_assert(ETHTOOL_A_EEE_MAX <= ETHTOOL_NL_MAXATTR, "tb too small");

const struct ethtool_nl_reply ethtool_eee_reply = {
	.get_cmd = ETHTOOL_MSG_EEE_GET,
	.ntf_cmd = ETHTOOL_MSG_EEE_NTF,
	.hdr_attr = ETHTOOL_A_EEE_HEADER,
	.get_flags = ETHTOOL_FLAG_COMPACT_BITSETS,
	.maxattr = ETHTOOL_A_EEE_MAX,
	.policy = eee_policy,
	.parse = eee_parse_reply,
};

/* ---- get ---------------------------------------------------------------- */

int ethtool_nl_get_eee(struct nt_ethtool *et, const char *ifname, struct nt_eee *out)
{
	int r;

	memset(out, 0, sizeof(*out));
	r = ethtool_nl_get(et, &ethtool_eee_reply, ifname, out);
	if (r)
		memset(out, 0, sizeof(*out));
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

int ethtool_get_eee(struct nt_ethtool *et, const char *ifname, struct nt_eee *out)
{
	if (ethtool_has_netlink(et)) {
		int r = ethtool_nl_get_eee(et, ifname, out);

		if (ethtool_nl_get_stands(et, ETHTOOL_MSG_EEE_GET, r))
			return r;
	}
	return ethtool_ioctl_get_eee(et, ifname, out);
}

/* ---- set ---------------------------------------------------------------- */

/*
 * Only ETHTOOL_A_EEE_ENABLED is sent, so the advertised modes, tx-lpi and
 * its timer stay as the driver has them.
 */
int ethtool_nl_set_eee_enabled(struct nt_ethtool *et, const char *ifname, bool enabled,
			       struct nt_extack *ack)
{
	_cleanup_(ethtool_nlmsg_freep) struct nl_msg *msg = NULL;
	int r;

	ethtool_ack_clear(ack);
	r = ethtool_nl_request(et, ETHTOOL_MSG_EEE_SET, ETHTOOL_A_EEE_HEADER, 0, ifname, &msg);
	if (!r && nla_put_u8(msg, ETHTOOL_A_EEE_ENABLED, enabled) < 0)
		r = -EMSGSIZE;
	return r ? r : ethtool_nl_send_set(et, msg, ack);
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

int ethtool_set_eee_enabled(struct nt_ethtool *et, const char *ifname, bool enabled,
			    struct nt_extack *ack)
{
	ethtool_ack_clear(ack);
	if (ethtool_has_netlink(et)) {
		int r = ethtool_nl_set_eee_enabled(et, ifname, enabled, ack);

		if (ethtool_nl_set_stands(et, ETHTOOL_MSG_EEE_SET, r, ack))
			return r;
	}
	return ethtool_ioctl_set_eee_enabled(et, ifname, enabled);
}
