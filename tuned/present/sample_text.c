// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * `nettuned sample` for a person. With one snapshot the numbers are
 * counters since boot; with a capture they are per-second rates between
 * the first and the last snapshot, and "-" marks a rate that cannot be
 * computed (CPU offline, device re-created, counter reset).
 */
#include "ethtool/ethtool.h"
#include "present/view.h"
#include "sample/napi.h"
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
	if (v->first && snapshot_interval(v->first, b) > 0)
		fprintf(f, ", %zu snapshots over %.3f s, rates per second",
			v->nsnapshots, snapshot_interval(v->first, b));
	else if (v->first)
		fprintf(f, ", %zu snapshots without increasing timestamps: no rates", v->nsnapshots);
	else
		fputs(", one snapshot, counters since boot", f);
	fputc('\n', f);
	if ((v->hostname && v->hostname[0]) || (v->kernel && v->kernel[0]))
		fprintf(f, "host %s, kernel %s\n", v->hostname && v->hostname[0] ? v->hostname : "?",
			v->kernel && v->kernel[0] ? v->kernel : "?");
	if (b->wallclock[0])
		fprintf(f, "taken %s\n", b->wallclock);
	fprintf(f, "CPUs online ");
	print_cpuset(f, &b->online);
	fprintf(f, " (%u), isolated ", cpuset_count(&b->online));
	print_cpuset(f, &b->isolated);
	fputs(", nohz_full ", f);
	print_cpuset(f, &b->nohz_full);
	fputc('\n', f);
	for (int i = 0; i < NT_SRC_COUNT; i++)
		if (b->src_err[i] && i != NT_SRC_RUNNING)
			fprintf(f, "unavailable: %s (%s)\n", nt_source_paths[i], errstr(b->src_err[i]));
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
			fprintf(f, " %s=%lld %s", nt_sysctl_names[i], (long long)b->sysctl[i], units[i]);
		fputc(i + 1 < NT_SYSCTL_COUNT ? ',' : '\n', f);
	}
	if (b->has_running)
		fprintf(f, "other tuners running:%s%s%s%s\n",
			b->tuners & NT_TUNER_IRQBALANCE ? " irqbalance" : "",
			b->tuners & NT_TUNER_TUNED ? " tuned" : "",
			b->tuners & NT_TUNER_BPFTUNE ? " bpftune" : "", b->tuners ? "" : " none");
}

static void cell_count(FILE *f, uint64_t v, int width)
{
	fprintf(f, " %*llu", width, (unsigned long long)v);
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
static bool nic_irq_rate(const struct nt_snapshot *a, const struct nt_snapshot *b,
			 unsigned int cpu, double *per_s)
{
	bool any = false;

	*per_s = 0;
	for (size_t k = 0; k < b->nirqs; k++) {
		double r;

		if (b->irqs[k].dev < 0 || !rate_irq_cpu(a, b, &b->irqs[k], cpu, &r))
			continue;
		*per_s += r;
		any = true;
	}
	return any;
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

		if (!cpu->softnet.present && !cpu->has_softirqs)
			continue;
		fprintf(f, "  %3u", c);
		if (a) {
			static const enum nt_softnet_field fields[] = {
				NT_SN_PROCESSED, NT_SN_DROPPED, NT_SN_TIME_SQUEEZE,
				NT_SN_RECEIVED_RPS, NT_SN_FLOW_LIMIT,
			};
			static const int widths[] = { 12, 10, 10, 10, 10 };
			for (size_t i = 0; i < 5; i++) {
				bool ok = rate_softnet(a, b, c, fields[i], &r);

				cell_rate(f, ok, &r, widths[i]);
			}
			cell_rate(f, rate_net_rx(a, b, c, &r), &r, 12);
			cell_rate(f, nic_irq_rate(a, b, c, &r), &r, 12);
		} else {
			cell_count(f, cpu->softnet.processed, 12);
			cell_count(f, cpu->softnet.dropped, 10);
			cell_count(f, cpu->softnet.time_squeeze, 10);
			cell_count(f, cpu->softnet.received_rps, 10);
			cell_count(f, cpu->softnet.flow_limit_count, 10);
			cell_count(f, cpu->net_rx, 12);
			cell_count(f, cpu->interrupts, 12);
		}
		if (a && rate_softirq_share(a, b, c, &share))
			fprintf(f, " %9.1f%%", share * 100);
		else if (!a && cpu->has_stat && cpu->total_ticks)
			fprintf(f, " %9.1f%%", 100.0 * (double)cpu->softirq_ticks / (double)cpu->total_ticks);
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
		fprintf(f, "    channels: combined %u of %u, rx %u of %u, tx %u of %u\n", d->ch.combined,
			d->ch.combined_max, d->ch.rx, d->ch.rx_max, d->ch.tx, d->ch.tx_max);
	else
		fprintf(f, "    channels: %s\n", errstr(d->ch.err));
	if (d->ring.err == 0)
		fprintf(f, "    rings: rx %u of %u descriptors, tx %u of %u descriptors\n", d->ring.rx,
			d->ring.rx_max, d->ring.tx, d->ring.tx_max);
	else
		fprintf(f, "    rings: %s\n", errstr(d->ring.err));
	if (d->eee.err == 0)
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
		NT_IFS_RX_PACKETS, NT_IFS_RX_DROPPED, NT_IFS_RX_MISSED_ERRORS,
		NT_IFS_RX_FIFO_ERRORS, NT_IFS_RX_OVER_ERRORS, NT_IFS_RX_ERRORS, NT_IFS_TX_DROPPED,
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
		else if (rate_ifstat(v->first, v->last, d, shown[i], &r))
			fprintf(f, " %s %.1f%s", nt_ifstat_names[shown[i]], r, unit);
		else
			fprintf(f, " %s -", nt_ifstat_names[shown[i]]);
	}
	fputc('\n', f);
	if (d->stats_err) {
		fprintf(f, "    driver statistics: %s\n", errstr(d->stats_err));
		return;
	}
	ethstat_summarize(d, &sb);
	fprintf(f, "    driver statistics: %zu counters", d->n_stats);
	if (sb.has_discards) {
		double r;

		if (!v->first)
			fprintf(f, ", ring discards %llu", (unsigned long long)sb.discards);
		else if (rate_ring_discards(v->first, v->last, d, &r))
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
			snprintf(q, sizeof(q), "%s %d", qdir_name(irq->dir), irq->queue);
		else
			snprintf(q, sizeof(q), "%s", qdir_name(irq->dir));
		top = irq_top_cpu(v->first, b, irq, &share);
		if (top >= 0)
			snprintf(on, sizeof(on), "CPU%d (%.0f%%)", top, share * 100);
		else if (v->first && (top = irq_top_cpu(NULL, b, irq, &share)) >= 0)
			snprintf(on, sizeof(on), "idle; boot CPU%d", top);	/* where it went before */
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

	fprintf(f, "\nNIC %s: %s", d->name, devkind_name(d->kind));
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
		size_t n = netdev_physical(b, d, phys, NT_MAX_LOWER);

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
			fprintf(f, " %s %llu", nt_tcpstat_names[i].name, (unsigned long long)b->tcp[i]);
		else if (rate_tcp(a, b, (enum nt_tcpstat)i, &r))
			fprintf(f, " %s %.2f", nt_tcpstat_names[i].name, r);
		else
			fprintf(f, " %s -", nt_tcpstat_names[i].name);
		if (++n % 5 == 0)
			fputs("\n ", f);
	}
	fputc('\n', f);
}

/* ---- BPF signals -------------------------------------------------------- */

bool view_bpf_rated(const struct nt_sample_view *v)
{
	return v->first && v->first->bpf.err == 0 && v->last->bpf.err == 0 &&
	       snapshot_interval(v->first, v->last) > 0;
}

bool view_bpf_runs_rate(const struct nt_snapshot *a, const struct nt_snapshot *b,
			unsigned int cpu, bool rx, double *per_s)
{
	double dt = snapshot_interval(a, b);
	uint64_t d;

	if (dt <= 0 || a->bpf.err || b->bpf.err || !a->bpf.has_softirq || !b->bpf.has_softirq ||
	    cpu >= a->ncpus || cpu >= b->ncpus)
		return false;
	if (!delta64(rx ? a->cpus[cpu].net_rx_runs : a->cpus[cpu].net_tx_runs,
		     rx ? b->cpus[cpu].net_rx_runs : b->cpus[cpu].net_tx_runs, &d))
		return false;
	*per_s = (double)d / dt;
	return true;
}

bool view_bpf_drop_rate(const struct nt_snapshot *a, const struct nt_snapshot *b,
			const struct nt_bpf_drop *db, double *per_s)
{
	double dt = snapshot_interval(a, b);
	uint64_t before = 0, d;

	if (dt <= 0 || a->bpf.err || b->bpf.err || !a->bpf.has_drops || !b->bpf.has_drops)
		return false;
	for (size_t i = 0; i < a->bpf.n_drops; i++)
		if (a->bpf.drops[i].reason == db->reason)
			before = a->bpf.drops[i].count;
	if (!delta64(before, db->count, &d))
		return false;
	*per_s = (double)d / dt;
	return true;
}

struct drop_key {
	size_t i;
	bool ok;
	double rate;
	uint64_t count;
	unsigned int reason;
};

/* Highest first; a reason without a rate (reset) after those with one. */
static int cmp_drop_key(const void *pa, const void *pb)
{
	const struct drop_key *a = pa, *b = pb;

	if (a->ok != b->ok)
		return a->ok ? -1 : 1;
	if (a->rate != b->rate)
		return a->rate > b->rate ? -1 : 1;
	if (a->count != b->count)
		return a->count > b->count ? -1 : 1;
	return (a->reason > b->reason) - (a->reason < b->reason);
}

size_t *view_bpf_drop_order(const struct nt_sample_view *v)
{
	const struct nt_bpf *bpf = &v->last->bpf;
	bool rated = view_bpf_rated(v);
	struct drop_key *keys = calloc(bpf->n_drops + 1, sizeof(*keys));
	size_t *order = calloc(bpf->n_drops + 1, sizeof(*order));

	if (!keys || !order) {
		free(keys);
		free(order);
		return NULL;
	}
	for (size_t i = 0; i < bpf->n_drops; i++) {
		keys[i].i = i;
		keys[i].count = bpf->drops[i].count;
		keys[i].reason = bpf->drops[i].reason;
		keys[i].ok = !rated ||
			     view_bpf_drop_rate(v->first, v->last, &bpf->drops[i], &keys[i].rate);
	}
	qsort(keys, bpf->n_drops, sizeof(*keys), cmp_drop_key);
	for (size_t i = 0; i < bpf->n_drops; i++)
		order[i] = keys[i].i;
	free(keys);
	return order;
}

bool view_napi_dev_rates(const struct nt_snapshot *a, const struct nt_snapshot *b,
			 const char *dev, double rates[3])
{
	static const enum nt_napi_field fields[3] = { NT_NAPI_POLLS, NT_NAPI_PACKETS, NT_NAPI_FULL };
	bool any = false;

	rates[0] = rates[1] = rates[2] = 0;
	for (size_t i = 0; i < b->bpf.n_napi; i++) {
		const struct nt_bpf_napi *n = &b->bpf.napi[i];
		double r[3];
		bool ok = true;

		if (strcmp(n->dev, dev))
			continue;
		for (int k = 0; k < 3 && ok; k++)
			ok = rate_napi(a, b, n, fields[k], &r[k]);
		if (!ok)
			continue;
		for (int k = 0; k < 3; k++)
			rates[k] += r[k];
		any = true;
	}
	return any;
}

void view_napi_where(const struct nt_snapshot *b, const struct nt_bpf_napi *n, char *out,
		     size_t size)
{
	struct nt_napi_where w;
	int len = 0, irq = n->irq;

	out[0] = '\0';
	napi_where(b, n, &w);
	if (irq < 0 && w.irq)
		irq = (int)w.irq->irq;
	if (w.queue >= 0)
		len += snprintf(out + len, size - (size_t)len, "%squeue %d%s",
				w.dir == NT_Q_TX ? "tx " : "", w.queue,
				w.by_cpu ? " (told by its CPU)" : "");
	if (irq >= 0 && (size_t)len < size)
		len += snprintf(out + len, size - (size_t)len, "%sIRQ %d", len ? ", " : "", irq);
	if (n->cpu >= 0 && (size_t)len < size)
		snprintf(out + len, size - (size_t)len, "%sCPU %d", len ? ", " : "", n->cpu);
}

static const char *napi_dev_name(const char *dev)
{
	return dev[0] ? dev : "no device (backlog)";
}

static void full_share(FILE *f, double polls, double full)
{
	if (polls > 0)
		fprintf(f, " (%.1f%% of polls)", 100 * full / polls);
}

/* One NAPI instance: its rates, or its counts since attach. */
static void napi_line(FILE *f, const struct nt_sample_view *v, const struct nt_bpf_napi *n,
		      const char *indent)
{
	char where[160];
	double r[3];
	bool ok = view_bpf_rated(v);

	view_napi_where(v->last, n, where, sizeof(where));
	fprintf(f, "%s%s napi %u", indent, napi_dev_name(n->dev), n->id);
	if (where[0])
		fprintf(f, " (%s)", where);
	fputc(':', f);
	if (!ok) {
		fprintf(f, " %llu polls, %llu packets, %llu full polls",
			(unsigned long long)n->polls, (unsigned long long)n->packets,
			(unsigned long long)n->full);
		full_share(f, (double)n->polls, (double)n->full);
	} else if (rate_napi(v->first, v->last, n, NT_NAPI_POLLS, &r[0]) &&
		   rate_napi(v->first, v->last, n, NT_NAPI_PACKETS, &r[1]) &&
		   rate_napi(v->first, v->last, n, NT_NAPI_FULL, &r[2])) {
		fprintf(f, " %.1f polls/s, %.1f packets/s, %.1f full polls/s", r[0], r[1], r[2]);
		full_share(f, r[0], r[2]);
	} else {
		fputs(" - (new or restarted in this interval)", f);
	}
	fprintf(f, ", weight %u\n", n->weight);
}

/*
 * The instances of one device, from @i on, under a line with their sums
 * when there are several; returns the index after them.
 */
static size_t napi_dev(FILE *f, const struct nt_sample_view *v, size_t i)
{
	const struct nt_bpf *bpf = &v->last->bpf;
	const char *dev = bpf->napi[i].dev;
	size_t end = i;
	uint64_t c[3] = { 0, 0, 0 };
	double r[3];

	for (; end < bpf->n_napi && !strcmp(bpf->napi[end].dev, dev); end++) {
		c[0] += bpf->napi[end].polls;
		c[1] += bpf->napi[end].packets;
		c[2] += bpf->napi[end].full;
	}
	if (end - i == 1) {
		napi_line(f, v, &bpf->napi[i], "    ");
		return end;
	}
	fprintf(f, "    %s, %zu NAPI instances:", napi_dev_name(dev), end - i);
	if (!view_bpf_rated(v)) {
		fprintf(f, " %llu polls, %llu packets, %llu full polls", (unsigned long long)c[0],
			(unsigned long long)c[1], (unsigned long long)c[2]);
		full_share(f, (double)c[0], (double)c[2]);
	} else if (view_napi_dev_rates(v->first, v->last, dev, r)) {
		fprintf(f, " %.1f polls/s, %.1f packets/s, %.1f full polls/s", r[0], r[1], r[2]);
		full_share(f, r[0], r[2]);
	} else {
		fputs(" -", f);
	}
	fputc('\n', f);
	for (size_t k = i; k < end; k++)
		napi_line(f, v, &bpf->napi[k], "      ");
	return end;
}

static void bpf_napi(FILE *f, const struct nt_sample_view *v)
{
	const struct nt_bpf *bpf = &v->last->bpf;

	fputs("  NAPI polls (a full poll used its whole weight and asks to run again):\n", f);
	if (!bpf->has_napi) {
		fputs("    not counted (napi:napi_poll not attached)\n", f);
		return;
	}
	if (!bpf->n_napi)
		fputs("    none polled\n", f);
	for (size_t i = 0; i < bpf->n_napi;)
		i = napi_dev(f, v, i);
}

static void softirq_cell(FILE *f, const struct nt_sample_view *v, unsigned int c, bool rx)
{
	const struct nt_cpu *cpu = &v->last->cpus[c];
	const char *name = rx ? "NET_RX" : "NET_TX";
	double share, runs;

	if (!view_bpf_rated(v)) {
		fprintf(f, "%s %llu ns in %llu runs", name,
			(unsigned long long)(rx ? cpu->net_rx_ns : cpu->net_tx_ns),
			(unsigned long long)(rx ? cpu->net_rx_runs : cpu->net_tx_runs));
		return;
	}
	if (rate_bpf_softirq(v->first, v->last, c, rx, &share))
		fprintf(f, "%s %.2f%% of the time", name, share * 100);
	else
		fprintf(f, "%s -", name);
	if (view_bpf_runs_rate(v->first, v->last, c, rx, &runs))
		fprintf(f, ", %.1f runs/s", runs);
}

static void bpf_softirq(FILE *f, const struct nt_sample_view *v)
{
	const struct nt_snapshot *b = v->last;

	fputs("  softirq time per CPU (handlers' run time):\n", f);
	if (!b->bpf.has_softirq) {
		fputs("    not counted (irq:softirq_entry/exit not attached)\n", f);
		return;
	}
	for (unsigned int c = 0; c < b->ncpus; c++) {
		const struct nt_cpu *cpu = &b->cpus[c];

		if (!cpuset_has(&b->online, c) && !cpu->net_rx_runs && !cpu->net_tx_runs)
			continue;
		fprintf(f, "    CPU %u: ", c);
		softirq_cell(f, v, c, true);
		fputs("; ", f);
		softirq_cell(f, v, c, false);
		fputc('\n', f);
	}
}

static void drop_name(FILE *f, const struct nt_bpf_drop *d, bool reasons)
{
	if (!reasons)
		fputs("all drops (this kernel gives no reasons)", f);
	else if (d->name[0])
		fprintf(f, "%s (reason %u)", d->name, d->reason);
	else
		fprintf(f, "reason %u", d->reason);
}

static void bpf_drops(FILE *f, const struct nt_sample_view *v)
{
	const struct nt_bpf *bpf = &v->last->bpf;
	bool rated = view_bpf_rated(v);
	_cleanup_free_ size_t *order = NULL;
	size_t shown = 0;

	fputs(rated ? "  dropped packets by reason (highest rate first):\n"
		    : "  dropped packets by reason (most first):\n", f);
	if (!bpf->has_drops) {
		fputs("    not counted (skb:kfree_skb not attached)\n", f);
		return;
	}
	order = view_bpf_drop_order(v);
	for (size_t k = 0; order && k < bpf->n_drops; k++) {
		const struct nt_bpf_drop *d = &bpf->drops[order[k]];
		double r = 0;
		bool ok = rated && view_bpf_drop_rate(v->first, v->last, d, &r);

		/* a reason quiet in this interval is noise next to those that are not */
		if (rated && ok && r <= 0)
			continue;
		fputs("    ", f);
		drop_name(f, d, bpf->has_reasons);
		if (!rated)
			fprintf(f, ": %llu drops\n", (unsigned long long)d->count);
		else if (ok)
			fprintf(f, ": %.1f drops/s\n", r);
		else
			fputs(": - (counter restarted)\n", f);
		shown++;
	}
	if (!shown)
		fprintf(f, "    none%s\n", rated ? " in this interval" : "");
}

/*
 * Not sampled (-ENOENT): a capture says so, since its reader may expect
 * them; a tree given with --root is often hand-made and says nothing.
 */
static void bpf_section(FILE *f, const struct nt_sample_view *v)
{
	const struct nt_bpf *bpf = &v->last->bpf;

	if (bpf->err == -ENOENT) {
		if (v->live)
			fputs("\nBPF signals: not loaded\n", f);
		else if (v->capture || v->first)
			fputs("\nBPF signals: not in this capture\n", f);
		return;
	}
	if (bpf->err) {
		fprintf(f, "\nBPF signals: off: %s\n", bpf->why[0] ? bpf->why : strerror(-bpf->err));
		return;
	}
	if (view_bpf_rated(v))
		fprintf(f, "\nBPF signals (per second over %.3f s):\n",
			snapshot_interval(v->first, v->last));
	else
		fputs("\nBPF signals (counts since the BPF programs were attached):\n", f);
	bpf_napi(f, v);
	bpf_softirq(f, v);
	bpf_drops(f, v);
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
	bpf_section(f, v);
}
