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

#include "model/snapshot.h"

static inline uint32_t delta32(uint32_t before, uint32_t after)
{
	return after - before; /* unsigned arithmetic is modulo 2^32 */
}

/*
 * Ceilings on what one CPU can do per second, used to tell a 32-bit wrap
 * from a reset: a counter that went down either wrapped past 2^32 (then
 * the implied rate is ordinary) or restarted from zero, e.g. an IRQ freed
 * and requested again under the same number and name by a driver reload
 * (then the "wrap" implies billions per second). A CPU polls at most a
 * few million packets per second, and takes far fewer interrupts.
 */
#define NT_MAX_PACKETS_PER_CPU_S 50e6
#define NT_MAX_EVENTS_PER_CPU_S 10e6

/*
 * And on what a device can carry: a packet counter cannot pass the link's
 * speed divided by the smallest frame on the wire, 84 bytes (64-byte
 * frame, 8 bytes of preamble and start delimiter, 12 of inter-frame gap),
 * plus 10% for the jitter between reading the counter and the clock. A
 * device whose speed is unknown (virtual ones, a link that is down) is
 * held to 200 million packets per second, host-wide counters to the
 * per-CPU bound times the CPUs. A counter that rose faster than that was
 * reset or written by hand: no rate, like a counter that went down.
 */
#define NT_WIRE_MIN_FRAME_BYTES 84
#define NT_RATE_JITTER 1.1
#define NT_MAX_PPS_SPEED_UNKNOWN 200e6
#define NT_MAX_FRAME_BYTES 9216 /* jumbo frames, for byte counters */

/*
 * delta32 when the rate it implies over @dt seconds stays under
 * @max_per_s, whether the counter wrapped past 2^32 or not; false (a
 * reset, or a count no CPU can make) otherwise.
 */
static inline bool delta32_checked(uint32_t before, uint32_t after, double dt, double max_per_s,
				   uint32_t *out)
{
	*out = after - before;
	return dt > 0 && (double)*out <= max_per_s * dt;
}

/* Rate of a 64-bit counter over @dt seconds; false when it went down or
 * rose faster than @max_per_s. */
bool rates_checked(uint64_t before, uint64_t after, double dt, double max_per_s, double *per_s);

/* Most packets (or bytes) per second device @d can carry, as above. */
double rates_netdev_max_pps(const struct nt_netdev *d);
double rates_netdev_max_bytes_per_s(const struct nt_netdev *d);
/* Most events per second of a host-wide counter in @b. */
double rates_host_max_per_s(const struct nt_snapshot *b);

/* false on a reset (after < before). */
static inline bool delta64(uint64_t before, uint64_t after, uint64_t *out)
{
	if (after < before)
		return false;
	*out = after - before;
	return true;
}

/* Seconds between the snapshots; <= 0 when unknown or not increasing. */
double rates_interval(const struct nt_snapshot *a, const struct nt_snapshot *b);

/* Per-second rate of a CPU's softnet column; false when not comparable. */
enum nt_softnet_field {
	NT_SN_PROCESSED,
	NT_SN_DROPPED,
	NT_SN_TIME_SQUEEZE,
	NT_SN_RECEIVED_RPS,
	NT_SN_FLOW_LIMIT,
};
bool rates_softnet(const struct nt_snapshot *a, const struct nt_snapshot *b, unsigned int cpu,
		   enum nt_softnet_field f, double *per_s);
bool rates_net_rx(const struct nt_snapshot *a, const struct nt_snapshot *b, unsigned int cpu,
		  double *per_s);
/* Share of the CPU's time in softirq over the interval, 0..1. */
bool rates_softirq_share(const struct nt_snapshot *a, const struct nt_snapshot *b, unsigned int cpu,
			 double *share);

/* The same IRQ in @a (matched by number and action names), or NULL. */
const struct nt_irq *rates_irq_match(const struct nt_snapshot *a, const struct nt_irq *irq_b);
/* Interrupts per second of one IRQ on one CPU. */
bool rates_irq_cpu(const struct nt_snapshot *a, const struct nt_snapshot *b,
		   const struct nt_irq *irq_b, unsigned int cpu, double *per_s);

/* The same device in @a: same name and ifindex, or NULL (re-created). */
const struct nt_netdev *rates_netdev_match(const struct nt_snapshot *a,
					   const struct nt_netdev *dev_b);
bool rates_ifstat(const struct nt_snapshot *a, const struct nt_snapshot *b,
		  const struct nt_netdev *dev_b, enum nt_ifstat st, double *per_s);
bool rates_ethstat(const struct nt_snapshot *a, const struct nt_snapshot *b,
		   const struct nt_netdev *dev_b, const char *name, double *per_s);
/* Ring discards per second (ethtool_stat_summarize's device total). */
bool rates_ring_discards(const struct nt_snapshot *a, const struct nt_snapshot *b,
			 const struct nt_netdev *dev_b, double *per_s);
bool rates_tcp(const struct nt_snapshot *a, const struct nt_snapshot *b, enum nt_tcpstat st,
	       double *per_s);

#endif
