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
	int irq_cpu;			/* device scope: CPU doing its receive work */
	enum nt_rx_cpu rx_cpu_how;	/* how irq_cpu is known (signal.h) */
	bool has_base;
	double base;			/* the symptom's mean over the sustain window */
};

/* One knob instance the engine changed (enforce) or held. */
struct nt_knob_state {
	int knob;
	char device[IF_NAMESIZE];
	int index;			/* queue or IRQ, -1 */
	bool applied;			/* taken to be in effect (a capture: value wins) */
	bool changed;			/* changed in this run: cooldown from changed_at */
	bool verifying;			/* a verify window is open for it */
	const char *hold;		/* "manual", "unsupported", "failed"; NULL none */
	double hold_until;		/* "failed": until then */
	char value[NT_VALUE_MAX];	/* as applied */
	char before[NT_VALUE_MAX];	/* the value it replaced */
	double changed_at;
	const char *last_held;		/* to print a hold once, not every interval */
};

/* One knob instance a verified change set. */
struct nt_verify_change {
	int knob;
	char device[IF_NAMESIZE];
	int queue, irq;
	char from[NT_VALUE_MAX];
	char to[NT_VALUE_MAX];
	bool dropped;			/* failed, gone, forgotten: not verified */
};

/* Outcome counters watched over a verify window besides the rule's signal. */
enum nt_outcome_sig { NT_OUT_DROPS, NT_OUT_TCP_TIMEOUTS, NT_OUT_TCP_RETRANS, NT_OUT_COUNT };

/* A verify window: the changes one fired rule made, and what to compare. */
struct nt_verify {
	const struct nt_rule *rule;
	char entity[IF_NAMESIZE];	/* the device the rule fired for, "" host */
	int queue;
	struct nt_cpuset cpus;		/* cpu scope: the CPUs that matched */
	const struct nt_cond *cond;	/* the rule's symptom: verify_cond() */
	double start, deadline;		/* monotonic s */
	double base;			/* the symptom when the rule fired */
	double sum;
	unsigned int n;
	bool has_out[NT_OUT_COUNT];
	double out_base[NT_OUT_COUNT];
	double out_sum[NT_OUT_COUNT];
	unsigned int out_n[NT_OUT_COUNT];
	struct nt_verify_change *changes;
	size_t n_changes;
};

/* A rule that was rolled back for an entity waits until @until. */
struct nt_backoff {
	const struct nt_rule *rule;
	char entity[IF_NAMESIZE];
	double until;
};

#define NT_RUN_RECENT 16
struct nt_run {
	size_t rule;			/* index into the ruleset */
	char entity[IF_NAMESIZE + 8];	/* "" host, device name, "name:queue" */
	unsigned int count;		/* consecutive holding intervals */
	unsigned int n_recent;		/* of them, with a value of the symptom */
	double recent[NT_RUN_RECENT];	/* the symptom in the last holding intervals */
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
	bool live, paused;
	struct nt_verify *verifies;
	size_t n_verifies, verifies_cap;
	struct nt_backoff *backoffs;
	size_t n_backoffs, backoffs_cap;
};

/* engine.c: the value of condition @c for @entity (a queue rule's device
 * signals are about the queue's device). */
bool cond_value(enum nt_scope scope, const struct nt_cond *c, const struct nt_interval *iv,
		int entity, double *v);

/* verify.c */
/* Opens a verify window for the @n changes @f (just passed) of match @m. */
/*
 * The value in @m of the condition a rule's changes are judged by (the
 * worst CPU's); false when it has none.
 */
bool verify_match_symptom(const struct nt_match *m, double *v);
int verify_open(struct nt_engine *e, const struct nt_match *m, const struct nt_finding *f,
		size_t n);
/* Feeds the interval to every open window; closes those at their deadline
 * with a VERIFIED or ROLLBACK finding per change, appended to @out. */
int verify_step(struct nt_engine *e, const struct nt_interval *iv, struct nt_findings *out);
/* A verify window is open: its first change in @why. */
bool verify_open_for(const struct nt_engine *e, char *why, size_t size);
/* A change no longer to verify (failed, gone, forgotten). */
void verify_drop(struct nt_engine *e, int knob, const char *device, int index);
void verify_free(struct nt_engine *e);
/* The rule is backing off for @entity at @now: the time left, else 0. */
double backoff_left(const struct nt_engine *e, const struct nt_rule *r, const char *entity,
		    double now);

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
