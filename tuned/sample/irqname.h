/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef NT_IRQNAME_H
#define NT_IRQNAME_H

#include <stdbool.h>

#include "model/snapshot.h"

/*
 * true when @action names interface @ifname as a whole token: "eth3",
 * "eth3-TxRx-5", "i40e-eth0-TxRx-3", "eth0:rx-0" (but not "eth30-rx-0").
 */
bool irqname_has_ifname(const char *action, const char *ifname);

/*
 * Queue number and direction from a driver's IRQ name. @ifname (may be
 * NULL) is removed first so a digit in it is not taken for a queue.
 *   eth3-TxRx-5 / i40e-eth0-TxRx-3 / ens5-Tx-Rx-0  -> combined 5 / 3 / 0
 *   eth0-rx-0 / eth0:tx-1                          -> rx 0 / tx 1
 *   virtio2-input.0 / virtio2-output.3             -> rx 0 / tx 3
 *   mlx5_comp7@pci:0000:3b:00.0                    -> combined 7
 *   eth0 (the whole name is the interface)         -> none, queue -1
 *   mana_q3@pci:7870:00:00.0                       -> combined 3
 *   virtio2-config, eth0:mac, mlx5_async@pci:...   -> other, queue -1
 *   mana_hwc@pci:..., i40e-0000:3b:00.0:fdir-TxRx-0 -> other, queue -1
 *   gve-ntfy-blk1@pci:...                          -> combined 1, until
 *                                 irqname_notify_block() tells TX from RX
 */
void irqname_parse(const char *action, const char *ifname, int *queue, enum nt_qdir *dir);

/*
 * A gve notify block, "gve-ntfy-blk3@pci:..." or "eth%d-ntfy-block.3":
 * true and its number. gve gives TX queue q block q and RX queue q block
 * num_blocks/2 + q (gve.h gve_tx_idx_to_ntfy(), gve_rx_idx_to_ntfy()),
 * num_blocks being the device's notify block vectors.
 */
bool irqname_notify_block(const char *action, int *block);

#endif
