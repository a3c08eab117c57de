// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tests/fixtures/cpu-offline: a 4-CPU 4.19 host (11-column softnet_stat,
 * so rows follow the online list) where CPU 2 went offline between two
 * snapshots 5 s apart. Its softnet row, its /proc/interrupts column and its
 * /proc/stat line disappear; /proc/softirqs keeps a frozen column (it prints
 * possible CPUs). The kernel moved eth0's queue 2 IRQ to CPU 3 and eth1's
 * comp2 to CPU 0.
 */
#include "fixture.h"

#include "util/cpuset.h"

static struct nt_snapshot a, b;

static void t_layout(void)
{
	CHECK_EQ_INT(cpuset_count(&a.online), 4);
	CHECK_EQ_INT(cpuset_count(&b.online), 3);
	CHECK(!cpuset_has(&b.online, 2));
	CHECK(b.ncpus >= 4);
	CHECK_EQ_INT(b.softnet_columns, 11);
	if (b.ncpus < 4)
		return;
	CHECK(!b.cpus[2].softnet.present);
	CHECK(b.cpus[3].softnet.present);
	CHECK_EQ_U64(b.cpus[3].softnet.processed, 0x00d00000 + 7000);
	CHECK_EQ_U64(b.cpus[3].softnet.time_squeeze, 60);
	CHECK_EQ_U64(b.cpus[1].softnet.processed, 0x00b00000 + 6000);
	CHECK(!b.cpus[2].has_stat);
	CHECK(b.cpus[3].has_stat);
}

static void t_softnet_rates(void)
{
	CHECK_NO_RATE(rates_softnet(&a, &b, 2, NT_SN_PROCESSED, &_r));
	CHECK_NO_RATE(rates_softnet(&a, &b, 2, NT_SN_TIME_SQUEEZE, &_r));
	CHECK_RATE(rates_softnet(&a, &b, 0, NT_SN_PROCESSED, &_r), 1000.0);
	CHECK_RATE(rates_softnet(&a, &b, 1, NT_SN_PROCESSED, &_r), 1200.0);
	CHECK_RATE(rates_softnet(&a, &b, 3, NT_SN_PROCESSED, &_r), 1400.0);
	CHECK_RATE(rates_softnet(&a, &b, 3, NT_SN_TIME_SQUEEZE, &_r), 4.0);
	CHECK_NO_RATE(rates_net_rx(&a, &b, 2, &_r));
	CHECK_RATE(rates_net_rx(&a, &b, 3, &_r), 1200.0);
	CHECK_NO_RATE(rates_softirq_share(&a, &b, 2, &_r));
	CHECK_RATE(rates_softirq_share(&a, &b, 3, &_r), 40.0 / 500.0);
	CHECK_RATE(rates_softirq_share(&a, &b, 0, &_r), 10.0 / 500.0);
}

static void t_irqs(void)
{
	int eth0 = fx_devi(&b, "eth0"), eth1 = fx_devi(&b, "eth1");
	const struct nt_irq *irq;

	CHECK_EQ_INT(b.nirqs, 13);
	irq = fx_irq(&b, "i40e-eth0-TxRx-3");
	if (irq) {
		CHECK_EQ_INT(irq->dev, eth0);
		CHECK_EQ_INT(irq->queue, 3);
		CHECK_EQ_INT(irq->dir, NT_Q_COMBINED);
		CHECK_STR(irq->chip, "IR-PCI-MSI 2621444-edge");
		/* counts are by CPU id, not by column */
		CHECK_EQ_U64(fx_count(&b, irq, 3), 565000);
		CHECK_EQ_U64(fx_count(&b, irq, 2), 0);
		CHECK_RATE(rates_irq_cpu(&a, &b, irq, 3, &_r), 7000.0);
	}
	irq = fx_irq(&b, "i40e-eth0-TxRx-2");
	if (irq) {
		CHECK_EQ_INT(irq->queue, 2);
		CHECK_EQ_U64(fx_count(&b, irq, 3), 5000);
		CHECK_NO_RATE(rates_irq_cpu(&a, &b, irq, 2, &_r));
		CHECK_RATE(rates_irq_cpu(&a, &b, irq, 3, &_r), 1000.0);
		CHECK(irq->has_effective);
		CHECK_EQ_INT(cpuset_count(&irq->effective), 1);
		CHECK(cpuset_has(&irq->effective, 3));
		CHECK_EQ_INT(cpuset_count(&irq->affinity), 3);
	}
	irq = fx_irq(&b, "i40e-0000:5e:00.0:misc");
	if (irq) {
		CHECK_EQ_INT(irq->dev, eth0);
		CHECK_EQ_INT(irq->queue, -1);
		CHECK(irq->dir == NT_Q_OTHER || irq->dir == NT_Q_NONE);
	}
	/* mlx5 names carry no interface: msi_irqs maps them */
	irq = fx_irq(&b, "mlx5_comp2@pci:0000:af:00.0");
	if (irq) {
		CHECK_EQ_INT(irq->dev, eth1);
		CHECK_EQ_INT(irq->queue, 2);
		CHECK_EQ_INT(irq->dir, NT_Q_COMBINED);
		CHECK_RATE(rates_irq_cpu(&a, &b, irq, 0, &_r), 400.0);
		CHECK_NO_RATE(rates_irq_cpu(&a, &b, irq, 2, &_r));
	}
	irq = fx_irq(&b, "mlx5_async@pci:0000:af:00.0");
	if (irq) {
		CHECK_EQ_INT(irq->dev, eth1);
		CHECK_EQ_INT(irq->queue, -1);
		CHECK_EQ_INT(irq->dir, NT_Q_OTHER);
	}
	if (eth0 >= 0)
		CHECK_EQ_INT(b.devs[eth0].n_irqs, 5);
	if (eth1 >= 0)
		CHECK_EQ_INT(b.devs[eth1].n_irqs, 5);
}

/* Captured without ethtool: every ethtool block says "not captured". */
static void t_no_ethtool(void)
{
	const struct nt_netdev *d = fx_dev(&b, "eth0");

	if (!d)
		return;
	CHECK_EQ_INT(d->drv.err, -ENOENT);
	CHECK_EQ_INT(d->ring.err, -ENOENT);
	CHECK_EQ_INT(d->ch.err, -ENOENT);
	CHECK_EQ_INT(d->eee.err, -ENOENT);
	CHECK_EQ_INT(d->stats_err, -ENOENT);
	CHECK_EQ_INT(d->n_stats, 0);
	CHECK_STR(d->bus_id, "0000:5e:00.0");
	CHECK_EQ_INT(d->n_rxq, 4);
}

/* The 4-CPU snapshot's storage, reused for the 3-CPU one. */
static void t_reuse(void)
{
	struct nt_snapshot x;

	snapshot_init(&x);
	if (fx_take("cpu-offline/0000", &x) == 0 && fx_take("cpu-offline/0001", &x) == 0 &&
	    x.ncpus >= 4) {
		CHECK(!x.cpus[2].softnet.present);
		CHECK_EQ_U64(x.cpus[2].softnet.processed, 0);
		CHECK(!x.cpus[2].has_stat);
		CHECK_EQ_U64(x.cpus[3].softnet.processed, 0x00d00000 + 7000);
		for (size_t i = 0; i < x.nirqs; i++)
			CHECK_EQ_U64(fx_count(&x, &x.irqs[i], 2), 0);
		CHECK_EQ_INT(cpuset_count(&x.online), 3);
	}
	snapshot_free(&x);
}

int main(void)
{
	snapshot_init(&a);
	snapshot_init(&b);
	if (fx_take("cpu-offline/0000", &a) || fx_take("cpu-offline/0001", &b)) {
		printf("Bail out! cannot sample cpu-offline\n");
		return 1;
	}
	RUN(t_layout);
	RUN(t_softnet_rates);
	RUN(t_irqs);
	RUN(t_no_ethtool);
	RUN(t_reuse);
	snapshot_free(&a);
	snapshot_free(&b);
	CHECK_DONE();
}
