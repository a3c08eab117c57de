/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Signal identity: the named measurements rules compare with thresholds,
 * their scope, unit and what they are computed from. The list itself is
 * model/signals.def; the values are engine/signal.h's. Config, state and
 * metrics need only the names, so they include this and not the engine.
 */
#ifndef NT_MODEL_SIGNAL_H
#define NT_MODEL_SIGNAL_H

#include <stdbool.h>

#include "model/snapshot.h"

enum nt_scope {
	NT_SCOPE_HOST,
	NT_SCOPE_CPU,
	NT_SCOPE_DEVICE,
	NT_SCOPE_QUEUE, /* one RX queue of a device */
};

enum nt_signal {
#define NT_SIGNAL(id, name, scope, unit, reads, what) NT_SIG_##id,
#include "model/signals.def"
#undef NT_SIGNAL
	NT_SIG_COUNT
};

enum nt_unit {
	NT_UNIT_PER_S,
	NT_UNIT_PERCENT,
	NT_UNIT_COUNT,
	NT_UNIT_BOOL,
};

/*
 * What a signal is computed from (the READS of signals.def): a bit per
 * host source (enum nt_source), then the parts a snapshot may lack per
 * device, and the optional BPF counters.
 */
enum nt_reads {
	NT_READS_SOFTNET = 1u << NT_SRC_SOFTNET,
	NT_READS_INTERRUPTS = 1u << NT_SRC_INTERRUPTS,
	NT_READS_SOFTIRQS = 1u << NT_SRC_SOFTIRQS,
	NT_READS_STAT = 1u << NT_SRC_STAT,
	NT_READS_NETSTAT = 1u << NT_SRC_NETSTAT,
	NT_READS_SNMP = 1u << NT_SRC_SNMP,
	NT_READS_DEV_STATS = 1u << 16,   /* driver statistics (ethtool -S) */
	NT_READS_DEV_EEE = 1u << 17,     /* EEE state */
	NT_READS_BPF_NAPI = 1u << 18,    /* napi:napi_poll counters */
	NT_READS_BPF_SOFTIRQ = 1u << 19, /* irq:softirq_entry/exit times */
	NT_READS_BPF_DROPS = 1u << 20,   /* skb:kfree_skb drop counts */
};

#define NT_READS_SOURCES ((1u << NT_SRC_COUNT) - 1)
#define NT_READS_BPF (NT_READS_BPF_NAPI | NT_READS_BPF_SOFTIRQ | NT_READS_BPF_DROPS)

_Static_assert(NT_SRC_COUNT <= 16, "enum nt_reads: host sources overlap the other bits");

struct nt_signal_info {
	const char *name;
	enum nt_scope scope;
	enum nt_unit unit;
	const char *what;   /* one line for `nettuned check --list` and docs */
	unsigned int reads; /* NT_READS_* */
	bool bpf;           /* needs the BPF signals (bpf/bpfsig.h): reads & NT_READS_BPF */
};

extern const struct nt_signal_info nt_signals[NT_SIG_COUNT];

/* -1 when @name is no signal. */
int signal_by_name(const char *name);
const char *signal_scope_name(enum nt_scope scope);
/* "/s", "%", "" */
const char *signal_unit_suffix(enum nt_unit unit);

#endif
