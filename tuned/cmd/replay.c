// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * nettuned replay: plays enforce mode over a capture, honouring sustain,
 * cooldowns, the hourly budget, ceilings and the disruptive window, and
 * prints when each change would have been made (or why it waited).
 * Changes nothing.
 */
#include "cmd/cmd.h"
#include "cmd/engine_run.h"
#include "present/report.h"
#include "sample/rates.h"

#include <stdio.h>

static void usage(FILE *f, const char *cmd)
{
	fputs("Usage: nettuned replay --capture DIR [--policy FILE] [--rules DIR]... [--json]\n"
	      "\n"
	      "Simulates enforce mode over a capture's timeline: each change is taken as\n"
	      "applied from then on, so later snapshots raise from the new value. Prints\n"
	      "when each change would have been made, or why it was held (disruptive\n"
	      "window, cooldown, max_changes_per_hour, irqbalance). Changes nothing.\n"
	      "\n"
	      "  --capture DIR   the capture to replay (see `nettuned record`)\n"
	      "  --policy FILE   policy (default as for `nettuned recommend`); its mode is\n"
	      "                  ignored: replay always plays enforce\n"
	      "  --rules DIR     also read rules from DIR (repeatable)\n"
	      "  --json          JSON Lines: the changes and advice as `recommend --json`\n"
	      "                  objects with \"t\" (the snapshot's timestamp, s) and\n"
	      "                  \"wallclock\"; held changes are not printed\n"
	      "  -h, --help      show this help\n"
	      "\n"
	      "Exit status: 0 done, 2 usage or configuration error, 3 the capture could\n"
	      "not be read, or not well enough to judge it: fewer than two snapshots with\n"
	      "a usable timestamp, or a source the enabled rules read missing (each is\n"
	      "named on stderr).\n",
	      f);
}

struct timeline {
	bool json;
	double t0;
	bool have_t0;
	size_t changes, held, advice;
};

static int print_interval(void *ctx, const struct nt_snapshot *a, const struct nt_snapshot *b,
			  struct nt_findings *step)
{
	struct timeline *tl = ctx;

	if (!tl->have_t0) {
		tl->t0 = a->mono_s;
		tl->have_t0 = true;
	}
	for (size_t i = 0; i < step->n; i++) {
		const struct nt_finding *f = &step->v[i];

		if (f->kind == NT_FIND_ADVICE)
			tl->advice++;
		else if (f->held)
			tl->held++;
		else
			tl->changes++;
		if (!tl->json)
			report_timeline_text(stdout, f, tl->t0);
		else if (!f->held)
			report_finding_json(stdout, f, true);
	}
	return 0;
}

static void header(void *ctx, const struct nt_config *c, const struct nt_snapsource *src)
{
	struct timeline *tl = ctx;

	if (!tl->json)
		printf("nettuned replay: %s, %zu snapshot%s, policy %s (enforce simulated)\n",
		       src->cap.dir, src->total, src->total == 1 ? "" : "s", c->policy.file);
}

static int totals(void *ctx, const struct nt_config *c, const struct nt_snapshot *first,
		  const struct nt_snapshot *last, size_t nsnap, const struct nt_coverage *cov)
{
	struct timeline *tl = ctx;

	if (!tl->json)
		printf("%zu change%s, %zu held, %zu advice over %.0f s\n", tl->changes,
		       tl->changes == 1 ? "" : "s", tl->held, tl->advice,
		       rates_interval(first, last));
	if (!coverage_blind(cov))
		return 0;
	fflush(stdout);
	coverage_report(stderr, cov, "replay");
	return NT_EXIT_UNREADABLE;
}

int cmd_replay(int argc, char **argv)
{
	static const struct nt_run_hooks hooks = {
		.begin = header,
		.each = print_interval,
		.end = totals,
	};
	struct nt_run_opts o = { .duration_s = 0 };
	struct timeline tl = { .json = false };
	int r;

	if (!engine_run_parse_opts(argc, argv, &o, false, &r, usage))
		return r;
	tl.json = o.json;
	return engine_run_capture(&o, NT_MODE_ENFORCE, &hooks, &tl);
}
