// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Signal values over one interval. Everything goes through rates.h, so a
 * wrapped 32-bit counter still gives a rate and a reset gives none.
 */
#include "engine/engine_int.h"
#include "engine/signal_int.h"
#include "ethtool/ethtool.h"
#include "sample/napi.h"
#include "sample/rates.h"

#include <math.h>

/*
 * Interrupts per CPU summed over the device's queue IRQs. A single-IRQ NIC
 * (stmmac) has one IRQ with no queue in its name: it serves the queue.
 */
static bool dev_irq_spread(const struct nt_interval *iv, int dev, double *total, double *top,
			   int *top_cpu, unsigned int *n_irqs)
{
	const struct nt_snapshot *b = iv->b;
	unsigned int span = b->irq_stride;
	double best = 0, sum = 0;
	int best_cpu = -1;
	bool any = false;

	*n_irqs = 0;
	for (size_t i = 0; i < b->nirqs; i++)
		if (placement_is_queue_irq(b, &b->irqs[i], dev))
			(*n_irqs)++;
	for (unsigned int c = 0; c < span; c++) {
		double cpu_sum = 0, r;

		for (size_t i = 0; i < b->nirqs; i++) {
			if (!placement_is_queue_irq(b, &b->irqs[i], dev))
				continue;
			if (!rates_irq_cpu(iv->a, b, &b->irqs[i], c, &r))
				continue;
			any = true;
			cpu_sum += r;
		}
		sum += cpu_sum;
		if (cpu_sum > best) {
			best = cpu_sum;
			best_cpu = (int)c;
		}
	}
	*total = sum;
	*top = best;
	*top_cpu = best_cpu;
	return any;
}

static bool bpf_napi_both(const struct nt_interval *iv)
{
	return iv->a->bpf.err == 0 && iv->b->bpf.err == 0 && iv->a->bpf.has_napi &&
	       iv->b->bpf.has_napi;
}

/* The CPU with the most NET_RX softirqs over @iv, -1 none. */
static int busiest_net_rx_cpu(const struct nt_interval *iv)
{
	double best = 0, r;
	int cpu = -1;

	for (unsigned int c = 0; c < iv->b->ncpus; c++) {
		if (rates_net_rx(iv->a, iv->b, c, &r) && r > best) {
			best = r;
			cpu = (int)c;
		}
	}
	return cpu;
}

int signal_dev_rx_cpu(const struct nt_interval *iv, int dev, enum nt_rx_cpu *how)
{
	const struct nt_netdev *d = &iv->b->devs[dev];
	double total, top;
	unsigned int n;
	bool backlog;
	int cpu;

	*how = NT_RX_CPU_NONE;
	if (dev_irq_spread(iv, dev, &total, &top, &cpu, &n)) {
		if (total <= 0 || cpu < 0)
			return -1;
		*how = NT_RX_CPU_IRQ;
		return cpu;
	}
	/* a NIC's interrupts without rates: not known, as before */
	if (n || d->kind == NT_DEV_PHYSICAL)
		return -1;
	if (bpf_napi_both(iv)) {
		cpu = signal_bpf_poll_cpu(iv, dev, &backlog);
		if (cpu >= 0)
			*how = backlog ? NT_RX_CPU_BACKLOG : NT_RX_CPU_NAPI;
		return cpu;
	}
	cpu = busiest_net_rx_cpu(iv);
	if (cpu >= 0)
		*how = NT_RX_CPU_GUESS;
	return cpu;
}

static bool dev_lpi(const struct nt_interval *iv, const struct nt_netdev *dev_b, double *v)
{
	const struct nt_netdev *dev_a = rates_netdev_match(iv->a, dev_b);
	double dt = rates_interval(iv->a, iv->b);
	struct nt_ethstat_summary sa, sb;
	double tx = 0, rx = 0, max = rates_netdev_max_pps(dev_b);

	if (dt <= 0 || !dev_a || dev_a->stats_err || dev_b->stats_err)
		return false;
	ethtool_stat_summarize(dev_a, &sa);
	ethtool_stat_summarize(dev_b, &sb);
	if (!(sa.has_lpi_tx && sb.has_lpi_tx) && !(sa.has_lpi_rx && sb.has_lpi_rx))
		return false;
	/* an entry into low power idle needs an idle gap between frames */
	if (sa.has_lpi_tx && sb.has_lpi_tx && !rates_checked(sa.lpi_tx, sb.lpi_tx, dt, max, &tx))
		return false;
	if (sa.has_lpi_rx && sb.has_lpi_rx && !rates_checked(sa.lpi_rx, sb.lpi_rx, dt, max, &rx))
		return false;
	*v = tx + rx;
	return true;
}

/*
 * The NIC's own discard statistics (ethtool_stat_summarize) and what the driver
 * reports in rtnl_link_stats64: rx_missed_errors ("lack of buffer space"),
 * rx_fifo_errors and rx_over_errors (ifconfig's "overruns"). Drivers fill
 * different ones, and many fill several with the same drops, so the
 * largest is the rate and none is added to another.
 */
static bool dev_ring_discards(const struct nt_interval *iv, const struct nt_netdev *d, double *v)
{
	static const enum nt_ifstat sysfs[] = {
		NT_IFS_RX_MISSED_ERRORS,
		NT_IFS_RX_FIFO_ERRORS,
		NT_IFS_RX_OVER_ERRORS,
	};
	bool any = rates_ring_discards(iv->a, iv->b, d, v);
	double r;

	if (!any)
		*v = 0;
	for (size_t i = 0; i < sizeof(sysfs) / sizeof(sysfs[0]); i++) {
		if (!rates_ifstat(iv->a, iv->b, d, sysfs[i], &r))
			continue;
		*v = any ? fmax(*v, r) : r;
		any = true;
	}
	return any;
}

/* queues/rx-N, else the channels the driver reports (ethtool -l). */
static bool dev_rx_queues(const struct nt_netdev *d, double *v)
{
	if (d->n_rxq) {
		*v = d->n_rxq;
		return true;
	}
	if (d->ch.err || d->ch.rx + d->ch.combined == 0)
		return false;
	*v = d->ch.rx + d->ch.combined;
	return true;
}

unsigned int signal_dev_queues(const struct nt_snapshot *b, int dev)
{
	double v;

	return dev >= 0 && (size_t)dev < b->ndevs && dev_rx_queues(&b->devs[dev], &v) ?
		       (unsigned int)v :
		       0;
}

static bool queue_discard_rate(const struct nt_interval *iv, const struct nt_netdev *d, int q,
			       double *v)
{
	const struct nt_netdev *a = rates_netdev_match(iv->a, d);
	double dt = rates_interval(iv->a, iv->b);
	uint64_t before, after;

	if (dt <= 0 || !a || a->stats_err || d->stats_err ||
	    !ethtool_stat_queue_discards(a, q, &before) ||
	    !ethtool_stat_queue_discards(d, q, &after))
		return false;
	return rates_checked(before, after, dt, rates_netdev_max_pps(d), v);
}

/*
 * @cpu's share of the NET_RX time all CPUs spent (BPF softirq times). For a
 * device without IRQs the count of NET_RX softirqs follows no work: veth
 * raises one per transmit burst on the sending CPU, and RPS raises one
 * there too to send its IPIs (napi_schedule_rps in net/core/dev.c), so the
 * counts stay on that CPU when RPS has moved the protocol work away. The
 * time moves with the work.
 */
static bool net_rx_time_share(const struct nt_interval *iv, unsigned int cpu, double *v)
{
	double mine, all = 0, t;

	if (!rates_bpf_softirq(iv->a, iv->b, cpu, true, &mine))
		return false;
	for (unsigned int c = 0; c < iv->b->ncpus; c++)
		if (rates_bpf_softirq(iv->a, iv->b, c, true, &t))
			all += t;
	if (all <= 0)
		return false;
	*v = 100 * mine / all;
	return true;
}

/* The share of NET_RX or the softirq time of the device's receive CPU. */
static bool dev_rx_cpu_signal(enum nt_signal sig, const struct nt_interval *iv, int dev, double *v)
{
	enum nt_rx_cpu how;
	int cpu = signal_dev_rx_cpu(iv, dev, &how);
	double cpu_rx, host_rx;

	if (cpu < 0)
		return false;
	if (sig == NT_SIG_DEV_NET_RX_CPU_SOFTIRQ) {
		if (!rates_softirq_share(iv->a, iv->b, (unsigned int)cpu, v))
			return false;
		*v *= 100;
		return true;
	}
	if ((how == NT_RX_CPU_NAPI || how == NT_RX_CPU_BACKLOG) &&
	    net_rx_time_share(iv, (unsigned int)cpu, v))
		return true;
	if (!rates_net_rx(iv->a, iv->b, (unsigned int)cpu, &cpu_rx) ||
	    !signal_value(NT_SIG_HOST_NET_RX, iv, 0, &host_rx) || host_rx <= 0)
		return false;
	*v = 100 * cpu_rx / host_rx;
	return true;
}

/*
 * The backlog drops that say netdev_max_backlog was reached:
 * enqueue_to_backlog() counts flow-limit drops in `dropped` too (goto drop
 * after skb_flow_limit()). Before 3.11 there is no flow limit, so all drops
 * are overflow.
 */
static bool cpu_backlog_overflow(const struct nt_interval *iv, unsigned int cpu, double *v)
{
	const struct nt_snapshot *a = iv->a, *b = iv->b;
	double dropped, flow;

	if (!rates_softnet(a, b, cpu, NT_SN_DROPPED, &dropped))
		return false;
	if (!rates_softnet(a, b, cpu, NT_SN_FLOW_LIMIT, &flow)) {
		if (a->softnet_columns >= 11 && b->softnet_columns >= 11)
			return false;
		flow = 0;
	}
	*v = dropped > flow ? dropped - flow : 0;
	return true;
}

static bool cpu_net_rx_share(const struct nt_interval *iv, unsigned int cpu, double *v)
{
	double mine, total;

	if (!rates_net_rx(iv->a, iv->b, cpu, &mine) ||
	    !signal_value(NT_SIG_HOST_NET_RX, iv, 0, &total))
		return false;
	*v = total > 0 ? 100 * mine / total : 0;
	return true;
}

static bool cpu_softirq(const struct nt_interval *iv, unsigned int cpu, double *v)
{
	bool ok = rates_softirq_share(iv->a, iv->b, cpu, v);

	*v *= 100;
	return ok;
}

static bool dev_rps_enabled(const struct nt_netdev *d, double *v)
{
	*v = 0;
	for (unsigned int q = 0; q < d->n_rxq; q++)
		if (d->rxq[q].has_rps && cpuset_count(&d->rxq[q].rps_cpus))
			*v = 1;
	return d->n_rxq && d->rxq[0].has_rps;
}

/*
 * dev.queue_irqs, dev.irq_rate, dev.irq_top_share. Without IRQ rates the
 * count of queue IRQs is still known: *v is that count then, and only
 * dev.queue_irqs has a value.
 */
static bool dev_irq_signal(enum nt_signal sig, const struct nt_interval *iv, int dev, double *v)
{
	double total, top;
	unsigned int n_irqs;
	int cpu;

	if (!dev_irq_spread(iv, dev, &total, &top, &cpu, &n_irqs)) {
		*v = n_irqs;
		return sig == NT_SIG_DEV_QUEUE_IRQS;
	}
	if (sig == NT_SIG_DEV_QUEUE_IRQS) {
		*v = n_irqs;
		return true;
	}
	if (sig == NT_SIG_DEV_IRQ_RATE) {
		*v = total;
		return true;
	}
	if (total <= 0)
		return false;
	*v = 100 * top / total;
	return true;
}

static bool queue_discard_share(const struct nt_interval *iv, int dev, int q, double *v)
{
	const struct nt_netdev *d = &iv->b->devs[dev];
	unsigned int nq = signal_dev_queues(iv->b, dev);
	double all = 0, r;

	if (!queue_discard_rate(iv, d, q, v))
		return false;
	for (unsigned int o = 0; o < nq; o++)
		if (queue_discard_rate(iv, d, (int)o, &r))
			all += r;
	*v = all > 0 ? 100 * *v / all : 0;
	return true;
}

static bool queue_irq_rate(const struct nt_interval *iv, int dev, int q, double *v)
{
	const struct nt_snapshot *b = iv->b;
	bool any = false;
	double r;

	*v = 0;
	for (size_t i = 0; i < b->nirqs; i++) {
		const struct nt_irq *irq = &b->irqs[i];

		if (!placement_is_queue_irq(b, irq, dev) || irq->queue != q)
			continue;
		for (unsigned int c = 0; c < b->irq_stride; c++) {
			if (rates_irq_cpu(iv->a, b, irq, c, &r)) {
				*v += r;
				any = true;
			}
		}
	}
	return any;
}

static bool tcp_retrans_ratio(const struct nt_interval *iv, double *v)
{
	double retrans, out;

	if (!rates_tcp(iv->a, iv->b, NT_TCP_RETRANS_SEGS, &retrans) ||
	    !rates_tcp(iv->a, iv->b, NT_TCP_OUT_SEGS, &out) || out <= 0)
		return false;
	*v = 100 * retrans / out;
	return true;
}

static bool host_net_rx(const struct nt_interval *iv, double *v)
{
	bool any = false;
	double r;

	*v = 0;
	for (unsigned int c = 0; c < iv->b->ncpus; c++) {
		if (rates_net_rx(iv->a, iv->b, c, &r)) {
			*v += r;
			any = true;
		}
	}
	return any;
}

/* Whether @entity names one entity of @scope in @iv's later snapshot. */
static bool entity_valid(enum nt_scope scope, const struct nt_interval *iv, int entity)
{
	switch (scope) {
	case NT_SCOPE_HOST:
		return true;
	case NT_SCOPE_CPU:
		return entity >= 0;
	case NT_SCOPE_DEVICE:
		return entity >= 0 && (size_t)entity < iv->b->ndevs;
	case NT_SCOPE_QUEUE:
		return entity >= 0 && (size_t)NT_ENTITY_DEV(entity) < iv->b->ndevs;
	}
	return false;
}

bool signal_value(enum nt_signal sig, const struct nt_interval *iv, int entity, double *v)
{
	const struct nt_snapshot *a = iv->a, *b = iv->b;
	unsigned int cpu = (unsigned int)entity;
	int dev = entity, q = -1;

	if (sig >= NT_SIG_COUNT || !a || !b || rates_interval(a, b) <= 0 ||
	    !entity_valid(nt_signals[sig].scope, iv, entity))
		return false;
	if (nt_signals[sig].scope == NT_SCOPE_QUEUE) {
		dev = NT_ENTITY_DEV(entity);
		q = NT_ENTITY_QUEUE(entity);
	}
	/*
	 * Every signal of model/signals.def by name and no default: a line
	 * added there does not build (-Wswitch, -Werror) until it is
	 * computed here.
	 */
	switch (sig) {
	/* per CPU */
	case NT_SIG_CPU_TIME_SQUEEZE:
		return rates_softnet(a, b, cpu, NT_SN_TIME_SQUEEZE, v);
	case NT_SIG_CPU_BACKLOG_DROPS:
		return rates_softnet(a, b, cpu, NT_SN_DROPPED, v);
	case NT_SIG_CPU_FLOW_LIMIT_DROPS:
		return rates_softnet(a, b, cpu, NT_SN_FLOW_LIMIT, v);
	case NT_SIG_CPU_BACKLOG_OVERFLOW:
		return cpu_backlog_overflow(iv, cpu, v);
	case NT_SIG_CPU_PROCESSED:
		return rates_softnet(a, b, cpu, NT_SN_PROCESSED, v);
	case NT_SIG_CPU_NET_RX:
		return rates_net_rx(a, b, cpu, v);
	case NT_SIG_CPU_NET_RX_SHARE:
		return cpu_net_rx_share(iv, cpu, v);
	case NT_SIG_CPU_SOFTIRQ:
		return cpu_softirq(iv, cpu, v);
	case NT_SIG_CPU_NET_RX_TIME:
		return signal_bpf_cpu_time(iv, entity, true, v);
	case NT_SIG_CPU_NET_TX_TIME:
		return signal_bpf_cpu_time(iv, entity, false, v);
	/* per device */
	case NT_SIG_DEV_RX_PACKETS:
		return rates_ifstat(a, b, &b->devs[dev], NT_IFS_RX_PACKETS, v);
	case NT_SIG_DEV_RX_DROPPED:
		return rates_ifstat(a, b, &b->devs[dev], NT_IFS_RX_DROPPED, v);
	case NT_SIG_DEV_RING_DISCARDS:
		return dev_ring_discards(iv, &b->devs[dev], v);
	case NT_SIG_DEV_LPI:
		return dev_lpi(iv, &b->devs[dev], v);
	case NT_SIG_DEV_EEE_ACTIVE:
		if (b->devs[dev].eee.err)
			return false;
		*v = b->devs[dev].eee.enabled && b->devs[dev].eee.active;
		return true;
	case NT_SIG_DEV_RX_QUEUES:
		return dev_rx_queues(&b->devs[dev], v);
	case NT_SIG_DEV_QUEUE_IRQS:
	case NT_SIG_DEV_IRQ_RATE:
	case NT_SIG_DEV_IRQ_TOP_SHARE:
		return dev_irq_signal(sig, iv, dev, v);
	case NT_SIG_DEV_NET_RX_CPU_SHARE:
	case NT_SIG_DEV_NET_RX_CPU_SOFTIRQ:
		return dev_rx_cpu_signal(sig, iv, dev, v);
	case NT_SIG_DEV_RPS_ENABLED:
		return dev_rps_enabled(&b->devs[dev], v);
	case NT_SIG_DEV_NAPI_POLLS:
		return signal_bpf_napi_sum(iv, dev, -1, NT_NAPI_POLLS, v);
	case NT_SIG_DEV_NAPI_PACKETS:
		return signal_bpf_napi_sum(iv, dev, -1, NT_NAPI_PACKETS, v);
	case NT_SIG_DEV_NAPI_FULL:
		return signal_bpf_napi_sum(iv, dev, -1, NT_NAPI_FULL, v);
	case NT_SIG_DEV_NAPI_FULL_SHARE:
		return signal_bpf_napi_full_share(iv, dev, v);
	/* per RX queue */
	case NT_SIG_QUEUE_DISCARDS:
		return queue_discard_rate(iv, &b->devs[dev], q, v);
	case NT_SIG_QUEUE_DISCARD_SHARE:
		return queue_discard_share(iv, dev, q, v);
	case NT_SIG_QUEUE_IRQ_RATE:
		return queue_irq_rate(iv, dev, q, v);
	case NT_SIG_QUEUE_NAPI_FULL:
		return signal_bpf_napi_sum(iv, dev, q, NT_NAPI_FULL, v);
	/* host */
	case NT_SIG_TCP_TIMEOUTS:
		return rates_tcp(a, b, NT_TCP_TIMEOUTS, v);
	case NT_SIG_TCP_RETRANS_RATIO:
		return tcp_retrans_ratio(iv, v);
	case NT_SIG_HOST_NET_RX:
		return host_net_rx(iv, v);
	case NT_SIG_HOST_DROPS:
		return rates_bpf_drops(a, b, NULL, v);
	case NT_SIG_HOST_DROPS_BACKLOG:
		return rates_bpf_drops(a, b, "CPU_BACKLOG", v);
	case NT_SIG_HOST_DROPS_RCVBUF:
		return rates_bpf_drops(a, b, "SOCKET_RCVBUFF", v);
	case NT_SIG_HOST_DROPS_NETFILTER:
		return rates_bpf_drops(a, b, "NETFILTER_DROP", v);
	case NT_SIG_COUNT:
		break;
	}
	return false;
}
