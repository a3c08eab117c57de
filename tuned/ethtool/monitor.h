/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The ethtool netlink "monitor" multicast group (kernel 5.6+): the kernel
 * sends RINGS_NTF, CHANNELS_NTF and EEE_NTF after every successful SET,
 * whoever made it (net/ethtool/netlink.c ethnl_notify), so a change made
 * with the ethtool program between two cycles is seen at once. nettuned's
 * own SETs are notified too; the daemon compares values, not senders.
 * Separate from the nt_ethtool handle: a socket of its own, read only when
 * the event loop finds it readable.
 */
#ifndef NT_ETHTOOL_MONITOR_H
#define NT_ETHTOOL_MONITOR_H

#include <stddef.h>

struct nt_monitor;

/* -errno and a message when the family or group is missing. */
int monitor_open(struct nt_monitor **out, char *err, size_t errlen);
void monitor_close(struct nt_monitor *m);
int monitor_fd(const struct nt_monitor *m);
/*
 * Reads what is queued (non-blocking) and calls @changed with the device
 * of every ring, channel or EEE notification. 0 or -errno.
 */
int monitor_receive(struct nt_monitor *m, void (*changed)(void *user, const char *ifname),
		    void *user);

#endif
