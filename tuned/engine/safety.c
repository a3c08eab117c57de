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

struct nt_knob_state *knob_state(struct nt_engine *e, int knob, const char *dev, int index,
				 bool create)
{
	struct nt_knob_state *k;

	for (size_t i = 0; i < e->n_knobs; i++) {
		k = &e->knobs[i];
		if (k->knob == knob && k->index == index && !strcmp(k->device, dev))
			return k;
	}
	if (!create)
		return NULL;
	if (array_grow((void **)&e->knobs, &e->knobs_cap, e->n_knobs, sizeof(*k), 16) < 0)
		return NULL;
	k = &e->knobs[e->n_knobs++];
	memset(k, 0, sizeof(*k));
	k->knob = knob;
	k->index = index;
	snprintf(k->device, sizeof(k->device), "%s", dev);
	return k;
}

static unsigned int changes_within(const struct nt_engine *e, double now, double span)
{
	unsigned int n = 0;

	for (size_t i = 0; i < e->n_changes; i++)
		if (now - e->changes[i] < span)
			n++;
	return n;
}

static int record_change(struct nt_engine *e, double now)
{
	if (array_grow((void **)&e->changes, &e->changes_cap, e->n_changes, sizeof(double), 16) < 0)
		return -ENOMEM;
	e->changes[e->n_changes++] = now;
	return 0;
}

static const char *check(struct nt_engine *e, const struct nt_interval *iv,
			 const struct nt_finding *f, const struct nt_knob_state *k,
			 char *why, size_t size)
{
	const struct nt_safety *s = &e->policy->safety;
	double now = iv->b->mono_s;
	bool known;

	if (f->disruptive) {
		if (s->window.never) {
			snprintf(why, size, "disruptive changes are off (disruptive_window = never)");
			return "window";
		}
		if (!window_contains(&s->window, iv->b->wallclock, &known)) {
			if (!known)
				snprintf(why, size, "the snapshot has no wallclock to check the window");
			else
				snprintf(why, size, "%s is outside the disruptive window",
					 iv->b->wallclock);
			return "window";
		}
	}
	if (f->knob == NT_KNOB_IRQ_AFFINITY && (iv->b->tuners & NT_TUNER_IRQBALANCE)) {
		snprintf(why, size, "irqbalance is running and would move IRQ %d back; ban it first",
			 f->irq);
		return "irqbalance";
	}
	if (k && k->applied) {
		double cooldown = policy_cooldown(e->policy, (enum nt_knob)f->knob);

		if (now - k->changed_at < cooldown) {
			snprintf(why, size, "%s changed %.0f s ago; cooldown %.0f s",
				 nt_knobs[f->knob].name, now - k->changed_at, cooldown);
			return "cooldown";
		}
	}
	if (changes_within(e, now, 3600) >= s->max_changes_per_hour) {
		snprintf(why, size, "%u changes in the last hour (max_changes_per_hour = %u)",
			 changes_within(e, now, 3600), s->max_changes_per_hour);
		return "rate";
	}
	return NULL;
}

int safety_gate(struct nt_engine *e, const struct nt_interval *iv, struct nt_finding *f,
		size_t n)
{
	const char *held = NULL;
	char why[sizeof(f->held_why)] = "";
	bool repeat = true;

	for (size_t i = 0; i < n; i++) {
		int index = f[i].irq >= 0 ? f[i].irq : f[i].queue;
		struct nt_knob_state *k = knob_state(e, f[i].knob, f[i].device, index, true);

		if (!k)
			return -ENOMEM;
		if (!held)
			held = check(e, iv, &f[i], k, why, sizeof(why));
	}
	for (size_t i = 0; i < n; i++) {
		int index = f[i].irq >= 0 ? f[i].irq : f[i].queue;
		struct nt_knob_state *k = knob_state(e, f[i].knob, f[i].device, index, false);

		f[i].held = held;
		snprintf(f[i].held_why, sizeof(f[i].held_why), "%s", why);
		repeat = repeat && held && k->last_held == held;
		k->last_held = held;
		if (held)
			continue;
		snprintf(k->before, sizeof(k->before), "%s", f[i].from);
		k->applied = true;
		k->changed_at = iv->b->mono_s;
		snprintf(k->value, sizeof(k->value), "%s", f[i].to);
	}
	if (held)
		return repeat;
	return record_change(e, iv->b->mono_s);
}
