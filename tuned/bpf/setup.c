// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * What the programs need to know before load: the classic programs' record
 * offsets from tracefs format files, the raw programs' struct offsets from
 * kernel BTF, whether kfree_skb has a reason, and so which of each
 * tracepoint's two programs loads (bpfsig.c explains the pair).
 */
#include "bpf/kbtf.h"
#include "bpf/load.h"

#include <errno.h>
#include <string.h>

/* bpftool embeds the object as one long string literal */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Woverlength-strings"
#include "bpf/signals.skel.h"
#pragma GCC diagnostic pop

/* Reads events/@event/format into l->buf: 1 read, 0 the kernel lacks the
 * tracepoint or tracefs is not mounted, -errno. */
static int read_format(struct nt_bpfsig_load *l, enum nt_tp tp)
{
	long n;

	if (!l->tracefs[0])
		return 0;
	n = bpf_tp_read(&l->buf, l->tracefs, bpf_tp_event[tp], "format");

	if (n == -ENOENT)
		return 0;
	if (n < 0)
		return bpfsig_fail(l, (int)-n, "", "reading %s/events/%s/format", l->tracefs,
				   bpf_tp_event[tp]);
	return 1;
}

/* Offset of field @name, which must have @size bytes (0: any); -1 absent. */
static int field_off(const char *text, const char *name, int size, bool data_loc, int *size_out)
{
	struct nt_tp_field f;

	if (bpf_tp_format_field(text, name, &f) || f.data_loc != data_loc ||
	    (size && f.size != size))
		return -1;
	if (size_out)
		*size_out = f.size;
	return f.offset;
}

/* TP_PROTO argument count from BTF, -ENOENT without BTF or the typedef */
static int tp_nargs(const struct nt_bpfsig_load *l, enum nt_tp tp)
{
	return l->btf ? kbtf_tp_nargs(l->btf, bpf_tp_raw[tp]) : -ENOENT;
}

/* The classic program's record offsets: 1 usable, 0 not, -errno. */
static int napi_classic(struct nt_bpfsig_load *l, struct signals_bpf *skel)
{
	int r = read_format(l, NT_TP_NAPI), psize = 0;
	const char *t = l->buf.data;

	if (r <= 0)
		return r;
	skel->rodata->napi_off_napi = field_off(t, "napi", 0, false, &psize);
	skel->rodata->napi_size_napi = psize;
	skel->rodata->napi_off_dev = field_off(t, "dev_name", 0, true, NULL);
	skel->rodata->napi_off_work = field_off(t, "work", 4, false, NULL);
	skel->rodata->napi_off_budget = field_off(t, "budget", 4, false, NULL);
	/* work and budget came with 4.x; without them there is nothing to count */
	return skel->rodata->napi_off_napi >= 0 && (psize == 4 || psize == 8) &&
	       skel->rodata->napi_off_work >= 0 && skel->rodata->napi_off_budget >= 0;
}

/* The raw program's offsets, napi->dev (a 64-bit pointer: 32-bit kernels
 * stay classic) and dev->name (IFNAMSIZ), from BTF: true when usable. */
static bool napi_raw(struct nt_bpfsig_load *l, struct signals_bpf *skel)
{
	if (!l->try_raw || tp_nargs(l, NT_TP_NAPI) < 3)
		return false;
	skel->rodata->napi_dev_off = kbtf_member_offset(l->btf, "napi_struct", "dev", 8);
	skel->rodata->netdev_name_off =
		kbtf_member_offset(l->btf, "net_device", "name", NT_BPF_DEVLEN);
	return skel->rodata->napi_dev_off >= 0 && skel->rodata->netdev_name_off >= 0;
}

static int setup_napi(struct nt_bpfsig_load *l, struct signals_bpf *skel)
{
	int classic = napi_classic(l, skel);

	if (classic < 0)
		return classic;
	l->raw[NT_TP_NAPI] = napi_raw(l, skel);
	l->present[NT_TP_NAPI] = l->raw[NT_TP_NAPI] || classic;
	/* napi_struct.irq: netif_napi_set_irq, 6.10+; drivers that do not
	 * call it leave -1 there too */
	skel->rodata->napi_irq_off =
		l->btf ? kbtf_member_offset(l->btf, "napi_struct", "irq", 4) : -1;
	if (skel->rodata->napi_irq_off < 0)
		skel->rodata->napi_irq_off = -1;
	return 0;
}

/* NET_TX and NET_RX from the format's print_symbolic; else the values of
 * enum { HI_SOFTIRQ = 0, TIMER_SOFTIRQ, NET_TX_SOFTIRQ, NET_RX_SOFTIRQ, ... }
 * in include/linux/interrupt.h, unchanged since 2.6 (the defaults of
 * vec_net_tx and vec_net_rx). TP_PROTO(unsigned int vec_nr) has not
 * changed either: the raw program needs only to know that the tracepoint
 * exists, from BTF or tracefs. */
static int setup_softirq(struct nt_bpfsig_load *l, struct signals_bpf *skel, enum nt_tp tp)
{
	unsigned long tx, rx;
	int r = read_format(l, tp), off = -1;

	if (r < 0)
		return r;
	if (r > 0)
		off = field_off(l->buf.data, "vec", 4, false, NULL);
	if (r > 0 && !bpf_tp_format_symbol_value(l->buf.data, "vec", "NET_TX", &tx) &&
	    !bpf_tp_format_symbol_value(l->buf.data, "vec", "NET_RX", &rx)) {
		skel->rodata->vec_net_tx = (__u32)tx;
		skel->rodata->vec_net_rx = (__u32)rx;
	}
	if (tp == NT_TP_SIRQ_ENTRY)
		skel->rodata->sirq_entry_off_vec = off;
	else
		skel->rodata->sirq_exit_off_vec = off;
	l->raw[tp] = l->try_raw && (r > 0 || tp_nargs(l, tp) >= 1);
	l->present[tp] = l->raw[tp] || off >= 0;
	return 0;
}

/* kfree_skb's reason came with 5.17: for the raw program, a third TP_PROTO
 * argument in BTF, else (BTF before 5.5) the record's reason field; its
 * names from the format's print_symbolic, else BTF's enum skb_drop_reason. */
static int setup_kfree(struct nt_bpfsig_load *l, struct nt_bpfsig *b, struct signals_bpf *skel)
{
	int r = read_format(l, NT_TP_KFREE), nargs = tp_nargs(l, NT_TP_KFREE);
	bool reason;

	if (r < 0)
		return r;
	if (r > 0)
		skel->rodata->kfree_off_reason = field_off(l->buf.data, "reason", 4, false, NULL);
	reason = skel->rodata->kfree_off_reason >= 0;
	l->raw[NT_TP_KFREE] = l->try_raw && (r > 0 || nargs >= 2);
	if (l->raw[NT_TP_KFREE] && nargs >= 0)
		reason = nargs >= 3;
	skel->rodata->kfree_raw_reason = l->raw[NT_TP_KFREE] && reason;
	l->present[NT_TP_KFREE] = l->raw[NT_TP_KFREE] || r > 0;
	b->has_reasons = l->present[NT_TP_KFREE] && reason;
	bpf_drop_names_init(&b->names);
	if (b->has_reasons && (r <= 0 || bpf_drop_names_from_format(&b->names, l->buf.data) < 0) &&
	    l->btf)
		kbtf_drop_names(l->btf, &b->names);
	return 0;
}

/* The main object sets up the pair too: whether the kernel has it
 * decides whether the signals can work at all (bpfsig.c load). */
int bpfsig_setup(struct nt_bpfsig_load *l, struct nt_bpfsig *b, struct signals_bpf *skel)
{
	int r = l->sirq ? 0 : setup_napi(l, skel);

	if (!r)
		r = setup_softirq(l, skel, NT_TP_SIRQ_ENTRY);
	if (!r)
		r = setup_softirq(l, skel, NT_TP_SIRQ_EXIT);
	if (!r && !l->sirq)
		r = setup_kfree(l, b, skel);
	return r;
}
