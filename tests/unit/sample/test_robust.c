// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Damaged captures: copies fixture snapshots to a temporary directory and,
 * one file at a time, empties it, cuts it in the middle of a line, or
 * replaces it with text in no known format. Every sample must still
 * succeed, keep the snapshot consistent (indices in range, strings
 * terminated) and give only finite, non-negative rates against the
 * undamaged snapshot before it.
 */
#include "fixture.h"
#include "tmptree.h"

#include <math.h>

#include "sample/napi.h"
#include "util/cpuset.h"

static void check_consistent(const struct nt_snapshot *s, const char *what)
{
	int before = check_failed;

	CHECK(s->ncpus <= NT_MAX_CPUS);
	CHECK(s->softnet_columns <= 64);
	CHECK(memchr(s->wallclock, 0, sizeof(s->wallclock)) != NULL);
	for (size_t i = 0; i < s->nirqs; i++) {
		const struct nt_irq *irq = &s->irqs[i];

		CHECK(irq->dev >= -1 && irq->dev < (int)s->ndevs);
		CHECK(irq->queue >= -1);
		CHECK(irq->dir >= NT_Q_NONE && irq->dir <= NT_Q_OTHER);
		CHECK(memchr(irq->chip, 0, sizeof(irq->chip)) != NULL);
		CHECK(memchr(irq->actions, 0, sizeof(irq->actions)) != NULL);
		CHECK(irq->counts_off + s->irq_stride <= s->irq_counts_cap);
	}
	for (size_t i = 0; i < s->ndevs; i++) {
		const struct nt_netdev *d = &s->devs[i];

		CHECK(memchr(d->name, 0, sizeof(d->name)) != NULL && d->name[0]);
		CHECK(d->n_lower <= NT_MAX_LOWER);
		CHECK(d->n_stats <= d->stats_cap);
		CHECK(d->n_rxq <= d->rxq_cap);
		for (size_t k = 0; k < d->n_stats; k++)
			CHECK(memchr(d->stats[k].name, 0, sizeof(d->stats[k].name)) != NULL);
	}
	CHECK(s->bpf.n_napi <= s->bpf.napi_cap);
	CHECK(s->bpf.n_drops <= s->bpf.drops_cap);
	CHECK(memchr(s->bpf.why, 0, sizeof(s->bpf.why)) != NULL);
	for (size_t i = 0; i < s->bpf.n_napi; i++) {
		CHECK(memchr(s->bpf.napi[i].dev, 0, sizeof(s->bpf.napi[i].dev)) != NULL);
		CHECK(s->bpf.napi[i].irq >= -1 && s->bpf.napi[i].cpu >= -1);
	}
	for (size_t i = 0; i < s->bpf.n_drops; i++)
		CHECK(memchr(s->bpf.drops[i].name, 0, sizeof(s->bpf.drops[i].name)) != NULL);
	if (check_failed != before)
		printf("# inconsistent snapshot after %s\n", what);
}

static void check_rates(const struct nt_snapshot *a, const struct nt_snapshot *b, const char *what)
{
	int before = check_failed;
	double r;

#define SANE(call)                                                 \
	do {                                                       \
		r = 0;                                             \
		if ((call) && !(isfinite(r) && r >= 0)) {          \
			printf("# %s: %s = %g\n", what, #call, r); \
			check_failed++;                            \
		}                                                  \
	} while (0)

	for (unsigned int c = 0; c < b->ncpus && c < 64; c++) {
		for (int f = NT_SN_PROCESSED; f <= NT_SN_FLOW_LIMIT; f++)
			SANE(rates_softnet(a, b, c, (enum nt_softnet_field)f, &r));
		SANE(rates_net_rx(a, b, c, &r));
		r = 0;
		if (rates_softirq_share(a, b, c, &r) && !(r >= 0 && r <= 1)) {
			printf("# %s: softirq share of CPU %u = %g\n", what, c, r);
			check_failed++;
		}
		for (size_t i = 0; i < b->nirqs; i++)
			SANE(rates_irq_cpu(a, b, &b->irqs[i], c, &r));
	}
	for (size_t i = 0; i < b->ndevs; i++) {
		const struct nt_netdev *d = &b->devs[i];

		for (int st = 0; st < NT_IFS_COUNT; st++)
			SANE(rates_ifstat(a, b, d, (enum nt_ifstat)st, &r));
		for (size_t k = 0; k < d->n_stats && k < 64; k++)
			SANE(rates_ethstat(a, b, d, d->stats[k].name, &r));
	}
	for (int t = 0; t < NT_TCP_COUNT; t++)
		SANE(rates_tcp(a, b, (enum nt_tcpstat)t, &r));
	for (size_t i = 0; i < b->bpf.n_napi; i++)
		for (int f = NT_NAPI_POLLS; f <= NT_NAPI_FULL; f++)
			SANE(rates_napi(a, b, &b->bpf.napi[i], (enum nt_napi_field)f, &r));
	for (unsigned int c = 0; c < b->ncpus && c < 64; c++) {
		SANE(rates_bpf_softirq(a, b, c, true, &r));
		SANE(rates_bpf_softirq(a, b, c, false, &r));
	}
	SANE(rates_bpf_drops(a, b, NULL, &r));
	for (size_t i = 0; i < b->bpf.n_drops; i++)
		SANE(rates_bpf_drops(a, b, b->bpf.drops[i].name, &r));
#undef SANE
	if (check_failed != before)
		printf("# bad rates after %s\n", what);
}

/* Damages each file @files under the copy of @snap_rel, one at a time. */
static void damage(const char *before_rel, const char *snap_rel, const char *const *files)
{
	struct nt_snapshot a, s;
	char path[4096], what[512], err[256];

	if (tt_copy(snap_rel) != 0) {
		printf("# copying %s failed\n", snap_rel);
		check_failed++;
		return;
	}
	snapshot_init(&a);
	snapshot_init(&s);
	fx_take(before_rel, &a);
	for (const char *const *f = files; *f; f++) {
		static const char garbage[] =
			"x y z\n:::: 12 -5 0x\n\n999999999999999999999999 ,,\n";
		size_t len;
		char *orig;

		snprintf(path, sizeof(path), "%s/%s", tt_root, *f);
		orig = tt_read_path(path, &len);
		if (!orig) {
			printf("# %s: cannot read %s\n", snap_rel, *f);
			check_failed++;
			continue;
		}
		for (int mode = 0; mode < 3; mode++) {
			struct nt_sampler *sp = NULL;
			int r;

			if (mode == 0)
				tt_write_path(path, "", 0);
			else if (mode == 1)
				tt_write_path(path, orig,
					      len / 2 + 3 < len ? len / 2 + 3 : len / 2);
			else
				tt_write_path(path, garbage, sizeof(garbage) - 1);
			snprintf(what, sizeof(what), "%s %s %s", snap_rel, *f,
				 mode == 0 ? "emptied" :
				 mode == 1 ? "cut" :
					     "garbled");
			r = sampler_open(&sp, tt_root, 0, err, sizeof(err));
			if (r < 0) {
				printf("# %s: sampler_open = %d %s\n", what, r, err);
				check_failed++;
				continue;
			}
			r = sampler_take(sp, &s);
			sampler_close(sp);
			if (r < 0) {
				printf("# %s: sampler_take = %d\n", what, r);
				check_failed++;
				continue;
			}
			check_consistent(&s, what);
			check_rates(&a, &s, what);
		}
		tt_write_path(path, orig, len);
		free(orig);
	}
	snapshot_free(&a);
	snapshot_free(&s);
}

static void t_agent16(void)
{
	static const char *const files[] = {
		"proc/net/softnet_stat",
		"proc/interrupts",
		"proc/softirqs",
		"proc/stat",
		"proc/net/netstat",
		"proc/net/snmp",
		"proc/net/vlan/config",
		"proc/irq/119/smp_affinity_list",
		"proc/sys/net/core/netdev_budget",
		"sys/devices/system/cpu/online",
		"sys/devices/system/cpu/nohz_full",
		"sys/class/net/eth3/ifindex",
		"sys/class/net/eth3/speed",
		"sys/class/net/eth3/statistics/rx_dropped",
		"sys/class/net/eth3/device/numa_node",
		"sys/class/net/eth3/device/uevent",
		"sys/class/net/eth3/queues/rx-3/rps_cpus",
		"sys/class/net/bond0/bonding/slaves",
		"ethtool/eth3/stats",
		"ethtool/eth3/rings",
		"ethtool/eth3/channels",
		"ethtool/eth3/driver",
		"running",
		"timestamp",
		"wallclock",
		NULL,
	};

	damage("agent16-el7/0000", "agent16-el7/0001", files);
}

static void t_board4(void)
{
	static const char *const files[] = {
		"proc/net/softnet_stat",
		"proc/interrupts",
		"proc/softirqs",
		"proc/stat",
		"proc/irq/23/effective_affinity_list",
		"ethtool/end0/eee",
		"ethtool/end0/stats",
		"sys/class/net/end0/type",
		"timestamp",
		NULL,
	};

	damage("board4-stmmac/0000", "board4-stmmac/0001", files);
}

/* The BPF signals' files (tuned/sample/bpf_files.c). */
static void t_vm2_bpf(void)
{
	static const char *const files[] = {
		"bpf/status", "bpf/napi", "bpf/softirq", "bpf/drops", NULL,
	};

	damage("vm2-virtio/0000", "vm2-virtio/0001", files);
}

/*
 * /proc/interrupts cut inside a row (a capture interrupted by a full disk):
 * "118:          3" and nothing after. The CPUs that row lacks must not
 * read as counts of 0, which modulo 2^32 is a rate of ~4e8/s.
 */
static void t_cut_row(void)
{
	struct nt_snapshot a, s;
	char path[4096];
	const struct nt_irq *irq;
	size_t len;
	char *orig, *row;

	if (tt_copy("agent16-el7/0001") != 0) {
		check_failed++;
		return;
	}
	snprintf(path, sizeof(path), "%s/proc/interrupts", tt_root);
	orig = tt_read_path(path, &len);
	row = orig ? strstr(orig, "\n118:") : NULL;
	CHECK(row != NULL);
	if (!row) {
		free(orig);
		return;
	}
	tt_write_path(path, orig, (size_t)(row - orig) + strlen("\n118:          3"));
	free(orig);
	snapshot_init(&a);
	snapshot_init(&s);
	if (fx_take("agent16-el7/0000", &a) == 0) {
		struct nt_sampler *sp = NULL;
		char err[256];

		if (sampler_open(&sp, tt_root, 0, err, sizeof(err)) == 0) {
			CHECK_EQ_INT(sampler_take(sp, &s), 0);
			sampler_close(sp);
			check_rates(&a, &s, "cut row");
			/* the rows before the cut are whole */
			irq = fx_irq(&s, "eth3-TxRx-3");
			if (irq)
				CHECK_RATE(rates_irq_cpu(&a, &s, irq, 3, &_r), 3654.0);
			irq = fx_irq_num(&s, 118);
			if (irq)
				CHECK_NO_RATE(rates_irq_cpu(&a, &s, irq, 8, &_r));
		} else {
			check_failed++;
		}
	}
	snapshot_free(&a);
	snapshot_free(&s);
}

int main(void)
{
	if (tt_init() != 0) {
		printf("Bail out! mkdtemp: %s\n", strerror(errno));
		return 1;
	}
	RUN(t_agent16);
	if (tt_clear() < 0) {
		printf("Bail out! mkdir %s: %s\n", tt_root, strerror(errno));
		return 1;
	}
	RUN(t_board4);
	if (tt_clear() < 0) {
		printf("Bail out! mkdir %s: %s\n", tt_root, strerror(errno));
		return 1;
	}
	RUN(t_cut_row);
	if (tt_clear() < 0) {
		printf("Bail out! mkdir %s: %s\n", tt_root, strerror(errno));
		return 1;
	}
	RUN(t_vm2_bpf);
	tt_cleanup();
	CHECK_DONE();
}
