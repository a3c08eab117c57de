// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The policy meets the rules: [rule NAME] overrides and [ceilings] are
 * checked against the loaded rules, then written into them. Everything is
 * checked before anything is written, so a bad policy leaves the rules
 * exactly as loaded.
 */
#include "config/policy.h"

#include <errno.h>
#include <math.h>
#include <string.h>

static struct nt_rule *rule_find(struct nt_ruleset *rs, const char *name)
{
	for (size_t i = 0; i < rs->n; i++)
		if (!strcmp(rs->rules[i].name, name))
			return &rs->rules[i];
	return NULL;
}

static bool rule_has_signal(const struct nt_rule *r, enum nt_signal sig)
{
	for (unsigned int i = 0; i < r->n_all; i++)
		if (r->all[i].signal == sig)
			return true;
	for (unsigned int i = 0; i < r->n_any; i++)
		if (r->any[i].signal == sig)
			return true;
	return false;
}

static void check_raise_key(const struct nt_policy *p, const struct nt_rule *r, int line,
			    const char *key, struct nt_diag *diag)
{
	if (line && r->action != NT_RULE_ACT_RAISE)
		diag_add(diag, p->file, line,
			 "'%s' does not apply: rule '%s' does not raise a knob (do = %s)", key,
			 r->name, rule_action_name(r->action));
}

static void check_override(const struct nt_policy *p, const struct nt_rule_override *o,
			   const struct nt_rule *r, struct nt_diag *diag)
{
	for (unsigned int i = 0; i < o->n_thresholds; i++)
		if (!rule_has_signal(r, o->thresholds[i].signal))
			diag_add(diag, p->file, o->thresholds[i].line,
				 "rule '%s' has no condition on '%s'", r->name,
				 nt_signals[o->thresholds[i].signal].name);
	check_raise_key(p, r, o->step_line, "step", diag);
	check_raise_key(p, r, o->factor_line, "factor", diag);
	check_raise_key(p, r, o->ceiling_line, "ceiling", diag);
}

static void set_thresholds(struct nt_cond *conds, unsigned int n, enum nt_signal sig, double t)
{
	for (unsigned int i = 0; i < n; i++)
		if (conds[i].signal == sig)
			conds[i].threshold = t;
}

static void apply_override(const struct nt_rule_override *o, struct nt_rule *r)
{
	if (o->sustain > 0)
		r->sustain = (unsigned int)o->sustain;
	if (o->severity >= 0)
		r->severity = (enum nt_severity)o->severity;
	if (!isnan(o->step)) {
		r->step = o->step;
		r->factor = 0;
	}
	if (!isnan(o->factor)) {
		r->factor = o->factor;
		r->step = 0;
	}
	if (o->ceiling > 0)
		r->ceiling = o->ceiling;
	for (unsigned int i = 0; i < o->n_thresholds; i++) {
		set_thresholds(r->all, r->n_all, o->thresholds[i].signal,
			       o->thresholds[i].threshold);
		set_thresholds(r->any, r->n_any, o->thresholds[i].signal,
			       o->thresholds[i].threshold);
	}
}

/* [ceilings] replaces the rule file's ceiling; [rule NAME] ceiling wins over both. */
static void apply_ceilings(const struct nt_policy *p, struct nt_ruleset *rs)
{
	for (size_t i = 0; i < rs->n; i++) {
		struct nt_rule *r = &rs->rules[i];

		if (r->action == NT_RULE_ACT_RAISE && r->knob >= 0 && p->ceiling[r->knob] > 0)
			r->ceiling = p->ceiling[r->knob];
	}
}

static void remove_disabled(const struct nt_policy *p, struct nt_ruleset *rs)
{
	size_t n = 0;

	for (size_t i = 0; i < rs->n; i++) {
		bool off = false;

		for (size_t j = 0; j < p->n_overrides; j++)
			if (p->overrides[j].enabled == 0 &&
			    !strcmp(p->overrides[j].name, rs->rules[i].name))
				off = true;
		if (!off)
			rs->rules[n++] = rs->rules[i];
	}
	rs->n = n;
}

int policy_bind(struct nt_policy *p, struct nt_ruleset *rs, struct nt_diag *diag)
{
	size_t before = diag->errors;

	for (size_t i = 0; i < p->n_overrides; i++) {
		const struct nt_rule_override *o = &p->overrides[i];
		const struct nt_rule *r = rule_find(rs, o->name);

		if (!r)
			diag_add(diag, p->file, o->line,
				 "unknown rule '%s' (no %s.rule in the rule directories)", o->name,
				 o->name);
		else
			check_override(p, o, r, diag);
	}
	if (diag->errors != before)
		return -EINVAL;
	apply_ceilings(p, rs);
	for (size_t i = 0; i < p->n_overrides; i++)
		apply_override(&p->overrides[i], rule_find(rs, p->overrides[i].name));
	remove_disabled(p, rs);
	return 0;
}
