// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * When a snapshot was taken. Live: CLOCK_MONOTONIC (what /proc/uptime's
 * first field also counts, so shell-made captures agree) and local time.
 * A capture stores both as text: `timestamp` ("12.500") and `wallclock`
 * (ISO 8601 with UTC offset).
 */
#include "sample/parsers.h"
#include "sample/readers.h"
#include "util/parse.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/*
 * ISO 8601 with the offset as +01:00. Not strftime(): glibc's calls
 * tzset() each time, which stats /etc/localtime, twice a cycle for %z.
 * localtime_r() keeps the zone it read first: a new zone shows in the
 * daemon's times after a restart.
 */
void sampler_wallclock_now(char *out, size_t size)
{
	time_t now = time(NULL);
	struct tm tm;
	long off_min;

	if (!localtime_r(&now, &tm)) {
		out[0] = '\0';
		return;
	}
	off_min = tm.tm_gmtoff / 60;
	snprintf(out, size, "%04d-%02d-%02dT%02d:%02d:%02d%c%02ld:%02ld", tm.tm_year + 1900,
		 tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
		 off_min < 0 ? '-' : '+', labs(off_min) / 60, labs(off_min) % 60);
}

/*
 * Monotonic seconds: "inf", "nan" and 1e308 are numbers to strtod() but
 * no clock reading; an interval from them would be infinite or not a
 * number, and every rate over it meaningless.
 */
bool sample_parse_timestamp(const char *text, double *out)
{
	char *end;
	double t = strtod(text, &end);

	if (end == text || !isfinite(t) || t < 0 || t > NT_MAX_TIMESTAMP_S)
		return false;
	*out = t;
	return true;
}

int sample_read_clock(struct nt_sampler *s, struct nt_snapshot *snap)
{
	if (s->live) {
		struct timespec ts;

		clock_gettime(CLOCK_MONOTONIC, &ts);
		snap->mono_s = (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
		snap->has_mono = true;
		sampler_wallclock_now(snap->wallclock, sizeof(snap->wallclock));
		return 0;
	}
	if (buf_read_at(&s->aux, s->rootfd, "timestamp") > 0) {
		if (sample_parse_timestamp(s->aux.data, &snap->mono_s))
			snap->has_mono = true;
		else
			snapshot_note(snap, "timestamp", "not a number of seconds from 0 to %.0f",
				      NT_MAX_TIMESTAMP_S);
	}
	if (buf_read_at(&s->aux, s->rootfd, "wallclock") > 0)
		parse_copy_trimmed(snap->wallclock, sizeof(snap->wallclock), s->aux.data,
				   s->aux.len);
	return 0;
}

int sampler_next(struct nt_sampler *s, const struct nt_snapshot *prev, struct nt_snapshot *cur)
{
	int r = sampler_take(s, cur);

	if (r < 0)
		return r;
	/* a tree without a `timestamp` file runs on the real clock */
	if (!cur->has_mono) {
		struct timespec ts;

		clock_gettime(CLOCK_MONOTONIC, &ts);
		cur->mono_s = (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
		cur->has_mono = true;
		if (!cur->wallclock[0])
			sampler_wallclock_now(cur->wallclock, sizeof(cur->wallclock));
	}
	/* a tree copied from a capture keeps its recorded time: nothing new */
	return prev && cur->mono_s <= prev->mono_s ? NT_SAMPLE_STALE : NT_SAMPLE_NEW;
}
