// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Which IRQ serves which NIC and queue. Two sources, in order of trust:
 *   1. the device's MSI vectors (sys/class/net/DEV/device/msi_irqs, read by
 *      netdev.c): exact membership, names only tell the queue;
 *   2. action names that carry the interface name, for NICs without MSI
 *      (platform devices such as stmmac, legacy INTx).
 * The action names come from /proc/irq/N/ when it has them: each action is
 * a directory there, so a name with ", " in it stays whole.
 */
#include "sample/irqname.h"
#include "sample/readers.h"
#include "util/cleanup.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

/* Calls @fn for each ", "-separated action of @irq until it returns true. */
static bool each_action(const struct nt_irq *irq, bool (*fn)(const char *, void *), void *arg)
{
	const char *p = irq->actions;

	while (*p) {
		char one[sizeof(irq->actions)];
		const char *sep = strstr(p, ", ");
		size_t n = sep ? (size_t)(sep - p) : strlen(p);

		memcpy(one, p, n);
		one[n] = '\0';
		if (fn(one, arg))
			return true;
		if (!sep)
			break;
		p = sep + 2;
	}
	return false;
}

struct classify_ctx {
	struct nt_irq *irq;
	const char *ifname;
};

static bool classify_action(const char *action, void *arg)
{
	struct classify_ctx *c = arg;
	int queue;
	enum nt_qdir dir;

	/* the first action that is a queue (or the whole NIC) decides */
	irqname_parse(action, c->ifname, &queue, &dir);
	if (dir == NT_Q_OTHER)
		return false;
	c->irq->queue = queue;
	c->irq->dir = dir;
	return true;
}

static void classify(struct nt_irq *irq, const char *ifname)
{
	struct classify_ctx c = { irq, ifname };

	irq->queue = -1;
	irq->dir = NT_Q_OTHER;
	each_action(irq, classify_action, &c);
}

static bool names_dev(const char *action, void *arg)
{
	return irqname_has_ifname(action, arg);
}

static void match_by_name(struct nt_snapshot *snap, struct nt_irq *irq)
{
	for (size_t i = 0; i < snap->ndevs; i++) {
		struct nt_netdev *d = &snap->devs[i];

		if (d->kind != NT_DEV_PHYSICAL || d->has_msi)
			continue;
		if (each_action(irq, names_dev, d->name)) {
			irq->dev = (int)i;
			return;
		}
	}
}

/* Replaces the action list with the /proc/irq/N/ directory names. */
static void read_action_dirs(struct nt_sampler *s, int irqfd, struct nt_irq *irq)
{
	char names[sizeof(irq->actions)];
	struct nt_dirent de;
	size_t len = 0, pos = 0;

	if (dir_read(&s->dirs[1], irqfd, ".") < 0)
		return;
	names[0] = '\0';
	while (dir_next(&s->dirs[1], &pos, &de)) {
		struct stat st;
		int n;

		if (de.type != DT_DIR && (de.type != DT_UNKNOWN ||
					  fstatat(irqfd, de.name, &st, 0) || !S_ISDIR(st.st_mode)))
			continue;
		n = snprintf(names + len, sizeof(names) - len, "%s%s", len ? ", " : "", de.name);
		if (n < 0 || (size_t)n >= sizeof(names) - len)
			break;
		len += (size_t)n;
	}
	/* readdir order is not registration order; only trust an unambiguous single action */
	if (len && !strstr(names, ", "))
		snprintf(irq->actions, sizeof(irq->actions), "%s", names);
}

static void read_affinity(struct nt_sampler *s, struct nt_irq *irq)
{
	char path[48];
	_cleanup_close_ int fd = -1;

	snprintf(path, sizeof(path), "proc/irq/%u", irq->irq);
	fd = openat(s->rootfd, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return;
	if (buf_read_at(&s->aux, fd, "smp_affinity_list") >= 0 &&
	    cpuset_parse_list(&irq->affinity, s->aux.data) == 0)
		irq->has_affinity = true;
	/* effective_affinity_list: 4.15+; the CPU(s) the chip really targets */
	if (buf_read_at(&s->aux, fd, "effective_affinity_list") >= 0 &&
	    cpuset_parse_list(&irq->effective, s->aux.data) == 0)
		irq->has_effective = true;
	if (!strstr(irq->actions, ", ") && irq->actions[0])
		return;
	read_action_dirs(s, fd, irq);
}

/* gve: blocks below half the device's count are TX queues, the others RX. */
static void map_notify_blocks(struct nt_snapshot *snap)
{
	for (size_t i = 0; i < snap->ndevs; i++) {
		unsigned int n = 0;
		int blk;

		for (size_t k = 0; k < snap->nirqs; k++)
			n += snap->irqs[k].dev == (int)i &&
			     irqname_notify_block(snap->irqs[k].actions, &blk);
		for (size_t k = 0; n && k < snap->nirqs; k++) {
			struct nt_irq *irq = &snap->irqs[k];

			if (irq->dev != (int)i || !irqname_notify_block(irq->actions, &blk))
				continue;
			irq->dir = (unsigned int)blk < n / 2 ? NT_Q_TX : NT_Q_RX;
			irq->queue = (unsigned int)blk < n / 2 ? blk : blk - (int)(n / 2);
		}
	}
}

int irqmap_build(struct nt_sampler *s, struct nt_snapshot *snap)
{
	for (size_t k = 0; k < snap->nirqs; k++) {
		struct nt_irq *irq = &snap->irqs[k];

		if (irq->dev < 0)
			match_by_name(snap, irq);
		if (irq->dev < 0)
			continue;
		read_affinity(s, irq);
		classify(irq, snap->devs[irq->dev].name);
		snap->devs[irq->dev].n_irqs++;
		for (unsigned int c = 0; c < snap->irq_stride; c++)
			snap->cpus[c].interrupts += irq_count_on(snap, irq, c);
	}
	map_notify_blocks(snap);
	/*
	 * A vector named just like the interface is the whole NIC on a
	 * single-IRQ device (stmmac, e1000) but the "other" (link, mailbox)
	 * vector on a multi-queue one (ixgbe).
	 */
	for (size_t k = 0; k < snap->nirqs; k++) {
		struct nt_irq *irq = &snap->irqs[k];

		if (irq->dev < 0 || irq->dir != NT_Q_NONE)
			continue;
		for (size_t j = 0; j < snap->nirqs; j++) {
			const struct nt_irq *o = &snap->irqs[j];

			if (o->dev == irq->dev &&
			    (o->dir == NT_Q_RX || o->dir == NT_Q_TX || o->dir == NT_Q_COMBINED)) {
				irq->dir = NT_Q_OTHER;
				break;
			}
		}
	}
	return 0;
}
