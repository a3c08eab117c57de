/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Questions about one snapshot that several consumers ask. */
#ifndef NT_TOPOLOGY_H
#define NT_TOPOLOGY_H

#include "model/snapshot.h"

/*
 * The physical NICs that carry @d's traffic: @d itself when physical, the
 * NICs under a bond or VLAN (through any depth), none for virtual devices.
 * Returns how many were stored in @out (at most @max).
 */
size_t topology_netdev_physical(const struct nt_snapshot *s, const struct nt_netdev *d,
				const struct nt_netdev **out, size_t max);

/*
 * The CPU that took most of @irq's interrupts: from the deltas between @a
 * and @b when @a is given (and comparable), else from the counts since
 * boot. *share gets its fraction of the interrupts (0..1). -1 when the IRQ
 * has taken none.
 */
int topology_irq_top_cpu(const struct nt_snapshot *a, const struct nt_snapshot *b,
			 const struct nt_irq *irq_b, double *share);

const char *topology_qdir_name(enum nt_qdir dir);
const char *topology_devkind_name(enum nt_devkind kind);

#endif
