/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Signal values: each signal (model/signal.h, the list in
 * model/signals.def) is computed from two snapshots of the same host (an
 * interval) for one entity of its scope. A signal that cannot be computed
 * for an interval (counter reset, source missing, CPU offline) has no
 * value, and a condition on it does not hold: no decision is ever made
 * from it.
 */
#ifndef NT_ENGINE_SIGNAL_H
#define NT_ENGINE_SIGNAL_H

#include <stdbool.h>

#include "model/signal.h"
#include "model/snapshot.h"

/* A queue entity: the device's index in the snapshot and the queue number. */
#define NT_QUEUE_BITS 12
#define NT_QUEUE_ENTITY(dev, q) ((dev) << NT_QUEUE_BITS | (q))
#define NT_ENTITY_DEV(e) ((e) >> NT_QUEUE_BITS)
#define NT_ENTITY_QUEUE(e) ((e) & ((1 << NT_QUEUE_BITS) - 1))

/* The interval a signal is computed over. */
struct nt_interval {
	const struct nt_snapshot *a; /* earlier */
	const struct nt_snapshot *b; /* later */
};

/*
 * Value of @sig for @entity over @iv: a CPU id for CPU signals, an index
 * into b->devs for device signals, NT_QUEUE_ENTITY() for queue signals
 * (device signals take one too), ignored for host signals. false when it
 * has no value for this interval.
 */
bool signal_value(enum nt_signal sig, const struct nt_interval *iv, int entity, double *value);

/* RX queues of device @dev (queues/rx-N, else channels), 0 unknown. */
unsigned int signal_dev_queues(const struct nt_snapshot *b, int dev);

/* How signal_dev_rx_cpu() knows the CPU. */
enum nt_rx_cpu {
	NT_RX_CPU_NONE,    /* not known: -1 */
	NT_RX_CPU_IRQ,     /* takes most of the device's queue interrupts */
	NT_RX_CPU_NAPI,    /* ran most of the device's own NAPI polls (BPF) */
	NT_RX_CPU_BACKLOG, /* its backlog took the device's packets (BPF) */
	NT_RX_CPU_GUESS,   /* no IRQ, no BPF: the busiest NET_RX CPU, a guess */
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
