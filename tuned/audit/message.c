// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * MESSAGE: one sentence per entry, built from its fields, for the operator
 * who reads `journalctl -u nettuned` rather than the NETTUNED_* fields:
 *
 *   applied ring.rx of eth3: 256 → 1024 (rule ring-overrun): rx_missed 80/s
 *   held irq.affinity of IRQ 88 on eth3 (rule irq-one-cpu, cooldown): ...
 *
 * Values are the caller's and keep the units the caller gave them.
 */
#include <string.h>

#include "audit/audit_int.h"

static bool set(const char *s)
{
	return s && *s;
}

/* "ring.rx of eth3", "irq.affinity of IRQ 88 on eth3", "rps.cpus of eth3 queue 2" */
static int subject(struct nt_buf *m, const struct nt_audit_entry *e)
{
	int r = 0;

	if (set(e->knob))
		r = record_sb_printf(m, "%s%s", e->knob,
				     set(e->device) || e->irq >= 0 || e->queue >= 0 ? " of " : "");
	if (!r && e->irq >= 0)
		r = record_sb_printf(m, "IRQ %d%s", e->irq, set(e->device) ? " on " : "");
	if (!r && set(e->device))
		r = record_sb_printf(m, "%s", e->device);
	if (!r && e->queue >= 0)
		r = record_sb_printf(m, "%squeue %d", set(e->device) ? " " : "", e->queue);
	return r;
}

static int change(struct nt_buf *m, const struct nt_audit_entry *e)
{
	if (set(e->from) && set(e->to))
		return record_sb_printf(m, ": %s \u2192 %s", e->from, e->to);
	if (set(e->to))
		return record_sb_printf(m, ": %s", e->to);
	if (set(e->from))
		return record_sb_printf(m, ": was %s", e->from);
	return 0;
}

/*
 * " (rule R, cooldown, dry-run)". Enforce is the normal case, and in
 * recommend mode every entry is a recommendation: neither is worth saying.
 */
static int qualifiers(struct nt_buf *m, const struct nt_audit_entry *e)
{
	const char *sep = " (";
	int r = 0;

	if (set(e->rule)) {
		r = record_sb_printf(m, "%srule %s", sep, e->rule);
		sep = ", ";
	}
	if (!r && set(e->safety)) {
		r = record_sb_printf(m, "%s%s", sep, e->safety);
		sep = ", ";
	}
	if (!r && set(e->mode) && strcmp(e->mode, "enforce") && strcmp(e->mode, "recommend")) {
		r = record_sb_printf(m, "%s%s", sep, e->mode);
		sep = ", ";
	}
	if (!r && sep[0] == ',')
		r = record_sb_printf(m, ")");
	return r;
}

static int tail(struct nt_buf *m, const struct nt_audit_entry *e)
{
	int r = 0;

	if (set(e->evidence))
		r = record_sb_printf(m, ": %s", e->evidence);
	if (!r && set(e->detail))
		r = record_sb_printf(m, "%s%s", set(e->evidence) ? "; " : ": ", e->detail);
	return r;
}

static int repeats(struct nt_buf *m, const struct audit_extra *x)
{
	if (!x || !x->repeats)
		return 0;
	if (x->since_s < 120)
		return record_sb_printf(m, " (repeated %llu times in the last %.0f s)", x->repeats,
					x->since_s);
	return record_sb_printf(m, " (repeated %llu times in the last %.0f min)", x->repeats,
				x->since_s / 60);
}

static int head(struct nt_buf *m, const struct nt_audit_entry *e)
{
	const char *prep, *verb = event_verb(e->event, &prep);
	int r;

	if (e->event == NT_EV_DAEMON)
		return record_sb_printf(m, "nettuned %s",
					set(e->state) ? e->state : "state change");
	r = record_sb_printf(m, "%s", verb);
	if (r || !(set(e->knob) || set(e->device) || e->irq >= 0 || e->queue >= 0))
		return r;
	r = record_sb_printf(m, " %s%s", prep, *prep ? " " : "");
	return r ? r : subject(m, e);
}

int message_build(struct nt_buf *m, const struct nt_audit_entry *e, const struct audit_extra *x)
{
	int r;

	m->len = 0;
	/* the daemon's own history (state/history_file.c), else audit entries */
	if (e->event == NT_EV_LOST && (!x || !x->lost) && set(e->detail))
		return record_sb_printf(m, "change history lost: %s", e->detail);
	if (e->event == NT_EV_LOST)
		return record_sb_printf(m,
					"%llu audit entries lost while the journal was not "
					"accepting them",
					x ? x->lost : 0);
	r = head(m, e);
	if (!r)
		r = change(m, e);
	if (!r)
		r = qualifiers(m, e);
	if (!r)
		r = tail(m, e);
	if (!r)
		r = repeats(m, x);
	return r;
}
