// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Hands off what someone else changed. For every knob instance nettuned
 * wrote, the daemon keeps the value it read back; each cycle (and at once
 * after an ethtool notification) the value now is compared with it.
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
#include "util/array.h"

#include <errno.h>
#include <syslog.h>
#include <stdio.h>
#include <string.h>

int target_index(const struct nt_knob_id *t)
{
	return t->irq >= 0 ? t->irq : t->queue;
}

static bool same_target(const struct nt_knob_id *a, const struct nt_knob_id *b)
{
	return a->knob == b->knob && a->queue == b->queue && a->irq == b->irq &&
	       !strcmp(a->device, b->device);
}

static struct nt_managed *find(struct nt_daemon *d, const struct nt_knob_id *t)
{
	for (size_t i = 0; i < d->n_managed; i++)
		if (same_target(&d->managed[i].t, t))
			return &d->managed[i];
	return NULL;
}

static void drop(struct nt_daemon *d, struct nt_managed *m)
{
	size_t i = (size_t)(m - d->managed);

	memmove(m, m + 1, (d->n_managed - i - 1) * sizeof(*m));
	d->n_managed--;
}

static bool values_equal(enum nt_knob knob, const char *a, const char *b)
{
	struct nt_value va, vb;

	if (value_parse(knob, a, &va) < 0 || value_parse(knob, b, &vb) < 0)
		return !strcmp(a, b);
	return value_equal(&va, &vb);
}

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

static struct nt_managed *add(struct nt_daemon *d, const struct nt_knob_id *t)
{
	struct nt_managed *m;

	if (array_grow((void **)&d->managed, &d->managed_cap, d->n_managed, sizeof(*m), 8) < 0)
		return NULL;
	m = &d->managed[d->n_managed++];
	memset(m, 0, sizeof(*m));
	m->t = *t;
	m->ifindex = -1;
	return m;
}

int managed_seed(struct nt_daemon *d, char *err, size_t errlen)
{
	struct nt_act *a = NULL;
	struct nt_state *st;
	const char *boot;
	int r = act_open(&a, d->o.root, d->o.state_dir, NT_DAEMON_LOCK_WAIT_S, err, errlen);

	if (r < 0)
		return r;
	/* a reboot put every knob back: only this boot's records are ours */
	boot = act_boot_id(a);
	snprintf(d->boot_id, sizeof(d->boot_id), "%s", boot);
	st = act_state(a);
	for (size_t i = 0; i < st->n; i++) {
		const struct nt_record *rec = &st->recs[i];
		struct nt_knob_id t = { .knob = rec->knob, .queue = rec->queue, .irq = rec->irq };
		struct nt_managed *m;

		if (!rec->has_written || (boot[0] && rec->boot_id[0] && strcmp(boot, rec->boot_id)))
			continue;
		snprintf(t.device, sizeof(t.device), "%s", rec->device);
		m = add(d, &t);
		if (!m) {
			act_close(a);
			snprintf(err, errlen, "out of memory");
			return -ENOMEM;
		}
		snprintf(m->written, sizeof(m->written), "%s", rec->written);
		snprintf(m->original, sizeof(m->original), "%s", rec->original);
		snprintf(m->irq_action, sizeof(m->irq_action), "%s", rec->irq_action);
	}
	act_close(a);
	return 0;
}

void managed_note(struct nt_daemon *d, const struct nt_knob_id *t, const char *from,
		  const char *now, const struct nt_snapshot *snap)
{
	struct nt_managed *m = find(d, t);
	const struct nt_irq *irq = irq_of(snap, t->irq);
	int dev = dev_index(snap, t->device);

	if (!m) {
		m = add(d, t);
		if (!m)
			return;
		snprintf(m->original, sizeof(m->original), "%s", from);
	}
	/* back at the original: the actuators dropped the record, and so do we */
	if (m->original[0] && values_equal(t->knob, now, m->original)) {
		drop(d, m);
		return;
	}
	snprintf(m->written, sizeof(m->written), "%s", now);
	m->ifindex = dev >= 0 ? snap->devs[dev].ifindex : -1;
	snprintf(m->irq_action, sizeof(m->irq_action), "%s", irq ? irq->actions : "");
	m->manual = false;
}

static void say(struct nt_daemon *d, const struct nt_managed *m, enum nt_event ev,
		const char *now, const char *detail)
{
	struct nt_audit_entry e = NT_AUDIT_ENTRY_INIT;

	e.event = ev;
	e.knob = nt_knobs[m->t.knob].name;
	e.device = m->t.device;
	e.queue = m->t.queue;
	e.irq = m->t.irq;
	e.from = m->written;
	e.to = now;
	e.mode = daemon_mode(d);
	e.detail = detail;
	daemon_audit(d, &e);
}

/* @now differs from what nettuned wrote: whose doing was it? */
static void changed(struct nt_daemon *d, struct nt_managed *m, const char *now, bool reset)
{
	if (reset) {
		say(d, m, NT_EV_RESET, now,
		    "the device was reset; its value now is judged like any other finding");
		engine_forget(d->engine, m->t.knob, m->t.device, target_index(&m->t));
		drop(d, m);
		return;
	}
	m->manual = true;
	d->count.manual++;
	say(d, m, NT_EV_MANUAL, now,
	    "changed by someone else since nettuned set it; nettuned keeps its hands off");
	/* never written again: status and metrics show the value now, not ours */
	snprintf(m->written, sizeof(m->written), "%s", now);
	engine_set_manual(d->engine, m->t.knob, m->t.device, target_index(&m->t));
}

/* The value of @m in @snap; false when its device or IRQ is not there now. */
static bool value_now(const struct nt_managed *m, const struct nt_snapshot *snap, bool *reset,
		      char *out, size_t size)
{
	const struct nt_irq *irq = irq_of(snap, m->t.irq);
	int dev = dev_index(snap, m->t.device);

	*reset = false;
	if (m->t.irq >= 0) {
		if (!irq)
			return false;
		*reset = m->irq_action[0] && strcmp(m->irq_action, irq->actions);
	} else if (m->t.device[0]) {
		if (dev < 0)
			return false;
		*reset = m->ifindex >= 0 && m->ifindex != snap->devs[dev].ifindex;
	}
	return engine_snapshot_value(snap, m->t.knob, dev, target_index(&m->t), out, size);
}

void managed_check(struct nt_daemon *d, const struct nt_snapshot *snap)
{
	char now[NT_VALUE_MAX];
	bool reset;

	for (size_t i = 0; i < d->n_managed;) {
		struct nt_managed *m = &d->managed[i];
		size_t n = d->n_managed;

		if (m->manual || !value_now(m, snap, &reset, now, sizeof(now)) ||
		    values_equal(m->t.knob, now, m->written)) {
			i++;
			continue;
		}
		changed(d, m, now, reset);
		if (d->n_managed == n)
			i++;
	}
}

/* The ring, channel or EEE value of @m read from the kernel now. */
static bool read_now(struct nt_daemon *d, const struct nt_managed *m, char *out, size_t size)
{
	struct nt_ring ring;
	struct nt_channels ch;
	struct nt_eee eee;

	switch (m->t.knob) {
	case NT_KNOB_RING_RX:
	case NT_KNOB_RING_TX:
		if (ethtool_get_rings(d->ethtool, m->t.device, &ring) < 0)
			return false;
		snprintf(out, size, "%u", m->t.knob == NT_KNOB_RING_RX ? ring.rx : ring.tx);
		return true;
	case NT_KNOB_CHANNELS_COMBINED:
		if (ethtool_get_channels(d->ethtool, m->t.device, &ch) < 0)
			return false;
		snprintf(out, size, "%u", ch.combined);
		return true;
	case NT_KNOB_EEE_ENABLED:
		if (ethtool_get_eee(d->ethtool, m->t.device, &eee) < 0)
			return false;
		snprintf(out, size, "%s", eee.enabled ? "on" : "off");
		return true;
	default:
		return false;
	}
}

void managed_device_changed(struct nt_daemon *d, const char *ifname)
{
	char now[NT_VALUE_MAX];

	if (!daemon_enforcing(d) || !d->ethtool)
		return;
	for (size_t i = 0; i < d->n_managed;) {
		struct nt_managed *m = &d->managed[i];

		if (m->manual || strcmp(m->t.device, ifname) || !read_now(d, m, now, sizeof(now)) ||
		    values_equal(m->t.knob, now, m->written)) {
			i++;
			continue;
		}
		/* the same ifindex: a notification is never a re-registration */
		changed(d, m, now, false);
		i++;
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
			if (prev->devs[j].ifindex == now->ifindex && dev_index(cur, prev->devs[j].name) < 0)
				was = (int)j;
		if (was < 0)
			continue;
		history_rename(&d->hist, prev->devs[was].name, now->name);
		for (size_t m = 0; m < d->n_managed; m++)
			if (!strcmp(d->managed[m].t.device, prev->devs[was].name))
				snprintf(d->managed[m].t.device, sizeof(d->managed[m].t.device), "%s",
					 now->name);
		audit_logf(d->audit, LOG_NOTICE, "%s is now called %s (ifindex %d): its knobs and "
			   "history follow it", prev->devs[was].name, now->name, now->ifindex);
	}
}
