// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ethtool text: parsing captures from several ethtool versions and
 * drivers (tests/fixtures/ethtool-text/), odd and broken captures, and the
 * writers, whose output must parse back to the same blocks and match what
 * ethtool 6.1 printed on the machine the virtio_net capture came from.
 */
#include "check.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ethtool/ethtool.h"

/* ---- helpers ---------------------------------------------------------- */

static char *load(const char *rel)
{
	const char *root = getenv("NT_FIXTURES");
	char path[512];
	FILE *f;
	char *buf;
	long n;

	snprintf(path, sizeof(path), "%s/ethtool-text/%s", root ? root : "tests/fixtures", rel);
	f = fopen(path, "rb");
	if (!f) {
		printf("# cannot open %s\n", path);
		buf = calloc(1, 1);
		return buf;
	}
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = calloc(1, (size_t)n + 1);
	if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n)
		buf[0] = '\0';
	fclose(f);
	return buf;
}

static char *loadf(const char *dir, const char *what)
{
	char rel[256];

	snprintf(rel, sizeof(rel), "%s/%s", dir, what);
	return load(rel);
}

static uint64_t stat_of(const struct nt_netdev *d, const char *name)
{
	uint64_t v = UINT64_MAX;

	if (!snapshot_netdev_ethstat(d, name, &v))
		printf("# no statistic \"%s\"\n", name);
	return v;
}

/* Everything parsed from one capture directory. */
struct cap {
	struct nt_drvinfo drv;
	struct nt_netdev dev;
	struct nt_ring ring;
	struct nt_channels ch;
	struct nt_eee eee;
	int r_drv, r_stats, r_ring, r_ch, r_eee;
};

static void cap_parse(struct cap *c, const char *dir)
{
	char *t;

	t = loadf(dir, "driver");
	c->r_drv = ethtool_parse_drvinfo(t, &c->drv);
	free(t);
	t = loadf(dir, "stats");
	c->r_stats = ethtool_parse_stats(t, &c->dev);
	free(t);
	t = loadf(dir, "rings");
	c->r_ring = ethtool_parse_rings(t, &c->ring);
	free(t);
	t = loadf(dir, "channels");
	c->r_ch = ethtool_parse_channels(t, &c->ch);
	free(t);
	t = loadf(dir, "eee");
	c->r_eee = ethtool_parse_eee(t, &c->eee);
	free(t);
}

static void cap_free(struct cap *c)
{
	free(c->dev.stats);
	memset(c, 0, sizeof(*c));
}

/* ---- bnxt_en on CentOS 7, ethtool 4.8 ----------------------------------- */

static void test_bnxt_el7(void)
{
	struct cap c = { 0 };
	struct nt_ethstat_summary s;
	static const uint64_t disc[8] = { 104, 212, 187, 166, 230, 301, 170, 41 };

	cap_parse(&c, "bnxt_en-centos7");
	CHECK_EQ_INT(c.r_drv, 0);
	CHECK_STR(c.drv.driver, "bnxt_en");
	CHECK_STR(c.drv.version, "1.10.0");
	CHECK_STR(c.drv.firmware, "214.0.253.1/pkg 21.40.25.31");
	CHECK_STR(c.drv.bus_info, "0000:3b:00.0");

	CHECK_EQ_INT(c.r_stats, 0);
	CHECK_EQ_INT(c.dev.stats_err, 0);
	CHECK_EQ_U64(c.dev.n_stats, 238);
	for (int i = 0; i < 8; i++) {
		char name[32];

		snprintf(name, sizeof(name), "[%d]: rx_discards", i);
		CHECK_EQ_U64(stat_of(&c.dev, name), disc[i]);
	}
	CHECK_EQ_U64(stat_of(&c.dev, "rx_discards"), 1411);
	CHECK_EQ_U64(stat_of(&c.dev, "rx_stat_discard"), 1411);
	CHECK_STR(c.dev.stats[0].name, "[0]: rx_ucast_packets");
	CHECK_STR(c.dev.stats[237].name, "resume_roce_pause_events");

	CHECK_EQ_INT(c.r_ring, 0);
	CHECK_EQ_U64(c.ring.rx, 453);
	CHECK_EQ_U64(c.ring.rx_max, 4078);
	CHECK_EQ_U64(c.ring.rx_mini, 0);
	CHECK_EQ_U64(c.ring.rx_mini_max, 0);
	CHECK_EQ_U64(c.ring.rx_jumbo, 1812);
	CHECK_EQ_U64(c.ring.rx_jumbo_max, 16312);
	CHECK_EQ_U64(c.ring.tx, 4078);
	CHECK_EQ_U64(c.ring.tx_max, 4078);

	CHECK_EQ_INT(c.r_ch, 0);
	CHECK_EQ_U64(c.ch.combined, 8);
	CHECK_EQ_U64(c.ch.combined_max, 30);
	CHECK_EQ_U64(c.ch.rx, 0);
	CHECK_EQ_U64(c.ch.rx_max, 30);
	CHECK_EQ_U64(c.ch.tx_max, 30);
	CHECK_EQ_U64(c.ch.other_max, 0);

	/* "Cannot get EEE settings: Operation not supported" */
	CHECK_EQ_INT(c.r_eee, -EOPNOTSUPP);
	CHECK_EQ_INT(c.eee.err, -EOPNOTSUPP);
	CHECK(!c.eee.supported);

	ethtool_stat_summarize(&c.dev, &s);
	CHECK(s.has_discards);
	CHECK_EQ_U64(s.discards, 1411);
	CHECK(s.has_lpi_tx && s.has_lpi_rx); /* port tx/rx_eee_lpi_events, 0 */
	CHECK_EQ_U64(s.lpi_tx, 0);
	cap_free(&c);
}

/* ---- stmmac board, ethtool 5.10 -------------------------------------------- */

static void test_stmmac_board(void)
{
	struct cap c = { 0 };
	struct nt_ethstat_summary s;

	cap_parse(&c, "st_gmac-board");
	CHECK_EQ_INT(c.r_drv, 0);
	CHECK_STR(c.drv.driver, "st_gmac");
	CHECK_STR(c.drv.version, "Jan_2016");
	CHECK_STR(c.drv.firmware, "");
	CHECK_STR(c.drv.bus_info, "ff540000.ethernet");

	CHECK_EQ_INT(c.r_stats, 0);
	CHECK_EQ_U64(c.dev.n_stats, 189);
	CHECK_EQ_U64(stat_of(&c.dev, "irq_tx_path_in_lpi_mode_n"), 182339);
	CHECK_EQ_U64(stat_of(&c.dev, "irq_rx_path_exit_lpi_mode_n"), 91206);
	CHECK_EQ_U64(stat_of(&c.dev, "mmc_rx_ipc_intr_mask"), 1073692671);

	CHECK_EQ_INT(c.r_ring, 0);
	CHECK_EQ_U64(c.ring.rx, 512);
	CHECK_EQ_U64(c.ring.rx_max, 1024);
	CHECK_EQ_U64(c.ring.tx, 512);
	CHECK_EQ_U64(c.ring.tx_max, 1024);
	CHECK_EQ_U64(c.ring.rx_jumbo_max, 0); /* n/a */

	CHECK_EQ_INT(c.r_ch, 0);
	CHECK_EQ_U64(c.ch.rx, 1);
	CHECK_EQ_U64(c.ch.rx_max, 1);
	CHECK_EQ_U64(c.ch.tx, 1);
	CHECK_EQ_U64(c.ch.combined_max, 0);

	CHECK_EQ_INT(c.r_eee, 0);
	CHECK(c.eee.supported);
	CHECK(c.eee.enabled);
	CHECK(c.eee.active);
	CHECK(c.eee.tx_lpi_enabled);
	CHECK_EQ_U64(c.eee.tx_lpi_timer_us, 1000000);

	ethtool_stat_summarize(&c.dev, &s);
	CHECK(s.has_lpi_tx && s.has_lpi_rx);
	CHECK_EQ_U64(s.lpi_tx, 182339);
	CHECK_EQ_U64(s.lpi_rx, 91207);
	/* rx_missed_cntr and the overflow counters are all 0; the 37 RX
	 * buffer unavailable interrupts are events, not drops. */
	CHECK(s.has_discards);
	CHECK_EQ_U64(s.discards, 0);
	cap_free(&c);
}

/* ---- ixgbe, Debian 11, ethtool 5.9 ------------------------------------------ */

static void test_ixgbe(void)
{
	struct cap c = { 0 };
	struct nt_ethstat_summary s;

	cap_parse(&c, "ixgbe-debian11");
	CHECK_STR(c.drv.driver, "ixgbe");
	CHECK_STR(c.drv.version, "5.10.0-26-amd64");
	CHECK_STR(c.drv.firmware, "0x80000cb8, 1.2956.0");
	CHECK_EQ_U64(c.dev.n_stats, 121);
	CHECK_EQ_U64(stat_of(&c.dev, "rx_queue_7_bytes") > 0, 1);

	CHECK_EQ_U64(c.ring.rx, 512);
	CHECK_EQ_U64(c.ring.rx_max, 4096);
	CHECK_EQ_U64(c.ring.rx_mini_max, 0);

	CHECK_EQ_U64(c.ch.other, 1);
	CHECK_EQ_U64(c.ch.other_max, 1);
	CHECK_EQ_U64(c.ch.combined, 8);
	CHECK_EQ_U64(c.ch.combined_max, 63);
	CHECK_EQ_U64(c.ch.rx_max, 0);

	CHECK_EQ_INT(c.r_eee, 0);
	CHECK(c.eee.supported);
	CHECK(!c.eee.enabled);
	CHECK(!c.eee.active);
	CHECK(!c.eee.tx_lpi_enabled);

	ethtool_stat_summarize(&c.dev, &s);
	/* rx_missed_errors 5126 + rx_no_dma_resources 88314 + rx_fifo_errors 0 */
	CHECK(s.has_discards);
	CHECK_EQ_U64(s.discards, 93440);
	CHECK(!s.has_lpi_tx && !s.has_lpi_rx);
	cap_free(&c);
}

/* ---- mlx5, ethtool 6.7 with the wider ring layout ----------------------------- */

static void test_mlx5(void)
{
	struct cap c = { 0 };
	struct nt_ethstat_summary s;

	cap_parse(&c, "mlx5-ubuntu24");
	CHECK_STR(c.drv.driver, "mlx5_core");
	CHECK_STR(c.drv.firmware, "22.39.1002 (MT_0000000359)");
	CHECK_EQ_U64(c.dev.n_stats, 82);

	CHECK_EQ_INT(c.r_ring, 0);
	CHECK_EQ_U64(c.ring.rx, 1024);
	CHECK_EQ_U64(c.ring.rx_max, 8192);
	CHECK_EQ_U64(c.ring.tx, 1024);
	CHECK_EQ_U64(c.ring.tx_max, 8192);
	CHECK_EQ_U64(c.ring.rx_jumbo, 0);

	CHECK_EQ_U64(c.ch.combined, 63);
	CHECK_EQ_U64(c.ch.combined_max, 63);

	CHECK_EQ_INT(c.r_eee, -EOPNOTSUPP);

	ethtool_stat_summarize(&c.dev, &s);
	CHECK(s.has_discards);
	CHECK_EQ_U64(s.discards, 23344); /* rx_out_of_buffer only */
	cap_free(&c);
}

/* ---- virtio_net, read on this project's build machine with ethtool 6.1 -------- */

static void test_virtio_local(void)
{
	struct cap c = { 0 };
	struct nt_ethstat_summary s;

	cap_parse(&c, "virtio_net-debian12");
	CHECK_EQ_INT(c.r_drv, 0);
	CHECK_STR(c.drv.driver, "virtio_net");
	CHECK_STR(c.drv.version, "1.0.0");
	CHECK_STR(c.drv.firmware, "");
	CHECK_STR(c.drv.bus_info, "0000:00:03.0");

	CHECK_EQ_U64(c.dev.n_stats, 20);
	CHECK_STR(c.dev.stats[0].name, "rx_drops");
	CHECK_STR(c.dev.stats[19].name, "tx0_tx_timeouts");

	/* RX Buf Len, CQE Size, TX Push, TCP data split are skipped */
	CHECK_EQ_INT(c.r_ring, 0);
	CHECK_EQ_U64(c.ring.rx, 256);
	CHECK_EQ_U64(c.ring.rx_max, 256);
	CHECK_EQ_U64(c.ring.tx, 256);
	CHECK_EQ_U64(c.ring.rx_mini_max, 0);

	CHECK_EQ_U64(c.ch.combined, 1);
	CHECK_EQ_U64(c.ch.combined_max, 1);
	CHECK_EQ_U64(c.ch.rx_max, 0);

	CHECK_EQ_INT(c.r_eee, -EOPNOTSUPP);

	/* virtio's rx_drops / rx0_drops are drops in the driver */
	ethtool_stat_summarize(&c.dev, &s);
	CHECK(!s.has_discards);
	CHECK_EQ_U64(s.discards, 0);
	cap_free(&c);
}

/* ---- broken and odd captures ------------------------------------------------ */

static void all_fail(const char *rel, int want)
{
	char *t = load(rel);
	struct nt_drvinfo drv;
	struct nt_netdev d = { 0 };
	struct nt_ring ring;
	struct nt_channels ch;
	struct nt_eee eee;

	CHECK_EQ_INT(ethtool_parse_drvinfo(t, &drv), want);
	CHECK_EQ_INT(drv.err, want);
	CHECK_EQ_INT(ethtool_parse_stats(t, &d), want);
	CHECK_EQ_INT(d.stats_err, want);
	CHECK_EQ_U64(d.n_stats, 0);
	CHECK_EQ_INT(ethtool_parse_rings(t, &ring), want);
	CHECK_EQ_INT(ring.err, want);
	CHECK_EQ_U64(ring.rx_max, 0);
	CHECK_EQ_INT(ethtool_parse_channels(t, &ch), want);
	CHECK_EQ_INT(ch.err, want);
	CHECK_EQ_INT(ethtool_parse_eee(t, &eee), want);
	CHECK_EQ_INT(eee.err, want);
	CHECK(!eee.supported);
	free(d.stats);
	free(t);
}

static void test_empty_and_garbage(void)
{
	struct nt_ring ring;
	struct nt_netdev d = { 0 };

	all_fail("misc/empty", -ENOENT);
	all_fail("misc/blank", -ENOENT);
	all_fail("misc/garbage", -EINVAL);
	CHECK_EQ_INT(ethtool_parse_rings(NULL, &ring), -ENOENT);
	CHECK_EQ_INT(ethtool_parse_stats(NULL, &d), -ENOENT);
	/* the wrong command's output is garbage for this parser */
	CHECK_EQ_INT(ethtool_parse_rings("driver: ixgbe\nversion: 5.1.0-k\n", &ring), -EINVAL);
}

static void test_error_captures(void)
{
	char *t;
	struct nt_ring ring;
	struct nt_channels ch;
	struct nt_netdev d = { 0 };

	t = load("misc/channels-el7-unsupported");
	CHECK_EQ_INT(ethtool_parse_channels(t, &ch), -EOPNOTSUPP);
	free(t);
	t = load("misc/rings-nodev");
	CHECK_EQ_INT(ethtool_parse_rings(t, &ring), -ENODEV);
	CHECK_EQ_INT(ring.err, -ENODEV);
	free(t);
	t = load("misc/stats-none");
	CHECK_EQ_INT(ethtool_parse_stats(t, &d), -EOPNOTSUPP);
	free(t);
	free(d.stats);
}

static void test_rings_spaces_crlf(void)
{
	char *t = load("misc/rings-spaces-crlf");
	struct nt_ring ring;

	CHECK_EQ_INT(ethtool_parse_rings(t, &ring), 0);
	CHECK_EQ_U64(ring.rx, 256);
	CHECK_EQ_U64(ring.rx_max, 4096);
	CHECK_EQ_U64(ring.tx, 256);
	CHECK_EQ_U64(ring.tx_max, 4096);
	CHECK_EQ_U64(ring.rx_jumbo_max, 0);
	free(t);

	/* blanks inside a key, mixed case */
	CHECK_EQ_INT(
		ethtool_parse_rings("pre-set maximums:\nrx  jumbo : 9\ncurrent hardware settings:\n"
				    "RX   Jumbo:\t3\n",
				    &ring),
		0);
	CHECK_EQ_U64(ring.rx_jumbo_max, 9);
	CHECK_EQ_U64(ring.rx_jumbo, 3);
}

static void test_eee_variants(void)
{
	char *t;
	struct nt_eee e;

	t = load("misc/eee-not-supported");
	CHECK_EQ_INT(ethtool_parse_eee(t, &e), 0);
	CHECK(!e.supported && !e.enabled && !e.tx_lpi_enabled);
	free(t);

	t = load("misc/eee-inactive");
	CHECK_EQ_INT(ethtool_parse_eee(t, &e), 0);
	CHECK(e.supported);
	CHECK(e.enabled);
	CHECK(!e.active);
	CHECK(e.tx_lpi_enabled);
	CHECK_EQ_U64(e.tx_lpi_timer_us, 17);
	free(t);

	t = load("misc/eee-no-status");
	CHECK_EQ_INT(ethtool_parse_eee(t, &e), 0);
	CHECK(e.supported);
	CHECK(!e.enabled);
	free(t);

	CHECK_EQ_INT(ethtool_parse_eee("\tEEE status: disabled\n\tTx LPI: disabled\n"
				       "\tSupported EEE link modes:  Not reported\n",
				       &e),
		     0);
	CHECK(e.supported); /* the status line wins over the mode list */
	CHECK(!e.enabled && !e.tx_lpi_enabled);
	CHECK_EQ_INT(ethtool_parse_eee("\tSupported EEE link modes:  Not reported\n", &e), 0);
	CHECK(!e.supported);
}

static void test_stats_odd(void)
{
	char *t = load("misc/stats-odd");
	struct nt_netdev d = { 0 };
	struct nt_ethstat_summary s;

	CHECK_EQ_INT(ethtool_parse_stats(t, &d), 0);
	CHECK_EQ_U64(d.n_stats, 4);
	CHECK_EQ_U64(stat_of(&d, "[0]: rx_discards"), 104);
	CHECK_EQ_U64(stat_of(&d, "rx_queue_0_drops"), 7);
	/* ETH_GSTRING_LEN (32) characters are kept whole: the field has room for the NUL */
	CHECK_EQ_U64(stat_of(&d, "a_statistic_name_of_32_chars_xxx"), 5);
	CHECK_EQ_U64(stat_of(&d, "rx bytes with spaces"), 12);
	ethtool_stat_summarize(&d, &s);
	CHECK(s.has_discards);
	CHECK_EQ_U64(s.discards, 104);
	free(t);
	free(d.stats);
}

/* A second group after the NIC statistics ends them (ethtool -S --all-groups). */
static void test_stats_groups(void)
{
	struct nt_netdev d = { 0 };

	CHECK_EQ_INT(ethtool_parse_stats("NIC statistics:\n     rx_packets: 5\n     tx_packets: 6\n"
					 "Standard stats for eth0:\neth-mac-FramesReceivedOK: 9\n",
					 &d),
		     0);
	CHECK_EQ_U64(d.n_stats, 2);
	CHECK_EQ_U64(stat_of(&d, "tx_packets"), 6);
	free(d.stats);
}

/* Parsing again reuses the array; only a larger count reallocates. */
static void test_stats_reuse(void)
{
	struct nt_netdev d = { 0 };
	struct nt_ethstat *first;

	CHECK_EQ_INT(ethtool_parse_stats("NIC statistics:\n     a: 1\n     b: 2\n     c: 3\n", &d),
		     0);
	first = d.stats;
	CHECK_EQ_U64(d.stats_cap, 3);
	CHECK_EQ_INT(ethtool_parse_stats("NIC statistics:\n     a: 4\n", &d), 0);
	CHECK(d.stats == first);
	CHECK_EQ_U64(d.n_stats, 1);
	CHECK_EQ_U64(d.stats[0].value, 4);
	CHECK_EQ_INT(ethtool_parse_stats("", &d), -ENOENT);
	CHECK_EQ_U64(d.n_stats, 0);
	CHECK(d.stats == first);
	free(d.stats);
}

/* ---- writers ----------------------------------------------------------------- */

static char *write_to_string(void (*fn)(FILE *, const struct cap *, int), const struct cap *c,
			     int which)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	fn(f, c, which);
	fclose(f);
	return buf;
}

enum {
	W_DRV,
	W_STATS,
	W_RING,
	W_CH,
	W_EEE
};

static void write_one(FILE *f, const struct cap *c, int which)
{
	switch (which) {
	case W_DRV:
		ethtool_write_drvinfo(f, &c->drv);
		break;
	case W_STATS:
		ethtool_write_stats(f, &c->dev);
		break;
	case W_RING:
		ethtool_write_rings(f, "eth0", &c->ring);
		break;
	case W_CH:
		ethtool_write_channels(f, "eth0", &c->ch);
		break;
	case W_EEE:
		ethtool_write_eee(f, "eth0", &c->eee);
		break;
	}
}

static bool drv_eq(const struct nt_drvinfo *a, const struct nt_drvinfo *b)
{
	return a->err == b->err && !strcmp(a->driver, b->driver) &&
	       !strcmp(a->version, b->version) && !strcmp(a->firmware, b->firmware) &&
	       !strcmp(a->bus_info, b->bus_info);
}

static bool stats_eq(const struct nt_netdev *a, const struct nt_netdev *b)
{
	if (a->stats_err != b->stats_err || a->n_stats != b->n_stats)
		return false;
	for (size_t i = 0; i < a->n_stats; i++)
		if (strcmp(a->stats[i].name, b->stats[i].name) ||
		    a->stats[i].value != b->stats[i].value)
			return false;
	return true;
}

static bool ring_eq(const struct nt_ring *a, const struct nt_ring *b)
{
	return a->err == b->err && a->rx == b->rx && a->rx_max == b->rx_max &&
	       a->rx_mini == b->rx_mini && a->rx_mini_max == b->rx_mini_max &&
	       a->rx_jumbo == b->rx_jumbo && a->rx_jumbo_max == b->rx_jumbo_max && a->tx == b->tx &&
	       a->tx_max == b->tx_max;
}

static bool ch_eq(const struct nt_channels *a, const struct nt_channels *b)
{
	return a->err == b->err && a->rx == b->rx && a->rx_max == b->rx_max && a->tx == b->tx &&
	       a->tx_max == b->tx_max && a->other == b->other && a->other_max == b->other_max &&
	       a->combined == b->combined && a->combined_max == b->combined_max;
}

static bool eee_eq(const struct nt_eee *a, const struct nt_eee *b)
{
	return a->err == b->err && a->supported == b->supported && a->enabled == b->enabled &&
	       a->active == b->active && a->tx_lpi_enabled == b->tx_lpi_enabled &&
	       a->tx_lpi_timer_us == b->tx_lpi_timer_us;
}

/* write -> parse gives back the very blocks that were written */
static void roundtrip(const struct cap *c)
{
	struct cap b = { 0 };
	char *t;

	t = write_to_string(write_one, c, W_DRV);
	ethtool_parse_drvinfo(t, &b.drv);
	CHECK(drv_eq(&c->drv, &b.drv));
	free(t);
	t = write_to_string(write_one, c, W_STATS);
	ethtool_parse_stats(t, &b.dev);
	CHECK(stats_eq(&c->dev, &b.dev));
	free(t);
	t = write_to_string(write_one, c, W_RING);
	ethtool_parse_rings(t, &b.ring);
	CHECK(ring_eq(&c->ring, &b.ring));
	free(t);
	t = write_to_string(write_one, c, W_CH);
	ethtool_parse_channels(t, &b.ch);
	CHECK(ch_eq(&c->ch, &b.ch));
	free(t);
	t = write_to_string(write_one, c, W_EEE);
	ethtool_parse_eee(t, &b.eee);
	CHECK(eee_eq(&c->eee, &b.eee));
	free(t);
	cap_free(&b);
}

static void test_roundtrip_fixtures(void)
{
	static const char *const dirs[] = {
		"bnxt_en-centos7", "st_gmac-board",       "ixgbe-debian11",
		"mlx5-ubuntu24",   "virtio_net-debian12",
	};

	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		struct cap c = { 0 };
		int before = check_failed;

		cap_parse(&c, dirs[i]);
		roundtrip(&c);
		if (check_failed != before)
			printf("# round trip of %s\n", dirs[i]);
		cap_free(&c);
	}
}

/* Errors survive the round trip; blocks never read leave an empty file. */
static void test_roundtrip_errors(void)
{
	struct cap c = { 0 };
	struct cap none = { 0 };
	char *t;

	c.drv.err = -ENODEV;
	c.dev.stats_err = -EOPNOTSUPP;
	c.ring.err = -EOPNOTSUPP;
	c.ch.err = -ENODEV;
	c.eee.err = -EPERM;
	roundtrip(&c);

	none.drv.err = none.dev.stats_err = none.ring.err = none.ch.err = none.eee.err = -ENOENT;
	for (int w = W_DRV; w <= W_EEE; w++) {
		t = write_to_string(write_one, &none, w);
		CHECK_STR(t, "");
		free(t);
	}
	roundtrip(&none);
}

/* Values only the text can hold in one way: what survives is canonical. */
static void test_roundtrip_synthetic(void)
{
	struct cap c = { 0 };
	struct nt_ethstat st[3] = {
		{ "[12]: rx_discards", 18446744073709551615ULL },
		{ "odd: name: 7", 0 },
		{ "rx-0.packets", 42 },
	};

	snprintf(c.drv.driver, sizeof(c.drv.driver), "mlx4_en");
	snprintf(c.drv.version, sizeof(c.drv.version), "4.0-0");
	snprintf(c.drv.firmware, sizeof(c.drv.firmware), "2.42.5000");
	snprintf(c.drv.bus_info, sizeof(c.drv.bus_info), "0000:81:00.0");
	c.dev.stats = st;
	c.dev.n_stats = 3;
	c.dev.stats_cap = 3;
	c.ring = (struct nt_ring){
		.rx = 0, .rx_max = 8192, .tx = 1, .tx_max = 8192, .rx_jumbo = 0, .rx_jumbo_max = 0
	};
	c.ch = (struct nt_channels){ .rx = 0,
				     .rx_max = 16,
				     .tx = 4,
				     .tx_max = 16,
				     .other = 1,
				     .other_max = 1,
				     .combined = 0,
				     .combined_max = 0 };
	c.eee = (struct nt_eee){ .supported = true,
				 .enabled = true,
				 .active = false,
				 .tx_lpi_enabled = true,
				 .tx_lpi_timer_us = 4294967295u };
	roundtrip(&c);
}

static char *capture(const char *dir, const char *what)
{
	return loadf(dir, what);
}

/*
 * What ethtool 6.1 printed for virtio_net: -S, -l and the error of
 * --show-eee are byte for byte ours; -i and -g match but for the lines
 * nt_drvinfo and nt_ring do not keep.
 */
static void test_writer_matches_ethtool61(void)
{
	static const char *const dir = "virtio_net-debian12";
	struct cap c = { 0 };
	char *ours, *theirs;

	cap_parse(&c, dir);
	theirs = capture(dir, "stats");
	ours = write_to_string(write_one, &c, W_STATS);
	CHECK_STR(ours, theirs);
	free(ours);
	free(theirs);

	theirs = capture(dir, "channels");
	ours = write_to_string(write_one, &c, W_CH);
	CHECK_STR(ours, theirs);
	free(ours);
	free(theirs);

	theirs = capture(dir, "eee");
	ours = write_to_string(write_one, &c, W_EEE);
	CHECK_STR(ours, theirs);
	free(ours);
	free(theirs);

	/* -i: the first five lines */
	theirs = capture(dir, "driver");
	ours = write_to_string(write_one, &c, W_DRV);
	CHECK(!strncmp(ours, theirs, strlen(ours)));
	CHECK(strstr(theirs + strlen(ours), "supports-statistics: yes") != NULL);
	free(ours);
	free(theirs);

	/* -g: all but "TX Push:" (off there, unknown to nt_ring) */
	theirs = capture(dir, "rings");
	ours = write_to_string(write_one, &c, W_RING);
	{
		char *p = strstr(ours, "TX Push:\tn/a");
		char *q = strstr(theirs, "TX Push:\toff");

		CHECK(p && q);
		if (p && q) {
			CHECK(p - ours == q - theirs);
			CHECK(!strncmp(ours, theirs, (size_t)(p - ours)));
			CHECK_STR(strchr(p, '\n'), strchr(q, '\n'));
		}
	}
	free(ours);
	free(theirs);
	cap_free(&c);
}

static void test_writer_na(void)
{
	struct cap c = { 0 };
	char *t;

	c.ring.rx_max = 4096;
	c.ring.rx = 0;
	c.ring.tx_max = 0;
	c.ring.tx = 77; /* not sent by the kernel when the max is 0 */
	t = write_to_string(write_one, &c, W_RING);
	CHECK(strstr(t, "Current hardware settings:\nRX:\t\t0\n") != NULL);
	CHECK(strstr(t, "TX:\t\tn/a\nRX Buf Len:") != NULL);
	CHECK(strstr(t, "Pre-set maximums:\nRX:\t\t4096\nRX Mini:\tn/a\n") != NULL);
	free(t);

	c.eee = (struct nt_eee){
		.supported = true, .enabled = true, .active = true, .tx_lpi_enabled = false
	};
	t = write_to_string(write_one, &c, W_EEE);
	CHECK_STR(t,
		  "EEE settings for eth0:\n\tEEE status: enabled - active\n\tTx LPI: disabled\n");
	free(t);
}

int main(void)
{
	RUN(test_bnxt_el7);
	RUN(test_stmmac_board);
	RUN(test_ixgbe);
	RUN(test_mlx5);
	RUN(test_virtio_local);
	RUN(test_empty_and_garbage);
	RUN(test_error_captures);
	RUN(test_rings_spaces_crlf);
	RUN(test_eee_variants);
	RUN(test_stats_odd);
	RUN(test_stats_groups);
	RUN(test_stats_reuse);
	RUN(test_roundtrip_fixtures);
	RUN(test_roundtrip_errors);
	RUN(test_roundtrip_synthetic);
	RUN(test_writer_matches_ethtool61);
	RUN(test_writer_na);
	CHECK_DONE();
}
