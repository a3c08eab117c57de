// SPDX-License-Identifier: GPL-2.0-or-later
#include "daemon/monitor.h"

#include <errno.h>
#include <linux/ethtool_netlink.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/netlink.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct nt_monitor {
	struct nl_sock *sk;
	void (*changed)(void *user, const char *ifname);
	void *user;
};

static const struct nla_policy header_policy[ETHTOOL_A_HEADER_MAX + 1] = {
	[ETHTOOL_A_HEADER_DEV_NAME] = { .type = NLA_NUL_STRING },
};

/* Every notification we care about carries the header nest as attribute 1. */
static int on_notification(struct nl_msg *msg, void *arg)
{
	struct nt_monitor *m = arg;
	struct genlmsghdr *gh = nlmsg_data(nlmsg_hdr(msg));
	struct nlattr *top[2], *hdr[ETHTOOL_A_HEADER_MAX + 1];

	switch (gh->cmd) {
	case ETHTOOL_MSG_RINGS_NTF:
	case ETHTOOL_MSG_CHANNELS_NTF:
	case ETHTOOL_MSG_EEE_NTF:
		break;
	default:
		return NL_SKIP;
	}
	if (genlmsg_parse(nlmsg_hdr(msg), 0, top, 1, NULL) < 0 || !top[1])
		return NL_SKIP;
	if (nla_parse_nested(hdr, ETHTOOL_A_HEADER_MAX, top[1],
			     (struct nla_policy *)header_policy) < 0 ||
	    !hdr[ETHTOOL_A_HEADER_DEV_NAME])
		return NL_SKIP;
	m->changed(m->user, nla_get_string(hdr[ETHTOOL_A_HEADER_DEV_NAME]));
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
	/* notifications carry sequence 0: nothing to match */
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
	/* NLE_AGAIN: drained. An overrun (ENOBUFS) lost notifications; the next
	 * cycle compares every value anyway. */
	if (r == -NLE_AGAIN || r == -NLE_NOMEM)
		return 0;
	return -EIO;
}
