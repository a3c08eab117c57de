/* SPDX-License-Identifier: GPL-2.0-or-later */
/* State of a policy file while it is read, shared by the section parsers. */
#ifndef NT_CONFIG_POLICY_LOAD_H
#define NT_CONFIG_POLICY_LOAD_H

#include "config/policy.h"

enum policy_section {
	PSEC_NONE,
	PSEC_GENERAL,
	PSEC_INTERFACES,
	PSEC_CPUS,
	PSEC_CEILINGS,
	PSEC_SAFETY,
	PSEC_RULE,
	PSEC_OTHER,
};

enum policy_key {
	PK_MODE,
	PK_INTERVAL,
	PK_RULES,
	PK_INCLUDE,
	PK_EXCLUDE,
	PK_EXCLUDE_VIRTUAL,
	PK_ALLOW,
	PK_SUSTAIN,
	PK_COOLDOWN,
	PK_MAX_CHANGES,
	PK_WINDOW,
	PK_VERIFY,
	PK_ROLLBACK,
	PK_RESTORE,
	PK_BACKOFF,
	PK_METRICS,
	PK_BPF,
	PK_COUNT
};

enum policy_override_key {
	OK_ENABLED,
	OK_SUSTAIN,
	OK_SEVERITY,
	OK_STEP,
	OK_FACTOR,
	OK_CEILING,
	OK_COUNT
};

struct policy_ctx {
	struct nt_policy *p;
	const char *file;
	struct nt_diag *diag;
	enum policy_section sec;
	size_t ov;             /* the current [rule NAME] */
	int seen[PK_COUNT];    /* line a key was set on */
	int ov_seen[OK_COUNT]; /* in the current [rule NAME] */
	int ceiling_line[NT_KNOB_COUNT];
	int cooldown_line[NT_KNOB_COUNT];
};

/* "KEY = VALUE is out of range (RANGE)" and "bad value" wordings. */
void policy_bad(struct policy_ctx *c, int line, const char *key, const char *v,
		const char *expected);
void policy_range(struct policy_ctx *c, int line, const char *key, const char *v,
		  const char *range);
int policy_integer(struct policy_ctx *c, int line, const char *key, const char *v, long long min,
		   long long max, long long *out);

/* Keys of the fixed sections, [ceilings] and cooldown.KNOB included. */
void policy_key(struct policy_ctx *c, const char *key, const char *v, int line);
/* A [rule NAME] header and its keys. */
void policy_override_section(struct policy_ctx *c, const char *name, int line);
void policy_override_key(struct policy_ctx *c, const char *key, const char *v, int line);
/* Whole-section checks once the file is read. */
void policy_override_check(struct policy_ctx *c);

#endif
