// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Rule evaluation and sustain. See engine.h for the contract; action.c
 * turns fired rules into findings and safety.c plays the [safety] section.
 */
#include "engine/engine_int.h"
#include "util/array.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int engine_new(struct nt_engine **out, const struct nt_ruleset *rules,
	       const struct nt_policy *policy, enum nt_mode mode)
{
	struct nt_engine *e = calloc(1, sizeof(*e));

	if (!e)
		return -ENOMEM;
	e->cpu_order = calloc(NT_MAX_CPUS, sizeof(*e->cpu_order));
	if (!e->cpu_order) {
		free(e);
		return -ENOMEM;
	}
	e->rules = rules;
	e->policy = policy;
	e->mode = mode;
	history_init(&e->own);
	e->h = &e->own;
	*out = e;
	return 0;
}

void engine_free(struct nt_engine *e)
{
	if (!e)
		return;
	free(e->cpu_order);
	free(e->runs);
	history_free(&e->own);
	free(e);
}

void engine_use_history(struct nt_engine *e, struct nt_history *h)
{
	e->h = h ? h : &e->own;
}

const struct nt_rule *engine_rule(const struct nt_engine *e, const char *name)
{
	for (size_t i = 0; i < e->rules->n; i++)
		if (!strcmp(e->rules->rules[i].name, name))
			return &e->rules->rules[i];
	return NULL;
}

void engine_backoffs(const struct nt_engine *e, double now,
		     void (*fn)(void *user, const char *rule, const char *entity, double left_s),
		     void *user)
{
	for (size_t i = 0; i < e->h->n_backoffs; i++) {
		const struct nt_backoff *b = &e->h->backoffs[i];

		if (b->until > now)
			fn(user, b->rule, b->entity, b->until - now);
	}
}

void engine_set_live(struct nt_engine *e, bool live)
{
	e->live = live;
}

void engine_set_paused(struct nt_engine *e, bool paused)
{
	e->paused = paused;
}

void engine_cap_sustain(struct nt_engine *e, unsigned int intervals)
{
	e->sustain_cap = intervals;
}

static struct nt_run *run_for(struct nt_engine *e, size_t rule, const char *entity)
{
	struct nt_run *r;

	for (size_t i = 0; i < e->n_runs; i++)
		if (e->runs[i].rule == rule && !strcmp(e->runs[i].entity, entity))
			return &e->runs[i];
	if (array_grow(e->runs, &e->runs_cap, e->n_runs, 32) < 0)
		return NULL;
	r = &e->runs[e->n_runs++];
	memset(r, 0, sizeof(*r));
	r->rule = rule;
	snprintf(r->entity, sizeof(r->entity), "%s", entity);
	return r;
}

bool engine_cond_value(enum nt_scope scope, const struct nt_cond *c, const struct nt_interval *iv,
		       int entity, double *v)
{
	/* a queue rule's device signals are about the queue's device */
	if (scope == NT_SCOPE_QUEUE && nt_signals[c->signal].scope == NT_SCOPE_DEVICE)
		entity = NT_ENTITY_DEV(entity);
	return signal_value(c->signal, iv, entity, v);
}

static bool cond_holds(enum nt_scope scope, const struct nt_cond *c, const struct nt_interval *iv,
		       int entity, double *v)
{
	return engine_cond_value(scope, c, iv, entity, v) &&
	       rule_cmp_holds(c->op, *v, c->threshold);
}

static void note(struct nt_match *m, enum nt_signal sig, double v)
{
	if (!m->has[sig]) {
		m->has[sig] = true;
		m->lo[sig] = m->hi[sig] = v;
		return;
	}
	if (v < m->lo[sig])
		m->lo[sig] = v;
	if (v > m->hi[sig])
		m->hi[sig] = v;
}

/*
 * Every `when` and, if there are any, one `when_any` hold for @entity.
 * The values of the conditions that held are noted in @m for the evidence
 * (all of a matching entity's, so when_any shows what tipped it).
 */
static bool rule_holds(const struct nt_rule *r, const struct nt_interval *iv, int entity,
		       struct nt_match *m)
{
	double v[2 * NT_RULE_MAX_CONDS];
	bool held[2 * NT_RULE_MAX_CONDS] = { false };
	bool any = r->n_any == 0;

	for (unsigned int i = 0; i < r->n_all; i++)
		if (!cond_holds(r->scope, &r->all[i], iv, entity, &v[i]))
			return false;
	for (unsigned int i = 0; i < r->n_any; i++) {
		held[NT_RULE_MAX_CONDS + i] =
			cond_holds(r->scope, &r->any[i], iv, entity, &v[NT_RULE_MAX_CONDS + i]);
		any = any || held[NT_RULE_MAX_CONDS + i];
	}
	if (!any)
		return false;
	for (unsigned int i = 0; i < r->n_all; i++)
		note(m, r->all[i].signal, v[i]);
	for (unsigned int i = 0; i < r->n_any; i++) {
		double x;

		/* a when_any that did not tip it still tells its value */
		if (held[NT_RULE_MAX_CONDS + i])
			note(m, r->any[i].signal, v[NT_RULE_MAX_CONDS + i]);
		else if (engine_cond_value(r->scope, &r->any[i], iv, entity, &x))
			note(m, r->any[i].signal, x);
	}
	return true;
}

static bool at_ceiling(struct nt_engine *e, const struct nt_snapshot *b, int knob)
{
	long long cur, ceiling = engine_knob_ceiling(e, b, knob, -1, NULL);

	return ceiling >= 0 && engine_knob_during_number(e, b, knob, &cur) && cur >= ceiling;
}

static unsigned int sustain_of(const struct nt_engine *e, const struct nt_rule *r)
{
	unsigned int s = policy_sustain(e->policy, r);

	if (e->sustain_cap && e->sustain_cap < s)
		s = e->sustain_cap;
	return s ? s : 1;
}

/* Drops findings [from, to) of @out, keeping what follows. */
static void drop(struct nt_findings *out, size_t from, size_t to)
{
	memmove(&out->v[from], &out->v[to], (out->n - to) * sizeof(*out->v));
	out->n -= to - from;
}

/*
 * Live: a knob a verdict rolled back in this very interval has a stale
 * value in the snapshot, so a finding computed from it (600 -> 900 when
 * the knob is already back at 300) is not worth saying: the next interval
 * sees the real value.
 */
static bool changed_now(struct nt_engine *e, const struct nt_interval *iv,
			const struct nt_finding *f, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const struct nt_knob_state *k = safety_knob_state(e, &f[i].id, false);

		if (k && k->changed && k->changed_at >= iv->b->mono_s)
			return true;
	}
	return false;
}

static int fire(struct nt_engine *e, struct nt_run *run, const struct nt_match *m,
		struct nt_findings *out)
{
	size_t start = out->n, actions = start;
	bool advised = run->advised;
	int r;

	if (engine_action_findings(e, m, out) < 0)
		return -ENOMEM;
	if (e->mode != NT_MODE_ENFORCE)
		return 0;
	/* advice once per run, ahead of the changes, which are gated together */
	for (size_t i = start; i < out->n;) {
		struct nt_finding t = out->v[i];

		if (t.kind != NT_FIND_ADVICE) {
			i++;
			continue;
		}
		drop(out, i, i + 1);
		if (advised)
			continue;
		run->advised = true;
		memmove(&out->v[actions + 1], &out->v[actions], (out->n - actions) * sizeof(t));
		out->v[actions] = t;
		out->n++;
		actions++;
		i++;
	}
	if (actions == out->n)
		return 0;
	if (e->live && changed_now(e, m->iv, &out->v[actions], out->n - actions)) {
		drop(out, actions, out->n);
		return 0;
	}
	r = safety_gate(e, m->iv, &out->v[actions], out->n - actions);
	if (r < 0)
		return r;
	if (r == 1)
		drop(out, actions, out->n);
	else if (!out->v[actions].held && e->live && e->policy->safety.verify_s > 0)
		return verify_open(e, m, &out->v[actions], out->n - actions);
	return 0;
}

/* What this holding interval measured: the symptom, outcomes, traffic. */
static void remember(struct nt_run *run, const struct nt_match *m)
{
	struct nt_sample *s = &run->recent[run->n_recent++ % NT_RUN_RECENT];

	verify_sample(
		m->iv,
		m->rule->scope == NT_SCOPE_DEVICE || m->rule->scope == NT_SCOPE_QUEUE ? m->dev : -1,
		s);
	s->has_symptom = verify_match_symptom(m, &s->symptom);
}

/* Mean and standard deviation of the @k values of @x (k >= 1). */
static void mean_spread(const double *x, unsigned int k, double *mean, double *sd)
{
	double sum = 0, sq = 0;

	for (unsigned int i = 0; i < k; i++)
		sum += x[i];
	*mean = sum / k;
	for (unsigned int i = 0; i < k; i++)
		sq += (x[i] - *mean) * (x[i] - *mean);
	*sd = k > 1 ? sqrt(sq / (k - 1)) : 0;
}

/* What gather() collects from a sample: an outcome, or one of these. */
enum {
	SAMPLE_SYMPTOM = -1,
	SAMPLE_TRAFFIC = -2
};

/* The values of @what in the last @k samples of @run that have one, into @x. */
static unsigned int gather(const struct nt_run *run, unsigned int k, int what, double *x)
{
	unsigned int got = 0;

	for (unsigned int i = 0; i < k; i++) {
		const struct nt_sample *s = &run->recent[(run->n_recent - 1 - i) % NT_RUN_RECENT];

		if (what == SAMPLE_SYMPTOM && s->has_symptom)
			x[got++] = s->symptom;
		else if (what == SAMPLE_TRAFFIC && s->has_traffic)
			x[got++] = s->traffic;
		else if (what >= 0 && s->has_out[what])
			x[got++] = s->out[what];
	}
	return got;
}

/*
 * The verify baselines: over the last @sustain holding intervals, the
 * symptom's mean (one interval alone is too noisy), the traffic, and each
 * outcome's mean and spread (a rise within the spread is noise).
 */
static void baselines(const struct nt_run *run, struct nt_match *m, unsigned int sustain)
{
	unsigned int k = sustain < run->n_recent ? sustain : run->n_recent, got;
	double x[NT_RUN_RECENT], sd;

	if (k > NT_RUN_RECENT)
		k = NT_RUN_RECENT;
	got = gather(run, k, SAMPLE_SYMPTOM, x);
	m->has_base = got > 0;
	if (got)
		mean_spread(x, got, &m->base, &sd);
	got = gather(run, k, SAMPLE_TRAFFIC, x);
	m->has_traffic = got > 0;
	if (got)
		mean_spread(x, got, &m->traffic, &sd);
	for (int o = 0; o < NT_OUT_COUNT; o++) {
		got = gather(run, k, o, x);
		m->out[o].has = got > 0;
		if (got)
			mean_spread(x, got, &m->out[o].base, &m->out[o].spread);
	}
}

static int eval_rule(struct nt_engine *e, size_t idx, const struct nt_interval *iv, int dev,
		     int queue, const char *key, struct nt_findings *out)
{
	const struct nt_rule *r = &e->rules->rules[idx];
	struct nt_match *m = &e->match;
	struct nt_run *run = run_for(e, idx, key);
	bool holds = false;

	if (!run)
		return -ENOMEM;
	run->seen = true;
	memset(m, 0, sizeof(*m));
	m->rule = r;
	m->iv = iv;
	m->dev = dev;
	m->queue = queue;
	m->irq_cpu = -1;
	if (r->after_ceiling < 0 || at_ceiling(e, iv->b, r->after_ceiling)) {
		if (r->scope == NT_SCOPE_CPU) {
			for (unsigned int c = 0; c < iv->b->ncpus; c++) {
				if (rule_holds(r, iv, (int)c, m)) {
					cpuset_set(&m->cpus, c);
					holds = true;
				}
			}
		} else {
			holds = rule_holds(r, iv, queue >= 0 ? NT_QUEUE_ENTITY(dev, queue) : dev,
					   m);
		}
	}
	if (!holds) {
		run->count = 0;
		run->n_recent = 0;
		run->advised = false;
		return 0;
	}
	if (dev >= 0)
		m->irq_cpu = signal_dev_rx_cpu(iv, dev, &m->rx_cpu_how);
	if (e->live)
		remember(run, m);
	if (++run->count < sustain_of(e, r))
		return 0;
	baselines(run, m, sustain_of(e, r));
	return fire(e, run, m, out);
}

/* A device rule once, a queue rule once per RX queue (keyed "eth3:5"). */
static int eval_device(struct nt_engine *e, size_t idx, const struct nt_interval *iv, int dev,
		       struct nt_findings *out)
{
	const char *name = iv->b->devs[dev].name;
	unsigned int nq = signal_dev_queues(iv->b, dev);
	char key[IF_NAMESIZE + 8];
	int r = 0;

	if (e->rules->rules[idx].scope == NT_SCOPE_DEVICE)
		return eval_rule(e, idx, iv, dev, -1, name, out);
	for (unsigned int q = 0; q < nq && q < (1u << NT_QUEUE_BITS) && r >= 0; q++) {
		snprintf(key, sizeof(key), "%s:%u", name, q);
		r = eval_rule(e, idx, iv, dev, (int)q, key, out);
	}
	return r;
}

int engine_step(struct nt_engine *e, const struct nt_snapshot *a, const struct nt_snapshot *b,
		struct nt_findings *out)
{
	struct nt_interval iv = { a, b };
	size_t before = out->n;
	int r = 0;

	for (size_t i = 0; i < e->n_runs; i++)
		e->runs[i].seen = false;
	if (e->h->quarantine && e->h->quarantine_from < 0)
		e->h->quarantine_from = a->mono_s;
	/* verdicts first: a rolled-back knob is back before rules look at it */
	if (e->live)
		r = verify_step(e, &iv, out);
	for (size_t i = 0; i < e->rules->n && r >= 0; i++) {
		const struct nt_rule *rule = &e->rules->rules[i];

		if (rule->scope == NT_SCOPE_HOST || rule->scope == NT_SCOPE_CPU) {
			r = eval_rule(e, i, &iv, -1, -1, "", out);
			continue;
		}
		for (size_t d = 0; d < b->ndevs && r >= 0; d++) {
			if (!engine_device_watched(e->policy, &b->devs[d]) ||
			    !engine_rule_fits(rule, &b->devs[d]))
				continue;
			r = eval_device(e, i, &iv, (int)d, out);
		}
	}
	/* a device that vanished, or a rule not evaluated, starts from zero */
	for (size_t i = 0; i < e->n_runs; i++)
		if (!e->runs[i].seen)
			e->runs[i].count = 0;
	return r < 0 ? r : (int)(out->n - before);
}
