/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The loaded BPF signals, shared by bpfsig.c (load) and bpfsig_read.c. */
#ifndef NT_BPF_BPFSIG_INT_H
#define NT_BPF_BPFSIG_INT_H

#include <stdbool.h>

#include "bpf/bpfsig.h"
#include "bpf/format.h"
#include "bpf/napi_ids.h"
#include "bpf/signals.h"

struct nt_bpfsig {
	struct signals_bpf *skel;
	int napi_fd, softirq_fd, drops_fd, overflow_fd;
	unsigned int ncpus; /* possible CPUs: per-CPU map values */
	bool has_napi, has_softirq, has_drops, has_reasons;
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
