// SPDX-License-Identifier: GPL-2.0-or-later
#include "sample/topology.h"
#include "sample/rates.h"

#include <string.h>

static size_t collect(const struct nt_snapshot *s, const struct nt_netdev *d,
		      const struct nt_netdev **out, size_t n, size_t max, int depth)
{
	if (depth > 8)
		return n; /* a loop in a hand-made capture must not hang us */
	if (d->kind == NT_DEV_PHYSICAL) {
		for (size_t i = 0; i < n; i++)
			if (out[i] == d)
				return n;
		if (n < max)
			out[n++] = d;
		return n;
	}
	for (unsigned int i = 0; i < d->n_lower; i++) {
		const struct nt_netdev *low = snapshot_find_dev(s, d->lower[i]);

		if (low && low != d)
			n = collect(s, low, out, n, max, depth + 1);
	}
	return n;
}

size_t topology_netdev_physical(const struct nt_snapshot *s, const struct nt_netdev *d,
				const struct nt_netdev **out, size_t max)
{
	return collect(s, d, out, 0, max, 0);
}

int topology_irq_top_cpu(const struct nt_snapshot *a, const struct nt_snapshot *b,
			 const struct nt_irq *irq_b, double *share)
{
	const struct nt_irq *irq_a = a ? rates_irq_match(a, irq_b) : NULL;
	double dt = a ? rates_interval(a, b) : 0;
	uint64_t total = 0, best = 0;
	int top = -1;

	/* a reset on any CPU makes the interval meaningless: use counts since then */
	for (unsigned int c = 0; irq_a && c < b->irq_stride; c++) {
		uint32_t d;

		if (snapshot_irq_cpu_present(a, c) && snapshot_irq_cpu_present(b, c) &&
		    !delta32_checked(irq_count_on(a, irq_a, c), irq_count_on(b, irq_b, c), dt,
				     NT_MAX_EVENTS_PER_CPU_S, &d))
			irq_a = NULL;
	}

	for (unsigned int c = 0; c < b->irq_stride; c++) {
		uint64_t n;

		if (!snapshot_irq_cpu_present(b, c))
			continue;
		if (irq_a) {
			if (!snapshot_irq_cpu_present(a, c))
				continue;
			n = delta32(irq_count_on(a, irq_a, c), irq_count_on(b, irq_b, c));
		} else {
			n = irq_count_on(b, irq_b, c);
		}
		total += n;
		if (n > best) {
			best = n;
			top = (int)c;
		}
	}
	*share = total ? (double)best / (double)total : 0;
	return top;
}

const char *topology_qdir_name(enum nt_qdir dir)
{
	switch (dir) {
	case NT_Q_RX:
		return "rx";
	case NT_Q_TX:
		return "tx";
	case NT_Q_COMBINED:
		return "combined";
	case NT_Q_OTHER:
		return "other";
	case NT_Q_NONE:
		break;
	}
	return "all";
}

const char *topology_devkind_name(enum nt_devkind kind)
{
	switch (kind) {
	case NT_DEV_PHYSICAL:
		return "physical";
	case NT_DEV_BOND:
		return "bond";
	case NT_DEV_VLAN:
		return "vlan";
	case NT_DEV_VIRTUAL:
		return "virtual";
	case NT_DEV_LOOPBACK:
		return "loopback";
	}
	return "?";
}
