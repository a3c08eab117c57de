// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * /proc/softirqs: a header of CPU columns (possible CPUs on 3.10, online
 * ones on later kernels), then one row per softirq with a %10u count per
 * column (unsigned int: wraps at 2^32). We keep NET_RX and NET_TX.
 */
#include "sample/readers.h"
#include "util/parse.h"

#include <errno.h>
#include <string.h>

static void row(struct nt_snapshot *snap, const unsigned int *col_cpu, unsigned int ncols,
		const char *p, bool rx)
{
	for (unsigned int c = 0; c < ncols; c++) {
		bool ok;
		uint64_t v = scan_u64(&p, &ok);
		struct nt_cpu *cpu = &snap->cpus[col_cpu[c]];

		if (!ok)
			break;
		cpu->has_softirqs = true;
		if (rx)
			cpu->net_rx = (uint32_t)v;
		else
			cpu->net_tx = (uint32_t)v;
	}
}

int read_softirqs(struct nt_sampler *s, struct nt_snapshot *snap)
{
	long n = buf_read_at(&s->buf, s->rootfd, "proc/softirqs");
	unsigned int ncols, span;
	const char *p;
	int r;

	snap->src_err[NT_SRC_SOFTIRQS] = n < 0 ? (int)n : 0;
	if (n < 0)
		return 0;
	p = s->buf.data;
	r = parse_cpu_header(s, &p, &span);
	if (r < 0) {
		snap->src_err[NT_SRC_SOFTIRQS] = r;
		return 0;
	}
	ncols = (unsigned int)r;
	for (unsigned int c = 0; c < ncols; c++)
		cpuset_set(&snap->softirq_cpus, s->col_cpu[c]);
	r = snapshot_reserve_cpus(snap, span);
	if (r < 0)
		return r;
	for (; *p; p = next_line(p)) {
		const char *name = skip_blanks(p);

		if (!strncmp(name, "NET_RX:", 7))
			row(snap, s->col_cpu, ncols, name + 7, true);
		else if (!strncmp(name, "NET_TX:", 7))
			row(snap, s->col_cpu, ncols, name + 7, false);
	}
	return 0;
}
