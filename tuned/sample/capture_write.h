/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef NT_CAPTURE_WRITE_H
#define NT_CAPTURE_WRITE_H

#include "sample/sampler.h"

/*
 * Writes one snapshot directory @name under @outfd in the capture format,
 * from the live root of @s and the snapshot @snap just taken from it:
 * /proc and sysfs files are copied (for sysfs and /proc/irq only the
 * network devices and their IRQs), ethtool data is written as the ethtool
 * program prints it. The directory is built as NAME.tmp and renamed, so a
 * capture never holds a half-written snapshot.
 */
int capture_write_snapshot(struct nt_sampler *s, const struct nt_snapshot *snap, int outfd,
			   const char *name, char *err, size_t errlen);

/* Writes the capture's `meta` file (hostname, kernel, hz when known). */
int capture_write_meta(int outfd, char *err, size_t errlen);

#endif
