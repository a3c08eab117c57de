// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Other tuners on the host. Live: /proc/PID/comm of every process (comm
 * is the 15-character task name, so "irqbalance" and "tuned" match
 * exactly). A capture stores the names in `running`, one per line.
 * Scanning /proc costs an open per process, so live scans are rate-limited
 * to one per NT_RUNNING_REFRESH_S; in between the last answer is kept.
 */
#include "sample/parsers.h"
#include "sample/readers.h"
#include "util/cleanup.h"
#include "util/parse.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>

static unsigned int tuner_bit(const char *name, size_t n)
{
	static const struct {
		const char *comm;
		unsigned int bit;
	} known[] = {
		{ "irqbalance", NT_TUNER_IRQBALANCE },
		{ "tuned", NT_TUNER_TUNED },
		{ "bpftune", NT_TUNER_BPFTUNE },
	};

	for (size_t i = 0; i < NT_ARRAY_SIZE(known); i++)
		if (strlen(known[i].comm) == n && !memcmp(known[i].comm, name, n))
			return known[i].bit;
	return 0;
}

unsigned int sample_parse_running(const char *p)
{
	unsigned int bits = 0;

	for (; *p; p = next_line(p)) {
		const char *q = skip_blanks(p);
		size_t n = strcspn(q, "\r\n");

		while (n && (q[n - 1] == ' ' || q[n - 1] == '\t'))
			n--;
		bits |= tuner_bit(q, n);
	}
	return bits;
}

static int scan_proc(struct nt_sampler *s, unsigned int *bits)
{
	_cleanup_close_ int fd = openat(s->rootfd, "proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	struct nt_dirent de;
	size_t pos = 0;
	int r;

	if (fd < 0)
		return -errno;
	r = dir_read(&s->dirs[0], fd, ".");
	if (r < 0)
		return r;
	*bits = 0;
	while (dir_next(&s->dirs[0], &pos, &de)) {
		char path[300];

		if (de.name[0] < '1' || de.name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "%.32s/comm", de.name);
		if (buf_read_at(&s->aux, fd, path) > 0)
			*bits |= sample_parse_running(s->aux.data);
	}
	return 0;
}

int sample_read_running(struct nt_sampler *s, struct nt_snapshot *snap)
{
	if (!s->live) {
		long n = buf_read_at(&s->aux, s->rootfd, "running");

		snap->src_err[NT_SRC_RUNNING] = n < 0 ? (int)n : 0;
		snap->has_running = n >= 0;
		if (n >= 0)
			snap->tuners = sample_parse_running(s->aux.data);
		return 0;
	}
	if (!snap->has_mono || !s->running_valid ||
	    snap->mono_s - s->running_at >= NT_RUNNING_REFRESH_S || snap->mono_s < s->running_at) {
		if (scan_proc(s, &s->running_bits) == 0) {
			s->running_valid = true;
			s->running_at = snap->mono_s;
		}
	}
	snap->has_running = s->running_valid;
	snap->src_err[NT_SRC_RUNNING] = s->running_valid ? 0 : -ENOENT;
	snap->tuners = s->running_bits;
	return 0;
}
