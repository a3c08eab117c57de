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

#include <stdbool.h>
#include <stddef.h>

#include "model/snapshot.h"

struct nt_bpfsig;

/* Parts left out, or the raw_tracepoint programs not tried. */
enum {
	NT_BPFSIG_NO_NAPI = 1,
	NT_BPFSIG_NO_SOFTIRQ = 2, /* bpfsig_softirq() can attach it later */
	NT_BPFSIG_NO_DROPS = 4,
	NT_BPFSIG_CLASSIC = 8, /* classic tracepoint programs only */
};

/*
 * Loads and attaches the programs, all but the parts @flags leaves out.
 * 0, or -errno with @why set to one line naming what is missing (the
 * tracepoint, file, capability or build option) and the errno;
 * -EOPNOTSUPP when built without libbpf. NT_BPF_CLASSIC=1 in the
 * environment (for tests) adds NT_BPFSIG_CLASSIC.
 */
int bpfsig_open(struct nt_bpfsig **out, unsigned int flags, char *why, size_t whylen);
void bpfsig_close(struct nt_bpfsig *b);

/* bpfsig_open() without the environment, for the tests and the cost
 * benchmark (tests/live/bpf_live). */
int bpfsig_open_flags(struct nt_bpfsig **out, unsigned int flags, char *why, size_t whylen);

/*
 * Attaches (@on) or detaches the irq:softirq_entry/exit pair: loaded or
 * unloaded, so that without it the kernel runs nothing per softirq. Its
 * counters start again from 0 at each attach; a read after a detach and
 * an attach with no read between says not attached, so that no rate spans
 * the restart. 0 (also when already so), or -errno with @why.
 */
int bpfsig_softirq(struct nt_bpfsig *b, bool on, char *why, size_t whylen);

/* Which program each attached part uses, "napi=raw softirq=raw
 * drops=classic"; "" when not attached or built without BPF. */
const char *bpfsig_paths(const struct nt_bpfsig *b);

/*
 * Fills snap->bpf and the nt_cpu.net_* counters of CPUs 0..snap->ncpus-1
 * (sample_read_cpus has run). Never allocates once the arrays have grown to the
 * host's NAPI instances and drop reasons. 0 or -ENOMEM; a map read that
 * fails sets snap->bpf.err/why instead.
 */
int bpfsig_read(struct nt_bpfsig *b, struct nt_snapshot *snap);

#endif
