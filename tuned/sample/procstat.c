// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Per-CPU time from /proc/stat, in USER_HZ ticks:
 *   cpuN user nice system idle iowait irq softirq steal guest guest_nice
 * guest and guest_nice are already counted in user and nice, so the total
 * is the sum of the first eight. Older kernels print fewer columns.
 */
#include "sample/readers.h"
#include "util/parse.h"

#include <string.h>

static void cpu_line(struct nt_snapshot *snap, const char *p)
{
	uint64_t v, total = 0, softirq = 0;
	unsigned int col;
	bool ok;
	uint64_t cpu = scan_u64(&p, &ok);

	if (!ok || cpu >= snap->ncpus)
		return;	/* a CPU no other source knows of has nothing to pair with */
	for (col = 0; col < 8; col++) {
		v = scan_u64(&p, &ok);
		if (!ok)
			break;
		total += v;
		if (col == 6)
			softirq = v;
	}
	if (col < 7)
		return;
	snap->cpus[cpu].has_stat = true;
	snap->cpus[cpu].softirq_ticks = softirq;
	snap->cpus[cpu].total_ticks = total;
}

int read_procstat(struct nt_sampler *s, struct nt_snapshot *snap)
{
	long n = buf_read_at(&s->buf, s->rootfd, "proc/stat");

	snap->src_err[NT_SRC_STAT] = n < 0 ? (int)n : 0;
	if (n < 0)
		return 0;
	for (const char *p = s->buf.data; *p; p = next_line(p)) {
		if (strncmp(p, "cpu", 3))
			continue;
		if (p[3] >= '0' && p[3] <= '9')
			cpu_line(snap, p + 3);
	}
	return 0;
}
