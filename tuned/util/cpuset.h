/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Fixed-size CPU bitmap. 8192 matches the largest CONFIG_NR_CPUS the
 * distributions we support ship (RHEL/CentOS x86_64), so any CPU list the
 * kernel prints fits.
 */
#ifndef NT_CPUSET_H
#define NT_CPUSET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define NT_MAX_CPUS 8192
#define NT_CPUSET_WORDS (NT_MAX_CPUS / 64)

struct nt_cpuset {
	uint64_t bits[NT_CPUSET_WORDS];
};

static inline void cpuset_zero(struct nt_cpuset *s)
{
	for (size_t i = 0; i < NT_CPUSET_WORDS; i++)
		s->bits[i] = 0;
}

static inline void cpuset_set(struct nt_cpuset *s, unsigned int cpu)
{
	if (cpu < NT_MAX_CPUS)
		s->bits[cpu / 64] |= UINT64_C(1) << (cpu % 64);
}

static inline bool cpuset_has(const struct nt_cpuset *s, unsigned int cpu)
{
	return cpu < NT_MAX_CPUS && (s->bits[cpu / 64] >> (cpu % 64)) & 1;
}

unsigned int cpuset_count(const struct nt_cpuset *s);
/* Highest set CPU + 1, 0 when empty. */
unsigned int cpuset_span(const struct nt_cpuset *s);
bool cpuset_equal(const struct nt_cpuset *a, const struct nt_cpuset *b);

/* "0-3,8,10-11" as in cpu/online and smp_affinity_list. Returns 0 or -EINVAL. */
int cpuset_parse_list(struct nt_cpuset *s, const char *text);
/* "ff,00000001" as in smp_affinity and rps_cpus: 32-bit hex groups, high first. */
int cpuset_parse_mask(struct nt_cpuset *s, const char *text);
/*
 * Prints the mask form of rps_cpus and smp_affinity: 32-bit hex groups,
 * highest first ("1,00000003"); "0" for an empty set. Returns the length
 * it needed, as snprintf.
 */
size_t cpuset_format_mask(const struct nt_cpuset *s, char *out, size_t size);
/* Prints the list form ("0-3,8"); "" for an empty set. Returns length. */
size_t cpuset_format_list(const struct nt_cpuset *s, char *out, size_t size);

#endif
