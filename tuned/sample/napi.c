// SPDX-License-Identifier: GPL-2.0-or-later
#include "sample/napi.h"
#include "sample/rates.h"

#include <stdio.h>
#include <string.h>

static bool data_queue(enum nt_qdir dir)
{
	return dir == NT_Q_RX || dir == NT_Q_TX || dir == NT_Q_COMBINED;
}

static const struct nt_irq *irq_by_number(const struct nt_snapshot *s, int irq)
{
	for (size_t i = 0; i < s->nirqs; i++)
		if ((int)s->irqs[i].irq == irq)
			return &s->irqs[i];
	return NULL;
}

/* The device's one IRQ whose effective affinity is exactly @cpu, serving
 * an RX or combined queue; NULL when none or several. */
static const struct nt_irq *irq_on_cpu(const struct nt_snapshot *s, int dev, int cpu)
{
	const struct nt_irq *found = NULL;

	for (size_t i = 0; i < s->nirqs; i++) {
		const struct nt_irq *irq = &s->irqs[i];
		const struct nt_cpuset *set;

		if (irq->dev != dev || (irq->dir != NT_Q_RX && irq->dir != NT_Q_COMBINED))
			continue;
		set = irq->has_effective ? &irq->effective :
		      irq->has_affinity  ? &irq->affinity :
					   NULL;
		if (!set || cpuset_count(set) != 1 || !cpuset_has(set, (unsigned int)cpu))
			continue;
		if (found && found->queue != irq->queue)
			return NULL;
		found = irq;
	}
	return found;
}

/* The RX (or combined) IRQ of a single-queue device, else its one IRQ. */
static const struct nt_irq *rx_irq_of_only_queue(const struct nt_snapshot *s, int dev)
{
	const struct nt_irq *only = NULL;
	unsigned int n = 0;

	for (size_t i = 0; i < s->nirqs; i++) {
		const struct nt_irq *irq = &s->irqs[i];

		if (irq->dev != dev)
			continue;
		if (irq->dir == NT_Q_RX || irq->dir == NT_Q_COMBINED)
			return irq;
		if (irq->dir == NT_Q_NONE) {
			only = irq;
			n++;
		}
	}
	return n == 1 ? only : NULL;
}

void napi_where(const struct nt_snapshot *s, const struct nt_bpf_napi *n, struct nt_napi_where *w)
{
	const struct nt_netdev *d = n->dev[0] ? snapshot_find_dev(s, n->dev) : NULL;
	const struct nt_irq *irq;

	memset(w, 0, sizeof(*w));
	w->dev = d ? (int)(d - s->devs) : -1;
	w->queue = -1;
	w->dir = NT_Q_NONE;
	if (!d)
		return;
	irq = n->irq >= 0 ? irq_by_number(s, n->irq) : NULL;
	if (irq && irq->dev == w->dev) {
		w->irq = irq;
		if (data_queue(irq->dir) && irq->queue >= 0) {
			w->queue = irq->queue;
			w->dir = irq->dir;
			return;
		}
	}
	if (d->n_rxq == 1) {
		w->queue = 0;
		w->dir = NT_Q_RX;
		w->irq = rx_irq_of_only_queue(s, w->dev);
		return;
	}
	irq = n->cpu >= 0 ? irq_on_cpu(s, w->dev, n->cpu) : NULL;
	if (irq && irq->queue >= 0) {
		w->irq = irq;
		w->queue = irq->queue;
		w->dir = irq->dir;
		w->by_cpu = true;
	}
}

void napi_where_format(const struct nt_napi_where *w, char *out, size_t size)
{
	const char *dir = w->dir == NT_Q_TX ? "tx queue" : "queue";

	if (w->queue < 0)
		snprintf(out, size, "queue unknown");
	else if (w->by_cpu && w->irq)
		snprintf(out, size, "%s %d (by the CPU its polls ran on, IRQ %u)", dir, w->queue,
			 w->irq->irq);
	else if (w->irq)
		snprintf(out, size, "%s %d (IRQ %u)", dir, w->queue, w->irq->irq);
	else
		snprintf(out, size, "%s %d (the only one)", dir, w->queue);
}

const struct nt_bpf_napi *napi_match(const struct nt_snapshot *a, const struct nt_bpf_napi *nb)
{
	for (size_t i = 0; i < a->bpf.n_napi; i++)
		if (a->bpf.napi[i].id == nb->id && !strcmp(a->bpf.napi[i].dev, nb->dev))
			return &a->bpf.napi[i];
	return NULL;
}

static uint64_t napi_field(const struct nt_bpf_napi *n, enum nt_napi_field f)
{
	switch (f) {
	case NT_NAPI_POLLS:
		return n->polls;
	case NT_NAPI_PACKETS:
		return n->packets;
	case NT_NAPI_FULL:
		return n->full;
	}
	return 0;
}

static bool bpf_pair(const struct nt_snapshot *a, const struct nt_snapshot *b, double *dt)
{
	*dt = rates_interval(a, b);
	return *dt > 0 && a->bpf.err == 0 && b->bpf.err == 0;
}

bool rates_napi(const struct nt_snapshot *a, const struct nt_snapshot *b,
		const struct nt_bpf_napi *nb, enum nt_napi_field f, double *per_s)
{
	const struct nt_bpf_napi *na;
	double dt;

	if (!bpf_pair(a, b, &dt) || !a->bpf.has_napi || !b->bpf.has_napi)
		return false;
	/*
	 * Not in @a: the kernel creates a NAPI's map entry at its first poll
	 * after the programs were attached, and both snapshots come from one
	 * attachment (one sampler), so it had polled 0 times at @a. A NAPI
	 * evicted and seen again gets a new id, so it is never matched to its
	 * old counts.
	 */
	na = napi_match(a, nb);
	/* one NAPI instance is polled on one CPU at a time */
	return rates_checked(
		na ? napi_field(na, f) : 0, napi_field(nb, f), dt,
		f == NT_NAPI_PACKETS ? NT_MAX_PACKETS_PER_CPU_S : NT_MAX_EVENTS_PER_CPU_S, per_s);
}

bool rates_bpf_softirq(const struct nt_snapshot *a, const struct nt_snapshot *b, unsigned int cpu,
		       bool rx, double *share)
{
	uint64_t d;
	double dt;

	if (!bpf_pair(a, b, &dt) || !a->bpf.has_softirq || !b->bpf.has_softirq || cpu >= a->ncpus ||
	    cpu >= b->ncpus)
		return false;
	if (!delta64(rx ? a->cpus[cpu].net_rx_ns : a->cpus[cpu].net_tx_ns,
		     rx ? b->cpus[cpu].net_rx_ns : b->cpus[cpu].net_tx_ns, &d))
		return false;
	*share = (double)d / 1e9 / dt;
	/* a handler that began before @a and ended after it overshoots a
	 * little; a CPU that ran handlers for longer than there was time
	 * is a counter that cannot be */
	if (!(*share <= NT_RATE_JITTER))
		return false;
	if (*share > 1)
		*share = 1;
	return true;
}

/* false when the sum passes 2^64: counts that cannot be */
static bool drops_of(const struct nt_snapshot *s, const char *name, uint64_t *sum)
{
	*sum = 0;
	for (size_t i = 0; i < s->bpf.n_drops; i++) {
		uint64_t c = s->bpf.drops[i].count;

		if (name && strcmp(s->bpf.drops[i].name, name))
			continue;
		if (*sum > UINT64_MAX - c)
			return false;
		*sum += c;
	}
	return true;
}

bool rates_bpf_drops(const struct nt_snapshot *a, const struct nt_snapshot *b, const char *name,
		     double *per_s)
{
	uint64_t before, after;
	double dt;

	if (!bpf_pair(a, b, &dt) || !a->bpf.has_drops || !b->bpf.has_drops ||
	    (name && (!a->bpf.has_reasons || !b->bpf.has_reasons)))
		return false;
	if (!drops_of(a, name, &before) || !drops_of(b, name, &after))
		return false;
	return rates_checked(before, after, dt, rates_host_max_per_s(b), per_s);
}
