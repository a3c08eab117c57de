/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The rule engine: a pure function of (the snapshots so far, the policy,
 * the knob values) to findings. It does no I/O and has no clock: time is
 * the snapshots' `timestamp` (monotonic) and `wallclock` (windows). Fed the
 * same snapshots it gives the same findings, which is what makes
 * `nettuned replay` and the golden tests possible.
 *
 * Each engine_step() looks at one interval (two consecutive snapshots).
 * A rule holds for an entity when every `when` and one `when_any` holds;
 * it fires once it held for `sustain` consecutive intervals. An interval
 * without a value for a condition (a counter reset, a missing source) is
 * not a holding interval: the count starts again.
 *
 * In recommend mode a fired rule yields its finding every interval it
 * stays fired. In enforce mode the engine also plays the safety section:
 * a change passes the disruptive window, the knob's cooldown and the
 * hourly budget, or is held with the reason; a passed change is taken as
 * applied, so later intervals see the new value and raise from there
 * (never back down: no oscillation).
 */
#ifndef NT_ENGINE_H
#define NT_ENGINE_H

#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>

#include "config/policy.h"
#include "config/rule.h"
#include "model/history.h"
#include "model/knob.h"
#include "model/knob_value.h"
#include "model/snapshot.h"

#define NT_COMMAND_MAX 640
/* irq.affinity of a spread: the next CPUs in placement order, if the first has no vector */
#define NT_FALLBACK_MAX 8
#define NT_EVIDENCE_MAX 768

enum nt_finding_kind {
	NT_FIND_ACTION,   /* a change (enforce: passed the safety gates unless held) */
	NT_FIND_ADVICE,   /* no automatic change; advice says what to do */
	NT_FIND_VERIFIED, /* live: a change's verify window ended well (or rollback = no) */
	NT_FIND_ROLLBACK, /* live: the verify window failed; `to` is the value to put back */
};

/* The safety section's verdict on a change: it passes, or which gate holds it. */
enum nt_gate {
	NT_GATE_PASS,
	NT_GATE_PAUSED,
	NT_GATE_MANUAL,
	NT_GATE_UNSUPPORTED,
	NT_GATE_FAILED,
	NT_GATE_BACKOFF,
	NT_GATE_VERIFY,
	NT_GATE_DISRUPTIVE_WINDOW,
	NT_GATE_IRQBALANCE,
	NT_GATE_COOLDOWN,
	NT_GATE_MAX_CHANGES,
	NT_GATE_COUNT
};

/* The name audit entries carry (NETTUNED_SAFETY): "cooldown", ...; NULL for a pass. */
const char *engine_gate_name(enum nt_gate g);

struct nt_finding {
	const struct nt_rule *rule;
	enum nt_finding_kind kind;
	enum nt_severity severity;
	/* the knob instance (knob NT_KNOB_NONE for advice, which may still
	 * name the device and queue it is about) */
	struct nt_knob_id id;
	char entity[IF_NAMESIZE];     /* the device the rule fired for, "" host */
	bool has_from, has_to;        /* advice may know the value now (from) */
	struct nt_value from, to;     /* text only at the edges: knob_value.h */
	char command[NT_COMMAND_MAX]; /* what an operator would type, "" none */
	bool disruptive;
	char evidence[NT_EVIDENCE_MAX];
	char advice[NT_RULE_TEXT_MAX + 256]; /* why no action, what to do; "" none */
	double t;                            /* timestamp of the interval's later snapshot */
	char wallclock[40];
	enum nt_gate held;             /* enforce: why it waits; NT_GATE_PASS when applied */
	char held_why[160];            /* held's details */
	int fallback[NT_FALLBACK_MAX]; /* irq.affinity: CPUs to try after `to` (ENOSPC) */
	unsigned int n_fallback;
};

struct nt_findings {
	struct nt_finding *v;
	size_t n, cap;
};

void findings_init(struct nt_findings *f);
void findings_clear(struct nt_findings *f);
void findings_free(struct nt_findings *f);
/* A zeroed finding at the end (queue, irq and knob -1), or NULL (ENOMEM). */
struct nt_finding *findings_add(struct nt_findings *f);
/* Sorted by severity (highest first), rule, device, IRQ, queue, knob. */
void findings_sort(struct nt_findings *f);

struct nt_engine;

/* @rules and @policy must outlive the engine. 0 or -ENOMEM. */
int engine_new(struct nt_engine **out, const struct nt_ruleset *rules,
	       const struct nt_policy *policy, enum nt_mode mode);
void engine_free(struct nt_engine *e);

/*
 * Caps every rule's sustain at @intervals: `recommend` over a capture
 * shorter than the sustain asks for a condition held in all of its
 * intervals instead. 0 removes the cap.
 */
void engine_cap_sustain(struct nt_engine *e, unsigned int intervals);

/*
 * Live mode, for the daemon: the snapshots show what is really set (a
 * change is not assumed to be in effect), and every change passed in
 * enforce mode is verified over the policy's `verify` window.
 */
void engine_set_live(struct nt_engine *e, bool live);

/*
 * The history the safety section plays on (engine/history.h): the
 * daemon's, which outlives a reload and a restart. Without one an engine
 * keeps its own. @h must outlive the engine.
 */
void engine_use_history(struct nt_engine *e, struct nt_history *h);

/* Paused: every change is held ("paused"); sustain and verify go on. */
void engine_set_paused(struct nt_engine *e, bool paused);

/*
 * Evaluates the interval @a -> @b and appends the findings to @out.
 * Returns how many were appended, or -ENOMEM.
 */
int engine_step(struct nt_engine *e, const struct nt_snapshot *a, const struct nt_snapshot *b,
		struct nt_findings *out);

/* What became of a change the engine passed (enforce mode); @applied,
 * when not NULL, is the value set instead of f->to (an ENOSPC fallback). */
enum nt_outcome {
	NT_OUTCOME_DONE,   /* applied, or already at the value */
	NT_OUTCOME_FAILED, /* refused this time: the knob waits a cooldown */
	NT_OUTCOME_NEVER,  /* unsupported or unmanageable: never again in this run */
	NT_OUTCOME_GONE,   /* the device or IRQ went away */
};
void engine_outcome(struct nt_engine *e, const struct nt_finding *f, enum nt_outcome o,
		    const struct nt_value *applied);

/* Knob instances on hold for a reason other than the window/cooldown/rate
 * of one interval: manual, unsupported, failed, verify. Calls @fn for each. */
void engine_holds(const struct nt_engine *e,
		  void (*fn)(void *user, const struct nt_knob_id *id, const char *why), void *user);

/*
 * Rules backing off after a rollback: @fn for each one still waiting at
 * @now (the latest snapshot's timestamp), with the seconds left.
 */
void engine_backoffs(const struct nt_engine *e, double now,
		     void (*fn)(void *user, const char *rule, const char *entity, double left_s),
		     void *user);

/*
 * The devices device and queue rules are evaluated on (eligible.c): NICs
 * the policy includes; with `exclude_virtual = no`, also the virtual
 * devices it includes (veth, tun, bridges, loopback; not bonds and VLANs,
 * whose receive path is their NICs').
 */
bool engine_device_watched(const struct nt_policy *p, const struct nt_netdev *d);
/* Whether rule @r can act on @d: on a virtual device only RPS works (and
 * advice-only rules); ring, channel, EEE and IRQ knobs do not exist there. */
bool engine_rule_fits(const struct nt_rule *r, const struct nt_netdev *d);

#endif
