/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Deltas and per-second rates between two snapshots of one host.
 *
 * The kernel prints softnet_stat, /proc/interrupts and /proc/softirqs
 * counters as unsigned int per CPU, so they wrap at 2^32: their deltas are
 * taken modulo 2^32 (delta32). Every other counter is 64-bit, and one that
 * goes backwards was reset (driver reset, interface re-created): no delta.
 * Anything that vanished or changed identity between the two snapshots
 * (CPU offline, IRQ reassigned, ifindex changed) has no delta either.
 */
#ifndef NT_RATES_H
#define NT_RATES_H

#include <stdbool.h>
#include <stdint.h>

#include "sample/snapshot.h"

static inline uint32_t delta32(uint32_t before, uint32_t after)
{
	return after - before;	/* unsigned arithmetic is modulo 2^32 */
}

/* false on a reset (after < before). */
static inline bool delta64(uint64_t before, uint64_t after, uint64_t *out)
{
	if (after < before)
		return false;
	*out = after - before;
	return true;
}

/* Seconds between the snapshots; <= 0 when unknown or not increasing. */
double snapshot_interval(const struct nt_snapshot *a, const struct nt_snapshot *b);

/* Per-second rate of a CPU's softnet column; false when not comparable. */
enum nt_softnet_field {
	NT_SN_PROCESSED,
	NT_SN_DROPPED,
	NT_SN_TIME_SQUEEZE,
	NT_SN_RECEIVED_RPS,
	NT_SN_FLOW_LIMIT,
};
bool rate_softnet(const struct nt_snapshot *a, const struct nt_snapshot *b,
		  unsigned int cpu, enum nt_softnet_field f, double *per_s);
bool rate_net_rx(const struct nt_snapshot *a, const struct nt_snapshot *b,
		 unsigned int cpu, double *per_s);
/* Share of the CPU's time in softirq over the interval, 0..1. */
bool rate_softirq_share(const struct nt_snapshot *a, const struct nt_snapshot *b,
			unsigned int cpu, double *share);

/* The same IRQ in @a (matched by number and action names), or NULL. */
const struct nt_irq *irq_match(const struct nt_snapshot *a, const struct nt_irq *irq_b);
/* Interrupts per second of one IRQ on one CPU. */
bool rate_irq_cpu(const struct nt_snapshot *a, const struct nt_snapshot *b,
		  const struct nt_irq *irq_b, unsigned int cpu, double *per_s);

/* The same device in @a: same name and ifindex, or NULL (re-created). */
const struct nt_netdev *netdev_match(const struct nt_snapshot *a, const struct nt_netdev *dev_b);
bool rate_ifstat(const struct nt_snapshot *a, const struct nt_snapshot *b,
		 const struct nt_netdev *dev_b, enum nt_ifstat st, double *per_s);
bool rate_ethstat(const struct nt_snapshot *a, const struct nt_snapshot *b,
		  const struct nt_netdev *dev_b, const char *name, double *per_s);
bool rate_tcp(const struct nt_snapshot *a, const struct nt_snapshot *b,
	      enum nt_tcpstat st, double *per_s);

#endif
