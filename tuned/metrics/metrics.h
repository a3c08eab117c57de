/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Metrics for node_exporter's textfile collector, in the Prometheus text
 * format 0.0.4: every family once, `# HELP` and `# TYPE` before its
 * samples, label values escaped (\\, \", \n). A family with no sample in a
 * cycle is left out entirely.
 *
 * Names:
 *   nettuned_running 1, 0 in the file written at stop  gauge
 *   nettuned_mode_info{mode="enforce"} 1          gauge
 *   nettuned_paused 0|1                            gauge
 *   nettuned_source_readable{source} 0|1           gauge, each kernel source of the snapshot
 *   nettuned_interval_seconds                      gauge, the last interval (with rates)
 *   nettuned_bpf_attached 0|1                      gauge, when the BPF signals were asked for
 *   nettuned_napi_{polls,packets,full_polls}_total{device,napi,queue} counter, BPF attached
 *   nettuned_napi_weight{device,napi,queue}        gauge (a CPU's backlog: {napi,cpu})
 *   nettuned_softirq_{seconds,runs}_total{cpu,vector="NET_RX"|"NET_TX"} counter
 *   nettuned_skb_drops_total{reason}               counter, reason = the kernel's name
 *   nettuned_signal_<signal>[_<unit>]{...}         gauge, one family per signal
 *   nettuned_knob_value{knob,device,queue,irq}     gauge, number knobs
 *   nettuned_knob_original_value{...}              gauge, number knobs whose original is known
 *   nettuned_knob_info{...,value,original} 1       gauge, CPU lists, on/off, anything not a number
 *   nettuned_knob_manual{...} 0|1                  gauge, every knob
 *   nettuned_{cycles,changes,failures,rollbacks,verified,manual_overrides,held,
 *             audit_suppressed,audit_dropped}_total counter
 *   nettuned_cycle_last_seconds, nettuned_cycle_max_seconds gauge
 *   nettuned_cycle_seconds_sum, nettuned_cycle_seconds_count counter, always last
 *
 * Signal names: "nettuned_signal_" + the signal's name with '.' (and any
 * other character a metric name cannot hold) as '_', then the unit:
 * "_per_second" for /s, "_percent" for %, nothing for counts and 0/1.
 * So cpu.time_squeeze is nettuned_signal_cpu_time_squeeze_per_second{cpu="0"}.
 * Labels by scope: cpu="N"; device="eth0"; device="eth0",queue="N"; none
 * for host signals. Devices as the engine watches them (engine_device_watched):
 * NICs, and with watch_virtual also veth, tun, bridges and loopback.
 *
 * BPF counters are cumulative since the programs were attached (a restart
 * attaches again: a counter reset, which rate() handles). NAPI labels:
 * device unless the instance has none (a CPU's backlog: then cpu, the CPU
 * it belongs to), napi (the sampler's number of the instance), queue when
 * known; every CPU in the snapshot.
 * The policy's device selection applies; NAPI instances are not limited to
 * physical NICs (a veth with GRO polls through its own).
 *
 * Knob labels: knob always, device when not "", queue and irq when >= 0.
 *
 * When the daemon stops it writes the file once more with nettuned_running
 * 0 and only the daemon's own families (mode, paused, counters, cycle
 * times): the host's figures would be stale, and an alert can tell a
 * stopped daemon from a host without nettuned (no file at all).
 *
 * nettuned_cycle_seconds_sum/_count are a summary's two series without
 * quantiles: rate(_sum) / rate(_count) is the mean cycle duration. _count
 * is the number of cycles, and being written last it tells a reader that
 * the file is complete.
 */
#ifndef NT_METRICS_H
#define NT_METRICS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "model/knob.h"
#include "model/signal.h"
#include "model/snapshot.h"

struct nt_metrics_knob {
	enum nt_knob knob;
	const char *device;   /* "" host knobs and IRQs */
	int queue, irq;       /* -1 none */
	const char *value;    /* current value in the `apply --to` syntax ("600", "0-3", "on") */
	const char *original; /* value before nettuned's first change, NULL unknown */
	bool manual;          /* someone else changed it: nettuned keeps its hands off */
};

struct nt_metrics {
	const char *mode; /* "enforce", "recommend", "dry-run" */
	bool paused;
	bool stopped; /* the last file of a stopping daemon: nettuned_running 0 */
	const struct nt_snapshot *a, *b; /* the last interval; a == NULL: no rates yet */
	bool (*want_device)(const char *ifname, void *user); /* NULL: every device in b */
	bool watch_virtual; /* the policy's exclude_virtual = no: virtual devices too */
	void *user;
	const struct nt_metrics_knob *knobs; /* one entry per knob instance */
	size_t n_knobs;
	unsigned long long cycles, changes, failures, rollbacks, verified, manual_overrides, held;
	unsigned long long audit_suppressed, audit_dropped;
	double cycle_seconds; /* duration of the last sample→decide→act cycle */
	double cycle_seconds_max;
	double cycle_seconds_sum; /* for a summary-like _sum/_count pair */
};

/*
 * Writes @path atomically: PATH.tmp.PID in the same directory (the textfile
 * collector reads only *.prom, so it never sees the half-written file), then
 * rename(2). The file is mode 0644 whatever the umask: node_exporter runs as
 * another user. 0 or -errno with a message naming the file and the errno in
 * @err; no temporary file is left behind either way.
 */
int metrics_write(const char *path, const struct nt_metrics *m, char *err, size_t errlen);

/* The same text into a FILE (tests, `--metrics -`). 0 or -errno. */
int metrics_print(FILE *f, const struct nt_metrics *m);

/* The metric name of @sig ("nettuned_signal_cpu_time_squeeze_per_second").
 * 0, or -ENAMETOOLONG when @size is too small. */
int metrics_signal_name(enum nt_signal sig, char *out, size_t size);

#endif
