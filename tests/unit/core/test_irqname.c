// SPDX-License-Identifier: GPL-2.0-or-later
#include "check.h"
#include "sample/irqname.h"

static void expect(const char *action, const char *ifname, int queue, enum nt_qdir dir)
{
	int q;
	enum nt_qdir d;

	irqname_parse(action, ifname, &q, &d);
	if (q != queue || d != dir) {
		printf("# %s (ifname %s): queue %d dir %d, expected queue %d dir %d\n", action,
		       ifname ? ifname : "-", q, d, queue, dir);
		check_failed++;
	}
}

static void driver_names(void)
{
	expect("eth3-TxRx-5", "eth3", 5, NT_Q_COMBINED);      /* bnxt, ixgbe, igb */
	expect("i40e-eth0-TxRx-3", "eth0", 3, NT_Q_COMBINED); /* i40e, ice */
	expect("ens5-Tx-Rx-0", "ens5", 0, NT_Q_COMBINED);     /* ena */
	expect("eth0-rx-0", "eth0", 0, NT_Q_RX);
	expect("eth0-tx-7", "eth0", 7, NT_Q_TX);
	expect("eth0:rx-2", "eth0", 2, NT_Q_RX); /* stmmac multi-IRQ */
	expect("eth0:mac", "eth0", -1, NT_Q_OTHER);
	expect("virtio2-input.0", "eth0", 0, NT_Q_RX);
	expect("virtio2-output.3", "eth0", 3, NT_Q_TX);
	expect("virtio2-config", "eth0", -1, NT_Q_OTHER);
	expect("mlx5_comp7@pci:0000:3b:00.0", "ens1f0", 7, NT_Q_COMBINED);
	expect("mlx5_async@pci:0000:3b:00.0", "ens1f0", -1, NT_Q_OTHER);
	expect("end0", "end0", -1, NT_Q_NONE); /* single-IRQ stmmac */
	expect("eth2", "eth2", -1, NT_Q_NONE);
	expect("eth1-3", "eth1", 3, NT_Q_COMBINED);
	/* digits in the interface name are not a queue */
	expect("enp59s0f1-TxRx-12", "enp59s0f1", 12, NT_Q_COMBINED);
	expect("i40e-0000:3b:00.0:misc", "eth0", -1, NT_Q_OTHER);
}

/* Cloud and Intel conventions (tests/fixtures/README.md, driver-conventions). */
static void cloud_names(void)
{
	int blk = -1;

	expect("mana_q3@pci:7870:00:00.0", "enP30832s1", 3, NT_Q_COMBINED);
	expect("mana_hwc@pci:7870:00:00.0", "enP30832s1", -1, NT_Q_OTHER);
	expect("i40e-0000:3b:00.0:fdir-TxRx-0", "eth0", -1, NT_Q_OTHER);
	expect("gve-mgmnt@pci:0000:00:04.0", "ens4", -1, NT_Q_OTHER);
	expect("eth%d-mgmnt", "ens4", -1, NT_Q_OTHER);
	/* gve blocks are TX or RX by the device's block count (irqmap.c) */
	CHECK(irqname_notify_block("gve-ntfy-blk7@pci:0000:00:04.0", &blk));
	CHECK_EQ_INT(blk, 7);
	CHECK(irqname_notify_block("eth%d-ntfy-block.12", &blk)); /* gve before 6.3 */
	CHECK_EQ_INT(blk, 12);
	CHECK(irqname_notify_block("ens4-ntfy-block.0", &blk));
	CHECK_EQ_INT(blk, 0);
	CHECK(!irqname_notify_block("gve-mgmnt@pci:0000:00:04.0", &blk));
	CHECK(!irqname_notify_block("xgve-ntfy-blk1@pci:0000:00:04.0", &blk));
	CHECK(!irqname_notify_block("gve-ntfy-blk@pci:0000:00:04.0", &blk));
	CHECK(!irqname_notify_block("eth3-TxRx-1", &blk));
}

static void ifname_tokens(void)
{
	CHECK(irqname_has_ifname("eth3-TxRx-5", "eth3"));
	CHECK(irqname_has_ifname("i40e-eth3-TxRx-5", "eth3"));
	CHECK(irqname_has_ifname("end0", "end0"));
	CHECK(irqname_has_ifname("eth0:rx-0", "eth0"));
	CHECK(!irqname_has_ifname("eth30-TxRx-5", "eth3"));
	CHECK(!irqname_has_ifname("veth3-x", "eth3"));
	CHECK(!irqname_has_ifname("virtio2-input.0", "eth0"));
}

int main(void)
{
	RUN(driver_names);
	RUN(cloud_names);
	RUN(ifname_tokens);
	CHECK_DONE();
}
