// SPDX-License-Identifier: GPL-2.0-or-later
#include "sample/capture.h"
#include "util/buf.h"
#include "util/cleanup.h"
#include "util/parse.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int cmp_entry(const void *a, const void *b)
{
	unsigned long x = ((const struct nt_capture_entry *)a)->number;
	unsigned long y = ((const struct nt_capture_entry *)b)->number;

	return x < y ? -1 : x > y;
}

static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return false;
	return true;
}

/* CONFIG_HZ is 100 to 1000 on every kernel; anything else is unknown. */
#define NT_META_MAX_HZ 100000

void capture_parse_meta(struct nt_capture *c, const char *text)
{
	for (const char *p = text; *p; p = next_line(p)) {
		size_t n = strcspn(p, "\n");
		const char *eq = memchr(p, '=', n);

		if (!eq)
			continue;
		if (!strncmp(p, "hostname=", 9)) {
			parse_copy_trimmed(c->hostname, sizeof(c->hostname), eq + 1, n - 9);
		} else if (!strncmp(p, "kernel=", 7)) {
			parse_copy_trimmed(c->kernel, sizeof(c->kernel), eq + 1, n - 7);
		} else if (!strncmp(p, "hz=", 3)) {
			char *end;
			long hz = strtol(eq + 1, &end, 10);

			c->hz = hz > 0 && hz <= NT_META_MAX_HZ && end != eq + 1 ? hz : 0;
		}
	}
}

static void read_meta(struct nt_capture *c, int dirfd)
{
	struct nt_buf b = { 0 };

	if (buf_read_at(&b, dirfd, "meta") > 0)
		capture_parse_meta(c, b.data);
	buf_free(&b);
}

int capture_open(struct nt_capture *c, const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	_cleanup_closedir_ DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
	size_t cap = 0;
	struct dirent *de;

	memset(c, 0, sizeof(*c));
	if (!d) {
		int r = -errno;

		if (fd >= 0)
			close(fd);
		return r;
	}
	snprintf(c->dir, sizeof(c->dir), "%s", dir);
	while ((de = readdir(d))) {
		struct stat st;

		if (!all_digits(de->d_name) || strlen(de->d_name) >= sizeof(c->snaps->name) ||
		    fstatat(fd, de->d_name, &st, 0) || !S_ISDIR(st.st_mode))
			continue;
		if (c->count == cap) {
			struct nt_capture_entry *p;

			cap = cap ? cap * 2 : 16;
			p = realloc(c->snaps, cap * sizeof(*p));
			if (!p) {
				capture_close(c);
				return -ENOMEM;
			}
			c->snaps = p;
		}
		c->snaps[c->count].number = strtoul(de->d_name, NULL, 10);
		snprintf(c->snaps[c->count].name, sizeof(c->snaps->name), "%s", de->d_name);
		c->count++;
	}
	if (!c->count) {
		capture_close(c);
		return -ENOENT;
	}
	qsort(c->snaps, c->count, sizeof(*c->snaps), cmp_entry);
	read_meta(c, fd);
	return 0;
}

void capture_close(struct nt_capture *c)
{
	free(c->snaps);
	c->snaps = NULL;
	c->count = 0;
}

int capture_path(const struct nt_capture *c, size_t i, char *out, size_t size)
{
	int n;

	if (i >= c->count)
		return -ERANGE;
	n = snprintf(out, size, "%s/%s", c->dir, c->snaps[i].name);
	return n < 0 || (size_t)n >= size ? -ENAMETOOLONG : 0;
}
