// SPDX-License-Identifier: GPL-2.0-or-later
/* One key of a rule file at a time; rule_check.c sees the whole. */
#include "config/rule_load.h"
#include "config/rule_syntax.h"
#include "config/cfgval.h"

#include <errno.h>
#include <string.h>

#define RULE_MAX_CEILING 2147483647LL /* sysctls and ethtool values are ints */
#define RULE_MAX_FLOWS (1LL << 29)    /* the kernel's rps table limit */

typedef void (*rule_key_fn)(struct rule_ctx *c, const char *v, int line);

struct rule_key_desc {
	enum rule_section sec;
	bool repeat;
	rule_key_fn parse;
};

const char *const rule_key_names[RK_COUNT] = {
	[RK_DESCRIPTION] = "description",
	[RK_SCOPE] = "scope",
	[RK_SEVERITY] = "severity",
	[RK_SUSTAIN] = "sustain",
	[RK_WHEN] = "when",
	[RK_WHEN_ANY] = "when_any",
	[RK_AFTER_CEILING] = "after_ceiling",
	[RK_EVIDENCE] = "evidence",
	[RK_VERIFY] = "verify",
	[AK_DO] = "do",
	[AK_KNOB] = "knob",
	[AK_STEP] = "step",
	[AK_FACTOR] = "factor",
	[AK_CEILING] = "ceiling",
	[AK_TO] = "to",
	[AK_FLOW_CNT] = "flow_cnt",
	[AK_SOCK_FLOW_ENTRIES] = "sock_flow_entries",
	[AK_DISRUPTIVE] = "disruptive",
	[AK_ADVICE] = "advice",
};

static void rerr_bad(struct rule_ctx *c, int line, const char *key, const char *v,
		     const char *expected)
{
	diag_add(c->diag, c->file, line, "bad value '%s' for %s (expected %s)", v, key, expected);
}

static int integer_in(struct rule_ctx *c, int line, const char *key, const char *v, long long min,
		      long long max, long long *out)
{
	if (cfgval_integer(v, out) < 0) {
		rerr_bad(c, line, key, v, "an integer");
		return -EINVAL;
	}
	if (*out < min || *out > max) {
		diag_add(c->diag, c->file, line, "%s = %s is out of range (%lld to %lld)", key, v,
			 min, max);
		return -EINVAL;
	}
	return 0;
}

static void text_into(struct rule_ctx *c, int line, const char *key, const char *v, char *dst,
		      size_t size)
{
	if (cfgval_text(dst, size, v) < 0)
		diag_add(c->diag, c->file, line, "%s is too long (at most %zu characters)", key,
			 size - 1);
}

static void parse_description(struct rule_ctx *c, const char *v, int line)
{
	text_into(c, line, "description", v, c->r->description, sizeof(c->r->description));
}

static void parse_evidence(struct rule_ctx *c, const char *v, int line)
{
	text_into(c, line, "evidence", v, c->r->evidence, sizeof(c->r->evidence));
}

static void parse_advice(struct rule_ctx *c, const char *v, int line)
{
	text_into(c, line, "advice", v, c->r->advice, sizeof(c->r->advice));
}

static void parse_scope(struct rule_ctx *c, const char *v, int line)
{
	int s = rule_scope_by_name(v);

	if (s < 0)
		rerr_bad(c, line, "scope", v, "cpu, device, queue or host");
	else
		c->r->scope = (enum nt_scope)s;
}

static void parse_severity(struct rule_ctx *c, const char *v, int line)
{
	int s = rule_severity_by_name(v);

	if (s < 0)
		rerr_bad(c, line, "severity", v, "info, warning or critical");
	else
		c->r->severity = (enum nt_severity)s;
}

static void parse_sustain(struct rule_ctx *c, const char *v, int line)
{
	long long n;

	if (integer_in(c, line, "sustain", v, 1, 1000, &n) == 0)
		c->r->sustain = (unsigned int)n;
}

static int scan_cond(struct rule_ctx *c, const char *v, int line, struct nt_cond *cond)
{
	size_t n = strspn(v, "abcdefghijklmnopqrstuvwxyz0123456789._");
	const char *p = v + n;
	char name[64];
	int sig, op;

	p += strspn(p, " \t");
	op = n && n < sizeof(name) ? rule_cmp_scan(&p) : -1;
	if (op < 0) {
		diag_add(
			c->diag, c->file, line,
			"bad condition '%s' (expected SIGNAL OP NUMBER, OP one of > >= < <= == !=)",
			v);
		return -EINVAL;
	}
	memcpy(name, v, n);
	name[n] = '\0';
	sig = config_signal_lookup(name, c->diag, c->file, line);
	if (sig < 0)
		return -EINVAL;
	p += strspn(p, " \t");
	if (config_threshold_parse((enum nt_signal)sig, p, &cond->threshold, c->diag, c->file,
				   line) < 0)
		return -EINVAL;
	cond->signal = (enum nt_signal)sig;
	cond->op = (enum nt_cmp)op;
	cond->line = line;
	return 0;
}

static void add_cond(struct rule_ctx *c, const char *key, const char *v, int line,
		     struct nt_cond *conds, unsigned int *n)
{
	struct nt_cond cond;

	if (scan_cond(c, v, line, &cond) < 0)
		return;
	if (*n == NT_RULE_MAX_CONDS) {
		diag_add(c->diag, c->file, line, "too many '%s' conditions (at most %d)", key,
			 NT_RULE_MAX_CONDS);
		return;
	}
	conds[(*n)++] = cond;
}

static void parse_when(struct rule_ctx *c, const char *v, int line)
{
	add_cond(c, "when", v, line, c->r->all, &c->r->n_all);
}

static void parse_when_any(struct rule_ctx *c, const char *v, int line)
{
	add_cond(c, "when_any", v, line, c->r->any, &c->r->n_any);
}

/* Which condition tells a change worked; rule_check() sees that the rule has one on it. */
static void parse_verify(struct rule_ctx *c, const char *v, int line)
{
	int sig = config_signal_lookup(v, c->diag, c->file, line);

	if (sig >= 0)
		c->r->verify_signal = sig;
}

static void parse_after_ceiling(struct rule_ctx *c, const char *v, int line)
{
	int k = config_knob_lookup(v, c->diag, c->file, line);

	if (k < 0)
		return;
	if (nt_knobs[k].type != NT_KT_NUMBER) {
		diag_add(c->diag, c->file, line, "after_ceiling needs a numeric knob, not '%s'", v);
		return;
	}
	c->r->after_ceiling = k;
}

static void parse_do(struct rule_ctx *c, const char *v, int line)
{
	int a = rule_action_by_name(v);

	if (a < 0)
		diag_add(
			c->diag, c->file, line,
			"unknown action '%s' (expected raise, set, spread-irqs, enable-rps or none)",
			v);
	else
		c->r->action = (enum nt_action)a;
}

static void parse_knob(struct rule_ctx *c, const char *v, int line)
{
	c->r->knob = config_knob_lookup(v, c->diag, c->file, line);
}

static void parse_positive(struct rule_ctx *c, const char *key, const char *v, int line, double min,
			   double *out)
{
	const char *suffix;
	double d;

	if (cfgval_number(v, &d, &suffix) < 0 || *suffix) {
		rerr_bad(c, line, key, v, "a number");
		return;
	}
	if (d <= min || d > 1e9) {
		diag_add(c->diag, c->file, line, "%s = %s is out of range (more than %g)", key, v,
			 min);
		return;
	}
	*out = d;
}

static void parse_step(struct rule_ctx *c, const char *v, int line)
{
	parse_positive(c, "step", v, line, 0, &c->r->step);
}

static void parse_factor(struct rule_ctx *c, const char *v, int line)
{
	parse_positive(c, "factor", v, line, 1, &c->r->factor);
}

static void parse_ceiling(struct rule_ctx *c, const char *v, int line)
{
	integer_in(c, line, "ceiling", v, 1, RULE_MAX_CEILING, &c->r->ceiling);
}

static void parse_to(struct rule_ctx *c, const char *v, int line)
{
	text_into(c, line, "to", v, c->r->to, sizeof(c->r->to));
}

static void parse_flow_cnt(struct rule_ctx *c, const char *v, int line)
{
	integer_in(c, line, "flow_cnt", v, 1, RULE_MAX_FLOWS, &c->r->flow_cnt);
}

static void parse_sock_flow_entries(struct rule_ctx *c, const char *v, int line)
{
	integer_in(c, line, "sock_flow_entries", v, 1, RULE_MAX_FLOWS, &c->r->sock_flow_entries);
}

static void parse_disruptive(struct rule_ctx *c, const char *v, int line)
{
	if (cfgval_bool(v, &c->r->disruptive) < 0)
		rerr_bad(c, line, "disruptive", v, "yes or no");
}

static const struct rule_key_desc rule_keys[RK_COUNT] = {
	[RK_DESCRIPTION] = { RSEC_RULE, false, parse_description },
	[RK_SCOPE] = { RSEC_RULE, false, parse_scope },
	[RK_SEVERITY] = { RSEC_RULE, false, parse_severity },
	[RK_SUSTAIN] = { RSEC_RULE, false, parse_sustain },
	[RK_WHEN] = { RSEC_RULE, true, parse_when },
	[RK_WHEN_ANY] = { RSEC_RULE, true, parse_when_any },
	[RK_AFTER_CEILING] = { RSEC_RULE, false, parse_after_ceiling },
	[RK_EVIDENCE] = { RSEC_RULE, false, parse_evidence },
	[RK_VERIFY] = { RSEC_RULE, false, parse_verify },
	[AK_DO] = { RSEC_ACTION, false, parse_do },
	[AK_KNOB] = { RSEC_ACTION, false, parse_knob },
	[AK_STEP] = { RSEC_ACTION, false, parse_step },
	[AK_FACTOR] = { RSEC_ACTION, false, parse_factor },
	[AK_CEILING] = { RSEC_ACTION, false, parse_ceiling },
	[AK_TO] = { RSEC_ACTION, false, parse_to },
	[AK_FLOW_CNT] = { RSEC_ACTION, false, parse_flow_cnt },
	[AK_SOCK_FLOW_ENTRIES] = { RSEC_ACTION, false, parse_sock_flow_entries },
	[AK_DISRUPTIVE] = { RSEC_ACTION, false, parse_disruptive },
	[AK_ADVICE] = { RSEC_ACTION, false, parse_advice },
};

static int rule_key_find(enum rule_section sec, const char *key)
{
	for (int k = 0; k < RK_COUNT; k++)
		if (rule_keys[k].sec == sec && !strcmp(rule_key_names[k], key))
			return k;
	return -1;
}

static int *section_line(struct rule_ctx *c, enum rule_section sec)
{
	return sec == RSEC_RULE ? &c->rule_line : &c->action_line;
}

void rule_on_section(void *user, const char *name, int line)
{
	struct rule_ctx *c = user;
	int *first;

	c->sec = !strcmp(name, "rule")   ? RSEC_RULE :
		 !strcmp(name, "action") ? RSEC_ACTION :
					   RSEC_OTHER;
	if (c->sec == RSEC_OTHER) {
		diag_add(c->diag, c->file, line,
			 "unknown section [%s] (a rule file has [rule] and [action])", name);
		return;
	}
	first = section_line(c, c->sec);
	if (*first)
		diag_add(c->diag, c->file, line, "duplicate section [%s] (first on line %d)", name,
			 *first);
	else
		*first = line;
}

void rule_on_key(void *user, const char *section, const char *key, const char *value, int line)
{
	struct rule_ctx *c = user;
	size_t before;
	int k;

	if (!section) {
		diag_add(c->diag, c->file, line, "key '%s' outside any section", key);
		return;
	}
	if (c->sec == RSEC_OTHER)
		return; /* the section header was reported */
	k = rule_key_find(c->sec, key);
	if (k < 0) {
		diag_add(c->diag, c->file, line, "unknown key '%s' in [%s]", key, section);
		return;
	}
	if (c->seen[k] && !rule_keys[k].repeat) {
		diag_add(c->diag, c->file, line, "duplicate key '%s' (first on line %d)", key,
			 c->seen[k]);
		return;
	}
	before = c->diag->errors;
	c->seen[k] = line;
	rule_keys[k].parse(c, value, line);
	c->bad[k] |= c->diag->errors != before;
}
