/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What `recommend` and `replay` share: options, configuration, the loop. */
#ifndef NT_ENGINE_RUN_H
#define NT_ENGINE_RUN_H

#include <stdbool.h>
#include <stdio.h>

#include "cmd/coverage.h"
#include "cmd/source.h"
#include "config/config.h"
#include "engine/engine.h"

struct nt_run_opts {
	struct nt_config_opts config;
	const char *capture; /* NULL: live */
	double duration_s;   /* live */
	bool json;
	bool fail_on_findings;
};

typedef int (*nt_interval_fn)(void *ctx, const struct nt_snapshot *a, const struct nt_snapshot *b,
			      struct nt_findings *step);

/* What a command does around the engine loop; any hook may be NULL. */
struct nt_run_hooks {
	/* before the first interval (a header) */
	void (*begin)(void *ctx, const struct nt_config *c, const struct nt_snapsource *src);
	/* the findings of one interval, in evaluation order; < 0: out of memory */
	nt_interval_fn each;
	/* after the last interval; returns the exit code. @cov says what could
	 * not be seen: when coverage_blind(), the exit code must be 3. */
	int (*end)(void *ctx, const struct nt_config *c, const struct nt_snapshot *first,
		   const struct nt_snapshot *last, size_t nsnap, const struct nt_coverage *cov);
};

/*
 * Loads the configuration, opens the capture (or the live host), and feeds
 * every interval to an engine in @mode, noting what each snapshot lacks of
 * what the rules read (coverage.h). In recommend mode the sustain is
 * capped at the intervals the source has. Returns the exit code: the
 * configuration's (2, 3), the source's (3), or @h->end's.
 */
int engine_run_capture(const struct nt_run_opts *o, enum nt_mode mode, const struct nt_run_hooks *h,
		       void *ctx);

/*
 * Parses the options recommend and replay share (@live_ok: --duration and
 * --fail-on-findings are allowed). True to go on; false when the command
 * is done (--help, a usage error) with its exit code in *@exit_code.
 */
bool engine_run_parse_opts(int argc, char **argv, struct nt_run_opts *o, bool live_ok,
			   int *exit_code, void (*usage_fn)(FILE *f, const char *cmd));

#endif
