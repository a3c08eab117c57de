// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tests/fixtures/vm2-virtio: a copy of the layout of the 2-vCPU VM this
 * project is developed on (6.18, 15-column softnet_stat, virtio-net eth0
 * on PCI 0000:00:03.0 whose device/ is the virtio device; msi_irqs holds
 * the PCI function's IRQs). Two snapshots 5 s apart.
 */
#include "fixture.h"

#include "util/cpuset.h"

static struct nt_snapshot a, b;

static void t_queues(void)
{
	int eth0 = fx_devi(&b, "eth0");
	const struct nt_irq *irq;

	CHECK_EQ_INT(b.nirqs, 19);
	irq = fx_irq(&b, "virtio2-input.0");
	if (irq) {
		CHECK_EQ_INT(irq->irq, 38);
		CHECK_EQ_INT(irq->dev, eth0);
		CHECK_EQ_INT(irq->queue, 0);
		CHECK_EQ_INT(irq->dir, NT_Q_RX);
		CHECK_STR(irq->chip, "PCI-MSIX-0000:00:03.0 1-edge");
		CHECK(irq->has_effective);
		CHECK(cpuset_has(&irq->effective, 1));
		CHECK_EQ_INT(cpuset_count(&irq->affinity), 2);
		CHECK_EQ_U64(fx_count(&b, irq, 1), 846);
		CHECK_RATE(rates_irq_cpu(&a, &b, irq, 1, &_r), 50.0);
	}
	irq = fx_irq(&b, "virtio2-output.0");
	if (irq) {
		CHECK_EQ_INT(irq->dev, eth0);
		CHECK_EQ_INT(irq->queue, 0);
		CHECK_EQ_INT(irq->dir, NT_Q_TX);
		CHECK_RATE(rates_irq_cpu(&a, &b, irq, 0, &_r), 40.0);
	}
	irq = fx_irq(&b, "virtio2-config");
	if (irq) {
		CHECK_EQ_INT(irq->dev, eth0);
		CHECK_EQ_INT(irq->queue, -1);
		CHECK_EQ_INT(irq->dir, NT_Q_OTHER);
	}
	/* other virtio devices: vsock (rx/tx!), block, balloon, input */
	irq = fx_irq(&b, "virtio3-rx");
	if (irq)
		CHECK_EQ_INT(irq->dev, -1);
	irq = fx_irq(&b, "virtio3-tx");
	if (irq)
		CHECK_EQ_INT(irq->dev, -1);
	irq = fx_irq(&b, "virtio1-req.0");
	if (irq)
		CHECK_EQ_INT(irq->dev, -1);
	irq = fx_irq(&b, "virtio0-stats");
	if (irq)
		CHECK_EQ_INT(irq->dev, -1);
	irq = fx_irq(&b, "ACPI:Ged"); /* two IRQs with that name: the first */
	if (irq) {
		CHECK_EQ_INT(irq->irq, 24);
		CHECK_STR(irq->chip, "IO-APIC 5-edge");
	}
}

static void t_devices(void)
{
	const struct nt_netdev *d = fx_dev(&b, "eth0");

	CHECK_EQ_INT(b.ndevs, 4);
	if (d) {
		CHECK_EQ_INT(d->kind, NT_DEV_PHYSICAL);
		CHECK(d->has_msi);
		CHECK_EQ_INT(d->n_irqs, 3);
		CHECK_EQ_INT(d->speed_mbps, -1);
		CHECK_EQ_INT(d->numa_node, -1);
		CHECK_EQ_INT(d->ifindex, 4);
		CHECK_STR(d->drv.driver, "virtio_net");
		CHECK_EQ_U64(d->ch.combined, 1);
		CHECK_EQ_U64(d->ch.combined_max, 1);
		CHECK_EQ_U64(d->ring.rx, 256);
		CHECK_EQ_U64(d->ring.rx_max, 256);
		CHECK(d->eee.err != 0);
		CHECK_EQ_U64(fx_ethstat(d, "rx0_kicks"), 136);
		CHECK_RATE(rates_ethstat(&a, &b, d, "tx_kicks", &_r), 40.0);
	}
	d = fx_dev(&b, "ifb0");
	if (d) {
		CHECK_EQ_INT(d->kind, NT_DEV_VIRTUAL);
		CHECK_STR(d->operstate, "down");
		CHECK(!d->has_msi);
		CHECK_EQ_INT(d->n_irqs, 0);
	}
	d = fx_dev(&b, "lo");
	if (d)
		CHECK_EQ_INT(d->kind, NT_DEV_LOOPBACK);
}

static void t_cpus(void)
{
	CHECK_EQ_INT(b.ncpus, 2);
	if (b.ncpus < 2)
		return;
	CHECK_EQ_INT(b.softnet_columns, 15);
	CHECK_EQ_U64(b.cpus[1].softnet.processed, 0x325 + 50);
	CHECK_RATE(rates_softnet(&a, &b, 1, NT_SN_PROCESSED, &_r), 10.0);
	CHECK_RATE(rates_net_rx(&a, &b, 1, &_r), 50.0);
	CHECK_EQ_INT(b.sysctl[NT_SYSCTL_NETDEV_BUDGET_USECS], 8000);
	CHECK_EQ_INT(b.tuners, 0);
	CHECK(cpuset_count(&b.nohz_full) == 0);
}

int main(void)
{
	snapshot_init(&a);
	snapshot_init(&b);
	if (fx_take("vm2-virtio/0000", &a) || fx_take("vm2-virtio/0001", &b)) {
		printf("Bail out! cannot sample vm2-virtio\n");
		return 1;
	}
	RUN(t_queues);
	RUN(t_devices);
	RUN(t_cpus);
	snapshot_free(&a);
	snapshot_free(&b);
	CHECK_DONE();
}
