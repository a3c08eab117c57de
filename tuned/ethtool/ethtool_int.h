/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Inside the ethtool readers: the handle and the per-transport entry points
 * that live.c dispatches between. Not for use outside tuned/ethtool/ except
 * by the tests, which drive both transports to check they agree.
 */
#ifndef NT_ETHTOOL_INT_H
#define NT_ETHTOOL_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ethtool.h"

struct nl_sock;
struct nl_cb;
struct ethtool_gstrings;
struct ethtool_stats;

struct nt_ethtool {
	int fd;				/* SIOCETHTOOL socket */

	struct nl_sock *nl;		/* ethtool genl, NULL when the family is absent */
	struct nl_cb *cb;
	int family;
	uint32_t nl_cmds_ok;		/* ETHTOOL_MSG_* bits whose EOPNOTSUPP is the driver's */

	/*
	 * Scratch for ethtool_get_stats, reused by every call so that the
	 * steady state allocates nothing; *_cap counts entries, not bytes.
	 */
	struct ethtool_gstrings *strings;
	size_t strings_cap;
	struct ethtool_stats *values;
	size_t values_cap;
};

/* ioctl.c: the SIOCETHTOOL get fallbacks for kernels without ethtool genl. */
int ethtool_ioctl_open(struct nt_ethtool *et);
int ethtool_ioctl_get_rings(struct nt_ethtool *et, const char *ifname, struct nt_ring *out);
int ethtool_ioctl_get_channels(struct nt_ethtool *et, const char *ifname, struct nt_channels *out);
int ethtool_ioctl_get_eee(struct nt_ethtool *et, const char *ifname, struct nt_eee *out);

/* netlink.c: ethtool generic netlink (kernel >= 5.6, the gets below >= 5.7). */
int ethtool_nl_open(struct nt_ethtool *et);
void ethtool_nl_close(struct nt_ethtool *et);
int ethtool_nl_get_rings(struct nt_ethtool *et, const char *ifname, struct nt_ring *out);
int ethtool_nl_get_channels(struct nt_ethtool *et, const char *ifname, struct nt_channels *out);
int ethtool_nl_get_eee(struct nt_ethtool *et, const char *ifname, struct nt_eee *out);

#endif
