// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The "bpf" object of `nettuned sample --json`: NAPI instances and NICs,
 * softirq time per CPU, drops per reason; rates are "_per_s", shares
 * fractions from 0 to 1, null when they cannot be computed.
 */
#include "present/view.h"
#include "sample/napi.h"
#include "sample/rates.h"
#include "sample/topology.h"
#include "util/json.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* ---- BPF signals -------------------------------------------------------- */

static void kv_int_or_null(struct nt_json *j, const char *key, int v)
{
	json_key(j, key);
	if (v >= 0)
		json_i64(j, v);
	else
		json_null(j);
}

/* full / polls, 0..1 like softirq_share; null without polls */
static void kv_share(struct nt_json *j, const char *key, bool ok, double polls, double full)
{
	double share = polls > 0 ? full / polls : 0;

	json_kv_double_or_null(j, key, ok && polls > 0, &share);
}

static void bpf_napi_one(struct nt_json *j, const struct nt_sample_view *v,
			 const struct nt_bpf_napi *n)
{
	const struct nt_snapshot *b = v->last;
	struct nt_napi_where w;
	double r[3];
	bool ok;

	napi_where(b, n, &w);
	json_begin_object(j);
	json_kv_string(j, "device", n->dev);
	json_kv_u64(j, "napi", n->id);
	kv_int_or_null(j, "irq", n->irq >= 0 ? n->irq : w.irq ? (int)w.irq->irq : -1);
	kv_int_or_null(j, "cpu", n->cpu);
	kv_int_or_null(j, "queue", w.queue);
	json_kv_string(j, "queue_kind", w.queue >= 0 ? topology_qdir_name(w.dir) : "unknown");
	json_kv_bool(j, "queue_told_by_cpu", w.by_cpu);
	json_kv_u64(j, "weight", n->weight);
	json_kv_u64(j, "polls", n->polls);
	json_kv_u64(j, "packets", n->packets);
	json_kv_u64(j, "full_polls", n->full);
	if (view_bpf_rated(v)) {
		ok = rates_napi(v->first, b, n, NT_NAPI_POLLS, &r[0]) &&
		     rates_napi(v->first, b, n, NT_NAPI_PACKETS, &r[1]) &&
		     rates_napi(v->first, b, n, NT_NAPI_FULL, &r[2]);
		json_kv_double_or_null(j, "polls_per_s", ok, &r[0]);
		json_kv_double_or_null(j, "packets_per_s", ok, &r[1]);
		json_kv_double_or_null(j, "full_polls_per_s", ok, &r[2]);
		kv_share(j, "full_share", ok, r[0], r[2]);
	} else {
		kv_share(j, "full_share", true, (double)n->polls, (double)n->full);
	}
	json_end_object(j);
}

/* Per device (in the order of the sorted instances), sums of its instances. */
static void bpf_napi_devs(struct nt_json *j, const struct nt_sample_view *v)
{
	const struct nt_bpf *bpf = &v->last->bpf;

	json_key(j, "nics");
	json_begin_array(j);
	for (size_t i = 0, end; i < bpf->n_napi; i = end) {
		const char *dev = bpf->napi[i].dev;
		uint64_t c[3] = { 0, 0, 0 };
		double r[3];
		bool ok;

		for (end = i; end < bpf->n_napi && !strcmp(bpf->napi[end].dev, dev); end++) {
			c[0] += bpf->napi[end].polls;
			c[1] += bpf->napi[end].packets;
			c[2] += bpf->napi[end].full;
		}
		json_begin_object(j);
		json_kv_string(j, "device", dev);
		json_kv_u64(j, "napi_instances", end - i);
		json_kv_u64(j, "polls", c[0]);
		json_kv_u64(j, "packets", c[1]);
		json_kv_u64(j, "full_polls", c[2]);
		if (view_bpf_rated(v)) {
			ok = view_napi_dev_rates(v->first, v->last, dev, r);
			json_kv_double_or_null(j, "polls_per_s", ok, &r[0]);
			json_kv_double_or_null(j, "packets_per_s", ok, &r[1]);
			json_kv_double_or_null(j, "full_polls_per_s", ok, &r[2]);
			kv_share(j, "full_share", ok, r[0], r[2]);
		} else {
			kv_share(j, "full_share", true, (double)c[0], (double)c[2]);
		}
		json_end_object(j);
	}
	json_end_array(j);
}

static void bpf_cpus(struct nt_json *j, const struct nt_sample_view *v)
{
	const struct nt_snapshot *b = v->last;
	double r;

	json_key(j, "cpus");
	json_begin_array(j);
	for (unsigned int c = 0; b->bpf.has_softirq && c < b->ncpus; c++) {
		const struct nt_cpu *cpu = &b->cpus[c];

		if (!cpuset_has(&b->online, c) && !cpu->net_rx_runs && !cpu->net_tx_runs)
			continue;
		json_begin_object(j);
		json_kv_u64(j, "cpu", c);
		json_kv_u64(j, "net_rx_ns", cpu->net_rx_ns);
		json_kv_u64(j, "net_rx_runs", cpu->net_rx_runs);
		json_kv_u64(j, "net_tx_ns", cpu->net_tx_ns);
		json_kv_u64(j, "net_tx_runs", cpu->net_tx_runs);
		if (view_bpf_rated(v)) {
			json_kv_double_or_null(j, "net_rx_share",
					       rates_bpf_softirq(v->first, b, c, true, &r), &r);
			json_kv_double_or_null(j, "net_rx_runs_per_s",
					       view_bpf_runs_rate(v->first, b, c, true, &r), &r);
			json_kv_double_or_null(j, "net_tx_share",
					       rates_bpf_softirq(v->first, b, c, false, &r), &r);
			json_kv_double_or_null(j, "net_tx_runs_per_s",
					       view_bpf_runs_rate(v->first, b, c, false, &r), &r);
		}
		json_end_object(j);
	}
	json_end_array(j);
}

static void bpf_drops(struct nt_json *j, const struct nt_sample_view *v)
{
	const struct nt_bpf *bpf = &v->last->bpf;
	size_t *order = view_bpf_drop_order(v);
	double r;

	json_key(j, "drops");
	json_begin_array(j);
	for (size_t k = 0; order && k < bpf->n_drops; k++) {
		const struct nt_bpf_drop *d = &bpf->drops[order[k]];

		json_begin_object(j);
		json_kv_u64(j, "reason", d->reason);
		json_kv_string(j, "name", d->name);
		json_kv_u64(j, "count", d->count);
		if (view_bpf_rated(v))
			json_kv_double_or_null(j, "per_s",
					       view_bpf_drop_rate(v->first, v->last, d, &r), &r);
		json_end_object(j);
	}
	json_end_array(j);
	free(order);
}

/* "state": "attached", "off" (with why and errno) or "not_sampled". */
void view_bpf_json(struct nt_json *j, const struct nt_sample_view *v)
{
	const struct nt_bpf *bpf = &v->last->bpf;

	json_key(j, "bpf");
	json_begin_object(j);
	if (bpf->err == -ENOENT) {
		json_kv_string(j, "state", "not_sampled");
		if (bpf->why[0])
			json_kv_string(j, "why", bpf->why);
		json_end_object(j);
		return;
	}
	if (bpf->err) {
		json_kv_string(j, "state", "off");
		json_kv_string(j, "why", bpf->why[0] ? bpf->why : strerror(-bpf->err));
		view_json_err(j, bpf->err);
		json_end_object(j);
		return;
	}
	json_kv_string(j, "state", "attached");
	/* counts are since attach; rates only when both snapshots have them */
	json_kv_bool(j, "rates", view_bpf_rated(v));
	json_kv_bool(j, "napi_attached", bpf->has_napi);
	json_kv_bool(j, "softirq_attached", bpf->has_softirq);
	json_kv_bool(j, "drops_attached", bpf->has_drops);
	json_kv_bool(j, "drop_reasons", bpf->has_reasons);
	if (v->bpf_paths && v->bpf_paths[0])
		json_kv_string(j, "programs", v->bpf_paths);
	json_key(j, "napi_instances");
	json_begin_array(j);
	for (size_t i = 0; i < bpf->n_napi; i++)
		bpf_napi_one(j, v, &bpf->napi[i]);
	json_end_array(j);
	bpf_napi_devs(j, v);
	bpf_cpus(j, v);
	bpf_drops(j, v);
	json_end_object(j);
}
