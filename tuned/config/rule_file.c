// SPDX-License-Identifier: GPL-2.0-or-later
/* One NAME.rule file into a struct nt_rule. */
#include "util/inifile.h"
#include "config/policy.h"
#include "config/rule_load.h"
#include "config/cfgval.h"

#include <errno.h>
#include <string.h>

static void rule_defaults(struct nt_rule *r)
{
	memset(r, 0, sizeof(*r));
	r->severity = NT_SEV_WARNING;
	r->after_ceiling = -1;
	r->verify_signal = -1;
	r->action = NT_RULE_ACT_NONE;
	r->knob = -1;
	r->ceiling = -1;
	r->flow_cnt = 4096;
	r->sock_flow_entries = 32768;
}

/* The rule's name is its file name: "dir/napi-squeeze.rule" -> "napi-squeeze". */
static int rule_name_from(struct nt_rule *r, const char *file)
{
	const char *base = strrchr(file, '/');
	size_t n;

	base = base ? base + 1 : file;
	n = strlen(base);
	if (n <= 5 || strcmp(base + n - 5, ".rule") || n - 5 >= sizeof(r->name))
		return -EINVAL;
	memcpy(r->name, base, n - 5);
	r->name[n - 5] = '\0';
	return cfgval_is_name(r->name, sizeof(r->name)) ? 0 : -EINVAL;
}

/* Defaults, file and name: 0, or what stops the file being read at all. */
static int rule_begin(struct nt_rule *r, const char *file, struct nt_diag *diag)
{
	rule_defaults(r);
	if (cfgval_text(r->file, sizeof(r->file), file) < 0) {
		diag_add(diag, file, 0, "path too long");
		return -ENAMETOOLONG;
	}
	if (rule_name_from(r, file) < 0) {
		diag_add(diag, file, 0,
			 "a rule file is NAME.rule, NAME of a-z, 0-9 and '-' (at most %zu)",
			 sizeof(r->name) - 1);
		return -EINVAL;
	}
	return 0;
}

/* With @text NULL the file is read, else @len bytes of @text are its contents. */
static int rule_load(struct nt_rule *r, const char *file, const char *text, size_t len,
		     struct nt_diag *diag)
{
	static const struct nt_ini_ops ops = { .section = rule_on_section, .key = rule_on_key };
	struct rule_ctx c = { .r = r, .file = file, .diag = diag };
	size_t before = diag->errors, first = diag->n;
	int ret = rule_begin(r, file, diag);

	if (ret < 0)
		return ret;
	if (text)
		ret = inifile_parse_buffer(file, text, len, &ops, &c, diag);
	else
		ret = inifile_load(file, &ops, &c, diag);
	if (ret < 0 && ret != -EINVAL)
		return ret;
	rule_check(&c);
	diag_sort(diag, first, file);
	return diag->errors != before ? -EINVAL : 0;
}

int rule_load_file(struct nt_rule *r, const char *file, struct nt_diag *diag)
{
	return rule_load(r, file, NULL, 0, diag);
}

int rule_load_text(struct nt_rule *r, const char *file, const char *text, size_t len,
		   struct nt_diag *diag)
{
	return rule_load(r, file, text, len, diag);
}
