// SPDX-License-Identifier: GPL-2.0-or-later
/* irq.affinity: /proc/irq/N/smp_affinity_list of an IRQ the snapshot has. */
#include "model/knob_int.h"

#include <stdio.h>

bool knob_irq_read(const struct nt_snapshot *b, const struct nt_netdev *d,
		   const struct nt_knob_id *id, struct nt_value *out)
{
	(void)d;
	for (size_t i = 0; i < b->nirqs; i++) {
		if ((int)b->irqs[i].irq != id->irq || !b->irqs[i].has_affinity)
			continue;
		knob_value_set_cpus(out, &b->irqs[i].affinity);
		return true;
	}
	return false;
}

void knob_irq_command(const struct nt_knob_id *id, const struct nt_value *to, char *out,
		      size_t size)
{
	char text[NT_VALUE_TEXT];

	knob_value_format(to, text, sizeof(text));
	snprintf(out, size, "echo %s > /proc/irq/%d/smp_affinity_list", text, id->irq);
}
