// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tests/fixtures/agent16-el7: the 16-CPU CentOS 7 (3.10) DC/OS agent of the
 * field notes, section 1. Two snapshots 10 s apart.
 */
#include "fixture.h"

#include "sample/topology.h"
#include "util/cpuset.h"

#define NCPU 16

/* time_squeeze as in the field notes (0001) and ten seconds before (0000) */
static const uint32_t sq1[NCPU] = { 0x11, 0x16, 0x10, 0x12, 0, 1, 0, 0,
				    0x26, 0x27, 0x36, 0x3a, 0, 0, 1, 0 };
static const uint32_t sq0[NCPU] = { 0x0c, 0x0f, 0x0b, 0x0d, 0, 1, 0, 0,
				    0x1d, 0x1e, 0x2a, 0x2f, 0, 0, 1, 0 };
static const uint32_t proc1[NCPU] = { 0x2f3a81c4, 0x2d11b7e0, 0x31c0aa12, 0x2c9d4410,
				      0x05c2118a, 0x05a9e2b3, 0x0611f03c, 0x05e0a871,
				      0x34a17b55, 0x33e2019c, 0x3a7712d0, 0x36c3e8a4,
				      0x05b4c2e9, 0x05d01f37, 0x061a2c40, 0x05f39d12 };
static const uint32_t proc_d[NCPU] = { 121830, 114210, 150480, 109660, 2310, 2080, 2520, 1990,
				       140020, 131750, 171130, 126610, 2240, 2170, 2430, 2060 };
static const uint32_t netrx1[NCPU] = { 401233871, 389120432, 460211877, 377102334,
				       9120331,   8877102,   9544210,   9012877,
				       455120907, 441230116, 520887120, 430210456,
				       9230118,   9102334,   9456001,   9088123 };
static const uint32_t netrx_d[NCPU] = { 48820, 46130, 60450, 44010, 1230, 1170, 1310, 1120,
					57240, 53880, 70120, 51990, 1190, 1160, 1270, 1140 };
static const unsigned int sirq_d[NCPU] = { 38, 36, 47, 34, 2, 2, 2, 2, 44, 42, 58, 40, 2, 2, 2, 2 };

static const unsigned int eth3_aff[8] = { 0, 1, 2, 3, 8, 9, 10, 11 };
static const uint32_t eth3_cnt1[8] = { 98142310,  91800444, 120211932, 88431206,
				       117320451, 54201233, 95523170,  83014456 };
static const uint32_t eth3_d[8] = { 41230, 38870, 52110, 36540, 50020, 20010, 40990, 35670 };
static const uint64_t eth3_disc1[8] = { 104, 84, 485, 73, 475, 0, 149, 41 };
static const uint64_t eth3_disc0[8] = { 90, 70, 410, 61, 400, 0, 127, 35 };
static const unsigned int eth2_aff[8] = { 8, 9, 10, 11, 0, 1, 2, 3 };
static const uint32_t eth2_cnt1[8] = { 30121988, 29411002, 31899210, 28720110,
				       30014566, 29930412, 31200778, 28877104 };

static struct nt_snapshot a, b;

static void t_basics(void)
{
	CHECK_EQ_INT(b.ncpus, NCPU);
	CHECK_EQ_INT(cpuset_count(&b.online), NCPU);
	CHECK_EQ_INT(b.softnet_columns, 10);
	CHECK(b.has_mono);
	CHECK_NEAR(b.mono_s, 1843221.420, 1e-6);
	CHECK_STR(b.wallclock, "2024-03-12T14:05:41+01:00");
	CHECK_NEAR(rates_interval(&a, &b), 10.0, 1e-9);
	/* nothing isolated; 3.10 prints "(null)" for an unset nohz_full */
	CHECK_EQ_INT(cpuset_count(&b.isolated), 0);
	CHECK_EQ_INT(cpuset_count(&b.nohz_full), 0);
	for (int i = NT_SRC_SOFTNET; i <= NT_SRC_RUNNING; i++)
		if (b.src_err[i]) {
			printf("# src_err[%s] = %d\n", nt_source_paths[i], b.src_err[i]);
			check_failed++;
		}
}

static void t_softnet_values(void)
{
	for (unsigned int c = 0; c < NCPU && c < b.ncpus && c < a.ncpus; c++) {
		CHECK(b.cpus[c].softnet.present);
		CHECK_EQ_U64(b.cpus[c].softnet.time_squeeze, sq1[c]);
		CHECK_EQ_U64(b.cpus[c].softnet.processed, proc1[c]);
		CHECK_EQ_U64(b.cpus[c].softnet.dropped, c == 10 ? 3 : 0);
		CHECK_EQ_U64(b.cpus[c].softnet.received_rps, 0);
		CHECK_EQ_U64(b.cpus[c].softnet.flow_limit_count, 0);
		CHECK_EQ_U64(a.cpus[c].softnet.time_squeeze, sq0[c]);
	}
}

static void t_softnet_rates(void)
{
	for (unsigned int c = 0; c < NCPU; c++) {
		CHECK_RATE(rates_softnet(&a, &b, c, NT_SN_TIME_SQUEEZE, &_r),
			   (sq1[c] - sq0[c]) / 10.0);
		CHECK_RATE(rates_softnet(&a, &b, c, NT_SN_PROCESSED, &_r), proc_d[c] / 10.0);
	}
	CHECK_RATE(rates_softnet(&a, &b, 10, NT_SN_DROPPED, &_r), 0.2);
	CHECK_RATE(rates_softnet(&a, &b, 11, NT_SN_TIME_SQUEEZE, &_r), 1.1);
	CHECK_NO_RATE(rates_softnet(&a, &b, NCPU, NT_SN_PROCESSED, &_r));
}

static void t_irq_queues(void)
{
	int eth3 = fx_devi(&b, "eth3"), eth2 = fx_devi(&b, "eth2");
	char name[32];

	/* 4 legacy, 2 DMAR, 3 PCIe ports, xhci, ahci, 17 nvme, mei, 4 ioat,
	 * 9 eth2, 8 eth3; IRQ 122 has no handler and is not printed */
	CHECK_EQ_INT(b.nirqs, 50);
	CHECK(fx_irq_num(&b, 122) == NULL);
	for (int q = 0; q < 8; q++) {
		const struct nt_irq *irq;

		snprintf(name, sizeof(name), "eth3-TxRx-%d", q);
		irq = fx_irq(&b, name);
		if (!irq)
			continue;
		CHECK_EQ_INT(irq->irq, 114 + q);
		CHECK_EQ_INT(irq->dev, eth3);
		CHECK_EQ_INT(irq->queue, q);
		CHECK_EQ_INT(irq->dir, NT_Q_COMBINED);
		CHECK_STR(irq->chip, "IR-PCI-MSI-edge");
		CHECK(irq->has_affinity);
		CHECK(!irq->has_effective); /* 3.10: no effective_affinity_list */
		CHECK_EQ_INT(cpuset_count(&irq->affinity), 1);
		CHECK(cpuset_has(&irq->affinity, eth3_aff[q]));
		CHECK_EQ_U64(fx_count(&b, irq, eth3_aff[q]), eth3_cnt1[q]);
		CHECK_EQ_U64(irq->total, eth3_cnt1[q] + (eth3_aff[q] ? 3 : 0));

		snprintf(name, sizeof(name), "eth2-TxRx-%d", q);
		irq = fx_irq(&b, name);
		if (!irq)
			continue;
		CHECK_EQ_INT(irq->irq, 104 + q);
		CHECK_EQ_INT(irq->dev, eth2);
		CHECK_EQ_INT(irq->queue, q);
		CHECK_EQ_INT(irq->dir, NT_Q_COMBINED);
		CHECK(cpuset_has(&irq->affinity, eth2_aff[q]));
		CHECK_EQ_U64(fx_count(&b, irq, eth2_aff[q]), eth2_cnt1[q]);
	}
}

static void t_irq_others(void)
{
	const struct nt_irq *irq;

	/* ixgbe's link vector is named after the interface */
	irq = fx_irq(&b, "eth2");
	if (irq) {
		CHECK_EQ_INT(irq->irq, 112);
		CHECK_EQ_INT(irq->dev, fx_devi(&b, "eth2"));
		CHECK_EQ_INT(irq->queue, -1);
		CHECK(irq->dir == NT_Q_NONE || irq->dir == NT_Q_OTHER);
		CHECK_EQ_INT(cpuset_count(&irq->affinity), 8);
	}
	/* two handlers on one line, names with a blank */
	irq = fx_irq_num(&b, 26);
	CHECK(irq != NULL);
	if (irq) {
		CHECK_STR(irq->actions, "PCIe PME, aerdrv");
		CHECK_EQ_INT(irq->dev, -1);
	}
	irq = fx_irq(&b, "nvme0q3");
	if (irq) {
		CHECK_EQ_INT(irq->dev, -1);
		CHECK_EQ_U64(fx_count(&b, irq, 2), 2100334 + 3 * 10211 + 391);
	}
	irq = fx_irq(&b, "timer");
	if (irq) {
		CHECK_EQ_INT(irq->irq, 0);
		CHECK_STR(irq->chip, "IR-IO-APIC-edge");
	}
	irq = fx_irq(&b, "dmar0");
	if (irq)
		CHECK_STR(irq->chip, "DMAR_MSI-edge");
}

static void t_irq_rates(void)
{
	const struct nt_irq *irq = fx_irq(&b, "eth3-TxRx-5");

	if (!irq)
		return;
	CHECK(rates_irq_match(&a, irq) != NULL);
	CHECK_RATE(rates_irq_cpu(&a, &b, irq, 9, &_r), 2001.0);
	CHECK_RATE(rates_irq_cpu(&a, &b, irq, 0, &_r), 0.0);
	for (int q = 0; q < 8; q++) {
		char name[32];

		snprintf(name, sizeof(name), "eth3-TxRx-%d", q);
		irq = fx_irq(&b, name);
		if (irq)
			CHECK_RATE(rates_irq_cpu(&a, &b, irq, eth3_aff[q], &_r), eth3_d[q] / 10.0);
	}
	/* interrupts of network devices per CPU: CPU 9 has eth3 q5 and eth2 q1 */
	if (b.ncpus > 9)
		CHECK_EQ_U64(b.cpus[9].interrupts, 54201233ull + 29411002ull);
}

static void t_softirqs_stat(void)
{
	for (unsigned int c = 0; c < NCPU && c < b.ncpus; c++) {
		CHECK(b.cpus[c].has_softirqs);
		CHECK_EQ_U64(b.cpus[c].net_rx, netrx1[c]);
		CHECK_RATE(rates_net_rx(&a, &b, c, &_r), netrx_d[c] / 10.0);
		CHECK(b.cpus[c].has_stat);
		CHECK_EQ_U64(b.cpus[c].softirq_ticks, 2100000 + 30000 * c);
		CHECK_EQ_U64(b.cpus[c].total_ticks, 184322100 - 1700 * c);
		CHECK_RATE(rates_softirq_share(&a, &b, c, &_r), sirq_d[c] / 1000.0);
	}
	if (b.ncpus > 3)
		CHECK_EQ_U64(b.cpus[3].net_tx, 1170877);
}

static void t_eth3(void)
{
	const struct nt_netdev *d = fx_dev(&b, "eth3");
	uint64_t sum = 0;

	if (!d)
		return;
	CHECK_EQ_INT(d->kind, NT_DEV_PHYSICAL);
	CHECK_EQ_INT(d->ifindex, 5);
	CHECK_STR(d->operstate, "up");
	CHECK_EQ_INT(d->speed_mbps, 25000);
	CHECK_EQ_INT(d->numa_node, 0);
	CHECK_STR(d->bus_id, "0000:3b:00.0");
	CHECK(d->has_msi);
	CHECK_EQ_INT(d->n_irqs, 8);
	CHECK_EQ_INT(d->n_lower, 0);
	CHECK_EQ_INT(d->n_rxq, 8);
	CHECK_EQ_INT(d->n_txq, 8);
	if (d->n_rxq) {
		CHECK(d->rxq[7].has_rps);
		CHECK_EQ_INT(cpuset_count(&d->rxq[7].rps_cpus), 0);
		CHECK_EQ_INT(d->rxq[7].rps_flow_cnt, 0);
	}
	/* ifconfig eth3 in the field notes */
	CHECK_EQ_U64(d->ifstat[NT_IFS_RX_PACKETS], 552848402);
	CHECK_EQ_U64(d->ifstat[NT_IFS_RX_ERRORS], 1411);
	CHECK_EQ_U64(d->ifstat[NT_IFS_RX_DROPPED], 12796);
	CHECK_EQ_U64(d->ifstat[NT_IFS_RX_FIFO_ERRORS], 1411);
	CHECK(d->ifstat_present & (1u << NT_IFS_RX_DROPPED));
	CHECK(d->ifstat_present & (1u << NT_IFS_RX_MISSED_ERRORS));

	CHECK_EQ_INT(d->drv.err, 0);
	CHECK_STR(d->drv.driver, "bnxt_en");
	CHECK_STR(d->drv.bus_info, "0000:3b:00.0");
	CHECK_EQ_INT(d->ring.err, 0);
	CHECK_EQ_U64(d->ring.rx, 453);
	CHECK_EQ_U64(d->ring.rx_max, 4078);
	CHECK_EQ_U64(d->ring.tx, 4078);
	CHECK_EQ_U64(d->ring.tx_max, 4078);
	CHECK_EQ_U64(d->ring.rx_jumbo, 1812);
	CHECK_EQ_U64(d->ring.rx_jumbo_max, 16312);
	CHECK_EQ_INT(d->ch.err, 0);
	CHECK_EQ_U64(d->ch.combined, 8);
	CHECK_EQ_U64(d->ch.combined_max, 30);
	CHECK_EQ_U64(d->ch.rx_max, 30);
	CHECK(d->eee.err != 0); /* empty file: not available */

	CHECK_EQ_INT(d->stats_err, 0);
	CHECK_EQ_U64(d->n_stats, 8 * 21 + 58 + 1);
	for (int q = 0; q < 8; q++) {
		char name[NT_ETH_GSTRING_LEN];
		uint64_t v;

		snprintf(name, sizeof(name), "[%d]: rx_discards", q);
		v = fx_ethstat(d, name);
		CHECK_EQ_U64(v, eth3_disc1[q]);
		sum += v;
	}
	CHECK_EQ_U64(sum, 1411);
	CHECK_EQ_U64(fx_ethstat(d, "rx_discards"), 1411);
	CHECK_RATE(rates_ethstat(&a, &b, d, "rx_discards", &_r), (1411 - 1193) / 10.0);
	CHECK_RATE(rates_ethstat(&a, &b, d, "[2]: rx_discards", &_r),
		   (eth3_disc1[2] - eth3_disc0[2]) / 10.0);
	CHECK_RATE(rates_ifstat(&a, &b, d, NT_IFS_RX_DROPPED, &_r), 184.0);
	CHECK_RATE(rates_ifstat(&a, &b, d, NT_IFS_RX_PACKETS, &_r), 106670.0);
}

static void t_eth2(void)
{
	const struct nt_netdev *d = fx_dev(&b, "eth2");

	if (!d)
		return;
	CHECK_EQ_INT(d->kind, NT_DEV_PHYSICAL);
	CHECK_STR(d->bus_id, "0000:18:00.0");
	CHECK_EQ_INT(d->n_irqs, 9);
	CHECK_STR(d->drv.driver, "ixgbe");
	CHECK_EQ_U64(d->ring.rx, 512);
	CHECK_EQ_U64(d->ring.rx_max, 4096);
	CHECK_EQ_U64(d->ch.combined, 8);
	CHECK_EQ_U64(d->ch.combined_max, 63);
	CHECK_EQ_U64(d->ch.other, 1);
	CHECK_EQ_U64(fx_ethstat(d, "rx_queue_7_packets"), 210334871 / 8 + 7);
}

/* The physical NICs under @name, as topology.h resolves them. */
static size_t physical(const char *name, const char **out, size_t max)
{
	const struct nt_netdev *d = fx_dev(&b, name), *phys[NT_MAX_LOWER];
	size_t n;

	if (!d)
		return 0;
	n = topology_netdev_physical(&b, d, phys, NT_MAX_LOWER);
	for (size_t i = 0; i < n && i < max; i++)
		out[i] = phys[i]->name;
	return n;
}

static bool has_name(const char **names, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(names[i], name))
			return true;
	return false;
}

static void t_bond_vlan(void)
{
	const struct nt_netdev *d;
	const char *phys[NT_MAX_LOWER];
	size_t n;

	CHECK_EQ_INT(b.ndevs, 7);
	d = fx_dev(&b, "bond0");
	if (d) {
		CHECK_EQ_INT(d->kind, NT_DEV_BOND);
		CHECK(!d->has_msi);
		CHECK_EQ_INT(d->n_irqs, 0);
		CHECK_EQ_INT(d->n_lower, 2);
		CHECK(fx_has_lower(d, "eth2"));
		CHECK(fx_has_lower(d, "eth3"));
		CHECK_STR(d->drv.driver, "bonding");
		CHECK(d->ring.err != 0);
	}
	n = physical("bond0", phys, NT_MAX_LOWER);
	CHECK_EQ_INT(n, 2);
	CHECK(has_name(phys, n, "eth2") && has_name(phys, n, "eth3"));

	d = fx_dev(&b, "bond0.100");
	if (d) {
		CHECK_EQ_INT(d->kind, NT_DEV_VLAN);
		CHECK_EQ_INT(d->ifindex, 7);
		CHECK(d->n_lower >= 1);
	}
	/* the physical NICs under the bond under the VLAN */
	n = physical("bond0.100", phys, NT_MAX_LOWER);
	CHECK_EQ_INT(n, 2);
	CHECK(has_name(phys, n, "eth2") && has_name(phys, n, "eth3"));

	n = physical("eth3", phys, NT_MAX_LOWER);
	CHECK_EQ_INT(n, 1);
	CHECK(has_name(phys, n, "eth3"));
	d = fx_dev(&b, "eth3");
	if (d)
		CHECK_EQ_INT(d->n_lower, 0); /* upper_bond0 is no lower */

	d = fx_dev(&b, "docker0");
	if (d)
		CHECK_EQ_INT(d->kind, NT_DEV_VIRTUAL);
	CHECK_EQ_INT(physical("docker0", phys, NT_MAX_LOWER), 0); /* a veth is no NIC */
	d = fx_dev(&b, "vethd1f4a07");
	if (d) {
		CHECK_EQ_INT(d->kind, NT_DEV_VIRTUAL);
		CHECK_EQ_INT(d->n_lower, 0);
		CHECK_EQ_INT(d->speed_mbps, 10000);
	}
	CHECK_EQ_INT(physical("vethd1f4a07", phys, NT_MAX_LOWER), 0);
	d = fx_dev(&b, "lo");
	if (d) {
		CHECK_EQ_INT(d->kind, NT_DEV_LOOPBACK);
		CHECK_EQ_INT(d->speed_mbps, -1);
	}
}

static void t_host(void)
{
	CHECK_EQ_INT(b.sysctl[NT_SYSCTL_NETDEV_BUDGET], 300);
	CHECK_EQ_INT(b.sysctl[NT_SYSCTL_NETDEV_BUDGET_USECS], -1); /* 3.10 */
	CHECK_EQ_INT(b.sysctl[NT_SYSCTL_NETDEV_MAX_BACKLOG], 1000);
	CHECK_EQ_INT(b.sysctl[NT_SYSCTL_RPS_SOCK_FLOW_ENTRIES], 0);
	CHECK_EQ_INT(b.sysctl[NT_SYSCTL_DEV_WEIGHT], 64);

	CHECK(b.has_running);
	CHECK(b.tuners & NT_TUNER_IRQBALANCE);
	CHECK(!(b.tuners & NT_TUNER_TUNED));

	CHECK_EQ_U64(b.tcp[NT_TCP_TIMEOUTS], 1802231);
	CHECK_EQ_U64(b.tcp[NT_TCP_RETRANS_SEGS], 4120988);
	CHECK_EQ_U64(b.tcp[NT_TCP_OUT_SEGS], 2398122044ull);
	CHECK_EQ_U64(b.tcp[NT_TCP_IN_ERRS], 1877);
	CHECK_EQ_U64(b.tcp[NT_TCP_LISTEN_DROPS], 18830);
	CHECK_EQ_U64(b.tcp[NT_TCP_SPURIOUS_RTOS], 40122);
	/* Udp, not the UdpLite line that follows with the same names */
	CHECK_EQ_U64(b.tcp[NT_UDP_RCVBUF_ERRORS], 2210);
	CHECK(b.tcp_present & (1u << NT_TCP_TIMEOUTS));
	CHECK(b.tcp_present & (1u << NT_UDP_RCVBUF_ERRORS));
	CHECK(!(b.tcp_present & (1u << NT_TCP_RCVQ_DROP))); /* not in 3.10 */
	CHECK_RATE(rates_tcp(&a, &b, NT_TCP_TIMEOUTS, &_r), 137.0);
	CHECK_RATE(rates_tcp(&a, &b, NT_TCP_RETRANS_SEGS, &_r), 524.0);
	CHECK_RATE(rates_tcp(&a, &b, NT_TCP_OUT_SEGS, &_r), 131000.0);
	CHECK_NO_RATE(rates_tcp(&a, &b, NT_TCP_RCVQ_DROP, &_r));
}

/* A snapshot reused after holding another host must not keep stale data. */
static void t_reuse(void)
{
	struct nt_snapshot x;

	snapshot_init(&x);
	if (fx_take("board4-stmmac/0001", &x) == 0 && fx_take("agent16-el7/0001", &x) == 0) {
		CHECK_EQ_INT(x.ncpus, b.ncpus);
		CHECK_EQ_INT(x.nirqs, b.nirqs);
		CHECK_EQ_INT(x.ndevs, b.ndevs);
		CHECK_EQ_INT(x.softnet_columns, 10);
		for (size_t i = 0; i < x.nirqs && i < b.nirqs; i++) {
			CHECK_EQ_INT(x.irqs[i].irq, b.irqs[i].irq);
			CHECK_EQ_INT(x.irqs[i].dev, b.irqs[i].dev);
			CHECK_EQ_INT(x.irqs[i].queue, b.irqs[i].queue);
			CHECK_EQ_U64(x.irqs[i].total, b.irqs[i].total);
			CHECK_EQ_INT(x.irqs[i].has_affinity, b.irqs[i].has_affinity);
			if (x.irqs[i].has_affinity && b.irqs[i].has_affinity)
				CHECK(cpuset_equal(&x.irqs[i].affinity, &b.irqs[i].affinity));
			CHECK_EQ_INT(x.irqs[i].has_effective, b.irqs[i].has_effective);
			CHECK_STR(x.irqs[i].chip, b.irqs[i].chip);
			CHECK_STR(x.irqs[i].actions, b.irqs[i].actions);
			CHECK_EQ_INT(x.irqs[i].dir, b.irqs[i].dir);
		}
		for (size_t i = 0; i < x.ndevs && i < b.ndevs; i++) {
			CHECK_STR(x.devs[i].name, b.devs[i].name);
			CHECK_EQ_INT(x.devs[i].n_stats, b.devs[i].n_stats);
			CHECK_EQ_INT(x.devs[i].n_lower, b.devs[i].n_lower);
			CHECK_EQ_INT(x.devs[i].eee.err, b.devs[i].eee.err);
			CHECK_EQ_INT(x.devs[i].has_msi, b.devs[i].has_msi);
			CHECK_EQ_INT(x.devs[i].numa_node, b.devs[i].numa_node);
		}
		CHECK_EQ_INT(x.sysctl[NT_SYSCTL_NETDEV_BUDGET_USECS], -1);
		CHECK_EQ_INT(x.tcp_present, b.tcp_present);
		CHECK_EQ_INT(x.tuners, b.tuners);
	}
	snapshot_free(&x);
}

static void t_open_errors(void)
{
	struct nt_sampler *s = NULL;
	char err[512] = "";
	int r = sampler_open(&s, "/nonexistent/nettuned-fixture", 0, err, sizeof(err));

	CHECK(r < 0);
	CHECK(strstr(err, "/nonexistent/nettuned-fixture") != NULL);
	if (r >= 0)
		sampler_close(s);
}

int main(void)
{
	snapshot_init(&a);
	snapshot_init(&b);
	if (fx_take("agent16-el7/0000", &a) || fx_take("agent16-el7/0001", &b)) {
		printf("Bail out! cannot sample agent16-el7\n");
		return 1;
	}
	RUN(t_basics);
	RUN(t_softnet_values);
	RUN(t_softnet_rates);
	RUN(t_irq_queues);
	RUN(t_irq_others);
	RUN(t_irq_rates);
	RUN(t_softirqs_stat);
	RUN(t_eth3);
	RUN(t_eth2);
	RUN(t_bond_vlan);
	RUN(t_host);
	RUN(t_reuse);
	RUN(t_open_errors);
	snapshot_free(&a);
	snapshot_free(&b);
	CHECK_DONE();
}
