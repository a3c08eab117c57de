// SPDX-License-Identifier: GPL-2.0-or-later
/* A policy file into struct nt_policy: defaults, sections, all or nothing. */
#include "util/inifile.h"
#include "config/policy_load.h"
#include "config/cfgval.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static const struct {
	const char *name;
	enum policy_section sec;
} sections[] = {
	{ "general", PSEC_GENERAL },   { "interfaces", PSEC_INTERFACES }, { "cpus", PSEC_CPUS },
	{ "ceilings", PSEC_CEILINGS }, { "safety", PSEC_SAFETY },
};

void policy_defaults(struct nt_policy *p)
{
	memset(p, 0, sizeof(*p));
	p->mode = NT_MODE_RECOMMEND;
	p->interval_s = 1;
	p->exclude_virtual = true;
	for (int k = 0; k < NT_KNOB_COUNT; k++) {
		p->ceiling[k] = -1;
		p->safety.knob_cooldown_s[k] = -1;
	}
	p->safety.sustain = 3;
	p->safety.cooldown_s = 300;
	p->safety.max_changes_per_hour = 6;
	p->safety.window.never = true;
	p->safety.verify_s = 60;
	p->safety.rollback = true;
	p->safety.restore_on_exit = false;
	p->safety.backoff_s = 3600;
}

void policy_free(struct nt_policy *p)
{
	free(p->overrides);
	p->overrides = NULL;
	p->n_overrides = 0;
}

void policy_bad(struct policy_ctx *c, int line, const char *key, const char *v,
		const char *expected)
{
	diag_add(c->diag, c->file, line, "bad value '%s' for %s (expected %s)", v, key, expected);
}

void policy_range(struct policy_ctx *c, int line, const char *key, const char *v, const char *range)
{
	diag_add(c->diag, c->file, line, "%s = %s is out of range (%s)", key, v, range);
}

int policy_integer(struct policy_ctx *c, int line, const char *key, const char *v, long long min,
		   long long max, long long *out)
{
	char range[64];

	if (cfgval_integer(v, out) < 0) {
		policy_bad(c, line, key, v, "an integer");
		return -EINVAL;
	}
	if (*out < min || *out > max) {
		snprintf(range, sizeof(range), "%lld to %lld", min, max);
		policy_range(c, line, key, v, range);
		return -EINVAL;
	}
	return 0;
}

static void policy_on_section(void *user, const char *name, int line)
{
	struct policy_ctx *c = user;

	c->sec = PSEC_OTHER;
	for (size_t i = 0; i < sizeof(sections) / sizeof(sections[0]); i++)
		if (!strcmp(name, sections[i].name))
			c->sec = sections[i].sec;
	if (!strncmp(name, "rule", 4) && (!name[4] || name[4] == ' ' || name[4] == '\t')) {
		c->sec = PSEC_RULE;
		policy_override_section(c, name + 4 + strspn(name + 4, " \t"), line);
		return;
	}
	if (c->sec == PSEC_OTHER)
		diag_add(c->diag, c->file, line,
			 "unknown section [%s] (expected general, interfaces, cpus, ceilings, "
			 "safety or rule NAME)",
			 name);
}

static void policy_on_key(void *user, const char *section, const char *key, const char *value,
			  int line)
{
	struct policy_ctx *c = user;

	if (!section)
		diag_add(c->diag, c->file, line, "key '%s' outside any section", key);
	else if (c->sec == PSEC_RULE)
		policy_override_key(c, key, value, line);
	else if (c->sec != PSEC_OTHER)
		policy_key(c, key, value, line);
}

/* With @text NULL the file is read, else @len bytes of @text are its contents. */
static int policy_parse(struct nt_policy *p, const char *file, const char *text, size_t len,
			struct nt_diag *diag)
{
	static const struct nt_ini_ops ops = { .section = policy_on_section, .key = policy_on_key };
	struct policy_ctx c = { .p = p, .file = file, .diag = diag, .ov = SIZE_MAX };
	size_t before = diag->errors, first = diag->n;
	int r;

	policy_defaults(p);
	if (cfgval_text(p->file, sizeof(p->file), file) < 0) {
		diag_add(diag, file, 0, "path too long");
		return -ENAMETOOLONG;
	}
	if (text)
		r = inifile_parse_buffer(file, text, len, &ops, &c, diag);
	else
		r = inifile_load(file, &ops, &c, diag);
	if (r == 0 || r == -EINVAL)
		policy_override_check(&c);
	diag_sort(diag, first, file);
	if (r == 0 && diag->errors != before)
		r = -EINVAL;
	if (r < 0) {
		/* never half-applied: the caller gets the defaults back */
		policy_free(p);
		policy_defaults(p);
		cfgval_text(p->file, sizeof(p->file), file);
	}
	return r;
}

int policy_load(struct nt_policy *p, const char *file, struct nt_diag *diag)
{
	return policy_parse(p, file, NULL, 0, diag);
}

int policy_load_text(struct nt_policy *p, const char *file, const char *text, size_t len,
		     struct nt_diag *diag)
{
	return policy_parse(p, file, text, len, diag);
}
