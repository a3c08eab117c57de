// SPDX-License-Identifier: GPL-2.0-or-later
#include "sample/parsers.h"
#include "sample/readers.h"
#include "util/cleanup.h"
#include "util/parse.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int sampler_open(struct nt_sampler **out, const char *root, unsigned int flags, char *err,
		 size_t errlen)
{
	_cleanup_free_ struct nt_sampler *s = calloc(1, sizeof(*s));
	char real[PATH_MAX];
	int r;

	if (!s)
		return -ENOMEM;
	if (!realpath(root, real)) {
		r = -errno;
		if (err)
			snprintf(err, errlen, "cannot open root %s: %s", root, strerror(-r));
		return r;
	}
	s->rootfd = open(real, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (s->rootfd < 0) {
		r = -errno;
		if (err)
			snprintf(err, errlen, "cannot open root %s: %s", root, strerror(-r));
		return r;
	}
	/* once, so that no header can make a sample cycle allocate */
	s->col_cpu = calloc(NT_MAX_CPUS, sizeof(*s->col_cpu));
	if (!s->col_cpu) {
		close(s->rootfd);
		return -ENOMEM;
	}
	snprintf(s->root, sizeof(s->root), "%s", real);
	s->live = !strcmp(real, "/");
	s->flags = flags;
	if (s->live && !(flags & NT_SAMPLER_NO_ETHTOOL)) {
		/* without it we still have /proc and sysfs; the blocks say why */
		ethtool_open(&s->et);
	}
	/* without it, /sys/class/net is listed and read device by device */
	if (s->live)
		s->has_links = links_open(&s->links) == 0;
	s->bpf_err = -ENOENT;
	if (s->live && (flags & NT_SAMPLER_BPF))
		s->bpf_err = bpfsig_open(
			&s->bpf, flags & NT_SAMPLER_BPF_NO_SOFTIRQ ? NT_BPFSIG_NO_SOFTIRQ : 0,
			s->bpf_why, sizeof(s->bpf_why));
	else if (s->live)
		snprintf(s->bpf_why, sizeof(s->bpf_why),
			 "not loaded (--no-bpf, or bpf = no in the policy)");
	*out = s;
	s = NULL;
	return 0;
}

void sampler_close(struct nt_sampler *s)
{
	if (!s)
		return;
	if (s->et)
		ethtool_close(s->et);
	bpfsig_close(s->bpf);
	if (s->has_links)
		links_close(&s->links);
	sample_close_kept(s);
	close(s->rootfd);
	buf_free(&s->buf);
	buf_free(&s->aux);
	buf_free(&s->dirs[0]);
	buf_free(&s->dirs[1]);
	free(s->col_cpu);
	free(s);
}

bool sampler_is_live(const struct nt_sampler *s)
{
	return s->live;
}

const char *sampler_root(const struct nt_sampler *s)
{
	return s->root;
}

int sampler_bpf_state(const struct nt_sampler *s, const char **why)
{
	*why = s->bpf_why;
	return s->bpf_err;
}

const char *sampler_bpf_paths(const struct nt_sampler *s)
{
	return s->bpf ? bpfsig_paths(s->bpf) : "";
}

int sampler_bpf_softirq(struct nt_sampler *s, bool on, char *why, size_t whylen)
{
	if (!s->bpf) {
		snprintf(why, whylen, "the BPF signals are not loaded");
		return -ENOENT;
	}
	return bpfsig_softirq(s->bpf, on, why, whylen);
}

static int read_bpf(struct nt_sampler *s, struct nt_snapshot *snap)
{
	if (!s->live)
		return sample_read_bpf_files(s, snap);
	if (s->bpf)
		return bpfsig_read(s->bpf, snap);
	snap->bpf.err = s->bpf_err;
	snprintf(snap->bpf.why, sizeof(snap->bpf.why), "%s", s->bpf_why);
	return 0;
}

int sampler_root_fd(const struct nt_sampler *s)
{
	return s->rootfd;
}

struct nt_ethtool *sampler_ethtool(const struct nt_sampler *s)
{
	return s->et;
}

void sampler_set_watch(struct nt_sampler *s, nt_sampler_watch_fn *fn, void *user)
{
	s->watch = fn;
	s->watch_user = user;
}

/* Notes in source order, not in the order readdir() met devices. Insertion
 * sort in place: at most NT_MAX_NOTES, and a cycle must not allocate. */
static void sort_notes(struct nt_snapshot *snap)
{
	for (size_t i = 1; i < snap->n_notes; i++) {
		struct nt_note tmp = snap->notes[i];
		size_t j = i;

		while (j > 0 && strcmp(snap->notes[j - 1].source, tmp.source) > 0) {
			snap->notes[j] = snap->notes[j - 1];
			j--;
		}
		snap->notes[j] = tmp;
	}
}

int sampler_take(struct nt_sampler *s, struct nt_snapshot *snap)
{
	/* order matters: CPUs before per-CPU files, IRQs before devices */
	static int (*const readers[])(struct nt_sampler *, struct nt_snapshot *) = {
		sample_read_clock,      sample_read_cpus,     sample_read_softnet,
		sample_read_interrupts, sample_read_softirqs, sample_read_procstat,
		sample_read_netstat,    sample_read_sysctls,  sample_read_netdevs,
		irqmap_build,           sample_read_running,  read_bpf,
	};

	snapshot_reset(snap);
	for (size_t i = 0; i < NT_ARRAY_SIZE(readers); i++) {
		int r = readers[i](s, snap);

		if (r < 0)
			return r;
	}
	for (size_t i = 0; i < snap->ndevs; i++) {
		int r = sample_read_dev_ethtool(s, snap, &snap->devs[i]);

		if (r < 0)
			return r;
	}
	sort_notes(snap);
	return 0;
}

int sampler_parse_cpu_header(unsigned int *col_cpu, const char **pp, unsigned int *span)
{
	const char *p = *pp;
	unsigned int n = 0;

	*span = 0;
	while (*p && *p != '\n') {
		bool ok;
		uint64_t cpu;

		p = skip_blanks(p);
		if (strncmp(p, "CPU", 3))
			break;
		p += 3;
		cpu = scan_u64(&p, &ok);
		if (!ok || cpu >= NT_MAX_CPUS || n >= NT_MAX_CPUS)
			return -EINVAL;
		col_cpu[n++] = (unsigned int)cpu;
		if (cpu + 1 > *span)
			*span = (unsigned int)cpu + 1;
	}
	*pp = next_line(p);
	return n ? (int)n : -EINVAL;
}
