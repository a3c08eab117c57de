/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Helpers for the sampler tests: take one snapshot of a fixture tree under
 * $NT_FIXTURES and look things up in it. The numbers the tests expect come
 * from tests/fixtures/generate.py, which wrote the trees.
 */
#ifndef NT_TEST_FIXTURE_H
#define NT_TEST_FIXTURE_H

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "sample/rates.h"
#include "sample/sampler.h"
#include "model/snapshot.h"

/* Samples $NT_FIXTURES/@rel into @snap (reusing it). 0 or a failed check. */
static inline int fx_take(const char *rel, struct nt_snapshot *snap)
{
	const char *base = getenv("NT_FIXTURES");
	struct nt_sampler *s = NULL;
	char path[4096], err[512] = "";
	int r;

	if (!base) {
		printf("# NT_FIXTURES is not set\n");
		check_failed++;
		return -EINVAL;
	}
	snprintf(path, sizeof(path), "%s/%s", base, rel);
	r = sampler_open(&s, path, 0, err, sizeof(err));
	if (r < 0) {
		printf("# sampler_open(%s) = %d: %s\n", path, r, err);
		check_failed++;
		return r;
	}
	r = sampler_take(s, snap);
	if (r < 0) {
		printf("# sampler_take(%s) = %d\n", path, r);
		check_failed++;
	}
	sampler_close(s);
	return r;
}

/* The IRQ whose action list is exactly @actions, or NULL (and a failed check). */
static inline const struct nt_irq *fx_irq(const struct nt_snapshot *s, const char *actions)
{
	for (size_t i = 0; i < s->nirqs; i++)
		if (!strcmp(s->irqs[i].actions, actions))
			return &s->irqs[i];
	printf("# no IRQ with actions \"%s\"\n", actions);
	check_failed++;
	return NULL;
}

static inline const struct nt_irq *fx_irq_num(const struct nt_snapshot *s, unsigned int irq)
{
	for (size_t i = 0; i < s->nirqs; i++)
		if (s->irqs[i].irq == irq)
			return &s->irqs[i];
	return NULL;
}

/* Index of device @name in s->devs, -1 (and a failed check) when absent. */
static inline int fx_devi(const struct nt_snapshot *s, const char *name)
{
	for (size_t i = 0; i < s->ndevs; i++)
		if (!strcmp(s->devs[i].name, name))
			return (int)i;
	printf("# no device \"%s\"\n", name);
	check_failed++;
	return -1;
}

static inline const struct nt_netdev *fx_dev(const struct nt_snapshot *s, const char *name)
{
	int i = fx_devi(s, name);

	return i < 0 ? NULL : &s->devs[i];
}

static inline bool fx_has_lower(const struct nt_netdev *d, const char *name)
{
	for (unsigned int i = 0; i < d->n_lower && i < NT_MAX_LOWER; i++)
		if (!strcmp(d->lower[i], name))
			return true;
	return false;
}

/* Count on @cpu of @irq, 0 for a CPU without a column. */
static inline uint32_t fx_count(const struct nt_snapshot *s, const struct nt_irq *irq,
				unsigned int cpu)
{
	return irq_count_on(s, irq, cpu);
}

static inline uint64_t fx_ethstat(const struct nt_netdev *d, const char *name)
{
	uint64_t v = 0;

	if (!snapshot_netdev_ethstat(d, name, &v)) {
		printf("# %s: no driver statistic \"%s\"\n", d->name, name);
		check_failed++;
	}
	return v;
}

/* A rate that must exist and equal @want (per second). */
#define CHECK_RATE(call, want)                                                                    \
	do {                                                                                      \
		double _r = -1;                                                                   \
		bool _ok = (call);                                                                \
		if (!_ok) {                                                                       \
			printf("# %s:%d: %s returned false, expected %g/s\n", __FILE__, __LINE__, \
			       #call, (double)(want));                                            \
			check_failed++;                                                           \
		} else {                                                                          \
			CHECK_NEAR(_r, (want), 1e-6 * ((want) > 1 ? (want) : 1));                 \
		}                                                                                 \
	} while (0)

/* A rate that must not exist. */
#define CHECK_NO_RATE(call)                                                                   \
	do {                                                                                  \
		double _r = -1;                                                               \
		if (call) {                                                                   \
			printf("# %s:%d: %s gave %g, expected no rate\n", __FILE__, __LINE__, \
			       #call, _r);                                                    \
			check_failed++;                                                       \
		}                                                                             \
	} while (0)

#endif
