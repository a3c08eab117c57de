// SPDX-License-Identifier: GPL-2.0-or-later
/* Which sources each signal is computed from; what a snapshot lacks. */
#include "engine/needs.h"
#include "engine/engine.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

/* What @sig reads: its line in model/signals.def, and devices for its scope. */
static void needs_of_signal(enum nt_signal sig, struct nt_needs *n)
{
	unsigned int reads = nt_signals[sig].reads;

	switch (nt_signals[sig].scope) {
	case NT_SCOPE_DEVICE:
	case NT_SCOPE_QUEUE:
		n->src[NT_SRC_NETDEVS] = true;
		break;
	default:
		break;
	}
	for (int src = 0; src < NT_SRC_COUNT; src++)
		if (reads & 1u << src)
			n->src[src] = true;
	if (reads & NT_READS_DEV_STATS)
		n->dev_stats = true;
	if (reads & NT_READS_DEV_EEE)
		n->dev_eee = true;
	if (reads & NT_READS_BPF_NAPI)
		n->bpf_napi = true;
	if (reads & NT_READS_BPF_SOFTIRQ)
		n->bpf_softirq = true;
	if (reads & NT_READS_BPF_DROPS)
		n->bpf_drops = true;
}

void needs_of_rule(const struct nt_rule *r, struct nt_needs *n)
{
	for (unsigned int i = 0; i < r->n_all; i++)
		needs_of_signal(r->all[i].signal, n);
	for (unsigned int i = 0; i < r->n_any; i++)
		needs_of_signal(r->any[i].signal, n);
}

bool needs_cover(const struct nt_needs *n, const struct nt_gap *g)
{
	switch (g->kind) {
	case NT_NEED_SOURCE:
		return n->src[g->src];
	case NT_NEED_BPF_NAPI:
		return n->bpf_napi;
	case NT_NEED_BPF_SOFTIRQ:
		return n->bpf_softirq;
	case NT_NEED_BPF_DROPS:
		return n->bpf_drops;
	case NT_NEED_DEV_STATS:
		return n->dev_stats;
	case NT_NEED_DEV_EEE:
		return n->dev_eee;
	}
	return false;
}

static bool cond_reads_softirq(const struct nt_cond *c, const struct nt_policy *p)
{
	/* engine/signal.c dev_rx_cpu_signal: net_rx_time_share for a device
	 * without queue IRQs, which only a virtual one may be
	 * (engine_device_watched) */
	if (c->signal == NT_SIG_DEV_NET_RX_CPU_SHARE)
		return !p->exclude_virtual;
	return nt_signals[c->signal].reads & NT_READS_BPF_SOFTIRQ;
}

const struct nt_rule *needs_bpf_softirq(const struct nt_ruleset *rs, const struct nt_policy *p)
{
	for (size_t i = 0; i < rs->n; i++) {
		const struct nt_rule *r = &rs->rules[i];

		for (unsigned int j = 0; j < r->n_all; j++)
			if (cond_reads_softirq(&r->all[j], p))
				return r;
		for (unsigned int j = 0; j < r->n_any; j++)
			if (cond_reads_softirq(&r->any[j], p))
				return r;
	}
	return NULL;
}

static bool any_cpu(const struct nt_snapshot *s, bool softirqs)
{
	for (unsigned int c = 0; c < s->ncpus; c++)
		if (softirqs ? s->cpus[c].has_softirqs : s->cpus[c].has_stat)
			return true;
	return false;
}

static bool tcp_has(const struct nt_snapshot *s, enum nt_tcpstat t)
{
	return s->tcp_present & (1u << t);
}

int needs_source_err(const struct nt_snapshot *s, enum nt_source src)
{
	bool empty;

	if (s->src_err[src])
		return s->src_err[src];
	switch (src) {
	case NT_SRC_SOFTNET:
		empty = !s->softnet_columns;
		break;
	case NT_SRC_SOFTIRQS:
		empty = !any_cpu(s, true);
		break;
	case NT_SRC_STAT:
		empty = !any_cpu(s, false);
		break;
	case NT_SRC_NETSTAT:
		empty = !tcp_has(s, NT_TCP_TIMEOUTS);
		break;
	case NT_SRC_SNMP:
		empty = !tcp_has(s, NT_TCP_OUT_SEGS) || !tcp_has(s, NT_TCP_RETRANS_SEGS);
		break;
	default:
		empty = false;
		break;
	}
	return empty ? -ENODATA : 0;
}

/* The counters of one BPF part: off (-errno and why), or not attached. */
static void bpf_gap(const struct nt_snapshot *s, enum nt_need_kind kind, bool attached,
		    void (*fn)(void *user, const struct nt_gap *g), void *user)
{
	struct nt_gap g = { .kind = kind, .src = -1 };

	if (!s->bpf.err && attached)
		return;
	g.err = s->bpf.err ? s->bpf.err : -ENOENT;
	g.why = s->bpf.err && s->bpf.why[0] ? s->bpf.why :
		s->bpf.err == -ENOENT       ? "not sampled" :
					      "not attached";
	fn(user, &g);
}

/* Missing, not "not there": a driver without it (EOPNOTSUPP), a device
 * gone meanwhile (ENODEV) or not captured (ENOENT) has nothing to see. */
static bool dev_err_counts(int err)
{
	return err && err != -EOPNOTSUPP && err != -ENOENT && err != -ENODEV;
}

static void dev_gaps(const struct nt_needs *n, const struct nt_policy *p,
		     const struct nt_snapshot *s, void (*fn)(void *user, const struct nt_gap *g),
		     void *user)
{
	for (size_t i = 0; i < s->ndevs; i++) {
		const struct nt_netdev *d = &s->devs[i];
		struct nt_gap g = { .src = -1 };

		if (!engine_device_watched(p, d))
			continue;
		snprintf(g.device, sizeof(g.device), "%s", d->name);
		if (n->dev_stats && dev_err_counts(d->stats_err)) {
			g.kind = NT_NEED_DEV_STATS;
			g.err = d->stats_err;
			fn(user, &g);
		}
		if (n->dev_eee && dev_err_counts(d->eee.err)) {
			g.kind = NT_NEED_DEV_EEE;
			g.err = d->eee.err;
			fn(user, &g);
		}
	}
}

void needs_gaps(const struct nt_needs *n, const struct nt_policy *p, const struct nt_snapshot *s,
		void (*fn)(void *user, const struct nt_gap *g), void *user)
{
	for (int src = 0; src < NT_SRC_COUNT; src++) {
		struct nt_gap g = { .kind = NT_NEED_SOURCE, .src = src };

		if (!n->src[src])
			continue;
		g.err = needs_source_err(s, (enum nt_source)src);
		if (g.err)
			fn(user, &g);
	}
	if (n->bpf_napi)
		bpf_gap(s, NT_NEED_BPF_NAPI, s->bpf.has_napi, fn, user);
	if (n->bpf_softirq)
		bpf_gap(s, NT_NEED_BPF_SOFTIRQ, s->bpf.has_softirq, fn, user);
	if (n->bpf_drops)
		bpf_gap(s, NT_NEED_BPF_DROPS, s->bpf.has_drops, fn, user);
	dev_gaps(n, p, s, fn, user);
}

void needs_gap_name(const struct nt_gap *g, char *out, size_t size)
{
	switch (g->kind) {
	case NT_NEED_SOURCE:
		snprintf(out, size, "%s", nt_source_paths[g->src]);
		return;
	case NT_NEED_BPF_NAPI:
		snprintf(out, size, "the BPF napi:napi_poll counters");
		return;
	case NT_NEED_BPF_SOFTIRQ:
		snprintf(out, size, "the BPF irq:softirq_entry/exit times");
		return;
	case NT_NEED_BPF_DROPS:
		snprintf(out, size, "the BPF skb:kfree_skb counts");
		return;
	case NT_NEED_DEV_STATS:
		snprintf(out, size, "the driver statistics of %s (ethtool -S)", g->device);
		return;
	case NT_NEED_DEV_EEE:
		snprintf(out, size, "the EEE state of %s (ethtool --show-eee)", g->device);
		return;
	}
	out[0] = '\0';
}
