// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The /proc readers' buffer-level cores (sample/parsers.h) and the CPU
 * list and mask parsers. The first byte picks the file; the rest is one
 * snapshot's text, or two ("--- a" ... "--- b" ...) whose rates must stay
 * within the bounds (fuzz.h).
 */
#include "fuzz.h"

#include <stdlib.h>
#include <string.h>

#include "sample/parsers.h"
#include "util/cpuset.h"
#include "util/parse.h"

enum which {
	W_SOFTNET,           /* with the online list 0-7 */
	W_SOFTNET_NO_ONLINE, /* without it: the index column or row order */
	W_INTERRUPTS,
	W_SOFTIRQS,
	W_STAT,
	W_NETSTAT,
	W_SNMP,
	W_CPULIST, /* cpu/online, smp_affinity_list, rps_cpus masks */
	W_SYSCTL,
	W_CLOCK, /* timestamp, wallclock, running */
	W_COUNT
};

static unsigned int *col_cpu;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	col_cpu = calloc(NT_MAX_CPUS, sizeof(*col_cpu));
	return col_cpu ? 0 : -1;
}

/* What the sampler read before this file: CPUs 0-7 online, or unknown. */
static void prepare(struct nt_snapshot *s, enum which w, double t)
{
	s->has_mono = true;
	s->mono_s = t;
	if (w != W_SOFTNET_NO_ONLINE) {
		s->src_err[NT_SRC_CPU_ONLINE] = cpuset_parse_list(&s->online, "0-7");
		snapshot_reserve_cpus(s, 8);
	}
}

static void cpulists(const char *text)
{
	struct nt_cpuset set;
	char out[4096], again[4096];
	struct nt_cpuset back;

	/* what parses must print and parse back to the same set */
	if (cpuset_parse_list(&set, text) == 0) {
		cpuset_format_list(&set, out, sizeof(out));
		if (strlen(out) + 1 < sizeof(out)) {
			FZ_CHECK(cpuset_parse_list(&back, out) == 0);
			FZ_CHECK(cpuset_equal(&set, &back));
		}
	}
	if (cpuset_parse_mask(&set, text) == 0) {
		cpuset_format_mask(&set, out, sizeof(out));
		if (strlen(out) + 1 < sizeof(out)) {
			FZ_CHECK(cpuset_parse_mask(&back, out) == 0);
			FZ_CHECK(cpuset_equal(&set, &back));
			cpuset_format_mask(&back, again, sizeof(again));
			FZ_CHECK(!strcmp(out, again));
		}
	}
}

static void one_file(struct nt_snapshot *s, enum which w, const char *text)
{
	int64_t v;
	double t;

	switch (w) {
	case W_SOFTNET:
	case W_SOFTNET_NO_ONLINE:
		FZ_CHECK(softnet_parse(s, text) == 0);
		break;
	case W_INTERRUPTS:
		FZ_CHECK(interrupts_parse(s, col_cpu, text) == 0);
		break;
	case W_SOFTIRQS:
		FZ_CHECK(softirqs_parse(s, col_cpu, text) == 0);
		break;
	case W_STAT:
		procstat_parse(s, text);
		break;
	case W_NETSTAT:
		netstat_parse(s, NT_SRC_NETSTAT, text);
		break;
	case W_SNMP:
		netstat_parse(s, NT_SRC_SNMP, text);
		break;
	case W_CPULIST:
		cpulists(text);
		break;
	case W_SYSCTL:
		if (sysctl_parse(text, &v) == 0)
			FZ_CHECK(v >= -2147483648LL && v <= 2147483647LL);
		break;
	case W_CLOCK:
		if (sample_parse_timestamp(text, &t))
			FZ_CHECK(t >= 0 && t <= NT_MAX_TIMESTAMP_S);
		FZ_CHECK(sample_parse_running(text) <= 7);
		/* wallclock, as sample_read_clock() keeps it */
		parse_copy_trimmed(s->wallclock, sizeof(s->wallclock), text, strlen(text));
		break;
	case W_COUNT:
		break;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz_part parts[2];
	struct nt_snapshot snap[2];
	enum which w;
	size_t n;

	if (size < 1)
		return 0;
	w = (enum which)(data[0] % W_COUNT);
	n = fz_split(data + 1, size - 1, parts, 2);
	for (size_t i = 0; i < n; i++) {
		char *text = fz_strndup(parts[i].data, parts[i].len);

		snapshot_init(&snap[i]);
		prepare(&snap[i], w, 100.0 + (double)i);
		one_file(&snap[i], w, text);
		fz_check_snapshot(&snap[i]);
		free(text);
	}
	if (n == 2)
		fz_check_rates(&snap[0], &snap[1]);
	for (size_t i = 0; i < n; i++)
		snapshot_free(&snap[i]);
	return 0;
}
