// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * `nettuned sample --json`. Counters are since boot and keep their kernel
 * names; rates carry their unit in the key ("_per_s") and are null when
 * they cannot be computed (CPU offline, device re-created, reset).
 */
#include "ethtool/ethtool.h"
#include "present/view.h"
#include "sample/napi.h"
#include "sample/rates.h"
#include "sample/topology.h"
#include "util/json.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static void kv_cpuset(struct nt_json *j, const char *key, const struct nt_cpuset *s)
{
	char buf[1024];

	cpuset_format_list(s, buf, sizeof(buf));
	json_kv_string(j, key, buf);
}

/* @v is read only when @ok: callers compute ok from the call that fills *v */
static void kv_rate(struct nt_json *j, const char *key, bool ok, const double *v)
{
	json_key(j, key);
	if (ok)
		json_double(j, *v);
	else
		json_null(j);
}

static void kv_err(struct nt_json *j, int err)
{
	json_kv_string(j, "error", strerror(-err));
	json_kv_i64(j, "errno", -err);
}

static void header(struct nt_json *j, const struct nt_sample_view *v)
{
	const struct nt_snapshot *b = v->last;

	json_kv_string(j, "source", v->source);
	json_kv_bool(j, "live", v->live);
	json_kv_string(j, "hostname", v->hostname ? v->hostname : "");
	json_kv_string(j, "kernel", v->kernel ? v->kernel : "");
	json_kv_u64(j, "snapshots", v->nsnapshots);
	{
		double dt = v->first ? snapshot_interval(v->first, b) : 0;

		kv_rate(j, "interval_s", v->first != NULL, &dt);
	}
	json_kv_string(j, "wallclock", b->wallclock);
	kv_cpuset(j, "cpus_online", &b->online);
	kv_cpuset(j, "cpus_isolated", &b->isolated);
	kv_cpuset(j, "cpus_nohz_full", &b->nohz_full);
	json_kv_u64(j, "softnet_columns", b->softnet_columns);
	json_key(j, "unavailable");
	json_begin_array(j);
	for (int i = 0; i < NT_SRC_COUNT; i++) {
		if (!b->src_err[i])
			continue;
		json_begin_object(j);
		json_kv_string(j, "path", nt_source_paths[i]);
		kv_err(j, b->src_err[i]);
		json_end_object(j);
	}
	json_end_array(j);
	json_key(j, "sysctls");
	json_begin_object(j);
	for (int i = 0; i < NT_SYSCTL_COUNT; i++) {
		json_key(j, nt_sysctl_names[i]);
		if (b->sysctl[i] < 0)
			json_null(j);
		else
			json_i64(j, b->sysctl[i]);
	}
	json_end_object(j);
	json_key(j, "tuners_running");
	if (!b->has_running) {
		json_null(j);
	} else {
		json_begin_array(j);
		if (b->tuners & NT_TUNER_IRQBALANCE)
			json_string(j, "irqbalance");
		if (b->tuners & NT_TUNER_TUNED)
			json_string(j, "tuned");
		if (b->tuners & NT_TUNER_BPFTUNE)
			json_string(j, "bpftune");
		json_end_array(j);
	}
}

static void cpu(struct nt_json *j, const struct nt_sample_view *v, unsigned int c)
{
	const struct nt_snapshot *a = v->first, *b = v->last;
	const struct nt_cpu *p = &b->cpus[c];
	double r;

	json_begin_object(j);
	json_kv_u64(j, "cpu", c);
	json_kv_bool(j, "online", cpuset_has(&b->online, c));
	json_kv_bool(j, "kept_for_other_work",
		     cpuset_has(&b->isolated, c) || cpuset_has(&b->nohz_full, c));
	if (p->softnet.present) {
		json_kv_u64(j, "processed", p->softnet.processed);
		json_kv_u64(j, "dropped", p->softnet.dropped);
		json_kv_u64(j, "time_squeeze", p->softnet.time_squeeze);
		json_kv_u64(j, "received_rps", p->softnet.received_rps);
		json_kv_u64(j, "flow_limit_count", p->softnet.flow_limit_count);
	}
	if (p->has_softirqs) {
		json_kv_u64(j, "net_rx_softirqs", p->net_rx);
		json_kv_u64(j, "net_tx_softirqs", p->net_tx);
	}
	json_kv_u64(j, "nic_interrupts", p->interrupts);
	if (p->has_stat) {
		json_kv_u64(j, "softirq_ticks", p->softirq_ticks);
		json_kv_u64(j, "total_ticks", p->total_ticks);
	}
	if (a) {
		kv_rate(j, "processed_per_s", rate_softnet(a, b, c, NT_SN_PROCESSED, &r), &r);
		kv_rate(j, "dropped_per_s", rate_softnet(a, b, c, NT_SN_DROPPED, &r), &r);
		kv_rate(j, "time_squeeze_per_s", rate_softnet(a, b, c, NT_SN_TIME_SQUEEZE, &r), &r);
		kv_rate(j, "received_rps_per_s", rate_softnet(a, b, c, NT_SN_RECEIVED_RPS, &r), &r);
		kv_rate(j, "flow_limit_per_s", rate_softnet(a, b, c, NT_SN_FLOW_LIMIT, &r), &r);
		kv_rate(j, "net_rx_softirqs_per_s", rate_net_rx(a, b, c, &r), &r);
		kv_rate(j, "softirq_share", rate_softirq_share(a, b, c, &r), &r);
	}
	json_end_object(j);
}

static void ethtool_blocks(struct nt_json *j, const struct nt_netdev *d)
{
	json_key(j, "driver_info");
	json_begin_object(j);
	if (d->drv.err) {
		kv_err(j, d->drv.err);
	} else {
		json_kv_string(j, "driver", d->drv.driver);
		json_kv_string(j, "version", d->drv.version);
		json_kv_string(j, "firmware", d->drv.firmware);
		json_kv_string(j, "bus_info", d->drv.bus_info);
	}
	json_end_object(j);
	json_key(j, "rings");
	json_begin_object(j);
	if (d->ring.err) {
		kv_err(j, d->ring.err);
	} else {
		json_kv_u64(j, "rx", d->ring.rx);
		json_kv_u64(j, "rx_max", d->ring.rx_max);
		json_kv_u64(j, "tx", d->ring.tx);
		json_kv_u64(j, "tx_max", d->ring.tx_max);
	}
	json_end_object(j);
	json_key(j, "channels");
	json_begin_object(j);
	if (d->ch.err) {
		kv_err(j, d->ch.err);
	} else {
		json_kv_u64(j, "combined", d->ch.combined);
		json_kv_u64(j, "combined_max", d->ch.combined_max);
		json_kv_u64(j, "rx", d->ch.rx);
		json_kv_u64(j, "rx_max", d->ch.rx_max);
		json_kv_u64(j, "tx", d->ch.tx);
		json_kv_u64(j, "tx_max", d->ch.tx_max);
		json_kv_u64(j, "other", d->ch.other);
		json_kv_u64(j, "other_max", d->ch.other_max);
	}
	json_end_object(j);
	json_key(j, "eee");
	json_begin_object(j);
	if (d->eee.err) {
		kv_err(j, d->eee.err);
	} else {
		json_kv_bool(j, "supported", d->eee.supported);
		json_kv_bool(j, "enabled", d->eee.enabled);
		json_kv_bool(j, "active", d->eee.active);
		json_kv_bool(j, "tx_lpi_enabled", d->eee.tx_lpi_enabled);
		json_kv_u64(j, "tx_lpi_timer_us", d->eee.tx_lpi_timer_us);
	}
	json_end_object(j);
}

static void driver_stats(struct nt_json *j, const struct nt_sample_view *v, const struct nt_netdev *d)
{
	struct nt_ethstat_summary sb;

	json_key(j, "driver_stats");
	json_begin_object(j);
	if (d->stats_err) {
		kv_err(j, d->stats_err);
		json_end_object(j);
		return;
	}
	ethstat_summarize(d, &sb);
	json_kv_u64(j, "count", d->n_stats);
	if (sb.has_discards) {
		json_kv_u64(j, "ring_discards", sb.discards);
		if (v->first) {
			double r;
			bool ok = rate_ring_discards(v->first, v->last, d, &r);

			kv_rate(j, "ring_discards_per_s", ok, &r);
		}
	}
	if (sb.has_lpi_tx)
		json_kv_u64(j, "lpi_tx_entries", sb.lpi_tx);
	if (sb.has_lpi_rx)
		json_kv_u64(j, "lpi_rx_entries", sb.lpi_rx);
	json_key(j, "values");
	json_begin_object(j);
	for (size_t i = 0; i < d->n_stats; i++)
		json_kv_u64(j, d->stats[i].name, d->stats[i].value);
	json_end_object(j);
	json_end_object(j);
}

static void irqs(struct nt_json *j, const struct nt_sample_view *v, size_t devidx)
{
	const struct nt_snapshot *b = v->last;

	json_key(j, "irqs");
	json_begin_array(j);
	for (size_t k = 0; k < b->nirqs; k++) {
		const struct nt_irq *irq = &b->irqs[k];
		double share;
		int top;

		if (irq->dev != (int)devidx)
			continue;
		json_begin_object(j);
		json_kv_u64(j, "irq", irq->irq);
		json_kv_string(j, "name", irq->actions);
		json_kv_string(j, "chip", irq->chip);
		json_kv_string(j, "queue_kind", qdir_name(irq->dir));
		json_key(j, "queue");
		if (irq->queue >= 0)
			json_i64(j, irq->queue);
		else
			json_null(j);
		json_kv_u64(j, "interrupts", irq->total);
		if (irq->has_affinity)
			kv_cpuset(j, "affinity", &irq->affinity);
		if (irq->has_effective)
			kv_cpuset(j, "effective_affinity", &irq->effective);
		top = irq_top_cpu(v->first, b, irq, &share);
		json_key(j, "lands_on_cpu");
		if (top >= 0)
			json_i64(j, top);
		else
			json_null(j);
		json_kv_double(j, "lands_on_share", share);
		top = irq_top_cpu(NULL, b, irq, &share);
		json_key(j, "lands_on_cpu_since_boot");
		if (top >= 0)
			json_i64(j, top);
		else
			json_null(j);
		json_end_object(j);
	}
	json_end_array(j);
}

static void nic(struct nt_json *j, const struct nt_sample_view *v, size_t i)
{
	const struct nt_snapshot *b = v->last;
	const struct nt_netdev *d = &b->devs[i];
	const struct nt_netdev *phys[NT_MAX_LOWER];
	size_t nphys = netdev_physical(b, d, phys, NT_MAX_LOWER);

	json_begin_object(j);
	json_kv_string(j, "name", d->name);
	json_kv_i64(j, "ifindex", d->ifindex);
	json_kv_string(j, "kind", devkind_name(d->kind));
	json_kv_string(j, "operstate", d->operstate);
	json_kv_i64(j, "speed_mbps", d->speed_mbps);
	json_kv_i64(j, "numa_node", d->numa_node);
	json_kv_string(j, "bus_id", d->bus_id);
	json_kv_string(j, "perm_addr", d->perm_addr);
	json_key(j, "lower");
	json_begin_array(j);
	for (unsigned int k = 0; k < d->n_lower; k++)
		json_string(j, d->lower[k]);
	json_end_array(j);
	json_key(j, "physical");
	json_begin_array(j);
	for (size_t k = 0; k < nphys; k++)
		json_string(j, phys[k]->name);
	json_end_array(j);
	json_kv_u64(j, "rx_queues", d->n_rxq);
	json_kv_u64(j, "tx_queues", d->n_txq);
	json_key(j, "rps");
	json_begin_array(j);
	for (unsigned int q = 0; q < d->n_rxq; q++) {
		json_begin_object(j);
		json_kv_u64(j, "queue", q);
		if (d->rxq[q].has_rps)
			kv_cpuset(j, "rps_cpus", &d->rxq[q].rps_cpus);
		json_kv_i64(j, "rps_flow_cnt", d->rxq[q].rps_flow_cnt);
		json_end_object(j);
	}
	json_end_array(j);
	json_key(j, "counters");
	json_begin_object(j);
	for (int s = 0; s < NT_IFS_COUNT; s++)
		if (d->ifstat_present & (1u << s))
			json_kv_u64(j, nt_ifstat_names[s], d->ifstat[s]);
	json_end_object(j);
	if (v->first) {
		json_key(j, "counter_rates_per_s");
		json_begin_object(j);
		for (int s = 0; s < NT_IFS_COUNT; s++) {
			double r;

			if (d->ifstat_present & (1u << s))
				kv_rate(j, nt_ifstat_names[s],
					rate_ifstat(v->first, b, d, (enum nt_ifstat)s, &r), &r);
		}
		json_end_object(j);
	}
	ethtool_blocks(j, d);
	driver_stats(j, v, d);
	irqs(j, v, i);
	json_end_object(j);
}

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

	kv_rate(j, key, ok && polls > 0, &share);
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
	json_kv_string(j, "queue_kind", w.queue >= 0 ? qdir_name(w.dir) : "unknown");
	json_kv_bool(j, "queue_told_by_cpu", w.by_cpu);
	json_kv_u64(j, "weight", n->weight);
	json_kv_u64(j, "polls", n->polls);
	json_kv_u64(j, "packets", n->packets);
	json_kv_u64(j, "full_polls", n->full);
	if (view_bpf_rated(v)) {
		ok = rate_napi(v->first, b, n, NT_NAPI_POLLS, &r[0]) &&
		     rate_napi(v->first, b, n, NT_NAPI_PACKETS, &r[1]) &&
		     rate_napi(v->first, b, n, NT_NAPI_FULL, &r[2]);
		kv_rate(j, "polls_per_s", ok, &r[0]);
		kv_rate(j, "packets_per_s", ok, &r[1]);
		kv_rate(j, "full_polls_per_s", ok, &r[2]);
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
			kv_rate(j, "polls_per_s", ok, &r[0]);
			kv_rate(j, "packets_per_s", ok, &r[1]);
			kv_rate(j, "full_polls_per_s", ok, &r[2]);
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
			kv_rate(j, "net_rx_share", rate_bpf_softirq(v->first, b, c, true, &r), &r);
			kv_rate(j, "net_rx_runs_per_s", view_bpf_runs_rate(v->first, b, c, true, &r),
				&r);
			kv_rate(j, "net_tx_share", rate_bpf_softirq(v->first, b, c, false, &r), &r);
			kv_rate(j, "net_tx_runs_per_s", view_bpf_runs_rate(v->first, b, c, false, &r),
				&r);
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
			kv_rate(j, "per_s", view_bpf_drop_rate(v->first, v->last, d, &r), &r);
		json_end_object(j);
	}
	json_end_array(j);
	free(order);
}

/* "state": "attached", "off" (with why and errno) or "not_sampled". */
static void bpf_section(struct nt_json *j, const struct nt_sample_view *v)
{
	const struct nt_bpf *bpf = &v->last->bpf;

	json_key(j, "bpf");
	json_begin_object(j);
	if (bpf->err == -ENOENT) {
		json_kv_string(j, "state", "not_sampled");
		json_end_object(j);
		return;
	}
	if (bpf->err) {
		json_kv_string(j, "state", "off");
		json_kv_string(j, "why", bpf->why[0] ? bpf->why : strerror(-bpf->err));
		kv_err(j, bpf->err);
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

void view_sample_json(FILE *f, const struct nt_sample_view *v)
{
	const struct nt_snapshot *b = v->last;
	struct nt_json j;

	json_init(&j, f);
	json_begin_object(&j);
	header(&j, v);
	json_key(&j, "cpus");
	json_begin_array(&j);
	for (unsigned int c = 0; c < b->ncpus; c++)
		if (b->cpus[c].softnet.present || b->cpus[c].has_softirqs)
			cpu(&j, v, c);
	json_end_array(&j);
	json_key(&j, "nics");
	json_begin_array(&j);
	for (size_t i = 0; i < b->ndevs; i++)
		if (b->devs[i].kind != NT_DEV_LOOPBACK)
			nic(&j, v, i);
	json_end_array(&j);
	json_key(&j, "tcp");
	json_begin_object(&j);
	for (int i = 0; i < NT_TCP_COUNT; i++)
		if (b->tcp_present & (1u << i))
			json_kv_u64(&j, nt_tcpstat_names[i].name, b->tcp[i]);
	json_end_object(&j);
	if (v->first) {
		json_key(&j, "tcp_rates_per_s");
		json_begin_object(&j);
		for (int i = 0; i < NT_TCP_COUNT; i++) {
			double r;

			if (b->tcp_present & (1u << i))
				kv_rate(&j, nt_tcpstat_names[i].name,
					rate_tcp(v->first, b, (enum nt_tcpstat)i, &r), &r);
		}
		json_end_object(&j);
	}
	bpf_section(&j, v);
	json_end_object(&j);
}
