// SPDX-License-Identifier: GPL-2.0-or-later
/* Wrap versus reset of the 32-bit per-CPU counters, on hand-built snapshots. */
#include "check.h"
#include "sample/rates.h"
#include "sample/topology.h"

#include <stdlib.h>

static void two(struct nt_snapshot *a, struct nt_snapshot *b, double dt)
{
	snapshot_init(a);
	snapshot_init(b);
	snapshot_reserve_cpus(a, 2);
	snapshot_reserve_cpus(b, 2);
	a->has_mono = b->has_mono = true;
	a->mono_s = 100;
	b->mono_s = 100 + dt;
	a->src_err[NT_SRC_CPU_ONLINE] = b->src_err[NT_SRC_CPU_ONLINE] = 0;
	cpuset_set(&a->online, 0);
	cpuset_set(&a->online, 1);
	b->online = a->online;
	for (int c = 0; c < 2; c++) {
		a->cpus[c].softnet.present = b->cpus[c].softnet.present = true;
		a->cpus[c].has_softirqs = b->cpus[c].has_softirqs = true;
	}
	a->softnet_columns = b->softnet_columns = 13;
}

static void softnet_wrap_and_reset(void)
{
	struct nt_snapshot a, b;
	double r = -1;

	two(&a, &b, 2.0);
	a.cpus[0].softnet.time_squeeze = 0xfffffff0u;
	b.cpus[0].softnet.time_squeeze = 0x10u;		/* wrapped: 32 in 2 s */
	CHECK(rate_softnet(&a, &b, 0, NT_SN_TIME_SQUEEZE, &r));
	CHECK_NEAR(r, 16.0, 1e-9);
	a.cpus[1].softnet.processed = 5000000;
	b.cpus[1].softnet.processed = 100;		/* restarted: ~4.3e9 in 2 s */
	CHECK(!rate_softnet(&a, &b, 1, NT_SN_PROCESSED, &r));
	a.cpus[1].net_rx = 900000;
	b.cpus[1].net_rx = 12;
	CHECK(!rate_net_rx(&a, &b, 1, &r));
	a.cpus[0].net_rx = 4294967000u;
	b.cpus[0].net_rx = 704;				/* 1000 in 2 s across the wrap */
	CHECK(rate_net_rx(&a, &b, 0, &r));
	CHECK_NEAR(r, 500.0, 1e-9);
	snapshot_free(&a);
	snapshot_free(&b);
}

static void irq_reset(void)
{
	struct nt_snapshot a, b;
	struct nt_irq irq = { .irq = 114, .actions = "eth3-TxRx-0", .dev = -1 };
	double r = -1, share;
	uint32_t ca[2] = { 5000000, 10 }, cb[2] = { 300, 0 };

	two(&a, &b, 10.0);
	a.irq_stride = b.irq_stride = 2;
	cpuset_set(&a.irq_cpus, 0);
	cpuset_set(&a.irq_cpus, 1);
	b.irq_cpus = a.irq_cpus;
	a.irqs = malloc(sizeof(irq));
	b.irqs = malloc(sizeof(irq));
	a.irqs[0] = b.irqs[0] = irq;
	a.nirqs = b.nirqs = 1;
	a.irq_counts = ca;
	b.irq_counts = cb;
	/* the driver re-requested IRQ 114: counts restarted, no rate */
	CHECK(!rate_irq_cpu(&a, &b, &b.irqs[0], 0, &r));
	/* where it lands falls back to the counts since the reset */
	CHECK_EQ_INT(irq_top_cpu(&a, &b, &b.irqs[0], &share), 0);
	CHECK_NEAR(share, 1.0, 1e-9);
	cb[0] = 5000300;
	CHECK(rate_irq_cpu(&a, &b, &b.irqs[0], 0, &r));
	CHECK_NEAR(r, 30.0, 1e-9);
	a.irq_counts = b.irq_counts = NULL;	/* on the stack */
	snapshot_free(&a);
	snapshot_free(&b);
}

int main(void)
{
	RUN(softnet_wrap_and_reset);
	RUN(irq_reset);
	CHECK_DONE();
}
