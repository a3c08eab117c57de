// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * One cycle: sample, compare what nettuned manages with what is set now,
 * decide, act, and report (journal, status file, metrics, sd_notify).
 */
#include "daemon/daemon.h"
#include "engine/needs.h"
#include "metrics/metrics.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <syslog.h>
#include <systemd/sd-daemon.h>
#include <stdlib.h>
#include <time.h>

#include "util/array.h"

static double mono_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* True when the pause flag came or went. */
static bool set_paused(struct nt_daemon *d)
{
	bool paused = runtime_paused(d->o.runtime_dir);
	struct nt_audit_entry e = NT_AUDIT_ENTRY_INIT;

	if (paused == d->paused)
		return false;
	d->paused = paused;
	engine_set_paused(d->engine, paused);
	e.event = NT_EV_DAEMON;
	e.state = paused ? "paused" : "resumed";
	e.mode = daemon_mode(d);
	e.detail = paused ? "every change is held until `nettuned resume`" :
			    "changes are allowed again";
	daemon_audit(d, &e);
	return true;
}

static bool want_device(const char *ifname, void *user)
{
	const struct nt_daemon *d = user;

	return policy_wants_device(&d->config.policy, ifname);
}

/* The managed knobs, each with its values as text (metrics.h takes text). */
static size_t fill_knobs(const struct nt_daemon *d, struct nt_metrics_knob *out,
			 struct nt_metric_text *text)
{
	size_t n = 0;

	for (size_t i = 0; i < d->hist.n_knobs; i++) {
		const struct nt_knob_state *k = &d->hist.knobs[i];
		struct nt_metrics_knob *m = &out[n];

		if (!k->managed)
			continue;
		m->knob = k->id.knob;
		m->device = k->id.device;
		m->queue = k->id.queue;
		m->irq = k->id.irq;
		m->value = knob_value_text(&k->written, text[n].value, sizeof(text[n].value));
		m->original = k->has_original ? knob_value_text(&k->original, text[n].original,
								sizeof(text[n].original)) :
						NULL;
		m->manual = k->hold == NT_HOLD_MANUAL;
		n++;
	}
	return n;
}

void daemon_metrics(struct nt_daemon *d, const struct nt_snapshot *a, bool stopped)
{
	const char *path = d->o.metrics ? d->o.metrics : d->config.policy.metrics;
	struct nt_audit_stats st;
	struct nt_metrics m = { 0 };
	char err[sizeof(d->metrics_err)];

	if (!path || !path[0])
		return;
	/* room for every knob state (many can appear in one cycle), kept between
	 * cycles: no allocation once the list stops growing */
	if (array_reserve(d->metric_knobs, &d->metric_knobs_cap, d->hist.n_knobs) < 0 ||
	    array_reserve(d->metric_text, &d->metric_text_cap, d->hist.n_knobs) < 0)
		return;
	audit_stats(d->audit, &st);
	m.n_knobs = fill_knobs(d, d->metric_knobs, d->metric_text);
	m.mode = daemon_mode(d);
	m.paused = d->paused;
	m.stopped = stopped;
	m.a = a;
	m.b = &d->snap[d->cur];
	m.want_device = want_device;
	m.watch_virtual = !d->config.policy.exclude_virtual;
	m.user = d;
	m.knobs = d->metric_knobs;
	m.cycles = d->count.cycles;
	m.changes = d->count.changes;
	m.failures = d->count.failures;
	m.rollbacks = d->count.rollbacks;
	m.verified = d->count.verified;
	m.manual_overrides = d->count.manual;
	m.held = d->count.held;
	m.audit_suppressed = st.suppressed;
	m.audit_dropped = st.dropped;
	m.cycle_seconds = d->cycle_s;
	m.cycle_seconds_max = d->cycle_max_s;
	m.cycle_seconds_sum = d->cycle_sum_s;
	if (metrics_write(path, &m, err, sizeof(err)) < 0) {
		/* said once, not every interval */
		if (strcmp(err, d->metrics_err))
			audit_logf(d->audit, LOG_WARNING, "%s", err);
		snprintf(d->metrics_err, sizeof(d->metrics_err), "%s", err);
	} else {
		d->metrics_err[0] = '\0';
	}
}

static void count_hold(void *user, const struct nt_knob_id *id, const char *why)
{
	(*(size_t *)user)++;
}

static void notify_status(struct nt_daemon *d)
{
	size_t devices = 0, managed, manual, holds = 0;
	const struct nt_snapshot *b = &d->snap[d->cur];

	for (size_t i = 0; i < b->ndevs; i++)
		devices += engine_device_watched(&d->config.policy, &b->devs[i]);
	managed = managed_count(d, &manual);
	engine_holds(d->engine, count_hold, &holds);
	sd_notifyf(0,
		   "STATUS=%s%s: %zu device%s watched, %llu change%s, %zu knob%s managed, "
		   "%zu manual, %zu on hold",
		   daemon_mode(d), d->paused ? " (paused)" : "", devices, devices == 1 ? "" : "s",
		   d->count.changes, d->count.changes == 1 ? "" : "s", managed,
		   managed == 1 ? "" : "s", manual, holds);
}

void daemon_bpf_state(const struct nt_daemon *d, char *out, size_t size)
{
	const struct nt_bpf *b = &d->snap[d->cur].bpf;
	const char *why;
	int err = sampler_bpf_state(d->sampler, &why);

	/* what the sampler opened with: a reload does not change it */
	if (!sampler_is_live(d->sampler))
		snprintf(out, size, "not used (a recorded root)");
	else if (err == -ENOENT)
		snprintf(out, size, "off (bpf = no in the policy the daemon started with)");
	else if (err)
		snprintf(out, size, "off: %s", why);
	else
		snprintf(out, size, "on (%s%s%s%s; %s%s)", b->has_napi ? "napi:napi_poll " : "",
			 b->has_softirq ? "irq:softirq_entry/exit " : "",
			 b->has_drops ? "skb:kfree_skb" : "",
			 b->has_drops && !b->has_reasons ? " without drop reasons" : "",
			 sampler_bpf_paths(d->sampler),
			 needs_bpf_softirq(&d->config.rules, &d->config.policy) ?
				 "" :
				 "; irq:softirq_entry/exit left out: no enabled rule reads "
				 "the softirq times (cpu.net_rx_time, cpu.net_tx_time)");
}

static void first_snapshot(struct nt_daemon *d)
{
	struct nt_audit_entry e = NT_AUDIT_ENTRY_INIT;
	char detail[PATH_MAX + 320], bpf[256];

	daemon_bpf_state(d, bpf, sizeof(bpf));
	snprintf(detail, sizeof(detail), "policy %s, interval %.3g s, BPF signals %s",
		 daemon_policy_file(d), d->config.policy.interval_s, bpf);
	/* asked for by name and missing: worth more than a line in "started" */
	if (d->config.policy.bpf == NT_BPF_YES && sampler_is_live(d->sampler) &&
	    strncmp(bpf, "on", 2))
		audit_logf(d->audit, LOG_ERR,
			   "policy %s asks for the BPF signals (bpf = yes), "
			   "but they are %s; nettuned carries on with /proc and sysfs",
			   daemon_policy_file(d), bpf);
	e.event = NT_EV_DAEMON;
	e.state = "started";
	e.mode = daemon_mode(d);
	e.detail = detail;
	daemon_audit(d, &e);
	sd_notify(0, "READY=1");
}

enum cycle_sample {
	CS_FIRST,
	CS_STALE,
	CS_NEW
};

/*
 * Sample: the next snapshot in the slot that is not the latest (the
 * first in the latest). A stale one (a tree whose clock did not move)
 * is left in the other slot, where the next sample overwrites it.
 */
static int sample(struct nt_daemon *d)
{
	int next = d->samples ? !d->cur : d->cur;
	const struct nt_snapshot *prev = d->samples ? &d->snap[d->cur] : NULL;
	int r = sampler_next(d->sampler, prev, &d->snap[next]);

	if (r < 0)
		return r;
	if (r == NT_SAMPLE_STALE)
		return CS_STALE;
	d->stale_cycles = 0;
	d->cur = next;
	return d->samples++ ? CS_NEW : CS_FIRST;
}

/* Said once: a tree copied from a capture keeps its recorded time. */
static void stale(struct nt_daemon *d)
{
	if (++d->stale_cycles == NT_DAEMON_STALE_SAY)
		audit_logf(d->audit, LOG_NOTICE,
			   "%s/timestamp has stayed at %.3f s for %u intervals: waiting for "
			   "it to move (remove the file to run on the real clock)",
			   d->o.root, d->snap[!d->cur].mono_s, NT_DAEMON_STALE_SAY);
}

/* Follow what changed outside nettuned: renames, someone else's values, resets. */
static void follow_outside(struct nt_daemon *d, const struct nt_snapshot *prev,
			   const struct nt_snapshot *cur)
{
	managed_renames(d, prev, cur);
	if (daemon_enforcing(d))
		managed_check(d, cur);
}

/* Decide and act: the decisions are on disk before any knob is written. */
static int decide_and_act(struct nt_daemon *d, const struct nt_snapshot *prev,
			  const struct nt_snapshot *cur)
{
	int r;

	findings_clear(&d->step);
	r = engine_step(d->engine, prev, cur, &d->step);
	if (r < 0)
		return r;
	/* a process killed while acting keeps the cooldowns and windows of its changes */
	persist_save(d);
	daemon_execute(d);
	/* ... and what became of them (holds), before anyone hears of it */
	persist_save(d);
	return 0;
}

/* Report: the audit's suppression window, counters, metrics, status, sd_notify. */
static void report(struct nt_daemon *d, const struct nt_snapshot *prev, double start)
{
	audit_expire(d->audit, d->snap[d->cur].mono_s);
	d->count.cycles++;
	if (d->intervals_left)
		d->intervals_left--;
	d->cycle_s = mono_now() - start;
	d->cycle_sum_s += d->cycle_s;
	if (d->cycle_s > d->cycle_max_s)
		d->cycle_max_s = d->cycle_s;
	daemon_metrics(d, prev, false);
	runtime_write_status(d);
	notify_status(d);
}

/* sample -> follow outside changes -> decide and act -> report */
int daemon_cycle(struct nt_daemon *d)
{
	double start = mono_now();
	const struct nt_snapshot *prev = &d->snap[d->cur];
	int r = sample(d);

	if (r < 0)
		return r;
	if (r == CS_FIRST) {
		first_snapshot(d);
		runtime_write_status(d);
		return 0;
	}
	/* `nettuned pause` is confirmed through the status file, even by a
	 * fixture tree whose clock did not move: that has nothing else new */
	if (set_paused(d) && r == CS_STALE)
		runtime_write_status(d);
	if (r == CS_STALE) {
		stale(d);
		return 0;
	}
	follow_outside(d, prev, &d->snap[d->cur]);
	r = decide_and_act(d, prev, &d->snap[d->cur]);
	if (r < 0)
		return r;
	report(d, prev, start);
	return 0;
}
