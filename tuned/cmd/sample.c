// SPDX-License-Identifier: GPL-2.0-or-later
/* nettuned sample [--root DIR | --capture DIR] [--json] */
#include "cmd/cmd.h"
#include "present/view.h"
#include "sample/capture.h"
#include "sample/sampler.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

static void usage(FILE *f)
{
	fputs("Usage: nettuned sample [--root DIR | --capture DIR] [--json]\n"
	      "\n"
	      "Shows what nettuned sees: per CPU the softnet counters, NET_RX softirqs and\n"
	      "NIC interrupts; per NIC the driver, queues, rings, channels, EEE, drop and\n"
	      "discard counters, and where each queue's interrupts land; the sysctls and\n"
	      "TCP outcome counters.\n"
	      "\n"
	      "  --root DIR      read one snapshot from DIR (default /, the live system)\n"
	      "  --capture DIR   read a capture (see `nettuned record`) and show per-second\n"
	      "                  rates between its first and last snapshot\n"
	      "  --json          print JSON instead of text\n"
	      "  -h, --help      show this help\n",
	      f);
}

static int take(const char *root, struct nt_snapshot *snap, struct nt_sampler **keep)
{
	struct nt_sampler *s;
	char err[PATH_MAX + 64];
	int r = sampler_open(&s, root, 0, err, sizeof(err));

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

static int show_root(const char *root, bool json)
{
	struct nt_snapshot snap;
	struct nt_sampler *s = NULL;
	struct utsname uts;
	char host[256] = "";
	struct nt_sample_view v = { .source = root, .nsnapshots = 1 };
	int r;

	snapshot_init(&snap);
	r = take(root, &snap, &s);
	if (r == 0) {
		v.live = sampler_is_live(s);
		if (v.live && uname(&uts) == 0) {
			snprintf(host, sizeof(host), "%s", uts.nodename);
			v.hostname = host;
			v.kernel = uts.release;
		}
		v.last = &snap;
		if (json)
			view_sample_json(stdout, &v);
		else
			view_sample_text(stdout, &v);
		sampler_close(s);
	}
	snapshot_free(&snap);
	return r < 0 ? NT_EXIT_FAILURE : 0;
}

static int show_capture(const char *dir, bool json)
{
	struct nt_capture cap;
	struct nt_snapshot first, last;
	char path[PATH_MAX];
	struct nt_sample_view v = { .source = dir };
	int r = capture_open(&cap, dir);

	if (r < 0) {
		fprintf(stderr, "nettuned: capture %s: %s\n", dir,
			r == -ENOENT ? "no snapshot directories (0000/, 0001/, ...) found" : strerror(-r));
		return NT_EXIT_FAILURE;
	}
	snapshot_init(&first);
	snapshot_init(&last);
	r = capture_path(&cap, cap.count - 1, path, sizeof(path));
	if (r == 0)
		r = take(path, &last, NULL);
	if (r == 0 && cap.count > 1) {
		r = capture_path(&cap, 0, path, sizeof(path));
		if (r == 0)
			r = take(path, &first, NULL);
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

int cmd_sample(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "root", required_argument, NULL, 'r' },
		{ "capture", required_argument, NULL, 'c' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	const char *root = NULL, *capture = NULL;
	bool json = false;
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'r':
			root = optarg;
			break;
		case 'c':
			capture = optarg;
			break;
		case 'j':
			json = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return NT_EXIT_USAGE;
		}
	}
	if (optind < argc || (root && capture)) {
		fprintf(stderr, "nettuned sample: %s\n",
			optind < argc ? "unexpected argument" : "--root and --capture exclude each other");
		usage(stderr);
		return NT_EXIT_USAGE;
	}
	if (capture)
		return show_capture(capture, json);
	return show_root(root ? root : "/", json);
}
