// SPDX-License-Identifier: GPL-2.0-or-later
#include "sample/rates.h"
#include "ethtool/ethtool.h"

#include <string.h>

double rates_interval(const struct nt_snapshot *a, const struct nt_snapshot *b)
{
	if (!a->has_mono || !b->has_mono)
		return 0;
	return b->mono_s - a->mono_s;
}

bool rates_checked(uint64_t before, uint64_t after, double dt, double max_per_s, double *per_s)
{
	double r;

	if (dt <= 0 || after < before)
		return false;
	r = (double)(after - before) / dt;
	if (!(r <= max_per_s))
		return false;
	*per_s = r;
	return true;
}

double rates_netdev_max_pps(const struct nt_netdev *d)
{
	/* a bond's or a VLAN's speed is its slaves'; veth reports 10000 and
	 * carries what the CPUs can copy: only a NIC's link is a bound */
	if (d->kind != NT_DEV_PHYSICAL || d->speed_mbps <= 0)
		return NT_MAX_PPS_SPEED_UNKNOWN;
	return (double)d->speed_mbps * 1e6 / (NT_WIRE_MIN_FRAME_BYTES * 8) * NT_RATE_JITTER;
}

double rates_netdev_max_bytes_per_s(const struct nt_netdev *d)
{
	if (d->kind != NT_DEV_PHYSICAL || d->speed_mbps <= 0)
		return NT_MAX_PPS_SPEED_UNKNOWN * NT_MAX_FRAME_BYTES;
	return (double)d->speed_mbps * 1e6 / 8 * NT_RATE_JITTER;
}

double rates_host_max_per_s(const struct nt_snapshot *b)
{
	return NT_MAX_PACKETS_PER_CPU_S * (b->ncpus ? b->ncpus : 1);
}

/* Byte counters by their name ("rx_bytes", "[0]: rx_ucast_bytes", "octets"). */
static bool counts_bytes(const char *name)
{
	return strstr(name, "bytes") || strstr(name, "octets");
}

static uint32_t softnet_field(const struct nt_softnet *sn, enum nt_softnet_field f)
{
	switch (f) {
	case NT_SN_PROCESSED:
		return sn->processed;
	case NT_SN_DROPPED:
		return sn->dropped;
	case NT_SN_TIME_SQUEEZE:
		return sn->time_squeeze;
	case NT_SN_RECEIVED_RPS:
		return sn->received_rps;
	case NT_SN_FLOW_LIMIT:
		return sn->flow_limit_count;
	}
	return 0;
}

/*
 * A CPU that was offline in either snapshot has no comparable counters:
 * its softnet row vanished, and /proc/softirqs (possible CPUs) keeps a
 * frozen column whose rate would describe only part of the interval.
 */
static bool cpu_in_both(const struct nt_snapshot *a, const struct nt_snapshot *b, unsigned int cpu)
{
	if (cpu >= a->ncpus || cpu >= b->ncpus)
		return false;
	if (a->src_err[NT_SRC_CPU_ONLINE] == 0 && !cpuset_has(&a->online, cpu))
		return false;
	return b->src_err[NT_SRC_CPU_ONLINE] != 0 || cpuset_has(&b->online, cpu);
}

bool rates_softnet(const struct nt_snapshot *a, const struct nt_snapshot *b, unsigned int cpu,
		   enum nt_softnet_field f, double *per_s)
{
	double dt = rates_interval(a, b);

	if (dt <= 0 || !cpu_in_both(a, b, cpu) || !a->cpus[cpu].softnet.present ||
	    !b->cpus[cpu].softnet.present)
		return false;
	/* columns 10/11 do not exist on every kernel: no rate from a zero filler */
	if ((f == NT_SN_RECEIVED_RPS && (a->softnet_columns < 10 || b->softnet_columns < 10)) ||
	    (f == NT_SN_FLOW_LIMIT && (a->softnet_columns < 11 || b->softnet_columns < 11)))
		return false;
	{
		uint32_t d;
		double max = f == NT_SN_PROCESSED || f == NT_SN_DROPPED || f == NT_SN_FLOW_LIMIT ?
				     NT_MAX_PACKETS_PER_CPU_S :
				     NT_MAX_EVENTS_PER_CPU_S;

		if (!delta32_checked(softnet_field(&a->cpus[cpu].softnet, f),
				     softnet_field(&b->cpus[cpu].softnet, f), dt, max, &d))
			return false;
		*per_s = d / dt;
	}
	return true;
}

bool rates_net_rx(const struct nt_snapshot *a, const struct nt_snapshot *b, unsigned int cpu,
		  double *per_s)
{
	double dt = rates_interval(a, b);

	if (dt <= 0 || !cpu_in_both(a, b, cpu) || !a->cpus[cpu].has_softirqs ||
	    !b->cpus[cpu].has_softirqs)
		return false;
	{
		uint32_t d;

		if (!delta32_checked(a->cpus[cpu].net_rx, b->cpus[cpu].net_rx, dt,
				     NT_MAX_EVENTS_PER_CPU_S, &d))
			return false;
		*per_s = d / dt;
	}
	return true;
}

bool rates_softirq_share(const struct nt_snapshot *a, const struct nt_snapshot *b, unsigned int cpu,
			 double *share)
{
	uint64_t dsoft, dtotal;

	if (!cpu_in_both(a, b, cpu) || !a->cpus[cpu].has_stat || !b->cpus[cpu].has_stat)
		return false;
	/* softirq ticks are part of the total: more of them is a damaged line */
	if (!delta64(a->cpus[cpu].softirq_ticks, b->cpus[cpu].softirq_ticks, &dsoft) ||
	    !delta64(a->cpus[cpu].total_ticks, b->cpus[cpu].total_ticks, &dtotal) || !dtotal ||
	    dsoft > dtotal)
		return false;
	*share = (double)dsoft / (double)dtotal;
	return true;
}

const struct nt_irq *rates_irq_match(const struct nt_snapshot *a, const struct nt_irq *irq_b)
{
	size_t lo = 0, hi = a->nirqs;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct nt_irq *m = &a->irqs[mid];

		if (m->irq == irq_b->irq)
			/* a number reused by another device is another IRQ */
			return strcmp(m->actions, irq_b->actions) ? NULL : m;
		if (m->irq < irq_b->irq)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

bool rates_irq_cpu(const struct nt_snapshot *a, const struct nt_snapshot *b,
		   const struct nt_irq *irq_b, unsigned int cpu, double *per_s)
{
	double dt = rates_interval(a, b);
	const struct nt_irq *irq_a;

	if (dt <= 0 || !snapshot_irq_cpu_present(a, cpu) || !snapshot_irq_cpu_present(b, cpu))
		return false;
	irq_a = rates_irq_match(a, irq_b);
	if (!irq_a)
		return false;
	{
		uint32_t d;

		if (!delta32_checked(irq_count_on(a, irq_a, cpu), irq_count_on(b, irq_b, cpu), dt,
				     NT_MAX_EVENTS_PER_CPU_S, &d))
			return false;
		*per_s = d / dt;
	}
	return true;
}

const struct nt_netdev *rates_netdev_match(const struct nt_snapshot *a,
					   const struct nt_netdev *dev_b)
{
	const struct nt_netdev *d = snapshot_find_dev(a, dev_b->name);

	/* a re-created interface gets a new ifindex and counters from zero */
	if (!d || d->ifindex != dev_b->ifindex)
		return NULL;
	return d;
}

bool rates_ifstat(const struct nt_snapshot *a, const struct nt_snapshot *b,
		  const struct nt_netdev *dev_b, enum nt_ifstat st, double *per_s)
{
	double dt = rates_interval(a, b);
	const struct nt_netdev *dev_a = rates_netdev_match(a, dev_b);
	double max = st == NT_IFS_RX_BYTES || st == NT_IFS_TX_BYTES ?
			     rates_netdev_max_bytes_per_s(dev_b) :
			     rates_netdev_max_pps(dev_b);

	if (dt <= 0 || !dev_a || !(dev_a->ifstat_present & dev_b->ifstat_present & (1u << st)))
		return false;
	return rates_checked(dev_a->ifstat[st], dev_b->ifstat[st], dt, max, per_s);
}

bool rates_ethstat(const struct nt_snapshot *a, const struct nt_snapshot *b,
		   const struct nt_netdev *dev_b, const char *name, double *per_s)
{
	double dt = rates_interval(a, b);
	const struct nt_netdev *dev_a = rates_netdev_match(a, dev_b);
	uint64_t va, vb;

	if (dt <= 0 || !dev_a || !snapshot_netdev_ethstat(dev_a, name, &va) ||
	    !snapshot_netdev_ethstat(dev_b, name, &vb))
		return false;
	return rates_checked(va, vb, dt,
			     counts_bytes(name) ? rates_netdev_max_bytes_per_s(dev_b) :
						  rates_netdev_max_pps(dev_b),
			     per_s);
}

bool rates_ring_discards(const struct nt_snapshot *a, const struct nt_snapshot *b,
			 const struct nt_netdev *dev_b, double *per_s)
{
	double dt = rates_interval(a, b);
	const struct nt_netdev *dev_a = rates_netdev_match(a, dev_b);
	struct nt_ethstat_summary sa, sb;

	if (dt <= 0 || !dev_a || dev_a->stats_err || dev_b->stats_err)
		return false;
	ethtool_stat_summarize(dev_a, &sa);
	ethtool_stat_summarize(dev_b, &sb);
	if (!sa.has_discards || !sb.has_discards)
		return false;
	return rates_checked(sa.discards, sb.discards, dt, rates_netdev_max_pps(dev_b), per_s);
}

bool rates_tcp(const struct nt_snapshot *a, const struct nt_snapshot *b, enum nt_tcpstat st,
	       double *per_s)
{
	double dt = rates_interval(a, b);

	if (dt <= 0 || !(a->tcp_present & b->tcp_present & (1u << st)))
		return false;
	return rates_checked(a->tcp[st], b->tcp[st], dt, rates_host_max_per_s(b), per_s);
}
