/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Shared between the engine's files; not for users of engine.h. */
#ifndef NT_ENGINE_INT_H
#define NT_ENGINE_INT_H

#include "engine/engine.h"
#include "engine/signal.h"

/* A rule that fired for one entity in one interval, with its evidence. */
struct nt_match {
	const struct nt_rule *rule;
	const struct nt_interval *iv;
	int dev;			/* index into iv->b->devs, -1 */
	int queue;			/* queue scope: the RX queue, -1 */
	struct nt_cpuset cpus;		/* cpu scope: CPUs that matched */
	bool has[NT_SIG_COUNT];
	double lo[NT_SIG_COUNT];	/* over the matched CPUs; lo == hi otherwise */
	double hi[NT_SIG_COUNT];
	int irq_cpu;			/* device scope: CPU taking its queue IRQs */
};

/* One knob instance the engine changed (enforce) or held. */
struct nt_knob_state {
	int knob;
	char device[IF_NAMESIZE];
	int index;			/* queue or IRQ, -1 */
	bool applied;
	char value[NT_VALUE_MAX];	/* as applied */
	char before[NT_VALUE_MAX];	/* the value it replaced */
	double changed_at;
	const char *last_held;		/* to print a hold once, not every interval */
};

struct nt_run {
	size_t rule;			/* index into the ruleset */
	char entity[IF_NAMESIZE + 8];	/* "" host, device name, "name:queue" */
	unsigned int count;		/* consecutive holding intervals */
	bool seen;			/* evaluated in this step */
	bool advised;			/* enforce: advice printed once */
};

struct nt_engine {
	const struct nt_ruleset *rules;
	const struct nt_policy *policy;
	enum nt_mode mode;
	unsigned int sustain_cap;
	struct nt_run *runs;
	size_t n_runs, runs_cap;
	struct nt_knob_state *knobs;
	size_t n_knobs, knobs_cap;
	struct nt_match match;		/* the rule being evaluated (6 KiB: off the stack) */
	unsigned int *cpu_order;	/* NT_MAX_CPUS scratch for spread_order() */
	double *changes;		/* timestamps of applied changes */
	size_t n_changes, changes_cap;
};

/* action.c: turns a match into findings (appended to @out). */
int action_findings(struct nt_engine *e, const struct nt_match *m, struct nt_findings *out);
/* The value of a numeric knob now (an applied change wins over the snapshot). */
bool knob_current(struct nt_engine *e, const struct nt_snapshot *b, int knob, int dev,
		  int index, char *out, size_t size);
/* The value in effect during the interval ending at @b: a change made at
 * @b's time does not count yet. */
bool knob_during_number(struct nt_engine *e, const struct nt_snapshot *b, int knob,
			long long *out);
bool knob_current_number(struct nt_engine *e, const struct nt_snapshot *b, int knob,
			 int dev, int index, long long *out);
/* The ceiling a raise of @knob may not pass; -1 when none is set anywhere. */
long long knob_ceiling(const struct nt_engine *e, const struct nt_snapshot *b, int knob, int dev,
		       const struct nt_rule *r);

/* placement.c */
void allowed_cpus(const struct nt_policy *p, const struct nt_snapshot *b, struct nt_cpuset *out);
/* CPUs in the order queue IRQs get them: idle before busy, NUMA-local
 * before remote, then by id. */
size_t spread_order(const struct nt_policy *p, const struct nt_interval *iv,
		    const struct nt_netdev *d, unsigned int *out, size_t max);
bool is_queue_irq(const struct nt_snapshot *b, const struct nt_irq *irq, int dev);
/* The device's queue IRQ numbers, each after @before, @between them. Length. */
size_t join_queue_irqs(const struct nt_snapshot *b, int dev, const char *before,
		       const char *between, char *out, size_t size);

/* render.c */
void render_evidence(const struct nt_match *m, const struct nt_finding *f, char *out, size_t size);
void format_signal(enum nt_signal sig, double lo, double hi, char *out, size_t size);

/*
 * safety.c: enforce-mode gates for the @n changes one match asks for,
 * taken or held together (spreading 8 IRQs is one decision and counts
 * once against max_changes_per_hour). Sets each f->held, or records the
 * changes as applied. 1 when they repeat last interval's hold (not worth
 * reporting again), 0, or -ENOMEM.
 */
int safety_gate(struct nt_engine *e, const struct nt_interval *iv, struct nt_finding *f,
		size_t n);
struct nt_knob_state *knob_state(struct nt_engine *e, int knob, const char *dev, int index,
				 bool create);


#endif
