/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The buffer-level cores of the readers: each takes one file's text, as
 * the reader read it, and fills @snap exactly as the reader does; the
 * readers (readers.h) only add opening the file under the root. The fuzz
 * targets (tests/fuzz/) and the tests call them directly.
 *
 * @text is NUL-terminated and parsing stops at the first NUL byte, as it
 * does for a file with NUL bytes in it (a zero-filled file after a crash).
 * Where a file's length matters (a file that is not empty but starts with
 * a NUL), @len is the number of bytes read.
 *
 * A value that does not fit the type the kernel prints it from makes its
 * row or counter unreadable (never clamped, never wrapped), and a damaged
 * row is skipped: each says so once per source (snapshot_note()).
 */
#ifndef NT_PARSERS_H
#define NT_PARSERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/snapshot.h"

/* /proc/net/softnet_stat; needs snap->online and its src_err first. */
int softnet_parse(struct nt_snapshot *snap, const char *text);

/*
 * /proc/interrupts and /proc/softirqs. @col_cpu has NT_MAX_CPUS entries
 * and receives the header's column-to-CPU map. -ENOMEM only; a header
 * without CPU columns sets the source's src_err to -EINVAL.
 */
int interrupts_parse(struct nt_snapshot *snap, unsigned int *col_cpu, const char *text);
int softirqs_parse(struct nt_snapshot *snap, unsigned int *col_cpu, const char *text);

/*
 * A "CPU0 CPU1 CPU5 ..." header line into @col_cpu. *span gets the highest
 * CPU id + 1. Returns the number of columns, or -EINVAL for a header
 * without any (or with a CPU number beyond NT_MAX_CPUS).
 */
int sampler_parse_cpu_header(unsigned int *col_cpu, const char **pp, unsigned int *span);

/* /proc/stat's cpuN lines, for the CPUs snap already has. */
void procstat_parse(struct nt_snapshot *snap, const char *text);

/* /proc/net/netstat or /proc/net/snmp (@src NT_SRC_NETSTAT or NT_SRC_SNMP). */
void netstat_parse(struct nt_snapshot *snap, enum nt_source src, const char *text);

/*
 * A net.core sysctl file. The five sysctls nettuned reads are ints in the
 * kernel: 0 and the value, -ERANGE for a number beyond INT_MAX or below
 * INT_MIN, -EINVAL for no number.
 */
int sysctl_parse(const char *text, int64_t *out);

/* A capture's `timestamp`: false unless seconds from 0 to NT_MAX_TIMESTAMP_S
 * (about 317 years of uptime: past it a double loses the microseconds). */
#define NT_MAX_TIMESTAMP_S 1e10
bool sample_parse_timestamp(const char *text, double *out);
/* A capture's `running` file or /proc/PID/comm: enum nt_tuner bits. */
unsigned int sample_parse_running(const char *text);

/* A tree's bpf/ files (capture format, README; bpf_files.c). */
void sample_parse_bpf_status(struct nt_bpf *bpf, const char *text);
int sample_parse_bpf_napi(struct nt_snapshot *snap, const char *text, size_t len);
int sample_parse_bpf_softirq(struct nt_snapshot *snap, const char *text, size_t len);
int sample_parse_bpf_drops(struct nt_snapshot *snap, const char *text, size_t len);

#endif
