// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Rings, channels and EEE: what the ethtool interfaces said of a device
 * (its err member: 0, or -EOPNOTSUPP when the driver lacks the operation).
 * The driver's maximum is a hard bound whatever the policy says.
 */
#include "model/knob_int.h"

#include <stdio.h>

bool knob_ring_read(const struct nt_snapshot *b, const struct nt_netdev *d,
		    const struct nt_knob_id *id, struct nt_value *out)
{
	(void)b;
	if (!d || d->ring.err)
		return false;
	knob_value_set_number(out, id->knob == NT_KNOB_RING_RX ? d->ring.rx : d->ring.tx);
	return true;
}

int knob_ring_read_err(const struct nt_netdev *d)
{
	return d ? d->ring.err : 0;
}

long long knob_ring_max(const struct nt_netdev *d, const struct nt_knob_id *id)
{
	unsigned int max;

	if (!d || d->ring.err)
		return -1;
	max = id->knob == NT_KNOB_RING_RX ? d->ring.rx_max : d->ring.tx_max;
	return max ? (long long)max : -1;
}

void knob_ring_command(const struct nt_knob_id *id, const struct nt_value *to, char *out,
		       size_t size)
{
	snprintf(out, size, "ethtool -G %s %s %lld", id->device,
		 id->knob == NT_KNOB_RING_RX ? "rx" : "tx", (long long)to->num);
}

bool knob_channels_read(const struct nt_snapshot *b, const struct nt_netdev *d,
			const struct nt_knob_id *id, struct nt_value *out)
{
	(void)b;
	(void)id;
	if (!d || d->ch.err)
		return false;
	knob_value_set_number(out, d->ch.combined);
	return true;
}

int knob_channels_read_err(const struct nt_netdev *d)
{
	return d ? d->ch.err : 0;
}

long long knob_channels_max(const struct nt_netdev *d, const struct nt_knob_id *id)
{
	(void)id;
	return d && !d->ch.err && d->ch.combined_max ? (long long)d->ch.combined_max : -1;
}

void knob_channels_command(const struct nt_knob_id *id, const struct nt_value *to, char *out,
			   size_t size)
{
	snprintf(out, size, "ethtool -L %s combined %lld", id->device, (long long)to->num);
}

bool knob_eee_read(const struct nt_snapshot *b, const struct nt_netdev *d,
		   const struct nt_knob_id *id, struct nt_value *out)
{
	(void)b;
	(void)id;
	if (!d || d->eee.err)
		return false;
	knob_value_set_bool(out, d->eee.enabled);
	return true;
}

int knob_eee_read_err(const struct nt_netdev *d)
{
	return d ? d->eee.err : 0;
}

void knob_eee_command(const struct nt_knob_id *id, const struct nt_value *to, char *out,
		      size_t size)
{
	snprintf(out, size, "ethtool --set-eee %s eee %s", id->device, to->on ? "on" : "off");
}
