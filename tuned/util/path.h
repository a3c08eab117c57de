/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef NT_PATH_H
#define NT_PATH_H

#include <stddef.h>

/* snprintf for paths: 0, or -ENAMETOOLONG instead of a silently cut path. */
int path_printf(char *out, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
