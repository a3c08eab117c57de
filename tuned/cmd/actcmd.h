/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What apply and rollback share: the actuators plus a snapshot of the same root. */
#ifndef NT_ACTCMD_H
#define NT_ACTCMD_H

#include "act/act.h"
#include "model/snapshot.h"

/* How long apply and rollback wait for a daemon's cycle to release the lock. */
#define NT_LOCK_WAIT_S 10.0

struct nt_actcmd {
	struct nt_act *act;
	struct nt_snapshot snap;
};

/* Prints the error ("nettuned CMD: ...") and returns an exit code, 0 on success. */
int actcmd_open(struct nt_actcmd *c, const char *cmd, const char *root, const char *state_dir);
void actcmd_close(struct nt_actcmd *c);

#endif
