// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Wrap versus reset of the 32-bit per-CPU counters, and rates no hardware
 * can make (README, "How the samplers read the kernel"), on hand-built
 * snapshots.
 */
#include "check.h"
#include "ethtool/ethtool.h"
#include "sample/rates.h"
#include "sample/topology.h"

#include <stdlib.h>

static void two(struct nt_snapshot *a, struct nt_snapshot *b, double dt)
{
	snapshot_init(a);
	snapshot_init(b);
	snapshot_reserve_cpus(a, 2);
	snapshot_reserve_cpus(b, 2);
	a->has_mono = b->has_mono = true;
	a->mono_s = 100;
	b->mono_s = 100 + dt;
	a->src_err[NT_SRC_CPU_ONLINE] = b->src_err[NT_SRC_CPU_ONLINE] = 0;
	cpuset_set(&a->online, 0);
	cpuset_set(&a->online, 1);
	b->online = a->online;
	for (int c = 0; c < 2; c++) {
		a->cpus[c].softnet.present = b->cpus[c].softnet.present = true;
		a->cpus[c].has_softirqs = b->cpus[c].has_softirqs = true;
	}
	a->softnet_columns = b->softnet_columns = 13;
}

static void softnet_wrap_and_reset(void)
{
	struct nt_snapshot a, b;
	double r = -1;

	two(&a, &b, 2.0);
	a.cpus[0].softnet.time_squeeze = 0xfffffff0u;
	b.cpus[0].softnet.time_squeeze = 0x10u; /* wrapped: 32 in 2 s */
	CHECK(rates_softnet(&a, &b, 0, NT_SN_TIME_SQUEEZE, &r));
	CHECK_NEAR(r, 16.0, 1e-9);
	a.cpus[1].softnet.processed = 5000000;
	b.cpus[1].softnet.processed = 100; /* restarted: ~4.3e9 in 2 s */
	CHECK(!rates_softnet(&a, &b, 1, NT_SN_PROCESSED, &r));
	a.cpus[1].net_rx = 900000;
	b.cpus[1].net_rx = 12;
	CHECK(!rates_net_rx(&a, &b, 1, &r));
	a.cpus[0].net_rx = 4294967000u;
	b.cpus[0].net_rx = 704; /* 1000 in 2 s across the wrap */
	CHECK(rates_net_rx(&a, &b, 0, &r));
	CHECK_NEAR(r, 500.0, 1e-9);
	snapshot_free(&a);
	snapshot_free(&b);
}

static void irq_reset(void)
{
	struct nt_snapshot a, b;
	struct nt_irq irq = { .irq = 114, .actions = "eth3-TxRx-0", .dev = -1 };
	double r = -1, share;
	uint32_t ca[2] = { 5000000, 10 }, cb[2] = { 300, 0 };

	two(&a, &b, 10.0);
	a.irq_stride = b.irq_stride = 2;
	cpuset_set(&a.irq_cpus, 0);
	cpuset_set(&a.irq_cpus, 1);
	b.irq_cpus = a.irq_cpus;
	a.irqs = malloc(sizeof(irq));
	b.irqs = malloc(sizeof(irq));
	a.irqs[0] = b.irqs[0] = irq;
	a.nirqs = b.nirqs = 1;
	a.irq_counts = ca;
	b.irq_counts = cb;
	/* the driver re-requested IRQ 114: counts restarted, no rate */
	CHECK(!rates_irq_cpu(&a, &b, &b.irqs[0], 0, &r));
	/* where it lands falls back to the counts since the reset */
	CHECK_EQ_INT(topology_irq_top_cpu(&a, &b, &b.irqs[0], &share), 0);
	CHECK_NEAR(share, 1.0, 1e-9);
	cb[0] = 5000300;
	CHECK(rates_irq_cpu(&a, &b, &b.irqs[0], 0, &r));
	CHECK_NEAR(r, 30.0, 1e-9);
	a.irq_counts = b.irq_counts = NULL; /* on the stack */
	snapshot_free(&a);
	snapshot_free(&b);
}

/* Counts no CPU can make in the interval are a reset, wrapped or not. */
static void per_cpu_bounds(void)
{
	struct nt_snapshot a, b;
	double r = -1;

	two(&a, &b, 1.0);
	b.cpus[0].softnet.processed = 40000000; /* 40 M/s: a busy CPU */
	CHECK(rates_softnet(&a, &b, 0, NT_SN_PROCESSED, &r));
	CHECK_NEAR(r, 40e6, 1e-3);
	b.cpus[1].softnet.processed = 0x7fffffff; /* 2.1 G/s */
	CHECK(!rates_softnet(&a, &b, 1, NT_SN_PROCESSED, &r));
	b.cpus[0].net_rx = 20000000; /* 20 M softirqs/s */
	CHECK(!rates_net_rx(&a, &b, 0, &r));
	snapshot_free(&a);
	snapshot_free(&b);
}

static struct nt_netdev *dev(struct nt_snapshot *s, const char *name, enum nt_devkind kind,
			     int64_t speed)
{
	struct nt_netdev *d = snapshot_add_dev(s);

	snprintf(d->name, sizeof(d->name), "%s", name);
	d->ifindex = 3;
	d->kind = kind;
	d->speed_mbps = speed;
	d->ifstat_present =
		1u << NT_IFS_RX_PACKETS | 1u << NT_IFS_RX_BYTES | 1u << NT_IFS_RX_MISSED_ERRORS;
	return d;
}

/*
 * A device counter cannot pass speed / (84 bytes * 8) packets per second
 * (plus 10%); 200 Mpps when the speed is unknown or the device virtual.
 */
static void device_bounds(void)
{
	struct nt_snapshot a, b;
	struct nt_netdev *da, *db;
	double r = -1;

	two(&a, &b, 1.0);
	da = dev(&a, "eth3", NT_DEV_PHYSICAL, 10000);
	db = dev(&b, "eth3", NT_DEV_PHYSICAL, 10000);
	CHECK_NEAR(rates_netdev_max_pps(db), 10e9 / 672 * 1.1, 1);
	/* the capture: rx_packets 2^64-1 after a small value */
	da->ifstat[NT_IFS_RX_PACKETS] = 1000;
	db->ifstat[NT_IFS_RX_PACKETS] = UINT64_MAX;
	CHECK(!rates_ifstat(&a, &b, db, NT_IFS_RX_PACKETS, &r));
	db->ifstat[NT_IFS_RX_PACKETS] = 1000 + 14880952; /* line rate, 64-byte frames */
	CHECK(rates_ifstat(&a, &b, db, NT_IFS_RX_PACKETS, &r));
	CHECK_NEAR(r, 14880952, 1e-3);
	db->ifstat[NT_IFS_RX_PACKETS] = 1000 + 20000000; /* 20 Mpps on 10 Gb/s */
	CHECK(!rates_ifstat(&a, &b, db, NT_IFS_RX_PACKETS, &r));
	/* bytes against the bit rate: 1.25 GB/s is 10 Gb/s */
	db->ifstat[NT_IFS_RX_BYTES] = 1250000000;
	CHECK(rates_ifstat(&a, &b, db, NT_IFS_RX_BYTES, &r));
	db->ifstat[NT_IFS_RX_BYTES] = 4000000000;
	CHECK(!rates_ifstat(&a, &b, db, NT_IFS_RX_BYTES, &r));
	/* speed unknown (link down, or not reported): 200 Mpps */
	db->speed_mbps = -1;
	db->ifstat[NT_IFS_RX_PACKETS] = 1000 + 150000000;
	CHECK(rates_ifstat(&a, &b, db, NT_IFS_RX_PACKETS, &r));
	db->ifstat[NT_IFS_RX_PACKETS] = 1000 + 250000000;
	CHECK(!rates_ifstat(&a, &b, db, NT_IFS_RX_PACKETS, &r));
	/* veth says 10000 Mb/s and carries what the CPUs copy */
	db->kind = NT_DEV_VIRTUAL;
	db->speed_mbps = 10000;
	db->ifstat[NT_IFS_RX_PACKETS] = 1000 + 50000000;
	CHECK(rates_ifstat(&a, &b, db, NT_IFS_RX_PACKETS, &r));
	snapshot_free(&a);
	snapshot_free(&b);
}

/* The 27-digit rx_discards: unreadable, never a ring-discard rate. */
static void ethstat_too_long(void)
{
	static const char *const text[2] = {
		"NIC statistics:\n     [0]: rx_discards: 10\n     rx_discards: 10\n",
		"NIC statistics:\n     [0]: rx_discards: 12\n"
		"     rx_discards: 184467440737095516150000000\n",
	};
	struct nt_snapshot a, b;
	struct nt_netdev *da, *db;
	struct nt_ethstat_summary sum;
	uint64_t v;
	double r = -1;

	two(&a, &b, 1.0);
	da = dev(&a, "eth3", NT_DEV_PHYSICAL, 25000);
	db = dev(&b, "eth3", NT_DEV_PHYSICAL, 25000);
	CHECK_EQ_INT(ethtool_parse_stats(text[0], da), 0);
	CHECK_EQ_INT(ethtool_parse_stats(text[1], db), 0);
	CHECK_EQ_INT(db->n_stats, 1);
	CHECK_EQ_INT(db->stats_unreadable, 1);
	CHECK_STR(db->stats_unreadable_name, "rx_discards");
	CHECK(!snapshot_netdev_ethstat(db, "rx_discards", &v));
	ethtool_stat_summarize(db, &sum);
	CHECK(!sum.has_discards);
	CHECK(!rates_ring_discards(&a, &b, db, &r));
	CHECK(!ethtool_stat_queue_discards(db, 0, &v));
	/* 2^64-1 fits u64: read, and the rise to it is no rate */
	CHECK_EQ_INT(ethtool_parse_stats("     rx_discards: 18446744073709551615\n", db), 0);
	CHECK_EQ_INT(db->stats_unreadable, 0);
	CHECK(!rates_ring_discards(&a, &b, db, &r));
	snapshot_free(&a);
	snapshot_free(&b);
}

/* Host-wide counters: at most 50 M/s per CPU. */
static void host_bounds(void)
{
	struct nt_snapshot a, b;
	double r = -1;

	two(&a, &b, 1.0);
	a.tcp_present = b.tcp_present = 1u << NT_TCP_TIMEOUTS;
	a.tcp[NT_TCP_TIMEOUTS] = 5;
	b.tcp[NT_TCP_TIMEOUTS] = UINT64_MAX;
	CHECK(!rates_tcp(&a, &b, NT_TCP_TIMEOUTS, &r));
	b.tcp[NT_TCP_TIMEOUTS] = 105;
	CHECK(rates_tcp(&a, &b, NT_TCP_TIMEOUTS, &r));
	CHECK_NEAR(r, 100, 1e-9);
	snapshot_free(&a);
	snapshot_free(&b);
}

int main(void)
{
	RUN(softnet_wrap_and_reset);
	RUN(irq_reset);
	RUN(per_cpu_bounds);
	RUN(device_bounds);
	RUN(ethstat_too_long);
	RUN(host_bounds);
	CHECK_DONE();
}
