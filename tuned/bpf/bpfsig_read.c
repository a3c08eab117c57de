// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Reading the BPF signals' maps into a snapshot (bpfsig.h). Per-CPU map
 * values come back as one copy per possible CPU; they are summed here. The
 * maps are read with bpf_map_get_next_key and bpf_map_lookup_elem only
 * (the batch operations need 5.6+). Nothing is allocated once the snapshot's
 * arrays have reached the host's NAPI instances and drop reasons.
 */
#include "bpf/bpfsig_int.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <bpf/bpf.h>

static int map_failed(struct nt_snapshot *snap, const char *map, int err)
{
	snap->bpf.err = err;
	snprintf(snap->bpf.why, sizeof(snap->bpf.why), "reading BPF map %s failed: %s (%s)", map,
		 strerror(-err), strerrorname_np(-err) ? strerrorname_np(-err) : "?");
	return 1;
}

/* Sums the per-CPU copies in b->napi_vals into @out. */
static void napi_sum(const struct nt_bpfsig *b, struct nt_bpf_napi *out)
{
	__u64 most = 0;

	memset(out, 0, sizeof(*out));
	out->irq = -1;
	out->cpu = -1;
	for (unsigned int cpu = 0; cpu < b->ncpus; cpu++) {
		const struct nt_bpf_napi_val *v = &b->napi_vals[cpu];

		if (!v->polls)
			continue;
		if (!out->dev[0] && v->dev[0])
			snprintf(out->dev, sizeof(out->dev), "%.*s", NT_BPF_DEVLEN - 1, v->dev);
		if (!out->weight) {
			out->weight = v->weight;
			out->irq = v->irq;
		}
		if (v->polls > most) {
			most = v->polls;
			out->cpu = (int)cpu;
		}
		out->polls += v->polls;
		out->packets += v->packets;
		out->full += v->full;
	}
	/* The per-CPU backlog NAPIs have no device: the classic tracepoint
	 * prints "(no_device)" (include/trace/events/napi.h NO_DEV), the raw
	 * path reads a NULL napi->dev as "". They are not set up by
	 * netif_napi_add, so their irq is 0, not -1. */
	if (!out->dev[0] || !strcmp(out->dev, "(no_device)")) {
		out->dev[0] = '\0';
		out->irq = -1;
	}
}

static int napi_add(struct nt_bpfsig *b, struct nt_snapshot *snap, __u64 key)
{
	struct nt_bpf_napi sum, *d;
	struct nt_bpfsig_napi *n;

	napi_sum(b, &sum);
	n = napi_ids_ordinal(&b->napis, key, sum.dev);
	if (!n)
		return 0;
	n->idle = sum.polls == n->polls ? n->idle + 1 : 0;
	n->polls = sum.polls;
	if (snapshot_reserve_napi(snap, snap->bpf.n_napi + 1) < 0)
		return -ENOMEM;
	d = &snap->bpf.napi[snap->bpf.n_napi++];
	*d = sum;
	d->id = n->id;
	return 0;
}

static int napi_cmp(const struct nt_bpf_napi *a, const struct nt_bpf_napi *b)
{
	int c = strcmp(a->dev, b->dev);

	if (c)
		return c;
	return a->id < b->id ? -1 : a->id > b->id;
}

/* Insertion sort: glibc's qsort may allocate, and the order barely
 * changes from one cycle to the next. */
static void napi_sort(struct nt_bpf_napi *v, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		struct nt_bpf_napi t = v[i];
		size_t j = i;

		for (; j > 0 && napi_cmp(&v[j - 1], &t) > 0; j--)
			v[j] = v[j - 1];
		v[j] = t;
	}
}

/* Deletes a long idle NAPI from the full map, so that a new one is
 * counted in its place: true when it is gone. */
static bool napi_forget(void *user, __u64 key)
{
	const struct nt_bpfsig *b = user;

	return !bpf_map_delete_elem(b->napi_fd, &key);
}

static int read_napi(struct nt_bpfsig *b, struct nt_snapshot *snap)
{
	/* a key that is not in the map (no napi_struct at address 0) starts
	 * the walk at the first key, like NULL (kernel/bpf/hashtab.c
	 * htab_map_get_next_key), without a NULL key that valgrind's bpf()
	 * wrapper reports as unaddressable */
	__u64 key = 0, prev = 0;
	int r;

	b->napis.gen++;
	for (;;) {
		r = bpf_map_get_next_key(b->napi_fd, &prev, &key);
		if (r == -ENOENT)
			break;
		if (r < 0)
			return map_failed(snap, "napi", r);
		prev = key;
		r = bpf_map_lookup_elem(b->napi_fd, &key, b->napi_vals);
		if (r == -ENOENT)
			continue; /* deleted meanwhile */
		if (r < 0)
			return map_failed(snap, "napi", r);
		r = napi_add(b, snap, key);
		if (r < 0)
			return r;
	}
	napi_sort(snap->bpf.napi, snap->bpf.n_napi);
	napi_ids_prune(&b->napis, napi_forget, b);
	return 0;
}

static int read_overflow(struct nt_bpfsig *b, struct nt_snapshot *snap)
{
	__u32 zero = 0;
	__u64 missed = 0;
	int r = bpf_map_lookup_elem(b->overflow_fd, &zero, b->u64_vals);

	if (r < 0)
		return map_failed(snap, "overflow", r);
	for (unsigned int cpu = 0; cpu < b->ncpus; cpu++)
		missed += b->u64_vals[cpu];
	/* a note, not an error: the counted NAPIs are still right */
	if (missed)
		snprintf(
			snap->bpf.why, sizeof(snap->bpf.why),
			"BPF map napi is full (%d NAPI instances): %llu polls of other NAPIs not counted",
			NT_BPF_NAPI_MAX, (unsigned long long)missed);
	return 0;
}

static int read_softirq(struct nt_bpfsig *b, struct nt_snapshot *snap)
{
	unsigned int n = b->ncpus < snap->ncpus ? b->ncpus : snap->ncpus;

	for (__u32 slot = 0; slot < NT_BPF_SOFTIRQ_SLOTS; slot++) {
		int r = bpf_map_lookup_elem(b->softirq_fd, &slot, b->sirq_vals);

		if (r < 0)
			return map_failed(snap, "softirq", r);
		for (unsigned int cpu = 0; cpu < n; cpu++) {
			struct nt_cpu *c = &snap->cpus[cpu];
			const struct nt_bpf_softirq_val *v = &b->sirq_vals[cpu];

			if (slot == NT_BPF_SOFTIRQ_RX) {
				c->net_rx_ns = v->ns;
				c->net_rx_runs = v->runs;
			} else {
				c->net_tx_ns = v->ns;
				c->net_tx_runs = v->runs;
			}
		}
	}
	return 0;
}

static int read_drops(struct nt_bpfsig *b, struct nt_snapshot *snap)
{
	/* without a reason field (< 5.17) everything is counted under 0 */
	unsigned int reasons = b->has_reasons ? NT_BPF_REASONS : 1;
	__u32 zero = 0;
	int r = bpf_map_lookup_elem(b->drops_fd, &zero, b->drop_vals);

	if (r < 0)
		return map_failed(snap, "drops", r);
	for (unsigned int reason = 0; reason < reasons; reason++) {
		struct nt_bpf_drop *d;
		__u64 count = 0;

		for (unsigned int cpu = 0; cpu < b->ncpus; cpu++)
			count += b->drop_vals[cpu].count[reason];
		if (!count)
			continue;
		if (snapshot_reserve_drops(snap, snap->bpf.n_drops + 1) < 0)
			return -ENOMEM;
		d = &snap->bpf.drops[snap->bpf.n_drops++];
		d->reason = reason;
		snprintf(d->name, sizeof(d->name), "%s", b->names.name[reason]);
		d->count = count;
	}
	return 0;
}

int bpfsig_read(struct nt_bpfsig *b, struct nt_snapshot *snap)
{
	int r = 0;

	snap->bpf.err = 0;
	snap->bpf.why[0] = '\0';
	snap->bpf.has_napi = b->has_napi;
	/* detached and attached again since the last read: its counters are
	 * a new map's, and a rate against that read would be wrong */
	snap->bpf.has_softirq = b->has_softirq && !b->softirq_stale;
	b->softirq_stale = false;
	b->softirq_read = snap->bpf.has_softirq;
	snap->bpf.has_drops = b->has_drops;
	snap->bpf.has_reasons = b->has_reasons;
	snap->bpf.n_napi = 0;
	snap->bpf.n_drops = 0;
	if (b->has_napi) {
		r = read_napi(b, snap);
		if (!r)
			r = read_overflow(b, snap);
	}
	if (!r && snap->bpf.has_softirq)
		r = read_softirq(b, snap);
	if (!r && b->has_drops)
		r = read_drops(b, snap);
	return r < 0 ? r : 0;
}
