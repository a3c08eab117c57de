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
	int dev;               /* index into iv->b->devs, -1 */
	int queue;             /* queue scope: the RX queue, -1 */
	struct nt_cpuset cpus; /* cpu scope: CPUs that matched */
	bool has[NT_SIG_COUNT];
	double lo[NT_SIG_COUNT]; /* over the matched CPUs; lo == hi otherwise */
	double hi[NT_SIG_COUNT];
	int irq_cpu;               /* device scope: CPU doing its receive work */
	enum nt_rx_cpu rx_cpu_how; /* how irq_cpu is known (signal.h) */
	/* over the sustain window: the verify baselines (engine.c: baselines) */
	bool has_base;
	double base; /* the symptom's mean */
	bool has_traffic;
	double traffic;                           /* packets received /s */
	struct nt_outcome_stat out[NT_OUT_COUNT]; /* means and spreads; sums 0 */
};

/* What one holding interval measured, for the verify baselines. */
struct nt_sample {
	bool has_symptom, has_traffic;
	double symptom, traffic;
	bool has_out[NT_OUT_COUNT];
	double out[NT_OUT_COUNT];
};

#define NT_RUN_RECENT 16
struct nt_run {
	size_t rule;                            /* index into the ruleset */
	char entity[IF_NAMESIZE + 8];           /* "" host, device name, "name:queue" */
	unsigned int count;                     /* consecutive holding intervals */
	unsigned int n_recent;                  /* of them, sampled into recent[] */
	struct nt_sample recent[NT_RUN_RECENT]; /* the last holding intervals */
	bool seen;                              /* evaluated in this step */
	bool advised;                           /* enforce: advice printed once */
};

struct nt_engine {
	const struct nt_ruleset *rules;
	const struct nt_policy *policy;
	enum nt_mode mode;
	unsigned int sustain_cap;
	struct nt_run *runs;
	size_t n_runs, runs_cap;
	struct nt_history *h; /* &own, or the daemon's */
	struct nt_history own;
	struct nt_match match;   /* the rule being evaluated (6 KiB: off the stack) */
	unsigned int *cpu_order; /* NT_MAX_CPUS scratch for placement_spread_order() */
	bool live, paused;
};

/* The rule named @name in the engine's rules, NULL when there is none. */
const struct nt_rule *engine_rule(const struct nt_engine *e, const char *name);

/* engine.c: the value of condition @c for @entity (a queue rule's device
 * signals are about the queue's device). */
bool engine_cond_value(enum nt_scope scope, const struct nt_cond *c, const struct nt_interval *iv,
		       int entity, double *v);

/* verify.c */
/*
 * The value in @m of the condition a rule's changes are judged by (the
 * worst CPU's); false when it has none.
 */
bool verify_match_symptom(const struct nt_match *m, double *v);
/* The outcome counters and traffic of an interval for @dev (-1: the host). */
void verify_sample(const struct nt_interval *iv, int dev, struct nt_sample *s);
/* Opens a verify window for the @n changes @f (just passed) of match @m. */
int verify_open(struct nt_engine *e, const struct nt_match *m, const struct nt_finding *f,
		size_t n);
/* Feeds the interval to every open window; closes those at their deadline
 * with a VERIFIED or ROLLBACK finding per change, appended to @out. */
int verify_step(struct nt_engine *e, const struct nt_interval *iv, struct nt_findings *out);
/* A verify window is open: its first change in @why. */
bool verify_open_for(const struct nt_engine *e, char *why, size_t size);
/* The change of @f was made with @to instead of f->to (an ENOSPC fallback). */
void verify_applied_as(struct nt_engine *e, const struct nt_finding *f, const struct nt_value *to);
/* The rule is backing off for @entity at @now: the time left, else 0. */
double verify_backoff_left(const struct nt_engine *e, const struct nt_rule *r, const char *entity,
			   double now);

/* action.c: turns a match into findings (appended to @out). */
int engine_action_findings(struct nt_engine *e, const struct nt_match *m, struct nt_findings *out);
/* The value of instance @id now (an applied change wins over the snapshot). */
bool engine_knob_current(struct nt_engine *e, const struct nt_snapshot *b,
			 const struct nt_knob_id *id, struct nt_value *out);
/* The value in effect during the interval ending at @b: a change made at
 * @b's time does not count yet. A host knob. */
bool engine_knob_during_number(struct nt_engine *e, const struct nt_snapshot *b, int knob,
			       long long *out);
bool engine_knob_current_number(struct nt_engine *e, const struct nt_snapshot *b,
				const struct nt_knob_id *id, long long *out);
/* The ceiling a raise of @knob may not pass; -1 when none is set anywhere. */
long long engine_knob_ceiling(const struct nt_engine *e, const struct nt_snapshot *b, int knob,
			      int dev, const struct nt_rule *r);

/* placement.c */
void placement_allowed_cpus(const struct nt_policy *p, const struct nt_snapshot *b,
			    struct nt_cpuset *out);
/* CPUs in the order queue IRQs get them: idle before busy, NUMA-local
 * before remote, then by id. */
size_t placement_spread_order(const struct nt_policy *p, const struct nt_interval *iv,
			      const struct nt_netdev *d, unsigned int *out, size_t max);
bool placement_is_queue_irq(const struct nt_snapshot *b, const struct nt_irq *irq, int dev);
/* The device's queue IRQ numbers, each after @before, @between them. Length. */
size_t placement_join_queue_irqs(const struct nt_snapshot *b, int dev, const char *before,
				 const char *between, char *out, size_t size);

/* render.c */
void render_evidence(const struct nt_match *m, const struct nt_finding *f, char *out, size_t size);
void render_signal(enum nt_signal sig, double lo, double hi, char *out, size_t size);

/*
 * safety.c: enforce-mode gates for the @n changes one match asks for,
 * taken or held together (spreading 8 IRQs is one decision and counts
 * once against max_changes_per_hour). Sets each f->held, or records the
 * changes as applied. 1 when they repeat last interval's hold (not worth
 * reporting again), 0, or -ENOMEM.
 */
int safety_gate(struct nt_engine *e, const struct nt_interval *iv, struct nt_finding *f, size_t n);
/* The knob instance's state in the engine's history. */
struct nt_knob_state *safety_knob_state(struct nt_engine *e, const struct nt_knob_id *id,
					bool create);

#endif
