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
#include "model/knob_value.h"
#include "model/limits.h"
#include "util/cpuset.h"

/* Why a knob instance waits beyond one interval's gates. */
enum nt_hold {
	NT_HOLD_NONE,
	NT_HOLD_MANUAL,      /* someone else changed it: never again */
	NT_HOLD_UNSUPPORTED, /* EOPNOTSUPP, EIO on an IRQ: never again in this run */
	NT_HOLD_FAILED,      /* refused: until hold_until */
	NT_HOLD_COUNT
};

/* "manual", "unsupported", "failed"; "" for none. */
const char *history_hold_name(enum nt_hold h);
/* -1 when @name is none of them. */
int history_hold_by_name(const char *name);

/*
 * One knob instance nettuned has dealt with: what the safety section
 * decided (the engine) and what the actuators left there (the daemon).
 * The one record of it: status, metrics and the history file read it.
 */
struct nt_knob_state {
	struct nt_knob_id id;
	bool applied;   /* taken to be in effect (a capture: value wins) */
	bool changed;   /* changed: cooldown from changed_at */
	bool verifying; /* a verify window is open for it */
	enum nt_hold hold;
	double hold_until;      /* NT_HOLD_FAILED: until then */
	struct nt_value value;  /* as applied */
	struct nt_value before; /* the value it replaced */
	double changed_at;
	int last_held; /* the engine's gate (enum nt_gate) that held it last
					 * interval: a hold is said once, not every interval */
	/* written by nettuned and not back at its original (daemon/managed.c) */
	bool managed;
	struct nt_value written;  /* read back after the write; the value now once manual */
	struct nt_value original; /* before nettuned's first change */
	bool has_original;
	int ifindex;          /* the device's when written; -1 unknown */
	char irq_action[128]; /* the IRQ's action name when written */
};

/* One knob instance a verified change set. */
struct nt_verify_change {
	struct nt_knob_id id;
	struct nt_value from, to;
	bool dropped; /* failed, gone, forgotten: not verified */
};

/* Outcome counters watched over a verify window besides the rule's signal. */
enum nt_outcome_sig {
	NT_OUT_DROPS,
	NT_OUT_TCP_TIMEOUTS,
	NT_OUT_TCP_RETRANS,
	NT_OUT_COUNT
};

/* An outcome: its mean and spread over the sustain window, then its sum after. */
struct nt_outcome_stat {
	bool has;
	double base;   /* mean over the sustain window */
	double spread; /* its standard deviation there */
	double sum;
	unsigned int n;
};

/* A verify window: the changes one fired rule made, and what to compare. */
struct nt_verify {
	char rule[NT_RULE_NAME_MAX];
	int cond;                 /* all[cond], or any[cond - NT_RULE_MAX_CONDS] */
	int signal;               /* that condition's, when the window opened */
	char entity[IF_NAMESIZE]; /* the device the rule fired for, "" host */
	int queue;
	struct nt_cpuset cpus;  /* cpu scope: the CPUs that matched */
	double start, deadline; /* monotonic s */
	double base;            /* the symptom over the sustain window */
	double sum;
	unsigned int n;
	bool resumed;           /* restored after a restart */
	unsigned int n_resumed; /* intervals seen since */
	bool has_traffic;
	double traffic_base; /* packets received /s over the sustain window */
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
	double *changes; /* times of the changes in the last hour */
	size_t n_changes, changes_cap;
	struct nt_verify *verifies;
	size_t n_verifies, verifies_cap;
	struct nt_backoff *backoffs;
	size_t n_backoffs, backoffs_cap;
	/* a damaged history: every change waits one cooldown from the first interval */
	bool quarantine;
	double quarantine_from; /* < 0: set at the next interval */
};

void history_init(struct nt_history *h);
void history_free(struct nt_history *h);
/* Empty, as after history_init (the arrays are kept). */
void history_clear(struct nt_history *h);

/* The state of a knob instance; with @create a new one, NULL on ENOMEM. */
struct nt_knob_state *history_knob(struct nt_history *h, const struct nt_knob_id *id, bool create);
/* A verify window's changes of @id are not to be judged any more. */
void history_drop_change(struct nt_history *h, const struct nt_knob_id *id);
/*
 * nettuned's value of @id is no longer in effect (a device reset, a
 * rollback, someone else's change): nothing to assume or verify. The
 * cooldown and the hourly budget still count the change.
 */
void history_forget(struct nt_history *h, const struct nt_knob_id *id);
/* Someone else changed @id: every change of it is held ("manual") from now on. */
int history_set_manual(struct nt_history *h, const struct nt_knob_id *id);
/* A new verify window with @n changes (zeroed), NULL on ENOMEM. */
struct nt_verify *history_add_verify(struct nt_history *h, size_t n);
void history_close_verify(struct nt_history *h, size_t i);
/* What nettuned wrote (the managed knobs of @from) into @to: -ENOMEM. */
int history_take_managed(struct nt_history *to, const struct nt_history *from);
/* Device @from is called @to now (same ifindex): its history follows. */
void history_rename(struct nt_history *h, const char *from, const char *to);

#endif
