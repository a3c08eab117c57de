/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What `pause`, `resume` (control.c) and `status` (status.c) share. */
#ifndef NT_CONTROL_H
#define NT_CONTROL_H

#include <stdbool.h>
#include <stdio.h>
#include <sys/types.h>

void control_usage(FILE *f, const char *cmd);
/* DIR/NAME whole (free() it), or NULL with errno set. */
char *control_read(const char *dir, const char *name);
/* What follows "KEY": in the daemon's status.json, or NULL. */
const char *control_json_field(const char *json, const char *key);
/* The pid in status.json when that process is alive, else 0. */
pid_t control_daemon_pid(const char *json);

#endif
