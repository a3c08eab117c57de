// SPDX-License-Identifier: GPL-2.0-or-later
#include "path.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>

int path_printf(char *out, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(out, size, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= size) {
		if (size)
			out[0] = '\0';
		return -ENAMETOOLONG;
	}
	return 0;
}
