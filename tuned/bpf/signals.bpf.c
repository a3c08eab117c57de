// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The BPF signals, counted in the kernel in per-CPU maps (bpfsig.h).
 *
 * Tracepoint and raw_tracepoint programs only: BPF_PROG_TYPE_TRACING
 * (fentry, tp_btf) is missing on some of our hosts, and these load on every
 * kernel with bpf_probe_read_kernel (5.5+). There is no vmlinux.h and no
 * compiled-in kernel layout: the tracepoint record offsets come from the
 * running kernel's tracefs format files, and struct member offsets
 * (napi_struct.irq, napi_struct.dev, net_device.name) from its BTF, all
 * written by user space into the read-only globals below before load.
 * That is CO-RE done by hand, so that one object works on kernels with and
 * without BTF (without it, or without the member, irq is -1).
 *
 * The record is read with bpf_probe_read_kernel at ctx + offset: the
 * verifier refuses direct loads through a ctx pointer with a run-time
 * offset ("dereference of modified ctx ptr"), and the record is kernel
 * memory (the perf trace buffer).
 *
 * Each tracepoint also has a raw_tracepoint program (4.17+), which user
 * space prefers: a classic one costs perf_trace_buf_prepare and the copy of
 * the whole record before it runs (perf_trace_##call in
 * include/trace/perf.h; kfree_skb's record on 6.18 carries location,
 * rx_sk, protocol and reason, napi_poll's the dev_name string), while a
 * raw one gets the TP_PROTO arguments as they are (__bpf_trace_run in
 * kernel/trace/bpf_trace.c). Arguments are the same on every kernel with
 * the tracepoint; what they point to is not, so napi->dev->name is read at
 * offsets from the kernel's BTF, and without BTF napi_poll stays classic.
 * User space loads one of the two programs of each tracepoint (autoload).
 */
#include <linux/types.h>
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#include "signals.h"

/* tracepoint record offsets (bytes), -1: absent, the program does nothing */
const volatile int napi_off_napi = -1;      /* struct napi_struct *napi */
const volatile int napi_size_napi = 8;      /* pointer size: 8, or 4 on 32-bit */
const volatile int napi_off_dev = -1;       /* __data_loc char[] dev_name */
const volatile int napi_off_work = -1;      /* int work */
const volatile int napi_off_budget = -1;    /* int budget (the NAPI's weight) */
const volatile int napi_irq_off = -1;       /* napi_struct.irq from BTF, -1 none */
const volatile int sirq_entry_off_vec = -1; /* unsigned int vec */
const volatile int sirq_exit_off_vec = -1;
const volatile __u32 vec_net_tx = 2;      /* NET_TX_SOFTIRQ, from the format file */
const volatile __u32 vec_net_rx = 3;      /* NET_RX_SOFTIRQ */
const volatile int kfree_off_reason = -1; /* -1 before 5.17: all under 0 */

/* raw_tracepoint programs: offsets from BTF, -1 absent */
const volatile int napi_dev_off = -1;    /* napi_struct.dev (struct net_device *) */
const volatile int netdev_name_off = -1; /* net_device.name (char[IFNAMSIZ]) */
const volatile int kfree_raw_reason;     /* 1: kfree_skb has arg 2, reason (5.17+) */

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__uint(max_entries, NT_BPF_NAPI_MAX);
	__type(key, __u64); /* the napi_struct's address */
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
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct nt_bpf_drops_val);
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

/* The value of the NAPI at @key on this CPU, created empty (polls 0) on
 * its first poll here; NULL when the map is full. */
static __always_inline struct nt_bpf_napi_val *napi_val(__u64 key)
{
	struct nt_bpf_napi_val *v = bpf_map_lookup_elem(&napi, &key);
	struct nt_bpf_napi_val zero = {};

	if (v)
		return v;
	/* -EEXIST: another CPU inserted it first; -E2BIG: full */
	bpf_map_update_elem(&napi, &key, &zero, BPF_NOEXIST);
	v = bpf_map_lookup_elem(&napi, &key);
	if (!v)
		count_overflow();
	return v;
}

/* The constant parts, filled on the first poll only: the device name is
 * not read again on later polls. */
static __always_inline void napi_fill(struct nt_bpf_napi_val *v, __u64 key, int budget)
{
	int irq = -1;

	if (napi_irq_off >= 0 &&
	    bpf_probe_read_kernel(&irq, sizeof(irq), (char *)key + napi_irq_off))
		irq = -1;
	v->irq = irq;
	v->weight = budget;
}

static __always_inline void napi_count(struct nt_bpf_napi_val *v, int work, int budget)
{
	v->polls++;
	if (work > 0)
		v->packets += work;
	if (budget > 0 && work >= budget)
		v->full++;
}

SEC("tracepoint/napi/napi_poll")
int nt_napi_poll(void *ctx)
{
	struct nt_bpf_napi_val *v;
	__u32 size = napi_size_napi, loc = 0;
	__u64 key = 0;
	int work = 0, budget = 0;

	if (size > sizeof(key))
		return 0;
	if (rec_read(ctx, napi_off_napi, &key, size) ||
	    rec_read(ctx, napi_off_work, &work, sizeof(work)) ||
	    rec_read(ctx, napi_off_budget, &budget, sizeof(budget)))
		return 0;
	v = napi_val(key);
	if (!v)
		return 0;
	if (!v->polls) {
		/* __data_loc: low 16 bits the string's offset in the record,
		 * high 16 its length (include/trace/trace_events.h) */
		if (!rec_read(ctx, napi_off_dev, &loc, sizeof(loc)))
			bpf_probe_read_kernel_str(v->dev, sizeof(v->dev),
						  (char *)ctx + (loc & 0xffff));
		napi_fill(v, key, budget);
	}
	napi_count(v, work, budget);
	return 0;
}

/* TP_PROTO(struct napi_struct *napi, int work, int budget),
 * include/trace/events/napi.h; the name is napi->dev->name. */
SEC("raw_tracepoint/napi_poll")
int nt_napi_poll_raw(struct bpf_raw_tracepoint_args *ctx)
{
	struct nt_bpf_napi_val *v;
	__u64 key = ctx->args[0], dev = 0;
	int work = (int)ctx->args[1], budget = (int)ctx->args[2];

	if (!key)
		return 0;
	v = napi_val(key);
	if (!v)
		return 0;
	if (!v->polls) {
		/* the backlog NAPI has no device: dev is NULL */
		if (napi_dev_off >= 0 && netdev_name_off >= 0 &&
		    !bpf_probe_read_kernel(&dev, sizeof(dev), (char *)key + napi_dev_off) && dev)
			bpf_probe_read_kernel_str(v->dev, sizeof(v->dev),
						  (char *)dev + netdev_name_off);
		napi_fill(v, key, budget);
	}
	napi_count(v, work, budget);
	return 0;
}

/* NULL for vectors other than NET_RX and NET_TX, before any map lookup. */
static __always_inline struct nt_bpf_softirq_val *softirq_vec_slot(__u32 vec)
{
	__u32 slot;

	if (vec == vec_net_rx)
		slot = NT_BPF_SOFTIRQ_RX;
	else if (vec == vec_net_tx)
		slot = NT_BPF_SOFTIRQ_TX;
	else
		return 0;
	return bpf_map_lookup_elem(&softirq, &slot);
}

static __always_inline struct nt_bpf_softirq_val *softirq_slot(void *ctx, int off)
{
	__u32 vec = 0;

	if (rec_read(ctx, off, &vec, sizeof(vec)))
		return 0;
	return softirq_vec_slot(vec);
}

static __always_inline void softirq_start(struct nt_bpf_softirq_val *v)
{
	if (v)
		v->start_ns = bpf_ktime_get_ns();
}

static __always_inline void softirq_end(struct nt_bpf_softirq_val *v)
{
	__u64 now;

	/* no start: attached in the middle of a run, or the entry was missed */
	if (!v || !v->start_ns)
		return;
	now = bpf_ktime_get_ns();
	if (now > v->start_ns)
		v->ns += now - v->start_ns;
	v->runs++;
	v->start_ns = 0;
}

/* Softirq handlers do not nest on one CPU (they run with softirqs
 * disabled, kernel/softirq.c handle_softirqs), so one start per slot. */
SEC("tracepoint/irq/softirq_entry")
int nt_softirq_entry(void *ctx)
{
	softirq_start(softirq_slot(ctx, sirq_entry_off_vec));
	return 0;
}

SEC("tracepoint/irq/softirq_exit")
int nt_softirq_exit(void *ctx)
{
	softirq_end(softirq_slot(ctx, sirq_exit_off_vec));
	return 0;
}

/* TP_PROTO(unsigned int vec_nr), include/trace/events/irq.h */
SEC("raw_tracepoint/softirq_entry")
int nt_softirq_entry_raw(struct bpf_raw_tracepoint_args *ctx)
{
	softirq_start(softirq_vec_slot((__u32)ctx->args[0]));
	return 0;
}

SEC("raw_tracepoint/softirq_exit")
int nt_softirq_exit_raw(struct bpf_raw_tracepoint_args *ctx)
{
	softirq_end(softirq_vec_slot((__u32)ctx->args[0]));
	return 0;
}

static __always_inline void count_drop(__u32 reason)
{
	struct nt_bpf_drops_val *v;
	__u32 zero = 0;

	if (reason >= NT_BPF_REASONS - 1)
		reason = NT_BPF_REASONS - 1;
	/* clang drops the mask below as implied by the clamp, and then indexes
	 * with a register the verifier has no bound on ("unbounded memory
	 * access"): the empty asm keeps the mask, which the verifier follows */
	asm volatile("" : "+r"(reason));
	reason &= NT_BPF_REASONS - 1;
	v = bpf_map_lookup_elem(&drops, &zero);
	if (v)
		v->count[reason]++;
}

SEC("tracepoint/skb/kfree_skb")
int nt_kfree_skb(void *ctx)
{
	__u32 reason = 0;

	if (kfree_off_reason >= 0 && rec_read(ctx, kfree_off_reason, &reason, sizeof(reason)))
		return 0;
	count_drop(reason);
	return 0;
}

/*
 * TP_PROTO(struct sk_buff *skb, void *location, enum skb_drop_reason reason,
 * struct sock *rx_sk) on 6.18 (include/trace/events/skb.h); reason came
 * with 5.17, rx_sk with 6.12. Attaching fails with EINVAL when a program
 * reads past the tracepoint's arguments (max_ctx_offset against num_args,
 * __bpf_probe_register in kernel/trace/bpf_trace.c): args[2] is only read
 * when kfree_raw_reason says it exists, a constant of the frozen .rodata,
 * so the verifier never walks that load on older kernels.
 */
SEC("raw_tracepoint/kfree_skb")
int nt_kfree_skb_raw(struct bpf_raw_tracepoint_args *ctx)
{
	__u32 reason = 0;

	if (kfree_raw_reason)
		reason = (__u32)ctx->args[2];
	count_drop(reason);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
