// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Rollback: every recorded original back, newest change first (a queue
 * that a later change relies on, e.g. RPS on rx-3 after more channels,
 * must be undone before the change that made it). A record is cleared
 * only when the knob is back at its original; the file is saved after
 * each one, so an interrupted rollback resumes where it stopped.
 */
#include "act/act_int.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *act_rb_outcome_name(enum nt_rb_outcome o)
{
	static const char *const names[] = {
		[NT_RB_RESTORED] = "restored",
		[NT_RB_ALREADY] = "already-original",
		[NT_RB_WOULD_RESTORE] = "would-restore",
		[NT_RB_CHANGED] = "changed-since",
		[NT_RB_EARLIER_BOOT] = "earlier-boot",
		[NT_RB_GONE] = "gone",
		[NT_RB_OTHER_NETNS] = "other-netns",
		[NT_RB_FAILED] = "failed",
		[NT_RB_LEFT] = "left",
	};
	return names[o];
}

static bool on_device(const struct nt_record *rec)
{
	enum nt_knob_where w = nt_knobs[rec->knob].where;

	return w == NT_KW_DEVICE || w == NT_KW_QUEUE;
}

static bool same_text(enum nt_knob knob, const char *x, const char *y)
{
	struct nt_value vx, vy;

	if (knob_value_parse(knob, x, &vx) || knob_value_parse(knob, y, &vy))
		return !strcmp(x, y);
	return knob_value_equal(&vx, &vy);
}

/* Finds where the record's knob is now; false (and why) when it is not. */
static bool locate(struct nt_act *a, const struct nt_snapshot *snap, const struct nt_record *rec,
		   struct nt_knob_id *t, struct nt_rb_result *res)
{
	const struct nt_netdev *d;
	const struct nt_irq *irq;

	memset(t, 0, sizeof(*t));
	t->knob = rec->knob;
	t->queue = rec->queue;
	t->irq = rec->irq;
	if (on_device(rec)) {
		d = identity_find_device(snap, rec->device_id, rec->device);
		if (!d) {
			snprintf(
				res->msg, sizeof(res->msg),
				"no device with identity %s (was %s) is "
				"present; a device that comes back starts from its driver's defaults",
				rec->device_id, rec->device);
			return false;
		}
		snprintf(t->device, sizeof(t->device), "%s", d->name);
	}
	if (nt_knobs[rec->knob].where == NT_KW_IRQ && rec->irq_action[0]) {
		irq = identity_find_irq(snap, rec->irq);
		if (!irq || strcmp(irq->actions, rec->irq_action)) {
			snprintf(res->msg, sizeof(res->msg), "IRQ %d now belongs to '%s', not '%s'",
				 rec->irq, irq ? irq->actions : "nobody", rec->irq_action);
			return false;
		}
	}
	return true;
}

/* What nettuned may find there: what it wrote, or a write it had started. */
static bool as_left(const struct nt_record *rec, const char *now)
{
	if (same_text(rec->knob, now, rec->has_written ? rec->written : rec->original))
		return true;
	return rec->has_pending && same_text(rec->knob, now, rec->pending);
}

static enum nt_rb_outcome restore(struct nt_act *a, const struct nt_snapshot *snap,
				  const struct nt_record *rec, unsigned int flags,
				  struct nt_rb_result *res)
{
	struct nt_act_result ar = { 0 };
	struct nt_value cur, orig;
	struct nt_knob_id t;
	int r;

	if (rec->boot_id[0] && a->boot_id[0] && strcmp(rec->boot_id, a->boot_id)) {
		snprintf(res->msg, sizeof(res->msg),
			 "recorded in boot %s; the kernel and driver "
			 "reset it at boot, so nothing is written",
			 rec->boot_id);
		return NT_RB_EARLIER_BOOT;
	}
	if (on_device(rec) && rec->netns[0] && a->netns[0] && strcmp(rec->netns, a->netns)) {
		snprintf(res->msg, sizeof(res->msg),
			 "recorded in network namespace %s, this is %s: "
			 "run rollback there (ip netns exec NS nettuned rollback)",
			 rec->netns, a->netns);
		return NT_RB_OTHER_NETNS;
	}
	if (!locate(a, snap, rec, &t, res))
		return NT_RB_GONE;
	if ((flags & NT_RB_KEEP_DISRUPTIVE) && nt_knobs[rec->knob].disruptive) {
		snprintf(res->msg, sizeof(res->msg),
			 "not restored: it resets the link, and this "
			 "is outside the disruptive window; the record stays");
		return NT_RB_LEFT;
	}
	if (on_device(rec) && strcmp(t.device, rec->device))
		snprintf(res->what + strlen(res->what), sizeof(res->what) - strlen(res->what),
			 " (now %s)", t.device);
	r = act_read(a, &t, &cur, res->now, &ar);
	if (r) {
		snprintf(res->msg, sizeof(res->msg), "%s", ar.msg);
		act_append_errno(res->msg, sizeof(res->msg), r);
		res->err = r;
		return r == -ENODEV ? NT_RB_GONE : NT_RB_FAILED;
	}
	if (same_text(rec->knob, res->now, rec->original))
		return NT_RB_ALREADY;
	if (!as_left(rec, res->now) && !(flags & NT_RB_FORCE)) {
		snprintf(res->msg, sizeof(res->msg),
			 "now %s, but nettuned left it at %s: someone "
			 "changed it since; kept (--force restores the original anyway)",
			 res->now[0] ? res->now : "\"\"",
			 rec->has_written ? rec->written : rec->original);
		return NT_RB_CHANGED;
	}
	if (flags & NT_RB_DRY_RUN)
		return NT_RB_WOULD_RESTORE;
	if (knob_value_parse(rec->knob, rec->original, &orig)) {
		snprintf(res->msg, sizeof(res->msg),
			 "the recorded original '%s' is not a value of %s", rec->original,
			 nt_knobs[rec->knob].name);
		return NT_RB_FAILED;
	}
	snprintf(ar.to, sizeof(ar.to), "%s", rec->original);
	r = act_set(a, &t, &orig, &cur, &ar);
	if (r) {
		snprintf(res->msg, sizeof(res->msg), "%s", ar.msg);
		act_append_errno(res->msg, sizeof(res->msg), r);
		res->err = r;
		return r == -ENODEV ? NT_RB_GONE : NT_RB_FAILED;
	}
	snprintf(res->msg, sizeof(res->msg), "%s", ar.msg); /* a link reset, if any */
	return NT_RB_RESTORED;
}

/* Records to clear: restored, found at the original, or beyond reach. */
static bool clears(enum nt_rb_outcome o)
{
	return o == NT_RB_RESTORED || o == NT_RB_ALREADY || o == NT_RB_EARLIER_BOOT ||
	       o == NT_RB_GONE;
}

/* The record with the highest seq below @below, or NULL. */
static struct nt_record *next_newest(struct nt_state *s, uint64_t below)
{
	struct nt_record *best = NULL;

	for (size_t i = 0; i < s->n; i++)
		if (s->recs[i].seq < below && (!best || s->recs[i].seq > best->seq))
			best = &s->recs[i];
	return best;
}

int act_rollback(struct nt_act *a, const struct nt_snapshot *snap, unsigned int flags,
		 void (*report)(const struct nt_rb_result *r, void *user), void *user)
{
	struct nt_rb_result *res = malloc(sizeof(*res));
	uint64_t below = UINT64_MAX;
	struct nt_record *rec;
	char err[512];
	int kept = 0, r = 0;

	if (!res)
		return -ENOMEM;
	while ((rec = next_newest(a->state, below))) {
		memset(res, 0, sizeof(*res));
		below = rec->seq;
		act_describe(rec->knob, rec->device, rec->queue, rec->irq, rec->irq_action,
			     res->what, sizeof(res->what));
		snprintf(res->original, sizeof(res->original), "%s", rec->original);
		snprintf(res->left, sizeof(res->left), "%s",
			 rec->has_written ? rec->written :
			 rec->has_pending ? rec->pending :
					    "");
		res->target.knob = rec->knob;
		snprintf(res->target.device, sizeof(res->target.device), "%s", rec->device);
		res->target.queue = rec->queue;
		res->target.irq = rec->irq;
		res->outcome = restore(a, snap, rec, flags, res);
		if (clears(res->outcome) && !(flags & NT_RB_DRY_RUN)) {
			state_remove(a->state, rec);
			r = state_save(a->state, err, sizeof(err));
			if (r) {
				res->outcome = NT_RB_FAILED;
				snprintf(res->msg, sizeof(res->msg), "%s", err);
			}
		}
		if (!clears(res->outcome) && res->outcome != NT_RB_WOULD_RESTORE)
			kept++;
		report(res, user);
		if (r)
			break;
	}
	free(res);
	return r ? r : kept;
}
