/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A capture: a directory of snapshots named by zero-padded numbers
 * (0000/, 0001/, ... more digits when needed) in time order, plus an
 * optional `meta` file of key=value lines (hostname, kernel, hz).
 */
#ifndef NT_CAPTURE_H
#define NT_CAPTURE_H

#include <limits.h>
#include <stddef.h>

struct nt_capture {
	char dir[PATH_MAX];
	size_t count;
	struct nt_capture_entry {
		unsigned long number;
		char name[24]; /* as spelled on disk: "0007", "10000" */
	} * snaps;             /* ascending by number */
	char hostname[128];
	char kernel[128];
	long hz; /* CONFIG_HZ, 0 unknown */
};

/* The `meta` file's text into @c's hostname, kernel and hz (0 unknown). */
void capture_parse_meta(struct nt_capture *c, const char *text);

/* -ENOENT when @dir holds no snapshot; -errno when unreadable. */
int capture_open(struct nt_capture *c, const char *dir);
void capture_close(struct nt_capture *c);
/* Path of snapshot @i (0-based position, not number). */
int capture_path(const struct nt_capture *c, size_t i, char *out, size_t size);

#endif
