// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * When a snapshot was taken. Live: CLOCK_MONOTONIC (what /proc/uptime's
 * first field also counts, so shell-made captures agree) and local time.
 * A capture stores both as text: `timestamp` ("12.500") and `wallclock`
 * (ISO 8601 with UTC offset).
 */
#include "sample/readers.h"
#include "util/parse.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

void wallclock_now(char *out, size_t size)
{
	time_t now = time(NULL);
	struct tm tm;
	char tz[8];
	size_t n;

	if (!localtime_r(&now, &tm)) {
		out[0] = '\0';
		return;
	}
	n = strftime(out, size, "%Y-%m-%dT%H:%M:%S", &tm);
	/* %z prints +0100; ISO 8601 extended form wants +01:00 */
	if (strftime(tz, sizeof(tz), "%z", &tm) == 5 && n + 7 <= size)
		snprintf(out + n, size - n, "%.3s:%.2s", tz, tz + 3);
}

int read_clock(struct nt_sampler *s, struct nt_snapshot *snap)
{
	if (s->live) {
		struct timespec ts;

		clock_gettime(CLOCK_MONOTONIC, &ts);
		snap->mono_s = (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
		snap->has_mono = true;
		wallclock_now(snap->wallclock, sizeof(snap->wallclock));
		return 0;
	}
	if (buf_read_at(&s->aux, s->rootfd, "timestamp") > 0) {
		char *end;
		double t = strtod(s->aux.data, &end);

		if (end != s->aux.data && t >= 0) {
			snap->mono_s = t;
			snap->has_mono = true;
		}
	}
	if (buf_read_at(&s->aux, s->rootfd, "wallclock") > 0)
		copy_trimmed(snap->wallclock, sizeof(snap->wallclock), s->aux.data, s->aux.len);
	return 0;
}
