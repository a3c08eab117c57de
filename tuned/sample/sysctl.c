// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The receive-path sysctls. They exist only in the initial network
 * namespace's view of /proc/sys/net/core (per-netns copies are not made
 * for these), and netdev_budget_usecs only from 4.12 on.
 */
#include "sample/readers.h"
#include "util/parse.h"

#include <stdio.h>
#include <string.h>

int read_sysctls(struct nt_sampler *s, struct nt_snapshot *snap)
{
	for (int i = 0; i < NT_SYSCTL_COUNT; i++) {
		/* "net.core.x" -> "proc/sys/net/core/x" */
		char path[96];
		int64_t v;

		snprintf(path, sizeof(path), "proc/sys/net/core/%s",
			 nt_sysctl_names[i] + strlen("net.core."));
		if (buf_read_at(&s->buf, s->rootfd, path) < 0)
			continue;
		if (parse_i64(s->buf.data, &v) == 0)
			snap->sysctl[i] = v;
	}
	return 0;
}
