// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The receive-path sysctls. They exist only in the initial network
 * namespace's view of /proc/sys/net/core (per-netns copies are not made
 * for these), and netdev_budget_usecs only from 4.12 on. All five are
 * ints in the kernel (proc_dointvec*), so a number beyond an int is not a
 * value the kernel could print: unreadable, and said once.
 */
#include "sample/parsers.h"
#include "sample/readers.h"
#include "util/parse.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

int sysctl_parse(const char *text, int64_t *out)
{
	int64_t v;
	int r = parse_i64(text, &v);

	if (r < 0) {
		/* parse_i64() refuses beyond int64; tell a number from no number */
		const char *p = skip_blanks(text);

		while (*p == '\n')
			p++;
		p += *p == '-';
		return *p >= '0' && *p <= '9' ? -ERANGE : r;
	}
	if (v > INT_MAX || v < INT_MIN)
		return -ERANGE;
	*out = v;
	return 0;
}

int sample_read_sysctls(struct nt_sampler *s, struct nt_snapshot *snap)
{
	for (int i = 0; i < NT_SYSCTL_COUNT; i++) {
		/* "net.core.x" -> "proc/sys/net/core/x" */
		char path[96];
		int64_t v;
		int r;

		snprintf(path, sizeof(path), "proc/sys/net/core/%s",
			 nt_sysctl_names[i] + strlen("net.core."));
		if (sample_read_kept(s, &s->buf, path) < 0)
			continue;
		r = sysctl_parse(s->buf.data, &v);
		if (r == 0)
			snap->sysctl[i] = v;
		else if (r == -ERANGE)
			snapshot_note(snap, path, "unreadable: the value does not fit an int");
	}
	return 0;
}
