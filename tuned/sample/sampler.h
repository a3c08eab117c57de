/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The sampler reads one snapshot from a root: the live system ("/") or a
 * recorded tree in the capture format (see README, "Capture format").
 * Everything is read relative to the root's directory fd, so the same code
 * serves both; only what needs ioctl/netlink differs, and a recorded tree
 * gives that as the text the ethtool program prints (ethtool/DEV/...).
 */
#ifndef NT_SAMPLER_H
#define NT_SAMPLER_H

#include <stdbool.h>

#include "model/snapshot.h"
#include "util/cleanup.h"

struct nt_ethtool;
struct nt_sampler;

enum nt_sampler_flags {
	NT_SAMPLER_NO_ETHTOOL = 1u << 0, /* skip driver stats/rings/channels/EEE */
	NT_SAMPLER_BPF = 1u << 1,        /* live: load the BPF signals (bpf/bpfsig.h) */
	/* with NT_SAMPLER_BPF: not the softirq pair (sampler_bpf_softirq) */
	NT_SAMPLER_BPF_NO_SOFTIRQ = 1u << 2,
};

/*
 * Opens @root. Live when @root resolves to "/" (then ethtool data comes
 * from the kernel); a recorded tree otherwise. On failure returns -errno
 * and, when @err is not NULL, a message naming the path.
 */
int sampler_open(struct nt_sampler **out, const char *root, unsigned int flags, char *err,
		 size_t errlen);
void sampler_close(struct nt_sampler *s);
NT_DEFINE_CLEANUP(struct nt_sampler, sampler_close, sampler_close)
bool sampler_is_live(const struct nt_sampler *s);
const char *sampler_root(const struct nt_sampler *s);
/* 0 when the BPF signals are attached; else -errno and *why (one line);
 * -ENOENT when they were not asked for or the root is a recorded tree. */
int sampler_bpf_state(const struct nt_sampler *s, const char **why);
/* "napi=raw softirq=raw drops=raw" (or classic) when attached, else "". */
const char *sampler_bpf_paths(const struct nt_sampler *s);
/* Attaches or detaches the BPF irq:softirq_entry/exit pair (bpfsig_softirq):
 * 0, -errno and @why, or -ENOENT when the BPF signals are not loaded. */
int sampler_bpf_softirq(struct nt_sampler *s, bool on, char *why, size_t whylen);
int sampler_root_fd(const struct nt_sampler *s);
/* The live sampler's ethtool handle, NULL without one: the daemon's one
 * handle for GETs and SETs, lent to the actuators. The sampler owns it. */
struct nt_ethtool *sampler_ethtool(const struct nt_sampler *s);

/*
 * The devices the snapshot holds, read in full: counters, speed, queues
 * and RPS masks, interrupts, ethtool data. The others are named and
 * classified, then left out. @fn sees name, ifindex, operstate and kind;
 * NULL (the default) keeps every device, as `sample` and `record` do.
 */
typedef bool nt_sampler_watch_fn(const struct nt_netdev *d, void *user);
void sampler_set_watch(struct nt_sampler *s, nt_sampler_watch_fn *fn, void *user);

/*
 * Fills @snap (reusing its storage). A source that is missing on the host
 * leaves its src_err/err members set and is not an error; only allocation
 * failure is (-ENOMEM).
 */
int sampler_take(struct nt_sampler *s, struct nt_snapshot *snap);

/*
 * The daemon's next snapshot: sampler_take() on the sampler's clock, which
 * for a tree without a `timestamp` file is the real one. NT_SAMPLE_STALE
 * when a tree's clock did not move past @prev's (NULL: the first), so the
 * interval would be empty; NT_SAMPLE_NEW otherwise; -ENOMEM.
 */
enum {
	NT_SAMPLE_NEW = 1,
	NT_SAMPLE_STALE = 0
};
int sampler_next(struct nt_sampler *s, const struct nt_snapshot *prev, struct nt_snapshot *cur);

/* Local time now in ISO 8601 with offset ("2026-11-23T17:04:41+01:00"). */
void sampler_wallclock_now(char *out, size_t size);

#endif
