// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Where network work may go. A host keeps isolated (isolcpus=) and
 * nohz_full CPUs for latency-critical work: an IRQ or RPS there would
 * bring back exactly the interruptions they were isolated from. The
 * policy's [cpus] allow narrows the set further; nothing widens it.
 */
#include "engine/engine_int.h"
#include "sample/rates.h"

#include <stdio.h>

void placement_allowed_cpus(const struct nt_policy *p, const struct nt_snapshot *b,
			    struct nt_cpuset *out)
{
	cpuset_zero(out);
	for (unsigned int c = 0; c < b->ncpus; c++) {
		if (b->src_err[NT_SRC_CPU_ONLINE] == 0 && !cpuset_has(&b->online, c))
			continue;
		if (cpuset_has(&b->isolated, c) || cpuset_has(&b->nohz_full, c))
			continue;
		if (p->has_cpus && !cpuset_has(&p->cpus, c))
			continue;
		cpuset_set(out, c);
	}
}

/*
 * A CPU that already takes most of the host's NET_RX work (the CPU0 of a
 * single-queue NIC next door) is the last one to give another queue.
 */
static void busy_cpus(const struct nt_interval *iv, struct nt_cpuset *busy)
{
	double total, mine;

	cpuset_zero(busy);
	if (!signal_value(NT_SIG_HOST_NET_RX, iv, 0, &total) || total <= 0)
		return;
	for (unsigned int c = 0; c < iv->b->ncpus; c++)
		if (rates_net_rx(iv->a, iv->b, c, &mine) && mine >= total / 2)
			cpuset_set(busy, c);
}

size_t placement_spread_order(const struct nt_policy *p, const struct nt_interval *iv,
			      const struct nt_netdev *d, unsigned int *out, size_t max)
{
	const struct nt_snapshot *b = iv->b;
	struct nt_cpuset allowed, busy;
	size_t n = 0;

	placement_allowed_cpus(p, b, &allowed);
	busy_cpus(iv, &busy);
	/*
	 * Idle CPUs of the device's NUMA node first (its DMA lands in that
	 * node's memory), then idle remote ones, then busy local and remote.
	 */
	for (int pass = 0; pass < 4; pass++) {
		for (unsigned int c = 0; c < b->ncpus && n < max; c++) {
			bool local = !d->has_local_cpus || cpuset_has(&d->local_cpus, c);

			if (!cpuset_has(&allowed, c) || local != !(pass & 1) ||
			    cpuset_has(&busy, c) != (pass >= 2))
				continue;
			out[n++] = c;
		}
	}
	return n;
}

/*
 * A data queue's IRQ. An IRQ named just like the device serves all its
 * queues on single-vector NICs (stmmac), but is the link/mailbox vector
 * on NICs that also have per-queue vectors (ixgbe's "eth2").
 */
bool placement_is_queue_irq(const struct nt_snapshot *b, const struct nt_irq *irq, int dev)
{
	if (irq->dev != dev)
		return false;
	if (irq->dir == NT_Q_RX || irq->dir == NT_Q_TX || irq->dir == NT_Q_COMBINED)
		return true;
	if (irq->dir != NT_Q_NONE)
		return false;
	for (size_t i = 0; i < b->nirqs; i++) {
		const struct nt_irq *o = &b->irqs[i];

		if (o->dev == dev &&
		    (o->dir == NT_Q_RX || o->dir == NT_Q_TX || o->dir == NT_Q_COMBINED))
			return false;
	}
	return true;
}

size_t placement_join_queue_irqs(const struct nt_snapshot *b, int dev, const char *before,
				 const char *between, char *out, size_t size)
{
	size_t n = 0;

	out[0] = '\0';
	for (size_t i = 0; i < b->nirqs && n < size; i++) {
		int w;

		if (!placement_is_queue_irq(b, &b->irqs[i], dev))
			continue;
		w = snprintf(out + n, size - n, "%s%s%u", n ? between : "", before, b->irqs[i].irq);
		if (w < 0)
			break;
		n += (size_t)w;
	}
	return n < size ? n : size - 1;
}
