/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The BPF signals: tracepoint programs (signals.bpf.c) that count, in the
 * kernel and per CPU, NAPI polls per NAPI instance, NET_RX/NET_TX softirq
 * time per CPU and dropped skbs per drop reason. User space reads the maps
 * once per cycle into a snapshot; nothing is sent per packet.
 *
 * Optional twice: at build time (-Dbpf, NT_HAVE_BPF) and at run time
 * (policy key bpf, `--no-bpf`). When the programs cannot be loaded (no
 * privileges, no tracefs, an old kernel) bpfsig_open() says why in one line
 * and the caller carries on with /proc and sysfs.
 */
#ifndef NT_BPFSIG_H
#define NT_BPFSIG_H

#include <stddef.h>

#include "sample/snapshot.h"

struct nt_bpfsig;

/*
 * Loads and attaches the programs. 0, or -errno with @why set to one line
 * naming what is missing (the tracepoint, file, capability or build option)
 * and the errno; -EOPNOTSUPP when built without libbpf.
 */
int bpfsig_open(struct nt_bpfsig **out, char *why, size_t whylen);
void bpfsig_close(struct nt_bpfsig *b);

/*
 * Fills snap->bpf and the nt_cpu.net_* counters of CPUs 0..snap->ncpus-1
 * (read_cpus has run). Never allocates once the arrays have grown to the
 * host's NAPI instances and drop reasons. 0 or -ENOMEM; a map read that
 * fails sets snap->bpf.err/why instead.
 */
int bpfsig_read(struct nt_bpfsig *b, struct nt_snapshot *snap);

#endif
