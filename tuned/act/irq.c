// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * irq.affinity: /proc/irq/N/smp_affinity_list. The kernel's answers
 * (kernel/irq/proc.c, kernel/irq/manage.c):
 *
 *  - EIO: userspace may not move this IRQ: a managed interrupt (the driver
 *    let the kernel spread its queue vectors), IRQF_NOBALANCING, or a chip
 *    without set_affinity. It will answer EIO forever, so it is remembered
 *    and never written again by this process.
 *  - ENOSPC: no free vector on any CPU of the set (x86 has about 200 per
 *    CPU); another set might work, this one will not.
 *  - EINVAL: no online CPU in the set.
 *
 * Verification reads effective_affinity_list (4.15+, where the chip keeps
 * one) and wants the interrupt's actual CPU inside the set asked for.
 */
#include "act/act_int.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/array.h"
#include "util/path.h"

/* x86 moves a vector at once for MSI, but a level-triggered IRQ moves at
 * its next interrupt: give the effective CPU a moment to follow. */
#define EFFECTIVE_TRIES 5
#define EFFECTIVE_PAUSE_NS (20 * 1000 * 1000L)

static void irq_path(const struct nt_knob_id *t, const char *file, char *path, size_t size)
{
	path_printf(path, size, "proc/irq/%d/%s", t->irq, file);
}

static bool is_unmanageable(const struct nt_act *a, int irq)
{
	for (size_t i = 0; i < a->n_unmanageable; i++)
		if (a->unmanageable[i] == (unsigned int)irq)
			return true;
	return false;
}

static int read_list(struct nt_act *a, const char *path, struct nt_cpuset *out,
		     struct nt_act_result *res)
{
	int r = act_read_file(a, path, res);

	if (r)
		return r;
	if (cpuset_parse_list(out, a->buf.data)) {
		act_say(res, "/%s: not a CPU list: '%.40s'", path, a->buf.data);
		return -EPROTO;
	}
	return 0;
}

static int irq_read(struct nt_act *a, const struct nt_knob_id *t, struct nt_value *out,
		    struct nt_act_result *res)
{
	char path[64];
	int r;

	irq_path(t, "smp_affinity_list", path, sizeof(path));
	out->type = NT_KT_CPUS;
	r = read_list(a, path, &out->cpus, res);
	if (r == -ENOENT) {
		act_say(res, "IRQ %d does not exist (no /%s)", t->irq, path);
		return -ENODEV;
	}
	return r;
}

static int irq_check(struct nt_act *a, const struct nt_snapshot *snap, const struct nt_knob_id *t,
		     const struct nt_value *want, struct nt_act_result *res)
{
	if (is_unmanageable(a, t->irq)) {
		act_say(res,
			"IRQ %d: userspace may not set its affinity (it answered EIO before); "
			"not retried",
			t->irq);
		return -EIO;
	}
	if (!cpuset_span(&want->cpus)) {
		act_say(res, "IRQ %d: the CPU list is empty", t->irq);
		return -EINVAL;
	}
	return act_check_online(snap, &want->cpus, res);
}

static void mark_unmanageable(struct nt_act *a, int irq)
{
	if (is_unmanageable(a, irq) ||
	    array_grow(a->unmanageable, &a->cap_unmanageable, a->n_unmanageable, 16))
		return;
	a->unmanageable[a->n_unmanageable++] = (unsigned int)irq;
}

static int irq_write(struct nt_act *a, const struct nt_knob_id *t, const struct nt_value *want,
		     struct nt_act_result *res)
{
	char path[64], text[NT_VALUE_TEXT + 1];
	int r;

	irq_path(t, "smp_affinity_list", path, sizeof(path));
	knob_value_format(want, text, sizeof(text) - 1);
	strcat(text, "\n");
	r = a->io->ops->write(a->io, path, text);
	switch (r) {
	case 0:
		break;
	case -EIO:
		mark_unmanageable(a, t->irq);
		act_say(res,
			"IRQ %d: userspace may not set its affinity (kernel-managed, "
			"IRQF_NOBALANCING, or the interrupt chip cannot); left alone from now on",
			t->irq);
		break;
	case -ENOSPC:
		act_say(res, "IRQ %d: no free interrupt vector on CPU %s; try other CPUs", t->irq,
			strtok(text, "\n"));
		break;
	case -ENOENT:
		act_say(res, "IRQ %d no longer exists (no /%s)", t->irq, path);
		return -ENODEV;
	default:
		act_say(res, "/%s: the kernel refused %s", path, strtok(text, "\n"));
		break;
	}
	return r;
}

static int irq_verify(struct nt_act *a, const struct nt_knob_id *t, const struct nt_value *want,
		      struct nt_act_result *res)
{
	struct timespec pause = { 0, EFFECTIVE_PAUSE_NS };
	struct nt_cpuset eff;
	char path[64], list[64];
	int r;

	irq_path(t, "effective_affinity_list", path, sizeof(path));
	for (int i = 0; i < EFFECTIVE_TRIES; i++) {
		if (i)
			nanosleep(&pause, NULL);
		r = read_list(a, path, &eff, res);
		if (r == -ENOENT) {
			res->msg[0] = '\0';
			return 0; /* before 4.15, or a chip that keeps none */
		}
		if (r)
			return r;
		if (!cpuset_span(&eff))
			continue;
		bool inside = true;

		for (unsigned int c = 0; c < cpuset_span(&eff); c++)
			inside &= !cpuset_has(&eff, c) || cpuset_has(&want->cpus, c);
		if (inside)
			return 0;
	}
	cpuset_format_list(&eff, list, sizeof(list));
	act_say(res,
		"IRQ %d: the kernel accepted the CPU list but the interrupt still lands on "
		"CPU %s (/%s)",
		t->irq, list, path);
	return -EAGAIN;
}

const struct nt_knob_ops act_irq_ops = {
	.read = irq_read,
	.check = irq_check,
	.write = irq_write,
	.verify = irq_verify,
};
