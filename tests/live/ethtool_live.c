// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The live ethtool readers on a real driver (veth), checked against what
 * the ethtool program says about the same device at the same moment. Run
 * by ethtool_veth.sh inside a private network namespace:
 *
 *   ethtool_live IFNAME PEER_IFINDEX MISSING_IFNAME
 *
 * The test (not the library) runs ethtool, here to change the channel count
 * and so the number of driver statistics between two reads.
 */
#include "check.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ethtool/ethtool.h"
#include "ethtool/ethtool_int.h"

static const char *ifname, *missing;
static unsigned long peer_ifindex;
static struct nt_ethtool *et;

/* Output (stdout and stderr) of `ethtool OPTION IFNAME [ARGS]`. */
static char *ethtool_out(const char *option)
{
	const char *args = strchr(option, ' ');
	char opt[64], cmd[256], chunk[4096], *buf = NULL;
	size_t len = 0, n;
	FILE *p, *mem;

	snprintf(opt, sizeof(opt), "%.*s", (int)(args ? args - option : (long)strlen(option)),
		 option);
	snprintf(cmd, sizeof(cmd), "ethtool %s %s%s 2>&1", opt, ifname, args ? args : "");
	p = popen(cmd, "r");
	mem = open_memstream(&buf, &len);
	if (!p || !mem) {
		printf("# cannot run %s\n", cmd);
		exit(1);
	}
	while ((n = fread(chunk, 1, sizeof(chunk), p)) > 0)
		fwrite(chunk, 1, n, mem);
	pclose(p);
	fclose(mem);
	return buf;
}

static void ethtool_run(const char *args)
{
	free(ethtool_out(args));
}

static void test_drvinfo(void)
{
	struct nt_drvinfo live, text;
	char *t = ethtool_out("-i");

	CHECK_EQ_INT(ethtool_get_drvinfo(et, ifname, &live), 0);
	CHECK_EQ_INT(ethtool_parse_drvinfo(t, &text), 0);
	CHECK_STR(live.driver, "veth");
	CHECK_STR(live.driver, text.driver);
	CHECK_STR(live.version, text.version);
	CHECK_STR(live.firmware, text.firmware);
	CHECK_STR(live.bus_info, text.bus_info);
	free(t);
}

static void check_stats_equal(const struct nt_netdev *a, const struct nt_netdev *b)
{
	CHECK_EQ_U64(a->n_stats, b->n_stats);
	for (size_t i = 0; i < a->n_stats && i < b->n_stats; i++) {
		CHECK_STR(a->stats[i].name, b->stats[i].name);
		CHECK_EQ_U64(a->stats[i].value, b->stats[i].value);
	}
}

/* veth: peer_ifindex, then 7 per RX queue, then 2 per TX queue */
static size_t veth_nstats(unsigned int rxq, unsigned int txq)
{
	return 1 + 7 * (size_t)rxq + 2 * (size_t)txq;
}

static struct nt_netdev live_dev;

/* First read with one queue each way, so that the next reads must grow. */
static void test_stats(void)
{
	struct nt_netdev text = { 0 };
	char *t;
	uint64_t v = 0;

	ethtool_run("-L rx 1 tx 1");
	t = ethtool_out("-S");

	CHECK_EQ_INT(ethtool_get_stats(et, ifname, &live_dev), 0);
	CHECK_EQ_INT(live_dev.stats_err, 0);
	CHECK_EQ_INT(ethtool_parse_stats(t, &text), 0);
	CHECK_EQ_U64(live_dev.n_stats, veth_nstats(1, 1));
	check_stats_equal(&live_dev, &text);
	CHECK(snapshot_netdev_ethstat(&live_dev, "peer_ifindex", &v));
	CHECK_EQ_U64(v, peer_ifindex);
	CHECK(snapshot_netdev_ethstat(&live_dev, "rx_queue_0_xdp_tx_errors", &v));
	CHECK(!snapshot_netdev_ethstat(&live_dev, "rx_queue_1_xdp_packets", &v));
	CHECK(snapshot_netdev_ethstat(&live_dev, "tx_queue_0_xdp_xmit", &v));
	free(text.stats);
	free(t);
}

/*
 * The string count changes with the channel count: more statistics grow
 * the buffers, fewer must not reallocate anything, and every read must
 * agree with ethtool's.
 */
static void stats_match_ethtool(size_t want)
{
	struct nt_netdev text = { 0 };
	char *t;

	CHECK_EQ_INT(ethtool_get_stats(et, ifname, &live_dev), 0);
	CHECK_EQ_U64(live_dev.n_stats, want);
	t = ethtool_out("-S");
	CHECK_EQ_INT(ethtool_parse_stats(t, &text), 0);
	check_stats_equal(&live_dev, &text);
	free(text.stats);
	free(t);
}

static void test_stats_count_changes(void)
{
	struct nt_ethstat *arr;
	void *strings, *values;

	ethtool_run("-L rx 4 tx 4");
	stats_match_ethtool(veth_nstats(4, 4));
	CHECK(live_dev.stats_cap >= veth_nstats(4, 4));
	arr = live_dev.stats;
	strings = et->strings;
	values = et->values;

	ethtool_run("-L rx 3 tx 2");
	stats_match_ethtool(veth_nstats(3, 2));
	CHECK(live_dev.stats == arr);
	CHECK(et->strings == strings && et->values == values);

	/* steady state: many reads, the same buffers */
	for (int i = 0; i < 50; i++)
		CHECK_EQ_INT(ethtool_get_stats(et, ifname, &live_dev), 0);
	CHECK_EQ_U64(live_dev.n_stats, veth_nstats(3, 2));
	CHECK(live_dev.stats == arr);
	CHECK(et->strings == strings && et->values == values);
}

static void test_channels(void)
{
	struct nt_channels nl, io, text;
	char *t;

	ethtool_run("-L rx 3 tx 2");
	t = ethtool_out("-l");
	CHECK_EQ_INT(ethtool_parse_channels(t, &text), 0);
	CHECK_EQ_INT(ethtool_get_channels(et, ifname, &nl), 0);
	CHECK_EQ_INT(ethtool_ioctl_get_channels(et, ifname, &io), 0);
	if (ethtool_has_netlink(et))
		CHECK_EQ_INT(ethtool_nl_get_channels(et, ifname, &nl), 0);
	CHECK_EQ_U64(nl.rx, 3);
	CHECK_EQ_U64(nl.rx_max, 4);
	CHECK_EQ_U64(nl.tx, 2);
	CHECK_EQ_U64(nl.tx_max, 4);
	CHECK_EQ_U64(nl.combined_max, 0);
	CHECK_EQ_U64(nl.other_max, 0);
	CHECK(!memcmp(&nl, &io, sizeof(nl)));
	CHECK(!memcmp(&nl, &text, sizeof(nl)));
	free(t);
	ethtool_run("-L rx 4 tx 4");
}

/* veth has neither get_ringparam nor get_eee: EOPNOTSUPP everywhere */
static void test_rings_eee(void)
{
	struct nt_ring ring, ring_io, ring_text;
	struct nt_eee eee, eee_io, eee_text;
	char *t;

	t = ethtool_out("-g");
	ethtool_parse_rings(t, &ring_text);
	free(t);
	t = ethtool_out("--show-eee");
	ethtool_parse_eee(t, &eee_text);
	free(t);

	CHECK_EQ_INT(ethtool_get_rings(et, ifname, &ring), ring_text.err);
	CHECK_EQ_INT(ethtool_ioctl_get_rings(et, ifname, &ring_io), ring_text.err);
	CHECK_EQ_INT(ring.err, ring_text.err);
	CHECK_EQ_U64(ring.rx_max, ring_text.rx_max);
	CHECK_EQ_U64(ring_io.rx_max, ring_text.rx_max);
	CHECK_EQ_INT(ethtool_get_eee(et, ifname, &eee), eee_text.err);
	CHECK_EQ_INT(ethtool_ioctl_get_eee(et, ifname, &eee_io), eee_text.err);
	CHECK(eee.supported == eee_text.supported);
	printf("# rings %d, eee %d\n", ring.err, eee.err);
}

static void test_permaddr(void)
{
	char mac[32] = "x";
	char *t = ethtool_out("-P");

	CHECK_EQ_INT(ethtool_get_permaddr(et, ifname, mac, sizeof(mac)), 0);
	/* veth never sets perm_addr: ethtool says "not set" (or all zeros) */
	if (strstr(t, "not set") || strstr(t, "00:00:00:00:00:00"))
		CHECK_STR(mac, "");
	else
		CHECK(mac[0] && strstr(t, mac));
	CHECK_EQ_INT(ethtool_get_permaddr(et, ifname, mac, 4), 0);
	free(t);
}

/* The peer lives in the other namespace: gone as far as we can see. */
static void test_vanished(void)
{
	struct nt_netdev d = { 0 };
	struct nt_channels ch;

	CHECK_EQ_INT(ethtool_get_stats(et, missing, &d), -ENODEV);
	CHECK_EQ_INT(ethtool_get_channels(et, missing, &ch), -ENODEV);
	CHECK_EQ_INT(ch.err, -ENODEV);
}

int main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: %s IFNAME PEER_IFINDEX MISSING_IFNAME\n", argv[0]);
		return 2;
	}
	ifname = argv[1];
	peer_ifindex = strtoul(argv[2], NULL, 10);
	missing = argv[3];
	if (ethtool_open(&et)) {
		printf("not ok 1 - ethtool_open\n1..1\n");
		return 1;
	}
	printf("# ethtool netlink: %s\n", ethtool_has_netlink(et) ? "yes" : "no");
	RUN(test_drvinfo);
	RUN(test_stats);
	RUN(test_stats_count_changes);
	RUN(test_channels);
	RUN(test_rings_eee);
	RUN(test_permaddr);
	RUN(test_vanished);
	ethtool_close(et);
	free(live_dev.stats);
	CHECK_DONE();
}
