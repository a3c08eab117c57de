// SPDX-License-Identifier: GPL-2.0-or-later
/* Keys of [general], [interfaces], [cpus], [ceilings] and [safety]. */
#include "config/policy_load.h"
#include "config/cfgval.h"
#include "config/rule_syntax.h"
#include "util/path.h"

#include <string.h>

#define POLICY_MAX_CEILING 2147483647LL
#define POLICY_MAX_COOLDOWN (7 * 86400.0)

typedef void (*policy_key_fn)(struct policy_ctx *c, const char *v, int line);

struct policy_key_desc {
	enum policy_section sec;
	const char *name;
	bool repeat;
	policy_key_fn parse;
};

static const char *const section_names[] = {
	[PSEC_GENERAL] = "general",   [PSEC_INTERFACES] = "interfaces", [PSEC_CPUS] = "cpus",
	[PSEC_CEILINGS] = "ceilings", [PSEC_SAFETY] = "safety",
};

static void parse_mode(struct policy_ctx *c, const char *v, int line)
{
	if (!strcmp(v, "recommend"))
		c->p->mode = NT_MODE_RECOMMEND;
	else if (!strcmp(v, "enforce"))
		c->p->mode = NT_MODE_ENFORCE;
	else
		policy_bad(c, line, "mode", v, "recommend or enforce");
}

/* A duration in (min, max]; @zero_ok lets 0 mean "none". */
static void duration_in(struct policy_ctx *c, const char *key, const char *v, int line,
			bool zero_ok, double max, const char *range, double *out)
{
	double d;

	if (cfgval_duration(v, &d) < 0) {
		policy_bad(c, line, key, v, "a duration such as 500ms, 30s, 5min, 1h or 1d");
		return;
	}
	if ((d == 0 && !zero_ok) || d > max) {
		policy_range(c, line, key, v, range);
		return;
	}
	*out = d;
}

static void parse_interval(struct policy_ctx *c, const char *v, int line)
{
	duration_in(c, "interval", v, line, false, 3600, "more than 0, at most 1h",
		    &c->p->interval_s);
}

/* A relative `rules =` directory is relative to the policy file's own. */
static void parse_rules(struct policy_ctx *c, const char *v, int line)
{
	struct nt_policy *p = c->p;
	const char *slash = strrchr(c->file, '/');
	int r;

	if (!*v) {
		policy_bad(c, line, "rules", v, "a directory");
		return;
	}
	if (p->n_rule_dirs == NT_POLICY_MAX_RULE_DIRS) {
		diag_add(c->diag, c->file, line, "too many 'rules' directories (at most %d)",
			 NT_POLICY_MAX_RULE_DIRS);
		return;
	}
	if (v[0] == '/' || !slash)
		r = path_printf(p->rule_dirs[p->n_rule_dirs], PATH_MAX, "%s", v);
	else
		r = path_printf(p->rule_dirs[p->n_rule_dirs], PATH_MAX, "%.*s/%s",
				(int)(slash - c->file), c->file, v);
	if (r < 0)
		diag_add(c->diag, c->file, line, "rules: path too long");
	else
		p->rule_dir_lines[p->n_rule_dirs++] = line;
}

/* Interface globs, separated by blanks or commas. */
static void add_globs(struct policy_ctx *c, const char *key, const char *v, int line,
		      char (*globs)[NT_POLICY_GLOB_MAX], unsigned int *n)
{
	static const char sep[] = " \t,";

	for (v += strspn(v, sep); *v; v += strspn(v, sep)) {
		size_t len = strcspn(v, sep);

		if (len >= NT_POLICY_GLOB_MAX || memchr(v, '/', len)) {
			diag_add(c->diag, c->file, line,
				 "bad %s glob '%.*s' (an interface name "
				 "pattern, at most %d characters)",
				 key, (int)len, v, NT_POLICY_GLOB_MAX - 1);
		} else if (*n == NT_POLICY_MAX_GLOBS) {
			diag_add(c->diag, c->file, line, "too many %s globs (at most %d)", key,
				 NT_POLICY_MAX_GLOBS);
			return;
		} else {
			memcpy(globs[*n], v, len);
			globs[(*n)++][len] = '\0';
		}
		v += len;
	}
}

static void parse_include(struct policy_ctx *c, const char *v, int line)
{
	add_globs(c, "include", v, line, c->p->include, &c->p->n_include);
}

static void parse_exclude(struct policy_ctx *c, const char *v, int line)
{
	add_globs(c, "exclude", v, line, c->p->exclude, &c->p->n_exclude);
}

static void bool_into(struct policy_ctx *c, const char *key, const char *v, int line, bool *out)
{
	if (cfgval_bool(v, out) < 0)
		policy_bad(c, line, key, v, "yes or no");
}

static void parse_exclude_virtual(struct policy_ctx *c, const char *v, int line)
{
	bool_into(c, "exclude_virtual", v, line, &c->p->exclude_virtual);
}

static void parse_allow(struct policy_ctx *c, const char *v, int line)
{
	if (cpuset_parse_list(&c->p->cpus, v) < 0 || !cpuset_count(&c->p->cpus)) {
		policy_bad(c, line, "allow", v, "a CPU list such as 0-3,8");
		return;
	}
	c->p->has_cpus = true;
}

static void parse_sustain(struct policy_ctx *c, const char *v, int line)
{
	long long n;

	if (policy_integer(c, line, "sustain", v, 1, 1000, &n) == 0)
		c->p->safety.sustain = (unsigned int)n;
}

static void parse_cooldown(struct policy_ctx *c, const char *v, int line)
{
	duration_in(c, "cooldown", v, line, true, POLICY_MAX_COOLDOWN, "0 to 7 days",
		    &c->p->safety.cooldown_s);
}

static void parse_max_changes(struct policy_ctx *c, const char *v, int line)
{
	long long n;

	if (policy_integer(c, line, "max_changes_per_hour", v, 0, 3600, &n) == 0)
		c->p->safety.max_changes_per_hour = (unsigned int)n;
}

static void parse_window(struct policy_ctx *c, const char *v, int line)
{
	if (policy_window_parse(&c->p->safety.window, v) < 0)
		policy_bad(c, line, "disruptive_window", v,
			   "DAYS HH:MM-HH:MM such as 'Sat,Sun 02:00-05:00', or 'never'");
}

static void parse_verify(struct policy_ctx *c, const char *v, int line)
{
	duration_in(c, "verify", v, line, true, 3600, "0 to 1h", &c->p->safety.verify_s);
}

static void parse_rollback(struct policy_ctx *c, const char *v, int line)
{
	bool_into(c, "rollback", v, line, &c->p->safety.rollback);
}

static void parse_restore(struct policy_ctx *c, const char *v, int line)
{
	bool_into(c, "restore_on_exit", v, line, &c->p->safety.restore_on_exit);
}

static void parse_backoff(struct policy_ctx *c, const char *v, int line)
{
	duration_in(c, "backoff", v, line, true, POLICY_MAX_COOLDOWN, "0 to 7 days",
		    &c->p->safety.backoff_s);
}

static void parse_metrics(struct policy_ctx *c, const char *v, int line)
{
	if (!cfgval_file_path(v, sizeof(c->p->metrics))) {
		policy_bad(c, line, "metrics", v, "an absolute file path, or nothing");
		return;
	}
	memcpy(c->p->metrics, v, strlen(v) + 1);
}

static void parse_bpf(struct policy_ctx *c, const char *v, int line)
{
	if (!strcmp(v, "auto"))
		c->p->bpf = NT_BPF_AUTO;
	else if (!strcmp(v, "yes"))
		c->p->bpf = NT_BPF_YES;
	else if (!strcmp(v, "no"))
		c->p->bpf = NT_BPF_NO;
	else
		policy_bad(c, line, "bpf", v, "auto, yes or no");
}

static const struct policy_key_desc policy_keys[PK_COUNT] = {
	[PK_MODE] = { PSEC_GENERAL, "mode", false, parse_mode },
	[PK_INTERVAL] = { PSEC_GENERAL, "interval", false, parse_interval },
	[PK_RULES] = { PSEC_GENERAL, "rules", true, parse_rules },
	[PK_INCLUDE] = { PSEC_INTERFACES, "include", true, parse_include },
	[PK_EXCLUDE] = { PSEC_INTERFACES, "exclude", true, parse_exclude },
	[PK_EXCLUDE_VIRTUAL] = { PSEC_INTERFACES, "exclude_virtual", false, parse_exclude_virtual },
	[PK_ALLOW] = { PSEC_CPUS, "allow", false, parse_allow },
	[PK_SUSTAIN] = { PSEC_SAFETY, "sustain", false, parse_sustain },
	[PK_COOLDOWN] = { PSEC_SAFETY, "cooldown", false, parse_cooldown },
	[PK_MAX_CHANGES] = { PSEC_SAFETY, "max_changes_per_hour", false, parse_max_changes },
	[PK_WINDOW] = { PSEC_SAFETY, "disruptive_window", false, parse_window },
	[PK_VERIFY] = { PSEC_SAFETY, "verify", false, parse_verify },
	[PK_ROLLBACK] = { PSEC_SAFETY, "rollback", false, parse_rollback },
	[PK_RESTORE] = { PSEC_SAFETY, "restore_on_exit", false, parse_restore },
	[PK_BACKOFF] = { PSEC_SAFETY, "backoff", false, parse_backoff },
	[PK_METRICS] = { PSEC_GENERAL, "metrics", false, parse_metrics },
	[PK_BPF] = { PSEC_GENERAL, "bpf", false, parse_bpf },
};

static bool once(struct policy_ctx *c, int *seen, const char *key, int line)
{
	if (*seen) {
		diag_add(c->diag, c->file, line, "duplicate key '%s' (first on line %d)", key,
			 *seen);
		return false;
	}
	*seen = line;
	return true;
}

/* [ceilings] KNOB = N */
static void ceiling_key(struct policy_ctx *c, const char *key, const char *v, int line)
{
	int k = config_knob_lookup(key, c->diag, c->file, line);
	long long n;

	if (k < 0 || !once(c, &c->ceiling_line[k], key, line))
		return;
	if (nt_knobs[k].type != NT_KT_NUMBER) {
		diag_add(c->diag, c->file, line, "'%s' is not a numeric knob: it has no ceiling",
			 key);
		return;
	}
	if (policy_integer(c, line, key, v, 1, POLICY_MAX_CEILING, &n) == 0)
		c->p->ceiling[k] = n;
}

/* [safety] cooldown.KNOB = DURATION */
static void cooldown_key(struct policy_ctx *c, const char *key, const char *v, int line)
{
	int k = config_knob_lookup(key + strlen("cooldown."), c->diag, c->file, line);

	if (k < 0 || !once(c, &c->cooldown_line[k], key, line))
		return;
	duration_in(c, key, v, line, true, POLICY_MAX_COOLDOWN, "0 to 7 days",
		    &c->p->safety.knob_cooldown_s[k]);
}

void policy_key(struct policy_ctx *c, const char *key, const char *v, int line)
{
	if (c->sec == PSEC_CEILINGS) {
		ceiling_key(c, key, v, line);
		return;
	}
	if (c->sec == PSEC_SAFETY && !strncmp(key, "cooldown.", 9)) {
		cooldown_key(c, key, v, line);
		return;
	}
	for (int k = 0; k < PK_COUNT; k++) {
		if (policy_keys[k].sec != c->sec || strcmp(policy_keys[k].name, key))
			continue;
		if (policy_keys[k].repeat || once(c, &c->seen[k], key, line))
			policy_keys[k].parse(c, v, line);
		return;
	}
	diag_add(c->diag, c->file, line, "unknown key '%s' in [%s]", key, section_names[c->sec]);
}
