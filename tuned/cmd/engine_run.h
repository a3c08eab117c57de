/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What `recommend` and `replay` share: options, configuration, the loop. */
#ifndef NT_ENGINE_RUN_H
#define NT_ENGINE_RUN_H

#include <stdbool.h>
#include <stdio.h>

#include "cmd/source.h"
#include "config/config.h"
#include "engine/engine.h"

struct nt_run_opts {
	struct nt_config_opts config;
	const char *capture;		/* NULL: live */
	double duration_s;		/* live */
	bool json;
	bool fail_on_findings;
};

/* Loads the configuration; on failure prints why and returns an exit code. */
int run_load_config(struct nt_config *c, const struct nt_run_opts *o);

/*
 * Feeds every interval of @src to @e. @each gets the findings of one
 * interval (in evaluation order) with the interval's snapshots. @first
 * gets the first snapshot, @turn (two) the others, *@last the latest.
 * Returns 0, or an exit code when the source failed.
 */
typedef int (*nt_interval_fn)(void *ctx, const struct nt_snapshot *a, const struct nt_snapshot *b,
			      struct nt_findings *step);
int run_intervals(struct nt_snapsource *src, struct nt_engine *e, nt_interval_fn each, void *ctx,
		  struct nt_snapshot *first, struct nt_snapshot *turn,
		  const struct nt_snapshot **last);

/*
 * Parses the options recommend and replay share (@live_ok: --duration and
 * --fail-on-findings are allowed). -1 to go on, else the exit code.
 */
int run_parse_opts(int argc, char **argv, struct nt_run_opts *o, bool live_ok,
		   void (*usage_fn)(FILE *));

/* Parses a duration such as "10", "10s", "2min"; false when invalid. */
bool parse_seconds(const char *text, double *out);

#endif
