/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef NT_CMD_H
#define NT_CMD_H

/* Exit codes: 0 success, 1 runtime failure, 2 usage error. */
#define NT_EXIT_FAILURE 1
#define NT_EXIT_USAGE 2

int cmd_sample(int argc, char **argv);
int cmd_record(int argc, char **argv);

#endif
