// SPDX-License-Identifier: GPL-2.0-or-later
#include "cmd/coverage.h"

#include <errno.h>
#include <string.h>

void coverage_init(struct nt_coverage *cov, const struct nt_config *c)
{
	memset(cov, 0, sizeof(*cov));
	cov->config = c;
	for (size_t i = 0; i < c->rules.n; i++)
		needs_of_rule(&c->rules.rules[i], &cov->needs);
	cov->bpf_err = -ENOENT;
}

/* "NAME: WHAT" after what @out holds, "; " between them. */
static void append(char *out, size_t size, const char *name, const char *what)
{
	size_t n = strlen(out);

	if (n + 1 < size)
		snprintf(out + n, size - n, "%s%s: %s", n ? "; " : "", name, what);
}

/* A timestamp to take rates from: present and later than the last one's. */
static void clock_of(struct nt_coverage *cov, const struct nt_snapshot *s, const char *name)
{
	if (!s->has_mono) {
		append(cov->unusable, sizeof(cov->unusable), name,
		       "no usable timestamp (missing, not a number, or negative)");
		return;
	}
	if (cov->have_clock && s->mono_s <= cov->last_clock) {
		append(cov->unusable, sizeof(cov->unusable), name,
		       "timestamp not later than the snapshot before");
		return;
	}
	cov->have_clock = true;
	cov->last_clock = s->mono_s;
	cov->usable++;
}

static bool same_gap(const struct nt_gap *a, const struct nt_gap *b)
{
	return a->kind == b->kind && a->src == b->src && !strcmp(a->device, b->device);
}

struct gap_ctx {
	struct nt_coverage *cov;
	const char *name;
};

static void note_gap(void *user, const struct nt_gap *g)
{
	struct gap_ctx *gc = user;
	struct nt_coverage *cov = gc->cov;
	struct nt_cov_gap *cg = NULL;

	for (size_t i = 0; i < cov->n_gaps && !cg; i++)
		if (same_gap(&cov->gaps[i].gap, g))
			cg = &cov->gaps[i];
	if (!cg) {
		if (cov->n_gaps == NT_COVERAGE_GAPS) {
			cov->more++;
			return;
		}
		cg = &cov->gaps[cov->n_gaps++];
		cg->gap = *g;
		snprintf(cg->why, sizeof(cg->why), "%s", g->why ? g->why : "");
		cg->gap.why = NULL;
		snprintf(cg->first, sizeof(cg->first), "%s", gc->name);
	}
	cg->n++;
	snprintf(cg->last, sizeof(cg->last), "%s", gc->name);
}

void coverage_add(struct nt_coverage *cov, const struct nt_snapshot *s, const char *name)
{
	struct gap_ctx gc = { cov, name };

	cov->seen++;
	clock_of(cov, s, name);
	needs_gaps(&cov->needs, &cov->config->policy, s, note_gap, &gc);
	cov->bpf_err = s->bpf.err;
	snprintf(cov->bpf_why, sizeof(cov->bpf_why), "%s", s->bpf.why);
	for (int src = 0; src < NT_SRC_COUNT; src++)
		cov->other_err[src] =
			cov->needs.src[src] ? 0 : needs_source_err(s, (enum nt_source)src);
}

bool coverage_blind(const struct nt_coverage *cov)
{
	return cov->usable < 2 || cov->usable < cov->seen || cov->n_gaps;
}

static const char *errname(int err)
{
	const char *name = err == -ENODATA ? "empty" : strerrorname_np(-err);

	return name ? name : "?";
}

/* ", needed by budget-squeeze, backlog-overflow" */
static void rules_needing(const struct nt_coverage *cov, const struct nt_gap *g, char *out,
			  size_t size)
{
	const struct nt_ruleset *rs = &cov->config->rules;
	size_t n = 0;

	out[0] = '\0';
	for (size_t i = 0; i < rs->n && n + 1 < size; i++) {
		struct nt_needs one;
		int w;

		memset(&one, 0, sizeof(one));
		needs_of_rule(&rs->rules[i], &one);
		if (!needs_cover(&one, g))
			continue;
		w = snprintf(out + n, size - n, "%s%s", n ? ", " : "needed by ", rs->rules[i].name);
		if (w < 0)
			break;
		n += (size_t)w;
	}
}

static void gap_line(FILE *f, const struct nt_coverage *cov, const struct nt_cov_gap *cg,
		     const char *cmd)
{
	char what[128], rules[256], where[96];
	const struct nt_gap *g = &cg->gap;

	needs_gap_name(g, what, sizeof(what));
	rules_needing(cov, g, rules, sizeof(rules));
	if (cg->n == 1)
		snprintf(where, sizeof(where), "in snapshot %s", cg->first);
	else if (cg->n == cov->seen)
		snprintf(where, sizeof(where), "in all %zu snapshots", cg->n);
	else
		snprintf(where, sizeof(where), "in %zu of %zu snapshots (%s to %s)", cg->n,
			 cov->seen, cg->first, cg->last);
	if (g->err == -ENODATA)
		fprintf(f, "nettuned %s: cannot judge: %s is empty %s; %s\n", cmd, what, where,
			rules);
	else
		fprintf(f, "nettuned %s: cannot judge: %s could not be read: %s (%s) %s; %s\n", cmd,
			what, cg->why[0] ? cg->why : strerror(-g->err), errname(g->err), where,
			rules);
}

void coverage_report(FILE *f, const struct nt_coverage *cov, const char *cmd)
{
	if (cov->usable < 2)
		fprintf(f,
			"nettuned %s: cannot judge: %zu usable snapshot%s of %zu, and rates need "
			"two%s%s\n",
			cmd, cov->usable, cov->usable == 1 ? "" : "s", cov->seen,
			cov->unusable[0] ? ": " : "", cov->unusable);
	else if (cov->usable < cov->seen)
		fprintf(f,
			"nettuned %s: cannot judge: the intervals around %zu of %zu snapshots have "
			"no rates: %s\n",
			cmd, cov->seen - cov->usable, cov->seen, cov->unusable);
	for (size_t i = 0; i < cov->n_gaps; i++)
		gap_line(f, cov, &cov->gaps[i], cmd);
	if (cov->more)
		fprintf(f, "nettuned %s: cannot judge: and %zu more sources could not be read\n",
			cmd, cov->more);
}

void coverage_others(FILE *f, const struct nt_coverage *cov)
{
	for (int src = 0; src < NT_SRC_COUNT; src++) {
		int err = cov->other_err[src];

		/* a capture may leave out what is optional (README, "Capture format") */
		if (!err || src == NT_SRC_RUNNING)
			continue;
		fprintf(f, "  not read: %s (%s; no enabled rule needs it)\n", nt_source_paths[src],
			errname(err));
	}
}

void coverage_bpf_line(FILE *f, const struct nt_coverage *cov, bool live)
{
	if (!cov->bpf_err || (cov->bpf_err == -ENOENT && !live))
		return;
	fprintf(f, "BPF signals off%s: %s\n", live ? "" : " in the capture",
		cov->bpf_why[0] ? cov->bpf_why : strerror(-cov->bpf_err));
}
