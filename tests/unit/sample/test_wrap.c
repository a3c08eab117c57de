// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tests/fixtures/wrap: two snapshots 2 s apart of a 2-CPU 5.15 host where
 * 32-bit counters wrapped (softnet_stat, /proc/interrupts, /proc/softirqs)
 * and 64-bit ones went backwards (a driver reset) or belong to a device
 * that was re-created (new ifindex).
 */
#include "fixture.h"

static struct nt_snapshot a, b;

static void t_softnet_wrap(void)
{
	CHECK_NEAR(rates_interval(&a, &b), 2.0, 1e-9);
	CHECK_EQ_INT(b.ncpus, 2);
	if (a.ncpus < 1 || b.ncpus < 1)
		return;
	CHECK_EQ_U64(a.cpus[0].softnet.processed, 0xfffffff0u);
	CHECK_EQ_U64(b.cpus[0].softnet.processed, 0x00000010u);
	/* 0xfffffff0 -> 0x10 is 0x20 packets in 2 s */
	CHECK_RATE(rates_softnet(&a, &b, 0, NT_SN_PROCESSED, &_r), 16.0);
	/* 0xffffffff -> 4 is 5 squeezes */
	CHECK_RATE(rates_softnet(&a, &b, 1, NT_SN_TIME_SQUEEZE, &_r), 2.5);
	CHECK_RATE(rates_softnet(&a, &b, 1, NT_SN_PROCESSED, &_r), 200.0);
	CHECK_RATE(rates_softnet(&a, &b, 0, NT_SN_TIME_SQUEEZE, &_r), 0.0);
}

static void t_irq_wrap(void)
{
	int eth0 = fx_devi(&b, "eth0");
	const struct nt_irq *irq = fx_irq(&b, "eth0-rx-0");

	if (irq) {
		CHECK_EQ_INT(irq->irq, 30);
		CHECK_EQ_INT(irq->dev, eth0);
		CHECK_EQ_INT(irq->queue, 0);
		CHECK_EQ_INT(irq->dir, NT_Q_RX);
		CHECK_STR(irq->chip, "PCI-MSI 524289-edge");
		CHECK_EQ_U64(fx_count(&b, irq, 1), 0x10);
		CHECK_RATE(rates_irq_cpu(&a, &b, irq, 1, &_r), 16.0);
		CHECK_RATE(rates_irq_cpu(&a, &b, irq, 0, &_r), 0.0);
	}
	irq = fx_irq(&b, "eth0-tx-0");
	if (irq) {
		CHECK_EQ_INT(irq->dev, eth0);
		CHECK_EQ_INT(irq->queue, 0);
		CHECK_EQ_INT(irq->dir, NT_Q_TX);
		CHECK_RATE(rates_irq_cpu(&a, &b, irq, 0, &_r), 30.0);
	}
	irq = fx_irq(&b, "eth0");
	if (irq) {
		CHECK_EQ_INT(irq->dev, eth0);
		CHECK_EQ_INT(irq->queue, -1);
	}
	/* 4294967000 -> 704 is 1000 NET_RX softirqs */
	CHECK_RATE(rates_net_rx(&a, &b, 1, &_r), 500.0);
	CHECK_RATE(rates_net_rx(&a, &b, 0, &_r), 300.0);
}

static void t_reset64(void)
{
	const struct nt_netdev *d = fx_dev(&b, "eth0");

	if (d) {
		CHECK(rates_netdev_match(&a, d) != NULL);
		CHECK_EQ_U64(d->ifstat[NT_IFS_RX_DROPPED], 17);
		/* 123456 -> 17: a reset, not a huge or negative rate */
		CHECK_NO_RATE(rates_ifstat(&a, &b, d, NT_IFS_RX_DROPPED, &_r));
		CHECK_RATE(rates_ifstat(&a, &b, d, NT_IFS_RX_PACKETS, &_r), 10000.0);
		CHECK_NO_RATE(rates_ethstat(&a, &b, d, "rx_queue_0_drops", &_r));
		CHECK_RATE(rates_ethstat(&a, &b, d, "rx_packets", &_r), 10000.0);
		CHECK_NO_RATE(rates_ethstat(&a, &b, d, "no_such_counter", &_r));
		CHECK_EQ_INT(d->n_irqs, 3);
		CHECK_STR(d->drv.driver, "igb");
		CHECK_EQ_U64(d->ring.rx, 256);
		CHECK_EQ_U64(d->ring.rx_max, 4096);
		CHECK_EQ_U64(d->ch.combined, 1);
		CHECK_EQ_U64(d->ch.combined_max, 2);
		CHECK_EQ_U64(d->ch.other, 1);
		CHECK_EQ_INT(d->eee.err, -ENOENT); /* not captured */
	}
	/* veth0 was re-created (ifindex 9 -> 14): not the same device */
	d = fx_dev(&b, "veth0");
	if (d) {
		CHECK_EQ_INT(d->ifindex, 14);
		CHECK(rates_netdev_match(&a, d) == NULL);
		CHECK_NO_RATE(rates_ifstat(&a, &b, d, NT_IFS_RX_PACKETS, &_r));
	}
	CHECK_RATE(rates_tcp(&a, &b, NT_TCP_OUT_SEGS, &_r), 1200.0);
	CHECK_RATE(rates_tcp(&a, &b, NT_TCP_TIMEOUTS, &_r), 0.5);
	CHECK_RATE(rates_softirq_share(&a, &b, 1, &_r), 10.0 / 200.0);
}

/* Rates need a forward interval: none for a pair given backwards. */
static void t_backwards_pair(void)
{
	CHECK(rates_interval(&b, &a) <= 0);
	CHECK_NO_RATE(rates_softnet(&b, &a, 1, NT_SN_PROCESSED, &_r));
	CHECK_NO_RATE(rates_tcp(&b, &a, NT_TCP_OUT_SEGS, &_r));
}

int main(void)
{
	snapshot_init(&a);
	snapshot_init(&b);
	if (fx_take("wrap/0000", &a) || fx_take("wrap/0001", &b)) {
		printf("Bail out! cannot sample wrap\n");
		return 1;
	}
	RUN(t_softnet_wrap);
	RUN(t_irq_wrap);
	RUN(t_reset64);
	RUN(t_backwards_pair);
	snapshot_free(&a);
	snapshot_free(&b);
	CHECK_DONE();
}
