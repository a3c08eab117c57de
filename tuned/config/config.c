// SPDX-License-Identifier: GPL-2.0-or-later
/* The policy and its rules as one unit, from the default places or not. */
#include "config/config.h"
#include <config.h> /* the build's, not config/config.h */

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define NT_BUILD_POLICY NT_SOURCE_ROOT "/policies/recommend.conf"
#define NT_BUILD_RULES NT_SOURCE_ROOT "/rules"
#define NT_ETC_POLICY NT_SYSCONF_DIR "/policy.conf"
#define NT_ETC_RULES NT_SYSCONF_DIR "/rules.d"

/*
 * A binary inside the build directory is a developer's or a test's: it
 * should read the tree it was built from, not whatever is in /etc.
 */
static bool from_build_tree(void)
{
	static int cached = -1;
	char exe[PATH_MAX], root[PATH_MAX];
	ssize_t n;
	size_t len;

	if (cached >= 0)
		return cached;
	cached = 0;
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n < 0 || !realpath(NT_BUILD_ROOT, root))
		return false;
	exe[n] = '\0';
	len = strlen(root);
	cached = !strncmp(exe, root, len) && exe[len] == '/';
	return cached;
}

const char *config_default_policy(void)
{
	return from_build_tree() ? NT_BUILD_POLICY : NT_ETC_POLICY;
}

size_t config_default_rule_dirs(const char **out, size_t max)
{
	const char *installed[] = { NT_RULES_DIR, NT_ETC_RULES };
	const char *build[] = { NT_BUILD_RULES };
	const char **dirs = from_build_tree() ? build : installed;
	size_t n = from_build_tree() ? 1 : 2;

	for (size_t i = 0; i < n && i < max; i++)
		out[i] = dirs[i];
	return n < max ? n : max;
}

/* A file that could not be read outweighs errors in the others. */
static int worse(int a, int b)
{
	if (a < 0 && a != -EINVAL)
		return a;
	if (b < 0 && b != -EINVAL)
		return b;
	return a < 0 ? a : b;
}

/*
 * Defaults first (the shipped directory must exist, rules.d need not),
 * then the policy's and the command line's, which must: a directory an
 * operator named and that is not there is a mistake worth stopping for.
 */
static size_t rule_dirs(const struct nt_config *c, const struct nt_config_opts *o,
			struct nt_rule_dir *dirs)
{
	const char *defaults[2];
	size_t nd = config_default_rule_dirs(defaults, 2), n = 0;

	for (size_t i = 0; i < nd; i++)
		dirs[n++] = (struct nt_rule_dir){ .path = defaults[i], .optional = i > 0 };
	for (unsigned int i = 0; i < c->policy.n_rule_dirs; i++)
		dirs[n++] = (struct nt_rule_dir){ .path = c->policy.rule_dirs[i],
						  .named_in = c->policy.file,
						  .line = c->policy.rule_dir_lines[i] };
	for (size_t i = 0; o && i < o->n_rule_dirs && i < NT_CONFIG_MAX_RULE_DIRS; i++)
		dirs[n++] = (struct nt_rule_dir){ .path = o->rule_dirs[i] };
	return n;
}

int config_load(struct nt_config *c, const struct nt_config_opts *o, struct nt_diag *diag)
{
	struct nt_rule_dir dirs[2 + NT_POLICY_MAX_RULE_DIRS + NT_CONFIG_MAX_RULE_DIRS];
	const char *file = o && o->policy_file ? o->policy_file : config_default_policy();
	int rp, rr, r;

	c->rules.rules = NULL;
	c->rules.n = 0;
	/* Rules are read even when the policy is bad, so that check reports all. */
	rp = policy_load(&c->policy, file, diag);
	if (rp < 0 && rp != -EINVAL) {
		config_free(c);
		return rp;
	}
	rr = rule_set_load_dirs(&c->rules, dirs, rule_dirs(c, o, dirs), diag);
	r = worse(rp, rr);
	if (r == 0)
		r = policy_bind(&c->policy, &c->rules, diag);
	if (r < 0)
		config_free(c);
	return r;
}

void config_free(struct nt_config *c)
{
	policy_free(&c->policy);
	policy_defaults(&c->policy);
	rule_set_free(&c->rules);
}
