// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * channels.combined (ethtool -L DEV combined N): queue pairs sharing one
 * interrupt. Drivers with separate RX and TX channels (veth among them)
 * report a combined maximum of 0 and cannot take this knob.
 */
#include "act/act_int.h"

#include <errno.h>
#include <stdio.h>

static int get_channels(struct nt_act *a, const struct nt_knob_id *t, struct nt_channels *ch,
			struct nt_act_result *res)
{
	int r = a->io->ops->get_channels(a->io, t->device, ch);

	if (r == -EOPNOTSUPP)
		act_say(res, "the driver does not report its channels");
	else if (r)
		act_say(res, "cannot read the channel counts");
	return r;
}

static int channels_read(struct nt_act *a, const struct nt_knob_id *t, struct nt_value *out,
			 struct nt_act_result *res)
{
	struct nt_channels ch;
	int r = get_channels(a, t, &ch, res);

	if (!r)
		knob_value_set_number(out, ch.combined);
	return r;
}

static int channels_check(struct nt_act *a, const struct nt_snapshot *snap,
			  const struct nt_knob_id *t, const struct nt_value *want,
			  struct nt_act_result *res)
{
	struct nt_channels ch;
	int r = get_channels(a, t, &ch, res);

	if (r)
		return r;
	if (!ch.combined_max) {
		act_say(res,
			"the driver has no combined channels (maximum 0; it has %u RX and %u TX)",
			ch.rx_max, ch.tx_max);
		return -EOPNOTSUPP;
	}
	if (want->num < 1 || want->num > ch.combined_max) {
		act_say(res,
			"channels.combined must be between 1 and the driver's maximum, %u queues",
			ch.combined_max);
		return -EINVAL;
	}
	return 0;
}

static int channels_write(struct nt_act *a, const struct nt_knob_id *t, const struct nt_value *want,
			  struct nt_act_result *res)
{
	struct nt_channels_set set = { .rx = -1, .tx = -1, .combined = want->num };
	struct nt_extack ack = { "" };
	int r = a->io->ops->set_channels(a->io, t->device, &set, &ack);

	if (r)
		act_say_refused(res, "the channel count", &ack);
	return r;
}

const struct nt_knob_ops act_channels_ops = {
	.read = channels_read,
	.check = channels_check,
	.write = channels_write,
};
