// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * nettuned apply: one change an operator asks for, through the same
 * actuators as the daemon, with the original recorded first. It checks
 * only what makes the value invalid; the policy (mode, exclusions,
 * windows) is not consulted.
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

static void usage(FILE *f, const char *cmd)
{
	fputs("Usage: nettuned apply --knob KNOB --to VALUE [--device DEV] [--queue N] [--irq N]\n"
	      "                      [--state-dir DIR] [--root DIR] [--json]\n"
	      "\n"
	      "Sets one knob, recording its original value first so that `nettuned rollback`\n"
	      "can put it back. VALUE uses the `to` syntax of `nettuned recommend --json`:\n"
	      "a decimal number, a CPU list (\"1-3,5\"; \"\" for none) or on/off. Only what\n"
	      "makes the value invalid is checked (range, driver maximum, online CPUs); the\n"
	      "policy's mode, exclusions and windows do not apply to an explicit command.\n"
	      "\n"
	      "  --knob KNOB      net.core.netdev_budget, net.core.netdev_budget_usecs,\n"
	      "                   net.core.netdev_max_backlog, net.core.dev_weight,\n"
	      "                   net.core.rps_sock_flow_entries, ring.rx, ring.tx,\n"
	      "                   channels.combined, eee.enabled (need --device),\n"
	      "                   rps.cpus, rps.flow_cnt (need --device and --queue),\n"
	      "                   irq.affinity (needs --irq)\n"
	      "  --to VALUE       the value to set\n"
	      "  --device DEV     network device\n"
	      "  --queue N        RX queue number (rx-N)\n"
	      "  --irq N          IRQ number\n"
	      "  --state-dir DIR  where originals are recorded (default " NT_STATE_DIR_DEFAULT ")\n"
	      "  --root DIR       act on a fixture tree in the capture format instead of the host\n"
	      "  --json           print the result as one JSON object\n"
	      "  -h, --help       show this help\n"
	      "\n"
	      "Ring and EEE changes make most drivers reset the link for a moment.\n"
	      "\n"
	      "Exit status: 0 applied or already at VALUE, 1 refused or failed (the\n"
	      "message says why, with the kernel's own words where it gave any), 2 usage\n"
	      "error, 3 the state directory or the host could not be read.\n",
	      f);
}

struct apply_opts {
	struct nt_knob_id t;
	const char *knob;
	const char *to;
	const char *state_dir;
	const char *root;
	bool json;
};

static int parse_index(const char *opt, const char *v, int *out)
{
	char *end;
	long n;

	errno = 0;
	n = strtol(v, &end, 10);
	if (errno || !*v || *end || n < 0 || n > 1 << 30) {
		fprintf(stderr, "nettuned apply: %s wants a number, not '%s'\n", opt, v);
		return -EINVAL;
	}
	*out = (int)n;
	return 0;
}

/* The instance options a knob needs, and no others. */
static int check_instance(const struct apply_opts *o)
{
	enum nt_knob_where w = nt_knobs[o->t.knob].where;
	const char *name = nt_knobs[o->t.knob].name;
	bool dev = w == NT_KW_DEVICE || w == NT_KW_QUEUE;

	if (dev != !!o->t.device[0] || (w == NT_KW_QUEUE) != (o->t.queue >= 0) ||
	    (w == NT_KW_IRQ) != (o->t.irq >= 0)) {
		fprintf(stderr, "nettuned apply: %s takes %s\n", name,
			w == NT_KW_HOST   ? "no --device, --queue or --irq" :
			w == NT_KW_DEVICE ? "--device (and no --queue or --irq)" :
			w == NT_KW_QUEUE  ? "--device and --queue (and no --irq)" :
					    "--irq (and no --device or --queue)");
		return -EINVAL;
	}
	return 0;
}

static int apply_option(struct cmd_args *a, int key, const char *arg)
{
	struct apply_opts *o = a->ctx;

	switch (key) {
	case 'k':
		o->knob = arg;
		return 0;
	case 't':
		o->to = arg;
		return 0;
	case 'd':
		if (!*arg || strlen(arg) >= sizeof(o->t.device)) {
			fprintf(stderr, "nettuned apply: '%s' is not a device name\n", arg);
			return -EINVAL;
		}
		strcpy(o->t.device, arg);
		return 0;
	case 'q':
		return parse_index("--queue", arg, &o->t.queue);
	case 'i':
		return parse_index("--irq", arg, &o->t.irq);
	}
	return cmd_usage_error(a);
}

/* clang-format off */
static const struct option apply_options[] = {
	{ "knob", required_argument, NULL, 'k' },
	{ "to", required_argument, NULL, 't' },
	{ "device", required_argument, NULL, 'd' },
	{ "queue", required_argument, NULL, 'q' },
	{ "irq", required_argument, NULL, 'i' },
	CMD_OPTION_STATE_DIR,
	CMD_OPTION_ROOT,
	CMD_OPTION_JSON,
	{ 0 },
};
/* clang-format on */

static const struct cmd_parser apply_parser = {
	.options = apply_options,
	.usage = usage,
	.option = apply_option,
	.flags = CMD_EXTRA_UNNAMED | CMD_EXTRA_NO_USAGE,
};

/* The knob and its value, once every option is read: 0 or -EINVAL. */
static int check_request(struct apply_opts *o)
{
	static const char *const syntax[] = {
		[NT_KT_NUMBER] = "a decimal number",
		[NT_KT_CPUS] = "a CPU list such as 0-3,8, or \"\" for none",
		[NT_KT_BOOL] = "on or off",
	};
	struct nt_value v;
	int k;

	if (!o->knob || !o->to) {
		fprintf(stderr, "nettuned apply: --knob and --to are required\n");
		return -EINVAL;
	}
	k = knob_by_name(o->knob);
	if (k < 0) {
		fprintf(stderr, "nettuned apply: unknown knob '%s' (see --help)\n", o->knob);
		return -EINVAL;
	}
	o->t.knob = (enum nt_knob)k;
	if (knob_value_parse(o->t.knob, o->to, &v)) {
		fprintf(stderr, "nettuned apply: '%s' is not a value of %s (%s)\n", o->to, o->knob,
			syntax[nt_knobs[k].type]);
		return -EINVAL;
	}
	return check_instance(o);
}

/* True to go on; false when the command is done, its exit code in *@exit_code. */
static bool parse_opts(int argc, char **argv, struct apply_opts *o, int *exit_code)
{
	struct cmd_args a = { .ctx = o };

	memset(o, 0, sizeof(*o));
	o->t.queue = o->t.irq = -1;
	if (!cmd_parse(&apply_parser, &a, argc, argv, exit_code))
		return false;
	if (check_request(o) < 0)
		return cmd_stop(exit_code, NT_EXIT_USAGE);
	o->state_dir = a.state_dir ? a.state_dir : NT_STATE_DIR_DEFAULT;
	o->root = a.root ? a.root : "/";
	o->json = a.json;
	return true;
}

static void print_json(const struct apply_opts *o, const struct nt_act_result *res)
{
	struct nt_json j;
	const char *name = res->err ? strerrorname_np(-res->err) : NULL;

	json_init(&j, stdout);
	json_begin_object(&j);
	json_kv_string(&j, "outcome", act_outcome_name(res->outcome));
	json_kv_string(&j, "knob", nt_knobs[o->t.knob].name);
	json_key(&j, "device");
	o->t.device[0] ? json_string(&j, o->t.device) : json_null(&j);
	json_key(&j, "queue");
	o->t.queue >= 0 ? json_i64(&j, o->t.queue) : json_null(&j);
	json_key(&j, "irq");
	o->t.irq >= 0 ? json_i64(&j, o->t.irq) : json_null(&j);
	json_kv_string(&j, "from", res->from);
	json_kv_string(&j, "to", res->to);
	json_kv_string(&j, "now", res->now);
	json_key(&j, "errno");
	name ? json_string(&j, name) : json_null(&j);
	json_kv_string(&j, "message", res->msg);
	json_end_object(&j);
}

static void print_text(const struct apply_opts *o, const struct nt_act_result *res)
{
	const char *unit = nt_knobs[o->t.knob].unit;
	const char *sp = unit[0] ? " " : "";

	if (res->outcome == NT_ACT_APPLIED) {
		printf("applied: %s: %s -> %s%s%s (original recorded in %s/%s)\n", res->what,
		       res->from[0] ? res->from : "\"\"", res->now[0] ? res->now : "\"\"", sp, unit,
		       o->state_dir, NT_STATE_FILE);
		if (res->msg[0])
			printf("note: %s\n", res->msg);
	} else if (res->outcome == NT_ACT_UNCHANGED)
		printf("unchanged: %s is already %s%s%s\n", res->what,
		       res->now[0] ? res->now : "\"\"", sp, unit);
	else
		fprintf(stderr, "nettuned apply: %s: %s: %s\n", act_outcome_name(res->outcome),
			res->what, res->msg);
}

/*
 * --device names no network device of this root (or this network
 * namespace): say that, not that a device "no longer exists". The
 * snapshot was taken under the lock, just before the write would be.
 */
static bool no_such_device(const struct apply_opts *o, const struct nt_actcmd *c,
			   struct nt_act_result *res)
{
	if (!o->t.device[0] || snapshot_find_dev(&c->snap, o->t.device))
		return false;
	res->outcome = NT_ACT_GONE;
	res->err = -ENODEV;
	act_describe(o->t.knob, o->t.device, o->t.queue, o->t.irq, NULL, res->what,
		     sizeof(res->what));
	snprintf(res->to, sizeof(res->to), "%s", o->to);
	snprintf(res->msg, sizeof(res->msg),
		 "no such device: %s is no network device %s "
		 "(ENODEV)%s",
		 o->t.device, strcmp(o->root, "/") ? "in the root" : "in this network namespace",
		 strcmp(o->root, "/") ?
			 "" :
			 "; `ip link` lists them, `ip netns exec NS` runs in another namespace");
	return true;
}

int cmd_apply(int argc, char **argv)
{
	struct nt_act_result *res = calloc(1, sizeof(*res));
	struct apply_opts o;
	struct nt_actcmd c;
	int r;

	if (!res)
		return NT_EXIT_FAILURE;
	if (!parse_opts(argc, argv, &o, &r)) {
		free(res);
		return r;
	}
	r = actcmd_open(&c, "apply", o.root, o.state_dir);
	if (r) {
		free(res);
		return r;
	}
	if (no_such_device(&o, &c, res)) {
		r = -ENODEV;
		if (o.json)
			print_json(&o, res);
		fprintf(stderr, "nettuned apply: %s\n", res->msg);
	} else {
		r = act_apply(c.act, &c.snap, &o.t, o.to, res);
		if (o.json)
			print_json(&o, res);
		if (!o.json || r)
			print_text(&o, res);
	}
	actcmd_close(&c);
	free(res);
	return r ? NT_EXIT_FAILURE : 0;
}
