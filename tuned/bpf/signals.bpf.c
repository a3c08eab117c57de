// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The BPF signals, counted in the kernel in per-CPU maps (bpfsig.h).
 *
 * Classic tracepoint programs only: BPF_PROG_TYPE_TRACING (fentry, tp_btf)
 * is missing on some of our hosts, and these load on every kernel with
 * bpf_probe_read_kernel (5.5+). There is no vmlinux.h and no compiled-in
 * kernel layout: the tracepoint record offsets come from the running
 * kernel's tracefs format files, and napi_struct.irq's offset from its BTF,
 * both written by user space into the read-only globals below before load.
 * That is CO-RE done by hand, so that one object works on kernels with and
 * without BTF (without it, or without the member, irq is -1).
 *
 * The record is read with bpf_probe_read_kernel at ctx + offset: the
 * verifier refuses direct loads through a ctx pointer with a run-time
 * offset ("dereference of modified ctx ptr"), and the record is kernel
 * memory (the perf trace buffer).
 */
#include <linux/types.h>
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#include "signals.h"

/* tracepoint record offsets (bytes), -1: absent, the program does nothing */
const volatile int napi_off_napi = -1;	/* struct napi_struct *napi */
const volatile int napi_size_napi = 8;	/* pointer size: 8, or 4 on 32-bit */
const volatile int napi_off_dev = -1;	/* __data_loc char[] dev_name */
const volatile int napi_off_work = -1;	/* int work */
const volatile int napi_off_budget = -1;	/* int budget (the NAPI's weight) */
const volatile int napi_irq_off = -1;	/* napi_struct.irq from BTF, -1 none */
const volatile int sirq_entry_off_vec = -1;	/* unsigned int vec */
const volatile int sirq_exit_off_vec = -1;
const volatile __u32 vec_net_tx = 2;	/* NET_TX_SOFTIRQ, from the format file */
const volatile __u32 vec_net_rx = 3;	/* NET_RX_SOFTIRQ */
const volatile int kfree_off_reason = -1;	/* -1 before 5.17: all under 0 */

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__uint(max_entries, NT_BPF_NAPI_MAX);
	__type(key, __u64);			/* the napi_struct's address */
	__type(value, struct nt_bpf_napi_val);
} napi SEC(".maps");

/* polls of NAPIs not counted because the napi map was full */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} overflow SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, NT_BPF_SOFTIRQ_SLOTS);
	__type(key, __u32);
	__type(value, struct nt_bpf_softirq_val);
} softirq SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, NT_BPF_REASONS);
	__type(key, __u32);
	__type(value, __u64);
} drops SEC(".maps");

/* Reads @size bytes of the record at @off; non-zero when absent or failed. */
static __always_inline long rec_read(void *ctx, int off, void *dst, __u32 size)
{
	if (off < 0)
		return -1;
	return bpf_probe_read_kernel(dst, size, (char *)ctx + off);
}

static __always_inline void count_overflow(void)
{
	__u32 zero = 0;
	__u64 *n = bpf_map_lookup_elem(&overflow, &zero);

	if (n)
		(*n)++;
}

/* First poll of this NAPI on this CPU: the constant parts of the value. */
static __always_inline void napi_fill(struct nt_bpf_napi_val *v, void *ctx,
				      __u64 key, int budget)
{
	__u32 loc = 0;
	int irq = -1;

	/* __data_loc: low 16 bits the string's offset in the record, high 16
	 * its length (include/trace/trace_events.h) */
	if (!rec_read(ctx, napi_off_dev, &loc, sizeof(loc)))
		bpf_probe_read_kernel_str(v->dev, sizeof(v->dev),
					  (char *)ctx + (loc & 0xffff));
	if (napi_irq_off >= 0 &&
	    bpf_probe_read_kernel(&irq, sizeof(irq), (char *)key + napi_irq_off))
		irq = -1;
	v->irq = irq;
	v->weight = budget;
}

SEC("tracepoint/napi/napi_poll")
int nt_napi_poll(void *ctx)
{
	struct nt_bpf_napi_val *v;
	__u32 size = napi_size_napi;
	__u64 key = 0;
	int work = 0, budget = 0;

	if (size > sizeof(key))
		return 0;
	if (rec_read(ctx, napi_off_napi, &key, size) ||
	    rec_read(ctx, napi_off_work, &work, sizeof(work)) ||
	    rec_read(ctx, napi_off_budget, &budget, sizeof(budget)))
		return 0;
	v = bpf_map_lookup_elem(&napi, &key);
	if (!v) {
		struct nt_bpf_napi_val zero = {};

		/* -EEXIST: another CPU inserted it first; -E2BIG: full */
		bpf_map_update_elem(&napi, &key, &zero, BPF_NOEXIST);
		v = bpf_map_lookup_elem(&napi, &key);
		if (!v) {
			count_overflow();
			return 0;
		}
	}
	if (!v->polls)
		napi_fill(v, ctx, key, budget);
	v->polls++;
	if (work > 0)
		v->packets += work;
	if (budget > 0 && work >= budget)
		v->full++;
	return 0;
}

static __always_inline struct nt_bpf_softirq_val *softirq_slot(void *ctx, int off)
{
	__u32 vec = 0, slot;

	if (rec_read(ctx, off, &vec, sizeof(vec)))
		return 0;
	if (vec == vec_net_rx)
		slot = NT_BPF_SOFTIRQ_RX;
	else if (vec == vec_net_tx)
		slot = NT_BPF_SOFTIRQ_TX;
	else
		return 0;
	return bpf_map_lookup_elem(&softirq, &slot);
}

/* Softirq handlers do not nest on one CPU (they run with softirqs
 * disabled, kernel/softirq.c handle_softirqs), so one start per slot. */
SEC("tracepoint/irq/softirq_entry")
int nt_softirq_entry(void *ctx)
{
	struct nt_bpf_softirq_val *v = softirq_slot(ctx, sirq_entry_off_vec);

	if (v)
		v->start_ns = bpf_ktime_get_ns();
	return 0;
}

SEC("tracepoint/irq/softirq_exit")
int nt_softirq_exit(void *ctx)
{
	struct nt_bpf_softirq_val *v = softirq_slot(ctx, sirq_exit_off_vec);
	__u64 now;

	/* no start: attached in the middle of a run, or the entry was missed */
	if (!v || !v->start_ns)
		return 0;
	now = bpf_ktime_get_ns();
	if (now > v->start_ns)
		v->ns += now - v->start_ns;
	v->runs++;
	v->start_ns = 0;
	return 0;
}

SEC("tracepoint/skb/kfree_skb")
int nt_kfree_skb(void *ctx)
{
	__u32 reason = 0;
	__u64 *n;

	if (kfree_off_reason >= 0 &&
	    rec_read(ctx, kfree_off_reason, &reason, sizeof(reason)))
		return 0;
	if (reason >= NT_BPF_REASONS - 1)
		reason = NT_BPF_REASONS - 1;
	n = bpf_map_lookup_elem(&drops, &reason);
	if (n)
		(*n)++;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
