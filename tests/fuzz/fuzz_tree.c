// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A whole capture through the sampler, the views and the engine, as
 * `sample --capture` and `replay` would take it. The input is a tree of
 * files ("--- PATH" lines, fuzz.h): a capture (`meta`, `0000/...`,
 * `0001/...`) or one snapshot (`proc/...` at the top). It is written to a
 * temporary directory, every snapshot is sampled (at most 3), each must be
 * whole, every rate between consecutive ones within the bounds, the views
 * printed, and the shipped rules run over them under ci-agent.conf
 * (enforce mode, a daily disruptive window read from wallclock); no change
 * may ask for a negative number or one past an int.
 */
#include "fuzz.h"

#include <config.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config/config.h"
#include "engine/engine.h"
#include "present/report.h"
#include "present/view.h"
#include "sample/capture.h"
#include "sample/sampler.h"

#define MAX_SNAPS 3

static char root[64];
static struct nt_config cfg;
static FILE *devnull;

static void cleanup(void)
{
	fz_tree_remove(root);
	config_free(&cfg);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct nt_config_opts o = { .policy_file = NT_SOURCE_ROOT "/policies/ci-agent.conf" };
	struct nt_diag diag;
	const char *tmp = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";

	(void)argc;
	(void)argv;
	snprintf(root, sizeof(root), "%s/nettuned-fuzz-tree.%d", tmp, (int)getpid());
	devnull = fopen("/dev/null", "w");
	diag_init(&diag);
	if (!devnull || config_load(&cfg, &o, &diag) < 0) {
		diag_print(&diag, stderr);
		fz_fail("cannot load %s and the shipped rules", o.policy_file);
	}
	diag_free(&diag);
	atexit(cleanup);
	return 0;
}

/* Sampled snapshot @path into @s; false when the root cannot be opened. */
static bool take(const char *path, struct nt_snapshot *s)
{
	struct nt_sampler *sp = NULL;
	int r = sampler_open(&sp, path, 0, NULL, 0);

	if (r < 0)
		return false;
	r = sampler_take(sp, s);
	sampler_close(sp);
	FZ_CHECK(r == 0);
	fz_check_snapshot(s);
	return true;
}

/* A raise or a set of a number never asks for a negative or huge value. */
static void check_findings(const struct nt_findings *f)
{
	for (size_t i = 0; i < f->n; i++) {
		const struct nt_finding *x = &f->v[i];
		long long to;

		FZ_CHECK(memchr(x->evidence, 0, sizeof(x->evidence)));
		FZ_CHECK(memchr(x->advice, 0, sizeof(x->advice)));
		if (x->kind != NT_FIND_ACTION || nt_knobs[x->id.knob].type != NT_KT_NUMBER)
			continue;
		if (!x->has_to || x->to.type != NT_KT_NUMBER)
			fz_fail("%s: %s to is no number", x->rule->name, nt_knobs[x->id.knob].name);
		to = x->to.num;
		if (to < 0 || to > 2147483647LL)
			fz_fail("%s: %s to %lld", x->rule->name, nt_knobs[x->id.knob].name, to);
	}
}

static void views(struct nt_snapshot *s, size_t n, const struct nt_capture *cap)
{
	struct nt_sample_view v = {
		.source = "fuzz",
		.capture = cap != NULL,
		.nsnapshots = n,
		.first = n > 1 ? &s[0] : NULL,
		.last = &s[n - 1],
		.hostname = cap ? cap->hostname : "",
		.kernel = cap ? cap->kernel : "",
	};

	view_sample_text(devnull, &v);
	view_sample_json(devnull, &v);
}

static void engine(struct nt_snapshot *s, size_t n)
{
	struct nt_engine *e = NULL;
	struct nt_findings f;

	FZ_CHECK(engine_new(&e, &cfg.rules, &cfg.policy, NT_MODE_ENFORCE) == 0);
	engine_cap_sustain(e, 1);
	findings_init(&f);
	for (size_t i = 1; i < n; i++) {
		findings_clear(&f);
		FZ_CHECK(engine_step(e, &s[i - 1], &s[i], &f) >= 0);
		check_findings(&f);
		report_text(devnull, f.v, f.n);
		for (size_t k = 0; k < f.n; k++)
			report_finding_json(devnull, &f.v[k], true);
	}
	findings_free(&f);
	engine_free(e);
}

/*
 * Queues are sized by the rx-N entries that exist (netdev.c): no device
 * may hold more than the input has. One empty queues/rx-65535/ cost
 * 65536 entries of 1 KiB once, and a 1.5 KB tree 2 GB.
 */
static void check_queue_memory(const struct nt_snapshot *s, const struct fz_part *parts,
			       size_t nparts)
{
	size_t rx = 0;

	for (size_t i = 0; i < nparts; i++)
		rx += strstr(parts[i].name, "queues/rx-") != NULL;
	for (size_t i = 0; i < s->ndevs; i++)
		if (s->devs[i].rxq_cap > rx)
			fz_fail("%s: room for %zu RX queues, the tree has %zu", s->devs[i].name,
				s->devs[i].rxq_cap, rx);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct fz_part parts[FZ_MAX_PARTS];
	struct nt_snapshot s[MAX_SNAPS];
	struct nt_capture cap;
	size_t n = 0, nparts = fz_split(data, size, parts, FZ_MAX_PARTS);
	char path[PATH_MAX];

	fz_tree_write(root, parts, nparts);
	for (size_t i = 0; i < MAX_SNAPS; i++)
		snapshot_init(&s[i]);
	if (capture_open(&cap, root) == 0) {
		for (size_t i = 0; i < cap.count && n < MAX_SNAPS; i++)
			if (capture_path(&cap, i, path, sizeof(path)) == 0 && take(path, &s[n]))
				n++;
	} else {
		memset(&cap, 0, sizeof(cap));
		n = take(root, &s[0]) ? 1 : 0;
	}
	for (size_t i = 0; i < n; i++)
		check_queue_memory(&s[i], parts, nparts);
	for (size_t i = 1; i < n; i++)
		fz_check_rates(&s[i - 1], &s[i]);
	if (n) {
		views(s, n, cap.count ? &cap : NULL);
		engine(s, n);
	}
	capture_close(&cap);
	for (size_t i = 0; i < MAX_SNAPS; i++)
		snapshot_free(&s[i]);
	return 0;
}
