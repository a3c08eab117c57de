// SPDX-License-Identifier: GPL-2.0-or-later
/* nettuned check [--policy FILE] [--rules DIR]... [--list] */
#include "cmd/cmd.h"
#include "cmd/options.h"
#include "config/config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

static void usage(FILE *f, const char *cmd)
{
	fputs("Usage: nettuned check [--policy FILE] [--rules DIR]... [--list]\n"
	      "\n"
	      "Validates a policy and every rule it uses, as the daemon would load them,\n"
	      "and prints each error as FILE:LINE: MESSAGE.\n"
	      "\n"
	      "  --policy FILE   the policy (default: /etc/nettuned/policy.conf, or the\n"
	      "                  source tree's policies/recommend.conf from a build tree)\n"
	      "  --rules DIR     read DIR/*.rule after the default rule directories and the\n"
	      "                  policy's; a rule file of the same name replaces an earlier one\n"
	      "                  (repeatable)\n"
	      "  --list          print the signals and knobs rules may name, and exit\n"
	      "  -h, --help      show this help\n"
	      "\n"
	      "Exit status: 0 valid, 1 errors in the files, 2 usage error, 3 a file or\n"
	      "directory could not be read.\n",
	      f);
}

static void list_vocabulary(void)
{
	printf("Signals (when = SIGNAL OP NUMBER):\n");
	printf("  %-26s %-7s %-5s %s\n", "NAME", "SCOPE", "UNIT", "WHAT");
	for (int i = 0; i < NT_SIG_COUNT; i++) {
		const struct nt_signal_info *s = &nt_signals[i];
		const char *unit = s->unit == NT_UNIT_BOOL  ? "0/1" :
				   s->unit == NT_UNIT_COUNT ? "count" :
							      signal_unit_suffix(s->unit);

		printf("  %-26s %-7s %-5s %s\n", s->name, signal_scope_name(s->scope), unit,
		       s->what);
	}
	printf("\nKnobs (knob = KNOB):\n");
	printf("  %-31s %-7s %-6s %s\n", "NAME", "OF", "TYPE", "UNIT");
	for (int k = 0; k < NT_KNOB_COUNT; k++) {
		const struct nt_knob_info *n = &nt_knobs[k];
		static const char *const where[] = { "host", "device", "queue", "irq" };
		static const char *const type[] = { "number", "cpus", "on/off" };

		printf("  %-31s %-7s %s%*s%s\n", n->name, where[n->where], type[n->type],
		       *n->unit ? (int)(7 - strlen(type[n->type])) : 0, "", n->unit);
	}
}

static void print_ok(const struct nt_config *c)
{
	printf("%s: ok (mode %s, %zu rule%s%s", c->policy.file,
	       c->policy.mode == NT_MODE_ENFORCE ? "enforce" : "recommend", c->rules.n,
	       c->rules.n == 1 ? "" : "s", c->rules.n ? ": " : "");
	for (size_t i = 0; i < c->rules.n; i++)
		printf("%s%s", i ? ", " : "", c->rules.rules[i].name);
	printf(")\n");
}

static int check(const struct nt_config_opts *o)
{
	struct nt_config c;
	struct nt_diag diag;
	int r;

	diag_init(&diag);
	r = config_load(&c, o, &diag);
	diag_print(&diag, stderr);
	diag_free(&diag);
	if (r == 0) {
		print_ok(&c);
		config_free(&c);
		return 0;
	}
	return r == -EINVAL ? NT_EXIT_FAILURE : NT_EXIT_UNREADABLE;
}

/* check's own option, --list, into the bool at @a->ctx */
static int check_option(struct cmd_args *a, int key, const char *arg)
{
	bool *list = a->ctx;

	if (key != 'l')
		return cmd_usage_error(a);
	*list = true;
	return 0;
}

/* clang-format off */
static const struct option check_options[] = {
	CMD_OPTION_POLICY,
	CMD_OPTION_RULES,
	{ "list", no_argument, NULL, 'l' },
	{ 0 },
};
/* clang-format on */

static const struct cmd_parser check_parser = {
	.options = check_options,
	.usage = usage,
	.option = check_option,
};

int cmd_check(int argc, char **argv)
{
	bool list = false;
	struct cmd_args a = { .ctx = &list };
	int r;

	if (!cmd_parse(&check_parser, &a, argc, argv, &r))
		return r;
	if (list) {
		list_vocabulary();
		return 0;
	}
	return check(&a.config);
}
