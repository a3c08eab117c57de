/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The loaded BPF signals, shared by bpfsig.c (load) and bpfsig_read.c. */
#ifndef NT_BPF_BPFSIG_INT_H
#define NT_BPF_BPFSIG_INT_H

#include <stdbool.h>

#include "bpf/bpfsig.h"
#include "bpf/format.h"
#include "bpf/napi_ids.h"
#include "bpf/signals.h"

/*
 * Two objects from the one embedded ELF: the softirq entry/exit pair runs
 * twice per NET_RX and NET_TX softirq, the costliest part per packet, so
 * it loads on its own and only when wanted (bpfsig_softirq); without it
 * no program of the pair is loaded at all.
 */
struct nt_bpfsig {
	struct signals_bpf *skel; /* napi:napi_poll, skb:kfree_skb and their maps */
	struct signals_bpf *sirq; /* irq:softirq_entry/exit and the softirq map, or NULL */
	unsigned int flags;       /* bpfsig_open_flags'; NT_BPFSIG_CLASSIC for the pair too */
	int napi_fd, softirq_fd, drops_fd, overflow_fd;
	unsigned int ncpus; /* possible CPUs: per-CPU map values */
	bool has_napi, has_softirq, has_drops, has_reasons;
	bool napi_raw, softirq_raw, drops_raw; /* raw_tracepoint, not classic */
	/* the last read had softirq times; the pair was attached again since */
	bool softirq_read, softirq_stale;
	struct nt_drop_names names;
	char paths[48]; /* bpfsig_paths() */

	/* read buffers, sized once at open */
	struct nt_bpf_napi_val *napi_vals;
	struct nt_bpf_softirq_val *sirq_vals;
	struct nt_bpf_drops_val *drop_vals;
	__u64 *u64_vals;

	struct nt_napi_ids napis; /* the NAPI ordinals */
};

#endif
