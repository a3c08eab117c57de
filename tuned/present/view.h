/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What `nettuned sample` shows, for a person or as JSON. */
#ifndef NT_VIEW_H
#define NT_VIEW_H

#include <stdio.h>

#include "model/snapshot.h"

struct nt_sample_view {
	const char *source; /* root or capture directory */
	bool live;
	const char *bpf_paths; /* live: the BPF programs that loaded, NULL/"" none */
	const char *hostname;  /* "" unknown */
	const char *kernel;
	size_t nsnapshots;               /* in the capture, 1 for --root */
	const struct nt_snapshot *first; /* NULL: no rates, counts since boot */
	const struct nt_snapshot *last;
	bool capture; /* read from a capture (also with one snapshot) */
};

void view_sample_text(FILE *f, const struct nt_sample_view *v);
/* CPU @c has a row: some per-CPU source (softnet_stat, /proc/softirqs,
 * /proc/stat, a /proc/interrupts column, the online list) knows it. */
bool view_cpu_shown(const struct nt_snapshot *b, unsigned int c);
void view_sample_json(FILE *f, const struct nt_sample_view *v);

/*
 * The BPF figures both views show (sample_text.c). Rates need the
 * programs attached in both snapshots and a positive interval; otherwise
 * the views show the last snapshot's counts since the programs attached.
 */
/* The BPF sections of the views (sample_bpf.c, sample_json_bpf.c). */
struct nt_json;
void view_bpf_json(struct nt_json *j, const struct nt_sample_view *v);
/* "error" and "errno" of a negative errno */
void view_json_err(struct nt_json *j, int err);
void view_bpf_text(FILE *f, const struct nt_sample_view *v);
bool view_bpf_rated(const struct nt_sample_view *v);
/* NET_RX (@rx) or NET_TX handler runs per second on @cpu. */
bool view_bpf_runs_rate(const struct nt_snapshot *a, const struct nt_snapshot *b, unsigned int cpu,
			bool rx, double *per_s);
/* Drops per second of one reason of @b, matched in @a by reason number
 * (a reason @a has not counted yet had 0 there: counts start at attach). */
bool view_bpf_drop_rate(const struct nt_snapshot *a, const struct nt_snapshot *b,
			const struct nt_bpf_drop *db, double *per_s);
/* Indexes into v->last->bpf.drops, highest rate first (highest count
 * without rates), ties by reason number; NULL when out of memory. */
size_t *view_bpf_drop_order(const struct nt_sample_view *v);
/* Sum over the NAPI instances of device @dev ("" for those without one)
 * of the rates of polls, packets and full polls; false when none of them
 * has a rate. */
bool view_napi_dev_rates(const struct nt_snapshot *a, const struct nt_snapshot *b, const char *dev,
			 double rates[3]);
/* "queue 0, IRQ 38, CPU 1": what is known of where a NAPI instance runs. */
void view_napi_where(const struct nt_snapshot *b, const struct nt_bpf_napi *n, char *out,
		     size_t size);

#endif
