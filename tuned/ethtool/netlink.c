// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Rings, channels and EEE over the "ethtool" generic netlink family
 * (Documentation/networking/ethtool-netlink.rst). One request, one reply:
 * every get sends the device name in the request header nest and parses the
 * single reply in the valid callback, then waits for the ACK or the error.
 * The sets (set_nl.c) share the socket and the wait, and get only the ACK.
 */
#include "ethtool_int.h"

#include <errno.h>
#include <linux/ethtool_netlink.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/netlink.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>

#include "util/cleanup.h"

/* A reply that never comes must not stall the sampler for good. */
#define NL_TIMEOUT_S 5

/* Largest attribute number we parse in any reply (the table below). */
#define NL_MAXATTR 16

typedef void (*reply_fn)(struct nlattr **tb, void *out);

struct nl_call {
	uint32_t seq;
	int maxattr;
	const struct nla_policy *policy;
	reply_fn parse;			/* NULL for a SET, answered by the ACK alone */
	void *out;
	struct nt_extack *ack;		/* NULL when the caller wants no message */
	int err;
	bool done;
	bool replied;
};

void ethtool_nlmsg_freep(struct nl_msg **m)
{
	if (*m)
		nlmsg_free(*m);
}

/* libnl error codes back to errno, for the few that reach us. */
static int nlerr_to_errno(int nle)
{
	switch (nle < 0 ? -nle : nle) {
	case NLE_NOMEM:
		return -ENOMEM;
	case NLE_AGAIN:
		return -ETIMEDOUT;
	case NLE_NODEV:
		return -ENODEV;
	case NLE_OPNOTSUPP:
		return -EOPNOTSUPP;
	case NLE_PERM:
	case NLE_NOACCESS:
		return -EPERM;
	case NLE_INVAL:
		return -EINVAL;
	case NLE_MSGSIZE:
	case NLE_MSG_TRUNC:
		return -EMSGSIZE;
	default:
		return -EIO;
	}
}

/* ---- callbacks ---------------------------------------------------------- */

static int on_valid(struct nl_msg *msg, void *arg)
{
	struct nl_call *c = arg;
	struct nlattr *tb[NL_MAXATTR + 1];

	if (!c->parse)
		return NL_SKIP;
	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, c->maxattr, c->policy) < 0) {
		c->err = -EPROTO;
		return NL_STOP;
	}
	c->parse(tb, c->out);
	c->replied = true;
	return NL_OK;
}

/*
 * NLMSG_ERROR with a non-zero code: the kernel's -errno, e.g. -ENODEV.
 * libnl passes nlmsg_data() of the NLMSG_ERROR after checking that the
 * header's nlmsg_len fits what was received and holds a struct nlmsgerr.
 */
static int on_error(struct sockaddr_nl *who, struct nlmsgerr *e, void *arg)
{
	struct nl_call *c = arg;

	if (c->seq && e->msg.nlmsg_seq != c->seq)
		return NL_SKIP;
	c->err = e->error < 0 ? e->error : -EIO;
	c->done = true;
	if (c->ack)
		ethtool_nl_extack((struct nlmsghdr *)((char *)e - NLMSG_HDRLEN), c->ack);
	return NL_STOP;
}

/* The ACK is an NLMSG_ERROR with error 0; it may carry a warning. */
static int on_ack(struct nl_msg *msg, void *arg)
{
	struct nl_call *c = arg;

	c->done = true;
	if (c->ack)
		ethtool_nl_extack(nlmsg_hdr(msg), c->ack);
	return NL_STOP;
}

/*
 * Skip answers to an earlier request that timed out instead of failing the
 * whole receive with NLE_SEQ_MISMATCH as libnl's default check would.
 */
static int on_seq(struct nl_msg *msg, void *arg)
{
	struct nl_call *c = arg;

	return nlmsg_hdr(msg)->nlmsg_seq == c->seq ? NL_OK : NL_SKIP;
}

/* ---- socket ------------------------------------------------------------- */

static int nl_setup(struct nt_ethtool *et)
{
	struct timeval tv = { .tv_sec = NL_TIMEOUT_S };
	int one = 1;
	int r;

	et->nl = nl_socket_alloc();
	et->cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!et->nl || !et->cb)
		return -ENOMEM;
	r = genl_connect(et->nl);
	if (r < 0)
		return nlerr_to_errno(r);
	setsockopt(nl_socket_get_fd(et->nl), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	/*
	 * The kernel's reason for a refused SET (NL_SET_ERR_MSG in
	 * net/ethtool/). Kernels before 4.12 reject the option and simply
	 * send bare errors.
	 */
	setsockopt(nl_socket_get_fd(et->nl), SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	/* Negative (NLE_OBJ_NOTFOUND) on kernels before 5.6. */
	et->family = genl_ctrl_resolve(et->nl, ETHTOOL_GENL_NAME);
	return et->family < 0 ? -EOPNOTSUPP : 0;
}

int ethtool_nl_open(struct nt_ethtool *et)
{
	int r = nl_setup(et);

	if (r)
		ethtool_nl_close(et);
	return r;
}

void ethtool_nl_close(struct nt_ethtool *et)
{
	if (et->cb)
		nl_cb_put(et->cb);
	if (et->nl)
		nl_socket_free(et->nl);
	et->cb = NULL;
	et->nl = NULL;
	et->family = -1;
}

/* ---- one request -------------------------------------------------------- */

static int put_request(struct nl_msg *msg, int family, uint8_t cmd, int hdr_attr,
		       const char *ifname, uint32_t flags)
{
	struct nlattr *hdr;

	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, family, 0, 0, cmd,
			 ETHTOOL_GENL_VERSION))
		return -ENOMEM;
	hdr = nla_nest_start(msg, hdr_attr);
	if (!hdr || nla_put_string(msg, ETHTOOL_A_HEADER_DEV_NAME, ifname) < 0)
		return -EMSGSIZE;
	if (flags && nla_put_u32(msg, ETHTOOL_A_HEADER_FLAGS, flags) < 0)
		return -EMSGSIZE;
	nla_nest_end(msg, hdr);
	return 0;
}

static int wait_reply(struct nt_ethtool *et, struct nl_call *c)
{
	nl_cb_set(et->cb, NL_CB_VALID, NL_CB_CUSTOM, on_valid, c);
	nl_cb_set(et->cb, NL_CB_ACK, NL_CB_CUSTOM, on_ack, c);
	nl_cb_set(et->cb, NL_CB_SEQ_CHECK, NL_CB_CUSTOM, on_seq, c);
	nl_cb_err(et->cb, NL_CB_CUSTOM, on_error, c);

	while (!c->done && !c->err) {
		int r = nl_recvmsgs(et->nl, et->cb);

		/* on_error's NL_STOP also ends here with a libnl code: keep ours. */
		if (r < 0 && !c->err)
			return nlerr_to_errno(r);
	}
	if (c->err)
		return c->err;
	/* A GET that ends with a bare ACK got no data; a SET gets only that. */
	return c->replied || !c->parse ? 0 : -ENODATA;
}

int ethtool_nl_request(struct nt_ethtool *et, uint8_t cmd, int hdr_attr, uint32_t flags,
		       const char *ifname, struct nl_msg **out)
{
	_cleanup_(ethtool_nlmsg_freep) struct nl_msg *msg = NULL;
	int r;

	*out = NULL;
	if (!et->nl)
		return -EOPNOTSUPP;
	if (!*ifname || strlen(ifname) >= IFNAMSIZ)
		return -EINVAL;
	msg = nlmsg_alloc();
	if (!msg)
		return -ENOMEM;
	r = put_request(msg, et->family, cmd, hdr_attr, ifname, flags);
	if (r)
		return r;
	*out = msg;
	msg = NULL;
	return 0;
}

static int nl_transact(struct nt_ethtool *et, struct nl_msg *msg, struct nl_call *c)
{
	/* Adds NLM_F_REQUEST | NLM_F_ACK and fills in the sequence number. */
	int r = nl_send_auto(et->nl, msg);

	if (r < 0)
		return nlerr_to_errno(r);
	c->seq = nlmsg_hdr(msg)->nlmsg_seq;
	return wait_reply(et, c);
}

int ethtool_nl_send_set(struct nt_ethtool *et, struct nl_msg *msg, struct nt_extack *ack)
{
	struct nl_call c = { .ack = ack };

	return nl_transact(et, msg, &c);
}

static int nl_get(struct nt_ethtool *et, uint8_t cmd, int hdr_attr, uint32_t flags,
		  const char *ifname, struct nl_call *c)
{
	_cleanup_(ethtool_nlmsg_freep) struct nl_msg *msg = NULL;
	int r = ethtool_nl_request(et, cmd, hdr_attr, flags, ifname, &msg);

	return r ? r : nl_transact(et, msg, c);
}

static uint32_t get_u32(struct nlattr **tb, int type)
{
	return tb[type] ? nla_get_u32(tb[type]) : 0;
}

static bool get_bool(struct nlattr **tb, int type)
{
	return tb[type] && nla_get_u8(tb[type]);
}

/* ---- RINGS_GET ---------------------------------------------------------- */

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

static void rings_reply(struct nlattr **tb, void *arg)
{
	struct nt_ring *out = arg;

	out->rx_max = get_u32(tb, ETHTOOL_A_RINGS_RX_MAX);
	out->rx_mini_max = get_u32(tb, ETHTOOL_A_RINGS_RX_MINI_MAX);
	out->rx_jumbo_max = get_u32(tb, ETHTOOL_A_RINGS_RX_JUMBO_MAX);
	out->tx_max = get_u32(tb, ETHTOOL_A_RINGS_TX_MAX);
	out->rx = get_u32(tb, ETHTOOL_A_RINGS_RX);
	out->rx_mini = get_u32(tb, ETHTOOL_A_RINGS_RX_MINI);
	out->rx_jumbo = get_u32(tb, ETHTOOL_A_RINGS_RX_JUMBO);
	out->tx = get_u32(tb, ETHTOOL_A_RINGS_TX);
}

int ethtool_nl_get_rings(struct nt_ethtool *et, const char *ifname, struct nt_ring *out)
{
	struct nl_call c = {
		.maxattr = ETHTOOL_A_RINGS_MAX,
		.policy = rings_policy,
		.parse = rings_reply,
		.out = out,
	};
	int r;

	_Static_assert(ETHTOOL_A_RINGS_MAX <= NL_MAXATTR, "tb too small");
	memset(out, 0, sizeof(*out));
	r = nl_get(et, ETHTOOL_MSG_RINGS_GET, ETHTOOL_A_RINGS_HEADER, 0, ifname, &c);
	if (r)
		memset(out, 0, sizeof(*out));
	out->err = r;
	return r;
}

/* ---- CHANNELS_GET ------------------------------------------------------- */

/* Same rule as rings: no attributes for a kind whose maximum is 0. */
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

static void channels_reply(struct nlattr **tb, void *arg)
{
	struct nt_channels *out = arg;

	out->rx_max = get_u32(tb, ETHTOOL_A_CHANNELS_RX_MAX);
	out->tx_max = get_u32(tb, ETHTOOL_A_CHANNELS_TX_MAX);
	out->other_max = get_u32(tb, ETHTOOL_A_CHANNELS_OTHER_MAX);
	out->combined_max = get_u32(tb, ETHTOOL_A_CHANNELS_COMBINED_MAX);
	out->rx = get_u32(tb, ETHTOOL_A_CHANNELS_RX_COUNT);
	out->tx = get_u32(tb, ETHTOOL_A_CHANNELS_TX_COUNT);
	out->other = get_u32(tb, ETHTOOL_A_CHANNELS_OTHER_COUNT);
	out->combined = get_u32(tb, ETHTOOL_A_CHANNELS_COMBINED_COUNT);
}

int ethtool_nl_get_channels(struct nt_ethtool *et, const char *ifname, struct nt_channels *out)
{
	struct nl_call c = {
		.maxattr = ETHTOOL_A_CHANNELS_MAX,
		.policy = channels_policy,
		.parse = channels_reply,
		.out = out,
	};
	int r;

	_Static_assert(ETHTOOL_A_CHANNELS_MAX <= NL_MAXATTR, "tb too small");
	memset(out, 0, sizeof(*out));
	r = nl_get(et, ETHTOOL_MSG_CHANNELS_GET, ETHTOOL_A_CHANNELS_HEADER, 0, ifname, &c);
	if (r)
		memset(out, 0, sizeof(*out));
	out->err = r;
	return r;
}

/* ---- EEE_GET ------------------------------------------------------------ */

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
 * as mask (net/ethtool/eee.c). We ask for the compact form, where the mask
 * is a u32 array; the verbose form lists one BITS_BIT per mask bit. Either
 * way "supported" means a non-empty mask, as ethtool's "not supported".
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
	nla_for_each_nested(bit, tb[ETHTOOL_A_BITSET_BITS], rem)
		if (nla_type(bit) == ETHTOOL_A_BITSET_BITS_BIT)
			return true;
	return false;
}

static void eee_reply(struct nlattr **tb, void *arg)
{
	struct nt_eee *out = arg;

	out->supported = tb[ETHTOOL_A_EEE_MODES_OURS] &&
			 bitset_mask_nonempty(tb[ETHTOOL_A_EEE_MODES_OURS]);
	out->enabled = get_bool(tb, ETHTOOL_A_EEE_ENABLED);
	out->active = get_bool(tb, ETHTOOL_A_EEE_ACTIVE);
	out->tx_lpi_enabled = get_bool(tb, ETHTOOL_A_EEE_TX_LPI_ENABLED);
	out->tx_lpi_timer_us = get_u32(tb, ETHTOOL_A_EEE_TX_LPI_TIMER);
}

int ethtool_nl_get_eee(struct nt_ethtool *et, const char *ifname, struct nt_eee *out)
{
	struct nl_call c = {
		.maxattr = ETHTOOL_A_EEE_MAX,
		.policy = eee_policy,
		.parse = eee_reply,
		.out = out,
	};
	int r;

	_Static_assert(ETHTOOL_A_EEE_MAX <= NL_MAXATTR, "tb too small");
	memset(out, 0, sizeof(*out));
	r = nl_get(et, ETHTOOL_MSG_EEE_GET, ETHTOOL_A_EEE_HEADER,
		   ETHTOOL_FLAG_COMPACT_BITSETS, ifname, &c);
	if (r)
		memset(out, 0, sizeof(*out));
	out->err = r;
	return r;
}
