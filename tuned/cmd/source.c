// SPDX-License-Identifier: GPL-2.0-or-later
#include "cmd/source.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

int source_open_capture(struct nt_snapsource *s, const char *dir)
{
	int r;

	memset(s, 0, sizeof(*s));
	r = capture_open(&s->cap, dir);
	if (r < 0) {
		fprintf(stderr, "nettuned: capture %s: %s\n", dir,
			r == -ENOENT ? "no snapshot directories (0000/, 0001/, ...) found" :
				       strerror(-r));
		return r;
	}
	s->total = s->cap.count;
	return 0;
}

static double mono_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int source_open_live(struct nt_snapsource *s, double duration_s, double interval_s, bool bpf)
{
	char err[PATH_MAX + 64];
	int r;

	memset(s, 0, sizeof(*s));
	s->live = true;
	s->interval_s = interval_s;
	s->total = (size_t)lround(duration_s / interval_s) + 1;
	s->progress = isatty(STDERR_FILENO);
	r = sampler_open(&s->sampler, "/", bpf ? NT_SAMPLER_BPF : 0, err, sizeof(err));
	if (r < 0)
		fprintf(stderr, "nettuned: %s\n", err);
	return r;
}

void source_close(struct nt_snapsource *s)
{
	if (s->live)
		sampler_close(s->sampler);
	else
		capture_close(&s->cap);
	s->sampler = NULL;
}

/* Sleeps until snapshot @i is due: start + i * interval, without drift. */
static void wait_for(const struct nt_snapsource *s, size_t i)
{
	double due = s->start_s + (double)i * s->interval_s, now = mono_now();
	struct timespec ts;

	if (due <= now)
		return;
	ts.tv_sec = (time_t)(due - now);
	ts.tv_nsec = (long)((due - now - (double)ts.tv_sec) * 1e9);
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

static int next_live(struct nt_snapsource *s, struct nt_snapshot *snap)
{
	int r;

	if (s->next == 0)
		s->start_s = mono_now();
	else
		wait_for(s, s->next);
	if (s->progress)
		fprintf(stderr, "\rnettuned: sampling %zu/%zu (%.0f s left) ", s->next + 1,
			s->total, (double)(s->total - 1 - s->next) * s->interval_s);
	r = sampler_take(s->sampler, snap);
	if (r < 0) {
		fprintf(stderr, "\nnettuned: sampling /: %s\n", strerror(-r));
		return r;
	}
	if (s->progress && s->next + 1 == s->total)
		fputs("\r\033[K", stderr);
	return 1;
}

static int next_capture(struct nt_snapsource *s, struct nt_snapshot *snap)
{
	struct nt_sampler *sm;
	char path[PATH_MAX], err[PATH_MAX + 64];
	int r = capture_path(&s->cap, s->next, path, sizeof(path));

	if (r < 0) {
		fprintf(stderr, "nettuned: capture %s: snapshot %zu: %s\n", s->cap.dir, s->next,
			strerror(-r));
		return r;
	}
	r = sampler_open(&sm, path, 0, err, sizeof(err));
	if (r < 0) {
		fprintf(stderr, "nettuned: %s\n", err);
		return r;
	}
	r = sampler_take(sm, snap);
	sampler_close(sm);
	if (r < 0) {
		fprintf(stderr, "nettuned: reading %s: %s\n", path, strerror(-r));
		return r;
	}
	return 1;
}

void source_name(const struct nt_snapsource *s, size_t i, char *out, size_t size)
{
	if (!s->live && i < s->cap.count)
		snprintf(out, size, "%s", s->cap.snaps[i].name);
	else
		snprintf(out, size, "#%zu", i + 1);
}

int source_next(struct nt_snapsource *s, struct nt_snapshot *snap)
{
	int r;

	if (s->next >= s->total)
		return 0;
	r = s->live ? next_live(s, snap) : next_capture(s, snap);
	if (r > 0)
		s->next++;
	return r;
}
