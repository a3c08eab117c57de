// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * nettuned replay: plays enforce mode over a capture, honouring sustain,
 * cooldowns, the hourly budget, ceilings and the disruptive window, and
 * prints when each change would have been made (or why it waited).
 * Changes nothing.
 */
#include "cmd/cmd.h"
#include "cmd/engine_run.h"
#include "present/findings.h"

#include <stdio.h>

static void usage(FILE *f)
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
	      "not be read.\n",
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
			finding_timeline_text(stdout, f, tl->t0);
		else if (!f->held)
			finding_json(stdout, f, true);
	}
	return 0;
}

static int replay(const struct nt_run_opts *o)
{
	struct nt_config c;
	struct nt_snapsource src;
	struct nt_engine *e = NULL;
	struct nt_snapshot first, turn[2];
	const struct nt_snapshot *last = NULL;
	struct timeline tl = { .json = o->json };
	int ret = run_load_config(&c, o);

	if (ret)
		return ret;
	if (source_open_capture(&src, o->capture) < 0) {
		config_free(&c);
		return NT_EXIT_UNREADABLE;
	}
	snapshot_init(&first);
	snapshot_init(&turn[0]);
	snapshot_init(&turn[1]);
	if (engine_new(&e, &c.rules, &c.policy, NT_MODE_ENFORCE) < 0) {
		ret = NT_EXIT_FAILURE;
		goto out;
	}
	if (!o->json)
		printf("nettuned replay: %s, %zu snapshots, policy %s (enforce simulated)\n",
		       o->capture, src.total, c.policy.file);
	ret = run_intervals(&src, e, print_interval, &tl, &first, turn, &last);
	if (!ret && !o->json)
		printf("%zu change%s, %zu held, %zu advice over %.0f s\n", tl.changes,
		       tl.changes == 1 ? "" : "s", tl.held, tl.advice,
		       last && last != &first ? last->mono_s - first.mono_s : 0.0);
out:
	engine_free(e);
	snapshot_free(&first);
	snapshot_free(&turn[0]);
	snapshot_free(&turn[1]);
	source_close(&src);
	config_free(&c);
	return ret;
}

int cmd_replay(int argc, char **argv)
{
	struct nt_run_opts o = { .duration_s = 0 };
	int r = run_parse_opts(argc, argv, &o, false, usage);

	return r >= 0 ? r : replay(&o);
}
