// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Which devices the rules look at, and which rules fit a device. A NIC
 * (it has a device/ in sysfs) takes every rule. A virtual device has no
 * ring, no combined channels, no EEE and no IRQ of its own: veth answers
 * EOPNOTSUPP to ring.rx, channels.combined and eee.enabled (measured on
 * 6.18, README "Changing a host"); its packets reach the
 * stack through its NAPI (GRO, XDP) or netif_rx() and the backlog, where
 * get_rps_cpu() reads its rx queue's rps_map like any device's, so RPS is
 * the one receive knob that works on it.
 */
#include "engine/engine.h"

bool engine_device_watched(const struct nt_policy *p, const struct nt_netdev *d)
{
	if (!policy_wants_device(p, d->name))
		return false;
	if (d->kind == NT_DEV_PHYSICAL)
		return true;
	return !p->exclude_virtual && (d->kind == NT_DEV_VIRTUAL || d->kind == NT_DEV_LOOPBACK);
}

static bool knob_works_on_virtual(int knob)
{
	return knob == NT_KNOB_RPS_CPUS || knob == NT_KNOB_RPS_FLOW_CNT;
}

bool engine_rule_fits(const struct nt_rule *r, const struct nt_netdev *d)
{
	if (d->kind == NT_DEV_PHYSICAL)
		return true;
	switch (r->action) {
	case NT_RULE_ACT_ENABLE_RPS:
	case NT_RULE_ACT_NONE:
		return true;
	case NT_RULE_ACT_RAISE:
	case NT_RULE_ACT_SET:
		return knob_works_on_virtual(r->knob);
	case NT_RULE_ACT_SPREAD_IRQS:
		break;
	}
	return false;
}
