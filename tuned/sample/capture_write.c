// SPDX-License-Identifier: GPL-2.0-or-later
#include "sample/capture_write.h"
#include "sample/readers.h"
#include "util/cleanup.h"
#include "util/path.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>

struct writer {
	struct nt_sampler *s;
	int rootfd; /* live root */
	int dirfd;  /* the snapshot directory being written */
	char *err;
	size_t errlen;
	int first_err;
};

static int fail(struct writer *w, const char *path, int r)
{
	if (!w->first_err) {
		w->first_err = r;
		snprintf(w->err, w->errlen, "writing %s: %s", path, strerror(-r));
	}
	return r;
}

/* mkdir -p of @path's parent directories (or of @path itself when @self). */
static int mkdirs(int dirfd, const char *path, bool self)
{
	char tmp[PATH_MAX];
	size_t n = strlen(path);

	if (n >= sizeof(tmp))
		return -ENAMETOOLONG;
	memcpy(tmp, path, n + 1);
	for (char *p = tmp + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdirat(dirfd, tmp, 0755) < 0 && errno != EEXIST)
			return -errno;
		*p = '/';
	}
	if (self && mkdirat(dirfd, tmp, 0755) < 0 && errno != EEXIST)
		return -errno;
	return 0;
}

static int write_data(struct writer *w, const char *path, const char *data, size_t len)
{
	_cleanup_close_ int fd = -1;
	int r = mkdirs(w->dirfd, path, false);

	if (r < 0)
		return fail(w, path, r);
	fd = openat(w->dirfd, path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return fail(w, path, -errno);
	while (len) {
		ssize_t n = write(fd, data, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return fail(w, path, -errno);
		}
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Copies @src (relative to the live root) to @dst; a missing source is skipped. */
static int copy_as(struct writer *w, const char *src, const char *dst)
{
	long n = buf_read_at(&w->s->aux, w->rootfd, src);

	if (n < 0)
		return 0; /* absent on this kernel, or unreadable: the capture says so by omission */
	return write_data(w, dst, w->s->aux.data, (size_t)n);
}

static int copy(struct writer *w, const char *path)
{
	return copy_as(w, path, path);
}

/*
 * Calls @fn for each entry of @src (relative to the live root) whose type
 * is @type (DT_REG, DT_DIR), or of any type for DT_UNKNOWN. The listing has
 * its own buffer, so @fn may read files through w->s->aux.
 */
static void each_entry(struct writer *w, const char *src, unsigned char type,
		       void (*fn)(struct writer *, const char *, const char *, void *), void *arg)
{
	_cleanup_close_ int fd = openat(w->rootfd, src, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	struct nt_buf list = { 0 };
	struct nt_dirent de;
	size_t pos = 0;

	if (fd >= 0 && dir_read(&list, fd, ".") == 0) {
		while (dir_next(&list, &pos, &de)) {
			struct stat st;
			unsigned char t = de.type;

			if (t == DT_UNKNOWN && fstatat(fd, de.name, &st, 0) == 0)
				t = S_ISDIR(st.st_mode) ? DT_DIR :
				    S_ISREG(st.st_mode) ? DT_REG :
							  DT_UNKNOWN;
			if (type == DT_UNKNOWN || t == type)
				fn(w, src, de.name, arg);
		}
	}
	buf_free(&list);
}

static void copy_entry(struct writer *w, const char *src, const char *name, void *arg)
{
	char from[PATH_MAX], to[PATH_MAX];

	(void)arg;
	if (path_printf(from, sizeof(from), "%s/%s", src, name) == 0 &&
	    path_printf(to, sizeof(to), "%s/%s", src, name) == 0)
		copy_as(w, from, to);
}

struct mirror {
	const char *dst;
	const char *prefix;
	bool as_dirs;
};

static void mirror_entry(struct writer *w, const char *src, const char *name, void *arg)
{
	const struct mirror *m = arg;
	char t[PATH_MAX];
	int r;

	(void)src;
	if (strncmp(name, m->prefix, strlen(m->prefix)) ||
	    path_printf(t, sizeof(t), "%s/%s", m->dst, name))
		return;
	r = m->as_dirs ? mkdirs(w->dirfd, t, true) : write_data(w, t, "", 0);
	if (r < 0)
		fail(w, t, r);
}

/* Entries of @src become empty files (msi_irqs/N) or directories (lower_X, actions). */
static void mirror_names(struct writer *w, const char *src, const char *dst, const char *prefix,
			 bool as_dirs, unsigned char type)
{
	struct mirror m = { dst, prefix, as_dirs };

	each_entry(w, src, type, mirror_entry, &m);
}

static bool is_virtio(struct writer *w, const char *dev)
{
	char p[PATH_MAX];

	snprintf(p, sizeof(p), "sys/class/net/%s/device/modalias", dev);
	return buf_read_at(&w->s->aux, w->rootfd, p) > 0 && !strncmp(w->s->aux.data, "virtio:", 7);
}

static void write_device(struct writer *w, const struct nt_netdev *d)
{
	static const char *const files[] = {
		"ifindex", "operstate", "speed", "address", "type", "mtu", "bonding/slaves",
	};
	char base[PATH_MAX], src[PATH_MAX], dst[PATH_MAX];
	/* for virtio-net the PCI function is device/.. (see netdev.c) */
	const char *pci = is_virtio(w, d->name) ? "device/.." : "device";

	path_printf(base, sizeof(base), "sys/class/net/%s", d->name);
	for (size_t i = 0; i < NT_ARRAY_SIZE(files); i++) {
		path_printf(src, sizeof(src), "%s/%s", base, files[i]);
		copy(w, src);
	}
	path_printf(src, sizeof(src), "%s/statistics", base);
	each_entry(w, src, DT_REG, copy_entry, NULL);
	mirror_names(w, base, base, "lower_", true, DT_UNKNOWN);
	for (unsigned int q = 0; q < d->n_rxq; q++) {
		path_printf(src, sizeof(src), "%s/queues/rx-%u/rps_cpus", base, q);
		copy(w, src);
		path_printf(src, sizeof(src), "%s/queues/rx-%u/rps_flow_cnt", base, q);
		copy(w, src);
	}
	for (unsigned int q = 0; q < d->n_txq; q++) {
		path_printf(dst, sizeof(dst), "%s/queues/tx-%u", base, q);
		mkdirs(w->dirfd, dst, true);
	}
	if (d->kind != NT_DEV_PHYSICAL)
		return;
	path_printf(dst, sizeof(dst), "%s/device", base);
	mkdirs(w->dirfd, dst, true);
	path_printf(src, sizeof(src), "%s/%s/uevent", base, pci);
	path_printf(dst, sizeof(dst), "%s/device/uevent", base);
	copy_as(w, src, dst);
	path_printf(src, sizeof(src), "%s/%s/numa_node", base, pci);
	path_printf(dst, sizeof(dst), "%s/device/numa_node", base);
	copy_as(w, src, dst);
	path_printf(src, sizeof(src), "%s/%s/local_cpulist", base, pci);
	path_printf(dst, sizeof(dst), "%s/device/local_cpulist", base);
	copy_as(w, src, dst);
	path_printf(src, sizeof(src), "%s/%s/msi_irqs", base, pci);
	path_printf(dst, sizeof(dst), "%s/device/msi_irqs", base);
	mirror_names(w, src, dst, "", false, DT_UNKNOWN);
}

static void write_irq(struct writer *w, const struct nt_irq *irq)
{
	char src[64];

	path_printf(src, sizeof(src), "proc/irq/%u/smp_affinity_list", irq->irq);
	copy(w, src);
	path_printf(src, sizeof(src), "proc/irq/%u/effective_affinity_list", irq->irq);
	copy(w, src);
	path_printf(src, sizeof(src), "proc/irq/%u", irq->irq);
	/* the action names are the IRQ's subdirectories */
	mirror_names(w, src, src, "", true, DT_DIR);
}

static int write_stream(struct writer *w, const char *path, void (*fn)(FILE *, const void *),
			const void *arg)
{
	char *data = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&data, &len);
	int r;

	if (!f)
		return fail(w, path, -errno);
	fn(f, arg);
	fclose(f);
	r = write_data(w, path, data, len);
	free(data);
	return r;
}

struct dev_arg {
	const struct nt_netdev *d;
};

static void w_driver(FILE *f, const void *a)
{
	ethtool_write_drvinfo(f, &((const struct dev_arg *)a)->d->drv);
}

static void w_stats(FILE *f, const void *a)
{
	ethtool_write_stats(f, ((const struct dev_arg *)a)->d);
}

static void w_rings(FILE *f, const void *a)
{
	const struct nt_netdev *d = ((const struct dev_arg *)a)->d;

	ethtool_write_rings(f, d->name, &d->ring);
}

static void w_channels(FILE *f, const void *a)
{
	const struct nt_netdev *d = ((const struct dev_arg *)a)->d;

	ethtool_write_channels(f, d->name, &d->ch);
}

static void w_eee(FILE *f, const void *a)
{
	const struct nt_netdev *d = ((const struct dev_arg *)a)->d;

	ethtool_write_eee(f, d->name, &d->eee);
}

static void write_ethtool(struct writer *w, const struct nt_netdev *d)
{
	struct dev_arg a = { d };
	char path[64];

	/* an operation the driver lacks is left out: "not available on that host" */
	path_printf(path, sizeof(path), "ethtool/%s/driver", d->name);
	if (!d->drv.err)
		write_stream(w, path, w_driver, &a);
	path_printf(path, sizeof(path), "ethtool/%s/stats", d->name);
	if (!d->stats_err)
		write_stream(w, path, w_stats, &a);
	path_printf(path, sizeof(path), "ethtool/%s/rings", d->name);
	if (!d->ring.err)
		write_stream(w, path, w_rings, &a);
	path_printf(path, sizeof(path), "ethtool/%s/channels", d->name);
	if (!d->ch.err)
		write_stream(w, path, w_channels, &a);
	path_printf(path, sizeof(path), "ethtool/%s/eee", d->name);
	if (!d->eee.err)
		write_stream(w, path, w_eee, &a);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

struct comms {
	char **names;
	size_t n, cap;
};

static void add_comm(struct writer *w, const char *src, const char *pid, void *arg)
{
	struct comms *acc = arg;
	char path[300];

	if (pid[0] < '1' || pid[0] > '9' ||
	    path_printf(path, sizeof(path), "%s/%s/comm", src, pid) ||
	    buf_read_at(&w->s->aux, w->rootfd, path) <= 0)
		return;
	w->s->aux.data[strcspn(w->s->aux.data, "\n")] = '\0';
	if (acc->n == acc->cap) {
		size_t cap = acc->cap ? acc->cap * 2 : 64;
		char **p = realloc(acc->names, cap * sizeof(*p));

		if (!p)
			return;
		acc->names = p;
		acc->cap = cap;
	}
	acc->names[acc->n] = strdup(w->s->aux.data);
	if (acc->names[acc->n])
		acc->n++;
}

/* Unique process names from /proc/PID/comm, sorted. */
static void write_running(struct writer *w)
{
	struct comms acc = { 0 };
	char *out = NULL;
	size_t len = 0;
	FILE *f;

	each_entry(w, "proc", DT_DIR, add_comm, &acc);
	if (acc.n)
		qsort(acc.names, acc.n, sizeof(*acc.names), cmp_str);
	f = open_memstream(&out, &len);
	for (size_t i = 0; f && i < acc.n; i++)
		if (!i || strcmp(acc.names[i], acc.names[i - 1]))
			fprintf(f, "%s\n", acc.names[i]);
	if (f) {
		fclose(f);
		write_data(w, "running", out, len);
	}
	free(out);
	for (size_t i = 0; i < acc.n; i++)
		free(acc.names[i]);
	free(acc.names);
}

/*
 * The BPF signals in the text bpf_files.c reads back (formats there and
 * in the README's capture format). Names never hold blanks (interface
 * names cannot, the kernel's drop reasons do not); one that does would
 * split its line, so blanks become '_'.
 */
static void put_name(FILE *f, const char *name)
{
	if (!*name) {
		fputc('-', f);
		return;
	}
	for (; *name; name++)
		fputc(*name == ' ' || *name == '\t' || *name == '\n' ? '_' : *name, f);
}

static void w_bpf_status(FILE *f, const void *a)
{
	const struct nt_bpf *bpf = &((const struct nt_snapshot *)a)->bpf;

	fputs("# BPF signals: \"attached\" and the parts counted, or \"off errno=N\" and why\n", f);
	if (bpf->err) {
		fprintf(f, "off errno=%d", -bpf->err);
		if (bpf->why[0]) {
			fputc(' ', f);
			for (const char *p = bpf->why; *p; p++)
				fputc(*p == '\n' || *p == '\r' ? ' ' : *p, f);
		}
		fputc('\n', f);
		return;
	}
	fprintf(f, "attached%s%s%s%s\n", bpf->has_napi ? " napi" : "",
		bpf->has_softirq ? " softirq" : "", bpf->has_drops ? " drops" : "",
		bpf->has_reasons ? " reasons" : "");
}

static void w_bpf_napi(FILE *f, const void *a)
{
	const struct nt_bpf *bpf = &((const struct nt_snapshot *)a)->bpf;

	fputs("# dev napi irq cpu weight polls packets full\n", f);
	for (size_t i = 0; i < bpf->n_napi; i++) {
		const struct nt_bpf_napi *n = &bpf->napi[i];

		put_name(f, n->dev);
		fprintf(f, " %u %d %d %" PRIu32 " %" PRIu64 " %" PRIu64 " %" PRIu64 "\n", n->id,
			n->irq < 0 ? -1 : n->irq, n->cpu < 0 ? -1 : n->cpu, n->weight, n->polls,
			n->packets, n->full);
	}
}

static void w_bpf_softirq(FILE *f, const void *a)
{
	const struct nt_snapshot *snap = a;

	fputs("# cpu net_rx_ns net_rx_runs net_tx_ns net_tx_runs\n", f);
	for (unsigned int c = 0; c < snap->ncpus; c++) {
		const struct nt_cpu *cpu = &snap->cpus[c];

		fprintf(f, "%u %" PRIu64 " %" PRIu64 " %" PRIu64 " %" PRIu64 "\n", c,
			cpu->net_rx_ns, cpu->net_rx_runs, cpu->net_tx_ns, cpu->net_tx_runs);
	}
}

static void w_bpf_drops(FILE *f, const void *a)
{
	const struct nt_bpf *bpf = &((const struct nt_snapshot *)a)->bpf;

	fputs("# reason name count\n", f);
	for (size_t i = 0; i < bpf->n_drops; i++) {
		fprintf(f, "%u ", bpf->drops[i].reason);
		put_name(f, bpf->drops[i].name);
		fprintf(f, " %" PRIu64 "\n", bpf->drops[i].count);
	}
}

/* -ENOENT: not asked for, so the snapshot has no bpf/ at all. */
static void write_bpf(struct writer *w, const struct nt_snapshot *snap)
{
	if (snap->bpf.err == -ENOENT)
		return;
	write_stream(w, "bpf/status", w_bpf_status, snap);
	if (snap->bpf.err)
		return;
	if (snap->bpf.has_napi)
		write_stream(w, "bpf/napi", w_bpf_napi, snap);
	if (snap->bpf.has_softirq)
		write_stream(w, "bpf/softirq", w_bpf_softirq, snap);
	if (snap->bpf.has_drops)
		write_stream(w, "bpf/drops", w_bpf_drops, snap);
}

static void write_snapshot_files(struct writer *w, const struct nt_snapshot *snap)
{
	static const char *const host_files[] = {
		"proc/net/softnet_stat",
		"proc/interrupts",
		"proc/softirqs",
		"proc/stat",
		"proc/net/netstat",
		"proc/net/snmp",
		"proc/net/vlan/config",
		"proc/sys/net/core/netdev_budget",
		"proc/sys/net/core/netdev_budget_usecs",
		"proc/sys/net/core/netdev_max_backlog",
		"proc/sys/net/core/rps_sock_flow_entries",
		"proc/sys/net/core/dev_weight",
		"sys/devices/system/cpu/online",
		"sys/devices/system/cpu/isolated",
		"sys/devices/system/cpu/nohz_full",
	};
	char text[64];
	int n;

	for (size_t i = 0; i < NT_ARRAY_SIZE(host_files); i++)
		copy(w, host_files[i]);
	for (size_t i = 0; i < snap->ndevs; i++) {
		write_device(w, &snap->devs[i]);
		write_ethtool(w, &snap->devs[i]);
	}
	for (size_t k = 0; k < snap->nirqs; k++)
		if (snap->irqs[k].dev >= 0)
			write_irq(w, &snap->irqs[k]);
	write_running(w);
	write_bpf(w, snap);
	n = snprintf(text, sizeof(text), "%.3f\n", snap->mono_s);
	write_data(w, "timestamp", text, (size_t)n);
	if (snap->wallclock[0]) {
		n = snprintf(text, sizeof(text), "%s\n", snap->wallclock);
		write_data(w, "wallclock", text, (size_t)n);
	}
}

int capture_write_snapshot(struct nt_sampler *s, const struct nt_snapshot *snap, int outfd,
			   const char *name, char *err, size_t errlen)
{
	char tmp[64];
	struct writer w = { .s = s, .rootfd = sampler_root_fd(s), .err = err, .errlen = errlen };

	path_printf(tmp, sizeof(tmp), "%s.tmp", name);
	if (mkdirat(outfd, tmp, 0755) < 0)
		return fail(&w, tmp, -errno);
	w.dirfd = openat(outfd, tmp, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (w.dirfd < 0)
		return fail(&w, tmp, -errno);
	write_snapshot_files(&w, snap);
	close(w.dirfd);
	if (w.first_err)
		return w.first_err;
	if (renameat(outfd, tmp, outfd, name) < 0)
		return fail(&w, name, -errno);
	return 0;
}

static long config_hz(void)
{
	struct utsname u;
	char path[300], line[256];
	_cleanup_fclose_ FILE *f = NULL;

	/* CONFIG_HZ sets the jiffy that bounds net_rx_action (2 jiffies) */
	if (uname(&u) < 0)
		return 0;
	path_printf(path, sizeof(path), "/boot/config-%s", u.release);
	f = fopen(path, "re");
	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line, "CONFIG_HZ=", 10))
			return strtol(line + 10, NULL, 10);
	return 0;
}

int capture_write_meta(int outfd, char *err, size_t errlen)
{
	struct utsname u;
	char text[600];
	long hz = config_hz();
	int n, len;
	_cleanup_close_ int fd =
		openat(outfd, "meta", O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

	if (fd < 0 || uname(&u) < 0) {
		snprintf(err, errlen, "writing meta: %s", strerror(errno));
		return -errno;
	}
	len = snprintf(text, sizeof(text), "hostname=%s\nkernel=%s\n", u.nodename, u.release);
	if (hz > 0)
		len += snprintf(text + len, sizeof(text) - (size_t)len, "hz=%ld\n", hz);
	n = (int)write(fd, text, (size_t)len);
	if (n != len) {
		snprintf(err, errlen, "writing meta: %s", n < 0 ? strerror(errno) : "short write");
		return n < 0 ? -errno : -EIO;
	}
	return 0;
}
