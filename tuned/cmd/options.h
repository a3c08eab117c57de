/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The option parser every command uses: it runs getopt_long over the
 * command's table, answers --help and an unknown option, refuses extra
 * arguments and takes the options several commands share, the same way
 * in each. A command's own options go to its callback. What a command
 * says of a mistake keeps that command's wording (CMD_EXTRA_*): scripts
 * and tests read those lines.
 */
#ifndef NT_CMD_OPTIONS_H
#define NT_CMD_OPTIONS_H

#include <getopt.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>

#include "config/config.h"

/*
 * getopt_long's values for the shared options: above every character a
 * command's own options use, and above '?' (getopt's "unknown").
 */
enum cmd_opt_key {
	CMD_OPT_POLICY = 0x100, /* --policy FILE */
	CMD_OPT_RULES,          /* --rules DIR, repeatable */
	CMD_OPT_ROOT,           /* --root DIR */
	CMD_OPT_CAPTURE,        /* --capture DIR */
	CMD_OPT_STATE_DIR,      /* --state-dir DIR */
	CMD_OPT_RUNTIME_DIR,    /* --runtime-dir DIR */
	CMD_OPT_JSON,           /* --json */
	CMD_OPT_NO_BPF,         /* --no-bpf */
	CMD_OPT_DRY_RUN,        /* --dry-run */
};

/*
 * A shared option's entry, put in the command's table where the command
 * lists it: getopt_long names the candidates of an ambiguous abbreviation
 * ("--r") in table order, so each command keeps its own order.
 */
/* clang-format off */
#define CMD_OPTION_POLICY	{ "policy", required_argument, NULL, CMD_OPT_POLICY }
#define CMD_OPTION_RULES	{ "rules", required_argument, NULL, CMD_OPT_RULES }
#define CMD_OPTION_ROOT		{ "root", required_argument, NULL, CMD_OPT_ROOT }
#define CMD_OPTION_CAPTURE	{ "capture", required_argument, NULL, CMD_OPT_CAPTURE }
#define CMD_OPTION_STATE_DIR	{ "state-dir", required_argument, NULL, CMD_OPT_STATE_DIR }
#define CMD_OPTION_RUNTIME_DIR	{ "runtime-dir", required_argument, NULL, CMD_OPT_RUNTIME_DIR }
#define CMD_OPTION_JSON		{ "json", no_argument, NULL, CMD_OPT_JSON }
#define CMD_OPTION_NO_BPF	{ "no-bpf", no_argument, NULL, CMD_OPT_NO_BPF }
#define CMD_OPTION_DRY_RUN	{ "dry-run", no_argument, NULL, CMD_OPT_DRY_RUN }
/* clang-format on */

/* struct cmd_parser.flags */
#define CMD_ABSOLUTE (1u << 0)       /* --policy and --root resolved (realpath) */
#define CMD_EXTRA_UNNAMED (1u << 1)  /* "unexpected argument", not naming it */
#define CMD_EXTRA_NO_USAGE (1u << 2) /* no usage after "unexpected argument" */

struct cmd_parser;

/*
 * One parse: what the shared options were given (NULL, false or none when
 * they were not; defaults are the command's), and the command's context
 * for its callbacks. Set .ctx, nothing else, before cmd_parse().
 */
struct cmd_args {
	void *ctx;
	const struct cmd_parser *parser;
	const char *cmd;              /* argv[0], the verb: "nettuned CMD: ..." */
	struct nt_config_opts config; /* --policy, --rules */
	const char *root;
	const char *capture;
	const char *state_dir;
	const char *runtime_dir;
	bool json;
	bool no_bpf;
	bool dry_run;
	/* CMD_ABSOLUTE: where --policy and --root point when they resolve */
	char policy_abs[PATH_MAX];
	char root_abs[PATH_MAX];
};

/* What a command's parser is: one const per command. */
struct cmd_parser {
	/* the command's table, shared options as CMD_OPTION_*, ended by { 0 }; --help is added */
	const struct option *options;
	void (*usage)(FILE *f, const char *cmd);
	/*
	 * One of the command's own options (@key its table's value, @arg its
	 * argument or NULL): 0, or -EINVAL after saying why, and after
	 * cmd_usage_error() when the usage follows. NULL: the command's own
	 * options (listed only to be refused) get the usage on stderr.
	 */
	int (*option)(struct cmd_args *a, int key, const char *arg);
	/* NULL, or what is said before an extra argument is: a required option (record) */
	int (*before_extra)(struct cmd_args *a);
	unsigned int flags;
};

/*
 * Parses @argv (argv[0] the verb) with @p into @a. True to go on; false
 * when the command is done (--help, a usage error) with its exit code in
 * *@exit_code. Checks between options are the caller's, after this.
 */
bool cmd_parse(const struct cmd_parser *p, struct cmd_args *a, int argc, char **argv,
	       int *exit_code);

/* The usage on stderr, after a usage error the command has named; -EINVAL. */
int cmd_usage_error(const struct cmd_args *a);

#endif
