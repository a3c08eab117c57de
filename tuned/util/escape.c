// SPDX-License-Identifier: GPL-2.0-or-later
#include "util/escape.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

static bool plain(unsigned char c, const char *also)
{
	return c >= 0x20 && c < 0x7f && c != '\\' && c != '"' && !(also && strchr(also, c));
}

bool escape_needed(const char *in, const char *also)
{
	for (const unsigned char *p = (const unsigned char *)in; *p; p++)
		if (!plain(*p, also))
			return true;
	return false;
}

bool escape_text(const char *in, const char *also, char *out, size_t size)
{
	size_t n = 0;

	if (!size)
		return false;
	for (const unsigned char *p = (const unsigned char *)in; *p; p++) {
		char one[5];
		size_t w;

		if (plain(*p, also))
			w = (size_t)snprintf(one, sizeof(one), "%c", *p);
		else if (*p == '\\' || *p == '"')
			w = (size_t)snprintf(one, sizeof(one), "\\%c", *p);
		else
			w = (size_t)snprintf(one, sizeof(one), "\\x%02x", *p);
		if (n + w >= size) {
			out[n] = '\0';
			return false;
		}
		memcpy(out + n, one, w);
		n += w;
	}
	out[n] = '\0';
	return true;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int escape_undo(const char *in, size_t len, char *out, size_t size)
{
	size_t n = 0;

	for (size_t i = 0; i < len; i++) {
		int c = (unsigned char)in[i];

		if (c == '"' || c == '\0')
			return -EINVAL;
		if (c == '\\') {
			if (i + 1 >= len)
				return -EINVAL;
			c = (unsigned char)in[++i];
			if (c == 'x') {
				if (i + 2 >= len || hexval(in[i + 1]) < 0 || hexval(in[i + 2]) < 0)
					return -EINVAL;
				c = hexval(in[i + 1]) * 16 + hexval(in[i + 2]);
				i += 2;
				if (!c)
					return -EINVAL;
			} else if (c != '\\' && c != '"') {
				return -EINVAL;
			}
		}
		if (n + 1 >= size)
			return -ENAMETOOLONG;
		out[n++] = (char)c;
	}
	if (!size)
		return -ENAMETOOLONG;
	out[n] = '\0';
	return 0;
}
