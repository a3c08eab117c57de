// SPDX-License-Identifier: GPL-2.0-or-later
/* Driver statistic names: classification, queue numbers and the summary. */
#include "check.h"

#include <stdbool.h>
#include <string.h>

#include "ethtool/ethtool.h"

static void expect(const char *name, enum nt_statkind kind, int queue)
{
	int q = -2;
	enum nt_statkind k = ethtool_stat_classify(name, &q);

	if (k != kind || q != queue) {
		printf("# %s: kind %d queue %d, expected kind %d queue %d\n", name, k, q, kind,
		       queue);
		check_failed++;
	}
}

static void test_discards(void)
{
	expect("rx_discards", NT_STAT_RX_DISCARD, -1);
	expect("[3]: rx_discards", NT_STAT_RX_DISCARD, 3);
	expect("[12]: rx_discards", NT_STAT_RX_DISCARD, 12);
	expect("rx_total_discard_pkts", NT_STAT_RX_DISCARD, -1);
	expect("rx_total_ring_discards", NT_STAT_RX_DISCARD, -1);
	expect("rx_missed_errors", NT_STAT_RX_DISCARD, -1);
	expect("rx_no_dma_resources", NT_STAT_RX_DISCARD, -1);
	expect("rx_no_buffer_count", NT_STAT_RX_DISCARD, -1);
	expect("rx_out_of_buffer", NT_STAT_RX_DISCARD, -1);
	expect("rx_fifo_errors", NT_STAT_RX_DISCARD, -1);
	expect("port.rx_dropped", NT_STAT_RX_DISCARD, -1);
	expect("port.rx_discards", NT_STAT_RX_DISCARD, -1);
	expect("rx_dropped.nic", NT_STAT_RX_DISCARD, -1);
	expect("rx_missed_cntr", NT_STAT_RX_DISCARD, -1);
	expect("mmc_rx_fifo_overflow", NT_STAT_RX_DISCARD, -1);
}

static void test_not_discards(void)
{
	expect("rx_dropped", NT_STAT_OTHER, -1);
	expect("rx_drops", NT_STAT_OTHER, -1);
	expect("[3]: rx_drops", NT_STAT_OTHER, 3);
	expect("rx_queue_3_drops", NT_STAT_OTHER, 3);
	expect("rx3_drops", NT_STAT_OTHER, 3);
	expect("rx0_buff_alloc_err", NT_STAT_OTHER, 0);
	expect("rx_buff_alloc_err", NT_STAT_OTHER, -1);
	expect("rx_discards_phy", NT_STAT_OTHER, -1);
	expect("rx_stat_discard", NT_STAT_OTHER, -1);
	expect("tx_discards", NT_STAT_OTHER, -1);
	expect("[0]: tx_discards", NT_STAT_OTHER, 0);
	expect("rx_bytes", NT_STAT_OTHER, -1);
	expect("", NT_STAT_OTHER, -1);
}

static void test_queue_spellings(void)
{
	expect("rx_queue_15_packets", NT_STAT_OTHER, 15);
	expect("tx_queue_0_xdp_xmit", NT_STAT_OTHER, 0);
	expect("rx-3.drops", NT_STAT_OTHER, 3);
	expect("tx-7.packets", NT_STAT_OTHER, 7);
	expect("queue_3_rx_cnt", NT_STAT_OTHER, 3);
	expect("queue_0_tx_queue_stop", NT_STAT_OTHER, 0);
	expect("q2_rx_pkt_n", NT_STAT_OTHER, 2);
	expect("rxq5_packets", NT_STAT_OTHER, 5);
	expect("tx12_packets", NT_STAT_OTHER, 12);
	/* sizes and plain names are no queues */
	expect("rx_1024_to_1518_bytes", NT_STAT_OTHER, -1);
	expect("rx_64b_frames", NT_STAT_OTHER, -1);
	expect("queue_stop", NT_STAT_OTHER, -1);
	expect("[x]: rx_discards", NT_STAT_OTHER, -1);
	/* a NULL queue pointer is allowed */
	CHECK_EQ_INT(ethtool_stat_classify("[1]: rx_discards", NULL), NT_STAT_RX_DISCARD);
}

static void test_lpi(void)
{
	expect("irq_tx_path_in_lpi_mode_n", NT_STAT_LPI_TX, -1);
	expect("irq_rx_path_in_lpi_mode_n", NT_STAT_LPI_RX, -1);
	expect("irq_transmitted_path_in_lpi_mode_n", NT_STAT_LPI_TX, -1);
	expect("irq_received_path_in_lpi_mode_n", NT_STAT_LPI_RX, -1);
	expect("tx_lpi_counter", NT_STAT_LPI_TX, -1);
	expect("rx_lpi_counter", NT_STAT_LPI_RX, -1);
	expect("tx_eee_lpi_events", NT_STAT_LPI_TX, -1);
	expect("rx_eee_lpi_events", NT_STAT_LPI_RX, -1);
	/* exits pair with the entries */
	expect("irq_tx_path_exit_lpi_mode_n", NT_STAT_OTHER, -1);
	expect("irq_rx_path_exit_lpi_mode_n", NT_STAT_OTHER, -1);
	expect("tx_eee_lpi_duration", NT_STAT_OTHER, -1);
	/* drivers not in the table: entry counters guessed from the name */
	expect("tx_lpi_transitions", NT_STAT_LPI_TX, -1);
	expect("lpi_rx_entries", NT_STAT_LPI_RX, -1);
	expect("tx_lpi_timer_usecs", NT_STAT_OTHER, -1);
	expect("lpi_exit_tx_count", NT_STAT_OTHER, -1);
}

/* ---- summaries ------------------------------------------------------------- */

static struct nt_ethstat_summary summary_of(const struct nt_ethstat *st, size_t n)
{
	struct nt_netdev d = { 0 };
	struct nt_ethstat_summary s;

	d.stats = (struct nt_ethstat *)st;
	d.n_stats = n;
	d.stats_cap = n;
	memset(&s, 0xa5, sizeof(s));
	ethtool_stat_summarize(&d, &s);
	return s;
}

/* Summary of a list of statistics written inline as compound literals. */
#define SUMMARY(...)                                           \
	summary_of((const struct nt_ethstat[]){ __VA_ARGS__ }, \
		   sizeof((const struct nt_ethstat[]){ __VA_ARGS__ }) / sizeof(struct nt_ethstat))

static void test_total_preferred(void)
{
	struct nt_ethstat_summary s = SUMMARY({ "[0]: rx_discards", 10 },
					      { "[1]: rx_discards", 20 }, { "rx_discards", 100 });

	CHECK(s.has_discards);
	CHECK_EQ_U64(s.discards, 100);
}

static void test_queue_sum(void)
{
	struct nt_ethstat_summary s = SUMMARY({ "[0]: rx_discards", 10 }, { "[0]: rx_drops", 99 },
					      { "[1]: rx_discards", 20 }, { "[2]: rx_discards", 5 },
					      { "rx_stat_discard", 1000 });

	CHECK(s.has_discards);
	CHECK_EQ_U64(s.discards, 35);
}

/* bnxt spellings of one sum: the largest, not twice */
static void test_group_max(void)
{
	struct nt_ethstat_summary s = SUMMARY(
		{ "rx_discards", 50 }, { "rx_total_discard_pkts", 52 }, { "[0]: rx_discards", 52 });

	CHECK_EQ_U64(s.discards, 52);
}

/* igb: MPC + RQDPC sum; RNBC and the per-queue drops are not added again */
static void test_igb(void)
{
	struct nt_ethstat_summary s = SUMMARY(
		{ "rx_no_buffer_count", 9 }, { "rx_missed_errors", 3 }, { "rx_fifo_errors", 4 },
		{ "rx_queue_0_drops", 2 }, { "rx_queue_1_drops", 2 }, { "rx_dropped", 70 });

	CHECK(s.has_discards);
	CHECK_EQ_U64(s.discards, 7);
}

static void test_weak_only(void)
{
	struct nt_ethstat_summary s = SUMMARY({ "rx_no_buffer_count", 9 }, { "rx_bytes", 1 });

	CHECK(s.has_discards);
	CHECK_EQ_U64(s.discards, 9);
}

static void test_none(void)
{
	struct nt_netdev d = { 0 };
	struct nt_ethstat_summary s;
	struct nt_ethstat_summary v = SUMMARY({ "rx_drops", 4 }, { "rx0_drops", 4 });

	CHECK(!v.has_discards);
	CHECK_EQ_U64(v.discards, 0);
	CHECK(!v.has_lpi_tx && !v.has_lpi_rx);
	CHECK_EQ_U64(v.lpi_tx, 0);

	memset(&s, 0xa5, sizeof(s));
	ethtool_stat_summarize(&d, &s);
	CHECK(!s.has_discards && !s.has_lpi_tx && !s.has_lpi_rx);
	CHECK_EQ_U64(s.discards + s.lpi_tx + s.lpi_rx, 0);
}

static void test_lpi_summary(void)
{
	struct nt_ethstat_summary s = SUMMARY(
		{ "irq_tx_path_in_lpi_mode_n", 182339 }, { "irq_tx_path_exit_lpi_mode_n", 182338 },
		{ "irq_rx_path_in_lpi_mode_n", 91207 }, { "irq_rx_path_exit_lpi_mode_n", 91206 });

	CHECK(s.has_lpi_tx && s.has_lpi_rx);
	CHECK_EQ_U64(s.lpi_tx, 182339);
	CHECK_EQ_U64(s.lpi_rx, 91207);
	CHECK(!s.has_discards);

	s = SUMMARY({ "tx_lpi_counter", 12 });
	CHECK(s.has_lpi_tx && !s.has_lpi_rx);
	CHECK_EQ_U64(s.lpi_tx, 12);
}

int main(void)
{
	RUN(test_discards);
	RUN(test_not_discards);
	RUN(test_queue_spellings);
	RUN(test_lpi);
	RUN(test_total_preferred);
	RUN(test_queue_sum);
	RUN(test_group_max);
	RUN(test_igb);
	RUN(test_weak_only);
	RUN(test_none);
	RUN(test_lpi_summary);
	CHECK_DONE();
}
