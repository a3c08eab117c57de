/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * NAPI instances counted by the BPF signals (snapshot.h, struct nt_bpf):
 * which queue of its device one serves, and rates between two snapshots.
 */
#ifndef NT_NAPI_H
#define NT_NAPI_H

#include <stdbool.h>
#include <stddef.h>

#include "model/snapshot.h"

struct nt_napi_where {
	int dev;                  /* index into the snapshot's devs, -1 none */
	int queue;                /* queue number, -1 unknown */
	enum nt_qdir dir;         /* NT_Q_RX/TX/COMBINED, NT_Q_NONE unknown */
	const struct nt_irq *irq; /* the IRQ that names the queue, or NULL */
	bool by_cpu;              /* told from the CPU the polls ran on */
};

/*
 * The queue a NAPI instance serves: from napi_struct.irq when the kernel
 * gave it; else the device's only RX queue; else the one queue IRQ of the
 * device whose effective affinity is exactly the CPU that ran most of its
 * polls (a NAPI is polled where its IRQ raised NET_RX, unless threaded).
 */
void napi_where(const struct nt_snapshot *s, const struct nt_bpf_napi *n, struct nt_napi_where *w);
/* "queue 0 (IRQ 24)", "queue 1 (polled on CPU 3, IRQ 41)", "queue unknown" */
void napi_where_format(const struct nt_napi_where *w, char *out, size_t size);

/* The same NAPI instance in @a (device name and sampler id), or NULL. */
const struct nt_bpf_napi *napi_match(const struct nt_snapshot *a, const struct nt_bpf_napi *nb);

enum nt_napi_field {
	NT_NAPI_POLLS,
	NT_NAPI_PACKETS,
	NT_NAPI_FULL
};
/* Per-second rate of one NAPI instance's counter; false when not comparable. */
bool rates_napi(const struct nt_snapshot *a, const struct nt_snapshot *b,
		const struct nt_bpf_napi *nb, enum nt_napi_field f, double *per_s);

/* Share of the interval CPU @cpu spent in NET_RX (@rx) or NET_TX handlers, 0..1. */
bool rates_bpf_softirq(const struct nt_snapshot *a, const struct nt_snapshot *b, unsigned int cpu,
		       bool rx, double *share);

/* Dropped skbs per second with drop reason @name ("CPU_BACKLOG"), or all
 * reasons when @name is NULL. A reason counted in neither snapshot is 0/s. */
bool rates_bpf_drops(const struct nt_snapshot *a, const struct nt_snapshot *b, const char *name,
		     double *per_s);

#endif
