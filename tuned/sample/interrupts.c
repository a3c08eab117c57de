// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * /proc/interrupts (kernel/irq/proc.c show_interrupts()):
 *
 *              CPU0       CPU2
 *    38:          0        596  PCI-MSIX-0000:00:03.0   1-edge      virtio2-input.0
 *    52:   11094567          0  IR-PCI-MSI-edge      eth3-TxRx-0           (3.10)
 *    40:    1550321          0     GICv2  40 Level     end0                 (arm64)
 *   NMI:          0          0   Non-maskable interrupts
 *
 * The header names one column per online CPU, so column N is not CPU N
 * once a CPU went offline. Each IRQ row has one %10u count per column
 * (unsigned int: wraps at 2^32), then the chip, hwirq and trigger, then
 * "  " and the action names joined by ", ". Action names may contain
 * single spaces ("PCIe PME"), so the chip part ends at the last run of two
 * or more blanks. Rows with a non-numeric label are per-CPU architecture
 * counters and are not device IRQs.
 */
#include "sample/parsers.h"
#include "sample/readers.h"
#include "util/parse.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

static int reserve_irqs(struct nt_snapshot *snap, size_t n, size_t counts)
{
	if (n > snap->irqs_cap) {
		size_t cap = snap->irqs_cap ? snap->irqs_cap : 64;
		struct nt_irq *p;

		while (cap < n)
			cap *= 2;
		p = realloc(snap->irqs, cap * sizeof(*p));
		if (!p)
			return -ENOMEM;
		snap->irqs = p;
		snap->irqs_cap = cap;
	}
	if (counts > snap->irq_counts_cap) {
		size_t cap = snap->irq_counts_cap ? snap->irq_counts_cap : 1024;
		uint32_t *p;

		while (cap < counts)
			cap *= 2;
		p = realloc(snap->irq_counts, cap * sizeof(*p));
		if (!p)
			return -ENOMEM;
		snap->irq_counts = p;
		snap->irq_counts_cap = cap;
	}
	return 0;
}

static bool looks_like_trigger(const char *t, size_t len)
{
	size_t i = 0;

	/* "5-edge", "-edge", "Level", "Edge": what precedes the actions */
	if ((len == 5 && !strncmp(t, "Level", 5)) || (len == 4 && !strncmp(t, "Edge", 4)))
		return true;
	while (i < len && isdigit((unsigned char)t[i]))
		i++;
	if (i == len || t[i] != '-')
		return false;
	for (i++; i < len; i++)
		if (!islower((unsigned char)t[i]) && t[i] != '_')
			return false;
	return true;
}

/* Splits the text after the counts into chip and actions. */
static void parse_tail(struct nt_irq *irq, const char *p)
{
	const char *end = p, *split = NULL, *q;
	size_t n = 0;

	while (*end && *end != '\n')
		end++;
	while (end > p && isspace((unsigned char)end[-1]))
		end--;
	p = skip_blanks(p);
	for (q = p; q + 1 < end; q++)
		if (q[0] == ' ' && q[1] == ' ')
			split = q;
	if (split) {
		const char *act = skip_blanks(split);
		const char *prev = split;

		/* the token before the actions; a row without actions ends in one */
		if (looks_like_trigger(act, (size_t)(end - act)))
			split = NULL;
		else
			parse_copy_trimmed(irq->actions, sizeof(irq->actions), act,
					   (size_t)(end - act));
		if (split)
			end = prev;
	}
	/* squeeze blank runs in the chip part */
	for (q = p; q < end && n + 1 < sizeof(irq->chip); q++) {
		if (*q == ' ' && n && irq->chip[n - 1] == ' ')
			continue;
		irq->chip[n++] = *q;
	}
	while (n && irq->chip[n - 1] == ' ')
		n--;
	irq->chip[n] = '\0';
}

static int parse_row(struct nt_snapshot *snap, const unsigned int *col_cpu, unsigned int ncols,
		     unsigned int irqno, const char **pp)
{
	const char *p = *pp;
	size_t off = snap->nirqs * snap->irq_stride;
	struct nt_irq *irq;
	uint32_t *counts;
	int r = reserve_irqs(snap, snap->nirqs + 1, off + snap->irq_stride);

	if (r < 0)
		return r;
	irq = &snap->irqs[snap->nirqs++];
	counts = snap->irq_counts + off;
	memset(counts, 0, snap->irq_stride * sizeof(*counts));
	irq->irq = irqno;
	irq->counts_off = off;
	irq->total = 0;
	irq->actions[0] = irq->chip[0] = '\0';
	irq->has_affinity = irq->has_effective = false;
	irq->dev = -1;
	irq->queue = -1;
	irq->dir = NT_Q_NONE;
	for (unsigned int c = 0; c < ncols; c++) {
		bool ok;
		uint64_t v = scan_u64(&p, &ok);

		if (!ok || v > UINT32_MAX) {
			/*
			 * The kernel prints every column of a numbered row,
			 * each an unsigned int; a short row or a wider count
			 * is a damaged file. Its counts would read as 0 or
			 * wrapped and make huge rates: drop the row.
			 */
			snap->nirqs--;
			snapshot_note(snap, "proc/interrupts", "IRQ %u skipped: %s", irqno,
				      ok ? "a count does not fit 32 bits" :
					   "fewer counts than CPU columns");
			*pp = next_line(p);
			return 0;
		}
		counts[col_cpu[c]] = (uint32_t)v;
		irq->total += (uint32_t)v;
	}
	parse_tail(irq, p);
	*pp = next_line(p);
	return 0;
}

static int cmp_irq(const void *a, const void *b)
{
	const struct nt_irq *x = a, *y = b;

	return x->irq < y->irq ? -1 : x->irq > y->irq;
}

int interrupts_parse(struct nt_snapshot *snap, unsigned int *col_cpu, const char *text)
{
	bool sorted = true;
	unsigned int ncols, span;
	const char *p = text;
	int r;

	snap->src_err[NT_SRC_INTERRUPTS] = 0;
	r = sampler_parse_cpu_header(col_cpu, &p, &span);
	if (r < 0) {
		snap->src_err[NT_SRC_INTERRUPTS] = r;
		return 0;
	}
	ncols = (unsigned int)r;
	r = snapshot_reserve_cpus(snap, span);
	if (r < 0)
		return r;
	snap->irq_stride = snap->ncpus;
	for (unsigned int c = 0; c < ncols; c++)
		cpuset_set(&snap->irq_cpus, col_cpu[c]);
	while (*p) {
		const char *label = skip_blanks(p);
		bool ok;
		uint64_t irqno;

		p = label;
		irqno = scan_u64(&p, &ok);
		if (!ok || *p != ':' || irqno > UINT32_MAX) {
			p = next_line(p);
			continue;
		}
		p++;
		if (snap->nirqs && snap->irqs[snap->nirqs - 1].irq >= irqno)
			sorted = false;
		r = parse_row(snap, col_cpu, ncols, (unsigned int)irqno, &p);
		if (r < 0)
			return r;
	}
	/* the kernel prints in IRQ order; snapshot_find_irq() relies on it */
	if (!sorted)
		qsort(snap->irqs, snap->nirqs, sizeof(*snap->irqs), cmp_irq);
	return 0;
}

int sample_read_interrupts(struct nt_sampler *s, struct nt_snapshot *snap)
{
	long n = sample_read_kept(s, &s->buf, "proc/interrupts");

	snap->src_err[NT_SRC_INTERRUPTS] = n < 0 ? (int)n : 0;
	if (n < 0)
		return 0;
	return interrupts_parse(snap, s->col_cpu, s->buf.data);
}
