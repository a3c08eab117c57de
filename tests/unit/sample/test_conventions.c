// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tests/fixtures/driver-conventions: how drivers name their IRQs and
 * statistics, each modelled on the driver's source (generate.py cites the
 * file): gve notify blocks, Azure MANA queues, i40e's Flow Director
 * vector and LPI status bits, gve's "name[N]" and be2net's "rxqN: name"
 * per-queue drop counters, a second "NIC statistics:" header.
 */
#include "fixture.h"

#include "ethtool/ethtool.h"

static struct nt_snapshot a, b;

static void check_irq(const struct nt_snapshot *s, unsigned int irqno, const char *dev,
		      enum nt_qdir dir, int queue)
{
	const struct nt_irq *irq = fx_irq_num(s, irqno);

	if (!irq) {
		printf("# no IRQ %u\n", irqno);
		check_failed++;
		return;
	}
	if (irq->dev < 0 || strcmp(s->devs[irq->dev].name, dev)) {
		printf("# IRQ %u (%s) is not %s's\n", irqno, irq->actions, dev);
		check_failed++;
	}
	if (irq->dir != dir || irq->queue != queue) {
		printf("# IRQ %u (%s): dir %d queue %d, expected dir %d queue %d\n", irqno,
		       irq->actions, irq->dir, irq->queue, dir, queue);
		check_failed++;
	}
}

/* gve: blocks 0-3 are TX queues 0-3, blocks 4-7 RX queues 0-3 (8 blocks). */
static void t_gve_blocks(void)
{
	for (int q = 0; q < 4; q++) {
		check_irq(&b, 40 + (unsigned int)q, "ens4", NT_Q_TX, q);
		check_irq(&b, 44 + (unsigned int)q, "ens4", NT_Q_RX, q);
	}
	check_irq(&b, 48, "ens4", NT_Q_OTHER, -1);
}

/* gve with 2 blocks: blk0 is TX 0, blk1 RX 0. */
static void t_gve_two_blocks(void)
{
	check_irq(&b, 50, "ens5", NT_Q_TX, 0);
	check_irq(&b, 51, "ens5", NT_Q_RX, 0);
	check_irq(&b, 52, "ens5", NT_Q_OTHER, -1);
}

static void t_mana(void)
{
	check_irq(&b, 60, "enP30832s1", NT_Q_OTHER, -1);
	for (int q = 0; q < 4; q++)
		check_irq(&b, 61 + (unsigned int)q, "enP30832s1", NT_Q_COMBINED, q);
}

/* i40e: four TxRx queues; misc and the Flow Director vector are not queues. */
static void t_i40e_fdir(void)
{
	for (int q = 0; q < 4; q++)
		check_irq(&b, 71 + (unsigned int)q, "eth0", NT_Q_COMBINED, q);
	check_irq(&b, 70, "eth0", NT_Q_OTHER, -1);
	check_irq(&b, 75, "eth0", NT_Q_OTHER, -1);
}

static void t_be2net_irqs(void)
{
	for (int q = 0; q < 4; q++)
		check_irq(&b, 80 + (unsigned int)q, "eth1", NT_Q_COMBINED, q);
}

/* gve per-queue rx_queue_drop_cnt[N]: 5+10+15+10 = 40 a second; the
 * rx_no_buffers_posted[N] beside them are not added to them. */
static void t_gve_discards(void)
{
	const struct nt_netdev *d = fx_dev(&b, "ens4");
	struct nt_ethstat_summary sum;
	uint64_t q2 = 0;

	if (!d)
		return;
	ethtool_stat_summarize(d, &sum);
	CHECK(sum.has_discards);
	CHECK_EQ_U64(sum.discards, 105 + 210 + 315 + 410);
	CHECK_RATE(rates_ring_discards(&a, &b, d, &_r), 40);
	CHECK(ethtool_stat_queue_discards(d, 2, &q2));
	CHECK_EQ_U64(q2, 315);
	CHECK_EQ_INT(ethtool_stat_classify("rx_queue_drop_cnt[3]", &(int){ 0 }),
		     NT_STAT_RX_DISCARD);
	d = fx_dev(&b, "ens5");
	if (d)
		CHECK_RATE(rates_ring_discards(&a, &b, d, &_r), 0);
}

static void t_mana_discards(void)
{
	const struct nt_netdev *d = fx_dev(&b, "enP30832s1");

	if (d)
		CHECK_RATE(rates_ring_discards(&a, &b, d, &_r), 25);
}

/* be2net "rxqN: rx_drops_no_frags": 2+4+6+0 = 12 a second. */
static void t_be2net_discards(void)
{
	const struct nt_netdev *d = fx_dev(&b, "eth1");
	uint64_t q1 = 0;
	int q = -1;

	if (!d)
		return;
	CHECK_RATE(rates_ring_discards(&a, &b, d, &_r), 12);
	CHECK(ethtool_stat_queue_discards(d, 1, &q1));
	CHECK_EQ_U64(q1, 24);
	CHECK_EQ_INT(ethtool_stat_classify("rxq3: rx_drops_no_frags", &q), NT_STAT_RX_DISCARD);
	CHECK_EQ_INT(q, 3);
}

/*
 * i40e: the LPI counters are port.*_lpi_count; the status bits beside
 * them (1 -> 0 here) are not counted, so the totals are exact and do not
 * go down. The second "NIC statistics:" header does not end the list.
 */
static void t_i40e_stats(void)
{
	const struct nt_netdev *d = fx_dev(&b, "eth0"), *d0 = fx_dev(&a, "eth0");
	struct nt_ethstat_summary s0, s1;
	int q;

	if (!d || !d0)
		return;
	CHECK_EQ_INT(d->n_stats, 43);
	CHECK_EQ_U64(fx_ethstat(d, "port.rx_lpi_count"), 40250);
	ethtool_stat_summarize(d0, &s0);
	ethtool_stat_summarize(d, &s1);
	CHECK(s1.has_lpi_tx && s1.has_lpi_rx);
	CHECK_EQ_U64(s0.lpi_tx, 50000);
	CHECK_EQ_U64(s1.lpi_tx, 50300);
	CHECK_EQ_U64(s0.lpi_rx, 40000);
	CHECK_EQ_U64(s1.lpi_rx, 40250);
	CHECK_EQ_INT(ethtool_stat_classify("port.tx_lpi_status", &q), NT_STAT_OTHER);
	CHECK_EQ_INT(ethtool_stat_classify("port.tx_lpi_count", &q), NT_STAT_LPI_TX);
}

int main(void)
{
	snapshot_init(&a);
	snapshot_init(&b);
	if (fx_take("driver-conventions/0000", &a) || fx_take("driver-conventions/0001", &b))
		CHECK_DONE();
	RUN(t_gve_blocks);
	RUN(t_gve_two_blocks);
	RUN(t_mana);
	RUN(t_i40e_fdir);
	RUN(t_be2net_irqs);
	RUN(t_gve_discards);
	RUN(t_mana_discards);
	RUN(t_be2net_discards);
	RUN(t_i40e_stats);
	snapshot_free(&a);
	snapshot_free(&b);
	CHECK_DONE();
}
