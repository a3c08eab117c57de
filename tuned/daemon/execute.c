// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * What each finding of a cycle becomes. Enforce mode: a passed change and
 * a rollback go through the actuators (the state lock is taken for the
 * cycle's writes only, so `nettuned apply` and `rollback` can run between
 * cycles), the outcome goes back to the engine, and everything goes to
 * the audit trail. Recommend and dry-run: audit entries only, with the
 * command an operator would type.
 */
#include "daemon/daemon.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <syslog.h>

static void remember(struct nt_daemon *d, const struct nt_audit_entry *e)
{
	struct nt_recent *r = &d->recent[d->n_recent++ % NT_DAEMON_RECENT];
	char what[160];

	sampler_wallclock_now(r->wallclock, sizeof(r->wallclock));
	snprintf(r->event, sizeof(r->event), "%s", event_name(e->event));
	if (e->knob && knob_by_name(e->knob) >= 0)
		act_describe((enum nt_knob)knob_by_name(e->knob), e->device ? e->device : "",
			     e->queue, e->irq, NULL, what, sizeof(what));
	else if (e->rule && e->rule[0]) /* advice: which rule, about what */
		snprintf(what, sizeof(what), "rule %s%s%s", e->rule, e->device ? " for " : "",
			 e->device ? e->device : "");
	else if (e->event == NT_EV_CONFIG_ERROR && e->detail) {
		/* the errors are the whole point of the entry */
		snprintf(r->text, sizeof(r->text), "kept the running configuration: %s", e->detail);
		return;
	} else
		snprintf(what, sizeof(what), "%s", e->state ? e->state : "");
	snprintf(r->text, sizeof(r->text), "%s%s%s%s%s%s%s%s", what, e->from && e->to ? ": " : "",
		 e->from && e->to ? e->from : "", e->from && e->to ? " -> " : "",
		 e->from && e->to ? e->to : "", e->safety ? " (" : "", e->safety ? e->safety : "",
		 e->safety ? ")" : "");
}

void daemon_audit(struct nt_daemon *d, const struct nt_audit_entry *e)
{
	const struct nt_snapshot *b = &d->snap[d->cur];

	if (audit_log(d->audit, e, b->has_mono ? b->mono_s : 0) == 1)
		remember(d, e);
}

/*
 * A change's value as `apply --to` takes it. An empty CPU list is a value
 * (RPS off), not a missing one: `""`, so that the entry reads
 * `rps.cpus of eth0 queue 0: "" -> 1` rather than leaving the from out.
 */
static const char *value_of(const struct nt_finding *f, bool has, const struct nt_value *v,
			    char *text, size_t size)
{
	if (has && knob_value_format(v, text, size) == 0 && text[0])
		return text;
	if (f->kind != NT_FIND_ADVICE && f->id.knob >= 0 && nt_knobs[f->id.knob].type == NT_KT_CPUS)
		return "\"\"";
	return NULL;
}

/* An audit entry's text, which lives as long as the entry. */
struct entry_text {
	char from[NT_VALUE_TEXT], to[NT_VALUE_TEXT];
};

static void entry_of(const struct nt_daemon *d, const struct nt_finding *f,
		     struct nt_audit_entry *e, struct entry_text *t, enum nt_event ev)
{
	struct nt_audit_entry init = NT_AUDIT_ENTRY_INIT;

	*e = init;
	e->event = ev;
	e->rule = f->rule->name;
	e->knob = f->id.knob >= 0 ? nt_knobs[f->id.knob].name : NULL;
	e->device = f->id.device[0] ? f->id.device : f->entity;
	e->queue = f->id.queue;
	e->irq = f->id.irq;
	e->from = value_of(f, f->has_from, &f->from, t->from, sizeof(t->from));
	e->to = value_of(f, f->has_to, &f->to, t->to, sizeof(t->to));
	e->mode = daemon_mode(d);
	e->evidence = f->evidence;
}

static enum nt_outcome outcome_of(enum nt_act_outcome o)
{
	switch (o) {
	case NT_ACT_APPLIED:
	case NT_ACT_UNCHANGED:
		return NT_OUTCOME_DONE;
	case NT_ACT_UNSUPPORTED:
	case NT_ACT_UNMANAGEABLE:
		return NT_OUTCOME_NEVER;
	case NT_ACT_GONE:
		return NT_OUTCOME_GONE;
	default:
		return NT_OUTCOME_FAILED;
	}
}

/* The actuators for this cycle, opened on first use. */
struct cycle_act {
	struct nt_act *a;
	int err;
	char msg[1024];
};

static struct nt_act *act_get(struct nt_daemon *d, struct cycle_act *c)
{
	if (!c->a && !c->err)
		c->err = daemon_act_open(d, &c->a, c->msg, sizeof(c->msg));
	return c->a;
}

/* The change, and for an IRQ the next CPUs in placement order while one has no vector. */
static void apply(struct nt_daemon *d, struct nt_act *a, const struct nt_finding *f,
		  const struct nt_knob_id *t, struct nt_act_result *res)
{
	char cpus[NT_FALLBACK_MAX][12], to[NT_VALUE_TEXT];
	const char *fallback[NT_FALLBACK_MAX];

	for (unsigned int i = 0; i < f->n_fallback; i++) {
		snprintf(cpus[i], sizeof(cpus[i]), "%d", f->fallback[i]);
		fallback[i] = cpus[i];
	}
	/* the actuators take the `apply --to` text an operator would give */
	act_apply_fallback(a, &d->snap[d->cur], t, knob_value_text(&f->to, to, sizeof(to)),
			   fallback, f->n_fallback, res);
}

/* The value the actuators wrote when it is not f->to (an ENOSPC fallback). */
static const struct nt_value *applied_as(const struct nt_finding *f,
					 const struct nt_act_result *res, struct nt_value *to)
{
	if (knob_value_parse(f->id.knob, res->to, to) < 0 || knob_value_equal(to, &f->to))
		return NULL;
	return to;
}

/* What was written, for managed.c: the value read back, else the one asked for. */
static void note(struct nt_daemon *d, const struct nt_finding *f, const struct nt_act_result *res)
{
	struct nt_value from, now;
	bool has_from = res->from[0] && knob_value_parse(f->id.knob, res->from, &from) == 0;

	if (!res->now[0] || knob_value_parse(f->id.knob, res->now, &now) < 0)
		now = f->to;
	managed_note(d, &f->id, has_from ? &from : NULL, &now, &d->snap[d->cur]);
}

static void write_change(struct nt_daemon *d, const struct nt_finding *f, struct cycle_act *c,
			 bool rollback)
{
	struct nt_act_result res;
	struct nt_audit_entry e;
	struct entry_text text;
	struct nt_value applied;
	struct nt_act *a = act_get(d, c);
	bool ok;

	entry_of(d, f, &e, &text, rollback ? NT_EV_ROLLED_BACK : NT_EV_APPLIED);
	if (!a) {
		engine_outcome(d->engine, f, NT_OUTCOME_FAILED, NULL);
		d->count.failures++;
		e.event = NT_EV_FAILED;
		e.detail = c->msg;
		daemon_audit(d, &e);
		return;
	}
	apply(d, a, f, &f->id, &res);
	ok = res.outcome == NT_ACT_APPLIED || res.outcome == NT_ACT_UNCHANGED;
	if (!rollback)
		engine_outcome(d->engine, f, outcome_of(res.outcome),
			       ok ? applied_as(f, &res, &applied) : NULL);
	if (ok)
		note(d, f, &res);
	if (ok) {
		if (rollback)
			d->count.rollbacks++;
		else
			d->count.changes++;
		e.from = res.from[0] ? res.from : e.from;
		e.to = res.now[0] ? res.now : e.to;
		if (res.outcome == NT_ACT_UNCHANGED)
			e.detail = "already at that value";
		else if (res.msg[0])
			e.detail = res.msg; /* the link reset it took */
	} else {
		d->count.failures++;
		e.event = NT_EV_FAILED;
		e.detail = res.msg;
	}
	daemon_audit(d, &e);
}

static void report(struct nt_daemon *d, const struct nt_finding *f, enum nt_event ev)
{
	struct nt_audit_entry e;
	struct entry_text text;

	entry_of(d, f, &e, &text, ev);
	switch (ev) {
	case NT_EV_HELD:
		e.safety = engine_gate_name(f->held);
		e.detail = f->held_why;
		d->count.held++;
		break;
	case NT_EV_RECOMMENDED:
		e.detail = f->command[0] ? f->command : NULL;
		break;
	case NT_EV_ADVICE:
		e.detail = f->advice;
		e.from = e.to = NULL;
		break;
	case NT_EV_VERIFIED:
		d->count.verified++;
		break;
	default:
		break;
	}
	daemon_audit(d, &e);
}

static void one(struct nt_daemon *d, const struct nt_finding *f, struct cycle_act *c)
{
	switch (f->kind) {
	case NT_FIND_ADVICE:
		report(d, f, NT_EV_ADVICE);
		return;
	case NT_FIND_VERIFIED:
		report(d, f, NT_EV_VERIFIED);
		return;
	case NT_FIND_ROLLBACK:
		write_change(d, f, c, true);
		return;
	case NT_FIND_ACTION:
		break;
	}
	if (!daemon_enforcing(d))
		report(d, f, NT_EV_RECOMMENDED);
	else if (f->held)
		report(d, f, NT_EV_HELD);
	else
		write_change(d, f, c, false);
}

void daemon_execute(struct nt_daemon *d)
{
	struct cycle_act c = { 0 };

	/* a failure to open is in every change's FAILED entry */
	for (size_t i = 0; i < d->step.n; i++)
		one(d, &d->step.v[i], &c);
	act_close(c.a);
}
