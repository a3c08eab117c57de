/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What the safety section remembers about the changes made (enforce
 * mode): per knob instance the time of its last change and its hold, the
 * times of the changes in the last hour, the open verify windows with
 * their baselines, and the rules backing off. One owner outlives the
 * engines built on it: a reload (SIGHUP) makes a new engine for the new
 * rules over the same history, and the daemon keeps it in the state
 * directory (state/history_file.c) so that a restart does too.
 *
 * Rules are named, not pointed at, so the history does not depend on
 * one configuration: an engine looks each name up in its rules, and a
 * window whose rule is gone or judges by another signal now is closed
 * without a verdict (the change stands).
 *
 * Times are the snapshots' monotonic seconds: CLOCK_MONOTONIC on a live
 * host, which is per boot (the file says which boot it is from), or a
 * fixture tree's `timestamp`.
 */
#ifndef NT_HISTORY_H
#define NT_HISTORY_H

#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>

#include "model/knob.h"
#include "model/limits.h"
#include "util/cpuset.h"

/* Why a knob instance waits beyond one interval's gates. */
enum nt_hold {
	NT_HOLD_NONE,
	NT_HOLD_MANUAL,		/* someone else changed it: never again */
	NT_HOLD_UNSUPPORTED,	/* EOPNOTSUPP, EIO on an IRQ: never again in this run */
	NT_HOLD_FAILED,		/* refused: until hold_until */
	NT_HOLD_COUNT
};

/* "manual", "unsupported", "failed"; "" for none. */
const char *hold_name(enum nt_hold h);
/* -1 when @name is none of them. */
int hold_by_name(const char *name);

/* One knob instance the engine changed (enforce) or held. */
struct nt_knob_state {
	int knob;
	char device[IF_NAMESIZE];
	int index;			/* queue or IRQ, -1 */
	bool applied;			/* taken to be in effect (a capture: value wins) */
	bool changed;			/* changed: cooldown from changed_at */
	bool verifying;			/* a verify window is open for it */
	enum nt_hold hold;
	double hold_until;		/* NT_HOLD_FAILED: until then */
	char value[NT_VALUE_MAX];	/* as applied */
	char before[NT_VALUE_MAX];	/* the value it replaced */
	double changed_at;
	const char *last_held;		/* to print a hold once, not every interval */
};

/* One knob instance a verified change set. */
struct nt_verify_change {
	int knob;
	char device[IF_NAMESIZE];
	int queue, irq;
	char from[NT_VALUE_MAX];
	char to[NT_VALUE_MAX];
	bool dropped;			/* failed, gone, forgotten: not verified */
};

/* Outcome counters watched over a verify window besides the rule's signal. */
enum nt_outcome_sig { NT_OUT_DROPS, NT_OUT_TCP_TIMEOUTS, NT_OUT_TCP_RETRANS, NT_OUT_COUNT };

/* An outcome: its mean and spread over the sustain window, then its sum after. */
struct nt_outcome_stat {
	bool has;
	double base;			/* mean over the sustain window */
	double spread;			/* its standard deviation there */
	double sum;
	unsigned int n;
};

/* A verify window: the changes one fired rule made, and what to compare. */
struct nt_verify {
	char rule[NT_RULE_NAME_MAX];
	int cond;			/* all[cond], or any[cond - NT_RULE_MAX_CONDS] */
	int signal;			/* that condition's, when the window opened */
	char entity[IF_NAMESIZE];	/* the device the rule fired for, "" host */
	int queue;
	struct nt_cpuset cpus;		/* cpu scope: the CPUs that matched */
	double start, deadline;		/* monotonic s */
	double base;			/* the symptom over the sustain window */
	double sum;
	unsigned int n;
	bool resumed;			/* restored after a restart */
	unsigned int n_resumed;		/* intervals seen since */
	bool has_traffic;
	double traffic_base;		/* packets received /s over the sustain window */
	double traffic_sum;
	unsigned int traffic_n;
	struct nt_outcome_stat out[NT_OUT_COUNT];
	struct nt_verify_change *changes;
	size_t n_changes;
};

/* A rule that was rolled back for an entity waits until @until. */
struct nt_backoff {
	char rule[NT_RULE_NAME_MAX];
	char entity[IF_NAMESIZE];
	double until;
};

struct nt_history {
	struct nt_knob_state *knobs;
	size_t n_knobs, knobs_cap;
	double *changes;		/* times of the changes in the last hour */
	size_t n_changes, changes_cap;
	struct nt_verify *verifies;
	size_t n_verifies, verifies_cap;
	struct nt_backoff *backoffs;
	size_t n_backoffs, backoffs_cap;
	/* a damaged history: every change waits one cooldown from the first interval */
	bool quarantine;
	double quarantine_from;		/* < 0: set at the next interval */
};

void history_init(struct nt_history *h);
void history_free(struct nt_history *h);
/* Empty, as after history_init (the arrays are kept). */
void history_clear(struct nt_history *h);

/* The state of a knob instance; with @create a new one, NULL on ENOMEM. */
struct nt_knob_state *history_knob(struct nt_history *h, int knob, const char *dev, int index,
				   bool create);
/* A new verify window with @n changes (zeroed), NULL on ENOMEM. */
struct nt_verify *history_add_verify(struct nt_history *h, size_t n);
void history_close_verify(struct nt_history *h, size_t i);
/* Device @from is called @to now (same ifindex): its history follows. */
void history_rename(struct nt_history *h, const char *from, const char *to);

#endif
