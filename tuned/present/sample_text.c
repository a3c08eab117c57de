// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * `nettuned sample` for a person. With one snapshot the numbers are
 * counters since boot; with a capture they are per-second rates between
 * the first and the last snapshot, and "-" marks a rate that cannot be
 * computed (CPU offline, device re-created, counter reset).
 */
#include "ethtool/ethtool.h"
#include "present/view.h"
#include "sample/rates.h"
#include "sample/topology.h"
#include "util/cleanup.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static const char *errstr(int err)
{
	switch (err) {
	case -EOPNOTSUPP:
		return "not supported by the driver";
	case -ENOENT:
		return "not available";
	case -ENODEV:
		return "device vanished";
	case -EPERM:
	case -EACCES:
		return "permission denied";
	}
	return strerror(-err);
}

static void print_cpuset(FILE *f, const struct nt_cpuset *s)
{
	char buf[256];

	if (!cpuset_count(s)) {
		fputs("none", f);
		return;
	}
	cpuset_format_list(s, buf, sizeof(buf));
	fputs(buf, f);
}

static void header(FILE *f, const struct nt_sample_view *v)
{
	const struct nt_snapshot *b = v->last;

	fprintf(f, "nettuned sample of %s%s", v->source, v->live ? " (live)" : "");
	if (v->first && rates_interval(v->first, b) > 0)
		fprintf(f, ", %zu snapshots over %.3f s, rates per second", v->nsnapshots,
			rates_interval(v->first, b));
	else if (v->first)
		fprintf(f, ", %zu snapshots without increasing timestamps: no rates",
			v->nsnapshots);
	else
		fputs(", one snapshot, counters since boot", f);
	fputc('\n', f);
	if ((v->hostname && v->hostname[0]) || (v->kernel && v->kernel[0]))
		fprintf(f, "host %s, kernel %s\n",
			v->hostname && v->hostname[0] ? v->hostname : "?",
			v->kernel && v->kernel[0] ? v->kernel : "?");
	if (b->wallclock[0])
		fprintf(f, "taken %s\n", b->wallclock);
	/* without the online file nothing is known, which is not "none" */
	if (b->src_err[NT_SRC_CPU_ONLINE]) {
		fputs("CPUs online unknown, isolated ", f);
	} else {
		fprintf(f, "CPUs online ");
		print_cpuset(f, &b->online);
		fprintf(f, " (%u), isolated ", cpuset_count(&b->online));
	}
	print_cpuset(f, &b->isolated);
	fputs(", nohz_full ", f);
	print_cpuset(f, &b->nohz_full);
	fputc('\n', f);
	for (int i = 0; i < NT_SRC_COUNT; i++)
		if (b->src_err[i] && i != NT_SRC_RUNNING)
			fprintf(f, "unavailable: %s (%s)\n", nt_source_paths[i],
				errstr(b->src_err[i]));
	for (size_t i = 0; i < b->n_notes; i++) {
		const struct nt_note *n = &b->notes[i];

		fprintf(f, "damaged: %s: %s", n->source, n->what);
		if (n->count > 1)
			fprintf(f, " (%u problems in all)", n->count);
		fputc('\n', f);
	}
}

static void sysctls(FILE *f, const struct nt_snapshot *b)
{
	static const char *const units[NT_SYSCTL_COUNT] = {
		"packets", "us", "packets", "entries", "packets",
	};

	fputs("sysctls:", f);
	for (int i = 0; i < NT_SYSCTL_COUNT; i++) {
		if (b->sysctl[i] < 0)
			fprintf(f, " %s=n/a", nt_sysctl_names[i]);
		else
			fprintf(f, " %s=%lld %s", nt_sysctl_names[i], (long long)b->sysctl[i],
				units[i]);
		fputc(i + 1 < NT_SYSCTL_COUNT ? ',' : '\n', f);
	}
	if (b->has_running)
		fprintf(f, "other tuners running:%s%s%s%s\n",
			b->tuners & NT_TUNER_IRQBALANCE ? " irqbalance" : "",
			b->tuners & NT_TUNER_TUNED ? " tuned" : "",
			b->tuners & NT_TUNER_BPFTUNE ? " bpftune" : "", b->tuners ? "" : " none");
}

/* A count since boot; "-" when its source has nothing for this CPU. */
static void cell_count(FILE *f, bool ok, uint64_t v, int width)
{
	if (ok)
		fprintf(f, " %*llu", width, (unsigned long long)v);
	else
		fprintf(f, " %*s", width, "-");
}

/* @v is read only when @ok: callers compute ok from the call that fills *v */
static void cell_rate(FILE *f, bool ok, const double *v, int width)
{
	if (ok)
		fprintf(f, " %*.1f", width, *v);
	else
		fprintf(f, " %*s", width, "-");
}

/* Interrupts per second of all NIC IRQs on one CPU. */
static bool nic_irq_rate(const struct nt_snapshot *a, const struct nt_snapshot *b, unsigned int cpu,
			 double *per_s)
{
	bool any = false;

	*per_s = 0;
	for (size_t k = 0; k < b->nirqs; k++) {
		double r;

		if (b->irqs[k].dev < 0 || !rates_irq_cpu(a, b, &b->irqs[k], cpu, &r))
			continue;
		*per_s += r;
		any = true;
	}
	return any;
}

bool view_cpu_shown(const struct nt_snapshot *b, unsigned int c)
{
	const struct nt_cpu *cpu = &b->cpus[c];

	/* any per-CPU source that knows the CPU: losing one keeps the others */
	return cpu->softnet.present || cpu->has_softirqs || cpu->has_stat ||
	       snapshot_irq_cpu_present(b, c) ||
	       (b->src_err[NT_SRC_CPU_ONLINE] == 0 && cpuset_has(&b->online, c));
}

/* Counts since boot; an offline CPU's are frozen or gone: "-". */
static void cpu_counts(FILE *f, const struct nt_snapshot *b, unsigned int c)
{
	const struct nt_cpu *cpu = &b->cpus[c];
	bool on = b->src_err[NT_SRC_CPU_ONLINE] || cpuset_has(&b->online, c);
	bool sn = on && cpu->softnet.present;

	cell_count(f, sn, cpu->softnet.processed, 12);
	cell_count(f, sn, cpu->softnet.dropped, 10);
	cell_count(f, sn, cpu->softnet.time_squeeze, 10);
	cell_count(f, sn && b->softnet_columns >= 10, cpu->softnet.received_rps, 10);
	cell_count(f, sn && b->softnet_columns >= 11, cpu->softnet.flow_limit_count, 10);
	cell_count(f, on && cpu->has_softirqs, cpu->net_rx, 12);
	cell_count(f, on && snapshot_irq_cpu_present(b, c), cpu->interrupts, 12);
}

static void cpu_table(FILE *f, const struct nt_sample_view *v)
{
	const struct nt_snapshot *a = v->first, *b = v->last;

	fprintf(f, "\nper CPU%s:\n", a ? " (per second)" : " (since boot)");
	fprintf(f, "  CPU %12s %10s %10s %10s %10s %12s %12s %10s\n", "processed", "dropped",
		"squeezed", "rps_ipi", "flow_limit", "NET_RX", "NIC_IRQs", "softirq%");
	for (unsigned int c = 0; c < b->ncpus; c++) {
		const struct nt_cpu *cpu = &b->cpus[c];
		double r = 0, share = 0;

		if (!view_cpu_shown(b, c))
			continue;
		fprintf(f, "  %3u", c);
		if (a) {
			static const enum nt_softnet_field fields[] = {
				NT_SN_PROCESSED,    NT_SN_DROPPED,    NT_SN_TIME_SQUEEZE,
				NT_SN_RECEIVED_RPS, NT_SN_FLOW_LIMIT,
			};
			static const int widths[] = { 12, 10, 10, 10, 10 };
			for (size_t i = 0; i < 5; i++) {
				bool ok = rates_softnet(a, b, c, fields[i], &r);

				cell_rate(f, ok, &r, widths[i]);
			}
			cell_rate(f, rates_net_rx(a, b, c, &r), &r, 12);
			cell_rate(f, nic_irq_rate(a, b, c, &r), &r, 12);
		} else {
			cpu_counts(f, b, c);
		}
		if (a && rates_softirq_share(a, b, c, &share))
			fprintf(f, " %9.1f%%", share * 100);
		else if (!a && cpu->has_stat && cpu->total_ticks)
			fprintf(f, " %9.1f%%",
				100.0 * (double)cpu->softirq_ticks / (double)cpu->total_ticks);
		else
			fprintf(f, " %10s", "-");
		if (cpuset_has(&b->isolated, c) || cpuset_has(&b->nohz_full, c))
			fputs("  (kept for other work)", f);
		if (!cpuset_has(&b->online, c) && b->src_err[NT_SRC_CPU_ONLINE] == 0)
			fputs("  (offline)", f);
		fputc('\n', f);
	}
}

static void ring_line(FILE *f, const struct nt_netdev *d)
{
	if (d->ch.err == 0)
		fprintf(f, "    channels: combined %u of %u, rx %u of %u, tx %u of %u\n",
			d->ch.combined, d->ch.combined_max, d->ch.rx, d->ch.rx_max, d->ch.tx,
			d->ch.tx_max);
	else
		fprintf(f, "    channels: %s\n", errstr(d->ch.err));
	if (d->ring.err == 0)
		fprintf(f, "    rings: rx %u of %u descriptors, tx %u of %u descriptors\n",
			d->ring.rx, d->ring.rx_max, d->ring.tx, d->ring.tx_max);
	else
		fprintf(f, "    rings: %s\n", errstr(d->ring.err));
	if (d->eee.err == 0 && !d->eee.supported)
		fputs("    EEE: not supported\n", f);
	else if (d->eee.err == 0)
		fprintf(f, "    EEE: %s%s, tx LPI %s, timer %u us\n",
			d->eee.enabled ? "enabled" : "disabled",
			d->eee.enabled ? (d->eee.active ? " and active" : " but inactive") : "",
			d->eee.tx_lpi_enabled ? "on" : "off", d->eee.tx_lpi_timer_us);
	else
		fprintf(f, "    EEE: %s\n", errstr(d->eee.err));
}

static void drops(FILE *f, const struct nt_sample_view *v, const struct nt_netdev *d)
{
	static const enum nt_ifstat shown[] = {
		NT_IFS_RX_PACKETS,     NT_IFS_RX_DROPPED,     NT_IFS_RX_MISSED_ERRORS,
		NT_IFS_RX_FIFO_ERRORS, NT_IFS_RX_OVER_ERRORS, NT_IFS_RX_ERRORS,
		NT_IFS_TX_DROPPED,
	};
	struct nt_ethstat_summary sb;
	const char *unit = v->first ? "/s" : "";

	fputs("    counters:", f);
	for (size_t i = 0; i < NT_ARRAY_SIZE(shown); i++) {
		double r;

		if (!(d->ifstat_present & (1u << shown[i])))
			continue;
		if (!v->first)
			fprintf(f, " %s %llu", nt_ifstat_names[shown[i]],
				(unsigned long long)d->ifstat[shown[i]]);
		else if (rates_ifstat(v->first, v->last, d, shown[i], &r))
			fprintf(f, " %s %.1f%s", nt_ifstat_names[shown[i]], r, unit);
		else
			fprintf(f, " %s -", nt_ifstat_names[shown[i]]);
	}
	fputc('\n', f);
	if (d->stats_err) {
		fprintf(f, "    driver statistics: %s\n", errstr(d->stats_err));
		return;
	}
	ethtool_stat_summarize(d, &sb);
	fprintf(f, "    driver statistics: %zu counters", d->n_stats);
	if (sb.has_discards) {
		double r;

		if (!v->first)
			fprintf(f, ", ring discards %llu", (unsigned long long)sb.discards);
		else if (rates_ring_discards(v->first, v->last, d, &r))
			fprintf(f, ", ring discards %.1f/s", r);
		else
			fputs(", ring discards -", f);
	}
	if (sb.has_lpi_tx || sb.has_lpi_rx)
		fprintf(f, ", LPI entries tx %llu rx %llu (since boot)",
			(unsigned long long)sb.lpi_tx, (unsigned long long)sb.lpi_rx);
	fputc('\n', f);
}

static void irq_table(FILE *f, const struct nt_sample_view *v, size_t devidx)
{
	const struct nt_snapshot *b = v->last;

	if (!b->devs[devidx].n_irqs) {
		fputs("    IRQs: none found for this device\n", f);
		return;
	}
	fprintf(f, "    %-6s %-12s %-10s %-10s %-16s %s\n", "IRQ", "queue", "affinity", "effective",
		v->first ? "lands on (now)" : "lands on (boot)", "name");
	for (size_t k = 0; k < b->nirqs; k++) {
		const struct nt_irq *irq = &b->irqs[k];
		char aff[64] = "-", eff[64] = "-", q[24], on[32];
		double share;
		int top;

		if (irq->dev != (int)devidx)
			continue;
		if (irq->has_affinity)
			cpuset_format_list(&irq->affinity, aff, sizeof(aff));
		if (irq->has_effective)
			cpuset_format_list(&irq->effective, eff, sizeof(eff));
		if (irq->queue >= 0)
			snprintf(q, sizeof(q), "%s %d", topology_qdir_name(irq->dir), irq->queue);
		else
			snprintf(q, sizeof(q), "%s", topology_qdir_name(irq->dir));
		top = topology_irq_top_cpu(v->first, b, irq, &share);
		if (top >= 0)
			snprintf(on, sizeof(on), "CPU%d (%.0f%%)", top, share * 100);
		else if (v->first && (top = topology_irq_top_cpu(NULL, b, irq, &share)) >= 0)
			snprintf(on, sizeof(on), "idle; boot CPU%d",
				 top); /* where it went before */
		else
			snprintf(on, sizeof(on), "no interrupts");
		fprintf(f, "    %-6u %-12s %-10s %-10s %-16s %s\n", irq->irq, q, aff, eff, on,
			irq->actions);
	}
}

static void rps_line(FILE *f, const struct nt_netdev *d)
{
	unsigned int on = 0;

	if (!d->n_rxq && !d->n_txq) {
		fputs("    queues: not available (no queues/ in sysfs)\n", f);
		return;
	}
	for (unsigned int i = 0; i < d->n_rxq; i++)
		if (d->rxq[i].has_rps && cpuset_count(&d->rxq[i].rps_cpus))
			on++;
	fprintf(f, "    queues: %u rx, %u tx; RPS on %u of %u rx queues", d->n_rxq, d->n_txq, on,
		d->n_rxq);
	if (d->n_rxq && d->rxq[0].rps_flow_cnt >= 0)
		fprintf(f, ", rx-0 rps_flow_cnt %lld", (long long)d->rxq[0].rps_flow_cnt);
	fputc('\n', f);
}

static void nic(FILE *f, const struct nt_sample_view *v, size_t i)
{
	const struct nt_snapshot *b = v->last;
	const struct nt_netdev *d = &b->devs[i];

	fprintf(f, "\nNIC %s: %s", d->name, topology_devkind_name(d->kind));
	if (d->drv.err == 0)
		fprintf(f, ", driver %s", d->drv.driver);
	if (d->bus_id[0])
		fprintf(f, ", bus %s", d->bus_id);
	if (d->numa_node >= 0)
		fprintf(f, ", NUMA node %d", d->numa_node);
	fprintf(f, ", %s", d->operstate[0] ? d->operstate : "state unknown");
	if (d->speed_mbps > 0)
		fprintf(f, ", %lld Mb/s", (long long)d->speed_mbps);
	fputc('\n', f);
	if (d->n_lower) {
		const struct nt_netdev *phys[NT_MAX_LOWER];
		size_t n = topology_netdev_physical(b, d, phys, NT_MAX_LOWER);

		fputs("    carried by:", f);
		for (size_t k = 0; k < n; k++)
			fprintf(f, " %s", phys[k]->name);
		if (!n)
			fputs(" (no physical NIC found)", f);
		fputc('\n', f);
	}
	if (d->kind == NT_DEV_BOND || d->kind == NT_DEV_VLAN)
		return;
	rps_line(f, d);
	if (d->kind == NT_DEV_PHYSICAL)
		ring_line(f, d);
	drops(f, v, d);
	if (d->kind == NT_DEV_PHYSICAL)
		irq_table(f, v, i);
}

static void tcp(FILE *f, const struct nt_sample_view *v)
{
	const struct nt_snapshot *a = v->first, *b = v->last;
	int n = 0;

	fprintf(f, "\nTCP/UDP outcome counters%s:\n ", a ? " (per second)" : " (since boot)");
	for (int i = 0; i < NT_TCP_COUNT; i++) {
		double r;

		if (!(b->tcp_present & (1u << i)))
			continue;
		if (!a)
			fprintf(f, " %s %llu", nt_tcpstat_names[i].name,
				(unsigned long long)b->tcp[i]);
		else if (rates_tcp(a, b, (enum nt_tcpstat)i, &r))
			fprintf(f, " %s %.2f", nt_tcpstat_names[i].name, r);
		else
			fprintf(f, " %s -", nt_tcpstat_names[i].name);
		if (++n % 5 == 0)
			fputs("\n ", f);
	}
	fputc('\n', f);
}

void view_sample_text(FILE *f, const struct nt_sample_view *v)
{
	const struct nt_snapshot *b = v->last;

	header(f, v);
	sysctls(f, b);
	cpu_table(f, v);
	for (size_t i = 0; i < b->ndevs; i++)
		if (b->devs[i].kind != NT_DEV_LOOPBACK)
			nic(f, v, i);
	tcp(f, v);
	view_bpf_text(f, v);
}
