// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The SIOCETHTOOL transport: the socket, the ifreq that carries a command
 * structure to net/ethtool/ioctl.c, and the two chores every family's ioctl
 * half shares (fixed kernel strings, get-change-set). The only interface
 * for driver info, driver statistics and the permanent address; for rings,
 * channels and EEE the fallback on kernels without ethtool genl (< 5.7).
 */
#include "ethtool_int.h"

#include <errno.h>
#include <linux/netlink.h>
#include <linux/sockios.h>
#include <net/if.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

int ethtool_ioctl_open(struct nt_ethtool *et)
{
	/*
	 * Any socket reaches dev_ioctl(): the family's own ioctl handler
	 * answers -ENOIOCTLCMD for SIOCETHTOOL and sock_do_ioctl() passes it
	 * on. AF_INET is what ethtool uses; a kernel built without IPv4 still
	 * has generic netlink.
	 */
	et->fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (et->fd < 0)
		et->fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	return et->fd < 0 ? -errno : 0;
}

void ethtool_ioctl_close(struct nt_ethtool *et)
{
	if (et->fd >= 0)
		close(et->fd);
	et->fd = -1;
}

int ethtool_ioctl(struct nt_ethtool *et, const char *ifname, void *data)
{
	struct ifreq ifr;
	size_t len = strlen(ifname);

	if (!len || len >= IFNAMSIZ)
		return -EINVAL;
	memset(&ifr, 0, sizeof(ifr));
	memcpy(ifr.ifr_name, ifname, len);
	ifr.ifr_data = data;
	if (ioctl(et->fd, SIOCETHTOOL, &ifr) < 0)
		return -errno;
	return 0;
}

/* The kernel's strings are fixed arrays that need not end in NUL. */
void ethtool_ioctl_copy_str(char *dst, size_t size, const char *src, size_t srclen)
{
	size_t n = strnlen(src, srclen);

	if (n >= size)
		n = size - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

/*
 * Each set ioctl takes the whole structure, so the families read it first
 * and change only the members asked for. Unlike ethnl_set_rings() and
 * friends, the set ioctls hand an unchanged request to the driver, and some
 * drivers restart the device for it: a request that changes nothing is not
 * sent, so both transports leave the link alone then.
 */
bool ethtool_ioctl_update_u32(uint32_t *field, int64_t v)
{
	if (v < 0 || *field == (uint32_t)v)
		return false;
	*field = (uint32_t)v;
	return true;
}
