// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * /proc/softirqs: a header of CPU columns (possible CPUs on 3.10, online
 * ones on later kernels), then one row per softirq with a %10u count per
 * column (unsigned int: wraps at 2^32). We keep NET_RX and NET_TX.
 */
#include "sample/readers.h"
#include "util/parse.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define SOFTIRQ_MAX_COLS NT_MAX_CPUS

static int header(struct nt_sampler *s, struct nt_snapshot *snap, const char **pp,
		  unsigned int *ncols)
{
	const char *p = *pp;
	unsigned int n = 0, span = 0;

	while (*p && *p != '\n') {
		bool ok;
		uint64_t cpu;

		p = skip_blanks(p);
		if (strncmp(p, "CPU", 3))
			break;
		p += 3;
		cpu = scan_u64(&p, &ok);
		if (!ok || cpu >= NT_MAX_CPUS || n >= s->col_cap)
			return -EINVAL;
		s->col_cpu[n++] = (unsigned int)cpu;
		cpuset_set(&snap->softirq_cpus, (unsigned int)cpu);
		if (cpu + 1 > span)
			span = (unsigned int)cpu + 1;
	}
	*pp = next_line(p);
	*ncols = n;
	return n ? snapshot_reserve_cpus(snap, span) : -EINVAL;
}

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
	unsigned int ncols;
	const char *p;
	int r;

	snap->src_err[NT_SRC_SOFTIRQS] = n < 0 ? (int)n : 0;
	if (n < 0)
		return 0;
	/* the column map is shared with /proc/interrupts; size it for any header */
	if (s->col_cap < SOFTIRQ_MAX_COLS) {
		unsigned int *c = realloc(s->col_cpu, SOFTIRQ_MAX_COLS * sizeof(*c));

		if (!c)
			return -ENOMEM;
		s->col_cpu = c;
		s->col_cap = SOFTIRQ_MAX_COLS;
	}
	p = s->buf.data;
	r = header(s, snap, &p, &ncols);
	if (r < 0) {
		snap->src_err[NT_SRC_SOFTIRQS] = r;
		return r == -ENOMEM ? r : 0;
	}
	for (; *p; p = next_line(p)) {
		const char *name = skip_blanks(p);

		if (!strncmp(name, "NET_RX:", 7))
			row(snap, s->col_cpu, ncols, name + 7, true);
		else if (!strncmp(name, "NET_TX:", 7))
			row(snap, s->col_cpu, ncols, name + 7, false);
	}
	return 0;
}
