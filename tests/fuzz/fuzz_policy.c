// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A policy with its rules, the `check` path (config/config.c without the
 * directories): the text before the first "--- NAME.rule" line is the
 * policy, each part after one a rule file. Policy and rules are loaded
 * from the buffers, bound, and a bound configuration must start an
 * engine. Every message names its file and a line inside it.
 */
#include "fuzz.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "util/diag.h"
#include "config/policy.h"
#include "engine/engine.h"

#define MAX_RULES 16

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct nt_rule *)a)->name, ((const struct nt_rule *)b)->name);
}

/* The rules of the parts after the policy, sorted as rules_dir.c keeps them. */
static int load_rules(struct nt_ruleset *rs, const struct fz_part *p, size_t n,
		      struct nt_diag *diag)
{
	int ret = 0;

	rs->rules = calloc(MAX_RULES, sizeof(*rs->rules));
	rs->n = 0;
	FZ_CHECK(rs->rules != NULL);
	for (size_t i = 1; i < n && rs->n < MAX_RULES; i++) {
		char *text = fz_strndup(p[i].data, p[i].len);
		int r = rule_load_text(&rs->rules[rs->n], p[i].name, text, p[i].len, diag);

		FZ_CHECK(r == 0 || r == -EINVAL || r == -ENAMETOOLONG);
		if (r == 0 && (!rs->n || strcmp(rs->rules[rs->n - 1].name, rs->rules[rs->n].name)))
			rs->n++;
		else if (r < 0)
			ret = -EINVAL;
		free(text);
	}
	qsort(rs->rules, rs->n, sizeof(*rs->rules), by_name);
	return ret;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz_part p[MAX_RULES + 1];
	size_t n = fz_split(data, size, p, MAX_RULES + 1);
	struct nt_policy *pol = malloc(sizeof(*pol));
	struct nt_ruleset rs;
	struct nt_diag diag;
	struct nt_engine *e = NULL;
	char *text = fz_strndup(p[0].data, p[0].len);
	int rp, rr;

	FZ_CHECK(pol != NULL);
	diag_init(&diag);
	rp = policy_load_text(pol, "fuzz.conf", text, p[0].len, &diag);
	FZ_CHECK(rp == 0 || rp == -EINVAL);
	rr = load_rules(&rs, p, n, &diag);
	if (rp == 0 && rr == 0 && policy_bind(pol, &rs, &diag) == 0) {
		FZ_CHECK(engine_new(&e, &rs, pol, NT_MODE_ENFORCE) == 0);
		engine_free(e);
	}
	{
		const char *files[MAX_RULES + 1];
		size_t lines[MAX_RULES + 1];

		files[0] = "fuzz.conf";
		lines[0] = fz_count_lines(p[0].data, p[0].len);
		for (size_t i = 1; i < n; i++) {
			files[i] = p[i].name;
			lines[i] = fz_count_lines(p[i].data, p[i].len);
		}
		fz_check_diag(&diag, files, lines, n);
	}
	if (rp < 0)
		FZ_CHECK(diag.errors > 0);
	diag_free(&diag);
	rule_set_free(&rs);
	policy_free(pol);
	free(pol);
	free(text);
	return 0;
}
