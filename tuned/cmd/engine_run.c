// SPDX-License-Identifier: GPL-2.0-or-later
#include "cmd/cmd.h"
#include "cmd/engine_run.h"
#include "cmd/options.h"
#include "config/cfgval.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int load_config(struct nt_config *c, const struct nt_run_opts *o)
{
	struct nt_diag diag;
	int r;

	diag_init(&diag);
	r = config_load(c, &o->config, &diag);
	diag_print(&diag, stderr);
	diag_free(&diag);
	if (r == -EINVAL)
		return NT_EXIT_USAGE;
	return r < 0 ? NT_EXIT_UNREADABLE : 0;
}

/*
 * The first snapshot stays for the summary over the whole run; turn[0]
 * and turn[1] take turns as the interval's earlier and later one. The
 * caller owns (and frees) all three.
 */
/* The next snapshot, its gaps noted. */
static int next(struct nt_snapsource *src, struct nt_snapshot *snap, struct nt_coverage *cov)
{
	char name[32];
	int r = source_next(src, snap);

	if (r > 0) {
		source_name(src, src->next - 1, name, sizeof(name));
		coverage_add(cov, snap, name);
	}
	return r;
}

static int run_intervals(struct nt_snapsource *src, struct nt_engine *e, nt_interval_fn each,
			 void *ctx, struct nt_snapshot *first, struct nt_snapshot *turn,
			 const struct nt_snapshot **last, struct nt_coverage *cov)
{
	struct nt_snapshot *prev = first, *cur;
	struct nt_findings step;
	int r, ret = 0;

	findings_init(&step);
	*last = NULL;
	r = next(src, first, cov);
	if (r > 0)
		*last = first;
	for (size_t i = 0; r > 0; i++) {
		cur = &turn[i % 2];
		r = next(src, cur, cov);
		if (r <= 0)
			break;
		findings_clear(&step);
		if (engine_step(e, prev, cur, &step) < 0 ||
		    (each && each(ctx, prev, cur, &step) < 0)) {
			fprintf(stderr, "nettuned: out of memory\n");
			ret = NT_EXIT_FAILURE;
			break;
		}
		prev = cur;
		*last = cur;
	}
	if (r < 0)
		ret = NT_EXIT_UNREADABLE;
	findings_free(&step);
	return ret;
}

int engine_run_capture(const struct nt_run_opts *o, enum nt_mode mode, const struct nt_run_hooks *h,
		       void *ctx)
{
	struct nt_config c;
	struct nt_snapsource src;
	struct nt_engine *e = NULL;
	struct nt_snapshot first, turn[2];
	const struct nt_snapshot *last = NULL;
	struct nt_coverage cov;
	int ret = load_config(&c, o);

	if (ret)
		return ret;
	if ((o->capture ? source_open_capture(&src, o->capture) :
			  source_open_live(&src, o->duration_s, c.policy.interval_s,
					   c.policy.bpf != NT_BPF_NO)) < 0) {
		config_free(&c);
		return NT_EXIT_UNREADABLE;
	}
	snapshot_init(&first);
	snapshot_init(&turn[0]);
	snapshot_init(&turn[1]);
	if (engine_new(&e, &c.rules, &c.policy, mode) < 0) {
		fprintf(stderr, "nettuned: out of memory\n");
		ret = NT_EXIT_FAILURE;
		goto out;
	}
	if (mode == NT_MODE_RECOMMEND)
		engine_cap_sustain(e, src.total > 1 ? (unsigned int)(src.total - 1) : 1);
	if (h->begin)
		h->begin(ctx, &c, &src);
	coverage_init(&cov, &c);
	ret = run_intervals(&src, e, h->each, ctx, &first, turn, &last, &cov);
	if (!ret && h->end)
		ret = h->end(ctx, &c, &first, last, src.next, &cov);
out:
	engine_free(e);
	snapshot_free(&first);
	snapshot_free(&turn[0]);
	snapshot_free(&turn[1]);
	source_close(&src);
	config_free(&c);
	return ret;
}

/* What the options of recommend and replay are parsed into. */
struct engine_run_args {
	struct nt_run_opts *o;
	bool live_ok;
	bool duration; /* --duration was given */
};

static int engine_run_option(struct cmd_args *a, int key, const char *arg)
{
	struct engine_run_args *ea = a->ctx;
	struct nt_run_opts *o = ea->o;

	switch (key) {
	case 'd':
		if (!ea->live_ok || cfgval_duration(arg, &o->duration_s) < 0 ||
		    o->duration_s <= 0) {
			fprintf(stderr, "nettuned %s: --duration %s: %s\n", a->cmd, arg,
				ea->live_ok ? "not a positive duration (10, 10s, 500ms, 2min, 1h)" :
					      "replay reads a capture only");
			return -EINVAL;
		}
		ea->duration = true;
		return 0;
	case 'F':
		/* replay has no findings to fail on: the usage, as for an unknown option */
		if (!ea->live_ok)
			return cmd_usage_error(a);
		o->fail_on_findings = true;
		return 0;
	}
	return cmd_usage_error(a);
}

/* clang-format off */
static const struct option engine_run_options[] = {
	CMD_OPTION_POLICY,
	CMD_OPTION_RULES,
	CMD_OPTION_CAPTURE,
	{ "duration", required_argument, NULL, 'd' },
	CMD_OPTION_JSON,
	{ "fail-on-findings", no_argument, NULL, 'F' },
	{ 0 },
};
/* clang-format on */

/* Between options: --capture or --duration, and replay's --capture. 0 or -EINVAL. */
static int engine_run_check(const struct cmd_args *a, const struct engine_run_args *ea)
{
	if (ea->duration && a->capture) {
		fprintf(stderr, "nettuned %s: --capture and --duration exclude each other\n",
			a->cmd);
		return cmd_usage_error(a);
	}
	if (!ea->live_ok && !a->capture) {
		fprintf(stderr, "nettuned %s: --capture DIR is required\n", a->cmd);
		return cmd_usage_error(a);
	}
	return 0;
}

bool engine_run_parse_opts(int argc, char **argv, struct nt_run_opts *o, bool live_ok,
			   int *exit_code, void (*usage_fn)(FILE *, const char *))
{
	const struct cmd_parser p = {
		.options = engine_run_options,
		.usage = usage_fn,
		.option = engine_run_option,
	};
	struct engine_run_args ea = { .o = o, .live_ok = live_ok };
	struct cmd_args a = { .ctx = &ea };

	if (!cmd_parse(&p, &a, argc, argv, exit_code))
		return false;
	if (engine_run_check(&a, &ea) < 0)
		return cmd_stop(exit_code, NT_EXIT_USAGE);
	o->config = a.config;
	o->capture = a.capture;
	o->json = a.json;
	return true;
}
