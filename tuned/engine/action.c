// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * From a fired rule to findings: the knob, its value now, the value to
 * set, and the command an operator would type for it. Values use the
 * `apply --to` syntax (knob.h). When no safe change is left (a ceiling, a
 * driver maximum, no CPU allowed) the finding becomes advice.
 */
#include "engine/engine_int.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The id of knob @knob for device @dev (index into @b, -1) and @queue/@irq. */
static struct nt_knob_id id_of(const struct nt_snapshot *b, int knob, int dev, int queue, int irq)
{
	struct nt_knob_id id = { .knob = (enum nt_knob)knob, .queue = queue, .irq = irq };

	if (dev >= 0 && nt_knobs[knob].where != NT_KW_HOST)
		snprintf(id.device, sizeof(id.device), "%s", b->devs[dev].name);
	return id;
}

bool engine_knob_current(struct nt_engine *e, const struct nt_snapshot *b,
			 const struct nt_knob_id *id, struct nt_value *out)
{
	const struct nt_knob_state *k = safety_knob_state(e, id, false);

	/* enforce mode over a capture: what we applied is the value now */
	if (k && k->applied) {
		*out = k->value;
		return true;
	}
	return knob_read(b, id, out);
}

bool engine_knob_current_number(struct nt_engine *e, const struct nt_snapshot *b,
				const struct nt_knob_id *id, long long *out)
{
	struct nt_value v;

	if (!engine_knob_current(e, b, id, &v) || v.type != NT_KT_NUMBER)
		return false;
	*out = v.num;
	return true;
}

bool engine_knob_during_number(struct nt_engine *e, const struct nt_snapshot *b, int knob,
			       long long *out)
{
	struct nt_knob_id id = { .knob = (enum nt_knob)knob, .queue = -1, .irq = -1 };
	const struct nt_knob_state *k = safety_knob_state(e, &id, false);

	if (!k || !k->applied || k->changed_at < b->mono_s)
		return engine_knob_current_number(e, b, &id, out);
	*out = k->before.num;
	return k->before.type == NT_KT_NUMBER;
}

static long long min_set(long long a, long long b)
{
	if (a < 0)
		return b;
	if (b < 0)
		return a;
	return a < b ? a : b;
}

long long engine_knob_ceiling(const struct nt_engine *e, const struct nt_snapshot *b, int knob,
			      int dev, const struct nt_rule *r)
{
	const struct nt_netdev *d = dev >= 0 ? &b->devs[dev] : NULL;
	long long c = r ? r->ceiling : e->policy->ceiling[knob];
	struct nt_knob_id id = id_of(b, knob, dev, -1, -1);

	/* policy_bind() already put [ceilings] and [rule NAME] ceiling into the rules */
	for (size_t i = 0; c < 0 && !r && i < e->rules->n; i++)
		if (e->rules->rules[i].action == NT_RULE_ACT_RAISE &&
		    e->rules->rules[i].knob == knob)
			c = e->rules->rules[i].ceiling;
	/* the driver's maximum is a hard bound whatever the policy says */
	if (nt_knobs[knob].hw_max)
		c = min_set(c, nt_knobs[knob].hw_max(d, &id));
	return c;
}

static struct nt_finding *new_finding(const struct nt_match *m, struct nt_findings *out, int knob)
{
	struct nt_finding *f = findings_add(out);
	const struct nt_snapshot *b = m->iv->b;

	if (!f)
		return NULL;
	f->rule = m->rule;
	f->severity = m->rule->severity;
	f->kind = knob >= 0 ? NT_FIND_ACTION : NT_FIND_ADVICE;
	f->id.knob = knob;
	f->disruptive = knob >= 0 && (m->rule->disruptive || nt_knobs[knob].disruptive);
	if (m->dev >= 0) {
		snprintf(f->id.device, sizeof(f->id.device), "%s", b->devs[m->dev].name);
		snprintf(f->entity, sizeof(f->entity), "%s", b->devs[m->dev].name);
	}
	if (knob < 0)
		f->id.queue = m->queue;
	f->t = b->mono_s;
	snprintf(f->wallclock, sizeof(f->wallclock), "%s", b->wallclock);
	return f;
}

/*
 * Advice instead of an action. @why says what stopped the action (NULL
 * for an advice-only rule); the rule's advice says what to do about it.
 * @from, when known, is the knob's value for the evidence's {from}.
 */
static int advise_from(const struct nt_match *m, struct nt_findings *out, const char *why,
		       const struct nt_value *from)
{
	struct nt_finding *f = new_finding(m, out, -1);
	const char *advice = m->rule->advice;

	if (!f)
		return -ENOMEM;
	if (from) {
		f->has_from = true;
		f->from = *from;
	}
	render_evidence(m, f, f->evidence, sizeof(f->evidence));
	if (why && *advice)
		snprintf(f->advice, sizeof(f->advice), "%s: %s", why, advice);
	else
		snprintf(f->advice, sizeof(f->advice), "%s", why ? why : advice);
	return 0;
}

static int advise(const struct nt_match *m, struct nt_findings *out, const char *why)
{
	return advise_from(m, out, why, NULL);
}

static int change(const struct nt_match *m, struct nt_findings *out, int knob, int queue, int irq,
		  const struct nt_value *from, const struct nt_value *to)
{
	struct nt_finding *f = new_finding(m, out, knob);

	if (!f)
		return -ENOMEM;
	f->id.queue = queue;
	f->id.irq = irq;
	if (nt_knobs[knob].where == NT_KW_HOST)
		f->id.device[0] = '\0'; /* a sysctl, even when a device's rule asks */
	f->has_from = f->has_to = true;
	f->from = *from;
	f->to = *to;
	nt_knobs[knob].command(&f->id, to, f->command, sizeof(f->command));
	render_evidence(m, f, f->evidence, sizeof(f->evidence));
	return 0;
}

static long long next_pow2(long long v)
{
	long long p = 1;

	while (p < v && p < (1LL << 40))
		p <<= 1;
	return p;
}

/*
 * The raised value, never above @ceiling. A value already at or above
 * it is at its ceiling (a capture may hold any number, 2^63-1 too);
 * below it, cur < ceiling <= INT_MAX, step and factor <= 1e9 (rule and
 * policy syntax), so the double holds the exact result and is compared
 * with the ceiling before it becomes an integer again.
 */
static long long raise_target(const struct nt_rule *r, long long cur, long long ceiling)
{
	double t;
	long long target;

	if (cur >= ceiling)
		return cur;
	t = r->step > 0 ? (double)cur + r->step : ceil((double)cur * r->factor);
	target = t < (double)ceiling ? (long long)t : ceiling;
	/* drivers size rings in powers of two; asking for one avoids a silent round-down */
	if (r->knob == NT_KNOB_RING_RX || r->knob == NT_KNOB_RING_TX)
		target = next_pow2(target);
	return target > ceiling ? ceiling : target;
}

static int do_raise(struct nt_engine *e, const struct nt_match *m, struct nt_findings *out)
{
	const struct nt_rule *r = m->rule;
	const struct nt_snapshot *b = m->iv->b;
	struct nt_knob_id id = id_of(b, r->knob, m->dev, -1, -1);
	long long cur, target, ceiling;
	struct nt_value from, to;
	char why[160];

	if (!engine_knob_current_number(e, b, &id, &cur)) {
		snprintf(why, sizeof(why), "%s cannot be read on this host",
			 nt_knobs[r->knob].name);
		return advise(m, out, why);
	}
	knob_value_set_number(&from, cur);
	ceiling = engine_knob_ceiling(e, b, r->knob, m->dev, r);
	if (ceiling < 0) {
		snprintf(why, sizeof(why), "no ceiling is set for %s (rule or policy [ceilings])",
			 nt_knobs[r->knob].name);
		return advise(m, out, why);
	}
	target = raise_target(r, cur, ceiling);
	if (target <= cur) {
		snprintf(why, sizeof(why), "%s is at its ceiling (%lld)", nt_knobs[r->knob].name,
			 ceiling);
		return advise_from(m, out, why, &from);
	}
	knob_value_set_number(&to, target);
	return change(m, out, r->knob, -1, -1, &from, &to);
}

static int do_set(struct nt_engine *e, const struct nt_match *m, struct nt_findings *out)
{
	const struct nt_knob_info *k = &nt_knobs[m->rule->knob];
	const struct nt_snapshot *b = m->iv->b;
	struct nt_knob_id id = id_of(b, m->rule->knob, m->dev, -1, -1);
	const char *name = k->name;
	struct nt_value cur;
	char why[200];
	int err;

	if (!engine_knob_current(e, b, &id, &cur)) {
		err = k->read_err && m->dev >= 0 ? k->read_err(&b->devs[m->dev]) : 0;
		/*
		 * EOPNOTSUPP to the GET: the driver has no such operation
		 * (e1000e and EEE), so a SET could only fail the same way.
		 */
		if (err == -EOPNOTSUPP)
			snprintf(why, sizeof(why),
				 "the driver of %s does not support %s (EOPNOTSUPP "
				 "to the ethtool request): nettuned will not try to change it",
				 b->devs[m->dev].name, name);
		else if (err)
			snprintf(why, sizeof(why), "%s cannot be read on this device (%s)", name,
				 strerrorname_np(-err) ? strerrorname_np(-err) : "unknown error");
		else
			snprintf(why, sizeof(why), "%s cannot be read on this device", name);
		return advise(m, out, why);
	}
	if (knob_value_equal(&cur, &m->rule->to_value))
		return 0;
	return change(m, out, m->rule->knob, -1, -1, &cur, &m->rule->to_value);
}

/* Rank of @q among the device's distinct queue numbers. */
static unsigned int queue_rank(const struct nt_snapshot *b, int dev, int q)
{
	unsigned int rank = 0;

	for (size_t i = 0; i < b->nirqs; i++) {
		const struct nt_irq *o = &b->irqs[i];
		bool first = true;

		if (!placement_is_queue_irq(b, o, dev) || o->queue < 0 || o->queue >= q)
			continue;
		for (size_t j = 0; j < i; j++)
			if (placement_is_queue_irq(b, &b->irqs[j], dev) &&
			    b->irqs[j].queue == o->queue)
				first = false;
		rank += first;
	}
	return rank;
}

static int irqbalance_advice(const struct nt_match *m, struct nt_findings *out)
{
	struct nt_finding *f = new_finding(m, out, -1);
	char bans[NT_RULE_TEXT_MAX];

	if (!f)
		return -ENOMEM;
	render_evidence(m, f, f->evidence, sizeof(f->evidence));
	placement_join_queue_irqs(m->iv->b, m->dev, "--banirq=", " ", bans, sizeof(bans));
	snprintf(f->advice, sizeof(f->advice),
		 "irqbalance is running and will move these IRQs again: add %s to "
		 "IRQBALANCE_ARGS (/etc/default/irqbalance or /etc/sysconfig/irqbalance) and "
		 "restart irqbalance, or stop it",
		 bans);
	return 0;
}

static int do_spread(struct nt_engine *e, const struct nt_match *m, struct nt_findings *out)
{
	unsigned int *order = e->cpu_order;
	const struct nt_snapshot *b = m->iv->b;
	const struct nt_netdev *d = &b->devs[m->dev];
	size_t n = placement_spread_order(e->policy, m->iv, d, order, NT_MAX_CPUS);
	struct nt_value from, to;
	struct nt_cpuset one;
	struct nt_finding *f;
	unsigned int rank;

	if (!n)
		return advise(m, out, "no CPU may take network work under this policy");
	if ((b->tuners & NT_TUNER_IRQBALANCE) && irqbalance_advice(m, out) < 0)
		return -ENOMEM;
	for (size_t i = 0; i < b->nirqs; i++) {
		const struct nt_irq *irq = &b->irqs[i];
		struct nt_knob_id id;

		/* an IRQ whose affinity could not be read is one we may not set */
		if (!placement_is_queue_irq(b, irq, m->dev) || !irq->has_affinity)
			continue;
		id = id_of(b, NT_KNOB_IRQ_AFFINITY, m->dev, irq->queue, (int)irq->irq);
		rank = queue_rank(b, m->dev, irq->queue);
		cpuset_zero(&one);
		cpuset_set(&one, order[rank % n]);
		knob_value_set_cpus(&to, &one);
		if (!engine_knob_current(e, b, &id, &from) || knob_value_equal(&from, &to))
			continue;
		if (change(m, out, NT_KNOB_IRQ_AFFINITY, irq->queue, (int)irq->irq, &from, &to) < 0)
			return -ENOMEM;
		/* a CPU without a free vector answers ENOSPC: the next ones in order */
		f = &out->v[out->n - 1];
		for (size_t k = 1; k < n && f->n_fallback < NT_FALLBACK_MAX; k++)
			f->fallback[f->n_fallback++] = (int)order[(rank + k) % n];
	}
	return 0;
}

/*
 * A device without IRQs whose receive CPU is only the busiest NET_RX CPU
 * (no BPF NAPI counters to tell where its polls ran): the numbers may be
 * another device's, so say what to do rather than do it.
 */
static int rps_advice_guessed(const struct nt_match *m, struct nt_findings *out,
			      const struct nt_cpuset *to)
{
	struct nt_finding *f = new_finding(m, out, -1);
	char mask[NT_VALUE_TEXT], list[NT_VALUE_TEXT], text[3 * NT_VALUE_TEXT];
	size_t n;

	if (!f)
		return -ENOMEM;
	render_evidence(m, f, f->evidence, sizeof(f->evidence));
	cpuset_format_list(to, list, sizeof(list));
	cpuset_format_mask(to, mask, sizeof(mask));
	snprintf(text, sizeof(text),
		 "%s has no IRQ and the BPF signals are off, so which CPU polls it is not known; "
		 "CPU %d takes the most NET_RX softirqs. If that is %s's traffic, spread it over "
		 "CPUs %s with RPS (with the BPF signals nettuned tells and does it): echo %s > "
		 "/sys/class/net/%s/queues/rx-N/rps_cpus for each RX queue N",
		 f->id.device, m->irq_cpu, f->id.device, list, mask, f->id.device);
	n = strnlen(text, sizeof(f->advice) - 1);
	memcpy(f->advice, text, n);
	f->advice[n] = '\0';
	return 0;
}

/* RFS's flow tables: @knob raised to @want where it is below. */
static int rfs_change(struct nt_engine *e, const struct nt_match *m, struct nt_findings *out,
		      int knob, int queue, long long want)
{
	struct nt_knob_id id = id_of(m->iv->b, knob, m->dev, queue, -1);
	struct nt_value from, to;
	long long n;

	if (!engine_knob_current_number(e, m->iv->b, &id, &n) || n >= want)
		return 0;
	knob_value_set_number(&from, n);
	knob_value_set_number(&to, want);
	return change(m, out, knob, queue, -1, &from, &to);
}

static int do_rps(struct nt_engine *e, const struct nt_match *m, struct nt_findings *out)
{
	const struct nt_rule *r = m->rule;
	const struct nt_snapshot *b = m->iv->b;
	const struct nt_netdev *d = &b->devs[m->dev];
	struct nt_value cur, to;
	struct nt_cpuset cpus;

	placement_allowed_cpus(e->policy, b, &cpus);
	/* the CPU taking the interrupt already does the driver's poll */
	if (m->irq_cpu >= 0)
		cpus.bits[m->irq_cpu / 64] &= ~(UINT64_C(1) << (m->irq_cpu % 64));
	if (!cpuset_count(&cpus))
		return advise(m, out, "no other CPU may take network work under this policy");
	if (m->rx_cpu_how == NT_RX_CPU_GUESS)
		return rps_advice_guessed(m, out, &cpus);
	knob_value_set_cpus(&to, &cpus);
	for (unsigned int q = 0; q < d->n_rxq; q++) {
		struct nt_knob_id id = id_of(b, NT_KNOB_RPS_CPUS, m->dev, (int)q, -1);

		if (!engine_knob_current(e, b, &id, &cur) || knob_value_equal(&cur, &to))
			continue;
		if (change(m, out, NT_KNOB_RPS_CPUS, (int)q, -1, &cur, &to) < 0)
			return -ENOMEM;
	}
	/* RFS: per-queue flow table, and the global socket flow table */
	for (unsigned int q = 0; q < d->n_rxq; q++)
		if (rfs_change(e, m, out, NT_KNOB_RPS_FLOW_CNT, (int)q, r->flow_cnt) < 0)
			return -ENOMEM;
	return rfs_change(e, m, out, NT_KNOB_RPS_SOCK_FLOW_ENTRIES, -1, r->sock_flow_entries);
}

int engine_action_findings(struct nt_engine *e, const struct nt_match *m, struct nt_findings *out)
{
	switch (m->rule->action) {
	case NT_RULE_ACT_RAISE:
		return do_raise(e, m, out);
	case NT_RULE_ACT_SET:
		return do_set(e, m, out);
	case NT_RULE_ACT_SPREAD_IRQS:
		return do_spread(e, m, out);
	case NT_RULE_ACT_ENABLE_RPS:
		return do_rps(e, m, out);
	case NT_RULE_ACT_NONE:
		break;
	}
	return advise(m, out, m->rule->advice[0] ? NULL : m->rule->description);
}
