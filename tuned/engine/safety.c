// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The [safety] section as the engine plays it in enforce mode. Time is the
 * snapshots' monotonic timestamp; the disruptive window is read from their
 * wallclock, which is local time as the host printed it.
 */
#include "engine/engine_int.h"
#include "util/array.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct nt_knob_state *safety_knob_state(struct nt_engine *e, const struct nt_knob_id *id,
					bool create)
{
	return history_knob(e->h, id, create);
}

static unsigned int changes_within(const struct nt_history *h, double now, double span)
{
	unsigned int n = 0;

	for (size_t i = 0; i < h->n_changes; i++)
		if (now - h->changes[i] < span)
			n++;
	return n;
}

static int record_change(struct nt_history *h, double now)
{
	size_t kept = 0;

	/* only the last hour counts: a daemon running for months stays small */
	for (size_t i = 0; i < h->n_changes; i++)
		if (now - h->changes[i] < 3600)
			h->changes[kept++] = h->changes[i];
	h->n_changes = kept;
	if (array_grow(h->changes, &h->changes_cap, h->n_changes, 16) < 0)
		return -ENOMEM;
	h->changes[h->n_changes++] = now;
	return 0;
}

static const char *const gate_names[NT_GATE_COUNT] = {
	[NT_GATE_PASS] = NULL,
	[NT_GATE_PAUSED] = "paused",
	[NT_GATE_MANUAL] = "manual",
	[NT_GATE_UNSUPPORTED] = "unsupported",
	[NT_GATE_FAILED] = "failed",
	[NT_GATE_BACKOFF] = "backoff",
	[NT_GATE_VERIFY] = "verify",
	[NT_GATE_DISRUPTIVE_WINDOW] = "disruptive_window",
	[NT_GATE_IRQBALANCE] = "irqbalance",
	[NT_GATE_COOLDOWN] = "cooldown",
	[NT_GATE_MAX_CHANGES] = "max_changes_per_hour",
};

/* A hold the daemon set (model/history.h) is the gate of the same name. */
static const enum nt_gate gate_of_hold[NT_HOLD_COUNT] = {
	[NT_HOLD_NONE] = NT_GATE_PASS,
	[NT_HOLD_MANUAL] = NT_GATE_MANUAL,
	[NT_HOLD_UNSUPPORTED] = NT_GATE_UNSUPPORTED,
	[NT_HOLD_FAILED] = NT_GATE_FAILED,
};

const char *engine_gate_name(enum nt_gate g)
{
	return (unsigned int)g < NT_GATE_COUNT ? gate_names[g] : NULL;
}

/* Holds set from outside the engine (the daemon's answers), then backoff and verify. */
static enum nt_gate check_holds(struct nt_engine *e, const struct nt_interval *iv,
				const struct nt_finding *f, const struct nt_knob_state *k,
				char *why, size_t size)
{
	double now = iv->b->mono_s, left;

	if (e->paused) {
		snprintf(why, size, "nettuned is paused (nettuned resume)");
		return NT_GATE_PAUSED;
	}
	if (k->hold && (k->hold != NT_HOLD_FAILED || now < k->hold_until)) {
		if (k->hold == NT_HOLD_MANUAL)
			snprintf(why, size,
				 "changed by someone else since nettuned set it: hands off");
		else if (k->hold == NT_HOLD_UNSUPPORTED)
			snprintf(why, size, "the driver or kernel cannot change it");
		else
			snprintf(why, size, "the last attempt failed; next try in %.0f s",
				 k->hold_until - now);
		return gate_of_hold[k->hold];
	}
	left = verify_backoff_left(e, f->rule, f->entity, now);
	if (left > 0) {
		snprintf(why, size, "rule %s was rolled back for %s; backoff %.0f s left",
			 f->rule->name, f->entity[0] ? f->entity : "the host", left);
		return NT_GATE_BACKOFF;
	}
	if (k->verifying) {
		snprintf(why, size, "the last change of %s is being verified",
			 nt_knobs[f->id.knob].name);
		return NT_GATE_VERIFY;
	}
	/*
	 * One verify window at a time: the outcome counters are host- or
	 * device-wide, so a second change while one is watched would be
	 * blamed for the first one's effect (seen in the VM lab: RPS moved
	 * the backlog drops to CPU 1 and the budget raise beside it was
	 * rolled back for them).
	 */
	if (verify_open_for(e, why, size))
		return NT_GATE_VERIFY;
	return NT_GATE_PASS;
}

static enum nt_gate check(struct nt_engine *e, const struct nt_interval *iv,
			  const struct nt_finding *f, const struct nt_knob_state *k, char *why,
			  size_t size)
{
	const struct nt_safety *s = &e->policy->safety;
	double now = iv->b->mono_s;
	enum nt_gate held = check_holds(e, iv, f, k, why, size);
	bool known;

	if (held)
		return held;
	if (f->disruptive) {
		if (s->window.never) {
			snprintf(why, size,
				 "disruptive changes are off (disruptive_window = never)");
			return NT_GATE_DISRUPTIVE_WINDOW;
		}
		if (!policy_window_contains(&s->window, iv->b->wallclock, &known)) {
			if (!known)
				snprintf(why, size,
					 "the snapshot has no wallclock to check the window");
			else
				snprintf(why, size, "%s is outside the disruptive window",
					 iv->b->wallclock);
			return NT_GATE_DISRUPTIVE_WINDOW;
		}
	}
	if (f->id.knob == NT_KNOB_IRQ_AFFINITY && (iv->b->tuners & NT_TUNER_IRQBALANCE)) {
		snprintf(why, size,
			 "irqbalance is running and would move IRQ %d back; ban it first",
			 f->id.irq);
		return NT_GATE_IRQBALANCE;
	}
	if (e->h->quarantine) {
		double cooldown = policy_cooldown(e->policy, f->id.knob);

		/* what was changed before the damage is unknown: as if just now */
		if (now - e->h->quarantine_from < cooldown) {
			snprintf(why, size,
				 "the change history was lost (damaged file); every change "
				 "waits one cooldown of %.0f s, %.0f s left",
				 cooldown, cooldown - (now - e->h->quarantine_from));
			return NT_GATE_COOLDOWN;
		}
	}
	if (k->changed) {
		double cooldown = policy_cooldown(e->policy, f->id.knob);

		/*
		 * Never twice in one interval: a rollback made in this one is
		 * not in the snapshot the rules just judged.
		 */
		if (now - k->changed_at < cooldown || now <= k->changed_at) {
			snprintf(why, size, "%s changed %.0f s ago; cooldown %.0f s",
				 nt_knobs[f->id.knob].name, now - k->changed_at, cooldown);
			return NT_GATE_COOLDOWN;
		}
	}
	if (changes_within(e->h, now, 3600) >= s->max_changes_per_hour) {
		snprintf(why, size, "%u changes in the last hour (max_changes_per_hour = %u)",
			 changes_within(e->h, now, 3600), s->max_changes_per_hour);
		return NT_GATE_MAX_CHANGES;
	}
	return NT_GATE_PASS;
}

int safety_gate(struct nt_engine *e, const struct nt_interval *iv, struct nt_finding *f, size_t n)
{
	enum nt_gate held = NT_GATE_PASS;
	char why[sizeof(f->held_why)] = "";
	bool repeat = true;

	for (size_t i = 0; i < n; i++) {
		struct nt_knob_state *k = safety_knob_state(e, &f[i].id, true);

		if (!k)
			return -ENOMEM;
		if (!held)
			held = check(e, iv, &f[i], k, why, sizeof(why));
	}
	for (size_t i = 0; i < n; i++) {
		struct nt_knob_state *k = safety_knob_state(e, &f[i].id, false);

		f[i].held = held;
		snprintf(f[i].held_why, sizeof(f[i].held_why), "%s", why);
		repeat = repeat && held && k->last_held == (int)held;
		k->last_held = held;
		if (held)
			continue;
		k->before = f[i].from;
		k->applied = !e->live;
		k->changed = true;
		if (k->hold == NT_HOLD_FAILED)
			k->hold = NT_HOLD_NONE; /* a failure whose wait is over */
		k->changed_at = iv->b->mono_s;
		k->value = f[i].to;
	}
	if (held)
		return repeat;
	return record_change(e->h, iv->b->mono_s);
}

void engine_outcome(struct nt_engine *e, const struct nt_finding *f, enum nt_outcome o,
		    const struct nt_value *applied)
{
	struct nt_knob_state *k = safety_knob_state(e, &f->id, false);

	if (!k)
		return;
	if (o == NT_OUTCOME_DONE) {
		if (applied)
			verify_applied_as(e, f, applied);
		return;
	}
	history_forget(e->h, &f->id);
	switch (o) {
	case NT_OUTCOME_FAILED:
		k->hold = NT_HOLD_FAILED;
		k->hold_until = k->changed_at + policy_cooldown(e->policy, f->id.knob);
		break;
	case NT_OUTCOME_NEVER:
		k->hold = NT_HOLD_UNSUPPORTED;
		k->hold_until = 0;
		break;
	default:
		/* gone: a device that comes back starts as new, except the cooldown */
		break;
	}
}

void engine_holds(const struct nt_engine *e,
		  void (*fn)(void *user, const struct nt_knob_id *id, const char *why), void *user)
{
	for (size_t i = 0; i < e->h->n_knobs; i++) {
		const struct nt_knob_state *k = &e->h->knobs[i];

		if (k->hold)
			fn(user, &k->id, history_hold_name(k->hold));
		else if (k->verifying)
			fn(user, &k->id, "verify");
	}
}
