/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef NT_CMD_H
#define NT_CMD_H

#include <stdbool.h>

/*
 * Exit codes: 0 success, 1 runtime failure (or findings with
 * --fail-on-findings, or errors found by check), 2 usage error,
 * 3 the system, capture or a configuration file could not be read.
 */
#define NT_EXIT_FAILURE 1
#define NT_EXIT_FINDINGS 1
#define NT_EXIT_USAGE 2
#define NT_EXIT_UNREADABLE 3

/* An option parser is done (--help, a usage error): the command exits with @code. */
static inline bool cmd_stop(int *exit_code, int code)
{
	*exit_code = code;
	return false;
}

int cmd_sample(int argc, char **argv);
int cmd_record(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_recommend(int argc, char **argv);
int cmd_replay(int argc, char **argv);
int cmd_apply(int argc, char **argv);
int cmd_rollback(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_pause(int argc, char **argv);
int cmd_resume(int argc, char **argv);
int cmd_status(int argc, char **argv);

#endif
