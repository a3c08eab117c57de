// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The device's identity: driver info (`ethtool -i`: driver, version,
 * firmware, bus address) and the permanent MAC (`ethtool -P`). Both are
 * SIOCETHTOOL only: ETHTOOL_GDRVINFO and ETHTOOL_GPERMADDR have no ethtool
 * genl message. Read-only: nothing here is ever set.
 */
#include "ethtool_int.h"

#include <errno.h>
#include <linux/ethtool.h>
#include <stdio.h>
#include <string.h>

/* MAX_ADDR_LEN of <linux/netdevice.h>: the largest dev->addr_len. */
#define NT_MAX_ADDR_LEN 32

/* ---- driver info -------------------------------------------------------- */

int ethtool_get_drvinfo(struct nt_ethtool *et, const char *ifname, struct nt_drvinfo *out)
{
	struct ethtool_drvinfo di = { .cmd = ETHTOOL_GDRVINFO };
	int r;

	memset(out, 0, sizeof(*out));
	r = ethtool_ioctl(et, ifname, &di);
	if (!r) {
		ethtool_ioctl_copy_str(out->driver, sizeof(out->driver), di.driver,
				       sizeof(di.driver));
		ethtool_ioctl_copy_str(out->version, sizeof(out->version), di.version,
				       sizeof(di.version));
		ethtool_ioctl_copy_str(out->firmware, sizeof(out->firmware), di.fw_version,
				       sizeof(di.fw_version));
		ethtool_ioctl_copy_str(out->bus_info, sizeof(out->bus_info), di.bus_info,
				       sizeof(di.bus_info));
	}
	out->err = r;
	return r;
}

/* ---- permanent address -------------------------------------------------- */

static bool all_zero(const unsigned char *p, size_t n)
{
	while (n--)
		if (*p++)
			return false;
	return true;
}

int ethtool_get_permaddr(struct nt_ethtool *et, const char *ifname, char *out, size_t size)
{
	struct ethtool_perm_addr hdr = { .cmd = ETHTOOL_GPERMADDR, .size = NT_MAX_ADDR_LEN };
	unsigned char buf[sizeof(hdr) + NT_MAX_ADDR_LEN] __attribute__((aligned(4)));
	const unsigned char *addr = buf + sizeof(hdr);
	int r;

	if (size)
		out[0] = '\0';
	memset(buf, 0, sizeof(buf));
	memcpy(buf, &hdr, sizeof(hdr));
	r = ethtool_ioctl(et, ifname, buf);
	if (r)
		return r;
	memcpy(&hdr, buf, sizeof(hdr));
	if (hdr.size > NT_MAX_ADDR_LEN)
		return -EPROTO;
	/* Drivers that never set dev->perm_addr leave it zeroed (veth, tun). */
	if (!hdr.size || all_zero(addr, hdr.size))
		return 0;
	/* "aa:bb:..": two digits per byte, n - 1 colons, one NUL. */
	if (size < (size_t)hdr.size * 3)
		return -ENOSPC;
	for (uint32_t i = 0, off = 0; i < hdr.size; i++)
		off += snprintf(out + off, size - off, "%s%02x", i ? ":" : "", addr[i]);
	return 0;
}
