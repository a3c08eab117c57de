// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The option parser every command uses (options.h). Each step says what
 * every command said before there was one parser, byte for byte: the
 * wording that differs between commands is a flag of the command's.
 */
#include "cmd/cmd.h"
#include "cmd/options.h"
#include "util/cleanup.h"

#include <errno.h>
#include <stdlib.h>

/* Room for the longest table (apply's eight options), --help and the end. */
#define CMD_MAX_OPTIONS 24

/* The command's table, then --help, then the end; -E2BIG when it does not fit. */
static int build_table(const struct option *opts, struct option *table, size_t max)
{
	size_t n = 0;

	for (; opts && opts[n].name; n++) {
		if (n + 2 >= max)
			return -E2BIG;
		table[n] = opts[n];
	}
	table[n++] = (struct option){ "help", no_argument, NULL, 'h' };
	table[n] = (struct option){ 0 };
	return 0;
}

/* CMD_ABSOLUTE: the daemon journals and reloads its files by these names, whatever the cwd was. */
static const char *absolute(const struct cmd_args *a, const char *path, char *buf)
{
	if (!(a->parser->flags & CMD_ABSOLUTE))
		return path;
	return realpath(path, buf) ? buf : path;
}

static int add_rules(struct cmd_args *a, const char *dir)
{
	struct nt_config_opts *c = &a->config;

	if (c->n_rule_dirs == NT_CONFIG_MAX_RULE_DIRS) {
		fprintf(stderr, "nettuned %s: at most %d --rules\n", a->cmd,
			NT_CONFIG_MAX_RULE_DIRS);
		return -EINVAL;
	}
	c->rule_dirs[c->n_rule_dirs++] = dir;
	return 0;
}

static int shared_option(struct cmd_args *a, int key, const char *arg)
{
	switch (key) {
	case CMD_OPT_POLICY:
		a->config.policy_file = absolute(a, arg, a->policy_abs);
		return 0;
	case CMD_OPT_RULES:
		return add_rules(a, arg);
	case CMD_OPT_ROOT:
		a->root = absolute(a, arg, a->root_abs);
		return 0;
	case CMD_OPT_CAPTURE:
		a->capture = arg;
		return 0;
	case CMD_OPT_STATE_DIR:
		a->state_dir = arg;
		return 0;
	case CMD_OPT_RUNTIME_DIR:
		a->runtime_dir = arg;
		return 0;
	case CMD_OPT_JSON:
		a->json = true;
		return 0;
	case CMD_OPT_NO_BPF:
		a->no_bpf = true;
		return 0;
	case CMD_OPT_DRY_RUN:
		a->dry_run = true;
		return 0;
	}
	return cmd_usage_error(a);
}

/* One option getopt_long returned (not --help): 0, or -EINVAL for a usage error. */
static int take_option(struct cmd_args *a, int key, const char *arg)
{
	/* getopt_long has named the option it could not take */
	if (key == '?')
		return cmd_usage_error(a);
	if (key >= CMD_OPT_POLICY)
		return shared_option(a, key, arg);
	if (!a->parser->option)
		return cmd_usage_error(a);
	return a->parser->option(a, key, arg);
}

/* Whether an argument is left after the options, said the command's way. */
static bool extra_argument(const struct cmd_args *a, int argc, char **argv)
{
	unsigned int flags = a->parser->flags;

	if (optind >= argc)
		return false;
	if (flags & CMD_EXTRA_UNNAMED)
		fprintf(stderr, "nettuned %s: unexpected argument\n", a->cmd);
	else
		fprintf(stderr, "nettuned %s: unexpected argument '%s'\n", a->cmd, argv[optind]);
	if (!(flags & CMD_EXTRA_NO_USAGE))
		cmd_usage_error(a);
	return true;
}

bool cmd_parse(const struct cmd_parser *p, struct cmd_args *a, int argc, char **argv,
	       int *exit_code)
{
	struct option table[CMD_MAX_OPTIONS];
	int c;

	a->parser = p;
	a->cmd = argv[0];
	if (build_table(p->options, table, NT_ARRAY_SIZE(table)) < 0) {
		fprintf(stderr, "nettuned %s: more than %d options\n", a->cmd, CMD_MAX_OPTIONS - 2);
		return cmd_stop(exit_code, NT_EXIT_FAILURE);
	}
	/* getopt_long keeps its place in globals: start at argv[1], whatever ran before */
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", table, NULL)) != -1) {
		if (c == 'h') {
			p->usage(stdout, a->cmd);
			return cmd_stop(exit_code, 0);
		}
		if (take_option(a, c, optarg) < 0)
			return cmd_stop(exit_code, NT_EXIT_USAGE);
	}
	if (p->before_extra && p->before_extra(a) < 0)
		return cmd_stop(exit_code, NT_EXIT_USAGE);
	if (extra_argument(a, argc, argv))
		return cmd_stop(exit_code, NT_EXIT_USAGE);
	return true;
}

int cmd_usage_error(const struct cmd_args *a)
{
	a->parser->usage(stderr, a->cmd);
	return -EINVAL;
}
