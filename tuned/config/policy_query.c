// SPDX-License-Identifier: GPL-2.0-or-later
/* What the engine asks a loaded policy. */
#include "config/policy.h"

#include <fnmatch.h>

/*
 * Devices that carry no NIC receive path of their own: loopback, container
 * and VM plumbing, overlays and bridges. Tuning them tunes nothing, and
 * they come and go with every container.
 */
static const char *const virtual_globs[] = {
	"lo",     "veth*", "docker*", "cni*", "cali*", "flannel*",
	"vxlan*", "br-*",  "virbr*",  "tun*", "tap*",
};

static bool glob_any(const char (*globs)[NT_POLICY_GLOB_MAX], unsigned int n, const char *name)
{
	for (unsigned int i = 0; i < n; i++)
		if (fnmatch(globs[i], name, 0) == 0)
			return true;
	return false;
}

bool policy_wants_device(const struct nt_policy *p, const char *ifname)
{
	if (p->n_include && !glob_any(p->include, p->n_include, ifname))
		return false;
	if (glob_any(p->exclude, p->n_exclude, ifname))
		return false;
	if (p->exclude_virtual)
		for (size_t i = 0; i < sizeof(virtual_globs) / sizeof(virtual_globs[0]); i++)
			if (fnmatch(virtual_globs[i], ifname, 0) == 0)
				return false;
	return true;
}

unsigned int policy_sustain(const struct nt_policy *p, const struct nt_rule *r)
{
	return r->sustain ? r->sustain : p->safety.sustain;
}

double policy_cooldown(const struct nt_policy *p, enum nt_knob knob)
{
	if ((unsigned int)knob < NT_KNOB_COUNT && p->safety.knob_cooldown_s[knob] >= 0)
		return p->safety.knob_cooldown_s[knob];
	return p->safety.cooldown_s;
}
