// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The "ethtool" generic netlink transport (Documentation/networking/
 * ethtool-netlink.rst): the socket and family, one request with its header
 * nest, the wait for its reply and ACK or error, and the reply parse that
 * GETs and the monitor's notifications share. What a family asks and reads
 * is in its own file (rings.c, channels.c, eee.c).
 *
 * One request, one reply: a GET sends the device name in the request
 * header nest and parses the single reply in the valid callback, then waits
 * for the ACK or the error. A SET gets only the ACK.
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

struct nl_call {
	uint32_t seq;
	const struct ethtool_nl_reply *reply; /* NULL for a SET, answered by the ACK alone */
	void *out;
	struct nt_extack *ack; /* NULL when the caller wants no message */
	int err;
	bool done;
	bool replied;
};

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

/* ---- reply parse: GET answers and notifications ------------------------- */

static const struct nla_policy header_policy[ETHTOOL_A_HEADER_MAX + 1] = {
	[ETHTOOL_A_HEADER_DEV_NAME] = { .type = NLA_NUL_STRING },
};

/*
 * ethnl_fill_reply_header() puts the device's ifindex and name in every
 * reply and notification; a notification names no requester, so the name
 * is what tells whose values changed.
 */
static int header_dev_name(struct nlattr *hdr, const char **ifname)
{
	struct nlattr *tb[ETHTOOL_A_HEADER_MAX + 1];

	if (!hdr ||
	    nla_parse_nested(tb, ETHTOOL_A_HEADER_MAX, hdr, (struct nla_policy *)header_policy) < 0)
		return -EPROTO;
	if (!tb[ETHTOOL_A_HEADER_DEV_NAME])
		return -EPROTO;
	*ifname = nla_get_string(tb[ETHTOOL_A_HEADER_DEV_NAME]);
	return 0;
}

int ethtool_nl_parse_reply(struct nlmsghdr *nlh, const struct ethtool_nl_reply *rp, void *out,
			   const char **ifname)
{
	struct nlattr *tb[ETHTOOL_NL_MAXATTR + 1];

	/* Attributes newer than our headers (type > maxattr) are skipped by libnl. */
	if (rp->maxattr > ETHTOOL_NL_MAXATTR ||
	    genlmsg_parse(nlh, 0, tb, rp->maxattr, rp->policy) < 0)
		return -EPROTO;
	if (ifname && header_dev_name(tb[rp->hdr_attr], ifname))
		return -EPROTO;
	rp->parse(tb, out);
	return 0;
}

/* ---- callbacks ---------------------------------------------------------- */

static int on_valid(struct nl_msg *msg, void *arg)
{
	struct nl_call *c = arg;

	if (!c->reply)
		return NL_SKIP;
	if (ethtool_nl_parse_reply(nlmsg_hdr(msg), c->reply, c->out, NULL) < 0) {
		c->err = -EPROTO;
		return NL_STOP;
	}
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

/* ---- one request -------------------------------------------------------- */

static int put_request(struct nl_msg *msg, int family, uint8_t cmd, int hdr_attr,
		       const char *ifname, uint32_t flags)
{
	struct nlattr *hdr;

	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, family, 0, 0, cmd, ETHTOOL_GENL_VERSION))
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
	return c->replied || !c->reply ? 0 : -ENODATA;
}

void ethtool_nlmsg_freep(struct nl_msg **m)
{
	if (*m)
		nlmsg_free(*m);
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

int ethtool_nl_get(struct nt_ethtool *et, const struct ethtool_nl_reply *rp, const char *ifname,
		   void *out)
{
	_cleanup_(ethtool_nlmsg_freep) struct nl_msg *msg = NULL;
	struct nl_call c = { .reply = rp, .out = out };
	int r = ethtool_nl_request(et, rp->get_cmd, rp->hdr_attr, rp->get_flags, ifname, &msg);

	return r ? r : nl_transact(et, msg, &c);
}

/* ---- attribute helpers for the families --------------------------------- */

uint32_t ethtool_nla_u32(struct nlattr **tb, int type)
{
	return tb[type] ? nla_get_u32(tb[type]) : 0;
}

bool ethtool_nla_bool(struct nlattr **tb, int type)
{
	return tb[type] && nla_get_u8(tb[type]);
}

int ethtool_nla_put_opt_u32(struct nl_msg *msg, int type, int64_t v)
{
	if (v < 0)
		return 0;
	return nla_put_u32(msg, type, (uint32_t)v) < 0 ? -EMSGSIZE : 0;
}
