// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * /proc/net/softnet_stat: one row per online CPU, hex columns (%08x).
 *
 *   3.10        10 columns: processed dropped time_squeeze 0*5 cpu_collision received_rps
 *   3.11 ..     11 columns: + flow_limit_count
 *   5.10 ..     13 columns: + backlog length, CPU index
 *   6.x         15 columns: + input_pkt_queue and process_queue lengths
 *
 * Rows exist only for online CPUs (softnet_get_online() skips the others),
 * so row N is CPU N only when every CPU is online. With the CPU index
 * column we use it; without it we place rows along the online CPU list.
 */
#include "sample/readers.h"
#include "util/parse.h"

#include <errno.h>

#define SOFTNET_MAX_COLS 32

static unsigned int parse_row(const char **pp, uint32_t *cols)
{
	const char *p = *pp;
	unsigned int n = 0;
	bool ok = true;

	while (*p && *p != '\n') {
		uint64_t v = scan_hex(&p, &ok);

		if (!ok)
			break;
		if (n < SOFTNET_MAX_COLS)
			cols[n++] = (uint32_t)v;
		p = skip_blanks(p);
	}
	*pp = next_line(p);
	return ok ? n : 0;
}

static unsigned int next_online(const struct nt_cpuset *online, unsigned int from)
{
	while (from < NT_MAX_CPUS && !cpuset_has(online, from))
		from++;
	return from;
}

int read_softnet(struct nt_sampler *s, struct nt_snapshot *snap)
{
	long n = buf_read_at(&s->buf, s->rootfd, "proc/net/softnet_stat");
	bool have_online = snap->src_err[NT_SRC_CPU_ONLINE] == 0;
	unsigned int placed = 0, cpu = 0;
	const char *p;

	snap->src_err[NT_SRC_SOFTNET] = n < 0 ? (int)n : 0;
	if (n < 0)
		return 0;
	for (p = s->buf.data; *p;) {
		uint32_t cols[SOFTNET_MAX_COLS];
		unsigned int ncols = parse_row(&p, cols);
		struct nt_softnet *sn;
		int r;

		if (ncols < 3)
			continue;	/* blank or garbled line: skip, never guess */
		if (!snap->softnet_columns)
			snap->softnet_columns = ncols;
		if (ncols >= 13)
			cpu = cols[12];
		else if (have_online)
			cpu = next_online(&snap->online, placed ? cpu + 1 : 0);
		else
			cpu = placed;
		placed++;
		if (cpu >= NT_MAX_CPUS)
			continue;
		r = snapshot_reserve_cpus(snap, cpu + 1);
		if (r < 0)
			return r;
		sn = &snap->cpus[cpu].softnet;
		sn->present = true;
		sn->processed = cols[0];
		sn->dropped = cols[1];
		sn->time_squeeze = cols[2];
		sn->received_rps = ncols >= 10 ? cols[9] : 0;
		sn->flow_limit_count = ncols >= 11 ? cols[10] : 0;
	}
	return 0;
}
