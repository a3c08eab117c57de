// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Network devices from /sys/class/net. On a live system each entry is a
 * symlink into /sys/devices; in a capture it is a plain directory, so
 * everything here goes through openat()/fstatat() that follow either.
 *
 * Kinds: a device with device/ is physical (PCI, platform, virtio);
 * bonding/ marks a bond; /proc/net/vlan/config (present since 2.6) lists
 * VLANs and their real device; lower_* entries (3.13+) name what sits
 * under a stacked device. Bonds and VLANs are mapped down to the physical
 * NICs that carry their traffic.
 */
#include "sample/links.h"
#include "sample/readers.h"
#include "util/cleanup.h"
#include "util/parse.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

static long read_small(struct nt_sampler *s, int dirfd, const char *path)
{
	return buf_read_at(&s->aux, dirfd, path);
}

static int64_t read_i64(struct nt_sampler *s, int dirfd, const char *path, int64_t dflt)
{
	int64_t v;

	if (read_small(s, dirfd, path) < 0 || parse_i64(s->aux.data, &v) < 0)
		return dflt;
	return v;
}

/* PCI devices print the CPUs of their NUMA node (local_cpulist, 2.6.x and
 * later); platform devices such as stmmac have no such file. */
static void read_local_cpus(struct nt_sampler *s, int dirfd, struct nt_netdev *d)
{
	d->has_local_cpus = read_small(s, dirfd, "device/local_cpulist") >= 0 &&
			    cpuset_parse_list(&d->local_cpus, s->aux.data) == 0 &&
			    cpuset_count(&d->local_cpus) > 0;
}

static void read_string(struct nt_sampler *s, int dirfd, const char *path, char *out, size_t size)
{
	long n = read_small(s, dirfd, path);

	out[0] = '\0';
	if (n > 0)
		parse_copy_trimmed(out, size, s->aux.data, (size_t)n);
}

/* sysfs statistics are unsigned long (u64 on 64-bit kernels): a longer
 * number is unreadable, not the largest value. */
static void read_ifstats(struct nt_sampler *s, struct nt_snapshot *snap, int devfd,
			 struct nt_netdev *d)
{
	_cleanup_close_ int fd = openat(devfd, "statistics", O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0)
		return;
	for (int i = 0; i < NT_IFS_COUNT; i++) {
		const char *p;
		char src[64];
		int r;

		if (read_small(s, fd, nt_ifstat_names[i]) < 0)
			continue;
		p = s->aux.data;
		r = parse_u64_exact(&p, &d->ifstat[i]);
		if (r == -ERANGE) {
			snprintf(src, sizeof(src), "sys/class/net/%s/statistics", d->name);
			snapshot_note(snap, src, "%s unreadable: the value does not fit 64 bits",
				      nt_ifstat_names[i]);
		} else if (r > 0) {
			d->ifstat_present |= 1u << i;
		}
	}
}

static bool parse_queue_name(const char *name, const char *prefix, unsigned int *idx)
{
	size_t n = strlen(prefix);
	const char *p = name + n;
	bool ok;
	uint64_t v;

	if (strncmp(name, prefix, n))
		return false;
	v = scan_u64(&p, &ok);
	if (!ok || *p || v > 65535)
		return false;
	*idx = (unsigned int)v;
	return true;
}

static int read_rxq(struct nt_sampler *s, int qfd, const char *name, struct nt_rxq *q)
{
	char path[64];

	q->exists = true;
	q->has_rps = false;
	q->rps_flow_cnt = -1;
	snprintf(path, sizeof(path), "%.40s/rps_cpus", name);
	if (read_small(s, qfd, path) >= 0 && cpuset_parse_mask(&q->rps_cpus, s->aux.data) == 0)
		q->has_rps = true;
	snprintf(path, sizeof(path), "%.40s/rps_flow_cnt", name);
	q->rps_flow_cnt = read_i64(s, qfd, path, -1);
	return 0;
}

/* How many rx-N and tx-N entries the listing in s->dirs[1] has. */
static void count_queues(struct nt_sampler *s, unsigned int *nrx, unsigned int *ntx)
{
	struct nt_dirent de;
	size_t pos = 0;
	unsigned int idx;

	*nrx = *ntx = 0;
	while (dir_next(&s->dirs[1], &pos, &de)) {
		if (parse_queue_name(de.name, "rx-", &idx))
			(*nrx)++;
		else if (parse_queue_name(de.name, "tx-", &idx))
			(*ntx)++;
	}
}

/*
 * The kernel creates rx-0 .. rx-(n-1) and tx-0 .. tx-(n-1)
 * (net-sysfs.c, net_rx_queue_update_kobjects()), so the queues are sized
 * by how many entries exist, never by the highest number: one empty
 * queues/rx-65535/ in a damaged tree would otherwise cost 65536 entries
 * of 1 KiB each. Queues numbered at or beyond the count are not the
 * kernel's and are left out, as is everything after a gap.
 */
static int read_queues(struct nt_sampler *s, struct nt_snapshot *snap, int devfd,
		       struct nt_netdev *d)
{
	_cleanup_close_ int qfd = openat(devfd, "queues", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	struct nt_dirent de;
	size_t pos = 0;
	unsigned int nrx, ntx, idx, skipped = 0;
	int r;

	if (qfd < 0 || dir_read(&s->dirs[1], qfd, ".") < 0)
		return 0;
	count_queues(s, &nrx, &ntx);
	r = snapshot_netdev_reserve_rxq(d, nrx);
	if (r < 0)
		return r;
	for (unsigned int q = 0; q < nrx; q++)
		memset(&d->rxq[q], 0, sizeof(*d->rxq));
	while (dir_next(&s->dirs[1], &pos, &de)) {
		if (parse_queue_name(de.name, "tx-", &idx)) {
			d->n_txq += idx < ntx;
			skipped += idx >= ntx;
		} else if (parse_queue_name(de.name, "rx-", &idx)) {
			if (idx < nrx)
				read_rxq(s, qfd, de.name, &d->rxq[idx]);
			skipped += idx >= nrx;
		}
	}
	while (d->n_rxq < nrx && d->rxq[d->n_rxq].exists)
		d->n_rxq++;
	if (skipped || d->n_rxq < nrx || d->n_txq < ntx) {
		char src[64];

		snprintf(src, sizeof(src), "sys/class/net/%s/queues", d->name);
		snapshot_note(snap, src,
			      "%u rx and %u tx queues listed, not numbered from 0 "
			      "without gaps: %u rx and %u tx kept",
			      nrx, ntx, d->n_rxq, d->n_txq);
	}
	return 0;
}

static void add_lower(struct nt_netdev *d, const char *name, size_t len)
{
	if (!len || len >= IF_NAMESIZE || d->n_lower >= NT_MAX_LOWER)
		return;
	for (unsigned int i = 0; i < d->n_lower; i++)
		if (strlen(d->lower[i]) == len && !memcmp(d->lower[i], name, len))
			return;
	memcpy(d->lower[d->n_lower], name, len);
	d->lower[d->n_lower][len] = '\0';
	d->n_lower++;
}

static void read_lowers(struct nt_sampler *s, int devfd, struct nt_netdev *d)
{
	struct nt_dirent de;
	size_t pos = 0;

	if (dir_read(&s->dirs[1], devfd, ".") == 0)
		while (dir_next(&s->dirs[1], &pos, &de))
			if (!strncmp(de.name, "lower_", 6))
				add_lower(d, de.name + 6, strlen(de.name + 6));
	/* bonding/slaves: "eth2 eth3\n" (works on 3.10, before lower_* links) */
	if (read_small(s, devfd, "bonding/slaves") > 0) {
		const char *p = s->aux.data;

		for (;;) {
			size_t n = 0;

			while (*p == ' ' || *p == '\n')
				p++;
			while (p[n] && p[n] != ' ' && p[n] != '\n')
				n++;
			if (!n)
				break;
			add_lower(d, p, n);
			p += n;
		}
	}
}

/* /proc/net/vlan/config: "bond0.100      | 100  | bond0" after two header lines */
static void read_vlan_config(struct nt_sampler *s, struct nt_snapshot *snap)
{
	const char *p;

	if (sample_read_kept(s, &s->aux, "proc/net/vlan/config") <= 0)
		return;
	for (p = s->aux.data; *p; p = next_line(p)) {
		const char *bar1 = strchr(p, '|'), *bar2, *eol = strchr(p, '\n');
		char name[IF_NAMESIZE], real[IF_NAMESIZE];
		struct nt_netdev *d;

		if (!eol)
			eol = p + strlen(p);
		if (!bar1 || bar1 > eol)
			continue;
		bar2 = strchr(bar1 + 1, '|');
		if (!bar2 || bar2 > eol)
			continue;
		parse_copy_trimmed(name, sizeof(name), p, (size_t)(bar1 - p));
		parse_copy_trimmed(real, sizeof(real), bar2 + 1, (size_t)(eol - bar2 - 1));
		d = snapshot_find_dev(snap, name);
		if (!d || !real[0])
			continue;
		d->kind = NT_DEV_VLAN;
		add_lower(d, real, strlen(real));
	}
}

/* PCI_SLOT_NAME= of a uevent file into d->bus_id; false when it has none. */
static bool uevent_slot(struct nt_sampler *s, int devfd, const char *path, struct nt_netdev *d)
{
	static const char key[] = "PCI_SLOT_NAME=";
	const char *slot;

	if (read_small(s, devfd, path) <= 0 || !(slot = strstr(s->aux.data, key)))
		return false;
	slot += sizeof(key) - 1;
	parse_copy_trimmed(d->bus_id, sizeof(d->bus_id), slot, strcspn(slot, "\n"));
	return true;
}

static void read_bus_id(struct nt_sampler *s, int devfd, struct nt_netdev *d)
{
	/* PCI functions say PCI_SLOT_NAME= in uevent; virtio devices say it on
	 * their parent, which a capture stores in device/ itself */
	if (!uevent_slot(s, devfd, "device/uevent", d) && s->live)
		uevent_slot(s, devfd, "device/../uevent", d);
}

/*
 * The MSI/MSI-X vectors of the PCI function. For virtio-net, device/ is
 * the virtio device and msi_irqs/ sits on its parent PCI function; we only
 * look one level up for virtio, because the parent of a plain PCI NIC is a
 * bridge whose own vectors (PME, AER) are not the NIC's.
 */
static int open_msi_dir(struct nt_sampler *s, int devfd)
{
	int fd = openat(devfd, "device/msi_irqs", O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd >= 0 || !s->live)
		return fd;
	if (read_small(s, devfd, "device/modalias") <= 0 || strncmp(s->aux.data, "virtio:", 7))
		return -1;
	return openat(devfd, "device/../msi_irqs", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
}

static void read_msi_irqs(struct nt_sampler *s, struct nt_snapshot *snap, int devfd, int devidx)
{
	_cleanup_close_ int fd = open_msi_dir(s, devfd);
	struct nt_dirent de;
	size_t pos = 0;

	if (fd < 0 || dir_read(&s->dirs[1], fd, ".") < 0)
		return;
	snap->devs[devidx].has_msi = true;
	while (dir_next(&s->dirs[1], &pos, &de)) {
		const char *p = de.name;
		bool ok;
		uint64_t n = scan_u64(&p, &ok);
		struct nt_irq *irq;

		if (!ok || *p || n > UINT32_MAX)
			continue;
		irq = snapshot_find_irq(snap, (unsigned int)n);
		if (irq && irq->dev < 0)
			irq->dev = devidx;
	}
}

/* What a device is, from sysfs: the kernel gives no flag for "physical". */
static enum nt_devkind classify(int devfd, const char *name, long type)
{
	struct stat st;

	if (type == 772 || !strcmp(name, "lo"))
		return NT_DEV_LOOPBACK; /* ARPHRD_LOOPBACK */
	if (fstatat(devfd, "bonding", &st, 0) == 0 && S_ISDIR(st.st_mode))
		return NT_DEV_BOND;
	if (fstatat(devfd, "device", &st, 0) == 0 && S_ISDIR(st.st_mode))
		return NT_DEV_PHYSICAL;
	return NT_DEV_VIRTUAL;
}

/*
 * A device the daemon does not watch is named and classified, then left
 * out of the snapshot: on a container host those are the hundreds of
 * veths (issue 19), and a slot costs what its detail would.
 */
static bool watched(struct nt_sampler *s, struct nt_snapshot *snap, const struct nt_netdev *d)
{
	if (!s->watch || s->watch(d, s->watch_user))
		return true;
	snapshot_drop_last_dev(snap);
	return false;
}

static void read_speed(struct nt_sampler *s, int devfd, struct nt_netdev *d)
{
	/* speed reads EINVAL while the link is down; it is an int in Mb/s */
	d->speed_mbps = read_i64(s, devfd, "speed", -1);
	if (d->speed_mbps > INT32_MAX || d->speed_mbps < INT32_MIN)
		d->speed_mbps = -1;
}

/* What sits below, where the device's interrupts and queues are. */
static int read_detail(struct nt_sampler *s, struct nt_snapshot *snap, int devfd,
		       struct nt_netdev *d)
{
	if (d->kind == NT_DEV_LOOPBACK)
		return 0;
	read_lowers(s, devfd, d);
	if (d->kind == NT_DEV_PHYSICAL) {
		d->numa_node = (int)read_i64(s, devfd, "device/numa_node", -1);
		read_local_cpus(s, devfd, d);
		read_bus_id(s, devfd, d);
		read_msi_irqs(s, snap, devfd, (int)(d - snap->devs));
	}
	if (d->kind != NT_DEV_BOND)
		return read_queues(s, snap, devfd, d);
	return 0;
}

static int read_one(struct nt_sampler *s, struct nt_snapshot *snap, const char *name, int devfd)
{
	struct nt_netdev *d = snapshot_add_dev(snap);

	if (!d)
		return -ENOMEM;
	snprintf(d->name, sizeof(d->name), "%.*s", IF_NAMESIZE - 1, name);
	d->ifindex = (int)read_i64(s, devfd, "ifindex", -1);
	read_string(s, devfd, "operstate", d->operstate, sizeof(d->operstate));
	d->kind = classify(devfd, name, (long)read_i64(s, devfd, "type", 1));
	if (!watched(s, snap, d))
		return 0;
	read_speed(s, devfd, d);
	read_ifstats(s, snap, devfd, d);
	return read_detail(s, snap, devfd, d);
}

/*
 * Readdir order is arbitrary; devices are kept sorted by name for stable
 * output. Insertion sort in place: a handful of devices, and glibc's
 * qsort() may malloc a merge buffer, which a steady-state cycle must not.
 * IRQs were tagged with indices, so they follow the moves.
 */
static void sort_devs(struct nt_snapshot *snap)
{
	for (size_t i = 1; i < snap->ndevs; i++) {
		struct nt_netdev tmp;
		size_t j = i;

		if (strcmp(snap->devs[i - 1].name, snap->devs[i].name) <= 0)
			continue;
		tmp = snap->devs[i];
		while (j > 0 && strcmp(snap->devs[j - 1].name, tmp.name) > 0) {
			snap->devs[j] = snap->devs[j - 1];
			j--;
		}
		snap->devs[j] = tmp;
		for (size_t k = 0; k < snap->nirqs; k++) {
			int *dev = &snap->irqs[k].dev;

			if (*dev == (int)i)
				*dev = (int)j;
			else if (*dev >= (int)j && *dev < (int)i)
				(*dev)++;
		}
	}
}

/*
 * A device from the rtnetlink list. Its kind is looked up in sysfs once
 * per name; a watched device's counters come from RTM_GETLINK (the same
 * dev_get_stats() the statistics/ files print), the rest from sysfs.
 */
static int read_one_live(struct nt_sampler *s, struct nt_snapshot *snap, int classfd,
			 struct nt_link *k)
{
	_cleanup_close_ int devfd = -1;
	struct nt_netdev *d = snapshot_add_dev(snap);

	if (!d)
		return -ENOMEM;
	memcpy(d->name, k->name, sizeof(d->name));
	d->ifindex = k->ifindex;
	snprintf(d->operstate, sizeof(d->operstate), "%s", links_operstate_name(k->operstate));
	if (!k->classified) {
		devfd = openat(classfd, k->name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		k->kind = classify(devfd, k->name, k->type);
		k->classified = devfd >= 0;
	}
	d->kind = k->kind;
	if (!watched(s, snap, d))
		return 0;
	if (devfd < 0)
		devfd = openat(classfd, k->name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (devfd < 0) {
		snapshot_drop_last_dev(snap); /* gone since the list was read */
		return 0;
	}
	read_speed(s, devfd, d);
	if (links_get_stats(&s->links, d->ifindex, d->ifstat) == 0)
		d->ifstat_present = (1u << NT_IFS_COUNT) - 1;
	else
		read_ifstats(s, snap, devfd, d);
	return read_detail(s, snap, devfd, d);
}

static int read_netdevs_live(struct nt_sampler *s, struct nt_snapshot *snap)
{
	_cleanup_close_ int fd =
		openat(s->rootfd, "sys/class/net", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int r = links_refresh(&s->links, snap->mono_s);

	if (r == -ENOMEM)
		return r;
	snap->src_err[NT_SRC_NETDEVS] = fd < 0 ? -errno : r;
	if (fd < 0 || (r < 0 && !s->links.n))
		return 0;
	for (size_t i = 0; i < s->links.n; i++) {
		r = read_one_live(s, snap, fd, &s->links.v[i]);
		if (r < 0)
			return r;
	}
	sort_devs(snap);
	read_vlan_config(s, snap);
	return 0;
}

int sample_read_netdevs(struct nt_sampler *s, struct nt_snapshot *snap)
{
	_cleanup_close_ int fd = -1;
	struct nt_dirent de;
	size_t pos = 0;
	int r;

	if (s->has_links)
		return read_netdevs_live(s, snap);
	fd = openat(s->rootfd, "sys/class/net", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	r = fd < 0 ? -errno : dir_read(&s->dirs[0], fd, ".");
	snap->src_err[NT_SRC_NETDEVS] = r;
	if (r < 0)
		return r == -ENOMEM ? r : 0;
	while (dir_next(&s->dirs[0], &pos, &de)) {
		_cleanup_close_ int devfd = -1;

		/* bonding_masters is a file; a device vanishing now is normal */
		devfd = openat(fd, de.name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (devfd < 0)
			continue;
		r = read_one(s, snap, de.name, devfd);
		if (r < 0)
			return r;
	}
	sort_devs(snap);
	read_vlan_config(s, snap);
	return 0;
}
