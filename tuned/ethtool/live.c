// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The live handle: one SIOCETHTOOL socket and, when the kernel has the
 * family, one ethtool genl socket, both kept open for the daemon's life.
 * Rings, channels and EEE, read or set, go to netlink first and to the
 * ioctl otherwise.
 */
#include "ethtool_int.h"

#include <errno.h>
#include <linux/ethtool_netlink.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/utsname.h>
#include <unistd.h>

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
	if (et->fd >= 0)
		close(et->fd);
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

static bool nl_trusted(struct nt_ethtool *et, int cmd, int r)
{
	return nl_answer_stands(et, cmd, r, true);
}

/* The same for a SET; the ioctl that follows has no message to give. */
static bool nl_set_trusted(struct nt_ethtool *et, int cmd, int r, struct nt_extack *ack)
{
	if (nl_answer_stands(et, cmd, r, false))
		return true;
	if (ack)
		ack->msg[0] = '\0';
	return false;
}

int ethtool_get_rings(struct nt_ethtool *et, const char *ifname, struct nt_ring *out)
{
	if (ethtool_has_netlink(et)) {
		int r = ethtool_nl_get_rings(et, ifname, out);

		if (nl_trusted(et, ETHTOOL_MSG_RINGS_GET, r))
			return r;
	}
	return ethtool_ioctl_get_rings(et, ifname, out);
}

int ethtool_get_channels(struct nt_ethtool *et, const char *ifname, struct nt_channels *out)
{
	if (ethtool_has_netlink(et)) {
		int r = ethtool_nl_get_channels(et, ifname, out);

		if (nl_trusted(et, ETHTOOL_MSG_CHANNELS_GET, r))
			return r;
	}
	return ethtool_ioctl_get_channels(et, ifname, out);
}

int ethtool_get_eee(struct nt_ethtool *et, const char *ifname, struct nt_eee *out)
{
	if (ethtool_has_netlink(et)) {
		int r = ethtool_nl_get_eee(et, ifname, out);

		if (nl_trusted(et, ETHTOOL_MSG_EEE_GET, r))
			return r;
	}
	return ethtool_ioctl_get_eee(et, ifname, out);
}

/* ---- sets ---------------------------------------------------------------- */

int ethtool_set_rings(struct nt_ethtool *et, const char *ifname,
		      const struct nt_ring_set *want, struct nt_extack *ack)
{
	if (ack)
		ack->msg[0] = '\0';
	if (ethtool_has_netlink(et)) {
		int r = ethtool_nl_set_rings(et, ifname, want, ack);

		if (nl_set_trusted(et, ETHTOOL_MSG_RINGS_SET, r, ack))
			return r;
	}
	return ethtool_ioctl_set_rings(et, ifname, want);
}

int ethtool_set_channels(struct nt_ethtool *et, const char *ifname,
			 const struct nt_channels_set *want, struct nt_extack *ack)
{
	if (ack)
		ack->msg[0] = '\0';
	if (ethtool_has_netlink(et)) {
		int r = ethtool_nl_set_channels(et, ifname, want, ack);

		if (nl_set_trusted(et, ETHTOOL_MSG_CHANNELS_SET, r, ack))
			return r;
	}
	return ethtool_ioctl_set_channels(et, ifname, want);
}

int ethtool_set_eee_enabled(struct nt_ethtool *et, const char *ifname, bool enabled,
			    struct nt_extack *ack)
{
	if (ack)
		ack->msg[0] = '\0';
	if (ethtool_has_netlink(et)) {
		int r = ethtool_nl_set_eee_enabled(et, ifname, enabled, ack);

		if (nl_set_trusted(et, ETHTOOL_MSG_EEE_SET, r, ack))
			return r;
	}
	return ethtool_ioctl_set_eee_enabled(et, ifname, enabled);
}
