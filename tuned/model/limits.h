/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Sizes more than one layer holds things in. */
#ifndef NT_MODEL_LIMITS_H
#define NT_MODEL_LIMITS_H

/* a rule's name: its file name without .rule */
#define NT_RULE_NAME_MAX 64
/* `when` and `when_any` conditions of one rule, each */
#define NT_RULE_MAX_CONDS 8
/* a knob value in the `apply --to` syntax, as the engine carries it */
#define NT_VALUE_MAX 512

#endif
