// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The ethtool text parsers (-i, -S, -g, -l, --show-eee) and the driver
 * statistic names, all on the same input: every block that parses must
 * print (ethtool 6.x, as `record` writes it) and parse back the same, the
 * summary must come from readable statistics only, and every line taken
 * as a statistic's name must classify without reading past it.
 */
#include "fuzz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ethtool/ethtool.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

/* @write's output of @in, parsed again by @parse into @out. */
#define ROUND_TRIP(write, parse, in, out)            \
	do {                                         \
		char *_t = NULL;                     \
		size_t _n = 0;                       \
		FILE *_f = open_memstream(&_t, &_n); \
		FZ_CHECK(_f != NULL);                \
		write;                               \
		fclose(_f);                          \
		FZ_CHECK(parse(_t, out) == 0);       \
		free(_t);                            \
	} while (0)

static void blocks(const char *text)
{
	struct nt_drvinfo drv, drv2;
	struct nt_ring ring, ring2;
	struct nt_channels ch, ch2;
	struct nt_eee eee, eee2;

	if (ethtool_parse_drvinfo(text, &drv) == 0) {
		FZ_CHECK(memchr(drv.driver, 0, sizeof(drv.driver)) && drv.driver[0]);
		ROUND_TRIP(ethtool_write_drvinfo(_f, &drv), ethtool_parse_drvinfo, &drv, &drv2);
		FZ_CHECK(!strcmp(drv.driver, drv2.driver) && !strcmp(drv.bus_info, drv2.bus_info));
	}
	if (ethtool_parse_rings(text, &ring) == 0) {
		ROUND_TRIP(ethtool_write_rings(_f, "eth0", &ring), ethtool_parse_rings, &ring,
			   &ring2);
		/* without a maximum the kernel sends no current value: n/a */
		FZ_CHECK(ring.rx_max == ring2.rx_max && ring.tx_max == ring2.tx_max);
		FZ_CHECK(!ring.rx_max || ring.rx == ring2.rx);
		FZ_CHECK(!ring.tx_max || ring.tx == ring2.tx);
	}
	if (ethtool_parse_channels(text, &ch) == 0) {
		ROUND_TRIP(ethtool_write_channels(_f, "eth0", &ch), ethtool_parse_channels, &ch,
			   &ch2);
		FZ_CHECK(ch.combined_max == ch2.combined_max && ch.rx_max == ch2.rx_max &&
			 ch.tx_max == ch2.tx_max);
		FZ_CHECK(!ch.combined_max || ch.combined == ch2.combined);
		FZ_CHECK(!ch.rx_max || ch.rx == ch2.rx);
		FZ_CHECK(!ch.tx_max || ch.tx == ch2.tx);
	}
	if (ethtool_parse_eee(text, &eee) == 0) {
		ROUND_TRIP(ethtool_write_eee(_f, "eth0", &eee), ethtool_parse_eee, &eee, &eee2);
		FZ_CHECK(eee.supported == eee2.supported && eee.enabled == eee2.enabled &&
			 eee.active == eee2.active);
	}
}

static void stats(const char *text)
{
	struct nt_netdev d = { 0 }, d2 = { 0 };
	struct nt_ethstat_summary s;
	uint64_t v;

	if (ethtool_parse_stats(text, &d) == 0 && d.n_stats) {
		FZ_CHECK(memchr(d.stats_unreadable_name, 0, sizeof(d.stats_unreadable_name)));
		ROUND_TRIP(ethtool_write_stats(_f, &d), ethtool_parse_stats, &d, &d2);
		FZ_CHECK(d2.n_stats == d.n_stats);
		for (size_t i = 0; i < d.n_stats; i++)
			FZ_CHECK(!strcmp(d.stats[i].name, d2.stats[i].name) &&
				 d.stats[i].value == d2.stats[i].value);
	}
	ethtool_stat_summarize(&d, &s);
	if (d.stats_unreadable_kinds & (1u << NT_STAT_RX_DISCARD))
		FZ_CHECK(!s.has_discards);
	for (int q = -1; q < 4; q++)
		ethtool_stat_queue_discards(&d, q, &v);
	free(d.stats);
	free(d2.stats);
}

/* Each line as a statistic name, as the kernel's 32-byte field holds it. */
static void names(const char *text)
{
	for (const char *p = text; *p;) {
		size_t n = strcspn(p, "\n");
		char name[NT_ETH_GSTRING_LEN + 1];
		int q;

		snprintf(name, sizeof(name), "%.*s", (int)n, p);
		if (ethtool_stat_classify(name, &q) != NT_STAT_OTHER)
			FZ_CHECK(q >= -1);
		p += n + (p[n] == '\n');
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fz_strndup(data, size);

	blocks(text);
	stats(text);
	names(text);
	free(text);
	return 0;
}
