// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Online CPUs and the CPUs the host keeps for other work. isolated and
 * nohz_full exist only on kernels built with the matching options (both
 * appeared around 4.x); a missing file means "none kept".
 */
#include "sample/readers.h"

#include <errno.h>

static int read_cpulist(struct nt_sampler *s, const char *path, struct nt_cpuset *set)
{
	long n = sample_read_kept(s, &s->buf, path);

	cpuset_zero(set);
	if (n < 0)
		return (int)n;
	return cpuset_parse_list(set, s->buf.data);
}

int sample_read_cpus(struct nt_sampler *s, struct nt_snapshot *snap)
{
	int r = read_cpulist(s, "sys/devices/system/cpu/online", &snap->online);

	snap->src_err[NT_SRC_CPU_ONLINE] = r;
	read_cpulist(s, "sys/devices/system/cpu/isolated", &snap->isolated);
	read_cpulist(s, "sys/devices/system/cpu/nohz_full", &snap->nohz_full);
	if (r == 0)
		return snapshot_reserve_cpus(snap, cpuset_span(&snap->online));
	return 0;
}
