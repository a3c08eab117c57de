// SPDX-License-Identifier: GPL-2.0-or-later
/* nettuned record --out DIR --count N --interval DUR */
#include "cmd/cmd.h"
#include "cmd/options.h"
#include "config/cfgval.h"
#include "sample/capture_write.h"
#include "sample/sampler.h"
#include "util/cleanup.h"
#include "util/path.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

static void usage(FILE *f, const char *cmd)
{
	fputs("Usage: nettuned record --out DIR [--count N] [--interval DUR] [--no-bpf]\n"
	      "\n"
	      "Writes a capture of the live system: N snapshot directories (0000/, 0001/, ...)\n"
	      "taken DUR apart, plus a meta file, in the format `nettuned sample --capture`\n"
	      "and `--root DIR/0000` read (see README, \"Capture format\").\n"
	      "\n"
	      "  --out DIR            directory to write; created if missing, must hold no capture\n"
	      "  --count N            number of snapshots (default 2)\n"
	      "  --interval DUR       time between snapshots, as for `sample` and `recommend`:\n"
	      "                       1s, 500ms, 2min, a bare number of seconds (default 1s)\n"
	      "  --no-bpf             do not load the BPF signals (bpf/ in each snapshot then\n"
	      "                       says they were off); they are loaded when they can be\n"
	      "  -h, --help           show this help\n",
	      f);
}

static bool holds_capture(const char *dir)
{
	char path[PATH_MAX];
	struct stat st;

	path_printf(path, sizeof(path), "%s/0000", dir);
	return stat(path, &st) == 0;
}

static void sleep_until(const struct timespec *start, double offset_s)
{
	struct timespec t = *start;
	double whole = floor(offset_s);

	t.tv_sec += (time_t)whole;
	t.tv_nsec += (long)((offset_s - whole) * 1e9);
	if (t.tv_nsec >= 1000000000L) {
		t.tv_sec++;
		t.tv_nsec -= 1000000000L;
	}
	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &t, NULL) == EINTR)
		;
}

static int record(const char *out, unsigned long count, double interval, bool bpf)
{
	const char *why;
	struct nt_sampler *s;
	struct nt_snapshot snap;
	char err[PATH_MAX + 128];
	_cleanup_close_ int outfd = -1;
	struct timespec start;
	int width = 4, r;

	if (mkdir(out, 0755) < 0 && errno != EEXIST) {
		fprintf(stderr, "nettuned record: cannot create %s: %s\n", out, strerror(errno));
		return NT_EXIT_FAILURE;
	}
	if (holds_capture(out)) {
		fprintf(stderr,
			"nettuned record: %s already holds a capture (0000/); choose another --out\n",
			out);
		return NT_EXIT_FAILURE;
	}
	outfd = open(out, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (outfd < 0) {
		fprintf(stderr, "nettuned record: cannot open %s: %s\n", out, strerror(errno));
		return NT_EXIT_FAILURE;
	}
	r = sampler_open(&s, "/", bpf ? NT_SAMPLER_BPF : 0, err, sizeof(err));
	if (r < 0) {
		fprintf(stderr, "nettuned record: %s\n", err);
		return NT_EXIT_FAILURE;
	}
	if (bpf && sampler_bpf_state(s, &why) < 0)
		fprintf(stderr, "nettuned record: BPF signals off: %s; recording /proc and sysfs\n",
			why);
	if (capture_write_meta(outfd, err, sizeof(err)) < 0)
		fprintf(stderr, "nettuned record: %s/%s\n", out, err);
	for (unsigned long n = count - 1; n >= 10000; n /= 10)
		width++;
	snapshot_init(&snap);
	clock_gettime(CLOCK_MONOTONIC, &start);
	for (unsigned long i = 0; i < count && r == 0; i++) {
		char name[32];

		if (i)
			sleep_until(&start, interval * (double)i);
		path_printf(name, sizeof(name), "%0*lu", width, i);
		r = sampler_take(s, &snap);
		if (r < 0) {
			fprintf(stderr, "nettuned record: sampling: %s\n", strerror(-r));
			break;
		}
		r = capture_write_snapshot(s, &snap, outfd, name, err, sizeof(err));
		if (r < 0)
			fprintf(stderr, "nettuned record: %s/%s\n", out, err);
	}
	snapshot_free(&snap);
	sampler_close(s);
	if (r == 0)
		fprintf(stderr, "nettuned record: wrote %lu snapshot%s to %s\n", count,
			count == 1 ? "" : "s", out);
	return r < 0 ? NT_EXIT_FAILURE : 0;
}

struct record_opts {
	const char *out;
	unsigned long count;
	double interval;
};

static int parse_count(const char *arg, unsigned long *count)
{
	char *end;

	errno = 0;
	*count = strtoul(arg, &end, 10);
	if (errno || *end || !*count || *count > 1000000 || arg[0] == '-') {
		fprintf(stderr, "nettuned record: --count must be 1..1000000, got '%s'\n", arg);
		return -EINVAL;
	}
	return 0;
}

static int record_option(struct cmd_args *a, int key, const char *arg)
{
	struct record_opts *o = a->ctx;

	switch (key) {
	case 'o':
		o->out = arg;
		return 0;
	case 'n':
		return parse_count(arg, &o->count);
	case 'i':
		if (cfgval_duration(arg, &o->interval) < 0 ||
		    !(o->interval >= 0.01 && o->interval <= 86400)) {
			fprintf(stderr,
				"nettuned record: --interval must be a duration from "
				"10ms to 1d (1s, 500ms, 2min), got '%s'\n",
				arg);
			return -EINVAL;
		}
		return 0;
	}
	return cmd_usage_error(a);
}

/* A missing --out is said before an extra argument is. */
static int record_required(struct cmd_args *a)
{
	const struct record_opts *o = a->ctx;

	if (o->out)
		return 0;
	fprintf(stderr, "nettuned record: --out DIR is required\n");
	return cmd_usage_error(a);
}

/* clang-format off */
static const struct option record_options[] = {
	{ "out", required_argument, NULL, 'o' },
	{ "count", required_argument, NULL, 'n' },
	{ "interval", required_argument, NULL, 'i' },
	CMD_OPTION_NO_BPF,
	{ 0 },
};
/* clang-format on */

static const struct cmd_parser record_parser = {
	.options = record_options,
	.usage = usage,
	.option = record_option,
	.before_extra = record_required,
	.flags = CMD_EXTRA_UNNAMED,
};

int cmd_record(int argc, char **argv)
{
	struct record_opts o = { .count = 2, .interval = 1.0 };
	struct cmd_args a = { .ctx = &o };
	int r;

	if (!cmd_parse(&record_parser, &a, argc, argv, &r))
		return r;
	return record(o.out, o.count, o.interval, !a.no_bpf);
}
