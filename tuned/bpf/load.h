/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Loading the BPF signals, shared by bpfsig.c (open, load, attach) and
 * setup.c (the layouts and offsets written into the programs before load).
 */
#ifndef NT_BPF_LOAD_H
#define NT_BPF_LOAD_H

#include <stdbool.h>
#include <stddef.h>

#include "bpf/bpfsig_int.h"
#include "util/buf.h"

struct btf;
struct signals_bpf;

enum nt_tp {
	NT_TP_NAPI,
	NT_TP_SIRQ_ENTRY,
	NT_TP_SIRQ_EXIT,
	NT_TP_KFREE,
	NT_TP_COUNT,
};

/* What bpfsig_open learns before the skeleton is loaded. */
struct nt_bpfsig_load {
	char tracefs[64];          /* "" when not mounted: raw programs only */
	struct btf *btf;           /* the kernel's BTF, NULL without */
	unsigned int flags;        /* NT_BPFSIG_* */
	bool sirq;                 /* the softirq pair's object, not the main one */
	bool sirq_usable;          /* the kernel has the pair (setup found both) */
	bool try_raw;              /* this attempt may use raw_tracepoint */
	bool present[NT_TP_COUNT]; /* usable by one of its two programs */
	bool raw[NT_TP_COUNT];     /* by the raw_tracepoint program */
	struct nt_buf buf;
	char *why;
	size_t whylen;
};

/* "napi/napi_poll" (tracefs events/ path), and the raw_tracepoint name */
extern const char *const bpf_tp_event[NT_TP_COUNT];
extern const char *const bpf_tp_raw[NT_TP_COUNT];

/* One line in l->why, "<what>: <strerror> (<ENAME>)<hint>"; returns -@err. */
int __attribute__((format(printf, 4, 5)))
bpfsig_fail(struct nt_bpfsig_load *l, int err, const char *hint, const char *fmt, ...);

/* Reads the layouts (tracefs formats, kernel BTF) into the skeleton's
 * read-only globals and picks each tracepoint's program: 0 or -errno.
 * For l->sirq, the softirq pair's only. */
int bpfsig_setup(struct nt_bpfsig_load *l, struct nt_bpfsig *b, struct signals_bpf *skel);

#endif
