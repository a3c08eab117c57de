// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The live readers against what every Linux host has and nobody may change:
 * loopback (no ethtool operations) and a name that does not exist. Needs no
 * privilege; the veth test under tests/live covers a real driver.
 */
#include "check.h"

#include <errno.h>
#include <string.h>

#include "ethtool/ethtool.h"
#include "ethtool/ethtool_int.h"

#define NODEV "nt-nodev0"

static struct nt_ethtool *et;

static void test_open(void)
{
	CHECK_EQ_INT(ethtool_open(&et), 0);
	CHECK(et != NULL);
	printf("# ethtool netlink: %s\n", ethtool_has_netlink(et) ? "yes" : "no");
	ethtool_close(NULL);
}

static void test_nodev(void)
{
	struct nt_drvinfo drv;
	struct nt_ring ring;
	struct nt_channels ch;
	struct nt_eee eee;
	struct nt_netdev d = { 0 };
	char mac[32] = "x";

	CHECK_EQ_INT(ethtool_get_drvinfo(et, NODEV, &drv), -ENODEV);
	CHECK_EQ_INT(drv.err, -ENODEV);
	CHECK_EQ_INT(ethtool_get_stats(et, NODEV, &d), -ENODEV);
	CHECK_EQ_INT(d.stats_err, -ENODEV);
	CHECK_EQ_U64(d.n_stats, 0);
	/* through netlink when there is the family: the error callback's errno */
	CHECK_EQ_INT(ethtool_get_rings(et, NODEV, &ring), -ENODEV);
	CHECK_EQ_INT(ring.err, -ENODEV);
	CHECK_EQ_INT(ethtool_get_channels(et, NODEV, &ch), -ENODEV);
	CHECK_EQ_INT(ch.err, -ENODEV);
	CHECK_EQ_INT(ethtool_get_eee(et, NODEV, &eee), -ENODEV);
	CHECK_EQ_INT(eee.err, -ENODEV);
	CHECK_EQ_INT(ethtool_get_permaddr(et, NODEV, mac, sizeof(mac)), -ENODEV);
	CHECK_STR(mac, "");
	/* and the same through the ioctl fallbacks */
	CHECK_EQ_INT(ethtool_ioctl_get_rings(et, NODEV, &ring), -ENODEV);
	CHECK_EQ_INT(ethtool_ioctl_get_channels(et, NODEV, &ch), -ENODEV);
	CHECK_EQ_INT(ethtool_ioctl_get_eee(et, NODEV, &eee), -ENODEV);
}

static void test_bad_names(void)
{
	struct nt_drvinfo drv;
	struct nt_ring ring;

	CHECK_EQ_INT(ethtool_get_drvinfo(et, "", &drv), -EINVAL);
	CHECK_EQ_INT(ethtool_get_drvinfo(et, "a-name-longer-than-ifnamsiz", &drv), -EINVAL);
	CHECK_EQ_INT(ethtool_get_rings(et, "a-name-longer-than-ifnamsiz", &ring), -EINVAL);
}

/* loopback_ethtool_ops has no drvinfo, rings, channels, EEE or stats */
static void test_loopback(void)
{
	struct nt_drvinfo drv;
	struct nt_ring ring;
	struct nt_channels ch;
	struct nt_eee eee;
	struct nt_netdev d = { 0 };
	char mac[32] = "x";

	CHECK_EQ_INT(ethtool_get_drvinfo(et, "lo", &drv), -EOPNOTSUPP);
	CHECK_EQ_INT(ethtool_get_stats(et, "lo", &d), -EOPNOTSUPP);
	CHECK_EQ_INT(ethtool_get_rings(et, "lo", &ring), -EOPNOTSUPP);
	CHECK_EQ_INT(ring.err, -EOPNOTSUPP);
	CHECK_EQ_INT(ethtool_get_channels(et, "lo", &ch), -EOPNOTSUPP);
	CHECK_EQ_INT(ethtool_get_eee(et, "lo", &eee), -EOPNOTSUPP);
	CHECK(!eee.supported);
	/* loopback's perm_addr is all zeros: "" */
	CHECK_EQ_INT(ethtool_get_permaddr(et, "lo", mac, sizeof(mac)), 0);
	CHECK_STR(mac, "");
}

/* Reuse: many calls on one handle, errors in between, nothing left over. */
static void test_repeat(void)
{
	struct nt_ring ring;

	for (int i = 0; i < 200; i++) {
		int r = ethtool_get_rings(et, i % 2 ? "lo" : NODEV, &ring);

		if (r != (i % 2 ? -EOPNOTSUPP : -ENODEV)) {
			printf("# call %d: %d\n", i, r);
			check_failed++;
			break;
		}
	}
}

int main(void)
{
	RUN(test_open);
	if (!et) {
		CHECK_DONE();
	}
	RUN(test_nodev);
	RUN(test_bad_names);
	RUN(test_loopback);
	RUN(test_repeat);
	ethtool_close(et);
	CHECK_DONE();
}
