// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The extended ACK of netlink (NETLINK_EXT_ACK, Linux 4.12): the text the
 * kernel attaches to an NLMSG_ERROR, e.g. "requested channel count exceeds
 * maximum" from net/ethtool/channels.c. libnl 3.7 has no parser for it.
 *
 * Layout written by netlink_ack() (net/netlink/af_netlink.c):
 *
 *   nlmsghdr (NLMSG_ERROR, flags NLM_F_ACK_TLVS [| NLM_F_CAPPED])
 *   struct nlmsgerr { int error; struct nlmsghdr msg; }   the request's header
 *   request payload, msg.nlmsg_len - NLMSG_HDRLEN bytes   left out when CAPPED
 *   padding to NLMSG_ALIGNTO
 *   TLVs: NLMSGERR_ATTR_MSG (string), NLMSGERR_ATTR_OFFS (u32), ...
 *
 * The kernel caps every plain ACK (error 0) and any error on a socket with
 * NETLINK_CAP_ACK; a warning on success uses the same TLVs.
 */
#include "ethtool_int.h"

#include <errno.h>
#include <linux/netlink.h>
#include <netlink/attr.h>
#include <netlink/msg.h>
#include <string.h>

static const struct nla_policy extack_policy[NLMSGERR_ATTR_MAX + 1] = {
	/* libnl checks the NUL at the end of an NLA_STRING. */
	[NLMSGERR_ATTR_MSG] = { .type = NLA_STRING },
};

/*
 * Offset of the first TLV from the start of the NLMSG_ERROR, or 0 when the
 * echoed request claims more bytes than the message holds.
 */
static size_t tlv_offset(const struct nlmsghdr *nlh, const struct nlmsgerr *e)
{
	size_t off = sizeof(struct nlmsgerr);
	size_t len = nlh->nlmsg_len;

	if (!(nlh->nlmsg_flags & NLM_F_CAPPED)) {
		if (e->msg.nlmsg_len < NLMSG_HDRLEN || e->msg.nlmsg_len > len)
			return 0;
		off += e->msg.nlmsg_len - NLMSG_HDRLEN;
	}
	off = NLMSG_HDRLEN + NLMSG_ALIGN(off);
	return off <= len ? off : 0;
}

int ethtool_nl_extack(struct nlmsghdr *nlh, struct nt_extack *ack)
{
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];
	const struct nlmsgerr *e;
	size_t off, len;

	ack->msg[0] = '\0';
	if (nlh->nlmsg_len < NLMSG_HDRLEN + sizeof(*e) || nlh->nlmsg_type != NLMSG_ERROR)
		return -EBADMSG;
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return 0;
	e = nlmsg_data(nlh);
	off = tlv_offset(nlh, e);
	if (!off)
		return -EBADMSG;
	/* A netlink message fits a socket buffer: nlmsg_len is far below INT_MAX. */
	len = nlh->nlmsg_len - off;
	if (len > INT32_MAX)
		return -EBADMSG;
	/* nla_parse() stops at the first TLV that overruns len (nla_ok()). */
	if (nla_parse(tb, NLMSGERR_ATTR_MAX, (struct nlattr *)((char *)nlh + off), (int)len,
		      extack_policy) < 0)
		return -EBADMSG;
	if (!tb[NLMSGERR_ATTR_MSG])
		return 0;
	nla_strlcpy(ack->msg, tb[NLMSGERR_ATTR_MSG], sizeof(ack->msg));
	return ack->msg[0] ? 1 : 0;
}
