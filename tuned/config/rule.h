/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Rules are data: one INI file per rule, NAME.rule, read with inih. The
 * syntax (also in rules/README.md):
 *
 *   [rule]
 *   description = one line for humans
 *   scope       = cpu | device | host
 *   severity    = info | warning | critical
 *   sustain     = 3                  ; consecutive intervals, optional
 *   when        = SIGNAL OP NUMBER   ; every `when` must hold (repeatable)
 *   when_any    = SIGNAL OP NUMBER   ; and at least one `when_any` (repeatable)
 *   after_ceiling = KNOB             ; only once KNOB reached its ceiling
 *   evidence    = text with {placeholders}
 *   verify      = SIGNAL             ; the condition the daemon's verify
 *                                    ; window judges a change by (default:
 *                                    ; the first `when` on a rate or share)
 *
 *   [action]
 *   do         = raise | set | spread-irqs | enable-rps | none
 *   knob       = KNOB                ; raise, set
 *   step       = 300                 ; raise: add this much, or
 *   factor     = 2                   ; raise: multiply by this
 *   ceiling    = 2000                ; raise: never above
 *   to         = off                 ; set: the value
 *   flow_cnt   = 4096                ; enable-rps: rps_flow_cnt per queue
 *   sock_flow_entries = 32768        ; enable-rps: the global table
 *   disruptive = yes | no
 *   advice     = text when no automatic fix applies
 *
 * OP is one of > >= < <= == !=. Numbers may carry the signal's unit
 * ("20%", "5/s"); a unit that is not the signal's is an error.
 */
#ifndef NT_RULE_H
#define NT_RULE_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

#include "model/knob.h"
#include "model/knob_value.h"
#include "model/limits.h"
#include "model/signal.h"

#define NT_RULE_TEXT_MAX 512

enum nt_cmp {
	NT_CMP_GT,
	NT_CMP_GE,
	NT_CMP_LT,
	NT_CMP_LE,
	NT_CMP_EQ,
	NT_CMP_NE
};

enum nt_severity {
	NT_SEV_INFO,
	NT_SEV_WARNING,
	NT_SEV_CRITICAL
};

enum nt_action {
	NT_RULE_ACT_NONE,        /* advice only */
	NT_RULE_ACT_RAISE,       /* numeric knob up by step or factor, bounded */
	NT_RULE_ACT_SET,         /* knob to a fixed value */
	NT_RULE_ACT_SPREAD_IRQS, /* irq.affinity: one CPU per queue IRQ */
	NT_RULE_ACT_ENABLE_RPS,  /* rps.cpus (+ rps.flow_cnt, rps_sock_flow_entries) */
};

struct nt_cond {
	enum nt_signal signal;
	enum nt_cmp op;
	double threshold; /* in the signal's unit (percent as 0..100) */
	int line;
};

struct nt_rule {
	char name[NT_RULE_NAME_MAX]; /* file name without .rule */
	char file[PATH_MAX];
	char description[160];
	enum nt_scope scope;
	enum nt_severity severity;
	unsigned int sustain; /* 0: the policy's [safety] sustain */
	struct nt_cond all[NT_RULE_MAX_CONDS];
	unsigned int n_all;
	struct nt_cond any[NT_RULE_MAX_CONDS];
	unsigned int n_any;
	int after_ceiling; /* enum nt_knob, -1 none */
	int verify_signal; /* enum nt_signal, -1: the first rate or share */
	char evidence[NT_RULE_TEXT_MAX];

	enum nt_action action;
	int knob;                    /* enum nt_knob, -1 none */
	double step;                 /* raise: additive, 0 none */
	double factor;               /* raise: multiplicative, 0 none */
	long long ceiling;           /* raise: -1 none */
	char to[32];                 /* set: as written (canonical CPU list) */
	struct nt_value to_value;    /* ... and as the knob's value */
	long long flow_cnt;          /* enable-rps, default 4096 */
	long long sock_flow_entries; /* enable-rps, default 32768 */
	bool disruptive;
	char advice[NT_RULE_TEXT_MAX];
};

struct nt_ruleset {
	struct nt_rule *rules; /* sorted by name */
	size_t n;
};

const char *rule_severity_name(enum nt_severity sev);
const char *rule_action_name(enum nt_action act);
const char *rule_cmp_name(enum nt_cmp op);
bool rule_cmp_holds(enum nt_cmp op, double value, double threshold);

#endif
