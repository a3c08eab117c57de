// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * /proc/softirqs: a header of CPU columns (possible CPUs on 3.10, online
 * ones on later kernels), then one row per softirq with a %10u count per
 * column (unsigned int: wraps at 2^32). We keep NET_RX and NET_TX. A row
 * with a count the kernel cannot print (wider than 32 bits, missing) is
 * damaged and kept out whole: has_softirqs says NET_RX was read.
 */
#include "sample/parsers.h"
#include "sample/readers.h"
#include "util/parse.h"

#include <errno.h>
#include <string.h>

static void row(struct nt_snapshot *snap, const unsigned int *col_cpu, unsigned int ncols,
		const char *p, bool rx)
{
	const char *start = p;

	/* first check the whole row, then store: a damaged row stores nothing */
	for (unsigned int c = 0; c < ncols; c++) {
		bool ok;
		uint64_t v = scan_u64(&p, &ok);

		if (!ok || v > UINT32_MAX) {
			snapshot_note(snap, "proc/softirqs", "%s row skipped: %s",
				      rx ? "NET_RX" : "NET_TX",
				      ok ? "a count does not fit 32 bits" :
					   "fewer counts than CPU columns");
			return;
		}
	}
	p = start;
	for (unsigned int c = 0; c < ncols; c++) {
		bool ok;
		uint32_t v = (uint32_t)scan_u64(&p, &ok);
		struct nt_cpu *cpu = &snap->cpus[col_cpu[c]];

		if (rx) {
			cpu->has_softirqs = true;
			cpu->net_rx = v;
		} else {
			cpu->net_tx = v;
		}
	}
}

int softirqs_parse(struct nt_snapshot *snap, unsigned int *col_cpu, const char *text)
{
	unsigned int ncols, span;
	const char *p = text;
	int r;

	snap->src_err[NT_SRC_SOFTIRQS] = 0;
	r = sampler_parse_cpu_header(col_cpu, &p, &span);
	if (r < 0) {
		snap->src_err[NT_SRC_SOFTIRQS] = r;
		return 0;
	}
	ncols = (unsigned int)r;
	for (unsigned int c = 0; c < ncols; c++)
		cpuset_set(&snap->softirq_cpus, col_cpu[c]);
	r = snapshot_reserve_cpus(snap, span);
	if (r < 0)
		return r;
	for (; *p; p = next_line(p)) {
		const char *name = skip_blanks(p);

		if (!strncmp(name, "NET_RX:", 7))
			row(snap, col_cpu, ncols, name + 7, true);
		else if (!strncmp(name, "NET_TX:", 7))
			row(snap, col_cpu, ncols, name + 7, false);
	}
	return 0;
}

int sample_read_softirqs(struct nt_sampler *s, struct nt_snapshot *snap)
{
	long n = sample_read_kept(s, &s->buf, "proc/softirqs");

	snap->src_err[NT_SRC_SOFTIRQS] = n < 0 ? (int)n : 0;
	if (n < 0)
		return 0;
	return softirqs_parse(snap, s->col_cpu, s->buf.data);
}
