// SPDX-License-Identifier: GPL-2.0-or-later
/* RPS and RFS per RX queue: /sys/class/net/DEV/queues/rx-N/{rps_cpus,rps_flow_cnt}. */
#include "model/knob_int.h"

#include <stdio.h>

bool knob_rps_read(const struct nt_snapshot *b, const struct nt_netdev *d,
		   const struct nt_knob_id *id, struct nt_value *out)
{
	const struct nt_rxq *q;

	(void)b;
	if (!d || id->queue < 0 || (unsigned int)id->queue >= d->n_rxq)
		return false;
	q = &d->rxq[id->queue];
	if (id->knob == NT_KNOB_RPS_FLOW_CNT) {
		if (q->rps_flow_cnt < 0)
			return false;
		knob_value_set_number(out, q->rps_flow_cnt);
		return true;
	}
	if (!q->has_rps)
		return false;
	knob_value_set_cpus(out, &q->rps_cpus);
	return true;
}

void knob_rps_command(const struct nt_knob_id *id, const struct nt_value *to, char *out,
		      size_t size)
{
	char text[NT_VALUE_TEXT];

	if (id->knob == NT_KNOB_RPS_FLOW_CNT) {
		snprintf(out, size, "echo %lld > /sys/class/net/%s/queues/rx-%d/rps_flow_cnt",
			 (long long)to->num, id->device, id->queue);
		return;
	}
	/* rps_cpus takes the mask form only */
	cpuset_format_mask(&to->cpus, text, sizeof(text));
	snprintf(out, size, "echo %s > /sys/class/net/%s/queues/rx-%d/rps_cpus", text, id->device,
		 id->queue);
}
