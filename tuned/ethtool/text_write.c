// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Writers that print what ethtool 6.1 prints for -i, -S, -g, -l and
 * --show-eee, so that `record` produces captures that the parsers (and
 * people used to ethtool) read like any other. Only what the nt_* blocks
 * hold is printed; see each writer for the lines left out.
 *
 * A block with err set prints what ethtool prints on that failure (to its
 * stderr, which captures keep), so the error survives the round trip; a
 * block that was never read (-ENOENT) prints nothing.
 */
#include "ethtool_int.h"

#include <errno.h>
#include <inttypes.h>
#include <string.h>

/* ethtool 6.1 gets rings, channels and EEE over netlink. */
static bool write_nl_error(FILE *f, int err)
{
	if (!err)
		return false;
	if (err != -ENOENT)
		fprintf(f, "netlink error: %s\n", strerror(-err));
	return true;
}

/*
 * The driver info lines ethtool prints before the "supports-*" flags, which
 * nt_drvinfo does not keep. expansion-rom-version is always printed by 6.1
 * and empty for nearly every driver.
 */
void ethtool_write_drvinfo(FILE *f, const struct nt_drvinfo *in)
{
	if (in->err) {
		if (in->err != -ENOENT)
			fprintf(f, "Cannot get driver information: %s\n", strerror(-in->err));
		return;
	}
	fprintf(f, "driver: %s\n", in->driver);
	fprintf(f, "version: %s\n", in->version);
	fprintf(f, "firmware-version: %s\n", in->firmware);
	fprintf(f, "expansion-rom-version: \n");
	fprintf(f, "bus-info: %s\n", in->bus_info);
}

void ethtool_write_stats(FILE *f, const struct nt_netdev *d)
{
	if (d->stats_err == -EOPNOTSUPP) {
		fprintf(f, "no stats available\n");
		return;
	}
	if (d->stats_err) {
		if (d->stats_err != -ENOENT)
			fprintf(f, "Cannot get stats strings information: %s\n",
				strerror(-d->stats_err));
		return;
	}
	fprintf(f, "NIC statistics:\n");
	for (size_t i = 0; i < d->n_stats; i++)
		fprintf(f, "     %s: %" PRIu64 "\n", d->stats[i].name, d->stats[i].value);
}

/*
 * The kernel sends neither the maximum nor the current value of a ring or
 * channel kind whose maximum is 0, and ethtool prints "n/a" for both.
 */
static void write_cur(FILE *f, const char *label, uint32_t max, uint32_t cur)
{
	if (max)
		fprintf(f, "%s%u\n", label, cur);
	else
		fprintf(f, "%sn/a\n", label);
}

static void write_max(FILE *f, const char *label, uint32_t max)
{
	write_cur(f, label, max, max);
}

void ethtool_write_rings(FILE *f, const char *ifname, const struct nt_ring *in)
{
	if (write_nl_error(f, in->err))
		return;
	fprintf(f, "Ring parameters for %s:\n", ifname);
	fprintf(f, "Pre-set maximums:\n");
	write_max(f, "RX:\t\t", in->rx_max);
	write_max(f, "RX Mini:\t", in->rx_mini_max);
	write_max(f, "RX Jumbo:\t", in->rx_jumbo_max);
	write_max(f, "TX:\t\t", in->tx_max);
	fprintf(f, "Current hardware settings:\n");
	write_cur(f, "RX:\t\t", in->rx_max, in->rx);
	write_cur(f, "RX Mini:\t", in->rx_mini_max, in->rx_mini);
	write_cur(f, "RX Jumbo:\t", in->rx_jumbo_max, in->rx_jumbo);
	write_cur(f, "TX:\t\t", in->tx_max, in->tx);
	/*
	 * 6.1 always prints these four; nt_ring keeps none of them, so they
	 * read as a driver that reports none (as virtio_net does).
	 */
	fprintf(f, "RX Buf Len:\t\tn/a\n");
	fprintf(f, "CQE Size:\t\tn/a\n");
	fprintf(f, "TX Push:\tn/a\n");
	fprintf(f, "TCP data split:\tn/a\n");
}

void ethtool_write_channels(FILE *f, const char *ifname, const struct nt_channels *in)
{
	if (write_nl_error(f, in->err))
		return;
	fprintf(f, "Channel parameters for %s:\n", ifname);
	fprintf(f, "Pre-set maximums:\n");
	write_max(f, "RX:\t\t", in->rx_max);
	write_max(f, "TX:\t\t", in->tx_max);
	write_max(f, "Other:\t\t", in->other_max);
	write_max(f, "Combined:\t", in->combined_max);
	fprintf(f, "Current hardware settings:\n");
	write_cur(f, "RX:\t\t", in->rx_max, in->rx);
	write_cur(f, "TX:\t\t", in->tx_max, in->tx);
	write_cur(f, "Other:\t\t", in->other_max, in->other);
	write_cur(f, "Combined:\t", in->combined_max, in->combined);
}

/*
 * ethtool then lists the supported, advertised and link partner modes;
 * nt_eee keeps none of them, so those three lines are left out rather
 * than made up.
 */
void ethtool_write_eee(FILE *f, const char *ifname, const struct nt_eee *in)
{
	if (write_nl_error(f, in->err))
		return;
	fprintf(f, "EEE settings for %s:\n", ifname);
	if (!in->supported) {
		fprintf(f, "\tEEE status: not supported\n");
		return;
	}
	if (!in->enabled)
		fprintf(f, "\tEEE status: disabled\n");
	else
		fprintf(f, "\tEEE status: enabled - %s\n", in->active ? "active" : "inactive");
	if (in->tx_lpi_enabled)
		fprintf(f, "\tTx LPI: %u (us)\n", in->tx_lpi_timer_us);
	else
		fprintf(f, "\tTx LPI: disabled\n");
}
