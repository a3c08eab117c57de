// SPDX-License-Identifier: GPL-2.0-or-later
#include "parse.h"

#include <ctype.h>
#include <errno.h>
#include <string.h>

uint64_t parse_hex(const char **pp, bool *ok)
{
	const char *p = skip_blanks(*pp);
	uint64_t v = 0;
	int digits = 0;

	for (;; p++, digits++) {
		unsigned c = (unsigned char)*p, d;

		if (c - '0' < 10)
			d = c - '0';
		else if ((c | 0x20) - 'a' < 6)
			d = (c | 0x20) - 'a' + 10;
		else
			break;
		v = (v << 4) | d;
	}
	*ok = digits > 0;
	*pp = p;
	return v;
}

int parse_u64_exact(const char **pp, uint64_t *v)
{
	const char *p = skip_blanks(*pp);
	uint64_t x = 0;
	bool fits = true;

	if ((unsigned)(*p - '0') >= 10)
		return 0;
	for (; (unsigned)(*p - '0') < 10; p++) {
		unsigned int d = (unsigned)(*p - '0');

		if (x > (UINT64_MAX - d) / 10)
			fits = false;
		else
			x = x * 10 + d;
	}
	*pp = p;
	*v = x;
	return fits ? 1 : -ERANGE;
}

int parse_i64(const char *text, int64_t *out)
{
	const char *p = skip_blanks(text);
	bool neg = false, ok;
	uint64_t v;

	while (*p == '\n')
		p++;
	if (*p == '-') {
		neg = true;
		p++;
	}
	v = scan_u64(&p, &ok);
	if (!ok || v > INT64_MAX)
		return -EINVAL;
	*out = neg ? -(int64_t)v : (int64_t)v;
	return 0;
}

void parse_copy_trimmed(char *dst, size_t size, const char *src, size_t len)
{
	while (len && (*src == ' ' || *src == '\t')) {
		src++;
		len--;
	}
	while (len && (src[len - 1] == ' ' || src[len - 1] == '\t' || src[len - 1] == '\n' ||
		       src[len - 1] == '\r'))
		len--;
	if (!size)
		return;
	if (len >= size)
		len = size - 1;
	/* a field cut in a run of blanks ends in blanks again */
	while (len && isspace((unsigned char)src[len - 1]))
		len--;
	memcpy(dst, src, len);
	dst[len] = '\0';
}
