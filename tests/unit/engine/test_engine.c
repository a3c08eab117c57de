// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The engine over a recorded capture, in enforce mode: what its findings
 * carry beyond the JSON view. An IRQ spread names, for every IRQ, the
 * next CPUs of the placement order to try when the chosen one has no free
 * vector (ENOSPC; the daemon tries them in turn, act_apply_fallback).
 */
#include "check.h"
#include "config/config.h"
#include "engine/engine.h"
#include "sample/capture.h"
#include "sample/sampler.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char policy[PATH_MAX];

static void write_policy(void)
{
	FILE *f;

	snprintf(policy, sizeof(policy), "/tmp/nt-engine-%d.conf", (int)getpid());
	f = fopen(policy, "w");
	if (!f)
		exit(1);
	fputs("[general]\nmode = enforce\n[safety]\nsustain = 1\nmax_changes_per_hour = 100\n", f);
	fclose(f);
}

/* The snapshots of capture @name, each through the sampler as `replay` reads them. */
static size_t load_capture(const char *name, struct nt_snapshot *snaps, size_t max)
{
	char dir[PATH_MAX], err[512], path[PATH_MAX];
	struct nt_capture cap;
	size_t n = 0;

	snprintf(dir, sizeof(dir), "%s/scenarios/%s", getenv("NT_FIXTURES"), name);
	if (capture_open(&cap, dir))
		return 0;
	for (size_t i = 0; i < cap.count && n < max; i++) {
		struct nt_sampler *s = NULL;

		if (capture_path(&cap, i, path, sizeof(path)) ||
		    sampler_open(&s, path, 0, err, sizeof(err)))
			break;
		snapshot_init(&snaps[n]);
		if (sampler_take(s, &snaps[n]) == 0)
			n++;
		sampler_close(s);
	}
	capture_close(&cap);
	return n;
}

/* The lowest CPU of an IRQ's target, -1 none. */
static int first_cpu(const struct nt_value *v)
{
	for (unsigned int c = 0; c < NT_MAX_CPUS; c++)
		if (cpuset_has(&v->cpus, c))
			return (int)c;
	return -1;
}

static void t_spread_fallback(void)
{
	struct nt_config_opts o = { 0 };
	struct nt_snapshot snaps[4];
	struct nt_findings out;
	struct nt_config c;
	struct nt_engine *e = NULL;
	const struct nt_finding *irq[8];
	struct nt_diag diag;
	size_t n, k = 0;

	write_policy();
	o.policy_file = policy;
	diag_init(&diag);
	CHECK_EQ_INT(config_load(&c, &o, &diag), 0);
	diag_print(&diag, stdout);
	diag_free(&diag);
	n = load_capture("multiqueue-cpu0", snaps, 4);
	CHECK(n >= 2);
	findings_init(&out);
	if (n < 2 || engine_new(&e, &c.rules, &c.policy, NT_MODE_ENFORCE))
		goto out;
	CHECK(engine_step(e, &snaps[0], &snaps[1], &out) > 0);
	for (size_t i = 0; i < out.n && k < 8; i++)
		if (out.v[i].id.knob == NT_KNOB_IRQ_AFFINITY && !out.v[i].held)
			irq[k++] = &out.v[i];
	/* four queue IRQs, CPUs 4-7 (idle, NUMA-local) in order */
	CHECK_EQ_INT(k, 4);
	for (size_t i = 0; i < k; i++) {
		const struct nt_finding *f = irq[i];

		printf("# IRQ %d (queue %d) -> CPU %d, then", f->id.irq, f->id.queue,
		       first_cpu(&f->to));
		for (unsigned int j = 0; j < f->n_fallback; j++)
			printf(" %d", f->fallback[j]);
		printf("\n");
		CHECK(f->n_fallback >= 3);
		/* the next queue's CPU comes first: the placement order, from this one on */
		if (i + 1 < k)
			CHECK(f->n_fallback && f->fallback[0] == first_cpu(&irq[i + 1]->to));
		for (unsigned int j = 0; j < f->n_fallback; j++)
			CHECK(f->fallback[j] != first_cpu(&f->to));
	}
	if (k == 4)
		CHECK(irq[3]->fallback[irq[3]->n_fallback - 1] == first_cpu(&irq[2]->to) ||
		      irq[3]->n_fallback == 8);
out:
	engine_free(e);
	findings_free(&out);
	for (size_t i = 0; i < n; i++)
		snapshot_free(&snaps[i]);
	config_free(&c);
	unlink(policy);
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	RUN(t_spread_fallback);
	CHECK_DONE();
}
