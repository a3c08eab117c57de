// SPDX-License-Identifier: GPL-2.0-or-later
/* The words of rule files, both ways. */
#include "config/rule.h"
#include "config/rule_syntax.h"

#include <string.h>

static const char *const severities[] = {
	[NT_SEV_INFO] = "info",
	[NT_SEV_WARNING] = "warning",
	[NT_SEV_CRITICAL] = "critical",
};

static const char *const actions[] = {
	[NT_RULE_ACT_NONE] = "none",
	[NT_RULE_ACT_RAISE] = "raise",
	[NT_RULE_ACT_SET] = "set",
	[NT_RULE_ACT_SPREAD_IRQS] = "spread-irqs",
	[NT_RULE_ACT_ENABLE_RPS] = "enable-rps",
};

/* Two-character operators first, so that ">=" is not read as ">". */
static const struct {
	const char *text;
	enum nt_cmp op;
} cmps[] = {
	{ ">=", NT_CMP_GE }, { "<=", NT_CMP_LE }, { "==", NT_CMP_EQ },
	{ "!=", NT_CMP_NE }, { ">", NT_CMP_GT },  { "<", NT_CMP_LT },
};

static const char *const scopes[] = {
	[NT_SCOPE_HOST] = "host",
	[NT_SCOPE_CPU] = "cpu",
	[NT_SCOPE_DEVICE] = "device",
	[NT_SCOPE_QUEUE] = "queue",
};

static int word_index(const char *const *words, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(words[i], s))
			return (int)i;
	return -1;
}

const char *rule_severity_name(enum nt_severity sev)
{
	return (unsigned int)sev < NT_ARRAY_LEN(severities) ? severities[sev] : "?";
}

const char *rule_action_name(enum nt_action act)
{
	return (unsigned int)act < NT_ARRAY_LEN(actions) ? actions[act] : "?";
}

const char *rule_cmp_name(enum nt_cmp op)
{
	for (size_t i = 0; i < NT_ARRAY_LEN(cmps); i++)
		if (cmps[i].op == op)
			return cmps[i].text;
	return "?";
}

bool rule_cmp_holds(enum nt_cmp op, double value, double threshold)
{
	switch (op) {
	case NT_CMP_GT:
		return value > threshold;
	case NT_CMP_GE:
		return value >= threshold;
	case NT_CMP_LT:
		return value < threshold;
	case NT_CMP_LE:
		return value <= threshold;
	case NT_CMP_EQ:
		return value == threshold;
	case NT_CMP_NE:
		return value != threshold;
	}
	return false;
}

int rule_severity_by_name(const char *s)
{
	return word_index(severities, NT_ARRAY_LEN(severities), s);
}

int rule_action_by_name(const char *s)
{
	return word_index(actions, NT_ARRAY_LEN(actions), s);
}

int rule_scope_by_name(const char *s)
{
	return word_index(scopes, NT_ARRAY_LEN(scopes), s);
}

int rule_cmp_scan(const char **pp)
{
	for (size_t i = 0; i < NT_ARRAY_LEN(cmps); i++) {
		size_t n = strlen(cmps[i].text);

		if (!strncmp(*pp, cmps[i].text, n)) {
			*pp += n;
			return (int)cmps[i].op;
		}
	}
	return -1;
}
