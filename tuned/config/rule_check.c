// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Checks that need the whole rule file: keys given in any order, and
 * combinations (a condition's signal against the rule's scope, the action
 * against its knob). Each error points at the key's line, or at the
 * section header for what is missing.
 */
#include "config/rule_load.h"
#include "config/cfgval.h"
#include "util/cpuset.h"

#include <string.h>

/* Keys each action uses; the others are mistakes. */
static const unsigned int action_keys[] = {
	[NT_RULE_ACT_NONE] = 0,
	[NT_RULE_ACT_RAISE] = 1u << AK_KNOB | 1u << AK_STEP | 1u << AK_FACTOR | 1u << AK_CEILING,
	[NT_RULE_ACT_SET] = 1u << AK_KNOB | 1u << AK_TO,
	[NT_RULE_ACT_SPREAD_IRQS] = 1u << AK_KNOB,
	[NT_RULE_ACT_ENABLE_RPS] = 1u << AK_KNOB | 1u << AK_FLOW_CNT | 1u << AK_SOCK_FLOW_ENTRIES,
};

static const char *const placeholders[] = {
	"cpus",  "device", "from",    "to",       "knob",     "irqs",
	"queue", "queues", "irq_cpu", "ring_max", "napi_top",
};

static bool signal_fits(enum nt_scope rule, enum nt_scope sig)
{
	return sig == NT_SCOPE_HOST || sig == rule ||
	       (rule == NT_SCOPE_QUEUE && sig == NT_SCOPE_DEVICE);
}

static void check_conds(struct rule_ctx *c, const struct nt_cond *conds, unsigned int n)
{
	enum nt_scope scope = c->r->scope;

	for (unsigned int i = 0; i < n; i++) {
		const struct nt_signal_info *si = &nt_signals[conds[i].signal];

		if (signal_fits(scope, si->scope))
			continue;
		diag_add(c->diag, c->file, conds[i].line,
			 "signal '%s' is a %s signal: a %s rule may use %s signals only", si->name,
			 signal_scope_name(si->scope), signal_scope_name(scope),
			 scope == NT_SCOPE_HOST  ? "host" :
			 scope == NT_SCOPE_CPU   ? "cpu and host" :
			 scope == NT_SCOPE_QUEUE ? "queue, device and host" :
						   "device and host");
	}
}

static void check_rule_section(struct rule_ctx *c)
{
	if (!c->rule_line) {
		diag_add(c->diag, c->file, 1, "no [%s] section", "rule");
		return;
	}
	if (!c->seen[RK_SCOPE]) {
		diag_add(c->diag, c->file, c->rule_line, "missing required key '%s' in [rule]",
			 "scope");
		return;
	}
	if (c->bad[RK_SCOPE])
		return;
	if (!c->r->n_all && !c->r->n_any && !c->bad[RK_WHEN] && !c->bad[RK_WHEN_ANY])
		diag_add(c->diag, c->file, c->rule_line,
			 "no condition: [rule] needs '%s' or 'when_any'", "when");
	check_conds(c, c->r->all, c->r->n_all);
	check_conds(c, c->r->any, c->r->n_any);
}

static bool rule_uses_signal(const struct nt_rule *r, int sig)
{
	for (unsigned int i = 0; i < r->n_all; i++)
		if ((int)r->all[i].signal == sig)
			return true;
	for (unsigned int i = 0; i < r->n_any; i++)
		if ((int)r->any[i].signal == sig)
			return true;
	return false;
}

static void check_placeholder(struct rule_ctx *c, const char *name, const char *key, int line)
{
	int sig;

	for (size_t i = 0; i < sizeof(placeholders) / sizeof(placeholders[0]); i++)
		if (!strcmp(name, placeholders[i]))
			return;
	sig = signal_by_name(name);
	if (sig >= 0 && rule_uses_signal(c->r, sig))
		return;
	if (sig >= 0)
		diag_add(c->diag, c->file, line,
			 "placeholder '{%s}' in %s: the rule has no condition on %s", name, key,
			 name);
	else
		diag_add(c->diag, c->file, line, "unknown placeholder '{%s}' in %s", name, key);
}

static void check_text(struct rule_ctx *c, const char *text, const char *key, int line)
{
	const char *p = text;

	while ((p = strchr(p, '{'))) {
		const char *end = strchr(p, '}');
		char name[64];
		size_t n;

		if (!end) {
			diag_add(c->diag, c->file, line, "unclosed '{' in %s", key);
			return;
		}
		n = (size_t)(end - p - 1);
		if (n >= sizeof(name))
			n = sizeof(name) - 1;
		memcpy(name, p + 1, n);
		name[n] = '\0';
		check_placeholder(c, name, key, line);
		p = end + 1;
	}
}

static void check_to(struct rule_ctx *c)
{
	const struct nt_knob_info *k = &nt_knobs[c->r->knob];
	int line = c->seen[AK_TO];
	struct nt_cpuset cpus;
	long long n;

	switch (k->type) {
	case NT_KT_BOOL:
		if (strcmp(c->r->to, "on") && strcmp(c->r->to, "off"))
			diag_add(c->diag, c->file, line,
				 "bad value '%s' for to (%s takes on or off)", c->r->to, k->name);
		break;
	case NT_KT_NUMBER:
		if (cfgval_integer(c->r->to, &n) < 0 || n < 0)
			diag_add(c->diag, c->file, line,
				 "bad value '%s' for to (%s takes a non-negative integer)",
				 c->r->to, k->name);
		break;
	case NT_KT_CPUS:
		if (cpuset_parse_list(&cpus, c->r->to) < 0)
			diag_add(c->diag, c->file, line,
				 "bad value '%s' for to (%s takes a CPU list such as 1-3,5)",
				 c->r->to, k->name);
		else
			cpuset_format_list(&cpus, c->r->to, sizeof(c->r->to));
		break;
	}
	/* the engine sets the value, not the text */
	knob_value_parse((enum nt_knob)c->r->knob, c->r->to, &c->r->to_value);
}

/* spread-irqs and enable-rps change one knob each: name it for the engine. */
static void check_implied_knob(struct rule_ctx *c, enum nt_knob knob)
{
	if (c->seen[AK_KNOB] && !c->bad[AK_KNOB] && c->r->knob != (int)knob)
		diag_add(c->diag, c->file, c->seen[AK_KNOB], "do = %s changes %s, not '%s'",
			 rule_action_name(c->r->action), nt_knobs[knob].name,
			 nt_knobs[c->r->knob].name);
	c->r->knob = knob;
}

static void check_raise(struct rule_ctx *c)
{
	struct nt_rule *r = c->r;

	if (r->knob >= 0 && nt_knobs[r->knob].type != NT_KT_NUMBER)
		diag_add(c->diag, c->file, c->seen[AK_KNOB],
			 "do = raise needs a numeric knob, not '%s'", nt_knobs[r->knob].name);
	if (c->seen[AK_STEP] && c->seen[AK_FACTOR] && !c->bad[AK_STEP] && !c->bad[AK_FACTOR])
		diag_add(c->diag, c->file, c->seen[AK_FACTOR], "'%s' and 'step' exclude each other",
			 "factor");
	else if (!c->seen[AK_STEP] && !c->seen[AK_FACTOR])
		diag_add(c->diag, c->file, c->action_line, "do = raise needs '%s' or 'factor'",
			 "step");
}

static void check_knob_fits(struct rule_ctx *c)
{
	const struct nt_knob_info *k = &nt_knobs[c->r->knob];
	int line = c->seen[AK_KNOB] ? c->seen[AK_KNOB] : c->seen[AK_DO];

	bool dev_rule = c->r->scope == NT_SCOPE_DEVICE || c->r->scope == NT_SCOPE_QUEUE;

	if (k->where == NT_KW_HOST && dev_rule)
		diag_add(c->diag, c->file, line,
			 "knob '%s' is host-wide: only a cpu or host rule may change it", k->name);
	else if (k->where != NT_KW_HOST && !dev_rule)
		diag_add(c->diag, c->file, line,
			 "knob '%s' belongs to a device: only a device or queue rule may change it",
			 k->name);
}

static void check_action_keys(struct rule_ctx *c)
{
	for (int k = AK_KNOB; k <= AK_SOCK_FLOW_ENTRIES; k++)
		if (c->seen[k] && !(action_keys[c->r->action] & 1u << k))
			diag_add(c->diag, c->file, c->seen[k], "'%s' does not apply to do = %s",
				 rule_key_names[k], rule_action_name(c->r->action));
}

static bool check_knob_given(struct rule_ctx *c)
{
	if (c->bad[AK_KNOB])
		return false;
	if (!c->seen[AK_KNOB]) {
		diag_add(c->diag, c->file, c->action_line, "do = %s needs 'knob'",
			 rule_action_name(c->r->action));
		return false;
	}
	return true;
}

static void check_action_kind(struct rule_ctx *c)
{
	switch (c->r->action) {
	case NT_RULE_ACT_RAISE:
		if (check_knob_given(c))
			check_raise(c);
		else if (!c->seen[AK_STEP] && !c->seen[AK_FACTOR])
			diag_add(c->diag, c->file, c->action_line,
				 "do = raise needs '%s' or 'factor'", "step");
		break;
	case NT_RULE_ACT_SET:
		if (!c->seen[AK_TO])
			diag_add(c->diag, c->file, c->action_line, "do = set needs '%s'", "to");
		if (check_knob_given(c) && c->seen[AK_TO] && !c->bad[AK_TO])
			check_to(c);
		break;
	case NT_RULE_ACT_SPREAD_IRQS:
		check_implied_knob(c, NT_KNOB_IRQ_AFFINITY);
		break;
	case NT_RULE_ACT_ENABLE_RPS:
		check_implied_knob(c, NT_KNOB_RPS_CPUS);
		break;
	case NT_RULE_ACT_NONE:
		if (!c->seen[AK_ADVICE])
			diag_add(c->diag, c->file, c->action_line,
				 "do = none needs '%s' (the text to print)", "advice");
		break;
	}
}

static void check_action_section(struct rule_ctx *c)
{
	if (!c->action_line) {
		diag_add(c->diag, c->file, 1, "no [%s] section", "action");
		return;
	}
	if (!c->seen[AK_DO]) {
		diag_add(c->diag, c->file, c->action_line, "missing required key '%s' in [action]",
			 "do");
		return;
	}
	if (c->bad[AK_DO])
		return;
	check_action_keys(c);
	check_action_kind(c);
	if (c->r->action != NT_RULE_ACT_NONE && c->r->knob >= 0 && c->seen[RK_SCOPE] &&
	    !c->bad[RK_SCOPE])
		check_knob_fits(c);
}

static void check_verify(struct rule_ctx *c)
{
	const struct nt_rule *r = c->r;

	if (r->verify_signal >= 0 && !rule_uses_signal(r, r->verify_signal))
		diag_add(c->diag, c->file, c->seen[RK_VERIFY],
			 "verify = %s: the rule has no condition on it",
			 nt_signals[r->verify_signal].name);
}

void rule_check(struct rule_ctx *c)
{
	check_rule_section(c);
	check_verify(c);
	check_action_section(c);
	if (c->seen[RK_EVIDENCE] && !c->bad[RK_EVIDENCE])
		check_text(c, c->r->evidence, "evidence", c->seen[RK_EVIDENCE]);
}
