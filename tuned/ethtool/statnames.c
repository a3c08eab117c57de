// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * What a driver statistic means, judged by its name. Drivers name their
 * counters freely, so this is a table of the spellings read in driver
 * sources, one comment per entry saying whose it is and why it belongs.
 *
 * Per-queue spellings are first reduced to a base name with the queue
 * number taken out ("[3]: rx_discards" -> "rx_discards", queue 3;
 * "rx_queue_3_drops" -> "rx_drops"), then the base name is looked up.
 */
#include "ethtool_int.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "util/cleanup.h"

/*
 * Counts events rather than lost packets and overlaps the primary
 * counters: used only when a device has none of those.
 */
#define SN_SECONDARY 0x1

/*
 * Names of one counter: a driver's total under its spellings across
 * versions. Within a group the summary takes the largest, not the sum, so
 * a driver printing two of them is not counted twice.
 */
enum sn_group {
	G_OWN = 0,
	G_BNXT_RING_SUM,
	G_PORT_RDPC,
	G_STMMAC_OVERFLOW,
	G_COUNT
};

struct statname {
	const char *name;
	enum nt_statkind kind;
	unsigned int flags;
	enum sn_group group;
};

static const struct statname statnames[] = {
	/*
	 * RX ring overflow: the NIC had a packet and no free RX descriptor.
	 * rtnl_link_stats64 calls this rx_missed_errors ("dropped by the
	 * device due to lack of buffer space") and keeps it out of
	 * rx_dropped, which drivers use for drops in software.
	 */

	/* bnxt_en per ring "[N]: rx_discards" (hw rx_discard_pkts, no buffer);
	 * a device total in Broadcom's out-of-tree bnxt_en; tg3 MAC counter. */
	{ "rx_discards", NT_STAT_RX_DISCARD, 0, G_BNXT_RING_SUM },
	/* bnxt_en (4.x-6.5): sum of the per-ring rx_discard_pkts. */
	{ "rx_total_discard_pkts", NT_STAT_RX_DISCARD, 0, G_BNXT_RING_SUM },
	/* bnxt_en (6.6+): the same sum, renamed with the ring error stats. */
	{ "rx_total_ring_discards", NT_STAT_RX_DISCARD, 0, G_BNXT_RING_SUM },
	/* ixgbe, igb, e1000e: MPC, missed for a full RX FIFO; i40e since
	 * "i40e: Add rx_missed_errors for buffer exhaustion" (2024): GLV_RDPC,
	 * the VSI's no-descriptor drops. */
	{ "rx_missed_errors", NT_STAT_RX_DISCARD, 0, G_OWN },
	/* ixgbe: QPRDC, dropped for no descriptor on a drop-enabled queue
	 * (multi-queue without flow control), not counted in MPC. */
	{ "rx_no_dma_resources", NT_STAT_RX_DISCARD, 0, G_OWN },
	/* igb: sum of RQDPC, the per-queue no-descriptor drops (the same
	 * drops as its rx_queue_N_drops); netdev FIFO overruns elsewhere. */
	{ "rx_fifo_errors", NT_STAT_RX_DISCARD, 0, G_OWN },
	/* mlx5: q-counter out_of_buffer, no receive WQE posted. */
	{ "rx_out_of_buffer", NT_STAT_RX_DISCARD, 0, G_OWN },
	/* i40e: GLPRT_RDPC, port receive drops ("port.rx_dropped", renamed
	 * "port.rx_discards" by that same change). */
	{ "port.rx_dropped", NT_STAT_RX_DISCARD, 0, G_PORT_RDPC },
	{ "port.rx_discards", NT_STAT_RX_DISCARD, 0, G_PORT_RDPC },
	/* ice: GLPRT_RDPC, the same port counter. */
	{ "rx_dropped.nic", NT_STAT_RX_DISCARD, 0, G_OWN },
	/* Azure MANA (mana_ethtool.c): the vPort's rx_discards_nowqe
	 * (mana_en.c, mana_query_gf_stats()), packets with no receive WQE
	 * posted, i.e. no free RX buffer. */
	{ "hc_rx_discards_no_wqe", NT_STAT_RX_DISCARD, 0, G_OWN },
	/* stmmac: DMA missed-frame counter, host RX buffer unavailable. */
	{ "rx_missed_cntr", NT_STAT_RX_DISCARD, 0, G_OWN },
	/* stmmac: frames lost to RX FIFO overflow (same DMA register). */
	{ "rx_overflow_cntr", NT_STAT_RX_DISCARD, 0, G_STMMAC_OVERFLOW },
	/* stmmac on GMAC cores, whose DMA counters above stay 0: the MMC
	 * count of frames lost to RX FIFO overflow, which is where frames end
	 * when the RX DMA has no descriptor to fill. The same frames as
	 * rx_overflow_cntr where both count, hence one group. */
	{ "mmc_rx_fifo_overflow", NT_STAT_RX_DISCARD, 0, G_STMMAC_OVERFLOW },
	/* igb, e1000e, ixgbe (82598): RNBC counts frames that found no free
	 * descriptor; the frame may still wait in the FIFO, and if it is lost
	 * MPC counts it too. */
	{ "rx_no_buffer_count", NT_STAT_RX_DISCARD, SN_SECONDARY, G_OWN },
	/* stmmac: "RX buffer unavailable" interrupts, an event count. */
	{ "rx_buf_unav_irq", NT_STAT_RX_DISCARD, SN_SECONDARY, G_OWN },
	/* gve (gve_ethtool.c, per queue "rx_queue_drop_cnt[N]"): the NIC's
	 * RX_QUEUE_DROP_CNT report (gve_adminq.h), packets the device dropped
	 * at that RX queue. */
	{ "rx_queue_drop_cnt", NT_STAT_RX_DISCARD, 0, G_OWN },
	/* gve, per queue "rx_no_buffers_posted[N]": the NIC's
	 * RX_NO_BUFFERS_POSTED report, the queue found no buffer posted by
	 * the driver. The same starvation as rx_queue_drop_cnt seen from the
	 * buffers' side, so only used without it. */
	{ "rx_no_buffers_posted", NT_STAT_RX_DISCARD, SN_SECONDARY, G_OWN },
	/* be2net (be_ethtool.c, per queue "rxqN: rx_drops_no_frags"): "packets
	 * dropped due to lack of available fetched buffers posted by the
	 * driver", the ring ran empty. */
	{ "rx_drops_no_frags", NT_STAT_RX_DISCARD, 0, G_OWN },

	/*
	 * Left out on purpose:
	 *  rx_dropped        software drops by rtnl_link_stats64's definition
	 *                    (i40e since 2024: the VSI's "other" discards);
	 *  rx_drops          virtio_net and veth drops in the driver; bnxt_en
	 *                    "[N]: rx_drops" counts error packets;
	 *  rx_queue_N_drops  igb's per-queue RQDPC is summed in rx_fifo_errors,
	 *                    and the same spelling is software drops in veth
	 *                    and old virtio_net;
	 *  rxN_buff_alloc_err  mlx5 page allocation failure: the packets it
	 *                    costs show up in rx_out_of_buffer;
	 *  rx_discards_phy   mlx5 port buffer overflow, not the ring;
	 *  rx_stat_discard   bnxt_en port-level counter, not the rings;
	 *  rx_total_oom_discards  bnxt_en allocation failure;
	 *  queue_N_rx_refil_partial  ena refill shortfall, not a drop (ena
	 *                    shows device drops only in rtnl stats).
	 */

	/* EEE: entries into TX/RX low power idle. The exit counters pair with
	 * these and would double the figure. */

	/* stmmac (dwmac, dwxgmac): LPI entry interrupts. */
	{ "irq_tx_path_in_lpi_mode_n", NT_STAT_LPI_TX, 0, G_OWN },
	{ "irq_rx_path_in_lpi_mode_n", NT_STAT_LPI_RX, 0, G_OWN },
	/* Spelling in the st_gmac vendor-kernel captures the project was
	 * given; mainline stmmac does not have it. */
	{ "irq_transmitted_path_in_lpi_mode_n", NT_STAT_LPI_TX, 0, G_OWN },
	{ "irq_received_path_in_lpi_mode_n", NT_STAT_LPI_RX, 0, G_OWN },
	/* igc: TLPIC/RLPIC, LPI entries counted by the MAC. */
	{ "tx_lpi_counter", NT_STAT_LPI_TX, 0, G_OWN },
	{ "rx_lpi_counter", NT_STAT_LPI_RX, 0, G_OWN },
	/* bnxt_en port statistics. */
	{ "tx_eee_lpi_events", NT_STAT_LPI_TX, 0, G_OWN },
	{ "rx_eee_lpi_events", NT_STAT_LPI_RX, 0, G_OWN },
	/* i40e (i40e_main.c, i40e_update_pf_stats()): PRTPM_TLPIC and
	 * PRTPM_RLPIC, the port's LPI entry counters. Its port.tx_lpi_status
	 * and port.rx_lpi_status beside them are one status bit each
	 * (PRTPM_EEE_STAT), not counters, and are never counted. */
	{ "port.tx_lpi_count", NT_STAT_LPI_TX, 0, G_OWN },
	{ "port.rx_lpi_count", NT_STAT_LPI_RX, 0, G_OWN },
};

/* ---- per-queue spellings -------------------------------------------------- */

/* Decimal at *p (at least one digit); advances *p. */
static bool take_num(const char **p, int *n)
{
	long v = 0;

	if (!isdigit((unsigned char)**p))
		return false;
	while (isdigit((unsigned char)**p)) {
		if (v < 1000000)
			v = v * 10 + (**p - '0');
		(*p)++;
	}
	*n = (int)v;
	return true;
}

static bool take(const char **p, const char *lit)
{
	size_t n = strlen(lit);

	if (strncmp(*p, lit, n))
		return false;
	*p += n;
	return true;
}

/* "[3]: rx_discards" (bnxt_en). */
static bool q_bracket(const char *name, int *q, const char **rest)
{
	const char *p = name;

	if (!take(&p, "[") || !take_num(&p, q) || !take(&p, "]:"))
		return false;
	while (*p == ' ')
		p++;
	*rest = p;
	return true;
}

/* "rx_queue_3_drops" (igb, ixgbe, veth), "rx-3.packets" (i40e),
 * "rxq3_..." , "rx3_drops" (virtio_net 6.x, mlx5), "rxq3: rx_drops_no_frags"
 * (be2net, be_ethtool.c "rxq%d: %s"): dir + number + sep. */
static bool q_prefix(const char *name, const char **dir, int *q, const char **rest)
{
	static const char *const forms[][2] = {
		{ "rx_queue_", "_" }, { "tx_queue_", "_" }, { "rx-", "." },  { "tx-", "." },
		{ "rxq", "_" },       { "txq", "_" },       { "rxq", ": " }, { "txq", ": " },
		{ "rx", "_" },        { "tx", "_" },
	};

	for (size_t i = 0; i < NT_ARRAY_SIZE(forms); i++) {
		const char *p = name;

		if (take(&p, forms[i][0]) && take_num(&p, q) && take(&p, forms[i][1])) {
			/* be2net's name after "rxqN: " carries its own direction */
			if (forms[i][1][0] == ':')
				*dir = "";
			else
				*dir = forms[i][0][0] == 'r' ? "rx_" : "tx_";
			*rest = p;
			return true;
		}
	}
	return false;
}

/* "rx_queue_drop_cnt[3]" (gve, gve_ethtool.c "%s[%u]"): number last. */
static bool q_suffix(const char *name, char *base, size_t size, int *q)
{
	size_t n = strlen(name), open;
	const char *p;

	if (n < 4 || name[n - 1] != ']')
		return false;
	open = n - 1;
	while (open && isdigit((unsigned char)name[open - 1]))
		open--;
	if (!open || open == n - 1 || name[open - 1] != '[')
		return false;
	p = name + open;
	if (!take_num(&p, q) || open - 1 >= size)
		return false;
	memcpy(base, name, open - 1);
	base[open - 1] = '\0';
	return true;
}

/* "queue_3_rx_cnt" (ena), "q3_rx_pkt_n" (stmmac): queue first, then dir. */
static bool q_first(const char *name, const char **dir, int *q, const char **rest)
{
	const char *p = name;

	if ((!take(&p, "queue_") && !take(&p, "q")) || !take_num(&p, q) || !take(&p, "_"))
		return false;
	if (strncmp(p, "rx_", 3) && strncmp(p, "tx_", 3))
		return false;
	*dir = "";
	*rest = p;
	return true;
}

/* Writes the base name of @name to @base; returns the queue or -1. */
static int base_name(const char *name, char *base, size_t size)
{
	const char *dir = "", *rest;
	int q;

	if (q_bracket(name, &q, &rest) || q_prefix(name, &dir, &q, &rest) ||
	    q_first(name, &dir, &q, &rest)) {
		snprintf(base, size, "%s%s", dir, rest);
		return q;
	}
	if (q_suffix(name, base, size, &q))
		return q;
	snprintf(base, size, "%s", name);
	return -1;
}

/*
 * Stat strings live in ETH_GSTRING_LEN (32) byte fields. A longer name is
 * cut: to 32 characters by drivers that memcpy a char[32] initialised
 * from a longer literal (stmmac's "irq_transmitted_path_in_lpi_mode_n"
 * arrives as "irq_transmitted_path_in_lpi_mode"), to 31 by those that use
 * ethtool_sprintf(). A name of 31 or more characters that starts a longer
 * table name is that name, cut.
 */
static bool same_stat(const char *seen, const char *known)
{
	size_t n = strlen(seen);

	if (!strcmp(seen, known))
		return true;
	return n >= NT_ETH_GSTRING_LEN - 1 && strlen(known) > n && !strncmp(seen, known, n);
}

/*
 * A driver not in the table that still counts low-power-idle entries
 * ("tx_lpi_transitions", "lpi_tx_entries"): a name with "lpi" and a
 * direction, but not an exit counter or a timer setting. Used only when
 * the device has no counter from the table (SN_SECONDARY).
 */
static const struct statname lpi_guess[] = {
	{ "(lpi tx)", NT_STAT_LPI_TX, SN_SECONDARY, G_OWN },
	{ "(lpi rx)", NT_STAT_LPI_RX, SN_SECONDARY, G_OWN },
};

static const struct statname *guess_lpi(const char *base)
{
	if (!strstr(base, "lpi") || strstr(base, "exit") || strstr(base, "time") ||
	    strstr(base, "duration") || strstr(base, "usec") || strstr(base, "status"))
		return NULL;
	if (strstr(base, "tx"))
		return &lpi_guess[0];
	if (strstr(base, "rx"))
		return &lpi_guess[1];
	return NULL;
}

static const struct statname *lookup(const char *name, int *queue)
{
	char base[NT_ETH_GSTRING_LEN + 8];

	*queue = base_name(name, base, sizeof(base));
	for (size_t i = 0; i < NT_ARRAY_SIZE(statnames); i++)
		if (same_stat(base, statnames[i].name))
			return &statnames[i];
	return guess_lpi(base);
}

enum nt_statkind ethtool_stat_classify(const char *name, int *queue)
{
	int q;
	const struct statname *s = lookup(name, &q);

	if (queue)
		*queue = q;
	return s ? s->kind : NT_STAT_OTHER;
}

/* ---- summary -------------------------------------------------------------- */

/* Sums by strength; the summary takes the first of these that exists. */
struct tally {
	bool has_total, has_queue, has_weak;
	bool overflow; /* a sum passed 2^64: values that cannot be */
	uint64_t total, queue, weak;
	uint64_t group_max[G_COUNT];
};

static void add_sat(uint64_t *sum, uint64_t v, bool *overflow)
{
	if (*sum > UINT64_MAX - v)
		*overflow = true;
	else
		*sum += v;
}

static void tally_add(struct tally *t, const struct statname *s, int q, uint64_t v)
{
	if (s->flags & SN_SECONDARY) {
		t->has_weak = true;
		add_sat(&t->weak, v, &t->overflow);
	} else if (q >= 0) {
		t->has_queue = true;
		add_sat(&t->queue, v, &t->overflow);
	} else if (s->group != G_OWN) {
		t->has_total = true;
		if (v > t->group_max[s->group])
			t->group_max[s->group] = v;
	} else {
		t->has_total = true;
		add_sat(&t->total, v, &t->overflow);
	}
}

/*
 * A device total line wins over the per-queue lines (bnxt_en prints both):
 * it is the driver's own sum, and the queues printed need not cover all it
 * counts (rings gone after a channel change, queues not printed at all).
 * A sum past 2^64 has no value.
 */
static bool tally_result(const struct tally *t, uint64_t *v)
{
	bool overflow = t->overflow;

	if (t->has_total) {
		*v = t->total;
		for (int g = G_OWN + 1; g < G_COUNT; g++)
			add_sat(v, t->group_max[g], &overflow);
	} else if (t->has_queue) {
		*v = t->queue;
	} else if (t->has_weak) {
		*v = t->weak;
	} else {
		return false;
	}
	return !overflow;
}

/* A statistic of this kind was unreadable: the kind's figure is too. */
static bool kind_readable(const struct nt_netdev *d, enum nt_statkind k)
{
	return !(d->stats_unreadable_kinds & (1u << k));
}

void ethtool_stat_summarize(const struct nt_netdev *d, struct nt_ethstat_summary *out)
{
	struct tally t[NT_STAT_LPI_RX + 1] = { 0 };

	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < d->n_stats; i++) {
		int q;
		const struct statname *s = lookup(d->stats[i].name, &q);

		if (s)
			tally_add(&t[s->kind], s, q, d->stats[i].value);
	}
	out->has_discards = tally_result(&t[NT_STAT_RX_DISCARD], &out->discards) &&
			    kind_readable(d, NT_STAT_RX_DISCARD);
	out->has_lpi_tx =
		tally_result(&t[NT_STAT_LPI_TX], &out->lpi_tx) && kind_readable(d, NT_STAT_LPI_TX);
	out->has_lpi_rx =
		tally_result(&t[NT_STAT_LPI_RX], &out->lpi_rx) && kind_readable(d, NT_STAT_LPI_RX);
}

bool ethtool_stat_queue_discards(const struct nt_netdev *d, int queue, uint64_t *sum)
{
	struct tally t = { 0 };
	bool any = false;

	for (size_t i = 0; i < d->n_stats; i++) {
		int q;
		const struct statname *s = lookup(d->stats[i].name, &q);

		if (!s || s->kind != NT_STAT_RX_DISCARD || q < 0)
			continue;
		any = true; /* the device counts per queue */
		if (q == queue)
			tally_add(&t, s, q, d->stats[i].value);
	}
	if (!any || !kind_readable(d, NT_STAT_RX_DISCARD))
		return false;
	if (!tally_result(&t, sum))
		*sum = 0; /* a queue without lines of its own: none counted */
	return !t.overflow;
}
