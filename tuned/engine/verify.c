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
 * intervals' mean with nothing changed), scaled down by the traffic when
 * that fell (expected()). A change whose symptom did not improve is
 * rolled back.
 *
 * One that did improve can still have made the host worse, so the
 * outcomes are watched too: the packets the host lost (the device's
 * rx_dropped and ring discards, or every CPU's backlog drops for a host
 * rule), TCP timeouts and the retransmission ratio. Each is judged
 * against its own noise (outcome_worse()): on a busy agent a few packets
 * a second are lost whatever nettuned does, and the VM lab saw an RPS
 * change that moved 37 % of NET_RX off a saturated CPU rolled back for
 * 69.6 lost packets/s out of 19,122 received, 0 before.
 *
 * A window that saw no interval (the device went away) is dropped without
 * a verdict. Less traffic also looks like an improvement; the evidence
 * gives both numbers so an operator can tell.
 */
#include "engine/engine_int.h"
#include "util/array.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define VERIFY_BETTER 0.8 /* symptom at most this fraction of its baseline */
#define OUTCOME_WORSE 1.5 /* outcome more than this multiple of its baseline ... */
#define NOISE_SIGMAS 3.0  /* ... plus this many standard deviations of it, */
/* ... or, when larger, a floor in the outcome's unit, */
static const double outcome_floor[NT_OUT_COUNT] = {
	[NT_OUT_DROPS] = 1.0,        /* packets/s */
	[NT_OUT_TCP_TIMEOUTS] = 0.5, /* timeouts/s */
	[NT_OUT_TCP_RETRANS] = 0.5,  /* percentage points */
};
/* ... or a share of the packets received (lost packets only): 0.5 %, and up
 * to 2 % more in proportion to how much the symptom improved */
#define DROPS_SHARE 0.005
#define DROPS_SHARE_FOR_CURE 0.02
/* a window restored after a restart is judged on at least this many intervals */
#define RESUMED_INTERVALS 2

static const char *const outcome_name[NT_OUT_COUNT] = {
	[NT_OUT_DROPS] = "lost packets",
	[NT_OUT_TCP_TIMEOUTS] = "tcp.timeouts",
	[NT_OUT_TCP_RETRANS] = "tcp.retrans_ratio",
};

/* The condition at position @pos (verify.cond), NULL when there is none. */
static const struct nt_cond *cond_at(const struct nt_rule *r, int pos)
{
	if (pos >= 0 && pos < (int)r->n_all)
		return &r->all[pos];
	pos -= NT_RULE_MAX_CONDS;
	return pos >= 0 && pos < (int)r->n_any ? &r->any[pos] : NULL;
}

/* The position of the condition the rule's changes are judged by; -1 none. */
static int verify_cond(const struct nt_rule *r)
{
	/* the rule says which (rule_check made sure it has a condition on it) */
	for (unsigned int i = 0; r->verify_signal >= 0 && i < r->n_all + r->n_any; i++) {
		int pos = i < r->n_all ? (int)i : NT_RULE_MAX_CONDS + (int)(i - r->n_all);

		if ((int)cond_at(r, pos)->signal == r->verify_signal)
			return pos;
	}
	for (unsigned int i = 0; i < r->n_all; i++) {
		enum nt_unit u = nt_signals[r->all[i].signal].unit;

		if (u == NT_UNIT_PER_S || u == NT_UNIT_PERCENT)
			return (int)i;
	}
	return r->n_any ? NT_RULE_MAX_CONDS : -1;
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
static bool symptom(const struct nt_verify *v, const struct nt_rule *r, const struct nt_cond *c,
		    const struct nt_interval *iv, double *out)
{
	bool up = cmp_upward(c->op), any = false;
	double x;
	int dev;

	if (r->scope == NT_SCOPE_CPU) {
		/* the worst of the CPUs that fired */
		for (unsigned int cpu = 0; cpu < iv->b->ncpus; cpu++) {
			if (!cpuset_has(&v->cpus, cpu) ||
			    !engine_cond_value(r->scope, c, iv, (int)cpu, &x))
				continue;
			if (!any || (up ? x > *out : x < *out))
				*out = x;
			any = true;
		}
		return any;
	}
	if (r->scope == NT_SCOPE_HOST)
		return engine_cond_value(r->scope, c, iv, -1, out);
	dev = dev_index(iv->b, v->entity);
	if (dev < 0)
		return false;
	return engine_cond_value(r->scope, c, iv,
				 v->queue >= 0 ? NT_QUEUE_ENTITY(dev, v->queue) : dev, out);
}

/* Sums @sig over @iv's CPUs into @out; false when no CPU had a value. */
static bool cpu_sum(enum nt_signal sig, const struct nt_interval *iv, double *out)
{
	bool any = false;
	double x;

	*out = 0;
	for (unsigned int c = 0; c < iv->b->ncpus; c++) {
		if (signal_value(sig, iv, (int)c, &x)) {
			*out += x;
			any = true;
		}
	}
	return any;
}

/* The packets @dev lost in @iv (rx_dropped + ring discards), or every CPU's backlog drops. */
static bool lost_packets(const struct nt_interval *iv, int dev, double *out)
{
	bool any = false;
	double x;

	if (dev < 0)
		return cpu_sum(NT_SIG_CPU_BACKLOG_DROPS, iv, out);
	*out = 0;
	if (signal_value(NT_SIG_DEV_RX_DROPPED, iv, dev, &x)) {
		*out += x;
		any = true;
	}
	if (signal_value(NT_SIG_DEV_RING_DISCARDS, iv, dev, &x)) {
		*out += x;
		any = true;
	}
	return any;
}

void verify_sample(const struct nt_interval *iv, int dev, struct nt_sample *s)
{
	s->has_out[NT_OUT_DROPS] = lost_packets(iv, dev, &s->out[NT_OUT_DROPS]);
	s->has_out[NT_OUT_TCP_TIMEOUTS] =
		signal_value(NT_SIG_TCP_TIMEOUTS, iv, -1, &s->out[NT_OUT_TCP_TIMEOUTS]);
	s->has_out[NT_OUT_TCP_RETRANS] =
		signal_value(NT_SIG_TCP_RETRANS_RATIO, iv, -1, &s->out[NT_OUT_TCP_RETRANS]);
	/* the packets that could have been lost: the device's, or the host's processed */
	if (dev >= 0)
		s->has_traffic = signal_value(NT_SIG_DEV_RX_PACKETS, iv, dev, &s->traffic);
	else
		s->has_traffic = cpu_sum(NT_SIG_CPU_PROCESSED, iv, &s->traffic);
}

bool verify_match_symptom(const struct nt_match *m, double *v)
{
	const struct nt_cond *c = cond_at(m->rule, verify_cond(m->rule));

	if (!c || !m->has[c->signal])
		return false;
	/* over several CPUs, the worst one's */
	*v = cmp_upward(c->op) ? m->hi[c->signal] : m->lo[c->signal];
	return true;
}

static void open_outcomes(struct nt_verify *v, const struct nt_match *m)
{
	struct nt_sample now;

	/* without a sustain window (sustain = 1), the interval that fired */
	verify_sample(
		m->iv,
		m->rule->scope == NT_SCOPE_DEVICE || m->rule->scope == NT_SCOPE_QUEUE ? m->dev : -1,
		&now);
	for (int o = 0; o < NT_OUT_COUNT; o++) {
		v->out[o] = m->out[o];
		if (!v->out[o].has && now.has_out[o]) {
			v->out[o].has = true;
			v->out[o].base = now.out[o];
		}
		v->out[o].sum = 0;
		v->out[o].n = 0;
	}
	v->has_traffic = m->has_traffic || now.has_traffic;
	v->traffic_base = m->has_traffic ? m->traffic : now.traffic;
}

int verify_open(struct nt_engine *e, const struct nt_match *m, const struct nt_finding *f, size_t n)
{
	int pos = verify_cond(m->rule);
	const struct nt_cond *cond = cond_at(m->rule, pos);
	struct nt_verify *v;

	if (!cond || !m->has[cond->signal])
		return 0; /* nothing to judge by: the change stands */
	v = history_add_verify(e->h, n);
	if (!v)
		return -ENOMEM;
	snprintf(v->rule, sizeof(v->rule), "%s", m->rule->name);
	v->cond = pos;
	v->signal = (int)cond->signal;
	snprintf(v->entity, sizeof(v->entity), "%s", f->entity);
	v->queue = m->queue;
	v->cpus = m->cpus;
	v->start = m->iv->b->mono_s;
	v->deadline = v->start + e->policy->safety.verify_s;
	if (m->has_base)
		v->base = m->base;
	else
		verify_match_symptom(m, &v->base);
	open_outcomes(v, m);
	for (size_t i = 0; i < n; i++) {
		struct nt_verify_change *c = &v->changes[i];
		struct nt_knob_state *k = safety_knob_state(e, &f[i].id, false);

		c->id = f[i].id;
		c->from = f[i].from;
		c->to = f[i].to;
		if (k)
			k->verifying = true;
	}
	return 0;
}

static void feed(struct nt_verify *v, const struct nt_rule *r, const struct nt_cond *c,
		 const struct nt_interval *iv)
{
	int dev = v->entity[0] ? dev_index(iv->b, v->entity) : -1;
	struct nt_sample s;
	double x;

	/* only intervals that start after the change show its effect */
	if (iv->a->mono_s < v->start)
		return;
	if (v->resumed)
		v->n_resumed++;
	if (symptom(v, r, c, iv, &x)) {
		v->sum += x;
		v->n++;
	}
	if (v->entity[0] && dev < 0)
		return; /* the device is gone for this interval */
	verify_sample(iv, dev, &s);
	for (int o = 0; o < NT_OUT_COUNT; o++) {
		if (s.has_out[o]) {
			v->out[o].sum += s.out[o];
			v->out[o].n++;
		}
	}
	if (s.has_traffic) {
		v->traffic_sum += s.traffic;
		v->traffic_n++;
	}
}

/* How much better the symptom got, 0 (not at all) to 1 (gone). */
static double improvement(const struct nt_cond *c, double base, double after)
{
	if (cmp_upward(c->op))
		return base > 0 && after < base ? 1 - after / base : 0;
	return after > 0 && after > base ? 1 - base / after : 0;
}

/* Three significant digits, without an exponent: 0.36, 69.6, 1570. */
static const char *num(double v, char *out)
{
	snprintf(out, 24, fabs(v) >= 100 ? "%.0f" : "%.3g", v);
	return out;
}

/*
 * An outcome is clearly worse when its mean after the change exceeds half
 * again its mean before, plus the largest of: a floor in its unit, three
 * standard deviations of it over the sustain window, and (lost packets) a
 * share of the packets received that grows with the symptom's
 * improvement. Lost packets are also weighed against the packets
 * received: a change that lets in more than it loses delivers more (the
 * VM lab: RPS onto a starved CPU lost 427 packets/s where none were
 * counted before, while 2,073/s more were received; before it, the
 * NIC's backend held the excess back uncounted). The outcome that is,
 * or -1; the figures in @why either way when it rose.
 */
static int outcome_worse(const struct nt_verify *v, double cure, char *why, size_t size)
{
	double traffic = v->traffic_n ? v->traffic_sum / v->traffic_n : v->traffic_base;
	int worst = -1;
	size_t n = 0;

	for (int o = 0; o < NT_OUT_COUNT && n < size; o++) {
		const struct nt_outcome_stat *s = &v->out[o];
		const char *unit = o == NT_OUT_TCP_RETRANS ? "%" : "/s";
		double after, allowed, gain, share = 0;
		char fig[4][24];
		bool worse;
		int w;

		if (!s->has || !s->n)
			continue;
		after = s->sum / s->n;
		if (after <= s->base)
			continue;
		allowed = fmax(outcome_floor[o], NOISE_SIGMAS * s->spread);
		gain = 0;
		if (o == NT_OUT_DROPS && v->has_traffic) {
			share = DROPS_SHARE + DROPS_SHARE_FOR_CURE * cure;
			allowed = fmax(allowed, share * traffic);
			/* packets let in beyond those before: delivered, lost or not */
			if (v->traffic_n && traffic > v->traffic_base)
				gain = traffic - v->traffic_base;
		}
		worse = after > s->base * OUTCOME_WORSE + allowed + gain;
		if (worse && worst < 0)
			worst = o;
		w = snprintf(why + n, size - n, "%s%s rose from %s%s (spread %s) to %s%s, %s %s%s",
			     n ? "; " : "", outcome_name[o], num(s->base, fig[0]), unit,
			     num(s->spread, fig[1]), num(after, fig[2]), unit,
			     worse ? "beyond the" : "within the",
			     num(s->base * OUTCOME_WORSE + allowed + gain, fig[3]), unit);
		if (w > 0)
			n += (size_t)w;
		if (share > 0 && n < size) {
			w = snprintf(why + n, size - n, " (%.2f%% of %.0f packets/s received%s",
				     100 * share, traffic, gain > 0 ? "" : ")");
			if (w > 0)
				n += (size_t)w;
		}
		if (gain > 0 && n < size) {
			w = snprintf(why + n, size - n,
				     ", and %.0f/s received more than the %.0f/s "
				     "before)",
				     gain, v->traffic_base);
			if (w > 0)
				n += (size_t)w;
		}
	}
	return worst;
}

/*
 * The symptom the change is judged against: its baseline, scaled down by
 * the traffic when that fell (a rate of events, such as squeezes per
 * second, falls with the packets behind it: in the VM lab a host under
 * load received 35 % fewer packets during a useless change's window and
 * the squeezes fell 29 %). Traffic that rose is not held against it.
 */
static double expected(const struct nt_verify *v, const struct nt_cond *c, double *ratio)
{
	*ratio = 1;
	if (!cmp_upward(c->op) || nt_signals[c->signal].unit != NT_UNIT_PER_S || !v->has_traffic ||
	    !v->traffic_n || v->traffic_base <= 0)
		return v->base;
	*ratio = fmin(1, v->traffic_sum / v->traffic_n / v->traffic_base);
	return v->base * *ratio;
}

static bool improved(const struct nt_cond *c, double expect, double after)
{
	if (!rule_cmp_holds(c->op, after, c->threshold))
		return true;
	if (cmp_upward(c->op))
		return after <= expect * VERIFY_BETTER;
	return after >= expect / VERIFY_BETTER;
}

static struct nt_finding *verdict(struct nt_engine *e, const struct nt_verify *v,
				  const struct nt_rule *r, const struct nt_verify_change *c,
				  bool rollback, const char *evidence, const struct nt_interval *iv,
				  struct nt_findings *out)
{
	struct nt_finding *f = findings_add(out);
	struct nt_knob_state *k = safety_knob_state(e, &c->id, false);

	if (!f)
		return NULL;
	f->rule = r;
	f->kind = rollback ? NT_FIND_ROLLBACK : NT_FIND_VERIFIED;
	f->severity = r->severity;
	f->id = c->id;
	snprintf(f->entity, sizeof(f->entity), "%s", v->entity);
	/* a rollback goes from the value set back to the one it replaced */
	f->has_from = f->has_to = true;
	f->from = rollback ? c->to : c->from;
	f->to = rollback ? c->from : c->to;
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
	struct nt_history *h = e->h;
	struct nt_backoff *b;

	for (size_t i = 0; i < h->n_backoffs; i++) {
		b = &h->backoffs[i];
		if (!strcmp(b->rule, v->rule) && !strcmp(b->entity, v->entity)) {
			b->until = now + e->policy->safety.backoff_s;
			return 0;
		}
	}
	if (array_grow(h->backoffs, &h->backoffs_cap, h->n_backoffs, 4) < 0)
		return -ENOMEM;
	b = &h->backoffs[h->n_backoffs++];
	snprintf(b->rule, sizeof(b->rule), "%s", v->rule);
	snprintf(b->entity, sizeof(b->entity), "%s", v->entity);
	b->until = now + e->policy->safety.backoff_s;
	return 0;
}

static void forget_changes(struct nt_engine *e, const struct nt_verify *v)
{
	for (size_t i = 0; i < v->n_changes; i++)
		history_forget(e->h, &v->changes[i].id);
}

static int judge(struct nt_engine *e, const struct nt_verify *v, const struct nt_rule *r,
		 const struct nt_cond *c, const struct nt_interval *iv, struct nt_findings *out)
{
	const struct nt_safety *s = &e->policy->safety;
	char before[48], after_text[48], expect_text[48], scaled[128] = "";
	char outcomes[512] = "", evidence[NT_EVIDENCE_MAX];
	double after = v->sum / v->n, ratio;
	double expect = expected(v, c, &ratio);
	bool better = improved(c, expect, after);
	int worse = outcome_worse(v, improvement(c, expect, after), outcomes, sizeof(outcomes));
	bool bad = worse >= 0 || !better;
	bool rollback = bad && s->rollback;

	render_signal(c->signal, v->base, v->base, before, sizeof(before));
	render_signal(c->signal, after, after, after_text, sizeof(after_text));
	if (ratio < 1) {
		render_signal(c->signal, expect, expect, expect_text, sizeof(expect_text));
		snprintf(scaled, sizeof(scaled),
			 " (the traffic fell to %.0f%%: %s without the "
			 "change)",
			 100 * ratio, expect_text);
	}
	snprintf(evidence, sizeof(evidence),
		 "%s %s before %s changed it, %s on average over %.0f s after%s%s%s%s%s",
		 nt_signals[c->signal].name, before, r->name, after_text, iv->b->mono_s - v->start,
		 better ? "" : ": no improvement", scaled, outcomes[0] ? "; " : "", outcomes,
		 bad && !s->rollback ? "; kept (rollback = no)" : "");
	for (size_t i = 0; i < v->n_changes; i++) {
		if (v->changes[i].dropped)
			continue;
		if (!verdict(e, v, r, &v->changes[i], rollback, evidence, iv, out))
			return -ENOMEM;
	}
	/* the values go back to what they were: no longer ours */
	if (rollback) {
		forget_changes(e, v);
		return add_backoff(e, v, iv->b->mono_s);
	}
	return 0;
}

static bool all_dropped(const struct nt_verify *v)
{
	for (size_t i = 0; i < v->n_changes; i++)
		if (!v->changes[i].dropped)
			return false;
	return true;
}

/* Closes window @i; its knobs are no longer being verified. */
static void close_window(struct nt_engine *e, size_t i)
{
	const struct nt_verify *v = &e->h->verifies[i];

	for (size_t c = 0; c < v->n_changes; c++) {
		struct nt_knob_state *k = safety_knob_state(e, &v->changes[c].id, false);

		if (k)
			k->verifying = false;
	}
	history_close_verify(e->h, i);
}

int verify_step(struct nt_engine *e, const struct nt_interval *iv, struct nt_findings *out)
{
	for (size_t i = 0; i < e->h->n_verifies;) {
		struct nt_verify *v = &e->h->verifies[i];
		const struct nt_rule *r = engine_rule(e, v->rule);
		const struct nt_cond *c = r ? cond_at(r, v->cond) : NULL;
		int ret = 0;

		if (!c || (int)c->signal != v->signal) {
			/* the rule is gone or judges by something else now: the change stands */
			forget_changes(e, v);
			close_window(e, i);
			continue;
		}
		feed(v, r, c, iv);
		if ((iv->b->mono_s < v->deadline ||
		     (v->resumed && v->n_resumed < RESUMED_INTERVALS)) &&
		    !all_dropped(v)) {
			i++;
			continue;
		}
		if (v->n && !all_dropped(v))
			ret = judge(e, v, r, c, iv, out);
		close_window(e, i);
		if (ret < 0)
			return ret;
	}
	return 0;
}

/* The change of @f was made with @to instead (an ENOSPC fallback). */
void verify_applied_as(struct nt_engine *e, const struct nt_finding *f, const struct nt_value *to)
{
	struct nt_knob_state *k = safety_knob_state(e, &f->id, false);

	if (k)
		k->value = *to;
	for (size_t i = 0; i < e->h->n_verifies; i++) {
		struct nt_verify *v = &e->h->verifies[i];

		for (size_t c = 0; c < v->n_changes; c++)
			if (knob_id_equal(&v->changes[c].id, &f->id))
				v->changes[c].to = *to;
	}
}

double verify_backoff_left(const struct nt_engine *e, const struct nt_rule *r, const char *entity,
			   double now)
{
	for (size_t i = 0; i < e->h->n_backoffs; i++) {
		const struct nt_backoff *b = &e->h->backoffs[i];

		if (!strcmp(b->rule, r->name) && !strcmp(b->entity, entity) && now < b->until)
			return b->until - now;
	}
	return 0;
}

bool verify_open_for(const struct nt_engine *e, char *why, size_t size)
{
	for (size_t i = 0; i < e->h->n_verifies; i++) {
		const struct nt_verify *v = &e->h->verifies[i];

		for (size_t c = 0; c < v->n_changes; c++) {
			if (v->changes[c].dropped)
				continue;
			snprintf(why, size, "one change at a time: %s (rule %s) is being verified",
				 nt_knobs[v->changes[c].id.knob].name, v->rule);
			return true;
		}
	}
	return false;
}
