/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Where the policy and rules come from, and loading them as one unit.
 * Installed, the policy is /etc/nettuned/policy.conf and rules are read
 * from the installed rules directory, then /etc/nettuned/rules.d/ (same
 * file name overrides). Run from a build tree, the shipped
 * policies/recommend.conf and rules/ of the source tree are the defaults.
 */
#ifndef NT_CONFIG_H
#define NT_CONFIG_H

#include <stddef.h>

#include "util/diag.h"
#include "config/policy.h"
#include "config/rule.h"

#define NT_CONFIG_MAX_RULE_DIRS 8

struct nt_config_opts {
	const char *policy_file;                        /* NULL: the default */
	const char *rule_dirs[NT_CONFIG_MAX_RULE_DIRS]; /* --rules, after the defaults */
	size_t n_rule_dirs;
};

struct nt_config {
	struct nt_policy policy;
	struct nt_ruleset rules; /* bound: overrides applied, disabled removed */
};

/*
 * Loads the policy, then the default rule directories, the policy's
 * `rules =` directories and @o's, and binds them. Returns 0, -EINVAL when
 * the files have errors (all of them in @diag), or -errno when a file
 * could not be read (also in @diag). On failure @c holds nothing.
 */
int config_load(struct nt_config *c, const struct nt_config_opts *o, struct nt_diag *diag);
void config_free(struct nt_config *c);

/* The default policy file and rule directories for this binary. */
const char *config_default_policy(void);
size_t config_default_rule_dirs(const char **out, size_t max);

#endif
