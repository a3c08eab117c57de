// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Explicit CO-RE: instead of letting libbpf relocate a compiled-in layout
 * (which needs BTF, and a vmlinux.h that matches no kernel without it),
 * user space looks the members it needs up in the kernel's BTF and hands
 * their offsets to the programs as read-only globals; no BTF gives -1.
 */
#include "bpf/kbtf.h"

#include <errno.h>
#include <string.h>

#include <bpf/btf.h>
#include <bpf/libbpf.h>

struct btf *kbtf_load(void)
{
	struct btf *btf = btf__load_vmlinux_btf();

	/* libbpf 1.x: NULL and errno; 0.x: an error pointer */
	if (libbpf_get_error(btf))
		return NULL;
	return btf;
}

void kbtf_free(struct btf *btf)
{
	btf__free(btf);
}

int kbtf_member_offset(const struct btf *btf, const char *strct, const char *member, int size)
{
	const struct btf_type *t;
	const struct btf_member *m;
	int id = btf__find_by_name_kind(btf, strct, BTF_KIND_STRUCT);

	if (id < 0)
		return -ENOENT;
	t = btf__type_by_id(btf, (__u32)id);
	m = btf_members(t);
	for (unsigned short i = 0; i < btf_vlen(t); i++, m++) {
		__u32 bits = btf_member_bit_offset(t, i);

		if (strcmp(btf__name_by_offset(btf, m->name_off), member))
			continue;
		if (btf_member_bitfield_size(t, i) || bits % 8 ||
		    btf__resolve_size(btf, m->type) != size)
			return -ENOENT;
		return (int)(bits / 8);
	}
	return -ENOENT;
}

/*
 * Each tracepoint has "typedef void (*btf_trace_<name>)(void *__data,
 * TP_PROTO args)" in the kernel's BTF (DEFINE_EVENT in
 * include/trace/bpf_probe.h, 5.5+): its argument count, less __data, is
 * what a raw_tracepoint program of that tracepoint gets in args[].
 */
int kbtf_tp_nargs(const struct btf *btf, const char *tp)
{
	const struct btf_type *t;
	char name[96];
	int id;

	if (snprintf(name, sizeof(name), "btf_trace_%s", tp) >= (int)sizeof(name))
		return -ENAMETOOLONG;
	id = btf__find_by_name_kind(btf, name, BTF_KIND_TYPEDEF);
	if (id < 0)
		return -ENOENT;
	t = btf__type_by_id(btf, (__u32)id);
	while (t && (btf_is_typedef(t) || btf_is_ptr(t)))
		t = btf__type_by_id(btf, t->type);
	if (!t || !btf_is_func_proto(t) || btf_vlen(t) < 1)
		return -ENOENT;
	return btf_vlen(t) - 1;
}

int kbtf_drop_names(const struct btf *btf, struct nt_drop_names *d)
{
	static const char prefix[] = "SKB_DROP_REASON_";
	const struct btf_type *t;
	const struct btf_enum *e;
	int id = btf__find_by_name_kind(btf, "skb_drop_reason", BTF_KIND_ENUM);
	int n = 0;

	if (id < 0)
		return -ENOENT;
	t = btf__type_by_id(btf, (__u32)id);
	e = btf_enum(t);
	for (unsigned short i = 0; i < btf_vlen(t); i++, e++) {
		const char *name = btf__name_by_offset(btf, e->name_off);

		if (!name || strncmp(name, prefix, strlen(prefix)) || e->val < 0)
			continue;
		name += strlen(prefix);
		if (!bpf_drop_names_set(d, (unsigned long)e->val, name, strlen(name)))
			n++;
	}
	return n ? n : -ENOENT;
}
