/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The per-source readers behind sampler_take(); internal to sample/. */
#ifndef NT_READERS_H
#define NT_READERS_H

#include <errno.h>
#include <limits.h>

#include "bpf/bpfsig.h"
#include "ethtool/ethtool.h"
#include "sample/links.h"
#include "sample/sampler.h"
#include "util/buf.h"
#include "util/dir.h"

/* A kernel file the live sampler keeps open between cycles (kept.c). */
struct nt_kept_file {
	char path[48];       /* relative to the root, as the readers name it */
	int fd;              /* -1 until opened */
	unsigned int absent; /* reads left that answer ENOENT without a look */
};
#define NT_KEPT_MAX 16
#define NT_KEPT_RETRY 60

struct nt_sampler {
	int rootfd;
	bool live;
	unsigned int flags;
	char root[PATH_MAX];
	struct nt_buf buf;     /* the file being parsed */
	struct nt_buf aux;     /* a second file needed at the same time */
	struct nt_buf dirs[2]; /* directory listings: outer and nested */
	unsigned int *col_cpu; /* column -> CPU id, NT_MAX_CPUS entries */
	struct nt_ethtool *et; /* live only */
	struct nt_links links; /* live: the device list, kept between cycles */
	bool has_links;        /* else /sys/class/net is listed every cycle */
	nt_sampler_watch_fn *watch;
	void *watch_user;
	struct nt_bpfsig *bpf; /* live with NT_SAMPLER_BPF, when it loaded */
	int bpf_err;           /* why not: -errno, with bpf_why (-ENOENT not asked) */
	char bpf_why[192];
	bool running_valid; /* live scan of /proc/PID/comm, see procs.c */
	unsigned int running_bits;
	double running_at;
	struct nt_kept_file kept[NT_KEPT_MAX];
	size_t n_kept;
};

#define NT_RUNNING_REFRESH_S 30.0

/* @path (under the root) into @b: length or -errno; live, through a kept fd. */
long sample_read_kept(struct nt_sampler *s, struct nt_buf *b, const char *path);
void sample_close_kept(struct nt_sampler *s);

int sample_read_cpus(struct nt_sampler *s, struct nt_snapshot *snap);
int sample_read_softnet(struct nt_sampler *s, struct nt_snapshot *snap);
int sample_read_interrupts(struct nt_sampler *s, struct nt_snapshot *snap);
int sample_read_softirqs(struct nt_sampler *s, struct nt_snapshot *snap);
int sample_read_procstat(struct nt_sampler *s, struct nt_snapshot *snap);
int sample_read_netstat(struct nt_sampler *s, struct nt_snapshot *snap);
int sample_read_sysctls(struct nt_sampler *s, struct nt_snapshot *snap);
int sample_read_netdevs(struct nt_sampler *s, struct nt_snapshot *snap);
int sample_read_dev_ethtool(struct nt_sampler *s, struct nt_snapshot *snap, struct nt_netdev *d);
int irqmap_build(struct nt_sampler *s, struct nt_snapshot *snap);
int sample_read_running(struct nt_sampler *s, struct nt_snapshot *snap);
int sample_read_clock(struct nt_sampler *s, struct nt_snapshot *snap);
/* A recorded tree's bpf/ files (capture format, README) into snap->bpf and
 * the CPUs' net_* counters; a tree without bpf/ leaves bpf.err -ENOENT. */
int sample_read_bpf_files(struct nt_sampler *s, struct nt_snapshot *snap);

#endif
