/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What only the ethtool kernel interfaces give: driver info, driver
 * statistics, rings, channels and EEE. Two sources with one shape:
 *
 *  - live: SIOCETHTOOL ioctls (driver info, statistics: the only interface
 *    for `ethtool -S`) and ethtool generic netlink through libnl-genl
 *    (rings, channels, EEE: RINGS/CHANNELS/EEE_GET and _SET exist from 5.7),
 *    falling back to the SIOCETHTOOL ioctls on kernels without the
 *    "ethtool" family;
 *  - text: the output of the ethtool program as stored in a capture
 *    (ethtool/DEV/{driver,stats,rings,channels,eee}), old and new formats.
 *
 * All readers fill the nt_* blocks of snapshot.h and set their err member:
 * 0, -EOPNOTSUPP (the driver lacks the operation: a normal answer),
 * -ENOENT (not captured), -ENODEV (device vanished) or another -errno.
 */
#ifndef NT_ETHTOOL_H
#define NT_ETHTOOL_H

#include <stdio.h>

#include "model/snapshot.h"

/* ---- live ------------------------------------------------------------- */

struct nt_ethtool;

/* Opens the ioctl socket and, when the kernel has it, the genl socket. */
int ethtool_open(struct nt_ethtool **out);
void ethtool_close(struct nt_ethtool *et);
/* true when the "ethtool" genl family resolved (5.6+; its GET commands 5.7+). */
bool ethtool_has_netlink(const struct nt_ethtool *et);

int ethtool_get_drvinfo(struct nt_ethtool *et, const char *ifname, struct nt_drvinfo *out);
int ethtool_get_rings(struct nt_ethtool *et, const char *ifname, struct nt_ring *out);
int ethtool_get_channels(struct nt_ethtool *et, const char *ifname, struct nt_channels *out);
int ethtool_get_eee(struct nt_ethtool *et, const char *ifname, struct nt_eee *out);
/* Fills d->stats / d->n_stats (growing d->stats only when the count grows). */
int ethtool_get_stats(struct nt_ethtool *et, const char *ifname, struct nt_netdev *d);
/* Permanent MAC (ETHTOOL_GPERMADDR) as "aa:bb:..", "" when the driver has none. */
int ethtool_get_permaddr(struct nt_ethtool *et, const char *ifname, char *out, size_t size);

/* ---- live changes: only the actuators (tuned/act/) call these ---------- */

/*
 * The kernel's own words on a SET request: NLMSGERR_ATTR_MSG of the
 * extended ACK ("requested ring size exceeds maximum"), on an error or as
 * a warning on success; "" when the kernel sent none or the ioctl was used.
 */
struct nt_extack {
	char msg[256];
};

/* Members set to -1 are left as they are (not sent). */
struct nt_ring_set {
	int64_t rx;
	int64_t tx;
};
struct nt_channels_set {
	int64_t rx;
	int64_t tx;
	int64_t combined;
};

/*
 * 0 or the kernel's -errno (-EOPNOTSUPP: the driver cannot do it, a normal
 * answer; -EINVAL with ack->msg saying why; -ENODEV: device gone; -EPERM
 * without CAP_NET_ADMIN). A member outside -1..UINT32_MAX gives -EINVAL
 * before anything is sent. ack may be NULL; otherwise ack->msg is cleared
 * first and always NUL-terminated. Asking for the current values changes
 * nothing and calls no driver (as the kernel does over netlink).
 */
int ethtool_set_rings(struct nt_ethtool *et, const char *ifname, const struct nt_ring_set *want,
		      struct nt_extack *ack);
int ethtool_set_channels(struct nt_ethtool *et, const char *ifname,
			 const struct nt_channels_set *want, struct nt_extack *ack);
int ethtool_set_eee_enabled(struct nt_ethtool *et, const char *ifname, bool enabled,
			    struct nt_extack *ack);

/* ---- text (captures) ---------------------------------------------------- */

int ethtool_parse_drvinfo(const char *text, struct nt_drvinfo *out);   /* ethtool -i */
int ethtool_parse_stats(const char *text, struct nt_netdev *d);        /* ethtool -S */
int ethtool_parse_rings(const char *text, struct nt_ring *out);        /* ethtool -g */
int ethtool_parse_channels(const char *text, struct nt_channels *out); /* ethtool -l */
int ethtool_parse_eee(const char *text, struct nt_eee *out);           /* ethtool --show-eee */

/* Writers that print what the ethtool program (6.x) would, for `record`. */
void ethtool_write_drvinfo(FILE *f, const struct nt_drvinfo *in);
void ethtool_write_stats(FILE *f, const struct nt_netdev *d);
void ethtool_write_rings(FILE *f, const char *ifname, const struct nt_ring *in);
void ethtool_write_channels(FILE *f, const char *ifname, const struct nt_channels *in);
void ethtool_write_eee(FILE *f, const char *ifname, const struct nt_eee *in);

/* ---- driver statistics, interpreted ---------------------------------- */

enum nt_statkind {
	NT_STAT_OTHER = 0,
	NT_STAT_RX_DISCARD, /* ring overflow: rx_discards, rx_missed_errors, rx_no_buffer_count, rx_out_of_buffer ... */
	NT_STAT_LPI_TX, /* EEE TX low-power-idle entries (stmmac spellings, igc tx_lpi_counter) */
	NT_STAT_LPI_RX,
};

/*
 * Classifies a driver statistic by name. *queue gets the queue number for
 * per-queue spellings ("[3]: rx_discards", "rx_queue_3_drops", "rx3_..",
 * "rx-3.drops", "rxq3: rx_drops_no_frags", "rx_queue_drop_cnt[3]"), -1 for
 * device totals.
 */
enum nt_statkind ethtool_stat_classify(const char *name, int *queue);

struct nt_ethstat_summary {
	bool has_discards;
	uint64_t discards; /* device total: total lines when present, else the per-queue sum */
	bool has_lpi_tx, has_lpi_rx;
	uint64_t lpi_tx, lpi_rx;
};
/* Device figures; a kind with an unreadable statistic, or whose sum
 * passes 2^64, has none (has_* false). */
void ethtool_stat_summarize(const struct nt_netdev *d, struct nt_ethstat_summary *out);
/*
 * Discards of RX queue @queue since the counters started: its per-queue
 * discard statistics (the secondary spellings only when it has none of
 * the others). false when the device counts no discards per queue, or
 * they are unreadable.
 */
bool ethtool_stat_queue_discards(const struct nt_netdev *d, int queue, uint64_t *sum);

#endif
