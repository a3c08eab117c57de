// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The ethtool genl "monitor" multicast group: the subscription, and the
 * notifications read with the same reply parsers as the GET answers of
 * their families (rings.c, channels.c, eee.c), since ethnl_default_notify()
 * fills them with the same fill_reply as the GET (net/ethtool/netlink.c).
 */
#include "ethtool/monitor.h"
#include "ethtool_int.h"

#include <errno.h>
#include <linux/ethtool_netlink.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/netlink.h>
#include <stdio.h>
#include <stdlib.h>

struct nt_monitor {
	struct nl_sock *sk;
	void (*changed)(void *user, const char *ifname);
	void *user;
};

/* The families whose _NTF tells that a value nettuned reads has changed. */
static const struct ethtool_nl_reply *const notified[] = {
	&ethtool_rings_reply,
	&ethtool_channels_reply,
	&ethtool_eee_reply,
};

/* Room for whichever family's values a notification carries. */
union notified_values {
	struct nt_ring ring;
	struct nt_channels channels;
	struct nt_eee eee;
};

static const struct ethtool_nl_reply *notified_reply(uint8_t cmd)
{
	for (size_t i = 0; i < sizeof(notified) / sizeof(notified[0]); i++)
		if (notified[i]->ntf_cmd == cmd)
			return notified[i];
	return NULL;
}

/*
 * The group also carries notifications nettuned does not read (link modes,
 * features, WoL...): skipped. A notification of ours that does not parse
 * as its GET reply would is skipped too. The values themselves are not
 * passed on: the caller is told the device and re-reads what it keeps, so
 * one reading path serves both its cycle and a notification.
 */
static int on_notification(struct nl_msg *msg, void *arg)
{
	struct nt_monitor *m = arg;
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	const struct ethtool_nl_reply *rp;
	union notified_values values;
	const char *ifname;

	if (!genlmsg_valid_hdr(nlh, 0))
		return NL_SKIP;
	rp = notified_reply(((struct genlmsghdr *)nlmsg_data(nlh))->cmd);
	if (!rp || ethtool_nl_parse_reply(nlh, rp, &values, &ifname) < 0)
		return NL_SKIP;
	m->changed(m->user, ifname);
	return NL_OK;
}

int monitor_open(struct nt_monitor **out, char *err, size_t errlen)
{
	struct nt_monitor *m = calloc(1, sizeof(*m));
	int group, r;

	*out = NULL;
	if (!m)
		return -ENOMEM;
	m->sk = nl_socket_alloc();
	if (!m->sk) {
		free(m);
		return -ENOMEM;
	}
	r = genl_connect(m->sk);
	if (r < 0)
		goto fail;
	group = genl_ctrl_resolve_grp(m->sk, ETHTOOL_GENL_NAME, ETHTOOL_MCGRP_MONITOR_NAME);
	if (group < 0) {
		r = group;
		goto fail;
	}
	r = nl_socket_add_membership(m->sk, group);
	if (r < 0)
		goto fail;
	/* Notifications carry sequence 0: nothing to match. */
	nl_socket_disable_seq_check(m->sk);
	nl_socket_modify_cb(m->sk, NL_CB_VALID, NL_CB_CUSTOM, on_notification, m);
	r = nl_socket_set_nonblocking(m->sk);
	if (r < 0)
		goto fail;
	*out = m;
	return 0;
fail:
	snprintf(err, errlen, "ethtool netlink monitor group: %s", nl_geterror(r));
	nl_socket_free(m->sk);
	free(m);
	return -EOPNOTSUPP;
}

void monitor_close(struct nt_monitor *m)
{
	if (!m)
		return;
	nl_socket_free(m->sk);
	free(m);
}

int monitor_fd(const struct nt_monitor *m)
{
	return nl_socket_get_fd(m->sk);
}

int monitor_receive(struct nt_monitor *m, void (*changed)(void *user, const char *ifname),
		    void *user)
{
	int r;

	m->changed = changed;
	m->user = user;
	do {
		r = nl_recvmsgs_default(m->sk);
	} while (r >= 0);
	/*
	 * NLE_AGAIN: drained. An overrun (ENOBUFS) lost notifications; the
	 * next cycle compares every value anyway.
	 */
	if (r == -NLE_AGAIN || r == -NLE_NOMEM)
		return 0;
	return -EIO;
}
