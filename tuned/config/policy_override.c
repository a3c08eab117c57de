// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * [rule NAME] sections of a policy: per-rule overrides. Whether NAME is a
 * rule and the thresholds match its conditions is known only once the
 * rules are loaded (policy_bind.c); here only the syntax is checked.
 */
#include "config/policy_load.h"
#include "config/rule_syntax.h"
#include "config/cfgval.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const override_names[OK_COUNT] = {
	[OK_ENABLED] = "enabled", [OK_SUSTAIN] = "sustain", [OK_SEVERITY] = "severity",
	[OK_STEP] = "step",       [OK_FACTOR] = "factor",   [OK_CEILING] = "ceiling",
};

static struct nt_rule_override *override_new(struct policy_ctx *c)
{
	struct nt_policy *p = c->p;
	struct nt_rule_override *v = realloc(p->overrides, (p->n_overrides + 1) * sizeof(*v));
	struct nt_rule_override *o;

	if (!v)
		return NULL;
	p->overrides = v;
	o = &v[p->n_overrides++];
	memset(o, 0, sizeof(*o));
	o->enabled = -1;
	o->sustain = -1;
	o->severity = -1;
	o->step = NAN;
	o->factor = NAN;
	o->ceiling = -1;
	return o;
}

static const struct nt_rule_override *override_find(const struct nt_policy *p, const char *name)
{
	for (size_t i = 0; i < p->n_overrides; i++)
		if (!strcmp(p->overrides[i].name, name))
			return &p->overrides[i];
	return NULL;
}

void policy_override_section(struct policy_ctx *c, const char *name, int line)
{
	const struct nt_rule_override *dup = override_find(c->p, name);
	struct nt_rule_override *o;

	c->ov = SIZE_MAX; /* keys of a bad header are skipped */
	memset(c->ov_seen, 0, sizeof(c->ov_seen));
	if (!*name) {
		diag_add(c->diag, c->file, line, "[rule] needs the rule's name: [rule NAME]");
		return;
	}
	if (!cfgval_is_name(name, NT_RULE_NAME_MAX)) {
		diag_add(c->diag, c->file, line,
			 "bad rule name '%s' (a-z, 0-9 and '-', at most %d characters)", name,
			 NT_RULE_NAME_MAX - 1);
		return;
	}
	if (dup) {
		diag_add(c->diag, c->file, line, "duplicate section [rule %s] (first on line %d)",
			 name, dup->line);
		return;
	}
	o = override_new(c);
	if (!o) {
		diag_add(c->diag, c->file, line, "out of memory");
		return;
	}
	strcpy(o->name, name);
	o->line = line;
	c->ov = c->p->n_overrides - 1;
}

static void override_threshold(struct policy_ctx *c, struct nt_rule_override *o, const char *key,
			       const char *v, int line)
{
	int sig = config_signal_lookup(key, c->diag, c->file, line);
	double t;

	if (sig < 0)
		return;
	for (unsigned int i = 0; i < o->n_thresholds; i++)
		if ((int)o->thresholds[i].signal == sig) {
			diag_add(c->diag, c->file, line, "duplicate key '%s' (first on line %d)",
				 key, o->thresholds[i].line);
			return;
		}
	if (config_threshold_parse((enum nt_signal)sig, v, &t, c->diag, c->file, line) < 0)
		return;
	if (o->n_thresholds == NT_RULE_MAX_CONDS) {
		diag_add(c->diag, c->file, line, "too many thresholds (at most %d)",
			 NT_RULE_MAX_CONDS);
		return;
	}
	o->thresholds[o->n_thresholds].signal = (enum nt_signal)sig;
	o->thresholds[o->n_thresholds].threshold = t;
	o->thresholds[o->n_thresholds++].line = line;
}

static void override_number(struct policy_ctx *c, const char *key, const char *v, int line,
			    double min, double *out, int *out_line)
{
	const char *suffix;
	double d;

	if (cfgval_number(v, &d, &suffix) < 0 || *suffix) {
		policy_bad(c, line, key, v, "a number");
		return;
	}
	if (d <= min || d > 1e9) {
		diag_add(c->diag, c->file, line, "%s = %s is out of range (more than %g)", key, v,
			 min);
		return;
	}
	*out = d;
	*out_line = line;
}

static void override_set(struct policy_ctx *c, struct nt_rule_override *o, int k, const char *v,
			 int line)
{
	const char *key = override_names[k];
	long long n;
	bool b;
	int s;

	switch (k) {
	case OK_ENABLED:
		if (cfgval_bool(v, &b) < 0)
			policy_bad(c, line, key, v, "yes or no");
		else
			o->enabled = b;
		break;
	case OK_SUSTAIN:
		if (policy_integer(c, line, key, v, 1, 1000, &n) == 0)
			o->sustain = (int)n;
		break;
	case OK_SEVERITY:
		s = rule_severity_by_name(v);
		if (s < 0)
			policy_bad(c, line, key, v, "info, warning or critical");
		else
			o->severity = s;
		break;
	case OK_STEP:
		override_number(c, key, v, line, 0, &o->step, &o->step_line);
		break;
	case OK_FACTOR:
		override_number(c, key, v, line, 1, &o->factor, &o->factor_line);
		break;
	case OK_CEILING:
		if (policy_integer(c, line, key, v, 1, 2147483647LL, &n) == 0) {
			o->ceiling = n;
			o->ceiling_line = line;
		}
		break;
	}
}

void policy_override_key(struct policy_ctx *c, const char *key, const char *v, int line)
{
	struct nt_rule_override *o;

	if (c->ov == SIZE_MAX)
		return;
	o = &c->p->overrides[c->ov];
	for (int k = 0; k < OK_COUNT; k++) {
		if (strcmp(key, override_names[k]))
			continue;
		if (c->ov_seen[k]) {
			diag_add(c->diag, c->file, line, "duplicate key '%s' (first on line %d)",
				 key, c->ov_seen[k]);
			return;
		}
		c->ov_seen[k] = line;
		override_set(c, o, k, v, line);
		return;
	}
	/* Signal names have a dot; anything else is a misspelt setting. */
	if (strchr(key, '.'))
		override_threshold(c, o, key, v, line);
	else
		diag_add(c->diag, c->file, line,
			 "unknown key '%s' in [rule %s] (expected enabled, "
			 "sustain, severity, step, factor, ceiling or a signal name)",
			 key, o->name);
}

void policy_override_check(struct policy_ctx *c)
{
	for (size_t i = 0; i < c->p->n_overrides; i++) {
		const struct nt_rule_override *o = &c->p->overrides[i];

		if (o->step_line && o->factor_line)
			diag_add(c->diag, c->file, o->factor_line,
				 "'factor' and 'step' exclude each other");
	}
}
