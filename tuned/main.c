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

#include <stdio.h>
#include <string.h>

static void usage(FILE *f)
{
	fputs("Usage: nettuned COMMAND [OPTIONS]\n"
	      "\n"
	      "Commands:\n"
	      "  sample    show the receive path: one snapshot, or rates over an interval\n"
	      "            (live with the BPF signals) or from a capture\n"
	      "  record    write a capture of the live system (--out DIR --count N --interval DUR)\n"
	      "  recommend sample the host (or read a capture) and print what should change\n"
	      "  replay    simulate enforce mode over a capture: what would change, and when\n"
	      "  check     validate a policy and the rules it uses\n"
	      "  apply     set one knob, recording its original value first\n"
	      "  rollback  restore every original value nettuned recorded\n"
	      "  run       the daemon: sample, decide and (enforce mode) act every interval\n"
	      "  status    what the running daemon did and holds\n"
	      "  pause     hold every change the daemon would make (root only)\n"
	      "  resume    let the daemon make changes again\n"
	      "\n"
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
	if (!strcmp(argv[1], "sample"))
		return cmd_sample(argc - 1, argv + 1);
	if (!strcmp(argv[1], "record"))
		return cmd_record(argc - 1, argv + 1);
	if (!strcmp(argv[1], "recommend"))
		return cmd_recommend(argc - 1, argv + 1);
	if (!strcmp(argv[1], "replay"))
		return cmd_replay(argc - 1, argv + 1);
	if (!strcmp(argv[1], "check"))
		return cmd_check(argc - 1, argv + 1);
	if (!strcmp(argv[1], "apply"))
		return cmd_apply(argc - 1, argv + 1);
	if (!strcmp(argv[1], "rollback"))
		return cmd_rollback(argc - 1, argv + 1);
	if (!strcmp(argv[1], "run"))
		return cmd_run(argc - 1, argv + 1);
	if (!strcmp(argv[1], "status"))
		return cmd_status(argc - 1, argv + 1);
	if (!strcmp(argv[1], "pause"))
		return cmd_pause(argc - 1, argv + 1);
	if (!strcmp(argv[1], "resume"))
		return cmd_resume(argc - 1, argv + 1);
	fprintf(stderr, "nettuned: unknown command '%s'\n", argv[1]);
	usage(stderr);
	return NT_EXIT_USAGE;
}
