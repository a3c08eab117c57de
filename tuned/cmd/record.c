// SPDX-License-Identifier: GPL-2.0-or-later
/* nettuned record --out DIR --count N --interval DUR */
#include "cmd/cmd.h"
#include "config/cfgval.h"
#include "sample/capture_write.h"
#include "sample/sampler.h"
#include "util/cleanup.h"
#include "util/path.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

static void usage(FILE *f)
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
		fprintf(stderr, "nettuned record: %s already holds a capture (0000/); choose another --out\n",
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

int cmd_record(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "out", required_argument, NULL, 'o' },
		{ "count", required_argument, NULL, 'n' },
		{ "interval", required_argument, NULL, 'i' },
		{ "no-bpf", no_argument, NULL, 'B' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	const char *out = NULL;
	unsigned long count = 2;
	double interval = 1.0;
	bool bpf = true;
	char *end;
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'o':
			out = optarg;
			break;
		case 'n':
			errno = 0;
			count = strtoul(optarg, &end, 10);
			if (errno || *end || !count || count > 1000000 || optarg[0] == '-') {
				fprintf(stderr, "nettuned record: --count must be 1..1000000, got '%s'\n",
					optarg);
				return NT_EXIT_USAGE;
			}
			break;
		case 'i':
			if (cfgval_duration(optarg, &interval) < 0 ||
			    !(interval >= 0.01 && interval <= 86400)) {
				fprintf(stderr, "nettuned record: --interval must be a duration from "
					"10ms to 1d (1s, 500ms, 2min), got '%s'\n", optarg);
				return NT_EXIT_USAGE;
			}
			break;
		case 'B':
			bpf = false;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return NT_EXIT_USAGE;
		}
	}
	if (!out || optind < argc) {
		fprintf(stderr, "nettuned record: %s\n", out ? "unexpected argument" : "--out DIR is required");
		usage(stderr);
		return NT_EXIT_USAGE;
	}
	return record(out, count, interval, bpf);
}
