// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * eee.enabled (ethtool --set-eee DEV eee on|off). Changing it makes the
 * PHY renegotiate, which drops the link for a moment (disruptive). A
 * driver without EEE answers EOPNOTSUPP, which is a normal answer.
 */
#include "act/act_int.h"

#include <errno.h>
#include <stdio.h>

static int eee_read(struct nt_act *a, const struct nt_knob_id *t, struct nt_value *out,
		    struct nt_act_result *res)
{
	struct nt_eee eee;
	int r = a->io->ops->get_eee(a->io, t->device, &eee);

	if (r == -EOPNOTSUPP)
		act_say(res, "the driver does not support EEE");
	else if (r)
		act_say(res, "cannot read the EEE settings");
	if (r)
		return r;
	out->type = NT_KT_BOOL;
	out->on = eee.enabled;
	return 0;
}

static int eee_check(struct nt_act *a, const struct nt_snapshot *snap, const struct nt_knob_id *t,
		     const struct nt_value *want, struct nt_act_result *res)
{
	return 0;
}

static int eee_write(struct nt_act *a, const struct nt_knob_id *t, const struct nt_value *want,
		     struct nt_act_result *res)
{
	struct nt_extack ack = { "" };
	int r = a->io->ops->set_eee(a->io, t->device, want->on, &ack);

	if (r)
		act_say_refused(res, "the EEE change", &ack);
	return r;
}

const struct nt_knob_ops act_eee_ops = {
	.read = eee_read,
	.check = eee_check,
	.write = eee_write,
};
