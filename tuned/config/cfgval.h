/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Value syntax shared by rule and policy files. Each parser takes the whole
 * value as inih delivers it (blanks around it already stripped) and
 * returns 0 or -EINVAL; the caller words the error, since only it knows
 * which key the value belongs to.
 */
#ifndef NT_CONFIG_VALUE_H
#define NT_CONFIG_VALUE_H

#include <stdbool.h>
#include <stddef.h>

/* "300", "300s", "500ms", "5min", "1h", "1d" -> seconds. */
int cfgval_duration(const char *s, double *out);
/* yes/no, true/false, on/off, 1/0. */
int cfgval_bool(const char *s, bool *out);
/* A decimal number followed by an optional suffix ("20%", "5/s"). */
int cfgval_number(const char *s, double *out, const char **suffix);
/* A plain decimal integer. */
int cfgval_integer(const char *s, long long *out);
/* [a-z0-9-]+, shorter than @max: rule names. */
bool cfgval_is_name(const char *s, size_t max);
/*
 * A file path as `metrics =` and `--metrics` take it: absolute (the daemon
 * runs with / as its working directory), not a directory, shorter than
 * @max; "" is valid and means none.
 */
bool cfgval_file_path(const char *s, size_t max);
/* Copies @s; -E2BIG when it does not fit. */
int cfgval_text(char *dst, size_t size, const char *s);

#endif
