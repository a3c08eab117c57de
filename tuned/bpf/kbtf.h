/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What the running kernel's BTF (/sys/kernel/btf/vmlinux, CONFIG_DEBUG_INFO_BTF,
 * 5.2+) says that the tracepoint records do not carry, or that the
 * raw_tracepoint programs need instead of tracefs: struct member offsets,
 * tracepoint argument counts and enum skb_drop_reason's names. libbpf only.
 */
#ifndef NT_BPF_KBTF_H
#define NT_BPF_KBTF_H

#include "bpf/format.h"

struct btf;

/* The kernel's BTF, or NULL (no BTF: the callers fall back). */
struct btf *kbtf_load(void);
void kbtf_free(struct btf *btf);

/* Byte offset of @member (a non-bitfield member of @size bytes) in struct
 * @strct: >= 0, or -ENOENT when the kernel has no such struct or member, or
 * it has another size. */
int kbtf_member_offset(const struct btf *btf, const char *strct, const char *member, int size);

/* Number of TP_PROTO arguments of tracepoint @tp ("kfree_skb"), or -ENOENT
 * when the BTF does not describe it (no such tracepoint, or before 5.5). */
int kbtf_tp_nargs(const struct btf *btf, const char *tp);

/* Names of enum skb_drop_reason (minus SKB_DROP_REASON_): count, or -ENOENT. */
int kbtf_drop_names(const struct btf *btf, struct nt_drop_names *d);

#endif
