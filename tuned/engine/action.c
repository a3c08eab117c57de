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

static int sysctl_of(int knob)
{
	switch (knob) {
	case NT_KNOB_NETDEV_BUDGET: return NT_SYSCTL_NETDEV_BUDGET;
	case NT_KNOB_NETDEV_BUDGET_USECS: return NT_SYSCTL_NETDEV_BUDGET_USECS;
	case NT_KNOB_NETDEV_MAX_BACKLOG: return NT_SYSCTL_NETDEV_MAX_BACKLOG;
	case NT_KNOB_DEV_WEIGHT: return NT_SYSCTL_DEV_WEIGHT;
	case NT_KNOB_RPS_SOCK_FLOW_ENTRIES: return NT_SYSCTL_RPS_SOCK_FLOW_ENTRIES;
	default: return -1;
	}
}

/* The CPU set a CPU-list knob holds in @b, or NULL when unknown. */
static const struct nt_cpuset *snapshot_cpus(const struct nt_snapshot *b, int knob,
					     const struct nt_netdev *d, int index)
{
	if (knob == NT_KNOB_RPS_CPUS && d && index >= 0 && (unsigned int)index < d->n_rxq &&
	    d->rxq[index].has_rps)
		return &d->rxq[index].rps_cpus;
	for (size_t i = 0; knob == NT_KNOB_IRQ_AFFINITY && i < b->nirqs; i++)
		if ((int)b->irqs[i].irq == index && b->irqs[i].has_affinity)
			return &b->irqs[i].affinity;
	return NULL;
}

/* The value of a numeric knob in @b, -1 when unknown. */
static long long snapshot_number(const struct nt_snapshot *b, int knob,
				 const struct nt_netdev *d, int index)
{
	int sc = sysctl_of(knob);

	if (sc >= 0)
		return b->sysctl[sc];
	if (!d)
		return -1;
	switch (knob) {
	case NT_KNOB_RING_RX:
		return d->ring.err ? -1 : (long long)d->ring.rx;
	case NT_KNOB_RING_TX:
		return d->ring.err ? -1 : (long long)d->ring.tx;
	case NT_KNOB_CHANNELS_COMBINED:
		return d->ch.err ? -1 : (long long)d->ch.combined;
	case NT_KNOB_RPS_FLOW_CNT:
		return index >= 0 && (unsigned int)index < d->n_rxq ? d->rxq[index].rps_flow_cnt : -1;
	default:
		return -1;
	}
}

bool engine_snapshot_value(const struct nt_snapshot *b, int knob, int dev, int index,
			   char *out, size_t size)
{
	const struct nt_netdev *d = dev >= 0 ? &b->devs[dev] : NULL;
	const struct nt_cpuset *cpus;
	long long v;

	switch (nt_knobs[knob].type) {
	case NT_KT_BOOL:
		if (knob != NT_KNOB_EEE_ENABLED || !d || d->eee.err)
			return false;
		snprintf(out, size, "%s", d->eee.enabled ? "on" : "off");
		return true;
	case NT_KT_CPUS:
		cpus = snapshot_cpus(b, knob, d, index);
		if (!cpus)
			return false;
		cpuset_format_list(cpus, out, size);
		return true;
	case NT_KT_NUMBER:
		break;
	}
	v = snapshot_number(b, knob, d, index);
	if (v < 0)
		return false;
	snprintf(out, size, "%lld", v);
	return true;
}

bool knob_current(struct nt_engine *e, const struct nt_snapshot *b, int knob, int dev,
		  int index, char *out, size_t size)
{
	const struct nt_knob_state *k =
		knob_state(e, knob, dev >= 0 ? b->devs[dev].name : "", index, false);

	/* enforce mode over a capture: what we applied is the value now */
	if (k && k->applied)
		return snprintf(out, size, "%s", k->value) >= 0;
	return engine_snapshot_value(b, knob, dev, index, out, size);
}

bool knob_current_number(struct nt_engine *e, const struct nt_snapshot *b, int knob,
			 int dev, int index, long long *out)
{
	char text[32], *end;

	if (!knob_current(e, b, knob, dev, index, text, sizeof(text)))
		return false;
	*out = strtoll(text, &end, 10);
	return end != text && !*end;
}

bool knob_during_number(struct nt_engine *e, const struct nt_snapshot *b, int knob,
			long long *out)
{
	const struct nt_knob_state *k = knob_state(e, knob, "", -1, false);
	char *end;

	if (!k || !k->applied || k->changed_at < b->mono_s)
		return knob_current_number(e, b, knob, -1, -1, out);
	*out = strtoll(k->before, &end, 10);
	return end != k->before && !*end;
}

static long long min_set(long long a, long long b)
{
	if (a < 0)
		return b;
	if (b < 0)
		return a;
	return a < b ? a : b;
}

long long knob_ceiling(const struct nt_engine *e, const struct nt_snapshot *b, int knob, int dev,
		       const struct nt_rule *r)
{
	const struct nt_netdev *d = dev >= 0 ? &b->devs[dev] : NULL;
	long long c = r ? r->ceiling : e->policy->ceiling[knob];

	/* policy_bind() already put [ceilings] and [rule NAME] ceiling into the rules */
	for (size_t i = 0; c < 0 && !r && i < e->rules->n; i++)
		if (e->rules->rules[i].action == NT_ACT_RAISE && e->rules->rules[i].knob == knob)
			c = e->rules->rules[i].ceiling;
	/* the driver's maximum is a hard bound whatever the policy says */
	if (d && knob == NT_KNOB_RING_RX && !d->ring.err && d->ring.rx_max)
		c = min_set(c, d->ring.rx_max);
	if (d && knob == NT_KNOB_RING_TX && !d->ring.err && d->ring.tx_max)
		c = min_set(c, d->ring.tx_max);
	if (d && knob == NT_KNOB_CHANNELS_COMBINED && !d->ch.err && d->ch.combined_max)
		c = min_set(c, d->ch.combined_max);
	return c;
}

static void command_for(const struct nt_snapshot *b, struct nt_finding *f)
{
	const struct nt_knob_info *k = &nt_knobs[f->id.knob];
	struct nt_cpuset set;
	char mask[NT_VALUE_MAX];

	switch (f->id.knob) {
	case NT_KNOB_RING_RX:
	case NT_KNOB_RING_TX:
		snprintf(f->command, sizeof(f->command), "ethtool -G %s %s %s", f->id.device,
			 f->id.knob == NT_KNOB_RING_RX ? "rx" : "tx", f->to);
		break;
	case NT_KNOB_CHANNELS_COMBINED:
		snprintf(f->command, sizeof(f->command), "ethtool -L %s combined %s", f->id.device,
			 f->to);
		break;
	case NT_KNOB_IRQ_AFFINITY:
		snprintf(f->command, sizeof(f->command), "echo %s > /proc/irq/%d/smp_affinity_list",
			 f->to, f->id.irq);
		break;
	case NT_KNOB_RPS_CPUS:
		/* rps_cpus takes the mask form only */
		cpuset_zero(&set);
		cpuset_parse_list(&set, f->to);
		cpuset_format_mask(&set, mask, sizeof(mask));
		snprintf(f->command, sizeof(f->command),
			 "echo %s > /sys/class/net/%s/queues/rx-%d/rps_cpus", mask, f->id.device,
			 f->id.queue);
		break;
	case NT_KNOB_RPS_FLOW_CNT:
		snprintf(f->command, sizeof(f->command),
			 "echo %s > /sys/class/net/%s/queues/rx-%d/rps_flow_cnt", f->to, f->id.device,
			 f->id.queue);
		break;
	case NT_KNOB_EEE_ENABLED:
		snprintf(f->command, sizeof(f->command), "ethtool --set-eee %s eee %s", f->id.device,
			 f->to);
		break;
	default:
		snprintf(f->command, sizeof(f->command), "sysctl -w %s=%s", k->name, f->to);
		break;
	}
	(void)b;
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
 */
/* Advice; @from, when known, is the knob's value for the evidence's {from}. */
static int advise_from(const struct nt_match *m, struct nt_findings *out, const char *why,
		       const char *from)
{
	struct nt_finding *f = new_finding(m, out, -1);
	const char *advice = m->rule->advice;

	if (!f)
		return -1;
	if (from)
		snprintf(f->from, sizeof(f->from), "%s", from);
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

static int change(const struct nt_match *m, struct nt_findings *out, int knob, int queue,
		  int irq, const char *from, const char *to)
{
	struct nt_finding *f = new_finding(m, out, knob);

	if (!f)
		return -1;
	f->id.queue = queue;
	f->id.irq = irq;
	if (nt_knobs[knob].where == NT_KW_HOST)
		f->id.device[0] = '\0';	/* a sysctl, even when a device's rule asks */
	snprintf(f->from, sizeof(f->from), "%s", from);
	snprintf(f->to, sizeof(f->to), "%s", to);
	command_for(m->iv->b, f);
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
	long long cur, target, ceiling;
	char from[32], to[32], why[160];

	if (!knob_current_number(e, b, r->knob, m->dev, -1, &cur)) {
		snprintf(why, sizeof(why), "%s cannot be read on this host",
			 nt_knobs[r->knob].name);
		return advise(m, out, why);
	}
	snprintf(from, sizeof(from), "%lld", cur);
	ceiling = knob_ceiling(e, b, r->knob, m->dev, r);
	if (ceiling < 0) {
		snprintf(why, sizeof(why), "no ceiling is set for %s (rule or policy [ceilings])",
			 nt_knobs[r->knob].name);
		return advise(m, out, why);
	}
	target = raise_target(r, cur, ceiling);
	if (target <= cur) {
		snprintf(why, sizeof(why), "%s is at its ceiling (%lld)", nt_knobs[r->knob].name,
			 ceiling);
		return advise_from(m, out, why, from);
	}
	snprintf(to, sizeof(to), "%lld", target);
	return change(m, out, r->knob, -1, -1, from, to);
}

/* Why the snapshot has no value of a device's ethtool knob: -errno, or 0. */
static int knob_read_err(const struct nt_snapshot *b, int knob, int dev)
{
	const struct nt_netdev *d = dev >= 0 ? &b->devs[dev] : NULL;

	if (!d)
		return 0;
	switch (knob) {
	case NT_KNOB_EEE_ENABLED:
		return d->eee.err;
	case NT_KNOB_RING_RX:
	case NT_KNOB_RING_TX:
		return d->ring.err;
	case NT_KNOB_CHANNELS_COMBINED:
		return d->ch.err;
	default:
		return 0;
	}
}

static int do_set(struct nt_engine *e, const struct nt_match *m, struct nt_findings *out)
{
	char cur[NT_VALUE_MAX], why[200];
	const char *name = nt_knobs[m->rule->knob].name;
	int err;

	if (!knob_current(e, m->iv->b, m->rule->knob, m->dev, -1, cur, sizeof(cur))) {
		err = knob_read_err(m->iv->b, m->rule->knob, m->dev);
		/*
		 * EOPNOTSUPP to the GET: the driver has no such operation
		 * (e1000e and EEE), so a SET could only fail the same way.
		 */
		if (err == -EOPNOTSUPP)
			snprintf(why, sizeof(why), "the driver of %s does not support %s (EOPNOTSUPP "
				 "to the ethtool request): nettuned will not try to change it",
				 m->iv->b->devs[m->dev].name, name);
		else if (err)
			snprintf(why, sizeof(why), "%s cannot be read on this device (%s)", name,
				 strerrorname_np(-err) ? strerrorname_np(-err) : "unknown error");
		else
			snprintf(why, sizeof(why), "%s cannot be read on this device", name);
		return advise(m, out, why);
	}
	if (!strcmp(cur, m->rule->to))
		return 0;
	return change(m, out, m->rule->knob, -1, -1, cur, m->rule->to);
}

/* Rank of @q among the device's distinct queue numbers. */
static unsigned int queue_rank(const struct nt_snapshot *b, int dev, int q)
{
	unsigned int rank = 0;

	for (size_t i = 0; i < b->nirqs; i++) {
		const struct nt_irq *o = &b->irqs[i];
		bool first = true;

		if (!is_queue_irq(b, o, dev) || o->queue < 0 || o->queue >= q)
			continue;
		for (size_t j = 0; j < i; j++)
			if (is_queue_irq(b, &b->irqs[j], dev) && b->irqs[j].queue == o->queue)
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
		return -1;
	render_evidence(m, f, f->evidence, sizeof(f->evidence));
	join_queue_irqs(m->iv->b, m->dev, "--banirq=", " ", bans, sizeof(bans));
	snprintf(f->advice, sizeof(f->advice),
		 "irqbalance is running and will move these IRQs again: add %s to "
		 "IRQBALANCE_ARGS (/etc/default/irqbalance or /etc/sysconfig/irqbalance) and "
		 "restart irqbalance, or stop it", bans);
	return 0;
}

static int do_spread(struct nt_engine *e, const struct nt_match *m, struct nt_findings *out)
{
	unsigned int *order = e->cpu_order;
	const struct nt_snapshot *b = m->iv->b;
	const struct nt_netdev *d = &b->devs[m->dev];
	size_t n = spread_order(e->policy, m->iv, d, order, NT_MAX_CPUS);
	char from[NT_VALUE_MAX], to[16];
	struct nt_finding *f;
	unsigned int rank;

	if (!n)
		return advise(m, out, "no CPU may take network work under this policy");
	if ((b->tuners & NT_TUNER_IRQBALANCE) && irqbalance_advice(m, out) < 0)
		return -1;
	for (size_t i = 0; i < b->nirqs; i++) {
		const struct nt_irq *irq = &b->irqs[i];
		unsigned int cpu;

		/* an IRQ whose affinity could not be read is one we may not set */
		if (!is_queue_irq(b, irq, m->dev) || !irq->has_affinity)
			continue;
		rank = queue_rank(b, m->dev, irq->queue);
		cpu = order[rank % n];
		snprintf(to, sizeof(to), "%u", cpu);
		if (!knob_current(e, b, NT_KNOB_IRQ_AFFINITY, m->dev, (int)irq->irq, from,
				  sizeof(from)) || !strcmp(from, to))
			continue;
		if (change(m, out, NT_KNOB_IRQ_AFFINITY, irq->queue, (int)irq->irq, from, to) < 0)
			return -1;
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
			      const char *to)
{
	struct nt_finding *f = new_finding(m, out, -1);
	char mask[NT_VALUE_MAX], text[3 * NT_VALUE_MAX];
	struct nt_cpuset set;
	size_t n;

	if (!f)
		return -1;
	render_evidence(m, f, f->evidence, sizeof(f->evidence));
	cpuset_zero(&set);
	cpuset_parse_list(&set, to);
	cpuset_format_mask(&set, mask, sizeof(mask));
	snprintf(text, sizeof(text),
		 "%s has no IRQ and the BPF signals are off, so which CPU polls it is not known; "
		 "CPU %d takes the most NET_RX softirqs. If that is %s's traffic, spread it over "
		 "CPUs %s with RPS (with the BPF signals nettuned tells and does it): echo %s > "
		 "/sys/class/net/%s/queues/rx-N/rps_cpus for each RX queue N",
		 f->id.device, m->irq_cpu, f->id.device, to, mask, f->id.device);
	n = strnlen(text, sizeof(f->advice) - 1);
	memcpy(f->advice, text, n);
	f->advice[n] = '\0';
	return 0;
}

static int do_rps(struct nt_engine *e, const struct nt_match *m, struct nt_findings *out)
{
	const struct nt_rule *r = m->rule;
	const struct nt_snapshot *b = m->iv->b;
	const struct nt_netdev *d = &b->devs[m->dev];
	struct nt_cpuset cpus;
	char cur[NT_VALUE_MAX], to[NT_VALUE_MAX];
	long long n;

	allowed_cpus(e->policy, b, &cpus);
	/* the CPU taking the interrupt already does the driver's poll */
	if (m->irq_cpu >= 0)
		cpus.bits[m->irq_cpu / 64] &= ~(UINT64_C(1) << (m->irq_cpu % 64));
	if (!cpuset_count(&cpus))
		return advise(m, out, "no other CPU may take network work under this policy");
	cpuset_format_list(&cpus, to, sizeof(to));
	if (m->rx_cpu_how == NT_RX_CPU_GUESS)
		return rps_advice_guessed(m, out, to);
	for (unsigned int q = 0; q < d->n_rxq; q++) {
		if (!knob_current(e, b, NT_KNOB_RPS_CPUS, m->dev, (int)q, cur, sizeof(cur)) ||
		    !strcmp(cur, to))
			continue;
		if (change(m, out, NT_KNOB_RPS_CPUS, (int)q, -1, cur, to) < 0)
			return -1;
	}
	/* RFS: per-queue flow table, and the global socket flow table */
	for (unsigned int q = 0; q < d->n_rxq; q++) {
		if (!knob_current_number(e, b, NT_KNOB_RPS_FLOW_CNT, m->dev, (int)q, &n) ||
		    n >= r->flow_cnt)
			continue;
		snprintf(cur, sizeof(cur), "%lld", n);
		snprintf(to, sizeof(to), "%lld", r->flow_cnt);
		if (change(m, out, NT_KNOB_RPS_FLOW_CNT, (int)q, -1, cur, to) < 0)
			return -1;
	}
	if (knob_current_number(e, b, NT_KNOB_RPS_SOCK_FLOW_ENTRIES, -1, -1, &n) &&
	    n < r->sock_flow_entries) {
		snprintf(cur, sizeof(cur), "%lld", n);
		snprintf(to, sizeof(to), "%lld", r->sock_flow_entries);
		if (change(m, out, NT_KNOB_RPS_SOCK_FLOW_ENTRIES, -1, -1, cur, to) < 0)
			return -1;
	}
	return 0;
}

int action_findings(struct nt_engine *e, const struct nt_match *m, struct nt_findings *out)
{
	switch (m->rule->action) {
	case NT_ACT_RAISE:
		return do_raise(e, m, out);
	case NT_ACT_SET:
		return do_set(e, m, out);
	case NT_ACT_SPREAD_IRQS:
		return do_spread(e, m, out);
	case NT_ACT_ENABLE_RPS:
		return do_rps(e, m, out);
	case NT_ACT_NONE:
		break;
	}
	return advise(m, out, m->rule->advice[0] ? NULL : m->rule->description);
}
