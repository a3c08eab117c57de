// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ring.rx and ring.tx (ethtool -G). Resizing makes most drivers free and
 * reallocate their rings, which takes the link down for a moment: the
 * engine marks it disruptive; here it is only checked against the driver's
 * own maximum, as net/ethtool/rings.c does before asking the driver.
 */
#include "act/act_int.h"

#include <errno.h>
#include <stdio.h>

static bool is_rx(const struct nt_knob_id *t)
{
	return t->knob == NT_KNOB_RING_RX;
}

static int get_rings(struct nt_act *a, const struct nt_knob_id *t, struct nt_ring *ring,
		     struct nt_act_result *res)
{
	int r = a->io->ops->get_rings(a->io, t->device, ring);

	if (r == -EOPNOTSUPP)
		act_say(res, "the driver does not report its rings");
	else if (r)
		act_say(res, "cannot read the ring sizes");
	return r;
}

static int ring_read(struct nt_act *a, const struct nt_knob_id *t, struct nt_value *out,
		     struct nt_act_result *res)
{
	struct nt_ring ring;
	int r = get_rings(a, t, &ring, res);

	if (!r)
		knob_value_set_number(out, is_rx(t) ? ring.rx : ring.tx);
	return r;
}

static int ring_check(struct nt_act *a, const struct nt_snapshot *snap, const struct nt_knob_id *t,
		      const struct nt_value *want, struct nt_act_result *res)
{
	struct nt_ring ring;
	uint32_t max;
	int r = get_rings(a, t, &ring, res);

	if (r)
		return r;
	max = is_rx(t) ? ring.rx_max : ring.tx_max;
	if (!max) {
		act_say(res,
			"the driver reports no maximum for its %s ring, so it cannot be resized",
			is_rx(t) ? "RX" : "TX");
		return -EOPNOTSUPP;
	}
	if (want->num < 1 || want->num > max) {
		act_say(res, "%s must be between 1 and the driver's maximum, %u descriptors",
			nt_knobs[t->knob].name, max);
		return -EINVAL;
	}
	return 0;
}

static int ring_write(struct nt_act *a, const struct nt_knob_id *t, const struct nt_value *want,
		      struct nt_act_result *res)
{
	struct nt_ring_set set = { .rx = -1, .tx = -1 };
	struct nt_extack ack = { "" };
	int r;

	*(is_rx(t) ? &set.rx : &set.tx) = want->num;
	r = a->io->ops->set_rings(a->io, t->device, &set, &ack);
	if (r)
		act_say_refused(res, "the ring size", &ack);
	return r;
}

const struct nt_knob_ops act_ring_ops = {
	.read = ring_read,
	.check = ring_check,
	.write = ring_write,
};
