// SPDX-License-Identifier: GPL-2.0-or-later
#include "config/cfgval.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

/*
 * strtod also takes hex, exponents, "inf" and "nan", none of which belong
 * in a config file: accept only [-+]digits[.digits].
 */
static const char *scan_decimal(const char *s, double *out)
{
	const char *p = s;
	bool digits = false;

	if (*p == '-' || *p == '+')
		p++;
	while (isdigit((unsigned char)*p))
		p++, digits = true;
	if (*p == '.') {
		p++;
		while (isdigit((unsigned char)*p))
			p++, digits = true;
	}
	if (!digits)
		return NULL;
	*out = strtod(s, NULL);
	return p;
}

int cfgval_number(const char *s, double *out, const char **suffix)
{
	const char *p = scan_decimal(s, out);

	if (!p)
		return -EINVAL;
	while (*p == ' ' || *p == '\t')
		p++;
	*suffix = p;
	return 0;
}

int cfgval_integer(const char *s, long long *out)
{
	char *end;

	if (!isdigit((unsigned char)s[*s == '-']))
		return -EINVAL;
	errno = 0;
	*out = strtoll(s, &end, 10);
	if (errno || *end)
		return -EINVAL;
	return 0;
}

int cfgval_duration(const char *s, double *out)
{
	static const struct {
		const char *unit;
		double scale;
	} units[] = {
		{ "", 1 },     { "s", 1 },    { "ms", 0.001 },
		{ "min", 60 }, { "h", 3600 }, { "d", 86400 },
	};
	const char *suffix;
	double v;

	if (cfgval_number(s, &v, &suffix) < 0 || v < 0)
		return -EINVAL;
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (!strcmp(suffix, units[i].unit)) {
			*out = v * units[i].scale;
			return 0;
		}
	return -EINVAL;
}

int cfgval_bool(const char *s, bool *out)
{
	static const char *const yes[] = { "yes", "true", "on", "1" };
	static const char *const no[] = { "no", "false", "off", "0" };

	for (size_t i = 0; i < 4; i++) {
		if (!strcasecmp(s, yes[i])) {
			*out = true;
			return 0;
		}
		if (!strcasecmp(s, no[i])) {
			*out = false;
			return 0;
		}
	}
	return -EINVAL;
}

bool cfgval_is_name(const char *s, size_t max)
{
	size_t n = strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789-");

	return n > 0 && !s[n] && n < max;
}

bool cfgval_file_path(const char *s, size_t max)
{
	size_t n = strlen(s);

	return !n || (s[0] == '/' && s[n - 1] != '/' && n < max);
}

int cfgval_text(char *dst, size_t size, const char *s)
{
	size_t n = strlen(s);

	if (n >= size)
		return -E2BIG;
	memcpy(dst, s, n + 1);
	return 0;
}
