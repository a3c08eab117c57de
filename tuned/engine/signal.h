/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Signals: the named measurements rules compare with thresholds. Each is
 * computed from two snapshots of the same host (an interval) for one
 * entity of its scope. A signal that cannot be computed for an interval
 * (counter reset, source missing, CPU offline) has no value, and a
 * condition on it does not hold: no decision is ever made from it.
 */
#ifndef NT_SIGNAL_H
#define NT_SIGNAL_H

#include <stdbool.h>

#include "model/snapshot.h"

enum nt_scope {
	NT_SCOPE_HOST,
	NT_SCOPE_CPU,
	NT_SCOPE_DEVICE,
	NT_SCOPE_QUEUE,		/* one RX queue of a device */
};

/* A queue entity: the device's index in the snapshot and the queue number. */
#define NT_QUEUE_BITS 12
#define NT_QUEUE_ENTITY(dev, q) ((dev) << NT_QUEUE_BITS | (q))
#define NT_ENTITY_DEV(e) ((e) >> NT_QUEUE_BITS)
#define NT_ENTITY_QUEUE(e) ((e) & ((1 << NT_QUEUE_BITS) - 1))

enum nt_signal {
	/* per CPU */
	NT_SIG_CPU_TIME_SQUEEZE,	/* cpu.time_squeeze, /s */
	NT_SIG_CPU_BACKLOG_DROPS,	/* cpu.backlog_drops, /s: softnet dropped */
	NT_SIG_CPU_FLOW_LIMIT_DROPS,	/* cpu.flow_limit_drops, /s */
	NT_SIG_CPU_BACKLOG_OVERFLOW,	/* cpu.backlog_overflow, /s: dropped - flow_limit */
	NT_SIG_CPU_PROCESSED,		/* cpu.processed, packets/s */
	NT_SIG_CPU_NET_RX,		/* cpu.net_rx, NET_RX softirqs/s */
	NT_SIG_CPU_NET_RX_SHARE,	/* cpu.net_rx_share, % of the host's NET_RX */
	NT_SIG_CPU_SOFTIRQ,		/* cpu.softirq, % of the CPU's time */
	NT_SIG_CPU_NET_RX_TIME,		/* cpu.net_rx_time, % of the CPU's time in NET_RX (BPF) */
	NT_SIG_CPU_NET_TX_TIME,		/* cpu.net_tx_time, % in NET_TX (BPF) */
	/* per device (physical NICs the policy selects) */
	NT_SIG_DEV_RX_PACKETS,		/* dev.rx_packets, /s */
	NT_SIG_DEV_RX_DROPPED,		/* dev.rx_dropped, /s (statistics/rx_dropped) */
	NT_SIG_DEV_RING_DISCARDS,	/* dev.ring_discards, /s */
	NT_SIG_DEV_LPI,			/* dev.lpi, LPI entries/s */
	NT_SIG_DEV_EEE_ACTIVE,		/* dev.eee_active, 0/1 */
	NT_SIG_DEV_RX_QUEUES,		/* dev.rx_queues, count */
	NT_SIG_DEV_QUEUE_IRQS,		/* dev.queue_irqs, count */
	NT_SIG_DEV_IRQ_RATE,		/* dev.irq_rate, interrupts/s */
	NT_SIG_DEV_IRQ_TOP_SHARE,	/* dev.irq_top_share, % on the busiest CPU */
	NT_SIG_DEV_NET_RX_CPU_SHARE,	/* dev.net_rx_cpu_share, % */
	NT_SIG_DEV_NET_RX_CPU_SOFTIRQ,	/* dev.net_rx_cpu_softirq, % */
	NT_SIG_DEV_RPS_ENABLED,		/* dev.rps_enabled, 0/1 */
	NT_SIG_DEV_NAPI_POLLS,		/* dev.napi_polls, /s (BPF) */
	NT_SIG_DEV_NAPI_PACKETS,	/* dev.napi_packets, /s (BPF) */
	NT_SIG_DEV_NAPI_FULL,		/* dev.napi_full_polls, /s: polls that used the whole weight */
	NT_SIG_DEV_NAPI_FULL_SHARE,	/* dev.napi_full_share, % of the device's polls */
	/* per RX queue */
	NT_SIG_QUEUE_DISCARDS,		/* queue.discards, /s (per-queue driver statistics) */
	NT_SIG_QUEUE_DISCARD_SHARE,	/* queue.discard_share, % of the device's per-queue discards */
	NT_SIG_QUEUE_IRQ_RATE,		/* queue.irq_rate, interrupts/s of the queue's IRQs */
	NT_SIG_QUEUE_NAPI_FULL,		/* queue.napi_full_polls, /s (BPF) */
	/* host */
	NT_SIG_TCP_TIMEOUTS,		/* tcp.timeouts, /s */
	NT_SIG_TCP_RETRANS_RATIO,	/* tcp.retrans_ratio, % of segments sent */
	NT_SIG_HOST_NET_RX,		/* host.net_rx, NET_RX softirqs/s */
	NT_SIG_HOST_DROPS,		/* host.drops, skbs/s freed as dropped, any reason (BPF) */
	NT_SIG_HOST_DROPS_BACKLOG,	/* host.drops_backlog, /s with reason CPU_BACKLOG */
	NT_SIG_HOST_DROPS_RCVBUF,	/* host.drops_rcvbuf, /s with reason SOCKET_RCVBUFF */
	NT_SIG_HOST_DROPS_NETFILTER,	/* host.drops_netfilter, /s with reason NETFILTER_DROP */
	NT_SIG_COUNT
};

enum nt_unit {
	NT_UNIT_PER_S,
	NT_UNIT_PERCENT,
	NT_UNIT_COUNT,
	NT_UNIT_BOOL,
};

struct nt_signal_info {
	const char *name;
	enum nt_scope scope;
	enum nt_unit unit;
	const char *what;	/* one line for `nettuned check --list` and docs */
	bool bpf;		/* needs the BPF signals (bpf/bpfsig.h) */
};

extern const struct nt_signal_info nt_signals[NT_SIG_COUNT];

/* -1 when @name is no signal. */
int signal_by_name(const char *name);
const char *scope_name(enum nt_scope scope);
/* "/s", "%", "" */
const char *unit_suffix(enum nt_unit unit);

/* The interval a signal is computed over. */
struct nt_interval {
	const struct nt_snapshot *a;	/* earlier */
	const struct nt_snapshot *b;	/* later */
};

/*
 * Value of @sig for @entity over @iv: a CPU id for CPU signals, an index
 * into b->devs for device signals, NT_QUEUE_ENTITY() for queue signals
 * (device signals take one too), ignored for host signals. false when it
 * has no value for this interval.
 */
bool signal_value(enum nt_signal sig, const struct nt_interval *iv, int entity,
		  double *value);

/* Value of a BPF signal (nt_signals[sig].bpf); signal_value() calls it. */
bool signal_bpf_value(enum nt_signal sig, const struct nt_interval *iv, int entity,
		      double *value);

/* RX queues of device @dev (queues/rx-N, else channels), 0 unknown. */
unsigned int signal_dev_queues(const struct nt_snapshot *b, int dev);

/* How signal_dev_rx_cpu() knows the CPU. */
enum nt_rx_cpu {
	NT_RX_CPU_NONE,		/* not known: -1 */
	NT_RX_CPU_IRQ,		/* takes most of the device's queue interrupts */
	NT_RX_CPU_NAPI,		/* ran most of the device's own NAPI polls (BPF) */
	NT_RX_CPU_BACKLOG,	/* its backlog took the device's packets (BPF) */
	NT_RX_CPU_GUESS,	/* no IRQ, no BPF: the busiest NET_RX CPU, a guess */
};

/*
 * The CPU doing the device's receive processing over @iv (the busy CPU of
 * dev.net_rx_cpu_share and dev.net_rx_cpu_softirq, {irq_cpu}): where its
 * queue interrupts land; for a virtual device, which has none (veth, tun),
 * where its NAPI or backlog polls ran, from the BPF NAPI counters; without
 * them only a guess. -1 when unknown.
 */
int signal_dev_rx_cpu(const struct nt_interval *iv, int dev, enum nt_rx_cpu *how);

/*
 * From the BPF NAPI counters (signal_bpf.c): the CPU that ran most of the
 * receive polls of device @dev over @iv, its own NAPI's, else (*backlog)
 * a CPU's backlog that its packets make most of; -1 when neither.
 */
int signal_bpf_poll_cpu(const struct nt_interval *iv, int dev, bool *backlog);

#endif
