// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * What a state record needs to find its knob again. Interface names and
 * IRQ numbers are not stable across reboots or driver reloads (udev
 * renames, vectors reallocated), so a device is known by its PCI address
 * or permanent MAC, and a record says which boot and which network
 * namespace it was written in.
 */
#include "act/act_int.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "util/parse.h"

void identity_host(struct nt_act *a)
{
	struct stat st;

	a->boot_id[0] = a->netns[0] = '\0';
	/* random UUID per boot (drivers/char/random.c); a tree may carry one */
	if (a->io->ops->read(a->io, "proc/sys/kernel/random/boot_id", &a->buf) > 0)
		parse_copy_trimmed(a->boot_id, sizeof(a->boot_id), a->buf.data,
				   strcspn(a->buf.data, "\n"));
	/* a hand-made tree may hold anything: only a real boot id is recorded */
	if (!state_boot_id_ok(a->boot_id))
		a->boot_id[0] = '\0';
	/* `ip netns exec` changes our namespace, not /proc: ask about ourselves */
	if (a->io->live && stat("/proc/self/ns/net", &st) == 0)
		snprintf(a->netns, sizeof(a->netns), "%llu", (unsigned long long)st.st_ino);
}

static bool mac_is_zero(const char *mac)
{
	for (; *mac; mac++)
		if (*mac != '0' && *mac != ':')
			return false;
	return true;
}

/* Each form is one the state file accepts back (state_device_id_ok). */
static void device_id(const struct nt_netdev *d, char *out, size_t size)
{
	snprintf(out, size, "bus:%s", d->bus_id);
	if (d->bus_id[0] && state_device_id_ok(out))
		return;
	if (d->perm_addr[0] && !mac_is_zero(d->perm_addr))
		snprintf(out, size, "mac:%s", d->perm_addr);
	else
		snprintf(out, size, "ifindex:%d", d->ifindex);
	/* a tree's odd address or a missing ifindex: the name is all there is */
	if (!state_device_id_ok(out))
		snprintf(out, size, "name:%s", d->name);
}

/*
 * A device that appeared after the snapshot was taken is known by its name
 * alone: weaker than a bus address, but a record never goes without one.
 */
void identity_device(const struct nt_snapshot *snap, const char *dev, char *out, size_t size)
{
	const struct nt_netdev *d = snapshot_find_dev(snap, dev);

	if (d)
		device_id(d, out, size);
	else
		snprintf(out, size, "name:%s", dev);
}

/*
 * Ports that share one PCI function (mlx4, some SR-IOV setups) share a bus
 * address: among those, the one still carrying the recorded name wins.
 */
const struct nt_netdev *identity_find_device(const struct nt_snapshot *snap, const char *device_id_,
					     const char *name)
{
	const struct nt_netdev *found = NULL;
	char id[96];

	if (!strncmp(device_id_, "name:", 5))
		return snapshot_find_dev(snap, device_id_ + 5);
	for (size_t i = 0; i < snap->ndevs; i++) {
		device_id(&snap->devs[i], id, sizeof(id));
		if (strcmp(id, device_id_))
			continue;
		if (!strcmp(snap->devs[i].name, name))
			return &snap->devs[i];
		if (!found)
			found = &snap->devs[i];
	}
	return found;
}

const struct nt_irq *identity_find_irq(const struct nt_snapshot *snap, int irq)
{
	for (size_t i = 0; i < snap->nirqs; i++)
		if ((int)snap->irqs[i].irq == irq)
			return &snap->irqs[i];
	return NULL;
}

const char *act_boot_id(const struct nt_act *a)
{
	return a->boot_id;
}
