// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tests/fixtures/board4-stmmac: 4-CPU arm64 CI runner, kernel 6.1, one
 * single-queue stmmac NIC (end0) whose interrupt and softirq work all sit
 * on CPU0 (field notes, section 2). Two snapshots 10 s apart.
 */
#include "fixture.h"

#include "ethtool/ethtool.h"
#include "sample/topology.h"
#include "util/cpuset.h"

static struct nt_snapshot a, b;

static void t_cpus(void)
{
	static const uint32_t netrx[4] = { 1550212, 5032, 4987, 5101 };
	static const uint32_t netrx_d[4] = { 45300, 30, 20, 40 };

	CHECK_EQ_INT(b.ncpus, 4);
	if (b.ncpus < 4)
		return;
	CHECK_EQ_INT(b.softnet_columns, 13);
	CHECK_EQ_U64(b.cpus[0].softnet.time_squeeze, 0x52);
	CHECK_EQ_U64(b.cpus[0].softnet.processed, 0x0a3c21f0);
	CHECK_EQ_U64(b.cpus[3].softnet.processed, 0x0001b0a1);
	CHECK_RATE(rates_softnet(&a, &b, 0, NT_SN_TIME_SQUEEZE, &_r), 1.1);
	CHECK_RATE(rates_softnet(&a, &b, 0, NT_SN_PROCESSED, &_r), 12134.0);
	CHECK_RATE(rates_softnet(&a, &b, 2, NT_SN_TIME_SQUEEZE, &_r), 0.0);
	for (unsigned int c = 0; c < 4 && c < b.ncpus; c++) {
		CHECK_EQ_U64(b.cpus[c].net_rx, netrx[c]);
		CHECK_RATE(rates_net_rx(&a, &b, c, &_r), netrx_d[c] / 10.0);
	}
	CHECK_EQ_U64(b.cpus[0].net_tx, 88120);
	CHECK_RATE(rates_softirq_share(&a, &b, 0, &_r), 0.231);
	CHECK_RATE(rates_softirq_share(&a, &b, 1, &_r), 0.001);
	CHECK_EQ_INT(b.sysctl[NT_SYSCTL_NETDEV_BUDGET_USECS], 8000);
}

static void t_end0_irq(void)
{
	const struct nt_irq *irq = fx_irq(&b, "end0");
	double share = 0;

	if (!irq)
		return;
	CHECK_EQ_INT(irq->irq, 23);
	CHECK_EQ_INT(irq->dev, fx_devi(&b, "end0"));
	CHECK_EQ_INT(irq->queue, -1);
	CHECK_EQ_INT(irq->dir, NT_Q_NONE);
	CHECK_STR(irq->chip, "GICv2 40 Level");
	CHECK_EQ_U64(fx_count(&b, irq, 0), 1612445);
	for (unsigned int c = 1; c < 4; c++)
		CHECK_EQ_U64(fx_count(&b, irq, c), 0);
	CHECK_EQ_U64(irq->total, 1612445);
	CHECK(irq->has_affinity);
	CHECK_EQ_INT(cpuset_count(&irq->affinity), 4);
	CHECK(irq->has_effective);
	CHECK_EQ_INT(cpuset_count(&irq->effective), 1);
	CHECK(cpuset_has(&irq->effective, 0));
	CHECK_RATE(rates_irq_cpu(&a, &b, irq, 0, &_r), 4123.0);
	CHECK_RATE(rates_irq_cpu(&a, &b, irq, 1, &_r), 0.0);
	CHECK_EQ_INT(topology_irq_top_cpu(&a, &b, irq, &share), 0);
	CHECK_NEAR(share, 1.0, 1e-9);
	if (b.ncpus < 2)
		return;
	CHECK_EQ_U64(b.cpus[0].interrupts, 1612445);
	CHECK_EQ_U64(b.cpus[1].interrupts, 0);
}

static void t_other_irqs(void)
{
	const struct nt_irq *irq;

	CHECK_EQ_INT(b.nirqs, 10);       /* IPI and Err rows are not IRQs */
	irq = fx_irq(&b, "stmmac-0:00"); /* the PHY's link IRQ */
	if (irq) {
		CHECK_EQ_INT(irq->dev, -1);
		CHECK_STR(irq->chip, "meson-gpio-irqchip 26 Level");
	}
	irq = fx_irq(&b, "ffe05000.sd cd"); /* an action name with a blank */
	if (irq) {
		CHECK_EQ_INT(irq->irq, 36);
		CHECK_STR(irq->chip, "meson-gpio-irqchip 3 Edge");
	}
	irq = fx_irq(&b, "arch_timer");
	if (irq) {
		CHECK_EQ_U64(fx_count(&b, irq, 3), 2012334 + 2500 + 3000);
		CHECK_STR(irq->chip, "GICv2 30 Level");
	}
}

/* The one statistic whose name starts with @prefix. */
static const struct nt_ethstat *fx_ethstat_prefix(const struct nt_netdev *d, const char *prefix)
{
	const struct nt_ethstat *found = NULL;
	size_t n = 0;

	for (size_t i = 0; i < d->n_stats; i++)
		if (!strncmp(d->stats[i].name, prefix, strlen(prefix))) {
			found = &d->stats[i];
			n++;
		}
	if (n != 1) {
		printf("# %s: %zu statistics start with \"%s\", expected 1\n", d->name, n, prefix);
		check_failed++;
		return NULL;
	}
	return found;
}

static void t_end0_dev(void)
{
	const struct nt_netdev *d = fx_dev(&b, "end0");
	const struct nt_ethstat *tx;
	struct nt_ethstat_summary sum;

	if (!d)
		return;
	CHECK_EQ_INT(d->kind, NT_DEV_PHYSICAL);
	CHECK(!d->has_msi); /* platform device */
	CHECK_EQ_INT(d->numa_node, -1);
	CHECK_EQ_INT(d->speed_mbps, 1000);
	CHECK_EQ_INT(d->n_rxq, 1);
	CHECK_EQ_INT(d->n_txq, 1);
	CHECK_EQ_INT(d->n_irqs, 1);
	CHECK_EQ_U64(d->ifstat[NT_IFS_RX_DROPPED], 0);
	CHECK(d->ifstat_present & (1u << NT_IFS_RX_DROPPED));
	CHECK_RATE(rates_ifstat(&a, &b, d, NT_IFS_RX_PACKETS, &_r), 12134.0);
	CHECK_RATE(rates_ifstat(&a, &b, d, NT_IFS_RX_DROPPED, &_r), 0.0);

	CHECK_EQ_INT(d->drv.err, 0);
	CHECK_STR(d->drv.driver, "st_gmac");
	CHECK_STR(d->drv.version, "6.1.0-21-arm64");
	CHECK_STR(d->drv.bus_info, "");
	CHECK_EQ_INT(d->ring.err, 0);
	CHECK_EQ_U64(d->ring.rx, 512);
	CHECK_EQ_U64(d->ring.rx_max, 1024);
	CHECK_EQ_U64(d->ring.tx, 512);
	CHECK_EQ_U64(d->ring.tx_max, 1024);
	CHECK_EQ_U64(d->ring.rx_jumbo_max, 0);
	CHECK_EQ_INT(d->ch.err, 0);
	CHECK_EQ_U64(d->ch.rx, 1);
	CHECK_EQ_U64(d->ch.rx_max, 1);
	CHECK_EQ_U64(d->ch.tx, 1);
	CHECK_EQ_U64(d->ch.combined, 0);
	CHECK_EQ_U64(d->ch.combined_max, 0);
	CHECK_EQ_INT(d->eee.err, 0);
	CHECK(d->eee.supported);
	CHECK(d->eee.enabled);
	CHECK(d->eee.active);
	CHECK(d->eee.tx_lpi_enabled);
	CHECK_EQ_U64(d->eee.tx_lpi_timer_us, 1000000);

	/*
	 * The glue driver's spelling of the LPI counters. Statistic names are
	 * 32-byte fields: irq_transmitted_path_in_lpi_mode_n (34 characters)
	 * reaches user space cut to irq_transmitted_path_in_lpi_mode (32, no
	 * NUL), and nt_ethstat.name holds 31 characters. Whatever the sampler
	 * keeps of it, the counter must be there under a name of at least 31
	 * of those characters, distinct from its _exit_ sibling, and rate.
	 */
	tx = fx_ethstat_prefix(d, "irq_transmitted_path_in_lpi_mod");
	if (tx) {
		CHECK_EQ_U64(tx->value, 8861204);
		CHECK_RATE(rates_ethstat(&a, &b, d, tx->name, &_r), 4920.0);
	}
	tx = fx_ethstat_prefix(d, "irq_transmitted_path_exit_lpi_m");
	if (tx)
		CHECK_EQ_U64(tx->value, 8861202);
	tx = fx_ethstat_prefix(d, "irq_received_path_exit_lpi_mode");
	if (tx)
		CHECK_EQ_U64(tx->value, 7071116);
	/* 31 characters: fits whole */
	CHECK_EQ_U64(fx_ethstat(d, "irq_received_path_in_lpi_mode_n"), 7071117);
	CHECK_RATE(rates_ethstat(&a, &b, d, "irq_received_path_in_lpi_mode_n", &_r), 3700.0);
	CHECK_EQ_U64(fx_ethstat(d, "q0_rx_pkt_n"), 61230117);

	/* the LPI summary must find both, cut spelling included */
	ethtool_stat_summarize(d, &sum);
	CHECK(sum.has_lpi_tx);
	CHECK_EQ_U64(sum.lpi_tx, 8861204);
	CHECK(sum.has_lpi_rx);
	CHECK_EQ_U64(sum.lpi_rx, 7071117);
	CHECK_NO_RATE(rates_ethstat(&a, &b, d, "irq_tx_path_in_lpi_mode_n", &_r));
}

static void t_host(void)
{
	const struct nt_netdev *d;

	CHECK_EQ_INT(b.ndevs, 4);
	d = fx_dev(&b, "docker0");
	if (d)
		CHECK_EQ_INT(d->kind, NT_DEV_VIRTUAL);
	d = fx_dev(&b, "veth0a11c3e");
	if (d)
		CHECK_EQ_INT(d->kind, NT_DEV_VIRTUAL);
	CHECK(b.has_running);
	CHECK_EQ_INT(b.tuners, 0);
	CHECK_EQ_U64(b.tcp[NT_TCP_TIMEOUTS], 21034);
	CHECK(b.tcp_present & (1u << NT_TCP_RCVQ_DROP));
	CHECK_EQ_U64(b.tcp[NT_TCP_RCVQ_DROP], 7);
	CHECK_RATE(rates_tcp(&a, &b, NT_TCP_TIMEOUTS, &_r), 4.0);
	CHECK_RATE(rates_tcp(&a, &b, NT_TCP_SPURIOUS_RTOS, &_r), 0.2);
	CHECK_RATE(rates_tcp(&a, &b, NT_TCP_RETRANS_SEGS, &_r), 12.0);
	CHECK_RATE(rates_tcp(&a, &b, NT_TCP_OUT_SEGS, &_r), 2000.0);
	CHECK_RATE(rates_tcp(&a, &b, NT_TCP_LOST_RETRANSMIT, &_r), 0.6);
}

int main(void)
{
	snapshot_init(&a);
	snapshot_init(&b);
	if (fx_take("board4-stmmac/0000", &a) || fx_take("board4-stmmac/0001", &b)) {
		printf("Bail out! cannot sample board4-stmmac\n");
		return 1;
	}
	RUN(t_cpus);
	RUN(t_end0_irq);
	RUN(t_other_irqs);
	RUN(t_end0_dev);
	RUN(t_host);
	snapshot_free(&a);
	snapshot_free(&b);
	CHECK_DONE();
}
