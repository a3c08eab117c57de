/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Small, allocation-free scanners for the text the kernel prints. */
#ifndef NT_PARSE_H
#define NT_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

static inline const char *skip_blanks(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

static inline const char *next_line(const char *p)
{
	while (*p && *p != '\n')
		p++;
	return *p ? p + 1 : p;
}

/*
 * Decimal unsigned; *ok false when no digit. Saturates instead of wrapping.
 * This is the hot loop of a sample cycle (/proc/interrupts has a number
 * per CPU per IRQ), so the overflow check runs only past 19 digits, which
 * no uint64_t below 10^19 reaches.
 */
static inline uint64_t scan_u64(const char **pp, bool *ok)
{
	const char *p = skip_blanks(*pp), *start = p;
	uint64_t v = 0;

	while ((unsigned)(*p - '0') < 10 && p - start < 19)
		v = v * 10 + (unsigned)(*p++ - '0');
	while ((unsigned)(*p - '0') < 10) {
		unsigned d = (unsigned)(*p++ - '0');

		v = v > (UINT64_MAX - d) / 10 ? UINT64_MAX : v * 10 + d;
	}
	*ok = p != start;
	*pp = p;
	return v;
}

/*
 * Decimal unsigned that must fit 64 bits: 1 and *v, 0 when there is no
 * digit, -ERANGE when the number is longer than a u64 (*pp past it).
 * For values the kernel prints as u64, where a saturated UINT64_MAX
 * would pass a number the kernel cannot print for a real one.
 */
int parse_u64_exact(const char **pp, uint64_t *v);

/* Hex without prefix, as in softnet_stat. */
uint64_t parse_hex(const char **pp, bool *ok);

/* Signed decimal integer from a whole small file ("300\n"); -EINVAL if none. */
int parse_i64(const char *text, int64_t *out);

/* Copies a field of at most size-1 bytes, trimming surrounding blanks
 * (also those a cut at size-1 leaves at the end). */
void parse_copy_trimmed(char *dst, size_t size, const char *src, size_t len);

#endif
