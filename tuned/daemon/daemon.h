/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * `nettuned run`: the daemon. One context, passed explicitly; sd-event
 * drives it: a timer at the policy's interval runs one cycle (sample,
 * decide, act, report), signals stop or reload it, and the ethtool monitor
 * socket reports ring, channel and EEE changes made by anyone between two
 * cycles.
 *
 * Files in this folder: daemon.c (setup, configuration, reload, exit),
 * loop.c (sd-event sources), cycle.c (one cycle), execute.c (what each
 * finding becomes: an act call and an audit entry), managed.c (what
 * nettuned wrote, and who changed it since), runtime.c (pause flag and
 * status file), instance.c (one daemon per state and runtime directory),
 * persist.c (the change history across restarts). The ethtool netlink
 * notifications are ethtool/monitor.c's.
 */
#ifndef NT_DAEMON_H
#define NT_DAEMON_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

#include "act/act.h"
#include "audit/audit.h"
#include "config/config.h"
#include "engine/engine.h"
#include "metrics/metrics.h"
#include "sample/sampler.h"
#include "util/buf.h"

#define NT_RUNTIME_DIR_DEFAULT "/run/nettuned"
#define NT_RUNTIME_PAUSED "paused"
#define NT_RUNTIME_STATUS "status.json"
#define NT_RUNTIME_STATUS_TEXT "status.txt"
/* how long a cycle waits for `nettuned apply` or `rollback` to release the lock */
#define NT_DAEMON_LOCK_WAIT_S 2.0
#define NT_DAEMON_RECENT 20
/* intervals a tree's clock may stand still before the daemon says so */
#define NT_DAEMON_STALE_SAY 10

struct nt_daemon_opts {
	struct nt_config_opts config;
	const char *root; /* "/" live, else a fixture tree */
	const char *state_dir;
	const char *runtime_dir;
	const char *metrics; /* overrides the policy's; "" none */
	enum nt_audit_sink audit_sink;
	bool dry_run;
	bool once;
};

/* A recent decision, for `nettuned status`. */
struct nt_recent {
	char wallclock[40];
	char event[24];
	char text[1024]; /* a config-error's every file:line: message */
};

/* A managed knob's values as text, for the metrics file. */
struct nt_metric_text {
	char value[NT_VALUE_TEXT], original[NT_VALUE_TEXT];
};

struct nt_counters {
	unsigned long long cycles, changes, failures, rollbacks, verified, manual, held;
};

struct nt_daemon {
	struct nt_daemon_opts o;
	struct nt_config config;
	struct nt_engine *engine;
	struct nt_sampler *sampler;
	struct nt_audit *audit;
	struct nt_ethtool *ethtool; /* live: the sampler's, for every GET and SET */
	struct nt_monitor *monitor; /* NULL: no ethtool netlink (before 5.6) or a tree */
	struct sd_event *event;
	struct sd_event_source *timer;
	/* the BPF irq:softirq_entry/exit pair asked for (needs_bpf_softirq) */
	bool bpf_softirq;

	/* instance.c: the state and runtime directories, flock held; -1 none */
	int state_dirfd, runtime_dirfd;
	char boot_id[40]; /* the root's, "" unknown (managed_seed) */

	/* persist.c: the change history, which outlives engines and restarts */
	struct nt_history hist;
	struct nt_buf hist_text, hist_saved; /* formatted now; as on disk */
	bool hist_failed;                    /* the last write failed (said once) */

	struct nt_snapshot snap[2];
	int cur; /* snap[cur] is the latest, snap[!cur] the one before */
	unsigned long long samples;
	unsigned int stale_cycles; /* a tree whose timestamp did not move */
	bool paused;
	unsigned int intervals_left; /* --once: decision intervals still to go */
	int exit_code;

	struct nt_findings step;
	/* the managed knobs (d->hist) as metrics.h wants them, and their text */
	struct nt_metrics_knob *metric_knobs;
	struct nt_metric_text *metric_text;
	size_t metric_knobs_cap, metric_text_cap;
	struct nt_recent recent[NT_DAEMON_RECENT];
	size_t n_recent; /* total ever; recent[] is a ring */
	struct nt_counters count;
	double cycle_s, cycle_max_s, cycle_sum_s;
	char started[40];
	char metrics_err[256]; /* last metrics write error, to say it once */
};

/* daemon.c */
int daemon_open(struct nt_daemon *d, const struct nt_daemon_opts *o);
void daemon_close(struct nt_daemon *d);
/* act_open() on the daemon's root and state, with its ethtool handle. */
int daemon_act_open(struct nt_daemon *d, struct nt_act **out, char *err, size_t errlen);
/* SIGHUP: a broken policy or rule keeps the running configuration. */
void daemon_reload(struct nt_daemon *d);
/* On exit with restore_on_exit: every original back. */
void daemon_restore(struct nt_daemon *d);
const char *daemon_mode(const struct nt_daemon *d);
bool daemon_enforcing(const struct nt_daemon *d);
/* The configuration's policy file (for messages). */
const char *daemon_policy_file(const struct nt_daemon *d);

/*
 * instance.c: the daemon's locks on its state and runtime directories;
 * -EBUSY (and who holds it in @err) when another daemon runs on either.
 */
int instance_lock(struct nt_daemon *d, char *err, size_t errlen);
void instance_unlock(struct nt_daemon *d);

/* persist.c: STATE_DIR/history.ini read at start, written when a cycle changed it */
void persist_load(struct nt_daemon *d);
void persist_save(struct nt_daemon *d);

/* loop.c: runs until SIGTERM/SIGINT (or --once is done); the exit code. */
int daemon_loop(struct nt_daemon *d);

/* cycle.c */
int daemon_cycle(struct nt_daemon *d);
/* The metrics file, when there is one; @stopped: the last one, at exit. */
void daemon_metrics(struct nt_daemon *d, const struct nt_snapshot *a, bool stopped);
/* "on (napi:napi_poll ...; napi=raw ...)", "off: WHY", "off (bpf = no ...)" */
void daemon_bpf_state(const struct nt_daemon *d, char *out, size_t size);

/* execute.c: acts on and reports the findings of the latest interval. */
void daemon_execute(struct nt_daemon *d);
/* Logs @e and keeps it for `status` (when it was not rate-limited). */
void daemon_audit(struct nt_daemon *d, const struct nt_audit_entry *e);

/* managed.c */
/* What an earlier run changed (state.ini): ours to watch. -errno with @err. */
int managed_seed(struct nt_daemon *d, char *err, size_t errlen);
/* After a write that succeeded: @now is the value read back. */
void managed_note(struct nt_daemon *d, const struct nt_knob_id *id, const struct nt_value *from,
		  const struct nt_value *now, const struct nt_snapshot *snap);
/* The knob instances nettuned wrote and has not seen back at their original. */
size_t managed_count(const struct nt_daemon *d, size_t *manual);
/* Compares every managed knob with @snap: manual changes and resets. */
void managed_check(struct nt_daemon *d, const struct nt_snapshot *snap);

/* Devices renamed between @prev and @cur (same ifindex, new name). */
void managed_renames(struct nt_daemon *d, const struct nt_snapshot *prev,
		     const struct nt_snapshot *cur);
/* A monitor notification for @ifname: re-reads its rings, channels, EEE. */
void managed_device_changed(struct nt_daemon *d, const char *ifname);

/* runtime.c */
int runtime_prepare(const char *dir, char *err, size_t errlen);
bool runtime_paused(const char *dir);
int runtime_write_status(struct nt_daemon *d);

#endif
