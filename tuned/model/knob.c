// SPDX-License-Identifier: GPL-2.0-or-later
#include "model/knob.h"

#include <string.h>

const struct nt_knob_info nt_knobs[NT_KNOB_COUNT] = {
	[NT_KNOB_NETDEV_BUDGET] = { "net.core.netdev_budget", NT_KT_NUMBER, NT_KW_HOST, "packets", false },
	[NT_KNOB_NETDEV_BUDGET_USECS] = { "net.core.netdev_budget_usecs", NT_KT_NUMBER, NT_KW_HOST, "µs", false },
	[NT_KNOB_NETDEV_MAX_BACKLOG] = { "net.core.netdev_max_backlog", NT_KT_NUMBER, NT_KW_HOST, "packets", false },
	[NT_KNOB_DEV_WEIGHT] = { "net.core.dev_weight", NT_KT_NUMBER, NT_KW_HOST, "packets", false },
	[NT_KNOB_RPS_SOCK_FLOW_ENTRIES] = { "net.core.rps_sock_flow_entries", NT_KT_NUMBER, NT_KW_HOST, "entries", false },
	[NT_KNOB_RING_RX] = { "ring.rx", NT_KT_NUMBER, NT_KW_DEVICE, "descriptors", true },
	[NT_KNOB_RING_TX] = { "ring.tx", NT_KT_NUMBER, NT_KW_DEVICE, "descriptors", true },
	[NT_KNOB_CHANNELS_COMBINED] = { "channels.combined", NT_KT_NUMBER, NT_KW_DEVICE, "queues", true },
	[NT_KNOB_IRQ_AFFINITY] = { "irq.affinity", NT_KT_CPUS, NT_KW_IRQ, "", false },
	[NT_KNOB_RPS_CPUS] = { "rps.cpus", NT_KT_CPUS, NT_KW_QUEUE, "", false },
	[NT_KNOB_RPS_FLOW_CNT] = { "rps.flow_cnt", NT_KT_NUMBER, NT_KW_QUEUE, "entries", false },
	[NT_KNOB_EEE_ENABLED] = { "eee.enabled", NT_KT_BOOL, NT_KW_DEVICE, "", true },
};

int knob_by_name(const char *name)
{
	for (int k = 0; k < NT_KNOB_COUNT; k++)
		if (!strcmp(nt_knobs[k].name, name))
			return k;
	return -1;
}

bool knob_id_equal(const struct nt_knob_id *a, const struct nt_knob_id *b)
{
	return a->knob == b->knob && a->queue == b->queue && a->irq == b->irq &&
	       !strcmp(a->device, b->device);
}
