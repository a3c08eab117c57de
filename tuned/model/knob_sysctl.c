// SPDX-License-Identifier: GPL-2.0-or-later
/* The net.core sysctls: a number in the snapshot's sysctl[] (-1: absent). */
#include "model/knob_int.h"

#include <stdio.h>

bool knob_sysctl_read(const struct nt_snapshot *b, const struct nt_netdev *d,
		      const struct nt_knob_id *id, struct nt_value *out)
{
	int64_t v = b->sysctl[nt_knobs[id->knob].sysctl];

	(void)d;
	if (v < 0)
		return false;
	knob_value_set_number(out, v);
	return true;
}

void knob_sysctl_command(const struct nt_knob_id *id, const struct nt_value *to, char *out,
			 size_t size)
{
	char text[NT_VALUE_TEXT];

	knob_value_format(to, text, sizeof(text));
	snprintf(out, size, "sysctl -w %s=%s", nt_knobs[id->knob].name, text);
}
