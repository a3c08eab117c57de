/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Snapshots one after the other, from a capture or from the live host at
 * an interval, for the commands that feed the engine.
 */
#ifndef NT_SOURCE_H
#define NT_SOURCE_H

#include <stdbool.h>
#include <stddef.h>

#include "sample/capture.h"
#include "sample/sampler.h"

struct nt_snapsource {
	bool live;
	struct nt_capture cap;
	struct nt_sampler *sampler; /* live */
	size_t total;               /* snapshots this source will give */
	size_t next;
	double interval_s; /* live */
	double start_s;    /* live: monotonic time of the first */
	bool progress;     /* live on a terminal: a progress line on stderr */
};

/* Print their error (naming the directory) and return -errno. */
int source_open_capture(struct nt_snapsource *s, const char *dir);
/* @bpf: load the BPF signals too (the policy's bpf key is not no). */
int source_open_live(struct nt_snapsource *s, double duration_s, double interval_s, bool bpf);
void source_close(struct nt_snapsource *s);
/* 1 when @snap was filled, 0 at the end, -errno on failure (printed). */
int source_next(struct nt_snapsource *s, struct nt_snapshot *snap);
/* The name of snapshot @i: its directory in a capture ("0003"), "#4" live. */
void source_name(const struct nt_snapsource *s, size_t i, char *out, size_t size);

#endif
