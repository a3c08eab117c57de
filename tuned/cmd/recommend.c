// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * nettuned recommend: samples the host for a while (or reads a capture),
 * runs the rules in recommend mode and prints the findings with their
 * evidence and commands. Changes nothing.
 */
#include "cmd/cmd.h"
#include "cmd/engine_run.h"
#include "engine/signal.h"
#include "present/report.h"
#include "sample/rates.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *f, const char *cmd)
{
	fputs("Usage: nettuned recommend [--policy FILE] [--rules DIR]... [--capture DIR | --duration S]\n"
	      "                          [--json] [--fail-on-findings]\n"
	      "\n"
	      "Samples the receive path (default 10 s at the policy's interval) or reads a\n"
	      "capture, runs the rules and prints what should change, with the evidence in\n"
	      "numbers and the command an operator would type. Changes nothing.\n"
	      "\n"
	      "  --policy FILE       policy (default: /etc/nettuned/policy.conf; from a build\n"
	      "                      tree, policies/recommend.conf)\n"
	      "  --rules DIR         also read rules from DIR (repeatable)\n"
	      "  --capture DIR       read a capture (see `nettuned record`) instead of the host\n"
	      "  --duration S        sample the host for S seconds (default 10; 500ms, 2min)\n"
	      "  --json              JSON Lines: one object per finding, nothing else\n"
	      "  --fail-on-findings  exit 1 when there is any finding (a CI health gate)\n"
	      "  -h, --help          show this help\n"
	      "\n"
	      "A condition must hold for the rule's sustain (3 intervals by default); a\n"
	      "capture with fewer intervals must show it in every one. Fewer than two\n"
	      "snapshots with a usable timestamp, or a source the enabled rules read that\n"
	      "could not be read, and the host cannot be judged: each missing source is\n"
	      "named on stderr, and the exit status is 3 whatever was found.\n"
	      "\n"
	      "Exit status: 0 done, 1 findings with --fail-on-findings, 2 usage or\n"
	      "configuration error, 3 the host or the capture could not be read, or not\n"
	      "well enough to judge it (--fail-on-findings never passes such a host).\n",
	      f);
}

static bool same_key(const struct nt_finding *a, const struct nt_finding *b)
{
	return a->rule == b->rule && a->kind == b->kind && a->id.knob == b->id.knob &&
	       a->id.queue == b->id.queue && a->id.irq == b->id.irq &&
	       !strcmp(a->id.device, b->id.device);
}

/* Keeps the latest finding per (rule, knob, device, queue, IRQ). */
static int merge_latest(struct nt_findings *all, const struct nt_findings *step)
{
	for (size_t i = 0; i < step->n; i++) {
		struct nt_finding *slot = NULL;

		for (size_t k = 0; k < all->n && !slot; k++)
			if (same_key(&all->v[k], &step->v[i]))
				slot = &all->v[k];
		if (!slot && !(slot = findings_add(all)))
			return -1;
		*slot = step->v[i];
	}
	return 0;
}

/* The key figures over the whole run, for a host with nothing to do. */
static void summary(FILE *f, const struct nt_config *c, const struct nt_snapshot *first,
		    const struct nt_snapshot *last, size_t nsnap, const struct nt_coverage *cov)
{
	struct nt_interval iv = { first, last };
	double v, squeeze = 0, drops = 0, net_rx;
	int squeeze_cpu = -1;

	fprintf(f, "nothing to do: %zu snapshot%s over %.0f s, %zu rule%s\n", nsnap,
		nsnap == 1 ? "" : "s", rates_interval(first, last), c->rules.n,
		c->rules.n == 1 ? "" : "s");
	coverage_others(f, cov);
	for (unsigned int cpu = 0; cpu < last->ncpus; cpu++) {
		if (signal_value(NT_SIG_CPU_TIME_SQUEEZE, &iv, (int)cpu, &v) && v >= squeeze) {
			squeeze = v;
			squeeze_cpu = (int)cpu;
		}
		if (signal_value(NT_SIG_CPU_BACKLOG_DROPS, &iv, (int)cpu, &v))
			drops += v;
	}
	if (signal_value(NT_SIG_HOST_NET_RX, &iv, 0, &net_rx))
		fprintf(f, "  NET_RX softirqs: %.0f/s on all CPUs\n", net_rx);
	if (squeeze > 0)
		fprintf(f, "  time_squeeze: at most %.1f/s (CPU %d); backlog drops: %.1f/s\n",
			squeeze, squeeze_cpu, drops);
	else if (squeeze_cpu >= 0)
		fprintf(f, "  time_squeeze: none; backlog drops: %.1f/s\n", drops);
	if (signal_value(NT_SIG_TCP_TIMEOUTS, &iv, 0, &v))
		fprintf(f, "  TCP timeouts: %.1f/s\n", v);
	for (size_t d = 0; d < last->ndevs; d++) {
		const struct nt_netdev *dev = &last->devs[d];
		double rx = 0, disc = 0;

		if (!engine_device_watched(&c->policy, dev))
			continue;
		signal_value(NT_SIG_DEV_RX_PACKETS, &iv, (int)d, &rx);
		fprintf(f, "  %s: %.0f packets/s received", dev->name, rx);
		if (signal_value(NT_SIG_DEV_RING_DISCARDS, &iv, (int)d, &disc))
			fprintf(f, ", %.1f ring discards/s", disc);
		if (signal_value(NT_SIG_DEV_IRQ_TOP_SHARE, &iv, (int)d, &v))
			fprintf(f, ", busiest CPU takes %.0f%% of its queue interrupts", v);
		fputc('\n', f);
	}
}

/* The count is of the blocks printed below; one may hold several changes. */
static void header(const struct nt_findings *all, const struct nt_config *c,
		   const struct nt_snapshot *first, const struct nt_snapshot *last, size_t nsnap)
{
	size_t groups = report_groups(all->v, all->n), changes = 0;

	for (size_t i = 0; i < all->n; i++)
		changes += all->v[i].kind == NT_FIND_ACTION;
	printf("nettuned recommend: %zu finding%s", groups, groups == 1 ? "" : "s");
	if (changes)
		printf(" (%zu change%s)", changes, changes == 1 ? "" : "s");
	printf(" from %zu snapshot%s over %.0f s (policy %s)\n\n", nsnap, nsnap == 1 ? "" : "s",
	       rates_interval(first, last), c->policy.file);
}

struct recommend {
	const struct nt_run_opts *o;
	struct nt_findings all; /* the latest of each finding */
};

/*
 * The findings, then what could not be seen: a host the rules could not
 * judge gets no "nothing to do" and exits 3, with or without findings
 * (--fail-on-findings never passes it). Why the BPF figures are missing is
 * said once: in the text, or on stderr beside JSON Lines.
 */
static int report(void *ctx, const struct nt_config *c, const struct nt_snapshot *first,
		  const struct nt_snapshot *last, size_t nsnap, const struct nt_coverage *cov)
{
	struct recommend *rc = ctx;
	struct nt_findings *all = &rc->all;
	bool blind = coverage_blind(cov);

	findings_sort(all);
	if (rc->o->json) {
		for (size_t i = 0; i < all->n; i++)
			report_finding_json(stdout, &all->v[i], false);
	} else if (all->n) {
		header(all, c, first, last, nsnap);
		report_text(stdout, all->v, all->n);
	} else if (!blind) {
		summary(stdout, c, first, last, nsnap, cov);
	}
	coverage_bpf_line(rc->o->json ? stderr : stdout, cov, !rc->o->capture);
	if (blind) {
		fflush(stdout);
		coverage_report(stderr, cov, "recommend");
		return NT_EXIT_UNREADABLE;
	}
	return all->n && rc->o->fail_on_findings ? NT_EXIT_FINDINGS : 0;
}

static int merge_step(void *ctx, const struct nt_snapshot *a, const struct nt_snapshot *b,
		      struct nt_findings *step)
{
	return merge_latest(&((struct recommend *)ctx)->all, step);
}

int cmd_recommend(int argc, char **argv)
{
	static const struct nt_run_hooks hooks = { .each = merge_step, .end = report };
	struct nt_run_opts o = { .duration_s = 10 };
	struct recommend rc = { .o = &o };
	int r;

	if (!engine_run_parse_opts(argc, argv, &o, true, &r, usage))
		return r;
	findings_init(&rc.all);
	r = engine_run_capture(&o, NT_MODE_RECOMMEND, &hooks, &rc);
	findings_free(&rc.all);
	return r;
}
