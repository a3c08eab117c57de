// SPDX-License-Identifier: GPL-2.0-or-later
#include "cmd/actcmd.h"
#include "cmd/cmd.h"
#include "sample/sampler.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

int actcmd_open(struct nt_actcmd *c, const char *cmd, const char *root, const char *state_dir)
{
	_cleanup_(sampler_closep) struct nt_sampler *s = NULL;
	char err[1024];
	int r;

	memset(c, 0, sizeof(*c));
	snapshot_init(&c->snap);
	r = act_open(&c->act, root, state_dir, NT_LOCK_WAIT_S, err, sizeof(err));
	if (r) {
		fprintf(stderr, "nettuned %s: %s\n", cmd, err);
		return NT_EXIT_UNREADABLE;
	}
	/* online CPUs, device identities and IRQ owners, read after the lock */
	r = sampler_open(&s, root, 0, err, sizeof(err));
	if (r) {
		fprintf(stderr, "nettuned %s: %s\n", cmd, err);
		return NT_EXIT_UNREADABLE;
	}
	r = sampler_take(s, &c->snap);
	if (r) {
		fprintf(stderr, "nettuned %s: sampling %s: %s\n", cmd, root, strerror(-r));
		return NT_EXIT_UNREADABLE;
	}
	return 0;
}

void actcmd_close(struct nt_actcmd *c)
{
	act_close(c->act);
	snapshot_free(&c->snap);
}
