// SPDX-License-Identifier: GPL-2.0-or-later
#include "cpuset.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

unsigned int cpuset_count(const struct nt_cpuset *s)
{
	unsigned int n = 0;

	for (size_t i = 0; i < NT_CPUSET_WORDS; i++)
		n += (unsigned int)__builtin_popcountll(s->bits[i]);
	return n;
}

unsigned int cpuset_span(const struct nt_cpuset *s)
{
	for (size_t i = NT_CPUSET_WORDS; i-- > 0;)
		if (s->bits[i])
			return (unsigned int)(i * 64 + 64 - (size_t)__builtin_clzll(s->bits[i]));
	return 0;
}

bool cpuset_equal(const struct nt_cpuset *a, const struct nt_cpuset *b)
{
	for (size_t i = 0; i < NT_CPUSET_WORDS; i++)
		if (a->bits[i] != b->bits[i])
			return false;
	return true;
}

int cpuset_parse_list(struct nt_cpuset *s, const char *p)
{
	cpuset_zero(s);
	while (*p && isspace((unsigned char)*p))
		p++;
	while (*p && *p != '\n') {
		char *end;
		unsigned long lo, hi;

		if (!isdigit((unsigned char)*p))
			return -EINVAL;
		lo = strtoul(p, &end, 10);
		hi = lo;
		if (*end == '-') {
			p = end + 1;
			if (!isdigit((unsigned char)*p))
				return -EINVAL;
			hi = strtoul(p, &end, 10);
		}
		/* Kernel ranges may carry a ":used/group" stride; we never see it here. */
		if (hi < lo || hi >= NT_MAX_CPUS)
			return -EINVAL;
		for (unsigned long c = lo; c <= hi; c++)
			cpuset_set(s, (unsigned int)c);
		p = end;
		if (*p == ',')
			p++;
		else if (*p && *p != '\n' && !isspace((unsigned char)*p))
			return -EINVAL;
		while (*p == ' ' || *p == '\t')
			p++;
	}
	return 0;
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

int cpuset_parse_mask(struct nt_cpuset *s, const char *text)
{
	const char *end = text;
	unsigned int bit = 0;

	cpuset_zero(s);
	while (*end && *end != '\n' && !isspace((unsigned char)*end))
		end++;
	/* Walk from the least significant nibble at the right end. */
	for (const char *p = end; p-- > text;) {
		int v;

		if (*p == ',')
			continue;
		v = hexval((unsigned char)*p);
		if (v < 0)
			return -EINVAL;
		for (int b = 0; b < 4; b++, bit++)
			if (v & (1 << b)) {
				if (bit >= NT_MAX_CPUS)
					return -EINVAL;
				cpuset_set(s, bit);
			}
	}
	return 0;
}

size_t cpuset_format_list(const struct nt_cpuset *s, char *out, size_t size)
{
	size_t len = 0;
	unsigned int span = cpuset_span(s);

	if (size)
		out[0] = '\0';
	for (unsigned int c = 0; c < span; c++) {
		unsigned int e = c;
		int n;

		if (!cpuset_has(s, c))
			continue;
		while (e + 1 < span && cpuset_has(s, e + 1))
			e++;
		if (e == c)
			n = snprintf(out + len, size > len ? size - len : 0, "%s%u", len ? "," : "",
				     c);
		else
			n = snprintf(out + len, size > len ? size - len : 0, "%s%u-%u",
				     len ? "," : "", c, e);
		if (n > 0)
			len += (size_t)n;
		c = e;
	}
	if (len >= size && size)
		out[size - 1] = '\0';
	return len;
}

size_t cpuset_format_mask(const struct nt_cpuset *s, char *out, size_t size)
{
	unsigned int span = cpuset_span(s), groups = span ? (span + 31) / 32 : 1;
	size_t len = 0;

	if (size)
		out[0] = '\0';
	for (unsigned int g = groups; g-- > 0;) {
		uint32_t word = (uint32_t)(s->bits[g / 2] >> (32 * (g % 2)));
		int n = snprintf(out + len, size > len ? size - len : 0,
				 g == groups - 1 ? "%x" : ",%08x", word);

		if (n > 0)
			len += (size_t)n;
	}
	if (len >= size && size)
		out[size - 1] = '\0';
	return len;
}
