/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A writable copy of a fixture tree in a temporary directory, for tests
 * that damage or remove files: tt_copy() it, change files with
 * tt_write()/tt_remove(), sample tt_root, tt_clear() between cases.
 */
#ifndef NT_TEST_TMPTREE_H
#define NT_TEST_TMPTREE_H

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char tt_root[] = "/tmp/nettuned-tree.XXXXXX";
static char tt_src[4096];
static size_t tt_src_len;

static inline int tt_write_path(const char *path, const char *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	bool ok;

	if (fd < 0)
		return -1;
	ok = write(fd, data, len) == (ssize_t)len;
	close(fd);
	return ok ? 0 : -1;
}

/* The whole file, NUL-terminated, or NULL. */
static inline char *tt_read_path(const char *path, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	char *p;

	if (fd < 0 || fstat(fd, &st) < 0) {
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	p = malloc((size_t)st.st_size + 1);
	if (p && read(fd, p, (size_t)st.st_size) != st.st_size) {
		free(p);
		p = NULL;
	}
	close(fd);
	if (p) {
		p[st.st_size] = '\0';
		*len = (size_t)st.st_size;
	}
	return p;
}

static inline int tt_copy_one(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	char dst[4096];
	size_t len;
	char *data;
	int r;

	(void)st;
	(void)ftw;
	snprintf(dst, sizeof(dst), "%s%s", tt_root, path + tt_src_len);
	if (type == FTW_D)
		return mkdir(dst, 0755) < 0 && errno != EEXIST ? -1 : 0;
	if (type != FTW_F)
		return 0;
	data = tt_read_path(path, &len);
	if (!data)
		return -1;
	r = tt_write_path(dst, data, len);
	free(data);
	return r;
}

static inline int tt_rm_one(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	return type == FTW_DP ? rmdir(path) : unlink(path);
}

/* Creates tt_root; 0 or -1. */
static inline int tt_init(void)
{
	return mkdtemp(tt_root) ? 0 : -1;
}

/* Empties tt_root (it stays). */
static inline int tt_clear(void)
{
	nftw(tt_root, tt_rm_one, 16, FTW_DEPTH | FTW_PHYS);
	return mkdir(tt_root, 0700);
}

/* Removes tt_root and everything in it. */
static inline void tt_cleanup(void)
{
	nftw(tt_root, tt_rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* Copies $NT_FIXTURES/@rel into tt_root; 0 or -1. */
static inline int tt_copy(const char *rel)
{
	const char *base = getenv("NT_FIXTURES");

	if (!base)
		return -1;
	snprintf(tt_src, sizeof(tt_src), "%s/%s", base, rel);
	tt_src_len = strlen(tt_src);
	return nftw(tt_src, tt_copy_one, 16, FTW_PHYS);
}

static inline int tt_write(const char *rel, const char *data)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/%s", tt_root, rel);
	return tt_write_path(path, data, strlen(data));
}

static inline int tt_remove(const char *rel)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/%s", tt_root, rel);
	return unlink(path);
}

#endif
