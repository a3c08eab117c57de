/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Shared between the BPF programs (signals.bpf.c, clang -target bpf) and
 * user space (bpfsig.c): the map value layouts and sizes. Only fixed-size
 * types from <linux/types.h>, so both compilers lay them out the same way.
 */
#ifndef NT_BPF_SIGNALS_H
#define NT_BPF_SIGNALS_H

#include <linux/types.h>

#define NT_BPF_NAPI_MAX 1024 /* napi map entries: NAPI instances counted */
#define NT_BPF_REASONS 256   /* drop reasons counted; reasons >= 255 share 255 */
#define NT_BPF_DEVLEN 16     /* IFNAMSIZ */

enum nt_bpf_softirq_slot {
	NT_BPF_SOFTIRQ_TX,
	NT_BPF_SOFTIRQ_RX,
	NT_BPF_SOFTIRQ_SLOTS,
};

/* napi map value, one copy per CPU: what that CPU saw of one NAPI */
struct nt_bpf_napi_val {
	char dev[NT_BPF_DEVLEN]; /* napi_poll's dev_name */
	__s32 irq;               /* napi_struct.irq, -1 unknown */
	__u32 weight;            /* napi_poll's budget field */
	__u64 polls;
	__u64 packets; /* sum of work */
	__u64 full;    /* polls with work >= weight */
};

/* softirq map value, per CPU: NET_TX or NET_RX handler time */
struct nt_bpf_softirq_val {
	__u64 start_ns; /* softirq_entry time, 0 when not inside */
	__u64 ns;
	__u64 runs;
};

/* drops map value, per CPU, its only element: one count per drop reason.
 * One element rather than one per reason, so that user space reads all of
 * them with one bpf() call per cycle (2 KiB per CPU, well under the
 * per-CPU allocator's 32 KiB unit). */
struct nt_bpf_drops_val {
	__u64 count[NT_BPF_REASONS];
};

#endif
