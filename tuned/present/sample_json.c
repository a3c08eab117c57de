// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * `nettuned sample --json`. Counters are since boot and keep their kernel
 * names; rates carry their unit in the key ("_per_s") and are null when
 * they cannot be computed (CPU offline, device re-created, reset).
 */
#include "ethtool/ethtool.h"
#include "present/view.h"
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
void view_json_err(struct nt_json *j, int err)
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
		double dt = v->first ? rates_interval(v->first, b) : 0;

		json_kv_double_or_null(j, "interval_s", v->first != NULL, &dt);
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
		view_json_err(j, b->src_err[i]);
		json_end_object(j);
	}
	json_end_array(j);
	/* sources read with rows or values that cannot be (snapshot_note()) */
	json_key(j, "damaged");
	json_begin_array(j);
	for (size_t i = 0; i < b->n_notes; i++) {
		json_begin_object(j);
		json_kv_string(j, "source", b->notes[i].source);
		json_kv_string(j, "first", b->notes[i].what);
		json_kv_u64(j, "count", b->notes[i].count);
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
	json_key(j, "online");
	if (b->src_err[NT_SRC_CPU_ONLINE])
		json_null(j); /* no online file: unknown */
	else
		json_bool(j, cpuset_has(&b->online, c));
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
	if (snapshot_irq_cpu_present(b, c))
		json_kv_u64(j, "nic_interrupts", p->interrupts);
	if (p->has_stat) {
		json_kv_u64(j, "softirq_ticks", p->softirq_ticks);
		json_kv_u64(j, "total_ticks", p->total_ticks);
	}
	if (a) {
		json_kv_double_or_null(j, "processed_per_s",
				       rates_softnet(a, b, c, NT_SN_PROCESSED, &r), &r);
		json_kv_double_or_null(j, "dropped_per_s",
				       rates_softnet(a, b, c, NT_SN_DROPPED, &r), &r);
		json_kv_double_or_null(j, "time_squeeze_per_s",
				       rates_softnet(a, b, c, NT_SN_TIME_SQUEEZE, &r), &r);
		json_kv_double_or_null(j, "received_rps_per_s",
				       rates_softnet(a, b, c, NT_SN_RECEIVED_RPS, &r), &r);
		json_kv_double_or_null(j, "flow_limit_per_s",
				       rates_softnet(a, b, c, NT_SN_FLOW_LIMIT, &r), &r);
		json_kv_double_or_null(j, "net_rx_softirqs_per_s", rates_net_rx(a, b, c, &r), &r);
		json_kv_double_or_null(j, "softirq_share", rates_softirq_share(a, b, c, &r), &r);
	}
	json_end_object(j);
}

static void ethtool_blocks(struct nt_json *j, const struct nt_netdev *d)
{
	json_key(j, "driver_info");
	json_begin_object(j);
	if (d->drv.err) {
		view_json_err(j, d->drv.err);
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
		view_json_err(j, d->ring.err);
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
		view_json_err(j, d->ch.err);
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
		view_json_err(j, d->eee.err);
	} else {
		json_kv_bool(j, "supported", d->eee.supported);
		json_kv_bool(j, "enabled", d->eee.enabled);
		json_kv_bool(j, "active", d->eee.active);
		json_kv_bool(j, "tx_lpi_enabled", d->eee.tx_lpi_enabled);
		json_kv_u64(j, "tx_lpi_timer_us", d->eee.tx_lpi_timer_us);
	}
	json_end_object(j);
}

static void driver_stats(struct nt_json *j, const struct nt_sample_view *v,
			 const struct nt_netdev *d)
{
	struct nt_ethstat_summary sb;

	json_key(j, "driver_stats");
	json_begin_object(j);
	if (d->stats_err) {
		view_json_err(j, d->stats_err);
		json_end_object(j);
		return;
	}
	ethtool_stat_summarize(d, &sb);
	json_kv_u64(j, "count", d->n_stats);
	if (sb.has_discards) {
		json_kv_u64(j, "ring_discards", sb.discards);
		if (v->first) {
			double r;
			bool ok = rates_ring_discards(v->first, v->last, d, &r);

			json_kv_double_or_null(j, "ring_discards_per_s", ok, &r);
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
		json_kv_string(j, "queue_kind", topology_qdir_name(irq->dir));
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
		top = topology_irq_top_cpu(v->first, b, irq, &share);
		json_key(j, "lands_on_cpu");
		if (top >= 0)
			json_i64(j, top);
		else
			json_null(j);
		json_kv_double(j, "lands_on_share", share);
		top = topology_irq_top_cpu(NULL, b, irq, &share);
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
	size_t nphys = topology_netdev_physical(b, d, phys, NT_MAX_LOWER);

	json_begin_object(j);
	json_kv_string(j, "name", d->name);
	json_kv_i64(j, "ifindex", d->ifindex);
	json_kv_string(j, "kind", topology_devkind_name(d->kind));
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
				json_kv_double_or_null(
					j, nt_ifstat_names[s],
					rates_ifstat(v->first, b, d, (enum nt_ifstat)s, &r), &r);
		}
		json_end_object(j);
	}
	ethtool_blocks(j, d);
	driver_stats(j, v, d);
	irqs(j, v, i);
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
		if (view_cpu_shown(b, c))
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
				json_kv_double_or_null(
					&j, nt_tcpstat_names[i].name,
					rates_tcp(v->first, b, (enum nt_tcpstat)i, &r), &r);
		}
		json_end_object(&j);
	}
	view_bpf_json(&j, v);
	json_end_object(&j);
}
