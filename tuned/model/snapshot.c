// SPDX-License-Identifier: GPL-2.0-or-later
#include "model/snapshot.h"
#include "util/array.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const nt_ifstat_names[NT_IFS_COUNT] = {
	[NT_IFS_RX_PACKETS] = "rx_packets",
	[NT_IFS_RX_BYTES] = "rx_bytes",
	[NT_IFS_RX_ERRORS] = "rx_errors",
	[NT_IFS_RX_DROPPED] = "rx_dropped",
	[NT_IFS_RX_MISSED_ERRORS] = "rx_missed_errors",
	[NT_IFS_RX_FIFO_ERRORS] = "rx_fifo_errors",
	[NT_IFS_RX_OVER_ERRORS] = "rx_over_errors",
	[NT_IFS_RX_CRC_ERRORS] = "rx_crc_errors",
	[NT_IFS_RX_FRAME_ERRORS] = "rx_frame_errors",
	[NT_IFS_RX_LENGTH_ERRORS] = "rx_length_errors",
	[NT_IFS_TX_PACKETS] = "tx_packets",
	[NT_IFS_TX_BYTES] = "tx_bytes",
	[NT_IFS_TX_ERRORS] = "tx_errors",
	[NT_IFS_TX_DROPPED] = "tx_dropped",
	[NT_IFS_TX_FIFO_ERRORS] = "tx_fifo_errors",
	[NT_IFS_COLLISIONS] = "collisions",
};

const char *const nt_sysctl_names[NT_SYSCTL_COUNT] = {
	[NT_SYSCTL_NETDEV_BUDGET] = "net.core.netdev_budget",
	[NT_SYSCTL_NETDEV_BUDGET_USECS] = "net.core.netdev_budget_usecs",
	[NT_SYSCTL_NETDEV_MAX_BACKLOG] = "net.core.netdev_max_backlog",
	[NT_SYSCTL_RPS_SOCK_FLOW_ENTRIES] = "net.core.rps_sock_flow_entries",
	[NT_SYSCTL_DEV_WEIGHT] = "net.core.dev_weight",
};

const struct nt_tcpstat_name nt_tcpstat_names[NT_TCP_COUNT] = {
	[NT_TCP_IN_SEGS] = { "Tcp:", "InSegs" },
	[NT_TCP_OUT_SEGS] = { "Tcp:", "OutSegs" },
	[NT_TCP_RETRANS_SEGS] = { "Tcp:", "RetransSegs" },
	[NT_TCP_IN_ERRS] = { "Tcp:", "InErrs" },
	[NT_TCP_TIMEOUTS] = { "TcpExt:", "TCPTimeouts" },
	[NT_TCP_LOST_RETRANSMIT] = { "TcpExt:", "TCPLostRetransmit" },
	[NT_TCP_SPURIOUS_RTOS] = { "TcpExt:", "TCPSpuriousRTOs" },
	[NT_TCP_LOSS_PROBES] = { "TcpExt:", "TCPLossProbes" },
	[NT_TCP_SACK_RECOVERY] = { "TcpExt:", "TCPSackRecovery" },
	[NT_TCP_RENO_RECOVERY] = { "TcpExt:", "TCPRenoRecovery" },
	[NT_TCP_BACKLOG_DROP] = { "TcpExt:", "TCPBacklogDrop" },
	[NT_TCP_RCVQ_DROP] = { "TcpExt:", "TCPRcvQDrop" },
	[NT_TCP_LISTEN_DROPS] = { "TcpExt:", "ListenDrops" },
	[NT_UDP_RCVBUF_ERRORS] = { "Udp:", "RcvbufErrors" },
};

const char *const nt_source_paths[NT_SRC_COUNT] = {
	[NT_SRC_SOFTNET] = "proc/net/softnet_stat",
	[NT_SRC_INTERRUPTS] = "proc/interrupts",
	[NT_SRC_SOFTIRQS] = "proc/softirqs",
	[NT_SRC_STAT] = "proc/stat",
	[NT_SRC_NETSTAT] = "proc/net/netstat",
	[NT_SRC_SNMP] = "proc/net/snmp",
	[NT_SRC_CPU_ONLINE] = "sys/devices/system/cpu/online",
	[NT_SRC_NETDEVS] = "sys/class/net",
	[NT_SRC_RUNNING] = "running",
};

void snapshot_init(struct nt_snapshot *s)
{
	memset(s, 0, sizeof(*s));
	snapshot_reset(s);
}

void snapshot_free(struct nt_snapshot *s)
{
	for (size_t i = 0; i < s->devs_cap; i++) {
		free(s->devs[i].stats);
		free(s->devs[i].rxq);
	}
	free(s->devs);
	free(s->cpus);
	free(s->irqs);
	free(s->irq_counts);
	free(s->bpf.napi);
	free(s->bpf.drops);
	memset(s, 0, sizeof(*s));
}

void snapshot_reset(struct nt_snapshot *s)
{
	s->has_mono = false;
	s->mono_s = 0;
	s->wallclock[0] = '\0';
	s->ncpus = 0; /* snapshot_reserve_cpus() zeroes what it exposes again */
	cpuset_zero(&s->online);
	cpuset_zero(&s->isolated);
	cpuset_zero(&s->nohz_full);
	s->softnet_columns = 0;
	cpuset_zero(&s->irq_cpus);
	cpuset_zero(&s->softirq_cpus);
	s->nirqs = 0;
	s->irq_stride = 0;
	s->ndevs = 0;
	for (size_t i = 0; i < NT_SYSCTL_COUNT; i++)
		s->sysctl[i] = -1;
	memset(s->tcp, 0, sizeof(s->tcp));
	s->tcp_present = 0;
	s->tuners = 0;
	s->has_running = false;
	s->n_notes = 0;
	for (size_t i = 0; i < NT_SRC_COUNT; i++)
		s->src_err[i] = -ENOENT;
	s->bpf.err = -ENOENT;
	s->bpf.why[0] = '\0';
	s->bpf.has_napi = s->bpf.has_softirq = s->bpf.has_drops = s->bpf.has_reasons = false;
	s->bpf.n_napi = 0;
	s->bpf.n_drops = 0;
}

void snapshot_note(struct nt_snapshot *s, const char *source, const char *fmt, ...)
{
	struct nt_note *n = NULL;
	va_list ap;

	for (size_t i = 0; i < s->n_notes && !n; i++)
		if (!strcmp(s->notes[i].source, source))
			n = &s->notes[i];
	if (n || s->n_notes == NT_MAX_NOTES) {
		(n ? n : &s->notes[NT_MAX_NOTES - 1])->count++;
		return;
	}
	n = &s->notes[s->n_notes++];
	snprintf(n->source, sizeof(n->source), "%s", source);
	va_start(ap, fmt);
	vsnprintf(n->what, sizeof(n->what), fmt, ap);
	va_end(ap);
	n->count = 1;
}

int snapshot_reserve_napi(struct nt_snapshot *s, size_t n)
{
	return array_reserve(s->bpf.napi, &s->bpf.napi_cap, n);
}

int snapshot_reserve_drops(struct nt_snapshot *s, size_t n)
{
	return array_reserve(s->bpf.drops, &s->bpf.drops_cap, n);
}

bool snapshot_bpf_drop_count(const struct nt_snapshot *s, const char *name, uint64_t *count)
{
	for (size_t i = 0; i < s->bpf.n_drops; i++)
		if (!strcmp(s->bpf.drops[i].name, name)) {
			*count = s->bpf.drops[i].count;
			return true;
		}
	return false;
}

int snapshot_reserve_cpus(struct nt_snapshot *s, unsigned int ncpus)
{
	if (ncpus > NT_MAX_CPUS)
		return -ERANGE;
	if (ncpus > s->cpus_cap) {
		struct nt_cpu *p = realloc(s->cpus, ncpus * sizeof(*p));

		if (!p)
			return -ENOMEM;
		s->cpus = p;
		s->cpus_cap = ncpus;
	}
	if (ncpus > s->ncpus) {
		memset(s->cpus + s->ncpus, 0, (ncpus - s->ncpus) * sizeof(*s->cpus));
		s->ncpus = ncpus;
	}
	return 0;
}

struct nt_netdev *snapshot_add_dev(struct nt_snapshot *s)
{
	struct nt_netdev *d;
	struct nt_ethstat *stats;
	struct nt_rxq *rxq;
	size_t stats_cap, rxq_cap;

	if (s->ndevs == s->devs_cap) {
		size_t cap = s->devs_cap ? s->devs_cap * 2 : 8;
		struct nt_netdev *p = realloc(s->devs, cap * sizeof(*p));

		if (!p)
			return NULL;
		memset(p + s->devs_cap, 0, (cap - s->devs_cap) * sizeof(*p));
		s->devs = p;
		s->devs_cap = cap;
	}
	d = &s->devs[s->ndevs++];
	stats = d->stats;
	stats_cap = d->stats_cap;
	rxq = d->rxq;
	rxq_cap = d->rxq_cap;
	memset(d, 0, sizeof(*d));
	d->stats = stats;
	d->stats_cap = stats_cap;
	d->rxq = rxq;
	d->rxq_cap = rxq_cap;
	d->ifindex = -1;
	d->speed_mbps = -1;
	d->numa_node = -1;
	d->drv.err = d->ring.err = d->ch.err = d->eee.err = d->stats_err = -ENOENT;
	return d;
}

void snapshot_drop_last_dev(struct nt_snapshot *s)
{
	if (s->ndevs)
		s->ndevs--;
}

struct nt_netdev *snapshot_find_dev(const struct nt_snapshot *s, const char *name)
{
	for (size_t i = 0; i < s->ndevs; i++)
		if (!strcmp(s->devs[i].name, name))
			return &s->devs[i];
	return NULL;
}

int snapshot_netdev_reserve_stats(struct nt_netdev *d, size_t n)
{
	struct nt_ethstat *p;

	if (n <= d->stats_cap)
		return 0;
	p = realloc(d->stats, n * sizeof(*p));
	if (!p)
		return -ENOMEM;
	d->stats = p;
	d->stats_cap = n;
	return 0;
}

int snapshot_netdev_reserve_rxq(struct nt_netdev *d, size_t n)
{
	struct nt_rxq *p;

	if (n <= d->rxq_cap)
		return 0;
	p = realloc(d->rxq, n * sizeof(*p));
	if (!p)
		return -ENOMEM;
	d->rxq = p;
	d->rxq_cap = n;
	return 0;
}

bool snapshot_netdev_ethstat(const struct nt_netdev *d, const char *name, uint64_t *value)
{
	for (size_t i = 0; i < d->n_stats; i++)
		if (!strcmp(d->stats[i].name, name)) {
			*value = d->stats[i].value;
			return true;
		}
	return false;
}

bool snapshot_irq_cpu_present(const struct nt_snapshot *s, unsigned int cpu)
{
	return cpuset_has(&s->irq_cpus, cpu);
}

/* IRQs are kept in number order (the kernel prints /proc/interrupts so). */
struct nt_irq *snapshot_find_irq(struct nt_snapshot *snap, unsigned int irqno)
{
	size_t lo = 0, hi = snap->nirqs;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (snap->irqs[mid].irq == irqno)
			return &snap->irqs[mid];
		if (snap->irqs[mid].irq < irqno)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}
