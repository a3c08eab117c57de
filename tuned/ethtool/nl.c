// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The "ethtool" generic netlink transport (Documentation/networking/
 * ethtool-netlink.rst): the socket and family, one request with its header
 * nest, the wait for its reply and ACK or error, and the reply parse that
 * GETs and the monitor's notifications share. What a family asks and reads
 * is in its own file (rings.c, channels.c, eee.c).
 *
 * One request, one reply: a GET sends the device name in the request
 * header nest and parses the single reply, then waits for the ACK or the
 * error. A SET gets only the ACK. The GET request and the receive buffer
 * are the handle's, reused by every call: libnl's nl_recvmsgs() allocates
 * a message and a page per datagram, and a steady cycle must not allocate.
 */
#include "ethtool_int.h"

#include <errno.h>
#include <linux/ethtool_netlink.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/netlink.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>

#include "util/cleanup.h"

/* A reply that never comes must not stall the sampler for good. */
#define NL_TIMEOUT_S 5
/*
 * A GET's reply is one small message (the largest, strings of a feature
 * set, are not asked); the kernel cuts a datagram at the reader's buffer
 * (MSG_TRUNC tells), so a short buffer shows as -EMSGSIZE, never as a
 * silent loss. An extended ACK quotes the request: a few hundred bytes.
 */
#define NL_RXBUF_SIZE (16 * 1024)

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
	et->get_msg = nlmsg_alloc();
	et->rxbuf = malloc(NL_RXBUF_SIZE);
	if (!et->nl || !et->get_msg || !et->rxbuf)
		return -ENOMEM;
	et->rxbuf_size = NL_RXBUF_SIZE;
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
	if (et->get_msg)
		nlmsg_free(et->get_msg);
	if (et->nl)
		nl_socket_free(et->nl);
	free(et->rxbuf);
	et->get_msg = NULL;
	et->nl = NULL;
	et->rxbuf = NULL;
	et->rxbuf_size = 0;
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

/* ---- one answer ------------------------------------------------------- */

/* The error or ACK (error 0, maybe with a warning) that ends a call. */
static void on_error(struct nlmsghdr *h, struct nl_call *c)
{
	struct nlmsgerr *e = nlmsg_data(h);

	c->done = true;
	if (h->nlmsg_len < (uint32_t)nlmsg_size(sizeof(*e))) {
		c->err = -EPROTO;
		return;
	}
	if (e->error > 0)
		c->err = -EIO;
	else if (e->error < 0)
		c->err = e->error; /* the kernel's -errno, e.g. -ENODEV */
	if (c->ack)
		ethtool_nl_extack(h, c->ack);
}

/*
 * Answers to an earlier request that timed out are skipped (libnl's
 * default sequence check would fail the whole receive instead).
 */
static void on_message(struct nlmsghdr *h, struct nl_call *c)
{
	if (h->nlmsg_seq != c->seq)
		return;
	if (h->nlmsg_type == NLMSG_ERROR) {
		on_error(h, c);
	} else if (h->nlmsg_type == NLMSG_DONE) {
		c->done = true;
	} else if (c->reply) {
		if (ethtool_nl_parse_reply(h, c->reply, c->out, NULL) < 0)
			c->err = -EPROTO;
		else
			c->replied = true;
	}
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

static int receive(struct nt_ethtool *et)
{
	ssize_t n = recv(nl_socket_get_fd(et->nl), et->rxbuf, et->rxbuf_size, MSG_TRUNC);

	if (n < 0)
		return errno == EAGAIN || errno == EWOULDBLOCK ? -ETIMEDOUT : -errno;
	return (size_t)n > et->rxbuf_size ? -EMSGSIZE : (int)n;
}

static int wait_reply(struct nt_ethtool *et, struct nl_call *c)
{
	while (!c->done && !c->err) {
		int left = receive(et);

		if (left < 0)
			return left;
		for (struct nlmsghdr *h = (struct nlmsghdr *)et->rxbuf;
		     nlmsg_ok(h, left) && !c->done && !c->err; h = nlmsg_next(h, &left))
			on_message(h, c);
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

/*
 * The handle's GET request, emptied and filled again: libnl appends at
 * nlmsg_len (nlmsg_reserve()), and nlmsg_put() wants at least a header
 * there, so a length of one header is an empty message.
 */
int ethtool_nl_get(struct nt_ethtool *et, const struct ethtool_nl_reply *rp, const char *ifname,
		   void *out)
{
	struct nl_call c = { .reply = rp, .out = out };
	struct nlmsghdr *h;
	int r;

	if (!et->nl)
		return -EOPNOTSUPP;
	if (!*ifname || strlen(ifname) >= IFNAMSIZ)
		return -EINVAL;
	h = nlmsg_hdr(et->get_msg);
	memset(h, 0, NLMSG_HDRLEN);
	h->nlmsg_len = NLMSG_HDRLEN;
	r = put_request(et->get_msg, et->family, rp->get_cmd, rp->hdr_attr, ifname, rp->get_flags);
	return r ? r : nl_transact(et, et->get_msg, &c);
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
