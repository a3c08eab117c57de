// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Hands off what someone else changed. For every knob instance nettuned
 * wrote, the daemon keeps the value it read back in the knob's one
 * record, the history's nt_knob_state (model/history.h); each cycle (and
 * at once after an ethtool notification) the value now is compared with
 * it.
 *
 * A difference on the same device is someone else's doing (an operator,
 * `nettuned rollback`, another tool): the knob becomes manual, is never
 * touched again by this process, and is said once. A difference after the
 * device was re-registered (a new ifindex: driver reload or reset) or its
 * IRQ re-requested by another action is the driver's defaults coming
 * back: nettuned's change is forgotten and the rules judge the knob like
 * any other, with sustain and cooldown, instead of forcing it back.
 */
#include "daemon/daemon.h"
#include "ethtool/ethtool.h"
#include "state/state.h"

#include <errno.h>
#include <syslog.h>
#include <stdio.h>
#include <string.h>

/* The index of device @name in @s, -1 when it is not there. */
static int dev_index(const struct nt_snapshot *s, const char *name)
{
	const struct nt_netdev *d = name[0] ? snapshot_find_dev(s, name) : NULL;

	return d ? (int)(d - s->devs) : -1;
}

static const struct nt_irq *irq_of(const struct nt_snapshot *s, int irq)
{
	for (size_t i = 0; irq >= 0 && i < s->nirqs; i++)
		if ((int)s->irqs[i].irq == irq)
			return &s->irqs[i];
	return NULL;
}

static bool is_manual(const struct nt_knob_state *k)
{
	return k->hold == NT_HOLD_MANUAL;
}

size_t managed_count(const struct nt_daemon *d, size_t *manual)
{
	size_t n = 0;

	if (manual)
		*manual = 0;
	for (size_t i = 0; i < d->hist.n_knobs; i++) {
		n += d->hist.knobs[i].managed;
		if (manual && d->hist.knobs[i].managed)
			*manual += is_manual(&d->hist.knobs[i]);
	}
	return n;
}

/* One record of the state file: this boot's, written by nettuned. */
static int seed_one(struct nt_daemon *d, const struct nt_record *rec, char *err, size_t errlen)
{
	struct nt_knob_id id = { .knob = rec->knob, .queue = rec->queue, .irq = rec->irq };
	struct nt_value written, original;
	struct nt_knob_state *k;

	snprintf(id.device, sizeof(id.device), "%s", rec->device);
	/* state_check() took both; a failure here is a bug, not a file */
	if (knob_value_parse(rec->knob, rec->written, &written) < 0) {
		snprintf(err, errlen, "%s: %s: written value %s is not a value of it",
			 NT_STATE_FILE, nt_knobs[rec->knob].name, rec->written);
		return -EBADMSG;
	}
	k = history_knob(&d->hist, &id, true);
	if (!k) {
		snprintf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	k->managed = true;
	k->written = written;
	k->has_original =
		rec->original[0] && knob_value_parse(rec->knob, rec->original, &original) == 0;
	if (k->has_original)
		k->original = original;
	snprintf(k->irq_action, sizeof(k->irq_action), "%s", rec->irq_action);
	return 0;
}

int managed_seed(struct nt_daemon *d, char *err, size_t errlen)
{
	struct nt_act *a = NULL;
	struct nt_state *st;
	const char *boot;
	int r = daemon_act_open(d, &a, err, errlen);

	if (r < 0)
		return r;
	/* a reboot put every knob back: only this boot's records are ours */
	boot = act_boot_id(a);
	snprintf(d->boot_id, sizeof(d->boot_id), "%s", boot);
	st = act_state(a);
	for (size_t i = 0; i < st->n && r == 0; i++) {
		const struct nt_record *rec = &st->recs[i];

		if (rec->has_written && !(boot[0] && rec->boot_id[0] && strcmp(boot, rec->boot_id)))
			r = seed_one(d, rec, err, errlen);
	}
	act_close(a);
	return r;
}

void managed_note(struct nt_daemon *d, const struct nt_knob_id *id, const struct nt_value *from,
		  const struct nt_value *now, const struct nt_snapshot *snap)
{
	struct nt_knob_state *k = history_knob(&d->hist, id, true);
	const struct nt_irq *irq = irq_of(snap, id->irq);
	int dev = dev_index(snap, id->device);

	if (!k)
		return;
	if (!k->managed) {
		k->has_original = from != NULL;
		if (from)
			k->original = *from;
	}
	/* back at the original: the actuators dropped the record, and so do we */
	if (k->has_original && knob_value_equal(now, &k->original)) {
		k->managed = false;
		return;
	}
	k->managed = true;
	k->written = *now;
	k->ifindex = dev >= 0 ? snap->devs[dev].ifindex : -1;
	snprintf(k->irq_action, sizeof(k->irq_action), "%s", irq ? irq->actions : "");
}

static void say(struct nt_daemon *d, const struct nt_knob_state *k, enum nt_event ev,
		const struct nt_value *now, const char *detail)
{
	struct nt_audit_entry e = NT_AUDIT_ENTRY_INIT;
	char from[NT_VALUE_TEXT], to[NT_VALUE_TEXT];

	e.event = ev;
	e.knob = nt_knobs[k->id.knob].name;
	e.device = k->id.device;
	e.queue = k->id.queue;
	e.irq = k->id.irq;
	e.from = knob_value_text(&k->written, from, sizeof(from));
	e.to = knob_value_text(now, to, sizeof(to));
	e.mode = daemon_mode(d);
	e.detail = detail;
	daemon_audit(d, &e);
}

/* @now differs from what nettuned wrote: whose doing was it? */
static void changed(struct nt_daemon *d, struct nt_knob_state *k, const struct nt_value *now,
		    bool reset)
{
	if (reset) {
		say(d, k, NT_EV_RESET, now,
		    "the device was reset; its value now is judged like any other finding");
		history_forget(&d->hist, &k->id);
		k->managed = false;
		return;
	}
	d->count.manual++;
	say(d, k, NT_EV_MANUAL, now,
	    "changed by someone else since nettuned set it; nettuned keeps its hands off");
	/* never written again: status and metrics show the value now, not ours */
	k->written = *now;
	history_set_manual(&d->hist, &k->id);
}

/* The value of @k in @snap; false when its device or IRQ is not there now. */
static bool value_now(const struct nt_knob_state *k, const struct nt_snapshot *snap, bool *reset,
		      struct nt_value *out)
{
	const struct nt_irq *irq = irq_of(snap, k->id.irq);
	int dev = dev_index(snap, k->id.device);

	*reset = false;
	if (k->id.irq >= 0) {
		if (!irq)
			return false;
		*reset = k->irq_action[0] && strcmp(k->irq_action, irq->actions);
	} else if (k->id.device[0]) {
		if (dev < 0)
			return false;
		*reset = k->ifindex >= 0 && k->ifindex != snap->devs[dev].ifindex;
	}
	return knob_read(snap, &k->id, out);
}

void managed_check(struct nt_daemon *d, const struct nt_snapshot *snap)
{
	struct nt_value now;
	bool reset;

	for (size_t i = 0; i < d->hist.n_knobs; i++) {
		struct nt_knob_state *k = &d->hist.knobs[i];

		if (!k->managed || is_manual(k) || !value_now(k, snap, &reset, &now) ||
		    knob_value_equal(&now, &k->written))
			continue;
		changed(d, k, &now, reset);
	}
}

/*
 * The ring, channel or EEE value of @k read from the kernel now: its
 * family's ethtool reply, read as a snapshot's device is (the descriptor's
 * read), so a notification and a sample never disagree on what a reply means.
 */
static bool read_now(struct nt_daemon *d, const struct nt_knob_state *k, struct nt_value *out)
{
	struct nt_netdev dev;
	int r;

	memset(&dev, 0, sizeof(dev));
	switch (nt_knobs[k->id.knob].family) {
	case NT_KFAM_RING:
		r = ethtool_get_rings(d->ethtool, k->id.device, &dev.ring);
		break;
	case NT_KFAM_CHANNELS:
		r = ethtool_get_channels(d->ethtool, k->id.device, &dev.ch);
		break;
	case NT_KFAM_EEE:
		r = ethtool_get_eee(d->ethtool, k->id.device, &dev.eee);
		break;
	default:
		return false; /* sysctls, IRQs and RPS send no notification */
	}
	return r == 0 && nt_knobs[k->id.knob].read(NULL, &dev, &k->id, out);
}

void managed_device_changed(struct nt_daemon *d, const char *ifname)
{
	struct nt_value now;

	if (!daemon_enforcing(d) || !d->ethtool)
		return;
	for (size_t i = 0; i < d->hist.n_knobs; i++) {
		struct nt_knob_state *k = &d->hist.knobs[i];

		if (!k->managed || is_manual(k) || strcmp(k->id.device, ifname) ||
		    !read_now(d, k, &now) || knob_value_equal(&now, &k->written))
			continue;
		/* the same ifindex: a notification is never a re-registration */
		changed(d, k, &now, false);
	}
}

/*
 * A device whose ifindex is the same under a new name was renamed (udev,
 * `ip link set name`), not replaced: what nettuned set on it and its
 * history go with it. A device that vanished and came back with a new
 * ifindex is a reset, which managed_check() tells by the ifindex.
 */
void managed_renames(struct nt_daemon *d, const struct nt_snapshot *prev,
		     const struct nt_snapshot *cur)
{
	for (size_t i = 0; i < cur->ndevs; i++) {
		const struct nt_netdev *now = &cur->devs[i];
		int was = -1;

		if (now->ifindex <= 0 || dev_index(prev, now->name) >= 0)
			continue;
		for (size_t j = 0; j < prev->ndevs && was < 0; j++)
			if (prev->devs[j].ifindex == now->ifindex &&
			    dev_index(cur, prev->devs[j].name) < 0)
				was = (int)j;
		if (was < 0)
			continue;
		history_rename(&d->hist, prev->devs[was].name, now->name);
		audit_logf(d->audit, LOG_NOTICE,
			   "%s is now called %s (ifindex %d): its knobs and "
			   "history follow it",
			   prev->devs[was].name, now->name, now->ifindex);
	}
}
