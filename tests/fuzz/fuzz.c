// SPDX-License-Identifier: GPL-2.0-or-later
/* Helpers of the fuzz targets (fuzz.h): multi-file inputs and trees. */
#include "fuzz.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void fz_fail(const char *fmt, ...)
{
	va_list ap;

	fputs("fuzz check failed: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

char *fz_strndup(const void *data, size_t len)
{
	char *p = malloc(len + 1);

	if (!p)
		fz_fail("out of memory for %zu bytes", len + 1);
	if (len)
		memcpy(p, data, len);
	p[len] = '\0';
	return p;
}

/* A marker at @p (a line start): "--- NAME\n"; its end, NULL when none. */
static const uint8_t *marker(const uint8_t *p, const uint8_t *end, struct fz_part *part)
{
	const uint8_t *nl, *name = p + 4;
	size_t n;

	if (end - p < 4 || memcmp(p, "--- ", 4))
		return NULL;
	nl = memchr(name, '\n', (size_t)(end - name));
	if (!nl)
		nl = end;
	n = (size_t)(nl - name);
	if (n >= sizeof(part->name))
		n = sizeof(part->name) - 1;
	memcpy(part->name, name, n);
	part->name[n] = '\0';
	return nl < end ? nl + 1 : end;
}

size_t fz_split(const uint8_t *data, size_t size, struct fz_part *parts, size_t max)
{
	const uint8_t *p = data, *end = data + size, *body;
	struct fz_part cur = { .name = "" };
	size_t n = 0;

	body = marker(p, end, &cur);
	cur.data = (const char *)(body ? body : p);
	p = body ? body : p;
	while (p < end && n < max) {
		const uint8_t *nl = memchr(p, '\n', (size_t)(end - p));
		struct fz_part next;
		const uint8_t *b;

		if (!nl)
			break;
		b = marker(nl + 1, end, &next);
		if (!b) {
			p = nl + 1;
			continue;
		}
		cur.len = (size_t)(nl + 1 - (const uint8_t *)cur.data);
		parts[n++] = cur;
		cur = next;
		cur.data = (const char *)b;
		p = b;
	}
	if (n < max) {
		cur.len = (size_t)(end - (const uint8_t *)cur.data);
		parts[n++] = cur;
	}
	return n;
}

static int rm_one(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (type == FTW_DP)
		rmdir(path);
	else
		unlink(path);
	return 0;
}

void fz_tree_remove(const char *root)
{
	nftw(root, rm_one, 32, FTW_DEPTH | FTW_PHYS);
}

/* A relative path that stays below the root: no "", "." or ".." component. */
static bool safe_path(const char *name)
{
	const char *p = name;

	if (!*p || *p == '/')
		return false;
	while (*p) {
		size_t n = strcspn(p, "/");

		if (n == 0 && p[0] == '/' && p[1] == '\0')
			return true; /* the trailing '/' of a directory */
		if (n == 0 || (n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.'))
			return false;
		p += n;
		if (*p == '/')
			p++;
	}
	return true;
}

/* mkdir -p of @path's directories (and of @path itself when @whole). */
static void make_dirs(char *path, bool whole)
{
	for (char *s = strchr(path + 1, '/'); s; s = strchr(s + 1, '/')) {
		*s = '\0';
		mkdir(path, 0755);
		*s = '/';
	}
	if (whole)
		mkdir(path, 0755);
}

size_t fz_tree_write(const char *root, const struct fz_part *parts, size_t n)
{
	size_t written = 0;

	fz_tree_remove(root);
	if (mkdir(root, 0700) < 0 && errno != EEXIST)
		fz_fail("mkdir %s: %s", root, strerror(errno));
	for (size_t i = 0; i < n; i++) {
		const struct fz_part *p = &parts[i];
		size_t len = strlen(p->name);
		size_t rlen = strlen(root);
		char path[4096];
		int fd;

		if (!safe_path(p->name) || rlen + len + 2 > sizeof(path))
			continue;
		memcpy(path, root, rlen);
		path[rlen] = '/';
		memcpy(path + rlen + 1, p->name, len + 1);
		if (p->name[len - 1] == '/') {
			make_dirs(path, true);
			written++;
			continue;
		}
		make_dirs(path, false);
		fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
		if (fd < 0)
			continue; /* a file where a directory is, and such */
		if (write(fd, p->data, p->len) == (ssize_t)p->len)
			written++;
		close(fd);
	}
	return written;
}
