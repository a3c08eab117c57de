// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * One rule file (config/rule_file.c) through the INI core, as `check`
 * reads it: every message is "fuzz.rule:LINE: text" with a line inside
 * the file, and a rule that loads is one the engine can hold.
 */
#include "fuzz.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "util/diag.h"
#include "config/policy.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fz_strndup(data, size);
	struct nt_rule *r = malloc(sizeof(*r));
	struct nt_diag diag;
	int ret;

	FZ_CHECK(r != NULL);
	diag_init(&diag);
	ret = rule_load_text(r, "fuzz.rule", text, size, &diag);
	FZ_CHECK(ret == 0 || ret == -EINVAL);
	FZ_CHECK((ret == 0) == (diag.errors == 0));
	{
		const char *file = "fuzz.rule";
		size_t lines = fz_count_lines(text, size);

		fz_check_diag(&diag, &file, &lines, 1);
	}
	if (ret == 0) {
		FZ_CHECK(r->n_all <= NT_RULE_MAX_CONDS && r->n_any <= NT_RULE_MAX_CONDS);
		FZ_CHECK(r->knob >= -1 && r->knob < NT_KNOB_COUNT);
		FZ_CHECK(memchr(r->evidence, 0, sizeof(r->evidence)));
		FZ_CHECK(r->ceiling <= 2147483647LL && r->step <= 1e9 && r->factor <= 1e9);
	}
	diag_free(&diag);
	free(r);
	free(text);
	return 0;
}
