// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * nettuned: watches the Linux receive path (NAPI budget squeezes, softnet
 * backlog drops, NIC ring discards, IRQ placement, EEE), recommends what
 * to change, changes it on request (apply) or as a daemon under safety
 * windows (run), and puts it back (rollback). This is the command
 * dispatcher; each command lives in cmd/.
 */
#include "cmd/cmd.h"
#include "config.h"
#include "util/cleanup.h"

#include <stdio.h>
#include <string.h>

/* One entry per command: its name, what `nettuned --help` says of it, its entry point. */
static const struct verb {
	const char *name;
	const char *help;
	int (*run)(int argc, char **argv);
} verbs[] = {
	{ "sample",
	  "show the receive path: one snapshot, or rates over an interval\n"
	  "            (live with the BPF signals) or from a capture",
	  cmd_sample },
	{ "record", "write a capture of the live system (--out DIR --count N --interval DUR)",
	  cmd_record },
	{ "recommend", "sample the host (or read a capture) and print what should change",
	  cmd_recommend },
	{ "replay", "simulate enforce mode over a capture: what would change, and when",
	  cmd_replay },
	{ "check", "validate a policy and the rules it uses", cmd_check },
	{ "apply", "set one knob, recording its original value first", cmd_apply },
	{ "rollback", "restore every original value nettuned recorded", cmd_rollback },
	{ "run", "the daemon: sample, decide and (enforce mode) act every interval", cmd_run },
	{ "status", "what the running daemon did and holds", cmd_status },
	{ "pause", "hold every change the daemon would make (root only)", cmd_pause },
	{ "resume", "let the daemon make changes again", cmd_resume },
};

static void usage(FILE *f)
{
	fputs("Usage: nettuned COMMAND [OPTIONS]\n\nCommands:\n", f);
	for (size_t i = 0; i < NT_ARRAY_SIZE(verbs); i++)
		fprintf(f, "  %-9s %s\n", verbs[i].name, verbs[i].help);
	fputs("\n"
	      "Options:\n"
	      "  -h, --help     show this help (COMMAND --help for a command's options)\n"
	      "  -V, --version  print the version\n",
	      f);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return NT_EXIT_USAGE;
	}
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") || !strcmp(argv[1], "help")) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(argv[1], "-V") || !strcmp(argv[1], "--version")) {
		printf("nettuned %s\n", NT_VERSION);
		return 0;
	}
	for (size_t i = 0; i < NT_ARRAY_SIZE(verbs); i++)
		if (!strcmp(argv[1], verbs[i].name))
			return verbs[i].run(argc - 1, argv + 1);
	fprintf(stderr, "nettuned: unknown command '%s'\n", argv[1]);
	usage(stderr);
	return NT_EXIT_USAGE;
}
