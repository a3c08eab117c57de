// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * rps.cpus and rps.flow_cnt of one RX queue:
 * /sys/class/net/DEV/queues/rx-N/rps_cpus takes a hex mask in 32-bit
 * comma-separated groups (bitmap_parse, any CPU count); rps_flow_cnt is
 * rounded up to a power of two by net/core/net-sysfs.c, so only powers of
 * two read back as written. Both files are missing on kernels built
 * without CONFIG_RPS.
 */
#include "act/act_int.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "util/parse.h"
#include "util/path.h"

static bool is_cpus(const struct nt_knob_id *t)
{
	return t->knob == NT_KNOB_RPS_CPUS;
}

static void rps_path(const struct nt_knob_id *t, char *path, size_t size)
{
	path_printf(path, size, "sys/class/net/%s/queues/rx-%d/%s", t->device, t->queue,
		    is_cpus(t) ? "rps_cpus" : "rps_flow_cnt");
}

/* ENOENT: the device, the queue or CONFIG_RPS is missing; say which. */
static int missing(struct nt_act *a, const struct nt_knob_id *t, const char *path,
		   struct nt_act_result *res)
{
	char queue[96];

	if (act_dev_errno(a, t->device, -ENOENT) == -ENODEV) {
		act_say(res, "network device %s no longer exists", t->device);
		return -ENODEV;
	}
	path_printf(queue, sizeof(queue), "sys/class/net/%s/queues/rx-%d", t->device, t->queue);
	if (a->io->ops->read(a->io, queue, &a->buf) == -ENOENT) {
		act_say(res, "%s has no RX queue %d (no /%s)", t->device, t->queue, queue);
		return -ENODEV;
	}
	act_say(res, "no /%s: this kernel was built without CONFIG_RPS", path);
	return -EOPNOTSUPP;
}

static int rps_read(struct nt_act *a, const struct nt_knob_id *t, struct nt_value *out,
		    struct nt_act_result *res)
{
	char path[128];
	int64_t n = 0;
	int r;

	rps_path(t, path, sizeof(path));
	r = act_read_file(a, path, res);
	if (r == -ENOENT)
		return missing(a, t, path, res);
	if (r)
		return r;
	if (is_cpus(t)) {
		out->type = NT_KT_CPUS;
		r = cpuset_parse_mask(&out->cpus, a->buf.data);
	} else {
		r = parse_i64(a->buf.data, &n);
		knob_value_set_number(out, n);
	}
	if (r) {
		act_say(res, "/%s: cannot parse '%.40s'", path, a->buf.data);
		return -EPROTO;
	}
	return 0;
}

static int rps_check(struct nt_act *a, const struct nt_snapshot *snap, const struct nt_knob_id *t,
		     const struct nt_value *want, struct nt_act_result *res)
{
	if (!is_cpus(t)) {
		if (want->num < 0 || want->num > (INT64_C(1) << 30) ||
		    (want->num & (want->num - 1))) {
			act_say(res, "rps.flow_cnt must be 0 or a power of two up to 1073741824 "
				     "entries (the kernel rounds anything else up)");
			return -EINVAL;
		}
		return 0;
	}
	return act_check_online(snap, &want->cpus, res);
}

static int rps_write(struct nt_act *a, const struct nt_knob_id *t, const struct nt_value *want,
		     struct nt_act_result *res)
{
	char path[128], text[NT_CPUSET_WORDS * 18 + 2];
	int r;

	rps_path(t, path, sizeof(path));
	if (is_cpus(t))
		cpuset_format_mask(&want->cpus, text, sizeof(text) - 1);
	else
		snprintf(text, sizeof(text), "%" PRId64, want->num);
	strcat(text, "\n");
	r = a->io->ops->write(a->io, path, text);
	if (r == -ENOENT)
		return missing(a, t, path, res);
	if (r)
		act_say(res, "/%s: the kernel refused %s", path, strtok(text, "\n"));
	return r;
}

const struct nt_knob_ops act_rps_ops = {
	.read = rps_read,
	.check = rps_check,
	.write = rps_write,
};
