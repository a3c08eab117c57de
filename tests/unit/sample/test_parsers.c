// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The readers' buffer-level cores (sample/parsers.h) on text the kernel
 * never prints: values wider than their kernel type are unreadable and
 * said once per source, never clamped or wrapped; files that start with a
 * NUL byte read as empty.
 */
#include "check.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>

#include "sample/parsers.h"
#include "sample/rates.h"

static const struct nt_note *note_of(const struct nt_snapshot *s, const char *source)
{
	for (size_t i = 0; i < s->n_notes; i++)
		if (!strcmp(s->notes[i].source, source))
			return &s->notes[i];
	printf("# no note on %s\n", source);
	check_failed++;
	return NULL;
}

static void t_sysctl(void)
{
	int64_t v = 7;

	CHECK_EQ_INT(sysctl_parse("300\n", &v), 0);
	CHECK_EQ_INT(v, 300);
	CHECK_EQ_INT(sysctl_parse("2147483647\n", &v), 0);
	/* the capture: netdev_budget 2^63-1, not an int */
	CHECK_EQ_INT(sysctl_parse("9223372036854775807\n", &v), -ERANGE);
	CHECK_EQ_INT(sysctl_parse("2147483648\n", &v), -ERANGE);
	CHECK_EQ_INT(sysctl_parse("99999999999999999999999\n", &v), -ERANGE);
	CHECK_EQ_INT(sysctl_parse("-2147483649\n", &v), -ERANGE);
	CHECK_EQ_INT(sysctl_parse("x\n", &v), -EINVAL);
	CHECK_EQ_INT(v, 2147483647);
}

static void t_timestamp(void)
{
	double t = -1;

	CHECK(sample_parse_timestamp("12.500\n", &t));
	CHECK_NEAR(t, 12.5, 1e-12);
	CHECK(!sample_parse_timestamp("inf\n", &t));
	CHECK(!sample_parse_timestamp("nan\n", &t));
	CHECK(!sample_parse_timestamp("1e308\n", &t));
	CHECK(!sample_parse_timestamp("-1\n", &t));
	CHECK(!sample_parse_timestamp("\n", &t));
}

static void t_interrupts_wide(void)
{
	static const char text[] =
		"           CPU0       CPU1\n"
		" 30:         12 4294967296   PCI-MSI 524289-edge      eth0-rx-0\n"
		" 31:         12          7   PCI-MSI 524290-edge      eth0-tx-0\n";
	unsigned int *col = calloc(NT_MAX_CPUS, sizeof(*col));
	struct nt_snapshot s;
	const struct nt_note *n;

	snapshot_init(&s);
	CHECK_EQ_INT(interrupts_parse(&s, col, text), 0);
	CHECK_EQ_INT(s.nirqs, 1);
	CHECK_EQ_INT(s.nirqs ? s.irqs[0].irq : 0, 31);
	n = note_of(&s, "proc/interrupts");
	if (n)
		CHECK_STR(n->what, "IRQ 30 skipped: a count does not fit 32 bits");
	snapshot_free(&s);
	free(col);
}

static void t_softirqs_wide(void)
{
	static const char text[] = "                    CPU0       CPU1\n"
				   "      NET_TX:         10         20\n"
				   "      NET_RX: 99999999999         5\n";
	unsigned int *col = calloc(NT_MAX_CPUS, sizeof(*col));
	struct nt_snapshot s;

	snapshot_init(&s);
	CHECK_EQ_INT(softirqs_parse(&s, col, text), 0);
	CHECK(s.ncpus == 2 && !s.cpus[0].has_softirqs && !s.cpus[1].has_softirqs);
	CHECK(s.ncpus == 2 && s.cpus[1].net_tx == 20);
	note_of(&s, "proc/softirqs");
	snapshot_free(&s);
	free(col);
}

static void t_netstat_wide(void)
{
	static const char text[] = "TcpExt: TCPTimeouts ListenDrops\n"
				   "TcpExt: 184467440737095516150000000 7\n";
	struct nt_snapshot s;

	snapshot_init(&s);
	netstat_parse(&s, NT_SRC_NETSTAT, text);
	CHECK(!(s.tcp_present & (1u << NT_TCP_TIMEOUTS)));
	CHECK(s.tcp_present & (1u << NT_TCP_LISTEN_DROPS));
	CHECK_EQ_U64(s.tcp[NT_TCP_LISTEN_DROPS], 7);
	note_of(&s, "proc/net/netstat");
	snapshot_free(&s);
}

/* Ticks past 2^64 in a sum: the CPU has no /proc/stat figures. */
static void t_procstat_wide(void)
{
	static const char text[] = "cpu0 18446744073709551615 1 1 1 1 1 1 1 0 0\n"
				   "cpu1 100 0 50 1000 0 0 25 0 0 0\n";
	struct nt_snapshot s;

	snapshot_init(&s);
	snapshot_reserve_cpus(&s, 2);
	procstat_parse(&s, text);
	CHECK(!s.cpus[0].has_stat);
	CHECK(s.cpus[1].has_stat);
	CHECK_EQ_U64(s.cpus[1].total_ticks, 1175);
	note_of(&s, "proc/stat");
	snapshot_free(&s);
}

/*
 * A bpf/napi or bpf/drops file that starts with a NUL (zero-filled after
 * a crash) has bytes but no line: nothing is allocated and nothing may
 * be sorted (qsort() on NULL: UBSan's nonnull-attribute report).
 */
static void t_bpf_nul_files(void)
{
	static const char zeros[16];
	struct nt_snapshot s;

	snapshot_init(&s);
	s.bpf.has_napi = s.bpf.has_drops = true;
	CHECK_EQ_INT(sample_parse_bpf_napi(&s, zeros, sizeof(zeros)), 0);
	CHECK_EQ_INT(sample_parse_bpf_drops(&s, zeros, sizeof(zeros)), 0);
	CHECK_EQ_INT(s.bpf.n_napi, 0);
	CHECK_EQ_INT(s.bpf.n_drops, 0);
	snapshot_free(&s);
}

int main(void)
{
	RUN(t_sysctl);
	RUN(t_timestamp);
	RUN(t_interrupts_wide);
	RUN(t_softirqs_wide);
	RUN(t_netstat_wide);
	RUN(t_procstat_wide);
	RUN(t_bpf_nul_files);
	CHECK_DONE();
}
