// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A reload (SIGHUP) builds a new engine for the new rules and policy. What
 * the safety section counts must survive it, or a reload would reset the
 * hourly budget and every cooldown: the change times, the knob states
 * (cooldowns, holds, manual) and the open verify windows and backoffs,
 * whose rules are found again by name. Sustain counts start again: the
 * thresholds may have changed.
 *
 * A renamed device (udev, `ip link set name`) keeps its history the same
 * way: knob states, verify windows and backoffs follow the new name.
 */
#include "engine/engine_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct nt_rule *rule_named(const struct nt_ruleset *rs, const char *name)
{
	for (size_t i = 0; i < rs->n; i++)
		if (!strcmp(rs->rules[i].name, name))
			return &rs->rules[i];
	return NULL;
}

/* The condition of the same place in the new rule, when it is the same signal. */
static const struct nt_cond *same_cond(const struct nt_rule *old, const struct nt_cond *c,
				       const struct nt_rule *nw)
{
	const struct nt_cond *n = NULL;

	if (c >= old->all && c < old->all + NT_RULE_MAX_CONDS)
		n = &nw->all[c - old->all];
	else if (c >= old->any && c < old->any + NT_RULE_MAX_CONDS)
		n = &nw->any[c - old->any];
	return n && n->signal == c->signal ? n : NULL;
}

static void carry_verifies(struct nt_engine *to, struct nt_engine *from)
{
	size_t kept = 0;

	for (size_t i = 0; i < from->n_verifies; i++) {
		struct nt_verify *v = &from->verifies[i];
		const struct nt_rule *r = rule_named(to->rules, v->rule->name);
		const struct nt_cond *c = r ? same_cond(v->rule, v->cond, r) : NULL;

		if (!c) {
			/* the rule is gone or judges by something else now: the change stands */
			for (size_t k = 0; k < v->n_changes; k++)
				engine_forget(from, v->changes[k].knob, v->changes[k].device,
					      v->changes[k].irq >= 0 ? v->changes[k].irq
								     : v->changes[k].queue);
			free(v->changes);
			continue;
		}
		v->rule = r;
		v->cond = c;
		from->verifies[kept++] = *v;
	}
	to->verifies = from->verifies;
	to->n_verifies = kept;
	to->verifies_cap = from->verifies_cap;
	from->verifies = NULL;
	from->n_verifies = from->verifies_cap = 0;
}

static void carry_backoffs(struct nt_engine *to, struct nt_engine *from)
{
	size_t kept = 0;

	for (size_t i = 0; i < from->n_backoffs; i++) {
		struct nt_backoff *b = &from->backoffs[i];

		b->rule = rule_named(to->rules, b->rule->name);
		if (b->rule)
			from->backoffs[kept++] = *b;
	}
	to->backoffs = from->backoffs;
	to->n_backoffs = kept;
	to->backoffs_cap = from->backoffs_cap;
	from->backoffs = NULL;
	from->n_backoffs = from->backoffs_cap = 0;
}

void engine_carry(struct nt_engine *to, struct nt_engine *from)
{
	carry_verifies(to, from);
	free(to->knobs);
	to->knobs = from->knobs;
	to->n_knobs = from->n_knobs;
	to->knobs_cap = from->knobs_cap;
	from->knobs = NULL;
	from->n_knobs = from->knobs_cap = 0;
	free(to->changes);
	to->changes = from->changes;
	to->n_changes = from->n_changes;
	to->changes_cap = from->changes_cap;
	from->changes = NULL;
	from->n_changes = from->changes_cap = 0;
	carry_backoffs(to, from);
	to->live = from->live;
	to->paused = from->paused;
}

static void rename_in(char *name, size_t size, const char *from, const char *to)
{
	if (!strcmp(name, from))
		snprintf(name, size, "%s", to);
}

void engine_rename(struct nt_engine *e, const char *from, const char *to)
{
	for (size_t i = 0; i < e->n_knobs; i++)
		rename_in(e->knobs[i].device, sizeof(e->knobs[i].device), from, to);
	for (size_t i = 0; i < e->n_verifies; i++) {
		struct nt_verify *v = &e->verifies[i];

		rename_in(v->entity, sizeof(v->entity), from, to);
		for (size_t c = 0; c < v->n_changes; c++)
			rename_in(v->changes[c].device, sizeof(v->changes[c].device), from, to);
	}
	for (size_t i = 0; i < e->n_backoffs; i++)
		rename_in(e->backoffs[i].entity, sizeof(e->backoffs[i].entity), from, to);
}
