// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * rtnetlink's view of the devices (links.h). The two requests are built
 * once with libnl and sent again with a new sequence number (and index);
 * answers are parsed from one buffer with libnl's message and attribute
 * helpers: libnl's own receive path allocates a message per answer, and a
 * steady cycle must not allocate.
 */
#include "sample/links.h"
#include "util/array.h"
#include "util/cleanup.h"

#include <errno.h>
#include <linux/if.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <netlink/attr.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>
#include <netlink/socket.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>

/* A dump now and then even when no notification was lost: the list must
 * not depend forever on every notification having been read right. */
#define LINKS_REDUMP_S 60.0
/* One answer to a dump carries as many whole messages as fit (netlink_dump()
 * in net/netlink/af_netlink.c sizes it by the reader's buffer, at least
 * 16 KiB); a device's entry without statistics is about 1.1 KiB. */
#define LINKS_BUF_SIZE (64 * 1024)
#define LINKS_MON_RCVBUF (256 * 1024)
#define LINKS_TIMEOUT_S 5

/* ---- the list ----------------------------------------------------------- */

static struct nt_link *find(struct nt_links *l, int ifindex)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->v[i].ifindex == ifindex)
			return &l->v[i];
	return NULL;
}

static void drop(struct nt_links *l, int ifindex)
{
	struct nt_link *k = find(l, ifindex);

	if (k) {
		*k = l->v[--l->n];
		l->unsorted = true;
	}
}

/*
 * An RTM_NEWLINK, from a dump or a notification. The kind (physical,
 * bond, virtual) needs sysfs and is looked up again only when the name
 * changes: a device never changes what it is.
 */
static int upsert(struct nt_links *l, struct nlmsghdr *h)
{
	struct ifinfomsg *ifi = nlmsg_data(h);
	struct nlattr *tb[IFLA_MAX + 1];
	const char *name;
	struct nt_link *k;

	if (h->nlmsg_len < (uint32_t)nlmsg_size(sizeof(*ifi)) ||
	    nlmsg_parse(h, sizeof(*ifi), tb, IFLA_MAX, NULL) < 0 || !tb[IFLA_IFNAME])
		return 0;
	name = nla_get_string(tb[IFLA_IFNAME]);
	if (!name[0] || strnlen(name, IF_NAMESIZE) == IF_NAMESIZE)
		return 0;
	k = find(l, ifi->ifi_index);
	if (!k) {
		if (array_grow(l->v, &l->cap, l->n, 64) < 0)
			return -ENOMEM;
		k = &l->v[l->n++];
		memset(k, 0, sizeof(*k));
		k->ifindex = ifi->ifi_index;
	}
	if (strcmp(k->name, name)) {
		snprintf(k->name, sizeof(k->name), "%s", name);
		k->classified = false;
		l->unsorted = true;
	}
	k->type = ifi->ifi_type;
	k->operstate = tb[IFLA_OPERSTATE] ? nla_get_u8(tb[IFLA_OPERSTATE]) : IF_OPER_UNKNOWN;
	return 0;
}

static int apply(struct nt_links *l, struct nlmsghdr *h)
{
	if (h->nlmsg_type == RTM_NEWLINK)
		return upsert(l, h);
	if (h->nlmsg_type == RTM_DELLINK &&
	    h->nlmsg_len >= (uint32_t)nlmsg_size(sizeof(struct ifinfomsg)))
		drop(l, ((struct ifinfomsg *)nlmsg_data(h))->ifi_index);
	return 0;
}

/* ---- sockets ------------------------------------------------------------ */

static int open_socket(struct nl_sock **out, bool monitor)
{
	struct timeval tv = { .tv_sec = LINKS_TIMEOUT_S };
	struct nl_sock *sk = nl_socket_alloc();

	if (!sk)
		return -ENOMEM;
	if (nl_connect(sk, NETLINK_ROUTE) < 0)
		goto fail;
	if (monitor) {
		nl_socket_disable_seq_check(sk);
		if (nl_socket_add_membership(sk, RTNLGRP_LINK) < 0 ||
		    nl_socket_set_nonblocking(sk) < 0)
			goto fail;
		/* a burst of container starts between two cycles must fit */
		nl_socket_set_buffer_size(sk, LINKS_MON_RCVBUF, 0);
	} else {
		setsockopt(nl_socket_get_fd(sk), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	}
	*out = sk;
	return 0;
fail:
	nl_socket_free(sk);
	return -EPROTONOSUPPORT;
}

/*
 * Without statistics in the dump (RTEXT_FILTER_SKIP_STATS, 4.19; an older
 * kernel ignores the bit and sends them): the counters are asked per
 * watched device, so the dump's size is the list's, not the counters'.
 */
static struct nl_msg *build_request(int flags, uint32_t ext_mask)
{
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC };
	struct nl_msg *m = nlmsg_alloc_simple(RTM_GETLINK, NLM_F_REQUEST | flags);

	if (!m)
		return NULL;
	if (nlmsg_append(m, &ifi, sizeof(ifi), NLMSG_ALIGNTO) < 0 ||
	    (ext_mask && nla_put_u32(m, IFLA_EXT_MASK, ext_mask) < 0)) {
		nlmsg_free(m);
		return NULL;
	}
	return m;
}

int links_open(struct nt_links *l)
{
	int r;

	memset(l, 0, sizeof(*l));
	l->buf = malloc(LINKS_BUF_SIZE);
	if (!l->buf)
		return -ENOMEM;
	l->buf_size = LINKS_BUF_SIZE;
	l->dump_rq = build_request(NLM_F_DUMP, RTEXT_FILTER_SKIP_STATS);
	l->get_rq = build_request(0, 0);
	if (!l->dump_rq || !l->get_rq) {
		links_close(l);
		return -ENOMEM;
	}
	/* subscribed before the first dump: nothing between the two is missed */
	r = open_socket(&l->mon, true);
	if (r == 0)
		r = open_socket(&l->req, false);
	if (r < 0) {
		links_close(l);
		return r;
	}
	l->stale = true;
	return 0;
}

void links_close(struct nt_links *l)
{
	if (l->mon)
		nl_socket_free(l->mon);
	if (l->req)
		nl_socket_free(l->req);
	if (l->dump_rq)
		nlmsg_free(l->dump_rq);
	if (l->get_rq)
		nlmsg_free(l->get_rq);
	free(l->v);
	free(l->buf);
	memset(l, 0, sizeof(*l));
}

/* ---- requests ----------------------------------------------------------- */

static int send_request(struct nt_links *l, struct nl_msg *rq, int ifindex)
{
	struct nlmsghdr *h = nlmsg_hdr(rq);
	struct ifinfomsg *ifi = nlmsg_data(h);

	h->nlmsg_seq = ++l->seq;
	ifi->ifi_index = ifindex;
	if (send(nl_socket_get_fd(l->req), h, h->nlmsg_len, 0) < 0)
		return -errno;
	return 0;
}

/* One datagram into l->buf: its length, or -errno (-EMSGSIZE when cut). */
static ssize_t receive(struct nt_links *l, struct nl_sock *sk)
{
	ssize_t n = recv(nl_socket_get_fd(sk), l->buf, l->buf_size, MSG_TRUNC);

	if (n < 0)
		return -errno;
	return (size_t)n > l->buf_size ? -EMSGSIZE : n;
}

/*
 * The answers to request l->seq: each RTM_NEWLINK to @fn, until the
 * dump's DONE or the one answer of a GET. NLM_F_DUMP_INTR means the list
 * changed while the kernel walked it (rtnl_dump_ifinfo checks the
 * sequence): the caller dumps again.
 */
static int read_answers(struct nt_links *l, bool dump,
			int (*fn)(struct nt_links *, struct nlmsghdr *, void *), void *arg)
{
	for (;;) {
		ssize_t n = receive(l, l->req);
		int left = (int)n;

		if (n < 0)
			return (int)n;
		for (struct nlmsghdr *h = (struct nlmsghdr *)l->buf; nlmsg_ok(h, left);
		     h = nlmsg_next(h, &left)) {
			int r = 0;

			if (h->nlmsg_seq != l->seq)
				continue; /* an answer to a request that timed out */
			if (h->nlmsg_type == NLMSG_ERROR) {
				struct nlmsgerr *e = nlmsg_data(h);

				return e->error < 0 ? e->error : -EIO;
			}
			if (h->nlmsg_type == NLMSG_DONE)
				return 0;
			if (dump && (h->nlmsg_flags & NLM_F_DUMP_INTR))
				l->stale = true;
			if (h->nlmsg_type == RTM_NEWLINK)
				r = fn(l, h, arg);
			if (r < 0 || (r > 0 && !dump))
				return r < 0 ? r : 0;
		}
	}
}

/* ---- refresh ------------------------------------------------------------ */

static int dumped(struct nt_links *l, struct nlmsghdr *h, void *seen)
{
	struct ifinfomsg *ifi = nlmsg_data(h);
	int r = upsert(l, h);

	if (r == 0 && h->nlmsg_len >= (uint32_t)nlmsg_size(sizeof(*ifi))) {
		struct nt_link *k = find(l, ifi->ifi_index);

		/* the list's order is free: mark by moving into the seen prefix */
		if (k && (size_t)(k - l->v) >= *(size_t *)seen) {
			struct nt_link tmp = l->v[*(size_t *)seen];

			l->v[*(size_t *)seen] = *k;
			*k = tmp;
			l->unsorted = true;
			(*(size_t *)seen)++;
		}
	}
	return r;
}

static int dump(struct nt_links *l, double now_s)
{
	size_t seen = 0;
	int r;

	l->stale = false;
	r = send_request(l, l->dump_rq, 0);
	if (r == 0)
		r = read_answers(l, true, dumped, &seen);
	if (r < 0) {
		l->stale = true;
		return r;
	}
	l->n = seen; /* devices the dump did not list are gone */
	l->dumped_at = now_s;
	return 0;
}

/* Every notification waiting on the monitor socket, in order. */
static int drain(struct nt_links *l)
{
	for (;;) {
		ssize_t n = receive(l, l->mon);
		int left = (int)n;

		if (n == -EAGAIN || n == -EWOULDBLOCK)
			return 0;
		if (n < 0) {
			/* ENOBUFS: the kernel dropped some; the list is unknown */
			l->stale = true;
			return n == -ENOBUFS || n == -EMSGSIZE ? 0 : (int)n;
		}
		for (struct nlmsghdr *h = (struct nlmsghdr *)l->buf; nlmsg_ok(h, left);
		     h = nlmsg_next(h, &left)) {
			int r = apply(l, h);

			if (r < 0)
				return r;
		}
	}
}

/*
 * By name, as the snapshot keeps its devices: the sampler then adds them
 * in order and its own sort has nothing to move. Insertion sort, run only
 * after a change: small entries, and qsort() may allocate.
 */
static void sort_by_name(struct nt_links *l)
{
	for (size_t i = 1; i < l->n; i++) {
		struct nt_link tmp = l->v[i];
		size_t j = i;

		while (j > 0 && strcmp(l->v[j - 1].name, tmp.name) > 0) {
			l->v[j] = l->v[j - 1];
			j--;
		}
		l->v[j] = tmp;
	}
	l->unsorted = false;
}

int links_refresh(struct nt_links *l, double now_s)
{
	int r = drain(l);

	if (r == -ENOMEM)
		return r;
	if (r < 0 || now_s - l->dumped_at >= LINKS_REDUMP_S || now_s < l->dumped_at)
		l->stale = true;
	if (l->stale)
		r = dump(l, now_s);
	if (l->unsorted)
		sort_by_name(l);
	return r;
}

/* ---- one device's counters ---------------------------------------------- */

static int got_stats(struct nt_links *l, struct nlmsghdr *h, void *out)
{
	struct nlattr *tb[IFLA_MAX + 1];
	struct rtnl_link_stats64 st;
	uint64_t *v = out;

	if (nlmsg_parse(h, sizeof(struct ifinfomsg), tb, IFLA_MAX, NULL) < 0 || !tb[IFLA_STATS64])
		return -ENODATA;
	/* a kernel's struct may be shorter or longer than our header's */
	memset(&st, 0, sizeof(st));
	memcpy(&st, nla_data(tb[IFLA_STATS64]),
	       (size_t)nla_len(tb[IFLA_STATS64]) < sizeof(st) ? (size_t)nla_len(tb[IFLA_STATS64]) :
								sizeof(st));
	v[NT_IFS_RX_PACKETS] = st.rx_packets;
	v[NT_IFS_RX_BYTES] = st.rx_bytes;
	v[NT_IFS_RX_ERRORS] = st.rx_errors;
	v[NT_IFS_RX_DROPPED] = st.rx_dropped;
	v[NT_IFS_RX_MISSED_ERRORS] = st.rx_missed_errors;
	v[NT_IFS_RX_FIFO_ERRORS] = st.rx_fifo_errors;
	v[NT_IFS_RX_OVER_ERRORS] = st.rx_over_errors;
	v[NT_IFS_RX_CRC_ERRORS] = st.rx_crc_errors;
	v[NT_IFS_RX_FRAME_ERRORS] = st.rx_frame_errors;
	v[NT_IFS_RX_LENGTH_ERRORS] = st.rx_length_errors;
	v[NT_IFS_TX_PACKETS] = st.tx_packets;
	v[NT_IFS_TX_BYTES] = st.tx_bytes;
	v[NT_IFS_TX_ERRORS] = st.tx_errors;
	v[NT_IFS_TX_DROPPED] = st.tx_dropped;
	v[NT_IFS_TX_FIFO_ERRORS] = st.tx_fifo_errors;
	v[NT_IFS_COLLISIONS] = st.collisions;
	return 1;
}

int links_get_stats(struct nt_links *l, int ifindex, uint64_t ifstat[NT_IFS_COUNT])
{
	int r = send_request(l, l->get_rq, ifindex);

	if (r == 0)
		r = read_answers(l, false, got_stats, ifstat);
	return r;
}

const char *links_operstate_name(uint8_t operstate)
{
	static const char *const names[] = {
		[IF_OPER_UNKNOWN] = "unknown", [IF_OPER_NOTPRESENT] = "notpresent",
		[IF_OPER_DOWN] = "down",       [IF_OPER_LOWERLAYERDOWN] = "lowerlayerdown",
		[IF_OPER_TESTING] = "testing", [IF_OPER_DORMANT] = "dormant",
		[IF_OPER_UP] = "up",
	};

	return operstate < NT_ARRAY_SIZE(names) ? names[operstate] : "unknown";
}
