// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Verify windows (live mode): after a change, watch the symptom that made
 * the rule fire and the outcome counters for `verify` seconds, then judge.
 *
 * The symptom is the condition the rule names with `verify = SIGNAL`, else
 * its first `when` condition on a rate or a share
 * (cpu.time_squeeze for budget-squeeze, dev.ring_discards for
 * ring-overflow, dev.lpi for eee-lpi-churn); conditions on counts and
 * flags (dev.rx_queues >= 2) describe the host, not the trouble. It has
 * improved when its mean over the window no longer crosses the threshold,
 * or is at least 20 % better than its mean over the sustain window
 * before the change (one interval alone is too noisy a baseline: in the
 * VM lab a single interval's squeeze rate was 35 % above the next six
 * intervals' mean with nothing changed). The outcomes are
 * the packets the host lost (the device's rx_dropped and ring discards,
 * or every CPU's backlog drops for a host rule), TCP timeouts and the
 * retransmission ratio: a change that makes any of them clearly worse
 * (half again as much, plus a floor for noise) is rolled back even when
 * the symptom improved.
 *
 * A window that saw no interval (the device went away) is dropped without
 * a verdict. Less traffic also looks like an improvement; the evidence
 * gives both numbers so an operator can tell.
 */
#include "engine/engine_int.h"
#include "util/array.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define VERIFY_BETTER 0.8	/* symptom at most this fraction of its value at firing */
#define OUTCOME_WORSE 1.5	/* outcome more than this multiple ... */
static const double outcome_floor[NT_OUT_COUNT] = {
	[NT_OUT_DROPS] = 1.0,		/* packets/s */
	[NT_OUT_TCP_TIMEOUTS] = 0.5,	/* timeouts/s */
	[NT_OUT_TCP_RETRANS] = 0.5,	/* percentage points */
};
static const char *const outcome_name[NT_OUT_COUNT] = {
	[NT_OUT_DROPS] = "lost packets",
	[NT_OUT_TCP_TIMEOUTS] = "tcp.timeouts",
	[NT_OUT_TCP_RETRANS] = "tcp.retrans_ratio",
};

static const struct nt_cond *verify_cond(const struct nt_rule *r)
{
	/* the rule says which (rule_check made sure it has a condition on it) */
	for (unsigned int i = 0; r->verify_signal >= 0 && i < r->n_all + r->n_any; i++) {
		const struct nt_cond *c = i < r->n_all ? &r->all[i] : &r->any[i - r->n_all];

		if ((int)c->signal == r->verify_signal)
			return c;
	}
	for (unsigned int i = 0; i < r->n_all; i++) {
		enum nt_unit u = nt_signals[r->all[i].signal].unit;

		if (u == NT_UNIT_PER_S || u == NT_UNIT_PERCENT)
			return &r->all[i];
	}
	return r->n_any ? &r->any[0] : NULL;
}

static bool cmp_upward(enum nt_cmp op)
{
	return op == NT_CMP_GT || op == NT_CMP_GE;
}

/* The index of device @name in @s, -1 when it is not there. */
static int dev_index(const struct nt_snapshot *s, const char *name)
{
	const struct nt_netdev *d = name[0] ? snapshot_find_dev(s, name) : NULL;

	return d ? (int)(d - s->devs) : -1;
}

/* The symptom over @iv for the window's entity; false when not computable. */
static bool symptom(const struct nt_verify *v, const struct nt_interval *iv, double *out)
{
	const struct nt_rule *r = v->rule;
	bool up = cmp_upward(v->cond->op), any = false;
	double x;
	int dev;

	if (r->scope == NT_SCOPE_CPU) {
		/* the worst of the CPUs that fired */
		for (unsigned int c = 0; c < iv->b->ncpus; c++) {
			if (!cpuset_has(&v->cpus, c) || !cond_value(r->scope, v->cond, iv, (int)c, &x))
				continue;
			if (!any || (up ? x > *out : x < *out))
				*out = x;
			any = true;
		}
		return any;
	}
	if (r->scope == NT_SCOPE_HOST)
		return cond_value(r->scope, v->cond, iv, -1, out);
	dev = dev_index(iv->b, v->entity);
	if (dev < 0)
		return false;
	return cond_value(r->scope, v->cond, iv,
			  v->queue >= 0 ? NT_QUEUE_ENTITY(dev, v->queue) : dev, out);
}

static bool outcome(const struct nt_verify *v, const struct nt_interval *iv,
		    enum nt_outcome_sig o, double *out)
{
	double x, y;
	bool any = false;
	int dev;

	switch (o) {
	case NT_OUT_TCP_TIMEOUTS:
		return signal_value(NT_SIG_TCP_TIMEOUTS, iv, -1, out);
	case NT_OUT_TCP_RETRANS:
		return signal_value(NT_SIG_TCP_RETRANS_RATIO, iv, -1, out);
	default:
		break;
	}
	*out = 0;
	if (v->entity[0]) {
		dev = dev_index(iv->b, v->entity);
		if (dev < 0)
			return false;
		if (signal_value(NT_SIG_DEV_RX_DROPPED, iv, dev, &x)) {
			*out += x;
			any = true;
		}
		if (signal_value(NT_SIG_DEV_RING_DISCARDS, iv, dev, &y)) {
			*out += y;
			any = true;
		}
		return any;
	}
	for (unsigned int c = 0; c < iv->b->ncpus; c++) {
		if (signal_value(NT_SIG_CPU_BACKLOG_DROPS, iv, (int)c, &x)) {
			*out += x;
			any = true;
		}
	}
	return any;
}

bool verify_match_symptom(const struct nt_match *m, double *v)
{
	const struct nt_cond *c = verify_cond(m->rule);

	if (!c || !m->has[c->signal])
		return false;
	/* over several CPUs, the worst one's */
	*v = cmp_upward(c->op) ? m->hi[c->signal] : m->lo[c->signal];
	return true;
}

int verify_open(struct nt_engine *e, const struct nt_match *m, const struct nt_finding *f,
		size_t n)
{
	const struct nt_cond *cond = verify_cond(m->rule);
	struct nt_verify *v;

	if (!cond || !m->has[cond->signal])
		return 0;	/* nothing to judge by: the change stands */
	if (array_grow((void **)&e->verifies, &e->verifies_cap, e->n_verifies, sizeof(*v), 4) < 0)
		return -ENOMEM;
	v = &e->verifies[e->n_verifies];
	memset(v, 0, sizeof(*v));
	v->changes = calloc(n, sizeof(*v->changes));
	if (!v->changes)
		return -ENOMEM;
	e->n_verifies++;
	v->rule = m->rule;
	snprintf(v->entity, sizeof(v->entity), "%s", f->entity);
	v->queue = m->queue;
	v->cpus = m->cpus;
	v->cond = cond;
	v->start = m->iv->b->mono_s;
	v->deadline = v->start + e->policy->safety.verify_s;
	if (m->has_base)
		v->base = m->base;
	else
		verify_match_symptom(m, &v->base);
	for (int o = 0; o < NT_OUT_COUNT; o++)
		v->has_out[o] = outcome(v, m->iv, (enum nt_outcome_sig)o, &v->out_base[o]);
	for (size_t i = 0; i < n; i++) {
		struct nt_verify_change *c = &v->changes[i];
		struct nt_knob_state *k = knob_state(e, f[i].knob, f[i].device,
						     f[i].irq >= 0 ? f[i].irq : f[i].queue, false);

		c->knob = f[i].knob;
		snprintf(c->device, sizeof(c->device), "%s", f[i].device);
		c->queue = f[i].queue;
		c->irq = f[i].irq;
		snprintf(c->from, sizeof(c->from), "%s", f[i].from);
		snprintf(c->to, sizeof(c->to), "%s", f[i].to);
		if (k)
			k->verifying = true;
	}
	v->n_changes = n;
	return 0;
}

static void feed(struct nt_verify *v, const struct nt_interval *iv)
{
	double x;

	/* only intervals that start after the change show its effect */
	if (iv->a->mono_s < v->start)
		return;
	if (symptom(v, iv, &x)) {
		v->sum += x;
		v->n++;
	}
	for (int o = 0; o < NT_OUT_COUNT; o++) {
		if (outcome(v, iv, (enum nt_outcome_sig)o, &x)) {
			v->out_sum[o] += x;
			v->out_n[o]++;
		}
	}
}

/* The outcome that got clearly worse, or -1; its numbers in @why. */
static int worse_outcome(const struct nt_verify *v, char *why, size_t size)
{
	for (int o = 0; o < NT_OUT_COUNT; o++) {
		double after;

		if (!v->has_out[o] || !v->out_n[o])
			continue;
		after = v->out_sum[o] / v->out_n[o];
		if (after > v->out_base[o] * OUTCOME_WORSE + outcome_floor[o]) {
			snprintf(why, size, "%s rose from %.3g to %.3g%s", outcome_name[o],
				 v->out_base[o], after, o == NT_OUT_TCP_RETRANS ? "%" : "/s");
			return o;
		}
	}
	return -1;
}

static bool improved(const struct nt_verify *v, double after)
{
	if (!cmp_holds(v->cond->op, after, v->cond->threshold))
		return true;
	if (cmp_upward(v->cond->op))
		return after <= v->base * VERIFY_BETTER;
	return after >= v->base / VERIFY_BETTER;
}

static struct nt_finding *verdict(struct nt_engine *e, const struct nt_verify *v,
				  const struct nt_verify_change *c, bool rollback,
				  const char *evidence, const struct nt_interval *iv,
				  struct nt_findings *out)
{
	struct nt_finding *f = findings_add(out);
	struct nt_knob_state *k = knob_state(e, c->knob, c->device,
					     c->irq >= 0 ? c->irq : c->queue, false);

	if (!f)
		return NULL;
	f->rule = v->rule;
	f->kind = rollback ? NT_FIND_ROLLBACK : NT_FIND_VERIFIED;
	f->severity = v->rule->severity;
	f->knob = c->knob;
	snprintf(f->device, sizeof(f->device), "%s", c->device);
	snprintf(f->entity, sizeof(f->entity), "%s", v->entity);
	f->queue = c->queue;
	f->irq = c->irq;
	/* a rollback goes from the value set back to the one it replaced */
	snprintf(f->from, sizeof(f->from), "%s", rollback ? c->to : c->from);
	snprintf(f->to, sizeof(f->to), "%s", rollback ? c->from : c->to);
	snprintf(f->evidence, sizeof(f->evidence), "%s", evidence);
	f->t = iv->b->mono_s;
	snprintf(f->wallclock, sizeof(f->wallclock), "%s", iv->b->wallclock);
	if (k)
		k->verifying = false;
	/* putting the old value back is a change too: its cooldown starts again */
	if (k && rollback) {
		k->changed = true;
		k->changed_at = iv->b->mono_s;
	}
	return f;
}

static int add_backoff(struct nt_engine *e, const struct nt_verify *v, double now)
{
	struct nt_backoff *b;

	for (size_t i = 0; i < e->n_backoffs; i++) {
		b = &e->backoffs[i];
		if (b->rule == v->rule && !strcmp(b->entity, v->entity)) {
			b->until = now + e->policy->safety.backoff_s;
			return 0;
		}
	}
	if (array_grow((void **)&e->backoffs, &e->backoffs_cap, e->n_backoffs, sizeof(*b), 4) < 0)
		return -ENOMEM;
	b = &e->backoffs[e->n_backoffs++];
	b->rule = v->rule;
	snprintf(b->entity, sizeof(b->entity), "%s", v->entity);
	b->until = now + e->policy->safety.backoff_s;
	return 0;
}

static int judge(struct nt_engine *e, const struct nt_verify *v, const struct nt_interval *iv,
		 struct nt_findings *out)
{
	const struct nt_safety *s = &e->policy->safety;
	char before[48], after_text[48], worse[160] = "", evidence[NT_EVIDENCE_MAX];
	double after = v->sum / v->n;
	bool better = improved(v, after);
	bool bad = worse_outcome(v, worse, sizeof(worse)) >= 0 || !better;
	bool rollback = bad && s->rollback;

	format_signal(v->cond->signal, v->base, v->base, before, sizeof(before));
	format_signal(v->cond->signal, after, after, after_text, sizeof(after_text));
	snprintf(evidence, sizeof(evidence), "%s %s before %s changed it, %s on average over %.0f s after%s%s%s%s",
		 nt_signals[v->cond->signal].name, before, v->rule->name, after_text,
		 iv->b->mono_s - v->start, better ? "" : ": no improvement",
		 worse[0] ? "; " : "", worse,
		 bad && !s->rollback ? "; kept (rollback = no)" : "");
	for (size_t i = 0; i < v->n_changes; i++) {
		if (v->changes[i].dropped)
			continue;
		if (!verdict(e, v, &v->changes[i], rollback, evidence, iv, out))
			return -ENOMEM;
		/* the value goes back to what it was: no longer ours */
		if (rollback)
			engine_forget(e, v->changes[i].knob, v->changes[i].device,
				      v->changes[i].irq >= 0 ? v->changes[i].irq : v->changes[i].queue);
	}
	return rollback ? add_backoff(e, v, iv->b->mono_s) : 0;
}

static void close_window(struct nt_engine *e, size_t i)
{
	free(e->verifies[i].changes);
	memmove(&e->verifies[i], &e->verifies[i + 1], (e->n_verifies - i - 1) * sizeof(*e->verifies));
	e->n_verifies--;
}

static bool all_dropped(const struct nt_verify *v)
{
	for (size_t i = 0; i < v->n_changes; i++)
		if (!v->changes[i].dropped)
			return false;
	return true;
}

int verify_step(struct nt_engine *e, const struct nt_interval *iv, struct nt_findings *out)
{
	for (size_t i = 0; i < e->n_verifies;) {
		struct nt_verify *v = &e->verifies[i];
		int r = 0;

		feed(v, iv);
		if (iv->b->mono_s < v->deadline && !all_dropped(v)) {
			i++;
			continue;
		}
		if (v->n && !all_dropped(v))
			r = judge(e, v, iv, out);
		for (size_t c = 0; c < v->n_changes; c++) {
			struct nt_knob_state *k = knob_state(e, v->changes[c].knob,
				v->changes[c].device,
				v->changes[c].irq >= 0 ? v->changes[c].irq : v->changes[c].queue, false);

			if (k)
				k->verifying = false;
		}
		close_window(e, i);
		if (r < 0)
			return r;
	}
	return 0;
}

void verify_drop(struct nt_engine *e, int knob, const char *device, int index)
{
	for (size_t i = 0; i < e->n_verifies; i++) {
		struct nt_verify *v = &e->verifies[i];

		for (size_t c = 0; c < v->n_changes; c++) {
			struct nt_verify_change *ch = &v->changes[c];

			if (ch->knob == knob && !strcmp(ch->device, device) &&
			    (ch->irq >= 0 ? ch->irq : ch->queue) == index)
				ch->dropped = true;
		}
	}
}

void verify_free(struct nt_engine *e)
{
	for (size_t i = 0; i < e->n_verifies; i++)
		free(e->verifies[i].changes);
	free(e->verifies);
}

double backoff_left(const struct nt_engine *e, const struct nt_rule *r, const char *entity,
		    double now)
{
	for (size_t i = 0; i < e->n_backoffs; i++) {
		const struct nt_backoff *b = &e->backoffs[i];

		if (b->rule == r && !strcmp(b->entity, entity) && now < b->until)
			return b->until - now;
	}
	return 0;
}

bool verify_open_for(const struct nt_engine *e, char *why, size_t size)
{
	for (size_t i = 0; i < e->n_verifies; i++) {
		const struct nt_verify *v = &e->verifies[i];

		for (size_t c = 0; c < v->n_changes; c++) {
			if (v->changes[c].dropped)
				continue;
			snprintf(why, size, "one change at a time: %s (rule %s) is being verified",
				 nt_knobs[v->changes[c].knob].name, v->rule->name);
			return true;
		}
	}
	return false;
}
