// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Per-CPU time from /proc/stat, in USER_HZ ticks:
 *   cpuN user nice system idle iowait irq softirq steal guest guest_nice
 * guest and guest_nice are already counted in user and nice, so the total
 * is the sum of the first eight. Older kernels print fewer columns.
 * Each is a u64; a value or a sum beyond 64 bits makes the line unreadable.
 */
#include "sample/parsers.h"
#include "sample/readers.h"
#include "util/parse.h"

#include <inttypes.h>
#include <string.h>

static void cpu_line(struct nt_snapshot *snap, const char *p)
{
	uint64_t v, total = 0, softirq = 0;
	unsigned int col;
	bool ok;
	uint64_t cpu = scan_u64(&p, &ok);

	if (!ok || cpu >= snap->ncpus)
		return; /* a CPU no other source knows of has nothing to pair with */
	for (col = 0; col < 8; col++) {
		int r = parse_u64_exact(&p, &v);

		if (!r)
			break;
		if (r < 0 || total > UINT64_MAX - v) {
			snapshot_note(snap, "proc/stat",
				      "cpu%" PRIu64 " skipped: "
				      "its ticks do not fit 64 bits",
				      cpu);
			return;
		}
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

void procstat_parse(struct nt_snapshot *snap, const char *text)
{
	for (const char *p = text; *p; p = next_line(p)) {
		if (strncmp(p, "cpu", 3))
			continue;
		if (p[3] >= '0' && p[3] <= '9')
			cpu_line(snap, p + 3);
	}
}

int sample_read_procstat(struct nt_sampler *s, struct nt_snapshot *snap)
{
	long n = sample_read_kept(s, &s->buf, "proc/stat");

	snap->src_err[NT_SRC_STAT] = n < 0 ? (int)n : 0;
	if (n >= 0)
		procstat_parse(snap, s->buf.data);
	return 0;
}
