/* SPDX-License-Identifier: GPL-2.0-or-later */
/* State of one rule file while it is read: what rule_parse.c collects and
 * rule_check.c validates once the whole file is known. */
#ifndef NT_CONFIG_RULE_LOAD_H
#define NT_CONFIG_RULE_LOAD_H

#include <stdbool.h>

#include "util/diag.h"
#include "config/rule.h"

enum rule_key {
	RK_DESCRIPTION,
	RK_SCOPE,
	RK_SEVERITY,
	RK_SUSTAIN,
	RK_WHEN,
	RK_WHEN_ANY,
	RK_AFTER_CEILING,
	RK_EVIDENCE,
	RK_VERIFY,
	AK_DO,
	AK_KNOB,
	AK_STEP,
	AK_FACTOR,
	AK_CEILING,
	AK_TO,
	AK_FLOW_CNT,
	AK_SOCK_FLOW_ENTRIES,
	AK_DISRUPTIVE,
	AK_ADVICE,
	RK_COUNT
};

enum rule_section {
	RSEC_NONE,
	RSEC_RULE,
	RSEC_ACTION,
	RSEC_OTHER
};

struct rule_ctx {
	struct nt_rule *r;
	const char *file;
	struct nt_diag *diag;
	enum rule_section sec;
	int rule_line, action_line; /* section headers, 0 absent */
	int seen[RK_COUNT];         /* line a key was (last) set on, 0 never */
	bool bad[RK_COUNT];         /* its value was rejected (and reported) */
};

extern const char *const rule_key_names[RK_COUNT];

/* The key handler and section handler for inifile.h. */
void rule_on_section(void *user, const char *name, int line);
void rule_on_key(void *user, const char *section, const char *key, const char *value, int line);
/* Whole-file checks: required keys, scopes, action, placeholders. */
void rule_check(struct rule_ctx *c);

#endif
