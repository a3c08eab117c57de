/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What the enabled rules read, and what a snapshot lacks of it: so that
 * `recommend` and `replay` never pass a host they could not see (a missing
 * source gives no signal value, and a rule without a value stays quiet).
 * Pure: no I/O.
 */
#ifndef NT_NEEDS_H
#define NT_NEEDS_H

#include <stdbool.h>

#include "config/policy.h"
#include "config/rule.h"
#include "model/snapshot.h"

enum nt_need_kind {
	NT_NEED_SOURCE,      /* a host-wide kernel source (enum nt_source) */
	NT_NEED_BPF_NAPI,    /* napi:napi_poll counters */
	NT_NEED_BPF_SOFTIRQ, /* irq:softirq_entry/exit times */
	NT_NEED_BPF_DROPS,   /* skb:kfree_skb drop counts */
	NT_NEED_DEV_STATS,   /* a watched device's driver statistics (ethtool -S) */
	NT_NEED_DEV_EEE,     /* a watched device's EEE state */
};

struct nt_needs {
	bool src[NT_SRC_COUNT];
	bool bpf_napi, bpf_softirq, bpf_drops;
	bool dev_stats, dev_eee;
};

/* One thing a snapshot lacks. */
struct nt_gap {
	enum nt_need_kind kind;
	int src;                  /* NT_NEED_SOURCE: enum nt_source */
	char device[IF_NAMESIZE]; /* NT_NEED_DEV_*: the device */
	int err;                  /* -errno; -ENODATA: read, but nothing in it */
	const char *why;          /* BPF: why they are off (the snapshot's), else NULL */
};

/* ORs into @n what rule @r's conditions read. */
void needs_of_rule(const struct nt_rule *r, struct nt_needs *n);
/* Whether @n includes what @g lacks (which rules need a gap). */
bool needs_cover(const struct nt_needs *n, const struct nt_gap *g);

/*
 * The first rule of @rs (the enabled ones) whose value under @p comes from
 * the BPF softirq times, NULL none: a condition on cpu.net_rx_time or
 * cpu.net_tx_time, or on dev.net_rx_cpu_share while @p watches virtual
 * devices (a virtual device's share is its CPU's share of the NET_RX time
 * when the times are there). The daemon attaches irq:softirq_entry/exit
 * only for such a rule.
 */
const struct nt_rule *needs_bpf_softirq(const struct nt_ruleset *rs, const struct nt_policy *p);

/*
 * Calls @fn for everything in @n that @s lacks: host sources that could
 * not be read or were empty, BPF counters that are off, and the driver
 * statistics or EEE state of a device the engine watches under @p that
 * could not be read (a driver without them, EOPNOTSUPP, lacks nothing: it
 * has none to see).
 */
void needs_gaps(const struct nt_needs *n, const struct nt_policy *p, const struct nt_snapshot *s,
		void (*fn)(void *user, const struct nt_gap *g), void *user);

/* A host source's error in @s: 0, -errno, or -ENODATA when it was empty. */
int needs_source_err(const struct nt_snapshot *s, enum nt_source src);

/* "proc/net/softnet_stat", "the BPF napi:napi_poll counters", "driver statistics of eth3" */
void needs_gap_name(const struct nt_gap *g, char *out, size_t size);

#endif
