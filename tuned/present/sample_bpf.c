// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The BPF signals in `nettuned sample`: NAPI polls per NIC and instance,
 * softirq time per CPU, drops per reason. With two snapshots, rates; with
 * one, the counts since the programs were attached.
 */
#include "present/view.h"
#include "sample/napi.h"
#include "sample/rates.h"
#include "util/cleanup.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* ---- BPF signals -------------------------------------------------------- */

bool view_bpf_rated(const struct nt_sample_view *v)
{
	return v->first && v->first->bpf.err == 0 && v->last->bpf.err == 0 &&
	       rates_interval(v->first, v->last) > 0;
}

bool view_bpf_runs_rate(const struct nt_snapshot *a, const struct nt_snapshot *b, unsigned int cpu,
			bool rx, double *per_s)
{
	double dt = rates_interval(a, b);

	if (dt <= 0 || a->bpf.err || b->bpf.err || !a->bpf.has_softirq || !b->bpf.has_softirq ||
	    cpu >= a->ncpus || cpu >= b->ncpus)
		return false;
	return rates_checked(rx ? a->cpus[cpu].net_rx_runs : a->cpus[cpu].net_tx_runs,
			     rx ? b->cpus[cpu].net_rx_runs : b->cpus[cpu].net_tx_runs, dt,
			     NT_MAX_EVENTS_PER_CPU_S, per_s);
}

bool view_bpf_drop_rate(const struct nt_snapshot *a, const struct nt_snapshot *b,
			const struct nt_bpf_drop *db, double *per_s)
{
	double dt = rates_interval(a, b);
	uint64_t before = 0;

	if (dt <= 0 || a->bpf.err || b->bpf.err || !a->bpf.has_drops || !b->bpf.has_drops)
		return false;
	for (size_t i = 0; i < a->bpf.n_drops; i++)
		if (a->bpf.drops[i].reason == db->reason)
			before = a->bpf.drops[i].count;
	return rates_checked(before, db->count, dt, rates_host_max_per_s(b), per_s);
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

bool view_napi_dev_rates(const struct nt_snapshot *a, const struct nt_snapshot *b, const char *dev,
			 double rates[3])
{
	static const enum nt_napi_field fields[3] = { NT_NAPI_POLLS, NT_NAPI_PACKETS,
						      NT_NAPI_FULL };
	bool any = false;

	rates[0] = rates[1] = rates[2] = 0;
	for (size_t i = 0; i < b->bpf.n_napi; i++) {
		const struct nt_bpf_napi *n = &b->bpf.napi[i];
		double r[3];
		bool ok = true;

		if (strcmp(n->dev, dev))
			continue;
		for (int k = 0; k < 3 && ok; k++)
			ok = rates_napi(a, b, n, fields[k], &r[k]);
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
	} else if (rates_napi(v->first, v->last, n, NT_NAPI_POLLS, &r[0]) &&
		   rates_napi(v->first, v->last, n, NT_NAPI_PACKETS, &r[1]) &&
		   rates_napi(v->first, v->last, n, NT_NAPI_FULL, &r[2])) {
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
	if (rates_bpf_softirq(v->first, v->last, c, rx, &share))
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

	fputs(rated ? "  dropped packets by reason (highest rate first):\n" :
		      "  dropped packets by reason (most first):\n",
	      f);
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
void view_bpf_text(FILE *f, const struct nt_sample_view *v)
{
	const struct nt_bpf *bpf = &v->last->bpf;

	if (bpf->err == -ENOENT) {
		if (v->live)
			fprintf(f, "\nBPF signals: %s\n", bpf->why[0] ? bpf->why : "not loaded");
		else if (v->capture || v->first)
			fputs("\nBPF signals: not in this capture\n", f);
		return;
	}
	if (bpf->err) {
		fprintf(f, "\nBPF signals: off: %s\n",
			bpf->why[0] ? bpf->why : strerror(-bpf->err));
		return;
	}
	if (view_bpf_rated(v))
		fprintf(f, "\nBPF signals (per second over %.3f s",
			rates_interval(v->first, v->last));
	else
		fputs("\nBPF signals (counts since the BPF programs were attached", f);
	if (v->bpf_paths && v->bpf_paths[0])
		fprintf(f, "; programs %s", v->bpf_paths);
	fputs("):\n", f);
	bpf_napi(f, v);
	bpf_softirq(f, v);
	bpf_drops(f, v);
}
