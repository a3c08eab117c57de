// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The live handle: one SIOCETHTOOL socket and, when the kernel has the
 * family, one ethtool genl socket, both kept open for the daemon's life;
 * and the rule by which rings.c, channels.c and eee.c decide whether
 * netlink's answer stands or the ioctl is asked.
 */
#include "ethtool_int.h"

#include <errno.h>
#include <linux/ethtool_netlink.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/utsname.h>

/*
 * Linux 5.6 registered the family with only the link, debug and WoL
 * messages; RINGS, CHANNELS and EEE (_GET and _SET) came in 5.7. genl
 * answers an unknown command with EOPNOTSUPP, the same errno as a driver
 * without the operation. From 5.7 on (or once a command has worked on this
 * kernel, which covers distribution backports) EOPNOTSUPP is the driver's
 * answer; before that it is checked with the ioctl.
 */
static bool kernel_has_nl_gets(void)
{
	struct utsname u;
	unsigned int major = 0, minor = 0;

	if (uname(&u) || sscanf(u.release, "%u.%u", &major, &minor) != 2)
		return false;
	return major > 5 || (major == 5 && minor >= 7);
}

int ethtool_open(struct nt_ethtool **out)
{
	struct nt_ethtool *et = calloc(1, sizeof(*et));
	int r;

	*out = NULL;
	if (!et)
		return -ENOMEM;
	et->fd = -1;
	et->family = -1;
	r = ethtool_ioctl_open(et);
	if (r) {
		free(et);
		return r;
	}
	/* No family (kernel < 5.6) or no genl at all: the ioctls still work. */
	if (!ethtool_nl_open(et) && kernel_has_nl_gets())
		et->nl_cmds_ok = ~0u;
	*out = et;
	return 0;
}

void ethtool_close(struct nt_ethtool *et)
{
	if (!et)
		return;
	ethtool_nl_close(et);
	ethtool_ioctl_close(et);
	free(et->strings);
	free(et->values);
	free(et);
}

bool ethtool_has_netlink(const struct nt_ethtool *et)
{
	return et && et->nl;
}

/*
 * Whether an answer from netlink stands or the ioctl should be asked: it
 * is asked after an EOPNOTSUPP that may mean "unknown command", and after
 * a failure of the socket rather than an answer about the device. A GET
 * that got no data message (-ENODATA) counts as such a failure; a SET is
 * answered by an ACK alone, so there -ENODATA would be the kernel's.
 *
 * After a timeout a SET may have been applied all the same: setting it
 * again through the ioctl does no harm.
 */
static bool nl_answer_stands(struct nt_ethtool *et, int cmd, int r, bool get)
{
	unsigned int bit = 1u << cmd;

	_Static_assert(ETHTOOL_MSG_EEE_GET < 32 && ETHTOOL_MSG_EEE_SET < 32,
		       "nl_cmds_ok is 32 bits");

	switch (r) {
	case 0:
		et->nl_cmds_ok |= bit;
		return true;
	case -EOPNOTSUPP:
		return et->nl_cmds_ok & bit;
	case -ETIMEDOUT:
	case -EIO:
	case -EPROTO:
		return false;
	case -ENODATA:
		return !get;
	default:
		return true;
	}
}

bool ethtool_nl_get_stands(struct nt_ethtool *et, int cmd, int r)
{
	return nl_answer_stands(et, cmd, r, true);
}

bool ethtool_nl_set_stands(struct nt_ethtool *et, int cmd, int r, struct nt_extack *ack)
{
	if (nl_answer_stands(et, cmd, r, false))
		return true;
	ethtool_ack_clear(ack);
	return false;
}
