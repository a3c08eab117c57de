// SPDX-License-Identifier: GPL-2.0-or-later
/* nettuned sample [--root DIR | --capture DIR] [--interval DUR] [--no-bpf] [--json] */
#include "cmd/cmd.h"
#include "cmd/options.h"
#include "config/cfgval.h"
#include "present/view.h"
#include "sample/capture.h"
#include "sample/sampler.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

static void usage(FILE *f, const char *cmd)
{
	fputs("Usage: nettuned sample [--root DIR | --capture DIR] [--interval DUR] [--no-bpf] [--json]\n"
	      "\n"
	      "Shows what nettuned sees: per CPU the softnet counters, NET_RX softirqs and\n"
	      "NIC interrupts; per NIC the driver, queues, rings, channels, EEE, drop and\n"
	      "discard counters, and where each queue's interrupts land; the sysctls and\n"
	      "TCP outcome counters. On the live system it also loads the BPF signals when\n"
	      "it can (root, tracefs, kernel >= 5.5): NAPI polls per NIC and queue and how\n"
	      "often they used their whole weight, NET_RX/NET_TX softirq time per CPU, and\n"
	      "dropped packets per drop reason; otherwise it says why they are off.\n"
	      "\n"
	      "  --root DIR      read one snapshot from DIR (default /, the live system)\n"
	      "  --capture DIR   read a capture (see `nettuned record`) and show per-second\n"
	      "                  rates between its first and last snapshot\n"
	      "  --interval DUR  live: take two snapshots DUR apart (1s, 500ms) and show\n"
	      "                  per-second rates; the default when the BPF signals are on\n"
	      "                  is 1s, otherwise one snapshot (counters since boot)\n"
	      "  --no-bpf        do not load the BPF signals\n"
	      "  --json          print JSON instead of text\n"
	      "  -h, --help      show this help\n",
	      f);
}

static int take(const char *root, unsigned int flags, struct nt_snapshot *snap,
		struct nt_sampler **keep)
{
	struct nt_sampler *s;
	char err[PATH_MAX + 64];
	int r = sampler_open(&s, root, flags, err, sizeof(err));

	if (r < 0) {
		fprintf(stderr, "nettuned: %s\n", err);
		return r;
	}
	r = sampler_take(s, snap);
	if (r < 0)
		fprintf(stderr, "nettuned: sampling %s: %s\n", root, strerror(-r));
	if (keep && r == 0)
		*keep = s;
	else
		sampler_close(s);
	return r;
}

/* A second snapshot @interval_s after the first, when asked for or when
 * the BPF counters (zero at attach time) need an interval to say anything. */
static int second_snapshot(struct nt_sampler *s, double interval_s, struct nt_snapshot *last)
{
	const char *why;
	struct timespec t;
	int r;

	/* a recorded tree does not change */
	if (!sampler_is_live(s))
		return 0;
	if (interval_s <= 0) {
		if (sampler_bpf_state(s, &why) < 0)
			return 0;
		interval_s = 1;
	}
	t.tv_sec = (time_t)interval_s;
	t.tv_nsec = (long)((interval_s - (double)t.tv_sec) * 1e9);
	while (nanosleep(&t, &t) < 0 && errno == EINTR)
		;
	r = sampler_take(s, last);
	if (r < 0)
		fprintf(stderr, "nettuned: sampling %s: %s\n", sampler_root(s), strerror(-r));
	return r < 0 ? r : 1;
}

static int show_root(const char *root, unsigned int flags, double interval_s, bool json)
{
	struct nt_snapshot snap, later;
	struct nt_sampler *s = NULL;
	struct utsname uts;
	char host[256] = "";
	struct nt_sample_view v = { .source = root, .nsnapshots = 1 };
	int r, two = 0;

	snapshot_init(&snap);
	snapshot_init(&later);
	r = take(root, flags, &snap, &s);
	if (r == 0) {
		two = second_snapshot(s, interval_s, &later);
		r = two < 0 ? two : 0;
	}
	if (r == 0) {
		v.live = sampler_is_live(s);
		if (v.live && uname(&uts) == 0) {
			snprintf(host, sizeof(host), "%s", uts.nodename);
			v.hostname = host;
			v.kernel = uts.release;
		}
		v.last = &snap;
		v.bpf_paths = sampler_bpf_paths(s);
		if (two) {
			v.first = &snap;
			v.last = &later;
			v.nsnapshots = 2;
		}
		if (json)
			view_sample_json(stdout, &v);
		else
			view_sample_text(stdout, &v);
	}
	sampler_close(s);
	snapshot_free(&snap);
	snapshot_free(&later);
	return r < 0 ? NT_EXIT_FAILURE : 0;
}

static int show_capture(const char *dir, bool json)
{
	struct nt_capture cap;
	struct nt_snapshot first, last;
	char path[PATH_MAX];
	struct nt_sample_view v = { .source = dir, .capture = true };
	int r = capture_open(&cap, dir);

	if (r < 0) {
		fprintf(stderr, "nettuned: capture %s: %s\n", dir,
			r == -ENOENT ? "no snapshot directories (0000/, 0001/, ...) found" :
				       strerror(-r));
		return NT_EXIT_FAILURE;
	}
	snapshot_init(&first);
	snapshot_init(&last);
	r = capture_path(&cap, cap.count - 1, path, sizeof(path));
	if (r == 0)
		r = take(path, 0, &last, NULL);
	if (r == 0 && cap.count > 1) {
		r = capture_path(&cap, 0, path, sizeof(path));
		if (r == 0)
			r = take(path, 0, &first, NULL);
		v.first = &first;
	}
	if (r == 0) {
		v.hostname = cap.hostname;
		v.kernel = cap.kernel;
		v.nsnapshots = cap.count;
		v.last = &last;
		if (json)
			view_sample_json(stdout, &v);
		else
			view_sample_text(stdout, &v);
	}
	snapshot_free(&first);
	snapshot_free(&last);
	capture_close(&cap);
	return r < 0 ? NT_EXIT_FAILURE : 0;
}

/* sample's own option, --interval DUR, into the double at @a->ctx */
static int sample_option(struct cmd_args *a, int key, const char *arg)
{
	double *interval_s = a->ctx;

	if (key != 'i')
		return cmd_usage_error(a);
	if (cfgval_duration(arg, interval_s) < 0 || *interval_s < 0.01 || *interval_s > 3600) {
		fprintf(stderr,
			"nettuned sample: --interval must be a duration from 10ms "
			"to 1h (1s, 500ms), got '%s'\n",
			arg);
		return -EINVAL;
	}
	return 0;
}

/* clang-format off */
static const struct option sample_options[] = {
	CMD_OPTION_ROOT,
	CMD_OPTION_CAPTURE,
	CMD_OPTION_JSON,
	{ "interval", required_argument, NULL, 'i' },
	CMD_OPTION_NO_BPF,
	{ 0 },
};
/* clang-format on */

static const struct cmd_parser sample_parser = {
	.options = sample_options,
	.usage = usage,
	.option = sample_option,
	.flags = CMD_EXTRA_UNNAMED,
};

int cmd_sample(int argc, char **argv)
{
	double interval_s = 0;
	struct cmd_args a = { .ctx = &interval_s };
	int r;

	if (!cmd_parse(&sample_parser, &a, argc, argv, &r))
		return r;
	if (a.root && a.capture) {
		fprintf(stderr, "nettuned sample: --root and --capture exclude each other\n");
		cmd_usage_error(&a);
		return NT_EXIT_USAGE;
	}
	if (a.capture && (interval_s > 0 || a.no_bpf)) {
		fprintf(stderr, "nettuned sample: --interval and --no-bpf are for the live system, "
				"not --capture\n");
		return NT_EXIT_USAGE;
	}
	if (a.capture)
		return show_capture(a.capture, a.json);
	return show_root(a.root ? a.root : "/", a.no_bpf ? 0 : NT_SAMPLER_BPF, interval_s, a.json);
}
