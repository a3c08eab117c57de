/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Parsing helpers shared by the rule and policy loaders. */
#ifndef NT_CONFIG_RULE_SYNTAX_H
#define NT_CONFIG_RULE_SYNTAX_H

#include "util/diag.h"
#include "config/rule.h"

#define NT_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* -1 when @s is none of the words. */
int rule_severity_by_name(const char *s);
int rule_action_by_name(const char *s);
int rule_scope_by_name(const char *s);
/* Reads an operator at *pp and moves past it; -1 when there is none. */
int rule_cmp_scan(const char **pp);

/*
 * A threshold for @sig: a number with no suffix or the signal's own unit
 * ("20%", "5/s"). On error says why in @diag and returns -EINVAL.
 */
int config_threshold_parse(enum nt_signal sig, const char *s, double *out, struct nt_diag *diag,
			   const char *file, int line);

/* A signal name; reports "unknown signal" and returns -1 if it is none. */
int config_signal_lookup(const char *name, struct nt_diag *diag, const char *file, int line);
/* Likewise for knobs. */
int config_knob_lookup(const char *name, struct nt_diag *diag, const char *file, int line);

#endif
