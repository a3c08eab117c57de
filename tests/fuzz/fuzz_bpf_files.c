// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A tree's bpf/ files (capture format; sample/bpf_files.c): parts named
 * status, napi, softirq and drops for one snapshot, 1/status ... for a
 * second one. Contents may hold NUL bytes (a zero-filled file). The
 * instances and reasons must come out sorted and unique, every rate
 * between the two within the bounds, and the views must print them.
 */
#include "fuzz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "present/view.h"
#include "sample/parsers.h"

static FILE *devnull;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	devnull = fopen("/dev/null", "w");
	return devnull ? 0 : -1;
}

static const struct fz_part *part(const struct fz_part *p, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(p[i].name, name))
			return &p[i];
	return NULL;
}

/* One snapshot's files, "PREFIXstatus" ..., as sample_read_bpf_files() reads them. */
static void parse(struct nt_snapshot *s, const struct fz_part *p, size_t n, const char *prefix)
{
	static const char *const files[] = { "status", "napi", "softirq", "drops" };
	int (*const parsers[])(struct nt_snapshot *, const char *, size_t) = {
		NULL,
		sample_parse_bpf_napi,
		sample_parse_bpf_softirq,
		sample_parse_bpf_drops,
	};
	bool *const has[] = { NULL, &s->bpf.has_napi, &s->bpf.has_softirq, &s->bpf.has_drops };

	for (size_t f = 0; f < 4; f++) {
		char name[32];
		const struct fz_part *x;
		char *text;

		snprintf(name, sizeof(name), "%s%s", prefix, files[f]);
		x = part(p, n, name);
		if (!x || !x->len)
			continue;
		text = fz_strndup(x->data, x->len);
		if (f == 0)
			sample_parse_bpf_status(&s->bpf, text);
		else if (!s->bpf.err && *has[f])
			FZ_CHECK(parsers[f](s, text, x->len) == 0);
		free(text);
		if (f == 0 && s->bpf.err)
			break;
	}
	fz_check_snapshot(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz_part p[16];
	size_t n = fz_split(data, size, p, 16);
	struct nt_snapshot a, b;
	struct nt_sample_view v = {
		.source = "fuzz", .capture = true, .nsnapshots = 2, .first = &a, .last = &b
	};

	snapshot_init(&a);
	snapshot_init(&b);
	a.has_mono = b.has_mono = true;
	a.mono_s = 10;
	b.mono_s = 11;
	/* the CPUs the BPF softirq lines name need per-CPU storage of their own */
	parse(&a, p, n, "");
	parse(&b, p, n, "1/");
	fz_check_rates(&a, &b);
	view_bpf_text(devnull, &v);
	v.first = NULL;
	view_bpf_text(devnull, &v);
	snapshot_free(&a);
	snapshot_free(&b);
	return 0;
}
