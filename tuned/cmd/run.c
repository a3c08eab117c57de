// SPDX-License-Identifier: GPL-2.0-or-later
/* `nettuned run`: the daemon (tuned/daemon/). */
#include "cmd/cmd.h"
#include "cmd/options.h"
#include "config/cfgval.h"
#include "daemon/daemon.h"
#include "sample/capture.h"
#include "state/state.h"
#include "util/cleanup.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void usage(FILE *f, const char *cmd)
{
	fputs("Usage: nettuned run [OPTIONS]\n"
	      "\n"
	      "The daemon: every interval of the policy it samples the receive path, runs\n"
	      "the rules and, in enforce mode, makes the changes that pass the [safety]\n"
	      "section (sustain, cooldown, max_changes_per_hour, ceilings, the disruptive\n"
	      "window), verifies each over `verify` and rolls it back when the signal did\n"
	      "not improve. A knob someone else changes afterwards is left alone. Every\n"
	      "decision goes to the journal (stderr when there is no journal).\n"
	      "SIGHUP reloads the policy and rules (a broken file keeps the running ones);\n"
	      "SIGTERM stops, restoring originals when the policy has restore_on_exit\n"
	      "(ring, channel and EEE changes only inside the disruptive window).\n"
	      "\n"
	      "Options:\n"
	      "  --policy FILE       policy (default: /etc/nettuned/policy.conf installed,\n"
	      "                      policies/recommend.conf in a build tree)\n"
	      "  --rules DIR         extra rules directory, after the defaults (repeatable)\n"
	      "  --dry-run           recommend only, whatever the policy's mode: nothing is\n"
	      "                      written, the journal gets the commands to type\n"
	      "  --once              run until every rule could have fired (its sustain),\n"
	      "                      act on that, and exit\n"
	      "  --root DIR          sample and write a fixture tree instead of the host:\n"
	      "                      one snapshot (a capture's DIR/0000), not a capture\n"
	      "                      (its `timestamp` file, when it has one, is the clock: a\n"
	      "                      cycle waits for it to move)\n"
	      "  --state-dir DIR     originals of changed knobs (default " NT_STATE_DIR_DEFAULT
	      ")\n"
	      "  --runtime-dir DIR   pause flag and status file (default " NT_RUNTIME_DIR_DEFAULT
	      ")\n"
	      "  --metrics FILE      write Prometheus text for node_exporter's textfile\n"
	      "                      collector every interval (overrides the policy's); an\n"
	      "                      absolute path as in the policy, \"\" for none\n"
	      "  --log journal|stderr|auto\n"
	      "                      where the audit trail goes (default auto: the journal\n"
	      "                      when its socket exists); journal without a journal says\n"
	      "                      so once and writes to stderr until the socket appears\n"
	      "  -h, --help          show this help\n"
	      "\n"
	      "One daemon per host: a daemon holds its state and runtime directories for\n"
	      "its whole life, and a second one on either refuses to start.\n"
	      "\n"
	      "Exit status: 0 stopped cleanly, 1 failed while running or another daemon\n"
	      "holds the state or runtime directory, 2 usage or configuration error, 3 the\n"
	      "host, tree or state file could not be read.\n",
	      f);
}

static int parse_log(const char *v, enum nt_audit_sink *out)
{
	if (!strcmp(v, "auto"))
		*out = NT_AUDIT_AUTO;
	else if (!strcmp(v, "journal"))
		*out = NT_AUDIT_JOURNAL;
	else if (!strcmp(v, "stderr"))
		*out = NT_AUDIT_STDERR;
	else
		return -1;
	return 0;
}

/* run's own options; the others are options.c's. */
static int run_option(struct cmd_args *a, int key, const char *arg)
{
	struct nt_daemon_opts *o = a->ctx;

	switch (key) {
	case '1':
		o->once = true;
		return 0;
	case 'm':
		/* the same rule as the policy's `metrics =` */
		if (!cfgval_file_path(arg, PATH_MAX)) {
			fprintf(stderr,
				"nettuned run: --metrics %s: expected an absolute file "
				"path, or \"\" for none (as `metrics =` in the policy)\n",
				arg);
			return -EINVAL;
		}
		o->metrics = arg;
		return 0;
	case 'l':
		if (parse_log(arg, &o->audit_sink) < 0) {
			fprintf(stderr,
				"nettuned run: --log %s: expected journal, stderr or auto\n", arg);
			return -EINVAL;
		}
		return 0;
	}
	return cmd_usage_error(a);
}

/* clang-format off */
static const struct option run_options[] = {
	CMD_OPTION_POLICY,
	CMD_OPTION_RULES,
	CMD_OPTION_DRY_RUN,
	{ "once", no_argument, NULL, '1' },
	CMD_OPTION_ROOT,
	CMD_OPTION_STATE_DIR,
	CMD_OPTION_RUNTIME_DIR,
	{ "metrics", required_argument, NULL, 'm' },
	{ "log", required_argument, NULL, 'l' },
	{ 0 },
};
/* clang-format on */

/* --policy and --root absolute: in the journal and for reloads, whatever the cwd was */
static const struct cmd_parser run_parser = {
	.options = run_options,
	.usage = usage,
	.option = run_option,
	.flags = CMD_ABSOLUTE,
};

/* @a (its .ctx @o) holds the absolute paths @o points to: it lives as long as the daemon. */
static bool parse(int argc, char **argv, struct nt_daemon_opts *o, struct cmd_args *a,
		  int *exit_code)
{
	if (!cmd_parse(&run_parser, a, argc, argv, exit_code))
		return false;
	o->config = a->config;
	o->dry_run = a->dry_run;
	if (a->root)
		o->root = a->root;
	if (a->state_dir)
		o->state_dir = a->state_dir;
	if (a->runtime_dir)
		o->runtime_dir = a->runtime_dir;
	return true;
}

/*
 * --root takes one snapshot tree; a capture (0000/, 0001/, ...) would run
 * the daemon on a host with no /proc at all, nothing found and nothing
 * said. True to go on; false with a hint when @root is one (exit 2).
 */
static bool root_is_a_tree(const char *root)
{
	struct nt_capture cap;
	char path[PATH_MAX];
	struct stat st;
	bool capture;

	if (!strcmp(root, "/") || capture_open(&cap, root) < 0)
		return true;
	snprintf(path, sizeof(path), "%s/proc", root);
	capture = stat(path, &st) < 0 && cap.count;
	if (capture)
		fprintf(stderr,
			"nettuned run: --root %s is a capture (%zu snapshot%s: %s/, ...), "
			"not a snapshot tree: give one snapshot (--root %s/%s) or replay the capture "
			"(nettuned replay --capture %s)\n",
			root, cap.count, cap.count == 1 ? "" : "s", cap.snaps[0].name, root,
			cap.snaps[0].name, root);
	capture_close(&cap);
	return !capture;
}

int cmd_run(int argc, char **argv)
{
	struct nt_daemon_opts o = {
		.root = "/",
		.state_dir = NT_STATE_DIR_DEFAULT,
		.runtime_dir = NT_RUNTIME_DIR_DEFAULT,
		.audit_sink = NT_AUDIT_AUTO,
	};
	_cleanup_free_ struct nt_daemon *d = NULL;
	struct cmd_args a = { .ctx = &o };
	int r;

	if (!parse(argc, argv, &o, &a, &r))
		return r;
	if (!root_is_a_tree(o.root))
		return NT_EXIT_USAGE;
	/* each entry tries the journal again (audit/sink.c): say it once here */
	if (o.audit_sink == NT_AUDIT_JOURNAL && access(AUDIT_JOURNAL_SOCKET, F_OK) < 0)
		fprintf(stderr,
			"nettuned run: --log journal: no journal socket at %s (%s); the "
			"audit trail goes to stderr until there is one\n",
			AUDIT_JOURNAL_SOCKET,
			strerrorname_np(errno) ? strerrorname_np(errno) : "error");
	d = calloc(1, sizeof(*d));
	if (!d) {
		fprintf(stderr, "nettuned run: out of memory\n");
		return NT_EXIT_FAILURE;
	}
	r = daemon_open(d, &o);
	if (r < 0) {
		daemon_close(d);
		/* another daemon holds a directory: a runtime failure, not bad input */
		if (r == -EBUSY)
			return NT_EXIT_FAILURE;
		return r == -EINVAL ? NT_EXIT_USAGE : NT_EXIT_UNREADABLE;
	}
	r = daemon_loop(d);
	r = r < 0 || d->exit_code ? NT_EXIT_FAILURE : 0;
	daemon_close(d);
	return r;
}
