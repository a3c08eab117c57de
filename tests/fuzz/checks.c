// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * What every snapshot and every rate must be, whatever the input (fuzz.h):
 * the README's "never a huge or negative number", with the bounds of
 * sample/rates.h.
 */
#include "fuzz.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util/diag.h"
#include "ethtool/ethtool.h"
#include "present/view.h"
#include "sample/napi.h"
#include "sample/rates.h"
#include "sample/topology.h"

#define TERMINATED(arr) (memchr((arr), 0, sizeof(arr)) != NULL)

static void check_irqs(const struct nt_snapshot *s)
{
	FZ_CHECK(s->irq_stride <= NT_MAX_CPUS);
	for (size_t i = 0; i < s->nirqs; i++) {
		const struct nt_irq *irq = &s->irqs[i];

		FZ_CHECK(i == 0 || s->irqs[i - 1].irq <= irq->irq);
		FZ_CHECK(irq->dev >= -1 && irq->dev < (int)s->ndevs);
		FZ_CHECK(irq->queue >= -1);
		FZ_CHECK(irq->dir >= NT_Q_NONE && irq->dir <= NT_Q_OTHER);
		FZ_CHECK(TERMINATED(irq->chip) && TERMINATED(irq->actions));
		FZ_CHECK(irq->counts_off + s->irq_stride <= s->irq_counts_cap);
	}
}

static void check_devs(const struct nt_snapshot *s)
{
	for (size_t i = 0; i < s->ndevs; i++) {
		const struct nt_netdev *d = &s->devs[i];

		FZ_CHECK(TERMINATED(d->name) && d->name[0]);
		FZ_CHECK(TERMINATED(d->operstate) && TERMINATED(d->bus_id));
		FZ_CHECK(TERMINATED(d->perm_addr) && TERMINATED(d->stats_unreadable_name));
		FZ_CHECK(TERMINATED(d->drv.driver) && TERMINATED(d->drv.bus_info));
		FZ_CHECK(d->n_lower <= NT_MAX_LOWER);
		FZ_CHECK(d->n_stats <= d->stats_cap && d->n_rxq <= d->rxq_cap);
		/* queues are sized by what exists (netdev.c): at most 65536 each */
		FZ_CHECK(d->n_rxq <= 65536 && d->n_txq <= 65536);
		for (size_t k = 0; k < d->n_stats; k++)
			FZ_CHECK(TERMINATED(d->stats[k].name));
		for (unsigned int k = 0; k < d->n_lower; k++)
			FZ_CHECK(TERMINATED(d->lower[k]));
	}
}

static void check_bpf(const struct nt_bpf *b)
{
	FZ_CHECK(b->n_napi <= b->napi_cap && b->n_drops <= b->drops_cap);
	FZ_CHECK(TERMINATED(b->why));
	for (size_t i = 0; i < b->n_napi; i++) {
		const struct nt_bpf_napi *n = &b->napi[i];

		FZ_CHECK(TERMINATED(n->dev) && n->irq >= -1 && n->cpu >= -1);
		/* sorted by dev then id, no two alike (bpf_files.c) */
		if (i > 0) {
			int c = strcmp(b->napi[i - 1].dev, n->dev);

			FZ_CHECK(c < 0 || (c == 0 && b->napi[i - 1].id < n->id));
		}
	}
	for (size_t i = 0; i < b->n_drops; i++) {
		FZ_CHECK(TERMINATED(b->drops[i].name));
		FZ_CHECK(i == 0 || b->drops[i - 1].reason < b->drops[i].reason);
	}
}

void fz_check_snapshot(const struct nt_snapshot *s)
{
	FZ_CHECK(s->ncpus <= NT_MAX_CPUS && s->ncpus <= s->cpus_cap);
	FZ_CHECK(s->softnet_columns <= 32);
	FZ_CHECK(TERMINATED(s->wallclock));
	FZ_CHECK(!s->has_mono || (isfinite(s->mono_s) && s->mono_s >= 0));
	FZ_CHECK(s->n_notes <= NT_MAX_NOTES);
	for (size_t i = 0; i < s->n_notes; i++)
		FZ_CHECK(TERMINATED(s->notes[i].source) && TERMINATED(s->notes[i].what) &&
			 s->notes[i].count > 0);
	for (int i = 0; i < NT_SYSCTL_COUNT; i++)
		FZ_CHECK(s->sysctl[i] >= -2147483648LL && s->sysctl[i] <= 2147483647LL);
	check_irqs(s);
	check_devs(s);
	check_bpf(&s->bpf);
}

/* A rate that was computed must be finite, >= 0 and <= @max; @r is read
 * only when @ok (the call that fills it is an argument beside it). */
static void bounded(bool ok, const double *r, double max, const char *what, long which)
{
	if (ok && !(isfinite(*r) && *r >= 0 && *r <= max))
		fz_fail("%s (%ld) = %g, outside 0 .. %g", what, which, *r, max);
}

static void check_cpu_rates(const struct nt_snapshot *a, const struct nt_snapshot *b,
			    unsigned int c)
{
	double r;

	for (int f = NT_SN_PROCESSED; f <= NT_SN_FLOW_LIMIT; f++)
		bounded(rates_softnet(a, b, c, (enum nt_softnet_field)f, &r), &r,
			f == NT_SN_TIME_SQUEEZE || f == NT_SN_RECEIVED_RPS ?
				NT_MAX_EVENTS_PER_CPU_S :
				NT_MAX_PACKETS_PER_CPU_S,
			"softnet", c);
	bounded(rates_net_rx(a, b, c, &r), &r, NT_MAX_EVENTS_PER_CPU_S, "net_rx", c);
	bounded(rates_softirq_share(a, b, c, &r), &r, 1, "softirq share", c);
	bounded(rates_bpf_softirq(a, b, c, true, &r), &r, 1, "bpf NET_RX share", c);
	bounded(rates_bpf_softirq(a, b, c, false, &r), &r, 1, "bpf NET_TX share", c);
	bounded(view_bpf_runs_rate(a, b, c, true, &r), &r, NT_MAX_EVENTS_PER_CPU_S, "runs", c);
	for (size_t i = 0; i < b->nirqs; i++)
		bounded(rates_irq_cpu(a, b, &b->irqs[i], c, &r), &r, NT_MAX_EVENTS_PER_CPU_S, "irq",
			(long)b->irqs[i].irq);
}

static void check_dev_rates(const struct nt_snapshot *a, const struct nt_snapshot *b,
			    const struct nt_netdev *d)
{
	double r, pps = rates_netdev_max_pps(d), bytes = rates_netdev_max_bytes_per_s(d);

	for (int st = 0; st < NT_IFS_COUNT; st++)
		bounded(rates_ifstat(a, b, d, (enum nt_ifstat)st, &r), &r,
			st == NT_IFS_RX_BYTES || st == NT_IFS_TX_BYTES ? bytes : pps, "ifstat", st);
	for (size_t k = 0; k < d->n_stats; k++)
		bounded(rates_ethstat(a, b, d, d->stats[k].name, &r), &r, pps > bytes ? pps : bytes,
			"ethstat", (long)k);
	bounded(rates_ring_discards(a, b, d, &r), &r, pps, "ring discards", 0);
}

void fz_check_rates(const struct nt_snapshot *a, const struct nt_snapshot *b)
{
	double r, share;

	for (unsigned int c = 0; c < b->ncpus && c < 256; c++)
		check_cpu_rates(a, b, c);
	for (size_t i = 0; i < b->ndevs; i++)
		check_dev_rates(a, b, &b->devs[i]);
	for (int t = 0; t < NT_TCP_COUNT; t++)
		bounded(rates_tcp(a, b, (enum nt_tcpstat)t, &r), &r, rates_host_max_per_s(b), "tcp",
			t);
	for (size_t i = 0; i < b->bpf.n_napi; i++)
		for (int f = NT_NAPI_POLLS; f <= NT_NAPI_FULL; f++)
			bounded(rates_napi(a, b, &b->bpf.napi[i], (enum nt_napi_field)f, &r), &r,
				NT_MAX_PACKETS_PER_CPU_S, "napi", (long)i);
	bounded(rates_bpf_drops(a, b, NULL, &r), &r, rates_host_max_per_s(b), "drops", -1);
	for (size_t i = 0; i < b->bpf.n_drops; i++) {
		bounded(rates_bpf_drops(a, b, b->bpf.drops[i].name, &r), &r,
			rates_host_max_per_s(b), "drops", (long)i);
		bounded(view_bpf_drop_rate(a, b, &b->bpf.drops[i], &r), &r, rates_host_max_per_s(b),
			"drop reason", (long)i);
	}
	for (size_t i = 0; i < b->nirqs; i++)
		if (topology_irq_top_cpu(a, b, &b->irqs[i], &share) >= 0)
			bounded(true, &share, 1, "irq share", (long)b->irqs[i].irq);
}

size_t fz_count_lines(const char *text, size_t len)
{
	size_t n = 1;

	for (size_t i = 0; i < len; i++)
		n += text[i] == '\n';
	return n;
}

/* @m starts "FILE:LINE: " with LINE in 1..@lines, or "FILE: " (the file
 * as a whole: diag.c prints no line 0). */
static bool about(const char *m, const char *file, size_t lines)
{
	size_t n = strlen(file);
	const char *p = m + n + 1;
	char *end;
	long line;

	if (strncmp(m, file, n) || m[n] != ':')
		return false;
	if (*p == ' ')
		return true;
	line = strtol(p, &end, 10);
	return end != p && !strncmp(end, ": ", 2) && line >= 1 && (size_t)line <= lines;
}

void fz_check_diag(const struct nt_diag *d, const char *const *files, const size_t *lines,
		   size_t nfiles)
{
	for (size_t i = 0; i < d->n; i++) {
		bool ok = false;

		for (size_t f = 0; f < nfiles && !ok; f++)
			ok = about(d->msgs[i], files[f], lines[f]);
		if (!ok)
			fz_fail("message without FILE:LINE of its file: %s", d->msgs[i]);
	}
}
