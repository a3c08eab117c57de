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
struct nl_msg;
struct nlmsghdr;
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
/* One SIOCETHTOOL on @ifname with @data (a struct starting with cmd): 0 or -errno. */
int ethtool_ioctl(struct nt_ethtool *et, const char *ifname, void *data);
int ethtool_ioctl_get_rings(struct nt_ethtool *et, const char *ifname, struct nt_ring *out);
int ethtool_ioctl_get_channels(struct nt_ethtool *et, const char *ifname, struct nt_channels *out);
int ethtool_ioctl_get_eee(struct nt_ethtool *et, const char *ifname, struct nt_eee *out);

/*
 * set_ioctl.c: the SIOCETHTOOL set fallbacks (get, change, set). The
 * ioctls carry no message: callers leave their nt_extack empty.
 */
int ethtool_ioctl_set_rings(struct nt_ethtool *et, const char *ifname,
			    const struct nt_ring_set *want);
int ethtool_ioctl_set_channels(struct nt_ethtool *et, const char *ifname,
			       const struct nt_channels_set *want);
int ethtool_ioctl_set_eee_enabled(struct nt_ethtool *et, const char *ifname, bool enabled);

/* netlink.c: ethtool generic netlink (kernel >= 5.6, the gets below >= 5.7). */
int ethtool_nl_open(struct nt_ethtool *et);
void ethtool_nl_close(struct nt_ethtool *et);
int ethtool_nl_get_rings(struct nt_ethtool *et, const char *ifname, struct nt_ring *out);
int ethtool_nl_get_channels(struct nt_ethtool *et, const char *ifname, struct nt_channels *out);
int ethtool_nl_get_eee(struct nt_ethtool *et, const char *ifname, struct nt_eee *out);

/* netlink.c, for set_nl.c: a request with its header nest, and its ACK. */
void ethtool_nlmsg_freep(struct nl_msg **m);
int ethtool_nl_request(struct nt_ethtool *et, uint8_t cmd, int hdr_attr, uint32_t flags,
		       const char *ifname, struct nl_msg **out);
int ethtool_nl_send_set(struct nt_ethtool *et, struct nl_msg *msg, struct nt_extack *ack);

/*
 * extack.c: copies NLMSGERR_ATTR_MSG of an NLMSG_ERROR (error or ACK) into
 * ack->msg, "" when there is none. nlh->nlmsg_len bytes must be readable,
 * as libnl checks before any callback; nothing beyond them is read. 1: a
 * message, 0: none, -EBADMSG: not a well-formed NLMSG_ERROR.
 */
int ethtool_nl_extack(struct nlmsghdr *nlh, struct nt_extack *ack);

/* set_nl.c: RINGS_SET, CHANNELS_SET, EEE_SET (kernel >= 5.7); ack may be NULL. */
int ethtool_nl_set_rings(struct nt_ethtool *et, const char *ifname,
			 const struct nt_ring_set *want, struct nt_extack *ack);
int ethtool_nl_set_channels(struct nt_ethtool *et, const char *ifname,
			    const struct nt_channels_set *want, struct nt_extack *ack);
int ethtool_nl_set_eee_enabled(struct nt_ethtool *et, const char *ifname, bool enabled,
			       struct nt_extack *ack);

/* A wanted value is -1 (keep) or fits the kernel's u32 fields. */
static inline bool ethtool_set_value_ok(int64_t v)
{
	return v >= -1 && v <= UINT32_MAX;
}

#endif
