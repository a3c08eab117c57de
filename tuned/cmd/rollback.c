// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * nettuned rollback: every original in the state file back, newest change
 * first, one line per record.
 */
#include "cmd/actcmd.h"
#include "cmd/cmd.h"
#include "cmd/options.h"
#include "state/state.h"
#include "util/json.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static void usage(FILE *f, const char *cmd)
{
	fputs("Usage: nettuned rollback [--state-dir DIR] [--root DIR] [--force] [--dry-run] [--json]\n"
	      "\n"
	      "Restores the original value of every knob nettuned changed (recorded in\n"
	      "DIR/" NT_STATE_FILE "), newest change first, and clears the record of each\n"
	      "knob it restored. A knob someone changed since nettuned last wrote it is\n"
	      "left alone and reported, unless --force. Records from an earlier boot are\n"
	      "reported and dropped: the kernel already reset those knobs. A device is\n"
	      "found again by its bus address or permanent MAC, even if renamed.\n"
	      "\n"
	      "  --state-dir DIR  default " NT_STATE_DIR_DEFAULT "; it must exist (rollback\n"
	      "                   never creates it)\n"
	      "  --root DIR       act on a fixture tree in the capture format instead of the host\n"
	      "  --force          restore also what someone changed since nettuned did\n"
	      "  --dry-run        say what would be done; write nothing\n"
	      "  --json           JSON Lines: one object per record\n"
	      "  -h, --help       show this help\n"
	      "\n"
	      "Exit status: 0 every record restored or cleared, 1 some records kept (changed\n"
	      "since, another network namespace, or the kernel refused), 2 usage error,\n"
	      "3 the state directory or the host could not be read.\n",
	      f);
}

struct rb_opts {
	const char *state_dir;
	bool state_dir_named; /* --state-dir was given */
	const char *root;
	unsigned int flags;
	bool json;
	size_t seen;
};

/* rollback's own option, --force */
static int rollback_option(struct cmd_args *a, int key, const char *arg)
{
	struct rb_opts *o = a->ctx;

	if (key != 'f')
		return cmd_usage_error(a);
	o->flags |= NT_RB_FORCE;
	return 0;
}

/* clang-format off */
static const struct option rollback_options[] = {
	CMD_OPTION_STATE_DIR,
	CMD_OPTION_ROOT,
	{ "force", no_argument, NULL, 'f' },
	CMD_OPTION_DRY_RUN,
	CMD_OPTION_JSON,
	{ 0 },
};
/* clang-format on */

static const struct cmd_parser rollback_parser = {
	.options = rollback_options,
	.usage = usage,
	.option = rollback_option,
	.flags = CMD_EXTRA_NO_USAGE,
};

/* True to go on; false when the command is done, its exit code in *@exit_code. */
static bool parse_opts(int argc, char **argv, struct rb_opts *o, int *exit_code)
{
	struct cmd_args a = { .ctx = o };

	memset(o, 0, sizeof(*o));
	if (!cmd_parse(&rollback_parser, &a, argc, argv, exit_code))
		return false;
	o->state_dir_named = a.state_dir != NULL;
	o->state_dir = a.state_dir ? a.state_dir : NT_STATE_DIR_DEFAULT;
	o->root = a.root ? a.root : "/";
	if (a.dry_run)
		o->flags |= NT_RB_DRY_RUN;
	o->json = a.json;
	return true;
}

static void report(const struct nt_rb_result *r, void *user)
{
	struct rb_opts *o = user;
	const char *name = r->err ? strerrorname_np(-r->err) : NULL;
	struct nt_json j;

	o->seen++;
	if (!o->json) {
		printf("%s: %s: original %s", act_rb_outcome_name(r->outcome), r->what,
		       r->original[0] ? r->original : "\"\"");
		if (r->msg[0])
			printf(" (%s)", r->msg);
		putchar('\n');
		return;
	}
	json_init(&j, stdout);
	json_begin_object(&j);
	json_kv_string(&j, "outcome", act_rb_outcome_name(r->outcome));
	json_kv_string(&j, "what", r->what);
	json_kv_string(&j, "original", r->original);
	json_kv_string(&j, "found", r->now);
	json_key(&j, "errno");
	name ? json_string(&j, name) : json_null(&j);
	json_kv_string(&j, "message", r->msg);
	json_end_object(&j);
}

/*
 * Rollback reads what apply and the daemon recorded; it never creates the
 * state directory. One named on the command line that does not exist is a
 * mistake (a typo, another host's path); the default one missing means
 * nothing was ever recorded. True to go on, else the exit code in *@exit_code.
 */
static bool state_dir_exists(const struct rb_opts *o, int *exit_code)
{
	struct stat st;
	int err = stat(o->state_dir, &st) < 0 ? errno : S_ISDIR(st.st_mode) ? 0 : ENOTDIR;

	if (!err)
		return true;
	if (err == ENOENT && !o->state_dir_named) {
		if (!o->json)
			printf("nothing to roll back: %s does not exist (nettuned never recorded a "
			       "change here)\n",
			       o->state_dir);
		return cmd_stop(exit_code, 0);
	}
	fprintf(stderr, "nettuned rollback: state directory %s: %s (%s)\n", o->state_dir,
		err == ENOENT ? "does not exist" : strerror(err), strerrorname_np(err));
	return cmd_stop(exit_code, NT_EXIT_UNREADABLE);
}

int cmd_rollback(int argc, char **argv)
{
	struct rb_opts o;
	struct nt_actcmd c;
	int r;

	if (!parse_opts(argc, argv, &o, &r))
		return r;
	if (!state_dir_exists(&o, &r))
		return r;
	r = actcmd_open(&c, "rollback", o.root, o.state_dir);
	if (r)
		return r;
	r = act_rollback(c.act, &c.snap, o.flags, report, &o);
	actcmd_close(&c);
	if (r < 0) {
		fprintf(stderr, "nettuned rollback: stopped: %s\n", strerror(-r));
		return NT_EXIT_FAILURE;
	}
	if (!o.seen && !o.json)
		printf("nothing to roll back: %s/%s holds no changes\n", o.state_dir,
		       NT_STATE_FILE);
	return r ? NT_EXIT_FAILURE : 0;
}
