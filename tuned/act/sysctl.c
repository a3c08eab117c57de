// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * net.core sysctls. They exist only in the initial network namespace's
 * /proc/sys/net/core (net/core/sysctl_net_core.c registers them for
 * init_net alone), so inside `ip netns exec` they are missing: ENOENT,
 * said as such.
 */
#include "act/act_int.h"

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "util/parse.h"
#include "util/path.h"

static int sysctl_path(const struct nt_knob_id *t, char *path, size_t size)
{
	return path_printf(path, size, "proc/sys/net/core/%s",
			   nt_knobs[t->knob].name + strlen("net.core."));
}

static int sysctl_read(struct nt_act *a, const struct nt_knob_id *t, struct nt_value *out,
		       struct nt_act_result *res)
{
	char path[128];
	int64_t n;
	int r;

	sysctl_path(t, path, sizeof(path));
	r = act_read_file(a, path, res);
	if (r == -ENOENT)
		act_say(res,
			"/%s does not exist here (the net.core sysctls live only in the "
			"host's initial network namespace, and netdev_budget_usecs from 4.12)",
			path);
	if (r)
		return r;
	if (parse_i64(a->buf.data, &n)) {
		act_say(res, "/%s: not a number: '%.40s'", path, a->buf.data);
		return -EPROTO;
	}
	knob_value_set_number(out, n);
	return 0;
}

static bool pow2_or_zero(int64_t n)
{
	return n >= 0 && !(n & (n - 1));
}

/*
 * What the kernel accepts and what keeps the receive path working: a zero
 * budget, weight or backlog would stop NAPI or drop every packet, and
 * rps_sock_flow_entries is rounded up to a power of two (capped at 2^29),
 * so only powers of two read back as written.
 */
static int sysctl_check(struct nt_act *a, const struct nt_snapshot *snap,
			const struct nt_knob_id *t, const struct nt_value *want,
			struct nt_act_result *res)
{
	if (t->knob == NT_KNOB_RPS_SOCK_FLOW_ENTRIES) {
		if (!pow2_or_zero(want->num) || want->num > (INT64_C(1) << 29)) {
			act_say(res, "%s must be 0 or a power of two up to 536870912 entries",
				nt_knobs[t->knob].name);
			return -EINVAL;
		}
		return 0;
	}
	if (want->num < 1 || want->num > INT_MAX) {
		act_say(res, "%s must be between 1 and %d %s", nt_knobs[t->knob].name, INT_MAX,
			nt_knobs[t->knob].unit);
		return -EINVAL;
	}
	return 0;
}

static int sysctl_write(struct nt_act *a, const struct nt_knob_id *t, const struct nt_value *want,
			struct nt_act_result *res)
{
	char path[128], text[32];

	sysctl_path(t, path, sizeof(path));
	snprintf(text, sizeof(text), "%" PRId64 "\n", want->num);
	return act_write_file(a, path, text, res);
}

const struct nt_knob_ops act_sysctl_ops = {
	.read = sysctl_read,
	.check = sysctl_check,
	.write = sysctl_write,
};
