// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The knob table: one entry per knob, everything about it that does not
 * write (the actuators' part is act/act.c's table by family). A new knob
 * is one entry here, its family's file (or a new one) and a rule.
 */
#include "model/knob_int.h"

#include <string.h>

#define SYSCTL(k, nm, unit_, sc)          \
	[k] = { .name = nm,               \
		.type = NT_KT_NUMBER,     \
		.where = NT_KW_HOST,      \
		.unit = unit_,            \
		.family = NT_KFAM_SYSCTL, \
		.sysctl = sc,             \
		.read = knob_sysctl_read, \
		.command = knob_sysctl_command }

const struct nt_knob_info nt_knobs[NT_KNOB_COUNT] = {
	SYSCTL(NT_KNOB_NETDEV_BUDGET, "net.core.netdev_budget", "packets",
	       NT_SYSCTL_NETDEV_BUDGET),
	SYSCTL(NT_KNOB_NETDEV_BUDGET_USECS, "net.core.netdev_budget_usecs", "µs",
	       NT_SYSCTL_NETDEV_BUDGET_USECS),
	SYSCTL(NT_KNOB_NETDEV_MAX_BACKLOG, "net.core.netdev_max_backlog", "packets",
	       NT_SYSCTL_NETDEV_MAX_BACKLOG),
	SYSCTL(NT_KNOB_DEV_WEIGHT, "net.core.dev_weight", "packets", NT_SYSCTL_DEV_WEIGHT),
	SYSCTL(NT_KNOB_RPS_SOCK_FLOW_ENTRIES, "net.core.rps_sock_flow_entries", "entries",
	       NT_SYSCTL_RPS_SOCK_FLOW_ENTRIES),
	[NT_KNOB_RING_RX] = {
		.name = "ring.rx", .type = NT_KT_NUMBER, .where = NT_KW_DEVICE,
		.unit = "descriptors", .disruptive = true, .family = NT_KFAM_RING, .sysctl = -1,
		.read = knob_ring_read, .read_err = knob_ring_read_err, .hw_max = knob_ring_max,
		.command = knob_ring_command,
	},
	[NT_KNOB_RING_TX] = {
		.name = "ring.tx", .type = NT_KT_NUMBER, .where = NT_KW_DEVICE,
		.unit = "descriptors", .disruptive = true, .family = NT_KFAM_RING, .sysctl = -1,
		.read = knob_ring_read, .read_err = knob_ring_read_err, .hw_max = knob_ring_max,
		.command = knob_ring_command,
	},
	[NT_KNOB_CHANNELS_COMBINED] = {
		.name = "channels.combined", .type = NT_KT_NUMBER, .where = NT_KW_DEVICE,
		.unit = "queues", .disruptive = true, .family = NT_KFAM_CHANNELS, .sysctl = -1,
		.read = knob_channels_read, .read_err = knob_channels_read_err,
		.hw_max = knob_channels_max, .command = knob_channels_command,
	},
	[NT_KNOB_IRQ_AFFINITY] = {
		.name = "irq.affinity", .type = NT_KT_CPUS, .where = NT_KW_IRQ, .unit = "",
		.family = NT_KFAM_IRQ, .sysctl = -1, .read = knob_irq_read,
		.command = knob_irq_command,
	},
	[NT_KNOB_RPS_CPUS] = {
		.name = "rps.cpus", .type = NT_KT_CPUS, .where = NT_KW_QUEUE, .unit = "",
		.family = NT_KFAM_RPS, .sysctl = -1, .read = knob_rps_read,
		.command = knob_rps_command,
	},
	[NT_KNOB_RPS_FLOW_CNT] = {
		.name = "rps.flow_cnt", .type = NT_KT_NUMBER, .where = NT_KW_QUEUE,
		.unit = "entries", .family = NT_KFAM_RPS, .sysctl = -1, .read = knob_rps_read,
		.command = knob_rps_command,
	},
	[NT_KNOB_EEE_ENABLED] = {
		.name = "eee.enabled", .type = NT_KT_BOOL, .where = NT_KW_DEVICE, .unit = "",
		.disruptive = true, .family = NT_KFAM_EEE, .sysctl = -1, .read = knob_eee_read,
		.read_err = knob_eee_read_err, .command = knob_eee_command,
	},
};

int knob_by_name(const char *name)
{
	for (int k = 0; k < NT_KNOB_COUNT; k++)
		if (!strcmp(nt_knobs[k].name, name))
			return k;
	return -1;
}

/* One instance per identity: an IRQ's is its number, a queue's its device and number. */
bool knob_id_equal(const struct nt_knob_id *a, const struct nt_knob_id *b)
{
	if (a->knob != b->knob)
		return false;
	switch (a->knob < 0 ? NT_KW_HOST : nt_knobs[a->knob].where) {
	case NT_KW_IRQ:
		return a->irq == b->irq;
	case NT_KW_QUEUE:
		return a->queue == b->queue && !strcmp(a->device, b->device);
	case NT_KW_DEVICE:
		return !strcmp(a->device, b->device);
	default:
		return true;
	}
}

bool knob_read(const struct nt_snapshot *b, const struct nt_knob_id *id, struct nt_value *out)
{
	enum nt_knob_where w = nt_knobs[id->knob].where;
	const struct nt_netdev *d = NULL;

	if (w == NT_KW_DEVICE || w == NT_KW_QUEUE) {
		d = id->device[0] ? snapshot_find_dev(b, id->device) : NULL;
		if (!d)
			return false;
	}
	return nt_knobs[id->knob].read(b, d, id, out);
}
